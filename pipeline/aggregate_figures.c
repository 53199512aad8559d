/*
 * aggregate_figures: the table of counters and rates (see aggregate_figures.h).
 */
#include "aggregate_figures.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const figures_levels[FIGURES_LEVELS] = {"HTXSNV", "HTTNV", "HTNV", "KHTNV"};
const char *const figures_award_levels[FIGURES_AWARD_LEVELS] = {"co_so", "DUK", "tinh",
								 "trung_uong"};
const char *const figures_award_kinds[FIGURES_AWARD_KINDS] = {"tap_the", "ca_nhan_dang_vien",
							       "ca_nhan_quan_chung"};

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
	/* the commendations are named in figures_counter_name() */
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

const struct figures_rate figures_rates[] = {
	{"ty_le_cam_ket", C_COMMITMENTS, C_HEADCOUNT},
	{"ty_le_sinh_hoat_co_noi_dung_ct05", C_SH_CT05, C_SH_MONTHS},
	{"ty_le_sinh_hoat_co_noi_dung_ct05_trong_thang", C_M_CT05, C_M_MONTHS},
};
const size_t figures_nrates = sizeof figures_rates / sizeof *figures_rates;

void figures_counter_name(int k, const char **group, char *name, size_t size)
{
	if (k >= C_KT_FIRST && k < C_KT_FIRST + FIGURES_AWARD_LEVELS * FIGURES_AWARD_KINDS) {
		*group = "khen_thuong";
		snprintf(name, size, "%s_%s", figures_award_levels[(k - C_KT_FIRST) / FIGURES_AWARD_KINDS],
			 figures_award_kinds[(k - C_KT_FIRST) % FIGURES_AWARD_KINDS]);
		return;
	}
	*group = counters[k].group;
	snprintf(name, size, "%s", counters[k].name);
}

int figures_counter_find(const char *path)
{
	for (int k = 0; k < NCOUNTERS; k++) {
		const char *group;
		char name[64], full[128];
		figures_counter_name(k, &group, name, sizeof name);
		snprintf(full, sizeof full, "%s%s%s", group ? group : "", group ? "." : "", name);
		if (strcmp(full, path) == 0)
			return k;
	}
	return -1;
}

int figures_level(const char *v, size_t n)
{
	for (int k = 0; k < FIGURES_LEVELS; k++)
		if (strlen(figures_levels[k]) == n && memcmp(figures_levels[k], v, n) == 0)
			return k;
	return -1;
}

double figures_percent(long long num, long long den)
{
	return den ? 100.0 * (double)num / (double)den : NAN;
}

int figures_add(struct figures *a, const struct figures *b)
{
	int saturated = 0;

	for (int k = 0; k < NCOUNTERS; k++)
		if (__builtin_add_overflow(a->c[k], b->c[k], &a->c[k])) {
			a->c[k] = b->c[k] > 0 ? LLONG_MAX : LLONG_MIN;
			saturated = 1;
		}
	return saturated;
}
