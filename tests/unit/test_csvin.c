/* Unit tests for csvin: line ends, BOM, separators, quotes, recovery, caps, encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "csvin.h"

#define MAX_RECS 32

struct got {
	size_t n;
	struct {
		enum csvin_status status;
		size_t line, end_line, error_line, nfields;
		char fields[8][64];
		char raw[256];
		size_t raw_len;
	} r[MAX_RECS];
	char delim;
	int bom;
};

static int batch_size; /* 0: read with csvin_next */

/* Writes data to a temporary file and reads every record back. */
static void read_all(const char *data, size_t len, struct csvin_options opt, struct got *g)
{
	char path[] = "/tmp/test_csvin_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	struct csvin *in = csvin_open(path, &opt);
	assert_non_null(in);
	struct csvin_record rec;
	struct csvin_batch *b = csvin_batch_new();
	const struct csvin_record *recs = NULL;
	size_t nrecs = 0, pos = 0;
	memset(g, 0, sizeof *g);
	for (;;) {
		if (!batch_size) {
			if (!csvin_next(in, &rec))
				break;
		} else {
			if (pos == nrecs) {
				if (csvin_read_batch(in, b, (size_t)batch_size) == 0)
					break;
				recs = csvin_batch_records(b, &nrecs);
				pos = 0;
			}
			rec = recs[pos++];
		}
		assert_true(g->n < MAX_RECS);
		g->r[g->n].status = rec.status;
		g->r[g->n].line = rec.line;
		g->r[g->n].end_line = rec.end_line;
		g->r[g->n].error_line = rec.error_line;
		g->r[g->n].nfields = rec.nfields;
		for (size_t i = 0; i < rec.nfields && i < 8; i++)
			snprintf(g->r[g->n].fields[i], 64, "%.*s", (int)rec.fields[i].len, rec.fields[i].data);
		assert_true(rec.raw_len < 256);
		memcpy(g->r[g->n].raw, rec.raw, rec.raw_len);
		g->r[g->n].raw_len = rec.raw_len;
		g->n++;
	}
	csvin_batch_free(b);
	g->delim = csvin_delimiter(in);
	g->bom = csvin_had_bom(in);
	assert_int_equal(csvin_read_error(in), 0);
	csvin_close(in);
	unlink(path);
}

static struct csvin_options defaults(void)
{
	struct csvin_options o = {0};
	return o;
}

static void line_ends_are_equivalent(void **state)
{
	(void)state;
	const char *files[] = {"a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r",
			       "a,b\n1,2\n3,4"};
	for (size_t k = 0; k < 4; k++) {
		struct got g;
		read_all(files[k], strlen(files[k]), defaults(), &g);
		assert_int_equal(g.n, 3);
		assert_int_equal(g.r[2].line, 3);
		assert_int_equal(g.r[2].nfields, 2);
		assert_string_equal(g.r[2].fields[1], "4");
		assert_string_equal(g.r[1].fields[0], "1");
	}
}

static void bom_and_separator_detected(void **state)
{
	(void)state;
	struct got g;
	const char *f = "\xEF\xBB\xBFma;ten\r\nA1;Nguyễn Văn An\r\n";
	read_all(f, strlen(f), defaults(), &g);
	assert_int_equal(g.bom, 1);
	assert_int_equal(g.delim, ';');
	assert_string_equal(g.r[0].fields[0], "ma");
	assert_string_equal(g.r[1].fields[1], "Nguyễn Văn An");
	/* the raw header keeps its BOM, byte for byte */
	assert_int_equal(g.r[0].raw_len, 3 + 8);
	assert_memory_equal(g.r[0].raw, f, 11);

	const char *t = "a\tb\n1\t2\n";
	read_all(t, strlen(t), defaults(), &g);
	assert_int_equal(g.delim, '\t');
	assert_string_equal(g.r[1].fields[1], "2");

	struct csvin_options o = defaults();
	o.delimiter = ',';
	read_all("a;b\n1;2\n", 8, o, &g);
	assert_int_equal(g.r[1].nfields, 1);
}

static void quoted_newlines_span_lines(void **state)
{
	(void)state;
	struct got g;
	const char *f = "a,b\n1,\"x\r\ny\"\n2,z\n";
	read_all(f, strlen(f), defaults(), &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.r[1].status, CSVIN_OK);
	assert_int_equal(g.r[1].line, 2);
	assert_int_equal(g.r[1].end_line, 3);
	assert_string_equal(g.r[1].fields[1], "x\r\ny");
	assert_int_equal(g.r[2].line, 4);
	assert_int_equal(g.r[1].raw_len, strlen("1,\"x\r\ny\"\n"));
}

static void blank_lines_are_records(void **state)
{
	(void)state;
	struct got g;
	const char *f = "a,b\n1,2\n\n   \n3,4\n";
	read_all(f, strlen(f), defaults(), &g);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.r[2].status, CSVIN_BLANK);
	assert_int_equal(g.r[2].line, 3);
	assert_int_equal(g.r[3].status, CSVIN_BLANK);
	assert_int_equal(g.r[3].raw_len, 4);
	assert_int_equal(g.r[4].line, 5);
}

static void stray_quote_costs_one_line(void **state)
{
	(void)state;
	struct got g;
	const char *f = "a,b\n1,x\"y\n2,z\n";
	read_all(f, strlen(f), defaults(), &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.r[1].status, CSVIN_BAD_QUOTE);
	assert_int_equal(g.r[1].line, 2);
	assert_int_equal(g.r[1].raw_len, 6);
	assert_int_equal(g.r[2].status, CSVIN_OK);
	assert_int_equal(g.r[2].line, 3);
}

/* A damaged record's fields are the loose split of its first line: enough to name it. */
static void damaged_records_split_loosely(void **state)
{
	(void)state;
	struct got g;
	const char *f = "ma;ten;to_chuc\r\nNS6; Võ Thị \"Giang\" ;TC0004\r\n"
			"NS7;\"Đặng, \"\"Hùng\"x;\"TC0005\"\r\nNS8;\"open;TC0006\r\nNS9;x;TC9\r\n";
	read_all(f, strlen(f), defaults(), &g);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.r[1].status, CSVIN_BAD_QUOTE);
	assert_int_equal(g.r[1].nfields, 3);
	assert_string_equal(g.r[1].fields[0], "NS6");
	assert_string_equal(g.r[1].fields[1], "Võ Thị \"Giang\""); /* as typed: not a quoted cell */
	assert_string_equal(g.r[1].fields[2], "TC0004");
	assert_int_equal(g.r[2].status, CSVIN_BAD_QUOTE);
	assert_string_equal(g.r[2].fields[1], "Đặng, \"Hùng\"x");   /* "" read as " */
	assert_string_equal(g.r[2].fields[2], "TC0005");
	/* a quote left open: its first line alone, split the same way */
	assert_int_equal(g.r[3].status, CSVIN_BAD_QUOTE);
	assert_int_equal(g.r[3].nfields, 3);
	assert_string_equal(g.r[3].fields[1], "open");
	assert_string_equal(g.r[3].fields[2], "TC0006");
	assert_int_equal(g.r[4].status, CSVIN_OK);
	assert_string_equal(g.r[4].fields[2], "TC9");

	/* in a declared legacy encoding, the split is of the decoded line */
	struct csvin_options o = defaults();
	o.encoding = TEXTNORM_TCVN3;
	const char *t = "ma,ten\nNS1,\xAE\xB6ng \"\xF1y\n";
	/* (a quote inside an unquoted cell stays) */
	read_all(t, strlen(t), o, &g);
	assert_int_equal(g.r[1].status, CSVIN_BAD_QUOTE);
	assert_string_equal(g.r[1].fields[1], "đảng \"ủy");

	/* a cell past the cap: the split is cut at the cap too */
	char big[400] = "a,b\nNS1,";
	size_t len = strlen(big);
	memset(big + len, 'x', 200);
	len += 200;
	memcpy(big + len, ",TC1\n", 6);
	len += 6;
	o = defaults();
	o.max_field = 100;
	read_all(big, len, o, &g);
	assert_int_equal(g.r[1].status, CSVIN_TOO_BIG);
	assert_int_equal(g.r[1].nfields, 3);
	assert_string_equal(g.r[1].fields[0], "NS1");
	assert_int_equal(strlen(g.r[1].fields[1]), 63); /* the test keeps 63 bytes of a field */
	assert_string_equal(g.r[1].fields[2], "TC1");
}

static void unterminated_quote_does_not_swallow(void **state)
{
	(void)state;
	struct got g;
	/* the quote opened on line 2 closes on line 4, making a 1-field-too-many record */
	const char *f = "a,b\n1,\"open\n2,ok\n3,x\"y\",\n4,last\n";
	read_all(f, strlen(f), defaults(), &g);
	assert_int_equal(g.r[1].status, CSVIN_BAD_QUOTE);
	assert_int_equal(g.r[1].line, 2);
	assert_true(g.r[1].error_line >= 3);
	assert_memory_equal(g.r[1].raw, "1,\"open\n", 8);
	assert_int_equal(g.r[2].status, CSVIN_OK);
	assert_int_equal(g.r[2].line, 3);
	assert_string_equal(g.r[2].fields[1], "ok");
	assert_int_equal(g.r[g.n - 1].line, 5);
	assert_string_equal(g.r[g.n - 1].fields[1], "last");

	/* open until the end of the file */
	const char *e = "a,b\n1,2\n3,\"never closed\n4,5\n";
	read_all(e, strlen(e), defaults(), &g);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.r[2].status, CSVIN_BAD_QUOTE);
	assert_int_equal(g.r[2].line, 3);
	assert_int_equal(g.r[3].status, CSVIN_OK);
	assert_string_equal(g.r[3].fields[0], "4");
}

static void field_cap(void **state)
{
	(void)state;
	struct got g;
	char f[600] = "a,b\n1,";
	size_t len = strlen(f);
	memset(f + len, 'x', 200);
	len += 200;
	memcpy(f + len, "\n2,3\n", 5);
	len += 5;
	struct csvin_options o = defaults();
	o.max_field = 100;
	read_all(f, len, o, &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.r[1].status, CSVIN_TOO_BIG);
	assert_int_equal(g.r[2].status, CSVIN_OK);
	assert_string_equal(g.r[2].fields[1], "3");
}

/* The cap is exact and the same on both paths: 64 bytes pass, 65 do not. */
static void field_cap_boundary(void **state)
{
	(void)state;
	char f[256];
	for (int quoted = 0; quoted < 2; quoted++)
		for (int len = 64; len <= 65; len++) {
			int n = snprintf(f, sizeof f, "a\n%s", quoted ? "\"" : "");
			memset(f + n, 'x', (size_t)len);
			n += len;
			n += snprintf(f + n, sizeof f - (size_t)n, "%s\nb\n", quoted ? "\"" : "");
			struct csvin_options o = defaults();
			o.max_field = 64;
			struct got g;
			read_all(f, (size_t)n, o, &g);
			assert_int_equal(g.n, 3);
			assert_int_equal(g.r[1].status, len == 64 ? CSVIN_OK : CSVIN_TOO_BIG);
			assert_int_equal(g.r[2].status, CSVIN_OK);
		}
}

/* Every byte of the input belongs to exactly one record, whatever the damage. */
static void raw_bytes_cover_the_file(void **state)
{
	(void)state;
	/* found by the fuzzer: a BOM-less header of 0xFF bytes, NULs and a quote */
	static const char damaged[] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
				      "a#\0\0\0\xc6\0\0'a#\0.\0\xff\0\0\0\xff\0a\0\x80\n"
				      "1,\"x\n\n\"\"\"\r2,y\r\n\"";
	struct got g;
	read_all(damaged, sizeof damaged - 1, defaults(), &g);
	size_t total = 0;
	for (size_t i = 0; i < g.n; i++)
		total += g.r[i].raw_len;
	assert_int_equal(total, sizeof damaged - 1);
}

static void legacy_and_utf16(void **state)
{
	(void)state;
	struct got g;
	struct csvin_options o = defaults();
	o.encoding = TEXTNORM_TCVN3;
	const char *f = "ten\n\xAE\xB6ng \xF1y\n";
	read_all(f, strlen(f), o, &g);
	assert_string_equal(g.r[1].fields[0], "đảng ủy");
	/* raw stays in the original encoding */
	assert_memory_equal(g.r[1].raw, "\xAE\xB6ng \xF1y\n", 8);

	/* Excel "Unicode Text": UTF-16LE with BOM, tab-separated */
	const char u[] = "\xFF\xFE" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\xEA\x1E\r\0\n\0";
	read_all(u, sizeof u - 1, defaults(), &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.delim, '\t');
	assert_string_equal(g.r[1].fields[1], "\xE1\xBB\xAA"); /* U+1EEA */
	assert_int_equal(g.r[1].line, 2);
}

static void empty_file(void **state)
{
	(void)state;
	struct got g;
	read_all("", 0, defaults(), &g);
	assert_int_equal(g.n, 0);
}

/* The plain-scan fast path must split exactly as libcsv does. */
static void fast_path_agrees_with_libcsv(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a", "bc", " ", "\t", ",", ";", "\xE1\xBA\xA3",
					     "", "  x  ", "\t\ty", ",,", "z "};
	unsigned long long seed = 0x9E3779B97F4A7C15ULL;
	char data[8192];

	for (int round = 0; round < 200; round++) {
		size_t len = 0;
		for (int line = 0; line < 12; line++) {
			int parts = 1 + (int)(seed >> 60);
			for (int k = 0; k < parts; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				const char *p = pieces[(seed >> 33) % 12];
				memcpy(data + len, p, strlen(p));
				len += strlen(p);
			}
			data[len++] = 'q'; /* no blank lines: they never reach the parser */
			memcpy(data + len, line % 3 ? "\n" : "\r\n", line % 3 ? 1 : 2);
			len += line % 3 ? 1 : 2;
		}
		struct csvin_options fast = {.delimiter = round % 2 ? ',' : '\t'};
		struct csvin_options slow = fast;
		slow.libcsv_only = 1;
		struct got a, b;
		read_all(data, len, fast, &a);
		read_all(data, len, slow, &b);
		assert_int_equal(a.n, b.n);
		for (size_t i = 0; i < a.n; i++) {
			assert_int_equal(a.r[i].status, b.r[i].status);
			assert_int_equal(a.r[i].nfields, b.r[i].nfields);
			for (size_t f = 0; f < a.r[i].nfields && f < 8; f++)
				assert_string_equal(a.r[i].fields[f], b.r[i].fields[f]);
		}
	}
}

static int run_all(int batch)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_ends_are_equivalent),
		cmocka_unit_test(bom_and_separator_detected),
		cmocka_unit_test(quoted_newlines_span_lines),
		cmocka_unit_test(blank_lines_are_records),
		cmocka_unit_test(stray_quote_costs_one_line),
		cmocka_unit_test(damaged_records_split_loosely),
		cmocka_unit_test(unterminated_quote_does_not_swallow),
		cmocka_unit_test(field_cap),
		cmocka_unit_test(field_cap_boundary),
		cmocka_unit_test(raw_bytes_cover_the_file),
		cmocka_unit_test(legacy_and_utf16),
		cmocka_unit_test(empty_file),
		cmocka_unit_test(fast_path_agrees_with_libcsv),
	};
	batch_size = batch;
	return cmocka_run_group_tests_name(batch ? "csvin (batches of 2)" : "csvin (one by one)",
					   tests, NULL, NULL);
}

int main(void)
{
	return run_all(0) | run_all(2);
}
