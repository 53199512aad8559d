/*
 * validate_file: validates one CSV file. Its batches go through the
 * pipeline (validate_pipeline.c): parsed, checked record by record
 * (validate_check.c), then sequenced here in file order, where the keys are
 * taken, every record is sorted into valid/<name>.csv (normalised) or
 * rejected/<name>.csv (byte-exact), the indexes later files refer to are
 * filled, and the problems are reported.
 *
 * Files that refer to themselves (a hierarchy, a foreign key to their own
 * rows) are held in memory until the end, so that references inside them can
 * be checked (validate_tree.c) before anything is written.
 *
 * A blank line is not a record: it is a warning, counted in blank_lines, and
 * goes to neither file. Each problem is reported with the record's label,
 * its organisation (looked up in another resource's valid/ file where the
 * schema says so) and the values as they were typed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "validate_file.h"

#include "outfile.h"
#include "validate_check.h"
#include "validate_pipeline.h"
#include "validate_tree.h"

enum { SLOTS = 8, BATCH_RECORDS = 1024, PREFETCH = 24 };

struct slot {
	struct csvin_batch *batch;
	struct row *rows;
	size_t nrows, cap_rows;
	struct scratch scratch;
};

/*
 * A record of a file that refers to itself, kept packed until the file is
 * read: its values in the run's blob (per field a 32-bit offset, or
 * NO_VALUE, and a 32-bit length; then the numbers of the numeric fields;
 * then the bytes, each value NUL-terminated) and its problems in the run's
 * held_probs. A rejected one's raw bytes are read again at the end.
 */
struct held {
	size_t line;
	size_t blob;
	size_t prob_at, nprobs;
};

#define NO_VALUE UINT32_MAX

struct run {
	struct checker c;
	struct report *rep;
	struct csvin *in;
	struct slot slots[SLOTS];
	int buffered;
	struct keyset *pk;
	struct keyset **unique;
	struct strbuf key;
	struct strbuf out;  /* held files' valid lines waiting to be written */
	struct outfile *valid_out, *rejected_out;
	struct held *held;
	size_t nheld, cap_held;
	unsigned char *held_rejected;
	size_t cap_rejected;
	struct strbuf blob;
	struct problem *held_probs;
	size_t nheld_probs, cap_held_probs;
	struct strbuf held_text;
	size_t held_nnum;                /* numeric fields in a held row */
	struct schema_value *held_scratch; /* a held row's values, for held_problem */
	struct row late;                 /* the tree's problems, their text ... */
	size_t *late_rows;               /* ... and the held row of each */
	size_t cap_late_rows;
	size_t records_seen;
	size_t first_line; /* of the first record, for a summary error */
	const char *outdir;
	struct strbuf label; /* the record being reported, as people know it */
	struct strbuf typed; /* a late problem's value as typed */
	long year;         /* the period's */
	int progress;      /* show progress on stderr */
	char year_first[16], year_last[16]; /* the period's year as ISO dates */
};

/* ---- reporting a row ---- */

/* The column a problem is about, as people name it: the field's title, else the header's label. */
static const char *field_label(const struct checker *c, long field, size_t col)
{
	if (field >= 0)
		return c->schema->fields[field].title;
	if (col >= 1 && col <= c->ncols)
		return c->labels[col - 1];
	return NULL;
}

/*
 * The organisation of a record (see record_organisation), looked up in the
 * resource it names when the schema says so. Sets *len; NULL for none.
 */
static const char *organisation(struct run *run, const struct schema_value *values,
				const struct csvin_record *rec, size_t *len)
{
	struct record_org o = record_organisation(&run->c, values, rec);

	*len = o.len;
	if (!o.code || o.lookup < 0)
		return o.code;
	const char *code = resource_lookup_organisation(run->c.res, (size_t)o.lookup, run->outdir,
							o.code, o.len);
	*len = code ? strlen(code) : 0;
	return code;
}

/*
 * Sends problems to the report, record-level ones first, then by column.
 * values and rec are the record's, to name it and its organisation; NULL
 * for a problem of the header or the whole file.
 */
static void emit_problems(struct run *run, size_t line, struct problem *probs, size_t n,
			  const char *text, const struct schema_value *values,
			  const struct csvin_record *rec)
{
	struct issue is = {0};

	if (!n)
		return;
	is.org = organisation(run, values, rec, &is.org_len);
	strbuf_reset(&run->label);
	record_label(&run->c, rec, &run->label);
	is.record = run->label.data;
	is.record_len = run->label.len;
	for (size_t i = 1; i < n; i++) {
		struct problem p = probs[i];
		size_t k = i;
		while (k > 0 && probs[k - 1].col > p.col) {
			probs[k] = probs[k - 1];
			k--;
		}
		probs[k] = p;
	}
	for (size_t i = 0; i < n; i++) {
		const struct problem *p = &probs[i];
		is.warning = p->warning;
		is.code = p->code;
		is.line = line;
		is.col = p->col;
		is.field = p->has_names ? text + p->names_off : field_label(&run->c, p->field, p->col);
		is.message = text + p->msg_off;
		is.value = p->has_value ? text + p->val_off : NULL;
		is.value_len = p->val_len;
		is.value_shown = p->shown;
		report_issue(run->rep, &run->c.res->file, &is);
	}
}

/* A blank line: a warning, counted, neither valid nor rejected. */
static void emit_blank(struct run *run, struct row *row)
{
	run->c.res->file.stats.blank_lines++;
	emit_problems(run, row->line, row->probs, row->nprobs, row->text.data, NULL, NULL);
}

/* ---- sequencing ---- */

static int filter_passes(const struct refindex *idx, const struct schema_value *values,
			 const struct run *run)
{
	if (idx->active_start >= 0 && run->year) {
		/* the row's dates must overlap the year; ISO dates compare as text */
		const struct schema_value *a = &values[idx->active_start], *b = &values[idx->active_end];
		if ((a->str && a->len == 10 && bytes_order(a->str, run->year_last, 10) > 0) ||
		    (b->str && b->len == 10 && bytes_order(b->str, run->year_first, 10) < 0))
			return 0;
	}
	if (idx->filter_field < 0)
		return 1;
	const struct schema_value *v = &values[idx->filter_field];
	if (!v->str)
		return 0;
	for (size_t i = 0; i < idx->nfilter; i++)
		if (strncmp(idx->filter_values[i], v->str, v->len) == 0 &&
		    idx->filter_values[i][v->len] == '\0')
			return 1;
	return 0;
}

static void flush_valid(struct run *run)
{
	if (run->out.len)
		fwrite(run->out.data, 1, run->out.len, run->valid_out->fp);
	strbuf_reset(&run->out);
}

/* Counts a decided record and fills the indexes later files use. */
static void record_row(struct run *run, size_t line, const struct schema_value *values,
		       int rejected)
{
	struct resource *res = run->c.res;

	if (line >= REF_FILTERED)
		util_die(EXIT_SYSTEM, "%s: quá 2.147.483.647 dòng", res->file.path);
	res->file.stats.records++;
	if (rejected)
		res->file.stats.rejected++;
	else
		res->file.stats.valid++;
	for (size_t i = 0; i < res->nindexes; i++) {
		struct refindex *idx = res->indexes[i];
		if (!rejected && idx->pk_fields) {
			/* the row took its primary key: the rest of its key and the filter */
			int filtered = (idx->filter_field >= 0 || idx->active_start >= 0) &&
				       !filter_passes(idx, values, run);
			int rest = idx->nfields > idx->pk_fields &&
				   schema_key(&run->key, values, idx->fields + idx->pk_fields,
					      idx->nfields - idx->pk_fields);
			if (rest || filtered)
				refindex_note(idx, (uint32_t)line, rest ? run->key.data : NULL,
					      rest ? run->key.len : 0, filtered);
			continue;
		}
		if (!schema_key(&run->key, values, idx->fields, idx->nfields))
			continue;
		if (rejected)
			keyset_add(idx->rejected, run->key.data, run->key.len, (uint32_t)line, NULL);
		else
			refindex_add(idx, run->key.data, run->key.len,
				     keyset_hash(run->key.data, run->key.len), (uint32_t)line,
				     !filter_passes(idx, values, run));
	}
}

/* Writes a decided record: its valid/ line, or its raw bytes to rejected/. */
static void write_row(struct run *run, const char *raw, size_t raw_len, int rejected,
		      const struct strbuf *out)
{
	if (rejected) {
		fwrite(raw, 1, raw_len, run->rejected_out->fp);
		return;
	}
	strbuf_add(&run->out, out->data, out->len);
	if (run->out.len >= (1 << 16))
		flush_valid(run);
}

/*
 * The unique fields and the primary key of a row must not be taken yet; a
 * row that passed every other check takes them, a rejected one is only
 * looked up, so that its duplicate is named too.
 */
static void take_keys(struct run *run, struct row *row)
{
	const struct schema *s = run->c.schema;
	struct strbuf v = {0}, b = {0}; /* a value and a key as typed */
	uint32_t line;

	for (size_t f = 0; f < s->nfields && run->unique; f++) {
		const struct schema_value *x = &row->values[f];
		if (run->unique[f] && x->str && keyset_find(run->unique[f], x->str, x->len, &line)) {
			strbuf_reset(&v);
			record_cells(&run->c, row->rec, &f, 1, &v);
			row_problem(row, 0, V_UNIQUE, (size_t)run->c.field_col[f] + 1, (long)f,
				    v.data, v.len,
				    "Cột “%s” không được trùng: giá trị này đã có ở dòng %u",
				    s->fields[f].title, line);
		}
	}
	int rejected = row->rejected; /* a duplicate of a unique field counts too */
	if (row->has_pk &&
	    (rejected ? keyset_find_hashed(run->pk, row->pk.data, row->pk.len, row->pk_hash, &line)
		      : !keyset_add_hashed(run->pk, row->pk.data, row->pk.len, row->pk_hash,
					   (uint32_t)row->line, &line))) {
		strbuf_reset(&v);
		record_cells(&run->c, row->rec, s->primary_key, s->npk, &v);
		record_key_phrase(&run->c, row->rec, s->primary_key, s->npk, &b);
		long col = run->c.field_col[s->primary_key[0]];
		struct problem *p = row_problem(row, 0, V_PRIMARY_KEY, col >= 0 ? (size_t)col + 1 : 0,
						(long)s->primary_key[0], v.data, v.len,
						"Trùng với dòng %u: đã có bản ghi với %s; mỗi bản ghi phải có khóa riêng",
						line, b.data);
		p->shown = 1;
		problem_about(s, row, p, s->primary_key, s->npk);
		strbuf_free(&v);
		strbuf_free(&b);
		return;
	}
	strbuf_free(&v);
	for (size_t f = 0; f < s->nfields && run->unique && !rejected; f++) {
		const struct schema_value *x = &row->values[f];
		if (run->unique[f] && x->str)
			keyset_add(run->unique[f], x->str, x->len, (uint32_t)row->line, NULL);
	}
}

/* Packs a checked row into the run's held storage. */
static void hold(struct run *run, const struct row *row)
{
	const struct schema *s = run->c.schema;
	size_t nf = s->nfields;

	if (!run->nheld)
		for (size_t f = 0; f < nf; f++)
			run->held_nnum += s->fields[f].type != SCHEMA_STRING;
	xgrow(&run->held, &run->cap_held, run->nheld + 1, sizeof *run->held);
	xgrow(&run->held_rejected, &run->cap_rejected, run->nheld + 1, 1);
	struct held *h = &run->held[run->nheld];
	run->held_rejected[run->nheld++] = (unsigned char)row->rejected;
	h->line = row->line;
	h->blob = run->blob.len;
	/* positions first, then numbers, then the values, each NUL-terminated */
	size_t at = 0;
	for (size_t f = 0; f < nf; f++) {
		const struct schema_value *v = &row->values[f];
		uint32_t pos[2] = {v->str ? (uint32_t)at : NO_VALUE, (uint32_t)v->len};
		strbuf_add(&run->blob, pos, sizeof pos);
		if (v->str)
			at += v->len + 1;
	}
	for (size_t f = 0; f < nf; f++)
		if (s->fields[f].type != SCHEMA_STRING)
			strbuf_add(&run->blob, &row->values[f].num, sizeof(double));
	for (size_t f = 0; f < nf; f++)
		if (row->values[f].str) {
			strbuf_add(&run->blob, row->values[f].str, row->values[f].len);
			strbuf_addc(&run->blob, '\0');
		}
	h->prob_at = run->nheld_probs;
	h->nprobs = row->nprobs;
	xgrow(&run->held_probs, &run->cap_held_probs, run->nheld_probs + row->nprobs,
	      sizeof *run->held_probs);
	for (size_t k = 0; k < row->nprobs; k++) {
		struct problem p = row->probs[k];
		p.msg_off += run->held_text.len;
		p.val_off += run->held_text.len;
		p.names_off += run->held_text.len;
		run->held_probs[run->nheld_probs++] = p;
	}
	strbuf_add(&run->held_text, row->text.data ? row->text.data : "", row->text.len);
}

static const struct schema_value *held_values(void *ctx, size_t i, struct schema_value *out)
{
	struct run *run = ctx;
	const struct schema *s = run->c.schema;
	size_t nf = s->nfields;
	const char *base = run->blob.data + run->held[i].blob;
	const char *nums = base + nf * 2 * sizeof(uint32_t);
	const char *bytes = nums + run->held_nnum * sizeof(double);
	for (size_t f = 0, k = 0; f < nf; f++) {
		uint32_t pos[2];
		memcpy(pos, base + f * sizeof pos, sizeof pos);
		out[f].str = pos[0] == NO_VALUE ? NULL : bytes + pos[0];
		out[f].len = pos[1];
		out[f].num = 0;
		if (s->fields[f].type != SCHEMA_STRING)
			memcpy(&out[f].num, nums + sizeof(double) * k++, sizeof(double));
	}
	return out;
}

static size_t held_line(void *ctx, size_t i)
{
	return ((struct run *)ctx)->held[i].line;
}

static void held_problem(void *ctx, size_t i, enum vcode code, size_t field,
			 const char *message)
{
	struct run *run = ctx;
	long col = run->c.field_col[field];

	if (!run->held_scratch)
		run->held_scratch = xcalloc(run->c.schema->nfields, sizeof *run->held_scratch);
	const struct schema_value *v = held_values(run, i, run->held_scratch);
	xgrow(&run->late_rows, &run->cap_late_rows, run->late.nprobs + 1, sizeof *run->late_rows);
	run->late_rows[run->late.nprobs] = i;
	row_problem(&run->late, 0, code, col >= 0 ? (size_t)col + 1 : 0, (long)field,
		    v[field].str, v[field].len, "%s", message);
}

/*
 * Emits held row i's problems, its own and the tree's, in one ordered list;
 * values and rec (read again for it: every held row with a problem is) are
 * the row's. The tree's problems, found from normal values, show the
 * values as typed.
 */
static void emit_held_problems(struct run *run, size_t i, const size_t *late_order,
			       size_t *late_pos, const struct schema_value *values,
			       const struct csvin_record *rec)
{
	const struct held *h = &run->held[i];
	struct problem *own = run->held_probs + h->prob_at;
	size_t k = *late_pos;

	while (k < run->late.nprobs && run->late_rows[late_order[k]] == i)
		k++;
	if (k == *late_pos) {
		emit_problems(run, h->line, own, h->nprobs, run->held_text.data, values, rec);
		return;
	}
	/* copy both kinds into one list with one text */
	size_t n = h->nprobs + (k - *late_pos);
	struct problem *all = xcalloc(n, sizeof *all);
	struct strbuf text = {0};
	for (size_t j = 0; j < n; j++) {
		const struct problem *p = j < h->nprobs ? &own[j]
							: &run->late.probs[late_order[*late_pos + j - h->nprobs]];
		const char *t = j < h->nprobs ? run->held_text.data : run->late.text.data;
		all[j] = *p;
		all[j].msg_off = text.len;
		strbuf_add(&text, t + p->msg_off, strlen(t + p->msg_off) + 1);
		if (p->has_names) {
			all[j].names_off = text.len;
			strbuf_add(&text, t + p->names_off, strlen(t + p->names_off) + 1);
		}
		const char *value = t + p->val_off;
		size_t value_len = p->val_len;
		if (j >= h->nprobs && p->field >= 0 && rec) {
			size_t f = (size_t)p->field;
			strbuf_reset(&run->typed);
			record_cells(&run->c, rec, &f, 1, &run->typed);
			value = run->typed.data ? run->typed.data : "";
			value_len = run->typed.len;
		}
		all[j].val_off = text.len;
		all[j].val_len = value_len;
		strbuf_add(&text, value, value_len);
		strbuf_addc(&text, '\0');
	}
	emit_problems(run, h->line, all, n, text.data, values, rec);
	free(all);
	strbuf_free(&text);
	*late_pos = k;
}

static int by_row(const void *a, const void *b, void *rows)
{
	size_t ra = ((const size_t *)rows)[*(const size_t *)a];
	size_t rb = ((const size_t *)rows)[*(const size_t *)b];
	return ra < rb ? -1 : ra > rb ? 1 : (*(const size_t *)a > *(const size_t *)b) -
						   (*(const size_t *)a < *(const size_t *)b);
}

/*
 * Checks the references inside the file, then writes every held record in
 * order; when some are rejected, the file is read once more for their raw
 * bytes.
 */
static void finish_held(struct run *run)
{
	const struct schema *s = run->c.schema;
	struct tree_rows rows = {run->nheld, run->held_rejected, run, held_line, held_values,
				 held_problem};
	struct schema_value *v = xcalloc(s->nfields, sizeof *v);
	struct strbuf out = {0};

	validate_tree(s, run->c.res->file.file_name, &rows);
	size_t nlate = run->late.nprobs;
	size_t *order = xcalloc(nlate ? nlate : 1, sizeof *order);
	for (size_t k = 0; k < nlate; k++)
		order[k] = k;
	qsort_r(order, nlate, sizeof *order, by_row, run->late_rows);

	/*
	 * The file is read again when some records are rejected (for their raw
	 * bytes) or have warnings (to name them as typed): not when all is well.
	 */
	struct csvin *in = NULL;
	for (size_t i = 0; i < run->nheld && !in; i++)
		if ((run->held_rejected[i] || run->held[i].nprobs || nlate) &&
		    !(in = csvin_open(run->c.res->file.path, &run->c.res->csv)))
			util_die_errno(EXIT_SYSTEM, "không mở được tệp %s", run->c.res->file.path);
	struct csvin_record rec = {0};
	size_t late_pos = 0;
	if (in)
		csvin_next(in, &rec); /* the header */
	for (size_t i = 0; i < run->nheld; i++) {
		int read = 0;
		/* blank lines were not held */
		while (in && (read = csvin_next(in, &rec)) && rec.line < run->held[i].line)
			;
		if (in && (!read || rec.line != run->held[i].line))
			util_die(EXIT_SYSTEM, "tệp %s đã thay đổi trong khi kiểm tra", run->c.res->file.path);
		int rejected = run->held_rejected[i];
		held_values(run, i, v);
		strbuf_reset(&out);
		if (!rejected) {
			for (size_t f = 0; f < s->nfields; f++) {
				if (f)
					strbuf_addc(&out, ',');
				if (v[f].str)
					strbuf_add_csv(&out, v[f].str, v[f].len, ',');
			}
			strbuf_addc(&out, '\n');
		}
		record_row(run, run->held[i].line, v, rejected);
		write_row(run, rec.raw, rec.raw_len, rejected, &out);
		emit_held_problems(run, i, order, &late_pos, v, in ? &rec : NULL);
	}
	csvin_close(in);
	free(order);
	free(v);
	strbuf_free(&out);
}

static void free_held(struct run *run)
{
	free(run->held);
	free(run->held_rejected);
	free(run->held_probs);
	free(run->late_rows);
	strbuf_free(&run->blob);
	strbuf_free(&run->held_text);
	free(run->held_scratch);
	row_free(&run->late);
}

/* ---- the pipeline's four steps ---- */

static size_t parse_step(void *ctx, int s, size_t batch)
{
	struct run *run = ctx;
	struct slot *sl = &run->slots[s];

	/* the header travels alone: every later check needs it read */
	return csvin_read_batch(run->in, sl->batch, batch == 0 ? 1 : BATCH_RECORDS);
}

static void check_step(void *ctx, int s, size_t batch)
{
	struct run *run = ctx;
	struct slot *sl = &run->slots[s];
	size_t n;
	const struct csvin_record *recs = csvin_batch_records(sl->batch, &n);

	if (n > sl->cap_rows) {
		sl->rows = xrealloc(sl->rows, n * sizeof *sl->rows);
		memset(sl->rows + sl->cap_rows, 0, (n - sl->cap_rows) * sizeof *sl->rows);
		sl->cap_rows = n;
	}
	sl->nrows = n;
	size_t i = 0;
	if (batch == 0) {
		row_reset(&sl->rows[0], recs[0].line, 0);
		sl->rows[0].rec = &recs[0];
		check_header(&run->c, &recs[0], &sl->rows[0]);
		run->c.comma = csvin_delimiter(run->in) == ',';
		i = 1;
	}
	if (!run->c.res->header_ok)
		return;
	for (; i < n; i++)
		check_record(&run->c, &sl->scratch, &recs[i], &sl->rows[i]);
}

static void setup_keys(struct run *run)
{
	const struct schema *s = run->c.schema;

	if (run->c.res->pk) {
		run->pk = run->c.res->pk; /* deferring slots: indexed when the file is done */
	} else {
		run->pk = keyset_new();
		keyset_defer_slots(run->pk); /* read by the sequencing thread only */
	}
	for (size_t f = 0; f < s->nfields; f++)
		if (s->fields[f].unique) {
			if (!run->unique)
				run->unique = xcalloc(s->nfields, sizeof *run->unique);
			run->unique[f] = keyset_new();
		}
	run->buffered = resource_held(run->c.res);
	for (size_t f = 0; f < s->nfields; f++) {
		if (f)
			putc(',', run->valid_out->fp);
		fputs(s->fields[f].name, run->valid_out->fp);
	}
	putc('\n', run->valid_out->fp);
}

static void show_progress(struct run *run)
{
	size_t size = csvin_file_size(run->in);
	unsigned pct = size ? (unsigned)(100.0 * (double)csvin_bytes_read(run->in) / (double)size)
			    : 100;
	fprintf(stderr, "\r%s: %s: %3u%% (%zu bản ghi)", util_progname, run->c.res->file.file_name,
		pct, run->records_seen);
}

static void sequence_step(void *ctx, int s, size_t batch)
{
	struct run *run = ctx;
	struct slot *sl = &run->slots[s];
	struct resource *res = run->c.res;
	size_t i = 0;

	if (batch == 0) {
		struct row *h = &sl->rows[0];
		fwrite(h->rec->raw, 1, h->rec->raw_len, run->rejected_out->fp);
		emit_problems(run, h->line, h->probs, h->nprobs, h->text.data, NULL, NULL);
		setup_keys(run);
		i = 1;
	}
	if (!res->header_ok) {
		/* a wrong header: every record is rejected, with one summary error */
		size_t n;
		const struct csvin_record *recs = csvin_batch_records(sl->batch, &n);
		for (; i < n; i++) {
			const struct csvin_record *rec = &recs[i];
			struct row *row = &sl->rows[i];
			row_reset(row, rec->line, 0);
			if (row_blank(row, rec)) {
				emit_blank(run, row);
				continue;
			}
			if (!run->first_line)
				run->first_line = rec->line;
			fwrite(rec->raw, 1, rec->raw_len, run->rejected_out->fp);
			res->file.stats.records++;
			res->file.stats.rejected++;
		}
		return;
	}
	for (; i < sl->nrows; i++) {
		struct row *row = &sl->rows[i];
		if (i + PREFETCH < sl->nrows && sl->rows[i + PREFETCH].has_pk)
			keyset_prefetch(run->pk, sl->rows[i + PREFETCH].pk_hash);
		if (row->blank) {
			emit_blank(run, row);
			continue;
		}
		/* a damaged record's loose values take no key: its split may be off */
		if (row->has_pk || (run->unique && row->rec->status == CSVIN_OK))
			take_keys(run, row);
		if (run->buffered) {
			hold(run, row);
			continue;
		}
		record_row(run, row->line, row->values, row->rejected);
		emit_problems(run, row->line, row->probs, row->nprobs, row->text.data, row->values,
			      row->rec);
	}
	run->records_seen += sl->nrows - (batch == 0);
	if (run->progress && (batch & 127) == 0 && batch)
		show_progress(run);
}

/* Writes iov[0..n) to fd whole, through short writes and signals; exits 2 on failure. */
static void write_all(struct run *run, int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", run->valid_out->path);
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
}

/*
 * Writes a batch: the valid lines straight from where they are (writev, no
 * copy): a run of records whose lines are as they were typed as one piece of
 * the batch's bytes, the others from where they were built; the rejected
 * records' raw bytes through rejected/'s FILE.
 */
static void write_step(void *ctx, int s, size_t batch)
{
	struct run *run = ctx;
	struct slot *sl = &run->slots[s];
	enum { IOV = 1024 };
	struct iovec iov[IOV];
	int n = 0, fd = fileno(run->valid_out->fp);
	int run_typed = 0; /* iov[n - 1] is records' bytes as typed */

	/* a wrong header's records and held files are written elsewhere */
	if (!run->c.res->header_ok || run->buffered)
		return;
	if (batch <= 1)
		fflush(run->valid_out->fp); /* the header line, before writing past the FILE */
	for (size_t i = batch == 0; i < sl->nrows; i++) {
		const struct row *row = &sl->rows[i];
		if (row->blank)
			continue;
		if (row->rejected) {
			fwrite(row->rec->raw, 1, row->rec->raw_len, run->rejected_out->fp);
			continue;
		}
		if (row->as_typed && n && run_typed &&
		    (char *)iov[n - 1].iov_base + iov[n - 1].iov_len == row->rec->raw) {
			/* the record's bytes follow the last ones written: one piece */
			iov[n - 1].iov_len += row->rec->raw_len;
			continue;
		}
		const struct strbuf *line = row->as_typed ? NULL : row->quoted ? &row->out : &row->norm;
		iov[n].iov_base = line ? line->data : (char *)row->rec->raw;
		iov[n++].iov_len = line ? line->len : row->rec->raw_len;
		run_typed = row->as_typed;
		if (n == IOV) {
			write_all(run, fd, iov, n);
			n = 0;
		}
	}
	write_all(run, fd, iov, n);
	if ((batch & 255) == 255)
		outfile_start_writeback(run->valid_out);
}

void validate_file(struct resource *res, const struct vconfig *cfg, struct report *rep)
{
	static const struct vpipe_ops ops = {parse_step, check_step, sequence_step, write_step};
	struct run run = {.c = {.res = res, .year = cfg->year, .schema = res->schema}, .rep = rep,
			  .year = cfg->year, .progress = cfg->progress, .outdir = cfg->outdir};

	snprintf(run.year_first, sizeof run.year_first, "%04ld-01-01", cfg->year);
	snprintf(run.year_last, sizeof run.year_last, "%04ld-12-31", cfg->year);
	run.in = csvin_open(res->file.path, &res->csv);
	if (!run.in)
		util_die_errno(EXIT_SYSTEM, "không mở được tệp %s", res->file.path);
	char *valid_path = xasprintf("%s/valid/%s.csv", cfg->outdir, res->file.name);
	char *rejected_path = xasprintf("%s/rejected/%s.csv", cfg->outdir, res->file.name);
	run.valid_out = outfile_open(valid_path);
	run.rejected_out = outfile_open(rejected_path);
	for (int s = 0; s < SLOTS; s++)
		run.slots[s].batch = csvin_batch_new();

	vpipe_run(&ops, &run, SLOTS, cfg->threads);

	if (!run.pk) {
		/* not even a header */
		struct row r = {0};
		row_problem(&r, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Tệp rỗng: không có dòng tiêu đề và không có dữ liệu");
		emit_problems(&run, 0, r.probs, r.nprobs, r.text.data, NULL, NULL);
		row_free(&r);
		res->header_ok = 0;
		if (!res->schema)
			res->schema = run.c.schema = schema_from_header(NULL, 0);
		setup_keys(&run);
	} else if (!res->header_ok && res->file.stats.records) {
		struct row r = {0};
		row_problem(&r, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Cả %zu bản ghi của tệp bị từ chối vì dòng tiêu đề có lỗi; hãy sửa dòng tiêu đề rồi nộp lại",
			    res->file.stats.records);
		emit_problems(&run, run.first_line, r.probs, r.nprobs, r.text.data, NULL, NULL);
		row_free(&r);
	}
	if (run.buffered)
		finish_held(&run);
	free_held(&run);
	if (cfg->progress && run.records_seen >= 128 * BATCH_RECORDS)
		fprintf(stderr, "\r\033[K");
	res->file.delimiter = csvin_delimiter(run.in);
	res->file.encoding = csvin_encoding(run.in);
	res->file.bom = csvin_had_bom(run.in);
	if (csvin_read_error(run.in)) {
		errno = csvin_read_error(run.in);
		util_die_errno(EXIT_SYSTEM, "lỗi khi đọc tệp %s", res->file.path);
	}
	/* later files read these from their checking threads */
	if (res->pk)
		keyset_index(res->pk);
	for (size_t i = 0; i < res->nindexes; i++) {
		keyset_index(res->indexes[i]->valid);
		keyset_index(res->indexes[i]->rejected);
	}
	flush_valid(&run);
	outfile_commit(run.valid_out);
	outfile_commit(run.rejected_out);
	csvin_close(run.in);

	for (int s = 0; s < SLOTS; s++) {
		struct slot *sl = &run.slots[s];
		for (size_t i = 0; i < sl->cap_rows; i++)
			row_free(&sl->rows[i]);
		free(sl->rows);
		csvin_batch_free(sl->batch);
		strbuf_free(&sl->scratch.cell);
		strbuf_free(&sl->scratch.key);
		for (int k = 0; k < FK_CACHED; k++)
			strbuf_free(&sl->scratch.fk_key[k]);
	}
	if (run.pk != res->pk)
		keyset_free(run.pk);
	if (run.unique)
		for (size_t f = 0; f < run.c.schema->nfields; f++)
			keyset_free(run.unique[f]);
	free(run.unique);
	for (size_t i = 0; i < run.c.ncols; i++)
		free(run.c.labels[i]);
	free(run.c.labels);
	free(run.c.field_col);
	free(run.c.col_field);
	strbuf_free(&run.key);
	strbuf_free(&run.label);
	strbuf_free(&run.typed);
	strbuf_free(&run.out);
	free(valid_path);
	free(rejected_path);
}
