/*
 * sha256: a thin layer over nettle's SHA-256 (see sha256.h). nettle's own
 * names (sha256_init, sha256_update, sha256_digest, struct sha256_ctx) are
 * macros and types of its header, which is why ours are named otherwise.
 */
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct sha256 {
	struct sha256_ctx ctx;
};

struct sha256 *sha256_new(void)
{
	struct sha256 *s = xmalloc(sizeof *s);
	sha256_init(&s->ctx);
	return s;
}

void sha256_add(struct sha256 *s, const void *data, size_t len)
{
	sha256_update(&s->ctx, len, data);
}

/* Writes the 32 bytes of a digest as 64 lower-case hex digits and a NUL. */
static void to_hex(const unsigned char digest[SHA256_DIGEST_SIZE], char hex[SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

void sha256_finish_hex(struct sha256 *s, char hex[SHA256_HEX_SIZE])
{
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_digest(&s->ctx, SHA256_DIGEST_SIZE, digest); /* also starts it again */
	to_hex(digest, hex);
}

void sha256_free(struct sha256 *s)
{
	free(s);
}

void sha256_of(const void *data, size_t len, char hex[SHA256_HEX_SIZE])
{
	struct sha256 s;
	sha256_init(&s.ctx);
	sha256_add(&s, data, len);
	sha256_finish_hex(&s, hex);
}

int sha256_of_file(const char *path, char hex[SHA256_HEX_SIZE])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct sha256 s;
	sha256_init(&s.ctx);
	char buf[1 << 16];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		sha256_add(&s, buf, (size_t)n);
	}
	close(fd);
	sha256_finish_hex(&s, hex);
	return 0;
}

int sha256_hex_ok(const char *s)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 64;
}
