/*
 * Unit tests for pdfsign and the reading pdfpack does for it. Bad input
 * first: a missing NSS database, an unknown nickname, a certificate without
 * its private key, a PIN missing, wrong,
 * in a file that cannot be read or is empty (and never in a message),
 * garbage instead of a PDF, a file without signatures, a signing time
 * outside the certificate, text that is not UTF-8, and signed files with one
 * byte changed or bytes appended, which pdfsign_verify refuses. Then the
 * good paths on a report drawn like baocao-render's (libharu, repacked by
 * pdfpack_compact with an xref stream): one signature (the input kept byte
 * for byte, /M, /Reason and /Name as UTF-16 in NFC, a few KB more), the same
 * bytes again for the same SOURCE_DATE_EPOCH, two signatures, a classic
 * cross-reference table (libharu's own output), verification while a key
 * is open, qpdf --check and pdftotext on the result.
 *
 * The NSS databases and their self-signed certificates are made in a
 * temporary folder with certutil (libnss3-tools); without it the tests that
 * need a key are skipped. Run from the repository root; the fonts are looked
 * for next to the test's own build folder (build/ or build-dev/).
 *
 * The same program is tests/run-sign's signer, so that the shell tests
 * (SoftHSM2, pdfsig, 100 reports) sign through this library and nothing else:
 *   test_pdfsign --sign NSSDB NICK PIN_FILE|- IN OUT [REASON [NAME]]
 *   test_pdfsign --sign-all NSSDB NICK PIN_FILE|- OUT_DIR IN...
 *   test_pdfsign --verify FILE...
 * --sign-all signs each file twice (the signer's, then the organisation's)
 * with one open key and verifies it, as the publish stage does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "layout.h"
#include "pdf.h"
#include "pdfpack.h"
#include "pdfsign.h"
#include "ttf.h"
#include "fixtures.h"

static const char *argv0;
static char *font_paths[2];
static struct ttf *faces[2];
static struct strbuf raw, packed; /* libharu's PDF (classic xref), and as render writes it */

static char *tmp;         /* the temporary folder of the NSS databases */
static char *db_open;     /* a database without a password */
static char *db_pin;      /* one with a password, in pin_right */
static char *db_nokey;    /* db_open's certificate without its private key */
static char *pin_right, *pin_wrong, *pin_crlf, *pin_empty, *pin_blank_line;
static int have_certutil; /* certutil is installed: the databases were made */
static char epoch[24];    /* SOURCE_DATE_EPOCH: a day ago, inside the certificates' validity */

static const char nick[] = "nguoi-ky";
static const char secret[] = "mật-khẩu đúng";
static const char wrong_secret[] = "mat-khau-sai-9271";


/* ---- fixtures ---- */

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
}

/* Runs a shell command quietly; 1 when it succeeded. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	struct strbuf cmd = {0};
	va_list ap;
	strbuf_adds(&cmd, "(");
	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	strbuf_adds(&cmd, ") >/dev/null 2>&1");
	int ok = system(cmd.data) == 0;
	if (!ok)
		fprintf(stderr, "failed: %s\n", cmd.data);
	strbuf_free(&cmd);
	return ok;
}

/* Makes the two NSS databases with a self-signed RSA certificate each (valid from a month ago for ten years). */
static int make_databases(void)
{
	char *noise = xasprintf("%s/noise", tmp), *pw = xasprintf("%s/pw", tmp);
	int ok = run("head -c 64 /dev/urandom >%s", noise) && run("mkdir %s %s", db_open, db_pin) &&
		 run("certutil -N -d sql:%s --empty-password", db_open) &&
		 run("certutil -S -x -n %s -s 'CN=Nguyễn Văn An,O=Đảng ủy Khối,C=VN' -k rsa -g 2048 -Z SHA256 "
		     "-t CTu,Cu,Cu -v 120 -w -1 -z %s -d sql:%s", nick, noise, db_open);
	write_file(pw, secret, strlen(secret)); /* certutil reads the password file's first line */
	ok = ok && run("certutil -N -d sql:%s -f %s", db_pin, pw) &&
	     run("certutil -S -x -n %s -s 'CN=Trần Thị Bình,C=VN' -k rsa -g 2048 -Z SHA256 -t CTu,Cu,Cu "
		 "-v 120 -w -1 -z %s -f %s -d sql:%s", nick, noise, pw, db_pin);
	ok = ok && run("mkdir %s", db_nokey) && run("certutil -N -d sql:%s --empty-password", db_nokey) &&
	     run("certutil -L -d sql:%s -n %s -a >%s/cert.pem", db_open, nick, tmp) &&
	     run("certutil -A -d sql:%s -n %s -t ,, -i %s/cert.pem", db_nokey, nick, tmp);
	free(noise);
	free(pw);
	return ok;
}

static int setup(void **state)
{
	(void)state;
	static const char *const files[2] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"};
	struct strbuf err = {0};
	if (load_faces(argv0, files, 2, font_paths, faces) != 0 || draw_report(faces, font_paths, (struct tm){.tm_year = 2022 - 1900, .tm_mon = 11, .tm_mday = 31}, 0, &raw) || pdfpack_compact(raw.data, raw.len, &packed, &err)) {
		strbuf_free(&err);
		return -1;
	}
	strbuf_free(&err);

	char templ[] = "/tmp/test_pdfsign_XXXXXX";
	if (!mkdtemp(templ))
		return -1;
	tmp = xstrdup(templ);
	db_open = xasprintf("%s/db-open", tmp);
	db_pin = xasprintf("%s/db-pin", tmp);
	db_nokey = xasprintf("%s/db-nokey", tmp);
	pin_right = xasprintf("%s/pin-right", tmp);
	pin_wrong = xasprintf("%s/pin-wrong", tmp);
	pin_crlf = xasprintf("%s/pin-crlf", tmp);
	pin_empty = xasprintf("%s/pin-empty", tmp);
	pin_blank_line = xasprintf("%s/pin-blank-line", tmp);
	char *line = xasprintf("%s\n", secret), *crlf = xasprintf("%s\r\nthe second line is not read\n", secret);
	write_file(pin_right, line, strlen(line));
	write_file(pin_crlf, crlf, strlen(crlf));
	write_file(pin_wrong, wrong_secret, strlen(wrong_secret));
	write_file(pin_empty, "", 0);
	write_file(pin_blank_line, "\nsecond line\n", 13);
	free(line);
	free(crlf);
	snprintf(epoch, sizeof epoch, "%lld", (long long)time(NULL) - 86400);
	setenv("SOURCE_DATE_EPOCH", epoch, 1);
	/* without certutil the tests that need a key skip; with it, databases that cannot be made fail */
	have_certutil = system("command -v certutil >/dev/null 2>&1") == 0;
	if (!have_certutil || make_databases())
		return 0;
	run("rm -rf %s", tmp); /* cmocka runs no teardown after a failed setup */
	return -1;
}

static int teardown(void **state)
{
	(void)state;
	free_faces(font_paths, faces, 2);
	strbuf_free(&raw);
	strbuf_free(&packed);
	if (tmp)
		run("rm -rf %s", tmp);
	free(tmp);
	free(db_open);
	free(db_pin);
	free(db_nokey);
	free(pin_right);
	free(pin_wrong);
	free(pin_crlf);
	free(pin_empty);
	free(pin_blank_line);
	return 0;
}

/* ---- helpers ---- */

static struct pdfsign *open_ok(const char *db, const char *pin_file)
{
	struct strbuf err = {0};
	struct pdfsign *s = pdfsign_open(db, nick, pin_file, &err);
	if (!s)
		fprintf(stderr, "%s\n", err.data);
	assert_non_null(s);
	assert_int_equal(err.len, 0);
	strbuf_free(&err);
	return s;
}

/* Opening fails with a message holding want; the message never holds either PIN. */
static void open_refused(const char *db, const char *name, const char *pin_file, const char *want)
{
	struct strbuf err = {0};
	struct pdfsign *s = pdfsign_open(db, name, pin_file, &err);
	if (s || !err.data || !strstr(err.data, want))
		fprintf(stderr, "want “%s”, got: %s\n", want, err.data ? err.data : "(nothing)");
	assert_null(s);
	assert_non_null(strstr(err.data, want));
	assert_null(strstr(err.data, secret));
	assert_null(strstr(err.data, wrong_secret));
	strbuf_free(&err);
}

static void sign_ok(struct pdfsign *s, const struct strbuf *in, struct strbuf *out)
{
	struct strbuf err = {0};
	int r = pdfsign_sign(s, in->data, in->len, "Người ký văn bản", "Nguyễn Văn An", out, &err);
	if (r)
		fprintf(stderr, "%s\n", err.data);
	assert_int_equal(r, 0);
	assert_int_equal(err.len, 0);
	strbuf_free(&err);
}

/* pdfsign_verify on b: its result, the count in *k, the message in err. */
static int verify(const struct strbuf *b, size_t *k, struct strbuf *err)
{
	strbuf_reset(err);
	return pdfsign_verify(b->data, b->len, k, err);
}

static void verified(const struct strbuf *b, size_t want)
{
	struct strbuf err = {0};
	size_t k = 99;
	int r = verify(b, &k, &err);
	if (r)
		fprintf(stderr, "%s\n", err.data);
	assert_int_equal(r, 0);
	assert_int_equal(k, want);
	strbuf_free(&err);
}

/* A copy of b with the byte at offset at replaced by c, which must differ from it. */
static void changed_copy(const struct strbuf *b, size_t at, char c, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_add(out, b->data, b->len);
	assert_true(at < b->len && out->data[at] != c);
	out->data[at] = c;
}

/* The offset of the last occurrence of s in b. */
static size_t last_of(const struct strbuf *b, const char *s)
{
	size_t n = strlen(s), at = SIZE_MAX;
	for (const char *p = b->data; (p = memmem(p, b->len - (size_t)(p - b->data), s, n)); p++)
		at = (size_t)(p - b->data);
	assert_true(at != SIZE_MAX);
	return at;
}

/* ---- bad input ---- */

static void missing_database_refused(void **state)
{
	(void)state;
	char *none = xasprintf("%s/khong-co", tmp);
	open_refused(none, nick, NULL, "không có cơ sở dữ liệu NSS ở");
	/* "sql:" is optional, and a folder without cert9.db is no database */
	char *prefixed = xasprintf("sql:%s", none);
	open_refused(prefixed, nick, NULL, "không có cơ sở dữ liệu NSS ở");
	open_refused(tmp, nick, NULL, "không có cơ sở dữ liệu NSS ở");
	open_refused("", nick, NULL, "thiếu cơ sở dữ liệu NSS");
	open_refused(tmp, "", NULL, "thiếu cơ sở dữ liệu NSS");
	pdfsign_close(NULL);
	free(none);
	free(prefixed);
}

static void unknown_nickname_refused(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	open_refused(db_open, "khong-co-ai", NULL, "không có chứng thư số “khong-co-ai”");
	open_refused(db_open, "The Khac:nguoi-ky", NULL, "không có chứng thư số “The Khac:nguoi-ky”");
	/* the message says where the names are listed */
	open_refused(db_open, "khong-co-ai", NULL, "certutil -L");
	/* a certificate alone (a CA's, a colleague's) cannot sign */
	open_refused(db_nokey, nick, NULL, "không có khóa bí mật của chứng thư số “nguoi-ky”");
}

static void wrong_or_missing_pin_refused(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	open_refused(db_pin, nick, NULL, "cần mã PIN");
	open_refused(db_pin, nick, pin_wrong, "không đúng");
	/* a database without a password does not need one, and ignores one given */
	pdfsign_close(open_ok(db_open, NULL));
	pdfsign_close(open_ok(db_open, pin_wrong));
}

static void unreadable_or_empty_pin_file_refused(void **state)
{
	(void)state;
	char *none = xasprintf("%s/khong-co-tep", tmp);
	/* the PIN file is read before the database is opened: no key needed for these */
	open_refused(db_open, nick, none, "không đọc được tệp mã PIN");
	open_refused(db_open, nick, tmp, "không đọc được tệp mã PIN"); /* a folder */
	open_refused(db_open, nick, pin_empty, "rỗng");
	open_refused(db_open, nick, pin_blank_line, "rỗng");
	free(none);
}

static void pin_is_the_first_line(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	pdfsign_close(open_ok(db_pin, pin_right));
	pdfsign_close(open_ok(db_pin, pin_crlf)); /* a file saved on Windows */
}

static void garbage_refused(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	static const char garbage[] = "ma_to_chuc,ten_to_chuc\nDUK,Đảng ủy Khối\n";
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf out = {0}, err = {0};
	strbuf_adds(&out, "keep");
	const struct {
		const char *data;
		size_t n;
	} bad[] = {{garbage, sizeof garbage - 1}, {"", 0}, {packed.data, 9}, {packed.data, packed.len / 2}};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		strbuf_reset(&err);
		assert_int_equal(pdfsign_sign(s, bad[i].data, bad[i].n, "lý do", NULL, &out, &err), -1);
		assert_true(err.len > 0);
		assert_non_null(strstr(err.data, "tệp PDF"));
		/* out as it was */
		assert_int_equal(out.len, 4);
		assert_string_equal(out.data, "keep");
		size_t k = 99;
		strbuf_reset(&err);
		assert_int_equal(pdfsign_verify(bad[i].data, bad[i].n, &k, &err), -1);
		assert_int_equal(k, 0);
		assert_true(err.len > 0);
	}
	pdfsign_close(s);
	strbuf_free(&out);
	strbuf_free(&err);
}

static void unsigned_file_refused(void **state)
{
	(void)state;
	struct strbuf err = {0};
	size_t k = 99;
	assert_int_equal(verify(&packed, &k, &err), -1);
	assert_int_equal(k, 0);
	assert_non_null(strstr(err.data, "không có chữ ký số nào"));
	strbuf_free(&err);
}

static void signing_time_outside_certificate_refused(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf out = {0}, err = {0};
	setenv("SOURCE_DATE_EPOCH", "86400", 1); /* 2 January 1970 */
	assert_int_equal(pdfsign_sign(s, packed.data, packed.len, NULL, NULL, &out, &err), -1);
	assert_non_null(strstr(err.data, "chỉ có hiệu lực từ"));
	assert_non_null(strstr(err.data, "02/01/1970"));
	strbuf_reset(&err);
	setenv("SOURCE_DATE_EPOCH", "hôm nay", 1);
	assert_int_equal(pdfsign_sign(s, packed.data, packed.len, NULL, NULL, &out, &err), -1);
	assert_non_null(strstr(err.data, "SOURCE_DATE_EPOCH không hợp lệ"));
	assert_int_equal(out.len, 0);
	setenv("SOURCE_DATE_EPOCH", epoch, 1);
	pdfsign_close(s);
	strbuf_free(&out);
	strbuf_free(&err);
}

static void text_not_utf8_refused(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf out = {0}, err = {0};
	assert_int_equal(pdfsign_sign(s, packed.data, packed.len, "Ng\xff\xfei k\xfd", NULL, &out, &err), -1);
	assert_non_null(strstr(err.data, "lý do ký"));
	strbuf_reset(&err);
	assert_int_equal(pdfsign_sign(s, packed.data, packed.len, NULL, "Tr\xe1n", &out, &err), -1);
	assert_non_null(strstr(err.data, "tên người ký"));
	assert_int_equal(out.len, 0);
	pdfsign_close(s);
	strbuf_free(&out);
	strbuf_free(&err);
}

static void tampered_file_refused(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf once = {0}, twice = {0}, bad = {0}, err = {0};
	size_t k;
	sign_ok(s, &packed, &once);
	sign_ok(s, &once, &twice);
	pdfsign_close(s);

	/* a byte of the report itself: the header's version */
	changed_copy(&twice, 7, '6', &bad);
	assert_int_equal(verify(&bad, &k, &err), -1);
	assert_non_null(strstr(err.data, "chữ ký thứ 1 không khớp với nội dung"));
	/* a byte of the first signature's own dictionary (its date), under both signatures */
	size_t m = last_of(&once, "/M (D:") + 8;
	changed_copy(&twice, m, twice.data[m] == '1' ? '2' : '1', &bad);
	assert_int_equal(verify(&bad, &k, &err), -1);
	assert_non_null(strstr(err.data, "chữ ký thứ 1 không khớp với nội dung"));
	/* a byte of the second update (its /Reason) */
	size_t r = last_of(&twice, "/Reason <FEFF") + 14;
	changed_copy(&twice, r, twice.data[r] == '0' ? '1' : '0', &bad);
	assert_int_equal(verify(&bad, &k, &err), -1);
	assert_non_null(strstr(err.data, "chữ ký thứ 2 không khớp với nội dung"));
	/* the zeros after the CMS are outside the ranges: they must stay zeros */
	size_t pad = last_of(&twice, "0000> >>") + 2;
	changed_copy(&twice, pad, '7', &bad);
	assert_int_equal(verify(&bad, &k, &err), -1);
	assert_non_null(strstr(err.data, "không phải một chữ ký CMS"));
	/* a digit of the CMS itself */
	size_t cms = last_of(&twice, "/Contents <") + 40;
	changed_copy(&twice, cms, twice.data[cms] == 'a' ? 'b' : 'a', &bad);
	assert_int_equal(verify(&bad, &k, &err), -1);
	/* bytes added after the last signature */
	strbuf_reset(&bad);
	strbuf_add(&bad, twice.data, twice.len);
	strbuf_adds(&bad, "% thêm vào sau khi ký\n");
	assert_int_equal(verify(&bad, &k, &err), -1);
	assert_non_null(strstr(err.data, "không thuộc chữ ký nào"));
	/* and the intact file still passes */
	verified(&twice, 2);
	strbuf_free(&once);
	strbuf_free(&twice);
	strbuf_free(&bad);
	strbuf_free(&err);
}

/* ---- good paths ---- */

static void one_signature(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf out = {0}, err = {0};
	strbuf_adds(&out, "keep");
	/* the name given in NFD (macOS), written in NFC: “ễ” is U+1EC5 */
	assert_int_equal(pdfsign_sign(s, packed.data, packed.len, "Người ký văn bản",
				      "Nguye\xcc\x82\xcc\x83n Văn An", &out, &err), 0);
	pdfsign_close(s);
	assert_int_equal(err.len, 0);
	/* appended to out, the input kept byte for byte: an incremental update */
	assert_memory_equal(out.data, "keep", 4);
	assert_true(out.len > 4 + packed.len);
	assert_memory_equal(out.data + 4, packed.data, packed.len);
	struct strbuf signed_pdf = {0};
	strbuf_add(&signed_pdf, out.data + 4, out.len - 4);
	verified(&signed_pdf, 1);
	/* a few KB, not a font */
	size_t extra = signed_pdf.len - packed.len;
	fprintf(stderr, "one signature: %zu bytes -> %zu bytes (+%zu)\n", packed.len, signed_pdf.len, extra);
	assert_true(extra < 8192);

	const char *update = signed_pdf.data + packed.len;
	size_t update_len = signed_pdf.len - packed.len;
	assert_non_null(memmem(update, update_len, "/SubFilter /ETSI.CAdES.detached", 31));
	assert_non_null(memmem(update, update_len, "/FT /Sig", 8));
	assert_non_null(memmem(update, update_len, "/SigFlags 3", 11));
	assert_non_null(memmem(update, update_len, "/Type /XRef", 11)); /* the kind the file has */
	/* “Người” N g ư ờ i; “Nguyễn” N g u y ễ n */
	assert_non_null(memmem(update, update_len, "/Reason <FEFF004E006701B01EDD0069", 33));
	assert_non_null(memmem(update, update_len, "/Name <FEFF004E0067007500791EC5006E", 35));
	/* /M from SOURCE_DATE_EPOCH, in Vietnam's time */
	char m[40];
	time_t t = (time_t)atoll(epoch) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(m, sizeof m, "/M (D:%Y%m%d%H%M%S+07'00')", &tm);
	assert_non_null(memmem(update, update_len, m, strlen(m)));
	strbuf_free(&signed_pdf);
	strbuf_free(&out);
	strbuf_free(&err);
}

static void same_bytes_for_same_input(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf a = {0}, b = {0};
	sign_ok(s, &packed, &a);
	sign_ok(s, &packed, &b);
	pdfsign_close(s);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	strbuf_free(&a);
	strbuf_free(&b);
}

static void two_signatures(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	/* the signer's key, then the organisation's (here: another database, with a PIN) */
	struct pdfsign *signer = open_ok(db_open, NULL), *organisation = open_ok(db_pin, pin_right);
	struct strbuf once = {0}, twice = {0}, err = {0};
	sign_ok(signer, &packed, &once);
	assert_int_equal(pdfsign_sign(organisation, once.data, once.len, "Cơ quan ban hành", "Đảng ủy Khối",
				      &twice, &err), 0);
	pdfsign_close(signer);
	pdfsign_close(organisation);
	assert_memory_equal(twice.data, once.data, once.len);
	verified(&once, 1);
	verified(&twice, 2);
	fprintf(stderr, "two signatures: %zu bytes -> %zu -> %zu\n", packed.len, once.len, twice.len);
	assert_non_null(memmem(twice.data + once.len, twice.len - once.len, "/T (Signature2)", 15));
	strbuf_free(&once);
	strbuf_free(&twice);
	strbuf_free(&err);
}

static void classic_xref_table(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	/* libharu's own output: PDF 1.3, a cross-reference table, a plain trailer */
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf once = {0}, twice = {0};
	sign_ok(s, &raw, &once);
	sign_ok(s, &once, &twice);
	pdfsign_close(s);
	assert_memory_equal(once.data, raw.data, raw.len);
	assert_non_null(memmem(once.data + raw.len, once.len - raw.len, "\nxref\n", 6));
	assert_non_null(memmem(once.data + raw.len, once.len - raw.len, "trailer\n<< /Size", 16));
	assert_null(memmem(once.data + raw.len, once.len - raw.len, "/XRef", 5));
	verified(&once, 1);
	verified(&twice, 2);
	strbuf_free(&once);
	strbuf_free(&twice);
}

static void verify_while_a_key_is_open(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	/* publish's order: sign, sign, verify, then the next file with the same key */
	struct pdfsign *s = open_ok(db_pin, pin_right);
	struct strbuf a = {0}, b = {0};
	for (int file = 0; file < 3; file++) {
		strbuf_reset(&a);
		strbuf_reset(&b);
		sign_ok(s, &packed, &a);
		sign_ok(s, &a, &b);
		verified(&b, 2);
	}
	pdfsign_close(s);
	verified(&b, 2); /* and with no key open */
	strbuf_free(&a);
	strbuf_free(&b);
}

static void still_a_valid_pdf(void **state)
{
	(void)state;
	if (!have_certutil)
		skip();
	struct pdfsign *s = open_ok(db_open, NULL);
	struct strbuf once = {0}, twice = {0};
	sign_ok(s, &packed, &once);
	sign_ok(s, &once, &twice);
	pdfsign_close(s);
	assert_same_pdf_text(&packed, &twice, "8. Đảng ủy Khối\n");
	strbuf_free(&once);
	strbuf_free(&twice);
}

/* ---- the driver for tests/run-sign ---- */

static int read_file(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t got;
	if (!f)
		return -1;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(out, chunk, got);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

static int driver(int argc, char **argv)
{
	struct strbuf in = {0}, once = {0}, out = {0}, err = {0};
	int status = 0;
	util_progname = "test_pdfsign";
	if (strcmp(argv[1], "--verify") == 0 && argc > 2) {
		for (int i = 2; i < argc; i++) {
			size_t k = 0;
			strbuf_reset(&in);
			strbuf_reset(&err);
			if (read_file(argv[i], &in) || pdfsign_verify(in.data, in.len, &k, &err)) {
				printf("%s: %zu chữ ký, không hợp lệ: %s\n", argv[i], k, err.data ? err.data : "không đọc được");
				status = 1;
			} else {
				printf("%s: %zu chữ ký hợp lệ\n", argv[i], k);
			}
		}
	} else if ((strcmp(argv[1], "--sign") == 0 && argc >= 7 && argc <= 9) ||
		   (strcmp(argv[1], "--sign-all") == 0 && argc >= 7)) {
		const char *pin = strcmp(argv[4], "-") ? argv[4] : NULL;
		struct pdfsign *s = pdfsign_open(argv[2], argv[3], pin, &err);
		if (!s) {
			fprintf(stderr, "test_pdfsign: %s\n", err.data);
			return 1;
		}
		if (strcmp(argv[1], "--sign") == 0) {
			if (read_file(argv[5], &in)) {
				fprintf(stderr, "test_pdfsign: cannot read %s\n", argv[5]);
				status = 2;
			} else if (pdfsign_sign(s, in.data, in.len, argc > 7 ? argv[7] : NULL, argc > 8 ? argv[8] : NULL,
						&out, &err)) {
				fprintf(stderr, "test_pdfsign: %s\n", err.data);
				status = 1;
			} else {
				write_file(argv[6], out.data, out.len);
			}
		} else {
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			for (int i = 6; i < argc && !status; i++) {
				size_t k = 0;
				const char *base = strrchr(argv[i], '/');
				char *path = xasprintf("%s/%s", argv[5], base ? base + 1 : argv[i]);
				strbuf_reset(&in);
				strbuf_reset(&once);
				strbuf_reset(&out);
				if (read_file(argv[i], &in) ||
				    pdfsign_sign(s, in.data, in.len, "Người ký văn bản", NULL, &once, &err) ||
				    pdfsign_sign(s, once.data, once.len, "Cơ quan ban hành", "Đảng ủy Khối", &out, &err) ||
				    pdfsign_verify(out.data, out.len, &k, &err) || k != 2) {
					fprintf(stderr, "test_pdfsign: %s: %s\n", argv[i], err.data ? err.data : "?");
					status = 1;
				} else {
					write_file(path, out.data, out.len);
				}
				free(path);
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			printf("%d files signed twice and verified in %.3f s\n", argc - 6,
			       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		}
		pdfsign_close(s);
	} else {
		fprintf(stderr, "usage: test_pdfsign --sign NSSDB NICK PIN_FILE|- IN OUT [REASON [NAME]]\n"
				"       test_pdfsign --sign-all NSSDB NICK PIN_FILE|- OUT_DIR IN...\n"
				"       test_pdfsign --verify FILE...\n");
		status = 2;
	}
	strbuf_free(&in);
	strbuf_free(&once);
	strbuf_free(&out);
	strbuf_free(&err);
	return status;
}

int main(int argc, char **argv)
{
	argv0 = argv[0];
	if (argc > 1)
		return driver(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(missing_database_refused),
		cmocka_unit_test(unknown_nickname_refused),
		cmocka_unit_test(wrong_or_missing_pin_refused),
		cmocka_unit_test(unreadable_or_empty_pin_file_refused),
		cmocka_unit_test(pin_is_the_first_line),
		cmocka_unit_test(garbage_refused),
		cmocka_unit_test(unsigned_file_refused),
		cmocka_unit_test(signing_time_outside_certificate_refused),
		cmocka_unit_test(text_not_utf8_refused),
		cmocka_unit_test(tampered_file_refused),
		cmocka_unit_test(one_signature),
		cmocka_unit_test(same_bytes_for_same_input),
		cmocka_unit_test(two_signatures),
		cmocka_unit_test(classic_xref_table),
		cmocka_unit_test(verify_while_a_key_is_open),
		cmocka_unit_test(still_a_valid_pdf),
	};
	return cmocka_run_group_tests_name("pdfsign", tests, setup, teardown);
}
