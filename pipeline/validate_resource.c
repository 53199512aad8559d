/*
 * validate_resource: the files of a run, their schemas, how to read them
 * (the period's settings), the indexes other files look their keys up in,
 * the organisation lookups, and the order of validation (see
 * validate_resource.h).
 */
#include "validate_resource.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonfile.h"
#include "orgtree.h"
#include "textnorm.h"

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

int resource_held(const struct resource *r)
{
	const struct schema *s = r->schema;

	if (!s)
		return 0;
	if (s->hierarchy)
		return 1;
	for (size_t i = 0; i < s->nfks; i++)
		if (s->fks[i].resource[0] == '\0')
			return 1;
	return 0;
}

size_t refindex_head(const struct refindex *idx, const struct schema_value *values,
		     const size_t *fields, size_t len)
{
	if (!idx->pk_fields)
		return len;
	size_t head = idx->pk_fields - 1; /* the NULs between them */
	for (size_t i = 0; i < idx->pk_fields; i++)
		head += values[fields[i]].len;
	return head;
}

int refindex_find(const struct refindex *idx, const char *key, size_t len, size_t head,
		  uint32_t *value, uint32_t *cursor)
{
	uint32_t line;

	if (!idx->pk_fields)
		return keyset_find_from(idx->valid, key, len, value, cursor);
	if (!keyset_find_from(idx->valid, key, head, &line, cursor))
		return 0;
	if (head < len) { /* the other fields must be the row's */
		uint32_t at = line < idx->cap_rest_at ? idx->rest_at[line] : 0, n;
		if (!at)
			return 0;
		memcpy(&n, idx->rest.data + at - 1, sizeof n);
		if (n != len - head - 1 || memcmp(idx->rest.data + at - 1 + sizeof n, key + head + 1, n) != 0)
			return 0;
	}
	if (line / 8 < idx->cap_filtered && (idx->filtered[line / 8] >> (line % 8) & 1))
		line |= REF_FILTERED;
	*value = line;
	return 1;
}

/* Grows a zero-filled array by line (elem bytes an entry) to hold entry line. */
static void grow_zeroed(void *p, size_t *cap, size_t line, size_t elem)
{
	size_t had = *cap;

	xgrow(p, cap, line + 1, elem);
	memset(*(char **)p + had * elem, 0, (*cap - had) * elem);
}

void refindex_add(struct refindex *idx, const char *key, size_t len, uint64_t hash, uint32_t line,
		  int filtered)
{
	uint32_t old, value = line | (filtered ? REF_FILTERED : 0);

	if (!keyset_add_hashed(idx->valid, key, len, hash, value, &old) && (old & REF_FILTERED) &&
	    !filtered)
		keyset_update(idx->valid, key, len, value);
}

void refindex_note(struct refindex *idx, uint32_t line, const char *rest, size_t rest_len,
		   int filtered)
{
	if (rest) {
		if (line >= idx->cap_rest_at)
			grow_zeroed(&idx->rest_at, &idx->cap_rest_at, line, sizeof *idx->rest_at);
		if (idx->rest.len + rest_len > UINT32_MAX - 8)
			util_die(EXIT_SYSTEM, "quá nhiều khóa trong một tập (hơn 4 GiB)");
		uint32_t n = (uint32_t)rest_len;
		idx->rest_at[line] = (uint32_t)idx->rest.len + 1;
		strbuf_add(&idx->rest, &n, sizeof n);
		strbuf_add(&idx->rest, rest, n);
	}
	if (filtered) {
		if (line / 8 >= idx->cap_filtered)
			grow_zeroed(&idx->filtered, &idx->cap_filtered, line / 8, 1);
		idx->filtered[line / 8] |= (unsigned char)(1u << (line % 8));
	}
}

/* 1 when fields[0..n) start with the primary key of ts, in its order. */
static int starts_with_primary_key(const struct schema *ts, const size_t *fields, size_t n)
{
	if (!ts->npk || n < ts->npk)
		return 0;
	for (size_t i = 0; i < ts->npk; i++)
		if (fields[i] != ts->primary_key[i])
			return 0;
	return 1;
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
	if (!resource_held(target) && starts_with_primary_key(ts, fields, fk->nfields)) {
		if (!target->pk) {
			/* filled by the target's sequencing, indexed when it is done */
			target->pk = keyset_new();
			keyset_defer_slots(target->pk);
		}
		x->valid = target->pk;
		x->pk_fields = ts->npk;
	} else {
		x->valid = keyset_new();
	}
	x->rejected = keyset_new();
	size_t cap = target->nindexes;
	xgrow(&target->indexes, &cap, target->nindexes + 1, sizeof *target->indexes);
	target->indexes[target->nindexes++] = x;
	return x;
}

/* Links the organisation lookups of r to the resources they read among res[0..n). */
static void link_lookups(struct resource *r, struct resource **res, size_t n)
{
	const struct schema *s = r->schema;

	r->org_target = xcalloc(s->norgs + 1, sizeof *r->org_target);
	r->org_lookup = xcalloc(s->norgs + 1, sizeof *r->org_lookup);
	for (size_t k = 0; k < s->norgs; k++) {
		const struct schema_org *o = &s->orgs[k];
		if (!o->lookup_resource)
			continue;
		struct resource *t = resource_find(res, n, o->lookup_resource);
		if (t == r)
			util_die(EXIT_SYSTEM, "%s: organisationField.lookup không được tra trong chính tệp này",
				 s->path);
		if (!t)
			continue; /* not in this run: nothing to find */
		target_field(t, o->lookup_key, "organisationField.lookup.key");
		target_field(t, o->lookup_organisation, "organisationField.lookup.organisation");
		r->org_target[k] = t;
	}
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

/* 1 when every resource r refers to or looks up is placed (done, by index in res). */
static int ready(const struct resource *r, struct resource *const *res, size_t n,
		 const char *done)
{
	for (size_t k = 0; r->schema && k < r->schema->nfks; k++)
		for (size_t j = 0; r->fk_target[k] && j < n; j++)
			if (res[j] == r->fk_target[k] && !done[j])
				return 0;
	for (size_t k = 0; r->schema && k < r->schema->norgs; k++)
		for (size_t j = 0; r->org_target[k] && j < n; j++)
			if (res[j] == r->org_target[k] && !done[j])
				return 0;
	return 1;
}

void resources_link(struct resource **res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (res[i]->schema) {
			link_keys(res[i], res, n);
			link_lookups(res[i], res, n);
		}
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

/* ---- organisation lookups ---- */

/*
 * The organisation of every valid record of a resource by one of its keys:
 * keys maps the key to the offset of its organisation's code in codes,
 * where each code is kept once (seen maps it to its offset).
 */
struct org_lookup {
	struct keyset *keys, *seen;
	struct strbuf codes;
};

/*
 * Adds to l the organisation of each record of the file at path whose key
 * is not there yet; typed says the file holds the records as typed (then
 * only a cell that looks like a code counts).
 */
static void lookup_read(struct org_lookup *l, const char *path, const struct csvin_options *opt,
			int typed, const struct schema *s, const char *key, const char *org)
{
	struct csvin *in = csvin_open(path, opt);
	struct csvin_record rec;
	long kc = -1, oc = -1;

	if (!in)
		return; /* nothing to find */
	if (csvin_next(in, &rec) && rec.status == CSVIN_OK) {
		/* valid/ is headed by the fields' names; rejected/ by what the clerk wrote */
		long kf = schema_field_index(s, key), of = schema_field_index(s, org);
		for (size_t i = 0; i < rec.nfields; i++) {
			long f = schema_field_for_label(s, rec.fields[i].data, rec.fields[i].len);
			if (f == kf && kc < 0)
				kc = (long)i;
			if (f == of && oc < 0)
				oc = (long)i;
		}
	}
	while (kc >= 0 && oc >= 0 && csvin_next(in, &rec)) {
		if ((size_t)kc >= rec.nfields || (size_t)oc >= rec.nfields)
			continue;
		const struct csvin_field *k = &rec.fields[kc], *o = &rec.fields[oc];
		uint32_t at;
		if (!k->len || !o->len || (typed && !orgtree_code_ok(o->data, o->len)) ||
		    keyset_find(l->keys, k->data, k->len, NULL))
			continue;
		if (!keyset_find(l->seen, o->data, o->len, &at)) {
			at = (uint32_t)l->codes.len;
			strbuf_add(&l->codes, o->data, o->len);
			strbuf_addc(&l->codes, '\0');
			keyset_add(l->seen, o->data, o->len, at, NULL);
		}
		keyset_add(l->keys, k->data, k->len, at, NULL);
	}
	csvin_close(in);
}

/*
 * The lookup of way k of r's organisationField from its resource t's
 * records: the valid ones (outdir/valid/), then, for the keys not found
 * there, the rejected ones (outdir/rejected/, as they were typed): a rating
 * of a person whose own record was rejected still belongs to their
 * organisation.
 */
static struct org_lookup *lookup_load(const struct resource *r, size_t k,
				      const struct resource *t, const char *outdir)
{
	const struct schema_org *o = &r->schema->orgs[k];
	struct org_lookup *l = xcalloc(1, sizeof *l);
	struct csvin_options plain = {.delimiter = ','};

	l->keys = keyset_new();
	l->seen = keyset_new();
	strbuf_add(&l->codes, "", 0);
	for (int pass = 0; pass < 2; pass++) {
		char *path = xasprintf("%s/%s/%s.csv", outdir, pass ? "rejected" : "valid",
				       t->file.name);
		lookup_read(l, path, pass ? &t->csv : &plain, pass, t->schema, o->lookup_key,
			    o->lookup_organisation);
		free(path);
	}
	return l;
}

static void lookup_free(struct org_lookup *l)
{
	if (!l)
		return;
	keyset_free(l->keys);
	keyset_free(l->seen);
	strbuf_free(&l->codes);
	free(l);
}

const char *resource_lookup_organisation(struct resource *res, size_t k, const char *outdir,
					 const char *key, size_t len)
{
	struct resource *t = res->org_target ? res->org_target[k] : NULL;
	uint32_t at;

	if (!t)
		return NULL;
	if (!res->org_lookup[k])
		res->org_lookup[k] = lookup_load(res, k, t, outdir);
	if (!keyset_find(res->org_lookup[k]->keys, key, len, &at))
		return NULL;
	return res->org_lookup[k]->codes.data + at;
}

/* ---- the period's settings ---- */

int resource_delimiter(const char *v)
{
	if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
		return '\t';
	if (strlen(v) == 1 && strchr(",;|\t", v[0]))
		return v[0];
	return -1;
}

/* 1 when a and b are the same name, or alike once folded ("Bảng mã", "bang_ma"). */
static int same_name(const char *a, const char *b)
{
	struct strbuf x = {0}, y = {0};

	if (strcmp(a, b) == 0)
		return 1;
	int same = textnorm_fold(a, strlen(a), &x) == 0 && textnorm_fold(b, strlen(b), &y) == 0 &&
		   x.len && strcmp(x.data, y.data) == 0;
	strbuf_free(&x);
	strbuf_free(&y);
	return same;
}

/* The names a settings file may give: the files' and the schemas'. */
struct known_names {
	char **names;
	size_t n, cap;
};

static void add_known(struct known_names *k, const char *name, size_t len)
{
	for (size_t i = 0; i < k->n; i++)
		if (strlen(k->names[i]) == len && memcmp(k->names[i], name, len) == 0)
			return;
	xgrow(&k->names, &k->cap, k->n + 1, sizeof *k->names);
	k->names[k->n++] = xstrndup(name, len);
}

static void known_names(struct known_names *k, struct resource *const *res, size_t n,
			const char *schema_dir)
{
	for (size_t i = 0; i < n; i++)
		add_known(k, res[i]->file.name, strlen(res[i]->file.name));
	DIR *d = schema_dir ? opendir(schema_dir) : NULL;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len > 5 && e->d_name[0] != '.' && strcmp(e->d_name + len - 5, ".json") == 0)
			add_known(k, e->d_name, len - 5);
	}
	if (d)
		closedir(d);
}

/* What one section of the settings sets: an encoding or a separator. */
enum setting { SET_ENCODING, SET_DELIMITER };

static const char *const section_names[] = {"bang_ma", "dau_phan_cach"};

/* Sets r's encoding or separator to value. */
static void apply_setting(struct resource *r, enum setting what, int value)
{
	if (what == SET_ENCODING)
		r->csv.encoding = (enum textnorm_encoding)value;
	else
		r->csv.delimiter = (char)value;
}

/* Reads one section ("bang_ma" or "dau_phan_cach") and applies it. */
static void apply_section(const char *path, const struct json *sec, enum setting what,
			  struct resource **res, size_t n, const struct known_names *known)
{
	const char *sname = section_names[what];

	if (json_type(sec) != JSON_OBJECT)
		util_die(EXIT_SYSTEM, "%s: “%s” phải là một đối tượng: tên tệp nhập → %s, ví dụ {\"%s\": \"%s\"}",
			 path, sname, what == SET_ENCODING ? "bảng mã" : "dấu phân cách",
			 what == SET_ENCODING ? "nhan_su" : "cam_ket",
			 what == SET_ENCODING ? "windows-1258" : ";");
	/* "*" first, then the names, so that a name wins wherever it is written */
	for (int pass = 0; pass < 2; pass++)
		for (const struct json *m = json_at(sec, 0); m; m = json_next(m)) {
			const char *name = json_key(m), *v = json_string(m);
			int every = strcmp(name, "*") == 0;
			if (every != (pass == 0))
				continue;
			size_t i = 0;
			while (!every && i < known->n && !same_name(name, known->names[i]))
				i++;
			if (!every && i == known->n) {
				size_t len = strlen(name);
				struct strbuf files = {0};
				for (size_t k = 0; k < n; k++)
					strbuf_addf(&files, "%s%s", k ? ", " : "", res[k]->file.name);
				if (len > 4 && strcmp(name + len - 4, ".csv") == 0)
					util_die(EXIT_SYSTEM, "%s: “%s”: hãy viết tên tệp nhập không có đuôi .csv: “%.*s”, không phải “%s”",
						 path, sname, (int)(len - 4), name, name);
				util_die(EXIT_SYSTEM, "%s: “%s”: không có tệp nhập “%s”; dùng tên tệp không có đuôi .csv (%s), hoặc \"*\" cho mọi tệp",
					 path, sname, name, files.data);
			}
			if (!v)
				util_die(EXIT_SYSTEM, "%s: “%s”.“%s” phải là %s viết trong ngoặc kép, ví dụ %s", path,
					 sname, name, what == SET_ENCODING ? "tên một bảng mã" : "một dấu phân cách",
					 what == SET_ENCODING ? "\"tcvn3\"" : "\";\"");
			int value = what == SET_ENCODING ? textnorm_encoding_from_name(v)
							 : resource_delimiter(v);
			if (value < 0 && what == SET_ENCODING)
				util_die(EXIT_SYSTEM, "%s: “%s”.“%s”: bảng mã “%s” không hỗ trợ (dùng utf-8, tcvn3, windows-1258, utf-16le)",
					 path, sname, name, v);
			if (value < 0)
				util_die(EXIT_SYSTEM, "%s: “%s”.“%s”: dấu phân cách “%s” không hợp lệ (dùng \",\", \";\", \"tab\" hoặc \"|\")",
					 path, sname, name, v);
			for (size_t k = 0; k < n; k++)
				if (every || same_name(name, res[k]->file.name))
					apply_setting(res[k], what, value);
		}
}

void resources_apply_settings(struct resource **res, size_t n, const char *path,
			      const char *schema_dir)
{
	struct strbuf err = {0};
	struct known_names known = {0};

	if (access(path, R_OK) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp cài đặt %s", path);
	struct json *j = json_load(path, &err);
	if (!j)
		util_die(EXIT_SYSTEM, "%s (tệp cài đặt: hãy kiểm tra dấu ngoặc, dấu phẩy và dấu ngoặc kép)",
			 err.data);
	if (json_type(j) != JSON_OBJECT)
		util_die(EXIT_SYSTEM, "%s: tệp cài đặt phải là một đối tượng JSON, ví dụ {\"bang_ma\": {\"nhan_su\": \"windows-1258\"}}",
			 path);
	known_names(&known, res, n, schema_dir);
	for (const struct json *m = json_at(j, 0); m; m = json_next(m)) {
		const char *key = json_key(m);
		if (same_name(key, "bang_ma"))
			apply_section(path, m, SET_ENCODING, res, n, &known);
		else if (same_name(key, "dau_phan_cach"))
			apply_section(path, m, SET_DELIMITER, res, n, &known);
		else if (!same_name(key, "ghi_chu"))
			util_die(EXIT_SYSTEM, "%s: mục “%s” không có trong tệp cài đặt; chỉ dùng “bang_ma” (bảng mã), “dau_phan_cach” (dấu phân cách) và “ghi_chu”",
				 path, key);
	}
	for (size_t i = 0; i < known.n; i++)
		free(known.names[i]);
	free(known.names);
	json_free(j);
	strbuf_free(&err);
}

void resource_free(struct resource *r)
{
	if (!r)
		return;
	for (size_t k = 0; r->org_lookup && r->schema && k < r->schema->norgs; k++)
		lookup_free(r->org_lookup[k]);
	free(r->org_lookup);
	free(r->org_target);
	for (size_t i = 0; i < r->nindexes; i++) {
		if (!r->indexes[i]->pk_fields)
			keyset_free(r->indexes[i]->valid);
		keyset_free(r->indexes[i]->rejected);
		free(r->indexes[i]->filtered);
		free(r->indexes[i]->rest_at);
		strbuf_free(&r->indexes[i]->rest);
		free(r->indexes[i]->fields);
		free(r->indexes[i]);
	}
	free(r->indexes);
	keyset_free(r->pk);
	free(r->fk_target);
	free(r->fk_index);
	schema_free(r->schema);
	free(r->file.name);
	free(r->file.path);
	free(r->file.file_name);
	free(r);
}
