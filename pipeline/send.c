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
	"Cách dùng: baocao-send -p THƯ_MỤC_PHÁT_HÀNH -r TỆP_NGƯỜI_NHẬN [-t MẪU_THƯ]\n"
	"                       --smtp URL --from ĐỊA_CHỈ [--auth-file TỆP]\n"
	"                       [--cacert TỆP] [--require-tls] [--retry-failed]\n"
	"                       [--dry-run] [-q]\n",
	"\n"
	"Gửi thư cho mỗi tổ chức trong THƯ_MỤC_PHÁT_HÀNH/manifest.json (bản phát\n"
	"hành của baocao-publish) các văn bản của tổ chức đó, mỗi địa chỉ trong\n"
	"TỆP_NGƯỜI_NHẬN (cột ma_to_chuc và email) một thư, với tiêu đề và nội dung\n"
	"theo MẪU_THƯ. Mỗi lần gửi được ghi vào sổ THƯ_MỤC_PHÁT_HÀNH/so-gui.csv: thư\n"
	"máy chủ đã nhận không gửi lại; lỗi tạm thời (4xx) được gửi lại ở lần chạy\n"
	"sau; lỗi hẳn (5xx) không gửi lại khi địa chỉ và văn bản không đổi.\n"
	"\n"
	"Tùy chọn:\n"
	"  -p, --publication THƯ_MỤC_PHÁT_HÀNH\n"
	"                           thư mục phát hành (như output/2022/phat-hanh)\n"
	"  -r, --recipients TỆP_NGƯỜI_NHẬN\n"
	"                           danh sách người nhận (input/nguoi_nhan.csv)\n"
	"  -t, --template MẪU_THƯ   mẫu thư (mặc định: templates/mail/thu.json trong\n"
	"                           thư mục dữ liệu, xem dưới đây)\n"
	"      --smtp URL           máy chủ thư: smtp://MÁY[:CỔNG] (dùng STARTTLS khi\n"
	"                           máy chủ có) hoặc smtps://MÁY[:CỔNG]\n"
	"      --from ĐỊA_CHỈ       địa chỉ thư của người gửi\n"
	"      --auth-file TỆP      tên đăng nhập ở dòng 1 và mật khẩu ở dòng 2, hoặc\n"
	"                           một dòng người_dùng:mật_khẩu\n"
	"      --cacert TỆP         các chứng thư CA được tin cậy\n"
	"      --require-tls        bắt buộc mã hóa (STARTTLS) với smtp://\n"
	"      --retry-failed       gửi lại cả thư máy chủ đã từ chối hẳn\n"
	"      --dry-run            chỉ liệt kê những gì sẽ gửi, không gửi gì\n"
	"  -q, --quiet              không in tiến độ, và không in tóm tắt khi mọi thư\n"
	"                           đã đến nơi\n"
	"  -h, --help               in hướng dẫn này rồi thoát\n"
	"  -V, --version            in phiên bản rồi thoát\n"
	"\n"
	"Thư mục dữ liệu (khi không có -t): thư mục trong biến môi trường BAOCAO_DATA\n"
	"nếu biến này được đặt; nếu không, ./templates khi chạy trong thư mục mã\n"
	"nguồn baocao; nếu không, @DATADIR@.\n"
	"\n"
	"Trạng thái thoát:\n"
	"  0  mọi địa chỉ đã nhận đủ văn bản\n"
	"  1  còn thư chờ gửi lại hoặc bị từ chối, hoặc có dòng người nhận bị bỏ qua\n"
	"  2  gọi sai, lỗi đọc/ghi, hoặc không dùng được máy chủ thư\n"
	"\n"
	"Ví dụ:\n"
	"  baocao-send -p output/2022/phat-hanh -r input/nguoi_nhan.csv \\\n"
	"    --smtp smtp://mail.example.vn:587 --from vanphong@example.vn\n"
	"\n"
	"Xem thêm: man baocao-send, man baocao-report, man baocao.\n",
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
	if (!o.publication || !o.recipients)
		cli_usage(&cli, "cần -p THƯ_MỤC_PHÁT_HÀNH và -r TỆP_NGƯỜI_NHẬN");
	if (!o.url || !o.from)
		cli_usage(&cli, "cần --smtp URL (máy chủ thư) và --from ĐỊA_CHỈ (địa chỉ người gửi)");
	if (optind != argc)
		cli_usage(&cli, "thừa tham số: %s", argv[optind]);
	if (smtp_check_url(o.url, &err) != 0)
		cli_usage(&cli, "%s", err.data);
	if (!recipients_address_ok(o.from, strlen(o.from), &why))
		cli_usage(&cli, "địa chỉ người gửi --from “%s” không hợp lệ: %s", o.from, why);
	strbuf_free(&err);
	char *data_template = NULL;
	if (!o.template)
		o.template = data_template = cli_data(&cli, "templates/mail/thu.json", "-t");
	int status = send_run(&o);
	free(data_template);
	return status;
}
