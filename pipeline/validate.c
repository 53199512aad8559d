/*
 * baocao-validate: checks the CSV imports of a period against their Table
 * Schemas and writes, under the output directory, valid/<name>.csv
 * (normalised), rejected/<name>.csv (byte-exact), rejects.csv,
 * rejects.xlsx and warnings.csv (for people) and validation.json (for
 * machines).
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "console.h"
#include "outfile.h"
#include "validate_file.h"
#include "validate_report.h"
#include "validate_resource.h"

static const struct cli cli = {
	"baocao-validate",
	"Cách dùng: baocao-validate -o THƯ_MỤC [-y NĂM] [-p KỲ]\n"
	"                           [-s THƯ_MỤC_SCHEMA | --no-schema] [--settings TỆP]\n"
	"                           [-e [TÊN=]BẢNG_MÃ] [-d [TÊN=]KÝ_TỰ]\n"
	"                           [--max-errors SỐ] [--max-field-size SỐ_BYTE]\n"
	"                           [-j SỐ_LUỒNG] [-q] TỆP.csv...\n",
	"\n"
	"Kiểm tra các tệp nhập CSV của một kỳ theo Table Schema của từng tệp (tệp\n"
	"TÊN.csv theo THƯ_MỤC_SCHEMA/TÊN.json) và ghi vào THƯ_MỤC: valid/ (các bản\n"
	"ghi hợp lệ, đã chuẩn hóa), rejected/ (các dòng bị từ chối, giữ nguyên như\n"
	"trong tệp nhập), rejects.csv, warnings.csv và validation.json.\n"
	"\n"
	"Tùy chọn:\n"
	"  -o, --output THƯ_MỤC     nơi ghi kết quả (tạo mới nếu chưa có)\n"
	"  -y, --year NĂM           năm của kỳ, cho các quy tắc \"period\" của schema\n"
	"  -p, --period KỲ          tên kỳ ghi trong validation.json (\"2022\", \"2023-05\")\n"
	"  -s, --schema-dir THƯ_MỤC_SCHEMA\n"
	"                           thư mục các schema (mặc định: templates/schema\n"
	"                           trong thư mục dữ liệu, xem dưới đây)\n"
	"      --no-schema          không dùng schema: dòng tiêu đề đặt tên các cột\n"
	"      --settings TỆP       tệp cài đặt của kỳ (input/NĂM/cai_dat.json): bảng\n"
	"                           mã và dấu phân cách của từng tệp, ví dụ\n"
	"                           {\"bang_ma\": {\"nhan_su\": \"windows-1258\"},\n"
	"                            \"dau_phan_cach\": {\"cam_ket\": \";\", \"*\": \",\"}}\n"
	"                           (TÊN không có .csv, \"*\" là mọi tệp); -e và -d\n"
	"                           được ưu tiên hơn tệp này\n"
	"  -e, --encoding [TÊN=]BẢNG_MÃ\n"
	"                           bảng mã của tệp nhập: utf-8 (mặc định), tcvn3,\n"
	"                           windows-1258, utf-16le; TÊN= chỉ áp dụng cho TÊN.csv\n"
	"  -d, --delimiter [TÊN=]KÝ_TỰ\n"
	"                           dấu phân cách ',', ';', 'tab' hoặc '|' (mặc định:\n"
	"                           tự nhận ra); TÊN= chỉ áp dụng cho TÊN.csv\n"
	"      --max-errors SỐ      liệt kê nhiều nhất SỐ lỗi (mặc định 10000; 0: hết)\n"
	"      --max-field-size SỐ_BYTE\n"
	"                           độ dài lớn nhất của một ô, tính bằng byte (mặc định\n"
	"                           1048576, ít nhất 64)\n"
	"  -j, --threads SỐ_LUỒNG   số luồng phụ ngoài luồng chính (mặc định: số lõi của\n"
	"                           máy; 0: không dùng luồng phụ; nhiều nhất 8); kết quả\n"
	"                           như nhau với mọi số luồng\n"
	"  -q, --quiet              không in các dòng lỗi và tiến độ ra đầu ra lỗi\n"
	"  -h, --help               in hướng dẫn này rồi thoát\n"
	"  -V, --version            in phiên bản rồi thoát\n"
	"\n"
	"rejects.csv (lỗi) và warnings.csv (cảnh báo) mở được bằng Excel tiếng Việt\n"
	"(UTF-8 có BOM, dấu ';', xuống dòng CRLF), mỗi vấn đề một dòng: Tệp;Dòng;\n"
	"Mã tổ chức;Bản ghi;Cột;Tên cột;Giá trị;Lỗi;Mã lỗi. Dòng tiêu đề có thể gọi\n"
	"cột bằng tiêu đề của cột; một giá trị trong danh sách cho phép được nhận bất\n"
	"kể chữ hoa, chữ thường và dấu, và nhãn của nó trong schema cũng vậy (\"NỮ\"\n"
	"cho nu); dòng trống là một cảnh báo (blank_lines trong validation.json),\n"
	"không phải một bản ghi. rejects.xlsx là bảng tính Excel của rejects.csv (số\n"
	"dòng, số cột là số; lọc được theo mọi cột).\n"
	"\n"
	"Thư mục dữ liệu (khi không có -s): thư mục trong biến môi trường BAOCAO_DATA\n"
	"nếu biến này được đặt; nếu không, ./templates khi chạy trong thư mục mã\n"
	"nguồn baocao; nếu không, @DATADIR@.\n"
	"\n"
	"Trạng thái thoát:\n"
	"  0  mọi bản ghi hợp lệ (có thể có cảnh báo)\n"
	"  1  có bản ghi bị từ chối, hoặc dòng tiêu đề của một tệp sai\n"
	"  2  gọi sai, lỗi đọc/ghi, thiếu bộ nhớ, schema hoặc tệp cài đặt sai\n"
	"\n"
	"Ví dụ:\n"
	"  baocao-validate -o output/2022 -y 2022 -p 2022 input/2022/*.csv\n"
	"\n"
	"Xem thêm: man baocao-validate, man baocao-schema, man baocao.\n",
};

/* A per-file or global option value, "[NAME=]VALUE". */
struct scoped {
	char *name; /* NULL: every file */
	char *value;
};

static void add_scoped(struct scoped **list, size_t *n, size_t *cap, const char *arg)
{
	const char *eq = strchr(arg, '=');

	xgrow(list, cap, *n + 1, sizeof **list);
	(*list)[*n].name = eq ? xstrndup(arg, (size_t)(eq - arg)) : NULL;
	(*list)[*n].value = xstrdup(eq ? eq + 1 : arg);
	(*n)++;
}

static void free_scoped(struct scoped *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].value);
	}
	free(list);
}

/* The last matching value for resource name, or NULL. */
static const char *scoped_value(const struct scoped *list, size_t n, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < n; i++)
		if (!list[i].name || strcmp(list[i].name, name) == 0)
			v = list[i].value;
	return v;
}

/* What the command line asks for. */
struct options {
	struct vconfig cfg;
	const char *schema_dir; /* NULL: no schemas */
	int no_schema;          /* --no-schema (else the data's schemas when -s is left out) */
	const char *settings;   /* the period's settings file, or NULL */
	const char *period;
	struct scoped *encodings, *delimiters;
	size_t nenc, ndel;
	size_t max_errors, max_field;
	int quiet;
};

static char parse_delimiter(const char *v)
{
	int d = resource_delimiter(v);

	if (d < 0)
		cli_usage(&cli, "dấu phân cách không hợp lệ: %s (dùng ',', ';', 'tab' hoặc '|')", v);
	return (char)d;
}

/*
 * The resources of files[0..n), with the options that apply to each (the
 * settings file's, then the command line's), linked and ordered.
 */
static struct resource **open_resources(const struct options *o, char *const *files, size_t n)
{
	struct resource **res = xcalloc(n, sizeof *res);

	for (size_t i = 0; i < n; i++) {
		struct resource *r = res[i] = resource_new(files[i], o->schema_dir);
		if (resource_find(res, i, r->file.name))
			util_die(EXIT_SYSTEM, "tệp %s được nêu hai lần", r->file.file_name);
	}
	if (o->settings)
		resources_apply_settings(res, n, o->settings, o->schema_dir);
	for (size_t i = 0; i < n; i++) {
		struct resource *r = res[i];
		const char *enc = scoped_value(o->encodings, o->nenc, r->file.name);
		if (enc) {
			int e = textnorm_encoding_from_name(enc);
			if (e < 0)
				cli_usage(&cli, "bảng mã không hỗ trợ: %s (dùng utf-8, tcvn3, windows-1258, utf-16le)",
					  enc);
			r->csv.encoding = (enum textnorm_encoding)e;
		}
		const char *del = scoped_value(o->delimiters, o->ndel, r->file.name);
		if (del)
			r->csv.delimiter = parse_delimiter(del);
		r->csv.max_field = o->max_field;
	}
	resources_link(res, n);
	return res;
}

/* Validates files[0..n) into o->cfg.outdir; returns the exit status. */
static int validate(const struct options *o, char *const *files, size_t n)
{
	double started = console_now();
	struct resource **res = open_resources(o, files, n);
	struct vfile **counted = xcalloc(n, sizeof *counted);
	struct vstats total;
	char year[16];

	outfile_cleanup_on_signals();
	char *dirs[] = {xasprintf("%s/valid", o->cfg.outdir), xasprintf("%s/rejected", o->cfg.outdir)};
	for (int i = 0; i < 2; i++) {
		outfile_mkdirs(dirs[i]);
		outfile_remove_stale(dirs[i]);
		free(dirs[i]);
	}
	outfile_remove_stale(o->cfg.outdir);
	snprintf(year, sizeof year, "%ld", o->cfg.year);
	const char *period = o->period ? o->period : o->cfg.year ? year : "";
	struct report *rep = report_open(o->cfg.outdir, period, o->max_errors, !o->quiet);
	for (size_t i = 0; i < n; i++) {
		validate_file(res[i], &o->cfg, rep);
		counted[i] = &res[i]->file;
	}
	size_t unlisted = report_unlisted(rep);
	report_finish(rep, counted, n, period, &total);
	if (!o->quiet) {
		if (unlisted)
			util_warn("còn %zu lỗi và cảnh báo khác không được liệt kê (--max-errors %zu); số đếm đầy đủ ở %s/validation.json",
				  unlisted, o->max_errors, o->cfg.outdir);
		char took[32], records[32], valid[32], rejected[32];
		console_duration(console_now() - started, took, sizeof took);
		console_count(total.records, records);
		if (total.errors || total.warnings)
			util_warn("%zu tệp, %s bản ghi: %s hợp lệ, %s bị từ chối; %zu lỗi, %zu cảnh báo (%s); xem %s/rejects.csv",
				  n, records, console_count(total.records - total.rejected, valid),
				  console_count(total.rejected, rejected), total.errors, total.warnings, took,
				  o->cfg.outdir);
		else if (total.records == 0)
			util_warn("%zu tệp chưa có bản ghi nào (chỉ có dòng tiêu đề): hãy điền dữ liệu rồi chạy lại", n);
		else
			util_warn("%zu tệp, %s bản ghi, tất cả hợp lệ (%s); kết quả trong %s/valid/", n, records,
				  took, o->cfg.outdir);
	}
	for (size_t i = 0; i < n; i++)
		resource_free(res[i]);
	free(res);
	free(counted);
	return total.errors ? EXIT_REJECTED : EXIT_DONE;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"year", required_argument, NULL, 'y'},
		{"period", required_argument, NULL, 'p'},
		{"schema-dir", required_argument, NULL, 's'},
		{"no-schema", no_argument, NULL, 'N'},
		{"settings", required_argument, NULL, 'S'},
		{"encoding", required_argument, NULL, 'e'},
		{"delimiter", required_argument, NULL, 'd'},
		{"max-errors", required_argument, NULL, 'M'},
		{"max-field-size", required_argument, NULL, 'F'},
		{"threads", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	/* a helper thread a core: the main thread reads and writes, the helpers check */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct options o = {.cfg = {.threads = cores < 1 ? 1 : cores > 8 ? 8 : (int)cores}, .max_errors = 10000};
	char *data_schemas = NULL;
	size_t capenc = 0, capdel = 0;
	long v;
	int c;

	cli_start(&cli);
	while ((c = getopt_long(argc, argv, ":o:y:p:s:e:d:j:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.cfg.outdir = optarg; break;
		case 'p': o.period = optarg; break;
		case 's': o.schema_dir = optarg; o.no_schema = 0; break;
		case 'N': o.schema_dir = NULL; o.no_schema = 1; break;
		case 'S': o.settings = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'e': add_scoped(&o.encodings, &o.nenc, &capenc, optarg); break;
		case 'd': add_scoped(&o.delimiters, &o.ndel, &capdel, optarg); break;
		case 'y':
			if (cli_number(optarg, 1930, 9999, &o.cfg.year) != 0)
				cli_usage(&cli, "năm không hợp lệ: %s", optarg);
			break;
		case 'M':
		case 'F':
		case 'j':
			if (cli_number(optarg, 0, LONG_MAX, &v) != 0)
				cli_usage(&cli, "số không hợp lệ: %s", optarg);
			if (c == 'M')
				o.max_errors = (size_t)v;
			else if (c == 'F')
				o.max_field = (size_t)v;
			else
				o.cfg.threads = v > 8 ? 8 : (int)v;
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	if (!o.cfg.outdir)
		cli_usage(&cli, "thiếu thư mục kết quả (-o THƯ_MỤC)");
	if (optind >= argc)
		cli_usage(&cli, "thiếu tệp CSV cần kiểm tra");
	if (o.max_field && o.max_field < 64)
		cli_usage(&cli, "--max-field-size phải từ 64 byte trở lên");
	if (!o.schema_dir && !o.no_schema)
		o.schema_dir = data_schemas = cli_data(&cli, "templates/schema", "-s");
	o.cfg.progress = !o.quiet && isatty(STDERR_FILENO);

	int status = validate(&o, argv + optind, (size_t)(argc - optind));
	free_scoped(o.encodings, o.nenc);
	free_scoped(o.delimiters, o.ndel);
	free(data_schemas);
	return status;
}
