/*
 * render_rejects: the rows of the validate stage's rejects.csv that belong
 * to one organisation, for its validation report, and the list of the
 * organisations that get one. A row belongs to the organisation named in
 * its ma_to_chuc column; rows naming no organisation of the period go to
 * the root, so that every rejected row reaches someone.
 */
#ifndef BAOCAO_RENDER_REJECTS_H
#define BAOCAO_RENDER_REJECTS_H

#include <stddef.h>
#include <stdio.h>

#include "jsonfile.h"
#include "ttf.h"

/*
 * Adds "kiem_tra" to org (its aggregate JSON): so_loi, so_ban_ghi and loi,
 * the rows of rejects_path (the validate stage's rejects.csv) naming this
 * organisation; the root (is_root) also gets the rows naming none of the
 * period's organisations (no file beside the organisation's in org_dir).
 * Values are made printable with face (a missing character shows as its
 * code). Returns the number of rows; exits 2 when the file cannot be read.
 */
size_t render_rejects(struct json *org, const char *rejects_path, const char *org_dir, int is_root,
		      const struct ttf *face);

/*
 * Writes to out, one a line and sorted, the codes of the organisations that
 * get a validation report: those named on a row of rejects_path that have a
 * file in agg_dir, and the root when a row names none of them.
 */
void render_rejects_list(const char *rejects_path, const char *agg_dir, FILE *out);

#endif
