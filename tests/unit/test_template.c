/*
 * Unit tests for template: paths (row first, then the organisation; the
 * to_chuc., bao_cao. and thoi_gian. prefixes; "#"), the vi-VN formats, NFC,
 * conditions, and the errors: a missing field, a wrong format, a character
 * the font lacks (named with its code, the organisation and the field).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "template.h"

static struct json *org, *report, *period, *row;
static struct ttf *font;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = {0};
	font = ttf_load("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", &err);
	strbuf_free(&err);
	org = json_new_object();
	json_add(org, "ma_to_chuc", json_new_string("DUK"));
	json_add(org, "ten_to_chuc", json_new_string("Đảng ủy Khối"));
	struct json *all = json_add(org, "toan_bo", json_new_object());
	json_add(all, "so_nguoi", json_new_int(3481));
	json_add(all, "ty_le_cam_ket", json_new_fixed(98.5, 2));
	json_add(all, "ty_le_trong", json_new_null());
	json_add(all, "thay_doi", json_new_int(-3));
	json_add(all, "bang_khong", json_new_int(0));
	json_add(org, "truc_thuoc", json_new_array());
	json_add(org, "ten_nfd", json_new_string("Vie\xcc\x82\xcc\xa3t")); /* V i e + circumflex + dot below, t */
	json_add(org, "ten_cjk", json_new_string("Chi bộ 中文"));
	report = json_new_object();
	json_add(report, "ngay_van_ban", json_new_string("2023-01-09"));
	json_add(report, "co_quan", json_new_string("Đảng ủy Khối"));
	period = json_new_object();
	json_add(period, "nam", json_new_int(2022));
	row = json_new_object();
	json_add(row, "ten_to_chuc", json_new_string("Chi bộ Tỉnh Đoàn"));
	return font ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_free(org);
	json_free(report);
	json_free(period);
	json_free(row);
	ttf_free(font);
	return 0;
}

/* Expands text against the organisation (and row when given); returns the result or the error. */
static char *expand(const char *text, const struct json *with_row, int *status)
{
	struct template_context c = {"DUK", org, report, period, with_row, 7, NULL};
	struct strbuf out = {0}, err = {0};
	*status = template_expand(text, &c, font, "khối 1", &out, &err);
	char *s = xstrdup(*status == 0 ? (out.data ? out.data : "") : err.data);
	strbuf_free(&out);
	strbuf_free(&err);
	return s;
}

static void formats(void **state)
{
	(void)state;
	const struct { const char *in, *out; } cases[] = {
		{"{toan_bo.so_nguoi|so}/{toan_bo.so_nguoi|so}", "3.481/3.481"},
		{"đạt {toan_bo.ty_le_cam_ket|phan_tram}", "đạt 98,5%"},
		{"{toan_bo.ty_le_cam_ket}", "98,50"},
		{"năm {thoi_gian.nam}", "năm 2022"},
		{"{toan_bo.thay_doi|dau} {toan_bo.bang_khong|dau}", "-3 0"},
		{"{toan_bo.thay_doi|tang_giam:mô hình}", "giảm 3 mô hình"},
		{"{toan_bo.bang_khong|tang_giam:mô hình}", "không thay đổi"},
		{"{bao_cao.ngay_van_ban|ngay_dai}", "ngày 09 tháng 01 năm 2023"},
		{"{bao_cao.ngay_van_ban|ngay}", "9/1/2023"},
		{"{bao_cao.co_quan|hoa}", "ĐẢNG ỦY KHỐI"},
		{"{toan_bo.ty_le_trong|phan_tram}", "–"},
		{"{ten_nfd}", "Việt"},
		{"không có chỗ giữ", "không có chỗ giữ"},
		{"{toan_bo.khong_co?|so} mô hình", "0 mô hình"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int status;
		char *s = expand(cases[i].in, NULL, &status);
		assert_int_equal(status, 0);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

/*
 * Whole-number formats of numbers no double holds exactly (found while writing
 * the fuzz harnesses): llround gave LLONG_MIN for 1e300, printed as a negative
 * count, and tang_giam then negated it (undefined behaviour). They are refused.
 */
static void huge_numbers(void **state)
{
	(void)state;
	static const struct { double x; const char *fmt, *out; } cases[] = {
		{1e300, "so", NULL}, {-1e300, "dau", NULL}, {-1e19, "tang_giam", NULL},
		{9007199254740994.0, "so", NULL},
		{9007199254740992.0, "so", "9.007.199.254.740.992"},
		{-9007199254740992.0, "tang_giam", "giảm 9.007.199.254.740.992"},
		{1e300, "phan_tram", NULL}, /* a rate: not a whole number, still written */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct json *v = json_new_fixed(cases[i].x, 0);
		struct template_spec sp = {0};
		struct strbuf out = {0};
		strcpy(sp.format, cases[i].fmt);
		int r = template_format(v, &sp, &out);
		if (strcmp(cases[i].fmt, "phan_tram") == 0) {
			assert_int_equal(r, 0);
		} else if (cases[i].out) {
			assert_int_equal(r, 0);
			assert_string_equal(out.data, cases[i].out);
		} else {
			assert_int_equal(r, -1);
		}
		strbuf_free(&out);
		json_free(v);
	}
}

/* In a table's total row, "tong.PATH" sums PATH over the rows; elsewhere it is an ordinary path. */
static void sums_over_rows(void **state)
{
	(void)state;
	struct json *rows = json_new_array();
	long long counts[3] = {1200, 2281, 0};
	for (int i = 0; i < 3; i++) {
		struct json *r = json_append(rows, json_new_object());
		struct json *t = json_add(r, "toan_bo", json_new_object());
		json_add(t, "so_nguoi", json_new_int(counts[i]));
	}
	struct template_context c = {"DUK", org, report, period, NULL, 0, rows};
	struct strbuf out = {0}, err = {0};
	assert_int_equal(template_expand("{tong.toan_bo.so_nguoi|so}/{toan_bo.so_nguoi|so}", &c, font, "k",
					 &out, &err), 0);
	assert_string_equal(out.data, "3.481/3.481");
	c.rows = NULL; /* outside a total row: no such field */
	strbuf_reset(&out);
	assert_int_equal(template_expand("{tong.toan_bo.so_nguoi|so}", &c, font, "k", &out, &err), -1);
	assert_non_null(strstr(err.data, "tong.toan_bo.so_nguoi"));
	strbuf_free(&out);
	strbuf_free(&err);
	json_free(rows);
}

static void paths_row_first(void **state)
{
	(void)state;
	int status;
	char *s = expand("{#}. {ten_to_chuc} thuộc {to_chuc.ten_to_chuc}", row, &status);
	assert_int_equal(status, 0);
	assert_string_equal(s, "7. Chi bộ Tỉnh Đoàn thuộc Đảng ủy Khối");
	free(s);
	struct template_context c = {"DUK", org, report, period, NULL, 0, NULL};
	assert_true(template_holds(&c, "toan_bo.so_nguoi"));
	assert_false(template_holds(&c, "toan_bo.bang_khong"));
	assert_false(template_holds(&c, "toan_bo.ty_le_trong"));
	assert_false(template_holds(&c, "truc_thuoc"));
	assert_false(template_holds(&c, "khong_co"));
	assert_true(template_holds(&c, "bao_cao.co_quan"));
}

static void errors_name_what_and_where(void **state)
{
	(void)state;
	int status;
	char *s = expand("{toan_bo.khong_co|so}", NULL, &status);
	assert_int_equal(status, -1);
	assert_non_null(strstr(s, "{toan_bo.khong_co}"));
	assert_non_null(strstr(s, "DUK"));
	free(s);
	s = expand("{ten_to_chuc|so}", NULL, &status);
	assert_int_equal(status, -1);
	assert_non_null(strstr(s, "định dạng"));
	free(s);
	s = expand("{ten_cjk}", NULL, &status);
	assert_int_equal(status, -1);
	assert_non_null(strstr(s, "U+4E2D"));
	assert_non_null(strstr(s, "ten_cjk"));
	assert_non_null(strstr(s, "DUK"));
	free(s);
	s = expand("chữ 😀 trong mẫu", NULL, &status);
	assert_int_equal(status, -1);
	assert_non_null(strstr(s, "U+1F600"));
	assert_non_null(strstr(s, "khối 1"));
	free(s);
	s = expand("dấu { không đóng", NULL, &status);
	assert_int_equal(status, -1);
	free(s);
	s = expand("sai \xff UTF-8", NULL, &status);
	assert_int_equal(status, -1);
	assert_non_null(strstr(s, "UTF-8"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats),
		cmocka_unit_test(huge_numbers),
		cmocka_unit_test(paths_row_first),
		cmocka_unit_test(sums_over_rows),
		cmocka_unit_test(errors_name_what_and_where),
	};
	return cmocka_run_group_tests_name("template", tests, setup, teardown);
}
