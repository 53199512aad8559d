/* Unit tests for xlsx's pure helpers: widths, sheet names, dates of periods, parts cut short. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "xlsx.h"

static size_t width(const char *s)
{
	return xlsx_text_width(s, strlen(s));
}

/* Characters, not bytes: Vietnamese letters count one, precomposed or not. */
static void text_width_counts_characters(void **state)
{
	(void)state;
	assert_int_equal(width(""), 0);
	assert_int_equal(width("TC0001"), 6);
	assert_int_equal(width("Tổng cộng"), 9);
	assert_int_equal(width("Đảng ủy Khối"), 12);
	/* "ộ" as o + U+0323 + U+0302 (NFD): one character */
	assert_int_equal(width("c\x6F\xCC\xA3\xCC\x82ng"), 4);
	assert_int_equal(width("±"), 1);
	assert_int_equal(width("“CSV UTF-8”"), 11);
	/* U+0370 (Greek, not combining) counts */
	assert_int_equal(width("\xCD\xB0"), 1);
}

/* Content, the header's longest word, at most 10 of its characters, plus 2; at most 60. */
static void column_width_fits_content_and_header(void **state)
{
	(void)state;
	assert_true(xlsx_column_width(3, "STT") == 5);
	assert_true(xlsx_column_width(6, "Mã TCCSĐ") == 10);
	/* a long header wraps: 10 of its characters */
	assert_true(xlsx_column_width(5, "± mô hình hiệu quả so với năm trước") == 12);
	/* but never cuts a word */
	assert_true(xlsx_column_width(2, "ma_to_chuc_cap_tren") == 21);
	assert_true(xlsx_column_width(44, "Tên TCCSĐ") == 46);
	assert_true(xlsx_column_width(250, "Lỗi") == 60);
	assert_true(xlsx_column_width(0, "") == 2);
}

static void sheet_names(void **state)
{
	(void)state;
	assert_true(xlsx_sheet_name_ok("Bảng số liệu"));
	assert_true(xlsx_sheet_name_ok("Bản ghi bị từ chối"));
	/* 31 characters (more bytes) is the limit */
	assert_true(xlsx_sheet_name_ok("Đảng ủy Khối các cơ quan tỉnh K"));
	assert_false(xlsx_sheet_name_ok("Đảng ủy Khối các cơ quan tỉnh Ko"));
	const char *bad[] = {"", "a/b", "a\\b", "a:b", "a*b", "a?b", "[a]", "'a", "a'"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(xlsx_sheet_name_ok(bad[i]));
}

/* The last day of the period at midnight UTC; 1980-01-01 for anything else. */
static void period_times(void **state)
{
	(void)state;
	assert_int_equal(xlsx_period_time("2022"), 1672444800);    /* 2022-12-31 */
	assert_int_equal(xlsx_period_time("2023-05"), 1685491200); /* 2023-05-31 */
	assert_int_equal(xlsx_period_time("2024-02"), 1709164800); /* 2024-02-29 */
	assert_int_equal(xlsx_period_time("2023-02"), 1677542400); /* 2023-02-28 */
	const char *other[] = {"", "22", "2022-13", "2022-00", "2022-5", "2022-05x", " 2022",
			       "+202", "1929", "2022/05", "abcd"};
	for (size_t i = 0; i < sizeof other / sizeof *other; i++)
		assert_int_equal(xlsx_period_time(other[i]), 315532800); /* 1980-01-01 */
}

static int complete(const char *s)
{
	return xlsx_xml_part_complete(s, strlen(s));
}

/* A part ends with its root's end tag; one cut short anywhere does not. */
static void xml_parts_cut_short(void **state)
{
	(void)state;
	const char *sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			    "<worksheet xmlns=\"x\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
			    "</sheetData></worksheet>\n";
	assert_true(complete(sheet));
	for (size_t n = 0; n < strlen(sheet) - 1; n++)
		assert_false(xlsx_xml_part_complete(sheet, n));
	assert_true(complete("<Types xmlns=\"t\"><Default/></Types>"));
	assert_true(complete("<?xml version=\"1.0\"?><cp:coreProperties a=\"1\"></cp:coreProperties>\r\n"));
	assert_true(complete("<Types/>"));
	assert_false(complete("<Types><Default/>"));
	assert_false(complete("<Types></Type>"));
	assert_false(complete("<worksheet></sheet>"));
	assert_false(complete("<?xml version=\"1.0\""));
	assert_false(complete(""));
	assert_false(complete("plain text"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_width_counts_characters),
		cmocka_unit_test(column_width_fits_content_and_header),
		cmocka_unit_test(sheet_names),
		cmocka_unit_test(period_times),
		cmocka_unit_test(xml_parts_cut_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
