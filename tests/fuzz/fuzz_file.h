/*
 * fuzz_file: the loaders read files, so a harness writes each input to one
 * temporary file, made once per process, rewritten for every input and
 * removed at exit.
 */
#ifndef BAOCAO_FUZZ_FILE_H
#define BAOCAO_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_path[64];

static void fuzz_file_remove(void)
{
	unlink(fuzz_path);
}

/*
 * Writes data[0..size) to the harness's file, whose name ends in suffix
 * (".json"), and returns its path; aborts when it cannot.
 */
static const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
	static int fd = -1;

	if (fd < 0) {
		snprintf(fuzz_path, sizeof fuzz_path, "/tmp/baocao_fuzz_XXXXXX%s", suffix);
		if ((fd = mkstemps(fuzz_path, (int)strlen(suffix))) < 0)
			abort();
		atexit(fuzz_file_remove);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	return fuzz_path;
}

#endif
