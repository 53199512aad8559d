/*
 * libFuzzer harness for template and layout: any bytes as a template text
 * (placeholders included) are refused with a reason or expanded, and what
 * is expanded is set as a justified paragraph, a table cell and a heading on
 * a small page: nothing may leave the page's sides, and nothing may hang
 * (make fuzz-layout).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "layout.h"
#include "template.h"

static struct ttf *face;
static struct json *org, *report, *period;

static void setup(void)
{
	struct strbuf err = {0};
	face = ttf_load("build/fonts/LiberationSerif-Regular.ttf", &err);
	if (!face)
		face = ttf_load("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", &err);
	if (!face)
		abort();
	org = json_new_object();
	json_add(org, "ma_to_chuc", json_new_string("TC0001"));
	json_add(org, "ten_to_chuc", json_new_string("Chi bộ Cơ quan Đảng ủy Khối"));
	struct json *all = json_add(org, "toan_bo", json_new_object());
	json_add(all, "so_nguoi", json_new_int(3481));
	json_add(all, "ty_le", json_new_fixed(98.57, 2));
	report = json_new_object();
	json_add(report, "ngay_van_ban", json_new_string("2023-01-09"));
	period = json_new_object();
	json_add(period, "nam", json_new_int(2022));
	strbuf_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!face)
		setup();
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct template_context c = {"TC0001", org, report, period, NULL, 1};
	struct strbuf out = {0}, err = {0};
	if (template_expand(text, &c, face, "fuzz", &out, &err) == 0 && out.data) {
		struct ttf *faces[1] = {face};
		struct layout_page page = {300, 200, 10, 10, 20, 20};
		struct layout_style st = {0, 10, 12, 2, 2, 15, LAYOUT_JUSTIFY, 1, 0.5, 2, 0, 0};
		struct layout *l = layout_new(&page, faces, 1);
		layout_paragraph(l, &st, out.data, 0, 0, 1, 1);
		static const struct layout_column cols[2] = {{1, LAYOUT_LEFT}, {2, LAYOUT_RIGHT}};
		const char *header[2] = {"STT", "Giá trị"}, *cells[2] = {"1", out.data};
		struct layout_table t = {cols, 2, header, cells, 1, 0, &st, &st, &st, &st, "(tiếp theo)", 2, 0.5, 0.9, 0, 0};
		layout_table(l, &t);
		struct layout_doc *d = layout_finish(l, &st, 5, NULL);
		for (size_t p = 0; p < d->npages; p++)
			for (size_t i = 0; i < d->pages[p].n; i++) {
				const struct layout_item *it = &d->pages[p].items[i];
				if (it->kind == LAYOUT_TEXT &&
				    (it->x < page.left - 0.01 || it->x + it->width > page.width - page.right + 0.01))
					__builtin_trap();
			}
		layout_doc_free(d);
	}
	strbuf_free(&out);
	strbuf_free(&err);
	free(text);
	return 0;
}
