/*
 * Unit tests for pdfpack: a PDF drawn by pdf_render (with the cut fonts of
 * build/fonts) rewritten with object streams: PDF 1.5, appended to out, the
 * same bytes and /ID for the same input and another /ID for another input,
 * smaller, still a valid PDF with its text (qpdf --check, pdftotext when
 * installed); input that is not a PDF refused with qpdf's reason. Run from
 * the repository root; the fonts are looked for next to the test's own
 * build folder (build/ or build-dev/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "layout.h"
#include "pdf.h"
#include "pdfpack.h"
#include "ttf.h"
#include "fixtures.h"

static const char *argv0;
static char *font_paths[2];
static struct ttf *faces[2];
static struct strbuf pdf, pdf_other; /* two documents differing in their date */


static int setup(void **state)
{
	(void)state;
	static const char *const files[2] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"};
	return load_faces(argv0, files, 2, font_paths, faces) == 0 && draw_report(faces, font_paths, (struct tm){.tm_year = 2022 - 1900, .tm_mday = 31}, 1, &pdf) == 0 &&
	       draw_report(faces, font_paths, (struct tm){.tm_year = 2023 - 1900, .tm_mday = 31}, 1, &pdf_other) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free_faces(font_paths, faces, 2);
	strbuf_free(&pdf);
	strbuf_free(&pdf_other);
	return 0;
}

/* The bytes of the trailer's /ID [<…> <…>] (NULL if none); *len its length. */
static const char *find_id(const struct strbuf *b, size_t *len)
{
	const char *id = memmem(b->data, b->len, "/ID [", 5);
	if (!id)
		return NULL;
	const char *end = memchr(id, ']', b->len - (size_t)(id - b->data));
	assert_non_null(end);
	*len = (size_t)(end - id) + 1;
	return id;
}

static void packed_and_appended(void **state)
{
	(void)state;
	struct strbuf out = {0}, err = {0};
	assert_int_equal(pdfpack_compact(pdf.data, pdf.len, &out, &err), 0);
	assert_int_equal(err.len, 0);
	/* libharu writes 1.3; object streams need 1.5, which qpdf says in the header */
	assert_memory_equal(pdf.data, "%PDF-1.3", 8);
	assert_memory_equal(out.data, "%PDF-1.5", 8);
	assert_memory_equal(out.data + out.len - 6, "%%EOF\n", 6);
	assert_non_null(memmem(out.data, out.len, "/ObjStm", 7));
	assert_null(memmem(pdf.data, pdf.len, "/ObjStm", 7));
	/* another document than the input, and not a larger one */
	assert_false(out.len == pdf.len && memcmp(out.data, pdf.data, pdf.len) == 0);
	assert_true(out.len <= pdf.len);
	/* the dictionaries went into object streams: no font descriptor left in plain text */
	assert_non_null(memmem(pdf.data, pdf.len, "/FontDescriptor", 15));
	assert_null(memmem(out.data, out.len, "/FontDescriptor", 15));

	/* appended after what out held */
	struct strbuf more = {0};
	strbuf_adds(&more, "keep");
	assert_int_equal(pdfpack_compact(pdf.data, pdf.len, &more, &err), 0);
	assert_int_equal(more.len, 4 + out.len);
	assert_memory_equal(more.data, "keep", 4);
	assert_memory_equal(more.data + 4, out.data, out.len);
	strbuf_free(&out);
	strbuf_free(&more);
	strbuf_free(&err);
}

static void deterministic_id(void **state)
{
	(void)state;
	struct strbuf a = {0}, b = {0}, c = {0}, err = {0};
	assert_int_equal(pdfpack_compact(pdf.data, pdf.len, &a, &err), 0);
	assert_int_equal(pdfpack_compact(pdf.data, pdf.len, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	size_t la, lc;
	const char *ida = find_id(&a, &la);
	assert_non_null(ida);
	assert_true(la > 40); /* two 16-byte strings in hex */

	/* derived from the content: another document, another /ID */
	assert_int_equal(pdfpack_compact(pdf_other.data, pdf_other.len, &c, &err), 0);
	const char *idc = find_id(&c, &lc);
	assert_non_null(idc);
	assert_false(la == lc && memcmp(ida, idc, la) == 0);
	strbuf_free(&a);
	strbuf_free(&b);
	strbuf_free(&c);
	strbuf_free(&err);
}

static void still_a_valid_pdf(void **state)
{
	(void)state;
	struct strbuf out = {0}, err = {0};
	assert_int_equal(pdfpack_compact(pdf.data, pdf.len, &out, &err), 0);
	assert_same_pdf_text(&pdf, &out, "1. Đảng ủy Khối\n");
	assert_same_pdf_text(&pdf, &out, "8. Đảng ủy Khối\n");
	strbuf_free(&out);
	strbuf_free(&err);
}

static void not_a_pdf_refused(void **state)
{
	(void)state;
	static const char garbage[] = "ma_to_chuc,ten_to_chuc\nDUK,Đảng ủy Khối\n";
	struct strbuf out = {0}, err = {0};
	assert_int_equal(pdfpack_compact(garbage, sizeof garbage - 1, &out, &err), -1);
	assert_int_equal(out.len, 0);
	assert_non_null(err.data);
	assert_true(err.len > strlen("qpdf không ghi lại được tệp PDF: "));
	assert_non_null(strstr(err.data, "qpdf không ghi lại được tệp PDF: "));
	assert_null(strstr(err.data, "lỗi không rõ")); /* qpdf's own reason, not the fallback */

	strbuf_reset(&err);
	assert_int_equal(pdfpack_compact("", 0, &out, &err), -1);
	assert_true(err.len > 0);
	assert_int_equal(out.len, 0);

	/* the header alone */
	strbuf_reset(&err);
	assert_int_equal(pdfpack_compact(pdf.data, 9, &out, &err), -1);
	assert_true(err.len > 0);
	assert_int_equal(out.len, 0);
	strbuf_free(&out);
	strbuf_free(&err);
}

static void checked_with_pages_and_contents(void **state)
{
	(void)state;
	struct strbuf packed = {0}, err = {0}, contents = {0}, other = {0};
	long pages = 0, other_pages = 0;
	assert_int_equal(pdfpack_compact(pdf.data, pdf.len, &packed, &err), 0);
	assert_int_equal(pdfpack_check(packed.data, packed.len, &pages, &contents, &err), 0);
	assert_true(pages >= 1);
	assert_non_null(memmem(contents.data, contents.len, "BT", 2)); /* text drawn */
	/* the same drawing, another date in the document's information only */
	assert_int_equal(pdfpack_check(pdf_other.data, pdf_other.len, &other_pages, &other, &err), 0);
	assert_int_equal(other_pages, pages);
	assert_int_equal(other.len, contents.len);
	assert_memory_equal(other.data, contents.data, contents.len);

	/* a damaged compressed stream is an error, as qpdf --check says */
	struct strbuf bad = {0};
	strbuf_add(&bad, pdf.data, pdf.len);
	char *s = memmem(bad.data, bad.len, "/FlateDecode", 12);
	assert_non_null(s);
	s = memmem(s, bad.len - (size_t)(s - bad.data), "stream", 6);
	assert_non_null(s);
	for (int i = 0; i < 8; i++)
		s[20 + i] ^= 0x5a;
	strbuf_reset(&err);
	assert_int_equal(pdfpack_check(bad.data, bad.len, &pages, NULL, &err), -1);
	assert_non_null(strstr(err.data, "qpdf thấy tệp PDF bị lỗi: "));
	strbuf_reset(&err);
	assert_int_equal(pdfpack_check("%PDF-1.4\n", 9, &pages, NULL, &err), -1);
	assert_true(err.len > 0);
	strbuf_free(&bad);
	strbuf_free(&packed);
	strbuf_free(&contents);
	strbuf_free(&other);
	strbuf_free(&err);
}

int main(int argc, char **argv)
{
	(void)argc;
	argv0 = argv[0];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packed_and_appended),
		cmocka_unit_test(deterministic_id),
		cmocka_unit_test(still_a_valid_pdf),
		cmocka_unit_test(not_a_pdf_refused),
		cmocka_unit_test(checked_with_pages_and_contents),
	};
	return cmocka_run_group_tests_name("pdfpack", tests, setup, teardown);
}
