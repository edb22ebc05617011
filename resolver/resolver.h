#pragma once
/*
 * The recursive resolver model: iterative resolution from root hints (RFC 1034 5.3.3), or
 * forwarding, with the cache (resolver/cache.h) and the behaviour of a profile
 * (resolver/profile.h).
 *
 * Sans-I/O (Knot Resolver's shape, STYLE.md): the resolver never sends or sleeps. Inputs are
 * calls (a client query, an upstream response, a timer); outputs are actions the caller pops
 * with resolver_next_action(): "send this query to that address", "wake me at t", "here is the
 * answer for that client". The caller (the world on the engine, the replay harness, a test)
 * decides what the network does with a query. Virtual time comes in with every call.
 *
 * Not here: the network, anycast, client stubs (resolver/stub.h), ECS.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "resolver/cache.h"
#include "resolver/profile.h"
#include "sim/dns.h"

typedef struct resolver resolver;

/* A root hint: a root server's host name and one address (RFC 1034 5.3.3 SBELT). */
struct resolver_hint {
	uint32_t host;
	char *address;
};

enum resolver_action_kind {
	RESOLVER_ACTION_SEND,	/* send msg to address; answer with resolver_receive(token) */
	RESOLVER_ACTION_TIMER,	/* call resolver_timer(token) at at_ns */
	RESOLVER_ACTION_ANSWER, /* msg is the response to the client query client_token */
};

struct resolver_action {
	enum resolver_action_kind kind;
	uint64_t token;	     /* SEND and TIMER: pass back to resolver_receive()/resolver_timer() */
	const char *address; /* SEND: the server's address, borrowed until resolver_free() */
	bool tcp;	     /* SEND: over TCP (after a truncated UDP answer) */
	struct dns_msg *msg; /* SEND: the upstream query; ANSWER: the response. Caller owns. */
	int64_t at_ns;	     /* TIMER: when */
	uint64_t client_token; /* ANSWER: the token given to resolver_query() */
};

/* Counters since creation (for metrics and tests). */
struct resolver_stats {
	uint64_t client_queries;
	uint64_t cache_answers; /* answered from cache without upstream traffic */
	uint64_t upstream_sends;
	uint64_t timeouts;
	uint64_t servfails; /* SERVFAIL answers to clients */
	uint64_t stale_answers;
};

/*
 * New resolver. profile is copied. names is borrowed (must outlive the resolver). hints are
 * copied (host + address). seed drives the resolver's own random stream (server choice), via
 * sim_rng_init(seed, name, "resolver"). Caller owns; resolver_free().
 */
resolver *resolver_new(const char *name, const struct resolver_profile *profile, dns_names *names,
		       const struct resolver_hint *hints, guint n_hints, uint64_t seed);
void resolver_free(resolver *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(resolver, resolver_free)

/* Forward every query to these addresses (RD set) instead of iterating. NULL-terminated. */
void resolver_set_forwarders(resolver *r, const char *const *addresses);

/* A stub zone: iterate from these addresses for names under zone (unbound stub-zone). */
void resolver_add_stub_zone(resolver *r, uint32_t zone, const char *const *addresses);

/* A client query (its id, question and flags are read; it is not kept). Actions follow. */
void resolver_query(resolver *r, const struct dns_msg *query, uint64_t client_token,
		    int64_t now_ns);

/*
 * resolver_query(), except that a fresh positive cache answer with nothing else due (no trace,
 * no full-response profile, no prefetch) is returned instead of queued: the cached RRset
 * (caller owns a reference; its ttl field is the one it was stored with) and the TTL left in
 * *ttl_s. It stands for the response resolver_query() would queue as an ANSWER action:
 * NOERROR, that RRset alone in the answer section with TTL *ttl_s, the query's id, question and
 * flags. NULL: the query went the ordinary way (actions follow, as ever).
 */
struct dns_rrset *resolver_query_answer(resolver *r, const struct dns_msg *query,
					uint64_t client_token, int64_t now_ns, uint32_t *ttl_s);

/* The response to the SEND with this token (unknown or finished tokens are ignored). */
void resolver_receive(resolver *r, uint64_t token, const struct dns_msg *response, int64_t now_ns);

/* A TIMER fired (stale tokens are ignored). */
void resolver_timer(resolver *r, uint64_t token, int64_t now_ns);

/* Pop the next action, in the order they were produced. FALSE when there is none. */
bool resolver_next_action(resolver *r, struct resolver_action *out);

/* Drop the cache and the server knowledge (a restart). */
void resolver_restart(resolver *r);

/* The cache, for inspection and flushes. Borrowed. */
resolver_cache *resolver_get_cache(resolver *r);

/* Counters. Borrowed. */
/* The name it was made with. */
const char *resolver_name(const resolver *r);

const struct resolver_stats *resolver_get_stats(const resolver *r);

/* Write a line per step (queries sent and why, referrals, cache hits) into trace; NULL stops. */
void resolver_set_trace(resolver *r, GString *trace);

/* The same for one client query only: the steps of the query with client_token, and of the
 * requests it starts (root priming, NS address look-ups, a prefetch); other clients' queries
 * to the same resolver are handled as ever but not written. */
void resolver_set_trace_client(resolver *r, GString *trace, uint64_t client_token);
