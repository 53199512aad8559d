/*
 * console: elapsed time in Vietnamese and the self-rewriting progress line
 * (only on a terminal).
 */
#include "console.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "fmt.h"
#include "util.h"

static int drawn;

const char *console_count(size_t n, char buf[32])
{
	struct strbuf b = {0};
	fmt_vi_integer((long long)n, &b);
	snprintf(buf, 32, "%s", b.data);
	strbuf_free(&b);
	return buf;
}

double console_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void console_duration(double seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 1) {
		long hundredths = (long)(seconds * 100 + 0.5);
		snprintf(buf, size, "0,%02ld giây", hundredths);
	} else if (seconds < 10) {
		/* one decimal, with the Vietnamese decimal comma */
		long tenths = (long)(seconds * 10 + 0.5);
		snprintf(buf, size, "%ld,%ld giây", tenths / 10, tenths % 10);
	} else if (seconds < 60) {
		snprintf(buf, size, "%ld giây", (long)(seconds + 0.5));
	} else {
		long s = (long)(seconds + 0.5);
		snprintf(buf, size, "%ld phút %02ld giây", s / 60, s % 60);
	}
}

int console_is_terminal(void)
{
	return isatty(STDERR_FILENO);
}

void console_progress(size_t done, size_t total, const char *what)
{
	if (!console_is_terminal())
		return;
	fprintf(stderr, "\r%s: %zu/%zu %s", util_progname, done, total, what);
	fflush(stderr);
	drawn = 1;
}

void console_progress_end(void)
{
	if (drawn)
		fputs("\r\033[K", stderr);
	drawn = 0;
}
