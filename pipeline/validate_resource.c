/*
 * validate_resource: checks the records of one CSV file against its schema
 * and the resources validated before it, and sorts every record into
 * valid/<name>.csv (normalised) or rejected/<name>.csv (byte-exact).
 *
 * Files are streamed, except those that refer to themselves (a hierarchy,
 * a foreign key to their own rows): their rows are held until the whole file
 * is read, so that references inside it can be checked (validate_tree.c).
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "textnorm.h"
#include "validate.h"

struct problem {
	enum vcode code;
	int warning;
	size_t col;          /* 1-based column in the file; 0: the whole record */
	long field;          /* schema field, or -1 */
	size_t msg_off;      /* in the row's text */
	size_t val_off, val_len;
	int has_value;
};

/* A record and what was found in it. */
struct row {
	size_t line;
	char *raw;
	size_t raw_len;
	struct schema_value *values; /* per schema field; str NULL = missing */
	struct problem *probs;
	size_t nprobs, cap_probs;
	struct strbuf text;   /* messages and shown values */
	int cell_errors;
	int rejected;
};

struct checker {
	struct resource *res;
	const struct vconfig *cfg;
	struct report *rep;
	struct schema *schema;
	size_t ncols;
	char **labels;      /* the header's labels, NFC */
	long *field_col;    /* schema field -> file column, or -1 */
	int buffered;
	/* per-row scratch (streaming) */
	struct row row;
	struct strbuf norm;   /* the row's normal values, each NUL-terminated */
	size_t *val_off;      /* where each present value starts in norm */
	struct strbuf key;
	struct strbuf cell;
	struct strbuf out;    /* valid rows waiting to be written */
	/* keys of valid rows */
	struct keyset *pk;
	struct keyset **unique;
	/* held rows (buffered) */
	struct row *held;
	size_t nheld, cap_held;
	/* outputs */
	struct outfile *valid_out, *rejected_out;
	const char *header_raw;
};

/* ---- problems ---- */

static void add_problem(struct row *row, int warning, enum vcode code, size_t col,
			long field, const char *value, size_t value_len, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static void add_problem(struct row *row, int warning, enum vcode code, size_t col,
			long field, const char *value, size_t value_len, const char *fmt, ...)
{
	xgrow(&row->probs, &row->cap_probs, row->nprobs + 1, sizeof *row->probs);
	struct problem *p = &row->probs[row->nprobs++];
	p->code = code;
	p->warning = warning;
	p->col = col;
	p->field = field;
	p->msg_off = row->text.len;
	va_list ap;
	va_start(ap, fmt);
	char *msg;
	if (vasprintf(&msg, fmt, ap) < 0)
		util_die(EXIT_SYSTEM, "hết bộ nhớ (out of memory)");
	va_end(ap);
	strbuf_add(&row->text, msg, strlen(msg) + 1);
	free(msg);
	p->has_value = value != NULL;
	p->val_off = row->text.len;
	p->val_len = value_len;
	if (value)
		strbuf_add(&row->text, value, value_len);
	strbuf_addc(&row->text, '\0');
	if (!warning)
		row->rejected = 1;
}

static const char *field_label(const struct checker *c, long field, size_t col)
{
	if (field >= 0)
		return c->schema->fields[field].name;
	if (col >= 1 && col <= c->ncols)
		return c->labels[col - 1];
	return NULL;
}

/* Sends a row's problems to the report, record-level ones first, then by column. */
static void emit_problems(struct checker *c, struct row *row)
{
	for (size_t i = 1; i < row->nprobs; i++) {
		struct problem p = row->probs[i];
		size_t k = i;
		while (k > 0 && row->probs[k - 1].col > p.col) {
			row->probs[k] = row->probs[k - 1];
			k--;
		}
		row->probs[k] = p;
	}
	for (size_t i = 0; i < row->nprobs; i++) {
		const struct problem *p = &row->probs[i];
		report_issue(c->rep, c->res, p->warning, p->code, row->line, p->col,
			     field_label(c, p->field, p->col), row->text.data + p->msg_off,
			     p->has_value ? row->text.data + p->val_off : NULL, p->val_len);
	}
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

static void cell_problem(struct checker *c, struct row *row, size_t fi, size_t col,
			 enum schema_problem prob, const char *v, size_t n)
{
	const struct schema_field *f = &c->schema->fields[fi];
	struct strbuf b = {0};

	switch (prob) {
	case CELL_OK:
		return;
	case CELL_REQUIRED:
		add_problem(row, 0, V_CONSTRAINT, col, (long)fi, NULL, 0,
			    "Cột “%s” không được để trống", f->title);
		return;
	case CELL_TYPE:
		add_problem(row, 0, V_TYPE, col, (long)fi, v, n,
			    "Cột “%s” phải là %s", f->title, type_hint(f));
		return;
	case CELL_ENUM:
		for (size_t i = 0; i < f->nenum; i++)
			strbuf_addf(&b, "%s%s", i ? ", " : "", f->enum_values[i]);
		add_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” chỉ nhận một trong các giá trị: %s", f->title, b.data);
		break;
	case CELL_PATTERN:
		add_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” sai mẫu: chỉ được dùng chữ in hoa không dấu, chữ số và các ký tự cho phép (mẫu %s)",
			    f->title, f->pattern);
		return;
	case CELL_MINIMUM:
	case CELL_MAXIMUM:
		describe_bound(f, prob == CELL_MINIMUM ? f->min : f->max, &b);
		add_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    prob == CELL_MINIMUM ? "Cột “%s” không được nhỏ hơn %s"
						 : "Cột “%s” không được lớn hơn %s",
			    f->title, b.data);
		break;
	case CELL_MIN_LENGTH:
		add_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” phải có ít nhất %ld ký tự", f->title, f->min_length);
		return;
	case CELL_MAX_LENGTH:
		add_problem(row, 0, V_CONSTRAINT, col, (long)fi, v, n,
			    "Cột “%s” không được dài quá %ld ký tự", f->title, f->max_length);
		return;
	}
	strbuf_free(&b);
}

/* ---- the header ---- */

/* Trims spaces, tabs and no-break spaces at both ends. */
static void trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	for (;;) {
		if (len && (p[0] == ' ' || p[0] == '\t')) {
			p++;
			len--;
		} else if (len >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
			p += 2;
			len -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		else if (len >= 2 && (unsigned char)p[len - 2] == 0xC2 &&
			 (unsigned char)p[len - 1] == 0xA0)
			len -= 2;
		else
			break;
	}
	*s = p;
	*n = len;
}

static void read_header(struct checker *c, const struct csvin_record *rec)
{
	struct resource *res = c->res;
	struct row *row = &c->row;
	int bad = 0;

	row->line = rec->line;
	if (rec->status != CSVIN_OK) {
		add_problem(row, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Dòng đầu tiên phải là dòng tiêu đề (tên các cột), nhưng dòng này %s",
			    rec->status == CSVIN_BLANK ? "để trống" : "bị lỗi dấu ngoặc kép");
		emit_problems(c, row);
		res->header_ok = 0;
		if (!c->schema)
			res->schema = c->schema = schema_from_header(NULL, 0);
		return;
	}
	c->ncols = rec->nfields;
	c->labels = xcalloc(c->ncols, sizeof *c->labels);
	for (size_t i = 0; i < c->ncols; i++) {
		const char *v = rec->fields[i].data;
		size_t n = rec->fields[i].len;
		struct strbuf b = {0};
		if (textnorm_utf8_check(v, n) != n) {
			add_problem(row, 0, V_ENCODING, i + 1, -1, v, n,
				    "Tiêu đề cột có byte không phải UTF-8; hãy lưu tệp dưới dạng “CSV UTF-8”");
			strbuf_add(&b, "", 0);
			bad = 1;
		} else {
			trim(&v, &n);
			textnorm_nfc(v, n, &b);
		}
		c->labels[i] = b.data ? b.data : xstrdup("");
		if (c->labels[i][0] == '\0') {
			add_problem(row, 0, V_BLANK_LABEL, i + 1, -1, NULL, 0,
				    "Tiêu đề cột thứ %zu để trống", i + 1);
			bad = 1;
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->labels[k], c->labels[i]) == 0) {
				add_problem(row, 0, V_DUPLICATE_LABEL, i + 1, -1, c->labels[i],
					    strlen(c->labels[i]),
					    "Tiêu đề cột bị lặp: trùng với cột thứ %zu", k + 1);
				bad = 1;
				break;
			}
	}
	if (!c->schema) {
		res->schema = c->schema = schema_from_header(c->labels, c->ncols);
		c->field_col = xcalloc(c->ncols, sizeof *c->field_col);
		for (size_t i = 0; i < c->ncols; i++)
			c->field_col[i] = (long)i;
		emit_problems(c, row);
		res->header_ok = 1;
		return;
	}
	struct schema *s = c->schema;
	c->field_col = xcalloc(s->nfields, sizeof *c->field_col);
	for (size_t f = 0; f < s->nfields; f++) {
		c->field_col[f] = -1;
		for (size_t i = 0; i < c->ncols; i++)
			if (strcmp(c->labels[i], s->fields[f].name) == 0) {
				c->field_col[f] = (long)i;
				break;
			}
		if (c->field_col[f] < 0) {
			add_problem(row, 0, V_MISSING_LABEL, 0, (long)f, NULL, 0,
				    "Thiếu cột “%s” (%s) trong dòng tiêu đề", s->fields[f].name,
				    s->fields[f].title);
			bad = 1;
		}
	}
	for (size_t i = 0; i < c->ncols; i++)
		if (c->labels[i][0] && schema_field_index(s, c->labels[i]) < 0) {
			add_problem(row, 0, V_EXTRA_LABEL, i + 1, -1, c->labels[i],
				    strlen(c->labels[i]),
				    "Cột “%s” không có trong danh sách cột của tệp %s; hãy xóa cột này hoặc sửa tên cột",
				    c->labels[i], res->file_name);
			bad = 1;
		}
	emit_problems(c, row);
	res->header_ok = !bad;
}

/* ---- one record ---- */

static void reset_row(struct row *row, size_t line)
{
	row->line = line;
	row->nprobs = 0;
	row->cell_errors = 0;
	row->rejected = 0;
	strbuf_reset(&row->text);
}

/* Builds the key of fields[0..n) of the row into c->key; returns 0 when one is missing. */
static int build_key(struct checker *c, const struct schema_value *values, const size_t *fields,
		     size_t n)
{
	strbuf_reset(&c->key);
	for (size_t i = 0; i < n; i++) {
		const struct schema_value *v = &values[fields[i]];
		if (!v->str)
			return 0;
		if (i)
			strbuf_addc(&c->key, '\0');
		strbuf_add(&c->key, v->str, v->len);
	}
	return 1;
}

/* Appends the key's values ("TC01", or "2022, NS01" for a composite key) to b. */
static void key_values(const size_t *fields, size_t n, const struct schema_value *values,
		       struct strbuf *b)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(b, "%s%s", i ? ", " : "", values[fields[i]].str);
}

/* Appends the key's columns with their values (Mã người “NS01”) to b. */
static void key_phrase(const struct schema *s, const size_t *fields, size_t n,
		       const struct schema_value *values, struct strbuf *b)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(b, "%s%s “%s”", i ? ", " : "", s->fields[fields[i]].title,
			    values[fields[i]].str);
}

static void check_cells(struct checker *c, const struct csvin_record *rec)
{
	struct schema *s = c->schema;
	struct row *row = &c->row;
	double nums[256];
	double *num = s->nfields <= 256 ? nums : xcalloc(s->nfields, sizeof *num);

	strbuf_reset(&c->norm);
	for (size_t f = 0; f < s->nfields; f++) {
		c->val_off[f] = (size_t)-1;
		long col = c->field_col[f];
		if (col < 0 || (size_t)col >= rec->nfields)
			continue;
		const char *v = rec->fields[col].data;
		size_t n = rec->fields[col].len, bad;
		trim(&v, &n);
		int state = textnorm_check(v, n, &bad);
		if (state < 0) {
			bad += (size_t)(v - rec->fields[col].data);
			const char *raw = rec->fields[col].data;
			if (raw[bad] == 0)
				add_problem(row, 0, V_ENCODING, (size_t)col + 1, (long)f, raw,
					    rec->fields[col].len,
					    "Ô có ký tự NUL (byte 0x00) ở vị trí %zu; hãy xóa ký tự này",
					    bad + 1);
			else
				add_problem(row, 0, V_ENCODING, (size_t)col + 1, (long)f, raw,
					    rec->fields[col].len,
					    "Ô có byte 0x%02X không phải UTF-8 (vị trí %zu); tệp có thể được lưu bằng mã TCVN3 (ABC) hoặc Windows-1258: hãy lưu lại dưới dạng “CSV UTF-8” hoặc khai báo bảng mã khi chạy (--encoding)",
					    (unsigned char)raw[bad], bad + 1);
			row->cell_errors++;
			continue;
		}
		if (state > 0) {
			strbuf_reset(&c->cell);
			textnorm_nfc(v, n, &c->cell);
			v = c->cell.data;
			n = c->cell.len;
		}
		size_t start = c->norm.len;
		enum schema_problem p = schema_check_cell(s, &s->fields[f], v, n, &c->norm, &num[f]);
		if (p == CELL_OK && c->norm.len == start && s->npk) {
			/* a primary key's fields are required */
			for (size_t k = 0; k < s->npk; k++)
				if (s->primary_key[k] == f)
					p = CELL_REQUIRED;
		}
		if (p != CELL_OK) {
			cell_problem(c, row, f, (size_t)col + 1, p, v, n);
			row->cell_errors++;
			c->norm.len = start;
			if (p == CELL_REQUIRED)
				continue;
			/* keep the text itself, for references to rejected rows */
			strbuf_add(&c->norm, v, n);
		} else if (c->norm.len == start) {
			continue; /* missing */
		}
		strbuf_addc(&c->norm, '\0');
		c->val_off[f] = start;
	}
	/* norm does not move any more: point at it */
	for (size_t f = 0; f < s->nfields; f++) {
		struct schema_value *val = &row->values[f];
		if (c->val_off[f] == (size_t)-1) {
			val->str = NULL;
			val->len = 0;
			continue;
		}
		val->str = c->norm.data + c->val_off[f];
		val->len = strlen(val->str);
		val->num = num[f];
	}
	if (num != nums)
		free(num);
}

static void check_structure(struct checker *c, const struct csvin_record *rec)
{
	struct row *row = &c->row;

	switch (rec->status) {
	case CSVIN_BLANK:
		add_problem(row, 0, V_BLANK_ROW, 0, -1, NULL, 0,
			    "Dòng trống; hãy xóa dòng này");
		return;
	case CSVIN_BAD_QUOTE:
		if (rec->error_line != rec->line)
			add_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
				    "Dấu ngoặc kép (\") không khớp: bản ghi bắt đầu ở dòng %zu chưa đóng ngoặc đến dòng %zu; chỉ dòng %zu bị loại, các dòng sau được đọc lại",
				    rec->line, rec->error_line, rec->line);
		else
			add_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
				    "Dấu ngoặc kép (\") đặt sai chỗ ở cột ký tự thứ %zu; ô có dấu ngoặc kép phải được bao toàn bộ trong ngoặc kép, dấu ngoặc kép bên trong viết thành \"\"",
				    rec->error_col);
		return;
	case CSVIN_TOO_BIG:
		add_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
			    "Một ô dài quá giới hạn %zu byte; dòng này bị loại",
			    c->res->csv.max_field ? c->res->csv.max_field : CSVIN_DEFAULT_MAX_FIELD);
		return;
	case CSVIN_OK:
		break;
	}
	int all_empty = 1;
	for (size_t i = 0; i < rec->nfields && all_empty; i++) {
		const char *v = rec->fields[i].data;
		size_t n = rec->fields[i].len;
		trim(&v, &n);
		all_empty = n == 0;
	}
	if (all_empty) {
		add_problem(row, 0, V_BLANK_ROW, 0, -1, NULL, 0,
			    "Dòng không có dữ liệu (mọi ô đều trống); hãy xóa dòng này");
		return;
	}
	for (size_t i = rec->nfields; i < c->ncols; i++)
		add_problem(row, 0, V_MISSING_CELL, i + 1, -1, NULL, 0,
			    "Dòng thiếu ô ở cột “%s”: dòng có %zu ô, tiêu đề có %zu cột",
			    c->labels[i], rec->nfields, c->ncols);
	for (size_t i = c->ncols; i < rec->nfields; i++)
		add_problem(row, 0, V_EXTRA_CELL, i + 1, -1, rec->fields[i].data,
			    rec->fields[i].len,
			    "Dòng thừa ô thứ %zu: tiêu đề chỉ có %zu cột (có thể do dấu phẩy hoặc chấm phẩy trong một ô chưa được đặt trong ngoặc kép)",
			    i + 1, c->ncols);
	check_cells(c, rec);
}

static void check_rules(struct checker *c)
{
	struct schema *s = c->schema;
	struct row *row = &c->row;

	for (size_t i = 0; i < s->nrules; i++) {
		const struct schema_rule *r = &s->rules[i];
		if (schema_rule_holds(s, r, row->values, c->cfg->year))
			continue;
		long col = c->field_col[r->field];
		const struct schema_value *v = &row->values[r->field];
		add_problem(row, r->warning, V_ROW_CONSTRAINT, col >= 0 ? (size_t)col + 1 : 0,
			    (long)r->field, v->str, v->len, "%s", r->message);
	}
}

/*
 * The last check of a row that passed every other: its unique fields and
 * primary key must not be taken yet, and become taken.
 */
static void check_keys(struct checker *c)
{
	struct schema *s = c->schema;
	struct row *row = &c->row;
	uint32_t line;

	for (size_t f = 0; f < s->nfields; f++) {
		const struct schema_value *v = &row->values[f];
		if (c->unique[f] && v->str && keyset_find(c->unique[f], v->str, v->len, &line))
			add_problem(row, 0, V_UNIQUE, (size_t)c->field_col[f] + 1, (long)f,
				    v->str, v->len,
				    "Cột “%s” không được trùng: giá trị này đã có ở dòng %u",
				    s->fields[f].title, line);
	}
	/* a row rejected already is only looked up, so that its duplicate is named too */
	int rejected = row->rejected;
	if (s->npk && build_key(c, row->values, s->primary_key, s->npk) &&
	    (rejected ? keyset_find(c->pk, c->key.data, c->key.len, &line)
		      : !keyset_add(c->pk, c->key.data, c->key.len, (uint32_t)row->line, &line))) {
		struct strbuf v = {0}, b = {0};
		key_values(s->primary_key, s->npk, row->values, &v);
		key_phrase(s, s->primary_key, s->npk, row->values, &b);
		long col = c->field_col[s->primary_key[0]];
		add_problem(row, 0, V_PRIMARY_KEY, col >= 0 ? (size_t)col + 1 : 0,
			    (long)s->primary_key[0], v.data, v.len,
			    "Trùng với dòng %u: đã có bản ghi với %s; mỗi bản ghi phải có khóa riêng",
			    line, b.data);
		strbuf_free(&v);
		strbuf_free(&b);
		return;
	}
	for (size_t f = 0; f < s->nfields && !rejected; f++) {
		const struct schema_value *v = &row->values[f];
		if (c->unique[f] && v->str)
			keyset_add(c->unique[f], v->str, v->len, (uint32_t)row->line, NULL);
	}
}

static void check_foreign_keys(struct checker *c)
{
	struct schema *s = c->schema;
	struct row *row = &c->row;

	for (size_t i = 0; i < s->nfks; i++) {
		const struct schema_fk *fk = &s->fks[i];
		struct refindex *idx = c->res->fk_index[i];
		if (!idx || !schema_when_holds(s, &fk->when, row->values) ||
		    !build_key(c, row->values, fk->fields, fk->nfields))
			continue;
		if (keyset_find(idx->valid, c->key.data, c->key.len, NULL))
			continue;
		const struct resource *target = c->res->fk_target[i];
		struct strbuf v = {0}, b = {0};
		key_values(fk->fields, fk->nfields, row->values, &v);
		key_phrase(s, fk->fields, fk->nfields, row->values, &b);
		long col = c->field_col[fk->fields[0]];
		size_t colno = col >= 0 ? (size_t)col + 1 : 0;
		long field = (long)fk->fields[0];
		uint32_t line;
		if (c->res->fk_any[i] != idx &&
		    keyset_find(c->res->fk_any[i]->valid, c->key.data, c->key.len, NULL))
			add_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len, "%s",
				    fk->message ? fk->message
						: "Bản ghi được tham chiếu không thuộc loại được phép");
		else if (keyset_find(idx->rejected, c->key.data, c->key.len, &line))
			add_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len,
				    "%s có ở dòng %u của tệp %s, nhưng dòng đó đã bị từ chối nên dòng này cũng bị từ chối; hãy sửa dòng đó trước",
				    b.data, line, target->file_name);
		else if (fk->message && fk->nfields > 1)
			add_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len, "%s",
				    fk->message);
		else
			add_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len,
				    "Không tìm thấy %s trong tệp %s", b.data, target->file_name);
		strbuf_free(&v);
		strbuf_free(&b);
		return; /* one missing reference per row is enough */
	}
}

/* ---- finishing a row ---- */

static int filter_passes(const struct refindex *idx, const struct schema_value *values)
{
	if (idx->filter_field < 0)
		return 1;
	const struct schema_value *v = &values[idx->filter_field];
	if (!v->str)
		return 0;
	for (size_t i = 0; i < idx->nfilter; i++)
		if (strcmp(idx->filter_values[i], v->str) == 0)
			return 1;
	return 0;
}

/* Appends one CSV field to b, quoted only when it holds a separator, quote or line end. */
static void add_csv_field(struct strbuf *b, const char *v, size_t n)
{
	size_t i = 0;

	while (i < n && v[i] != ',' && v[i] != '"' && v[i] != '\n' && v[i] != '\r')
		i++;
	if (i == n) {
		strbuf_add(b, v, n);
		return;
	}
	strbuf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (v[i] == '"')
			strbuf_addc(b, '"');
		strbuf_addc(b, v[i]);
	}
	strbuf_addc(b, '"');
}

static void flush_valid(struct checker *c)
{
	fwrite(c->out.data, 1, c->out.len, c->valid_out->fp);
	strbuf_reset(&c->out);
}

static void write_valid(struct checker *c, const struct schema_value *values)
{
	for (size_t f = 0; f < c->schema->nfields; f++) {
		if (f)
			strbuf_addc(&c->out, ',');
		if (values[f].str)
			add_csv_field(&c->out, values[f].str, values[f].len);
	}
	strbuf_addc(&c->out, '\n');
	if (c->out.len >= (1 << 16))
		flush_valid(c);
}

static void finish_row(struct checker *c, struct row *row)
{
	struct resource *res = c->res;
	uint32_t line = (uint32_t)row->line;

	res->stats.records++;
	if (!row->rejected) {
		res->stats.valid++;
		write_valid(c, row->values);
	} else {
		res->stats.rejected++;
		fwrite(row->raw, 1, row->raw_len, c->rejected_out->fp);
	}
	for (size_t i = 0; i < res->nindexes; i++) {
		struct refindex *idx = res->indexes[i];
		if (!build_key(c, row->values, idx->fields, idx->nfields))
			continue;
		if (row->rejected)
			keyset_add(idx->rejected, c->key.data, c->key.len, line, NULL);
		else if (filter_passes(idx, row->values))
			keyset_add(idx->valid, c->key.data, c->key.len, line, NULL);
	}
	emit_problems(c, row);
}

/* ---- held rows ---- */

static void hold_row(struct checker *c, const struct csvin_record *rec)
{
	xgrow(&c->held, &c->cap_held, c->nheld + 1, sizeof *c->held);
	struct row *h = &c->held[c->nheld++];
	const struct row *row = &c->row;
	size_t nf = c->schema->nfields;

	memset(h, 0, sizeof *h);
	h->line = row->line;
	h->raw = xstrndup(rec->raw, rec->raw_len);
	h->raw_len = rec->raw_len;
	h->rejected = row->rejected;
	h->cell_errors = row->cell_errors;
	h->values = xcalloc(nf ? nf : 1, sizeof *h->values);
	for (size_t f = 0; f < nf; f++) {
		h->values[f] = row->values[f];
		if (row->values[f].str)
			h->values[f].str = xstrndup(row->values[f].str, row->values[f].len);
	}
	strbuf_add(&h->text, row->text.data ? row->text.data : "", row->text.len);
	h->nprobs = h->cap_probs = row->nprobs;
	h->probs = xcalloc(row->nprobs ? row->nprobs : 1, sizeof *h->probs);
	memcpy(h->probs, row->probs, row->nprobs * sizeof *h->probs);
}

static void tree_problem(void *ctx, size_t i, enum vcode code, size_t field,
			 const char *message)
{
	struct checker *c = ctx;
	struct row *h = &c->held[i];
	long col = c->field_col[field];
	const struct schema_value *v = &h->values[field];

	add_problem(h, 0, code, col >= 0 ? (size_t)col + 1 : 0, (long)field, v->str, v->len,
		    "%s", message);
}

static void finish_held(struct checker *c)
{
	struct tree_row *rows = xcalloc(c->nheld ? c->nheld : 1, sizeof *rows);

	for (size_t i = 0; i < c->nheld; i++) {
		rows[i].values = c->held[i].values;
		rows[i].line = c->held[i].line;
		rows[i].rejected = c->held[i].rejected || c->held[i].values == NULL;
	}
	validate_tree(c->res, rows, c->nheld, tree_problem, c);
	for (size_t i = 0; i < c->nheld; i++) {
		struct row *h = &c->held[i];
		finish_row(c, h);
		for (size_t f = 0; f < c->schema->nfields; f++)
			free((char *)h->values[f].str);
		free(h->values);
		free(h->raw);
		free(h->probs);
		strbuf_free(&h->text);
	}
	free(rows);
	free(c->held);
	c->held = NULL;
	c->nheld = 0;
}

/* ---- the file ---- */

static void check_record(struct checker *c, const struct csvin_record *rec)
{
	struct row *row = &c->row;

	reset_row(row, rec->line);
	for (size_t f = 0; f < c->schema->nfields; f++)
		row->values[f].str = NULL;
	check_structure(c, rec);
	if (!row->rejected) {
		check_rules(c);
		check_foreign_keys(c);
	}
	if (!row->cell_errors && rec->status == CSVIN_OK)
		check_keys(c);
	if (c->buffered) {
		hold_row(c, rec);
		return;
	}
	row->raw = (char *)rec->raw;
	row->raw_len = rec->raw_len;
	finish_row(c, row);
}

static int refers_to_itself(const struct schema *s)
{
	if (s->hierarchy)
		return 1;
	for (size_t i = 0; i < s->nfks; i++)
		if (s->fks[i].resource[0] == '\0')
			return 1;
	return 0;
}

static void show_progress(const struct checker *c, const struct csvin *in, size_t records)
{
	size_t size = csvin_file_size(in);
	unsigned pct = size ? (unsigned)(100.0 * (double)csvin_bytes_read(in) / (double)size) : 100;
	fprintf(stderr, "\r%s: %s: %3u%% (%zu bản ghi)", util_progname, c->res->file_name, pct,
		records);
}

static void setup(struct checker *c)
{
	struct schema *s = c->schema;
	size_t nf = s->nfields;

	c->row.values = xcalloc(nf, sizeof *c->row.values);
	c->val_off = xcalloc(nf, sizeof *c->val_off);
	c->pk = keyset_new();
	c->unique = xcalloc(nf, sizeof *c->unique);
	for (size_t f = 0; f < nf; f++)
		if (s->fields[f].unique)
			c->unique[f] = keyset_new();
	c->buffered = refers_to_itself(s);
}

static void write_valid_header(struct checker *c)
{
	for (size_t f = 0; f < c->schema->nfields; f++) {
		if (f)
			putc(',', c->valid_out->fp);
		fputs(c->schema->fields[f].name, c->valid_out->fp);
	}
	putc('\n', c->valid_out->fp);
}

/* Rejects every record of a file whose header is wrong, with one summary error. */
static void reject_all(struct checker *c, struct csvin *in, struct csvin_record *rec)
{
	size_t first = 0, n = 0;

	while (csvin_next(in, rec)) {
		if (!n)
			first = rec->line;
		n++;
		fwrite(rec->raw, 1, rec->raw_len, c->rejected_out->fp);
	}
	c->res->stats.records += n;
	c->res->stats.rejected += n;
	if (n) {
		reset_row(&c->row, first);
		add_problem(&c->row, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Cả %zu bản ghi của tệp bị từ chối vì dòng tiêu đề có lỗi; hãy sửa dòng tiêu đề rồi nộp lại",
			    n);
		emit_problems(c, &c->row);
	}
}

void validate_resource(struct resource *res, const struct vconfig *cfg, struct report *rep)
{
	struct checker c = {.res = res, .cfg = cfg, .rep = rep, .schema = res->schema};
	struct csvin_options opt = res->csv;

	opt.threads = cfg->threads;
	struct csvin *in = csvin_open(res->path, &opt);
	if (!in)
		util_die_errno(EXIT_SYSTEM, "không mở được tệp %s", res->path);

	char *valid_path = xasprintf("%s/valid/%s.csv", cfg->outdir, res->name);
	char *rejected_path = xasprintf("%s/rejected/%s.csv", cfg->outdir, res->name);
	c.valid_out = outfile_open(valid_path);
	c.rejected_out = outfile_open(rejected_path);

	struct csvin_record rec;
	if (!csvin_next(in, &rec)) {
		reset_row(&c.row, 0);
		add_problem(&c.row, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Tệp rỗng: không có dòng tiêu đề và không có dữ liệu");
		emit_problems(&c, &c.row);
		res->header_ok = 0;
		if (!res->schema)
			res->schema = c.schema = schema_from_header(NULL, 0);
	} else {
		read_header(&c, &rec);
		res->delimiter = csvin_delimiter(in);
		res->encoding = csvin_encoding(in);
		res->bom = csvin_had_bom(in);
		fwrite(rec.raw, 1, rec.raw_len, c.rejected_out->fp);
		c.header_raw = rec.raw;
	}
	setup(&c);
	write_valid_header(&c);
	if (c.ncols == 0 || !res->header_ok) {
		reject_all(&c, in, &rec);
	} else {
		size_t n = 0;
		while (csvin_next(in, &rec)) {
			check_record(&c, &rec);
			if (cfg->progress && (++n & 0x3FFFF) == 0)
				show_progress(&c, in, n);
		}
		if (cfg->progress && n >= 0x40000)
			fprintf(stderr, "\r\033[K");
		if (c.buffered)
			finish_held(&c);
	}
	if (csvin_read_error(in)) {
		errno = csvin_read_error(in);
		outfile_abort(c.valid_out);
		outfile_abort(c.rejected_out);
		util_die_errno(EXIT_SYSTEM, "lỗi khi đọc tệp %s", res->path);
	}
	flush_valid(&c);
	outfile_commit(c.valid_out);
	outfile_commit(c.rejected_out);
	csvin_close(in);

	keyset_free(c.pk);
	for (size_t f = 0; f < c.schema->nfields; f++)
		keyset_free(c.unique[f]);
	free(c.unique);
	for (size_t i = 0; i < c.ncols; i++)
		free(c.labels[i]);
	free(c.labels);
	free(c.field_col);
	free(c.row.values);
	free(c.row.probs);
	strbuf_free(&c.row.text);
	free(c.val_off);
	strbuf_free(&c.out);
	strbuf_free(&c.norm);
	strbuf_free(&c.key);
	strbuf_free(&c.cell);
	free(valid_path);
	free(rejected_path);
}
