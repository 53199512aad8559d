/*
 * zipfile: zip archives as office machines open them, and the only user of
 * libzip: names in UTF-8 with the UTF-8 flag set (Vietnamese names read
 * right in Windows Explorer and Info-ZIP unzip), entries marked as made on
 * UNIX with mode 0644, one fixed time for every entry, PDFs stored as they
 * are (already compressed) and other files deflated: the same files give
 * the same bytes. The archive is written to a temporary name in its folder
 * and renamed into place when complete. Archives are also read back whole,
 * entry by entry, for checking what a library wrote.
 *
 * Ownership: a struct zipfile owns its archive until zipfile_commit (or
 * zipfile_abort) frees it; files added are read when the archive is written.
 */
#ifndef BAOCAO_ZIPFILE_H
#define BAOCAO_ZIPFILE_H

#include <time.h>

#include "util.h"

struct zipfile;

/* Starts the archive path, every entry dated mtime (UTC); exits 2 when it cannot be created. */
struct zipfile *zipfile_open(const char *path, time_t mtime);

/* Adds the file at src under the archive name name (UTF-8, "/" between folders). */
void zipfile_add_file(struct zipfile *z, const char *name, const char *src);

/* Writes the archive and renames it into place; exits 2 (removing it) on failure. Frees z. */
void zipfile_commit(struct zipfile *z);

/*
 * Calls fn(name, data, len, arg) for each entry of the archive at path, in
 * order, with the entry's whole uncompressed content (NUL-terminated; valid
 * during the call), until fn returns nonzero. Returns 0 when every entry
 * was read, fn's nonzero value, or -1 with why in err when the archive
 * cannot be read.
 */
int zipfile_each_entry(const char *path, int (*fn)(const char *name, const char *data, size_t len, void *arg),
		       void *arg, struct strbuf *err);

#endif
