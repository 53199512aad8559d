/*
 * pdfpack: libqpdf's C interface, in memory: read, generate object streams,
 * streams copied as they are, a deterministic /ID, write.
 */
#include "pdfpack.h"

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
	/* libharu's streams are compressed already: copy them, do not recompress */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_compress_streams(q, QPDF_TRUE);
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
