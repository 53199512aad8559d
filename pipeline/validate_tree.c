/*
 * validate_tree: references between the rows of one file. A foreign key to
 * the file itself (resource "") must find a valid row; a hierarchy must have
 * one root, allowed parent types and no cycles; and a row that refers to a
 * rejected row is rejected too, repeatedly, so that valid/ stays
 * referentially complete. Rows are read through the caller's accessor, so
 * the caller may keep them packed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_tree.h"

#include "keyset.h"
#include "orgtree.h"
#include "textnorm.h"

struct tree {
	const char *file_name;
	const struct schema *s;
	struct tree_rows *rows;
	struct schema_value *scratch[2]; /* values of two rows at once */
	struct strbuf key;
	uint32_t *parent;                /* per row: its valid parent's row + 1, or 0 */
};

/* Row i's values, in scratch array k (0 or 1). */
static const struct schema_value *vals(struct tree *t, size_t i, int k)
{
	return t->rows->values(t->rows->ctx, i, t->scratch[k]);
}

static const char *val(struct tree *t, size_t i, size_t field, int k)
{
	return vals(t, i, k)[field].str;
}

static size_t line_of(struct tree *t, size_t i)
{
	return t->rows->line(t->rows->ctx, i);
}

static void reject(struct tree *t, size_t i, enum vcode code, size_t field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void reject(struct tree *t, size_t i, enum vcode code, size_t field, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	int len = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof buf) /* cut: not inside a UTF-8 character */
		buf[textnorm_utf8_check(buf, strlen(buf))] = '\0';
	t->rows->problem(t->rows->ctx, i, code, field, buf);
	t->rows->rejected[i] = 1;
}

/* Indexes rows by fields (all rows, or the valid ones); values are row numbers + 1. */
static struct keyset *index_rows(struct tree *t, const size_t *fields, size_t n, int valid_only)
{
	struct keyset *ks = keyset_new();

	for (size_t i = 0; i < t->rows->n; i++)
		if ((!valid_only || !t->rows->rejected[i]) &&
		    schema_key(&t->key, vals(t, i, 0), fields, n))
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
 * Checks one self-reference over every row, given the index of every row by
 * the referenced key; with cascade set, only rows whose target exists but is
 * rejected fail. Returns how many rows it rejected.
 */
static size_t check_self_fk(struct tree *t, const struct schema_fk *fk,
			    const struct keyset *all, int cascade)
{
	size_t changed = 0;

	for (size_t i = 0; i < t->rows->n; i++) {
		const struct schema_value *v = vals(t, i, 0);
		uint32_t target;
		if (t->rows->rejected[i] || !schema_when_holds(t->s, &fk->when, v) ||
		    !schema_key(&t->key, v, fk->fields, fk->nfields))
			continue;
		const char *shown = v[fk->fields[0]].str;
		if (!keyset_find(all, t->key.data, t->key.len, &target)) {
			if (!cascade) {
				reject(t, i, V_FOREIGN_KEY, fk->fields[0],
				       "Không tìm thấy “%s” trong cột “%s” của tệp %s", shown,
				       t->s->fields[schema_field_index(t->s, fk->ref_fields[0])].title,
				       t->file_name);
				changed++;
			}
		} else if (t->rows->rejected[target - 1]) {
			size_t at = line_of(t, target - 1);
			reject(t, i, V_FOREIGN_KEY, fk->fields[0],
			       "Tham chiếu tới “%s” ở dòng %zu, nhưng dòng đó bị từ chối nên dòng này cũng bị từ chối; hãy sửa dòng %zu trước",
			       shown, at, at);
			changed++;
		}
	}
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

/* Finds each row's parent (row number + 1) among the valid rows of index, once. */
static void find_parents(struct tree *t, const struct keyset *index)
{
	t->parent = xcalloc(t->rows->n ? t->rows->n : 1, sizeof *t->parent);
	for (size_t i = 0; i < t->rows->n; i++)
		if (!schema_key(&t->key, vals(t, i, 0), &t->s->hierarchy->parent, 1) ||
		    !keyset_find(index, t->key.data, t->key.len, &t->parent[i]))
			t->parent[i] = 0;
}

static void check_types(struct tree *t)
{
	const struct schema_hierarchy *h = t->s->hierarchy;
	size_t root = 0;
	struct strbuf b = {0}, roots = {0};

	join(&roots, h->root_types, h->nroot_types);
	for (size_t i = 0; i < t->rows->n; i++) {
		const struct schema_value *v = vals(t, i, 0);
		const char *type = v[h->type].str;
		const char *parent = v[h->parent].str;
		if (t->rows->rejected[i] || !type)
			continue;
		int is_root_type = in_list(h->root_types, h->nroot_types, type);
		if (!parent) {
			if (!is_root_type)
				reject(t, i, V_TREE, h->parent,
				       "Thiếu mã cấp trên: chỉ tổ chức gốc (loại %s) được để trống cột này",
				       roots.data);
			else if (root)
				reject(t, i, V_TREE, h->parent,
				       "Chỉ được có một tổ chức gốc (loại %s); đã có tổ chức gốc ở dòng %zu",
				       roots.data, line_of(t, root - 1));
			else
				root = i + 1;
			continue;
		}
		if (is_root_type) {
			reject(t, i, V_TREE, h->parent,
			       "Tổ chức gốc (loại %s) không có cấp trên; hãy để trống cột này", type);
			continue;
		}
		uint32_t p = t->parent[i];
		if (!p)
			continue; /* a missing or rejected parent is the foreign key's business */
		const char *ptype = val(t, p - 1, h->type, 1);
		long slot = type_slot(h, type);
		if (slot < 0) {
			reject(t, i, V_TREE, h->type, "Loại tổ chức %s không được có cấp trên", type);
		} else if (!ptype || !in_list(h->parent_types[slot], h->nparent_types[slot], ptype)) {
			strbuf_reset(&b);
			join(&b, h->parent_types[slot], h->nparent_types[slot]);
			reject(t, i, V_TREE, h->parent,
			       "Tổ chức loại %s phải trực thuộc tổ chức loại %s, nhưng cấp trên “%s” (dòng %zu) thuộc loại %s",
			       type, b.data, parent, line_of(t, p - 1), ptype ? ptype : "?");
		}
	}
	if (!root)
		for (size_t i = 0; i < t->rows->n; i++)
			if (!t->rows->rejected[i])
				reject(t, i, V_TREE, h->parent,
				       "Tệp không có tổ chức gốc (loại %s, để trống mã cấp trên)",
				       roots.data);
	strbuf_free(&b);
	strbuf_free(&roots);
}

/* How many members of a cycle its message names. */
enum { CYCLE_SHOWN = 8 };

/*
 * Rejects the rows whose code cannot name a file (the reports are files
 * named by code, and make reads them): whatever the schema's pattern says.
 */
static void check_codes(struct tree *t)
{
	size_t pk = t->s->primary_key[0];
	for (size_t i = 0; i < t->rows->n; i++) {
		const char *code = t->rows->rejected[i] ? NULL : val(t, i, pk, 0);
		if (code && !orgtree_code_ok(code, strlen(code)))
			reject(t, i, V_CONSTRAINT, pk,
			       "Mã “%.64s” không dùng được làm tên tệp báo cáo: chỉ chữ in hoa không dấu, chữ số, “_” và “-”, tối đa 32 ký tự",
			       code);
	}
}

/* Walks up from each row, marking the walk; meeting the walk again is a cycle. */
static void check_cycles(struct tree *t)
{
	const struct schema *s = t->s;
	size_t n = t->rows->n, pk = s->primary_key[0];
	size_t *mark = xcalloc(n ? n : 1, sizeof *mark);
	struct strbuf b = {0};

	for (size_t start = 0; start < n; start++) {
		size_t i = start;
		uint32_t p = 0;
		while (!mark[i] && !t->rows->rejected[i]) {
			mark[i] = start + 1;
			if (!(p = t->parent[i]))
				break;
			i = p - 1;
		}
		if (mark[i] != start + 1 || t->rows->rejected[i] || !t->parent[i])
			continue;
		/* i is on a cycle: name it (its first CYCLE_SHOWN members), then reject every member */
		strbuf_reset(&b);
		size_t k = i, *members = NULL, nmembers = 0, cap = 0;
		do {
			if (nmembers < CYCLE_SHOWN)
				strbuf_addf(&b, "%s → ", val(t, k, pk, 0));
			xgrow(&members, &cap, nmembers + 1, sizeof *members);
			members[nmembers++] = k;
			k = t->parent[k] - 1;
		} while (k != i);
		if (nmembers > CYCLE_SHOWN)
			strbuf_addf(&b, "… (cả vòng có %zu tổ chức) → ", nmembers);
		strbuf_adds(&b, val(t, i, pk, 0));
		for (size_t m = 0; m < nmembers; m++)
			reject(t, members[m], V_TREE, s->hierarchy->parent,
			       "Vòng lặp cấp trên: %s; mỗi tổ chức phải dẫn lên được tổ chức gốc", b.data);
		free(members);
	}
	free(mark);
	strbuf_free(&b);
}

void validate_tree(const struct schema *s, const char *file_name, struct tree_rows *rows)
{
	struct tree t = {.file_name = file_name, .s = s, .rows = rows};

	t.scratch[0] = xcalloc(s->nfields, sizeof *t.scratch[0]);
	t.scratch[1] = xcalloc(s->nfields, sizeof *t.scratch[1]);
	/* every row by the key each self-reference points at, built once */
	struct keyset **all = xcalloc(s->nfks + 1, sizeof *all);
	for (size_t i = 0; i < s->nfks; i++)
		if (s->fks[i].resource[0] == '\0') {
			size_t *ref = ref_field_indexes(s, &s->fks[i]);
			all[i] = index_rows(&t, ref, s->fks[i].nfields, 0);
			free(ref);
			check_self_fk(&t, &s->fks[i], all[i], 0);
		}
	if (s->hierarchy && s->npk == 1) {
		check_codes(&t);
		struct keyset *index = index_rows(&t, s->primary_key, 1, 1);
		find_parents(&t, index);
		keyset_free(index);
		check_types(&t);
		check_cycles(&t);
		free(t.parent);
	}
	/* Rows that refer to rejected rows, until nothing changes. */
	for (size_t changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < s->nfks; i++)
			if (all[i])
				changed += check_self_fk(&t, &s->fks[i], all[i], 1);
	}
	for (size_t i = 0; i < s->nfks; i++)
		keyset_free(all[i]);
	free(all);
	free(t.scratch[0]);
	free(t.scratch[1]);
	strbuf_free(&t.key);
}
