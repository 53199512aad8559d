/*
 * jsonfile: JSON files in and out, and the only user of cJSON. Readers get
 * a tree of opaque nodes with typed accessors; writers build a tree whose
 * numbers are printed exactly as given (integers as integers, rates with a
 * fixed number of decimals) and whose keys keep their insertion order, so
 * the same content always gives the same bytes.
 *
 * Ownership: a tree returned by json_load or json_new_* belongs to the
 * caller, who frees it with json_free; a node added to an object or array
 * belongs to that container from then on.
 */
#ifndef BAOCAO_JSONFILE_H
#define BAOCAO_JSONFILE_H

#include <stddef.h>

#include "util.h"

struct json;

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

/* Parses the file at path; on error returns NULL and puts "path:line:col: why" in err. */
struct json *json_load(const char *path, struct strbuf *err);
void json_free(struct json *j);

enum json_type json_type(const struct json *j);
/* The member of object obj named key, or NULL. */
struct json *json_get(const struct json *obj, const char *key);
/* The string value of j, or NULL when j is not a string. */
const char *json_string(const struct json *j);
/* Sets *out to j's number; returns 0, or -1 when j is not a number. */
int json_number(const struct json *j, double *out);
/* 1 for true, 0 for false, -1 when j is not a boolean. */
int json_bool(const struct json *j);
/* Number of elements (array) or members (object). */
size_t json_size(const struct json *j);
/* The i-th element or member; NULL past the end. Linear in i: loops use json_next. */
struct json *json_at(const struct json *j, size_t i);
/* The element or member after element in its container; NULL after the last. */
struct json *json_next(const struct json *element);
/* The name of an object member obtained with json_at. */
const char *json_key(const struct json *member);

struct json *json_new_object(void);
struct json *json_new_array(void);
struct json *json_new_string(const char *s);
struct json *json_new_int(long long v);
/* A number printed with exactly decimals digits after the point. */
struct json *json_new_fixed(double v, int decimals);
struct json *json_new_bool(int v);
struct json *json_new_null(void);
/* Adds val under key (keys in insertion order); returns val. */
struct json *json_add(struct json *obj, const char *key, struct json *val);
struct json *json_append(struct json *arr, struct json *val);
/* Sets obj's member key to val, replacing the one there (in its place) or adding it; returns val. */
struct json *json_set(struct json *obj, const char *key, struct json *val);
/* A deep copy of j, owned by the caller. */
struct json *json_copy(const struct json *j);

/* The text that json_write writes (with its final newline), to be freed; *len its length. */
char *json_text(const struct json *j, size_t *len);
/* Writes j, indented, with a final newline, atomically; exits 2 on failure. */
void json_write(const struct json *j, const char *path);

/*
 * A JSON text written as it goes, for output too large or too many to build
 * as trees: the same bytes json_text gives for the same tree (cJSON's layout:
 * a member a line, indented with tabs, "key":<tab>value; ", " between array
 * elements). Every value takes the member's key inside an object and NULL
 * inside an array; containers close with jsonw_end. The text accumulates in
 * out (with no final newline; add it before writing).
 */
struct jsonw {
	struct strbuf out;
	int depth;               /* open containers */
	unsigned char array[32]; /* per depth: 1 in an array, 0 in an object */
	unsigned items[32];      /* per depth: values written so far */
};
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
void jsonw_end(struct jsonw *w);
void jsonw_int(struct jsonw *w, const char *key, long long v);
/* v with that many decimals; "null" for NaN (a rate over nothing) or infinity */
void jsonw_fixed(struct jsonw *w, const char *key, double v, int decimals);
void jsonw_string(struct jsonw *w, const char *key, const char *s);
void jsonw_null(struct jsonw *w, const char *key);
void jsonw_bool(struct jsonw *w, const char *key, int v);

#endif
