/*
 * util: exit codes, diagnostics and allocation wrappers shared by every stage.
 * Allocation failure is not recoverable here: the wrappers print a message and
 * exit with EXIT_SYSTEM, so callers never check for NULL.
 */
#ifndef BAOCAO_UTIL_H
#define BAOCAO_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* The exit codes of every stage program (DESIGN.md, the stage contract). */
enum exit_code {
	EXIT_DONE = 0,     /* all done; warnings allowed */
	EXIT_REJECTED = 1, /* the data was rejected; the reports say why */
	EXIT_SYSTEM = 2    /* usage, I/O, memory or library failure */
};

/* The program name used as the prefix of every diagnostic; set once by main. */
extern const char *util_progname;

/* Prints "progname: message" (printf-style) and exits with code. */
_Noreturn void util_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like util_die, appending ": strerror(errno)". */
_Noreturn void util_die_errno(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints "progname: message" to stderr and returns. */
void util_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array *p of *cap elements of size elem so that it holds at least need. */
void xgrow_slow(void *p, size_t *cap, size_t need, size_t elem);
static inline void xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need > *cap)
		xgrow_slow(p, cap, need, elem);
}
char *xstrdup(const char *s);
/* A NUL-terminated copy of exactly n bytes of s (which may hold NUL bytes). */
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated string formatted like printf. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer, always NUL-terminated after its len bytes.
 * The buffer owns data; strbuf_free releases it and leaves an empty buffer.
 */
struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};

/*
 * Compares short byte strings (codes, enum values, ISO dates) without a call:
 * bytes_equal says whether a[0..n) equals b[0..n), bytes_order orders them
 * like memcmp (sign only).
 */
static inline int bytes_equal(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static inline int bytes_order(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
	return 0;
}

/* The most a file read whole may hold (templates, profiles, JSON, lists, fonts). */
#define UTIL_MAX_FILE ((size_t)256 << 20)

/*
 * Appends the whole content of the regular file at path to out
 * (NUL-terminated). Returns 0, or -1 with errno set (out then holds what
 * was read): a directory is EISDIR, a FIFO, device or socket EFTYPE_BAOCAO
 * (never opened for reading, so a FIFO cannot hang and /dev/zero cannot
 * fill memory), a file over UTIL_MAX_FILE EFBIG.
 */
int strbuf_read_file(struct strbuf *out, const char *path);

/* An errno of ours: not a regular file (util_strerror says so). */
#define EFTYPE_BAOCAO 4096

/*
 * What errno e means, in Vietnamese for the errors people meet (a missing
 * file, no permission, a full disk…), else the system's text.
 */
const char *util_strerror(int e);

void strbuf_reserve(struct strbuf *b, size_t extra);
void strbuf_grow(struct strbuf *b, size_t extra);

/* Appends len bytes (inline: this is on every hot path). */
static inline void strbuf_add(struct strbuf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap)
		strbuf_grow(b, len);
	if (len)
		__builtin_memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static inline void strbuf_addc(struct strbuf *b, char c)
{
	if (b->len + 2 > b->cap)
		strbuf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static inline void strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}
void strbuf_free(struct strbuf *b);

/*
 * Appends v[0..n) as one CSV field with separator sep: as it is, or in
 * double quotes (inner quotes doubled) when it holds sep, a quote or a line end.
 */
void strbuf_add_csv(struct strbuf *b, const char *v, size_t n, char sep);

/*
 * The same for a file people open in a spreadsheet: a text that starts like
 * a formula (= + - @, a tab or a line end) gets a leading apostrophe, so
 * that Excel shows it instead of running it (CSV formula injection).
 * strbuf_csv_unguard gives the text back when such a file is read.
 */
void strbuf_add_csv_text(struct strbuf *b, const char *v, size_t n, char sep);
/* Strips that apostrophe from v[0..*n) (returns v, or v + 1). */
const char *strbuf_csv_unguard(const char *v, size_t *n);

#endif
