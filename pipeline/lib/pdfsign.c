/*
 * pdfsign: NSS's PKCS#11 key lookup and CMS encoder and decoder for the
 * signature, pdfpack (libqpdf) for the objects an update extends; the update
 * itself is written here, byte by byte, after the untouched input. Its
 * signature dictionary reserves /Contents for the CMS (sized from the
 * certificate chain and the key), /ByteRange is filled in once the update's
 * length is known, and the SHA-256 digest of the two ranges is what the CMS
 * signs. Nothing goes through an external program: the PIN stays in this
 * process.
 */
#include "pdfsign.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cert.h>
#include <cms.h>
#include <keyhi.h>
#include <nss.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secerr.h>
#include <sechash.h>
#include <secoid.h>

#include "pdfpack.h"
#include "textnorm.h"

/* Vietnam's offset from UTC (it keeps no summer time), for /M. */
enum { VN_OFFSET = 7 * 3600 };
/* Room in /Contents besides the certificates, the signature value and the issuer's name (twice). */
enum { CMS_SLACK = 512 };
/* The longest PIN read (tokens take far less). */
enum { PIN_MAX = 256 };
/* "[0 b c d]" with numbers of up to 10 digits: files under 10^10 bytes. */
enum { RANGE_WIDTH = 36 };

struct pdfsign {
	NSSInitContext *nss;
	CERTCertificate *cert;
	char *nick;
	char *pin;      /* NULL: none; wiped at close */
	size_t reserve; /* bytes of /Contents for the CMS */
};

/* id-aa-signingCertificateV2 (RFC 5035), 1.2.840.113549.1.9.16.2.47: NSS has no tag for it. */
static const unsigned char oid_signing_certificate_v2[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D,
							   0x01, 0x09, 0x10, 0x02, 0x2F};

/* Appends " (NSS: NAME)", NSS's last error, to err. */
static void add_nss_reason(struct strbuf *err)
{
	const char *name = PR_ErrorToName(PORT_GetError());
	strbuf_addf(err, " (NSS: %s)", name ? name : "lỗi không rõ");
}

/*
 * NSS asks for a PIN through this (arg is the struct pdfsign given as the
 * PKCS#11 context). A retry means the PIN was wrong: no second try, since
 * tokens lock themselves after a few.
 */
static char *pin_callback(PK11SlotInfo *slot, PRBool retry, void *arg)
{
	const struct pdfsign *s = arg;
	(void)slot;
	if (retry || !s || !s->pin)
		return NULL;
	return PORT_Strdup(s->pin);
}

/* Why a file could not be read, in Vietnamese for the usual reasons. */
static const char *read_error(int e)
{
	switch (e) {
	case ENOENT:
		return "không có tệp này";
	case EACCES:
		return "không có quyền đọc";
	case EISDIR:
		return "đây là một thư mục";
	default:
		return util_strerror(e);
	}
}

/* The first line of the file path without its line end, newly allocated; NULL with the reason in err. */
static char *read_pin(const char *path, struct strbuf *err)
{
	char buf[PIN_MAX + 2];
	FILE *f = fopen(path, "r");
	if (!f) {
		strbuf_addf(err, "không đọc được tệp mã PIN %s: %s", path, read_error(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IONBF, 0); /* no copy of the PIN left in a stdio buffer */
	size_t got = fread(buf, 1, sizeof buf - 1, f);
	int failed = ferror(f) ? errno : 0;
	fclose(f);
	buf[got] = '\0';
	size_t len = strcspn(buf, "\r\n");
	char *pin = NULL;
	if (failed)
		strbuf_addf(err, "không đọc được tệp mã PIN %s: %s", path, read_error(failed));
	else if (len == 0)
		strbuf_addf(err, "tệp mã PIN %s rỗng: dòng đầu của nó phải là mã PIN", path);
	else if (len > PIN_MAX || memchr(buf, '\0', len))
		strbuf_addf(err, "dòng đầu của tệp mã PIN %s không phải một mã PIN (quá %d byte hoặc có byte NUL)",
			    path, PIN_MAX);
	else
		pin = xstrndup(buf, len);
	explicit_bzero(buf, sizeof buf);
	return pin;
}

/* The NSS name of the database in the folder nssdb ("sql:DIR"), checked to exist; NULL with the reason in err. */
static char *db_name(const char *nssdb, struct strbuf *err)
{
	const char *dir = strncmp(nssdb, "sql:", 4) == 0 ? nssdb + 4 : nssdb;
	struct stat st;
	char *cert9 = xasprintf("%s/cert9.db", dir);
	int ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && stat(cert9, &st) == 0;
	free(cert9);
	if (!ok) {
		strbuf_addf(err, "không có cơ sở dữ liệu NSS ở %s (thư mục có cert9.db và key4.db, "
			    "tạo bằng certutil -N -d sql:%s)", dir, dir);
		return NULL;
	}
	return xasprintf("sql:%s", dir);
}

/* Formats t (seconds since 1970, UTC) in Vietnam's time as fmt (strftime). */
static void vn_time(time_t t, const char *fmt, char *out, size_t size)
{
	time_t local = t + VN_OFFSET;
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(out, size, fmt, &tm);
}

struct pdfsign *pdfsign_open(const char *nssdb, const char *nick, const char *pin_file, struct strbuf *err)
{
	struct pdfsign *s = xcalloc(1, sizeof *s);
	char *db = NULL;
	PK11SlotInfo *slot = NULL;
	SECKEYPrivateKey *key = NULL;
	CERTCertificateList *chain = NULL;

	if (!nssdb || !*nssdb || !nick || !*nick) {
		strbuf_adds(err, "thiếu cơ sở dữ liệu NSS hoặc tên của chứng thư số để ký");
		goto fail;
	}
	s->nick = xstrdup(nick);
	if (pin_file && !(s->pin = read_pin(pin_file, err)))
		goto fail;
	if (!(db = db_name(nssdb, err)))
		goto fail;
	/* no root certificates module: signing needs the database and its tokens only */
	s->nss = NSS_InitContext(db, "", "", SECMOD_DB, NULL, NSS_INIT_READONLY | NSS_INIT_NOROOTINIT);
	if (!s->nss) {
		strbuf_addf(err, "NSS không mở được cơ sở dữ liệu %s", db + 4);
		add_nss_reason(err);
		goto fail;
	}
	PK11_SetPasswordFunc(pin_callback);

	s->cert = PK11_FindCertFromNickname(nick, s);
	if (!s->cert) {
		if (PORT_GetError() == SEC_ERROR_BAD_PASSWORD && !s->pin)
			strbuf_addf(err, "thẻ cần mã PIN để tìm chứng thư số “%s”: hãy cho tệp mã PIN", nick);
		else if (PORT_GetError() == SEC_ERROR_BAD_PASSWORD)
			strbuf_addf(err, "mã PIN trong %s không đúng, không mở được thẻ để tìm chứng thư số “%s” "
				    "(thẻ tự khóa sau vài lần sai: hãy kiểm tra mã PIN trước khi chạy lại)", pin_file, nick);
		else
			strbuf_addf(err, "không có chứng thư số “%s” trong %s (tên có trong certutil -L -d %s, "
				    "của thẻ PKCS#11 trong certutil -L -h all -d %s, dạng “TÊN THẺ:tên”)",
				    nick, db + 4, db, db);
		goto fail;
	}
	/* the token holding the certificate is where its key is: log in there only, once */
	slot = s->cert->slot ? PK11_ReferenceSlot(s->cert->slot) : PK11_GetInternalKeySlot();
	if (PK11_NeedLogin(slot) && !PK11_IsLoggedIn(slot, s)) {
		char *where = PK11_IsInternalKeySlot(slot) ? xasprintf("cơ sở dữ liệu NSS %s", db + 4)
							   : xasprintf("thẻ “%s”", PK11_GetTokenName(slot));
		int refused = !s->pin || PK11_CheckUserPassword(slot, s->pin) != SECSuccess;
		if (!s->pin)
			strbuf_addf(err, "%s cần mã PIN: hãy cho tệp mã PIN", where);
		else if (refused)
			strbuf_addf(err, "mã PIN trong %s không đúng với %s%s", pin_file, where,
				    PK11_IsInternalKeySlot(slot) ? "" : " (thẻ tự khóa sau vài lần sai: hãy kiểm tra "
									"mã PIN trước khi chạy lại)");
		free(where);
		if (refused)
			goto fail;
	}
	if (!(key = PK11_FindKeyByAnyCert(s->cert, s))) {
		strbuf_addf(err, "không có khóa bí mật của chứng thư số “%s” trong %s", nick, db + 4);
		goto fail;
	}
	/* /Contents holds the CMS: the chain it includes, the signature value, names, attributes */
	chain = CERT_CertChainFromCert(s->cert, certUsageEmailSigner, PR_TRUE);
	size_t certs = 0;
	if (chain)
		for (int i = 0; i < chain->len; i++)
			certs += chain->certs[i].len;
	else
		certs = s->cert->derCert.len;
	int sig_len = PK11_SignatureLen(key);
	s->reserve = certs + (size_t)(sig_len > 0 ? sig_len : 1024) + 2 * s->cert->derIssuer.len + CMS_SLACK;

	CERT_DestroyCertificateList(chain);
	SECKEY_DestroyPrivateKey(key);
	PK11_FreeSlot(slot);
	free(db);
	return s;
fail:
	if (chain)
		CERT_DestroyCertificateList(chain);
	if (key)
		SECKEY_DestroyPrivateKey(key);
	if (slot)
		PK11_FreeSlot(slot);
	free(db);
	pdfsign_close(s);
	return NULL;
}

void pdfsign_certificate_sha256(const struct pdfsign *s, char hex[65])
{
	unsigned char hash[32];
	hex[0] = '\0';
	if (HASH_HashBuf(HASH_AlgSHA256, hash, s->cert->derCert.data, s->cert->derCert.len) != SECSuccess)
		util_die(EXIT_SYSTEM, "NSS không tính được SHA-256 của chứng thư số “%s”", s->nick);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
}

void pdfsign_close(struct pdfsign *s)
{
	if (!s)
		return;
	if (s->cert)
		CERT_DestroyCertificate(s->cert);
	if (s->pin) {
		explicit_bzero(s->pin, strlen(s->pin));
		free(s->pin);
	}
	/* shut down here, not at exit: a token's library finalised after exit handlers can crash */
	if (s->nss && NSS_ShutdownContext(s->nss) != SECSuccess)
		util_warn("cảnh báo: NSS không đóng được cơ sở dữ liệu (NSS: %s)", PR_ErrorToName(PORT_GetError()));
	free(s->nick);
	free(s);
}

/* ---- DER pieces of the signing-certificate-v2 attribute ---- */

/* Appends a DER tag and the definite length len. */
static void der_head(struct strbuf *b, unsigned char tag, size_t len)
{
	unsigned char h[6];
	size_t k = 0;
	h[k++] = tag;
	if (len < 0x80) {
		h[k++] = (unsigned char)len;
	} else {
		size_t bytes = len < 0x100 ? 1 : len < 0x10000 ? 2 : 3;
		h[k++] = (unsigned char)(0x80 | bytes);
		while (bytes--)
			h[k++] = (unsigned char)(len >> (8 * bytes));
	}
	strbuf_add(b, h, k);
}

/* Appends the DER element tag holding content[0..len). */
static void der_add(struct strbuf *b, unsigned char tag, const void *content, size_t len)
{
	der_head(b, tag, len);
	strbuf_add(b, content, len);
}

/*
 * Adds to si the signed attribute signingCertificateV2 naming cert (RFC
 * 5035; PAdES requires it): SEQUENCE { SEQUENCE OF ESSCertIDv2 { certHash
 * (SHA-256, the default algorithm, so left out), IssuerSerial { issuer as
 * a directoryName, serialNumber } } }. NSS exports no function to add a
 * signed attribute, so it goes into the signer info's attribute array,
 * allocated in the message's arena as NSS's own attributes are.
 */
static int add_signing_certificate(NSSCMSSignerInfo *si, const CERTCertificate *cert)
{
	unsigned char hash[32];
	struct strbuf a = {0}, b = {0};
	int ret = -1;

	if (HASH_HashBuf(HASH_AlgSHA256, hash, cert->derCert.data, cert->derCert.len) != SECSuccess)
		return -1;
	der_add(&a, 0xA4, cert->derIssuer.data, cert->derIssuer.len); /* [4] directoryName */
	der_add(&b, 0x30, a.data, a.len);                              /* GeneralNames */
	der_add(&b, 0x02, cert->serialNumber.data, cert->serialNumber.len);
	strbuf_reset(&a);
	der_add(&a, 0x30, b.data, b.len); /* IssuerSerial */
	strbuf_reset(&b);
	der_add(&b, 0x04, hash, sizeof hash);
	strbuf_add(&b, a.data, a.len);
	strbuf_reset(&a);
	der_add(&a, 0x30, b.data, b.len); /* ESSCertIDv2 */
	strbuf_reset(&b);
	der_add(&b, 0x30, a.data, a.len); /* SEQUENCE OF */
	strbuf_reset(&a);
	der_add(&a, 0x30, b.data, b.len); /* SigningCertificateV2 */

	PLArenaPool *pool = si->cmsg->poolp;
	NSSCMSAttribute *attr = PORT_ArenaZAlloc(pool, sizeof *attr);
	SECItem **values = PORT_ArenaZAlloc(pool, 2 * sizeof *values);
	SECItem *value = SECITEM_AllocItem(pool, NULL, (unsigned)a.len);
	unsigned char *type = PORT_ArenaAlloc(pool, sizeof oid_signing_certificate_v2);
	size_t count = 0;
	while (si->authAttr && si->authAttr[count])
		count++;
	NSSCMSAttribute **attrs = si->authAttr
		? PORT_ArenaGrow(pool, si->authAttr, (count + 1) * sizeof *attrs, (count + 2) * sizeof *attrs)
		: PORT_ArenaZAlloc(pool, 2 * sizeof *attrs);
	if (attr && values && value && type && attrs) {
		memcpy(value->data, a.data, a.len);
		memcpy(type, oid_signing_certificate_v2, sizeof oid_signing_certificate_v2);
		values[0] = value;
		attr->type = (SECItem){siDEROID, type, sizeof oid_signing_certificate_v2};
		attr->values = values;
		attr->encoded = PR_TRUE; /* values[0] is DER already */
		attrs[count] = attr;
		attrs[count + 1] = NULL;
		si->authAttr = attrs;
		ret = 0;
	}
	strbuf_free(&a);
	strbuf_free(&b);
	return ret;
}

/*
 * Sets *der (allocated in arena) to the detached CMS SignedData of s's key
 * over the SHA-256 digest: one signer, the certificate chain, signed
 * attributes content type, message digest and signing certificate v2.
 */
static int cms_sign(struct pdfsign *s, unsigned char *digest, unsigned digest_len, PLArenaPool *arena,
		    SECItem *der, struct strbuf *err)
{
	NSSCMSMessage *msg = NSS_CMSMessage_Create(NULL);
	NSSCMSSignedData *sd = NULL;
	NSSCMSSignerInfo *si = NULL;
	int ret = -1;

	if (!msg || !(sd = NSS_CMSSignedData_Create(msg)))
		goto done;
	if (NSS_CMSContentInfo_SetContent_SignedData(msg, NSS_CMSMessage_GetContentInfo(msg), sd) != SECSuccess) {
		NSS_CMSSignedData_Destroy(sd);
		goto done;
	}
	/* the message owns sd from here on; the content is detached (NULL data) */
	if (NSS_CMSContentInfo_SetContent_Data(msg, NSS_CMSSignedData_GetContentInfo(sd), NULL, PR_TRUE) != SECSuccess)
		goto done;
	if (!(si = NSS_CMSSignerInfo_Create(msg, s->cert, SEC_OID_SHA256)))
		goto done;
	if (NSS_CMSSignerInfo_IncludeCerts(si, NSSCMSCM_CertChain, certUsageEmailSigner) != SECSuccess ||
	    add_signing_certificate(si, s->cert) != 0) {
		NSS_CMSSignerInfo_Destroy(si);
		goto done;
	}
	if (NSS_CMSSignedData_AddSignerInfo(sd, si) != SECSuccess)
		goto done;
	SECItem d = {siBuffer, digest, digest_len};
	if (NSS_CMSSignedData_SetDigestValue(sd, SEC_OID_SHA256, &d) != SECSuccess)
		goto done;
	NSSCMSEncoderContext *ecx = NSS_CMSEncoder_Start(msg, NULL, NULL, der, arena, pin_callback, s,
							 NULL, NULL, NULL, NULL);
	if (ecx && NSS_CMSEncoder_Finish(ecx) == SECSuccess && der->len > 0)
		ret = 0;
done:
	if (ret) {
		strbuf_addf(err, "NSS không ký được bằng “%s”", s->nick);
		add_nss_reason(err);
	}
	if (msg)
		NSS_CMSMessage_Destroy(msg);
	return ret;
}

/* ---- BER, as NSS's streaming encoder writes it, and DER, as PDF asks for it ---- */

/* Nesting deeper than this is not a signature. */
enum { BER_DEPTH = 32 };

/*
 * Reads the identifier and length octets of the BER element at b[0..n):
 * *hdr their size, *len the length of the contents (SIZE_MAX when
 * indefinite), *constructed its form. Returns 0, or -1 when they do not fit.
 */
static int ber_head(const unsigned char *b, size_t n, size_t *hdr, size_t *len, int *constructed)
{
	size_t i = 1;
	if (n < 2)
		return -1;
	*constructed = (b[0] & 0x20) != 0;
	if ((b[0] & 0x1F) == 0x1F) /* a tag number in more octets */
		while (i < n && (b[i++] & 0x80))
			if (i > 5)
				return -1;
	if (i >= n)
		return -1;
	unsigned char l = b[i++];
	if (l == 0x80) {
		if (!*constructed)
			return -1;
		*len = SIZE_MAX;
	} else if (l < 0x80) {
		*len = l;
	} else {
		size_t bytes = l & 0x7F;
		if (bytes > 4 || n - i < bytes)
			return -1;
		*len = 0;
		while (bytes--)
			*len = *len << 8 | b[i++];
	}
	*hdr = i;
	return *len == SIZE_MAX || *len <= n - i ? 0 : -1;
}

/* The size of the BER element at b[0..n) (0 when it is malformed or longer than n). */
static size_t ber_size(const unsigned char *b, size_t n, int depth)
{
	size_t hdr, len;
	int constructed;
	if (depth > BER_DEPTH || ber_head(b, n, &hdr, &len, &constructed))
		return 0;
	if (len != SIZE_MAX)
		return hdr + len;
	for (size_t at = hdr; at < n;) {
		if (n - at >= 2 && b[at] == 0 && b[at + 1] == 0)
			return at + 2; /* end of contents */
		size_t child = ber_size(b + at, n - at, depth + 1);
		if (!child)
			return 0;
		at += child;
	}
	return 0;
}

/* 1 when the BER element b[0..n) holds an indefinite length, itself or inside. */
static int ber_indefinite(const unsigned char *b, size_t n, int depth)
{
	size_t hdr, len;
	int constructed;
	if (depth > BER_DEPTH || ber_head(b, n, &hdr, &len, &constructed))
		return 0;
	if (len == SIZE_MAX)
		return 1;
	for (size_t at = hdr, child; constructed && at < hdr + len; at += child)
		if (!(child = ber_size(b + at, hdr + len - at, depth + 1)) || ber_indefinite(b + at, child, depth + 1))
			return child != 0;
	return 0;
}

/*
 * Appends the DER form of the BER element b[0..n) (n from ber_size):
 * every length definite. NSS's encoder streams the outer layers of a CMS
 * message with indefinite lengths; ISO 32000 wants /Contents DER-encoded.
 * Elements without an indefinite length inside (the certificates, the
 * signed attributes the signature covers) are copied as they are.
 */
static void ber_to_der(const unsigned char *b, size_t n, struct strbuf *out, int depth)
{
	size_t hdr, len;
	int constructed;
	if (depth > BER_DEPTH || ber_head(b, n, &hdr, &len, &constructed))
		return;
	if (!ber_indefinite(b, n, depth)) {
		strbuf_add(out, b, hdr + len);
		return;
	}
	size_t end = len == SIZE_MAX ? n : hdr + len;
	struct strbuf inner = {0};
	for (size_t at = hdr; at < end;) {
		if (len == SIZE_MAX && end - at >= 2 && b[at] == 0 && b[at + 1] == 0)
			break;
		size_t child = ber_size(b + at, end - at, depth + 1);
		if (!child)
			break;
		ber_to_der(b + at, child, &inner, depth + 1);
		at += child;
	}
	/* the identifier octets as they are, then a definite length */
	size_t tag = 1;
	if ((b[0] & 0x1F) == 0x1F)
		while (b[tag++] & 0x80)
			;
	strbuf_add(out, b, tag - 1);
	der_head(out, b[tag - 1], inner.len);
	strbuf_add(out, inner.data ? inner.data : "", inner.len);
	strbuf_free(&inner);
}

/* ---- the incremental update ---- */

/* Sets *t to the signing time: SOURCE_DATE_EPOCH when set, else the clock. */
static int signing_time(time_t *t, struct strbuf *err)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (!epoch || !*epoch) {
		*t = time(NULL);
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(epoch, &end, 10);
	if (*end || errno || v < 0 || v > 253402300799LL) {
		strbuf_addf(err, "SOURCE_DATE_EPOCH không hợp lệ: %s", epoch);
		return -1;
	}
	*t = (time_t)v;
	return 0;
}

/* Appends to out the UTF-8 text s as a PDF text string in hex: UTF-16BE with its byte order mark, NFC. */
static int add_text_string(struct strbuf *out, const char *s)
{
	size_t n = strlen(s);
	struct strbuf nfc = {0}, utf16 = {0};
	if (textnorm_utf8_check(s, n) != n)
		return -1;
	textnorm_nfc(s, n, &nfc);
	textnorm_utf16be(nfc.data, nfc.len, &utf16);
	strbuf_addc(out, '<');
	for (size_t i = 0; i < utf16.len; i++)
		strbuf_addf(out, "%02X", (unsigned char)utf16.data[i]);
	strbuf_addc(out, '>');
	strbuf_free(&nfc);
	strbuf_free(&utf16);
	return 0;
}

/* An object of the update and where it starts. */
struct entry {
	long num, gen;
	size_t offset;
};

/* Appends the update's cross-reference section (a stream when xref is not 0, else a table) and trailer. */
static void add_xref(struct strbuf *o, size_t base, const struct pdfpack_update *u, struct entry *e, size_t k,
		     long xref)
{
	/* in number order, each run of consecutive numbers a subsection */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && e[j - 1].num > e[j].num; j--) {
			struct entry t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	size_t at = o->len - base;
	long size = xref ? xref + 1 : u->size + 2;
	if (xref) {
		struct strbuf rows = {0};
		for (size_t i = 0; i < k; i++) {
			unsigned char r[7] = {1, (unsigned char)(e[i].offset >> 24), (unsigned char)(e[i].offset >> 16),
					      (unsigned char)(e[i].offset >> 8), (unsigned char)e[i].offset,
					      (unsigned char)(e[i].gen >> 8), (unsigned char)e[i].gen};
			strbuf_add(&rows, r, sizeof r);
		}
		strbuf_addf(o, "%ld 0 obj\n<< /Type /XRef /Size %ld /Index [", xref, size);
		for (size_t i = 0; i < k;) {
			size_t j = i + 1;
			while (j < k && e[j].num == e[j - 1].num + 1)
				j++;
			strbuf_addf(o, " %ld %zu", e[i].num, j - i);
			i = j;
		}
		strbuf_addf(o, " ] /W [ 1 4 2 ] /Prev %zu%s /Length %zu >>\nstream\n", u->prev, u->trailer.data,
			    rows.len);
		strbuf_add(o, rows.data, rows.len);
		strbuf_adds(o, "\nendstream\nendobj\n");
		strbuf_free(&rows);
	} else {
		strbuf_adds(o, "xref\n");
		for (size_t i = 0; i < k;) {
			size_t j = i + 1;
			while (j < k && e[j].num == e[j - 1].num + 1)
				j++;
			strbuf_addf(o, "%ld %zu\n", e[i].num, j - i);
			for (; i < j; i++)
				strbuf_addf(o, "%010zu %05ld n\r\n", e[i].offset, e[i].gen);
		}
		strbuf_addf(o, "trailer\n<< /Size %ld /Prev %zu%s >>\n", size, u->prev, u->trailer.data);
	}
	strbuf_addf(o, "startxref\n%zu\n%%%%EOF\n", at);
}

/*
 * Appends in[0..n) and its update signed with reserve bytes for the CMS.
 * Returns 0; 1 when the CMS needs more room (*need bytes; out is then to be
 * cut back by the caller); -1 with the reason in err.
 */
static int add_signed(struct pdfsign *s, const char *in, size_t n, const struct pdfpack_update *u,
		      const char *fields, size_t reserve, struct strbuf *out, size_t *need, struct strbuf *err)
{
	size_t base = out->len;
	struct entry e[PDFPACK_UPDATE_MAX + 3];
	size_t k = 0;
	long widget = u->size, sig = u->size + 1, xref = u->xref_stream ? u->size + 2 : 0;

	strbuf_add(out, in, n);
	if (n && in[n - 1] != '\n' && in[n - 1] != '\r')
		strbuf_addc(out, '\n');
	for (size_t i = 0; i < u->nobjects; i++) {
		e[k++] = (struct entry){u->objects[i].num, u->objects[i].gen, out->len - base};
		strbuf_addf(out, "%ld %ld obj\n%s\nendobj\n", u->objects[i].num, u->objects[i].gen,
			    u->objects[i].text.data);
	}
	e[k++] = (struct entry){widget, 0, out->len - base};
	strbuf_addf(out, "%ld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%ld) /V %ld 0 R "
		    "/F 132 /Rect [ 0 0 0 0 ] /P %ld %ld R >>\nendobj\n",
		    widget, u->fields + 1, sig, u->page, u->page_gen);
	e[k++] = (struct entry){sig, 0, out->len - base};
	strbuf_addf(out, "%ld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached%s"
		    " /ByteRange ", sig, fields);
	size_t range_at = out->len - base;
	strbuf_addf(out, "%-*s /Contents <", RANGE_WIDTH, "[ ]");
	size_t gap = out->len - base - 1;
	strbuf_grow(out, 2 * reserve);
	memset(out->data + out->len, '0', 2 * reserve);
	out->len += 2 * reserve;
	strbuf_adds(out, "> >>\nendobj\n");
	size_t gap_end = gap + 2 * reserve + 2;
	if (xref)
		e[k++] = (struct entry){xref, 0, out->len - base};
	add_xref(out, base, u, e, k, xref);
	size_t total = out->len - base;

	/* the ranges: everything but the /Contents string */
	char range[RANGE_WIDTH + 1];
	int w = snprintf(range, sizeof range, "[0 %zu %zu %zu]", gap, gap_end, total - gap_end);
	if (w < 0 || w > RANGE_WIDTH || total > UINT32_MAX) {
		strbuf_adds(err, "tệp PDF quá lớn để ký (tối đa 4 GB)");
		return -1;
	}
	memcpy(out->data + base + range_at, range, (size_t)w);

	unsigned char digest[32];
	unsigned digest_len = 0;
	HASHContext *h = HASH_Create(HASH_AlgSHA256);
	if (!h) {
		strbuf_adds(err, "NSS không tính được SHA-256");
		add_nss_reason(err);
		return -1;
	}
	HASH_Begin(h);
	HASH_Update(h, (unsigned char *)out->data + base, (unsigned)gap);
	HASH_Update(h, (unsigned char *)out->data + base + gap_end, (unsigned)(total - gap_end));
	HASH_End(h, digest, &digest_len, sizeof digest);
	HASH_Destroy(h);

	PLArenaPool *arena = PORT_NewArena(4096);
	SECItem der = {siBuffer, NULL, 0};
	int ret = -1;
	if (!arena) {
		strbuf_adds(err, "NSS hết bộ nhớ");
		return -1;
	}
	struct strbuf cms = {0};
	if (cms_sign(s, digest, digest_len, arena, &der, err) == 0) {
		size_t size = ber_size(der.data, der.len, 0);
		if (size)
			ber_to_der(der.data, size, &cms, 0);
		if (!size || ber_size((const unsigned char *)cms.data, cms.len, 0) != cms.len) {
			strbuf_adds(err, "NSS trả về một chữ ký CMS hỏng");
		} else if (cms.len > reserve) {
			*need = cms.len;
			ret = 1;
		} else {
			static const char hex[] = "0123456789abcdef";
			char *p = out->data + base + gap + 1;
			for (size_t i = 0; i < cms.len; i++) {
				*p++ = hex[(unsigned char)cms.data[i] >> 4];
				*p++ = hex[(unsigned char)cms.data[i] & 15];
			}
			ret = 0;
		}
	}
	strbuf_free(&cms);
	PORT_FreeArena(arena, PR_FALSE);
	return ret;
}

int pdfsign_sign(struct pdfsign *s, const char *in, size_t n, const char *reason, const char *name,
		 struct strbuf *out, struct strbuf *err)
{
	struct pdfpack_update u;
	struct strbuf fields = {0};
	size_t base = out->len, reserve = s->reserve, need = 0;
	time_t t;
	char m[32], from[16], to[16], when[32];
	int r = -1;

	if (signing_time(&t, err))
		return -1;
	PRTime nb, na;
	if (CERT_CheckCertValidTimes(s->cert, (PRTime)t * PR_USEC_PER_SEC, PR_FALSE) != secCertTimeValid &&
	    CERT_GetCertTimes(s->cert, &nb, &na) == SECSuccess) {
		vn_time((time_t)(nb / PR_USEC_PER_SEC), "%d/%m/%Y", from, sizeof from);
		vn_time((time_t)(na / PR_USEC_PER_SEC), "%d/%m/%Y", to, sizeof to);
		vn_time(t, "%H:%M ngày %d/%m/%Y", when, sizeof when);
		strbuf_addf(err, "chứng thư số “%s” chỉ có hiệu lực từ %s đến %s, không ký được lúc %s",
			    s->nick, from, to, when);
		return -1;
	}
	vn_time(t, "D:%Y%m%d%H%M%S+07'00'", m, sizeof m);
	strbuf_addf(&fields, " /M (%s)", m);
	if (name) {
		strbuf_adds(&fields, " /Name ");
		if (add_text_string(&fields, name)) {
			strbuf_adds(err, "tên người ký không phải văn bản UTF-8");
			goto done;
		}
	}
	if (reason) {
		strbuf_adds(&fields, " /Reason ");
		if (add_text_string(&fields, reason)) {
			strbuf_adds(err, "lý do ký không phải văn bản UTF-8");
			goto done;
		}
	}
	if (pdfpack_field_update(in, n, &u, err))
		goto done;
	for (int attempt = 0; attempt < 2; attempt++) {
		r = add_signed(s, in, n, &u, fields.data, reserve, out, &need, err);
		if (r != 0) {
			out->len = base;
			if (out->data)
				out->data[base] = '\0';
		}
		if (r != 1)
			break;
		reserve = need + 64; /* a chain longer than its certificates said: once more, with room */
	}
	if (r == 1)
		strbuf_addf(err, "chữ ký CMS (%zu byte) không vừa chỗ dành cho nó", need);
	pdfpack_update_free(&u);
done:
	strbuf_free(&fields);
	return r == 0 ? 0 : -1;
}

/* ---- verification ---- */

/* 1 when pdf[0..end) ends a revision: "%%EOF", then line ends only. */
static int ends_revision(const char *pdf, size_t end)
{
	while (end > 0 && (pdf[end - 1] == '\n' || pdf[end - 1] == '\r'))
		end--;
	return end >= 5 && memcmp(pdf + end - 5, "%%EOF", 5) == 0;
}

/* The value of one hex digit, -1 for any other byte. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Checks the CMS of signature number no over the ranges [0, b) and [c, end) of pdf. */
static int check_cms(const char *pdf, const struct pdfpack_signature *sig, size_t der_len, size_t b, size_t c,
		     size_t end, size_t no, struct strbuf *err)
{
	SECItem der = {siBuffer, (unsigned char *)sig->contents.data, (unsigned)der_len};
	NSSCMSMessage *msg = NSS_CMSMessage_CreateFromDER(&der, NULL, NULL, NULL, NULL, NULL, NULL);
	CERTCertificate **temp = NULL;
	size_t ntemp = 0;
	int ret = -1;

	NSSCMSSignedData *sd = NULL;
	if (msg && NSS_CMSMessage_IsSigned(msg))
		sd = NSS_CMSContentInfo_GetContent(NSS_CMSMessage_ContentLevel(msg, 0));
	if (!sd) {
		strbuf_addf(err, "chữ ký thứ %zu không phải chữ ký CMS", no);
		goto done;
	}
	if (NSS_CMSSignedData_SignerInfoCount(sd) != 1) {
		strbuf_addf(err, "chữ ký thứ %zu không có đúng một người ký", no);
		goto done;
	}
	NSSCMSContentInfo *inner = NSS_CMSSignedData_GetContentInfo(sd);
	SECItem *content = NSS_CMSContentInfo_GetContent(inner);
	if (content && content->data) {
		strbuf_addf(err, "chữ ký thứ %zu không tách rời (CMS mang cả nội dung)", no);
		goto done;
	}
	/* the certificates the CMS carries, so that NSS finds the signer's among them */
	while (sd->rawCerts && sd->rawCerts[ntemp])
		ntemp++;
	temp = xcalloc(ntemp + 1, sizeof *temp);
	for (size_t i = 0; i < ntemp; i++)
		temp[i] = CERT_NewTempCertificate(CERT_GetDefaultCertDB(), sd->rawCerts[i], NULL, PR_FALSE, PR_TRUE);
	NSSCMSSignerInfo *si = NSS_CMSSignedData_GetSignerInfo(sd, 0);
	if (!NSS_CMSSignerInfo_GetSigningCertificate(si, CERT_GetDefaultCertDB())) {
		strbuf_addf(err, "chữ ký thứ %zu không mang chứng thư số của người ký", no);
		goto done;
	}
	SECOidTag alg = SECOID_GetAlgorithmTag(&si->digestAlg); /* NSS exports no getter */
	if (alg != SEC_OID_SHA256 && alg != SEC_OID_SHA384 && alg != SEC_OID_SHA512) {
		strbuf_addf(err, "chữ ký thứ %zu dùng hàm băm không được chấp nhận (chỉ SHA-256, SHA-384, SHA-512)", no);
		goto done;
	}
	unsigned char digest[HASH_LENGTH_MAX];
	unsigned digest_len = 0;
	HASHContext *h = HASH_Create(HASH_GetHashTypeByOidTag(alg));
	if (!h) {
		strbuf_adds(err, "NSS không tính được hàm băm");
		add_nss_reason(err);
		goto done;
	}
	HASH_Begin(h);
	HASH_Update(h, (const unsigned char *)pdf, (unsigned)b);
	HASH_Update(h, (const unsigned char *)pdf + c, (unsigned)(end - c));
	HASH_End(h, digest, &digest_len, sizeof digest);
	HASH_Destroy(h);
	SECItem d = {siBuffer, digest, digest_len};
	SECOidData *data = SECOID_FindOIDByTag(SEC_OID_PKCS7_DATA);
	if (NSS_CMSSignerInfo_Verify(si, &d, data ? &data->oid : NULL) == SECSuccess &&
	    NSS_CMSSignerInfo_GetVerificationStatus(si) == NSSCMSVS_GoodSignature) {
		ret = 0;
	} else {
		NSSCMSVerificationStatus vs = NSS_CMSSignerInfo_GetVerificationStatus(si);
		if (vs == NSSCMSVS_DigestMismatch)
			strbuf_addf(err, "chữ ký thứ %zu không khớp với nội dung: tệp đã bị sửa sau khi ký", no);
		else if (vs == NSSCMSVS_BadSignature)
			strbuf_addf(err, "chữ ký thứ %zu không đúng với chứng thư số mà nó mang", no);
		else
			strbuf_addf(err, "chữ ký thứ %zu không kiểm tra được (NSS: %s)", no,
				    NSS_CMSUtil_VerificationStatusToString(vs));
	}
done:
	/* the message holds references to the temporary certificates: it goes first */
	if (msg)
		NSS_CMSMessage_Destroy(msg);
	for (size_t i = 0; i < ntemp; i++)
		if (temp[i])
			CERT_DestroyCertificate(temp[i]);
	free(temp);
	return ret;
}

/* Checks signature number no of pdf[0..n): its ranges, then its CMS; *end is where its revision ends. */
static int check_signature(const char *pdf, size_t n, const struct pdfpack_signature *sig, size_t no,
			   size_t *end, struct strbuf *err)
{
	const long *r = sig->range;
	if (strcmp(sig->subfilter, "adbe.pkcs7.detached") != 0 && strcmp(sig->subfilter, "ETSI.CAdES.detached") != 0) {
		strbuf_addf(err, "chữ ký thứ %zu có /SubFilter /%s, không phải adbe.pkcs7.detached hay "
			    "ETSI.CAdES.detached", no, *sig->subfilter ? sig->subfilter : "(trống)");
		return -1;
	}
	if (sig->nrange != 4 || r[0] != 0 || r[1] <= 0 || r[2] <= r[1] + 1 || r[3] < 0 ||
	    (unsigned long)r[2] > n || (unsigned long)r[3] > n - (unsigned long)r[2]) {
		strbuf_addf(err, "/ByteRange của chữ ký thứ %zu không hợp lệ", no);
		return -1;
	}
	size_t b = (size_t)r[1], c = (size_t)r[2];
	*end = c + (size_t)r[3];
	/* what the ranges leave out is exactly this signature's /Contents, as a hex string */
	int gap_ok = pdf[b] == '<' && pdf[c - 1] == '>' && c - b - 2 == 2 * sig->contents.len;
	for (size_t i = 0; gap_ok && i < sig->contents.len; i++) {
		int hi = hex_value(pdf[b + 1 + 2 * i]), lo = hex_value(pdf[b + 2 + 2 * i]);
		gap_ok = hi >= 0 && lo >= 0 && (unsigned char)(hi << 4 | lo) == (unsigned char)sig->contents.data[i];
	}
	if (!gap_ok) {
		strbuf_addf(err, "/ByteRange của chữ ký thứ %zu không chừa ra đúng giá trị /Contents của nó", no);
		return -1;
	}
	if (!ends_revision(pdf, *end)) {
		strbuf_addf(err, "chữ ký thứ %zu không phủ trọn một phiên bản của tệp (không dừng ở %%%%EOF)", no);
		return -1;
	}
	const unsigned char *cms = (const unsigned char *)sig->contents.data;
	size_t der_len = ber_size(cms, sig->contents.len, 0);
	for (size_t i = der_len; der_len && i < sig->contents.len; i++)
		if (cms[i])
			der_len = 0;
	if (!der_len) {
		strbuf_addf(err, "giá trị /Contents của chữ ký thứ %zu không phải một chữ ký CMS", no);
		return -1;
	}
	return check_cms(pdf, sig, der_len, b, c, *end, no, err);
}

int pdfsign_verify(const char *pdf, size_t n, size_t *nsignatures, struct strbuf *err)
{
	struct pdfpack_signature *sigs;
	size_t k, covered = 0;
	int ret = 0;

	*nsignatures = 0;
	if (pdfpack_signatures(pdf, n, &sigs, &k, err))
		return -1;
	*nsignatures = k;
	if (k == 0) {
		strbuf_adds(err, "tệp PDF không có chữ ký số nào");
		return -1;
	}
	/* a context of its own: no database needed, and NSS stays up while a key is open */
	NSSInitContext *nss = NSS_InitContext("", "", "", "", NULL,
					      NSS_INIT_READONLY | NSS_INIT_NOCERTDB | NSS_INIT_NOMODDB |
						      NSS_INIT_FORCEOPEN | NSS_INIT_NOROOTINIT |
						      NSS_INIT_OPTIMIZESPACE);
	if (!nss) {
		strbuf_adds(err, "NSS không khởi động được");
		add_nss_reason(err);
		pdfpack_signatures_free(sigs, k);
		return -1;
	}
	for (size_t i = 0; i < k && ret == 0; i++) {
		size_t end = 0;
		ret = check_signature(pdf, n, &sigs[i], i + 1, &end, err);
		if (end > covered)
			covered = end;
	}
	if (ret == 0 && covered != n) {
		strbuf_addf(err, "%zu byte cuối của tệp không thuộc chữ ký nào: tệp đã bị thêm vào sau khi ký",
			    n - covered);
		ret = -1;
	}
	if (NSS_ShutdownContext(nss) != SECSuccess && ret == 0) {
		strbuf_adds(err, "NSS không đóng được sau khi kiểm tra chữ ký");
		add_nss_reason(err);
		ret = -1;
	}
	pdfpack_signatures_free(sigs, k);
	return ret;
}
