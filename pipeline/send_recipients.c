/*
 * send_recipients: reading and checking nguoi_nhan.csv (see
 * send_recipients.h). Column titles are compared folded (case, diacritics
 * and spaces do not matter), so "Mã tổ chức", "MA TO CHUC" and
 * "ma_to_chuc" name the same column; other columns (a name, a note) are
 * left alone.
 */
#include "send_recipients.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "keyset.h"
#include "textnorm.h"

/* The folded titles of each column. */
static const char *const code_titles[] = {"ma_to_chuc", "ma_tc"};
static const char *const email_titles[] = {"email", "e_mail", "thu_dien_tu", "dia_chi_email",
					   "dia_chi_thu_dien_tu"};

static int is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

int recipients_address_ok(const char *s, size_t n, const char **why)
{
	const char *at = NULL;
	size_t ats = 0;

	if (n == 0)
		return *why = "trống", 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			return *why = "có chữ có dấu hoặc ký tự ngoài bảng chữ cái không dấu", 0;
		if (c == ',' || c == ';')
			return *why = "có dấu phẩy hoặc chấm phẩy: mỗi dòng chỉ ghi một địa chỉ", 0;
		if (c == '<' || c == '>' || c == '"')
			return *why = "chỉ ghi địa chỉ, không kèm tên hay dấu < > \"", 0;
		if (c <= ' ' || c == 0x7F)
			return *why = "có dấu cách hoặc ký tự điều khiển", 0;
		if (c == '@') {
			ats++;
			at = s + i;
		}
	}
	if (ats == 0)
		return *why = "thiếu “@”", 0;
	if (ats > 1)
		return *why = "có nhiều hơn một “@”", 0;
	if (n > 254)
		return *why = "dài quá 254 ký tự", 0;
	size_t local = (size_t)(at - s), dlen = n - local - 1;
	const char *d = at + 1;
	if (local == 0)
		return *why = "thiếu phần trước “@”", 0;
	if (local > 64)
		return *why = "phần trước “@” dài quá 64 ký tự", 0;
	for (size_t i = 0; i < local; i++) {
		if (s[i] == '.') {
			if (i == 0 || i + 1 == local || s[i + 1] == '.')
				return *why = "dấu chấm ở đầu, ở cuối hoặc hai dấu liền nhau trước “@”", 0;
		} else if (!is_atext((unsigned char)s[i])) {
			return *why = "phần trước “@” có ký tự không dùng được", 0;
		}
	}
	if (dlen == 0)
		return *why = "thiếu tên miền sau “@”", 0;
	size_t labels = 0;
	for (size_t i = 0; i <= dlen; labels++) {
		size_t j = i;
		while (j < dlen && d[j] != '.')
			j++;
		size_t len = j - i;
		if (len == 0 || len > 63 || d[i] == '-' || d[j - 1] == '-')
			return *why = "tên miền sau “@” không hợp lệ", 0;
		for (size_t k = i; k < j; k++)
			if (!((d[k] >= 'a' && d[k] <= 'z') || (d[k] >= 'A' && d[k] <= 'Z') ||
			      (d[k] >= '0' && d[k] <= '9') || d[k] == '-'))
				return *why = "tên miền sau “@” có ký tự không dùng được", 0;
		i = j + 1;
	}
	if (labels < 2)
		return *why = "tên miền sau “@” thiếu phần đuôi (như .vn)", 0;
	return 1;
}

/* The column of header whose folded title is one of titles, or -1; -2 when two are. */
static long find_column(const struct csvin_record *h, const char *const *titles, size_t n)
{
	struct strbuf f = {0};
	long found = -1;
	for (size_t i = 0; i < h->nfields; i++) {
		strbuf_reset(&f);
		if (textnorm_fold(h->fields[i].data, h->fields[i].len, &f) != 0 || !f.data)
			continue;
		for (size_t k = 0; k < n; k++)
			if (strcmp(f.data, titles[k]) == 0) {
				found = found >= 0 ? -2 : (long)i;
				break;
			}
		if (found == -2)
			break;
	}
	strbuf_free(&f);
	return found;
}

struct reading {
	const char *path;
	const struct manifest *m;
	struct recipients *r;
	struct keyset *seen; /* code NUL address -> line */
	size_t cap;
	int quiet;
};

static void skip(struct reading *g, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports a row as "path:line: message; dòng bị bỏ qua" and counts it. */
static void skip(struct reading *g, size_t line, const char *fmt, ...)
{
	struct strbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	util_warn("%s:%zu: %s; dòng bị bỏ qua", g->path, line, b.data);
	strbuf_free(&b);
	g->r->skipped++;
}

/* A hint for an unknown code that is known in capitals: " (có phải TC0001?)", else "". */
static void code_hint(const struct manifest *m, const char *code, size_t n, struct strbuf *out)
{
	char up[64];
	if (n >= sizeof up)
		return;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - ('a' - 'A') : code[i]);
	up[n] = '\0';
	if (memcmp(up, code, n) != 0 && manifest_find(m, up, n) >= 0)
		strbuf_addf(out, " (có phải %s?)", up);
}

/* Checks one row and adds its address, or reports why it is skipped. */
static void take_row(struct reading *g, const struct csvin_record *rec, long col_code,
		     long col_email, size_t ncolumns)
{
	if (rec->status == CSVIN_BAD_QUOTE) {
		skip(g, rec->line, "dấu ngoặc kép đặt sai chỗ hoặc không đóng");
		return;
	}
	if (rec->status == CSVIN_TOO_BIG) {
		skip(g, rec->line, "một ô dài quá mức");
		return;
	}
	if (rec->status == CSVIN_TOO_MANY) {
		skip(g, rec->line, "dòng có quá nhiều ô");
		return;
	}
	if (rec->nfields > ncolumns) {
		skip(g, rec->line, "dòng có %zu ô mà dòng tiêu đề có %zu (dấu phân cách trong một ô?)",
		     rec->nfields, ncolumns);
		return;
	}
	struct csvin_field code = {"", 0}, email = {"", 0};
	if ((size_t)col_code < rec->nfields)
		code = rec->fields[col_code];
	if ((size_t)col_email < rec->nfields)
		email = rec->fields[col_email];
	if (textnorm_utf8_check(code.data, code.len) != code.len ||
	    textnorm_utf8_check(email.data, email.len) != email.len) {
		skip(g, rec->line, "không phải văn bản UTF-8 (hãy lưu tệp dạng “CSV UTF-8”)");
		return;
	}
	if (code.len == 0) {
		skip(g, rec->line, "thiếu mã tổ chức");
		return;
	}
	if (email.len == 0) {
		skip(g, rec->line, "thiếu địa chỉ thư điện tử");
		return;
	}
	long org = manifest_find(g->m, code.data, code.len);
	if (org < 0) {
		struct strbuf hint = {0};
		strbuf_add(&hint, "", 0);
		code_hint(g->m, code.data, code.len, &hint);
		if (hint.len) {
			skip(g, rec->line, "mã tổ chức “%.*s” không có trong các văn bản phát hành kỳ %s%s",
			     (int)code.len, code.data, g->m->period, hint.data);
		} else {
			if (!g->quiet)
				util_warn("%s:%zu: tổ chức “%.*s” không có văn bản trong lần phát hành kỳ %s "
					  "(đã giải thể, hay mã gõ sai?): không gửi", g->path, rec->line,
					  (int)code.len, code.data, g->m->period);
			g->r->elsewhere++;
		}
		strbuf_free(&hint);
		return;
	}
	const char *why;
	if (!recipients_address_ok(email.data, email.len, &why)) {
		skip(g, rec->line, "địa chỉ thư điện tử “%.*s” không hợp lệ: %s", (int)email.len,
		     email.data, why);
		return;
	}
	char *lower = xstrndup(email.data, email.len);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + ('a' - 'A'));
	char *key = xasprintf("%s%c%s", g->m->orgs[org].code, '\0', lower);
	size_t keylen = strlen(g->m->orgs[org].code) + 1 + email.len;
	uint32_t first;
	if (!keyset_add(g->seen, key, keylen, (uint32_t)rec->line, &first)) {
		skip(g, rec->line, "trùng với dòng %u (%s %s)", first, g->m->orgs[org].code, lower);
		free(lower);
		free(key);
		return;
	}
	free(key);
	struct recipients *r = g->r;
	xgrow(&r->list, &g->cap, r->n + 1, sizeof *r->list);
	r->list[r->n++] = (struct recipient){(size_t)org, lower, rec->line};
}

struct recipients *recipients_load(const char *path, const struct manifest *m, int quiet)
{
	struct csvin_options opt = {0};
	struct csvin *in = csvin_open(path, &opt);
	struct csvin_record rec;
	if (!in)
		util_die_errno(EXIT_SYSTEM, "không mở được danh sách người nhận %s", path);
	if (!csvin_next(in, &rec) || rec.status != CSVIN_OK)
		util_die(EXIT_SYSTEM, "%s: tệp rỗng hoặc dòng đầu không đọc được: dòng 1 phải là dòng "
			 "tiêu đề ma_to_chuc,email", path);
	long col_code = find_column(&rec, code_titles, sizeof code_titles / sizeof *code_titles);
	long col_email = find_column(&rec, email_titles, sizeof email_titles / sizeof *email_titles);
	if (col_code == -2 || col_email == -2)
		util_die(EXIT_SYSTEM, "%s:1: hai cột cùng là %s", path,
			 col_code == -2 ? "mã tổ chức" : "địa chỉ thư điện tử");
	if (col_code < 0 || col_email < 0)
		util_die(EXIT_SYSTEM, "%s:1: dòng tiêu đề phải có cột “ma_to_chuc” (hoặc “Mã tổ chức”) "
			 "và cột “email” (hoặc “Thư điện tử”)", path);
	size_t ncolumns = rec.nfields;

	struct recipients *r = xcalloc(1, sizeof *r);
	struct reading g = {path, m, r, keyset_new(), 0, quiet};
	while (csvin_next(in, &rec))
		if (rec.status != CSVIN_BLANK)
			take_row(&g, &rec, col_code, col_email, ncolumns);
	if (csvin_read_error(in)) {
		errno = csvin_read_error(in);
		util_die_errno(EXIT_SYSTEM, "không đọc được %s", path);
	}
	keyset_free(g.seen);
	csvin_close(in);
	return r;
}

void recipients_free(struct recipients *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->list[i].email);
	free(r->list);
	free(r);
}
