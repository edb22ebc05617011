/*
 * Unit tests for authoritative/health: Route 53-style health checks (route53.md section 5 and
 * section 15 edge cases 39-46, validation.md V6).
 *
 * A fake probe plays the backend: its view changes at given virtual times, per checker if
 * needed (a partition). Expected values come from the documented rules and the timing derived
 * from them (docs/design/health-checks.md "Timing"), never from the program's output:
 *   I = interval, T = failure threshold, r = the fake's round trip, tau = connect timeout.
 *   Before a failure a checker's cycle is I + 2r (a passing HTTP request takes a connect and a
 *   request: 2r). Its first request sent after the failure at t_f goes out at t_f + u with
 *   u in [0, I + 2r); a timed-out request ends tau later and the next one goes I after that, so
 *   the checker flips at t_f + u + (T - 1) I + T tau, in [(T-1) I + T tau, T I + T tau + 2r).
 */
#include <glib.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "authoritative/health.h"
#include "sim/engine.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"

#define S     SIM_NS_PER_S
#define MS    SIM_NS_PER_MS
#define RTT   (20 * MS)
#define TAU   HC_CONNECT_TIMEOUT_NS
#define NEVER SIM_TIME_NEVER

/* Fake backends */

struct fake_backend {
	const char *name;
	enum hc_backend_view before; /* until fail_at */
	enum hc_backend_view after;  /* from fail_at until up_at */
	int64_t fail_at, up_at;
	int64_t flap_half_ns; /* > 0: from fail_at, alternate after/before every half period */
	int64_t response_ns;  /* for HC_VIEW_SLOW */
	int64_t rtt_ns;
	uint32_t cut_checkers;	   /* checkers 0..cut-1 time out whatever the state (partition) */
	uint32_t cut_from_checker; /* ... or checkers cut_from.. when cut_from > 0 */
	uint64_t calls;
};

struct fake {
	struct fake_backend b[4];
	size_t n;
	int64_t first_send[64]; /* per checker of the first check probed, -1 until sent */
};

static struct fake_backend *fake_add(struct fake *f, const char *name)
{
	assert_true(f->n < G_N_ELEMENTS(f->b));
	struct fake_backend *b = &f->b[f->n++];
	*b = (struct fake_backend){ .name = name,
				    .before = HC_VIEW_OK,
				    .after = HC_VIEW_TIMEOUT,
				    .fail_at = NEVER,
				    .up_at = NEVER,
				    .rtt_ns = RTT };
	return b;
}

static enum hc_backend_view fake_view(const struct fake_backend *b, int64_t now)
{
	if (now < b->fail_at || now >= b->up_at) {
		return b->before;
	}
	if (b->flap_half_ns > 0) {
		return ((now - b->fail_at) / b->flap_half_ns) % 2 == 0 ? b->after : b->before;
	}
	return b->after;
}

static struct hc_probe_result fake_probe(void *ctx, const struct hc_probe_req *req)
{
	struct fake *f = ctx;
	for (size_t i = 0; i < f->n; i++) {
		struct fake_backend *b = &f->b[i];
		if (strcmp(b->name, req->target) != 0) {
			continue;
		}
		b->calls++;
		if (req->checker < G_N_ELEMENTS(f->first_send) && f->first_send[req->checker] < 0) {
			f->first_send[req->checker] = req->now_ns;
		}
		bool cut = req->checker < b->cut_checkers ||
			   (b->cut_from_checker > 0 && req->checker >= b->cut_from_checker);
		return (struct hc_probe_result){ .view = cut ? HC_VIEW_TIMEOUT
							     : fake_view(b, req->now_ns),
						 .rtt_ns = b->rtt_ns,
						 .response_ns = b->response_ns };
	}
	print_error("probe of unknown target %s\n", req->target);
	fail();
	return (struct hc_probe_result){ 0 };
}

/* Fixture: a scenario, an engine, a model */

struct fixture {
	struct scenario *sc;
	sim_engine *engine;
	hc_model *model;
	struct fake fake;
};

static void fixture_init(struct fixture *fx, const char *health_lines)
{
	memset(fx, 0, sizeof(*fx));
	for (size_t i = 0; i < G_N_ELEMENTS(fx->fake.first_send); i++) {
		fx->fake.first_send[i] = -1;
	}
	g_autofree char *text = g_strdup_printf("duration 2h\nseed 1\n"
						"backend web address=192.0.2.10\n"
						"backend web2 address=192.0.2.11\n"
						"backend web3 address=192.0.2.12\n%s",
						health_lines);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	fx->sc = scenario_parse_text(text, "t.dnssim", ".", NULL, NULL, diags);
	if (fx->sc == NULL) {
		scenario_diags_print(diags, stderr);
		fail();
	}
	fx->engine = sim_engine_new();
}

static void fixture_start(struct fixture *fx, uint64_t seed, const struct hc_options *options)
{
	GError *error = NULL;
	fx->model = hc_model_new(fx->engine, fx->sc, fake_probe, &fx->fake, seed, options, &error);
	if (fx->model == NULL) {
		print_error("%s\n", error->message);
		g_error_free(error);
		fail();
	}
}

static void fixture_clear(struct fixture *fx)
{
	hc_model_free(fx->model);
	sim_engine_free(fx->engine);
	scenario_free(fx->sc);
}

static uint32_t healthy_checkers(const struct fixture *fx, const char *check)
{
	return hc_healthy_checkers(fx->model, (uint32_t)hc_index(fx->model, check), NULL);
}

static bool status_now(const struct fixture *fx, const char *check)
{
	return hc_status_now(fx->model, (uint32_t)hc_index(fx->model, check));
}

/* Time of the first change of a check's own status after creation, or NEVER. */
static int64_t first_flip(const struct fixture *fx, const char *check)
{
	size_t n = 0;
	const struct hc_transition *h =
	    hc_history(fx->model, (uint32_t)hc_index(fx->model, check), &n);
	return n > 1 ? h[1].at_ns : NEVER;
}

/* Edges 39 and 40: the 18 % rule */

/* Checkers 3..15 of 16 always time out: 3 healthy = 18.75 % > 18 %: the check stays healthy. */
static void edge39_three_of_sixteen_healthy_is_healthy(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health hc http web\n");
	fake_add(&fx.fake, "web")->cut_from_checker = 3;
	fixture_start(&fx, 1, NULL);
	sim_engine_run(fx.engine, 30 * SIM_NS_PER_MIN);
	uint32_t n = 0;
	assert_int_equal(hc_healthy_checkers(fx.model, 0, &n), 3);
	assert_int_equal(n, 16);
	assert_true(status_now(&fx, "hc"));
	assert_int_equal(first_flip(&fx, "hc"), NEVER);
	fixture_clear(&fx);
}

/* Checkers 2..15 time out: 2 healthy = 12.5 % <= 18 %: the check fails. */
static void edge39_two_of_sixteen_healthy_is_unhealthy(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health hc http web\n");
	fake_add(&fx.fake, "web")->cut_from_checker = 2;
	fixture_start(&fx, 1, NULL);
	sim_engine_run(fx.engine, 30 * SIM_NS_PER_MIN);
	assert_int_equal(healthy_checkers(&fx, "hc"), 2);
	assert_false(status_now(&fx, "hc"));
	fixture_clear(&fx);
}

/* An outage seen from few regions does not fail the check: 2 regions of 8 cut off (4 of 16
 * checkers) leaves 12 healthy; even 6 regions cut (4 healthy = 25 %) keeps it healthy. */
static void edge39_regional_outage_does_not_fail(void **state)
{
	for (uint32_t cut = 4; cut <= 12; cut += 8) {
		struct fixture fx;
		fixture_init(&fx, "health hc http web\n");
		fake_add(&fx.fake, "web")->cut_checkers = cut;
		fixture_start(&fx, 7, NULL);
		sim_engine_run(fx.engine, 60 * SIM_NS_PER_MIN);
		assert_int_equal(healthy_checkers(&fx, "hc"), 16 - cut);
		assert_true(status_now(&fx, "hc"));
		assert_int_equal(first_flip(&fx, "hc"), NEVER);
		fixture_clear(&fx);
	}
}

/* Listener that records the healthy-checker count at each change of the check's own status:
 * run step by step and look at the history. */
static void step_until_history(struct fixture *fx, uint32_t index, size_t want, int64_t end,
			       uint32_t *healthy_at_change)
{
	size_t n = 0;
	while (sim_engine_next_time_ns(fx->engine) <= end) {
		sim_engine_step(fx->engine);
		size_t before = n;
		hc_history(fx->model, index, &n);
		if (n > before && before > 0) {
			healthy_at_change[n - 1] = hc_healthy_checkers(fx->model, index, NULL);
		}
		if (n >= want) {
			return;
		}
	}
}

/* Failing needs 14 of 16 checkers to flip (>= 82 %), recovery only 3 (> 18 %): at the moment
 * the status fails 2 checkers are still healthy; at the moment it recovers 3 are. */
static void edge40_fail_needs_fourteen_recover_needs_three(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health hc http web\n");
	struct fake_backend *b = fake_add(&fx.fake, "web");
	b->fail_at = 10 * SIM_NS_PER_MIN;
	b->up_at = 20 * SIM_NS_PER_MIN;
	fixture_start(&fx, 3, NULL);
	uint32_t at_change[8] = { 0 };
	step_until_history(&fx, 0, 3, 40 * SIM_NS_PER_MIN, at_change);
	size_t n = 0;
	const struct hc_transition *h = hc_history(fx.model, 0, &n);
	assert_int_equal(n, 3);
	assert_false(h[1].healthy);
	assert_int_equal(at_change[1], 2);
	assert_true(h[2].healthy);
	assert_int_equal(at_change[2], 3);
	/* recovery: each checker flips back (T-1) I + 2r .. T I + tau + 2 T r after up_at (its
	 * first passing request goes out within one failing cycle I + tau) */
	int64_t rec = h[2].at_ns - b->up_at;
	assert_true(rec >= 2 * 30 * S + 6 * RTT);
	assert_true(rec <= 3 * 30 * S + TAU + 6 * RTT);
	fixture_clear(&fx);
}

/* Edge 41: consecutive results, threshold 1..10 */

/* A backend that dies at t_f: no checker flips before t_f + (T-1) I + T tau and every checker
 * has flipped by t_f + T I + T tau + 2r (see the file comment), for T = 1, 3, 10 and I = 10,
 * 30 s. */
static void edge41_checker_flips_after_threshold_consecutive_failures(void **state)
{
	static const struct {
		int interval_s, threshold;
	} cases[] = { { 30, 3 }, { 10, 3 }, { 30, 1 }, { 10, 10 }, { 30, 10 } };
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int64_t iv = cases[i].interval_s * S;
		int64_t t = cases[i].threshold;
		g_autofree char *line =
		    g_strdup_printf("health hc http web interval=%ds failure-threshold=%d\n",
				    cases[i].interval_s, cases[i].threshold);
		struct fixture fx;
		fixture_init(&fx, line);
		struct fake_backend *b = fake_add(&fx.fake, "web");
		b->fail_at = 10 * SIM_NS_PER_MIN + 123 * MS;
		fixture_start(&fx, 11 + i, NULL);
		int64_t lo = b->fail_at + (t - 1) * iv + t * TAU;
		int64_t hi = b->fail_at + t * iv + t * TAU + 2 * RTT;
		sim_engine_run(fx.engine, lo - 1);
		assert_int_equal(healthy_checkers(&fx, "hc"), 16);
		sim_engine_run(fx.engine, hi);
		assert_int_equal(healthy_checkers(&fx, "hc"), 0);
		int64_t flip = first_flip(&fx, "hc");
		assert_true(flip >= lo && flip <= hi);
		fixture_clear(&fx);
	}
}

/* Failures shorter than T consecutive results never flip a checker: a backend down for 60 s
 * every 2 min gives a 30 s x 3 check at most 2 consecutive failures (failing cycle I + tau =
 * 34 s: requests at u and u + 34 s fit in 60 s, a third at u + 68 s does not). With T = 1 the
 * same backend fails the check. */
static void edge41_short_failures_do_not_flip(void **state)
{
	for (int t = 3; t >= 1; t -= 2) {
		g_autofree char *line =
		    g_strdup_printf("health hc http web failure-threshold=%d\n", t);
		struct fixture fx;
		fixture_init(&fx, line);
		struct fake_backend *b = fake_add(&fx.fake, "web");
		b->fail_at = 5 * SIM_NS_PER_MIN;
		b->flap_half_ns = 60 * S;
		fixture_start(&fx, 5, NULL);
		sim_engine_run(fx.engine, 60 * SIM_NS_PER_MIN);
		if (t == 3) {
			assert_int_equal(first_flip(&fx, "hc"), NEVER);
			assert_true(status_now(&fx, "hc"));
		} else {
			assert_true(first_flip(&fx, "hc") < 8 * SIM_NS_PER_MIN);
		}
		fixture_clear(&fx);
	}
}

/* Edge 42: timeouts per type */

/* A slow backend answering after L: HTTP passes iff L <= 2 s after the connect, string match
 * iff L <= 4 s, TCP whatever L (it only connects). Checked with T = 1 over 10 minutes. */
static void edge42_slow_response_against_check_timeouts(void **state)
{
	static const struct {
		const char *type;
		int64_t response_ns;
		bool healthy;
	} cases[] = {
		{ "http", 1900 * MS, true },
		{ "http", 2100 * MS, false },
		{ "https", 2100 * MS, false },
		{ "http-str-match", 3900 * MS, true },
		{ "https-str-match", 4100 * MS, false },
		{ "tcp", 60 * S, true },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		bool str = strstr(cases[i].type, "str-match") != NULL;
		g_autofree char *line = g_strdup_printf("health hc %s web failure-threshold=1%s\n",
							cases[i].type, str ? " search=OK" : "");
		struct fixture fx;
		fixture_init(&fx, line);
		struct fake_backend *b = fake_add(&fx.fake, "web");
		b->before = HC_VIEW_SLOW;
		b->response_ns = cases[i].response_ns;
		fixture_start(&fx, 2, NULL);
		sim_engine_run(fx.engine, 10 * SIM_NS_PER_MIN);
		assert_int_equal(status_now(&fx, "hc"), cases[i].healthy);
		fixture_clear(&fx);
	}
}

/* A connect slower than 4 s fails HTTP but not TCP (10 s); a dead host fails a TCP check only
 * at the 10 s connect timeout: with T = 1 no checker flips before t_f + 10 s. */
static void edge42_connect_timeouts(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health h http web failure-threshold=1\n"
			  "health t tcp web2 failure-threshold=1\n"
			  "health d tcp web3 failure-threshold=1\n");
	fake_add(&fx.fake, "web")->rtt_ns = 4500 * MS;
	fake_add(&fx.fake, "web2")->rtt_ns = 4500 * MS;
	struct fake_backend *d = fake_add(&fx.fake, "web3");
	d->fail_at = 5 * SIM_NS_PER_MIN;
	fixture_start(&fx, 4, NULL);
	sim_engine_run(fx.engine, d->fail_at + HC_TCP_CONNECT_TIMEOUT_NS - 1);
	assert_int_equal(healthy_checkers(&fx, "d"), 16);
	sim_engine_run(fx.engine, 10 * SIM_NS_PER_MIN);
	assert_false(status_now(&fx, "h"));
	assert_true(status_now(&fx, "t"));
	assert_false(status_now(&fx, "d"));
	/* T = 1: the last checker flips by t_f + I + 2r + 10 s */
	assert_true(first_flip(&fx, "d") <= d->fail_at + 30 * S + 2 * RTT + 10 * S);
	fixture_clear(&fx);
}

/* Backend states as checks see them */

/* health-endpoint-only: the health path answers OK while the application fails, so every
 * check passes; a 5xx fails HTTP checks but not TCP ones. */
static void backend_states_seen_by_checks(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health a http web failure-threshold=1\n"
			  "health b https-str-match web search=OK failure-threshold=1\n"
			  "health c http web2 failure-threshold=1\n"
			  "health d tcp web2 failure-threshold=1\n"
			  "health e http web3 failure-threshold=1\n");
	fake_add(&fx.fake, "web")->before = HC_VIEW_HEALTH_PATH_OK;
	fake_add(&fx.fake, "web2")->before = HC_VIEW_HTTP_ERROR;
	fake_add(&fx.fake, "web3")->before = HC_VIEW_REFUSED;
	fixture_start(&fx, 9, NULL);
	sim_engine_run(fx.engine, 10 * SIM_NS_PER_MIN);
	assert_true(status_now(&fx, "a"));
	assert_true(status_now(&fx, "b"));
	assert_false(status_now(&fx, "c"));
	assert_true(status_now(&fx, "d"));
	assert_false(status_now(&fx, "e"));
	fixture_clear(&fx);
}

/* Edge 44: a new check starts healthy (inverted: unhealthy) */

/* A backend down from time 0: the check is healthy at 0 and stays so until no checker can have
 * seen T failures: (T-1) I + T tau; an inverted one starts unhealthy. */
static void edge44_new_check_starts_healthy(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health a http web\nhealth b http web inverted=true\n");
	struct fake_backend *b = fake_add(&fx.fake, "web");
	b->fail_at = 0;
	fixture_start(&fx, 1, NULL);
	assert_true(hc_status(fx.model, 0, 0));
	assert_false(hc_status(fx.model, 1, 0));
	sim_engine_run(fx.engine, 2 * 30 * S + 3 * TAU - 1);
	assert_true(status_now(&fx, "a"));
	assert_false(status_now(&fx, "b"));
	sim_engine_run(fx.engine, 10 * SIM_NS_PER_MIN);
	assert_false(status_now(&fx, "a"));
	assert_true(status_now(&fx, "b"));
	fixture_clear(&fx);
}

/* Edge 45: disabled and inverted */

/* Disabled: healthy whatever the backend, no requests; disabled + inverted: unhealthy;
 * inverted on a healthy backend: unhealthy. */
static void edge45_disabled_and_inverted(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health dis http web disabled=true\n"
			  "health disinv http web disabled=true inverted=true\n"
			  "health inv http web2 inverted=true\n");
	fake_add(&fx.fake, "web")->fail_at = 0;
	fake_add(&fx.fake, "web2");
	fixture_start(&fx, 1, NULL);
	sim_engine_run(fx.engine, 60 * SIM_NS_PER_MIN);
	assert_true(status_now(&fx, "dis"));
	assert_false(status_now(&fx, "disinv"));
	assert_false(status_now(&fx, "inv"));
	assert_int_equal(hc_requests(fx.model, "web"), 0);
	assert_int_equal(first_flip(&fx, "dis"), NEVER);
	fixture_clear(&fx);
}

/* Timeline: disabling a failed check makes it healthy at once and stops its requests;
 * inverting flips the status at once; enabling restarts the checkers. */
static void edge45_timeline_disable_invert(void **state)
{
	for (int sched = 0; sched < 2; sched++) {
		struct hc_options o = hc_options_default();
		o.schedule = sched == 0 ? HC_SCHEDULE_AFTER_RESPONSE : HC_SCHEDULE_FIXED_RATE;
		struct fixture fx;
		fixture_init(&fx, "health hc http web\n");
		fake_add(&fx.fake, "web")->fail_at = 0;
		fixture_start(&fx, 1, &o);
		sim_engine_run(fx.engine, 10 * SIM_NS_PER_MIN);
		assert_false(status_now(&fx, "hc"));
		hc_set_disabled(fx.model, 0, true);
		assert_true(status_now(&fx, "hc"));
		uint64_t sent = hc_requests(fx.model, "web");
		sim_engine_run(fx.engine, 20 * SIM_NS_PER_MIN);
		assert_int_equal(hc_requests(fx.model, "web"), sent);
		assert_true(status_now(&fx, "hc"));
		hc_set_inverted(fx.model, 0, true);
		assert_false(status_now(&fx, "hc"));
		hc_set_inverted(fx.model, 0, false);
		hc_set_disabled(fx.model, 0, false);
		/* the checkers kept their unhealthy views */
		assert_false(status_now(&fx, "hc"));
		sim_engine_run(fx.engine, 21 * SIM_NS_PER_MIN);
		assert_true(hc_requests(fx.model, "web") > sent);
		size_t n = 0;
		const struct hc_transition *h = hc_history(fx.model, 0, &n);
		/* healthy, unhealthy, healthy (disabled), unhealthy (inverted), healthy
		 * (uninverted), unhealthy (enabled) */
		assert_int_equal(n, 6);
		assert_int_equal(h[2].at_ns, 10 * SIM_NS_PER_MIN);
		assert_true(h[2].healthy);
		assert_false(h[5].healthy);
		fixture_clear(&fx);
	}
}

/* Edge 46: calculated checks */

/* Three children, web3's failed: 2 healthy. Thresholds 2 -> healthy, 3 -> unhealthy, 0 ->
 * always healthy, 4 (> children) -> always unhealthy, also at creation. */
static void edge46_calculated_threshold(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health c1 http web\nhealth c2 http web2\nhealth c3 http web3\n"
			  "health two calculated children=c1,c2,c3 healthy-threshold=2\n"
			  "health all calculated children=c1,c2,c3 healthy-threshold=3\n"
			  "health zero calculated children=c1,c2,c3 healthy-threshold=0\n"
			  "health four calculated children=c1,c2,c3 healthy-threshold=4\n"
			  "health dflt calculated children=c1,c2,c3\n");
	fake_add(&fx.fake, "web");
	fake_add(&fx.fake, "web2");
	fake_add(&fx.fake, "web3")->fail_at = 5 * SIM_NS_PER_MIN;
	fixture_start(&fx, 1, NULL);
	assert_true(status_now(&fx, "all"));
	assert_false(status_now(&fx, "four"));
	sim_engine_run(fx.engine, 30 * SIM_NS_PER_MIN);
	assert_false(status_now(&fx, "c3"));
	assert_true(status_now(&fx, "two"));
	assert_false(status_now(&fx, "all"));
	assert_false(status_now(&fx, "dflt")); /* default threshold: all children */
	assert_true(status_now(&fx, "zero"));
	assert_false(status_now(&fx, "four"));
	/* the parent changes at the same instant as its child */
	assert_int_equal(first_flip(&fx, "all"), first_flip(&fx, "c3"));
	fixture_clear(&fx);
}

/* A disabled child counts healthy even when its backend is down; an inverted child counts
 * with its inverted status. */
static void edge46_disabled_child_counts_healthy(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health c1 http web disabled=true\n"
			  "health c2 http web2 inverted=true\n"
			  "health p calculated children=c1,c2 healthy-threshold=1\n"
			  "health q calculated children=c1,c2 healthy-threshold=2\n");
	fake_add(&fx.fake, "web")->fail_at = 0;
	fake_add(&fx.fake, "web2");
	fixture_start(&fx, 1, NULL);
	sim_engine_run(fx.engine, 30 * SIM_NS_PER_MIN);
	assert_true(status_now(&fx, "p"));
	assert_false(status_now(&fx, "q"));
	fixture_clear(&fx);
}

/* Route 53 refuses a calculated child of a calculated check. */
static void edge46_calculated_child_refused(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health c1 http web\n"
			  "health p calculated children=c1\n"
			  "health q calculated children=p\n");
	fake_add(&fx.fake, "web");
	GError *error = NULL;
	hc_model *m = hc_model_new(fx.engine, fx.sc, fake_probe, &fx.fake, 1, NULL, &error);
	assert_null(m);
	assert_non_null(error);
	assert_non_null(strstr(error->message, "calculated too"));
	g_error_free(error);
	fixture_clear(&fx);
}

/* Propagation to the name servers */

struct changes {
	int64_t at[8];
	bool healthy[8];
	size_t n;
};

static void record_change(void *ctx, uint32_t index, const char *name, bool healthy, int64_t now)
{
	struct changes *c = ctx;
	assert_true(c->n < G_N_ELEMENTS(c->at));
	c->at[c->n] = now;
	c->healthy[c->n] = healthy;
	c->n++;
}

/* DNS sees a change `propagation` after the check makes it: hc_status() answers the old status
 * until then and on_change fires then. */
static void propagation_delay(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health hc http web\n");
	fake_add(&fx.fake, "web")->fail_at = 5 * SIM_NS_PER_MIN;
	struct hc_options o = hc_options_default();
	assert_int_equal(o.propagation_ns, HC_PROPAGATION_DEFAULT_NS);
	o.propagation_ns = 7 * S;
	fixture_start(&fx, 1, &o);
	struct changes ch = { 0 };
	hc_on_change(fx.model, record_change, &ch);
	sim_engine_run(fx.engine, 30 * SIM_NS_PER_MIN);
	int64_t flip = first_flip(&fx, "hc");
	assert_true(flip < NEVER);
	assert_true(hc_status(fx.model, 0, flip + 7 * S - 1));
	assert_false(hc_status(fx.model, 0, flip + 7 * S));
	assert_int_equal(ch.n, 1);
	assert_int_equal(ch.at[0], flip + 7 * S);
	assert_false(ch.healthy[0]);
	fixture_clear(&fx);
}

/* Checks are load */

/* Each checker sends one request per cycle I + 2r after its phase in [0, I): over W seconds a
 * checker sends floor(W / (I + 2r)) or one more; 16 checkers on two checks of one backend
 * double it (route53.md 5.3: ~1 request every 2 s per check at 30 s). */
static void requests_count_as_backend_load(void **state)
{
	struct fixture fx;
	fixture_init(&fx, "health a http web\nhealth b tcp web\nhealth c http web2 interval=10s\n");
	fake_add(&fx.fake, "web");
	fake_add(&fx.fake, "web2");
	fixture_start(&fx, 1, NULL);
	int64_t w = 60 * SIM_NS_PER_MIN;
	sim_engine_run(fx.engine, w - 1);
	/* http: cycle I + 2r; tcp: I + r */
	uint64_t a_lo = 16 * (uint64_t)(w / (30 * S + 2 * RTT));
	uint64_t b_lo = 16 * (uint64_t)(w / (30 * S + RTT));
	uint64_t a = hc_check_requests(fx.model, 0);
	uint64_t b = hc_check_requests(fx.model, 1);
	assert_true(a >= a_lo && a <= a_lo + 16);
	assert_true(b >= b_lo && b <= b_lo + 16);
	assert_int_equal(hc_requests(fx.model, "web"), a + b);
	assert_int_equal(hc_requests(fx.model, "web"), fx.fake.b[0].calls);
	uint64_t c_lo = 16 * (uint64_t)(w / (10 * S + 2 * RTT));
	uint64_t c = hc_requests(fx.model, "web2");
	assert_true(c >= c_lo && c <= c_lo + 16);
	assert_int_equal(hc_requests(fx.model, "nothing"), 0);
	fixture_clear(&fx);
}

/* Checkers and their phases */

/* regions= and checkers-per-region= set the checker count; every checker's first request goes
 * out in [0, I); the same seed gives the same phases, another seed others. */
static void checkers_phases_and_regions(void **state)
{
	int64_t first[2][6];
	for (int run = 0; run < 3; run++) {
		struct fixture fx;
		fixture_init(&fx, "health hc http web regions=us-east-1,eu-west-1,sa-east-1 "
				  "checkers-per-region=2\n");
		fake_add(&fx.fake, "web");
		fixture_start(&fx, run == 2 ? 99 : 5, NULL);
		uint32_t n = 0;
		hc_healthy_checkers(fx.model, 0, &n);
		assert_int_equal(n, 6);
		sim_engine_run(fx.engine, 30 * S - 1);
		for (int i = 0; i < 6; i++) {
			assert_true(fx.fake.first_send[i] >= 0 && fx.fake.first_send[i] < 30 * S);
			if (run < 2) {
				first[run][i] = fx.fake.first_send[i];
			} else if (i == 0) {
				assert_true(
				    memcmp(first[0], fx.fake.first_send, sizeof(first[0])) != 0);
			}
		}
		fixture_clear(&fx);
	}
	assert_memory_equal(first[0], first[1], sizeof(first[0]));
}

/* V6 */

/*
 * validation.md V6 with 16 checkers, I = 30 s, T = 3, a backend that dies hard (connect
 * timeout) at a time that is not aligned with anything. Over 50 seeds every aggregate flip lies
 * in the range derived in the file comment for the 14th checker:
 *   documented schedule (interval after the response): [2I + 3 tau, 3I + 3 tau + 2r)
 *   V6's own assumption (a request every I):           [2I + tau, 3I + tau), inside V6's
 *   [2I, 3I + 4 s] (validation.md: U I + 2I, plus 0-4 s of connect timeout).
 */
static void v6_flip_time_within_derived_range(void **state)
{
	for (int sched = 0; sched < 2; sched++) {
		struct hc_options o = hc_options_default();
		o.schedule = sched == 0 ? HC_SCHEDULE_AFTER_RESPONSE : HC_SCHEDULE_FIXED_RATE;
		int64_t iv = 30 * S;
		int64_t lo = sched == 0 ? 2 * iv + 3 * TAU : 2 * iv + TAU;
		int64_t hi = sched == 0 ? 3 * iv + 3 * TAU + 2 * RTT : 3 * iv + TAU;
		for (uint64_t seed = 1; seed <= 50; seed++) {
			struct fixture fx;
			fixture_init(&fx, "health hc http web interval=30s failure-threshold=3\n");
			struct fake_backend *b = fake_add(&fx.fake, "web");
			b->fail_at = 10 * SIM_NS_PER_MIN + (int64_t)seed * 777 * MS;
			fixture_start(&fx, seed, &o);
			sim_engine_run(fx.engine, 20 * SIM_NS_PER_MIN);
			int64_t d = first_flip(&fx, "hc") - b->fail_at;
			if (d < lo || d >= hi) {
				print_error("seed %" PRIu64
					    ": flip after %.3f s, outside [%.3f, %.3f)\n",
					    seed, (double)d / S, (double)lo / S, (double)hi / S);
				fail();
			}
			if (sched == 1) {
				assert_true(d >= 2 * iv && d <= 3 * iv + 4 * S);
			}
			fixture_clear(&fx);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edge39_three_of_sixteen_healthy_is_healthy),
		cmocka_unit_test(edge39_two_of_sixteen_healthy_is_unhealthy),
		cmocka_unit_test(edge39_regional_outage_does_not_fail),
		cmocka_unit_test(edge40_fail_needs_fourteen_recover_needs_three),
		cmocka_unit_test(edge41_checker_flips_after_threshold_consecutive_failures),
		cmocka_unit_test(edge41_short_failures_do_not_flip),
		cmocka_unit_test(edge42_slow_response_against_check_timeouts),
		cmocka_unit_test(edge42_connect_timeouts),
		cmocka_unit_test(backend_states_seen_by_checks),
		cmocka_unit_test(edge44_new_check_starts_healthy),
		cmocka_unit_test(edge45_disabled_and_inverted),
		cmocka_unit_test(edge45_timeline_disable_invert),
		cmocka_unit_test(edge46_calculated_threshold),
		cmocka_unit_test(edge46_disabled_child_counts_healthy),
		cmocka_unit_test(edge46_calculated_child_refused),
		cmocka_unit_test(propagation_delay),
		cmocka_unit_test(requests_count_as_backend_load),
		cmocka_unit_test(checkers_phases_and_regions),
		cmocka_unit_test(v6_flip_time_within_derived_range),
	};
	return cmocka_run_group_tests_name("health checks", tests, NULL, NULL);
}
