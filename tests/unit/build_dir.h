/*
 * build_dir.h: for unit tests that need the fonts `make fonts` cuts: the
 * build folder holding the running test (build/tests/test_pdf -> build,
 * build-dev/tests/… -> build-dev), so that each build uses its own fonts.
 */
#ifndef BAOCAO_TEST_BUILD_DIR_H
#define BAOCAO_TEST_BUILD_DIR_H

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The build folder of the test at argv0, newly allocated; "build" if argv0 has no folder. */
static inline char *build_dir(const char *argv0)
{
	char *dir = xstrdup(argv0);
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(dir, '/');
		if (!slash) {
			free(dir);
			return xstrdup("build");
		}
		*slash = '\0';
	}
	return dir;
}

#endif
