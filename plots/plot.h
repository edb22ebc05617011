#pragma once
/*
 * The driver that feeds the gnuplot scripts of this folder: a run's data files in (the output
 * folder of `dnssim run`: summary.json, timeseries.csv, events.csv, recovery.csv), PNG and SVG
 * figures out. The plotting logic lives in the .gp scripts; this file only decides which
 * figures the data supports, runs gnuplot with the file names, the title and the terminal,
 * and renames each figure into place when it is complete. `dnssim run` and `dnssim plot` both
 * draw through plot_run_figures().
 */

#include <glib.h>

/* Folder holding the .gp scripts: $DNSSIM_PLOTS if set, else the source tree's plots/. */
const char *plot_scripts_dir(void);

/* One figure: its script, the base name of its files and what its title says. */
struct plot_figure {
	const char *script; /* e.g. "share.gp" */
	const char *name;   /* e.g. "share": share.png, share.svg, share.dat */
	const char *what;   /* e.g. "share of requests per backend" */
};

/* Every figure, in drawing order (n_out: how many). Static storage. */
const struct plot_figure *plot_figures(guint *n_out);

/*
 * Draw every figure that the data in data_dir supports into out_dir (which must exist), as
 * NAME.png and NAME.svg, and also as NAME.dat (the points plotted, gnuplot's table) when
 * tables is TRUE. The title is "SCENARIO: what", SCENARIO from summary.json. drawn (may be
 * NULL) receives the names of the figures drawn (static strings).
 * A missing or unreadable data file fails at once with an error naming it; a figure gnuplot
 * could not draw does not stop the others, and the error then lists each failure. Nothing
 * half-written is left at a figure's final name.
 */
gboolean plot_run_figures(const char *data_dir, const char *out_dir, gboolean tables,
			  GPtrArray *drawn, GError **error);

/*
 * Draw one script (a file name in plot_scripts_dir()) from one data file into out_base.png and
 * out_base.svg, with title; the script sees datafile, outfile, plottitle, termtype, plotsdir.
 * For figures outside a run's set (propagation, sweeps). FALSE with error if gnuplot is missing
 * or fails; nothing half-written is left at the final names.
 */
gboolean plot_draw(const char *script, const char *data_path, const char *out_base,
		   const char *title, GError **error);
