/*
 * send_ledger: so-gui.csv read into two indexes and appended to line by
 * line (see send_ledger.h). Per address of an organisation: the last set
 * it accepted, and when; per address and set: the last line. A line is
 * written with one write(2) on a descriptor opened for appending, then
 * fdatasync(2); a line cut short by a crash (no line end) is closed with
 * one before the next is written, and ignored when read.
 */
#include "send_ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvin.h"
#include "keyset.h"
#include "textnorm.h"
#include "util.h"

const char *const ledger_state_names[4] = {"dang_gui", "da_gui", "tam_loi", "loi"};

enum column {
	COL_TIME, COL_CODE, COL_EMAIL, COL_SET, COL_STATE, COL_REPLY_CODE, COL_REPLY_TEXT,
	COL_MESSAGE_ID, COL_ISSUE, COL_FILES, NCOLUMNS
};

static const char *const titles[NCOLUMNS] = {
	"Thời điểm", "Mã tổ chức", "Thư điện tử", "Bộ văn bản", "Trạng thái", "Mã trả lời",
	"Trả lời của máy chủ", "Message-ID", "Lần phát hành", "Tệp đính kèm",
};
static const char *const folded_titles[NCOLUMNS] = {
	"thoi_diem", "ma_to_chuc", "thu_dien_tu", "bo_van_ban", "trang_thai", "ma_tra_loi",
	"tra_loi_cua_may_chu", "message_id", "lan_phat_hanh", "tep_dinh_kem",
};

/* Per address of an organisation: the last set accepted. */
struct address {
	char set[65];
	char day[11];
};

/* Per address and set: the last line. */
struct last {
	enum ledger_state state;
	int reply_code;
	char *reply_text;
	char day[11];
};

struct ledger {
	char *path;
	int fd;                /* -1 when read only */
	char sep;              /* the file's separator, kept when appending */
	size_t lines;
	struct keyset *addresses, *sets; /* "code\0email", "code\0email\0set" -> index */
	struct address *addr;
	size_t naddr, addr_cap;
	struct last *last;
	size_t nlast, last_cap;
};

void ledger_time(time_t t, char out[32])
{
	struct tm tm;
	localtime_r(&t, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	/* "+00:00" rather than "Z": every line the same shape, for a reader and for Excel */
	int off = (int)(tm.tm_gmtoff / 60) % (24 * 60);
	snprintf(out + n, 32 - n, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
}

/* "dd/mm/yyyy" from an ISO time "yyyy-mm-dd…" (else ""). */
static void day_of(const char *iso, size_t n, char out[11])
{
	out[0] = '\0';
	if (n >= 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

/* Writes all of data to fd; -1 on failure. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Syncs the folder of path, so that a file just created stays after a crash. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * The indexes' key "code\0email\0set": its first *addr_len bytes are the
 * address's key, all *set_len of them the document set's (set: 64 hex digits).
 */
static char *index_key(const char *code, const char *email, const char *set, size_t *addr_len, size_t *set_len)
{
	size_t clen = strlen(code), elen = strlen(email);
	char *key = xmalloc(clen + elen + 66);
	memcpy(key, code, clen + 1);
	memcpy(key + clen + 1, email, elen + 1);
	memcpy(key + clen + elen + 2, set, 64);
	*addr_len = clen + 1 + elen;
	*set_len = clen + elen + 66;
	return key;
}

/*
 * The index of key in set; a key not there yet takes index *n, which is
 * counted, and *added says so (its slot of the array must then be set up).
 */
static uint32_t slot(struct keyset *set, const char *key, size_t len, size_t *n, int *added)
{
	uint32_t at;
	*added = keyset_add(set, key, len, (uint32_t)*n, &at);
	if (*added)
		return (uint32_t)(*n)++;
	return at;
}

/* The cell k of rec as a string (to free), "" when the column is missing. */
static char *cell(const struct csvin_record *rec, const long col[NCOLUMNS], enum column k)
{
	if (col[k] < 0 || (size_t)col[k] >= rec->nfields)
		return xstrdup("");
	return xstrndup(rec->fields[col[k]].data, rec->fields[col[k]].len);
}

/* Takes one line of the file into the indexes; a line that cannot be read is reported. */
static void take_line(struct ledger *l, const struct csvin_record *rec, const long col[NCOLUMNS])
{
	if (rec->status == CSVIN_BLANK)
		return;
	char *code = cell(rec, col, COL_CODE), *email = cell(rec, col, COL_EMAIL);
	char *set = cell(rec, col, COL_SET), *state = cell(rec, col, COL_STATE);
	char *time = cell(rec, col, COL_TIME), *text = cell(rec, col, COL_REPLY_TEXT);
	char *reply = cell(rec, col, COL_REPLY_CODE);
	int s = -1;
	for (int k = 0; k < 4; k++)
		if (strcmp(state, ledger_state_names[k]) == 0)
			s = k;
	if (rec->status != CSVIN_OK || s < 0 || !*code || !*email || strlen(set) != 64) {
		util_warn("%s:%zu: cảnh báo: dòng không đọc được (bị cắt dở hoặc bị sửa tay?), "
			  "bỏ qua", l->path, rec->line);
		goto done;
	}
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + ('a' - 'A'));
	l->lines++;
	size_t addr_len, set_len;
	char *key = index_key(code, email, set, &addr_len, &set_len);
	int added;
	uint32_t a = slot(l->addresses, key, addr_len, &l->naddr, &added);
	xgrow(&l->addr, &l->addr_cap, l->naddr, sizeof *l->addr);
	if (added)
		memset(&l->addr[a], 0, sizeof l->addr[a]);
	if (s == LEDGER_SENT) {
		memcpy(l->addr[a].set, set, 65);
		day_of(time, strlen(time), l->addr[a].day);
	}
	uint32_t t = slot(l->sets, key, set_len, &l->nlast, &added);
	xgrow(&l->last, &l->last_cap, l->nlast, sizeof *l->last);
	if (added)
		memset(&l->last[t], 0, sizeof l->last[t]);
	struct last *x = &l->last[t];
	x->state = (enum ledger_state)s;
	x->reply_code = atoi(reply);
	free(x->reply_text);
	x->reply_text = text;
	text = NULL;
	day_of(time, strlen(time), x->day);
	free(key);
done:
	free(code);
	free(email);
	free(set);
	free(state);
	free(time);
	free(text);
	free(reply);
}

/* Reads the file's lines into l; exits 2 when its header is not a ledger's. */
static void read_all(struct ledger *l)
{
	struct csvin_options opt = {0};
	struct csvin *in = csvin_open(l->path, &opt);
	struct csvin_record rec;
	long col[NCOLUMNS];
	struct strbuf f = {0};

	if (!in)
		util_die_errno(EXIT_SYSTEM, "không đọc được sổ gửi %s", l->path);
	if (!csvin_next(in, &rec) || rec.status != CSVIN_OK)
		util_die(EXIT_SYSTEM, "%s:1: không phải sổ gửi (dòng tiêu đề không đọc được)", l->path);
	for (int k = 0; k < NCOLUMNS; k++) {
		col[k] = -1;
		for (size_t i = 0; i < rec.nfields; i++) {
			strbuf_reset(&f);
			if (textnorm_fold(rec.fields[i].data, rec.fields[i].len, &f) == 0 && f.data &&
			    strcmp(f.data, folded_titles[k]) == 0)
				col[k] = (long)i;
		}
	}
	strbuf_free(&f);
	static const enum column needed[] = {COL_CODE, COL_EMAIL, COL_SET, COL_STATE};
	for (size_t k = 0; k < sizeof needed / sizeof *needed; k++)
		if (col[needed[k]] < 0)
			util_die(EXIT_SYSTEM, "%s:1: không phải sổ gửi: thiếu cột “%s”", l->path,
				 titles[needed[k]]);
	l->sep = csvin_delimiter(in);
	while (csvin_next(in, &rec))
		take_line(l, &rec, col);
	if (csvin_read_error(in)) {
		errno = csvin_read_error(in);
		util_die_errno(EXIT_SYSTEM, "không đọc được sổ gửi %s", l->path);
	}
	csvin_close(in);
}

/* Appends the byte order mark and the header line. */
static void add_header(struct strbuf *b)
{
	strbuf_adds(b, "\xEF\xBB\xBF");
	for (int k = 0; k < NCOLUMNS; k++) {
		if (k)
			strbuf_addc(b, ';');
		strbuf_adds(b, titles[k]);
	}
	strbuf_adds(b, "\r\n");
}

/* Opens (creating) and locks path for this run; a new file gets its header. */
static void open_for_writing(struct ledger *l)
{
	l->fd = open(l->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (l->fd < 0)
		util_die_errno(EXIT_SYSTEM, "không mở được sổ gửi %s", l->path);
	if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			util_die(EXIT_SYSTEM, "một lần gửi khác đang dùng sổ gửi %s: chờ lần đó xong rồi "
				 "chạy lại", l->path);
		util_die_errno(EXIT_SYSTEM, "không khóa được sổ gửi %s", l->path);
	}
	struct stat st;
	if (fstat(l->fd, &st) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được sổ gửi %s", l->path);
	if (st.st_size == 0) {
		struct strbuf b = {0};
		add_header(&b);
		if (write_all(l->fd, b.data, b.len) != 0 || fdatasync(l->fd) != 0)
			util_die_errno(EXIT_SYSTEM, "không ghi được sổ gửi %s", l->path);
		strbuf_free(&b);
		sync_dir(l->path);
		return;
	}
	/* a last line cut short by a crash: end it, so that the next line is whole */
	char last;
	if (pread(l->fd, &last, 1, st.st_size - 1) != 1)
		util_die_errno(EXIT_SYSTEM, "không đọc được sổ gửi %s", l->path);
	if (last != '\n' && (write_all(l->fd, "\r\n", 2) != 0 || fdatasync(l->fd) != 0))
		util_die_errno(EXIT_SYSTEM, "không ghi được sổ gửi %s", l->path);
}

struct ledger *ledger_open(const char *path, int write)
{
	struct ledger *l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	l->fd = -1;
	l->sep = ';';
	l->addresses = keyset_new();
	l->sets = keyset_new();
	if (write)
		open_for_writing(l);
	else if (access(path, F_OK) != 0)
		return l; /* nothing sent yet */
	read_all(l);
	return l;
}

void ledger_status(const struct ledger *l, const char *code, const char *email, const char *set,
		   struct ledger_status *st)
{
	memset(st, 0, sizeof *st);
	st->reply_text = "";
	size_t addr_len, set_len;
	char *key = index_key(code, email, set, &addr_len, &set_len);
	uint32_t i;
	if (keyset_find(l->addresses, key, addr_len, &i) && l->addr[i].set[0] &&
	    strcmp(l->addr[i].set, set) != 0)
		memcpy(st->other_day, l->addr[i].day, sizeof st->other_day);
	if (keyset_find(l->sets, key, set_len, &i)) {
		const struct last *x = &l->last[i];
		st->known = 1;
		st->state = x->state;
		st->reply_code = x->reply_code;
		st->reply_text = x->reply_text ? x->reply_text : "";
		memcpy(st->day, x->day, sizeof st->day);
	}
	free(key);
}

void ledger_append(struct ledger *l, const struct ledger_line *line)
{
	struct strbuf b = {0};
	char now[32], reply[16] = "", issue[24];
	ledger_time(time(NULL), now);
	if (line->reply_code)
		snprintf(reply, sizeof reply, "%d", line->reply_code);
	snprintf(issue, sizeof issue, "%ld", line->issue);
	const char *cells[NCOLUMNS] = {
		now, line->code, line->email, line->set_hash, ledger_state_names[line->state], reply,
		line->reply_text ? line->reply_text : "", line->message_id, issue,
		line->files ? line->files : "",
	};
	for (int k = 0; k < NCOLUMNS; k++) {
		if (k)
			strbuf_addc(&b, l->sep);
		strbuf_add_csv(&b, cells[k], strlen(cells[k]), l->sep);
	}
	strbuf_adds(&b, "\r\n");
	if (write_all(l->fd, b.data, b.len) != 0 || fdatasync(l->fd) != 0)
		util_die_errno(EXIT_SYSTEM, "không ghi được sổ gửi %s", l->path);
	strbuf_free(&b);
}

size_t ledger_lines(const struct ledger *l)
{
	return l->lines;
}

void ledger_close(struct ledger *l)
{
	if (!l)
		return;
	if (l->fd >= 0)
		close(l->fd); /* and the lock with it */
	for (size_t i = 0; i < l->nlast; i++)
		free(l->last[i].reply_text);
	free(l->last);
	free(l->addr);
	keyset_free(l->addresses);
	keyset_free(l->sets);
	free(l->path);
	free(l);
}
