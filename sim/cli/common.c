#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/scenario/value.h"

void cli_common_add(GOptionContext *ctx, struct cli_common *common)
{
	GOptionEntry entries[] = {
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &common->sets,
		  "Override a scenario parameter (repeatable); see docs/scenario-language.md",
		  "KEY=VALUE" },
		{ "seed", 0, 0, G_OPTION_ARG_STRING, &common->seed, "Replace the scenario's seed",
		  "N" },
		{ "out", 0, 0, G_OPTION_ARG_FILENAME, &common->out_dir,
		  "Output folder (default out/NAME)", "DIR" },
		{ "force", 0, 0, G_OPTION_ARG_NONE, &common->force,
		  "Replace the files of an existing output folder", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &common->quiet, "Print errors only", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &common->version,
		  "Print the version and exit", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_option_context_add_main_entries(ctx, entries, NULL);
}

void cli_common_clear(struct cli_common *common)
{
	g_strfreev(common->sets);
	g_free(common->seed);
	g_free(common->out_dir);
	memset(common, 0, sizeof(*common));
}

gboolean cli_parse(GOptionContext *ctx, int *argc, char ***argv, const char *usage)
{
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "dnssim: %s\nusage: %s (try --help)\n", err->message, usage);
		return FALSE;
	}
	return TRUE;
}

struct scenario *cli_load(const char *path, const struct cli_common *common)
{
	g_autoptr(scenario_diags) diags = scenario_diags_new();
	uint64_t seed = 0;
	if (common->seed != NULL) {
		int64_t v;
		const char *why;
		if (!scenario_parse_int(common->seed, &v, &why) || v < 0) {
			fprintf(stderr,
				"dnssim: bad --seed '%s'; expected a non-negative integer\n",
				common->seed);
			return NULL;
		}
		seed = (uint64_t)v;
	}
	struct scenario *sc = scenario_load(path, (const char *const *)common->sets,
					    common->seed != NULL ? &seed : NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
	}
	return sc;
}

gboolean cli_version_requested(const struct cli_common *common)
{
	if (common->version) {
		printf("dnssim %s\n", DNSSIM_VERSION);
	}
	return common->version;
}

gboolean cli_name_query_load(const char *cmd, int argc, char **argv, const char *at,
			     const struct cli_common *common, struct cli_name_query *q)
{
	memset(q, 0, sizeof(*q));
	if (argc < 3 || argc > 4) {
		fprintf(stderr,
			"dnssim %s: expected FILE NAME [TYPE]\nusage: dnssim %s [OPTIONS] "
			"FILE NAME [TYPE] (try --help)\n",
			cmd, cmd);
		return FALSE;
	}
	q->type_text = argc == 4 ? argv[3] : "A";
	q->qtype = ldns_get_rr_type_by_name(q->type_text);
	if (q->qtype == 0) {
		fprintf(stderr,
			"dnssim %s: unknown record type '%s'; expected A, AAAA, MX, TXT...\n", cmd,
			q->type_text);
		return FALSE;
	}
	const char *why = NULL;
	if (at != NULL && !scenario_parse_duration(at, &q->at_ns, &why)) {
		fprintf(stderr, "dnssim %s: bad --at '%s': %s\n", cmd, at, why);
		return FALSE;
	}
	q->sc = cli_load(argv[1], common);
	if (q->sc == NULL) {
		return FALSE;
	}
	if (q->at_ns > q->sc->duration_ns) {
		fprintf(stderr, "dnssim %s: --at %s is after the end of the scenario\n", cmd, at);
		scenario_free(q->sc);
		q->sc = NULL;
		return FALSE;
	}
	return TRUE;
}

gboolean cli_out_dir_prepare(const char *cmd, const char *dir, gboolean force)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (d != NULL) {
		gboolean empty = g_dir_read_name(d) == NULL;
		g_dir_close(d);
		if (!empty && !force) {
			fprintf(stderr,
				"dnssim %s: output folder '%s' exists and is not empty; "
				"use --force to replace its files or --out DIR for another\n",
				cmd, dir);
			return FALSE;
		}
		return TRUE;
	}
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		fprintf(stderr, "dnssim %s: cannot create output folder '%s': %s\n", cmd, dir,
			g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

char *cli_default_out_dir(const char *path, const char *suffix)
{
	g_autofree char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".dnssim")) {
		base[strlen(base) - strlen(".dnssim")] = '\0';
	}
	g_autofree char *name = g_strconcat(base, suffix, NULL);
	return g_build_filename("out", name, NULL);
}
