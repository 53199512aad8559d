/*
 * publish_html: index.html, the page staff open from the publication's
 * folder: every recipient with its key figures, its documents (links to the
 * files beside the page, with their status since the previous publication)
 * and its zip, in Vietnamese, working offline (no script, no outside file).
 */
#ifndef BAOCAO_PUBLISH_HTML_H
#define BAOCAO_PUBLISH_HTML_H

#include "publish_manifest.h"
#include "publish_org.h"

/* Appends the page for the recipients r and the manifest m (without the page itself) to out. */
void publish_html(const struct recipients *r, const struct manifest *m, const char *period_zip,
		  struct strbuf *out);

#endif
