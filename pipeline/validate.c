/*
 * baocao-validate: checks the CSV imports of a period against their Table
 * Schemas and writes, under the output directory, valid/<name>.csv
 * (normalised), rejected/<name>.csv (byte-exact), rejects.csv and
 * warnings.csv (for people) and validation.json (for machines).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "validate.h"

#define VERSION "0.1.0"

static const char usage_text[] =
	"usage: baocao-validate -o DIR [-y YEAR] [-p PERIOD] [-s SCHEMA_DIR | --no-schema]\n"
	"                       [-e [NAME=]ENCODING] [-d [NAME=]CHAR] [--max-errors N]\n"
	"                       [--max-field-size BYTES] [-j THREADS] [-q] FILE.csv...\n";

static const char help_text[] =
	"Checks CSV imports against their Table Schemas (SCHEMA_DIR/NAME.json for\n"
	"NAME.csv) and writes DIR/valid/, DIR/rejected/, DIR/rejects.csv,\n"
	"DIR/warnings.csv and DIR/validation.json.\n"
	"\n"
	"  -o, --output DIR         where to write (created if missing)\n"
	"  -y, --year YEAR          the period's year, for the \"period\" rules\n"
	"  -p, --period NAME        the period's name in validation.json (\"2022\", \"2023-05\")\n"
	"  -s, --schema-dir DIR     the schemas (default templates/schema)\n"
	"      --no-schema          no schemas: the header names the columns\n"
	"  -e, --encoding [NAME=]ENC  input encoding: utf-8 (default), tcvn3,\n"
	"                           windows-1258, utf-16le; NAME= limits it to NAME.csv\n"
	"  -d, --delimiter [NAME=]C separator ',', ';', 'tab' or '|' (default: detected)\n"
	"      --max-errors N       list at most N problems (default 10000; 0: all)\n"
	"      --max-field-size N   longest cell in bytes (default 1048576)\n"
	"  -j, --threads N          helper threads besides the main one (default 1; 0: none)\n"
	"  -q, --quiet              no problem lines and no progress on stderr\n"
	"  -h, --help, -V, --version\n"
	"\n"
	"Exit status: 0 all records valid (warnings allowed), 1 some records\n"
	"rejected or a header wrong, 2 usage, input/output or memory error.\n";

static _Noreturn void usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_SYSTEM);
}

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

static char parse_delimiter(const char *v)
{
	if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
		return '\t';
	if (strlen(v) == 1 && strchr(",;|\t", v[0]))
		return v[0];
	util_warn("dấu phân cách không hợp lệ: %s (dùng ',', ';', 'tab' hoặc '|')", v);
	usage();
}

static struct resource *new_resource(const char *path)
{
	struct resource *r = xcalloc(1, sizeof *r);
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len < 5 || strcmp(base + len - 4, ".csv") != 0)
		util_die(EXIT_SYSTEM, "%s: tên tệp phải có đuôi .csv", path);
	r->path = xstrdup(path);
	r->file_name = xstrdup(base);
	r->name = xstrndup(base, len - 4);
	return r;
}

static struct resource *find_resource(struct resource **res, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(res[i]->name, name) == 0)
			return res[i];
	return NULL;
}

/* Returns target's index on fields (and filter), creating it on first use. */
static struct refindex *get_index(struct resource *target, const struct schema_fk *fk)
{
	const struct schema *ts = target->schema;
	size_t *fields = xcalloc(fk->nfields, sizeof *fields);
	long filter = -1, start = -1, end = -1;

	for (size_t k = 0; k < fk->nfields; k++) {
		long f = schema_field_index(ts, fk->ref_fields[k]);
		if (f < 0)
			util_die(EXIT_SYSTEM, "%s: khóa ngoại tới cột không có: %s.%s",
				 target->schema->path, target->name, fk->ref_fields[k]);
		fields[k] = (size_t)f;
	}
	if (fk->ref_filter_field) {
		filter = schema_field_index(ts, fk->ref_filter_field);
		if (filter < 0)
			util_die(EXIT_SYSTEM, "reference.where: %s has no field %s", target->name,
				 fk->ref_filter_field);
	}
	if (fk->ref_active_start) {
		start = schema_field_index(ts, fk->ref_active_start);
		end = schema_field_index(ts, fk->ref_active_end);
		if (start < 0 || end < 0 || ts->fields[start].type != SCHEMA_DATE ||
		    ts->fields[end].type != SCHEMA_DATE)
			util_die(EXIT_SYSTEM, "reference.where.activeDuringPeriod: %s has no date fields %s, %s",
				 target->name, fk->ref_active_start, fk->ref_active_end);
	}
	for (size_t i = 0; i < target->nindexes; i++) {
		struct refindex *x = target->indexes[i];
		if (x->nfields != fk->nfields || x->filter_field != filter ||
		    x->active_start != start || x->active_end != end ||
		    memcmp(x->fields, fields, fk->nfields * sizeof *fields) != 0)
			continue;
		if (filter >= 0 && (x->nfilter != fk->nref_filter ||
				    memcmp(x->filter_values, fk->ref_filter_values,
					   fk->nref_filter * sizeof(char *)) != 0))
			continue;
		free(fields);
		return x;
	}
	struct refindex *x = xcalloc(1, sizeof *x);
	x->fields = fields;
	x->nfields = fk->nfields;
	x->filter_field = filter;
	x->active_start = start;
	x->active_end = end;
	if (filter >= 0) {
		x->filter_values = fk->ref_filter_values;
		x->nfilter = fk->nref_filter;
	}
	x->valid = keyset_new();
	x->rejected = keyset_new();
	size_t cap = target->nindexes;
	xgrow(&target->indexes, &cap, target->nindexes + 1, sizeof *target->indexes);
	target->indexes[target->nindexes++] = x;
	return x;
}

/*
 * Links every foreign key to its target resource and orders the resources so
 * that each comes after the ones it refers to (in command-line order otherwise).
 */
static void plan(struct resource **res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct resource *r = res[i];
		const struct schema *s = r->schema;
		if (!s)
			continue;
		r->fk_target = xcalloc(s->nfks + 1, sizeof *r->fk_target);
		r->fk_index = xcalloc(s->nfks + 1, sizeof *r->fk_index);
		for (size_t k = 0; k < s->nfks; k++) {
			const struct schema_fk *fk = &s->fks[k];
			if (fk->resource[0] == '\0')
				continue;
			struct resource *t = find_resource(res, n, fk->resource);
			if (!t)
				util_die(EXIT_SYSTEM,
					 "%s cần tệp %s.csv để kiểm tra tham chiếu; hãy đưa cả tệp đó vào lệnh",
					 r->file_name, fk->resource);
			if (t == r)
				util_die(EXIT_SYSTEM, "%s: a foreign key to the resource itself uses resource \"\"",
					 s->path);
			r->fk_target[k] = t;
			r->fk_index[k] = get_index(t, fk);
		}
	}
	/* a stable topological order */
	struct resource **order = xcalloc(n, sizeof *order);
	char *done = xcalloc(n, 1);
	for (size_t placed = 0; placed < n;) {
		size_t before = placed;
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			int ready = 1;
			const struct schema *s = res[i]->schema;
			for (size_t k = 0; s && k < s->nfks && ready; k++) {
				struct resource *t = res[i]->fk_target[k];
				for (size_t j = 0; t && j < n; j++)
					if (res[j] == t && !done[j])
						ready = 0;
			}
			if (ready) {
				done[i] = 1;
				order[placed++] = res[i];
				break;
			}
		}
		if (placed == before)
			util_die(EXIT_SYSTEM, "các lược đồ tham chiếu vòng tròn lẫn nhau (circular foreign keys)");
	}
	memcpy(res, order, n * sizeof *res);
	free(order);
	free(done);
}

static void free_resource(struct resource *r)
{
	for (size_t i = 0; i < r->nindexes; i++) {
		keyset_free(r->indexes[i]->valid);
		keyset_free(r->indexes[i]->rejected);
		free(r->indexes[i]->fields);
		free(r->indexes[i]);
	}
	free(r->indexes);
	free(r->fk_target);
	free(r->fk_index);
	schema_free(r->schema);
	free(r->name);
	free(r->path);
	free(r->file_name);
	free(r);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"year", required_argument, NULL, 'y'},
		{"period", required_argument, NULL, 'p'},
		{"schema-dir", required_argument, NULL, 's'},
		{"no-schema", no_argument, NULL, 'N'},
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
	struct vconfig cfg = {.threads = 1};
	const char *schema_dir = "templates/schema";
	const char *period = NULL;
	struct scoped *encodings = NULL, *delimiters = NULL;
	size_t nenc = 0, capenc = 0, ndel = 0, capdel = 0;
	size_t max_errors = 10000, max_field = 0;
	int quiet = 0, c;
	char *end;

	util_progname = "baocao-validate";
	opterr = 0; /* our own messages: getopt's would name the program by its path */
	while ((c = getopt_long(argc, argv, ":o:y:p:s:e:d:j:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			cfg.outdir = optarg;
			break;
		case 'y':
			cfg.year = strtol(optarg, &end, 10);
			if (*end || cfg.year < 1930 || cfg.year > 9999) {
				util_warn("năm không hợp lệ: %s", optarg);
				usage();
			}
			break;
		case 'p':
			period = optarg;
			break;
		case 's':
			schema_dir = optarg;
			break;
		case 'N':
			cfg.no_schema = 1;
			break;
		case 'e':
			add_scoped(&encodings, &nenc, &capenc, optarg);
			break;
		case 'd':
			add_scoped(&delimiters, &ndel, &capdel, optarg);
			break;
		case 'M':
		case 'F':
		case 'j': {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || !*optarg || optarg[0] == '-') {
				util_warn("số không hợp lệ: %s", optarg);
				usage();
			}
			if (c == 'M')
				max_errors = v;
			else if (c == 'F')
				max_field = v;
			else
				cfg.threads = v > 8 ? 8 : (int)v;
			break;
		}
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return EXIT_DONE;
		case 'V':
			puts("baocao-validate " VERSION);
			return EXIT_DONE;
		case ':':
			util_warn("tùy chọn %s cần một giá trị", argv[optind - 1]);
			usage();
		default:
			util_warn("tùy chọn không hợp lệ: %s", argv[optind - 1]);
			usage();
		}
	}
	if (!cfg.outdir) {
		util_warn("thiếu thư mục kết quả (-o DIR)");
		usage();
	}
	if (optind >= argc) {
		util_warn("thiếu tệp CSV cần kiểm tra");
		usage();
	}
	if (max_field && max_field < 64) {
		util_warn("--max-field-size phải từ 64 byte trở lên");
		usage();
	}
	cfg.progress = !quiet && isatty(STDERR_FILENO);

	size_t n = (size_t)(argc - optind);
	struct resource **res = xcalloc(n, sizeof *res);
	for (size_t i = 0; i < n; i++) {
		struct resource *r = res[i] = new_resource(argv[optind + (int)i]);
		if (find_resource(res, i, r->name))
			util_die(EXIT_SYSTEM, "tệp %s được nêu hai lần", r->file_name);
		if (access(r->path, R_OK) != 0)
			util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", r->path);
		if (!cfg.no_schema) {
			char *sp = xasprintf("%s/%s.json", schema_dir, r->name);
			if (access(sp, R_OK) != 0)
				util_die_errno(EXIT_SYSTEM,
					       "không có lược đồ cho tệp %s (cần %s)",
					       r->file_name, sp);
			r->schema = schema_load(sp);
			free(sp);
		}
		const char *enc = scoped_value(encodings, nenc, r->name);
		if (enc) {
			int e = textnorm_encoding_from_name(enc);
			if (e < 0) {
				util_warn("bảng mã không hỗ trợ: %s (dùng utf-8, tcvn3, windows-1258, utf-16le)", enc);
				usage();
			}
			r->csv.encoding = (enum textnorm_encoding)e;
		}
		const char *del = scoped_value(delimiters, ndel, r->name);
		if (del)
			r->csv.delimiter = parse_delimiter(del);
		r->csv.max_field = max_field;
	}
	plan(res, n);

	outfile_cleanup_on_signals();
	char *dirs[] = {xasprintf("%s/valid", cfg.outdir), xasprintf("%s/rejected", cfg.outdir)};
	for (int i = 0; i < 2; i++) {
		outfile_mkdirs(dirs[i]);
		free(dirs[i]);
	}
	struct report *rep = report_open(cfg.outdir, max_errors, !quiet);
	for (size_t i = 0; i < n; i++)
		validate_resource(res[i], &cfg, rep);

	size_t unlisted = report_unlisted(rep);
	char year[16];
	struct vstats total;
	snprintf(year, sizeof year, "%ld", cfg.year);
	report_finish(rep, res, n, period ? period : cfg.year ? year : "", &total);
	if (!quiet) {
		if (unlisted)
			util_warn("còn %zu lỗi và cảnh báo khác không được liệt kê (--max-errors %zu); số đếm đầy đủ ở %s/validation.json",
				  unlisted, max_errors, cfg.outdir);
		if (total.errors || total.warnings)
			util_warn("%zu bản ghi: %zu hợp lệ, %zu bị từ chối; %zu lỗi, %zu cảnh báo (xem %s/rejects.csv)",
				  total.records, total.records - total.rejected, total.rejected, total.errors,
				  total.warnings, cfg.outdir);
	}
	for (size_t i = 0; i < n; i++)
		free_resource(res[i]);
	free(res);
	free_scoped(encodings, nenc);
	free_scoped(delimiters, ndel);
	return total.errors ? EXIT_REJECTED : EXIT_DONE;
}
