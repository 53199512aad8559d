/*
 * Unit tests for pdf: a small laid-out page (a bookmarked heading in bold,
 * justified body text, a rule, a table with a shaded header) drawn with the
 * cut fonts of build/fonts: a whole PDF, the same bytes for the same input,
 * the caller's date in the information, only the faces drawn embedded, a
 * /ToUnicode map of exactly the characters drawn (read with qpdf), the
 * Vietnamese text extractable again (pdftotext), and two faces of one
 * PostScript name refused. Run from the repository root; the fonts are
 * looked for next to the test's own build folder (build/ or build-dev/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "layout.h"
#include "pdf.h"
#include "ttf.h"
#include "fixtures.h"

static char *font_paths[3];
static struct ttf *faces[3]; /* regular, bold, and regular again (a second load of it) */

static const struct layout_page a4 = {595.28, 841.89, 56.69, 56.69, 85.04, 42.52};
static const struct layout_style heading = {1, 14, 20, 6, 6, 0, LAYOUT_CENTER, 0, 0, 0, 0, 0};
static const struct layout_style body = {0, 14, 20, 0, 6, 36, LAYOUT_JUSTIFY, 0, 0, 0, 0, 0};
static const struct layout_style cell = {0, 10, 12, 0, 0, 0, LAYOUT_LEFT, 0, 0, 0, 0, 0};
static const struct layout_style head_cell = {1, 10, 12, 0, 0, 0, LAYOUT_CENTER, 0, 0, 0, 0, 0};

static const char title[] = "Đảng ủy Khối";
static const char text[] =
	"Ban Thường vụ Đảng ủy Khối đã lãnh đạo, chỉ đạo các tổ chức cơ sở đảng trực thuộc quán "
	"triệt, triển khai thực hiện nghiêm túc Chỉ thị số 05-CT/TW; có 3.481/3.481 cán bộ, đảng "
	"viên xây dựng bản cam kết (đạt 100%).";

static const char *argv0;

static int load_fonts(void **state)
{
	(void)state;
	static const char *const files[3] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
					     "LiberationSerif-Regular.ttf"};
	return load_faces(argv0, files, 3, font_paths, faces);
}

static int free_fonts(void **state)
{
	(void)state;
	free_faces(font_paths, faces, 3);
	return 0;
}

/* The test page: everything in both faces, or only the body text (face 0). */
static struct layout_doc *test_doc(int both_faces)
{
	struct layout *l = layout_new(&a4, faces, 2);
	if (both_faces)
		layout_paragraph(l, &heading, title, 0, 0, 1, 1);
	layout_paragraph(l, &body, text, 0, 0, 0, 0);
	layout_rule(l, 60, 0.5, 4, 8);
	if (both_faces) {
		static const struct layout_column cols[2] = {{1, LAYOUT_LEFT}, {1, LAYOUT_RIGHT}};
		static const char *const header[2] = {"Chi bộ", "Số đảng viên"};
		static const char *const cells[4] = {"Chi bộ 1", "12", "Chi bộ 2", "9"};
		struct layout_table t = {cols, 2, header, cells, 2, 0, &head_cell, &cell, &head_cell,
					 &cell, "(tiếp theo)", 2, 0.5, 0.9, 6, 6};
		layout_table(l, &t);
	}
	return layout_finish(l, NULL, 0, NULL);
}

static const struct pdf_info info = {
	"Báo cáo kết quả", "Đảng ủy Khối", "Chỉ thị 05", "cam kết", "baocao", 1,
	{.tm_year = 123, .tm_mon = 3, .tm_mday = 15, .tm_hour = 10, .tm_min = 30, .tm_sec = 5},
};

/* Draws doc with faces[0..nfaces); returns pdf_render's result. */
static int render(const struct layout_doc *d, size_t nfaces, const struct pdf_info *inf,
		  struct strbuf *out, struct strbuf *err)
{
	return pdf_render(d, faces, (const char *const *)font_paths, nfaces, inf, out, err);
}

/* How many times needle occurs in b. */
static size_t count(const struct strbuf *b, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = b->data; (p = memmem(p, b->len - (size_t)(p - b->data), needle, len)); p += len)
		n++;
	return n;
}

/*
 * The CMapType 2 maps in b (qpdf's uncompressed output), each expanded into
 * maps[m][code] = character (0: not mapped); *ranges counts the bfrange
 * lines. Fails on a block of more than 100 lines. Returns how many maps.
 */
static size_t to_unicode_maps(const struct strbuf *b, uint16_t (*maps)[0x10000], size_t max, size_t *ranges)
{
	size_t m = 0;
	const char *p = b->data, *end = b->data + b->len;
	while (m < max && (p = memmem(p, (size_t)(end - p), "/CMapType 2 def", 15))) {
		const char *stop = memmem(p, (size_t)(end - p), "endcmap", 7);
		assert_non_null(stop);
		memset(maps[m], 0, sizeof maps[m]);
		for (const char *q = p; q < stop;) {
			const char *nl = memchr(q, '\n', (size_t)(stop - q));
			unsigned count;
			char op[16];
			if (!nl)
				break;
			if (sscanf(q, "%u begin%15s", &count, op) == 2 &&
			    (strcmp(op, "bfchar") == 0 || strcmp(op, "bfrange") == 0)) {
				assert_true(count <= 100);
				q = nl + 1;
				for (unsigned i = 0; i < count; i++) {
					unsigned lo, hi, c;
					if (op[2] == 'c') {
						assert_int_equal(sscanf(q, "<%4x> <%4x>", &lo, &c), 2);
						hi = lo;
					} else {
						assert_int_equal(sscanf(q, "<%4x> <%4x> <%4x>", &lo, &hi, &c), 3);
						assert_int_equal(lo >> 8, hi >> 8); /* the last byte varies only */
						(*ranges)++;
					}
					for (unsigned x = lo; x <= hi; x++)
						maps[m][x] = (uint16_t)(c + (x - lo));
					q = (const char *)memchr(q, '\n', (size_t)(stop - q)) + 1;
				}
				continue;
			}
			q = nl + 1;
		}
		m++;
		p = stop;
	}
	return m;
}

static void layout_has_every_kind(void **state)
{
	(void)state;
	/* what the other tests rely on: text in both faces, a line, a rect, a bookmark */
	struct layout_doc *d = test_doc(1);
	int kinds[3] = {0}, face_used[2] = {0};
	assert_int_equal(d->npages, 1);
	for (size_t i = 0; i < d->pages[0].n; i++) {
		const struct layout_item *it = &d->pages[0].items[i];
		kinds[it->kind]++;
		if (it->kind == LAYOUT_TEXT)
			face_used[it->face]++;
	}
	assert_true(kinds[LAYOUT_TEXT] > 0 && kinds[LAYOUT_LINE] > 0 && kinds[LAYOUT_RECT] > 0);
	assert_true(face_used[0] > 0 && face_used[1] > 0);
	assert_int_equal(d->nmarks, 1);
	assert_string_equal(d->marks[0].title, title);
	layout_doc_free(d);
}

static void whole_and_deterministic(void **state)
{
	(void)state;
	struct layout_doc *d = test_doc(1);
	struct strbuf a = {0}, b = {0}, err = {0};
	assert_int_equal(render(d, 2, &info, &a, &err), 0);
	assert_int_equal(err.len, 0);
	assert_true(a.len > 1000);
	assert_memory_equal(a.data, "%PDF-", 5);
	assert_memory_equal(a.data + a.len - 6, "%%EOF\n", 6);

	/* equal inputs, equal bytes: no clock, no random /ID */
	assert_int_equal(render(d, 2, &info, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);

	/* one page; the bookmark, titled in UTF-16BE, shown when the file opens */
	assert_int_equal(count(&a, "/Type /Page\n"), 1);
	struct strbuf mark = {0};
	size_t len;
	strbuf_adds(&mark, "/Title <FEFF");
	for (const char *s = title; *s; s += len)
		strbuf_addf(&mark, "%04X", (unsigned)textnorm_utf8_next(s, &len));
	strbuf_adds(&mark, ">");
	assert_int_equal(count(&a, mark.data), 1);
	strbuf_free(&mark);
	assert_int_equal(count(&a, "/UseOutlines"), 1);
	assert_non_null(memmem(a.data, a.len, "595.28", 6));
	assert_non_null(memmem(a.data, a.len, "841.89", 6));

	/* appended after what out held */
	struct strbuf c = {0};
	strbuf_adds(&c, "before");
	assert_int_equal(render(d, 2, &info, &c, &err), 0);
	assert_int_equal(c.len, 6 + a.len);
	assert_memory_equal(c.data, "before", 6);
	assert_memory_equal(c.data + 6, a.data, a.len);
	layout_doc_free(d);
	strbuf_free(&a);
	strbuf_free(&b);
	strbuf_free(&c);
	strbuf_free(&err);
}

static void date_from_the_caller(void **state)
{
	(void)state;
	struct layout_doc *d = test_doc(0);
	struct strbuf a = {0}, b = {0}, err = {0};
	assert_int_equal(render(d, 2, &info, &a, &err), 0);
	assert_non_null(memmem(a.data, a.len, "/CreationDate (D:20230415103005Z", 31));
	assert_non_null(memmem(a.data, a.len, "/ModDate (D:20230415103005Z", 26));
	assert_int_equal(count(&a, "(D:2023"), 2);

	/* another date changes the bytes; none leaves both keys out */
	struct pdf_info later = info;
	later.date.tm_year = 124;
	assert_int_equal(render(d, 2, &later, &b, &err), 0);
	assert_non_null(memmem(b.data, b.len, "/CreationDate (D:20240415103005Z", 31));
	assert_false(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	struct pdf_info undated = {0};
	strbuf_reset(&b);
	assert_int_equal(render(d, 2, &undated, &b, &err), 0);
	assert_null(memmem(b.data, b.len, "/CreationDate", 13));
	assert_null(memmem(b.data, b.len, "/ModDate", 8));
	assert_int_equal(err.len, 0);
	layout_doc_free(d);
	strbuf_free(&a);
	strbuf_free(&b);
	strbuf_free(&err);
}

static void only_used_faces_embedded(void **state)
{
	(void)state;
	struct layout_doc *one = test_doc(0), *two = test_doc(1);
	struct strbuf a = {0}, b = {0}, err = {0};
	assert_int_equal(render(one, 2, &info, &a, &err), 0);
	assert_int_equal(count(&a, "/FontFile2"), 1);
	assert_non_null(memmem(a.data, a.len, "LiberationSerif", 15));
	assert_null(memmem(a.data, a.len, "LiberationSerif-Bold", 20));
	assert_int_equal(render(two, 2, &info, &b, &err), 0);
	assert_int_equal(count(&b, "/FontFile2"), 2);
	assert_non_null(memmem(b.data, b.len, "LiberationSerif-Bold", 20));
	/* each face cut to what it draws: far below the cut fonts' own size */
	assert_true(a.len < 40000);
	layout_doc_free(one);
	layout_doc_free(two);
	strbuf_free(&a);
	strbuf_free(&b);
	strbuf_free(&err);
}

/* 1 when the command is installed. */
static int have(const char *program)
{
	char *cmd = xasprintf("command -v %s >/dev/null 2>&1", program);
	int ok = system(cmd) == 0;
	free(cmd);
	return ok;
}

/* The output of cmd_fmt (%s: a file holding b), which must succeed. */
static struct strbuf run_ok(const struct strbuf *b, const char *cmd_fmt)
{
	int status;
	struct strbuf out = run_on(b, cmd_fmt, &status);
	assert_int_equal(status, 0);
	return out;
}

static void text_extractable(void **state)
{
	(void)state;
	struct layout_doc *d = test_doc(1);
	struct strbuf a = {0}, err = {0};
	assert_int_equal(render(d, 2, &info, &a, &err), 0);
	if (!have("pdftotext")) {
		layout_doc_free(d);
		strbuf_free(&a);
		skip();
	}
	struct strbuf out = run_ok(&a, "pdftotext -enc UTF-8 %s -");
	const char *t = out.data;
	assert_int_equal(strlen(t), out.len); /* text only */
	/* the heading on a line of its own, NFC, then the words of the body and table */
	assert_non_null(strstr(t, "Đảng ủy Khối\n"));
	assert_true(strncmp(t, "Đảng ủy Khối\n", strlen("Đảng ủy Khối\n")) == 0);
	assert_non_null(strstr(t, "Ban Thường vụ Đảng ủy Khối đã lãnh đạo"));
	assert_non_null(strstr(t, "3.481/3.481"));
	assert_non_null(strstr(t, "(đạt 100%)."));
	assert_non_null(strstr(t, "Số đảng viên"));
	assert_non_null(strstr(t, "Chi bộ 2"));
	assert_null(strstr(t, "\xcc")); /* no combining marks (U+0300..U+033F): NFC */
	strbuf_free(&out);
	layout_doc_free(d);
	strbuf_free(&a);
	strbuf_free(&err);
}

/*
 * Each face's /ToUnicode is our CMapType 2 map from its codes to exactly the
 * code points drawn with it (libharu's own is rewritten), runs as ranges, in
 * blocks of at most 100; read with qpdf, which uncompresses the streams. The
 * fonts' CIDToGIDMaps hold those codes only (libharu's UTF-8 encoder wrote
 * 128 KB a face).
 */
static void to_unicode_of_the_codes_drawn(void **state)
{
	(void)state;
	static const char letters[] =
		"aàảãáạ ăằẳẵắặ âầẩẫấậ bcdđ eèẻẽéẹ êềểễếệ ghiìỉĩíị klmn oòỏõóọ ôồổỗốộ ơờởỡớợ "
		"pqrst uùủũúụ ưừửữứự vxyỳỷỹýỵ AÀẢÃÁẠ ĂẰẲẴẮẶ ÂẦẨẪẤẬ ĐEÈẺẼÉẸ ÊỀỂỄẾỆ 0123456789";
	if (!have("qpdf"))
		skip();
	struct layout *l = layout_new(&a4, faces, 2);
	layout_paragraph(l, &heading, title, 0, 0, 0, 0);
	layout_paragraph(l, &cell, letters, 0, 0, 0, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	/* the code points drawn, per face, from the display list */
	static unsigned char used[2][0x10000 / 8];
	size_t n[2] = {0, 0};
	memset(used, 0, sizeof used);
	for (size_t i = 0; i < d->pages[0].n; i++) {
		const struct layout_item *it = &d->pages[0].items[i];
		size_t len;
		for (const char *s = it->text; it->kind == LAYOUT_TEXT && *s; s += len) {
			uint32_t c = textnorm_utf8_next(s, &len);
			if (!(used[it->face][c / 8] >> (c % 8) & 1))
				n[it->face]++;
			used[it->face][c / 8] |= (unsigned char)(1u << (c % 8));
		}
	}
	assert_true(n[0] > 100 && n[0] < 200); /* the letters: two blocks */
	assert_true(n[1] > 5 && n[1] <= 12);   /* the heading: one */

	struct strbuf a = {0}, err = {0};
	assert_int_equal(render(d, 2, &info, &a, &err), 0);
	struct strbuf plain = run_ok(&a, "qpdf --stream-data=uncompress %s -");
	assert_int_equal(count(&plain, "/CMapType 2 def"), 2);
	assert_int_equal(count(&plain, "/CMapType 1"), 0);
	/*
	 * each face's characters drawn, in code point order, have the codes 1, 2, …
	 * and nothing else is mapped (Đ is drawn in both faces); runs of
	 * consecutive characters (the digits) are ranges
	 */
	static uint16_t maps[2][0x10000];
	size_t ranges = 0, matched = 0;
	assert_int_equal(to_unicode_maps(&plain, maps, 2, &ranges), 2);
	assert_true(ranges > 0);
	for (int f = 0; f < 2; f++) {
		static uint16_t want[0x10000];
		unsigned code = 0;
		memset(want, 0, sizeof want);
		for (uint32_t c = 0; c < 0x10000; c++)
			if (used[f][c / 8] >> (c % 8) & 1)
				want[++code] = (uint16_t)c;
		assert_int_equal(code, n[f]);
		matched += memcmp(maps[0], want, sizeof want) == 0 || memcmp(maps[1], want, sizeof want) == 0;
	}
	assert_int_equal(matched, 2);
	fprintf(stderr, "uncompressed: %zu bytes\n", plain.len);
	assert_true(plain.len < 100000);
	strbuf_free(&plain);
	layout_doc_free(d);
	strbuf_free(&a);
	strbuf_free(&err);
}

/*
 * libharu keeps one font per PostScript name: a second face with the name of
 * another (here the regular face loaded twice, both drawn) is refused, named.
 */
static void same_postscript_name_refused(void **state)
{
	(void)state;
	struct layout *l = layout_new(&a4, faces, 3);
	struct layout_style third = body;
	third.face = 2;
	layout_paragraph(l, &body, "Chi bộ", 0, 0, 0, 0);
	layout_paragraph(l, &third, "Đảng bộ", 0, 0, 0, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	struct strbuf out = {0}, err = {0};
	assert_int_equal(render(d, 3, &info, &out, &err), -1);
	assert_int_equal(out.len, 0);
	assert_non_null(err.data);
	assert_non_null(strstr(err.data, font_paths[2]));
	assert_non_null(strstr(err.data, "PostScript"));
	assert_non_null(strstr(err.data, "\"LiberationSerif\""));

	/* the same faces are fine when the third one draws nothing */
	layout_doc_free(d);
	d = test_doc(1);
	strbuf_reset(&err);
	assert_int_equal(render(d, 3, &info, &out, &err), 0);
	assert_int_equal(err.len, 0);
	layout_doc_free(d);
	strbuf_free(&out);
	strbuf_free(&err);
}

/* A text in a face the caller did not give is refused, not drawn from past the array. */
static void face_out_of_range_refused(void **state)
{
	(void)state;
	struct layout_doc *d = test_doc(1); /* faces 0 and 1 */
	struct strbuf out = {0}, err = {0};
	assert_int_equal(render(d, 1, &info, &out, &err), -1);
	assert_int_equal(out.len, 0);
	assert_non_null(err.data);
	assert_non_null(strstr(err.data, "kiểu chữ số 1"));
	layout_doc_free(d);
	strbuf_free(&out);
	strbuf_free(&err);
}

int main(int argc, char **argv)
{
	(void)argc;
	argv0 = argv[0];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_has_every_kind),
		cmocka_unit_test(whole_and_deterministic),
		cmocka_unit_test(date_from_the_caller),
		cmocka_unit_test(only_used_faces_embedded),
		cmocka_unit_test(text_extractable),
		cmocka_unit_test(to_unicode_of_the_codes_drawn),
		cmocka_unit_test(same_postscript_name_refused),
		cmocka_unit_test(face_out_of_range_refused),
	};
	return cmocka_run_group_tests_name("pdf", tests, load_fonts, free_fonts);
}
