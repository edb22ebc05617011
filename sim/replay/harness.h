#pragma once
/*
 * The replay harness: plays one parsed .rpl scenario (sim/replay/rpl.h) against the recursive
 * resolver model (resolver/resolver.h) on a virtual clock, and says PASS, FAIL with the first
 * difference, or SKIP with the reason the file cannot say anything about the model.
 *
 * It builds a resolver profile from the file's config (the "unbound" preset for testbound
 * files, "knot-6" for Deckard files, then the file's knobs), the root hints, stub zones and
 * forwarders; then it plays the steps the way the file's tool does: testbound's event loop for
 * unbound files (canned traffic flows before each step, queries nothing answers stay
 * outstanding until a REPLY/TIMEOUT step), Deckard's blocking client for Deckard files (a query
 * nothing answers gets SERVFAIL and fails the file). Matching and comparison follow
 * rpl-format.md section 3; docs/design/replay.md lists every choice and every skip.
 *
 * Not here: parsing (rpl.h), printing and process isolation (sim/cli/replay.c).
 */

#include <glib.h>
#include <stdint.h>

#include "sim/replay/rpl.h"

enum replay_verdict {
	REPLAY_PASS,
	REPLAY_FAIL,
	REPLAY_SKIP,
};

/* "PASS", "FAIL", "SKIP". Static. */
const char *replay_verdict_name(enum replay_verdict verdict);

struct replay_result {
	enum replay_verdict verdict;
	char *reason; /* owned; one line: what was checked, the first difference, or why not */
};

struct replay_options {
	uint64_t seed;	/* the resolver's random stream (server choice) */
	GString *trace; /* if not NULL, the resolver's trace and the harness's own lines */
};

/*
 * Play sc and fill result (result->reason is the caller's: replay_result_clear()). opts may be
 * NULL (seed 1, no trace). Never fails as a C function: bad or unsupported input becomes a
 * SKIP, a resolver that misbehaves a FAIL.
 */
void replay_run(const struct replay_scenario *sc, const struct replay_options *opts,
		struct replay_result *result);

/* Free the reason. */
void replay_result_clear(struct replay_result *result);
