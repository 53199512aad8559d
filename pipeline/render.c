/*
 * baocao-render: one organisation's report as an official-format PDF (or,
 * with --dump, its laid-out pages as text for golden tests). Every input is
 * named on the command line: the organisation's aggregate JSON, report.json,
 * the format profile (report.json's "profile" names it when -p is a folder),
 * the report template (chosen by the period and the organisation when -t is
 * a folder) and the folder of the profile's fonts. The document's date comes
 * from report.json (else SOURCE_DATE_EPOCH), never from the clock.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "fmt.h"
#include "outfile.h"
#include "pdfpack.h"
#include "document.h"
#include "render_rejects.h"
#include "render_report.h"

static const struct cli cli = {
	"baocao-render",
	"usage: baocao-render [-d] [-e REJECTS_CSV] [-n NUMBER_FILE] -p PROFILE -t TEMPLATE\n"
	"                     -r REPORT_JSON -f FONT_DIR -o OUTPUT AGGREGATE_JSON\n"
	"       baocao-render -l -e REJECTS_CSV AGGREGATE_DIR\n"
	"       baocao-render -a REGISTER -r REPORT_JSON -o NUMBERS_DIR AGGREGATE_DIR\n",
	"Writes the report of the organisation in AGGREGATE_JSON (a file of the\n"
	"aggregate stage) to OUTPUT as a PDF, or with -d as its laid-out pages in\n"
	"text. With -e, the organisation's validation report instead: its rows of\n"
	"REJECTS_CSV (the validate stage's rejects.csv; the root also gets the rows\n"
	"of no organisation of the period); with -l, the codes of the organisations\n"
	"that get one, from the aggregate folder. PROFILE and TEMPLATE may be files or\n"
	"the folders to choose from (templates/profile, templates/report). The report\n"
	"of an organisation other than the root is a notice numbered from NUMBER_FILE;\n"
	"with -a, the numbers of the organisations in AGGREGATE_DIR are given in the\n"
	"office's REGISTER (Kỳ;Mã tổ chức;Số) where missing and copied to\n"
	"NUMBERS_DIR/<ma_to_chuc>.txt.\n"
	"Exit status: 0 done, 1 the report cannot be made from this data, template\n"
	"or report.json (the message says why), 2 usage, an unreadable or\n"
	"malformed file, input/output or library error.\n",
};

/* What the command line asks for: every input of one report, and its output. */
struct options {
	const char *profile, *template, *report, *fonts, *output, *rejects, *number;
	const char *org;  /* the organisation's aggregate JSON */
	int dump;
};

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static struct json *load_or_die(const char *path)
{
	struct strbuf err = {0};
	struct json *j = json_load(path, &err);
	if (!j)
		util_die(EXIT_SYSTEM, "%s", err.data);
	if (json_type(j) != JSON_OBJECT)
		util_die(EXIT_SYSTEM, "%s: tệp phải chứa một đối tượng JSON", path);
	return j;
}

/*
 * The template of this report in a folder: kiem_tra.json for a validation
 * report, nam_tong_hop.json for the root's yearly report, nam_to_chuc.json
 * for the others', thang.json for a month.
 */
static char *template_path(const char *t, const struct json *org, int validation)
{
	if (!is_dir(t))
		return xstrdup(t);
	const char *period = json_string(json_get(org, "ky"));
	const char *parent = json_string(json_get(org, "ma_cap_tren"));
	const char *name = validation                      ? "kiem_tra"
			   : period && strchr(period, '-') ? "thang"
			   : parent && !*parent            ? "nam_tong_hop"
							   : "nam_to_chuc";
	return xasprintf("%s/%s.json", t, name);
}

/*
 * The document's date: report.json's ngay_van_ban, else SOURCE_DATE_EPOCH
 * (for reproducible builds); with neither a report cannot be dated. Sets
 * info's date and writes the ISO form to iso.
 */
static void document_date(const struct json *report, const char *report_path, struct pdf_info *info,
			  char iso[11])
{
	const struct json *given = json_get(report, "ngay_van_ban");
	const char *day = json_string(given);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	fmt_days days;

	if (given && !day && json_type(given) != JSON_NULL)
		util_die(EXIT_REJECTED, "%s: ngay_van_ban phải là chuỗi ngày yyyy-mm-dd", report_path);

	if (day) {
		long y;
		unsigned m, d;
		if (fmt_parse_date(day, strlen(day), 0, &days) != 0)
			util_die(EXIT_REJECTED, "%s: ngay_van_ban không phải ngày yyyy-mm-dd: %s", report_path, day);
		fmt_civil_from_days(days, &y, &m, &d);
		info->date = (struct tm){.tm_year = (int)y - 1900, .tm_mon = (int)m - 1, .tm_mday = (int)d};
	} else if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long t = strtoll(epoch, &end, 10);
		time_t tt = (time_t)t;
		if (*end || errno || t < 0 || !gmtime_r(&tt, &info->date))
			util_die(EXIT_SYSTEM, "SOURCE_DATE_EPOCH không hợp lệ: %s", epoch);
	} else {
		util_die(EXIT_REJECTED, "%s: thiếu ngay_van_ban (ngày của văn bản, yyyy-mm-dd) và "
			 "SOURCE_DATE_EPOCH không được đặt", report_path);
	}
	info->has_date = 1;
	snprintf(iso, 11, "%04d-%02d-%02d", info->date.tm_year + 1900, info->date.tm_mon + 1,
		 info->date.tm_mday);
}

/*
 * The period as the templates see it: thoi_gian.nam, nam_truoc, nam_sau,
 * thang (null for a year), ngay_cuoi_ky and ngay_van_ban (the document's date).
 */
static struct json *period_of(const struct json *org, const char *path, const char *date)
{
	const char *ky = json_string(json_get(org, "ky"));
	const char *end = json_string(json_get(org, "ngay_cuoi_ky"));
	long year = 0, month = 0;
	if (!ky || !end || sscanf(ky, "%4ld-%2ld", &year, &month) < 1)
		util_die(EXIT_SYSTEM, "%s: thiếu \"ky\" hoặc \"ngay_cuoi_ky\" (không phải tệp của bước aggregate?)",
			 path);
	struct json *p = json_new_object();
	json_add(p, "nam", json_new_int(year));
	json_add(p, "nam_truoc", json_new_int(year - 1));
	json_add(p, "nam_sau", json_new_int(year + 1));
	json_add(p, "thang", month ? json_new_int(month) : json_new_null());
	json_add(p, "ngay_cuoi_ky", json_new_string(end));
	json_add(p, "ngay_van_ban", json_new_string(date));
	return p;
}

/* The laid-out pages as text (the --dump format), into out. */
static void dump_doc(const struct layout_doc *doc, const struct profile *profile, struct strbuf *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		util_die_errno(EXIT_SYSTEM, "không cấp phát được bộ nhớ");
	layout_dump(doc, (const char *const *)profile->face_label, mem);
	fclose(mem);
	strbuf_add(out, buf, len);
	free(buf);
}

/*
 * The PDF: drawn by libharu, then packed by libqpdf, into out; exits 2 on a
 * library failure. Frees doc once drawn, before packing.
 */
static void pdf_bytes(struct layout_doc *doc, const struct profile *profile,
		      struct ttf *const *faces, const struct pdf_info *info, const char *org_path,
		      struct strbuf *out)
{
	struct strbuf pdf = {0}, err = {0};
	int bad = pdf_render(doc, faces, (const char *const *)profile->face_files, profile->nfaces,
			     info, &pdf, &err) != 0;
	layout_doc_free(doc);
	if (bad || pdfpack_compact(pdf.data, pdf.len, out, &err) != 0)
		util_die(EXIT_SYSTEM, "%s: %s", org_path, err.data);
	strbuf_free(&pdf);
	strbuf_free(&err);
}

static void write_output(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
		return;
	}
	struct outfile *o = outfile_open(path);
	if (fwrite(data, 1, len, o->fp) != len)
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", path);
	outfile_commit(o);
}

/*
 * The profile's file: the -p file, or in the -p folder the one report.json
 * names ("profile", a plain name; hd36 by default).
 */
static char *profile_path(const char *arg, const struct json *report, const char *report_path)
{
	if (!is_dir(arg))
		return xstrdup(arg);
	const char *name = json_string(json_get(report, "profile"));
	if (!name)
		name = "hd36";
	if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(name))
		util_die(EXIT_REJECTED, "%s: profile phải là tên một hồ sơ thể thức (như hd36, nd30): %s",
			 report_path, name);
	return xasprintf("%s/%s.json", arg, name);
}

/* Makes the report o asks for and writes it; exits on any failure. */
static void render(const struct options *o)
{
	struct json *org = load_or_die(o->org), *report = load_or_die(o->report);
	const char *code = json_string(json_get(org, "ma_to_chuc"));
	if (!code)
		util_die(EXIT_SYSTEM, "%s: thiếu \"ma_to_chuc\" (không phải tệp của bước aggregate?)", o->org);

	char *ppath = profile_path(o->profile, report, o->report);
	struct strbuf err = {0};
	struct profile *profile = profile_load(ppath, o->fonts, &err);
	if (!profile)
		util_die(EXIT_SYSTEM, "%s", err.data);
	struct ttf *faces[PROFILE_MAX_FACES] = {NULL};
	for (size_t f = 0; f < profile->nfaces; f++)
		if (!(faces[f] = ttf_load(profile->face_files[f], &err)))
			util_die(EXIT_SYSTEM, "%s", err.data);

	if (o->rejects) {
		char *dir = xstrdup(o->org), *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		const char *parent = json_string(json_get(org, "ma_cap_tren"));
		const struct layout_style *cells = profile_style(profile, "table_body");
		render_rejects(org, o->rejects, slash ? dir : ".", parent && !*parent,
			       faces[cells ? cells->face : 0]);
		free(dir);
	}
	char *tpath = template_path(o->template, org, o->rejects != NULL);
	struct json *template = load_or_die(tpath);
	const char *parent = json_string(json_get(org, "ma_cap_tren"));
	enum document_kind kind = o->rejects ? DOCUMENT_CHECK
				 : parent && !*parent ? DOCUMENT_SUMMARY : DOCUMENT_NOTICE;
	struct json *document = document_of(report, o->report, org, kind, o->number, &err);
	if (!document)
		util_die(EXIT_REJECTED, "%s", err.data);
	struct pdf_info info = {0};
	char date[11];
	document_date(document, o->report, &info, date);
	struct json *period = period_of(org, o->org, date);
	const struct json *sample = json_get(report, "du_lieu_mau");
	struct render_input in = {
		profile, faces, template, tpath,
		{code, org, document, period, NULL, 0, NULL},
		sample && json_bool(sample) == 1,
	};
	if (in.watermark &&
	    template_check_text(profile->watermark_text, faces[profile_style(profile, "watermark")->face],
				code, "watermark", &err) != 0)
		util_die(EXIT_REJECTED, "%s: %s", ppath, err.data);

	struct strbuf info_buf[4] = {{0}};
	struct layout_doc *doc = render_report(&in, &info, info_buf, &err);
	if (!doc)
		util_die(EXIT_REJECTED, "%s", err.data);
	info.creator = "baocao-render " BAOCAO_VERSION " (libharu)";

	/* the data is laid out: free it before drawing (a national summary is large) */
	json_free(period);
	json_free(template);
	json_free(org);
	json_free(report);
	json_free(document);
	free(tpath);

	struct strbuf out = {0};
	if (o->dump) {
		dump_doc(doc, profile, &out);
		layout_doc_free(doc);
	} else {
		pdf_bytes(doc, profile, faces, &info, o->org, &out);
	}
	outfile_cleanup_on_signals();
	write_output(o->output, out.data, out.len);

	strbuf_free(&out);
	strbuf_free(&err);
	for (int k = 0; k < 4; k++)
		strbuf_free(&info_buf[k]);
	for (size_t f = 0; f < profile->nfaces; f++)
		ttf_free(faces[f]);
	profile_free(profile);
	free(ppath);
}

/* Lists the organisations that get a validation report, for make. */
static void list(const char *rejects, const char *agg_dir)
{
	render_rejects_list(rejects, agg_dir, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"profile", required_argument, NULL, 'p'}, {"template", required_argument, NULL, 't'},
		{"report", required_argument, NULL, 'r'},  {"fonts", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},  {"dump", no_argument, NULL, 'd'},
		{"rejects", required_argument, NULL, 'e'}, {"list", no_argument, NULL, 'l'},
		{"number", required_argument, NULL, 'n'},  {"assign", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {0};
	const char *assign = NULL;
	int listing = 0, c;

	cli_start(&cli);
	while ((c = getopt_long(argc, argv, ":p:t:r:f:o:e:n:a:ldhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o.profile = optarg; break;
		case 't': o.template = optarg; break;
		case 'r': o.report = optarg; break;
		case 'f': o.fonts = optarg; break;
		case 'o': o.output = optarg; break;
		case 'd': o.dump = 1; break;
		case 'e': o.rejects = optarg; break;
		case 'l': listing = 1; break;
		case 'n': o.number = optarg; break;
		case 'a': assign = optarg; break;
		default: cli_common(&cli, c, argv);
		}
	}
	if (listing) {
		if (!o.rejects || optind + 1 != argc)
			cli_usage(&cli, "-l cần -e REJECTS_CSV và một thư mục aggregate");
		list(o.rejects, argv[optind]);
		return EXIT_DONE;
	}
	if (assign) {
		if (!o.report || !o.output || optind + 1 != argc)
			cli_usage(&cli, "-a cần -r REPORT_JSON, -o NUMBERS_DIR và một thư mục aggregate");
		struct json *report = load_or_die(o.report);
		register_assign(assign, report, argv[optind], o.output);
		json_free(report);
		return EXIT_DONE;
	}
	if (!o.profile || !o.template || !o.report || !o.fonts || !o.output)
		cli_usage(&cli, "cần đủ -p, -t, -r, -f và -o");
	if (optind + 1 != argc)
		cli_usage(&cli, "cần đúng một tệp JSON của bước aggregate");
	o.org = argv[optind];
	render(&o);
	return EXIT_DONE;
}
