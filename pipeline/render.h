/*
 * render: the report stage's parts shared by its files. render_report.c
 * turns a report template and an organisation's figures into a laid-out
 * document; render.c is the program around it.
 */
#ifndef BAOCAO_RENDER_H
#define BAOCAO_RENDER_H

#include <stdio.h>

#include "jsonfile.h"
#include "layout.h"
#include "pdf.h"
#include "profile.h"
#include "template.h"
#include "ttf.h"

/* Everything one report is made from; the caller owns it all. */
struct render_input {
	const struct profile *profile;
	struct ttf *const *faces;        /* profile->nfaces, loaded */
	const struct json *template;
	const char *template_path;
	struct template_context ctx;     /* org, report.json, period */
	int watermark;                   /* draw the profile's watermark */
};

/*
 * Lays out the report. On success returns the document (free it with
 * layout_doc_free) and fills info's texts into info_buf (strings point into
 * it); on failure returns NULL with the reason in err.
 */
struct layout_doc *render_report(const struct render_input *in, struct pdf_info *info,
				 struct strbuf info_buf[4], struct strbuf *err);

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
