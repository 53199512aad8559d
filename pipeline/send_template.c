/*
 * send_template: templates/mail/thu.json and the texts of one message (see
 * send_template.h). The placeholders of a text are filled from a JSON
 * object of the message's facts (the template module's "organisation"),
 * and, in a file's line, from that file's own facts (its "row").
 */
#include "send_template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "template.h"

struct mail_template {
	struct json *root;
	const char *path;
	const char *subject, *again, *draft, *draft_mark;
	char *sender;                      /* nguoi_gui in NFC, or NULL */
	const struct json *body;           /* a string or an array of strings */
	const char *line, *number, *pages, *file_draft; /* tep.* */
	const struct json *kinds;          /* tep.loai */
	char *path_copy;
};

static const char *const file_kinds[] = {"bao_cao", "kiem_tra", "dong_bi_tu_choi", "bang_so_lieu"};

/* Expands text (NULL: nothing) with facts, row and code for messages; appends to out. */
static int expand(const char *text, const struct json *facts, const struct json *row,
		  const char *code, const char *where, struct strbuf *out, struct strbuf *err)
{
	if (!text)
		return 0;
	struct template_context c = {.org_code = code, .org = facts, .row = row};
	return template_expand(text, &c, NULL, where, out, err);
}

/* A string member, or NULL when absent; -1 in *bad (and the reason in err) when of another type. */
static const char *opt_string(const struct json *obj, const char *key, const char *where,
			      const char *path, int *bad, struct strbuf *err)
{
	const struct json *v = json_get(obj, key);
	if (!v)
		return NULL;
	if (json_type(v) != JSON_STRING) {
		if (!*bad)
			strbuf_addf(err, "%s: “%s%s” phải là một chuỗi", path, where, key);
		*bad = 1;
		return NULL;
	}
	return json_string(v);
}

/* Checks that every member of obj is one of keys; -1 with the reason otherwise. */
static int known_keys(const struct json *obj, const char *const *keys, size_t n, const char *where,
		      const char *path, struct strbuf *err)
{
	for (const struct json *m = json_at(obj, 0); m; m = json_next(m)) {
		size_t k = 0;
		while (k < n && strcmp(json_key(m), keys[k]) != 0)
			k++;
		if (k == n) {
			strbuf_addf(err, "%s: khóa “%s%s” không biết", path, where, json_key(m));
			return -1;
		}
	}
	return 0;
}

/* Reads the keys of t->root into t; -1 with the reason in err. */
static int read_keys(struct mail_template *t, struct strbuf *err)
{
	static const char *const top[] = {"nguoi_gui", "tieu_de", "noi_dung", "gui_lai", "du_thao",
					  "dau_du_thao", "tep", "ghi_chu"};
	static const char *const tep[] = {"dong", "so_hieu", "trang", "du_thao", "loai"};
	const struct json *r = t->root;
	int bad = 0;

	if (json_type(r) != JSON_OBJECT) {
		strbuf_addf(err, "%s: tệp phải chứa một đối tượng JSON", t->path);
		return -1;
	}
	if (known_keys(r, top, sizeof top / sizeof *top, "", t->path, err) != 0)
		return -1;
	const char *sender = opt_string(r, "nguoi_gui", "", t->path, &bad, err);
	t->subject = opt_string(r, "tieu_de", "", t->path, &bad, err);
	t->again = opt_string(r, "gui_lai", "", t->path, &bad, err);
	t->draft = opt_string(r, "du_thao", "", t->path, &bad, err);
	t->draft_mark = opt_string(r, "dau_du_thao", "", t->path, &bad, err);
	opt_string(r, "ghi_chu", "", t->path, &bad, err);
	if (bad)
		return -1;
	if (sender && *sender) {
		struct strbuf nfc = {0};
		strbuf_add(&nfc, "", 0);
		struct json *none = json_new_object();
		int failed = expand(sender, none, NULL, t->path, "nguoi_gui", &nfc, err);
		json_free(none);
		if (failed) {
			strbuf_free(&nfc);
			return -1;
		}
		t->sender = nfc.data;
	}
	if (!t->subject) {
		strbuf_addf(err, "%s: thiếu “tieu_de” (tiêu đề thư)", t->path);
		return -1;
	}
	t->body = json_get(r, "noi_dung");
	int lines_ok = t->body && json_type(t->body) == JSON_ARRAY;
	for (const struct json *l = lines_ok ? json_at(t->body, 0) : NULL; l; l = json_next(l))
		lines_ok &= json_type(l) == JSON_STRING;
	if (!t->body || (json_type(t->body) != JSON_STRING && !lines_ok)) {
		strbuf_addf(err, "%s: “noi_dung” (nội dung thư) phải là một chuỗi hoặc một mảng các dòng",
			    t->path);
		return -1;
	}
	const struct json *f = json_get(r, "tep");
	if (!f || json_type(f) != JSON_OBJECT) {
		strbuf_addf(err, "%s: thiếu “tep” (cách liệt kê các tệp đính kèm)", t->path);
		return -1;
	}
	if (known_keys(f, tep, sizeof tep / sizeof *tep, "tep.", t->path, err) != 0)
		return -1;
	t->line = opt_string(f, "dong", "tep.", t->path, &bad, err);
	t->number = opt_string(f, "so_hieu", "tep.", t->path, &bad, err);
	t->pages = opt_string(f, "trang", "tep.", t->path, &bad, err);
	t->file_draft = opt_string(f, "du_thao", "tep.", t->path, &bad, err);
	if (bad)
		return -1;
	if (!t->line) {
		strbuf_addf(err, "%s: thiếu “tep.dong” (một dòng của danh sách tệp)", t->path);
		return -1;
	}
	t->kinds = json_get(f, "loai");
	if (!t->kinds || json_type(t->kinds) != JSON_OBJECT ||
	    known_keys(t->kinds, file_kinds, 4, "tep.loai.", t->path, err) != 0) {
		if (!err->len)
			strbuf_addf(err, "%s: thiếu “tep.loai” (tên của từng loại tệp)", t->path);
		return -1;
	}
	for (size_t k = 0; k < 4; k++)
		if (!opt_string(t->kinds, file_kinds[k], "tep.loai.", t->path, &bad, err)) {
			if (!bad)
				strbuf_addf(err, "%s: thiếu “tep.loai.%s”", t->path, file_kinds[k]);
			return -1;
		}
	return 0;
}

/*
 * Adds key = the expansion of text (empty when cond is false or text is
 * NULL) to row, or to facts when row is NULL.
 */
static int add_expanded(struct json *facts, struct json *row, const char *key, const char *text,
			int cond, const char *code, struct strbuf *err)
{
	struct strbuf v = {0};
	strbuf_add(&v, "", 0);
	int ret = cond ? expand(text, facts, row, code, key, &v, err) : 0;
	json_add(row ? row : facts, key, json_new_string(v.data));
	strbuf_free(&v);
	return ret;
}

/* Appends the lines of {danh_sach_tep}, one per file of org. */
static int file_lines(const struct mail_template *t, struct json *facts,
		      const struct manifest_org *org, struct strbuf *out, struct strbuf *err)
{
	for (size_t i = 0; i < org->nfiles; i++) {
		const struct manifest_file *f = &org->files[i];
		struct json *row = json_new_object();
		json_add(row, "stt", json_new_int((long long)i + 1));
		json_add(row, "ten_loai", json_new_string(json_string(json_get(t->kinds, f->kind))));
		json_add(row, "ten_tep", json_new_string(f->name));
		json_add(row, "duong_dan", json_new_string(f->path));
		json_add(row, "so_van_ban", f->number ? json_new_string(f->number) : json_new_null());
		json_add(row, "so_trang", f->pages >= 0 ? json_new_int(f->pages) : json_new_null());
		json_add(row, "so_byte", json_new_int(f->size));
		int ret = add_expanded(facts, row, "so_hieu", t->number, f->number != NULL, org->code, err);
		if (!ret)
			ret = add_expanded(facts, row, "trang", t->pages, f->pages >= 0, org->code, err);
		if (!ret)
			ret = add_expanded(facts, row, "du_thao", t->file_draft, f->draft, org->code, err);
		if (i > 0)
			strbuf_addc(out, '\n');
		if (!ret)
			ret = expand(t->line, facts, row, org->code, "tep.dong", out, err);
		json_free(row);
		if (ret)
			return -1;
	}
	return 0;
}

/* Appends the body: each line expanded, a line of placeholders that came out empty left out. */
static int body_text(const struct mail_template *t, const struct json *facts, const char *code,
		     struct strbuf *out, struct strbuf *err)
{
	if (json_type(t->body) == JSON_STRING)
		return expand(json_string(t->body), facts, NULL, code, "noi_dung", out, err);
	int first = 1;
	for (const struct json *l = json_at(t->body, 0); l; l = json_next(l)) {
		const char *text = json_string(l);
		struct strbuf line = {0};
		strbuf_add(&line, "", 0);
		if (expand(text, facts, NULL, code, "noi_dung", &line, err) != 0) {
			strbuf_free(&line);
			return -1;
		}
		if (line.len || !*text) {
			if (!first)
				strbuf_addc(out, '\n');
			strbuf_add(out, line.data, line.len);
			first = 0;
		}
		strbuf_free(&line);
	}
	return 0;
}

int mail_template_text(const struct mail_template *t, const struct manifest *m,
		       const struct manifest_org *org, const char *previous, struct strbuf *subject,
		       struct strbuf *body, struct strbuf *err)
{
	struct json *facts = json_new_object();
	struct strbuf list = {0};
	char *words = manifest_period_words(m->period);
	int ret = -1;

	strbuf_add(&list, "", 0);
	json_add(facts, "ma_to_chuc", json_new_string(org->code));
	json_add(facts, "ten_to_chuc", json_new_string(org->name));
	json_add(facts, "ky", json_new_string(m->period));
	json_add(facts, "ten_ky", json_new_string(words));
	json_add(facts, "lan", json_new_int(m->issue));
	json_add(facts, "so_tep", json_new_int((long long)org->nfiles));
	json_add(facts, "nguoi_gui", json_new_string(t->sender ? t->sender : ""));
	json_add(facts, "ngay_gui_truoc", json_new_string(previous ? previous : ""));
	if (add_expanded(facts, NULL, "gui_lai", t->again, previous != NULL, org->code, err) ||
	    add_expanded(facts, NULL, "du_thao", t->draft, org->draft, org->code, err) ||
	    add_expanded(facts, NULL, "dau_du_thao", t->draft_mark, org->draft, org->code, err) ||
	    file_lines(t, facts, org, &list, err))
		goto done;
	json_add(facts, "danh_sach_tep", json_new_string(list.data));
	size_t start = subject->len;
	if (expand(t->subject, facts, NULL, org->code, "tieu_de", subject, err) != 0 ||
	    body_text(t, facts, org->code, body, err) != 0)
		goto done;
	/* a subject is one line */
	for (size_t i = start; i < subject->len; i++)
		if (subject->data[i] == '\n' || subject->data[i] == '\r' || subject->data[i] == '\t')
			subject->data[i] = ' ';
	ret = 0;
done:
	json_free(facts);
	strbuf_free(&list);
	free(words);
	return ret;
}

/* Expands every text for a made-up organisation with one file of each kind; -1 on a problem. */
static int try_out(const struct mail_template *t, struct strbuf *err)
{
	struct manifest_file files[4];
	char path[4][32];
	for (size_t k = 0; k < 4; k++) {
		snprintf(path[k], sizeof path[k], "TC0001/tep-%zu.pdf", k);
		files[k] = (struct manifest_file){.path = path[k], .name = path[k] + 7,
						  .kind = (char *)file_kinds[k],
						  .number = k ? NULL : (char *)"1-TB/ĐUK",
						  .pages = k == 3 ? -1 : 2, .size = 1000, .draft = k == 0};
	}
	struct manifest_org org = {.code = (char *)"TC0001", .name = (char *)"Chi bộ Thử",
				   .files = files, .nfiles = 4, .draft = 1};
	struct manifest m = {.period = (char *)"2022", .issue = 1, .orgs = &org, .norgs = 1};
	struct strbuf subject = {0}, body = {0}, why = {0};
	int ret = mail_template_text(t, &m, &org, "01/01/2022", &subject, &body, &why);
	if (ret)
		/* the made-up code names no real organisation: name the file instead */
		strbuf_addf(err, "%s: %s", t->path, strncmp(why.data, "TC0001: ", 8) == 0 ? why.data + 8
										      : why.data);
	strbuf_free(&subject);
	strbuf_free(&body);
	strbuf_free(&why);
	return ret;
}

struct mail_template *mail_template_load(const char *path, struct strbuf *err)
{
	struct mail_template *t = xcalloc(1, sizeof *t);
	t->path_copy = xstrdup(path);
	t->path = t->path_copy;
	t->root = json_load(path, err);
	if (!t->root || read_keys(t, err) != 0 || try_out(t, err) != 0) {
		mail_template_free(t);
		return NULL;
	}
	return t;
}

const char *mail_template_sender(const struct mail_template *t)
{
	return t->sender;
}

void mail_template_free(struct mail_template *t)
{
	if (!t)
		return;
	json_free(t->root);
	free(t->sender);
	free(t->path_copy);
	free(t);
}
