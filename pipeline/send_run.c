/*
 * send_run: the plan of a run from the ledger, the messages made and sent
 * one address at a time, and what is told at the end (see send_run.h).
 *
 * Each message is recorded as "dang_gui" and synced before it is handed to
 * the server, and its answer after: a run killed at any moment leaves at
 * most one message whose fate is unknown, which the next run sends again.
 * Its Message-ID is the same every time (made from the address and the set
 * of documents), so a mail system that sees both copies can tell them one.
 * The attachments of an organisation are read (and checked against the
 * manifest) and encoded once, for all its addresses.
 */
#include "send_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "send_ledger.h"
#include "send_manifest.h"
#include "send_mime.h"
#include "send_recipients.h"
#include "send_template.h"
#include "sha256.h"
#include "smtp.h"

/* The signal that asked the run to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* Stops at the next safe point on the first signal; a second one kills as usual. */
static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* What this run does for one address of one organisation. */
enum plan {
	PLAN_SEND,   /* never sent, changed, pending after a 4xx, in flight when a run died,
			or refused for good and --retry-failed */
	PLAN_DONE,   /* the server took this set for this address before */
	PLAN_FAILED  /* refused for good before (5xx): not again while address and set are the same */
};

struct job {
	const struct recipient *rcpt;
	const struct manifest_org *org;
	struct ledger_status st;
	enum plan plan;
	int attempted;            /* sent in this run; then: */
	enum ledger_state state;  /* what came of it (da_gui, tam_loi, loi) */
	int code;                 /* the reply code, 0 for none */
	char text[SMTP_TEXT_MAX]; /* the reply's text or what went wrong */
};

struct run {
	const struct send_options *o;
	struct mail_template *tpl;
	struct manifest *m;
	struct recipients *rcpts;
	struct ledger *ledger;
	struct job *jobs;
	size_t njobs;
	size_t no_address;        /* organisations of the manifest without an address */
	const char *domain;       /* of the sender's address, for Message-IDs */
	char stop[SMTP_TEXT_MAX]; /* why the run stopped sending, "" while it goes on */
};

/*
 * Sets *user and *password from the file at path (a line each, or one line
 * "user:password"); exits 2 on any problem, never showing what it holds.
 */
static void read_auth(const char *path, char **user, char **password)
{
	char buf[4097];
	size_t n = 0;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp đăng nhập %s (--auth-file)", path);
	if (fstat(fd, &st) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp đăng nhập %s", path);
	if (!S_ISREG(st.st_mode) || st.st_size >= (off_t)sizeof buf)
		util_die(EXIT_SYSTEM, "%s (--auth-file) phải là một tệp nhỏ: người dùng ở dòng 1, mật "
			 "khẩu ở dòng 2 (hoặc một dòng người_dùng:mật_khẩu)", path);
	if (st.st_mode & 077)
		util_warn("cảnh báo: người khác đọc được tệp đăng nhập %s; nên chạy chmod 600 %s", path,
			  path);
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			util_die_errno(EXIT_SYSTEM, "không đọc được tệp đăng nhập %s", path);
		if (r == 0 || (n += (size_t)r) == sizeof buf - 1)
			break;
	}
	close(fd);
	buf[n] = '\0';

	char *p = buf, *second = NULL;
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (strlen(p) != n - (size_t)(p - buf))
		util_die(EXIT_SYSTEM, "tệp đăng nhập %s có byte NUL: không phải tệp văn bản", path);
	char *end = p + strcspn(p, "\r\n");
	if (*end) {
		*end++ = '\0';
		end += strspn(end, "\r\n");
		second = end;
		second[strcspn(second, "\r\n")] = '\0';
	}
	if (second && *second) {
		*user = xstrdup(p);
		*password = xstrdup(second);
	} else if (strchr(p, ':')) {
		char *colon = strchr(p, ':');
		*colon = '\0';
		*user = xstrdup(p);
		*password = xstrdup(colon + 1);
	} else {
		explicit_bzero(buf, sizeof buf);
		util_die(EXIT_SYSTEM, "tệp đăng nhập %s phải có người dùng ở dòng 1 và mật khẩu ở dòng 2, "
			 "hoặc một dòng người_dùng:mật_khẩu", path);
	}
	explicit_bzero(buf, sizeof buf);
	if (!**user || !**password)
		util_die(EXIT_SYSTEM, "tệp đăng nhập %s thiếu %s", path,
			 !**user ? "tên người dùng" : "mật khẩu");
}

/* Frees a secret after overwriting it. */
static void free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static int by_org_then_line(const void *a, const void *b)
{
	const struct job *x = a, *y = b;
	if (x->rcpt->org != y->rcpt->org)
		return x->rcpt->org < y->rcpt->org ? -1 : 1;
	return x->rcpt->line < y->rcpt->line ? -1 : x->rcpt->line > y->rcpt->line;
}

/* Decides every address's plan from the ledger; reports organisations without an address. */
static void plan(struct run *r)
{
	r->njobs = r->rcpts->n;
	r->jobs = xcalloc(r->njobs + 1, sizeof *r->jobs);
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];
		j->rcpt = &r->rcpts->list[i];
		j->org = &r->m->orgs[j->rcpt->org];
		ledger_status(r->ledger, j->org->code, j->rcpt->email, j->org->set_hash, &j->st);
		j->plan = !j->st.known ? PLAN_SEND
			: j->st.state == LEDGER_SENT ? PLAN_DONE
			: j->st.state == LEDGER_FAILED && !r->o->retry_failed ? PLAN_FAILED : PLAN_SEND;
	}
	if (r->njobs > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(r->jobs, r->njobs, sizeof *r->jobs, by_org_then_line);

	char *has = xcalloc(r->m->norgs + 1, 1);
	for (size_t i = 0; i < r->njobs; i++)
		has[r->jobs[i].rcpt->org] = 1;
	for (size_t k = 0; k < r->m->norgs; k++) {
		if (has[k])
			continue;
		r->no_address++;
		if (!r->o->quiet)
			util_warn("cảnh báo: %s (%s) chưa có địa chỉ nào trong %s: các văn bản của tổ "
				  "chức này không được gửi", r->m->orgs[k].code, r->m->orgs[k].name,
				  r->o->recipients);
	}
	free(has);
}

/* Why a job is sent, for the dry run's listing. */
static const char *reason(const struct job *j)
{
	if (!j->st.known)
		return j->st.other_day[0] ? "bộ văn bản đã thay đổi từ lần gửi trước" : "chưa gửi lần nào";
	if (j->st.state == LEDGER_TEMPORARY)
		return "gửi lại sau lỗi tạm thời";
	if (j->st.state == LEDGER_FAILED)
		return "gửi lại theo --retry-failed dù lần trước máy chủ đã từ chối";
	return "gửi lại vì lần gửi trước bị ngắt giữa chừng";
}

/* The Message-ID of a job: the same for the same address and set of documents. */
static void message_id(const struct run *r, const struct job *j, struct strbuf *out)
{
	char hex[SHA256_HEX_SIZE];
	struct sha256 *s = sha256_new();
	sha256_add(s, j->org->set_hash, 64);
	sha256_add(s, "\n", 1);
	sha256_add(s, j->rcpt->email, strlen(j->rcpt->email));
	sha256_finish_hex(s, hex);
	sha256_free(s);
	strbuf_reset(out);
	strbuf_addf(out, "<baocao.%.24s.%s@%s>", hex, j->org->code, r->domain);
}

/* The subject and body of a job's message. */
static void texts(const struct run *r, const struct job *j, struct strbuf *subject,
		  struct strbuf *body)
{
	struct strbuf err = {0};
	strbuf_reset(subject);
	strbuf_reset(body);
	if (mail_template_text(r->tpl, r->m, j->org, j->st.other_day[0] ? j->st.other_day : NULL,
			       subject, body, &err) != 0)
		util_die(EXIT_SYSTEM, "%s: %s", r->o->template, err.data);
	strbuf_free(&err);
}

/* Lists what would be sent, on stdout. */
static void dry_run(const struct run *r)
{
	struct strbuf subject = {0}, body = {0};
	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];
		if (j->plan != PLAN_SEND)
			continue;
		texts(r, j, &subject, &body);
		printf("%s %s <%s> (%s:%zu)\n    Tiêu đề: %s\n", j->org->code, j->org->name,
		       j->rcpt->email, r->o->recipients, j->rcpt->line, subject.data);
		for (size_t f = 0; f < j->org->nfiles; f++)
			printf("    Tệp đính kèm: %s (%lld byte)\n", j->org->files[f].path,
			       j->org->files[f].size);
		printf("    Lý do gửi: %s\n", reason(j));
	}
	strbuf_free(&subject);
	strbuf_free(&body);
	if (fflush(stdout) != 0 || ferror(stdout))
		util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
}

/* The attachments of org, read, checked and encoded with boundary into out. */
static void attachments(const struct run *r, const struct manifest_org *org, const char *boundary,
			struct strbuf *out)
{
	struct strbuf *bytes = xcalloc(org->nfiles + 1, sizeof *bytes);
	struct mime_file *files = xcalloc(org->nfiles + 1, sizeof *files);
	struct strbuf err = {0};
	for (size_t i = 0; i < org->nfiles; i++) {
		const struct manifest_file *f = &org->files[i];
		if (manifest_read_file(r->o->publication, f, &bytes[i], &err) != 0)
			util_die(EXIT_SYSTEM, "%s; chưa gửi gì cho %s, hãy chạy lại", err.data, org->code);
		files[i] = (struct mime_file){f->name, mime_type_of(f->name), bytes[i].data, bytes[i].len};
	}
	strbuf_reset(out);
	mime_add_attachments(out, boundary, files, org->nfiles);
	for (size_t i = 0; i < org->nfiles; i++)
		strbuf_free(&bytes[i]);
	free(bytes);
	free(files);
	strbuf_free(&err);
}

/* The ledger's line for job j in state, with its reply. */
static void record(struct run *r, const struct job *j, enum ledger_state state, int code,
		   const char *text, const char *id)
{
	struct strbuf files = {0};
	strbuf_add(&files, "", 0);
	for (size_t f = 0; f < j->org->nfiles; f++) {
		if (f)
			strbuf_adds(&files, " | ");
		strbuf_adds(&files, j->org->files[f].path);
	}
	struct ledger_line line = {
		.code = j->org->code, .email = j->rcpt->email, .set_hash = j->org->set_hash,
		.state = state, .reply_code = code, .reply_text = text, .message_id = id,
		.issue = r->m->issue, .files = files.data,
	};
	ledger_append(r->ledger, &line);
	strbuf_free(&files);
}

/* Sends every job of the plan that is to be sent, in order, until the server cannot be used. */
static void send_all(struct run *r, struct smtp *server)
{
	struct strbuf attach = {0}, msg = {0}, subject = {0}, body = {0}, id = {0};
	const struct manifest_org *encoded = NULL; /* whose attachments attach holds */
	size_t total = 0, done = 0;
	int progress = !r->o->quiet && isatty(STDERR_FILENO);
	char boundary[40], date[40];

	for (size_t i = 0; i < r->njobs; i++)
		total += r->jobs[i].plan == PLAN_SEND;
	for (size_t i = 0; i < r->njobs && !r->stop[0]; i++) {
		struct job *j = &r->jobs[i];
		if (j->plan != PLAN_SEND)
			continue;
		if (interrupted) {
			snprintf(r->stop, sizeof r->stop, "lần gửi này bị ngắt (tín hiệu %d)", (int)interrupted);
			break;
		}
		if (j->org != encoded) {
			mime_boundary(j->org->set_hash, boundary);
			attachments(r, j->org, boundary, &attach);
			encoded = j->org;
		}
		texts(r, j, &subject, &body);
		message_id(r, j, &id);
		mime_date(time(NULL), date);
		struct mime_message mm = {
			.date = date, .message_id = id.data,
			.from_name = mail_template_sender(r->tpl), .from = r->o->from,
			.to_name = j->org->name, .to = j->rcpt->email,
			.subject = subject.data, .body = body.data, .boundary = boundary,
			.attachments = attach.data, .attachments_len = attach.len,
		};
		strbuf_reset(&msg);
		mime_compose(&mm, &msg);

		record(r, j, LEDGER_SENDING, 0, "", id.data);
		struct smtp_reply reply;
		smtp_send(server, r->o->from, j->rcpt->email, msg.data, msg.len, &reply);
		j->attempted = 1;
		j->code = reply.code;
		snprintf(j->text, sizeof j->text, "%s", reply.text);
		switch (reply.outcome) {
		case SMTP_ACCEPTED:
			j->state = LEDGER_SENT;
			break;
		case SMTP_PERMANENT:
			j->state = LEDGER_FAILED;
			break;
		case SMTP_TEMPORARY:
			j->state = LEDGER_TEMPORARY;
			break;
		case SMTP_UNAVAILABLE:
			/* the server as a whole: this message is tried again next time, and no other now */
			j->state = LEDGER_TEMPORARY;
			if (interrupted)
				snprintf(r->stop, sizeof r->stop, "lần gửi này bị ngắt (tín hiệu %d)",
					 (int)interrupted);
			else
				snprintf(r->stop, sizeof r->stop, "%s", reply.text);
			break;
		}
		record(r, j, j->state, j->code, j->text, id.data);
		done++;
		if (progress)
			fprintf(stderr, "\r%s: %zu/%zu thư", util_progname, done, total);
	}
	if (progress && done)
		fputs("\r\033[K", stderr);
	strbuf_free(&attach);
	strbuf_free(&msg);
	strbuf_free(&subject);
	strbuf_free(&body);
	strbuf_free(&id);
}

/* "451 4.3.0 Try again later", or the text alone when there was no reply code. */
static void reply_words(int code, const char *text, char *out, size_t size)
{
	if (code)
		snprintf(out, size, "%d %s", code, text);
	else
		snprintf(out, size, "%s", text);
}

/*
 * Prints one line per address not delivered and returns the exit status;
 * counts[] gets sent, delivered before, pending, failed.
 */
static int tell(const struct run *r, size_t counts[4])
{
	char why[SMTP_TEXT_MAX + 16];
	memset(counts, 0, 4 * sizeof *counts);
	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];
		const char *what, *day = "";
		int failed = 0;
		if (j->plan == PLAN_DONE) {
			counts[1]++;
			continue;
		}
		if (j->plan == PLAN_FAILED) {
			counts[3]++;
			reply_words(j->st.reply_code, j->st.reply_text, why, sizeof why);
			what = "lỗi, không gửi lại";
			day = j->st.day;
			failed = 1;
		} else if (r->o->dry_run) {
			continue;
		} else if (!j->attempted) {
			counts[2]++;
			snprintf(why, sizeof why, "%s", r->stop[0] ? r->stop : "chưa đến lượt");
			what = "chưa gửi, sẽ gửi ở lần chạy sau";
		} else if (j->state == LEDGER_SENT) {
			counts[0]++;
			continue;
		} else if (j->state == LEDGER_FAILED) {
			counts[3]++;
			reply_words(j->code, j->text, why, sizeof why);
			what = "lỗi, không gửi lại";
			failed = 1;
		} else {
			counts[2]++;
			reply_words(j->code, j->text, why, sizeof why);
			what = "chưa gửi được, sẽ gửi lại ở lần chạy sau";
		}
		util_warn("%s (%s) <%s> (%s:%zu): %s: %s%s%s%s", j->org->code, j->org->name,
			  j->rcpt->email, r->o->recipients, j->rcpt->line, what, why,
			  *day ? ", ngày " : "", day,
			  failed ? "; hãy sửa hoặc bỏ địa chỉ này trong danh sách người nhận (hoặc gửi lại "
				   "với --retry-failed khi phía nhận đã khắc phục)" : "");
	}
	if (r->stop[0])
		return EXIT_SYSTEM;
	if (counts[3] || r->rcpts->skipped || (!r->o->dry_run && counts[2]))
		return EXIT_REJECTED;
	return EXIT_DONE;
}

/* The summary line. */
static void summary(const struct run *r, const size_t counts[4])
{
	struct strbuf b = {0};
	size_t to_send = 0;
	for (size_t i = 0; i < r->njobs; i++)
		to_send += r->jobs[i].plan == PLAN_SEND;
	strbuf_addf(&b, "kỳ %s, lần phát hành %ld: ", r->m->period, r->m->issue);
	if (r->o->dry_run)
		strbuf_addf(&b, "thử (--dry-run), không gửi gì: %zu thư sẽ gửi, %zu đã gửi từ trước, "
			    "%zu lỗi", to_send, counts[1], counts[3]);
	else
		strbuf_addf(&b, "%zu thư đã gửi, %zu đã gửi từ trước, %zu chờ gửi lại, %zu lỗi",
			    counts[0], counts[1], counts[2], counts[3]);
	if (r->rcpts->skipped)
		strbuf_addf(&b, "; %zu dòng của %s bị bỏ qua", r->rcpts->skipped, r->o->recipients);
	if (r->no_address)
		strbuf_addf(&b, "; %zu tổ chức chưa có địa chỉ", r->no_address);
	if (r->rcpts->elsewhere)
		strbuf_addf(&b, "; %zu dòng của tổ chức không có trong kỳ này", r->rcpts->elsewhere);
	util_warn("%s", b.data);
	strbuf_free(&b);
}

int send_run(const struct send_options *o)
{
	struct run r = {.o = o};
	struct strbuf err = {0};
	char *user = NULL, *password = NULL;

	r.tpl = mail_template_load(o->template, &err);
	if (!r.tpl)
		util_die(EXIT_SYSTEM, "%s", err.data);
	r.m = manifest_load(o->publication);
	if (!r.m)
		util_die(EXIT_SYSTEM, "%s/manifest.json không dùng được: chưa gửi gì", o->publication);
	r.rcpts = recipients_load(o->recipients, r.m, o->quiet);
	if (o->auth_file)
		read_auth(o->auth_file, &user, &password);
	r.domain = strchr(o->from, '@') + 1;
	char *ledger_path = xasprintf("%s/so-gui.csv", o->publication);
	r.ledger = ledger_open(ledger_path, !o->dry_run);
	plan(&r);

	if (o->dry_run) {
		dry_run(&r);
	} else {
		catch_signals();
		struct smtp_options so = {.url = o->url, .user = user, .password = password,
					  .cacert = o->cacert, .require_tls = o->require_tls,
					  .interrupt = &interrupted};
		struct smtp *server = smtp_new(&so);
		send_all(&r, server);
		smtp_free(server);
	}
	size_t counts[4];
	int status = tell(&r, counts);
	if (!o->quiet || status != EXIT_DONE)
		summary(&r, counts);

	free(ledger_path);
	free(r.jobs);
	ledger_close(r.ledger);
	recipients_free(r.rcpts);
	manifest_free(r.m);
	mail_template_free(r.tpl);
	free_secret(user);
	free_secret(password);
	strbuf_free(&err);
	return status;
}
