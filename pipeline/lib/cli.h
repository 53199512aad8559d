/*
 * cli: what the command lines of the stage programs share: the version,
 * --help and --version, a wrong call answered with the reason and the
 * usage text (exit 2), getopt's own errors in Vietnamese, whole-number
 * operands, and where the data of the batch (templates, fonts) is found
 * when an option does not name it. Each program describes itself once in
 * a struct cli. A path cli_data returns is the caller's to free.
 */
#ifndef BAOCAO_CLI_H
#define BAOCAO_CLI_H

#include "util.h"

/* The version of every program of the batch. */
#define BAOCAO_VERSION "0.1.0"

/* The line --version prints after "name version". */
#define BAOCAO_LICENCE "Phần mềm tự do: được dùng, sao chép và sửa đổi; không kèm bất kỳ bảo đảm nào."

struct cli {
	const char *name;  /* "baocao-validate" */
	const char *usage; /* the synopsis: "Cách dùng: …" lines, each ending in a newline */
	const char *help;  /* what --help prints after the synopsis; @DATADIR@ stands
			      for the data folder compiled in */
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

/*
 * The path of name ("templates/aggregate.json", "templates/report",
 * "fonts") in the data of the batch, for an option the command line left
 * out (option, e.g. "-r", is named in the error; NULL when none could name
 * it): cli_data_find with the
 * environment's BAOCAO_DATA and, as the installed folder, share/baocao
 * beside the program's bin/ when it holds name (an installation moved
 * elsewhere, or staged with DESTDIR), else the compiled-in BAOCAO_DATADIR.
 * Exits 2 with its reason when no place holds it.
 */
char *cli_data(const struct cli *c, const char *name, const char *option);

/* The folder of the running program (/proc/self/exe), to free; "." when unknown. */
char *cli_program_folder(void);

/*
 * Where name is in the data: under env when env is set and not empty (and
 * only there); else in the current folder when it is there, as in a
 * repository checkout (templates/… as it is, "fonts" as build/fonts);
 * else under builtin. Returns the path (to free), or NULL with the places
 * looked at, in Vietnamese, in err.
 */
char *cli_data_find(const char *name, const char *env, const char *builtin, struct strbuf *err);

/* Parses s as a whole number in [min, max] into *out; returns 0, or -1. */
int cli_number(const char *s, long min, long max, long *out);

#endif
