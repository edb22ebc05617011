/*
 * Rendering with Graphviz (sim/draw/tree.h): the dot text goes through a temporary folder to
 * `dot -T<format> -o FILE`, whose warnings count as failures, so that a drawing either is
 * complete or is not written.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "sim/draw/tree.h"

gboolean draw_render(const char *dot_text, const char *format, const char *out_path, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("dnssim-draw-XXXXXX", &err);
	if (dir == NULL) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_GRAPHVIZ, "%s", err->message);
		return FALSE;
	}
	g_autofree char *in = g_build_filename(dir, "tree.dot", NULL);
	g_autofree char *tmp_out = g_strdup_printf("%s.tmp", out_path);
	g_autofree char *type = g_strdup_printf("-T%s", format);
	gboolean ok = FALSE;
	g_autofree char *err_text = NULL;
	int status = 0;
	if (!g_file_set_contents(in, dot_text, -1, &err)) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_GRAPHVIZ, "%s", err->message);
		goto out;
	}
	const char *argv[] = { "dot", type, "-o", tmp_out, in, NULL };
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
			  &err_text, &status, &err)) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_GRAPHVIZ,
			    "cannot run Graphviz's dot (Debian package graphviz; make deps "
			    "installs it): %s",
			    err->message);
		goto out;
	}
	if (!g_spawn_check_wait_status(status, NULL) ||
	    (err_text != NULL && g_strstrip(err_text)[0] != '\0')) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_GRAPHVIZ, "dot -T%s failed: %s", format,
			    err_text != NULL ? err_text : "");
		g_unlink(tmp_out);
		goto out;
	}
	if (g_rename(tmp_out, out_path) != 0) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_GRAPHVIZ, "cannot rename %s to %s",
			    tmp_out, out_path);
		g_unlink(tmp_out);
		goto out;
	}
	ok = TRUE;
out:
	g_unlink(in);
	g_rmdir(dir);
	return ok;
}

gboolean draw_tree_svg(const struct scenario *sc, const char *name, int64_t at_ns, GString *out,
		       GError **error)
{
	world *w = world_new(sc);
	world_run_until(w, at_ns);
	struct draw_options options = { .name = name, .timed = true };
	draw_tree *tree = draw_tree_new(sc, w, &options, error);
	gboolean ok = FALSE;
	if (tree != NULL && tree->roots->len == 0) {
		/* as documented: nothing to draw is an error, not an empty picture */
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_NAME,
			    "the scenario has no Route 53 record set with a routing decision");
		draw_tree_free(tree);
	} else if (tree != NULL) {
		tree->at_ns = at_ns;
		GString *dot = g_string_new(NULL);
		draw_dot(tree, dot);
		g_autoptr(GError) err = NULL;
		g_autofree char *dir = g_dir_make_tmp("dnssim-svg-XXXXXX", &err);
		if (dir == NULL) {
			g_set_error(error, DRAW_ERROR, DRAW_ERROR_GRAPHVIZ, "%s", err->message);
		} else {
			g_autofree char *path = g_build_filename(dir, "tree.svg", NULL);
			g_autofree char *svg = NULL;
			gsize len = 0;
			if (draw_render(dot->str, "svg", path, error) &&
			    g_file_get_contents(path, &svg, &len, NULL)) {
				g_string_append_len(out, svg, (gssize)len);
				ok = TRUE;
			}
			g_unlink(path);
			g_rmdir(dir);
		}
		g_string_free(dot, TRUE);
		draw_tree_free(tree);
	}
	world_free(w);
	return ok;
}
