/*
 * outfile: write-to-temporary-then-rename output files, with a registry of the
 * open temporaries so that an interrupted stage removes them on its way out.
 */

#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

enum { MAX_OPEN = 64 };

/* Files at least this large are removed early when replaced (see outfile.h). */
static const off_t LARGE = (off_t)64 << 20;

/* Temporary paths still open; read by the signal handler, hence volatile. */
static char *volatile open_tmps[MAX_OPEN];

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_tmps[i])
			unlink(open_tmps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void outfile_cleanup_on_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Removes the temporaries of a stage that exits without committing them. */
static void remove_open_tmps(void)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_tmps[i])
			unlink(open_tmps[i]);
}

static int register_tmp(char *tmp)
{
	static int registered;

	if (!registered) {
		atexit(remove_open_tmps);
		registered = 1;
	}
	for (int i = 0; i < MAX_OPEN; i++)
		if (!open_tmps[i]) {
			open_tmps[i] = tmp;
			return i;
		}
	util_die(EXIT_SYSTEM, "too many output files open at once");
}

static void *remove_old(void *path)
{
	unlink(path);
	return NULL;
}

/* Moves a large existing target aside and removes it in the background. */
static void start_removing_old(struct outfile *o)
{
	struct stat st;

	if (stat(o->path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < LARGE)
		return;
	char *old = xasprintf("%s.old", o->tmp);
	pthread_t t;
	if (rename(o->path, old) != 0 || pthread_create(&t, NULL, remove_old, old) != 0) {
		free(old);
		return;
	}
	o->old = old;
	o->remover = (unsigned long)t;
}

static void release(struct outfile *o)
{
	if (o->old) {
		pthread_join((pthread_t)o->remover, NULL);
		free(o->old);
	}
	open_tmps[o->slot] = NULL;
	free(o->path);
	free(o->tmp);
	free(o);
}

struct outfile *outfile_open(const char *path)
{
	struct outfile *o = xcalloc(1, sizeof *o);
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;

	o->path = xstrdup(path);
	o->tmp = xasprintf("%.*s.%s.tmpXXXXXX", (int)dirlen, path,
			   path + dirlen);
	int fd = mkstemp(o->tmp);
	if (fd < 0)
		util_die_errno(EXIT_SYSTEM, "không tạo được tệp %s", path);
	o->slot = register_tmp(o->tmp);
	start_removing_old(o);
	fchmod(fd, 0644);
	o->fp = fdopen(fd, "w");
	if (!o->fp)
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", path);
	setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
	return o;
}

/* Flushes and closes the temporary; on failure removes it and exits. */
static void finish_tmp(struct outfile *o)
{
	int failed = fflush(o->fp) != 0 || ferror(o->fp);
	if (!failed && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		failed = 1;
	int saved = errno;
	if (fclose(o->fp) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	o->fp = NULL;
	if (failed) {
		unlink(o->tmp);
		errno = saved;
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", o->path);
	}
}

/* Renames the finished temporary over the target and frees o. */
static void rename_into_place(struct outfile *o)
{
	if (rename(o->tmp, o->path) != 0) {
		int saved = errno;
		unlink(o->tmp);
		errno = saved;
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", o->path);
	}
	release(o);
}

void outfile_commit(struct outfile *o)
{
	finish_tmp(o);
	rename_into_place(o);
}

/* Returns 1 when the files at a and b have the same bytes. */
static int same_content(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb;
	char ba[1 << 14], bb[1 << 14];

	while (same) {
		size_t na = fread(ba, 1, sizeof ba, fa);
		size_t nb = fread(bb, 1, sizeof bb, fb);
		if (na != nb || memcmp(ba, bb, na) != 0)
			same = 0;
		else if (na == 0)
			break;
	}
	if (same && (ferror(fa) || ferror(fb)))
		same = 0;
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

int outfile_commit_if_changed(struct outfile *o)
{
	/* compare first: an unchanged file needs no fsync */
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		finish_tmp(o); /* reports the error */
	} else if (same_content(o->tmp, o->path)) {
		fclose(o->fp);
		o->fp = NULL;
		unlink(o->tmp);
		release(o);
		return 0;
	}
	finish_tmp(o);
	rename_into_place(o);
	return 1;
}

void outfile_start_writeback(struct outfile *o)
{
	/* a hint: where it is not supported, fsync does all the work later */
	sync_file_range(fileno(o->fp), 0, 0, SYNC_FILE_RANGE_WRITE);
}

void outfile_abort(struct outfile *o)
{
	if (!o)
		return;
	if (o->fp)
		fclose(o->fp);
	unlink(o->tmp);
	release(o);
}

void outfile_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			util_die_errno(EXIT_SYSTEM, "không tạo được thư mục %s", p);
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
}
