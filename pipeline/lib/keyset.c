/*
 * keyset: open addressing with linear probing. A slot holds 32 bits of the
 * key's hash and the 32-bit offset of its entry in the arena; an entry is
 * the key's length (a varint), its bytes and its 4-byte value. Offset 0
 * marks an empty slot (the arena starts with one unused byte).
 *
 * In a set that defers slots (keyset_defer_slots), keys added in
 * increasing order (shorter first, then in byte order, so
 * that NS9999998 comes before NS10000000) are only appended to the arena,
 * pending, and get their slots when one is needed (a look-up, a key out of
 * order, keyset_index), all pending keys then in one pass. A key greater
 * than the last pending one is not among them, nor in the table when it is
 * also greater than every key there; else the table is looked at, which
 * holds the keys of earlier runs only. A file listed in the order of its
 * keys is so read without a random access a record; a set nobody looks up
 * after it was filled (a file's primary keys, for duplicates) never builds
 * a large table at all.
 */
#include "keyset.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

struct slot {
	uint32_t tag;
	uint32_t off;
};

struct keyset {
	struct slot *slots;
	size_t mask;  /* slot count - 1 */
	size_t count;
	unsigned char *arena;
	size_t arena_len, arena_cap;
	uint32_t pending;      /* the first entry with no slot yet; 0: none */
	uint32_t pending_last; /* the last one, the greatest of them */
	uint32_t slots_max;    /* the greatest key with a slot; 0: none */
	int defer;             /* keys in order wait for their slots */
};

uint64_t keyset_hash(const char *p, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xFF51AFD7ED558CCDULL);

	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
		p += 8;
		n -= 8;
	}
	uint64_t w = 0;
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else if (n > 0) {
		w = (uint64_t)(unsigned char)p[0] << 16 | (uint64_t)(unsigned char)p[n / 2] << 8 |
		    (unsigned char)p[n - 1];
	}
	h = (h ^ w) * 0x94D049BB133111EBULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return h;
}

enum { HUGE_SLOTS = 1 << 18 }; /* 2 MiB of slots */

/*
 * Zeroed slots. Large tables are mapped directly and asked for huge pages:
 * every lookup lands on a random page, and with 4 KiB pages nearly each one
 * also misses the TLB.
 */
static struct slot *new_slots(size_t n)
{
	if (n < HUGE_SLOTS)
		return xcalloc(n, sizeof(struct slot));
	void *p = mmap(NULL, n * sizeof(struct slot), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		util_die_errno(EXIT_SYSTEM, "hết bộ nhớ cho %zu khóa", n);
#ifdef MADV_HUGEPAGE
	madvise(p, n * sizeof(struct slot), MADV_HUGEPAGE);
#endif
	return p;
}

static void free_slots(struct slot *slots, size_t n)
{
	if (n < HUGE_SLOTS)
		free(slots);
	else
		munmap(slots, n * sizeof(struct slot));
}

struct keyset *keyset_new(void)
{
	struct keyset *s = xcalloc(1, sizeof *s);

	s->mask = 1023;
	s->slots = new_slots(s->mask + 1);
	s->arena_cap = 4096;
	s->arena = xmalloc(s->arena_cap);
	s->arena_len = 1;
	return s;
}

void keyset_free(struct keyset *s)
{
	if (!s)
		return;
	free_slots(s->slots, s->mask + 1);
	free(s->arena);
	free(s);
}

/* Decodes the entry at off: its key and where its value is. */
static const unsigned char *entry_key(const struct keyset *s, uint32_t off, size_t *len)
{
	const unsigned char *p = s->arena + off;
	size_t n = 0;
	int shift = 0;

	while (*p & 0x80) {
		n |= (size_t)(*p++ & 0x7F) << shift;
		shift += 7;
	}
	n |= (size_t)*p++ << shift;
	*len = n;
	return p;
}

/* Returns the slot holding key, or the empty slot where it would go. */
static struct slot *probe(const struct keyset *s, const char *key, size_t len,
			  uint64_t h)
{
	uint32_t tag = (uint32_t)(h >> 32);
	size_t i = tag & s->mask;

	for (;; i = (i + 1) & s->mask) {
		struct slot *sl = &s->slots[i];
		if (sl->off == 0)
			return sl;
		if (sl->tag != tag)
			continue;
		size_t klen;
		const unsigned char *k = entry_key(s, sl->off, &klen);
		if (klen == len && memcmp(k, key, len) == 0)
			return sl;
	}
}

/* Moves the slots to a table of n slots (a power of two). */
static void resize_slots(struct keyset *s, size_t n)
{
	size_t old_n = s->mask + 1;
	struct slot *old = s->slots;

	s->mask = n - 1;
	s->slots = new_slots(n);
	for (size_t i = 0; i < old_n; i++) {
		if (old[i].off == 0)
			continue;
		size_t k = old[i].tag & s->mask;
		while (s->slots[k].off != 0)
			k = (k + 1) & s->mask;
		s->slots[k] = old[i];
	}
	free_slots(old, old_n);
}

/* The offset of the entry after the one at off. */
static uint32_t entry_next(const struct keyset *s, uint32_t off)
{
	size_t len;
	const unsigned char *k = entry_key(s, off, &len);

	return (uint32_t)(k + len + 4 - s->arena);
}

/* 1 when key[0..len) comes after the key of the entry at off: longer, or as long and greater. */
static int greater(const struct keyset *s, const char *key, size_t len, uint32_t off)
{
	size_t klen;
	const unsigned char *k = entry_key(s, off, &klen);

	return len != klen ? len > klen : memcmp(key, k, len) > 0;
}

/* 1 when the key of the entry at a comes after the key of the one at b. */
static int greater_entry(const struct keyset *s, uint32_t a, uint32_t b)
{
	size_t len;
	const unsigned char *k = entry_key(s, a, &len);

	return greater(s, (const char *)k, len, b);
}

enum { INDEX_AHEAD = 16 }; /* entries whose slot is asked for ahead of filling it */

/*
 * Gives the pending keys their slots, in one pass: they are all new and
 * distinct, so each takes the first empty slot from its place.
 */
static void index_pending(struct keyset *s)
{
	size_t n = s->mask + 1;

	while (s->count * 4 > n * 3)
		n *= 2;
	if (n > s->mask + 1)
		resize_slots(s, n);
	uint32_t off = s->pending, ahead = s->pending;
	for (int i = 0; i < INDEX_AHEAD && ahead < s->arena_len; i++)
		ahead = entry_next(s, ahead);
	while (off < s->arena_len) {
		size_t len;
		const unsigned char *k;
		if (ahead < s->arena_len) {
			k = entry_key(s, ahead, &len);
			uint64_t h = keyset_hash((const char *)k, len);
			__builtin_prefetch(&s->slots[(uint32_t)(h >> 32) & s->mask], 1);
			ahead = (uint32_t)(k + len + 4 - s->arena);
		}
		k = entry_key(s, off, &len);
		uint32_t tag = (uint32_t)(keyset_hash((const char *)k, len) >> 32);
		size_t i = tag & s->mask;
		while (s->slots[i].off != 0)
			i = (i + 1) & s->mask;
		s->slots[i].tag = tag;
		s->slots[i].off = off;
		off = (uint32_t)(k + len + 4 - s->arena);
	}
	if (!s->slots_max || greater_entry(s, s->pending_last, s->slots_max))
		s->slots_max = s->pending_last;
	s->pending = s->pending_last = 0;
}

void keyset_defer_slots(struct keyset *s)
{
	s->defer = 1;
}

void keyset_index(struct keyset *s)
{
	if (s->pending)
		index_pending(s);
}

/*
 * The slot holding key, or the empty slot where it would go, once the
 * pending keys have theirs. Looking a key up in a set with pending keys
 * builds their slots: a set is read from several threads only after
 * keyset_index (see keyset.h).
 */
static struct slot *find_slot(const struct keyset *s, const char *key, size_t len, uint64_t h)
{
	if (s->pending)
		index_pending((struct keyset *)s);
	return probe(s, key, len, h);
}

void keyset_prefetch(const struct keyset *s, uint64_t h)
{
	if (s->pending) /* keys in order: no slot to read */
		return;
	__builtin_prefetch(&s->slots[(uint32_t)(h >> 32) & s->mask]);
}

int keyset_add(struct keyset *s, const char *key, size_t len, uint32_t value,
	       uint32_t *existing)
{
	return keyset_add_hashed(s, key, len, keyset_hash(key, len), value, existing);
}

int keyset_add_hashed(struct keyset *s, const char *key, size_t len, uint64_t h,
		      uint32_t value, uint32_t *existing)
{
	/* after the pending keys: new unless the table has it */
	int in_order = s->defer && (!s->pending || greater(s, key, len, s->pending_last));
	struct slot *sl = !in_order ? find_slot(s, key, len, h)
			  : s->slots_max && !greater(s, key, len, s->slots_max) ? probe(s, key, len, h)
			  : NULL;

	if (sl && sl->off != 0) {
		if (existing) {
			size_t klen;
			const unsigned char *k = entry_key(s, sl->off, &klen);
			memcpy(existing, k + klen, 4);
		}
		return 0;
	}
	size_t need = s->arena_len + len + 10 + 4;
	if (need > UINT32_MAX)
		util_die(EXIT_SYSTEM, "quá nhiều khóa trong một tập (hơn 4 GiB)");
	xgrow(&s->arena, &s->arena_cap, need, 1);
	uint32_t off = (uint32_t)s->arena_len;
	unsigned char *p = s->arena + off;
	size_t n = len;
	while (n >= 0x80) {
		*p++ = (unsigned char)(n | 0x80);
		n >>= 7;
	}
	*p++ = (unsigned char)n;
	memcpy(p, key, len);
	memcpy(p + len, &value, 4);
	s->arena_len = (size_t)(p + len + 4 - s->arena);
	s->count++;
	if (in_order) { /* its slot can wait */
		if (!s->pending)
			s->pending = off;
		s->pending_last = off;
		return 1;
	}
	sl->tag = (uint32_t)(h >> 32);
	sl->off = off;
	if (s->defer && (!s->slots_max || greater(s, key, len, s->slots_max)))
		s->slots_max = off;
	if (s->count * 4 > (s->mask + 1) * 3)
		resize_slots(s, (s->mask + 1) * 2);
	return 1;
}

int keyset_find(const struct keyset *s, const char *key, size_t len, uint32_t *value)
{
	return keyset_find_hashed(s, key, len, keyset_hash(key, len), value);
}

int keyset_find_hashed(const struct keyset *s, const char *key, size_t len, uint64_t h,
		       uint32_t *value)
{
	struct slot *sl = find_slot(s, key, len, h);

	if (sl->off == 0)
		return 0;
	if (value) {
		size_t klen;
		const unsigned char *k = entry_key(s, sl->off, &klen);
		memcpy(value, k + klen, 4);
	}
	return 1;
}

enum { NEXT_TRIES = 4 }; /* keys tried after the cursor's */

int keyset_find_from(const struct keyset *s, const char *key, size_t len, uint32_t *value,
		     uint32_t *cursor)
{
	uint32_t off = *cursor ? *cursor : 1;
	size_t klen;
	const unsigned char *k;

	if (*cursor) /* step over the cursor's own key */
		off = entry_next(s, off);
	for (int i = 0; i < NEXT_TRIES && off < s->arena_len; i++) {
		k = entry_key(s, off, &klen);
		if (klen == len && memcmp(k, key, len) == 0) {
			memcpy(value, k + klen, 4);
			*cursor = off;
			return 1;
		}
		off = (uint32_t)(k + klen + 4 - s->arena);
	}
	struct slot *sl = find_slot(s, key, len, keyset_hash(key, len));
	if (sl->off == 0)
		return 0;
	k = entry_key(s, sl->off, &klen);
	memcpy(value, k + klen, 4);
	*cursor = sl->off;
	return 1;
}

int keyset_update(struct keyset *s, const char *key, size_t len, uint32_t value)
{
	struct slot *sl = find_slot(s, key, len, keyset_hash(key, len));

	if (sl->off == 0)
		return 0;
	size_t klen;
	unsigned char *k = (unsigned char *)entry_key(s, sl->off, &klen);
	memcpy(k + klen, &value, 4);
	return 1;
}

size_t keyset_count(const struct keyset *s)
{
	return s->count;
}

size_t keyset_memory(const struct keyset *s)
{
	return (s->mask + 1) * sizeof *s->slots + s->arena_cap;
}
