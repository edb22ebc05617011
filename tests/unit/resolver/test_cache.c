/*
 * Unit tests for resolver/cache: each test names the rule it checks (an RFC clause or a row or
 * section of shared/reference/resolvers.md) and computes the expected value from that rule.
 * Virtual time is passed in; T(s) is s seconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "resolver/cache.h"
#include "resolver/profile.h"
#include "sim/dns.h"
#include "sim/util.h"

/* The TTL a record of set carries on the wire. */
static uint32_t wire_ttl(const struct dns_rrset *set, size_t i)
{
	ldns_rr *rr = dns_rrset_rr_copy(set, i);
	uint32_t ttl = ldns_rr_ttl(rr);
	ldns_rr_free(rr);
	return ttl;
}

#define T(s)   ((int64_t)((s) * (double)SIM_NS_PER_S))
#define IN     LDNS_RR_CLASS_IN
#define TYPE_A LDNS_RR_TYPE_A

struct fx {
	dns_names *names;
};

static int setup(void **state)
{
	struct fx *fx = g_new0(struct fx, 1);
	fx->names = dns_names_new();
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	dns_names_free(fx->names);
	g_free(fx);
	return 0;
}

/* An RRset of one record given in master-file format. Caller owns the reference. */
static struct dns_rrset *rrset(dns_names *names, const char *text)
{
	ldns_rr *rr = NULL;
	assert_int_equal(ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL), LDNS_STATUS_OK);
	uint32_t owner = dns_name_intern_rdf(names, ldns_rr_owner(rr));
	struct dns_rrset *set = dns_rrset_new(owner, (uint16_t)ldns_rr_get_type(rr),
					      (uint16_t)ldns_rr_get_class(rr), ldns_rr_ttl(rr));
	dns_rrset_add(set, rr);
	return set;
}

/* An A RRset for name with ttl (a TTL with bit 31 set cannot be written in master format). */
static struct dns_rrset *a_rrset(dns_names *names, const char *name, uint32_t ttl)
{
	char text[300];
	snprintf(text, sizeof(text), "%s 60 IN A 192.0.2.1", name);
	struct dns_rrset *set = rrset(names, text);
	set->ttl = ttl;
	ldns_rr_set_ttl(ldns_rr_list_rr(set->rrs, 0), ttl);
	return set;
}

/* The SOA of example. with the given RR TTL and MINIMUM. */
static struct dns_rrset *soa(dns_names *names, uint32_t ttl, uint32_t minimum)
{
	char text[300];
	snprintf(text, sizeof(text),
		 "example. %u IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 %u", ttl,
		 minimum);
	return rrset(names, text);
}

static uint32_t name(struct fx *fx, const char *text)
{
	return dns_name_intern(fx->names, text);
}

static resolver_cache *cache_for(struct fx *fx, const char *profile)
{
	const struct resolver_profile *p = resolver_profile_find(profile);
	assert_non_null(p);
	return resolver_cache_new(p, fx->names);
}

/* Store an A RRset with ttl for name at now; returns the store result. */
static enum resolver_cache_store_result store_a(struct fx *fx, resolver_cache *c, const char *n,
						uint32_t ttl, enum resolver_rank rank, int64_t now)
{
	struct dns_rrset *set = a_rrset(fx->names, n, ttl);
	enum resolver_cache_store_result r = resolver_cache_store(c, set, rank, now);
	dns_rrset_unref(set);
	return r;
}

static struct resolver_cache_answer look(struct fx *fx, resolver_cache *c, const char *n,
					 uint16_t type, int64_t now)
{
	return resolver_cache_lookup(c, name(fx, n), type, IN, now);
}

/* RFC 1035 3.2.1 and resolvers.md 1.1: a cache hands out the remaining TTL, counting down;
 * RFC 1035 gives TTLs in whole seconds, so a partial second is rounded down. */
static void test_ttl_countdown(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "unbound");
	assert_int_equal(store_a(fx, c, "www.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(10)),
			 RESOLVER_CACHE_STORED);

	struct resolver_cache_answer a = look(fx, c, "www.example.", TYPE_A, T(10));
	assert_int_equal(a.status, RESOLVER_CACHE_HIT);
	assert_int_equal(a.ttl_s, 300);
	assert_int_equal(a.orig_ttl_s, 300);
	assert_int_equal(a.rrset->ttl, 300);

	/* 100.5 s later: 199.5 s remain -> 199 */
	a = look(fx, c, "www.example.", TYPE_A, T(110.5));
	assert_int_equal(a.status, RESOLVER_CACHE_HIT);
	assert_int_equal(a.ttl_s, 199);

	/* one nanosecond before expiry (10 + 300 s): still live, TTL 0 */
	a = look(fx, c, "www.example.", TYPE_A, T(310) - 1);
	assert_int_equal(a.status, RESOLVER_CACHE_HIT);
	assert_int_equal(a.ttl_s, 0);

	/* at expiry: gone (unbound: serve-stale off, 7.1) */
	a = look(fx, c, "www.example.", TYPE_A, T(310));
	assert_int_equal(a.status, RESOLVER_CACHE_MISS);
	assert_int_equal(resolver_cache_count(c), 0);
}

/* resolvers.md 6.1 step "min(ttl, max_ttl)" with 2.8 "max positive TTL": Unbound 86400,
 * BIND 604800; 7.1 coredns-k8s 30; rfc-strict 604800 (RFC 8767 cap). */
static void test_max_ttl_cap(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *profile;
		uint32_t ttl, want;
	} cases[] = {
		{ "unbound", 172800, 86400 },	   { "unbound", 86400, 86400 },
		{ "unbound", 86399, 86399 },	   { "bind-9.20", 1209600, 604800 },
		{ "bind-9.20", 172800, 172800 },   { "coredns-k8s", 3600, 30 },
		{ "rfc-strict", 2000000, 604800 }, { "google-public-dns", 86400, 21600 },
		{ "aws-vpc-resolver", 3600, 300 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, cases[i].profile);
		store_a(fx, c, "big.example.", cases[i].ttl, RESOLVER_RANK_AUTH_ANSWER, 0);
		struct resolver_cache_answer a = look(fx, c, "big.example.", TYPE_A, 0);
		assert_int_equal(a.status, RESOLVER_CACHE_HIT);
		assert_int_equal(a.ttl_s, cases[i].want);
	}
}

/* resolvers.md 6.1 step "max(ttl, min_ttl)" with 2.8 "min positive TTL": Knot 5, PowerDNS 1;
 * CoreDNS 5 (2.5); Unbound 0 leaves a 1 s TTL alone. */
static void test_min_ttl_floor(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *profile;
		uint32_t ttl, want;
	} cases[] = {
		{ "knot-6", 1, 5 },	{ "knot-6", 4, 5 },	{ "knot-6", 6, 6 },
		{ "pdns-rec-5", 1, 1 }, { "pdns-rec-5", 2, 2 }, { "coredns-k8s", 2, 5 },
		{ "unbound", 1, 1 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, cases[i].profile);
		store_a(fx, c, "short.example.", cases[i].ttl, RESOLVER_RANK_AUTH_ANSWER, 0);
		struct resolver_cache_answer a = look(fx, c, "short.example.", TYPE_A, 0);
		assert_int_equal(a.status, RESOLVER_CACHE_HIT);
		assert_int_equal(a.ttl_s, cases[i].want);
	}
}

/* A scenario override of max-ttl (schema key) reaches the clamp: 1 h caps a 2 h TTL. */
static void test_override_reaches_clamp(void **state)
{
	struct fx *fx = *state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	assert_true(resolver_profile_apply(&p, "max-ttl", 3600 * SIM_NS_PER_S));
	g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
	store_a(fx, c, "www.example.", 7200, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_int_equal(look(fx, c, "www.example.", TYPE_A, 0).ttl_s, 3600);
}

/* resolvers.md 7.2 and 7.1: TTL 0 is not cached by rfc-strict (RFC 1035 3.2.1), raised to
 * 5 s by Knot and to 1 s by PowerDNS, and stored already expired by Unbound, so only a
 * serve-stale profile can use it. */
static void test_ttl0_per_profile(void **state)
{
	struct fx *fx = *state;
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
		assert_int_equal(store_a(fx, c, "z.example.", 0, RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_NOT_CACHED_TTL0);
		assert_int_equal(look(fx, c, "z.example.", TYPE_A, 0).status, RESOLVER_CACHE_MISS);
		assert_int_equal(resolver_cache_count(c), 0);
	}
	static const struct {
		const char *profile;
		uint32_t want;
	} raised[] = { { "knot-6", 5 }, { "pdns-rec-5", 1 } };
	for (size_t i = 0; i < G_N_ELEMENTS(raised); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, raised[i].profile);
		assert_int_equal(store_a(fx, c, "z.example.", 0, RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_STORED);
		struct resolver_cache_answer a = look(fx, c, "z.example.", TYPE_A, 0);
		assert_int_equal(a.status, RESOLVER_CACHE_HIT);
		assert_int_equal(a.ttl_s, raised[i].want);
		/* expires after exactly the raised TTL */
		assert_int_equal(look(fx, c, "z.example.", TYPE_A, T(raised[i].want)).status,
				 RESOLVER_CACHE_MISS);
	}
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound");
		assert_int_equal(store_a(fx, c, "z.example.", 0, RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_STORED);
		assert_int_equal(look(fx, c, "z.example.", TYPE_A, 0).status, RESOLVER_CACHE_MISS);
	}
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound-stale");
		store_a(fx, c, "z.example.", 0, RESOLVER_RANK_AUTH_ANSWER, 0);
		struct resolver_cache_answer a = look(fx, c, "z.example.", TYPE_A, 0);
		assert_int_equal(a.status, RESOLVER_CACHE_STALE);
		assert_int_equal(a.ttl_s, 0); /* 7.1 unbound-stale: min(30, orig = 0) */
	}
}

/* resolvers.md 3.4 (systemd-resolved) and RFC 1035 3.2.1: under no-cache, a fresh TTL-0
 * answer means the data must not be reused, so it also drops the older entry. */
static void test_ttl0_drops_older_entry(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	store_a(fx, c, "z.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_int_equal(store_a(fx, c, "z.example.", 0, RESOLVER_RANK_AUTH_ANSWER, T(1)),
			 RESOLVER_CACHE_NOT_CACHED_TTL0);
	assert_int_equal(look(fx, c, "z.example.", TYPE_A, T(1)).status, RESOLVER_CACHE_MISS);
}

/* RFC 8767 4 (resolvers.md 1.4, 6.1): a TTL with bit 31 set is read as positive, 2^31-1, then
 * capped (rfc-strict: 604800). With the RFC 2181 8 reading it is 0, so not cached. */
static void test_top_bit_ttl(void **state)
{
	struct fx *fx = *state;
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
		store_a(fx, c, "top.example.", UINT32_C(0x80000000), RESOLVER_RANK_AUTH_ANSWER, 0);
		assert_int_equal(look(fx, c, "top.example.", TYPE_A, 0).ttl_s, 604800);
	}
	{
		struct resolver_profile p = *resolver_profile_find("rfc-strict");
		p.ttl_top_bit_zero = true;
		g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
		assert_int_equal(store_a(fx, c, "top.example.", UINT32_C(0xffffffff),
					 RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_NOT_CACHED_TTL0);
	}
}

/* RFC 2308 5 (resolvers.md 1.3, 6.2): the negative lifetime is min(SOA TTL, SOA MINIMUM),
 * whichever of the two is smaller; rfc-strict applies no clamp (7.1: 0 / none). */
static void test_negative_lifetime_is_min_of_soa_ttl_and_minimum(void **state)
{
	struct fx *fx = *state;
	static const struct {
		uint32_t soa_ttl, minimum, want;
	} cases[] = { { 3600, 300, 300 }, { 60, 900, 60 }, { 7200, 7200, 7200 } };
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
		struct dns_rrset *s = soa(fx->names, cases[i].soa_ttl, cases[i].minimum);
		assert_int_equal(resolver_cache_store_negative(c, name(fx, "nope.example."), TYPE_A,
							       IN, RESOLVER_NEGATIVE_NXDOMAIN, s,
							       RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_STORED);
		struct resolver_cache_answer a = look(fx, c, "nope.example.", TYPE_A, 0);
		assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
		assert_int_equal(a.negative, RESOLVER_NEGATIVE_NXDOMAIN);
		assert_int_equal(a.ttl_s, cases[i].want);
		assert_ptr_equal(a.rrset, s); /* the SOA for the authority section */
		assert_int_equal(look(fx, c, "nope.example.", TYPE_A, T(cases[i].want)).status,
				 RESOLVER_CACHE_MISS);
		dns_rrset_unref(s);
	}
}

/* RFC 2308 5: the SOA comes back with its TTL decremented; the answer TTL counts down. */
static void test_negative_soa_ttl_decrements(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	struct dns_rrset *s = soa(fx->names, 3600, 300);
	resolver_cache_store_negative(c, name(fx, "nope.example."), TYPE_A, IN,
				      RESOLVER_NEGATIVE_NXDOMAIN, s, RESOLVER_RANK_AUTH_ANSWER,
				      T(1000));
	dns_rrset_unref(s);
	struct resolver_cache_answer a = look(fx, c, "nope.example.", TYPE_A, T(1100));
	assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
	assert_int_equal(a.ttl_s, 300 - 100);
	struct dns_rrset *out = dns_rrset_copy_ttl(a.rrset, a.ttl_s);
	assert_int_equal(wire_ttl(out, 0), 200);
	dns_rrset_unref(out);
}

/* resolvers.md 6.2 neg clamp: Unbound [0, 3600], BIND [0, 10800], Knot [5, 86400],
 * CoreDNS k8s [5, 30], PowerDNS [1, 3600] (7.1 rows). */
static void test_negative_clamps(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *profile;
		uint32_t minimum, want;
	} cases[] = {
		{ "unbound", 86400, 3600 }, { "bind-9.20", 86400, 10800 },
		{ "knot-6", 1, 5 },	    { "knot-6", 172800, 86400 },
		{ "coredns-k8s", 600, 30 }, { "pdns-rec-5", 7200, 3600 },
		{ "unbound", 900, 900 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, cases[i].profile);
		struct dns_rrset *s = soa(fx->names, 172800, cases[i].minimum);
		resolver_cache_store_negative(c, name(fx, "nope.example."), TYPE_A, IN,
					      RESOLVER_NEGATIVE_NODATA, s,
					      RESOLVER_RANK_AUTH_ANSWER, 0);
		dns_rrset_unref(s);
		struct resolver_cache_answer a = look(fx, c, "nope.example.", TYPE_A, 0);
		assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
		assert_int_equal(a.ttl_s, cases[i].want);
	}
}

/* RFC 2308 5 (resolvers.md 1.3): NXDOMAIN is cached per (QNAME, QCLASS) and covers every type;
 * NODATA per (QNAME, QTYPE, QCLASS). */
static void test_nxdomain_all_types_nodata_per_type(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	struct dns_rrset *s = soa(fx->names, 600, 600);
	resolver_cache_store_negative(c, name(fx, "gone.example."), TYPE_A, IN,
				      RESOLVER_NEGATIVE_NXDOMAIN, s, RESOLVER_RANK_AUTH_ANSWER, 0);
	resolver_cache_store_negative(c, name(fx, "v4only.example."), LDNS_RR_TYPE_AAAA, IN,
				      RESOLVER_NEGATIVE_NODATA, s, RESOLVER_RANK_AUTH_ANSWER, 0);
	dns_rrset_unref(s);

	static const uint16_t types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_MX,
					  LDNS_RR_TYPE_TXT };
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		struct resolver_cache_answer a = look(fx, c, "gone.example.", types[i], T(1));
		assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
		assert_int_equal(a.negative, RESOLVER_NEGATIVE_NXDOMAIN);
		/* another class is another name space */
		assert_int_equal(resolver_cache_lookup(c, name(fx, "gone.example."), types[i],
						       LDNS_RR_CLASS_CH, T(1))
				     .status,
				 RESOLVER_CACHE_MISS);
	}
	struct resolver_cache_answer a = look(fx, c, "v4only.example.", LDNS_RR_TYPE_AAAA, T(1));
	assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
	assert_int_equal(a.negative, RESOLVER_NEGATIVE_NODATA);
	assert_int_equal(look(fx, c, "v4only.example.", LDNS_RR_TYPE_A, T(1)).status,
			 RESOLVER_CACHE_MISS);
	assert_int_equal(look(fx, c, "v4only.example.", LDNS_RR_TYPE_MX, T(1)).status,
			 RESOLVER_CACHE_MISS);
}

/* RFC 2308 5 (resolvers.md 1.3, 7.1 rfc-strict "no SOA -> no cache"): a negative answer
 * without SOA is not cached, NXDOMAIN or NODATA, in every recursive profile but Knot's. */
static void test_negative_without_soa_not_cached(void **state)
{
	struct fx *fx = *state;
	for (const char *const *n = resolver_profile_names(); *n != NULL; n++) {
		if (!resolver_profile_find(*n)->neg_requires_soa) {
			continue; /* knot-6, below */
		}
		g_autoptr(resolver_cache) c = cache_for(fx, *n);
		assert_int_equal(resolver_cache_store_negative(c, name(fx, "nosoa.example."),
							       TYPE_A, IN,
							       RESOLVER_NEGATIVE_NXDOMAIN, NULL,
							       RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_NOT_CACHED_NO_SOA);
		assert_int_equal(resolver_cache_store_negative(c, name(fx, "nosoa.example."),
							       TYPE_A, IN, RESOLVER_NEGATIVE_NODATA,
							       NULL, RESOLVER_RANK_AUTH_ANSWER, 0),
				 RESOLVER_CACHE_NOT_CACHED_NO_SOA);
		assert_int_equal(look(fx, c, "nosoa.example.", TYPE_A, 0).status,
				 RESOLVER_CACHE_MISS);
	}
	/* Knot Resolver caches every answer packet, a negative one without SOA included, for
	 * the min TTL over its records clamped to [ttl-min, ttl-max]: with no record, ttl-min
	 * 5 s (resolvers.md 2.3, lib/cache/entry_pkt.c) */
	g_autoptr(resolver_cache) k = cache_for(fx, "knot-6");
	assert_int_equal(resolver_cache_store_negative(k, name(fx, "nosoa.example."), TYPE_A, IN,
						       RESOLVER_NEGATIVE_NODATA, NULL,
						       RESOLVER_RANK_AUTH_ANSWER, 0),
			 RESOLVER_CACHE_STORED);
	assert_int_equal(look(fx, k, "nosoa.example.", TYPE_A, T(4.9)).status,
			 RESOLVER_CACHE_NEGATIVE);
	assert_int_equal(look(fx, k, "nosoa.example.", TYPE_A, T(5)).status, RESOLVER_CACHE_MISS);
}

/* Negative answers and data for one name: the newer answer wins. Data proves the name exists,
 * so it replaces a cached NXDOMAIN (RFC 2308 5 keys the NXDOMAIN on the name); an NXDOMAIN
 * received later hides the older data for every type. */
static void test_nxdomain_and_data_newest_wins(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	struct dns_rrset *s = soa(fx->names, 600, 600);
	resolver_cache_store_negative(c, name(fx, "flip.example."), TYPE_A, IN,
				      RESOLVER_NEGATIVE_NXDOMAIN, s, RESOLVER_RANK_AUTH_ANSWER, 0);
	store_a(fx, c, "flip.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(1));
	assert_int_equal(look(fx, c, "flip.example.", TYPE_A, T(2)).status, RESOLVER_CACHE_HIT);
	assert_int_equal(look(fx, c, "flip.example.", LDNS_RR_TYPE_AAAA, T(2)).status,
			 RESOLVER_CACHE_MISS);

	resolver_cache_store_negative(c, name(fx, "flip.example."), LDNS_RR_TYPE_AAAA, IN,
				      RESOLVER_NEGATIVE_NXDOMAIN, s, RESOLVER_RANK_AUTH_ANSWER,
				      T(3));
	struct resolver_cache_answer a = look(fx, c, "flip.example.", TYPE_A, T(4));
	assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
	assert_int_equal(a.negative, RESOLVER_NEGATIVE_NXDOMAIN);

	/* a NODATA also proves the name exists: other types are unknown again, not NXDOMAIN */
	resolver_cache_store_negative(c, name(fx, "flip.example."), LDNS_RR_TYPE_MX, IN,
				      RESOLVER_NEGATIVE_NODATA, s, RESOLVER_RANK_AUTH_ANSWER, T(5));
	a = look(fx, c, "flip.example.", LDNS_RR_TYPE_MX, T(6));
	assert_int_equal(a.negative, RESOLVER_NEGATIVE_NODATA);
	assert_int_equal(look(fx, c, "flip.example.", LDNS_RR_TYPE_TXT, T(6)).status,
			 RESOLVER_CACHE_MISS);
	dns_rrset_unref(s);
}

/* RFC 2181 5.4.1 (resolvers.md 1.2): data from a less trustworthy source must not replace
 * live data from a more trustworthy one; equal or higher rank replaces. Referral glue is
 * rank 7 ("additional section"), an authoritative answer rank 3. */
static void test_credibility_ranking(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	struct dns_rrset *glue = rrset(fx->names, "ns1.example. 172800 IN A 192.0.2.53");
	struct dns_rrset *auth = rrset(fx->names, "ns1.example. 3600 IN A 198.51.100.53");

	/* the authoritative answer replaces glue */
	assert_int_equal(resolver_cache_store(c, glue, RESOLVER_RANK_ADDITIONAL, 0),
			 RESOLVER_CACHE_STORED);
	assert_int_equal(resolver_cache_store(c, auth, RESOLVER_RANK_AUTH_ANSWER, T(1)),
			 RESOLVER_CACHE_STORED);
	struct resolver_cache_answer a = look(fx, c, "ns1.example.", TYPE_A, T(2));
	assert_ptr_equal(a.rrset, auth);
	assert_int_equal(a.rank, RESOLVER_RANK_AUTH_ANSWER);
	assert_int_equal(a.ttl_s, 3600 - 1);

	/* glue from a later referral does not replace it */
	assert_int_equal(resolver_cache_store(c, glue, RESOLVER_RANK_ADDITIONAL, T(10)),
			 RESOLVER_CACHE_KEPT_HIGHER_RANK);
	assert_int_equal(resolver_cache_store(c, glue, RESOLVER_RANK_NONAUTH_ANSWER, T(10)),
			 RESOLVER_CACHE_KEPT_HIGHER_RANK);
	a = look(fx, c, "ns1.example.", TYPE_A, T(10));
	assert_ptr_equal(a.rrset, auth);

	/* equal rank replaces (a fresh authoritative answer) */
	struct dns_rrset *auth2 = rrset(fx->names, "ns1.example. 600 IN A 203.0.113.53");
	assert_int_equal(resolver_cache_store(c, auth2, RESOLVER_RANK_AUTH_ANSWER, T(20)),
			 RESOLVER_CACHE_STORED);
	assert_ptr_equal(look(fx, c, "ns1.example.", TYPE_A, T(20)).rrset, auth2);

	/* once the higher-ranked data has expired, anything replaces it */
	assert_int_equal(resolver_cache_store(c, glue, RESOLVER_RANK_ADDITIONAL, T(620)),
			 RESOLVER_CACHE_STORED);
	assert_ptr_equal(look(fx, c, "ns1.example.", TYPE_A, T(621)).rrset, glue);

	dns_rrset_unref(glue);
	dns_rrset_unref(auth);
	dns_rrset_unref(auth2);
}

/* RFC 8020 2 (resolvers.md 1.7): with the cut on, a cached NXDOMAIN at X answers NXDOMAIN for
 * any name below X (and nothing beside it); with it off (unbound: only DNSSEC-secure
 * NXDOMAIN, no DNSSEC here) names below X are misses. */
static void test_nxdomain_cut(void **state)
{
	struct fx *fx = *state;
	struct dns_rrset *s = soa(fx->names, 600, 600);
	uint32_t gone = name(fx, "gone.example.");
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
		assert_true(resolver_cache_profile(c)->nxdomain_cut);
		resolver_cache_store_negative(c, gone, TYPE_A, IN, RESOLVER_NEGATIVE_NXDOMAIN, s,
					      RESOLVER_RANK_AUTH_ANSWER, 0);
		struct resolver_cache_answer a = look(fx, c, "a.b.gone.example.", TYPE_A, T(100));
		assert_int_equal(a.status, RESOLVER_CACHE_NEGATIVE);
		assert_int_equal(a.negative, RESOLVER_NEGATIVE_NXDOMAIN);
		assert_int_equal(a.owner, gone);
		assert_int_equal(a.ttl_s, 500);
		assert_int_equal(look(fx, c, "other.example.", TYPE_A, T(100)).status,
				 RESOLVER_CACHE_MISS);
		assert_int_equal(look(fx, c, "example.", TYPE_A, T(100)).status,
				 RESOLVER_CACHE_MISS);
	}
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound");
		assert_false(resolver_cache_profile(c)->nxdomain_cut);
		resolver_cache_store_negative(c, gone, TYPE_A, IN, RESOLVER_NEGATIVE_NXDOMAIN, s,
					      RESOLVER_RANK_AUTH_ANSWER, 0);
		assert_int_equal(look(fx, c, "a.b.gone.example.", TYPE_A, T(100)).status,
				 RESOLVER_CACHE_MISS);
		assert_int_equal(look(fx, c, "gone.example.", TYPE_A, T(100)).status,
				 RESOLVER_CACHE_NEGATIVE);
	}
	{
		/* the override turns it on */
		struct resolver_profile p = *resolver_profile_find("unbound");
		assert_true(resolver_profile_apply(&p, "nxdomain-cut", 1));
		g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
		resolver_cache_store_negative(c, gone, TYPE_A, IN, RESOLVER_NEGATIVE_NXDOMAIN, s,
					      RESOLVER_RANK_AUTH_ANSWER, 0);
		assert_int_equal(look(fx, c, "a.b.gone.example.", TYPE_A, T(100)).status,
				 RESOLVER_CACHE_NEGATIVE);
	}
	dns_rrset_unref(s);
}

/* resolvers.md 6.3 and 7.1: SERVFAIL cached for servfail-ttl: BIND 1 s, Unbound 5 s, Knot 5 s,
 * PowerDNS 60 s, fixed (no backoff) on repeats. */
static void test_servfail_fixed(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *profile;
		uint32_t ttl;
	} cases[] = { { "bind-9.20", 1 },
		      { "unbound", 5 },
		      { "knot-6", 5 },
		      { "pdns-rec-5", 60 },
		      { "coredns-k8s", 5 } };
	uint32_t q = name(fx, "broken.example.");
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, cases[i].profile);
		int64_t t = 0;
		for (int repeat = 0; repeat < 3; repeat++) {
			assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, t),
					 cases[i].ttl);
			struct resolver_cache_answer a = resolver_cache_lookup(c, q, TYPE_A, IN, t);
			assert_int_equal(a.status, RESOLVER_CACHE_FAILURE);
			assert_int_equal(a.ttl_s, cases[i].ttl);
			assert_int_equal(a.failures, repeat + 1);
			/* a failure is per (name, type, class) */
			assert_int_equal(
			    resolver_cache_lookup(c, q, LDNS_RR_TYPE_AAAA, IN, t).status,
			    RESOLVER_CACHE_MISS);
			t += T(cases[i].ttl);
			assert_int_equal(resolver_cache_lookup(c, q, TYPE_A, IN, t).status,
					 RESOLVER_CACHE_MISS);
		}
	}
}

/* RFC 9520 via resolvers.md 7.1 rfc-strict ("failure cache 1 s -> x2 -> 300 s") and 6.3: the
 * n-th consecutive failure is cached min(1 * 2^(n-1), 300) s: 1, 2, 4, ..., 256, 300, 300.
 * Data stored for the key ends the run: the next failure starts at 1 s again. */
static void test_servfail_backoff_rfc_strict(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	uint32_t q = name(fx, "broken.example.");
	int64_t t = 0;
	for (uint32_t n = 1; n <= 12; n++) {
		uint32_t want = n <= 9 ? 1u << (n - 1) : 300u; /* 2^8 = 256 < 300 < 2^9 */
		assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, t), want);
		struct resolver_cache_answer a = resolver_cache_lookup(c, q, TYPE_A, IN, t);
		assert_int_equal(a.status, RESOLVER_CACHE_FAILURE);
		assert_int_equal(a.ttl_s, want);
		assert_int_equal(a.failures, n);
		t += T(want); /* the resolver retries when the entry expires, and fails again */
	}
	store_a(fx, c, "broken.example.", 60, RESOLVER_RANK_AUTH_ANSWER, t);
	assert_int_equal(resolver_cache_lookup(c, q, TYPE_A, IN, t).status, RESOLVER_CACHE_HIT);
	t += T(60);
	assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, t), 1);
}

/* Consecutive means the failure persists: one that comes more than the cap (300 s) after the
 * previous entry expired starts a new run (docs/design/resolver-cache.md). The override
 * servfail-ttl=5s gives RFC 9520's example of 5 s doubling (resolvers.md 1.6, 6.3). */
static void test_servfail_backoff_reset_and_start(void **state)
{
	struct fx *fx = *state;
	uint32_t q = name(fx, "broken.example.");
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
		assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, 0), 1);
		assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, T(1)), 2);
		/* expired at 3 s; 3 + 300 s later it no longer counts */
		assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, T(303)), 1);
	}
	{
		struct resolver_profile p = *resolver_profile_find("rfc-strict");
		assert_true(resolver_profile_apply(&p, "servfail-ttl", 5 * SIM_NS_PER_S));
		g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
		static const uint32_t want[] = { 5, 10, 20, 40, 80, 160, 300, 300 };
		int64_t t = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
			assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, t),
					 want[i]);
			t += T(want[i]);
		}
	}
}

/* RFC 8767 (resolvers.md 1.4, 6.4; 7.1 unbound-stale): expired data is kept for max-stale
 * (86400 s past expiry) and offered as stale with TTL min(30, original); not after. With
 * serve-stale off (unbound) it is gone at expiry. */
static void test_stale_window(void **state)
{
	struct fx *fx = *state;
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound-stale");
		store_a(fx, c, "old.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
		store_a(fx, c, "short.example.", 10, RESOLVER_RANK_AUTH_ANSWER, 0);
		struct resolver_cache_answer a = look(fx, c, "old.example.", TYPE_A, T(300));
		assert_int_equal(a.status, RESOLVER_CACHE_STALE);
		assert_int_equal(a.negative, RESOLVER_NEGATIVE_NONE);
		assert_int_equal(a.ttl_s, 30);
		assert_non_null(a.rrset);
		a = look(fx, c, "old.example.", TYPE_A, T(300 + 86400) - 1);
		assert_int_equal(a.status, RESOLVER_CACHE_STALE);
		a = look(fx, c, "short.example.", TYPE_A, T(11));
		assert_int_equal(a.status, RESOLVER_CACHE_STALE);
		assert_int_equal(a.ttl_s, 10); /* min(30, 10) */
		assert_int_equal(look(fx, c, "old.example.", TYPE_A, T(300 + 86400)).status,
				 RESOLVER_CACHE_MISS);
	}
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound");
		store_a(fx, c, "old.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
		assert_int_equal(look(fx, c, "old.example.", TYPE_A, T(300)).status,
				 RESOLVER_CACHE_MISS);
	}
	{
		/* 7.1 knot-6 "if on: TTL 1, <= 1 d" through the serve-stale override */
		struct resolver_profile p = *resolver_profile_find("knot-6");
		assert_true(resolver_profile_apply(&p, "serve-stale", RESOLVER_STALE_TIMER));
		g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
		store_a(fx, c, "old.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
		struct resolver_cache_answer a = look(fx, c, "old.example.", TYPE_A, T(400));
		assert_int_equal(a.status, RESOLVER_CACHE_STALE);
		assert_int_equal(a.ttl_s, 1);
	}
}

/* resolvers.md 6.4 (Unbound keeps a stale answer when SERVFAIL is cached, 2.1): a cached
 * failure does not drop the stale data; the lookup reports both. */
static void test_failure_keeps_stale_data(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "unbound-stale");
	uint32_t q = name(fx, "flaky.example.");
	store_a(fx, c, "flaky.example.", 60, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_int_equal(resolver_cache_store_failure(c, q, TYPE_A, IN, T(100)), 5);
	struct resolver_cache_answer a = resolver_cache_lookup(c, q, TYPE_A, IN, T(101));
	assert_int_equal(a.status, RESOLVER_CACHE_FAILURE);
	assert_true(a.stale_available);
	a = resolver_cache_lookup(c, q, TYPE_A, IN, T(105));
	assert_int_equal(a.status, RESOLVER_CACHE_STALE);
	assert_int_equal(a.ttl_s, 30);
}

/* Serve-stale covers negative answers too (RFC 8914 "Stale NXDOMAIN Answer", resolvers.md
 * 1.4); the SOA comes with them. */
static void test_stale_negative(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "unbound-stale");
	struct dns_rrset *s = soa(fx->names, 600, 60);
	resolver_cache_store_negative(c, name(fx, "gone.example."), TYPE_A, IN,
				      RESOLVER_NEGATIVE_NXDOMAIN, s, RESOLVER_RANK_AUTH_ANSWER, 0);
	struct resolver_cache_answer a = look(fx, c, "gone.example.", TYPE_A, T(61));
	assert_int_equal(a.status, RESOLVER_CACHE_STALE);
	assert_int_equal(a.negative, RESOLVER_NEGATIVE_NXDOMAIN);
	assert_ptr_equal(a.rrset, s);
	dns_rrset_unref(s);
}

/* resolvers.md 6.5 and 2.1: Unbound prefetches on a hit once remaining <= orig/10 (trigger
 * PREFETCH_TTL_CALC(ttl) = ttl - ttl/10): orig 100 -> at remaining 10 s, not at 11 s. Only
 * with prefetch on (unbound-stale); the unbound preset has it off. */
static void test_prefetch_unbound(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) on = cache_for(fx, "unbound-stale");
	g_autoptr(resolver_cache) off = cache_for(fx, "unbound");
	store_a(fx, on, "p.example.", 100, RESOLVER_RANK_AUTH_ANSWER, 0);
	store_a(fx, off, "p.example.", 100, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_false(look(fx, on, "p.example.", TYPE_A, T(0)).prefetch);
	assert_false(look(fx, on, "p.example.", TYPE_A, T(89)).prefetch); /* 11 s left */
	assert_true(look(fx, on, "p.example.", TYPE_A, T(90)).prefetch);  /* 10 s left */
	assert_true(look(fx, on, "p.example.", TYPE_A, T(99)).prefetch);
	assert_false(look(fx, off, "p.example.", TYPE_A, T(95)).prefetch);
}

/* resolvers.md 2.2 and 6.5: BIND `prefetch 2 9`: a hit with remaining <= 2 s on a record
 * whose original TTL is >= 9 s. orig 9: at 3 s left no, at 2 s yes; orig 8: never. */
static void test_prefetch_bind(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "bind-9.20");
	store_a(fx, c, "nine.example.", 9, RESOLVER_RANK_AUTH_ANSWER, 0);
	store_a(fx, c, "eight.example.", 8, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_false(look(fx, c, "nine.example.", TYPE_A, T(6)).prefetch);  /* 3 s left */
	assert_true(look(fx, c, "nine.example.", TYPE_A, T(7)).prefetch);   /* 2 s left */
	assert_true(look(fx, c, "nine.example.", TYPE_A, T(8)).prefetch);   /* 1 s left */
	assert_false(look(fx, c, "eight.example.", TYPE_A, T(7)).prefetch); /* 1 s left, 8 < 9 */
}

/* resolvers.md 2.3 and 6.5: Knot prefetches when remaining < 1% of orig + 5 s, i.e.
 * 100 * (remaining - 5) < orig. orig 1000: remaining < 15 (14 yes, 15 no); orig 100:
 * remaining < 6 (5 yes, 6 no). Knot's preset has prefetch off; the override turns it on. */
static void test_prefetch_knot(void **state)
{
	struct fx *fx = *state;
	struct resolver_profile p = *resolver_profile_find("knot-6");
	assert_true(resolver_profile_apply(&p, "prefetch", 1));
	g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
	store_a(fx, c, "k1000.example.", 1000, RESOLVER_RANK_AUTH_ANSWER, 0);
	store_a(fx, c, "k100.example.", 100, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_false(look(fx, c, "k1000.example.", TYPE_A, T(985)).prefetch);
	assert_true(look(fx, c, "k1000.example.", TYPE_A, T(986)).prefetch);
	assert_false(look(fx, c, "k100.example.", TYPE_A, T(94)).prefetch);
	assert_true(look(fx, c, "k100.example.", TYPE_A, T(95)).prefetch);
}

/* resolvers.md 2.1 and 4 (7.1 unbound: "child NS can't extend parent TTL"): the child's
 * authoritative NS replaces the referral (RFC 2181 5.4.1) but keeps at most the referral's
 * remaining lifetime: referral 3600 s at t = 0, child NS 86400 s at t = 100 -> 3500 s. A
 * child-centric profile without the rule (rfc-strict) takes the child's 86400 s. */
static void test_ns_overwrite_does_not_extend(void **state)
{
	struct fx *fx = *state;
	struct dns_rrset *referral =
	    rrset(fx->names, "child.example. 3600 IN NS ns1.child.example.");
	struct dns_rrset *child = rrset(fx->names, "child.example. 86400 IN NS ns1.child.example.");
	static const struct {
		const char *profile;
		uint32_t want;
	} cases[] = { { "unbound", 3600 - 100 }, { "rfc-strict", 86400 } };
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, cases[i].profile);
		resolver_cache_store(c, referral, RESOLVER_RANK_ADDITIONAL, 0);
		assert_int_equal(resolver_cache_store(c, child, RESOLVER_RANK_AUTH_ANSWER, T(100)),
				 RESOLVER_CACHE_STORED);
		struct resolver_cache_answer a =
		    look(fx, c, "child.example.", LDNS_RR_TYPE_NS, T(100));
		assert_int_equal(a.rank, RESOLVER_RANK_AUTH_ANSWER);
		assert_int_equal(a.ttl_s, cases[i].want);
	}
	dns_rrset_unref(referral);
	dns_rrset_unref(child);
}

/* resolvers.md 2.2 and 7.1 bind-9.22: NS and glue TTLs below 60 s are raised to 60 s
 * (min-delegation-ttl); other data keeps its TTL, and bind-9.20 has no such floor. */
static void test_delegation_ttl_floor(void **state)
{
	struct fx *fx = *state;
	struct dns_rrset *ns = rrset(fx->names, "child.example. 30 IN NS ns1.child.example.");
	struct dns_rrset *glue = rrset(fx->names, "ns1.child.example. 30 IN A 192.0.2.53");
	struct dns_rrset *data = rrset(fx->names, "www.child.example. 30 IN A 192.0.2.80");
	static const struct {
		const char *profile;
		uint32_t want_delegation;
	} cases[] = { { "bind-9.22", 60 }, { "bind-9.20", 30 } };
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(resolver_cache) c = cache_for(fx, cases[i].profile);
		resolver_cache_store(c, ns, RESOLVER_RANK_ADDITIONAL, 0);
		resolver_cache_store(c, glue, RESOLVER_RANK_ADDITIONAL, 0);
		resolver_cache_store(c, data, RESOLVER_RANK_AUTH_ANSWER, 0);
		assert_int_equal(look(fx, c, "child.example.", LDNS_RR_TYPE_NS, 0).ttl_s,
				 cases[i].want_delegation);
		assert_int_equal(look(fx, c, "ns1.child.example.", TYPE_A, 0).ttl_s,
				 cases[i].want_delegation);
		assert_int_equal(look(fx, c, "www.child.example.", TYPE_A, 0).ttl_s, 30);
	}
	dns_rrset_unref(ns);
	dns_rrset_unref(glue);
	dns_rrset_unref(data);
}

/* Purge drops what no lookup could use any more: expired data with serve-stale off, data
 * past max-stale with it on (RFC 8767), failures past the backoff memory; live data stays. */
static void test_purge(void **state)
{
	struct fx *fx = *state;
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound");
		store_a(fx, c, "short.example.", 10, RESOLVER_RANK_AUTH_ANSWER, 0);
		store_a(fx, c, "long.example.", 1000, RESOLVER_RANK_AUTH_ANSWER, 0);
		resolver_cache_store_failure(c, name(fx, "broken.example."), TYPE_A, IN, 0);
		assert_int_equal(resolver_cache_purge(c, T(9)), 0);
		/* at 10 s: the A expired; the failure (5 s) is remembered 5 s more */
		assert_int_equal(resolver_cache_purge(c, T(10)), 2);
		assert_int_equal(resolver_cache_count(c), 1);
		assert_int_equal(look(fx, c, "long.example.", TYPE_A, T(10)).status,
				 RESOLVER_CACHE_HIT);
	}
	{
		g_autoptr(resolver_cache) c = cache_for(fx, "unbound-stale");
		store_a(fx, c, "short.example.", 10, RESOLVER_RANK_AUTH_ANSWER, 0);
		assert_int_equal(resolver_cache_purge(c, T(10 + 86400) - 1), 0);
		assert_int_equal(resolver_cache_purge(c, T(10 + 86400)), 1);
	}
}

/* Capacity (resolvers.md 7.1 coredns-k8s 9984 entries, dnsmasq 150): at the limit the least
 * recently used entry (stored or looked up) goes first. */
static void test_eviction_lru(void **state)
{
	struct fx *fx = *state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	assert_true(resolver_profile_apply(&p, "cache-size", 3));
	g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
	store_a(fx, c, "a.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(1));
	store_a(fx, c, "b.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(2));
	store_a(fx, c, "c.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(3));
	look(fx, c, "a.example.", TYPE_A, T(4)); /* order now, oldest first: b, c, a */
	store_a(fx, c, "d.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(5));
	assert_int_equal(resolver_cache_count(c), 3);
	assert_int_equal(look(fx, c, "b.example.", TYPE_A, T(6)).status, RESOLVER_CACHE_MISS);
	/* the misses above touched nothing; order: c, a, d */
	store_a(fx, c, "e.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(7));
	assert_int_equal(look(fx, c, "c.example.", TYPE_A, T(8)).status, RESOLVER_CACHE_MISS);
	assert_int_equal(look(fx, c, "a.example.", TYPE_A, T(8)).status, RESOLVER_CACHE_HIT);
	assert_int_equal(look(fx, c, "d.example.", TYPE_A, T(8)).status, RESOLVER_CACHE_HIT);
	assert_int_equal(look(fx, c, "e.example.", TYPE_A, T(8)).status, RESOLVER_CACHE_HIT);
	struct resolver_cache_stats st;
	resolver_cache_stats(c, &st);
	assert_int_equal(st.evictions, 2);
	assert_int_equal(st.capacity, 3);

	/* replacing an entry in place does not evict */
	store_a(fx, c, "e.example.", 600, RESOLVER_RANK_AUTH_ANSWER, T(9));
	resolver_cache_stats(c, &st);
	assert_int_equal(st.evictions, 2);
}

/* Eviction order under churn: with capacity N, after storing M > N names in turn exactly the
 * last N stored are held, whatever the hash order. */
static void test_eviction_many(void **state)
{
	struct fx *fx = *state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.cache_size = 1000;
	g_autoptr(resolver_cache) c = resolver_cache_new(&p, fx->names);
	char n[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(n, sizeof(n), "h%d.example.", i);
		store_a(fx, c, n, 3600, RESOLVER_RANK_AUTH_ANSWER, T(1));
	}
	assert_int_equal(resolver_cache_count(c), 1000);
	for (int i = 0; i < 5000; i++) {
		snprintf(n, sizeof(n), "h%d.example.", i);
		assert_int_equal(look(fx, c, n, TYPE_A, T(2)).status,
				 i >= 4000 ? RESOLVER_CACHE_HIT : RESOLVER_CACHE_MISS);
	}
}

/* The index against a plain model: random stores, removals and lookups (fixed seed) give the
 * same hits as a GHashTable keyed by name. Exercises growth and backward-shift deletion. */
static void test_index_matches_model(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	GHashTable *model = g_hash_table_new(g_direct_hash, g_direct_equal);
	uint32_t ids[4000];
	char n[64];
	for (int i = 0; i < 4000; i++) {
		snprintf(n, sizeof(n), "m%d.example.", i);
		ids[i] = name(fx, n);
	}
	uint64_t x = 12345;
	for (int step = 0; step < 60000; step++) {
		x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		int i = (int)((x >> 33) % 4000);
		int op = (int)((x >> 20) % 3);
		if (op == 0) {
			struct dns_rrset *set =
			    a_rrset(fx->names, dns_name_text(fx->names, ids[i]), 3600);
			resolver_cache_store(c, set, RESOLVER_RANK_AUTH_ANSWER, 0);
			dns_rrset_unref(set);
			g_hash_table_add(model, GUINT_TO_POINTER(ids[i] + 1));
		} else if (op == 1) {
			size_t had =
			    g_hash_table_remove(model, GUINT_TO_POINTER(ids[i] + 1)) ? 1 : 0;
			assert_int_equal(resolver_cache_remove_name(c, ids[i]), had);
		} else {
			bool want = g_hash_table_contains(model, GUINT_TO_POINTER(ids[i] + 1));
			assert_int_equal(resolver_cache_lookup(c, ids[i], TYPE_A, IN, 0).status,
					 want ? RESOLVER_CACHE_HIT : RESOLVER_CACHE_MISS);
		}
		assert_int_equal(resolver_cache_count(c), g_hash_table_size(model));
	}
	g_hash_table_destroy(model);
}

/* A `resolver NAME flush|restart` action: nothing survives a flush, and the cache works after. */
static void test_flush(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	struct dns_rrset *s = soa(fx->names, 600, 600);
	store_a(fx, c, "a.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
	resolver_cache_store_negative(c, name(fx, "gone.example."), TYPE_A, IN,
				      RESOLVER_NEGATIVE_NXDOMAIN, s, RESOLVER_RANK_AUTH_ANSWER, 0);
	resolver_cache_store_failure(c, name(fx, "broken.example."), TYPE_A, IN, 0);
	assert_int_equal(resolver_cache_count(c), 3);
	resolver_cache_flush(c);
	assert_int_equal(resolver_cache_count(c), 0);
	assert_int_equal(look(fx, c, "a.example.", TYPE_A, T(1)).status, RESOLVER_CACHE_MISS);
	assert_int_equal(look(fx, c, "x.gone.example.", TYPE_A, T(1)).status, RESOLVER_CACHE_MISS);
	assert_int_equal(look(fx, c, "broken.example.", TYPE_A, T(1)).status, RESOLVER_CACHE_MISS);
	/* the failure backoff starts over too */
	assert_int_equal(
	    resolver_cache_store_failure(c, name(fx, "broken.example."), TYPE_A, IN, T(1)), 1);
	store_a(fx, c, "a.example.", 300, RESOLVER_RANK_AUTH_ANSWER, T(1));
	assert_int_equal(look(fx, c, "a.example.", TYPE_A, T(1)).status, RESOLVER_CACHE_HIT);
	dns_rrset_unref(s);
}

/* Remove by name (rndc flushname): every type and kind of that owner, nothing else. */
static void test_remove_name(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	struct dns_rrset *aaaa = rrset(fx->names, "x.example. 300 IN AAAA 2001:db8::1");
	struct dns_rrset *s = soa(fx->names, 600, 600);
	store_a(fx, c, "x.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
	resolver_cache_store(c, aaaa, RESOLVER_RANK_AUTH_ANSWER, 0);
	resolver_cache_store_negative(c, name(fx, "x.example."), LDNS_RR_TYPE_MX, IN,
				      RESOLVER_NEGATIVE_NODATA, s, RESOLVER_RANK_AUTH_ANSWER, 0);
	resolver_cache_store_failure(c, name(fx, "x.example."), LDNS_RR_TYPE_TXT, IN, 0);
	store_a(fx, c, "y.example.", 300, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_int_equal(resolver_cache_remove_name(c, name(fx, "x.example.")), 4);
	assert_int_equal(resolver_cache_count(c), 1);
	assert_int_equal(look(fx, c, "x.example.", TYPE_A, 0).status, RESOLVER_CACHE_MISS);
	assert_int_equal(look(fx, c, "x.example.", LDNS_RR_TYPE_MX, 0).status, RESOLVER_CACHE_MISS);
	assert_int_equal(look(fx, c, "y.example.", TYPE_A, 0).status, RESOLVER_CACHE_HIT);
	dns_rrset_unref(aaaa);
	dns_rrset_unref(s);
}

/* dns.h: caches hold references, never copies; the cache drops them when it lets go. */
static void test_rrset_references(void **state)
{
	struct fx *fx = *state;
	struct dns_rrset *set = a_rrset(fx->names, "r.example.", 300);
	resolver_cache *c = cache_for(fx, "rfc-strict");
	resolver_cache_store(c, set, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_int_equal(set->refs, 2);
	struct dns_rrset *other = a_rrset(fx->names, "r.example.", 600);
	resolver_cache_store(c, other, RESOLVER_RANK_AUTH_ANSWER, 0);
	assert_int_equal(set->refs, 1); /* replaced */
	assert_int_equal(other->refs, 2);
	resolver_cache_free(c);
	assert_int_equal(other->refs, 1);
	dns_rrset_unref(set);
	dns_rrset_unref(other);
}

/* The memory budget of the design (docs/design/resolver-cache.md): at most 150 bytes per entry
 * beyond the record data; checked here at 10^5 entries from the cache's own accounting. */
static void test_table_bytes_per_entry(void **state)
{
	struct fx *fx = *state;
	g_autoptr(resolver_cache) c = cache_for(fx, "rfc-strict");
	enum { N = 100000 };
	for (uint32_t i = 0; i < N; i++) {
		/* a cache key needs no interned name and the cache never reads the records */
		struct dns_rrset *set = dns_rrset_new(1000000 + i, TYPE_A, IN, 300);
		resolver_cache_store(c, set, RESOLVER_RANK_AUTH_ANSWER, 0);
		dns_rrset_unref(set);
	}
	struct resolver_cache_stats st;
	resolver_cache_stats(c, &st);
	assert_int_equal(st.entries, N);
	assert_true(st.table_bytes / N <= 150);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ttl_countdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_ttl_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_min_ttl_floor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_reaches_clamp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ttl0_per_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ttl0_drops_older_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_top_bit_ttl, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_negative_lifetime_is_min_of_soa_ttl_and_minimum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_soa_ttl_decrements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_clamps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nxdomain_all_types_nodata_per_type, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_negative_without_soa_not_cached, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nxdomain_and_data_newest_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_credibility_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nxdomain_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_servfail_fixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_servfail_backoff_rfc_strict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_servfail_backoff_reset_and_start, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_keeps_stale_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_negative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_unbound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_bind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_knot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ns_overwrite_does_not_extend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delegation_ttl_floor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eviction_lru, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eviction_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_matches_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rrset_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_bytes_per_entry, setup, teardown),
	};
	return cmocka_run_group_tests_name("resolver cache", tests, NULL, NULL);
}
