/*
 * rejects: the table of problems that baocao-validate writes (rejects.csv
 * for errors, warnings.csv for warnings) and baocao-render reads back for
 * the validation reports: its columns, their order, its header line and how
 * a row is written and found again. The one home of that contract.
 *
 * The file is for Excel in vi-VN: UTF-8 with a byte order mark, ';' between
 * cells (the list separator there), CRLF line ends, Vietnamese column titles.
 */
#ifndef BAOCAO_REJECTS_H
#define BAOCAO_REJECTS_H

#include <stddef.h>

#include "csvin.h"
#include "util.h"

/* The columns, in file order. */
enum rejects_column {
	REJECTS_FILE,    /* the import file, "nhan_su.csv" */
	REJECTS_LINE,    /* the physical line where the record starts; empty for the file */
	REJECTS_ORG,     /* the code of the organisation the record belongs to, or empty */
	REJECTS_RECORD,  /* who or what the record is, as people know it ("NS0012 Nguyễn Văn An") */
	REJECTS_COLUMN,  /* the 1-based column; empty for the whole record */
	REJECTS_FIELD,   /* the column's title, "Lý do kết thúc" */
	REJECTS_VALUE,   /* the offending value as it was typed, printable */
	REJECTS_MESSAGE, /* what is wrong and what to do, in Vietnamese */
	REJECTS_CODE,    /* the stable error code, "type-error" */
	REJECTS_NCOLUMNS
};

/* The separator between cells. */
#define REJECTS_SEPARATOR ';'

/* The columns' titles, as in the header line. */
extern const char *const rejects_column_titles[REJECTS_NCOLUMNS];
/* The columns' keys where a row is data (the validation report's template). */
extern const char *const rejects_column_keys[REJECTS_NCOLUMNS];

/* Appends the file's start: a byte order mark (for Excel) and the header line. */
void rejects_add_header(struct strbuf *b);

/* Appends one row of cells[k] (cells[k] of lens[k] bytes, NULL for empty), quoted where needed. */
void rejects_add_row(struct strbuf *b, const char *const cells[REJECTS_NCOLUMNS],
		     const size_t lens[REJECTS_NCOLUMNS]);

/*
 * Finds every column in a header record, setting col[k] to its index.
 * Returns 0, or -1 with *missing the title of the first column not found.
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
