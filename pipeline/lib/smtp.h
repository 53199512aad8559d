/*
 * smtp: handing finished messages to one SMTP server, and the only user of
 * libcurl. A struct smtp is one server with its options and one libcurl
 * handle, so that consecutive messages share a connection (libcurl opens a
 * new one when the server closed it, after a refused recipient for one).
 * Each message goes to one recipient, and what the server answered is
 * told apart so that the caller can keep a ledger: accepted, try again
 * later, refused for good, or the server cannot be used at all now.
 *
 * The struct owns copies of every option string (the password is wiped
 * before it is freed); smtp_free releases it. Messages are given whole,
 * already formatted (CRLF line ends, 7-bit); libcurl does the SMTP dot
 * escaping and adds nothing to the headers.
 */
#ifndef BAOCAO_SMTP_H
#define BAOCAO_SMTP_H

#include <signal.h>
#include <stddef.h>

#include "util.h"

struct smtp_options {
	const char *url;      /* smtp://host[:port] or smtps://host[:port] */
	const char *user;     /* with password, for AUTH; NULL for none */
	const char *password;
	const char *cacert;   /* a file of CA certificates to trust; NULL: the system's */
	int require_tls;      /* smtp://: refuse to go on unless the server takes STARTTLS */
	/* set to nonzero (by a signal handler) to abandon the message in flight */
	volatile sig_atomic_t *interrupt;
};

enum smtp_outcome {
	SMTP_ACCEPTED,    /* a 2xx after the message's data: the server took it */
	SMTP_TEMPORARY,   /* a 4xx, or the connection broke mid-message: try again later */
	SMTP_PERMANENT,   /* a 5xx for the recipient or the message: do not try again as it is */
	SMTP_UNAVAILABLE  /* nothing can be sent now: no connection, TLS missing or not
			     verified, login or sender refused, interrupted */
};

/* The longest reply text kept, in bytes. */
#define SMTP_TEXT_MAX 400

struct smtp_reply {
	enum smtp_outcome outcome;
	int code;                  /* the server's reply code (250, 451, 550); 0 when none */
	/*
	 * The server's last reply line without its code ("2.0.0 Ok: queued
	 * as 4F2A"), made printable; for SMTP_UNAVAILABLE, or when the server
	 * said nothing, what went wrong in Vietnamese followed by the detail.
	 */
	char text[SMTP_TEXT_MAX];
};

/*
 * Checks that url is smtp:// or smtps:// with a host; returns 0, or -1 with
 * the reason (Vietnamese) in err.
 */
int smtp_check_url(const char *url, struct strbuf *err);

/*
 * A server to send to, with copies of o's strings; nothing is sent until
 * smtp_send. SIGPIPE is ignored from then on (a server that closes the
 * connection is an answer). Exits 2 when libcurl cannot start.
 */
struct smtp *smtp_new(const struct smtp_options *o);

/*
 * Sends message[0..len) from the envelope address from to the one
 * recipient to (plain addresses, without angle brackets), and sets *r to
 * what came of it. The connection of the previous message is reused when
 * it is still open.
 */
void smtp_send(struct smtp *s, const char *from, const char *to, const char *message,
	       size_t len, struct smtp_reply *r);

/* How many connections were opened so far (for the summary and tests). */
long smtp_connections(const struct smtp *s);

/* Closes the connection (QUIT) and frees s. Accepts NULL. */
void smtp_free(struct smtp *s);

#endif
