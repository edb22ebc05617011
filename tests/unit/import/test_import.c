/*
 * Unit tests for the Route 53 import (sim/import/route53.c): each JSON fixture of
 * tests/fixtures/route53/ (written from the shapes in route53.md section 11) is converted, the
 * output is parsed and validated by the scenario parser, and what the parser holds is compared
 * field by field with what the fixture says. The expected values below were read off the
 * fixture by hand and mapped with the documented rules (docs/design/import.md): names relative
 * to the zone, Failover PRIMARY -> failover=primary, health check names from the Name tag or
 * "hc-" + the first 8 characters of the Id. None was copied from the converter's output.
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

#include "sim/import/route53.h"
#include "sim/scenario/parser.h"

#define RECORDS	    "records-policies.json"
#define UNSUPPORTED "records-unsupported.json"
#define HCS	    "health-checks.json"

static char *fixture_path(const char *name)
{
	const char *srcdir = getenv("SRCDIR");
	return g_build_filename(srcdir != NULL ? srcdir : ".", "tests", "fixtures", "route53", name,
				NULL);
}

static char *read_fixture(const char *name)
{
	g_autofree char *path = fixture_path(name);
	char *text = NULL;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &text, NULL, &err)) {
		fail_msg("%s: %s", path, err->message);
	}
	return text;
}

/* Convert fixtures (hc may be NULL); the fixture names are the display names. */
static char *convert(const char *records, const char *hc, GPtrArray *warnings)
{
	g_autofree char *rtext = read_fixture(records);
	g_autofree char *htext = hc != NULL ? read_fixture(hc) : NULL;
	g_autoptr(GError) err = NULL;
	char *out = import_route53(records, rtext, -1, hc, htext, -1, warnings, &err);
	if (out == NULL) {
		fail_msg("import failed: %s", err->message);
	}
	return out;
}

/* Parse the output as a scenario (it must be valid on its own, with a duration prepended). */
static struct scenario *parse_output(const char *text)
{
	g_autofree char *full = g_strdup_printf("duration 1h\n%s", text);
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(full, "import.dnssim", ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_sort(diags);
		scenario_diags_print(diags, stderr);
		fprintf(stderr, "---- output:\n%s", full);
		fail_msg("the import's output is not a valid scenario");
	}
	return sc;
}

/* One record line as the fixture says it, in master-file form. */
struct exp_record {
	const char *owner; /* absolute */
	const char *type;
	uint32_t ttl;	  /* 0 for an alias */
	const char *data; /* rdata, or the alias target */
	bool alias;
	const char *attrs; /* "key=value|key=value", values as the parser keeps them */
};

static bool rdata_equal(const struct scenario_record *r, const struct exp_record *e)
{
	g_autofree char *text =
	    g_strdup_printf("%s %u IN %s %s", e->owner, e->ttl, e->type, e->data);
	ldns_rr *want = NULL;
	ldns_status st = ldns_rr_new_frm_str(&want, text, 0, NULL, NULL);
	if (st != LDNS_STATUS_OK) {
		fail_msg("bad expected record '%s': %s", text, ldns_get_errorstr_by_id(st));
	}
	bool eq = ldns_rr_compare(want, r->rr) == 0;
	ldns_rr_free(want);
	return eq;
}

static void check_attrs(const GPtrArray *attrs, const char *expected, const char *what)
{
	g_auto(GStrv) want =
	    expected[0] != '\0' ? g_strsplit(expected, "|", -1) : g_new0(char *, 1);
	for (guint i = 0; want[i] != NULL; i++) {
		char *eq = strchr(want[i], '=');
		assert_non_null(eq);
		*eq = '\0';
		const struct scenario_attr *a = scenario_attrs_get(attrs, want[i]);
		if (a == NULL) {
			fail_msg("%s: attribute %s missing", what, want[i]);
		}
		if (strcmp(a->text, eq + 1) != 0) {
			fail_msg("%s: %s is '%s', expected '%s'", what, want[i], a->text, eq + 1);
		}
	}
	if (attrs->len != g_strv_length(want)) {
		fail_msg("%s: %u attributes, expected %u", what, attrs->len, g_strv_length(want));
	}
}

/* Every expected record is in the zone exactly once, and the zone holds nothing else. */
static void check_zone(const struct scenario *sc, const char *origin, const char *servers,
		       const struct exp_record *exp, size_t n)
{
	assert_int_equal(sc->zones->len, 1);
	const struct scenario_zone *z = g_ptr_array_index(sc->zones, 0);
	assert_string_equal(z->origin, origin);
	assert_string_equal(scenario_stmt_attr(z->stmt, "servers")->text, servers);
	assert_int_equal(z->records->len, n);
	for (size_t i = 0; i < n; i++) {
		const struct exp_record *e = &exp[i];
		g_autofree char *what = g_strdup_printf("%s %s %s", e->owner, e->type, e->data);
		int found = 0;
		for (guint k = 0; k < z->records->len; k++) {
			const struct scenario_record *r = g_ptr_array_index(z->records, k);
			if (strcmp(r->owner, e->owner) != 0 ||
			    r->type != ldns_get_rr_type_by_name(e->type) || r->alias != e->alias) {
				continue;
			}
			if (e->alias ? strcmp(r->alias_target, e->data) != 0 : !rdata_equal(r, e)) {
				continue;
			}
			found++;
			if (!e->alias) {
				assert_int_equal(r->ttl, e->ttl);
			}
			check_attrs(r->attrs, e->attrs, what);
		}
		if (found != 1) {
			fail_msg("%s: found %d times, expected once", what, found);
		}
	}
}

struct exp_health {
	const char *name;
	const char *type;
	const char *endpoint; /* NULL for calculated */
	const char *attrs;
};

static void check_health(const struct scenario *sc, const struct exp_health *exp, size_t n)
{
	assert_int_equal(scenario_count(sc, SCENARIO_KIND_HEALTH), n);
	for (size_t i = 0; i < n; i++) {
		const struct exp_health *e = &exp[i];
		const struct scenario_stmt *s = scenario_find(sc, SCENARIO_KIND_HEALTH, e->name);
		if (s == NULL) {
			fail_msg("health %s missing", e->name);
		}
		assert_int_equal(s->args->len, e->endpoint != NULL ? 2 : 1);
		assert_string_equal(((struct scenario_arg *)g_ptr_array_index(s->args, 0))->text,
				    e->type);
		if (e->endpoint != NULL) {
			assert_string_equal(
			    ((struct scenario_arg *)g_ptr_array_index(s->args, 1))->text,
			    e->endpoint);
		}
		check_attrs(s->attrs, e->attrs, e->name);
	}
}

struct exp_warning {
	const char *file;
	const char *path;
	const char *message; /* a distinctive part */
};

static void check_warnings(const GPtrArray *warnings, const struct exp_warning *exp, size_t n)
{
	for (guint i = 0; warnings->len != n && i < warnings->len; i++) {
		g_autofree char *line = import_warning_format(g_ptr_array_index(warnings, i));
		print_message("  %s\n", line);
	}
	assert_int_equal(warnings->len, n);
	for (size_t i = 0; i < n; i++) {
		const struct import_warning *w = g_ptr_array_index(warnings, i);
		assert_string_equal(w->file, exp[i].file);
		assert_string_equal(w->path, exp[i].path);
		if (strstr(w->message, exp[i].message) == NULL) {
			fail_msg("warning %zu '%s' lacks '%s'", i, w->message, exp[i].message);
		}
	}
}

/* ---- records-policies.json with health-checks.json ---- */

#define UUID "4a2c7b1e-1111-4e8f-9a0b-0c1d2e3f4a5b"

static const struct exp_record policy_records[] = {
	{ "example.com.", "NS", 172800, "ns-2048.awsdns-64.com.", false, "" },
	{ "example.com.", "NS", 172800, "ns-2049.awsdns-65.net.", false, "" },
	{ "example.com.", "NS", 172800, "ns-2050.awsdns-66.org.", false, "" },
	{ "example.com.", "NS", 172800, "ns-2051.awsdns-67.co.uk.", false, "" },
	{ "example.com.", "SOA", 900,
	  "ns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400", false,
	  "" },
	/* CloudFront alias, EvaluateTargetHealth false: no attribute */
	{ "example.com.", "A", 0, "d111111abcdef8.cloudfront.net.", true, "" },
	{ "example.com.", "MX", 300, "10 inbound-smtp.us-east-1.amazonaws.com.", false, "" },
	{ "example.com.", "TXT", 300, "\"v=spf1 include:amazonses.com ~all\"", false, "" },
	{ "example.com.", "TXT", 300, "\"google-site-verification=abc123\"", false, "" },
	/* ELB alias: DNSName lower-cased */
	{ "api.example.com.", "A", 0, "example-com-123456789.us-east-2.elb.amazonaws.com.", true,
	  "set=Ohio region|failover=primary|evaluate-target-health=yes" },
	/* S3 website alias: DNSName without its trailing dot in the JSON */
	{ "api.example.com.", "A", 0, "s3-website-us-east-1.amazonaws.com.", true,
	  "set=Static site|failover=secondary" },
	{ "docs.example.com.", "CNAME", 3600, "example.github.io.", false, "" },
	{ "geo.example.com.", "A", 60, "198.51.100.47", false, "set=Europe|continent=EU" },
	{ "geo.example.com.", "A", 60, "192.0.2.47", false, "set=Other locations|country=*" },
	{ "geo.example.com.", "A", 60, "192.0.2.48", false,
	  "set=Washington|country=US|subdivision=WA" },
	{ "gp.example.com.", "A", 60, "192.0.2.40", false,
	  "set=east|geoproximity=us-east-1|bias=25" },
	{ "gp.example.com.", "A", 60, "192.0.2.41", false,
	  "set=seattle office|geoproximity=47.61,-122.33|bias=-10" },
	{ "ip.example.com.", "A", 60, "192.0.2.31", false, "set=default|cidr=" UUID "/*" },
	{ "ip.example.com.", "A", 60, "192.0.2.30", false,
	  "set=isp-seattle|cidr=" UUID "/example-isp-seattle" },
	{ "ipv6.example.com.", "AAAA", 300, "2001:db8::1", false, "" },
	{ "lat.example.com.", "A", 60, "198.51.100.10", false, "set=euw1|region=eu-west-1" },
	{ "lat.example.com.", "A", 60, "192.0.2.10", false, "set=use1|region=us-east-1" },
	{ "mv.example.com.", "A", 60, "192.0.2.20", false,
	  "set=s1|multivalue=yes|health=hc-11111111" },
	{ "mv.example.com.", "A", 60, "192.0.2.21", false,
	  "set=s2|multivalue=yes|health=hc-44444444" },
	{ "mv.example.com.", "A", 60, "192.0.2.22", false,
	  "set=s2|multivalue=yes|health=hc-44444444" },
	/* alias to a record set of the same zone */
	{ "shop.example.com.", "A", 0, "www.example.com.", true, "evaluate-target-health=yes" },
	{ "status.example.com.", "A", 30, "192.0.2.50", false, "health=status-any" },
	{ "www.example.com.", "A", 60, "192.0.2.45", false,
	  "set=Ohio|weight=50|health=hc-22222222" },
	{ "www.example.com.", "A", 60, "192.0.2.44", false,
	  "set=Seattle data center|weight=100|health=web-seattle" },
	{ "www.example.com.", "A", 60, "203.0.113.44", false,
	  "set=Tokyo|weight=0|health=hc-33333333" },
	/* \052 is '*': a wildcard */
	{ "*.example.com.", "A", 300, "192.0.2.99", false, "" },
};

static const struct exp_health policy_health[] = {
	/* Name tag "web seattle": the blank becomes '-' */
	{ "web-seattle", "http", "192.0.2.44",
	  "port=80|path=/health|host=www.example.com|interval=10s|failure-threshold=2|"
	  "regions=us-east-1,us-west-2,eu-west-1|inverted=no|disabled=no|measure-latency=no" },
	{ "hc-11111111", "https", "192.0.2.20",
	  "port=443|path=/status|interval=30s|failure-threshold=3|inverted=no|disabled=no|"
	  "measure-latency=yes" },
	/* FullyQualifiedDomainName only: a placeholder backend of the check's name */
	{ "hc-22222222", "http-str-match", "hc-22222222",
	  "port=80|path=/|host=origin.example.net|search=it works|interval=30s|"
	  "failure-threshold=3|inverted=no|disabled=no" },
	{ "hc-33333333", "https-str-match", "203.0.113.44",
	  "port=8443|path=/health?full=1|search=\"status\":\"ok\"|interval=10s|"
	  "failure-threshold=5|regions=ap-northeast-1,ap-southeast-1,ap-southeast-2,us-west-1|"
	  "inverted=no|disabled=yes" },
	{ "hc-44444444", "tcp", "192.0.2.21",
	  "port=53|interval=30s|failure-threshold=1|inverted=yes|disabled=no" },
	/* the CloudWatch child is left out */
	{ "status-any", "calculated", NULL,
	  "inverted=no|disabled=no|healthy-threshold=2|children=web-seattle,hc-44444444" },
};

#define HC_WARNINGS                                                                                \
	{ HCS, ".HealthChecks[1].HealthCheckConfig.EnableSNI", "SNI is not modelled" },            \
	    { HCS, ".HealthChecks[2].HealthCheckConfig.FullyQualifiedDomainName",                  \
	      "backend hc-22222222 with placeholder address 0.0.0.0" },                            \
	    { HCS, ".HealthChecks[6].HealthCheckConfig.Type", "CLOUDWATCH_METRIC" },               \
	    { HCS, ".HealthChecks[7].HealthCheckConfig.Type", "RECOVERY_CONTROL" },                \
	{                                                                                          \
		HCS, ".HealthChecks[5].HealthCheckConfig.ChildHealthChecks[2]",                    \
		    "child 66666666-aaaa-4bbb-8ccc-000000000006 (hc-66666666) is not imported"     \
	}

static void test_policies_round_trip(void **state)
{
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autofree char *text = convert(RECORDS, HCS, warnings);
	struct scenario *sc = parse_output(text);
	check_zone(sc, "example.com.", "ns-2048,ns-2049,ns-2050,ns-2051", policy_records,
		   G_N_ELEMENTS(policy_records));
	check_health(sc, policy_health, G_N_ELEMENTS(policy_health));
	const struct scenario_stmt *b = scenario_find(sc, SCENARIO_KIND_BACKEND, "hc-22222222");
	assert_non_null(b);
	assert_string_equal(scenario_stmt_attr(b, "address")->text, "0.0.0.0");
	assert_int_equal(scenario_count(sc, SCENARIO_KIND_BACKEND), 1);
	static const struct exp_warning exp[] = {
		HC_WARNINGS,
		{ RECORDS, ".ResourceRecordSets[14].CidrRoutingConfig",
		  "add a 'cidr " UUID "/example-isp-seattle PREFIX...' statement" },
	};
	check_warnings(warnings, exp, G_N_ELEMENTS(exp));
	/* the comments the issue asks for */
	assert_non_null(strstr(text, "# cidr " UUID "/example-isp-seattle PREFIX...\n"));
	assert_non_null(strstr(text, "ns-2048 = ns-2048.awsdns-64.com."));
	scenario_free(sc);
}

/* Without health-check JSON the records keep everything but health=, each with a warning. */
static void test_policies_without_health_checks(void **state)
{
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autofree char *text = convert(RECORDS, NULL, warnings);
	struct scenario *sc = parse_output(text);
	const struct scenario_zone *z = g_ptr_array_index(sc->zones, 0);
	assert_int_equal(z->records->len, G_N_ELEMENTS(policy_records));
	for (guint i = 0; i < z->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(z->records, i);
		assert_null(scenario_attrs_get(r->attrs, "health"));
	}
	assert_int_equal(scenario_count(sc, SCENARIO_KIND_HEALTH), 0);
	/* records with a HealthCheckId, in fixture order: 18, 19, 21, 22, 23, 24 */
	static const struct exp_warning exp[] = {
		{ RECORDS, ".ResourceRecordSets[14].CidrRoutingConfig", "CIDR blocks" },
		{ RECORDS, ".ResourceRecordSets[18].HealthCheckId", "--health-checks" },
		{ RECORDS, ".ResourceRecordSets[19].HealthCheckId", "--health-checks" },
		{ RECORDS, ".ResourceRecordSets[21].HealthCheckId", "--health-checks" },
		{ RECORDS, ".ResourceRecordSets[22].HealthCheckId", "--health-checks" },
		{ RECORDS, ".ResourceRecordSets[23].HealthCheckId", "--health-checks" },
		{ RECORDS, ".ResourceRecordSets[24].HealthCheckId", "--health-checks" },
	};
	check_warnings(warnings, exp, G_N_ELEMENTS(exp));
	scenario_free(sc);
}

/* ---- records-unsupported.json: unknown fields and unsupported features ---- */

static const struct exp_record unsupported_records[] = {
	{ "example.org.", "NS", 172800, "ns-1.awsdns-01.org.", false, "" },
	{ "example.org.", "NS", 172800, "ns-1.awsdns-02.com.", false, "" },
	{ "example.org.", "SOA", 900,
	  "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400", false, "" },
	/* its health check is a CloudWatch one: health= left out */
	{ "db.example.org.", "CNAME", 60, "db1.example.org.", false, "" },
	{ "db1.example.org.", "A", 60, "192.0.2.60", false, "" },
	{ "edge.example.org.", "A", 60, "192.0.2.71", false, "set=oregon|geoproximity=us-west-2" },
	/* TrafficPolicyInstanceId: imported as it stands */
	{ "flow.example.org.", "A", 60, "192.0.2.80", false, "" },
	{ "kyiv.example.org.", "A", 60, "192.0.2.91", false, "set=other|country=*" },
	/* HealthCheckId not in the JSON */
	{ "lost.example.org.", "A", 60, "192.0.2.100", false, "" },
	{ "www.example.org.", "A", 0, "d222222abcdef8.cloudfront.net.", true, "" },
};

static void test_unsupported_reported(void **state)
{
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autofree char *text = convert(UNSUPPORTED, HCS, warnings);
	struct scenario *sc = parse_output(text);
	/* two NS hosts with the same first label get distinct server names */
	check_zone(sc, "example.org.", "ns-1,ns-1-2", unsupported_records,
		   G_N_ELEMENTS(unsupported_records));
	static const struct exp_warning exp[] = {
		HC_WARNINGS,
		{ UNSUPPORTED, ".NextToken", "unknown field 'NextToken'" },
		{ UNSUPPORTED, ".ResourceRecordSets[4].Comment", "unknown field 'Comment'" },
		{ UNSUPPORTED, ".ResourceRecordSets[2].AliasTarget",
		  "my-env.us-east-1.elasticbeanstalk.com. is outside the zone" },
		{ UNSUPPORTED, ".ResourceRecordSets[3].HealthCheckId",
		  "(hc-66666666) is not imported (CLOUDWATCH_METRIC" },
		{ UNSUPPORTED, ".ResourceRecordSets[5].GeoProximityLocation",
		  "LocalZoneGroup us-west-2-lax-1" },
		{ UNSUPPORTED, ".ResourceRecordSets[7].TrafficPolicyInstanceId",
		  "Traffic Flow policy instances are not modelled" },
		{ UNSUPPORTED, ".ResourceRecordSets[8].GeoLocation", "subdivision UA-30" },
		{ UNSUPPORTED, ".ResourceRecordSets[9].GeoLocation.Planet",
		  "unknown field 'Planet'" },
		{ UNSUPPORTED, ".ResourceRecordSets[10].HealthCheckId",
		  "99999999-0000-0000-0000-000000000000 is not in the health-check JSON" },
		{ UNSUPPORTED, ".ResourceRecordSets[11].AliasTarget.Extra",
		  "unknown field 'Extra'" },
	};
	check_warnings(warnings, exp, G_N_ELEMENTS(exp));
	/* each left-out record set is in the output as a comment */
	assert_non_null(strstr(text, "  # app A alias my-env.us-east-1.elasticbeanstalk.com."));
	assert_non_null(strstr(text, "  # edge 60 IN A 192.0.2.70 set=\"local zone\"\n"));
	assert_non_null(strstr(text, "  # kyiv 60 IN A 192.0.2.90 set=kyiv\n"));
	assert_non_null(strstr(text, "traffic policy instance a1b2c3d4"));
	assert_non_null(strstr(text, "# health hc-77777777 not imported: RECOVERY_CONTROL"));
	scenario_free(sc);
}

/* ---- errors ---- */

static void test_invalid_json_has_line_and_column(void **state)
{
	/* line 3 is '    {"Name": "example.com.", "Type": "A", "TTL": @60}': the '@' is the
	 * 50th character */
	g_autofree char *text = read_fixture("invalid.json");
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autoptr(GError) err = NULL;
	char *out = import_route53("invalid.json", text, -1, NULL, NULL, -1, warnings, &err);
	assert_null(out);
	assert_non_null(err);
	assert_true(g_error_matches(err, IMPORT_ERROR, IMPORT_ERROR_JSON));
	if (!g_str_has_prefix(err->message, "invalid.json:3:50: error: invalid JSON: ")) {
		fail_msg("unexpected message '%s'", err->message);
	}
	assert_non_null(strstr(err->message, "`@'"));

	/* a broken health-check file is reported with its own name */
	g_autofree char *records = read_fixture(RECORDS);
	g_clear_error(&err);
	out = import_route53(RECORDS, records, -1, "hc.json", "{\n\"HealthChecks\": [}\n", -1,
			     warnings, &err);
	assert_null(out);
	if (!g_str_has_prefix(err->message, "hc.json:2:")) {
		fail_msg("unexpected message '%s'", err->message);
	}
}

static void test_wrong_shape(void **state)
{
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autoptr(GError) err = NULL;
	/* health-check JSON given as the records */
	char *out =
	    import_route53("hc.json", "{\"HealthChecks\": []}", -1, NULL, NULL, -1, warnings, &err);
	assert_null(out);
	assert_true(g_error_matches(err, IMPORT_ERROR, IMPORT_ERROR_SHAPE));
	assert_non_null(strstr(err->message, "hc.json: error: .ResourceRecordSets"));
	g_clear_error(&err);
	out = import_route53("e.json", "", -1, NULL, NULL, -1, warnings, &err);
	assert_null(out);
	assert_true(g_error_matches(err, IMPORT_ERROR, IMPORT_ERROR_SHAPE));
}

/* The command: warnings on stderr as FILE: warning: PATH: message, exit 2 on bad JSON, --out
 * writes the file. Runs when DNSSIM names the binary (make test sets it). */
static void test_cli(void **state)
{
	const char *dnssim = getenv("DNSSIM");
	if (dnssim == NULL) {
		skip();
	}
	g_autofree char *records = fixture_path(UNSUPPORTED);
	g_autofree char *invalid = fixture_path("invalid.json");
	g_autofree char *tmp = g_dir_make_tmp("dnssim-import-XXXXXX", NULL);
	assert_non_null(tmp);
	g_autofree char *out = g_build_filename(tmp, "zone.dnssim", NULL);
	const char *argv1[] = { dnssim,	 "import", "route53", "--records",
				records, "--out",  out,	      NULL };
	g_autofree char *err1 = NULL;
	int status = 0;
	assert_true(g_spawn_sync(NULL, (char **)argv1, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
				 NULL, &err1, &status, NULL));
	assert_true(g_spawn_check_wait_status(status, NULL));
	g_autofree char *want =
	    g_strdup_printf("%s: warning: .ResourceRecordSets[4].Comment: unknown field", records);
	assert_non_null(strstr(err1, want));
	g_autofree char *written = NULL;
	assert_true(g_file_get_contents(out, &written, NULL, NULL));
	assert_non_null(strstr(written, "zone example.org. servers=ns-1,ns-1-2\n"));

	const char *argv2[] = { dnssim, "import", "route53", "--records", invalid, NULL };
	g_autofree char *err2 = NULL;
	assert_true(g_spawn_sync(NULL, (char **)argv2, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
				 NULL, &err2, &status, NULL));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	g_autofree char *want2 = g_strdup_printf("%s:3:50: error: invalid JSON", invalid);
	assert_non_null(strstr(err2, want2));
	g_unlink(out);
	g_rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policies_round_trip),
		cmocka_unit_test(test_policies_without_health_checks),
		cmocka_unit_test(test_unsupported_reported),
		cmocka_unit_test(test_invalid_json_has_line_and_column),
		cmocka_unit_test(test_wrong_shape),
		cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests_name("route53 import", tests, NULL, NULL);
}
