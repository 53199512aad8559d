/*
 * csvin: a strict CSV reader over libcsv that feeds the parser one physical
 * line at a time. See csvin.h for what it guarantees.
 *
 * csvin_read_batch reads lines, keeps each pending record's raw bytes and
 * fields in the batch, and on a parse error emits the record's first line as
 * a bad record and re-feeds the lines after it ("replay"), so one stray quote
 * costs one line, not the rest of the file. Lines without a quote skip libcsv
 * (split_plain); their fields point into the batch's copy of the raw bytes.
 */
#include "csvin.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum {
	READ_CHUNK = 1 << 20,
	BATCH_BYTES = 1 << 20,
	PARSER_OPTIONS = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL
};

struct field_span {
	size_t off, len;
	int in_raw; /* off is in the batch's raw bytes (a plain line), else in its text */
};

struct record_span {
	enum csvin_status status;
	int plain;
	size_t line, end_line, number;
	size_t first_field, nfields;
	size_t raw_off, raw_len;
	size_t error_line, error_col;
};

struct csvin_batch {
	struct record_span *recs;
	size_t nrecs, cap_recs;
	struct field_span *flds;
	size_t nflds, cap_flds;
	struct strbuf text; /* field bytes, each followed by NUL */
	struct strbuf raw;  /* records' bytes as in the file */
	struct csvin_field *view;
	size_t cap_view;
	struct csvin_record *records; /* what the caller reads */
	size_t cap_records;
};

struct line_span {
	size_t off, len;
};

struct csvin {
	struct csvin_options opt;
	int fd;
	size_t file_size;
	int read_error;

	/* read buffer */
	char *buf;
	size_t buf_cap, buf_start, buf_end;
	int at_eof;
	size_t bytes_consumed;

	struct csv_parser parser;
	size_t line;    /* lines fed so far */
	size_t number;  /* records emitted so far */
	int first_line; /* the header line is next */
	int bom;
	size_t text_skip; /* bytes of the current line before its text (a BOM) */
	char delim;
	int utf16;
	size_t header_nfields;
	struct textnorm_decoder *dec;
	struct strbuf decoded;

	/* the record being parsed, inside the current batch */
	int pending;
	size_t rec_line;
	size_t rec_raw_off, rec_text_off, rec_first_field;
	struct line_span *rec_lines; /* its lines' offsets in the batch's raw */
	size_t nrec_lines, cap_rec_lines;
	int record_done;   /* set by the end-of-record callback */
	int too_big;       /* set by the field callback: a field over the cap */
	int too_many;      /* set by the field callback: more than CSVIN_MAX_FIELDS fields */
	size_t *seps;      /* separator positions of the line being split */
	size_t nseps, cap_seps;

	/* lines to feed again after an error, as a stack (last line first) */
	struct strbuf replay;
	struct line_span *replay_stack;
	size_t nreplay, cap_replay;

	struct csvin_batch *cur; /* the batch being filled */

	/* for csvin_next */
	struct csvin_batch own;
	size_t pos;
	int done;
};

/* The field size cap for every parser; set before any thread starts. */
static size_t field_cap = CSVIN_DEFAULT_MAX_FIELD;

/*
 * Bounds libcsv's field buffer: the field, its NUL and the few bytes of
 * room libcsv wants ahead (its growth step halves down to 2 when refused).
 * The exact cap is checked on each field (on_field), the same on both paths.
 */
static void *capped_realloc(void *p, size_t n)
{
	if (n > field_cap + 16)
		return NULL;
	return realloc(p, n);
}

/*
 * No character is a space to libcsv: by default it drops spaces around a
 * quoted field ("a",  "b"), which RFC 4180 does not allow; with none, a
 * space before an opening quote or after a closing one is a stray quote.
 * Every field is then trimmed in on_field, as split_plain trims.
 */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void parser_start(struct csvin *r)
{
	if (csv_init(&r->parser, PARSER_OPTIONS) != 0)
		util_die(EXIT_SYSTEM, "libcsv không khởi tạo được bộ đọc CSV");
	csv_set_space_func(&r->parser, no_space);
	csv_set_realloc_func(&r->parser, capped_realloc);
	csv_set_blk_size(&r->parser, 4096);
	if (r->delim)
		csv_set_delim(&r->parser, (unsigned char)r->delim);
}

static void parser_restart(struct csvin *r)
{
	csv_free(&r->parser);
	parser_start(r);
}

/* ---- reading physical lines ---- */

static int fill_buffer(struct csvin *r)
{
	if (r->at_eof)
		return 0;
	if (r->buf_start > 0) {
		memmove(r->buf, r->buf + r->buf_start, r->buf_end - r->buf_start);
		r->buf_end -= r->buf_start;
		r->buf_start = 0;
	}
	if (r->buf_cap - r->buf_end < READ_CHUNK) {
		r->buf_cap = r->buf_end + READ_CHUNK;
		r->buf = xrealloc(r->buf, r->buf_cap);
	}
	ssize_t n;
	do
		n = read(r->fd, r->buf + r->buf_end, r->buf_cap - r->buf_end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->read_error = errno;
		r->at_eof = 1;
		return 0;
	}
	if (n == 0) {
		r->at_eof = 1;
		return 0;
	}
	r->buf_end += (size_t)n;
	return 1;
}

/*
 * Returns the length of the line at s[0..n) including its terminator (LF,
 * CRLF or a lone CR), or 0 when no terminator is in sight yet. In UTF-16LE
 * the units are two bytes.
 */
static size_t line_length(const struct csvin *r, const char *s, size_t n, int eof)
{
	if (r->utf16) {
		for (size_t i = 0; i + 1 < n; i += 2) {
			if (s[i + 1] != 0 || (s[i] != '\n' && s[i] != '\r'))
				continue;
			if (s[i] == '\n')
				return i + 2;
			if (i + 3 < n)
				return (s[i + 2] == '\n' && s[i + 3] == 0) ? i + 4 : i + 2;
			return eof ? n : 0;
		}
		return eof ? n : 0;
	}
	/* the first LF, unless a CR comes before it (a CR or CRLF line end) */
	const char *p = memchr(s, '\n', n);
	const char *q = memchr(s, '\r', p ? (size_t)(p - s) : n);
	if (q) {
		size_t k = (size_t)(q - s);
		if (k + 1 < n)
			return s[k + 1] == '\n' ? k + 2 : k + 1;
		return eof ? n : 0;
	}
	if (p)
		return (size_t)(p - s) + 1;
	return eof ? n : 0;
}

/* Sets *line to the next physical line of the file; returns 0 at the end. */
static int next_file_line(struct csvin *r, const char **line, size_t *len)
{
	if (r->bytes_consumed == 0 && !r->utf16) {
		/* A UTF-16LE byte order mark changes how lines are split. */
		while (r->buf_end - r->buf_start < 2 && fill_buffer(r))
			;
		if (r->buf_end - r->buf_start >= 2 &&
		    (unsigned char)r->buf[r->buf_start] == 0xFF &&
		    (unsigned char)r->buf[r->buf_start + 1] == 0xFE)
			r->utf16 = 1;
	}
	for (;;) {
		size_t avail = r->buf_end - r->buf_start;
		size_t n = line_length(r, r->buf + r->buf_start, avail, r->at_eof);
		if (n > 0 && n <= avail) {
			*line = r->buf + r->buf_start;
			*len = n;
			r->buf_start += n;
			/* read by other threads for progress */
			__atomic_store_n(&r->bytes_consumed, r->bytes_consumed + n, __ATOMIC_RELAXED);
			return 1;
		}
		if (r->at_eof)
			return 0;
		fill_buffer(r);
	}
}

/* ---- building records in the current batch ---- */

static int is_trimmed(char c, char delim);

static void on_field(void *data, size_t len, void *ctx)
{
	struct csvin *r = ctx;
	struct csvin_batch *b = r->cur;
	const char *p = data;

	/* trimmed as split_plain trims (libcsv, told no character is a space, keeps them) */
	while (len > 0 && is_trimmed(p[0], r->delim)) {
		p++;
		len--;
	}
	while (len > 0 && is_trimmed(p[len - 1], r->delim))
		len--;
	data = (void *)p;
	if (len > field_cap)
		r->too_big = 1;
	if (b->nflds - r->rec_first_field >= CSVIN_MAX_FIELDS) {
		r->too_many = 1; /* kept no further: the record is refused */
		return;
	}
	xgrow(&b->flds, &b->cap_flds, b->nflds + 1, sizeof *b->flds);
	b->flds[b->nflds].off = b->text.len;
	b->flds[b->nflds].len = len;
	b->flds[b->nflds].in_raw = 0;
	b->nflds++;
	strbuf_add(&b->text, data ? data : "", len);
	strbuf_addc(&b->text, '\0');
}

static void on_record(int term, void *ctx)
{
	(void)term;
	((struct csvin *)ctx)->record_done = 1;
}

static struct record_span *new_record(struct csvin *r, enum csvin_status st)
{
	struct csvin_batch *b = r->cur;

	xgrow(&b->recs, &b->cap_recs, b->nrecs + 1, sizeof *b->recs);
	struct record_span *rec = &b->recs[b->nrecs++];
	memset(rec, 0, sizeof *rec);
	rec->status = st;
	rec->number = ++r->number;
	rec->first_field = b->nflds;
	return rec;
}

static void begin_record(struct csvin *r)
{
	r->pending = 1;
	r->rec_line = r->line;
	r->rec_raw_off = r->cur->raw.len;
	r->rec_text_off = r->cur->text.len;
	r->rec_first_field = r->cur->nflds;
	r->nrec_lines = 0;
}

/* Emits the pending record as parsed. */
static void finish_record(struct csvin *r)
{
	struct csvin_batch *b = r->cur;
	struct record_span *rec = new_record(r, CSVIN_OK);

	rec->first_field = r->rec_first_field;
	rec->nfields = b->nflds - r->rec_first_field;
	rec->line = r->rec_line;
	rec->end_line = r->line;
	rec->raw_off = r->rec_raw_off;
	rec->raw_len = b->raw.len - r->rec_raw_off;
	if (r->header_nfields == 0)
		r->header_nfields = rec->nfields ? rec->nfields : 1;
	r->pending = 0;
}

static int is_trimmed(char c, char delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/*
 * Adds to the record just begun the loose split of its first line raw[0..n)
 * (in the file's encoding; first says it is the file's first line): cut at
 * every separator, quotes or not, each piece trimmed; a piece that opens
 * with a quote loses it and a closing one, and reads "" as ". Not data:
 * enough to say whose record it is.
 */
static void loose_split(struct csvin *r, const char *raw, size_t n, int first)
{
	struct csvin_batch *b = r->cur;
	struct strbuf text = {0};
	size_t skip = first && r->bom ? (r->utf16 ? 2 : 3) : 0;

	if (skip > n)
		skip = n;
	if (r->dec) {
		size_t ok = textnorm_decode(r->dec, raw + skip, n - skip, &text);
		strbuf_add(&text, raw + skip + ok, n - skip - ok);
	} else {
		strbuf_add(&text, raw + skip, n - skip);
	}
	size_t len = text.len;
	while (len > 0 && (text.data[len - 1] == '\n' || text.data[len - 1] == '\r'))
		len--;
	char delim = r->delim ? r->delim : ',';
	for (size_t a = 0, nf = 0; a <= len && nf < CSVIN_MAX_FIELDS; nf++) {
		const char *end = memchr(text.data + a, delim, len - a);
		size_t z = end ? (size_t)(end - text.data) : len, i = a, k = z;
		while (i < k && is_trimmed(text.data[i], delim))
			i++;
		while (k > i && is_trimmed(text.data[k - 1], delim))
			k--;
		/* a cell that opens with a quote is read as quoted, as far as it goes */
		int quoted = i < k && text.data[i] == '"';
		if (quoted) {
			i++;
			if (k > i && text.data[k - 1] == '"')
				k--;
		}
		xgrow(&b->flds, &b->cap_flds, b->nflds + 1, sizeof *b->flds);
		b->flds[b->nflds].off = b->text.len;
		b->flds[b->nflds].in_raw = 0;
		size_t start = b->text.len;
		for (; i < k && b->text.len - start < field_cap; i++) {
			strbuf_addc(&b->text, text.data[i]);
			if (quoted && text.data[i] == '"' && i + 1 < k && text.data[i + 1] == '"')
				i++;
		}
		b->flds[b->nflds].len = b->text.len - start;
		b->nflds++;
		strbuf_addc(&b->text, '\0');
		a = z + 1;
	}
	strbuf_free(&text);
}

/*
 * Turns the pending record into a bad record made of its first line only
 * (with its loose split as fields), and queues its other lines to be fed
 * again.
 */
static void recover(struct csvin *r, enum csvin_status st, size_t col)
{
	struct csvin_batch *b = r->cur;
	size_t first_len = r->rec_lines[0].len;

	/* Queue lines 2..k, last first, so that they pop in order. */
	for (size_t i = r->nrec_lines; i-- > 1;) {
		xgrow(&r->replay_stack, &r->cap_replay, r->nreplay + 1,
		      sizeof *r->replay_stack);
		r->replay_stack[r->nreplay].off = r->replay.len;
		r->replay_stack[r->nreplay].len = r->rec_lines[i].len;
		r->nreplay++;
		strbuf_add(&r->replay, b->raw.data + r->rec_lines[i].off,
			   r->rec_lines[i].len);
	}
	size_t noticed = r->line;
	b->nflds = r->rec_first_field;
	b->text.len = r->rec_text_off;
	b->raw.len = r->rec_raw_off + first_len;

	struct record_span *rec = new_record(r, st);
	rec->line = rec->end_line = r->rec_line;
	rec->raw_off = r->rec_raw_off;
	rec->raw_len = first_len;
	loose_split(r, b->raw.data + r->rec_raw_off, first_len, r->rec_line == 1);
	rec->nfields = b->nflds - rec->first_field;
	rec->error_line = noticed;
	rec->error_col = col;
	r->line = r->rec_line;
	r->pending = 0;
	parser_restart(r);
}

static int is_blank_line(const char *s, size_t n, int utf16)
{
	size_t step = utf16 ? 2 : 1;

	for (size_t i = 0; i < n; i += step) {
		char c = s[i];
		if (utf16 && i + 1 < n && s[i + 1] != 0)
			return 0;
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return 0;
	}
	return 1;
}

/* Picks the separator of the header line: the most frequent of , ; tab | outside quotes. */
static char detect_delimiter(const char *s, size_t n)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[4] = {0};
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				if (s[i] == cand[k])
					count[k]++;
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

/*
 * Finds the separators of s[0..n) in one pass, sixteen bytes at a time where
 * SSE2 is there, into r->seps. Returns 0, or -1 when s holds a quote (then
 * libcsv must parse the line).
 */
static int find_separators(struct csvin *r, const char *s, size_t n)
{
	size_t i = 0, k = 0;
	char delim = r->delim;

	xgrow(&r->seps, &r->cap_seps, n + 1, sizeof *r->seps);
#ifdef __SSE2__
	const __m128i d = _mm_set1_epi8(delim), q = _mm_set1_epi8('"');
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)))
			return -1;
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, d));
		while (m) {
			r->seps[k++] = i + (size_t)__builtin_ctz(m);
			m &= m - 1;
		}
	}
#endif
	for (; i < n; i++) {
		if (s[i] == '"')
			return -1;
		if (s[i] == delim)
			r->seps[k++] = i;
	}
	r->seps[k] = n; /* the end closes the last field */
	r->nseps = k;
	return 0;
}

/*
 * Splits a line that holds no quote character, as libcsv would: at each
 * separator, with spaces and tabs trimmed at both ends of every field.
 * Returns 0 when the line has a quote and was left alone.
 */
static int split_plain(struct csvin *r, const char *s, size_t n)
{
	struct csvin_batch *b = r->cur;
	char delim = r->delim;
	/* a line fed as it is was just copied to the end of raw: point there */
	int in_raw = !r->dec;
	size_t base = b->raw.len - r->rec_lines[0].len + r->text_skip;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (find_separators(r, s, n) != 0)
		return 0;
	if (r->nseps >= CSVIN_MAX_FIELDS) { /* col: where field CSVIN_MAX_FIELDS + 1 starts */
		recover(r, CSVIN_TOO_MANY, r->seps[CSVIN_MAX_FIELDS - 1] + 2);
		return 1;
	}
	xgrow(&b->flds, &b->cap_flds, b->nflds + r->nseps + 1, sizeof *b->flds);
	for (size_t f = 0, i = 0; f <= r->nseps; f++) {
		size_t a = i, z = r->seps[f];
		i = z + 1;
		while (a < z && is_trimmed(s[a], delim))
			a++;
		while (z > a && is_trimmed(s[z - 1], delim))
			z--;
		if (z - a > field_cap) {
			recover(r, CSVIN_TOO_BIG, a + field_cap + 1);
			return 1;
		}
		if (in_raw) {
			b->flds[b->nflds].off = base + a;
			b->flds[b->nflds].len = z - a;
			b->flds[b->nflds].in_raw = 1;
			b->nflds++;
		} else {
			on_field((void *)(s + a), z - a, r);
		}
	}
	finish_record(r);
	b->recs[b->nrecs - 1].plain = 1;
	return 1;
}

/* Feeds one physical line (raw bytes as in the file). */
static void feed_line(struct csvin *r, const char *raw, size_t len)
{
	struct csvin_batch *b = r->cur;
	const char *text = raw;
	size_t tlen = len;

	r->line++;
	r->text_skip = 0;
	if (r->line == 1) {
		if (r->utf16) { /* next_file_line saw the byte order mark FF FE */
			r->bom = 1;
			r->opt.encoding = TEXTNORM_UTF16LE;
			text += 2;
			tlen -= 2;
			r->text_skip = 2;
		} else if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
			r->bom = 1;
			text += 3;
			tlen -= 3;
			r->text_skip = 3;
		}
		if (r->opt.encoding != TEXTNORM_UTF8 && !r->dec)
			r->dec = textnorm_decoder_new(r->opt.encoding);
	}
	if (!r->pending && is_blank_line(text, tlen, r->utf16)) {
		struct record_span *rec = new_record(r, CSVIN_BLANK);
		rec->line = rec->end_line = r->line;
		rec->raw_off = b->raw.len;
		rec->raw_len = len;
		strbuf_add(&b->raw, raw, len);
		return;
	}
	if (!r->pending)
		begin_record(r);
	xgrow(&r->rec_lines, &r->cap_rec_lines, r->nrec_lines + 1,
	      sizeof *r->rec_lines);
	r->rec_lines[r->nrec_lines].off = b->raw.len;
	r->rec_lines[r->nrec_lines].len = len;
	r->nrec_lines++;
	strbuf_add(&b->raw, raw, len);

	if (r->dec) {
		strbuf_reset(&r->decoded);
		/* An undecodable byte stays for the UTF-8 check to report. */
		size_t ok = textnorm_decode(r->dec, text, tlen, &r->decoded);
		if (ok < tlen)
			strbuf_add(&r->decoded, text + ok, tlen - ok);
		text = r->decoded.data;
		tlen = r->decoded.len;
	}
	if (r->first_line) {
		r->first_line = 0;
		if (!r->delim)
			r->delim = detect_delimiter(text, tlen);
		csv_set_delim(&r->parser, (unsigned char)r->delim);
	}
	if (r->nrec_lines == 1 && !r->opt.libcsv_only && split_plain(r, text, tlen))
		return;
	r->record_done = 0;
	r->too_big = r->too_many = 0;
	size_t used = csv_parse(&r->parser, text, tlen, on_field, on_record, r);
	if (r->too_many) {
		recover(r, CSVIN_TOO_MANY, 1);
		return;
	}
	if (r->too_big && used == tlen) {
		recover(r, CSVIN_TOO_BIG, 1);
		return;
	}
	if (used < tlen) {
		/* A field that outgrew the cap across line ends is an open quote. */
		int too_big = csv_error(&r->parser) == CSV_ENOMEM && r->nrec_lines == 1;
		recover(r, too_big ? CSVIN_TOO_BIG : CSVIN_BAD_QUOTE, used + 1);
		return;
	}
	if (r->record_done) {
		size_t nf = b->nflds - r->rec_first_field;
		/* A record that spans lines and has the wrong number of fields
		 * is a quote that swallowed line ends: keep only its first line. */
		if (r->nrec_lines > 1 && r->header_nfields && nf != r->header_nfields)
			recover(r, CSVIN_BAD_QUOTE, 1);
		else
			finish_record(r);
	}
}

/* Ends the input: flushes the parser's last record (a final line without a line end). */
static void feed_end(struct csvin *r)
{
	if (!r->pending)
		return;
	r->record_done = 0;
	r->too_big = r->too_many = 0;
	if (csv_fini(&r->parser, on_field, on_record, r) != 0 || r->too_big || r->too_many) {
		recover(r, r->too_many ? CSVIN_TOO_MANY : CSVIN_BAD_QUOTE, 1);
		return;
	}
	if (r->record_done)
		finish_record(r);
	else
		r->pending = 0;
}

/* Fills b with up to max records; returns how many. */
size_t csvin_read_batch(struct csvin *r, struct csvin_batch *b, size_t max)
{
	b->nrecs = b->nflds = 0;
	strbuf_reset(&b->text);
	strbuf_reset(&b->raw);
	r->cur = b;
	for (;;) {
		if (!r->pending && (b->nrecs >= max || b->raw.len >= BATCH_BYTES))
			break;
		const char *line;
		size_t len;
		if (r->nreplay > 0) {
			struct line_span sp = r->replay_stack[--r->nreplay];
			/* copy: feeding may push onto the replay buffer */
			char *copy = xstrndup(r->replay.data + sp.off, sp.len);
			feed_line(r, copy, sp.len);
			free(copy);
			if (r->nreplay == 0)
				strbuf_reset(&r->replay);
			continue;
		}
		if (next_file_line(r, &line, &len)) {
			feed_line(r, line, len);
			continue;
		}
		feed_end(r);
		if (r->nreplay > 0)
			continue;
		break;
	}
	xgrow(&b->view, &b->cap_view, b->nflds + 1, sizeof *b->view);
	for (size_t i = 0; i < b->nflds; i++) {
		b->view[i].data = (b->flds[i].in_raw ? b->raw.data : b->text.data) + b->flds[i].off;
		b->view[i].len = b->flds[i].len;
	}
	xgrow(&b->records, &b->cap_records, b->nrecs, sizeof *b->records);
	for (size_t i = 0; i < b->nrecs; i++) {
		const struct record_span *sp = &b->recs[i];
		struct csvin_record *rec = &b->records[i];
		rec->status = sp->status;
		rec->line = sp->line;
		rec->end_line = sp->end_line;
		rec->number = sp->number;
		rec->nfields = sp->nfields;
		rec->fields = b->view + sp->first_field;
		rec->raw = b->raw.data + sp->raw_off;
		rec->raw_len = sp->raw_len;
		rec->error_line = sp->error_line;
		rec->error_col = sp->error_col;
		rec->plain = sp->plain;
	}
	return b->nrecs;
}

struct csvin_batch *csvin_batch_new(void)
{
	return xcalloc(1, sizeof(struct csvin_batch));
}

static void batch_release(struct csvin_batch *b)
{
	free(b->recs);
	free(b->flds);
	free(b->view);
	free(b->records);
	strbuf_free(&b->text);
	strbuf_free(&b->raw);
}

void csvin_batch_free(struct csvin_batch *b)
{
	if (!b)
		return;
	batch_release(b);
	free(b);
}

const struct csvin_record *csvin_batch_records(const struct csvin_batch *b, size_t *n)
{
	*n = b->nrecs;
	return b->records;
}

struct csvin *csvin_open(const char *path, const struct csvin_options *opt)
{
	/* a regular file, or a FIFO streamed in (opening it waits for its writer); never a device */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	int e = fstat(fd, &st) != 0			       ? errno
		: S_ISDIR(st.st_mode)			       ? EISDIR
		: !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) ? EFTYPE_BAOCAO
							       : 0;
	if (e) {
		close(fd);
		errno = e;
		return NULL;
	}
	struct csvin *r = xcalloc(1, sizeof *r);
	r->opt = *opt;
	if (opt->max_field)
		field_cap = opt->max_field;
	r->fd = fd;
	r->file_size = (size_t)st.st_size;
	r->first_line = 1;
	r->delim = opt->delimiter;
	parser_start(r);
	return r;
}

long csvin_column(const struct csvin_record *header, const char *name)
{
	size_t n = strlen(name);
	long col = -1;

	for (size_t i = 0; i < header->nfields; i++)
		if (header->fields[i].len == n && memcmp(header->fields[i].data, name, n) == 0)
			col = (long)i;
	return col;
}

int csvin_next(struct csvin *r, struct csvin_record *rec)
{
	while (r->pos >= r->own.nrecs) {
		if (r->done || csvin_read_batch(r, &r->own, 4096) == 0) {
			r->done = 1;
			return 0;
		}
		r->pos = 0;
	}
	*rec = r->own.records[r->pos++];
	return 1;
}

char csvin_delimiter(const struct csvin *r)
{
	return r->delim ? r->delim : ',';
}

enum textnorm_encoding csvin_encoding(const struct csvin *r)
{
	return r->opt.encoding;
}

int csvin_had_bom(const struct csvin *r)
{
	return r->bom;
}

size_t csvin_bytes_read(const struct csvin *r)
{
	return __atomic_load_n(&r->bytes_consumed, __ATOMIC_RELAXED);
}

size_t csvin_file_size(const struct csvin *r)
{
	return r->file_size;
}

int csvin_read_error(const struct csvin *r)
{
	return r->read_error;
}

void csvin_close(struct csvin *r)
{
	if (!r)
		return;
	close(r->fd);
	csv_free(&r->parser);
	batch_release(&r->own);
	textnorm_decoder_free(r->dec);
	strbuf_free(&r->decoded);
	strbuf_free(&r->replay);
	free(r->replay_stack);
	free(r->rec_lines);
	free(r->seps);
	free(r->buf);
	free(r);
}
