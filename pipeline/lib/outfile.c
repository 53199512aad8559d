/*
 * outfile: write-to-temporary-then-rename output files, with a registry of the
 * open temporaries so that an interrupted stage removes them on its way out.
 */

#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <dirent.h>
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

/* The temporaries of the open batch (see outfile_batch_new), grown with signals blocked. */
static char **volatile batch_tmps;
static volatile size_t batch_ntmps;

static void unlink_tmps(void)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_tmps[i])
			unlink(open_tmps[i]);
	for (size_t i = 0; i < batch_ntmps; i++)
		unlink(batch_tmps[i]);
}

static void on_signal(int sig)
{
	unlink_tmps();
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
	/* past ulimit -f a write fails (EFBIG), said and cleaned up, instead of a silent kill */
	signal(SIGXFSZ, SIG_IGN);
}

void outfile_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		/* ".<name>.tmpXXXXXX", as tmp_name makes them */
		if (e->d_name[0] == '.' && len > 11 && memcmp(e->d_name + len - 10, ".tmp", 4) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* Makes a stage that exits without committing remove its temporaries. */
static void remove_tmps_at_exit(void)
{
	static int registered;

	if (!registered) {
		atexit(unlink_tmps);
		registered = 1;
	}
}

static int register_tmp(char *tmp)
{
	remove_tmps_at_exit();
	for (int i = 0; i < MAX_OPEN; i++)
		if (!open_tmps[i]) {
			open_tmps[i] = tmp;
			return i;
		}
	util_die(EXIT_SYSTEM, "quá nhiều tệp kết quả mở cùng lúc");
}

/*
 * Blocks the signals whose handler reads the registries, in this thread, so
 * that a temporary is never created unregistered nor the registry seen half
 * grown; restore with unblock_cleanup_signals(old).
 */
static void block_cleanup_signals(sigset_t *old)
{
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, old);
}

static void unblock_cleanup_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
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
	sigset_t mask;
	/* the thread starts with the signals blocked: they go to the main thread */
	block_cleanup_signals(&mask);
	int failed = rename(o->path, old) != 0 || pthread_create(&t, NULL, remove_old, old) != 0;
	unblock_cleanup_signals(&mask);
	if (failed) {
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

/* The hidden temporary name for path: ".<name>.tmpXXXXXX" in its directory. */
static char *tmp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	return xasprintf("%.*s.%s.tmpXXXXXX", (int)dirlen, path, path + dirlen);
}

/* Creates the temporary tmp (a mkstemp template) for path; exits 2 on failure. */
static int create_tmp(char *tmp, const char *path)
{
	int fd = mkstemp(tmp);
	if (fd < 0)
		util_die_errno(EXIT_SYSTEM, "không tạo được tệp %s", path);
	fchmod(fd, 0644);
	return fd;
}

struct outfile *outfile_open(const char *path)
{
	struct outfile *o = xcalloc(1, sizeof *o);
	sigset_t mask;

	o->path = xstrdup(path);
	o->tmp = tmp_name(path);
	block_cleanup_signals(&mask);
	int fd = create_tmp(o->tmp, path);
	o->slot = register_tmp(o->tmp);
	unblock_cleanup_signals(&mask);
	start_removing_old(o);
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

const char *outfile_tmp_path(const struct outfile *o)
{
	return o->tmp;
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
	/* the folder itself first: its parents usually exist */
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return;
	if (errno != ENOENT && errno != ENOTDIR) /* else a parent is missing, or not a folder: say which */
		util_die_errno(EXIT_SYSTEM, "không tạo được thư mục %s", dir);
	char *parent = xstrdup(dir), *slash = strrchr(parent, '/');
	while (slash && slash > parent && slash[1] == '\0') { /* "a/b/" */
		*slash = '\0';
		slash = strrchr(parent, '/');
	}
	if (slash && slash > parent) {
		*slash = '\0';
		outfile_mkdirs(parent);
	}
	free(parent);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		util_die_errno(EXIT_SYSTEM, "không tạo được thư mục %s", dir);
}

struct outbatch {
	char **paths; /* the targets, parallel to batch_tmps */
	size_t n, cap;
	int dirfd;    /* a directory on the batch's file system, for syncfs */
};

static int batch_open;

struct outbatch *outfile_batch_new(void)
{
	if (batch_open)
		util_die(EXIT_SYSTEM, "chỉ được mở một lô tệp kết quả mỗi lúc");
	batch_open = 1;
	struct outbatch *b = xcalloc(1, sizeof *b);
	b->dirfd = -1;
	remove_tmps_at_exit();
	return b;
}

/* 1 when the file at path holds exactly data[0..len). */
static int holds(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int same = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len) {
		char *buf = xmalloc(len + 1);
		ssize_t got = read(fd, buf, len + 1);
		same = got == (ssize_t)len && memcmp(buf, data, len) == 0;
		free(buf);
	}
	close(fd);
	return same;
}

/* Adds tmp to the batch's registry (the caller has blocked the cleanup signals). */
static void add_batch_tmp(struct outbatch *b, char *tmp, const char *path)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		batch_tmps = xrealloc(batch_tmps, b->cap * sizeof *batch_tmps);
		b->paths = xrealloc(b->paths, b->cap * sizeof *b->paths);
	}
	batch_tmps[b->n] = tmp;
	b->paths[b->n] = xstrdup(path);
	batch_ntmps = ++b->n;
}

/* Notes a directory of the batch's file system (path's), for its sync. */
static void batch_dir(struct outbatch *b, const char *path)
{
	if (b->dirfd >= 0)
		return;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup(".");
	b->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (b->dirfd < 0)
		util_die_errno(EXIT_SYSTEM, "không mở được thư mục %s", dir);
	free(dir);
}

/* Makes path's temporary a hard link to src; 0 when the file system refuses the link. */
static int link_tmp(struct outbatch *b, const char *path, const char *src)
{
	char *tmp = tmp_name(path);
	sigset_t mask;
	block_cleanup_signals(&mask);
	close(create_tmp(tmp, path)); /* a free name, then the link in its place */
	int linked = unlink(tmp) == 0 && link(src, tmp) == 0;
	if (linked)
		add_batch_tmp(b, tmp, path);
	unblock_cleanup_signals(&mask);
	if (!linked)
		free(tmp);
	return linked;
}

int outfile_batch_put(struct outbatch *b, const char *path, const char *data, size_t len)
{
	if (holds(path, data, len))
		return 0;
	char *tmp = tmp_name(path);
	sigset_t mask;
	block_cleanup_signals(&mask);
	int fd = create_tmp(tmp, path);
	add_batch_tmp(b, tmp, path);
	unblock_cleanup_signals(&mask);
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", path);
		done += (size_t)w;
	}
	if (close(fd) != 0)
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", path);
	batch_dir(b, path);
	return 1;
}

/* 1 when the files at a and b hold the same bytes. */
static int same_content(const char *a, const char *b)
{
	struct strbuf data = {0};
	int same = strbuf_read_file(&data, b) == 0 && holds(a, data.data, data.len);
	strbuf_free(&data);
	return same;
}

int outfile_batch_link(struct outbatch *b, const char *path, const char *src)
{
	struct stat from, to;
	if (stat(src, &from) != 0)
		util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", src);
	if (stat(path, &to) == 0 && ((from.st_dev == to.st_dev && from.st_ino == to.st_ino) || same_content(path, src)))
		return 0;
	if (!link_tmp(b, path, src)) {
		struct strbuf data = {0};
		if (strbuf_read_file(&data, src) != 0)
			util_die_errno(EXIT_SYSTEM, "không đọc được tệp %s", src);
		outfile_batch_put(b, path, data.data, data.len);
		strbuf_free(&data);
	}
	batch_dir(b, path);
	return 1;
}

void outfile_batch_commit(struct outbatch *b)
{
	/* one sync of the file system instead of one fsync per file */
	if (b->n && syncfs(b->dirfd) != 0)
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", b->paths[0]);
	for (size_t i = 0; i < b->n; i++) {
		if (rename(batch_tmps[i], b->paths[i]) != 0)
			util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", b->paths[i]);
		/* renamed: no longer ours to remove */
		batch_tmps[i][0] = '\0';
	}
	if (b->n && fsync(b->dirfd) != 0 && errno != EINVAL)
		util_die_errno(EXIT_SYSTEM, "không ghi được tệp %s", b->paths[0]);
	batch_ntmps = 0;
	for (size_t i = 0; i < b->n; i++) {
		free(batch_tmps[i]);
		free(b->paths[i]);
	}
	free(batch_tmps);
	batch_tmps = NULL;
	free(b->paths);
	if (b->dirfd >= 0)
		close(b->dirfd);
	free(b);
	batch_open = 0;
}

int outfile_commit_changed(struct outfile *o)
{
	/* compared before the fsync: an unchanged file (the usual rerun) needs none */
	if (fflush(o->fp) == 0 && !ferror(o->fp) && same_content(o->path, o->tmp)) {
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
