/*
 * fixtures.h: what the unit tests of fonts and PDFs share: the build folder
 * of the running test (build/tests/test_pdf -> build, build-dev/tests/… ->
 * build-dev), so that each build uses the fonts `make fonts` cut for it;
 * the faces loaded from there; a buffer run through a command-line tool.
 * Include after <cmocka.h>.
 */
#ifndef BAOCAO_TEST_FIXTURES_H
#define BAOCAO_TEST_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ttf.h"
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

/*
 * Loads the fonts files[0..n) of the build folder of argv0 into faces,
 * their paths into paths (each newly allocated); 0, or -1 after saying
 * which is missing.
 */
static inline int load_faces(const char *argv0, const char *const *files, int n, char **paths,
			     struct ttf **faces)
{
	char *dir = build_dir(argv0);
	struct strbuf err = {0};
	int ok = 1;
	for (int f = 0; f < n; f++) {
		paths[f] = xasprintf("%s/fonts/%s", dir, files[f]);
		if (!(faces[f] = ttf_load(paths[f], &err))) {
			fprintf(stderr, "%s (make fonts)\n", err.data);
			ok = 0;
		}
	}
	free(dir);
	strbuf_free(&err);
	return ok ? 0 : -1;
}

/* Frees what load_faces loaded. */
static inline void free_faces(char **paths, struct ttf **faces, int n)
{
	for (int f = 0; f < n; f++) {
		ttf_free(faces[f]);
		free(paths[f]);
	}
}

/*
 * Writes b to a temporary file and runs cmd_fmt (%s: its path) on it;
 * returns its whole output (binary too; the caller frees it), its status in
 * *status.
 */
static inline struct strbuf run_on(const struct strbuf *b, const char *cmd_fmt, int *status)
{
	char path[] = "/tmp/baocao_test_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
	close(fd);
	char *cmd = xasprintf(cmd_fmt, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct strbuf t = {0};
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
		strbuf_add(&t, chunk, got);
	*status = pclose(p);
	remove(path);
	free(cmd);
	if (!t.data)
		strbuf_add(&t, "", 0);
	return t;
}

/*
 * Checks that after, a rewriting of the PDF before (repacked, signed), is
 * whole for qpdf --check and gives pdftotext's text of before, holding
 * expect; each check only where its tool is installed.
 */
static inline void assert_same_pdf_text(const struct strbuf *before, const struct strbuf *after, const char *expect)
{
	int status;
	if (system("command -v qpdf >/dev/null 2>&1") == 0) {
		struct strbuf check = run_on(after, "qpdf --check %s 2>&1", &status);
		if (status)
			fprintf(stderr, "%s", check.data);
		assert_int_equal(status, 0);
		assert_non_null(strstr(check.data, "No syntax or stream encoding errors"));
		strbuf_free(&check);
	}
	if (system("command -v pdftotext >/dev/null 2>&1") == 0) {
		struct strbuf was = run_on(before, "pdftotext -enc UTF-8 %s -", &status);
		assert_int_equal(status, 0);
		struct strbuf is = run_on(after, "pdftotext -enc UTF-8 %s -", &status);
		assert_int_equal(status, 0);
		assert_non_null(strstr(is.data, expect));
		assert_string_equal(is.data, was.data); /* nothing drawn was touched */
		strbuf_free(&was);
		strbuf_free(&is);
	}
}

#endif
