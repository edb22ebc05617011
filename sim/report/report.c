#include "sim/report/report.h"

#include <math.h>
#include <string.h>

#include "authoritative/route53/pricing.h"
#include "sim/draw/tree.h"
#include "sim/review/review.h"
#include "sim/scenario/schema.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

void report_escape(GString *out, const char *text)
{
	for (const char *c = text; *c != '\0'; c++) {
		switch (*c) {
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		case '\'':
			g_string_append(out, "&#39;");
			break;
		default:
			g_string_append_c(out, *c);
		}
	}
}

static void esc(GString *out, const char *text)
{
	report_escape(out, text != NULL ? text : "");
}

/* <td>text</td> with text escaped */
static void td(GString *out, const char *text)
{
	g_string_append(out, "<td>");
	esc(out, text);
	g_string_append(out, "</td>");
}

static void td_value(GString *out, double value, enum scenario_metric_unit unit)
{
	g_autofree char *s = metrics_format(value, unit);
	g_string_append(out, "<td class=\"num\">");
	esc(out, s);
	g_string_append(out, "</td>");
}

static const char style[] =
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;margin-top:2em}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "pre.desc{background:#f8f8f8;padding:.8em;white-space:pre-wrap}"
    "figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #eee}"
    "figcaption{color:#555;font-size:.95em}.pass{color:#080}.fail{color:#b00;font-weight:bold}"
    ".meta td:first-child{color:#555}.warn{color:#a60}";

/* The comment lines at the top of the scenario file, without their "# ": the description
 * scenario files carry by convention. NULL when there is none or the file cannot be read. */
static char *header_comment(const char *path)
{
	g_autofree char *text = NULL;
	if (path == NULL || !g_file_get_contents(path, &text, NULL, NULL)) {
		return NULL;
	}
	GString *out = g_string_new(NULL);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		const char *l = lines[i];
		if (l[0] == '#') {
			l++;
			if (*l == ' ') {
				l++;
			}
			g_string_append_printf(out, "%s\n", l);
		} else if (g_strstrip(lines[i])[0] != '\0' || out->len > 0) {
			break;
		}
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static void section_scenario(GString *out, const struct scenario *sc, const metrics *m)
{
	g_string_append(out, "<h1>");
	esc(out, sc->title);
	g_string_append(out, "</h1>\n<table class=\"meta\">\n");
	g_autofree char *duration = scenario_format_duration(sc->duration_ns);
	g_autofree char *bucket = scenario_format_duration(sc->bucket_ns);
	g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, sc->seed);
	g_autofree char *digest = g_strdup_printf("sha256:%s", sc->digest);
	const char *rows[][2] = {
		{ "scenario file", sc->file },
		{ "duration (virtual time)", duration },
		{ "seed", seed },
		{ "time-series bucket", bucket },
		{ "digest", digest },
		{ "dnssim", DNSSIM_VERSION },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		g_string_append(out, "<tr>");
		td(out, rows[i][0]);
		td(out, rows[i][1]);
		g_string_append(out, "</tr>\n");
	}
	static const char *const headline[] = { "requests.success", "recovery.p50", "recovery.p95",
						"cost.month_usd" };
	for (size_t i = 0; i < G_N_ELEMENTS(headline); i++) {
		const struct metrics_value *v = metrics_get(m, headline[i]);
		if (v != NULL) {
			g_string_append(out, "<tr>");
			td(out, headline[i]);
			td_value(out, v->value, v->unit);
			g_string_append(out, "</tr>\n");
		}
	}
	g_string_append(out, "</table>\n");
	g_autofree char *desc = header_comment(sc->file);
	if (desc != NULL) {
		g_string_append(out, "<h2>What this scenario is</h2>\n<pre class=\"desc\">");
		esc(out, desc);
		g_string_append(out, "</pre>\n");
	}
}

static void section_timeline(GString *out, const struct scenario *sc, const world *w)
{
	g_string_append(out, "<h2>Timeline</h2>\n");
	const GArray *events = world_events(w);
	if (events->len == 0) {
		g_string_append(out, "<p>Nothing happens on the timeline.</p>\n");
		return;
	}
	g_string_append(out, "<p>The actions as they were applied (events.csv).</p>\n<table>\n"
			     "<tr><th>time</th><th>target</th><th>name</th><th>action</th>"
			     "<th>effect</th></tr>\n");
	const char *const *targets = scenario_target_words();
	for (guint i = 0; i < events->len; i++) {
		const struct world_event *ev = &g_array_index(events, struct world_event, i);
		const struct scenario_action *a = ev->action;
		GString *what = g_string_new(ev->is_end ? "end of " : "");
		g_string_append(what, a->verb != NULL ? a->verb : "");
		for (guint k = 0; k < a->attrs->len; k++) {
			const struct scenario_attr *at = g_ptr_array_index(a->attrs, k);
			g_string_append_printf(what, "%s%s=%s", what->len ? " " : "", at->key,
					       at->text);
		}
		g_autofree char *t = scenario_format_duration(ev->at_ns);
		g_string_append(out, "<tr>");
		td(out, t);
		td(out, targets[a->target]);
		td(out, a->target_name);
		td(out, what->str);
		td(out, ev->effect);
		g_string_append(out, "</tr>\n");
		g_string_free(what, TRUE);
	}
	g_string_append(out, "</table>\n");
	(void)sc;
}

/* Captions of the figures `dnssim run` draws (plots/plot.c figures[]); another file gets its
 * name only. */
static const char *figure_caption(const char *base)
{
	static const struct {
		const char *prefix;
		const char *caption;
	} captions[] = {
		{ "availability", "Availability: when each backend served, each name server was "
				  "up and each health check was healthy (one lane each)." },
		{ "share", "Share of the successful requests that reached each backend over "
			   "time; the timeline's failures shaded." },
		{ "success", "Request outcomes over time, stacked to 100 %: the share that "
			     "succeeded, then each failure cause." },
		{ "recovery", "Client recovery after each backend failure: the distribution of "
			      "the time from the failure to a client's first success elsewhere, "
			      "p50, p95 and p99 marked." },
		{ "queries", "Queries reaching each authoritative name server over time." },
		{ "cache", "Share of the client queries each resolver answered from its cache "
			   "alone, over time." },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(captions); i++) {
		if (strcmp(base, captions[i].prefix) == 0) {
			return captions[i].caption;
		}
	}
	return NULL;
}

static int str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean section_figures(GString *out, const char *dir, GError **error)
{
	g_string_append(out, "<h2>Figures</h2>\n");
	/* the figures' base names, sorted: a PNG when there is one, else the SVG */
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(dir, 0, error);
	if (d == NULL) {
		g_ptr_array_unref(names);
		return FALSE;
	}
	const char *name;
	while ((name = g_dir_read_name(d)) != NULL) {
		if (g_str_has_suffix(name, ".png")) {
			g_ptr_array_add(names, g_strdup(name));
		} else if (g_str_has_suffix(name, ".svg")) {
			g_autofree char *base = g_strndup(name, strlen(name) - 4);
			g_autofree char *png = g_strdup_printf("%s/%s.png", dir, base);
			if (!g_file_test(png, G_FILE_TEST_EXISTS)) {
				g_ptr_array_add(names, g_strdup(name));
			}
		}
	}
	g_dir_close(d);
	g_ptr_array_sort(names, str_cmp);
	if (names->len == 0) {
		g_string_append(out, "<p>This run drew no figure (--no-plots, or report "
				     "plots=no).</p>\n");
	}
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < names->len; i++) {
		const char *file = g_ptr_array_index(names, i);
		g_autofree char *path = g_build_filename(dir, file, NULL);
		g_autofree char *data = NULL;
		gsize len = 0;
		if (!g_file_get_contents(path, &data, &len, error)) {
			ok = FALSE;
			break;
		}
		gboolean png = g_str_has_suffix(file, ".png");
		g_autofree char *base = g_strndup(file, strlen(file) - 4);
		g_autofree char *b64 = g_base64_encode((const guchar *)data, len);
		const char *caption = figure_caption(base);
		g_string_append(out, "<figure><img alt=\"");
		esc(out, base);
		g_string_append_printf(out, "\" src=\"data:image/%s;base64,%s\">\n<figcaption>",
				       png ? "png" : "svg+xml", b64);
		g_string_append(out, "<b>");
		esc(out, file);
		g_string_append(out, "</b>");
		if (caption != NULL) {
			g_string_append(out, ": ");
			esc(out, caption);
		}
		g_string_append(out, "</figcaption></figure>\n");
	}
	g_ptr_array_unref(names);
	return ok;
}

/* The address= of backend name, or NULL. */
static const char *backend_address(const struct scenario *sc, const char *name)
{
	const struct scenario_stmt *b = scenario_find(sc, SCENARIO_KIND_BACKEND, name);
	const struct scenario_attr *a = b != NULL ? scenario_stmt_attr(b, "address") : NULL;
	return a != NULL ? a->text : NULL;
}

/* The slowest detection time of the health checks probing backend (by its name or address),
 * plus the propagation to the name servers; 0 when no check probes it. */
static int64_t backend_detection_ns(const struct scenario *sc, const char *backend)
{
	const char *address = backend_address(sc, backend);
	int64_t slowest = 0;
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *hc = g_ptr_array_index(sc->stmts, i);
		if (hc->spec->kind != SCENARIO_KIND_HEALTH || hc->args->len < 2) {
			continue;
		}
		const char *target =
		    ((const struct scenario_arg *)g_ptr_array_index(hc->args, 1))->text;
		int64_t d;
		if ((strcmp(target, backend) == 0 ||
		     (address != NULL && strcmp(target, address) == 0)) &&
		    review_detection_ns(sc, hc, &d) && d > slowest) {
			slowest = d;
		}
	}
	return slowest > 0 ? slowest + review_propagation_ns(sc) : 0;
}

static bool failure_verb(const char *verb)
{
	return verb != NULL && (strcmp(verb, "down") == 0 || strcmp(verb, "flapping") == 0 ||
				strcmp(verb, "health-endpoint-only") == 0);
}

struct tree_moment {
	int64_t at_ns;
	char *caption;
};

/*
 * When to draw the tree: before the timeline's first backend failure (1 s before), during it
 * (its midpoint), and after recovery (the backend back, plus the time its health checks take
 * to see that: interval x threshold + propagation, passing requests answer at once; the end of
 * the run when it never comes back or that falls after the end). One tree at the start when
 * the timeline fails no backend.
 */
static GArray *tree_moments(const struct scenario *sc)
{
	GArray *moments = g_array_new(FALSE, FALSE, sizeof(struct tree_moment));
	const struct scenario_action *fail = NULL;
	for (guint i = 0; i < sc->actions->len && fail == NULL; i++) {
		const struct scenario_action *a = g_ptr_array_index(sc->actions, i);
		if (a->target == SCENARIO_TARGET_BACKEND && failure_verb(a->verb)) {
			fail = a;
		}
	}
	if (fail == NULL) {
		struct tree_moment m = { 0,
					 g_strdup("At the start of the run: the timeline fails "
						  "no backend, so this is the tree throughout.") };
		g_array_append_val(moments, m);
		return moments;
	}
	int64_t end = fail->until_ns >= 0 ? fail->until_ns : sc->duration_ns;
	bool back = fail->until_ns >= 0;
	for (guint i = 0; i < sc->actions->len && !back; i++) {
		const struct scenario_action *a = g_ptr_array_index(sc->actions, i);
		if (a->at_ns > fail->at_ns && a->target == SCENARIO_TARGET_BACKEND &&
		    strcmp(a->target_name, fail->target_name) == 0 && a->verb != NULL &&
		    (strcmp(a->verb, "up") == 0 || strcmp(a->verb, "slow") == 0)) {
			end = a->at_ns;
			back = true;
		}
	}
	const char *b = fail->target_name;
	int64_t detect = backend_detection_ns(sc, b);
	g_autofree char *fail_at = scenario_format_duration(fail->at_ns);
	g_autofree char *detect_text = scenario_format_duration(detect);
	struct tree_moment m;
	m.at_ns = fail->at_ns >= SIM_NS_PER_S ? fail->at_ns - SIM_NS_PER_S : 0;
	m.caption = g_strdup_printf("Before the first failure: backend %s is %s at %s; this is "
				    "the tree just before, as every name server still sees it.",
				    b, fail->verb, fail_at);
	g_array_append_val(moments, m);
	/* the midpoint: a failed check request waits for its timeout before the next interval
	 * starts, so interval x threshold alone can come before the checks see the failure */
	m.at_ns = fail->at_ns + (end - fail->at_ns) / 2;
	g_autofree char *mid_text = scenario_format_duration(m.at_ns - fail->at_ns);
	if (detect == 0) {
		m.caption = g_strdup_printf("During the failure: its midpoint, %s after backend %s "
					    "failed at %s (no health check probes it).",
					    mid_text, b, fail_at);
	} else {
		m.caption = g_strdup_printf(
		    "During the failure: its midpoint, %s after backend %s failed at %s; the "
		    "health checks probing it need %s (interval x failure threshold, plus the "
		    "propagation to the name servers) and their requests' timeouts to see it%s.",
		    mid_text, b, fail_at, detect_text,
		    m.at_ns - fail->at_ns >= detect ? "" : ", so they may not have yet");
	}
	g_array_append_val(moments, m);
	g_autofree char *end_text = scenario_format_duration(end);
	if (back && end + detect <= sc->duration_ns) {
		m.at_ns = end + detect;
		m.caption = g_strdup_printf(
		    "After recovery: backend %s serves again at %s, and %s later its health checks "
		    "can have seen it healthy and told the name servers.",
		    b, end_text, detect_text);
	} else {
		m.at_ns = sc->duration_ns;
		m.caption = g_strdup_printf("At the end of the run: backend %s %s.", b,
					    back ? "serves again, but its health checks may not "
						   "have seen it yet"
						 : "does not come back before the end");
	}
	g_array_append_val(moments, m);
	return moments;
}

/*
 * The Route 53 decision tree (sim/draw/tree.h) at the moments of tree_moments(), coloured by
 * health then, each an SVG image as a data: URI (inline SVGs would share Graphviz's ids). A
 * scenario without Route 53 record sets has no tree; a missing Graphviz is said, not fatal.
 */
static void section_trees(GString *out, const struct scenario *sc)
{
	g_string_append(out, "<h2>Decision tree</h2>\n");
	GArray *moments = tree_moments(sc);
	for (guint i = 0; i < moments->len; i++) {
		struct tree_moment *m = &g_array_index(moments, struct tree_moment, i);
		GString *svg = g_string_new(NULL);
		g_autoptr(GError) err = NULL;
		if (!draw_tree_svg(sc, NULL, m->at_ns, svg, &err)) {
			if (g_error_matches(err, DRAW_ERROR, DRAW_ERROR_NAME)) {
				g_string_append(out, "<p>The scenario has no Route 53 record set "
						     "with a routing decision to draw.</p>\n");
			} else {
				g_string_append(out, "<p class=\"warn\">The decision tree was not "
						     "drawn: ");
				esc(out, err != NULL ? err->message : "unknown error");
				g_string_append(out, "</p>\n");
			}
			g_string_free(svg, TRUE);
			break;
		}
		g_autofree char *b64 = g_base64_encode((const guchar *)svg->str, svg->len);
		g_autofree char *at = scenario_format_duration(m->at_ns);
		g_string_append_printf(out,
				       "<figure class=\"tree\"><img alt=\"decision tree at %s\" "
				       "src=\"data:image/svg+xml;base64,%s\">\n<figcaption><b>",
				       at, b64);
		g_string_append_printf(out, "Decision tree at %s</b>: ", at);
		esc(out, m->caption);
		g_string_append(out, " Green: healthy, red: unhealthy at that time.</figcaption>"
				     "</figure>\n");
		g_string_free(svg, TRUE);
	}
	for (guint i = 0; i < moments->len; i++) {
		g_free(g_array_index(moments, struct tree_moment, i).caption);
	}
	g_array_unref(moments);
}

/* The recovery statistics in the order of the table's columns. */
static const char *const recovery_cols[] = { "p50",
					     "p90",
					     "p95",
					     "p99",
					     "max",
					     "clients",
					     "not-moved",
					     "last-old",
					     "client-seconds",
					     "failed-requests" };

static void section_recovery(GString *out, const metrics *m)
{
	g_string_append(out, "<h2>Recovery</h2>\n");
	/* rows: "recovery" (every failure and population), "recovery.POP", "recovery.failure-N",
	 * in the order metrics keeps them (sorted by name) after the pooled row */
	GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(rows, g_strdup("recovery"));
	const GPtrArray *values = metrics_values(m);
	for (guint i = 0; i < values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(values, i);
		if (!g_str_has_prefix(v->name, "recovery.")) {
			continue;
		}
		const char *last = strrchr(v->name, '.');
		if (last == v->name + strlen("recovery")) {
			continue; /* recovery.STAT: the pooled row */
		}
		g_autofree char *row = g_strndup(v->name, (gsize)(last - v->name));
		const char *prev = g_ptr_array_index(rows, rows->len - 1);
		if (strcmp(prev, row) != 0) {
			g_ptr_array_add(rows, g_steal_pointer(&row));
		}
	}
	if (metrics_get(m, "recovery.clients") == NULL &&
	    metrics_get(m, "recovery.not-moved") == NULL) {
		g_string_append(out, "<p>No client had to recover: no backend failed while "
				     "clients were asking.</p>\n");
		g_ptr_array_unref(rows);
		return;
	}
	g_string_append(out, "<p>Time from each backend failure to a client's first "
			     "successful request to another target, over the clients that asked "
			     "before the backend served again (recovery.* metrics).</p>\n"
			     "<table>\n<tr><th>who</th>");
	for (size_t k = 0; k < G_N_ELEMENTS(recovery_cols); k++) {
		g_string_append(out, "<th>");
		esc(out, recovery_cols[k]);
		g_string_append(out, "</th>");
	}
	g_string_append(out, "</tr>\n");
	for (guint r = 0; r < rows->len; r++) {
		const char *row = g_ptr_array_index(rows, r);
		g_string_append(out, "<tr>");
		td(out, r == 0 ? "all clients, every failure" : row + strlen("recovery."));
		for (size_t k = 0; k < G_N_ELEMENTS(recovery_cols); k++) {
			g_autofree char *name = g_strdup_printf("%s.%s", row, recovery_cols[k]);
			const struct metrics_value *v = metrics_get(m, name);
			if (v != NULL) {
				td_value(out, v->value, v->unit);
			} else {
				td(out, "");
			}
		}
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
	g_ptr_array_unref(rows);
}

static void section_cost(GString *out, const metrics *m)
{
	g_string_append(out, "<h2>Route 53 cost</h2>\n<p>Prices as of <b>" AUTH_R53_PRICES_AS_OF
			     "</b> (the price table's date). The month is 30 days at the run's "
			     "query rate.</p>\n<table>\n<tr><th>metric</th><th>value</th></tr>\n");
	const GPtrArray *values = metrics_values(m);
	for (guint i = 0; i < values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(values, i);
		if (g_str_has_prefix(v->name, "cost.")) {
			g_string_append(out, "<tr>");
			td(out, v->name);
			td_value(out, v->value, v->unit);
			g_string_append(out, "</tr>\n");
		}
	}
	g_string_append(out, "</table>\n");
}

static void section_review(GString *out, const struct scenario *sc)
{
	g_string_append(out, "<h2>Design review</h2>\n");
	GPtrArray *warnings = review_scenario(sc);
	if (warnings->len == 0) {
		g_string_append(out, "<p>The review (dnssim check) has nothing to say about this "
				     "design.</p>\n");
		g_ptr_array_unref(warnings);
		return;
	}
	g_string_append_printf(out,
			       "<p class=\"warn\">%u warning%s from the design review "
			       "(dnssim check).</p>\n<table>\n<tr><th>where</th><th>what</th>"
			       "<th>why</th><th>rule</th></tr>\n",
			       warnings->len, warnings->len == 1 ? "" : "s");
	for (guint i = 0; i < warnings->len; i++) {
		const struct review_warning *wr = g_ptr_array_index(warnings, i);
		g_autofree char *where =
		    g_strdup_printf("%s:%d:%d", wr->loc.file, wr->loc.line, wr->loc.col);
		g_string_append(out, "<tr>");
		td(out, where);
		td(out, wr->subject);
		td(out, wr->message);
		td(out, wr->rule);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
	g_ptr_array_unref(warnings);
}

static const char *const cmp_names[] = { "<", "<=", ">", ">=", "==", "!=" };

static void section_expect(GString *out, const metrics *m, const GArray *results)
{
	g_string_append(out, "<h2>Expectations</h2>\n");
	if (results->len == 0) {
		g_string_append(out, "<p>The scenario states no expectation.</p>\n");
		return;
	}
	guint failed = 0;
	for (guint i = 0; i < results->len; i++) {
		failed += !g_array_index(results, struct metrics_expect_result, i).pass;
	}
	g_string_append_printf(out, "<p class=\"%s\">%u of %u passed.</p>\n",
			       failed ? "fail" : "pass", results->len - failed, results->len);
	g_string_append(out, "<table>\n<tr><th>result</th><th>expectation</th><th>actual</th>"
			     "<th>line</th></tr>\n");
	for (guint i = 0; i < results->len; i++) {
		const struct metrics_expect_result *r =
		    &g_array_index(results, struct metrics_expect_result, i);
		const struct scenario_expect *e = r->expect;
		g_autofree char *expr =
		    g_strdup_printf("%s %s %s", e->metric, cmp_names[e->cmp], e->value_text);
		g_string_append_printf(out, "<tr><td class=\"%s\">%s</td>",
				       r->pass ? "pass" : "fail", r->pass ? "ok" : "FAIL");
		td(out, expr);
		const struct metrics_value *v = metrics_get(m, e->metric);
		if (r->evaluated && v != NULL) {
			td_value(out, r->actual, v->unit);
		} else {
			td(out, "no value in this run");
		}
		g_autofree char *where = g_strdup_printf("%s:%d", e->loc.file, e->loc.line);
		td(out, where);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
}

static void section_metrics(GString *out, const metrics *m)
{
	g_string_append(out, "<h2>Every metric</h2>\n<details><summary>the run's metrics "
			     "(summary.json)</summary>\n<table>\n");
	const GPtrArray *values = metrics_values(m);
	for (guint i = 0; i < values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(values, i);
		g_string_append(out, "<tr>");
		td(out, v->name);
		td_value(out, v->value, v->unit);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n</details>\n");
}

/* After the load event (every image decoded or failed), the page states how many figures
 * decoded: "figures: N of M loaded" in #figure-check and its data-loaded attribute. */
static const char check_script[] =
    "<script>\nwindow.addEventListener('load', function () {\n"
    "  var imgs = document.querySelectorAll('figure img');\n"
    "  var ok = 0;\n"
    "  for (var i = 0; i < imgs.length; i++) {\n"
    "    if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; }\n"
    "  }\n"
    "  var p = document.getElementById('figure-check');\n"
    "  p.setAttribute('data-loaded', ok + '/' + imgs.length);\n"
    "  p.textContent = 'figures: ' + ok + ' of ' + imgs.length + ' loaded';\n"
    "});\n</script>\n";

gboolean report_write(const struct scenario *sc, const world *w, const metrics *m,
		      const GArray *results, const char *dir, GError **error)
{
	GString *out = g_string_new("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
				    "<meta charset=\"utf-8\">\n");
	/* nothing from outside: images only as data: URIs, the inline style and script */
	g_string_append(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
			     "'none'; img-src data:; style-src 'unsafe-inline'; script-src "
			     "'unsafe-inline'\">\n<title>");
	esc(out, sc->title);
	g_string_append_printf(
	    out, " - dnssim report</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	section_scenario(out, sc, m);
	section_timeline(out, sc, w);
	gboolean ok = section_figures(out, dir, error);
	if (ok) {
		section_trees(out, sc);
		section_recovery(out, m);
		section_cost(out, m);
		section_review(out, sc);
		section_expect(out, m, results);
		section_metrics(out, m);
		g_string_append_printf(out,
				       "<p id=\"figure-check\" data-loaded=\"\">figures: not "
				       "checked</p>\n%s</body>\n</html>\n",
				       check_script);
		g_autofree char *path = g_build_filename(dir, "report.html", NULL);
		ok = g_file_set_contents(path, out->str, (gssize)out->len, error);
	}
	g_string_free(out, TRUE);
	return ok;
}
