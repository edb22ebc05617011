/* dnssim plot DIR: redraw the figures of a run from its data files (plots/plot.h). */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "plots/plot.h"
#include "sim/cli/cli.h"

int cli_plot(int argc, char **argv)
{
	char *out_dir = NULL;
	gboolean tables = FALSE;
	gboolean quiet = FALSE;
	gboolean version = FALSE;
	GOptionEntry entries[] = {
		{ "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
		  "Write the figures into DIR (default: the data folder)", "DIR" },
		{ "figure-data", 0, 0, G_OPTION_ARG_NONE, &tables,
		  "Also write the points each figure draws as NAME.dat (text)", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print errors only", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("DIR - redraw a run's figures");
	g_option_context_set_summary(
	    ctx, "Redraws, as PNG and SVG, every figure that the data files of DIR (the output "
		 "folder\nof 'dnssim run': summary.json, timeseries.csv, events.csv, and "
		 "recovery.csv\nafter a failure) support; see docs/design/plots.md.\n"
		 "Exit codes: 0 success, 2 usage or input error (a missing file is named).");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int rc = CLI_EXIT_OK;
	if (!cli_parse(ctx, &argc, &argv, "dnssim plot [OPTIONS] DIR")) {
		rc = CLI_EXIT_USAGE;
	} else if (version) {
		printf("dnssim %s\n", DNSSIM_VERSION);
	} else if (argc != 2) {
		fprintf(stderr, "dnssim plot: expected one folder (the output of dnssim run)\n"
				"usage: dnssim plot [OPTIONS] DIR (try --help)\n");
		rc = CLI_EXIT_USAGE;
	} else {
		const char *dest = out_dir != NULL ? out_dir : argv[1];
		g_autoptr(GPtrArray) drawn = g_ptr_array_new();
		g_autoptr(GError) err = NULL;
		if (!g_file_test(argv[1], G_FILE_TEST_IS_DIR)) {
			fprintf(stderr, "dnssim plot: %s: no such folder\n", argv[1]);
			rc = CLI_EXIT_USAGE;
		} else if (g_mkdir_with_parents(dest, 0755) != 0) {
			fprintf(stderr, "dnssim plot: cannot create output folder '%s': %s\n", dest,
				g_strerror(errno));
			rc = CLI_EXIT_USAGE;
		} else if (!plot_run_figures(argv[1], dest, tables, drawn, &err)) {
			fprintf(stderr, "dnssim plot: %s\n", err->message);
			rc = CLI_EXIT_USAGE;
		} else if (!quiet) {
			for (guint i = 0; i < drawn->len; i++) {
				printf("%s/%s.png  %s/%s.svg\n", dest,
				       (char *)g_ptr_array_index(drawn, i), dest,
				       (char *)g_ptr_array_index(drawn, i));
			}
		}
	}
	g_free(out_dir);
	return rc;
}
