/*
 * aggregate_count: counts one period's figures from its validated imports
 * (DIR/valid/NAME.csv): each organisation's own counters, rolled up the
 * hierarchy, its models by field, and the warnings the rules raise.
 *
 * Ownership: a struct run owns its tree, counters and warnings, and frees
 * them in run_free; it borrows dir and the rules.
 */
#ifndef BAOCAO_AGGREGATE_COUNT_H
#define BAOCAO_AGGREGATE_COUNT_H

#include <stdint.h>

#include "aggregate_figures.h"
#include "aggregate_rules.h"
#include "fmt.h"
#include "keyset.h"
#include "orgtree.h"

/* The imports the aggregate stage reads, by name ("cam_ket"). */
enum { COUNT_NFILES = 7 };
extern const char *const count_files[COUNT_NFILES];

struct run {
	const char *dir;         /* the period's output folder, with valid/ */
	const struct rules *rules;
	long year;
	long month;              /* 1-12 for a monthly period, 0 for a year */
	int quiet;
	/* the rest is filled by count_period */
	char year_text[8];
	char period_text[16];    /* "2022", or "2023-05" for a month */
	char end[11];            /* the period's last day, ISO */
	fmt_days first, last;    /* the period's first and last days */
	struct orgtree *tree;
	struct figures *own, *all; /* per organisation: itself, and its whole subtree */
	struct keyset *people;   /* every person: ma_nguoi -> organisation and flags */
	struct strbuf *warnings; /* per organisation, one message a line */
	const struct run *prev;  /* the previous year's figures, or NULL (set by the caller) */
	char **fields;           /* the models' fields (linh_vuc) of the period, sorted */
	size_t nfields;
	long long *field_own, *field_all; /* per organisation, per field: registered, effective */
	/* records of the period left out, of cam_ket, xep_loai and khen_thuong: their person is not counted */
	long long not_counted[3];
	int present[COUNT_NFILES];     /* which imports the period has in valid/ */
	/* rejected records (validation.json, rejects.csv): in all, of no organisation of the period,
	 * and per organisation, of its whole subtree */
	long long rejected, unattributed;
	long long *rejected_within;
	struct org_memo {
		char code[64];
		size_t len; /* SIZE_MAX: nothing kept yet */
		long org;
	} last_org;
};

/* The files whose records not_counted counts, in its order. */
extern const char *const count_not_counted_files[3];

/*
 * Counts everything of r's period (r->dir, year, month and rules set) and
 * rolls it up the tree; then checks the rules' warnings. DIR/validation.json
 * must be the validate stage's for this very period; its rejected records
 * are attributed to organisations from DIR/rejects.csv. Exits 2 when a
 * file cannot be read, belongs to another period, or a count overflows.
 */
void count_period(struct run *r);

/* 1 when organisation i exists during r's period. */
int run_in_period(const struct run *r, size_t i);

/* The previous year's figures of the organisation with code, NULL if it had none then. */
const struct figures *run_previous(const struct run *r, const char *code);

/* Frees what count_period made. */
void run_free(struct run *r);

#endif
