/*
 * The recursive resolver model end to end: a scenario's hierarchy (root, TLD, zone), the
 * network on the engine, and a resolver iterating from the root hints. Expected values come
 * from the RFC rules and the profile table, not from the program's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <string.h>

#include "authoritative/hierarchy.h"
#include "resolver/resolver.h"
#include "sim/engine.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"
#include "sim/world/dnsnet.h"

struct world_fixture {
	struct scenario *sc;
	dns_names *names;
	auth_hierarchy *h;
	sim_engine *engine;
	dnsnet *net;
	resolver *r;
	/* last answer */
	int answers;
	uint8_t rcode;
	int64_t answered_at;
	struct dns_msg *last;
	GString *trace;
	/* answers to the background queries of ask_async() (tokens other than ask()'s) */
	int other_answers;
	int other_servfails;
	int other_data; /* NOERROR with an answer RRset */
};

#define ASK_TOKEN 7

static const char *const zone_text =
    "duration 1h\n"
    "zone example.com. servers=ns-a,ns-b\n"
    "  $TTL 300\n"
    "  @     3600 IN SOA ns-a.example.com. admin.example.com. 1 7200 900 1209600 60\n"
    "  www    600 IN A 192.0.2.10\n"
    "  alias  120 IN CNAME www\n"
    "  gone   120 IN CNAME nothere\n"
    "  big        IN TXT \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
    "             IN TXT \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\n"
    "             IN TXT \"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"\n"
    "             IN TXT \"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\"\n"
    "             IN TXT \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"\n"
    "             IN TXT \"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"\n"
    "             IN TXT \"gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg\"\n"
    "end\n";

static void on_answer(void *ctx, guint index, uint64_t token, const struct dns_msg *msg,
		      int64_t now_ns)
{
	struct world_fixture *w = ctx;
	if (token != ASK_TOKEN) {
		w->other_answers++;
		w->other_servfails += msg->rcode == LDNS_RCODE_SERVFAIL;
		w->other_data +=
		    msg->rcode == LDNS_RCODE_NOERROR && msg->sections[DNS_SECTION_ANSWER]->len > 0;
		return;
	}
	w->answers++;
	w->rcode = msg->rcode;
	w->answered_at = now_ns;
	dns_msg_free(w->last);
	/* keep a copy of the sections we look at */
	w->last = dns_msg_new(msg->id, msg->qname, msg->qtype, msg->qclass);
	w->last->rcode = msg->rcode;
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		for (guint i = 0; i < msg->sections[s]->len; i++) {
			dns_msg_add(w->last, s, g_ptr_array_index(msg->sections[s], i));
		}
	}
}

static struct world_fixture *world_new_text(const char *profile_name, const char *text)
{
	struct world_fixture *w = g_new0(struct world_fixture, 1);
	scenario_diags *diags = scenario_diags_new();
	w->sc = scenario_parse_text(text, "t.dnssim", ".", NULL, NULL, diags);
	if (w->sc == NULL) {
		scenario_diags_print(diags, stderr);
	}
	scenario_diags_free(diags);
	assert_non_null(w->sc);
	w->names = dns_names_new();
	w->h = auth_hierarchy_new(w->sc, w->names);
	w->engine = sim_engine_new();
	w->net = dnsnet_new(w->engine, w->h, w->names, 1);
	dnsnet_set_answer_handler(w->net, on_answer, w);
	const GArray *hints = auth_hierarchy_root_hints(w->h);
	struct resolver_hint *rh = g_new(struct resolver_hint, hints->len);
	for (guint i = 0; i < hints->len; i++) {
		const struct auth_root_hint *hint = &g_array_index(hints, struct auth_root_hint, i);
		rh[i].host = hint->host;
		rh[i].address = (char *)hint->address;
	}
	const struct resolver_profile *p = resolver_profile_find(profile_name);
	assert_non_null(p);
	w->r = resolver_new("isp", p, w->names, rh, hints->len, 42);
	g_free(rh);
	w->trace = g_string_new(NULL);
	resolver_set_trace(w->r, w->trace);
	dnsnet_add_resolver(w->net, w->r, "isp");
	return w;
}

static struct world_fixture *world_new(const char *profile_name)
{
	return world_new_text(profile_name, zone_text);
}

static void world_free(struct world_fixture *w)
{
	if (g_getenv("RESOLVER_TRACE") != NULL) {
		fprintf(stderr, "%s", w->trace->str);
	}
	dns_msg_free(w->last);
	resolver_free(w->r);
	dnsnet_free(w->net);
	sim_engine_free(w->engine);
	auth_hierarchy_free(w->h);
	dns_names_free(w->names);
	scenario_free(w->sc);
	g_string_free(w->trace, TRUE);
	g_free(w);
}

/* Ask at time at_ns and run until the answer comes. */
static void ask(struct world_fixture *w, int64_t at_ns, const char *qname, uint16_t qtype)
{
	sim_engine_run(w->engine, at_ns);
	int before = w->answers;
	dnsnet_query(w->net, 0, dns_name_intern(w->names, qname), qtype, ASK_TOKEN, NULL);
	/* run until the answer (pending timeouts of finished exchanges may stay queued) */
	while (w->answers == before && sim_engine_step(w->engine)) {
	}
	if (g_getenv("RESOLVER_TRACE") != NULL) {
		fprintf(stderr, "--- ask %s at %" PRId64 " ns\n%s", qname, at_ns, w->trace->str);
	}
	assert_int_equal(w->answers, before + 1);
}

static uint64_t sends(struct world_fixture *w)
{
	return resolver_get_stats(w->r)->upstream_sends;
}

/* RFC 1034 5.3.3: from the root hints, referral by referral, to the authoritative answer. */
static void test_iterates_from_root(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	struct dns_rrset *a =
	    dns_msg_find(w->last, DNS_SECTION_ANSWER, dns_name_intern(w->names, "www.example.com."),
			 LDNS_RR_TYPE_A);
	assert_non_null(a);
	assert_int_equal(a->ttl, 600);
	/* Unbound primes the root first (RFC 8109 3), then root -> com. -> example.com.: four
	 * upstream queries */
	assert_int_equal(sends(w), 4);
	/* each exchange takes 2 x 10 ms: the answer arrives at 80 ms */
	assert_int_equal(w->answered_at, 80 * SIM_NS_PER_MS);
	world_free(w);
}

/* RFC 1035 3.2.1 / RFC 1034 3.6: a cached answer, TTL counting down, no upstream traffic. */
static void test_cache_counts_down(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	uint64_t before = sends(w);
	/* stored at 80 ms (root priming first) with TTL 600; at 100.08 s 100 s have passed:
	 * 500 left */
	ask(w, 100 * SIM_NS_PER_S + 80 * SIM_NS_PER_MS, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(sends(w), before);
	struct dns_rrset *a =
	    dns_msg_find(w->last, DNS_SECTION_ANSWER, dns_name_intern(w->names, "www.example.com."),
			 LDNS_RR_TYPE_A);
	assert_non_null(a);
	assert_int_equal(a->ttl, 500);
	/* after expiry (600 s) the resolver asks again, straight to the zone's servers (their
	 * NS and glue have TTL 172800 s): one upstream query */
	ask(w, 700 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(sends(w), before + 1);
	world_free(w);
}

/* RFC 2308 5: NXDOMAIN cached for min(SOA TTL, MINIMUM) = min(3600, 60) = 60 s. */
static void test_nxdomain_cached_by_soa(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "nope.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NXDOMAIN);
	uint64_t before = sends(w);
	/* 59 s later: from the cache, and NXDOMAIN covers every type (RFC 2308 5) */
	ask(w, 59 * SIM_NS_PER_S, "nope.example.com.", LDNS_RR_TYPE_AAAA);
	assert_int_equal(w->rcode, LDNS_RCODE_NXDOMAIN);
	assert_int_equal(sends(w), before);
	/* 61 s after it was stored (at 80 ms): expired, asked again */
	ask(w, 61 * SIM_NS_PER_S + 80 * SIM_NS_PER_MS, "nope.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(sends(w), before + 1);
	world_free(w);
}

/* RFC 2308 2.2: NODATA is per type; the name's other types still resolve. */
static void test_nodata_per_type(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_AAAA);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	assert_int_equal(w->last->sections[DNS_SECTION_ANSWER]->len, 0);
	struct dns_rrset *soa =
	    dns_msg_find(w->last, DNS_SECTION_AUTHORITY, dns_name_intern(w->names, "example.com."),
			 LDNS_RR_TYPE_SOA);
	assert_non_null(soa);
	assert_int_equal(soa->ttl, 60); /* min(3600, MINIMUM 60), RFC 2308 3 */
	uint64_t before = sends(w);
	ask(w, SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(sends(w), before + 1); /* A was not covered by the AAAA NODATA */
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	world_free(w);
}

/* RFC 6604 / RFC 1034 3.6.2: a CNAME into a name that does not exist answers NXDOMAIN with the
 * CNAME in the answer section. */
static void test_cname_into_nxdomain(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "gone.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NXDOMAIN);
	assert_non_null(dns_msg_find(w->last, DNS_SECTION_ANSWER,
				     dns_name_intern(w->names, "gone.example.com."),
				     LDNS_RR_TYPE_CNAME));
	/* and a CNAME to an existing name gives the chain plus the data */
	ask(w, SIM_NS_PER_S, "alias.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	assert_non_null(dns_msg_find(w->last, DNS_SECTION_ANSWER,
				     dns_name_intern(w->names, "alias.example.com."),
				     LDNS_RR_TYPE_CNAME));
	assert_non_null(dns_msg_find(w->last, DNS_SECTION_ANSWER,
				     dns_name_intern(w->names, "www.example.com."),
				     LDNS_RR_TYPE_A));
	world_free(w);
}

/* RFC 7766 / RFC 6891 6.2.5: an answer larger than the resolver's EDNS size (1232) comes back
 * truncated over UDP; the resolver retries over TCP and gets it whole. Seven TXT records of
 * 220 octets each make more than 1540 octets. */
static void test_truncation_then_tcp(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "big.example.com.", LDNS_RR_TYPE_TXT);
	struct dns_rrset *txt =
	    dns_msg_find(w->last, DNS_SECTION_ANSWER, dns_name_intern(w->names, "big.example.com."),
			 LDNS_RR_TYPE_TXT);
	assert_non_null(txt);
	assert_int_equal(dns_rrset_count(txt), 7);
	assert_non_null(strstr(w->trace->str, "over TCP"));
	world_free(w);
}

/* A dead server during an outage: with one of the zone's two servers down, the answer still
 * comes, later by at most the unbound timeout for an unknown server (376 ms, resolvers.md 7.1)
 * per try of the dead server. With both down, SERVFAIL, then cached for the profile's
 * servfail-ttl (unbound 5 s). */
static void test_dead_server(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	assert_true(dnsnet_set_server_state(w->net, "ns-a", false, 0, 0));
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	assert_true(w->answered_at >= 80 * SIM_NS_PER_MS); /* priming + 3 exchanges */
	assert_true(w->answered_at <= 80 * SIM_NS_PER_MS + 5 * 376 * SIM_NS_PER_MS);

	assert_true(dnsnet_set_server_state(w->net, "ns-b", false, 0, 0));
	ask(w, 10 * SIM_NS_PER_S, "other.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_SERVFAIL);
	assert_true(resolver_get_stats(w->r)->timeouts > 0);
	uint64_t before = sends(w);
	int64_t failed_at = w->answered_at;
	/* within servfail-ttl (5 s) the failure is answered from the cache */
	ask(w, failed_at + 4 * SIM_NS_PER_S, "other.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_SERVFAIL);
	assert_int_equal(sends(w), before);
	world_free(w);
}

/* RFC 1034 5.3.3 step 4, "the delegation ... without glue": the NS of example.net. is
 * ns-a.example.com. (its host name comes from the first zone listing it), so the net. referral
 * has no glue and the resolver must resolve the server's address first. */
static void test_glueless_delegation(void **state)
{
	(void)state;
	struct world_fixture *w = world_new_text("unbound", "duration 1h\n"
							    "zone example.com. servers=ns-a\n"
							    "  www 300 IN A 192.0.2.10\n"
							    "end\n"
							    "zone example.net. servers=ns-a\n"
							    "  www 300 IN A 192.0.2.20\n"
							    "end\n");
	ask(w, 0, "www.example.net.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	assert_non_null(dns_msg_find(w->last, DNS_SECTION_ANSWER,
				     dns_name_intern(w->names, "www.example.net."),
				     LDNS_RR_TYPE_A));
	assert_non_null(strstr(w->trace->str, "no address for ns-a.example.com.: resolving it"));
	/* root priming (RFC 8109 3); root, net. (no glue); then root and com. for the server's
	 * address, which the com. referral carries as glue for example.com.; then example.net.:
	 * six upstream queries */
	assert_int_equal(sends(w), 6);
	world_free(w);
}

/* A lame delegation (RFC 1034 4.2.2 / the resolvers.md "lame and unreachable servers"): the
 * parent delegates sub.example.com. to ns-a and ns-b, but only ns-a serves it; ns-b answers
 * from the parent zone with the same referral again. The resolver drops ns-b for this zone and
 * gets the answer from ns-a. */
static void test_lame_server(void **state)
{
	(void)state;
	struct world_fixture *w = world_new_text("unbound", "duration 1h\n"
							    "zone example.com. servers=ns-a,ns-b\n"
							    "  sub 3600 IN NS ns-a.example.com.\n"
							    "  sub 3600 IN NS ns-b.example.com.\n"
							    "end\n"
							    "zone sub.example.com. servers=ns-a\n"
							    "  www 300 IN A 192.0.2.30\n"
							    "end\n");
	for (int i = 0; i < 8; i++) {
		/* different names, so each needs the sub.example.com. servers */
		g_autofree char *q = g_strdup_printf("www%d.sub.example.com.", i);
		ask(w, i * SIM_NS_PER_S, q, LDNS_RR_TYPE_A);
		assert_int_equal(w->rcode, LDNS_RCODE_NXDOMAIN);
	}
	ask(w, 10 * SIM_NS_PER_S, "www.sub.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	/* ns-b was found lame once and then avoided for the zone (infra-host-ttl 900 s) */
	const char *first = strstr(w->trace->str, "lame answer from");
	assert_non_null(first);
	assert_null(strstr(first + 1, "lame answer from"));
	world_free(w);
}

/* resolvers.md 6.5 (Unbound prefetch): a hit with less than 10% of the original TTL left
 * refreshes the entry in the background. www has TTL 600, stored at 80 ms: at 545 s 55 s are
 * left (< 60 s), so the hit triggers one upstream query; the refreshed entry lives until
 * about 1145 s, so a query at 700 s is answered from the cache. */
static void test_prefetch_last_tenth(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound-stale");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	uint64_t before = sends(w);
	ask(w, 500 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A); /* 100 s left: no */
	sim_engine_run(w->engine, 501 * SIM_NS_PER_S);
	assert_int_equal(sends(w), before);
	ask(w, 545 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A); /* 55 s left: yes */
	sim_engine_run(w->engine, 546 * SIM_NS_PER_S);
	assert_int_equal(sends(w), before + 1);
	ask(w, 700 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(sends(w), before + 1);
	struct dns_rrset *a =
	    dns_msg_find(w->last, DNS_SECTION_ANSWER, dns_name_intern(w->names, "www.example.com."),
			 LDNS_RR_TYPE_A);
	assert_non_null(a);
	/* refreshed at 545.02 s (one exchange of 20 ms): 600 - (700 - 545.02) = 445 s left */
	assert_int_equal(a->ttl, 445);
	world_free(w);
}

/* RFC 8767 with unbound-stale (resolvers.md 7.1: answer stale after 1.8 s, reply TTL
 * min(30, original)): both servers down after expiry; the client gets the expired record
 * 1.8 s after asking, with TTL 30. */
static void test_serve_stale_timer(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound-stale");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	assert_true(dnsnet_set_server_state(w->net, "ns-a", false, 0, 0));
	assert_true(dnsnet_set_server_state(w->net, "ns-b", false, 0, 0));
	ask(w, 700 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	assert_int_equal(w->answered_at, 700 * SIM_NS_PER_S + 1800 * SIM_NS_PER_MS);
	struct dns_rrset *a =
	    dns_msg_find(w->last, DNS_SECTION_ANSWER, dns_name_intern(w->names, "www.example.com."),
			 LDNS_RR_TYPE_A);
	assert_non_null(a);
	assert_int_equal(a->ttl, 30);
	assert_int_equal(resolver_get_stats(w->r)->stale_answers, 1);
	world_free(w);
}

/* The same outage without serve-stale (plain unbound): SERVFAIL. */
static void test_no_stale_servfail(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	assert_true(dnsnet_set_server_state(w->net, "ns-a", false, 0, 0));
	assert_true(dnsnet_set_server_state(w->net, "ns-b", false, 0, 0));
	ask(w, 700 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_SERVFAIL);
	world_free(w);
}

/* Ask without waiting for the answer (background traffic of other clients). */
static void ask_async(struct world_fixture *w, int64_t at_ns, const char *qname, uint64_t token)
{
	sim_engine_run(w->engine, at_ns);
	dnsnet_query(w->net, 0, dns_name_intern(w->names, qname), LDNS_RR_TYPE_A, token, NULL);
}

/*
 * Lesson 11a's outage against plain unbound (serve-expired off, resolvers.md 2.1; RFC 8767 is
 * opt-in): www (TTL 600) is fetched just after 0 s, both servers go down at 100 s and never
 * return, and other clients ask every 10 s from 100 s to 890 s. The entry lives until
 * 600 s + the first fetch's few ms, so the 51 queries at 100..600 s are cache answers with
 * data and the 29 at 610..890 s can only fail: SERVFAIL, never the expired copy. The traced
 * query at 900 s: SERVFAIL too, and the trace holds its steps only (one "client asks").
 */
static void test_outage_expired_no_stale(void **state)
{
	(void)state;
	struct world_fixture *w = world_new("unbound");
	ask(w, 0, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_NOERROR);
	assert_true(dnsnet_set_server_state(w->net, "ns-a", false, 0, 0));
	assert_true(dnsnet_set_server_state(w->net, "ns-b", false, 0, 0));
	for (int64_t t = 100; t < 900; t += 10) {
		ask_async(w, t * SIM_NS_PER_S, "www.example.com.", 100 + (uint64_t)t);
	}
	g_string_truncate(w->trace, 0);
	resolver_set_trace_client(w->r, w->trace, ASK_TOKEN);
	ask(w, 900 * SIM_NS_PER_S, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(w->rcode, LDNS_RCODE_SERVFAIL);
	assert_null(dns_msg_find(w->last, DNS_SECTION_ANSWER,
				 dns_name_intern(w->names, "www.example.com."), LDNS_RR_TYPE_A));
	/* one client query traced, though the others' retries run meanwhile */
	const char *first = strstr(w->trace->str, "client asks");
	assert_non_null(first);
	assert_null(strstr(first + 1, "client asks"));
	resolver_set_trace(w->r, w->trace);
	/* every background query ends: the servers never return, so each runs out of tries */
	sim_engine_run(w->engine, 100000 * SIM_NS_PER_S);
	assert_int_equal(w->other_answers, 80);
	assert_int_equal(w->other_data, 51);
	assert_int_equal(w->other_servfails, 29);
	assert_int_equal(resolver_get_stats(w->r)->stale_answers, 0);
	world_free(w);
}

/*
 * Sans-I/O fixture: the resolver alone, fed crafted upstream replies (Knot Resolver's
 * begin/consume/produce shape), for rules about what a reply contains.
 */
struct direct {
	dns_names *names;
	resolver *r;
	struct dns_msg *answer; /* last client answer */
	uint64_t token;		/* last SEND */
	struct dns_msg *sent;	/* last SEND's query */
	const char *sent_to;
};

static struct direct *direct_new(const struct resolver_profile *p, const char *forwarder)
{
	struct direct *d = g_new0(struct direct, 1);
	d->names = dns_names_new();
	struct resolver_hint hint = { dns_name_intern(d->names, "k.root-servers.net."),
				      (char *)"193.0.14.129" };
	d->r = resolver_new("direct", p, d->names, &hint, 1, 1);
	if (forwarder != NULL) {
		const char *fwd[] = { forwarder, NULL };
		resolver_set_forwarders(d->r, fwd);
	}
	return d;
}

static void direct_free(struct direct *d)
{
	dns_msg_free(d->answer);
	dns_msg_free(d->sent);
	resolver_free(d->r);
	dns_names_free(d->names);
	g_free(d);
}

/* Pop actions: remember the last SEND and the last ANSWER. */
static void direct_drain(struct direct *d)
{
	struct resolver_action a;
	while (resolver_next_action(d->r, &a)) {
		if (a.kind == RESOLVER_ACTION_SEND) {
			dns_msg_free(d->sent);
			d->sent = a.msg;
			d->token = a.token;
			d->sent_to = a.address;
		} else if (a.kind == RESOLVER_ACTION_ANSWER) {
			dns_msg_free(d->answer);
			d->answer = a.msg;
		}
	}
}

static void direct_ask(struct direct *d, const char *qname, uint16_t qtype, int64_t now)
{
	struct dns_msg *q =
	    dns_msg_new(0, dns_name_intern(d->names, qname), qtype, LDNS_RR_CLASS_IN);
	q->rd = true;
	dns_msg_free(d->answer);
	d->answer = NULL;
	resolver_query(d->r, q, 1, now);
	dns_msg_free(q);
	direct_drain(d);
}

/* An RRset of one or more records in master-file text, separated by '|'. */
static struct dns_rrset *rrset_of(dns_names *names, const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "|", -1);
	struct dns_rrset *set = NULL;
	for (int i = 0; lines[i] != NULL; i++) {
		ldns_rr *rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, lines[i], 3600, NULL, NULL),
				 LDNS_STATUS_OK);
		if (set == NULL) {
			set = dns_rrset_new(dns_name_intern_rdf(names, ldns_rr_owner(rr)),
					    ldns_rr_get_type(rr), ldns_rr_get_class(rr),
					    ldns_rr_ttl(rr));
		}
		dns_rrset_add(set, rr);
	}
	return set;
}

/* A reply to the last SEND: rcode, AA, then "S:text" items (S = A answer, U authority,
 * D additional), NULL-terminated. */
static void direct_reply(struct direct *d, uint8_t rcode, bool aa, int64_t now, ...)
{
	struct dns_msg *m =
	    dns_msg_new(d->sent->id, d->sent->qname, d->sent->qtype, d->sent->qclass);
	m->qr = true;
	m->aa = aa;
	m->rcode = rcode;
	va_list ap;
	va_start(ap, now);
	for (const char *item = va_arg(ap, const char *); item != NULL;
	     item = va_arg(ap, const char *)) {
		enum dns_section s = item[0] == 'A'   ? DNS_SECTION_ANSWER
				     : item[0] == 'U' ? DNS_SECTION_AUTHORITY
						      : DNS_SECTION_ADDITIONAL;
		struct dns_rrset *set = rrset_of(d->names, item + 2);
		dns_msg_add(m, s, set);
		dns_rrset_unref(set);
	}
	va_end(ap);
	resolver_receive(d->r, d->token, m, now);
	dns_msg_free(m);
	direct_drain(d);
}

#define T_S(s) ((int64_t)(s)*SIM_NS_PER_S)

static guint section_len(const struct dns_msg *m, enum dns_section s)
{
	return m->sections[s]->len;
}

static struct dns_rrset *section_find(struct direct *d, enum dns_section s, const char *owner,
				      uint16_t type)
{
	return dns_msg_find(d->answer, s, dns_name_intern(d->names, owner), type);
}

/*
 * Unbound minimal-responses: no answers with the shape of the reply it cached (its message
 * cache, services/cache/dns.c): the reply's scrubbed authority NS and the additional
 * addresses of those NS names. A later reply that passes by may update a referenced RRset
 * (the second NS name shows), but adds no RRset the first reply did not carry (ns2's address
 * stays out); an NS set or glue in the wrong section is scrubbed (iter_scrub.c).
 */
static void test_full_response_keeps_reply_shape(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.full_responses = true;
	p.qname_minimisation = false;
	struct direct *d = direct_new(&p, "216.0.0.1");
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40",
		     "U:example.com. IN NS ns.example.com.", "D:ns.example.com. IN A 10.20.30.50",
		     "D:other.example.com. IN A 10.20.30.99", NULL);
	assert_non_null(d->answer);
	assert_int_equal(section_len(d->answer, DNS_SECTION_AUTHORITY), 1);
	assert_int_equal(section_len(d->answer, DNS_SECTION_ADDITIONAL), 1);
	assert_non_null(section_find(d, DNS_SECTION_ADDITIONAL, "ns.example.com.", LDNS_RR_TYPE_A));

	/* another name: no authority NS, NS only in additional (scrubbed away) */
	direct_ask(d, "bla.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:bla.example.com. IN A 10.20.30.140",
		     "D:example.com. IN NS ns.eeeek.com.", NULL);
	assert_int_equal(section_len(d->answer, DNS_SECTION_AUTHORITY), 0);
	assert_int_equal(section_len(d->answer, DNS_SECTION_ADDITIONAL), 0);

	/* a third reply updates the NS RRset */
	direct_ask(d, "foo.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:foo.example.com. IN A 10.20.30.141",
		     "U:example.com. IN NS ns.example.com.|example.com. IN NS ns2.example.com.",
		     "D:ns.example.com. IN A 10.20.30.50", "D:ns2.example.com. IN A 10.20.30.53",
		     NULL);
	/* www from the cache: the updated NS set, only ns's address */
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 10 * SIM_NS_PER_S);
	struct dns_rrset *ns =
	    section_find(d, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(dns_rrset_count(ns), 2);
	assert_int_equal(ns->ttl, 3590);
	assert_int_equal(section_len(d->answer, DNS_SECTION_ADDITIONAL), 1);
	assert_non_null(section_find(d, DNS_SECTION_ADDITIONAL, "ns.example.com.", LDNS_RR_TYPE_A));
	direct_free(d);
}

/* iter_scrub.c scrub_normalize: no NS set in the authority of an NXDOMAIN (poison risk). */
static void test_full_response_nxdomain_drops_ns(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.full_responses = true;
	p.qname_minimisation = false;
	struct direct *d = direct_new(&p, "216.0.0.1");
	direct_ask(d, "nx.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NXDOMAIN, true, 0, "U:example.com. IN SOA a. b. 1 2 3 4 5",
		     "U:example.com. IN NS ns.example.com.", "D:ns.example.com. IN A 1.2.3.4",
		     NULL);
	assert_int_equal(d->answer->rcode, LDNS_RCODE_NXDOMAIN);
	assert_int_equal(section_len(d->answer, DNS_SECTION_AUTHORITY), 1);
	assert_non_null(section_find(d, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_SOA));
	assert_int_equal(section_len(d->answer, DNS_SECTION_ADDITIONAL), 0);
	direct_free(d);
}

/* The question of the last upstream query, as "name TYPE". */
static void assert_sent(struct direct *d, const char *qname, uint16_t qtype)
{
	assert_non_null(d->sent);
	assert_int_equal(d->sent->qname, dns_name_intern(d->names, qname));
	assert_int_equal(d->sent->qtype, qtype);
}

/*
 * RFC 9156 as Unbound does it (iterator.c; resolvers.md 1.8): hidden labels asked with QTYPE
 * A, one label more per zone cut; the full name is asked as A before the real type; an
 * NXDOMAIN for a hidden name (a server that mishandles empty non-terminals) falls back to
 * the full name.
 */
static void test_qmin_unbound_a_labels(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.prime_root = false; /* test_root_priming */
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.ent.example.com.", LDNS_RR_TYPE_AAAA, 0);
	assert_sent(d, "com.", LDNS_RR_TYPE_A);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:com. IN NS a.gtld-servers.net.",
		     "D:a.gtld-servers.net. IN A 192.5.6.30", NULL);
	assert_sent(d, "example.com.", LDNS_RR_TYPE_A);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:example.com. IN NS ns.example.com.",
		     "D:ns.example.com. IN A 1.2.3.4", NULL);
	assert_sent(d, "ent.example.com.", LDNS_RR_TYPE_A);
	/* an empty non-terminal answered NXDOMAIN: the full name with the real type */
	direct_reply(d, LDNS_RCODE_NXDOMAIN, true, 0,
		     "U:example.com. IN SOA ns.example.com. h.example.com. 1 2 3 4 5", NULL);
	assert_sent(d, "www.ent.example.com.", LDNS_RR_TYPE_AAAA);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.ent.example.com. IN AAAA ::1", NULL);
	assert_non_null(d->answer);
	assert_int_equal(d->answer->rcode, LDNS_RCODE_NOERROR);
	assert_int_equal(section_len(d->answer, DNS_SECTION_ANSWER), 1);

	/* a name that exists one label below a cut: A for it first, then the real type */
	direct_ask(d, "web.example.com.", LDNS_RR_TYPE_AAAA, 0);
	assert_sent(d, "web.example.com.", LDNS_RR_TYPE_A);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:web.example.com. IN A 10.0.0.1", NULL);
	assert_sent(d, "web.example.com.", LDNS_RR_TYPE_AAAA);
	direct_free(d);
}

/*
 * Knot Resolver (lib/resolve.c minimized_qname()): the zone cut plus one label, QTYPE NS;
 * an answer for the hidden name that is not a referral turns minimisation off: the full
 * name next, to the same cut.
 */
static void test_qmin_knot_ns_cut(void **state)
{
	(void)state;
	struct direct *d = direct_new(resolver_profile_find("knot-6"), NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_NS, 0);
	assert_sent(d, "com.", LDNS_RR_TYPE_NS);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:com. IN NS a.gtld-servers.net.",
		     "D:a.gtld-servers.net. IN A 192.5.6.30", NULL);
	assert_sent(d, "example.com.", LDNS_RR_TYPE_NS);
	assert_string_equal(d->sent_to, "192.5.6.30");
	/* a CNAME at the hidden name: not a cut, ask the full name */
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0,
		     "A:example.com. IN CNAME nowhere.cdn.example.com.", NULL);
	assert_sent(d, "www.example.com.", LDNS_RR_TYPE_NS);
	assert_string_equal(d->sent_to, "192.5.6.30");
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN NS blackhole.", NULL);
	assert_non_null(d->answer);
	assert_int_equal(section_len(d->answer, DNS_SECTION_ANSWER), 1);
	direct_free(d);
}

/*
 * RFC 8109 3 root priming, as Unbound does it even when its hints come from a stub zone of
 * "." (iterator.c prime_root()): the first query to the hints asks for ". NS"; the real
 * question follows, sent to the servers the priming answer named.
 */
static void test_root_priming(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.qname_minimisation = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	assert_sent(d, ".", LDNS_RR_TYPE_NS);
	assert_string_equal(d->sent_to, "193.0.14.129");
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:. IN NS a.root-servers.net.",
		     "D:a.root-servers.net. IN A 198.41.0.4", NULL);
	assert_sent(d, "www.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "198.41.0.4");
	/* Knot Resolver's preset does not prime before its first query */
	struct direct *k = direct_new(resolver_profile_find("knot-6"), NULL);
	direct_ask(k, "www.example.com.", LDNS_RR_TYPE_A, 0);
	assert_sent(k, "com.", LDNS_RR_TYPE_NS);
	direct_free(k);
	direct_free(d);
}

/*
 * Unbound keeps only the answer records owned by the name asked (iter_scrub.c
 * scrub_sanitize: "Remainders of CNAME chains are cut off and resolved by iterator"): a
 * reply with www CNAME next plus next's A makes it ask for next itself.
 */
static void test_cname_chain_cut_in_reply(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.qname_minimisation = false;
	p.prime_root = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0,
		     "A:www.example.com. IN CNAME next.example.com.",
		     "A:next.example.com. IN A 10.20.30.0", NULL);
	assert_null(d->answer);
	assert_sent(d, "next.example.com.", LDNS_RR_TYPE_A);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:next.example.com. IN A 10.20.30.40", NULL);
	assert_non_null(d->answer);
	assert_int_equal(section_len(d->answer, DNS_SECTION_ANSWER), 2);
	struct dns_rrset *a =
	    section_find(d, DNS_SECTION_ANSWER, "next.example.com.", LDNS_RR_TYPE_A);
	assert_non_null(a);
	char *addr = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(a->rrs, 0), 0));
	assert_string_equal(addr, "10.20.30.40");
	free(addr);
	direct_free(d);
}

/*
 * Unbound's prefetch leeway (mesh_new_prefetch(), rrset_cache_update()): a prefetch started
 * with L seconds of the answer left stores its reply as if L seconds later, so the RRsets
 * expiring within L are replaced with their full TTL. The zone's NS set, which the
 * ghost-domain rule would otherwise keep at its remaining 360 s, comes back with 3600 s.
 */
static void test_prefetch_leeway_refreshes_ns(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.prefetch = true;
	p.full_responses = true;
	struct direct *d = direct_new(&p, "216.0.0.1");
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. 3600 IN A 10.20.30.40",
		     "U:example.com. 3600 IN NS ns.example.com.", NULL);
	/* at 3240 s, 360 s = 10% are left: answered from the cache, and prefetched */
	uint64_t token = d->token;
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, T_S(3240));
	assert_non_null(d->answer);
	assert_int_equal(
	    section_find(d, DNS_SECTION_ANSWER, "www.example.com.", LDNS_RR_TYPE_A)->ttl, 360);
	assert_true(d->token != token);
	direct_reply(d, LDNS_RCODE_NOERROR, true, T_S(3240),
		     "A:www.example.com. 3600 IN A 10.20.30.40",
		     "U:example.com. 3600 IN NS ns.example.com.", NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, T_S(3240));
	assert_int_equal(
	    section_find(d, DNS_SECTION_ANSWER, "www.example.com.", LDNS_RR_TYPE_A)->ttl, 3600);
	assert_int_equal(
	    section_find(d, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS)->ttl, 3600);
	direct_free(d);
}

/*
 * Knot Resolver's negative answers (lib/layer/iterate.c pick_authority(), and the packet
 * cache of lib/cache/entry_pkt.c): the client gets the reply's authority records inside the
 * zone (its NS set beside the SOA), the same again from the cache, and that NS set does not
 * replace the one the resolver follows.
 */
static void test_knot_negative_keeps_reply_authority(void **state)
{
	(void)state;
	struct direct *d = direct_new(resolver_profile_find("knot-6"), "216.0.0.1");
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40",
		     "U:example.com. IN NS ns.example.com.", NULL);
	assert_int_equal(section_len(d->answer, DNS_SECTION_AUTHORITY), 0); /* positive: none */
	direct_ask(d, "nx.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NXDOMAIN, true, 0, "U:example.com. IN SOA a. b. 1 2 3 4 300",
		     "U:example.com. IN NS nsb.example.com.", NULL);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(d->answer->rcode, LDNS_RCODE_NXDOMAIN);
		assert_int_equal(section_len(d->answer, DNS_SECTION_AUTHORITY), 2);
		struct dns_rrset *ns =
		    section_find(d, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS);
		assert_non_null(ns);
		assert_int_equal(dns_rrset_rdata_name(d->names, ns, 0),
				 dns_name_intern(d->names, "nsb.example.com."));
		direct_ask(d, "nx.example.com.", LDNS_RR_TYPE_A, T_S(10)); /* from the cache */
	}
	struct resolver_cache_answer a = resolver_cache_lookup(
	    resolver_get_cache(d->r), dns_name_intern(d->names, "example.com."), LDNS_RR_TYPE_NS,
	    LDNS_RR_CLASS_IN, T_S(10));
	assert_true(a.status != RESOLVER_CACHE_HIT ||
		    dns_rrset_rdata_name(d->names, a.rrset, 0) !=
			dns_name_intern(d->names, "nsb.example.com."));
	direct_free(d);
}

/*
 * Where addresses come from: Knot Resolver picks only authority records from a final answer
 * (lib/layer/iterate.c), so an address in an answer's additional section is not cached and
 * cannot displace the parent's glue; Unbound caches it (RFC 2181 5.4.1 rank: additional).
 */
static void test_answer_additional_knot_ignores(void **state)
{
	(void)state;
	const char *profiles[] = { "knot-6", "unbound" };
	for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++) {
		struct direct *d = direct_new(resolver_profile_find(profiles[i]), "216.0.0.1");
		direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
		direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40",
			     "U:example.com. IN NS ns.example.com.",
			     "D:ns.example.com. IN A 1.2.3.55", NULL);
		struct resolver_cache_answer a = resolver_cache_lookup(
		    resolver_get_cache(d->r), dns_name_intern(d->names, "ns.example.com."),
		    LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, 0);
		assert_int_equal(a.status, i == 0 ? RESOLVER_CACHE_MISS : RESOLVER_CACHE_HIT);
		direct_free(d);
	}
}

/*
 * RFC 1034 5.3.3: a server that fails is dropped from SLIST and the next one is tried; a
 * server without a known address gets one resolved first. When the only glued server
 * answers SERVFAIL, the glueless one is resolved and then asked.
 */
static void test_glueless_after_failed_server(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.qname_minimisation = false;
	p.prime_root = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0,
		     "U:example.com. IN NS ns.example.com.|example.com. IN NS ns.example.net.",
		     "D:ns.example.com. IN A 1.2.3.55", NULL);
	assert_sent(d, "www.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "1.2.3.55");
	direct_reply(d, LDNS_RCODE_SERVFAIL, false, 0, NULL);
	assert_sent(d, "ns.example.net.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "193.0.14.129");
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:ns.example.net. IN A 1.2.3.44", NULL);
	assert_sent(d, "www.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "1.2.3.44");
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40", NULL);
	assert_non_null(d->answer);
	assert_int_equal(d->answer->rcode, LDNS_RCODE_NOERROR);
	direct_free(d);
}

/*
 * RFC 1034 5.3.3 step 4: when no server of a zone cut can be asked (here the glue of its only
 * NS, a name inside the zone, has expired while the NS RRset lives on), the resolver goes
 * back to the parent for the delegation, whose referral brings the glue again.
 */
static void test_parent_fallback_for_expired_glue(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.qname_minimisation = false;
	p.prime_root = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:example.com. 3600 IN NS ns.example.com.",
		     "D:ns.example.com. 10 IN A 1.2.3.4", NULL);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40", NULL);
	assert_non_null(d->answer);
	direct_ask(d, "other.example.com.", LDNS_RR_TYPE_A, T_S(20));
	assert_sent(d, "other.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "193.0.14.129");
	direct_reply(d, LDNS_RCODE_NOERROR, false, T_S(20),
		     "U:example.com. 3600 IN NS ns.example.com.",
		     "D:ns.example.com. 10 IN A 1.2.3.4", NULL);
	assert_sent(d, "other.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "1.2.3.4");
	direct_free(d);
}

/*
 * Knot Resolver caches a NODATA without SOA for ttl-min, 5 s (resolvers.md 2.3: every packet
 * is cached for the min TTL over its records clamped to [5 s, 1 d]); RFC 2308 5 profiles such
 * as Unbound's do not cache it at all.
 */
static void test_knot_nodata_without_soa_5s(void **state)
{
	(void)state;
	struct direct *d = direct_new(resolver_profile_find("knot-6"), "216.0.0.1");
	direct_ask(d, "example.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, NULL);
	assert_int_equal(d->answer->rcode, LDNS_RCODE_NOERROR);
	uint64_t token = d->token;
	direct_ask(d, "example.", LDNS_RR_TYPE_A, T_S(4));
	assert_non_null(d->answer); /* from the cache */
	assert_int_equal(d->token, token);
	direct_ask(d, "example.", LDNS_RR_TYPE_A, T_S(5));
	assert_null(d->answer); /* expired: asked again */
	assert_true(d->token != token);
	direct_free(d);
}

/*
 * RFC 1034 4.3.1: without RD a query is answered from the cache. With nothing cached, not
 * even the root's NS set, Unbound primes the root (RFC 8109) and answers with the priming
 * reply: the root NS set in the answer section, its addresses in additional
 * (iterator.c processPrimeResponse).
 */
static void test_norec_empty_cache_primes(void **state)
{
	(void)state;
	struct direct *d = direct_new(resolver_profile_find("unbound"), NULL);
	struct dns_msg *q = dns_msg_new(0, dns_name_intern(d->names, "www.example.com."),
					LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
	resolver_query(d->r, q, 1, 0);
	dns_msg_free(q);
	direct_drain(d);
	assert_null(d->answer);
	assert_sent(d, ".", LDNS_RR_TYPE_NS);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:. IN NS k.root-servers.net.",
		     "D:k.root-servers.net. IN A 193.0.14.129", NULL);
	assert_non_null(d->answer);
	assert_int_equal(d->answer->rcode, LDNS_RCODE_NOERROR);
	assert_non_null(section_find(d, DNS_SECTION_ANSWER, ".", LDNS_RR_TYPE_NS));
	assert_non_null(
	    section_find(d, DNS_SECTION_ADDITIONAL, "k.root-servers.net.", LDNS_RR_TYPE_A));
	assert_int_equal(section_len(d->answer, DNS_SECTION_AUTHORITY), 0);
	direct_free(d);
}

/*
 * RFC 1034 4.3.2 / 5.3.3: a reply with no answer, no SOA and the NS set of a zone between the
 * cut and the name is a referral, even when the server wrongly sets AA (Deckard
 * iter_ns_badaa): the resolver follows it rather than taking it as NODATA.
 */
static void test_referral_with_false_aa(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("knot-6");
	p.qname_minimisation = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "catalyst.morecowbell.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "U:morecowbell. IN NS a.gtld-servers.net.",
		     "D:a.gtld-servers.net. IN A 192.5.6.30", NULL);
	assert_null(d->answer);
	assert_sent(d, "catalyst.morecowbell.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "192.5.6.30");
	direct_free(d);
}

/*
 * NS spoof protection (Deckard iter_ns_spoof, a Knot Resolver run): the zone cut Knot follows
 * comes from referrals; an answer whose authority section names another NS for the zone
 * (here the answered host itself) does not redirect the next query there.
 */
static void test_knot_answer_ns_does_not_move_cut(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("knot-6");
	p.qname_minimisation = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:example.com. IN NS ns.example.com.",
		     "D:ns.example.com. IN A 1.2.3.4", NULL);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40", NULL);
	direct_ask(d, "bad123.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:bad123.example.com. IN A 6.6.6.6",
		     "U:example.com. IN NS bad123.example.com.", NULL);
	direct_ask(d, "mail.example.com.", LDNS_RR_TYPE_A, 0);
	assert_sent(d, "mail.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "1.2.3.4");
	direct_free(d);
}

/*
 * An upward referral is lame (Unbound iter_scrub.c: "noerror, nodata and this NS rrset is
 * above the zone. This is LAME!"; Deckard iter_lame_aaaa): a NOERROR reply without data or
 * SOA whose authority holds the root's NS set, AA or not, is not a NODATA; the server is
 * lame for the zone, and with no other server left the client gets SERVFAIL.
 */
static void test_upward_referral_is_lame(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("knot-6");
	p.qname_minimisation = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "example.com.", LDNS_RR_TYPE_AAAA, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:example.com. IN NS ns.example.com.",
		     "D:ns.example.com. IN A 1.2.3.4", NULL);
	assert_string_equal(d->sent_to, "1.2.3.4");
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "U:. IN NS a.root-servers.net.",
		     "D:a.root-servers.net. IN A 198.41.0.4", NULL);
	assert_null(d->answer);
	/* no other server: the parent is asked for the delegation once more; its only server
	 * is known lame for the zone */
	assert_string_equal(d->sent_to, "193.0.14.129");
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0, "U:example.com. IN NS ns.example.com.",
		     "D:ns.example.com. IN A 1.2.3.4", NULL);
	assert_non_null(d->answer);
	assert_int_equal(d->answer->rcode, LDNS_RCODE_SERVFAIL);
	direct_free(d);
}

/*
 * "Recursion lame" (Unbound iter_resptype.c RESPONSE_TYPE_REC_LAME, unbound testdata
 * iter_ranoaa_lame): a delegated server that answers with RA and without AA serves from a
 * recursive cache, so another server of the zone is asked, here after resolving its address;
 * the other server's authoritative answer is the one the client gets.
 */
static void test_recursion_lame_server_skipped(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.qname_minimisation = false;
	p.prime_root = false;
	struct direct *d = direct_new(&p, NULL);
	direct_ask(d, "www.example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, false, 0,
		     "U:example.com. IN NS ns.example.com.|example.com. IN NS ns.example.net.",
		     "D:ns.example.com. IN A 1.2.3.55", NULL);
	assert_string_equal(d->sent_to, "1.2.3.55");
	struct dns_msg *m =
	    dns_msg_new(d->sent->id, d->sent->qname, d->sent->qtype, d->sent->qclass);
	m->qr = true;
	m->ra = true;
	struct dns_rrset *bad = rrset_of(d->names, "www.example.com. IN A 10.20.30.50");
	dns_msg_add(m, DNS_SECTION_ANSWER, bad);
	dns_rrset_unref(bad);
	resolver_receive(d->r, d->token, m, 0);
	dns_msg_free(m);
	direct_drain(d);
	assert_null(d->answer);
	assert_sent(d, "ns.example.net.", LDNS_RR_TYPE_A);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:ns.example.net. IN A 1.2.3.44", NULL);
	assert_sent(d, "www.example.com.", LDNS_RR_TYPE_A);
	assert_string_equal(d->sent_to, "1.2.3.44");
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:www.example.com. IN A 10.20.30.40", NULL);
	struct dns_rrset *a =
	    section_find(d, DNS_SECTION_ANSWER, "www.example.com.", LDNS_RR_TYPE_A);
	assert_non_null(a);
	char *addr = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(a->rrs, 0), 0));
	assert_string_equal(addr, "10.20.30.40");
	free(addr);
	direct_free(d);
}

/*
 * RFC 8767 serve-stale on a cache-only (RD=0) query, as Unbound with serve-expired,
 * serve-expired-client-timeout 0, reply TTL 123 and ede-serve-expired: the expired answer is
 * served with TTL 123 in every section (the message as cached), the DO bit of the query is
 * echoed (RFC 3225 3), EDE 3 "Stale Answer" is attached (RFC 8914 4.4), and a refresh goes
 * upstream in the background.
 */
static void test_stale_norec_answer_ede(void **state)
{
	(void)state;
	struct resolver_profile p = *resolver_profile_find("unbound");
	p.full_responses = true;
	p.serve_stale = RESOLVER_STALE_IMMEDIATE;
	p.stale_ttl_s = 123;
	p.ede_stale = true;
	struct direct *d = direct_new(&p, "216.0.0.1");
	direct_ask(d, "example.com.", LDNS_RR_TYPE_A, 0);
	direct_reply(d, LDNS_RCODE_NOERROR, true, 0, "A:example.com. 200 IN A 5.6.7.8",
		     "U:example.com. 3600 IN NS ns.example.com.",
		     "D:ns.example.com. 3600 IN A 1.2.3.4", NULL);
	assert_false(d->answer->has_ede);
	uint64_t token = d->token;
	struct dns_msg *q = dns_msg_new(0, dns_name_intern(d->names, "example.com."),
					LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
	q->edns_udp_size = 4096;
	q->dnssec_ok = true;
	dns_msg_free(d->answer);
	d->answer = NULL;
	resolver_query(d->r, q, 2, T_S(3600));
	dns_msg_free(q);
	direct_drain(d);
	assert_non_null(d->answer);
	assert_int_equal(section_find(d, DNS_SECTION_ANSWER, "example.com.", LDNS_RR_TYPE_A)->ttl,
			 123);
	assert_int_equal(
	    section_find(d, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS)->ttl, 123);
	assert_int_equal(
	    section_find(d, DNS_SECTION_ADDITIONAL, "ns.example.com.", LDNS_RR_TYPE_A)->ttl, 123);
	assert_true(d->answer->dnssec_ok);
	assert_true(d->answer->has_ede);
	assert_int_equal(d->answer->ede, 3);
	assert_true(d->token != token); /* the refresh */
	assert_sent(d, "example.com.", LDNS_RR_TYPE_A);
	direct_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iterates_from_root),
		cmocka_unit_test(test_cache_counts_down),
		cmocka_unit_test(test_nxdomain_cached_by_soa),
		cmocka_unit_test(test_nodata_per_type),
		cmocka_unit_test(test_cname_into_nxdomain),
		cmocka_unit_test(test_truncation_then_tcp),
		cmocka_unit_test(test_dead_server),
		cmocka_unit_test(test_glueless_delegation),
		cmocka_unit_test(test_lame_server),
		cmocka_unit_test(test_prefetch_last_tenth),
		cmocka_unit_test(test_serve_stale_timer),
		cmocka_unit_test(test_no_stale_servfail),
		cmocka_unit_test(test_outage_expired_no_stale),
		cmocka_unit_test(test_full_response_keeps_reply_shape),
		cmocka_unit_test(test_full_response_nxdomain_drops_ns),
		cmocka_unit_test(test_qmin_unbound_a_labels),
		cmocka_unit_test(test_qmin_knot_ns_cut),
		cmocka_unit_test(test_root_priming),
		cmocka_unit_test(test_cname_chain_cut_in_reply),
		cmocka_unit_test(test_prefetch_leeway_refreshes_ns),
		cmocka_unit_test(test_knot_negative_keeps_reply_authority),
		cmocka_unit_test(test_answer_additional_knot_ignores),
		cmocka_unit_test(test_glueless_after_failed_server),
		cmocka_unit_test(test_parent_fallback_for_expired_glue),
		cmocka_unit_test(test_knot_nodata_without_soa_5s),
		cmocka_unit_test(test_norec_empty_cache_primes),
		cmocka_unit_test(test_referral_with_false_aa),
		cmocka_unit_test(test_knot_answer_ns_does_not_move_cut),
		cmocka_unit_test(test_upward_referral_is_lame),
		cmocka_unit_test(test_recursion_lame_server_skipped),
		cmocka_unit_test(test_stale_norec_answer_ede),
	};
	return cmocka_run_group_tests_name("resolver", tests, NULL, NULL);
}
