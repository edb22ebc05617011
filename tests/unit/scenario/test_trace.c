/*
 * Trace files of client queries (sim/scenario/trace.h): what a good file holds, each malformed
 * line reported at FILE:LINE:COL with what was expected, and the scenario keys that go with a
 * trace (read when the scenario is validated).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <ldns/ldns.h>

#include "sim/scenario/parser.h"
#include "sim/scenario/trace.h"
#include "sim/util.h"

#define TRACE_FILE "q.trace"

static void print_diags(const scenario_diags *diags)
{
	for (guint i = 0; i < scenario_diags_count(diags); i++) {
		const struct scenario_diag *d = scenario_diags_get(diags, i);
		print_error("  %s:%d:%d: %s\n", d->loc.file ? d->loc.file : "(none)", d->loc.line,
			    d->loc.col, d->message);
	}
}

static const struct scenario_trace_line *line_at(const struct scenario_trace *t, guint i)
{
	return &g_array_index(t->lines, struct scenario_trace_line, i);
}

/* Comments, blank lines, CRLF, tabs, both time forms and any case of the type. */
static void test_good_trace(void **state)
{
	(void)state;
	static const char text[] = "# time client name type\n"
				   "\n"
				   "0 0 www.example.com A\n"
				   "0.5\t2\tapi.example.com.\taaaa   # a comment\n"
				   "0.5 1 WWW.Example.COM A\r\n"
				   "   # indented comment\n"
				   "1m30s 2 www.example.com MX\n"
				   "90.000000001 0 api.example.com TXT";
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario_trace *t =
	    scenario_trace_parse(text, sizeof(text) - 1, TRACE_FILE, 3, diags);
	if (t == NULL) {
		print_diags(diags);
		fail();
	}
	assert_int_equal(t->lines->len, 5);
	/* names in order of first appearance, lower case and absolute */
	assert_int_equal(t->names->len, 2);
	assert_string_equal(g_ptr_array_index(t->names, 0), "www.example.com.");
	assert_string_equal(g_ptr_array_index(t->names, 1), "api.example.com.");
	static const struct scenario_trace_line want[] = {
		{ 0, 0, 0, LDNS_RR_TYPE_A },
		{ 500 * SIM_NS_PER_MS, 2, 1, LDNS_RR_TYPE_AAAA },
		{ 500 * SIM_NS_PER_MS, 1, 0, LDNS_RR_TYPE_A },
		{ 90 * SIM_NS_PER_S, 2, 0, LDNS_RR_TYPE_MX },
		{ 90 * SIM_NS_PER_S + 1, 0, 1, LDNS_RR_TYPE_TXT },
	};
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct scenario_trace_line *l = line_at(t, i);
		assert_int_equal(l->at_ns, want[i].at_ns);
		assert_int_equal(l->client, want[i].client);
		assert_int_equal(l->name, want[i].name);
		assert_int_equal(l->qtype, want[i].qtype);
	}
	scenario_trace_free(t);
}

/* An empty trace (comments only) is fine: the population asks nothing. */
static void test_empty_trace(void **state)
{
	(void)state;
	static const char text[] = "# nothing yet\n\n";
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario_trace *t =
	    scenario_trace_parse(text, sizeof(text) - 1, TRACE_FILE, 1, diags);
	assert_non_null(t);
	assert_int_equal(t->lines->len, 0);
	assert_int_equal(scenario_diags_count(diags), 0);
	scenario_trace_free(t);
}

/* A malformed line and where its error must be: the column counted by hand from the text. */
struct bad_line {
	const char *name;
	const char *text;
	uint64_t count;
	int line;
	int col;
	const char *message;
};

static const struct bad_line bad_lines[] = {
	{ "out of time order", "2 0 a.example A\n1.5 0 a.example A\n", 1, 2, 1,
	  "time '1.5' is before the time of line 1; expected lines in time order" },
	{ "out of order after equal times",
	  "1 0 a.example A\n1 0 a.example A\n0.999 0 a.example "
	  "A\n",
	  1, 3, 1, "before the time of line 2" },
	{ "client index equal to count", "0 3 a.example A\n", 3, 1, 3,
	  "bad client '3'; expected an integer from 0 to 2 (the population's count=3 minus 1)" },
	{ "negative client", "0 -1 a.example A\n", 3, 1, 3, "bad client '-1'" },
	{ "client not an integer", "0 1.5 a.example A\n", 3, 1, 3, "bad client '1.5'" },
	{ "bad name", "0 0 www..example A\n", 1, 1, 5,
	  "bad name 'www..example'; expected a domain name" },
	{ "unknown type", "0 0 a.example AAA\n", 1, 1, 15,
	  "unknown query type 'AAA'; expected one of A, AAAA," },
	{ "time without digits", "soon 0 a.example A\n", 1, 1, 1,
	  "bad time 'soon'; expected seconds from the start such as 12.5" },
	{ "negative time", "-1 0 a.example A\n", 1, 1, 1, "bad time '-1'" },
	{ "more than 9 decimals", "0.0000000001 0 a.example A\n", 1, 1, 1,
	  "bad time '0.0000000001'" },
	{ "bare dot", "1. 0 a.example A\n", 1, 1, 1, "bad time '1.'" },
	{ "missing type", "0 0 a.example\n", 1, 1, 14,
	  "missing TYPE; expected 'TIME CLIENT NAME "
	  "TYPE'" },
	{ "only a time", "# c\n  7   # c\n", 1, 2, 4, "missing CLIENT NAME TYPE" },
	{ "extra field", "0 0 a.example A 3\n", 1, 1, 17,
	  "unexpected '3' after the type; expected 'TIME CLIENT NAME TYPE' (a comment starts "
	  "with #)" },
};

static void test_bad_line(void **state)
{
	const struct bad_line *c = *state;
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario_trace *t =
	    scenario_trace_parse(c->text, strlen(c->text), TRACE_FILE, c->count, diags);
	if (t != NULL) {
		scenario_trace_free(t);
		fail_msg("parsed without error; expected %s:%d:%d: %s", TRACE_FILE, c->line, c->col,
			 c->message);
	}
	assert_int_equal(scenario_diags_count(diags), 1);
	const struct scenario_diag *d = scenario_diags_get(diags, 0);
	if (strcmp(d->loc.file, TRACE_FILE) != 0 || d->loc.line != c->line ||
	    d->loc.col != c->col || strstr(d->message, c->message) == NULL) {
		print_error("expected %s:%d:%d: ...%s...\ngot:\n", TRACE_FILE, c->line, c->col,
			    c->message);
		print_diags(diags);
		fail();
	}
}

/* Every bad line is reported, each on its own line, up to the cap; then one last word. */
static void test_errors_capped(void **state)
{
	(void)state;
	GString *text = g_string_new("");
	for (int i = 0; i < SCENARIO_TRACE_MAX_ERRORS + 5; i++) {
		g_string_append(text, "0 9 a.example A\n"); /* client 9 of 1 */
	}
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario_trace *t = scenario_trace_parse(text->str, text->len, TRACE_FILE, 1, diags);
	assert_null(t);
	assert_int_equal(scenario_diags_count(diags), SCENARIO_TRACE_MAX_ERRORS + 1);
	for (guint i = 0; i < SCENARIO_TRACE_MAX_ERRORS; i++) {
		assert_int_equal(scenario_diags_get(diags, i)->loc.line, (int)i + 1);
	}
	const struct scenario_diag *last = scenario_diags_get(diags, SCENARIO_TRACE_MAX_ERRORS);
	assert_non_null(strstr(last->message, "too many errors"));
	g_string_free(text, TRUE);
}

/* A folder of its own with a trace file in it; the scenario text names it relative to it. */
static char *trace_dir(const char *trace_text)
{
	g_autoptr(GError) err = NULL;
	char *dir = g_dir_make_tmp("dnssim-trace-XXXXXX", &err);
	assert_non_null(dir);
	g_autofree char *path = g_build_filename(dir, TRACE_FILE, NULL);
	assert_true(g_file_set_contents(path, trace_text, -1, NULL));
	return dir;
}

static void remove_dir(const char *dir)
{
	g_autofree char *path = g_build_filename(dir, TRACE_FILE, NULL);
	g_unlink(path);
	g_rmdir(dir);
}

#define BASE                                                                                       \
	"resolver isp at=US-OH\n"                                                                  \
	"zone example.com. servers=ns-1\n"                                                         \
	"  www 60 IN A 192.0.2.10\n"                                                               \
	"end\n"

/* Scenario-level errors: the trace file's own line and column, or the key's place. */
struct bad_scenario {
	const char *name;
	const char *text; /* clients statement on line 5 */
	const char *file; /* NULL: the trace file in the folder; else the scenario's name */
	int line;
	int col;
	const char *message;
};

static const struct bad_scenario bad_scenarios[] = {
	{ "bad line in the trace", BASE "clients c count=2 at=US-OH resolver=isp trace=q.trace\n",
	  NULL, 2, 3, "bad client '5'" },
	{ "missing trace file", BASE "clients c count=2 at=US-OH resolver=isp trace=nope.trace\n",
	  "t.dnssim", 5, 47, "cannot read trace file" },
	{ "trace with a rate",
	  BASE "clients c count=2 at=US-OH resolver=isp trace=q.trace rate=1/s\n", "t.dnssim", 5,
	  55, "rate= has no meaning with it" },
	{ "trace with another process",
	  BASE "clients c count=2 at=US-OH resolver=isp trace=q.trace process=poisson\n",
	  "t.dnssim", 5, 63, "process=poisson with trace=; expected process=trace" },
	{ "process=trace without a file",
	  BASE "clients c count=2 at=US-OH resolver=isp rate=1/s process=trace\n", "t.dnssim", 5,
	  58, "process=trace without a file; expected trace=FILE" },
	{ "diurnal without a rate",
	  BASE "clients c count=2 at=US-OH resolver=isp interval=1s process=diurnal\n", "t.dnssim",
	  5, 61, "process=diurnal without a rate; expected rate=" },
	{ "rate change of a trace population",
	  BASE "clients c count=2 at=US-OH resolver=isp trace=q.trace\n"
	       "at 1m clients c rate=2/s\n",
	  "t.dnssim", 6, 17, "clients 'c' replay a trace file; a rate= change has no meaning" },
};

static void test_bad_scenario(void **state)
{
	const struct bad_scenario *c = *state;
	g_autofree char *dir = trace_dir("0 1 www.example.com A\n1 5 www.example.com A\n");
	g_autofree char *trace_path = g_build_filename(dir, TRACE_FILE, NULL);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(c->text, "t.dnssim", dir, NULL, NULL, diags);
	const char *file = c->file != NULL ? c->file : trace_path;
	if (sc != NULL) {
		scenario_free(sc);
		remove_dir(dir);
		fail_msg("parsed without error; expected %s:%d:%d: %s", file, c->line, c->col,
			 c->message);
	}
	assert_true(scenario_diags_count(diags) >= 1);
	bool found = false;
	for (guint i = 0; i < scenario_diags_count(diags); i++) {
		const struct scenario_diag *d = scenario_diags_get(diags, i);
		found = found || (strcmp(d->loc.file, file) == 0 && d->loc.line == c->line &&
				  d->loc.col == c->col && strstr(d->message, c->message) != NULL);
	}
	if (!found) {
		print_error("expected %s:%d:%d: ...%s...\ngot:\n", file, c->line, c->col,
			    c->message);
		print_diags(diags);
	}
	remove_dir(dir);
	assert_true(found);
}

/* A good trace is read with the scenario and its bytes change the scenario's digest. */
static void test_trace_in_scenario(void **state)
{
	(void)state;
	static const char text[] = BASE "clients c count=2 at=US-OH resolver=isp trace=q.trace\n";
	char digests[2][65];
	for (int k = 0; k < 2; k++) {
		g_autofree char *dir =
		    trace_dir(k == 0 ? "0 1 www.example.com A\n" : "0 0 www.example.com A\n");
		g_autoptr(scenario_diags) diags = scenario_diags_new();
		struct scenario *sc = scenario_parse_text(text, "t.dnssim", dir, NULL, NULL, diags);
		remove_dir(dir);
		if (sc == NULL) {
			print_diags(diags);
			fail();
		}
		const struct scenario_stmt *s = scenario_find(sc, SCENARIO_KIND_CLIENTS, "c");
		assert_non_null(s->trace);
		assert_int_equal(s->trace->lines->len, 1);
		assert_int_equal(line_at(s->trace, 0)->client, k == 0 ? 1 : 0);
		g_strlcpy(digests[k], sc->digest, sizeof(digests[k]));
		scenario_free(sc);
	}
	assert_string_not_equal(digests[0], digests[1]);
}

int main(void)
{
	GArray *tests = g_array_new(FALSE, FALSE, sizeof(struct CMUnitTest));
	struct CMUnitTest t[] = {
		cmocka_unit_test(test_good_trace),
		cmocka_unit_test(test_empty_trace),
		cmocka_unit_test(test_errors_capped),
		cmocka_unit_test(test_trace_in_scenario),
	};
	g_array_append_vals(tests, t, G_N_ELEMENTS(t));
	for (size_t i = 0; i < G_N_ELEMENTS(bad_lines); i++) {
		struct CMUnitTest c = { bad_lines[i].name, test_bad_line, NULL, NULL,
					(void *)&bad_lines[i] };
		g_array_append_val(tests, c);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bad_scenarios); i++) {
		struct CMUnitTest c = { bad_scenarios[i].name, test_bad_scenario, NULL, NULL,
					(void *)&bad_scenarios[i] };
		g_array_append_val(tests, c);
	}
	int failed = _cmocka_run_group_tests("trace", (const struct CMUnitTest *)tests->data,
					     tests->len, NULL, NULL);
	g_array_free(tests, TRUE);
	return failed;
}
