/*
 * aggregate_rules: the rules of the aggregate stage that staff may change,
 * read from a JSON file (templates/aggregate.json): which organisation
 * types are grassroots organisations (TCCSĐ: the appendix's rows), which
 * owe a chi bộ meeting every month, and the warnings on an organisation's
 * figures ("at most 20% of those rated HTTNV may be rated HTXSNV").
 *
 * Ownership: the rules own all their strings; rules_free releases them.
 */
#ifndef BAOCAO_AGGREGATE_RULES_H
#define BAOCAO_AGGREGATE_RULES_H

#include <stddef.h>

#include "aggregate_figures.h"
#include "util.h"

/* A set of organisation types ("DBCS", "CBCS"). */
struct type_set {
	char **types;
	size_t n;
};

/* A warning: counter may be at most percent % of base, in organisations of types. */
struct figures_warning {
	struct type_set types;
	enum counter counter, base;
	double percent;
	char *message; /* Vietnamese; {value} and {base} stand for the two counts */
};

struct rules {
	struct type_set grassroots;       /* TCCSĐ: a row each in the appendix */
	struct type_set monthly_meetings; /* chi bộ owing one meeting a month */
	struct figures_warning *warnings;
	size_t nwarnings;
};

/* Loads the rules at path; NULL with "path: what is wrong" (Vietnamese) in err. */
struct rules *rules_load(const char *path, struct strbuf *err);
/* Frees r (accepts NULL). */
void rules_free(struct rules *r);

/* 1 when type is one of set's. */
int rules_type_in(const struct type_set *set, const char *type);

/*
 * Appends to out the warning's message for figures f when they break it
 * (returning 1), else appends nothing and returns 0.
 */
int rules_warning_check(const struct figures_warning *w, const struct figures *f,
			struct strbuf *out);

#endif
