/*
 * profile: reads a format profile (see README, "Hồ sơ thể thức"). Lengths
 * on the page are in millimetres (keys ending in _mm), font sizes and the
 * spaces between lines in points, as the official guides state them.
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonfile.h"
#include "textnorm.h"

#define MM 2.834645669

struct loader {
	const char *path;
	struct strbuf *err;
	int failed;
};

static void fail(struct loader *ld, const char *what, const char *key)
{
	if (!ld->failed)
		strbuf_addf(ld->err, "%s: %s \"%s\"", ld->path, what, key);
	ld->failed = 1;
}

/* The number at obj.key (scaled), def when absent and def >= 0, else an error. */
static double number(struct loader *ld, const struct json *obj, const char *key, double def,
		     double scale)
{
	const struct json *v = obj ? json_get(obj, key) : NULL;
	double x;
	if (!v) {
		if (def < 0)
			fail(ld, "thiếu trường số", key);
		return def < 0 ? 0 : def * scale;
	}
	if (json_number(v, &x) != 0 || x < 0) {
		fail(ld, "trường phải là số không âm:", key);
		return 0;
	}
	return x * scale;
}

static char *string(struct loader *ld, const struct json *obj, const char *key, const char *def)
{
	const struct json *v = obj ? json_get(obj, key) : NULL;
	if (!v) {
		if (!def)
			fail(ld, "thiếu trường", key);
		return def ? xstrdup(def) : NULL;
	}
	if (!json_string(v)) {
		fail(ld, "trường phải là chuỗi:", key);
		return NULL;
	}
	return xstrdup(json_string(v));
}

static int face_index(struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->nnames; i++)
		if (strcmp(p->face_names[i], name) == 0)
			return p->face_of_name[i];
	return -1;
}

static void load_fonts(struct loader *ld, struct profile *p, const struct json *fonts,
		       const char *font_dir)
{
	if (!fonts || json_type(fonts) != JSON_OBJECT || json_size(fonts) == 0) {
		fail(ld, "thiếu bảng phông chữ", "fonts");
		return;
	}
	struct stat seen[PROFILE_MAX_FACES];
	for (size_t i = 0; i < json_size(fonts) && !ld->failed; i++) {
		const struct json *m = json_at(fonts, i);
		if (p->nnames == PROFILE_MAX_FACES || !json_string(m)) {
			fail(ld, "bảng phông chữ quá dài hoặc sai kiểu ở", json_key(m));
			return;
		}
		const char *file = json_string(m);
		char *path = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", font_dir, file);
		/* one face per file, however it is named (a second load would alias it) */
		struct stat st;
		int known = stat(path, &st) == 0;
		size_t f = 0;
		while (f < p->nfaces && !(known ? seen[f].st_dev == st.st_dev && seen[f].st_ino == st.st_ino
					       : strcmp(p->face_files[f], path) == 0))
			f++;
		if (f == p->nfaces)
			seen[f] = known ? st : (struct stat){0};
		if (f == p->nfaces)
			p->face_files[p->nfaces++] = path;
		else
			free(path);
		p->face_names[p->nnames] = xstrdup(json_key(m));
		if (!p->face_label[f])
			p->face_label[f] = p->face_names[p->nnames];
		p->face_of_name[p->nnames++] = (int)f;
	}
}

int profile_align(const char *name)
{
	static const char *const names[] = {"left", "center", "right", "justify"};
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

static enum layout_align align_of(struct loader *ld, const char *s)
{
	int a = profile_align(s);
	if (a < 0)
		fail(ld, "căn lề không hợp lệ (left, center, right, justify):", s);
	return a < 0 ? LAYOUT_LEFT : (enum layout_align)a;
}

static void load_styles(struct loader *ld, struct profile *p, const struct json *styles)
{
	if (!styles || json_type(styles) != JSON_OBJECT) {
		fail(ld, "thiếu bảng kiểu chữ", "styles");
		return;
	}
	p->nstyles = json_size(styles);
	p->styles = xcalloc(p->nstyles, sizeof *p->styles);
	for (size_t i = 0; i < p->nstyles && !ld->failed; i++) {
		const struct json *s = json_at(styles, i);
		struct profile_style *ps = &p->styles[i];
		struct layout_style *st = &ps->st;
		ps->name = xstrdup(json_key(s));
		char *font = string(ld, s, "font", "regular");
		char *align = string(ld, s, "align", "left");
		if (ld->failed) {
			free(font);
			free(align);
			return;
		}
		st->face = face_index(p, font);
		if (st->face < 0)
			fail(ld, "kiểu chữ dùng phông không có trong bảng fonts:", font);
		st->align = align_of(ld, align);
		free(font);
		free(align);
		st->size = number(ld, s, "size", -1, 1);
		st->leading = number(ld, s, "leading", st->size * 1.2, 1);
		if (!ld->failed && (st->size < 1 || st->size > 200 || st->leading < 1))
			fail(ld, "cỡ chữ phải từ 1 đến 200 pt và khoảng cách dòng từ 1 pt:", "size, leading");
		st->before = number(ld, s, "before", 0, 1);
		st->after = number(ld, s, "after", 0, 1);
		st->indent = number(ld, s, "indent_mm", 0, MM);
		st->rule = number(ld, s, "rule", 0, 1);
		st->rule_gap = number(ld, s, "rule_gap", 0, 1);
		st->frame = number(ld, s, "frame", 0, 1);
		const struct json *u = json_get(s, "underline");
		st->underline = u && json_bool(u) == 1;
		st->balance = json_bool(json_get(s, "balance")) == 1;
		if (ld->failed)
			strbuf_addf(ld->err, " (kiểu %s)", ps->name);
	}
}

static int style_index(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->nstyles; i++)
		if (strcmp(p->styles[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void load_lines(struct loader *ld, struct profile *p, const struct json *col,
		       struct profile_line **out, size_t *n, double *x0, double *x1)
{
	const struct json *lines = col ? json_get(col, "lines") : NULL;
	*x0 = number(ld, col, "from_mm", -1, MM);
	*x1 = number(ld, col, "to_mm", -1, MM);
	double width = p->page.width - p->page.left - p->page.right;
	if (!ld->failed && (*x0 >= *x1 || *x1 > width + 0.01))
		fail(ld, "cột phải có from_mm < to_mm, trong vùng chữ (khổ trừ lề)", "from_mm, to_mm");
	if (!lines || json_type(lines) != JSON_ARRAY) {
		fail(ld, "thiếu danh sách dòng", "lines");
		return;
	}
	*n = json_size(lines);
	*out = xcalloc(*n, sizeof **out);
	for (size_t i = 0; i < *n && !ld->failed; i++) {
		const struct json *l = json_at(lines, i);
		struct profile_line *pl = &(*out)[i];
		pl->gap = number(ld, l, "gap", 0, 1);
		pl->text = string(ld, l, "text", "");
		if (pl->text && !*pl->text) {
			free(pl->text);
			pl->text = NULL;
		}
		pl->list = json_get(l, "list") ? string(ld, l, "list", NULL) : NULL;
		pl->when = json_get(l, "when") ? string(ld, l, "when", NULL) : NULL;
		pl->style = -1;
		if (pl->text || pl->list) {
			char *style = string(ld, l, "style", NULL);
			if (style && (pl->style = style_index(p, style)) < 0)
				fail(ld, "kiểu chữ không có trong bảng styles:", style);
			free(style);
		}
	}
}

static void load_block(struct loader *ld, struct profile *p, const struct json *b,
		       struct profile_block *out, const char *name)
{
	if (!b) {
		fail(ld, "thiếu khối", name);
		return;
	}
	load_lines(ld, p, json_get(b, "left"), &out->left, &out->nleft, &out->left_x0,
		   &out->left_x1);
	load_lines(ld, p, json_get(b, "right"), &out->right, &out->nright, &out->right_x0,
		   &out->right_x1);
	out->before = number(ld, b, "before", 0, 1);
	out->after = number(ld, b, "after", 0, 1);
}

struct profile *profile_load(const char *path, const char *font_dir, struct strbuf *err)
{
	struct json *j = json_load(path, err);
	if (!j)
		return NULL;
	struct loader ld = {path, err, 0};
	struct profile *p = xcalloc(1, sizeof *p);
	const struct json *page = json_get(j, "page"), *list = json_get(j, "list"),
			  *rule = json_get(j, "title_rule"), *table = json_get(j, "table"),
			  *chart = json_get(j, "chart"), *pn = json_get(j, "page_number"),
			  *wm = json_get(j, "watermark");

	p->name = string(&ld, j, "name", NULL);
	p->page.width = number(&ld, page, "width_mm", -1, MM);
	p->page.height = number(&ld, page, "height_mm", -1, MM);
	p->page.top = number(&ld, page, "top_mm", -1, MM);
	p->page.bottom = number(&ld, page, "bottom_mm", -1, MM);
	p->page.left = number(&ld, page, "left_mm", -1, MM);
	p->page.right = number(&ld, page, "right_mm", -1, MM);
	if (!ld.failed && (p->page.left + p->page.right >= p->page.width ||
			   p->page.top + p->page.bottom >= p->page.height))
		fail(&ld, "lề trang lớn hơn khổ giấy", "page");
	if (!ld.failed)
		load_fonts(&ld, p, json_get(j, "fonts"), font_dir);
	if (!ld.failed)
		load_styles(&ld, p, json_get(j, "styles"));
	if (!ld.failed)
		load_block(&ld, p, json_get(j, "header"), &p->header, "header");
	if (!ld.failed)
		load_block(&ld, p, json_get(j, "signature"), &p->signature, "signature");
	p->list_prefix = string(&ld, list, "prefix", "- ");
	p->list_suffix = string(&ld, list, "suffix", ";");
	p->list_last_suffix = string(&ld, list, "last_suffix", ".");
	/* the optional numbers: where they are read from, their default, their unit */
	const struct { double *to; const struct json *in; const char *key; double def, scale; } nums[] = {
		{&p->title_rule_length, rule, "length_mm", 0, MM}, {&p->title_rule_width, rule, "width", 0.5, 1},
		{&p->title_rule_before, rule, "before", 0, 1},     {&p->title_rule_after, rule, "after", 0, 1},
		{&p->table_padding, table, "padding", 2, 1},       {&p->table_border, table, "border", 0.5, 1},
		{&p->table_head_gray, table, "head_gray", 1, 1},   {&p->chart_label_share, chart, "label_share", 0.35, 1},
		{&p->chart_bar_gray, chart, "bar_gray", 0.4, 1},   {&p->chart_grid_gray, chart, "grid_gray", 0.8, 1},
		{&p->chart_line_width, chart, "line_width", 0.6, 1},
		{&p->chart_bar_width, chart, "bar_width", 0.7, 1}, {&p->chart_tick_step, chart, "tick_step", 25, 1},
		{&p->page_number_y, pn, "from_top_mm", 10, MM},    {&p->watermark_angle, wm, "angle", 45, 1},
		{&p->watermark_gray, wm, "gray", 0.85, 1},
	};
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
		*nums[i].to = number(&ld, nums[i].in, nums[i].key, nums[i].def, nums[i].scale);
	p->watermark_text = string(&ld, wm, "text", "");
	/* the only text of a profile drawn as it is (the others are templates, checked as they expand):
	 * the layout reads it as UTF-8, and a cut sequence at its end was read past */
	if (p->watermark_text &&
	    textnorm_utf8_check(p->watermark_text, strlen(p->watermark_text)) != strlen(p->watermark_text))
		fail(&ld, "chữ phải là UTF-8 hợp lệ:", "watermark.text");
	static const char *const needed[] = {"page_number", "watermark"};
	for (size_t i = 0; i < 2 && !ld.failed; i++)
		if (style_index(p, needed[i]) < 0)
			fail(&ld, "thiếu kiểu chữ", needed[i]);
	json_free(j);
	if (ld.failed) {
		profile_free(p);
		return NULL;
	}
	return p;
}

static void free_lines(struct profile_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].text);
		free(l[i].list);
		free(l[i].when);
	}
	free(l);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nstyles; i++)
		free(p->styles[i].name);
	free(p->styles);
	for (size_t i = 0; i < p->nfaces; i++)
		free(p->face_files[i]);
	for (size_t i = 0; i < p->nnames; i++)
		free(p->face_names[i]);
	struct profile_block *blocks[] = {&p->header, &p->signature};
	for (size_t i = 0; i < 2; i++) {
		free_lines(blocks[i]->left, blocks[i]->nleft);
		free_lines(blocks[i]->right, blocks[i]->nright);
	}
	free(p->name);
	free(p->list_prefix);
	free(p->list_suffix);
	free(p->list_last_suffix);
	free(p->watermark_text);
	free(p);
}

const struct layout_style *profile_style(const struct profile *p, const char *name)
{
	int i = style_index(p, name);
	return i < 0 ? NULL : &p->styles[i].st;
}
