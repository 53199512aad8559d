/*
 * validate_pipeline: runs a file's batches through four steps on a few
 * threads. Parsing is sequential (one batch at a time, in order); checking
 * a parsed batch can run on any thread; sequencing (keys, reports) and then
 * writing run one batch at a time in batch order, on any thread. Each
 * thread takes whatever step is ready, the oldest batch first, so both
 * cores stay busy whichever step is slow.
 */
#include <pthread.h>
#include <stdlib.h>

#include "validate_pipeline.h"

#include "util.h"

enum slot_state { FREE, PARSING, PARSED, CHECKING, CHECKED, SEQUENCED };

struct pipe {
	const struct vpipe_ops *ops;
	void *ctx;
	int nslots;
	enum slot_state *state;
	size_t next_parse;  /* batch numbers */
	size_t next_seq;
	size_t next_write;
	int parser_busy;
	int sequencer_busy;
	int writer_busy;
	int end_seen;       /* a parse returned no record: next_parse is the end */
	int checked_first;  /* batch 0 (the header) is checked */
	int done;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/*
 * Runs an in-order step (sequencing or writing) on batch *next if that batch
 * is `ready`, no thread runs the step, and *next is below `limit`; the batch
 * is then `done`. Returns 1 when it ran. Called and returns with the mutex held.
 */
static int run_in_order(struct pipe *p, int *busy, size_t *next, size_t limit,
			enum slot_state ready, enum slot_state done,
			void (*step)(void *ctx, int slot, size_t batch))
{
	int s = (int)(*next % (size_t)p->nslots);
	if (*busy || *next >= limit || p->state[s] != ready)
		return 0;
	size_t b = *next;
	*busy = 1;
	pthread_mutex_unlock(&p->mu);
	step(p->ctx, s, b);
	pthread_mutex_lock(&p->mu);
	*busy = 0;
	p->state[s] = done;
	(*next)++;
	pthread_cond_broadcast(&p->cv);
	return 1;
}

/* Runs one step that is ready; returns 0 when none is. Called and returns with the mutex held. */
static int run_step(struct pipe *p)
{
	if (run_in_order(p, &p->writer_busy, &p->next_write, p->next_seq, SEQUENCED, FREE,
			 p->ops->write) ||
	    run_in_order(p, &p->sequencer_busy, &p->next_seq, p->next_parse, CHECKED, SEQUENCED,
			 p->ops->sequence))
		return 1;
	/* check the oldest parsed batch first: sequencing waits for it */
	for (size_t b = p->next_seq; b < p->next_parse; b++) {
		int s = (int)(b % (size_t)p->nslots);
		if (p->state[s] != PARSED || (b > 0 && !p->checked_first))
			continue;
		p->state[s] = CHECKING;
		pthread_mutex_unlock(&p->mu);
		p->ops->check(p->ctx, s, b);
		pthread_mutex_lock(&p->mu);
		p->state[s] = CHECKED;
		if (b == 0)
			p->checked_first = 1;
		pthread_cond_broadcast(&p->cv);
		return 1;
	}
	int s = (int)(p->next_parse % (size_t)p->nslots);
	if (!p->end_seen && !p->parser_busy && p->state[s] == FREE &&
	    p->next_parse < p->next_write + (size_t)p->nslots) {
		size_t b = p->next_parse;
		p->parser_busy = 1;
		p->state[s] = PARSING;
		pthread_mutex_unlock(&p->mu);
		size_t n = p->ops->parse(p->ctx, s, b);
		pthread_mutex_lock(&p->mu);
		p->parser_busy = 0;
		p->state[s] = n ? PARSED : FREE;
		if (n == 0)
			p->end_seen = 1;
		else
			p->next_parse++;
		pthread_cond_broadcast(&p->cv);
		return 1;
	}
	return 0;
}

static void *helper(void *arg)
{
	struct pipe *p = arg;

	pthread_mutex_lock(&p->mu);
	while (!p->done)
		if (!run_step(p))
			pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void vpipe_run(const struct vpipe_ops *ops, void *ctx, int nslots, int threads)
{
	struct pipe p = {.ops = ops, .ctx = ctx, .nslots = nslots};
	pthread_t thread;
	int started = 0;

	p.state = xcalloc((size_t)nslots, sizeof *p.state);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	if (threads > 0 && pthread_create(&thread, NULL, helper, &p) == 0)
		started = 1;

	pthread_mutex_lock(&p.mu);
	while (!(p.end_seen && p.next_write == p.next_parse))
		if (!run_step(&p))
			pthread_cond_wait(&p.cv, &p.mu);
	p.done = 1;
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	if (started)
		pthread_join(thread, NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	free(p.state);
}
