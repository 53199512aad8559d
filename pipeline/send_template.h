/*
 * send_template: the words of the mail, from templates/mail/thu.json, which
 * a maintainer edits without C. Its texts hold placeholders of the report
 * templates' kind ({ten_to_chuc}, {so_tep|so}), expanded by the template
 * module; each text is checked when the file is loaded, by expanding it for
 * a made-up organisation, so that a wrong key or placeholder stops the run
 * before anything is sent. The struct owns its parsed file;
 * mail_template_free releases it.
 *
 * The file (every key but tieu_de, noi_dung and tep.dong may be left out;
 * an unknown key is an error):
 *   nguoi_gui    the sender's display name ("Văn phòng Đảng ủy Khối")
 *   tieu_de      the subject
 *   noi_dung     the body: a string or an array of lines; a line made only of
 *                placeholders that come out empty is left out; "\n" in a
 *                text starts a new line
 *   gui_lai      said ({gui_lai}) when the address was sent another set before
 *   du_thao      said ({du_thao}) when a document is a draft
 *   dau_du_thao  put before the subject ({dau_du_thao}) when one is a draft
 *   tep          one line of {danh_sach_tep} per file: "dong", with the
 *                pieces "so_hieu" (when it has a number), "trang" (when its
 *                pages are known), "du_thao" (when a draft), and "loai", the
 *                name of each kind of file (bao_cao, kiem_tra,
 *                dong_bi_tu_choi, bang_so_lieu)
 *   ghi_chu      a note for people, not used
 *
 * The placeholders of every text: {ma_to_chuc}, {ten_to_chuc}, {ky} ("2022",
 * "2022-05"), {ten_ky} ("năm 2022", "tháng 5 năm 2022"), {lan} (the issue),
 * {so_tep}, {danh_sach_tep}, {nguoi_gui}, {gui_lai}, {du_thao},
 * {dau_du_thao}, {ngay_gui_truoc} (dd/mm/yyyy, or ""). Those of tep.*, a
 * file's: {stt}, {ten_loai}, {ten_tep}, {duong_dan}, {so_van_ban},
 * {so_trang}, {so_byte}, {so_hieu}, {trang}, {du_thao}; the others there
 * as {to_chuc.ten_to_chuc}.
 */
#ifndef BAOCAO_SEND_TEMPLATE_H
#define BAOCAO_SEND_TEMPLATE_H

#include "send_manifest.h"
#include "util.h"

struct mail_template;

/*
 * Reads and checks the template at path. Returns NULL with the reason
 * (naming the file and the key) in err when it cannot be used.
 */
struct mail_template *mail_template_load(const char *path, struct strbuf *err);

void mail_template_free(struct mail_template *t);

/* The sender's display name, or NULL. */
const char *mail_template_sender(const struct mail_template *t);

/*
 * Appends the subject (one line) and the body (lines separated by "\n") of
 * the message to one of org's addresses; previous is the day (dd/mm/yyyy)
 * another set of documents was delivered to that address, or NULL. All of
 * it UTF-8 in NFC. Returns 0, or -1 with the reason in err.
 */
int mail_template_text(const struct mail_template *t, const struct manifest *m,
		       const struct manifest_org *org, const char *previous, struct strbuf *subject,
		       struct strbuf *body, struct strbuf *err);

#endif
