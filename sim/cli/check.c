/*
 * dnssim check FILE: parse, validate and print what the scenario contains, then review its
 * design (sim/review/review.h): warnings on stderr, exit 0; with --strict they are errors and
 * the exit code is that of an invalid scenario (2).
 */
#include <stdio.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/review/review.h"
#include "sim/scenario/value.h"

static const char *record_type(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	return d != NULL && d->_name != NULL ? d->_name : "?";
}

static void print_attrs(const GPtrArray *attrs)
{
	for (guint i = 0; i < attrs->len; i++) {
		const struct scenario_attr *a = g_ptr_array_index(attrs, i);
		printf(" %s=%s", a->key, a->text);
	}
}

static bool is_private(const struct scenario_stmt *zone)
{
	const struct scenario_attr *a = scenario_stmt_attr(zone, "private");
	return a != NULL && a->i != 0;
}

static void print_zone(const struct scenario_zone *zone)
{
	const struct scenario_attr *servers = scenario_stmt_attr(zone->stmt, "servers");
	printf("zone %s  servers=%s%s  %u record line(s)%s%s\n", zone->origin,
	       servers ? servers->text : "-", is_private(zone->stmt) ? "  private" : "",
	       zone->records->len, zone->file ? "  from " : "", zone->file ? zone->file : "");
	for (guint i = 0; i < zone->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(zone->records, i);
		if (r->alias) {
			printf("  %-32s %-6s alias %s", r->owner, record_type(r->type),
			       r->alias_target ? r->alias_target : "?");
		} else {
			char *rdata = ldns_rr2str(r->rr);
			g_strchomp(rdata);
			printf("  %s", rdata);
			free(rdata);
		}
		if (r->policy != SCENARIO_POLICY_SIMPLE || r->attrs->len > 0) {
			printf("   [%s", scenario_policy_name(r->policy));
			print_attrs(r->attrs);
			printf("]");
		}
		printf("\n");
	}
}

static void print_summary(const struct scenario *sc)
{
	g_autofree char *duration = scenario_format_duration(sc->duration_ns);
	g_autofree char *bucket = scenario_format_duration(sc->bucket_ns);
	printf("scenario \"%s\"\n", sc->title);
	printf("file     %s\ndigest   sha256:%s\n", sc->file, sc->digest);
	printf("duration %s   seed %" G_GUINT64_FORMAT "   bucket %s\n\n", duration, sc->seed,
	       bucket);
	for (guint z = 0; z < sc->zones->len; z++) {
		print_zone(g_ptr_array_index(sc->zones, z));
	}
	static const enum scenario_kind kinds[] = {
		SCENARIO_KIND_SERVER,	SCENARIO_KIND_HEALTH,  SCENARIO_KIND_BACKEND,
		SCENARIO_KIND_RESOLVER, SCENARIO_KIND_CLIENTS, SCENARIO_KIND_VPC,
		SCENARIO_KIND_CIDR,	SCENARIO_KIND_LINK,    SCENARIO_KIND_NETWORK,
		SCENARIO_KIND_REPORT,
	};
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		for (guint i = 0; i < sc->stmts->len; i++) {
			const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
			if (s->spec->kind != kinds[k]) {
				continue;
			}
			printf("%s", s->spec->keyword);
			if (s->name != NULL) {
				printf(" %s", s->name);
			}
			for (guint a = 0; a < s->args->len; a++) {
				printf(
				    " %s",
				    ((struct scenario_arg *)g_ptr_array_index(s->args, a))->text);
			}
			print_attrs(s->attrs);
			printf("%s\n", s->implied ? "  (implied by a zone's servers=)" : "");
		}
	}
	if (sc->actions->len > 0) {
		printf("\ntimeline (%u action%s)\n", sc->actions->len,
		       sc->actions->len == 1 ? "" : "s");
	}
	for (guint i = 0; i < sc->actions->len; i++) {
		const struct scenario_action *a = g_ptr_array_index(sc->actions, i);
		g_autofree char *at = scenario_format_duration(a->at_ns);
		g_autofree char *until =
		    a->until_ns >= 0 ? scenario_format_duration(a->until_ns) : NULL;
		const char *const *targets = scenario_target_words();
		printf("  at %s%s%s  %s %s", at, until ? ".." : "", until ? until : "",
		       targets[a->target], a->target_name);
		for (guint k = 0; k < a->args->len; k++) {
			printf(" %s", ((struct scenario_arg *)g_ptr_array_index(a->args, k))->text);
		}
		if (a->verb != NULL) {
			printf(" %s", a->verb);
		}
		print_attrs(a->attrs);
		printf("\n");
	}
	if (sc->expects->len > 0) {
		printf("\nexpectations (%u)\n", sc->expects->len);
	}
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
	for (guint i = 0; i < sc->expects->len; i++) {
		const struct scenario_expect *e = g_ptr_array_index(sc->expects, i);
		printf("  %s %s %s\n", e->metric, ops[e->cmp], e->value_text);
	}
}

/* Print the review's warnings (as errors with strict) and their count. */
static void print_review(const GPtrArray *warnings, bool strict)
{
	for (guint i = 0; i < warnings->len; i++) {
		review_warning_print(g_ptr_array_index(warnings, i), strict, stderr);
	}
	if (warnings->len > 0) {
		fprintf(stderr, "%u %s%s\n", warnings->len, strict ? "error" : "warning",
			warnings->len == 1 ? "" : "s");
	}
}

static char *rules_description(void)
{
	size_t n;
	const struct review_rule *rules = review_rules(&n);
	GString *s = g_string_new("Design review rules (docs/scenario-language.md):\n");
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(s, "  %-28s %s\n", rules[i].id, rules[i].summary);
	}
	return g_string_free(s, FALSE);
}

int cli_check(int argc, char **argv)
{
	struct cli_common common = { 0 };
	gboolean strict = FALSE;
	GOptionEntry entries[] = {
		{ "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
		  "Treat design warnings as errors (exit 2 if there is any)", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("FILE - parse, validate and review a scenario");
	g_option_context_set_summary(ctx, "Reads FILE (a .dnssim scenario), reports every error as "
					  "FILE:LINE:COL, prints what the scenario contains, then "
					  "reviews its design: each warning names the record and "
					  "says why, as FILE:LINE:COL: warning: ... [rule-id].\n"
					  "Exit codes: 0 valid (warnings listed), 2 errors (or "
					  "warnings with --strict).");
	g_autofree char *description = rules_description();
	g_option_context_set_description(ctx, description);
	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_common_add(ctx, &common);
	if (!cli_parse(ctx, &argc, &argv, "dnssim check [OPTIONS] FILE")) {
		cli_common_clear(&common);
		return CLI_EXIT_USAGE;
	}
	if (cli_version_requested(&common)) {
		cli_common_clear(&common);
		return CLI_EXIT_OK;
	}
	if (argc != 2) {
		fprintf(stderr, "dnssim check: expected one scenario file\nusage: dnssim check "
				"[OPTIONS] FILE (try --help)\n");
		cli_common_clear(&common);
		return CLI_EXIT_USAGE;
	}
	struct scenario *sc = cli_load(argv[1], &common);
	int rc = CLI_EXIT_USAGE;
	if (sc != NULL) {
		g_autoptr(GPtrArray) warnings = review_scenario(sc);
		bool fails = strict && warnings->len > 0;
		/* with --strict, warnings make the scenario invalid: errors only, as for any
		 * invalid input; --quiet keeps warnings quiet but not errors */
		if (!common.quiet && !fails) {
			print_summary(sc);
		}
		if (!common.quiet || fails) {
			print_review(warnings, strict);
		}
		rc = fails ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	scenario_free(sc);
	cli_common_clear(&common);
	return rc;
}
