/*
 * validate_pipeline: runs a file's batches through four steps on a few
 * threads: parse (in order), check (any thread, several batches at once),
 * sequence and write (one batch at a time, in batch order). The caller's
 * steps do the work on its slots; the pipeline only decides who runs what.
 */
#ifndef BAOCAO_VALIDATE_PIPELINE_H
#define BAOCAO_VALIDATE_PIPELINE_H

#include <stddef.h>

struct vpipe_ops {
	/* parses batch number `batch` into slot; returns its records, 0 at the end */
	size_t (*parse)(void *ctx, int slot, size_t batch);
	/* checks the slot's records; may run on any thread, for several slots at once */
	void (*check)(void *ctx, int slot, size_t batch);
	/* decides the slot's records (keys, reports), one batch at a time in batch order */
	void (*sequence)(void *ctx, int slot, size_t batch);
	/* writes the slot's records, one batch at a time in batch order */
	void (*write)(void *ctx, int slot, size_t batch);
};

/* Runs batches through parse, check, sequence and write with threads helper threads. */
void vpipe_run(const struct vpipe_ops *ops, void *ctx, int nslots, int threads);

#endif
