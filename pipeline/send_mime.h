/*
 * send_mime: a mail message as the bytes an SMTP server takes (RFC 5322
 * headers, MIME of RFC 2045-2047 and 2231), 7-bit with CRLF line ends and
 * no line over 76 characters (78 for a Message-ID that long): a UTF-8 body
 * in quoted-printable, attachments in base64 whose Vietnamese names are
 * given twice (an RFC 2047 name for old readers and filename*=UTF-8''…,
 * in numbered pieces when long, for the others), and headers in RFC 2047
 * encoded words of at most 60 characters, cut between characters. The
 * caller owns every string it passes and the buffers it gets the bytes in.
 */
#ifndef BAOCAO_SEND_MIME_H
#define BAOCAO_SEND_MIME_H

#include <stddef.h>
#include <time.h>

#include "util.h"

/*
 * The most bytes of UTF-8 text one encoded word holds: 48 characters of
 * base64, a word of 60, so that a line holding one (' filename="' and '";'
 * around it) stays within 76 characters.
 */
#define MIME_WORD_BYTES 36

/* One attachment: its name as people see it (UTF-8), its type and its bytes. */
struct mime_file {
	const char *name;
	const char *type; /* "application/pdf" (mime_type_of gives one) */
	const char *data;
	size_t len;
};

/* The Content-Type for a file name, from its extension; application/octet-stream when unknown. */
const char *mime_type_of(const char *name);

/*
 * Appends the parts of files, each opened by the boundary line of
 * boundary, to out: the attachments of one organisation, made once and
 * put into the message of each of its addresses.
 */
void mime_add_attachments(struct strbuf *out, const char *boundary, const struct mime_file *files,
			  size_t n);

/* One message; every text is UTF-8, NFC. */
struct mime_message {
	const char *date;        /* the Date header's value (mime_date) */
	const char *message_id;  /* "<…@…>" */
	const char *from_name;   /* a display name, or NULL */
	const char *from;        /* the address */
	const char *to_name;
	const char *to;
	const char *subject;     /* one line */
	const char *body;        /* lines separated by "\n" */
	const char *boundary;    /* never found in the parts: see mime_boundary */
	const char *attachments; /* what mime_add_attachments made with boundary, or NULL */
	size_t attachments_len;
};

/*
 * Appends the whole message m to out: Date, From, To, Subject, Message-ID
 * (alone on its line when "Message-ID: <…>" would pass 78 characters),
 * MIME-Version, then the body and the attachments as parts of
 * multipart/mixed.
 */
void mime_compose(const struct mime_message *m, struct strbuf *out);

/*
 * Writes to out a boundary made from seed (any text): it starts with "=_",
 * which quoted-printable and base64 never write, so no part can hold it.
 */
void mime_boundary(const char *seed, char out[40]);

/* The Date header's value for t in local time: "Sun, 06 Dec 2026 10:15:03 +0700". */
void mime_date(time_t t, char out[40]);

/*
 * Appends text as RFC 2047 encoded words ("=?UTF-8?B?…?="), each of at most
 * MIME_WORD_BYTES bytes of text so never longer than 60 characters, cut
 * between characters, joined by fold ("\r\n " to fold a header, " " inside
 * a quoted parameter). Text that is plain printable ASCII and fits in one
 * word is encoded all the same, so that every header reads alike.
 */
void mime_add_words(struct strbuf *out, const char *text, const char *fold);

/*
 * Appends text (UTF-8, lines separated by "\n") in quoted-printable with
 * CRLF line ends: lines of at most 76 characters, a soft break ("=") where a
 * line is longer, never inside an "=XX", and a line that starts with "." or
 * "From " or ends in a space written so that no relay can change it.
 */
void mime_add_qp(struct strbuf *out, const char *text);

/* Appends data[0..len) in base64, 76 characters a line, each line ending in CRLF. */
void mime_add_base64(struct strbuf *out, const void *data, size_t len);

/* Appends s percent-encoded as an RFC 2231 value: every byte but letters, digits and !#$&+-.^_`|~. */
void mime_add_rfc2231(struct strbuf *out, const char *s);

#endif
