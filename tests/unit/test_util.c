/*
 * Unit tests for util: the growable buffer (appends, formatted appends long
 * enough to take the second vsnprintf, reset, free, reserve), CSV fields,
 * array growth, the string helpers, byte comparisons, and the diagnostics
 * of util_die and util_die_errno, run in a child to see its stderr and exit
 * status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "util.h"

static void strbuf_appends(void **state)
{
	(void)state;
	struct strbuf b = {0};
	strbuf_adds(&b, "Chi bộ");
	assert_int_equal(b.len, strlen("Chi bộ"));
	assert_string_equal(b.data, "Chi bộ");
	assert_true(b.cap > b.len);
	strbuf_addc(&b, ' ');
	strbuf_add(&b, "12345", 2);
	assert_string_equal(b.data, "Chi bộ 12");
	/* bytes after a NUL are kept and counted */
	strbuf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, strlen("Chi bộ 12") + 3);
	assert_memory_equal(b.data + b.len - 3, "a\0b", 3);
	assert_int_equal(b.data[b.len], '\0');
	strbuf_free(&b);

	/* nothing added still gives a terminated, empty string */
	strbuf_add(&b, "", 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	strbuf_free(&b);
}

/* Many small appends cross several growths and keep every byte. */
static void strbuf_grows_keeping_contents(void **state)
{
	(void)state;
	struct strbuf b = {0};
	for (int i = 0; i < 5000; i++)
		strbuf_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 5000);
	assert_true(b.cap > 5000);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_int_equal(b.data[5000], '\0');
	strbuf_free(&b);
}

static void strbuf_formats(void **state)
{
	(void)state;
	struct strbuf b = {0};
	strbuf_addf(&b, "%s:%d:%zu", "nhan_su.csv", 12, (size_t)3);
	assert_string_equal(b.data, "nhan_su.csv:12:3");
	assert_int_equal(b.len, strlen("nhan_su.csv:12:3"));

	/* longer than the 256-byte first attempt, appended after what is there */
	char long_value[1001];
	memset(long_value, 'x', 1000);
	long_value[1000] = '\0';
	strbuf_addf(&b, "[%s]%d", long_value, 7);
	assert_int_equal(b.len, strlen("nhan_su.csv:12:3") + 1 + 1000 + 2);
	assert_memory_equal(b.data, "nhan_su.csv:12:3[", 17);
	for (size_t i = 17; i < 1017; i++)
		assert_int_equal(b.data[i], 'x');
	assert_string_equal(b.data + 1017, "]7");
	/* exactly 255 and 256 bytes: the edges of the first attempt */
	strbuf_reset(&b);
	strbuf_addf(&b, "%.*s", 255, long_value);
	assert_int_equal(b.len, 255);
	assert_int_equal(strlen(b.data), 255);
	strbuf_reset(&b);
	strbuf_addf(&b, "%.*s", 256, long_value);
	assert_int_equal(b.len, 256);
	assert_int_equal(strlen(b.data), 256);
	strbuf_free(&b);
}

static void strbuf_reset_free_reserve(void **state)
{
	(void)state;
	struct strbuf b = {0};
	strbuf_adds(&b, "đảng viên");
	size_t cap = b.cap;
	strbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.cap, cap); /* the memory is kept */
	strbuf_adds(&b, "x");
	assert_string_equal(b.data, "x");

	strbuf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	strbuf_free(&b); /* twice is harmless */
	strbuf_reset(&b); /* and so is resetting an empty buffer */
	assert_null(b.data);

	/* after reserving, that many bytes go in without moving the buffer */
	strbuf_adds(&b, "ab");
	strbuf_reserve(&b, 1000);
	assert_true(b.cap >= b.len + 1000 + 1);
	assert_string_equal(b.data, "ab");
	char *before = b.data;
	for (int i = 0; i < 1000; i++)
		strbuf_addc(&b, 'z');
	assert_ptr_equal(b.data, before);
	assert_int_equal(b.len, 1002);
	/* reserving less than what is free changes nothing */
	cap = b.cap;
	strbuf_reserve(&b, b.cap - b.len - 1);
	assert_int_equal(b.cap, cap);
	strbuf_free(&b);
}

/* One CSV field: {value, separator, expected}. */
static const struct {
	const char *v;
	char sep;
	const char *want;
} csv_cases[] = {
	{"Chi bộ 1", ',', "Chi bộ 1"},
	{"", ',', ""},
	{"a,b", ',', "\"a,b\""},
	{"a,b", ';', "a,b"},
	{"a;b", ';', "\"a;b\""},
	{"a;b", ',', "a;b"},
	{"a\tb", '\t', "\"a\tb\""},
	{"nói \"có\"", ',', "\"nói \"\"có\"\"\""},
	{"\"", ';', "\"\"\"\""},
	{"dòng 1\ndòng 2", ',', "\"dòng 1\ndòng 2\""},
	{"a\r\nb", ';', "\"a\r\nb\""},
	{"a\rb", ',', "\"a\rb\""},
	{",", ',', "\",\""},
};

static void csv_fields(void **state)
{
	(void)state;
	struct strbuf b = {0};
	for (size_t i = 0; i < sizeof csv_cases / sizeof *csv_cases; i++) {
		strbuf_reset(&b);
		strbuf_add_csv(&b, csv_cases[i].v, strlen(csv_cases[i].v), csv_cases[i].sep);
		assert_string_equal(b.data ? b.data : "", csv_cases[i].want);
	}
	/* only v[0..n) counts, and fields append to what is there */
	strbuf_reset(&b);
	strbuf_adds(&b, "x,");
	strbuf_add_csv(&b, "ab,cd", 2, ',');
	strbuf_addc(&b, ',');
	strbuf_add_csv(&b, "ab,cd", 5, ',');
	assert_string_equal(b.data, "x,ab,\"ab,cd\"");
	strbuf_free(&b);
}

static void xgrow_keeps_contents(void **state)
{
	(void)state;
	int *a = NULL;
	size_t cap = 0;
	xgrow(&a, &cap, 1, sizeof *a);
	assert_non_null(a);
	assert_true(cap >= 1);
	size_t first = cap;
	for (size_t i = 0; i < first; i++)
		a[i] = (int)i * 3;
	int *before = a;
	xgrow(&a, &cap, first, sizeof *a); /* already enough: nothing moves */
	assert_ptr_equal(a, before);
	assert_int_equal(cap, first);
	xgrow(&a, &cap, first + 1, sizeof *a);
	assert_true(cap >= first + 1);
	for (size_t i = 0; i < first; i++)
		assert_int_equal(a[i], (int)i * 3);
	/* a big jump at once */
	xgrow(&a, &cap, 100000, sizeof *a);
	assert_true(cap >= 100000);
	for (size_t i = 0; i < first; i++)
		assert_int_equal(a[i], (int)i * 3);
	a[99999] = 1; /* the whole array is usable (ASan would say otherwise) */
	free(a);

	/* elements larger than a pointer */
	struct { double x, y, z; } *pts = NULL;
	cap = 0;
	for (size_t n = 1; n <= 300; n++) {
		xgrow(&pts, &cap, n, sizeof *pts);
		pts[n - 1].x = (double)n;
		pts[n - 1].z = -(double)n;
	}
	for (size_t n = 1; n <= 300; n++) {
		assert_true(pts[n - 1].x == (double)n);
		assert_true(pts[n - 1].z == -(double)n);
	}
	free(pts);
}

static void string_helpers(void **state)
{
	(void)state;
	char *s = xasprintf("%s-%04d/%c", "TCCS", 42, 'x');
	assert_string_equal(s, "TCCS-0042/x");
	free(s);
	s = xasprintf("%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	s = xasprintf("%0300d", 5); /* past the first attempt's 256 bytes */
	assert_int_equal(strlen(s), 300);
	assert_int_equal(s[298], '0');
	assert_int_equal(s[299], '5');
	free(s);

	s = xstrndup("Đảng ủy", 4);
	assert_memory_equal(s, "\xc4\x90\xe1\xba", 5); /* bytes, not characters: Đ and half of ả */
	free(s);
	s = xstrndup("abcdef", 0);
	assert_string_equal(s, "");
	free(s);
	s = xstrndup("abcdef", 6);
	assert_string_equal(s, "abcdef");
	free(s);
	s = xstrdup("ĐUK");
	assert_string_equal(s, "ĐUK");
	free(s);
}

static void byte_comparisons(void **state)
{
	(void)state;
	assert_int_equal(bytes_equal("2022-05-31", "2022-05-31", 10), 1);
	assert_int_equal(bytes_equal("2022-05-31", "2022-05-30", 10), 0);
	assert_int_equal(bytes_equal("2022-05-31", "2022-05-30", 9), 1); /* only n bytes */
	assert_int_equal(bytes_equal("a", "b", 0), 1);
	assert_int_equal(bytes_equal("Xabc", "Yabc", 4), 0);

	assert_int_equal(bytes_order("abc", "abd", 3), -1);
	assert_int_equal(bytes_order("abd", "abc", 3), 1);
	assert_int_equal(bytes_order("abc", "abc", 3), 0);
	assert_int_equal(bytes_order("abc", "abd", 2), 0);
	assert_int_equal(bytes_order("b", "a", 0), 0);
	/* bytes are unsigned, as in memcmp: UTF-8 sorts after ASCII */
	assert_int_equal(bytes_order("\xc4\x90", "D", 1), 1);
	assert_int_equal(bytes_order("D", "\xc4\x90", 1), -1);
	assert_true(bytes_order("\xc4\x90", "D", 1) * memcmp("\xc4\x90", "D", 1) > 0);
	assert_true(bytes_order("2021-12-31", "2022-01-01", 10) < 0);
}

/*
 * Runs fn in a child with stderr going to a pipe; returns what it wrote and
 * its wait status in *status.
 */
static char *run_child(void (*fn)(void), int *status)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(stdout); /* nothing of ours printed twice by the child's exit */
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		close(fds[1]);
		fn();
		_exit(99); /* not reached: fn dies */
	}
	close(fds[1]);
	struct strbuf b = {0};
	char chunk[512];
	ssize_t got;
	while ((got = read(fds[0], chunk, sizeof chunk)) > 0)
		strbuf_add(&b, chunk, (size_t)got);
	close(fds[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
	if (!b.data)
		strbuf_add(&b, "", 0);
	return b.data;
}

static void die_plain(void)
{
	util_progname = "baocao-test";
	util_die(EXIT_SYSTEM, "không đọc được %s (%d)", "to_chuc.csv", 3);
}

static void die_rejected(void)
{
	util_progname = "baocao-validate";
	util_die(EXIT_REJECTED, "%s", "có bản ghi bị từ chối");
}

static void die_with_errno(void)
{
	util_progname = "baocao-test";
	errno = ENOENT;
	util_die_errno(EXIT_SYSTEM, "không mở được %s", "input/2022/mo_hinh.csv");
}

static void warn_then_exit(void)
{
	util_progname = "baocao-test";
	util_warn("cảnh báo: %s", "thiếu cột");
	util_warn("%d", 2);
	exit(0);
}

static void die_prints_and_exits(void **state)
{
	(void)state;
	int status;
	char *err = run_child(die_plain, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_SYSTEM);
	assert_string_equal(err, "baocao-test: không đọc được to_chuc.csv (3)\n");
	free(err);

	err = run_child(die_rejected, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_REJECTED);
	assert_string_equal(err, "baocao-validate: có bản ghi bị từ chối\n");
	free(err);

	err = run_child(die_with_errno, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_SYSTEM);
	char *want = xasprintf("baocao-test: không mở được input/2022/mo_hinh.csv: %s\n", util_strerror(ENOENT));
	assert_string_equal(err, want);
	free(want);
	free(err);

	err = run_child(warn_then_exit, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_string_equal(err, "baocao-test: cảnh báo: thiếu cột\nbaocao-test: 2\n");
	free(err);
}

/* Only regular files are read whole: a FIFO does not hang, /dev/zero does not fill memory. */
static void read_file_refuses_special_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_util_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *fifo = xasprintf("%s/fifo.json", dir), *empty = xasprintf("%s/empty.json", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	FILE *f = fopen(empty, "w");
	assert_non_null(f);
	fclose(f);

	struct strbuf b = {0};
	errno = 0;
	assert_int_equal(strbuf_read_file(&b, fifo), -1); /* returns at once: no writer awaited */
	assert_int_equal(errno, EFTYPE_BAOCAO);
	assert_string_equal(util_strerror(errno), "không phải tệp thường (ống, thiết bị hay socket)");
	assert_int_equal(strbuf_read_file(&b, "/dev/zero"), -1);
	assert_int_equal(errno, EFTYPE_BAOCAO);
	assert_int_equal(strbuf_read_file(&b, dir), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(strbuf_read_file(&b, empty), 0); /* empty: read, and NUL-terminated */
	assert_int_equal(b.len, 0);
	assert_non_null(b.data);
	assert_int_equal(b.data[0], '\0');
	strbuf_free(&b);
	assert_string_equal(util_strerror(ENOSPC), "hết chỗ trên đĩa");

	unlink(fifo);
	unlink(empty);
	rmdir(dir);
	free(fifo);
	free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strbuf_appends),
		cmocka_unit_test(strbuf_grows_keeping_contents),
		cmocka_unit_test(strbuf_formats),
		cmocka_unit_test(strbuf_reset_free_reserve),
		cmocka_unit_test(csv_fields),
		cmocka_unit_test(xgrow_keeps_contents),
		cmocka_unit_test(string_helpers),
		cmocka_unit_test(byte_comparisons),
		cmocka_unit_test(die_prints_and_exits),
		cmocka_unit_test(read_file_refuses_special_files),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
