/*
 * xlsx: one-table Excel workbooks over libxlsxwriter (see xlsx.h).
 * The library runs in its constant-memory mode: each row goes to a
 * temporary file once the next starts, so a table of any length costs the
 * memory of a row, and cells are written strictly in order.
 *
 * The library (1.1.4) does not check its writes to its temporary files: on
 * a full disk it can zip a part cut short and report success. So the
 * written workbook is read back (lib/zipfile) and every XML part must end
 * with its root element's closing tag.
 */
#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "fmt.h"
#include "zipfile.h"

/* Excel's longest text in a cell, in characters. */
enum { MAX_CELL_CHARS = 32767 };

/* The number formats, as Excel's format codes (shown with vi-VN separators there). */
static const char *const format_codes[XLSX_NFORMATS] = {
	[XLSX_TEXT] = NULL,          [XLSX_INTEGER] = "#,##0", [XLSX_ORDINAL] = "0",
	[XLSX_PERCENT] = "0.00%",    [XLSX_CHANGE] = "+#,##0;-#,##0;0",
};

struct xlsx {
	char *path;          /* the file the library writes */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	const struct xlsx_table *t;
	lxw_format *header;
	lxw_format *cells[2][XLSX_NFORMATS]; /* [bold][format], made when first used */
	size_t *widths;      /* the widest cell of each column, in characters */
	lxw_row_t row;       /* the current row (0: the header) */
	lxw_col_t col;       /* the next cell's column */
	int total;           /* the current row is a total */
	int filtered;        /* the autofilter is set */
	struct strbuf text;  /* a cell's text, NUL-terminated for the library */
};

/* Exits 2 with the library's words for e, unless e is no error. */
static void check(lxw_error e)
{
	if (e != LXW_NO_ERROR)
		util_die(EXIT_SYSTEM, "lỗi thư viện libxlsxwriter: %s", lxw_strerror(e));
}

/* The format of a cell in column format f, bold or not (NULL: the default). */
static lxw_format *cell_format(struct xlsx *w, enum xlsx_format f, int bold)
{
	lxw_format **slot = &w->cells[bold][f];

	if (*slot || (!bold && !format_codes[f]))
		return *slot;
	*slot = workbook_add_format(w->book);
	if (!*slot)
		util_die(EXIT_SYSTEM, "hết bộ nhớ");
	if (format_codes[f])
		format_set_num_format(*slot, format_codes[f]);
	if (bold) {
		format_set_bold(*slot);
		format_set_top(*slot, LXW_BORDER_THIN);
	}
	return *slot;
}

/* The next cell's column and format; exits 2 past the last column. */
static lxw_col_t next_cell(struct xlsx *w, lxw_format **format)
{
	if (w->col >= w->t->ncolumns)
		util_die(EXIT_SYSTEM, "lỗi chương trình: dòng %u của bảng %s có quá %zu ô", (unsigned)w->row,
			 w->t->sheet, w->t->ncolumns);
	*format = cell_format(w, w->t->columns[w->col].format, w->total);
	return w->col++;
}

static void note_width(struct xlsx *w, lxw_col_t col, size_t chars)
{
	if (chars > w->widths[col])
		w->widths[col] = chars;
}

/* Sets the autofilter over the header and the data rows so far. */
static void set_filter(struct xlsx *w, lxw_row_t last)
{
	check(worksheet_autofilter(w->sheet, 0, 0, last, (lxw_col_t)(w->t->ncolumns - 1)));
	w->filtered = 1;
}

static void set_properties(struct xlsx *w)
{
	lxw_doc_properties p = {.title = (char *)w->t->title, .created = w->t->created};
	check(workbook_set_properties(w->book, &p));
}

/* Landscape A4, one page wide, the header on every page. */
static void set_printing(struct xlsx *w)
{
	worksheet_set_landscape(w->sheet);
	worksheet_set_paper(w->sheet, 9);
	worksheet_fit_to_pages(w->sheet, 1, 0);
	check(worksheet_repeat_rows(w->sheet, 0, 0));
}

struct xlsx *xlsx_new(const char *path, const char *tmpdir, const struct xlsx_table *t)
{
	struct xlsx *w = xcalloc(1, sizeof *w);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir};

	if (!xlsx_sheet_name_ok(t->sheet) || !t->ncolumns || t->created == 0)
		util_die(EXIT_SYSTEM, "lỗi chương trình: bảng tính “%s” không hợp lệ", t->sheet);
	w->t = t;
	w->path = xstrdup(path);
	w->widths = xcalloc(t->ncolumns, sizeof *w->widths);
	w->book = workbook_new_opt(path, &opt);
	if (!w->book)
		util_die(EXIT_SYSTEM, "không tạo được bảng tính %s", path);
	/* the sheet's rows go to a temporary file in tmpdir, made here */
	errno = 0;
	w->sheet = workbook_add_worksheet(w->book, t->sheet);
	if (!w->sheet)
		util_die(EXIT_SYSTEM, "không tạo được bảng tính %s: %s", path,
			 errno ? strerror(errno) : "lỗi thư viện libxlsxwriter");
	w->header = workbook_add_format(w->book);
	if (!w->header)
		util_die(EXIT_SYSTEM, "hết bộ nhớ");
	format_set_bold(w->header);
	format_set_text_wrap(w->header);
	format_set_align(w->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bottom(w->header, LXW_BORDER_THIN);
	set_properties(w);
	set_printing(w);
	worksheet_freeze_panes(w->sheet, 1, (lxw_col_t)t->frozen_columns);
	for (size_t c = 0; c < t->ncolumns; c++)
		check(worksheet_write_string(w->sheet, 0, (lxw_col_t)c, t->columns[c].title, w->header));
	return w;
}

void xlsx_row(struct xlsx *w, enum xlsx_row kind)
{
	if (kind == XLSX_TOTAL && !w->filtered)
		set_filter(w, w->row);
	else if (kind == XLSX_DATA && w->total)
		util_die(EXIT_SYSTEM, "lỗi chương trình: bảng %s có dòng dữ liệu sau dòng tổng", w->t->sheet);
	w->row++;
	w->col = 0;
	w->total = kind == XLSX_TOTAL;
}

/* The bytes of the first n characters of UTF-8 s[0..len). */
static size_t utf8_prefix(const char *s, size_t len, size_t n)
{
	size_t i = 0;

	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0)
			break;
	return i;
}

void xlsx_text(struct xlsx *w, const char *s, size_t len)
{
	lxw_format *format;
	lxw_col_t col = next_cell(w, &format);

	strbuf_reset(&w->text);
	if (utf8_prefix(s, len, MAX_CELL_CHARS) < len) {
		strbuf_add(&w->text, s, utf8_prefix(s, len, MAX_CELL_CHARS - 1));
		strbuf_adds(&w->text, "…");
	} else {
		strbuf_add(&w->text, s, len);
	}
	note_width(w, col, xlsx_text_width(w->text.data, w->text.len));
	/* a string, never a formula: "=1+1" stays what was typed */
	check(worksheet_write_string(w->sheet, w->row, col, w->text.data, format));
}

/* The characters v shows in format f. */
static size_t number_width(double v, enum xlsx_format f)
{
	char digits[64];
	int n;

	switch (f) {
	case XLSX_PERCENT:
		return (size_t)snprintf(digits, sizeof digits, "%.2f%%", 100 * v);
	case XLSX_INTEGER:
	case XLSX_CHANGE:
		n = snprintf(digits, sizeof digits, "%.0f", fabs(v));
		return (size_t)(n + (n - 1) / 3) + (f == XLSX_CHANGE ? v != 0 : v < 0);
	default:
		return (size_t)snprintf(digits, sizeof digits, "%.15g", v);
	}
}

void xlsx_number(struct xlsx *w, double v)
{
	lxw_format *format;
	lxw_col_t col = next_cell(w, &format);

	note_width(w, col, number_width(v, w->t->columns[col].format));
	check(worksheet_write_number(w->sheet, w->row, col, v, format));
}

void xlsx_blank(struct xlsx *w)
{
	lxw_format *format;
	lxw_col_t col = next_cell(w, &format);

	/* a total's empty cell keeps its row's look; elsewhere nothing is written */
	if (w->total)
		check(worksheet_write_blank(w->sheet, w->row, col, format));
}

/*
 * Has the library write the file. It says why it failed on stderr, in
 * English, and the caller says it again in Vietnamese: its stderr goes
 * nowhere meanwhile. Returns 0, or -1 with why in err.
 */
static int write_book(struct xlsx *w, struct strbuf *err)
{
	int saved = -1, null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	fflush(stderr);
	if (null >= 0 && (saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0)) >= 0)
		dup2(null, STDERR_FILENO);
	errno = 0;
	lxw_error e = workbook_close(w->book);
	int why = errno;
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (null >= 0)
		close(null);
	if (e == LXW_NO_ERROR)
		return 0;
	strbuf_adds(err, why ? strerror(why) : lxw_strerror(e));
	return -1;
}

/* For zipfile_each_entry: 0 for a complete part, else 1 with the part's name in *arg. */
static int check_part(const char *name, const char *data, size_t len, void *arg)
{
	size_t n = strlen(name);
	int xml = (n > 4 && strcmp(name + n - 4, ".xml") == 0) || (n > 5 && strcmp(name + n - 5, ".rels") == 0);

	if (!xml || xlsx_xml_part_complete(data, len))
		return 0;
	*(char **)arg = xstrdup(name);
	return 1;
}

int xlsx_close(struct xlsx *w, struct strbuf *err)
{
	char *cut = NULL;
	int status = 0;

	if (!w->filtered)
		set_filter(w, w->row);
	for (size_t c = 0; c < w->t->ncolumns; c++)
		check(worksheet_set_column(w->sheet, (lxw_col_t)c, (lxw_col_t)c,
					   xlsx_column_width(w->widths[c], w->t->columns[c].title), NULL));
	if (write_book(w, err) != 0) {
		status = -1;
	} else if ((status = zipfile_each_entry(w->path, check_part, &cut, err)) > 0) {
		strbuf_addf(err, "phần %s của bảng tính bị cắt cụt (có thể đĩa đã đầy)", cut);
		status = -1;
	}
	free(cut);
	strbuf_free(&w->text);
	free(w->widths);
	free(w->path);
	free(w);
	return status;
}

int xlsx_xml_part_complete(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	if (end - p >= 5 && memcmp(p, "<?xml", 5) == 0) {
		p = memmem(p, (size_t)(end - p), "?>", 2);
		if (!p)
			return 0;
		p += 2;
	}
	while (p < end && (*p == '\n' || *p == '\r' || *p == ' '))
		p++;
	if (p == end || *p++ != '<')
		return 0;
	const char *name = p;
	while (p < end && !strchr(" \t\r\n/>", *p))
		p++;
	size_t n = (size_t)(p - name);
	/* a root alone, "<Types/>", or one closed at the very end, "</Types>" */
	if (n && end - p >= 2 && memcmp(end - 2, "/>", 2) == 0 && memchr(p, '<', (size_t)(end - p)) == NULL)
		return 1;
	return n && (size_t)(end - p) >= n + 3 && memcmp(end - n - 3, "</", 2) == 0 &&
	       memcmp(end - n - 1, name, n) == 0 && end[-1] == '>';
}

size_t xlsx_text_width(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		/* U+0300-U+036F, the combining diacritics: on the letter before */
		if ((c == 0xCC || (c == 0xCD && i + 1 < len && (unsigned char)s[i + 1] < 0xB0)))
			continue;
		n++;
	}
	return n;
}

double xlsx_column_width(size_t content, const char *title)
{
	size_t word = 0, longest = 0, title_chars = xlsx_text_width(title, strlen(title));

	for (const char *p = title;; p++) {
		if (*p == ' ' || !*p) {
			longest = word > longest ? word : longest;
			word = 0;
			if (!*p)
				break;
		} else if (((unsigned char)*p & 0xC0) != 0x80) {
			word++;
		}
	}
	size_t header = title_chars < 10 ? title_chars : 10, chars = content;
	if (longest > chars)
		chars = longest;
	if (header > chars)
		chars = header;
	chars += 2;
	return chars > 60 ? 60 : (double)chars;
}

int xlsx_sheet_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (!len || xlsx_text_width(name, len) > 31 || name[0] == '\'' || name[len - 1] == '\'')
		return 0;
	return strpbrk(name, "[]:*?/\\") == NULL;
}

/* 1 when s[0..n) are n digits. */
static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

time_t xlsx_period_time(const char *period)
{
	size_t len = strlen(period);
	long y = 1980, m = 1, d = 1;

	if ((len == 4 || (len == 7 && period[4] == '-' && digits(period + 5, 2))) && digits(period, 4)) {
		long year = strtol(period, NULL, 10), month = len == 7 ? strtol(period + 5, NULL, 10) : 12;
		if (year >= 1930 && month >= 1 && month <= 12) {
			y = year;
			m = month;
			d = fmt_days_in_month(y, (unsigned)m);
		}
	}
	return (time_t)fmt_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
}
