/*
 * sha256: SHA-256 digests as lower-case hex, of bytes in memory, of a
 * stream of pieces and of files; the only user of nettle. A digest in
 * progress (struct sha256) belongs to its caller, who frees it with
 * sha256_free; the hex text is written into the caller's buffer of
 * SHA256_HEX_SIZE bytes (64 digits and a NUL).
 */
#ifndef BAOCAO_SHA256_H
#define BAOCAO_SHA256_H

#include <stddef.h>

/* Room for a digest in hex: 64 lower-case digits and the NUL. */
#define SHA256_HEX_SIZE 65

/* A digest being computed. */
struct sha256;

/* Starts a digest. Never NULL (allocation failure exits 2). */
struct sha256 *sha256_new(void);

/* Adds data[0..len) to the digest. */
void sha256_add(struct sha256 *s, const void *data, size_t len);

/*
 * Writes the digest of everything added so far to hex, and starts s again
 * from nothing (as if just made by sha256_new).
 */
void sha256_finish_hex(struct sha256 *s, char hex[SHA256_HEX_SIZE]);

/* Frees s. Accepts NULL. */
void sha256_free(struct sha256 *s);

/* The digest of data[0..len), into hex. */
void sha256_of(const void *data, size_t len, char hex[SHA256_HEX_SIZE]);

/*
 * The digest of the file at path, read in pieces, into hex. Returns 0, or
 * -1 with errno set when it cannot be opened or read.
 */
int sha256_of_file(const char *path, char hex[SHA256_HEX_SIZE]);

/* 1 when s is exactly 64 hex digits in lower case (a digest as written here). */
int sha256_hex_ok(const char *s);

#endif
