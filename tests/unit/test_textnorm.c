/* Unit tests for textnorm: UTF-8 checks, NFC, legacy decoders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "textnorm.h"

static void utf8_check_accepts_vietnamese(void **state)
{
	(void)state;
	const char *s = "Đảng ủy Khối các cơ quan tỉnh Kon Tum – 2022";
	assert_int_equal(textnorm_utf8_check(s, strlen(s)), strlen(s));
}

static void utf8_check_finds_first_bad_byte(void **state)
{
	(void)state;
	assert_int_equal(textnorm_utf8_check("abc\xA9xyz", 7), 3);          /* lone continuation */
	assert_int_equal(textnorm_utf8_check("ab\xC0\xAF", 4), 2);         /* overlong */
	assert_int_equal(textnorm_utf8_check("\xED\xA0\x80", 3), 0);       /* surrogate */
	assert_int_equal(textnorm_utf8_check("\xF4\x90\x80\x80", 4), 0);   /* > U+10FFFF */
	assert_int_equal(textnorm_utf8_check("abcdefgh\xE1\xBA", 10), 8); /* truncated */
	assert_int_equal(textnorm_utf8_check("abcdefghij\0k", 12), 10);    /* NUL */
	assert_int_equal(textnorm_utf8_check("Ch\xCAp h\xB5nh", 10), 2);   /* TCVN3 bytes */
}

static void nfc_composes_decomposed_text(void **state)
{
	(void)state;
	/* "Việt Nam" with U+0065 U+0323 U+0302 (NFD, as macOS writes it) */
	const char *nfd = "Vie\xCC\xA3\xCC\x82t Nam";
	struct strbuf out = {0};
	assert_int_equal(textnorm_nfc(nfd, strlen(nfd), &out), 1);
	assert_string_equal(out.data, "Vi\xE1\xBB\x87t Nam");
	strbuf_reset(&out);
	assert_int_equal(textnorm_nfc("Việt Nam", strlen("Việt Nam"), &out), 0);
	assert_string_equal(out.data, "Việt Nam");
	/* a precomposed letter followed by a combining mark composes further */
	strbuf_reset(&out);
	assert_int_equal(textnorm_nfc("\xC3\xAA\xCC\x81", 4, &out), 1); /* ê + acute = ế */
	assert_string_equal(out.data, "ế");
	strbuf_free(&out);
}

/* Every code point of the fast path must be NFC-stable with canonical class 0. */
static void nfc_stable_set_agrees_with_utf8proc(void **state)
{
	(void)state;
	size_t checked = 0;
	for (long c = 1; c < 0x10000; c++) {
		if (!textnorm_nfc_stable(c) || (c >= 0xD800 && c <= 0xDFFF))
			continue;
		unsigned char buf[8] = {0};
		utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)c, buf);
		utf8proc_uint8_t *nfc = utf8proc_NFC(buf);
		assert_non_null(nfc);
		assert_memory_equal(nfc, buf, (size_t)n + 1);
		free(nfc);
		assert_int_equal(utf8proc_get_property((utf8proc_int32_t)c)->combining_class, 0);
		checked++;
	}
	assert_true(checked > 900);
}

static void check_sorts_text(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_int_equal(textnorm_check("", 0, &bad), 0);
	assert_int_equal(textnorm_check("NS0000001", 9, &bad), 0);
	assert_int_equal(textnorm_check("Nguyễn Văn An", strlen("Nguyễn Văn An"), &bad), 0);
	assert_int_equal(textnorm_check("Vie\xCC\xA3\xCC\x82t", 8, &bad), 1); /* NFD */
	assert_int_equal(textnorm_check("abcdefghijk\xA9", 12, &bad), -1);
	assert_int_equal(bad, 11);
	assert_int_equal(textnorm_check("abcdefgh\0ijk", 12, &bad), -1);
	assert_int_equal(bad, 8);
	assert_int_equal(textnorm_check("ab\0", 3, &bad), -1);
	assert_int_equal(bad, 2);
	/* agrees with textnorm_utf8_check on every prefix of a mixed string */
	const char *mix = "Đảng ủy\xC3 Khối\xE1\xBA các cơ quan";
	for (size_t n = 0; n <= strlen(mix); n++) {
		int st = textnorm_check(mix, n, &bad);
		size_t ok = textnorm_utf8_check(mix, n);
		assert_int_equal(st < 0, ok != n);
		if (st < 0)
			assert_int_equal(bad, ok);
	}
}

/* s folded, as a new string ("<invalid>" when textnorm_fold refuses it). */
static char *folded(const char *s, size_t n)
{
	struct strbuf b = {0};
	if (textnorm_fold(s, n, &b) != 0) {
		assert_int_equal(b.len, 0);
		strbuf_free(&b);
		return xstrdup("<invalid>");
	}
	return b.data;
}

static void assert_folds(const char *s, const char *want)
{
	char *got = folded(s, strlen(s));
	if (strcmp(got, want) != 0)
		fail_msg("fold(\"%s\") = \"%s\", expected \"%s\"", s, got, want);
	free(got);
}

/* What clerks type matches what the schema lists: case, diacritics and separators fold. */
static void fold_matches_what_clerks_type(void **state)
{
	(void)state;
	/* case and diacritics, NFC and NFD alike */
	assert_folds("Nữ", "nu");
	assert_folds("NỮ", "nu");
	assert_folds("nữ", "nu");
	assert_folds("nu\xCC\x9B\xCC\x83", "nu"); /* NFD: u + horn + tilde */
	assert_folds("Nam", "nam");
	/* đ and Đ are letters of their own, not d with a mark; ð and Ð look the same */
	assert_folds("Đảng ủy Khối", "dang_uy_khoi");
	assert_folds("Đảng uỷ Khối", "dang_uy_khoi"); /* the old tone placement */
	assert_folds("\xC3\x90UK", "duk");            /* Ð U+00D0 typed for Đ */
	assert_folds("đ", "d");
	/* spaces, underscores, hyphens and dashes are one separator, runs and ends dropped */
	assert_folds("Chuyển đi", "chuyen_di");
	assert_folds("chuyen_di", "chuyen_di");
	assert_folds("  chuyen -- di  ", "chuyen_di");
	assert_folds("Chuyển\xC2\xA0\xE2\x80\x93 đi", "chuyen_di"); /* no-break space, en dash */
	assert_folds("Hoàn thành xuất sắc nhiệm vụ", "hoan_thanh_xuat_sac_nhiem_vu");
	assert_folds("HTXSNV", "htxsnv");
	assert_folds("Có", "co");
	assert_folds("Không", "khong");
	assert_folds("132-QĐ/TW", "132_qd/tw");
	assert_folds("", "");
	assert_folds(" _ ", "");
	/* only marks differ: alike */
	char *a = folded("Tổ chức", strlen("Tổ chức")), *b = folded("Tổ chúc", strlen("Tổ chúc"));
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* letters and words that differ stay different */
	assert_folds("Cơ sở", "co_so");
	assert_folds("co so khac", "co_so_khac");
	assert_folds("Chi bộ", "chi_bo");
	/* bytes that are not UTF-8 are refused, nothing appended */
	char *bad = folded("N\xFF", 2);
	assert_string_equal(bad, "<invalid>");
	free(bad);
	/* appends after what the buffer holds */
	struct strbuf out = {0};
	strbuf_adds(&out, "x:");
	assert_int_equal(textnorm_fold("Ý", strlen("Ý"), &out), 0);
	assert_string_equal(out.data, "x:y");
	strbuf_free(&out);
}

static void char_count_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(textnorm_char_count("Nguyễn", strlen("Nguyễn")), 6);
	assert_int_equal(textnorm_char_count("", 0), 0);
}

static void decode_tcvn3_and_cp1258(void **state)
{
	(void)state;
	struct strbuf out = {0};
	struct textnorm_decoder *d = textnorm_decoder_new(TEXTNORM_TCVN3);
	const char *tcvn = "Ch\xCAp h\xB5nh \xAE\xB6ng";
	assert_int_equal(textnorm_decode(d, tcvn, strlen(tcvn), &out), strlen(tcvn));
	assert_string_equal(out.data, "Chấp hành đảng");
	textnorm_decoder_free(d);

	strbuf_reset(&out);
	d = textnorm_decoder_new(TEXTNORM_CP1258);
	const char *cp = "Vi\xEA\xF2t Nam";
	assert_int_equal(textnorm_decode(d, cp, strlen(cp), &out), strlen(cp));
	struct strbuf nfc = {0};
	textnorm_nfc(out.data, out.len, &nfc);
	assert_string_equal(nfc.data, "Việt Nam");
	textnorm_decoder_free(d);
	strbuf_free(&out);
	strbuf_free(&nfc);
}

static void encoding_names_resolve(void **state)
{
	(void)state;
	assert_int_equal(textnorm_encoding_from_name("TCVN3"), TEXTNORM_TCVN3);
	assert_int_equal(textnorm_encoding_from_name("windows-1258"), TEXTNORM_CP1258);
	assert_int_equal(textnorm_encoding_from_name("UTF-8"), TEXTNORM_UTF8);
	assert_int_equal(textnorm_encoding_from_name("latin9"), -1);
}

/* PDF text strings: a byte order mark, then UTF-16BE, surrogate pairs beyond U+FFFF. */
static void utf16be_for_pdf(void **state)
{
	(void)state;
	struct strbuf b = {0};
	textnorm_utf16be("Đa\xF0\x9F\x98\x80", 7, &b);
	static const unsigned char want[] = {0xFE, 0xFF, 0x01, 0x10, 0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x00};
	assert_int_equal(b.len, sizeof want);
	assert_memory_equal(b.data, want, sizeof want);
	strbuf_reset(&b);
	textnorm_utf16be("", 0, &b);
	assert_int_equal(b.len, 2);
	strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf16be_for_pdf),
		cmocka_unit_test(utf8_check_accepts_vietnamese),
		cmocka_unit_test(utf8_check_finds_first_bad_byte),
		cmocka_unit_test(nfc_composes_decomposed_text),
		cmocka_unit_test(nfc_stable_set_agrees_with_utf8proc),
		cmocka_unit_test(check_sorts_text),
		cmocka_unit_test(fold_matches_what_clerks_type),
		cmocka_unit_test(char_count_counts_code_points),
		cmocka_unit_test(decode_tcvn3_and_cp1258),
		cmocka_unit_test(encoding_names_resolve),
	};
	return cmocka_run_group_tests_name("textnorm", tests, NULL, NULL);
}
