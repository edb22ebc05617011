/*
 * Route 53 private hosted zones (route53.md 6.5, edge cases 51 and 52), Route 53 record-set
 * changes on the timeline (6.2, edge case 54), and the cost model (section 8, alias billing
 * 3.6, edge case 57).
 *
 * Expected prices are computed by hand from the table of route53.md section 8 (read
 * 2026-09-20): standard $0.40 / $0.20 per million (first billion a month / above), latency
 * $0.60 / $0.30, geo $0.70 / $0.35, IP-based $0.80 / $0.40; health checks $0.50 (AWS endpoint,
 * first 50 free) or $0.75, optional features $1.00 (AWS) or $2.00; hosted zones $0.50 for the
 * first 25, $0.10 after. Expected answers come from the rules of section 6.5.
 */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "authoritative/route53/pricing.h"
#include "sim/metrics.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"
#include "sim/world/world.h"
#include "tests/support/scenario_text.h"

#define CENTS_EPS 1e-9

/* Pricing arithmetic */

static void test_query_rates_first_tier(void **state)
{
	(void)state;
	/* 1 million queries of each class: the per-million rate of the table */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_STANDARD, 1e6), 0.40, CENTS_EPS);
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_LATENCY, 1e6), 0.60, CENTS_EPS);
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_GEO, 1e6), 0.70, CENTS_EPS);
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_IP_BASED, 1e6), 0.80, CENTS_EPS);
	/* 2.5 million latency queries: 2.5 x $0.60 = $1.50 */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_LATENCY, 2.5e6), 1.50, CENTS_EPS);
	/* alias queries to AWS resources are free (route53.md 3.6), even a billion of them */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_ALIAS_FREE, 1e9), 0.0, CENTS_EPS);
	/* 60 standard queries: 60 x $0.40 / 10^6 = $0.000024 */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_STANDARD, 60), 0.000024, 1e-12);
}

static void test_query_rates_above_a_billion(void **state)
{
	(void)state;
	/* 1.5 billion standard queries: 1000 x $0.40 + 500 x $0.20 = $500 */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_STANDARD, 1.5e9), 500.0, 1e-6);
	/* 3 billion geo queries: 1000 x $0.70 + 2000 x $0.35 = $1400 */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_GEO, 3e9), 1400.0, 1e-6);
	/* exactly one billion IP-based: all at the first rate, 1000 x $0.80 */
	assert_float_equal(auth_r53_queries_cost(AUTH_R53_PRICE_IP_BASED, 1e9), 800.0, 1e-6);
}

static void test_price_classes(void **state)
{
	(void)state;
	/* route53.md 8: weighted, failover, multivalue and simple are standard */
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_SIMPLE, false), AUTH_R53_PRICE_STANDARD);
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_WEIGHTED, false),
			 AUTH_R53_PRICE_STANDARD);
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_FAILOVER, false),
			 AUTH_R53_PRICE_STANDARD);
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_MULTIVALUE, false),
			 AUTH_R53_PRICE_STANDARD);
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_LATENCY, false), AUTH_R53_PRICE_LATENCY);
	/* geolocation and geoproximity share a line */
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_GEOLOCATION, false), AUTH_R53_PRICE_GEO);
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_GEOPROXIMITY, false),
			 AUTH_R53_PRICE_GEO);
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_IP_BASED, false),
			 AUTH_R53_PRICE_IP_BASED);
	/* an answer from an alias to an AWS resource is free whatever the policy */
	assert_int_equal(auth_r53_price_of(SCENARIO_POLICY_LATENCY, true),
			 AUTH_R53_PRICE_ALIAS_FREE);
	assert_string_equal(auth_r53_price_name(AUTH_R53_PRICE_IP_BASED), "ip-based");
	assert_string_equal(AUTH_R53_PRICES_AS_OF, "2026-09-20");
}

static void test_health_check_fees(void **state)
{
	(void)state;
	/* non-AWS endpoint, HTTPS and the 10 s interval: $0.75 + 2 x $2.00 = $4.75 */
	struct auth_r53_hc_bill other = { .aws_endpoint = false, .features = 2 };
	assert_float_equal(auth_r53_health_check_month(&other), 4.75, CENTS_EPS);
	/* AWS endpoint, HTTPS string matching with latency measurement: $0.50 + 3 x $1.00 */
	struct auth_r53_hc_bill aws = { .aws_endpoint = true, .features = 3 };
	assert_float_equal(auth_r53_health_check_month(&aws), 3.50, CENTS_EPS);
	/* 51 basic AWS checks: the first 50 free, the 51st $0.50 */
	struct auth_r53_hc_bill many[51];
	for (size_t i = 0; i < G_N_ELEMENTS(many); i++) {
		many[i] = (struct auth_r53_hc_bill){ .aws_endpoint = true, .features = 0 };
	}
	assert_float_equal(auth_r53_health_checks_month(many, 51), 0.50, CENTS_EPS);
	/* the free allowance covers the basic fee only: 50 AWS checks with one feature = $50 */
	for (size_t i = 0; i < 50; i++) {
		many[i].features = 1;
	}
	assert_float_equal(auth_r53_health_checks_month(many, 50), 50.0, CENTS_EPS);
	/* non-AWS checks get no allowance: one basic non-AWS check and one free AWS one = $0.75 */
	struct auth_r53_hc_bill mixed[2] = { { false, 0 }, { true, 0 } };
	assert_float_equal(auth_r53_health_checks_month(mixed, 2), 0.75, CENTS_EPS);
}

static void test_zone_fees(void **state)
{
	(void)state;
	assert_float_equal(auth_r53_zones_month(1), 0.50, CENTS_EPS);
	assert_float_equal(auth_r53_zones_month(25), 12.50, CENTS_EPS);
	/* 26 zones: 25 x $0.50 + 1 x $0.10 = $12.60 */
	assert_float_equal(auth_r53_zones_month(26), 12.60, CENTS_EPS);
}

/* Scenarios in a world */

struct capture {
	bool done;
	uint8_t rcode;
	char first[64]; /* the first answer record's data, or "" */
};

static void on_answer(void *ctx, guint index, uint64_t token, const struct dns_msg *msg,
		      int64_t now_ns)
{
	struct capture *c = ctx;
	c->done = true;
	c->rcode = msg->rcode;
	c->first[0] = '\0';
	if (msg->sections[DNS_SECTION_ANSWER]->len > 0) {
		const struct dns_rrset *set =
		    g_ptr_array_index(msg->sections[DNS_SECTION_ANSWER], 0);
		char *text = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(set->rrs, 0), 0));
		g_strlcpy(c->first, text, sizeof(c->first));
		free(text);
	}
}

/* Resolve name A from resolver in w, running the engine until the answer. */
static struct capture resolve(world *w, const char *resolver_name, const char *name)
{
	struct capture c = { 0 };
	dnsnet_set_answer_handler(world_dnsnet(w), on_answer, &c);
	guint index = 0;
	assert_non_null(world_resolver(w, resolver_name, &index));
	uint32_t qname = dns_name_intern(world_names(w), name);
	dnsnet_query(world_dnsnet(w), index, qname, LDNS_RR_TYPE_A, 1, NULL);
	while (!c.done && sim_engine_step(world_engine(w))) {
	}
	assert_true(c.done);
	return c;
}

static const char split_text[] = "duration 10m\n"
				 "vpc prod region=us-east-1\n"
				 "vpc dev region=eu-west-1\n"
				 "zone corp.example. servers=ns-1\n"
				 "  www 60 IN A 198.51.100.10\n"
				 "  public 60 IN A 198.51.100.20\n"
				 "end\n"
				 "zone corp.example. private=yes vpc=prod\n"
				 "  www 60 IN A 10.0.0.10 set=east region=us-east-1\n"
				 "  www 60 IN A 10.1.0.10 set=west region=eu-west-1\n"
				 "end\n"
				 "zone internal.corp.example. private=yes vpc=prod,dev\n"
				 "  db 60 IN A 10.0.5.5\n"
				 "end\n"
				 "resolver in-prod profile=aws-vpc-resolver vpc=prod at=us-east-1\n"
				 "resolver in-dev profile=aws-vpc-resolver vpc=dev at=eu-west-1\n"
				 "resolver isp profile=unbound at=US-WA\n";

/* Edge case 51 and route53.md 6.5: a resolver in the VPC sees the private zone, which shadows
 * the public one (a name only the public zone has is NXDOMAIN); every other resolver sees the
 * public zone and none of the private names. */
static void test_private_zone_split_horizon(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(split_text);
	world *w = world_new(sc);
	struct capture c = resolve(w, "in-prod", "www.corp.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NOERROR);
	/* latency inside a private zone: the VPC's Region (us-east-1) is the source */
	assert_string_equal(c.first, "10.0.0.10");
	c = resolve(w, "in-prod", "public.corp.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NXDOMAIN);
	c = resolve(w, "isp", "www.corp.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NOERROR);
	assert_string_equal(c.first, "198.51.100.10");
	c = resolve(w, "isp", "public.corp.example.");
	assert_string_equal(c.first, "198.51.100.20");
	c = resolve(w, "isp", "db.internal.corp.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NXDOMAIN);
	world_free(w);
	scenario_free(sc);
}

/* Edge case 52: the most specific private zone answers; a VPC sees only the private zones
 * associated with it (dev has internal.corp.example. but not corp.example.: its www comes from
 * the public zone). */
static void test_private_zone_most_specific_and_association(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(split_text);
	world *w = world_new(sc);
	struct capture c = resolve(w, "in-prod", "db.internal.corp.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NOERROR);
	assert_string_equal(c.first, "10.0.5.5");
	c = resolve(w, "in-dev", "db.internal.corp.example.");
	assert_string_equal(c.first, "10.0.5.5");
	c = resolve(w, "in-dev", "www.corp.example.");
	assert_string_equal(c.first, "198.51.100.10");
	/* the VPC servers exist, one per vpc statement, at 169.254.53.N */
	auth_server *prod = auth_hierarchy_vpc_server(world_hierarchy(w), "prod");
	assert_non_null(prod);
	assert_string_equal(g_ptr_array_index(auth_server_addresses(prod), 0), "169.254.53.1");
	assert_int_equal(auth_server_zones(prod)->len, 2);
	assert_int_equal(
	    auth_server_zones(auth_hierarchy_vpc_server(world_hierarchy(w), "dev"))->len, 1);
	world_free(w);
	scenario_free(sc);
}

/* A private zone needs a VPC; vpc= on a public zone is an input error. */
static void test_private_zone_validation(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"vpc prod region=us-east-1\nzone a.example. private=yes\n  www 60 IN A 10.0.0.1\nend\n",
		"vpc prod region=us-east-1\nzone a.example. servers=ns-1 vpc=prod\n  www 60 IN A "
		"10.0.0.1\nend\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(scenario_diags) diags = scenario_diags_new();
		struct scenario *sc =
		    scenario_parse_text(bad[i], "t.dnssim", ".", NULL, NULL, diags);
		assert_null(sc);
	}
}

static const char weights_text[] = "duration 20m\n"
				   "zone shop.example. servers=ns-1\n"
				   "  www 60 IN A 192.0.2.1 set=blue weight=100\n"
				   "  www 60 IN A 192.0.2.2 set=green weight=0\n"
				   "end\n"
				   "resolver isp profile=unbound at=US-WA\n"
				   "at 5m..15m record www.shop.example A set=green weight=100\n"
				   "at 5m..15m record www.shop.example A set=blue weight=0\n"
				   "at 7m record www.shop.example A set=green value=192.0.2.3\n";

/* route53.md 2.2: with blue 100 and green 0 every answer is blue; at 5m the weights swap (green
 * only); the value change at 7m stays after the range ends at 15m, when the weights come back
 * (blue again). Resolutions are 6 minutes apart, past the 60 s TTL. */
static void test_weight_change_on_timeline(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(weights_text);
	world *w = world_new(sc);
	struct capture c = resolve(w, "isp", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.1");
	world_run_until(w, 6 * SIM_NS_PER_MIN);
	c = resolve(w, "isp", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.2");
	world_run_until(w, 12 * SIM_NS_PER_MIN);
	c = resolve(w, "isp", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.3");
	world_run_until(w, 18 * SIM_NS_PER_MIN);
	c = resolve(w, "isp", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.1");
	/* events: five actions logged with what changed */
	const GArray *events = world_events(w);
	assert_int_equal(events->len, 5);
	assert_string_equal(g_array_index(events, struct world_event, 0).effect,
			    "Route 53 record set: weight 0 -> 100");
	assert_string_equal(g_array_index(events, struct world_event, 2).effect,
			    "Route 53 record set: 1 value(s) replaced");
	world_free(w);
	scenario_free(sc);
}

/* Edge case 54: with route53 change-propagation=90s a change at 5m reaches the servers at
 * 6m30s; a resolution at 6m (cache cold) still gets the old weights. */
static void test_change_propagation(void **state)
{
	(void)state;
	g_autofree char *text = g_strdup_printf("%sroute53 change-propagation=90s\n", weights_text);
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	world_run_until(w, 6 * SIM_NS_PER_MIN);
	struct capture c = resolve(w, "isp", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.1");
	world_run_until(w, 6 * SIM_NS_PER_MIN + 95 * SIM_NS_PER_S);
	c = resolve(w, "isp", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.2");
	world_free(w);
	scenario_free(sc);
}

/* A record action that names no set of a group with several is an input error. */
static void test_record_action_validation(void **state)
{
	(void)state;
	static const char text[] = "duration 20m\n"
				   "zone shop.example. servers=ns-1\n"
				   "  www 60 IN A 192.0.2.1 set=blue weight=100\n"
				   "  www 60 IN A 192.0.2.2 set=green weight=0\n"
				   "end\n"
				   "at 5m record www.shop.example A weight=1\n";
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	assert_null(scenario_parse_text(text, "t.dnssim", ".", NULL, NULL, diags));
}

/* Queries are counted by price class where the servers answer them: one latency query (the
 * private zone's www), one standard (public.corp.example.), and none for the implied root and
 * TLD servers. The month scales the run (10 minutes) to 30 days: x 4320. */
static void test_cost_metrics(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(split_text);
	world *w = world_new(sc);
	resolve(w, "in-prod", "www.corp.example.");
	resolve(w, "isp", "public.corp.example.");
	struct world_route53_bill bill;
	world_route53_bill(w, &bill);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_LATENCY], 1);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_STANDARD], 1);
	assert_int_equal(bill.zones, 3);
	assert_int_equal(bill.health_checks->len, 0);
	g_array_unref(bill.health_checks);
	metrics *m = metrics_compute(sc, w);
	/* $0.60/10^6 + $0.40/10^6 = $0.000001 */
	assert_float_equal(metrics_get(m, "cost.scenario_usd")->value, 1.0e-6, 1e-15);
	/* 4320 latency and 4320 standard queries, plus 3 zones at $0.50 */
	double month = 4320 * 0.60 / 1e6 + 4320 * 0.40 / 1e6 + 1.50;
	assert_float_equal(metrics_get(m, "cost.month_usd")->value, month, 1e-12);
	assert_float_equal(metrics_get(m, "cost.queries.latency")->value, 1, 0);
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
}

/* Empty answers are billed at the standard rate whatever the policy of the name (route53.md
 * 6.3 and 8: "NXDOMAIN / NODATA answers: standard query rate"). Each resolution below reaches
 * the zone's server once (the root and TLD servers are not Route 53's to bill):
 * - us-only from Ohio: its country=US set answers: geo;
 * - us-only from Frankfurt: no set covers Germany and there is no default: NODATA, standard;
 * - www from Frankfurt: the default set answers: geo;
 * - nothere from Frankfurt: NXDOMAIN, standard.
 * So 2 geo and 2 standard queries, and nothing else. */
static void test_cost_empty_answers_standard(void **state)
{
	(void)state;
	static const char text[] = "duration 10m\n"
				   "zone shop.example. servers=ns-1\n"
				   "  www     60 IN A 192.0.2.32 set=usa   country=US\n"
				   "  www     60 IN A 192.0.2.33 set=world country=*\n"
				   "  us-only 60 IN A 192.0.2.32 set=usa   country=US\n"
				   "end\n"
				   "resolver ohio at=US-OH profile=unbound\n"
				   "resolver fra at=DE profile=unbound\n";
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	struct capture c = resolve(w, "ohio", "us-only.shop.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NOERROR);
	assert_string_equal(c.first, "192.0.2.32");
	c = resolve(w, "fra", "us-only.shop.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NOERROR);
	assert_string_equal(c.first, ""); /* NODATA */
	c = resolve(w, "fra", "www.shop.example.");
	assert_string_equal(c.first, "192.0.2.33");
	c = resolve(w, "fra", "nothere.shop.example.");
	assert_int_equal(c.rcode, LDNS_RCODE_NXDOMAIN);
	struct world_route53_bill bill;
	world_route53_bill(w, &bill);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_GEO], 2);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_STANDARD], 2);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_LATENCY], 0);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_IP_BASED], 0);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_ALIAS_FREE], 0);
	g_array_unref(bill.health_checks);
	world_free(w);
	scenario_free(sc);
}

/* An alias to an S3 website endpoint is free to query; a health check on a non-AWS endpoint
 * (a backend placed by at=, not in a Region) with HTTPS and the 10 s interval costs
 * $0.75 + 2 x $2.00 a month. */
static void test_cost_alias_free_and_health(void **state)
{
	(void)state;
	static const char text[] = "duration 30d\n"
				   "zone site.example. servers=ns-1\n"
				   "  www IN A alias s3-website-us-west-1.amazonaws.com.\n"
				   "end\n"
				   "health web https 192.0.2.10 interval=10s\n"
				   "backend web address=192.0.2.10 at=US-WA\n"
				   "resolver isp profile=unbound at=US-WA\n";
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	resolve(w, "isp", "www.site.example.");
	struct world_route53_bill bill;
	world_route53_bill(w, &bill);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_ALIAS_FREE], 1);
	assert_int_equal(bill.queries[AUTH_R53_PRICE_STANDARD], 0);
	assert_int_equal(bill.health_checks->len, 1);
	assert_false(g_array_index(bill.health_checks, struct auth_r53_hc_bill, 0).aws_endpoint);
	assert_int_equal(g_array_index(bill.health_checks, struct auth_r53_hc_bill, 0).features, 2);
	g_array_unref(bill.health_checks);
	metrics *m = metrics_compute(sc, w);
	assert_float_equal(metrics_get(m, "cost.month.health_checks_usd")->value, 4.75, 1e-12);
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_rates_first_tier),
		cmocka_unit_test(test_query_rates_above_a_billion),
		cmocka_unit_test(test_price_classes),
		cmocka_unit_test(test_cost_empty_answers_standard),
		cmocka_unit_test(test_health_check_fees),
		cmocka_unit_test(test_zone_fees),
		cmocka_unit_test(test_private_zone_split_horizon),
		cmocka_unit_test(test_private_zone_most_specific_and_association),
		cmocka_unit_test(test_private_zone_validation),
		cmocka_unit_test(test_weight_change_on_timeline),
		cmocka_unit_test(test_change_propagation),
		cmocka_unit_test(test_record_action_validation),
		cmocka_unit_test(test_cost_metrics),
		cmocka_unit_test(test_cost_alias_free_and_health),
	};
	return cmocka_run_group_tests_name("route53 private zones, changes, cost", tests, NULL,
					   NULL);
}
