/*
 * validate_report: where the problems baocao-validate finds go. Each one
 * becomes a line on stderr ("baocao-validate: file:line:col: message"), a
 * row of rejects.csv (errors) or warnings.csv (warnings) for people (the
 * columns of lib/rejects.h; the errors also as rejects.xlsx), and a count
 * in validation.json for machines.
 * Listing stops at a cap; counting never does.
 *
 * Ownership: the report owns its open files until report_finish commits
 * them and frees it; a struct vfile belongs to whoever made it.
 */
#ifndef BAOCAO_VALIDATE_REPORT_H
#define BAOCAO_VALIDATE_REPORT_H

#include <stddef.h>

#include "textnorm.h"

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
 * What was found in a file: records == valid + rejected, always; blank
 * lines are not records (each is a warning).
 */
struct vstats {
	size_t records, valid, rejected, errors, warnings, blank_lines;
	size_t by_code[V_NCODES];
};

/* An import file as the report names and counts it. */
struct vfile {
	char *name;      /* "nhan_su" */
	char *path;      /* as given on the command line */
	char *file_name; /* "nhan_su.csv", as shown to people */
	char delimiter;  /* as read */
	enum textnorm_encoding encoding;
	int bom;
	struct vstats stats;
};

struct report;

/*
 * Opens DIR/rejects.csv, DIR/warnings.csv and DIR/rejects.xlsx (dated by
 * period, "2022", "2023-05" or ""); lists at most max_listed problems (0: all).
 */
struct report *report_open(const char *outdir, const char *period, size_t max_listed, int verbose);

/*
 * One problem as people read it, a row of rejects.csv or warnings.csv. The
 * texts are borrowed; value, org and record may hold invalid UTF-8 or NFD
 * text: they are shown NFC, with U+FFFD for bytes that are not UTF-8.
 */
struct issue {
	int warning;
	enum vcode code;
	size_t line;          /* where the record starts; 0 for the whole file */
	size_t col;           /* 1-based; 0 for the whole record or file */
	const char *field;    /* the column's title (or header label), or NULL */
	const char *message;  /* Vietnamese, what is wrong and what to do */
	const char *value;    /* the value as typed, or NULL */
	size_t value_len;
	int value_shown;      /* the message already shows the value: not repeated on stderr */
	const char *org;      /* the code of the organisation the record belongs to, or NULL */
	size_t org_len;
	const char *record;   /* the record as people know it ("NS0012 Nguyễn Văn An"), or NULL */
	size_t record_len;
};

/* Records one problem of file (counted in its stats). */
void report_issue(struct report *rep, struct vfile *file, const struct issue *is);

/* Errors and warnings not listed because of the cap. */
size_t report_unlisted(const struct report *rep);

/*
 * Writes validation.json for files[0..n) and period, commits rejects.csv,
 * warnings.csv and rejects.xlsx, sets *totals to the sums over every file and frees rep.
 */
void report_finish(struct report *rep, struct vfile *const *files, size_t n, const char *period,
		   struct vstats *totals);

#endif
