/*
 * render_rejects: the rows of the validate stage's rejects.csv that belong to
 * one organisation, for its validation report ("kiem_tra" in the template's
 * data). A row belongs to the organisation named in its last column
 * (ma_to_chuc); rows naming no organisation of the period (empty, or a code
 * without a file beside the organisation's in the aggregate folder) go to
 * the root's report, so that every rejected row reaches someone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvin.h"
#include "render.h"

static const char *const columns[] = {"tep", "dong", "cot", "ten_cot", "ma_loi", "mo_ta", "gia_tri"};
enum { NCOLUMNS = sizeof columns / sizeof *columns };

/* Whether code is an organisation of the period: its aggregate file exists in dir. */
static int in_period(const char *dir, const char *code, size_t len)
{
	struct stat st;
	if (len == 0 || len > 64 || memchr(code, '/', len))
		return 0;
	char *path = xasprintf("%s/%.*s.json", dir, (int)len, code);
	int ok = stat(path, &st) == 0;
	free(path);
	return ok;
}

size_t render_rejects(struct json *org, const char *rejects_path, const char *org_dir, int is_root)
{
	struct csvin_options opt = {0};
	struct csvin *r = csvin_open(rejects_path, &opt);
	struct csvin_record rec;
	long col[NCOLUMNS + 1];
	const char *code = json_string(json_get(org, "ma_to_chuc"));
	size_t code_len = strlen(code), n = 0, lines = 0;
	char last_line[256] = "";

	if (!r)
		util_die_errno(EXIT_SYSTEM, "không mở được tệp %s", rejects_path);
	if (!csvin_next(r, &rec))
		util_die(EXIT_SYSTEM, "%s: tệp rỗng (không phải rejects.csv của bước validate?)", rejects_path);
	for (size_t k = 0; k <= NCOLUMNS; k++) {
		col[k] = csvin_column(&rec, k < NCOLUMNS ? columns[k] : "ma_to_chuc");
		if (col[k] < 0)
			util_die(EXIT_SYSTEM, "%s: thiếu cột %s (không phải rejects.csv của bước validate?)",
				 rejects_path, k < NCOLUMNS ? columns[k] : "ma_to_chuc");
	}
	struct json *check = json_add(org, "kiem_tra", json_new_object());
	struct json *rows = json_new_array();
	while (csvin_next(r, &rec)) {
		if (rec.status != CSVIN_OK || rec.nfields <= (size_t)col[NCOLUMNS])
			continue;
		const struct csvin_field *owner = &rec.fields[col[NCOLUMNS]];
		int mine = owner->len == code_len && memcmp(owner->data, code, code_len) == 0;
		if (!mine && !(is_root && !in_period(org_dir, owner->data, owner->len)))
			continue;
		struct json *row = json_append(rows, json_new_object());
		for (size_t k = 0; k < NCOLUMNS; k++) {
			const struct csvin_field *f = &rec.fields[col[k]];
			char *v = xstrndup(f->data, f->len);
			json_add(row, columns[k], json_new_string(v));
			free(v);
		}
		json_add(row, "ma_to_chuc", json_new_string(mine ? code : ""));
		/* rows of one record come together: count records by file and line */
		char key[256];
		const struct csvin_field *file = &rec.fields[col[0]], *line = &rec.fields[col[1]];
		snprintf(key, sizeof key, "%.*s:%.*s", (int)file->len, file->data, (int)line->len, line->data);
		if (strcmp(key, last_line) != 0)
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
