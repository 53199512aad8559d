/*
 * orgtree: loading the organisation hierarchy from a validated to_chuc.csv
 * (see orgtree.h). Codes are looked up by binary search over the sorted array.
 */
#include "orgtree.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"

/* An organisation as read, with its parent's code, before sorting and linking. */
struct read_org {
	struct org org;
	char *parent;
};

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct read_org *)a)->org.code, ((const struct read_org *)b)->org.code);
}

static char *field(const struct csvin_record *rec, long col)
{
	if (col < 0 || (size_t)col >= rec->nfields)
		return xstrdup("");
	return xstrndup(rec->fields[col].data, rec->fields[col].len);
}

static fmt_days date_field(const struct csvin_record *rec, long col)
{
	fmt_days d;

	if (col < 0 || (size_t)col >= rec->nfields ||
	    fmt_parse_date(rec->fields[col].data, rec->fields[col].len, 0, &d) != 0)
		return ORGTREE_NO_DATE;
	return d;
}

long orgtree_search(const void *base, size_t n, size_t size, size_t code_at, const char *code, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *c;
		memcpy(&c, (const char *)base + mid * size + code_at, sizeof c);
		int cmp = strncmp(c, code, len);
		if (cmp == 0)
			cmp = c[len] != '\0';
		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long orgtree_find(const struct orgtree *t, const char *code, size_t len)
{
	return orgtree_search(t->orgs, t->n, sizeof *t->orgs, offsetof(struct org, code), code, len);
}

int orgtree_active_during(const struct org *o, fmt_days first, fmt_days last)
{
	return (o->founded == ORGTREE_NO_DATE || o->founded <= last) &&
	       (o->dissolved == ORGTREE_NO_DATE || o->dissolved > first);
}

int orgtree_code_ok(const char *code, size_t len)
{
	if (len == 0 || len > ORGTREE_CODE_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9') ||
		      (i > 0 && (code[i] == '_' || code[i] == '-'))))
			return 0;
	return 1;
}

int orgtree_within(const struct orgtree *t, size_t a, size_t b)
{
	for (long i = (long)a; i >= 0; i = t->orgs[i].parent)
		if ((size_t)i == b)
			return 1;
	return 0;
}

/* Links parents and children, computes depths and the bottom-up order. */
static int link_tree(struct orgtree *t, char **parents, struct strbuf *err)
{
	size_t roots = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct org *o = &t->orgs[i];
		if (!orgtree_code_ok(o->code, strlen(o->code))) {
			strbuf_addf(err, "mã tổ chức “%s” không dùng được làm tên tệp (chỉ chữ in hoa không dấu, chữ số, “_” và “-”, tối đa %d ký tự)",
				    o->code, ORGTREE_CODE_MAX);
			return -1;
		}
		if (!parents[i][0]) {
			o->parent = -1;
			t->root = i;
			roots++;
			continue;
		}
		o->parent = orgtree_find(t, parents[i], strlen(parents[i]));
		if (o->parent < 0) {
			strbuf_addf(err, "tổ chức %s: không có cấp trên %s", o->code, parents[i]);
			return -1;
		}
		struct org *p = &t->orgs[o->parent];
		p->children = xrealloc(p->children, (p->nchildren + 1) * sizeof *p->children);
		p->children[p->nchildren++] = i; /* in code order: i grows */
	}
	if (t->n == 0) {
		strbuf_adds(err, "chưa có tổ chức nào: hãy điền to_chuc.csv (mỗi tổ chức một dòng, "
				 "tổ chức cấp trên cùng để trống mã cấp trên) rồi chạy lại");
		return -1;
	}
	if (roots != 1) {
		strbuf_addf(err, "cần đúng một tổ chức gốc (để trống mã cấp trên), có %zu", roots);
		return -1;
	}
	/* depths and the order, from the root down; reversed, children come first */
	size_t *order = xcalloc(t->n ? t->n : 1, sizeof *order), head = 0, tail = 0;
	order[tail++] = t->root;
	t->orgs[t->root].depth = 0;
	while (head < tail) {
		const struct org *o = &t->orgs[order[head++]];
		for (size_t k = 0; k < o->nchildren; k++) {
			t->orgs[o->children[k]].depth = o->depth + 1;
			order[tail++] = o->children[k];
		}
	}
	if (tail != t->n) {
		free(order);
		strbuf_addf(err, "%zu tổ chức không dẫn lên được tổ chức gốc", t->n - tail);
		return -1;
	}
	t->bottom_up = xcalloc(t->n ? t->n : 1, sizeof *t->bottom_up);
	for (size_t i = 0; i < t->n; i++)
		t->bottom_up[i] = order[t->n - 1 - i];
	free(order);
	return 0;
}

struct orgtree *orgtree_load(const char *path, struct strbuf *err)
{
	struct csvin_options opt = {0};
	struct csvin *in = csvin_open(path, &opt);
	struct csvin_record rec;

	if (!in) {
		strbuf_addf(err, "không đọc được tệp %s: %s", path, util_strerror(errno));
		return NULL;
	}
	long col[8];
	static const char *const names[8] = {"ma_to_chuc", "ten_to_chuc", "loai", "ma_cap_tren",
					     "ten_viet_tat", "ngay_thanh_lap", "ngay_giai_the", NULL};
	for (int k = 0; k < 8; k++)
		col[k] = -1;
	if (csvin_next(in, &rec))
		for (int k = 0; names[k]; k++)
			col[k] = csvin_column(&rec, names[k]);
	if (col[0] < 0 || col[3] < 0) {
		strbuf_addf(err, "%s: thiếu cột ma_to_chuc hoặc ma_cap_tren", path);
		csvin_close(in);
		return NULL;
	}
	struct read_org *read = NULL;
	size_t n = 0, cap = 0;
	while (csvin_next(in, &rec)) {
		xgrow(&read, &cap, n + 1, sizeof *read);
		struct read_org *r = &read[n++];
		memset(r, 0, sizeof *r);
		r->org.code = field(&rec, col[0]);
		r->org.name = field(&rec, col[1]);
		r->org.type = field(&rec, col[2]);
		r->org.short_name = field(&rec, col[4]);
		r->org.founded = date_field(&rec, col[5]);
		r->org.dissolved = date_field(&rec, col[6]);
		r->parent = field(&rec, col[3]);
	}
	int failed = csvin_read_error(in);
	csvin_close(in);
	if (n > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(read, n, sizeof *read, by_code);

	struct orgtree *t = xcalloc(1, sizeof *t);
	char **parents = xcalloc(n ? n : 1, sizeof *parents);
	t->orgs = xcalloc(n ? n : 1, sizeof *t->orgs);
	t->n = n;
	for (size_t i = 0; i < n; i++) {
		t->orgs[i] = read[i].org;
		parents[i] = read[i].parent;
	}
	free(read);
	if (failed)
		strbuf_addf(err, "%s: %s", path, util_strerror(failed));
	int bad = failed;
	if (!bad) {
		size_t mark = err->len;
		strbuf_addf(err, "%s: ", path); /* before what link_tree may say */
		bad = link_tree(t, parents, err);
		if (!bad)
			err->data[err->len = mark] = '\0';
	}
	for (size_t i = 0; i < n; i++)
		free(parents[i]);
	free(parents);
	if (bad) {
		orgtree_free(t);
		return NULL;
	}
	return t;
}

void orgtree_free(struct orgtree *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->orgs[i].code);
		free(t->orgs[i].name);
		free(t->orgs[i].type);
		free(t->orgs[i].short_name);
		free(t->orgs[i].children);
	}
	free(t->orgs);
	free(t->bottom_up);
	free(t);
}
