/*
 * Unit tests for resolver/profile: the preset table against shared/reference/resolvers.md
 * section 7.1 (rows named in each test; the expected numbers are read from the document, not
 * from the table under test), and the scenario overrides against the language's own key table
 * (sim/scenario/schema.c), so a key added to the language without a model fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "resolver/profile.h"
#include "sim/scenario/schema.h"
#include "sim/util.h"

#define S(x)  ((int64_t)(x)*SIM_NS_PER_S)
#define MS(x) ((int64_t)(x)*SIM_NS_PER_MS)

static const struct resolver_profile *must_find(const char *name)
{
	const struct resolver_profile *p = resolver_profile_find(name);
	if (p == NULL) {
		print_error("no preset %s\n", name);
		fail();
	}
	assert_string_equal(p->name, name);
	return p;
}

static size_t count_names(const char *const *names)
{
	size_t n = 0;
	while (names[n] != NULL) {
		n++;
	}
	return n;
}

static bool in_list(const char *const *names, const char *name)
{
	for (; *names != NULL; names++) {
		if (strcmp(*names, name) == 0) {
			return true;
		}
	}
	return false;
}

/* resolvers.md 7.1: one preset per recursive row, with the row's name (typed here from the
 * document), and the same set as the scenario language accepts for profile=. */
static void test_every_recursive_row_has_a_preset(void **state)
{
	static const char *const rows[] = {
		"rfc-strict",	     "unbound",		 "unbound-stale",
		"bind-9.20",	     "bind-9.22",	 "knot-6",
		"pdns-rec-5",	     "coredns-k8s",	 "dnsmasq",
		"google-public-dns", "cloudflare-1111",	 "quad9",
		"opendns",	     "aws-vpc-resolver", NULL,
	};
	for (size_t i = 0; rows[i] != NULL; i++) {
		must_find(rows[i]);
		assert_true(in_list(resolver_profile_names(), rows[i]));
	}
	assert_int_equal(count_names(resolver_profile_names()), count_names(rows));
	const char *const *lang = scenario_resolver_profiles();
	assert_int_equal(count_names(lang), count_names(rows));
	for (size_t i = 0; lang[i] != NULL; i++) {
		must_find(lang[i]);
	}
	assert_null(resolver_profile_find("bind"));
	assert_null(resolver_profile_find("glibc-stub")); /* a client row, other table */
}

/* resolvers.md 7.1 client rows (glibc-stub ... nginx-static-upstream; go/node/python split as
 * the language does): each has a client profile, and the sets match the language's. */
static void test_every_client_row_has_a_profile(void **state)
{
	const char *const *lang = scenario_client_profiles();
	assert_int_equal(count_names(resolver_client_profile_names()), count_names(lang));
	for (size_t i = 0; lang[i] != NULL; i++) {
		const struct resolver_client_profile *c = resolver_client_profile_find(lang[i]);
		assert_non_null(c);
		assert_string_equal(c->name, lang[i]);
	}
	assert_null(resolver_client_profile_find("unbound"));
}

/* Spot values per recursive row of resolvers.md 7.1 (and 2.8 where the row says "as"). */
static void test_recursive_spot_values(void **state)
{
	const struct resolver_profile *p;

	p = must_find("rfc-strict"); /* 0 / 604800; TTL 0 not cached; 1 s -> x2 -> 300 s */
	assert_int_equal(p->min_ttl_s, 0);
	assert_int_equal(p->max_ttl_s, 604800);
	assert_int_equal(p->ttl0, RESOLVER_TTL0_NO_CACHE);
	assert_true(p->neg_requires_soa);
	assert_int_equal(p->servfail_ttl_s, 1);
	assert_int_equal(p->servfail_factor, 2);
	assert_int_equal(p->servfail_max_ttl_s, 300);
	assert_int_equal(p->serve_stale, RESOLVER_STALE_OFF);
	assert_false(p->prefetch);

	p = must_find("unbound"); /* 0 / 86400, neg 0 / 3600, 376 ms, 5 tries, 32 sends */
	assert_int_equal(p->max_ttl_s, 86400);
	assert_int_equal(p->neg_max_ttl_s, 3600);
	assert_int_equal(p->servfail_ttl_s, 5);
	assert_int_equal(p->timeout_ns, MS(376));
	assert_int_equal(p->rto_min_ns, MS(50));
	assert_int_equal(p->rto_max_ns, S(120));
	assert_int_equal(p->tries_per_server, 5);
	assert_int_equal(p->max_sends, 32);
	assert_int_equal(p->selection, RESOLVER_SELECTION_BAND_RANDOM);
	assert_int_equal(p->selection_band_ns, MS(400));
	assert_int_equal(p->infra_ttl_ns, S(900));
	assert_int_equal(p->serve_stale, RESOLVER_STALE_OFF);
	assert_false(p->prefetch);

	p = must_find("unbound-stale"); /* stale after 1.8 s, min(30, orig), 86400, 5 s; 10% */
	assert_int_equal(p->serve_stale, RESOLVER_STALE_TIMER);
	assert_int_equal(p->stale_timer_ns, MS(1800));
	assert_int_equal(p->stale_ttl_s, 30);
	assert_true(p->stale_ttl_capped_by_orig);
	assert_int_equal(p->max_stale_s, 86400);
	assert_int_equal(p->stale_recheck_ns, S(5));
	assert_true(p->prefetch);
	assert_int_equal(p->prefetch_rule, RESOLVER_PREFETCH_PERCENT);
	assert_int_equal(p->prefetch_percent, 10);
	assert_int_equal(p->max_ttl_s, 86400);

	p = must_find("bind-9.20"); /* 0 / 604800, neg 10800, prefetch 2 9, servfail 1 s */
	assert_int_equal(p->max_ttl_s, 604800);
	assert_int_equal(p->neg_max_ttl_s, 10800);
	assert_int_equal(p->servfail_ttl_s, 1);
	assert_true(p->prefetch);
	assert_int_equal(p->prefetch_rule, RESOLVER_PREFETCH_TRIGGER);
	assert_int_equal(p->prefetch_trigger_s, 2);
	assert_int_equal(p->prefetch_eligible_s, 9);
	assert_int_equal(p->timeout_ns, MS(800));
	assert_int_equal(p->rto_max_ns, S(9));
	assert_int_equal(p->query_budget_ns, S(10));
	assert_int_equal(p->selection, RESOLVER_SELECTION_LOWEST_SRTT);
	assert_int_equal(p->delegation, RESOLVER_DELEGATION_CHILD);
	assert_int_equal(p->stale_ttl_s, 30);
	assert_int_equal(p->stale_recheck_ns, S(30));

	p = must_find("bind-9.22"); /* as 9.20; parent-centric, NS/glue floor 60 s */
	assert_int_equal(p->delegation, RESOLVER_DELEGATION_PARENT);
	assert_int_equal(p->delegation_min_ttl_s, 60);
	assert_int_equal(p->max_ttl_s, 604800);
	assert_int_equal(p->servfail_ttl_s, 1);

	p = must_find("knot-6"); /* 5 / 86400 both; TTL 0 -> 5; 400 ms; 5% explore; 1 s dead */
	assert_int_equal(p->min_ttl_s, 5);
	assert_int_equal(p->max_ttl_s, 86400);
	assert_int_equal(p->neg_min_ttl_s, 5);
	assert_int_equal(p->neg_max_ttl_s, 86400);
	assert_int_equal(p->ttl0, RESOLVER_TTL0_RAISE);
	assert_int_equal(p->servfail_ttl_s, 5);
	assert_int_equal(p->stale_ttl_s, 1);
	assert_int_equal(p->prefetch_rule, RESOLVER_PREFETCH_PERCENT_PLUS);
	assert_int_equal(p->timeout_ns, MS(400));
	assert_int_equal(p->rto_max_ns, S(10));
	assert_int_equal(p->selection, RESOLVER_SELECTION_EPSILON_GREEDY);
	assert_true(p->explore_ratio == 0.05);
	assert_int_equal(p->infra_ttl_ns, S(1));

	p = must_find("pdns-rec-5"); /* 1 / 86400, neg 1 / 3600, 1500 ms, 7 s, 50 q, 60 s */
	assert_int_equal(p->min_ttl_s, 1);
	assert_int_equal(p->max_ttl_s, 86400);
	assert_int_equal(p->neg_min_ttl_s, 1);
	assert_int_equal(p->neg_max_ttl_s, 3600);
	assert_int_equal(p->servfail_ttl_s, 60);
	assert_int_equal(p->timeout_ns, MS(1500));
	assert_int_equal(p->query_budget_ns, S(7));
	assert_int_equal(p->max_sends, 50);
	assert_int_equal(p->selection, RESOLVER_SELECTION_FASTEST_EWMA);
	assert_int_equal(p->infra_ttl_ns, S(60));

	p = must_find("coredns-k8s"); /* 5 / 30, neg 5 / 30, SERVFAIL 5 s, 9984 entries */
	assert_int_equal(p->min_ttl_s, 5);
	assert_int_equal(p->max_ttl_s, 30);
	assert_int_equal(p->neg_min_ttl_s, 5);
	assert_int_equal(p->neg_max_ttl_s, 30);
	assert_int_equal(p->servfail_ttl_s, 5);
	assert_int_equal(p->cache_size, 9984);
	assert_int_equal(p->stale_ttl_s, 0);
	assert_int_equal(p->max_stale_s, 3600);

	p = must_find("dnsmasq"); /* 0 / none, neg SOA-based no cap, 150 entries */
	assert_int_equal(p->max_ttl_s, RESOLVER_TTL_MAX_S);
	assert_int_equal(p->neg_max_ttl_s, RESOLVER_TTL_MAX_S);
	assert_int_equal(p->cache_size, 150);

	/* public resolvers: the positive caps of 2.7 */
	assert_int_equal(must_find("google-public-dns")->max_ttl_s, 21600);
	assert_true(must_find("google-public-dns")->prefetch);
	assert_int_equal(must_find("cloudflare-1111")->max_ttl_s, RESOLVER_TTL_MAX_S);
	assert_int_equal(must_find("quad9")->max_ttl_s, 43200);
	assert_int_equal(must_find("opendns")->max_ttl_s, 3600);
	assert_int_equal(must_find("aws-vpc-resolver")->max_ttl_s, 300);
}

/* Section 7.1 says "unknown" for the negative clamp of the public resolvers; the rule is to
 * use the rfc-strict value then (resolver/profile.c header). */
static void test_unknown_values_are_rfc_strict(void **state)
{
	const struct resolver_profile *rfc = must_find("rfc-strict");
	static const char *const public_rows[] = { "google-public-dns", "cloudflare-1111", "quad9",
						   "opendns", "aws-vpc-resolver" };
	for (size_t i = 0; i < G_N_ELEMENTS(public_rows); i++) {
		const struct resolver_profile *p = must_find(public_rows[i]);
		assert_int_equal(p->neg_min_ttl_s, rfc->neg_min_ttl_s);
		assert_int_equal(p->neg_max_ttl_s, rfc->neg_max_ttl_s);
		assert_int_equal(p->ttl0, rfc->ttl0);
		assert_int_equal(p->servfail_ttl_s, rfc->servfail_ttl_s);
		assert_int_equal(p->servfail_max_ttl_s, rfc->servfail_max_ttl_s);
	}
}

/* Invariants every preset must meet for the cache to make sense of it. */
static void test_preset_sanity(void **state)
{
	for (const char *const *n = resolver_profile_names(); *n != NULL; n++) {
		const struct resolver_profile *p = must_find(*n);
		assert_true(p->min_ttl_s <= p->max_ttl_s);
		assert_true(p->neg_min_ttl_s <= p->neg_max_ttl_s);
		assert_true(p->max_ttl_s <= RESOLVER_TTL_MAX_S);
		assert_true(p->servfail_factor >= 1);
		assert_true(p->servfail_ttl_s <= p->servfail_max_ttl_s);
		assert_true(p->servfail_max_ttl_s <= 300); /* RFC 2308 7 / RFC 9520: <= 5 min */
		assert_true(p->timeout_ns > 0);
		assert_true(p->rto_min_ns <= p->rto_max_ns);
		assert_true(p->tries_per_server >= 1);
		/* TTL 0 raised means a floor to raise to, unless stored expired (Unbound, 7.2) */
		if (p->ttl0 == RESOLVER_TTL0_RAISE && p->min_ttl_s == 0) {
			assert_true(strncmp(p->name, "unbound", 7) == 0);
		}
	}
}

/* Section 7.1 client rows, spot values. */
static void test_client_spot_values(void **state)
{
	const struct resolver_client_profile *c;

	c = resolver_client_profile_find("glibc-stub"); /* no cache, 5 s x 2 x <= 3 = 30 s */
	assert_int_equal(c->cache, RESOLVER_CLIENT_CACHE_NONE);
	assert_int_equal(c->timeout_ns, S(5));
	assert_int_equal(c->attempts, 2);
	assert_int_equal(c->max_servers, 3);
	assert_int_equal(c->lookup_budget_ns, c->timeout_ns * c->attempts * c->max_servers);
	assert_int_equal(c->order, RESOLVER_CLIENT_ORDER_STICKY_FIRST);

	c = resolver_client_profile_find("musl-stub");
	assert_int_equal(c->order, RESOLVER_CLIENT_ORDER_PARALLEL_ALL);

	c = resolver_client_profile_find("systemd-resolved"); /* TTL 0 no; 7200; 10 s; 4096 */
	assert_int_equal(c->cache, RESOLVER_CLIENT_CACHE_TTL);
	assert_false(c->ttl0_cached);
	assert_int_equal(c->max_ttl_s, 7200);
	assert_int_equal(c->neg_max_ttl_s, 7200);
	assert_int_equal(c->servfail_ttl_s, 10);
	assert_int_equal(c->capacity, 4096);

	c = resolver_client_profile_find("windows-client"); /* 86400, neg 900, 0 1 2 4 8, 10 s */
	assert_int_equal(c->max_ttl_s, 86400);
	assert_int_equal(c->neg_max_ttl_s, 900);
	static const int64_t sends[] = { 0, S(1), S(2), S(4), S(8) };
	for (size_t i = 0; i < G_N_ELEMENTS(sends); i++) {
		assert_int_equal(c->retry_schedule_ns[i], sends[i]);
	}
	assert_int_equal(c->retry_schedule_ns[G_N_ELEMENTS(sends)], -1);
	assert_int_equal(c->lookup_budget_ns, S(10));

	c = resolver_client_profile_find("macos-ios"); /* 3600; neg floor 60, doubling, 3600 */
	assert_int_equal(c->max_ttl_s, 3600);
	assert_int_equal(c->neg_min_ttl_s, 60);
	assert_int_equal(c->neg_max_ttl_s, 3600);
	assert_true(c->neg_doubling);

	c = resolver_client_profile_find("android-libcore"); /* fixed 2 / fixed 2, 16 entries */
	assert_int_equal(c->cache, RESOLVER_CLIENT_CACHE_FIXED);
	assert_int_equal(c->fixed_ttl_s, 2);
	assert_int_equal(c->neg_fixed_s, 2);
	assert_int_equal(c->capacity, 16);

	c = resolver_client_profile_find("chrome-async-dns"); /* 60 floor, 1000, HE 300 ms */
	assert_int_equal(c->min_ttl_s, 60);
	assert_int_equal(c->capacity, 1000);
	assert_int_equal(c->happy_eyeballs_ns, MS(300));

	c = resolver_client_profile_find("chrome-system"); /* fixed 60, negative not cached */
	assert_int_equal(c->fixed_ttl_s, 60);
	assert_int_equal(c->negative, RESOLVER_CLIENT_NEG_NOT_CACHED);

	c = resolver_client_profile_find("firefox"); /* TTL else 60, neg 60, grace 60 s, 400 */
	assert_int_equal(c->cache, RESOLVER_CLIENT_CACHE_TTL_FALLBACK);
	assert_int_equal(c->fixed_ttl_s, 60);
	assert_int_equal(c->neg_fixed_s, 60);
	assert_int_equal(c->stale_grace_ns, S(60));
	assert_int_equal(c->capacity, 400);

	c = resolver_client_profile_find("java-default"); /* fixed 30, neg 10 */
	assert_int_equal(c->fixed_ttl_s, 30);
	assert_int_equal(c->neg_fixed_s, 10);
	c = resolver_client_profile_find("java-securitymanager"); /* forever */
	assert_int_equal(c->fixed_ttl_s, RESOLVER_CLIENT_FOREVER_S);

	assert_int_equal(resolver_client_profile_find("go")->happy_eyeballs_ns, MS(300));
	assert_int_equal(resolver_client_profile_find("node")->happy_eyeballs_ns, MS(250));

	c = resolver_client_profile_find("curl"); /* fixed 60, neg 30 NXDOMAIN, HE 200 ms */
	assert_int_equal(c->fixed_ttl_s, 60);
	assert_int_equal(c->neg_fixed_s, 30);
	assert_true(c->neg_nxdomain_only);
	assert_int_equal(c->happy_eyeballs_ns, MS(200));

	c = resolver_client_profile_find("c-ares"); /* 3600, TTL 0 no, 2 s x 3 */
	assert_int_equal(c->max_ttl_s, 3600);
	assert_false(c->ttl0_cached);
	assert_int_equal(c->timeout_ns, S(2));
	assert_int_equal(c->attempts, 3);

	assert_int_equal(resolver_client_profile_find("envoy-strict-dns")->refresh_ns, S(5));
	assert_int_equal(resolver_client_profile_find("nginx-static-upstream")->fixed_ttl_s,
			 RESOLVER_CLIENT_FOREVER_S);
}

/* Keys of the language's resolver statement that configure the world, not this record. */
static bool world_key(const char *key)
{
	static const char *const keys[] = { "profile", "at",	  "address", "ecs",
					    "vpc",     "forward", NULL };
	return in_list(keys, key);
}

/* Two different valid values for a key of the schema, as struct scenario_attr.i holds them. */
static void two_values(const struct scenario_key_spec *k, int64_t v[2])
{
	switch (k->type) {
	case SCENARIO_V_DURATION:
		v[0] = S(7);
		v[1] = S(11);
		break;
	case SCENARIO_V_INT:
		v[0] = 42;
		v[1] = 43;
		break;
	case SCENARIO_V_ENUM:
	case SCENARIO_V_BOOL:
		v[0] = 0;
		v[1] = k->choices != NULL ? (int64_t)count_names(k->choices) - 1 : 1;
		break;
	default:
		print_error("resolver key %s has a type the test does not know\n", k->name);
		fail();
	}
}

/* Every behaviour key of the language's resolver statement (sim/scenario/schema.c) has a
 * model: applying two different values gives two different records; world keys and unknown
 * keys are refused. */
static void test_apply_covers_schema_keys(void **state)
{
	const struct scenario_stmt_spec *spec = scenario_stmt_spec_of(SCENARIO_KIND_RESOLVER);
	const struct resolver_profile *base = must_find("unbound");
	size_t handled = 0;
	for (const struct scenario_key_spec *k = spec->keys; k->name != NULL; k++) {
		struct resolver_profile a, b;
		memcpy(&a, base, sizeof(a)); /* padding too, for the memcmp below */
		memcpy(&b, base, sizeof(b));
		if (world_key(k->name)) {
			assert_false(resolver_profile_apply(&a, k->name, 1));
			assert_memory_equal(&a, base, sizeof(a));
			continue;
		}
		int64_t v[2] = { 0, 0 };
		two_values(k, v);
		if (!resolver_profile_apply(&a, k->name, v[0]) ||
		    !resolver_profile_apply(&b, k->name, v[1])) {
			print_error("resolver key %s is not applied\n", k->name);
			fail();
		}
		if (memcmp(&a, &b, sizeof(a)) == 0) {
			print_error("resolver key %s changes nothing\n", k->name);
			fail();
		}
		handled++;
	}
	assert_int_equal(handled, 20); /* the brief's list: min-ttl ... infra-ttl */
	struct resolver_profile p = *base;
	assert_false(resolver_profile_apply(&p, "no-such-key", 1));
	assert_false(resolver_profile_apply(&p, "max-ttl", -1));
}

/* The enums follow the language's choice lists: choice i applied gives the enum named
 * choices[i]. */
static void test_enum_order_matches_schema(void **state)
{
	const struct scenario_key_spec *keys = scenario_stmt_spec_of(SCENARIO_KIND_RESOLVER)->keys;
	static const char *const enum_keys[] = { "ttl0", "serve-stale", "delegation", "selection" };
	for (size_t e = 0; e < G_N_ELEMENTS(enum_keys); e++) {
		const struct scenario_key_spec *k = scenario_key_find(keys, enum_keys[e]);
		assert_non_null(k);
		for (int64_t i = 0; k->choices[i] != NULL; i++) {
			struct resolver_profile p = *must_find("rfc-strict");
			assert_true(resolver_profile_apply(&p, k->name, i));
			const char *got = e == 0   ? resolver_ttl0_policy_name(p.ttl0)
					  : e == 1 ? resolver_stale_mode_name(p.serve_stale)
					  : e == 2 ? resolver_delegation_name(p.delegation)
						   : resolver_selection_name(p.selection);
			assert_string_equal(got, k->choices[i]);
		}
		/* one past the last choice is refused */
		struct resolver_profile p = *must_find("rfc-strict");
		assert_false(resolver_profile_apply(&p, k->name, (int64_t)count_names(k->choices)));
	}
	/* on/off keys: index 1 is "on" */
	static const char *const on_off_keys[] = { "prefetch", "nxdomain-cut",
						   "qname-minimisation" };
	for (size_t i = 0; i < G_N_ELEMENTS(on_off_keys); i++) {
		const struct scenario_key_spec *k = scenario_key_find(keys, on_off_keys[i]);
		assert_string_equal(k->choices[1], "on");
	}
	struct resolver_profile p = *must_find("unbound");
	assert_true(resolver_profile_apply(&p, "prefetch", 1));
	assert_true(p.prefetch);
	assert_true(resolver_profile_apply(&p, "qname-minimisation", 0));
	assert_false(p.qname_minimisation);
}

/* Units of the overrides: TTL keys hold whole seconds (RFC 1035 3.2.1 TTLs are seconds; a
 * fraction is dropped), timers keep nanoseconds. */
static void test_apply_units(void **state)
{
	struct resolver_profile p = *must_find("rfc-strict");
	assert_true(resolver_profile_apply(&p, "max-ttl", S(3600)));
	assert_int_equal(p.max_ttl_s, 3600);
	assert_true(resolver_profile_apply(&p, "min-ttl", MS(1500)));
	assert_int_equal(p.min_ttl_s, 1);
	assert_true(resolver_profile_apply(&p, "stale-timer", MS(1800)));
	assert_int_equal(p.stale_timer_ns, MS(1800));
	assert_true(resolver_profile_apply(&p, "timeout", MS(250)));
	assert_int_equal(p.timeout_ns, MS(250));
	assert_true(resolver_profile_apply(&p, "max-ttl", S(INT64_C(4000000000))));
	assert_int_equal(p.max_ttl_s, RESOLVER_TTL_MAX_S);
	assert_true(resolver_profile_apply(&p, "cache-size", 5000));
	assert_int_equal(p.cache_size, 5000);
	assert_true(resolver_profile_apply(&p, "retries", 2));
	assert_int_equal(p.tries_per_server, 2);

	/* servfail-ttl moves the start of the backoff; the cap follows only if below it */
	assert_true(resolver_profile_apply(&p, "servfail-ttl", S(5)));
	assert_int_equal(p.servfail_ttl_s, 5);
	assert_int_equal(p.servfail_max_ttl_s, 300);
	struct resolver_profile b = *must_find("bind-9.20");
	assert_true(resolver_profile_apply(&b, "servfail-ttl", S(30)));
	assert_int_equal(b.servfail_ttl_s, 30);
	assert_int_equal(b.servfail_max_ttl_s, 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_recursive_row_has_a_preset),
		cmocka_unit_test(test_every_client_row_has_a_profile),
		cmocka_unit_test(test_recursive_spot_values),
		cmocka_unit_test(test_unknown_values_are_rfc_strict),
		cmocka_unit_test(test_preset_sanity),
		cmocka_unit_test(test_client_spot_values),
		cmocka_unit_test(test_apply_covers_schema_keys),
		cmocka_unit_test(test_enum_order_matches_schema),
		cmocka_unit_test(test_apply_units),
	};
	return cmocka_run_group_tests_name("resolver profiles", tests, NULL, NULL);
}
