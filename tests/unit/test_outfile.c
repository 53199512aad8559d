/* Unit tests for outfile: atomic commit, abort, batches, mkdirs, writes by name. */
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
#include <signal.h>
#include <sys/wait.h>
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

/* A batch leaves unchanged files alone and replaces the others only at commit. */
static void batch_replaces_changed_files_at_commit(void **state)
{
	(void)state;
	char *same = xasprintf("%s/same.json", dir), *changed = xasprintf("%s/changed.json", dir);
	char *fresh = xasprintf("%s/fresh.json", dir);
	FILE *fp = fopen(same, "w");
	fputs("{}\n", fp);
	fclose(fp);
	fp = fopen(changed, "w");
	fputs("{\"a\":1}\n", fp);
	fclose(fp);
	struct timespec old = {1000000000, 0};
	struct timespec times[2] = {old, old};
	utimensat(AT_FDCWD, same, times, 0);
	size_t before = entries(dir);

	struct outbatch *b = outfile_batch_new();
	assert_int_equal(outfile_batch_put(b, same, "{}\n", 3), 0);
	assert_int_equal(outfile_batch_put(b, changed, "{\"a\":2}\n", 8), 1);
	assert_int_equal(outfile_batch_put(b, fresh, "[]\n", 3), 1);
	assert_string_equal(slurp(changed), "{\"a\":1}\n"); /* not yet */
	assert_null(slurp(fresh));
	assert_int_equal(entries(dir), before + 2); /* two temporaries */
	outfile_batch_commit(b);
	assert_string_equal(slurp(changed), "{\"a\":2}\n");
	assert_string_equal(slurp(fresh), "[]\n");
	assert_string_equal(slurp(same), "{}\n");
	struct stat st;
	stat(same, &st);
	assert_int_equal(st.st_mtime, 1000000000);
	assert_int_equal(entries(dir), before + 1); /* fresh.json, no temporaries */
	/* a second batch may follow the first */
	b = outfile_batch_new();
	assert_int_equal(outfile_batch_put(b, fresh, "[]\n", 3), 0);
	outfile_batch_commit(b);
	free(same);
	free(changed);
	free(fresh);
}

/* A stage killed before its batch commits leaves neither temporaries nor new files. */
static void killed_batch_leaves_nothing(void **state)
{
	(void)state;
	char *sub = xasprintf("%s/killed", dir);
	outfile_mkdirs(sub);
	pid_t pid = fork();
	if (pid == 0) {
		outfile_cleanup_on_signals();
		struct outbatch *b = outfile_batch_new();
		for (int i = 0; i < 300; i++) { /* past the registry's first growth */
			char *p = xasprintf("%s/%d.json", sub, i);
			outfile_batch_put(b, p, "{}\n", 3);
			free(p);
		}
		raise(SIGTERM);
		_exit(0); /* not reached */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	assert_int_equal(entries(sub), 0);
	free(sub);
}

/* Writes data to path's temporary by its name, as a library does; returns outfile_commit_changed's value. */
static int write_by_name(const char *path, const char *data)
{
	struct outfile *o = outfile_open(path);
	FILE *fp = fopen(outfile_tmp_path(o), "w");
	assert_non_null(fp);
	fputs(data, fp);
	assert_int_equal(fclose(fp), 0);
	return outfile_commit_changed(o);
}

/* A file written by name replaces its target only when its bytes differ; no temporary stays. */
static void commit_changed_keeps_an_unchanged_target(void **state)
{
	(void)state;
	char *sub = xasprintf("%s/by-name", dir), *path = xasprintf("%s/t.xlsx", sub);
	struct stat a, b;

	outfile_mkdirs(sub);

	assert_int_equal(write_by_name(path, "one"), 1);
	assert_string_equal(slurp(path), "one");
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(write_by_name(path, "one"), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_true(a.st_ino == b.st_ino);
	assert_int_equal(write_by_name(path, "two"), 1);
	assert_string_equal(slurp(path), "two");
	assert_int_equal(stat(path, &b), 0);
	assert_true(a.st_ino != b.st_ino);
	assert_int_equal(entries(sub), 1);
	free(path);
	free(sub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commit_replaces_only_at_the_end),
		cmocka_unit_test(large_target_replaced),
		cmocka_unit_test(mkdirs_makes_parents),
		cmocka_unit_test(batch_replaces_changed_files_at_commit),
		cmocka_unit_test(killed_batch_leaves_nothing),
		cmocka_unit_test(commit_changed_keeps_an_unchanged_target),
	};
	return cmocka_run_group_tests_name("outfile", tests, setup, teardown);
}
