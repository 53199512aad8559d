/*
 * schema: loading a Table Schema (our subset, see schema.h) and checking
 * cells and rows against it. A mistake in a schema file is reported with
 * the schema's path and the key at fault, in Vietnamese, since a maintainer
 * edits these files: the loader unwinds to schema_load (longjmp) from
 * wherever it found the mistake, after which the partial schema is freed.
 */
#include "schema.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "repertoire.h"
#include "textnorm.h"

/*
 * Table Schema patterns are often a run of character classes with counts
 * ("[A-Z0-9][A-Z0-9_-]{0,31}"). Those are compiled to a small table matched
 * without the regex engine, which costs a microsecond a cell; any other
 * pattern goes to POSIX regcomp.
 */
enum { MAX_ATOMS = 16 };

struct schema_pattern {
	struct atom {
		unsigned char set[32]; /* a bit per byte value */
		unsigned min, max;
	} atoms[MAX_ATOMS];
	int natoms;
};

static void set_bit(struct atom *a, unsigned c)
{
	a->set[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int has_bit(const struct atom *a, unsigned char c)
{
	return a->set[c >> 3] & (1u << (c & 7));
}

/* Parses "{m}" or "{m,n}" at *p; returns 0 on success. */
static int parse_count(const char **p, unsigned *min, unsigned *max)
{
	char *end;
	unsigned long a = strtoul(*p + 1, &end, 10);

	if (end == *p + 1)
		return -1;
	unsigned long b = a;
	if (*end == ',') {
		const char *q = end + 1;
		b = strtoul(q, &end, 10);
		if (end == q || b < a)
			return -1;
	}
	if (*end != '}' || b > 4096)
		return -1;
	*min = (unsigned)a;
	*max = (unsigned)b;
	*p = end + 1;
	return 0;
}

static struct schema_pattern *compile_simple(const char *p)
{
	struct schema_pattern *sp = xcalloc(1, sizeof *sp);

	while (*p) {
		if (sp->natoms == MAX_ATOMS)
			goto fail;
		struct atom *a = &sp->atoms[sp->natoms++];
		if (*p == '[') {
			p++;
			if (*p == '^' || *p == ']')
				goto fail;
			while (*p && *p != ']') {
				unsigned lo = (unsigned char)*p;
				if (lo == '\\' || lo == '[' || lo >= 0x80)
					goto fail;
				if (p[1] == '-' && p[2] && p[2] != ']') {
					unsigned hi = (unsigned char)p[2];
					if (hi < lo || hi >= 0x80)
						goto fail;
					for (unsigned c = lo; c <= hi; c++)
						set_bit(a, c);
					p += 3;
				} else {
					set_bit(a, lo);
					p++;
				}
			}
			if (*p != ']')
				goto fail;
			p++;
		} else if (strchr(".()|^$*+?{}\\", *p) || (unsigned char)*p >= 0x80) {
			goto fail;
		} else {
			set_bit(a, (unsigned char)*p++);
		}
		a->min = a->max = 1;
		if (*p == '{' && parse_count(&p, &a->min, &a->max) != 0)
			goto fail;
		else if (*p == '?' || *p == '*' || *p == '+') {
			a->min = *p == '+';
			a->max = *p == '?' ? 1 : 4096;
			p++;
		}
	}
	return sp;
fail:
	free(sp);
	return NULL;
}

/* Matches s[0..n) against atoms i.. with backtracking. */
static int match_simple(const struct schema_pattern *sp, int i, const char *s, size_t n)
{
	if (i == sp->natoms)
		return n == 0;
	const struct atom *a = &sp->atoms[i];
	if (i + 1 == sp->natoms) {
		/* the last atom takes the rest, or fails */
		if (n < a->min || n > a->max)
			return 0;
		for (size_t k = 0; k < n; k++)
			if (!has_bit(a, (unsigned char)s[k]))
				return 0;
		return 1;
	}
	size_t k = 0;
	while (k < n && k < a->max && has_bit(a, (unsigned char)s[k]))
		k++;
	for (;; k--) {
		if (k < a->min)
			return 0;
		if (match_simple(sp, i + 1, s + k, n - k))
			return 1;
		if (k == 0)
			return 0;
	}
}

/*
 * regcomp unrolls counted repetitions, and its memory and time grow with the
 * square of the unrolled size: "a{1,32767}" or "((a{0,255}){0,255}){0,255}"
 * take gigabytes. pattern_size bounds that size from above (every atom and
 * bracket counts 1, a count multiplies what it repeats, alternatives add up)
 * and saturates past PATTERN_MAX_SIZE; a pattern beyond it is refused.
 */
enum { PATTERN_MAX_SIZE = 1000 };

static size_t pattern_size(const char *p)
{
	size_t stack[64], depth = 0, cur = 0, last = 0;

	while (*p && cur <= PATTERN_MAX_SIZE) {
		char c = *p++;
		if (c == '\\' && *p) {
			p++;
			last = 1;
		} else if (c == '[') {
			/* one atom: "[]a]", "[^]a]" and "[[:alpha:]]" included */
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
					const char *end = strchr(p + 2, p[1]);
					while (end && end[1] != ']')
						end = strchr(end + 1, p[1]);
					p = end ? end + 2 : p + 1;
				} else {
					p++;
				}
			}
			if (*p)
				p++;
			last = 1;
		} else if (c == '(') {
			if (depth == sizeof stack / sizeof *stack)
				return PATTERN_MAX_SIZE + 1;
			stack[depth++] = cur;
			cur = last = 0;
			continue;
		} else if (c == ')' && depth) {
			last = cur ? cur : 1;
			cur = stack[--depth];
		} else if (c == '{' && *p >= '0' && *p <= '9') {
			char *end;
			unsigned long n = strtoul(p, &end, 10);
			if (*end == ',')
				n = end[1] >= '0' && end[1] <= '9' ? strtoul(end + 1, &end, 10) : n + 1;
			p = end;
			/* the repeated part is already counted once */
			if (n > PATTERN_MAX_SIZE)
				return PATTERN_MAX_SIZE + 1;
			cur += n ? last * (n - 1) : 0;
			/* a quantifier after this one repeats all n copies: "a{10}{10}" is 100 */
			last = n > 1 ? (last * n > PATTERN_MAX_SIZE ? PATTERN_MAX_SIZE + 1 : last * n) : last;
			continue;
		} else if (c == '+') {
			cur += last; /* x+ is xx*, and a quantifier after it repeats both: "a+++" doubles thrice */
			last = last * 2 > PATTERN_MAX_SIZE ? PATTERN_MAX_SIZE + 1 : last * 2;
			continue;
		} else if (c == '*' || c == '?' || c == '|' || c == '^' || c == '$' || c == '}') {
			continue;
		} else {
			last = 1;
		}
		cur += last;
	}
	while (depth) /* an unclosed group: regcomp says what is wrong */
		cur += stack[--depth];
	return cur;
}

/* Where a mistake found while loading goes: the message, and back to schema_load. */
struct schema_loading {
	jmp_buf back;
	struct strbuf *err;
};

/*
 * Reports a mistake at the key what of the schema (printf-style detail) and
 * unwinds to schema_load. Everything allocated so far must hang from s.
 */
static _Noreturn void bad_schema(const struct schema *s, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static _Noreturn void bad_schema(const struct schema *s, const char *what, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(s->loading->err, "%s: lược đồ sai ở %s: ", s->path, what);
	va_start(ap, fmt);
	strbuf_vaddf(s->loading->err, fmt, ap);
	va_end(ap);
	longjmp(s->loading->back, 1);
}

/* A string or a list of strings; *n is set only on success. */
static char **string_list(const struct schema *s, const struct json *j,
			  const char *what, size_t *n)
{
	if (json_type(j) == JSON_STRING) {
		char **v = xmalloc(sizeof *v);
		v[0] = xstrdup(json_string(j));
		*n = 1;
		return v;
	}
	if (json_type(j) != JSON_ARRAY)
		bad_schema(s, what, "phải là một chuỗi hoặc một danh sách chuỗi");
	size_t count = json_size(j);
	for (const struct json *e = json_at(j, 0); e; e = json_next(e))
		if (!json_string(e))
			bad_schema(s, what, "danh sách chỉ được chứa chuỗi");
	char **v = xcalloc(count ? count : 1, sizeof *v);
	size_t i = 0;
	for (const struct json *e = json_at(j, 0); e; e = json_next(e))
		v[i++] = xstrdup(json_string(e));
	*n = count;
	return v;
}

static size_t *lengths(char **v, size_t n)
{
	size_t *lens = xcalloc(n ? n : 1, sizeof *lens);

	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(v[i]);
	return lens;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static size_t field_ref(const struct schema *s, const struct json *j, const char *what)
{
	const char *name = json_string(j);
	long i = name ? schema_field_index(s, name) : -1;

	if (!name)
		bad_schema(s, what, "phải là tên một cột");
	if (i < 0)
		bad_schema(s, what, "không có cột “%s”", name);
	return (size_t)i;
}

static size_t *field_refs(const struct schema *s, const struct json *j,
			  const char *what, size_t *n)
{
	size_t count;
	char **names = string_list(s, j, what, &count);
	size_t *idx = xcalloc(count ? count : 1, sizeof *idx);

	for (size_t i = 0; i < count; i++) {
		long k = schema_field_index(s, names[i]);
		if (k < 0) {
			char name[128];
			snprintf(name, sizeof name, "%s", names[i]);
			free_list(names, count);
			free(idx);
			bad_schema(s, what, "không có cột “%s”", name);
		}
		idx[i] = (size_t)k;
	}
	free_list(names, count);
	*n = count;
	return idx;
}

static double number_of(const struct schema *s, const struct json *j, const char *what)
{
	double v;
	if (json_number(j, &v) != 0)
		bad_schema(s, what, "phải là một số");
	return v;
}

/* A whole count from 0 to max (a length, a number of months): checked before it is converted. */
static long count_of(const struct schema *s, const struct json *j, const char *what, long max)
{
	double v = number_of(s, j, what);
	if (!(v >= 0 && v <= (double)max))
		bad_schema(s, what, "phải từ 0 đến %ld", max);
	return (long)v;
}

static void load_bound(struct schema *s, struct schema_field *f, const struct json *j,
		       const char *what, int *has, double *out)
{
	if (!j)
		return;
	*has = 1;
	if (f->type == SCHEMA_DATE) {
		const char *v = json_string(j);
		fmt_days d;
		if (!v || fmt_parse_date(v, strlen(v), 0, &d) != 0)
			bad_schema(s, what, "phải là một ngày dạng yyyy-mm-dd");
		*out = (double)d;
		memcpy(out == &f->min ? f->min_iso : f->max_iso, v, 10);
	} else {
		*out = number_of(s, j, what);
	}
}

/* The folded form of a name or title, or NULL when it is not UTF-8. */
static char *folded_copy(const char *text)
{
	struct strbuf b = {0};

	if (textnorm_fold(text, strlen(text), &b) != 0) {
		strbuf_free(&b);
		return NULL;
	}
	return b.data;
}

/*
 * Adds word, folded, to the words that stand for enum value `value` of f.
 * A word that folds like another value's is a mistake (which value would it
 * be?): returns -1 with why filled in, for the caller to report once it has
 * freed what it holds.
 */
static int add_enum_key(struct schema_field *f, const char *word, size_t value, char *why,
			size_t whylen)
{
	char *k = folded_copy(word);

	if (!k || !*k) {
		free(k);
		snprintf(why, whylen, "nhãn “%s” của cột %s phải là chữ UTF-8, không để trống", word,
			 f->name);
		return -1;
	}
	size_t len = strlen(k);
	for (size_t i = 0; i < f->nenum_keys; i++) {
		const struct schema_enum_key *e = &f->enum_keys[i];
		if (e->len != len || memcmp(e->folded, k, len) != 0)
			continue;
		free(k);
		if (e->value == value)
			return 0;
		snprintf(why, whylen,
			 "“%s” của cột %s giống “%s” khi bỏ dấu, chữ hoa và dấu cách, nên không biết là giá trị nào",
			 word, f->name, f->enum_values[e->value]);
		return -1;
	}
	f->enum_keys = xrealloc(f->enum_keys, (f->nenum_keys + 1) * sizeof *f->enum_keys);
	f->enum_keys[f->nenum_keys++] = (struct schema_enum_key){k, len, value};
	return 0;
}

/*
 * enumLabels: {"value": "label"} or {"value": ["label", "other word", …]};
 * the first label is shown to people, every one is accepted for the value,
 * as is the value itself, all folded (textnorm_fold).
 */
static void load_enum_labels(struct schema *s, struct schema_field *f, const struct json *labels)
{
	char why[512];

	if (labels && !f->nenum)
		bad_schema(s, f->name, "enumLabels cần constraints.enum");
	if (!f->nenum)
		return;
	if (labels && json_type(labels) != JSON_OBJECT)
		bad_schema(s, "enumLabels", "phải là một đối tượng: giá trị → nhãn");
	f->enum_labels = xcalloc(f->nenum, sizeof *f->enum_labels);
	for (size_t i = 0; i < f->nenum; i++)
		if (add_enum_key(f, f->enum_values[i], i, why, sizeof why) != 0)
			bad_schema(s, "enum", "%s", why);
	for (const struct json *m = labels ? json_at(labels, 0) : NULL; m; m = json_next(m)) {
		size_t i = 0, n;
		while (i < f->nenum && strcmp(f->enum_values[i], json_key(m)) != 0)
			i++;
		if (i == f->nenum)
			bad_schema(s, "enumLabels", "“%s” không có trong enum của cột %s", json_key(m),
				   f->name);
		char **words = string_list(s, m, "enumLabels", &n);
		int bad = n == 0 || f->enum_labels[i];
		if (bad)
			snprintf(why, sizeof why, "giá trị “%s” của cột %s cần đúng một mục: một nhãn hoặc một danh sách nhãn",
				 f->enum_values[i], f->name);
		else
			f->enum_labels[i] = xstrdup(words[0]);
		for (size_t k = 0; k < n && !bad; k++)
			bad = add_enum_key(f, words[k], i, why, sizeof why) != 0;
		free_list(words, n);
		if (bad)
			bad_schema(s, "enumLabels", "%s", why);
	}
}

static void load_field(struct schema *s, struct schema_field *f, const struct json *j)
{
	const char *name = json_string(json_get(j, "name"));
	const char *type = json_string(json_get(j, "type"));
	const char *title = json_string(json_get(j, "title"));

	if (!name || !*name)
		bad_schema(s, "fields", "mỗi cột phải có name");
	f->name = xstrdup(name);
	f->title = xstrdup(title ? title : name);
	f->folded_name = folded_copy(f->name);
	f->folded_title = folded_copy(f->title);
	f->min_length = f->max_length = -1;
	f->decimal_char = '.';
	if (!type || strcmp(type, "string") == 0)
		f->type = SCHEMA_STRING;
	else if (strcmp(type, "integer") == 0)
		f->type = SCHEMA_INTEGER;
	else if (strcmp(type, "number") == 0)
		f->type = SCHEMA_NUMBER;
	else if (strcmp(type, "date") == 0)
		f->type = SCHEMA_DATE;
	else if (strcmp(type, "year") == 0)
		f->type = SCHEMA_YEAR;
	else
		bad_schema(s, f->name, "kiểu “%s” không được hỗ trợ (dùng string, integer, number, date hoặc year)",
			   type);

	const char *format = json_string(json_get(j, "format"));
	if (f->type == SCHEMA_DATE && format &&
	    (strcmp(format, "any") == 0 || strcmp(format, "%d/%m/%Y") == 0))
		f->date_dmy = 1;
	const char *dc = json_string(json_get(j, "decimalChar"));
	const char *gc = json_string(json_get(j, "groupChar"));
	if (dc && strlen(dc) == 1)
		f->decimal_char = dc[0];
	if (gc && strlen(gc) == 1)
		f->group_char = gc[0];
	if (!dc && f->group_char == '.')
		f->decimal_char = ','; /* vi-VN: "3.481,5" */
	if (f->group_char && f->group_char == f->decimal_char)
		bad_schema(s, f->name, "decimalChar và groupChar phải khác nhau");

	const struct json *c = json_get(j, "constraints");
	f->never_quoted = f->ascii_only = f->type != SCHEMA_STRING;
	if (!c) {
		if (json_get(j, "enumLabels"))
			bad_schema(s, f->name, "enumLabels cần constraints.enum");
		return;
	}
	f->required = json_bool(json_get(c, "required")) == 1;
	f->unique = json_bool(json_get(c, "unique")) == 1;
	const struct json *e = json_get(c, "enum");
	size_t longest = 0;
	if (e) {
		f->enum_values = string_list(s, e, "enum", &f->nenum);
		f->enum_lens = lengths(f->enum_values, f->nenum);
		f->never_quoted = f->ascii_only = 1;
		for (size_t i = 0; i < f->nenum; i++) {
			if (strcspn(f->enum_values[i], ",\"\r\n") != f->enum_lens[i])
				f->never_quoted = 0;
			for (const char *p = f->enum_values[i]; *p; p++)
				if ((unsigned char)*p >= 0x80)
					f->ascii_only = 0;
			if (f->enum_lens[i] > longest)
				longest = f->enum_lens[i];
		}
		s->enum_room += longest;
		s->enum_quoted |= !f->never_quoted;
	}
	load_enum_labels(s, f, json_get(j, "enumLabels"));
	const char *pat = json_string(json_get(c, "pattern"));
	if (pat) {
		if (pattern_size(pat) > PATTERN_MAX_SIZE)
			bad_schema(s, f->name, "pattern quá lớn (sau khi khai triển các số lần lặp {m,n} dài hơn %d ký tự): %s",
				   PATTERN_MAX_SIZE, pat);
		/* Table Schema patterns match the whole value. */
		char *anchored = xasprintf("^(%s)$", pat);
		int bad = regcomp(&f->pattern_re, anchored, REG_EXTENDED | REG_NOSUB) != 0;
		free(anchored);
		if (bad)
			bad_schema(s, f->name, "pattern không phải biểu thức chính quy hợp lệ: %s", pat);
		f->pattern = xstrdup(pat);
		f->fast_pattern = compile_simple(pat);
	}
	load_bound(s, f, json_get(c, "minimum"), "minimum", &f->has_min, &f->min);
	load_bound(s, f, json_get(c, "maximum"), "maximum", &f->has_max, &f->max);
	if (json_get(c, "minLength"))
		f->min_length = count_of(s, json_get(c, "minLength"), "minLength", 1000000000);
	if (json_get(c, "maxLength"))
		f->max_length = count_of(s, json_get(c, "maxLength"), "maxLength", 1000000000);
}

static void load_when(struct schema *s, const struct json *j, struct schema_when *w)
{
	if (!j)
		return;
	size_t n = json_type(j) == JSON_ARRAY ? json_size(j) : 1;
	w->conds = xcalloc(n, sizeof *w->conds);
	w->nconds = n;
	for (size_t i = 0; i < n; i++) {
		const struct json *c = json_type(j) == JSON_ARRAY ? json_at(j, i) : j;
		struct schema_cond *k = &w->conds[i];
		k->field = field_ref(s, json_get(c, "field"), "when.field");
		const struct json *v;
		if ((v = json_get(c, "equals")) || (v = json_get(c, "in"))) {
			int equals = json_get(c, "equals") != NULL;
			k->op = equals ? COND_EQUALS : COND_IN;
			k->values = string_list(s, v, equals ? "when.equals" : "when.in", &k->nvalues);
			k->lens = lengths(k->values, k->nvalues);
		} else if ((v = json_get(c, "present"))) {
			k->op = json_bool(v) == 1 ? COND_PRESENT : COND_ABSENT;
		} else if ((v = json_get(c, "min")) || (v = json_get(c, "max"))) {
			k->op = json_get(c, "min") ? COND_MIN : COND_MAX;
			k->number = number_of(s, v, "when.min/max");
			if (s->fields[k->field].type == SCHEMA_STRING)
				bad_schema(s, "when", "min và max chỉ dùng cho cột số, năm hoặc ngày");
			s->fields[k->field].needs_days = 1;
		} else {
			bad_schema(s, "when", "cần một trong equals, in, present, min, max");
		}
	}
}

static void load_fk(struct schema *s, struct schema_fk *fk, const struct json *j)
{
	const struct json *ref = json_get(j, "reference");
	const char *res = json_string(json_get(ref, "resource"));

	if (!ref || !res)
		bad_schema(s, "foreignKeys", "thiếu reference.resource");
	fk->fields = field_refs(s, json_get(j, "fields"), "foreignKeys.fields", &fk->nfields);
	fk->resource = xstrdup(res);
	size_t n;
	char **ref_fields = string_list(s, json_get(ref, "fields"), "reference.fields", &n);
	if (n != fk->nfields) {
		free_list(ref_fields, n);
		bad_schema(s, "foreignKeys", "fields và reference.fields phải có cùng số cột");
	}
	fk->ref_fields = ref_fields;
	load_when(s, json_get(j, "when"), &fk->when);
	const struct json *filter = json_get(ref, "where");
	const char *ff = json_string(json_get(filter, "field"));
	if (ff) {
		fk->ref_filter_field = xstrdup(ff);
		fk->ref_filter_values = string_list(s, json_get(filter, "in"),
						    "reference.where.in", &fk->nref_filter);
	}
	const struct json *active = json_get(filter, "activeDuringPeriod");
	if (active) {
		size_t ndates;
		char **dates = string_list(s, active, "reference.where.activeDuringPeriod", &ndates);
		if (ndates != 2) {
			free_list(dates, ndates);
			bad_schema(s, "reference.where.activeDuringPeriod",
				   "phải là [cột ngày bắt đầu, cột ngày kết thúc]");
		}
		fk->ref_active_start = dates[0];
		fk->ref_active_end = dates[1];
		free(dates);
	}
	if (filter && !ff && !active)
		bad_schema(s, "reference.where", "cần field và in, hoặc activeDuringPeriod");
	const char *msg = json_string(json_get(j, "message"));
	const char *missing = json_string(json_get(j, "missingMessage"));
	fk->message = msg ? xstrdup(msg) : NULL;
	fk->missing_message = missing ? xstrdup(missing) : NULL;
}

static void load_rule(struct schema *s, struct schema_rule *r, const struct json *j)
{
	const char *check = json_string(json_get(j, "check"));
	const char *msg = json_string(json_get(j, "message"));
	const char *sev = json_string(json_get(j, "severity"));

	if (!check || !msg)
		bad_schema(s, "rules", "mỗi quy tắc cần check và message");
	r->field = field_ref(s, json_get(j, "field"), "rules.field");
	r->message = xstrdup(msg);
	r->warning = sev && strcmp(sev, "warning") == 0;
	load_when(s, json_get(j, "when"), &r->when);
	if (strcmp(check, "required") == 0) {
		r->kind = RULE_REQUIRED;
	} else if (strcmp(check, "empty") == 0) {
		r->kind = RULE_EMPTY;
	} else if (strcmp(check, "values") == 0) {
		r->kind = RULE_VALUES;
		r->values = string_list(s, json_get(j, "values"), "rules.values", &r->nvalues);
		r->lens = lengths(r->values, r->nvalues);
	} else if (strcmp(check, "compare") == 0 || strcmp(check, "months") == 0) {
		r->kind = check[0] == 'c' ? RULE_COMPARE : RULE_MONTHS;
		r->other = field_ref(s, json_get(j, "other"), "rules.other");
		const char *op = json_string(json_get(j, "op"));
		if (r->kind == RULE_COMPARE) {
			static const char *ops[] = {"<", "<=", ">", ">=", "==", "!="};
			size_t k = 0;
			while (k < 6 && !(op && strcmp(op, ops[k]) == 0))
				k++;
			if (k == 6)
				bad_schema(s, "rules.op", "phép so sánh “%s” không hợp lệ (dùng <, <=, >, >=, ==, !=)",
					   op ? op : "");
			strcpy(r->op, op);
		} else {
			r->months = count_of(s, json_get(j, "months"), "rules.months", 1200);
		}
		enum schema_type a = s->fields[r->field].type, b = s->fields[r->other].type;
		if (a == SCHEMA_STRING || b == SCHEMA_STRING || (a == SCHEMA_DATE) != (b == SCHEMA_DATE) ||
		    (r->kind == RULE_MONTHS && (a != SCHEMA_DATE || b != SCHEMA_DATE)))
			bad_schema(s, "rules", "compare cần hai cột số hoặc hai cột ngày; months cần hai cột ngày");
	} else if (strcmp(check, "period") == 0) {
		r->kind = RULE_PERIOD;
	} else {
		bad_schema(s, "rules.check", "loại kiểm tra “%s” không có (dùng required, empty, values, compare, months, period)",
			   check);
	}
}

static void load_hierarchy(struct schema *s, const struct json *j)
{
	struct schema_hierarchy *h = xcalloc(1, sizeof *h);
	const struct json *allowed = json_get(j, "allowedParents");

	s->hierarchy = h;
	h->parent = field_ref(s, json_get(j, "parent"), "hierarchy.parent");
	h->type = field_ref(s, json_get(j, "type"), "hierarchy.type");
	h->root_types = string_list(s, json_get(j, "rootTypes"), "hierarchy.rootTypes",
				    &h->nroot_types);
	if (json_type(allowed) != JSON_OBJECT)
		bad_schema(s, "hierarchy.allowedParents", "phải là một đối tượng");
	h->ntypes = json_size(allowed);
	h->child_types = xcalloc(h->ntypes, sizeof *h->child_types);
	h->parent_types = xcalloc(h->ntypes, sizeof *h->parent_types);
	h->nparent_types = xcalloc(h->ntypes, sizeof *h->nparent_types);
	for (size_t i = 0; i < h->ntypes; i++) {
		const struct json *m = json_at(allowed, i);
		h->child_types[i] = xstrdup(json_key(m));
		h->parent_types[i] = string_list(s, m, "allowedParents", &h->nparent_types[i]);
	}
}

/*
 * The shorthand condition of organisationField, {"doi_tuong": "to_chuc"}:
 * each named field equals the value (or one of a list of values).
 */
static void load_field_values(struct schema *s, const struct json *j, struct schema_when *w)
{
	w->nconds = json_size(j);
	w->conds = xcalloc(w->nconds, sizeof *w->conds);
	for (size_t i = 0; i < w->nconds; i++) {
		const struct json *m = json_at(j, i);
		struct schema_cond *k = &w->conds[i];
		long f = schema_field_index(s, json_key(m));
		if (f < 0)
			bad_schema(s, "organisationField.when", "không có cột “%s”", json_key(m));
		k->field = (size_t)f;
		k->op = json_type(m) == JSON_STRING ? COND_EQUALS : COND_IN;
		k->values = string_list(s, m, "organisationField.when", &k->nvalues);
		k->lens = lengths(k->values, k->nvalues);
	}
}

/* A string member of a lookup, copied; a schema error when absent. */
static char *lookup_name(struct schema *s, const struct json *lookup, const char *key)
{
	const char *v = json_string(json_get(lookup, key));

	if (!v || !*v)
		bad_schema(s, "organisationField.lookup",
			   "cần resource, key và organisation (tệp, cột khóa và cột mã tổ chức của tệp đó); thiếu %s",
			   key);
	return xstrdup(v);
}

/*
 * One way of finding the organisation: a field's name, or {"field", "when",
 * "lookup"}. "when" is the shorthand above or, like the "when" of keys and
 * rules, {"field", "equals"|…} or a list of them; "lookup" is {"resource",
 * "key", "organisation"}.
 */
static void load_org(struct schema *s, struct schema_org *o, const struct json *j)
{
	const struct json *when = NULL, *lookup = NULL;
	const char *what = "organisationField";

	if (json_type(j) == JSON_OBJECT) {
		when = json_get(j, "when");
		lookup = json_get(j, "lookup");
		j = json_get(j, "field");
		what = "organisationField.field";
	}
	o->field = field_ref(s, j, what);
	if (lookup) {
		if (json_type(lookup) != JSON_OBJECT)
			bad_schema(s, "organisationField.lookup", "phải là một đối tượng");
		o->lookup_resource = lookup_name(s, lookup, "resource");
		o->lookup_key = lookup_name(s, lookup, "key");
		o->lookup_organisation = lookup_name(s, lookup, "organisation");
	}
	if (!when)
		return;
	if (json_type(when) == JSON_ARRAY || json_get(when, "field"))
		load_when(s, when, &o->when);
	else if (json_type(when) == JSON_OBJECT)
		load_field_values(s, when, &o->when);
	else
		bad_schema(s, "organisationField.when", "phải là một đối tượng");
}

/*
 * organisationField: one way (see load_org) or a list of them, the first
 * whose condition holds on a row being the one that names its organisation.
 */
static void load_organisation(struct schema *s, const struct json *j)
{
	int list = json_type(j) == JSON_ARRAY;

	s->norgs = list ? json_size(j) : 1;
	if (s->norgs == 0)
		bad_schema(s, "organisationField", "danh sách không được rỗng");
	s->orgs = xcalloc(s->norgs, sizeof *s->orgs);
	for (size_t i = 0; i < s->norgs; i++)
		load_org(s, &s->orgs[i], list ? json_at(j, i) : j);
}

/*
 * recordLabel: a field's name or a list of parts, each a field's name, a
 * list of names (the first present) or {"field": name or list, "prefix"}.
 */
static void load_label(struct schema *s, const struct json *j)
{
	int list = json_type(j) == JSON_ARRAY;

	if (!list && json_type(j) != JSON_STRING)
		bad_schema(s, "recordLabel", "phải là tên một cột hoặc một danh sách");
	s->nlabel = list ? json_size(j) : 1;
	s->label = xcalloc(s->nlabel ? s->nlabel : 1, sizeof *s->label);
	for (size_t i = 0; i < s->nlabel; i++) {
		struct schema_label_part *part = &s->label[i];
		const struct json *p = list ? json_at(j, i) : j;
		const char *prefix = NULL;
		if (json_type(p) == JSON_OBJECT) {
			prefix = json_string(json_get(p, "prefix"));
			if (json_get(p, "prefix") && !prefix)
				bad_schema(s, "recordLabel.prefix", "phải là một chuỗi");
			p = json_get(p, "field");
			if (!p)
				bad_schema(s, "recordLabel", "thiếu field");
		}
		part->prefix = xstrdup(prefix ? prefix : "");
		part->fields = field_refs(s, p, "recordLabel", &part->nfields);
	}
}

/*
 * The placeholder at p, "{name}": returns the field called name and sets
 * *len to the placeholder's length; -1 (with *len set) for a name that is
 * no field's, -2 when p holds no placeholder.
 */
static long placeholder(const struct schema *s, const char *p, size_t *len)
{
	char name[128];
	size_t k = 1;

	if (p[0] != '{')
		return -2;
	while ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
	       (p[k] >= '0' && p[k] <= '9') || p[k] == '_')
		k++;
	if (k == 1 || p[k] != '}' || k > sizeof name)
		return -2;
	memcpy(name, p + 1, k - 1);
	name[k - 1] = '\0';
	*len = k + 1;
	return schema_field_index(s, name);
}

/* Every placeholder of a message must name a field. */
static void check_placeholders(struct schema *s, const char *msg, const char *what)
{
	for (const char *p = msg; p && *p; p++) {
		size_t len;
		if (placeholder(s, p, &len) == -1)
			bad_schema(s, what, "“%.*s” không phải tên một cột (trong thông báo “%s”)",
				   (int)len, p, msg);
	}
}

/* No two fields may be named alike once folded: a header label would name both. */
static void check_folded_names(struct schema *s)
{
	for (size_t i = 0; i < s->nfields; i++)
		for (size_t k = 0; k < i; k++) {
			const struct schema_field *a = &s->fields[i], *b = &s->fields[k];
			const char *an[2] = {a->folded_name, a->folded_title};
			const char *bn[2] = {b->folded_name, b->folded_title};
			for (int x = 0; x < 2; x++)
				for (int y = 0; y < 2; y++)
					if (an[x] && bn[y] && *an[x] && strcmp(an[x], bn[y]) == 0)
						bad_schema(s, "fields",
							   "cột “%s” và cột “%s” có tên hoặc tiêu đề giống nhau khi bỏ dấu và chữ hoa; dòng tiêu đề sẽ không phân biệt được",
							   b->name, a->name);
		}
}

static struct schema *schema_alloc(const char *path)
{
	struct schema *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	s->missing_values = xcalloc(1, sizeof *s->missing_values);
	s->missing_values[0] = xstrdup("");
	s->nmissing = 1;
	s->only_empty_missing = 1;
	return s;
}

struct schema *schema_load(const char *path, struct strbuf *err)
{
	struct json *j = json_load(path, err);
	if (!j)
		return NULL;
	if (json_type(j) != JSON_OBJECT) {
		strbuf_addf(err, "%s: lược đồ phải là một đối tượng JSON", path);
		json_free(j);
		return NULL;
	}
	struct schema *s = schema_alloc(path);
	struct schema_loading loading = {.err = err};
	s->loading = &loading;
	if (setjmp(loading.back)) {
		json_free(j);
		schema_free(s);
		return NULL;
	}

	const struct json *fields = json_get(j, "fields");
	if (json_type(fields) != JSON_ARRAY || json_size(fields) == 0)
		bad_schema(s, "fields", "phải là một danh sách cột không rỗng");
	s->nfields = json_size(fields);
	s->fields = xcalloc(s->nfields, sizeof *s->fields);
	for (size_t i = 0; i < s->nfields; i++) {
		load_field(s, &s->fields[i], json_at(fields, i));
		for (size_t k = 0; k < i; k++)
			if (strcmp(s->fields[k].name, s->fields[i].name) == 0)
				bad_schema(s, "fields", "cột “%s” bị lặp", s->fields[i].name);
	}
	check_folded_names(s);
	const struct json *mv = json_get(j, "missingValues");
	if (mv) {
		size_t n;
		char **list = string_list(s, mv, "missingValues", &n);
		free_list(s->missing_values, s->nmissing);
		s->missing_values = list;
		s->nmissing = n;
	}
	s->only_empty_missing = s->nmissing == 1 && s->missing_values[0][0] == '\0';
	const struct json *pk = json_get(j, "primaryKey");
	if (pk)
		s->primary_key = field_refs(s, pk, "primaryKey", &s->npk);
	for (size_t i = 0; i < s->npk; i++)
		s->fields[s->primary_key[i]].required = 1; /* a primary key's fields are required */
	const struct json *fks = json_get(j, "foreignKeys");
	s->nfks = json_size(fks);
	s->fks = xcalloc(s->nfks, sizeof *s->fks);
	for (size_t i = 0; i < s->nfks; i++) {
		load_fk(s, &s->fks[i], json_at(fks, i));
		check_placeholders(s, s->fks[i].message, "foreignKeys.message");
		check_placeholders(s, s->fks[i].missing_message, "foreignKeys.missingMessage");
	}
	const struct json *rules = json_get(j, "rules");
	s->nrules = json_size(rules);
	s->rules = xcalloc(s->nrules, sizeof *s->rules);
	for (size_t i = 0; i < s->nrules; i++) {
		load_rule(s, &s->rules[i], json_at(rules, i));
		check_placeholders(s, s->rules[i].message, "rules.message");
	}
	if (json_get(j, "hierarchy"))
		load_hierarchy(s, json_get(j, "hierarchy"));
	if (json_get(j, "organisationField"))
		load_organisation(s, json_get(j, "organisationField"));
	if (json_get(j, "recordLabel"))
		load_label(s, json_get(j, "recordLabel"));
	json_free(j);
	s->loading = NULL;
	return s;
}

struct schema *schema_from_header(char **names, size_t n)
{
	struct schema *s = schema_alloc("(header)");

	s->any_text = 1;
	s->nfields = n;
	s->fields = xcalloc(n, sizeof *s->fields);
	for (size_t i = 0; i < n; i++) {
		s->fields[i].name = xstrdup(names[i]);
		s->fields[i].title = xstrdup(names[i]);
		s->fields[i].min_length = s->fields[i].max_length = -1;
	}
	return s;
}

static void free_when(struct schema_when *w)
{
	for (size_t i = 0; i < w->nconds; i++) {
		free_list(w->conds[i].values, w->conds[i].nvalues);
		free(w->conds[i].lens);
	}
	free(w->conds);
}

void schema_free(struct schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfields; i++) {
		struct schema_field *f = &s->fields[i];
		free(f->name);
		free(f->title);
		free(f->folded_name);
		free(f->folded_title);
		free_list(f->enum_labels, f->nenum);
		for (size_t k = 0; k < f->nenum_keys; k++)
			free(f->enum_keys[k].folded);
		free(f->enum_keys);
		free_list(f->enum_values, f->nenum);
		free(f->enum_lens);
		free(f->fast_pattern);
		if (f->pattern) {
			regfree(&f->pattern_re);
			free(f->pattern);
		}
	}
	free(s->fields);
	free_list(s->missing_values, s->nmissing);
	free(s->primary_key);
	for (size_t i = 0; i < s->nfks; i++) {
		struct schema_fk *fk = &s->fks[i];
		free(fk->fields);
		free(fk->resource);
		free_list(fk->ref_fields, fk->nfields);
		free_when(&fk->when);
		free(fk->ref_filter_field);
		free_list(fk->ref_filter_values, fk->nref_filter);
		free(fk->message);
		free(fk->missing_message);
		free(fk->ref_active_start);
		free(fk->ref_active_end);
	}
	free(s->fks);
	for (size_t i = 0; i < s->nrules; i++) {
		free_list(s->rules[i].values, s->rules[i].nvalues);
		free(s->rules[i].lens);
		free_when(&s->rules[i].when);
		free(s->rules[i].message);
	}
	free(s->rules);
	if (s->hierarchy) {
		struct schema_hierarchy *h = s->hierarchy;
		free_list(h->root_types, h->nroot_types);
		for (size_t i = 0; i < h->ntypes; i++)
			free_list(h->parent_types[i], h->nparent_types[i]);
		free_list(h->child_types, h->ntypes);
		free(h->parent_types);
		free(h->nparent_types);
		free(h);
	}
	for (size_t i = 0; s->orgs && i < s->norgs; i++) {
		free_when(&s->orgs[i].when);
		free(s->orgs[i].lookup_resource);
		free(s->orgs[i].lookup_key);
		free(s->orgs[i].lookup_organisation);
	}
	free(s->orgs);
	for (size_t i = 0; s->label && i < s->nlabel; i++) {
		free(s->label[i].fields);
		free(s->label[i].prefix);
	}
	free(s->label);
	free(s->path);
	free(s);
}

long schema_field_index(const struct schema *s, const char *name)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return (long)i;
	return -1;
}

long schema_field_for_label(const struct schema *s, const char *label, size_t n)
{
	struct strbuf b = {0};
	long found = -1;

	for (size_t i = 0; i < s->nfields; i++)
		if (strlen(s->fields[i].name) == n && memcmp(s->fields[i].name, label, n) == 0)
			return (long)i;
	if (textnorm_fold(label, n, &b) != 0 || b.len == 0) {
		strbuf_free(&b);
		return -1;
	}
	/* a name, then a title: "ma_to_chuc" in one file, "Mã tổ chức" in another */
	for (int pass = 0; pass < 2 && found < 0; pass++)
		for (size_t i = 0; i < s->nfields && found < 0; i++) {
			const char *k = pass ? s->fields[i].folded_title : s->fields[i].folded_name;
			if (k && strcmp(k, b.data) == 0)
				found = (long)i;
		}
	strbuf_free(&b);
	return found;
}

long schema_enum_find(const struct schema_field *f, const char *v, size_t n)
{
	struct strbuf b = {0};
	long found = -1;

	for (size_t i = 0; i < f->nenum; i++)
		if (f->enum_lens[i] == n && bytes_equal(f->enum_values[i], v, n))
			return (long)i;
	if (!f->nenum_keys || textnorm_fold(v, n, &b) != 0) {
		strbuf_free(&b);
		return -1;
	}
	for (size_t i = 0; i < f->nenum_keys && found < 0; i++)
		if (f->enum_keys[i].len == b.len && memcmp(f->enum_keys[i].folded, b.data, b.len) == 0)
			found = (long)f->enum_keys[i].value;
	strbuf_free(&b);
	return found;
}

size_t schema_expand(const struct schema *s, const char *msg,
		     void (*value)(void *ctx, size_t field, struct strbuf *out), void *ctx,
		     struct strbuf *out)
{
	size_t count = 0, len;

	for (const char *p = msg; *p;) {
		long f = placeholder(s, p, &len);
		if (f >= 0) {
			value(ctx, (size_t)f, out);
			p += len;
			count++;
		} else {
			strbuf_addc(out, *p++);
		}
	}
	strbuf_add(out, "", 0);
	return count;
}

int schema_is_missing(const struct schema *s, const char *v, size_t n)
{
	for (size_t i = 0; i < s->nmissing; i++)
		if (strlen(s->missing_values[i]) == n &&
		    memcmp(s->missing_values[i], v, n) == 0)
			return 1;
	return 0;
}

/*
 * v[0..n) is not one of f's enum values as it is (problem says how it
 * failed): checks instead the value it stands for, a label or the value
 * folded, or returns problem when there is none.
 */
static enum schema_problem relabel(const struct schema *s, const struct schema_field *f,
				   const char *v, size_t n, struct strbuf *out, size_t start,
				   double *num, enum schema_problem problem)
{
	long k = f->nenum ? schema_enum_find(f, v, n) : -1;

	/* the value itself failing its type stays failed (and never loops here) */
	if (k < 0 || (f->enum_lens[k] == n && bytes_equal(f->enum_values[k], v, n)))
		return problem;
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return schema_check_cell(s, f, f->enum_values[k], f->enum_lens[k], out, num);
}

/* Whether the plain integer p[0..n) ("-123") is beyond 2^53, compared as digits (a double rounds). */
static int integer_too_large(const char *p, size_t n)
{
	static const char max[] = "9007199254740992";
	if (n && *p == '-') {
		p++;
		n--;
	}
	return n > sizeof max - 1 || (n == sizeof max - 1 && memcmp(p, max, n) > 0);
}

enum schema_problem schema_check_cell(const struct schema *s, const struct schema_field *f,
				      const char *v, size_t n, struct strbuf *out, double *num)
{
	if (n == 0 ? s->only_empty_missing : !s->only_empty_missing && schema_is_missing(s, v, n))
		return f->required ? CELL_REQUIRED : CELL_OK;

	size_t start = out->len;
	*num = 0;
	switch (f->type) {
	case SCHEMA_STRING:
		if (!s->any_text && repertoire_find_outside(v, n) != n)
			return CELL_UNPRINTABLE;
		strbuf_add(out, v, n);
		break;
	case SCHEMA_INTEGER:
	case SCHEMA_YEAR:
		if (fmt_parse_number(v, n, f->decimal_char,
				     f->type == SCHEMA_YEAR ? 0 : f->group_char, 1,
				     out, num) != 0 ||
		    (f->type == SCHEMA_YEAR && n != 4))
			return relabel(s, f, v, n, out, start, num, CELL_TYPE);
		if (integer_too_large(out->data + start, out->len - start))
			return CELL_TOO_LARGE;
		break;
	case SCHEMA_NUMBER:
		if (fmt_parse_number(v, n, f->decimal_char, f->group_char, 0, out, num) != 0)
			return relabel(s, f, v, n, out, start, num, CELL_TYPE);
		break;
	case SCHEMA_DATE: {
		fmt_days d = 0;
		strbuf_reserve(out, 10);
		char *iso = out->data + out->len;
		int r = fmt_parse_date_iso(v, n, f->date_dmy, f->needs_days ? &d : NULL, iso);
		if (r == FMT_DATE_NO_SUCH_DAY)
			return CELL_NO_SUCH_DAY;
		if (r != 0)
			return CELL_TYPE;
		out->len += 10;
		out->data[out->len] = '\0';
		*num = (double)d;
		/* bounds as ISO text, which orders like the dates */
		if (f->has_min && bytes_order(iso, f->min_iso, 10) < 0)
			return CELL_MINIMUM;
		if (f->has_max && bytes_order(iso, f->max_iso, 10) > 0)
			return CELL_MAXIMUM;
		break;
	}
	}
	const char *norm = out->data + start;
	size_t nlen = out->len - start;
	if (f->nenum) {
		size_t i = 0;
		while (i < f->nenum &&
		       (f->enum_lens[i] != nlen || !bytes_equal(f->enum_values[i], norm, nlen)))
			i++;
		if (i == f->nenum)
			return relabel(s, f, v, n, out, start, num, CELL_ENUM);
	}
	if (f->type == SCHEMA_STRING) {
		/* a character takes one to four bytes: count only when that is not enough */
		if ((f->min_length >= 0 && (long)(nlen / 4) < f->min_length) ||
		    (f->max_length >= 0 && (long)nlen > f->max_length)) {
			long chars = (long)textnorm_char_count(norm, nlen);
			if (f->min_length >= 0 && chars < f->min_length)
				return CELL_MIN_LENGTH;
			if (f->max_length >= 0 && chars > f->max_length)
				return CELL_MAX_LENGTH;
		}
	} else if (f->type != SCHEMA_DATE) {
		if (f->has_min && *num < f->min)
			return CELL_MINIMUM;
		if (f->has_max && *num > f->max)
			return CELL_MAXIMUM;
	}
	if (f->pattern && !(f->fast_pattern ? match_simple(f->fast_pattern, 0, norm, nlen)
					    : regexec(&f->pattern_re, norm, 0, NULL, 0) == 0))
		return CELL_PATTERN;
	return CELL_OK;
}

static int value_in(char **list, const size_t *lens, size_t n, const struct schema_value *v)
{
	for (size_t i = 0; i < n; i++)
		if (lens[i] == v->len && bytes_equal(list[i], v->str, v->len))
			return 1;
	return 0;
}

int schema_when_holds_all(const struct schema *s, const struct schema_when *w,
			  const struct schema_value *values)
{
	(void)s;
	for (size_t i = 0; i < w->nconds; i++) {
		const struct schema_cond *c = &w->conds[i];
		const struct schema_value *v = &values[c->field];
		switch (c->op) {
		case COND_EQUALS:
		case COND_IN:
			if (!v->str || !value_in(c->values, c->lens, c->nvalues, v))
				return 0;
			break;
		case COND_PRESENT:
			if (!v->str)
				return 0;
			break;
		case COND_ABSENT:
			if (v->str)
				return 0;
			break;
		case COND_MIN:
			if (!v->str || v->num < c->number)
				return 0;
			break;
		case COND_MAX:
			if (!v->str || v->num > c->number)
				return 0;
			break;
		}
	}
	return 1;
}

static int compare_holds(const char *op, double a, double b)
{
	if (op[0] == '<')
		return op[1] ? a <= b : a < b;
	if (op[0] == '>')
		return op[1] ? a >= b : a > b;
	if (op[0] == '=')
		return a == b;
	return a != b;
}

int schema_rule_holds(const struct schema *s, const struct schema_rule *r,
		      const struct schema_value *values, long period_year)
{
	const struct schema_value *v = &values[r->field];
	const struct schema_value *w = &values[r->other];

	if (!schema_when_holds(s, &r->when, values))
		return 1; /* a rule whose conditions do not hold is not broken */
	switch (r->kind) {
	case RULE_REQUIRED:
		return v->str != NULL;
	case RULE_EMPTY:
		return v->str == NULL;
	case RULE_VALUES:
		return !v->str || value_in(r->values, r->lens, r->nvalues, v);
	case RULE_COMPARE:
		if (!v->str || !w->str)
			return 1;
		if (s->fields[r->field].type == SCHEMA_DATE) {
			/* ISO dates compare as text */
			int c = bytes_order(v->str, w->str, v->len < w->len ? v->len : w->len);
			return compare_holds(r->op, c, 0);
		}
		return compare_holds(r->op, v->num, w->num);
	case RULE_MONTHS:
		if (!v->str || !w->str || v->len != 10 || w->len != 10)
			return 1;
		return fmt_months_apart_iso(w->str, v->str, r->months);
	case RULE_PERIOD:
		return !v->str || period_year == 0 || v->num == (double)period_year;
	}
	return 1;
}

/* ---- keys ---- */

int schema_key(struct strbuf *key, const struct schema_value *values, const size_t *fields,
	       size_t n)
{
	strbuf_reset(key);
	for (size_t i = 0; i < n; i++) {
		const struct schema_value *v = &values[fields[i]];
		if (!v->str)
			return 0;
		if (i)
			strbuf_addc(key, '\0');
		strbuf_add(key, v->str, v->len);
	}
	return 1;
}
