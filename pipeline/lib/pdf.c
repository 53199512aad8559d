/*
 * pdf: libharu 2.3.0 behind one call. The call order follows LIBS.md:
 * compression before any font, faces loaded from TrueType data with
 * embedding. Each face is first cut to the characters this document draws
 * (ttf_subset) and given to libharu from memory: libharu embeds whatever
 * glyphs and widths the font maps, so a smaller font means a smaller and
 * faster PDF. Text strings of the document's information and bookmarks are
 * written as UTF-16BE by us (libharu's UTF-8 encoder is not set up at all).
 *
 * Text is not coded by libharu's UTF-8 encoder, whose font setup looks up
 * every one of the 65 536 code points in the font and writes a 128 KB
 * CIDToGIDMap per face: each face gets an encoder of its own (a CMap
 * encoder, Identity-H) where code k is the k-th character the document
 * draws with it, so the font's widths and CIDToGIDMap hold those characters
 * only. The text is written by show_words in those codes. libharu's
 * /ToUnicode (its encoding CMap, which readers reject) is rewritten before
 * saving as a CMapType 2 map from each code to its character.
 */
#include "pdf.h"

#include <hpdf.h>
#include <hpdf_conf.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textnorm.h"
#include "ttf.h"

/* A face's characters as the document codes them: code k (1..n) is chars[k - 1]. */
struct face_codes {
	uint16_t code[0x10000];   /* by code point; 0: not drawn with this face */
	uint16_t chars[0x10000];
	size_t n;
};

struct drawing {
	HPDF_Doc doc;
	HPDF_STATUS error, detail;
	HPDF_Font *fonts;
	const char **names;   /* per face: libharu's name of its font */
	unsigned char (*used)[0x10000 / 8]; /* per face: the code points drawn */
	struct face_codes *codes;           /* per face */
	struct ttf *const *faces;
	int loaded;                         /* faces loaded so far */
	HPDF_XObject form;                  /* the last outline drawn, as a form */
	const struct layout_item *form_item;
};

/* Sets key of dict to the text string (UTF-16BE) of the UTF-8 text s. */
static void set_text(struct drawing *dr, HPDF_Dict dict, const char *key, const char *s)
{
	struct strbuf utf16 = {0};
	textnorm_utf16be(s, strlen(s), &utf16);
	HPDF_Dict_Add(dict, key, HPDF_Binary_New(dr->doc->mmgr, (HPDF_BYTE *)utf16.data, (HPDF_UINT)utf16.len));
	strbuf_free(&utf16);
}

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct drawing *dr = data;
	if (!dr->error) {
		dr->error = error;
		dr->detail = detail;
	}
}

/* Marks the code points of face that s draws (for the font subset and ToUnicode). */
static void note_used(struct drawing *dr, int face, const char *s)
{
	size_t len;
	for (; *s; s += len) {
		uint32_t c = textnorm_utf8_next(s, &len);
		if (c < 0x10000)
			dr->used[face][c / 8] |= (unsigned char)(1u << (c % 8));
	}
}

static HPDF_BOOL every_byte(HPDF_Encoder e, HPDF_BYTE b)
{
	(void)e;
	(void)b;
	return HPDF_TRUE;
}

/*
 * What HPDF_CMapEncoder_InitAttr does, at memory speed: libharu clears the
 * 260 KB of code tables a byte at a time through its own HPDF_MemSet (a
 * tenth of a one-page report's instructions), three faces a document.
 * Undefined codes map to U+25A1, as there.
 */
static HPDF_STATUS init_encoder_attr(HPDF_Encoder e)
{
	HPDF_CMapEncoderAttr attr = HPDF_GetMem(e->mmgr, sizeof *attr);
	if (!attr)
		return HPDF_FAILD_TO_ALLOC_MEM;
	memset(attr, 0, sizeof *attr);
	e->attr = attr;
	attr->writing_mode = HPDF_WMODE_HORIZONTAL;
	for (size_t i = 0; i < 256; i++)
		for (size_t j = 0; j < 256; j++)
			attr->unicode_map[i][j] = 0x25A1;
	attr->cmap_range = HPDF_List_New(e->mmgr, HPDF_DEF_RANGE_TBL_NUM);
	attr->notdef_range = HPDF_List_New(e->mmgr, HPDF_DEF_ITEMS_PER_BLOCK);
	attr->code_space_range = HPDF_List_New(e->mmgr, HPDF_DEF_ITEMS_PER_BLOCK);
	return attr->cmap_range && attr->notdef_range && attr->code_space_range ? HPDF_OK
										 : HPDF_FAILD_TO_ALLOC_MEM;
}

/*
 * Registers face f's encoder, "baocao-f<f>": two-byte codes, code k for the
 * k-th character drawn with the face (in code point order), CID k, Identity-H.
 * One code more than the characters, a copy of the first: libharu leaves the
 * last CID out of the widths and CIDToGIDMap it writes.
 */
static const char *register_encoder(struct drawing *dr, int f, char *name, size_t size)
{
	struct face_codes *c = &dr->codes[f];
	for (uint32_t cp = 1; cp < 0x10000; cp++)
		if (dr->used[f][cp / 8] >> (cp % 8) & 1) {
			c->chars[c->n++] = (uint16_t)cp;
			c->code[cp] = (uint16_t)c->n;
		}
	snprintf(name, size, "baocao-f%d", f);
	HPDF_Encoder e = HPDF_CMapEncoder_New(dr->doc->mmgr, name, NULL);
	if (!e || init_encoder_attr(e) != HPDF_OK)
		return NULL;
	HPDF_CMapEncoderAttr attr = e->attr;
	const HPDF_CidRange_Rec cids[] = {{1, (HPDF_UINT16)(c->n + 1), 1}, {0xFFFF, 0xFFFF, 0}};
	HPDF_UnicodeMap_Rec *unicodes = xcalloc(c->n + 2, sizeof *unicodes);
	for (size_t k = 0; k <= c->n; k++)
		unicodes[k] = (HPDF_UnicodeMap_Rec){(HPDF_UINT16)(k + 1), c->chars[k < c->n ? k : 0]};
	unicodes[c->n + 1] = (HPDF_UnicodeMap_Rec){0, 0xFFFF};
	HPDF_CMapEncoder_SetUnicodeArray(e, unicodes);
	free(unicodes);
	if (HPDF_CMapEncoder_AddCMap(e, cids) != HPDF_OK ||
	    HPDF_CMapEncoder_AddCodeSpaceRange(e, (HPDF_CidRange_Rec){0x0000, 0xFFFF, 0}) != HPDF_OK)
		return NULL;
	attr->is_lead_byte_fn = every_byte;
	attr->is_trial_byte_fn = every_byte;
	snprintf(attr->registry, sizeof attr->registry, "Adobe");
	snprintf(attr->ordering, sizeof attr->ordering, "Identity-H"); /* codes are CIDs */
	e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
	return HPDF_Doc_RegisterEncoder(dr->doc, e) == HPDF_OK ? name : NULL;
}

/*
 * Loads face f cut to the characters drawn with it, from memory (a
 * HPDF_MemStream the font definition keeps), as libharu's own loading from
 * a file does: the definition registered with the document, tagged
 * "HPDFAA", "HPDFAB"… in loading order for its subset's name. Returns
 * libharu's font, or NULL with err set.
 */
static HPDF_Font load_face(struct drawing *dr, struct ttf *face, const char *path, int f, struct strbuf *err)
{
	struct strbuf font = {0};
	char encoder[32];
	if (ttf_subset(face, dr->used[f], &font) != 0) {
		strbuf_addf(err, "không cắt được phông %s (bảng glyf/loca không như mong đợi)", path);
		strbuf_free(&font);
		return NULL;
	}
	HPDF_Stream data = HPDF_MemStream_New(dr->doc->mmgr, 1 << 16);
	int ok = data && HPDF_Stream_Write(data, (const HPDF_BYTE *)font.data, (HPDF_UINT)font.len) == HPDF_OK &&
		 HPDF_Stream_Seek(data, 0, HPDF_SEEK_SET) == HPDF_OK;
	strbuf_free(&font);
	HPDF_FontDef def = ok ? HPDF_TTFontDef_Load(dr->doc->mmgr, data, HPDF_TRUE) : NULL;
	if (!def) {
		if (data && !ok)
			HPDF_Stream_Free(data);
		strbuf_addf(err, "libharu không đọc được phông %s (mã lỗi 0x%04X)", path, (unsigned)dr->error);
		return NULL;
	}
	/* libharu keeps one font per PostScript name: a second face of that name would alias the first */
	if (HPDF_Doc_FindFontDef(dr->doc, def->base_font)) {
		strbuf_addf(err, "phông %s trùng tên PostScript \"%s\" với một kiểu chữ khác", path, def->base_font);
		HPDF_FontDef_Free(def);
		return NULL;
	}
	if (HPDF_Doc_RegisterFontDef(dr->doc, def) != HPDF_OK) {
		strbuf_addf(err, "libharu không nạp được phông %s", path);
		return NULL;
	}
	char tag[7] = "HPDFAA";
	tag[5] = (char)('A' + dr->loaded++ % 26);
	tag[4] = (char)('A' + (dr->loaded - 1) / 26 % 26);
	HPDF_TTFontDef_SetTagName(def, tag);
	dr->names[f] = def->base_font;
	const char *coding = register_encoder(dr, f, encoder, sizeof encoder);
	HPDF_Font font_obj = coding ? HPDF_GetFont(dr->doc, def->base_font, coding) : NULL;
	if (dr->error || !font_obj) {
		strbuf_addf(err, "libharu không nạp được phông %s (mã lỗi 0x%04X)", path, (unsigned)dr->error);
		return NULL;
	}
	/*
	 * libharu embeds only the glyphs it has measured; words shown by TJ
	 * (show_words) pass it by, so measure every character drawn once.
	 */
	const struct face_codes *c = &dr->codes[f];
	unsigned char *all = xmalloc(2 * c->n + 1);
	for (size_t k = 0; k < c->n; k++) {
		all[2 * k] = (unsigned char)((k + 1) >> 8);
		all[2 * k + 1] = (unsigned char)(k + 1);
	}
	HPDF_Font_TextWidth(font_obj, all, (HPDF_UINT)(2 * c->n));
	free(all);
	return font_obj;
}

/* Appends a CMap block of n entries (lines) under its operator, then empties lines. */
static void add_block(struct strbuf *b, const char *op, struct strbuf *lines, size_t *n)
{
	if (*n)
		strbuf_addf(b, "%zu begin%s\n%send%s\n", *n, op, lines->data, op);
	strbuf_reset(lines);
	*n = 0;
}

/*
 * Replaces the font's /ToUnicode stream with a CMapType 2 map from each code
 * drawn to its character: a bfrange for each run of consecutive characters
 * (codes follow the characters' order, so a run of letters or digits is one
 * line), a bfchar for the others, in blocks of at most 100 lines.
 */
static void fix_to_unicode(struct drawing *dr, int face)
{
	HPDF_Dict cmap = HPDF_Dict_GetItem(dr->fonts[face], "ToUnicode", HPDF_OCLASS_DICT);
	if (!cmap || !cmap->stream)
		return;
	const struct face_codes *c = &dr->codes[face];
	struct strbuf b = {0}, chars = {0}, ranges = {0};
	size_t nchars = 0, nranges = 0;

	strbuf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
			"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
			"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t k = 0; k < c->n;) {
		size_t run = 1;
		/* a range varies in the last byte only, of its codes and of its characters */
		while (k + run < c->n && c->chars[k + run] == c->chars[k] + run &&
		       ((k + 1) & 0xFF) + run <= 0xFF && (c->chars[k] & 0xFF) + run <= 0xFF)
			run++;
		if (run > 1) {
			strbuf_addf(&ranges, "<%04zX> <%04zX> <%04X>\n", k + 1, k + run, c->chars[k]);
			if (++nranges == 100)
				add_block(&b, "bfrange", &ranges, &nranges);
		} else {
			strbuf_addf(&chars, "<%04zX> <%04X>\n", k + 1, c->chars[k]);
			if (++nchars == 100)
				add_block(&b, "bfchar", &chars, &nchars);
		}
		k += run;
	}
	add_block(&b, "bfchar", &chars, &nchars);
	add_block(&b, "bfrange", &ranges, &nranges);
	strbuf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_MemStream_FreeData(cmap->stream);
	HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE; /* as libharu's other streams */
	strbuf_free(&b);
	strbuf_free(&chars);
	strbuf_free(&ranges);
}

static void set_info(struct drawing *dr, const struct pdf_info *info)
{
	const struct { HPDF_InfoType type; const char *key, *value; } attrs[] = {
		{HPDF_INFO_TITLE, "Title", info->title},          {HPDF_INFO_AUTHOR, "Author", info->author},
		{HPDF_INFO_SUBJECT, "Subject", info->subject},    {HPDF_INFO_KEYWORDS, "Keywords", info->keywords},
		{HPDF_INFO_CREATOR, "Creator", info->creator},
	};
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		if (attrs[i].value) {
			HPDF_SetInfoAttr(dr->doc, attrs[i].type, ""); /* makes the dictionary */
			set_text(dr, dr->doc->info, attrs[i].key, attrs[i].value);
		}
	if (info->has_date) {
		HPDF_Date date = {info->date.tm_year + 1900, info->date.tm_mon + 1, info->date.tm_mday,
				  info->date.tm_hour, info->date.tm_min, info->date.tm_sec, 'Z', 0, 0};
		HPDF_SetInfoDateAttr(dr->doc, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(dr->doc, HPDF_INFO_MOD_DATE, date);
	}
}

/* Positions to 1/100 pt: far below what any device shows, and shorter streams. */
static HPDF_REAL r2(double v)
{
	return (HPDF_REAL)(round(v * 100) / 100);
}

/*
 * Shows the words it[0..n) that share a baseline, font and shade as one TJ:
 * the gaps between them become adjustments in 1/1000 of the font size,
 * rounded against the position reached so far so that no error adds up.
 * (libharu has no TJ: it is written into the page's content stream, in the
 * face's codes, as a literal string: two bytes a character, escaped where
 * PDF asks.)
 */
static void show_words(const struct drawing *dr, HPDF_Page page, const struct layout_item *it, size_t n,
		       struct strbuf *b)
{
	const uint16_t *code = dr->codes[it->face].code;
	double pen = r2(it[0].x);
	strbuf_reset(b);
	strbuf_addc(b, '[');
	for (size_t k = 0; k < n; k++) {
		if (k) {
			long adj = lround((pen - it[k].x) * 1000 / it[k].size);
			if (adj)
				strbuf_addf(b, "%ld", adj);
			pen -= (double)adj * it[k].size / 1000;
		}
		/* a literal string of the two-byte codes: half the bytes of hex */
		strbuf_addc(b, '(');
		size_t len;
		for (const char *s = it[k].text; *s; s += len) {
			uint32_t c = textnorm_utf8_next(s, &len);
			unsigned v = c < 0x10000 ? code[c] : 0;
			unsigned char bytes[2] = {(unsigned char)(v >> 8), (unsigned char)v};
			for (int i = 0; i < 2; i++) {
				if (bytes[i] == '(' || bytes[i] == ')' || bytes[i] == '\\')
					strbuf_addc(b, '\\');
				if (bytes[i] == '\r') /* an end of line in a string reads as LF */
					strbuf_adds(b, "\\r");
				else
					strbuf_addc(b, (char)bytes[i]);
			}
		}
		strbuf_addc(b, ')');
		pen += it[k].width;
	}
	strbuf_adds(b, "] TJ\n");
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
}

/* How many items from it on can be shown with one TJ (1 when it stands alone). */
static size_t same_line(const struct layout_item *it, size_t left)
{
	size_t n = 1;
	if (it->angle != 0)
		return 1;
	while (n < left && it[n].kind == LAYOUT_TEXT && it[n].face == it->face &&
	       it[n].size == it->size && it[n].gray == it->gray && it[n].angle == 0 &&
	       fabs(it[n].y - it->y) < 0.005 && it[n].x > it[n - 1].x)
		n++;
	return n;
}

/* Appends v in at most 3 decimals, without trailing zeros ("0.25", "-1", "12.5"). */
static void add_number(struct strbuf *b, double v)
{
	char num[32];
	int n = snprintf(num, sizeof num, "%.3f", fabs(v) < 0.0005 ? 0.0 : v);
	while (n > 0 && num[n - 1] == '0')
		num[--n] = '\0';
	if (n > 0 && num[n - 1] == '.')
		num[--n] = '\0';
	strbuf_addf(b, "%s ", num);
}

/*
 * Text drawn as shapes (a watermark): each glyph's outline, filled, so that
 * the text layer holds only the document's words. Quadratic pieces become
 * the cubic curves PDF draws; the font is not embedded for them. The
 * shapes are a form XObject of the document, made once and drawn on every
 * page that shows the same item (a watermark is the same on every page).
 */
static HPDF_XObject outline_form(struct drawing *dr, const struct layout_item *it, double width, double height)
{
	const struct layout_item *was = dr->form_item;
	if (dr->form && was->face == it->face && was->size == it->size && was->angle == it->angle &&
	    was->x == it->x && was->y == it->y && was->gray == it->gray && strcmp(was->text, it->text) == 0)
		return dr->form;
	const struct ttf *face = dr->faces[it->face];
	struct ttf_outline o = {0};
	double pen = 0, a = it->angle * M_PI / 180, s = it->size;
	size_t len;
	for (const char *p = it->text; *p; p += len) {
		uint32_t c = textnorm_utf8_next(p, &len);
		ttf_outline(face, c, pen, &o);
		pen += ttf_width(face, c) / 1000.0;
	}
	struct strbuf b = {0};
	add_number(&b, it->gray);
	strbuf_adds(&b, "g\n");
	const double cm[6] = {s * cos(a), s * sin(a), -s * sin(a), s * cos(a), it->x, it->y};
	for (int k = 0; k < 6; k++)
		add_number(&b, cm[k]);
	strbuf_adds(&b, "cm\n");
	double x = 0, y = 0; /* the current point, in em */
	for (size_t i = 0; i < o.n; i++) {
		const struct ttf_point *q = &o.points[i];
		switch (q->op) {
		case TTF_MOVE:
		case TTF_LINE:
			add_number(&b, q->x);
			add_number(&b, q->y);
			strbuf_adds(&b, q->op == TTF_MOVE ? "m\n" : "l\n");
			break;
		case TTF_QUAD:
			if (i + 1 < o.n) {
				const struct ttf_point *e = &o.points[++i];
				const double c[6] = {x + 2 * (q->x - x) / 3, y + 2 * (q->y - y) / 3,
						     e->x + 2 * (q->x - e->x) / 3, e->y + 2 * (q->y - e->y) / 3, e->x, e->y};
				for (int k = 0; k < 6; k++)
					add_number(&b, c[k]);
				strbuf_adds(&b, "c\n");
				q = e;
			}
			break;
		case TTF_CLOSE:
			strbuf_adds(&b, "h\n");
			break;
		}
		x = q->x;
		y = q->y;
	}
	if (o.n)
		strbuf_adds(&b, "f\n");
	free(o.points);

	HPDF_Dict form = HPDF_DictStream_New(dr->doc->mmgr, dr->doc->xref);
	if (!form) {
		strbuf_free(&b);
		return NULL;
	}
	form->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	form->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Dict_AddName(form, "Type", "XObject");
	HPDF_Dict_AddName(form, "Subtype", "Form");
	HPDF_Dict_Add(form, "BBox", HPDF_Box_Array_New(dr->doc->mmgr,
						      (HPDF_Box){0, 0, (HPDF_REAL)width, (HPDF_REAL)height}));
	HPDF_Stream_Write(form->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	strbuf_free(&b);
	dr->form = form;
	dr->form_item = it;
	return form;
}

/*
 * Draws one page's items, saying each state change once: a fill shade, a
 * line width or shade, a font. Unrotated text moves by Td from the previous
 * line start (shorter than a whole Tm); consecutive lines of one width and
 * shade are one path stroked once.
 */
static void draw_page(struct drawing *dr, HPDF_Page page, const struct layout_page_items *p)
{
	int in_text = 0, in_path = 0, tm_plain = 0;
	HPDF_Font font = NULL;
	double size = 0, fill = 0, stroke = 0, width = 1, tx = 0, ty = 0;
	struct strbuf tj = {0};

	for (size_t i = 0; i < p->n; i++) {
		const struct layout_item *it = &p->items[i];
		if (in_path && (it->kind != LAYOUT_LINE || it->width != width || it->gray != stroke)) {
			HPDF_Page_Stroke(page);
			in_path = 0;
		}
		if ((it->kind == LAYOUT_TEXT) != in_text) {
			if (in_text) {
				HPDF_Page_EndText(page);
			} else {
				HPDF_Page_BeginText(page);
				tx = ty = 0;
				tm_plain = 1; /* BT sets the identity matrix */
			}
			in_text = !in_text;
		}
		if (it->kind != LAYOUT_LINE && it->gray != fill) {
			fill = it->gray;
			HPDF_Page_SetGrayFill(page, (HPDF_REAL)fill);
		}
		switch (it->kind) {
		case LAYOUT_TEXT:
			if (dr->fonts[it->face] != font || it->size != size) {
				font = dr->fonts[it->face];
				size = it->size;
				HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
			}
			if (it->angle == 0 && tm_plain) {
				HPDF_Page_MoveTextPos(page, r2(r2(it->x) - tx), r2(r2(it->y) - ty));
			} else {
				double a = it->angle * M_PI / 180;
				HPDF_Page_SetTextMatrix(page, (HPDF_REAL)cos(a), (HPDF_REAL)sin(a),
							(HPDF_REAL)-sin(a), (HPDF_REAL)cos(a), r2(it->x),
							r2(it->y));
				tm_plain = it->angle == 0;
			}
			tx = r2(it->x);
			ty = r2(it->y);
			size_t words = same_line(it, p->n - i);
			show_words(dr, page, it, words, &tj);
			i += words - 1;
			break;
		case LAYOUT_LINE:
			if (!in_path) {
				if (it->width != width)
					HPDF_Page_SetLineWidth(page, (HPDF_REAL)(width = it->width));
				if (it->gray != stroke)
					HPDF_Page_SetGrayStroke(page, (HPDF_REAL)(stroke = it->gray));
				in_path = 1;
			}
			HPDF_Page_MoveTo(page, r2(it->x), r2(it->y));
			HPDF_Page_LineTo(page, r2(it->x2), r2(it->y2));
			break;
		case LAYOUT_RECT:
			HPDF_Page_Rectangle(page, r2(it->x), r2(fmin(it->y, it->y2)), r2(it->x2 - it->x),
					    r2(fabs(it->y2 - it->y)));
			HPDF_Page_Fill(page);
			break;
		case LAYOUT_OUTLINE: {
			HPDF_XObject form = outline_form(dr, it, HPDF_Page_GetWidth(page), HPDF_Page_GetHeight(page));
			if (form)
				HPDF_Page_ExecuteXObject(page, form);
			break;
		}
		}
	}
	if (in_path)
		HPDF_Page_Stroke(page);
	if (in_text)
		HPDF_Page_EndText(page);
	strbuf_free(&tj);
}

/* Bookmarks, nested by level under the last bookmark of the level above. */
static void add_outline(struct drawing *dr, const struct layout_doc *d, HPDF_Page *pages)
{
	HPDF_Outline parents[8] = {NULL};

	for (size_t i = 0; i < d->nmarks; i++) {
		const struct layout_mark *m = &d->marks[i];
		int level = m->level < 1 ? 1 : m->level > 7 ? 7 : m->level;
		HPDF_Outline parent = NULL;
		for (int k = level - 1; k >= 1 && !parent; k--)
			parent = parents[k];
		HPDF_Outline o = HPDF_CreateOutline(dr->doc, parent, "", NULL);
		set_text(dr, o, "Title", m->title);
		HPDF_Destination dst = HPDF_Page_CreateDestination(pages[m->page]);
		HPDF_Destination_SetFitH(dst, (HPDF_REAL)m->y);
		HPDF_Outline_SetDestination(o, dst);
		HPDF_Outline_SetOpened(o, HPDF_TRUE);
		parents[level] = o;
		for (int k = level + 1; k < 8; k++)
			parents[k] = NULL;
	}
	if (d->nmarks)
		HPDF_SetPageMode(dr->doc, HPDF_PAGE_MODE_USE_OUTLINE);
}

int pdf_render(const struct layout_doc *d, struct ttf *const *faces, const char *const *font_paths,
	       size_t nfaces, const struct pdf_info *info, struct strbuf *out, struct strbuf *err)
{
	struct drawing dr = {0};
	int *wanted = xcalloc(nfaces, sizeof *wanted);
	HPDF_Page *pages = xcalloc(d->npages ? d->npages : 1, sizeof *pages);
	int ret = -1;

	dr.faces = faces;
	dr.fonts = xcalloc(nfaces, sizeof *dr.fonts);
	dr.names = xcalloc(nfaces, sizeof *dr.names);
	dr.used = xcalloc(nfaces, sizeof *dr.used);
	dr.codes = xcalloc(nfaces, sizeof *dr.codes);
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].n; i++) {
			const struct layout_item *it = &d->pages[p].items[i];
			if ((it->kind == LAYOUT_TEXT || it->kind == LAYOUT_OUTLINE) &&
			    (it->face < 0 || (size_t)it->face >= nfaces)) {
				strbuf_addf(err, "tài liệu dùng kiểu chữ số %d, nhưng chỉ có %zu phông",
					    it->face, nfaces);
				goto free_arrays;
			}
			if (it->kind == LAYOUT_TEXT) {
				wanted[it->face] = 1;
				note_used(&dr, it->face, it->text);
			}
		}

	dr.doc = HPDF_New(on_error, &dr);
	if (!dr.doc) {
		strbuf_adds(err, "libharu không khởi tạo được tài liệu PDF");
		goto free_arrays;
	}
	/* LIBS.md: compression before any font */
	HPDF_SetCompressionMode(dr.doc, HPDF_COMP_ALL);
	for (size_t f = 0; f < nfaces; f++)
		if (wanted[f] && !(dr.fonts[f] = load_face(&dr, faces[f], font_paths[f], (int)f, err)))
			goto free_doc;
	set_info(&dr, info);
	for (size_t p = 0; p < d->npages && !dr.error; p++) {
		pages[p] = HPDF_AddPage(dr.doc);
		HPDF_Page_SetWidth(pages[p], (HPDF_REAL)d->page.width);
		HPDF_Page_SetHeight(pages[p], (HPDF_REAL)d->page.height);
		draw_page(&dr, pages[p], &d->pages[p]);
	}
	if (!dr.error)
		add_outline(&dr, d, pages);
	for (size_t f = 0; f < nfaces && !dr.error; f++)
		if (dr.fonts[f])
			fix_to_unicode(&dr, (int)f);
	if (!dr.error && HPDF_SaveToStream(dr.doc) == HPDF_OK) {
		HPDF_UINT32 size = HPDF_GetStreamSize(dr.doc);
		strbuf_reserve(out, size);
		HPDF_UINT32 got = size;
		HPDF_ReadFromStream(dr.doc, (HPDF_BYTE *)out->data + out->len, &got);
		if (got != size) /* it says end of stream when it gave everything */
			dr.error = dr.error ? dr.error : HPDF_FILE_IO_ERROR;
		out->len += got;
		out->data[out->len] = '\0';
	}
	if (dr.error) {
		strbuf_addf(err, "libharu báo lỗi 0x%04X (chi tiết %u) khi tạo PDF", (unsigned)dr.error,
			    (unsigned)dr.detail);
		goto free_doc;
	}
	ret = 0;
free_doc:
	HPDF_Free(dr.doc);
free_arrays:
	free(wanted);
	free(pages);
	free(dr.fonts);
	free(dr.names);
	free(dr.used);
	free(dr.codes);
	return ret;
}
