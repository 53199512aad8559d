/*
 * render_report: walks a report template's blocks (README, "Mẫu báo cáo")
 * and sets each with the profile's styles: the header and signature blocks
 * the profile defines, headings, paragraphs, tables over an array of the
 * figures (with a total row), bar charts, rules and page breaks. A block
 * with "when" (or "unless") is set only where that value holds (or not).
 */
#include "render_report.h"

#include "fmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	const struct render_input *in;
	struct template_context ctx;
	struct layout *l;
	struct strbuf *err;
	char where[160];
};

static const struct ttf *face_of(const struct walk *w, const struct layout_style *st)
{
	return w->in->faces[st->face];
}

/* The style named by the block's key (or def); NULL with an error if unknown. */
static const struct layout_style *style_of(struct walk *w, const struct json *b, const char *key,
					   const char *def)
{
	const struct json *v = b ? json_get(b, key) : NULL;
	const char *name = v && json_string(v) ? json_string(v) : def;
	const struct layout_style *st = profile_style(w->in->profile, name);
	if (!st)
		strbuf_addf(w->err, "%s: %s: kiểu chữ \"%s\" không có trong hồ sơ thể thức %s",
			    w->in->template_path, w->where, name, w->in->profile->name);
	return st;
}

static int block_applies(struct walk *w, const struct json *b);
static int expand(struct walk *w, const struct json *text, const struct layout_style *st,
		  struct strbuf *out);

/*
 * An enumeration: the items whose condition holds and whose text is not
 * empty, joined by "sep" and, before the last, "last_sep" ("a, b và c"),
 * between "before" and "after"; "empty" when there are none. So a sentence
 * names only the counts there are (an item may be an enumeration itself).
 */
static int enumeration(struct walk *w, const struct json *e, const struct layout_style *st,
		       struct strbuf *out)
{
	const struct json *items = json_get(e, "items");
	const char *sep = json_string(json_get(e, "sep")), *last = json_string(json_get(e, "last_sep"));
	size_t n = 0, cap = 0;
	struct strbuf *texts = NULL;
	int ret = 0;

	for (const struct json *it = json_at(items, 0); it && !ret; it = json_next(it)) {
		if (json_type(it) == JSON_OBJECT && !json_get(it, "items") && !block_applies(w, it))
			continue;
		xgrow(&texts, &cap, n + 1, sizeof *texts);
		texts[n] = (struct strbuf){0};
		const struct json *text = json_type(it) == JSON_OBJECT && !json_get(it, "items")
						  ? json_get(it, "text") : it;
		ret = expand(w, text, st, &texts[n]);
		if (texts[n].len)
			n++;
		else
			strbuf_free(&texts[n]);
	}
	if (!ret && !n)
		ret = expand(w, json_get(e, "empty"), st, out);
	else if (!ret)
		ret = expand(w, json_get(e, "before"), st, out);
	for (size_t i = 0; i < n; i++) {
		if (!ret && i)
			strbuf_adds(out, i + 1 == n && last ? last : sep ? sep : ", ");
		if (!ret)
			strbuf_add(out, texts[i].data, texts[i].len);
		strbuf_free(&texts[i]);
	}
	if (!ret && n)
		ret = expand(w, json_get(e, "after"), st, out);
	free(texts);
	return ret;
}

/*
 * Expands a text: a string; an array of pieces joined by spaces (none before
 * a piece that starts with punctuation), where a piece is a string,
 * {"text", "when"/"unless"} set only where it applies, or an enumeration
 * (see above).
 */
static int expand(struct walk *w, const struct json *text, const struct layout_style *st,
		  struct strbuf *out)
{
	if (!text)
		return 0;
	if (json_string(text))
		return template_expand(json_string(text), &w->ctx, face_of(w, st), w->where, out, w->err);
	if (json_type(text) == JSON_OBJECT) {
		if (json_get(text, "items"))
			return enumeration(w, text, st, out);
		return block_applies(w, text) ? expand(w, json_get(text, "text"), st, out) : 0;
	}
	if (json_type(text) != JSON_ARRAY) {
		strbuf_addf(w->err, "%s: %s: văn bản phải là chuỗi, mảng các đoạn, hoặc {\"text\", \"when\"}",
			    w->in->template_path, w->where);
		return -1;
	}
	for (const struct json *piece = json_at(text, 0); piece; piece = json_next(piece)) {
		size_t mark = out->len;
		if (mark && out->data[mark - 1] != ' ')
			strbuf_addc(out, ' ');
		size_t start = out->len;
		if (expand(w, piece, st, out) != 0)
			return -1;
		if (out->len == start) { /* a piece that does not apply leaves no space */
			out->len = mark;
			if (out->data) /* nothing written yet: the buffer may not exist */
				out->data[mark] = '\0';
		}
		else if (start > mark && strchr(",.;:)", out->data[start])) /* nor one of punctuation */
			memmove(out->data + mark, out->data + start, out->len - start + 1),
				out->len -= start - mark;
	}
	return 0;
}

/*
 * Text taken from the data as it is (prose, recipients: never a template, so
 * braces stay): valid UTF-8, brought to NFC, every character in the font.
 */
static int data_text(struct walk *w, const char *s, const struct layout_style *st,
		     const char *what, struct strbuf *out)
{
	char *text = xstrdup(s);
	for (char *p = text; *p; p++) /* a line break typed in report.json: a space */
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	strbuf_reset(out);
	int ret = template_add_text(text, face_of(w, st), w->ctx.org_code, what, out, w->err);
	strbuf_add(out, "", 0);
	free(text);
	return ret;
}

/* Whether a block or a piece applies: its "when" holds and its "unless" does not. */
static int block_applies(struct walk *w, const struct json *b)
{
	const struct json *when = json_get(b, "when"), *unless = json_get(b, "unless");
	if (when && json_string(when) && !template_holds(&w->ctx, json_string(when)))
		return 0;
	if (unless && json_string(unless) && template_holds(&w->ctx, json_string(unless)))
		return 0;
	return 1;
}

static int paragraph(struct walk *w, const struct json *b, const char *def_style, int heading)
{
	const struct layout_style *st = style_of(w, b, "style", def_style);
	struct strbuf s = {0};
	if (!st || expand(w, json_get(b, "text"), st, &s) != 0) {
		strbuf_free(&s);
		return -1;
	}
	double level = 0;
	if (heading && json_number(json_get(b, "level"), &level) != 0)
		level = 1;
	if (s.len)
		layout_paragraph(w->l, st, s.data, 0, 0, heading, heading ? (int)level : 0);
	strbuf_free(&s);
	return 0;
}

/* One column of a fixed block: its lines, lists set an item a line. */
static int fixed_column(struct walk *w, const struct profile_line *lines, size_t n, double x0,
			double x1)
{
	const struct profile *p = w->in->profile;
	double gap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct profile_line *pl = &lines[i];
		if (pl->when && !template_holds(&w->ctx, pl->when))
			continue;
		gap += pl->gap;
		if (pl->style < 0)
			continue;
		struct layout_style st = p->styles[pl->style].st;
		st.before += gap;
		gap = 0;
		if (pl->text) {
			struct strbuf s = {0};
			if (template_expand(pl->text, &w->ctx, face_of(w, &st), w->where, &s, w->err) != 0) {
				strbuf_free(&s);
				return -1;
			}
			if (s.len)
				layout_paragraph(w->l, &st, s.data, x0, x1, 0, 0);
			strbuf_free(&s);
			continue;
		}
		const struct json *items = template_value(&w->ctx, pl->list);
		if (!items || json_type(items) != JSON_ARRAY || json_size(items) == 0) {
			strbuf_addf(w->err, "%s: %s: %s phải là một mảng chuỗi không rỗng", w->ctx.org_code,
				    w->where, pl->list);
			return -1;
		}
		struct strbuf raw = {0}, text = {0};
		int bad = 0;
		for (const struct json *it = json_at(items, 0); it && !bad; it = json_next(it)) {
			const char *item = json_string(it);
			if (!item) {
				strbuf_addf(w->err, "%s: %s: %s phải là một mảng chuỗi", w->ctx.org_code,
					    w->where, pl->list);
				bad = 1;
				break;
			}
			strbuf_reset(&raw);
			strbuf_addf(&raw, "%s%s%s", p->list_prefix, item,
				    json_next(it) ? p->list_suffix : p->list_last_suffix);
			bad = data_text(w, raw.data, &st, pl->list, &text) != 0;
			if (!bad)
				layout_paragraph(w->l, &st, text.data, x0, x1, 0, 0);
			st.before = p->styles[pl->style].st.before;
		}
		strbuf_free(&raw);
		strbuf_free(&text);
		if (bad)
			return -1;
	}
	return 0;
}

static int fixed_block(struct walk *w, const struct profile_block *b)
{
	layout_box_begin(w->l, b->before);
	int bad = fixed_column(w, b->left, b->nleft, b->left_x0, b->left_x1);
	layout_box_column(w->l);
	bad = bad || fixed_column(w, b->right, b->nright, b->right_x0, b->right_x1);
	layout_box_end(w->l, b->after);
	return bad ? -1 : 0;
}

static const struct json *rows_of(struct walk *w, const struct json *b)
{
	const struct json *path = json_get(b, "rows");
	const struct json *rows = path && json_string(path) ? template_value(&w->ctx, json_string(path)) : NULL;
	if (!rows || json_type(rows) != JSON_ARRAY) {
		strbuf_addf(w->err, "%s: %s: \"rows\" phải chỉ tới một mảng của dữ liệu",
			    w->in->template_path, w->where);
		return NULL;
	}
	return rows;
}

/*
 * A total of "sum": the column's values added up over the rows; the value
 * must then be one placeholder, whose format the total keeps.
 */
static int column_sum(struct walk *w, const struct json *rows, const struct json *value,
		      const struct layout_style *st, struct strbuf *out)
{
	const char *v = json_string(value);
	size_t n = v ? strlen(v) : 0;
	struct template_spec sp;
	if (n < 3 || v[0] != '{' || v[n - 1] != '}' || strchr(v + 1, '{') ||
	    template_parse_spec(v + 1, n - 2, &sp) != 0) {
		strbuf_addf(w->err, "%s: %s: cột có \"total\": \"sum\" cần \"value\" là một trường {…}",
			    w->ctx.org_code, w->where);
		return -1;
	}
	long long total = 0;
	for (const struct json *row = json_at(rows, 0); row; row = json_next(row)) {
		double x;
		w->ctx.row = row;
		if (json_number(template_value(&w->ctx, sp.path), &x) == 0)
			total += llround(x);
	}
	w->ctx.row = NULL;
	struct json *sum = json_new_int(total);
	struct strbuf text = {0};
	int ret = template_format(sum, &sp, &text);
	json_free(sum);
	strbuf_add(&text, "", 0);
	if (ret != 0)
		strbuf_addf(w->err, "%s: %s: định dạng \"%s\" không dùng được cho tổng của {%s}",
			    w->ctx.org_code, w->where, sp.format, sp.path);
	else if (!(ret = template_check_text(text.data, face_of(w, st), w->ctx.org_code, sp.path, w->err)))
		strbuf_add(out, text.data, text.len);
	strbuf_free(&text);
	return ret;
}

static int table(struct walk *w, const struct json *b)
{
	const struct profile *p = w->in->profile;
	const struct json *rows = rows_of(w, b), *cols = json_get(b, "columns");
	const struct layout_style *head = style_of(w, b, "head_style", "table_head");
	const struct layout_style *body = head ? style_of(w, b, "body_style", "table_body") : NULL;
	const struct layout_style *bold = body ? style_of(w, b, "total_style", "table_total") : NULL;
	const struct layout_style *cont = bold ? style_of(w, b, "continued_style", "table_continued") : NULL;
	if (!rows || !cont)
		return -1;
	if (!cols || json_type(cols) != JSON_ARRAY || json_size(cols) == 0) {
		strbuf_addf(w->err, "%s: %s: bảng cần \"columns\"", w->in->template_path, w->where);
		return -1;
	}

	/* the columns that apply to this organisation */
	size_t nc = 0, nr = json_size(rows), ncols = json_size(cols);
	const struct json **use = xcalloc(ncols, sizeof *use);
	int has_total = 0;
	for (size_t c = 0; c < ncols; c++)
		if (block_applies(w, json_at(cols, c))) {
			use[nc++] = json_at(cols, c);
			has_total |= json_get(json_at(cols, c), "total") != NULL;
		}
	size_t nrows = nr + (size_t)has_total;
	struct layout_column *lc = xcalloc(nc, sizeof *lc);
	char **header = xcalloc(nc, sizeof *header);
	char **cells = xcalloc(nrows * nc + 1, sizeof *cells);
	struct strbuf s = {0}, caption = {0};
	int ret = -1;

	for (size_t c = 0; c < nc; c++) {
		if (json_number(json_get(use[c], "weight"), &lc[c].weight) != 0 || lc[c].weight <= 0)
			lc[c].weight = 1;
		const char *align = json_string(json_get(use[c], "align"));
		int a = align ? profile_align(align) : LAYOUT_LEFT;
		if (a < 0 || a == LAYOUT_JUSTIFY) {
			strbuf_addf(w->err, "%s: %s: căn lề của cột phải là left, center hoặc right: %s",
				    w->ctx.org_code, w->where, align);
			goto done;
		}
		lc[c].align = (enum layout_align)a;
		strbuf_reset(&s);
		if (expand(w, json_get(use[c], "title"), head, &s) != 0)
			goto done;
		header[c] = xstrdup(s.data ? s.data : "");
	}
	const struct json *row = json_at(rows, 0);
	for (size_t r = 0; r < nrows; r++, row = json_next(row)) {
		w->ctx.row = r < nr ? row : NULL;
		w->ctx.row_number = (long)r + 1;
		for (size_t c = 0; c < nc; c++) {
			strbuf_reset(&s);
			const struct json *v = json_get(use[c], r < nr ? "value" : "total");
			const char *vs = json_string(v);
			w->ctx.rows = r < nr ? NULL : rows;
			if (vs && r == nr && strcmp(vs, "sum") == 0
				    ? column_sum(w, rows, json_get(use[c], "value"), bold, &s) != 0
				    : expand(w, v, r < nr ? body : bold, &s) != 0)
				goto done;
			cells[r * nc + c] = xstrdup(s.data ? s.data : "");
		}
	}
	w->ctx.row = NULL;
	w->ctx.rows = NULL;
	if (expand(w, json_get(b, "continued"), cont, &caption) != 0)
		goto done;
	struct layout_table t = {
		lc, nc, (const char *const *)header, (const char *const *)cells, nrows,
		(size_t)has_total, head, body, bold, cont, caption.data, p->table_padding,
		p->table_border, p->table_head_gray, 0, 0,
	};
	json_number(json_get(b, "before"), &t.before);
	json_number(json_get(b, "after"), &t.after);
	layout_table(w->l, &t);
	ret = 0;
done:
	w->ctx.row = NULL;
	w->ctx.rows = NULL;
	for (size_t c = 0; c < nc; c++)
		free(header[c]);
	for (size_t i = 0; i < nrows * nc; i++)
		free(cells[i]);
	free(use);
	free(lc);
	free(header);
	free(cells);
	strbuf_free(&s);
	strbuf_free(&caption);
	return ret;
}

/* A number at path of the current row; 0 when absent or null. */
static double row_number_at(struct walk *w, const struct json *path)
{
	double x = 0;
	if (path && json_string(path))
		json_number(template_value(&w->ctx, json_string(path)), &x);
	return x;
}

static int chart(struct walk *w, const struct json *b)
{
	const struct profile *p = w->in->profile;
	const struct json *rows = rows_of(w, b), *sum = json_get(b, "sum");
	const struct layout_style *ts = style_of(w, b, "title_style", "chart_title");
	const struct layout_style *as = ts ? style_of(w, b, "axis_style", "chart_axis") : NULL;
	const struct layout_style *cs = as ? style_of(w, b, "continued_style", "table_continued") : NULL;
	if (!rows || !cs)
		return -1;
	size_t n = json_size(rows);
	double *values = xcalloc(n + 1, sizeof *values);
	char **labels = xcalloc(n + 1, sizeof *labels), **shown = xcalloc(n + 1, sizeof *shown);
	struct strbuf title = {0}, s = {0}, caption = {0};
	int ret = -1;

	const struct json *row = json_at(rows, 0);
	for (size_t i = 0; i < n; i++, row = json_next(row)) {
		w->ctx.row = row;
		w->ctx.row_number = (long)i + 1;
		if (sum) {
			/* a share: the sum of some counts over another count, in percent */
			double num = 0, of = row_number_at(w, json_get(b, "of"));
			for (size_t k = 0; k < json_size(sum); k++)
				num += row_number_at(w, json_at(sum, k));
			values[i] = of > 0 ? 100 * num / of : NAN; /* a share of nothing is no share */
		} else {
			values[i] = row_number_at(w, json_get(b, "value"));
		}
		strbuf_reset(&s);
		if (expand(w, json_get(b, "label"), as, &s) != 0)
			goto done;
		labels[i] = xstrdup(s.data ? s.data : "");
		strbuf_reset(&s);
		if (isnan(values[i]))
			strbuf_adds(&s, "–");
		else
			fmt_vi_percent(values[i], &s);
		shown[i] = xstrdup(s.data);
	}
	w->ctx.row = NULL;
	if (expand(w, json_get(b, "title"), ts, &title) != 0 ||
	    expand(w, json_get(b, "continued"), cs, &caption) != 0)
		goto done;
	struct layout_chart c = {
		title.data ? title.data : "", caption.data, (const char *const *)labels,
		(const char *const *)shown, values, n, ts, as, cs, p->chart_bar_gray, p->chart_grid_gray,
		p->chart_line_width, p->chart_bar_width, (int)p->chart_tick_step, p->chart_label_share,
		0, 0,
	};
	json_number(json_get(b, "before"), &c.before);
	json_number(json_get(b, "after"), &c.after);
	if (n)
		layout_chart(w->l, &c);
	ret = 0;
done:
	w->ctx.row = NULL;
	for (size_t i = 0; i < n; i++) {
		free(labels[i]);
		free(shown[i]);
	}
	free(labels);
	free(shown);
	free(values);
	strbuf_free(&title);
	strbuf_free(&s);
	strbuf_free(&caption);
	return ret;
}

/* Each string of a data array (report.json's prose) as a paragraph, in NFC. */
static int paragraphs(struct walk *w, const struct json *b)
{
	const struct layout_style *st = style_of(w, b, "style", "body");
	const char *path = json_string(json_get(b, "items"));
	const struct json *items = path ? template_value(&w->ctx, path) : NULL;
	struct strbuf text = {0};
	int ret = st ? 0 : -1;

	for (const struct json *item = items ? json_at(items, 0) : NULL; !ret && item;
	     item = json_next(item)) {
		const char *s = json_string(item);
		if (!s) {
			strbuf_addf(w->err, "%s: %s phải là mảng chuỗi", w->ctx.org_code, path);
			ret = -1;
		} else if (!(ret = data_text(w, s, st, path, &text)) && text.len) {
			layout_paragraph(w->l, st, text.data, 0, 0, 0, 0);
		}
	}
	strbuf_free(&text);
	return ret;
}

static int block(struct walk *w, const struct json *b)
{
	const char *type = json_string(json_get(b, "type"));
	const struct profile *p = w->in->profile;

	if (!type) {
		strbuf_addf(w->err, "%s: %s: khối thiếu \"type\"", w->in->template_path, w->where);
		return -1;
	}
	if (!block_applies(w, b))
		return 0;
	if (strcmp(type, "paragraph") == 0)
		return paragraph(w, b, "body", 0);
	if (strcmp(type, "paragraphs") == 0)
		return paragraphs(w, b);
	if (strcmp(type, "heading") == 0)
		return paragraph(w, b, "heading1", 1);
	if (strcmp(type, "header") == 0)
		return fixed_block(w, &p->header);
	if (strcmp(type, "signature") == 0) {
		layout_keep_with_previous(w->l);
		return fixed_block(w, &p->signature);
	}
	if (strcmp(type, "rule") == 0) {
		layout_rule(w->l, p->title_rule_length, p->title_rule_width, p->title_rule_before,
			    p->title_rule_after);
		return 0;
	}
	if (strcmp(type, "table") == 0)
		return table(w, b);
	if (strcmp(type, "chart") == 0)
		return chart(w, b);
	if (strcmp(type, "page_break") == 0) {
		layout_page_break(w->l);
		return 0;
	}
	strbuf_addf(w->err, "%s: %s: loại khối \"%s\" không có (paragraph, paragraphs, heading, header, "
			    "signature, rule, table, chart, page_break)",
		    w->in->template_path, w->where, type);
	return -1;
}

struct layout_doc *render_report(const struct render_input *in, struct pdf_info *info,
				 struct strbuf info_buf[4], struct strbuf *err)
{
	const struct profile *p = in->profile;
	struct walk w = {in, in->ctx, layout_new(&p->page, in->faces, p->nfaces), err, ""};
	const struct json *blocks = json_get(in->template, "blocks");

	if (!blocks || json_type(blocks) != JSON_ARRAY) {
		strbuf_addf(err, "%s: mẫu báo cáo thiếu mảng \"blocks\"", in->template_path);
		goto fail;
	}
	const char *name = strrchr(in->template_path, '/');
	name = name ? name + 1 : in->template_path;
	for (size_t i = 0; i < json_size(blocks); i++) {
		snprintf(w.where, sizeof w.where, "%s, khối %zu", name, i + 1);
		if (block(&w, json_at(blocks, i)) != 0)
			goto fail;
	}
	/* the document information, expanded like any text (no font check: not drawn) */
	static const char *const keys[] = {"title", "author", "subject", "keywords"};
	const struct json *meta = json_get(in->template, "info");
	const char **fields[] = {&info->title, &info->author, &info->subject, &info->keywords};
	for (size_t k = 0; k < 4; k++) {
		const struct json *v = meta ? json_get(meta, keys[k]) : NULL;
		snprintf(w.where, sizeof w.where, "%s, info.%s", name, keys[k]);
		if (v && (!json_string(v) || template_expand(json_string(v), &w.ctx, NULL, w.where,
							      &info_buf[k], err) != 0))
			goto fail;
		*fields[k] = v ? info_buf[k].data : NULL;
	}
	struct layout_watermark wm = {p->watermark_text, profile_style(p, "watermark"),
				      p->watermark_angle, p->watermark_gray};
	struct layout_doc *d = layout_finish(w.l, profile_style(p, "page_number"), p->page_number_y,
					     in->watermark ? &wm : NULL);
	if (d->overflow) {
		strbuf_addf(err, "%s: %s: %zu khối (một hàng bảng, phần chữ ký, biểu đồ) dài hơn một trang, "
			    "không đặt được trong lề", in->ctx.org_code, name, d->overflow);
		layout_doc_free(d);
		return NULL;
	}
	return d;
fail:
	layout_free(w.l);
	return NULL;
}
