/*
 * pdfpack: libqpdf's C interface, in memory: read, generate object streams,
 * streams copied as they are, a deterministic /ID, write; and, for pdfsign,
 * objects read strictly and printed back as PDF text, never written by qpdf.
 */
#include "pdfpack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

int pdfpack_compact(const char *in, size_t n, struct strbuf *out, struct strbuf *err)
{
	qpdf_data q = qpdf_init();
	int ret = -1;

	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "report.pdf", in, (unsigned long long)n, NULL) & QPDF_ERRORS)
		goto fail;
	if (qpdf_init_write_memory(q) & QPDF_ERRORS)
		goto fail;
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	/* libharu's streams are compressed already: copy them as they are */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_compress_streams(q, QPDF_FALSE);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto fail;
	strbuf_add(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	ret = 0;
	goto done;
fail:
	strbuf_addf(err, "qpdf không ghi lại được tệp PDF: %s",
		    qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "lỗi không rõ");
done:
	qpdf_cleanup(&q);
	return ret;
}

int pdfpack_pages(const char *in, size_t n, long *pages, struct strbuf *err)
{
	qpdf_data q = qpdf_init();
	int ret = -1;

	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "tệp PDF", in, (unsigned long long)n, NULL) & QPDF_ERRORS) {
		strbuf_addf(err, "qpdf không đọc được tệp PDF: %s",
			    qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "lỗi không rõ");
	} else if ((*pages = qpdf_get_num_pages(q)) < 1) {
		strbuf_adds(err, "qpdf không đếm được số trang");
	} else {
		ret = 0;
	}
	qpdf_cleanup(&q);
	return ret;
}

int pdfpack_check(const char *in, size_t n, long *pages, struct strbuf *contents, struct strbuf *err)
{
	qpdf_data q = qpdf_init();
	int ret = -1;

	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "tệp PDF", in, (unsigned long long)n, NULL) & QPDF_ERRORS ||
	    qpdf_check_pdf(q) & (QPDF_ERRORS | QPDF_WARNINGS)) {
		const char *why = qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
			 : qpdf_more_warnings(q) ? qpdf_get_error_full_text(q, qpdf_next_warning(q)) : "lỗi không rõ";
		strbuf_addf(err, "qpdf thấy tệp PDF bị lỗi: %s", why);
		goto done;
	}
	int count = qpdf_get_num_pages(q);
	if (count < 1) {
		strbuf_adds(err, "qpdf không đếm được số trang");
		goto done;
	}
	*pages = count;
	for (int i = 0; contents && i < count; i++) {
		unsigned char *data = NULL;
		size_t len = 0;
		if (qpdf_oh_get_page_content_data(q, qpdf_get_page_n(q, (size_t)i), &data, &len) & QPDF_ERRORS) {
			strbuf_addf(err, "qpdf không đọc được nội dung trang %d", i + 1);
			free(data);
			goto done;
		}
		strbuf_add(contents, (const char *)data, len);
		free(data);
	}
	ret = 0;
done:
	qpdf_cleanup(&q);
	return ret;
}

/*
 * Reading a PDF's objects for pdfsign: the structure an incremental update
 * extends, and the signatures it holds. The file is read strictly (qpdf
 * rebuilding a damaged cross-reference table would hide what the bytes say),
 * and written by pdfsign, never by qpdf, so that the earlier bytes stay.
 */

/* Appends "what: qpdf's reason" to err. */
static void add_qpdf_error(qpdf_data q, const char *what, struct strbuf *err)
{
	strbuf_addf(err, "%s: %s", what,
		    qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "lỗi không rõ");
}

/* libqpdf on in[0..n) without recovery, errors kept for us; NULL with the reason in err. */
static qpdf_data read_strict(const char *in, size_t n, struct strbuf *err)
{
	qpdf_data q = qpdf_init();

	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_silence_errors(q);
	qpdf_set_attempt_recovery(q, QPDF_FALSE);
	if (qpdf_read_memory(q, "tệp PDF", in, (unsigned long long)n, NULL) & QPDF_ERRORS) {
		add_qpdf_error(q, "qpdf không đọc được tệp PDF", err);
		qpdf_cleanup(&q);
		return NULL;
	}
	return q;
}

/* Sets *prev to the offset after the last "startxref" of in[0..n) (in its last 1024 bytes, where readers look); 0 when none. */
static int find_startxref(const char *in, size_t n, size_t *prev)
{
	size_t from = n > 1024 ? n - 1024 : 0;
	const char *last = NULL;
	for (const char *p = in + from; (p = memmem(p, n - (size_t)(p - in), "startxref", 9)); p += 9)
		last = p;
	if (!last)
		return 0;
	const char *p = last + 9, *end = in + n;
	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	size_t v = 0, digits = 0;
	for (; p < end && *p >= '0' && *p <= '9' && digits < 19; p++, digits++)
		v = v * 10 + (size_t)(*p - '0');
	if (!digits)
		return 0;
	*prev = v;
	return 1;
}

/* Appends to out the PDF text of the array arr (anything else counts as none) with "num 0 R" appended. */
static void array_plus(qpdf_data q, qpdf_oh arr, long num, struct strbuf *out)
{
	strbuf_adds(out, "[");
	if (qpdf_oh_is_array(q, arr)) {
		int k = qpdf_oh_get_array_n_items(q, arr);
		for (int i = 0; i < k; i++) {
			strbuf_addc(out, ' ');
			strbuf_adds(out, qpdf_oh_unparse(q, qpdf_oh_get_array_item(q, arr, i)));
		}
	}
	strbuf_addf(out, " %ld 0 R ]", num);
}

/*
 * Appends to out the PDF text of the dictionary dict (none when it is not
 * one) with keys[i] set to the PDF text values[i], its other keys as they are.
 */
static void dict_with(qpdf_data q, qpdf_oh dict, const char *const keys[], const char *const values[],
		      size_t k, struct strbuf *out)
{
	strbuf_adds(out, "<<");
	if (qpdf_oh_is_dictionary(q, dict)) {
		qpdf_oh_begin_dict_key_iter(q, dict);
		while (qpdf_oh_dict_more_keys(q)) {
			/* the key lives in a buffer that unparsing reuses */
			char *key = xstrdup(qpdf_oh_dict_next_key(q));
			size_t i = 0;
			while (i < k && strcmp(key, keys[i]) != 0)
				i++;
			if (i == k)
				strbuf_addf(out, " %s %s", key, qpdf_oh_unparse(q, qpdf_oh_get_key(q, dict, key)));
			free(key);
		}
	}
	for (size_t i = 0; i < k; i++)
		strbuf_addf(out, " %s %s", keys[i], values[i]);
	strbuf_adds(out, " >>");
}

/* The slot of u->objects for the indirect object oh, NULL when it is taken already or none is left. */
static struct strbuf *rewrite(struct pdfpack_update *u, qpdf_data q, qpdf_oh oh)
{
	long num = qpdf_oh_get_object_id(q, oh), gen = qpdf_oh_get_generation(q, oh);
	for (size_t i = 0; i < u->nobjects; i++)
		if (u->objects[i].num == num && u->objects[i].gen == gen)
			return NULL;
	if (num <= 0 || u->nobjects == PDFPACK_UPDATE_MAX)
		return NULL;
	struct pdfpack_object *o = &u->objects[u->nobjects++];
	o->num = num;
	o->gen = gen;
	return &o->text;
}

int pdfpack_field_update(const char *in, size_t n, struct pdfpack_update *u, struct strbuf *err)
{
	*u = (struct pdfpack_update){0};
	qpdf_data q = read_strict(in, n, err);
	struct strbuf acro_text = {0}, fields_text = {0}, annots_text = {0}, *t;
	const char *why = NULL;

	if (!q)
		return -1;
	if (qpdf_is_encrypted(q)) {
		why = "tệp PDF được mã hóa";
		goto fail;
	}
	if (!find_startxref(in, n, &u->prev) || u->prev >= n) {
		why = "không thấy startxref ở cuối tệp PDF";
		goto fail;
	}
	const char *x = in + u->prev;
	while (x < in + n && (*x == ' ' || *x == '\r' || *x == '\n'))
		x++;
	u->xref_stream = !(in + n - x >= 4 && memcmp(x, "xref", 4) == 0);

	qpdf_oh trailer = qpdf_get_trailer(q), root = qpdf_get_root(q);
	static const char *const repeated[] = {"/Root", "/Info", "/ID"};
	for (size_t i = 0; i < 3; i++)
		if (qpdf_oh_has_key(q, trailer, repeated[i]))
			strbuf_addf(&u->trailer, " %s %s", repeated[i],
				    qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, repeated[i])));
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	u->size = qpdf_oh_is_integer(q, size) ? (long)qpdf_oh_get_int_value(q, size) : 0;
	if (u->size <= 0 || !qpdf_oh_is_dictionary(q, root) || !qpdf_oh_is_indirect(q, root)) {
		why = "phần trailer của tệp PDF thiếu /Size hoặc /Root";
		goto fail;
	}
	if (qpdf_get_num_pages(q) < 1) {
		why = "tệp PDF không có trang nào";
		goto fail;
	}
	qpdf_oh page = qpdf_get_page_n(q, 0);
	u->page = qpdf_oh_get_object_id(q, page);
	u->page_gen = qpdf_oh_get_generation(q, page);

	/* the form: /Fields gets the widget, /SigFlags 3 (signatures exist, append only) */
	qpdf_oh acro = qpdf_oh_get_key(q, root, "/AcroForm");
	int has_form = qpdf_oh_is_dictionary(q, acro);
	qpdf_oh fields = has_form ? qpdf_oh_get_key(q, acro, "/Fields") : qpdf_oh_new_null(q);
	qpdf_oh flags = has_form ? qpdf_oh_get_key(q, acro, "/SigFlags") : qpdf_oh_new_null(q);
	long sig_flags = qpdf_oh_is_integer(q, flags) ? (long)qpdf_oh_get_int_value(q, flags) : 0;
	u->fields = qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;
	int form_changed = 1;
	if (qpdf_oh_is_array(q, fields) && qpdf_oh_is_indirect(q, fields)) {
		if (!(t = rewrite(u, q, fields)))
			goto shared;
		array_plus(q, fields, u->size, t);
		strbuf_adds(&fields_text, qpdf_oh_unparse(q, fields));
		form_changed = (sig_flags & 3) != 3;
	} else {
		array_plus(q, fields, u->size, &fields_text);
	}
	if (form_changed) {
		char flags_text[24];
		snprintf(flags_text, sizeof flags_text, "%ld", sig_flags | 3);
		const char *const keys[] = {"/Fields", "/SigFlags"};
		const char *const values[] = {fields_text.data, flags_text};
		dict_with(q, acro, keys, values, 2, &acro_text);
		if (has_form && qpdf_oh_is_indirect(q, acro)) {
			if (!(t = rewrite(u, q, acro)))
				goto shared;
			strbuf_add(t, acro_text.data, acro_text.len);
		} else {
			const char *const rkeys[] = {"/AcroForm"};
			const char *const rvalues[] = {acro_text.data};
			if (!(t = rewrite(u, q, root)))
				goto shared;
			dict_with(q, root, rkeys, rvalues, 1, t);
		}
	}

	/* the first page: /Annots gets the widget */
	qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
	if (qpdf_oh_is_array(q, annots) && qpdf_oh_is_indirect(q, annots)) {
		if (!(t = rewrite(u, q, annots)))
			goto shared;
		array_plus(q, annots, u->size, t);
	} else {
		array_plus(q, annots, u->size, &annots_text);
		const char *const keys[] = {"/Annots"};
		const char *const values[] = {annots_text.data};
		if (!(t = rewrite(u, q, page)))
			goto shared;
		dict_with(q, page, keys, values, 1, t);
	}
	if (qpdf_has_error(q)) {
		add_qpdf_error(q, "qpdf không đọc được tệp PDF", err);
		goto fail_quiet;
	}
	strbuf_free(&acro_text);
	strbuf_free(&fields_text);
	strbuf_free(&annots_text);
	qpdf_cleanup(&q);
	return 0;
shared:
	why = "cấu trúc của tệp PDF không hỗ trợ thêm chữ ký (một đối tượng dùng chung cho biểu mẫu và trang)";
fail:
	strbuf_adds(err, why);
fail_quiet:
	strbuf_free(&acro_text);
	strbuf_free(&fields_text);
	strbuf_free(&annots_text);
	pdfpack_update_free(u);
	qpdf_cleanup(&q);
	return -1;
}

void pdfpack_update_free(struct pdfpack_update *u)
{
	strbuf_free(&u->trailer);
	for (size_t i = 0; i < u->nobjects; i++)
		strbuf_free(&u->objects[i].text);
	*u = (struct pdfpack_update){0};
}

/* The signature fields under field (its /Kids, depth levels at most), /FT inherited as ft. */
static void find_signatures(qpdf_data q, qpdf_oh field, int is_sig, int depth,
			    struct pdfpack_signature **sigs, size_t *n, size_t *cap)
{
	if (depth > 32 || !qpdf_oh_is_dictionary(q, field))
		return;
	qpdf_oh ft = qpdf_oh_get_key(q, field, "/FT");
	if (qpdf_oh_is_name(q, ft))
		is_sig = strcmp(qpdf_oh_get_name(q, ft), "/Sig") == 0;
	qpdf_oh v = qpdf_oh_get_key(q, field, "/V");
	if (is_sig && qpdf_oh_is_dictionary(q, v)) {
		xgrow(sigs, cap, *n + 1, sizeof **sigs);
		struct pdfpack_signature *s = &(*sigs)[(*n)++];
		*s = (struct pdfpack_signature){0};
		qpdf_oh range = qpdf_oh_get_key(q, v, "/ByteRange");
		int k = qpdf_oh_is_array(q, range) ? qpdf_oh_get_array_n_items(q, range) : 0;
		s->nrange = (size_t)k;
		for (int i = 0; i < k && i < 4; i++) {
			qpdf_oh item = qpdf_oh_get_array_item(q, range, i);
			s->range[i] = qpdf_oh_is_integer(q, item) ? (long)qpdf_oh_get_int_value(q, item) : -1;
		}
		qpdf_oh contents = qpdf_oh_get_key(q, v, "/Contents");
		if (qpdf_oh_is_string(q, contents)) {
			const char *bytes = qpdf_oh_get_string_value(q, contents);
			strbuf_add(&s->contents, bytes, qpdf_get_last_string_length(q));
		}
		qpdf_oh sub = qpdf_oh_get_key(q, v, "/SubFilter");
		if (qpdf_oh_is_name(q, sub)) {
			const char *name = qpdf_oh_get_name(q, sub);
			if (strlen(name) < sizeof s->subfilter + 1)
				strcpy(s->subfilter, name + 1);
		}
	}
	qpdf_oh kids = qpdf_oh_get_key(q, field, "/Kids");
	int k = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
	for (int i = 0; i < k; i++)
		find_signatures(q, qpdf_oh_get_array_item(q, kids, i), is_sig, depth + 1, sigs, n, cap);
}

int pdfpack_signatures(const char *in, size_t n, struct pdfpack_signature **sigs, size_t *n_sigs,
		       struct strbuf *err)
{
	qpdf_data q = read_strict(in, n, err);
	size_t cap = 0;

	*sigs = NULL;
	*n_sigs = 0;
	if (!q)
		return -1;
	if (qpdf_is_encrypted(q)) {
		strbuf_adds(err, "tệp PDF được mã hóa");
		qpdf_cleanup(&q);
		return -1;
	}
	qpdf_oh acro = qpdf_oh_get_key(q, qpdf_get_root(q), "/AcroForm");
	qpdf_oh fields = qpdf_oh_is_dictionary(q, acro) ? qpdf_oh_get_key(q, acro, "/Fields") : qpdf_oh_new_null(q);
	int k = qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;
	for (int i = 0; i < k; i++)
		find_signatures(q, qpdf_oh_get_array_item(q, fields, i), 0, 0, sigs, n_sigs, &cap);
	if (qpdf_has_error(q)) {
		add_qpdf_error(q, "qpdf không đọc được tệp PDF", err);
		pdfpack_signatures_free(*sigs, *n_sigs);
		*sigs = NULL;
		*n_sigs = 0;
		qpdf_cleanup(&q);
		return -1;
	}
	qpdf_cleanup(&q);
	return 0;
}

void pdfpack_signatures_free(struct pdfpack_signature *sigs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_free(&sigs[i].contents);
	free(sigs);
}
