/*
 * libFuzzer harness for format profiles (templates/profile/NAME.json): any
 * bytes as a profile are refused with a reason or loaded, and a loaded
 * profile is consistent (every style's face and every line's style exist)
 * and sets a real report, as baocao-render would: the yearly report of a
 * real organisation, its header and signature blocks, page numbers and
 * watermark, on the profile's page (make fuzz-profile).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_file.h"
#include "fuzz_setup.h"
#include "render_report.h"

static struct json *template;

static void check_lines(const struct profile *p, const struct profile_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].style < -1 || l[i].style >= (int)p->nstyles ||
		    ((l[i].text || l[i].list) && l[i].style < 0))
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_profile) {
		fuzz_setup();
		template = fuzz_json("templates/report/nam_to_chuc.json");
	}
	const char *path = fuzz_file(data, size, ".json");
	struct strbuf err = {0}, info_buf[4] = {{0}};
	struct profile *p = profile_load(path, fuzz_font_dir(), &err);

	if (!p) {
		if (!err.len)
			__builtin_trap(); /* a refusal always says why */
		strbuf_free(&err);
		return 0;
	}
	if (p->nfaces == 0 || p->nfaces > PROFILE_MAX_FACES || p->nnames < p->nfaces)
		__builtin_trap();
	for (size_t i = 0; i < p->nnames; i++)
		if (p->face_of_name[i] < 0 || (size_t)p->face_of_name[i] >= p->nfaces)
			__builtin_trap();
	for (size_t i = 0; i < p->nstyles; i++)
		if (p->styles[i].st.face < 0 || (size_t)p->styles[i].st.face >= p->nfaces)
			__builtin_trap();
	check_lines(p, p->header.left, p->header.nleft);
	check_lines(p, p->header.right, p->header.nright);
	check_lines(p, p->signature.left, p->signature.nleft);
	check_lines(p, p->signature.right, p->signature.nright);
	if (!profile_style(p, "page_number") || !profile_style(p, "watermark"))
		__builtin_trap();

	/* its faces are the hd36 faces, in turn: the files it names are not read */
	struct ttf *faces[PROFILE_MAX_FACES];
	for (size_t f = 0; f < p->nfaces; f++)
		faces[f] = fuzz_faces[f % fuzz_profile->nfaces];
	struct render_input in = {
		p, faces, template, "nam_to_chuc.json",
		{"D1", fuzz_org, fuzz_document, fuzz_period, NULL, 0, NULL}, 1,
	};
	struct pdf_info info = {0};
	struct layout_doc *doc = render_report(&in, &info, info_buf, &err);
	if (!doc && !err.len)
		__builtin_trap();
	if (!doc && getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%s\n", err.data);
	layout_doc_free(doc);
	profile_free(p);
	strbuf_free(&err);
	for (int k = 0; k < 4; k++)
		strbuf_free(&info_buf[k]);
	return 0;
}
