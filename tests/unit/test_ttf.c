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
			uint32_t c = ttf_utf8_next(vietnamese + i, &len);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_equal_libharu),
		cmocka_unit_test(coverage_and_missing),
		cmocka_unit_test(bad_files_refused),
	};
	return cmocka_run_group_tests_name("ttf", tests, NULL, NULL);
}
