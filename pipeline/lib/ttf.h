/*
 * ttf: what the layout needs to know of a TrueType font file, read by us:
 * which characters it has (its cmap) and how wide each one is (hmtx), in the
 * PDF's units of 1/1000 em rounded as libharu rounds them, so that measured
 * lines are exactly as wide as the PDF draws them.
 * A struct ttf owns its tables; ttf_free releases them.
 */
#ifndef BAOCAO_TTF_H
#define BAOCAO_TTF_H

#include <stdint.h>
#include <stddef.h>

#include "textnorm.h"
#include "util.h"

struct ttf;

/*
 * Loads path and checks it (TrueType outlines, sane tables, no nested
 * composite glyphs, which libharu 2.3.0 draws without their accents); on
 * failure returns NULL with "path: a Vietnamese reason" in err.
 */
struct ttf *ttf_load(const char *path, struct strbuf *err);
/* The same, from the bytes of a font file (copied); the reason in err has no path. */
struct ttf *ttf_from_bytes(const char *data, size_t n, struct strbuf *err);
/* Frees f (accepts NULL). */
void ttf_free(struct ttf *f);

/* Returns 1 when the font maps the code point c to a glyph. */
int ttf_has(const struct ttf *f, uint32_t c);

/* The advance of c in 1/1000 em (the .notdef glyph's for a missing c). */
int ttf_width(const struct ttf *f, uint32_t c);

/*
 * The width in points of valid UTF-8 s[0..n) at size pt. When missing is
 * not NULL, the first code point the font lacks is stored there (0 if none).
 */
double ttf_text_width(const struct ttf *f, const char *s, size_t n, double size,
		      uint32_t *missing);

/*
 * Appends to out a TrueType file made from f for one document: the glyphs of
 * the code points marked in used (a bitmap of the Basic Multilingual Plane,
 * bit c % 8 of byte c / 8), .notdef and the glyphs composites are built of,
 * renumbered in their order with their metrics; a cmap (format 4) of the
 * used code points only, a segment per run of consecutive characters and
 * glyphs; no glyph names, no layout tables; of the name table only the
 * copyright, family, style, full and PostScript names (IDs 0, 1, 2, 4, 6);
 * the other tables as they were. Its cost follows the characters drawn,
 * not the plane. Returns 0, or -1 when the font's tables are not as expected.
 */
int ttf_subset(const struct ttf *f, const unsigned char *used, struct strbuf *out);

/* A glyph's outline as points: where a contour starts, a line to, a quadratic (control, end), a close. */
enum ttf_op { TTF_MOVE, TTF_LINE, TTF_QUAD, TTF_CLOSE };
struct ttf_point {
	int op;       /* enum ttf_op; a quadratic takes two points: its control, then its end */
	double x, y;  /* in em, y upwards from the baseline */
};
struct ttf_outline {
	struct ttf_point *points;
	size_t n, cap;
};

/*
 * Appends to o the outline of the glyph of c (.notdef's when the font lacks
 * it), its origin at x em along the baseline. For text drawn as shapes (a
 * watermark), which the text layer must not hold. Returns 0, or -1 when the
 * glyph's data is malformed (what was appended before stays). The caller
 * frees o->points.
 */
int ttf_outline(const struct ttf *f, uint32_t c, double x, struct ttf_outline *o);

#endif
