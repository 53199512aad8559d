/*
 * validate.h: what the parts of baocao-validate share: validate.c runs the
 * stage, validate_pipeline.c moves a file's batches through its steps on two
 * threads, validate_check.c checks one record, validate_resource.c one file,
 * validate_tree.c the references inside one file, and validate_report.c
 * writes what people and machines read. Not used by any other stage.
 */
#ifndef BAOCAO_VALIDATE_H
#define BAOCAO_VALIDATE_H

#include <stdint.h>
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
	struct refindex **indexes; /* indexes other resources use (owned) */
	size_t nindexes;
	/* per foreign key of this resource: the target and its indexes */
	struct resource **fk_target;
	struct refindex **fk_index;
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
 * (NULL for none) and org the code of the organisation the record belongs
 * to (NULL for none), both shown with invalid UTF-8 replaced.
 */
void report_issue(struct report *rep, struct resource *res, int warning, enum vcode code,
		  size_t line, size_t col, const char *field, const char *message,
		  const char *value, size_t value_len, const char *org, size_t org_len);
/*
 * Writes validation.json, commits rejects.csv and warnings.csv, sets
 * *totals to the sums over every file and frees rep.
 */
void report_finish(struct report *rep, struct resource **res, size_t nres,
		   const char *period, struct vstats *totals);
/* Errors and warnings not listed because of the cap. */
size_t report_unlisted(const struct report *rep);

/* Appends v[0..n) as one CSV field to b, quoted only when it holds a comma, quote or line end. */
void csv_add_field(struct strbuf *b, const char *v, size_t n);
/* Returns 1 when v[0..n) holds a comma, quote or line end. */
int csv_needs_quotes(const char *v, size_t n);

/* ---- validate_pipeline.c ---- */
struct vpipe_ops {
	/* parses batch number `batch` into slot; returns its records, 0 at the end */
	size_t (*parse)(void *ctx, int slot, size_t batch);
	/* checks the slot's records; may run on any thread, for several slots at once */
	void (*check)(void *ctx, int slot, size_t batch);
	/* decides the slot's records (keys, reports), one batch at a time in batch order */
	void (*sequence)(void *ctx, int slot, size_t batch);
	/* writes the slot's records, one batch at a time in batch order */
	void (*write)(void *ctx, int slot, size_t batch);
};

/* Runs batches through parse, check, sequence and write with threads helper threads. */
void vpipe_run(const struct vpipe_ops *ops, void *ctx, int nslots, int threads);

/* ---- validate_check.c: what can be checked from one record alone ---- */

struct problem {
	enum vcode code;
	int warning;
	size_t col;          /* 1-based column in the file; 0: the whole record */
	long field;          /* schema field, or -1 */
	size_t msg_off;      /* in the row's text */
	size_t val_off, val_len;
	int has_value;
};

/* A record and what was found in it. The buffers are reused from batch to batch. */
struct row {
	const struct csvin_record *rec;
	size_t line;
	struct schema_value *values; /* per schema field; str NULL = missing; not NUL-terminated */
	size_t nvalues;
	struct strbuf norm;   /* the normal values, comma-separated: the valid/ line ... */
	int quoted;           /* ... unless a value needs quotes: then out is */
	struct strbuf out;
	struct problem *probs;
	size_t nprobs, cap_probs;
	struct strbuf text;   /* messages and shown values */
	int cell_errors;
	int rejected;
	int has_pk;           /* the primary key is complete: */
	struct strbuf pk;     /* its bytes */
	uint64_t pk_hash;     /* and hash */
};

/* Scratch buffers of one checking thread. */
enum { FK_CACHED = 8 };

struct scratch {
	struct strbuf cell, key;
	/* the last key looked up per foreign key, and what was found: rows of
	 * one organisation come together, so most lookups repeat the last one */
	struct strbuf fk_key[FK_CACHED];
	int fk_found[FK_CACHED];
	uint32_t fk_value[FK_CACHED];
};

/* What checking a file needs, fixed once its header is read. */
struct checker {
	struct resource *res;
	const struct vconfig *cfg;
	struct schema *schema;
	size_t ncols;
	char **labels;      /* the header's labels, NFC */
	long *field_col;    /* schema field -> file column, or -1 */
	int comma;          /* the file's separator is ',' */
};

void row_reset(struct row *row, size_t line, size_t nfields);
void row_free(struct row *row);
void row_problem(struct row *row, int warning, enum vcode code, size_t col, long field,
		 const char *value, size_t value_len, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* Reads the header: labels, their mapping to the schema, header problems into row. */
void check_header(struct checker *c, const struct csvin_record *rec, struct row *row);
/* Every check of one record that needs nothing but the record and earlier files. */
void check_record(const struct checker *c, struct scratch *sc, const struct csvin_record *rec,
		  struct row *row);
/* Builds the key of fields[0..n) of values into key; returns 0 when one is missing. */
int build_key(struct strbuf *key, const struct schema_value *values, const size_t *fields,
	      size_t n);
void key_values(const size_t *fields, size_t n, const struct schema_value *values,
		struct strbuf *b);
void key_phrase(const struct schema *s, const size_t *fields, size_t n,
		const struct schema_value *values, struct strbuf *b);
/*
 * Returns the code of the organisation a record belongs to (the schema's
 * organisationField, where its condition holds on values), setting *len: the
 * field's value, or the trimmed cell of rec (may be NULL) when it was not
 * read as text. NULL with *len 0 when there is none. Borrowed from values
 * or rec; may hold invalid UTF-8.
 */
const char *record_organisation(const struct checker *c, const struct schema_value *values,
				const struct csvin_record *rec, size_t *len);

/* ---- validate_resource.c ---- */
/* Validates one resource, writing valid/ and rejected/ and filling its indexes. */
void validate_resource(struct resource *res, const struct vconfig *cfg, struct report *rep);

/* ---- validate_tree.c ---- */

/* The rows of a file as validate_tree sees them, through the caller's accessors. */
struct tree_rows {
	size_t n;
	unsigned char *rejected; /* per row; validate_tree sets more */
	void *ctx;
	size_t (*line)(void *ctx, size_t i);
	/* fills out (one value per schema field) with row i's normal values; returns out */
	const struct schema_value *(*values)(void *ctx, size_t i, struct schema_value *out);
	/* records a problem of row i about field */
	void (*problem)(void *ctx, size_t i, enum vcode code, size_t field, const char *message);
};

/*
 * Checks the references of a resource to itself (foreign keys with resource
 * "") and its hierarchy on rows not rejected yet; rejects the rows that fail
 * and, in turn, those that refer to rejected rows.
 */
void validate_tree(const struct resource *res, struct tree_rows *rows);

#endif
