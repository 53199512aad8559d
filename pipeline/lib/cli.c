/*
 * cli: the command-line conventions shared by the stage programs, and the
 * one place that knows where the batch's data is installed (see cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The data folder compiled in (make: DATADIR, by default PREFIX/share/baocao). */
#ifndef BAOCAO_DATADIR
#define BAOCAO_DATADIR "/usr/local/share/baocao"
#endif

void cli_start(const struct cli *c)
{
	util_progname = c->name;
	opterr = 0;
}

void cli_usage(const struct cli *c, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		fprintf(stderr, "%s: ", c->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(c->usage, stderr);
	exit(EXIT_SYSTEM);
}

/* Writes a, then b with @DATADIR@ replaced, to stdout and exits 0, or 2 when it cannot be written. */
static _Noreturn void print_and_exit(const char *a, const char *b)
{
	static const char mark[] = "@DATADIR@";
	const char *at;

	fputs(a, stdout);
	for (; b && (at = strstr(b, mark)); b = at + sizeof mark - 1) {
		fwrite(b, 1, (size_t)(at - b), stdout);
		fputs(BAOCAO_DATADIR, stdout);
	}
	if (b)
		fputs(b, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
	exit(EXIT_DONE);
}

void cli_common(const struct cli *c, int opt, char *const *argv)
{
	char version[256];

	switch (opt) {
	case 'h':
		print_and_exit(c->usage, c->help);
	case 'V':
		snprintf(version, sizeof version, "%s %s\n%s\n", c->name, BAOCAO_VERSION, BAOCAO_LICENCE);
		print_and_exit(version, NULL);
	case ':':
		cli_usage(c, "tùy chọn %s cần một giá trị", argv[optind - 1]);
	default:
		if (optopt)
			cli_usage(c, "tùy chọn không hợp lệ: -%c", optopt);
		cli_usage(c, "tùy chọn không hợp lệ: %s", argv[optind - 1]);
	}
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

char *cli_data_find(const char *name, const char *env, const char *builtin, struct strbuf *err)
{
	char *path;

	if (env && *env) {
		path = xasprintf("%s/%s", env, name);
		if (exists(path))
			return path;
		strbuf_addf(err, "không tìm thấy %s trong BAOCAO_DATA: không có %s", name, path);
		free(path);
		return NULL;
	}
	/* a repository checkout: templates/ as it is, the fonts the build cut */
	path = strcmp(name, "fonts") == 0 ? xstrdup("build/fonts")
	       : strncmp(name, "fonts/", 6) == 0 ? xasprintf("build/%s", name) : xstrdup(name);
	if (exists(path))
		return path;
	char *installed = xasprintf("%s/%s", builtin, name);
	if (exists(installed)) {
		free(path);
		return installed;
	}
	strbuf_addf(err, "không tìm thấy %s: không có ./%s (thư mục hiện tại) và %s (thư mục dữ liệu đã cài)",
		    name, path, installed);
	free(path);
	free(installed);
	return NULL;
}

char *cli_program_folder(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return xstrdup(".");
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

char *cli_data(const struct cli *c, const char *name, const char *option)
{
	struct strbuf err = {0};
	/* installed: PREFIX/share/baocao beside PREFIX/bin, wherever it was moved; else the compiled-in folder */
	char *programs = cli_program_folder(), *beside = xasprintf("%s/../share/baocao", programs);
	char *probe = xasprintf("%s/%s", beside, name);
	const char *installed = exists(probe) ? beside : BAOCAO_DATADIR;
	char *path = cli_data_find(name, getenv("BAOCAO_DATA"), installed, &err);
	free(programs);
	free(beside);
	free(probe);

	if (!path) {
		if (option)
			fprintf(stderr, "%s: %s; hãy nêu nó bằng %s, hoặc đặt BAOCAO_DATA là thư mục dữ liệu của baocao "
				"(có templates/ và fonts/)\n", c->name, err.data, option);
		else
			fprintf(stderr, "%s: %s; baocao chưa được cài đặt (make install), hoặc hãy đặt BAOCAO_DATA là "
				"thư mục dữ liệu của baocao (có batch.mk, templates/ và fonts/)\n", c->name, err.data);
		strbuf_free(&err);
		exit(EXIT_SYSTEM);
	}
	return path;
}

int cli_number(const char *s, long min, long max, long *out)
{
	char *end;

	if (*s < '0' || *s > '9') /* no sign, no space */
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
