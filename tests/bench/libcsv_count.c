/*
 * libcsv_count - the benchmark's peer baseline, "a bare libcsv parse": read
 * FILE in 1 MiB chunks with read(2), feed csv_parse with default options (0)
 * and callbacks that only count fields and records, then csv_fini. Prints
 * "records fields". No validation, no output: the floor any CSV tool built
 * on libcsv pays. Build: cc -O2 -std=c11 -o libcsv_count libcsv_count.c -lcsv
 */
#define _POSIX_C_SOURCE 200809L

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK = 1 << 20 };

struct counts {
	unsigned long long records, fields;
};

static void on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counts *)data)->fields++;
}

static void on_record(int c, void *data)
{
	(void)c;
	((struct counts *)data)->records++;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: libcsv_count FILE.csv\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "libcsv_count: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	struct csv_parser p;
	if (csv_init(&p, 0) != 0) {
		fprintf(stderr, "libcsv_count: csv_init failed\n");
		return 2;
	}
	char *buf = malloc(CHUNK);
	if (!buf) {
		fprintf(stderr, "libcsv_count: out of memory\n");
		return 2;
	}
	struct counts n = {0, 0};
	for (;;) {
		ssize_t got = read(fd, buf, CHUNK);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "libcsv_count: %s: %s\n", argv[1], strerror(errno));
			return 2;
		}
		if (got == 0)
			break;
		if (csv_parse(&p, buf, (size_t)got, on_field, on_record, &n) != (size_t)got) {
			fprintf(stderr, "libcsv_count: %s: %s\n", argv[1],
			    csv_strerror(csv_error(&p)));
			return 2;
		}
	}
	csv_fini(&p, on_field, on_record, &n);
	csv_free(&p);
	free(buf);
	close(fd);
	printf("%llu %llu\n", n.records, n.fields);
	return 0;
}
