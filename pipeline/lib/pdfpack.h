/*
 * pdfpack: the only user of libqpdf. libharu writes PDF 1.3, every
 * dictionary as plain text; rewriting the file with object streams (PDF 1.5)
 * compresses the dictionaries too (fonts' widths, bookmarks, pages), about a
 * fifth of a report, without touching what is drawn. For pdfsign it also
 * reads a PDF's objects without rewriting it: what an incremental update
 * that adds a signature field must rewrite, and the signatures a file holds.
 *
 * Ownership: the caller owns every buffer and the structs filled here
 * (pdfpack_update_free, pdfpack_signatures_free release theirs).
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

/* Sets *pages to the number of pages of the PDF in[0..n); returns 0, or -1 with qpdf's reason in err. */
int pdfpack_pages(const char *in, size_t n, long *pages, struct strbuf *err);

/*
 * Checks the PDF in[0..n) as qpdf --check does (every object read, every
 * stream decoded; a warning is an error), sets *pages to its number of
 * pages and, when contents is not NULL, appends to it what its pages draw
 * (their content streams decoded, in page order). Returns 0, or -1 with
 * qpdf's reason in err.
 */
int pdfpack_check(const char *in, size_t n, long *pages, struct strbuf *contents, struct strbuf *err);

/*
 * An incremental update that adds a signature field to a PDF (pdfsign),
 * as pdfpack_field_update finds it. The struct owns its buffers;
 * pdfpack_update_free releases them.
 */
#define PDFPACK_UPDATE_MAX 4
struct pdfpack_update {
	size_t prev;           /* offset of the last cross-reference section: the new one's /Prev */
	int xref_stream;       /* 1 when that section is a cross-reference stream (else a table) */
	long size;             /* the trailer's /Size: the new field's widget is object number size */
	long page, page_gen;   /* the first page, the widget's /P */
	long fields;           /* how many fields the form had before */
	struct strbuf trailer; /* /Root, /Info and /ID of the trailer, as PDF text, to repeat */
	size_t nobjects;       /* the objects rewritten, each with its new value as PDF text */
	struct pdfpack_object {
		long num, gen;
		struct strbuf text;
	} objects[PDFPACK_UPDATE_MAX];
};

/*
 * Reads the PDF in[0..n) for an incremental update that adds one field:
 * fills u with where the update starts and the objects it rewrites so that
 * object number u->size (the first free one, the caller's widget) is in the
 * form's /Fields (the form made when there is none, /SigFlags 3) and in the
 * first page's /Annots. The caller's further new objects take the numbers
 * after it. Encrypted files, files without a page and damaged files (qpdf
 * would have to rebuild their cross-reference table) are refused. Returns
 * 0, or -1 with the reason in err (u then holds nothing to free).
 */
int pdfpack_field_update(const char *in, size_t n, struct pdfpack_update *u, struct strbuf *err);

/* Releases what u holds and leaves it empty (accepts an empty one). */
void pdfpack_update_free(struct pdfpack_update *u);

/*
 * A signature value of a PDF's form, as pdfpack_signatures finds it. The
 * struct owns its buffer; pdfpack_signatures_free releases an array of them.
 */
struct pdfpack_signature {
	long range[4];          /* /ByteRange */
	size_t nrange;          /* how many integers /ByteRange held (4 when well-formed; at most 4 kept) */
	struct strbuf contents; /* /Contents: the CMS signature, bytes as decoded */
	char subfilter[32];     /* /SubFilter without its slash ("" when none or longer) */
};

/*
 * Finds every signed signature field of the PDF in[0..n) (the form's
 * /Fields and their /Kids, /FT /Sig with a /V dictionary) and sets *sigs to
 * a new array of their values (*n_sigs of them, in the form's order; NULL
 * when none). Returns 0, or -1 with the reason in err (nothing to free).
 */
int pdfpack_signatures(const char *in, size_t n, struct pdfpack_signature **sigs, size_t *n_sigs,
		       struct strbuf *err);

/* Releases an array from pdfpack_signatures and its n buffers (accepts NULL). */
void pdfpack_signatures_free(struct pdfpack_signature *sigs, size_t n);


#endif
