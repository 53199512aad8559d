/*
 * validate_report: where validation problems go. Each one becomes a line on
 * stderr ("baocao-validate: file:line:col: message"), a row of rejects.csv
 * (errors) or warnings.csv (warnings) for people, and a count in
 * validation.json for machines. Listing stops at a cap; counting never does.
 */
#include <stdlib.h>
#include <string.h>

#include "validate_report.h"

#include "jsonfile.h"
#include "outfile.h"
#include "rejects.h"
#include "xlsx.h"

static const char *const code_names[V_NCODES] = {
	"source-error", "encoding-error", "format-error",
	"blank-label", "duplicate-label", "missing-label", "extra-label",
	"blank-row", "missing-cell", "extra-cell",
	"type-error", "constraint-error", "row-constraint",
	"unique-error", "primary-key-error", "foreign-key-error", "tree-error",
};


struct report {
	struct outfile *rejects;
	struct outfile *warnings;
	struct outfile *workbook_file;  /* rejects.xlsx, written by the library through its name */
	struct xlsx *workbook;
	struct xlsx_column columns[REJECTS_NCOLUMNS];
	struct xlsx_table table;
	char *title;
	char *outdir;
	size_t max_listed; /* 0: no cap */
	size_t listed, unlisted;
	int verbose;
	struct strbuf shown[4]; /* the value, organisation, record and message, printable */
	struct strbuf scratch;
	struct strbuf line;
};

static struct outfile *open_table(const char *outdir, const char *name)
{
	char *path = xasprintf("%s/%s", outdir, name);
	struct outfile *o = outfile_open(path);
	struct strbuf header = {0};

	free(path);
	rejects_add_header(&header);
	fwrite(header.data, 1, header.len, o->fp);
	strbuf_free(&header);
	return o;
}

/* Starts rejects.xlsx: the rows of rejects.csv, line and column as numbers. */
static void open_workbook(struct report *rep, const char *period)
{
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		rep->columns[k].title = rejects_column_titles[k];
		rep->columns[k].format = k == REJECTS_LINE || k == REJECTS_COLUMN ? XLSX_ORDINAL : XLSX_TEXT;
	}
	rep->title = *period ? xasprintf("Bản ghi bị từ chối kỳ %s", period) : xstrdup("Bản ghi bị từ chối");
	rep->table = (struct xlsx_table){
		.sheet = "Bản ghi bị từ chối", .title = rep->title, .created = xlsx_period_time(period),
		.columns = rep->columns, .ncolumns = REJECTS_NCOLUMNS,
	};
	char *path = xasprintf("%s/rejects.xlsx", rep->outdir);
	rep->workbook_file = outfile_open(path);
	rep->workbook = xlsx_new(outfile_tmp_path(rep->workbook_file), rep->outdir, &rep->table);
	free(path);
}

struct report *report_open(const char *outdir, const char *period, size_t max_listed, int verbose)
{
	struct report *rep = xcalloc(1, sizeof *rep);

	rep->outdir = xstrdup(outdir);
	rep->max_listed = max_listed;
	rep->verbose = verbose;
	rep->rejects = open_table(outdir, "rejects.csv");
	rep->warnings = open_table(outdir, "warnings.csv");
	open_workbook(rep, period);
	return rep;
}

/* Adds an error's row to rejects.xlsx: cells as in rejects.csv, line and column as numbers. */
static void add_workbook_row(struct report *rep, const char *const cells[REJECTS_NCOLUMNS],
			     const size_t lens[REJECTS_NCOLUMNS], const struct issue *is)
{
	xlsx_row(rep->workbook, XLSX_DATA);
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		size_t number = k == REJECTS_LINE ? is->line : k == REJECTS_COLUMN ? is->col : 0;
		if (number)
			xlsx_number(rep->workbook, (double)number);
		else if (cells[k] && lens[k] && k != REJECTS_LINE && k != REJECTS_COLUMN)
			xlsx_text(rep->workbook, cells[k], lens[k]);
		else
			xlsx_blank(rep->workbook);
	}
}

/* Sets b to v[0..n) NFC, with every byte that is not UTF-8 replaced by U+FFFD. */
static void printable(struct strbuf *b, struct strbuf *scratch, const char *v, size_t n)
{
	strbuf_reset(b);
	strbuf_reset(scratch);
	while (n > 0) {
		size_t ok = textnorm_utf8_check(v, n);
		strbuf_add(scratch, v, ok);
		if (ok == n)
			break;
		strbuf_adds(scratch, "\xEF\xBF\xBD");
		v += ok + 1;
		n -= ok + 1;
	}
	textnorm_nfc(scratch->data ? scratch->data : "", scratch->len, b);
	strbuf_add(b, "", 0);
}

void report_issue(struct report *rep, struct vfile *file, const struct issue *is)
{
	if (is->warning) {
		file->stats.warnings++;
	} else {
		file->stats.errors++;
		file->stats.by_code[is->code]++;
	}
	if (rep->max_listed && rep->listed >= rep->max_listed) {
		rep->unlisted++;
		return;
	}
	rep->listed++;

	struct strbuf *value = &rep->shown[0], *org = &rep->shown[1], *record = &rep->shown[2];
	struct strbuf *message = &rep->shown[3]; /* it may show typed values */
	printable(message, &rep->scratch, is->message, strlen(is->message));
	printable(value, &rep->scratch, is->value, is->value ? is->value_len : 0);
	printable(org, &rep->scratch, is->org, is->org ? is->org_len : 0);
	printable(record, &rep->scratch, is->record, is->record ? is->record_len : 0);
	char line_no[24] = "", col_no[24] = "";
	if (is->line)
		snprintf(line_no, sizeof line_no, "%zu", is->line);
	if (is->col)
		snprintf(col_no, sizeof col_no, "%zu", is->col);
	const char *cells[REJECTS_NCOLUMNS] = {
		[REJECTS_FILE] = file->file_name, [REJECTS_LINE] = line_no,
		[REJECTS_ORG] = org->data,        [REJECTS_RECORD] = record->data,
		[REJECTS_COLUMN] = col_no,        [REJECTS_FIELD] = is->field,
		[REJECTS_VALUE] = value->data,    [REJECTS_MESSAGE] = message->data,
		[REJECTS_CODE] = code_names[is->code],
	};
	size_t lens[REJECTS_NCOLUMNS];
	for (int k = 0; k < REJECTS_NCOLUMNS; k++)
		lens[k] = cells[k] ? strlen(cells[k]) : 0;
	struct strbuf *line = &rep->line;
	strbuf_reset(line);
	rejects_add_row(line, cells, lens);
	fwrite(line->data, 1, line->len, (is->warning ? rep->warnings : rep->rejects)->fp);
	if (!is->warning)
		add_workbook_row(rep, cells, lens, is);

	if (!rep->verbose)
		return;
	fprintf(stderr, "%s: %s%s", util_progname, is->warning ? "cảnh báo: " : "", file->path);
	if (is->line)
		fprintf(stderr, ":%zu", is->line);
	if (is->col)
		fprintf(stderr, ":%zu", is->col);
	fprintf(stderr, ": %s", message->data);
	if (is->value && !is->value_shown && value->len <= 80)
		fprintf(stderr, ": “%s”", value->data);
	fprintf(stderr, " [%s]\n", code_names[is->code]);
}

size_t report_unlisted(const struct report *rep)
{
	return rep->unlisted;
}

/* Adds the counts of st to the object o. */
static struct json *stats_json(struct json *o, const struct vstats *st)
{
	struct json *codes = json_new_object();

	json_add(o, "records", json_new_int((long long)st->records));
	json_add(o, "valid", json_new_int((long long)st->valid));
	json_add(o, "rejected", json_new_int((long long)st->rejected));
	json_add(o, "errors", json_new_int((long long)st->errors));
	for (int c = 0; c < V_NCODES; c++)
		if (st->by_code[c])
			json_add(codes, code_names[c], json_new_int((long long)st->by_code[c]));
	json_add(o, "errors_by_code", codes);
	json_add(o, "warnings", json_new_int((long long)st->warnings));
	json_add(o, "blank_lines", json_new_int((long long)st->blank_lines));
	return o;
}

/* Commits rejects.csv, warnings.csv and rejects.xlsx; exits 2 when one cannot be written. */
static void commit_tables(struct report *rep)
{
	struct strbuf err = {0};

	outfile_commit(rep->rejects);
	outfile_commit(rep->warnings);
	if (xlsx_close(rep->workbook, &err) != 0)
		util_die(EXIT_SYSTEM, "không ghi được tệp %s: %s", rep->workbook_file->path, err.data);
	outfile_commit(rep->workbook_file);
	strbuf_free(&err);
	free(rep->title);
}

void report_finish(struct report *rep, struct vfile *const *files, size_t n, const char *period,
		   struct vstats *totals)
{
	/* the tables first: validation.json, the file make goes by, comes last */
	commit_tables(rep);
	struct json *root = json_new_object();
	struct json *list = json_new_array();
	struct vstats total = {0};

	json_add(root, "period", json_new_string(period));
	for (size_t i = 0; i < n; i++) {
		const struct vfile *r = files[i];
		struct json *o = json_new_object();
		char delim[2] = {r->delimiter ? r->delimiter : ',', 0};
		json_add(o, "name", json_new_string(r->name));
		json_add(o, "path", json_new_string(r->path));
		json_add(o, "encoding", json_new_string(textnorm_encoding_name(r->encoding)));
		json_add(o, "bom", json_new_bool(r->bom));
		json_add(o, "delimiter", json_new_string(delim));
		json_append(list, stats_json(o, &r->stats));
		total.records += r->stats.records;
		total.valid += r->stats.valid;
		total.rejected += r->stats.rejected;
		total.errors += r->stats.errors;
		total.warnings += r->stats.warnings;
		total.blank_lines += r->stats.blank_lines;
		for (int c = 0; c < V_NCODES; c++)
			total.by_code[c] += r->stats.by_code[c];
	}
	json_add(root, "resources", list);
	struct json *t = stats_json(json_new_object(), &total);
	json_add(t, "unlisted", json_new_int((long long)rep->unlisted));
	json_add(root, "totals", t);
	json_add(root, "valid", json_new_bool(total.errors == 0));
	*totals = total;

	char *path = xasprintf("%s/validation.json", rep->outdir);
	json_write(root, path);
	free(path);
	json_free(root);
	for (int k = 0; k < 4; k++)
		strbuf_free(&rep->shown[k]);
	strbuf_free(&rep->scratch);
	strbuf_free(&rep->line);
	free(rep->outdir);
	free(rep);
}
