/*
 * dnssim draw FILE [NAME] [--at TIME] [--client C | --resolver R] [--format svg|png|dot|text]:
 * the Route 53 decision tree behind each routed name (sim/draw/tree.h).
 */
#include <stdio.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/draw/tree.h"
#include "sim/scenario/value.h"
#include "sim/world/world.h"

static const char usage[] = "dnssim draw [OPTIONS] FILE [NAME]";

static int draw_main(int argc, char **argv, struct cli_common *common, char **at, char **from,
		     char **client, char **format)
{
	GOptionEntry entries[] = {
		{ "at", 0, 0, G_OPTION_ARG_STRING, at,
		  "Run the scenario up to this virtual time and colour the nodes by health",
		  "TIME" },
		{ "resolver", 0, 0, G_OPTION_ARG_STRING, from,
		  "Highlight the path of a query from this resolver", "RESOLVER" },
		{ "client", 0, 0, G_OPTION_ARG_STRING, client,
		  "Highlight the path of a query from this client population (through its "
		  "first resolver)",
		  "CLIENTS" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, format,
		  "text (default), dot, svg or png; svg and png need Graphviz and --out FILE",
		  "FORMAT" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("FILE [NAME] - draw the Route 53 decision tree");
	g_option_context_set_summary(
	    ctx, "The policy tree behind each routed name of the scenario (or NAME): groups "
		 "and their\npolicies, record sets with weights and shares, failover roles, "
		 "locations, Regions and\nCIDR blocks, alias edges with evaluate-target-health, "
		 "values with TTLs, and the health\nchecks with their timing. --at runs the "
		 "scenario to that time and colours by health;\n--resolver/--client highlights "
		 "the path of that query. text and dot go to stdout or\n--out FILE; svg and png "
		 "are drawn by Graphviz's dot into --out FILE.\nExit codes: 0 done, 2 usage or "
		 "input error.");
	cli_common_add(ctx, common);
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!cli_parse(ctx, &argc, &argv, usage)) {
		return CLI_EXIT_USAGE;
	}
	if (cli_version_requested(common)) {
		return CLI_EXIT_OK;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "dnssim draw: expected FILE [NAME]\nusage: %s (try --help)\n",
			usage);
		return CLI_EXIT_USAGE;
	}
	const char *fmt = *format != NULL ? *format : "text";
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "dot") != 0 && strcmp(fmt, "svg") != 0 &&
	    strcmp(fmt, "png") != 0) {
		fprintf(stderr,
			"dnssim draw: unknown --format '%s'; expected text, dot, svg or png\n",
			fmt);
		return CLI_EXIT_USAGE;
	}
	bool image = strcmp(fmt, "svg") == 0 || strcmp(fmt, "png") == 0;
	if (image && common->out_dir == NULL) {
		fprintf(stderr, "dnssim draw: --format %s needs --out FILE\n", fmt);
		return CLI_EXIT_USAGE;
	}
	if (*from != NULL && *client != NULL) {
		fprintf(stderr, "dnssim draw: give --resolver or --client, not both\n");
		return CLI_EXIT_USAGE;
	}
	int64_t at_ns = 0;
	const char *why = NULL;
	if (*at != NULL && !scenario_parse_duration(*at, &at_ns, &why)) {
		fprintf(stderr, "dnssim draw: bad --at '%s': %s\n", *at, why);
		return CLI_EXIT_USAGE;
	}
	struct scenario *sc = cli_load(argv[1], common);
	if (sc == NULL) {
		return CLI_EXIT_USAGE;
	}
	int rc = CLI_EXIT_USAGE;
	world *w = NULL;
	draw_tree *tree = NULL;
	GString *text = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	if (at_ns > sc->duration_ns) {
		fprintf(stderr, "dnssim draw: --at %s is after the end of the scenario\n", *at);
		goto out;
	}
	w = world_new(sc);
	world_run_until(w, at_ns);
	struct draw_options options = {
		.name = argc == 3 ? argv[2] : NULL,
		.timed = *at != NULL,
		.resolver = *from,
		.client = *client,
	};
	tree = draw_tree_new(sc, w, &options, &err);
	if (tree == NULL) {
		fprintf(stderr, "dnssim draw: %s: %s\n", argv[1], err->message);
		goto out;
	}
	if (strcmp(fmt, "text") == 0) {
		draw_text(tree, text);
	} else {
		draw_dot(tree, text);
	}
	if (image) {
		if (!draw_render(text->str, fmt, common->out_dir, &err)) {
			fprintf(stderr, "dnssim draw: %s\n", err->message);
			goto out;
		}
	} else if (common->out_dir != NULL) {
		if (!g_file_set_contents(common->out_dir, text->str, (gssize)text->len, &err)) {
			fprintf(stderr, "dnssim draw: %s\n", err->message);
			goto out;
		}
	} else {
		fputs(text->str, stdout);
		if (fflush(stdout) != 0) {
			fprintf(stderr, "dnssim draw: cannot write the output\n");
			goto out;
		}
	}
	rc = CLI_EXIT_OK;
out:
	g_string_free(text, TRUE);
	draw_tree_free(tree);
	world_free(w);
	scenario_free(sc);
	return rc;
}

int cli_draw(int argc, char **argv)
{
	struct cli_common common = { 0 };
	char *at = NULL, *from = NULL, *client = NULL, *format = NULL;
	int rc = draw_main(argc, argv, &common, &at, &from, &client, &format);
	g_free(at);
	g_free(from);
	g_free(client);
	g_free(format);
	cli_common_clear(&common);
	return rc;
}
