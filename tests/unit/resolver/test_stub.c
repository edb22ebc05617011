/*
 * Client stacks (resolver/stub.h) driven in virtual time by a fake set of recursive resolvers
 * that answer at once (or after a set delay), never (dead), or with SERVFAIL. Every test names
 * the shared/reference/resolvers.md rule it checks and derives its numbers from that rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <string.h>

#include "resolver/stub.h"
#include "sim/util.h"

#define S(x)  ((int64_t)(x)*SIM_NS_PER_S)
#define MS(x) ((int64_t)(x)*SIM_NS_PER_MS)

enum fake_mode {
	FAKE_ALIVE,
	FAKE_DEAD,
	FAKE_SERVFAIL,
};

struct fake_resolver {
	enum fake_mode mode;
	int64_t delay_ns; /* answer this long after the query */
	guint sends;
};

enum event_kind {
	EVENT_TIMER,
	EVENT_RESPONSE,
};

struct event {
	int64_t at_ns;
	uint64_t seq; /* ties fire in the order they were scheduled */
	enum event_kind kind;
	uint64_t token;
	struct dns_msg *msg; /* RESPONSE */
};

struct send_record {
	int64_t at_ns;
	guint resolver;
};

struct got {
	uint64_t token;
	int64_t at_ns;
	struct resolver_stack_result r;
};

struct harness {
	dns_names *names;
	resolver_stack *stack;
	resolver_stack_client *client;
	struct fake_resolver res[4];
	GArray *events;	 /* struct event */
	GArray *sends;	 /* struct send_record */
	GArray *results; /* struct got */
	uint64_t seq;
	uint64_t next_token;
	int64_t now_ns;
	uint32_t ttl_s;	  /* TTL of the A records the resolvers give */
	uint32_t soa_ttl; /* negative answers: SOA TTL and MINIMUM */
	uint32_t soa_min;
	uint8_t octet; /* last octet of the A record (to see a refresh) */
};

static struct harness *h_new(const char *const *layers, guint n_layers, guint n_res, guint slots)
{
	struct harness *h = g_new0(struct harness, 1);
	g_autoptr(GError) error = NULL;
	h->names = dns_names_new();
	h->stack = resolver_stack_new(layers, n_layers, n_res, slots, &error);
	assert_null(error);
	assert_non_null(h->stack);
	h->client = resolver_stack_client_new(h->stack);
	h->events = g_array_new(FALSE, FALSE, sizeof(struct event));
	h->sends = g_array_new(FALSE, FALSE, sizeof(struct send_record));
	h->results = g_array_new(FALSE, FALSE, sizeof(struct got));
	h->ttl_s = 300;
	h->soa_ttl = 3600;
	h->soa_min = 300;
	h->octet = 1;
	return h;
}

static void h_free(struct harness *h)
{
	for (guint i = 0; i < h->events->len; i++) {
		dns_msg_free(g_array_index(h->events, struct event, i).msg);
	}
	for (guint i = 0; i < h->results->len; i++) {
		dns_rrset_unref(g_array_index(h->results, struct got, i).r.rrset);
	}
	resolver_stack_client_free(h->stack, h->client);
	resolver_stack_free(h->stack);
	g_array_free(h->events, TRUE);
	g_array_free(h->sends, TRUE);
	g_array_free(h->results, TRUE);
	dns_names_free(h->names);
	g_free(h);
}

static struct dns_rrset *make_rrset(struct harness *h, const char *text, uint32_t owner,
				    uint16_t type, uint32_t ttl)
{
	struct dns_rrset *set = dns_rrset_new(owner, type, LDNS_RR_CLASS_IN, ttl);
	ldns_rr *rr = NULL;
	assert_int_equal(ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL), LDNS_STATUS_OK);
	dns_rrset_add(set, rr);
	return set;
}

/* The fake resolvers' world: names starting "nx" do not exist, names starting "nodata" have
 * no A record, every other name has one A record of TTL h->ttl_s. */
static struct dns_msg *make_response(struct harness *h, const struct dns_msg *q,
				     enum fake_mode mode)
{
	struct dns_msg *m = dns_msg_new(q->id, q->qname, q->qtype, q->qclass);
	m->qr = true;
	m->rd = true;
	m->ra = true;
	if (mode == FAKE_SERVFAIL) {
		m->rcode = LDNS_RCODE_SERVFAIL;
		return m;
	}
	const char *name = dns_name_text(h->names, q->qname);
	if (g_str_has_prefix(name, "nx") || g_str_has_prefix(name, "nodata")) {
		m->rcode = g_str_has_prefix(name, "nx") ? LDNS_RCODE_NXDOMAIN : LDNS_RCODE_NOERROR;
		g_autofree char *soa = g_strdup_printf(
		    "example.com. %u IN SOA ns.example.com. admin.example.com. 1 7200 900 1209600 %u",
		    h->soa_ttl, h->soa_min);
		uint32_t zone = dns_name_intern(h->names, "example.com.");
		struct dns_rrset *set = make_rrset(h, soa, zone, LDNS_RR_TYPE_SOA, h->soa_ttl);
		dns_msg_add(m, DNS_SECTION_AUTHORITY, set);
		dns_rrset_unref(set);
		return m;
	}
	g_autofree char *a = g_strdup_printf("%s %u IN A 192.0.2.%u", name, h->ttl_s, h->octet);
	struct dns_rrset *set = make_rrset(h, a, q->qname, LDNS_RR_TYPE_A, h->ttl_s);
	dns_msg_add(m, DNS_SECTION_ANSWER, set);
	dns_rrset_unref(set);
	return m;
}

static void push_event(struct harness *h, int64_t at_ns, enum event_kind kind, uint64_t token,
		       struct dns_msg *msg)
{
	struct event e = { at_ns, h->seq++, kind, token, msg };
	assert_true(at_ns >= h->now_ns);
	g_array_append_val(h->events, e);
}

/* Play the stack's actions: SENDs reach the fake resolvers, TIMERs are queued. */
static void drain(struct harness *h)
{
	struct resolver_stack_action a;
	while (resolver_stack_next_action(h->stack, &a)) {
		switch (a.kind) {
		case RESOLVER_STACK_ACTION_SEND: {
			assert_true(a.resolver < G_N_ELEMENTS(h->res));
			assert_ptr_equal(a.client, h->client);
			struct fake_resolver *r = &h->res[a.resolver];
			struct send_record rec = { h->now_ns, a.resolver };
			g_array_append_val(h->sends, rec);
			r->sends++;
			if (r->mode != FAKE_DEAD) {
				struct dns_msg *q =
				    dns_msg_new(a.msg_id, a.qname, a.qtype, LDNS_RR_CLASS_IN);
				q->rd = true;
				push_event(h, h->now_ns + r->delay_ns, EVENT_RESPONSE, a.token,
					   make_response(h, q, r->mode));
				dns_msg_free(q);
			}
			break;
		}
		case RESOLVER_STACK_ACTION_TIMER:
			push_event(h, a.at_ns, EVENT_TIMER, a.token, NULL);
			break;
		case RESOLVER_STACK_ACTION_RESULT: {
			struct got g = { a.token, h->now_ns, a.result };
			g_array_append_val(h->results, g);
			break;
		}
		}
	}
}

/* Fire the earliest event if it is due by limit_ns. */
static bool step(struct harness *h, int64_t limit_ns)
{
	guint best = G_MAXUINT;
	for (guint i = 0; i < h->events->len; i++) {
		const struct event *e = &g_array_index(h->events, struct event, i);
		const struct event *b =
		    best == G_MAXUINT ? NULL : &g_array_index(h->events, struct event, best);
		if (b == NULL || e->at_ns < b->at_ns || (e->at_ns == b->at_ns && e->seq < b->seq)) {
			best = i;
		}
	}
	if (best == G_MAXUINT) {
		return false;
	}
	struct event e = g_array_index(h->events, struct event, best);
	if (e.at_ns > limit_ns) {
		return false;
	}
	g_array_remove_index(h->events, best);
	h->now_ns = e.at_ns;
	if (e.kind == EVENT_TIMER) {
		resolver_stack_timer(h->stack, e.token, h->now_ns);
	} else {
		resolver_stack_receive(h->stack, e.token, e.msg, h->now_ns);
		dns_msg_free(e.msg);
	}
	drain(h);
	return true;
}

static void run_until(struct harness *h, int64_t t_ns)
{
	while (step(h, t_ns)) {
	}
	h->now_ns = t_ns;
}

static const struct got *find_result(struct harness *h, uint64_t token)
{
	for (guint i = 0; i < h->results->len; i++) {
		const struct got *g = &g_array_index(h->results, struct got, i);
		if (g->token == token) {
			return g;
		}
	}
	return NULL;
}

/* Look name/A up at t_ns and run the world until its RESULT; background work may remain. */
static const struct got *lookup(struct harness *h, int64_t t_ns, const char *name)
{
	run_until(h, t_ns);
	uint64_t token = ++h->next_token;
	uint32_t qname = dns_name_intern(h->names, name);
	resolver_stack_lookup(h->stack, h->client, qname, LDNS_RR_TYPE_A, token, h->now_ns);
	drain(h);
	const struct got *g;
	while ((g = find_result(h, token)) == NULL) {
		if (!step(h, SIM_TIME_NEVER)) {
			fail_msg("no result for %s", name);
		}
	}
	return g;
}

static guint sends_between(struct harness *h, int64_t from_ns, int64_t to_ns, guint resolver)
{
	guint n = 0;
	for (guint i = 0; i < h->sends->len; i++) {
		const struct send_record *r = &g_array_index(h->sends, struct send_record, i);
		if (r->at_ns >= from_ns && r->at_ns <= to_ns && r->resolver == resolver) {
			n++;
		}
	}
	return n;
}

#define LAYERS(...)                                                                                \
	((const char *const[]){ __VA_ARGS__ }), G_N_ELEMENTS(((const char *[]){ __VA_ARGS__ }))

/* ---- fixed lifetimes (resolvers.md 6.1: Java 30 s, curl 60 s, nginx static = infinite) ---- */

/* 3.10, 7.1 java-default: fixed 30 s, the DNS TTL ignored. A TTL 300 answer is reused at 29 s
 * and asked for again at 31 s. */
static void test_java_fixed_30s_long_ttl(void **state)
{
	struct harness *h = h_new(LAYERS("java-default"), 1, 0);
	h->ttl_s = 300;
	const struct got *g = lookup(h, 0, "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(g->r.ttl_s, 300);
	g = lookup(h, S(29), "www.example.com");
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, 30 - 29);
	assert_int_equal(h->res[0].sends, 1);
	g = lookup(h, S(31), "www.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(h->res[0].sends, 2);
	/* no stub layer: the OS default is glibc's (docs/design/clients.md) */
	assert_string_equal(resolver_stack_transport_name(h->stack), "glibc-stub");
	h_free(h);
}

/* 3.10, 7.2: Java does not use the TTL at all, so a TTL 5 answer is still reused at 29 s. */
static void test_java_fixed_30s_short_ttl(void **state)
{
	struct harness *h = h_new(LAYERS("java-default"), 1, 0);
	h->ttl_s = 5;
	lookup(h, 0, "www.example.com");
	const struct got *g = lookup(h, S(29), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(h->res[0].sends, 1);
	g = lookup(h, S(31), "www.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);
}

/* 3.10 networkaddress.cache.negative.ttl = 10 s, 7.1 java-default "fixed 10": an NXDOMAIN is
 * reused at 9 s, asked again at 11 s. */
static void test_java_negative_10s(void **state)
{
	struct harness *h = h_new(LAYERS("java-default"), 1, 0);
	const struct got *g = lookup(h, 0, "nx.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_NXDOMAIN);
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(g->r.ttl_s, 300); /* RFC 2308: min(SOA TTL 3600, MINIMUM 300) */
	g = lookup(h, S(9), "nx.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_NXDOMAIN);
	assert_int_equal(g->r.layer, 0);
	g = lookup(h, S(11), "nx.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(h->res[0].sends, 2);
	h_free(h);
}

/* 6.3 client rows: Java caches a failed lookup 10 s. With the only resolver dead the OS stub
 * (glibc, 3.1) fails after timeout x attempts x servers = 5 x 2 x 1 = 10 s; the application
 * then sees the cached failure at once until 10 s later. */
static void test_java_failure_10s_dead_resolver(void **state)
{
	struct harness *h = h_new(LAYERS("java-default"), 1, 0);
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->at_ns, S(5) * 2 * 1);
	g = lookup(h, S(19), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.elapsed_ns, 0);
	g = lookup(h, S(21), "www.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(g->at_ns, S(21) + S(10));
	h_free(h);
}

/* 3.8, 7.1 chrome-async-dns: cache TTL = max(record TTL, 60 s), a floor not a cap. A TTL 10
 * answer lives 60 s; a TTL 0 one too (7.2: raised to 60 s). */
static void test_chrome_async_60s_floor(void **state)
{
	struct harness *h = h_new(LAYERS("chrome-async-dns"), 1, 0);
	h->ttl_s = 10;
	lookup(h, 0, "www.example.com");
	const struct got *g = lookup(h, S(59), "www.example.com");
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, 60 - 59);
	g = lookup(h, S(61), "www.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);

	h->ttl_s = 0;
	lookup(h, S(100), "zero.example.com");
	g = lookup(h, S(159), "zero.example.com");
	assert_int_equal(g->r.layer, 0);
	/* a TTL above the floor is kept as it is */
	h->ttl_s = 600;
	lookup(h, S(200), "long.example.com");
	g = lookup(h, S(799), "long.example.com");
	assert_int_equal(g->r.layer, 0);
	g = lookup(h, S(801), "long.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);
}

/* 3.13, 7.1 curl: fixed 60 s, the DNS TTL not used, whether 3600 or 1. */
static void test_curl_fixed_60s(void **state)
{
	struct harness *h = h_new(LAYERS("curl"), 1, 0);
	h->ttl_s = 3600;
	lookup(h, 0, "www.example.com");
	assert_int_equal(lookup(h, S(59), "www.example.com")->r.layer, 0);
	assert_int_equal(lookup(h, S(61), "www.example.com")->r.layer,
			 RESOLVER_STACK_LAYER_NETWORK);
	h->ttl_s = 1;
	lookup(h, S(100), "short.example.com");
	assert_int_equal(lookup(h, S(159), "short.example.com")->r.layer, 0);
	/* 3.13: curl 8.22 caches no transient failure */
	h->res[0].mode = FAKE_SERVFAIL;
	assert_int_equal(lookup(h, S(300), "fail.example.com")->r.outcome, RESOLVER_STACK_SERVFAIL);
	assert_int_equal(lookup(h, S(301), "fail.example.com")->r.layer,
			 RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);
}

/* 3.14, 7.1 nginx-static-upstream: resolved once at load, never refreshed (infinite): still
 * the first answer a year later, with the resolver long dead. */
static void test_nginx_static_forever(void **state)
{
	struct harness *h = h_new(LAYERS("nginx-static-upstream"), 1, 0);
	h->ttl_s = 1;
	lookup(h, 0, "backend.example.com");
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 365 * SIM_NS_PER_DAY, "backend.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, RESOLVER_TTL_MAX_S);
	assert_int_equal(h->res[0].sends, 1);
	h_free(h);
}

/* 3.4, 7.1 systemd-resolved, 7.2: TTL 0 is not cached; positive TTLs are capped at 2 h. */
static void test_resolved_ttl0_and_cap(void **state)
{
	struct harness *h = h_new(LAYERS("systemd-resolved"), 1, 0);
	assert_string_equal(resolver_stack_transport_name(h->stack), "systemd-resolved");
	h->ttl_s = 0;
	lookup(h, 0, "zero.example.com");
	assert_int_equal(lookup(h, 1, "zero.example.com")->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	h->ttl_s = 86400;
	lookup(h, S(10), "day.example.com");
	const struct got *g = lookup(h, S(10) + S(7199), "day.example.com");
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, 1);
	g = lookup(h, S(10) + S(7201), "day.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);
}

/* 3.4: SERVFAIL is cached 10 s (CACHE_TTL_STRANGE_RCODE_USEC). */
static void test_resolved_servfail_10s(void **state)
{
	struct harness *h = h_new(LAYERS("systemd-resolved"), 1, 0);
	h->res[0].mode = FAKE_SERVFAIL;
	const struct got *g = lookup(h, 0, "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_SERVFAIL);
	assert_int_equal(g->at_ns, 0);
	h->res[0].mode = FAKE_ALIVE;
	g = lookup(h, S(9), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_SERVFAIL);
	assert_int_equal(g->r.layer, 0);
	g = lookup(h, S(11), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);
}

/* 3.4, 7.1 systemd-resolved: <= 24 attempts of ~5 s each, 120 s in all, moving to the next
 * server after each failure. With both servers dead: TIMEOUT at 24 x 5 s = 120 s, 12 sends to
 * each. A timeout is not an rcode: resolved does not cache it (only SERVFAIL, 10 s), so the
 * next lookup goes to the network again. */
static void test_resolved_all_dead(void **state)
{
	struct harness *h = h_new(LAYERS("systemd-resolved"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	h->res[1].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.elapsed_ns, 24 * S(5));
	assert_int_equal(h->res[0].sends, 12);
	assert_int_equal(h->res[1].sends, 12);
	g = lookup(h, S(121), "a.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	h_free(h);
}

/* 3.1, 6.6, 7.1 glibc-stub: servers in order from the first on every lookup, 5 s each. With
 * the primary dead a lookup answers after 5 s from the secondary, and the next lookup pays
 * the 5 s again. */
static void test_glibc_dead_primary_every_lookup(void **state)
{
	struct harness *h = h_new(LAYERS("glibc-stub"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, S(5));
	g = lookup(h, S(100), "a.example.com"); /* glibc has no cache */
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, S(5));
	assert_int_equal(sends_between(h, S(100), S(100), 0), 1);
	assert_int_equal(sends_between(h, S(105), S(105), 1), 1);
	h_free(h);
}

/* 3.4, 6.6: resolved moves to the next server when the current one fails and stays there.
 * The first lookup pays one 5 s attempt timeout; the next goes straight to the secondary. */
static void test_resolved_dead_primary_switches(void **state)
{
	struct harness *h = h_new(LAYERS("systemd-resolved"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, S(5));
	g = lookup(h, S(100), "b.example.com");
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, 0);
	assert_int_equal(h->res[0].sends, 1);
	h_free(h);
}

/* 3.2, 7.1 musl-stub: every server at once, the first reply wins: as fast as the living one. */
static void test_musl_parallel_first_answer(void **state)
{
	struct harness *h = h_new(LAYERS("musl-stub"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	h->res[1].delay_ns = MS(30);
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, MS(30));
	assert_int_equal(sends_between(h, 0, 0, 0), 1);
	assert_int_equal(sends_between(h, 0, 0, 1), 1);
	/* both alive: the faster one answers */
	h->res[0].mode = FAKE_ALIVE;
	h->res[0].delay_ns = MS(10);
	g = lookup(h, S(10), "b.example.com");
	assert_int_equal(g->r.resolver, 0);
	assert_int_equal(g->r.elapsed_ns, MS(10));
	/* all dead: 7.1 musl-stub 5 s, after 2 rounds (3.2: retransmit at 5 s / 2 attempts) */
	h->res[0].mode = FAKE_DEAD;
	h->res[1].mode = FAKE_DEAD;
	g = lookup(h, S(20), "c.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.elapsed_ns, S(5));
	assert_int_equal(sends_between(h, S(20), S(25), 0), 2);
	assert_int_equal(sends_between(h, S(22) + MS(500), S(22) + MS(500), 1), 1);
	h_free(h);
}

/* 3.1: with every server dead glibc gives up after attempts x servers x timeout: 2 x 2 x 5 s
 * = 20 s with two resolvers, 2 x 3 x 5 = 30 s (7.1's worst case) with three, and a fourth is
 * never asked (MAXNS 3). Order: server 1, 2, 1, 2 every 5 s. */
static void test_glibc_all_dead(void **state)
{
	struct harness *h = h_new(LAYERS("glibc-stub"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	h->res[1].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.elapsed_ns, 2 * 2 * S(5));
	static const int64_t at[] = { 0, S(5), S(10), S(15) };
	assert_int_equal(h->sends->len, G_N_ELEMENTS(at));
	for (guint i = 0; i < G_N_ELEMENTS(at); i++) {
		const struct send_record *r = &g_array_index(h->sends, struct send_record, i);
		assert_int_equal(r->at_ns, at[i]);
		assert_int_equal(r->resolver, i % 2);
	}
	h_free(h);

	h = h_new(LAYERS("glibc-stub"), 4, 0);
	for (guint i = 0; i < 4; i++) {
		h->res[i].mode = FAKE_DEAD;
	}
	g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.elapsed_ns, 2 * 3 * S(5));
	assert_int_equal(h->res[3].sends, 0);
	h_free(h);
}

/* Not in resolvers.md (glibc res_send moves to the next server on SERVFAIL): a SERVFAILing
 * primary costs no timeout, the secondary answers at once. */
static void test_glibc_servfail_next_server(void **state)
{
	struct harness *h = h_new(LAYERS("glibc-stub"), 2, 0);
	h->res[0].mode = FAKE_SERVFAIL;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, 0);
	/* both failing: SERVFAIL at once, each asked once */
	h->res[1].mode = FAKE_SERVFAIL;
	g = lookup(h, S(1), "b.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_SERVFAIL);
	assert_int_equal(g->r.elapsed_ns, 0);
	assert_int_equal(h->res[0].sends, 2);
	h_free(h);
}

/* 7.1 c-ares: 2 s x 3 tries, servers in order (3.13). A dead primary costs 2 s on every
 * lookup; with both dead the 6 s budget ends the lookup before the sixth send (3 x 2 x 2 s
 * would be 12 s): sends at 0, 2 and 4 s. */
static void test_cares_budget(void **state)
{
	struct harness *h = h_new(LAYERS("c-ares"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, S(2));
	h->res[1].mode = FAKE_DEAD;
	g = lookup(h, S(100), "b.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.elapsed_ns, 3 * S(2));
	assert_int_equal(sends_between(h, S(100), S(106), 0) + sends_between(h, S(100), S(106), 1),
			 3);
	h_free(h);
}

/* 3.5, 7.1 windows-client: with one server, queries at 0, 1, 2, 4 and 8 s, failure at 10 s. */
static void test_windows_schedule(void **state)
{
	struct harness *h = h_new(LAYERS("windows-client"), 1, 0);
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.elapsed_ns, S(10));
	static const int64_t at[] = { 0, S(1), S(2), S(4), S(8) };
	assert_int_equal(h->sends->len, G_N_ELEMENTS(at));
	for (guint i = 0; i < G_N_ELEMENTS(at); i++) {
		assert_int_equal(g_array_index(h->sends, struct send_record, i).at_ns, at[i]);
	}
	/* 3.5: "preferred server first, then all servers": with a dead primary the secondary
	 * answers at the second send time, 1 s */
	h_free(h);
	h = h_new(LAYERS("windows-client"), 2, 0);
	h->res[0].mode = FAKE_DEAD;
	g = lookup(h, 0, "a.example.com");
	assert_int_equal(g->r.resolver, 1);
	assert_int_equal(g->r.elapsed_ns, S(1));
	h_free(h);
}

/* 6.7 stacking, 3.10 + 3.4: java-default over systemd-resolved. Record TTL 45:
 * t=0 network (resolved keeps it to 45 s, Java to 30 s); t=29 Java; t=31 resolved (14 s
 * left; Java takes it again for 30 s, to 61 s); t=50 Java although resolved's entry expired at
 * 45 s; t=62 both expired: network. */
static void test_stack_java_over_resolved(void **state)
{
	struct harness *h = h_new(LAYERS("java-default", "systemd-resolved"), 1, 0);
	h->ttl_s = 45;
	assert_int_equal(lookup(h, 0, "www.example.com")->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(lookup(h, S(29), "www.example.com")->r.layer, 0);
	const struct got *g = lookup(h, S(31), "www.example.com");
	assert_int_equal(g->r.layer, 1);
	assert_int_equal(g->r.ttl_s, 45 - 31);
	g = lookup(h, S(50), "www.example.com");
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, 61 - 50);
	assert_int_equal(lookup(h, S(62), "www.example.com")->r.layer,
			 RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(h->res[0].sends, 2);
	h_free(h);
}

/* 3.9, 7.1 firefox: grace 60 s. A TTL 30 entry expired at 30 s is still used, at once, within
 * 60 s past expiry while a revalidation runs; with the resolver dead it keeps being used until
 * 90 s; after that the lookup waits for the OS stub (glibc, 1 server: 10 s) and the failure is
 * cached 60 s (6.3: Firefox 60 s). */
static void test_firefox_grace(void **state)
{
	struct harness *h = h_new(LAYERS("firefox"), 1, 0);
	h->ttl_s = 30;
	lookup(h, 0, "www.example.com");
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, S(40), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	assert_int_equal(g->r.layer, 0);
	assert_true(g->r.stale);
	assert_int_equal(g->r.elapsed_ns, 0);
	assert_int_equal(h->res[0].sends, 2); /* the revalidation went out */
	g = lookup(h, S(80), "www.example.com");
	assert_true(g->r.stale);
	assert_int_equal(g->r.elapsed_ns, 0);
	g = lookup(h, S(91), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(g->at_ns, S(91) + S(10));
	g = lookup(h, S(101) + S(59), "www.example.com");
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	assert_int_equal(g->r.layer, 0);
	h_free(h);
}

/* 3.9: the revalidation of a grace answer refreshes the entry: the next lookup is fresh. */
static void test_firefox_grace_refresh(void **state)
{
	struct harness *h = h_new(LAYERS("firefox"), 1, 0);
	h->ttl_s = 30;
	lookup(h, 0, "www.example.com");
	h->octet = 2; /* the record changed */
	const struct got *g = lookup(h, S(40), "www.example.com");
	assert_true(g->r.stale);
	assert_int_equal(g->r.rrset->ttl, 30);
	g = lookup(h, S(41), "www.example.com");
	assert_false(g->r.stale);
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, 29);
	g_autoptr(GString) text = g_string_new(NULL);
	dns_rrset_print(g->r.rrset, text);
	assert_non_null(strstr(text->str, "192.0.2.2"));
	h_free(h);
}

/* 3.6, 7.1 macos-ios: negative TTL has a 60 s floor and doubles when a negative entry already
 * existed: SOA minimum 30 -> 60 s, then 120 s. */
static void test_macos_negative_doubling(void **state)
{
	struct harness *h = h_new(LAYERS("macos-ios"), 1, 0);
	h->soa_min = 30;
	assert_int_equal(lookup(h, 0, "nx.example.com")->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(lookup(h, S(59), "nx.example.com")->r.layer, 0);
	assert_int_equal(lookup(h, S(61), "nx.example.com")->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	assert_int_equal(lookup(h, S(61) + S(119), "nx.example.com")->r.layer, 0);
	assert_int_equal(lookup(h, S(61) + S(121), "nx.example.com")->r.layer,
			 RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);
}

/* 7.1 envoy-strict-dns: re-resolve every 5 s and keep the last good hosts when that fails
 * [mem]: with the resolver dead the old hosts are served indefinitely. */
static void test_envoy_keeps_last_good(void **state)
{
	struct harness *h = h_new(LAYERS("envoy-strict-dns"), 1, 0);
	h->ttl_s = 3600;
	lookup(h, 0, "backend.example.com");
	assert_int_equal(lookup(h, S(4), "backend.example.com")->r.layer, 0);
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, S(6), "backend.example.com");
	assert_true(g->r.stale);
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	g = lookup(h, SIM_NS_PER_DAY, "backend.example.com");
	assert_true(g->r.stale);
	assert_int_equal(g->r.outcome, RESOLVER_STACK_ANSWER);
	h_free(h);
}

/* 3.3 nscd: a failed reload keeps the old record and extends it by its TTL, at most
 * reload-count (5) times. TTL 100, resolver dead from 50 s: at 101 s the old record is used
 * and its reload fails at 111 s (glibc 10 s), extending it to 211 s. */
static void test_nscd_keeps_old_record(void **state)
{
	struct harness *h = h_new(LAYERS("nscd-hosts"), 1, 0);
	h->ttl_s = 100;
	lookup(h, 0, "www.example.com");
	h->res[0].mode = FAKE_DEAD;
	const struct got *g = lookup(h, S(101), "www.example.com");
	assert_true(g->r.stale);
	g = lookup(h, S(150), "www.example.com");
	assert_false(g->r.stale);
	assert_int_equal(g->r.layer, 0);
	assert_int_equal(g->r.ttl_s, 211 - 150);
	/* each later expiry: stale, the reload fails 10 s later and adds 100 s. Reloads 2..5
	 * start at 212, 322, 432 and 542 s and extend the record to 652 s; after the fifth
	 * failed reload it is not used any more */
	int64_t t = S(212);
	for (int i = 2; i <= 5; i++) {
		g = lookup(h, t, "www.example.com");
		assert_true(g->r.stale);
		t += S(110);
	}
	g = lookup(h, S(652), "www.example.com");
	assert_false(g->r.stale);
	assert_int_equal(g->r.outcome, RESOLVER_STACK_TIMEOUT);
	h_free(h);
}

/* Compactness (docs/design/clients.md): 8 bytes of server state plus 32 bytes per cache
 * slot; a layer without a cache costs nothing. A full cache evicts the entry that expires
 * first. */
static void test_client_size_and_eviction(void **state)
{
	struct harness *h = h_new(LAYERS("java-default", "systemd-resolved"), 2, 0);
	assert_int_equal(resolver_stack_client_size(h->stack), 8 + 2 * 4 * 32);
	h_free(h);
	h = h_new(LAYERS("glibc-stub"), 2, 0);
	assert_int_equal(resolver_stack_client_size(h->stack), 8);
	h_free(h);

	h = h_new(LAYERS("systemd-resolved"), 1, 2);
	h->ttl_s = 100;
	lookup(h, 0, "a.example.com"); /* expires 100 */
	h->ttl_s = 50;
	lookup(h, 0, "b.example.com"); /* expires 50: the victim */
	lookup(h, S(1), "c.example.com");
	assert_int_equal(lookup(h, S(2), "a.example.com")->r.layer, 0);
	assert_int_equal(lookup(h, S(3), "b.example.com")->r.layer, RESOLVER_STACK_LAYER_NETWORK);
	h_free(h);

	g_autoptr(GError) error = NULL;
	const char *bad[] = { "java-default", "no-such-client" };
	assert_null(resolver_stack_new(bad, 2, 1, 0, &error));
	assert_non_null(error);
	assert_non_null(strstr(error->message, "no-such-client"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_java_fixed_30s_long_ttl),
		cmocka_unit_test(test_java_fixed_30s_short_ttl),
		cmocka_unit_test(test_java_negative_10s),
		cmocka_unit_test(test_java_failure_10s_dead_resolver),
		cmocka_unit_test(test_chrome_async_60s_floor),
		cmocka_unit_test(test_curl_fixed_60s),
		cmocka_unit_test(test_nginx_static_forever),
		cmocka_unit_test(test_resolved_ttl0_and_cap),
		cmocka_unit_test(test_resolved_servfail_10s),
		cmocka_unit_test(test_resolved_all_dead),
		cmocka_unit_test(test_glibc_dead_primary_every_lookup),
		cmocka_unit_test(test_resolved_dead_primary_switches),
		cmocka_unit_test(test_musl_parallel_first_answer),
		cmocka_unit_test(test_glibc_all_dead),
		cmocka_unit_test(test_glibc_servfail_next_server),
		cmocka_unit_test(test_cares_budget),
		cmocka_unit_test(test_windows_schedule),
		cmocka_unit_test(test_stack_java_over_resolved),
		cmocka_unit_test(test_firefox_grace),
		cmocka_unit_test(test_firefox_grace_refresh),
		cmocka_unit_test(test_macos_negative_doubling),
		cmocka_unit_test(test_envoy_keeps_last_good),
		cmocka_unit_test(test_nscd_keeps_old_record),
		cmocka_unit_test(test_client_size_and_eviction),
	};
	return cmocka_run_group_tests_name("client stacks", tests, NULL, NULL);
}
