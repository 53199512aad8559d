/*
 * datadir: where the batch's data is, for a program run outside the
 * repository's Makefile: a folder holding batch.mk, templates/ and fonts/.
 * Looked for, in order, in $BAOCAO_DATA, PROGRAMS/../share/baocao (an
 * installation, wherever its prefix), PROGRAMS/.. (a repository checkout,
 * programs in build/) and the folder compiled in as BAOCAO_DATADIR, where
 * PROGRAMS is the folder of the running program.
 */
#ifndef BAOCAO_DATADIR_H
#define BAOCAO_DATADIR_H

#include "util.h"

struct datadir {
	char *programs;  /* the folder of the running program */
	char *root;      /* holds batch.mk and templates/ */
	char *templates; /* root/templates */
	char *schemas;   /* root/templates/schema */
	char *fonts;     /* root/fonts, or PROGRAMS/fonts in a repository build */
};

/*
 * Fills d (its strings are never freed: a program finds its data once).
 * Returns -1 with a Vietnamese message naming the folders looked at in err
 * when none holds the data.
 */
int datadir_find(struct datadir *d, struct strbuf *err);

#endif
