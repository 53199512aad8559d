/*
 * textnorm: UTF-8 checks, NFC with a fast path for the common Vietnamese
 * repertoire, and iconv-based decoders for legacy encodings.
 */
#include "textnorm.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

size_t textnorm_utf8_check(const char *s, size_t n)
{
	size_t bad;

	return textnorm_check(s, n, &bad) < 0 ? bad : n;
}

/* Returns 1 when s[0..n) is ASCII without NUL: valid UTF-8, and NFC as it is. */
static inline int plain_ascii(const unsigned char *s, size_t n)
{
	const unsigned long long high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
	unsigned long long w, bad = 0;

	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			if (s[i] == 0 || s[i] >= 0x80)
				return 0;
		return 1;
	}
	for (size_t i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		bad |= w | ((w - ones) & ~w);
	}
	memcpy(&w, s + n - 8, 8); /* the tail, overlapping */
	bad |= w | ((w - ones) & ~w);
	return (bad & high) == 0;
}

int textnorm_check(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	int stable = 1;

	if (plain_ascii(s, n))
		return 0;

	while (i < n) {
		while (i + 8 <= n) {
			unsigned long long w;
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) ||
			    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0)
				goto invalid;
			i++;
			continue;
		}
		/* the Vietnamese letters, by their bytes: U+0080..U+02FF (C2..CB xx)
		 * and U+1E00..U+1EFF (E1 B8..BB xx), valid and NFC-stable */
		if (c >= 0xC2 && c <= 0xCB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (c == 0xE1 && i + 2 < n && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB &&
		    (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (c < 0xC2 || c > 0xF4 || i + len > n)
			goto invalid;
		unsigned long cp = c & (0x7F >> len);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto invalid;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto invalid;
		if (stable && !textnorm_nfc_stable((long)cp))
			stable = 0;
		i += len;
	}
	return stable ? 0 : 1;
invalid:
	*bad = i;
	return -1;
}

size_t textnorm_char_count(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

int textnorm_nfc_stable(long c)
{
	/*
	 * Each range holds characters that NFC leaves alone and that never
	 * take part in a composition as either side's second character, so a
	 * string made only of them is already NFC. A unit test checks every
	 * code point listed here against utf8proc.
	 */
	return c < 0x300 ||
	       (c >= 0x1E00 && c <= 0x1EFF) ||  /* Latin Extended Additional */
	       (c >= 0x2010 && c <= 0x2027) ||  /* dashes, quotes, bullets, … */
	       (c >= 0x2030 && c <= 0x205E) ||
	       (c >= 0x20A0 && c <= 0x20C0);   /* currency signs, ₫ */
}

/* Returns 1 when every code point of valid UTF-8 s[0..n) is NFC-stable. */
static int nfc_fast(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		long cp;
		if (c < 0xE0) {
			cp = ((long)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			i += 2;
		} else if (c < 0xF0) {
			cp = ((long)(c & 0x0F) << 12) |
			     ((long)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
			i += 3;
		} else {
			return 0;
		}
		if (!textnorm_nfc_stable(cp))
			return 0;
	}
	return 1;
}

int textnorm_nfc(const char *s, size_t n, struct strbuf *out)
{
	if (nfc_fast((const unsigned char *)s, n)) {
		strbuf_add(out, s, n);
		return 0;
	}
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s,
					  (utf8proc_ssize_t)n, &nfc,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m < 0) {
		/* Not reachable for checked UTF-8; keep the text as it is. */
		strbuf_add(out, s, n);
		return 0;
	}
	int changed = (size_t)m != n || memcmp(nfc, s, n) != 0;
	strbuf_add(out, nfc, (size_t)m);
	free(nfc);
	return changed;
}

/* A code point that folds to the word separator "_". */
static int fold_separator(utf8proc_int32_t c)
{
	return c == ' ' || c == '\t' || c == '_' || c == '-' || c == 0xA0 ||
	       (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

int textnorm_fold(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	utf8proc_uint8_t *mapped = NULL;
	size_t start = out->len, i = 0, len = n;
	int pending = 0; /* a separator seen since the last character written */

	if (textnorm_utf8_check(s, n) != n)
		return -1;
	if (!plain_ascii(u, n)) {
		/* decomposed, case folded, marks stripped: "Đảng Ủy" gives "đang uy" */
		utf8proc_ssize_t m = utf8proc_map(u, (utf8proc_ssize_t)n, &mapped,
						  UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
						  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
		if (m < 0)
			return -1;
		u = mapped;
		len = (size_t)m;
	}
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) { /* not reachable for checked UTF-8 */
			out->len = start;
			if (out->data)
				out->data[start] = '\0';
			free(mapped);
			return -1;
		}
		i += (size_t)k;
		if (fold_separator(c)) {
			pending = 1;
			continue;
		}
		if (pending && out->len > start)
			strbuf_addc(out, '_');
		pending = 0;
		if (c == 0x111 || c == 0xF0) /* đ, ð: no decomposition holds their d */
			c = 'd';
		else if (c < 0x80)
			c = (utf8proc_int32_t)utf8proc_tolower(c);
		textnorm_utf8_put(out, (uint32_t)c);
	}
	strbuf_add(out, "", 0); /* terminated even when empty */
	free(mapped);
	return 0;
}

static const struct {
	const char *name;
	enum textnorm_encoding enc;
} encoding_names[] = {
	{"utf-8", TEXTNORM_UTF8},	  {"utf8", TEXTNORM_UTF8},
	{"windows-1258", TEXTNORM_CP1258}, {"cp1258", TEXTNORM_CP1258},
	{"tcvn3", TEXTNORM_TCVN3},	  {"tcvn", TEXTNORM_TCVN3},
	{"abc", TEXTNORM_TCVN3},	  {"utf-16le", TEXTNORM_UTF16LE},
	{"utf-16", TEXTNORM_UTF16LE},
};

int textnorm_encoding_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof encoding_names / sizeof *encoding_names; i++)
		if (strcasecmp(name, encoding_names[i].name) == 0)
			return (int)encoding_names[i].enc;
	return -1;
}

const char *textnorm_encoding_name(enum textnorm_encoding enc)
{
	switch (enc) {
	case TEXTNORM_UTF8: return "UTF-8";
	case TEXTNORM_CP1258: return "Windows-1258";
	case TEXTNORM_TCVN3: return "TCVN3";
	case TEXTNORM_UTF16LE: return "UTF-16LE";
	}
	return "?";
}

struct textnorm_decoder {
	iconv_t cd;
};

struct textnorm_decoder *textnorm_decoder_new(enum textnorm_encoding enc)
{
	const char *from = enc == TEXTNORM_CP1258 ? "CP1258"
			 : enc == TEXTNORM_TCVN3  ? "TCVN5712-1"
						  : "UTF-16LE";
	struct textnorm_decoder *d = xmalloc(sizeof *d);

	d->cd = iconv_open("UTF-8", from);
	if (d->cd == (iconv_t)-1)
		util_die_errno(EXIT_SYSTEM, "iconv không chuyển được từ bảng mã %s", from);
	return d;
}

size_t textnorm_decode(struct textnorm_decoder *d, const char *in, size_t n,
		       struct strbuf *out)
{
	char *src = (char *)in;
	size_t left = n;

	iconv(d->cd, NULL, NULL, NULL, NULL);
	while (left > 0) {
		strbuf_reserve(out, left * 4 + 16);
		char *dst = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(d->cd, &src, &left, &dst, &room);
		out->len = (size_t)(dst - out->data);
		out->data[out->len] = '\0';
		if (r == (size_t)-1 && errno != E2BIG)
			return n - left;
	}
	/* Flush a combining state (CP1258 holds back a base letter). */
	strbuf_reserve(out, 16);
	char *dst = out->data + out->len;
	size_t room = out->cap - out->len - 1;
	iconv(d->cd, NULL, NULL, &dst, &room);
	out->len = (size_t)(dst - out->data);
	out->data[out->len] = '\0';
	return n;
}

void textnorm_decoder_free(struct textnorm_decoder *d)
{
	if (!d)
		return;
	iconv_close(d->cd);
	free(d);
}

void textnorm_upper(const char *s, size_t n, struct strbuf *out)
{
	utf8proc_ssize_t i = 0;
	while ((size_t)i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							(utf8proc_ssize_t)n - i, &c);
		if (len <= 0)
			break;
		textnorm_utf8_put(out, (uint32_t)utf8proc_toupper(c));
		i += len;
	}
}

void textnorm_utf16be(const char *s, size_t n, struct strbuf *out)
{
	strbuf_add(out, "\xFE\xFF", 2);
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t c = textnorm_utf8_next(s + i, &len);
		i += len;
		uint32_t units[2] = {c, 0};
		if (c >= 0x10000) {
			units[0] = 0xD800 + ((c - 0x10000) >> 10);
			units[1] = 0xDC00 + ((c - 0x10000) & 0x3FF);
		}
		for (int k = 0; k < 2 && units[k]; k++) {
			char b[2] = {(char)(units[k] >> 8), (char)(units[k] & 0xFF)};
			strbuf_add(out, b, 2);
		}
	}
}

void textnorm_utf8_put(struct strbuf *out, uint32_t c)
{
	utf8proc_uint8_t buf[4];
	utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)c, buf);
	strbuf_add(out, buf, (size_t)m);
}
