/*
 * Unit tests for the Route 53 record-set models (authoritative/route53/): one test per edge case
 * of /work/shared/reference/route53.md section 15 that a DNS simulator's routing model must get
 * right, named test_edge_NN_... Expected values come from the rule quoted in route53.md (its
 * tables, formulas and AWS's worked examples), never from the program's output. Statistical
 * rules are checked as proportions over at least 10^5 draws, within 3 standard deviations of the
 * binomial count: |k - n p| <= 3 sqrt(n p (1 - p)).
 *
 * Edge cases that do not apply here, and why:
 *   3 (partly)  health is whatever the health model's aggregated state says; these tests show
 *               only that the evaluation reads the oracle at query time and nothing else.
 *   10          a resolver caching one choice for TTL seconds: the resolver's cache (resolver/).
 *   23          private zones (IP-based/geoproximity validity, ECS ignored): the VPC resolver
 *               and private-zone model; this module sees only the source it is given.
 *   34-36       wildcards and the literal '*': authoritative/zone.c (RFC 4592); this module
 *               only puts the queried name on a synthesised answer (test 24 checks that).
 *   37, 38      negative TTL and new-zone SOA/NS defaults: zone.c and hierarchy.c.
 *   39-49       health-check aggregation, thresholds, timeouts, inversion, calculated and
 *               CloudWatch checks, domain-name checks: the health model (authoritative/health*).
 *   50          partitions making DNS locations disagree on health: the health model (one
 *               oracle per location is how it would plug in here).
 *   51, 52      private-zone shadowing and forwarding rules: the resolver/VPC model.
 *   53          UDP size and TC: authoritative/server.c.
 *   54          change batches and propagation: the timeline and zone-change model.
 *   55          traffic-flow policy instances: not modelled (records are written directly).
 *   56          TestDNSAnswer is an API call, not DNS behaviour.
 *   57          billing: not modelled.
 * Case 19's negative caching (SOA TTL) is zone.c's; here "no answer" is the outcome.
 */
#include <glib.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "authoritative/route53/route53.h"
#include "authoritative/zone.h"
#include "sim/dns.h"
#include "sim/rng.h"
#include "sim/scenario/parser.h"

#define DRAWS 100000u

/* The fake world: health states, latency, coordinates, groups of one zone. */
struct fake {
	dns_names *names;
	struct sim_rng rng;
	bool health[16];
	unsigned health_reads;
	GPtrArray *groups; /* auth_r53_group * */
	GPtrArray *plain;  /* struct dns_rrset * */
	auth_r53_cidr *cidr;
	auth_r53_aws *aws;
	struct auth_r53_env env;
	struct auth_r53_result result;
};

static const char *const health_names[16] = { "hc0",  "hc1",  "hc2",  "hc3", "hc4",  "hc5",
					      "hc6",  "hc7",  "hc8",  "hc9", "hc10", "hc11",
					      "hc12", "hc13", "hc14", "hc15" };

static bool fake_healthy(void *ctx, uint32_t health)
{
	struct fake *f = ctx;
	f->health_reads++;
	return health < 16 && f->health[health];
}

static const char *fake_health_name(void *ctx, uint32_t health)
{
	return health < 16 ? health_names[health] : NULL;
}

/* Latency (ms) from a source country to a Region. */
static const struct {
	const char *country;
	const char *region;
	double ms;
} latencies[] = {
	{ "US", "us-east-1", 20 },     { "US", "us-west-2", 60 },  { "US", "eu-central-1", 100 },
	{ "DE", "us-east-1", 90 },     { "DE", "us-west-2", 150 }, { "DE", "eu-central-1", 10 },
	{ "CN", "cn-north-1", 200 },   { "CN", "us-west-2", 150 }, { "CN", "ap-northeast-1", 50 },
	{ "CN", "eu-central-1", 220 },
};

static double fake_latency(void *ctx, const struct auth_r53_source *src, const char *region)
{
	for (size_t i = 0; i < G_N_ELEMENTS(latencies); i++) {
		if (src->known && strcmp(latencies[i].country, src->country) == 0 &&
		    strcmp(latencies[i].region, region) == 0) {
			return latencies[i].ms;
		}
	}
	return -1;
}

static bool fake_region_coords(void *ctx, const char *region, double *lat, double *lon)
{
	if (strcmp(region, "us-east-1") == 0) {
		*lat = 38.9;
		*lon = -77.0;
		return true;
	}
	return false;
}

static const auth_r53_group *fake_group(void *ctx, uint32_t owner, uint16_t type)
{
	struct fake *f = ctx;
	for (guint i = 0; i < f->groups->len; i++) {
		const auth_r53_group *g = g_ptr_array_index(f->groups, i);
		if (auth_r53_group_owner(g) == owner && auth_r53_group_type(g) == type) {
			return g;
		}
	}
	return NULL;
}

static struct dns_rrset *fake_rrset(void *ctx, uint32_t owner, uint16_t type)
{
	struct fake *f = ctx;
	for (guint i = 0; i < f->plain->len; i++) {
		struct dns_rrset *s = g_ptr_array_index(f->plain, i);
		if (s->owner == owner && s->type == type) {
			return s;
		}
	}
	return NULL;
}

/* Geography of addresses: 198.51.100.0/24 is Seattle (US-WA), 203.0.113.0/24 Frankfurt (DE),
 * 192.0.2.0/24 Istanbul (TR); everything else is unknown. */
static void fake_locate(void *ctx, struct auth_r53_source *src)
{
	static const struct {
		uint8_t net[3];
		const char *country, *sub;
		double lat, lon;
	} places[] = {
		{ { 198, 51, 100 }, "US", "WA", 47.61, -122.33 },
		{ { 203, 0, 113 }, "DE", "", 50.11, 8.68 },
		{ { 192, 0, 2 }, "TR", "", 41.01, 28.98 },
	};
	if (src->family != AF_INET) {
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(places); i++) {
		if (memcmp(src->addr, places[i].net, 3) == 0 && src->prefix_len >= 24) {
			src->known = true;
			g_strlcpy(src->country, places[i].country, sizeof(src->country));
			g_strlcpy(src->subdivision, places[i].sub, sizeof(src->subdivision));
			src->has_coords = true;
			src->lat = places[i].lat;
			src->lon = places[i].lon;
		}
	}
}

static int setup(void **state)
{
	struct fake *f = g_new0(struct fake, 1);
	f->names = dns_names_new();
	sim_rng_init(&f->rng, 42, "test", "route53");
	for (int i = 0; i < 16; i++) {
		f->health[i] = true;
	}
	f->groups = g_ptr_array_new_with_free_func((GDestroyNotify)auth_r53_group_free);
	f->plain = g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
	f->cidr = auth_r53_cidr_new();
	f->aws = auth_r53_aws_new();
	f->env = (struct auth_r53_env){
		.names = f->names,
		.rng = &f->rng,
		.ctx = f,
		.healthy = fake_healthy,
		.health_name = fake_health_name,
		.latency_ms = fake_latency,
		.region_coords = fake_region_coords,
		.group = fake_group,
		.rrset = fake_rrset,
		.cidr = f->cidr,
		.aws = f->aws,
	};
	auth_r53_result_init(&f->result);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fake *f = *state;
	auth_r53_result_clear(&f->result);
	g_ptr_array_free(f->groups, TRUE);
	g_ptr_array_free(f->plain, TRUE);
	auth_r53_cidr_free(f->cidr);
	auth_r53_aws_free(f->aws);
	dns_names_free(f->names);
	g_free(f);
	return 0;
}

/* Helpers */

static uint32_t name(struct fake *f, const char *text)
{
	uint32_t id = dns_name_intern(f->names, text);
	assert_int_not_equal(id, DNS_NAME_NONE);
	return id;
}

/* An RRset of owner and type with one record per rdata text (NULL-terminated list). */
static struct dns_rrset *rrset_of(struct fake *f, const char *owner, const char *type, uint32_t ttl,
				  const char *rdata)
{
	struct dns_rrset *set =
	    dns_rrset_new(name(f, owner), ldns_get_rr_type_by_name(type), LDNS_RR_CLASS_IN, ttl);
	g_auto(GStrv) items = g_strsplit(rdata, " | ", -1);
	for (size_t i = 0; items[i] != NULL; i++) {
		g_autofree char *text =
		    g_strdup_printf("%s %u IN %s %s", owner, ttl, type, items[i]);
		ldns_rr *rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL), LDNS_STATUS_OK);
		dns_rrset_add(set, rr);
	}
	return set;
}

/* A new group registered in the fake zone (borrowed). */
static auth_r53_group *group_new(struct fake *f, const char *owner, enum scenario_policy policy)
{
	auth_r53_group *g = auth_r53_group_new(name(f, owner), LDNS_RR_TYPE_A, policy);
	g_ptr_array_add(f->groups, g);
	return g;
}

/* A set template with id and (when addr is not NULL) one A record addr, TTL 60. */
static struct auth_r53_set set_of(const char *id)
{
	struct auth_r53_set s;
	auth_r53_set_init(&s);
	g_strlcpy(s.id, id, sizeof(s.id));
	return s;
}

static void add_data(struct fake *f, auth_r53_group *g, struct auth_r53_set *s, const char *addr)
{
	s->rrset = rrset_of(f, dns_name_text(f->names, auth_r53_group_owner(g)), "A", 60, addr);
	auth_r53_group_add(g, s);
	dns_rrset_unref(s->rrset);
	s->rrset = NULL;
}

static void add_alias(struct auth_r53_group *g, struct auth_r53_set *s, uint32_t target, bool eth)
{
	s->alias_target = target;
	s->eth = eth;
	auth_r53_group_add(g, s);
}

static struct auth_r53_source source_of(const char *resolver, const char *ecs)
{
	struct auth_r53_source src;
	auth_r53_source_init(&src, resolver, ecs, fake_locate, NULL);
	return src;
}

/* Evaluate group for a query from src at the group's owner; returns the first answered set's id
 * or "" for no answer. */
static const char *eval(struct fake *f, const auth_r53_group *g, const struct auth_r53_source *src)
{
	auth_r53_evaluate(g, &f->env, src, auth_r53_group_owner(g), &f->result);
	if (f->result.outcome != AUTH_R53_ANSWER) {
		return "";
	}
	assert_non_null(f->result.rrset);
	assert_true(f->result.chosen->len > 0);
	return ((const struct auth_r53_set *)g_ptr_array_index(f->result.chosen, 0))->id;
}

/* First address of the answer, as text (static buffer). */
static const char *answer_addr(struct fake *f)
{
	static char buf[64];
	assert_int_equal(f->result.outcome, AUTH_R53_ANSWER);
	char *s = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(f->result.rrset->rrs, 0), 0));
	g_strlcpy(buf, s, sizeof(buf));
	free(s);
	return buf;
}

static void print_path(struct fake *f)
{
	for (guint i = 0; i < f->result.path->len; i++) {
		print_message("    %s\n", (const char *)g_ptr_array_index(f->result.path, i));
	}
}

/* The count k of n draws is within 3 binomial standard deviations of n p. */
static void assert_proportion(const char *what, unsigned k, unsigned n, double p)
{
	double mean = n * p;
	double sigma = sqrt(n * p * (1 - p));
	if (fabs(k - mean) > 3 * sigma) {
		print_error("%s: %u of %u, expected %.1f +- %.1f (3 sigma)\n", what, k, n, mean,
			    3 * sigma);
		fail();
	}
}

/* Count answers per set id over n evaluations. */
static void count_draws(struct fake *f, const auth_r53_group *g, const char *const *ids,
			unsigned *counts, size_t nids, unsigned n)
{
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	memset(counts, 0, nids * sizeof(unsigned));
	for (unsigned d = 0; d < n; d++) {
		const char *id = eval(f, g, &src);
		for (size_t k = 0; k < nids; k++) {
			if (strcmp(id, ids[k]) == 0) {
				counts[k]++;
			}
		}
	}
}

/* Edge cases */

/* 1: all records unhealthy => answer as if all were healthy, for every policy. */
static void test_edge_01_all_unhealthy_answers_as_if_healthy(void **state)
{
	struct fake *f = *state;
	for (int i = 0; i < 16; i++) {
		f->health[i] = false;
	}
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	auth_r53_group *w = group_new(f, "w.example.com.", SCENARIO_POLICY_WEIGHTED);
	struct auth_r53_set s = set_of("a");
	s.weight = 1;
	s.health = 0;
	add_data(f, w, &s, "192.0.2.1");
	assert_string_equal(eval(f, w, &src), "a");

	auth_r53_group *l = group_new(f, "l.example.com.", SCENARIO_POLICY_LATENCY);
	s = set_of("east");
	g_strlcpy(s.region, "us-east-1", sizeof(s.region));
	s.health = 1;
	add_data(f, l, &s, "192.0.2.2");
	s = set_of("west");
	g_strlcpy(s.region, "us-west-2", sizeof(s.region));
	s.health = 2;
	add_data(f, l, &s, "192.0.2.3");
	assert_string_equal(eval(f, l, &src), "east"); /* the lowest latency (20 ms) */

	auth_r53_group *m = group_new(f, "m.example.com.", SCENARIO_POLICY_MULTIVALUE);
	for (int i = 0; i < 3; i++) {
		g_autofree char *id = g_strdup_printf("m%d", i);
		g_autofree char *addr = g_strdup_printf("192.0.2.%d", 10 + i);
		s = set_of(id);
		s.multivalue = true;
		s.health = (uint32_t)i;
		add_data(f, m, &s, addr);
	}
	eval(f, m, &src);
	assert_int_equal(f->result.outcome, AUTH_R53_ANSWER);
	assert_int_equal(dns_rrset_count(f->result.rrset), 3);
}

/* 2: a record with no health check is always healthy and eligible. */
static void test_edge_02_no_health_check_is_always_healthy(void **state)
{
	struct fake *f = *state;
	f->health[0] = false;
	auth_r53_group *g = group_new(f, "w.example.com.", SCENARIO_POLICY_WEIGHTED);
	struct auth_r53_set s = set_of("checked");
	s.weight = 1;
	s.health = 0;
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("unchecked");
	s.weight = 1;
	add_data(f, g, &s, "192.0.2.2");
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	for (int i = 0; i < 1000; i++) {
		assert_string_equal(eval(f, g, &src), "unchecked");
	}
	assert_true(auth_r53_set_is_healthy(auth_r53_group_set(g, 1), LDNS_RR_TYPE_A, &f->env));
}

/* 3: health is the oracle's current aggregated state, read at query time (no probing, no
 * memory): flipping the state flips the next answer. */
static void test_edge_03_health_read_from_current_state(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = group_new(f, "f.example.com.", SCENARIO_POLICY_FAILOVER);
	struct auth_r53_set s = set_of("east");
	s.failover = AUTH_R53_FAILOVER_PRIMARY;
	s.health = 3;
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("west");
	s.failover = AUTH_R53_FAILOVER_SECONDARY;
	add_data(f, g, &s, "192.0.2.2");
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	f->health_reads = 0;
	assert_string_equal(eval(f, g, &src), "east");
	assert_true(f->health_reads > 0);
	f->health[3] = false;
	assert_string_equal(eval(f, g, &src), "west");
	f->health[3] = true;
	assert_string_equal(eval(f, g, &src), "east");
}

/* 4: P(i) = w_i / sum(w) over healthy non-zero records; an unhealthy pick's weight drops out. */
static void test_edge_04_weighted_proportions(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = group_new(f, "w.example.com.", SCENARIO_POLICY_WEIGHTED);
	static const char *const ids[] = { "a", "b", "c", "z" };
	static const unsigned weights[] = { 10, 20, 30, 0 };
	for (int i = 0; i < 4; i++) {
		struct auth_r53_set s = set_of(ids[i]);
		s.weight = weights[i];
		s.health = (uint32_t)i;
		add_data(f, g, &s, "192.0.2.1");
	}
	unsigned counts[4];
	count_draws(f, g, ids, counts, 4, DRAWS);
	assert_proportion("a (10 of 60)", counts[0], DRAWS, 10.0 / 60);
	assert_proportion("b (20 of 60)", counts[1], DRAWS, 20.0 / 60);
	assert_proportion("c (30 of 60)", counts[2], DRAWS, 30.0 / 60);
	assert_int_equal(counts[3], 0);
	f->health[2] = false; /* c unhealthy: a and b share by 10:20 */
	count_draws(f, g, ids, counts, 4, DRAWS);
	assert_proportion("a (10 of 30)", counts[0], DRAWS, 10.0 / 30);
	assert_proportion("b (20 of 30)", counts[1], DRAWS, 20.0 / 30);
	assert_int_equal(counts[2] + counts[3], 0);
}

/* The truth tables of route53.md 2.2: R1 w=1, R2 w=1, R3 w=0 (health index 2, or none). */
static auth_r53_group *truth_group(struct fake *f, bool r3_checked)
{
	auth_r53_group *g = group_new(f, "t.example.com.", SCENARIO_POLICY_WEIGHTED);
	struct auth_r53_set s = set_of("R1");
	s.weight = 1;
	s.health = 0;
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("R2");
	s.weight = 1;
	s.health = 1;
	add_data(f, g, &s, "192.0.2.2");
	s = set_of("R3");
	s.weight = 0;
	s.health = r3_checked ? 2 : AUTH_R53_NO_HEALTH;
	add_data(f, g, &s, "192.0.2.3");
	return g;
}

/* 5: weight-0 records are never answered while any non-zero record is healthy. */
static void test_edge_05_zero_weight_never_while_nonzero_healthy(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = truth_group(f, true);
	static const char *const ids[] = { "R1", "R2", "R3" };
	unsigned counts[3];
	f->health[0] = false; /* U H H => R2 only */
	count_draws(f, g, ids, counts, 3, 10000);
	assert_int_equal(counts[1], 10000);
	f->health[0] = true; /* H H H => R1, R2 */
	count_draws(f, g, ids, counts, 3, 10000);
	assert_int_equal(counts[2], 0);
	assert_int_equal(counts[0] + counts[1], 10000);
	f->health[2] = false; /* H H U => R1, R2 */
	count_draws(f, g, ids, counts, 3, 10000);
	assert_int_equal(counts[2], 0);
}

/* 6: all non-zero unhealthy => healthy zero-weight records, equal chance. */
static void test_edge_06_zero_weight_fallback_uniform(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = truth_group(f, true);
	struct auth_r53_set s = set_of("R4");
	s.weight = 0;
	s.health = 3;
	add_data(f, g, &s, "192.0.2.4");
	f->health[0] = false;
	f->health[1] = false;
	static const char *const ids[] = { "R1", "R2", "R3", "R4" };
	unsigned counts[4];
	count_draws(f, g, ids, counts, 4, DRAWS);
	assert_int_equal(counts[0] + counts[1], 0);
	assert_proportion("R3 (1 of 2 healthy weight-0)", counts[2], DRAWS, 0.5);
	assert_proportion("R4 (1 of 2 healthy weight-0)", counts[3], DRAWS, 0.5);
}

/* 7: everything unhealthy => non-zero records by weight; zero-weight still excluded. */
static void test_edge_07_last_resort_uses_weights_excludes_zero(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = group_new(f, "w.example.com.", SCENARIO_POLICY_WEIGHTED);
	static const char *const ids[] = { "R1", "R2", "R3" };
	static const unsigned weights[] = { 1, 3, 0 };
	for (int i = 0; i < 3; i++) {
		struct auth_r53_set s = set_of(ids[i]);
		s.weight = weights[i];
		s.health = (uint32_t)i;
		add_data(f, g, &s, "192.0.2.1");
		f->health[i] = false;
	}
	unsigned counts[3];
	count_draws(f, g, ids, counts, 3, DRAWS);
	assert_proportion("R1 (1 of 4)", counts[0], DRAWS, 0.25);
	assert_proportion("R2 (3 of 4)", counts[1], DRAWS, 0.75);
	assert_int_equal(counts[2], 0);
}

/* 8: a zero-weight record without a health check answers once all non-zero records fail
 * (second truth table of route53.md 2.2). */
static void test_edge_08_unchecked_zero_weight_takes_over(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = truth_group(f, false);
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	f->health[0] = false;
	f->health[1] = false; /* U U - => R3 */
	for (int i = 0; i < 1000; i++) {
		assert_string_equal(eval(f, g, &src), "R3");
	}
	f->health[1] = true; /* U H - => R2 */
	for (int i = 0; i < 1000; i++) {
		assert_string_equal(eval(f, g, &src), "R2");
	}
}

/* 9: every record weight 0 => uniform choice among all. */
static void test_edge_09_all_zero_weights_uniform(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = group_new(f, "w.example.com.", SCENARIO_POLICY_WEIGHTED);
	static const char *const ids[] = { "a", "b", "c" };
	for (int i = 0; i < 3; i++) {
		struct auth_r53_set s = set_of(ids[i]);
		add_data(f, g, &s, "192.0.2.1");
	}
	unsigned counts[3];
	count_draws(f, g, ids, counts, 3, DRAWS);
	for (int i = 0; i < 3; i++) {
		assert_proportion(ids[i], counts[i], DRAWS, 1.0 / 3);
	}
}

static auth_r53_group *failover_pair(struct fake *f, uint32_t primary_hc, uint32_t secondary_hc)
{
	auth_r53_group *g = group_new(f, "f.example.com.", SCENARIO_POLICY_FAILOVER);
	struct auth_r53_set s = set_of("east");
	s.failover = AUTH_R53_FAILOVER_PRIMARY;
	s.health = primary_hc;
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("west");
	s.failover = AUTH_R53_FAILOVER_SECONDARY;
	s.health = secondary_hc;
	add_data(f, g, &s, "192.0.2.2");
	return g;
}

/* 11: failover decision table (route53.md 2.3). */
static void test_edge_11_failover_table(void **state)
{
	struct fake *f = *state;
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	auth_r53_group *g = failover_pair(f, 0, 1);
	assert_string_equal(eval(f, g, &src), "east"); /* healthy / any */
	f->health[1] = false;
	assert_string_equal(eval(f, g, &src), "east");
	f->health[0] = false;
	f->health[1] = true;
	assert_string_equal(eval(f, g, &src), "west"); /* unhealthy / healthy */
	bool found = false;
	for (guint i = 0; i < f->result.path->len; i++) {
		found |= strstr(g_ptr_array_index(f->result.path, i),
				"primary 'east' unhealthy (health check hc0 failing), answering "
				"secondary 'west'") != NULL;
	}
	if (!found) {
		print_path(f);
		fail();
	}
	f->health[1] = false;
	assert_string_equal(eval(f, g, &src), "east"); /* both unhealthy: primary */
	auth_r53_group *h = failover_pair(f, 2, AUTH_R53_NO_HEALTH);
	f->health[2] = false;
	/* the fake group lookup finds the first f.example.com.; evaluate h directly */
	assert_string_equal(eval(f, h, &src), "west"); /* secondary without a check */
}

/* 12: a primary without a health check (not an ETH alias) never fails over. */
static void test_edge_12_unchecked_primary_never_fails_over(void **state)
{
	struct fake *f = *state;
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	auth_r53_group *g = failover_pair(f, AUTH_R53_NO_HEALTH, 1);
	for (int i = 0; i < 16; i++) {
		f->health[i] = false;
	}
	assert_string_equal(eval(f, g, &src), "east");
}

/* 13: multivalue: <= 8 healthy all; > 8 healthy a random 8 (each record in 8 of n answers);
 * all unhealthy => up to 8 unhealthy. */
static void test_edge_13_multivalue_up_to_eight(void **state)
{
	struct fake *f = *state;
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	auth_r53_group *g = group_new(f, "mv.example.com.", SCENARIO_POLICY_MULTIVALUE);
	enum { N = 12 };
	for (int i = 0; i < N; i++) {
		g_autofree char *id = g_strdup_printf("m%d", i);
		g_autofree char *addr = g_strdup_printf("192.0.2.%d", 10 + i);
		struct auth_r53_set s = set_of(id);
		s.multivalue = true;
		s.health = (uint32_t)i;
		add_data(f, g, &s, addr);
	}
	/* 12 healthy: each record appears with probability 8/12 */
	unsigned counts[N] = { 0 };
	for (unsigned d = 0; d < DRAWS; d++) {
		eval(f, g, &src);
		assert_int_equal(dns_rrset_count(f->result.rrset), 8);
		for (guint k = 0; k < f->result.chosen->len; k++) {
			const struct auth_r53_set *s = g_ptr_array_index(f->result.chosen, k);
			counts[atoi(s->id + 1)]++;
		}
	}
	for (int i = 0; i < N; i++) {
		assert_proportion("multivalue record in a random 8 of 12", counts[i], DRAWS,
				  8.0 / N);
	}
	/* 5 healthy: exactly those 5 */
	for (int i = 5; i < N; i++) {
		f->health[i] = false;
	}
	eval(f, g, &src);
	assert_int_equal(dns_rrset_count(f->result.rrset), 5);
	for (guint k = 0; k < f->result.chosen->len; k++) {
		const struct auth_r53_set *s = g_ptr_array_index(f->result.chosen, k);
		assert_true(atoi(s->id + 1) < 5);
	}
	/* none healthy: 8 unhealthy */
	for (int i = 0; i < N; i++) {
		f->health[i] = false;
	}
	eval(f, g, &src);
	assert_int_equal(dns_rrset_count(f->result.rrset), 8);
}

/* Build a scenario, its plain zone and its Route 53 zone. */
struct built {
	struct scenario *sc;
	auth_zone *zone;
	auth_r53_zone *r53;
	GPtrArray *problems;
};

static void build(struct fake *f, const char *text, struct built *b)
{
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	b->sc = scenario_parse_text(text, "test.dnssim", ".", NULL, NULL, diags);
	if (b->sc == NULL) {
		for (guint i = 0; i < scenario_diags_count(diags); i++) {
			print_error("%d:%d: %s\n", scenario_diags_get(diags, i)->loc.line,
				    scenario_diags_get(diags, i)->loc.col,
				    scenario_diags_get(diags, i)->message);
		}
		fail();
	}
	const struct scenario_zone *sz = g_ptr_array_index(b->sc->zones, 0);
	b->problems = g_ptr_array_new_with_free_func(g_free);
	b->zone = auth_zone_new_from_scenario(sz, f->names, b->problems);
	b->r53 = auth_r53_zone_new_from_scenario(b->sc, sz, f->names, b->problems);
}

static void built_clear(struct built *b)
{
	auth_r53_zone_free(b->r53);
	auth_zone_free(b->zone);
	g_ptr_array_free(b->problems, TRUE);
	scenario_free(b->sc);
}

static bool has_problem(const struct built *b, const char *text)
{
	for (guint i = 0; i < b->problems->len; i++) {
		if (strstr(g_ptr_array_index(b->problems, i), text) != NULL) {
			return true;
		}
	}
	return false;
}

/* 14: multivalue cannot be an alias or a CNAME (reported when the zone is built). */
static void test_edge_14_multivalue_not_alias_or_cname(void **state)
{
	struct fake *f = *state;
	struct built b;
	build(f,
	      "zone example.com. servers=ns-1\n"
	      "  $TTL 60\n"
	      "  web IN A 192.0.2.10\n"
	      "  mva IN A alias web.example.com. set=a multivalue=yes\n"
	      "  mvc IN CNAME web.example.com. set=c multivalue=yes\n"
	      "  mvok IN A 192.0.2.1 set=ok multivalue=yes\n"
	      "end\n",
	      &b);
	assert_true(has_problem(&b, "multivalue answer record cannot be an alias"));
	assert_true(has_problem(&b, "multivalue answer record cannot be a CNAME"));
	assert_int_equal(b.problems->len, 2);
	built_clear(&b);
}

static auth_r53_group *latency_group(struct fake *f, bool with_china)
{
	auth_r53_group *g = group_new(f, "l.example.com.", SCENARIO_POLICY_LATENCY);
	static const char *const regions[] = { "us-east-1", "us-west-2", "eu-central-1",
					       "cn-north-1" };
	for (int i = 0; i < (with_china ? 4 : 3); i++) {
		struct auth_r53_set s = set_of(regions[i]);
		g_strlcpy(s.region, regions[i], sizeof(s.region));
		s.health = (uint32_t)i;
		add_data(f, g, &s, "192.0.2.1");
	}
	return g;
}

/* 15: latency: lowest among Regions with records; unhealthy => next lowest; ECS or resolver. */
static void test_edge_15_latency_lowest_then_next(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = latency_group(f, false);
	struct auth_r53_source us = source_of("198.51.100.7", NULL);
	assert_string_equal(eval(f, g, &us), "us-east-1"); /* 20 < 60 < 100 ms */
	f->health[0] = false;
	assert_string_equal(eval(f, g, &us), "us-west-2"); /* next lowest */
	f->health[1] = false;
	assert_string_equal(eval(f, g, &us), "eu-central-1");
	/* the source: a German resolver with a US ECS subnet is routed as the US */
	struct auth_r53_source ecs = source_of("203.0.113.53", "198.51.100.0/24");
	f->health[0] = true;
	assert_string_equal(eval(f, g, &ecs), "us-east-1");
	struct auth_r53_source de = source_of("203.0.113.53", NULL);
	assert_string_equal(eval(f, g, &de), "eu-central-1");
}

/* 16: without ECS the resolver's location decides (corporate resolver abroad). */
static void test_edge_16_resolver_location_without_ecs(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = group_new(f, "g.example.com.", SCENARIO_POLICY_GEOLOCATION);
	struct auth_r53_set s = set_of("us");
	g_strlcpy(s.country, "US", sizeof(s.country));
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("eu");
	g_strlcpy(s.continent, "EU", sizeof(s.continent));
	add_data(f, g, &s, "192.0.2.2");
	/* a user in Seattle behind a Frankfurt resolver */
	struct auth_r53_source plain = source_of("203.0.113.53", NULL);
	assert_string_equal(eval(f, g, &plain), "eu");
	struct auth_r53_source ecs = source_of("203.0.113.53", "198.51.100.0/24");
	assert_true(ecs.ecs);
	assert_string_equal(eval(f, g, &ecs), "us");
	/* the same for IP-based routing */
	auth_r53_cidr_add(f->cidr, "corp", "seattle", "198.51.100.0/24");
	auth_r53_group *ip = group_new(f, "ip.example.com.", SCENARIO_POLICY_IP_BASED);
	s = set_of("sea");
	g_strlcpy(s.cidr_collection, "corp", sizeof(s.cidr_collection));
	g_strlcpy(s.cidr_location, "seattle", sizeof(s.cidr_location));
	add_data(f, ip, &s, "192.0.2.3");
	s = set_of("default");
	g_strlcpy(s.cidr_collection, "corp", sizeof(s.cidr_collection));
	g_strlcpy(s.cidr_location, "*", sizeof(s.cidr_location));
	add_data(f, ip, &s, "192.0.2.4");
	assert_string_equal(eval(f, ip, &plain), "default");
	assert_string_equal(eval(f, ip, &ecs), "sea");
}

static auth_r53_group *geo_group(struct fake *f, bool with_default)
{
	auth_r53_group *g = group_new(f, "g.example.com.", SCENARIO_POLICY_GEOLOCATION);
	struct auth_r53_set s = set_of("wa");
	g_strlcpy(s.country, "US", sizeof(s.country));
	g_strlcpy(s.subdivision, "WA", sizeof(s.subdivision));
	s.health = 0;
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("us");
	g_strlcpy(s.country, "US", sizeof(s.country));
	s.health = 1;
	add_data(f, g, &s, "192.0.2.2");
	s = set_of("na");
	g_strlcpy(s.continent, "NA", sizeof(s.continent));
	s.health = 2;
	add_data(f, g, &s, "192.0.2.3");
	if (with_default) {
		s = set_of("default");
		g_strlcpy(s.country, "*", sizeof(s.country));
		s.health = 3;
		add_data(f, g, &s, "192.0.2.4");
	}
	return g;
}

/* 17: state > country > continent > default; unknown locations go to the default. */
static void test_edge_17_geolocation_most_specific(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = geo_group(f, true);
	struct auth_r53_source wa = source_of("198.51.100.7", NULL);
	assert_string_equal(eval(f, g, &wa), "wa");
	assert_string_equal(answer_addr(f), "192.0.2.1");
	struct auth_r53_source unknown = source_of("100.64.0.1", NULL);
	assert_false(unknown.known);
	assert_string_equal(eval(f, g, &unknown), "default");
	struct auth_r53_source de = source_of("203.0.113.53", NULL);
	assert_string_equal(eval(f, g, &de), "default"); /* no EU record */
}

/* 18: health falls back up the chain; all unhealthy => the most specific, not the default. */
static void test_edge_18_geolocation_fallback_up_the_chain(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = geo_group(f, true);
	struct auth_r53_source wa = source_of("198.51.100.7", NULL);
	f->health[0] = false;
	assert_string_equal(eval(f, g, &wa), "us");
	f->health[1] = false;
	assert_string_equal(eval(f, g, &wa), "na");
	f->health[2] = false;
	assert_string_equal(eval(f, g, &wa), "default");
	f->health[3] = false;
	assert_string_equal(eval(f, g, &wa), "wa");
}

/* 19: no match and no default => "no answer" (NODATA). */
static void test_edge_19_geolocation_no_match_no_default_is_nodata(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = geo_group(f, false);
	struct auth_r53_source de = source_of("203.0.113.53", NULL);
	assert_string_equal(eval(f, g, &de), "");
	assert_int_equal(f->result.outcome, AUTH_R53_NODATA);
	assert_null(f->result.rrset);
	struct auth_r53_source unknown = source_of("100.64.0.1", NULL);
	assert_string_equal(eval(f, g, &unknown), "");
}

/* 20: continents follow Route 53's table: TR in EU, EG in AF, TL in OC, AM in AS. */
static void test_edge_20_route53_continent_table(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = group_new(f, "g.example.com.", SCENARIO_POLICY_GEOLOCATION);
	static const char *const continents[] = { "EU", "AS", "AF", "OC" };
	for (int i = 0; i < 4; i++) {
		struct auth_r53_set s = set_of(continents[i]);
		g_strlcpy(s.continent, continents[i], sizeof(s.continent));
		add_data(f, g, &s, "192.0.2.1");
	}
	struct auth_r53_source tr = source_of("192.0.2.7", NULL); /* Istanbul */
	assert_string_equal(eval(f, g, &tr), "EU");
	static const struct {
		const char *country, *continent;
	} table[] = { { "TR", "EU" }, { "RU", "EU" }, { "CY", "EU" },
		      { "EG", "AF" }, { "TL", "OC" }, { "AM", "AS" } };
	for (size_t i = 0; i < G_N_ELEMENTS(table); i++) {
		struct auth_r53_source src;
		memset(&src, 0, sizeof(src));
		src.known = true;
		g_strlcpy(src.country, table[i].country, sizeof(src.country));
		assert_string_equal(eval(f, g, &src), table[i].continent);
	}
}

/* 21: geoproximity bias; AWS's example: A at 150 km with +50 beats B at 100 km with 0. */
static void test_edge_21_geoproximity_bias(void **state)
{
	struct fake *f = *state;
	const double km_per_degree = 6371.0088 * G_PI / 180.0; /* on the equator */
	struct auth_r53_source src;
	memset(&src, 0, sizeof(src));
	src.known = true;
	src.has_coords = true;
	auth_r53_group *g = group_new(f, "gp.example.com.", SCENARIO_POLICY_GEOPROXIMITY);
	struct auth_r53_set s = set_of("A");
	s.gp_coords = true;
	s.gp_lon = 150 / km_per_degree;
	s.bias = 50;
	s.health = 0;
	add_data(f, g, &s, "192.0.2.1");
	s = set_of("B");
	s.gp_coords = true;
	s.gp_lon = -100 / km_per_degree;
	s.health = 1;
	add_data(f, g, &s, "192.0.2.2");
	assert_string_equal(eval(f, g, &src), "A"); /* 150 * (1 - 0.5) = 75 < 100 */
	f->health[0] = false;
	assert_string_equal(eval(f, g, &src), "B"); /* unhealthy => next nearest */
	/* negative bias: B at 100 km with -50 is 100 / 0.5 = 200 km; C at 150 km with 0 wins */
	auth_r53_group *h = group_new(f, "gp2.example.com.", SCENARIO_POLICY_GEOPROXIMITY);
	s = set_of("B");
	s.gp_coords = true;
	s.gp_lon = -100 / km_per_degree;
	s.bias = -50;
	add_data(f, h, &s, "192.0.2.2");
	s = set_of("C");
	s.gp_coords = true;
	s.gp_lat = 150 / km_per_degree;
	add_data(f, h, &s, "192.0.2.3");
	assert_string_equal(eval(f, h, &src), "C");
	/* without bias B (100 km) would win: check with bias -30 => 100 / 0.7 = 142.9 < 150 */
	auth_r53_group *k = group_new(f, "gp3.example.com.", SCENARIO_POLICY_GEOPROXIMITY);
	s = set_of("B");
	s.gp_coords = true;
	s.gp_lon = -100 / km_per_degree;
	s.bias = -30;
	add_data(f, k, &s, "192.0.2.2");
	s = set_of("C");
	s.gp_coords = true;
	s.gp_lat = 150 / km_per_degree;
	add_data(f, k, &s, "192.0.2.3");
	assert_string_equal(eval(f, k, &src), "B");
	/* a Region's location comes from the world's Region coordinates */
	auth_r53_group *r = group_new(f, "gp4.example.com.", SCENARIO_POLICY_GEOPROXIMITY);
	s = set_of("virginia");
	g_strlcpy(s.gp_region, "us-east-1", sizeof(s.gp_region));
	add_data(f, r, &s, "192.0.2.5");
	s = set_of("origin");
	s.gp_coords = true;
	s.gp_lat = 10;
	add_data(f, r, &s, "192.0.2.6");
	struct auth_r53_source dc;
	memset(&dc, 0, sizeof(dc));
	dc.known = dc.has_coords = true;
	dc.lat = 38.9;
	dc.lon = -77.1;
	assert_string_equal(eval(f, r, &dc), "virginia");
}

/* 22: IP-based: the query prefix must be at least as long as the block; shorter => default;
 * overlapping blocks: longest prefix. */
static void test_edge_22_ipbased_prefix_length(void **state)
{
	struct fake *f = *state;
	assert_true(auth_r53_cidr_add(f->cidr, "corp", "v6", "2001:db8::/32"));
	assert_true(auth_r53_cidr_add(f->cidr, "corp", "office", "198.51.0.0/16"));
	assert_true(auth_r53_cidr_add(f->cidr, "corp", "lab", "198.51.100.0/24"));
	auth_r53_group *g = group_new(f, "ip.example.com.", SCENARIO_POLICY_IP_BASED);
	static const char *const locs[] = { "v6", "office", "lab", "*" };
	for (int i = 0; i < 4; i++) {
		struct auth_r53_set s = set_of(locs[i]);
		g_strlcpy(s.cidr_collection, "corp", sizeof(s.cidr_collection));
		g_strlcpy(s.cidr_location, locs[i], sizeof(s.cidr_location));
		s.health = (uint32_t)i;
		add_data(f, g, &s, "192.0.2.1");
	}
	struct auth_r53_source src = source_of("192.0.2.53", "2001:db8:0:1234::/48");
	assert_string_equal(eval(f, g, &src), "v6"); /* route53.md's own example */
	src = source_of("192.0.2.53", "2001::/16");
	assert_string_equal(eval(f, g, &src), "*"); /* shorter than /32 */
	src = source_of("192.0.2.53", "198.51.100.0/24");
	assert_string_equal(eval(f, g, &src), "lab"); /* /24 beats /16 */
	src = source_of("192.0.2.53", "198.51.0.0/20");
	assert_string_equal(eval(f, g, &src), "office"); /* /20 is inside /16, shorter than /24 */
	src = source_of("198.51.100.9", NULL);
	assert_string_equal(eval(f, g, &src), "lab"); /* resolver address: a /32 */
	src = source_of("198.51.0.0", "198.0.0.0/8");
	assert_string_equal(eval(f, g, &src), "*");
	/* health: unhealthy match => default; all unhealthy => the match */
	src = source_of("198.51.100.9", NULL);
	f->health[2] = false;
	assert_string_equal(eval(f, g, &src), "*");
	f->health[3] = false;
	assert_string_equal(eval(f, g, &src), "lab");
	/* no match and no default => no answer */
	auth_r53_group *h = group_new(f, "ip2.example.com.", SCENARIO_POLICY_IP_BASED);
	struct auth_r53_set s = set_of("lab");
	g_strlcpy(s.cidr_collection, "corp", sizeof(s.cidr_collection));
	g_strlcpy(s.cidr_location, "lab", sizeof(s.cidr_location));
	add_data(f, h, &s, "192.0.2.1");
	src = source_of("203.0.113.1", NULL);
	assert_string_equal(eval(f, h, &src), "");
	assert_int_equal(f->result.outcome, AUTH_R53_NODATA);
}

/* 24: an alias answer carries the queried owner name and the alias's type; no CNAME. Also a
 * wildcard owner's answer carries the queried name. */
static void test_edge_24_alias_answer_has_query_owner(void **state)
{
	struct fake *f = *state;
	g_ptr_array_add(f->plain, rrset_of(f, "web.example.com.", "A", 300, "192.0.2.10"));
	auth_r53_group *g = group_new(f, "www.example.com.", SCENARIO_POLICY_SIMPLE);
	struct auth_r53_set s = set_of("");
	add_alias(g, &s, name(f, "web.example.com."), false);
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	eval(f, g, &src);
	assert_int_equal(f->result.outcome, AUTH_R53_ANSWER);
	assert_int_equal(f->result.rrset->owner, name(f, "www.example.com."));
	assert_int_equal(f->result.rrset->type, LDNS_RR_TYPE_A);
	ldns_rr *rr = ldns_rr_list_rr(f->result.rrset->rrs, 0);
	char *owner = ldns_rdf2str(ldns_rr_owner(rr));
	assert_string_equal(owner, "www.example.com.");
	free(owner);
	assert_int_equal(ldns_rr_get_type(rr), LDNS_RR_TYPE_A);
	assert_string_equal(answer_addr(f), "192.0.2.10");
	/* a wildcard group answers under the queried name */
	auth_r53_group *w = group_new(f, "*.example.com.", SCENARIO_POLICY_WEIGHTED);
	s = set_of("only");
	s.weight = 1;
	add_data(f, w, &s, "192.0.2.20");
	auth_r53_evaluate(w, &f->env, &src, name(f, "x.y.example.com."), &f->result);
	assert_int_equal(f->result.rrset->owner, name(f, "x.y.example.com."));
}

/* 25: an alias answers only its own type: an A alias gives NODATA for AAAA (no AAAA group). */
static void test_edge_25_alias_answers_only_its_type(void **state)
{
	struct fake *f = *state;
	struct built b;
	build(f,
	      "zone example.com. servers=ns-1\n"
	      "  $TTL 60\n"
	      "  web 300 IN A 192.0.2.10\n"
	      "  web 300 IN AAAA 2001:db8::10\n"
	      "  www IN A alias web.example.com.\n"
	      "end\n",
	      &b);
	uint32_t www = name(f, "www.example.com.");
	assert_non_null(auth_r53_zone_find(b.r53, www, LDNS_RR_TYPE_A));
	assert_null(auth_r53_zone_find(b.r53, www, LDNS_RR_TYPE_AAAA));
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	struct dns_msg *msg = dns_msg_new(1, www, LDNS_RR_TYPE_AAAA, LDNS_RR_CLASS_IN);
	assert_false(
	    auth_r53_zone_answer(b.r53, &f->env, &src, www, www, LDNS_RR_TYPE_AAAA, msg, NULL));
	assert_int_equal(msg->sections[DNS_SECTION_ANSWER]->len, 0);
	/* the zone itself knows the name exists (NODATA, not NXDOMAIN) */
	assert_true(auth_zone_name_exists(b.zone, www));
	dns_msg_free(msg);
	built_clear(&b);
}

/* The zone-backed environment used by the scenario tests: groups from r53, data from zone. */
struct zone_ctx {
	struct fake *f;
	const auth_zone *zone;
	const auth_r53_zone *r53;
};

static const auth_r53_group *zone_group(void *ctx, uint32_t owner, uint16_t type)
{
	struct zone_ctx *z = ctx;
	return auth_r53_zone_find(z->r53, owner, type);
}

static struct dns_rrset *zone_rrset(void *ctx, uint32_t owner, uint16_t type)
{
	struct zone_ctx *z = ctx;
	return auth_zone_find(z->zone, owner, type);
}

static bool zone_healthy(void *ctx, uint32_t health)
{
	struct zone_ctx *z = ctx;
	return z->f->health[health];
}

/* 26: alias TTL: a same-zone target's TTL; an AWS target's own (60 s). */
static void test_edge_26_alias_ttl_is_target_ttl(void **state)
{
	struct fake *f = *state;
	struct built b;
	build(f,
	      "zone example.com. servers=ns-1\n"
	      "  $TTL 60\n"
	      "  web 300 IN A 192.0.2.10\n"
	      "  www IN A alias web.example.com.\n"
	      "  w2 120 IN A 192.0.2.11 set=a weight=1\n"
	      "  tree IN A alias w2.example.com.\n"
	      "  site IN A alias example-bucket.s3-website-us-east-1.amazonaws.com.\n"
	      "  @ IN A alias my-lb-1234.us-east-1.elb.amazonaws.com.\n"
	      "end\n",
	      &b);
	assert_int_equal(b.problems->len, 0);
	struct zone_ctx z = { f, b.zone, b.r53 };
	struct auth_r53_env env = f->env;
	env.ctx = &z;
	env.group = zone_group;
	env.rrset = zone_rrset;
	env.healthy = zone_healthy;
	env.health_name = NULL;
	env.latency_ms = NULL;
	env.region_coords = NULL;
	struct dns_rrset *s3 = rrset_of(f, "example-bucket.s3-website-us-east-1.amazonaws.com.",
					"A", AUTH_R53_AWS_TTL, "52.216.1.1");
	struct dns_rrset *lb = rrset_of(f, "my-lb-1234.us-east-1.elb.amazonaws.com.", "A",
					AUTH_R53_AWS_TTL, "3.0.0.1 | 3.0.0.2");
	auth_r53_aws_add(f->aws, s3);
	auth_r53_aws_add(f->aws, lb);
	dns_rrset_unref(s3);
	dns_rrset_unref(lb);
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	static const struct {
		const char *qname;
		uint32_t ttl;
		const char *addr;
	} want[] = {
		{ "www.example.com.", 300, "192.0.2.10" },  /* the target's TTL, not $TTL 60 */
		{ "tree.example.com.", 120, "192.0.2.11" }, /* through a weighted group */
		{ "site.example.com.", AUTH_R53_AWS_TTL, "52.216.1.1" }, /* S3 website: 60 s */
		{ "example.com.", AUTH_R53_AWS_TTL, "3.0.0.1" },	 /* apex alias to an ELB */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		uint32_t q = name(f, want[i].qname);
		const auth_r53_group *g = auth_r53_zone_find(b.r53, q, LDNS_RR_TYPE_A);
		assert_non_null(g);
		auth_r53_evaluate(g, &env, &src, q, &f->result);
		assert_int_equal(f->result.outcome, AUTH_R53_ANSWER);
		assert_int_equal(f->result.ttl, want[i].ttl);
		assert_int_equal(f->result.rrset->ttl, want[i].ttl);
		assert_int_equal(f->result.rrset->owner, q);
		assert_string_equal(answer_addr(f), want[i].addr);
	}
	built_clear(&b);
}

/* 27: ETH alias healthy iff >= 1 record of the target group is healthy, through nested
 * aliases. */
static void test_edge_27_eth_healthy_iff_any_target_healthy(void **state)
{
	struct fake *f = *state;
	/* leaf: weighted a (hc0), b (hc1) */
	auth_r53_group *leaf = group_new(f, "leaf.example.com.", SCENARIO_POLICY_WEIGHTED);
	struct auth_r53_set s = set_of("a");
	s.weight = 1;
	s.health = 0;
	add_data(f, leaf, &s, "192.0.2.1");
	s = set_of("b");
	s.weight = 1;
	s.health = 1;
	add_data(f, leaf, &s, "192.0.2.2");
	/* mid: latency set aliasing leaf with ETH */
	auth_r53_group *mid = group_new(f, "mid.example.com.", SCENARIO_POLICY_LATENCY);
	s = set_of("mid");
	g_strlcpy(s.region, "us-east-1", sizeof(s.region));
	add_alias(mid, &s, name(f, "leaf.example.com."), true);
	/* top alias to mid with ETH */
	struct auth_r53_set top = set_of("top");
	top.alias_target = name(f, "mid.example.com.");
	top.eth = true;
	assert_true(auth_r53_set_is_healthy(&top, LDNS_RR_TYPE_A, &f->env));
	f->health[0] = false;
	assert_true(auth_r53_set_is_healthy(&top, LDNS_RR_TYPE_A, &f->env)); /* b still healthy */
	f->health[1] = false;
	assert_false(auth_r53_set_is_healthy(&top, LDNS_RR_TYPE_A, &f->env));
	top.eth = false;
	assert_true(auth_r53_set_is_healthy(&top, LDNS_RR_TYPE_A, &f->env));
	/* a target record without a health check counts as healthy */
	s = set_of("c");
	s.weight = 1;
	add_data(f, leaf, &s, "192.0.2.3");
	top.eth = true;
	assert_true(auth_r53_set_is_healthy(&top, LDNS_RR_TYPE_A, &f->env));
}

/* A failover pair whose primary aliases a weighted group (hc0, hc1) with ETH eth; secondary
 * plain data, healthy. */
static auth_r53_group *tree(struct fake *f, bool eth)
{
	auth_r53_group *leaf = group_new(f, "pool.example.com.", SCENARIO_POLICY_WEIGHTED);
	struct auth_r53_set s = set_of("p1");
	s.weight = 1;
	s.health = 0;
	add_data(f, leaf, &s, "192.0.2.1");
	s = set_of("p2");
	s.weight = 1;
	s.health = 1;
	add_data(f, leaf, &s, "192.0.2.2");
	auth_r53_group *g = group_new(f, "www.example.com.", SCENARIO_POLICY_FAILOVER);
	s = set_of("primary");
	s.failover = AUTH_R53_FAILOVER_PRIMARY;
	add_alias(g, &s, name(f, "pool.example.com."), eth);
	s = set_of("backup");
	s.failover = AUTH_R53_FAILOVER_SECONDARY;
	add_data(f, g, &s, "192.0.2.9");
	return g;
}

/* 27/28 with trees: ETH on backs out of a dead branch; ETH off stays in it (and applies the
 * last-resort rule inside it). */
static void test_edge_28_eth_off_stays_in_branch(void **state)
{
	struct fake *f = *state;
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	auth_r53_group *off = tree(f, false);
	f->health[0] = false;
	f->health[1] = false;
	const char *id = eval(f, off, &src);
	assert_true(strcmp(id, "p1") == 0 || strcmp(id, "p2") == 0);
	g_ptr_array_set_size(f->groups, 0);
	auth_r53_group *on = tree(f, true);
	assert_string_equal(eval(f, on, &src), "backup");
	bool found = false;
	for (guint i = 0; i < f->result.path->len; i++) {
		found |= strstr(g_ptr_array_index(f->result.path, i),
				"alias target pool.example.com. unhealthy") != NULL;
	}
	assert_true(found);
	f->health[1] = true; /* one healthy record in the branch: stay in it, answer p2 */
	for (int i = 0; i < 200; i++) {
		assert_string_equal(eval(f, on, &src), "p2");
	}
}

/* 29: an alias with a health check and ETH needs both to pass. */
static void test_edge_29_health_check_and_eth_both_needed(void **state)
{
	struct fake *f = *state;
	g_ptr_array_add(f->plain, rrset_of(f, "web.example.com.", "A", 300, "192.0.2.10"));
	struct auth_r53_set s = set_of("x");
	s.alias_target = name(f, "web.example.com.");
	s.eth = true;
	s.health = 5;
	assert_true(auth_r53_set_is_healthy(&s, LDNS_RR_TYPE_A, &f->env));
	f->health[5] = false;
	assert_false(auth_r53_set_is_healthy(&s, LDNS_RR_TYPE_A, &f->env));
	f->health[5] = true;
	struct auth_r53_set t = set_of("y");
	t.alias_target = name(f, "nothing.example.com."); /* a target with nothing healthy */
	t.eth = true;
	t.health = 5;
	assert_false(auth_r53_set_is_healthy(&t, LDNS_RR_TYPE_A, &f->env));
}

/* 30: ALB/NLB health: a target group with targets but none healthy, or with no targets, makes
 * the load balancer unhealthy; an AWS target's flag is what ETH inherits. */
static void test_edge_30_load_balancer_health(void **state)
{
	struct fake *f = *state;
	const unsigned targets[] = { 3, 2 };
	const unsigned ok[] = { 1, 2 };
	assert_true(auth_r53_lb_healthy(targets, ok, 2));
	const unsigned none_healthy[] = { 1, 0 };
	assert_false(auth_r53_lb_healthy(targets, none_healthy, 2));
	const unsigned empty[] = { 3, 0 };
	assert_false(auth_r53_lb_healthy(empty, empty, 2));
	uint32_t lbname = name(f, "my-lb-1.us-east-1.elb.amazonaws.com.");
	struct dns_rrset *lb =
	    rrset_of(f, "my-lb-1.us-east-1.elb.amazonaws.com.", "A", AUTH_R53_AWS_TTL, "3.0.0.1");
	auth_r53_aws_add(f->aws, lb);
	dns_rrset_unref(lb);
	struct auth_r53_set s = set_of("lb");
	s.alias_target = lbname;
	s.eth = true;
	assert_true(auth_r53_set_is_healthy(&s, LDNS_RR_TYPE_A, &f->env));
	auth_r53_aws_set_healthy(f->aws, lbname, auth_r53_lb_healthy(targets, none_healthy, 2));
	assert_false(auth_r53_set_is_healthy(&s, LDNS_RR_TYPE_A, &f->env));
}

/* 31: CloudFront aliases cannot use ETH (reported, ignored); a simple alias's ETH has no
 * effect (the only record is answered). */
static void test_edge_31_cloudfront_no_eth_simple_alias_eth_no_effect(void **state)
{
	struct fake *f = *state;
	struct built b;
	build(f,
	      "zone example.com. servers=ns-1\n"
	      "  $TTL 60\n"
	      "  cdn IN A alias d111111abcdef8.cloudfront.net. evaluate-target-health=yes\n"
	      "end\n",
	      &b);
	assert_true(has_problem(&b, "not allowed for a CloudFront alias"));
	const auth_r53_group *g =
	    auth_r53_zone_find(b.r53, name(f, "cdn.example.com."), LDNS_RR_TYPE_A);
	assert_non_null(g);
	assert_false(auth_r53_group_set(g, 0)->eth);
	built_clear(&b);
	/* simple alias with ETH to a dead target: still answered */
	auth_r53_group *leaf = group_new(f, "pool.example.com.", SCENARIO_POLICY_WEIGHTED);
	struct auth_r53_set s = set_of("p1");
	s.weight = 1;
	s.health = 0;
	add_data(f, leaf, &s, "192.0.2.1");
	f->health[0] = false;
	auth_r53_group *simple = group_new(f, "www.example.com.", SCENARIO_POLICY_SIMPLE);
	s = set_of("");
	add_alias(simple, &s, name(f, "pool.example.com."), true);
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	assert_string_equal(eval(f, simple, &src), "p1");
}

/* 32: no CNAME at the apex (an apex alias of type CNAME included); an apex A alias is fine. */
static void test_edge_32_apex_alias_not_cname(void **state)
{
	struct fake *f = *state;
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text("zone example.com. servers=ns-1\n"
						  "  $TTL 60\n"
						  "  web IN CNAME other.example.net.\n"
						  "  @ IN CNAME alias web.example.com.\n"
						  "end\n",
						  "test.dnssim", ".", NULL, NULL, diags);
	assert_null(sc);
	bool found = false;
	for (guint i = 0; i < scenario_diags_count(diags); i++) {
		found |=
		    strstr(scenario_diags_get(diags, i)->message, "CNAME at the zone apex") != NULL;
	}
	assert_true(found);
	struct built b;
	build(f,
	      "zone example.com. servers=ns-1\n"
	      "  $TTL 60\n"
	      "  web 300 IN A 192.0.2.10\n"
	      "  @ IN A alias web.example.com.\n"
	      "end\n",
	      &b);
	assert_non_null(auth_r53_zone_find(b.r53, name(f, "example.com."), LDNS_RR_TYPE_A));
	built_clear(&b);
}

/* 33: a (weighted) CNAME group answers the CNAME itself; its target is not chased here. */
static void test_edge_33_cname_not_chased(void **state)
{
	struct fake *f = *state;
	g_ptr_array_add(f->plain, rrset_of(f, "web.example.com.", "A", 300, "192.0.2.10"));
	auth_r53_group *g = auth_r53_group_new(name(f, "www.example.com."), LDNS_RR_TYPE_CNAME,
					       SCENARIO_POLICY_WEIGHTED);
	g_ptr_array_add(f->groups, g);
	struct auth_r53_set s = set_of("a");
	s.weight = 1;
	s.rrset = rrset_of(f, "www.example.com.", "CNAME", 60, "web.example.com.");
	auth_r53_group_add(g, &s);
	dns_rrset_unref(s.rrset);
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	assert_string_equal(eval(f, g, &src), "a");
	assert_int_equal(f->result.rrset->type, LDNS_RR_TYPE_CNAME);
	assert_int_equal(dns_rrset_count(f->result.rrset), 1);
}

/* 58: a cn-north-1 latency record always answers queries from inside China. */
static void test_edge_58_cn_north_1_wins_in_china(void **state)
{
	struct fake *f = *state;
	auth_r53_group *g = latency_group(f, true);
	/* also a Tokyo record with lower latency (50 ms) from China than cn-north-1 (200 ms) */
	struct auth_r53_set s = set_of("ap-northeast-1");
	g_strlcpy(s.region, "ap-northeast-1", sizeof(s.region));
	add_data(f, g, &s, "192.0.2.1");
	struct auth_r53_source cn;
	memset(&cn, 0, sizeof(cn));
	cn.known = true;
	g_strlcpy(cn.country, "CN", sizeof(cn.country));
	assert_string_equal(eval(f, g, &cn), "cn-north-1");
	auth_r53_group *h = latency_group(f, false);
	add_data(f, h, &s, "192.0.2.1"); /* without cn-north-1: plain latency, Tokyo */
	assert_string_equal(eval(f, h, &cn), "ap-northeast-1");
}

/* Not an edge case of section 15 but the brief's: the integration function adds the answer. */
static void test_zone_answer_adds_rrset(void **state)
{
	struct fake *f = *state;
	struct built b;
	build(f,
	      "zone example.com. servers=ns-1\n"
	      "  $TTL 60\n"
	      "  www IN A 192.0.2.1 set=east failover=primary health=web-east\n"
	      "  www IN A 192.0.2.2 set=west failover=secondary\n"
	      "end\n"
	      "health web-east http 192.0.2.1\n",
	      &b);
	struct zone_ctx z = { f, b.zone, b.r53 };
	struct auth_r53_env env = f->env;
	env.ctx = &z;
	env.group = zone_group;
	env.rrset = zone_rrset;
	env.healthy = zone_healthy;
	env.health_name = NULL;
	uint32_t www = name(f, "www.example.com.");
	assert_int_equal(
	    auth_r53_group_set(auth_r53_zone_find(b.r53, www, LDNS_RR_TYPE_A), 0)->health, 0);
	struct auth_r53_source src = source_of("198.51.100.7", NULL);
	f->health[0] = false;
	struct dns_msg *msg = dns_msg_new(1, www, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
	g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func(g_free);
	assert_true(auth_r53_zone_answer(b.r53, &env, &src, www, www, LDNS_RR_TYPE_A, msg, path));
	struct dns_rrset *a = dns_msg_find(msg, DNS_SECTION_ANSWER, www, LDNS_RR_TYPE_A);
	assert_non_null(a);
	char *addr = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(a->rrs, 0), 0));
	assert_string_equal(addr, "192.0.2.2");
	free(addr);
	assert_true(path->len > 0);
	dns_msg_free(msg);
	built_clear(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_edge_01_all_unhealthy_answers_as_if_healthy),
		T(test_edge_02_no_health_check_is_always_healthy),
		T(test_edge_03_health_read_from_current_state),
		T(test_edge_04_weighted_proportions),
		T(test_edge_05_zero_weight_never_while_nonzero_healthy),
		T(test_edge_06_zero_weight_fallback_uniform),
		T(test_edge_07_last_resort_uses_weights_excludes_zero),
		T(test_edge_08_unchecked_zero_weight_takes_over),
		T(test_edge_09_all_zero_weights_uniform),
		T(test_edge_11_failover_table),
		T(test_edge_12_unchecked_primary_never_fails_over),
		T(test_edge_13_multivalue_up_to_eight),
		T(test_edge_14_multivalue_not_alias_or_cname),
		T(test_edge_15_latency_lowest_then_next),
		T(test_edge_16_resolver_location_without_ecs),
		T(test_edge_17_geolocation_most_specific),
		T(test_edge_18_geolocation_fallback_up_the_chain),
		T(test_edge_19_geolocation_no_match_no_default_is_nodata),
		T(test_edge_20_route53_continent_table),
		T(test_edge_21_geoproximity_bias),
		T(test_edge_22_ipbased_prefix_length),
		T(test_edge_24_alias_answer_has_query_owner),
		T(test_edge_25_alias_answers_only_its_type),
		T(test_edge_26_alias_ttl_is_target_ttl),
		T(test_edge_27_eth_healthy_iff_any_target_healthy),
		T(test_edge_28_eth_off_stays_in_branch),
		T(test_edge_29_health_check_and_eth_both_needed),
		T(test_edge_30_load_balancer_health),
		T(test_edge_31_cloudfront_no_eth_simple_alias_eth_no_effect),
		T(test_edge_32_apex_alias_not_cname),
		T(test_edge_33_cname_not_chased),
		T(test_edge_58_cn_north_1_wins_in_china),
		T(test_zone_answer_adds_rrset),
	};
	return cmocka_run_group_tests_name("route53", tests, NULL, NULL);
}
