/*
 * validate_resource: the imports of one run of baocao-validate. Each is a
 * struct resource: its file, its schema and how to read it, the indexes of
 * its keys that later files look up, and the links of its foreign keys to
 * the resources they refer to; resources_link puts the files in the order
 * their references need.
 *
 * Ownership: a resource owns its strings, schema and indexes, and frees
 * them in resource_free; fk_target points at other resources of the run.
 */
#ifndef BAOCAO_VALIDATE_RESOURCE_H
#define BAOCAO_VALIDATE_RESOURCE_H

#include <stdint.h>

#include "csvin.h"
#include "keyset.h"
#include "schema.h"
#include "validate_report.h"

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
};

/*
 * A resource for the file at path ("DIR/NAME.csv"), with the schema
 * schema_dir/NAME.json, or none when schema_dir is NULL. Exits 2 with a
 * message when the file or its schema cannot be read.
 */
struct resource *resource_new(const char *path, const char *schema_dir);

/* The resource called name ("nhan_su") among res[0..n), or NULL. */
struct resource *resource_find(struct resource *const *res, size_t n, const char *name);

/*
 * Links every foreign key to its target resource and index, and orders
 * res[0..n) so that each file comes after the ones it refers to (in the
 * given order otherwise). Exits 2 when a file is missing or the references
 * go round in a circle.
 */
void resources_link(struct resource **res, size_t n);

/* Frees r and everything it owns (accepts NULL). */
void resource_free(struct resource *r);

#endif
