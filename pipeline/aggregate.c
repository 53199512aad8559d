/*
 * baocao-aggregate: each organisation's figures for a period, and its whole
 * subtree's, from the validated imports (DIR/valid/<name>.csv), written as one
 * stable JSON file per organisation (DIR/aggregate/<ma_to_chuc>.json).
 * A file is rewritten only when its content changes, so that make
 * re-renders only the reports whose figures changed.
 * Also the appendix table (bang_so_lieu.csv) and, with -p, the change
 * against the previous year. The counters are one table (enum counter) so
 * that counting, rolling up and printing share one loop each; the people
 * set maps ma_nguoi to the organisation where the person counts.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "jsonfile.h"
#include "keyset.h"
#include "orgtree.h"
#include "outfile.h"

#define VERSION "0.1.0"

/* The counters, summed up the tree; their JSON group and name, in output order. */
enum counter {
	C_HEADCOUNT, C_MEMBERS, C_NON_MEMBERS, C_COMMITMENTS,
	C_SELF_HTXS, C_SELF_HTT, C_SELF_HT, C_SELF_KHT,
	C_CB_HTXS, C_CB_HTT, C_CB_HT, C_CB_KHT,
	C_XLDV_HTXS, C_XLDV_HTT, C_XLDV_HT, C_XLDV_KHT,
	C_XLTC_HTXS, C_XLTC_HTT, C_XLTC_HT, C_XLTC_KHT,
	C_MODELS_REGISTERED, C_MODELS_EFFECTIVE,
	C_KT_FIRST, /* 4 levels x (tập thể, cá nhân đảng viên, cá nhân quần chúng) */
	C_SH_MONTHS = C_KT_FIRST + 12, C_SH_MEETINGS, C_SH_CT05, C_SH_REPORTING,
	C_SH_NEWS, C_SH_BROADCASTS, C_SH_BULLETINS, C_SH_SOCIAL,
	/* a monthly period's own month (the sinh_hoat and tuyen_truyen above are the year to date) */
	C_M_MONTHS, C_M_MEETINGS, C_M_CT05, C_M_REPORTING, C_M_NEWS, C_M_BROADCASTS,
	C_M_BULLETINS, C_M_SOCIAL,
	NCOUNTERS
};

static const char *const levels[4] = {"HTXSNV", "HTTNV", "HTNV", "KHTNV"};
static const char *const award_levels[4] = {"co_so", "DUK", "tinh", "trung_uong"};
static const char *const award_kinds[3] = {"tap_the", "ca_nhan_dang_vien", "ca_nhan_quan_chung"};

static const struct {
	const char *group, *name;
} counters[NCOUNTERS] = {
	[C_HEADCOUNT] = {NULL, "so_nguoi"},
	[C_MEMBERS] = {NULL, "dang_vien"},
	[C_NON_MEMBERS] = {NULL, "quan_chung"},
	[C_COMMITMENTS] = {NULL, "so_cam_ket"},
	[C_SELF_HTXS] = {"tu_danh_gia", "HTXSNV"}, [C_SELF_HTT] = {"tu_danh_gia", "HTTNV"},
	[C_SELF_HT] = {"tu_danh_gia", "HTNV"},     [C_SELF_KHT] = {"tu_danh_gia", "KHTNV"},
	[C_CB_HTXS] = {"chi_bo_danh_gia", "HTXSNV"}, [C_CB_HTT] = {"chi_bo_danh_gia", "HTTNV"},
	[C_CB_HT] = {"chi_bo_danh_gia", "HTNV"},     [C_CB_KHT] = {"chi_bo_danh_gia", "KHTNV"},
	[C_XLDV_HTXS] = {"xep_loai_dang_vien", "HTXSNV"}, [C_XLDV_HTT] = {"xep_loai_dang_vien", "HTTNV"},
	[C_XLDV_HT] = {"xep_loai_dang_vien", "HTNV"},     [C_XLDV_KHT] = {"xep_loai_dang_vien", "KHTNV"},
	[C_XLTC_HTXS] = {"xep_loai_to_chuc", "HTXSNV"}, [C_XLTC_HTT] = {"xep_loai_to_chuc", "HTTNV"},
	[C_XLTC_HT] = {"xep_loai_to_chuc", "HTNV"},     [C_XLTC_KHT] = {"xep_loai_to_chuc", "KHTNV"},
	[C_MODELS_REGISTERED] = {"mo_hinh", "dang_ky"},
	[C_MODELS_EFFECTIVE] = {"mo_hinh", "hieu_qua"},
	/* the commendations are named in counter_name() */
	[C_SH_MONTHS] = {"sinh_hoat", "so_thang_chi_bo"},
	[C_SH_MEETINGS] = {"sinh_hoat", "so_buoi"},
	[C_SH_CT05] = {"sinh_hoat", "so_buoi_co_noi_dung_ct05"},
	[C_SH_REPORTING] = {"sinh_hoat", "so_luot_bao_cao_ket_qua"},
	[C_SH_NEWS] = {"tuyen_truyen", "tin_bai"},
	[C_SH_BROADCASTS] = {"tuyen_truyen", "chuyen_muc_pt_th"},
	[C_SH_BULLETINS] = {"tuyen_truyen", "ban_tin"},
	[C_SH_SOCIAL] = {"tuyen_truyen", "bai_mang_xa_hoi"},
	[C_M_MONTHS] = {"trong_thang", "so_chi_bo"},
	[C_M_MEETINGS] = {"trong_thang", "so_buoi"},
	[C_M_CT05] = {"trong_thang", "so_buoi_co_noi_dung_ct05"},
	[C_M_REPORTING] = {"trong_thang", "so_luot_bao_cao_ket_qua"},
	[C_M_NEWS] = {"trong_thang", "tin_bai"},
	[C_M_BROADCASTS] = {"trong_thang", "chuyen_muc_pt_th"},
	[C_M_BULLETINS] = {"trong_thang", "ban_tin"},
	[C_M_SOCIAL] = {"trong_thang", "bai_mang_xa_hoi"},
};

/* Rates, recomputed from summed counters (never averaged), in percent. */
static const struct {
	const char *name;
	enum counter num, den;
} rates[] = {
	{"ty_le_cam_ket", C_COMMITMENTS, C_HEADCOUNT},
	{"ty_le_sinh_hoat_co_noi_dung_ct05", C_SH_CT05, C_SH_MONTHS},
	{"ty_le_sinh_hoat_co_noi_dung_ct05_trong_thang", C_M_CT05, C_M_MONTHS},
};

/* A counter's group and name; the commendations' are made from their parts. */
static void counter_name(int k, const char **group, char *name, size_t size)
{
	if (k >= C_KT_FIRST && k < C_KT_FIRST + 12) {
		*group = "khen_thuong";
		snprintf(name, size, "%s_%s", award_levels[(k - C_KT_FIRST) / 3],
			 award_kinds[(k - C_KT_FIRST) % 3]);
		return;
	}
	*group = counters[k].group;
	snprintf(name, size, "%s", counters[k].name);
}

struct figures {
	long long c[NCOUNTERS];
};

/* A validated CSV file read by column names. */
struct table {
	struct csvin *in;
	char *path;
	long col[16];
	struct csvin_batch *batch;        /* the records read, a batch at a time */
	const struct csvin_record *recs;  /* the batch's records */
	size_t nrecs, pos;                /* their number, and the next one to hand out */
	uint64_t *hash;                   /* see table_batch */
	size_t hash_cap;
};

/* Reads t's next batch; returns 0 at the end. */
static int table_fill(struct table *t)
{
	t->pos = 0;
	if (!csvin_read_batch(t->in, t->batch, 4096))
		return 0;
	t->recs = csvin_batch_records(t->batch, &t->nrecs);
	return 1;
}

/*
 * Opens dir/valid/<file> and finds the named columns (names ends with NULL);
 * returns 0 when an optional file is absent. Errors exit 2.
 */
static int table_open(struct table *t, const char *dir, const char *file,
		      const char *const *names, int required)
{
	struct csvin_options opt = {0};
	char *path = xasprintf("%s/valid/%s", dir, file);

	*t = (struct table){.path = path};
	t->in = csvin_open(path, &opt);
	if (!t->in) {
		if (!required && errno == ENOENT) {
			free(path);
			return 0;
		}
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
	}
	t->batch = csvin_batch_new();
	if (!table_fill(t))
		util_die(EXIT_SYSTEM, "%s: tệp rỗng", path);
	const struct csvin_record *header = &t->recs[t->pos++];
	for (int k = 0; names[k]; k++) {
		t->col[k] = csvin_column(header, names[k]);
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

/* The next record of t into *rec (valid until the next call); 0 at the end. */
static int table_next(struct table *t, struct csvin_record *rec)
{
	if (t->pos >= t->nrecs && !table_fill(t))
		return 0;
	*rec = t->recs[t->pos++];
	return 1;
}

/*
 * The next records of t (0 at the end), with the hash of each one's person
 * (column k) in t->hash and that person's slot in people already on its way
 * into the cache: the set is far larger than the cache.
 */
static size_t table_batch(struct table *t, const struct keyset *people, int k,
			  const struct csvin_record **recs)
{
	if (t->pos >= t->nrecs && !table_fill(t))
		return 0;
	size_t n = t->nrecs - t->pos;
	*recs = t->recs + t->pos;
	t->pos = t->nrecs;
	xgrow((void **)&t->hash, &t->hash_cap, n, sizeof *t->hash);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *id = cell(t, &(*recs)[i], k, &len);
		t->hash[i] = keyset_hash(id, len);
		keyset_prefetch(people, t->hash[i]);
	}
	return n;
}

static void table_close(struct table *t)
{
	csvin_batch_free(t->batch);
	free(t->hash);
	t->batch = NULL;
	t->hash = NULL;
	if (t->in && csvin_read_error(t->in))
		util_die(EXIT_SYSTEM, "lỗi khi đọc tệp %s", t->path);
	csvin_close(t->in);
	t->in = NULL;
	free(t->path);
}

struct run {
	const char *dir;
	long year;
	char year_text[8];
	char period_text[16];    /* "2022", or "2023-05" for a month */
	char end[11];            /* the period's last day, ISO */
	fmt_days first, last;    /* the period's first and last days */
	struct orgtree *tree;
	struct figures *own, *all;
	struct keyset *people;   /* every person: ma_nguoi -> person_value() */
	long months;             /* months of the period in its year: 12, or the month */
	int monthly;             /* a monthly period: its own month is counted apart too */
	struct strbuf *warnings; /* per organisation, one message a line */
	const struct run *prev;  /* the previous year's figures, or NULL */
	char **fields;           /* the models' fields (linh_vuc) of the period, sorted */
	size_t nfields;
	long long *field_own, *field_all; /* per organisation, per field: registered, effective */
	int quiet;
	/* records of the period left out, of cam_ket, xep_loai and khen_thuong: their person is not counted */
	long long not_counted[3];
	struct org_memo {
		char code[64];
		size_t len; /* SIZE_MAX: nothing kept yet */
		long org;
	} last_org;
};

/* 1 when organisation i exists during the period. */
static int in_period(const struct run *r, size_t i)
{
	return orgtree_active_during(&r->tree->orgs[i], r->first, r->last);
}

/*
 * The organisation with code[0..len) if it belongs to the period, else -1.
 * The files list an organisation's rows together, so the last answer is kept.
 */
static long org_of(struct run *r, const char *code, size_t len)
{
	struct org_memo *m = &r->last_org;
	if (len == m->len && memcmp(code, m->code, len) == 0)
		return m->org;
	long i = orgtree_find(r->tree, code, len);
	i = i >= 0 && in_period(r, (size_t)i) ? i : -1;
	if (len < sizeof m->code) {
		memcpy(m->code, code, len);
		m->len = len;
		m->org = i;
	}
	return i;
}

/* 1 when the ISO dates start[0..n) and end[0..m) make a spell that covers the day. */
static int covers(const char *start, size_t n, const char *end, size_t m, const char *day)
{
	return n == 10 && memcmp(start, day, 10) <= 0 && (m == 0 || (m == 10 && memcmp(end, day, 10) > 0));
}

/* What the people set holds for a person: the organisation + 1, and two flags. */
#define COUNTED (1u << 30) /* in the head count at the period's end */
#define MEMBER (1u << 31)  /* a party member */
#define ORG_OF(v) ((v) & ~(COUNTED | MEMBER))

static int level_index(const char *v, size_t n)
{
	for (int k = 0; k < 4; k++)
		if (strlen(levels[k]) == n && memcmp(levels[k], v, n) == 0)
			return k;
	return -1;
}

static void count_people(struct run *r)
{
	static const char *const names[] = {"ma_nguoi", "la_dang_vien", "ma_to_chuc", "ngay_bat_dau",
					    "ngay_ket_thuc", NULL};
	struct table t;
	const struct csvin_record *recs;
	size_t n;

	table_open(&t, r->dir, "nhan_su.csv", names, 1);
	while ((n = table_batch(&t, r->people, 0, &recs))) {
		for (size_t i = 0; i < n; i++) {
			const struct csvin_record *rec = &recs[i];
			size_t nid, norg, ns, ne;
			const char *id = cell(&t, rec, 0, &nid);
			const char *org = cell(&t, rec, 2, &norg);
			const char *start = cell(&t, rec, 3, &ns), *stop = cell(&t, rec, 4, &ne);
			long o = org_of(r, org, norg);
			if (o < 0)
				continue;
			int member = cell_is(&t, rec, 1, "1");
			uint32_t v = ((uint32_t)o + 1) | (member ? MEMBER : 0);
			/* a person counts where their spell places them at the period's end */
			if (covers(start, ns, stop, ne, r->end)) {
				struct figures *f = &r->own[o];
				f->c[C_HEADCOUNT]++;
				f->c[member ? C_MEMBERS : C_NON_MEMBERS]++;
				v |= COUNTED;
			}
			keyset_add_hashed(r->people, id, nid, t.hash[i], v, NULL);
		}
	}
	table_close(&t);
}

/* Commitments and evaluations of the year, by the people counted at its end. */
static void count_commitments(struct run *r)
{
	static const char *const names[] = {"nam", "ma_nguoi", "co_cam_ket", "tu_danh_gia",
					    "chi_bo_danh_gia", NULL};
	struct table t;
	const struct csvin_record *recs;
	size_t nrecs;

	if (!table_open(&t, r->dir, "cam_ket.csv", names, 0))
		return;
	while ((nrecs = table_batch(&t, r->people, 1, &recs))) {
		for (size_t i = 0; i < nrecs; i++) {
			const struct csvin_record *rec = &recs[i];
			size_t nid, n;
			const char *id = cell(&t, rec, 1, &nid);
			uint32_t v;
			if (!cell_is(&t, rec, 0, r->year_text))
				continue;
			if (!keyset_find_hashed(r->people, id, nid, t.hash[i], &v) ||
			    !(v & COUNTED)) {
				r->not_counted[0]++;
				continue;
			}
			struct figures *f = &r->own[ORG_OF(v) - 1];
			if (cell_is(&t, rec, 2, "1"))
				f->c[C_COMMITMENTS]++;
			const char *e = cell(&t, rec, 3, &n);
			int k = level_index(e, n);
			if (k >= 0)
				f->c[C_SELF_HTXS + k]++;
			e = cell(&t, rec, 4, &n);
			if ((k = level_index(e, n)) >= 0)
				f->c[C_CB_HTXS + k]++;
		}
	}
	table_close(&t);
}

/* Official ratings of the year: members at their organisation, organisations at themselves. */
static void count_ratings(struct run *r)
{
	static const char *const names[] = {"nam", "doi_tuong", "ma", "muc", NULL};
	struct table t;
	const struct csvin_record *recs;
	size_t nrecs;

	if (!table_open(&t, r->dir, "xep_loai.csv", names, 0))
		return;
	while ((nrecs = table_batch(&t, r->people, 2, &recs))) {
		for (size_t i = 0; i < nrecs; i++) {
			const struct csvin_record *rec = &recs[i];
			size_t n, nl;
			const char *who = cell(&t, rec, 2, &n), *lv = cell(&t, rec, 3, &nl);
			int k = level_index(lv, nl);
			if (k < 0 || !cell_is(&t, rec, 0, r->year_text))
				continue;
			if (cell_is(&t, rec, 1, "dang_vien")) {
				uint32_t v;
				/* like commitments: where the member counts at the period's end */
				if (keyset_find_hashed(r->people, who, n, t.hash[i], &v) &&
				    (v & COUNTED))
					r->own[ORG_OF(v) - 1].c[C_XLDV_HTXS + k]++;
				else
					r->not_counted[1]++;
			} else {
				long o = org_of(r, who, n);
				if (o >= 0)
					r->own[o].c[C_XLTC_HTXS + k]++;
			}
		}
	}
	table_close(&t);
}

/* Commendations of the year: level x tập thể, cá nhân đảng viên, cá nhân quần chúng. */
static void count_awards(struct run *r)
{
	static const char *const names[] = {"nam", "cap", "loai_doi_tuong", "ma_to_chuc", "ma_nguoi",
					    NULL};
	struct table t;
	struct csvin_record rec;

	if (!table_open(&t, r->dir, "khen_thuong.csv", names, 0))
		return;
	while (table_next(&t, &rec)) {
		size_t norg, nid, nl;
		const char *org = cell(&t, &rec, 3, &norg), *id = cell(&t, &rec, 4, &nid);
		const char *lv = cell(&t, &rec, 1, &nl);
		long o = org_of(r, org, norg);
		int level = -1, kind = 0;
		for (int k = 0; k < 4; k++)
			if (strlen(award_levels[k]) == nl && memcmp(award_levels[k], lv, nl) == 0)
				level = k;
		if (o < 0 || level < 0 || !cell_is(&t, &rec, 0, r->year_text))
			continue;
		if (cell_is(&t, &rec, 2, "ca_nhan")) {
			/* đảng viên or quần chúng: a person of no organisation of the period is not guessed */
			uint32_t v;
			if (!keyset_find(r->people, id, nid, &v)) {
				r->not_counted[2]++;
				continue;
			}
			kind = v & MEMBER ? 1 : 2;
		}
		r->own[o].c[C_KT_FIRST + level * 3 + kind]++;
	}
	table_close(&t);
}

/* A whole number cell (valid/ has them plain), 0 when empty. */
static long long number(const struct table *t, const struct csvin_record *rec, int k)
{
	size_t n;
	const char *v = cell(t, rec, k, &n);
	long long x = 0;

	for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		x = x * 10 + (v[i] - '0');
	return x;
}

/* Monthly chi bộ activity, for the months of the period's year up to its last. */
static void count_activity(struct run *r)
{
	static const char *const names[] = {"nam", "thang", "ma_to_chuc", "so_du_sinh_hoat",
					    "co_noi_dung_ct05", "so_nguoi_bao_cao_ket_qua", "so_tin_bai",
					    "so_chuyen_muc_pt_th", "so_ban_tin", "so_bai_mang_xa_hoi", NULL};
	struct table t;
	struct csvin_record rec;

	/* every chi bộ owes one meeting a month of the period while it exists */
	for (size_t i = 0; i < r->tree->n; i++) {
		const struct org *o = &r->tree->orgs[i];
		if (!in_period(r, i) || (strcmp(o->type, "CBCS") != 0 && strcmp(o->type, "CBTT") != 0))
			continue;
		for (long m = 1; m <= r->months; m++) {
			fmt_days start = fmt_days_from_civil(r->year, (unsigned)m, 1);
			fmt_days end = (m == 12 ? fmt_days_from_civil(r->year + 1, 1, 1)
					       : fmt_days_from_civil(r->year, (unsigned)m + 1, 1)) - 1;
			if (orgtree_active_during(o, start, end)) {
				r->own[i].c[C_SH_MONTHS]++;
				if (m == r->months)
					r->own[i].c[C_M_MONTHS]++;
			}
		}
	}
	if (!table_open(&t, r->dir, "sinh_hoat.csv", names, 0))
		return;
	while (table_next(&t, &rec)) {
		size_t norg;
		const char *org = cell(&t, &rec, 2, &norg);
		long o = org_of(r, org, norg);
		long long month = number(&t, &rec, 1);
		if (o < 0 || !cell_is(&t, &rec, 0, r->year_text) || month < 1 || month > r->months)
			continue;
		/* the year to date, and the period's own month apart */
		for (int base = C_SH_MEETINGS; base <= C_M_MEETINGS; base += C_M_MEETINGS - C_SH_MEETINGS) {
			if (base == C_M_MEETINGS && month != r->months)
				break;
			long long *c = &r->own[o].c[base];
			c[0] += number(&t, &rec, 3) > 0;
			c[1] += cell_is(&t, &rec, 4, "1");
			for (int k = 5; k <= 9; k++)
				c[k - 3] += number(&t, &rec, k);
		}
	}
	table_close(&t);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Models of the year, in all and by field (the fields in name order). */
static void count_models(struct run *r)
{
	static const char *const names[] = {"nam", "ma_to_chuc", "danh_gia", "linh_vuc", NULL};
	struct table t;
	struct csvin_record rec;
	struct model {
		size_t org, field; /* field: its index in the order first seen */
		int effective;
	} *models = NULL;
	size_t nmodels = 0, cap = 0, fields_cap = 0;

	if (table_open(&t, r->dir, "mo_hinh.csv", names, 0)) {
		while (table_next(&t, &rec)) {
			size_t norg, nf;
			const char *org = cell(&t, &rec, 1, &norg), *field = cell(&t, &rec, 3, &nf);
			long o = org_of(r, org, norg);
			if (o < 0 || !cell_is(&t, &rec, 0, r->year_text))
				continue;
			size_t k = 0;
			while (k < r->nfields && !(strlen(r->fields[k]) == nf &&
						   memcmp(r->fields[k], field, nf) == 0))
				k++;
			if (k == r->nfields) {
				xgrow(&r->fields, &fields_cap, r->nfields + 1, sizeof *r->fields);
				r->fields[r->nfields++] = xstrndup(field, nf);
			}
			int effective = cell_is(&t, &rec, 2, "hieu_qua");
			r->own[o].c[C_MODELS_REGISTERED]++;
			r->own[o].c[C_MODELS_EFFECTIVE] += effective;
			xgrow(&models, &cap, nmodels + 1, sizeof *models);
			models[nmodels++] = (struct model){(size_t)o, k, effective};
		}
		table_close(&t);
	}
	/* sort the fields, then place each model under its field's new index */
	char **seen = xcalloc(r->nfields + 1, sizeof *seen);
	size_t *place = xcalloc(r->nfields + 1, sizeof *place);
	memcpy(seen, r->fields, r->nfields * sizeof *seen);
	qsort(r->fields, r->nfields, sizeof *r->fields, by_text);
	for (size_t k = 0; k < r->nfields; k++)
		place[k] = (size_t)((char **)bsearch(&seen[k], r->fields, r->nfields,
						     sizeof *r->fields, by_text) - r->fields);
	r->field_own = xcalloc(r->tree->n * r->nfields * 2 + 1, sizeof *r->field_own);
	r->field_all = xcalloc(r->tree->n * r->nfields * 2 + 1, sizeof *r->field_all);
	for (size_t m = 0; m < nmodels; m++) {
		long long *c = &r->field_own[(models[m].org * r->nfields + place[models[m].field]) * 2];
		c[0]++;
		c[1] += models[m].effective;
	}
	free(seen);
	free(place);
	free(models);
}

/* A rate in percent, NaN (printed null) over nothing. */
static double percent(long long num, long long den)
{
	return den ? 100.0 * (double)num / (double)den : NAN;
}

/* The models of one organisation (own or whole) by field. */
static void write_fields(struct jsonw *w, const struct run *r, const long long *counts)
{
	jsonw_object(w, "mo_hinh_theo_linh_vuc");
	for (size_t k = 0; k < r->nfields; k++) {
		jsonw_object(w, r->fields[k]);
		jsonw_int(w, "dang_ky", counts[k * 2]);
		jsonw_int(w, "hieu_qua", counts[k * 2 + 1]);
		jsonw_end(w);
	}
	jsonw_end(w);
}

static void write_figures(struct jsonw *w, const char *key, const struct run *r,
			  const struct figures *f, const long long *field_counts)
{
	const char *open = NULL;

	jsonw_object(w, key);
	for (int k = 0; k < NCOUNTERS; k++) {
		const char *group;
		char name[64];
		if (k >= C_M_MONTHS && !r->monthly)
			continue;
		counter_name(k, &group, name, sizeof name);
		if (open && (!group || strcmp(open, group) != 0)) {
			jsonw_end(w);
			open = NULL;
		}
		if (group && !open) {
			jsonw_object(w, group);
			open = group;
		}
		jsonw_int(w, name, f->c[k]);
	}
	if (open)
		jsonw_end(w);
	for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
		if (rates[k].den >= C_M_MONTHS && !r->monthly)
			continue;
		jsonw_fixed(w, rates[k].name, percent(f->c[rates[k].num], f->c[rates[k].den]), 2);
	}
	write_fields(w, r, field_counts);
	jsonw_end(w);
}

/* The previous year's figures of the organisation with code, NULL if none then. */
static const struct figures *previous_figures(const struct run *r, const char *code)
{
	if (!r->prev)
		return NULL;
	long pi = orgtree_find(r->prev->tree, code, strlen(code));
	return pi >= 0 && in_period(r->prev, (size_t)pi) ? &r->prev->all[pi] : NULL;
}

/*
 * A child's key figures, for its parent's table (as bang_so_lieu.csv has
 * them); with a previous year, the change in effective models (null when the
 * child had no figures then).
 */
static void write_key_figures(struct jsonw *w, const struct run *r, const struct figures *f,
			      const struct figures *then)
{
	long long group = 0, people = 0;

	jsonw_object(w, "toan_bo");
	jsonw_int(w, "so_nguoi", f->c[C_HEADCOUNT]);
	jsonw_int(w, "so_cam_ket", f->c[C_COMMITMENTS]);
	jsonw_fixed(w, "ty_le_cam_ket", percent(f->c[C_COMMITMENTS], f->c[C_HEADCOUNT]), 2);
	jsonw_object(w, "tu_danh_gia");
	for (int k = 0; k < 4; k++)
		jsonw_int(w, levels[k], f->c[C_SELF_HTXS + k]);
	jsonw_end(w);
	jsonw_int(w, "mo_hinh_dang_ky", f->c[C_MODELS_REGISTERED]);
	jsonw_int(w, "mo_hinh_hieu_qua", f->c[C_MODELS_EFFECTIVE]);
	for (int k = 0; k < 12; k++)
		*(k % 3 == 0 ? &group : &people) += f->c[C_KT_FIRST + k];
	jsonw_int(w, "khen_thuong_tap_the", group);
	jsonw_int(w, "khen_thuong_ca_nhan", people);
	if (r->prev && then)
		jsonw_int(w, "thay_doi_mo_hinh_hieu_qua",
			  f->c[C_MODELS_EFFECTIVE] - then->c[C_MODELS_EFFECTIVE]);
	else if (r->prev)
		jsonw_null(w, "thay_doi_mo_hinh_hieu_qua");
	jsonw_end(w);
}

/* The previous year and, per key figure, its value then and the change since. */
static void write_change(struct jsonw *w, const struct run *r, const struct figures *then,
			 const struct figures *now)
{
	static const enum counter keys[] = {C_HEADCOUNT, C_MEMBERS, C_COMMITMENTS,
					    C_MODELS_REGISTERED, C_MODELS_EFFECTIVE};

	jsonw_object(w, "so_voi_nam_truoc");
	jsonw_int(w, "nam", r->prev->year);
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		const char *group;
		char name[64], full[96];
		counter_name(keys[k], &group, name, sizeof name);
		snprintf(full, sizeof full, "%s%s%s", group ? group : "", group ? "_" : "", name);
		jsonw_object(w, full);
		jsonw_int(w, "nam_truoc", then->c[keys[k]]);
		jsonw_int(w, "thay_doi", now->c[keys[k]] - then->c[keys[k]]);
		jsonw_end(w);
	}
	jsonw_end(w);
}

/* The organisation's JSON file, into w->out (with its final newline). */
static void write_org(struct jsonw *w, const struct run *r, size_t i)
{
	const struct org *o = &r->tree->orgs[i];

	jsonw_object(w, NULL);
	jsonw_string(w, "ma_to_chuc", o->code);
	jsonw_string(w, "ten_to_chuc", o->name);
	jsonw_string(w, "ten_viet_tat", o->short_name);
	jsonw_string(w, "loai", o->type);
	jsonw_string(w, "ma_cap_tren", o->parent >= 0 ? r->tree->orgs[o->parent].code : "");
	/* the ancestors' names, from the root down */
	size_t chain[64], n = 0;
	for (long p = o->parent; p >= 0 && n < 64; p = r->tree->orgs[p].parent)
		chain[n++] = (size_t)p;
	jsonw_array(w, "cap_tren");
	while (n--)
		jsonw_string(w, NULL, r->tree->orgs[chain[n]].name);
	jsonw_end(w);
	jsonw_string(w, "ky", r->period_text);
	jsonw_string(w, "ngay_cuoi_ky", r->end);
	write_figures(w, "rieng", r, &r->own[i], r->field_own + i * r->nfields * 2);
	write_figures(w, "toan_bo", r, &r->all[i], r->field_all + i * r->nfields * 2);
	jsonw_array(w, "truc_thuoc");
	for (size_t k = 0; k < o->nchildren; k++) {
		size_t c = o->children[k];
		const struct org *ch = &r->tree->orgs[c];
		if (!in_period(r, c))
			continue;
		jsonw_object(w, NULL);
		jsonw_string(w, "ma_to_chuc", ch->code);
		jsonw_string(w, "ten_to_chuc", ch->name);
		jsonw_string(w, "loai", ch->type);
		write_key_figures(w, r, &r->all[c], previous_figures(r, ch->code));
		jsonw_end(w);
	}
	jsonw_end(w);
	/* the key figures against the previous year, where the organisation was */
	const struct figures *then = previous_figures(r, o->code);
	if (then)
		write_change(w, r, then, &r->all[i]);
	jsonw_array(w, "canh_bao");
	const struct strbuf *msgs = &r->warnings[i];
	for (size_t a = 0, b; a < msgs->len; a = b + 1) {
		b = a;
		while (b < msgs->len && msgs->data[b] != '\n')
			b++;
		char *line = xstrndup(msgs->data + a, b - a);
		jsonw_string(w, NULL, line);
		free(line);
	}
	jsonw_end(w);
	jsonw_end(w);
	strbuf_addc(&w->out, '\n');
}

/*
 * The warnings of the figures: per TCCSĐ, members rated HTXSNV may be at most
 * 20% of those rated HTTNV. Printed and kept in the organisation's JSON.
 */
static void check_rules(struct run *r)
{
	for (size_t i = 0; i < r->tree->n; i++) {
		const struct org *o = &r->tree->orgs[i];
		const struct figures *f = &r->all[i];
		if (!in_period(r, i) || (strcmp(o->type, "DBCS") != 0 && strcmp(o->type, "CBCS") != 0))
			continue;
		long long best = f->c[C_XLDV_HTXS], good = f->c[C_XLDV_HTT];
		if (best * 5 <= good)
			continue;
		strbuf_addf(&r->warnings[i],
			    "Số đảng viên xếp loại Hoàn thành xuất sắc nhiệm vụ (%lld) vượt quá 20%% số đảng viên xếp loại Hoàn thành tốt nhiệm vụ (%lld)\n",
			    best, good);
		if (!r->quiet)
			fprintf(stderr, "%s: cảnh báo: %s (%s): số đảng viên xếp loại HTXSNV (%lld) vượt quá 20%% số HTTNV (%lld)\n",
				util_progname, o->name, o->code, best, good);
	}
}

/* Appends a field for Excel in vi-VN (';'-separated), quoted when needed. */
static void add_excel_field(struct strbuf *b, const char *v)
{
	strbuf_add_csv(b, v, strlen(v), ';');
	strbuf_addc(b, ';');
}

/* A percentage with a decimal comma, or nothing when the base is 0. */
static void add_excel_rate(struct strbuf *b, long long num, long long den)
{
	if (den) {
		char buf[32];
		snprintf(buf, sizeof buf, "%.2f", 100.0 * (double)num / (double)den);
		*strchr(buf, '.') = ',';
		strbuf_adds(b, buf);
	}
	strbuf_addc(b, ';');
}

static void add_appendix_row(struct strbuf *b, const struct run *r, const char *no,
			     const char *code, const char *name, const struct figures *f,
			     const struct figures *then)
{
	long long awards_group = 0, awards_people = 0;

	for (int k = 0; k < 12; k++)
		*(k % 3 == 0 ? &awards_group : &awards_people) += f->c[C_KT_FIRST + k];
	add_excel_field(b, no);
	add_excel_field(b, code);
	add_excel_field(b, name);
	strbuf_addf(b, "%lld;%lld;", f->c[C_HEADCOUNT], f->c[C_COMMITMENTS]);
	add_excel_rate(b, f->c[C_COMMITMENTS], f->c[C_HEADCOUNT]);
	for (int k = 0; k < 4; k++)
		strbuf_addf(b, "%lld;", f->c[C_SELF_HTXS + k]);
	strbuf_addf(b, "%lld;%lld;%lld;%lld;", f->c[C_MODELS_REGISTERED], f->c[C_MODELS_EFFECTIVE],
		    awards_group, awards_people);
	long long change = then ? f->c[C_MODELS_EFFECTIVE] - then->c[C_MODELS_EFFECTIVE] : 0;
	if (then)
		strbuf_addf(b, change ? "%+lld" : "%lld", change);
	(void)r;
	strbuf_adds(b, "\r\n");
}

/*
 * The appendix table (bang_so_lieu.csv) for Excel in vi-VN: UTF-8 with BOM,
 * ';' between fields, decimal commas, CRLF; a row per TCCSĐ by code and the
 * total. Rewritten only when it changes. Returns 1 when written.
 */
static int write_appendix(const struct run *r, const char *outdir, struct outbatch *batch)
{
	struct strbuf b = {0};
	char no[32];
	size_t n = 0;

	strbuf_adds(&b, "\xEF\xBB\xBF");
	strbuf_adds(&b, "STT;Mã TCCSĐ;Tên TCCSĐ;Tổng số;Số viết cam kết;Tỷ lệ %;"
			"Tự đánh giá HTXSNV;Tự đánh giá HTTNV;Tự đánh giá HTNV;Tự đánh giá KHTNV;"
			"Mô hình đăng ký;Mô hình hiệu quả;Khen thưởng tập thể;Khen thưởng cá nhân;"
			"± mô hình hiệu quả so với năm trước\r\n");
	for (size_t i = 0; i < r->tree->n; i++) {
		const struct org *o = &r->tree->orgs[i];
		if (!in_period(r, i) || (strcmp(o->type, "DBCS") != 0 && strcmp(o->type, "CBCS") != 0))
			continue;
		snprintf(no, sizeof no, "%zu", ++n);
		add_appendix_row(&b, r, no, o->code, o->name, &r->all[i], previous_figures(r, o->code));
	}
	const struct figures *then = NULL;
	if (r->prev)
		then = &r->prev->all[r->prev->tree->root];
	add_appendix_row(&b, r, "", "", "Tổng cộng", &r->all[r->tree->root], then);

	char *path = xasprintf("%s/bang_so_lieu.csv", outdir);
	int written = outfile_batch_put(batch, path, b.data, b.len);
	free(path);
	strbuf_free(&b);
	return written;
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

/* Counts everything of one period and rolls it up the tree. */
static void count_period(struct run *r, long month)
{
	snprintf(r->year_text, sizeof r->year_text, "%ld", r->year);
	if (month)
		snprintf(r->period_text, sizeof r->period_text, "%ld-%02ld", r->year, month);
	else
		snprintf(r->period_text, sizeof r->period_text, "%ld", r->year);
	r->first = fmt_days_from_civil(r->year, month ? (unsigned)month : 1, 1);
	r->last = month ? fmt_days_from_civil(month == 12 ? r->year + 1 : r->year,
					     month == 12 ? 1 : (unsigned)month + 1, 1) - 1
		       : fmt_days_from_civil(r->year, 12, 31);
	struct strbuf iso = {0};
	fmt_date_iso(r->last, &iso);
	memcpy(r->end, iso.data, 11);
	strbuf_free(&iso);

	struct strbuf err = {0};
	char *orgs_path = xasprintf("%s/valid/to_chuc.csv", r->dir);
	r->tree = orgtree_load(orgs_path, &err);
	if (!r->tree)
		util_die(EXIT_SYSTEM, "%s", err.data);
	free(orgs_path);
	strbuf_free(&err);
	r->own = xcalloc(r->tree->n, sizeof *r->own);
	r->all = xcalloc(r->tree->n, sizeof *r->all);
	r->people = keyset_new();
	r->last_org.len = SIZE_MAX;
	r->months = month ? month : 12;
	r->monthly = month != 0;
	r->warnings = xcalloc(r->tree->n, sizeof *r->warnings);
	count_people(r);
	count_commitments(r);
	count_ratings(r);
	count_models(r);
	count_awards(r);
	count_activity(r);
	/* roll-up: children come before their parent */
	for (size_t k = 0; k < r->tree->n; k++) {
		size_t i = r->tree->bottom_up[k];
		for (int n = 0; n < NCOUNTERS; n++)
			r->all[i].c[n] += r->own[i].c[n];
		long p = r->tree->orgs[i].parent;
		if (p >= 0)
			for (int n = 0; n < NCOUNTERS; n++)
				r->all[p].c[n] += r->all[i].c[n];
		size_t w = r->nfields * 2;
		for (size_t n = 0; n < w; n++) {
			r->field_all[i * w + n] += r->field_own[i * w + n];
			if (p >= 0)
				r->field_all[(size_t)p * w + n] += r->field_all[i * w + n];
		}
	}
}

static void free_run(struct run *r)
{
	for (size_t k = 0; k < r->nfields; k++)
		free(r->fields[k]);
	free(r->fields);
	free(r->field_own);
	free(r->field_all);
	keyset_free(r->people);
	for (size_t i = 0; r->tree && i < r->tree->n; i++)
		strbuf_free(&r->warnings[i]);
	free(r->warnings);
	free(r->own);
	free(r->all);
	orgtree_free(r->tree);
}

static const char usage_text[] =
	"usage: baocao-aggregate -o DIR -y YEAR [-m MONTH] [-p PREVIOUS_DIR] [-q]\n";

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
		{"previous", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct run r = {0}, prev = {0};
	const char *previous = NULL;
	long month = 0;
	int c;
	char *end;

	util_progname = "baocao-aggregate";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:y:m:p:qhV", longopts, NULL)) != -1) {
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
		case 'p':
			previous = optarg;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs("Writes DIR/aggregate/<ma_to_chuc>.json for every organisation of the period,\n"
			      "from DIR/valid/*.csv; with -p, the change against the previous year's\n"
			      "figures (PREVIOUS_DIR/valid/*.csv). Exit status: 0 done, 2 usage or\n"
			      "input/output error.\n",
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
	count_period(&r, month);
	if (previous) {
		prev.dir = previous;
		prev.year = r.year - 1;
		count_period(&prev, 0);
		r.prev = &prev;
	}

	check_rules(&r);
	outfile_cleanup_on_signals();
	char *outdir = xasprintf("%s/aggregate", r.dir);
	outfile_mkdirs(outdir);
	size_t written = 0, total = 0;
	struct outbatch *batch = outfile_batch_new();
	struct jsonw w = {0};
	for (size_t i = 0; i < r.tree->n; i++) {
		if (!in_period(&r, i))
			continue;
		w.out.len = 0;
		write_org(&w, &r, i);
		char *p = xasprintf("%s/%s.json", outdir, r.tree->orgs[i].code);
		written += (size_t)outfile_batch_put(batch, p, w.out.data, w.out.len);
		total++;
		free(p);
	}
	written += (size_t)write_appendix(&r, outdir, batch);
	strbuf_free(&w.out);
	outfile_batch_commit(batch);
	remove_stale(&r, outdir);
	if (!r.quiet) {
		static const char *const files[3] = {"cam_ket.csv", "xep_loai.csv", "khen_thuong.csv"};
		for (int k = 0; k < 3; k++)
			if (r.not_counted[k])
				fprintf(stderr, "%s: %s: %lld bản ghi của năm %ld không được tính vì người đó không sinh hoạt ở tổ chức nào của kỳ vào ngày %s\n",
					util_progname, files[k], r.not_counted[k], r.year, r.end);
		fprintf(stderr, "%s: %zu tổ chức, %zu tệp thay đổi\n", util_progname, total, written);
	}

	free(outdir);
	free_run(&r);
	if (previous)
		free_run(&prev);
	return EXIT_DONE;
}
