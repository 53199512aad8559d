/*
 * publish_html: the publication's index page (see publish_html.h).
 */
#include "publish_html.h"

#include <math.h>
#include <string.h>

#include "fmt.h"

/* Text as HTML: the five characters that mean something escaped. */
static void add_text(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': strbuf_adds(b, "&amp;"); break;
		case '<': strbuf_adds(b, "&lt;"); break;
		case '>': strbuf_adds(b, "&gt;"); break;
		case '"': strbuf_adds(b, "&quot;"); break;
		case '\'': strbuf_adds(b, "&#39;"); break;
		default: strbuf_addc(b, *s);
		}
}

/* A relative link to a path: every byte outside the unreserved set, "/" kept, percent-encoded. */
static void add_href(struct strbuf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			strbuf_addc(b, (char)*p);
		else
			strbuf_addf(b, "%%%02X", *p);
}

static const char *const status_words[] = {[PUB_NEW] = "mới", [PUB_CHANGED] = "thay đổi",
					   [PUB_SAME] = "không đổi"};

static const char style[] =
	"body{font-family:\"Times New Roman\",\"Liberation Serif\",serif;margin:2em;color:#111}"
	"h1{font-size:1.5em;margin-bottom:.2em}p.tom-tat{margin-top:0}"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;"
	"vertical-align:top}th{background:#eee}td.so{text-align:right;white-space:nowrap}"
	"ul{margin:0;padding-left:1.1em}.tt{font-size:.85em;padding:0 .3em;border-radius:3px}"
	".moi{background:#d4edda}.thay_doi{background:#fff3cd}.khong_doi{color:#666}"
	".du-thao{color:#a00;font-weight:bold}";

/*
 * One recipient's row: figures, documents with their status, zip. Its
 * entries start at *k (the manifest lists them by recipient, in code order).
 */
static void org_row(struct strbuf *b, const struct pub_org *o, const struct manifest *m, size_t *k)
{
	struct strbuf num = {0};

	strbuf_adds(b, "<tr data-ma=\"");
	add_text(b, o->code);
	strbuf_adds(b, "\"><td>");
	add_text(b, o->code);
	strbuf_adds(b, "</td><td>");
	add_text(b, o->name);
	if (o->draft)
		strbuf_adds(b, " <span class=\"du-thao\">(dự thảo)</span>");
	strbuf_adds(b, "</td><td class=\"so\">");
	fmt_vi_integer(o->people, &num);
	add_text(b, num.data);
	strbuf_adds(b, "</td><td class=\"so\">");
	if (o->has_commitments) {
		strbuf_reset(&num);
		fmt_vi_integer(o->commitments, &num);
		if (!isnan(o->commitment_rate)) {
			strbuf_adds(&num, " (");
			fmt_vi_percent(o->commitment_rate, &num);
			strbuf_adds(&num, ")");
		}
		add_text(b, num.data);
	} else {
		strbuf_adds(b, "–");
	}
	strbuf_adds(b, "</td><td class=\"so\">");
	strbuf_reset(&num);
	fmt_vi_integer(o->effective_models, &num);
	add_text(b, num.data);
	strbuf_adds(b, "</td><td><ul>");
	while (*k < m->n && strcmp(m->e[*k].org, o->code) < 0)
		(*k)++;
	for (; *k < m->n && strcmp(m->e[*k].org, o->code) == 0; (*k)++) {
		const struct pub_entry *e = &m->e[*k];
		strbuf_adds(b, "<li><a href=\"");
		add_href(b, e->path);
		strbuf_addf(b, "\" data-sha256=\"%s\" data-loai=\"%s\">", e->sha256, pub_kind_names[e->kind]);
		const char *slash = strrchr(e->path, '/');
		add_text(b, slash ? slash + 1 : e->path);
		strbuf_adds(b, "</a>");
		if (e->pages > 0)
			strbuf_addf(b, " (%ld trang)", e->pages);
		strbuf_addf(b, " <span class=\"tt %s\">%s</span></li>", pub_status_names[e->status],
			    status_words[e->status]);
	}
	strbuf_adds(b, "</ul></td></tr>\n");
	strbuf_free(&num);
}

void publish_html(const struct recipients *r, const struct manifest *m, const char *period_zip,
		  struct strbuf *out)
{
	size_t count[3] = {0};
	for (size_t i = 0; i < m->n; i++)
		count[m->e[i].status]++;

	strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	strbuf_addf(out, "Phát hành báo cáo kỳ %s, lần %ld", m->period, m->issue);
	strbuf_addf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	strbuf_addf(out, "<h1>Phát hành báo cáo kỳ %s</h1>\n", m->period);
	strbuf_addf(out, "<p class=\"tom-tat\">Lần phát hành thứ %ld: %zu tổ chức nhận, %zu tệp "
			 "(<span id=\"so-moi\">%zu</span> mới, <span id=\"so-thay-doi\">%zu</span> thay đổi, "
			 "<span id=\"so-khong-doi\">%zu</span> không đổi",
		    m->issue, r->n, m->n, count[PUB_NEW], count[PUB_CHANGED], count[PUB_SAME]);
	if (m->nremoved)
		strbuf_addf(out, "; %zu tệp của lần trước không còn", m->nremoved);
	strbuf_adds(out, ").");
	if (m->signatures)
		strbuf_addf(out, " Mỗi tệp PDF mang %d chữ ký số.", m->signatures);
	if (m->drafts_allowed && r->drafts)
		strbuf_addf(out, " <span class=\"du-thao\">Có %zu báo cáo là bản dự thảo (số liệu chưa đầy đủ), "
				 "được phát hành theo yêu cầu.</span>", r->drafts);
	strbuf_adds(out, "</p>\n<p><a href=\"");
	add_href(out, period_zip);
	strbuf_adds(out, "\">Tải tất cả (tệp nén)</a> · <a href=\"MANIFEST.csv\">Danh mục tệp (MANIFEST.csv)"
			 "</a> · <a href=\"SHA256SUMS\">Mã kiểm tra (SHA256SUMS)</a></p>\n");
	strbuf_adds(out, "<table id=\"to-chuc\">\n<thead><tr><th>Mã</th><th>Tổ chức</th><th>Số người</th>"
			 "<th>Đã viết cam kết</th><th>Mô hình hiệu quả</th><th>Tài liệu</th></tr></thead>\n<tbody>\n");
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		org_row(out, &r->orgs[i], m, &k);
	strbuf_adds(out, "</tbody>\n</table>\n");
	if (m->nremoved) {
		strbuf_adds(out, "<h2>Tệp của lần phát hành trước không còn</h2>\n<ul id=\"da-bo\">\n");
		for (size_t i = 0; i < m->nremoved; i++) {
			strbuf_adds(out, "<li>");
			add_text(out, m->removed[i]);
			strbuf_adds(out, "</li>\n");
		}
		strbuf_adds(out, "</ul>\n");
	}
	strbuf_adds(out, "</body>\n</html>\n");
}
