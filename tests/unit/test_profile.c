/*
 * Unit tests for profile: the real profiles (templates/profile/hd36.json,
 * nd30.json) load with every value equal to what their JSON says, read here
 * on its own and converted from millimetres; the defaults of a small profile;
 * faces shared by names; alignment names; and broken profiles, each one
 * change to the small one, refused with a message that starts with the path.
 * Run from the repository root; the fonts are looked for next to the test's
 * own build folder (build/ or build-dev/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonfile.h"
#include "profile.h"
#include "ttf.h"
#include "fixtures.h"

#define MM (72 / 25.4)

static const char *argv0;
static char *font_dir;
static char dir[64];

/* A small valid profile; each bad case below changes one thing in it. */
static const char base[] =
	"{\"name\":\"t\",\n"
	"\"page\":{\"width_mm\":210,\"height_mm\":297,\"top_mm\":20,\"bottom_mm\":20,\"left_mm\":30,\"right_mm\":15},\n"
	"\"fonts\":{\"regular\":\"LiberationSerif-Regular.ttf\",\"bold\":\"LiberationSerif-Bold.ttf\"},\n"
	"\"styles\":{\"body\":{\"font\":\"regular\",\"size\":14,\"align\":\"justify\"},\n"
	"\"page_number\":{\"size\":13,\"align\":\"center\"},\"watermark\":{\"font\":\"bold\",\"size\":64}},\n"
	"\"header\":{\"left\":{\"from_mm\":0,\"to_mm\":80,\"lines\":[{\"text\":\"A\",\"style\":\"body\"}]},\n"
	"\"right\":{\"from_mm\":80,\"to_mm\":165,\"lines\":[]}},\n"
	"\"signature\":{\"left\":{\"from_mm\":0,\"to_mm\":80,\"lines\":[{\"gap\":12}]},\n"
	"\"right\":{\"from_mm\":80,\"to_mm\":165,\"lines\":[{\"list\":\"x\",\"style\":\"body\"}]}}}\n";

static int setup(void **state)
{
	(void)state;
	char *b = build_dir(argv0);
	font_dir = xasprintf("%s/fonts", b);
	free(b);
	strcpy(dir, "/tmp/test_profile_XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf %s", dir);
	int r = system(cmd);
	free(cmd);
	free(font_dir);
	return r;
}

/* base with its first from replaced by to, written to dir/name.json; returns the path. */
static char *write_variant(const char *name, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	assert_non_null(at); /* the case still applies to base */
	char *path = xasprintf("%s/%s.json", dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fwrite(base, 1, (size_t)(at - base), fp);
	fputs(to, fp);
	fputs(at + strlen(from), fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

/* The number at obj.key (def when absent), as the JSON says it. */
static double num(const struct json *obj, const char *key, double def)
{
	const struct json *v = obj ? json_get(obj, key) : NULL;
	double x;
	if (!v)
		return def;
	assert_int_equal(json_number(v, &x), 0);
	return x;
}

static const char *str(const struct json *obj, const char *key, const char *def)
{
	const struct json *v = obj ? json_get(obj, key) : NULL;
	return v ? json_string(v) : def;
}

/* The path profile_load makes of a font file named in a profile. */
static char *font_path(const char *file)
{
	return file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", font_dir, file);
}

static void check_lines(const struct profile *p, const struct json *col, const struct profile_line *lines,
			size_t n, double x0, double x1)
{
	const struct json *want = json_get(col, "lines");
	assert_non_null(want);
	assert_true(near(x0, num(col, "from_mm", -1) * MM));
	assert_true(near(x1, num(col, "to_mm", -1) * MM));
	assert_int_equal(n, json_size(want));
	for (size_t i = 0; i < n; i++) {
		const struct json *l = json_at(want, i);
		const char *text = str(l, "text", NULL), *list = str(l, "list", NULL);
		if (text && *text)
			assert_string_equal(lines[i].text, text);
		else
			assert_null(lines[i].text);
		if (list)
			assert_string_equal(lines[i].list, list);
		else
			assert_null(lines[i].list);
		assert_true(near(lines[i].gap, num(l, "gap", 0)));
		if ((text && *text) || list) {
			assert_true(lines[i].style >= 0 && (size_t)lines[i].style < p->nstyles);
			assert_string_equal(p->styles[lines[i].style].name, str(l, "style", NULL));
		} else {
			assert_int_equal(lines[i].style, -1);
		}
	}
}

static void check_block(const struct profile *p, const struct json *want, const struct profile_block *b)
{
	assert_non_null(want);
	check_lines(p, json_get(want, "left"), b->left, b->nleft, b->left_x0, b->left_x1);
	check_lines(p, json_get(want, "right"), b->right, b->nright, b->right_x0, b->right_x1);
	assert_true(near(b->before, num(want, "before", 0)));
	assert_true(near(b->after, num(want, "after", 0)));
}

/* Loads the real profile at path and compares every value with its JSON. */
static void check_real_profile(const char *path)
{
	struct strbuf err = {0};
	struct json *j = json_load(path, &err);
	if (!j)
		fail_msg("%s (run the tests from the repository root)", err.data);
	struct profile *p = profile_load(path, font_dir, &err);
	if (!p)
		fail_msg("%s", err.data);
	assert_int_equal(err.len, 0);
	assert_string_equal(p->name, str(j, "name", NULL));

	const struct json *page = json_get(j, "page");
	assert_true(near(p->page.width, num(page, "width_mm", -1) * MM));
	assert_true(near(p->page.height, num(page, "height_mm", -1) * MM));
	assert_true(near(p->page.top, num(page, "top_mm", -1) * MM));
	assert_true(near(p->page.bottom, num(page, "bottom_mm", -1) * MM));
	assert_true(near(p->page.left, num(page, "left_mm", -1) * MM));
	assert_true(near(p->page.right, num(page, "right_mm", -1) * MM));
	/* both official formats are on A4 */
	assert_true(fabs(p->page.width - 595.28) < 0.01);
	assert_true(fabs(p->page.height - 841.89) < 0.01);

	/* a name per font, a face per distinct file, labelled by its first name */
	const struct json *fonts = json_get(j, "fonts");
	assert_int_equal(p->nnames, json_size(fonts));
	size_t distinct = 0;
	for (size_t i = 0; i < p->nnames; i++) {
		const struct json *m = json_at(fonts, i);
		assert_string_equal(p->face_names[i], json_key(m));
		int f = p->face_of_name[i];
		assert_true(f >= 0 && (size_t)f < p->nfaces);
		char *want = font_path(json_string(m));
		assert_string_equal(p->face_files[f], want);
		free(want);
		size_t k = 0;
		while (k < i && strcmp(json_string(json_at(fonts, k)), json_string(m)) != 0)
			k++;
		if (k == i) {
			distinct++;
			assert_ptr_equal(p->face_label[f], p->face_names[i]);
		}
	}
	assert_int_equal(p->nfaces, distinct);

	/* every style, with the defaults the README gives for absent keys */
	const struct json *styles = json_get(j, "styles");
	assert_int_equal(p->nstyles, json_size(styles));
	for (size_t i = 0; i < json_size(styles); i++) {
		const struct json *s = json_at(styles, i);
		const struct layout_style *st = profile_style(p, json_key(s));
		assert_non_null(st);
		assert_ptr_equal(st, &p->styles[i].st);
		char *file = font_path(str(fonts, str(s, "font", "regular"), NULL));
		assert_string_equal(p->face_files[st->face], file);
		free(file);
		double size = num(s, "size", -1);
		assert_true(near(st->size, size));
		assert_true(near(st->leading, num(s, "leading", size * 1.2)));
		assert_true(near(st->before, num(s, "before", 0)));
		assert_true(near(st->after, num(s, "after", 0)));
		assert_true(near(st->indent, num(s, "indent_mm", 0) * MM));
		assert_true(near(st->rule, num(s, "rule", 0)));
		assert_true(near(st->rule_gap, num(s, "rule_gap", 0)));
		assert_int_equal((int)st->align, profile_align(str(s, "align", "left")));
		const struct json *u = json_get(s, "underline");
		assert_int_equal(st->underline, u && json_bool(u) == 1);
	}
	assert_null(profile_style(p, "khong_co_kieu_nay"));

	check_block(p, json_get(j, "header"), &p->header);
	check_block(p, json_get(j, "signature"), &p->signature);

	const struct json *list = json_get(j, "list"), *rule = json_get(j, "title_rule"),
			  *table = json_get(j, "table"), *chart = json_get(j, "chart"),
			  *wm = json_get(j, "watermark");
	assert_string_equal(p->list_prefix, str(list, "prefix", "- "));
	assert_string_equal(p->list_suffix, str(list, "suffix", ";"));
	assert_string_equal(p->list_last_suffix, str(list, "last_suffix", "."));
	assert_true(near(p->title_rule_length, num(rule, "length_mm", 0) * MM));
	assert_true(near(p->title_rule_width, num(rule, "width", 0.5)));
	assert_true(near(p->title_rule_before, num(rule, "before", 0)));
	assert_true(near(p->title_rule_after, num(rule, "after", 0)));
	assert_true(near(p->table_padding, num(table, "padding", 2)));
	assert_true(near(p->table_border, num(table, "border", 0.5)));
	assert_true(near(p->table_head_gray, num(table, "head_gray", 1)));
	assert_true(near(p->chart_label_share, num(chart, "label_share", 0.35)));
	assert_true(near(p->chart_bar_gray, num(chart, "bar_gray", 0.4)));
	assert_true(near(p->chart_grid_gray, num(chart, "grid_gray", 0.8)));
	assert_true(near(p->chart_line_width, num(chart, "line_width", 0.6)));
	assert_true(near(p->chart_bar_width, num(chart, "bar_width", 0.7)));
	assert_true(near(p->chart_tick_step, num(chart, "tick_step", 25)));
	assert_true(near(p->page_number_y, num(json_get(j, "page_number"), "from_top_mm", 10) * MM));
	assert_string_equal(p->watermark_text, str(wm, "text", ""));
	assert_true(near(p->watermark_angle, num(wm, "angle", 45)));
	assert_true(near(p->watermark_gray, num(wm, "gray", 0.85)));

	/* every face file it names is a font ttf_load accepts */
	for (size_t f = 0; f < p->nfaces; f++) {
		struct ttf *t = ttf_load(p->face_files[f], &err);
		if (!t)
			fail_msg("%s (make fonts)", err.data);
		ttf_free(t);
	}
	profile_free(p);
	json_free(j);
	strbuf_free(&err);
}

static void hd36_as_its_json_says(void **state)
{
	(void)state;
	check_real_profile("templates/profile/hd36.json");
}

static void nd30_as_its_json_says(void **state)
{
	(void)state;
	check_real_profile("templates/profile/nd30.json");
}

/* The small profile: what it says, and the defaults of what it leaves out. */
static void defaults(void **state)
{
	(void)state;
	struct strbuf err = {0};
	char *path = write_variant("base", "", "");
	struct profile *p = profile_load(path, font_dir, &err);
	assert_non_null(p);
	assert_int_equal(err.len, 0);
	assert_string_equal(p->name, "t");
	assert_int_equal(p->nfaces, 2);
	const struct layout_style *pn = profile_style(p, "page_number"), *wm = profile_style(p, "watermark");
	assert_non_null(pn);
	assert_int_equal(pn->face, 0); /* "regular" */
	assert_true(near(pn->leading, 13 * 1.2));
	assert_int_equal(pn->align, LAYOUT_CENTER);
	assert_int_equal(wm->face, 1);
	assert_int_equal(wm->align, LAYOUT_LEFT);
	assert_true(near(wm->before, 0) && near(wm->indent, 0) && wm->underline == 0);
	assert_int_equal(profile_style(p, "body")->align, LAYOUT_JUSTIFY);
	assert_int_equal(p->header.nleft, 1);
	assert_string_equal(p->header.left[0].text, "A");
	assert_int_equal(p->header.left[0].style, 0);
	assert_int_equal(p->header.nright, 0);
	assert_true(near(p->header.right_x1, 165 * MM)); /* the whole text width is allowed */
	assert_null(p->signature.left[0].text);
	assert_true(near(p->signature.left[0].gap, 12));
	assert_null(p->signature.right[0].text);
	assert_string_equal(p->signature.right[0].list, "x");
	assert_string_equal(p->list_prefix, "- ");
	assert_string_equal(p->list_suffix, ";");
	assert_string_equal(p->list_last_suffix, ".");
	assert_true(near(p->table_padding, 2) && near(p->table_head_gray, 1));
	assert_true(near(p->chart_tick_step, 25) && near(p->chart_bar_width, 0.7));
	/* defaults of lengths are millimetres too */
	assert_true(near(p->chart_label_share, 0.35) && near(p->page_number_y, 10 * MM));
	assert_string_equal(p->watermark_text, "");
	assert_true(near(p->watermark_angle, 45) && near(p->watermark_gray, 0.85));
	profile_free(p);
	free(path);
	strbuf_free(&err);
}

/* Names sharing a file share a face, however the file is spelled; an absolute path is kept. */
static void faces_shared_by_file(void **state)
{
	(void)state;
	struct strbuf err = {0};
	char *abs_dir = realpath(font_dir, NULL);
	assert_non_null(abs_dir);
	char *abs = xasprintf("%s/LiberationSerif-Regular.ttf", abs_dir);
	char *names = xasprintf("\"regular\":\"%s\",\"bold\":\"LiberationSerif-Bold.ttf\","
				"\"dam\":\"./LiberationSerif-Bold.ttf\",\"thuong\":\"LiberationSerif-Regular.ttf\"",
				abs);
	char *path = write_variant("shared",
				   "\"regular\":\"LiberationSerif-Regular.ttf\",\"bold\":\"LiberationSerif-Bold.ttf\"",
				   names);
	struct profile *p = profile_load(path, font_dir, &err);
	assert_non_null(p);
	assert_int_equal(p->nnames, 4);
	assert_int_equal(p->nfaces, 2);
	assert_string_equal(p->face_files[0], abs);
	char *bold = xasprintf("%s/LiberationSerif-Bold.ttf", font_dir);
	assert_string_equal(p->face_files[1], bold);
	assert_int_equal(p->face_of_name[0], 0);
	assert_int_equal(p->face_of_name[1], 1);
	assert_int_equal(p->face_of_name[2], 1); /* ./ the same file */
	assert_int_equal(p->face_of_name[3], 0); /* relative, the same file as the absolute path */
	assert_string_equal(p->face_label[0], "regular");
	assert_string_equal(p->face_label[1], "bold");
	profile_free(p);
	free(bold);
	free(path);
	free(names);
	free(abs);
	free(abs_dir);
	strbuf_free(&err);
}

static void alignment_names(void **state)
{
	(void)state;
	assert_int_equal(profile_align("left"), LAYOUT_LEFT);
	assert_int_equal(profile_align("center"), LAYOUT_CENTER);
	assert_int_equal(profile_align("right"), LAYOUT_RIGHT);
	assert_int_equal(profile_align("justify"), LAYOUT_JUSTIFY);
	assert_int_equal(profile_align("centre"), -1);
	assert_int_equal(profile_align("Left"), -1);
	assert_int_equal(profile_align(""), -1);
	assert_int_equal(profile_align("justified"), -1);
}

/* One broken profile: what changes in base, and what the message must say besides the path. */
static const struct {
	const char *name, *from, *to, *says;
} bad[] = {
	{"malformed", "\"styles\":{", "\"styles\":{,", "JSON không hợp lệ"},
	{"truncated", "\"signature\"", "", "JSON không hợp lệ"},
	{"no-name", "\"name\":\"t\",", "", "\"name\""},
	{"name-number", "\"name\":\"t\"", "\"name\":7", "\"name\""},
	{"no-width", "\"width_mm\":210,", "", "\"width_mm\""},
	{"negative-margin", "\"top_mm\":20", "\"top_mm\":-1", "\"top_mm\""},
	{"margin-height", "\"top_mm\":20,\"bottom_mm\":20", "\"top_mm\":150,\"bottom_mm\":150", "lề trang"},
	{"zero-width", "\"width_mm\":210", "\"width_mm\":0", "lề trang"},
	{"margin-width", "\"left_mm\":30", "\"left_mm\":200", "lề trang"},
	{"text-number", "{\"text\":\"A\",\"style\":\"body\"}", "{\"text\":5,\"style\":\"body\"}", "\"text\""},
	{"no-fonts", "\"fonts\":{\"regular\":\"LiberationSerif-Regular.ttf\",\"bold\":\"LiberationSerif-Bold.ttf\"}",
	 "\"fonts\":{}", "\"fonts\""},
	{"font-number", "\"bold\":\"LiberationSerif-Bold.ttf\"", "\"bold\":1", "\"bold\""},
	{"five-fonts", "\"bold\":\"LiberationSerif-Bold.ttf\"",
	 "\"bold\":\"LiberationSerif-Bold.ttf\",\"a\":\"A.ttf\",\"b\":\"B.ttf\",\"c\":\"C.ttf\"", "\"c\""},
	{"no-styles", "\"styles\":", "\"kieu\":", "\"styles\""},
	{"bad-align", "\"align\":\"justify\"", "\"align\":\"middle\"", "\"middle\""},
	{"align-number", "\"align\":\"justify\"", "\"align\":3", "\"align\""},
	{"unknown-font", "\"font\":\"bold\"", "\"font\":\"dam\"", "\"dam\""},
	{"no-size", "\"size\":64", "\"before\":2", "\"size\""},
	{"zero-size", "\"size\":14", "\"size\":0", "cỡ chữ"},
	{"negative-size", "\"size\":14", "\"size\":-14", "\"size\""},
	{"size-string", "\"size\":14", "\"size\":\"14\"", "\"size\""},
	{"huge-size", "\"size\":64", "\"size\":201", "(kiểu watermark)"},
	{"small-leading", "\"size\":14,", "\"size\":14,\"leading\":0.5,", "khoảng cách dòng"},
	{"negative-indent", "\"size\":14,", "\"size\":14,\"indent_mm\":-5,", "\"indent_mm\""},
	{"no-page-number", "\"page_number\":{\"size\":13,\"align\":\"center\"},", "", "\"page_number\""},
	{"no-header", "\"header\":", "\"dau\":", "\"header\""},
	{"no-lines", "\"lines\":[]", "\"dong\":[]", "\"lines\""},
	{"no-from", "\"from_mm\":0,", "", "\"from_mm\""},
	{"past-text-area", "\"to_mm\":165", "\"to_mm\":166", "\"from_mm, to_mm\""},
	{"reversed-column", "\"from_mm\":0,\"to_mm\":80", "\"from_mm\":80,\"to_mm\":80", "\"from_mm, to_mm\""},
	{"unknown-line-style", "{\"text\":\"A\",\"style\":\"body\"}", "{\"text\":\"A\",\"style\":\"than\"}", "\"than\""},
	{"line-without-style", "{\"text\":\"A\",\"style\":\"body\"}", "{\"text\":\"A\"}", "\"style\""},
	{"list-without-style", "{\"list\":\"x\",\"style\":\"body\"}", "{\"list\":\"x\"}", "\"style\""},
	{"negative-gap", "{\"gap\":12}", "{\"gap\":-12}", "\"gap\""},
	{"negative-chart", "}}}\n", "}},\"chart\":{\"label_share\":-1}}\n", "\"label_share\""},
	{"prefix-number", "}}}\n", "}},\"list\":{\"prefix\":1}}\n", "\"prefix\""},
	/* found by fuzz_profile: the layout read past a cut UTF-8 sequence at the end of the watermark */
	{"watermark-not-utf8", "}}}\n", "}},\"watermark\":{\"text\":\"D\xe1\xbb\xae LI\xe1\xbb\x86U\xeb\"}}\n",
	 "\"watermark.text\""},
};

static void broken_profiles_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct strbuf err = {0};
		char *path = write_variant(bad[i].name, bad[i].from, bad[i].to);
		struct profile *p = profile_load(path, font_dir, &err);
		if (p)
			fail_msg("%s: loaded", bad[i].name);
		if (!err.data || strncmp(err.data, path, strlen(path)) != 0 || err.data[strlen(path)] != ':')
			fail_msg("%s: the message does not start with the path: %s", bad[i].name,
				 err.data ? err.data : "(none)");
		if (bad[i].says && !strstr(err.data, bad[i].says))
			fail_msg("%s: \"%s\" not in: %s", bad[i].name, bad[i].says, err.data);
		free(path);
		strbuf_free(&err);
	}
}

static void missing_profile(void **state)
{
	(void)state;
	struct strbuf err = {0};
	char *path = xasprintf("%s/khong-co/hd36.json", dir);
	assert_null(profile_load(path, font_dir, &err));
	char *want = xasprintf("%s: %s", path, util_strerror(ENOENT));
	assert_string_equal(err.data, want);
	free(want);
	free(path);
	strbuf_free(&err);
}

/*
 * profile_load does not open the font files (it only resolves their paths):
 * a missing one is found by ttf_load, as baocao-render loads each face,
 * with the path in its message.
 */
static void missing_font_file_left_to_ttf_load(void **state)
{
	(void)state;
	struct strbuf err = {0};
	char *path = write_variant("missing-font", "\"bold\":\"LiberationSerif-Bold.ttf\"", "\"bold\":\"KhongCo.ttf\"");
	struct profile *p = profile_load(path, font_dir, &err);
	assert_non_null(p);
	char *want = xasprintf("%s/KhongCo.ttf", font_dir);
	assert_int_equal(p->nfaces, 2);
	assert_string_equal(p->face_files[1], want);
	assert_null(ttf_load(p->face_files[1], &err));
	assert_non_null(strstr(err.data, want));
	free(want);
	profile_free(p);
	free(path);
	strbuf_free(&err);
}

int main(int argc, char **argv)
{
	(void)argc;
	argv0 = argv[0];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hd36_as_its_json_says),
		cmocka_unit_test(nd30_as_its_json_says),
		cmocka_unit_test(defaults),
		cmocka_unit_test(faces_shared_by_file),
		cmocka_unit_test(alignment_names),
		cmocka_unit_test(broken_profiles_refused),
		cmocka_unit_test(missing_profile),
		cmocka_unit_test(missing_font_file_left_to_ttf_load),
	};
	return cmocka_run_group_tests_name("profile", tests, setup, teardown);
}
