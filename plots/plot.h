#pragma once
/*
 * The driver that feeds the gnuplot scripts of this folder: data file in, PNG and SVG out.
 * The plotting logic lives in the .gp scripts; this file only runs gnuplot with the file names
 * and the title, and renames each figure into place when it is complete.
 */

#include <glib.h>

/* Folder holding the .gp scripts: $DNSSIM_PLOTS if set, else the source tree's plots/. */
const char *plot_scripts_dir(void);

/*
 * Draw script (a file name in plot_scripts_dir()) from data_path into out_base.png and
 * out_base.svg, with title as the figure's title. FALSE with error if gnuplot is missing or
 * fails; nothing half-written is left at the final names.
 */
gboolean plot_draw(const char *script, const char *data_path, const char *out_base,
		   const char *title, GError **error);
