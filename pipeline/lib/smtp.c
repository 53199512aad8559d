/*
 * smtp: a thin layer over libcurl's SMTP (see smtp.h). libcurl reports a
 * refused recipient and a refused sender alike (CURLE_SEND_ERROR with the
 * reply code), so the conversation is followed through libcurl's debug
 * callback: the command each reply answers tells a recipient or a message
 * refused (a matter of this message) from a sender refused (a matter of
 * every message), and the reply's own text is kept for the ledger.
 * Nothing the client sends is kept but the first word of a command, so
 * credentials never leave libcurl.
 */
#include "smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The command a reply answers. */
enum phase {
	PHASE_CONNECT, /* the greeting, TLS, EHLO */
	PHASE_AUTH,
	PHASE_MAIL,    /* MAIL FROM */
	PHASE_RCPT,    /* RCPT TO */
	PHASE_DATA,    /* DATA, and the data until the reply after its end */
	PHASE_QUIT     /* QUIT, which libcurl sends after a refusal: its 221 is no answer */
};

struct smtp {
	CURL *curl;
	char *url, *user, *password, *cacert;
	volatile sig_atomic_t *interrupt;
	long connections;
	/* the message being sent */
	const char *msg;
	size_t len, pos;
	enum phase phase;
	int code;                       /* the last reply's code, 0 before any */
	char text[SMTP_TEXT_MAX];       /* its text, without the code */
	char errbuf[CURL_ERROR_SIZE];
};

int smtp_check_url(const char *url, struct strbuf *err)
{
	const char *host = NULL;
	if (strncmp(url, "smtp://", 7) == 0)
		host = url + 7;
	else if (strncmp(url, "smtps://", 8) == 0)
		host = url + 8;
	if (!host) {
		strbuf_addf(err, "địa chỉ máy chủ thư phải bắt đầu bằng smtp:// hoặc smtps://: %s", url);
		return -1;
	}
	if (!*host || *host == ':' || *host == '/') {
		strbuf_addf(err, "thiếu tên máy chủ trong địa chỉ %s", url);
		return -1;
	}
	if (strchr(host, '@')) {
		/* user:password@host would put a secret on the command line */
		strbuf_addf(err, "không ghi người dùng hay mật khẩu trong địa chỉ máy chủ thư; "
			    "dùng --auth-file");
		return -1;
	}
	return 0;
}

/* Copies text[0..n) into out as one printable line: controls become spaces, invalid UTF-8 '?'. */
static void printable(const char *text, size_t n, char out[SMTP_TEXT_MAX])
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < SMTP_TEXT_MAX;) {
		unsigned char c = (unsigned char)text[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
			   : (c & 0xF8) == 0xF0 ? 4 : 0;
		int ok = len > 0 && i + len <= n && (len == 1 || c >= 0xC2);
		for (size_t k = 1; ok && k < len; k++)
			ok = ((unsigned char)text[i + k] & 0xC0) == 0x80;
		if (!ok) {
			out[o++] = '?';
			i++;
		} else if (len == 1) {
			out[o++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
			i++;
		} else {
			memcpy(out + o, text + i, len);
			o += len;
			i += len;
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/*
 * Takes one reply line from the server: "250-…" or "250 …". The reply to
 * QUIT is left out, so that the last reply kept is the one that decided.
 */
static void take_reply(struct smtp *s, const char *line, size_t n)
{
	if (s->phase == PHASE_QUIT)
		return;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (n < 3 || line[0] < '1' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
	    line[2] < '0' || line[2] > '9')
		return;
	s->code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	size_t skip = n > 3 ? 4 : 3;
	printable(line + skip, n - skip, s->text);
}

/* Notes which command the next reply answers, from the first word of what the client sent. */
static void take_command(struct smtp *s, const char *line, size_t n)
{
	static const struct {
		const char *verb;
		enum phase phase;
	} verbs[] = {
		{"EHLO", PHASE_CONNECT}, {"HELO", PHASE_CONNECT}, {"STARTTLS", PHASE_CONNECT},
		{"AUTH", PHASE_AUTH},    {"MAIL", PHASE_MAIL},    {"RCPT", PHASE_RCPT},
		{"DATA", PHASE_DATA},    {"QUIT", PHASE_QUIT},
	};
	/* the message's own lines come as data, never here */
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
		size_t len = strlen(verbs[i].verb);
		if (n > len && strncmp(line, verbs[i].verb, len) == 0 &&
		    (line[len] == ' ' || line[len] == '\r')) {
			s->phase = verbs[i].phase;
			return;
		}
	}
}

/* libcurl's debug callback: replies in, commands out; data and TLS are ignored. */
static int on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp *s = arg;
	(void)curl;
	if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT)
		return 0;
	for (size_t i = 0; i < size;) {
		const char *nl = memchr(data + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : size - i;
		if (type == CURLINFO_HEADER_IN)
			take_reply(s, data + i, n);
		else
			take_command(s, data + i, n);
		i += n;
	}
	return 0;
}

static size_t on_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct smtp *s = arg;
	size_t n = size * nitems;
	if (n > s->len - s->pos)
		n = s->len - s->pos;
	memcpy(buf, s->msg + s->pos, n);
	s->pos += n;
	return n;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct smtp *s = arg;
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return s->interrupt && *s->interrupt;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

#define SET(opt, val)                                                                   \
	do {                                                                            \
		if (curl_easy_setopt(s->curl, opt, val) != CURLE_OK)                    \
			util_die(EXIT_SYSTEM, "libcurl không nhận tùy chọn %s", #opt);  \
	} while (0)

struct smtp *smtp_new(const struct smtp_options *o)
{
	/*
	 * With CURLOPT_NOSIGNAL libcurl does not shield TLS writes from
	 * SIGPIPE: a server closing mid-message must be a reply, not a death.
	 */
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		util_die(EXIT_SYSTEM, "không khởi động được libcurl");
	struct smtp *s = xcalloc(1, sizeof *s);
	s->curl = curl_easy_init();
	if (!s->curl)
		util_die(EXIT_SYSTEM, "không khởi động được libcurl");
	s->url = xstrdup(o->url);
	s->user = dup_or_null(o->user);
	s->password = dup_or_null(o->password);
	s->cacert = dup_or_null(o->cacert);
	s->interrupt = o->interrupt;

	SET(CURLOPT_URL, s->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_USE_SSL, (long)(o->require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	if (s->cacert)
		SET(CURLOPT_CAINFO, s->cacert);
	if (s->user) {
		SET(CURLOPT_USERNAME, s->user);
		SET(CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, on_read);
	SET(CURLOPT_READDATA, s);
	SET(CURLOPT_VERBOSE, 1L); /* what on_debug follows; it prints nothing */
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, s);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, s);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, 30L);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, 120L);
	/* a server that takes nothing for two minutes is gone */
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, 120L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	return s;
}

/* What went wrong when the server gave no usable reply, in Vietnamese. */
static const char *curl_reason(CURLcode rc, int *unavailable)
{
	*unavailable = 1;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return "không tìm thấy máy chủ thư (tên máy không phân giải được)";
	case CURLE_COULDNT_CONNECT:
		return "không kết nối được máy chủ thư";
	case CURLE_USE_SSL_FAILED:
		return "máy chủ thư không nhận STARTTLS mà --require-tls đòi hỏi";
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return "không xác minh được chứng chỉ của máy chủ thư (--cacert chỉ tệp chứng chỉ gốc "
		       "tin cậy)";
	case CURLE_SSL_CONNECT_ERROR:
		return "không lập được kết nối mã hóa TLS với máy chủ thư";
	case CURLE_LOGIN_DENIED:
	case CURLE_AUTH_ERROR:
		return "máy chủ thư từ chối đăng nhập: kiểm tra người dùng và mật khẩu trong tệp "
		       "--auth-file";
	case CURLE_ABORTED_BY_CALLBACK:
		return "bị ngắt khi đang gửi";
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return "địa chỉ máy chủ thư không dùng được";
	default:
		break;
	}
	*unavailable = 0;
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return "máy chủ thư không trả lời kịp";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return "kết nối với máy chủ thư bị ngắt giữa chừng";
	default:
		return "lỗi khi gửi thư";
	}
}

/* Sets r's text to reason, then ": " and detail when there is one. */
static void explain(struct smtp_reply *r, const char *reason, const char *detail)
{
	char buf[SMTP_TEXT_MAX];
	if (detail && *detail)
		snprintf(buf, sizeof buf, "%s: %s", reason, detail);
	else
		snprintf(buf, sizeof buf, "%s", reason);
	printable(buf, strlen(buf), r->text);
}

void smtp_send(struct smtp *s, const char *from, const char *to, const char *message,
	       size_t len, struct smtp_reply *r)
{
	char *from_arg = xasprintf("<%s>", from), *to_arg = xasprintf("<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to_arg);
	if (!rcpt)
		util_die(EXIT_SYSTEM, "hết bộ nhớ");
	s->msg = message;
	s->len = len;
	s->pos = 0;
	s->phase = PHASE_CONNECT;
	s->code = 0;
	s->text[0] = s->errbuf[0] = '\0';
	SET(CURLOPT_MAIL_FROM, from_arg);
	SET(CURLOPT_MAIL_RCPT, rcpt);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);

	CURLcode rc = curl_easy_perform(s->curl);
	long connects = 0;
	if (curl_easy_getinfo(s->curl, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK)
		s->connections += connects;
	if (!s->code) {
		long code = 0;
		if (curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
		    code >= 100 && code < 600)
			s->code = (int)code;
	}
	/* the message's data is libcurl's no more: forget the pointers */
	SET(CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_slist_free_all(rcpt);
	free(from_arg);
	free(to_arg);

	memset(r, 0, sizeof *r);
	r->code = s->code;
	const char *detail = s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc);
	if (rc == CURLE_OK) {
		r->outcome = SMTP_ACCEPTED;
		snprintf(r->text, sizeof r->text, "%s", s->text);
		return;
	}
	int unavailable, replied = s->code >= 400;
	const char *reason = curl_reason(rc, &unavailable);
	r->code = replied ? s->code : 0;
	if (replied)
		detail = s->text;
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		r->outcome = SMTP_UNAVAILABLE;
		explain(r, reason, NULL);
	} else if (s->phase == PHASE_AUTH || rc == CURLE_LOGIN_DENIED || rc == CURLE_AUTH_ERROR) {
		r->outcome = SMTP_UNAVAILABLE;
		explain(r, curl_reason(CURLE_LOGIN_DENIED, &unavailable), detail);
	} else if (s->phase == PHASE_CONNECT) {
		/* before any command of this message: the server as a whole */
		r->outcome = SMTP_UNAVAILABLE;
		explain(r, unavailable ? reason : "máy chủ thư không nhận kết nối", detail);
	} else if (!replied) {
		/* the connection broke: this message may be tried again, unless the server is gone */
		r->outcome = unavailable ? SMTP_UNAVAILABLE : SMTP_TEMPORARY;
		explain(r, reason, detail);
	} else if (s->phase == PHASE_MAIL && s->code >= 500) {
		r->outcome = SMTP_UNAVAILABLE;
		explain(r, "máy chủ thư không nhận địa chỉ người gửi (--from)", s->text);
	} else {
		/* a reply to MAIL (4xx), RCPT, DATA or the end of the data: this message */
		r->outcome = s->code >= 500 ? SMTP_PERMANENT : SMTP_TEMPORARY;
		snprintf(r->text, sizeof r->text, "%s", s->text);
	}
}

long smtp_connections(const struct smtp *s)
{
	return s->connections;
}

/* Overwrites a secret before it is freed (a store the compiler cannot drop). */
static void wipe(char *p)
{
	if (p)
		explicit_bzero(p, strlen(p));
}

void smtp_free(struct smtp *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->curl); /* sends QUIT on an open connection */
	curl_global_cleanup();
	wipe(s->password);
	free(s->url);
	free(s->user);
	free(s->password);
	free(s->cacert);
	free(s);
}
