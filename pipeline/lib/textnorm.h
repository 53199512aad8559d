/*
 * textnorm: the Vietnamese text layer. UTF-8 validation, NFC normalisation
 * and folding for loose matching (through utf8proc, the only user of it),
 * character counts, and decoders
 * from the legacy encodings still found in offices (TCVN3, Windows-1258) and
 * from UTF-16LE (Excel's "Unicode Text") to UTF-8 (through glibc iconv).
 */
#ifndef BAOCAO_TEXTNORM_H
#define BAOCAO_TEXTNORM_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * Returns n when s[0..n) is valid UTF-8 without NUL bytes, overlongs,
 * surrogates or code points above U+10FFFF; otherwise the offset of the first
 * offending byte.
 */
size_t textnorm_utf8_check(const char *s, size_t n);

/*
 * One pass over s[0..n) for the validator's hot path: returns -1 when it is
 * not valid UTF-8 (setting *bad to the first offending byte, as
 * textnorm_utf8_check), 0 when it is valid and already NFC by the fast-path
 * test, and 1 when it is valid but must go through textnorm_nfc.
 */
int textnorm_check(const char *s, size_t n, size_t *bad);

/* Decodes the code point of valid UTF-8 at s, storing its length in bytes in *len. */
static inline uint32_t textnorm_utf8_next(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if (u[0] < 0xE0) {
		*len = 2;
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	}
	if (u[0] < 0xF0) {
		*len = 3;
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	}
	*len = 4;
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
	       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
}

/* Appends the UTF-8 form of the code point c. */
void textnorm_utf8_put(struct strbuf *out, uint32_t c);

/*
 * Appends valid UTF-8 s[0..n) in UTF-16BE, after a byte order mark (PDF's
 * text strings): code points beyond U+FFFF as surrogate pairs.
 */
void textnorm_utf16be(const char *s, size_t n, struct strbuf *out);

/* Returns the number of code points in valid UTF-8 s[0..n). */
size_t textnorm_char_count(const char *s, size_t n);

/*
 * Appends the NFC form of valid UTF-8 s[0..n) to out. Text made only of
 * characters that are stable under NFC and never combine (ASCII, Latin-1,
 * Vietnamese precomposed letters, common punctuation) is copied as it is;
 * anything else goes through utf8proc. Returns 1 when the text changed.
 */
int textnorm_nfc(const char *s, size_t n, struct strbuf *out);

/* Appends the upper-case form of valid NFC UTF-8 s[0..n) to out ("Đảng ủy" gives "ĐẢNG ỦY"). */
void textnorm_upper(const char *s, size_t n, struct strbuf *out);

/*
 * Appends the folded form of s[0..n), for matching words the way people type
 * them: case folded, every diacritic removed (đ, Đ and the look-alike ð, Ð
 * become d), and each run of spaces, tabs, no-break spaces, underscores and
 * hyphens (dashes too) made one "_", none at either end. So "Nữ", "NỮ", "nữ"
 * and "nu" fold alike, as do "Chuyển đi", "chuyen di" and "chuyen_di", and
 * NFD text like its NFC form. Returns 0, or -1 (appending nothing) when s is
 * not valid UTF-8.
 */
int textnorm_fold(const char *s, size_t n, struct strbuf *out);

/* Returns 1 when the code point c is in the fast path's NFC-stable set. */
int textnorm_nfc_stable(long c);

/* An input encoding, resolved from a user-facing name. */
enum textnorm_encoding {
	TEXTNORM_UTF8,
	TEXTNORM_CP1258,
	TEXTNORM_TCVN3,
	TEXTNORM_UTF16LE
};

/* Resolves "utf-8", "windows-1258"/"cp1258", "tcvn3"/"tcvn"/"abc", "utf-16le"; -1 if unknown. */
int textnorm_encoding_from_name(const char *name);
/* The name shown to users ("UTF-8", "Windows-1258", "TCVN3", "UTF-16LE"). */
const char *textnorm_encoding_name(enum textnorm_encoding enc);

/* A converter from one encoding to UTF-8; owns its iconv descriptor. */
struct textnorm_decoder;

/* Opens a decoder for enc (not TEXTNORM_UTF8); exits 2 if iconv lacks it. */
struct textnorm_decoder *textnorm_decoder_new(enum textnorm_encoding enc);
/*
 * Appends the UTF-8 form of in[0..n) to out. Returns n on success, else the
 * offset of the first byte that cannot be converted (what was converted
 * before it is appended).
 */
size_t textnorm_decode(struct textnorm_decoder *d, const char *in, size_t n,
		       struct strbuf *out);
void textnorm_decoder_free(struct textnorm_decoder *d);

#endif
