/*
 * datadir: finding the installed (or checked-out) data folder.
 */
#include "datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BAOCAO_DATADIR
#define BAOCAO_DATADIR "/usr/local/share/baocao"
#endif

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether root holds the batch: batch.mk and templates/schema/. */
static int holds_batch(const char *root)
{
	char *mk = xasprintf("%s/batch.mk", root), *schema = xasprintf("%s/templates/schema/to_chuc.json", root);
	int ok = is_file(mk) && is_file(schema);
	free(mk);
	free(schema);
	return ok;
}

/* The folder of the running program (/proc/self/exe), or "." when unknown. */
static char *program_folder(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return xstrdup(".");
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

int datadir_find(struct datadir *d, struct strbuf *err)
{
	d->programs = program_folder();
	const char *env = getenv("BAOCAO_DATA");
	char *candidates[4];
	size_t n = 0;
	if (env && *env)
		candidates[n++] = xstrdup(env);
	candidates[n++] = xasprintf("%s/../share/baocao", d->programs);
	candidates[n++] = xasprintf("%s/..", d->programs);
	candidates[n++] = xstrdup(BAOCAO_DATADIR);
	d->root = NULL;
	for (size_t i = 0; i < n && !d->root; i++)
		if (holds_batch(candidates[i]))
			d->root = realpath(candidates[i], NULL);
	if (!d->root) {
		strbuf_adds(err, "không tìm thấy dữ liệu của baocao (batch.mk, templates/) ở");
		for (size_t i = 0; i < n; i++)
			strbuf_addf(err, "%s %s", i ? "," : "", candidates[i]);
		strbuf_adds(err, "; đặt biến môi trường BAOCAO_DATA chỉ tới thư mục đó");
	}
	for (size_t i = 0; i < n; i++)
		free(candidates[i]);
	if (!d->root)
		return -1;
	d->templates = xasprintf("%s/templates", d->root);
	d->schemas = xasprintf("%s/templates/schema", d->root);
	d->fonts = xasprintf("%s/fonts", d->root);
	char *face = xasprintf("%s/LiberationSerif-Regular.ttf", d->fonts);
	if (!is_file(face)) {
		free(d->fonts);
		d->fonts = xasprintf("%s/fonts", d->programs);
	}
	free(face);
	return 0;
}
