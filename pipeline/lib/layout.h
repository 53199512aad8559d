/*
 * layout: our page layout engine (libharu has none). Text is broken into
 * lines by measured widths, justified by placing words, set in paragraphs,
 * side-by-side boxes kept together, tables whose rows never split and whose
 * header repeats under a "continued" caption, and vector bar charts; the
 * result is a display list of pages that the pdf module draws and --dump
 * prints. Coordinates are PDF points, y upwards from the page's bottom.
 *
 * A struct layout owns everything added to it; layout_finish hands the pages
 * over as a struct layout_doc, which layout_doc_free releases.
 */
#ifndef BAOCAO_LAYOUT_H
#define BAOCAO_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

#include "ttf.h"

enum layout_align { LAYOUT_LEFT, LAYOUT_CENTER, LAYOUT_RIGHT, LAYOUT_JUSTIFY };

/*
 * How a paragraph looks; every number comes from a profile (the engine's
 * own proportions, such as where a baseline sits in its line, are named at
 * the top of layout.c).
 */
struct layout_style {
	int face;            /* index into the faces given to layout_new */
	double size;         /* font size, pt */
	double leading;      /* baseline to baseline, pt */
	double before;       /* space above the paragraph, pt (dropped at a page top) */
	double after;        /* space below it, pt */
	double indent;       /* first-line indent, pt */
	enum layout_align align;
	int underline;       /* a thin line under each line's text */
	double rule;         /* > 0: a rule of this thickness under the widest line */
	double rule_gap;     /* the rule's distance below the last baseline */
	double frame;        /* > 0: a frame of this thickness around each line (a "DỰ THẢO" mark) */
	int balance;         /* lines of nearly equal length, never a lone last word (titles) */
};

/* The page: size and margins, pt. */
struct layout_page {
	double width, height;
	double top, bottom, left, right;
};

/* LAYOUT_OUTLINE: text drawn as the glyphs' shapes, outside the text layer (a watermark). */
enum layout_item_kind { LAYOUT_TEXT, LAYOUT_LINE, LAYOUT_RECT, LAYOUT_OUTLINE };

/* One thing drawn on a page. */
struct layout_item {
	enum layout_item_kind kind;
	int face;          /* text: font face */
	double size;       /* text: font size */
	double x, y;       /* text: baseline start; line: one end; rect: lower left */
	double x2, y2;     /* line: other end; rect: upper right */
	double width;      /* text: its measured width; line: thickness */
	double gray;       /* 0 black .. 1 white */
	double angle;      /* text: rotation in degrees */
	char *text;        /* text: UTF-8, NFC */
};

struct layout_page_items {
	struct layout_item *items;
	size_t n, cap;
};

/* A bookmark: a heading and where it landed. */
struct layout_mark {
	char *title;
	int level;         /* 1 = top */
	size_t page;       /* 0-based */
	double y;
};

struct layout_doc {
	struct layout_page page;
	struct layout_page_items *pages;
	size_t npages;
	struct layout_mark *marks;
	size_t nmarks;
	size_t overflow;   /* units taller than a page (a table row, a box): set past the margin */
};

struct layout;

/* A layout of pages of that size, measuring text with faces (which must outlive it). */
struct layout *layout_new(const struct layout_page *page, struct ttf *const *faces, size_t nfaces);

/*
 * Adds a paragraph set in the column [x0, x1) of the text area (points from
 * its left edge; x1 <= 0 means the full width). keep_with_next keeps its last
 * line on the page of what follows; mark_level > 0 makes it a bookmark.
 */
void layout_paragraph(struct layout *l, const struct layout_style *st, const char *text,
		      double x0, double x1, int keep_with_next, int mark_level);

/* Adds a centred rule of length len and thickness width with space around it. */
void layout_rule(struct layout *l, double len, double width, double before, double after);

/*
 * Keeps what was added last on the page of what comes next: before a
 * signature, so that it never stands alone on a page without the body's
 * last lines (whose last two lines already keep together).
 */
void layout_keep_with_previous(struct layout *l);

/* Starts a new page (nothing happens at the top of a page). */
void layout_page_break(struct layout *l);

/*
 * Boxes: between layout_box_begin and layout_box_end every paragraph and rule
 * goes into one block kept on one page; layout_box_column starts the next
 * column at the box's top (for side-by-side blocks: a header, a signature).
 */
void layout_box_begin(struct layout *l, double before);
void layout_box_column(struct layout *l);
void layout_box_end(struct layout *l, double after);

/* A table column: its share of the width, alignment of its cells. */
struct layout_column {
	double weight;
	enum layout_align align;
};

/* A table: header row, body rows (row-major cells), styles and borders. */
struct layout_table {
	const struct layout_column *columns;
	size_t ncolumns;
	const char *const *header;          /* ncolumns cells */
	const char *const *cells;           /* nrows * ncolumns cells */
	size_t nrows;
	size_t nbold_rows;                  /* the last rows drawn bold (a total) */
	const struct layout_style *head_style, *body_style, *bold_style;
	const struct layout_style *continued_style;
	const char *continued;              /* caption over a repeated header */
	double padding;                     /* inside each cell */
	double border;                      /* line thickness */
	double head_gray;                   /* header background */
	double before, after;
};

/* Adds a table (copying its texts): a header row, then body rows, each row kept on one page. */
void layout_table(struct layout *l, const struct layout_table *t);

/*
 * A chart of percentages, one labelled horizontal bar a row, as long as its
 * data: its rows flow like a table's, and a page that continues it repeats
 * its caption and axis.
 */
struct layout_chart {
	const char *title;
	const char *continued;             /* caption over a repeated axis, may be NULL */
	const char *const *labels;         /* one per bar, left of it, wrapped; may be NULL */
	const char *const *value_labels;   /* one per bar, right of its end ("98,57%"); may be NULL */
	const double *values;              /* 0..100 */
	size_t n;
	const struct layout_style *title_style, *axis_style, *continued_style;
	double bar_gray, grid_gray, line_width;
	double bar_width;                  /* share of a row's leading, 0..1 */
	int tick_step;                     /* a grid line every so many percent */
	double label_share;                /* share of the width for the labels, 0..1 */
	double before, after;
};

/* Adds a chart (copying its texts). */
void layout_chart(struct layout *l, const struct layout_chart *c);

/*
 * Paginates everything added. page_number_style (may be NULL) numbers pages
 * from 2 on, centred with its baseline page_number_y below the page's top;
 * watermark (may be NULL) is drawn first on every page, centred and rotated
 * by watermark_angle in watermark_style's face and size, in watermark_gray.
 * The layout is freed.
 */
struct layout_watermark {
	const char *text;
	const struct layout_style *style;
	double angle, gray;
};

struct layout_doc *layout_finish(struct layout *l, const struct layout_style *page_number_style,
				 double page_number_y, const struct layout_watermark *watermark);
/* Frees a layout that will not be finished (accepts NULL). */
void layout_free(struct layout *l);
/* Frees d and its pages' items (accepts NULL). */
void layout_doc_free(struct layout_doc *d);

/* Writes the display list as text, one item per line (the --dump format). */
void layout_dump(const struct layout_doc *d, const char *const *face_names, FILE *out);

#endif
