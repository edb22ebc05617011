/*
 * Client populations end to end, and validation V1 of shared/reference/validation.md: one
 * resolver, Poisson arrivals at rate lambda for one name of TTL T, no client cache, zero network
 * delay. The resolver's hit ratio must be lambda*T / (1 + lambda*T) (the renewal result of Jung,
 * Berger and Balakrishnan 2003) within 0.5% absolute, over the grid lambda in {1, 0.01, 1/600}
 * per second x T in {1, 10, 60, 300, 900, 3600} s.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim/metrics.h"
#include "sim/scenario/parser.h"
#include "sim/world/world.h"
#include "tests/support/v1.h"
#include "tests/support/scenario_text.h"

/* Three cells of the grid here (one per lambda, the one with the largest variance among them
 * included); `make validation` runs all 18 with 10^6 queries each. 10^5 queries per cell keep
 * the standard error of the estimate under 0.2%. */
static void test_v1_renewal_hit_ratio(void **state)
{
	(void)state;
	static const struct {
		double lambda;
		unsigned ttl;
	} cells[] = { { 1.0, 1 }, { 0.01, 60 }, { 1.0 / 600.0, 3600 } };
	for (size_t i = 0; i < G_N_ELEMENTS(cells); i++) {
		uint64_t queries = 0;
		double h = v1_hit_ratio(cells[i].lambda, cells[i].ttl, 1e5, 11, &queries);
		double lt = cells[i].lambda * cells[i].ttl;
		double want = lt / (1.0 + lt);
		printf("V1 lambda=%.5f/s T=%4us: H=%.4f, formula %.4f (%" PRIu64 " queries)\n",
		       cells[i].lambda, cells[i].ttl, h, want, queries);
		assert_true(queries > 90000 && queries < 110000);
		assert_true(fabs(h - want) <= 0.005);
	}
}

/* A backend outage seen by clients: requests to the dead backend fail to connect, the others
 * succeed; every request is counted once. */
static void test_outage_counts(void **state)
{
	(void)state;
	struct scenario *sc =
	    support_parse("duration 30m\n"
			  "zone example.com. servers=ns-a\n"
			  "  www 60 IN A 192.0.2.10\n"
			  "end\n"
			  "backend web address=192.0.2.10\n"
			  "resolver isp at=US-OH profile=unbound\n"
			  "clients home count=100 at=US-OH resolver=isp rate=1/min "
			  "name=www.example.com\n"
			  "at 10m..20m backend web down\n");
	world *w = world_new(sc);
	world_run(w);
	metrics *m = metrics_compute(sc, w);
	double ok = metrics_get(m, "requests.ok")->value;
	double connect = metrics_get(m, "requests.failed.connect")->value;
	double total = metrics_get(m, "requests.total")->value;
	assert_true(total > 0);
	assert_true(ok + connect == total);
	/* the backend is down a third of the run: with 100 clients x 1/min over 30 min (about
	 * 3000 requests, Poisson) the failed share is 1/3 within 4 standard deviations */
	double share = connect / total;
	double sd = sqrt((1.0 / 3.0) * (2.0 / 3.0) / total);
	assert_true(fabs(share - 1.0 / 3.0) < 4 * sd);
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
}

/* Two addresses, the first one's backend dead the whole run: a program that goes on to the next
 * address (curl, resolvers.md 3.15) is served after the connect timeout; a naive glibc
 * connect loop (the OS layer alone) fails every request. */
static void run_two_addresses(const char *app, double *ok, double *connect, double *total,
			      double *on_b)
{
	g_autofree char *text =
	    g_strdup_printf("duration 10m\n"
			    "zone example.com. servers=ns-a\n"
			    "  www 60 IN A 192.0.2.10\n"
			    "  www 60 IN A 192.0.2.11\n"
			    "end\n"
			    "backend a address=192.0.2.10 state=down\n"
			    "backend b address=192.0.2.11\n"
			    "resolver isp at=US-OH profile=unbound\n"
			    "clients home count=50 at=US-OH resolver=isp rate=1/min "
			    "name=www.example.com connect-timeout=3s%s%s\n",
			    app != NULL ? " app=" : "", app != NULL ? app : "");
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	world_run(w);
	metrics *m = metrics_compute(sc, w);
	*ok = metrics_get(m, "requests.ok")->value;
	*connect = metrics_get(m, "requests.failed.connect")->value;
	*total = metrics_get(m, "requests.total")->value;
	*on_b = (double)support_counter_total(w, "backend.b.requests");
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
}

static void test_connect_next_address(void **state)
{
	(void)state;
	double ok, connect, total, on_b;
	run_two_addresses("curl", &ok, &connect, &total, &on_b);
	assert_true(total > 300); /* 50 clients x 1/min x 10 min, about 500 */
	assert_true(connect == 0);
	assert_true(ok == total && on_b == total);
	run_two_addresses(NULL, &ok, &connect, &total, &on_b);
	assert_true(total > 300);
	assert_true(ok == 0 && connect == total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1_renewal_hit_ratio),
		cmocka_unit_test(test_outage_counts),
		cmocka_unit_test(test_connect_next_address),
	};
	return cmocka_run_group_tests_name("clients", tests, NULL, NULL);
}
