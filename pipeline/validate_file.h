/*
 * validate_file: validates one import file. Its records are checked
 * (validate_check), decided in file order (keys, references inside the
 * file), sorted into DIR/valid/NAME.csv (normalised) or
 * DIR/rejected/NAME.csv (byte-exact), and reported; the indexes that later
 * files refer to are filled on the way.
 */
#ifndef BAOCAO_VALIDATE_FILE_H
#define BAOCAO_VALIDATE_FILE_H

#include "validate_report.h"
#include "validate_resource.h"

/* Options that hold for the whole run. */
struct vconfig {
	long year;          /* the period's year; 0 when not given */
	const char *outdir; /* where valid/ and rejected/ are (they must exist) */
	int threads;        /* helper threads besides the caller's */
	int progress;       /* show progress on stderr */
};

/* Validates res, writing its valid/ and rejected/ files and filling its indexes. */
void validate_file(struct resource *res, const struct vconfig *cfg, struct report *rep);

#endif
