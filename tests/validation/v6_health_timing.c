/*
 * Validation V6 (validation.md): the time from a backend's hard failure until the aggregate
 * status of its Route 53-style health check flips, 16 checkers (8 regions x 2), failure
 * threshold 3, over 1,000 seeds. Prints the distribution beside the range derived from the rules
 * (docs/design/health-checks.md "Timing") and the range validation.md V6 states, and whether
 * every sample lies inside. Exit status 1 if a sample leaves the range derived for its model.
 *
 * Run by `make validation`; not part of `make test` (the unit suite "health checks" runs a
 * 50-seed version of the same check).
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authoritative/health.h"
#include "sim/engine.h"
#include "sim/rng.h"
#include "sim/scenario/parser.h"
#include "sim/util.h"

#define SEEDS 1000
#define S     SIM_NS_PER_S
#define MS    SIM_NS_PER_MS

/* Round trips from each checker region to a backend in us-east-1: the checker's own network
 * path (public inter-region latency figures, rounded). */
static const struct {
	const char *region;
	int64_t rtt_ns;
} paths[] = {
	{ "us-east-1", 2 * MS },	{ "us-west-1", 62 * MS },
	{ "us-west-2", 70 * MS },	{ "eu-west-1", 75 * MS },
	{ "ap-southeast-1", 220 * MS }, { "ap-southeast-2", 200 * MS },
	{ "ap-northeast-1", 150 * MS }, { "sa-east-1", 115 * MS },
};

static int64_t rtt_of(const char *region)
{
	for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
		if (strcmp(paths[i].region, region) == 0) {
			return paths[i].rtt_ns;
		}
	}
	SIM_ASSERT(!"unknown checker region");
	return 0;
}

struct backend {
	int64_t fail_at;
	enum hc_backend_view dead; /* HC_VIEW_TIMEOUT (host gone) or HC_VIEW_REFUSED (RST) */
};

static struct hc_probe_result probe(void *ctx, const struct hc_probe_req *req)
{
	const struct backend *b = ctx;
	return (struct hc_probe_result){ .view = req->now_ns < b->fail_at ? HC_VIEW_OK : b->dead,
					 .rtt_ns = rtt_of(req->region) };
}

struct config {
	const char *label;
	int interval_s;
	enum hc_schedule schedule;
	enum hc_backend_view dead;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static double quantile_s(const int64_t *sorted, size_t n, double q)
{
	/* nearest rank */
	size_t k = (size_t)(q * (double)n + 0.999999);
	k = k == 0 ? 1 : (k > n ? n : k);
	return (double)sorted[k - 1] / S;
}

/* One configuration over SEEDS seeds; returns false if a sample leaves the derived range. */
static bool run_config(const struct config *cf)
{
	g_autofree char *text =
	    g_strdup_printf("duration 1h\nbackend web address=192.0.2.10 region=us-east-1\n"
			    "health hc http web interval=%ds failure-threshold=3\n",
			    cf->interval_s);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, "v6.dnssim", ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
		exit(2);
	}
	struct hc_options o = hc_options_default();
	o.schedule = cf->schedule;
	int64_t iv = cf->interval_s * S;
	int64_t tau = HC_CONNECT_TIMEOUT_NS;
	int64_t rmax = 220 * MS;
	const int t = 3;

	/* derived range of the 14th checker's flip (docs/design/health-checks.md "Timing") */
	int64_t lo = 0, hi = 0;
	double mean_expect = 0;
	double u14 = 14.0 / 17.0; /* E[U(14:16)] of 16 uniform phases */
	if (cf->schedule == HC_SCHEDULE_FIXED_RATE) {
		int64_t fail_cost = cf->dead == HC_VIEW_TIMEOUT ? tau : 0;
		lo = (t - 1) * iv + fail_cost;
		hi = t * iv + fail_cost + 2 * rmax;
		mean_expect = (double)((t - 1) * iv + fail_cost) / S + u14 * cf->interval_s;
	} else if (cf->dead == HC_VIEW_TIMEOUT) {
		lo = (t - 1) * iv + t * tau;
		hi = t * iv + t * tau + 2 * rmax;
		mean_expect = (double)((t - 1) * iv + t * tau) / S + u14 * cf->interval_s;
	} else {
		lo = (t - 1) * iv;
		hi = t * iv + (2 + t) * rmax;
		mean_expect = (double)((t - 1) * iv) / S + u14 * cf->interval_s;
	}
	/* validation.md V6 as written: U I + 2I per checker, plus 0-4 s of connect timeout */
	int64_t v6_lo = 2 * iv, v6_hi = 3 * iv + 4 * S;

	int64_t *d = g_new(int64_t, SEEDS);
	size_t out_derived = 0, out_v6 = 0;
	double sum = 0;
	for (uint64_t seed = 1; seed <= SEEDS; seed++) {
		struct sim_rng rng;
		sim_rng_init(&rng, seed, "v6 backend", "failure time");
		struct backend b = {
			.fail_at = 600 * S + (int64_t)sim_rng_below(&rng, (uint64_t)iv),
			.dead = cf->dead,
		};
		sim_engine *engine = sim_engine_new();
		GError *error = NULL;
		hc_model *m = hc_model_new(engine, sc, probe, &b, seed, &o, &error);
		SIM_ASSERT(m != NULL);
		sim_engine_run(engine, b.fail_at + 10 * SIM_NS_PER_MIN);
		size_t n = 0;
		const struct hc_transition *h = hc_history(m, 0, &n);
		SIM_ASSERT(n >= 2 && !h[1].healthy);
		d[seed - 1] = h[1].at_ns - b.fail_at;
		sum += (double)d[seed - 1] / S;
		out_derived += d[seed - 1] < lo || d[seed - 1] >= hi;
		out_v6 += d[seed - 1] < v6_lo || d[seed - 1] > v6_hi;
		hc_model_free(m);
		sim_engine_free(engine);
	}
	qsort(d, SEEDS, sizeof(d[0]), cmp_i64);
	printf("%s, I = %d s, T = 3, 16 checkers, %d seeds\n", cf->label, cf->interval_s, SEEDS);
	printf("  flip after failure (s): min %.2f  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  "
	       "mean %.2f\n",
	       quantile_s(d, SEEDS, 0.0), quantile_s(d, SEEDS, 0.5), quantile_s(d, SEEDS, 0.9),
	       quantile_s(d, SEEDS, 0.99), quantile_s(d, SEEDS, 1.0), sum / SEEDS);
	printf("  derived for this model: [%.2f, %.2f) s, mean ~%.1f s: %s (%zu outside)\n",
	       (double)lo / S, (double)hi / S, mean_expect,
	       out_derived == 0 ? "all inside" : "NOT all inside", out_derived);
	printf("  validation.md V6 as written: [%.1f, %.1f] s, about %.1f s + 0-4 s: %s (%zu "
	       "outside)\n",
	       (double)v6_lo / S, (double)v6_hi / S, 2.82 * cf->interval_s,
	       out_v6 == 0 ? "all inside" : "NOT all inside", out_v6);
	printf("  name servers see it %.0f s later (propagation)\n\n",
	       (double)o.propagation_ns / S);
	g_free(d);
	scenario_free(sc);
	return out_derived == 0;
}

int main(void)
{
	static const struct config configs[] = {
		{ "model default: interval after the response, dead host (connect timeout)", 30,
		  HC_SCHEDULE_AFTER_RESPONSE, HC_VIEW_TIMEOUT },
		{ "model default: interval after the response, dead host (connect timeout)", 10,
		  HC_SCHEDULE_AFTER_RESPONSE, HC_VIEW_TIMEOUT },
		{ "interval after the response, process gone (connection refused)", 30,
		  HC_SCHEDULE_AFTER_RESPONSE, HC_VIEW_REFUSED },
		{ "V6's assumption: a request every interval, dead host (connect timeout)", 30,
		  HC_SCHEDULE_FIXED_RATE, HC_VIEW_TIMEOUT },
	};
	printf(
	    "V6: health-check failure detection time (validation.md V6, route53.md 5.3-5.5)\n\n");
	bool ok = true;
	for (size_t i = 0; i < G_N_ELEMENTS(configs); i++) {
		ok = run_config(&configs[i]) && ok;
	}
	printf("V6 %s\n", ok ? "passed: every sample inside the range derived for its model"
			     : "FAILED: samples outside the derived range");
	return ok ? 0 : 1;
}
