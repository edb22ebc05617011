/*
 * Client populations (sim/world/clients.h) seen request by request: the round trip between a
 * population and its resolver, the diurnal query process and the replay of a trace file.
 *
 * The world is built from the scenario without its clients statement, and the populations are
 * built here over the world's engine, network and resolvers, with callbacks that record every
 * request (its start and its end); every connect succeeds at once, so a request lasts exactly
 * its DNS lookup. Expected values come from the formulas of sim/net.h and docs/
 * scenario-language.md, with the constants written there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sim/geo.h"
#include "sim/net.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"
#include "sim/world/clients.h"
#include "sim/world/world.h"

struct request {
	uint64_t client;
	int64_t started_ns;
	int64_t ended_ns;
	enum clients_outcome outcome;
};

struct run {
	struct scenario *world_sc;
	struct scenario *sc;
	world *w;
	net *geo;
	clients *c;
	GArray *requests; /* struct request, in the order they ended */
};

static struct scenario *parse(const char *text, const char *dir)
{
	scenario_diags *diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, "t.dnssim", dir, NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
	}
	scenario_diags_free(diags);
	assert_non_null(sc);
	return sc;
}

static gboolean resolver_index(void *ctx, const char *name, guint *index)
{
	struct run *r = ctx;
	return world_resolver(r->w, name, index) != NULL;
}

static int connect_ok(void *ctx, const ldns_rdf *address, int64_t now_ns, bool *serving)
{
	*serving = true;
	return 0;
}

static void record(void *ctx, guint population, uint64_t client, const struct clients_request *req,
		   int64_t now_ns)
{
	struct run *r = ctx;
	struct request q = { client, req->started_ns, now_ns, req->outcome };
	g_array_append_val(r->requests, q);
}

/* Build world_text as a world, then the populations of world_text + clients_text over it, and
 * run to until_ns. dir is where trace files are found. */
static void run_start(struct run *r, const char *world_text, const char *clients_text,
		      const char *dir, int64_t until_ns)
{
	memset(r, 0, sizeof(*r));
	g_autofree char *text = g_strconcat(world_text, clients_text, NULL);
	r->world_sc = parse(world_text, dir);
	r->sc = parse(text, dir);
	r->w = world_new(r->world_sc);
	r->geo = net_new_from_scenario(r->sc, NULL);
	assert_non_null(r->geo);
	r->requests = g_array_new(FALSE, FALSE, sizeof(struct request));
	r->c = clients_new(r->sc, world_engine(r->w), world_dnsnet(r->w), world_names(r->w), r->geo,
			   resolver_index, connect_ok, record, r);
	world_run_until(r->w, until_ns);
}

static void run_end(struct run *r)
{
	clients_free(r->c);
	world_free(r->w);
	net_free(r->geo);
	scenario_free(r->sc);
	scenario_free(r->world_sc);
	g_array_free(r->requests, TRUE);
}

static const struct request *req_at(const struct run *r, guint i)
{
	return &g_array_index(r->requests, struct request, i);
}

/* Great-circle distance by the haversine formula, on the sphere of geo.h's radius. */
static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
	double rad = G_PI / 180.0;
	double dlat = (lat2 - lat1) * rad;
	double dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2.0 * GEO_EARTH_RADIUS_KM * asin(sqrt(a));
}

/* A world with one resolver (at resolver_at) and a name whose answer stays cached all run. */
static char *world_text(const char *network, const char *resolver_at)
{
	return g_strdup_printf("duration 1h\n"
			       "%s\n"
			       "zone example.com. servers=ns-a\n"
			       "  www 86400 IN A 192.0.2.10\n"
			       "  api 86400 IN AAAA 2001:db8::10\n"
			       "end\n"
			       "backend web address=192.0.2.10\n"
			       "resolver isp at=%s profile=unbound\n",
			       network, resolver_at);
}

/*
 * One client asking every second from client_at: after the first lookup (the resolver walks
 * from the root), the resolver answers from its cache, so every later request lasts one round
 * trip between the client and the resolver, and nothing else.
 */
static void durations(const char *network, const char *client_at, const char *resolver_at,
		      int64_t *first, int64_t *min, int64_t *max, guint *n)
{
	g_autofree char *wt = world_text(network, resolver_at);
	g_autofree char *ct = g_strdup_printf("clients c count=1 at=%s resolver=isp interval=1s "
					      "name=www.example.com os=glibc-stub\n",
					      client_at);
	struct run r;
	run_start(&r, wt, ct, ".", 30 * SIM_NS_PER_S);
	assert_true(r.requests->len >= 25);
	*first = req_at(&r, 0)->ended_ns - req_at(&r, 0)->started_ns;
	*min = INT64_MAX;
	*max = 0;
	for (guint i = 1; i < r.requests->len; i++) {
		const struct request *q = req_at(&r, i);
		assert_int_equal(q->outcome, CLIENTS_OK);
		int64_t d = q->ended_ns - q->started_ns;
		*min = MIN(*min, d);
		*max = MAX(*max, d);
	}
	*n = r.requests->len;
	run_end(&r);
}

/* The model's one-way delay (sim/net.h): base + km x stretch / (2/3 c), in ns. */
static double one_way_ns(double base_ms, double stretch, double km)
{
	return base_ms * 1e6 + km * stretch / (299792.458 * 2.0 / 3.0) * 1e9;
}

/* Sydney to N. Virginia: every cached lookup lasts 2 x (base + distance x stretch / (2/3 c)). */
static void test_far_resolver_costs_the_round_trip(void **state)
{
	(void)state;
	struct geo_place syd, iad;
	assert_true(geo_place_resolve("ap-southeast-2", &syd));
	assert_true(geo_place_resolve("us-east-1", &iad));
	double km = haversine_km(syd.lat, syd.lon, iad.lat, iad.lon);
	assert_true(km > 15000 && km < 16500); /* Sydney - Virginia, about 15,700 km */
	double want = 2.0 * one_way_ns(2, 1.5, km);
	int64_t first, min, max;
	guint n;
	durations("network base=2ms stretch=1.5 jitter=0", "ap-southeast-2", "us-east-1", &first,
		  &min, &max, &n);
	printf("far: %u requests, round trip %" PRId64 " ns (formula %.1f), first %" PRId64 " ns\n",
	       n, min, want, first);
	/* each one-way delay is rounded to the ns */
	assert_true(fabs((double)min - want) <= 1.0);
	assert_int_equal(min, max);
	assert_true(first > min); /* the first lookup also walks the hierarchy */
}

/* Clients at their resolver's place: the base cost each way; an anycast resolver is "near"
 * wherever the clients are: the same. */
static void test_near_resolver_costs_the_base(void **state)
{
	(void)state;
	int64_t first, min, max;
	guint n;
	durations("network base=3ms stretch=1.5 jitter=0", "us-east-1", "us-east-1", &first, &min,
		  &max, &n);
	assert_int_equal(min, 2 * 3 * SIM_NS_PER_MS);
	assert_int_equal(max, 2 * 3 * SIM_NS_PER_MS);
	durations("network base=3ms stretch=1.5 jitter=0", "ap-southeast-2", "anycast", &first,
		  &min, &max, &n);
	assert_int_equal(min, 2 * 3 * SIM_NS_PER_MS);
	assert_int_equal(max, 2 * 3 * SIM_NS_PER_MS);
}

/* A link statement's latency replaces the formula between the two places. */
static void test_link_latency(void **state)
{
	(void)state;
	int64_t first, min, max;
	guint n;
	durations("network jitter=0\nlink ap-southeast-2 us-east-1 latency=95ms", "ap-southeast-2",
		  "us-east-1", &first, &min, &max, &n);
	assert_int_equal(min, 2 * 95 * SIM_NS_PER_MS);
	assert_int_equal(max, 2 * 95 * SIM_NS_PER_MS);
}

/* With jitter j each way lies in [d, d (1 + j)]: the round trip in [2d, 2d (1 + j)], and it
 * varies from request to request. */
static void test_jitter_bounds(void **state)
{
	(void)state;
	struct geo_place syd, iad;
	assert_true(geo_place_resolve("ap-southeast-2", &syd));
	assert_true(geo_place_resolve("us-east-1", &iad));
	double d = one_way_ns(1, 1.5, haversine_km(syd.lat, syd.lon, iad.lat, iad.lon));
	int64_t first, min, max;
	guint n;
	durations("network base=1ms stretch=1.5 jitter=0.2", "ap-southeast-2", "us-east-1", &first,
		  &min, &max, &n);
	assert_true((double)min >= 2 * d - 2);
	assert_true((double)max <= 2 * d * 1.2 + 2);
	assert_true(max > min);
}

/*
 * process=diurnal over a day: rate(t) = mean (1 + A cos(2 pi (h - 20) / 24)), A = 0.5, h the
 * local solar hour = UTC hour + longitude / 15 (docs/scenario-language.md). The requests
 * starting in UTC hour k are Poisson with mean N x mean x the integral of the curve over the
 * hour:
 *
 *   3600 N mean (1 + A (24 / 2 pi) (sin(2 pi (k + 1 + L - 20) / 24) - sin(2 pi (k + L - 20) /
 *   24))),  L = longitude / 15,
 *
 * and the day's total has mean N x mean x 24 h (the cosine integrates to 0 over a day).
 */
static void test_diurnal_hours(void **state)
{
	(void)state;
	const double lon = -74.0; /* New York: local time 4.93 h behind UTC */
	const uint64_t count = 100;
	const double mean_per_s = 1.0 / 60.0;
	g_autofree char *wt = world_text("network jitter=0", "US-NY");
	g_autofree char *ct = g_strdup_printf("clients c count=%" PRIu64 " at=40.7,%.1f "
					      "resolver=isp rate=1/min process=diurnal "
					      "name=www.example.com os=glibc-stub\n",
					      count, lon);
	g_autofree char *wt_day = g_strconcat("duration 25h\n", wt + strlen("duration 1h\n"), NULL);
	struct run r;
	run_start(&r, wt_day, ct, ".", 24 * SIM_NS_PER_H + 10 * SIM_NS_PER_S);
	double per_hour[24] = { 0 };
	double total = 0;
	for (guint i = 0; i < r.requests->len; i++) {
		int64_t t = req_at(&r, i)->started_ns;
		if (t < 24 * SIM_NS_PER_H) {
			per_hour[t / SIM_NS_PER_H]++;
			total++;
		}
	}
	const double a = 0.5;
	const double peak_h = 20.0;
	const double l = lon / 15.0;
	double lowest = INFINITY, highest = 0;
	for (int k = 0; k < 24; k++) {
		double integral = 1.0 + a * (24.0 / (2.0 * G_PI)) *
					    (sin(2.0 * G_PI * (k + 1 + l - peak_h) / 24.0) -
					     sin(2.0 * G_PI * (k + l - peak_h) / 24.0));
		double want = 3600.0 * (double)count * mean_per_s * integral;
		lowest = MIN(lowest, want);
		highest = MAX(highest, want);
		if (fabs(per_hour[k] - want) > 4.0 * sqrt(want)) {
			fail_msg("UTC hour %d: %.0f requests, expected %.1f +- %.1f", k,
				 per_hour[k], want, 4.0 * sqrt(want));
		}
	}
	/* the curve is there to be seen: three times as many requests at the peak as at night */
	assert_true(highest / lowest > 2.5);
	double want_total = (double)count * mean_per_s * 86400.0;
	printf("diurnal: %.0f requests in the day, expected %.0f +- %.0f\n", total, want_total,
	       4.0 * sqrt(want_total));
	assert_true(fabs(total - want_total) <= 4.0 * sqrt(want_total));
	run_end(&r);
}

/* A trace replayed: one request per line, by that line's client, at that line's time, for
 * that name and type (a type the name has not ends NODATA, counted as nxdomain). */
static void test_trace_replay(void **state)
{
	(void)state;
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("dnssim-replay-XXXXXX", &err);
	assert_non_null(dir);
	g_autofree char *path = g_build_filename(dir, "q.trace", NULL);
	assert_true(g_file_set_contents(path,
					"# time client name type\n"
					"0.5 2 www.example.com A\n"
					"1.25 0 api.example.com AAAA\n"
					"1.25 1 www.example.com AAAA   # no such data\n"
					"2m 2 api.example.com aaaa\n"
					"30m0.000000001s 0 www.example.com A\n",
					-1, NULL));
	static const struct {
		int64_t at_ns;
		uint64_t client;
		enum clients_outcome outcome;
	} want[] = {
		{ 500 * SIM_NS_PER_MS, 2, CLIENTS_OK },
		{ 1250 * SIM_NS_PER_MS, 0, CLIENTS_OK },
		{ 1250 * SIM_NS_PER_MS, 1, CLIENTS_FAIL_DNS_NXDOMAIN },
		{ 2 * SIM_NS_PER_MIN, 2, CLIENTS_OK },
		{ 30 * SIM_NS_PER_MIN + 1, 0, CLIENTS_OK },
	};
	g_autofree char *wt = world_text("network jitter=0", "US-OH");
	struct run r;
	run_start(&r, wt, "clients c count=3 at=US-OH resolver=isp trace=q.trace os=glibc-stub\n",
		  dir, SIM_NS_PER_H);
	g_unlink(path);
	g_rmdir(dir);
	assert_int_equal(r.requests->len, G_N_ELEMENTS(want));
	assert_int_equal(clients_requests(r.c, 0), G_N_ELEMENTS(want));
	/* results come back in their own order: match each line by its start and client */
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		guint matches = 0;
		for (guint k = 0; k < r.requests->len; k++) {
			const struct request *q = req_at(&r, k);
			if (q->started_ns == want[i].at_ns && q->client == want[i].client) {
				assert_int_equal(q->outcome, want[i].outcome);
				matches++;
			}
		}
		if (matches != 1) {
			fail_msg("line %zu (t=%" PRId64 " ns, client %" PRIu64 "): %u requests", i,
				 want[i].at_ns, want[i].client, matches);
		}
	}
	run_end(&r);
}

/*
 * A resolver that never answers in time (its only name server down): the stub's own timer ends
 * the lookup, also when the query spends a round trip on the way. glibc-stub with one resolver
 * (resolvers.md 7.1): 2 attempts of 5 s, so a TIMEOUT 10 s after the start, both sends having
 * reached the resolver.
 */
static void test_stub_timer_with_latency(void **state)
{
	(void)state;
	g_autofree char *wt = world_text("network jitter=0.1", "us-east-1");
	g_autofree char *down = g_strconcat(wt, "at 0s server ns-a down\n", NULL);
	struct run r;
	run_start(&r, down,
		  "clients c count=1 at=ap-southeast-2 resolver=isp interval=30s "
		  "name=www.example.com os=glibc-stub\n",
		  ".", 5 * SIM_NS_PER_MIN);
	assert_int_equal(r.requests->len, 9); /* at 30 s, 1m, ..., 4m30s */
	for (guint i = 0; i < r.requests->len; i++) {
		const struct request *q = req_at(&r, i);
		assert_int_equal(q->outcome, CLIENTS_FAIL_DNS_TIMEOUT);
		assert_int_equal(q->ended_ns - q->started_ns, 10 * SIM_NS_PER_S);
	}
	uint64_t queries = 0, hits = 0;
	assert_true(world_resolver_stats(r.w, "isp", &queries, &hits));
	assert_int_equal(queries, 2 * r.requests->len);
	run_end(&r);
}

/* Same seed, same requests: jitter is drawn from each population's own stream. */
static void test_same_seed_same_requests(void **state)
{
	(void)state;
	g_autofree char *wt = world_text("network jitter=0.3", "us-east-1");
	const char *ct = "clients a count=50 at=ap-southeast-2 resolver=isp rate=1/s "
			 "name=www.example.com\n"
			 "clients b count=50 at=DE resolver=isp rate=2/s process=diurnal "
			 "name=www.example.com\n";
	struct run r1, r2;
	run_start(&r1, wt, ct, ".", 2 * SIM_NS_PER_MIN);
	run_start(&r2, wt, ct, ".", 2 * SIM_NS_PER_MIN);
	assert_true(r1.requests->len > 1000);
	assert_int_equal(r1.requests->len, r2.requests->len);
	for (guint i = 0; i < r1.requests->len; i++) {
		const struct request *a = req_at(&r1, i);
		const struct request *b = req_at(&r2, i);
		assert_int_equal(a->client, b->client);
		assert_int_equal(a->started_ns, b->started_ns);
		assert_int_equal(a->ended_ns, b->ended_ns);
		assert_int_equal(a->outcome, b->outcome);
	}
	run_end(&r1);
	run_end(&r2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_far_resolver_costs_the_round_trip),
		cmocka_unit_test(test_near_resolver_costs_the_base),
		cmocka_unit_test(test_link_latency),
		cmocka_unit_test(test_jitter_bounds),
		cmocka_unit_test(test_diurnal_hours),
		cmocka_unit_test(test_trace_replay),
		cmocka_unit_test(test_stub_timer_with_latency),
		cmocka_unit_test(test_same_seed_same_requests),
	};
	return cmocka_run_group_tests_name("client processes", tests, NULL, NULL);
}
