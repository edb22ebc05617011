#include "resolver/cache.h"

#include <string.h>

#include "sim/util.h"

/*
 * Layout. Entries live in one array and are named by their index (uint32_t), so links and the
 * index stay valid when the array grows. The index is open addressing with linear probing over
 * 8-byte slots (32 bits of the key's hash + entry index + 1, 0 = empty), load at most 3/4, and
 * backward-shift deletion (no tombstones). The LRU list threads through the entries (prev,
 * next); free entries are chained through next. Nothing iterates a hash table to decide
 * anything: eviction takes the LRU tail, remove_name walks the entry array in index order.
 */

enum entry_kind {
	KIND_FREE = 0,
	KIND_POSITIVE,
	KIND_NXDOMAIN, /* key type 0: covers every type of the owner (RFC 2308 5) */
	KIND_NODATA,
	KIND_FAILURE, /* separate key space */
};

#define NIL UINT32_MAX

/* Type 0 is reserved (RFC 6895 3.1), so it can key the all-types NXDOMAIN entry. */
#define NXDOMAIN_TYPE 0

struct entry {
	struct dns_rrset *rrset; /* positive: the set; negative: the SOA or NULL; failure: NULL */
	int64_t expiry_ns;
	uint32_t owner;
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl_s; /* lifetime given at store time: stored at expiry_ns - ttl_s seconds */
	uint32_t prev;	/* LRU neighbour towards the most recent end */
	uint32_t next;	/* towards the least recent end; free list link when free */
	uint8_t kind;
	uint8_t rank;
	uint16_t failures; /* failure entries: consecutive failures */
};

G_STATIC_ASSERT(sizeof(struct entry) == 40);

struct slot {
	uint32_t hash;
	uint32_t idx1; /* entry index + 1; 0 = empty */
};

#define INITIAL_ENTRIES 64u
#define INITIAL_SLOTS	128u

struct resolver_cache {
	/* the fields a lookup reads come first, the profile (large, mostly for stores) last */
	struct entry *entries;
	struct slot *slots;
	uint32_t mask;		 /* slot count - 1 */
	uint32_t nxdomain_count; /* lets lookups skip the NXDOMAIN probes when there are none */
	uint64_t lookups;
	uint64_t hits;
	bool bounded; /* the profile set a limit: lookups refresh recency */
	const dns_names *names;
	int64_t stale_window_ns;   /* how long past expiry data stays usable (0: serve-stale off) */
	int64_t failure_memory_ns; /* how long past expiry a failure still counts as repeated */
	uint32_t capacity;	   /* entry limit */

	uint32_t entries_cap;
	uint32_t entries_used; /* high-water mark: entries[0, used) were handed out once */
	uint32_t free_head;

	uint32_t count;
	uint32_t lru_head; /* most recently used */
	uint32_t lru_tail; /* least recently used: the next victim */

	uint64_t evictions;
	struct resolver_profile profile;
};

/* Time helpers: saturating, as "never" is INT64_MAX. */

static int64_t time_add(int64_t t, int64_t d)
{
	return t > INT64_MAX - d ? INT64_MAX : t + d;
}

static int64_t ns_of_s(uint32_t s)
{
	return (int64_t)s * SIM_NS_PER_S;
}

/* Index */

static uint32_t key_hash(uint32_t owner, uint16_t type, uint16_t rclass, bool failure)
{
	/* SplitMix64's finaliser over the packed key: every key bit reaches the low bits. */
	uint64_t x = (uint64_t)owner | (uint64_t)type << 32 | (uint64_t)rclass << 48;
	if (failure) {
		x ^= UINT64_C(0x9e3779b97f4a7c15);
	}
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return (uint32_t)x;
}

static uint32_t entry_hash(const struct entry *e)
{
	return key_hash(e->owner, e->type, e->rclass, e->kind == KIND_FAILURE);
}

static uint32_t find(const resolver_cache *c, uint32_t owner, uint16_t type, uint16_t rclass,
		     bool failure)
{
	uint32_t h = key_hash(owner, type, rclass, failure);
	for (uint32_t i = h & c->mask;; i = (i + 1) & c->mask) {
		const struct slot *s = &c->slots[i];
		if (s->idx1 == 0) {
			return NIL;
		}
		if (s->hash == h) {
			const struct entry *e = &c->entries[s->idx1 - 1];
			if (e->owner == owner && e->type == type && e->rclass == rclass &&
			    (e->kind == KIND_FAILURE) == failure) {
				return s->idx1 - 1;
			}
		}
	}
}

static void slot_put(struct slot *slots, uint32_t mask, uint32_t hash, uint32_t idx)
{
	uint32_t i = hash & mask;
	while (slots[i].idx1 != 0) {
		i = (i + 1) & mask;
	}
	slots[i].hash = hash;
	slots[i].idx1 = idx + 1;
}

static void index_grow(resolver_cache *c)
{
	uint32_t old_n = c->mask + 1;
	struct slot *old = c->slots;
	SIM_ASSERT(old_n <= UINT32_MAX / 2);
	c->slots = g_new0(struct slot, (gsize)old_n * 2);
	c->mask = old_n * 2 - 1;
	for (uint32_t i = 0; i < old_n; i++) {
		if (old[i].idx1 != 0) {
			slot_put(c->slots, c->mask, old[i].hash, old[i].idx1 - 1);
		}
	}
	g_free(old);
}

/* Remove entry idx from the index (backward-shift deletion, Knuth 6.4 algorithm R). */
static void index_remove(resolver_cache *c, uint32_t idx)
{
	uint32_t i = entry_hash(&c->entries[idx]) & c->mask;
	while (c->slots[i].idx1 != idx + 1) {
		SIM_ASSERT(c->slots[i].idx1 != 0);
		i = (i + 1) & c->mask;
	}
	c->slots[i].idx1 = 0;
	for (uint32_t j = (i + 1) & c->mask; c->slots[j].idx1 != 0; j = (j + 1) & c->mask) {
		uint32_t home = c->slots[j].hash & c->mask;
		/* The slot at j may move back to the hole at i unless its home lies cyclically
		 * in (i, j]. */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			c->slots[i] = c->slots[j];
			c->slots[j].idx1 = 0;
			i = j;
		}
	}
}

/* LRU list */

static void lru_unlink(resolver_cache *c, uint32_t idx)
{
	struct entry *e = &c->entries[idx];
	if (e->prev != NIL) {
		c->entries[e->prev].next = e->next;
	} else {
		c->lru_head = e->next;
	}
	if (e->next != NIL) {
		c->entries[e->next].prev = e->prev;
	} else {
		c->lru_tail = e->prev;
	}
}

static void lru_push_front(resolver_cache *c, uint32_t idx)
{
	struct entry *e = &c->entries[idx];
	e->prev = NIL;
	e->next = c->lru_head;
	if (c->lru_head != NIL) {
		c->entries[c->lru_head].prev = idx;
	} else {
		c->lru_tail = idx;
	}
	c->lru_head = idx;
}

static void lru_touch(resolver_cache *c, uint32_t idx)
{
	if (c->lru_head != idx) {
		lru_unlink(c, idx);
		lru_push_front(c, idx);
	}
}

/* Entries */

static void entry_remove(resolver_cache *c, uint32_t idx)
{
	struct entry *e = &c->entries[idx];
	SIM_ASSERT(e->kind != KIND_FREE);
	index_remove(c, idx);
	lru_unlink(c, idx);
	if (e->kind == KIND_NXDOMAIN) {
		c->nxdomain_count--;
	}
	dns_rrset_unref(e->rrset);
	memset(e, 0, sizeof(*e));
	e->kind = KIND_FREE;
	e->prev = NIL;
	e->next = c->free_head;
	c->free_head = idx;
	c->count--;
}

/* A new entry for a key known to be absent: evicts the least recently used entry first when
 * the cache is full. The caller fills kind-specific fields. Returns its index. */
static uint32_t entry_insert(resolver_cache *c, uint32_t owner, uint16_t type, uint16_t rclass,
			     enum entry_kind kind)
{
	if (c->count >= c->capacity) {
		SIM_ASSERT(c->lru_tail != NIL);
		entry_remove(c, c->lru_tail);
		c->evictions++;
	}
	if ((uint64_t)(c->count + 1) * 4 > (uint64_t)(c->mask + 1) * 3) {
		index_grow(c);
	}
	uint32_t idx;
	if (c->free_head != NIL) {
		idx = c->free_head;
		c->free_head = c->entries[idx].next;
	} else {
		if (c->entries_used == c->entries_cap) {
			uint64_t grown = (uint64_t)c->entries_cap * 2;
			if (grown > c->capacity) {
				grown = c->capacity;
			}
			SIM_ASSERT(grown > c->entries_cap);
			c->entries = g_renew(struct entry, c->entries, grown);
			c->entries_cap = (uint32_t)grown;
		}
		idx = c->entries_used++;
	}
	struct entry *e = &c->entries[idx];
	memset(e, 0, sizeof(*e));
	e->owner = owner;
	e->type = type;
	e->rclass = rclass;
	e->kind = (uint8_t)kind;
	slot_put(c->slots, c->mask, entry_hash(e), idx);
	lru_push_front(c, idx);
	c->count++;
	if (kind == KIND_NXDOMAIN) {
		c->nxdomain_count++;
	}
	return idx;
}

static int64_t stored_at(const struct entry *e)
{
	return e->expiry_ns == INT64_MAX ? INT64_MAX : e->expiry_ns - ns_of_s(e->ttl_s);
}

static bool entry_live(const struct entry *e, int64_t now_ns)
{
	return now_ns < e->expiry_ns;
}

/* Past any use: data beyond its stale window, a failure too old to count as repeated. */
static bool entry_dead(const resolver_cache *c, const struct entry *e, int64_t now_ns)
{
	int64_t keep = e->kind == KIND_FAILURE ? c->failure_memory_ns : c->stale_window_ns;
	return now_ns >= time_add(e->expiry_ns, keep);
}

/* idx, or NIL after dropping it if it is dead. */
static uint32_t drop_dead(resolver_cache *c, uint32_t idx, int64_t now_ns)
{
	if (idx != NIL && entry_dead(c, &c->entries[idx], now_ns)) {
		entry_remove(c, idx);
		return NIL;
	}
	return idx;
}

/* Set an entry's payload and make it the most recently used. Takes a reference on rrset. */
static void entry_set(resolver_cache *c, uint32_t idx, enum entry_kind kind,
		      struct dns_rrset *rrset, enum resolver_rank rank, uint32_t ttl_s,
		      int64_t now_ns)
{
	struct entry *e = &c->entries[idx];
	if (rrset != NULL) {
		dns_rrset_ref(rrset);
	}
	dns_rrset_unref(e->rrset);
	if (e->kind == KIND_NXDOMAIN && kind != KIND_NXDOMAIN) {
		c->nxdomain_count--;
	} else if (e->kind != KIND_NXDOMAIN && kind == KIND_NXDOMAIN) {
		c->nxdomain_count++;
	}
	e->kind = (uint8_t)kind;
	e->rrset = rrset;
	e->rank = (uint8_t)rank;
	e->ttl_s = ttl_s;
	e->expiry_ns = time_add(now_ns, ns_of_s(ttl_s));
	e->failures = 0;
	lru_touch(c, idx);
}

/* True if a store of rank may replace the entry: RFC 2181 5.4.1 protects only live data. */
static bool may_replace(const struct entry *e, enum resolver_rank rank, int64_t now_ns)
{
	return !entry_live(e, now_ns) || (unsigned)rank >= e->rank;
}

/* Lifecycle */

static void tables_init(resolver_cache *c)
{
	c->entries_cap = MIN(INITIAL_ENTRIES, c->capacity);
	c->entries = g_new(struct entry, c->entries_cap);
	c->entries_used = 0;
	c->free_head = NIL;
	c->slots = g_new0(struct slot, INITIAL_SLOTS);
	c->mask = INITIAL_SLOTS - 1;
	c->count = 0;
	c->nxdomain_count = 0;
	c->lru_head = NIL;
	c->lru_tail = NIL;
}

static void tables_clear(resolver_cache *c)
{
	for (uint32_t i = 0; i < c->entries_used; i++) {
		if (c->entries[i].kind != KIND_FREE) {
			dns_rrset_unref(c->entries[i].rrset);
		}
	}
	g_free(c->entries);
	g_free(c->slots);
	c->entries = NULL;
	c->slots = NULL;
}

resolver_cache *resolver_cache_new(const struct resolver_profile *profile, const dns_names *names)
{
	SIM_ASSERT(profile != NULL && names != NULL);
	resolver_cache *c = g_new0(resolver_cache, 1);
	c->profile = *profile;
	c->names = names;
	c->stale_window_ns =
	    profile->serve_stale == RESOLVER_STALE_OFF ? 0 : ns_of_s(profile->max_stale_s);
	c->failure_memory_ns = ns_of_s(MAX(profile->servfail_max_ttl_s, profile->servfail_ttl_s));
	/* Entry indices are 32-bit with NIL reserved; a larger limit is no limit in practice. */
	uint64_t limit = UINT32_MAX - 1;
	c->capacity = (uint32_t)(profile->cache_size == 0 || profile->cache_size > limit
				     ? limit
				     : profile->cache_size);
	c->bounded = profile->cache_size != 0;
	tables_init(c);
	return c;
}

void resolver_cache_free(resolver_cache *cache)
{
	if (cache == NULL) {
		return;
	}
	tables_clear(cache);
	g_free(cache);
}

void resolver_cache_flush(resolver_cache *cache)
{
	tables_clear(cache);
	tables_init(cache);
}

/* Stores */

/* RFC 2181 8 / RFC 8767 4: a TTL with the top bit set. */
static uint32_t ttl_top_bit(const struct resolver_profile *p, uint32_t ttl)
{
	if (ttl > RESOLVER_TTL_MAX_S) {
		return p->ttl_top_bit_zero ? 0 : RESOLVER_TTL_MAX_S;
	}
	return ttl;
}

/* Drop the data entry of a key after a TTL-0 answer under no-cache, unless it outranks it. */
static void drop_superseded(resolver_cache *c, uint32_t idx, enum resolver_rank rank,
			    int64_t now_ns)
{
	if (idx != NIL && may_replace(&c->entries[idx], rank, now_ns)) {
		entry_remove(c, idx);
	}
}

/* After data or a negative answer for the key arrived: resolution works again (RFC 9520). */
static void drop_failure(resolver_cache *c, uint32_t owner, uint16_t type, uint16_t rclass)
{
	uint32_t f = find(c, owner, type, rclass, true);
	if (f != NIL) {
		entry_remove(c, f);
	}
}

/* The name exists after all: drop its NXDOMAIN unless that outranks the new data. */
static void drop_nxdomain(resolver_cache *c, uint32_t owner, uint16_t rclass,
			  enum resolver_rank rank, int64_t now_ns)
{
	if (c->nxdomain_count > 0) {
		drop_superseded(c, find(c, owner, NXDOMAIN_TYPE, rclass, false), rank, now_ns);
	}
}

/* NS RRsets, and addresses learnt as referral glue (RFC 2181 5.4.1 rank 7). */
static bool is_delegation_data(const struct dns_rrset *rrset, enum resolver_rank rank)
{
	return rrset->type == LDNS_RR_TYPE_NS ||
	       (rank == RESOLVER_RANK_ADDITIONAL &&
		(rrset->type == LDNS_RR_TYPE_A || rrset->type == LDNS_RR_TYPE_AAAA));
}

enum resolver_cache_store_result resolver_cache_store(resolver_cache *cache,
						      struct dns_rrset *rrset,
						      enum resolver_rank rank, int64_t now_ns)
{
	return resolver_cache_store_leeway(cache, rrset, rank, now_ns, 0);
}

enum resolver_cache_store_result resolver_cache_store_leeway(resolver_cache *cache,
							     struct dns_rrset *rrset,
							     enum resolver_rank rank,
							     int64_t now_ns, int64_t leeway_ns)
{
	const struct resolver_profile *p = &cache->profile;
	SIM_ASSERT(rrset->type != NXDOMAIN_TYPE);
	SIM_ASSERT(rank >= RESOLVER_RANK_ADDITIONAL && rank <= RESOLVER_RANK_PRIMARY_ZONE);

	/* resolvers.md 6.1, in order. The set's TTL is already the minimum of its records. */
	uint32_t ttl = ttl_top_bit(p, rrset->ttl);
	uint32_t idx = find(cache, rrset->owner, rrset->type, rrset->rclass, false);
	if (ttl == 0 && p->ttl0 == RESOLVER_TTL0_NO_CACHE) {
		drop_superseded(cache, idx, rank, now_ns);
		drop_failure(cache, rrset->owner, rrset->type, rrset->rclass);
		return RESOLVER_CACHE_NOT_CACHED_TTL0;
	}
	ttl = MAX(ttl, p->min_ttl_s);
	if (is_delegation_data(rrset, rank)) {
		ttl = MAX(ttl, p->delegation_min_ttl_s); /* BIND 9.21.24+ (resolvers.md 2.2) */
	}
	ttl = MIN(ttl, p->max_ttl_s);

	int64_t horizon = time_add(now_ns, leeway_ns); /* live past it: not refreshed */
	if (idx != NIL && !may_replace(&cache->entries[idx], rank, horizon)) {
		return RESOLVER_CACHE_KEPT_HIGHER_RANK;
	}
	if (idx != NIL && rrset->type == LDNS_RR_TYPE_NS && p->ns_ttl_capped_by_parent &&
	    entry_live(&cache->entries[idx], horizon)) {
		/* Unbound's ghost-domain rule (resolvers.md 2.1, 4): an NS overwrite never
		 * extends the lifetime of the entry it replaces (whole seconds left). */
		int64_t left_s = (cache->entries[idx].expiry_ns - now_ns) / SIM_NS_PER_S;
		ttl = (uint32_t)MIN((int64_t)ttl, left_s);
	}
	if (idx == NIL) {
		idx = entry_insert(cache, rrset->owner, rrset->type, rrset->rclass, KIND_POSITIVE);
	}
	entry_set(cache, idx, KIND_POSITIVE, rrset, rank, ttl, now_ns);
	drop_nxdomain(cache, rrset->owner, rrset->rclass, rank, now_ns);
	drop_failure(cache, rrset->owner, rrset->type, rrset->rclass);
	return RESOLVER_CACHE_STORED;
}

/* RFC 2308 5: the negative TTL is min(SOA TTL, SOA MINIMUM). */
static uint32_t soa_negative_ttl(const struct resolver_profile *p, const struct dns_rrset *soa)
{
	SIM_ASSERT(soa->type == LDNS_RR_TYPE_SOA && dns_rrset_count(soa) >= 1);
	const ldns_rr *rr = ldns_rr_list_rr(soa->rrs, 0);
	SIM_ASSERT(ldns_rr_rd_count(rr) == 7);
	uint32_t minimum = ldns_rdf2native_int32(ldns_rr_rdf(rr, 6));
	return MIN(ttl_top_bit(p, soa->ttl), ttl_top_bit(p, minimum));
}

enum resolver_cache_store_result
resolver_cache_store_negative(resolver_cache *cache, uint32_t qname, uint16_t qtype,
			      uint16_t qclass, enum resolver_negative kind, struct dns_rrset *soa,
			      enum resolver_rank rank, int64_t now_ns)
{
	const struct resolver_profile *p = &cache->profile;
	SIM_ASSERT(kind == RESOLVER_NEGATIVE_NXDOMAIN || kind == RESOLVER_NEGATIVE_NODATA);
	SIM_ASSERT(qtype != NXDOMAIN_TYPE);
	SIM_ASSERT(rank >= RESOLVER_RANK_ADDITIONAL && rank <= RESOLVER_RANK_PRIMARY_ZONE);

	bool nx = kind == RESOLVER_NEGATIVE_NXDOMAIN;
	uint16_t key_type = nx ? NXDOMAIN_TYPE : qtype;
	uint32_t idx = find(cache, qname, key_type, qclass, false);
	uint32_t ttl;
	if (soa != NULL) {
		ttl = soa_negative_ttl(p, soa);
		if (ttl == 0 && p->ttl0 == RESOLVER_TTL0_NO_CACHE) {
			drop_superseded(cache, idx, rank, now_ns);
			drop_failure(cache, qname, qtype, qclass);
			return RESOLVER_CACHE_NOT_CACHED_TTL0;
		}
	} else if (p->neg_requires_soa) {
		return RESOLVER_CACHE_NOT_CACHED_NO_SOA;
	} else {
		ttl = 0; /* nothing bounds it: the floor alone decides */
	}
	ttl = MAX(ttl, p->neg_min_ttl_s);
	ttl = MIN(ttl, p->neg_max_ttl_s);

	if (idx != NIL && !may_replace(&cache->entries[idx], rank, now_ns)) {
		return RESOLVER_CACHE_KEPT_HIGHER_RANK;
	}
	enum entry_kind ek = nx ? KIND_NXDOMAIN : KIND_NODATA;
	if (idx == NIL) {
		idx = entry_insert(cache, qname, key_type, qclass, ek);
	}
	entry_set(cache, idx, ek, soa, rank, ttl, now_ns);
	if (!nx) {
		drop_nxdomain(cache, qname, qclass, rank, now_ns);
	}
	drop_failure(cache, qname, qtype, qclass);
	return RESOLVER_CACHE_STORED;
}

/* max(start, min(start * factor^(n-1), cap)) */
static uint32_t failure_ttl(const struct resolver_profile *p, uint32_t n)
{
	uint64_t ttl = p->servfail_ttl_s;
	for (uint32_t i = 1; i < n && ttl < p->servfail_max_ttl_s && p->servfail_factor > 1; i++) {
		ttl *= p->servfail_factor;
	}
	ttl = MIN(ttl, (uint64_t)p->servfail_max_ttl_s);
	return (uint32_t)MAX(ttl, (uint64_t)p->servfail_ttl_s);
}

uint32_t resolver_cache_store_failure(resolver_cache *cache, uint32_t qname, uint16_t qtype,
				      uint16_t qclass, int64_t now_ns)
{
	const struct resolver_profile *p = &cache->profile;
	if (p->servfail_ttl_s == 0) {
		return 0;
	}
	uint32_t idx = drop_dead(cache, find(cache, qname, qtype, qclass, true), now_ns);
	uint32_t n = 1;
	if (idx != NIL) {
		n = MIN((uint32_t)cache->entries[idx].failures + 1, (uint32_t)UINT16_MAX);
	} else {
		idx = entry_insert(cache, qname, qtype, qclass, KIND_FAILURE);
	}
	uint32_t ttl = failure_ttl(p, n);
	entry_set(cache, idx, KIND_FAILURE, NULL, RESOLVER_RANK_ADDITIONAL, ttl, now_ns);
	cache->entries[idx].failures = (uint16_t)n;
	return ttl;
}

/* Lookup */

/* resolvers.md 6.5, on the answer TTL (whole seconds) and the stored TTL. */
static bool prefetch_due(const struct resolver_profile *p, uint32_t remaining_s, uint32_t orig_s)
{
	if (!p->prefetch) {
		return false;
	}
	switch (p->prefetch_rule) {
	case RESOLVER_PREFETCH_PERCENT:
		return remaining_s <= (uint64_t)orig_s * p->prefetch_percent / 100;
	case RESOLVER_PREFETCH_TRIGGER:
		return remaining_s <= p->prefetch_trigger_s && orig_s >= p->prefetch_eligible_s;
	case RESOLVER_PREFETCH_PERCENT_PLUS:
		return 100 * ((int64_t)remaining_s - (int64_t)p->prefetch_trigger_s) <
		       (int64_t)orig_s * (int64_t)p->prefetch_percent;
	}
	return false;
}

static enum resolver_negative negative_of(const struct entry *e)
{
	switch (e->kind) {
	case KIND_NXDOMAIN:
		return RESOLVER_NEGATIVE_NXDOMAIN;
	case KIND_NODATA:
		return RESOLVER_NEGATIVE_NODATA;
	default:
		return RESOLVER_NEGATIVE_NONE;
	}
}

static void answer_fill(resolver_cache *c, struct resolver_cache_answer *a, uint32_t idx,
			enum resolver_cache_status status, int64_t now_ns)
{
	const struct entry *e = &c->entries[idx];
	a->status = status;
	a->negative = negative_of(e);
	a->rrset = e->rrset;
	a->owner = e->owner;
	a->orig_ttl_s = e->ttl_s;
	a->expiry_ns = e->expiry_ns;
	a->rank = (enum resolver_rank)e->rank;
	if (status == RESOLVER_CACHE_STALE) {
		const struct resolver_profile *p = &c->profile;
		a->ttl_s =
		    p->stale_ttl_capped_by_orig ? MIN(p->stale_ttl_s, e->ttl_s) : p->stale_ttl_s;
	} else {
		/* RFC 1035 3.2.1: the remaining lifetime, counted down, whole seconds. */
		a->ttl_s = (uint32_t)((e->expiry_ns - now_ns) / SIM_NS_PER_S);
	}
	if (status == RESOLVER_CACHE_FAILURE) {
		a->failures = e->failures;
	}
	/* Recency only decides evictions: without a limit, spare the two random writes. */
	if (c->bounded) {
		lru_touch(c, idx);
	}
}

/* Of the candidates (NIL allowed), the one stored last that is live (want_live) or expired;
 * ties go to the earlier candidate. */
static uint32_t newest(const resolver_cache *c, const uint32_t *cand, size_t n, bool want_live,
		       int64_t now_ns)
{
	uint32_t best = NIL;
	for (size_t i = 0; i < n; i++) {
		if (cand[i] == NIL) {
			continue;
		}
		const struct entry *e = &c->entries[cand[i]];
		if (entry_live(e, now_ns) != want_live) {
			continue;
		}
		if (best == NIL || stored_at(e) > stored_at(&c->entries[best])) {
			best = cand[i];
		}
	}
	return best;
}

struct resolver_cache_answer resolver_cache_lookup(resolver_cache *cache, uint32_t qname,
						   uint16_t qtype, uint16_t qclass, int64_t now_ns)
{
	struct resolver_cache_answer a = {
		.status = RESOLVER_CACHE_MISS,
		.owner = DNS_NAME_NONE,
	};
	SIM_ASSERT(qtype != NXDOMAIN_TYPE);
	cache->lookups++;

	/* Candidates in tie order: the owner's NXDOMAIN (stored after any data of the owner
	 * it coexists with, since storing data drops it), the exact entry, an ancestor's
	 * NXDOMAIN (RFC 8020). */
	enum { SELF_NX, EXACT, CUT_LIVE, CUT_STALE, N_CAND };
	uint32_t cand[N_CAND] = { NIL, NIL, NIL, NIL };
	cand[EXACT] = drop_dead(cache, find(cache, qname, qtype, qclass, false), now_ns);
	if (cache->nxdomain_count > 0) {
		cand[SELF_NX] =
		    drop_dead(cache, find(cache, qname, NXDOMAIN_TYPE, qclass, false), now_ns);
	}
	if (cache->profile.nxdomain_cut && cache->nxdomain_count > 0) {
		for (uint32_t up = dns_name_parent(cache->names, qname);
		     up != DNS_NAME_NONE && cand[CUT_LIVE] == NIL;
		     up = dns_name_parent(cache->names, up)) {
			uint32_t i =
			    drop_dead(cache, find(cache, up, NXDOMAIN_TYPE, qclass, false), now_ns);
			if (i == NIL) {
				continue;
			}
			if (entry_live(&cache->entries[i], now_ns)) {
				cand[CUT_LIVE] = i;
			} else if (cand[CUT_STALE] == NIL) {
				cand[CUT_STALE] = i; /* the nearest expired one */
			}
		}
	}

	/* without NXDOMAIN entries the exact entry is the only candidate */
	uint32_t best = cache->nxdomain_count > 0 ? newest(cache, cand, N_CAND, true, now_ns)
			: cand[EXACT] != NIL && entry_live(&cache->entries[cand[EXACT]], now_ns)
			    ? cand[EXACT]
			    : NIL;
	if (best != NIL) {
		const struct entry *e = &cache->entries[best];
		bool positive = e->kind == KIND_POSITIVE;
		answer_fill(cache, &a, best,
			    positive ? RESOLVER_CACHE_HIT : RESOLVER_CACHE_NEGATIVE, now_ns);
		a.prefetch = positive && prefetch_due(&cache->profile, a.ttl_s, a.orig_ttl_s);
		cache->hits++;
		return a;
	}

	uint32_t stale = newest(cache, cand, N_CAND, false, now_ns);
	uint32_t fail = drop_dead(cache, find(cache, qname, qtype, qclass, true), now_ns);
	if (fail != NIL && entry_live(&cache->entries[fail], now_ns)) {
		answer_fill(cache, &a, fail, RESOLVER_CACHE_FAILURE, now_ns);
		a.stale_available = stale != NIL;
		return a;
	}
	if (stale != NIL) {
		answer_fill(cache, &a, stale, RESOLVER_CACHE_STALE, now_ns);
	}
	return a;
}

/* Removal and statistics */

size_t resolver_cache_remove_name(resolver_cache *cache, uint32_t name)
{
	size_t removed = 0;
	for (uint32_t i = 0; i < cache->entries_used; i++) {
		if (cache->entries[i].kind != KIND_FREE && cache->entries[i].owner == name) {
			entry_remove(cache, i);
			removed++;
		}
	}
	return removed;
}

size_t resolver_cache_purge(resolver_cache *cache, int64_t now_ns)
{
	size_t removed = 0;
	for (uint32_t i = 0; i < cache->entries_used; i++) {
		if (cache->entries[i].kind != KIND_FREE &&
		    entry_dead(cache, &cache->entries[i], now_ns)) {
			entry_remove(cache, i);
			removed++;
		}
	}
	return removed;
}

size_t resolver_cache_count(const resolver_cache *cache)
{
	return cache->count;
}

void resolver_cache_stats(const resolver_cache *cache, struct resolver_cache_stats *stats)
{
	stats->entries = cache->count;
	stats->capacity = cache->profile.cache_size == 0 ? 0 : cache->capacity;
	stats->table_bytes = sizeof(*cache) + (size_t)cache->entries_cap * sizeof(struct entry) +
			     ((size_t)cache->mask + 1) * sizeof(struct slot);
	stats->evictions = cache->evictions;
	stats->lookups = cache->lookups;
	stats->hits = cache->hits;
}

const struct resolver_profile *resolver_cache_profile(const resolver_cache *cache)
{
	return &cache->profile;
}
