/*
 * document: the identity of each document the batch issues: who
 * issues it, its kind, number, date, signer and recipients. The bloc's
 * summary is report.json's own document; every other organisation's report
 * is a notice of the bloc's office to that organisation (report.json's
 * "thong_bao_to_chuc"), numbered from the office's register of numbers;
 * a validation report is a working paper, neither numbered nor signed. A
 * draft (a report whose figures lack rejected records) shows no number.
 *
 * The register is a CSV file the office keeps (Kỳ;Mã tổ chức;Số): the batch
 * appends a number for each organisation of a period that has none, and
 * never changes a number that is there, so a corrected report keeps it.
 * Each organisation's number is then copied to a small file of its own, so
 * that a changed number re-renders that report alone.
 */
#ifndef BAOCAO_DOCUMENT_H
#define BAOCAO_DOCUMENT_H

#include "jsonfile.h"
#include "util.h"

enum document_kind {
	DOCUMENT_SUMMARY, /* the root's report: report.json's number, signer and recipients */
	DOCUMENT_NOTICE,  /* another organisation's: a notice with a number from the register */
	DOCUMENT_CHECK    /* a validation report: a working paper */
};

/*
 * The document the templates see as "bao_cao." for the organisation org
 * (its aggregate JSON): a copy of report, adapted to kind, with its number
 * read from number_path for a notice. Returns NULL with a Vietnamese reason
 * in err when report.json or the number lacks what the document needs.
 */
struct json *document_of(const struct json *report, const char *report_path,
			 const struct json *org, enum document_kind kind,
			 const char *number_path, struct strbuf *err);

/*
 * Gives a number in the register at register_path (created if missing) to
 * every organisation with a file in agg_dir, but the root, that has none
 * for the folder's period, in code order, after the largest number there
 * (or from report.json's thong_bao_to_chuc.so_dau). The file's own lines
 * (and any columns of the office's) stay as they are: new lines are added
 * at its end, with its separator; nothing is written when nothing is added.
 * Then writes numbers_dir/<code>.txt, each organisation's number, where it
 * changed, and removes the files of organisations not in agg_dir. Exits 2 on a malformed register or an
 * input/output error.
 */
void register_assign(const char *register_path, const struct json *report, const char *agg_dir,
		     const char *numbers_dir);

#endif
