/*
 * document: each document's identity, and the register of numbers
 * (see document.h).
 */
#include "document.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "csvin.h"
#include "orgtree.h"
#include "outfile.h"

/* The register's columns, as in its header line. */
static const char *const register_titles[3] = {"Kỳ", "Mã tổ chức", "Số"};

struct entry {
	char *period, *code;
	long number;
};

struct register_book {
	struct entry *e;
	size_t n, cap;
	long col[3];     /* the columns of period, code and number */
	size_t ncols;    /* in the header */
	char delimiter;
};

static void book_free(struct register_book *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->e[i].period);
		free(b->e[i].code);
	}
	free(b->e);
}

static long book_find(const struct register_book *b, const char *period, const char *code)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->e[i].period, period) == 0 && strcmp(b->e[i].code, code) == 0)
			return b->e[i].number;
	return -1;
}

/* Reads the register (none yet: empty); returns 0, or -1 with the reason in err. */
static int book_read(const char *path, struct register_book *b, struct strbuf *err)
{
	struct csvin_options opt = {0};
	struct csvin *in = csvin_open(path, &opt);
	struct csvin_record rec;
	long *col = b->col;

	*b = (struct register_book){.col = {0, 1, 2}, .ncols = 3, .delimiter = ';'};
	if (!in) {
		if (errno == ENOENT)
			return 0;
		strbuf_addf(err, "không đọc được sổ đăng ký văn bản %s: %s", path, util_strerror(errno));
		return -1;
	}
	int ok = csvin_next(in, &rec);
	b->ncols = ok ? rec.nfields : 0;
	b->delimiter = csvin_delimiter(in);
	for (int k = 0; ok && k < 3; k++)
		ok = (col[k] = csvin_column(&rec, register_titles[k])) >= 0;
	if (!ok) {
		strbuf_addf(err, "%s: sổ đăng ký văn bản phải có dòng tiêu đề Kỳ;Mã tổ chức;Số", path);
		csvin_close(in);
		return -1;
	}
	while (ok && csvin_next(in, &rec)) {
		if (rec.status == CSVIN_BLANK)
			continue;
		const struct csvin_field *f = rec.fields;
		char *end;
		ok = rec.status == CSVIN_OK && (size_t)col[0] < rec.nfields &&
		     (size_t)col[1] < rec.nfields && (size_t)col[2] < rec.nfields;
		char *number = ok ? xstrndup(f[col[2]].data, f[col[2]].len) : NULL;
		long v = ok ? strtol(number, &end, 10) : 0;
		ok = ok && *number && !*end && v > 0 && v < 1000000;
		free(number);
		if (!ok) {
			strbuf_addf(err, "%s:%zu: mỗi dòng của sổ đăng ký văn bản cần kỳ, mã tổ chức và một số dương",
				    path, rec.line);
			break;
		}
		struct entry e = {xstrndup(f[col[0]].data, f[col[0]].len),
				  xstrndup(f[col[1]].data, f[col[1]].len), v};
		for (size_t i = 0; i < b->n && ok; i++) {
			if (b->e[i].number == v && strcmp(b->e[i].period, e.period) == 0) {
				strbuf_addf(err, "%s:%zu: số %ld đã cấp cho %s trong kỳ %s: hai văn bản không được trùng số",
					    path, rec.line, v, b->e[i].code, e.period);
				ok = 0;
			} else if (!strcmp(b->e[i].period, e.period) && !strcmp(b->e[i].code, e.code)) {
				strbuf_addf(err, "%s:%zu: %s đã có số trong kỳ %s", path, rec.line, e.code, e.period);
				ok = 0;
			}
		}
		xgrow(&b->e, &b->cap, b->n + 1, sizeof *b->e);
		b->e[b->n++] = e;
	}
	csvin_close(in);
	return ok ? 0 : -1;
}

/* The number in the organisation's number file, or -1 with the reason in err. */
static long read_number(const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "r");
	long n = -1;
	if (!f || fscanf(f, "%ld", &n) != 1 || n <= 0)
		strbuf_addf(err, "%s: không đọc được số văn bản (tệp do bước đánh số của make viết)", path);
	if (f)
		fclose(f);
	return n > 0 ? n : -1;
}

/* NBSPs where a draft's number would go: they keep their width when lines are set. */
static const char blank_number[] = "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0";

/* The number line's text: "{so}" in form replaced by the number (two digits at least), or by blanks. */
static char *number_text(const char *form, long number)
{
	struct strbuf b = {0};
	const char *at = strstr(form, "{so}");
	if (!at)
		return xstrdup(form);
	strbuf_add(&b, form, (size_t)(at - form));
	if (number > 0)
		strbuf_addf(&b, "%02ld", number);
	else
		strbuf_adds(&b, blank_number);
	strbuf_adds(&b, at + 4);
	return b.data;
}

/* A draft's number: the given one without its leading digits ("12-BC/ĐUK" gives "  -BC/ĐUK"). */
static char *draft_number(const char *given)
{
	size_t digits = strspn(given, "0123456789");
	return xasprintf("%s%s", blank_number, given + digits);
}

struct json *document_of(const struct json *report, const char *report_path,
			 const struct json *org, enum document_kind kind,
			 const char *number_path, struct strbuf *err)
{
	struct json *doc = json_copy(report);
	int draft = json_bool(json_get(org, "du_thao")) == 1;
	const char *code = json_string(json_get(org, "ma_to_chuc"));
	char *number = NULL;

	if (kind == DOCUMENT_CHECK) {
		json_set(doc, "so_van_ban", json_new_string(""));
		return doc;
	}
	if (kind == DOCUMENT_SUMMARY) {
		const char *given = json_string(json_get(report, "so_van_ban"));
		if (draft && given)
			json_set(doc, "so_van_ban", json_new_string(number = draft_number(given)));
		free(number);
		return doc;
	}
	const struct json *notice = json_get(report, "thong_bao_to_chuc");
	const char *form = json_string(json_get(notice, "so_van_ban"));
	const struct json *to = json_get(notice, "noi_nhan");
	if (json_type(notice) != JSON_OBJECT || !form || json_type(to) != JSON_ARRAY) {
		strbuf_addf(err, "%s: thiếu \"thong_bao_to_chuc\" với so_van_ban (như \"{so}-TB/ĐUK\") và noi_nhan: "
			    "báo cáo của mỗi tổ chức là một thông báo có số riêng", report_path);
		goto fail;
	}
	if (!number_path) {
		strbuf_addf(err, "%s: cần tệp số văn bản (-n) để đánh số thông báo", code);
		goto fail;
	}
	long n = read_number(number_path, err);
	if (n < 0)
		goto fail;
	/* the notice's own fields over report.json's */
	for (const struct json *m = json_at(notice, 0); m; m = json_next(m))
		if (strcmp(json_key(m), "so_van_ban") && strcmp(json_key(m), "noi_nhan") &&
		    strcmp(json_key(m), "so_dau"))
			json_set(doc, json_key(m), json_copy(m));
	json_set(doc, "so_van_ban", json_new_string(number = number_text(form, draft ? 0 : n)));
	free(number);
	/* the addressee first, then the bodies informed */
	struct json *list = json_new_array();
	json_append(list, json_new_string(json_string(json_get(org, "ten_to_chuc"))));
	for (const struct json *r = json_at(to, 0); r; r = json_next(r))
		json_append(list, json_copy(r));
	json_set(doc, "noi_nhan", list);
	return doc;
fail:
	json_free(doc);
	return NULL;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends a line of the register: the three values in their columns, the others empty. */
static void add_line(struct strbuf *out, const struct register_book *b, const char *period,
		     const char *code, long number)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", number);
	for (size_t c = 0; c < b->ncols; c++) {
		if (c)
			strbuf_addc(out, b->delimiter);
		const char *v = (long)c == b->col[0] ? period : (long)c == b->col[1] ? code
			      : (long)c == b->col[2] ? num : "";
		strbuf_add_csv(out, v, strlen(v), b->delimiter);
	}
	strbuf_adds(out, "\r\n");
}

/* The register's bytes as they are (empty when it does not exist yet), ending with a line end. */
static void read_whole(const char *path, struct strbuf *out)
{
	if (strbuf_read_file(out, path) != 0) {
		if (errno != ENOENT)
			util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
		return;
	}
	if (out->len && out->data[out->len - 1] != '\n' && out->data[out->len - 1] != '\r')
		strbuf_adds(out, "\r\n");
}

/* Writes numbers_dir/<code>.txt for every register line of period whose code has a file in agg_dir. */
static void write_numbers(const struct register_book *b, const char *period, const char *agg_dir,
			  const char *numbers_dir)
{
	struct outbatch *batch = outfile_batch_new();
	outfile_mkdirs(numbers_dir);
	for (size_t i = 0; i < b->n; i++) {
		const struct entry *e = &b->e[i];
		if (strcmp(e->period, period) != 0 || !orgtree_code_ok(e->code, strlen(e->code)))
			continue;
		char *org = xasprintf("%s/%s.json", agg_dir, e->code);
		if (access(org, F_OK) == 0) {
			char *path = xasprintf("%s/%s.txt", numbers_dir, e->code);
			char text[24];
			int len = snprintf(text, sizeof text, "%ld\n", e->number);
			outfile_batch_put(batch, path, text, (size_t)len);
			free(path);
		}
		free(org);
	}
	outfile_batch_commit(batch);
	/* the numbers of organisations no longer in the period */
	DIR *d = opendir(numbers_dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		char *code = xstrndup(de->d_name, len - 4);
		char *org = xasprintf("%s/%s.json", agg_dir, code);
		if (access(org, F_OK) != 0 || book_find(b, period, code) < 0) {
			char *path = xasprintf("%s/%s", numbers_dir, de->d_name);
			if (unlink(path) != 0)
				util_die_errno(EXIT_SYSTEM, "không xóa được tệp %s", path);
			free(path);
		}
		free(org);
		free(code);
	}
	if (d)
		closedir(d);
}

void register_assign(const char *register_path, const struct json *report, const char *agg_dir,
		     const char *numbers_dir)
{
	struct strbuf err = {0};
	struct register_book b;
	double first = 1;
	DIR *d = opendir(agg_dir);
	struct dirent *e;
	char **codes = NULL, *period = NULL;
	size_t ncodes = 0, cap = 0;

	if (book_read(register_path, &b, &err) != 0)
		util_die(EXIT_SYSTEM, "%s", err.data);
	json_number(json_get(json_get(report, "thong_bao_to_chuc"), "so_dau"), &first);
	if (!d)
		util_die_errno(EXIT_SYSTEM, "không đọc được thư mục %s", agg_dir);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		char *path = xasprintf("%s/%s", agg_dir, e->d_name);
		struct json *org = json_load(path, &err);
		if (!org)
			util_die(EXIT_SYSTEM, "%s", err.data);
		const char *parent = json_string(json_get(org, "ma_cap_tren"));
		const char *ky = json_string(json_get(org, "ky"));
		const char *code = json_string(json_get(org, "ma_to_chuc"));
		if (!parent || !ky || !code)
			util_die(EXIT_SYSTEM, "%s: không phải tệp của bước aggregate", path);
		if (!period)
			period = xstrdup(ky);
		if (*parent && book_find(&b, ky, code) < 0) {
			xgrow(&codes, &cap, ncodes + 1, sizeof *codes);
			codes[ncodes++] = xstrdup(code);
		}
		json_free(org);
		free(path);
	}
	closedir(d);
	if (ncodes) {
		long next = first >= 1 && first < 1000000 ? (long)first : 1;
		for (size_t i = 0; i < b.n; i++)
			if (b.e[i].number >= next)
				next = b.e[i].number + 1;
		if (ncodes > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
			qsort(codes, ncodes, sizeof *codes, by_code);
		struct strbuf out = {0};
		read_whole(register_path, &out);
		if (!out.len) /* a new register, for Excel in vi-VN */
			strbuf_addf(&out, "\xEF\xBB\xBF%s;%s;%s\r\n", register_titles[0], register_titles[1],
				    register_titles[2]);
		for (size_t i = 0; i < ncodes; i++)
			add_line(&out, &b, period, codes[i], next++);
		struct outfile *o = outfile_open(register_path);
		if (fwrite(out.data, 1, out.len, o->fp) != out.len)
			util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", register_path);
		outfile_commit(o);
		strbuf_free(&out);
		/* read back: what the office's file and ours say together */
		book_free(&b);
		if (book_read(register_path, &b, &err) != 0)
			util_die(EXIT_SYSTEM, "%s", err.data);
	}
	if (period)
		write_numbers(&b, period, agg_dir, numbers_dir);
	for (size_t i = 0; i < ncodes; i++)
		free(codes[i]);
	free(codes);
	free(period);
	book_free(&b);
	strbuf_free(&err);
}
