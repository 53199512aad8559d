/*
 * send_run: one run of baocao-send. It reads the mail template, the
 * publication's manifest, the recipients and the ledger; decides for each
 * address of each organisation whether that organisation's current set of
 * documents is to be sent (never sent, changed since, left pending by a
 * 4xx or in flight by a run that died), was delivered before, or was
 * refused for good; then makes each message, records it in the ledger as
 * in flight, hands it to the server and records the answer; and ends with
 * one line per address not delivered and a summary on stderr. Everything
 * it makes is freed before it returns.
 */
#ifndef BAOCAO_SEND_RUN_H
#define BAOCAO_SEND_RUN_H

/* What the command line asks for. */
struct send_options {
	const char *publication; /* PHAT_HANH, the folder of manifest.json and so-gui.csv */
	const char *recipients;  /* nguoi_nhan.csv */
	const char *template;    /* templates/mail/thu.json */
	const char *url;         /* smtp://host[:port] or smtps://…, checked by smtp_check_url */
	const char *from;        /* the sender's address, checked by recipients_address_ok */
	const char *auth_file;   /* user and password, or NULL */
	const char *cacert;      /* CA certificates to trust, or NULL */
	int require_tls;
	int retry_failed;        /* send again what a server refused for good (5xx) */
	int dry_run;             /* say what would be sent; send nothing, write nothing */
	int quiet;               /* no progress, and no summary when all is delivered */
};

/*
 * Runs o. Returns the exit status: 0 when every address of the file has
 * its documents (delivered now or before), 1 when some are pending or were
 * refused, or rows of the recipients' file were skipped, 2 when the server
 * could not be used (no connection, TLS, login, sender refused) or the run
 * was interrupted. Exits 2 itself when a file cannot be read or is wrong,
 * before anything is sent.
 */
int send_run(const struct send_options *o);

#endif
