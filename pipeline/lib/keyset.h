/*
 * keyset: a compact hash set of byte-string keys, each with a 32-bit value
 * (a row number, a flag). It holds the primary, unique and referenced keys
 * of large files, so it is built for memory: one 8-byte slot per key at
 * most 3/4 full, and the key bytes packed in an arena (about 20 + key length
 * bytes per key in all). Composite keys are their fields joined by NUL bytes.
 * The set owns copies of its keys; keyset_free releases everything.
 *
 * Threads: a set may be read (the find functions) from several threads at
 * once, except one that defers slots (keyset_defer_slots): that one only
 * after keyset_index and until the next add, since a look-up may build the
 * slots of keys added in order.
 */
#ifndef BAOCAO_KEYSET_H
#define BAOCAO_KEYSET_H

#include <stddef.h>
#include <stdint.h>

struct keyset;

struct keyset *keyset_new(void);
void keyset_free(struct keyset *s);

/*
 * Adds key[0..len) with value. Returns 1 when added; 0 when the key was
 * already there, leaving it unchanged and setting *existing (if not NULL)
 * to its value.
 */
int keyset_add(struct keyset *s, const char *key, size_t len, uint32_t value,
	       uint32_t *existing);

/* Sets the value of a key already in the set; returns 0 when it is not there. */
int keyset_update(struct keyset *s, const char *key, size_t len, uint32_t value);

/* Returns 1 and sets *value (if not NULL) when key is in the set, else 0. */
int keyset_find(const struct keyset *s, const char *key, size_t len, uint32_t *value);

/*
 * The same operations with the key's hash computed once by the caller, who
 * may call keyset_prefetch early so that the slot is in cache when needed.
 */
uint64_t keyset_hash(const char *key, size_t len);
void keyset_prefetch(const struct keyset *s, uint64_t hash);
int keyset_add_hashed(struct keyset *s, const char *key, size_t len, uint64_t hash,
		      uint32_t value, uint32_t *existing);
int keyset_find_hashed(const struct keyset *s, const char *key, size_t len, uint64_t hash,
		       uint32_t *value);

/*
 * Like keyset_find, for a caller that looks keys up in about the order they
 * were added (a file listed in the order of the file it refers to): the few
 * keys added right after the one at *cursor are tried first, read straight
 * through, before the hash table, whose look-ups land at random. Sets
 * *cursor to the key found, if any (start with 0). The cursor belongs to
 * the caller, one per thread.
 */
int keyset_find_from(const struct keyset *s, const char *key, size_t len, uint32_t *value,
		     uint32_t *cursor);

/*
 * From now on, keys added in increasing order (shorter first, then in byte
 * order) are only appended: they get their slots when a look-up or a key
 * out of order needs them, all at once. A file listed in the order of its
 * keys then fills the set without a random access a key, and a set that is
 * never looked up never builds its table. See the top of this file for
 * threads.
 */
void keyset_defer_slots(struct keyset *s);

/*
 * Gives every key added in order its slot now, so that the set can be read
 * from several threads (see the top of this file).
 */
void keyset_index(struct keyset *s);

size_t keyset_count(const struct keyset *s);
/* Bytes allocated for slots and keys. */
size_t keyset_memory(const struct keyset *s);

#endif
