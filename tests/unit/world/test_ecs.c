/*
 * What the name servers see of a client behind a resolver (route53.md 7): a resolver that sends
 * EDNS client subnet is located at its clients' place, one without ECS at its own; and a
 * resolver outage sends clients to their fallback resolver.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sim/metrics.h"
#include "sim/scenario/parser.h"
#include "sim/world/world.h"
#include "tests/support/scenario_text.h"

/* Geolocation: Germany gets the EU address, the US the US one. Clients in Germany use a resolver
 * in Virginia: without ECS Route 53 sees Virginia (every request goes to the US backend); with
 * ECS it sees Germany (every request goes to the EU backend), while the US clients of the same
 * resolver still get the US answer: two views of one name in one resolver. */
static void run_geo(bool ecs, uint64_t *to_us, uint64_t *to_eu, uint64_t *total)
{
	g_autofree char *text = g_strdup_printf(
	    "duration 20m\n"
	    "zone example.com. servers=ns-a\n"
	    "  www 60 IN A 192.0.2.1 set=us country=US\n"
	    "  www 60 IN A 192.0.2.2 set=eu country=DE\n"
	    "  www 60 IN A 192.0.2.3 set=other country=*\n"
	    "end\n"
	    "backend us address=192.0.2.1\n"
	    "backend eu address=192.0.2.2\n"
	    "backend other address=192.0.2.3\n"
	    "resolver public at=US-VA profile=google-public-dns ecs=%s\n"
	    "clients berlin count=100 at=DE resolver=public rate=1/min name=www.example.com\n"
	    "clients boston count=100 at=US-MA resolver=public rate=1/min name=www.example.com\n",
	    ecs ? "yes" : "no");
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	world_run(w);
	*to_us = support_counter_total(w, "backend.us.requests");
	*to_eu = support_counter_total(w, "backend.eu.requests");
	*total = support_counter_total(w, "requests.ok");
	assert_int_equal(support_counter_total(w, "backend.other.requests"), 0);
	world_free(w);
	scenario_free(sc);
}

static void test_ecs_locates_the_client(void **state)
{
	(void)state;
	uint64_t us, eu, total;
	run_geo(false, &us, &eu, &total);
	assert_true(total > 3000); /* 200 clients x 1/min x 20 min, about 4000 */
	assert_int_equal(eu, 0);
	assert_int_equal(us, total);
	run_geo(true, &us, &eu, &total);
	assert_true(total > 3000);
	assert_true(eu > 0 && us > 0);
	assert_int_equal(us + eu, total);
	/* half the clients in each place, equal rates: each share 1/2 within 4 sigma */
	double share = (double)eu / (double)total;
	assert_true(share > 0.5 - 4 * 0.5 / 63.0 && share < 0.5 + 4 * 0.5 / 63.0);
}

/* A resolver down for the middle 10 minutes: clients with a fallback get their answers from it
 * (the stub's timeout spent first), so no request fails; the fallback resolver sees queries only
 * while the primary is down. */
static void test_resolver_outage_falls_back(void **state)
{
	(void)state;
	struct scenario *sc =
	    support_parse("duration 30m\n"
			  "zone example.com. servers=ns-a\n"
			  "  www 60 IN A 192.0.2.1\n"
			  "end\n"
			  "backend web address=192.0.2.1\n"
			  "resolver isp at=US-OH profile=unbound\n"
			  "resolver backup at=US-OH profile=unbound\n"
			  "clients home count=100 at=US-OH resolver=isp fallback=backup "
			  "rate=1/min name=www.example.com\n"
			  "at 10m..20m resolver isp down\n");
	world *w = world_new(sc);
	world_run(w);
	uint64_t ok = support_counter_total(w, "requests.ok");
	uint64_t timeouts = support_counter_total(w, "requests.failed.dns-timeout");
	uint64_t q_isp = 0, h_isp = 0, q_backup = 0, h_backup = 0;
	assert_true(world_resolver_stats(w, "isp", &q_isp, &h_isp));
	assert_true(world_resolver_stats(w, "backup", &q_backup, &h_backup));
	assert_true(ok > 2500); /* about 3000 requests */
	assert_int_equal(timeouts, 0);
	/* the backup answered the requests of the 10 down minutes, about a third */
	assert_true(q_backup > 600 && q_backup < 1400);
	assert_true(q_isp + q_backup >= ok);
	world_free(w);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecs_locates_the_client),
		cmocka_unit_test(test_resolver_outage_falls_back),
	};
	return cmocka_run_group_tests_name("ecs", tests, NULL, NULL);
}
