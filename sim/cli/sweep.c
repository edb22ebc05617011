/*
 * dnssim sweep FILE --vary KEY=V1,V2,...: run a grid of variants of a scenario, each point
 * several times, on worker processes; write sweep.csv, sweep-points.csv and the figures
 * (sim/sweep/sweep.h, docs/sweeps.md).
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "authoritative/route53/pricing.h"
#include "sim/cli/cli.h"
#include "sim/metrics.h"
#include "sim/scenario/value.h"
#include "sim/sweep/sweep.h"

static void progress(guint done, guint total, void *data)
{
	(void)data;
	fprintf(stderr, "\rdnssim sweep: %u of %u runs done", done, total);
	if (done == total) {
		fputc('\n', stderr);
	}
	fflush(stderr);
}

/* Remove the work folder and whatever a failed run left in it. */
static void remove_work_dir(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (d != NULL) {
		const char *name;
		while ((name = g_dir_read_name(d)) != NULL) {
			g_autofree char *path = g_build_filename(dir, name, NULL);
			g_unlink(path);
		}
		g_dir_close(d);
	}
	g_rmdir(dir);
}

static void print_stat(const sweep_results *res, guint p, const char *name,
		       enum scenario_metric_unit unit, int width)
{
	double mean, min, max;
	if (!sweep_point_stats(res, p, name, &mean, &min, &max)) {
		printf("  %-*s", width, "-");
		return;
	}
	g_autofree char *a = metrics_format(mean, unit);
	g_autofree char *b = metrics_format(min, unit);
	g_autofree char *c = metrics_format(max, unit);
	g_autofree char *s = g_strdup_printf("%s [%s, %s]", a, b, c);
	printf("  %-*s", width, s);
}

/* The table on stdout: per point, its values and the means [min, max] of the key metrics. */
static void print_table(const sweep_results *res, const struct sweep_plan *plan)
{
	guint *idx = g_new0(guint, plan->axes->len);
	printf("%-5s", "point");
	for (guint a = 0; a < plan->axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
		printf("  %s", axis->key);
	}
	printf("  %-34s  %-34s  %s\n", "recovery.p95 mean [min, max]", "requests.success",
	       "cost.month_usd");
	for (guint p = 0; p < sweep_grid_size(plan->axes); p++) {
		sweep_grid_point(plan->axes, p, idx);
		printf("%-5u", p + 1);
		for (guint a = 0; a < plan->axes->len; a++) {
			const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
			printf("  %-*s", (int)strlen(axis->key), axis->values[idx[a]]);
		}
		print_stat(res, p, "recovery.p95", SCENARIO_UNIT_SECONDS, 34);
		print_stat(res, p, "requests.success", SCENARIO_UNIT_RATIO, 34);
		print_stat(res, p, "cost.month_usd", SCENARIO_UNIT_USD, 0);
		printf("\n");
	}
	g_free(idx);
}

int cli_sweep(int argc, char **argv)
{
	struct cli_common common = { 0 };
	char **vary = NULL;
	int replicas = 3;
	int jobs = 0;
	gboolean no_plots = FALSE;
	GOptionEntry entries[] = {
		{ "vary", 0, 0, G_OPTION_ARG_STRING_ARRAY, &vary,
		  "A parameter and its values (repeatable: the grid is every combination); KEY is "
		  "a --set key",
		  "KEY=V1,V2,..." },
		{ "replicas", 0, 0, G_OPTION_ARG_INT, &replicas,
		  "Runs of each point, with different seeds (default 3)", "N" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
		  "Worker processes (default: the online processors)", "J" },
		{ "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Write data only, no figures",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("FILE --vary KEY=V1,V2,... - run a grid of scenario variants");
	g_option_context_set_summary(
	    ctx,
	    "Runs FILE at every combination of the --vary values (the grid), each point\n"
	    "--replicas times with seeds derived from the scenario's seed (or --seed), on\n"
	    "--jobs worker processes, and writes into the output folder sweep.csv (one row per\n"
	    "run), sweep-points.csv (mean, min and max per point) and the figures\n"
	    "sweep-recovery, sweep-cost and sweep-tradeoff (.png and .svg). See docs/sweeps.md.\n"
	    "Exit codes: 0 success, 2 usage or input error, or a run that failed.");
	cli_common_add(ctx, &common);
	g_option_context_add_main_entries(ctx, entries, NULL);
	const char *usage = "dnssim sweep [OPTIONS] FILE --vary KEY=V1,V2,...";
	int rc = CLI_EXIT_USAGE;
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	g_autofree char *out_dir = NULL;
	g_autofree char *work_dir = NULL;
	sweep_results *res = NULL;
	uint64_t seed = 0;
	struct sweep_plan plan = { 0 };
	GString *errors = g_string_new(NULL);
	GError *err = NULL;

	if (!cli_parse(ctx, &argc, &argv, usage)) {
		goto out;
	}
	if (cli_version_requested(&common)) {
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (argc != 2) {
		fprintf(stderr,
			"dnssim sweep: expected one scenario file\nusage: %s (try --help)\n",
			usage);
		goto out;
	}
	if (vary == NULL || vary[0] == NULL) {
		fprintf(stderr, "dnssim sweep: nothing to vary; expected at least one --vary "
				"KEY=V1,V2,...\n");
		goto out;
	}
	if (replicas < 1 || replicas > 100000) {
		fprintf(stderr, "dnssim sweep: bad --replicas %d; expected 1 to 100000\n",
			replicas);
		goto out;
	}
	if (jobs < 0 || jobs > 4096) {
		fprintf(stderr, "dnssim sweep: bad --jobs %d; expected 1 to 4096\n", jobs);
		goto out;
	}
	if (jobs == 0) {
		jobs = (int)g_get_num_processors();
	}
	for (int i = 0; vary[i] != NULL; i++) {
		struct sweep_axis *axis = sweep_axis_parse(vary[i], i + 1, &err);
		if (axis == NULL) {
			fprintf(stderr, "%s\n", err->message);
			goto out;
		}
		for (guint a = 0; a < axes->len; a++) {
			const struct sweep_axis *other = g_ptr_array_index(axes, a);
			if (strcmp(other->key, axis->key) == 0) {
				fprintf(stderr,
					"--vary:%d:1: error: '%s' is varied twice (also by --vary "
					"%d); expected each key once\n",
					i + 1, axis->key, other->index);
				sweep_axis_free(axis);
				goto out;
			}
		}
		g_ptr_array_add(axes, axis);
	}
	if (common.seed != NULL) {
		int64_t v;
		const char *why;
		if (!scenario_parse_int(common.seed, &v, &why) || v < 0) {
			fprintf(stderr,
				"dnssim: bad --seed '%s'; expected a non-negative integer\n",
				common.seed);
			goto out;
		}
		seed = (uint64_t)v;
	}
	plan.path = argv[1];
	plan.sets = (const char *const *)common.sets;
	plan.axes = axes;
	plan.replicas = (guint)replicas;
	plan.seed = common.seed != NULL ? &seed : NULL;
	res = sweep_prepare(&plan, errors);
	if (res == NULL) {
		fputs(errors->str, stderr);
		goto out;
	}
	out_dir =
	    common.out_dir ? g_strdup(common.out_dir) : cli_default_out_dir(argv[1], "-sweep");
	if (!cli_out_dir_prepare("sweep", out_dir, common.force)) {
		goto out;
	}
	work_dir = g_dir_make_tmp("dnssim-sweep-XXXXXX", &err);
	if (work_dir == NULL) {
		fprintf(stderr, "dnssim sweep: cannot create a work folder: %s\n", err->message);
		goto out;
	}
	gboolean tty = !common.quiet && isatty(STDERR_FILENO);
	if (!sweep_run(res, &plan, (guint)jobs, work_dir, tty ? progress : NULL, NULL, &err)) {
		fprintf(stderr, "dnssim sweep: %s\n", err->message);
		goto out;
	}
	if (!sweep_write(res, &plan, out_dir, &err)) {
		fprintf(stderr, "dnssim sweep: cannot write outputs: %s\n", err->message);
		goto out;
	}
	if (!no_plots && !sweep_draw(res, &plan, out_dir, &err)) {
		fprintf(stderr, "dnssim sweep: warning: no figures: %s\n", err->message);
		g_clear_error(&err);
	}
	rc = CLI_EXIT_OK;
	if (!common.quiet) {
		printf("dnssim %s  sweep of \"%s\" (%s)  %u point%s x %d replica%s\n\n",
		       DNSSIM_VERSION, sweep_results_title(res), argv[1], sweep_grid_size(axes),
		       sweep_grid_size(axes) == 1 ? "" : "s", replicas, replicas == 1 ? "" : "s");
		print_table(res, &plan);
		printf("\nRoute 53 prices as of %s; outputs in %s/\n", AUTH_R53_PRICES_AS_OF,
		       out_dir);
	}
out:
	g_clear_error(&err);
	g_string_free(errors, TRUE);
	if (work_dir != NULL) {
		remove_work_dir(work_dir);
	}
	sweep_results_free(res);
	g_ptr_array_unref(axes);
	g_strfreev(vary);
	cli_common_clear(&common);
	return rc;
}
