/*
 * rejects: the columns of rejects.csv and warnings.csv, written by the
 * validate stage and read by the render stage (see rejects.h).
 */
#include "rejects.h"

#include <string.h>

const char *const rejects_column_titles[REJECTS_NCOLUMNS] = {
	[REJECTS_FILE] = "Tệp",         [REJECTS_LINE] = "Dòng",    [REJECTS_ORG] = "Mã tổ chức",
	[REJECTS_RECORD] = "Bản ghi",   [REJECTS_COLUMN] = "Cột",   [REJECTS_FIELD] = "Tên cột",
	[REJECTS_VALUE] = "Giá trị",    [REJECTS_MESSAGE] = "Lỗi",  [REJECTS_CODE] = "Mã lỗi",
};

const char *const rejects_column_keys[REJECTS_NCOLUMNS] = {
	[REJECTS_FILE] = "tep",         [REJECTS_LINE] = "dong",    [REJECTS_ORG] = "ma_to_chuc",
	[REJECTS_RECORD] = "ban_ghi",   [REJECTS_COLUMN] = "cot",   [REJECTS_FIELD] = "ten_cot",
	[REJECTS_VALUE] = "gia_tri",    [REJECTS_MESSAGE] = "mo_ta", [REJECTS_CODE] = "ma_loi",
};

void rejects_add_header(struct strbuf *b)
{
	strbuf_adds(b, "\xEF\xBB\xBF");
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		if (k)
			strbuf_addc(b, REJECTS_SEPARATOR);
		strbuf_adds(b, rejects_column_titles[k]);
	}
	strbuf_adds(b, "\r\n");
}

void rejects_add_row(struct strbuf *b, const char *const cells[REJECTS_NCOLUMNS],
		     const size_t lens[REJECTS_NCOLUMNS])
{
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		if (k)
			strbuf_addc(b, REJECTS_SEPARATOR);
		if (cells[k])
			strbuf_add_csv_text(b, cells[k], lens[k], REJECTS_SEPARATOR);
	}
	strbuf_adds(b, "\r\n");
}

int rejects_find_columns(const struct csvin_record *header, long col[REJECTS_NCOLUMNS],
			 const char **missing)
{
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		col[k] = csvin_column(header, rejects_column_titles[k]);
		if (col[k] < 0) {
			*missing = rejects_column_titles[k];
			return -1;
		}
	}
	return 0;
}

int rejects_cell(const struct csvin_record *rec, const long col[REJECTS_NCOLUMNS],
		 enum rejects_column k, struct csvin_field *out)
{
	*out = (struct csvin_field){"", 0};
	if (rec->status != CSVIN_OK)
		return 0;
	for (int i = 0; i < REJECTS_NCOLUMNS; i++)
		if ((size_t)col[i] >= rec->nfields)
			return 0;
	*out = rec->fields[col[k]];
	out->data = strbuf_csv_unguard(out->data, &out->len);
	return 1;
}
