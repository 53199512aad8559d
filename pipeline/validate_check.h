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
	size_t val_off, val_len; /* the value as it was typed */
	int has_value;
	int shown;           /* the message already shows the value */
	int has_names;       /* about several columns: their titles ("Ngày vào Đảng, Ngày sinh") */
	size_t names_off;    /* ... in the row's text */
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
	int as_typed;         /* the valid/ line is the record's raw bytes, as typed */
	struct problem *probs;
	size_t nprobs, cap_probs;
	struct strbuf text;   /* messages and shown values */
	int cell_errors;
	int rejected;
	int blank;            /* a blank line: a warning, not a record */
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
	uint32_t fk_cursor[FK_CACHED]; /* where the last key was found (refindex_find) */
};

/* What checking a file needs, fixed once its header is read. */
struct checker {
	struct resource *res; /* its schema and header_ok are set by check_header */
	long year;            /* the period's year, for the "period" rules; 0: none */
	struct schema *schema;
	size_t ncols;
	char **labels;        /* the header's labels, NFC */
	long *field_col;      /* schema field -> file column, or -1 */
	long *col_field;      /* file column -> schema field, or -1 */
	int comma;            /* the file's separator is ',' */
};

/* Empties row for a record at line with nfields schema fields. */
void row_reset(struct row *row, size_t line, size_t nfields);
void row_free(struct row *row);
/*
 * Adds a problem (a printf-style message) to row; an error rejects the row.
 * Returns the problem, valid until the next one is added, for the caller to
 * say that the message shows the value or what columns it is about.
 */
struct problem *row_problem(struct row *row, int warning, enum vcode code, size_t col,
			    long field, const char *value, size_t value_len, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/*
 * Says that problem p of row is about the columns fields[0..n), naming them
 * by their titles (a rule comparing two columns, a key of several).
 */
void problem_about(const struct schema *s, struct row *row, struct problem *p,
		   const size_t *fields, size_t n);
/*
 * Reads the header: labels, their mapping to the schema (by a field's name
 * or title, schema_field_for_label), header problems into row.
 */
void check_header(struct checker *c, const struct csvin_record *rec, struct row *row);
/* Every check of one record that needs nothing but the record and earlier files. */
void check_record(const struct checker *c, struct scratch *sc, const struct csvin_record *rec,
		  struct row *row);
/*
 * The organisation a record belongs to, by the first way of the schema's
 * organisationField whose condition holds on its values: code[0..len) is
 * the organisation's code or, when lookup >= 0, the key to look up through
 * that way's lookup. code is the field's value, or the trimmed cell of rec
 * when it was not read as one; from a damaged record (a stray quote), only
 * a plausible code (orgtree_code_ok) or key. code is NULL when there is
 * none. Borrowed from values or rec; may hold invalid UTF-8.
 */
struct record_org {
	const char *code;
	size_t len;
	long lookup;
};
struct record_org record_organisation(const struct checker *c, const struct schema_value *values,
				      const struct csvin_record *rec);

/*
 * Appends the cells of fields[0..n) of rec (NULL: none) as they were typed,
 * trimmed, joined by ", " (a missing cell adds nothing); may hold invalid
 * UTF-8 or NFD text (report_issue shows it NFC).
 */
void record_cells(const struct checker *c, const struct csvin_record *rec, const size_t *fields,
		  size_t n, struct strbuf *out);

/* Appends the key's columns with their values as typed: Năm “2022”, Mã người “NS01”. */
void record_key_phrase(const struct checker *c, const struct csvin_record *rec,
		       const size_t *fields, size_t n, struct strbuf *b);

/*
 * Appends the record's label (the schema's recordLabel, "NS0012 Nguyễn Văn
 * An") from rec's cells as typed, a damaged record's loosely split ones
 * included, cut with "…" past 120 characters; nothing without a
 * recordLabel or a record.
 */
void record_label(const struct checker *c, const struct csvin_record *rec, struct strbuf *out);

/* Returns 1 when rec is a blank line, or a line of nothing but separators and spaces. */
int record_is_blank(const struct csvin_record *rec);

/*
 * When rec is blank (record_is_blank), gives row its blank-row warning, sets
 * row->blank and returns 1: a blank line is no record. Else returns 0.
 */
int row_blank(struct row *row, const struct csvin_record *rec);

#endif
