/*
 * baocao-validate: checks the CSV imports of a period against their Table
 * Schemas and writes, under the output directory, valid/<name>.csv
 * (normalised), rejected/<name>.csv (byte-exact), rejects.csv,
 * rejects.xlsx and warnings.csv (for people) and validation.json (for
 * machines).
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"
#include "validate_file.h"
#include "validate_report.h"
#include "validate_resource.h"

static const struct cli cli = {
	"baocao-validate",
	"usage: baocao-validate -o DIR [-y YEAR] [-p PERIOD] [-s SCHEMA_DIR | --no-schema]\n"
	"                       [--settings FILE] [-e [NAME=]ENCODING] [-d [NAME=]CHAR]\n"
	"                       [--max-errors N] [--max-field-size BYTES] [-j THREADS] [-q]\n"
	"                       FILE.csv...\n",
	"Checks CSV imports against their Table Schemas (SCHEMA_DIR/NAME.json for\n"
	"NAME.csv) and writes DIR/valid/, DIR/rejected/, DIR/rejects.csv,\n"
	"DIR/rejects.xlsx, DIR/warnings.csv and DIR/validation.json.\n"
	"\n"
	"  -o, --output DIR         where to write (created if missing)\n"
	"  -y, --year YEAR          the period's year, for the \"period\" rules\n"
	"  -p, --period NAME        the period's name in validation.json (\"2022\", \"2023-05\")\n"
	"  -s, --schema-dir DIR     the schemas (default templates/schema)\n"
	"      --no-schema          no schemas: the header names the columns\n"
	"      --settings FILE      the period's settings (input/<year>/cai_dat.json): per\n"
	"                           import its encoding and separator, e.g.\n"
	"                           {\"bang_ma\": {\"nhan_su\": \"windows-1258\"},\n"
	"                            \"dau_phan_cach\": {\"cam_ket\": \";\", \"*\": \",\"}}\n"
	"                           (NAME without .csv, \"*\" for every file); -e and -d\n"
	"                           override it\n"
	"  -e, --encoding [NAME=]ENC  input encoding: utf-8 (default), tcvn3,\n"
	"                           windows-1258, utf-16le; NAME= limits it to NAME.csv\n"
	"  -d, --delimiter [NAME=]C separator ',', ';', 'tab' or '|' (default: detected)\n"
	"      --max-errors N       list at most N problems (default 10000; 0: all)\n"
	"      --max-field-size N   longest cell in bytes (default 1048576)\n"
	"  -j, --threads N          helper threads besides the main one (default 1; 0: none)\n"
	"  -q, --quiet              no problem lines and no progress on stderr\n"
	"  -h, --help, -V, --version\n"
	"\n"
	"rejects.csv (errors) and warnings.csv (warnings) are for Excel in vi-VN (BOM,\n"
	"';', CRLF), a row per problem: Tệp;Dòng;Mã tổ chức;Bản ghi;Cột;Tên cột;\n"
	"Giá trị;Lỗi;Mã lỗi (the record named as people know it, the column's title,\n"
	"the value as typed). A header may name columns by their titles; an enum\n"
	"value matches whatever its case and diacritics, and so do the schema's labels\n"
	"for it (\"NỮ\" for nu); a blank line is a warning (validation.json's\n"
	"blank_lines), not a record. rejects.xlsx holds the rows of rejects.csv as a\n"
	"workbook: line and column as numbers, a filter on every column.\n"
	"\n"
	"Exit status: 0 all records valid (warnings allowed), 1 some records\n"
	"rejected or a header wrong, 2 usage, input/output, memory, schema or\n"
	"settings error.\n",
};

/* A per-file or global option value, "[NAME=]VALUE". */
struct scoped {
	char *name; /* NULL: every file */
	char *value;
};

static void add_scoped(struct scoped **list, size_t *n, size_t *cap, const char *arg)
{
	const char *eq = strchr(arg, '=');

	xgrow(list, cap, *n + 1, sizeof **list);
	(*list)[*n].name = eq ? xstrndup(arg, (size_t)(eq - arg)) : NULL;
	(*list)[*n].value = xstrdup(eq ? eq + 1 : arg);
	(*n)++;
}

static void free_scoped(struct scoped *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].value);
	}
	free(list);
}

/* The last matching value for resource name, or NULL. */
static const char *scoped_value(const struct scoped *list, size_t n, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < n; i++)
		if (!list[i].name || strcmp(list[i].name, name) == 0)
			v = list[i].value;
	return v;
}

/* What the command line asks for. */
struct options {
	struct vconfig cfg;
	const char *schema_dir; /* NULL: no schemas */
	const char *settings;   /* the period's settings file, or NULL */
	const char *period;
	struct scoped *encodings, *delimiters;
	size_t nenc, ndel;
	size_t max_errors, max_field;
	int quiet;
};

static char parse_delimiter(const char *v)
{
	int d = resource_delimiter(v);

	if (d < 0)
		cli_usage(&cli, "dấu phân cách không hợp lệ: %s (dùng ',', ';', 'tab' hoặc '|')", v);
	return (char)d;
}

/*
 * The resources of files[0..n), with the options that apply to each (the
 * settings file's, then the command line's), linked and ordered.
 */
static struct resource **open_resources(const struct options *o, char *const *files, size_t n)
{
	struct resource **res = xcalloc(n, sizeof *res);

	for (size_t i = 0; i < n; i++) {
		struct resource *r = res[i] = resource_new(files[i], o->schema_dir);
		if (resource_find(res, i, r->file.name))
			util_die(EXIT_SYSTEM, "tệp %s được nêu hai lần", r->file.file_name);
	}
	if (o->settings)
		resources_apply_settings(res, n, o->settings, o->schema_dir);
	for (size_t i = 0; i < n; i++) {
		struct resource *r = res[i];
		const char *enc = scoped_value(o->encodings, o->nenc, r->file.name);
		if (enc) {
			int e = textnorm_encoding_from_name(enc);
			if (e < 0)
				cli_usage(&cli, "bảng mã không hỗ trợ: %s (dùng utf-8, tcvn3, windows-1258, utf-16le)",
					  enc);
			r->csv.encoding = (enum textnorm_encoding)e;
		}
		const char *del = scoped_value(o->delimiters, o->ndel, r->file.name);
		if (del)
			r->csv.delimiter = parse_delimiter(del);
		r->csv.max_field = o->max_field;
	}
	resources_link(res, n);
	return res;
}

/* Validates files[0..n) into o->cfg.outdir; returns the exit status. */
static int validate(const struct options *o, char *const *files, size_t n)
{
	struct resource **res = open_resources(o, files, n);
	struct vfile **counted = xcalloc(n, sizeof *counted);
	struct vstats total;
	char year[16];

	outfile_cleanup_on_signals();
	char *dirs[] = {xasprintf("%s/valid", o->cfg.outdir), xasprintf("%s/rejected", o->cfg.outdir)};
	for (int i = 0; i < 2; i++) {
		outfile_mkdirs(dirs[i]);
		free(dirs[i]);
	}
	snprintf(year, sizeof year, "%ld", o->cfg.year);
	const char *period = o->period ? o->period : o->cfg.year ? year : "";
	struct report *rep = report_open(o->cfg.outdir, period, o->max_errors, !o->quiet);
	for (size_t i = 0; i < n; i++) {
		validate_file(res[i], &o->cfg, rep);
		counted[i] = &res[i]->file;
	}
	size_t unlisted = report_unlisted(rep);
	report_finish(rep, counted, n, period, &total);
	if (!o->quiet) {
		if (unlisted)
			util_warn("còn %zu lỗi và cảnh báo khác không được liệt kê (--max-errors %zu); số đếm đầy đủ ở %s/validation.json",
				  unlisted, o->max_errors, o->cfg.outdir);
		if (total.errors || total.warnings)
			util_warn("%zu bản ghi: %zu hợp lệ, %zu bị từ chối; %zu lỗi, %zu cảnh báo (xem %s/rejects.csv)",
				  total.records, total.records - total.rejected, total.rejected, total.errors,
				  total.warnings, o->cfg.outdir);
	}
	for (size_t i = 0; i < n; i++)
		resource_free(res[i]);
	free(res);
	free(counted);
	return total.errors ? EXIT_REJECTED : EXIT_DONE;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"year", required_argument, NULL, 'y'},
		{"period", required_argument, NULL, 'p'},
		{"schema-dir", required_argument, NULL, 's'},
		{"no-schema", no_argument, NULL, 'N'},
		{"settings", required_argument, NULL, 'S'},
		{"encoding", required_argument, NULL, 'e'},
		{"delimiter", required_argument, NULL, 'd'},
		{"max-errors", required_argument, NULL, 'M'},
		{"max-field-size", required_argument, NULL, 'F'},
		{"threads", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {.cfg = {.threads = 1}, .schema_dir = "templates/schema",
			    .max_errors = 10000};
	size_t capenc = 0, capdel = 0;
	long v;
	int c;

	cli_start(&cli);
	while ((c = getopt_long(argc, argv, ":o:y:p:s:e:d:j:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.cfg.outdir = optarg; break;
		case 'p': o.period = optarg; break;
		case 's': o.schema_dir = optarg; break;
		case 'N': o.schema_dir = NULL; break;
		case 'S': o.settings = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'e': add_scoped(&o.encodings, &o.nenc, &capenc, optarg); break;
		case 'd': add_scoped(&o.delimiters, &o.ndel, &capdel, optarg); break;
		case 'y':
			if (cli_number(optarg, 1930, 9999, &o.cfg.year) != 0)
				cli_usage(&cli, "năm không hợp lệ: %s", optarg);
			break;
		case 'M':
		case 'F':
		case 'j':
			if (cli_number(optarg, 0, LONG_MAX, &v) != 0)
				cli_usage(&cli, "số không hợp lệ: %s", optarg);
			if (c == 'M')
				o.max_errors = (size_t)v;
			else if (c == 'F')
				o.max_field = (size_t)v;
			else
				o.cfg.threads = v > 8 ? 8 : (int)v;
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	if (!o.cfg.outdir)
		cli_usage(&cli, "thiếu thư mục kết quả (-o DIR)");
	if (optind >= argc)
		cli_usage(&cli, "thiếu tệp CSV cần kiểm tra");
	if (o.max_field && o.max_field < 64)
		cli_usage(&cli, "--max-field-size phải từ 64 byte trở lên");
	o.cfg.progress = !o.quiet && isatty(STDERR_FILENO);

	int status = validate(&o, argv + optind, (size_t)(argc - optind));
	free_scoped(o.encodings, o.nenc);
	free_scoped(o.delimiters, o.ndel);
	return status;
}
