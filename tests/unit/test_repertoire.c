/* Unit tests for repertoire: what validate lets through is what the cut fonts hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "repertoire.h"
#include "util.h"

/* The Makefile's FONT_UNICODES (the ranges pyftsubset cuts the fonts to) equals the table. */
static void same_ranges_as_the_cut_fonts(void **state)
{
	(void)state;
	struct strbuf mk = {0};
	assert_int_equal(strbuf_read_file(&mk, "Makefile"), 0);
	char *p = strstr(mk.data, "FONT_UNICODES :=");
	assert_non_null(p);
	size_t k = 0;
	for (p += strlen("FONT_UNICODES :="); *p && k <= repertoire_count;) {
		unsigned first, last;
		int used;
		while (*p == ' ' || *p == ',' || *p == '$' || *p == '\\' || *p == '\n')
			p++;
		if (sscanf(p, "U+%x%n", &first, &used) != 1)
			break;
		p += used;
		last = first;
		if (*p == '-' && sscanf(p, "-%x%n", &last, &used) == 1)
			p += used;
		assert_true(k < repertoire_count);
		assert_int_equal(first, repertoire_ranges[k].first);
		assert_int_equal(last, repertoire_ranges[k].last);
		k++;
	}
	assert_int_equal(k, repertoire_count);
	strbuf_free(&mk);
}

static void vietnamese_is_in_and_the_rest_is_out(void **state)
{
	(void)state;
	const char *ok = "Đảng ủy Khối các cơ quan – “Ươm mầm” № 5, 12,5 ₫…";
	assert_int_equal(repertoire_find_outside(ok, strlen(ok)), strlen(ok));
	assert_int_equal(repertoire_find_outside("ab😀c", 7), 2);               /* emoji */
	assert_int_equal(repertoire_find_outside("ab\tc\r\nd", 7), 7);         /* drawn as spaces */
	assert_int_equal(repertoire_find_outside("ab\x01" "c", 4), 2);          /* a control */
	assert_int_equal(repertoire_find_outside("ab\x7F", 3), 2);              /* DEL */
	assert_int_equal(repertoire_find_outside("a\xE2\x80\x8B" "b", 5), 1);   /* U+200B */
	assert_int_equal(repertoire_find_outside("a\xE2\x80\xAE" "b", 5), 1);   /* U+202E, bidi */
	assert_int_equal(repertoire_find_outside("a\xEF\xBB\xBF", 4), 1);       /* U+FEFF */
	assert_int_equal(repertoire_find_outside("\xE4\xB8\xAD", 3), 0);         /* 中 */
	assert_int_equal(repertoire_find_outside("ab\xE1\xBA", 4), 2);          /* cut by the end (fuzz_schema) */
	assert_true(repertoire_has(0x1EF9));
	assert_false(repertoire_has(0x1EFA));
	assert_false(repertoire_has(0x7F));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_ranges_as_the_cut_fonts),
		cmocka_unit_test(vietnamese_is_in_and_the_rest_is_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
