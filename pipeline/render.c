/*
 * baocao-render: organisations' reports as official-format PDFs (or, with
 * --dump, one report's laid-out pages as text for golden tests). Every input
 * is named on the command line: the organisations' aggregate JSON files,
 * report.json, the format profile (report.json's "profile" names it when -p
 * is a folder), the report template (chosen by the period and the
 * organisation when -t is a folder) and the folder of the profile's fonts.
 * The document's date comes from report.json (else SOURCE_DATE_EPOCH), never
 * from the clock.
 *
 * Many reports in one run (a folder as -o): what they share (report.json,
 * the profile, the fonts) is loaded once, then -j worker processes forked
 * from that state take the reports one by one; a report that cannot be made
 * ends its worker, which is replaced, so that it stops only itself.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "console.h"
#include "fmt.h"
#include "outfile.h"
#include "pdfpack.h"
#include "document.h"
#include "render_rejects.h"
#include "render_report.h"

static const struct cli cli = {
	"baocao-render",
	"Cách dùng: baocao-render [-d] [-e TỆP_TỪ_CHỐI] [-n TỆP_SỐ] [-p THỂ_THỨC]\n"
	"                         [-t MẪU] [-f THƯ_MỤC_PHÔNG] -r TỆP_BÁO_CÁO -o TỆP_RA\n"
	"                         TỆP_TỔNG_HỢP\n"
	"           baocao-render [-e TỆP_TỪ_CHỐI] [-N THƯ_MỤC_SỐ] [-j SỐ_TIẾN_TRÌNH] [-q]\n"
	"                         [-p THỂ_THỨC] [-t MẪU] [-f THƯ_MỤC_PHÔNG]\n"
	"                         -r TỆP_BÁO_CÁO -o THƯ_MỤC_RA [--batch DANH_SÁCH]\n"
	"                         [TỆP_TỔNG_HỢP...]\n"
	"           baocao-render -l -e TỆP_TỪ_CHỐI THƯ_MỤC_TỔNG_HỢP\n"
	"           baocao-render -a SỔ_VĂN_BẢN -r TỆP_BÁO_CÁO -o THƯ_MỤC_SỐ\n"
	"                         THƯ_MỤC_TỔNG_HỢP\n",
	"\n"
	"Làm báo cáo của tổ chức trong TỆP_TỔNG_HỢP (một tệp của bước aggregate, như\n"
	"output/2022/aggregate/DUK.json) thành tệp PDF đúng thể thức văn bản, ghi vào\n"
	"TỆP_RA (\"-\" là đầu ra chuẩn); với -d, in các trang đã dàn thành văn bản.\n"
	"Khi -o là một thư mục, báo cáo của mỗi TỆP_TỔNG_HỢP và của mỗi đường dẫn\n"
	"trong tệp DANH_SÁCH được ghi vào THƯ_MỤC_RA/<tên>.pdf; báo cáo nào không làm\n"
	"được thì được báo lý do, các báo cáo khác vẫn được làm. Báo cáo của tổ chức\n"
	"gốc là báo cáo tổng hợp; của tổ chức khác là một thông báo có số văn bản.\n"
	"\n"
	"Tùy chọn:\n"
	"  -r, --report TỆP_BÁO_CÁO tham số văn bản của kỳ (input/NĂM/report.json)\n"
	"  -o, --output TỆP_RA      tệp PDF cần ghi, hoặc một thư mục (nhiều báo cáo)\n"
	"  -p, --profile THỂ_THỨC   tệp thể thức, hoặc thư mục để chọn theo \"profile\"\n"
	"                           của report.json (mặc định hd36); mặc định:\n"
	"                           templates/profile trong thư mục dữ liệu\n"
	"  -t, --template MẪU       tệp mẫu báo cáo, hoặc thư mục để chọn theo kỳ và tổ\n"
	"                           chức; mặc định: templates/report trong thư mục\n"
	"                           dữ liệu\n"
	"  -f, --fonts THƯ_MỤC_PHÔNG\n"
	"                           thư mục phông chữ của thể thức; mặc định: fonts\n"
	"                           trong thư mục dữ liệu (build/fonts trong mã nguồn)\n"
	"  -d, --dump               in các trang đã dàn thành văn bản thay cho PDF\n"
	"                           (một báo cáo)\n"
	"  -n, --number TỆP_SỐ      tệp chứa số văn bản của thông báo (một báo cáo)\n"
	"  -N, --numbers THƯ_MỤC_SỐ thư mục các tệp số <tên>.txt (nhiều báo cáo)\n"
	"  -j, --jobs SỐ_TIẾN_TRÌNH số báo cáo làm cùng lúc (0 đến 1024; 0: bằng số lõi\n"
	"                           của máy; mặc định 1)\n"
	"      --batch DANH_SÁCH    tệp liệt kê thêm các TỆP_TỔNG_HỢP, cách nhau bằng\n"
	"                           khoảng trắng\n"
	"  -q, --quiet              không in dòng tổng kết (nhiều báo cáo) và dòng tiến\n"
	"                           độ trên màn hình\n"
	"  -e, --rejects TỆP_TỪ_CHỐI\n"
	"                           làm báo cáo kiểm tra thay cho báo cáo: các dòng của\n"
	"                           tổ chức trong rejects.csv của bước validate\n"
	"  -l, --list               in mã các tổ chức có báo cáo kiểm tra (cần -e)\n"
	"  -a, --assign SỔ_VĂN_BẢN  cấp số văn bản trong sổ (Kỳ;Mã tổ chức;Số) cho các\n"
	"                           tổ chức chưa có số, rồi chép số của mỗi tổ chức vào\n"
	"                           THƯ_MỤC_SỐ/<mã_tổ_chức>.txt\n"
	"  -h, --help               in hướng dẫn này rồi thoát\n"
	"  -V, --version            in phiên bản rồi thoát\n"
	"\n"
	"Thư mục dữ liệu (khi không có -p, -t, -f): thư mục trong biến môi trường\n"
	"BAOCAO_DATA nếu biến này được đặt; nếu không, ./templates và build/fonts khi\n"
	"chạy trong thư mục mã nguồn baocao; nếu không, @DATADIR@.\n"
	"\n"
	"Trạng thái thoát:\n"
	"  0  xong\n"
	"  1  không làm được báo cáo từ dữ liệu, mẫu hoặc report.json này (thông báo\n"
	"     nói lý do)\n"
	"  2  gọi sai, tệp không đọc được hoặc hỏng, lỗi đọc/ghi hoặc lỗi thư viện\n"
	"\n"
	"Ví dụ:\n"
	"  baocao-render -r input/2022/report.json -o DUK.pdf \\\n"
	"    output/2022/aggregate/DUK.json\n"
	"\n"
	"Xem thêm: man baocao-render, man baocao-report, man baocao-template,\n"
	"man baocao-profile.\n",
};

/* What the command line asks for: the inputs of the reports, and where they go. */
struct options {
	const char *profile, *template, *report, *fonts, *output, *rejects, *number;
	const char *numbers;  /* the folder of the number files (many reports) */
	const char *batch;    /* a file listing aggregate JSON files */
	int dump, jobs, quiet;
};

/* What every report of a run shares, loaded once. */
struct shared {
	const struct options *o;
	struct json *report;
	char *profile_path;
	struct profile *profile;
	struct ttf *faces[PROFILE_MAX_FACES];
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

/* Loads what every report of the run shares; exits on any failure. */
static void load_shared(struct shared *s, const struct options *o)
{
	struct strbuf err = {0};
	s->o = o;
	s->report = load_or_die(o->report);
	s->profile_path = profile_path(o->profile, s->report, o->report);
	if (!(s->profile = profile_load(s->profile_path, o->fonts, &err)))
		util_die(EXIT_SYSTEM, "%s", err.data);
	for (size_t f = 0; f < s->profile->nfaces; f++)
		if (!(s->faces[f] = ttf_load(s->profile->face_files[f], &err)))
			util_die(EXIT_SYSTEM, "%s", err.data);
	strbuf_free(&err);
}

static void free_shared(struct shared *s)
{
	for (size_t f = 0; f < s->profile->nfaces; f++)
		ttf_free(s->faces[f]);
	profile_free(s->profile);
	free(s->profile_path);
	json_free(s->report);
}

/*
 * Makes the report of the aggregate JSON at org_path (number: its number
 * file, or NULL) and writes it to output; exits on any failure.
 */
static void render_one(const struct shared *s, const char *org_path, const char *number, const char *output)
{
	const struct options *o = s->o;
	struct json *org = load_or_die(org_path);
	const struct json *report = s->report;
	const struct profile *profile = s->profile;
	struct ttf *const *faces = s->faces;
	const char *code = json_string(json_get(org, "ma_to_chuc"));
	if (!code)
		util_die(EXIT_SYSTEM, "%s: thiếu \"ma_to_chuc\" (không phải tệp của bước aggregate?)", org_path);
	struct strbuf err = {0};

	if (o->rejects) {
		char *dir = xstrdup(org_path), *slash = strrchr(dir, '/');
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
	struct json *document = document_of(report, o->report, org, kind, number, &err);
	if (!document)
		util_die(EXIT_REJECTED, "%s", err.data);
	struct pdf_info info = {0};
	char date[11];
	document_date(document, o->report, &info, date);
	struct json *period = period_of(org, org_path, date);
	const struct json *sample = json_get(report, "du_lieu_mau");
	struct render_input in = {
		profile, faces, template, tpath,
		{code, org, document, period, NULL, 0, NULL},
		sample && json_bool(sample) == 1,
	};
	if (in.watermark &&
	    template_check_text(profile->watermark_text, faces[profile_style(profile, "watermark")->face],
				code, "watermark", &err) != 0)
		util_die(EXIT_REJECTED, "%s: %s", s->profile_path, err.data);

	struct strbuf info_buf[4] = {{0}};
	struct layout_doc *doc = render_report(&in, &info, info_buf, &err);
	if (!doc)
		util_die(EXIT_REJECTED, "%s", err.data);
	info.creator = "baocao-render " BAOCAO_VERSION " (libharu)";

	/* the data is laid out: free it before drawing (a national summary is large) */
	json_free(period);
	json_free(template);
	json_free(org);
	json_free(document);
	free(tpath);

	struct strbuf out = {0};
	if (o->dump) {
		dump_doc(doc, profile, &out);
		layout_doc_free(doc);
	} else {
		pdf_bytes(doc, profile, faces, &info, org_path, &out);
	}
	outfile_cleanup_on_signals();
	write_output(output, out.data, out.len);

	strbuf_free(&out);
	strbuf_free(&err);
	for (int k = 0; k < 4; k++)
		strbuf_free(&info_buf[k]);
}

/* The aggregate JSON files of a run: the operands, then the words of the list file. */
static char **inputs(const struct options *o, char **operands, int n, size_t *count)
{
	char **list = NULL;
	size_t cap = 0;
	*count = 0;
	for (int i = 0; i < n; i++) {
		xgrow(&list, &cap, *count + 1, sizeof *list);
		list[(*count)++] = xstrdup(operands[i]);
	}
	if (o->batch) {
		struct strbuf text = {0};
		if (strbuf_read_file(&text, o->batch) != 0)
			util_die_errno(EXIT_SYSTEM, "không đọc được danh sách %s", o->batch);
		for (char *w = strtok(text.data, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
			xgrow(&list, &cap, *count + 1, sizeof *list);
			list[(*count)++] = xstrdup(w);
		}
		strbuf_free(&text);
	}
	return list;
}

/* A report's name: its aggregate file's name without ".json". */
static char *report_name(const char *org_path)
{
	const char *slash = strrchr(org_path, '/'), *base = slash ? slash + 1 : org_path;
	size_t len = strlen(base);
	return xstrndup(base, len > 5 && strcmp(base + len - 5, ".json") == 0 ? len - 5 : len);
}

/*
 * Where the workers of a run are, in memory they share with the parent: the
 * next report to take, and the one each worker is making.
 */
struct board {
	atomic_size_t next, done;
	size_t current[];
};

/* A worker retires after this many reports (a fresh process keeps memory flat). */
enum { WORKER_REPORTS = 500 };

/* Makes the report of org_path (its number file beside the others, if any). */
static void make_report(const struct shared *s, const char *org_path)
{
	char *name = report_name(org_path);
	char *output = xasprintf("%s/%s.pdf", s->o->output, name);
	char *number = s->o->numbers ? xasprintf("%s/%s.txt", s->o->numbers, name) : NULL;
	if (number && access(number, F_OK) != 0) {
		free(number);
		number = NULL;
	}
	render_one(s, org_path, number, output);
	free(name);
	free(output);
	free(number);
}

/*
 * Starts worker k: a process that takes reports from the board and makes
 * them one after another until none is left or it has made its share;
 * a report that cannot be made ends it with that report's status.
 */
static pid_t start_worker(const struct shared *s, char **files, size_t n, struct board *b, size_t k)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		util_die_errno(EXIT_SYSTEM, "không tạo được tiến trình con");
	if (pid > 0)
		return pid;
	for (int made = 0; made < WORKER_REPORTS; made++) {
		size_t i = atomic_fetch_add(&b->next, 1);
		if (i >= n)
			break;
		b->current[k] = i;
		make_report(s, files[i]);
		atomic_fetch_add(&b->done, 1);
	}
	_exit(fflush(NULL) == 0 ? EXIT_DONE : EXIT_SYSTEM);
}

static volatile sig_atomic_t tick;

static void on_tick(int sig)
{
	(void)sig;
	tick = 1;
}

/* On a terminal, SIGALRM twice a second interrupts the parent's wait to redraw the progress line. */
static void start_ticks(void)
{
	struct sigaction sa = {.sa_handler = on_tick}; /* no SA_RESTART: wait() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval every = {{0, 500000}, {0, 500000}};
	setitimer(ITIMER_REAL, &every, NULL);
}

static void stop_ticks(void)
{
	struct itimerval never = {0};
	setitimer(ITIMER_REAL, &never, NULL);
	signal(SIGALRM, SIG_DFL);
}

/*
 * Makes the reports of files[0..n) with jobs workers; returns the worst exit
 * status of the reports (each failed one has said why). A worker that ends
 * while reports are left is replaced.
 */
static int render_many(const struct shared *s, char **files, size_t n, int jobs, int progress)
{
	if (jobs < 1) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cores > 0 ? (int)cores : 1;
	}
	size_t workers = (size_t)jobs < n ? (size_t)jobs : n, running = 0;
	size_t size = sizeof(struct board) + (workers ? workers : 1) * sizeof(size_t);
	struct board *b = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		util_die_errno(EXIT_SYSTEM, "không cấp phát được bộ nhớ chung");
	atomic_init(&b->next, 0);
	pid_t *pids = xcalloc(workers ? workers : 1, sizeof *pids);
	int worst = EXIT_DONE;
	for (size_t k = 0; k < workers; k++, running++)
		pids[k] = start_worker(s, files, n, b, k);
	if (progress)
		start_ticks();
	while (running) {
		int status;
		pid_t pid = wait(&status);
		if (pid < 0) {
			if (errno == EINTR) {
				if (tick)
					console_progress(atomic_load(&b->done), n, "báo cáo");
				tick = 0;
				continue;
			}
			util_die_errno(EXIT_SYSTEM, "không chờ được tiến trình con");
		}
		size_t k = 0;
		while (k < workers && pids[k] != pid)
			k++;
		if (k == workers)
			continue;
		running--;
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_SYSTEM;
		if (!WIFEXITED(status))
			util_warn("%s: tiến trình làm báo cáo bị dừng (tín hiệu %d)", files[b->current[k]],
				  WTERMSIG(status));
		if (code > worst)
			worst = code > EXIT_SYSTEM ? EXIT_SYSTEM : code;
		if (atomic_load(&b->next) < n) {
			pids[k] = start_worker(s, files, n, b, k);
			running++;
		}
	}
	if (progress) {
		stop_ticks();
		console_progress_end();
	}
	free(pids);
	munmap(b, size);
	return worst;
}

/* The PDFs in folder dir. */
static size_t count_pdfs(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		n += len > 4 && e->d_name[0] != '.' && strcmp(e->d_name + len - 4, ".pdf") == 0;
	}
	closedir(d);
	return n;
}

/* The run's one line: what was made, what was kept, where, how long. */
static void say_made(const char *output, size_t made, double started)
{
	size_t all = count_pdfs(output);
	if (all == 0 && made == 0)
		return;
	char took[32], drawn[32], kept[32];
	console_duration(console_now() - started, took, sizeof took);
	fprintf(stderr, "%s: %s báo cáo đã vẽ, %s không đổi, trong %s/ (%s)\n", util_progname,
		console_count(made, drawn), console_count(all > made ? all - made : 0, kept), output, took);
}

/* Lists the organisations that get a validation report, for make. */
static void list(const char *rejects, const char *agg_dir)
{
	render_rejects_list(rejects, agg_dir, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
}

/* Makes the report of operands[0] (one) or the reports of a run; returns the exit status. */
static int render(const struct options *o, char **operands, int n, int one)
{
	struct shared s;
	if (one) {
		load_shared(&s, o);
		render_one(&s, operands[0], o->number, o->output);
		free_shared(&s);
		return EXIT_DONE;
	}
	double started = console_now();
	outfile_remove_stale(o->output);
	size_t count;
	char **files = inputs(o, operands, n, &count);
	load_shared(&s, o);
	int status = render_many(&s, files, count, o->jobs, !o->quiet && count >= 20 && console_is_terminal());
	free_shared(&s);
	if (!o->quiet && status == EXIT_DONE)
		say_made(o->output, count, started);
	for (size_t i = 0; i < count; i++)
		free(files[i]);
	free(files);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"profile", required_argument, NULL, 'p'}, {"template", required_argument, NULL, 't'},
		{"report", required_argument, NULL, 'r'},  {"fonts", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},  {"dump", no_argument, NULL, 'd'},
		{"rejects", required_argument, NULL, 'e'}, {"list", no_argument, NULL, 'l'},
		{"number", required_argument, NULL, 'n'},  {"assign", required_argument, NULL, 'a'},
		{"numbers", required_argument, NULL, 'N'}, {"jobs", required_argument, NULL, 'j'},
		{"batch", required_argument, NULL, 'B'},   {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {0};
	const char *assign = NULL;
	int listing = 0, c;

	cli_start(&cli);
	o.jobs = 1;
	while ((c = getopt_long(argc, argv, ":p:t:r:f:o:e:n:a:N:j:ldqhV", longopts, NULL)) != -1) {
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
		case 'N': o.numbers = optarg; break;
		case 'B': o.batch = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || end == optarg || j < 0 || j > 1024)
				cli_usage(&cli, "-j cần một số tiến trình từ 0 đến 1024: %s", optarg);
			o.jobs = (int)j;
			break;
		}
		default: cli_common(&cli, c, argv);
		}
	}
	if (listing) {
		if (!o.rejects || optind + 1 != argc)
			cli_usage(&cli, "-l cần -e TỆP_TỪ_CHỐI và một thư mục aggregate");
		list(o.rejects, argv[optind]);
		return EXIT_DONE;
	}
	if (assign) {
		if (!o.report || !o.output || optind + 1 != argc)
			cli_usage(&cli, "-a cần -r TỆP_BÁO_CÁO, -o THƯ_MỤC_SỐ và một thư mục aggregate");
		struct json *report = load_or_die(o.report);
		register_assign(assign, report, argv[optind], o.output);
		json_free(report);
		return EXIT_DONE;
	}
	if (!o.report || !o.output)
		cli_usage(&cli, "cần -r TỆP_BÁO_CÁO và -o TỆP_RA (hoặc THƯ_MỤC_RA)");
	int one = !is_dir(o.output);
	if (one && (optind + 1 != argc || o.batch))
		cli_usage(&cli, "cần đúng một tệp JSON của bước aggregate (nhiều báo cáo: -o là một thư mục)");
	if (!one && (o.dump || o.number))
		cli_usage(&cli, "-d và -n chỉ dùng cho một báo cáo (nhiều báo cáo: -N THƯ_MỤC_SỐ)");
	/* what the options leave out comes from the batch's data */
	char *data[3] = {NULL, NULL, NULL};
	if (!o.profile)
		o.profile = data[0] = cli_data(&cli, "templates/profile", "-p");
	if (!o.template)
		o.template = data[1] = cli_data(&cli, "templates/report", "-t");
	if (!o.fonts)
		o.fonts = data[2] = cli_data(&cli, "fonts", "-f");
	int status = render(&o, argv + optind, argc - optind, one);
	for (int k = 0; k < 3; k++)
		free(data[k]);
	return status;
}

