/*
 * Unit tests for layout: justified lines end at the margin, the first line is
 * indented, nothing leaves the text area, overlong words are cut, headings
 * stay with their paragraph, no lone first line at a page's foot, boxes are
 * kept whole, tables repeat their header under the continued caption, page
 * numbers start on page 2 and page breaks break.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "layout.h"

#define FONTS "/usr/share/fonts/truetype/liberation2/"

static struct ttf *faces[2];

static int load_fonts(void **state)
{
	(void)state;
	struct strbuf err = {0};
	faces[0] = ttf_load(FONTS "LiberationSerif-Regular.ttf", &err);
	faces[1] = ttf_load(FONTS "LiberationSerif-Bold.ttf", &err);
	strbuf_free(&err);
	return faces[0] && faces[1] ? 0 : -1;
}

static int free_fonts(void **state)
{
	(void)state;
	ttf_free(faces[0]);
	ttf_free(faces[1]);
	return 0;
}

/* A4 with the hd36 margins, or a short page to force breaks. */
static const struct layout_page a4 = {595.28, 841.89, 56.69, 56.69, 85.04, 42.52};
static const struct layout_page short_page = {595.28, 200, 20, 20, 85.04, 42.52};

static const struct layout_style body = {0, 14, 20, 0, 6, 36, LAYOUT_JUSTIFY, 0, 0, 0, 0, 0};
static const struct layout_style bold = {1, 14, 20, 6, 6, 0, LAYOUT_LEFT, 0, 0, 0, 0, 0};
static const struct layout_style small = {0, 10, 12, 0, 0, 0, LAYOUT_LEFT, 0, 0, 0, 0, 0};

static const char text[] =
	"Ban Thường vụ Đảng ủy Khối đã lãnh đạo, chỉ đạo các tổ chức cơ sở đảng trực thuộc quán "
	"triệt, triển khai thực hiện nghiêm túc Chỉ thị số 05-CT/TW; có 3.481/3.481 cán bộ, đảng "
	"viên xây dựng bản cam kết (đạt 100%), tăng 2 mô hình so với năm 2021. Ưu điểm, hạn chế, "
	"nguyên nhân và bài học kinh nghiệm được rút ra từ thực tiễn của các chi bộ.";

/* Finds the page (1-based) holding a text item equal to s, 0 if none; its item in *out. */
static size_t find_text(const struct layout_doc *d, const char *s, const struct layout_item **out)
{
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].n; i++)
			if (d->pages[p].items[i].kind == LAYOUT_TEXT &&
			    strcmp(d->pages[p].items[i].text, s) == 0) {
				if (out)
					*out = &d->pages[p].items[i];
				return p + 1;
			}
	return 0;
}

static void justified_lines_reach_the_margin(void **state)
{
	(void)state;
	struct layout *l = layout_new(&a4, faces, 2);
	layout_paragraph(l, &body, text, 0, 0, 0, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	double left = a4.left, right = a4.width - a4.right;
	const struct layout_page_items *p = &d->pages[0];
	assert_int_equal(d->npages, 1);
	assert_true(p->n > 10);
	/* the first word is indented; every line but the last ends at the margin */
	assert_true(fabs(p->items[0].x - (left + body.indent)) < 1e-6);
	size_t lines = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct layout_item *it = &p->items[i];
		assert_true(it->x >= left - 1e-6 && it->x + it->width <= right + 1e-6);
		int last_on_line = i + 1 == p->n || p->items[i + 1].y != it->y;
		if (last_on_line) {
			lines++;
			if (i + 1 < p->n)
				assert_true(fabs(it->x + it->width - right) < 1e-6);
		}
	}
	assert_true(lines >= 3);
	/* lines are exactly the leading apart */
	assert_true(fabs(p->items[0].y - p->items[p->n - 1].y - (double)(lines - 1) * body.leading) < 1e-6);
	layout_doc_free(d);
}

static void overlong_word_is_cut(void **state)
{
	(void)state;
	char word[400];
	for (size_t i = 0; i < sizeof word - 1; i++)
		word[i] = (char)('a' + i % 26);
	word[sizeof word - 1] = '\0';
	struct layout *l = layout_new(&a4, faces, 2);
	layout_paragraph(l, &small, word, 0, 100, 0, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	size_t total = 0;
	for (size_t i = 0; i < d->pages[0].n; i++) {
		const struct layout_item *it = &d->pages[0].items[i];
		assert_true(it->width <= 100 + 1e-6);
		total += strlen(it->text);
	}
	assert_true(d->pages[0].n > 5);
	assert_int_equal(total, sizeof word - 1); /* nothing lost */
	layout_doc_free(d);

	/* a figure list is cut after a slash, not inside a number */
	l = layout_new(&a4, faces, 2);
	layout_paragraph(l, &small, "701/2.186/502/92", 0, 50, 0, 0);
	d = layout_finish(l, NULL, 0, NULL);
	assert_int_equal(d->pages[0].n, 2);
	assert_string_equal(d->pages[0].items[0].text, "701/2.186/");
	assert_string_equal(d->pages[0].items[1].text, "502/92");
	layout_doc_free(d);
}

static void heading_stays_with_its_paragraph(void **state)
{
	(void)state;
	/* 160 pt of text area: six one-line paragraphs leave 40 pt, too little for
	 * the heading and two lines of what follows */
	struct layout_style one = body;
	one.after = 0;
	one.indent = 0;
	struct layout *l = layout_new(&short_page, faces, 2);
	for (int i = 0; i < 6; i++)
		layout_paragraph(l, &one, "Dòng ngắn.", 0, 0, 0, 0);
	struct layout_style head = bold;
	head.before = head.after = 0;
	layout_paragraph(l, &head, "II. KẾT QUẢ", 0, 0, 1, 2);
	layout_paragraph(l, &one, text, 0, 0, 0, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	assert_int_equal(find_text(d, "II. KẾT QUẢ", NULL), 2);
	assert_int_equal(d->nmarks, 1);
	assert_int_equal(d->marks[0].page, 1);
	assert_int_equal(d->marks[0].level, 2);
	layout_doc_free(d);
}

static void no_lone_first_line_at_the_foot(void **state)
{
	(void)state;
	struct layout_style one = body;
	one.after = 0;
	struct layout *l = layout_new(&short_page, faces, 2);
	for (int i = 0; i < 7; i++) /* one line of room left */
		layout_paragraph(l, &one, "Dòng.", 0, 0, 0, 0);
	layout_paragraph(l, &one, text, 0, 0, 0, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	assert_int_equal(find_text(d, "Ban", NULL), 2);
	assert_int_equal(d->pages[0].n, 7);
	layout_doc_free(d);
}

static void box_is_kept_whole(void **state)
{
	(void)state;
	struct layout_style one = body;
	one.after = 0;
	struct layout *l = layout_new(&short_page, faces, 2);
	for (int i = 0; i < 5; i++)
		layout_paragraph(l, &one, "Dòng.", 0, 0, 0, 0);
	layout_box_begin(l, 0);
	layout_paragraph(l, &small, "Nơi nhận:", 0, 150, 0, 0);
	layout_paragraph(l, &small, "- Lưu.", 0, 150, 0, 0);
	layout_box_column(l);
	layout_paragraph(l, &bold, "T/M BAN THƯỜNG VỤ", 200, 0, 0, 0);
	layout_paragraph(l, &bold, "Trần Văn Khánh", 200, 0, 0, 0);
	layout_paragraph(l, &bold, "Trần Văn Khánh 2", 200, 0, 0, 0);
	layout_box_end(l, 0);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	const struct layout_item *a, *b;
	assert_int_equal(find_text(d, "Nơi nhận:", &a), 2);
	assert_int_equal(find_text(d, "T/M BAN THƯỜNG VỤ", &b), 2);
	/* side by side: the columns start level */
	assert_true(fabs(a->y - b->y) < 20);
	assert_true(b->x > a->x + 150);
	layout_doc_free(d);
}

static void table_header_repeats(void **state)
{
	(void)state;
	enum { ROWS = 40, COLS = 3 };
	static const struct layout_column cols[COLS] = {
		{1, LAYOUT_CENTER}, {6, LAYOUT_LEFT}, {2, LAYOUT_RIGHT}};
	const char *header[COLS] = {"STT", "Tên tổ chức", "Tổng số"};
	char *cells[ROWS * COLS];
	for (int r = 0; r < ROWS; r++) {
		cells[r * COLS] = xasprintf("%d", r + 1);
		cells[r * COLS + 1] = xasprintf("Chi bộ số %d", r + 1);
		cells[r * COLS + 2] = xasprintf("%d", 100 + r);
	}
	struct layout_style cont = small;
	cont.align = LAYOUT_CENTER;
	struct layout_table t = {cols, COLS, header, (const char *const *)cells, ROWS, 1,
				 &small, &small, &small, &cont, "Phụ lục (tiếp theo)", 2, 0.5, 0.9, 0, 0};
	struct layout *l = layout_new(&short_page, faces, 2);
	layout_table(l, &t);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	assert_true(d->npages >= 3);
	for (size_t p = 0; p < d->npages; p++) {
		size_t heads = 0, conts = 0;
		for (size_t i = 0; i < d->pages[p].n; i++) {
			const struct layout_item *it = &d->pages[p].items[i];
			if (it->kind != LAYOUT_TEXT)
				continue;
			heads += strcmp(it->text, "Tên tổ chức") == 0;
			conts += strcmp(it->text, "Phụ lục (tiếp theo)") == 0;
			/* nothing below the bottom margin */
			assert_true(it->y >= short_page.bottom - 1e-6);
		}
		assert_int_equal(heads, 1);
		assert_int_equal(conts, p > 0);
	}
	/* every row once, and each row's cells on one page */
	for (int r = 0; r < ROWS; r++) {
		char name[32], value[16];
		snprintf(name, sizeof name, "Chi bộ số %d", r + 1);
		snprintf(value, sizeof value, "%d", 100 + r);
		size_t pn = find_text(d, name, NULL);
		assert_true(pn > 0);
		assert_int_equal(find_text(d, value, NULL), pn);
	}
	layout_doc_free(d);
	for (int i = 0; i < ROWS * COLS; i++)
		free(cells[i]);
}

static void page_numbers_from_page_two(void **state)
{
	(void)state;
	struct layout *l = layout_new(&short_page, faces, 2);
	for (int i = 0; i < 30; i++)
		layout_paragraph(l, &body, "Một dòng của đoạn văn.", 0, 0, 0, 0);
	layout_page_break(l);
	layout_paragraph(l, &body, "Trang mới.", 0, 0, 0, 0);
	struct layout_style pn = small;
	struct layout_doc *d = layout_finish(l, &pn, 10, NULL);
	assert_true(d->npages >= 4);
	double centre = short_page.left + (short_page.width - short_page.left - short_page.right) / 2;
	for (size_t p = 0; p < d->npages; p++) {
		char s[24];
		snprintf(s, sizeof s, "%zu", p + 1);
		size_t found = 0;
		for (size_t i = 0; i < d->pages[p].n; i++) {
			const struct layout_item *it = &d->pages[p].items[i];
			if (it->kind == LAYOUT_TEXT && strcmp(it->text, s) == 0) {
				found++;
				assert_true(fabs(it->x + it->width / 2 - centre) < 1e-6);
				assert_true(fabs(it->y - (short_page.height - 10)) < 1e-6);
			}
		}
		assert_int_equal(found, p > 0);
	}
	/* the page break put the last paragraph alone on the last page */
	assert_int_equal(find_text(d, "Trang mới.", NULL), d->npages);
	layout_doc_free(d);
}

static void overflow_is_counted_and_breaks_are_not_pages(void **state)
{
	(void)state;
	static const struct layout_column cols[1] = {{1, LAYOUT_LEFT}};
	const char *header[1] = {"Giá trị"};
	struct strbuf long_text = {0};
	for (int i = 0; i < 400; i++)
		strbuf_adds(&long_text, "một giá trị rất dài ");
	const char *cells[1] = {long_text.data};
	struct layout_table t = {cols, 1, header, cells, 1, 0, &small, &small, &small, &small, "", 2, 0.5, 1, 0, 0};
	struct layout *l = layout_new(&short_page, faces, 2);
	layout_table(l, &t);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	assert_true(d->overflow > 0);
	layout_doc_free(d);
	strbuf_free(&long_text);

	/* a page break at the end, or two in a row, makes no empty page */
	l = layout_new(&short_page, faces, 2);
	layout_paragraph(l, &body, "Trang một.", 0, 0, 0, 0);
	layout_page_break(l);
	layout_page_break(l);
	layout_paragraph(l, &bold, "Trang hai.", 0, 0, 0, 0);
	layout_page_break(l);
	d = layout_finish(l, NULL, 0, NULL);
	assert_int_equal(d->npages, 2);
	assert_int_equal(d->overflow, 0);
	/* the heading opening page 2 keeps no space above it */
	const struct layout_item *it;
	assert_int_equal(find_text(d, "Trang hai.", &it), 2);
	assert_true(fabs(it->y - (short_page.height - short_page.top - (bold.leading / 2 + bold.size * 0.34))) < 1e-6);
	layout_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(justified_lines_reach_the_margin),
		cmocka_unit_test(overlong_word_is_cut),
		cmocka_unit_test(heading_stays_with_its_paragraph),
		cmocka_unit_test(no_lone_first_line_at_the_foot),
		cmocka_unit_test(box_is_kept_whole),
		cmocka_unit_test(table_header_repeats),
		cmocka_unit_test(page_numbers_from_page_two),
		cmocka_unit_test(overflow_is_counted_and_breaks_are_not_pages),
	};
	return cmocka_run_group_tests_name("layout", tests, load_fonts, free_fonts);
}
