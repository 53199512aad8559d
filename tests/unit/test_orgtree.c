/* Unit tests for orgtree: loading, lookups, order for roll-ups, dates, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "orgtree.h"

static const char header[] =
	"ma_to_chuc,ten_to_chuc,loai,ma_cap_tren,loai_hinh,ten_viet_tat,ngay_thanh_lap,ngay_giai_the\n";

static struct orgtree *load_text(const char *rows, struct strbuf *err)
{
	char path[] = "/tmp/test_orgtree_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, header, strlen(header)), (ssize_t)strlen(header));
	assert_int_equal(write(fd, rows, strlen(rows)), (ssize_t)strlen(rows));
	close(fd);
	struct orgtree *t = orgtree_load(path, err);
	unlink(path);
	return t;
}

static size_t at(const struct orgtree *t, const char *code)
{
	long i = orgtree_find(t, code, strlen(code));
	assert_true(i >= 0);
	return (size_t)i;
}

static void a_bloc(void **state)
{
	(void)state;
	struct strbuf err = {0};
	/* out of order on purpose: parents after children */
	struct orgtree *t = load_text(
		"TC02-CB02,Chi bộ B,CBTT,TC02,khac,,2001-03-15,2022-07-01\n"
		"TC02,Đảng bộ Sở Y tế,DBCS,DUK,khac,,2001-03-15,\n"
		"TC01,Chi bộ Sở Tư pháp,CBCS,DUK,khac,STP,1995-04-01,\n"
		"DUK,Đảng ủy Khối,DUK,,khac,ĐUK,1990-06-15,\n"
		"TC02-CB01,Chi bộ A,CBTT,TC02,khac,,2001-03-15,\n", &err);
	assert_non_null(t);
	assert_int_equal(t->n, 5);
	assert_string_equal(t->orgs[0].code, "DUK"); /* sorted by code */
	assert_int_equal(t->root, at(t, "DUK"));
	const struct org *bo = &t->orgs[at(t, "TC02")];
	assert_string_equal(bo->name, "Đảng bộ Sở Y tế");
	assert_int_equal(bo->depth, 1);
	assert_int_equal(bo->nchildren, 2);
	assert_string_equal(t->orgs[bo->children[0]].code, "TC02-CB01");
	assert_string_equal(t->orgs[bo->children[1]].code, "TC02-CB02");
	assert_int_equal(t->orgs[at(t, "TC02-CB01")].depth, 2);
	assert_int_equal(t->orgs[at(t, "TC02-CB01")].parent, (long)at(t, "TC02"));
	assert_string_equal(t->orgs[at(t, "TC01")].short_name, "STP");
	assert_int_equal(orgtree_find(t, "TC0", 3), -1);
	assert_int_equal(orgtree_find(t, "TC02-CB01x", 10), -1);
	assert_int_equal(orgtree_find(t, "TC02-CB01x", 9), (long)at(t, "TC02-CB01"));

	/* children before parents, every organisation once */
	int seen[5] = {0};
	for (size_t k = 0; k < t->n; k++) {
		size_t i = t->bottom_up[k];
		seen[i]++;
		for (size_t c = 0; c < t->orgs[i].nchildren; c++)
			assert_int_equal(seen[t->orgs[i].children[c]], 1);
	}
	for (size_t i = 0; i < t->n; i++)
		assert_int_equal(seen[i], 1);

	assert_true(orgtree_within(t, at(t, "TC02-CB02"), at(t, "DUK")));
	assert_true(orgtree_within(t, at(t, "TC02"), at(t, "TC02")));
	assert_false(orgtree_within(t, at(t, "TC01"), at(t, "TC02")));

	const struct org *gone = &t->orgs[at(t, "TC02-CB02")];
	fmt_days d;
	fmt_parse_date("2022-06-30", 10, 0, &d);
	assert_true(orgtree_active_during(gone, d, d));
	fmt_parse_date("2022-07-01", 10, 0, &d);
	assert_false(orgtree_active_during(gone, d, d));
	fmt_parse_date("1995-03-31", 10, 0, &d);
	assert_false(orgtree_active_during(&t->orgs[at(t, "TC01")], d, d));
	orgtree_free(t);
	strbuf_free(&err);
}

static void not_a_tree(void **state)
{
	(void)state;
	const char *bad[] = {
		"DUK,Khối,DUK,,khac,,1990-06-15,\nTC01,A,CBCS,TC09,khac,,1995-04-01,\n",
		"DUK,Khối,DUK,,khac,,1990-06-15,\nDUK2,Khối 2,DUK,,khac,,1990-06-15,\n",
		"DUK,Khối,DUK,,khac,,1990-06-15,\nA,A,CBCS,B,khac,,1995-04-01,\nB,B,CBCS,A,khac,,1995-04-01,\n",
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct strbuf err = {0};
		assert_null(load_text(bad[i], &err));
		assert_true(err.len > 0);
		strbuf_free(&err);
	}
	struct strbuf err = {0};
	assert_null(orgtree_load("/nonexistent/to_chuc.csv", &err));
	assert_non_null(strstr(err.data, "/nonexistent/to_chuc.csv"));
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_bloc),
		cmocka_unit_test(not_a_tree),
	};
	return cmocka_run_group_tests_name("orgtree", tests, NULL, NULL);
}
