/*
 * publish_org: the recipients of a period's publication and what each gets:
 * every organisation with a report (from the period's aggregate/ folder),
 * its report named after its number ("Thông báo số 101-TB-ĐUK.pdf"), its
 * validation report, its own rows of rejects.csv, and for the root (the
 * bloc's leaders) the appendix table too (as CSV and as a workbook). Names and numbers come from the
 * same document identity render drew (lib/document.h).
 *
 * Ownership: a recipients list owns its organisations, their documents and
 * strings; recipients_free releases them.
 */
#ifndef BAOCAO_PUBLISH_ORG_H
#define BAOCAO_PUBLISH_ORG_H

#include <stddef.h>

#include "jsonfile.h"
#include "util.h"

/* The kinds of published files, as the manifest names them. */
enum pub_kind { PUB_REPORT, PUB_CHECK, PUB_REJECTED_ROWS, PUB_TABLE, PUB_ZIP, PUB_INDEX };
extern const char *const pub_kind_names[];

/* A document of a recipient. */
struct pub_doc {
	enum pub_kind kind;
	char *name;       /* its file name in the recipient's folder */
	char *src;        /* the file it is copied from, or NULL: data holds it */
	struct strbuf data;
	char *number;     /* "101-TB/ĐUK", or NULL */
	int draft;
};

/* A recipient organisation and its key figures (for the index page). */
struct pub_org {
	char *code, *name;
	int root, draft;
	long long people, commitments, effective_models;
	double commitment_rate;   /* NaN when not known */
	int has_commitments;      /* the period imports cam_ket */
	struct pub_doc *docs;
	size_t ndocs;
};

struct recipients {
	char *period;             /* "2022", "2022-05" */
	char *end;                /* the period's last day, ISO */
	struct pub_org *orgs;     /* by code */
	size_t n;
	size_t drafts;            /* organisations whose report is a draft */
};

/*
 * The recipients of the period folder dir (its aggregate/, reports/,
 * rejects.csv), their documents named with report.json (report_path) and
 * the number files of so-van-ban/. Exits 2 when a file the batch wrote is
 * missing or malformed.
 */
struct recipients *recipients_load(const char *dir, const struct json *report,
				   const char *report_path);
void recipients_free(struct recipients *r);

#endif
