/*
 * validate_resource: the imports of one run of baocao-validate. Each is a
 * struct resource: its file, its schema and how to read it (from the
 * period's settings file and the command line), the indexes of its keys
 * that later files look up, the links of its foreign keys and organisation
 * lookups to the resources they read; resources_link puts the files in the
 * order those need.
 *
 * Ownership: a resource owns its strings, schema, indexes and lookups, and
 * frees them in resource_free; fk_target and org_target point at other
 * resources of the run.
 */
#ifndef BAOCAO_VALIDATE_RESOURCE_H
#define BAOCAO_VALIDATE_RESOURCE_H

#include <stdint.h>

#include "csvin.h"
#include "keyset.h"
#include "schema.h"
#include "validate_report.h"

struct org_lookup;
struct resource;

/*
 * The keys of one resource that rows of another resource refer to: every
 * valid row's key, with its line as value, REF_FILTERED added when the row
 * fails the filter (so that a reference to it can say why it is refused).
 */
#define REF_FILTERED 0x80000000u

struct refindex {
	size_t *fields;        /* key fields of the referenced resource */
	size_t nfields;
	long filter_field;     /* -1, or a field whose value must be one of filter_values */
	char **filter_values;  /* borrowed from the foreign key */
	size_t nfilter;
	long active_start;     /* -1, or dates of the row that must overlap the period's year */
	long active_end;
	/*
	 * Keys of valid rows. An index whose first fields are the primary key
	 * of a file decided as it is read (not held, see resource_held) has no
	 * set of its own: pk_fields is then that key's field count, valid is
	 * the resource's set of primary keys (shared, owned by the resource,
	 * value: the line), and the rest is kept by line: whether the row fails
	 * the filter (a bit in filtered) and the key's other fields (rest, at
	 * rest_at[line] - 1: a 32-bit length then the bytes; 0: none). One
	 * insertion a row then serves every such index. pk_fields is 0 for an
	 * index with a set of its own.
	 */
	struct keyset *valid;
	size_t pk_fields;
	unsigned char *filtered;
	size_t cap_filtered;     /* bytes */
	uint32_t *rest_at;
	size_t cap_rest_at;
	struct strbuf rest;
	struct keyset *rejected; /* keys of rejected rows (value: line) */
};

/*
 * The length of the part of key (schema_key of values over fields, the
 * foreign key's or the index's own) that is looked up in idx->valid and
 * hashed: its first pk_fields fields, or all of it.
 */
size_t refindex_head(const struct refindex *idx, const struct schema_value *values,
		     const size_t *fields, size_t len);

/*
 * Finds key[0..len) among the keys of valid rows of idx; head is its
 * refindex_head. Returns 1 and sets *value to the row's line, with
 * REF_FILTERED when it fails the filter; 0 when no valid row has that key.
 * cursor is the caller's, as for keyset_find_from: rows that refer to the
 * rows of idx in their order find them without a hash look-up.
 */
int refindex_find(const struct refindex *idx, const char *key, size_t len, size_t head,
		  uint32_t *value, uint32_t *cursor);

/*
 * Adds key[0..len), the key of the valid row at line, to idx (one with a
 * set of its own: pk_fields 0; hash is keyset_hash of the key), failing
 * the filter when filtered. A key already there keeps its first row,
 * unless that one failed the filter and this one passes.
 */
void refindex_add(struct refindex *idx, const char *key, size_t len, uint64_t hash, uint32_t line,
		  int filtered);

/*
 * Notes the valid row at line in idx, an index on its primary key
 * (pk_fields), whose key the row put in the set of primary keys: rest[0..
 * rest_len) is the key of its other fields (rest NULL: none, or one of them
 * missing), filtered that it fails the filter.
 */
void refindex_note(struct refindex *idx, uint32_t line, const char *rest, size_t rest_len,
		   int filtered);

/* 1 when the file's records are held until it is read: it refers to itself (a hierarchy, a foreign key). */
int resource_held(const struct resource *r);

struct resource {
	struct vfile file;     /* its names, and what was read and found */
	struct schema *schema; /* NULL without a schema until the header is read */
	struct csvin_options csv;
	int header_ok;
	struct refindex **indexes; /* indexes other resources use (owned) */
	size_t nindexes;
	/* the primary keys of its valid records (value: the line) when an
	 * index shares them (pk_fields); else NULL and validate_file keeps its own */
	struct keyset *pk;
	/* per foreign key of the schema: the resource it refers to and its index there */
	struct resource **fk_target;
	struct refindex **fk_index;
	/* per way of the schema's organisationField: the resource its lookup
	 * reads (NULL: no lookup, or that file is not in the run), and the
	 * lookup once built */
	struct resource **org_target;
	struct org_lookup **org_lookup;
};

/*
 * A resource for the file at path ("DIR/NAME.csv"), with the schema
 * schema_dir/NAME.json, or none when schema_dir is NULL. Exits 2 with a
 * message when the file or its schema cannot be read.
 */
struct resource *resource_new(const char *path, const char *schema_dir);

/* The separator that v names: ",", ";", "|", "tab" (or a tab); -1 for none. */
int resource_delimiter(const char *v);

/*
 * Reads a period's settings file (--settings), a JSON object whose
 * "bang_ma" maps an import's name (NAME of NAME.csv, or "*" for every one)
 * to its encoding and "dau_phan_cach" to its separator ("ghi_chu" is for
 * people); keys and names also match folded ("Bảng mã", "nhân sự"). Sets
 * the encoding and separator of res[0..n) from it, a name before "*". A
 * name must be one of the files' or of the schemas' in schema_dir (NULL:
 * the files' only). Exits 2, naming the file and the entry at fault, when
 * it cannot be read or holds anything else.
 */
void resources_apply_settings(struct resource **res, size_t n, const char *path,
			      const char *schema_dir);

/*
 * The organisation of the record whose key, through way k of res's
 * organisationField (one with a lookup), is key[0..len): the organisation's
 * code in the valid record of that key in outdir/valid/NAME.csv, the
 * lookup's resource already validated, or else in its rejected record in
 * outdir/rejected/NAME.csv when that cell looks like a code. Those files
 * are read the first time, only then (so a run that never needs them pays
 * nothing). Returns the code (NUL-terminated, owned by res) or NULL.
 */
const char *resource_lookup_organisation(struct resource *res, size_t k, const char *outdir,
					 const char *key, size_t len);

/* The resource called name ("nhan_su") among res[0..n), or NULL. */
struct resource *resource_find(struct resource *const *res, size_t n, const char *name);

/*
 * Links every foreign key to its target resource and index and every
 * organisation lookup to the resource it reads, and orders res[0..n) so
 * that each file comes after the ones it refers to or looks up (in the
 * given order otherwise). Exits 2 when a file a key needs is missing, a
 * schema names a field its target lacks, or the references go round in a
 * circle. (A lookup whose file is not in the run finds nothing.)
 */
void resources_link(struct resource **res, size_t n);

/* Frees r and everything it owns (accepts NULL). */
void resource_free(struct resource *r);

#endif
