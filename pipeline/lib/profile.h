/*
 * profile: an official format as data (templates/profile/NAME.json): the page
 * and its margins, the font files of each face, every element's style, and
 * the fixed blocks of a document (its header, its signature and recipients)
 * as lines with placeholders. No number of the format lives in C code.
 * A struct profile owns all its strings; profile_free releases it.
 */
#ifndef BAOCAO_PROFILE_H
#define BAOCAO_PROFILE_H

#include <stddef.h>

#include "layout.h"
#include "util.h"

/* The faces a profile may name; two names may share one file. */
enum { PROFILE_MAX_FACES = 4 };

/* A named style. */
struct profile_style {
	char *name;
	struct layout_style st;
};

/* A line of a fixed block: text with placeholders, or a list, or a gap. */
struct profile_line {
	char *text;         /* NULL for a gap or a list */
	char *list;         /* the report.json array set one item a line, or NULL */
	int style;          /* index into styles */
	double gap;         /* space before the line, pt */
	char *when;         /* set only where this value holds (a placeholder path), or NULL */
};

/* A fixed block: two columns side by side, kept on one page. */
struct profile_block {
	struct profile_line *left, *right;
	size_t nleft, nright;
	double left_x0, left_x1, right_x0, right_x1; /* pt from the text area's left */
	double before, after;
};

struct profile {
	char *name;
	struct layout_page page;
	size_t nfaces;
	char *face_names[PROFILE_MAX_FACES];   /* "regular", "bold", "italic", … */
	char *face_files[PROFILE_MAX_FACES];   /* distinct files, by face */
	const char *face_label[PROFILE_MAX_FACES]; /* by face: the first name given it */
	int face_of_name[PROFILE_MAX_FACES];   /* name index -> face index */
	size_t nnames;
	struct profile_style *styles;
	size_t nstyles;
	struct profile_block header, signature;
	char *list_prefix, *list_suffix, *list_last_suffix;
	double title_rule_length, title_rule_width, title_rule_before, title_rule_after;
	double table_padding, table_border, table_head_gray;
	double chart_bar_gray, chart_grid_gray, chart_line_width;
	double chart_bar_width, chart_tick_step, chart_label_share;
	double page_number_y;
	char *watermark_text;
	double watermark_angle, watermark_gray;
};

/*
 * Loads the profile at path, font files resolved against font_dir. Returns
 * NULL with "path: what is wrong" in err.
 */
struct profile *profile_load(const char *path, const char *font_dir, struct strbuf *err);
/* Frees p and everything it holds (accepts NULL). */
void profile_free(struct profile *p);

/* The alignment named "left", "center", "right" or "justify" (enum layout_align), or -1. */
int profile_align(const char *name);

/* The style named name, or NULL. */
const struct layout_style *profile_style(const struct profile *p, const char *name);

#endif
