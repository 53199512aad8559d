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
#include "outfile.h"
#include "schema.h"
#include "util.h"

static const struct cli cli = {
	"baocao",
	"Cách dùng: baocao [MỤC_TIÊU...] [BIẾN=GIÁ_TRỊ...]\n"
	"           baocao init [THƯ_MỤC] [--year NĂM]\n",
	"Chạy đợt báo cáo trong thư mục hiện tại: đọc ./input, ghi ./output, như\n"
	"lệnh make trong thư mục mã nguồn, với cùng các mục tiêu và biến (baocao help\n"
	"liệt kê). Chỉ những gì đã thay đổi mới được làm lại. Không có YEAR=, lấy năm\n"
	"mới nhất có thư mục trong input/.\n"
	"\n"
	"baocao init tạo thư mục làm việc (mặc định: thư mục hiện tại) với\n"
	"input/NĂM/: bảy tệp nhập chỉ có dòng tiêu đề (UTF-8 có BOM, mở được bằng\n"
	"Excel), report.json để điền thông tin văn bản, và input/nguoi_nhan.csv\n"
	"(địa chỉ thư của các tổ chức). Tệp đã có được giữ nguyên.\n"
	"\n"
	"Tùy chọn:\n"
	"  -y, --year NĂM    (init) năm của thư mục nhập; mặc định năm trước năm nay\n"
	"  -h, --help        in hướng dẫn này rồi thoát\n"
	"  -V, --version     in phiên bản rồi thoát\n"
	"  (các tùy chọn khác được chuyển cho make, như -s: chỉ in lỗi)\n"
	"\n"
	"Mẫu báo cáo, lược đồ và phông chữ lấy ở thư mục dữ liệu đã cài\n"
	"(share/baocao cạnh thư mục của lệnh, hoặc @DATADIR@), hoặc ở thư mục\n"
	"mà biến môi trường BAOCAO_DATA chỉ tới; thư mục templates/ trong thư mục\n"
	"làm việc, nếu có, thay cho mẫu đã cài.\n"
	"\n"
	"Trạng thái thoát:\n"
	"  0  xong (có thể có báo cáo DỰ THẢO)\n"
	"  2  dừng: kỳ không hợp lệ, thiếu tệp nhập, STRICT=1 và có bản ghi bị từ\n"
	"     chối, hoặc một bước bị lỗi (dòng thông báo nói vì sao)\n"
	"\n"
	"Ví dụ:\n"
	"  baocao init ~/bao-cao --year 2023\n"
	"  cd ~/bao-cao && baocao YEAR=2023\n"
	"  baocao YEAR=2023 MONTH=05\n"
	"  baocao publish YEAR=2023\n"
	"  baocao send YEAR=2023 SMTP_URL=smtp://mail.example.vn:587 MAIL_FROM=vanphong@example.vn\n"
	"\n"
	"Xem thêm: man baocao, man 7 baocao.\n",
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

static int init(int argc, char **argv)
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

	char *schemas = cli_data(&cli, "templates/schema", NULL);
	char *skeleton = cli_data(&cli, "templates/init/report.json", NULL);
	char *input = xasprintf("%s/input", folder), *year_dir = xasprintf("%s/%ld", input, year);
	outfile_mkdirs(year_dir);
	printf("baocao: thư mục làm việc %s, năm %ld:\n", folder, year);
	struct strbuf text = {0};
	for (size_t i = 0; i < sizeof resources / sizeof *resources; i++) {
		strbuf_reset(&text);
		header_of(schemas, resources[i], &text);
		char *path = xasprintf("%s/%s.csv", year_dir, resources[i]);
		write_new(path, text.data, text.len);
		free(path);
	}
	char *report = xasprintf("%s/report.json", year_dir);
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
	free(schemas);
	free(recipients);
	free(input);
	free(year_dir);
	return EXIT_DONE;
}

/* Whether a make argument or the environment sets variable name ("YEAR=…"). */
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

/* Whether the make arguments name a goal that needs no work folder (help). */
static int asks_help_only(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "help") == 0)
			return 1;
	return 0;
}

/* Runs make with the installed batch; returns only when make cannot be started. */
static int run_batch(int argc, char **argv)
{
	char *batch = cli_data(&cli, "batch.mk", NULL), *templates = cli_data(&cli, "templates", "TEMPLATES=");
	char *fonts = cli_data(&cli, "fonts", "CUT_FONTS="), *programs = cli_program_folder();
	char **args = xcalloc((size_t)argc + 10, sizeof *args);
	int n = 0;
	struct stat st;
	if (!asks_help_only(argc, argv) && !sets(argv, argc, "INPUT_DIR") &&
	    stat("input", &st) != 0)
		util_die(EXIT_SYSTEM, "thư mục này chưa có input/: chạy “baocao init” để tạo thư mục làm việc, "
			 "hoặc chuyển tới thư mục làm việc (cd) rồi chạy lại");
	long year = sets(argv, argc, "YEAR") ? 0 : latest_year();
	args[n++] = "make";
	args[n++] = "--no-print-directory";
	args[n++] = "-f";
	args[n++] = batch;
	args[n++] = xasprintf("BIN=%s", programs);
	args[n++] = xasprintf("TEMPLATES=%s", templates);
	args[n++] = xasprintf("CUT_FONTS=%s", fonts);
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
	if (argc > 1 && strcmp(argv[1], "init") == 0)
		return init(argc - 1, argv + 1);
	return run_batch(argc, argv);
}
