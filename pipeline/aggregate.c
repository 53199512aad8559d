/*
 * baocao-aggregate: each organisation's figures for a period, and its whole
 * subtree's, from the validated imports (DIR/valid/<name>.csv), written as
 * one stable JSON file per organisation (DIR/aggregate/<ma_to_chuc>.json).
 * A file is rewritten only when its content changes, so that make
 * re-renders only the reports whose figures changed. Also the appendix
 * table (bang_so_lieu.csv and .xlsx) and, with -p, the change against the
 * previous year. Which organisations count where, and the warnings on the
 * figures, are the rules file's (templates/aggregate.json).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "aggregate_count.h"
#include "aggregate_rules.h"
#include "aggregate_write.h"
#include "cli.h"
#include "console.h"

static const struct cli cli = {
	"baocao-aggregate",
	"Cách dùng: baocao-aggregate -o THƯ_MỤC -y NĂM [-m THÁNG] [-p THƯ_MỤC_NĂM_TRƯỚC]\n"
	"                            [-r TỆP_QUY_TẮC] [-q]\n",
	"\n"
	"Tính số liệu của kỳ cho từng tổ chức, và cho cả các tổ chức cấp dưới của nó,\n"
	"từ các tệp đã kiểm tra THƯ_MỤC/valid/*.csv (kết quả của baocao-validate), rồi\n"
	"ghi THƯ_MỤC/aggregate/<mã_tổ_chức>.json cho mỗi tổ chức của kỳ và bảng phụ\n"
	"lục THƯ_MỤC/aggregate/bang_so_lieu.csv, và bang_so_lieu.xlsx là bảng tính\n"
	"Excel của nó. Một tệp chỉ được ghi lại khi nội dung của nó thay đổi.\n"
	"\n"
	"Tùy chọn:\n"
	"  -o, --output THƯ_MỤC     thư mục của kỳ, nơi có valid/ (như output/2022)\n"
	"  -y, --year NĂM           năm của kỳ\n"
	"  -m, --month THÁNG        tháng của kỳ (1 đến 12), cho báo cáo tháng\n"
	"  -p, --previous THƯ_MỤC_NĂM_TRƯỚC\n"
	"                           thư mục kỳ của năm trước (như output/2021), để so\n"
	"                           sánh với số liệu năm trước\n"
	"  -r, --rules TỆP_QUY_TẮC  quy tắc: loại tổ chức nào được tính ở đâu, các cảnh\n"
	"                           báo trên số liệu (mặc định: templates/aggregate.json\n"
	"                           trong thư mục dữ liệu, xem dưới đây)\n"
	"  -q, --quiet              không in tóm tắt ra đầu ra lỗi\n"
	"  -h, --help               in hướng dẫn này rồi thoát\n"
	"  -V, --version            in phiên bản rồi thoát\n"
	"\n"
	"Thư mục dữ liệu (khi không có -r): thư mục trong biến môi trường BAOCAO_DATA\n"
	"nếu biến này được đặt; nếu không, ./templates khi chạy trong thư mục mã\n"
	"nguồn baocao; nếu không, @DATADIR@.\n"
	"\n"
	"Trạng thái thoát:\n"
	"  0  xong\n"
	"  2  gọi sai, tệp thiếu hoặc hỏng, lỗi đọc/ghi\n"
	"\n"
	"Ví dụ:\n"
	"  baocao-aggregate -o output/2022 -y 2022 -p output/2021\n"
	"\n"
	"Xem thêm: man baocao-aggregate, man baocao.\n",
};

/* What the command line asks for. */
struct options {
	const char *dir, *previous, *rules;
	long year, month;
	int quiet;
};

/* Writes every organisation's file and the appendix; returns how many changed. */
static size_t write_all(const struct run *r, const char *outdir, size_t *total)
{
	struct outbatch *batch = outfile_batch_new();
	struct jsonw w = {0};
	size_t written = 0;

	*total = 0;
	for (size_t i = 0; i < r->tree->n; i++) {
		if (!run_in_period(r, i))
			continue;
		w.out.len = 0;
		write_org(&w, r, i);
		char *p = xasprintf("%s/%s.json", outdir, r->tree->orgs[i].code);
		written += (size_t)outfile_batch_put(batch, p, w.out.data, w.out.len);
		(*total)++;
		free(p);
	}
	written += (size_t)write_appendix(r, outdir, batch);
	strbuf_free(&w.out);
	outfile_batch_commit(batch);
	return written;
}

/* Counts the period o asks for and writes its files. */
static void aggregate(const struct options *o)
{
	double started = console_now();
	struct strbuf err = {0};
	struct rules *rules = rules_load(o->rules, &err);
	if (!rules)
		util_die(EXIT_SYSTEM, "%s", err.data);
	struct run r = {.dir = o->dir, .rules = rules, .year = o->year, .month = o->month,
			.quiet = o->quiet};
	struct run prev = {.dir = o->previous, .rules = rules, .year = o->year - 1, .quiet = 1};
	count_period(&r);
	if (o->previous) {
		count_period(&prev);
		r.prev = &prev;
	}

	outfile_cleanup_on_signals();
	char *outdir = xasprintf("%s/aggregate", r.dir);
	outfile_mkdirs(outdir);
	outfile_remove_stale(outdir);
	size_t total, written = write_all(&r, outdir, &total);
	remove_stale(&r, outdir);
	if (!r.quiet) {
		for (int k = 0; k < 3; k++)
			if (r.not_counted[k])
				fprintf(stderr, "%s: %s: %lld bản ghi của năm %ld không được tính vì người đó không sinh hoạt ở tổ chức nào của kỳ vào ngày %s\n",
					util_progname, count_not_counted_files[k], r.not_counted[k], r.year, r.end);
		char took[32], orgs[32], changed[32];
		console_duration(console_now() - started, took, sizeof took);
		fprintf(stderr, "%s: kỳ %s: %s tổ chức, %s tệp số liệu thay đổi (%s); kết quả trong %s/\n",
			util_progname, r.period_text, console_count(total, orgs), console_count(written, changed),
			took, outdir);
	}
	free(outdir);
	run_free(&r);
	if (o->previous)
		run_free(&prev);
	rules_free(rules);
	strbuf_free(&err);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"year", required_argument, NULL, 'y'},
		{"month", required_argument, NULL, 'm'},  {"quiet", no_argument, NULL, 'q'},
		{"previous", required_argument, NULL, 'p'}, {"rules", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {0};
	char *data_rules = NULL;
	int c;

	cli_start(&cli);
	while ((c = getopt_long(argc, argv, ":o:y:m:p:r:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.dir = optarg; break;
		case 'p': o.previous = optarg; break;
		case 'r': o.rules = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'y':
			if (cli_number(optarg, 1930, 9999, &o.year) != 0)
				cli_usage(&cli, "năm không hợp lệ: %s", optarg);
			break;
		case 'm':
			if (cli_number(optarg, 1, 12, &o.month) != 0)
				cli_usage(&cli, "tháng không hợp lệ: %s", optarg);
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	if (!o.dir)
		cli_usage(&cli, "thiếu thư mục của kỳ (-o THƯ_MỤC)");
	if (!o.year)
		cli_usage(&cli, "thiếu năm (-y NĂM)");
	if (optind != argc)
		cli_usage(&cli, "thừa tham số: %s", argv[optind]);
	if (!o.rules)
		o.rules = data_rules = cli_data(&cli, "templates/aggregate.json", "-r");
	aggregate(&o);
	free(data_rules);
	return EXIT_DONE;
}
