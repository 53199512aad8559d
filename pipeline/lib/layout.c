/*
 * layout: blocks become units (a line, a table row, a box, a chart), each a
 * small display list measured downwards from its top; the paginator places
 * units on pages, keeps chains of units marked keep-with-next together,
 * drops the space above a unit at a page top, and repeats a table's header
 * (under its "continued" caption) when a row starts a new page.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The engine's own proportions, in em (the font size) or leadings, and its
 * tolerances. What a format decides (sizes, spaces, margins, gray, bar
 * widths…) comes from the profile through layout_style and layout_chart;
 * these only say how a line sits in its box.
 */
#define BASELINE_BELOW_MIDDLE 0.34 /* em: from the middle of a line (or of text centred on a point) down to the baseline, which centres a Times-metric face's capitals and descenders */
#define UNDERLINE_DROP 0.12        /* em below the baseline */
#define UNDERLINE_WIDTH 0.05       /* em */
#define AXIS_LABEL_GAP 0.3         /* em between a chart's labels and its plot */
#define MIN_BAR_SHARE 0.05         /* the thinnest bar, as a share of its row */
#define FRAME_PAD 0.4              /* em between a framed line's text and its frame */
#define CHART_ROW_PAD 0.3          /* leadings above and below a chart row's label */
#define FIT_EPSILON 1e-9           /* pt: a line that fits but for rounding fits */
#define PAGE_EPSILON 1e-6          /* pt: a unit that fits but for rounding fits; lines that meet within it are joined */

struct unit {
	double height, before, after;
	int keep_next;
	struct layout_item *items; /* y measured downwards from the unit's top */
	size_t n, cap;
	char *mark;
	int mark_level;
	size_t table;              /* 1-based table of a body row, else 0 */
	int page_break;            /* starts a new page (unless at a page's top) */
};

struct units {
	struct unit *u;
	size_t n, cap;
};

struct layout {
	struct layout_page page;
	struct ttf *const *faces;
	size_t nfaces;
	struct units flow;
	struct units cont;          /* tables' continued captions and headers */
	struct { size_t first, n; } *tables;
	size_t ntables, tables_cap;
	int in_box;
	struct unit box;
	double box_y, box_height;
};

struct word {
	size_t off, len;
	double width;
};

struct line {
	size_t first, n;     /* words */
	double width;        /* words and single spaces */
	double words_width;  /* words only */
};

struct layout *layout_new(const struct layout_page *page, struct ttf *const *faces, size_t nfaces)
{
	struct layout *l = xcalloc(1, sizeof *l);
	l->page = *page;
	l->faces = faces;
	l->nfaces = nfaces;
	return l;
}

static double text_area(const struct layout *l)
{
	return l->page.width - l->page.left - l->page.right;
}

static double measure(const struct layout *l, const struct layout_style *st, const char *s, size_t n)
{
	return ttf_text_width(l->faces[st->face], s, n, st->size, NULL);
}

static struct unit *new_unit(struct units *us)
{
	xgrow(&us->u, &us->cap, us->n + 1, sizeof *us->u);
	struct unit *u = &us->u[us->n++];
	memset(u, 0, sizeof *u);
	return u;
}

static struct layout_item *add_item(struct unit *u, enum layout_item_kind kind)
{
	xgrow(&u->items, &u->cap, u->n + 1, sizeof *u->items);
	struct layout_item *it = &u->items[u->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

static void add_text(struct unit *u, const struct layout_style *st, double x, double y,
		     const char *s, size_t n, double width)
{
	struct layout_item *it = add_item(u, LAYOUT_TEXT);
	it->face = st->face;
	it->size = st->size;
	it->x = x;
	it->y = y;
	it->width = width;
	it->text = xstrndup(s, n);
}

/* A line (of thickness width) or a filled rectangle (of shade gray) from (x, y) to (x2, y2). */
static struct layout_item *add_shape(struct unit *u, enum layout_item_kind kind, double x, double y,
				     double x2, double y2)
{
	struct layout_item *it = add_item(u, kind);
	it->x = x;
	it->y = y;
	it->x2 = x2;
	it->y2 = y2;
	return it;
}

static void add_line(struct unit *u, double x, double y, double x2, double y2, double width)
{
	add_shape(u, LAYOUT_LINE, x, y, x2, y2)->width = width;
}

static void add_rect(struct unit *u, double x, double y, double x2, double y2, double gray)
{
	add_shape(u, LAYOUT_RECT, x, y, x2, y2)->gray = gray;
}

/* Splits text at spaces into words; a word wider than width is cut between characters. */
static size_t split_words(const struct layout *l, const struct layout_style *st, const char *text,
			  double width, struct word **out)
{
	struct word *w = NULL;
	size_t n = 0, cap = 0, i = 0, len = strlen(text);

	while (i < len) {
		while (i < len && text[i] == ' ')
			i++;
		size_t start = i;
		while (i < len && text[i] != ' ')
			i++;
		if (i == start)
			break;
		/*
		 * Cut an overlong word into pieces that fit: after its last '/' or
		 * '-' that fits ("701/2.186/" "502/92"), else between characters.
		 */
		size_t piece = start, after_mark = 0;
		double pw = 0;
		for (size_t k = start, cl; k < i; k += cl) {
			uint32_t c = textnorm_utf8_next(text + k, &cl);
			double cw = ttf_width(l->faces[st->face], c) * st->size / 1000.0;
			if (pw + cw > width && k > piece) {
				size_t cut = after_mark > piece ? after_mark : k;
				xgrow(&w, &cap, n + 1, sizeof *w);
				w[n++] = (struct word){piece, cut - piece, measure(l, st, text + piece, cut - piece)};
				piece = cut;
				pw = measure(l, st, text + piece, k - piece);
			}
			pw += cw;
			if (c == '/' || c == '-')
				after_mark = k + cl;
		}
		xgrow(&w, &cap, n + 1, sizeof *w);
		w[n++] = (struct word){piece, i - piece, measure(l, st, text + piece, i - piece)};
	}
	*out = w;
	return n;
}

/* Greedy first-fit line breaking; the first line is indent narrower. */
static size_t break_lines(const struct word *w, size_t nw, double space, double width,
			  double indent, struct line **out)
{
	struct line *ls = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < nw;) {
		double limit = width - (n == 0 ? indent : 0);
		struct line ln = {i, 1, w[i].width, w[i].width};
		for (i++; i < nw && ln.width + space + w[i].width <= limit + FIT_EPSILON; i++) {
			ln.width += space + w[i].width;
			ln.words_width += w[i].width;
			ln.n++;
		}
		xgrow(&ls, &cap, n + 1, sizeof *ls);
		ls[n++] = ln;
	}
	*out = ls;
	return n;
}

/*
 * Breaks a centred paragraph (a title) into its nl lines again, at the
 * narrowest width that still gives nl lines: the lines come out of nearly
 * equal length, and the last is never a lone word when it need not be.
 */
static size_t balance_lines(const struct word *w, size_t nw, double space, double width,
			    double indent, size_t nl, struct line **ls)
{
	double lo = 0, hi = width;
	struct line *trial;

	for (size_t i = 0; i < nw; i++)
		lo = fmax(lo, w[i].width + (i == 0 ? indent : 0));
	for (int step = 0; step < 24 && hi - lo > 0.1; step++) {
		double mid = (lo + hi) / 2;
		size_t n = break_lines(w, nw, space, mid, indent, &trial);
		free(trial);
		if (n <= nl)
			hi = mid;
		else
			lo = mid;
	}
	free(*ls);
	return break_lines(w, nw, space, hi, indent, ls);
}

/* The baseline of a line box of the style, from the box's top. */
static double baseline(const struct layout_style *st)
{
	return st->leading / 2 + st->size * BASELINE_BELOW_MIDDLE;
}

/*
 * Sets one line of words into unit u with its baseline at y, in the column
 * [x0, x1) (absolute x); justified lines place each word.
 */
static void set_line(struct unit *u, const struct layout_style *st, const char *text,
		     const struct word *w, const struct line *ln, int last, double x0, double x1,
		     double y, double indent)
{
	double avail = x1 - x0 - indent, x = x0 + indent;
	enum layout_align align = st->align;

	if (align == LAYOUT_JUSTIFY && (last || ln->n < 2))
		align = LAYOUT_LEFT;
	if (align == LAYOUT_JUSTIFY) {
		double gap = (avail - ln->words_width) / (double)(ln->n - 1);
		for (size_t k = 0; k < ln->n; k++) {
			const struct word *wk = &w[ln->first + k];
			add_text(u, st, x, y, text + wk->off, wk->len, wk->width);
			x += wk->width + gap;
		}
	} else {
		if (align == LAYOUT_CENTER)
			x += (avail - ln->width) / 2;
		else if (align == LAYOUT_RIGHT)
			x += avail - ln->width;
		/* the words joined by single spaces, as measured */
		struct strbuf b = {0};
		for (size_t k = 0; k < ln->n; k++) {
			const struct word *wk = &w[ln->first + k];
			if (k)
				strbuf_addc(&b, ' ');
			strbuf_add(&b, text + wk->off, wk->len);
		}
		add_text(u, st, x, y, b.data, b.len, ln->width);
		strbuf_free(&b);
	}
	if (st->underline) {
		double ux0 = align == LAYOUT_JUSTIFY ? x0 + indent : x;
		double ux1 = align == LAYOUT_JUSTIFY ? x1 : x + ln->width;
		double uy = y + st->size * UNDERLINE_DROP;
		add_line(u, ux0, uy, ux1, uy, st->size * UNDERLINE_WIDTH);
	}
}

/*
 * A frame around a line's text (a "DỰ THẢO" mark), FRAME_PAD em from it,
 * as four lines of the style's frame width.
 */
static void frame_line(struct unit *u, const struct layout_style *st, const struct line *ln,
		       double x0, double x1, double indent)
{
	double avail = x1 - x0 - indent, x = x0 + indent;
	if (st->align == LAYOUT_CENTER)
		x += (avail - ln->width) / 2;
	else if (st->align == LAYOUT_RIGHT)
		x += avail - ln->width;
	double pad = st->size * FRAME_PAD, b = baseline(st);
	double left = x - pad, right = x + ln->width + pad;
	double top = b - st->size * (1 - BASELINE_BELOW_MIDDLE) - pad / 2;
	double bottom = b + st->size * UNDERLINE_DROP * 2 + pad / 2;
	add_line(u, left, top, right, top, st->frame);
	add_line(u, left, bottom, right, bottom, st->frame);
	add_line(u, left, top, left, bottom, st->frame);
	add_line(u, right, top, right, bottom, st->frame);
}

/* The column [x0, x1) in absolute x. */
static void column(const struct layout *l, double *x0, double *x1)
{
	double left = l->page.left;
	*x1 = *x1 > 0 ? left + *x1 : left + text_area(l);
	*x0 = left + *x0;
}

void layout_paragraph(struct layout *l, const struct layout_style *st, const char *text,
		      double x0, double x1, int keep_with_next, int mark_level)
{
	struct word *w;
	struct line *ls;

	column(l, &x0, &x1);
	double space = measure(l, st, " ", 1);
	size_t nw = split_words(l, st, text, x1 - x0 - st->indent, &w);
	size_t nl = break_lines(w, nw, space, x1 - x0, st->indent, &ls);
	if (st->balance && nl > 1)
		nl = balance_lines(w, nw, space, x1 - x0, st->indent, nl, &ls);
	double widest = 0;
	for (size_t i = 0; i < nl; i++)
		widest = fmax(widest, ls[i].width);

	if (l->in_box) {
		struct unit *u = &l->box;
		l->box_y += st->before;
		for (size_t i = 0; i < nl; i++) {
			set_line(u, st, text, w, &ls[i], i + 1 == nl, x0, x1,
				 l->box_y + baseline(st), i == 0 ? st->indent : 0);
			l->box_y += st->leading;
		}
		if (st->rule > 0 && nl) {
			double y = l->box_y - st->leading + baseline(st) + st->rule_gap;
			double c = (x0 + x1) / 2;
			add_line(u, c - widest / 2, y, c + widest / 2, y, st->rule);
		}
		l->box_y += st->after;
		l->box_height = fmax(l->box_height, l->box_y);
	} else {
		for (size_t i = 0; i < nl; i++) {
			struct unit *u = new_unit(&l->flow);
			u->height = st->leading;
			u->before = i == 0 ? st->before : 0;
			u->after = i + 1 == nl ? st->after : 0;
			/* no lone first or last line of a paragraph at a page's edge */
			u->keep_next = i + 1 < nl ? (i == 0 || i + 2 == nl) : keep_with_next;
			set_line(u, st, text, w, &ls[i], i + 1 == nl, x0, x1, baseline(st),
				 i == 0 ? st->indent : 0);
			if (i + 1 == nl && st->rule > 0) {
				double y = baseline(st) + st->rule_gap, c = (x0 + x1) / 2;
				add_line(u, c - widest / 2, y, c + widest / 2, y, st->rule);
			}
			if (st->frame > 0)
				frame_line(u, st, &ls[i], x0, x1, i == 0 ? st->indent : 0);
			if (i == 0 && mark_level > 0) {
				u->mark = xstrdup(text);
				u->mark_level = mark_level;
			}
		}
	}
	free(w);
	free(ls);
}

void layout_rule(struct layout *l, double len, double width, double before, double after)
{
	double c = l->page.left + text_area(l) / 2;
	if (l->in_box) {
		double y = l->box_y + before;
		add_line(&l->box, c - len / 2, y, c + len / 2, y, width);
		l->box_y = y + after;
		l->box_height = fmax(l->box_height, l->box_y);
		return;
	}
	struct unit *u = new_unit(&l->flow);
	u->height = width;
	u->before = before;
	u->after = after;
	add_line(u, c - len / 2, width / 2, c + len / 2, width / 2, width);
}

void layout_keep_with_previous(struct layout *l)
{
	for (size_t i = l->flow.n; i-- > 0;)
		if (!l->flow.u[i].page_break) {
			l->flow.u[i].keep_next = 1;
			return;
		}
}

void layout_page_break(struct layout *l)
{
	new_unit(&l->flow)->page_break = 1;
}

void layout_box_begin(struct layout *l, double before)
{
	memset(&l->box, 0, sizeof l->box);
	l->box.before = before;
	l->in_box = 1;
	l->box_y = l->box_height = 0;
}

void layout_box_column(struct layout *l)
{
	l->box_y = 0;
}

void layout_box_end(struct layout *l, double after)
{
	struct unit *u = new_unit(&l->flow);
	*u = l->box;
	u->height = l->box_height;
	u->after = after;
	l->in_box = 0;
}

/* One table row as a unit: cells wrapped in their columns, borders, background. */
static void table_row(struct layout *l, struct unit *u, const struct layout_table *t,
		      const char *const *cells, const struct layout_style *st, int head, double *xs)
{
	size_t nc = t->ncolumns;
	size_t *nlines = xcalloc(nc, sizeof *nlines);
	struct word **words = xcalloc(nc, sizeof *words);
	struct line **lines = xcalloc(nc, sizeof *lines);
	double space = measure(l, st, " ", 1), height = 0;

	for (size_t c = 0; c < nc; c++) {
		double w = xs[c + 1] - xs[c] - 2 * t->padding;
		size_t nw = split_words(l, st, cells[c] ? cells[c] : "", w, &words[c]);
		nlines[c] = break_lines(words[c], nw, space, w, 0, &lines[c]);
		height = fmax(height, (double)(nlines[c] ? nlines[c] : 1) * st->leading);
	}
	height += 2 * t->padding;
	u->height = height;
	if (head && t->head_gray < 1)
		add_rect(u, xs[0], height, xs[nc], 0, t->head_gray);
	for (size_t c = 0; c < nc; c++) {
		struct layout_style cs = *st;
		cs.align = head ? LAYOUT_CENTER : t->columns[c].align;
		if (cs.align == LAYOUT_JUSTIFY)
			cs.align = LAYOUT_LEFT;
		/* centre the cell's lines vertically in the row */
		double y = t->padding + (height - 2 * t->padding - (double)nlines[c] * st->leading) / 2;
		for (size_t k = 0; k < nlines[c]; k++, y += st->leading)
			set_line(u, &cs, cells[c], words[c], &lines[c][k], 1, xs[c] + t->padding,
				 xs[c + 1] - t->padding, y + baseline(st), 0);
		free(words[c]);
		free(lines[c]);
	}
	for (size_t c = 0; c <= nc; c++)
		add_line(u, xs[c], 0, xs[c], height, t->border);
	if (head)
		add_line(u, xs[0], 0, xs[nc], 0, t->border);
	add_line(u, xs[0], height, xs[nc], height, t->border);
	free(nlines);
	free(words);
	free(lines);
}

void layout_table(struct layout *l, const struct layout_table *t)
{
	double *xs = xcalloc(t->ncolumns + 1, sizeof *xs), total = 0;
	for (size_t c = 0; c < t->ncolumns; c++)
		total += t->columns[c].weight;
	xs[0] = l->page.left;
	for (size_t c = 0; c < t->ncolumns; c++)
		xs[c + 1] = xs[c] + text_area(l) * t->columns[c].weight / total;

	xgrow(&l->tables, &l->tables_cap, l->ntables + 1, sizeof *l->tables);
	size_t id = ++l->ntables;

	/* what a page that continues the table starts with */
	l->tables[id - 1].first = l->cont.n;
	if (t->continued && *t->continued) {
		struct units saved = l->flow;
		l->flow = l->cont;
		layout_paragraph(l, t->continued_style, t->continued, 0, 0, 1, 0);
		l->cont = l->flow;
		l->flow = saved;
	}
	struct unit *ch = new_unit(&l->cont);
	table_row(l, ch, t, t->header, t->head_style, 1, xs);
	ch->keep_next = 1;
	l->tables[id - 1].n = l->cont.n - l->tables[id - 1].first;

	struct unit *h = new_unit(&l->flow);
	table_row(l, h, t, t->header, t->head_style, 1, xs);
	h->before = t->before;
	h->keep_next = 1;
	for (size_t r = 0; r < t->nrows; r++) {
		struct unit *u = new_unit(&l->flow);
		const struct layout_style *st =
			r + t->nbold_rows >= t->nrows ? t->bold_style : t->body_style;
		table_row(l, u, t, t->cells + r * t->ncolumns, st, 0, xs);
		u->table = id;
		u->keep_next = r + 2 == t->nrows; /* the last row (a total) never alone on a page */
		if (r + 1 == t->nrows)
			u->after = t->after;
	}
	free(xs);
}

/* The x of value v (0..100) on a chart's plot [px0, px1). */
static double chart_x(double px0, double px1, double v)
{
	return px0 + (px1 - px0) * fmin(fmax(v, 0), 100) / 100.0;
}

/* The grid of a chart over [top, bottom) of unit u: a line every tick_step percent. */
static void chart_grid(struct unit *u, const struct layout_chart *c, double px0, double px1,
		       double top, double bottom)
{
	int step = c->tick_step > 0 && c->tick_step <= 100 ? c->tick_step : 100;
	for (int v = 0; v <= 100; v += step) {
		double x = chart_x(px0, px1, v);
		struct layout_item *g = add_shape(u, LAYOUT_LINE, x, top, x, bottom);
		g->width = v == 0 ? c->line_width : c->line_width / 2;
		g->gray = v == 0 ? 0 : c->grid_gray;
	}
}

/* The axis row: the percentages over the grid, a unit of its own (repeated on a new page). */
static void chart_axis(struct layout *l, struct unit *u, const struct layout_chart *c, double px0,
		       double px1)
{
	const struct layout_style *as = c->axis_style;
	int step = c->tick_step > 0 && c->tick_step <= 100 ? c->tick_step : 100;
	u->height = as->leading;
	for (int v = 0; v <= 100; v += step) {
		char s[8];
		int n = snprintf(s, sizeof s, "%d%%", v);
		double sw = measure(l, as, s, (size_t)n);
		add_text(u, as, chart_x(px0, px1, v) - sw / 2, baseline(as), s, (size_t)n, sw);
	}
	add_line(u, px0, as->leading, px1, as->leading, c->line_width);
}

void layout_chart(struct layout *l, const struct layout_chart *c)
{
	const struct layout_style *ts = c->title_style, *as = c->axis_style;
	double x0 = l->page.left, x1 = x0 + text_area(l);
	double share = c->label_share > 0 && c->label_share < 1 ? c->label_share : 0.35;
	double value_w = measure(l, as, "100,00%", 7) + as->size * AXIS_LABEL_GAP * 2;
	double lx1 = x0 + text_area(l) * share, px0 = lx1 + as->size * AXIS_LABEL_GAP;
	double px1 = x1 - value_w;
	struct layout_style label = *as, centred = *ts;

	label.align = LAYOUT_LEFT;
	centred.align = LAYOUT_CENTER;
	/* what a page that continues the chart starts with: its title, marked, and the axis */
	xgrow(&l->tables, &l->tables_cap, l->ntables + 1, sizeof *l->tables);
	size_t id = ++l->ntables;
	l->tables[id - 1].first = l->cont.n;
	struct units saved = l->flow;
	l->flow = l->cont;
	if (c->continued && *c->continued)
		layout_paragraph(l, c->continued_style, c->continued, 0, 0, 1, 0);
	chart_axis(l, new_unit(&l->flow), c, px0, px1);
	l->flow.u[l->flow.n - 1].keep_next = 1;
	l->cont = l->flow;
	l->flow = saved;
	l->tables[id - 1].n = l->cont.n - l->tables[id - 1].first;

	/* the title and the axis, kept with the first row */
	struct layout_style title = centred;
	title.before = c->before;
	layout_paragraph(l, &title, c->title, 0, 0, 1, 0);
	struct unit *axis = new_unit(&l->flow);
	chart_axis(l, axis, c, px0, px1);
	axis->keep_next = 1;

	/* a row per bar: its label (wrapped), the bar, its value; the grid through it */
	double pad = as->leading * CHART_ROW_PAD, space = measure(l, as, " ", 1);
	for (size_t i = 0; i < c->n; i++) {
		struct unit *u = new_unit(&l->flow);
		struct word *w;
		struct line *ls;
		const char *text = c->labels && c->labels[i] ? c->labels[i] : "";
		size_t nw = split_words(l, &label, text, lx1 - x0, &w);
		size_t nl = break_lines(w, nw, space, lx1 - x0, 0, &ls);
		double height = (double)(nl ? nl : 1) * as->leading + 2 * pad, y = pad;
		u->height = height;
		u->table = id;
		if (i + 1 == c->n)
			u->after = c->after;
		for (size_t k = 0; k < nl; k++, y += as->leading)
			set_line(u, &label, text, w, &ls[k], 1, x0, lx1, y + baseline(as), 0);
		free(w);
		free(ls);
		chart_grid(u, c, px0, px1, 0, height);
		double bar = as->leading * fmin(fmax(c->bar_width, MIN_BAR_SHARE), 1);
		double mid = height / 2, end = chart_x(px0, px1, c->values[i]);
		if (end > px0)
			add_rect(u, px0, mid + bar / 2, end, mid - bar / 2, c->bar_gray);
		if (c->value_labels && c->value_labels[i]) {
			const char *v = c->value_labels[i];
			double vw = measure(l, as, v, strlen(v));
			add_text(u, as, end + as->size * AXIS_LABEL_GAP,
				 mid + as->size * BASELINE_BELOW_MIDDLE, v, strlen(v), vw);
		}
	}
}

/* ---- pagination ---- */

struct pager {
	struct layout *l;
	struct layout_doc *d;
	double y;           /* used height of the current page's text area */
	double last_after;
	int at_top;
	const struct layout_watermark *wm;
};

static struct layout_item *page_item(struct layout_page_items *p)
{
	xgrow(&p->items, &p->cap, p->n + 1, sizeof *p->items);
	struct layout_item *it = &p->items[p->n++];
	memset(it, 0, sizeof *it);
	return it;
}

/* Text (or its shapes: kind) centred on (cx, cy) and rotated by angle degrees, onto page p. */
static void centred_text(const struct layout *l, struct layout_page_items *p,
			 const struct layout_style *st, const char *s, double cx, double cy,
			 double angle, double gray, enum layout_item_kind kind)
{
	double w = ttf_text_width(l->faces[st->face], s, strlen(s), st->size, NULL);
	double a = angle * M_PI / 180, h = st->size * BASELINE_BELOW_MIDDLE;
	struct layout_item *it = page_item(p);
	it->kind = kind;
	it->face = st->face;
	it->size = st->size;
	it->x = cx - cos(a) * w / 2 + sin(a) * h;
	it->y = cy - sin(a) * w / 2 - cos(a) * h;
	it->width = w;
	it->gray = gray;
	it->angle = angle;
	it->text = xstrdup(s);
}

static void new_page(struct pager *pg)
{
	struct layout_doc *d = pg->d;
	d->pages = xrealloc(d->pages, (d->npages + 1) * sizeof *d->pages);
	memset(&d->pages[d->npages++], 0, sizeof *d->pages);
	pg->y = 0;
	pg->at_top = 1;
	pg->last_after = 0;
	if (pg->wm && pg->wm->text && *pg->wm->text)
		centred_text(pg->l, &d->pages[d->npages - 1], pg->wm->style, pg->wm->text,
			     d->page.width / 2, d->page.height / 2, pg->wm->angle, pg->wm->gray,
			     LAYOUT_OUTLINE);
}

static double usable(const struct layout *l)
{
	return l->page.height - l->page.top - l->page.bottom;
}

/* Moves unit u onto the current page at the cursor, taking its items. */
static void place(struct pager *pg, struct unit *u, int copy)
{
	struct layout_doc *d = pg->d;
	struct layout_page_items *p = &d->pages[d->npages - 1];

	if (!pg->at_top)
		pg->y += pg->last_after + u->before;
	double top = d->page.height - d->page.top - pg->y;
	for (size_t i = 0; i < u->n; i++) {
		struct layout_item *it = page_item(p);
		*it = u->items[i];
		if (copy && it->text)
			it->text = xstrdup(it->text);
		it->y = top - it->y;
		if (it->kind != LAYOUT_TEXT)
			it->y2 = top - it->y2;
	}
	if (!copy) {
		free(u->items);
		u->items = NULL;
		u->n = 0;
	}
	if (u->mark) {
		d->marks = xrealloc(d->marks, (d->nmarks + 1) * sizeof *d->marks);
		d->marks[d->nmarks++] = (struct layout_mark){u->mark, u->mark_level, d->npages - 1, top};
		u->mark = NULL;
	}
	pg->y += u->height;
	pg->last_after = u->after;
	pg->at_top = 0;
}

/* Height of the chain of units from i that must stay on one page. */
static double chain_height(const struct units *us, size_t i)
{
	double h = us->u[i].height;
	for (size_t k = i; us->u[k].keep_next && k + 1 < us->n; k++)
		h += us->u[k].after + us->u[k + 1].before + us->u[k + 1].height;
	return h;
}

/*
 * Joins vertical lines that continue one another (a table's column borders,
 * drawn row by row) into one line per column and page: fewer items, a
 * smaller PDF. Candidates are the last few vertical lines kept.
 */
static void join_lines(struct layout_page_items *p)
{
	enum { RECENT = 64 };
	size_t recent[RECENT], nrecent = 0, out = 0;

	for (size_t i = 0; i < p->n; i++) {
		struct layout_item *it = &p->items[i];
		if (it->kind == LAYOUT_LINE && it->x == it->x2) {
			size_t k = 0, n = nrecent < RECENT ? nrecent : RECENT;
			for (; k < n; k++) {
				struct layout_item *q = &p->items[recent[(nrecent - 1 - k) % RECENT]];
				if (q->x == it->x && q->width == it->width && q->gray == it->gray &&
				    fabs(q->y2 - it->y) < PAGE_EPSILON) {
					q->y2 = it->y2;
					break;
				}
			}
			if (k < n)
				continue;
			recent[nrecent++ % RECENT] = out;
		}
		p->items[out++] = *it;
	}
	p->n = out;
}

struct layout_doc *layout_finish(struct layout *l, const struct layout_style *page_number_style,
				 double page_number_y, const struct layout_watermark *watermark)
{
	struct layout_doc *d = xcalloc(1, sizeof *d);
	struct pager pg = {l, d, 0, 0, 1, watermark};
	size_t last_table = 0;

	d->page = l->page;
	new_page(&pg);
	int break_pending = 0;
	for (size_t i = 0; i < l->flow.n; i++) {
		struct unit *u = &l->flow.u[i];
		if (u->page_break) { /* taken by the next unit, so none at the end */
			break_pending |= !pg.at_top;
			continue;
		}
		double need = (pg.at_top ? 0 : pg.last_after + u->before) + chain_height(&l->flow, i);
		if (!pg.at_top && (break_pending || pg.y + need > usable(l) + PAGE_EPSILON))
			new_page(&pg);
		break_pending = 0;
		/* a table row opening a page repeats the table's caption and header */
		if (pg.at_top && u->table && u->table == last_table) {
			size_t first = l->tables[u->table - 1].first, n = l->tables[u->table - 1].n;
			for (size_t k = 0; k < n; k++)
				place(&pg, &l->cont.u[first + k], 1);
		}
		place(&pg, u, 0);
		/* what is taller than a page cannot be set: the caller refuses the document */
		if (pg.y > usable(l) + PAGE_EPSILON)
			d->overflow++;
		last_table = u->table;
	}
	for (size_t p = 0; p < d->npages; p++)
		join_lines(&d->pages[p]);
	if (page_number_style) {
		for (size_t p = 1; p < d->npages; p++) {
			char s[24];
			snprintf(s, sizeof s, "%zu", p + 1);
			double y = d->page.height - page_number_y +
				   page_number_style->size * BASELINE_BELOW_MIDDLE;
			centred_text(l, &d->pages[p], page_number_style, s,
				     l->page.left + text_area(l) / 2, y, 0, 0, LAYOUT_TEXT);
		}
	}
	layout_free(l);
	return d;
}

void layout_free(struct layout *l)
{
	if (!l)
		return;
	struct units *all[] = {&l->flow, &l->cont};
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < all[k]->n; i++) {
			struct unit *u = &all[k]->u[i];
			for (size_t j = 0; j < u->n; j++)
				free(u->items[j].text);
			free(u->items);
			free(u->mark);
		}
		free(all[k]->u);
	}
	free(l->tables);
	free(l);
}

void layout_doc_free(struct layout_doc *d)
{
	if (!d)
		return;
	for (size_t p = 0; p < d->npages; p++) {
		for (size_t i = 0; i < d->pages[p].n; i++)
			free(d->pages[p].items[i].text);
		free(d->pages[p].items);
	}
	for (size_t i = 0; i < d->nmarks; i++)
		free(d->marks[i].title);
	free(d->pages);
	free(d->marks);
	free(d);
}

void layout_dump(const struct layout_doc *d, const char *const *face_names, FILE *out)
{
	for (size_t p = 0; p < d->npages; p++) {
		fprintf(out, "page\t%zu\t%.2f\t%.2f\n", p + 1, d->page.width, d->page.height);
		for (size_t i = 0; i < d->pages[p].n; i++) {
			const struct layout_item *it = &d->pages[p].items[i];
			switch (it->kind) {
			case LAYOUT_TEXT:
			case LAYOUT_OUTLINE:
				fprintf(out, "%s\t%.2f\t%.2f\t%s\t%.1f\t%.2f\t%.0f\t%.2f\t%s\n",
					it->kind == LAYOUT_TEXT ? "text" : "outline", it->x, it->y,
					face_names[it->face], it->size, it->gray, it->angle, it->width, it->text);
				break;
			case LAYOUT_LINE:
				fprintf(out, "line\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", it->x, it->y, it->x2,
					it->y2, it->width, it->gray);
				break;
			case LAYOUT_RECT:
				fprintf(out, "rect\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", it->x, it->y, it->x2, it->y2,
					it->gray);
				break;
			}
		}
	}
	for (size_t i = 0; i < d->nmarks; i++)
		fprintf(out, "mark\t%d\t%zu\t%.2f\t%s\n", d->marks[i].level, d->marks[i].page + 1,
			d->marks[i].y, d->marks[i].title);
}
