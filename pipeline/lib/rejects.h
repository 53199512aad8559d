/*
 * rejects: the table of problems that baocao-validate writes (rejects.csv
 * for errors, warnings.csv for warnings) and baocao-render reads back for
 * the validation reports: its columns, their order, its header line and how
 * a row is written and found again. The one home of that contract.
 */
#ifndef BAOCAO_REJECTS_H
#define BAOCAO_REJECTS_H

#include <stddef.h>

#include "csvin.h"
#include "util.h"

/* The columns, in file order; ma_to_chuc last, so that readers of the first seven keep working. */
enum rejects_column {
	REJECTS_FILE,    /* tep: the import file, "nhan_su.csv" */
	REJECTS_LINE,    /* dong: the physical line where the record starts; empty for the file */
	REJECTS_COLUMN,  /* cot: 1-based column; empty for the whole record */
	REJECTS_FIELD,   /* ten_cot: the column's name */
	REJECTS_CODE,    /* ma_loi: the error code, "type-error" */
	REJECTS_MESSAGE, /* mo_ta: the Vietnamese message */
	REJECTS_VALUE,   /* gia_tri: the offending value, printable */
	REJECTS_ORG,     /* ma_to_chuc: the organisation the record belongs to */
	REJECTS_NCOLUMNS
};

/* The columns' names, as in the header line. */
extern const char *const rejects_column_names[REJECTS_NCOLUMNS];

/* Appends the file's start: a byte order mark (for Excel) and the header line. */
void rejects_add_header(struct strbuf *b);

/* Appends one row of cells[k] (cells[k] of lens[k] bytes, NULL for empty), quoted where needed. */
void rejects_add_row(struct strbuf *b, const char *const cells[REJECTS_NCOLUMNS],
		     const size_t lens[REJECTS_NCOLUMNS]);

/*
 * Finds every column in a header record, setting col[k] to its index.
 * Returns 0, or -1 with *missing the name of the first column not found.
 */
int rejects_find_columns(const struct csvin_record *header, long col[REJECTS_NCOLUMNS],
			 const char **missing);

/*
 * Sets *out to cell k of rec, whose columns are col: empty when the record
 * is not a parsed row or is too short to hold every column (a row so
 * damaged has no owner). Returns 1 when the cell was there.
 */
int rejects_cell(const struct csvin_record *rec, const long col[REJECTS_NCOLUMNS],
		 enum rejects_column k, struct csvin_field *out);

#endif
