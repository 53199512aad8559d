/*
 * validate_tree: references between the rows of one file: foreign keys to
 * the file itself and the hierarchy of a tree-shaped file (one root,
 * allowed parent types, no cycles). The rows stay the caller's: they are
 * read through its accessors, and problems go back through them.
 */
#ifndef BAOCAO_VALIDATE_TREE_H
#define BAOCAO_VALIDATE_TREE_H

#include <stddef.h>

#include "schema.h"
#include "validate_report.h"

/* The rows of a file as validate_tree sees them, through the caller's accessors. */
struct tree_rows {
	size_t n;
	unsigned char *rejected; /* per row; validate_tree sets more */
	void *ctx;
	size_t (*line)(void *ctx, size_t i);
	/* fills out (one value per schema field) with row i's normal values; returns out */
	const struct schema_value *(*values)(void *ctx, size_t i, struct schema_value *out);
	/* records a problem of row i about field */
	void (*problem)(void *ctx, size_t i, enum vcode code, size_t field, const char *message);
};

/*
 * Checks the references of the file file_name (with schema s) to itself
 * (foreign keys with resource "") and its hierarchy on rows not rejected
 * yet; rejects the rows that fail and, in turn, those that refer to
 * rejected rows.
 */
void validate_tree(const struct schema *s, const char *file_name, struct tree_rows *rows);

#endif
