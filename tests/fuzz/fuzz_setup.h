/*
 * fuzz_setup: what the render harnesses share, loaded once from the
 * repository (they run from its top folder, as make runs them): the hd36
 * profile with its faces (the cut fonts of build/, else the system's), and
 * a real organisation, report.json and the organisation's document, a
 * notice numbered from its number file (tests/cases/render-dump), and the
 * period as render makes it.
 */
#ifndef BAOCAO_FUZZ_SETUP_H
#define BAOCAO_FUZZ_SETUP_H

#include <stdlib.h>
#include <unistd.h>

#include "document.h"
#include "jsonfile.h"
#include "profile.h"
#include "ttf.h"

static struct profile *fuzz_profile;
static struct ttf *fuzz_faces[PROFILE_MAX_FACES];
static struct json *fuzz_org, *fuzz_report, *fuzz_document, *fuzz_period;

static const char *fuzz_font_dir(void)
{
	return access("build/fonts/LiberationSerif-Regular.ttf", R_OK) == 0
		       ? "build/fonts" : "/usr/share/fonts/truetype/liberation2";
}

static struct json *fuzz_json(const char *path)
{
	struct strbuf err = {0};
	struct json *j = json_load(path, &err);
	if (!j)
		abort();
	return j;
}

static void fuzz_setup(void)
{
	struct strbuf err = {0};
	fuzz_profile = profile_load("templates/profile/hd36.json", fuzz_font_dir(), &err);
	if (!fuzz_profile)
		abort();
	for (size_t f = 0; f < fuzz_profile->nfaces; f++)
		if (!(fuzz_faces[f] = ttf_load(fuzz_profile->face_files[f], &err)))
			abort();
	fuzz_org = fuzz_json("tests/cases/render-dump/D1.json");
	fuzz_report = fuzz_json("tests/cases/render-dump/report.json");
	fuzz_document = document_of(fuzz_report, "report.json", fuzz_org, DOCUMENT_NOTICE,
				    "tests/cases/render-dump/D1.so", &err);
	if (!fuzz_document)
		abort();
	fuzz_period = json_new_object();
	json_add(fuzz_period, "nam", json_new_int(2022));
	json_add(fuzz_period, "nam_truoc", json_new_int(2021));
	json_add(fuzz_period, "nam_sau", json_new_int(2023));
	json_add(fuzz_period, "thang", json_new_null());
	json_add(fuzz_period, "ngay_cuoi_ky", json_new_string("2022-12-31"));
	json_add(fuzz_period, "ngay_van_ban", json_new_string("2023-01-09"));
	strbuf_free(&err);
}

#endif
