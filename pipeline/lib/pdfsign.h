/*
 * pdfsign: digital signatures on the reports, the only user of NSS. A key
 * is opened once from an NSS database (its own software keys, or a PKCS#11
 * token such as a Vietnamese CA's USB token added to it with modutil); each
 * PDF is then signed by an incremental update that keeps every earlier
 * byte: a new invisible signature field whose value holds a detached CMS
 * signature (PAdES baseline: /SubFilter /ETSI.CAdES.detached, SHA-256, the
 * signer's certificate chain and an ESS signing-certificate-v2 attribute,
 * no signing time inside the CMS) over the whole file but the signature's
 * /Contents. Signing the output again adds a second valid signature (the
 * signer's, then the organisation's, as Nghị định 30/2020 asks).
 *
 * Ownership: the caller owns a struct pdfsign from pdfsign_open and frees
 * it with pdfsign_close; every buffer is the caller's, and these functions
 * only append to out and err.
 */
#ifndef BAOCAO_PDFSIGN_H
#define BAOCAO_PDFSIGN_H

#include <stddef.h>

#include "util.h"

/* An NSS database opened with one signing key (certificate and private key). */
struct pdfsign;

/*
 * Opens the NSS database in the folder nssdb ("sql:" optional) and finds the
 * certificate and private key of nick ("TOKEN NAME:nick" for a key on a
 * PKCS#11 token). The PIN (of the database or the token) is the first line
 * of pin_file without its line end, or none when pin_file is NULL; it is
 * tried once (a token locks itself after a few wrong PINs), kept in memory
 * only while the key is open, and never written anywhere. Returns NULL with
 * a Vietnamese reason in err: no database, an unknown nickname, no private
 * key, a PIN file that cannot be read or is empty, a PIN missing or wrong.
 */
struct pdfsign *pdfsign_open(const char *nssdb, const char *nick, const char *pin_file, struct strbuf *err);

/*
 * Appends to out the PDF in[0..n) signed by s: in[0..n) as it is, then an
 * incremental update (a signature dictionary, its field and widget, the
 * form and the first page's annotations, a cross-reference section of the
 * kind the file has). /M is the signing time, SOURCE_DATE_EPOCH when set,
 * else the clock, in Vietnam's time (+07'00'); /Reason and /Name are reason
 * and name as UTF-16 text (each left out when NULL). With a fixed
 * SOURCE_DATE_EPOCH and an RSA key, equal input gives equal bytes. Refused
 * when the certificate is not valid at the signing time. Returns 0, or -1
 * with a Vietnamese reason in err (out then as it was).
 */
int pdfsign_sign(struct pdfsign *s, const char *in, size_t n, const char *reason, const char *name,
		 struct strbuf *out, struct strbuf *err);

/*
 * Checks every signature of the PDF pdf[0..n), setting *nsignatures to how
 * many there are: each must be adbe.pkcs7.detached or ETSI.CAdES.detached,
 * its /ByteRange must cover its revision from byte 0 but exactly its own
 * /Contents string (zero padding after the CMS only), the last one must
 * cover the whole file, and the CMS (decoded by NSS) must hold one signer
 * whose signature verifies over the digest recomputed from those ranges
 * with the certificate it carries. This checks integrity, not trust: whether
 * the certificate comes from a CA the reader trusts is pdfsig's report.
 * Needs no open key (NSS is started and shut down around the check when no
 * pdfsign is open). Returns 0, or -1 with a Vietnamese reason in err
 * (a file without any signature included).
 */
int pdfsign_verify(const char *pdf, size_t n, size_t *nsignatures, struct strbuf *err);

/*
 * The SHA-256 of the signing certificate (DER), in lowercase hex, into
 * hex[65]: what a publication records to know whether a report it signed
 * earlier was signed with the same certificate.
 */
void pdfsign_certificate_sha256(const struct pdfsign *s, char hex[65]);

/* Forgets the PIN, frees s and shuts its NSS context down (accepts NULL). */
void pdfsign_close(struct pdfsign *s);

#endif
