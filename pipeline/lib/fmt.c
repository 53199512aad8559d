/*
 * fmt: parsing and printing of dates and numbers in ISO and vi-VN forms.
 * The calendar arithmetic is the days-from-civil algorithm for the
 * proleptic Gregorian calendar.
 */
#include "fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fmt_days fmt_days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

void fmt_civil_from_days(fmt_days z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

int fmt_days_in_month(long y, unsigned m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m != 2)
		return dim[m - 1];
	return 28 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

/* Reads 1 to max digits at s[*i]; returns the value or -1. */
static long digits(const char *s, size_t n, size_t *i, int min, int max)
{
	long v = 0;
	int k = 0;

	while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k >= min ? v : -1;
}

int fmt_parse_date(const char *s, size_t n, int dmy, fmt_days *out)
{
	char iso[10];

	return fmt_parse_date_iso(s, n, dmy, out, iso);
}

/* Writes "yyyy-mm-dd" (10 bytes, no NUL) for a year of 0 to 9999. */
static void put_iso(char out[10], long y, long m, long d)
{
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
}

/* The value of the two digits at s, or -1. */
static inline int two_digits(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
	return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

/*
 * Splits a date written in one of the accepted forms into its numbers;
 * *fixed says it was one of the two fixed-width forms (whose ISO text can
 * be copied). Returns 0, or FMT_DATE_BAD_FORM.
 */
static inline int date_parts(const char *s, size_t n, int dmy, long *y, long *m, long *d,
			     int *fixed)
{
	if (n == 10 && ((dmy && s[2] == '/' && s[5] == '/') || (s[4] == '-' && s[7] == '-'))) {
		/* the two fixed-width forms, without a loop */
		int iso_form = s[4] == '-';
		const char *ys = iso_form ? s : s + 6;
		int y1 = two_digits(ys), y2 = two_digits(ys + 2);
		int mm = two_digits(iso_form ? s + 5 : s + 3);
		int dd = two_digits(iso_form ? s + 8 : s);
		if (y1 < 0 || y2 < 0 || mm < 0 || dd < 0 || y1 < 10)
			return FMT_DATE_BAD_FORM;
		*y = y1 * 100 + y2;
		*m = mm;
		*d = dd;
		*fixed = 1;
		return 0;
	}
	/* every ISO date was taken above: what is left is d/m/yyyy with one-digit parts */
	size_t i = 0;
	*fixed = 0;
	if (!dmy)
		return FMT_DATE_BAD_FORM;
	*d = digits(s, n, &i, 1, 2);
	if (*d < 0 || i >= n || s[i++] != '/')
		return FMT_DATE_BAD_FORM;
	*m = digits(s, n, &i, 1, 2);
	if (*m < 0 || i >= n || s[i++] != '/')
		return FMT_DATE_BAD_FORM;
	*y = digits(s, n, &i, 4, 4);
	if (i != n || *y < 1000)
		return FMT_DATE_BAD_FORM;
	return 0;
}

int fmt_date_parts(const char *s, size_t n, int dmy, long *y, long *m, long *d)
{
	int fixed;

	return date_parts(s, n, dmy, y, m, d, &fixed);
}

int fmt_parse_date_iso(const char *s, size_t n, int dmy, fmt_days *out, char iso[10])
{
	long y, m, d;
	int fixed;

	if (date_parts(s, n, dmy, &y, &m, &d, &fixed) != 0)
		return FMT_DATE_BAD_FORM;
	if (m < 1 || m > 12 || d < 1 || d > fmt_days_in_month(y, (unsigned)m))
		return FMT_DATE_NO_SUCH_DAY;
	if (out)
		*out = fmt_days_from_civil(y, (unsigned)m, (unsigned)d);
	if (fixed && s[4] == '-') {
		memcpy(iso, s, 10);
	} else if (fixed) {
		memcpy(iso, s + 6, 4);
		iso[4] = '-';
		memcpy(iso + 5, s + 3, 2);
		iso[7] = '-';
		memcpy(iso + 8, s, 2);
	} else {
		put_iso(iso, y, m, d);
	}
	return 0;
}

/* Splits an ISO date into its numbers. */
static void iso_parts(const char iso[10], long *y, long *m, long *d)
{
	*y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
	*m = (iso[5] - '0') * 10 + (iso[6] - '0');
	*d = (iso[8] - '0') * 10 + (iso[9] - '0');
}

/* Moves y-m-d forward by months, keeping the day or the month's last day. */
static void add_months(long *y, long *m, long *d, long months)
{
	long k = *m - 1 + months;
	*y += k / 12;
	*m = k % 12 + 1;
	long last = fmt_days_in_month(*y, (unsigned)*m);
	if (*d > last)
		*d = last;
}

int fmt_months_apart_iso(const char earlier[10], const char later[10], long months)
{
	long y, m, d, ly, lm, ld;

	iso_parts(earlier, &y, &m, &d);
	add_months(&y, &m, &d, months);
	iso_parts(later, &ly, &lm, &ld);
	return ly != y ? ly > y : lm != m ? lm > m : ld >= d;
}

void fmt_date_iso(fmt_days days, struct strbuf *out)
{
	long y;
	unsigned m, d;

	fmt_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		strbuf_addf(out, "%04ld-%02u-%02u", y, m, d);
		return;
	}
	char iso[10];
	put_iso(iso, y, m, d);
	strbuf_add(out, iso, 10);
}

int fmt_parse_number(const char *s, size_t n, char decimal_char, char group_char,
		     int integer_only, struct strbuf *out, double *value)
{
	size_t start = out->len, i = 0;
	int ndigits = 0, group_len = -1, grouped = 0;

	if (n > 0 && n <= 15) {
		/* the common case: a few plain digits */
		long long v = 0;
		size_t k = 0;
		while (k < n && s[k] >= '0' && s[k] <= '9')
			v = v * 10 + (s[k++] - '0');
		if (k == n) {
			size_t z = 0;
			while (z + 1 < n && s[z] == '0') /* "07" is 7 */
				z++;
			strbuf_add(out, s + z, n - z);
			*value = (double)v;
			return 0;
		}
	}

	if (i < n && (s[i] == '-' || s[i] == '+')) {
		if (s[i] == '-')
			strbuf_addc(out, '-');
		i++;
	}
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			strbuf_addc(out, c);
			ndigits++;
			if (group_len >= 0)
				group_len++;
		} else if (group_char && c == group_char && ndigits > 0) {
			/* each group after the first has exactly three digits */
			if ((grouped && group_len != 3) || (!grouped && ndigits > 3))
				goto bad;
			grouped = 1;
			group_len = 0;
		} else {
			break;
		}
	}
	if (ndigits == 0 || (grouped && group_len != 3))
		goto bad;
	if (i < n && s[i] == decimal_char) {
		if (integer_only)
			goto bad;
		strbuf_addc(out, '.');
		size_t frac = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			strbuf_addc(out, s[i++]);
		if (i == frac)
			goto bad;
	}
	if (i != n)
		goto bad;
	/* the plain form: no leading zeros ("007" is 7), no sign on a zero ("-0" is 0) */
	size_t digits = start + (out->data[start] == '-'), z = digits;
	while (out->data[z] == '0' && out->data[z + 1] >= '0' && out->data[z + 1] <= '9')
		z++;
	memmove(out->data + digits, out->data + z, out->len - z + 1);
	out->len -= z - digits;
	*value = strtod(out->data + start, NULL);
	if (*value == 0 && out->data[start] == '-') {
		memmove(out->data + start, out->data + start + 1, out->len - start);
		out->len--;
		*value = 0;
	}
	return 0;
bad:
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return -1;
}

void fmt_vi_integer(long long n, struct strbuf *out)
{
	char digits_buf[32];
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int len = 0;

	do {
		digits_buf[len++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		strbuf_addc(out, '-');
	for (int i = len - 1; i >= 0; i--) {
		strbuf_addc(out, digits_buf[i]);
		if (i > 0 && i % 3 == 0)
			strbuf_addc(out, '.');
	}
}

void fmt_vi_percent(double rate, struct strbuf *out)
{
	char s[64];
	snprintf(s, sizeof s, "%.2f", rate);
	char *dot = strchr(s, '.');
	if (dot) {
		size_t end = strlen(s);
		while (end > (size_t)(dot - s) + 1 && s[end - 1] == '0')
			s[--end] = '\0';
		if (s[end - 1] == '.')
			s[--end] = '\0';
		else
			*dot = ',';
	}
	strbuf_adds(out, s);
	strbuf_addc(out, '%');
}

void fmt_vi_date_long(long y, unsigned m, unsigned d, struct strbuf *out)
{
	/* Hướng dẫn 36 and Nghị định 30: "ngày 09 tháng 01", "ngày 28 tháng 5" */
	strbuf_addf(out, d < 10 ? "ngày 0%u" : "ngày %u", d);
	strbuf_addf(out, m < 3 ? " tháng 0%u" : " tháng %u", m);
	strbuf_addf(out, " năm %ld", y);
}
