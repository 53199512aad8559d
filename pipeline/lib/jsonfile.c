/*
 * jsonfile: a thin, prefixed layer over cJSON, and a streaming writer that
 * prints cJSON's layout without a tree (see jsonfile.h).
 */
#include "jsonfile.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"

#define C(j) ((cJSON *)(j))

struct json *json_load(const char *path, struct strbuf *err)
{
	struct strbuf file = {0};
	if (strbuf_read_file(&file, path) != 0) {
		strbuf_addf(err, "%s: %s", path, util_strerror(errno));
		strbuf_free(&file);
		return NULL;
	}
	size_t len = file.len;
	char *text = file.data;
	const char *start = text;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start += 3;
	if (start[strspn(start, " \t\r\n")] == '\0') {
		strbuf_addf(err, "%s: tệp trống (cần nội dung JSON)", path);
		free(text);
		return NULL;
	}
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithOpts(start, &end, 1);
	if (!j) {
		size_t line = 1, col = 1;
		for (const char *p = start; end && p < end; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)*p & 0xC0) != 0x80) {
				col++;
			}
		}
		strbuf_addf(err, "%s:%zu:%zu: JSON không hợp lệ",
			    path, line, col);
	}
	free(text);
	return (struct json *)j;
}

void json_free(struct json *j)
{
	cJSON_Delete(C(j));
}

enum json_type json_type(const struct json *j)
{
	const cJSON *c = (const cJSON *)j;

	if (cJSON_IsBool(c))
		return JSON_BOOL;
	if (cJSON_IsNumber(c) || cJSON_IsRaw(c))
		return JSON_NUMBER;
	if (cJSON_IsString(c))
		return JSON_STRING;
	if (cJSON_IsArray(c))
		return JSON_ARRAY;
	if (cJSON_IsObject(c))
		return JSON_OBJECT;
	return JSON_NULL;
}

struct json *json_get(const struct json *obj, const char *key)
{
	if (!cJSON_IsObject((const cJSON *)obj))
		return NULL;
	return (struct json *)cJSON_GetObjectItemCaseSensitive((const cJSON *)obj, key);
}

const char *json_string(const struct json *j)
{
	return cJSON_IsString((const cJSON *)j) ? ((const cJSON *)j)->valuestring : NULL;
}

int json_number(const struct json *j, double *out)
{
	const cJSON *c = (const cJSON *)j;
	if (cJSON_IsRaw(c)) {
		/* the numbers this module builds are raw text printed as given */
		char *end;
		*out = strtod(c->valuestring, &end);
		return end != c->valuestring && !*end ? 0 : -1;
	}
	if (!cJSON_IsNumber(c))
		return -1;
	*out = c->valuedouble;
	return 0;
}

int json_bool(const struct json *j)
{
	const cJSON *c = (const cJSON *)j;
	return cJSON_IsBool(c) ? cJSON_IsTrue(c) : -1;
}

size_t json_size(const struct json *j)
{
	const cJSON *c = (const cJSON *)j;
	return (cJSON_IsArray(c) || cJSON_IsObject(c)) ? (size_t)cJSON_GetArraySize(c) : 0;
}

struct json *json_at(const struct json *j, size_t i)
{
	const cJSON *c = (const cJSON *)j;
	if (!cJSON_IsArray(c) && !cJSON_IsObject(c))
		return NULL;
	cJSON *e = c->child;
	while (e && i--)
		e = e->next;
	return (struct json *)e;
}

struct json *json_next(const struct json *element)
{
	return element ? (struct json *)((const cJSON *)element)->next : NULL;
}

const char *json_key(const struct json *member)
{
	return ((const cJSON *)member)->string;
}

static struct json *checked(cJSON *c)
{
	if (!c)
		util_die(EXIT_SYSTEM, "hết bộ nhớ khi tạo JSON");
	return (struct json *)c;
}

struct json *json_new_object(void) { return checked(cJSON_CreateObject()); }
struct json *json_new_array(void) { return checked(cJSON_CreateArray()); }
struct json *json_new_string(const char *s) { return checked(cJSON_CreateString(s)); }
struct json *json_new_bool(int v) { return checked(cJSON_CreateBool(v)); }
struct json *json_new_null(void) { return checked(cJSON_CreateNull()); }

struct json *json_new_int(long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	return checked(cJSON_CreateRaw(buf));
}

static void format_fixed(char buf[64], double v, int decimals)
{
	snprintf(buf, 64, "%.*f", decimals, v);
	/* never print "-0.00" */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

struct json *json_new_fixed(double v, int decimals)
{
	char buf[64];
	if (!isfinite(v))
		return json_new_null();
	format_fixed(buf, v, decimals);
	return checked(cJSON_CreateRaw(buf));
}

struct json *json_add(struct json *obj, const char *key, struct json *val)
{
	if (!cJSON_AddItemToObject(C(obj), key, C(val)))
		util_die(EXIT_SYSTEM, "hết bộ nhớ khi tạo JSON");
	return val;
}

struct json *json_append(struct json *arr, struct json *val)
{
	if (!cJSON_AddItemToArray(C(arr), C(val)))
		util_die(EXIT_SYSTEM, "hết bộ nhớ khi tạo JSON");
	return val;
}

struct json *json_set(struct json *obj, const char *key, struct json *val)
{
	if (cJSON_GetObjectItemCaseSensitive(C(obj), key)) {
		if (!cJSON_ReplaceItemInObjectCaseSensitive(C(obj), key, C(val)))
			util_die(EXIT_SYSTEM, "hết bộ nhớ khi tạo JSON");
		return val;
	}
	return json_add(obj, key, val);
}

struct json *json_copy(const struct json *j)
{
	return checked(cJSON_Duplicate((const cJSON *)j, 1));
}

char *json_text(const struct json *j, size_t *len)
{
	char *text = cJSON_Print((const cJSON *)j);
	if (!text)
		util_die(EXIT_SYSTEM, "hết bộ nhớ");
	size_t n = strlen(text);
	text = xrealloc(text, n + 2);
	text[n] = '\n';
	text[n + 1] = '\0';
	*len = n + 1;
	return text;
}

void json_write(const struct json *j, const char *path)
{
	size_t len;
	char *text = json_text(j, &len);
	struct outfile *o = outfile_open(path);
	fwrite(text, 1, len, o->fp);
	free(text);
	outfile_commit(o);
}

/* ---- the streaming writer: cJSON's formatted layout, byte for byte ---- */

static void add_tabs(struct strbuf *b, int n)
{
	while (n-- > 0)
		strbuf_addc(b, '\t');
}

/* A string as cJSON prints it: quotes, backslash and control bytes escaped. */
static void add_quoted(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	strbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': strbuf_adds(b, "\\\""); break;
		case '\\': strbuf_adds(b, "\\\\"); break;
		case '\b': strbuf_adds(b, "\\b"); break;
		case '\f': strbuf_adds(b, "\\f"); break;
		case '\n': strbuf_adds(b, "\\n"); break;
		case '\r': strbuf_adds(b, "\\r"); break;
		case '\t': strbuf_adds(b, "\\t"); break;
		default:
			if (*p < 32) {
				strbuf_adds(b, "\\u00");
				strbuf_addc(b, hex[*p >> 4]);
				strbuf_addc(b, hex[*p & 15]);
			} else {
				strbuf_addc(b, (char)*p);
			}
		}
	}
	strbuf_addc(b, '"');
}

/* Starts a value: the separator after the previous one and, in an object, the key. */
static void begin_value(struct jsonw *w, const char *key)
{
	if (w->depth == 0)
		return;
	unsigned n = w->items[w->depth - 1]++;
	if (w->array[w->depth - 1]) {
		if (n)
			strbuf_adds(&w->out, ", ");
		return;
	}
	if (n)
		strbuf_adds(&w->out, ",\n");
	add_tabs(&w->out, w->depth);
	add_quoted(&w->out, key);
	strbuf_adds(&w->out, ":\t");
}

static void open_container(struct jsonw *w, const char *key, int array)
{
	begin_value(w, key);
	if (w->depth == (int)sizeof w->array)
		util_die(EXIT_SYSTEM, "JSON lồng quá sâu");
	strbuf_adds(&w->out, array ? "[" : "{\n");
	w->array[w->depth] = (unsigned char)array;
	w->items[w->depth] = 0;
	w->depth++;
}

void jsonw_object(struct jsonw *w, const char *key) { open_container(w, key, 0); }
void jsonw_array(struct jsonw *w, const char *key) { open_container(w, key, 1); }

void jsonw_end(struct jsonw *w)
{
	int d = --w->depth;
	if (w->array[d]) {
		strbuf_addc(&w->out, ']');
		return;
	}
	if (w->items[d])
		strbuf_addc(&w->out, '\n');
	add_tabs(&w->out, d);
	strbuf_addc(&w->out, '}');
}

void jsonw_int(struct jsonw *w, const char *key, long long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	begin_value(w, key);
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	strbuf_adds(&w->out, p);
}

void jsonw_fixed(struct jsonw *w, const char *key, double v, int decimals)
{
	char buf[64];
	if (!isfinite(v)) {
		jsonw_null(w, key);
		return;
	}
	begin_value(w, key);
	format_fixed(buf, v, decimals);
	strbuf_adds(&w->out, buf);
}

void jsonw_string(struct jsonw *w, const char *key, const char *s)
{
	begin_value(w, key);
	add_quoted(&w->out, s);
}

void jsonw_bool(struct jsonw *w, const char *key, int v)
{
	begin_value(w, key);
	strbuf_adds(&w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w, const char *key)
{
	begin_value(w, key);
	strbuf_adds(&w->out, "null");
}
