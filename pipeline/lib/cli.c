/*
 * cli: the command-line conventions shared by the stage programs (see cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

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

/* Writes text to stdout and exits 0, or 2 when it cannot be written. */
static _Noreturn void print_and_exit(const char *a, const char *b)
{
	fputs(a, stdout);
	if (b)
		fputs(b, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
	exit(EXIT_DONE);
}

void cli_common(const struct cli *c, int opt, char *const *argv)
{
	char version[128];

	switch (opt) {
	case 'h':
		print_and_exit(c->usage, c->help);
	case 'V':
		snprintf(version, sizeof version, "%s %s\n", c->name, BAOCAO_VERSION);
		print_and_exit(version, NULL);
	case ':':
		cli_usage(c, "tùy chọn %s cần một giá trị", argv[optind - 1]);
	default:
		if (optopt)
			cli_usage(c, "tùy chọn không hợp lệ: -%c", optopt);
		cli_usage(c, "tùy chọn không hợp lệ: %s", argv[optind - 1]);
	}
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
