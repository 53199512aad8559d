/*
 * send_ledger: the delivery ledger PHAT_HANH/so-gui.csv, the memory of
 * every attempt to mail a set of documents to an address, which decides
 * what a run sends. It is made for Excel in vi-VN (UTF-8 with a BOM, ';'
 * between cells, CRLF) and only ever appended to: one line per attempt,
 * "dang_gui" before the message is handed over, then "da_gui" (the server
 * took it), "tam_loi" (a 4xx, a broken connection, a server that could not
 * be used: try again) or "loi" (a 5xx: not again while the address and
 * documents are the same, unless asked), each
 * line synced to the disk before the run goes on. The last line of an
 * address and set is its state; a "dang_gui" that is last was in flight
 * when a run died, so it is sent again.
 *
 * Columns, found by their titles when read:
 *   Thời điểm;Mã tổ chức;Thư điện tử;Bộ văn bản;Trạng thái;Mã trả lời;
 *   Trả lời của máy chủ;Message-ID;Lần phát hành;Tệp đính kèm
 * (the time in ISO 8601 with its offset, the set's hash as
 * manifest_org.set_hash, the reply code and text, the attachments' paths
 * joined by " | ").
 *
 * A run that writes holds an exclusive lock on the file, so two runs never
 * send the same messages. The struct owns what it read; ledger_close
 * releases it and the lock.
 */
#ifndef BAOCAO_SEND_LEDGER_H
#define BAOCAO_SEND_LEDGER_H

#include <stddef.h>
#include <time.h>

enum ledger_state { LEDGER_SENDING, LEDGER_SENT, LEDGER_TEMPORARY, LEDGER_FAILED };

/* The states as the file writes them: dang_gui, da_gui, tam_loi, loi. */
extern const char *const ledger_state_names[4];

/* One line to append. */
struct ledger_line {
	const char *code, *email, *set_hash;
	enum ledger_state state;
	int reply_code;         /* 0: no reply */
	const char *reply_text; /* "" for none */
	const char *message_id;
	long issue;
	const char *files;
};

/* What the ledger says of one address of an organisation and one document set. */
struct ledger_status {
	/* the day (dd/mm/yyyy) another set was last accepted for this address, "" when none */
	char other_day[11];
	int known;              /* a line names this address and set; then: */
	enum ledger_state state; /* its last line's state, */
	int reply_code;         /* reply code */
	const char *reply_text; /* and text (the ledger's; "" for none), */
	char day[11];           /* and day (dd/mm/yyyy) */
};

struct ledger;

/*
 * Opens the ledger at path. To write (write = 1) it is created with its
 * header when missing and locked for this run; to read only (a dry run) it
 * is read when it exists and never created. Lines it cannot read are
 * reported and ignored. Exits 2 when the file cannot be used or another
 * run holds it.
 */
struct ledger *ledger_open(const char *path, int write);

/* Sets *st to what the ledger said, when it was opened, of (code, email, set). */
void ledger_status(const struct ledger *l, const char *code, const char *email, const char *set,
		   struct ledger_status *st);

/* Appends line, stamped with the time now, and syncs it to the disk; exits 2 on failure. */
void ledger_append(struct ledger *l, const struct ledger_line *line);

/* Lines the file held when opened. */
size_t ledger_lines(const struct ledger *l);

/* Releases the lock and frees l. Accepts NULL. */
void ledger_close(struct ledger *l);

/* Writes t as ISO 8601 local time with its offset ("2026-12-06T10:15:03+07:00"; "+00:00" in UTC). */
void ledger_time(time_t t, char out[32]);

#endif
