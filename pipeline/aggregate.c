/*
 * baocao-aggregate: each organisation's figures for a period, and its whole
 * subtree's, from the validated imports (DIR/valid/<name>.csv), written as one
 * stable JSON file per organisation (DIR/aggregate/<ma_to_chuc>.json).
 * A file is rewritten only when its content changes, so that make
 * re-renders only the reports whose figures changed.
 *
 * This first part counts the head count at the period's end (đảng viên,
 * quần chúng), the commitments among those people and the models; the other
 * indicators of DOMAIN.md are to come (issue 3).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "jsonfile.h"
#include "keyset.h"
#include "orgtree.h"
#include "outfile.h"

#define VERSION "0.1.0"

/* The counters, summed up the tree; their JSON names, in output order. */
enum counter {
	C_HEADCOUNT, C_MEMBERS, C_NON_MEMBERS, C_COMMITMENTS,
	C_MODELS_REGISTERED, C_MODELS_EFFECTIVE,
	NCOUNTERS
};

static const char *const counter_names[NCOUNTERS] = {
	"so_nguoi", "dang_vien", "quan_chung", "so_cam_ket",
	"mo_hinh_dang_ky", "mo_hinh_hieu_qua",
};

/* Rates, recomputed from summed counters (never averaged), in percent. */
static const struct {
	const char *name;
	enum counter num, den;
} rates[] = {
	{"ty_le_cam_ket", C_COMMITMENTS, C_HEADCOUNT},
};

struct figures {
	long long c[NCOUNTERS];
};

/* A validated CSV file read by column names. */
struct table {
	struct csvin *in;
	const char *path;
	long col[16];
};

static int table_open(struct table *t, const char *path, const char *const *names, int required)
{
	struct csvin_options opt = {0};
	struct csvin_record rec;

	t->path = path;
	t->in = csvin_open(path, &opt);
	if (!t->in) {
		if (!required && errno == ENOENT)
			return 0;
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
	}
	if (!csvin_next(t->in, &rec))
		util_die(EXIT_SYSTEM, "%s: tệp rỗng", path);
	for (int k = 0; names[k]; k++) {
		t->col[k] = -1;
		for (size_t i = 0; i < rec.nfields; i++)
			if (rec.fields[i].len == strlen(names[k]) &&
			    memcmp(rec.fields[i].data, names[k], rec.fields[i].len) == 0)
				t->col[k] = (long)i;
		if (t->col[k] < 0)
			util_die(EXIT_SYSTEM, "%s: thiếu cột %s", path, names[k]);
	}
	return 1;
}

/* The k-th named cell of rec, with its length; "" when absent. */
static const char *cell(const struct table *t, const struct csvin_record *rec, int k, size_t *len)
{
	long c = t->col[k];

	if ((size_t)c >= rec->nfields) {
		*len = 0;
		return "";
	}
	*len = rec->fields[c].len;
	return rec->fields[c].data;
}

static int cell_is(const struct table *t, const struct csvin_record *rec, int k, const char *v)
{
	size_t len;
	const char *s = cell(t, rec, k, &len);
	return len == strlen(v) && memcmp(s, v, len) == 0;
}

static void table_close(struct table *t)
{
	if (t->in && csvin_read_error(t->in))
		util_die(EXIT_SYSTEM, "lỗi khi đọc tệp %s", t->path);
	csvin_close(t->in);
	t->in = NULL;
}

struct run {
	const char *dir;
	long year;
	char year_text[8];
	char end[11];            /* the period's last day, ISO */
	fmt_days first, last;    /* the period's first and last days */
	struct orgtree *tree;
	struct figures *own, *all;
	struct keyset *people;   /* people counted at the end: ma_nguoi -> org + 1 */
	int quiet;
};

/*
 * 1 when o belongs to the period: founded by its last day and not dissolved
 * before its first (an organisation dissolved during the period is in it).
 */
static int in_period(const struct run *r, size_t i)
{
	const struct org *o = &r->tree->orgs[i];
	return (o->founded == ORGTREE_NO_DATE || o->founded <= r->last) &&
	       (o->dissolved == ORGTREE_NO_DATE || o->dissolved > r->first);
}

/* The organisation with code[0..len) if it belongs to the period, else -1. */
static long org_of(const struct run *r, const char *code, size_t len)
{
	long i = orgtree_find(r->tree, code, len);
	return i >= 0 && in_period(r, (size_t)i) ? i : -1;
}

/* 1 when the ISO dates start[0..n) and end[0..m) make a spell that covers the day. */
static int covers(const char *start, size_t n, const char *end, size_t m, const char *day)
{
	return n == 10 && memcmp(start, day, 10) <= 0 && (m == 0 || (m == 10 && memcmp(end, day, 10) > 0));
}

static void count_people(struct run *r)
{
	static const char *const names[] = {"ma_nguoi", "la_dang_vien", "ma_to_chuc", "ngay_bat_dau",
					    "ngay_ket_thuc", NULL};
	char *path = xasprintf("%s/valid/nhan_su.csv", r->dir);
	struct table t;
	struct csvin_record rec;

	table_open(&t, path, names, 1);
	while (csvin_next(t.in, &rec)) {
		size_t nid, norg, ns, ne;
		const char *id = cell(&t, &rec, 0, &nid);
		const char *org = cell(&t, &rec, 2, &norg);
		const char *start = cell(&t, &rec, 3, &ns), *stop = cell(&t, &rec, 4, &ne);
		long o = org_of(r, org, norg);
		/* a person counts where their spell places them at the period's end */
		if (o < 0 || !covers(start, ns, stop, ne, r->end))
			continue;
		struct figures *f = &r->own[o];
		f->c[C_HEADCOUNT]++;
		f->c[cell_is(&t, &rec, 1, "1") ? C_MEMBERS : C_NON_MEMBERS]++;
		keyset_add(r->people, id, nid, (uint32_t)o + 1, NULL);
	}
	table_close(&t);
	free(path);
}

static void count_commitments(struct run *r)
{
	static const char *const names[] = {"nam", "ma_nguoi", "co_cam_ket", NULL};
	char *path = xasprintf("%s/valid/cam_ket.csv", r->dir);
	struct table t;
	struct csvin_record rec;

	if (table_open(&t, path, names, 0)) {
		while (csvin_next(t.in, &rec)) {
			size_t nid;
			const char *id = cell(&t, &rec, 1, &nid);
			uint32_t o;
			/* commitments of the year by the people counted at its end */
			if (cell_is(&t, &rec, 0, r->year_text) && cell_is(&t, &rec, 2, "1") &&
			    keyset_find(r->people, id, nid, &o))
				r->own[o - 1].c[C_COMMITMENTS]++;
		}
		table_close(&t);
	}
	free(path);
}

static void count_models(struct run *r)
{
	static const char *const names[] = {"nam", "ma_to_chuc", "danh_gia", NULL};
	char *path = xasprintf("%s/valid/mo_hinh.csv", r->dir);
	struct table t;
	struct csvin_record rec;

	if (table_open(&t, path, names, 0)) {
		while (csvin_next(t.in, &rec)) {
			size_t norg;
			const char *org = cell(&t, &rec, 1, &norg);
			long o = org_of(r, org, norg);
			if (o < 0 || !cell_is(&t, &rec, 0, r->year_text))
				continue;
			r->own[o].c[C_MODELS_REGISTERED]++;
			if (cell_is(&t, &rec, 2, "hieu_qua"))
				r->own[o].c[C_MODELS_EFFECTIVE]++;
		}
		table_close(&t);
	}
	free(path);
}

static struct json *figures_json(const struct figures *f)
{
	struct json *o = json_new_object();

	for (int k = 0; k < NCOUNTERS; k++)
		json_add(o, counter_names[k], json_new_int(f->c[k]));
	for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
		long long den = f->c[rates[k].den];
		json_add(o, rates[k].name,
			 den ? json_new_fixed(100.0 * (double)f->c[rates[k].num] / (double)den, 2)
			     : json_new_null());
	}
	return o;
}

static struct json *org_json(const struct run *r, size_t i)
{
	const struct org *o = &r->tree->orgs[i];
	struct json *j = json_new_object(), *up = json_new_array(), *kids = json_new_array();

	json_add(j, "ma_to_chuc", json_new_string(o->code));
	json_add(j, "ten_to_chuc", json_new_string(o->name));
	json_add(j, "ten_viet_tat", json_new_string(o->short_name));
	json_add(j, "loai", json_new_string(o->type));
	json_add(j, "ma_cap_tren",
		 json_new_string(o->parent >= 0 ? r->tree->orgs[o->parent].code : ""));
	/* the ancestors' names, from the root down */
	size_t chain[64], n = 0;
	for (long p = o->parent; p >= 0 && n < 64; p = r->tree->orgs[p].parent)
		chain[n++] = (size_t)p;
	while (n--)
		json_append(up, json_new_string(r->tree->orgs[chain[n]].name));
	json_add(j, "cap_tren", up);
	json_add(j, "ky", json_new_string(r->year_text));
	json_add(j, "ngay_cuoi_ky", json_new_string(r->end));
	json_add(j, "rieng", figures_json(&r->own[i]));
	json_add(j, "toan_bo", figures_json(&r->all[i]));
	for (size_t k = 0; k < o->nchildren; k++) {
		size_t c = o->children[k];
		const struct org *ch = &r->tree->orgs[c];
		if (!in_period(r, c))
			continue;
		struct json *cj = json_new_object();
		json_add(cj, "ma_to_chuc", json_new_string(ch->code));
		json_add(cj, "ten_to_chuc", json_new_string(ch->name));
		json_add(cj, "loai", json_new_string(ch->type));
		json_add(cj, "toan_bo", figures_json(&r->all[c]));
		json_append(kids, cj);
	}
	json_add(j, "truc_thuoc", kids);
	return j;
}

/* Removes aggregate/ files of organisations not in this period. */
static void remove_stale(const struct run *r, const char *outdir)
{
	DIR *d = opendir(outdir);
	struct dirent *e;

	if (!d)
		util_die_errno(EXIT_SYSTEM, "không đọc được thư mục %s", outdir);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		long i = orgtree_find(r->tree, e->d_name, len - 5);
		if (i >= 0 && in_period(r, (size_t)i))
			continue;
		char *p = xasprintf("%s/%s", outdir, e->d_name);
		if (unlink(p) != 0)
			util_die_errno(EXIT_SYSTEM, "không xóa được tệp %s", p);
		free(p);
	}
	closedir(d);
}

static const char usage_text[] = "usage: baocao-aggregate -o DIR -y YEAR [-m MONTH] [-q]\n";

static _Noreturn void usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_SYSTEM);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"year", required_argument, NULL, 'y'},
		{"month", required_argument, NULL, 'm'},  {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct run r = {0};
	long month = 0;
	int c;
	char *end;

	util_progname = "baocao-aggregate";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:y:m:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			r.dir = optarg;
			break;
		case 'y':
		case 'm': {
			long v = strtol(optarg, &end, 10);
			if (*end || (c == 'y' ? v < 1930 || v > 9999 : v < 1 || v > 12)) {
				util_warn("%s không hợp lệ: %s", c == 'y' ? "năm" : "tháng", optarg);
				usage();
			}
			*(c == 'y' ? &r.year : &month) = v;
			break;
		}
		case 'q':
			r.quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs("Writes DIR/aggregate/<ma_to_chuc>.json for every organisation of the period,\n"
			      "from DIR/valid/*.csv. Exit status: 0 done, 2 usage or input/output error.\n",
			      stdout);
			return EXIT_DONE;
		case 'V':
			puts("baocao-aggregate " VERSION);
			return EXIT_DONE;
		default:
			util_warn("tùy chọn không hợp lệ: %s", argv[optind - 1]);
			usage();
		}
	}
	if (!r.dir || !r.year || optind != argc)
		usage();
	snprintf(r.year_text, sizeof r.year_text, "%ld", r.year);
	r.first = fmt_days_from_civil(r.year, month ? (unsigned)month : 1, 1);
	r.last = month ? fmt_days_from_civil(month == 12 ? r.year + 1 : r.year,
					     month == 12 ? 1 : (unsigned)month + 1, 1) - 1
		       : fmt_days_from_civil(r.year, 12, 31);
	struct strbuf iso = {0};
	fmt_date_iso(r.last, &iso);
	memcpy(r.end, iso.data, 11);
	strbuf_free(&iso);

	struct strbuf err = {0};
	char *orgs_path = xasprintf("%s/valid/to_chuc.csv", r.dir);
	r.tree = orgtree_load(orgs_path, &err);
	if (!r.tree)
		util_die(EXIT_SYSTEM, "%s", err.data);
	r.own = xcalloc(r.tree->n, sizeof *r.own);
	r.all = xcalloc(r.tree->n, sizeof *r.all);
	r.people = keyset_new();
	count_people(&r);
	count_commitments(&r);
	count_models(&r);
	/* roll-up: children come before their parent */
	for (size_t k = 0; k < r.tree->n; k++) {
		size_t i = r.tree->bottom_up[k];
		for (int n = 0; n < NCOUNTERS; n++)
			r.all[i].c[n] += r.own[i].c[n];
		long p = r.tree->orgs[i].parent;
		if (p >= 0)
			for (int n = 0; n < NCOUNTERS; n++)
				r.all[p].c[n] += r.all[i].c[n];
	}

	outfile_cleanup_on_signals();
	char *outdir = xasprintf("%s/aggregate", r.dir);
	outfile_mkdirs(outdir);
	size_t written = 0, total = 0;
	for (size_t i = 0; i < r.tree->n; i++) {
		if (!in_period(&r, i))
			continue;
		struct json *j = org_json(&r, i);
		char *p = xasprintf("%s/%s.json", outdir, r.tree->orgs[i].code);
		written += (size_t)json_write_if_changed(j, p);
		total++;
		free(p);
		json_free(j);
	}
	remove_stale(&r, outdir);
	if (!r.quiet)
		fprintf(stderr, "%s: %zu tổ chức, %zu tệp thay đổi\n", util_progname, total, written);

	free(outdir);
	free(orgs_path);
	strbuf_free(&err);
	keyset_free(r.people);
	free(r.own);
	free(r.all);
	orgtree_free(r.tree);
	return EXIT_DONE;
}
