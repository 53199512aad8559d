/*
 * csvin: the CSV reader, and the only user of libcsv. It reads a file one
 * physical line at a time, so that each record knows the line where it
 * starts and keeps its raw bytes (for byte-exact reject files). It detects
 * the byte order mark, the line ends (LF, CRLF, CR) and the separator (',',
 * ';' or tab, from the header line), decodes a declared legacy encoding, caps
 * the field size, turns blank lines into blank records, and recovers from a
 * stray or unterminated quote at the line after the record's first line
 * instead of swallowing the rest of the file.
 *
 * A line without any quote character is split by a plain scan that gives
 * exactly what libcsv would (fields split at the separator, spaces and tabs
 * trimmed at both ends); every other line goes through libcsv in strict
 * mode. A unit test compares the two on random lines.
 *
 * Records come one at a time (csvin_next: valid until the next call) or a
 * batch at a time into a batch the caller owns (csvin_read_batch: valid
 * until the batch is refilled or freed), so that parsing and checking can
 * run on different threads. A reader is used by one thread at a time.
 */
#ifndef BAOCAO_CSVIN_H
#define BAOCAO_CSVIN_H

#include <stddef.h>

#include "textnorm.h"

enum csvin_status {
	CSVIN_OK,        /* a parsed record */
	CSVIN_BLANK,     /* a line with nothing but spaces */
	CSVIN_BAD_QUOTE, /* a stray or unterminated quote; only its first line is kept */
	CSVIN_TOO_BIG,   /* a field longer than the cap; only its first line is kept */
	CSVIN_TOO_MANY   /* more than CSVIN_MAX_FIELDS fields; only its first line is kept */
};

struct csvin_field {
	const char *data; /* UTF-8 (after decoding); not NUL-terminated */
	size_t len;
};

struct csvin_record {
	enum csvin_status status;
	size_t line;       /* physical line where the record starts (the header is 1) */
	size_t end_line;   /* physical line where it ends */
	size_t number;     /* record number counting blank ones (the header is 1) */
	size_t nfields;
	/* for BAD_QUOTE and TOO_BIG: the loose split of its first line, cut at
	 * every separator, quotes or not, trimmed, a cell that opens with a
	 * quote read as quoted as far as it goes (capped at the field size);
	 * not data, but what a person sees in the line, to say whose record it is */
	struct csvin_field *fields;
	const char *raw;   /* the record's bytes as in the file, line end included */
	size_t raw_len;
	size_t error_line; /* for BAD_QUOTE/TOO_BIG: where the problem was noticed */
	size_t error_col;  /* 1-based byte column in that line */
	int plain;         /* its line had no quote: no field holds a quote, line end or separator */
};

struct csvin_options {
	enum textnorm_encoding encoding; /* declared; a UTF-16LE BOM overrides UTF-8 */
	char delimiter;                  /* 0: detect from the header line */
	size_t max_field;                /* field size cap in bytes; 0: the default */
	int libcsv_only;                 /* no plain-scan fast path (for tests) */
};

#define CSVIN_DEFAULT_MAX_FIELD ((size_t)1 << 20)

/* The most fields a record may have (a header included): a longer one is refused whole. */
#define CSVIN_MAX_FIELDS 4096

struct csvin;

/* Opens path; returns NULL with errno set when it cannot be opened. */
struct csvin *csvin_open(const char *path, const struct csvin_options *opt);

/* Fetches the next record (the first is the header); returns 0 at the end. */
int csvin_next(struct csvin *r, struct csvin_record *rec);

/* The index of the field equal to name in a header record (the last such), or -1. */
long csvin_column(const struct csvin_record *header, const char *name);

/* A batch of parsed records, owned by the caller. */
struct csvin_batch;
struct csvin_batch *csvin_batch_new(void);
void csvin_batch_free(struct csvin_batch *b);
/*
 * Parses the next records into b, replacing what it held: up to max
 * records (fewer when its bytes pass 1 MiB, more only to finish a record).
 * Returns the number of records; 0 at the end. Do not mix with csvin_next.
 */
size_t csvin_read_batch(struct csvin *r, struct csvin_batch *b, size_t max);
/* The records of b and their number. */
const struct csvin_record *csvin_batch_records(const struct csvin_batch *b, size_t *n);

/* After the first record: the separator used, the encoding, whether there was a BOM. */
char csvin_delimiter(const struct csvin *r);
enum textnorm_encoding csvin_encoding(const struct csvin *r);
int csvin_had_bom(const struct csvin *r);
/* Bytes of the file read so far and its size (for progress). */
size_t csvin_bytes_read(const struct csvin *r);
size_t csvin_file_size(const struct csvin *r);
/* Nonzero when reading failed (errno-style code); check after csvin_next returns 0. */
int csvin_read_error(const struct csvin *r);

/* Closes the file and frees everything. Accepts NULL. */
void csvin_close(struct csvin *r);

#endif
