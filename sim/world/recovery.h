#pragma once
/*
 * How clients move away from a failed backend: for each failure on the timeline (a backend that
 * stops serving users: down, health-endpoint-only, flapping) and each client that asks during
 * it, when it first got a successful request to another backend and when it last went to the
 * failed one. The distribution of those times is the failover figure users come for
 * (docs/design/world.md). A failure is followed until its backend serves again.
 *
 * Per-client state is two 32-bit millisecond offsets per failure (8 bytes a client), so a
 * population of a million clients costs 8 MB per failure.
 */

#include <glib.h>
#include <stdint.h>

#include "sim/world/clients.h"

typedef struct recovery recovery;

/* Followed failures for n_pops populations of sizes[i] clients each. */
recovery *recovery_new(guint n_pops, const uint64_t *sizes);
void recovery_free(recovery *r);

/* backend (an index of the caller's, named name) stops serving users at now. Ignored while a
 * failure of the same backend is followed. */
void recovery_failure_start(recovery *r, int backend, const char *name, int64_t now_ns);

/* backend serves users again at now: its failure is no longer followed. */
void recovery_failure_end(recovery *r, int backend, int64_t now_ns);

/* A finished request (clients_result_fn). */
void recovery_observe(recovery *r, guint population, uint64_t client,
		      const struct clients_request *req, int64_t now_ns);

/* Start loading a client's state of the followed failures (it is about to make a request). */
void recovery_prefetch(const recovery *r, guint population, uint64_t client);

/* Number of failures followed so far, in the order they started. */
guint recovery_failure_count(const recovery *r);

struct recovery_failure {
	const char *backend; /* name */
	int64_t start_ns;
	int64_t end_ns;		  /* INT64_MAX while still failing */
	uint64_t failed_requests; /* requests that failed while it was followed */
};

const struct recovery_failure *recovery_failure_get(const recovery *r, guint failure);

/*
 * Samples of failure (or every failure, pooled, when failure < 0) for population (or all when
 * population < 0): appended to moved (seconds from the failure to a client's first successful
 * request elsewhere) and last_old (seconds to its last request to the failed backend), as
 * doubles. not_moved counts clients that went to the failed backend and never reached another;
 * client_seconds adds, for every client that asked during the failure, the seconds it spent
 * without service: until it moved, else until the failure ended (or until_ns, the end of the
 * run, if it never did). Returns FALSE if no failure matches.
 */
gboolean recovery_samples(const recovery *r, int failure, int population, int64_t until_ns,
			  GArray *moved, GArray *last_old, uint64_t *not_moved,
			  double *client_seconds);
