/*
 * validate_check: the checks of one record that need nothing but the
 * record, its schema and the files validated before it: structure,
 * encoding, cell types and constraints, row rules and references to other
 * files. What a check finds is kept in the record's struct row, to be
 * decided and reported in file order by validate_file.
 *
 * Ownership: a row owns its buffers, reused from record to record and
 * freed by row_free; a checker owns its labels and column map and borrows
 * its resource.
 */
#ifndef BAOCAO_VALIDATE_CHECK_H
#define BAOCAO_VALIDATE_CHECK_H

#include <stdint.h>

#include "csvin.h"
#include "schema.h"
#include "validate_report.h"
#include "validate_resource.h"

/* One problem of a row; its texts are in the row's text buffer. */
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
	struct resource *res; /* its schema and header_ok are set by check_header */
	long year;            /* the period's year, for the "period" rules; 0: none */
	struct schema *schema;
	size_t ncols;
	char **labels;        /* the header's labels, NFC */
	long *field_col;      /* schema field -> file column, or -1 */
	int comma;            /* the file's separator is ',' */
};

/* Empties row for a record at line with nfields schema fields. */
void row_reset(struct row *row, size_t line, size_t nfields);
void row_free(struct row *row);
/* Adds a problem (a printf-style message) to row; an error rejects the row. */
void row_problem(struct row *row, int warning, enum vcode code, size_t col, long field,
		 const char *value, size_t value_len, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* Reads the header: labels, their mapping to the schema, header problems into row. */
void check_header(struct checker *c, const struct csvin_record *rec, struct row *row);
/* Every check of one record that needs nothing but the record and earlier files. */
void check_record(const struct checker *c, struct scratch *sc, const struct csvin_record *rec,
		  struct row *row);
/*
 * Returns the code of the organisation a record belongs to (the schema's
 * organisationField, where its condition holds on values), setting *len: the
 * field's value, or the trimmed cell of rec (may be NULL) when it was not
 * read as text. NULL with *len 0 when there is none. Borrowed from values
 * or rec; may hold invalid UTF-8.
 */
const char *record_organisation(const struct checker *c, const struct schema_value *values,
				const struct csvin_record *rec, size_t *len);

#endif
