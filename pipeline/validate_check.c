/*
 * validate_check: the checks of one record that need nothing but the record,
 * its schema and the files validated before it: structure, encoding, cell
 * types and constraints, row rules and references to other files. These run
 * on any thread, many records at once; nothing here writes shared state.
 *
 * What people read is said their way: a column by its title, a value as it
 * was typed (never its normal form), a record by its label, a damaged record
 * by the loose split of its line, and schema messages with the row's values
 * filled in.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_check.h"

#include "keyset.h"
#include "orgtree.h"
#include "repertoire.h"
#include "textnorm.h"

void row_reset(struct row *row, size_t line, size_t nfields)
{
	row->line = line;
	row->nprobs = 0;
	row->cell_errors = 0;
	row->rejected = 0;
	row->blank = 0;
	row->has_pk = 0;
	row->as_typed = 0;
	strbuf_reset(&row->text);
	strbuf_reset(&row->norm);
	strbuf_reset(&row->out);
	if (row->nvalues < nfields) {
		free(row->values);
		row->values = xcalloc(nfields, sizeof *row->values);
		row->nvalues = nfields;
	}
	for (size_t f = 0; f < nfields; f++)
		row->values[f].str = NULL;
}

void row_free(struct row *row)
{
	free(row->values);
	free(row->probs);
	strbuf_free(&row->norm);
	strbuf_free(&row->out);
	strbuf_free(&row->text);
	strbuf_free(&row->pk);
}

struct problem *row_problem(struct row *row, int warning, enum vcode code, size_t col,
			    long field, const char *value, size_t value_len, const char *fmt, ...)
{
	xgrow(&row->probs, &row->cap_probs, row->nprobs + 1, sizeof *row->probs);
	struct problem *p = &row->probs[row->nprobs++];
	va_list ap;

	p->code = code;
	p->warning = warning;
	p->col = col;
	p->field = field;
	p->shown = 0;
	p->has_names = 0;
	p->msg_off = row->text.len;
	va_start(ap, fmt);
	strbuf_vaddf(&row->text, fmt, ap);
	va_end(ap);
	strbuf_addc(&row->text, '\0');
	p->has_value = value != NULL;
	p->val_off = row->text.len;
	p->val_len = value_len;
	if (value)
		strbuf_add(&row->text, value, value_len);
	strbuf_addc(&row->text, '\0');
	if (!warning)
		row->rejected = 1;
	return p;
}

void problem_about(const struct schema *s, struct row *row, struct problem *p,
		   const size_t *fields, size_t n)
{
	if (n < 2)
		return;
	p->has_names = 1;
	p->names_off = row->text.len;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&row->text, "%s%s", i ? ", " : "", s->fields[fields[i]].title);
	strbuf_addc(&row->text, '\0');
}

/* ---- messages for cell problems ---- */

static void describe_bound(const struct schema_field *f, double v, struct strbuf *b)
{
	if (f->type == SCHEMA_DATE) {
		long y;
		unsigned m, d;
		fmt_civil_from_days((fmt_days)v, &y, &m, &d);
		strbuf_addf(b, "%02u/%02u/%04ld", d, m, y);
	} else if (v == (double)(long long)v) {
		fmt_vi_integer((long long)v, b);
	} else {
		strbuf_addf(b, "%g", v);
	}
}

static const char *type_hint(const struct schema_field *f)
{
	switch (f->type) {
	case SCHEMA_DATE:
		return f->date_dmy ? "một ngày dạng ngày/tháng/năm, ví dụ 09/01/2022 (hoặc 2022-01-09)"
				   : "một ngày dạng năm-tháng-ngày, ví dụ 2022-01-09";
	case SCHEMA_INTEGER:
		return f->group_char ? "một số nguyên, ví dụ 3481 hoặc 3.481" : "một số nguyên, ví dụ 12";
	case SCHEMA_NUMBER:
		return f->decimal_char == ',' ? "một số, ví dụ 99,8" : "một số, ví dụ 99.8";
	case SCHEMA_YEAR:
		return "một năm gồm 4 chữ số, ví dụ 2022";
	case SCHEMA_STRING:
		break;
	}
	return "chuỗi ký tự";
}

/*
 * Appends the words people know for f's values: each value's label, with
 * the value in brackets where the two differ more than in case and marks
 * ("Nữ", "Có (1)"), or the value itself.
 */
static void enum_words(const struct schema_field *f, struct strbuf *b)
{
	struct strbuf x = {0}, y = {0};

	for (size_t i = 0; i < f->nenum; i++) {
		const char *label = f->enum_labels ? f->enum_labels[i] : NULL;
		strbuf_adds(b, i ? ", " : "");
		if (!label) {
			strbuf_adds(b, f->enum_values[i]);
			continue;
		}
		strbuf_reset(&x);
		strbuf_reset(&y);
		textnorm_fold(label, strlen(label), &x);
		textnorm_fold(f->enum_values[i], f->enum_lens[i], &y);
		if (x.len == y.len && memcmp(x.data, y.data, x.len) == 0)
			strbuf_adds(b, label);
		else
			strbuf_addf(b, "%s (%s)", label, f->enum_values[i]);
	}
	strbuf_free(&x);
	strbuf_free(&y);
}

/* A date written as one whose day the calendar lacks: says why, with the date as typed. */
static void no_such_day(const struct schema_field *f, struct row *row, size_t fi, size_t col,
			const char *v, size_t n)
{
	long y = 0, m = 0, d = 0;
	struct problem *p;

	fmt_date_parts(v, n, f->date_dmy, &y, &m, &d);
	if (m < 1 || m > 12)
		p = row_problem(row, 0, V_TYPE, col, (long)fi, v, n,
				"Cột “%s”: ngày %.*s không có thật vì một năm chỉ có 12 tháng", f->title,
				(int)n, v);
	else if (d < 1)
		p = row_problem(row, 0, V_TYPE, col, (long)fi, v, n,
				"Cột “%s”: ngày %.*s không có thật vì ngày trong tháng bắt đầu từ 01",
				f->title, (int)n, v);
	else
		p = row_problem(row, 0, V_TYPE, col, (long)fi, v, n,
				"Cột “%s”: ngày %.*s không có thật vì tháng %02ld/%04ld chỉ có %d ngày",
				f->title, (int)n, v, m, y, fmt_days_in_month(y, (unsigned)m));
	p->shown = 1;
}

static void cell_problem(const struct schema_field *f, struct row *row, size_t fi, size_t col,
			 enum schema_problem prob, const char *v, size_t n)
{
	struct strbuf b = {0};

	switch (prob) {
	case CELL_OK:
		return;
	case CELL_REQUIRED:
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, NULL, 0,
			    "Cột “%s” không được để trống", f->title);
		return;
	case CELL_TYPE:
		if (f->nenum) { /* "có lẽ" for a 0/1 field: say which words it takes */
			enum_words(f, &b);
			row_problem(row, 0, V_TYPE, col, (long)fi, v, n,
				    "Cột “%s” chỉ nhận một trong các giá trị: %s", f->title, b.data);
			break;
		}
		row_problem(row, 0, V_TYPE, col, (long)fi, v, n, "Cột “%s” phải là %s", f->title,
			    type_hint(f));
		return;
	case CELL_UNPRINTABLE: {
		size_t at = repertoire_find_outside(v, n), len = 1;
		uint32_t cp = (unsigned char)v[at] < 0x80 ? (unsigned char)v[at] : textnorm_utf8_next(v + at, &len);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
			row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
				    "Cột “%s” có ký tự ẩn U+%04X (ký tự điều khiển, dấu định hướng hay BOM, thường do dán từ nơi khác) ở ký tự thứ %zu; hãy gõ lại ô này",
				    f->title, (unsigned)cp, textnorm_char_count(v, at) + 1);
		else
			row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
				    "Cột “%s” có ký tự «%.*s» (U+%04X) mà báo cáo không in được (chỉ chữ Latinh, tiếng Việt và dấu câu thường dùng); hãy xóa hoặc thay ký tự đó",
				    f->title, (int)len, v + at, (unsigned)cp);
		return;
	}
	case CELL_TOO_LARGE:
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” có số quá lớn (lớn nhất 9.007.199.254.740.992)", f->title);
		return;
	case CELL_NO_SUCH_DAY:
		no_such_day(f, row, fi, col, v, n);
		return;
	case CELL_ENUM:
		enum_words(f, &b);
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” chỉ nhận một trong các giá trị: %s", f->title, b.data);
		break;
	case CELL_PATTERN:
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” sai mẫu: chỉ được dùng chữ in hoa không dấu, chữ số và các ký tự cho phép (mẫu %s)",
			    f->title, f->pattern);
		return;
	case CELL_MINIMUM:
	case CELL_MAXIMUM:
		describe_bound(f, prob == CELL_MINIMUM ? f->min : f->max, &b);
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    prob == CELL_MINIMUM ? "Cột “%s” không được nhỏ hơn %s"
						 : "Cột “%s” không được lớn hơn %s",
			    f->title, b.data);
		break;
	case CELL_MIN_LENGTH:
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” phải có ít nhất %ld ký tự", f->title, f->min_length);
		return;
	case CELL_MAX_LENGTH:
		row_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” không được dài quá %ld ký tự", f->title, f->max_length);
		return;
	}
	strbuf_free(&b);
}

/* Trims spaces, tabs and no-break spaces at both ends. */
static inline void trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	while (len && (p[0] == ' ' || p[0] == '\t' ||
		       (len >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0))) {
		size_t k = p[0] == ' ' || p[0] == '\t' ? 1 : 2;
		p += k;
		len -= k;
	}
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
		       (len >= 2 && (unsigned char)p[len - 2] == 0xC2 &&
			(unsigned char)p[len - 1] == 0xA0)))
		len -= p[len - 1] == ' ' || p[len - 1] == '\t' ? 1 : 2;
	*s = p;
	*n = len;
}

/* ---- the header ---- */

void check_header(struct checker *c, const struct csvin_record *rec, struct row *row)
{
	struct resource *res = c->res;
	int bad = 0;

	row->line = rec->line;
	if (rec->status != CSVIN_OK) {
		row_problem(row, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Dòng đầu tiên phải là dòng tiêu đề (tên các cột), nhưng dòng này %s",
			    rec->status == CSVIN_BLANK	  ? "để trống"
			    : rec->status == CSVIN_TOO_MANY ? "có quá nhiều cột (hơn 4096)"
							  : "bị lỗi dấu ngoặc kép hoặc có ô quá dài");
		res->header_ok = 0;
		if (!c->schema)
			res->schema = c->schema = schema_from_header(NULL, 0);
		return;
	}
	c->ncols = rec->nfields;
	c->labels = xcalloc(c->ncols, sizeof *c->labels);
	struct keyset *seen = keyset_new(); /* the labels so far, by column */
	for (size_t i = 0; i < c->ncols; i++) {
		const char *v = rec->fields[i].data;
		size_t n = rec->fields[i].len;
		struct strbuf b = {0};
		if (textnorm_utf8_check(v, n) != n) {
			row_problem(row, 0, V_ENCODING, i + 1, -1, v, n,
				    "Tiêu đề cột có byte không phải UTF-8; hãy lưu tệp dưới dạng “CSV UTF-8”");
			bad = 1;
		} else {
			trim(&v, &n);
			textnorm_nfc(v, n, &b);
		}
		c->labels[i] = b.data ? b.data : xstrdup("");
		if (c->labels[i][0] == '\0') {
			row_problem(row, 0, V_BLANK_LABEL, i + 1, -1, NULL, 0,
				    "Tiêu đề cột thứ %zu để trống", i + 1);
			bad = 1;
			continue;
		}
		uint32_t k;
		if (!keyset_add(seen, c->labels[i], strlen(c->labels[i]), (uint32_t)i, &k)) {
			row_problem(row, 0, V_DUPLICATE_LABEL, i + 1, -1, c->labels[i], strlen(c->labels[i]),
				    "Tiêu đề cột bị lặp: trùng với cột thứ %u", k + 1);
			bad = 1;
		}
	}
	keyset_free(seen);
	if (!c->schema) {
		res->schema = c->schema = schema_from_header(c->labels, c->ncols);
		c->field_col = xcalloc(c->ncols, sizeof *c->field_col);
		c->col_field = xcalloc(c->ncols, sizeof *c->col_field);
		for (size_t i = 0; i < c->ncols; i++)
			c->field_col[i] = c->col_field[i] = (long)i;
		res->header_ok = 1;
		return;
	}
	struct schema *s = c->schema;
	c->field_col = xcalloc(s->nfields, sizeof *c->field_col);
	c->col_field = xcalloc(c->ncols, sizeof *c->col_field);
	for (size_t f = 0; f < s->nfields; f++)
		c->field_col[f] = -1;
	/* each label names a field by its name or its title ("Họ và tên" for ho_ten) */
	for (size_t i = 0; i < c->ncols; i++) {
		long f = c->labels[i][0] ? schema_field_for_label(s, c->labels[i], strlen(c->labels[i]))
					 : -1;
		c->col_field[i] = f;
		if (f < 0)
			continue;
		long k = c->field_col[f];
		if (k < 0) {
			c->field_col[f] = (long)i;
		} else if (strcmp(c->labels[k], c->labels[i]) != 0) {
			/* the same label twice was said above */
			row_problem(row, 0, V_DUPLICATE_LABEL, i + 1, f, c->labels[i],
				    strlen(c->labels[i]),
				    "Cột “%s” trùng với cột thứ %ld “%s”: cả hai đều là cột “%s”",
				    c->labels[i], k + 1, c->labels[k], s->fields[f].title)->shown = 1;
			bad = 1;
		}
	}
	for (size_t f = 0; f < s->nfields; f++)
		if (c->field_col[f] < 0) {
			row_problem(row, 0, V_MISSING_LABEL, 0, (long)f, NULL, 0,
				    "Thiếu cột “%s” (%s) trong dòng tiêu đề", s->fields[f].title,
				    s->fields[f].name);
			bad = 1;
		}
	for (size_t i = 0; i < c->ncols; i++)
		if (c->labels[i][0] && c->col_field[i] < 0) {
			row_problem(row, 0, V_EXTRA_LABEL, i + 1, -1, c->labels[i],
				    strlen(c->labels[i]),
				    "Cột “%s” không có trong danh sách cột của tệp %s; hãy xóa cột này hoặc sửa tên cột",
				    c->labels[i], res->file.file_name)->shown = 1;
			bad = 1;
		}
	res->header_ok = !bad;
}

/* ---- one record ---- */

static void check_cells(const struct checker *c, struct scratch *sc,
			const struct csvin_record *rec, struct row *row)
{
	const struct schema *s = c->schema;

	/*
	 * Room for every normal value and its separator, so that norm never
	 * moves and values can point into it at once: NFC at most triples a
	 * text, an ISO date is at most two bytes longer than the date read,
	 * numbers only shrink. Values are not NUL-terminated: use their len.
	 */
	strbuf_reserve(&row->norm, 3 * rec->raw_len + 12 * s->nfields + s->enum_room);
	for (size_t f = 0; f < s->nfields; f++) {
		/* norm is the valid/ line: values in schema order, separated by commas */
		if (f)
			row->norm.data[row->norm.len++] = ',';
		long col = c->field_col[f];
		if (col < 0 || (size_t)col >= rec->nfields)
			continue;
		const char *raw = rec->fields[col].data, *v = raw;
		size_t n = rec->fields[col].len, bad;
		trim(&v, &n);
		/* an ASCII-only field needs no text check: a stray byte fails its type or enum */
		int state = s->fields[f].ascii_only ? 0 : textnorm_check(v, n, &bad);
		if (state < 0) {
			if (v[bad] == 0)
				row_problem(row, 0, V_ENCODING, (size_t)col + 1, (long)f, v, n,
					    "Ô có ký tự NUL (byte 0x00) ở vị trí %zu; hãy xóa ký tự này",
					    bad + 1 + (size_t)(v - raw));
			else
				row_problem(row, 0, V_ENCODING, (size_t)col + 1, (long)f, v, n,
					    "Ô có byte 0x%02X không phải UTF-8 (vị trí %zu); tệp có thể được lưu bằng mã TCVN3 (ABC) hoặc Windows-1258: hãy lưu lại dưới dạng “CSV UTF-8” hoặc khai báo bảng mã khi chạy (--encoding)",
					    (unsigned char)v[bad], bad + 1 + (size_t)(v - raw));
			row->cell_errors++;
			continue;
		}
		if (state > 0) {
			strbuf_reset(&sc->cell);
			textnorm_nfc(v, n, &sc->cell);
			v = sc->cell.data;
			n = sc->cell.len;
		}
		size_t at = row->norm.len;
		enum schema_problem p = schema_check_cell(s, &s->fields[f], v, n, &row->norm,
							  &row->values[f].num);
		if (p != CELL_OK) {
			cell_problem(&s->fields[f], row, f, (size_t)col + 1, p, v, n);
			row->cell_errors++;
			row->norm.len = at;
			if (p == CELL_REQUIRED)
				continue;
			/* keep the text itself, for references to rejected rows */
			strbuf_add(&row->norm, v, n);
		} else if (row->norm.len == at) {
			continue; /* missing */
		}
		row->values[f].str = row->norm.data + at;
		row->values[f].len = row->norm.len - at;
	}
}

int record_is_blank(const struct csvin_record *rec)
{
	if (rec->status == CSVIN_BLANK)
		return 1;
	if (rec->status != CSVIN_OK)
		return 0;
	for (size_t i = 0; i < rec->nfields; i++) {
		const char *v = rec->fields[i].data;
		size_t n = rec->fields[i].len;
		trim(&v, &n);
		if (n)
			return 0;
	}
	return 1;
}

/*
 * The values of a damaged record, from the loose split of its line: not
 * checked (the record is rejected anyway), only read, so that its
 * organisation can be found and its key named to the records that refer to it.
 */
static void loose_values(const struct checker *c, struct scratch *sc,
			 const struct csvin_record *rec, struct row *row)
{
	size_t nprobs = row->nprobs, text = row->text.len;

	check_cells(c, sc, rec, row);
	row->nprobs = nprobs;
	row->text.len = text;
	row->text.data[text] = '\0';
	row->cell_errors = 0;
}

int row_blank(struct row *row, const struct csvin_record *rec)
{
	if (!record_is_blank(rec))
		return 0;
	if (rec->status == CSVIN_BLANK)
		row_problem(row, 1, V_BLANK_ROW, 0, -1, NULL, 0,
			    "Dòng trống: không phải bản ghi, đã bỏ qua; có thể xóa dòng này");
	else
		row_problem(row, 1, V_BLANK_ROW, 0, -1, NULL, 0,
			    "Dòng không có dữ liệu (mọi ô đều trống): không phải bản ghi, đã bỏ qua; có thể xóa dòng này");
	row->blank = 1;
	return 1;
}

/*
 * Whether the record's first line has spaces between a separator (any of
 * , ; |, or the line's start or end) and a quote: "a",  "b" rather than a
 * quote inside a cell.
 */
static int space_beside_quote(const struct csvin_record *rec)
{
	const char *s = rec->raw;
	size_t n = 0;
	while (n < rec->raw_len && s[n] != '\n' && s[n] != '\r')
		n++;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		size_t a = i, z = i + 1;
		while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t'))
			a--;
		while (z < n && (s[z] == ' ' || s[z] == '\t'))
			z++;
		if ((a < i && (a == 0 || strchr(",;|", s[a - 1]))) || (z > i + 1 && (z == n || strchr(",;|", s[z]))))
			return 1;
	}
	return 0;
}

static void check_structure(const struct checker *c, struct scratch *sc,
			    const struct csvin_record *rec, struct row *row)
{
	if (row_blank(row, rec))
		return;
	switch (rec->status) {
	case CSVIN_BLANK: /* taken above */
		return;
	case CSVIN_BAD_QUOTE:
		if (rec->error_line != rec->line)
			row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
				    "Dấu ngoặc kép (\") không khớp: bản ghi bắt đầu ở dòng %zu chưa đóng ngoặc đến dòng %zu; chỉ dòng %zu bị loại, các dòng sau được đọc lại",
				    rec->line, rec->error_line, rec->line);
		else
			row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
				    "Dấu ngoặc kép (\") đặt sai chỗ ở cột ký tự thứ %zu; ô có dấu ngoặc kép phải được bao toàn bộ trong ngoặc kép, dấu ngoặc kép bên trong viết thành \"\"%s",
				    rec->error_col,
				    space_beside_quote(rec)
					    ? " (không để dấu cách giữa dấu phân cách và dấu ngoặc kép)"
					    : "");
		loose_values(c, sc, rec, row);
		return;
	case CSVIN_TOO_BIG:
		row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
			    "Một ô dài quá giới hạn %zu byte; dòng này bị loại",
			    c->res->csv.max_field ? c->res->csv.max_field : CSVIN_DEFAULT_MAX_FIELD);
		loose_values(c, sc, rec, row);
		return;
	case CSVIN_TOO_MANY:
		row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
			    "Dòng có hơn %d ô, quá giới hạn; dòng này bị loại (có lẽ thừa dấu phân cách)",
			    CSVIN_MAX_FIELDS);
		loose_values(c, sc, rec, row);
		return;
	case CSVIN_OK:
		break;
	}
	const struct schema *s = c->schema;
	for (size_t i = rec->nfields; i < c->ncols; i++) {
		long f = c->col_field[i];
		const char *name = f >= 0 ? s->fields[f].title : c->labels[i];
		if (name[0])
			row_problem(row, 0, V_MISSING_CELL, i + 1, f, NULL, 0,
				    "Dòng thiếu ô ở cột “%s”: dòng có %zu ô, tiêu đề có %zu cột",
				    name, rec->nfields, c->ncols);
		else
			row_problem(row, 0, V_MISSING_CELL, i + 1, f, NULL, 0,
				    "Dòng thiếu ô ở cột thứ %zu: dòng có %zu ô, tiêu đề có %zu cột",
				    i + 1, rec->nfields, c->ncols);
	}
	for (size_t i = c->ncols; i < rec->nfields; i++) {
		const char *v = rec->fields[i].data;
		size_t n = rec->fields[i].len;
		trim(&v, &n);
		row_problem(row, 0, V_EXTRA_CELL, i + 1, -1, v, n,
			    "Dòng thừa ô thứ %zu: tiêu đề chỉ có %zu cột (có thể do dấu phẩy hoặc chấm phẩy trong một ô chưa được đặt trong ngoặc kép)",
			    i + 1, c->ncols);
	}
	check_cells(c, sc, rec, row);
}

void record_cells(const struct checker *c, const struct csvin_record *rec, const size_t *fields,
		  size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		long col = c->field_col ? c->field_col[fields[i]] : -1;
		if (i)
			strbuf_adds(out, ", ");
		if (!rec || col < 0 || (size_t)col >= rec->nfields)
			continue;
		const char *v = rec->fields[col].data;
		size_t len = rec->fields[col].len;
		trim(&v, &len);
		strbuf_add(out, v, len);
	}
}

/*
 * What a message's "{field}" shows: the cell as typed ("(trống)" when
 * empty), noting which of the fields the problem is about were shown.
 */
struct shown_values {
	const struct checker *c;
	const struct csvin_record *rec;
	const size_t *about;
	size_t nabout;
	unsigned long long seen; /* a bit per field of about */
};

static void show_value(void *ctx, size_t field, struct strbuf *out)
{
	struct shown_values *sv = ctx;
	size_t at = out->len;

	record_cells(sv->c, sv->rec, &field, 1, out);
	if (out->len == at)
		strbuf_adds(out, "(trống)");
	for (size_t k = 0; k < sv->nabout && k < 64; k++)
		if (sv->about[k] == field)
			sv->seen |= 1ULL << k;
}

/*
 * Adds the problem of a rule or key whose message comes from the schema,
 * its "{field}" placeholders filled in, about the fields about[0..n): its
 * value their cells as typed, its column the first one's.
 */
static void schema_message_problem(const struct checker *c, const struct csvin_record *rec,
				   struct row *row, int warning, enum vcode code,
				   const size_t *about, size_t n, const char *msg)
{
	struct shown_values sv = {c, rec, about, n, 0};
	struct strbuf text = {0}, value = {0};
	long col = c->field_col[about[0]];

	schema_expand(c->schema, msg, show_value, &sv, &text);
	record_cells(c, rec, about, n, &value);
	/* nothing typed in any of them ("required" rules): no value */
	int typed = 0;
	for (size_t i = 0; i < n && !typed; i++) {
		long k = c->field_col[about[i]];
		const char *v = rec && k >= 0 && (size_t)k < rec->nfields ? rec->fields[k].data : "";
		size_t len = rec && k >= 0 && (size_t)k < rec->nfields ? rec->fields[k].len : 0;
		trim(&v, &len);
		typed = len > 0;
	}
	struct problem *p = row_problem(row, warning, code, col >= 0 ? (size_t)col + 1 : 0,
					(long)about[0], typed ? value.data : NULL, value.len, "%s",
					text.data);
	p->shown = n <= 64 && sv.seen == (n == 64 ? ~0ULL : (1ULL << n) - 1);
	problem_about(c->schema, row, p, about, n);
	strbuf_free(&text);
	strbuf_free(&value);
}

static void check_rules(const struct checker *c, const struct csvin_record *rec, struct row *row)
{
	const struct schema *s = c->schema;

	for (size_t i = 0; i < s->nrules; i++) {
		const struct schema_rule *r = &s->rules[i];
		if (schema_rule_holds(s, r, row->values, c->year))
			continue;
		/* a rule comparing two columns is about both */
		size_t about[2] = {r->field, r->other};
		int two = r->kind == RULE_COMPARE || r->kind == RULE_MONTHS;
		schema_message_problem(c, rec, row, r->warning, V_ROW_CONSTRAINT, about, two ? 2 : 1,
				       r->message);
	}
}

void record_key_phrase(const struct checker *c, const struct csvin_record *rec,
		       const size_t *fields, size_t n, struct strbuf *b)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(b, "%s%s “", i ? ", " : "", c->schema->fields[fields[i]].title);
		record_cells(c, rec, &fields[i], 1, b);
		strbuf_adds(b, "”");
	}
}

static void check_foreign_keys(const struct checker *c, struct scratch *sc,
			       const struct csvin_record *rec, struct row *row)
{
	const struct schema *s = c->schema;

	for (size_t i = 0; i < s->nfks; i++) {
		const struct schema_fk *fk = &s->fks[i];
		struct refindex *idx = c->res->fk_index[i];
		if (!idx || !schema_when_holds(s, &fk->when, row->values) ||
		    !schema_key(&sc->key, row->values, fk->fields, fk->nfields))
			continue;
		uint32_t found;
		int in_index;
		if (i < FK_CACHED && sc->fk_key[i].data && sc->fk_key[i].len == sc->key.len &&
		    bytes_equal(sc->fk_key[i].data, sc->key.data, sc->key.len)) {
			in_index = sc->fk_found[i];
			found = sc->fk_value[i];
		} else {
			uint32_t none = 0;
			in_index = refindex_find(idx, sc->key.data, sc->key.len,
						 refindex_head(idx, row->values, fk->fields, sc->key.len),
						 &found, i < FK_CACHED ? &sc->fk_cursor[i] : &none);
			if (i < FK_CACHED) {
				strbuf_reset(&sc->fk_key[i]);
				strbuf_add(&sc->fk_key[i], sc->key.data, sc->key.len);
				sc->fk_found[i] = in_index;
				sc->fk_value[i] = found;
			}
		}
		if (in_index && !(found & REF_FILTERED))
			continue;
		const struct resource *target = c->res->fk_target[i];
		uint32_t line;
		int rejected = !in_index && keyset_find(idx->rejected, sc->key.data, sc->key.len, &line);
		if (in_index || (!rejected && fk->missing_message)) {
			const char *msg = !in_index      ? fk->missing_message
					  : fk->message ? fk->message
							: "Bản ghi được tham chiếu không thuộc loại được phép";
			schema_message_problem(c, rec, row, 0, V_FOREIGN_KEY, fk->fields, fk->nfields,
					       msg);
			return; /* one missing reference per row is enough */
		}
		struct strbuf v = {0}, b = {0};
		record_cells(c, rec, fk->fields, fk->nfields, &v);
		record_key_phrase(c, rec, fk->fields, fk->nfields, &b);
		long col = c->field_col[fk->fields[0]];
		size_t colno = col >= 0 ? (size_t)col + 1 : 0;
		long field = (long)fk->fields[0];
		struct problem *p;
		if (rejected)
			p = row_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len,
					"%s có ở dòng %u của tệp %s, nhưng dòng đó đã bị từ chối nên dòng này cũng bị từ chối; hãy sửa dòng đó trước",
					b.data, line, target->file.file_name);
		else
			p = row_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len,
					"Không tìm thấy %s trong tệp %s", b.data, target->file.file_name);
		p->shown = 1;
		problem_about(s, row, p, fk->fields, fk->nfields);
		strbuf_free(&v);
		strbuf_free(&b);
		return; /* one missing reference per row is enough */
	}
}

struct record_org record_organisation(const struct checker *c, const struct schema_value *values,
				      const struct csvin_record *rec)
{
	const struct schema *s = c->schema;
	struct record_org o = {NULL, 0, -1};
	size_t k = 0;

	if (!s || !values)
		return o;
	while (k < s->norgs && !schema_when_holds(s, &s->orgs[k].when, values))
		k++;
	if (k == s->norgs)
		return o;
	const struct schema_org *way = &s->orgs[k];
	const struct schema_value *v = &values[way->field];
	long col = c->field_col ? c->field_col[way->field] : -1;
	int damaged = rec && rec->status != CSVIN_OK;
	o.lookup = way->lookup_resource ? (long)k : -1;
	if (v->str && !damaged) {
		o.code = v->str;
		o.len = v->len;
		return o;
	}
	/*
	 * No value read: the cell is empty, missing from the record, or not
	 * text (bad UTF-8, a NUL); the last still says whose record it is, as
	 * typed (report_issue makes it printable). A damaged record's loose cell
	 * counts only when it looks like a code: its split may be off.
	 */
	if (!rec || col < 0 || (size_t)col >= rec->nfields)
		return o;
	const char *cell = rec->fields[col].data;
	size_t n = rec->fields[col].len;
	trim(&cell, &n);
	if (schema_is_missing(s, cell, n) || (damaged && !orgtree_code_ok(cell, n)))
		return o;
	o.code = cell;
	o.len = n;
	return o;
}

enum { LABEL_MAX = 120 };

void record_label(const struct checker *c, const struct csvin_record *rec, struct strbuf *out)
{
	const struct schema *s = c->schema;
	size_t start = out->len;

	if (!s || !rec || !c->field_col)
		return;
	for (size_t i = 0; i < s->nlabel; i++) {
		const struct schema_label_part *part = &s->label[i];
		for (size_t k = 0; k < part->nfields; k++) {
			size_t at = out->len;
			if (at > start)
				strbuf_addc(out, ' ');
			strbuf_adds(out, part->prefix);
			size_t cell = out->len;
			record_cells(c, rec, &part->fields[k], 1, out);
			if (out->len > cell)
				break;
			out->len = at; /* empty: the next field of the part, if any */
			out->data[at] = '\0';
		}
	}
	/* a cell's line ends and tabs would break the label's line */
	for (size_t i = start; i < out->len; i++)
		if ((unsigned char)out->data[i] < 0x20)
			out->data[i] = ' ';
	/* a name, not the record: past LABEL_MAX characters the rest is cut */
	size_t chars = 0;
	for (size_t i = start; i < out->len; i++)
		if (((unsigned char)out->data[i] & 0xC0) != 0x80 && ++chars > LABEL_MAX) {
			out->len = i;
			strbuf_adds(out, "…");
			break;
		}
}

/* Returns 1 when v[0..n) must be quoted in a comma-separated line. */
static int csv_needs_quotes(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == ',' || v[i] == '"' || v[i] == '\n' || v[i] == '\r')
			return 1;
	return 0;
}

void check_record(const struct checker *c, struct scratch *sc, const struct csvin_record *rec,
		  struct row *row)
{
	const struct schema *s = c->schema;

	row->rec = rec;
	row_reset(row, rec->line, s->nfields);
	check_structure(c, sc, rec, row);
	if (row->blank)
		return;
	if (!row->rejected) {
		check_rules(c, rec, row);
		check_foreign_keys(c, sc, rec, row);
	}
	if (!row->cell_errors && rec->status == CSVIN_OK && s->npk &&
	    schema_key(&row->pk, row->values, s->primary_key, s->npk)) {
		row->has_pk = 1;
		row->pk_hash = keyset_hash(row->pk.data, row->pk.len);
	}
	if (row->rejected)
		return;
	/* norm is the valid/ line as it is, unless a value must be quoted (an
	 * enum value that needs quotes may stand for a label that did not) */
	int plain = rec->plain && c->comma && !s->enum_quoted;
	row->quoted = 0;
	for (size_t f = 0; f < s->nfields && !plain; f++) {
		const struct schema_value *v = &row->values[f];
		if (v->str && !s->fields[f].never_quoted && csv_needs_quotes(v->str, v->len))
			row->quoted = 1;
	}
	if (!row->quoted) {
		row->norm.data[row->norm.len++] = '\n';
		row->norm.data[row->norm.len] = '\0';
		/* most files are normal already: then the record's bytes can be written */
		row->as_typed = rec->raw_len == row->norm.len &&
				bytes_equal(rec->raw, row->norm.data, row->norm.len);
		return;
	}
	for (size_t f = 0; f < s->nfields; f++) {
		const struct schema_value *v = &row->values[f];
		if (f)
			strbuf_addc(&row->out, ',');
		if (v->str)
			strbuf_add_csv(&row->out, v->str, v->len, ',');
	}
	strbuf_addc(&row->out, '\n');
}
