/* Unit tests for outfile: atomic commit, abort, keep-if-unchanged, mkdirs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <fcntl.h>
#include <cmocka.h>

#include "outfile.h"
#include "util.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_outfile_XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf %s", dir);
	int r = system(cmd);
	free(cmd);
	return r;
}

static size_t entries(const char *path)
{
	DIR *d = opendir(path);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' || strlen(e->d_name) > 2)
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *fp = fopen(path, "r");
	if (!fp)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void commit_replaces_only_at_the_end(void **state)
{
	(void)state;
	char *path = xasprintf("%s/a.csv", dir);
	struct outfile *o = outfile_open(path);
	fputs("new", o->fp);
	fflush(o->fp);
	assert_null(slurp(path)); /* nothing at the final name yet */
	assert_int_equal(entries(dir), 1); /* the hidden temporary */
	outfile_commit(o);
	assert_string_equal(slurp(path), "new");
	assert_int_equal(entries(dir), 1);

	o = outfile_open(path);
	fputs("half", o->fp);
	outfile_abort(o);
	assert_string_equal(slurp(path), "new");
	assert_int_equal(entries(dir), 1);
	free(path);
}

static void unchanged_content_keeps_mtime(void **state)
{
	(void)state;
	char *path = xasprintf("%s/b.json", dir);
	struct outfile *o = outfile_open(path);
	fputs("{}", o->fp);
	assert_int_equal(outfile_commit_if_changed(o), 1);
	struct stat before, after;
	stat(path, &before);
	struct timespec old = {1000000000, 0};
	struct timespec times[2] = {old, old};
	utimensat(AT_FDCWD, path, times, 0);
	o = outfile_open(path);
	fputs("{}", o->fp);
	assert_int_equal(outfile_commit_if_changed(o), 0);
	stat(path, &after);
	assert_int_equal(after.st_mtime, 1000000000);
	o = outfile_open(path);
	fputs("{\"a\":1}", o->fp);
	assert_int_equal(outfile_commit_if_changed(o), 1);
	assert_string_equal(slurp(path), "{\"a\":1}");
	(void)before;
	free(path);
}

/* A large file being replaced is removed early, and nothing is left behind. */
static void large_target_replaced(void **state)
{
	(void)state;
	char *path = xasprintf("%s/large.csv", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(ftruncate(fileno(fp), (off_t)65 << 20), 0); /* sparse: cheap */
	fclose(fp);
	size_t before = entries(dir);
	struct outfile *o = outfile_open(path);
	fputs("new", o->fp);
	outfile_commit(o);
	assert_string_equal(slurp(path), "new");
	assert_int_equal(entries(dir), before);
	free(path);
}

static void mkdirs_makes_parents(void **state)
{
	(void)state;
	char *p = xasprintf("%s/x/y/z", dir);
	outfile_mkdirs(p);
	outfile_mkdirs(p); /* existing is fine */
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commit_replaces_only_at_the_end),
		cmocka_unit_test(unchanged_content_keeps_mtime),
		cmocka_unit_test(large_target_replaced),
		cmocka_unit_test(mkdirs_makes_parents),
	};
	return cmocka_run_group_tests_name("outfile", tests, setup, teardown);
}
