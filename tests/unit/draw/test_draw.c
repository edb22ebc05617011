/*
 * Tests of `dnssim draw`, `dnssim import traffic-policy` and `dnssim propagation`
 * (sim/draw/, sim/import/traffic_policy.c, sim/cli/propagation.c). Expected values come from
 * the documents and scenarios these tests read and from route53.md's rules, worked out by
 * hand in the comments; none was copied from the program's output.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "sim/draw/tree.h"
#include "sim/import/traffic_policy.h"
#include "sim/scenario/parser.h"

static char *src_path(const char *rel)
{
	const char *srcdir = getenv("SRCDIR");
	return g_build_filename(srcdir != NULL ? srcdir : ".", rel, NULL);
}

static char *read_text(const char *rel)
{
	g_autofree char *path = src_path(rel);
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		fail_msg("cannot read %s", path);
	}
	return text;
}

/* Run the dnssim binary (DNSSIM) with args; its exit code, stdout and stderr. -1 if DNSSIM is
 * not set (the test is then skipped by the caller, which says so). */
static int run(const char *const *args, char **out, char **err)
{
	const char *dnssim = getenv("DNSSIM");
	if (dnssim == NULL) {
		return -1;
	}
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (gpointer)dnssim);
	for (size_t i = 0; args[i] != NULL; i++) {
		g_ptr_array_add(argv, (gpointer)args[i]);
	}
	g_ptr_array_add(argv, NULL);
	int status = 0;
	gboolean ok =
	    g_spawn_sync(NULL, (char **)argv->pdata, NULL, 0, NULL, NULL, out, err, &status, NULL);
	g_ptr_array_free(argv, TRUE);
	assert_true(ok);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* ---- Traffic Flow import ---- */

/* every-rule.json, read by hand: .Comment is not a policy field; the LocalZone location of
 * by-proximity's fourth item is not modelled (the item, and so endpoint atl, is left out);
 * rule orphan and endpoint unused are referenced by nothing reachable. */
static void test_every_rule_warnings(void **state)
{
	(void)state;
	g_autofree char *json = read_text("tests/fixtures/traffic-policy/every-rule.json");
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *text = import_traffic_policy("every-rule.json", json, -1,
						      "api.example.com", 60, warnings, &err);
	assert_non_null(text);
	static const char *const paths[] = {
		".Comment",	     ".Rules[\"by-proximity\"].GeoproximityLocations[3].Location",
		".Rules.orphan",     ".Endpoints.atl",
		".Endpoints.unused",
	};
	assert_int_equal(warnings->len, G_N_ELEMENTS(paths));
	for (guint i = 0; i < warnings->len; i++) {
		const struct import_warning *w = g_ptr_array_index(warnings, i);
		assert_string_equal(w->file, "every-rule.json");
		assert_string_equal(w->path, paths[i]);
	}
	/* each rule type with its attribute, from the document: Region "aws:route53:us-east-1"
	 * with Bias "10"; coordinates; a 2023 Region location aliasing the multivalue pool with
	 * EvaluateTargetHealth; a Coordinate location with Bias -20 aliasing the latency rule;
	 * a CloudFront endpoint is an alias to its name */
	static const char *const lines[] = {
		"api.example.com. 60 IN A 192.0.2.1 set=by-proximity-1 geoproximity=us-east-1 "
		"bias=10\n",
		"api.example.com. 60 IN A 192.0.2.2 set=by-proximity-2 geoproximity=47.61,-122.33\n",
		"api.example.com. IN A alias _tf-pool.api.example.com. set=by-proximity-3 "
		"geoproximity=eu-west-1 evaluate-target-health=yes\n",
		"api.example.com. IN A alias _tf-edge.api.example.com. set=by-proximity-5 "
		"geoproximity=-33.87,151.21 bias=-20\n",
		"_tf-pool.api.example.com. 60 IN A 203.0.113.1 set=pool-1 multivalue=yes "
		"health=hc-mv1\n",
		"_tf-edge.api.example.com. IN A alias d111111abcdef8.cloudfront.net. "
		"set=edge-ap-southeast-2 region=ap-southeast-2\n",
		"_tf-edge.api.example.com. 60 IN A 192.0.2.1 set=edge-us-east-1 region=us-east-1\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		if (strstr(text, lines[i]) == NULL) {
			fail_msg("missing line %s in:\n%s", lines[i], text);
		}
	}
	/* the output is a valid scenario once the health checks it names exist */
	g_autofree char *sc_text = g_strdup_printf(
	    "duration 1m\nzone example.com. servers=ns-1\n%send\nbackend b1 address=203.0.113.1\n"
	    "backend b2 address=203.0.113.2\nhealth hc-mv1 tcp b1\nhealth hc-mv2 tcp b2\n",
	    text);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(sc_text, "t.dnssim", ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
	}
	assert_non_null(sc);
	scenario_free(sc);
}

static void test_shape_errors(void **state)
{
	(void)state;
	g_autofree char *json = read_text("tests/fixtures/traffic-policy/invalid.json");
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autoptr(GError) err = NULL;
	/* line 4 holds the missing comma between "Type": "value" and "Value" */
	assert_null(
	    import_traffic_policy("invalid.json", json, -1, "x.example", 60, warnings, &err));
	assert_true(g_error_matches(err, IMPORT_ERROR, IMPORT_ERROR_JSON));
	assert_true(g_str_has_prefix(err->message, "invalid.json:4:"));
	static const struct {
		const char *json, *message;
	} bad[] = {
		{ "{\"RecordType\":\"A\",\"Rules\":{}}", "exactly one of StartRule" },
		{ "{\"RecordType\":\"A\",\"StartRule\":\"a\",\"Rules\":{\"a\":{\"RuleType\":"
		  "\"weighted\",\"Items\":[{\"RuleReference\":\"a\",\"Weight\":1}]}}}",
		  "loop" },
		{ "{\"RecordType\":\"A\",\"StartRule\":\"a\",\"Rules\":{\"a\":{\"RuleType\":"
		  "\"multivalue\",\"Items\":[{\"RuleReference\":\"b\"}]}}}",
		  "endpoints only" },
		{ "{\"RecordType\":\"A\",\"StartEndpoint\":\"e\"}", "no endpoint 'e'" },
		{ "{\"RecordType\":\"A\",\"StartRule\":\"a\",\"Rules\":{\"a\":{\"RuleType\":"
		  "\"random\"}}}",
		  "unknown rule type" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) e = NULL;
		assert_null(import_traffic_policy("p.json", bad[i].json, -1, "x.example", 60,
						  warnings, &e));
		assert_true(g_error_matches(e, IMPORT_ERROR, IMPORT_ERROR_SHAPE));
		if (strstr(e->message, bad[i].message) == NULL) {
			fail_msg("case %zu: %s", i, e->message);
		}
	}
}

/*
 * Import east-west.json with the CLI, put it in a scenario, then draw and answer. By the
 * document: site is failover (primary: rule east, weighted 70/30 over two health-checked
 * values; secondary: rule west, geo: EU -> 198.51.100.10, default -> rule fallback, latency:
 * us-west-2 -> 198.51.100.20, us-west-1 -> the S3 site). Both east backends fail at 1m; with
 * 10 s checks, failure threshold 1 and 5 s propagation the checks fail by 1m + 10 s + 4 s
 * (timeout) + 5 s, well before 3m. Then primary's evaluate-target-health sees no healthy
 * set under east (route53.md 1.4), so the secondary answers: from Berlin (EU) the EU record,
 * from Seattle the default branch, whose nearest Region is us-west-2 (Oregon), not us-west-1.
 */
static void test_traffic_policy_round_trip(void **state)
{
	(void)state;
	g_autofree char *policy = src_path("tests/fixtures/traffic-policy/east-west.json");
	g_autofree char *tmp = g_dir_make_tmp("dnssim-tp-XXXXXX", NULL);
	g_autofree char *records = g_build_filename(tmp, "records.txt", NULL);
	g_autofree char *scenario = g_build_filename(tmp, "tp.dnssim", NULL);
	const char *imp[] = { "import", "traffic-policy",  policy,
			      "--name", "www.example.com", "--ttl",
			      "60",	"--out",	   records,
			      NULL };
	g_autofree char *o1 = NULL, *e1 = NULL;
	int rc = run(imp, &o1, &e1);
	if (rc < 0) {
		skip();
	}
	assert_int_equal(rc, 0);
	g_autofree char *lines = NULL;
	assert_true(g_file_get_contents(records, &lines, NULL, NULL));
	g_autofree char *sc_text = g_strdup_printf(
	    "duration 5m\nseed 1\nzone example.com. servers=ns-1\n%send\n"
	    "backend east-a address=192.0.2.10 region=us-east-1\n"
	    "backend east-b address=192.0.2.11 region=us-east-1\n"
	    "backend west address=198.51.100.10 region=eu-central-1\n"
	    "health hc-east-a http east-a path=/health interval=10s failure-threshold=1\n"
	    "health hc-east-b http east-b path=/health interval=10s failure-threshold=1\n"
	    "health hc-west http west path=/health interval=10s failure-threshold=1\n"
	    "resolver seattle at=US-WA profile=rfc-strict\n"
	    "resolver berlin at=DE profile=rfc-strict\n"
	    "at 1m backend east-a down\nat 1m backend east-b down\n",
	    lines);
	assert_true(g_file_set_contents(scenario, sc_text, -1, NULL));

	const char *draw[] = { "draw", scenario,     "www.example.com", "--at",
			       "3m",   "--resolver", "seattle",		NULL };
	g_autofree char *tree = NULL, *e2 = NULL;
	assert_int_equal(run(draw, &tree, &e2), 0);
	static const char *const want[] = {
		"- (primary) set site-primary [UNHEALTHY]\n",
		"* (secondary) set site-secondary [healthy]\n",
		"(weight 70 (70.0%)) set east-1 [UNHEALTHY]\n",
		"(weight 30 (30.0%)) set east-2 [UNHEALTHY]\n",
		"(continent EU) set west-eu [healthy]\n",
		"* (default (country *)) set west-default [healthy]\n",
		"* (Region us-west-2) set fallback-us-west-2 [healthy]\n",
		"- (Region us-west-1) set fallback-us-west-1 [healthy]\n",
		";; answer: 198.51.100.20  TTL 60\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		if (strstr(tree, want[i]) == NULL) {
			fail_msg("missing %s in:\n%s", want[i], tree);
		}
	}
	static const struct {
		const char *resolver, *at, *answer;
	} answers[] = {
		{ "seattle", "3m", "198.51.100.20" },
		{ "berlin", "3m", "198.51.100.10" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(answers); i++) {
		const char *ans[] = { "answer",
				      scenario,
				      "www.example.com",
				      "--resolver",
				      answers[i].resolver,
				      "--at",
				      answers[i].at,
				      NULL };
		g_autofree char *out = NULL, *err = NULL;
		assert_int_equal(run(ans, &out, &err), 0);
		g_autofree char *rr = g_strdup_printf("IN\tA\t%s", answers[i].answer);
		if (strstr(out, rr) == NULL) {
			fail_msg("%s at %s: expected %s in:\n%s", answers[i].resolver,
				 answers[i].at, answers[i].answer, out);
		}
	}
	/* before the failure east answers: 192.0.2.10 or 192.0.2.11 (weighted) */
	const char *ans0[] = {
		"answer", scenario, "www.example.com", "--resolver", "seattle", NULL
	};
	g_autofree char *out0 = NULL, *err0 = NULL;
	assert_int_equal(run(ans0, &out0, &err0), 0);
	assert_true(strstr(out0, "IN\tA\t192.0.2.10") != NULL ||
		    strstr(out0, "IN\tA\t192.0.2.11") != NULL);
	g_unlink(records);
	g_unlink(scenario);
	g_rmdir(tmp);
}

/* ---- draw ---- */

/* The report's API: the SVG of the failover demo holds every set identifier of its tree
 * (primary and fallback, from scenarios/demo/www-failover.dnssim). */
static void test_tree_svg_has_set_ids(void **state)
{
	(void)state;
	g_autofree char *dot = g_find_program_in_path("dot");
	if (dot == NULL) {
		skip();
	}
	g_autofree char *path = src_path("scenarios/demo/www-failover.dnssim");
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_load(path, NULL, NULL, diags);
	assert_non_null(sc);
	GString *svg = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	assert_true(draw_tree_svg(sc, NULL, 13 * 60 * INT64_C(1000000000), svg, &err));
	assert_non_null(strstr(svg->str, "<svg"));
	assert_non_null(strstr(svg->str, "set primary"));
	assert_non_null(strstr(svg->str, "set fallback"));
	/* a name without Route 53 record sets is an error, not an empty picture */
	GString *none = g_string_new(NULL);
	g_autoptr(GError) err2 = NULL;
	assert_false(draw_tree_svg(sc, "nothing.jmpesp.xyz", 0, none, &err2));
	assert_true(g_error_matches(err2, DRAW_ERROR, DRAW_ERROR_NAME));
	g_string_free(none, TRUE);
	g_string_free(svg, TRUE);
	scenario_free(sc);
}

/* ---- propagation ---- */

/*
 * tests/scenarios/draw/east-west.dnssim: resolver k (k = 1..10) is asked every whole second
 * and flushed at s_k = 316.5 s + 30 s (k - 1), so it fetches www at f_k, the next whole second
 * plus the resolution's round trips (under 1 s): f_k in [s_k + 0.5, s_k + 1.5]. The answer's
 * TTL is east's, 300 s, so the entry expires at e_k = f_k + 300 and is fetched again at the
 * first query after that.
 *
 * East fails at F = 600 s. The check (http, 10 s interval counted from each response, failure
 * threshold 1, 16 checkers, propagation 0 s) fails when 14 of 16 checkers have seen one
 * failure: each checker's first request after F is sent within 10 s (+ a round trip) and fails
 * at its 4 s connect timeout, so the switch S lies in (F + 4, F + 15]. Every f_k is before
 * F + 4 (f_10 <= 587.5) and every e_k after F + 15 (e_1 >= 617): all ten resolvers cached the
 * old answer and refetch after the switch. At time T a resolver still answers the old address
 * iff e_k > T. With fetch times spread uniformly over one TTL this is the share
 * (TTL - (T - S)) / TTL; on this grid of ten it is counted exactly below.
 */
static guint old_expected(double t_s)
{
	guint old = 0;
	for (int k = 1; k <= 10; k++) {
		double s_k = 316.5 + 30.0 * (k - 1);
		double e_lo = s_k + 0.5 + 300, e_hi = s_k + 1.5 + 300;
		/* the derivation must not depend on where in its window the fetch fell */
		assert_true(e_lo > t_s || e_hi <= t_s);
		assert_true(s_k + 1.5 < 600 + 4 && e_lo > 600 + 15);
		old += e_lo > t_s;
	}
	return old;
}

/* The count of resolvers with answer in the text output of propagation ("N of 10"). */
static guint count_of(const char *out, const char *answer)
{
	g_autofree char *key = g_strdup_printf(";; answer %s: ", answer);
	const char *p = strstr(out, key);
	if (p == NULL) {
		return 0;
	}
	return (guint)strtoul(p + strlen(key), NULL, 10);
}

static void test_propagation_shares(void **state)
{
	(void)state;
	g_autofree char *scenario = src_path("tests/scenarios/draw/east-west.dnssim");
	static const struct {
		const char *at;
		double t_s;
	} times[] = { { "9m", 540 },  { "10m30s", 630 }, { "11m", 660 },
		      { "12m", 720 }, { "13m", 780 },	 { "15m", 900 } };
	bool both = false;
	for (size_t i = 0; i < G_N_ELEMENTS(times); i++) {
		const char *args[] = { "propagation", scenario,	   "www.example.com",
				       "--at",	      times[i].at, NULL };
		g_autofree char *out = NULL, *err = NULL;
		int rc = run(args, &out, &err);
		if (rc < 0) {
			skip();
		}
		assert_int_equal(rc, 0);
		guint old = old_expected(times[i].t_s);
		if (count_of(out, "192.0.2.10") != old ||
		    count_of(out, "198.51.100.10") != 10 - old) {
			fail_msg("at %s expected %u old and %u new:\n%s", times[i].at, old,
				 10 - old, out);
		}
		both |= old > 0 && old < 10;
	}
	assert_true(both); /* the outage shows both answers at once */

	/* the shares over the run, sampled every 10 s bucket: row 720 s holds 6/10 old */
	g_autofree char *tmp = g_dir_make_tmp("dnssim-prop-XXXXXX", NULL);
	const char *args[] = { "propagation", scenario, "www.example.com", "--at", "12m",
			       "--out",	      tmp,	"--quiet",	   NULL };
	g_autofree char *out = NULL, *err = NULL;
	assert_int_equal(run(args, &out, &err), 0);
	g_autofree char *csv_path = g_build_filename(tmp, "propagation-shares.csv", NULL);
	g_autofree char *csv = NULL;
	assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
	assert_true(g_str_has_prefix(csv, "time_s,\"192.0.2.10\",\"198.51.100.10\"\n"));
	g_autofree char *row = g_strdup_printf("\n720.000,%.4f,%.4f\n", old_expected(720) / 10.0,
					       1 - old_expected(720) / 10.0);
	assert_non_null(strstr(csv, row));
	static const char *const files[] = { "propagation.csv",	      "propagation-shares.csv",
					     "propagation-map.dat",   "propagation-map.png",
					     "propagation-map.svg",   "propagation-shares.png",
					     "propagation-shares.svg" };
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *f = g_build_filename(tmp, files[i], NULL);
		assert_true(g_file_test(f, G_FILE_TEST_IS_REGULAR));
		g_unlink(f);
	}
	g_rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_warnings),
		cmocka_unit_test(test_shape_errors),
		cmocka_unit_test(test_traffic_policy_round_trip),
		cmocka_unit_test(test_tree_svg_has_set_ids),
		cmocka_unit_test(test_propagation_shares),
	};
	return cmocka_run_group_tests_name("draw, traffic policy, propagation", tests, NULL, NULL);
}
