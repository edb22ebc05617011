/*
 * The run report (sim/report/): HTML escaping of scenario text, and report.html for a small run
 * whose figures, expectations and recovery are known: a backend down 10 s of a 1 min run with no
 * client (so nothing to recover from), one passing and one failing expectation, and a figure
 * file that must come back byte for byte from its data: URI.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/metrics.h"
#include "sim/report/report.h"
#include "sim/scenario/parser.h"
#include "sim/world/world.h"

static void test_escape(void **state)
{
	(void)state;
	GString *s = g_string_new(NULL);
	/* the five characters HTML gives a meaning to, as character references */
	report_escape(s, "<a href=\"x\">Tom & Jerry's</a>");
	assert_string_equal(s->str, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	g_string_truncate(s, 0);
	report_escape(s, "plain text, 60 s");
	assert_string_equal(s->str, "plain text, 60 s");
	g_string_free(s, TRUE);
}

static void test_write(void **state)
{
	(void)state;
	g_autofree char *dir = g_dir_make_tmp("test-report-XXXXXX", NULL);
	assert_non_null(dir);
	g_autofree char *path = g_build_filename(dir, "r.dnssim", NULL);
	const char *text = "# First line <of> the header.\n"
			   "# Second & last.\n"
			   "\n"
			   "scenario \"A & B <test>\"\n"
			   "duration 1m\n"
			   "seed 3\n"
			   "backend web address=192.0.2.1\n"
			   "at 20s..30s backend web down\n"
			   "expect backend.web.downtime == 10s\n"
			   "expect backend.web.downtime < 5s\n";
	assert_true(g_file_set_contents(path, text, -1, NULL));
	/* a "figure": 1x1 PNG signature and header bytes are enough to check the embedding */
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2 };
	g_autofree char *fig = g_build_filename(dir, "availability.png", NULL);
	assert_true(g_file_set_contents(fig, (const char *)png, sizeof(png), NULL));

	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_load(path, NULL, NULL, diags);
	assert_non_null(sc);
	world *w = world_new(sc);
	world_run(w);
	metrics *m = metrics_compute(sc, w);
	GArray *results = NULL;
	assert_int_equal(metrics_expect_eval(m, sc, &results), 1);
	GError *err = NULL;
	assert_true(report_write(sc, w, m, results, dir, &err));

	g_autofree char *html_path = g_build_filename(dir, "report.html", NULL);
	g_autofree char *html = NULL;
	assert_true(g_file_get_contents(html_path, &html, NULL, NULL));
	static const char *const want[] = {
		"<h1>A &amp; B &lt;test&gt;</h1>",
		"First line &lt;of&gt; the header.\nSecond &amp; last.\n</pre>",
		"<td>seed</td><td>3</td>",
		"<td>duration (virtual time)</td><td>1m</td>",
		/* the timeline: down at 20s, the end of the range at 30s */
		"<td>20s</td><td>backend</td><td>web</td><td>down</td>",
		"<td>30s</td><td>backend</td><td>web</td><td>end of down</td>",
		"No client had to recover", /* no client: no recovery.clients */
		"<b>availability.png</b>: Availability",
		"1 of 2 passed.",
		"<td class=\"pass\">ok</td><td>backend.web.downtime == 10s</td>",
		"<td class=\"fail\">FAIL</td><td>backend.web.downtime &lt; 5s</td>",
		"Prices as of <b>2026-09-20</b>",
		"default-src 'none'; img-src data:",
		"id=\"figure-check\"",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		if (strstr(html, want[i]) == NULL) {
			fail_msg("report.html lacks '%s'", want[i]);
		}
	}
	assert_null(strstr(html, "<test>"));
	/* the figure's bytes come back from its data: URI */
	const char *uri = strstr(html, "src=\"data:image/png;base64,");
	assert_non_null(uri);
	uri += strlen("src=\"data:image/png;base64,");
	g_autofree char *b64 = g_strndup(uri, (gsize)(strchr(uri, '"') - uri));
	gsize len = 0;
	g_autofree guchar *bytes = g_base64_decode(b64, &len);
	assert_int_equal(len, sizeof(png));
	assert_memory_equal(bytes, png, sizeof(png));

	g_array_free(results, TRUE);
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
	g_unlink(html_path);
	g_unlink(fig);
	g_unlink(path);
	assert_int_equal(g_rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
