/*
 * Unit tests for sim/geo and sim/net: every place form the scenario language accepts resolves
 * (and exactly those the validator accepts), every listed country, state and Region has a
 * point, great-circle distances against published figures and an independent formula,
 * Route 53's continent table, nearest Regions, and the latency model's formula, link
 * overrides, jitter and loss.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim/geo.h"
#include "sim/net.h"
#include "sim/rng.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"

#define Z_TOL 5.0 /* standard errors allowed on statistical checks */

static void check_near(const char *what, double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s: got %.10g, want %.10g +- %.3g\n", what, got, want, tol);
		fail();
	}
}

static struct geo_place place(const char *text)
{
	struct geo_place p;
	if (!geo_place_resolve(text, &p)) {
		print_error("'%s' did not resolve\n", text);
		fail();
	}
	return p;
}

/* Spherical law of cosines: a different formula for the same great-circle distance. */
static double cosine_law_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = M_PI / 180.0;
	double c =
	    sin(lat1 * r) * sin(lat2 * r) + cos(lat1 * r) * cos(lat2 * r) * cos((lon2 - lon1) * r);
	return GEO_EARTH_RADIUS_KM * acos(fmax(-1.0, fmin(1.0, c)));
}

static void test_resolve_forms(void **state)
{
	(void)state;
	struct geo_place p = place("US");
	assert_int_equal(p.kind, GEO_PLACE_COUNTRY);
	assert_string_equal(p.country, "US");
	assert_string_equal(p.continent, "NA");
	assert_string_equal(p.subdivision, "");
	assert_string_equal(p.name, "US");
	check_near("US lat (Washington, DC)", p.lat, 38.9, 1.0);
	check_near("US lon", p.lon, -77.0, 1.0);
	assert_string_equal(p.region, "us-east-1");

	p = place("US-WA");
	assert_int_equal(p.kind, GEO_PLACE_SUBDIVISION);
	assert_string_equal(p.country, "US");
	assert_string_equal(p.subdivision, "WA");
	assert_string_equal(p.continent, "NA");
	assert_string_equal(p.name, "US-WA");
	check_near("WA lat (Olympia)", p.lat, 47.0, 1.0);
	check_near("WA lon", p.lon, -122.9, 1.0);

	p = place("us-east-1");
	assert_int_equal(p.kind, GEO_PLACE_REGION);
	assert_string_equal(p.region, "us-east-1");
	assert_string_equal(p.country, "US");
	assert_string_equal(p.subdivision, "VA");
	assert_string_equal(p.continent, "NA");
	check_near("us-east-1 lat (Ashburn)", p.lat, 39.04, 0.5);
	check_near("us-east-1 lon", p.lon, -77.49, 0.5);

	p = place("eu-central-1");
	assert_string_equal(p.country, "DE");
	assert_string_equal(p.continent, "EU");
	check_near("eu-central-1 lat (Frankfurt)", p.lat, 50.11, 0.5);
	check_near("eu-central-1 lon", p.lon, 8.68, 0.5);

	p = place("47.61,-122.33");
	assert_int_equal(p.kind, GEO_PLACE_COORDS);
	assert_string_equal(p.name, "47.61,-122.33");
	assert_string_equal(p.country, "");
	assert_string_equal(p.continent, "");
	check_near("lat", p.lat, 47.61, 1e-9);
	check_near("lon", p.lon, -122.33, 1e-9);
	assert_string_equal(p.region, "us-west-2"); /* Seattle: Boardman ~280 km, San Jose ~1100 */

	/* one canonical name for one point */
	assert_string_equal(place("47.610,-122.3300").name, "47.61,-122.33");
	assert_string_equal(place("+47.61,-122.33000001").name, "47.61,-122.33");
	assert_string_equal(place("-0.00001,0").name, "0,0");
	assert_string_equal(place("90,-180").name, "90,-180");
	assert_string_equal(place("1.23456,2").name, "1.2346,2");

	p = place("anycast");
	assert_int_equal(p.kind, GEO_PLACE_ANYCAST);
	assert_null(p.region);

	/* other countries' subdivisions are kept but sit at the country's point */
	p = place("FR-75");
	assert_int_equal(p.kind, GEO_PLACE_SUBDIVISION);
	assert_string_equal(p.country, "FR");
	assert_string_equal(p.subdivision, "75");
	struct geo_place fr = place("FR");
	check_near("FR-75 lat", p.lat, fr.lat, 0);
	check_near("FR-75 lon", p.lon, fr.lon, 0);

	static const char *const bad[] = {
		"XX",	 "US-ZZ", "EU", "us-east-9", "91,0", "0,181", "abc", "1,2,3",
		"nan,0", "1,",	  ",1", "",	     "U",    "USA",   "us",  "ANYCAST",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct geo_place q;
		if (geo_place_resolve(bad[i], &q)) {
			print_error("'%s' resolved; expected a rejection\n", bad[i]);
			fail();
		}
	}
}

/* Whether the scenario validator accepts text as a place (as one end of a link). */
static bool validator_accepts(const char *text)
{
	/* a resolver's at= takes one place of any form, anycast included */
	g_autofree char *scenario = g_strdup_printf("resolver r at=%s\n", text);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(scenario, "t.dnssim", ".", NULL, NULL, diags);
	bool ok = sc != NULL;
	scenario_free(sc);
	return ok;
}

static void test_resolve_agrees_with_validator(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"US",	      "DE",
		"XK",	      "US-WA",
		"US-DC",      "US-PR",
		"FR-75",      "GB-LND",
		"us-east-1",  "eusc-de-east-1",
		"cn-north-1", "47.61,-122.33",
		"-90,180",    "90.5,0",
		"0,-180.1",   "anycast",
		"XX",	      "XX-YY",
		"EU",	      "us-east-9",
		"1,2,3",      "nan,0",
		"1e1,2",      "US-wa",
		"us",	      "ZZ-1",
		"0x10,1",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		struct geo_place p;
		bool resolved = geo_place_resolve(texts[i], &p);
		if (resolved != validator_accepts(texts[i])) {
			print_error("'%s': geo_place_resolve says %d, the validator %d\n", texts[i],
				    resolved, !resolved);
			fail();
		}
	}
}

/* Broad extent of each continent: no point of it lies farther from its conventional centre.
 * Catches a swapped sign or a swapped lat/lon, which moves a point by thousands of km. */
static double continent_reach_km(const char *continent)
{
	static const struct {
		const char *code;
		double km;
	} reach[] = {
		{ "AF", 6000 }, { "AN", 5000 },	 { "AS", 7000 }, { "EU", 4000 },
		{ "NA", 6000 }, { "OC", 10000 }, { "SA", 5000 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(reach); i++) {
		if (strcmp(reach[i].code, continent) == 0) {
			return reach[i].km;
		}
	}
	fail_msg("no reach for continent %s", continent);
	return 0;
}

static void test_every_country_has_a_point(void **state)
{
	(void)state;
	size_t count = 0;
	for (const char *const *c = geo_countries(); *c != NULL; c++, count++) {
		struct geo_place p = place(*c);
		assert_int_equal(p.kind, GEO_PLACE_COUNTRY);
		assert_string_equal(p.country, *c);
		assert_non_null(geo_country_continent(*c));
		assert_string_equal(p.continent, geo_country_continent(*c));
		assert_true(geo_is_continent(p.continent));
		assert_true(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180);
		assert_non_null(p.region);
		struct geo_place centre;
		assert_true(geo_continent_place(p.continent, &centre));
		double km = geo_distance_km(&p, &centre);
		if (km > continent_reach_km(p.continent)) {
			print_error("%s is %.0f km from the centre of %s\n", *c, km, p.continent);
			fail();
		}
	}
	/* route53.md section 2.6 lists 246 codes across the seven continents */
	assert_int_equal(count, 246);
	/* sorted and unique (geo_country_continent searches them by bisection) */
	const char *const *c = geo_countries();
	for (size_t i = 1; c[i] != NULL; i++) {
		assert_true(strcmp(c[i - 1], c[i]) < 0);
	}
	/* hemispheres of a few capitals */
	assert_true(place("AU").lat < 0 && place("AU").lon > 0);
	assert_true(place("BR").lat < 0 && place("BR").lon < 0);
	assert_true(place("JP").lat > 0 && place("JP").lon > 0);
	assert_true(place("CA").lat > 0 && place("CA").lon < 0);
}

static void test_every_state_and_region_has_a_point(void **state)
{
	(void)state;
	size_t count = 0;
	for (const char *const *s = geo_us_states(); *s != NULL; s++, count++) {
		g_autofree char *text = g_strconcat("US-", *s, NULL);
		struct geo_place p = place(text);
		assert_string_equal(p.subdivision, *s);
		/* the US with Alaska and Hawaii lies within 18..72 N, 180..66 W */
		if (!(p.lat > 18 && p.lat < 72 && p.lon > -180 && p.lon < -66)) {
			print_error("%s at %g,%g is outside the US\n", text, p.lat, p.lon);
			fail();
		}
	}
	assert_int_equal(count, 51); /* 50 states and DC */

	count = 0;
	for (const char *const *r = geo_aws_regions(); *r != NULL; r++, count++) {
		struct geo_place p = place(*r);
		assert_int_equal(p.kind, GEO_PLACE_REGION);
		assert_string_equal(p.region, *r);
		assert_non_null(geo_country_continent(p.country));
		/* a Region lies in its country: within 3500 km of the capital (Calgary to Ottawa
		 * is ~2900 km; Boardman to DC ~3500 km, so US Regions are checked against their
		 * state instead) */
		g_autofree char *home_text = p.subdivision[0] != '\0'
						 ? g_strconcat(p.country, "-", p.subdivision, NULL)
						 : g_strdup(p.country);
		struct geo_place home = place(home_text);
		if (geo_distance_km(&p, &home) > 3500) {
			print_error("%s is %.0f km from %s\n", *r, geo_distance_km(&p, &home),
				    home.name);
			fail();
		}
	}
	assert_int_equal(count, 39);

	for (const char *const *c = geo_continents(); *c != NULL; c++) {
		struct geo_place p;
		assert_true(geo_continent_place(*c, &p));
		assert_int_equal(p.kind, GEO_PLACE_CONTINENT);
		assert_string_equal(p.continent, *c);
	}
	struct geo_place p;
	assert_false(geo_continent_place("XX", &p));
}

static void test_haversine(void **state)
{
	(void)state;
	/* published great-circle figures: London-Paris about 344 km, New York-Los Angeles
	 * about 3936 km (city-centre coordinates as below), within 1% */
	double lp = geo_haversine_km(51.5074, -0.1278, 48.8566, 2.3522);
	check_near("London-Paris", lp, 344, 344 * 0.01);
	double nl = geo_haversine_km(40.7128, -74.0060, 34.0522, -118.2437);
	check_near("New York-Los Angeles", nl, 3936, 3936 * 0.01);
	/* and the built-in points of GB and FR give the same to a few km */
	struct geo_place gb = place("GB");
	struct geo_place fr = place("FR");
	check_near("GB-FR", geo_distance_km(&gb, &fr), lp, 5);

	/* exact arcs: pole to equator is a quarter circle, antipodes half, 1 degree of equator */
	check_near("quarter meridian", geo_haversine_km(90, 0, 0, 17),
		   M_PI / 2 * GEO_EARTH_RADIUS_KM, 1e-6);
	/* haversine is ill-conditioned at antipodes: rounding in h costs ~0.2 m there */
	check_near("antipodes", geo_haversine_km(10, 20, -10, -160), M_PI * GEO_EARTH_RADIUS_KM,
		   1e-3);
	check_near("1 degree of equator", geo_haversine_km(0, 100, 0, 101),
		   M_PI / 180 * GEO_EARTH_RADIUS_KM, 1e-9);
	check_near("same point", geo_haversine_km(47.61, -122.33, 47.61, -122.33), 0, 0);
	/* across the antimeridian */
	check_near("antimeridian", geo_haversine_km(0, 179.5, 0, -179.5),
		   M_PI / 180 * GEO_EARTH_RADIUS_KM, 1e-9);

	/* symmetric, and equal to the spherical law of cosines on well-separated points */
	struct sim_rng rng;
	sim_rng_init(&rng, 7, "test", "haversine");
	for (int i = 0; i < 1000; i++) {
		double a = sim_rng_uniform_range(&rng, -90, 90);
		double b = sim_rng_uniform_range(&rng, -180, 180);
		double c = sim_rng_uniform_range(&rng, -90, 90);
		double d = sim_rng_uniform_range(&rng, -180, 180);
		double h = geo_haversine_km(a, b, c, d);
		check_near("symmetric", geo_haversine_km(c, d, a, b), h, 1e-9);
		if (h > 100) {
			check_near("cosine law", cosine_law_km(a, b, c, d), h, 1e-6);
		}
	}
}

static void test_route53_continents(void **state)
{
	(void)state;
	/* route53.md section 2.6: Route 53's own table, which differs from some atlases */
	static const char *const want[][2] = {
		{ "TR", "EU" }, { "RU", "EU" }, { "CY", "EU" }, { "XK", "EU" }, { "UA", "EU" },
		{ "AM", "AS" }, { "AZ", "AS" }, { "GE", "AS" }, { "EG", "AF" }, { "TL", "OC" },
		{ "UM", "OC" }, { "GS", "AN" }, { "TF", "AN" }, { "AQ", "AN" }, { "PR", "NA" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		assert_string_equal(geo_country_continent(want[i][0]), want[i][1]);
		assert_string_equal(place(want[i][0]).continent, want[i][1]);
	}
	assert_null(geo_country_continent("BV")); /* not supported as a location */
	assert_null(geo_country_continent("EU"));
}

static void test_nearest_region(void **state)
{
	(void)state;
	struct geo_place p = place("US-WA");
	assert_string_equal(geo_nearest_region(&p, NULL, 0), "us-west-2");
	assert_string_equal(p.region, "us-west-2");
	assert_string_equal(place("DE").region, "eu-central-1");
	assert_string_equal(place("US-CA").region, "us-west-1");
	assert_string_equal(place("US-VA").region, "us-east-1");
	assert_string_equal(place("US-OH").region, "us-east-2");
	assert_string_equal(place("JP").region, "ap-northeast-1");
	assert_string_equal(place("BR").region, "sa-east-1");
	assert_string_equal(place("IE").region, "eu-west-1");
	assert_string_equal(place("ZA").region, "af-south-1");
	assert_string_equal(place("SG").region, "ap-southeast-1");
	/* the default candidates are the standard partition: not Beijing for Beijing */
	assert_string_not_equal(place("CN").region, "cn-north-1");

	/* restricted candidates; order does not matter; unknown names are skipped */
	const char *const two[] = { "eu-west-1", "us-east-1" };
	const char *const two_rev[] = { "us-east-1", "nowhere-1", "eu-west-1" };
	assert_string_equal(geo_nearest_region(&p, two, 2), "us-east-1");
	assert_string_equal(geo_nearest_region(&p, two_rev, 3), "us-east-1");
	struct geo_place de = place("DE");
	assert_string_equal(geo_nearest_region(&de, two, 2), "eu-west-1");
	const char *const none[] = { "nowhere-1" };
	assert_null(geo_nearest_region(&de, none, 1));
	assert_null(geo_nearest_region(&de, none, 0));
	struct geo_place cn = place("CN");
	const char *const china[] = { "ap-east-1", "cn-north-1" };
	assert_string_equal(geo_nearest_region(&cn, china, 2), "cn-north-1");

	/* equidistant Regions (GovCloud US-East and us-east-2 are both at Columbus): the name
	 * that sorts first, whatever the order */
	struct geo_place oh = place("US-OH");
	const char *const tie1[] = { "us-gov-east-1", "us-east-2" };
	const char *const tie2[] = { "us-east-2", "us-gov-east-1" };
	assert_string_equal(geo_nearest_region(&oh, tie1, 2), "us-east-2");
	assert_string_equal(geo_nearest_region(&oh, tie2, 2), "us-east-2");
}

/* 2/3 of c in km/s, written out: 299792.458 * 2 / 3. */
#define FIBRE_KM_PER_S 199861.63866666667

static void test_latency_formula(void **state)
{
	(void)state;
	struct net_params params;
	net_params_init(&params);
	assert_int_equal(params.base_ns, SIM_NS_PER_MS);
	check_near("default stretch", params.stretch, 1.5, 0);
	check_near("default jitter", params.jitter, 0.05, 0);
	check_near("default loss", params.loss, 0, 0);
	g_autoptr(net) n = net_new(&params, 1);

	/* 1000 km, stretch 1.5, base 1 ms: 1 ms + 1000 * 1.5 / 199861.6 s = 8.505 ms */
	check_near("1000 km", (double)net_distance_delay_ns(n, 1000), 8.505e6, 1e3);
	check_near("1000 km exact", (double)net_distance_delay_ns(n, 1000),
		   1e6 + 1000.0 * 1.5 / FIBRE_KM_PER_S * 1e9, 0.5);
	assert_int_equal(net_distance_delay_ns(n, 0), SIM_NS_PER_MS);

	/* between places: 9 degrees of a meridian */
	struct geo_place a = place("0,30");
	struct geo_place b = place("9,30");
	double km = 9 * M_PI / 180 * GEO_EARTH_RADIUS_KM;
	check_near("9 degrees", (double)net_path_delay_ns(n, &a, &b),
		   1e6 + km * 1.5 / FIBRE_KM_PER_S * 1e9, 0.5);
	assert_int_equal(net_path_delay_ns(n, &a, &b), net_path_delay_ns(n, &b, &a));
	assert_int_equal(net_path_delay_ns(n, &a, &a), SIM_NS_PER_MS);
	/* no rng: no jitter, nothing lost */
	assert_int_equal(net_delay_ns(n, &a, &b, NULL), net_path_delay_ns(n, &a, &b));
	assert_false(net_loss(n, &a, &b, NULL));

	/* other parameters: no base, straight fibre */
	struct net_params bare = { .base_ns = 0, .stretch = 1.0, .jitter = 0, .loss = 0 };
	g_autoptr(net) m = net_new(&bare, 1);
	check_near("bare 1000 km", (double)net_distance_delay_ns(m, 1000),
		   1000.0 / FIBRE_KM_PER_S * 1e9, 0.5);
	/* London-Sydney-ish: half the Earth round takes ~100 ms one way in straight fibre */
	check_near("half circumference",
		   (double)net_distance_delay_ns(m, M_PI * GEO_EARTH_RADIUS_KM),
		   M_PI * GEO_EARTH_RADIUS_KM / FIBRE_KM_PER_S * 1e9, 0.5);
}

static void test_link_overrides(void **state)
{
	(void)state;
	struct net_params params;
	net_params_init(&params);
	g_autoptr(net) n = net_new(&params, 1);
	struct geo_place wa = place("US-WA");
	struct geo_place va = place("us-east-1");
	struct geo_place de = place("DE");
	int64_t wa_va = net_path_delay_ns(n, &wa, &va);
	int64_t wa_de = net_path_delay_ns(n, &wa, &de);

	struct net_link link;
	net_link_init(&link);
	assert_false(net_link_get(n, &wa, &va, &link));
	assert_true(link.latency_ns < 0 && link.jitter < 0 && link.loss < 0);

	link.latency_ns = 50 * SIM_NS_PER_MS;
	net_link_set(n, &va, &wa, &link);
	assert_int_equal(net_path_delay_ns(n, &wa, &va), 50 * SIM_NS_PER_MS);
	assert_int_equal(net_path_delay_ns(n, &va, &wa), 50 * SIM_NS_PER_MS);
	assert_int_equal(net_path_delay_ns(n, &wa, &de), wa_de); /* other pairs untouched */
	/* matched by canonical name: the same point written otherwise is the same place */
	struct geo_place va2 = place("us-east-1");
	assert_int_equal(net_path_delay_ns(n, &va2, &wa), 50 * SIM_NS_PER_MS);
	/* a country does not stand for its states */
	struct geo_place us = place("US");
	struct net_link only_us;
	net_link_init(&only_us);
	only_us.latency_ns = 7 * SIM_NS_PER_MS;
	net_link_set(n, &us, &de, &only_us);
	assert_int_equal(net_path_delay_ns(n, &de, &us), 7 * SIM_NS_PER_MS);
	assert_int_equal(net_path_delay_ns(n, &wa, &de), wa_de);

	/* a later override keeps the fields it does not give */
	struct net_link loss_only;
	net_link_init(&loss_only);
	loss_only.loss = 0.25;
	net_link_set(n, &wa, &va, &loss_only);
	assert_true(net_link_get(n, &va, &wa, &link));
	assert_int_equal(link.latency_ns, 50 * SIM_NS_PER_MS);
	check_near("link loss", link.loss, 0.25, 0);
	check_near("loss ratio", net_loss_ratio(n, &va, &wa), 0.25, 0);
	check_near("network loss elsewhere", net_loss_ratio(n, &wa, &de), 0, 0);

	/* a jitter-only link keeps the formula's latency */
	struct net_link jitter_only;
	net_link_init(&jitter_only);
	jitter_only.jitter = 0;
	net_link_set(n, &wa, &de, &jitter_only);
	assert_int_equal(net_path_delay_ns(n, &wa, &de), wa_de);
	struct sim_rng rng;
	sim_rng_init(&rng, 1, "test", "jitter");
	for (int i = 0; i < 100; i++) {
		assert_int_equal(net_delay_ns(n, &de, &wa, &rng), wa_de);
	}

	net_link_clear(n, &va, &wa);
	assert_false(net_link_get(n, &wa, &va, &link));
	assert_int_equal(net_path_delay_ns(n, &wa, &va), wa_va);
	/* setting nothing removes the override */
	struct net_link nothing;
	net_link_init(&nothing);
	net_link_set(n, &us, &de, &nothing);
	assert_false(net_link_get(n, &de, &us, &link));
}

static void test_jitter(void **state)
{
	(void)state;
	struct net_params params;
	net_params_init(&params);
	params.jitter = 0.2;
	g_autoptr(net) n = net_new(&params, 42);
	struct geo_place a = place("GB");
	struct geo_place b = place("US-NY");
	int64_t d = net_path_delay_ns(n, &a, &b);
	double bound = (double)d * (1 + params.jitter);

	/* same seed, same stream: the same delays; within [d, d * (1 + jitter)] */
	struct sim_rng r1;
	struct sim_rng r2;
	net_path_rng_init(n, &a, &b, "delay", &r1);
	net_path_rng_init(n, &a, &b, "delay", &r2);
	const int draws = 20000;
	double sum = 0;
	for (int i = 0; i < draws; i++) {
		int64_t x = net_delay_ns(n, &a, &b, &r1);
		assert_int_equal(x, net_delay_ns(n, &a, &b, &r2));
		if (x < d || (double)x > bound + 0.5) {
			print_error("delay %lld outside [%lld, %.0f]\n", (long long)x, (long long)d,
				    bound);
			fail();
		}
		sum += (double)(x - d);
	}
	/* extra delay = d * jitter * U, U uniform: mean d * jitter / 2, sd d * jitter / sqrt(12) */
	double mean = (double)d * params.jitter / 2;
	double se = (double)d * params.jitter / sqrt(12.0 * draws);
	check_near("mean extra delay", sum / draws, mean, Z_TOL * se);

	/* per-path streams: another direction or seed gives other numbers */
	struct sim_rng back;
	net_path_rng_init(n, &b, &a, "delay", &back);
	net_path_rng_init(n, &a, &b, "delay", &r1);
	int same = 0;
	for (int i = 0; i < 100; i++) {
		same += net_delay_ns(n, &a, &b, &r1) == net_delay_ns(n, &b, &a, &back);
	}
	assert_true(same < 10);
	g_autoptr(net) other = net_new(&params, 43);
	net_path_rng_init(n, &a, &b, "delay", &r1);
	net_path_rng_init(other, &a, &b, "delay", &r2);
	same = 0;
	for (int i = 0; i < 100; i++) {
		same += net_delay_ns(n, &a, &b, &r1) == net_delay_ns(other, &a, &b, &r2);
	}
	assert_true(same < 10);
}

static void test_loss(void **state)
{
	(void)state;
	struct net_params params;
	net_params_init(&params);
	params.loss = 0.3;
	g_autoptr(net) n = net_new(&params, 5);
	struct geo_place a = place("JP");
	struct geo_place b = place("ap-southeast-1");
	struct sim_rng rng;
	net_path_rng_init(n, &a, &b, "loss", &rng);
	const int draws = 20000;
	int lost = 0;
	for (int i = 0; i < draws; i++) {
		lost += net_loss(n, &a, &b, &rng);
	}
	check_near("loss share", (double)lost / draws, 0.3, Z_TOL * sqrt(0.3 * 0.7 / draws));

	struct net_link none;
	net_link_init(&none);
	none.loss = 0;
	net_link_set(n, &a, &b, &none);
	struct net_link all;
	net_link_init(&all);
	all.loss = 1;
	struct geo_place c = place("KR");
	net_link_set(n, &c, &a, &all);
	for (int i = 0; i < 1000; i++) {
		assert_false(net_loss(n, &b, &a, &rng));
		assert_true(net_loss(n, &a, &c, &rng));
	}
}

static void test_from_scenario(void **state)
{
	(void)state;
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text("seed 9\n"
						  "network base=2ms stretch=2 jitter=0 loss=10%\n"
						  "link US-WA us-east-1 latency=40ms\n"
						  "link us-east-1 US-WA loss=1%\n",
						  "t.dnssim", ".", NULL, NULL, diags);
	assert_non_null(sc);
	g_autoptr(GError) error = NULL;
	g_autoptr(net) n = net_new_from_scenario(sc, &error);
	assert_non_null(n);
	const struct net_params *p = net_params(n);
	assert_int_equal(p->base_ns, 2 * SIM_NS_PER_MS);
	check_near("stretch", p->stretch, 2, 0);
	check_near("jitter", p->jitter, 0, 0);
	check_near("loss", p->loss, 0.1, 1e-12);
	struct geo_place wa = place("US-WA");
	struct geo_place va = place("us-east-1");
	struct geo_place de = place("DE");
	assert_int_equal(net_path_delay_ns(n, &va, &wa), 40 * SIM_NS_PER_MS);
	check_near("link loss", net_loss_ratio(n, &wa, &va), 0.01, 1e-12);
	check_near("network loss", net_loss_ratio(n, &wa, &de), 0.1, 1e-12);
	double km = geo_distance_km(&wa, &de);
	check_near("formula with the scenario's keys", (double)net_path_delay_ns(n, &wa, &de),
		   2e6 + km * 2 / FIBRE_KM_PER_S * 1e9, 0.5);
	/* the path streams follow the scenario's seed */
	struct sim_rng r1;
	struct sim_rng r2;
	net_path_rng_init(n, &wa, &de, "delay", &r1);
	g_autofree char *entity = g_strconcat("net:", wa.name, ">", de.name, NULL);
	sim_rng_init(&r2, 9, entity, "delay");
	assert_int_equal(sim_rng_u64(&r1), sim_rng_u64(&r2));
	scenario_free(sc);

	/* defaults without a network statement */
	sc = scenario_parse_text("link DE FR latency=5ms\n", "t.dnssim", ".", NULL, NULL, diags);
	assert_non_null(sc);
	g_autoptr(net) d = net_new_from_scenario(sc, &error);
	assert_non_null(d);
	assert_int_equal(net_params(d)->base_ns, SIM_NS_PER_MS);
	check_near("default stretch", net_params(d)->stretch, 1.5, 0);
	scenario_free(sc);

	/* anycast has no place to measure from: the validator rejects it at a link's end */
	sc = scenario_parse_text("link anycast DE loss=1%\n", "t.dnssim", ".", NULL, NULL, diags);
	assert_null(sc);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_forms),
		cmocka_unit_test(test_resolve_agrees_with_validator),
		cmocka_unit_test(test_every_country_has_a_point),
		cmocka_unit_test(test_every_state_and_region_has_a_point),
		cmocka_unit_test(test_haversine),
		cmocka_unit_test(test_route53_continents),
		cmocka_unit_test(test_nearest_region),
		cmocka_unit_test(test_latency_formula),
		cmocka_unit_test(test_link_overrides),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_loss),
		cmocka_unit_test(test_from_scenario),
	};
	return cmocka_run_group_tests_name("geography", tests, NULL, NULL);
}
