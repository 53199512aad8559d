/*
 * Unit tests for jsonfile: the streaming writer gives json_text's bytes; a
 * file that is not JSON (an empty one, a cut one) is refused with its place.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <unistd.h>

#include "jsonfile.h"

/* Checks that w's text (plus the final newline) equals the tree's. */
static void assert_same(struct jsonw *w, struct json *tree)
{
	size_t len;
	char *text = json_text(tree, &len);
	strbuf_addc(&w->out, '\n');
	assert_int_equal(w->out.len, len);
	assert_memory_equal(w->out.data, text, len);
	free(text);
	json_free(tree);
	strbuf_free(&w->out);
}

static void nested_containers_and_scalars(void **state)
{
	(void)state;
	struct jsonw w = {0};
	struct json *t = json_new_object(), *a, *o;

	jsonw_object(&w, NULL);
	jsonw_string(&w, "ten", "Đảng bộ \"Một\"\\\t\n\x01");
	json_add(t, "ten", json_new_string("Đảng bộ \"Một\"\\\t\n\x01"));
	jsonw_int(&w, "am", -1234567890123LL);
	json_add(t, "am", json_new_int(-1234567890123LL));
	jsonw_int(&w, "khong", 0);
	json_add(t, "khong", json_new_int(0));
	jsonw_fixed(&w, "ty_le", 66.666666, 2);
	json_add(t, "ty_le", json_new_fixed(66.666666, 2));
	jsonw_fixed(&w, "am_khong", -0.001, 2); /* never "-0.00" */
	json_add(t, "am_khong", json_new_fixed(-0.001, 2));
	jsonw_fixed(&w, "khong_co", NAN, 2);
	json_add(t, "khong_co", json_new_null());
	jsonw_object(&w, "rong");
	jsonw_end(&w);
	json_add(t, "rong", json_new_object());
	jsonw_array(&w, "mang_rong");
	jsonw_end(&w);
	json_add(t, "mang_rong", json_new_array());
	/* objects inside an array inside an object */
	jsonw_array(&w, "con");
	a = json_add(t, "con", json_new_array());
	for (int i = 0; i < 3; i++) {
		jsonw_object(&w, NULL);
		o = json_append(a, json_new_object());
		jsonw_int(&w, "so", i);
		json_add(o, "so", json_new_int(i));
		jsonw_object(&w, "trong");
		json_add(o, "trong", json_new_object());
		jsonw_end(&w);
		jsonw_end(&w);
	}
	jsonw_end(&w);
	jsonw_array(&w, "chu");
	a = json_add(t, "chu", json_new_array());
	jsonw_string(&w, NULL, "a");
	json_append(a, json_new_string("a"));
	jsonw_string(&w, NULL, "");
	json_append(a, json_new_string(""));
	jsonw_end(&w);
	jsonw_end(&w);
	assert_int_equal(w.depth, 0);
	assert_same(&w, t);
}

static void empty_object_at_the_top(void **state)
{
	(void)state;
	struct jsonw w = {0};
	jsonw_object(&w, NULL);
	jsonw_end(&w);
	assert_same(&w, json_new_object());
}

/* An empty file (or one of spaces, or a BOM alone) is said to be empty; a device is refused. */
static void empty_and_special_files_refused(void **state)
{
	(void)state;
	static const char *const bodies[] = {"", "  \n", "\xEF\xBB\xBF"};
	for (size_t i = 0; i < 3; i++) {
		char path[] = "/tmp/test_jsonfile_XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, bodies[i], strlen(bodies[i])), (ssize_t)strlen(bodies[i]));
		close(fd);
		struct strbuf err = {0};
		assert_null(json_load(path, &err));
		assert_non_null(strstr(err.data, "tệp trống"));
		strbuf_free(&err);
		unlink(path);
	}
	struct strbuf err = {0};
	assert_null(json_load("/dev/zero", &err));
	assert_non_null(strstr(err.data, "không phải tệp thường"));
	strbuf_free(&err);
}

/* Loads text written to a temporary file; the error text, if any, into err. */
static struct json *load_text(const char *text, size_t len, struct strbuf *err)
{
	char path[] = "/tmp/test_jsonfile_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	struct json *j = json_load(path, err);
	unlink(path);
	return j;
}

/* The files every fuzz harness starts from (tests/fuzz/corpus/NAME/empty): once read past their end. */
static void empty_and_cut_files(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *where;
	} cases[] = {
		{"", ": tệp trống"},
		{"\xEF\xBB\xBF", ": tệp trống"},
		{"{", ":1:2: JSON không hợp lệ"},
		{"{\n\t\"a\": [1,", ":2:10: JSON không hợp lệ"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct strbuf err = {0};
		assert_null(load_text(cases[i].text, strlen(cases[i].text), &err));
		assert_non_null(strstr(err.data, cases[i].where));
		strbuf_free(&err);
	}
	struct strbuf err = {0};
	struct json *j = load_text("\xEF\xBB\xBF{}", 5, &err);
	assert_non_null(j);
	assert_int_equal(json_size(j), 0);
	json_free(j);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_containers_and_scalars),
		cmocka_unit_test(empty_object_at_the_top),
		cmocka_unit_test(empty_and_special_files_refused),
		cmocka_unit_test(empty_and_cut_files),
	};
	return cmocka_run_group_tests_name("jsonfile", tests, NULL, NULL);
}
