/*
 * baocao: the batch in the current folder, for people who installed it.
 * "baocao init" starts a work folder (input/YEAR/ with the imports empty
 * but for their header row, ready for Excel, and a report.json to fill in);
 * anything else is handed to make with the installed batch (batch.mk), the
 * programs beside this one and the installed templates and fonts, so that
 * "baocao YEAR=2023" here does what "make YEAR=2023" does in the repository.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "datadir.h"
#include "outfile.h"
#include "schema.h"
#include "util.h"

static const struct cli cli = {
	"baocao",
	"Cách dùng: baocao [MỤC_TIÊU...] [BIẾN=GIÁ_TRỊ...]\n"
	"           baocao init [THƯ_MỤC] [--year NĂM]\n",
	"Chạy đợt báo cáo trong thư mục hiện tại: đọc ./input, ghi ./output, như\n"
	"lệnh make trong thư mục mã nguồn, với cùng các mục tiêu và biến. Chỉ\n"
	"những gì đã thay đổi mới được làm lại.\n"
	"\n"
	"Ví dụ:\n"
	"  baocao                          cả đợt của năm mới nhất trong input/\n"
	"  baocao YEAR=2023                báo cáo năm 2023\n"
	"  baocao YEAR=2023 MONTH=05       báo cáo tháng 5 năm 2023\n"
	"  baocao publish                  phát hành (output/NĂM/phat-hanh/)\n"
	"  baocao send SMTP_URL=smtp://mail.example.vn:587 MAIL_FROM=vanphong@example.vn\n"
	"  baocao help                     các mục tiêu và biến\n"
	"\n"
	"baocao init [THƯ_MỤC] [--year NĂM] tạo thư mục làm việc (mặc định: thư\n"
	"mục hiện tại) với input/NĂM/: bảy tệp nhập chỉ có dòng tiêu đề (UTF-8 có\n"
	"BOM, mở được bằng Excel), report.json để điền thông tin văn bản, và\n"
	"input/nguoi_nhan.csv (địa chỉ thư của các tổ chức). Tệp đã có được giữ\n"
	"nguyên. NĂM mặc định là năm trước năm nay.\n"
	"\n"
	"Dữ liệu của chương trình (mẫu báo cáo, lược đồ, phông chữ) ở thư mục cài\n"
	"đặt share/baocao, hoặc ở thư mục mà biến môi trường BAOCAO_DATA chỉ tới;\n"
	"thư mục templates/ trong thư mục làm việc, nếu có, thay cho mẫu cài đặt.\n"
	"\n"
	"Trạng thái thoát: như make: 0 xong, khác 0 khi một bước lỗi (thông báo\n"
	"nói vì sao). Xem thêm: man baocao, man 7 baocao.\n",
};

/* The imports of a year, in the order the batch reads them. */
static const char *const resources[] = {"to_chuc", "nhan_su", "cam_ket", "xep_loai",
					"mo_hinh", "khen_thuong", "sinh_hoat"};

/* The recipients' list send reads: ma_to_chuc and email (send_recipients.c). */
static const char recipients_header[] = "ma_to_chuc;email";

/* Writes text to path unless a file is there; says which. */
static void write_new(const char *path, const char *text, size_t len)
{
	if (access(path, F_OK) == 0) {
		printf("  %s: đã có, giữ nguyên\n", path);
		return;
	}
	struct outfile *f = outfile_open(path);
	fwrite(text, 1, len, f->fp);
	outfile_commit(f);
	printf("  %s\n", path);
}

/* The header row of import name: its fields' titles, ';'-separated, after a BOM. */
static void header_of(const char *schema_dir, const char *name, struct strbuf *out)
{
	struct strbuf err = {0};
	char *path = xasprintf("%s/%s.json", schema_dir, name);
	struct schema *s = schema_load(path, &err);
	if (!s)
		util_die(EXIT_SYSTEM, "%s", err.data);
	strbuf_adds(out, "\xEF\xBB\xBF");
	for (size_t f = 0; f < s->nfields; f++) {
		if (f)
			strbuf_addc(out, ';');
		strbuf_add_csv(out, s->fields[f].title, strlen(s->fields[f].title), ';');
	}
	strbuf_adds(out, "\r\n");
	schema_free(s);
	free(path);
	strbuf_free(&err);
}

static int init(int argc, char **argv, const struct datadir *d)
{
	static const struct option longopts[] = {
		{"year", required_argument, NULL, 'y'}, {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},    {NULL, 0, NULL, 0},
	};
	time_t now = time(NULL);
	long year = localtime(&now)->tm_year + 1900 - 1;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":y:hV", longopts, NULL)) != -1) {
		if (c == 'y') {
			if (cli_number(optarg, 1930, 2099, &year) != 0)
				cli_usage(&cli, "năm không hợp lệ: %s (từ 1930 đến 2099)", optarg);
		} else {
			cli_common(&cli, c, argv);
		}
	}
	if (argc - optind > 1)
		cli_usage(&cli, "init chỉ nhận một thư mục");
	const char *folder = optind < argc ? argv[optind] : ".";

	char *input = xasprintf("%s/input", folder), *year_dir = xasprintf("%s/%ld", input, year);
	outfile_mkdirs(year_dir);
	printf("baocao: thư mục làm việc %s, năm %ld:\n", folder, year);
	struct strbuf text = {0};
	for (size_t i = 0; i < sizeof resources / sizeof *resources; i++) {
		strbuf_reset(&text);
		header_of(d->schemas, resources[i], &text);
		char *path = xasprintf("%s/%s.csv", year_dir, resources[i]);
		write_new(path, text.data, text.len);
		free(path);
	}
	char *report = xasprintf("%s/report.json", year_dir), *skeleton = xasprintf("%s/init/report.json", d->templates);
	strbuf_reset(&text);
	if (strbuf_read_file(&text, skeleton) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được %s", skeleton);
	write_new(report, text.data, text.len);
	char *recipients = xasprintf("%s/nguoi_nhan.csv", input);
	strbuf_reset(&text);
	strbuf_adds(&text, "\xEF\xBB\xBF");
	strbuf_adds(&text, recipients_header);
	strbuf_adds(&text, "\r\n");
	write_new(recipients, text.data, text.len);
	printf("Tiếp theo: điền các tệp CSV (Excel: Lưu thành \"CSV UTF-8\") và report.json, rồi chạy\n"
	       "  cd %s && baocao YEAR=%ld\n", folder, year);
	if (fflush(stdout) != 0)
		util_die_errno(EXIT_SYSTEM, "không ghi được ra đầu ra chuẩn");
	strbuf_free(&text);
	free(report);
	free(skeleton);
	free(recipients);
	free(input);
	free(year_dir);
	return EXIT_DONE;
}

/* Whether a make argument sets variable name ("YEAR=…"). */
static int sets(char **argv, int argc, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
			return 1;
	return getenv(name) != NULL;
}

/* The latest year that has a folder in input/, or 0. */
static long latest_year(void)
{
	long best = 0;
	DIR *dir = opendir("input");
	if (!dir)
		return 0;
	for (struct dirent *e; (e = readdir(dir));) {
		long y;
		if (cli_number(e->d_name, 1930, 2099, &y) == 0 && y > best)
			best = y;
	}
	closedir(dir);
	return best;
}

/* Runs make with the installed batch; returns only when make cannot be started. */
static int run_batch(int argc, char **argv, const struct datadir *d)
{
	char **args = xcalloc((size_t)argc + 10, sizeof *args);
	int n = 0;
	struct stat st;
	long year = sets(argv, argc, "YEAR") ? 0 : latest_year();
	args[n++] = "make";
	args[n++] = "--no-print-directory";
	args[n++] = "-f";
	args[n++] = xasprintf("%s/batch.mk", d->root);
	args[n++] = xasprintf("BIN=%s", d->programs);
	args[n++] = xasprintf("TEMPLATES=%s", stat("templates/schema", &st) == 0 ? "templates" : d->templates);
	args[n++] = xasprintf("CUT_FONTS=%s", d->fonts);
	if (year)
		args[n++] = xasprintf("YEAR=%ld", year);
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	fflush(NULL);
	execvp("make", args);
	util_die_errno(EXIT_SYSTEM, "không chạy được make (cài bằng: apt-get install make)");
}

int main(int argc, char **argv)
{
	cli_start(&cli);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		cli_common(&cli, 'h', argv);
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0))
		cli_common(&cli, 'V', argv);
	struct datadir d;
	struct strbuf err = {0};
	if (datadir_find(&d, &err) != 0)
		util_die(EXIT_SYSTEM, "%s", err.data);
	if (argc > 1 && strcmp(argv[1], "init") == 0)
		return init(argc - 1, argv + 1, &d);
	return run_batch(argc, argv, &d);
}
