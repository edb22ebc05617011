/* dnssim run FILE: run a scenario over its timeline; write metrics, figures and expectations. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "plots/plot.h"
#include "sim/cli/cli.h"
#include "sim/cli/progress.h"
#include "sim/metrics.h"
#include "sim/report/report.h"
#include "sim/world/world.h"

/* Steps of the progress bar over a run (each a slice of virtual time). */
#define PROGRESS_SLICES 500

int cli_run(int argc, char **argv)
{
	struct cli_common common = { 0 };
	gboolean no_plots = FALSE;
	gboolean tables = FALSE;
	gboolean report_html = FALSE;
	GOptionEntry entries[] = {
		{ "report", 0, 0, G_OPTION_ARG_NONE, &report_html,
		  "Also write report.html: one self-contained page with the figures", NULL },
		{ "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Write data only, no figures",
		  NULL },
		{ "figure-data", 0, 0, G_OPTION_ARG_NONE, &tables,
		  "Also write the points each figure draws as NAME.dat (text)", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("FILE - run a scenario");
	g_option_context_set_summary(
	    ctx,
	    "Runs FILE over its timeline in virtual time and writes, into the output "
	    "folder,\ntimeseries.csv, events.csv, summary.json and the figures (PNG and SVG; see\n"
	    "docs/design/plots.md; 'dnssim plot DIR' redraws them), and report.html with\n"
	    "--report.\n"
	    "Prints the metrics and the result of each expect line; on a terminal, a progress\n"
	    "bar on stderr (not with --quiet).\n"
	    "Exit codes: 0 success, 1 an expectation failed, 2 usage or input error.");
	cli_common_add(ctx, &common);
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!cli_parse(ctx, &argc, &argv, "dnssim run [OPTIONS] FILE")) {
		cli_common_clear(&common);
		return CLI_EXIT_USAGE;
	}
	if (cli_version_requested(&common)) {
		cli_common_clear(&common);
		return CLI_EXIT_OK;
	}
	if (argc != 2) {
		fprintf(stderr, "dnssim run: expected one scenario file\nusage: dnssim run "
				"[OPTIONS] FILE (try --help)\n");
		cli_common_clear(&common);
		return CLI_EXIT_USAGE;
	}
	struct scenario *sc = cli_load(argv[1], &common);
	if (sc == NULL) {
		cli_common_clear(&common);
		return CLI_EXIT_USAGE;
	}
	g_autofree char *out_dir =
	    common.out_dir ? g_strdup(common.out_dir) : cli_default_out_dir(argv[1], "");
	if (!cli_out_dir_prepare("run", out_dir, common.force)) {
		scenario_free(sc);
		cli_common_clear(&common);
		return CLI_EXIT_USAGE;
	}

	world *w = world_new(sc);
	cli_progress *progress = common.quiet ? NULL : cli_progress_new(stderr, sc->duration_ns);
	if (progress == NULL) {
		world_run(w);
	} else {
		/* in slices of virtual time, the last by world_run(): the same events fire as in
		 * one world_run() */
		for (int64_t k = 1; k < PROGRESS_SLICES; k++) {
			int64_t until = sc->duration_ns / PROGRESS_SLICES * k;
			world_run_until(w, until);
			cli_progress_update(progress, until);
		}
		world_run(w);
		cli_progress_update(progress, sc->duration_ns);
		cli_progress_free(progress);
	}
	metrics *m = metrics_compute(sc, w);
	GArray *results = NULL;
	guint failed = metrics_expect_eval(m, sc, &results);

	int rc = failed > 0 ? CLI_EXIT_EXPECT_FAILED : CLI_EXIT_OK;
	g_autoptr(GError) err = NULL;
	if (!metrics_write(m, sc, w, results, out_dir, &err)) {
		fprintf(stderr, "dnssim run: cannot write outputs: %s\n", err->message);
		rc = CLI_EXIT_USAGE;
	}
	const struct scenario_stmt *report = scenario_find(sc, SCENARIO_KIND_REPORT, NULL);
	const struct scenario_attr *plots = report ? scenario_stmt_attr(report, "plots") : NULL;
	if (plots != NULL && plots->i == 0) {
		no_plots = TRUE; /* report plots=no */
	}
	if (rc != CLI_EXIT_USAGE && !no_plots) {
		g_autoptr(GError) perr = NULL;
		if (!plot_run_figures(out_dir, out_dir, tables, NULL, &perr)) {
			fprintf(stderr, "dnssim run: warning: figures: %s\n", perr->message);
		}
	}
	if (rc != CLI_EXIT_USAGE && report_html) {
		g_autoptr(GError) rerr = NULL;
		if (!report_write(sc, w, m, results, out_dir, &rerr)) {
			fprintf(stderr, "dnssim run: cannot write report.html: %s\n",
				rerr->message);
			rc = CLI_EXIT_USAGE;
		}
	}
	if (!common.quiet) {
		printf("dnssim %s  scenario \"%s\"  seed %" G_GUINT64_FORMAT "\n\n", DNSSIM_VERSION,
		       sc->title, sc->seed);
		metrics_print(m, sc, results, stdout);
		const struct metrics_value *run_usd = metrics_get(m, "cost.scenario_usd");
		const struct metrics_value *month_usd = metrics_get(m, "cost.month_usd");
		if (run_usd != NULL && month_usd != NULL) {
			printf("\nRoute 53 cost (prices as of %s): $%.6f for this run, $%.2f for a "
			       "30-day month at its rate\n",
			       AUTH_R53_PRICES_AS_OF, run_usd->value, month_usd->value);
		}
		printf("\noutputs in %s/\n", out_dir);
	}
	if (failed > 0) {
		fprintf(stderr, "dnssim run: %u of %u expectation%s failed\n", failed, results->len,
			results->len == 1 ? "" : "s");
	}
	g_array_free(results, TRUE);
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
	cli_common_clear(&common);
	return rc;
}
