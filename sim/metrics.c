#include "sim/metrics.h"

#include <math.h>
#include <string.h>

#include "sim/scenario/value.h"
#include "sim/util.h"

struct metrics {
	GPtrArray *values; /* struct metrics_value *, sorted by name */
};

static void value_free(gpointer p)
{
	struct metrics_value *v = p;
	g_free(v->name);
	g_free(v);
}

static void add(metrics *m, enum scenario_metric_unit unit, double value, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void add(metrics *m, enum scenario_metric_unit unit, double value, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct metrics_value *v = g_new0(struct metrics_value, 1);
	v->name = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	v->value = value;
	v->unit = unit;
	g_ptr_array_add(m->values, v);
}

double metrics_track_mean(const struct world_track *t, int64_t from_ns, int64_t to_ns)
{
	SIM_ASSERT(to_ns > from_ns);
	double area = 0;
	for (guint i = 0; i < t->steps->len; i++) {
		const struct world_step *s = &g_array_index(t->steps, struct world_step, i);
		int64_t start = s->at_ns;
		int64_t end = i + 1 < t->steps->len
				  ? g_array_index(t->steps, struct world_step, i + 1).at_ns
				  : INT64_MAX;
		int64_t lo = MAX(start, from_ns);
		int64_t hi = MIN(end, to_ns);
		if (hi > lo) {
			area += s->value * (double)(hi - lo);
		}
	}
	return area / (double)(to_ns - from_ns);
}

static int value_cmp(gconstpointer a, gconstpointer b)
{
	const struct metrics_value *x = *(struct metrics_value *const *)a;
	const struct metrics_value *y = *(struct metrics_value *const *)b;
	return strcmp(x->name, y->name);
}

static int double_cmp(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a;
	double y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted samples (q in (0, 1]). */
static double percentile(const GArray *sorted, double q)
{
	guint n = sorted->len;
	guint rank = (guint)ceil(q * (double)n);
	return g_array_index(sorted, double, MAX(rank, 1u) - 1);
}

static const struct {
	const char *name;
	double q;
} recovery_qs[] = {
	{ "p50", 0.50 }, { "p90", 0.90 }, { "p95", 0.95 }, { "p99", 0.99 }, { "max", 1.0 }
};

/* The metrics of one failure (or of all, pooled) for one population (or all) under prefix. */
static void add_recovery_of(metrics *m, const recovery *r, int failure, int pop, int64_t until_ns,
			    const char *prefix)
{
	GArray *moved = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *last = g_array_new(FALSE, FALSE, sizeof(double));
	uint64_t not_moved = 0;
	double client_s = 0;
	gboolean any =
	    recovery_samples(r, failure, pop, until_ns, moved, last, &not_moved, &client_s);
	if (any && moved->len > 0) {
		g_array_sort(moved, double_cmp);
		for (size_t k = 0; k < G_N_ELEMENTS(recovery_qs); k++) {
			add(m, SCENARIO_UNIT_SECONDS, percentile(moved, recovery_qs[k].q), "%s.%s",
			    prefix, recovery_qs[k].name);
		}
		add(m, SCENARIO_UNIT_COUNT, (double)moved->len, "%s.clients", prefix);
		add(m, SCENARIO_UNIT_COUNT, (double)not_moved, "%s.not-moved", prefix);
	}
	if (any && last->len > 0) {
		g_array_sort(last, double_cmp);
		add(m, SCENARIO_UNIT_SECONDS, percentile(last, 1.0), "%s.last-old", prefix);
	}
	if (any && (moved->len > 0 || not_moved > 0)) {
		add(m, SCENARIO_UNIT_SECONDS, client_s, "%s.client-seconds", prefix);
	}
	g_array_unref(moved);
	g_array_unref(last);
}

/*
 * recovery.{p50,p90,p95,p99,max,clients,not-moved,last-old,client-seconds}: every failure
 * pooled, and per population (recovery.POP.*); with more than one failure, each failure's own
 * as recovery.failure-N.* (N from 1, in timeline order) with its failed requests.
 */
static void add_recovery(metrics *m, const struct scenario *sc, const world *w)
{
	const recovery *r = world_recovery(w);
	guint n_failures = recovery_failure_count(r);
	for (int pop = -1; pop < (int)world_population_count(w); pop++) {
		g_autofree char *prefix =
		    pop < 0 ? g_strdup("recovery")
			    : g_strdup_printf("recovery.%s", world_population_name(w, (guint)pop));
		add_recovery_of(m, r, -1, pop, sc->duration_ns, prefix);
	}
	uint64_t failed = 0;
	for (guint f = 0; f < n_failures; f++) {
		failed += recovery_failure_get(r, f)->failed_requests;
		if (n_failures > 1) {
			g_autofree char *prefix = g_strdup_printf("recovery.failure-%u", f + 1);
			add_recovery_of(m, r, (int)f, -1, sc->duration_ns, prefix);
			add(m, SCENARIO_UNIT_COUNT,
			    (double)recovery_failure_get(r, f)->failed_requests,
			    "%s.failed-requests", prefix);
		}
	}
	if (n_failures > 0) {
		add(m, SCENARIO_UNIT_COUNT, (double)failed, "recovery.failed-requests");
	}
}

/* cost.*: Route 53's bill for the run and for a 30-day month at the run's rate (route53.md 8;
 * prices as of AUTH_R53_PRICES_AS_OF). */
static void add_cost(metrics *m, const struct scenario *sc, const world *w)
{
	struct world_route53_bill bill;
	world_route53_bill(w, &bill);
	double run_s = (double)sc->duration_ns / 1e9;
	double scale = run_s > 0 ? AUTH_R53_MONTH_S / run_s : 0;
	double run_usd = 0;
	double month_queries_usd = 0;
	for (int c = 0; c < AUTH_R53_PRICE_COUNT; c++) {
		add(m, SCENARIO_UNIT_COUNT, (double)bill.queries[c], "cost.queries.%s",
		    auth_r53_price_name((enum auth_r53_price)c));
		run_usd += auth_r53_queries_cost((enum auth_r53_price)c, (double)bill.queries[c]);
		month_queries_usd +=
		    auth_r53_queries_cost((enum auth_r53_price)c, (double)bill.queries[c] * scale);
	}
	double hc_usd = auth_r53_health_checks_month(
	    (const struct auth_r53_hc_bill *)bill.health_checks->data, bill.health_checks->len);
	double zones_usd = auth_r53_zones_month(bill.zones);
	add(m, SCENARIO_UNIT_USD, run_usd, "cost.scenario_usd");
	add(m, SCENARIO_UNIT_USD, month_queries_usd, "cost.month.queries_usd");
	add(m, SCENARIO_UNIT_USD, hc_usd, "cost.month.health_checks_usd");
	add(m, SCENARIO_UNIT_USD, zones_usd, "cost.month.zones_usd");
	add(m, SCENARIO_UNIT_USD, month_queries_usd + hc_usd + zones_usd, "cost.month_usd");
	g_array_unref(bill.health_checks);
}

metrics *metrics_compute(const struct scenario *sc, const world *w)
{
	metrics *m = g_new0(metrics, 1);
	m->values = g_ptr_array_new_with_free_func(value_free);
	add(m, SCENARIO_UNIT_COUNT, (double)world_events_fired(w), "events");
	add(m, SCENARIO_UNIT_COUNT, (double)world_actions_applied(w), "timeline.actions");
	const GPtrArray *tracks = world_tracks(w);
	double run_s = (double)sc->duration_ns / 1e9;
	for (guint i = 0; i < tracks->len; i++) {
		const struct world_track *t = g_ptr_array_index(tracks, i);
		double mean = metrics_track_mean(t, 0, sc->duration_ns);
		if (t->kind == SCENARIO_KIND_BACKEND) {
			add(m, SCENARIO_UNIT_RATIO, mean, "backend.%s.availability", t->entity);
			add(m, SCENARIO_UNIT_SECONDS, (1 - mean) * run_s, "backend.%s.downtime",
			    t->entity);
		} else if (t->kind == SCENARIO_KIND_SERVER) {
			add(m, SCENARIO_UNIT_SECONDS, (1 - mean) * run_s, "server.%s.downtime",
			    t->entity);
		} else if (t->kind == SCENARIO_KIND_HEALTH) {
			add(m, SCENARIO_UNIT_SECONDS, (1 - mean) * run_s, "health.%s.downtime",
			    t->entity);
		}
	}
	/* requests by outcome, and the resolvers' cache hit ratios */
	const GPtrArray *counters = world_counters(w);
	uint64_t ok = 0;
	uint64_t total = 0;
	for (guint i = 0; i < counters->len; i++) {
		const struct world_counter *c = g_ptr_array_index(counters, i);
		if (g_str_has_prefix(c->name, "requests.")) {
			add(m, SCENARIO_UNIT_COUNT, (double)c->total, "%s", c->name);
			total += c->total;
			ok += strcmp(c->name, "requests.ok") == 0 ? c->total : 0;
		}
	}
	if (scenario_count(sc, SCENARIO_KIND_CLIENTS) > 0) {
		add(m, SCENARIO_UNIT_COUNT, (double)total, "requests.total");
		add(m, SCENARIO_UNIT_RATIO, total > 0 ? (double)ok / (double)total : 1.0,
		    "requests.success");
	}
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		uint64_t queries = 0;
		uint64_t hits = 0;
		if (s->spec->kind == SCENARIO_KIND_RESOLVER &&
		    world_resolver_stats(w, s->name, &queries, &hits)) {
			add(m, SCENARIO_UNIT_COUNT, (double)queries, "resolver.%s.queries",
			    s->name);
			add(m, SCENARIO_UNIT_RATIO,
			    queries > 0 ? (double)hits / (double)queries : 0,
			    "resolver.%s.hit-ratio", s->name);
		}
	}
	/* checks are load: checker requests per backend (route53.md 5) */
	for (guint i = 0; i < counters->len; i++) {
		const struct world_counter *c = g_ptr_array_index(counters, i);
		if (g_str_has_prefix(c->name, "backend.") &&
		    g_str_has_suffix(c->name, ".health-requests")) {
			add(m, SCENARIO_UNIT_COUNT, (double)c->total, "%s", c->name);
			g_autofree char *stem =
			    g_strndup(c->name, strlen(c->name) - strlen(".health-requests"));
			add(m, SCENARIO_UNIT_COUNT, (double)c->total / run_s, "%s.health-rate",
			    stem);
		}
	}
	add_recovery(m, sc, w);
	add_cost(m, sc, w);
	g_ptr_array_sort(m->values, value_cmp);
	return m;
}

void metrics_free(metrics *m)
{
	if (m == NULL) {
		return;
	}
	g_ptr_array_free(m->values, TRUE);
	g_free(m);
}

const GPtrArray *metrics_values(const metrics *m)
{
	return m->values;
}

const struct metrics_value *metrics_get(const metrics *m, const char *name)
{
	for (guint i = 0; i < m->values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(m->values, i);
		if (strcmp(v->name, name) == 0) {
			return v;
		}
	}
	return NULL;
}

/* Equality within a relative 1e-9 (values are sums of nanoseconds and ratios of them). */
static bool near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * MAX(1.0, MAX(fabs(a), fabs(b)));
}

static bool compare(double actual, enum scenario_cmp cmp, double want)
{
	switch (cmp) {
	case SCENARIO_CMP_LT:
		return actual < want && !near(actual, want);
	case SCENARIO_CMP_LE:
		return actual <= want || near(actual, want);
	case SCENARIO_CMP_GT:
		return actual > want && !near(actual, want);
	case SCENARIO_CMP_GE:
		return actual >= want || near(actual, want);
	case SCENARIO_CMP_EQ:
		return near(actual, want);
	case SCENARIO_CMP_NE:
		return !near(actual, want);
	}
	return false;
}

guint metrics_expect_eval(const metrics *m, const struct scenario *sc, GArray **results)
{
	*results = g_array_new(FALSE, TRUE, sizeof(struct metrics_expect_result));
	guint failed = 0;
	for (guint i = 0; i < sc->expects->len; i++) {
		const struct scenario_expect *e = g_ptr_array_index(sc->expects, i);
		struct metrics_expect_result r = { .expect = e };
		const struct metrics_value *v = metrics_get(m, e->metric);
		if (v != NULL) {
			r.evaluated = true;
			r.actual = v->value;
			r.pass = compare(v->value, e->cmp, e->value);
		}
		failed += !r.pass;
		g_array_append_val(*results, r);
	}
	return failed;
}

char *metrics_format(double value, enum scenario_metric_unit unit)
{
	switch (unit) {
	case SCENARIO_UNIT_SECONDS: {
		/* to the millisecond: "19m23.640s", "250ms", "20m" */
		int64_t ms = llround(value * 1e3);
		if (ms % 1000 == 0 || llabs(ms) < 1000) {
			return scenario_format_duration(ms * SIM_NS_PER_MS);
		}
		g_autofree char *whole = scenario_format_duration((ms / 1000) * SIM_NS_PER_S);
		if (g_str_has_suffix(whole, "s")) {
			whole[strlen(whole) - 1] = '\0';
			return g_strdup_printf("%s.%03llds", whole, (long long)llabs(ms % 1000));
		}
		return g_strdup_printf("%s0.%03llds", whole, (long long)llabs(ms % 1000));
	}
	case SCENARIO_UNIT_RATIO:
		return g_strdup_printf("%.4g%%", value * 100);
	case SCENARIO_UNIT_USD:
		return g_strdup_printf("$%.6f", value);
	case SCENARIO_UNIT_COUNT:
		break;
	}
	return g_strdup_printf("%.10g", value);
}

static const char *const cmp_names[] = { "<", "<=", ">", ">=", "==", "!=" };

/* JSON string with the escapes RFC 8259 requires. */
static void json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
		switch (*c) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*c < 0x20) {
				g_string_append_printf(out, "\\u%04x", *c);
			} else {
				g_string_append_c(out, (char)*c);
			}
		}
	}
	g_string_append_c(out, '"');
}

static void header_line(GString *out, const struct scenario *sc)
{
	g_string_append_printf(out, "# dnssim %s seed=%" G_GUINT64_FORMAT " digest=sha256:%s\n",
			       DNSSIM_VERSION, sc->seed, sc->digest);
}

/* %.17g keeps doubles exact; g_ascii_formatd avoids the locale's decimal comma. */
static void append_number(GString *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.10g", v));
}

static gboolean write_file(const char *dir, const char *name, const GString *s, GError **error)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	return g_file_set_contents(path, s->str, (gssize)s->len, error);
}

static GString *timeseries_csv(const struct scenario *sc, const world *w)
{
	GString *out = g_string_new(NULL);
	header_line(out, sc);
	const GPtrArray *tracks = world_tracks(w);
	const GPtrArray *counters = world_counters(w);
	g_string_append(out, "time_s");
	for (guint i = 0; i < tracks->len; i++) {
		const struct world_track *t = g_ptr_array_index(tracks, i);
		g_string_append_printf(out, ",%s", t->name);
	}
	for (guint i = 0; i < counters->len; i++) {
		const struct world_counter *c = g_ptr_array_index(counters, i);
		g_string_append_printf(out, ",%s", c->name);
	}
	g_string_append_c(out, '\n');
	for (int64_t from = 0; from < sc->duration_ns; from += sc->bucket_ns) {
		int64_t to = MIN(from + sc->bucket_ns, sc->duration_ns);
		append_number(out, (double)from / 1e9);
		for (guint i = 0; i < tracks->len; i++) {
			g_string_append_c(out, ',');
			append_number(out,
				      metrics_track_mean(g_ptr_array_index(tracks, i), from, to));
		}
		guint bucket = (guint)(from / sc->bucket_ns);
		for (guint i = 0; i < counters->len; i++) {
			const struct world_counter *c = g_ptr_array_index(counters, i);
			uint64_t n = bucket < c->buckets->len
					 ? g_array_index(c->buckets, uint64_t, bucket)
					 : 0;
			g_string_append_printf(out, ",%" G_GUINT64_FORMAT, n);
		}
		g_string_append_c(out, '\n');
	}
	return out;
}

static GString *events_csv(const struct scenario *sc, const world *w)
{
	GString *out = g_string_new(NULL);
	header_line(out, sc);
	g_string_append(out, "time_s,target,name,action,effect\n");
	const GArray *events = world_events(w);
	const char *const *targets = scenario_target_words();
	for (guint i = 0; i < events->len; i++) {
		const struct world_event *ev = &g_array_index(events, struct world_event, i);
		const struct scenario_action *a = ev->action;
		GString *what = g_string_new(a->verb ? a->verb : "");
		for (guint k = 0; k < a->attrs->len; k++) {
			const struct scenario_attr *at = g_ptr_array_index(a->attrs, k);
			g_string_append_printf(what, "%s%s=%s", what->len ? " " : "", at->key,
					       at->text);
		}
		if (ev->is_end) {
			g_string_prepend(what, "end of ");
		}
		append_number(out, (double)ev->at_ns / 1e9);
		g_string_append_printf(out, ",%s,%s,\"%s\",\"%s\"\n", targets[a->target],
				       a->target_name, what->str, ev->effect);
		g_string_free(what, TRUE);
	}
	return out;
}

static GString *summary_json(const metrics *m, const struct scenario *sc, const GArray *results)
{
	GString *out = g_string_new("{\n  \"dnssim_version\": ");
	json_string(out, DNSSIM_VERSION);
	g_string_append(out, ",\n  \"scenario\": ");
	json_string(out, sc->title);
	g_string_append(out, ",\n  \"digest\": ");
	g_autofree char *digest = g_strdup_printf("sha256:%s", sc->digest);
	json_string(out, digest);
	g_string_append_printf(
	    out, ",\n  \"seed\": %" G_GUINT64_FORMAT ",\n  \"duration_s\": ", sc->seed);
	append_number(out, (double)sc->duration_ns / 1e9);
	g_string_append(out, ",\n  \"bucket_s\": ");
	append_number(out, (double)sc->bucket_ns / 1e9);
	g_string_append(out, ",\n  \"prices_as_of\": ");
	json_string(out, AUTH_R53_PRICES_AS_OF);
	g_string_append(out, ",\n  \"metrics\": {");
	for (guint i = 0; i < m->values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(m->values, i);
		g_string_append(out, i ? ",\n    " : "\n    ");
		json_string(out, v->name);
		g_string_append(out, ": ");
		append_number(out, v->value);
	}
	g_string_append(out, "\n  },\n  \"expectations\": [");
	for (guint i = 0; i < results->len; i++) {
		const struct metrics_expect_result *r =
		    &g_array_index(results, struct metrics_expect_result, i);
		g_string_append(out, i ? ",\n    {" : "\n    {");
		g_string_append(out, "\"metric\": ");
		json_string(out, r->expect->metric);
		g_string_append(out, ", \"op\": ");
		json_string(out, cmp_names[r->expect->cmp]);
		g_string_append(out, ", \"expected\": ");
		append_number(out, r->expect->value);
		g_string_append(out, ", \"actual\": ");
		if (r->evaluated) {
			append_number(out, r->actual);
		} else {
			g_string_append(out, "null");
		}
		g_string_append_printf(out, ", \"pass\": %s}", r->pass ? "true" : "false");
	}
	g_string_append(out, results->len ? "\n  ]\n}\n" : "]\n}\n");
	return out;
}

/*
 * recovery.csv: for each failure and population, the quantiles 0, 0.001, ..., 1 of the
 * recovery time (seconds from the failure to a client's first successful request elsewhere),
 * the data behind the recovery CDF figure. NULL when nothing failed.
 */
static GString *recovery_csv(const struct scenario *sc, const world *w)
{
	const recovery *r = world_recovery(w);
	if (recovery_failure_count(r) == 0) {
		return NULL;
	}
	GString *out = g_string_new(NULL);
	header_line(out, sc);
	g_string_append(out, "failure,backend,failed_at_s,population,quantile,moved_s\n");
	for (guint f = 0; f < recovery_failure_count(r); f++) {
		const struct recovery_failure *info = recovery_failure_get(r, f);
		for (guint p = 0; p < world_population_count(w); p++) {
			GArray *moved = g_array_new(FALSE, FALSE, sizeof(double));
			GArray *last = g_array_new(FALSE, FALSE, sizeof(double));
			uint64_t not_moved = 0;
			double client_s = 0;
			recovery_samples(r, (int)f, (int)p, sc->duration_ns, moved, last,
					 &not_moved, &client_s);
			g_array_sort(moved, double_cmp);
			for (int k = 0; k <= 1000 && moved->len > 0; k++) {
				g_string_append_printf(out, "%u,%s,", f + 1, info->backend);
				append_number(out, (double)info->start_ns / 1e9);
				g_string_append_printf(out, ",%s,%d.%03d,",
						       world_population_name(w, p), k / 1000,
						       k % 1000);
				append_number(out, percentile(moved, k / 1000.0));
				g_string_append_c(out, '\n');
			}
			g_array_unref(moved);
			g_array_unref(last);
		}
	}
	return out;
}

gboolean metrics_write(const metrics *m, const struct scenario *sc, const world *w,
		       const GArray *results, const char *dir, GError **error)
{
	GString *files[4] = { timeseries_csv(sc, w), events_csv(sc, w), recovery_csv(sc, w),
			      summary_json(m, sc, results) };
	static const char *const names[4] = { "timeseries.csv", "events.csv", "recovery.csv",
					      "summary.json" };
	gboolean ok = TRUE;
	for (int i = 0; i < 4; i++) {
		if (ok && files[i] != NULL) {
			ok = write_file(dir, names[i], files[i], error);
		}
		if (files[i] != NULL) {
			g_string_free(files[i], TRUE);
		}
	}
	return ok;
}

void metrics_print(const metrics *m, const struct scenario *sc, const GArray *results, FILE *out)
{
	fprintf(out, "%-40s %s\n", "metric", "value");
	for (guint i = 0; i < m->values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(m->values, i);
		g_autofree char *s = metrics_format(v->value, v->unit);
		if (v->unit == SCENARIO_UNIT_USD) {
			fprintf(out, "%-40s %s (Route 53 prices as of %s)\n", v->name, s,
				AUTH_R53_PRICES_AS_OF);
			continue;
		}
		fprintf(out, "%-40s %s\n", v->name, s);
	}
	if (results->len == 0) {
		return;
	}
	fprintf(out, "\nexpectations\n");
	for (guint i = 0; i < results->len; i++) {
		const struct metrics_expect_result *r =
		    &g_array_index(results, struct metrics_expect_result, i);
		const struct scenario_expect *e = r->expect;
		const struct metrics_value *v = metrics_get(m, e->metric);
		g_autofree char *expr =
		    g_strdup_printf("%s %s %s", e->metric, cmp_names[e->cmp], e->value_text);
		if (!r->evaluated) {
			fprintf(out, "  FAIL %-50s no value in this run\n", expr);
			continue;
		}
		g_autofree char *actual = metrics_format(r->actual, v->unit);
		if (r->pass) {
			fprintf(out, "  ok   %-50s actual %s%s%s%s\n", expr, actual,
				v->unit == SCENARIO_UNIT_USD ? " (prices as of " : "",
				v->unit == SCENARIO_UNIT_USD ? AUTH_R53_PRICES_AS_OF : "",
				v->unit == SCENARIO_UNIT_USD ? ")" : "");
		} else {
			g_autofree char *by = metrics_format(fabs(r->actual - e->value), v->unit);
			fprintf(out, "  FAIL %-50s actual %s, off by %s%s%s%s  (%s:%d)\n", expr,
				actual, by, v->unit == SCENARIO_UNIT_USD ? " (prices as of " : "",
				v->unit == SCENARIO_UNIT_USD ? AUTH_R53_PRICES_AS_OF : "",
				v->unit == SCENARIO_UNIT_USD ? ")" : "", e->loc.file, e->loc.line);
		}
	}
}
