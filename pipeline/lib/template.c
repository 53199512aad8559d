/*
 * template: placeholder expansion and the checks of what will be drawn.
 * Formats: so (3.481), phan_tram (98,57%), dau (+2, -1, 0), tang_giam
 * ("tăng 2", "giảm 1", "không thay đổi"; tang_giam:mô hình gives "tăng 2 mô hình"), ngay_dai ("ngày 09 tháng 01 năm
 * 2023"), ngay (28/5/2023), hoa (upper case); without a format a string is
 * written as it is, a whole number in plain digits (a year), another number
 * with two decimals and a decimal comma.
 */
#include "template.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "textnorm.h"

static const struct json *walk(const struct json *j, const char *path)
{
	char key[128];
	while (j && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		j = json_type(j) == JSON_OBJECT ? json_get(j, key) : NULL;
		path += n + (dot != NULL);
	}
	return j;
}

static int has_prefix(const char *path, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0 || (path[n] != '.' && path[n] != '\0'))
		return 0;
	*rest = path[n] == '.' ? path + n + 1 : path + n;
	return 1;
}

const struct json *template_value(const struct template_context *c, const char *path)
{
	const char *rest;
	if (has_prefix(path, "to_chuc", &rest))
		return *rest ? walk(c->org, rest) : c->org;
	if (has_prefix(path, "bao_cao", &rest))
		return *rest ? walk(c->report, rest) : c->report;
	if (has_prefix(path, "thoi_gian", &rest))
		return *rest ? walk(c->period, rest) : c->period;
	return walk(c->row ? c->row : c->org, path);
}

int template_holds(const struct template_context *c, const char *path)
{
	const struct json *v = template_value(c, path);
	double x;
	if (!v)
		return 0;
	switch (json_type(v)) {
	case JSON_NULL:
		return 0;
	case JSON_BOOL:
		return json_bool(v) == 1;
	case JSON_NUMBER:
		return json_number(v, &x) == 0 && x != 0;
	case JSON_STRING:
		return *json_string(v) != '\0';
	default:
		return json_size(v) > 0;
	}
}

int template_check_text(const char *s, const struct ttf *face, const char *org_code,
			const char *what, struct strbuf *err)
{
	size_t n = strlen(s), len;
	size_t bad = textnorm_utf8_check(s, n);
	if (bad != n) {
		strbuf_addf(err, "%s: %s: văn bản không phải UTF-8 hợp lệ (byte thứ %zu)", org_code, what,
			    bad + 1);
		return -1;
	}
	if (!face)
		return 0;
	for (size_t i = 0; i < n; i += len) {
		uint32_t c = textnorm_utf8_next(s + i, &len);
		if (!ttf_has(face, c)) {
			strbuf_addf(err, "%s: %s: ký tự «%.*s» (U+%04X) không có trong phông chữ", org_code,
				    what, (int)len, s + i, (unsigned)c);
			return -1;
		}
	}
	return 0;
}

/* Formats the value v as fmt (may be empty) onto out; -1 when the format does not apply. */
static int format_value(const struct json *v, const char *fmt, const char *unit,
			struct strbuf *out)
{
	double x = 0;
	int is_number = json_number(v, &x) == 0;
	const char *s = json_string(v);

	if (json_type(v) == JSON_NULL) {
		strbuf_adds(out, "–");
		return 0;
	}
	if (!*fmt) {
		if (s)
			strbuf_adds(out, s);
		else if (is_number && x == floor(x) && fabs(x) < 1e15)
			strbuf_addf(out, "%lld", (long long)x); /* years, codes: no grouping */
		else if (is_number) {
			struct strbuf t = {0};
			strbuf_addf(&t, "%.2f", x);
			for (char *p = t.data; *p; p++)
				if (*p == '.')
					*p = ',';
			strbuf_add(out, t.data, t.len);
			strbuf_free(&t);
		} else if (json_type(v) == JSON_BOOL)
			strbuf_adds(out, json_bool(v) ? "có" : "không");
		else
			return -1;
		return 0;
	}
	if (strcmp(fmt, "hoa") == 0 && s) {
		textnorm_upper(s, strlen(s), out);
		return 0;
	}
	if ((strcmp(fmt, "ngay_dai") == 0 || strcmp(fmt, "ngay") == 0) && s) {
		fmt_days days;
		long y;
		unsigned m, d;
		if (fmt_parse_date(s, strlen(s), 0, &days) != 0)
			return -1;
		fmt_civil_from_days(days, &y, &m, &d);
		if (fmt[4] == '_')
			fmt_vi_date_long(y, m, d, out);
		else
			strbuf_addf(out, "%u/%u/%ld", d, m, y);
		return 0;
	}
	if (!is_number)
		return -1;
	if (strcmp(fmt, "phan_tram") == 0) {
		fmt_vi_percent(x, out);
		return 0;
	}
	/* the other formats write whole numbers: past 2^53 a double is no exact one,
	 * and past 2^63 llround has no answer (1e300 came out as -9.223.372.036.854.775.808) */
	if (!(fabs(x) <= 9007199254740992.0))
		return -1;
	long long n = llround(x);
	if (strcmp(fmt, "so") == 0) {
		fmt_vi_integer(n, out);
	} else if (strcmp(fmt, "dau") == 0) {
		if (n > 0)
			strbuf_addc(out, '+');
		fmt_vi_integer(n, out);
	} else if (strcmp(fmt, "tang_giam") == 0) {
		if (n == 0) {
			strbuf_adds(out, "không thay đổi");
			return 0;
		}
		strbuf_adds(out, n > 0 ? "tăng " : "giảm ");
		fmt_vi_integer(n > 0 ? n : -n, out);
		if (*unit)
			strbuf_addf(out, " %s", unit);
	} else {
		return -1;
	}
	return 0;
}

int template_parse_spec(const char *s, size_t len, struct template_spec *sp)
{
	const char *bar = memchr(s, '|', len), *end = s + len;
	const char *colon = bar ? memchr(bar, ':', (size_t)(end - bar)) : NULL;
	size_t path_len = (size_t)((bar ? bar : end) - s);
	size_t fmt_len = bar ? (size_t)((colon ? colon : end) - bar - 1) : 0;
	size_t unit_len = colon ? (size_t)(end - colon - 1) : 0;

	memset(sp, 0, sizeof *sp);
	sp->optional = path_len > 1 && s[path_len - 1] == '?';
	path_len -= (size_t)sp->optional;
	if (path_len >= sizeof sp->path || fmt_len >= sizeof sp->format || unit_len >= sizeof sp->unit)
		return -1;
	memcpy(sp->path, s, path_len);
	if (bar)
		memcpy(sp->format, bar + 1, fmt_len);
	if (colon)
		memcpy(sp->unit, colon + 1, unit_len);
	return 0;
}

int template_format(const struct json *v, const struct template_spec *sp, struct strbuf *out)
{
	return format_value(v, sp->format, sp->unit, out);
}

int template_add_text(const char *s, const struct ttf *face, const char *org_code,
		      const char *what, struct strbuf *out, struct strbuf *err)
{
	struct strbuf nfc = {0};
	int ret = template_check_text(s, NULL, org_code, what, err);
	if (!ret) {
		textnorm_nfc(s, strlen(s), &nfc);
		strbuf_add(&nfc, "", 0);
		ret = template_check_text(nfc.data, face, org_code, what, err);
	}
	if (!ret)
		strbuf_add(out, nfc.data, nfc.len);
	strbuf_free(&nfc);
	return ret;
}

/*
 * "tong.PATH" in a table's total row: the sum of PATH over the table's rows
 * (a new number the caller frees); NULL for any other path.
 */
static struct json *row_sum(const struct template_context *c, const char *path)
{
	if (!c->rows || strncmp(path, "tong.", 5) != 0)
		return NULL;
	struct template_context each = *c;
	long long total = 0;
	for (const struct json *r = json_at(c->rows, 0); r; r = json_next(r)) {
		double x;
		each.row = r;
		if (json_number(template_value(&each, path + 5), &x) == 0)
			total += llround(x);
	}
	return json_new_int(total);
}

int template_expand(const char *text, const struct template_context *c, const struct ttf *face,
		    const char *where, struct strbuf *out, struct strbuf *err)
{
	struct strbuf value = {0}, piece = {0}, nfc = {0};
	const char *p = text;
	int ret = -1;

	strbuf_add(&value, "", 0); /* never NULL, always terminated */
	while (*p) {
		const char *open = strchr(p, '{');
		size_t lit = open ? (size_t)(open - p) : strlen(p);
		strbuf_reset(&piece);
		strbuf_add(&piece, p, lit);
		strbuf_add(&piece, "", 0);
		if (template_add_text(piece.data, face, c->org_code, where, &value, err) != 0)
			goto done;
		if (!open)
			break;
		const char *close = strchr(open, '}');
		struct template_spec sp;
		if (!close) {
			strbuf_addf(err, "%s: %s: dấu { không có dấu } đóng: %s", c->org_code, where, open);
			goto done;
		}
		if (template_parse_spec(open + 1, (size_t)(close - open - 1), &sp) != 0) {
			strbuf_addf(err, "%s: %s: chỗ giữ quá dài: %.*s", c->org_code, where,
				    (int)(close - open + 1), open);
			goto done;
		}
		strbuf_reset(&piece);
		strbuf_add(&piece, "", 0);
		if (strcmp(sp.path, "#") == 0) {
			strbuf_addf(&piece, "%ld", c->row_number);
		} else {
			/* "path?" may be absent (a field no record had): it counts as 0 */
			struct json *made = row_sum(c, sp.path);
			const struct json *v = made ? made : template_value(c, sp.path);
			if (!v && sp.optional)
				v = made = json_new_int(0);
			if (!v) {
				strbuf_addf(err, "%s: %s: trường {%s} không có trong dữ liệu", c->org_code,
					    where, sp.path);
				goto done;
			}
			int bad_format = template_format(v, &sp, &piece) != 0;
			json_free(made);
			if (bad_format) {
				strbuf_addf(err, "%s: %s: định dạng \"%s\" không dùng được cho trường {%s}",
					    c->org_code, where, sp.format, sp.path);
				goto done;
			}
		}
		/* a tab or line end in the data is drawn as a space (validate lets them through) */
		for (char *q = piece.data; q && *q; q++)
			if (*q == '\t' || *q == '\n' || *q == '\r')
				*q = ' ';
		/* a table row's value is named by its organisation, not the report's */
		const struct json *row_code = c->row ? json_get(c->row, "ma_to_chuc") : NULL;
		char who[192];
		if (row_code && json_string(row_code))
			snprintf(who, sizeof who, "dòng của %.64s: %.64s", json_string(row_code), sp.path);
		else
			snprintf(who, sizeof who, "%.128s", sp.path);
		if (template_add_text(piece.data, face, c->org_code, who, &value, err) != 0)
			goto done;
		p = close + 1;
	}
	/* NFC once more: a piece may compose with the one before it */
	textnorm_nfc(value.data, value.len, &nfc);
	strbuf_add(&nfc, "", 0);
	if (template_check_text(nfc.data, face, c->org_code, where, err) != 0)
		goto done;
	strbuf_add(out, nfc.data, nfc.len);
	ret = 0;
done:
	strbuf_free(&value);
	strbuf_free(&piece);
	strbuf_free(&nfc);
	return ret;
}
