/*
 * aggregate_write: what the aggregate stage writes (see aggregate_write.h).
 */
#include "aggregate_write.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		if (k >= C_FIRST_MONTHLY && !r->month)
			continue;
		figures_counter_name(k, &group, name, sizeof name);
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
	for (size_t k = 0; k < figures_nrates; k++) {
		const struct figures_rate *rate = &figures_rates[k];
		if (rate->den >= C_FIRST_MONTHLY && !r->month)
			continue;
		jsonw_fixed(w, rate->name, figures_percent(f->c[rate->num], f->c[rate->den]), 2);
	}
	write_fields(w, r, field_counts);
	jsonw_end(w);
}

/* The commendations of f: of groups (tập thể) and of people. */
static void awards(const struct figures *f, long long *groups, long long *people)
{
	*groups = *people = 0;
	for (int k = 0; k < FIGURES_AWARD_LEVELS * FIGURES_AWARD_KINDS; k++)
		*(k % FIGURES_AWARD_KINDS == 0 ? groups : people) += f->c[C_KT_FIRST + k];
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
	jsonw_fixed(w, "ty_le_cam_ket", figures_percent(f->c[C_COMMITMENTS], f->c[C_HEADCOUNT]), 2);
	jsonw_object(w, "tu_danh_gia");
	for (int k = 0; k < FIGURES_LEVELS; k++)
		jsonw_int(w, figures_levels[k], f->c[C_SELF_HTXS + k]);
	jsonw_end(w);
	jsonw_int(w, "mo_hinh_dang_ky", f->c[C_MODELS_REGISTERED]);
	jsonw_int(w, "mo_hinh_hieu_qua", f->c[C_MODELS_EFFECTIVE]);
	awards(f, &group, &people);
	jsonw_int(w, "khen_thuong_tap_the", group);
	jsonw_int(w, "khen_thuong_ca_nhan", people);
	if (r->month) {
		jsonw_object(w, "trong_thang");
		jsonw_int(w, "so_chi_bo", f->c[C_M_MONTHS]);
		jsonw_int(w, "so_buoi", f->c[C_M_MEETINGS]);
		jsonw_int(w, "so_buoi_co_noi_dung_ct05", f->c[C_M_CT05]);
		jsonw_end(w);
	}
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
		figures_counter_name(keys[k], &group, name, sizeof name);
		snprintf(full, sizeof full, "%s%s%s", group ? group : "", group ? "_" : "", name);
		jsonw_object(w, full);
		jsonw_int(w, "nam_truoc", then->c[keys[k]]);
		jsonw_int(w, "thay_doi", now->c[keys[k]] - then->c[keys[k]]);
		jsonw_end(w);
	}
	jsonw_end(w);
}

/* A date of o within r's period (ISO), or null. */
static void date_in_period(struct jsonw *w, const struct run *r, const char *key, fmt_days d)
{
	if (d == ORGTREE_NO_DATE || d < r->first || d > r->last) {
		jsonw_null(w, key);
		return;
	}
	struct strbuf iso = {0};
	fmt_date_iso(d, &iso);
	jsonw_string(w, key, iso.data);
	strbuf_free(&iso);
}

/*
 * What the period holds for organisation i: which imports it had, whether
 * the organisation was founded or dissolved within it, and the records
 * rejected that its figures may lack (its subtree's, and those of no
 * organisation): with any, its report is a draft.
 */
static void write_period_facts(struct jsonw *w, const struct run *r, size_t i)
{
	const struct org *o = &r->tree->orgs[i];
	long long within = r->rejected_within[i];

	jsonw_object(w, "co_du_lieu");
	for (int k = 0; k < COUNT_NFILES; k++)
		jsonw_bool(w, count_files[k], r->present[k]);
	jsonw_end(w);
	date_in_period(w, r, "thanh_lap_trong_ky", o->founded);
	date_in_period(w, r, "giai_the_trong_ky", o->dissolved);
	jsonw_bool(w, "du_thao", within + r->unattributed > 0);
	jsonw_object(w, "bi_tu_choi");
	jsonw_int(w, "so_ban_ghi", within);
	jsonw_int(w, "khong_xac_dinh", r->unattributed);
	jsonw_int(w, "tong_so", r->rejected);
	jsonw_end(w);
}

/* The organisation's JSON file, into w->out (with its final newline). */
void write_org(struct jsonw *w, const struct run *r, size_t i)
{
	const struct org *o = &r->tree->orgs[i];

	jsonw_object(w, NULL);
	jsonw_string(w, "ma_to_chuc", o->code);
	jsonw_string(w, "ten_to_chuc", o->name);
	jsonw_string(w, "ten_viet_tat", o->short_name);
	jsonw_string(w, "loai", o->type);
	jsonw_string(w, "ma_cap_tren", o->parent >= 0 ? r->tree->orgs[o->parent].code : "");
	/* the ancestors' names, from the root down */
	size_t *chain = xcalloc((size_t)o->depth + 1, sizeof *chain), n = 0;
	for (long p = o->parent; p >= 0; p = r->tree->orgs[p].parent)
		chain[n++] = (size_t)p;
	jsonw_array(w, "cap_tren");
	while (n--)
		jsonw_string(w, NULL, r->tree->orgs[chain[n]].name);
	free(chain);
	jsonw_end(w);
	jsonw_string(w, "ky", r->period_text);
	jsonw_string(w, "ngay_cuoi_ky", r->end);
	write_period_facts(w, r, i);
	write_figures(w, "rieng", r, &r->own[i], r->field_own + i * r->nfields * 2);
	write_figures(w, "toan_bo", r, &r->all[i], r->field_all + i * r->nfields * 2);
	jsonw_array(w, "truc_thuoc");
	for (size_t k = 0; k < o->nchildren; k++) {
		size_t c = o->children[k];
		const struct org *ch = &r->tree->orgs[c];
		if (!run_in_period(r, c))
			continue;
		jsonw_object(w, NULL);
		jsonw_string(w, "ma_to_chuc", ch->code);
		jsonw_string(w, "ten_to_chuc", ch->name);
		jsonw_string(w, "loai", ch->type);
		write_key_figures(w, r, &r->all[c], run_previous(r, ch->code));
		jsonw_end(w);
	}
	jsonw_end(w);
	/* the key figures against the previous year, where the organisation was */
	const struct figures *then = run_previous(r, o->code);
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

static void add_appendix_row(struct strbuf *b, const char *no,
			     const char *code, const char *name, const struct figures *f,
			     const struct figures *then)
{
	long long awards_group, awards_people;

	awards(f, &awards_group, &awards_people);
	add_excel_field(b, no);
	add_excel_field(b, code);
	add_excel_field(b, name);
	strbuf_addf(b, "%lld;%lld;", f->c[C_HEADCOUNT], f->c[C_COMMITMENTS]);
	add_excel_rate(b, f->c[C_COMMITMENTS], f->c[C_HEADCOUNT]);
	for (int k = 0; k < FIGURES_LEVELS; k++)
		strbuf_addf(b, "%lld;", f->c[C_SELF_HTXS + k]);
	strbuf_addf(b, "%lld;%lld;%lld;%lld;", f->c[C_MODELS_REGISTERED], f->c[C_MODELS_EFFECTIVE],
		    awards_group, awards_people);
	long long change = then ? f->c[C_MODELS_EFFECTIVE] - then->c[C_MODELS_EFFECTIVE] : 0;
	if (then)
		strbuf_addf(b, change ? "%+lld" : "%lld", change);
	strbuf_adds(b, "\r\n");
}

/*
 * The appendix table (bang_so_lieu.csv) for Excel in vi-VN: UTF-8 with BOM,
 * ';' between fields, decimal commas, CRLF; a row per TCCSĐ by code and the
 * total. Rewritten only when it changes. Returns 1 when written.
 */
int write_appendix(const struct run *r, const char *outdir, struct outbatch *batch)
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
		if (!run_in_period(r, i) || !rules_type_in(&r->rules->grassroots, o->type))
			continue;
		snprintf(no, sizeof no, "%zu", ++n);
		add_appendix_row(&b, no, o->code, o->name, &r->all[i], run_previous(r, o->code));
	}
	const struct figures *then = NULL;
	if (r->prev)
		then = &r->prev->all[r->prev->tree->root];
	add_appendix_row(&b, "", "", "Tổng cộng", &r->all[r->tree->root], then);

	char *path = xasprintf("%s/bang_so_lieu.csv", outdir);
	int written = outfile_batch_put(batch, path, b.data, b.len);
	free(path);
	strbuf_free(&b);
	return written;
}

/* Removes aggregate/ files of organisations not in this period. */
void remove_stale(const struct run *r, const char *outdir)
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
		if (i >= 0 && run_in_period(r, (size_t)i))
			continue;
		char *p = xasprintf("%s/%s", outdir, e->d_name);
		if (unlink(p) != 0)
			util_die_errno(EXIT_SYSTEM, "không xóa được tệp %s", p);
		free(p);
	}
	closedir(d);
}

