#pragma once
/*
 * The cache of a recursive resolver model: positive RRsets, negative answers (RFC 2308) and
 * resolution failures (RFC 9520), with the TTL rules of a resolver profile (resolver/profile.h,
 * resolvers.md section 6), RFC 2181 5.4.1 credibility, serve-stale windows (RFC 8767), prefetch
 * eligibility and a deterministic LRU capacity limit.
 *
 * Sans-I/O and passive: every call takes the virtual time now_ns; nothing here schedules,
 * resolves or sends. The resolver model decides what to do with a stale or failure answer and
 * when to prefetch; the cache only tells it what it holds.
 *
 * Keys: a positive RRset and a NODATA share (owner, type, class); an NXDOMAIN is one entry per
 * (owner, class) covering every type; a failure is (owner, type, class) in a separate key
 * space, so caching a failure never drops the data kept for serve-stale.
 *
 * Memory: one dense array of 40-byte entries plus an open-addressing index of 8-byte slots
 * (docs/design/resolver-cache.md has the measured figure). RRsets are shared by reference.
 */

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolver/profile.h"
#include "sim/dns.h"

typedef struct resolver_cache resolver_cache;

/*
 * RFC 2181 5.4.1 ranking of data, higher = more trustworthy (the RFC lists them the other way
 * round; its item number is given with each value).
 */
enum resolver_rank {
	RESOLVER_RANK_ADDITIONAL = 1,	  /* 7: additional section, non-authoritative authority
					   * section: referral NS and glue */
	RESOLVER_RANK_NONAUTH_ANSWER = 2, /* 6: answer section of a non-authoritative reply */
	RESOLVER_RANK_ZONE_GLUE = 3,	  /* 5: glue from a primary zone or a transfer */
	RESOLVER_RANK_AUTH_AUTHORITY = 4, /* 4: authority section of an authoritative reply */
	RESOLVER_RANK_AUTH_ANSWER = 5,	  /* 3: answer section of an authoritative reply */
	RESOLVER_RANK_ZONE_TRANSFER = 6,  /* 2: data from a zone transfer (not glue) */
	RESOLVER_RANK_PRIMARY_ZONE = 7,	  /* 1: data from the primary zone file (not glue) */
};

enum resolver_negative {
	RESOLVER_NEGATIVE_NONE,
	RESOLVER_NEGATIVE_NXDOMAIN, /* RFC 2308 2.1: the name does not exist, any type */
	RESOLVER_NEGATIVE_NODATA,   /* RFC 2308 2.2: the name exists, not with this type */
};

enum resolver_cache_status {
	RESOLVER_CACHE_MISS,
	RESOLVER_CACHE_HIT,	 /* live positive RRset */
	RESOLVER_CACHE_NEGATIVE, /* live NXDOMAIN or NODATA */
	RESOLVER_CACHE_FAILURE,	 /* live cached resolution failure (RFC 9520) */
	RESOLVER_CACHE_STALE,	 /* only expired data, within the profile's max-stale */
};

/* What a lookup found. Pointers are borrowed: valid until the next call that stores, removes,
 * evicts or flushes (take a reference with dns_rrset_ref() to keep one). */
struct resolver_cache_answer {
	enum resolver_cache_status status;
	/* HIT, NEGATIVE, STALE: NONE for positive data, else the negative kind. */
	enum resolver_negative negative;
	/* HIT and positive STALE: the RRset. NEGATIVE and negative STALE: the SOA to put in the
	 * authority section, or NULL if the profile caches negatives without one. Its stored
	 * TTL is the original; answer with dns_rrset_copy_ttl(rrset, ttl_s). */
	struct dns_rrset *rrset;
	/* Owner of the entry that answered: the NXDOMAIN's name may be an ancestor of the
	 * query name (RFC 8020 cut). */
	uint32_t owner;
	/* TTL to answer with: HIT, NEGATIVE and FAILURE: remaining lifetime, whole seconds
	 * rounded down (RFC 1035 3.2.1, counting down); STALE: the profile's stale answer TTL. */
	uint32_t ttl_s;
	uint32_t orig_ttl_s; /* TTL the entry was stored with, after the clamps */
	int64_t expiry_ns;   /* when the entry stopped (or stops) being live */
	enum resolver_rank rank;
	bool prefetch;	      /* HIT: the profile's prefetch rule says refresh now */
	bool stale_available; /* FAILURE: expired data within max-stale is also held */
	uint32_t failures;    /* FAILURE: consecutive failures cached for this key */
};

/* Why a store did or did not keep the data. */
enum resolver_cache_store_result {
	RESOLVER_CACHE_STORED,
	RESOLVER_CACHE_NOT_CACHED_TTL0,	  /* TTL 0 under the no-cache policy (RFC 1035 3.2.1) */
	RESOLVER_CACHE_NOT_CACHED_NO_SOA, /* negative answer without SOA (RFC 2308 5) */
	RESOLVER_CACHE_KEPT_HIGHER_RANK,  /* a live entry of higher rank stays (RFC 2181 5.4.1) */
};

struct resolver_cache_stats {
	size_t entries;	    /* live or expired entries held */
	size_t capacity;    /* entry limit, 0 = none */
	size_t table_bytes; /* the cache's own allocations, RRset data excluded */
	uint64_t evictions; /* entries dropped to make room */
	uint64_t lookups;
	uint64_t hits; /* HIT + NEGATIVE */
};

/*
 * New empty cache following profile (copied; later changes to *profile have no effect).
 * names is borrowed for the cache's lifetime and only read (the RFC 8020 cut walks parents).
 * Capacity is profile->cache_size entries (0 = no limit). Caller owns; resolver_cache_free().
 */
resolver_cache *resolver_cache_new(const struct resolver_profile *profile, const dns_names *names);

/* Free the cache and drop its RRset references. NULL is fine. */
void resolver_cache_free(resolver_cache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(resolver_cache, resolver_cache_free)

/*
 * Store a positive RRset received at now_ns with credibility rank. The TTL follows the clamp
 * order of resolvers.md 6.1: the set's TTL (already the minimum over its records, RFC 2181
 * 5.2); bit 31 set -> 2^31-1 (RFC 8767) or 0 (profile ttl_top_bit_zero); a TTL of 0 is not
 * stored under the no-cache policy (and removes an entry of the key of no higher rank, as
 * the fresher answer says the data must not be reused) or goes through the clamps under
 * raise; then max(ttl, min_ttl) (and the profile's delegation_min_ttl for NS RRsets and
 * A/AAAA of rank RESOLVER_RANK_ADDITIONAL, i.e. referral glue), then min(ttl, max_ttl).
 * With the profile's ns_ttl_capped_by_parent, an NS RRset replacing a live one keeps at
 * most the remaining lifetime of the old one (Unbound's ghost-domain rule).
 * A live entry of higher rank is kept; otherwise the entry of the key is replaced, a cached
 * NXDOMAIN of the owner of no higher rank is removed (the name exists), and the key's
 * failure entry is removed (resolution succeeded). Takes a new reference on rrset when
 * stored; the caller keeps its own.
 */
enum resolver_cache_store_result resolver_cache_store(resolver_cache *cache,
						      struct dns_rrset *rrset,
						      enum resolver_rank rank, int64_t now_ns);

/*
 * As resolver_cache_store(), for a refresh that was started leeway_ns before the data it
 * refreshes expires (Unbound's prefetch leeway, mesh_new_prefetch()): an entry that expires
 * before now_ns + leeway_ns counts as expired, so the refreshed data replaces it whatever its
 * rank, with its full TTL (no ghost-domain cap). leeway_ns 0 is resolver_cache_store().
 */
enum resolver_cache_store_result resolver_cache_store_leeway(resolver_cache *cache,
							     struct dns_rrset *rrset,
							     enum resolver_rank rank,
							     int64_t now_ns, int64_t leeway_ns);

/*
 * Store a negative answer for (qname, qtype, qclass) received at now_ns. kind is NXDOMAIN
 * (cached for every type of qname) or NODATA (for qtype only). soa is the SOA RRset of the
 * authority section or NULL. Lifetime (resolvers.md 6.2): min(SOA TTL, SOA MINIMUM), TTL 0
 * under the no-cache policy not stored, then clamped to [neg_min_ttl, neg_max_ttl]. Without
 * an SOA nothing is stored (RFC 2308 5) unless the profile says otherwise, then neg_min_ttl.
 * rank is the rank of the reply (an authoritative reply: RESOLVER_RANK_AUTH_ANSWER); the
 * same rank rule as resolver_cache_store() applies to the entry of the same key. Takes a
 * reference on soa when stored.
 */
enum resolver_cache_store_result
resolver_cache_store_negative(resolver_cache *cache, uint32_t qname, uint16_t qtype,
			      uint16_t qclass, enum resolver_negative kind, struct dns_rrset *soa,
			      enum resolver_rank rank, int64_t now_ns);

/*
 * Record a resolution failure (SERVFAIL, every server timed out) for (qname, qtype, qclass)
 * at now_ns (RFC 9520). The n-th consecutive failure is cached for
 * max(start, min(start * factor^(n-1), cap)) seconds from the profile. Failures are
 * consecutive while no data or negative answer is stored for the key and each comes less than
 * cap seconds after the previous one expired. Returns the lifetime in seconds, 0 if the
 * profile does not cache failures.
 */
uint32_t resolver_cache_store_failure(resolver_cache *cache, uint32_t qname, uint16_t qtype,
				      uint16_t qclass, int64_t now_ns);

/*
 * Look up (qname, qtype, qclass) at now_ns (qtype not 0). Precedence: live data (the newest
 * of the exact entry, the owner's NXDOMAIN and, with the profile's nxdomain_cut, an
 * ancestor's NXDOMAIN, RFC 8020); then a live failure; then data expired less than
 * max_stale ago if serve-stale is on; else a miss. The entry found becomes the most recently
 * used (recency is only tracked when the profile sets a capacity, as it only orders
 * evictions). Entries past their stale window are dropped on the way. The cache does not
 * chase CNAMEs: a CNAME RRset is found by looking up type CNAME.
 */
struct resolver_cache_answer resolver_cache_lookup(resolver_cache *cache, uint32_t qname,
						   uint16_t qtype, uint16_t qclass, int64_t now_ns);

/* Drop every entry (a resolver restart or `flush`). */
void resolver_cache_flush(resolver_cache *cache);

/* Drop every entry owned by name (data, negative and failure, all types and classes). Walks
 * the whole entry array: O(entries). Returns how many were dropped. */
size_t resolver_cache_remove_name(resolver_cache *cache, uint32_t name);

/* Drop every entry past use at now_ns: data beyond its stale window (at expiry when
 * serve-stale is off), failures too old to count as repeated. Lookups drop such entries as
 * they meet them; a model with many one-off names calls this now and then to bound memory.
 * Walks the whole entry array: O(entries). Returns how many were dropped. */
size_t resolver_cache_purge(resolver_cache *cache, int64_t now_ns);

/* Number of entries held (live or not yet dropped). */
size_t resolver_cache_count(const resolver_cache *cache);

/* Counters and memory use. */
void resolver_cache_stats(const resolver_cache *cache, struct resolver_cache_stats *stats);

/* The profile the cache follows (its own copy). Borrowed for the cache's lifetime. */
const struct resolver_profile *resolver_cache_profile(const resolver_cache *cache);
