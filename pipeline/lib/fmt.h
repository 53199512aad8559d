/*
 * fmt: dates and numbers as Vietnamese offices write them, both ways.
 * Dates are "dd/mm/yyyy" (also d/m/yyyy) or ISO 8601 "yyyy-mm-dd" and are
 * held as days since 1970-01-01; numbers may use vi-VN grouping ("3.481")
 * and decimal comma ("99,8") when the caller says so.
 */
#ifndef BAOCAO_FMT_H
#define BAOCAO_FMT_H

#include <stddef.h>

#include "util.h"

/* A date as days since 1970-01-01 (negative before). */
typedef long fmt_days;

/* Why a date was refused: what fmt_parse_date and fmt_parse_date_iso return. */
enum fmt_date_error {
	FMT_DATE_BAD_FORM = -1,   /* not written as a date: "1.1.2010", "2022/01/09", "31/12/22" */
	FMT_DATE_NO_SUCH_DAY = -2 /* written as one, but the calendar has no such day:
				     31/02/2022, 2022-13-01, 00/01/2022 */
};

/*
 * Parses s[0..n) as an ISO date, or also as dd/mm/yyyy when dmy is set.
 * Checks the calendar. Returns 0 and sets *out, or an fmt_date_error.
 */
int fmt_parse_date(const char *s, size_t n, int dmy, fmt_days *out);

/*
 * Like fmt_parse_date, and also writes the ISO form (10 bytes, no NUL) to iso;
 * out may be NULL when the day count is not needed. The fast path of the
 * validator: no allocation, no printf.
 */
int fmt_parse_date_iso(const char *s, size_t n, int dmy, fmt_days *out, char iso[10]);

/*
 * Splits s[0..n), written as fmt_parse_date reads dates, into its numbers
 * without checking the calendar (for saying what is wrong with a day that
 * does not exist). Returns 0, or FMT_DATE_BAD_FORM.
 */
int fmt_date_parts(const char *s, size_t n, int dmy, long *y, long *m, long *d);

/* The number of days of month m (1-12) of year y. */
int fmt_days_in_month(long y, unsigned m);

/*
 * Returns 1 when the ISO date `later` ("yyyy-mm-dd", 10 bytes) is at least
 * `months` months after the ISO date `earlier`: on the same day of the
 * month, or on the month's last day when that month is shorter. Else 0.
 */
int fmt_months_apart_iso(const char earlier[10], const char later[10], long months);

/* Converts a year, month (1-12) and day to days since 1970-01-01. */
fmt_days fmt_days_from_civil(long y, unsigned m, unsigned d);
/* The inverse of fmt_days_from_civil. */
void fmt_civil_from_days(fmt_days z, long *y, unsigned *m, unsigned *d);
/* Appends the ISO form "yyyy-mm-dd" of days to out. */
void fmt_date_iso(fmt_days days, struct strbuf *out);

/*
 * Parses s[0..n) as a number whose decimal separator is decimal_char and
 * whose optional thousands separator is group_char (0: none; groups must be
 * of three digits). integer_only refuses a fractional part. Appends the plain
 * form ("3481", "-99.8") to out and sets *value. Returns 0, or -1.
 */
int fmt_parse_number(const char *s, size_t n, char decimal_char, char group_char,
		     int integer_only, struct strbuf *out, double *value);

/* Appends n in vi-VN form with '.' grouping ("3.481"). */
void fmt_vi_integer(long long n, struct strbuf *out);

/*
 * Appends a rate in vi-VN form with at most two decimals and no trailing
 * zeros, and a percent sign: 98.57 gives "98,57%", 100 gives "100%".
 */
void fmt_vi_percent(double rate, struct strbuf *out);

/*
 * Appends the date of an official document, "ngày 09 tháng 01 năm 2023":
 * days below 10 and the months January and February zero-padded.
 */
void fmt_vi_date_long(long y, unsigned m, unsigned d, struct strbuf *out);

#endif
