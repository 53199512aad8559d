/*
 * xlsx: Excel workbooks (.xlsx) holding one table, over libxlsxwriter
 * (the only module that includes it). The sheet has a header row (bold,
 * wrapped, frozen, with an autofilter over the data rows) and rows written
 * in order, cell by cell: text always as text (never a formula, whatever
 * its first character), numbers as numbers with vi-VN display formats,
 * missing values as empty cells; total rows bold, below the filter. Columns
 * are fitted to their content. The document's properties come from the
 * caller, never the clock, so the same table gives the same bytes.
 *
 * Ownership: a struct xlsx owns its library objects and borrows its table
 * (struct xlsx_table, with its strings) until xlsx_close, which writes the
 * file and frees it, failing or not.
 */
#ifndef BAOCAO_XLSX_H
#define BAOCAO_XLSX_H

#include <stddef.h>
#include <time.h>

#include "util.h"

/* How a column's cells are shown. */
enum xlsx_format {
	XLSX_TEXT,    /* text as it is */
	XLSX_INTEGER, /* #,##0: 3481 shows 3.481 under vi-VN */
	XLSX_ORDINAL, /* 0: a line or column number, not grouped */
	XLSX_PERCENT, /* a fraction shown 0.00%: 1 shows 100,00% */
	XLSX_CHANGE,  /* +#,##0;-#,##0;0: a change, with its sign */
	XLSX_NFORMATS
};

struct xlsx_column {
	const char *title;
	enum xlsx_format format;
};

/* The table a workbook holds, and the document's properties. */
struct xlsx_table {
	const char *sheet;     /* the sheet's name (see xlsx_sheet_name_ok) */
	const char *title;     /* the document's title */
	time_t created;        /* its creation time (see xlsx_period_time) */
	const struct xlsx_column *columns;
	size_t ncolumns;
	size_t frozen_columns; /* the first columns, kept in view when scrolling right */
};

/* What a row is. */
enum xlsx_row {
	XLSX_DATA,  /* a row of the table, under the autofilter */
	XLSX_TOTAL  /* a total: bold, below the filtered rows */
};

struct xlsx;

/*
 * Starts the workbook of table t, to be written to the file at path (which
 * libxlsxwriter creates or truncates by name, at xlsx_close) with its
 * temporary files in tmpdir. Writes the header row. The table's strings
 * must outlive the workbook. Exits 2 when the library fails.
 */
struct xlsx *xlsx_new(const char *path, const char *tmpdir, const struct xlsx_table *t);

/* Starts the next row (after any XLSX_TOTAL, only totals). */
void xlsx_row(struct xlsx *w, enum xlsx_row kind);

/*
 * Writes the row's next cell: s[0..len) as text (UTF-8; cut with "…" past
 * Excel's 32767 characters; empty text is an empty cell), the number v in
 * its column's format, or nothing.
 */
void xlsx_text(struct xlsx *w, const char *s, size_t len);
void xlsx_number(struct xlsx *w, double v);
void xlsx_blank(struct xlsx *w);

/*
 * Fits the columns, sets the autofilter, writes the file, checks it (see
 * xlsx.c) and frees w. Returns 0, or -1 with why in err (the system's or
 * the library's words, or the part found cut short).
 */
int xlsx_close(struct xlsx *w, struct strbuf *err);

/* Pure helpers, public for their tests. */

/* 1 when the XML document data[0..len) ends with its root element's end (is not cut short). */
int xlsx_xml_part_complete(const char *data, size_t len);

/* The characters of UTF-8 s[0..len) as Excel counts a column's width (combining marks are none). */
size_t xlsx_text_width(const char *s, size_t len);

/*
 * The width of a column whose widest cell shows `content` characters, under
 * a header of title[0..len): the content, the header's longest word and at
 * most 10 of its characters (the header wraps), plus room, at most 60.
 */
double xlsx_column_width(size_t content, const char *title);

/* 1 when name can name a sheet: 1-31 characters, none of []:*?/\, no ' at either end. */
int xlsx_sheet_name_ok(const char *name);

/*
 * The creation time of a period's workbook: midnight UTC of the last day of
 * period "YYYY" or "YYYY-MM", else of 1980-01-01 (as zip entries are dated).
 */
time_t xlsx_period_time(const char *period);

#endif
