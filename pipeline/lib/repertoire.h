/*
 * repertoire: the characters a report can show, one definition for every
 * stage: validate refuses a text cell holding another (an emoji, a control
 * or bidi character, U+FEFF…) where the row can still be fixed, and the
 * Makefile cuts the report fonts to the same ranges (a unit test holds the
 * two together). Render still checks each text against the font it draws
 * with, since a profile may name other fonts.
 */
#ifndef BAOCAO_REPERTOIRE_H
#define BAOCAO_REPERTOIRE_H

#include <stddef.h>
#include <stdint.h>

struct repertoire_range {
	uint32_t first, last;
};

/* The ranges, in order. */
extern const struct repertoire_range repertoire_ranges[];
extern const size_t repertoire_count;

/* Whether code point c is in the repertoire. */
int repertoire_has(uint32_t c);

/*
 * The byte offset in the UTF-8 text s[0..n) of its first character outside
 * the repertoire (a sequence cut by the end counts as outside), or n when
 * every one is in. A tab or a line end
 * (a quoted CSV cell may hold one) counts as in: reports draw it as a space.
 */
size_t repertoire_find_outside(const char *s, size_t n);

#endif
