/*
 * libFuzzer harness for report templates (templates/report/NAME.json): any
 * bytes as a template are refused with a reason or laid out, as
 * baocao-render does, over a real organisation's figures with the hd36
 * profile: every block, its "when"/"unless", its placeholders (template.c)
 * and its tables and charts (make fuzz-template).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_file.h"
#include "fuzz_setup.h"
#include "render_report.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_profile) {
		fuzz_setup();
	}
	const char *path = fuzz_file(data, size, ".json");
	struct strbuf err = {0}, info_buf[4] = {{0}};
	struct json *t = json_load(path, &err);

	if (t && json_type(t) == JSON_OBJECT) {
		struct render_input in = {
			fuzz_profile, fuzz_faces, t, path,
			{"D1", fuzz_org, fuzz_document, fuzz_period, NULL, 0, NULL}, 1,
		};
		struct pdf_info info = {0};
		struct layout_doc *doc = render_report(&in, &info, info_buf, &err);
		if (!doc && !err.len)
			__builtin_trap(); /* a refusal always says why */
		if (!doc && getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "%s\n", err.data);
		layout_doc_free(doc);
	} else if (!t && !err.len) {
		__builtin_trap();
	}
	json_free(t);
	strbuf_free(&err);
	for (int k = 0; k < 4; k++)
		strbuf_free(&info_buf[k]);
	return 0;
}
