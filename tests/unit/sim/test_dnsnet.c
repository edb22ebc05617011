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

#include <string.h>

#include "sim/geo.h"
#include "sim/metrics.h"
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

/*
 * Cache answers handed over as RRsets (dnsnet_rrset_answer_fn) are the same answers as the
 * messages they stand for: a run with clients, an outage and failover gives every metric
 * identical whether or not the clients take the shortcut.
 */
static const char *const failover_text =
    "duration 20m\n"
    "seed 3\n"
    "report bucket=1m\n"
    "zone example.com. servers=ns-1\n"
    "  www 60 IN A 192.0.2.10 set=main failover=primary health=hc\n"
    "  www 60 IN A 198.51.100.10 set=standby failover=secondary\n"
    "end\n"
    "health hc http main interval=10s failure-threshold=3\n"
    "backend main address=192.0.2.10 region=us-east-1\n"
    "backend standby address=198.51.100.10 region=us-west-2\n"
    "resolver isp at=US profile=unbound\n"
    "resolver pub at=DE profile=google-public-dns\n"
    "clients c count=2000 at=US resolver=isp:1,pub:1 rate=30/h name=www.example.com "
    "app=chrome-async-dns\n"
    "at 5m..10m backend main down\n";

static GHashTable *run_metrics(bool rrset_answers)
{
	struct scenario *sc = support_parse(failover_text);
	world *w = world_new(sc);
	if (!rrset_answers) {
		void *ctx = NULL;
		dnsnet_answer_fn fn = dnsnet_answer_handler(world_dnsnet(w), &ctx);
		dnsnet_set_answer_handler(world_dnsnet(w), fn, ctx); /* messages only */
	}
	world_run(w);
	metrics *m = metrics_compute(sc, w);
	GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const GPtrArray *all = metrics_values(m);
	for (guint i = 0; i < all->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(all, i);
		g_hash_table_insert(values, g_strdup(v->name),
				    g_memdup2(&v->value, sizeof(double)));
	}
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
	return values;
}

static void test_rrset_answers_same_as_messages(void **state)
{
	(void)state;
	GHashTable *fast = run_metrics(true);
	GHashTable *slow = run_metrics(false);
	assert_true(g_hash_table_size(fast) > 20);
	assert_int_equal(g_hash_table_size(fast), g_hash_table_size(slow));
	GHashTableIter it;
	gpointer key;
	gpointer value;
	g_hash_table_iter_init(&it, slow);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const double *other = g_hash_table_lookup(fast, key);
		assert_non_null(other);
		if (memcmp(other, value, sizeof(double)) != 0) {
			fail_msg("%s: %g with RRset answers, %g with messages", (const char *)key,
				 *other, *(const double *)value);
		}
	}
	/* the run did answer from the caches and did fail over */
	const double *total = g_hash_table_lookup(slow, "requests.total");
	assert_non_null(total);
	assert_true(*total > 1000);
	g_hash_table_destroy(fast);
	g_hash_table_destroy(slow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anycast_nearest_site),
		cmocka_unit_test(test_rrset_answers_same_as_messages),
	};
	return cmocka_run_group_tests_name("dns network", tests, NULL, NULL);
}
