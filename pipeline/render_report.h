/*
 * render_report: one report laid out from a template: its blocks (header,
 * headings, paragraphs, tables, charts, signature…) set with a profile's
 * styles over an organisation's figures. The result is a layout document
 * that baocao-render draws as a PDF or prints as text.
 */
#ifndef BAOCAO_RENDER_REPORT_H
#define BAOCAO_RENDER_REPORT_H

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

#endif
