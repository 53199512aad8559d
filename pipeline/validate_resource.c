/*
 * validate_resource: the files of a run, their schemas, the indexes other
 * files look their keys up in, and the order of validation (see
 * validate_resource.h).
 */
#include "validate_resource.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct resource *resource_new(const char *path, const char *schema_dir)
{
	struct resource *r = xcalloc(1, sizeof *r);
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len < 5 || strcmp(base + len - 4, ".csv") != 0)
		util_die(EXIT_SYSTEM, "%s: tên tệp phải có đuôi .csv", path);
	r->file.path = xstrdup(path);
	r->file.file_name = xstrdup(base);
	r->file.name = xstrndup(base, len - 4);
	if (access(path, R_OK) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
	if (schema_dir) {
		char *sp = xasprintf("%s/%s.json", schema_dir, r->file.name);
		struct strbuf err = {0};
		if (access(sp, R_OK) != 0)
			util_die_errno(EXIT_SYSTEM, "không có lược đồ cho tệp %s (cần %s)",
				       r->file.file_name, sp);
		if (!(r->schema = schema_load(sp, &err)))
			util_die(EXIT_SYSTEM, "%s", err.data);
		free(sp);
	}
	return r;
}

struct resource *resource_find(struct resource *const *res, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(res[i]->file.name, name) == 0)
			return res[i];
	return NULL;
}

/* A field of target's schema that a foreign key names; exits 2 when there is none. */
static long target_field(const struct resource *target, const char *name, const char *what)
{
	long f = schema_field_index(target->schema, name);
	if (f < 0)
		util_die(EXIT_SYSTEM, "%s: %s trỏ tới cột không có trong %s: %s",
			 target->schema->path, what, target->file.file_name, name);
	return f;
}

/* Returns target's index on fk's fields (and filter), creating it on first use. */
static struct refindex *get_index(struct resource *target, const struct schema_fk *fk)
{
	const struct schema *ts = target->schema;
	size_t *fields = xcalloc(fk->nfields, sizeof *fields);
	long filter = -1, start = -1, end = -1;

	for (size_t k = 0; k < fk->nfields; k++)
		fields[k] = (size_t)target_field(target, fk->ref_fields[k], "khóa ngoại");
	if (fk->ref_filter_field)
		filter = target_field(target, fk->ref_filter_field, "reference.where");
	if (fk->ref_active_start) {
		start = target_field(target, fk->ref_active_start, "reference.where.activeDuringPeriod");
		end = target_field(target, fk->ref_active_end, "reference.where.activeDuringPeriod");
		if (ts->fields[start].type != SCHEMA_DATE || ts->fields[end].type != SCHEMA_DATE)
			util_die(EXIT_SYSTEM, "%s: reference.where.activeDuringPeriod cần hai cột ngày của %s: %s, %s",
				 ts->path, target->file.file_name, fk->ref_active_start, fk->ref_active_end);
	}
	for (size_t i = 0; i < target->nindexes; i++) {
		struct refindex *x = target->indexes[i];
		if (x->nfields != fk->nfields || x->filter_field != filter ||
		    x->active_start != start || x->active_end != end ||
		    memcmp(x->fields, fields, fk->nfields * sizeof *fields) != 0)
			continue;
		if (filter >= 0 && (x->nfilter != fk->nref_filter ||
				    memcmp(x->filter_values, fk->ref_filter_values,
					   fk->nref_filter * sizeof(char *)) != 0))
			continue;
		free(fields);
		return x;
	}
	struct refindex *x = xcalloc(1, sizeof *x);
	x->fields = fields;
	x->nfields = fk->nfields;
	x->filter_field = filter;
	x->active_start = start;
	x->active_end = end;
	if (filter >= 0) {
		x->filter_values = fk->ref_filter_values;
		x->nfilter = fk->nref_filter;
	}
	x->valid = keyset_new();
	x->rejected = keyset_new();
	size_t cap = target->nindexes;
	xgrow(&target->indexes, &cap, target->nindexes + 1, sizeof *target->indexes);
	target->indexes[target->nindexes++] = x;
	return x;
}

/* Links the foreign keys of r to their targets among res[0..n). */
static void link_keys(struct resource *r, struct resource **res, size_t n)
{
	const struct schema *s = r->schema;

	r->fk_target = xcalloc(s->nfks + 1, sizeof *r->fk_target);
	r->fk_index = xcalloc(s->nfks + 1, sizeof *r->fk_index);
	for (size_t k = 0; k < s->nfks; k++) {
		const struct schema_fk *fk = &s->fks[k];
		if (fk->resource[0] == '\0')
			continue;
		struct resource *t = resource_find(res, n, fk->resource);
		if (!t)
			util_die(EXIT_SYSTEM,
				 "%s cần tệp %s.csv để kiểm tra tham chiếu; hãy đưa cả tệp đó vào lệnh",
				 r->file.file_name, fk->resource);
		if (t == r)
			util_die(EXIT_SYSTEM, "%s: khóa ngoại tới chính tệp này phải ghi \"resource\": \"\"",
				 s->path);
		r->fk_target[k] = t;
		r->fk_index[k] = get_index(t, fk);
	}
}

/* 1 when every resource r refers to is placed (done, by index in res). */
static int ready(const struct resource *r, struct resource *const *res, size_t n,
		 const char *done)
{
	for (size_t k = 0; r->schema && k < r->schema->nfks; k++)
		for (size_t j = 0; r->fk_target[k] && j < n; j++)
			if (res[j] == r->fk_target[k] && !done[j])
				return 0;
	return 1;
}

void resources_link(struct resource **res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (res[i]->schema)
			link_keys(res[i], res, n);
	/* a stable topological order */
	struct resource **order = xcalloc(n ? n : 1, sizeof *order);
	char *done = xcalloc(n ? n : 1, 1);
	for (size_t placed = 0; placed < n;) {
		size_t i = 0;
		while (i < n && (done[i] || !ready(res[i], res, n, done)))
			i++;
		if (i == n)
			util_die(EXIT_SYSTEM, "các lược đồ tham chiếu vòng tròn lẫn nhau: không có thứ tự kiểm tra nào để mỗi tệp đứng sau các tệp nó tham chiếu");
		done[i] = 1;
		order[placed++] = res[i];
	}
	memcpy(res, order, n * sizeof *res);
	free(order);
	free(done);
}

void resource_free(struct resource *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nindexes; i++) {
		keyset_free(r->indexes[i]->valid);
		keyset_free(r->indexes[i]->rejected);
		free(r->indexes[i]->fields);
		free(r->indexes[i]);
	}
	free(r->indexes);
	free(r->fk_target);
	free(r->fk_index);
	schema_free(r->schema);
	free(r->file.name);
	free(r->file.path);
	free(r->file.file_name);
	free(r);
}
