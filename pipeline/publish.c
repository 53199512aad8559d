/*
 * baocao-publish: a period's publication, OUTPUT/<period>/phat-hanh/: a
 * folder per recipient organisation with its report (signed when a key is
 * given), its validation report and its own rejected rows, the appendix
 * table for the bloc's leaders; a zip per recipient and one for the period;
 * manifest.json, MANIFEST.csv and SHA256SUMS saying what each file is and
 * whether it is new, changed or the same as in the previous publication;
 * and index.html. The previous publication, when anything changed, is kept
 * in OUTPUT/<period>/da-phat-hanh/<n>/. Drafts are not published unless
 * asked for (--drafts), which the manifest says.
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
#include "fmt.h"
#include "outfile.h"
#include "parallel.h"
#include "pdfpack.h"
#include "pdfsign.h"
#include "publish_html.h"
#include "publish_manifest.h"
#include "publish_org.h"
#include "zipfile.h"

static const struct cli cli = {
	"baocao-publish",
	"Cách dùng: baocao-publish -o THƯ_MỤC_KỲ -r TỆP_BÁO_CÁO [--drafts] [--unsigned]\n"
	"                          [-q] [--sign-nssdb THƯ_MỤC --sign-nick TÊN\n"
	"                          [--sign-pin-file TỆP] [--sign-org-nick TÊN\n"
	"                          [--sign-org-pin-file TỆP]]]\n",
	"\n"
	"Lập bản phát hành của kỳ THƯ_MỤC_KỲ/phat-hanh/ từ các báo cáo của kỳ\n"
	"(THƯ_MỤC_KỲ là output/2022 hoặc output/2022-05, sau bước render): mỗi tổ\n"
	"chức nhận một thư mục và một tệp zip, cả kỳ một tệp zip, cùng manifest.json,\n"
	"MANIFEST.csv, SHA256SUMS và index.html. Khi có gì thay đổi, bản phát hành\n"
	"trước được giữ trong THƯ_MỤC_KỲ/da-phat-hanh/<lần>/.\n"
	"\n"
	"Tùy chọn:\n"
	"  -o, --output THƯ_MỤC_KỲ  thư mục của kỳ (như output/2022)\n"
	"  -r, --report TỆP_BÁO_CÁO tham số văn bản của kỳ (input/NĂM/report.json)\n"
	"      --drafts             phát hành cả các báo cáo DỰ THẢO (có bản ghi bị từ\n"
	"                           chối); nếu không, chúng bị từ chối\n"
	"      --unsigned           phát hành không ký số sau một lần đã ký số\n"
	"      --sign-nssdb THƯ_MỤC cơ sở dữ liệu khóa NSS dùng để ký số mọi tệp PDF\n"
	"      --sign-nick TÊN      tên khóa của người ký trong cơ sở dữ liệu đó\n"
	"      --sign-pin-file TỆP  tệp chứa mã PIN của khóa (khi khóa có PIN)\n"
	"      --sign-org-nick TÊN  tên khóa của cơ quan ban hành (mặc định: khóa của\n"
	"                           người ký)\n"
	"      --sign-org-pin-file TỆP\n"
	"                           tệp chứa mã PIN của khóa cơ quan\n"
	"  -q, --quiet              không in tóm tắt ra đầu ra lỗi\n"
	"  -h, --help               in hướng dẫn này rồi thoát\n"
	"  -V, --version            in phiên bản rồi thoát\n"
	"\n"
	"Với --sign-nssdb và --sign-nick, mỗi tệp PDF được ký hai lần, chữ ký của\n"
	"người ký rồi chữ ký của cơ quan, và được kiểm tra lại. Báo cáo không đổi nội\n"
	"dung và khóa từ lần phát hành trước giữ nguyên tệp đã ký lần đó.\n"
	"\n"
	"Trạng thái thoát:\n"
	"  0  xong\n"
	"  1  có báo cáo DỰ THẢO mà không có --drafts\n"
	"  2  gọi sai, lỗi đọc/ghi hoặc lỗi ký số\n"
	"\n"
	"Ví dụ:\n"
	"  baocao-publish -o output/2022 -r input/2022/report.json\n"
	"\n"
	"Xem thêm: man baocao-publish, man baocao.\n",
};

struct options {
	const char *dir, *report, *nssdb, *nick, *pin_file, *org_nick, *org_pin_file;
	int drafts, quiet, unsigned_ok;
};

/* A published file of a recipient, known before the manifest is made. */
struct made {
	char *path;                   /* under phat-hanh/ */
	const struct pub_org *org;
	const struct pub_doc *doc;
	long pages;
	size_t bytes;
	char sha256[SHA256_HEX_SIZE], source_sha256[SHA256_HEX_SIZE];
};

/* A recipient's zip. */
struct org_zip {
	size_t first;                 /* its files: made[first..first + org->ndocs) */
	int write;                    /* to be written (else kept as it is) */
	size_t bytes;
	char sha256[SHA256_HEX_SIZE];
};

/* The signer's key and the organisation's (the same key when no other is given). */
struct signers {
	struct pdfsign *person, *org;
};

/* A publication being made. */
struct run {
	const struct recipients *r;
	const struct manifest *prev;  /* NULL: the first */
	struct manifest *m;
	const char *ph;               /* PERIOD_DIR/phat-hanh */
	struct signers *signers;      /* NULL: not signed */
	struct made *made;
	size_t nmade;
	struct org_zip *zips;         /* parallel to r->orgs */
	time_t mtime;                 /* of every zip entry */
};

static void read_file(const char *path, struct strbuf *out)
{
	if (strbuf_read_file(out, path) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", path);
}

/* 1 when the path names a PDF. */
static int is_pdf(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".pdf") == 0;
}

/*
 * Signs a PDF twice (the signer's signature, then the organisation's, as
 * Nghị định 30/2020 asks) and checks the result before it counts: both
 * signatures valid, the file whole (as qpdf --check), the same pages
 * drawing the same things as before signing. Returns its number of pages.
 */
static long sign_pdf(const struct signers *k, const char *org_name, const char *path, struct strbuf *pdf)
{
	struct strbuf once = {0}, twice = {0}, err = {0}, before = {0}, after = {0};
	size_t sigs = 0;
	long pages = 0, signed_pages = 0;
	if (pdfpack_check(pdf->data, pdf->len, &pages, &before, &err) != 0)
		util_die(EXIT_SYSTEM, "%s: %s", path, err.data);
	if (pdfsign_sign(k->person, pdf->data, pdf->len, "Người ký văn bản", NULL, &once, &err) != 0 ||
	    pdfsign_sign(k->org, once.data, once.len, "Cơ quan ban hành", org_name, &twice, &err) != 0 ||
	    pdfsign_verify(twice.data, twice.len, &sigs, &err) != 0 || sigs != 2 ||
	    pdfpack_check(twice.data, twice.len, &signed_pages, &after, &err) != 0)
		util_die(EXIT_SYSTEM, "%s: không ký số được: %s", path, err.len ? err.data : "thiếu chữ ký");
	if (signed_pages != pages || after.len != before.len || memcmp(after.data, before.data, after.len) != 0)
		util_die(EXIT_SYSTEM, "%s: bản đã ký không còn giống bản gốc: hãy báo lỗi này", path);
	strbuf_free(pdf);
	*pdf = twice;
	strbuf_free(&once);
	strbuf_free(&err);
	strbuf_free(&before);
	strbuf_free(&after);
	return pages;
}

/*
 * The pages of a PDF that the previous publication made from the same file
 * of render's (whose digest is source) with the same keys, or -1: it must
 * be made again. A signed one replaces pdf with the bytes published then,
 * when they are still there as published: signing again would only change
 * the signing time.
 */
static long published_before(const struct manifest *m, const struct manifest *prev, const char *ph,
			     const char *path, const char *source, struct strbuf *pdf)
{
	const struct pub_entry *was = manifest_find(prev, path);
	if (!was || was->pages < 1 || !manifest_same_signers(m, prev) || strcmp(was->source_sha256, source) != 0)
		return -1;
	if (!m->signatures)
		return was->pages; /* the published file is render's */
	char *full = xasprintf("%s/%s", ph, path), sha[SHA256_HEX_SIZE];
	struct strbuf published = {0};
	int same = strbuf_read_file(&published, full) == 0;
	sha256_of(published.data, published.len, sha);
	if ((same &= strcmp(sha, was->sha256) == 0)) {
		strbuf_free(pdf);
		*pdf = published;
	} else {
		strbuf_free(&published);
	}
	free(full);
	return same ? was->pages : -1;
}

/* Opens the keys of o; NULL when nothing is signed. Sets m's signers. */
static struct signers *open_signers(const struct options *o, struct manifest *m)
{
	struct strbuf err = {0};
	if (!o->nssdb)
		return NULL;
	struct signers *k = xcalloc(1, sizeof *k);
	if (!(k->person = pdfsign_open(o->nssdb, o->nick, o->pin_file, &err)))
		util_die(EXIT_SYSTEM, "%s", err.data);
	k->org = k->person;
	if (o->org_nick &&
	    !(k->org = pdfsign_open(o->nssdb, o->org_nick, o->org_pin_file ? o->org_pin_file : o->pin_file, &err)))
		util_die(EXIT_SYSTEM, "%s", err.data);
	m->signatures = 2;
	pdfsign_certificate_sha256(k->person, m->signers[0]);
	pdfsign_certificate_sha256(k->org, m->signers[1]);
	strbuf_free(&err);
	return k;
}

static void close_signers(struct signers *k)
{
	if (!k)
		return;
	if (k->org != k->person)
		pdfsign_close(k->org);
	pdfsign_close(k->person);
	free(k);
}

/*
 * Removes the files under dir (recursively) that the publication m no
 * longer holds (but its own files and the period's zip, keep), and empty folders.
 */
static void remove_stale(const char *dir, const char *rel, const struct manifest *m, const char *keep)
{
	static const char *const own[] = {"manifest.json", "MANIFEST.csv", "SHA256SUMS", "index.html",
					  "so-gui.csv", NULL};
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		util_die_errno(EXIT_SYSTEM, "không đọc được thư mục %s", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		char *under = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		struct stat st;
		int own_file = 0;
		for (int k = 0; own[k] && !*rel; k++)
			own_file |= strcmp(e->d_name, own[k]) == 0;
		if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
			remove_stale(path, under, m, keep);
			rmdir(path); /* only when empty */
		} else if (!own_file && strcmp(under, keep) != 0 && !manifest_find(m, under) && unlink(path) != 0) {
			util_die_errno(EXIT_SYSTEM, "không xóa được tệp %s", path);
		}
		free(path);
		free(under);
	}
	closedir(d);
}

/* The zip of the files of paths[0..n) (under ph), written to ph/zip_path; its digest into *sha. */
static void write_zip(const char *ph, const char *zip_path, char *const *paths, size_t n, time_t mtime,
		      char sha[SHA256_HEX_SIZE], size_t *bytes)
{
	char *full = xasprintf("%s/%s", ph, zip_path);
	struct zipfile *z = zipfile_open(full, mtime);
	for (size_t i = 0; i < n; i++) {
		char *src = xasprintf("%s/%s", ph, paths[i]);
		zipfile_add_file(z, paths[i], src);
		free(src);
	}
	zipfile_commit(z);
	struct stat st;
	if (sha256_of_file(full, sha) != 0 || stat(full, &st) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", full);
	*bytes = (size_t)st.st_size;
	free(full);
}

/* The time of every zip entry: the period's last day, at noon UTC. */
static time_t zip_time(const char *end)
{
	fmt_days d;
	if (fmt_parse_date(end, strlen(end), 0, &d) != 0)
		return 0;
	return (time_t)d * 86400 + 12 * 3600;
}

/* Lists every file of every recipient in run->made, making the recipients' folders. */
static void list_files(struct run *run)
{
	size_t cap = 0;
	outfile_mkdirs(run->ph);
	for (size_t i = 0; i < run->r->n; i++) {
		const struct pub_org *org = &run->r->orgs[i];
		char *folder = xasprintf("%s/%s", run->ph, org->code);
		outfile_mkdirs(folder);
		free(folder);
		run->zips[i].first = run->nmade;
		for (size_t k = 0; k < org->ndocs; k++) {
			xgrow(&run->made, &cap, run->nmade + 1, sizeof *run->made);
			run->made[run->nmade++] = (struct made){xasprintf("%s/%s", org->code, org->docs[k].name),
								org, &org->docs[k], -1, 0, "", ""};
		}
	}
}

/* The digest of made[i]'s source and, when it is published unsigned, its pages (on any thread). */
static void examine(size_t i, void *ctx)
{
	struct run *run = ctx;
	struct made *f = &run->made[i];
	const struct pub_doc *d = f->doc;
	struct strbuf bytes = {0}, err = {0};
	if (d->src)
		read_file(d->src, &bytes);
	else
		strbuf_add(&bytes, d->data.data, d->data.len);
	sha256_of(bytes.data, bytes.len, f->source_sha256);
	f->bytes = bytes.len;
	if (is_pdf(d->name) && !run->signers &&
	    (f->pages = published_before(run->m, run->prev, run->ph, f->path, f->source_sha256, NULL)) < 0 &&
	    pdfpack_pages(bytes.data, bytes.len, &f->pages, &err) != 0)
		util_die(EXIT_SYSTEM, "%s: %s", d->src ? d->src : f->path, err.data);
	strbuf_free(&bytes);
	strbuf_free(&err);
}

/* Puts the file f into the batch: render's file as it is (a hard link), or signed. */
static void place(const struct run *run, struct made *f, struct outbatch *batch)
{
	const struct pub_doc *d = f->doc;
	char *full = xasprintf("%s/%s", run->ph, f->path);
	if (!run->signers || !is_pdf(d->name)) {
		memcpy(f->sha256, f->source_sha256, sizeof f->sha256);
		if (d->src)
			outfile_batch_link(batch, full, d->src);
		else
			outfile_batch_put(batch, full, d->data.data, d->data.len);
	} else {
		struct strbuf bytes = {0};
		read_file(d->src, &bytes);
		if ((f->pages = published_before(run->m, run->prev, run->ph, f->path, f->source_sha256, &bytes)) < 0)
			f->pages = sign_pdf(run->signers, f->org->name, f->path, &bytes);
		sha256_of(bytes.data, bytes.len, f->sha256);
		f->bytes = bytes.len;
		outfile_batch_put(batch, full, bytes.data, bytes.len);
		strbuf_free(&bytes);
	}
	free(full);
}

/* Which recipients' zips are to be written: those with a changed file, or not there as published. */
static void plan_zips(struct run *run)
{
	for (size_t i = 0; i < run->r->n; i++) {
		struct org_zip *z = &run->zips[i];
		char *zip = xasprintf("zip/%s.zip", run->r->orgs[i].code), *full = xasprintf("%s/%s", run->ph, zip);
		const struct pub_entry *was = manifest_find(run->prev, zip);
		struct stat st;
		z->write = !was || stat(full, &st) != 0 || (size_t)st.st_size != was->bytes;
		for (size_t k = z->first; k < z->first + run->r->orgs[i].ndocs && !z->write; k++) {
			const struct pub_entry *f = manifest_find(run->prev, run->made[k].path);
			z->write = !f || strcmp(f->sha256, run->made[k].sha256) != 0;
		}
		if (!z->write) {
			z->bytes = was->bytes;
			memcpy(z->sha256, was->sha256, sizeof z->sha256);
		}
		free(zip);
		free(full);
	}
}

/* Writes recipient i's zip when planned (on any thread). */
static void make_zip(size_t i, void *ctx)
{
	struct run *run = ctx;
	struct org_zip *z = &run->zips[i];
	const struct pub_org *org = &run->r->orgs[i];
	if (!z->write)
		return;
	char *zip = xasprintf("zip/%s.zip", org->code);
	char **paths = xcalloc(org->ndocs + 1, sizeof *paths);
	for (size_t k = 0; k < org->ndocs; k++)
		paths[k] = run->made[z->first + k].path;
	write_zip(run->ph, zip, paths, org->ndocs, run->mtime, z->sha256, &z->bytes);
	free(paths);
	free(zip);
}

static void publish(const struct options *o)
{
	struct strbuf err = {0};
	struct json *report = json_load(o->report, &err);
	if (!report)
		util_die(EXIT_SYSTEM, "%s", err.data);
	struct recipients *r = recipients_load(o->dir, report, o->report);
	if (r->drafts && !o->drafts)
		util_die(EXIT_REJECTED, "%zu báo cáo là DỰ THẢO (có bản ghi bị từ chối, xem %s/rejects.csv): "
			 "chưa phát hành; hãy sửa các dòng bị từ chối rồi chạy lại make, hoặc phát hành cả bản dự "
			 "thảo với PUBLISH_DRAFTS=1", r->drafts, o->dir);
	char *ph = xasprintf("%s/phat-hanh", o->dir), *keep = xasprintf("%s/da-phat-hanh", o->dir);
	char *manifest_path = xasprintf("%s/manifest.json", ph);
	struct manifest *prev = manifest_load(manifest_path);
	struct manifest *m = xcalloc(1, sizeof *m);
	m->period = xstrdup(r->period);
	m->drafts_allowed = o->drafts && r->drafts;
	if (prev && prev->signatures && !o->nssdb && !o->unsigned_ok)
		util_die(EXIT_SYSTEM, "lần phát hành %ld của kỳ %s đã được ký số: hãy phát hành lại với khóa ký "
			 "(SIGN_NSSDB, SIGN_NICK), hoặc với PUBLISH_UNSIGNED=1 nếu thật sự muốn phát hành không ký",
			 prev->issue, r->period);
	struct signers *signers = open_signers(o, m);

	struct run run = {r, prev, m, ph, signers, NULL, 0, xcalloc(r->n, sizeof *run.zips), zip_time(r->end)};
	outfile_cleanup_on_signals();
	list_files(&run);
	/* what render made: digests and pages on every core, then into place (signed when asked) */
	parallel_for(run.nmade, examine, &run);
	struct outbatch *batch = outfile_batch_new();
	int changed = !prev;
	for (size_t i = 0; i < run.nmade; i++) {
		place(&run, &run.made[i], batch);
		const struct pub_entry *was = manifest_find(prev, run.made[i].path);
		changed |= !was || strcmp(was->sha256, run.made[i].sha256) != 0;
	}
	/* a file of the previous publication no longer published is a change too (every file made was in it) */
	size_t prev_files = 0;
	for (size_t i = 0; prev && i < prev->n; i++)
		prev_files += prev->e[i].kind != PUB_ZIP && prev->e[i].kind != PUB_INDEX;
	changed |= prev && prev_files != run.nmade;
	if (prev && changed)
		manifest_archive(prev, ph, keep);
	m->issue = !prev ? 1 : changed ? prev->issue + 1 : prev->issue;
	outfile_batch_commit(batch);

	/* nothing changed: the publication stays as it was, statuses and all (a lost zip is made again) */
	int unchanged = prev && !changed;

	/* a zip per recipient whose files changed (on every core), then the manifest in recipients' order */
	char *zip_dir = xasprintf("%s/zip", ph);
	outfile_mkdirs(zip_dir);
	plan_zips(&run);
	parallel_for(r->n, make_zip, &run);
	for (size_t i = 0; i < r->n; i++) {
		const struct pub_org *org = &r->orgs[i];
		const struct org_zip *z = &run.zips[i];
		for (size_t k = z->first; k < z->first + org->ndocs; k++) {
			const struct made *f = &run.made[k];
			struct pub_entry e = {org->code, org->name, f->path, f->doc->kind, f->doc->number,
					      f->pages, f->bytes, "", "", PUB_NEW, f->doc->draft};
			memcpy(e.sha256, f->sha256, sizeof e.sha256);
			memcpy(e.source_sha256, f->source_sha256, sizeof e.sha256);
			manifest_add(m, prev, &e);
		}
		char *zip = xasprintf("zip/%s.zip", org->code);
		struct pub_entry e = {org->code, org->name, zip, PUB_ZIP, NULL, -1, z->bytes, "", "", PUB_NEW, org->draft};
		memcpy(e.sha256, z->sha256, sizeof e.sha256);
		manifest_add(m, prev, &e);
		free(zip);
	}
	manifest_compare(m, prev);

	/* the index page, the manifest files, then the zip of it all */
	char *period_zip = xasprintf("zip/%s.zip", r->period);
	struct strbuf html = {0};
	char *html_path = xasprintf("%s/index.html", ph);
	if (!unchanged) {
		publish_html(r, m, period_zip, &html);
		char sha[SHA256_HEX_SIZE];
		sha256_of(html.data, html.len, sha);
		struct pub_entry e = {"", "", "index.html", PUB_INDEX, NULL, -1, html.len, "", "", PUB_NEW, 0};
		memcpy(e.sha256, sha, sizeof sha);
		manifest_add(m, prev, &e);
		struct outbatch *last = outfile_batch_new();
		outfile_batch_put(last, html_path, html.data, html.len);
		manifest_write(m, ph, last);
		outfile_batch_commit(last);
	}
	remove_stale(ph, "", unchanged ? prev : m, period_zip);
	char *period_full = xasprintf("%s/%s", ph, period_zip);
	struct stat st;
	if (changed || stat(period_full, &st) != 0) {
		size_t np = 0;
		char **paths = xcalloc(run.nmade + 5, sizeof *paths);
		for (size_t k = 0; k < run.nmade; k++)
			paths[np++] = run.made[k].path;
		static char *const own[] = {"index.html", "manifest.json", "MANIFEST.csv", "SHA256SUMS"};
		for (int k = 0; k < 4; k++)
			paths[np++] = own[k];
		char sha[SHA256_HEX_SIZE];
		size_t zbytes;
		write_zip(ph, period_zip, paths, np, run.mtime, sha, &zbytes);
		free(paths);
	}

	if (!o->quiet) {
		size_t count[3] = {0};
		for (size_t i = 0; i < m->n; i++)
			count[m->e[i].status]++;
		if (unchanged)
			fprintf(stderr, "%s: kỳ %s: không có gì thay đổi từ lần phát hành %ld, giữ nguyên\n",
				util_progname, r->period, m->issue);
		else
			fprintf(stderr, "%s: đã phát hành kỳ %s, lần %ld: %zu tổ chức, %zu tệp: %zu mới, %zu thay đổi, %zu không đổi%s\n",
				util_progname, r->period, m->issue, r->n, m->n, count[PUB_NEW], count[PUB_CHANGED],
				count[PUB_SAME], m->drafts_allowed ? " (có bản dự thảo)" : "");
		fprintf(stderr, "%s: mở %s/index.html để xem\n", util_progname, ph);
	}
	for (size_t k = 0; k < run.nmade; k++)
		free(run.made[k].path);
	free(run.made);
	free(run.zips);
	close_signers(signers);
	manifest_free(prev);
	manifest_free(m);
	recipients_free(r);
	json_free(report);
	strbuf_free(&html);
	strbuf_free(&err);
	free(ph);
	free(keep);
	free(manifest_path);
	free(zip_dir);
	free(period_zip);
	free(period_full);
	free(html_path);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},      {"report", required_argument, NULL, 'r'},
		{"drafts", no_argument, NULL, 'D'},            {"quiet", no_argument, NULL, 'q'},
		{"unsigned", no_argument, NULL, 'U'},
		{"sign-nssdb", required_argument, NULL, 'S'},  {"sign-nick", required_argument, NULL, 'N'},
		{"sign-pin-file", required_argument, NULL, 'P'},
		{"sign-org-nick", required_argument, NULL, 'O'},
		{"sign-org-pin-file", required_argument, NULL, 'Q'},
		{"help", no_argument, NULL, 'h'},              {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {0};
	int c;

	cli_start(&cli);
	while ((c = getopt_long(argc, argv, ":o:r:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.dir = optarg; break;
		case 'r': o.report = optarg; break;
		case 'D': o.drafts = 1; break;
		case 'U': o.unsigned_ok = 1; break;
		case 'q': o.quiet = 1; break;
		case 'S': o.nssdb = optarg; break;
		case 'N': o.nick = optarg; break;
		case 'P': o.pin_file = optarg; break;
		case 'O': o.org_nick = optarg; break;
		case 'Q': o.org_pin_file = optarg; break;
		default: cli_common(&cli, c, argv);
		}
	}
	if (!o.dir || !o.report)
		cli_usage(&cli, "cần -o THƯ_MỤC_KỲ và -r TỆP_BÁO_CÁO");
	if (optind != argc)
		cli_usage(&cli, "thừa tham số: %s", argv[optind]);
	if (!o.nssdb != !o.nick)
		cli_usage(&cli, "--sign-nssdb và --sign-nick phải đi cùng nhau");
	if ((o.pin_file || o.org_nick) && !o.nssdb)
		cli_usage(&cli, "--sign-pin-file và --sign-org-nick cần --sign-nssdb và --sign-nick");
	if (o.org_pin_file && !o.org_nick)
		cli_usage(&cli, "--sign-org-pin-file cần --sign-org-nick");
	publish(&o);
	return EXIT_DONE;
}
