#pragma once
/*
 * The client side of a lookup: a stack of application caches, OS caches and a stub resolver in
 * front of one or more recursive resolvers (shared/reference/resolvers.md 6.7: "app cache ->
 * OS cache -> recursive"). Each layer is a client profile (resolver/profile.h, client rows of
 * resolvers.md 7.1) and applies its own cache rules: TTL clamps, fixed lifetimes that ignore
 * the TTL, negative and failure caching, stale grace. The bottom of the stack is the stub's
 * transport: timeouts, attempts and the order in which it asks the recursive resolvers
 * (sticky-first, parallel-all, rotate, a fixed resend schedule). A stack with no stub layer
 * uses glibc-stub's transport, the OS default (resolvers.md 3.1).
 *
 * Sans-I/O, as resolver/resolver.h: calls in (a lookup, a resolver's response, a timer),
 * actions out (send this query to resolver i, wake me at t, here is the lookup's result),
 * popped with resolver_stack_next_action(). Virtual time comes in with every call.
 *
 * One resolver_stack holds the configuration and the lookups in flight, and is shared by any
 * number of clients; each client's caches and server state live in a small
 * resolver_stack_client (resolver_stack_client_size() bytes: a fixed array of cache entries
 * per caching layer; see docs/design/clients.md).
 *
 * Not here: the network between client and resolver (the caller delays or drops SENDs), the
 * A/AAAA pair and Happy Eyeballs (one lookup is one qtype), connection reuse, search lists.
 */

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolver/profile.h"
#include "sim/dns.h"

typedef struct resolver_stack resolver_stack;
typedef struct resolver_stack_client resolver_stack_client;

#define RESOLVER_STACK_MAX_LAYERS    8	/* layers in one stack */
#define RESOLVER_STACK_MAX_RESOLVERS 32 /* recursive resolvers one stack can use */
#define RESOLVER_STACK_MAX_SLOTS     64 /* cache entries per layer and client */
#define RESOLVER_STACK_DEFAULT_SLOTS 4	/* slots_per_layer 0 means this */

/* result.layer of an answer that came from a recursive resolver, not from a cache. */
#define RESOLVER_STACK_LAYER_NETWORK (-1)

/* What the application sees at the end of a lookup. */
enum resolver_stack_outcome {
	RESOLVER_STACK_ANSWER,	 /* records of the qtype (after any CNAME chain) */
	RESOLVER_STACK_NXDOMAIN, /* the name does not exist */
	RESOLVER_STACK_NODATA,	 /* the name exists, no records of the qtype */
	RESOLVER_STACK_SERVFAIL, /* a resolver answered with a failure rcode */
	RESOLVER_STACK_TIMEOUT,	 /* the stub gave up without an answer */
};

struct resolver_stack_result {
	enum resolver_stack_outcome outcome;
	/* ANSWER: the records; a reference the caller owns (dns_rrset_unref()). From a cache
	 * layer, the set that owns the records (its ttl field is their TTL at the source, not a
	 * lifetime); ttl_s is what this lookup sees. */
	struct dns_rrset *rrset;
	/* ANSWER: remaining lifetime at the layer that answered, or the record TTL for a network
	 * answer. NXDOMAIN/NODATA: the negative TTL (min(SOA TTL, SOA MINIMUM) from the network,
	 * remaining lifetime from a cache; 0 if no SOA). Failures: 0. Whole seconds. */
	uint32_t ttl_s;
	int layer; /* index of the caching layer that answered, or RESOLVER_STACK_LAYER_NETWORK */
	int resolver; /* network answers: the index of the resolver that answered; else -1 */
	bool stale;   /* an expired entry used under the layer's stale rule (Firefox grace...) */
	int64_t elapsed_ns; /* from resolver_stack_lookup() to this result */
};

enum resolver_stack_action_kind {
	RESOLVER_STACK_ACTION_SEND, /* send msg to resolver; answer with resolver_stack_receive() */
	RESOLVER_STACK_ACTION_TIMER,  /* call resolver_stack_timer(token) at at_ns */
	RESOLVER_STACK_ACTION_RESULT, /* the lookup with this token is finished */
};

struct resolver_stack_action {
	enum resolver_stack_action_kind kind;
	/* SEND and TIMER: a token of the stack's to pass back (below 2^48: callers may use the
	 * top 16 bits); RESULT: the lookup's own token. */
	uint64_t token;
	resolver_stack_client *client; /* whose lookup (borrowed) */
	union { /* by kind: three actions a lookup makes go through a queue, kept small */
		struct {
			guint resolver; /* SEND: 0 = primary, 1 = secondary, ... */
			/* SEND: the query, recursion desired (RD set), class IN: id, question */
			uint16_t msg_id;
			uint16_t qtype;
			uint32_t qname;
		};
		int64_t at_ns;			     /* TIMER: when */
		struct resolver_stack_result result; /* RESULT */
	};
};

/* Counters since creation. */
struct resolver_stack_stats {
	uint64_t lookups;
	uint64_t cache_hits; /* results from a cache layer, stale ones included */
	uint64_t stale_answers;
	uint64_t refreshes; /* background revalidations started by a stale answer */
	uint64_t sends;	    /* queries to recursive resolvers */
	uint64_t results[RESOLVER_STACK_TIMEOUT + 1]; /* by outcome */
};

/*
 * New stack of n_layers client profiles, application first (layers[0]) and the layer closest
 * to the network last, in front of n_resolvers recursive resolvers (1 ..
 * RESOLVER_STACK_MAX_RESOLVERS). The profiles are copied. The transport is that of the last
 * layer with one (timeout_ns or a retry schedule), else glibc-stub's. slots_per_layer is the
 * number of cache entries each caching layer keeps per client (0 = RESOLVER_STACK_DEFAULT_SLOTS;
 * at most RESOLVER_STACK_MAX_SLOTS; a profile's smaller capacity wins). Caller owns;
 * resolver_stack_free() (after every client is cleared).
 */
resolver_stack *resolver_stack_new_profiles(const struct resolver_client_profile *layers,
					    guint n_layers, guint n_resolvers,
					    guint slots_per_layer);

/*
 * As resolver_stack_new_profiles() with profile names (resolver_client_profile_find()).
 * Returns NULL and sets error when a name is unknown or the counts are out of range.
 */
resolver_stack *resolver_stack_new(const char *const *layer_names, guint n_layers,
				   guint n_resolvers, guint slots_per_layer, GError **error);

/* Free the stack; lookups still in flight are dropped without a RESULT. */
void resolver_stack_free(resolver_stack *stack);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(resolver_stack, resolver_stack_free)

/* Bytes of one client's state for this stack (header + 32 bytes per cache slot). */
size_t resolver_stack_client_size(const resolver_stack *stack);

/*
 * Initialise a client in caller storage of resolver_stack_client_size() bytes, aligned for
 * int64_t and pointers (a slice of one big g_malloc'd array is fine). Empty caches, primary
 * resolver current. Returns storage as the client. Clear with resolver_stack_client_clear().
 */
resolver_stack_client *resolver_stack_client_init(resolver_stack *stack, void *storage);

/* Drop the client's cache references and cancel its lookups in flight (no RESULT follows;
 * actions already produced stay queued and responses to their SENDs are ignored). The
 * storage is the caller's again. */
void resolver_stack_client_clear(resolver_stack *stack, resolver_stack_client *client);

/* Heap-allocated client: g_malloc + init. Caller owns; resolver_stack_client_free(). */
resolver_stack_client *resolver_stack_client_new(resolver_stack *stack);
void resolver_stack_client_free(resolver_stack *stack, resolver_stack_client *client);

/*
 * An application lookup of (qname, qtype) by client. token is the caller's and comes back in
 * the RESULT. A cache hit produces the RESULT at once; otherwise SENDs and TIMERs follow. A
 * stale answer produces the RESULT at once and its revalidation continues in the background
 * (its SENDs and TIMERs, no second RESULT).
 */
void resolver_stack_lookup(resolver_stack *stack, resolver_stack_client *client, uint32_t qname,
			   uint16_t qtype, uint64_t token, int64_t now_ns);

/* The response to the SEND with this token. Unknown, finished or mismatched (other question)
 * tokens are ignored. response is borrowed; referenced RRsets may be kept. */
void resolver_stack_receive(resolver_stack *stack, uint64_t token, const struct dns_msg *response,
			    int64_t now_ns);

/* resolver_stack_receive() for a NOERROR response to (qname, qtype) whose answer section is
 * rrset alone, with TTL ttl_s (a resolver's cache answer, dnsnet_rrset_answer_fn): the same
 * outcome, without the message. The RESULT then holds rrset itself, whose ttl field is not the
 * answer's (result.ttl_s is). rrset is borrowed; the stack takes its own references. */
void resolver_stack_receive_answer(resolver_stack *stack, uint64_t token, uint32_t qname,
				   uint16_t qtype, struct dns_rrset *rrset, uint32_t ttl_s,
				   int64_t now_ns);

/* A TIMER fired. Stale tokens (superseded or finished lookups) are ignored. */
/* Would a TIMER action's token still do something now (its lookup is in flight and has not
 * re-armed)? A caller that carries out actions in order can drop timers that went stale in the
 * same batch (an answer that came back at once) instead of scheduling them. */
bool resolver_stack_timer_live(const resolver_stack *stack, uint64_t token);

void resolver_stack_timer(resolver_stack *stack, uint64_t token, int64_t now_ns);

/* Pop the next action, in the order they were produced. FALSE when there is none. */
bool resolver_stack_next_action(resolver_stack *stack, struct resolver_stack_action *out);

/* Number of layers, and the profile name of layer i (static). */
guint resolver_stack_layer_count(const resolver_stack *stack);
const char *resolver_stack_layer_name(const resolver_stack *stack, guint i);

/* Name of the profile whose transport the stack uses ("glibc-stub" when no layer has one). */
const char *resolver_stack_transport_name(const resolver_stack *stack);

/* The Linux TCP connect timeout (tcp_syn_retries = 6, resolvers.md 3.15): the default. */
#define RESOLVER_STACK_CONNECT_TIMEOUT_NS (INT64_C(127) * 1000 * 1000 * 1000)

/*
 * How the program on top of the stack connects to what it resolved (resolvers.md 3.15): whether
 * a failed connect goes on to the next address (the top layer decides: the application, or the
 * OS library's naive loop), and how long a connect to a dead address waits (the first layer
 * from the top that sets one, else RESOLVER_STACK_CONNECT_TIMEOUT_NS).
 */
void resolver_stack_connect_policy(const resolver_stack *stack, bool *next_address,
				   int64_t *timeout_ns);

/* Counters. Borrowed. */
const struct resolver_stack_stats *resolver_stack_get_stats(const resolver_stack *stack);

/* Name of an outcome ("answer", "nxdomain", "nodata", "servfail", "timeout"). Static. */
const char *resolver_stack_outcome_name(enum resolver_stack_outcome outcome);
