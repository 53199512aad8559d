/*
 * Unit tests for ttf: coverage and widths read from the font files, checked
 * against libharu's own measurements (the widths the PDF will use) for every
 * Vietnamese letter, and bad files refused with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <hpdf.h>

#include "ttf.h"

#define FONTS "/usr/share/fonts/truetype/liberation2/"

static const char vietnamese[] =
	"aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứự"
	"vxyỳỷỹýỵAÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰ"
	"VXYỲỶỸÝỴ0123456789 .,;:!?()[]/-–—“”‘’%*+=";

static void widths_equal_libharu(void **state)
{
	(void)state;
	const char *faces[] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
			       "LiberationSerif-Italic.ttf"};
	for (size_t f = 0; f < 3; f++) {
		char path[256];
		snprintf(path, sizeof path, FONTS "%s", faces[f]);
		struct strbuf err = {0};
		struct ttf *t = ttf_load(path, &err);
		assert_non_null(t);
		HPDF_Doc doc = HPDF_New(NULL, NULL);
		HPDF_UseUTFEncodings(doc);
		HPDF_SetCurrentEncoder(doc, "UTF-8");
		HPDF_Font font = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE), "UTF-8");
		assert_non_null(font);
		/* one character at a time, then the whole text */
		size_t len;
		for (size_t i = 0; vietnamese[i]; i += len) {
			char one[8] = {0};
			uint32_t c = textnorm_utf8_next(vietnamese + i, &len);
			memcpy(one, vietnamese + i, len);
			assert_true(ttf_has(t, c));
			HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)one, (HPDF_UINT)len);
			assert_int_equal(ttf_width(t, c), (int)tw.width);
		}
		HPDF_TextWidth all = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)vietnamese,
							 (HPDF_UINT)strlen(vietnamese));
		assert_true(fabs(ttf_text_width(t, vietnamese, strlen(vietnamese), 14, NULL) -
				 all.width * 14 / 1000.0) < 1e-9);
		HPDF_Free(doc);
		ttf_free(t);
		strbuf_free(&err);
	}
}

static void coverage_and_missing(void **state)
{
	(void)state;
	struct strbuf err = {0};
	struct ttf *t = ttf_load(FONTS "LiberationSerif-Regular.ttf", &err);
	assert_non_null(t);
	uint32_t missing = 1;
	ttf_text_width(t, "Đảng ủy", strlen("Đảng ủy"), 14, &missing);
	assert_int_equal(missing, 0);
	/* CJK and an emoji are not in Liberation Serif */
	ttf_text_width(t, "Chi bộ 中", strlen("Chi bộ 中"), 14, &missing);
	assert_int_equal(missing, 0x4E2D);
	assert_false(ttf_has(t, 0x1F600));
	assert_false(ttf_has(t, 0x4E2D));
	/* a missing character still has a width: .notdef's */
	assert_true(ttf_width(t, 0x4E2D) > 0);
	ttf_free(t);
	strbuf_free(&err);
}

static void bad_files_refused(void **state)
{
	(void)state;
	struct strbuf err = {0};
	assert_null(ttf_load("/nonexistent/font.ttf", &err));
	assert_non_null(strstr(err.data, "/nonexistent/font.ttf"));
	strbuf_reset(&err);
	char path[] = "/tmp/test_ttf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("this is not a font, but long enough to have a table directory", fp);
	fclose(fp);
	assert_null(ttf_load(path, &err));
	assert_non_null(strstr(err.data, "TrueType"));
	remove(path);
	strbuf_free(&err);
}

/* The whole file, to damage copies of it. */
static struct strbuf read_all(const char *path)
{
	struct strbuf b = {0};
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t got;
	assert_non_null(fp);
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		strbuf_add(&b, chunk, got);
	fclose(fp);
	return b;
}

/* Loads data written to a temporary file; NULL with the reason in err. */
static struct ttf *load_bytes(const char *data, size_t len, struct strbuf *err)
{
	char path[] = "/tmp/test_ttf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "wb");
	fwrite(data, 1, len, fp);
	fclose(fp);
	struct ttf *f = ttf_load(path, err);
	remove(path);
	return f;
}

/* The offset of a table's record in the directory (0 if absent). */
static size_t record(const struct strbuf *b, const char *tag)
{
	const unsigned char *d = (const unsigned char *)b->data;
	for (size_t i = 0, n = (size_t)(d[4] << 8 | d[5]); i < n; i++)
		if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
			return 12 + 16 * i;
	return 0;
}

static uint32_t get32(const struct strbuf *b, size_t at)
{
	const unsigned char *p = (const unsigned char *)b->data + at;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void damaged_fonts_refused(void **state)
{
	(void)state;
	struct strbuf good = read_all(FONTS "LiberationSerif-Regular.ttf"), bad = {0}, err = {0};
	size_t cmap = get32(&good, record(&good, "cmap") + 8), head = get32(&good, record(&good, "head") + 8);
	size_t loca = get32(&good, record(&good, "loca") + 8), maxp = get32(&good, record(&good, "maxp") + 8);

	/* a cmap subtable offset that wraps around: no usable cmap */
	strbuf_add(&bad, good.data, good.len);
	for (size_t i = 0, n = (size_t)((unsigned char)bad.data[cmap + 2] << 8 | (unsigned char)bad.data[cmap + 3]);
	     i < n; i++)
		memcpy(bad.data + cmap + 4 + 8 * i + 4, "\xff\xff\xff\xfe", 4);
	assert_null(load_bytes(bad.data, bad.len, &err));
	assert_non_null(strstr(err.data, "cmap"));
	/* unitsPerEm 1 */
	strbuf_reset(&bad), strbuf_reset(&err);
	strbuf_add(&bad, good.data, good.len);
	memcpy(bad.data + head + 18, "\x00\x01", 2);
	assert_null(load_bytes(bad.data, bad.len, &err));
	/* loca going backwards */
	strbuf_reset(&bad), strbuf_reset(&err);
	strbuf_add(&bad, good.data, good.len);
	memcpy(bad.data + loca + 2, "\x00\x00", 2);
	memcpy(bad.data + loca, "\x00\x10", 2);
	assert_null(load_bytes(bad.data, bad.len, &err));
	assert_non_null(strstr(err.data, "loca"));
	/* fewer glyphs than the cmap names: those characters are missing, nothing is read past */
	strbuf_reset(&bad), strbuf_reset(&err);
	strbuf_add(&bad, good.data, good.len);
	memcpy(bad.data + maxp + 4, "\x00\x10", 2);
	struct ttf *f = load_bytes(bad.data, bad.len, &err);
	if (f) {
		assert_false(ttf_has(f, 0x1EA0));
		ttf_free(f);
	}
	/* cut short */
	strbuf_reset(&err);
	assert_null(load_bytes(good.data, good.len / 3, &err));
	/* nested composites, as in DejaVu (when installed) */
	strbuf_reset(&err);
	FILE *dv = fopen("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "rb");
	if (dv) {
		fclose(dv);
		assert_null(ttf_load("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", &err));
		assert_non_null(strstr(err.data, "DejaVu"));
	}
	strbuf_free(&good);
	strbuf_free(&bad);
	strbuf_free(&err);
}

/* A bitmap of the code points of the UTF-8 text s, as pdf.c marks them. */
static void mark_used(unsigned char *used, const char *s)
{
	size_t len;
	for (; *s; s += len) {
		uint32_t c = textnorm_utf8_next(s, &len);
		used[c / 8] |= (unsigned char)(1u << (c % 8));
	}
}

/* The face file cut to the characters of text, into out (the face itself returned, to free). */
static struct ttf *cut(const char *file, const char *text, struct strbuf *out)
{
	struct strbuf err = {0};
	struct ttf *f = ttf_load(file, &err);
	assert_non_null(f);
	unsigned char used[0x10000 / 8] = {0};
	mark_used(used, text);
	assert_int_equal(ttf_subset(f, used, out), 0);
	strbuf_free(&err);
	return f;
}

static void subset_keeps_what_is_used(void **state)
{
	(void)state;
	struct strbuf err = {0}, out = {0};
	const char *text = "Đảng ủy Khối “Ẩ” 3.481";
	size_t len;
	struct ttf *f = cut(FONTS "LiberationSerif-Regular.ttf", text, &out);
	assert_true(out.len < 20000);
	struct ttf *sub = load_bytes(out.data, out.len, &err);
	assert_non_null(sub);
	for (const char *s = text; *s; s += len) {
		uint32_t c = textnorm_utf8_next(s, &len);
		assert_true(ttf_has(sub, c));
		assert_int_equal(ttf_width(sub, c), ttf_width(f, c));
	}
	assert_false(ttf_has(sub, 'z'));
	assert_false(ttf_has(sub, 0x1EF9));
	ttf_free(sub);
	ttf_free(f);
	strbuf_free(&out);
	strbuf_free(&err);
}


static uint32_t get16(const struct strbuf *b, size_t at)
{
	const unsigned char *p = (const unsigned char *)b->data + at;
	return (uint32_t)p[0] << 8 | p[1];
}

/*
 * Consecutive characters with consecutive glyphs share a cmap segment, a
 * gap splits them, and every character still maps to its own glyph: a-j,
 * l-n and Đ are three segments and the final 0xFFFF one, and k is missing.
 */
static void subset_cmap_runs(void **state)
{
	(void)state;
	struct strbuf err = {0}, out = {0};
	const char *text = "abcdefghijlmnĐ";
	struct ttf *f = cut(FONTS "LiberationSerif-Regular.ttf", text, &out);
	size_t cmap = get32(&out, record(&out, "cmap") + 8);
	assert_int_equal(get16(&out, cmap + 12), 4);     /* format 4 */
	assert_int_equal(get16(&out, cmap + 12 + 6), 8); /* segCountX2 */
	struct ttf *sub = ttf_from_bytes(out.data, out.len, &err);
	assert_non_null(sub);
	size_t len;
	for (const char *s = text; *s; s += len) {
		uint32_t c = textnorm_utf8_next(s, &len);
		assert_true(ttf_has(sub, c));
		assert_int_equal(ttf_width(sub, c), ttf_width(f, c));
	}
	assert_false(ttf_has(sub, 'k'));
	assert_false(ttf_has(sub, 'o'));
	/* nothing drawn: .notdef alone, an empty map */
	struct strbuf none = {0};
	unsigned char nothing[0x10000 / 8] = {0};
	assert_int_equal(ttf_subset(f, nothing, &none), 0);
	struct ttf *empty = ttf_from_bytes(none.data, none.len, &err);
	assert_non_null(empty);
	assert_false(ttf_has(empty, 'a'));
	ttf_free(empty);
	strbuf_free(&none);
	ttf_free(sub);
	ttf_free(f);
	strbuf_free(&out);
	strbuf_free(&err);
}

/* Each table's checksum is right, and the whole file sums to 0xB1B0AFBA (head's checkSumAdjustment). */
static void subset_checksums(void **state)
{
	(void)state;
	struct strbuf err = {0}, out = {0};
	struct ttf *f = cut(FONTS "LiberationSerif-Italic.ttf", "Kon Tum, ngày 28 tháng 5 năm 2023 (ạ, ộ, ữ)", &out);
	assert_int_equal(out.len % 4, 0);
	const unsigned char *d = (const unsigned char *)out.data;
	uint32_t total = 0;
	for (size_t i = 0; i < out.len; i += 4)
		total += get32(&out, i);
	assert_int_equal(total, 0xB1B0AFBAu);
	for (size_t i = 0, n = (size_t)(d[4] << 8 | d[5]); i < n; i++) {
		size_t rec = 12 + 16 * i, at = get32(&out, rec + 8), len = get32(&out, rec + 12);
		uint32_t sum = 0;
		assert_true(at % 4 == 0 && at + len <= out.len);
		for (size_t k = 0; k < len; k += 4) {
			unsigned char w[4] = {0};
			memcpy(w, d + at + k, len - k < 4 ? len - k : 4);
			sum += (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
		}
		if (memcmp(d + rec, "head", 4) == 0) /* summed with checkSumAdjustment 0 */
			sum -= get32(&out, at + 8);
		assert_int_equal(sum, get32(&out, rec + 4));
	}
	ttf_free(f);
	strbuf_free(&out);
	strbuf_free(&err);
}

/*
 * The subset keeps only names 0, 1, 2, 4 and 6 (the system font has 0-14 on
 * two platforms), and libharu, which needs the style and PostScript names
 * and reads the format 4 cmap, loads it with the original's name and
 * measures every character as ttf does.
 */
static void subset_loads_in_libharu(void **state)
{
	(void)state;
	struct strbuf err = {0}, out = {0};
	struct ttf *f = cut(FONTS "LiberationSerif-Bold.ttf", vietnamese, &out);
	size_t name = get32(&out, record(&out, "name") + 8), names = get16(&out, name + 2);
	int seen[7] = {0};
	for (size_t i = 0; i < names; i++) {
		uint32_t id = get16(&out, name + 6 + 12 * i + 6);
		assert_true(id <= 6 && id != 3 && id != 5);
		seen[id] = 1;
	}
	assert_true(seen[0] && seen[1] && seen[2] && seen[4] && seen[6]);

	char path[] = "/tmp/test_ttf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "wb");
	fwrite(out.data, 1, out.len, fp);
	fclose(fp);
	HPDF_Doc doc = HPDF_New(NULL, NULL);
	HPDF_UseUTFEncodings(doc);
	HPDF_SetCurrentEncoder(doc, "UTF-8");
	const char *sub_name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
	const char *orig_name = HPDF_LoadTTFontFromFile(doc, FONTS "LiberationSerif-Bold.ttf", HPDF_TRUE);
	assert_non_null(sub_name);
	assert_non_null(orig_name);
	assert_string_equal(sub_name, orig_name); /* one PostScript name: loaded once */
	HPDF_Free(doc);
	doc = HPDF_New(NULL, NULL);
	HPDF_UseUTFEncodings(doc);
	HPDF_SetCurrentEncoder(doc, "UTF-8");
	HPDF_Font font = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE), "UTF-8");
	assert_non_null(font);
	size_t len;
	for (size_t i = 0; vietnamese[i]; i += len) {
		char one[8] = {0};
		uint32_t c = textnorm_utf8_next(vietnamese + i, &len);
		memcpy(one, vietnamese + i, len);
		HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)one, (HPDF_UINT)len);
		assert_int_equal((int)tw.width, ttf_width(f, c));
	}
	HPDF_Free(doc);
	remove(path);
	ttf_free(f);
	strbuf_free(&out);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_equal_libharu),
		cmocka_unit_test(coverage_and_missing),
		cmocka_unit_test(bad_files_refused),
		cmocka_unit_test(damaged_fonts_refused),
		cmocka_unit_test(subset_keeps_what_is_used),
		cmocka_unit_test(subset_cmap_runs),
		cmocka_unit_test(subset_checksums),
		cmocka_unit_test(subset_loads_in_libharu),
	};
	return cmocka_run_group_tests_name("ttf", tests, NULL, NULL);
}
