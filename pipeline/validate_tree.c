/*
 * validate_tree: references between the rows of one file. A foreign key to
 * the file itself (resource "") must find a valid row; a hierarchy must have
 * one root, allowed parent types and no cycles; and a row that refers to a
 * rejected row is rejected too, repeatedly, so that valid/ stays
 * referentially complete.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

struct tree {
	const struct resource *res;
	const struct schema *s;
	struct tree_row *rows;
	size_t nrows;
	tree_problem_fn problem;
	void *ctx;
	struct strbuf key, msg;
};

static void reject(struct tree *t, size_t i, enum vcode code, size_t field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void reject(struct tree *t, size_t i, enum vcode code, size_t field, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&t->msg);
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	t->problem(t->ctx, i, code, field, buf);
	t->rows[i].rejected = 1;
}

/* Indexes the rows still valid by the key ref_fields; values are row numbers + 1. */
static struct keyset *index_rows(struct tree *t, const size_t *fields, size_t n)
{
	struct keyset *ks = keyset_new();

	for (size_t i = 0; i < t->nrows; i++)
		if (!t->rows[i].rejected &&
		    build_key(&t->key, t->rows[i].values, fields, n))
			keyset_add(ks, t->key.data, t->key.len, (uint32_t)i + 1, NULL);
	return ks;
}

/* The key fields a self-reference points at, as field indexes. */
static size_t *ref_field_indexes(const struct schema *s, const struct schema_fk *fk)
{
	size_t *idx = xcalloc(fk->nfields, sizeof *idx);

	for (size_t k = 0; k < fk->nfields; k++)
		idx[k] = (size_t)schema_field_index(s, fk->ref_fields[k]);
	return idx;
}

/*
 * Checks one self-reference over every row; with cascade set, only rows whose
 * target exists but is rejected fail. Returns how many rows it rejected.
 */
static size_t check_self_fk(struct tree *t, const struct schema_fk *fk, int cascade)
{
	size_t *ref = ref_field_indexes(t->s, fk);
	struct keyset *all = keyset_new();
	size_t changed = 0;

	/* every row with its state, rejected rows included, to tell the two apart */
	for (size_t i = 0; i < t->nrows; i++)
		if (build_key(&t->key, t->rows[i].values, ref, fk->nfields))
			keyset_add(all, t->key.data, t->key.len, (uint32_t)i + 1, NULL);
	for (size_t i = 0; i < t->nrows; i++) {
		struct tree_row *r = &t->rows[i];
		uint32_t target;
		if (r->rejected || !schema_when_holds(t->s, &fk->when, r->values) ||
		    !build_key(&t->key, r->values, fk->fields, fk->nfields))
			continue;
		const char *v = r->values[fk->fields[0]].str;
		if (!keyset_find(all, t->key.data, t->key.len, &target)) {
			if (!cascade) {
				reject(t, i, V_FOREIGN_KEY, fk->fields[0],
				       "Không tìm thấy “%s” trong cột “%s” của tệp %s", v,
				       t->s->fields[ref[0]].title, t->res->file_name);
				changed++;
			}
		} else if (t->rows[target - 1].rejected) {
			reject(t, i, V_FOREIGN_KEY, fk->fields[0],
			       "Tham chiếu tới “%s” ở dòng %zu, nhưng dòng đó bị từ chối nên dòng này cũng bị từ chối; hãy sửa dòng %zu trước",
			       v, t->rows[target - 1].line, t->rows[target - 1].line);
			changed++;
		}
	}
	keyset_free(all);
	free(ref);
	return changed;
}

static long type_slot(const struct schema_hierarchy *h, const char *type)
{
	for (size_t i = 0; i < h->ntypes; i++)
		if (strcmp(h->child_types[i], type) == 0)
			return (long)i;
	return -1;
}

static int in_list(char **list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], v) == 0)
			return 1;
	return 0;
}

static void join(struct strbuf *b, char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " hoặc " : ", ", list[i]);
}

static void check_hierarchy(struct tree *t)
{
	const struct schema *s = t->s;
	const struct schema_hierarchy *h = s->hierarchy;
	size_t *pk = s->primary_key;
	struct keyset *index = index_rows(t, pk, s->npk);
	size_t root = 0;
	struct strbuf b = {0};

	for (size_t i = 0; i < t->nrows; i++) {
		struct tree_row *r = &t->rows[i];
		const char *type = r->values[h->type].str;
		const char *parent = r->values[h->parent].str;
		if (r->rejected || !type)
			continue;
		int is_root_type = in_list(h->root_types, h->nroot_types, type);
		if (!parent) {
			strbuf_reset(&b);
			join(&b, h->root_types, h->nroot_types);
			if (!is_root_type)
				reject(t, i, V_TREE, h->parent,
				       "Thiếu mã cấp trên: chỉ tổ chức gốc (loại %s) được để trống cột này",
				       b.data);
			else if (root)
				reject(t, i, V_TREE, h->parent,
				       "Chỉ được có một tổ chức gốc (loại %s); đã có tổ chức gốc ở dòng %zu",
				       b.data, t->rows[root - 1].line);
			else
				root = i + 1;
			continue;
		}
		if (is_root_type) {
			reject(t, i, V_TREE, h->parent,
			       "Tổ chức gốc (loại %s) không có cấp trên; hãy để trống cột này", type);
			continue;
		}
		uint32_t p;
		build_key(&t->key, r->values, &h->parent, 1);
		if (!keyset_find(index, t->key.data, t->key.len, &p))
			continue; /* a missing or rejected parent is the foreign key's business */
		const char *ptype = t->rows[p - 1].values[h->type].str;
		long slot = type_slot(h, type);
		if (slot < 0) {
			reject(t, i, V_TREE, h->type, "Loại tổ chức %s không được có cấp trên", type);
		} else if (!ptype || !in_list(h->parent_types[slot], h->nparent_types[slot], ptype)) {
			strbuf_reset(&b);
			join(&b, h->parent_types[slot], h->nparent_types[slot]);
			reject(t, i, V_TREE, h->parent,
			       "Tổ chức loại %s phải trực thuộc tổ chức loại %s, nhưng cấp trên “%s” (dòng %zu) thuộc loại %s",
			       type, b.data, parent, t->rows[p - 1].line, ptype ? ptype : "?");
		}
	}

	/* Cycles: walk up from each row, marking the walk; meeting the walk again is a cycle. */
	size_t *mark = xcalloc(t->nrows, sizeof *mark);
	for (size_t start = 0; start < t->nrows; start++) {
		size_t i = start;
		uint32_t p;
		while (!mark[i] && !t->rows[i].rejected) {
			mark[i] = start + 1;
			if (!build_key(&t->key, t->rows[i].values, &h->parent, 1) ||
			    !keyset_find(index, t->key.data, t->key.len, &p))
				break;
			i = p - 1;
		}
		if (mark[i] != start + 1 || t->rows[i].rejected ||
		    !build_key(&t->key, t->rows[i].values, &h->parent, 1) ||
		    !keyset_find(index, t->key.data, t->key.len, &p))
			continue;
		/* i is on a cycle: name it, then reject every member */
		strbuf_reset(&b);
		size_t k = i;
		do {
			strbuf_addf(&b, "%s → ", t->rows[k].values[pk[0]].str);
			build_key(&t->key, t->rows[k].values, &h->parent, 1);
			keyset_find(index, t->key.data, t->key.len, &p);
			k = p - 1;
		} while (k != i);
		strbuf_adds(&b, t->rows[i].values[pk[0]].str);
		size_t *members = NULL, nmembers = 0, cap = 0;
		do {
			xgrow(&members, &cap, nmembers + 1, sizeof *members);
			members[nmembers++] = k;
			build_key(&t->key, t->rows[k].values, &h->parent, 1);
			keyset_find(index, t->key.data, t->key.len, &p);
			k = p - 1;
		} while (k != i);
		for (size_t m = 0; m < nmembers; m++)
			reject(t, members[m], V_TREE, h->parent,
			       "Vòng lặp cấp trên: %s; mỗi tổ chức phải dẫn lên được tổ chức gốc", b.data);
		free(members);
	}
	free(mark);
	if (!root)
		for (size_t i = 0; i < t->nrows; i++)
			if (!t->rows[i].rejected) {
				strbuf_reset(&b);
				join(&b, h->root_types, h->nroot_types);
				reject(t, i, V_TREE, h->parent,
				       "Tệp không có tổ chức gốc (loại %s, để trống mã cấp trên)", b.data);
			}
	strbuf_free(&b);
	keyset_free(index);
}

void validate_tree(const struct resource *res, struct tree_row *rows, size_t nrows,
		   tree_problem_fn add_problem, void *ctx)
{
	struct tree t = {.res = res, .s = res->schema, .rows = rows, .nrows = nrows,
			 .problem = add_problem, .ctx = ctx};
	const struct schema *s = t.s;

	for (size_t i = 0; i < s->nfks; i++)
		if (s->fks[i].resource[0] == '\0')
			check_self_fk(&t, &s->fks[i], 0);
	if (s->hierarchy && s->npk == 1)
		check_hierarchy(&t);
	/* Rows that refer to rejected rows, until nothing changes. */
	for (size_t changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < s->nfks; i++)
			if (s->fks[i].resource[0] == '\0')
				changed += check_self_fk(&t, &s->fks[i], 1);
	}
	strbuf_free(&t.key);
	strbuf_free(&t.msg);
}
