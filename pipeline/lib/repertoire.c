/*
 * repertoire: Latin, the Vietnamese letters and tones, the punctuation and
 * signs the reports use (the ranges the Makefile's FONT_UNICODES cuts).
 */
#include "repertoire.h"

#include "textnorm.h"

const struct repertoire_range repertoire_ranges[] = {
	{0x0020, 0x007E}, /* ASCII without controls */
	{0x00A0, 0x00FF}, /* Latin-1 */
	{0x0100, 0x017F}, /* Latin Extended-A */
	{0x01A0, 0x01B0}, /* Ơ ơ Ư ư and their neighbours */
	{0x0300, 0x0323}, /* combining tones */
	{0x1EA0, 0x1EF9}, /* Vietnamese letters with tones */
	{0x2010, 0x2027}, /* dashes, quotes, bullets, ellipsis */
	{0x2030, 0x203A}, /* per mille, primes, angle quotes */
	{0x20AB, 0x20AB}, /* ₫ */
	{0x2116, 0x2116}, /* № */
	{0x2212, 0x2212}, /* − */
};
const size_t repertoire_count = sizeof repertoire_ranges / sizeof *repertoire_ranges;

int repertoire_has(uint32_t c)
{
	for (size_t i = 0; i < repertoire_count && c >= repertoire_ranges[i].first; i++)
		if (c <= repertoire_ranges[i].last)
			return 1;
	return 0;
}

size_t repertoire_find_outside(const char *s, size_t n)
{
	size_t i = 0, len;
	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) { /* ASCII: printable unless a control; tab and line ends are drawn as spaces */
			if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F)
				return i;
			i++;
			continue;
		}
		/* a sequence cut by the end is outside (the text is checked as UTF-8 before, but a
		   caller may not have: never read past n) */
		size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		if (i + need > n || !repertoire_has(textnorm_utf8_next(s + i, &len)))
			return i;
		i += len;
	}
	return n;
}
