/*
 * libFuzzer harness for aggregate's reader of the validated imports
 * (valid/NAME.csv, aggregate_count.c): any bytes as such a file are read by
 * the column names of each counting pass (people, commitments, ratings,
 * awards, activity, models), a record at a time and a batch at a time with
 * the people set's hashing, every named cell and every whole number read.
 * The reader is static, so aggregate_count.c is compiled into the harness;
 * a refusal (util_die: an empty file, a missing column, too large a
 * number) unwinds to the harness, which frees the table (make fuzz-aggregate).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* the stage's refusals come back here instead of ending the process */
#define util_die fuzz_die
#define util_die_errno fuzz_die_errno
#include "aggregate_count.c"
#undef util_die
#undef util_die_errno

static jmp_buf back;
static int refused;

void fuzz_die(int code, const char *fmt, ...)
{
	(void)code;
	(void)fmt;
	refused = 1;
	longjmp(back, 1);
}

void fuzz_die_errno(int code, const char *fmt, ...)
{
	(void)code;
	(void)fmt;
	abort(); /* the harness's file is always there: an I/O error is a failure here */
}

/* The column names of each pass of count_period, as it asks for them. */
static const char *const people[] = {"ma_nguoi", "la_dang_vien", "ma_to_chuc", "ngay_bat_dau",
				     "ngay_ket_thuc"};
static const char *const commitments[] = {"nam", "ma_nguoi", "co_cam_ket", "tu_danh_gia",
					  "chi_bo_danh_gia"};
static const char *const ratings[] = {"nam", "doi_tuong", "ma", "muc"};
static const char *const awards[] = {"nam", "cap", "loai_doi_tuong", "ma_to_chuc", "ma_nguoi"};
static const char *const activity[] = {"nam", "thang", "ma_to_chuc", "so_du_sinh_hoat",
				       "co_noi_dung_ct05", "so_nguoi_bao_cao_ket_qua", "so_tin_bai",
				       "so_chuyen_muc_pt_th", "so_ban_tin", "so_bai_mang_xa_hoi"};
static const char *const models[] = {"nam", "ma_to_chuc", "danh_gia", "linh_vuc"};
static const struct {
	const char *const *names;
	size_t n;
} passes[] = {
	{people, 5}, {commitments, 5}, {ratings, 4}, {awards, 5}, {activity, 10}, {models, 4},
};

static char dir[64];
static struct table t;
static struct keyset *set;

static void remove_dir(void)
{
	char *p = xasprintf("%s/valid/t.csv", dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/valid", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

/* Frees what t holds, as table_close does but without its checks. */
static void table_drop(void)
{
	csvin_batch_free(t.batch);
	csvin_close(t.in);
	free(t.hash);
	free(t.col);
	free(t.path);
	t = (struct table){0};
}

/* One pass: open by names, read every record one way, check the records' sanity. */
static void pass(const char *const *names, size_t n, int batches)
{
	struct csvin_record rec;
	const struct csvin_record *recs;
	size_t nrecs, len;

	if (!table_open(&t, dir, "t.csv", names, n, 1))
		__builtin_trap(); /* a required file is there or refused */
	if (!batches) {
		while (table_next(&t, &rec))
			for (int k = 0; k < (int)n; k++) {
				const char *v = cell(&t, &rec, k, &len);
				if (len && !v)
					__builtin_trap();
				cell_is(&t, &rec, k, "1");
				number(&t, &rec, k);
			}
	} else {
		while ((nrecs = table_batch(&t, set, 0, &recs)))
			for (size_t i = 0; i < nrecs; i++) {
				const char *id = cell(&t, &recs[i], 0, &len);
				if (t.hash[i] != keyset_hash(id, len))
					__builtin_trap();
				keyset_add_hashed(set, id, len, t.hash[i], (uint32_t)i, NULL);
			}
	}
	table_close(&t);
	t = (struct table){0}; /* all freed (table_close leaves path dangling) */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!*dir) {
		snprintf(dir, sizeof dir, "/tmp/baocao_fuzz_XXXXXX");
		if (!mkdtemp(dir))
			abort();
		char *v = xasprintf("%s/valid", dir);
		if (mkdir(v, 0700) != 0)
			abort();
		free(v);
		atexit(remove_dir);
	}
	char *path = xasprintf("%s/valid/t.csv", dir);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	free(path);
	/* the passes whose second column the header may name (and always the first):
	 * each opening costs a read buffer of 1 MiB */
	const uint8_t *eol = memchr(data, '\n', size);
	size_t head = eol ? (size_t)(eol - data) : size;
	for (size_t p = 0; p < sizeof passes / sizeof *passes; p++) {
		const char *second = passes[p].names[1];
		if (p && !memmem(data, head, second, strlen(second)))
			continue;
		for (int batches = 0; batches < 2; batches++) {
			set = keyset_new();
			refused = 0;
			if (setjmp(back) == 0)
				pass(passes[p].names, passes[p].n, batches);
			table_drop();
			keyset_free(set);
			if (refused)
				break; /* the other way is refused alike */
		}
	}
	return 0;
}
