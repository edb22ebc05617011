#include "plots/plot.h"

#include <glib/gstdio.h>
#include <string.h>

const char *plot_scripts_dir(void)
{
	const char *env = g_getenv("DNSSIM_PLOTS");
	return env != NULL && env[0] != '\0' ? env : DNSSIM_PLOTS_DIR;
}

/* A gnuplot single-quoted string: '' stands for one quote. */
static char *gp_quote(const char *s)
{
	GString *out = g_string_new("'");
	for (const char *c = s; *c != '\0'; c++) {
		if (*c == '\'') {
			g_string_append(out, "''");
		} else if (*c != '\n') {
			g_string_append_c(out, *c);
		}
	}
	g_string_append_c(out, '\'');
	return g_string_free(out, FALSE);
}

static gboolean draw_one(const char *script_path, const char *data_path, const char *out_path,
			 const char *term, const char *title, GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.tmp", out_path);
	g_autofree char *q_data = gp_quote(data_path);
	g_autofree char *q_out = gp_quote(tmp);
	g_autofree char *q_title = gp_quote(title);
	g_autofree char *q_term = gp_quote(term);
	g_autofree char *vars = g_strdup_printf("datafile=%s; outfile=%s; plottitle=%s; "
						"termtype=%s",
						q_data, q_out, q_title, q_term);
	const char *argv[] = { "gnuplot", "-e", vars, script_path, NULL };
	g_autofree char *err_text = NULL;
	int status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
			  &err_text, &status, error)) {
		return FALSE;
	}
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_unlink(tmp);
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "gnuplot failed on %s: %s",
			    script_path, err_text != NULL ? g_strstrip(err_text) : "");
		return FALSE;
	}
	if (g_rename(tmp, out_path) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot rename %s to %s", tmp,
			    out_path);
		g_unlink(tmp);
		return FALSE;
	}
	return TRUE;
}

gboolean plot_draw(const char *script, const char *data_path, const char *out_base,
		   const char *title, GError **error)
{
	g_autofree char *script_path = g_build_filename(plot_scripts_dir(), script, NULL);
	if (!g_file_test(script_path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "plot script %s not found (set DNSSIM_PLOTS to the plots/ folder)",
			    script_path);
		return FALSE;
	}
	g_autofree char *png = g_strdup_printf("%s.png", out_base);
	g_autofree char *svg = g_strdup_printf("%s.svg", out_base);
	return draw_one(script_path, data_path, png, "png", title, error) &&
	       draw_one(script_path, data_path, svg, "svg", title, error);
}
