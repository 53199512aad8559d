/* Unit tests for keyset: adds, finds, duplicates, growth, composite keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "keyset.h"

static void add_and_find(void **state)
{
	(void)state;
	struct keyset *s = keyset_new();
	uint32_t v = 0;
	assert_int_equal(keyset_add(s, "NS001", 5, 7, NULL), 1);
	assert_int_equal(keyset_add(s, "NS001", 5, 9, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(keyset_find(s, "NS001", 5, &v), 1);
	assert_int_equal(v, 7);
	assert_int_equal(keyset_find(s, "NS00", 4, NULL), 0);
	assert_int_equal(keyset_update(s, "NS001", 5, 11), 1);
	assert_int_equal(keyset_find(s, "NS001", 5, &v), 1);
	assert_int_equal(v, 11);
	assert_int_equal(keyset_update(s, "NS002", 5, 1), 0);
	assert_int_equal(keyset_update(s, "NS001", 5, 7), 1);
	assert_int_equal(keyset_find(s, "NS0011", 6, NULL), 0);
	/* composite keys keep their parts apart */
	assert_int_equal(keyset_add(s, "2022\0NS1", 8, 1, NULL), 1);
	assert_int_equal(keyset_add(s, "2022N\0S1", 8, 2, NULL), 1);
	assert_int_equal(keyset_add(s, "", 0, 3, NULL), 1);
	assert_int_equal(keyset_count(s), 4);
	keyset_free(s);
	keyset_free(NULL);
}

static void grows_to_many_keys(void **state)
{
	(void)state;
	struct keyset *s = keyset_new();
	char key[32];
	for (uint32_t i = 0; i < 300000; i++) {
		int n = snprintf(key, sizeof key, "K%07u", i);
		assert_int_equal(keyset_add(s, key, (size_t)n, i, NULL), 1);
	}
	assert_int_equal(keyset_count(s), 300000);
	for (uint32_t i = 0; i < 300000; i += 7) {
		uint32_t v;
		int n = snprintf(key, sizeof key, "K%07u", i);
		assert_int_equal(keyset_find(s, key, (size_t)n, &v), 1);
		assert_int_equal(v, i);
	}
	/* the memory promise: well under 64 bytes a key */
	assert_true(keyset_memory(s) < 300000 * 48);
	keyset_free(s);
}

static void long_keys(void **state)
{
	(void)state;
	struct keyset *s = keyset_new();
	char big[1000];
	memset(big, 'x', sizeof big);
	assert_int_equal(keyset_add(s, big, sizeof big, 42, NULL), 1);
	uint32_t v;
	assert_int_equal(keyset_find(s, big, sizeof big, &v), 1);
	assert_int_equal(v, 42);
	big[999] = 'y';
	assert_int_equal(keyset_find(s, big, sizeof big, NULL), 0);
	keyset_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_and_find),
		cmocka_unit_test(grows_to_many_keys),
		cmocka_unit_test(long_keys),
	};
	return cmocka_run_group_tests_name("keyset", tests, NULL, NULL);
}
