/*
 * Unit tests for cli: whole numbers, the exits of --help, --version and a
 * wrong call, and where the data of the batch is looked for (BAOCAO_DATA,
 * the current folder, the folder compiled in) and the error when it is nowhere.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "util.h"

static const struct cli test_cli = {"baocao-test", "Cách dùng: baocao-test -o THƯ_MỤC\n",
				   "Help text, data in @DATADIR@.\n"};

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
	/* the help names the data folder compiled in, never the placeholder */
	assert_non_null(strstr(out, "Cách dùng: baocao-test -o THƯ_MỤC\nHelp text, data in /"));
	assert_null(strstr(out, "@DATADIR@"));
	assert_string_equal(out + strlen(out) - 2, ".\n");
	assert_string_equal(err, "");
	assert_int_equal(run_child('V', "--version", out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, "baocao-test " BAOCAO_VERSION "\n" BAOCAO_LICENCE "\n");
	assert_int_equal(run_child(':', "-o", out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "baocao-test: tùy chọn -o cần một giá trị\nCách dùng: baocao-test -o THƯ_MỤC\n");
	assert_string_equal(out, "");
	assert_int_equal(run_child('?', "--colour", out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "baocao-test: tùy chọn không hợp lệ: --colour\nCách dùng: baocao-test -o THƯ_MỤC\n");
	assert_int_equal(run_child(0, "x", out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "baocao-test: thiếu DIR\nCách dùng: baocao-test -o THƯ_MỤC\n");
}

/* Makes the file path (and its folders) under the current folder. */
static void make_file(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
	free(p);
}

/* Looks name up with env and builtin "inst"; the path found, or "" with the reason in err. */
static char *find(const char *name, const char *env, struct strbuf *err)
{
	strbuf_reset(err);
	char *p = cli_data_find(name, env, "inst", err);
	return p ? p : xstrdup("");
}

static void data_lookup(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_cli.XXXXXX", cwd[4096];
	struct strbuf err = {0};
	char *p;

	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	make_file("env/templates/aggregate.json");
	make_file("inst/templates/aggregate.json");
	make_file("inst/templates/mail/thu.json");
	make_file("inst/fonts/F.ttf");

	/* nothing in the current folder: the folder compiled in */
	assert_string_equal(p = find("templates/aggregate.json", NULL, &err), "inst/templates/aggregate.json");
	free(p);
	assert_string_equal(p = find("fonts", "", &err), "inst/fonts");
	free(p);
	/* BAOCAO_DATA first, and only there */
	assert_string_equal(p = find("templates/aggregate.json", "env", &err), "env/templates/aggregate.json");
	free(p);
	assert_string_equal(p = find("templates/mail/thu.json", "env", &err), "");
	free(p);
	assert_string_equal(err.data, "không tìm thấy templates/mail/thu.json trong BAOCAO_DATA: không có "
			    "env/templates/mail/thu.json");
	/* a repository checkout: ./templates, and build/fonts for the fonts */
	make_file("templates/aggregate.json");
	make_file("build/fonts/F.ttf");
	assert_string_equal(p = find("templates/aggregate.json", NULL, &err), "templates/aggregate.json");
	free(p);
	assert_string_equal(p = find("fonts", NULL, &err), "build/fonts");
	free(p);
	assert_string_equal(p = find("templates/mail/thu.json", NULL, &err), "inst/templates/mail/thu.json");
	free(p);
	assert_string_equal(p = find("templates/aggregate.json", "env", &err), "env/templates/aggregate.json");
	free(p);
	/* nowhere: every place looked at is named */
	assert_string_equal(p = find("templates/schema", NULL, &err), "");
	free(p);
	assert_string_equal(err.data, "không tìm thấy templates/schema: không có ./templates/schema (thư mục "
			    "hiện tại) và inst/templates/schema (thư mục dữ liệu đã cài)");

	/* cli_data: the reason, the option that names the file, exit 2 */
	int pe[2], status;
	char msg[1024];
	assert_int_equal(pipe(pe), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pe[1], 2);
		setenv("BAOCAO_DATA", "env", 1);
		cli_start(&test_cli);
		cli_data(&test_cli, "templates/report", "-t");
		_exit(0);
	}
	close(pe[1]);
	ssize_t n = read(pe[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(pe[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_string_equal(msg, "baocao-test: không tìm thấy templates/report trong BAOCAO_DATA: không có "
			    "env/templates/report; hãy nêu nó bằng -t, hoặc đặt BAOCAO_DATA là thư mục dữ liệu "
			    "của baocao (có templates/ và fonts/)\n");

	assert_int_equal(chdir(cwd), 0);
	char *rm = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(rm), 0);
	free(rm);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(exits),
		cmocka_unit_test(data_lookup),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
