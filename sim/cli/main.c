/* dnssim: the command's entry point; dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "sim/cli/cli.h"

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "check", cli_check, "parse and validate a scenario, print what it contains" },
	{ "run", cli_run, "run a scenario over its timeline, write metrics, plots, expectations" },
	{ "plot", cli_plot, "redraw the figures of a run from its output folder" },
	{ "sweep", cli_sweep,
	  "run a grid of scenario variants, several seeds each, on worker processes" },
	{ "replay", cli_replay, "play testbound/Deckard .rpl files against the resolver model" },
	{ "answer", cli_answer, "what the name servers answer at a time, and the decision path" },
	{ "trace", cli_trace, "resolve one name step by step through the virtual hierarchy" },
	{ "import", cli_import, "convert Route 53 JSON or a Traffic Flow policy into a scenario" },
	{ "draw", cli_draw, "draw the Route 53 decision tree, coloured by health at a time" },
	{ "propagation", cli_propagation, "what every resolver answers for a name at a time" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: dnssim COMMAND [OPTIONS] FILE|DIR\n\n"
		     "dnssim is a discrete-event simulator of DNS: name servers, resolvers,\n"
		     "Route 53 routing and clients, in virtual time.\n\ncommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(subcommands); i++) {
		fprintf(out, "  %-11s %s\n", subcommands[i].name, subcommands[i].summary);
	}
	fprintf(out, "\nshared options: --seed N, --out DIR, --set KEY=VALUE, --quiet, --force\n"
		     "'dnssim COMMAND --help' describes a command; 'dnssim --version' prints the "
		     "version.\nexit codes: 0 success, 1 expectations failed, 2 usage or input "
		     "error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("dnssim %s\n", DNSSIM_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(subcommands); i++) {
		if (strcmp(argv[1], subcommands[i].name) == 0) {
			return subcommands[i].fn(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "dnssim: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return CLI_EXIT_USAGE;
}
