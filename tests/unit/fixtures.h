/*
 * fixtures.h: what the unit tests of fonts and PDFs share: the build folder
 * of the running test (build/tests/test_pdf -> build, build-dev/tests/… ->
 * build-dev), so that each build uses the fonts `make fonts` cut for it;
 * the faces loaded from there; a two-page report drawn with them; a buffer
 * run through a command-line tool.
 * Include after <cmocka.h>.
 */
#ifndef BAOCAO_TEST_FIXTURES_H
#define BAOCAO_TEST_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "pdf.h"
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

/*
 * Draws a two-page report (eight bold headings, bookmarked, each with a
 * justified paragraph; a rule at the end when rule is set) with the two
 * faces loaded by load_faces, dated date, into out; 0, or pdf_render's error.
 */
static inline int draw_report(struct ttf **faces, char **paths, struct tm date, int rule, struct strbuf *out)
{
	static const struct layout_page a4 = {595.28, 841.89, 56.69, 56.69, 85.04, 42.52};
	static const struct layout_style heading = {1, 14, 20, 6, 6, 0, LAYOUT_CENTER, 0, 0, 0, 0, 0};
	static const struct layout_style body = {0, 14, 20, 0, 6, 36, LAYOUT_JUSTIFY, 0, 0, 0, 0, 0};
	static const char text[] =
		"Ban Thường vụ Đảng ủy Khối đã lãnh đạo, chỉ đạo các tổ chức cơ sở đảng trực thuộc quán "
		"triệt, triển khai thực hiện nghiêm túc Chỉ thị số 05-CT/TW; có 3.481/3.481 cán bộ, đảng "
		"viên xây dựng bản cam kết (đạt 100%), tăng 2 mô hình so với năm 2021.";
	struct layout *l = layout_new(&a4, faces, 2);
	for (int i = 0; i < 8; i++) {
		char *h = xasprintf("%d. Đảng ủy Khối", i + 1);
		layout_paragraph(l, &heading, h, 0, 0, 1, 1);
		free(h);
		layout_paragraph(l, &body, text, 0, 0, 0, 0);
	}
	if (rule)
		layout_rule(l, 60, 0.5, 4, 8);
	struct layout_doc *d = layout_finish(l, NULL, 0, NULL);
	struct pdf_info info = {"Báo cáo", "Đảng ủy Khối", NULL, NULL, "baocao", 1, date};
	struct strbuf err = {0};
	int r = pdf_render(d, faces, (const char *const *)paths, 2, &info, out, &err);
	if (r)
		fprintf(stderr, "%s\n", err.data);
	layout_doc_free(d);
	strbuf_free(&err);
	return r;
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
