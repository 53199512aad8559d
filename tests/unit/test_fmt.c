/* Unit tests for fmt: dates and vi-VN numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"

static fmt_days parse(const char *s, int dmy, int *ok)
{
	fmt_days d = 0;
	*ok = fmt_parse_date(s, strlen(s), dmy, &d) == 0;
	return d;
}

static void dates_both_forms(void **state)
{
	(void)state;
	int ok;
	fmt_days a = parse("31/12/2022", 1, &ok);
	assert_true(ok);
	assert_int_equal(a, parse("2022-12-31", 1, &ok));
	assert_int_equal(parse("1/2/2022", 1, &ok), parse("2022-02-01", 0, &ok));
	assert_true(ok);
	assert_int_equal(parse("1970-01-01", 0, &ok), 0);
	struct strbuf b = {0};
	fmt_date_iso(a, &b);
	assert_string_equal(b.data, "2022-12-31");
	strbuf_free(&b);
}

static void dates_rejected(void **state)
{
	(void)state;
	int ok;
	const char *bad[] = {"31/02/2022", "29/02/2023", "2022-13-01", "00/01/2022",
			     "2022/12/31", "31-12-2022", "31/12/22", "", "31/12/2022 ",
			     "2022-1-5", "3a/12/2022", "31/1a/2022", "31/12/20a2", "31/12/202:",
			     ":1/12/2022", "/1/12/2022", "2022-1a-01", "2022-01-0a", "20 2-01-01",
			     "31/12/0999", "00/12/2022", "31/00/2022", "2022-00-10"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		parse(bad[i], 1, &ok);
		assert_false(ok);
	}
	parse("29/02/2024", 1, &ok);
	assert_true(ok);
	parse("31/12/2022", 0, &ok); /* ISO only */
	assert_false(ok);
}

/* A date that is not written as one and a day the calendar lacks are told apart. */
static void date_errors_told_apart(void **state)
{
	(void)state;
	fmt_days d;
	const char *no_such_day[] = {"31/02/2022", "29/02/2023", "2022-13-01", "00/01/2022",
				     "31/00/2022", "2022-00-10", "2022-02-30", "31/4/2022",
				     "32/01/2022", "0/1/2022", "31/06/2022", "2023-02-29"};
	for (size_t i = 0; i < sizeof no_such_day / sizeof *no_such_day; i++)
		if (fmt_parse_date(no_such_day[i], strlen(no_such_day[i]), 1, &d) != FMT_DATE_NO_SUCH_DAY)
			fail_msg("%s: not FMT_DATE_NO_SUCH_DAY", no_such_day[i]);
	const char *bad_form[] = {"1.1.2010", "2022/12/31", "31-12-2022", "31/12/22", "",
				  "31/12/2022 ", "2022-1-5", "3a/12/2022", "31/12/0999", "ngày 1",
				  "31//2022", "/1/2022", "31/1/", "2022-02-3x"};
	for (size_t i = 0; i < sizeof bad_form / sizeof *bad_form; i++)
		if (fmt_parse_date(bad_form[i], strlen(bad_form[i]), 1, &d) != FMT_DATE_BAD_FORM)
			fail_msg("%s: not FMT_DATE_BAD_FORM", bad_form[i]);
	/* dd/mm/yyyy is a form only where the field accepts it */
	assert_int_equal(fmt_parse_date("31/02/2022", 10, 0, &d), FMT_DATE_BAD_FORM);

	/* the parts of a day that does not exist, for the message */
	long y, m, dd;
	assert_int_equal(fmt_date_parts("31/02/2022", 10, 1, &y, &m, &dd), 0);
	assert_int_equal(y, 2022);
	assert_int_equal(m, 2);
	assert_int_equal(dd, 31);
	assert_int_equal(fmt_date_parts("2021-13-05", 10, 1, &y, &m, &dd), 0);
	assert_int_equal(m, 13);
	assert_int_equal(dd, 5);
	assert_int_equal(fmt_date_parts("5/6/1995", 8, 1, &y, &m, &dd), 0);
	assert_int_equal(y * 10000 + m * 100 + dd, 19950605);
	assert_int_equal(fmt_date_parts("1.1.2010", 8, 1, &y, &m, &dd), FMT_DATE_BAD_FORM);
	assert_int_equal(fmt_days_in_month(2022, 2), 28);
	assert_int_equal(fmt_days_in_month(2024, 2), 29);
	assert_int_equal(fmt_days_in_month(1900, 2), 28);
	assert_int_equal(fmt_days_in_month(2000, 2), 29);
	assert_int_equal(fmt_days_in_month(2022, 4), 30);
}

static void civil_round_trip(void **state)
{
	(void)state;
	for (fmt_days d = -800000; d < 800000; d += 97) {
		long y;
		unsigned m, dd;
		fmt_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(fmt_days_from_civil(y, m, dd), d);
	}
}

static int number(const char *s, char dec, char grp, int integer, const char *want)
{
	struct strbuf b = {0};
	double v;
	int r = fmt_parse_number(s, strlen(s), dec, grp, integer, &b, &v);
	if (r == 0 && want)
		assert_string_equal(b.data, want);
	strbuf_free(&b);
	return r;
}

static void numbers_vi_vn(void **state)
{
	(void)state;
	assert_int_equal(number("3.481", ',', '.', 1, "3481"), 0);
	assert_int_equal(number("1.234.567", ',', '.', 1, "1234567"), 0);
	assert_int_equal(number("99,8", ',', '.', 0, "99.8"), 0);
	assert_int_equal(number("1.234,5", ',', '.', 0, "1234.5"), 0);
	assert_int_equal(number("-12", '.', 0, 1, "-12"), 0);
	assert_int_equal(number("3.48", ',', '.', 1, NULL), -1);   /* bad group */
	assert_int_equal(number("3481.", ',', '.', 1, NULL), -1);
	assert_int_equal(number("12.5", '.', 0, 1, NULL), -1);     /* not an integer */
	assert_int_equal(number("1e5", '.', 0, 0, NULL), -1);
	assert_int_equal(number("", '.', 0, 0, NULL), -1);
	assert_int_equal(number("12a", '.', 0, 0, NULL), -1);
	/* the plain form: leading zeros and the sign of a zero dropped */
	assert_int_equal(number("07", ',', '.', 1, "7"), 0);
	assert_int_equal(number("000", ',', '.', 1, "0"), 0);
	assert_int_equal(number("-0", ',', '.', 1, "0"), 0);
	assert_int_equal(number("+007", ',', '.', 1, "7"), 0);
	assert_int_equal(number("-007", ',', '.', 1, "-7"), 0);
	assert_int_equal(number("0,50", ',', '.', 0, "0.50"), 0);
	assert_int_equal(number("-00,0", ',', '.', 0, "0.0"), 0);
	assert_int_equal(number("007.000", ',', '.', 1, "7000"), 0);
}

static void months_later(void **state)
{
	(void)state;
	assert_true(fmt_months_apart_iso("2020-03-10", "2021-03-10", 12));
	assert_false(fmt_months_apart_iso("2020-03-10", "2021-03-09", 12));
	assert_true(fmt_months_apart_iso("2020-01-31", "2021-01-31", 12));
	assert_false(fmt_months_apart_iso("2020-01-31", "2021-01-30", 12));
	assert_true(fmt_months_apart_iso("2020-01-31", "2020-02-29", 1)); /* the month's last day */
	assert_false(fmt_months_apart_iso("2020-01-31", "2020-02-28", 1));
	assert_true(fmt_months_apart_iso("2021-01-31", "2021-02-28", 1));
	assert_true(fmt_months_apart_iso("2019-02-28", "2020-02-28", 12));
	assert_true(fmt_months_apart_iso("2019-12-15", "2022-01-15", 25));
	assert_false(fmt_months_apart_iso("2019-12-15", "2022-01-14", 25));
	assert_true(fmt_months_apart_iso("2019-03-01", "2025-01-01", 12));
	assert_false(fmt_months_apart_iso("2019-03-01", "2019-12-31", 12));
	assert_true(fmt_months_apart_iso("2019-05-31", "2019-05-31", 0));
}

static void vi_integer_groups(void **state)
{
	(void)state;
	struct strbuf b = {0};
	fmt_vi_integer(3481, &b);
	assert_string_equal(b.data, "3.481");
	strbuf_reset(&b);
	fmt_vi_integer(5600000, &b);
	assert_string_equal(b.data, "5.600.000");
	strbuf_reset(&b);
	fmt_vi_integer(-20, &b);
	assert_string_equal(b.data, "-20");
	strbuf_free(&b);
}

static void vi_percent_and_long_date(void **state)
{
	(void)state;
	struct strbuf b = {0};
	const struct { double v; const char *s; } rates[] = {
		{100, "100%"}, {98.57, "98,57%"}, {98.5, "98,5%"}, {0, "0%"}, {98.03, "98,03%"},
		{66.666, "66,67%"}, {99.999, "100%"},
	};
	for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
		strbuf_reset(&b);
		fmt_vi_percent(rates[i].v, &b);
		assert_string_equal(b.data, rates[i].s);
	}
	/* Hướng dẫn 36: days below 10 and January, February zero-padded */
	const struct { long y; unsigned m, d; const char *s; } days[] = {
		{2023, 5, 28, "ngày 28 tháng 5 năm 2023"}, {2023, 1, 9, "ngày 09 tháng 01 năm 2023"},
		{2024, 2, 29, "ngày 29 tháng 02 năm 2024"}, {2022, 12, 1, "ngày 01 tháng 12 năm 2022"},
		{2022, 3, 10, "ngày 10 tháng 3 năm 2022"},
	};
	for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
		strbuf_reset(&b);
		fmt_vi_date_long(days[i].y, days[i].m, days[i].d, &b);
		assert_string_equal(b.data, days[i].s);
	}
	strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_both_forms),
		cmocka_unit_test(dates_rejected),
		cmocka_unit_test(date_errors_told_apart),
		cmocka_unit_test(civil_round_trip),
		cmocka_unit_test(numbers_vi_vn),
		cmocka_unit_test(months_later),
		cmocka_unit_test(vi_integer_groups),
		cmocka_unit_test(vi_percent_and_long_date),
	};
	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
