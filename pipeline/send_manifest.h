/*
 * send_manifest: what baocao-publish says it published, read from
 * PHAT_HANH/manifest.json: the period, the issue, and per organisation the
 * files it is mailed (every file of its code but the zip archives and the
 * index page), each checked to be a file under PHAT_HANH of the size and
 * SHA-256 the manifest gives, and the hash that names that set of files in
 * the ledger. The manifest owns every string and array; manifest_free
 * releases them.
 */
#ifndef BAOCAO_SEND_MANIFEST_H
#define BAOCAO_SEND_MANIFEST_H

#include <stddef.h>

#include "sha256.h"
#include "util.h"

/* One published file that is mailed. */
struct manifest_file {
	char *path;    /* relative to PHAT_HANH, as the manifest writes it */
	const char *name; /* its last component (in path): the attachment's name */
	const char *kind; /* loai: bao_cao, kiem_tra, dong_bi_tu_choi, bang_so_lieu (static) */
	char *number;  /* so_van_ban ("101-TB/ĐUK"), or NULL */
	long pages;    /* so_trang, or -1 */
	long long size; /* so_byte */
	char sha256[SHA256_HEX_SIZE];
	int draft;     /* du_thao */
};

struct manifest_org {
	char *code;    /* ma_to_chuc, safe as a file name */
	char *name;    /* ten_to_chuc, NFC */
	struct manifest_file *files; /* the files mailed, in the order of the kinds, then by path */
	size_t nfiles; /* 0 for an organisation with only archives */
	/*
	 * The document set: SHA-256 of the lines "<sha256>  <path>\n" of its
	 * files (as sha256sum and PHAT_HANH/SHA256SUMS write them), the lines
	 * sorted byte for byte: what `grep '  TC0001/' SHA256SUMS | LC_ALL=C
	 * sort | sha256sum` prints.
	 */
	char set_hash[SHA256_HEX_SIZE];
	int draft;     /* some file is a draft */
};

struct manifest {
	char *period;  /* ky: "2022", "2022-05" */
	long issue;    /* lan */
	int draft;     /* ban_du_thao */
	struct manifest_org *orgs; /* sorted by code */
	size_t norgs;
};

/*
 * Reads dir/manifest.json and checks every file it mails under dir.
 * Returns NULL when the manifest cannot be read or is wrong, or a file is
 * missing or of another size or digest, after printing each problem (at
 * most 20) to stderr naming the manifest and the entry.
 */
struct manifest *manifest_load(const char *dir);

/*
 * Replaces out's content with the bytes of f (under dir), checked once more
 * against the manifest's size and digest, so that what is attached is what
 * the ledger's set hash names. Returns 0, or -1 with the reason in err.
 */
int manifest_read_file(const char *dir, const struct manifest_file *f, struct strbuf *out,
		       struct strbuf *err);

/* The index of the organisation code[0..len), or -1. */
long manifest_find(const struct manifest *m, const char *code, size_t len);

/* "năm 2022" for "2022", "tháng 5 năm 2022" for "2022-05", else the period as it is (to free). */
char *manifest_period_words(const char *period);

void manifest_free(struct manifest *m);

#endif
