/*
 * aggregate_rules: the aggregate stage's rules file (see aggregate_rules.h).
 */
#include "aggregate_rules.h"

#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"

/* Reads a list of type names at key; returns 0, or -1 with the reason in err. */
static int load_types(const struct json *j, const char *path, const char *key,
		      struct type_set *out, struct strbuf *err)
{
	if (json_type(j) != JSON_ARRAY) {
		strbuf_addf(err, "%s: %s phải là một danh sách loại tổ chức", path, key);
		return -1;
	}
	out->types = xcalloc(json_size(j) + 1, sizeof *out->types);
	for (const struct json *e = json_at(j, 0); e; e = json_next(e)) {
		if (!json_string(e)) {
			strbuf_addf(err, "%s: %s chỉ được chứa chuỗi", path, key);
			return -1;
		}
		out->types[out->n++] = xstrdup(json_string(e));
	}
	return 0;
}

/* A counter named at key of w; returns it, or -1 with the reason in err. */
static int load_counter(const struct json *w, const char *key, const char *path, size_t i,
			struct strbuf *err)
{
	const char *name = json_string(json_get(w, key));
	int k = name ? figures_counter_find(name) : -1;
	if (k < 0)
		strbuf_addf(err, "%s: warnings[%zu].%s phải là tên một số liệu, như \"xep_loai_dang_vien.HTXSNV\"%s%s",
			    path, i, key, name ? ", không phải " : "", name ? name : "");
	return k;
}

static int load_warning(const struct json *j, const char *path, size_t i,
			struct figures_warning *w, struct strbuf *err)
{
	int counter, base;
	const char *message = json_string(json_get(j, "message"));

	if (json_type(j) != JSON_OBJECT || !message) {
		strbuf_addf(err, "%s: warnings[%zu] phải là một đối tượng có message", path, i);
		return -1;
	}
	w->message = xstrdup(message);
	if (load_types(json_get(j, "types"), path, "warnings.types", &w->types, err) != 0 ||
	    (counter = load_counter(j, "counter", path, i, err)) < 0 ||
	    (base = load_counter(j, "base", path, i, err)) < 0)
		return -1;
	w->counter = (enum counter)counter;
	w->base = (enum counter)base;
	if (json_number(json_get(j, "atMostPercentOf"), &w->percent) != 0 || !(w->percent >= 0)) {
		strbuf_addf(err, "%s: warnings[%zu].atMostPercentOf phải là một số không âm", path, i);
		return -1;
	}
	return 0;
}

struct rules *rules_load(const char *path, struct strbuf *err)
{
	struct json *j = json_load(path, err);
	if (!j)
		return NULL;
	struct rules *r = xcalloc(1, sizeof *r);
	const struct json *types = json_get(j, "types");
	const struct json *warnings = json_get(j, "warnings");
	int bad = json_type(j) != JSON_OBJECT || json_type(types) != JSON_OBJECT;
	if (bad)
		strbuf_addf(err, "%s: tệp phải là một đối tượng JSON có \"types\"", path);
	bad = bad ||
	      load_types(json_get(types, "grassroots"), path, "types.grassroots", &r->grassroots, err) ||
	      load_types(json_get(types, "monthlyMeetings"), path, "types.monthlyMeetings",
			 &r->monthly_meetings, err);
	if (!bad && warnings && json_type(warnings) != JSON_ARRAY) {
		strbuf_addf(err, "%s: warnings phải là một danh sách", path);
		bad = 1;
	}
	if (!bad && warnings) {
		r->warnings = xcalloc(json_size(warnings) + 1, sizeof *r->warnings);
		for (const struct json *w = json_at(warnings, 0); w && !bad; w = json_next(w)) {
			size_t i = r->nwarnings++;
			bad = load_warning(w, path, i, &r->warnings[i], err) != 0;
		}
	}
	json_free(j);
	if (bad) {
		rules_free(r);
		return NULL;
	}
	return r;
}

static void free_types(struct type_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->types[i]);
	free(s->types);
}

void rules_free(struct rules *r)
{
	if (!r)
		return;
	free_types(&r->grassroots);
	free_types(&r->monthly_meetings);
	for (size_t i = 0; i < r->nwarnings; i++) {
		free_types(&r->warnings[i].types);
		free(r->warnings[i].message);
	}
	free(r->warnings);
	free(r);
}

int rules_type_in(const struct type_set *set, const char *type)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->types[i], type) == 0)
			return 1;
	return 0;
}

int rules_warning_check(const struct figures_warning *w, const struct figures *f,
			struct strbuf *out)
{
	long long value = f->c[w->counter], base = f->c[w->base];

	if ((long double)value * 100 <= (long double)w->percent * base)
		return 0;
	for (const char *p = w->message; *p;) {
		if (strncmp(p, "{value}", 7) == 0) {
			strbuf_addf(out, "%lld", value);
			p += 7;
		} else if (strncmp(p, "{base}", 6) == 0) {
			strbuf_addf(out, "%lld", base);
			p += 6;
		} else {
			strbuf_addc(out, *p++);
		}
	}
	return 1;
}
