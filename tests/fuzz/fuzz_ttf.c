/*
 * libFuzzer harness for ttf: any bytes as a font file must be refused with a
 * reason or read, and a font that is read must give a subset that reads back
 * with the same characters and widths for the characters drawn, and whose
 * checksums add up (make fuzz-ttf).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ttf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = {0}, out = {0};
	struct ttf *f = ttf_from_bytes((const char *)data, size, &err);
	if (f) {
		unsigned char used[0x10000 / 8] = {0};
		const char *text = "Đảng ủy Khối ạ Ẩ 0123 abc";
		size_t len;
		for (const char *s = text; *s; s += len) {
			uint32_t c = textnorm_utf8_next(s, &len);
			used[c / 8] |= (unsigned char)(1u << (c % 8));
		}
		if (ttf_subset(f, used, &out) == 0) {
			struct ttf *sub = ttf_from_bytes(out.data, out.len, &err);
			if (!sub)
				__builtin_trap(); /* a subset we wrote must read back */
			for (const char *s = text; *s; s += len) {
				uint32_t c = textnorm_utf8_next(s, &len);
				if (ttf_has(sub, c) != ttf_has(f, c) ||
				    (ttf_has(f, c) && ttf_width(sub, c) != ttf_width(f, c)))
					__builtin_trap();
			}
			/* whole 32-bit words, summing to head's magic once checkSumAdjustment is in */
			uint32_t sum = 0;
			const unsigned char *p = (const unsigned char *)out.data;
			if (out.len % 4)
				__builtin_trap();
			for (size_t i = 0; i < out.len; i += 4)
				sum += (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
			if (sum != 0xB1B0AFBAu)
				__builtin_trap();
			ttf_free(sub);
		}
		ttf_free(f);
	}
	strbuf_free(&err);
	strbuf_free(&out);
	return 0;
}
