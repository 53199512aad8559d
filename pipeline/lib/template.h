/*
 * template: the report texts' placeholders. "{toan_bo.so_nguoi|so}" is
 * replaced by the value at that path of the organisation's aggregate JSON
 * (or of a table row, report.json, the period) written in the named vi-VN
 * format. Every value is checked (valid UTF-8, NFC, every character in the
 * font it will be drawn with) so that a blank or a wrong glyph never reaches
 * a PDF: the error names the character, the organisation and the field.
 */
#ifndef BAOCAO_TEMPLATE_H
#define BAOCAO_TEMPLATE_H

#include "jsonfile.h"
#include "ttf.h"
#include "util.h"

/*
 * Where the paths of a text lead. A path starts from row when one is set
 * (a table's or chart's row), else from org; the prefixes "to_chuc.",
 * "bao_cao." and "thoi_gian." reach org, report and period whatever the
 * row; "#" is the row's number. A path ending in "?" may be absent, and then
 * counts as 0 (a field of the data no record had). In a table's total row,
 * "tong.PATH" is PATH summed over the table's rows.
 */
struct template_context {
	const char *org_code;          /* for messages */
	const struct json *org;
	const struct json *report;
	const struct json *period;
	const struct json *row;
	long row_number;
	const struct json *rows;       /* a table's rows, in its total row: "tong.PATH" sums PATH over them */
};

/* The value at path (NULL when it is absent). */
const struct json *template_value(const struct template_context *c, const char *path);

/*
 * Says whether the block condition path holds: the value exists and is not
 * null, false, 0, "" or an empty array or object.
 */
int template_holds(const struct template_context *c, const char *path);

/*
 * Appends text with its placeholders replaced to out. Literal text and
 * values are checked against face (unless NULL). Returns 0, or -1 with the
 * reason in err; where names the template part for messages.
 */
int template_expand(const char *text, const struct template_context *c, const struct ttf *face,
		    const char *where, struct strbuf *out, struct strbuf *err);

/* A placeholder's parts: its path (without the "?"), format and unit. */
struct template_spec {
	char path[128];
	char format[32];
	char unit[64];
	int optional; /* the path ended in "?" */
};

/* Parses the inside of a placeholder, s[0..len); returns 0, or -1 when a part is too long. */
int template_parse_spec(const char *s, size_t len, struct template_spec *sp);

/* Appends the value v written as sp says; returns -1 when the format does not apply to v. */
int template_format(const struct json *v, const struct template_spec *sp, struct strbuf *out);

/*
 * Appends s to out in NFC after checking it is UTF-8 and, once in NFC, that
 * face (unless NULL) has every character; what names s in messages. Returns
 * 0, or -1 with the reason in err.
 */
int template_add_text(const char *s, const struct ttf *face, const char *org_code,
		      const char *what, struct strbuf *out, struct strbuf *err);

/* Checks valid UTF-8 s against face; returns 0 or -1 with a message naming what and where. */
int template_check_text(const char *s, const struct ttf *face, const char *org_code,
			const char *what, struct strbuf *err);

#endif
