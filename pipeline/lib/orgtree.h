/*
 * orgtree: the organisation hierarchy of a period, read from a validated
 * to_chuc.csv (valid/ guarantees one root, known parents, no cycles). It
 * gives each organisation its parent, its children sorted by code, its
 * depth, and an order for roll-ups in which children come before parents.
 * The tree owns all its strings and arrays; orgtree_free releases them.
 */
#ifndef BAOCAO_ORGTREE_H
#define BAOCAO_ORGTREE_H

#include <stddef.h>

#include "fmt.h"
#include "util.h"

/* No date (an organisation not dissolved). */
#define ORGTREE_NO_DATE ((fmt_days)-2147483647L)

struct org {
	char *code, *name, *type, *short_name;
	long parent;        /* index in the tree, -1 for the root */
	size_t *children;   /* indexes, sorted by code */
	size_t nchildren;
	int depth;          /* the root is 0 */
	fmt_days founded, dissolved; /* dissolved: ORGTREE_NO_DATE when still active */
};

struct orgtree {
	struct org *orgs;   /* sorted by code */
	size_t n;
	size_t root;
	size_t *bottom_up;  /* every index, children before their parent */
};

/*
 * Reads a validated to_chuc.csv (columns found by their names). Returns NULL
 * and a message in err when the file cannot be read, is not a tree or holds
 * a code that orgtree_code_ok refuses.
 */
struct orgtree *orgtree_load(const char *path, struct strbuf *err);
void orgtree_free(struct orgtree *t);

/* The index of the organisation with code[0..len), or -1. */
long orgtree_find(const struct orgtree *t, const char *code, size_t len);

/*
 * The index of the element whose code is code[0..len) in base[0..n), an
 * array of elements of size bytes sorted by their code (a char * at offset
 * code_at, compared bytewise), or -1: for any list of organisations.
 */
long orgtree_search(const void *base, size_t n, size_t size, size_t code_at, const char *code, size_t len);

/*
 * 1 when o exists on some day of [first, last]: founded by last and not
 * dissolved by first (an organisation dissolved during it counts).
 */
int orgtree_active_during(const struct org *o, fmt_days first, fmt_days last);

/* The longest organisation code. */
#define ORGTREE_CODE_MAX 32

/*
 * 1 when code[0..len) is safe as a file name and a make target: 1 to
 * ORGTREE_CODE_MAX of A-Z and 0-9, and "_" or "-" after the first. Every
 * stage that names a file after an organisation relies on this check,
 * whatever the schema allowed (the stock schema's pattern is the same).
 */
int orgtree_code_ok(const char *code, size_t len);

/* 1 when a is b or one of b's descendants. */
int orgtree_within(const struct orgtree *t, size_t a, size_t b);

#endif
