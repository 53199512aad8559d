/* Unit tests for cli: whole numbers, and the exits of --help, --version and a wrong call. */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "util.h"

static const struct cli test_cli = {"baocao-test", "usage: baocao-test -o DIR\n", "Help text.\n"};

static void numbers(void **state)
{
	(void)state;
	long v = -1;
	assert_int_equal(cli_number("2022", 1930, 9999, &v), 0);
	assert_int_equal(v, 2022);
	assert_int_equal(cli_number("05", 1, 12, &v), 0);
	assert_int_equal(v, 5);
	static const char *const bad[] = {"", "13", "0", "+5", "-5", " 5", "5 ", "5x", "1e3",
					  "99999999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = -1;
		if (cli_number(bad[i], 1, 12, &v) != -1 || v != -1)
			fail_msg("\"%s\" accepted", bad[i]);
	}
}

/* Runs cli_common(opt) or cli_usage in a child; returns its status, stdout in out, stderr in err. */
static int run_child(int opt, const char *arg, char *out, size_t outsz, char *err, size_t errsz)
{
	int po[2], pe[2], status;
	assert_int_equal(pipe(po), 0);
	assert_int_equal(pipe(pe), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		char *argv[] = {(char *)"baocao-test", (char *)arg, NULL};
		cli_start(&test_cli);
		optind = 2;
		optopt = 0;
		if (opt)
			cli_common(&test_cli, opt, argv);
		cli_usage(&test_cli, "thiếu %s", "DIR");
	}
	close(po[1]);
	close(pe[1]);
	ssize_t n = read(po[0], out, outsz - 1);
	out[n > 0 ? n : 0] = '\0';
	n = read(pe[0], err, errsz - 1);
	err[n > 0 ? n : 0] = '\0';
	close(po[0]);
	close(pe[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void exits(void **state)
{
	(void)state;
	char out[512], err[512];

	assert_int_equal(run_child('h', "--help", out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, "usage: baocao-test -o DIR\nHelp text.\n");
	assert_string_equal(err, "");
	assert_int_equal(run_child('V', "--version", out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, "baocao-test " BAOCAO_VERSION "\n");
	assert_int_equal(run_child(':', "-o", out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "baocao-test: tùy chọn -o cần một giá trị\nusage: baocao-test -o DIR\n");
	assert_string_equal(out, "");
	assert_int_equal(run_child('?', "--colour", out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "baocao-test: tùy chọn không hợp lệ: --colour\nusage: baocao-test -o DIR\n");
	assert_int_equal(run_child(0, "x", out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "baocao-test: thiếu DIR\nusage: baocao-test -o DIR\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(exits),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
