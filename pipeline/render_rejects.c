/*
 * render_rejects: the rows of the validate stage's rejects.csv that belong to
 * one organisation, for its validation report ("kiem_tra" in the template's
 * data). A row belongs to the organisation named in its last column
 * (ma_to_chuc); rows naming no organisation of the period (empty, or a code
 * without a file beside the organisation's in the aggregate folder) go to
 * the root's report, so that every rejected row reaches someone.
 */
#include "render_rejects.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvin.h"
#include "orgtree.h"
#include "rejects.h"
#include "textnorm.h"

/*
 * Whether code is an organisation of the period: a code safe as a file
 * name whose aggregate file exists in dir.
 */
static int in_period(const char *dir, const char *code, size_t len)
{
	struct stat st;
	if (!orgtree_code_ok(code, len))
		return 0;
	char *path = xasprintf("%s/%.*s.json", dir, (int)len, code);
	int ok = stat(path, &st) == 0;
	free(path);
	return ok;
}

/* Opens rejects_path and finds its columns; exits 2 when it is not ours. */
static struct csvin *open_rejects(const char *rejects_path, long col[REJECTS_NCOLUMNS])
{
	struct csvin_options opt = {0};
	struct csvin *r = csvin_open(rejects_path, &opt);
	struct csvin_record rec;
	const char *missing;

	if (!r)
		util_die_errno(EXIT_SYSTEM, "không mở được tệp %s", rejects_path);
	if (!csvin_next(r, &rec))
		util_die(EXIT_SYSTEM, "%s: tệp rỗng (không phải rejects.csv của bước validate?)", rejects_path);
	if (rejects_find_columns(&rec, col, &missing) != 0)
		util_die(EXIT_SYSTEM, "%s: thiếu cột %s (không phải rejects.csv của bước validate?)",
			 rejects_path, missing);
	return r;
}

/* Cell k of rec, or an empty one when the record is short (then the row has no owner). */
static struct csvin_field field(const struct csvin_record *rec, const long col[REJECTS_NCOLUMNS],
				enum rejects_column k)
{
	struct csvin_field f;
	rejects_cell(rec, col, k, &f);
	return f;
}

/*
 * A value as the table can show it: control characters (line ends in a
 * quoted cell) become spaces, a character the face lacks (the U+FFFD that
 * stands for bytes that were not UTF-8, an emoji) is written as its code
 * "[U+FFFD]", and past 200 characters the rest is cut with "…".
 */
static char *printable(const char *s, size_t n, const struct ttf *face)
{
	struct strbuf b = {0}, nfc = {0};
	size_t chars = 0, len;

	textnorm_nfc(s, n, &nfc);
	strbuf_add(&nfc, "", 0);
	strbuf_add(&b, "", 0);
	for (size_t i = 0; i < nfc.len; i += len, chars++) {
		uint32_t c = textnorm_utf8_next(nfc.data + i, &len);
		if (chars == 200) {
			strbuf_adds(&b, "…");
			break;
		}
		if (c < 0x20 || c == 0x7F)
			strbuf_addc(&b, ' ');
		else if (!ttf_has(face, c))
			strbuf_addf(&b, "[U+%04X]", (unsigned)c);
		else
			strbuf_add(&b, nfc.data + i, len);
	}
	strbuf_free(&nfc);
	return b.data;
}

size_t render_rejects(struct json *org, const char *rejects_path, const char *org_dir, int is_root,
		      const struct ttf *face)
{
	long col[REJECTS_NCOLUMNS];
	struct csvin *r = open_rejects(rejects_path, col);
	struct csvin_record rec;
	const char *code = json_string(json_get(org, "ma_to_chuc"));
	size_t code_len = strlen(code), n = 0, lines = 0;
	char last_line[256] = "";

	struct json *check = json_add(org, "kiem_tra", json_new_object());
	struct json *rows = json_new_array();
	while (csvin_next(r, &rec)) {
		if (rec.status == CSVIN_BLANK)
			continue;
		struct csvin_field owner = field(&rec, col, REJECTS_ORG);
		int mine = owner.len == code_len && memcmp(owner.data, code, code_len) == 0;
		if (!mine && !(is_root && !in_period(org_dir, owner.data, owner.len)))
			continue;
		struct json *row = json_append(rows, json_new_object());
		for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
			if (k == REJECTS_ORG) {
				json_add(row, rejects_column_keys[k], json_new_string(mine ? code : ""));
				continue;
			}
			struct csvin_field f = field(&rec, col, (enum rejects_column)k);
			char *v = printable(f.data, f.len, face);
			json_add(row, rejects_column_keys[k], json_new_string(v));
			free(v);
		}
		/* the rows of one record come together: count records by file and line */
		char key[256];
		struct csvin_field file = field(&rec, col, REJECTS_FILE);
		struct csvin_field line = field(&rec, col, REJECTS_LINE);
		snprintf(key, sizeof key, "%.*s:%.*s", (int)file.len, file.data, (int)line.len, line.data);
		if (strcmp(key, last_line) != 0 || !file.len)
			lines++;
		snprintf(last_line, sizeof last_line, "%s", key);
		n++;
	}
	csvin_close(r);
	json_add(check, "so_loi", json_new_int((long long)n));
	json_add(check, "so_ban_ghi", json_new_int((long long)lines));
	json_add(check, "loi", rows);
	return n;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The root's code, walking up the parents from code (or from any file of dir); NULL if lost. */
static char *find_root(const char *dir, const char *code)
{
	char *at = code ? xstrdup(code) : NULL;
	DIR *d = at ? NULL : opendir(dir);
	struct dirent *e;
	while (d && !at && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 5 && e->d_name[0] != '.' && !strcmp(e->d_name + len - 5, ".json"))
			at = xstrndup(e->d_name, len - 5);
	}
	if (d)
		closedir(d);
	for (int depth = 0; at && depth < 64; depth++) {
		struct strbuf err = {0};
		char *path = xasprintf("%s/%s.json", dir, at);
		struct json *j = json_load(path, &err);
		const char *parent = j ? json_string(json_get(j, "ma_cap_tren")) : NULL;
		char *next = parent && *parent ? xstrdup(parent) : NULL;
		int root = parent && !*parent;
		json_free(j);
		free(path);
		strbuf_free(&err);
		if (root)
			return at;
		free(at);
		at = next;
	}
	free(at);
	return NULL;
}

void render_rejects_list(const char *rejects_path, const char *agg_dir, FILE *out)
{
	long col[REJECTS_NCOLUMNS];
	struct csvin *r = open_rejects(rejects_path, col);
	struct csvin_record rec;
	char **codes = NULL;
	size_t n = 0, cap = 0;
	int orphans = 0;

	while (csvin_next(r, &rec)) {
		if (rec.status == CSVIN_BLANK)
			continue;
		struct csvin_field owner = field(&rec, col, REJECTS_ORG);
		if (!in_period(agg_dir, owner.data, owner.len)) {
			orphans = 1;
			continue;
		}
		xgrow(&codes, &cap, n + 1, sizeof *codes);
		codes[n++] = xstrndup(owner.data, owner.len);
	}
	csvin_close(r);
	if (orphans) {
		char *root = find_root(agg_dir, n ? codes[0] : NULL);
		if (!root)
			util_die(EXIT_SYSTEM, "%s: không tìm được tổ chức gốc để nhận các dòng bị từ chối "
				 "không thuộc tổ chức nào", agg_dir);
		xgrow(&codes, &cap, n + 1, sizeof *codes);
		codes[n++] = root;
	}
	if (n > 1) /* nothing to sort (and qsort(NULL, 0) is undefined) */
		qsort(codes, n, sizeof *codes, by_text);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(codes[i], codes[i - 1]) != 0)
			fprintf(out, "%s\n", codes[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
}
