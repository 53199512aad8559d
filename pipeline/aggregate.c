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

static const struct cli cli = {
	"baocao-aggregate",
	"usage: baocao-aggregate -o DIR -y YEAR [-m MONTH] [-p PREVIOUS_DIR] [-r RULES] [-q]\n",
	"Writes DIR/aggregate/<ma_to_chuc>.json for every organisation of the period,\n"
	"and the appendix table DIR/aggregate/bang_so_lieu.csv and .xlsx, from\n"
	"DIR/valid/*.csv; with -p, the change against the previous year's\n"
	"figures (PREVIOUS_DIR/valid/*.csv). RULES is the rules file (default\n"
	"templates/aggregate.json). Exit status: 0 done, 2 usage or\n"
	"input/output error.\n",
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
	size_t total, written = write_all(&r, outdir, &total);
	remove_stale(&r, outdir);
	if (!r.quiet) {
		for (int k = 0; k < 3; k++)
			if (r.not_counted[k])
				fprintf(stderr, "%s: %s: %lld bản ghi của năm %ld không được tính vì người đó không sinh hoạt ở tổ chức nào của kỳ vào ngày %s\n",
					util_progname, count_not_counted_files[k], r.not_counted[k], r.year, r.end);
		fprintf(stderr, "%s: %zu tổ chức, %zu tệp thay đổi\n", util_progname, total, written);
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
	struct options o = {.rules = "templates/aggregate.json"};
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
		cli_usage(&cli, "thiếu thư mục của kỳ (-o DIR)");
	if (!o.year)
		cli_usage(&cli, "thiếu năm (-y YEAR)");
	if (optind != argc)
		cli_usage(&cli, "thừa tham số: %s", argv[optind]);
	aggregate(&o);
	return EXIT_DONE;
}
