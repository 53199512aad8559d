/*
 * pdfpack: the only user of libqpdf. libharu writes PDF 1.3, every
 * dictionary as plain text; rewriting the file with object streams (PDF 1.5)
 * compresses the dictionaries too (fonts' widths, bookmarks, pages), about a
 * fifth of a report, without touching what is drawn.
 */
#ifndef BAOCAO_PDFPACK_H
#define BAOCAO_PDFPACK_H

#include <stddef.h>

#include "util.h"

/*
 * Appends to out the PDF in[0..n) rewritten with object streams and a /ID
 * derived from its content (equal input, equal bytes). Returns 0, or -1
 * with qpdf's reason in err.
 */
int pdfpack_compact(const char *in, size_t n, struct strbuf *out, struct strbuf *err);

#endif
