/*
 * console: what a program tells the person who runs it, besides errors: the
 * time a stage took, in Vietnamese ("1,4 giây"), and a progress line that
 * rewrites itself, drawn only when stderr is a terminal (a log or a pipe gets
 * the closing line alone).
 */
#ifndef BAOCAO_CONSOLE_H
#define BAOCAO_CONSOLE_H

#include <stddef.h>

/* n in vi-VN form ("12.016") in buf, which it returns. */
const char *console_count(size_t n, char buf[32]);

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC). */
double console_now(void);

/* "0,04 giây", "1,4 giây", "12 giây", "3 phút 05 giây" for seconds, into buf. */
void console_duration(double seconds, char *buf, size_t size);

/* Whether progress lines are drawn: stderr is a terminal. */
int console_is_terminal(void);

/* "\rprogname: done/total what" on a terminal; nothing otherwise. */
void console_progress(size_t done, size_t total, const char *what);

/* Clears the progress line, if one was drawn. */
void console_progress_end(void);

#endif
