/*
 * libFuzzer harness for report.json, as baocao-render reads it: any bytes
 * are refused with a reason or give each kind of document (the summary,
 * a numbered notice, a draft of both, a validation report's working paper:
 * document.c), whose date is read as render reads it, and which is then
 * laid out as the yearly report of a real organisation with the hd36
 * profile: its header, number, date, signature and recipients
 * (make fuzz-report).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fmt.h"
#include "fuzz_file.h"
#include "fuzz_setup.h"
#include "render_report.h"

static struct json *summary, *notice, *root, *draft_root, *draft_org;

/* What render does with one document: date it, then lay the report out. */
static void render(const struct json *org, const struct json *doc, const struct json *template)
{
	/* the date: ngay_van_ban, a yyyy-mm-dd string (SOURCE_DATE_EPOCH is not set here) */
	const char *day = json_string(json_get(doc, "ngay_van_ban"));
	fmt_days days;
	long y;
	unsigned m, d;
	if (!day || fmt_parse_date(day, strlen(day), 0, &days) != 0)
		return;
	fmt_civil_from_days(days, &y, &m, &d);
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		__builtin_trap();
	char iso[11];
	snprintf(iso, sizeof iso, "%04ld-%02u-%02u", y, m, d);
	struct json *period = json_copy(fuzz_period);
	json_set(period, "ngay_van_ban", json_new_string(iso));

	struct strbuf err = {0}, info_buf[4] = {{0}};
	const struct json *sample = json_get(fuzz_report, "du_lieu_mau");
	struct render_input in = {
		fuzz_profile, fuzz_faces, template, "template.json",
		{json_string(json_get(org, "ma_to_chuc")), org, doc, period, NULL, 0, NULL}, sample && json_bool(sample) == 1,
	};
	struct pdf_info info = {0};
	struct layout_doc *out = render_report(&in, &info, info_buf, &err);
	if (!out && !err.len)
		__builtin_trap(); /* a refusal always says why */
	if (!out && getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%s\n", err.data);
	layout_doc_free(out);
	json_free(period);
	strbuf_free(&err);
	for (int k = 0; k < 4; k++)
		strbuf_free(&info_buf[k]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_profile) {
		fuzz_setup();
		summary = fuzz_json("templates/report/nam_tong_hop.json");
		notice = fuzz_json("templates/report/nam_to_chuc.json");
		root = fuzz_json("tests/cases/render-dump/DUK.json");
		draft_org = json_copy(fuzz_org);
		json_set(draft_org, "du_thao", json_new_bool(1));
		draft_root = json_copy(root);
		json_set(draft_root, "du_thao", json_new_bool(1));
	}
	const char *path = fuzz_file(data, size, ".json");
	struct strbuf err = {0};
	struct json *report = json_load(path, &err);

	if (!report && !err.len)
		__builtin_trap();
	if (!report || json_type(report) != JSON_OBJECT) {
		json_free(report);
		strbuf_free(&err);
		return 0;
	}
	/* the first number of notices, as register_assign reads it */
	double first = 1;
	json_number(json_get(json_get(report, "thong_bao_to_chuc"), "so_dau"), &first);
	(void)first;

	static const enum document_kind kinds[] = {DOCUMENT_SUMMARY, DOCUMENT_NOTICE, DOCUMENT_CHECK};
	for (size_t k = 0; k < 3; k++)
		for (int draft = 0; draft < 2; draft++) {
			/* the summary is the root's document, the others D1's */
			const struct json *org = kinds[k] == DOCUMENT_SUMMARY ? (draft ? draft_root : root)
						 : draft ? draft_org : fuzz_org;
			strbuf_reset(&err);
			struct json *doc = document_of(report, path, org, kinds[k],
						       "tests/cases/render-dump/D1.so", &err);
			if (!doc) {
				if (!err.len || kinds[k] != DOCUMENT_NOTICE)
					__builtin_trap(); /* only a notice needs more of report.json */
				continue;
			}
			const char *number = json_string(json_get(doc, "so_van_ban"));
			if (kinds[k] == DOCUMENT_NOTICE && !number)
				__builtin_trap();
			/* a check's document is laid out by other code (render_rejects); the
			 * draft summary needs figures of rejected records the fixture lacks */
			if (kinds[k] == DOCUMENT_NOTICE || (kinds[k] == DOCUMENT_SUMMARY && !draft))
				render(org, doc, kinds[k] == DOCUMENT_SUMMARY ? summary : notice);
			json_free(doc);
		}
	json_free(report);
	strbuf_free(&err);
	return 0;
}
