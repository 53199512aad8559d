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

static struct schema *load_text(const char *json)
{
	char path[] = "/tmp/test_schema_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
	close(fd);
	struct schema *s = schema_load(path);
	unlink(path);
	return s;
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
	long f = schema_field_index(s, field);
	assert_true(f >= 0);
	enum schema_problem p = schema_check_cell(s, &s->fields[f], v, strlen(v), &out);
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
	assert_int_equal(check(s, "diem", "99,8", "99.8"), CELL_OK);
	assert_int_equal(check(s, "diem", "", ""), CELL_OK); /* missing, not required */
	schema_free(s);
}

static void rules(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	const char *row[7] = {"A1", "An", "1", NULL, NULL, NULL, NULL};
	assert_false(schema_rule_holds(s, &s->rules[0], row, 2022)); /* member without date */
	row[3] = "2020-03-10";
	assert_true(schema_rule_holds(s, &s->rules[0], row, 2022));
	row[4] = "2020-03-09";
	assert_false(schema_rule_holds(s, &s->rules[1], row, 2022)); /* ct before vao */
	row[4] = "2021-03-09";
	assert_true(schema_rule_holds(s, &s->rules[1], row, 2022));
	assert_false(schema_rule_holds(s, &s->rules[2], row, 2022)); /* a day short of 12 months */
	row[4] = "2021-03-10";
	assert_true(schema_rule_holds(s, &s->rules[2], row, 2022));
	row[2] = "0";
	row[3] = NULL;
	assert_true(schema_rule_holds(s, &s->rules[0], row, 2022));
	schema_free(s);
}

static void month_end_probation(void **state)
{
	(void)state;
	struct schema *s = load_text(people);
	const char *row[7] = {"A1", "An", "1", "2020-01-31", "2021-01-30", NULL, NULL};
	assert_false(schema_rule_holds(s, &s->rules[2], row, 2022));
	row[4] = "2021-01-31";
	assert_true(schema_rule_holds(s, &s->rules[2], row, 2022));
	row[3] = "2019-02-28"; /* + 12 months = 2020-02-28 */
	row[4] = "2020-02-28";
	assert_true(schema_rule_holds(s, &s->rules[2], row, 2022));
	schema_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cells),
		cmocka_unit_test(rules),
		cmocka_unit_test(month_end_probation),
	};
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
