/* Unit tests for keyset: adds, finds, duplicates, growth, composite keys, finds from a cursor,
 * keys added in order (their slots built later). */
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

/* keyset_find_from finds the same as keyset_find, in order, out of order, after gaps */
static void finds_from_a_cursor(void **state)
{
	(void)state;
	struct keyset *s = keyset_new();
	keyset_defer_slots(s);
	char k[32];
	uint32_t v, cursor = 0, again;

	for (uint32_t i = 0; i < 5000; i++) {
		int n = snprintf(k, sizeof k, "NS%07u", i * 3);
		assert_int_equal(keyset_add(s, k, (size_t)n, i, NULL), 1);
	}
	/* in order, every key, then every seventh (gaps longer than the keys tried) */
	for (uint32_t step = 1; step <= 7; step += 6) {
		cursor = 0;
		for (uint32_t i = 0; i < 5000; i += step) {
			int n = snprintf(k, sizeof k, "NS%07u", i * 3);
			v = 0;
			assert_int_equal(keyset_find_from(s, k, (size_t)n, &v, &cursor), 1);
			assert_int_equal(v, i);
			assert_int_not_equal(cursor, 0);
		}
	}
	/* backwards, and keys that are not there (the cursor stays) */
	for (uint32_t i = 5000; i-- > 0;) {
		int n = snprintf(k, sizeof k, "NS%07u", i * 3);
		assert_int_equal(keyset_find_from(s, k, (size_t)n, &v, &cursor), 1);
		assert_int_equal(v, i);
		n = snprintf(k, sizeof k, "NS%07u", i * 3 + 1);
		again = cursor;
		assert_int_equal(keyset_find_from(s, k, (size_t)n, &v, &cursor), 0);
		assert_int_equal(cursor, again);
	}
	/* a prefix or an extension of the next key is not it */
	cursor = 0;
	assert_int_equal(keyset_find_from(s, "NS000000", 8, &v, &cursor), 0);
	assert_int_equal(keyset_find_from(s, "NS00000000", 10, &v, &cursor), 0);
	assert_int_equal(keyset_find_from(s, "NS0000000", 9, &v, &cursor), 1);
	assert_int_equal(v, 0);
	/* the last key: nothing after it */
	assert_int_equal(keyset_find_from(s, "NS0014997", 9, &v, &cursor), 1);
	assert_int_equal(keyset_find_from(s, "NS0014998", 9, &v, &cursor), 0);
	assert_int_equal(keyset_find_from(s, "NS0014997", 9, &v, &cursor), 1);
	assert_int_equal(v, 4999);
	/* an empty set */
	keyset_free(s);
	s = keyset_new();
	cursor = 0;
	assert_int_equal(keyset_find_from(s, "NS1", 3, &v, &cursor), 0);
	assert_int_equal(cursor, 0);
	keyset_free(s);
}

/* keys added in order, then out of order, then in order again: nothing lost, duplicates found */
static void keys_in_order(void **state)
{
	(void)state;
	struct keyset *s = keyset_new();
	keyset_defer_slots(s);
	char k[32];
	uint32_t v = 0;

	for (uint32_t i = 0; i < 20000; i++) { /* in order: pending */
		int n = snprintf(k, sizeof k, "NS%07u", i * 2);
		assert_int_equal(keyset_add(s, k, (size_t)n, i, NULL), 1);
	}
	/* a duplicate of a pending key, out of order: the pending keys get slots */
	assert_int_equal(keyset_add(s, "NS0000010", 9, 99, &v), 0);
	assert_int_equal(v, 5);
	/* the greatest key again is no longer greater: found, not added */
	assert_int_equal(keyset_add(s, "NS0039998", 9, 99, &v), 0);
	assert_int_equal(v, 19999);
	/* a key between two others, then in order again past the greatest */
	assert_int_equal(keyset_add(s, "NS0000011", 9, 100000, NULL), 1);
	for (uint32_t i = 20000; i < 30000; i++) {
		int n = snprintf(k, sizeof k, "NS%07u", i * 2);
		assert_int_equal(keyset_add(s, k, (size_t)n, i, NULL), 1);
	}
	/* a prefix of the greatest key sorts before it; a longer key after */
	assert_int_equal(keyset_add(s, "NS005999", 8, 7, NULL), 1);
	assert_int_equal(keyset_add(s, "NS00599980", 10, 8, NULL), 1);
	assert_int_equal(keyset_add(s, "NS00599980", 10, 9, &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(keyset_count(s), 30003);
	/* update and find see every key, pending or not */
	assert_int_equal(keyset_update(s, "NS0059996", 9, 42), 1);
	keyset_index(s);
	keyset_index(s);
	for (uint32_t i = 0; i < 30000; i++) {
		int n = snprintf(k, sizeof k, "NS%07u", i * 2);
		assert_int_equal(keyset_find(s, k, (size_t)n, &v), 1);
		assert_int_equal(v, i == 29998 ? 42 : i);
		n = snprintf(k, sizeof k, "NS%07u", i * 2 + 1);
		assert_int_equal(keyset_find(s, k, (size_t)n, NULL), i == 5);
	}
	/* codes that grow a digit stay in order; a second run below the first one */
	keyset_free(s);
	s = keyset_new();
	keyset_defer_slots(s);
	for (uint32_t i = 9999990; i < 10000010; i++) {
		int n = snprintf(k, sizeof k, "NS%u", i);
		assert_int_equal(keyset_add(s, k, (size_t)n, i, NULL), 1);
	}
	assert_int_equal(keyset_add(s, "NS9999995", 9, 0, &v), 0);
	assert_int_equal(v, 9999995);
	for (uint32_t i = 0; i < 30; i++) { /* shorter keys: a run below the table's */
		int n = snprintf(k, sizeof k, "A%02u", i);
		assert_int_equal(keyset_add(s, k, (size_t)n, i, NULL), 1);
		assert_int_equal(keyset_add(s, "NS10000005", 10, 0, &v), 0);
		assert_int_equal(v, 10000005);
	}
	assert_int_equal(keyset_add(s, "A05", 3, 0, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(keyset_count(s), 50);
	/* a duplicate of the first key of a set filled in order */
	keyset_free(s);
	s = keyset_new();
	keyset_defer_slots(s);
	assert_int_equal(keyset_add(s, "b", 1, 1, NULL), 1);
	assert_int_equal(keyset_add(s, "c", 1, 2, NULL), 1);
	assert_int_equal(keyset_add(s, "b", 1, 3, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(keyset_add(s, "", 0, 4, NULL), 1);
	assert_int_equal(keyset_add(s, "", 0, 5, &v), 0);
	assert_int_equal(v, 4);
	keyset_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_and_find),
		cmocka_unit_test(grows_to_many_keys),
		cmocka_unit_test(long_keys),
		cmocka_unit_test(finds_from_a_cursor),
		cmocka_unit_test(keys_in_order),
	};
	return cmocka_run_group_tests_name("keyset", tests, NULL, NULL);
}
