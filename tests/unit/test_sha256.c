/*
 * Unit tests for sha256: the FIPS 180-2 digests of bytes, of a stream of
 * pieces (cut anywhere, and started again by sha256_finish_hex) and of a
 * file larger than the read block; a missing file; the hex check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sha256.h"

static const char *const empty_digest =
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char *const abc_digest =
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char *const two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char *const two_blocks_digest =
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char *const million_a_digest =
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void known_digests(void **state)
{
	char hex[SHA256_HEX_SIZE];
	(void)state;
	sha256_of("", 0, hex);
	assert_string_equal(hex, empty_digest);
	sha256_of("abc", 3, hex);
	assert_string_equal(hex, abc_digest);
	sha256_of(two_blocks, strlen(two_blocks), hex);
	assert_string_equal(hex, two_blocks_digest);
}

/* Pieces cut at every point give the digest of the whole; finishing starts the digest again. */
static void pieces(void **state)
{
	char hex[SHA256_HEX_SIZE];
	size_t n = strlen(two_blocks);
	(void)state;
	struct sha256 *s = sha256_new();
	for (size_t cut = 0; cut <= n; cut++) {
		sha256_add(s, two_blocks, cut);
		sha256_add(s, two_blocks + cut, n - cut);
		sha256_finish_hex(s, hex);
		assert_string_equal(hex, two_blocks_digest);
	}
	sha256_finish_hex(s, hex); /* nothing added since */
	assert_string_equal(hex, empty_digest);
	sha256_add(s, "a", 1);
	sha256_add(s, "", 0);
	sha256_add(s, "bc", 2);
	sha256_finish_hex(s, hex);
	assert_string_equal(hex, abc_digest);
	sha256_free(s);
	sha256_free(NULL);
}

/* A file of a million 'a' (larger than the read block): the FIPS digest; a missing file fails. */
static void file_digest(void **state)
{
	char path[] = "/tmp/test_sha256_XXXXXX", hex[SHA256_HEX_SIZE];
	(void)state;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char *a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	assert_int_equal(write(fd, a, 1000000), 1000000);
	close(fd);
	free(a);
	assert_int_equal(sha256_of_file(path, hex), 0);
	assert_string_equal(hex, million_a_digest);
	assert_true(sha256_hex_ok(hex));
	unlink(path);
	assert_int_equal(sha256_of_file(path, hex), -1);
}

static void hex_check(void **state)
{
	(void)state;
	assert_true(sha256_hex_ok(abc_digest));
	assert_false(sha256_hex_ok(""));
	assert_false(sha256_hex_ok("abc"));
	char upper[SHA256_HEX_SIZE];
	memcpy(upper, abc_digest, sizeof upper);
	upper[0] = 'B'; /* digests are written in lower case */
	assert_false(sha256_hex_ok(upper));
	char longer[SHA256_HEX_SIZE + 1];
	snprintf(longer, sizeof longer, "%s0", abc_digest);
	assert_false(sha256_hex_ok(longer));
	char bad[SHA256_HEX_SIZE];
	memcpy(bad, abc_digest, sizeof bad);
	bad[63] = 'g';
	assert_false(sha256_hex_ok(bad));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_digests),
		cmocka_unit_test(pieces),
		cmocka_unit_test(file_digest),
		cmocka_unit_test(hex_check),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
