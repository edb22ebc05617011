#pragma once
/*
 * The dnssim command: one function per subcommand, each in its own file. Every subcommand
 * takes the shared options (--seed, --out, --set, --quiet) and --help; exit codes are
 * 0 success, 1 expectations failed, 2 usage or input error.
 */

#include <glib.h>

#include "sim/scenario/parser.h"

enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_EXPECT_FAILED = 1,
	CLI_EXIT_USAGE = 2,
};

/* Options every subcommand shares. */
struct cli_common {
	char **sets;   /* --set KEY=VALUE, NULL-terminated */
	char *seed;    /* --seed */
	char *out_dir; /* --out */
	gboolean quiet;
	gboolean force;
	gboolean version;
};

/* Add the shared options to a context (they fill common). */
void cli_common_add(GOptionContext *ctx, struct cli_common *common);
void cli_common_clear(struct cli_common *common);

/* Parse argv with ctx; on failure print the error and a hint and return FALSE. */
gboolean cli_parse(GOptionContext *ctx, int *argc, char ***argv, const char *usage);

/* If --version was given, print the version and return TRUE (the command then exits 0). */
gboolean cli_version_requested(const struct cli_common *common);

/* Load the scenario named on the command line, printing every error. NULL on failure. */
struct scenario *cli_load(const char *path, const struct cli_common *common);

/* The FILE NAME [TYPE] arguments and --at TIME of trace and answer, checked and loaded. */
struct cli_name_query {
	struct scenario *sc; /* caller owns (scenario_free) */
	uint16_t qtype;	     /* TYPE, A by default */
	const char *type_text;
	int64_t at_ns; /* --at, 0 by default, within the scenario's duration */
};

/* Check argc/argv (after option parsing: argv[0] is the command) and at, load the scenario,
 * print what is wrong (prefixed "dnssim CMD: ") and return FALSE on any error. */
gboolean cli_name_query_load(const char *cmd, int argc, char **argv, const char *at,
			     const struct cli_common *common, struct cli_name_query *q);

/* An output folder for command cmd: created if absent; an existing, non-empty one is refused
 * (message on stderr, FALSE) unless force. */
gboolean cli_out_dir_prepare(const char *cmd, const char *dir, gboolean force);

/* The default output folder of a scenario: out/BASENAME (without .dnssim) then suffix. Caller
 * owns. */
char *cli_default_out_dir(const char *path, const char *suffix);

int cli_check(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_replay(int argc, char **argv);
int cli_trace(int argc, char **argv);
int cli_answer(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_plot(int argc, char **argv);
int cli_draw(int argc, char **argv);
int cli_propagation(int argc, char **argv);
int cli_sweep(int argc, char **argv);
