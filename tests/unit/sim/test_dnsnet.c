/*
 * The DNS network: delays from the geography, anycast sites, down servers. Expected times are
 * computed from the documented latency model (docs/design/geography.md: one-way delay =
 * base + distance x stretch / (2/3 c)) with the network's jitter set to 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "sim/geo.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"
#include "sim/world/world.h"
#include "tests/support/scenario_text.h"

struct capture {
	int answers;
	int64_t at_ns;
	uint8_t rcode;
};

static void on_answer(void *ctx, guint index, uint64_t token, const struct dns_msg *msg,
		      int64_t now_ns)
{
	struct capture *c = ctx;
	c->answers++;
	c->at_ns = now_ns;
	c->rcode = msg->rcode;
}

/* One-way delay of the model with base 1 ms, stretch 1.5, no jitter, in ns. */
static double model_delay_ns(const char *a, const char *b)
{
	struct geo_place pa;
	struct geo_place pb;
	assert_true(geo_place_resolve(a, &pa));
	assert_true(geo_place_resolve(b, &pb));
	double km = geo_haversine_km(pa.lat, pa.lon, pb.lat, pb.lon);
	return 1e6 + km * 1.5 / (299792.458 * 2.0 / 3.0) * 1e9;
}

static const char *const text = "duration 1h\n"
				"network jitter=0\n"
				"zone example.com. servers=ns-any\n"
				"  www 300 IN A 192.0.2.10\n"
				"end\n"
				"server ns-any at=us-east-1,eu-central-1\n"
				"resolver berlin at=DE profile=unbound\n"
				"resolver virginia at=US-VA profile=unbound\n";

/* Resolve www.example.com. from a resolver; return when the answer came (from 0) and how many
 * upstream queries the resolver sent. */
static int64_t resolve_from(const char *resolver_name, uint64_t *sends)
{
	struct scenario *sc = support_parse(text);
	world *w = world_new(sc);
	struct capture c = { 0 };
	dnsnet_set_answer_handler(world_dnsnet(w), on_answer, &c);
	guint index = 0;
	assert_non_null(world_resolver(w, resolver_name, &index));
	uint32_t qname = dns_name_intern(world_names(w), "www.example.com.");
	dnsnet_query(world_dnsnet(w), index, qname, LDNS_RR_TYPE_A, 1, NULL);
	while (c.answers == 0 && sim_engine_step(world_engine(w))) {
	}
	assert_int_equal(c.answers, 1);
	assert_int_equal(c.rcode, LDNS_RCODE_NOERROR);
	int64_t at = c.at_ns;
	*sends = resolver_get_stats(world_resolver(w, resolver_name, NULL))->upstream_sends;
	world_free(w);
	scenario_free(sc);
	return at;
}

/* An anycast server (sites in us-east-1 and eu-central-1) is reached at its nearest site: from
 * Germany the Frankfurt site, from Virginia the Ashburn one. The root and TLD servers are near
 * (anycast without a place: the base cost of 1 ms each way). With QNAME minimisation or not,
 * the resolver asks the root, com. and example.com. servers; how many queries go to the near
 * servers is read from the counters, the zone's server gets exactly one. */
static void test_anycast_nearest_site(void **state)
{
	(void)state;
	uint64_t sends_de;
	uint64_t sends_va;
	int64_t de = resolve_from("berlin", &sends_de);
	int64_t va = resolve_from("virginia", &sends_va);
	/* every exchange but the last is with a near server: 2 x 1 ms */
	double want_de = (double)(sends_de - 1) * 2e6 + 2 * model_delay_ns("DE", "eu-central-1");
	double want_va = (double)(sends_va - 1) * 2e6 + 2 * model_delay_ns("US-VA", "us-east-1");
	/* each leg is rounded to the nearest ns */
	assert_true(fabs((double)de - want_de) <= 2.0);
	assert_true(fabs((double)va - want_va) <= 2.0);
	/* the far site would have cost far more: Frankfurt is the nearest for Germany */
	assert_true(model_delay_ns("DE", "eu-central-1") < model_delay_ns("DE", "us-east-1") / 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anycast_nearest_site),
	};
	return cmocka_run_group_tests_name("dns network", tests, NULL, NULL);
}
