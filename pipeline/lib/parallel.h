/*
 * parallel: the same work on many independent items, on every core. For
 * a stage whose items (files to hash, archives to write) share nothing:
 * each call of fn gets one index and must only touch what that index owns.
 */
#ifndef BAOCAO_PARALLEL_H
#define BAOCAO_PARALLEL_H

#include <stddef.h>

/*
 * Calls fn(i, ctx) once for every i in [0, n), on as many threads as the
 * machine has cores (the caller's among them), in no set order, and
 * returns when every call has. One thread for a single core or n < 2.
 */
void parallel_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx);

#endif
