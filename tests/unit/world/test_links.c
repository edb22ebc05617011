/*
 * Links on the timeline (`at T1..T2 link A B loss= latency=`): the change reaches the clients'
 * paths to their resolvers while it lasts, and the range restores the link as it was.
 *
 * The population asks once a second (60 clients, one request each per minute, evenly spread)
 * through the OS stub (glibc: 2 sends, 5 s apart, then a timeout 5 s later: resolvers.md 3.1).
 * With the link from Germany to the resolver in the US losing every packet from 10m to 20m, a
 * request fails exactly when both of its sends fall in the window: started in [10m, 20m - 5 s),
 * 595 requests; every other request succeeds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/scenario/parser.h"
#include "sim/world/world.h"
#include "tests/support/scenario_text.h"

/* Clients in Germany behind a resolver in the US; the scenario's length and link action vary. */
static struct scenario *parse_with(const char *duration, const char *action)
{
	g_autofree char *text =
	    g_strdup_printf("duration %s\n"
			    "seed 5\n"
			    "report bucket=1m\n"
			    "network jitter=0\n"
			    "zone example.com. servers=ns-1\n"
			    "  www 300 IN A 192.0.2.10\n"
			    "end\n"
			    "backend web address=192.0.2.10\n"
			    "resolver far at=US profile=unbound\n"
			    "clients eu count=60 at=DE resolver=far interval=1m "
			    "name=www.example.com\n"
			    "%s\n",
			    duration, action);
	return support_parse(text);
}

static uint64_t bucket(const struct world_counter *c, guint i)
{
	return c != NULL && i < c->buckets->len ? g_array_index(c->buckets, uint64_t, i) : 0;
}

static void test_link_loss_window(void **state)
{
	(void)state;
	struct scenario *sc = parse_with("30m", "at 10m..20m link DE US loss=1");
	world *w = world_new(sc);
	world_run(w);
	uint64_t timeouts = support_counter_total(w, "requests.failed.dns-timeout");
	uint64_t ok = support_counter_total(w, "requests.ok");
	/* 595 requests, give or take the one at each edge (the arrivals' phase) */
	assert_in_range(timeouts, 594, 596);
	assert_in_range(ok + timeouts, 1799, 1801);
	/* failures end 10 s after their start: minutes 10 to 20 only */
	const struct world_counter *failed = support_counter(w, "requests.failed.dns-timeout");
	for (guint i = 0; i < 30; i++) {
		if (i < 10 || i > 20) {
			assert_int_equal(bucket(failed, i), 0);
		}
	}
	/* once restored, every request succeeds: the last minutes are all ok */
	const struct world_counter *good = support_counter(w, "requests.ok");
	assert_in_range(bucket(good, 25), 59, 61);
	world_free(w);
	scenario_free(sc);
}

/* A link's latency reaches the clients' round trip too: at 3 s each way, a query's answer comes
 * 6 s after it left, after the stub's 5 s timeout, so the stub sends it again (resolvers.md 3.1)
 * and the resolver receives two queries for each request made in the window, 180 of them; the
 * first answer still ends the lookup, so every request succeeds. */
static void test_link_latency_window(void **state)
{
	(void)state;
	struct scenario *sc = parse_with("10m", "at 2m..5m link DE US latency=3s");
	world *w = world_new(sc);
	world_run(w);
	/* every request succeeds */
	assert_int_equal(support_counter_total(w, "requests.failed.dns-timeout"), 0);
	uint64_t ok = support_counter_total(w, "requests.ok");
	assert_in_range(ok, 599, 601);
	/* the resolver gets one query per request, and a second one for each request whose first
	 * send left in the window (its answer comes 6 s later, after the stub's 5 s timeout):
	 * 180 requests of [2m, 5m) */
	uint64_t queries = support_counter_total(w, "resolver.far.queries");
	assert_in_range(queries - ok, 179, 181);
	world_free(w);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_loss_window),
		cmocka_unit_test(test_link_latency_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
