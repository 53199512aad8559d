/*
 * publish_manifest: the manifest of a publication, its comparison with the
 * previous one, and the keeping of the previous one (see publish_manifest.h).
 */
#include "publish_manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonfile.h"

const char *const pub_status_names[] = {[PUB_NEW] = "moi", [PUB_CHANGED] = "thay_doi",
					[PUB_SAME] = "khong_doi"};

const struct pub_entry *manifest_find(const struct manifest *m, const char *path)
{
	uint32_t i;
	if (!m || !m->index || !keyset_find(m->index, path, strlen(path), &i))
		return NULL;
	return &m->e[i];
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct pub_entry *manifest_add(struct manifest *m, const struct manifest *prev, const struct pub_entry *entry)
{
	xgrow(&m->e, &m->cap, m->n + 1, sizeof *m->e);
	if (!m->index)
		m->index = keyset_new();
	if (!keyset_add(m->index, entry->path, strlen(entry->path), (uint32_t)m->n, NULL))
		util_die(EXIT_SYSTEM, "tệp %s được phát hành hai lần", entry->path);
	struct pub_entry *e = &m->e[m->n++];
	const struct pub_entry *was = manifest_find(prev, entry->path);
	*e = *entry;
	e->org = xstrdup(entry->org);
	e->org_name = xstrdup(entry->org_name);
	e->path = xstrdup(entry->path);
	e->number = dup_or_null(entry->number);
	if (!e->source_sha256[0])
		memcpy(e->source_sha256, e->sha256, sizeof e->sha256);
	e->status = !was ? PUB_NEW : strcmp(was->sha256, e->sha256) ? PUB_CHANGED : PUB_SAME;
	return e;
}

int manifest_same_signers(const struct manifest *m, const struct manifest *prev)
{
	return prev && m->signatures == prev->signatures &&
	       memcmp(m->signers, prev->signers, sizeof m->signers) == 0;
}

static int kind_of(const char *name)
{
	for (int k = 0; k <= PUB_INDEX; k++)
		if (strcmp(pub_kind_names[k], name) == 0)
			return k;
	return -1;
}

struct manifest *manifest_load(const char *path)
{
	struct strbuf err = {0};
	if (access(path, F_OK) != 0)
		return NULL;
	struct json *j = json_load(path, &err);
	if (!j)
		util_die(EXIT_SYSTEM, "%s", err.data);
	struct manifest *m = xcalloc(1, sizeof *m);
	const char *period = json_string(json_get(j, "ky"));
	double issue;
	const struct json *files = json_get(j, "tep");
	if (!period || json_number(json_get(j, "lan"), &issue) != 0 || json_type(files) != JSON_ARRAY)
		util_die(EXIT_SYSTEM, "%s: không phải manifest.json của bước phát hành", path);
	m->period = xstrdup(period);
	m->issue = (long)issue;
	const struct json *signers = json_get(j, "chung_thu_ky");
	for (const struct json *c = json_at(signers, 0); c && m->signatures < 2; c = json_next(c)) {
		const char *hex = json_string(c);
		if (!hex || !sha256_hex_ok(hex))
			util_die(EXIT_SYSTEM, "%s: \"chung_thu_ky\" phải là các mã SHA-256", path);
		memcpy(m->signers[m->signatures++], hex, SHA256_HEX_SIZE);
	}
	for (const struct json *f = json_at(files, 0); f; f = json_next(f)) {
		struct pub_entry e = {
			.org = (char *)json_string(json_get(f, "ma_to_chuc")),
			.org_name = (char *)json_string(json_get(f, "ten_to_chuc")),
			.path = (char *)json_string(json_get(f, "tep")),
			.number = (char *)json_string(json_get(f, "so_van_ban")),
			.draft = json_bool(json_get(f, "du_thao")) == 1,
		};
		const char *sha = json_string(json_get(f, "sha256"));
		const char *source = json_string(json_get(f, "sha256_nguon"));
		const char *kind = json_string(json_get(f, "loai"));
		double bytes = 0, pages = -1;
		json_number(json_get(f, "so_byte"), &bytes);
		json_number(json_get(f, "so_trang"), &pages);
		if (!e.org || !e.org_name || !e.path || !sha || !sha256_hex_ok(sha) ||
		    (source && !sha256_hex_ok(source)) || !kind || kind_of(kind) < 0)
			util_die(EXIT_SYSTEM, "%s: một mục của \"tep\" thiếu ma_to_chuc, tep, loai hoặc sha256", path);
		e.kind = (enum pub_kind)kind_of(kind);
		e.pages = (long)pages;
		e.bytes = (size_t)bytes;
		memcpy(e.sha256, sha, SHA256_HEX_SIZE);
		if (source)
			memcpy(e.source_sha256, source, SHA256_HEX_SIZE);
		manifest_add(m, NULL, &e);
	}
	json_free(j);
	return m;
}

int manifest_compare(struct manifest *m, const struct manifest *prev)
{
	int differs = !prev;
	for (size_t i = 0; i < m->n; i++)
		differs |= m->e[i].status != PUB_SAME;
	for (size_t i = 0; prev && i < prev->n; i++)
		if (prev->e[i].kind != PUB_INDEX && !manifest_find(m, prev->e[i].path)) {
			m->removed = xrealloc(m->removed, (m->nremoved + 1) * sizeof *m->removed);
			m->removed[m->nremoved++] = xstrdup(prev->e[i].path);
			differs = 1;
		}
	return differs;
}

/* A CSV cell for Excel in vi-VN: ';' between cells. */
static void cell(struct strbuf *b, const char *v, int last)
{
	strbuf_add_csv_text(b, v ? v : "", v ? strlen(v) : 0, ';');
	strbuf_adds(b, last ? "\r\n" : ";");
}

void manifest_write(const struct manifest *m, const char *dir, struct outbatch *b)
{
	struct jsonw w = {0};
	struct strbuf csv = {0}, sums = {0};
	char num[32];

	jsonw_object(&w, NULL);
	jsonw_string(&w, "ky", m->period);
	jsonw_int(&w, "lan", m->issue);
	jsonw_bool(&w, "ban_du_thao", m->drafts_allowed);
	jsonw_int(&w, "so_chu_ky", m->signatures);
	jsonw_array(&w, "chung_thu_ky");
	for (int k = 0; k < m->signatures; k++)
		jsonw_string(&w, NULL, m->signers[k]);
	jsonw_end(&w);
	jsonw_array(&w, "tep");
	strbuf_adds(&csv, "\xEF\xBB\xBF");
	strbuf_adds(&csv, "ma_to_chuc;ten_to_chuc;tep;loai;so_van_ban;so_trang;so_byte;sha256;trang_thai;du_thao\r\n");
	for (size_t i = 0; i < m->n; i++) {
		const struct pub_entry *e = &m->e[i];
		jsonw_object(&w, NULL);
		jsonw_string(&w, "ma_to_chuc", e->org);
		jsonw_string(&w, "ten_to_chuc", e->org_name);
		jsonw_string(&w, "tep", e->path);
		jsonw_string(&w, "loai", pub_kind_names[e->kind]);
		if (e->number)
			jsonw_string(&w, "so_van_ban", e->number);
		else
			jsonw_null(&w, "so_van_ban");
		if (e->pages >= 0)
			jsonw_int(&w, "so_trang", e->pages);
		else
			jsonw_null(&w, "so_trang");
		jsonw_int(&w, "so_byte", (long long)e->bytes);
		jsonw_string(&w, "sha256", e->sha256);
		jsonw_string(&w, "sha256_nguon", e->source_sha256);
		jsonw_string(&w, "trang_thai", pub_status_names[e->status]);
		jsonw_bool(&w, "du_thao", e->draft);
		jsonw_end(&w);
		cell(&csv, e->org, 0);
		cell(&csv, e->org_name, 0);
		cell(&csv, e->path, 0);
		cell(&csv, pub_kind_names[e->kind], 0);
		cell(&csv, e->number, 0);
		snprintf(num, sizeof num, "%ld", e->pages);
		cell(&csv, e->pages >= 0 ? num : NULL, 0);
		snprintf(num, sizeof num, "%zu", e->bytes);
		cell(&csv, num, 0);
		cell(&csv, e->sha256, 0);
		cell(&csv, pub_status_names[e->status], 0);
		cell(&csv, e->draft ? "1" : "0", 1);
		strbuf_addf(&sums, "%s  %s\n", e->sha256, e->path);
	}
	jsonw_end(&w);
	jsonw_array(&w, "tep_da_bo");
	for (size_t i = 0; i < m->nremoved; i++)
		jsonw_string(&w, NULL, m->removed[i]);
	jsonw_end(&w);
	jsonw_end(&w);
	strbuf_addc(&w.out, '\n');

	char *json_path = xasprintf("%s/manifest.json", dir), *csv_path = xasprintf("%s/MANIFEST.csv", dir);
	char *sums_path = xasprintf("%s/SHA256SUMS", dir);
	char hex[SHA256_HEX_SIZE];
	sha256_of(w.out.data, w.out.len, hex);
	strbuf_addf(&sums, "%s  manifest.json\n", hex);
	sha256_of(csv.data, csv.len, hex);
	strbuf_addf(&sums, "%s  MANIFEST.csv\n", hex);
	outfile_batch_put(b, json_path, w.out.data, w.out.len);
	outfile_batch_put(b, csv_path, csv.data, csv.len);
	outfile_batch_put(b, sums_path, sums.data, sums.len);
	free(json_path);
	free(csv_path);
	free(sums_path);
	strbuf_free(&w.out);
	strbuf_free(&csv);
	strbuf_free(&sums);
}

/* Links (or copies) from to to, making to's folders. */
static void keep_file(const char *from, const char *to)
{
	char *dir = xstrdup(to), *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		outfile_mkdirs(dir);
	}
	free(dir);
	unlink(to);
	if (link(from, to) == 0)
		return;
	FILE *in = fopen(from, "rb");
	if (!in) {
		if (errno == ENOENT) /* removed by hand since: nothing to keep */
			return;
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", from);
	}
	struct outfile *o = outfile_open(to);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, o->fp) != n)
			util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", to);
	if (ferror(in))
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", from);
	fclose(in);
	outfile_commit(o);
}

void manifest_archive(const struct manifest *prev, const char *dir, const char *keep_dir)
{
	static const char *const own[] = {"manifest.json", "MANIFEST.csv", "SHA256SUMS", NULL};
	for (size_t i = 0; i < prev->n; i++) {
		char *from = xasprintf("%s/%s", dir, prev->e[i].path);
		char *to = xasprintf("%s/%ld/%s", keep_dir, prev->issue, prev->e[i].path);
		keep_file(from, to);
		free(from);
		free(to);
	}
	for (int k = 0; own[k]; k++) {
		char *from = xasprintf("%s/%s", dir, own[k]);
		char *to = xasprintf("%s/%ld/%s", keep_dir, prev->issue, own[k]);
		keep_file(from, to);
		free(from);
		free(to);
	}
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].org);
		free(m->e[i].org_name);
		free(m->e[i].path);
		free(m->e[i].number);
	}
	for (size_t i = 0; i < m->nremoved; i++)
		free(m->removed[i]);
	free(m->removed);
	keyset_free(m->index);
	free(m->e);
	free(m->period);
	free(m);
}
