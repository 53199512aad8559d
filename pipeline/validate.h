/*
 * validate.h: what the parts of baocao-validate share (validate.c runs the
 * stage, validate_resource.c checks one file's records, validate_tree.c the
 * references inside one file, validate_report.c writes what people and
 * machines read). Not used by any other stage.
 */
#ifndef BAOCAO_VALIDATE_H
#define BAOCAO_VALIDATE_H

#include <stdio.h>

#include "csvin.h"
#include "keyset.h"
#include "schema.h"

/* Error codes, after Frictionless' where one fits. Keep in the order of code_names. */
enum vcode {
	V_SOURCE, V_ENCODING, V_FORMAT,
	V_BLANK_LABEL, V_DUPLICATE_LABEL, V_MISSING_LABEL, V_EXTRA_LABEL,
	V_BLANK_ROW, V_MISSING_CELL, V_EXTRA_CELL,
	V_TYPE, V_CONSTRAINT, V_ROW_CONSTRAINT,
	V_UNIQUE, V_PRIMARY_KEY, V_FOREIGN_KEY, V_TREE,
	V_NCODES
};

const char *vcode_name(enum vcode c);

/* The keys of one resource that rows of another resource refer to. */
struct refindex {
	size_t *fields;        /* key fields of the referenced resource */
	size_t nfields;
	long filter_field;     /* -1: every valid row is in the index */
	char **filter_values;  /* borrowed from the foreign key */
	size_t nfilter;
	struct keyset *valid;    /* keys of valid rows (value: line) */
	struct keyset *rejected; /* keys of rejected rows (value: line) */
};

struct vstats {
	size_t records, valid, rejected, errors, warnings;
	size_t by_code[V_NCODES];
};

struct resource {
	char *name;      /* "nhan_su" */
	char *path;      /* as given on the command line */
	char *file_name; /* "nhan_su.csv", as shown to people */
	struct schema *schema; /* NULL with --no-schema until the header is read */
	struct csvin_options csv;
	struct refindex **indexes; /* indexes other resources use */
	size_t nindexes;
	/* per foreign key of this resource: the target and its indexes */
	struct resource **fk_target;
	struct refindex **fk_index;     /* with the filter */
	struct refindex **fk_any;       /* the same fields, without filter */
	/* what was read */
	struct vstats stats;
	char delimiter;
	enum textnorm_encoding encoding;
	int bom;
	int header_ok;
};

/* Options that hold for the whole run. */
struct vconfig {
	long year;          /* the period's year; 0 when not given */
	const char *outdir;
	int threads;
	int progress;       /* show progress on stderr */
	int no_schema;
};

/* ---- validate_report.c: the error sink ---- */
struct report;

struct report *report_open(const char *outdir, size_t max_listed, int verbose);
/*
 * Records one problem. col is 1-based (0 for the whole record or file),
 * field names the column (NULL for none); value is the offending text
 * (NULL for none), shown with invalid UTF-8 replaced.
 */
void report_issue(struct report *rep, struct resource *res, int warning, enum vcode code,
		  size_t line, size_t col, const char *field, const char *message,
		  const char *value, size_t value_len);
/* Writes validation.json and commits rejects.csv and warnings.csv. */
void report_finish(struct report *rep, struct resource **res, size_t nres,
		   const char *period);
/* Errors and warnings not listed because of the cap. */
size_t report_unlisted(const struct report *rep);

/* Appends v[0..n) as one CSV field (quoted when needed) to fp. */
void csv_write_field(FILE *fp, const char *v, size_t n);

/* ---- validate_resource.c ---- */
/* Validates one resource, writing valid/ and rejected/ and filling its indexes. */
void validate_resource(struct resource *res, const struct vconfig *cfg, struct report *rep);

/* ---- validate_tree.c ---- */
struct held_row; /* a record kept in memory for checks that need the whole file */

/*
 * Checks the references of a resource to itself (foreign keys with resource
 * "") and its hierarchy, on rows still marked valid; rejects the rows that
 * fail and, in turn, those that refer to rejected rows. Problems are added
 * to each row through add_problem.
 */
struct tree_row {
	const struct schema_value *values; /* normal values, str NULL = missing */
	size_t line;
	int rejected;
};
typedef void (*tree_problem_fn)(void *ctx, size_t row, enum vcode code, size_t field,
				const char *message);
void validate_tree(const struct resource *res, struct tree_row *rows, size_t nrows,
		   tree_problem_fn add_problem, void *ctx);

#endif
