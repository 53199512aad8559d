/*
 * aggregate_figures: the figures baocao-aggregate counts for each
 * organisation, as one table of counters (enum counter), each with its JSON
 * group and name, and the rates recomputed from them. Counting, rolling up,
 * checking and printing walk this one table.
 */
#ifndef BAOCAO_AGGREGATE_FIGURES_H
#define BAOCAO_AGGREGATE_FIGURES_H

#include <stddef.h>

/* The counters, summed up the tree, in output order. */
enum counter {
	C_HEADCOUNT, C_MEMBERS, C_NON_MEMBERS, C_COMMITMENTS,
	C_SELF_HTXS, C_SELF_HTT, C_SELF_HT, C_SELF_KHT,
	C_CB_HTXS, C_CB_HTT, C_CB_HT, C_CB_KHT,
	C_XLDV_HTXS, C_XLDV_HTT, C_XLDV_HT, C_XLDV_KHT,
	C_XLTC_HTXS, C_XLTC_HTT, C_XLTC_HT, C_XLTC_KHT,
	C_MODELS_REGISTERED, C_MODELS_EFFECTIVE,
	C_KT_FIRST, /* FIGURES_AWARD_LEVELS levels x FIGURES_AWARD_KINDS kinds */
	C_SH_MONTHS = C_KT_FIRST + 12, C_SH_MEETINGS, C_SH_CT05, C_SH_REPORTING,
	C_SH_NEWS, C_SH_BROADCASTS, C_SH_BULLETINS, C_SH_SOCIAL,
	/* a monthly period's own month (the sinh_hoat and tuyen_truyen above are the year to date) */
	C_M_MONTHS, C_M_MEETINGS, C_M_CT05, C_M_REPORTING, C_M_NEWS, C_M_BROADCASTS,
	C_M_BULLETINS, C_M_SOCIAL,
	NCOUNTERS
};

/* The first counter that only a monthly period has. */
#define C_FIRST_MONTHLY C_M_MONTHS

/* The four ratings, best first, as the imports write them (HTXSNV…). */
enum { FIGURES_LEVELS = 4 };
extern const char *const figures_levels[FIGURES_LEVELS];

/* Commendations: by level (cơ sở, ĐUK, tỉnh, trung ương) and kind (tập thể, cá nhân…). */
enum { FIGURES_AWARD_LEVELS = 4, FIGURES_AWARD_KINDS = 3 };
extern const char *const figures_award_levels[FIGURES_AWARD_LEVELS];
extern const char *const figures_award_kinds[FIGURES_AWARD_KINDS];

/* One organisation's counters. */
struct figures {
	long long c[NCOUNTERS];
};

/* A rate, recomputed from summed counters (never averaged), in percent. */
struct figures_rate {
	const char *name;
	enum counter num, den;
};
extern const struct figures_rate figures_rates[];
extern const size_t figures_nrates;

/* Counter k's JSON group (NULL for none) and name ("tu_danh_gia", "HTXSNV"). */
void figures_counter_name(int k, const char **group, char *name, size_t size);

/* The counter named "group.name" or "name" (as in the JSON), or -1. */
int figures_counter_find(const char *path);

/* The index of v[0..n) in figures_levels, or -1. */
int figures_level(const char *v, size_t n);

/* num / den in percent; NaN (printed null) over nothing. */
double figures_percent(long long num, long long den);

/* Adds b's counters to a's, saturating at the limits of long long; returns 1 when one saturated. */
int figures_add(struct figures *a, const struct figures *b);

#endif
