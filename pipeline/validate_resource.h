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
	struct keyset *valid;    /* keys of valid rows */
	struct keyset *rejected; /* keys of rejected rows (value: line) */
};

struct resource {
	struct vfile file;     /* its names, and what was read and found */
	struct schema *schema; /* NULL without a schema until the header is read */
	struct csvin_options csv;
	int header_ok;
	struct refindex **indexes; /* indexes other resources use (owned) */
	size_t nindexes;
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
