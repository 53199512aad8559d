/*
 * pdf: the only user of libharu. Draws a laid-out document (layout.h) into
 * a PDF in memory: TrueType faces embedded and subset through the UTF-8
 * encoder, a valid ToUnicode map in place of libharu's, the document
 * information in Vietnamese, bookmarks, and no clock: the date comes from the
 * caller, so equal inputs give equal bytes.
 */
#ifndef BAOCAO_PDF_H
#define BAOCAO_PDF_H

#include <stddef.h>
#include <time.h>

#include "layout.h"
#include "ttf.h"
#include "util.h"

/* The document information; NULL fields are left out. */
struct pdf_info {
	const char *title, *author, *subject, *keywords, *creator;
	int has_date;
	struct tm date;         /* creation and modification date, UTC */
};

/*
 * Draws d with the fonts faces[face] (loaded from font_paths[face], named in
 * messages; only the faces d uses are embedded, each cut to the characters
 * it draws) and appends the PDF's bytes to out. Returns 0, or -1 with the
 * reason in err (libharu's error code named).
 */
int pdf_render(const struct layout_doc *d, struct ttf *const *faces, const char *const *font_paths,
	       size_t nfaces, const struct pdf_info *info, struct strbuf *out, struct strbuf *err);

#endif
