/*
 * ttf: a TrueType file's character map and advance widths, read straight
 * from its tables (cmap formats 4 and 12, hhea, hmtx, head). Widths are kept
 * per Basic Multilingual Plane code point in 1/1000 em, truncated as libharu
 * writes them into the PDF's /W array.
 */
#include "ttf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BMP 0x10000

struct ttf {
	int16_t width[BMP]; /* -1 where the font has no glyph */
	int notdef_width;
};

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The table tag's offset and length, or 0 when absent or out of the file. */
static const unsigned char *find_table(const unsigned char *d, size_t n, const char *tag,
				       size_t *len)
{
	if (n < 12)
		return NULL;
	uint32_t count = be16(d + 4);
	for (uint32_t i = 0; i < count && 12 + 16 * (size_t)(i + 1) <= n; i++) {
		const unsigned char *rec = d + 12 + 16 * (size_t)i;
		if (memcmp(rec, tag, 4) != 0)
			continue;
		size_t off = be32(rec + 8), l = be32(rec + 12);
		if (off > n || l > n - off)
			return NULL;
		*len = l;
		return d + off;
	}
	return NULL;
}

/* Maps each code point of a format 4 or 12 subtable to its glyph. */
static int read_cmap(const unsigned char *t, size_t len, uint16_t *glyph)
{
	const unsigned char *best = NULL;
	size_t best_len = 0;
	int best_format = 0;

	if (len < 4)
		return -1;
	for (uint32_t i = 0, n = be16(t + 2); i < n && 4 + 8 * (size_t)(i + 1) <= len; i++) {
		const unsigned char *rec = t + 4 + 8 * (size_t)i;
		uint32_t platform = be16(rec), encoding = be16(rec + 2), off = be32(rec + 4);
		if (platform != 3 || (encoding != 1 && encoding != 10) || off + 4 > len)
			continue;
		int format = (int)be16(t + off);
		if ((format == 4 || format == 12) && format > best_format) {
			best = t + off;
			best_len = len - off;
			best_format = format;
		}
	}
	if (best_format == 4) {
		if (best_len < 14)
			return -1;
		uint32_t segs = be16(best + 6) / 2;
		if (16 + 8 * (size_t)segs > best_len)
			return -1;
		const unsigned char *ends = best + 14, *starts = ends + 2 * segs + 2,
				    *deltas = starts + 2 * segs, *ranges = deltas + 2 * segs;
		for (uint32_t s = 0; s < segs; s++) {
			uint32_t end = be16(ends + 2 * s), start = be16(starts + 2 * s);
			uint32_t delta = be16(deltas + 2 * s), range = be16(ranges + 2 * s);
			for (uint32_t c = start; c <= end && c < 0xFFFF; c++) {
				uint32_t g;
				if (range == 0) {
					g = (c + delta) & 0xFFFF;
				} else {
					const unsigned char *p = ranges + 2 * s + range + 2 * (c - start);
					if (p + 2 > best + best_len)
						return -1;
					g = be16(p);
					if (g)
						g = (g + delta) & 0xFFFF;
				}
				glyph[c] = (uint16_t)g;
			}
		}
		return 0;
	}
	if (best_format == 12) {
		if (best_len < 16)
			return -1;
		uint32_t groups = be32(best + 12);
		if (groups > (best_len - 16) / 12)
			return -1;
		for (uint32_t i = 0; i < groups; i++) {
			const unsigned char *g = best + 16 + 12 * (size_t)i;
			uint32_t start = be32(g), end = be32(g + 4), first = be32(g + 8);
			for (uint32_t c = start; c <= end && c < BMP; c++)
				glyph[c] = (uint16_t)(first + (c - start));
		}
		return 0;
	}
	return -1;
}

static struct ttf *parse(const unsigned char *d, size_t n, struct strbuf *err)
{
	size_t head_len, hhea_len, hmtx_len, cmap_len;
	const unsigned char *head = find_table(d, n, "head", &head_len);
	const unsigned char *hhea = find_table(d, n, "hhea", &hhea_len);
	const unsigned char *hmtx = find_table(d, n, "hmtx", &hmtx_len);
	const unsigned char *cmap = find_table(d, n, "cmap", &cmap_len);

	if (!head || head_len < 54 || !hhea || hhea_len < 36 || !hmtx || !cmap) {
		strbuf_adds(err, "không phải tệp phông TrueType (thiếu bảng head, hhea, hmtx hoặc cmap)");
		return NULL;
	}
	uint32_t upem = be16(head + 18), metrics = be16(hhea + 34);
	if (upem == 0 || metrics == 0 || (size_t)metrics * 4 > hmtx_len) {
		strbuf_adds(err, "bảng head hoặc hmtx của phông không hợp lệ");
		return NULL;
	}
	uint16_t *glyph = xcalloc(BMP, sizeof *glyph);
	if (read_cmap(cmap, cmap_len, glyph) != 0) {
		free(glyph);
		strbuf_adds(err, "phông không có bảng cmap Unicode (định dạng 4 hoặc 12)");
		return NULL;
	}
	struct ttf *f = xmalloc(sizeof *f);
	/* libharu: advance * 1000 / unitsPerEm, truncated (hpdf_fontdef_tt.c) */
#define ADVANCE(g) ((int)(be16(hmtx + 4 * ((g) < metrics ? (g) : metrics - 1)) * 1000 / upem))
	f->notdef_width = ADVANCE(0u);
	for (uint32_t c = 0; c < BMP; c++)
		f->width[c] = (int16_t)(glyph[c] ? ADVANCE(glyph[c]) : -1);
#undef ADVANCE
	free(glyph);
	return f;
}

struct ttf *ttf_load(const char *path, struct strbuf *err)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf data = {0};
	char chunk[65536];
	size_t got;

	if (!fp) {
		strbuf_addf(err, "không mở được tệp phông %s", path);
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		strbuf_add(&data, chunk, got);
	int failed = ferror(fp);
	fclose(fp);
	struct ttf *f = NULL;
	if (failed) {
		strbuf_addf(err, "không đọc được tệp phông %s", path);
	} else {
		f = parse((const unsigned char *)data.data, data.len, err);
		if (!f) {
			struct strbuf why = {0};
			strbuf_addf(&why, "%s: %s", path, err->data);
			strbuf_reset(err);
			strbuf_add(err, why.data, why.len);
			strbuf_free(&why);
		}
	}
	strbuf_free(&data);
	return f;
}

void ttf_free(struct ttf *f)
{
	free(f);
}

int ttf_has(const struct ttf *f, uint32_t c)
{
	return c < BMP && f->width[c] >= 0;
}

int ttf_width(const struct ttf *f, uint32_t c)
{
	return ttf_has(f, c) ? f->width[c] : f->notdef_width;
}

uint32_t ttf_utf8_next(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if (u[0] < 0xE0) {
		*len = 2;
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	}
	if (u[0] < 0xF0) {
		*len = 3;
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	}
	*len = 4;
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
	       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
}

double ttf_text_width(const struct ttf *f, const char *s, size_t n, double size,
		      uint32_t *missing)
{
	long total = 0;
	size_t len;

	if (missing)
		*missing = 0;
	for (size_t i = 0; i < n; i += len) {
		uint32_t c = ttf_utf8_next(s + i, &len);
		if (missing && !*missing && !ttf_has(f, c))
			*missing = c;
		total += ttf_width(f, c);
	}
	return (double)total * size / 1000.0;
}
