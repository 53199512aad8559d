/*
 * aggregate_count: one period's counting (see aggregate_count.h). The
 * validated files are read a batch at a time by column names; the people
 * set maps ma_nguoi to the organisation where the person counts.
 */
#include "aggregate_count.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "jsonfile.h"
#include "rejects.h"

const char *const count_files[COUNT_NFILES] = {"to_chuc", "nhan_su", "cam_ket", "xep_loai",
					       "mo_hinh", "khen_thuong", "sinh_hoat"};
const char *const count_not_counted_files[3] = {"cam_ket.csv", "xep_loai.csv", "khen_thuong.csv"};

/* A validated CSV file read by column names. */
struct table {
	struct csvin *in;
	char *path;
	long *col;                        /* per named column, its index in the file */
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
 * Opens dir/valid/<file> and finds the ncols named columns; returns 0 when
 * an optional file is absent. Errors exit 2.
 */
static int table_open(struct table *t, const char *dir, const char *file,
		      const char *const *names, size_t ncols, int required)
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
	t->col = xcalloc(ncols, sizeof *t->col);
	for (size_t k = 0; k < ncols; k++) {
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
	free(t->col);
	t->col = NULL;
	t->batch = NULL;
	t->hash = NULL;
	if (t->in && csvin_read_error(t->in))
		util_die(EXIT_SYSTEM, "lỗi khi đọc tệp %s", t->path);
	csvin_close(t->in);
	t->in = NULL;
	free(t->path);
}

int run_in_period(const struct run *r, size_t i)
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
	i = i >= 0 && run_in_period(r, (size_t)i) ? i : -1;
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

/* A counter one more; a count past the limit of long long stops the stage. */
static void bump(struct figures *f, enum counter k, long long by, const struct table *t)
{
	if (__builtin_add_overflow(f->c[k], by, &f->c[k]))
		util_die(EXIT_SYSTEM, "%s: tổng số liệu vượt quá giới hạn tính được (%lld)", t->path,
			 (long long)__LONG_LONG_MAX__);
}

static void count_people(struct run *r)
{
	enum { ID, MEMBER_FLAG, ORG, START, STOP, NCOLS };
	static const char *const names[NCOLS] = {
		[ID] = "ma_nguoi", [MEMBER_FLAG] = "la_dang_vien", [ORG] = "ma_to_chuc",
		[START] = "ngay_bat_dau", [STOP] = "ngay_ket_thuc",
	};
	struct table t;
	const struct csvin_record *recs;
	size_t n;

	table_open(&t, r->dir, "nhan_su.csv", names, NCOLS, 1);
	while ((n = table_batch(&t, r->people, ID, &recs))) {
		for (size_t i = 0; i < n; i++) {
			const struct csvin_record *rec = &recs[i];
			size_t nid, norg, ns, ne;
			const char *id = cell(&t, rec, ID, &nid);
			const char *org = cell(&t, rec, ORG, &norg);
			const char *start = cell(&t, rec, START, &ns), *stop = cell(&t, rec, STOP, &ne);
			long o = org_of(r, org, norg);
			if (o < 0)
				continue;
			int member = cell_is(&t, rec, MEMBER_FLAG, "1");
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
	enum { YEAR, ID, COMMITTED, SELF, CHI_BO, NCOLS };
	static const char *const names[NCOLS] = {
		[YEAR] = "nam", [ID] = "ma_nguoi", [COMMITTED] = "co_cam_ket",
		[SELF] = "tu_danh_gia", [CHI_BO] = "chi_bo_danh_gia",
	};
	struct table t;
	const struct csvin_record *recs;
	size_t nrecs;

	if (!table_open(&t, r->dir, "cam_ket.csv", names, NCOLS, 0))
		return;
	while ((nrecs = table_batch(&t, r->people, ID, &recs))) {
		for (size_t i = 0; i < nrecs; i++) {
			const struct csvin_record *rec = &recs[i];
			size_t nid, n;
			const char *id = cell(&t, rec, ID, &nid);
			uint32_t v;
			if (!cell_is(&t, rec, YEAR, r->year_text))
				continue;
			if (!keyset_find_hashed(r->people, id, nid, t.hash[i], &v) ||
			    !(v & COUNTED)) {
				r->not_counted[0]++;
				continue;
			}
			struct figures *f = &r->own[ORG_OF(v) - 1];
			if (cell_is(&t, rec, COMMITTED, "1"))
				f->c[C_COMMITMENTS]++;
			const char *e = cell(&t, rec, SELF, &n);
			int k = figures_level(e, n);
			if (k >= 0)
				f->c[C_SELF_HTXS + k]++;
			e = cell(&t, rec, CHI_BO, &n);
			if ((k = figures_level(e, n)) >= 0)
				f->c[C_CB_HTXS + k]++;
		}
	}
	table_close(&t);
}

/* Official ratings of the year: members at their organisation, organisations at themselves. */
static void count_ratings(struct run *r)
{
	enum { YEAR, SUBJECT, WHO, LEVEL, NCOLS };
	static const char *const names[NCOLS] = {
		[YEAR] = "nam", [SUBJECT] = "doi_tuong", [WHO] = "ma", [LEVEL] = "muc",
	};
	struct table t;
	const struct csvin_record *recs;
	size_t nrecs;

	if (!table_open(&t, r->dir, "xep_loai.csv", names, NCOLS, 0))
		return;
	while ((nrecs = table_batch(&t, r->people, WHO, &recs))) {
		for (size_t i = 0; i < nrecs; i++) {
			const struct csvin_record *rec = &recs[i];
			size_t n, nl;
			const char *who = cell(&t, rec, WHO, &n), *lv = cell(&t, rec, LEVEL, &nl);
			int k = figures_level(lv, nl);
			if (k < 0 || !cell_is(&t, rec, YEAR, r->year_text))
				continue;
			if (cell_is(&t, rec, SUBJECT, "dang_vien")) {
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
	enum { YEAR, LEVEL, KIND, ORG, ID, NCOLS };
	static const char *const names[NCOLS] = {
		[YEAR] = "nam", [LEVEL] = "cap", [KIND] = "loai_doi_tuong", [ORG] = "ma_to_chuc",
		[ID] = "ma_nguoi",
	};
	struct table t;
	struct csvin_record rec;

	if (!table_open(&t, r->dir, "khen_thuong.csv", names, NCOLS, 0))
		return;
	while (table_next(&t, &rec)) {
		size_t norg, nid, nl;
		const char *org = cell(&t, &rec, ORG, &norg), *id = cell(&t, &rec, ID, &nid);
		const char *lv = cell(&t, &rec, LEVEL, &nl);
		long o = org_of(r, org, norg);
		int level = -1, kind = 0; /* kinds: tập thể, cá nhân đảng viên, cá nhân quần chúng */
		for (int k = 0; k < FIGURES_AWARD_LEVELS; k++)
			if (strlen(figures_award_levels[k]) == nl &&
			    memcmp(figures_award_levels[k], lv, nl) == 0)
				level = k;
		if (o < 0 || level < 0 || !cell_is(&t, &rec, YEAR, r->year_text))
			continue;
		if (cell_is(&t, &rec, KIND, "ca_nhan")) {
			/* đảng viên or quần chúng: a person of no organisation of the period is not guessed */
			uint32_t v;
			if (!keyset_find(r->people, id, nid, &v)) {
				r->not_counted[2]++;
				continue;
			}
			kind = v & MEMBER ? 1 : 2;
		}
		r->own[o].c[C_KT_FIRST + level * FIGURES_AWARD_KINDS + kind]++;
	}
	table_close(&t);
}

/* A whole number cell (valid/ has them plain), 0 when empty; too large a number stops the stage. */
static long long number(const struct table *t, const struct csvin_record *rec, int k)
{
	size_t n;
	const char *v = cell(t, rec, k, &n);
	long long x = 0;

	for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		if (__builtin_mul_overflow(x, 10, &x) || __builtin_add_overflow(x, v[i] - '0', &x))
			util_die(EXIT_SYSTEM, "%s:%zu: số quá lớn: %.*s", t->path, rec->line, (int)n, v);
	return x;
}

/* 1 when chi bộ o exists during month m of the period's year. */
static int active_in_month(const struct run *r, const struct org *o, long m)
{
	fmt_days start = fmt_days_from_civil(r->year, (unsigned)m, 1);
	fmt_days end = (m == 12 ? fmt_days_from_civil(r->year + 1, 1, 1)
				: fmt_days_from_civil(r->year, (unsigned)m + 1, 1)) - 1;
	return orgtree_active_during(o, start, end);
}

/* Monthly chi bộ activity, for the months of the period's year up to its last. */
static void count_activity(struct run *r)
{
	enum { YEAR, MONTH, ORG, ATTENDING, CT05, REPORTING, NEWS, BROADCASTS, BULLETINS, SOCIAL,
	       NCOLS };
	static const char *const names[NCOLS] = {
		[YEAR] = "nam", [MONTH] = "thang", [ORG] = "ma_to_chuc",
		[ATTENDING] = "so_du_sinh_hoat", [CT05] = "co_noi_dung_ct05",
		[REPORTING] = "so_nguoi_bao_cao_ket_qua", [NEWS] = "so_tin_bai",
		[BROADCASTS] = "so_chuyen_muc_pt_th", [BULLETINS] = "so_ban_tin",
		[SOCIAL] = "so_bai_mang_xa_hoi",
	};
	/* the columns summed as they are, and their counters: the year to date, the month */
	static const struct {
		int col;
		enum counter year, month;
	} sums[] = {
		{REPORTING, C_SH_REPORTING, C_M_REPORTING}, {NEWS, C_SH_NEWS, C_M_NEWS},
		{BROADCASTS, C_SH_BROADCASTS, C_M_BROADCASTS}, {BULLETINS, C_SH_BULLETINS, C_M_BULLETINS},
		{SOCIAL, C_SH_SOCIAL, C_M_SOCIAL},
	};
	long months = r->month ? r->month : 12;
	struct table t;
	struct csvin_record rec;

	/* every chi bộ owes one meeting a month of the period while it exists */
	for (size_t i = 0; i < r->tree->n; i++) {
		const struct org *o = &r->tree->orgs[i];
		if (!run_in_period(r, i) || !rules_type_in(&r->rules->monthly_meetings, o->type))
			continue;
		for (long m = 1; m <= months; m++)
			if (active_in_month(r, o, m)) {
				r->own[i].c[C_SH_MONTHS]++;
				if (m == months)
					r->own[i].c[C_M_MONTHS]++;
			}
	}
	if (!table_open(&t, r->dir, "sinh_hoat.csv", names, NCOLS, 0))
		return;
	while (table_next(&t, &rec)) {
		size_t norg;
		const char *org = cell(&t, &rec, ORG, &norg);
		long o = org_of(r, org, norg);
		long long month = number(&t, &rec, MONTH);
		if (o < 0 || !cell_is(&t, &rec, YEAR, r->year_text) || month < 1 || month > months)
			continue;
		struct figures *f = &r->own[o];
		int held = number(&t, &rec, ATTENDING) > 0, ct05 = cell_is(&t, &rec, CT05, "1");
		f->c[C_SH_MEETINGS] += held;
		f->c[C_SH_CT05] += ct05;
		for (size_t k = 0; k < sizeof sums / sizeof *sums; k++)
			bump(f, sums[k].year, number(&t, &rec, sums[k].col), &t);
		if (month != months)
			continue;
		/* the period's own month apart */
		f->c[C_M_MEETINGS] += held;
		f->c[C_M_CT05] += ct05;
		for (size_t k = 0; k < sizeof sums / sizeof *sums; k++)
			bump(f, sums[k].month, number(&t, &rec, sums[k].col), &t);
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
	enum { YEAR, ORG, RATING, FIELD, NCOLS };
	static const char *const names[NCOLS] = {
		[YEAR] = "nam", [ORG] = "ma_to_chuc", [RATING] = "danh_gia", [FIELD] = "linh_vuc",
	};
	struct table t;
	struct csvin_record rec;
	struct model {
		size_t org, field; /* field: its index in the order first seen */
		int effective;
	} *models = NULL;
	size_t nmodels = 0, cap = 0, fields_cap = 0;

	if (table_open(&t, r->dir, "mo_hinh.csv", names, NCOLS, 0)) {
		while (table_next(&t, &rec)) {
			size_t norg, nf;
			const char *org = cell(&t, &rec, ORG, &norg), *field = cell(&t, &rec, FIELD, &nf);
			long o = org_of(r, org, norg);
			if (o < 0 || !cell_is(&t, &rec, YEAR, r->year_text))
				continue;
			size_t k = 0;
			while (k < r->nfields && !(strlen(r->fields[k]) == nf &&
						   memcmp(r->fields[k], field, nf) == 0))
				k++;
			if (k == r->nfields) {
				xgrow(&r->fields, &fields_cap, r->nfields + 1, sizeof *r->fields);
				r->fields[r->nfields++] = xstrndup(field, nf);
			}
			int effective = cell_is(&t, &rec, RATING, "hieu_qua");
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
	if (r->nfields)
		memcpy(seen, r->fields, r->nfields * sizeof *seen);
	if (r->nfields > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
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

/* The rules' warnings on each organisation's figures: kept for its JSON, and printed. */
static void check_warnings(struct run *r)
{
	struct strbuf msg = {0};

	for (size_t i = 0; i < r->tree->n; i++) {
		const struct org *o = &r->tree->orgs[i];
		if (!run_in_period(r, i))
			continue;
		for (size_t k = 0; k < r->rules->nwarnings; k++) {
			const struct figures_warning *w = &r->rules->warnings[k];
			strbuf_reset(&msg);
			if (!rules_type_in(&w->types, o->type) ||
			    !rules_warning_check(w, &r->all[i], &msg))
				continue;
			strbuf_addf(&r->warnings[i], "%s\n", msg.data);
			if (!r->quiet)
				fprintf(stderr, "%s: cảnh báo: %s (%s): %s\n", util_progname, o->name,
					o->code, msg.data);
		}
	}
	strbuf_free(&msg);
}

/* Sets the period's texts and first and last days from r->year and r->month. */
static void set_period(struct run *r)
{
	long y = r->year, m = r->month;

	snprintf(r->year_text, sizeof r->year_text, "%ld", y);
	if (m)
		snprintf(r->period_text, sizeof r->period_text, "%ld-%02ld", y, m);
	else
		snprintf(r->period_text, sizeof r->period_text, "%ld", y);
	r->first = fmt_days_from_civil(y, m ? (unsigned)m : 1, 1);
	r->last = m ? fmt_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : (unsigned)m + 1, 1) - 1
		    : fmt_days_from_civil(y, 12, 31);
	struct strbuf iso = {0};
	fmt_date_iso(r->last, &iso);
	memcpy(r->end, iso.data, 11);
	strbuf_free(&iso);
}

/*
 * Reads DIR/validation.json: it must be of r's period (a folder of another
 * year would be rewritten under the wrong one), and says how many records
 * were rejected.
 */
static void read_validation(struct run *r)
{
	struct strbuf err = {0};
	char *path = xasprintf("%s/validation.json", r->dir);
	struct json *j = json_load(path, &err);
	if (!j) {
		free(path);
		util_die(EXIT_SYSTEM, "%s (thư mục chưa qua bước validate?)", err.data);
	}
	const char *period = json_string(json_get(j, "period"));
	double rejected;
	if (!period || json_number(json_get(json_get(j, "totals"), "rejected"), &rejected) != 0) {
		json_free(j);
		util_die(EXIT_SYSTEM, "%s: thiếu \"period\" hoặc \"totals.rejected\" (không phải tệp của bước validate?)",
			 path);
	}
	if (strcmp(period, r->period_text) != 0) {
		char *was = xstrdup(period);
		json_free(j);
		util_die(EXIT_SYSTEM, "%s: thư mục %s chứa dữ liệu kỳ %s, không phải kỳ %s; hãy kiểm tra -y và -m",
			 path, r->dir, was, r->period_text);
	}
	r->rejected = (long long)rejected;
	json_free(j);
	free(path);
}

/*
 * Attributes the rejected records listed in DIR/rejects.csv to the
 * organisations of the period named on their rows (a record's rows come
 * together); the rest, unnamed, unlisted or of no organisation of the
 * period, are unattributed.
 */
static void attribute_rejected(struct run *r)
{
	struct csvin_options opt = {0};
	char *path = xasprintf("%s/rejects.csv", r->dir);
	struct csvin *in = csvin_open(path, &opt);
	struct csvin_record rec;
	struct strbuf last = {0}, key = {0};
	long col[REJECTS_NCOLUMNS];
	const char *missing;
	long long attributed = 0;

	r->rejected_within = xcalloc(r->tree->n + 1, sizeof *r->rejected_within);
	if (!in)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
	if (!csvin_next(in, &rec) || rejects_find_columns(&rec, col, &missing) != 0)
		util_die(EXIT_SYSTEM, "%s: không phải rejects.csv của bước validate", path);
	while (csvin_next(in, &rec)) {
		struct csvin_field file, line, org;
		if (!rejects_cell(&rec, col, REJECTS_FILE, &file) || !rejects_cell(&rec, col, REJECTS_LINE, &line) ||
		    !line.len || !rejects_cell(&rec, col, REJECTS_ORG, &org))
			continue;
		strbuf_reset(&key);
		strbuf_add(&key, file.data, file.len);
		strbuf_addc(&key, ':');
		strbuf_add(&key, line.data, line.len);
		if (last.data && strcmp(key.data, last.data) == 0)
			continue;
		strbuf_reset(&last);
		strbuf_add(&last, key.data, key.len);
		long o = org.len ? org_of(r, org.data, org.len) : -1;
		if (o >= 0) {
			r->rejected_within[o]++;
			attributed++;
		}
	}
	if (csvin_read_error(in))
		util_die(EXIT_SYSTEM, "lỗi khi đọc tệp %s", path);
	csvin_close(in);
	free(path);
	strbuf_free(&last);
	strbuf_free(&key);
	r->unattributed = r->rejected > attributed ? r->rejected - attributed : 0;
}

/* Adds b's counters into a's, stopping the stage when a sum passes the limit. */
static void add_up(struct figures *a, const struct figures *b, const struct run *r)
{
	if (figures_add(a, b))
		util_die(EXIT_SYSTEM, "%s/valid: tổng số liệu vượt quá giới hạn tính được", r->dir);
}

void count_period(struct run *r)
{
	set_period(r);
	read_validation(r);
	struct strbuf err = {0};
	char *orgs_path = xasprintf("%s/valid/to_chuc.csv", r->dir);
	r->tree = orgtree_load(orgs_path, &err);
	free(orgs_path);
	if (!r->tree)
		util_die(EXIT_SYSTEM, "%s", err.data);
	strbuf_free(&err);
	r->own = xcalloc(r->tree->n, sizeof *r->own);
	r->all = xcalloc(r->tree->n, sizeof *r->all);
	r->people = keyset_new();
	r->last_org.len = SIZE_MAX;
	r->warnings = xcalloc(r->tree->n, sizeof *r->warnings);
	for (int k = 0; k < COUNT_NFILES; k++) {
		char *p = xasprintf("%s/valid/%s.csv", r->dir, count_files[k]);
		r->present[k] = access(p, F_OK) == 0;
		free(p);
	}
	attribute_rejected(r);
	count_people(r);
	count_commitments(r);
	count_ratings(r);
	count_models(r);
	count_awards(r);
	count_activity(r);
	/* roll-up: children come before their parent */
	for (size_t k = 0; k < r->tree->n; k++) {
		size_t i = r->tree->bottom_up[k];
		add_up(&r->all[i], &r->own[i], r);
		long p = r->tree->orgs[i].parent;
		if (p >= 0) {
			add_up(&r->all[p], &r->all[i], r);
			r->rejected_within[p] += r->rejected_within[i];
		}
		size_t w = r->nfields * 2;
		for (size_t n = 0; n < w; n++) {
			r->field_all[i * w + n] += r->field_own[i * w + n];
			if (p >= 0)
				r->field_all[(size_t)p * w + n] += r->field_all[i * w + n];
		}
	}
	check_warnings(r);
}

const struct figures *run_previous(const struct run *r, const char *code)
{
	if (!r->prev)
		return NULL;
	long pi = orgtree_find(r->prev->tree, code, strlen(code));
	return pi >= 0 && run_in_period(r->prev, (size_t)pi) ? &r->prev->all[pi] : NULL;
}

void run_free(struct run *r)
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
	free(r->rejected_within);
	orgtree_free(r->tree);
}
