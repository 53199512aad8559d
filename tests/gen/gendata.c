/*
 * gendata - write the seven baocao imports of one year, deterministically.
 *
 * One seeded population model serves every year: each chi bộ has seats, and
 * each seat a chain of occupants from the chi bộ's founding to 2050, so a
 * person keeps the same code, name and dates in every year's snapshot. Year Y
 * shows the people active at some time in Y, as known at 31/12/Y. People are
 * streamed seat by seat (memory O(orgs)). --preset kontum builds the Kon Tum
 * sample and calibrates the seats so that exactly 3430 (2021) and 3481 (2022)
 * people are active at 31/12.
 */
#define _POSIX_C_SOURCE 200809L

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NODATE		INT_MAX
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* the model, in per mille where it is a share */
#define GROWTH_PM	80	/* seats opened after the chi bộ's founding */
#define VOLUNTARY_PM	150	/* occupants who leave before retiring at 60 */
/* with retirement at 60, about 3% of a year's people leave during it */
#define RETIRE_AGE	60
#define KONTUM_T21	3430	/* preset: active at 31/12/2021 */
#define KONTUM_T22	3481	/* preset: active at 31/12/2022 (the reference case) */

enum { DUK, DBCS, CBCS, DBBP, CBTT };
enum { HC, SN, NN, DN, KH };	/* loai_hinh */
enum { XS, TT, HT, KHT };	/* quality levels */
enum { R_CHUYEN, R_TUTRAN, R_RAKHOI, R_HUU };
enum { TO_CHUC, NHAN_SU, CAM_KET, XEP_LOAI, MO_HINH, KHEN_THUONG, SINH_HOAT, NFILE };

static const char *const loai_s[] = { "DUK", "DBCS", "CBCS", "DBBP", "CBTT" };
static const char *const lh_s[] = { "co_quan_hanh_chinh", "don_vi_su_nghiep",
    "doanh_nghiep_nha_nuoc", "doanh_nghiep_khac", "khac" };
static const char *const muc_s[] = { "HTXSNV", "HTTNV", "HTNV", "KHTNV" };
static const char *const reason_s[] = { "chuyen_di", "tu_tran", "ra_khoi_dang", "nghi_huu" };
static const char *const reason_note[] = { "Đã chuyển công tác", "Đã từ trần",
    "Đã ra khỏi Đảng", "Đã nghỉ hưu" };

static const char *const fname[NFILE] = { "to_chuc.csv", "nhan_su.csv", "cam_ket.csv",
    "xep_loai.csv", "mo_hinh.csv", "khen_thuong.csv", "sinh_hoat.csv" };
static const char *const header[NFILE] = {
	"ma_to_chuc,ten_to_chuc,loai,ma_cap_tren,loai_hinh,ten_viet_tat,ngay_thanh_lap,ngay_giai_the",
	"ma_nguoi,ho_ten,gioi_tinh,ngay_sinh,la_dang_vien,ngay_vao_dang,ngay_chinh_thuc,"
	    "ma_to_chuc,ngay_bat_dau,ngay_ket_thuc,ly_do_ket_thuc",
	"nam,ma_nguoi,ma_to_chuc,co_cam_ket,ngay_cam_ket,tu_danh_gia,chi_bo_danh_gia,ghi_chu",
	"nam,doi_tuong,ma,muc,diem,quy_dinh",
	"nam,ma_mo_hinh,ma_to_chuc,ten_mo_hinh,linh_vuc,ngay_dang_ky,danh_gia,cap_cong_nhan",
	"nam,so_quyet_dinh,ngay_quyet_dinh,cap,hinh_thuc,loai_doi_tuong,ma_to_chuc,ma_nguoi,noi_dung",
	"nam,thang,ma_to_chuc,so_dang_vien,so_du_sinh_hoat,co_noi_dung_ct05,"
	    "so_nguoi_bao_cao_ket_qua,so_tin_bai,so_chuyen_muc_pt_th,so_ban_tin,so_bai_mang_xa_hoi",
};

/* names: fictional combinations of common Vietnamese name parts (NFC) */
static const char *const ho[] = { "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn",
    "Nguyễn", "Nguyễn", "Trần", "Trần", "Trần", "Lê", "Lê", "Lê", "Phạm", "Phạm",
    "Hoàng", "Huỳnh", "Phan", "Phan", "Vũ", "Võ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Trương", "Hà", "Mai", "Lương", "Tạ",
    "Lưu", "Cao", "Phùng", "Thái", "Châu", "Lâm" };
static const char *const dem_nam[] = { "Văn", "Văn", "Văn", "Đức", "Minh", "Quang",
    "Hữu", "Công", "Thanh", "Xuân", "Ngọc", "Anh", "Trọng", "Quốc", "Đình", "Duy",
    "Tấn", "Hồng", "Bá", "Thế" };
static const char *const dem_nu[] = { "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu",
    "Thanh", "Minh", "Hồng", "Kim", "Phương", "Thùy", "Mỹ", "Bích", "Hoài", "Diệu",
    "Khánh", "Thúy" };
static const char *const ten_nam[] = { "An", "Anh", "Bảo", "Bình", "Cường", "Dũng",
    "Duy", "Đạt", "Định", "Đông", "Giang", "Hải", "Hậu", "Hiếu", "Hòa", "Hoàng",
    "Hùng", "Huy", "Hưng", "Khải", "Khánh", "Khoa", "Kiên", "Lâm", "Lộc", "Long",
    "Luân", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân",
    "Quang", "Sang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thiện", "Thịnh",
    "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ" };
static const char *const ten_nu[] = { "An", "Anh", "Chi", "Dung", "Duyên", "Giang",
    "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Lan",
    "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nguyệt", "Nhàn", "Nhung",
    "Oanh", "Phương", "Quyên", "Quỳnh", "Sương", "Tâm", "Thảo", "Thơ", "Thủy", "Thư",
    "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến" };
/* Xơ Đăng / Ba Na naming in Kon Tum: "A" for men, "Y" for women */
static const char *const eth_nam[] = { "A Pớt", "A Sin", "A Khoa", "A Thiên", "A Vinh",
    "A Blông", "A Đăm", "A Kia", "A Nhong", "A Thuấn", "A Hưng", "A Dũng", "A Tuân" };
static const char *const eth_nu[] = { "Y Hơn", "Y Nhung", "Y Thoa", "Y Mai", "Y Ngọc",
    "Y Blơ", "Y Đêm", "Y Lan", "Y Hiên", "Y Sương", "Y Hoa", "Y Xuân", "Y Mửi" };

struct org {
	char code[24];
	char name[160];
	const char *abbr;
	int type, parent, top, lh;	/* top: the TCCSĐ it belongs to */
	int founded, dissolved;		/* days since 1970-01-01 */
	int seats, extra, extra_year;	/* seats; extra seats opened in extra_year */
	int ncb, nbp;
	unsigned flags;
};
#define F_COMM		1u	/* communication work (radio-TV column, bulletin, posts) */
#define F_BREAK20	2u	/* members break the 20% HTXSNV rule on purpose */

struct person {
	uint32_t id;
	int org, female, ethnic, ho, dem, dem2, ten;
	int birth, show_birth, start, end, reason, vao;	/* end: always set in the model */
};

struct csv {
	FILE *fp;
	char path[4200];
	char buf[2048];
	size_t len;
	int nf;
};

struct decision {
	char so[32];
	int date, cap, form;
	const char *what;
};

struct gen {
	uint64_t seed;
	int year, ys, ye, me[12], preset, nocommit_pm, ethnic_pm, epoch_end;
	struct org *org;
	int norg, cap, ntc;
	uint32_t next_id;
	int *mcount, *xs, *ts, oxs, ots;
	struct decision dec[4];
	struct csv out[NFILE];
};

static char sep = ',';
static const char *eol = "\n";
static char quotable[5] = ",\"\r\n";

static void
fatal(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("gendata: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void
usage(void)
{
	fputs("usage: gendata [--year Y] [--orgs N] [--people N] [--seed S] "
	    "[--preset kontum] [--excel] OUTDIR\n", stderr);
	exit(2);
}

/* ---- randomness and dates ---- */

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
mix(uint64_t a, uint64_t b)
{
	uint64_t s = a ^ (b * 0xd6e8feb86659fd93ULL);

	return splitmix(&s);
}

static int
rnd(uint64_t *s, int n)
{
	return n <= 1 ? 0 : (int)(splitmix(s) % (uint64_t)n);
}

static int
chance(uint64_t *s, int permille)
{
	return rnd(s, 1000) < permille;
}

static int
mkday(int y, int m, int d)
{
	int era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil(int z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
add_years(int day, int n)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	return mkday(y + n, m, m == 2 && d == 29 ? 28 : d);
}

/* keeps starts and ends off 31/12 and 1/1, where "active at year end" is ambiguous */
static int
nudge(int day)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	if (m == 12 && d == 31)
		return day + 2;
	return m == 1 && d == 1 ? day + 1 : day;
}

static int
month_end(int y, int m)
{
	return m == 12 ? mkday(y, 12, 31) : mkday(y, m + 1, 1) - 1;
}

/* ---- CSV output ---- */

static void
put(struct csv *w, const char *s, size_t n)
{
	if (w->len + n + 4 > sizeof w->buf)
		fatal(1, "%s: row too long", w->path);
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void
fstr(struct csv *w, const char *s)
{
	if (w->nf++)
		put(w, &sep, 1);
	if (!strpbrk(s, quotable)) {
		put(w, s, strlen(s));
		return;
	}
	put(w, "\"", 1);
	for (; *s; s++)
		put(w, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	put(w, "\"", 1);
}

static void
fint(struct csv *w, long v)
{
	char b[24], *p = b + sizeof b;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	fstr(w, p);
}

static void
fdate(struct csv *w, int day)
{
	char b[11];
	int y, m, d;

	if (day == NODATE) {
		fstr(w, "");
		return;
	}
	civil(day, &y, &m, &d);
	b[0] = (char)('0' + d / 10), b[1] = (char)('0' + d % 10), b[2] = '/';
	b[3] = (char)('0' + m / 10), b[4] = (char)('0' + m % 10), b[5] = '/';
	b[6] = (char)('0' + y / 1000), b[7] = (char)('0' + y / 100 % 10);
	b[8] = (char)('0' + y / 10 % 10), b[9] = (char)('0' + y % 10), b[10] = '\0';
	fstr(w, b);
}

static void
endrow(struct csv *w)
{
	put(w, eol, strlen(eol));
	fwrite(w->buf, 1, w->len, w->fp);
	w->len = 0;
	w->nf = 0;
}

static void
csv_open(struct csv *w, const char *dir, const char *name, const char *hdr, int bom)
{
	const char *p;

	snprintf(w->path, sizeof w->path, "%s/%s", dir, name);
	if (!(w->fp = fopen(w->path, "wb")))
		fatal(2, "%s: %s", w->path, strerror(errno));
	setvbuf(w->fp, NULL, _IOFBF, 1 << 20);
	if (bom)
		fputs("\xEF\xBB\xBF", w->fp);
	for (p = hdr; *p; p++)
		putc(*p == ',' ? sep : *p, w->fp);
	fputs(eol, w->fp);
}

static void
csv_close(struct csv *w)
{
	int bad = ferror(w->fp);

	if (fclose(w->fp) == EOF || bad)
		fatal(2, "%s: write error", w->path);
}

static void
mkdirs(const char *path)
{
	char buf[4096], *p, c;

	if (!*path || strlen(path) >= sizeof buf)
		fatal(2, "%s: bad directory name", path);
	strcpy(buf, path);
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(buf, 0777) == -1 && errno != EEXIST)
			fatal(2, "%s: %s", buf, strerror(errno));
		if (!(*p = c))
			break;
	}
}

/* ---- organisations ---- */

static int
add_org(struct gen *g, int type, int parent, const char *name, int lh,
    const char *abbr, int founded, int dissolved)
{
	struct org *o, *p;
	int n;

	if (g->norg == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		if (!(g->org = realloc(g->org, (size_t)g->cap * sizeof *g->org)))
			fatal(1, "out of memory");
	}
	o = &g->org[g->norg];
	memset(o, 0, sizeof *o);
	o->type = type;
	o->parent = parent;
	o->lh = lh;
	o->abbr = abbr;
	o->founded = founded;
	o->dissolved = dissolved;
	snprintf(o->name, sizeof o->name, "%s", name);
	if (type == DUK) {
		strcpy(o->code, "DUK");
		o->top = -1;
	} else if (type == DBCS || type == CBCS) {
		snprintf(o->code, sizeof o->code, "TC%04d", ++g->ntc % 1000000);
		o->top = g->norg;
	} else {
		p = &g->org[parent];
		n = type == DBBP ? ++p->nbp : ++p->ncb;
		if (strlen(p->code) + 6 >= sizeof o->code)
			fatal(1, "organisation code too long");
		strcpy(o->code, p->code);
		snprintf(o->code + strlen(o->code), 7, "-%s%02u", type == DBBP ? "BP" : "CB",
		    (unsigned)n % 100u);
		o->top = p->top;
		o->lh = g->org[p->top].lh;
		o->flags = p->flags & F_COMM;
	}
	return g->norg++;
}

static int
is_cb(const struct org *o)
{
	return o->type == CBCS || o->type == CBTT;
}

static int
active_on(const struct org *o, int day)
{
	return o->founded <= day && (o->dissolved == NODATE || o->dissolved > day);
}

/* founding dates from 2010 on are the 1st of a month, as are all dissolutions */
static int
snap(int day)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	return y >= 2010 ? mkday(y, m, 1) : day;
}

static int
child_founded(uint64_t *r, int parent)
{
	return snap(parent + rnd(r, 4 * 365));
}

static const struct { const char *fmt; int lh; } cbcs_tpl[] = {
	{ "Chi bộ Trường THPT số %d", SN }, { "Chi bộ Trường THCS số %d", SN },
	{ "Chi bộ Trường Tiểu học số %d", SN }, { "Chi bộ Trường Mầm non số %d", SN },
	{ "Chi bộ Trung tâm Y tế khu vực %d", SN }, { "Chi bộ Phòng khám đa khoa khu vực %d", SN },
	{ "Chi bộ Ban Quản lý dự án số %d", SN }, { "Chi bộ Chi cục Thuế khu vực %d", HC },
	{ "Chi bộ Kho bạc Nhà nước khu vực %d", HC }, { "Chi bộ Hạt Kiểm lâm số %d", HC },
	{ "Chi bộ Đội Quản lý thị trường số %d", HC }, { "Chi bộ Cơ quan Hội đoàn thể số %d", KH },
	{ "Chi bộ Công ty TNHH MTV Lâm nghiệp số %d", NN },
	{ "Chi bộ Chi nhánh Ngân hàng số %d", NN }, { "Chi bộ Công ty Cổ phần Xây dựng số %d", DN },
	{ "Chi bộ Công ty Cổ phần Vận tải số %d", DN },
};
static const struct { const char *fmt; int lh; } dbcs_tpl[] = {
	{ "Đảng bộ Công ty Cổ phần Đầu tư và Xây dựng số %d", DN },
	{ "Đảng bộ Bệnh viện Đa khoa khu vực %d", SN }, { "Đảng bộ Trường Cao đẳng số %d", SN },
	{ "Đảng bộ Tổng công ty Xây dựng số %d", NN }, { "Đảng bộ Cục Thuế khu vực %d", HC },
	{ "Đảng bộ Công ty TNHH MTV Cao su số %d", NN },
};
static const char *const unit[] = { "Văn phòng", "Phòng Tổ chức - Hành chính",
    "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ", "Phòng Kỹ thuật", "Phòng Kinh doanh" };

/*
 * --orgs TCCSĐ, about 8% of them DBCS; --people seats spread by size. A
 * year's nhan_su has a little fewer rows than seats (vacancies, later seats).
 */
static void
build_generic(struct gen *g, int ntc, long people)
{
	uint64_t r = mix(g->seed, 0x0a11);
	int cnt_cb[NELEM(cbcs_tpl)] = { 0 }, cnt_db[NELEM(dbcs_tpl)] = { 0 }, cnt_bp = 0;
	int root, i, j, k, c, b, n, t, f, d;
	long long wsum = 0, cum = 0, prev = 0, u;
	char name[160];

	root = add_org(g, DUK, -1, "Đảng ủy Khối Các cơ quan và Doanh nghiệp", KH, "ĐUK",
	    mkday(1990, 3, 15), NODATE);
	for (i = 0; i < ntc; i++) {
		if (chance(&r, 10))
			f = mkday(2018 + rnd(&r, 13), 1 + rnd(&r, 12), 1);
		else
			f = snap(mkday(1990, 6, 1) + rnd(&r, 26 * 365));
		if (chance(&r, 80)) {
			t = rnd(&r, NELEM(dbcs_tpl));
			snprintf(name, sizeof name, dbcs_tpl[t].fmt, ++cnt_db[t]);
			c = add_org(g, DBCS, root, name, dbcs_tpl[t].lh, NULL, f, NODATE);
			n = chance(&r, 150) ? 1 + rnd(&r, 2) : 0;
			for (j = 0; j < n; j++) {
				snprintf(name, sizeof name, "Đảng bộ bộ phận Xí nghiệp số %d",
				    ++cnt_bp);
				b = add_org(g, DBBP, c, name, 0, NULL, child_founded(&r, f),
				    NODATE);
				for (k = 0, t = 2 + rnd(&r, 3); k < t; k++) {
					snprintf(name, sizeof name, "Chi bộ Tổ sản xuất số %d",
					    k + 1);
					add_org(g, CBTT, b, name, 0, NULL,
					    child_founded(&r, g->org[b].founded), NODATE);
				}
			}
			for (j = 0, n = 2 + rnd(&r, 5); j < n; j++) {
				if ((size_t)j < NELEM(unit))
					snprintf(name, sizeof name, "Chi bộ %s", unit[j]);
				else
					snprintf(name, sizeof name, "Chi bộ số %d", j + 1);
				d = mkday(2016 + rnd(&r, 15), 2 + rnd(&r, 11), 1);
				k = child_founded(&r, f);
				add_org(g, CBTT, c, name, 0, NULL, k,
				    chance(&r, 30) && d > k + 365 ? d : NODATE);
			}
		} else {
			t = rnd(&r, NELEM(cbcs_tpl));
			snprintf(name, sizeof name, cbcs_tpl[t].fmt, ++cnt_cb[t]);
			d = mkday(2016 + rnd(&r, 15), 2 + rnd(&r, 11), 1);
			add_org(g, CBCS, root, name, cbcs_tpl[t].lh, NULL, f,
			    chance(&r, 10) && d > f + 365 ? d : NODATE);
		}
	}
	/* weights in thousandths: CBCS 8-78 seats, CBTT 6-46, then scale to --people */
	for (c = 0; c < g->norg; c++) {
		if (!is_cb(&g->org[c]))
			continue;
		u = rnd(&r, 1000);
		g->org[c].seats = (int)(g->org[c].type == CBCS ? 8000 + 70 * u * u / 1000
		    : 6000 + 40 * u * u / 1000);
		wsum += g->org[c].seats;
	}
	for (c = 0; c < g->norg; c++) {
		if (!is_cb(&g->org[c]))
			continue;
		cum += g->org[c].seats;
		g->org[c].seats = (int)(people * cum / wsum - prev);
		prev = people * cum / wsum;
	}
}

/* The Kon Tum sample: the bloc's TCCSĐ, their chi bộ trực thuộc and sizes. */
struct spec {
	int depth, type;
	const char *name;
	int lh;
	const char *abbr;
	int seats, fy, fm, dy, dm;
	unsigned flags;
};
#define TC(n, lh, s)	{ 1, CBCS, n, lh, NULL, s, 0, 0, 0, 0, 0 }
#define TB(n, lh, a)	{ 1, DBCS, n, lh, a, 0, 0, 0, 0, 0, 0 }
#define CT(n, s)	{ 2, CBTT, n, 0, NULL, s, 0, 0, 0, 0, 0 }

static const struct spec kontum[] = {
	{ 1, CBCS, "Chi bộ Cơ quan Đảng ủy Khối", KH, "CQ ĐUK", 24, 0, 0, 0, 0, 0 },
	TC("Chi bộ Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", KH, 22), TC("Chi bộ Tỉnh Đoàn", KH, 20),
	TC("Chi bộ Hội Liên hiệp Phụ nữ tỉnh", KH, 18), TC("Chi bộ Hội Nông dân tỉnh", KH, 17),
	{ 1, CBCS, "Chi bộ Hội Cựu chiến binh tỉnh", KH, "Hội CCB tỉnh", 12, 0, 0, 0, 0, F_COMM },
	TC("Chi bộ Liên đoàn Lao động tỉnh", KH, 24),
	/* the one TCCSĐ that breaks the 20% HTXSNV rule, so the reports show a warning */
	{ 1, CBCS, "Chi bộ Liên minh Hợp tác xã tỉnh", KH, NULL, 11, 0, 0, 0, 0, F_BREAK20 },
	TC("Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", KH, 9),
	TC("Chi bộ Hội Chữ thập đỏ tỉnh", KH, 8), TC("Chi bộ Hội Văn học Nghệ thuật tỉnh", KH, 9),
	TC("Chi bộ Liên hiệp các tổ chức hữu nghị tỉnh", KH, 7),
	{ 1, CBCS, "Chi bộ Báo Kon Tum", SN, "Báo Kon Tum", 38, 0, 0, 0, 0, 0 },
	{ 1, DBCS, "Đảng bộ Đài Phát thanh - Truyền hình tỉnh", SN, "Đài PT-TH tỉnh",
	    0, 0, 0, 0, 0, F_COMM },
	CT("Chi bộ Phòng Thời sự", 22), CT("Chi bộ Phòng Chuyên đề - Chuyên mục", 18),
	CT("Chi bộ Phòng Kỹ thuật - Công nghệ", 20), CT("Chi bộ Phòng Hành chính - Tổng hợp", 14),
	TC("Chi bộ Văn phòng Ủy ban nhân dân tỉnh", HC, 45),
	TC("Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", HC, 26),
	TB("Đảng bộ Sở Nội vụ", HC, "Sở Nội vụ"),
	CT("Chi bộ Văn phòng Sở", 24), CT("Chi bộ Ban Thi đua - Khen thưởng", 12),
	CT("Chi bộ Ban Tôn giáo", 10), CT("Chi bộ Chi cục Văn thư - Lưu trữ", 14),
	TC("Chi bộ Sở Tư pháp", HC, 30), TC("Chi bộ Sở Kế hoạch và Đầu tư", HC, 40),
	TC("Chi bộ Sở Tài chính", HC, 48), TC("Chi bộ Sở Công Thương", HC, 35),
	TB("Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", HC, "Sở NN&PTNT"),
	CT("Chi bộ Văn phòng Sở", 28), CT("Chi bộ Chi cục Kiểm lâm", 45),
	CT("Chi bộ Chi cục Trồng trọt và Bảo vệ thực vật", 22),
	{ 2, CBTT, "Chi bộ Chi cục Phát triển nông thôn", 0, NULL, 12, 0, 0, 2022, 4, 0 },
	CT("Chi bộ Trung tâm Khuyến nông", 18),
	TC("Chi bộ Sở Giao thông vận tải", HC, 38), TC("Chi bộ Sở Xây dựng", HC, 33),
	TC("Chi bộ Sở Tài nguyên và Môi trường", HC, 40),
	TC("Chi bộ Sở Thông tin và Truyền thông", HC, 25),
	TC("Chi bộ Sở Lao động - Thương binh và Xã hội", HC, 36),
	TC("Chi bộ Sở Văn hóa, Thể thao và Du lịch", HC, 42),
	TC("Chi bộ Sở Khoa học và Công nghệ", HC, 24),
	{ 1, DBCS, "Đảng bộ Sở Giáo dục và Đào tạo", HC, "Sở GD&ĐT", 0, 0, 0, 0, 0, F_COMM },
	CT("Chi bộ Cơ quan Sở", 40), CT("Chi bộ Trường THPT chuyên Nguyễn Tất Thành", 45),
	CT("Chi bộ Trường THPT Kon Tum", 38), CT("Chi bộ Trường Phổ thông Dân tộc nội trú tỉnh", 35),
	CT("Chi bộ Trung tâm Giáo dục thường xuyên tỉnh", 16),
	TB("Đảng bộ Sở Y tế", HC, "Sở Y tế"),
	CT("Chi bộ Cơ quan Sở", 30), CT("Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh", 50),
	CT("Chi bộ Chi cục An toàn vệ sinh thực phẩm", 12),
	{ 2, CBTT, "Chi bộ Chi cục Dân số - Kế hoạch hóa gia đình", 0, NULL, 10, 0, 0, 2021, 10, 0 },
	CT("Chi bộ Trung tâm Giám định y khoa - Pháp y", 14),
	TC("Chi bộ Sở Ngoại vụ", HC, 15), TC("Chi bộ Thanh tra tỉnh", HC, 28),
	TC("Chi bộ Ban Dân tộc tỉnh", HC, 20), TC("Chi bộ Ban Quản lý Khu kinh tế tỉnh", HC, 30),
	{ 1, CBCS, "Chi bộ Trung tâm Phục vụ hành chính công tỉnh", HC, NULL, 14, 2022, 3, 0, 0, 0 },
	{ 1, CBCS, "Chi bộ Ban Quản lý dự án 98 tỉnh", SN, NULL, 16, 0, 0, 2022, 7, 0 },
	TC("Chi bộ Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", SN, 30),
	TC("Chi bộ Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
	    SN, 28),
	TC("Chi bộ Kho bạc Nhà nước tỉnh", HC, 45),
	TB("Đảng bộ Cục Thuế tỉnh", HC, NULL),
	CT("Chi bộ Văn phòng Cục", 20), CT("Chi bộ Phòng Kiểm tra", 18),
	CT("Chi bộ Phòng Nghiệp vụ - Dự toán - Pháp chế", 15),
	CT("Chi bộ Chi cục Thuế khu vực thành phố Kon Tum - Kon Rẫy", 35),
	TC("Chi bộ Chi cục Hải quan cửa khẩu quốc tế Bờ Y", HC, 22),
	TC("Chi bộ Cục Thống kê tỉnh", HC, 35), TC("Chi bộ Cục Quản lý thị trường tỉnh", HC, 30),
	TC("Chi bộ Cục Thi hành án dân sự tỉnh", HC, 25), TC("Chi bộ Tòa án nhân dân tỉnh", HC, 40),
	TC("Chi bộ Viện Kiểm sát nhân dân tỉnh", HC, 42), TC("Chi bộ Bảo hiểm xã hội tỉnh", HC, 50),
	TC("Chi bộ Ngân hàng Nhà nước chi nhánh tỉnh", HC, 30),
	TC("Chi bộ Ngân hàng Chính sách xã hội chi nhánh tỉnh", NN, 35),
	TC("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh Kon Tum", NN, 60),
	TC("Chi bộ Ngân hàng TMCP Công Thương chi nhánh Kon Tum", NN, 30),
	TC("Chi bộ Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Kon Tum", NN, 35),
	TC("Chi bộ Ngân hàng TMCP Ngoại thương chi nhánh Kon Tum", NN, 25),
	TC("Chi bộ Quỹ Đầu tư phát triển tỉnh", SN, 12),
	{ 1, CBCS, "Chi bộ Quỹ Bảo vệ và Phát triển rừng Kon Tum", SN, "Quỹ BV&PTR",
	    14, 0, 0, 0, 0, 0 },
	TC("Chi bộ Trung tâm Phát triển quỹ đất tỉnh", SN, 18),
	TC("Chi bộ Văn phòng Đăng ký đất đai tỉnh", SN, 30),
	TC("Chi bộ Trường Chính trị tỉnh", SN, 30),
	TC("Chi bộ Trường Cao đẳng Cộng đồng Kon Tum", SN, 40),
	TC("Chi bộ Phân hiệu Đại học Đà Nẵng tại Kon Tum", SN, 35),
	TB("Đảng bộ Bệnh viện Đa khoa tỉnh", SN, NULL),
	CT("Chi bộ Khối Nội", 40), CT("Chi bộ Khối Ngoại", 38), CT("Chi bộ Khối Cận lâm sàng", 30),
	CT("Chi bộ Hành chính - Hậu cần", 25),
	TC("Chi bộ Bệnh viện Y dược cổ truyền - Phục hồi chức năng tỉnh", SN, 30),
	TC("Chi bộ Bệnh viện Lao và Bệnh phổi tỉnh", SN, 20),
	TC("Chi bộ Đài Khí tượng Thủy văn tỉnh", SN, 14),
	TC("Chi bộ Vườn quốc gia Chư Mom Ray", SN, 30),
	TC("Chi bộ Ban Quản lý Khu bảo tồn thiên nhiên Ngọc Linh", SN, 20),
	TC("Chi bộ Bảo tàng - Thư viện tỉnh", SN, 18),
	TC("Chi bộ Trung tâm Văn hóa Nghệ thuật tỉnh", SN, 20),
	TC("Chi bộ Trung tâm Bảo trợ xã hội tỉnh", SN, 14),
	TC("Chi bộ Trung tâm Dịch vụ việc làm tỉnh", SN, 15),
	TC("Chi bộ Trung tâm Xúc tiến đầu tư tỉnh", SN, 12),
	TC("Chi bộ Trung tâm Công nghệ thông tin và Truyền thông tỉnh", SN, 12),
	TC("Chi bộ Trung tâm Nước sinh hoạt và Vệ sinh môi trường nông thôn tỉnh", SN, 14),
	TC("Chi bộ Trung tâm Kiểm định chất lượng công trình xây dựng tỉnh", SN, 10),
	TC("Chi bộ Ban Quản lý Khu du lịch Măng Đen", SN, 12),
	TB("Đảng bộ Công ty TNHH MTV Cao su Kon Tum", NN, "Cao su Kon Tum"),
	CT("Chi bộ Văn phòng Công ty", 30),
	{ 2, DBBP, "Đảng bộ bộ phận Nông trường Cao su Đăk Tô", 0, NULL, 0, 0, 0, 0, 0, 0 },
	{ 3, CBTT, "Chi bộ Đội sản xuất số 1", 0, NULL, 25, 0, 0, 0, 0, 0 },
	{ 3, CBTT, "Chi bộ Đội sản xuất số 2", 0, NULL, 22, 0, 0, 0, 0, 0 },
	{ 3, CBTT, "Chi bộ Đội sản xuất số 3", 0, NULL, 20, 0, 0, 0, 0, 0 },
	{ 2, DBBP, "Đảng bộ bộ phận Nông trường Cao su Ia Chim", 0, NULL, 0, 0, 0, 0, 0, 0 },
	{ 3, CBTT, "Chi bộ Đội sản xuất số 1", 0, NULL, 20, 0, 0, 0, 0, 0 },
	{ 3, CBTT, "Chi bộ Đội sản xuất số 2", 0, NULL, 18, 0, 0, 0, 0, 0 },
	CT("Chi bộ Nhà máy Chế biến mủ cao su", 25),
	TC("Chi bộ Công ty TNHH MTV Lâm nghiệp Kon Rẫy", NN, 20),
	TC("Chi bộ Công ty TNHH MTV Lâm nghiệp Đăk Tô", NN, 18),
	TC("Chi bộ Công ty TNHH MTV Lâm nghiệp Đăk Glei", NN, 16),
	TC("Chi bộ Công ty TNHH MTV Lâm nghiệp Ngọc Hồi", NN, 15),
	TC("Chi bộ Công ty TNHH MTV Lâm nghiệp Sa Thầy", NN, 14),
	TC("Chi bộ Công ty Điện lực Kon Tum", NN, 60), TC("Chi bộ Viễn thông Kon Tum", NN, 40),
	TC("Chi bộ Viettel Kon Tum", NN, 45), TC("Chi bộ Bưu điện tỉnh", NN, 30),
	TC("Chi bộ Chi nhánh Xăng dầu Kon Tum", NN, 20),
	TC("Chi bộ Công ty TNHH MTV Xổ số kiến thiết Kon Tum", NN, 15),
	TC("Chi bộ Công ty TNHH MTV Khai thác công trình thủy lợi Kon Tum", NN, 20),
	TC("Chi bộ Công ty Bảo Việt Kon Tum", NN, 12),
	TC("Chi bộ Công ty Cổ phần Cấp nước Kon Tum", DN, 22),
	TC("Chi bộ Công ty Cổ phần Môi trường đô thị Kon Tum", DN, 25),
	TC("Chi bộ Công ty Cổ phần Dược - Vật tư y tế Kon Tum", DN, 15),
	TC("Chi bộ Công ty Cổ phần Đường Kon Tum", DN, 18),
	TC("Chi bộ Công ty Cổ phần Tư vấn xây dựng Kon Tum", DN, 12),
	TC("Chi bộ Công ty Cổ phần Xây dựng giao thông Kon Tum", DN, 15),
	TC("Chi bộ Công ty Cổ phần Bến xe Kon Tum", DN, 8),
	TC("Chi bộ Công ty Cổ phần Sâm Ngọc Linh Kon Tum", DN, 10),
	TC("Chi bộ Công ty Cổ phần Thủy điện Đăk Psi", DN, 10),
};

static void
build_kontum(struct gen *g)
{
	uint64_t r = mix(g->seed, 0x4b6f6e54756dULL);
	const struct spec *s;
	int last[4], f, d;
	size_t i;

	last[0] = add_org(g, DUK, -1, "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh Kon Tum",
	    KH, "ĐUK", mkday(1991, 10, 1), NODATE);
	for (i = 0; i < NELEM(kontum); i++) {
		s = &kontum[i];
		if (s->fy)
			f = mkday(s->fy, s->fm, 1);
		else if (s->depth == 1)
			f = snap(mkday(1991, 11, 1) + rnd(&r, 21 * 365));
		else
			f = child_founded(&r, g->org[last[s->depth - 1]].founded);
		d = s->dy ? mkday(s->dy, s->dm, 1) : NODATE;
		last[s->depth] = add_org(g, s->type, last[s->depth - 1], s->name, s->lh,
		    s->abbr, f, d);
		g->org[last[s->depth]].seats = s->seats;
		g->org[last[s->depth]].flags |= s->flags;
	}
}

/* ---- the population model ---- */

typedef void emit_fn(struct gen *, const struct person *, void *);

/* Calls fn for every occupant of seat k of chi bộ c, from founding to 2050. */
static void
seat_chain(struct gen *g, int c, int k, emit_fn *fn, void *arg)
{
	const struct org *o = &g->org[c];
	uint64_t r = mix(mix(g->seed, 0x5ea7ULL + (uint64_t)c), (uint64_t)k);
	int close = o->dissolved == NODATE ? g->epoch_end + 1 : o->dissolved;
	int s, t, retire, from, y, m, d;
	struct person p;

	if (k < o->seats) {
		s = o->founded + (chance(&r, 400) ? 0 : rnd(&r, 3 * 365));
		if (chance(&r, GROWTH_PM))
			s += rnd(&r, g->epoch_end - o->founded);
	} else {
		s = mkday(o->extra_year, 2, 1) + rnd(&r, 270);
		if (s < o->founded)
			s = o->founded;
	}
	for (s = nudge(s); s <= g->epoch_end && s < close; s = nudge(p.end + rnd(&r, 90))) {
		p.id = g->next_id++;
		p.org = c;
		p.start = s;
		p.female = chance(&r, 470);
		p.ethnic = chance(&r, g->ethnic_pm);
		p.ho = rnd(&r, NELEM(ho));
		if (p.ethnic)
			p.ten = rnd(&r, p.female ? (int)NELEM(eth_nu) : (int)NELEM(eth_nam));
		else
			p.ten = rnd(&r, p.female ? (int)NELEM(ten_nu) : (int)NELEM(ten_nam));
		p.dem = rnd(&r, p.female ? (int)NELEM(dem_nu) : (int)NELEM(dem_nam));
		p.dem2 = p.female && p.dem < 4 && chance(&r, 300) ?
		    4 + rnd(&r, (int)NELEM(dem_nu) - 4) : 0;
		/* age at start 23-50, skewed young; retirement at 60 */
		t = rnd(&r, 1000);
		p.birth = s - (23 * 365 + 6 + 27 * 365 * t / 1000 * t / 1000) - rnd(&r, 365);
		retire = add_years(p.birth, RETIRE_AGE);
		p.end = retire;
		p.reason = R_HUU;
		if (chance(&r, VOLUNTARY_PM)) {
			p.end = s + 60 + rnd(&r, retire - s - 60);
			p.reason = R_CHUYEN;
		}
		/* 72% already members, 15% admitted later, 13% never */
		t = rnd(&r, 1000);
		from = add_years(p.birth, 19);
		p.vao = t < 720 ? from + rnd(&r, s - 30 - from) :
		    t < 870 ? s + 180 + rnd(&r, 8 * 365) : NODATE;
		if (p.vao != NODATE) {
			civil(p.vao, &y, &m, &d);
			p.vao -= m == 2 && d == 29;
		}
		if (p.end >= close) {
			p.end = close;
			p.reason = R_CHUYEN;
		}
		p.end = nudge(p.end);
		if (p.vao != NODATE && p.vao >= p.end)
			p.vao = NODATE;
		if (p.reason == R_CHUYEN && p.end != close) {
			t = rnd(&r, 100);
			if (t < 8)
				p.reason = R_TUTRAN;
			else if (t < 16 && p.vao != NODATE)
				p.reason = R_RAKHOI;
		}
		p.show_birth = chance(&r, 950);
		fn(g, &p, arg);
	}
}

struct tally {
	int d1, d2, n1, n2;
};

static void
count_cb(struct gen *g, const struct person *p, void *arg)
{
	struct tally *t = arg;

	(void)g;
	t->n1 += p->start <= t->d1 && p->end > t->d1;
	t->n2 += p->start <= t->d2 && p->end > t->d2;
}

static void
seat_count(struct gen *g, int c, int k, struct tally *t, int sign)
{
	struct tally d = { t->d1, t->d2, 0, 0 };

	seat_chain(g, c, k, count_cb, &d);
	t->n1 += sign * d.n1;
	t->n2 += sign * d.n2;
}

/*
 * Preset: add or remove ordinary seats until exactly KONTUM_T21 people are
 * active at 31/12/2021, then add seats opened during 2022 until exactly
 * KONTUM_T22 are active at 31/12/2022. Each seat holds at most one person on
 * a given day, so every step moves a count by 0 or 1 and the targets are hit.
 */
static void
calibrate(struct gen *g)
{
	struct tally t = { mkday(2021, 12, 31), mkday(2022, 12, 31), 0, 0 };
	int *el, nel = 0, c, k, j = 0, guard = 0;

	if (!(el = malloc((size_t)g->norg * sizeof *el)))
		fatal(1, "out of memory");
	for (c = 0; c < g->norg; c++) {
		if (!is_cb(&g->org[c]))
			continue;
		for (k = 0; k < g->org[c].seats; k++)
			seat_count(g, c, k, &t, 1);
		if (active_on(&g->org[c], t.d1) && active_on(&g->org[c], t.d2))
			el[nel++] = c;
	}
	while (t.n1 != KONTUM_T21 && guard++ < 100000) {
		c = el[j++ % nel];
		if (t.n1 < KONTUM_T21)
			seat_count(g, c, g->org[c].seats++, &t, 1);
		else if (g->org[c].seats > 5)
			seat_count(g, c, --g->org[c].seats, &t, -1);
	}
	while (t.n2 < KONTUM_T22 && guard++ < 100000) {
		c = el[j++ % nel];
		g->org[c].extra_year = 2022;
		seat_count(g, c, g->org[c].seats + g->org[c].extra++, &t, 1);
	}
	if (t.n1 != KONTUM_T21 || t.n2 != KONTUM_T22)
		fatal(1, "internal error: calibration gave %d and %d", t.n1, t.n2);
	free(el);
}

/* ---- one year's files ---- */

static int
draw_level(uint64_t *r, int xs, int tt, int ht)
{
	int t = rnd(r, 1000);

	return t < xs ? XS : t < xs + tt ? TT : t < xs + tt + ht ? HT : KHT;
}

static void
rating_row(struct gen *g, const char *who, const char *ma, int muc, uint64_t *r)
{
	static const int lo[] = { 90, 70, 50, 30 }, span[] = { 11, 20, 20, 20 };
	struct csv *w = &g->out[XEP_LOAI];

	fint(w, g->year);
	fstr(w, who);
	fstr(w, ma);
	fstr(w, muc_s[muc]);
	if (g->year >= 2025)
		fint(w, lo[muc] + rnd(r, span[muc]));
	else
		fstr(w, "");
	fstr(w, g->year <= 2022 ? "132" : g->year <= 2024 ? "124" : "366");
	endrow(w);
}

static void
commend_row(struct gen *g, const struct decision *d, const struct org *o, const char *ma_nguoi)
{
	static const char *const cap_s[] = { "co_so", "DUK", "tinh", "trung_uong" };
	static const char *const form_s[] = { "giay_khen", "bang_khen", "khac" };
	struct csv *w = &g->out[KHEN_THUONG];

	fint(w, g->year);
	fstr(w, d->so);
	fdate(w, d->date);
	fstr(w, cap_s[d->cap]);
	fstr(w, form_s[d->form]);
	fstr(w, ma_nguoi ? "ca_nhan" : "tap_the");
	fstr(w, o->code);
	fstr(w, ma_nguoi ? ma_nguoi : "");
	fstr(w, d->what);
	endrow(w);
}

/* the TCCSĐ's own decision (cấp cơ sở) for its chi bộ and people */
static void
co_so_decision(const struct gen *g, int top, struct decision *d)
{
	uint64_t r = mix(mix(g->seed, (uint64_t)g->year), 0xc050ULL + (uint64_t)top);

	snprintf(d->so, sizeof d->so, "%d-QĐ/%s", 10 + rnd(&r, 50),
	    g->org[top].type == DBCS ? "ĐU" : "CB");
	d->date = mkday(g->year, 12, 27);
	d->cap = 0;
	d->form = 0;
	d->what = "Điển hình tiêu biểu trong học tập và làm theo Bác";
}

static void
setup_decisions(struct gen *g)
{
	uint64_t r = mix(g->seed, 0xde0000ULL + (uint64_t)g->year);
	struct decision *d = g->dec;

	snprintf(d[0].so, sizeof d[0].so, "%d-QĐ/ĐUK", 150 + rnd(&r, 60));
	d[0].date = mkday(g->year, 5, 19), d[0].cap = 1, d[0].form = 2;
	d[0].what = "Biểu dương điển hình tiêu biểu học tập và làm theo Bác";
	snprintf(d[1].so, sizeof d[1].so, "%d-QĐ/TU", 1000 + rnd(&r, 900));
	d[1].date = mkday(g->year, 5, 26), d[1].cap = 2, d[1].form = 1;
	d[1].what = "Có thành tích xuất sắc trong học tập và làm theo tư tưởng, "
	    "đạo đức, phong cách Hồ Chí Minh";
	snprintf(d[2].so, sizeof d[2].so, "%d-QĐ/ĐUK", 480 + rnd(&r, 120));
	d[2].date = mkday(g->year, 12, 22), d[2].cap = 1, d[2].form = 0;
	d[2].what = "Tiêu biểu trong thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị";
	snprintf(d[3].so, sizeof d[3].so, "%d-QĐ/BTGTW", 200 + rnd(&r, 400));
	d[3].date = mkday(g->year, 5, 12), d[3].cap = 3, d[3].form = 1;
	d[3].what = "Có thành tích xuất sắc trong học tập và làm theo Bác";
}

/* one person's rows: nhan_su, cam_ket, xep_loai, khen_thuong; monthly counts */
static void
emit(struct gen *g, const struct person *p, void *arg)
{
	const struct org *o = &g->org[p->org];
	struct decision cs;
	const struct decision *dec;
	uint64_t r;
	char id[16], name[112], *q;
	int left, member, ct, muc = -1, cb, tu, t, m, d;
	struct csv *w;

	(void)arg;
	if (p->start > g->ye || p->end <= g->ys)
		return;
	r = mix(mix(g->seed, 0xca11ULL + (uint64_t)g->year), p->id);
	left = p->end <= g->ye;
	member = p->vao <= g->ye;
	ct = member ? add_years(p->vao, 1) : NODATE;
	if (ct != NODATE && ct > g->ye)
		ct = NODATE;
	snprintf(id, sizeof id, "NS%07u", (unsigned)p->id);
	if (p->ethnic) {
		strcpy(name, p->female ? eth_nu[p->ten] : eth_nam[p->ten]);
	} else {
		q = stpcpy(stpcpy(name, ho[p->ho]), " ");
		q = stpcpy(q, p->female ? dem_nu[p->dem] : dem_nam[p->dem]);
		if (p->dem2)
			q = stpcpy(stpcpy(q, " "), dem_nu[p->dem2]);
		stpcpy(stpcpy(q, " "), p->female ? ten_nu[p->ten] : ten_nam[p->ten]);
	}

	w = &g->out[NHAN_SU];
	fstr(w, id);
	fstr(w, name);
	fstr(w, p->female ? "nu" : "nam");
	fdate(w, p->show_birth ? p->birth : NODATE);
	fstr(w, member ? "1" : "0");
	fdate(w, member ? p->vao : NODATE);
	fdate(w, ct);
	fstr(w, o->code);
	fdate(w, p->start);
	fdate(w, left ? p->end : NODATE);
	fstr(w, left ? reason_s[p->reason] : "");
	endrow(w);

	/* members at year end are rated; count(HTXSNV) <= 20% count(HTTNV) per TCCSĐ */
	if (!left && member) {
		t = o->top;
		if (g->org[t].flags & F_BREAK20) {
			muc = g->xs[t] <= g->ts[t] ? XS : TT;
		} else {
			muc = draw_level(&r, 120, 680, 170);
			if (muc == XS && 5 * (g->xs[t] + 1) > g->ts[t])
				muc = TT;
		}
		g->xs[t] += muc == XS;
		g->ts[t] += muc == TT;
		rating_row(g, "dang_vien", id, muc, &r);
	}

	w = &g->out[CAM_KET];
	fint(w, g->year);
	fstr(w, id);
	fstr(w, o->code);
	if (left) {	/* not counted: commitments always match the year-end headcount */
		fstr(w, "0"), fstr(w, ""), fstr(w, ""), fstr(w, "");
		fstr(w, reason_note[p->reason]);
	} else if (chance(&r, g->nocommit_pm)) {
		fstr(w, "0"), fstr(w, ""), fstr(w, "");
		fstr(w, muc_s[muc >= 0 ? muc : draw_level(&r, 50, 700, 220)]);
		fstr(w, p->female && chance(&r, 500) ? "Nghỉ chế độ thai sản" :
		    "Đi học tập trung dài hạn");
	} else {
		d = g->ys + 4 + rnd(&r, 85);
		if (d < p->start)
			d = p->start + rnd(&r, 15);
		cb = muc >= 0 ? muc : draw_level(&r, 120, 680, 170);
		tu = cb > XS && chance(&r, 150) ? cb - 1 : cb;
		fstr(w, "1");
		fdate(w, d > g->ye ? g->ye : d);
		fstr(w, muc_s[tu]);
		fstr(w, muc_s[cb]);
		fstr(w, p->start >= g->ys ? "Chuyển đến trong năm" :
		    p->vao >= g->ys && member ? "Đảng viên mới kết nạp" : "");
	}
	endrow(w);

	for (m = 0; m < 12; m++)
		g->mcount[12 * p->org + m] += p->start <= g->me[m] && p->end > g->me[m] &&
		    p->vao <= g->me[m];

	if (!chance(&r, 15))
		return;
	t = rnd(&r, 100);
	if (t < 13) {
		co_so_decision(g, o->top, &cs);
		dec = &cs;
	} else {
		dec = &g->dec[t < 43 ? 0 : t < 58 ? 1 : t < 98 ? 2 : 3];
	}
	if (p->start <= dec->date && p->end > dec->date)
		commend_row(g, dec, o, id);
}

static void
write_orgs(struct gen *g)
{
	struct csv *w = &g->out[TO_CHUC];
	const struct org *o;
	uint64_t r = mix(g->seed, 0x7a7eULL + (uint64_t)g->year);
	int c, muc;

	for (c = 0; c < g->norg; c++) {
		o = &g->org[c];
		if (o->founded > g->ye)
			continue;
		fstr(w, o->code);
		fstr(w, o->name);
		fstr(w, loai_s[o->type]);
		fstr(w, o->parent < 0 ? "" : g->org[o->parent].code);
		fstr(w, lh_s[o->lh]);
		fstr(w, o->abbr ? o->abbr : "");
		fdate(w, o->founded);
		fdate(w, o->dissolved <= g->ye ? o->dissolved : NODATE);
		endrow(w);
	}
	/* TCCSĐ ratings, the 20% rule kept across the bloc too */
	for (c = 0; c < g->norg; c++) {
		o = &g->org[c];
		if ((o->type != DBCS && o->type != CBCS) || !active_on(o, g->ye))
			continue;
		muc = draw_level(&r, 150, 700, 130);
		if (muc == XS && 5 * (g->oxs + 1) > g->ots)
			muc = TT;
		g->oxs += muc == XS;
		g->ots += muc == TT;
		rating_row(g, "to_chuc", o->code, muc, &r);
	}
}

static const char *const field_s[] = { "cai_cach_hanh_chinh", "chuyen_doi_so", "dan_van",
    "an_sinh_xa_hoi", "bao_ve_rung", "tuyen_truyen", "xay_dung_dang" };
static const char *const model_s[][3] = {
	{ "Một cửa thân thiện, phục vụ tận tình", "Giải quyết thủ tục hành chính đúng hẹn",
	  "Số hóa hồ sơ, thủ tục hành chính" },
	{ "Sinh hoạt chi bộ trên nền tảng số", "Văn phòng điện tử, không giấy tờ",
	  "Ứng dụng mã QR tra cứu thông tin" },
	{ "Dân vận khéo trong xây dựng nông thôn mới", "Cơ quan gắn với thôn, làng đặc biệt khó khăn",
	  "Đảng viên giúp hộ nghèo thoát nghèo bền vững" },
	{ "Tấm lòng vàng hỗ trợ học sinh nghèo vượt khó", "Mái ấm nghĩa tình cho hộ nghèo",
	  "Nuôi heo đất giúp đồng nghiệp khó khăn" },
	{ "Chi bộ gắn với cộng đồng bảo vệ rừng", "Giao khoán bảo vệ rừng cho cộng đồng thôn",
	  "Trồng cây nhớ ơn Bác" },
	{ "Mỗi tuần một câu chuyện về Bác", "Bản tin điện tử “Làm theo lời Bác”",
	  "Góc học tập và làm theo Bác tại cơ quan" },
	{ "Mỗi tháng một việc làm theo Bác", "Nâng cao chất lượng sinh hoạt chi bộ chuyên đề",
	  "Đảng viên gương mẫu, tận tụy phục vụ Nhân dân" },
};

/* preset: the models the reference case names, effective from the year given */
static const struct {
	const char *org, *field, *name, *cap;
	int since;
} featured[] = {
	{ "Chi bộ Cơ quan Đảng ủy Khối", "xay_dung_dang",
	  "Mỗi đảng viên một việc làm theo Bác", "DUK", 2019 },
	{ "Chi bộ Quỹ Bảo vệ và Phát triển rừng Kon Tum", "bao_ve_rung",
	  "Chi bộ đồng hành cùng cộng đồng thôn, làng bảo vệ rừng", "tinh", 2020 },
	{ "Đảng bộ Sở Nội vụ", "cai_cach_hanh_chinh",
	  "Dân vận khéo trong giải quyết thủ tục hành chính", "DUK", 2021 },
	{ "Chi bộ Báo Kon Tum", "tuyen_truyen",
	  "Chuyên trang “Học tập và làm theo Bác” trên Báo Kon Tum điện tử", "DUK", 2022 },
};

/* a field for a random model: forest work only where there is forest */
static int
draw_field(uint64_t *r, const char *org)
{
	static const char *const forest[] = { "Lâm nghiệp", "rừng", "Kiểm lâm", "Vườn quốc gia",
	    "bảo tồn" };
	size_t i;

	for (i = 0; i < NELEM(forest); i++)
		if (strstr(org, forest[i]))
			return 4;
	i = (size_t)rnd(r, NELEM(field_s) - 1);
	return i < 4 ? (int)i : (int)i + 1;
}

static int
whole_year(const struct gen *g, const struct org *o)
{
	return o->founded <= g->ys && active_on(o, g->ye);
}

static void
model_row(struct gen *g, int seq, int c, const char *name, const char *field,
    int status, const char *cap, uint64_t *r)
{
	static const char *const status_s[] = { "hieu_qua", "dang_thuc_hien", "chua_hieu_qua" };
	struct csv *w = &g->out[MO_HINH];
	char code[32];
	int i, n = 0, pick = -1;

	/* a DBCS's model may belong to one of its chi bộ (featured ones, with a cap, do not) */
	if (g->org[c].type == DBCS && !cap && chance(r, 500)) {
		for (i = c + 1; i < g->norg && g->org[i].top == c; i++)
			if (g->org[i].type == CBTT && whole_year(g, &g->org[i]) && rnd(r, ++n) == 0)
				pick = i;
		if (pick >= 0)
			c = pick;
	}
	snprintf(code, sizeof code, "MH%d-%04d", g->year, seq);
	fint(w, g->year);
	fstr(w, code);
	fstr(w, g->org[c].code);
	fstr(w, name);
	fstr(w, field);
	fdate(w, g->ys + 5 + rnd(r, 110));
	fstr(w, status_s[status]);
	if (!cap) {
		i = rnd(r, 100);
		cap = status ? "co_so" : i < 50 ? "co_so" : i < 85 ? "DUK" : "tinh";
	}
	fstr(w, cap);
	endrow(w);
}

static int
find_org(const struct gen *g, const char *name)
{
	int c;

	for (c = 0; c < g->norg; c++)
		if (strcmp(g->org[c].name, name) == 0)
			return c;
	return -1;
}

static int
is_featured(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(featured); i++)
		if (strcmp(featured[i].org, name) == 0)
			return 1;
	return 0;
}

/* preset: 18 effective models in 2021, 20 in 2022 (two more each year) */
static void
write_models(struct gen *g)
{
	uint64_t r = mix(g->seed, 0x30d3ULL + (uint64_t)g->year);
	int seq = 0, c, i, j, n = 0, st, eff, other, neff = 0, nother = 0, *perm;
	size_t f;

	for (c = 0; !g->preset && c < g->norg; c++) {
		if ((g->org[c].type != DBCS && g->org[c].type != CBCS) ||
		    !whole_year(g, &g->org[c]))
			continue;
		for (j = chance(&r, 250) + chance(&r, 50); j > 0; j--) {
			i = draw_field(&r, g->org[c].name);
			st = rnd(&r, 1000);
			model_row(g, ++seq, c, model_s[i][rnd(&r, 3)], field_s[i],
			    st < 550 ? 0 : st < 850 ? 1 : 2, NULL, &r);
		}
	}
	if (!g->preset)
		return;
	eff = 18 + 2 * (g->year - 2021);
	eff = eff < 6 ? 6 : eff > 40 ? 40 : eff;
	other = 8 + rnd(&r, 5);
	for (f = 0; f < NELEM(featured); f++) {
		if ((c = find_org(g, featured[f].org)) < 0 || !whole_year(g, &g->org[c]))
			continue;
		st = g->year < featured[f].since;
		model_row(g, ++seq, c, featured[f].name, featured[f].field, st,
		    st ? "co_so" : featured[f].cap, &r);
		neff += !st;
		nother += st;
	}
	if (!(perm = malloc((size_t)g->norg * sizeof *perm)))
		fatal(1, "out of memory");
	for (c = 0; c < g->norg; c++)
		if ((g->org[c].type == DBCS || g->org[c].type == CBCS) &&
		    whole_year(g, &g->org[c]) && !is_featured(g->org[c].name))
			perm[n++] = c;
	for (j = n - 1; j > 0; j--) {
		i = rnd(&r, j + 1);
		c = perm[i], perm[i] = perm[j], perm[j] = c;
	}
	for (j = 0; j < n && (neff < eff || nother < other); j++) {
		st = neff < eff ? 0 : 1 + rnd(&r, 2);
		i = draw_field(&r, g->org[perm[j]].name);
		model_row(g, ++seq, perm[j], model_s[i][rnd(&r, 3)], field_s[i], st, NULL, &r);
		neff += !st;
		nother += !!st;
	}
	free(perm);
}

static void
write_collectives(struct gen *g)
{
	uint64_t r = mix(g->seed, 0x7a9eULL + (uint64_t)g->year);
	const struct decision *d;
	struct decision cs;
	const struct org *o;
	int c, t;

	for (c = 0; c < g->norg; c++) {
		o = &g->org[c];
		d = NULL;
		if (o->type == DBCS || o->type == CBCS) {
			t = rnd(&r, 1000);
			if (t < 185)
				d = &g->dec[t < 50 ? 0 : t < 80 ? 1 : t < 180 ? 2 : 3];
		} else if (o->type == CBTT && chance(&r, 100)) {
			co_so_decision(g, o->top, &cs);
			d = &cs;
		}
		if (d && active_on(o, d->date))
			commend_row(g, d, o, NULL);
	}
}

/* monthly chi bộ meetings; communication output mostly from the F_COMM orgs */
static void
write_activity(struct gen *g)
{
	struct csv *w = &g->out[SINH_HOAT];
	uint64_t r = mix(g->seed, 0x5140ULL + (uint64_t)g->year);
	const struct org *o;
	int c, m, dv, absent, ct05, bc, tin, pt, bt, mxh;

	for (c = 0; c < g->norg; c++) {
		o = &g->org[c];
		for (m = 0; is_cb(o) && m < 12; m++) {
			if (!active_on(o, g->me[m]))
				continue;
			dv = g->mcount[12 * c + m];
			absent = chance(&r, 600) ? 0 : 1 + rnd(&r, dv / 10 + 1);
			ct05 = dv > 0 && chance(&r, g->preset ? 980 : 950);
			bc = ct05 ? 1 + rnd(&r, 3) : 0;
			tin = chance(&r, 300) ? 1 + rnd(&r, 2) : 0;
			pt = !g->preset && chance(&r, 30);
			bt = !g->preset && chance(&r, 30);
			mxh = !g->preset && chance(&r, 60);
			if ((o->flags & F_COMM) && dv > 0) {
				tin = 1 + rnd(&r, 4);
				pt = 1 + rnd(&r, 3);
				bt = 1 + rnd(&r, 2);
				mxh = 2 + rnd(&r, 9);
			}
			fint(w, g->year);
			fint(w, m + 1);
			fstr(w, o->code);
			fint(w, dv);
			fint(w, absent > dv ? 0 : dv - absent);
			fint(w, ct05);
			fint(w, bc > dv ? dv : bc);
			fint(w, tin);
			fint(w, pt);
			fint(w, bt);
			fint(w, mxh);
			endrow(w);
		}
	}
}

static long
number(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "gendata: %s: expected a number from %ld to %ld\n", s, lo, hi);
		usage();
	}
	return v;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "orgs", required_argument, NULL, 'o' },
		{ "people", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "preset", required_argument, NULL, 'P' },
		{ "excel", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	static struct gen g;
	long year = 2022, orgs = 100, people = 3500;
	int ch, c, k, sized = 0, excel = 0;
	char *end;

	while ((ch = getopt_long(argc, argv, "y:o:p:s:P:x", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			year = number(optarg, 2000, 2045);
			break;
		case 'o':
			orgs = number(optarg, 1, 500000), sized = 1;
			break;
		case 'p':
			people = number(optarg, 0, 90000000), sized = 1;
			break;
		case 's':
			errno = 0;
			g.seed = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end)
				usage();
			break;
		case 'P':
			if (strcmp(optarg, "kontum") != 0)
				usage();
			g.preset = 1;
			break;
		case 'x':
			excel = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || (g.preset && sized))
		usage();

	g.year = (int)year;
	g.ys = mkday(g.year, 1, 1);
	g.ye = mkday(g.year, 12, 31);
	for (k = 0; k < 12; k++)
		g.me[k] = month_end(g.year, k + 1);
	g.epoch_end = mkday(2050, 12, 31);
	if (g.preset) {
		g.ethnic_pm = 80;
		g.nocommit_pm = g.year == 2022 ? 0 : 1;	/* 3.481/3.481 in the reference case */
		build_kontum(&g);
		calibrate(&g);
	} else {
		g.ethnic_pm = 20;
		g.nocommit_pm = 3;
		build_generic(&g, (int)orgs, people);
	}
	if (excel) {
		sep = ';';
		eol = "\r\n";
		quotable[0] = ';';
	}
	if (!(g.mcount = calloc((size_t)g.norg * 12, sizeof *g.mcount)) ||
	    !(g.xs = calloc((size_t)g.norg, sizeof *g.xs)) ||
	    !(g.ts = calloc((size_t)g.norg, sizeof *g.ts)))
		fatal(1, "out of memory");

	mkdirs(argv[optind]);
	for (k = 0; k < NFILE; k++)
		csv_open(&g.out[k], argv[optind], fname[k], header[k], excel);
	setup_decisions(&g);
	write_orgs(&g);
	write_models(&g);
	write_collectives(&g);
	g.next_id = 1;
	for (c = 0; c < g.norg; c++)
		for (k = 0; is_cb(&g.org[c]) && k < g.org[c].seats + g.org[c].extra; k++)
			seat_chain(&g, c, k, emit, NULL);
	write_activity(&g);
	for (k = 0; k < NFILE; k++)
		csv_close(&g.out[k]);
	return 0;
}
