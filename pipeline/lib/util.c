/*
 * util: diagnostics, allocation wrappers that exit on failure, and a growable
 * byte buffer. Every stage links this module.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *util_progname = "baocao";

static void vwarn_prefix(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", util_progname);
	vfprintf(stderr, fmt, ap);
}

void util_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_prefix(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void util_die_errno(int code, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn_prefix(fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", util_strerror(saved));
	exit(code);
}

void util_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_prefix(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static _Noreturn void out_of_memory(size_t n)
{
	util_die(EXIT_SYSTEM, "hết bộ nhớ khi cấp phát %zu byte", n);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		out_of_memory(n);
	return q;
}

void xgrow_slow(void *p, size_t *cap, size_t need, size_t elem)
{
	void **arr = p;
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > (size_t)-1 / 2)
			out_of_memory((size_t)-1);
		n *= 2;
	}
	if (n > (size_t)-1 / elem)
		out_of_memory((size_t)-1);
	*arr = xrealloc(*arr, n * elem);
	*cap = n;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf b = {0};
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!b.data)
		return xstrdup("");
	return b.data;
}

int strbuf_read_file(struct strbuf *out, const char *path)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0)
		return -1;
	int e = fstat(fd, &st) != 0	       ? errno
		: S_ISDIR(st.st_mode)		       ? EISDIR
		: !S_ISREG(st.st_mode)		       ? EFTYPE_BAOCAO
		: (size_t)st.st_size > UTIL_MAX_FILE ? EFBIG
						       : 0;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	/* the whole file at once when its size is known, then until the end (a file still growing) */
	strbuf_reserve(out, st.st_size > 0 ? (size_t)st.st_size + 1 : 0);
	for (;;) {
		if (out->len > UTIL_MAX_FILE) {
			close(fd);
			errno = EFBIG;
			return -1;
		}
		strbuf_reserve(out, 1 << 16);
		ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int saved = errno;
			out->data[out->len] = '\0';
			close(fd);
			errno = saved;
			return n < 0 ? -1 : 0;
		}
		out->len += (size_t)n;
	}
}

const char *util_strerror(int e)
{
	switch (e) {
	case ENOENT: return "không có tệp hay thư mục này";
	case EACCES:
	case EPERM: return "không có quyền";
	case EISDIR: return "là một thư mục, không phải tệp";
	case ENOTDIR: return "một phần của đường dẫn không phải thư mục";
	case ENOSPC: return "hết chỗ trên đĩa";
	case EDQUOT: return "hết hạn mức đĩa";
	case EROFS: return "ổ đĩa chỉ đọc";
	case EFBIG: return "tệp quá lớn";
	case EFTYPE_BAOCAO: return "không phải tệp thường (ống, thiết bị hay socket)";
	case ENOMEM: return "hết bộ nhớ";
	case EMFILE:
	case ENFILE: return "mở quá nhiều tệp cùng lúc";
	case EIO: return "lỗi đọc/ghi của ổ đĩa";
	case ENAMETOOLONG: return "tên tệp quá dài";
	case EEXIST: return "đã có";
	default: return strerror(e);
	}
}

void strbuf_reserve(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		strbuf_grow(b, extra);
}

void strbuf_grow(struct strbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t n = b->cap ? b->cap : 64;
	if (need <= b->len) /* wrapped */
		out_of_memory((size_t)-1);
	while (n < need) {
		if (n > (size_t)-1 / 2)
			out_of_memory((size_t)-1);
		n *= 2;
	}
	b->data = xrealloc(b->data, n);
	b->cap = n;
}

void strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;

	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0)
		util_die(EXIT_SYSTEM, "chuỗi định dạng sai");
	if ((size_t)n < sizeof small) {
		strbuf_add(b, small, (size_t)n);
	} else {
		strbuf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void strbuf_free(struct strbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Whether v[0..n) starts like a spreadsheet formula. */
static int formula_like(const char *v, size_t n)
{
	return n > 0 && strchr("=+-@\t\r\n", v[0]) && v[0] != '\0';
}

void strbuf_add_csv_text(struct strbuf *b, const char *v, size_t n, char sep)
{
	if (!formula_like(v, n)) {
		strbuf_add_csv(b, v, n, sep);
		return;
	}
	struct strbuf guarded = {0};
	strbuf_addc(&guarded, '\'');
	strbuf_add(&guarded, v, n);
	strbuf_add_csv(b, guarded.data, guarded.len, sep);
	strbuf_free(&guarded);
}

const char *strbuf_csv_unguard(const char *v, size_t *n)
{
	if (*n > 1 && v[0] == '\'' && formula_like(v + 1, *n - 1)) {
		(*n)--;
		return v + 1;
	}
	return v;
}

void strbuf_add_csv(struct strbuf *b, const char *v, size_t n, char sep)
{
	size_t i = 0;
	while (i < n && v[i] != sep && v[i] != '"' && v[i] != '\n' && v[i] != '\r')
		i++;
	if (i == n) {
		strbuf_add(b, v, n);
		return;
	}
	strbuf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (v[i] == '"')
			strbuf_addc(b, '"');
		strbuf_addc(b, v[i]);
	}
	strbuf_addc(b, '"');
}
