/*
 * aggregate_write: what the aggregate stage writes from a counted period:
 * each organisation's JSON file (its figures, its whole subtree's, its
 * children's key figures, the change against the previous year and its
 * warnings, keys always in one order), the appendix table for Excel (as
 * CSV and as a workbook), and the removal of files of organisations no longer in the period.
 */
#ifndef BAOCAO_AGGREGATE_WRITE_H
#define BAOCAO_AGGREGATE_WRITE_H

#include "aggregate_count.h"
#include "jsonfile.h"
#include "outfile.h"

/* Appends organisation i's JSON file (with its final newline) to w->out. */
void write_org(struct jsonw *w, const struct run *r, size_t i);

/*
 * Puts the appendix table outdir/bang_so_lieu.csv for Excel in vi-VN
 * (UTF-8 with BOM, ';' between fields, decimal commas, CRLF; a row per
 * TCCSĐ by code, and the total) into batch, and writes the same table as
 * outdir/bang_so_lieu.xlsx (numbers as numbers, the rate as a percentage).
 * Each is replaced only when it changes; returns how many were.
 */
int write_appendix(const struct run *r, const char *outdir, struct outbatch *batch);

/* Removes the files of outdir that belong to no organisation of r's period. */
void remove_stale(const struct run *r, const char *outdir);

#endif
