/*
 * cli: what the command lines of the stage programs share: the version,
 * --help and --version, a wrong call answered with the reason and the
 * usage text (exit 2), getopt's own errors in Vietnamese, and whole-number
 * operands. Each program describes itself once in a struct cli.
 */
#ifndef BAOCAO_CLI_H
#define BAOCAO_CLI_H

/* The version of every program of the batch. */
#define BAOCAO_VERSION "0.1.0"

struct cli {
	const char *name;  /* "baocao-validate" */
	const char *usage; /* the synopsis: "usage: …" lines, each ending in a newline */
	const char *help;  /* what --help prints after the synopsis */
};

/* Names the program in every diagnostic and silences getopt's own messages. */
void cli_start(const struct cli *c);

/*
 * Prints "name: reason" (printf-style; NULL for none) and the synopsis to
 * stderr, and exits 2.
 */
_Noreturn void cli_usage(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Answers the options every program shares, as getopt_long returned them
 * (opterr 0, optstring starting with ':'): 'h' prints the help and 'V' the
 * version to stdout and exit 0; ':' (a missing value) and '?' (an unknown
 * option) exit 2 through cli_usage. Any other opt exits 2 as unknown too.
 */
_Noreturn void cli_common(const struct cli *c, int opt, char *const *argv);

/* Parses s as a whole number in [min, max] into *out; returns 0, or -1. */
int cli_number(const char *s, long min, long max, long *out);

#endif
