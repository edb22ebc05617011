/*
 * Unit tests for the design review (sim/review/): for every rule, scenarios that trigger it and
 * scenarios that do not, each one row of cases[] run as its own cmocka test.
 *
 * A triggering row must produce exactly one warning in all (the fixtures are written so that no
 * other rule fires), with the row's rule id, subject (the record or entity named) and place; a
 * quiet row must produce no warning at all. Each row's line and column were counted by hand and
 * the test checks that the input text at that place is the row's "at" text, so a miscounted row
 * fails on its own. The numbers in the messages were worked out from the rules the review cites
 * (route53.md, resolvers.md, RFC 2308), never copied from the program's output: the arithmetic
 * is in each row's comment.
 */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim/review/review.h"
#include "sim/scenario/parser.h"

#define FILE_NAME "t.dnssim"

struct review_case {
	const char *name;
	const char *text;
	const char *rule;    /* the rule the row is about */
	const char *subject; /* expected subject, or NULL: no warning at all */
	int line;
	int col;
	const char *at;	     /* the input text that starts at line:col */
	const char *message; /* a distinctive part of the message (may be NULL) */
};

/* A zone block, records from line 2. */
#define ZONE(records) "zone example.com. servers=ns-1\n" records "end\n"
#define QUIET(name, rule, text)                                                                    \
	{                                                                                          \
		name, text, rule, NULL, 0, 0, NULL, NULL                                           \
	}

static const struct review_case cases[] = {
	/* 1. ttl-below-detection: default check 30 s x 3 = 90 s, + 5 s propagation = 95 s */
	{ "ttl 60 below the default check's 95 s",
	  ZONE("  www 60 IN A 192.0.2.1 set=a failover=primary health=web\n"
	       "  www 60 IN A 192.0.2.2 set=b failover=secondary\n") "health web http 192.0.2.1 "
								     "path=/health\n",
	  "ttl-below-detection", "www.example.com. A set=a", 2, 3, "www 60",
	  "TTL 60 is shorter than the 1m35s health check web needs to see a failure (30s x 3 + "
	  "5s propagation)" },
	QUIET("ttl equal to the 95 s detection time", "ttl-below-detection",
	      ZONE("  www 95 IN A 192.0.2.1 set=a failover=primary health=web\n"
		   "  www 95 IN A 192.0.2.2 set=b failover=secondary\n") "health web http "
									 "192.0.2.1 "
									 "path=/health\n"),
	/* 10 s x 3 + 5 s = 35 s < 60 */
	QUIET("ttl 60 above a fast check's 35 s", "ttl-below-detection",
	      ZONE("  www 60 IN A 192.0.2.1 set=a failover=primary health=web\n"
		   "  www 60 IN A 192.0.2.2 set=b failover=secondary\n") "health web http "
									 "192.0.2.1 "
									 "path=/health "
									 "interval=10s\n"),
	/* 10 s x 3 + 60 s propagation = 90 s > 60 */
	{ "propagation counts in the detection time",
	  ZONE("  www 60 IN A 192.0.2.1 set=a failover=primary health=web\n"
	       "  www 60 IN A 192.0.2.2 set=b failover=secondary\n") "health web http 192.0.2.1 "
								     "path=/health "
								     "interval=10s\n"
								     "route53 "
								     "health-propagation=60s\n",
	  "ttl-below-detection", "www.example.com. A set=a", 2, 3, "www 60",
	  "1m30s health check web needs to see a failure (10s x 3 + 1m propagation)" },
	/* calculated: its fastest child, 10 s x 1 = 10 s, + 5 s = 15 s > 12 */
	{ "calculated check: the fastest child",
	  ZONE(
	      "  www 12 IN A 192.0.2.1 set=a failover=primary health=both\n"
	      "  www 12 IN A 192.0.2.2 set=b failover=secondary\n") "health slow http 192.0.2.1 path=/health\n"
								    "health fast http 192.0.2.1 path=/ok interval=10s failure-threshold=1\n"
								    "health both calculated children=slow,fast healthy-threshold=2\n",
	  "ttl-below-detection", "www.example.com. A set=a", 2, 3, "www 12",
	  "15s health check both needs to see a failure (fastest child fast: 10s x 1 + 5s "
	  "propagation)" },
	QUIET(
	    "calculated check: ttl 15 equals the fastest child's 15 s", "ttl-below-detection",
	    ZONE(
		"  www 15 IN A 192.0.2.1 set=a failover=primary health=both\n"
		"  www 15 IN A 192.0.2.2 set=b failover=secondary\n") "health slow http 192.0.2.1 path=/health\n"
								      "health fast http 192.0.2.1 path=/ok interval=10s failure-threshold=1\n"
								      "health both calculated children=slow,fast healthy-threshold=2\n"),

	/* 2. failover-primary-unchecked */
	{ "primary without a health check",
	  ZONE("  www 60 IN A 192.0.2.1 set=a failover=primary\n"
	       "  www 300 IN A 192.0.2.2 set=b failover=secondary health=web\n") "health web "
										 "http "
										 "192.0.2.2 "
										 "path=/"
										 "health\n",
	  "failover-primary-unchecked", "www.example.com. A set=a", 2, 3, "www 60 IN A 192.0.2.1",
	  "failover primary has no health check" },
	{ "primary with a disabled health check",
	  ZONE("  www 300 IN A 192.0.2.1 set=a failover=primary health=web\n"
	       "  www 300 IN A 192.0.2.2 set=b failover=secondary\n") "health web http 192.0.2.1 "
								      "path=/health "
								      "disabled=yes\n",
	  "failover-primary-unchecked", "www.example.com. A set=a", 2, 3, "www 300",
	  "health check web is disabled" },
	QUIET("a disabled check the timeline enables", "failover-primary-unchecked",
	      ZONE("  www 300 IN A 192.0.2.1 set=a failover=primary health=web\n"
		   "  www 300 IN A 192.0.2.2 set=b failover=secondary\n") "health web http "
									  "192.0.2.1 "
									  "path=/health "
									  "disabled=yes\n"
									  "at 10m health web "
									  "enable\n"),
	QUIET("primary with a health check", "failover-primary-unchecked",
	      ZONE("  www 300 IN A 192.0.2.1 set=a failover=primary health=web\n"
		   "  www 300 IN A 192.0.2.2 set=b failover=secondary\n") "health web http "
									  "192.0.2.1 "
									  "path=/health\n"),
	QUIET("primary alias evaluating a checked target", "failover-primary-unchecked",
	      ZONE("  www IN A alias app.example.com. set=a failover=primary "
		   "evaluate-target-health=yes\n"
		   "  www 300 IN A 192.0.2.2 set=b failover=secondary\n"
		   "  app 300 IN A 192.0.2.1 set=x weight=1 health=web\n") "health web http "
									   "192.0.2.1 "
									   "path=/health\n"),

	/* 3. geo-no-default */
	{ "geolocation without a default",
	  ZONE("  api 60 IN A 192.0.2.1 set=na continent=NA\n"
	       "  api 60 IN A 192.0.2.2 set=eu continent=EU\n"),
	  "geo-no-default", "api.example.com. A", 2, 3, "api 60 IN A 192.0.2.1",
	  "no default record (country=*)" },
	QUIET("geolocation with a default", "geo-no-default",
	      ZONE("  api 60 IN A 192.0.2.1 set=na continent=NA\n"
		   "  api 60 IN A 192.0.2.2 set=eu continent=EU\n"
		   "  api 60 IN A 192.0.2.3 set=any country=*\n")),

	/* 4. weights-all-zero */
	{ "every weight 0",
	  ZONE("  www 60 IN A 192.0.2.1 set=a weight=0\n"
	       "  www 60 IN A 192.0.2.2 set=b weight=0\n"),
	  "weights-all-zero", "www.example.com. A", 2, 3, "www 60 IN A 192.0.2.1",
	  "all 2 weighted record sets have weight 0" },
	QUIET("one weight above 0", "weights-all-zero",
	      ZONE("  www 60 IN A 192.0.2.1 set=a weight=1\n"
		   "  www 60 IN A 192.0.2.2 set=b weight=0\n")),
	QUIET("every weight 0 until the timeline sets one", "weights-all-zero",
	      ZONE("  www 60 IN A 192.0.2.1 set=a weight=0\n"
		   "  www 60 IN A 192.0.2.2 set=b weight=0\n") "at 5m record www.example.com A "
							       "set=a weight=10\n"),

	/* 5. multivalue-over-8: nine record sets, one more than the 8 answered */
	{ "nine multivalue record sets",
	  ZONE("  mv 60 IN A 192.0.2.1 set=s1 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.2 set=s2 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.3 set=s3 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.4 set=s4 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.5 set=s5 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.6 set=s6 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.7 set=s7 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.8 set=s8 multivalue=yes\n"
	       "  mv 60 IN A 192.0.2.9 set=s9 multivalue=yes\n"),
	  "multivalue-over-8", "mv.example.com. A", 2, 3, "mv 60 IN A 192.0.2.1",
	  "9 multivalue record sets, but Route 53 answers at most 8 per query: each answer "
	  "leaves 1 out" },
	/* nine lines, but s8 has two values: eight record sets, all answered */
	QUIET("nine lines in eight multivalue record sets", "multivalue-over-8",
	      ZONE("  mv 60 IN A 192.0.2.1 set=s1 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.2 set=s2 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.3 set=s3 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.4 set=s4 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.5 set=s5 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.6 set=s6 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.7 set=s7 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.8 set=s8 multivalue=yes\n"
		   "  mv 60 IN A 192.0.2.9 set=s8 multivalue=yes\n")),

	/* 6. eth-no-health-check */
	{ "evaluate-target-health towards plain records",
	  ZONE("  www IN A alias app.example.com. set=a weight=1 evaluate-target-health=yes\n"
	       "  www 60 IN A 192.0.2.2 set=b weight=1\n"
	       "  app 60 IN A 192.0.2.1\n"),
	  "eth-no-health-check", "www.example.com. A set=a", 2, 3, "www IN A alias",
	  "the target app.example.com. has no health check anywhere below it" },
	{ "evaluate-target-health towards an S3 website",
	  ZONE("  www 60 IN A 192.0.2.1 set=a failover=primary health=web\n"
	       "  www IN A alias s3-website-us-west-1.amazonaws.com. set=b failover=secondary "
	       "evaluate-target-health=yes\n") "health web http 192.0.2.1 path=/health "
					       "interval=10s\n",
	  "eth-no-health-check", "www.example.com. A set=b", 3, 3, "www IN A alias s3",
	  "the AWS resource s3-website-us-west-1.amazonaws.com. has no health check" },
	QUIET("evaluate-target-health through a nested alias to a check", "eth-no-health-check",
	      ZONE("  www IN A alias mid.example.com. set=a weight=1 evaluate-target-health=yes\n"
		   "  www 60 IN A 192.0.2.9 set=b weight=1\n"
		   "  mid IN A alias app.example.com. set=m region=us-east-1 "
		   "evaluate-target-health=yes\n"
		   "  mid 60 IN A 192.0.2.8 set=n region=eu-west-1\n"
		   "  app 300 IN A 192.0.2.1 set=x weight=1 health=web\n"
		   "  app 300 IN A 192.0.2.2 set=y weight=1\n") "health web http 192.0.2.1 "
								"path=/health\n"),
	QUIET("evaluate-target-health towards a load balancer", "eth-no-health-check",
	      ZONE("  www IN A alias my-lb-1.us-east-1.elb.amazonaws.com. set=a weight=1 "
		   "evaluate-target-health=yes\n"
		   "  www 60 IN A 192.0.2.2 set=b weight=1\n")),

	/* 7. negative-ttl-hides-record: Route 53's SOA gives min(900, 86400) = 900 s = 15m */
	{ "default SOA and a record created at 10m",
	  ZONE("  www 60 IN A 192.0.2.1\n") "at 10m zone example.com add \"beta 60 IN A "
					    "192.0.2.7\"\n",
	  "negative-ttl-hides-record", "zone example.com.", 1, 1, "zone example.com.",
	  "negative TTL 15m (Route 53's default SOA: min of 900 and 86400) hides "
	  "beta.example.com., created at 10m," },
	/* min(3600, 60) = 60 s: not above the 60 s AWS advises */
	QUIET("SOA minimum 60 and a record created at 10m", "negative-ttl-hides-record",
	      ZONE("  @ 3600 IN SOA ns-1.example.com. h.example.com. 1 7200 900 1209600 60\n"
		   "  www 60 IN A 192.0.2.1\n") "at 10m zone example.com add \"beta 60 IN A "
						"192.0.2.7\"\n"),
	/* min(30, 86400) = 30 s: the SOA's own TTL bounds it (RFC 2308 section 5) */
	QUIET("SOA TTL 30 bounds the negative TTL", "negative-ttl-hides-record",
	      ZONE("  @ 30 IN SOA ns-1.example.com. h.example.com. 1 7200 900 1209600 86400\n"
		   "  www 60 IN A 192.0.2.1\n") "at 10m zone example.com add \"beta 60 IN A "
						"192.0.2.7\"\n"),
	/* www A exists from the start: no negative answer can hide the added value */
	QUIET("a value added to an existing name and type", "negative-ttl-hides-record",
	      ZONE("  www 60 IN A 192.0.2.1\n") "at 10m zone example.com add \"www 60 IN A "
						"192.0.2.7\"\n"),
	/* min(86400, 86400) = 1d, above RFC 2308's 3 h */
	{ "negative TTL of a day without a timeline",
	  ZONE("  @ 86400 IN SOA ns-1.example.com. h.example.com. 1 7200 900 1209600 86400\n"
	       "  www 60 IN A 192.0.2.1\n"),
	  "negative-ttl-hides-record", "zone example.com.", 2, 3, "@ 86400 IN SOA",
	  "negative TTL 1d (min of SOA TTL 86400 and MINIMUM 86400) is above the 3h RFC 2308 "
	  "suggests" },
	/* min(10800, 10800) = 3h: at the limit, not above */
	QUIET("negative TTL of 3h without a timeline", "negative-ttl-hides-record",
	      ZONE("  @ 10800 IN SOA ns-1.example.com. h.example.com. 1 7200 900 1209600 10800\n"
		   "  www 60 IN A 192.0.2.1\n")),

	/* 8. ns-ttl-mismatch: parent default 172800 s (2d) */
	{ "child apex NS 1h under the 2d default delegation",
	  ZONE("  @ 3600 IN NS ns-1.example.com.\n"
	       "  www 60 IN A 192.0.2.1\n"),
	  "ns-ttl-mismatch", "example.com. NS", 2, 3, "@ 3600 IN NS",
	  "NS TTL 2d in the parent (the ns-ttl= default) but 1h at the zone's apex (written)" },
	{ "ns-ttl=1h against the child's default 2d",
	  "zone example.com. servers=ns-1 ns-ttl=1h\n"
	  "  www 60 IN A 192.0.2.1\n"
	  "end\n",
	  "ns-ttl-mismatch", "example.com. NS", 1, 1, "zone example.com.",
	  "NS TTL 1h in the parent (ns-ttl=) but 2d at the zone's apex (Route 53's default)" },
	{ "a parent zone of the scenario delegates with 300",
	  "zone example.com. servers=ns-1\n"
	  "  sub 300 IN NS ns-2.example.com.\n"
	  "end\n"
	  "zone sub.example.com. servers=ns-2\n"
	  "  @ 3600 IN NS ns-2.example.com.\n"
	  "end\n",
	  "ns-ttl-mismatch", "sub.example.com. NS", 5, 3, "@ 3600 IN NS",
	  "NS TTL 5m in the parent (its NS in zone example.com.) but 1h" },
	QUIET("apex NS 2d and the default delegation", "ns-ttl-mismatch",
	      ZONE("  @ 172800 IN NS ns-1.example.com.\n"
		   "  www 60 IN A 192.0.2.1\n")),
	QUIET("ns-ttl=1h and apex NS 1h", "ns-ttl-mismatch",
	      "zone example.com. servers=ns-1 ns-ttl=1h\n"
	      "  @ 3600 IN NS ns-1.example.com.\n"
	      "end\n"),

	/* 9. health-check-shallow */
	{ "tcp check", "health db tcp 192.0.2.1 port=5432\n", "health-check-shallow", "health db",
	  1, 1, "health db", "a tcp check passes as soon as the port accepts a connection" },
	{ "http check of the default path", "health web http 192.0.2.1\n", "health-check-shallow",
	  "health web", 1, 1, "health web", "an http check of / passes on any status 200-399" },
	{ "https check of /", "backend b address=192.0.2.1\nhealth web https b path=/\n",
	  "health-check-shallow", "health web", 2, 1, "health web https",
	  "an https check of / passes" },
	QUIET("http check of a health path", "health-check-shallow",
	      "health web http 192.0.2.1 path=/health\n"),
	QUIET("string-matching check of /", "health-check-shallow",
	      "health web http-str-match 192.0.2.1 search=ok\n"),
	QUIET("calculated check", "health-check-shallow",
	      "health a http 192.0.2.1 path=/health\n"
	      "health all calculated children=a healthy-threshold=1\n"),

	/* 10. private-zone-shadows */
	{ "private zone lacking a public name",
	  "vpc prod region=us-east-1\n"
	  "zone example.com. servers=ns-1\n"
	  "  www 60 IN A 192.0.2.1\n"
	  "  api 60 IN A 192.0.2.2\n"
	  "end\n"
	  "zone example.com. servers=ns-1 private=yes vpc=prod\n"
	  "  www 60 IN A 10.0.0.1\n"
	  "end\n",
	  "private-zone-shadows", "zone example.com. (private)", 6, 1, "zone example.com. servers",
	  "shadows public zone example.com. but lacks api.example.com.: its VPCs get NXDOMAIN" },
	{ "private subzone lacking a public name below it",
	  "vpc prod region=us-east-1\n"
	  "zone example.com. servers=ns-1\n"
	  "  www 60 IN A 192.0.2.1\n"
	  "  db.corp 60 IN A 192.0.2.3\n"
	  "end\n"
	  "zone corp.example.com. servers=ns-1 private=yes vpc=prod\n"
	  "  app 60 IN A 10.0.0.1\n"
	  "end\n",
	  "private-zone-shadows", "zone corp.example.com. (private)", 6, 1, "zone corp",
	  "lacks db.corp.example.com." },
	QUIET("private zone with every public name", "private-zone-shadows",
	      "vpc prod region=us-east-1\n"
	      "zone example.com. servers=ns-1\n"
	      "  www 60 IN A 192.0.2.1\n"
	      "  api 60 IN A 192.0.2.2\n"
	      "end\n"
	      "zone example.com. servers=ns-1 private=yes vpc=prod\n"
	      "  www 60 IN A 10.0.0.1\n"
	      "  api 60 IN A 10.0.0.2\n"
	      "end\n"),
	QUIET("private wildcard covers the public names", "private-zone-shadows",
	      "vpc prod region=us-east-1\n"
	      "zone example.com. servers=ns-1\n"
	      "  www 60 IN A 192.0.2.1\n"
	      "  api 60 IN A 192.0.2.2\n"
	      "end\n"
	      "zone example.com. servers=ns-1 private=yes vpc=prod\n"
	      "  * 60 IN A 10.0.0.1\n"
	      "end\n"),
	QUIET("private subzone with no public name below it", "private-zone-shadows",
	      "vpc prod region=us-east-1\n"
	      "zone example.com. servers=ns-1\n"
	      "  www 60 IN A 192.0.2.1\n"
	      "end\n"
	      "zone corp.example.com. servers=ns-1 private=yes vpc=prod\n"
	      "  app 60 IN A 10.0.0.1\n"
	      "end\n"),
};

static void print_warnings(const GPtrArray *warnings)
{
	for (guint i = 0; i < warnings->len; i++) {
		review_warning_print(g_ptr_array_index(warnings, i), false, stderr);
	}
}

/* The text of line (1-based) of text, up to its newline. Caller frees. */
static char *line_of(const char *text, int line)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	assert_true(line >= 1 && (guint)line <= g_strv_length(lines));
	return g_strdup(lines[line - 1]);
}

static void test_case(void **state)
{
	const struct review_case *c = *state;
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(c->text, FILE_NAME, ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
		fail_msg("the fixture is not a valid scenario");
	}
	g_autoptr(GPtrArray) warnings = review_scenario(sc);
	if (c->subject == NULL) {
		if (warnings->len != 0) {
			print_warnings(warnings);
			fail_msg("expected no warning");
		}
		scenario_free(sc);
		return;
	}
	if (warnings->len != 1) {
		print_warnings(warnings);
		fail_msg("expected exactly one warning, got %u", warnings->len);
	}
	const struct review_warning *w = g_ptr_array_index(warnings, 0);
	assert_string_equal(w->rule, c->rule);
	assert_string_equal(w->subject, c->subject);
	assert_string_equal(w->loc.file, FILE_NAME);
	assert_int_equal(w->loc.line, c->line);
	assert_int_equal(w->loc.col, c->col);
	/* the row itself: the text at line:col is what the row says */
	g_autofree char *line = line_of(c->text, c->line);
	const char *at = g_utf8_offset_to_pointer(line, c->col - 1);
	if (!g_str_has_prefix(at, c->at)) {
		fail_msg("row miscounted: line %d col %d starts with '%s', not '%s'", c->line,
			 c->col, at, c->at);
	}
	if (c->message != NULL && strstr(w->message, c->message) == NULL) {
		fail_msg("message '%s' does not contain '%s'", w->message, c->message);
	}
	assert_null(strchr(w->message, '\n'));
	scenario_free(sc);
}

/* Every rule of the table has a row that triggers it and a row that does not. */
static void test_every_rule_covered(void **state)
{
	size_t n;
	const struct review_rule *rules = review_rules(&n);
	assert_int_equal(n, 10);
	for (size_t r = 0; r < n; r++) {
		bool fires = false, quiet = false;
		for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
			if (strcmp(cases[i].rule, rules[r].id) == 0) {
				fires |= cases[i].subject != NULL;
				quiet |= cases[i].subject == NULL;
			}
		}
		if (!fires || !quiet) {
			fail_msg("rule %s lacks a %s row", rules[r].id,
				 fires ? "quiet" : "triggering");
		}
	}
}

/* Warnings come sorted by line, whatever rule found them, and print in the documented form. */
static void test_order_and_format(void **state)
{
	static const char text[] = "health db tcp 192.0.2.1\n"	  /* 1: rule 9 */
	    ZONE("  api 60 IN A 192.0.2.1 set=na continent=NA\n") /* 3 */
	    "health web http 192.0.2.1\n";			  /* 5: rule 9 */
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, FILE_NAME, ".", NULL, NULL, diags);
	assert_non_null(sc);
	g_autoptr(GPtrArray) warnings = review_scenario(sc);
	assert_int_equal(warnings->len, 3);
	static const int lines[] = { 1, 3, 5 };
	static const char *const ids[] = { "health-check-shallow", "geo-no-default",
					   "health-check-shallow" };
	for (guint i = 0; i < 3; i++) {
		const struct review_warning *w = g_ptr_array_index(warnings, i);
		assert_int_equal(w->loc.line, lines[i]);
		assert_string_equal(w->rule, ids[i]);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	review_warning_print(g_ptr_array_index(warnings, 1), false, out);
	review_warning_print(g_ptr_array_index(warnings, 1), true, out);
	fclose(out);
	assert_true(g_str_has_prefix(buf, "t.dnssim:3:3: warning: api.example.com. A: "));
	assert_non_null(
	    strstr(buf, " [geo-no-default]\nt.dnssim:3:3: error: api.example.com. A: "));
	assert_true(g_str_has_suffix(buf, " [geo-no-default]\n"));
	free(buf);
	scenario_free(sc);
}

int main(void)
{
	struct CMUnitTest tests[G_N_ELEMENTS(cases) + 2];
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		tests[i] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = test_case,
			.initial_state = (void *)&cases[i],
		};
	}
	tests[G_N_ELEMENTS(cases)] = (struct CMUnitTest)cmocka_unit_test(test_every_rule_covered);
	tests[G_N_ELEMENTS(cases) + 1] = (struct CMUnitTest)cmocka_unit_test(test_order_and_format);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
