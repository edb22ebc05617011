/*
 * The DNS traffic columns of timeseries.csv (docs/design/plots.md): server.NAME.queries per
 * bucket counts the queries that reach a name server (none while it is down), and
 * resolver.NAME.queries / resolver.NAME.hits per bucket add up to the resolver's own
 * statistics (the summary's resolver.NAME.queries and hit-ratio).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sim/scenario/parser.h"
#include "sim/util.h"
#include "sim/world/world.h"
#include "sim/metrics.h"
#include "tests/support/scenario_text.h"

static uint64_t bucket(const struct world_counter *c, guint i)
{
	return i < c->buckets->len ? g_array_index(c->buckets, uint64_t, i) : 0;
}

static uint64_t bucket_sum(const struct world_counter *c)
{
	uint64_t sum = 0;
	for (guint i = 0; i < c->buckets->len; i++) {
		sum += bucket(c, i);
	}
	return sum;
}

/* Queries the network carried to a server (sent, whether or not it answered). */
static uint64_t sent_to(const world *w, const char *server)
{
	auth_hierarchy *h = world_hierarchy(w);
	const GArray *sent = dnsnet_server_queries(world_dnsnet(w));
	for (guint i = 0; i < auth_hierarchy_server_count(h); i++) {
		if (auth_hierarchy_server(h, i) == auth_hierarchy_server_by_name(h, server)) {
			return g_array_index(sent, uint64_t, i);
		}
	}
	fail_msg("no server %s", server);
	return 0;
}

/* A short TTL and two name servers, one of them down from 10m to 20m (buckets 10..19 of 1m). */
static const char *const scenario_text =
    "duration 30m\n"
    "seed 3\n"
    "report bucket=1m\n"
    "zone example.com. servers=ns-a,ns-b\n"
    "  www 5 IN A 192.0.2.10\n"
    "end\n"
    "backend web address=192.0.2.10\n"
    "resolver isp profile=unbound\n"
    "clients home count=50 resolver=isp at=US-OH rate=6/min name=www.example.com\n"
    "at 10m..20m server ns-b down\n";

static void test_server_queries(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(scenario_text);
	world *w = world_new(sc);
	world_run(w);
	const struct world_counter *a = support_counter(w, "server.ns-a.queries");
	const struct world_counter *b = support_counter(w, "server.ns-b.queries");
	assert_non_null(a);
	assert_non_null(b);
	/* ns-a is never down and nothing is lost: every query sent to it reached it */
	assert_true(bucket_sum(a) > 0);
	assert_int_equal(bucket_sum(a), sent_to(w, "ns-a"));
	/* ns-b: nothing reaches it while it is down, though resolvers still try it */
	for (guint i = 10; i < 20; i++) {
		assert_int_equal(bucket(b, i), 0);
	}
	/* before it, both servers share the queries (after it, Unbound keeps avoiding the server
	 * that timed out until its infra-cache entry expires: not checked here) */
	uint64_t before = 0;
	for (guint i = 0; i < 10; i++) {
		before += bucket(b, i);
	}
	assert_true(before > 0);
	assert_true(bucket_sum(b) < sent_to(w, "ns-b"));
	/* implied root and TLD servers have no column */
	assert_null(support_counter(w, "server.a.root-servers.net.queries"));
	world_free(w);
	scenario_free(sc);
}

static void test_resolver_queries_and_hits(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(scenario_text);
	world *w = world_new(sc);
	world_run(w);
	const struct world_counter *q = support_counter(w, "resolver.isp.queries");
	const struct world_counter *hits = support_counter(w, "resolver.isp.hits");
	assert_non_null(q);
	assert_non_null(hits);
	uint64_t queries = 0;
	uint64_t cache_answers = 0;
	assert_true(world_resolver_stats(w, "isp", &queries, &cache_answers));
	assert_true(queries > 1000);
	assert_int_equal(bucket_sum(q), queries);
	assert_int_equal(bucket_sum(hits), cache_answers);
	/* each bucket: hits never exceed queries; with a 5 s TTL and 5 queries a second about
	 * one query in 25 or so misses, so every full bucket has both hits and misses */
	for (guint i = 0; i < 30; i++) {
		assert_true(bucket(hits, i) <= bucket(q, i));
		assert_true(bucket(hits, i) > 0 && bucket(hits, i) < bucket(q, i));
	}
	world_free(w);
	scenario_free(sc);
}

/* Without clients there is no traffic and no traffic column. */
static void test_no_clients_no_columns(void **state)
{
	(void)state;
	struct scenario *sc = support_parse("duration 10m\n"
					    "zone example.com. servers=ns-a\n"
					    "  www 5 IN A 192.0.2.10\n"
					    "end\n"
					    "resolver isp profile=unbound\n");
	world *w = world_new(sc);
	world_run(w);
	assert_null(support_counter(w, "server.ns-a.queries"));
	assert_null(support_counter(w, "resolver.isp.queries"));
	world_free(w);
	scenario_free(sc);
}

/* A server declared down (state=down) answers nothing from the start: its zone's only server
 * is down, so no request gets an address and none reaches the server. */
static void test_server_state_down_from_start(void **state)
{
	(void)state;
	struct scenario *sc =
	    support_parse("duration 10m\n"
			  "zone example.com. servers=ns-a\n"
			  "  www 60 IN A 192.0.2.10\n"
			  "end\n"
			  "server ns-a state=down\n"
			  "backend web address=192.0.2.10\n"
			  "resolver isp at=US-OH profile=unbound\n"
			  "clients home count=10 at=US-OH resolver=isp rate=1/min "
			  "name=www.example.com\n");
	world *w = world_new(sc);
	world_run(w);
	const struct world_counter *ok = support_counter(w, "requests.ok");
	const struct world_counter *q = support_counter(w, "server.ns-a.queries");
	assert_non_null(ok);
	assert_non_null(q);
	assert_int_equal(ok->total, 0);
	assert_int_equal(q->total, 0);
	world_free(w);
	scenario_free(sc);
}

/* Checks are load (route53.md 5.3): 16 checkers (the default regions' checkers) each send a
 * request every 30 s, the first at a random phase within the first interval; over an hour of
 * an always-up backend each sends 3600 / 30 = 120 requests, 119 if its phase plus the round
 * trips push the 120th past the end: between 16 x 119 and 16 x 120 in all. */
static void test_health_requests_per_backend(void **state)
{
	(void)state;
	struct scenario *sc =
	    support_parse("duration 1h\n"
			  "zone example.com. servers=ns-a\n"
			  "  www 60 IN A 192.0.2.10 set=a failover=primary health=hc\n"
			  "  www 60 IN A 192.0.2.20 set=b failover=secondary\n"
			  "end\n"
			  "health hc http web interval=30s failure-threshold=3\n"
			  "backend web address=192.0.2.10\n"
			  "backend spare address=192.0.2.20\n");
	world *w = world_new(sc);
	world_run(w);
	metrics *m = metrics_compute(sc, w);
	const struct metrics_value *n = metrics_get(m, "backend.web.health-requests");
	assert_non_null(n);
	assert_true(n->value >= 16 * 119 && n->value <= 16 * 120);
	assert_null(metrics_get(m, "backend.spare.health-requests")); /* nothing checks it */
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
}

/* An overloaded backend (capacity=, users' connections per second): 3,000 clients asking once a
 * minute offer 50 connections a second, Poisson; the backend accepts 20 in each second of
 * virtual time and drops the rest (a full accept queue). Over 300 s it serves 20 x 300 = 6,000,
 * and 40 a second during the minute the timeline doubles the capacity: 20 x 240 + 40 x 60 =
 * 7,200. A second with fewer arrivals than the capacity would lower the count; at a mean of 50
 * that is a Poisson tail below 1e-6 a second, so the counts are exact up to a few. */
static void run_capacity(const char *timeline, uint64_t *ok)
{
	g_autofree char *text =
	    g_strdup_printf("duration 5m\n"
			    "zone example.com. servers=ns-a\n"
			    "  www 60 IN A 192.0.2.1\n"
			    "end\n"
			    "backend web address=192.0.2.1 capacity=20/s\n"
			    "resolver isp at=US-OH profile=unbound\n"
			    "clients home count=3000 at=US-OH resolver=isp rate=1/min "
			    "name=www.example.com connect-timeout=3s\n%s",
			    timeline);
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	world_run(w);
	*ok = support_counter_total(w, "requests.ok");
	world_free(w);
	scenario_free(sc);
}

static void test_backend_capacity(void **state)
{
	(void)state;
	uint64_t ok = 0;
	run_capacity("", &ok);
	assert_true(ok >= 5990 && ok <= 6000);
	run_capacity("at 2m..3m backend web capacity=40/s\n", &ok);
	assert_true(ok >= 7190 && ok <= 7200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_queries),
		cmocka_unit_test(test_resolver_queries_and_hits),
		cmocka_unit_test(test_no_clients_no_columns),
		cmocka_unit_test(test_server_state_down_from_start),
		cmocka_unit_test(test_health_requests_per_backend),
		cmocka_unit_test(test_backend_capacity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
