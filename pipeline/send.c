/*
 * baocao-send: mails each organisation the documents of a publication
 * (PHAT_HANH, made by baocao-publish) at the addresses of nguoi_nhan.csv,
 * one message per organisation and address, keeping a ledger of every
 * attempt in PHAT_HANH/so-gui.csv so that what a server accepted is never
 * sent again, a temporary refusal is tried again on the next run, and a
 * corrected publication goes only to the organisations whose documents
 * changed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "send_recipients.h"
#include "send_run.h"
#include "smtp.h"

static const struct cli cli = {
	"baocao-send",
	"usage: baocao-send -p PHAT_HANH -r NGUOI_NHAN_CSV -t TEMPLATE_JSON --smtp URL --from ADDRESS\n"
	"                   [--auth-file FILE] [--cacert FILE] [--require-tls] [--retry-failed]\n"
	"                   [--dry-run] [-q]\n",
	"Mails each organisation of PHAT_HANH/manifest.json its documents (every file\n"
	"of its code but the zips and the index page), one message per address of\n"
	"NGUOI_NHAN_CSV (columns ma_to_chuc and email), with the subject and body of\n"
	"TEMPLATE_JSON (templates/mail/thu.json). Every attempt is appended to the\n"
	"ledger PHAT_HANH/so-gui.csv: what the server accepted is not sent again, a\n"
	"4xx is tried again on the next run, a 5xx is not while the address and the\n"
	"documents stay the same. URL is smtp://HOST[:PORT] (STARTTLS when offered;\n"
	"--require-tls insists) or smtps://HOST[:PORT]; --auth-file holds the user on\n"
	"line 1 and the password on line 2, or one line user:password; --cacert names\n"
	"the CA certificates to trust. --retry-failed sends again what a server\n"
	"refused for good. --dry-run lists what would be sent and sends nothing.\n"
	"Exit status: 0 every address has its documents, 1 some pending or refused,\n"
	"or rows of NGUOI_NHAN_CSV skipped, 2 usage, input/output or server error.\n",
};

int main(int argc, char **argv)
{
	enum { OPT_SMTP = 256, OPT_FROM, OPT_AUTH, OPT_CACERT, OPT_TLS, OPT_RETRY, OPT_DRY };
	static const struct option longopts[] = {
		{"publication", required_argument, NULL, 'p'}, {"recipients", required_argument, NULL, 'r'},
		{"template", required_argument, NULL, 't'},    {"smtp", required_argument, NULL, OPT_SMTP},
		{"from", required_argument, NULL, OPT_FROM},   {"auth-file", required_argument, NULL, OPT_AUTH},
		{"cacert", required_argument, NULL, OPT_CACERT}, {"require-tls", no_argument, NULL, OPT_TLS},
		{"retry-failed", no_argument, NULL, OPT_RETRY}, {"dry-run", no_argument, NULL, OPT_DRY},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},              {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct send_options o = {0};
	struct strbuf err = {0};
	const char *why;
	int c;

	cli_start(&cli);
	while ((c = getopt_long(argc, argv, ":p:r:t:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o.publication = optarg; break;
		case 'r': o.recipients = optarg; break;
		case 't': o.template = optarg; break;
		case 'q': o.quiet = 1; break;
		case OPT_SMTP: o.url = optarg; break;
		case OPT_FROM: o.from = optarg; break;
		case OPT_AUTH: o.auth_file = optarg; break;
		case OPT_CACERT: o.cacert = optarg; break;
		case OPT_TLS: o.require_tls = 1; break;
		case OPT_RETRY: o.retry_failed = 1; break;
		case OPT_DRY: o.dry_run = 1; break;
		default: cli_common(&cli, c, argv);
		}
	}
	if (!o.publication || !o.recipients || !o.template)
		cli_usage(&cli, "cần -p PHAT_HANH, -r NGUOI_NHAN_CSV và -t TEMPLATE_JSON");
	if (!o.url || !o.from)
		cli_usage(&cli, "cần --smtp URL (máy chủ thư) và --from ADDRESS (địa chỉ người gửi)");
	if (optind != argc)
		cli_usage(&cli, "thừa tham số: %s", argv[optind]);
	if (smtp_check_url(o.url, &err) != 0)
		cli_usage(&cli, "%s", err.data);
	if (!recipients_address_ok(o.from, strlen(o.from), &why))
		cli_usage(&cli, "địa chỉ người gửi --from “%s” không hợp lệ: %s", o.from, why);
	strbuf_free(&err);
	return send_run(&o);
}
