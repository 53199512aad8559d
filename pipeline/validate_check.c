/*
 * validate_check: the checks of one record that need nothing but the record,
 * its schema and the files validated before it: structure, encoding, cell
 * types and constraints, row rules and references to other files. These run
 * on any thread, many records at once; nothing here writes shared state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_check.h"

#include "keyset.h"
#include "textnorm.h"

void row_reset(struct row *row, size_t line, size_t nfields)
{
	row->line = line;
	row->nprobs = 0;
	row->cell_errors = 0;
	row->rejected = 0;
	row->has_pk = 0;
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

void row_problem(struct row *row, int warning, enum vcode code, size_t col, long field,
		 const char *value, size_t value_len, const char *fmt, ...)
{
	xgrow(&row->probs, &row->cap_probs, row->nprobs + 1, sizeof *row->probs);
	struct problem *p = &row->probs[row->nprobs++];
	va_list ap;

	p->code = code;
	p->warning = warning;
	p->col = col;
	p->field = field;
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
		row_problem(row, 0, V_TYPE, col, (long)fi, v, n, "Cột “%s” phải là %s", f->title,
			    type_hint(f));
		return;
	case CELL_ENUM:
		for (size_t i = 0; i < f->nenum; i++)
			strbuf_addf(&b, "%s%s", i ? ", " : "", f->enum_values[i]);
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
			    rec->status == CSVIN_BLANK ? "để trống" : "bị lỗi dấu ngoặc kép");
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
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->labels[k], c->labels[i]) == 0) {
				row_problem(row, 0, V_DUPLICATE_LABEL, i + 1, -1, c->labels[i],
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
			row_problem(row, 0, V_MISSING_LABEL, 0, (long)f, NULL, 0,
				    "Thiếu cột “%s” (%s) trong dòng tiêu đề", s->fields[f].name,
				    s->fields[f].title);
			bad = 1;
		}
	}
	for (size_t i = 0; i < c->ncols; i++)
		if (c->labels[i][0] && schema_field_index(s, c->labels[i]) < 0) {
			row_problem(row, 0, V_EXTRA_LABEL, i + 1, -1, c->labels[i],
				    strlen(c->labels[i]),
				    "Cột “%s” không có trong danh sách cột của tệp %s; hãy xóa cột này hoặc sửa tên cột",
				    c->labels[i], res->file.file_name);
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
	strbuf_reserve(&row->norm, 3 * rec->raw_len + 12 * s->nfields);
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
			bad += (size_t)(v - raw);
			if (raw[bad] == 0)
				row_problem(row, 0, V_ENCODING, (size_t)col + 1, (long)f, raw,
					    rec->fields[col].len,
					    "Ô có ký tự NUL (byte 0x00) ở vị trí %zu; hãy xóa ký tự này",
					    bad + 1);
			else
				row_problem(row, 0, V_ENCODING, (size_t)col + 1, (long)f, raw,
					    rec->fields[col].len,
					    "Ô có byte 0x%02X không phải UTF-8 (vị trí %zu); tệp có thể được lưu bằng mã TCVN3 (ABC) hoặc Windows-1258: hãy lưu lại dưới dạng “CSV UTF-8” hoặc khai báo bảng mã khi chạy (--encoding)",
					    (unsigned char)raw[bad], bad + 1);
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

static void check_structure(const struct checker *c, struct scratch *sc,
			    const struct csvin_record *rec, struct row *row)
{
	switch (rec->status) {
	case CSVIN_BLANK:
		row_problem(row, 0, V_BLANK_ROW, 0, -1, NULL, 0, "Dòng trống; hãy xóa dòng này");
		return;
	case CSVIN_BAD_QUOTE:
		if (rec->error_line != rec->line)
			row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
				    "Dấu ngoặc kép (\") không khớp: bản ghi bắt đầu ở dòng %zu chưa đóng ngoặc đến dòng %zu; chỉ dòng %zu bị loại, các dòng sau được đọc lại",
				    rec->line, rec->error_line, rec->line);
		else
			row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
				    "Dấu ngoặc kép (\") đặt sai chỗ ở cột ký tự thứ %zu; ô có dấu ngoặc kép phải được bao toàn bộ trong ngoặc kép, dấu ngoặc kép bên trong viết thành \"\"",
				    rec->error_col);
		return;
	case CSVIN_TOO_BIG:
		row_problem(row, 0, V_FORMAT, 0, -1, NULL, 0,
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
		row_problem(row, 0, V_BLANK_ROW, 0, -1, NULL, 0,
			    "Dòng không có dữ liệu (mọi ô đều trống); hãy xóa dòng này");
		return;
	}
	for (size_t i = rec->nfields; i < c->ncols; i++) {
		if (c->labels[i][0])
			row_problem(row, 0, V_MISSING_CELL, i + 1, -1, NULL, 0,
				    "Dòng thiếu ô ở cột “%s”: dòng có %zu ô, tiêu đề có %zu cột",
				    c->labels[i], rec->nfields, c->ncols);
		else
			row_problem(row, 0, V_MISSING_CELL, i + 1, -1, NULL, 0,
				    "Dòng thiếu ô ở cột thứ %zu: dòng có %zu ô, tiêu đề có %zu cột",
				    i + 1, rec->nfields, c->ncols);
	}
	for (size_t i = c->ncols; i < rec->nfields; i++)
		row_problem(row, 0, V_EXTRA_CELL, i + 1, -1, rec->fields[i].data,
			    rec->fields[i].len,
			    "Dòng thừa ô thứ %zu: tiêu đề chỉ có %zu cột (có thể do dấu phẩy hoặc chấm phẩy trong một ô chưa được đặt trong ngoặc kép)",
			    i + 1, c->ncols);
	check_cells(c, sc, rec, row);
}

static void check_rules(const struct checker *c, struct row *row)
{
	const struct schema *s = c->schema;

	for (size_t i = 0; i < s->nrules; i++) {
		const struct schema_rule *r = &s->rules[i];
		if (schema_rule_holds(s, r, row->values, c->year))
			continue;
		long col = c->field_col[r->field];
		const struct schema_value *v = &row->values[r->field];
		row_problem(row, r->warning, V_ROW_CONSTRAINT, col >= 0 ? (size_t)col + 1 : 0,
			    (long)r->field, v->str, v->len, "%s", r->message);
	}
}

static void check_foreign_keys(const struct checker *c, struct scratch *sc, struct row *row)
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
			in_index = keyset_find(idx->valid, sc->key.data, sc->key.len, &found);
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
		struct strbuf v = {0}, b = {0};
		schema_key_values(fk->fields, fk->nfields, row->values, &v);
		schema_key_phrase(s, fk->fields, fk->nfields, row->values, &b);
		long col = c->field_col[fk->fields[0]];
		size_t colno = col >= 0 ? (size_t)col + 1 : 0;
		long field = (long)fk->fields[0];
		uint32_t line;
		if (in_index)
			row_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len, "%s",
				    fk->message ? fk->message
						: "Bản ghi được tham chiếu không thuộc loại được phép");
		else if (keyset_find(idx->rejected, sc->key.data, sc->key.len, &line))
			row_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len,
				    "%s có ở dòng %u của tệp %s, nhưng dòng đó đã bị từ chối nên dòng này cũng bị từ chối; hãy sửa dòng đó trước",
				    b.data, line, target->file.file_name);
		else if (fk->missing_message)
			row_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len, "%s",
				    fk->missing_message);
		else
			row_problem(row, 0, V_FOREIGN_KEY, colno, field, v.data, v.len,
				    "Không tìm thấy %s trong tệp %s", b.data, target->file.file_name);
		strbuf_free(&v);
		strbuf_free(&b);
		return; /* one missing reference per row is enough */
	}
}

const char *record_organisation(const struct checker *c, const struct schema_value *values,
				const struct csvin_record *rec, size_t *len)
{
	const struct schema *s = c->schema;

	*len = 0;
	if (!s || s->org_field < 0 || !values || !schema_when_holds(s, &s->org_when, values))
		return NULL;
	const struct schema_value *v = &values[s->org_field];
	if (v->str) {
		*len = v->len;
		return v->str;
	}
	/*
	 * No value: the cell is empty, missing from the record, or not text
	 * (bad UTF-8, a NUL). The last still tells people whose record it is,
	 * as they typed it; report_issue makes it printable.
	 */
	long col = c->field_col ? c->field_col[s->org_field] : -1;
	if (!rec || rec->status != CSVIN_OK || col < 0 || (size_t)col >= rec->nfields)
		return NULL;
	const char *cell = rec->fields[col].data;
	size_t n = rec->fields[col].len;
	trim(&cell, &n);
	if (schema_is_missing(s, cell, n))
		return NULL;
	*len = n;
	return cell;
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
	if (!row->rejected) {
		check_rules(c, row);
		check_foreign_keys(c, sc, row);
	}
	if (!row->cell_errors && rec->status == CSVIN_OK && s->npk &&
	    schema_key(&row->pk, row->values, s->primary_key, s->npk)) {
		row->has_pk = 1;
		row->pk_hash = keyset_hash(row->pk.data, row->pk.len);
	}
	if (row->rejected)
		return;
	/* norm is the valid/ line as it is, unless a value must be quoted */
	int plain = rec->plain && c->comma;
	row->quoted = 0;
	for (size_t f = 0; f < s->nfields && !plain; f++) {
		const struct schema_value *v = &row->values[f];
		if (v->str && !s->fields[f].never_quoted && csv_needs_quotes(v->str, v->len))
			row->quoted = 1;
	}
	if (!row->quoted) {
		row->norm.data[row->norm.len++] = '\n';
		row->norm.data[row->norm.len] = '\0';
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
