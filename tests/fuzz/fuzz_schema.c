/*
 * libFuzzer harness for schema: any bytes as a Table Schema file are
 * refused with a reason or loaded, and a loaded schema is used as validate
 * uses it: a few cells (and its own enum values, labels and pattern) are
 * checked against every field, so the compiled patterns and the enum
 * folding run, then the rows made of those cells go through its rules,
 * conditions, keys and messages (make fuzz-schema).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_file.h"
#include "schema.h"

static const char *const cells[] = {
	"", "0", "-12", "3.481,5", "1,234.5", "2022", "2022-05-31", "31/12/2022", "9/5/2023",
	"2023-02-29", "TC0001", "NS0012", "Nữ", "NU ", "dang_vien", "Đảng ủy Khối", "hieu_qua",
	"không", "1e9", "99999999999999999999",
};
enum { NCELLS = sizeof cells / sizeof *cells };

/* A row's values for schema_expand: the normal forms kept per field. */
static void value_of(void *ctx, size_t field, struct strbuf *out)
{
	const struct schema_value *v = (const struct schema_value *)ctx + field;
	if (v->str)
		strbuf_add(out, v->str, v->len);
}

/* Checks v against f, with its label and enum look-ups; the checks must agree. */
static void check(const struct schema *s, const struct schema_field *f, const char *v,
		  struct strbuf *out)
{
	size_t n = strlen(v);
	double num;
	strbuf_reset(out);
	enum schema_problem p = schema_check_cell(s, f, v, n, out, &num);
	if (p == CELL_OK && f->nenum && out->len && schema_enum_find(f, out->data, out->len) < 0)
		__builtin_trap(); /* an enum cell that passed is normalised to a value */
	schema_enum_find(f, v, n);
	schema_field_for_label(s, v, n);
	schema_is_missing(s, v, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size, ".json");
	struct strbuf err = {0}, out = {0}, msg = {0}, key = {0};
	struct schema *s = schema_load(path, &err);

	if (!s) {
		if (!err.len)
			__builtin_trap(); /* a refusal always says why */
		strbuf_free(&err);
		return 0;
	}
	/* every field against the fixed cells and its own words */
	for (size_t i = 0; i < s->nfields; i++) {
		const struct schema_field *f = &s->fields[i];
		if (schema_field_for_label(s, f->name, strlen(f->name)) < 0)
			__builtin_trap(); /* a field's own name names it */
		for (size_t c = 0; c < NCELLS; c++)
			check(s, f, cells[c], &out);
		for (size_t k = 0; k < f->nenum; k++) {
			check(s, f, f->enum_values[k], &out);
			if (f->enum_labels[k])
				check(s, f, f->enum_labels[k], &out);
		}
		if (f->pattern)
			check(s, f, f->pattern, &out);
	}
	/* rows of those cells, normal forms kept per field, through rules, conditions and keys */
	struct strbuf *norm = xcalloc(s->nfields, sizeof *norm);
	struct schema_value *row = xcalloc(s->nfields, sizeof *row);
	for (size_t r = 0; r < NCELLS; r++) {
		for (size_t i = 0; i < s->nfields; i++) {
			const char *v = cells[(r + i) % NCELLS];
			strbuf_reset(&norm[i]);
			strbuf_add(&norm[i], "", 0);
			row[i] = (struct schema_value){NULL, 0, 0};
			if (schema_check_cell(s, &s->fields[i], v, strlen(v), &norm[i], &row[i].num) == CELL_OK &&
			    *v)
				row[i].str = norm[i].data, row[i].len = norm[i].len;
		}
		for (size_t k = 0; k < s->nrules; k++) {
			schema_when_holds(s, &s->rules[k].when, row);
			schema_rule_holds(s, &s->rules[k], row, 2022);
			strbuf_reset(&msg);
			schema_expand(s, s->rules[k].message, value_of, row, &msg);
		}
		for (size_t k = 0; k < s->nfks; k++) {
			const struct schema_fk *fk = &s->fks[k];
			schema_when_holds(s, &fk->when, row);
			strbuf_reset(&key);
			schema_key(&key, row, fk->fields, fk->nfields);
			strbuf_reset(&msg);
			if (fk->message)
				schema_expand(s, fk->message, value_of, row, &msg);
		}
		for (size_t k = 0; k < s->norgs; k++)
			schema_when_holds(s, &s->orgs[k].when, row);
		strbuf_reset(&key);
		schema_key(&key, row, s->primary_key, s->npk);
	}
	for (size_t i = 0; i < s->nfields; i++)
		strbuf_free(&norm[i]);
	free(norm);
	free(row);
	schema_free(s);
	strbuf_free(&err);
	strbuf_free(&out);
	strbuf_free(&msg);
	strbuf_free(&key);
	return 0;
}
