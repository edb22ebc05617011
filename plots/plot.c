#include "plots/plot.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* What a figure needs in the data: a file, or a column of timeseries.csv. */
enum need {
	NEED_STATE_COLUMN, /* a column NAME.serving, NAME.up or NAME.healthy */
	NEED_BACKEND_REQUESTS,
	NEED_REQUESTS_OK,
	NEED_RECOVERY_FILE,
	NEED_SERVER_QUERIES,
	NEED_RESOLVER_QUERIES,
};

static const struct {
	struct plot_figure fig;
	enum need need;
} figures[] = {
	{ { "availability.gp", "availability", "availability" }, NEED_STATE_COLUMN },
	{ { "share.gp", "share", "share of requests per backend" }, NEED_BACKEND_REQUESTS },
	{ { "success.gp", "success", "request outcomes" }, NEED_REQUESTS_OK },
	{ { "recovery.gp", "recovery", "client recovery time after a failure" },
	  NEED_RECOVERY_FILE },
	{ { "queries.gp", "queries", "queries reaching the name servers" }, NEED_SERVER_QUERIES },
	{ { "cache.gp", "cache", "resolver cache hit ratio" }, NEED_RESOLVER_QUERIES },
};

const char *plot_scripts_dir(void)
{
	const char *env = g_getenv("DNSSIM_PLOTS");
	return env != NULL && env[0] != '\0' ? env : DNSSIM_PLOTS_DIR;
}

const struct plot_figure *plot_figures(guint *n_out)
{
	static struct plot_figure list[G_N_ELEMENTS(figures)];
	for (size_t i = 0; i < G_N_ELEMENTS(figures); i++) {
		list[i] = figures[i].fig;
	}
	*n_out = G_N_ELEMENTS(figures);
	return list;
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

/* Run script_path with data_var (datadir: a run's folder; datafile: one file) set to data, into
 * out_path through a temporary file renamed into place. */
static gboolean draw_one(const char *script_path, const char *data_var, const char *data,
			 const char *out_path, const char *term, const char *title, GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.tmp", out_path);
	g_autofree char *q_dir = gp_quote(data);
	g_autofree char *q_out = gp_quote(tmp);
	g_autofree char *q_title = gp_quote(title);
	g_autofree char *q_term = gp_quote(term);
	g_autofree char *q_plots = gp_quote(plot_scripts_dir());
	g_autofree char *vars =
	    g_strdup_printf("%s=%s; outfile=%s; plottitle=%s; termtype=%s; plotsdir=%s", data_var,
			    q_dir, q_out, q_title, q_term, q_plots);
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
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot rename %s to %s: %s", tmp, out_path, g_strerror(errno));
		g_unlink(tmp);
		return FALSE;
	}
	return TRUE;
}

/* The scenario's name, from summary.json in dir. */
static char *scenario_name(const char *dir, GError **error)
{
	g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) err = NULL;
	if (!json_parser_load_from_file(parser, path, &err)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, err->message);
		return NULL;
	}
	JsonNode *root = json_parser_get_root(parser);
	JsonObject *obj =
	    root != NULL && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	JsonNode *name = obj != NULL ? json_object_get_member(obj, "scenario") : NULL;
	if (name == NULL || json_node_get_value_type(name) != G_TYPE_STRING) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "%s: no \"scenario\" string (not written by dnssim run?)", path);
		return NULL;
	}
	return g_strdup(json_node_get_string(name));
}

/* The column names of a dnssim CSV file: its first line that is not a # comment. */
static char **csv_columns(const char *path, GError **error)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot read: %s",
			    path, g_strerror(e));
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	char **cols = NULL;
	while (getline(&line, &cap, f) >= 0) {
		if (line[0] != '#') {
			g_strchomp(line);
			cols = g_strsplit(line, ",", -1);
			break;
		}
	}
	free(line);
	fclose(f);
	if (cols == NULL || cols[0] == NULL || strcmp(cols[0], "time_s") != 0) {
		g_strfreev(cols);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "%s:1:1: no header line starting with time_s (not written by dnssim "
			    "run?)",
			    path);
		return NULL;
	}
	return cols;
}

static gboolean has_column(char **cols, const char *prefix, const char *suffix)
{
	for (guint i = 1; cols[i] != NULL; i++) {
		if (g_str_has_prefix(cols[i], prefix) && g_str_has_suffix(cols[i], suffix) &&
		    strlen(cols[i]) > strlen(prefix) + strlen(suffix)) {
			return TRUE;
		}
	}
	return FALSE;
}

static gboolean supported(enum need need, char **cols, const char *data_dir)
{
	switch (need) {
	case NEED_STATE_COLUMN:
		return has_column(cols, "", ".serving") || has_column(cols, "", ".up") ||
		       has_column(cols, "", ".healthy");
	case NEED_BACKEND_REQUESTS:
		return has_column(cols, "backend.", ".requests");
	case NEED_REQUESTS_OK:
		return g_strv_contains((const char *const *)cols, "requests.ok");
	case NEED_RECOVERY_FILE: {
		g_autofree char *path = g_build_filename(data_dir, "recovery.csv", NULL);
		return g_file_test(path, G_FILE_TEST_EXISTS);
	}
	case NEED_SERVER_QUERIES:
		return has_column(cols, "server.", ".queries");
	case NEED_RESOLVER_QUERIES:
		return has_column(cols, "resolver.", ".queries");
	}
	return FALSE;
}

/* The data files every figure reads must be there and readable. */
static gboolean check_inputs(const char *data_dir, GError **error)
{
	if (!g_file_test(data_dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such folder",
			    data_dir);
		return FALSE;
	}
	/* the scripts quote file names for the shell with '...' */
	if (strchr(data_dir, '\'') != NULL) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "%s: a folder name with a ' cannot be handed to the plot scripts",
			    data_dir);
		return FALSE;
	}
	static const char *const inputs[] = { "events.csv", "recovery.csv" };
	for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
		g_autofree char *path = g_build_filename(data_dir, inputs[i], NULL);
		if (i > 0 && !g_file_test(path, G_FILE_TEST_EXISTS)) {
			continue; /* recovery.csv: only after a failure */
		}
		if (g_access(path, R_OK) != 0) {
			int e = errno;
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
				    "%s: cannot read: %s", path, g_strerror(e));
			return FALSE;
		}
	}
	return TRUE;
}

gboolean plot_run_figures(const char *data_dir, const char *out_dir, gboolean tables,
			  GPtrArray *drawn, GError **error)
{
	if (!check_inputs(data_dir, error)) {
		return FALSE;
	}
	g_autofree char *title_base = scenario_name(data_dir, error);
	if (title_base == NULL) {
		return FALSE;
	}
	g_autofree char *ts = g_build_filename(data_dir, "timeseries.csv", NULL);
	g_auto(GStrv) cols = csv_columns(ts, error);
	if (cols == NULL) {
		return FALSE;
	}
	GString *failures = g_string_new(NULL);
	static const char *const terms[] = { "png", "svg", "table" };
	for (size_t i = 0; i < G_N_ELEMENTS(figures); i++) {
		const struct plot_figure *fig = &figures[i].fig;
		if (!supported(figures[i].need, cols, data_dir)) {
			continue;
		}
		g_autofree char *script = g_build_filename(plot_scripts_dir(), fig->script, NULL);
		if (!g_file_test(script, G_FILE_TEST_IS_REGULAR)) {
			g_string_free(failures, TRUE);
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
				    "plot script %s not found (set DNSSIM_PLOTS to the plots/ "
				    "folder)",
				    script);
			return FALSE;
		}
		g_autofree char *title = g_strdup_printf("%s: %s", title_base, fig->what);
		gboolean ok = TRUE;
		for (size_t t = 0; t < G_N_ELEMENTS(terms) && ok; t++) {
			if (t == 2 && !tables) {
				break;
			}
			g_autofree char *out = g_strdup_printf("%s/%s.%s", out_dir, fig->name,
							       t == 2 ? "dat" : terms[t]);
			g_autoptr(GError) err = NULL;
			ok = draw_one(script, "datadir", data_dir, out, terms[t], title, &err);
			if (!ok) {
				g_string_append_printf(failures, "%s%s: %s",
						       failures->len > 0 ? "; " : "", fig->name,
						       err->message);
			}
		}
		if (ok && drawn != NULL) {
			g_ptr_array_add(drawn, (char *)fig->name);
		}
	}
	if (failures->len > 0) {
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s", failures->str);
		g_string_free(failures, TRUE);
		return FALSE;
	}
	g_string_free(failures, TRUE);
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
	return draw_one(script_path, "datafile", data_path, png, "png", title, error) &&
	       draw_one(script_path, "datafile", data_path, svg, "svg", title, error);
}
