/*
 * outfile: atomic output files. Data goes to a hidden temporary file in the
 * target's directory and is renamed over the target only by outfile_commit,
 * after a flush, fsync and checked close; so a failed or killed stage never
 * leaves a half-written file that make would believe. The struct owns its
 * FILE and paths; commit or abort frees it.
 *
 * A large file that is about to be replaced is removed when the new one is
 * opened, by a helper thread: freeing its blocks then overlaps the work
 * instead of holding up the final rename. (If the stage then fails, the
 * target is missing, never stale, so make still reruns it.)
 */
#ifndef BAOCAO_OUTFILE_H
#define BAOCAO_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;   /* write the content here */
	char *path; /* the final name */
	char *tmp;  /* the temporary name */
	int slot;   /* index in the cleanup registry */
	char *old;  /* the replaced file being removed by `remover`, or NULL */
	unsigned long remover;
};

/* Creates the temporary file for path (its directory must exist); exits 2 on failure. */
struct outfile *outfile_open(const char *path);

/* Flushes, syncs, closes and renames into place; exits 2 (after unlinking) on any failure. */
void outfile_commit(struct outfile *o);

/*
 * Like outfile_commit, but when path already holds the temporary's bytes,
 * removes the temporary instead, leaving path and its time untouched (so
 * that make rebuilds nothing after it). Returns 1 when path was replaced.
 */
int outfile_commit_changed(struct outfile *o);

/*
 * The temporary's name, for a library that writes a file by its name
 * (truncating it): what it writes there is what outfile_commit renames.
 */
const char *outfile_tmp_path(const struct outfile *o);

/*
 * Starts writing what o holds so far to the disk, without waiting, so that
 * the fsync of outfile_commit has little left to wait for. For large files.
 */
void outfile_start_writeback(struct outfile *o);

/* Closes and removes the temporary file, leaving path untouched. Accepts NULL. */
void outfile_abort(struct outfile *o);

/*
 * A batch of small files replaced together, for a stage that writes
 * thousands: outfile_batch_put leaves a file whose content is already
 * data alone (returning 0), else writes a temporary (returning 1);
 * outfile_batch_commit then syncs the file system once and renames
 * every temporary into place. One batch at a time; its temporaries are
 * removed like the others when the stage dies. Errors exit 2.
 */
struct outbatch;
struct outbatch *outfile_batch_new(void);
int outfile_batch_put(struct outbatch *b, const char *path, const char *data, size_t len);
void outfile_batch_commit(struct outbatch *b);

/*
 * Like outfile_batch_put for a file that is a copy of the file src: a hard
 * link to src where the file system allows, a copy otherwise; nothing when
 * path holds src's bytes already. For outputs that repeat an earlier
 * stage's file as it is; that stage must replace its files by renaming
 * (outfile does), never rewrite them in place.
 */
int outfile_batch_link(struct outbatch *b, const char *path, const char *src);

/* Creates dir and its missing parents (like mkdir -p); exits 2 on failure. */
void outfile_mkdirs(const char *dir);

/* Installs SIGINT/SIGTERM/SIGHUP handlers that remove open temporaries, then die. */
void outfile_cleanup_on_signals(void);

/*
 * Removes the temporaries a killed run left in dir (".<name>.tmpXXXXXX").
 * Called by a stage before it writes there: one run at a time writes a
 * folder (make runs each stage's folder once).
 */
void outfile_remove_stale(const char *dir);

#endif
