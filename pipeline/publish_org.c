/*
 * publish_org: the recipients and their documents (see publish_org.h).
 */
#include "publish_org.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "document.h"
#include "orgtree.h"
#include "rejects.h"

const char *const pub_kind_names[] = {
	[PUB_REPORT] = "bao_cao", [PUB_CHECK] = "kiem_tra", [PUB_REJECTED_ROWS] = "dong_bi_tu_choi",
	[PUB_TABLE] = "bang_so_lieu", [PUB_ZIP] = "zip", [PUB_INDEX] = "muc_luc",
};

static struct pub_doc *add_doc(struct pub_org *o, enum pub_kind kind, const char *name)
{
	o->docs = xrealloc(o->docs, (o->ndocs + 1) * sizeof *o->docs);
	struct pub_doc *d = &o->docs[o->ndocs++];
	*d = (struct pub_doc){.kind = kind, .name = xstrdup(name)};
	return d;
}

static double number_at(const struct json *j, const char *a, const char *b)
{
	double x = NAN;
	const struct json *v = json_get(j, a);
	if (b)
		v = json_get(v, b);
	json_number(v, &x);
	return x;
}

/* "12-BC/ĐUK" as a file name: "12-BC-ĐUK". */
static char *file_safe(const char *s)
{
	char *t = xstrdup(s);
	for (char *p = t; *p; p++)
		if (*p == '/' || *p == '\\' || *p == ':' || (unsigned char)*p < 0x20)
			*p = '-';
	return t;
}

/* The organisation of aggregate file path, with its report. */
static void load_org(struct pub_org *o, const char *dir, const char *path, const struct json *report,
		     const char *report_path, struct recipients *r)
{
	struct strbuf err = {0};
	struct json *j = json_load(path, &err);
	if (!j)
		util_die(EXIT_SYSTEM, "%s", err.data);
	const char *code = json_string(json_get(j, "ma_to_chuc"));
	const char *name = json_string(json_get(j, "ten_to_chuc"));
	const char *parent = json_string(json_get(j, "ma_cap_tren"));
	const char *period = json_string(json_get(j, "ky"));
	const char *end = json_string(json_get(j, "ngay_cuoi_ky"));
	if (!code || !name || !parent || !period || !end || !orgtree_code_ok(code, strlen(code)))
		util_die(EXIT_SYSTEM, "%s: không phải tệp của bước aggregate", path);
	if (!r->period) {
		r->period = xstrdup(period);
		r->end = xstrdup(end);
	}
	o->code = xstrdup(code);
	o->name = xstrdup(name);
	o->root = !*parent;
	o->draft = json_bool(json_get(j, "du_thao")) == 1;
	const struct json *all = json_get(j, "toan_bo");
	o->people = (long long)number_at(all, "so_nguoi", NULL);
	o->commitments = (long long)number_at(all, "so_cam_ket", NULL);
	o->commitment_rate = number_at(all, "ty_le_cam_ket", NULL);
	double models = number_at(all, "mo_hinh", "hieu_qua");
	o->effective_models = isnan(models) ? 0 : (long long)models;
	o->has_commitments = json_bool(json_get(json_get(j, "co_du_lieu"), "cam_ket")) == 1;

	/* the report, named after its number as render drew it */
	char *number_path = xasprintf("%s/so-van-ban/%s.txt", dir, code);
	struct json *doc = document_of(report, report_path, j, o->root ? DOCUMENT_SUMMARY : DOCUMENT_NOTICE,
				       access(number_path, F_OK) == 0 ? number_path : NULL, &err);
	if (!doc)
		util_die(EXIT_SYSTEM, "%s", err.data);
	const char *number = json_string(json_get(doc, "so_van_ban"));
	const char *kind = o->root ? "Báo cáo" : "Thông báo";
	char *safe = number && *number && !o->draft ? file_safe(number) : NULL;
	char *fname = safe ? xasprintf("%s số %s.pdf", kind, safe) : xasprintf("%s (dự thảo).pdf", kind);
	struct pub_doc *d = add_doc(o, PUB_REPORT, fname);
	d->src = xasprintf("%s/reports/%s.pdf", dir, code);
	d->number = safe ? xstrdup(number) : NULL;
	d->draft = o->draft;
	if (access(d->src, R_OK) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được báo cáo %s (chạy make render trước)", d->src);
	free(fname);
	free(safe);
	free(number_path);
	json_free(doc);

	char *check = xasprintf("%s/reports/kiem-tra/%s.pdf", dir, code);
	if (access(check, F_OK) == 0)
		add_doc(o, PUB_CHECK, "Phiếu kiểm tra dữ liệu.pdf")->src = check;
	else
		free(check);
	if (o->root) {
		add_doc(o, PUB_TABLE, "Bảng số liệu.csv")->src = xasprintf("%s/aggregate/bang_so_lieu.csv", dir);
		add_doc(o, PUB_TABLE, "Bảng số liệu.xlsx")->src = xasprintf("%s/aggregate/bang_so_lieu.xlsx", dir);
	}
	json_free(j);
	strbuf_free(&err);
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct pub_org *)a)->code, ((const struct pub_org *)b)->code);
}

/* The organisation with code[0..len), or NULL (the list is sorted by code). */
static struct pub_org *find(struct recipients *r, const char *code, size_t len)
{
	long i = orgtree_search(r->orgs, r->n, sizeof *r->orgs, offsetof(struct pub_org, code), code, len);
	return i < 0 ? NULL : &r->orgs[i];
}

/*
 * Each organisation's rows of rejects.csv, as a table of its own (the same
 * columns); rows naming no organisation of the period go to the root's.
 */
static void split_rejects(struct recipients *r, const char *dir)
{
	struct csvin_options opt = {0};
	char *path = xasprintf("%s/rejects.csv", dir);
	struct csvin *in = csvin_open(path, &opt);
	struct csvin_record rec;
	long col[REJECTS_NCOLUMNS];
	const char *missing;
	struct pub_org *root = NULL;

	for (size_t i = 0; i < r->n; i++)
		if (r->orgs[i].root)
			root = &r->orgs[i];
	if (!in)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
	if (!csvin_next(in, &rec) || rejects_find_columns(&rec, col, &missing) != 0)
		util_die(EXIT_SYSTEM, "%s: không phải rejects.csv của bước validate", path);
	while (csvin_next(in, &rec)) {
		struct csvin_field f[REJECTS_NCOLUMNS];
		if (rec.status == CSVIN_BLANK)
			continue;
		for (int k = 0; k < REJECTS_NCOLUMNS; k++)
			rejects_cell(&rec, col, (enum rejects_column)k, &f[k]);
		struct pub_org *o = find(r, f[REJECTS_ORG].data, f[REJECTS_ORG].len);
		if (!o)
			o = root;
		if (!o)
			continue;
		struct pub_doc *d = NULL;
		for (size_t i = 0; i < o->ndocs && !d; i++)
			if (o->docs[i].kind == PUB_REJECTED_ROWS)
				d = &o->docs[i];
		if (!d) {
			d = add_doc(o, PUB_REJECTED_ROWS, "Các dòng bị từ chối.csv");
			rejects_add_header(&d->data);
		}
		const char *cells[REJECTS_NCOLUMNS];
		size_t lens[REJECTS_NCOLUMNS];
		for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
			cells[k] = f[k].data;
			lens[k] = f[k].len;
		}
		rejects_add_row(&d->data, cells, lens);
	}
	if (csvin_read_error(in))
		util_die(EXIT_SYSTEM, "lỗi khi đọc tệp %s", path);
	csvin_close(in);
	free(path);
}

struct recipients *recipients_load(const char *dir, const struct json *report,
				   const char *report_path)
{
	struct recipients *r = xcalloc(1, sizeof *r);
	char *agg = xasprintf("%s/aggregate", dir);
	DIR *d = opendir(agg);
	struct dirent *e;
	size_t cap = 0;

	if (!d)
		util_die_errno(EXIT_SYSTEM, "không đọc được thư mục %s (chạy make trước)", agg);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		char *path = xasprintf("%s/%s", agg, e->d_name);
		xgrow(&r->orgs, &cap, r->n + 1, sizeof *r->orgs);
		struct pub_org *o = &r->orgs[r->n++];
		*o = (struct pub_org){0};
		load_org(o, dir, path, report, report_path, r);
		r->drafts += (size_t)o->draft;
		free(path);
	}
	closedir(d);
	free(agg);
	if (!r->n)
		util_die(EXIT_SYSTEM, "%s/aggregate: không có báo cáo nào để phát hành", dir);
	if (r->n > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(r->orgs, r->n, sizeof *r->orgs, by_code);
	split_rejects(r, dir);
	return r;
}

void recipients_free(struct recipients *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		struct pub_org *o = &r->orgs[i];
		for (size_t k = 0; k < o->ndocs; k++) {
			free(o->docs[k].name);
			free(o->docs[k].src);
			free(o->docs[k].number);
			strbuf_free(&o->docs[k].data);
		}
		free(o->docs);
		free(o->code);
		free(o->name);
	}
	free(r->orgs);
	free(r->period);
	free(r->end);
	free(r);
}
