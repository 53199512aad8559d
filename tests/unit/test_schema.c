/* Unit tests for schema: loading, cell checks and row rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "schema.h"

/* Writes json to a new temporary file whose name goes to path. */
static void write_temp(const char *json, char path[static 24])
{
	strcpy(path, "/tmp/test_schema_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
	close(fd);
}

static struct schema *load_text(const char *json)
{
	char path[24];
	struct strbuf err = {0};
	write_temp(json, path);
	struct schema *s = schema_load(path, &err);
	unlink(path);
	if (!s)
		fail_msg("schema refused: %s", err.data);
	strbuf_free(&err);
	return s;
}

/*
 * A wrong schema is refused: schema_load returns NULL with a message that
 * names the file and holds want (and the partial schema is freed, which the
 * sanitizers of the developer build check).
 */
static void load_fails(const char *json, const char *want)
{
	char path[24];
	struct strbuf err = {0};
	write_temp(json, path);
	struct schema *s = schema_load(path, &err);
	unlink(path);
	if (s)
		fail_msg("schema accepted, expected \"%s\"", want);
	assert_non_null(err.data);
	if (!strstr(err.data, path) || !strstr(err.data, want))
		fail_msg("message \"%s\" lacks the path or \"%s\"", err.data, want);
	strbuf_free(&err);
}

static const char people[] =
	"{\"fields\": ["
	"{\"name\": \"ma\", \"title\": \"Mã\", \"constraints\": {\"required\": true, \"pattern\": \"[A-Z0-9]{1,5}\"}},"
	"{\"name\": \"ten\", \"constraints\": {\"minLength\": 2, \"maxLength\": 6}},"
	"{\"name\": \"loai\", \"constraints\": {\"enum\": [\"0\", \"1\"]}, \"type\": \"integer\"},"
	"{\"name\": \"vao\", \"type\": \"date\", \"format\": \"any\"},"
	"{\"name\": \"ct\", \"type\": \"date\", \"format\": \"any\"},"
	"{\"name\": \"so\", \"type\": \"integer\", \"groupChar\": \".\", \"constraints\": {\"minimum\": 0, \"maximum\": 5000}},"
	"{\"name\": \"diem\", \"type\": \"number\", \"decimalChar\": \",\"}"
	"], \"primaryKey\": \"ma\","
	"\"rules\": ["
	"{\"check\": \"required\", \"field\": \"vao\", \"when\": {\"field\": \"loai\", \"equals\": \"1\"}, \"message\": \"m1\"},"
	"{\"check\": \"compare\", \"field\": \"ct\", \"op\": \">=\", \"other\": \"vao\", \"message\": \"m2\"},"
	"{\"check\": \"months\", \"field\": \"ct\", \"other\": \"vao\", \"months\": 12, \"severity\": \"warning\", \"message\": \"m3\"}"
	"]}";

static enum schema_problem check(struct schema *s, const char *field, const char *v,
				 const char *want)
{
	struct strbuf out = {0};
	double num;
	long f = schema_field_index(s, field);
	assert_true(f >= 0);
	enum schema_problem p = schema_check_cell(s, &s->fields[f], v, strlen(v), &out, &num);
	if (p == CELL_OK && want)
		assert_string_equal(out.data ? out.data : "", want);
	strbuf_free(&out);
	return p;
}

static void cells(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	assert_int_equal(s->nfields, 7);
	assert_string_equal(s->fields[0].title, "Mã");
	assert_string_equal(s->fields[1].title, "ten");
	assert_int_equal(check(s, "ma", "AB12", "AB12"), CELL_OK);
	assert_int_equal(check(s, "ma", "ab12", NULL), CELL_PATTERN);
	assert_int_equal(check(s, "ma", "ABCDEF", NULL), CELL_PATTERN); /* anchored */
	assert_int_equal(check(s, "ma", "", NULL), CELL_REQUIRED);
	assert_int_equal(check(s, "ten", "Ân", "Ân"), CELL_OK);         /* 2 characters, 3 bytes */
	assert_int_equal(check(s, "ten", "Nguyễn", NULL), CELL_OK);     /* 6 characters, 8 bytes */
	assert_int_equal(check(s, "ten", "Nguyễnn", NULL), CELL_MAX_LENGTH);
	assert_int_equal(check(s, "ten", "A", NULL), CELL_MIN_LENGTH);
	assert_int_equal(check(s, "loai", "2", NULL), CELL_ENUM);
	assert_int_equal(check(s, "loai", "x", NULL), CELL_TYPE);
	assert_int_equal(check(s, "vao", "09/01/2022", "2022-01-09"), CELL_OK);
	assert_int_equal(check(s, "vao", "2022-01-09", "2022-01-09"), CELL_OK);
	assert_int_equal(check(s, "vao", "9.1.2022", NULL), CELL_TYPE);
	assert_int_equal(check(s, "so", "3.481", "3481"), CELL_OK);
	assert_int_equal(check(s, "so", "5.001", NULL), CELL_MAXIMUM);
	assert_int_equal(check(s, "so", "-1", NULL), CELL_MINIMUM);
	assert_int_equal(check(s, "so", "0.007", "7"), CELL_OK);      /* the plain form */
	assert_int_equal(check(s, "so", "-0", "0"), CELL_OK);
	/* beyond 2^53: too large, not "not an integer" (and before the maximum) */
	assert_int_equal(check(s, "so", "12345678901234567", NULL), CELL_TOO_LARGE);
	assert_int_equal(check(s, "so", "9.007.199.254.740.993", NULL), CELL_TOO_LARGE);
	assert_int_equal(check(s, "diem", "99,8", "99.8"), CELL_OK);
	assert_int_equal(check(s, "diem", "", ""), CELL_OK); /* missing, not required */
	schema_free(s);
}

/* Turns a row of texts (NULL = empty) into normal values, as the validator does. */
struct row {
	struct schema_value v[7];
	char text[7][32];
};

static void set_row(struct schema *s, struct row *r, const char *cells[7])
{
	for (size_t f = 0; f < 7; f++) {
		struct strbuf out = {0};
		r->v[f].str = NULL;
		if (!cells[f])
			continue;
		assert_int_equal(schema_check_cell(s, &s->fields[f], cells[f], strlen(cells[f]),
						   &out, &r->v[f].num),
				 CELL_OK);
		snprintf(r->text[f], sizeof r->text[f], "%s", out.data);
		r->v[f].str = r->text[f];
		r->v[f].len = out.len;
		strbuf_free(&out);
	}
}

static int holds(struct schema *s, size_t rule, const char *cells[7])
{
	struct row r;
	set_row(s, &r, cells);
	return schema_rule_holds(s, &s->rules[rule], r.v, 2022);
}

static void rules(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	const char *row[7] = {"A1", "An", "1", NULL, NULL, NULL, NULL};
	assert_false(holds(s, 0, row)); /* member without date */
	row[3] = "10/03/2020";
	assert_true(holds(s, 0, row));
	row[4] = "2020-03-09";
	assert_false(holds(s, 1, row)); /* ct before vao */
	row[4] = "2021-03-09";
	assert_true(holds(s, 1, row));
	assert_false(holds(s, 2, row)); /* a day short of 12 months */
	row[4] = "10/03/2021";
	assert_true(holds(s, 2, row));
	row[2] = "0";
	row[3] = NULL;
	assert_true(holds(s, 0, row));
	schema_free(s);
}

static void month_end_probation(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	const char *row[7] = {"A1", "An", "1", "2020-01-31", "2021-01-30", NULL, NULL};
	assert_false(holds(s, 2, row));
	row[4] = "2021-01-31";
	assert_true(holds(s, 2, row));
	row[3] = "2019-02-28"; /* + 12 months = 2020-02-28 */
	row[4] = "2020-02-28";
	assert_true(holds(s, 2, row));
	row[3] = "2019-03-31"; /* + 11 months would be 2020-02-29, the month's last day */
	schema_free(s);
}

static void simple_patterns_agree_with_regex(void **state)
{
	(void)state;
	const char *pats[] = {"[A-Z0-9][A-Z0-9_-]{0,31}", "[A-Z0-9]{1,20}", "[a-z_]{2,40}",
			      "TC[0-9]+", "a?b*c", "[0-9]{3}-[A-Z]{2}", "[A-Z]{0,999}"};
	const char *vals[] = {"TC01", "TC 01", "", "../TC", "A", "tc01", "TC0001-CB01",
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "chuyen_doi_so", "x",
			      "TC", "TC123", "bbbc", "ac", "c", "abbc", "123-QĐ", "123-AB", "Đ"};
	for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
		char *json = xasprintf("{\"fields\": [{\"name\": \"x\", \"constraints\": {\"pattern\": \"%s\"}}]}",
				       pats[i]);
		struct schema *s = load_text(json);
		assert_non_null(s->fields[0].fast_pattern);
		regex_t re;
		char *anchored = xasprintf("^(%s)$", pats[i]);
		assert_int_equal(regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB), 0);
		for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) {
			struct strbuf out = {0};
			double num;
			int fast = schema_check_cell(s, &s->fields[0], vals[k], strlen(vals[k]),
						     &out, &num) == CELL_OK;
			int slow = vals[k][0] == '\0' || regexec(&re, vals[k], 0, NULL, 0) == 0;
			if (fast != slow)
				fail_msg("pattern %s, value \"%s\": fast %d, regex %d", pats[i],
					 vals[k], fast, slow);
			strbuf_free(&out);
		}
		regfree(&re);
		free(anchored);
		free(json);
		schema_free(s);
	}
}

/* The rows of xep_loai: doi_tuong says whether ma is an organisation's code. */
#define RATING_FIELDS \
	"{\"fields\": [{\"name\": \"nam\", \"type\": \"year\"}, {\"name\": \"doi_tuong\"}, {\"name\": \"ma\"}]"

/* Does s's first organisationField condition hold when doi_tuong is v (NULL: empty)? */
static int names_organisation(const struct schema *s, const char *v)
{
	struct schema_value values[3] = {{"2022", 4, 2022}, {v, v ? strlen(v) : 0, 0}, {"TC01", 4, 0}};
	return schema_when_holds(s, &s->orgs[0].when, values);
}

static void organisation_field(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	assert_int_equal(s->norgs, 0); /* none */
	schema_free(s);

	s = load_text(RATING_FIELDS ", \"organisationField\": \"ma\"}");
	assert_int_equal(s->norgs, 1);
	assert_int_equal(s->orgs[0].field, 2);
	assert_int_equal(s->orgs[0].when.nconds, 0); /* every row */
	assert_null(s->orgs[0].lookup_resource);
	assert_true(names_organisation(s, "dang_vien"));
	schema_free(s);

	/* the short condition: field name to value */
	s = load_text(RATING_FIELDS ", \"organisationField\": "
		      "{\"field\": \"ma\", \"when\": {\"doi_tuong\": \"to_chuc\"}}}");
	assert_int_equal(s->orgs[0].field, 2);
	assert_int_equal(s->orgs[0].when.nconds, 1);
	assert_int_equal(s->orgs[0].when.conds[0].field, 1);
	assert_true(names_organisation(s, "to_chuc"));
	assert_false(names_organisation(s, "dang_vien"));
	assert_false(names_organisation(s, NULL));
	schema_free(s);

	/* ... to one of a list */
	s = load_text(RATING_FIELDS ", \"organisationField\": "
		      "{\"field\": \"ma\", \"when\": {\"doi_tuong\": [\"to_chuc\", \"chi_bo\"]}}}");
	assert_true(names_organisation(s, "chi_bo"));
	assert_false(names_organisation(s, "dang_vien"));
	schema_free(s);

	/* the condition as keys and rules write it */
	s = load_text(RATING_FIELDS ", \"organisationField\": {\"field\": \"ma\", "
		      "\"when\": {\"field\": \"doi_tuong\", \"equals\": \"to_chuc\"}}}");
	assert_true(names_organisation(s, "to_chuc"));
	assert_false(names_organisation(s, "dang_vien"));
	schema_free(s);

	/* a maintainer's mistakes name the property and the culprit */
	load_fails(RATING_FIELDS ", \"organisationField\": \"ma_to_chuc\"}",
		   "lược đồ sai ở organisationField: không có cột “ma_to_chuc”");
	load_fails(RATING_FIELDS ", \"organisationField\": {\"field\": \"ma_to_chuc\"}}",
		   "lược đồ sai ở organisationField.field: không có cột “ma_to_chuc”");
	load_fails(RATING_FIELDS ", \"organisationField\": "
		   "{\"field\": \"ma\", \"when\": {\"doi_tuongg\": \"to_chuc\"}}}",
		   "lược đồ sai ở organisationField.when: không có cột “doi_tuongg”");
	load_fails(RATING_FIELDS ", \"organisationField\": 3}",
		   "lược đồ sai ở organisationField: phải là tên một cột");
	load_fails(RATING_FIELDS ", \"organisationField\": "
		   "{\"field\": \"ma\", \"when\": {\"doi_tuong\": 1}}}",
		   "lược đồ sai ở organisationField.when: phải là một chuỗi hoặc một danh sách chuỗi");

	/* a list of ways, the second looking a member's organisation up in nhan_su */
	s = load_text(RATING_FIELDS ", \"organisationField\": ["
		      "{\"field\": \"ma\", \"when\": {\"doi_tuong\": \"to_chuc\"}},"
		      "{\"field\": \"ma\", \"when\": {\"doi_tuong\": \"dang_vien\"}, \"lookup\": "
		      "{\"resource\": \"nhan_su\", \"key\": \"ma_nguoi\", \"organisation\": \"ma_to_chuc\"}}]}");
	assert_int_equal(s->norgs, 2);
	assert_null(s->orgs[0].lookup_resource);
	assert_string_equal(s->orgs[1].lookup_resource, "nhan_su");
	assert_string_equal(s->orgs[1].lookup_key, "ma_nguoi");
	assert_string_equal(s->orgs[1].lookup_organisation, "ma_to_chuc");
	struct schema_value member[3] = {{"2022", 4, 2022}, {"dang_vien", 9, 0}, {"NS01", 4, 0}};
	assert_false(schema_when_holds(s, &s->orgs[0].when, member));
	assert_true(schema_when_holds(s, &s->orgs[1].when, member));
	schema_free(s);
	load_fails(RATING_FIELDS ", \"organisationField\": {\"field\": \"ma\", \"lookup\": "
		   "{\"resource\": \"nhan_su\", \"key\": \"ma_nguoi\"}}}",
		   "lược đồ sai ở organisationField.lookup: cần resource, key và organisation");
	load_fails(RATING_FIELDS ", \"organisationField\": {\"field\": \"ma\", \"lookup\": \"nhan_su\"}}",
		   "lược đồ sai ở organisationField.lookup: phải là một đối tượng");
	load_fails(RATING_FIELDS ", \"organisationField\": []}",
		   "lược đồ sai ở organisationField: danh sách không được rỗng");
	load_fails(RATING_FIELDS ", \"organisationField\": [\"ma\", {\"field\": \"x\"}]}",
		   "lược đồ sai ở organisationField.field: không có cột “x”");
}

/* The words clerks type for an enum value: its labels and the value, folded. */
#define SEX_FIELD(labels) \
	"{\"fields\": [{\"name\": \"gioi_tinh\", \"constraints\": {\"enum\": [\"nam\", \"nu\"]}" labels "}," \
	"{\"name\": \"la_dang_vien\", \"type\": \"integer\", \"constraints\": {\"enum\": [\"0\", \"1\"]}," \
	"\"enumLabels\": {\"1\": [\"Có\", \"Đảng viên\"], \"0\": \"Không\"}}," \
	"{\"name\": \"muc\", \"constraints\": {\"enum\": [\"HTXSNV\", \"HTTNV\"]}," \
	"\"enumLabels\": {\"HTXSNV\": \"Hoàn thành xuất sắc nhiệm vụ\"}}," \
	"{\"name\": \"ly_do\", \"constraints\": {\"enum\": [\"chuyen_di\", \"nghi_huu\"], \"maxLength\": 9}}]}"

static void enum_labels(void **state)
{
	(void)state;
	struct schema *s = load_text(SEX_FIELD(", \"enumLabels\": {\"nam\": \"Nam\", \"nu\": \"Nữ\"}"));
	const struct schema_field *f = &s->fields[0];
	assert_string_equal(f->enum_labels[0], "Nam");
	assert_string_equal(f->enum_labels[1], "Nữ");
	/* the value itself, the label, its case and diacritic variants: valid/ gets the value */
	const char *female[] = {"nu", "Nữ", "nữ", "NỮ", "Nu", "NU", "nu\xCC\x9B\xCC\x83"};
	for (size_t i = 0; i < sizeof female / sizeof *female; i++)
		assert_int_equal(check(s, "gioi_tinh", female[i], "nu"), CELL_OK);
	assert_int_equal(check(s, "gioi_tinh", "Nam", "nam"), CELL_OK);
	assert_int_equal(check(s, "gioi_tinh", "NAM", "nam"), CELL_OK);
	assert_int_equal(check(s, "gioi_tinh", "Nư", "nu"), CELL_OK); /* a mark off: folds alike */
	assert_int_equal(check(s, "gioi_tinh", "nữ giới", NULL), CELL_ENUM);
	assert_int_equal(check(s, "gioi_tinh", "x", NULL), CELL_ENUM);
	assert_int_equal(schema_enum_find(f, "Nữ", strlen("Nữ")), 1);
	assert_int_equal(schema_enum_find(f, "N\xFF", 2), -1); /* not UTF-8: no match, no crash */
	/* a number field: the word stands for its number, checked as a number */
	assert_int_equal(check(s, "la_dang_vien", "Có", "1"), CELL_OK);
	assert_int_equal(check(s, "la_dang_vien", "CÓ", "1"), CELL_OK);
	assert_int_equal(check(s, "la_dang_vien", "đảng viên", "1"), CELL_OK);
	assert_int_equal(check(s, "la_dang_vien", "không", "0"), CELL_OK);
	assert_int_equal(check(s, "la_dang_vien", "1", "1"), CELL_OK);
	assert_int_equal(check(s, "la_dang_vien", "2", NULL), CELL_ENUM);
	assert_int_equal(check(s, "la_dang_vien", "có lẽ", NULL), CELL_TYPE);
	/* long labels; separators alike */
	assert_int_equal(check(s, "muc", "Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"), CELL_OK);
	assert_int_equal(check(s, "muc", "hoàn thành  xuất sắc nhiệm vụ", "HTXSNV"), CELL_OK);
	assert_int_equal(check(s, "muc", "htxsnv", "HTXSNV"), CELL_OK);
	assert_int_equal(check(s, "muc", "Hoàn thành tốt nhiệm vụ", NULL), CELL_ENUM); /* no label */
	/* without labels the values themselves still fold; later checks see the value */
	assert_int_equal(check(s, "ly_do", "Chuyển đi", "chuyen_di"), CELL_OK);
	assert_int_equal(check(s, "ly_do", "NGHỈ HƯU", "nghi_huu"), CELL_OK);
	assert_int_equal(check(s, "ly_do", "chuyen-di", "chuyen_di"), CELL_OK);
	assert_null(s->fields[3].enum_labels[0]);
	/* room for the longest value of each enum (valid/'s line is built in place) */
	assert_int_equal(s->enum_room, 3 + 1 + 6 + 9);
	schema_free(s);

	/* mistakes */
	load_fails(SEX_FIELD(", \"enumLabels\": {\"nu\": \"Nữ\", \"nam\": \"nữ\"}"),
		   "lược đồ sai ở enumLabels: “nữ” của cột gioi_tinh giống “nu” khi bỏ dấu");
	load_fails(SEX_FIELD(", \"enumLabels\": {\"nu\": \"Nữ\", \"khac\": \"Khác\"}"),
		   "lược đồ sai ở enumLabels: “khac” không có trong enum của cột gioi_tinh");
	load_fails(SEX_FIELD(", \"enumLabels\": {\"nu\": 1}"),
		   "lược đồ sai ở enumLabels: phải là một chuỗi hoặc một danh sách chuỗi");
	load_fails(SEX_FIELD(", \"enumLabels\": {\"nu\": []}"),
		   "cần đúng một mục");
	load_fails(SEX_FIELD(", \"enumLabels\": {\"nu\": \" - \"}"),
		   "nhãn “ - ” của cột gioi_tinh phải là chữ UTF-8, không để trống");
	load_fails(SEX_FIELD(", \"enumLabels\": [\"Nam\", \"Nữ\"]"),
		   "lược đồ sai ở enumLabels: phải là một đối tượng");
	load_fails("{\"fields\": [{\"name\": \"a\", \"enumLabels\": {\"x\": \"X\"}}]}",
		   "lược đồ sai ở a: enumLabels cần constraints.enum");
	load_fails("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"required\": true}, \"enumLabels\": {\"x\": \"X\"}}]}",
		   "lược đồ sai ở a: enumLabels cần constraints.enum");
	load_fails("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"enum\": [\"DUK\", \"duk\"]}}]}",
		   "lược đồ sai ở enum: “duk” của cột a giống “DUK”");
}

/* A date written as one but missing from the calendar is its own problem. */
static void no_such_day(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	assert_int_equal(check(s, "vao", "31/02/2022", NULL), CELL_NO_SUCH_DAY);
	assert_int_equal(check(s, "vao", "2022-13-01", NULL), CELL_NO_SUCH_DAY);
	assert_int_equal(check(s, "vao", "1.1.2010", NULL), CELL_TYPE);
	assert_int_equal(check(s, "vao", "29/02/2024", "2024-02-29"), CELL_OK);
	schema_free(s);
}

/* A header may name a field by its name or its title, folded. */
static void header_labels(void **state)
{
	(void)state;
	struct schema *s = load_text(
		"{\"fields\": [{\"name\": \"ma_nguoi\", \"title\": \"Mã người\"},"
		"{\"name\": \"ho_ten\", \"title\": \"Họ và tên\"}, {\"name\": \"ten\"}]}");
	const char *for_ho_ten[] = {"ho_ten", "Họ và tên", "HỌ VÀ TÊN", "ho va ten", "Ho_Ten", "HO-TEN"};
	for (size_t i = 0; i < sizeof for_ho_ten / sizeof *for_ho_ten; i++)
		assert_int_equal(schema_field_for_label(s, for_ho_ten[i], strlen(for_ho_ten[i])), 1);
	assert_int_equal(schema_field_for_label(s, "Mã người", strlen("Mã người")), 0);
	assert_int_equal(schema_field_for_label(s, "ma nguoi", 8), 0);
	assert_int_equal(schema_field_for_label(s, "TEN", 3), 2);
	assert_int_equal(schema_field_for_label(s, "Họ tên", strlen("Họ tên")), 1); /* its name, with marks */
	assert_int_equal(schema_field_for_label(s, "Tên họ", strlen("Tên họ")), -1);
	assert_int_equal(schema_field_for_label(s, "ghi chú", strlen("ghi chú")), -1);
	assert_int_equal(schema_field_for_label(s, "", 0), -1);
	schema_free(s);
	load_fails("{\"fields\": [{\"name\": \"ma\", \"title\": \"Mã\"}, {\"name\": \"mã\"}]}",
		   "lược đồ sai ở fields: cột “ma” và cột “mã” có tên hoặc tiêu đề giống nhau");
	load_fails("{\"fields\": [{\"name\": \"a\", \"title\": \"Số\"}, {\"name\": \"b\", \"title\": \"số\"}]}",
		   "cột “a” và cột “b” có tên hoặc tiêu đề giống nhau");
}

/* recordLabel: parts, alternatives, prefixes. */
static void record_label(void **state)
{
	(void)state;
	struct schema *s = load_text(
		"{\"fields\": [{\"name\": \"so\"}, {\"name\": \"nguoi\"}, {\"name\": \"to_chuc\"},"
		"{\"name\": \"thang\", \"type\": \"integer\"}],"
		"\"recordLabel\": [\"so\", [\"nguoi\", \"to_chuc\"], {\"field\": \"thang\", \"prefix\": \"tháng \"}]}");
	assert_int_equal(s->nlabel, 3);
	assert_int_equal(s->label[0].nfields, 1);
	assert_int_equal(s->label[0].fields[0], 0);
	assert_string_equal(s->label[0].prefix, "");
	assert_int_equal(s->label[1].nfields, 2);
	assert_int_equal(s->label[1].fields[1], 2);
	assert_string_equal(s->label[2].prefix, "tháng ");
	assert_int_equal(s->label[2].fields[0], 3);
	schema_free(s);
	s = load_text(RATING_FIELDS ", \"recordLabel\": \"ma\"}");
	assert_int_equal(s->nlabel, 1);
	assert_int_equal(s->label[0].fields[0], 2);
	schema_free(s);
	load_fails(RATING_FIELDS ", \"recordLabel\": [\"ma\", \"ten\"]}",
		   "lược đồ sai ở recordLabel: không có cột “ten”");
	load_fails(RATING_FIELDS ", \"recordLabel\": 1}",
		   "lược đồ sai ở recordLabel: phải là tên một cột hoặc một danh sách");
	load_fails(RATING_FIELDS ", \"recordLabel\": [{\"prefix\": \"x\"}]}",
		   "lược đồ sai ở recordLabel: thiếu field");
	load_fails(RATING_FIELDS ", \"recordLabel\": [{\"field\": \"ma\", \"prefix\": 2}]}",
		   "lược đồ sai ở recordLabel.prefix: phải là một chuỗi");
}

/* The typed value of a field, as the validator would give it: here the field's name in capitals. */
static void shout(void *ctx, size_t field, struct strbuf *out)
{
	const struct schema *s = ctx;
	for (const char *p = s->fields[field].name; *p; p++)
		strbuf_addc(out, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
}

/* Messages show the row's values through "{field}"; a wrong name is a schema error. */
static void message_placeholders(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	struct strbuf b = {0};
	assert_int_equal(schema_expand(s, "{ct} trước {vao}", shout, s, &b), 2);
	assert_string_equal(b.data, "CT trước VAO");
	strbuf_reset(&b);
	assert_int_equal(schema_expand(s, "{} {x y} {ct", shout, s, &b), 0);
	assert_string_equal(b.data, "{} {x y} {ct");
	strbuf_reset(&b);
	assert_int_equal(schema_expand(s, "", shout, s, &b), 0);
	assert_string_equal(b.data, "");
	strbuf_free(&b);
	schema_free(s);
	load_fails("{\"fields\": [{\"name\": \"a\", \"type\": \"date\"}, {\"name\": \"b\", \"type\": \"date\"}],"
		   "\"rules\": [{\"check\": \"compare\", \"field\": \"a\", \"op\": \"<\", \"other\": \"b\","
		   "\"message\": \"A ({a}) trước B ({c})\"}]}",
		   "lược đồ sai ở rules.message: “{c}” không phải tên một cột");
	load_fails("{\"fields\": [{\"name\": \"a\"}], \"foreignKeys\": [{\"fields\": \"a\","
		   "\"reference\": {\"resource\": \"x\", \"fields\": \"a\"}, \"missingMessage\": \"{ma} không có\"}]}",
		   "lược đồ sai ở foreignKeys.missingMessage: “{ma}” không phải tên một cột");
}

/* Every kind of mistake a maintainer can make is refused with its key named. */
static void bad_schemas(void **state)
{
	(void)state;
#define F2 "\"fields\": [{\"name\": \"a\", \"type\": \"integer\"}, {\"name\": \"b\", \"type\": \"date\"}]"
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"[]", "phải là một đối tượng JSON"},
		{"{}", "ở fields: phải là một danh sách cột không rỗng"},
		{"{\"fields\": [{\"type\": \"string\"}]}", "ở fields: mỗi cột phải có name"},
		{"{\"fields\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", "cột “a” bị lặp"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"bignum\"}]}", "ở a: kiểu “bignum” không được hỗ trợ"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"number\", \"decimalChar\": \".\", \"groupChar\": \".\"}]}",
		 "decimalChar và groupChar phải khác nhau"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"[\"}}]}", "pattern không phải biểu thức"},
		/* found by fuzz_schema: regcomp unrolled these into gigabytes */
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"a{1,32767}\"}}]}", "ở a: pattern quá lớn"},
		/* stacked quantifiers double what they repeat (found by fuzz_schema: gigabytes) */
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"t++++++++++++++++++++\"}}]}", "ở a: pattern quá lớn"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"a{40}{40}\"}}]}", "ở a: pattern quá lớn"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"((a{0,255}){0,255}){0,255}\"}}]}",
		 "ở a: pattern quá lớn"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"[[:alpha:]](x|y{2,}){300}[0-9]{3}\"}}]}",
		 "ở a: pattern quá lớn"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"(a{2}\"}}]}", "pattern không phải biểu thức"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"enum\": [\"x\", 1]}}]}", "ở enum: danh sách chỉ được chứa chuỗi"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"date\", \"constraints\": {\"minimum\": \"x\"}}]}",
		 "ở minimum: phải là một ngày"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"maxLength\": \"x\"}}]}", "ở maxLength: phải là một số"},
		/* found by fuzz_schema: too large a count was converted to long before any check */
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"maxLength\": 1e300}}]}",
		 "ở maxLength: phải từ 0 đến 1000000000"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"minLength\": -1e19}}]}",
		 "ở minLength: phải từ 0 đến 1000000000"},
		{"{\"fields\": [{\"name\": \"a\"}], \"missingValues\": [\"\", 0]}", "ở missingValues"},
		{"{" F2 ", \"primaryKey\": [\"a\", \"c\"]}", "ở primaryKey: không có cột “c”"},
		{"{" F2 ", \"foreignKeys\": [{\"fields\": \"a\"}]}", "thiếu reference.resource"},
		{"{" F2 ", \"foreignKeys\": [{\"fields\": \"a\", \"reference\": {\"resource\": \"x\", \"fields\": [\"p\", \"q\"]}}]}",
		 "phải có cùng số cột"},
		{"{" F2 ", \"foreignKeys\": [{\"fields\": \"a\", \"reference\": {\"resource\": \"x\", \"fields\": \"p\", "
		 "\"where\": {\"activeDuringPeriod\": [\"s\"]}}}]}", "activeDuringPeriod: phải là [cột ngày bắt đầu"},
		{"{" F2 ", \"foreignKeys\": [{\"fields\": \"a\", \"reference\": {\"resource\": \"x\", \"fields\": \"p\", "
		 "\"where\": {}}}]}", "cần field và in"},
		{"{" F2 ", \"foreignKeys\": [{\"fields\": \"a\", \"reference\": {\"resource\": \"x\", \"fields\": \"p\"}, "
		 "\"when\": {\"field\": \"a\"}}]}", "cần một trong equals"},
		{"{" F2 ", \"rules\": [{\"check\": \"compare\", \"field\": \"a\", \"other\": \"b\", \"op\": \"<\", \"message\": \"m\"}]}",
		 "compare cần hai cột số"},
		{"{" F2 ", \"rules\": [{\"check\": \"compare\", \"field\": \"a\", \"other\": \"a\", \"op\": \"=>\", \"message\": \"m\"}]}",
		 "phép so sánh “=>” không hợp lệ"},
		{"{" F2 ", \"rules\": [{\"check\": \"months\", \"field\": \"b\", \"other\": \"b\", \"months\": -1, \"message\": \"m\"}]}",
		 "ở rules.months: phải từ 0 đến 1200"},
		{"{" F2 ", \"rules\": [{\"check\": \"months\", \"field\": \"b\", \"other\": \"b\", \"months\": 1e19, \"message\": \"m\"}]}",
		 "ở rules.months: phải từ 0 đến 1200"},
		{"{" F2 ", \"rules\": [{\"check\": \"sum\", \"field\": \"a\", \"message\": \"m\"}]}", "loại kiểm tra “sum” không có"},
		{"{" F2 ", \"rules\": [{\"field\": \"a\"}]}", "mỗi quy tắc cần check và message"},
		{"{" F2 ", \"rules\": [{\"check\": \"required\", \"field\": \"a\", \"message\": \"m\", "
		 "\"when\": {\"field\": \"b\", \"min\": \"x\"}}]}", "ở when.min/max: phải là một số"},
		{"{" F2 ", \"hierarchy\": {\"parent\": \"a\", \"type\": \"b\", \"rootTypes\": \"R\", \"allowedParents\": 1}}",
		 "allowedParents: phải là một đối tượng"},
		{"{" F2 ", \"hierarchy\": {\"parent\": \"a\", \"type\": \"b\", \"rootTypes\": \"R\", \"allowedParents\": {\"C\": 2}}}",
		 "ở allowedParents: phải là một chuỗi"},
	};
#undef F2
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		load_fails(cases[i].json, cases[i].want);

	/* a missing file and malformed JSON are refused the same way */
	struct strbuf err = {0};
	assert_null(schema_load("/nonexistent/x.json", &err));
	assert_non_null(strstr(err.data, "/nonexistent/x.json"));
	strbuf_free(&err);
	load_fails("{\"fields\": [", "JSON");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cells),
		cmocka_unit_test(rules),
		cmocka_unit_test(month_end_probation),
		cmocka_unit_test(simple_patterns_agree_with_regex),
		cmocka_unit_test(organisation_field),
		cmocka_unit_test(enum_labels),
		cmocka_unit_test(no_such_day),
		cmocka_unit_test(header_labels),
		cmocka_unit_test(record_label),
		cmocka_unit_test(message_placeholders),
		cmocka_unit_test(bad_schemas),
	};
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
