/*
 * send_manifest: reading and checking the publish stage's manifest.json
 * (see send_manifest.h). Keys this program does not use (trang_thai,
 * so_chu_ky, tep_da_bo, and whatever publish adds later) are left alone;
 * the ones it uses must be what the contract says, and every mailed file
 * must be there with its size and digest: a publish folder that does not
 * match its manifest is refused before anything is sent.
 */
#include "send_manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonfile.h"
#include "keyset.h"
#include "orgtree.h"
#include "textnorm.h"

/* The problems printed before the rest are only counted. */
enum { MAX_PROBLEMS = 20 };

/*
 * The kinds of file, in the order an organisation's files are listed; the
 * archives and the index page (whose ma_to_chuc is "") are not mailed.
 */
static const char *const kinds[] = {"bao_cao", "kiem_tra", "dong_bi_tu_choi", "bang_so_lieu",
				    "zip", "muc_luc"};
enum { KIND_MAILED = 4, NKINDS = 6 };

struct reader {
	const char *path; /* the manifest, for messages */
	size_t problems;
};

static void problem(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "manifest.json: message" for the first MAX_PROBLEMS problems, and counts them all. */
static void problem(struct reader *r, const char *fmt, ...)
{
	if (r->problems++ >= MAX_PROBLEMS)
		return;
	struct strbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	util_warn("%s: %s", r->path, b.data);
	strbuf_free(&b);
}

/* A string member that must be there and not empty, as valid UTF-8; NULL (and a problem) otherwise. */
static const char *need_string(struct reader *r, const struct json *obj, const char *key,
			       const char *where)
{
	const char *s = json_string(json_get(obj, key));
	if (!s || !*s) {
		problem(r, "%sthiếu “%s” (một chuỗi không rỗng)", where, key);
		return NULL;
	}
	if (textnorm_utf8_check(s, strlen(s)) != strlen(s)) {
		problem(r, "%s“%s” không phải UTF-8 hợp lệ", where, key);
		return NULL;
	}
	return s;
}

/*
 * A whole number member in [min, max]; -2 when absent or null and that is
 * allowed (nullable), else -1 and a problem.
 */
static long long need_int(struct reader *r, const struct json *obj, const char *key, long long min,
			  long long max, int nullable, const char *where)
{
	const struct json *v = json_get(obj, key);
	double x;
	if (nullable && (!v || json_type(v) == JSON_NULL))
		return -2;
	if (!v || json_number(v, &x) != 0 || x != (double)(long long)x || x < (double)min ||
	    x > (double)max) {
		problem(r, "%s“%s” phải là một số nguyên từ %lld đến %lld%s", where, key, min, max,
			nullable ? " hoặc null" : "");
		return -1;
	}
	return (long long)x;
}

/* A boolean member; absent counts as false. Returns 0/1, or -1 and a problem. */
static int need_bool(struct reader *r, const struct json *obj, const char *key, const char *where)
{
	const struct json *v = json_get(obj, key);
	if (!v)
		return 0;
	int b = json_bool(v);
	if (b < 0)
		problem(r, "%s“%s” phải là true hoặc false", where, key);
	return b;
}

/* 1 when path is relative and stays inside the folder: no "/" at either end, no "", "." or ".." part. */
static int path_ok(const char *path)
{
	const char *p = path;
	if (*p == '/' || !*p)
		return 0;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!slash)
			return 1;
		p = slash + 1;
	}
}

static int kind_index(const char *s)
{
	for (int k = 0; k < NKINDS; k++)
		if (strcmp(s, kinds[k]) == 0)
			return k;
	return -1;
}

/* The organisation of code, added when new (orgs grows; index by code in codes). */
static struct manifest_org *org_of(struct manifest *m, size_t *cap, struct keyset *codes,
				   const char *code, const char *name)
{
	uint32_t at;
	if (keyset_find(codes, code, strlen(code), &at))
		return &m->orgs[at];
	xgrow(&m->orgs, cap, m->norgs + 1, sizeof *m->orgs);
	struct manifest_org *o = &m->orgs[m->norgs];
	memset(o, 0, sizeof *o);
	o->code = xstrdup(code);
	struct strbuf nfc = {0};
	textnorm_nfc(name, strlen(name), &nfc);
	strbuf_add(&nfc, "", 0);
	o->name = nfc.data;
	keyset_add(codes, code, strlen(code), (uint32_t)m->norgs, NULL);
	m->norgs++;
	return o;
}

/* Reads entry i of "tep" into its organisation; problems are reported and counted. */
static void read_entry(struct reader *r, struct manifest *m, size_t *cap, struct keyset *codes,
		       struct keyset *paths, const char *dir, const struct json *e, size_t i)
{
	char where[64];
	snprintf(where, sizeof where, "tep[%zu]: ", i);
	if (json_type(e) != JSON_OBJECT) {
		problem(r, "%sphải là một đối tượng JSON", where);
		return;
	}
	size_t before = r->problems;
	const char *kind = need_string(r, e, "loai", where);
	int k = kind ? kind_index(kind) : -1;
	if (kind && k < 0)
		problem(r, "%sloại tệp “%s” không biết (bao_cao, kiem_tra, dong_bi_tu_choi, "
			"bang_so_lieu, zip, muc_luc)", where, kind);
	if (k >= KIND_MAILED)
		return; /* archives and the index page are not mailed: their entries are publish's */
	const char *code = need_string(r, e, "ma_to_chuc", where);
	const char *name = need_string(r, e, "ten_to_chuc", where);
	const char *path = need_string(r, e, "tep", where);
	const char *sum = need_string(r, e, "sha256", where);
	long long size = need_int(r, e, "so_byte", 0, (long long)1 << 40, 0, where);
	long long pages = need_int(r, e, "so_trang", 0, 1000000, 1, where);
	int draft = need_bool(r, e, "du_thao", where);
	const struct json *num = json_get(e, "so_van_ban");
	const char *number = json_string(num);
	if (num && json_type(num) != JSON_NULL && (!number || !*number))
		problem(r, "%s“so_van_ban” phải là một chuỗi không rỗng hoặc null", where);
	if (number && textnorm_utf8_check(number, strlen(number)) != strlen(number))
		problem(r, "%s“so_van_ban” không phải UTF-8 hợp lệ", where);
	if (code && !orgtree_code_ok(code, strlen(code)))
		problem(r, "%smã tổ chức “%s” không hợp lệ", where, code);
	if (path && !path_ok(path))
		problem(r, "%sđường dẫn “%s” phải nằm trong thư mục phát hành (tương đối, không có “..”)",
			where, path);
	if (sum && !sha256_hex_ok(sum))
		problem(r, "%s“sha256” phải là 64 chữ số hex viết thường", where);
	if (r->problems != before)
		return;
	if (!keyset_add(paths, path, strlen(path), 0, NULL)) {
		problem(r, "%stệp “%s” có hai lần trong manifest", where, path);
		return;
	}
	char *full = xasprintf("%s/%s", dir, path);
	char hex[SHA256_HEX_SIZE];
	struct stat st;
	if (stat(full, &st) != 0 || !S_ISREG(st.st_mode))
		problem(r, "%sthiếu tệp %s", where, full);
	else if ((long long)st.st_size != size)
		problem(r, "%stệp %s có %lld byte, manifest ghi %lld (tệp đã đổi sau khi phát hành?)",
			where, full, (long long)st.st_size, size);
	else if (sha256_of_file(full, hex) != 0)
		problem(r, "%skhông đọc được tệp %s: %s", where, full, util_strerror(errno));
	else if (strcmp(hex, sum) != 0)
		problem(r, "%stệp %s không đúng mã SHA-256 trong manifest (tệp đã đổi sau khi phát "
			"hành?)", where, full);
	free(full);
	if (r->problems != before)
		return;

	struct manifest_org *o = org_of(m, cap, codes, code, name);
	o->files = xrealloc(o->files, (o->nfiles + 1) * sizeof *o->files);
	struct manifest_file *f = &o->files[o->nfiles++];
	f->path = xstrdup(path);
	const char *slash = strrchr(f->path, '/');
	f->name = slash ? slash + 1 : f->path;
	f->kind = kinds[k];
	f->number = number && *number ? xstrdup(number) : NULL;
	f->pages = pages >= 0 ? (long)pages : -1;
	f->size = size;
	memcpy(f->sha256, sum, sizeof f->sha256);
	f->draft = draft == 1;
	o->draft |= f->draft;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct manifest_org *)a)->code, ((const struct manifest_org *)b)->code);
}

static int by_kind_then_path(const void *a, const void *b)
{
	const struct manifest_file *x = a, *y = b;
	int d = kind_index(x->kind) - kind_index(y->kind);
	return d ? d : strcmp(x->path, y->path);
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set hash of o's files (see struct manifest_org), then the files in display order. */
static void finish_org(struct manifest_org *o)
{
	char **lines = xcalloc(o->nfiles + 1, sizeof *lines);
	for (size_t i = 0; i < o->nfiles; i++)
		lines[i] = xasprintf("%s  %s\n", o->files[i].sha256, o->files[i].path);
	if (o->nfiles > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(lines, o->nfiles, sizeof *lines, by_bytes);
	struct sha256 *s = sha256_new();
	for (size_t i = 0; i < o->nfiles; i++) {
		sha256_add(s, lines[i], strlen(lines[i]));
		free(lines[i]);
	}
	free(lines);
	sha256_finish_hex(s, o->set_hash);
	sha256_free(s);
	if (o->nfiles > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(o->files, o->nfiles, sizeof *o->files, by_kind_then_path);
}

struct manifest *manifest_load(const char *dir)
{
	struct reader r = {.path = NULL};
	char *path = xasprintf("%s/manifest.json", dir);
	r.path = path;
	struct strbuf err = {0};
	struct json *j = json_load(path, &err);
	struct manifest *m = xcalloc(1, sizeof *m);
	size_t cap = 0;
	struct keyset *codes = keyset_new(), *paths = keyset_new();

	if (!j) {
		util_warn("%s (tệp do bước phát hành viết: đã chạy baocao-publish chưa?)", err.data);
		r.problems++;
		goto done;
	}
	if (json_type(j) != JSON_OBJECT) {
		problem(&r, "tệp phải chứa một đối tượng JSON");
		goto done;
	}
	const char *period = need_string(&r, j, "ky", "");
	long long issue = need_int(&r, j, "lan", 1, 1000000, 0, "");
	int draft = need_bool(&r, j, "ban_du_thao", "");
	const struct json *files = json_get(j, "tep");
	if (!files || json_type(files) != JSON_ARRAY) {
		problem(&r, "thiếu “tep” (mảng các tệp đã phát hành)");
		goto done;
	}
	m->period = period ? xstrdup(period) : NULL;
	m->issue = (long)issue;
	m->draft = draft == 1;
	size_t i = 0;
	for (const struct json *e = json_at(files, 0); e; e = json_next(e), i++)
		read_entry(&r, m, &cap, codes, paths, dir, e, i);
	if (m->norgs > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(m->orgs, m->norgs, sizeof *m->orgs, by_code);
	for (size_t o = 0; o < m->norgs; o++)
		finish_org(&m->orgs[o]);
done:
	if (r.problems > MAX_PROBLEMS)
		util_warn("%s: và %zu lỗi khác", path, r.problems - MAX_PROBLEMS);
	json_free(j);
	keyset_free(codes);
	keyset_free(paths);
	strbuf_free(&err);
	free(path);
	if (r.problems) {
		manifest_free(m);
		return NULL;
	}
	return m;
}

int manifest_read_file(const char *dir, const struct manifest_file *f, struct strbuf *out,
		       struct strbuf *err)
{
	char *full = xasprintf("%s/%s", dir, f->path);
	int ret = -1;
	char hex[SHA256_HEX_SIZE];

	strbuf_reset(out);
	if (strbuf_read_file(out, full) != 0) {
		strbuf_addf(err, "không đọc được tệp %s: %s", full, util_strerror(errno));
		goto done;
	}
	sha256_of(out->data, out->len, hex);
	if ((long long)out->len != f->size || strcmp(hex, f->sha256) != 0) {
		strbuf_addf(err, "tệp %s đã đổi sau khi đọc manifest (kích thước hoặc mã SHA-256 khác)",
			    full);
		goto done;
	}
	ret = 0;
done:
	free(full);
	return ret;
}

long manifest_find(const struct manifest *m, const char *code, size_t len)
{
	return orgtree_search(m->orgs, m->norgs, sizeof *m->orgs, offsetof(struct manifest_org, code), code, len);
}

char *manifest_period_words(const char *period)
{
	int year, month, n = 0;
	if (sscanf(period, "%4d-%2d%n", &year, &month, &n) == 2 && !period[n] && month >= 1 &&
	    month <= 12)
		return xasprintf("tháng %d năm %d", month, year);
	if (sscanf(period, "%4d%n", &year, &n) == 1 && !period[n] && n == 4)
		return xasprintf("năm %d", year);
	return xstrdup(period);
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->norgs; i++) {
		struct manifest_org *o = &m->orgs[i];
		for (size_t f = 0; f < o->nfiles; f++) {
			free(o->files[f].path);
			free(o->files[f].number);
		}
		free(o->files);
		free(o->code);
		free(o->name);
	}
	free(m->orgs);
	free(m->period);
	free(m);
}
