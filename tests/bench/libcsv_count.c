/*
 * libcsv_count - the benchmark's peer baseline, "a bare libcsv parse": reads
 * each FILE with read(2) in chunks (1 MiB, or -b BYTES) into csv_parse,
 * with default options (or CSV_STRICT with -s: a stray quote is an error,
 * as for the validator) and callbacks that only count fields and records,
 * then csv_fini. Prints "records fields", summed over the files. No
 * validation, no output: the floor any CSV tool built on libcsv pays for
 * reading the same bytes.
 * Build: cc -O2 -std=c11 -o libcsv_count libcsv_count.c -lcsv
 */
#define _POSIX_C_SOURCE 200809L

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Counts path's records and fields into n; returns 0, or 2 after a message. */
static int count_file(const char *path, unsigned char options, char *buf, size_t chunk,
		      struct counts *n)
{
	struct csv_parser p;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "libcsv_count: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (csv_init(&p, options) != 0) {
		fprintf(stderr, "libcsv_count: csv_init failed\n");
		close(fd);
		return 2;
	}
	int status = 0;
	for (;;) {
		ssize_t got = read(fd, buf, chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			fprintf(stderr, "libcsv_count: %s: %s\n", path, strerror(errno));
			status = 2;
			break;
		}
		if (got == 0)
			break;
		if (csv_parse(&p, buf, (size_t)got, on_field, on_record, n) != (size_t)got) {
			fprintf(stderr, "libcsv_count: %s: %s\n", path, csv_strerror(csv_error(&p)));
			status = 2;
			break;
		}
	}
	if (status == 0)
		csv_fini(&p, on_field, on_record, n);
	csv_free(&p);
	close(fd);
	return status;
}

int main(int argc, char **argv)
{
	unsigned char options = 0;
	size_t chunk = 1 << 20;
	int c;

	while ((c = getopt(argc, argv, "sb:")) != -1) {
		switch (c) {
		case 's':
			options = CSV_STRICT;
			break;
		case 'b':
			chunk = strtoul(optarg, NULL, 10);
			if (chunk == 0 || chunk > (1u << 30)) {
				fprintf(stderr, "libcsv_count: bad -b %s\n", optarg);
				return 2;
			}
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	char *buf = malloc(chunk);
	if (!buf) {
		fprintf(stderr, "libcsv_count: out of memory\n");
		return 2;
	}
	struct counts n = {0, 0};
	for (int i = optind; i < argc; i++)
		if (count_file(argv[i], options, buf, chunk, &n) != 0)
			return 2;
	free(buf);
	printf("%llu %llu\n", n.records, n.fields);
	return 0;
usage:
	fprintf(stderr, "usage: libcsv_count [-s] [-b BYTES] FILE.csv...\n");
	return 2;
}
