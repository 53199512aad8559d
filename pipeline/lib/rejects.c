/*
 * rejects: the columns of rejects.csv and warnings.csv, written by the
 * validate stage and read by the render stage (see rejects.h).
 */
#include "rejects.h"

#include <string.h>

const char *const rejects_column_names[REJECTS_NCOLUMNS] = {
	[REJECTS_FILE] = "tep",       [REJECTS_LINE] = "dong",   [REJECTS_COLUMN] = "cot",
	[REJECTS_FIELD] = "ten_cot",  [REJECTS_CODE] = "ma_loi", [REJECTS_MESSAGE] = "mo_ta",
	[REJECTS_VALUE] = "gia_tri",  [REJECTS_ORG] = "ma_to_chuc",
};

void rejects_add_header(struct strbuf *b)
{
	strbuf_adds(b, "\xEF\xBB\xBF");
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		if (k)
			strbuf_addc(b, ',');
		strbuf_adds(b, rejects_column_names[k]);
	}
	strbuf_addc(b, '\n');
}

void rejects_add_row(struct strbuf *b, const char *const cells[REJECTS_NCOLUMNS],
		     const size_t lens[REJECTS_NCOLUMNS])
{
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		if (k)
			strbuf_addc(b, ',');
		if (cells[k])
			strbuf_add_csv(b, cells[k], lens[k], ',');
	}
	strbuf_addc(b, '\n');
}

int rejects_find_columns(const struct csvin_record *header, long col[REJECTS_NCOLUMNS],
			 const char **missing)
{
	for (int k = 0; k < REJECTS_NCOLUMNS; k++) {
		col[k] = csvin_column(header, rejects_column_names[k]);
		if (col[k] < 0) {
			*missing = rejects_column_names[k];
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
	return 1;
}
