/*
 * Memory and speed of resolver/cache at 10^6 names: insert one A RRset (one record, nothing
 * shared) per name, then look up random cached names. Prints the cache's own bytes per entry
 * (its table accounting: entry array + index, record data excluded), the RSS growth over the
 * inserts for comparison (the RRsets exist before the cache does, so that growth is the
 * cache's), and lookups per second of wall time. docs/design/resolver-cache.md quotes these
 * figures; the design budget is 150 bytes per entry beyond the record data.
 *
 * A benchmark, not a test: it reads the wall clock and never fails on speed.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "resolver/cache.h"
#include "resolver/profile.h"
#include "sim/dns.h"
#include "sim/util.h"

#define NAMES	1000000u
#define LOOKUPS 4000000u
#define TTL_S	3600u

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident set size from /proc/self/statm (second field, in pages); 0 if unreadable. */
static double rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, resident = 0;
	if (f == NULL) {
		return 0;
	}
	if (fscanf(f, "%lu %lu", &size, &resident) != 2) {
		resident = 0;
	}
	fclose(f);
	return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

/* xorshift64*: local and seeded, so every run looks up the same sequence. */
static uint64_t next_random(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(2685821657736338717);
}

/* One A record for owner "n<i>.bench.example." with address 10.x.y.z from i. */
static struct dns_rrset *make_rrset(dns_names *names, uint32_t i)
{
	char text[64];
	snprintf(text, sizeof(text), "n%u.bench.example.", i);
	uint32_t owner = dns_name_intern(names, text);
	SIM_ASSERT(owner != DNS_NAME_NONE);
	ldns_rr *rr = ldns_rr_new();
	ldns_rdf *dname = NULL;
	SIM_ASSERT(ldns_str2rdf_dname(&dname, text) == LDNS_STATUS_OK);
	ldns_rr_set_owner(rr, dname);
	ldns_rr_set_type(rr, LDNS_RR_TYPE_A);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	ldns_rr_set_ttl(rr, TTL_S);
	uint8_t addr[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
	ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, sizeof(addr), addr));
	struct dns_rrset *set = dns_rrset_new(owner, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, TTL_S);
	dns_rrset_add(set, rr);
	return set;
}

/* Insert every set into a new cache of the given size (0 = no limit), then time random-hit
 * lookups and print the figures. */
static void run(dns_names *names, struct dns_rrset **sets, const uint32_t *owners,
		uint64_t cache_size)
{
	struct resolver_profile profile = *resolver_profile_find("unbound");
	profile.cache_size = cache_size;
	double rss0 = rss_bytes();
	resolver_cache *cache = resolver_cache_new(&profile, names);
	double t0 = wall_s();
	for (uint32_t i = 0; i < NAMES; i++) {
		resolver_cache_store(cache, sets[i], RESOLVER_RANK_AUTH_ANSWER, 0);
	}
	double t1 = wall_s();
	double rss1 = rss_bytes();
	double insert_rate = NAMES / (t1 - t0);

	struct resolver_cache_stats st;
	resolver_cache_stats(cache, &st);
	SIM_ASSERT(st.entries == NAMES);

	uint64_t x = UINT64_C(0x9e3779b97f4a7c15);
	uint64_t hits = 0;
	int64_t now_ns = SIM_NS_PER_S; /* 1 s after the inserts: everything live */
	t0 = wall_s();
	for (uint32_t k = 0; k < LOOKUPS; k++) {
		uint32_t owner = owners[next_random(&x) % NAMES];
		struct resolver_cache_answer a =
		    resolver_cache_lookup(cache, owner, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, now_ns);
		hits += a.status == RESOLVER_CACHE_HIT && a.owner == owner;
	}
	t1 = wall_s();
	SIM_ASSERT(hits == LOOKUPS);
	double lookup_rate = LOOKUPS / (t1 - t0);

	printf("cache %zu entries%s: %.1f bytes/entry beyond record data, %.1f M lookups/s\n",
	       st.entries, cache_size == 0 ? "" : " (full, LRU kept on hits)",
	       (double)st.table_bytes / (double)st.entries, lookup_rate / 1e6);
	printf("  table %zu bytes (entry array + index); RSS growth over the inserts %.1f "
	       "bytes/entry; inserts %.2f M/s\n",
	       st.table_bytes, (rss1 - rss0) / (double)st.entries, insert_rate / 1e6);
	resolver_cache_free(cache);
}

int main(void)
{
	dns_names *names = dns_names_new();
	struct dns_rrset **sets = g_new(struct dns_rrset *, NAMES);
	uint32_t *owners = g_new(uint32_t, NAMES);
	double t0 = wall_s();
	for (uint32_t i = 0; i < NAMES; i++) {
		sets[i] = make_rrset(names, i);
		owners[i] = sets[i]->owner;
	}
	printf("built %u names and A RRsets in %.2f s (outside the cache figures)\n", NAMES,
	       wall_s() - t0);
	printf("%u random-hit lookups per run (xorshift64*, fixed seed)\n", LOOKUPS);

	run(names, sets, owners, 0);	 /* no limit: hits leave the LRU list alone */
	run(names, sets, owners, NAMES); /* at capacity: every hit moves to the LRU front */

	for (uint32_t i = 0; i < NAMES; i++) {
		dns_rrset_unref(sets[i]);
	}
	g_free(owners);
	g_free(sets);
	dns_names_free(names);
	return 0;
}
