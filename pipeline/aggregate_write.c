/*
 * aggregate_write: what the aggregate stage writes (see aggregate_write.h).
 */
#include "aggregate_write.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlsx.h"

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

/*
 * The appendix table's columns, in the order of bang_so_lieu.csv and of
 * the sheet of bang_so_lieu.xlsx, and how the workbook shows them.
 */
static const struct xlsx_column appendix_columns[] = {
	{"STT", XLSX_INTEGER},
	{"Mã TCCSĐ", XLSX_TEXT},
	{"Tên TCCSĐ", XLSX_TEXT},
	{"Tổng số", XLSX_INTEGER},
	{"Số viết cam kết", XLSX_INTEGER},
	{"Tỷ lệ %", XLSX_PERCENT},
	{"Tự đánh giá HTXSNV", XLSX_INTEGER},
	{"Tự đánh giá HTTNV", XLSX_INTEGER},
	{"Tự đánh giá HTNV", XLSX_INTEGER},
	{"Tự đánh giá KHTNV", XLSX_INTEGER},
	{"Mô hình đăng ký", XLSX_INTEGER},
	{"Mô hình hiệu quả", XLSX_INTEGER},
	{"Khen thưởng tập thể", XLSX_INTEGER},
	{"Khen thưởng cá nhân", XLSX_INTEGER},
	{"± mô hình hiệu quả so với năm trước", XLSX_CHANGE},
};
enum { APPENDIX_NCOLUMNS = sizeof appendix_columns / sizeof *appendix_columns };

/*
 * A cell of the appendix, in its column's format: a text, a count, a rate
 * n / den or a change n; none when the rate has no base (den 0), the
 * change no previous year, or the total row no number.
 */
struct appendix_cell {
	int none;
	const char *text;
	long long n, den;
};

/* The cells of a row: number no (0 for the total), then f's figures and the change since then. */
static void appendix_cells(struct appendix_cell c[APPENDIX_NCOLUMNS], size_t no, const char *code,
			   const char *name, const struct figures *f, const struct figures *then)
{
	long long awards_group, awards_people;
	size_t k = 0;

	awards(f, &awards_group, &awards_people);
	c[k++] = (struct appendix_cell){.none = !no, .n = (long long)no};
	c[k++] = (struct appendix_cell){.text = code};
	c[k++] = (struct appendix_cell){.text = name};
	c[k++] = (struct appendix_cell){.n = f->c[C_HEADCOUNT]};
	c[k++] = (struct appendix_cell){.n = f->c[C_COMMITMENTS]};
	c[k++] = (struct appendix_cell){.none = !f->c[C_HEADCOUNT], .n = f->c[C_COMMITMENTS],
					.den = f->c[C_HEADCOUNT]};
	for (int l = 0; l < FIGURES_LEVELS; l++)
		c[k++] = (struct appendix_cell){.n = f->c[C_SELF_HTXS + l]};
	c[k++] = (struct appendix_cell){.n = f->c[C_MODELS_REGISTERED]};
	c[k++] = (struct appendix_cell){.n = f->c[C_MODELS_EFFECTIVE]};
	c[k++] = (struct appendix_cell){.n = awards_group};
	c[k++] = (struct appendix_cell){.n = awards_people};
	c[k++] = (struct appendix_cell){.none = !then,
					.n = then ? f->c[C_MODELS_EFFECTIVE] - then->c[C_MODELS_EFFECTIVE] : 0};
}

/* Appends a row of cells for Excel in vi-VN: ';' between cells, decimal commas, CRLF. */
static void add_csv_row(struct strbuf *b, const struct appendix_cell c[APPENDIX_NCOLUMNS])
{
	char rate[32];

	for (size_t k = 0; k < APPENDIX_NCOLUMNS; k++) {
		if (k)
			strbuf_addc(b, ';');
		if (c[k].none)
			continue;
		switch (appendix_columns[k].format) {
		case XLSX_TEXT:
			strbuf_add_csv_text(b, c[k].text, strlen(c[k].text), ';');
			break;
		case XLSX_PERCENT:
			snprintf(rate, sizeof rate, "%.2f", 100.0 * (double)c[k].n / (double)c[k].den);
			*strchr(rate, '.') = ',';
			strbuf_adds(b, rate);
			break;
		case XLSX_CHANGE:
			strbuf_addf(b, c[k].n ? "%+lld" : "%lld", c[k].n);
			break;
		default:
			strbuf_addf(b, "%lld", c[k].n);
		}
	}
	strbuf_adds(b, "\r\n");
}

/* Writes a row of cells to the workbook. */
static void add_xlsx_row(struct xlsx *x, enum xlsx_row kind, const struct appendix_cell c[APPENDIX_NCOLUMNS])
{
	xlsx_row(x, kind);
	for (size_t k = 0; k < APPENDIX_NCOLUMNS; k++) {
		if (c[k].none)
			xlsx_blank(x);
		else if (appendix_columns[k].format == XLSX_TEXT)
			xlsx_text(x, c[k].text, strlen(c[k].text));
		else if (appendix_columns[k].format == XLSX_PERCENT)
			xlsx_number(x, (double)c[k].n / (double)c[k].den);
		else
			xlsx_number(x, (double)c[k].n);
	}
}

/*
 * The appendix table, as bang_so_lieu.csv for Excel in vi-VN (UTF-8 with
 * BOM, ';' between fields, decimal commas, CRLF) and as bang_so_lieu.xlsx:
 * a row per TCCSĐ by code and the total. Each file is rewritten only when
 * it changes. Returns how many were written.
 */
int write_appendix(const struct run *r, const char *outdir, struct outbatch *batch)
{
	struct appendix_cell cells[APPENDIX_NCOLUMNS];
	struct strbuf b = {0}, err = {0};
	char *title = xasprintf("Bảng số liệu kỳ %s", r->period_text);
	struct xlsx_table table = {
		.sheet = "Bảng số liệu", .title = title, .created = xlsx_period_time(r->period_text),
		.columns = appendix_columns, .ncolumns = APPENDIX_NCOLUMNS, .frozen_columns = 3,
	};
	char *xlsx_path = xasprintf("%s/bang_so_lieu.xlsx", outdir);
	struct outfile *xlsx_file = outfile_open(xlsx_path);
	struct xlsx *x = xlsx_new(outfile_tmp_path(xlsx_file), outdir, &table);
	size_t n = 0;

	strbuf_adds(&b, "\xEF\xBB\xBF");
	for (size_t k = 0; k < APPENDIX_NCOLUMNS; k++) {
		if (k)
			strbuf_addc(&b, ';');
		strbuf_adds(&b, appendix_columns[k].title);
	}
	strbuf_adds(&b, "\r\n");
	for (size_t i = 0; i < r->tree->n; i++) {
		const struct org *o = &r->tree->orgs[i];
		if (!run_in_period(r, i) || !rules_type_in(&r->rules->grassroots, o->type))
			continue;
		appendix_cells(cells, ++n, o->code, o->name, &r->all[i], run_previous(r, o->code));
		add_csv_row(&b, cells);
		add_xlsx_row(x, XLSX_DATA, cells);
	}
	const struct figures *then = NULL;
	if (r->prev)
		then = &r->prev->all[r->prev->tree->root];
	appendix_cells(cells, 0, "", "Tổng cộng", &r->all[r->tree->root], then);
	add_csv_row(&b, cells);
	add_xlsx_row(x, XLSX_TOTAL, cells);

	char *path = xasprintf("%s/bang_so_lieu.csv", outdir);
	int written = outfile_batch_put(batch, path, b.data, b.len);
	free(path);
	strbuf_free(&b);
	if (xlsx_close(x, &err) != 0)
		util_die(EXIT_SYSTEM, "không ghi được tệp %s: %s", xlsx_path, err.data);
	written += outfile_commit_changed(xlsx_file);
	free(xlsx_path);
	free(title);
	strbuf_free(&err);
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

