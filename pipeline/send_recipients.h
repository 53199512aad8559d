/*
 * send_recipients: who gets each organisation's documents, from the
 * office's nguoi_nhan.csv (ma_to_chuc,email; the titles "Mã tổ chức" and
 * "Email" or "Thư điện tử" too; several rows per organisation; UTF-8 with
 * or without a BOM; ',' or ';'). A row with a malformed address, a code
 * the manifest holds in other letter case only, or the same code and
 * address as an earlier row is reported on stderr (file:line, in
 * Vietnamese), skipped and counted. The file serves every period: a row of
 * an organisation this publication does not hold (dissolved, or not in a
 * monthly period) is noted and counted apart, not an error. Addresses are personal data: they go to the ledger and to
 * stderr, never into a report. The struct owns its strings.
 */
#ifndef BAOCAO_SEND_RECIPIENTS_H
#define BAOCAO_SEND_RECIPIENTS_H

#include <stddef.h>

#include "send_manifest.h"

struct recipient {
	size_t org;   /* index in the manifest */
	char *email;  /* in lower case */
	size_t line;  /* its line in the file */
};

struct recipients {
	struct recipient *list; /* in file order */
	size_t n;
	size_t skipped;         /* rows reported and skipped */
	size_t elsewhere;       /* rows of organisations this publication does not hold */
};

/*
 * Reads path against the manifest's organisations (quiet: the rows of
 * organisations it does not hold are counted, not listed). Exits 2 when the
 * file cannot be read or its header names no code or address column.
 */
struct recipients *recipients_load(const char *path, const struct manifest *m, int quiet);

void recipients_free(struct recipients *r);

/*
 * 1 when s[0..n) is an address this program sends to: ASCII, one "@", a
 * dot-atom before it (at most 64 characters), a domain of at least two
 * labels of letters, digits and inner hyphens, at most 254 characters in
 * all. Else 0 and *why says what is wrong, in Vietnamese.
 */
int recipients_address_ok(const char *s, size_t n, const char **why);

#endif
