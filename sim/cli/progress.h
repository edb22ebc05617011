#pragma once
/*
 * A progress bar on stderr for long runs: virtual time done, wall time elapsed and an
 * estimate of the time left, redrawn in place at most ten times a second. Only for a
 * terminal: cli_progress_new() returns NULL when the stream is not one, so piped or logged
 * output never holds it. Wall-clock time only shapes this display, never a result.
 */

#include <stdint.h>
#include <stdio.h>

typedef struct cli_progress cli_progress;

/* A bar for a run of total_ns of virtual time on out, or NULL if out is not a terminal.
 * Caller owns (cli_progress_free). */
cli_progress *cli_progress_new(FILE *out, int64_t total_ns);

/* Show done_ns of virtual time done (redraws only if 100 ms passed since the last draw). */
void cli_progress_update(cli_progress *p, int64_t done_ns);

/* Erase the bar and free it. NULL is accepted. */
void cli_progress_free(cli_progress *p);
