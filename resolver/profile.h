#pragma once
/*
 * Resolver profiles: the knobs of a recursive resolver model as one plain record, the preset
 * table of real software (shared/reference/resolvers.md section 7.1, recursive rows), and the
 * scenario overrides (`resolver NAME profile=P max-ttl=1h ...`). A second table describes the
 * stub and application caches in front of a recursive resolver (client rows of section 7.1).
 *
 * This module is data only: it does not cache, time out or select servers. The cache
 * (resolver/cache.h) and the resolver model read the record. The tables are const and static;
 * a resolver instance copies its preset and then applies overrides to the copy.
 *
 * Units: TTL-like values are whole seconds (uint32_t, as DNS TTLs are, RFC 1035 3.2.1), timers
 * are nanoseconds of virtual time (int64_t).
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Largest TTL (RFC 2181 8: 2^31 - 1); also "no cap" in the clamp fields. */
#define RESOLVER_TTL_MAX_S UINT32_C(2147483647)

/* TTL 0 on store (resolvers.md 7.2). Order = the scenario language's ttl0 choices. */
enum resolver_ttl0_policy {
	RESOLVER_TTL0_NO_CACHE, /* RFC 1035 3.2.1: used for the transaction in progress only */
	RESOLVER_TTL0_RAISE,	/* raised to the min-ttl floor (Knot 5 s, PowerDNS 1 s) */
};

/* RFC 8767 serve-stale (resolvers.md 6.4). Order = the language's serve-stale choices. */
enum resolver_stale_mode {
	RESOLVER_STALE_OFF,
	RESOLVER_STALE_IMMEDIATE,  /* answer stale at once, refresh in the background */
	RESOLVER_STALE_TIMER,	   /* refresh; answer stale if no fresh answer within stale_timer */
	RESOLVER_STALE_ON_FAILURE, /* refresh; answer stale only if the refresh fails */
};

/* Whose NS RRset drives recursion (resolvers.md section 4). Order = the language's choices. */
enum resolver_delegation {
	RESOLVER_DELEGATION_PARENT, /* referral NS and glue (BIND 9.21.21+) */
	RESOLVER_DELEGATION_CHILD,  /* the child's authoritative NS outranks the referral */
};

/* How QNAME minimisation (RFC 9156) walks down (resolvers.md 1.8). */
enum resolver_qmin_style {
	/* Unbound: hidden labels asked with QTYPE A, one label more per step from the last
	 * name asked; a NOERROR answer for a hidden name goes one label deeper (the full name is
	 * asked as A too before the real type); any other rcode falls back to the full name. */
	RESOLVER_QMIN_A_LABELS,
	/* Knot Resolver and BIND: the zone cut plus one label, QTYPE NS; any answer for a hidden
	 * name that is not a referral turns minimisation off for the query (full name). */
	RESOLVER_QMIN_NS_CUT,
};

/* Upstream server selection (resolvers.md 6.6). Order = the language's selection choices. */
enum resolver_selection {
	RESOLVER_SELECTION_BAND_RANDOM,	   /* Unbound: random within a band of the best RTO */
	RESOLVER_SELECTION_LOWEST_SRTT,	   /* BIND */
	RESOLVER_SELECTION_EPSILON_GREEDY, /* Knot */
	RESOLVER_SELECTION_FASTEST_EWMA,   /* PowerDNS */
	RESOLVER_SELECTION_STICKY_FIRST,   /* glibc, Windows, systemd-resolved */
	RESOLVER_SELECTION_PARALLEL_ALL,   /* musl */
};

/*
 * When a cache hit makes an entry eligible for prefetch (resolvers.md 6.5). "remaining" is the
 * answer TTL in whole seconds (rounded down), "orig" the TTL the entry was stored with.
 */
enum resolver_prefetch_rule {
	/* remaining <= orig * percent / 100 (integer division). Unbound: percent 10, i.e.
	 * PREFETCH_TTL_CALC(ttl) = ttl - ttl/10 (msgparse.h:103); PowerDNS refresh-on-ttl-perc. */
	RESOLVER_PREFETCH_PERCENT,
	/* remaining <= trigger_s and orig >= eligible_s (BIND `prefetch 2 9`). */
	RESOLVER_PREFETCH_TRIGGER,
	/* 100 * (remaining - trigger_s) < orig * percent (Knot: percent 1, trigger 5 s:
	 * remaining < 1% of orig + 5 s, lib/cache/impl.h). */
	RESOLVER_PREFETCH_PERCENT_PLUS,
};

/* A recursive resolver's behaviour. Plain record; copy freely. */
struct resolver_profile {
	const char *name; /* static */

	/* Positive TTL clamp, applied in the order of resolvers.md 6.1. */
	uint32_t min_ttl_s;    /* floor */
	uint32_t max_ttl_s;    /* cap; RESOLVER_TTL_MAX_S = none */
	bool ttl_top_bit_zero; /* TTL with bit 31 set: true = 0 (RFC 2181 8), false = 2^31-1
				* then capped (RFC 8767 4) */
	enum resolver_ttl0_policy ttl0;

	/* Negative answers (RFC 2308; resolvers.md 6.2): base min(SOA TTL, SOA MINIMUM). */
	uint32_t neg_min_ttl_s;
	uint32_t neg_max_ttl_s;
	bool neg_requires_soa; /* RFC 2308 5: no SOA, not cached; else cached neg_min_ttl_s */
	bool nxdomain_cut;     /* RFC 8020: a cached NXDOMAIN at X answers every name below X */

	/* Resolution failures (RFC 9520; resolvers.md 6.3): the n-th consecutive failure is
	 * cached max(start, min(start * factor^(n-1), cap)); start 0 = failures not cached. */
	uint32_t servfail_ttl_s;
	uint32_t servfail_factor;
	uint32_t servfail_max_ttl_s;

	/* Serve-stale (RFC 8767; resolvers.md 6.4). The stale_* values are the software's values
	 * "if switched on" even when the mode is off, so an override of the mode alone is
	 * meaningful. */
	enum resolver_stale_mode serve_stale;
	bool ede_stale; /* a stale answer to an EDNS client carries EDE 3, Stale Answer (RFC 8914
			 * 4.4; Unbound ede + ede-serve-expired, off by default) */
	uint32_t stale_ttl_s;	       /* TTL of a stale answer */
	bool stale_ttl_capped_by_orig; /* Unbound: min(stale_ttl, original TTL) */
	int64_t stale_timer_ns;	       /* TIMER mode: client response timer */
	uint32_t max_stale_s;	       /* longest time past expiry data may be served */
	int64_t stale_recheck_ns;      /* after a failed refresh, answer stale without asking */

	/* Prefetch (resolvers.md 6.5). The rule fields hold the software's rule even when off. */
	bool prefetch;
	enum resolver_prefetch_rule prefetch_rule;
	uint32_t prefetch_percent;
	uint32_t prefetch_trigger_s;
	uint32_t prefetch_eligible_s;

	/* Cache capacity in entries (one entry per RRset, negative answer or failure); 0 = no
	 * limit. */
	uint64_t cache_size;

	/* Answers to clients: false = minimal (the default of every preset: Unbound's
	 * minimal-responses yes); true = the zone's NS in authority and their addresses in
	 * additional, as Unbound with minimal-responses: no and BIND's minimal-responses no. */
	bool full_responses;
	/* Negative answers to clients also carry the other authority records of the reply (its
	 * NS set), not just the SOA (Knot Resolver's pick_authority()). */
	bool neg_authority_copy;
	/* The additional section of an answer (not a referral) is not cached: addresses come
	 * only from referral glue and from answers to address queries (Knot Resolver: only
	 * authority records are picked from a final answer). */
	bool answer_additional_ignored;

	/* Iteration. */
	bool qname_minimisation; /* RFC 9156 */
	enum resolver_qmin_style qmin_style;
	bool prime_root; /* RFC 8109: ask the hints for the root NS RRset before iterating */
	bool cname_cut_in_reply; /* keep only the answer records owned by the name asked: the
				  * rest of a CNAME chain in a reply is resolved anew
				  * (Unbound iter_scrub.c scrub_sanitize) */
	enum resolver_delegation delegation;
	bool ns_ttl_capped_by_parent;  /* Unbound: a child NS never outlives the referral's TTL */
	uint32_t delegation_min_ttl_s; /* floor on NS and glue TTLs (BIND 9.21.24+: 60 s) */

	/* Upstream queries. 0 in max_sends or query_budget_ns = no limit. */
	int64_t timeout_ns; /* initial retransmission timeout for an unknown server */
	int64_t rto_min_ns; /* RTO bounds once an RTT is known */
	int64_t rto_max_ns;
	uint32_t tries_per_server; /* the language's `retries` key */
	uint32_t max_sends;	   /* upstream queries per client query */
	int64_t query_budget_ns;   /* total time spent on one client query */
	enum resolver_selection selection;
	int64_t selection_band_ns; /* BAND_RANDOM: candidates within this of the best */
	double explore_ratio;	   /* EPSILON_GREEDY: share of exploring choices */
	int64_t infra_ttl_ns;	   /* how long a server stays marked down */
};

/* The preset named name (a resolvers.md 7.1 recursive row), or NULL. Static, borrowed. */
const struct resolver_profile *resolver_profile_find(const char *name);

/* NULL-terminated list of the preset names, in table order. Static. */
const char *const *resolver_profile_names(void);

/* The same list as an array, for static tables elsewhere (the scenario language's choices). */
extern const char *const resolver_profile_name_table[];

/*
 * Apply one scenario override to p. key is a resolver key of the scenario language
 * (sim/scenario/schema.c) and value its validated value as the scenario loader holds it
 * (struct scenario_attr.i): a duration in ns, an integer, or an enum index into the key's
 * choices (on/off keys: 0 = off, 1 = on). TTL-like keys (min-ttl, max-ttl, neg-min-ttl,
 * neg-max-ttl, servfail-ttl, stale-ttl, max-stale) keep whole seconds, rounded down.
 * Returns FALSE, leaving p unchanged, when key is not a behaviour knob of this record
 * (profile, at, address, ecs, vpc, forward belong to the world builder) or value is out of
 * the key's range; the scenario validator has already rejected bad input, so FALSE there
 * means a key was added to the language without a model.
 */
gboolean resolver_profile_apply(struct resolver_profile *p, const char *key, int64_t value);

/* Names of enum values as the scenario language writes them (static strings). */
const char *resolver_ttl0_policy_name(enum resolver_ttl0_policy policy);
const char *resolver_stale_mode_name(enum resolver_stale_mode mode);
const char *resolver_delegation_name(enum resolver_delegation delegation);
const char *resolver_selection_name(enum resolver_selection selection);

/*
 * Stub, OS and application caches (resolvers.md sections 3 and 7.1, client rows). They sit in
 * front of a recursive resolver (6.7) and differ from it mainly in how they treat the TTL.
 */
enum resolver_client_cache {
	RESOLVER_CLIENT_CACHE_NONE,	    /* every lookup goes to the resolver */
	RESOLVER_CLIENT_CACHE_TTL,	    /* record TTL clamped to [min_ttl_s, max_ttl_s] */
	RESOLVER_CLIENT_CACHE_FIXED,	    /* fixed_ttl_s whatever the TTL */
	RESOLVER_CLIENT_CACHE_TTL_FALLBACK, /* record TTL when known, else fixed_ttl_s */
};

enum resolver_client_negative {
	RESOLVER_CLIENT_NEG_NOT_CACHED,
	RESOLVER_CLIENT_NEG_FIXED, /* neg_fixed_s */
	RESOLVER_CLIENT_NEG_SOA,   /* min(SOA TTL, MINIMUM) clamped to [neg_min, neg_max] */
};

enum resolver_client_order {
	RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* start with the first (or current) server */
	RESOLVER_CLIENT_ORDER_PARALLEL_ALL, /* every server at once, first answer wins */
	RESOLVER_CLIENT_ORDER_ROTATE,	    /* round-robin start server */
};

/* Infinite lifetime for fixed caches ("resolved once at start"). */
#define RESOLVER_CLIENT_FOREVER_S UINT32_MAX

struct resolver_client_profile {
	const char *name; /* static */
	enum resolver_client_cache cache;
	uint32_t min_ttl_s;   /* TTL kinds */
	uint32_t max_ttl_s;   /* RESOLVER_TTL_MAX_S = none */
	uint32_t fixed_ttl_s; /* FIXED, and the fallback of TTL_FALLBACK */
	bool ttl0_cached;     /* false: TTL 0 answers are not cached */

	enum resolver_client_negative negative;
	uint32_t neg_fixed_s;
	uint32_t neg_min_ttl_s;
	uint32_t neg_max_ttl_s;
	bool neg_doubling;	 /* mDNSResponder: a repeated negative doubles, up to neg_max */
	bool neg_nxdomain_only;	 /* only NXDOMAIN cached, not transient failures (curl 8.22) */
	uint32_t servfail_ttl_s; /* failures cached this long (0 = not cached) */

	int64_t stale_grace_ns; /* expired entry still used while revalidating (Firefox) */
	uint32_t stale_reloads; /* nscd: keep the old record over this many failed reloads */

	int64_t timeout_ns; /* per attempt; 0 = not a stub (uses the OS) */
	uint32_t attempts;
	uint32_t max_servers;
	enum resolver_client_order order;
	bool keep_server; /* STICKY_FIRST: stay on the server that last worked instead of server
			   * 1 each lookup, attempts counted across servers (systemd-resolved) */
	const int64_t *retry_schedule_ns; /* send times of one lookup from its start,
					   * terminated by -1 (Windows), or NULL */
	int64_t lookup_budget_ns;	  /* time before the stub gives up; 0 = not a stub */
	int64_t refresh_ns;	   /* re-resolve period independent of TTL (Envoy), 0 = none */
	int64_t happy_eyeballs_ns; /* delay before the other address family; 0 = none */
	uint64_t capacity;	   /* entries; 0 = no limit or no cache */
	/* Connecting (resolvers.md 3.15): does a failed connect move on to the answer's next
	 * address, and how long does a connect to a dead address wait (0 = the OS's TCP connect
	 * timeout: Linux 127 s, Windows 21 s, macOS 75 s). */
	bool next_address;
	int64_t connect_timeout_ns;
};

/* The client profile named name, or NULL. Static, borrowed. */
const struct resolver_client_profile *resolver_client_profile_find(const char *name);

/* NULL-terminated list of client profile names, in table order. Static. */
const char *const *resolver_client_profile_names(void);

/* The same list as an array, for static tables elsewhere (the scenario language's choices). */
extern const char *const resolver_client_profile_name_table[];
