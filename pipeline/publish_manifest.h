/*
 * publish_manifest: what a publication holds and how it differs from the
 * one before: an entry per published file (recipient, path under
 * phat-hanh/, kind, document number, pages, bytes, SHA-256, status), read
 * back from the previous manifest.json, and written as manifest.json (for
 * machines and the mail stage), MANIFEST.csv (for Excel in vi-VN) and
 * SHA256SUMS (for sha256sum -c). The earlier publication is kept, file by
 * file, in a folder of its own before it is replaced.
 *
 * Ownership: a manifest owns its entries and their strings; manifest_free
 * releases them.
 */
#ifndef BAOCAO_PUBLISH_MANIFEST_H
#define BAOCAO_PUBLISH_MANIFEST_H

#include <stddef.h>

#include "keyset.h"
#include "outfile.h"
#include "publish_org.h"
#include "sha256.h"

/* A file's status against the previous publication. */
enum pub_status { PUB_NEW, PUB_CHANGED, PUB_SAME };
extern const char *const pub_status_names[];

struct pub_entry {
	char *org, *org_name;   /* the recipient */
	char *path;             /* under phat-hanh/ */
	enum pub_kind kind;
	char *number;           /* the document's number, or NULL */
	long pages;             /* -1: not a PDF */
	size_t bytes;
	char sha256[SHA256_HEX_SIZE];
	char source_sha256[SHA256_HEX_SIZE]; /* before signing: what render wrote */
	enum pub_status status;
	int draft;
};

struct manifest {
	char *period;
	long issue;             /* this publication's number, 1 for the first */
	int drafts_allowed;     /* published with drafts on purpose */
	int signatures;         /* signatures on each PDF (0: not signed) */
	char signers[2][SHA256_HEX_SIZE]; /* the certificates' SHA-256, in signing order */
	struct pub_entry *e;
	size_t n, cap;
	char **removed;         /* paths of the previous publication no longer published */
	size_t nremoved;
	struct keyset *index;   /* path -> entry */
};

/* The manifest at path (a publication's manifest.json), or NULL when there is none; exits 2 when malformed. */
struct manifest *manifest_load(const char *path);

/*
 * Adds a copy of entry (its strings copied; source_sha256 "" means the same
 * as sha256); its status is set against prev (may be NULL).
 */
struct pub_entry *manifest_add(struct manifest *m, const struct manifest *prev, const struct pub_entry *entry);

/* 1 when prev was signed by the same certificates as m (both unsigned included). */
int manifest_same_signers(const struct manifest *m, const struct manifest *prev);

/* The entry of path in m, or NULL. */
const struct pub_entry *manifest_find(const struct manifest *m, const char *path);

/* Notes the paths of prev that m no longer holds; returns 1 when m differs from prev at all. */
int manifest_compare(struct manifest *m, const struct manifest *prev);

/* Puts dir/manifest.json, dir/MANIFEST.csv and dir/SHA256SUMS (every entry, and the two manifests) into b. */
void manifest_write(const struct manifest *m, const char *dir, struct outbatch *b);

/*
 * Keeps the publication prev (its files in dir, as they are now) in
 * keep_dir/<issue>/, hard-linked where the file system allows, copied
 * otherwise, with its manifest files. Exits 2 on failure.
 */
void manifest_archive(const struct manifest *prev, const char *dir, const char *keep_dir);

void manifest_free(struct manifest *m);

#endif
