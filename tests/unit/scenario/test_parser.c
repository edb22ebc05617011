/*
 * Unit tests for the scenario parser (sim/scenario/): malformed inputs, each reported at the
 * line and column a person would point at with the message that says what is wrong, and well
 * formed inputs, checked against values worked out by hand (units, Route 53 rules, RFC 1035
 * master-file syntax).
 *
 * Every malformed input is one row of bad_cases[] and runs as its own cmocka test named after the
 * row. A row's line and column were counted in the input by hand; the test also checks that the
 * text at that place is the row's "at" text, so a miscounted row fails on its own rather than
 * agreeing with a wrong parser. Columns count characters from 1 (a tab counts as one).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/scenario/parser.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

#define FILE_NAME "t.dnssim"

/* A malformed scenario and where its first error (after sorting) must be reported. */
struct bad_case {
	const char *name;
	const char *text;
	const char *const *sets; /* --set options, NULL-terminated, or NULL */
	const char *file;	 /* FILE_NAME, or "--set" for errors in a --set option */
	int line;
	int col;
	const char *at;	     /* the input text that starts at line:col */
	const char *message; /* a distinctive part of the message */
};

#define SETS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A zone block around record lines, the records starting on line 2. */
#define ZONE(records) "zone example.com. servers=ns-1\n" records "end\n"

static const struct bad_case bad_cases[] = {
	{ "unknown statement suggests the keyword", "backnd web address=192.0.2.10\n", NULL,
	  FILE_NAME, 1, 1, "backnd", "unknown statement 'backnd' (did you mean 'backend'?)" },
	{ "unknown key suggests the key", "backend web address=192.0.2.10 regoin=us-east-1\n", NULL,
	  FILE_NAME, 1, 32,
	  "regoin=", "unknown key 'regoin' for backend 'web' (did you mean 'region'?)" },
	{ "duration with an unknown unit", "duration 45x\n", NULL, FILE_NAME, 1, 10, "45x",
	  "unknown time unit" },
	{ "duration without a unit", "duration 45\n", NULL, FILE_NAME, 1, 10, "45",
	  "a duration needs a unit" },
	{ "timeline time without a unit",
	  "backend web address=192.0.2.10\n"
	  "at 10 backend web down\n",
	  NULL, FILE_NAME, 2, 4, "10", "a duration needs a unit" },
	{ "rate with an unknown unit",
	  "resolver isp\n"
	  "clients c count=10 at=US-WA resolver=isp rate=2/fortnight\n",
	  NULL, FILE_NAME, 2, 47, "2/fortnight", "unknown rate unit" },
	{ "rate without a slash",
	  "resolver isp\n"
	  "clients c count=10 at=US-WA resolver=isp rate=fast\n",
	  NULL, FILE_NAME, 2, 47, "fast", "expected a rate such as 2/min" },
	{ "ratio above 100%", "network loss=150%\n", NULL, FILE_NAME, 1, 14, "150%",
	  "a ratio must lie between 0 and 1" },
	{ "weight above 255", ZONE("  www 60 IN A 192.0.2.1 set=a weight=300\n"), NULL, FILE_NAME,
	  2, 38, "300", "value '300' for 'weight' is out of range; expected 0 to 255" },
	{ "failure-threshold above 10", "health web http 192.0.2.10 failure-threshold=11\n", NULL,
	  FILE_NAME, 1, 46, "11",
	  "value '11' for 'failure-threshold' is out of range; expected 1 to 10" },
	{ "bias above 99", ZONE("  gp 60 IN A 192.0.2.1 set=a geoproximity=us-east-1 bias=100\n"),
	  NULL, FILE_NAME, 2, 58, "100",
	  "value '100' for 'bias' is out of range; expected -99 to 99" },
	{ "unknown profile suggests the profile", "resolver isp profile=unbond\n", NULL, FILE_NAME,
	  1, 22, "unbond", "unknown value 'unbond' for 'profile' (did you mean 'unbound'?)" },
	{ "health interval other than 10s or 30s", "health web http 192.0.2.10 interval=20s\n",
	  NULL, FILE_NAME, 1, 37, "20s", "Route 53 checks every 10s or 30s" },
	{ "fewer than 3 checker regions",
	  "health web http 192.0.2.10 regions=us-east-1,eu-west-1\n", NULL, FILE_NAME, 1, 36,
	  "us-east-1,eu-west-1", "at least 3 checker regions" },
	{ "unknown AWS Region suggests the Region",
	  "backend web address=192.0.2.10 region=us-est-1\n", NULL, FILE_NAME, 1, 39, "us-est-1",
	  "unknown AWS Region 'us-est-1' for 'region' (did you mean 'us-east-1'?)" },
	{ "bad IP address", "backend web address=192.0.2.256\n", NULL, FILE_NAME, 1, 21,
	  "192.0.2.256", "expected an IPv4 or IPv6 address" },
	{ "second address of a list is bad", "backend web address=192.0.2.10,2001:db8::g\n", NULL,
	  FILE_NAME, 1, 32, "2001:db8::g", "bad value '2001:db8::g' for 'address'" },
	{ "CIDR prefix with host bits", "cidr corp/office 198.51.100.1/24\n", NULL, FILE_NAME, 1,
	  18, "198.51.100.1/24", "host bits set" },
	{ "unterminated string", "scenario \"www fails over\n", NULL, FILE_NAME, 1, 10, "\"www",
	  "unterminated string" },
	{ "column counts characters, not bytes", "scenario \"Zürich failover\" extra\n", NULL,
	  FILE_NAME, 1, 28, "extra", "unexpected 'extra'" },
	{ "key given twice on one line", "backend web address=192.0.2.10 port=80 port=8080\n", NULL,
	  FILE_NAME, 1, 40, "port=8080", "key 'port' given twice" },
	{ "key = value with spaces", "resolver isp profile = bind-9.20\n", NULL, FILE_NAME, 1, 14,
	  "profile", "unexpected 'profile'; expected resolver NAME" },
	{ "entity name defined twice",
	  "resolver isp\n"
	  "resolver isp profile=bind-9.20\n",
	  NULL, FILE_NAME, 2, 10, "isp", "resolver 'isp' is defined twice (first at line 1)" },
	{ "undefined health check suggests the name",
	  ZONE("  www 60 IN A 192.0.2.1 health=web-eats\n") "health web-east http 192.0.2.10\n",
	  NULL, FILE_NAME, 2, 32, "web-eats",
	  "no health named 'web-eats' (did you mean 'web-east'?)" },
	{ "undefined resolver suggests the name",
	  "resolver isp-seattle\n"
	  "clients c count=10 at=US-WA resolver=isp-seatle rate=2/min\n",
	  NULL, FILE_NAME, 2, 38, "isp-seatle",
	  "no resolver named 'isp-seatle' (did you mean 'isp-seattle'?)" },
	{ "zone block without end",
	  "zone example.com. servers=ns-1\n"
	  "  www 60 IN A 192.0.2.1\n"
	  "backend web address=192.0.2.10\n",
	  NULL, FILE_NAME, 1, 1, "zone", "zone block is not closed; expected a line 'end'" },
	{ "record of an unknown type", ZONE("  www 60 IN AAA 2001:db8::1\n"), NULL, FILE_NAME, 2,
	  13, "AAA", "unknown record type 'AAA'" },
	{ "record without TTL and no $TTL", ZONE("  www IN A 192.0.2.1\n"), NULL, FILE_NAME, 2, 10,
	  "A 192", "record has no TTL and no $TTL is set" },
	{ "CNAME at the apex", ZONE("  @ 60 IN CNAME www.example.net.\n"), NULL, FILE_NAME, 2, 3,
	  "@", "CNAME at the zone apex 'example.com.' is not allowed" },
	{ "CNAME and other data",
	  ZONE("  www 60 IN CNAME web.example.net.\n"
	       "  www 60 IN A 192.0.2.1\n"),
	  NULL, FILE_NAME, 3, 3, "www", "has a CNAME and other data (line 2)" },
	{ "two routing policies on one record",
	  ZONE("  www 60 IN A 192.0.2.1 set=a weight=10 failover=primary\n"), NULL, FILE_NAME, 2,
	  41, "failover=", "weight= (weighted) and failover= (failover) are both given" },
	{ "routing policy without set=", ZONE("  www 60 IN A 192.0.2.1 weight=10\n"), NULL,
	  FILE_NAME, 2, 3, "www", "a weighted record needs set=ID" },
	{ "set= on a simple record", ZONE("  www 60 IN A 192.0.2.1 set=a\n"), NULL, FILE_NAME, 2,
	  25, "set=a", "set= is only for records with a routing policy" },
	{ "mixed policies for one name and type",
	  ZONE("  www 60 IN A 192.0.2.1 set=a weight=10\n"
	       "  www 60 IN A 192.0.2.2 set=b region=us-east-1\n"),
	  NULL, FILE_NAME, 3, 3, "www",
	  "mixes routing policies: latency here, weighted at line 2" },
	{ "two primaries of one failover pair",
	  ZONE("  www 60 IN A 192.0.2.1 set=a failover=primary\n"
	       "  www 60 IN A 192.0.2.2 set=b failover=primary\n"),
	  NULL, FILE_NAME, 3, 40, "primary", "two primary failover records (line 2)" },
	{ "evaluate-target-health on a non-alias",
	  ZONE("  www 60 IN A 192.0.2.1 evaluate-target-health=yes\n"), NULL, FILE_NAME, 2, 25,
	  "evaluate-target-health=", "evaluate-target-health= applies to alias records" },
	{ "subdivision without country=US",
	  ZONE("  www 60 IN A 192.0.2.1 set=wa country=CA subdivision=WA\n"), NULL, FILE_NAME, 2,
	  43, "subdivision=", "subdivision= needs country=US" },
	{ "continent combined with country",
	  ZONE("  www 60 IN A 192.0.2.1 set=eu continent=EU country=DE\n"), NULL, FILE_NAME, 2, 32,
	  "continent=", "continent= cannot be combined with country=" },
	{ "alias target missing in the zone", ZONE("  www IN A alias web.example.com.\n"), NULL,
	  FILE_NAME, 2, 18, "web.example.com.", "alias target 'web.example.com.' has no records" },
	{ "alias target outside scenario and AWS", ZONE("  www IN A alias web.example.net.\n"),
	  NULL, FILE_NAME, 2, 18, "web.example.net.",
	  "neither in a zone of this scenario nor an AWS resource name" },
	{ "alias with a TTL",
	  ZONE("  web 60 IN A 192.0.2.1\n"
	       "  www 60 IN A alias web.example.com.\n"),
	  NULL, FILE_NAME, 3, 7, "60", "an alias record has no TTL of its own" },
	{ "timeline target unknown suggests the target",
	  "backend web address=192.0.2.10\n"
	  "at 10m backnd web down\n",
	  NULL, FILE_NAME, 2, 8, "backnd",
	  "unknown timeline target 'backnd' (did you mean 'backend'?)" },
	{ "timeline verb unknown suggests the verb",
	  "backend web address=192.0.2.10\n"
	  "at 10m backend web dowm\n",
	  NULL, FILE_NAME, 2, 20, "dowm",
	  "unknown action 'dowm' for backend (did you mean 'down'?)" },
	{ "a transposed verb counts as one edit",
	  "backend web address=192.0.2.10\n"
	  "at 10m backend web dwon\n",
	  NULL, FILE_NAME, 2, 20, "dwon",
	  "unknown action 'dwon' for backend (did you mean 'down'?)" },
	{ "timeline names an undefined backend",
	  "backend web-east address=192.0.2.10\n"
	  "at 10m backend web-eats down\n",
	  NULL, FILE_NAME, 2, 16, "web-eats",
	  "no backend named 'web-eats' (did you mean 'web-east'?)" },
	{ "action after the end of the duration",
	  "duration 30m\n"
	  "backend web address=192.0.2.10\n"
	  "at 40m backend web down\n",
	  NULL, FILE_NAME, 3, 4, "40m", "action at 40m is after the end of the run (30m)" },
	{ "range end before its start",
	  "backend web address=192.0.2.10\n"
	  "at 20m..10m backend web down\n",
	  NULL, FILE_NAME, 2, 9, "10m", "end time 10m is not after start time 20m" },
	{ "one-shot verb in a range",
	  "resolver isp\n"
	  "at 10m..20m resolver isp flush\n",
	  NULL, FILE_NAME, 2, 26, "flush", "'flush' cannot be undone at the end of a range" },
	{ "expect with an unknown metric",
	  "backend web address=192.0.2.10\n"
	  "expect backend.web.uptime >= 99%\n",
	  NULL, FILE_NAME, 2, 8, "backend.web.uptime", "unknown metric 'backend.web.uptime'" },
	{ "expect with a failure that is not a number",
	  "backend web address=192.0.2.10\n"
	  "expect recovery.failure-x.p95 < 5m\n",
	  NULL, FILE_NAME, 2, 25, "x", "bad failure number 'x' in recovery.failure-x.p95" },
	{ "expect with a bad comparison",
	  "backend web address=192.0.2.10\n"
	  "expect backend.web.availability => 99%\n",
	  NULL, FILE_NAME, 2, 33, "=>",
	  "missing or bad comparison; expected one of < <= > >= == !=" },
	{ "expect with a value of the wrong unit",
	  "backend web address=192.0.2.10\n"
	  "expect backend.web.downtime <= 5\n",
	  NULL, FILE_NAME, 2, 32, "5",
	  "bad value '5' for backend.web.downtime: a duration needs a unit" },
	{ "clients without rate, interval or trace",
	  "resolver isp\n"
	  "clients c count=10 at=US-WA resolver=isp\n",
	  NULL, FILE_NAME, 2, 1, "clients",
	  "clients 'c' never ask anything; expected rate=, interval= or trace=" },
	{ "zone without servers=",
	  "zone example.com.\n"
	  "  www 60 IN A 192.0.2.1\n"
	  "end\n",
	  NULL, FILE_NAME, 1, 1, "zone", "zone 'example.com.' has no name servers" },
	{ "--set with an unknown key", "resolver isp\n", SETS("resolver.isp.profle=bind-9.20"),
	  "--set", 1, 14, "profle",
	  "unknown key 'profle' for 'resolver' (did you mean 'profile'?)" },
	{ "--set with an unknown setting", "resolver isp\n", SETS("durration=10m"), "--set", 1, 1,
	  "durration", "unknown setting 'durration' (did you mean 'duration'?)" },
	{ "--set naming a missing entity", "resolver isp\n", SETS("resolver.isb.profile=bind-9.20"),
	  "--set", 1, 10, "isb", "no resolver named 'isb'" },
	{ "second --set with a bad value", "backend web address=192.0.2.10\n",
	  SETS("duration=10m", "backend.web.port=99999"), "--set", 2, 18, "99999",
	  "value '99999' for 'port' is out of range; expected 1 to 65535" },
	{ "--set naming a missing record", ZONE("  www 60 IN A 192.0.2.1\n"),
	  SETS("record.www.example.com/AAAA.ttl=30s"), "--set", 1, 8, "www.example.com/AAAA",
	  "no record matches 'www.example.com/AAAA'" },
	{ "--set with an empty record selector", ZONE("  www 60 IN A 192.0.2.1\n"),
	  SETS("record..ttl=30s"), "--set", 1, 8, ".ttl", "bad record selector ''" },
	{ "negative seed", "seed -7\n", NULL, FILE_NAME, 1, 6, "-7",
	  "bad seed '-7'; expected a non-negative integer" },
	{ "unbalanced ( in zone data",
	  ZONE("  @ 60 IN SOA ns-1.example.com. h.example.com. ( 1 7200\n"
	       "        900 1209600 60\n"),
	  NULL, FILE_NAME, 2, 48, "( 1", "unbalanced '('; expected a closing ')'" },
	{ "unbalanced ) in zone data",
	  ZONE("  @ 60 IN SOA ns-1.example.com. h.example.com. ( 1 7200\n"
	       "        900 1209600 60 ) )\n"),
	  NULL, FILE_NAME, 3, 26, ")", "unbalanced ')'; expected an opening '('" },
	{ "public zone defined twice",
	  ZONE("  www 60 IN A 192.0.2.1\n") "zone example.com. servers=ns-1 private=no\n"
					    "  ftp 60 IN A 192.0.2.2\n"
					    "end\n",
	  NULL, FILE_NAME, 4, 6, "example.com.",
	  "zone 'example.com.' is defined twice (first at line 1)" },
	{ "zone file= that does not exist", "zone example.com. servers=ns-1 file=missing.zone\n",
	  NULL, FILE_NAME, 1, 37, "missing.zone", "cannot read zone file 'missing.zone'" },
	{ "health check of an unknown type", "health web htp 192.0.2.10\n", NULL, FILE_NAME, 1, 12,
	  "htp", "unknown health check type 'htp' (did you mean 'http'?)" },
	{ "zone data bad rdata", ZONE("  www 60 IN A 192.0.2\n"), NULL, FILE_NAME, 2, 13,
	  "A 192.0.2", "bad record" },
};

/* Line number line (1-based) of text, or the line-th --set option. Caller frees. */
static char *input_line(const struct bad_case *c, int line)
{
	if (strcmp(c->file, "--set") == 0) {
		return g_strdup(c->sets[line - 1]);
	}
	g_auto(GStrv) lines = g_strsplit(c->text, "\n", -1);
	assert_true(line >= 1 && (guint)line <= g_strv_length(lines));
	return g_strdup(lines[line - 1]);
}

static void print_diags(const scenario_diags *diags)
{
	for (guint i = 0; i < scenario_diags_count(diags); i++) {
		const struct scenario_diag *d = scenario_diags_get(diags, i);
		print_error("  %s:%d:%d: %s\n", d->loc.file ? d->loc.file : "(none)", d->loc.line,
			    d->loc.col, d->message);
	}
}

static void test_bad_input(void **state)
{
	const struct bad_case *c = *state;

	/* the row itself: the text at line:col is what the row says */
	g_autofree char *line = input_line(c, c->line);
	assert_true(c->col >= 1 && c->col <= g_utf8_strlen(line, -1) + 1);
	const char *at = g_utf8_offset_to_pointer(line, c->col - 1);
	if (!g_str_has_prefix(at, c->at)) {
		fail_msg("row miscounted: column %d of line %d is \"%s\", not \"%s\"", c->col,
			 c->line, at, c->at);
	}

	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(c->text, FILE_NAME, ".", c->sets, NULL, diags);
	if (sc != NULL) {
		scenario_free(sc);
		fail_msg("parsed without error; expected %s:%d:%d: %s", c->file, c->line, c->col,
			 c->message);
	}
	assert_true(scenario_diags_count(diags) >= 1);
	const struct scenario_diag *d = scenario_diags_get(diags, 0);
	if (d->loc.file == NULL || strcmp(d->loc.file, c->file) != 0 || d->loc.line != c->line ||
	    d->loc.col != c->col || strstr(d->message, c->message) == NULL) {
		print_error("expected %s:%d:%d: ...%s...\ngot:\n", c->file, c->line, c->col,
			    c->message);
		print_diags(diags);
		fail();
	}
}

/* Several errors in one file: all reported, sorted by line then column, whatever the stage
 * (lexer, parser, validator) that found them. */
/* Locations in a parsed scenario name their file; they must stay valid after the diagnostics
 * list the parse used is released (run.c prints an expectation's file after that). */
static void test_locations_outlive_diags(void **state)
{
	(void)state;
	scenario_diags *diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text("duration 1h\nbackend b address=192.0.2.1\n"
						  "expect backend.b.downtime == 0s\n",
						  FILE_NAME, ".", NULL, NULL, diags);
	scenario_diags_free(diags);
	assert_non_null(sc);
	const struct scenario_expect *e = g_ptr_array_index(sc->expects, 0);
	assert_string_equal(e->loc.file, FILE_NAME);
	assert_int_equal(e->loc.line, 3);
	scenario_free(sc);
}

static void test_several_errors(void **state)
{
	static const char text[] = "backend web address=192.0.2.10 port=0\n" /* 1:37 range */
				   "resolver isp profile=unbond\n"	     /* 2:22 enum */
				   "duration 45x\n"			     /* 3:10 unit */
				   "zonee example.com.\n"		     /* 4:1 statement */
				   "at 10m backend webb down\n"		     /* 5:16 reference */
				   "expect events >= 1 extra\n";	     /* 6:20 extra word */
	static const struct {
		int line, col;
		const char *message;
	} want[] = {
		{ 1, 37, "value '0' for 'port' is out of range" },
		{ 2, 22, "unknown value 'unbond'" },
		{ 3, 10, "bad duration '45x'" },
		{ 4, 1, "unknown statement 'zonee'" },
		{ 5, 16, "no backend named 'webb' (did you mean 'web'?)" },
		{ 6, 20, "unexpected 'extra'" },
	};
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, FILE_NAME, ".", NULL, NULL, diags);
	assert_null(sc);
	if (scenario_diags_count(diags) != G_N_ELEMENTS(want)) {
		print_diags(diags);
		fail_msg("expected %zu errors", G_N_ELEMENTS(want));
	}
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct scenario_diag *d = scenario_diags_get(diags, i);
		if (d->loc.line != want[i].line || d->loc.col != want[i].col ||
		    strstr(d->message, want[i].message) == NULL) {
			print_diags(diags);
			fail_msg("error %u: expected %d:%d: ...%s...", i, want[i].line, want[i].col,
				 want[i].message);
		}
	}
}

/* ---- well-formed input ---- */

static struct scenario *parse_ok(const char *text, const char *dir, const char *const *sets,
				 const uint64_t *seed)
{
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, FILE_NAME, dir, sets, seed, diags);
	if (sc == NULL) {
		print_diags(diags);
		fail_msg("a valid scenario was rejected");
	}
	assert_int_equal(scenario_diags_count(diags), 0);
	return sc;
}

static const struct scenario_record *record_at(const struct scenario_zone *zone, guint i)
{
	assert_true(i < zone->records->len);
	return g_ptr_array_index(zone->records, i);
}

static const struct scenario_attr *attr_of(const struct scenario *sc, enum scenario_kind kind,
					   const char *name, const char *key)
{
	const struct scenario_stmt *s = scenario_find(sc, kind, name);
	assert_non_null(s);
	const struct scenario_attr *a = scenario_stmt_attr(s, key);
	assert_non_null(a);
	return a;
}

static void test_demo_scenario(void **state)
{
	const char *srcdir = getenv("SRCDIR");
	g_autofree char *path = g_build_filename(srcdir != NULL ? srcdir : ".", "scenarios", "demo",
						 "www-failover.dnssim", NULL);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_load(path, NULL, NULL, diags);
	if (sc == NULL) {
		print_diags(diags);
		fail_msg("%s was rejected", path);
	}
	assert_string_equal(sc->title, "www fails over to the S3 'site down' page");
	assert_int_equal(sc->duration_ns, 45 * SIM_NS_PER_MIN);
	assert_int_equal(sc->seed, 7);
	assert_int_equal(sc->bucket_ns, 10 * SIM_NS_PER_S);
	assert_int_equal(strlen(sc->digest), 64);

	assert_int_equal(sc->zones->len, 1);
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	assert_string_equal(zone->origin, "jmpesp.xyz.");
	assert_int_equal(zone->records->len, 3);
	const struct scenario_record *soa = record_at(zone, 0);
	assert_int_equal(soa->type, LDNS_RR_TYPE_SOA);
	assert_int_equal(soa->ttl, 900);
	const struct scenario_record *primary = record_at(zone, 1);
	assert_string_equal(primary->owner, "www.jmpesp.xyz.");
	assert_int_equal(primary->ttl, 60);
	assert_int_equal(primary->policy, SCENARIO_POLICY_FAILOVER);
	const struct scenario_record *fallback = record_at(zone, 2);
	assert_true(fallback->alias);
	assert_string_equal(fallback->alias_target, "s3-website-us-west-1.amazonaws.com.");
	assert_int_equal(fallback->policy, SCENARIO_POLICY_FAILOVER);

	/* ns-1..ns-4 are only named in servers=: implied */
	static const char *const servers[] = { "ns-1", "ns-2", "ns-3", "ns-4" };
	for (size_t i = 0; i < G_N_ELEMENTS(servers); i++) {
		const struct scenario_stmt *s = scenario_find(sc, SCENARIO_KIND_SERVER, servers[i]);
		assert_non_null(s);
		assert_true(s->implied);
	}
	assert_int_equal(scenario_count(sc, SCENARIO_KIND_SERVER), 4);

	/* health check: interval 30s, threshold 3 */
	assert_int_equal(attr_of(sc, SCENARIO_KIND_HEALTH, "web-east", "interval")->i,
			 30 * SIM_NS_PER_S);
	assert_int_equal(attr_of(sc, SCENARIO_KIND_HEALTH, "web-east", "failure-threshold")->i, 3);
	/* rate=2/min is one request per 30 s */
	assert_float_equal(attr_of(sc, SCENARIO_KIND_CLIENTS, "seattle", "rate")->d, 1.0 / 30.0,
			   1e-12);

	/* timeline sorted by time, not file order: 10m down, 20m..25m ns-1 down, 30m up,
	 * 35m..40m ns-2 loss */
	assert_int_equal(sc->actions->len, 4);
	const struct scenario_action *a0 = g_ptr_array_index(sc->actions, 0);
	const struct scenario_action *a1 = g_ptr_array_index(sc->actions, 1);
	const struct scenario_action *a2 = g_ptr_array_index(sc->actions, 2);
	const struct scenario_action *a3 = g_ptr_array_index(sc->actions, 3);
	assert_int_equal(a0->at_ns, 10 * SIM_NS_PER_MIN);
	assert_int_equal(a0->until_ns, -1);
	assert_int_equal(a0->target, SCENARIO_TARGET_BACKEND);
	assert_string_equal(a0->target_name, "web-east");
	assert_string_equal(a0->verb, "down");
	assert_int_equal(a1->at_ns, 20 * SIM_NS_PER_MIN);
	assert_int_equal(a1->until_ns, 25 * SIM_NS_PER_MIN);
	assert_int_equal(a1->target, SCENARIO_TARGET_SERVER);
	assert_string_equal(a1->verb, "down");
	assert_int_equal(a2->at_ns, 30 * SIM_NS_PER_MIN);
	assert_string_equal(a2->verb, "up");
	assert_int_equal(a3->at_ns, 35 * SIM_NS_PER_MIN);
	assert_int_equal(a3->until_ns, 40 * SIM_NS_PER_MIN);
	assert_null(a3->verb);
	assert_float_equal(((const struct scenario_attr *)g_ptr_array_index(a3->attrs, 0))->d, 0.3,
			   1e-12);

	/* expectations in their units: seconds, ratios */
	static const struct {
		enum scenario_cmp cmp;
		double value;
	} want[] = {
		{ SCENARIO_CMP_EQ, 1200.0 }, /* 20m */
		{ SCENARIO_CMP_GE, 0.55 },   /* 55% */
		{ SCENARIO_CMP_EQ, 1.0 },    /* 100% */
		{ SCENARIO_CMP_EQ, 300.0 },  /* 5m */
		{ SCENARIO_CMP_GT, 1140.0 }, /* 19m */
		{ SCENARIO_CMP_LT, 1260.0 }, /* 21m */
		{ SCENARIO_CMP_GT, 0.916 },  /* 91.6% */
		{ SCENARIO_CMP_LT, 317.0 },  /* 317s */
	};
	assert_int_equal(sc->expects->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct scenario_expect *e = g_ptr_array_index(sc->expects, i);
		assert_int_equal(e->cmp, want[i].cmp);
		assert_float_equal(e->value, want[i].value, 1e-9);
	}
	scenario_free(sc);
}

static void test_durations(void **state)
{
	static const struct {
		const char *text;
		int64_t ns;
	} ok[] = {
		{ "1h30m", 5400 * SIM_NS_PER_S },
		{ "300ms", 300 * SIM_NS_PER_MS },
		{ "30s", 30 * SIM_NS_PER_S },
		{ "5m", 300 * SIM_NS_PER_S },
		{ "5min", 300 * SIM_NS_PER_S },
		{ "2h", 7200 * SIM_NS_PER_S },
		{ "1d", 86400 * SIM_NS_PER_S },
		{ "1w", 7 * 86400 * SIM_NS_PER_S },
		{ "1.5s", 1500 * SIM_NS_PER_MS },
		{ "250us", 250 * SIM_NS_PER_US },
		{ "10ns", 10 },
		{ "1d2h3m4s", (86400 + 7200 + 180 + 4) * SIM_NS_PER_S },
		{ "0s", 0 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
		int64_t ns = -1;
		const char *why = NULL;
		if (!scenario_parse_duration(ok[i].text, &ns, &why)) {
			fail_msg("'%s' rejected: %s", ok[i].text, why);
		}
		assert_int_equal(ns, ok[i].ns);
	}
	static const char *const bad[] = { "", "10", "s", "10x", "-5s", "1h30", "5 m", "1.2.3s" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int64_t ns;
		const char *why = NULL;
		if (scenario_parse_duration(bad[i], &ns, &why)) {
			fail_msg("'%s' accepted as a duration", bad[i]);
		}
		assert_non_null(why);
	}
	/* the scenario's own duration statement */
	struct scenario *sc = parse_ok("duration 1h30m\n", ".", NULL, NULL);
	assert_int_equal(sc->duration_ns, 5400 * SIM_NS_PER_S);
	scenario_free(sc);
}

static void test_rates_and_ratios(void **state)
{
	static const struct {
		const char *text;
		double per_s;
	} rates[] = {
		{ "2/min", 2.0 / 60.0 }, { "2/m", 2.0 / 60.0 }, { "10/s", 10.0 },
		{ "10/sec", 10.0 },	 { "36/h", 0.01 },	{ "36/hour", 0.01 },
		{ "864/d", 0.01 },	 { "0.5/s", 0.5 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rates); i++) {
		double v = -1;
		const char *why = NULL;
		if (!scenario_parse_rate(rates[i].text, &v, &why)) {
			fail_msg("'%s' rejected: %s", rates[i].text, why);
		}
		assert_float_equal(v, rates[i].per_s, 1e-12);
	}
	static const struct {
		const char *text;
		double v;
	} ratios[] = {
		{ "97%", 0.97 }, { "0.97", 0.97 }, { "100%", 1.0 },   { "0%", 0.0 },
		{ "1", 1.0 },	 { "0", 0.0 },	   { "2.5%", 0.025 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ratios); i++) {
		double v = -1;
		const char *why = NULL;
		if (!scenario_parse_ratio(ratios[i].text, &v, &why)) {
			fail_msg("'%s' rejected: %s", ratios[i].text, why);
		}
		assert_float_equal(v, ratios[i].v, 1e-12);
	}
	static const char *const bad_ratios[] = { "101%", "1.01", "-0.1", "%", "abc", "97%%" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad_ratios); i++) {
		double v;
		const char *why;
		if (scenario_parse_ratio(bad_ratios[i], &v, &why)) {
			fail_msg("'%s' accepted as a ratio", bad_ratios[i]);
		}
	}
	/* typed attributes after validation */
	struct scenario *sc =
	    parse_ok("network loss=97% jitter=0.05 stretch=1.5 base=2ms\n"
		     "resolver isp\n"
		     "clients c count=10 at=US-WA resolver=isp rate=2/min\n"
		     "clients d count=10 at=47.61,-122.33 resolver=isp interval=1h30m\n",
		     ".", NULL, NULL);
	assert_float_equal(attr_of(sc, SCENARIO_KIND_NETWORK, NULL, "loss")->d, 0.97, 1e-12);
	assert_float_equal(attr_of(sc, SCENARIO_KIND_NETWORK, NULL, "jitter")->d, 0.05, 1e-12);
	assert_float_equal(attr_of(sc, SCENARIO_KIND_NETWORK, NULL, "stretch")->d, 1.5, 1e-12);
	assert_int_equal(attr_of(sc, SCENARIO_KIND_NETWORK, NULL, "base")->i, 2 * SIM_NS_PER_MS);
	assert_float_equal(attr_of(sc, SCENARIO_KIND_CLIENTS, "c", "rate")->d, 1.0 / 30.0, 1e-12);
	assert_int_equal(attr_of(sc, SCENARIO_KIND_CLIENTS, "c", "count")->i, 10);
	assert_int_equal(attr_of(sc, SCENARIO_KIND_CLIENTS, "d", "interval")->i,
			 5400 * SIM_NS_PER_S);
	scenario_free(sc);
}

static void test_policy_deduction(void **state)
{
	static const char text[] = "zone example.com. servers=ns-1\n"
				   "  $TTL 60\n"
				   "  simple IN A 192.0.2.1\n"
				   "  w   IN A 192.0.2.2 set=a weight=10\n"
				   "  w   IN A 192.0.2.3 set=b weight=0\n"
				   "  f   IN A 192.0.2.4 set=p failover=primary health=h\n"
				   "  f   IN A 192.0.2.5 set=s failover=secondary\n"
				   "  l   IN A 192.0.2.6 set=use1 region=us-east-1\n"
				   "  g   IN A 192.0.2.7 set=wa country=US subdivision=WA\n"
				   "  g   IN A 192.0.2.8 set=eu continent=EU\n"
				   "  g   IN A 192.0.2.9 set=default country=*\n"
				   "  gp  IN A 192.0.2.10 set=r geoproximity=us-east-1 bias=-20\n"
				   "  gp  IN A 192.0.2.11 set=c geoproximity=47.61,-122.33\n"
				   "  mv  IN A 192.0.2.12 set=m1 multivalue=yes health=h\n"
				   "  mv  IN A 192.0.2.13 set=m2 multivalue=yes\n"
				   "  ip  IN A 192.0.2.14 set=c1 cidr=corp/office\n"
				   "  ip  IN A 192.0.2.15 set=c2 cidr=corp/*\n"
				   "  nmv IN A 192.0.2.16 multivalue=no\n"
				   "end\n"
				   "cidr corp/office 198.51.100.0/24 2001:db8::/32\n"
				   "health h http 192.0.2.4\n";
	static const struct {
		const char *owner;
		enum scenario_policy policy;
	} want[] = {
		{ "simple.example.com.", SCENARIO_POLICY_SIMPLE },
		{ "w.example.com.", SCENARIO_POLICY_WEIGHTED },
		{ "w.example.com.", SCENARIO_POLICY_WEIGHTED },
		{ "f.example.com.", SCENARIO_POLICY_FAILOVER },
		{ "f.example.com.", SCENARIO_POLICY_FAILOVER },
		{ "l.example.com.", SCENARIO_POLICY_LATENCY },
		{ "g.example.com.", SCENARIO_POLICY_GEOLOCATION },
		{ "g.example.com.", SCENARIO_POLICY_GEOLOCATION },
		{ "g.example.com.", SCENARIO_POLICY_GEOLOCATION },
		{ "gp.example.com.", SCENARIO_POLICY_GEOPROXIMITY },
		{ "gp.example.com.", SCENARIO_POLICY_GEOPROXIMITY },
		{ "mv.example.com.", SCENARIO_POLICY_MULTIVALUE },
		{ "mv.example.com.", SCENARIO_POLICY_MULTIVALUE },
		{ "ip.example.com.", SCENARIO_POLICY_IP_BASED },
		{ "ip.example.com.", SCENARIO_POLICY_IP_BASED },
		/* multivalue=no is no policy at all (Route 53: MultiValueAnswer false) */
		{ "nmv.example.com.", SCENARIO_POLICY_SIMPLE },
	};
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	assert_int_equal(zone->records->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct scenario_record *r = record_at(zone, i);
		assert_string_equal(r->owner, want[i].owner);
		if (r->policy != want[i].policy) {
			fail_msg("record %u (%s): policy %s, want %s", i, r->owner,
				 scenario_policy_name(r->policy),
				 scenario_policy_name(want[i].policy));
		}
		assert_int_equal(r->ttl, 60);
	}
	assert_string_equal(scenario_policy_name(SCENARIO_POLICY_IP_BASED), "ip-based");
	const struct scenario_attr *bias = scenario_attrs_get(record_at(zone, 9)->attrs, "bias");
	assert_non_null(bias);
	assert_int_equal(bias->i, -20);
	const struct scenario_attr *weight =
	    scenario_attrs_get(record_at(zone, 2)->attrs, "weight");
	assert_int_equal(weight->i, 0);
	scenario_free(sc);
}

/* SOA across lines in parentheses, with comments inside (RFC 1035 section 5.1). */
static void test_multiline_soa(void **state)
{
	static const char text[] = "zone example.com. servers=ns-1\n"
				   "  @ 3600 IN SOA ns-1.example.com. hostmaster.example.com. (\n"
				   "          2024010101 ; serial\n"
				   "          7200       ; refresh\n"
				   "          900        ; retry\n"
				   "          1209600    ; expire\n"
				   "          60 )       ; negative TTL\n"
				   "  www 300 IN A 192.0.2.1\n"
				   "end\n";
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	assert_int_equal(zone->records->len, 2);
	const struct scenario_record *soa = record_at(zone, 0);
	assert_int_equal(soa->type, LDNS_RR_TYPE_SOA);
	assert_int_equal(soa->ttl, 3600);
	assert_int_equal(soa->loc.line, 2);
	assert_int_equal(ldns_rr_rd_count(soa->rr), 7);
	static const uint32_t numbers[] = { 2024010101u, 7200, 900, 1209600, 60 };
	for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++) {
		assert_int_equal(ldns_rdf2native_int32(ldns_rr_rdf(soa->rr, 2 + i)), numbers[i]);
	}
	char *mname = ldns_rdf2str(ldns_rr_rdf(soa->rr, 0));
	assert_string_equal(mname, "ns-1.example.com.");
	free(mname);
	/* the line after the group is a record of its own, on its own line */
	const struct scenario_record *www = record_at(zone, 1);
	assert_string_equal(www->owner, "www.example.com.");
	assert_int_equal(www->loc.line, 8);
	scenario_free(sc);
}

/* $ORIGIN changes where relative names go; @ is the current origin; absolute names stay. */
static void test_origin_and_relative_names(void **state)
{
	static const char text[] = "zone Example.COM. servers=ns-1\n"
				   "  $TTL 1h\n"
				   "  www  IN CNAME web\n"
				   "  web  IN A 192.0.2.1\n"
				   "  mail.example.com. IN A 192.0.2.2\n"
				   "  $ORIGIN sub\n"
				   "  @    IN TXT \"sub apex\"\n"
				   "  a    IN A 192.0.2.3\n"
				   "  mx   IN MX 10 a\n"
				   "end\n";
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	assert_string_equal(zone->origin, "example.com.");
	static const char *const owners[] = { "www.example.com.",   "web.example.com.",
					      "mail.example.com.",  "sub.example.com.",
					      "a.sub.example.com.", "mx.sub.example.com." };
	assert_int_equal(zone->records->len, G_N_ELEMENTS(owners));
	for (guint i = 0; i < G_N_ELEMENTS(owners); i++) {
		const struct scenario_record *r = record_at(zone, i);
		assert_string_equal(r->owner, owners[i]);
		assert_int_equal(r->ttl, 3600); /* $TTL 1h */
	}
	char *target = ldns_rdf2str(ldns_rr_rdf(record_at(zone, 0)->rr, 0));
	assert_string_equal(target, "web.example.com.");
	free(target);
	char *exchange = ldns_rdf2str(ldns_rr_rdf(record_at(zone, 5)->rr, 1));
	assert_string_equal(exchange, "a.sub.example.com.");
	free(exchange);
	scenario_free(sc);
}

/* A line indented deeper than the block's first record has the previous owner. */
static void test_indentation_same_owner(void **state)
{
	static const char text[] = "zone example.com. servers=ns-1\n"
				   "  www  60 IN A 192.0.2.1\n"
				   "       60 IN A 192.0.2.2\n"
				   "\t   60 IN AAAA 2001:db8::1\n"
				   "  mail 60 IN A 192.0.2.3\n"
				   "     300 IN MX 10 mail\n"
				   "end\n";
	static const struct {
		const char *owner;
		uint16_t type;
		uint32_t ttl;
	} want[] = {
		{ "www.example.com.", LDNS_RR_TYPE_A, 60 },
		{ "www.example.com.", LDNS_RR_TYPE_A, 60 },
		{ "www.example.com.", LDNS_RR_TYPE_AAAA, 60 },
		{ "mail.example.com.", LDNS_RR_TYPE_A, 60 },
		{ "mail.example.com.", LDNS_RR_TYPE_MX, 300 },
	};
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	assert_int_equal(zone->records->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct scenario_record *r = record_at(zone, i);
		assert_string_equal(r->owner, want[i].owner);
		assert_int_equal(r->type, want[i].type);
		assert_int_equal(r->ttl, want[i].ttl);
	}
	scenario_free(sc);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_file_set_contents(path, text, -1, &err)) {
		fail_msg("cannot write %s: %s", path, err->message);
	}
}

static void remove_file(const char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_remove(path);
}

/* A zone read from a master file next to the scenario: standard master-file layout (owner at
 * column 1, blank owner = same owner), errors reported in the zone file's own lines. */
static void test_zone_file(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("dnssim-test-XXXXXX", &err);
	assert_non_null(dir);
	write_file(dir, "example.zone",
		   "$ORIGIN example.com.\n"
		   "$TTL 300\n"
		   "@    IN SOA ns-1.example.com. hostmaster.example.com. 1 7200 900 1209600 60\n"
		   "     IN NS  ns-1.example.com.\n"
		   "www  60 IN A 192.0.2.1 set=a weight=1\n"
		   "www  60 IN A 192.0.2.2 set=b weight=3\n"
		   "mail IN A 192.0.2.3\n");
	write_file(dir, "bad.zone",
		   "$TTL 300\n"
		   "www IN A 192.0.2.1\n"
		   "ftp IN AAA 2001:db8::1\n");
	write_file(dir, "main.dnssim",
		   "zone example.com. servers=ns-1 file=example.zone\n"
		   "expect events >= 0\n");

	g_autofree char *main_path = g_build_filename(dir, "main.dnssim", NULL);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_load(main_path, NULL, NULL, diags);
	if (sc == NULL) {
		print_diags(diags);
		fail_msg("zone from file= rejected");
	}
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	g_autofree char *zone_path = g_build_filename(dir, "example.zone", NULL);
	assert_string_equal(zone->file, zone_path);
	static const char *const owners[] = { "example.com.", "example.com.", "www.example.com.",
					      "www.example.com.", "mail.example.com." };
	static const uint32_t ttls[] = { 300, 300, 60, 60, 300 };
	assert_int_equal(zone->records->len, G_N_ELEMENTS(owners));
	for (guint i = 0; i < G_N_ELEMENTS(owners); i++) {
		assert_string_equal(record_at(zone, i)->owner, owners[i]);
		assert_int_equal(record_at(zone, i)->ttl, ttls[i]);
		assert_int_equal(record_at(zone, i)->loc.line, (int)i + 3);
	}
	assert_int_equal(record_at(zone, 1)->type, LDNS_RR_TYPE_NS);
	assert_int_equal(record_at(zone, 2)->policy, SCENARIO_POLICY_WEIGHTED);
	scenario_free(sc);

	/* an absolute file= is used as it is, not under the scenario's folder */
	g_autofree char *abs_text =
	    g_strdup_printf("zone example.com. servers=ns-1 file=%s\n", zone_path);
	sc = parse_ok(abs_text, "/nonexistent", NULL, NULL);
	zone = g_ptr_array_index(sc->zones, 0);
	assert_string_equal(zone->file, zone_path);
	assert_int_equal(zone->records->len, G_N_ELEMENTS(owners));
	scenario_free(sc);

	/* an error inside a zone file is reported at that file's line and column */
	g_autoptr(scenario_diags) diags2 = scenario_diags_new();
	sc = scenario_parse_text("zone example.com. servers=ns-1 file=bad.zone\n", FILE_NAME, dir,
				 NULL, NULL, diags2);
	assert_null(sc);
	assert_int_equal(scenario_diags_count(diags2), 1);
	const struct scenario_diag *d = scenario_diags_get(diags2, 0);
	g_autofree char *bad_path = g_build_filename(dir, "bad.zone", NULL);
	assert_string_equal(d->loc.file, bad_path);
	assert_int_equal(d->loc.line, 3);
	assert_int_equal(d->loc.col, 8); /* "ftp IN AAA": AAA starts at column 8 */
	assert_non_null(strstr(d->message, "unknown record type 'AAA'"));

	remove_file(dir, "example.zone");
	remove_file(dir, "bad.zone");
	remove_file(dir, "main.dnssim");
	assert_int_equal(g_rmdir(dir), 0);
}

static void test_set_overrides(void **state)
{
	static const char text[] = "duration 45m\n"
				   "seed 7\n"
				   "zone example.com. servers=ns-1\n"
				   "  www 60 IN A 192.0.2.1\n"
				   "  www 60 IN AAAA 2001:db8::1\n"
				   "end\n"
				   "resolver isp profile=unbound\n"
				   "backend web address=192.0.2.1\n";
	const char *const sets[] = { "duration=1h30m",
				     "resolver.isp.profile=bind-9.20",
				     "record.www.example.com/A.ttl=30s",
				     "backend.web.port=8443",
				     "server.ns-1.loss=30%",
				     "report.bucket=5s",
				     "seed=42",
				     NULL };
	struct scenario *sc = parse_ok(text, ".", sets, NULL);
	assert_int_equal(sc->duration_ns, 5400 * SIM_NS_PER_S);
	assert_int_equal(sc->seed, 42);
	assert_int_equal(sc->bucket_ns, 5 * SIM_NS_PER_S);
	const struct scenario_attr *profile = attr_of(sc, SCENARIO_KIND_RESOLVER, "isp", "profile");
	assert_string_equal(profile->text, "bind-9.20");
	assert_true(profile->from_override);
	assert_string_equal(scenario_resolver_profiles()[profile->i], "bind-9.20");
	assert_int_equal(attr_of(sc, SCENARIO_KIND_BACKEND, "web", "port")->i, 8443);
	/* the implied server ns-1 takes --set like a declared one */
	assert_float_equal(attr_of(sc, SCENARIO_KIND_SERVER, "ns-1", "loss")->d, 0.3, 1e-12);
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	const struct scenario_record *a = record_at(zone, 0);
	const struct scenario_record *aaaa = record_at(zone, 1);
	assert_int_equal(a->ttl, 30);
	assert_int_equal(ldns_rr_ttl(a->rr), 30);
	assert_int_equal(aaaa->ttl, 60); /* /A selects the A record only */
	scenario_free(sc);

	/* --seed (seed_override) wins over both the file and --set seed= */
	const char *const seed_set[] = { "seed=42", NULL };
	uint64_t seed = 99;
	sc = parse_ok(text, ".", seed_set, &seed);
	assert_int_equal(sc->seed, 99);
	scenario_free(sc);
	/* and works without a seed statement (the default is 1) */
	sc = parse_ok("duration 1m\n", ".", NULL, NULL);
	assert_int_equal(sc->seed, 1);
	scenario_free(sc);
	sc = parse_ok("duration 1m\n", ".", NULL, &seed);
	assert_int_equal(sc->seed, 99);
	scenario_free(sc);
}

static void test_implied_servers(void **state)
{
	static const char text[] = "server ns-1 at=us-east-1 udp-size=1232\n"
				   "zone example.com. servers=ns-1,ns-2\n"
				   "  www 60 IN A 192.0.2.1\n"
				   "end\n"
				   "zone example.org. servers=ns-2,ns-3\n"
				   "  www 60 IN A 192.0.2.2\n"
				   "end\n";
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	const struct scenario_stmt *ns1 = scenario_find(sc, SCENARIO_KIND_SERVER, "ns-1");
	const struct scenario_stmt *ns2 = scenario_find(sc, SCENARIO_KIND_SERVER, "ns-2");
	const struct scenario_stmt *ns3 = scenario_find(sc, SCENARIO_KIND_SERVER, "ns-3");
	assert_non_null(ns1);
	assert_non_null(ns2);
	assert_non_null(ns3);
	assert_false(ns1->implied);
	assert_true(ns2->implied);
	assert_true(ns3->implied);
	/* ns-2 is named by two zones but implied once */
	assert_int_equal(scenario_count(sc, SCENARIO_KIND_SERVER), 3);
	assert_int_equal(ns2->loc.line, 2);
	scenario_free(sc);
}

/* A private zone may have the origin of a public one (split-horizon). */
static void test_private_zone(void **state)
{
	static const char text[] = "vpc prod region=us-east-1\n"
				   "zone example.com. servers=ns-1\n"
				   "  www 60 IN A 192.0.2.1\n"
				   "end\n"
				   "zone example.com. servers=ns-1 private=yes vpc=prod\n"
				   "  www 60 IN A 10.0.0.1\n"
				   "end\n"
				   "resolver vpc-dns profile=aws-vpc-resolver vpc=prod\n";
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	assert_int_equal(sc->zones->len, 2);
	const struct scenario_zone *priv = g_ptr_array_index(sc->zones, 1);
	const struct scenario_attr *p = scenario_stmt_attr(priv->stmt, "private");
	assert_non_null(p);
	assert_int_equal(p->i, 1);
	scenario_free(sc);
}

/* Comments, quoting and a title: what the lexer keeps and drops. */
static void test_comments_and_quoting(void **state)
{
	static const char text[] =
	    "# a comment line\n"
	    "scenario \"a title # not a comment\"   # a comment\n"
	    "\n"
	    "health web https-str-match 192.0.2.1 search=\"it works\" port=443\n"
	    "zone example.com. servers=ns-1   # comment after a statement\n"
	    "  www 60 IN TXT \"v=spf1 -all; not a comment\" ; a master-file comment\n"
	    "end # the end\n";
	struct scenario *sc = parse_ok(text, ".", NULL, NULL);
	assert_string_equal(sc->title, "a title # not a comment");
	assert_string_equal(attr_of(sc, SCENARIO_KIND_HEALTH, "web", "search")->text, "it works");
	const struct scenario_zone *zone = g_ptr_array_index(sc->zones, 0);
	assert_int_equal(zone->records->len, 1);
	char *txt = ldns_rdf2str(ldns_rr_rdf(record_at(zone, 0)->rr, 0));
	assert_string_equal(txt, "\"v=spf1 -all; not a comment\"");
	free(txt);
	scenario_free(sc);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_locations_outlive_diags),
		cmocka_unit_test(test_demo_scenario),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_rates_and_ratios),
		cmocka_unit_test(test_policy_deduction),
		cmocka_unit_test(test_multiline_soa),
		cmocka_unit_test(test_origin_and_relative_names),
		cmocka_unit_test(test_indentation_same_owner),
		cmocka_unit_test(test_zone_file),
		cmocka_unit_test(test_set_overrides),
		cmocka_unit_test(test_implied_servers),
		cmocka_unit_test(test_private_zone),
		cmocka_unit_test(test_comments_and_quoting),
	};
	/* one named test per malformed input, then the fixed ones */
	struct CMUnitTest tests[G_N_ELEMENTS(bad_cases) + G_N_ELEMENTS(fixed)];
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		tests[i] = (struct CMUnitTest){
			.name = bad_cases[i].name,
			.test_func = test_bad_input,
			.initial_state = (void *)&bad_cases[i],
		};
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
		tests[G_N_ELEMENTS(bad_cases) + i] = fixed[i];
	}
	return cmocka_run_group_tests_name("scenario parser", tests, NULL, NULL);
}
