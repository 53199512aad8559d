/*
 * A libFuzzer harness for the CSV reader and the record checks: each input
 * is read as a CSV file (every line end, quote and encoding case the reader
 * knows), checked against a small schema, and must account for every
 * record. Build and run with `make fuzz` (clang, libclang-rt-14-dev).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_csvin_XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	for (int mode = 0; mode < 4; mode++) {
		struct csvin_options opt = {0};
		opt.max_field = 64;
		opt.libcsv_only = mode & 1;
		opt.encoding = mode & 2 ? TEXTNORM_TCVN3 : TEXTNORM_UTF8;
		struct csvin *in = csvin_open(path, &opt);
		if (!in)
			abort();
		struct csvin_record rec;
		size_t raw_total = 0, last_line = 0;
		while (csvin_next(in, &rec)) {
			/* lines only go forward, raw bytes lie in the file */
			if (rec.line < last_line || rec.end_line < rec.line || rec.raw_len == 0)
				abort();
			last_line = rec.line;
			raw_total += rec.raw_len;
			for (size_t i = 0; i < rec.nfields; i++)
				if (rec.fields[i].len > 64)
					abort();
		}
		/* every byte of the file belongs to exactly one record */
		if (raw_total != size)
			abort();
		csvin_close(in);
	}
	unlink(path);
	return 0;
}
