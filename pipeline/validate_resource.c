/*
 * validate_resource: validates one CSV file. Its batches go through the
 * pipeline (validate_pipeline.c): parsed, checked record by record
 * (validate_check.c), then sequenced here in file order, where the keys are
 * taken, every record is sorted into valid/<name>.csv (normalised) or
 * rejected/<name>.csv (byte-exact), the indexes later files refer to are
 * filled, and the problems are reported.
 *
 * Files that refer to themselves (a hierarchy, a foreign key to their own
 * rows) are held in memory until the end, so that references inside them can
 * be checked (validate_tree.c) before anything is written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "validate.h"

enum { SLOTS = 8, BATCH_RECORDS = 1024 };

struct slot {
	struct csvin_batch *batch;
	struct row *rows;
	size_t nrows, cap_rows;
	struct scratch scratch;
};

/* A record kept until the end of a file that refers to itself; one allocation. */
struct held {
	size_t line;
	char *raw;             /* raw bytes, then the values' bytes */
	size_t raw_len;
	struct schema_value *values;
	struct problem *probs;
	size_t nprobs;
	const char *text;      /* the problems' messages and values */
	size_t text_len;
	int rejected;
};

struct run {
	struct checker c;
	struct report *rep;
	struct csvin *in;
	struct slot slots[SLOTS];
	int buffered;
	struct keyset *pk;
	struct keyset **unique;
	struct strbuf key;
	struct strbuf out;  /* valid lines waiting to be written */
	struct outfile *valid_out, *rejected_out;
	struct held *held;
	size_t nheld, cap_held;
	size_t records_seen;
	size_t first_line; /* of the first record, for a summary error */
};

/* ---- reporting a row ---- */

static const char *field_label(const struct checker *c, long field, size_t col)
{
	if (field >= 0)
		return c->schema->fields[field].name;
	if (col >= 1 && col <= c->ncols)
		return c->labels[col - 1];
	return NULL;
}

/* Sends problems to the report, record-level ones first, then by column. */
static void emit_problems(struct run *run, size_t line, struct problem *probs, size_t n,
			  const char *text)
{
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
		report_issue(run->rep, run->c.res, p->warning, p->code, line, p->col,
			     field_label(&run->c, p->field, p->col), text + p->msg_off,
			     p->has_value ? text + p->val_off : NULL, p->val_len);
	}
}

/* ---- sequencing ---- */

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

static void flush_valid(struct run *run)
{
	fwrite(run->out.data, 1, run->out.len, run->valid_out->fp);
	strbuf_reset(&run->out);
}

/* Writes a finished record and fills the indexes later files use. */
static void finish(struct run *run, size_t line, const char *raw, size_t raw_len,
		   const struct schema_value *values, int rejected, const struct strbuf *out)
{
	struct resource *res = run->c.res;

	res->stats.records++;
	if (!rejected) {
		res->stats.valid++;
		strbuf_add(&run->out, out->data, out->len);
		if (run->out.len >= (1 << 16))
			flush_valid(run);
	} else {
		res->stats.rejected++;
		fwrite(raw, 1, raw_len, run->rejected_out->fp);
	}
	for (size_t i = 0; i < res->nindexes; i++) {
		struct refindex *idx = res->indexes[i];
		if (!build_key(&run->key, values, idx->fields, idx->nfields))
			continue;
		if (rejected)
			keyset_add(idx->rejected, run->key.data, run->key.len, (uint32_t)line, NULL);
		else if (filter_passes(idx, values))
			keyset_add(idx->valid, run->key.data, run->key.len, (uint32_t)line, NULL);
	}
}

/*
 * The unique fields and the primary key of a row must not be taken yet; a
 * row that passed every other check takes them, a rejected one is only
 * looked up, so that its duplicate is named too.
 */
static void take_keys(struct run *run, struct row *row)
{
	const struct schema *s = run->c.schema;
	int rejected = row->rejected;
	uint32_t line;

	for (size_t f = 0; f < s->nfields && run->unique; f++) {
		const struct schema_value *v = &row->values[f];
		if (run->unique[f] && v->str && keyset_find(run->unique[f], v->str, v->len, &line))
			row_problem(row, 0, V_UNIQUE, (size_t)run->c.field_col[f] + 1, (long)f,
				    v->str, v->len,
				    "Cột “%s” không được trùng: giá trị này đã có ở dòng %u",
				    s->fields[f].title, line);
	}
	if (row->has_pk &&
	    (rejected ? keyset_find_hashed(run->pk, row->pk.data, row->pk.len, row->pk_hash, &line)
		      : !keyset_add_hashed(run->pk, row->pk.data, row->pk.len, row->pk_hash,
					   (uint32_t)row->line, &line))) {
		struct strbuf v = {0}, b = {0};
		key_values(s->primary_key, s->npk, row->values, &v);
		key_phrase(s, s->primary_key, s->npk, row->values, &b);
		long col = run->c.field_col[s->primary_key[0]];
		row_problem(row, 0, V_PRIMARY_KEY, col >= 0 ? (size_t)col + 1 : 0,
			    (long)s->primary_key[0], v.data, v.len,
			    "Trùng với dòng %u: đã có bản ghi với %s; mỗi bản ghi phải có khóa riêng",
			    line, b.data);
		strbuf_free(&v);
		strbuf_free(&b);
		return;
	}
	for (size_t f = 0; f < s->nfields && run->unique && !rejected; f++) {
		const struct schema_value *v = &row->values[f];
		if (run->unique[f] && v->str)
			keyset_add(run->unique[f], v->str, v->len, (uint32_t)row->line, NULL);
	}
}

/* Copies a checked row into one allocation that outlives its batch. */
static void hold(struct run *run, const struct row *row)
{
	size_t nf = run->c.schema->nfields;
	size_t size = nf * sizeof(struct schema_value) + row->nprobs * sizeof(struct problem) +
		      row->rec->raw_len + row->norm.len + row->text.len + 1;
	char *p = xmalloc(size);

	xgrow(&run->held, &run->cap_held, run->nheld + 1, sizeof *run->held);
	struct held *h = &run->held[run->nheld++];
	h->line = row->line;
	h->rejected = row->rejected;
	h->values = (struct schema_value *)p;
	memcpy(h->values, row->values, nf * sizeof *h->values);
	p += nf * sizeof(struct schema_value);
	h->probs = (struct problem *)p;
	h->nprobs = row->nprobs;
	memcpy(h->probs, row->probs, row->nprobs * sizeof *h->probs);
	p += row->nprobs * sizeof(struct problem);
	h->raw = p;
	h->raw_len = row->rec->raw_len;
	memcpy(p, row->rec->raw, h->raw_len);
	p += h->raw_len;
	memcpy(p, row->norm.data ? row->norm.data : "", row->norm.len);
	for (size_t f = 0; f < nf; f++)
		if (h->values[f].str)
			h->values[f].str = p + (h->values[f].str - row->norm.data);
	p += row->norm.len;
	memcpy(p, row->text.data ? row->text.data : "", row->text.len);
	p[row->text.len] = '\0';
	h->text = p;
	h->text_len = row->text.len;
}

/* The rows of a held file, with the problems found late; see tree_problem. */
struct late {
	struct run *run;
	struct row *extra; /* per held row: problems added by the tree checks */
};

static void tree_problem(void *ctx, size_t i, enum vcode code, size_t field,
			 const char *message)
{
	struct late *late = ctx;
	struct held *h = &late->run->held[i];
	long col = late->run->c.field_col[field];
	const struct schema_value *v = &h->values[field];

	row_problem(&late->extra[i], 0, code, col >= 0 ? (size_t)col + 1 : 0, (long)field,
		    v->str, v->len, "%s", message);
	h->rejected = 1;
}

static void finish_held(struct run *run)
{
	size_t n = run->nheld;
	struct tree_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	struct late late = {run, xcalloc(n ? n : 1, sizeof *late.extra)};
	struct strbuf out = {0};

	for (size_t i = 0; i < n; i++) {
		rows[i].values = run->held[i].values;
		rows[i].line = run->held[i].line;
		rows[i].rejected = run->held[i].rejected;
	}
	validate_tree(run->c.res, rows, n, tree_problem, &late);
	for (size_t i = 0; i < n; i++) {
		struct held *h = &run->held[i];
		strbuf_reset(&out);
		if (!h->rejected) {
			for (size_t f = 0; f < run->c.schema->nfields; f++) {
				if (f)
					strbuf_addc(&out, ',');
				if (h->values[f].str)
					csv_add_field(&out, h->values[f].str, h->values[f].len);
			}
			strbuf_addc(&out, '\n');
		}
		finish(run, h->line, h->raw, h->raw_len, h->values, h->rejected, &out);
		/* the row's own problems, then the late ones, in one ordered list */
		struct row *x = &late.extra[i];
		size_t base = h->nprobs;
		struct problem *all = xcalloc(base + x->nprobs + 1, sizeof *all);
		memcpy(all, h->probs, base * sizeof *all);
		struct strbuf text = {0};
		size_t htext = h->text_len;
		strbuf_add(&text, h->text, htext);
		for (size_t k = 0; k < x->nprobs; k++) {
			all[base + k] = x->probs[k];
			all[base + k].msg_off += htext;
			all[base + k].val_off += htext;
		}
		strbuf_add(&text, x->text.data ? x->text.data : "", x->text.len);
		emit_problems(run, h->line, all, base + x->nprobs, text.data ? text.data : "");
		free(all);
		strbuf_free(&text);
		row_free(x);
		free(h->values);
	}
	strbuf_free(&out);
	free(late.extra);
	free(rows);
	free(run->held);
	run->held = NULL;
	run->nheld = 0;
}

/* ---- the pipeline's three steps ---- */

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

	run->pk = keyset_new();
	for (size_t f = 0; f < s->nfields; f++)
		if (s->fields[f].unique) {
			if (!run->unique)
				run->unique = xcalloc(s->nfields, sizeof *run->unique);
			run->unique[f] = keyset_new();
		}
	run->buffered = s->hierarchy != NULL;
	for (size_t i = 0; i < s->nfks; i++)
		if (s->fks[i].resource[0] == '\0')
			run->buffered = 1;
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
	fprintf(stderr, "\r%s: %s: %3u%% (%zu bản ghi)", util_progname, run->c.res->file_name,
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
		emit_problems(run, h->line, h->probs, h->nprobs, h->text.data);
		setup_keys(run);
		i = 1;
	}
	if (!res->header_ok) {
		/* a wrong header: every record is rejected, with one summary error */
		size_t n;
		const struct csvin_record *recs = csvin_batch_records(sl->batch, &n);
		for (; i < n; i++) {
			const struct csvin_record *rec = &recs[i];
			if (!run->first_line)
				run->first_line = rec->line;
			fwrite(rec->raw, 1, rec->raw_len, run->rejected_out->fp);
			res->stats.records++;
			res->stats.rejected++;
		}
		return;
	}
	for (; i < sl->nrows; i++) {
		struct row *row = &sl->rows[i];
		if (i + 8 < sl->nrows && sl->rows[i + 8].has_pk)
			keyset_prefetch(run->pk, sl->rows[i + 8].pk_hash);
		if (row->has_pk || run->unique)
			take_keys(run, row);
		if (run->buffered) {
			hold(run, row);
			continue;
		}
		finish(run, row->line, row->rec->raw, row->rec->raw_len, row->values, row->rejected,
		       &row->out);
		emit_problems(run, row->line, row->probs, row->nprobs, row->text.data);
	}
	run->records_seen += sl->nrows;
	if (run->c.cfg->progress && (batch & 127) == 0 && batch)
		show_progress(run);
}

void validate_resource(struct resource *res, const struct vconfig *cfg, struct report *rep)
{
	static const struct vpipe_ops ops = {parse_step, check_step, sequence_step};
	struct run run = {.c = {.res = res, .cfg = cfg, .schema = res->schema}, .rep = rep};

	run.in = csvin_open(res->path, &res->csv);
	if (!run.in)
		util_die_errno(EXIT_SYSTEM, "không mở được tệp %s", res->path);
	char *valid_path = xasprintf("%s/valid/%s.csv", cfg->outdir, res->name);
	char *rejected_path = xasprintf("%s/rejected/%s.csv", cfg->outdir, res->name);
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
		emit_problems(&run, 0, r.probs, r.nprobs, r.text.data);
		row_free(&r);
		res->header_ok = 0;
		if (!res->schema)
			res->schema = run.c.schema = schema_from_header(NULL, 0);
		setup_keys(&run);
	} else if (!res->header_ok && res->stats.records) {
		struct row r = {0};
		row_problem(&r, 0, V_SOURCE, 0, -1, NULL, 0,
			    "Cả %zu bản ghi của tệp bị từ chối vì dòng tiêu đề có lỗi; hãy sửa dòng tiêu đề rồi nộp lại",
			    res->stats.records);
		emit_problems(&run, run.first_line, r.probs, r.nprobs, r.text.data);
		row_free(&r);
	}
	if (run.buffered)
		finish_held(&run);
	if (cfg->progress && run.records_seen >= 128 * BATCH_RECORDS)
		fprintf(stderr, "\r\033[K");
	res->delimiter = csvin_delimiter(run.in);
	res->encoding = csvin_encoding(run.in);
	res->bom = csvin_had_bom(run.in);
	if (csvin_read_error(run.in)) {
		errno = csvin_read_error(run.in);
		util_die_errno(EXIT_SYSTEM, "lỗi khi đọc tệp %s", res->path);
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
	}
	keyset_free(run.pk);
	if (run.unique)
		for (size_t f = 0; f < run.c.schema->nfields; f++)
			keyset_free(run.unique[f]);
	free(run.unique);
	for (size_t i = 0; i < run.c.ncols; i++)
		free(run.c.labels[i]);
	free(run.c.labels);
	free(run.c.field_col);
	strbuf_free(&run.key);
	strbuf_free(&run.out);
	free(valid_path);
	free(rejected_path);
}
