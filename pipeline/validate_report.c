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
	char *outdir;
	size_t max_listed; /* 0: no cap */
	size_t listed, unlisted;
	int verbose;
	struct strbuf scratch; /* the value, printable */
	struct strbuf org;     /* the organisation's code, printable */
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

struct report *report_open(const char *outdir, size_t max_listed, int verbose)
{
	struct report *rep = xcalloc(1, sizeof *rep);

	rep->outdir = xstrdup(outdir);
	rep->max_listed = max_listed;
	rep->verbose = verbose;
	rep->rejects = open_table(outdir, "rejects.csv");
	rep->warnings = open_table(outdir, "warnings.csv");
	return rep;
}

/* Appends v with every invalid UTF-8 byte replaced by U+FFFD. */
static void add_printable(struct strbuf *b, const char *v, size_t n)
{
	while (n > 0) {
		size_t ok = textnorm_utf8_check(v, n);
		strbuf_add(b, v, ok);
		if (ok == n)
			break;
		strbuf_adds(b, "\xEF\xBF\xBD");
		v += ok + 1;
		n -= ok + 1;
	}
}

void report_issue(struct report *rep, struct vfile *file, int warning, enum vcode code,
		  size_t row_line, size_t col, const char *field, const char *message,
		  const char *value, size_t value_len, const char *org, size_t org_len)
{
	if (warning) {
		file->stats.warnings++;
	} else {
		file->stats.errors++;
		file->stats.by_code[code]++;
	}
	if (rep->max_listed && rep->listed >= rep->max_listed) {
		rep->unlisted++;
		return;
	}
	rep->listed++;

	struct strbuf *b = &rep->scratch;
	strbuf_reset(b);
	if (value)
		add_printable(b, value, value_len);

	char line_no[24] = "", col_no[24] = "";
	if (row_line)
		snprintf(line_no, sizeof line_no, "%zu", row_line);
	if (col)
		snprintf(col_no, sizeof col_no, "%zu", col);
	strbuf_reset(&rep->org);
	if (org)
		add_printable(&rep->org, org, org_len);
	const char *cells[REJECTS_NCOLUMNS] = {
		[REJECTS_FILE] = file->file_name, [REJECTS_LINE] = line_no,
		[REJECTS_COLUMN] = col_no,        [REJECTS_FIELD] = field,
		[REJECTS_CODE] = code_names[code], [REJECTS_MESSAGE] = message,
		[REJECTS_VALUE] = b->data ? b->data : "", [REJECTS_ORG] = rep->org.data,
	};
	size_t lens[REJECTS_NCOLUMNS];
	for (int k = 0; k < REJECTS_NCOLUMNS; k++)
		lens[k] = cells[k] ? strlen(cells[k]) : 0;
	lens[REJECTS_VALUE] = b->len;
	lens[REJECTS_ORG] = rep->org.len;
	struct strbuf *line = &rep->line;
	strbuf_reset(line);
	rejects_add_row(line, cells, lens);
	fwrite(line->data, 1, line->len, (warning ? rep->warnings : rep->rejects)->fp);

	if (!rep->verbose)
		return;
	fprintf(stderr, "%s: %s%s", util_progname, warning ? "cảnh báo: " : "", file->path);
	if (row_line)
		fprintf(stderr, ":%zu", row_line);
	if (col)
		fprintf(stderr, ":%zu", col);
	fprintf(stderr, ": %s", message);
	if (value && b->len <= 80)
		fprintf(stderr, ": “%s”", b->data);
	fprintf(stderr, " [%s]\n", code_names[code]);
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
	return o;
}

void report_finish(struct report *rep, struct vfile *const *files, size_t n, const char *period,
		   struct vstats *totals)
{
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
	outfile_commit(rep->rejects);
	outfile_commit(rep->warnings);
	json_write(root, path);
	free(path);
	json_free(root);
	strbuf_free(&rep->scratch);
	strbuf_free(&rep->org);
	strbuf_free(&rep->line);
	free(rep->outdir);
	free(rep);
}
