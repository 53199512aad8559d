/*
 * ttf: a TrueType file's character map and advance widths, read straight
 * from its tables (cmap formats 4 and 12, hhea, hmtx, head). Widths are kept
 * per Basic Multilingual Plane code point in 1/1000 em, truncated as libharu
 * writes them into the PDF's /W array. ttf_subset writes a copy of the font
 * cut to one document's characters.
 */
#include "ttf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BMP 0x10000

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

/*
 * Maps each code point of a format 4 or 12 subtable to its glyph (glyph
 * numbers at or past glyphs count as missing). A cmap that would take more
 * than a few passes over the plane (overlapping segments) is refused.
 */
static int read_cmap(const unsigned char *t, size_t len, uint32_t glyphs, uint16_t *glyph)
{
	const unsigned char *best = NULL;
	size_t best_len = 0, work = 0;
	int best_format = 0;

	if (len < 4)
		return -1;
	for (uint32_t i = 0, n = be16(t + 2); i < n && 4 + 8 * (size_t)(i + 1) <= len; i++) {
		const unsigned char *rec = t + 4 + 8 * (size_t)i;
		uint32_t platform = be16(rec), encoding = be16(rec + 2), off = be32(rec + 4);
		if (platform != 3 || (encoding != 1 && encoding != 10) || off > len || len - off < 4)
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
			if (start <= end && (work += end - start + 1) > 4 * BMP)
				return -1;
			for (uint32_t c = start; c <= end && c < 0xFFFF; c++) {
				uint32_t g;
				if (range == 0) {
					g = (c + delta) & 0xFFFF;
				} else {
					size_t at = 14 + 6 * (size_t)segs + 2 + 2 * s + range + 2 * (size_t)(c - start);
					if (at + 2 > best_len)
						return -1;
					g = be16(best + at);
					if (g)
						g = (g + delta) & 0xFFFF;
				}
				glyph[c] = (uint16_t)(g < glyphs ? g : 0);
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
			if (start <= end && start < BMP && (work += (end < BMP ? end : BMP - 1) - start + 1) > 4 * BMP)
				return -1;
			for (uint32_t c = start; c <= end && c < BMP; c++)
				glyph[c] = (uint16_t)(first + (c - start) < glyphs ? first + (c - start) : 0);
		}
		return 0;
	}
	return -1;
}

/* The tables this module reads, found and checked once. */
struct tables {
	const unsigned char *head, *hhea, *hmtx, *cmap, *maxp, *loca, *glyf;
	size_t head_len, hhea_len, hmtx_len, cmap_len, maxp_len, loca_len, glyf_len;
	uint32_t glyphs, metrics, upem;
	int long_loca;
};

struct ttf {
	int32_t width[BMP]; /* -1 where the font has no glyph */
	uint16_t glyph[BMP];
	int notdef_width;
	struct strbuf data; /* the file */
	struct tables t;    /* its tables, in data, checked once */
};

/* Where glyph g's data starts in glyf (g <= glyphs; checked by read_tables). */
static uint32_t loca_at(const struct tables *t, uint32_t g)
{
	return t->long_loca ? be32(t->loca + 4 * (size_t)g) : 2 * be16(t->loca + 2 * (size_t)g);
}

/* Calls part(arg, glyph) for each component of composite glyph data p[0..len); returns their number. */
static size_t composite_parts(const unsigned char *p, size_t len, void (*part)(void *, size_t), void *arg)
{
	size_t n = 0;
	if (len < 10 || (int16_t)be16(p) >= 0)
		return 0;
	for (size_t at = 10, flags = 0x20; flags & 0x20 && at + 4 <= len; n++) {
		flags = be16(p + at);
		part(arg, at + 2);
		at += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
	}
	return n;
}

struct nesting {
	const struct tables *t;
	const unsigned char *glyph;
	int nested;
};

static void check_part(void *arg, size_t at)
{
	struct nesting *nest = arg;
	uint32_t g = be16(nest->glyph + at);
	if (g >= nest->t->glyphs) {
		nest->nested = -1;
		return;
	}
	uint32_t a = loca_at(nest->t, g), b = loca_at(nest->t, g + 1);
	if (b - a >= 10 && (int16_t)be16(nest->t->glyf + a) < 0)
		nest->nested = 1;
}

/*
 * Finds and checks the tables: TrueType outlines (glyf, loca), a sane
 * unitsPerEm, loca ordered inside glyf, composites whose parts exist and are
 * simple glyphs (libharu 2.3.0 drops the accents of nested composites, as in
 * DejaVu: LIBS.md). Returns 0, or -1 with the reason in *why.
 */
static int read_tables(const unsigned char *d, size_t n, struct tables *t, const char **why)
{
	memset(t, 0, sizeof *t);
	t->head = find_table(d, n, "head", &t->head_len);
	t->hhea = find_table(d, n, "hhea", &t->hhea_len);
	t->hmtx = find_table(d, n, "hmtx", &t->hmtx_len);
	t->cmap = find_table(d, n, "cmap", &t->cmap_len);
	t->maxp = find_table(d, n, "maxp", &t->maxp_len);
	t->loca = find_table(d, n, "loca", &t->loca_len);
	t->glyf = find_table(d, n, "glyf", &t->glyf_len);
	if (!t->head || t->head_len < 54 || !t->hhea || t->hhea_len < 36 || !t->hmtx || !t->cmap ||
	    !t->maxp || t->maxp_len < 6) {
		*why = "không phải tệp phông TrueType (thiếu bảng head, hhea, hmtx, cmap hoặc maxp)";
		return -1;
	}
	if (!t->loca || !t->glyf) {
		*why = "phông không có nét TrueType (bảng glyf, loca): phông OpenType CFF không dùng được";
		return -1;
	}
	t->upem = be16(t->head + 18);
	t->glyphs = be16(t->maxp + 4);
	t->metrics = be16(t->hhea + 34);
	t->long_loca = be16(t->head + 50) != 0;
	if (t->upem < 16 || t->upem > 16384 || t->glyphs == 0 || t->metrics == 0 ||
	    t->metrics > t->glyphs ||
	    t->hmtx_len < 4 * (size_t)t->metrics + 2 * (size_t)(t->glyphs - t->metrics) ||
	    t->loca_len < (size_t)(t->glyphs + 1) * (t->long_loca ? 4 : 2)) {
		*why = "bảng head, maxp, hhea, hmtx hoặc loca của phông không hợp lệ";
		return -1;
	}
	for (uint32_t g = 0; g < t->glyphs; g++)
		if (loca_at(t, g) > loca_at(t, g + 1) || loca_at(t, g + 1) > t->glyf_len) {
			*why = "bảng loca của phông chỉ ra ngoài bảng glyf";
			return -1;
		}
	for (uint32_t g = 0; g < t->glyphs; g++) {
		struct nesting nest = {t, t->glyf + loca_at(t, g), 0};
		composite_parts(nest.glyph, loca_at(t, g + 1) - loca_at(t, g), check_part, &nest);
		if (nest.nested) {
			*why = nest.nested < 0 ? "một glyph ghép của phông chỉ tới glyph không có"
					       : "phông có glyph ghép lồng nhau (như DejaVu): libharu 2.3.0 làm mất dấu "
						 "tiếng Việt của chúng; hãy dùng Liberation Serif hoặc Times New Roman";
			return -1;
		}
	}
	return 0;
}

/* The font in data, which it takes over; NULL with the reason in *why. */
static struct ttf *parse(struct strbuf *data, const char **why)
{
	struct ttf *f = xcalloc(1, sizeof *f);
	f->data = *data; /* the tables point into it */
	*data = (struct strbuf){0};
	strbuf_add(&f->data, "", 0);
	if (read_tables((const unsigned char *)f->data.data, f->data.len, &f->t, why) != 0) {
		ttf_free(f);
		return NULL;
	}
	const struct tables t = f->t;
	if (read_cmap(t.cmap, t.cmap_len, t.glyphs, f->glyph) != 0) {
		ttf_free(f);
		*why = "phông không có bảng cmap Unicode (định dạng 4 hoặc 12) dùng được";
		return NULL;
	}
	/* libharu: advance * 1000 / unitsPerEm, truncated (hpdf_fontdef_tt.c) */
#define ADVANCE(g) ((int32_t)(be16(t.hmtx + 4 * ((g) < t.metrics ? (g) : t.metrics - 1)) * 1000 / t.upem))
	f->notdef_width = ADVANCE(0u);
	for (uint32_t c = 0; c < BMP; c++)
		f->width[c] = f->glyph[c] ? ADVANCE(f->glyph[c]) : -1;
#undef ADVANCE
	return f;
}

struct ttf *ttf_from_bytes(const char *data, size_t n, struct strbuf *err)
{
	const char *why;
	struct strbuf copy = {0};
	strbuf_add(&copy, data, n);
	struct ttf *f = parse(&copy, &why);
	if (!f)
		strbuf_adds(err, why);
	return f;
}

struct ttf *ttf_load(const char *path, struct strbuf *err)
{
	struct strbuf data = {0};
	const char *why = NULL;
	struct ttf *f = NULL;

	if (strbuf_read_file(&data, path) != 0)
		strbuf_addf(err, "không đọc được tệp phông %s: %s", path, util_strerror(errno));
	else if (!(f = parse(&data, &why)))
		strbuf_addf(err, "%s: %s", path, why);
	strbuf_free(&data);
	return f;
}

void ttf_free(struct ttf *f)
{
	if (f)
		strbuf_free(&f->data);
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

double ttf_text_width(const struct ttf *f, const char *s, size_t n, double size,
		      uint32_t *missing)
{
	long total = 0;
	size_t len;

	if (missing)
		*missing = 0;
	for (size_t i = 0; i < n; i += len) {
		uint32_t c = textnorm_utf8_next(s + i, &len);
		if (missing && !*missing && !ttf_has(f, c))
			*missing = c;
		total += ttf_width(f, c);
	}
	return (double)total * size / 1000.0;
}

/* ---- a copy of the font cut to one document's characters ---- */

static void put16(struct strbuf *b, uint32_t v)
{
	unsigned char p[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	strbuf_add(b, p, 2);
}

static void put32(struct strbuf *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xFFFF);
}

static void set32(struct strbuf *b, size_t at, uint32_t v)
{
	unsigned char *p = (unsigned char *)b->data + at;
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* The sum of the big-endian 32-bit words of p[0..n), the last one padded with zeros. */
static uint32_t checksum(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		sum += be32(p + i);
	if (i < n) {
		unsigned char w[4] = {0};
		memcpy(w, p + i, n - i);
		sum += be32(w);
	}
	return sum;
}

/* The largest power of two not above n (n >= 1), and its logarithm: binary search fields. */
static uint32_t floor_pow2(uint32_t n, uint32_t *log2)
{
	uint32_t p = 1;
	for (*log2 = 0; p * 2 <= n; (*log2)++)
		p *= 2;
	return p;
}

/*
 * The code points marked in used that f maps (U+FFFF aside), in order, into
 * *cps (malloc'd, NULL when none); returns their number. The bitmap is read
 * 64 code points at a time: a document draws about a hundred of the 65 536.
 */
static size_t used_code_points(const struct ttf *f, const unsigned char *used, uint16_t **cps)
{
	size_t n = 0, cap = 0;
	*cps = NULL;
	for (uint32_t at = 0; at < BMP / 8; at += 8) {
		uint64_t word;
		memcpy(&word, used + at, sizeof word);
		if (!word)
			continue;
		for (uint32_t c = 8 * at; c < 8 * at + 64; c++)
			if ((used[c / 8] >> (c % 8) & 1) && c < 0xFFFF && f->glyph[c]) {
				xgrow(cps, &cap, n + 1, sizeof **cps);
				(*cps)[n++] = (uint16_t)c;
			}
	}
	return n;
}

/*
 * A cmap with one format 4 subtable (3, 1) mapping the n code points cps[]
 * to their glyphs' new numbers gids[]: a run of consecutive code points
 * whose glyphs are consecutive too (a-z, 0-9) is one segment.
 */
static void subset_cmap(const uint16_t *cps, const uint16_t *gids, size_t n, struct strbuf *b)
{
	uint32_t seg = 1, log2; /* the runs, and the final 0xFFFF segment */
	for (size_t i = 0; i < n; i++)
		seg += i == 0 || cps[i] != cps[i - 1] + 1 || gids[i] != gids[i - 1] + 1;
	uint32_t pow2 = floor_pow2(seg, &log2);
	put16(b, 0), put16(b, 1); /* version, one subtable */
	put16(b, 3), put16(b, 1), put32(b, 12);
	put16(b, 4), put16(b, 16 + 8 * seg), put16(b, 0);
	put16(b, 2 * seg), put16(b, 2 * pow2), put16(b, log2), put16(b, 2 * seg - 2 * pow2);
	for (int pass = 0; pass < 4; pass++) {
		/* endCode, (pad), startCode, idDelta, idRangeOffset */
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && cps[j] == cps[j - 1] + 1 && gids[j] == gids[j - 1] + 1; j++)
				;
			put16(b, pass == 0 ? cps[j - 1] : pass == 1 ? cps[i] :
				 pass == 2 ? ((uint32_t)gids[i] - cps[i]) & 0xFFFF : 0);
		}
		put16(b, pass < 2 ? 0xFFFF : pass == 2 ? 1 : 0);
		if (pass == 0)
			put16(b, 0);
	}
}

/* The names kept: copyright, family, style, full name, PostScript name. */
static int name_kept(uint32_t id)
{
	return id <= 6 && id != 3 && id != 5;
}

/*
 * The name table with only the names name_kept says (libharu reads the
 * style and PostScript names, and marks the family and full names as a
 * subset's); the unique ID, version, trademark, designer, URLs and licence
 * text are not needed in a PDF. A table in another format or with a string
 * out of bounds is kept as it was.
 */
static void subset_name(const unsigned char *p, size_t len, struct strbuf *b)
{
	size_t count = len >= 6 ? be16(p + 2) : 0, strings = len >= 6 ? be16(p + 4) : 0, kept = 0, bytes = 0;
	int ok = len >= 6 && be16(p) == 0 && 6 + 12 * count <= len && strings <= len;
	for (size_t i = 0; ok && i < count; i++) {
		const unsigned char *rec = p + 6 + 12 * i;
		if (!name_kept(be16(rec + 6)))
			continue;
		ok = be16(rec + 10) + (size_t)be16(rec + 8) <= len - strings &&
		     (bytes += be16(rec + 8)) <= 0xFFFF;
		kept++;
	}
	if (!ok || 6 + 12 * kept > 0xFFFF) {
		strbuf_add(b, p, len);
		return;
	}
	put16(b, 0), put16(b, (uint32_t)kept), put16(b, (uint32_t)(6 + 12 * kept));
	uint32_t at = 0;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *rec = p + 6 + 12 * i;
		if (!name_kept(be16(rec + 6)))
			continue;
		strbuf_add(b, rec, 8); /* platform, encoding, language, name */
		put16(b, be16(rec + 8)), put16(b, at);
		at += be16(rec + 8);
	}
	for (size_t i = 0; i < count; i++) {
		const unsigned char *rec = p + 6 + 12 * i;
		if (name_kept(be16(rec + 6)))
			strbuf_add(b, p + strings + be16(rec + 10), be16(rec + 8));
	}
}

/* The bytes of a table copied with a 16-bit or 32-bit field changed. */
static void patched(struct strbuf *b, const unsigned char *p, size_t len, size_t at, uint32_t v,
		    int wide)
{
	strbuf_add(b, p, len);
	unsigned char *q = (unsigned char *)b->data + b->len - len + at;
	if (wide)
		q[0] = (unsigned char)(v >> 24), q[1] = (unsigned char)(v >> 16), q += 2;
	q[0] = (unsigned char)(v >> 8), q[1] = (unsigned char)v;
}

struct keeping {
	const unsigned char *glyph;
	unsigned char *keep;
	uint16_t *todo;
	size_t ntodo;
};

static void keep_part(void *arg, size_t at)
{
	struct keeping *k = arg;
	uint32_t g = be16(k->glyph + at);
	if (!k->keep[g])
		k->keep[k->todo[k->ntodo++] = (uint16_t)g] = 1;
}

struct renumbering {
	unsigned char *glyph;
	const uint16_t *renum;
};

static void renumber_part(void *arg, size_t at)
{
	struct renumbering *r = arg;
	uint32_t g = r->renum[be16(r->glyph + at)];
	r->glyph[at] = (unsigned char)(g >> 8), r->glyph[at + 1] = (unsigned char)g;
}

int ttf_subset(const struct ttf *f, const unsigned char *used, struct strbuf *out)
{
	const unsigned char *d = (const unsigned char *)f->data.data;
	size_t n = f->data.len, post_len;
	const unsigned char *post = find_table(d, n, "post", &post_len);
	const struct tables t = f->t;
	if (post && post_len < 32)
		return -1;

	/* the glyphs drawn, .notdef, and the glyphs composites are built of */
	uint16_t *cps;
	size_t ncps = used_code_points(f, used, &cps);
	struct keeping k = {NULL, xcalloc(t.glyphs, 1), xcalloc(t.glyphs + 1, sizeof *k.todo), 0};
	k.keep[k.todo[k.ntodo++] = 0] = 1;
	for (size_t i = 0; i < ncps; i++)
		if (!k.keep[f->glyph[cps[i]]])
			k.keep[k.todo[k.ntodo++] = f->glyph[cps[i]]] = 1;
	while (k.ntodo) {
		uint32_t g = k.todo[--k.ntodo];
		k.glyph = t.glyf + loca_at(&t, g);
		composite_parts(k.glyph, loca_at(&t, g + 1) - loca_at(&t, g), keep_part, &k);
	}
	free(k.todo);
	uint16_t *renum = xcalloc(t.glyphs, sizeof *renum);
	uint32_t kept = 0;
	for (uint32_t g = 0; g < t.glyphs; g++)
		if (k.keep[g])
			renum[g] = (uint16_t)kept++;

	/*
	 * The kept glyphs renumbered in their order (composites pointing at
	 * their parts' new numbers), with their metrics: glyf, loca, hmtx.
	 */
	struct strbuf new_glyf = {0}, new_loca = {0}, new_hmtx = {0}, new_cmap = {0}, tables = {0};
	for (uint32_t g = 0; g <= t.glyphs; g++) {
		if (g < t.glyphs && !k.keep[g])
			continue;
		if (t.long_loca)
			put32(&new_loca, (uint32_t)new_glyf.len);
		else
			put16(&new_loca, (uint32_t)new_glyf.len / 2);
		if (g == t.glyphs)
			break;
		size_t at = new_glyf.len, len = loca_at(&t, g + 1) - loca_at(&t, g);
		strbuf_add(&new_glyf, t.glyf + loca_at(&t, g), len);
		struct renumbering r = {(unsigned char *)new_glyf.data + at, renum};
		composite_parts(r.glyph, len, renumber_part, &r);
		while (new_glyf.len % (t.long_loca ? 4 : 2))
			strbuf_addc(&new_glyf, 0);
		uint32_t m = g < t.metrics ? g : t.metrics - 1;
		put16(&new_hmtx, be16(t.hmtx + 4 * m));
		put16(&new_hmtx, g < t.metrics ? be16(t.hmtx + 4 * g + 2)
					      : be16(t.hmtx + 4 * t.metrics + 2 * (g - t.metrics)));
	}
	free(k.keep);
	uint16_t *gids = xmalloc((ncps + 1) * sizeof *gids);
	for (size_t i = 0; i < ncps; i++)
		gids[i] = renum[f->glyph[cps[i]]];
	subset_cmap(cps, gids, ncps, &new_cmap);
	free(cps);
	free(gids);
	free(renum);

	/*
	 * The tables in the file's (sorted) order: glyf, loca, hmtx and cmap
	 * new, maxp and hhea with the new glyph count, post without glyph names,
	 * name with the names a PDF's font needs; layout tables are not needed
	 * in a PDF.
	 */
	uint32_t count = be16(d + 4), ntables = 0;
	struct { const char *tag; size_t at, len; } *dir = xcalloc(count + 1, sizeof *dir);
	for (uint32_t i = 0; i < count && 12 + 16 * (size_t)(i + 1) <= n; i++) {
		const char *tag = (const char *)d + 12 + 16 * (size_t)i;
		char name[5] = {tag[0], tag[1], tag[2], tag[3], 0};
		size_t len, at = tables.len;
		const unsigned char *p = find_table(d, n, name, &len);
		if (!p || !strcmp(name, "GDEF") || !strcmp(name, "GPOS") || !strcmp(name, "GSUB") ||
		    !strcmp(name, "DSIG"))
			continue;
		if (!strcmp(name, "glyf"))
			strbuf_add(&tables, new_glyf.data, new_glyf.len);
		else if (!strcmp(name, "loca"))
			strbuf_add(&tables, new_loca.data, new_loca.len);
		else if (!strcmp(name, "hmtx"))
			strbuf_add(&tables, new_hmtx.data, new_hmtx.len);
		else if (!strcmp(name, "cmap"))
			strbuf_add(&tables, new_cmap.data, new_cmap.len);
		else if (!strcmp(name, "maxp"))
			patched(&tables, p, len, 4, kept, 0);
		else if (!strcmp(name, "hhea"))
			patched(&tables, p, len, 34, kept, 0);
		else if (!strcmp(name, "post"))
			patched(&tables, p, 32, 0, 0x00030000, 1);
		else if (!strcmp(name, "name"))
			subset_name(p, len, &tables);
		else if (!strcmp(name, "head"))
			patched(&tables, p, len, 8, 0, 1); /* checkSumAdjustment, set below */
		else
			strbuf_add(&tables, p, len);
		dir[ntables].tag = tag, dir[ntables].at = at, dir[ntables].len = tables.len - at;
		ntables++;
		while (tables.len % 4)
			strbuf_addc(&tables, 0);
	}
	/*
	 * Every table starts on a 4-byte boundary and is padded with zeros, so
	 * the file's checksum (for head's checkSumAdjustment) is the
	 * directory's plus the tables'.
	 */
	uint32_t log2, pow2 = floor_pow2(ntables, &log2), sum = 0;
	size_t start = out->len, head_at = 0, data_at = 12 + 16 * (size_t)ntables;
	put32(out, 0x00010000);
	put16(out, ntables), put16(out, 16 * pow2), put16(out, log2), put16(out, 16 * (ntables - pow2));
	for (uint32_t i = 0; i < ntables; i++) {
		const unsigned char *p = (const unsigned char *)tables.data + dir[i].at;
		uint32_t table_sum = checksum(p, dir[i].len);
		sum += table_sum;
		strbuf_add(out, dir[i].tag, 4);
		put32(out, table_sum);
		put32(out, (uint32_t)(data_at + dir[i].at));
		put32(out, (uint32_t)dir[i].len);
		if (!memcmp(dir[i].tag, "head", 4))
			head_at = start + data_at + dir[i].at;
	}
	free(dir);
	sum += checksum((const unsigned char *)out->data + start, data_at);
	strbuf_add(out, tables.data, tables.len);
	if (head_at)
		set32(out, head_at + 8, 0xB1B0AFBAu - sum);
	strbuf_free(&new_glyf);
	strbuf_free(&new_loca);
	strbuf_free(&new_hmtx);
	strbuf_free(&new_cmap);
	strbuf_free(&tables);
	return 0;
}

/* ---- outlines (text drawn as shapes, out of the text layer) ---- */

/* Appends a point (in em, transformed by m) to the outline. */
static void add_point(struct ttf_outline *o, int op, double x, double y, const double m[6])
{
	xgrow(&o->points, &o->cap, o->n + 1, sizeof *o->points);
	o->points[o->n++] = (struct ttf_point){op, m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]};
}

/*
 * The contours of simple glyph data p[0..len) into o, each point (font
 * units) mapped by m: on-curve points joined by lines, off-curve points as
 * quadratic controls with the implied on-curve midpoints between two of
 * them. Returns 0, or -1 when the data runs past its end.
 */
static int simple_outline(const unsigned char *p, size_t len, const double m[6],
			  struct ttf_outline *o)
{
	if (len < 10)
		return len == 0 ? 0 : -1; /* an empty glyph (a space) has no data */
	size_t contours = be16(p), at = 10 + 2 * contours;
	if (at + 2 > len)
		return -1;
	size_t npoints = contours ? be16(p + 10 + 2 * (contours - 1)) + 1 : 0;
	at += 2 + be16(p + at); /* past the instructions */
	unsigned char *flags = xcalloc(npoints + 1, 1);
	double *xs = xcalloc(npoints + 1, sizeof *xs), *ys = xcalloc(npoints + 1, sizeof *ys);
	int ret = -1;

	for (size_t i = 0; i < npoints;) {
		if (at >= len)
			goto done;
		unsigned char f = p[at++];
		size_t repeat = 0;
		if (f & 8) {
			if (at >= len)
				goto done;
			repeat = p[at++];
		}
		for (size_t r = 0; r <= repeat && i < npoints; r++)
			flags[i++] = f;
	}
	for (int axis = 0; axis < 2; axis++) {
		double *v = axis ? ys : xs, pos = 0;
		unsigned short_bit = axis ? 4 : 2, same_bit = axis ? 32 : 16;
		for (size_t i = 0; i < npoints; i++) {
			if (flags[i] & short_bit) {
				if (at >= len)
					goto done;
				pos += flags[i] & same_bit ? p[at] : -(double)p[at];
				at++;
			} else if (!(flags[i] & same_bit)) {
				if (at + 2 > len)
					goto done;
				pos += (int16_t)be16(p + at);
				at += 2;
			}
			v[i] = pos;
		}
	}
	for (size_t c = 0, first = 0; c < contours; c++) {
		size_t last = be16(p + 10 + 2 * c);
		if (last < first || last >= npoints)
			goto done;
		size_t n = last - first + 1, start = 0;
		while (start < n && !(flags[first + start] & 1))
			start++;
		/*
		 * The contour starts at its first on-curve point; without one, at
		 * the middle of its first two (off-curve) points, walking on from
		 * the second and closing through the first.
		 */
		double sx, sy;
		if (start < n) {
			sx = xs[first + start];
			sy = ys[first + start];
		} else {
			sx = (xs[first] + xs[first + 1 % n]) / 2;
			sy = (ys[first] + ys[first + 1 % n]) / 2;
			start = 0;
		}
		add_point(o, TTF_MOVE, sx, sy, m);
		int pending = 0; /* an off-curve control waiting */
		double cx = 0, cy = 0;
		for (size_t k = 1; k <= n; k++) {
			size_t i = first + (start + k) % n;
			double x = xs[i], y = ys[i];
			if (flags[i] & 1) {
				if (pending) {
					add_point(o, TTF_QUAD, cx, cy, m);
					add_point(o, TTF_QUAD, x, y, m);
				} else {
					add_point(o, TTF_LINE, x, y, m);
				}
				pending = 0;
			} else if (pending) {
				double mx = (cx + x) / 2, my = (cy + y) / 2;
				add_point(o, TTF_QUAD, cx, cy, m);
				add_point(o, TTF_QUAD, mx, my, m);
				cx = x;
				cy = y;
			} else {
				pending = 1;
				cx = x;
				cy = y;
			}
		}
		if (pending) { /* closing through a last off-curve control */
			add_point(o, TTF_QUAD, cx, cy, m);
			add_point(o, TTF_QUAD, sx, sy, m);
		}
		add_point(o, TTF_CLOSE, sx, sy, m);
		first = last + 1;
	}
	ret = 0;
done:
	free(flags);
	free(xs);
	free(ys);
	return ret;
}

/* A component's transform: 2x2 (F2Dot14) and offset, composed with m. */
static int component(const unsigned char *p, size_t len, size_t *at, uint32_t *glyph,
		     const double m[6], double out[6], int *more)
{
	if (*at + 4 > len)
		return -1;
	unsigned flags = be16(p + *at), words = flags & 1;
	*glyph = be16(p + *at + 2);
	*at += 4;
	if (*at + (words ? 4 : 2) > len)
		return -1;
	double dx = words ? (int16_t)be16(p + *at) : (int8_t)p[*at];
	double dy = words ? (int16_t)be16(p + *at + 2) : (int8_t)p[*at + 1];
	*at += words ? 4 : 2;
	if (!(flags & 2)) /* point matching, not used by the fonts we take: no offset */
		dx = dy = 0;
	double a = 1, b = 0, c = 0, d = 1;
	size_t scales = flags & 8 ? 1 : flags & 0x40 ? 2 : flags & 0x80 ? 4 : 0;
	if (*at + 2 * scales > len)
		return -1;
#define F2DOT14(q) ((double)(int16_t)be16(q) / 16384.0)
	if (scales == 1)
		a = d = F2DOT14(p + *at);
	else if (scales == 2)
		a = F2DOT14(p + *at), d = F2DOT14(p + *at + 2);
	else if (scales == 4)
		a = F2DOT14(p + *at), b = F2DOT14(p + *at + 2), c = F2DOT14(p + *at + 4),
		d = F2DOT14(p + *at + 6);
#undef F2DOT14
	*at += 2 * scales;
	/* out = m · (a b c d dx dy) */
	out[0] = m[0] * a + m[2] * b;
	out[1] = m[1] * a + m[3] * b;
	out[2] = m[0] * c + m[2] * d;
	out[3] = m[1] * c + m[3] * d;
	out[4] = m[0] * dx + m[2] * dy + m[4];
	out[5] = m[1] * dx + m[3] * dy + m[5];
	*more = (flags & 0x20) != 0;
	return 0;
}

int ttf_outline(const struct ttf *f, uint32_t c, double x, struct ttf_outline *o)
{
	const struct tables *t = &f->t;
	uint32_t g = ttf_has(f, c) ? f->glyph[c] : 0;
	double scale = 1.0 / t->upem, m[6] = {scale, 0, 0, scale, x, 0};
	const unsigned char *p = t->glyf + loca_at(t, g);
	size_t len = loca_at(t, g + 1) - loca_at(t, g);

	if (len < 10 || (int16_t)be16(p) >= 0)
		return simple_outline(p, len, m, o);
	/* a composite of simple glyphs (nested ones are refused when the font is read) */
	for (size_t at = 10, more = 1; more;) {
		uint32_t part;
		double pm[6];
		int next;
		if (component(p, len, &at, &part, m, pm, &next) != 0 || part >= t->glyphs)
			return -1;
		more = (size_t)next;
		const unsigned char *q = t->glyf + loca_at(t, part);
		if (simple_outline(q, loca_at(t, part + 1) - loca_at(t, part), pm, o) != 0)
			return -1;
	}
	return 0;
}
