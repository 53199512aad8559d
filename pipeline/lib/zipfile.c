/*
 * zipfile: reproducible zip archives through libzip (see zipfile.h).
 * libzip writes DOS times in local time: the time zone is set to UTC once,
 * before the first archive (archives may then be written on several
 * threads), so that an archive does not depend on the machine's.
 */
#include "zipfile.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

struct zipfile {
	zip_t *za;
	char *path, *tmp;
	time_t mtime;
};

static _Noreturn void zip_fail(struct zipfile *z, const char *what)
{
	char *msg = xasprintf("không ghi được tệp nén %s: %s", z->path, what);
	if (z->za)
		zip_discard(z->za);
	unlink(z->tmp);
	util_die(EXIT_SYSTEM, "%s", msg);
}

static void use_utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

struct zipfile *zipfile_open(const char *path, time_t mtime)
{
	static pthread_once_t utc = PTHREAD_ONCE_INIT;
	struct zipfile *z = xcalloc(1, sizeof *z);
	const char *slash = strrchr(path, '/');
	int err;

	pthread_once(&utc, use_utc);
	z->path = xstrdup(path);
	z->mtime = mtime;
	z->tmp = slash ? xasprintf("%.*s/.%s.tmp", (int)(slash - path), path, slash + 1)
		       : xasprintf(".%s.tmp", path);
	z->za = zip_open(z->tmp, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z->za) {
		zip_error_t e;
		zip_error_init_with_code(&e, err);
		char *why = xstrdup(zip_error_strerror(&e));
		zip_error_fini(&e);
		zip_fail(z, why);
	}
	return z;
}

void zipfile_add_file(struct zipfile *z, const char *name, const char *src)
{
	zip_source_t *s = zip_source_file(z->za, src, 0, -1);
	size_t len = strlen(name);
	zip_int64_t i;

	if (!s)
		zip_fail(z, zip_strerror(z->za));
	if ((i = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(s);
		zip_fail(z, zip_strerror(z->za));
	}
	int stored = len > 4 && strcmp(name + len - 4, ".pdf") == 0;
	if (zip_set_file_compression(z->za, (zip_uint64_t)i, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
				     stored ? 0 : 6) != 0 ||
	    zip_file_set_mtime(z->za, (zip_uint64_t)i, z->mtime, 0) != 0 ||
	    zip_file_set_external_attributes(z->za, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX,
					     (zip_uint32_t)0100644 << 16) != 0)
		zip_fail(z, zip_strerror(z->za));
}

void zipfile_commit(struct zipfile *z)
{
	if (zip_close(z->za) != 0)
		zip_fail(z, zip_strerror(z->za));
	z->za = NULL;
	if (rename(z->tmp, z->path) != 0)
		zip_fail(z, "không đổi được tên tệp tạm");
	free(z->path);
	free(z->tmp);
	free(z);
}

/* Reads entry i of za whole into out; 0, or -1 with why in err. */
static int read_entry(zip_t *za, zip_uint64_t i, zip_uint64_t size, struct strbuf *out, struct strbuf *err)
{
	zip_file_t *f = zip_fopen_index(za, i, 0);
	if (!f) {
		strbuf_adds(err, zip_strerror(za));
		return -1;
	}
	strbuf_reset(out);
	strbuf_reserve(out, (size_t)size);
	zip_int64_t got = zip_fread(f, out->data, size);
	int ok = got >= 0 && (zip_uint64_t)got == size;
	if (!ok)
		strbuf_adds(err, zip_file_strerror(f));
	zip_fclose(f);
	if (!ok)
		return -1;
	out->len = (size_t)size;
	out->data[out->len] = '\0';
	return 0;
}

int zipfile_each_entry(const char *path, int (*fn)(const char *name, const char *data, size_t len, void *arg),
		       void *arg, struct strbuf *err)
{
	int code;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	struct strbuf data = {0};
	int status = 0;

	if (!za) {
		zip_error_t e;
		zip_error_init_with_code(&e, code);
		strbuf_adds(err, zip_error_strerror(&e));
		zip_error_fini(&e);
		return -1;
	}
	zip_int64_t n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n && !status; i++) {
		zip_stat_t st;
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
		    !(st.valid & ZIP_STAT_NAME)) {
			strbuf_adds(err, zip_strerror(za));
			status = -1;
		} else if (read_entry(za, (zip_uint64_t)i, st.size, &data, err) != 0) {
			status = -1;
		} else {
			status = fn(st.name, data.data, data.len, arg);
		}
	}
	zip_discard(za);
	strbuf_free(&data);
	return status;
}
