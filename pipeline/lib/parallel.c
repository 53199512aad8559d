/*
 * parallel: a shared counter hands out the indices; the caller's thread
 * works too (see parallel.h).
 */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <unistd.h>

#include "util.h"

struct work {
	size_t n;
	atomic_size_t next;
	void (*fn)(size_t i, void *ctx);
	void *ctx;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->n;)
		w->fn(i, w->ctx);
	return NULL;
}

void parallel_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx)
{
	struct work w = {n, 0, fn, ctx};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t threads = cores > 1 ? (size_t)cores : 1;
	if (threads > n)
		threads = n ? n : 1;
	pthread_t *t = xcalloc(threads, sizeof *t);
	size_t started = 0;
	/* a thread that cannot start leaves its share to the others */
	while (started + 1 < threads && pthread_create(&t[started], NULL, worker, &w) == 0)
		started++;
	worker(&w);
	for (size_t k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	free(t);
}
