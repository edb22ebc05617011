/*
 * dnssim import route53 --records FILE [--health-checks FILE] [--out FILE]: turn the JSON of
 * `aws route53 list-resource-record-sets` / `list-health-checks` into a scenario fragment
 * (sim/import/route53.h). Warnings go to stderr and do not change the exit code.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/import/route53.h"
#include "sim/import/traffic_policy.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

static gboolean read_input(const char *path, char **text, gsize *len)
{
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, text, len, &err)) {
		fprintf(stderr, "%s: error: %s\n", path, err->message);
		return FALSE;
	}
	return TRUE;
}

static int import_route53_main(int argc, char **argv, struct cli_common *common)
{
	g_autofree char *records = NULL;
	g_autofree char *health_checks = NULL;
	const GOptionEntry entries[] = {
		{ "records", 'r', 0, G_OPTION_ARG_FILENAME, &records,
		  "JSON of 'aws route53 list-resource-record-sets' (required)", "FILE" },
		{ "health-checks", 'c', 0, G_OPTION_ARG_FILENAME, &health_checks,
		  "JSON of 'aws route53 list-health-checks'", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	static const char usage[] = "dnssim import route53 --records FILE [--health-checks FILE] "
				    "[--out FILE]";
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("route53 - convert Route 53 JSON into a scenario fragment");
	g_option_context_set_summary(
	    ctx, "Reads the JSON printed by 'aws route53 list-resource-record-sets' (and "
		 "optionally\n'aws route53 list-health-checks') and writes zone blocks and "
		 "health statements\nto stdout, or to the file named by --out (written "
		 "atomically). Fields that are not\nimported are reported on stderr as "
		 "FILE: warning: JSON_PATH: MESSAGE.\nExit codes: 0 written (warnings "
		 "allowed), 2 usage error, unreadable or invalid JSON.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_common_add(ctx, common);
	if (!cli_parse(ctx, &argc, &argv, usage)) {
		return CLI_EXIT_USAGE;
	}
	if (cli_version_requested(common)) {
		return CLI_EXIT_OK;
	}
	if (common->sets != NULL || common->seed != NULL || common->force) {
		fprintf(stderr,
			"dnssim import: --set, --seed and --force do not apply to "
			"import\nusage: %s (try --help)\n",
			usage);
		return CLI_EXIT_USAGE;
	}
	if (argc != 2 || strcmp(argv[1], "route53") != 0 || records == NULL) {
		fprintf(stderr,
			"dnssim import: expected 'route53' and --records FILE, or "
			"'traffic-policy'\nusage: %s (try --help)\n",
			usage);
		return CLI_EXIT_USAGE;
	}
	const char *out = common->out_dir; /* --out names a file here */
	const bool quiet = common->quiet;
	g_autofree char *rtext = NULL;
	g_autofree char *htext = NULL;
	gsize rlen = 0, hlen = 0;
	if (!read_input(records, &rtext, &rlen) ||
	    (health_checks != NULL && !read_input(health_checks, &htext, &hlen))) {
		return CLI_EXIT_USAGE;
	}
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *text = import_route53(records, rtext, (gssize)rlen, health_checks, htext,
					       (gssize)hlen, warnings, &err);
	for (guint i = 0; !quiet && i < warnings->len; i++) {
		g_autofree char *line = import_warning_format(g_ptr_array_index(warnings, i));
		fprintf(stderr, "%s\n", line);
	}
	if (text == NULL) {
		fprintf(stderr, "%s\n", err->message);
		return CLI_EXIT_USAGE;
	}
	if (out != NULL) {
		g_autoptr(GError) werr = NULL;
		if (!g_file_set_contents(out, text, -1, &werr)) {
			fprintf(stderr, "%s: error: %s\n", out, werr->message);
			return CLI_EXIT_USAGE;
		}
	} else {
		fputs(text, stdout);
		if (fflush(stdout) != 0) {
			fprintf(stderr, "dnssim import: error: cannot write the output\n");
			return CLI_EXIT_USAGE;
		}
	}
	if (!quiet && warnings->len > 0) {
		fprintf(stderr, "%u warning%s\n", warnings->len, warnings->len == 1 ? "" : "s");
	}
	return CLI_EXIT_OK;
}

/* Write text to out (a file, atomically) or stdout. */
static gboolean write_output(const char *out, const char *text)
{
	if (out != NULL) {
		g_autoptr(GError) werr = NULL;
		if (!g_file_set_contents(out, text, -1, &werr)) {
			fprintf(stderr, "%s: error: %s\n", out, werr->message);
			return FALSE;
		}
		return TRUE;
	}
	fputs(text, stdout);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "dnssim import: error: cannot write the output\n");
		return FALSE;
	}
	return TRUE;
}

static int import_traffic_policy_main(int argc, char **argv, struct cli_common *common)
{
	g_autofree char *name = NULL;
	g_autofree char *ttl_text = NULL;
	const GOptionEntry entries[] = {
		{ "name", 'n', 0, G_OPTION_ARG_STRING, &name,
		  "Name of the policy record (required)", "NAME" },
		{ "ttl", 't', 0, G_OPTION_ARG_STRING, &ttl_text,
		  "TTL of the policy record's data records, seconds or a duration (required)",
		  "TTL" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	static const char usage[] =
	    "dnssim import traffic-policy POLICY.json --name NAME --ttl TTL "
	    "[--out FILE]";
	g_autoptr(GOptionContext) ctx = g_option_context_new(
	    "traffic-policy POLICY.json - convert a Traffic Flow policy into record sets");
	g_option_context_set_summary(
	    ctx, "Reads a Route 53 Traffic Flow policy document (the JSON of the visual editor "
		 "or\n'aws route53 get-traffic-policy') and writes the record lines of the policy "
		 "record\nNAME with TTL: one Route 53 group per rule, nested rules as aliases to "
		 "generated\nnames _tf-RULE.NAME. Paste them into the zone block holding NAME. "
		 "Parts that are not\nimported are reported on stderr as FILE: warning: "
		 "JSON_PATH: MESSAGE.\nExit codes: 0 written (warnings allowed), 2 usage error, "
		 "unreadable or invalid JSON.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_common_add(ctx, common);
	if (!cli_parse(ctx, &argc, &argv, usage)) {
		return CLI_EXIT_USAGE;
	}
	if (cli_version_requested(common)) {
		return CLI_EXIT_OK;
	}
	if (argc != 3 || name == NULL || ttl_text == NULL) {
		fprintf(stderr,
			"dnssim import: expected POLICY.json, --name NAME and --ttl TTL\nusage: %s "
			"(try --help)\n",
			usage);
		return CLI_EXIT_USAGE;
	}
	guint64 ttl = 0;
	int64_t ttl_ns = 0;
	const char *why = NULL;
	if (!g_ascii_string_to_unsigned(ttl_text, 10, 0, G_MAXINT32, &ttl, NULL)) {
		if (!scenario_parse_duration(ttl_text, &ttl_ns, &why) || ttl_ns < 0 ||
		    ttl_ns / SIM_NS_PER_S > G_MAXINT32) {
			fprintf(stderr,
				"dnssim import: bad --ttl '%s'; expected seconds (60) or a "
				"duration (1m)\n",
				ttl_text);
			return CLI_EXIT_USAGE;
		}
		ttl = (guint64)(ttl_ns / SIM_NS_PER_S);
	}
	g_autofree char *json = NULL;
	gsize len = 0;
	if (!read_input(argv[2], &json, &len)) {
		return CLI_EXIT_USAGE;
	}
	g_autoptr(GPtrArray) warnings = import_warnings_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *text =
	    import_traffic_policy(argv[2], json, (gssize)len, name, (uint32_t)ttl, warnings, &err);
	for (guint i = 0; !common->quiet && i < warnings->len; i++) {
		g_autofree char *line = import_warning_format(g_ptr_array_index(warnings, i));
		fprintf(stderr, "%s\n", line);
	}
	if (text == NULL) {
		fprintf(stderr, "%s\n", err->message);
		return CLI_EXIT_USAGE;
	}
	if (!write_output(common->out_dir, text)) {
		return CLI_EXIT_USAGE;
	}
	if (!common->quiet && warnings->len > 0) {
		fprintf(stderr, "%u warning%s\n", warnings->len, warnings->len == 1 ? "" : "s");
	}
	return CLI_EXIT_OK;
}

int cli_import(int argc, char **argv)
{
	struct cli_common common = { 0 };
	int rc = argc >= 2 && strcmp(argv[1], "traffic-policy") == 0
		     ? import_traffic_policy_main(argc, argv, &common)
		     : import_route53_main(argc, argv, &common);
	cli_common_clear(&common);
	return rc;
}
