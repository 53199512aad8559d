/*
 * send_mime: the bytes of a mail message (see send_mime.h). Everything is
 * encoded here, nothing is left to libcurl's MIME API, so that the header
 * forms that Vietnamese names need are exactly those written below and a
 * message can be checked as bytes.
 */
#include "send_mime.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends the base64 of data[0..len) on one line, with padding. */
static void add_b64_run(struct strbuf *out, const unsigned char *p, size_t len)
{
	char quad[4];
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		quad[0] = b64[v >> 18 & 63];
		quad[1] = b64[v >> 12 & 63];
		quad[2] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		quad[3] = i + 2 < len ? b64[v & 63] : '=';
		strbuf_add(out, quad, 4);
	}
}

void mime_add_base64(struct strbuf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	/* 57 bytes give 76 characters */
	strbuf_reserve(out, len / 57 * 78 + 80);
	for (size_t i = 0; i < len; i += 57) {
		add_b64_run(out, p + i, len - i < 57 ? len - i : 57);
		strbuf_add(out, "\r\n", 2);
	}
}

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

void mime_add_words(struct strbuf *out, const char *text, const char *fold)
{
	size_t n = strlen(text);
	if (n == 0) {
		strbuf_adds(out, "=?UTF-8?B?" "?="); /* split: "??=" is a trigraph */
		return;
	}
	for (size_t i = 0; i < n;) {
		/* as many whole characters as fit */
		size_t take = 0;
		while (i + take < n) {
			size_t c = utf8_len((unsigned char)text[i + take]);
			if (i + take + c > n)
				c = n - i - take;
			if (take + c > MIME_WORD_BYTES && take > 0)
				break;
			take += c;
		}
		if (i > 0)
			strbuf_adds(out, fold);
		strbuf_adds(out, "=?UTF-8?B?");
		add_b64_run(out, (const unsigned char *)text + i, take);
		strbuf_adds(out, "?=");
		i += take;
	}
}

void mime_add_rfc2231(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p)) {
			strbuf_addc(out, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			strbuf_add(out, e, 3);
		}
	}
}

/* Appends one line of the body (without its end) in quoted-printable, with soft breaks. */
static void add_qp_line(struct strbuf *out, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		char e[3];
		size_t w;
		unsigned char c = p[i];
		int last = i + 1 == n;
		/* a "." or "From " opening a line is encoded: relays may change them */
		int at_start = col == 0 && (c == '.' || (c == 'F' && n - i >= 5 &&
							 memcmp(p + i, "From ", 5) == 0));
		int literal = (c >= 33 && c <= 126 && c != '=' && !at_start) ||
			      ((c == ' ' || c == '\t') && !last);
		if (literal) {
			e[0] = (char)c;
			w = 1;
		} else {
			e[0] = '=';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			w = 3;
		}
		/* room for the soft break's "=" unless this is the line's end */
		if (col + w > (last ? 76 : 75)) {
			strbuf_add(out, "=\r\n", 3);
			col = 0;
			if (literal && (c == '.' || (c == 'F' && n - i >= 5 &&
						     memcmp(p + i, "From ", 5) == 0))) {
				/* a new line that would start with "." or "From " */
				e[0] = '=', e[1] = hex[c >> 4], e[2] = hex[c & 15];
				w = 3;
			}
		}
		strbuf_add(out, e, w);
		col += w;
	}
}

void mime_add_qp(struct strbuf *out, const char *text)
{
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t k = n && p[n - 1] == '\r' ? n - 1 : n;
		add_qp_line(out, (const unsigned char *)p, k);
		strbuf_add(out, "\r\n", 2);
		if (!nl)
			break;
		p = nl + 1;
	}
}

const char *mime_type_of(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".pdf", "application/pdf"},
		{".csv", "text/csv; charset=UTF-8"},
		{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{".json", "application/json"},
		{".txt", "text/plain; charset=UTF-8"},
		{".zip", "application/zip"},
		{".html", "text/html; charset=UTF-8"},
		{".xml", "application/xml"},
	};
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (strcasecmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/*
 * Appends the filename*= parameter: on one line when short, else in
 * numbered pieces (filename*0*=UTF-8''…; filename*1*=…), never cutting an
 * "%XX", so that no header line grows past 76 characters.
 */
static void add_filename_star(struct strbuf *out, const char *name)
{
	struct strbuf v = {0};
	mime_add_rfc2231(&v, name);
	/* " filename*=UTF-8''" is 18 characters, " filename*0*=UTF-8''" 20 and ";" ends a piece */
	if (v.len <= 76 - 18) {
		strbuf_addf(out, " filename*=UTF-8''%s", v.data);
	} else {
		size_t i = 0;
		for (int k = 0; i < v.len; k++) {
			size_t room = k == 0 ? 76 - 21 : 76 - 15;
			size_t take = v.len - i < room ? v.len - i : room;
			/* back off so that a "%XX" stays whole */
			if (i + take < v.len) {
				if (v.data[i + take - 1] == '%')
					take -= 1;
				else if (v.data[i + take - 2] == '%')
					take -= 2;
			}
			strbuf_addf(out, "%s filename*%d*=%s%.*s", k ? ";\r\n" : "", k,
				    k ? "" : "UTF-8''", (int)take, v.data + i);
			i += take;
		}
	}
	strbuf_free(&v);
}

void mime_add_attachments(struct strbuf *out, const char *boundary, const struct mime_file *files,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct mime_file *f = &files[i];
		/* a long type (a workbook's) goes on a folded line: no line past 78 characters */
		strbuf_addf(out, "--%s\r\nContent-Type:%s%s;\r\n name=\"", boundary,
			    strlen(f->type) > 62 ? "\r\n " : " ", f->type);
		mime_add_words(out, f->name, "\r\n ");
		strbuf_adds(out, "\"\r\nContent-Disposition: attachment;\r\n filename=\"");
		mime_add_words(out, f->name, "\r\n ");
		strbuf_adds(out, "\";\r\n");
		add_filename_star(out, f->name);
		strbuf_adds(out, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		mime_add_base64(out, f->data, f->len);
	}
}

/* Appends "Name: =?…?= <address>", the address on a line of its own when it would not fit. */
static void add_address(struct strbuf *out, const char *field, const char *name, const char *addr)
{
	size_t start = out->len;
	strbuf_addf(out, "%s: ", field);
	if (name && *name) {
		mime_add_words(out, name, "\r\n ");
		const char *line = out->data + start;
		for (const char *p = line; (p = strstr(p, "\r\n")); p += 2)
			line = p + 2;
		size_t col = (size_t)(out->data + out->len - line);
		strbuf_adds(out, col + strlen(addr) + 3 > 76 ? "\r\n " : " ");
		strbuf_addf(out, "<%s>\r\n", addr);
	} else {
		strbuf_addf(out, "%s\r\n", addr);
	}
}

void mime_compose(const struct mime_message *m, struct strbuf *out)
{
	strbuf_addf(out, "Date: %s\r\n", m->date);
	add_address(out, "From", m->from_name, m->from);
	add_address(out, "To", m->to_name, m->to);
	strbuf_adds(out, "Subject: ");
	mime_add_words(out, m->subject, "\r\n ");
	/* "Message-ID:" alone on its line when the whole would pass 78 characters (RFC 5322 2.1.1) */
	strbuf_addf(out, "\r\nMessage-ID:%s%s\r\n", strlen(m->message_id) + 12 > 78 ? "\r\n " : " ",
		    m->message_id);
	strbuf_adds(out, "MIME-Version: 1.0\r\n");
	strbuf_addf(out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n", m->boundary);
	strbuf_adds(out, "Content-Language: vi\r\n\r\n");
	strbuf_addf(out, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", m->boundary);
	mime_add_qp(out, m->body);
	if (m->attachments)
		strbuf_add(out, m->attachments, m->attachments_len);
	strbuf_addf(out, "--%s--\r\n", m->boundary);
}

void mime_boundary(const char *seed, char out[40])
{
	/* FNV-1a of the seed: a boundary need not be secret, only absent from the parts */
	unsigned long long h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)seed; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	snprintf(out, 40, "=_baocao_%016llx", h);
}

void mime_date(time_t t, char out[40])
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	localtime_r(&t, &tm);
	int off = (int)(tm.tm_gmtoff / 60) % (24 * 60); /* within a day, whatever the zone data */
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[tm.tm_wday % 7],
		 tm.tm_mday % 100, months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, sign, off / 60, off % 60);
}
