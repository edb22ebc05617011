/*
 * The decision tree as indented text (sim/draw/tree.h): one node a line, two spaces a level,
 * "*" in front of the nodes on the highlighted path, "-" otherwise; the edge from the parent in
 * parentheses; health in brackets when the tree is timed; a node's further lines below it.
 */
#include "sim/draw/tree.h"
#include "sim/scenario/value.h"

static void indent(GString *out, guint depth)
{
	for (guint i = 0; i < depth; i++) {
		g_string_append(out, "  ");
	}
}

static void node_text(const struct draw_node *n, guint depth, GString *out)
{
	indent(out, depth);
	g_string_append(out, n->on_path ? "* " : "- ");
	if (n->edge != NULL) {
		g_string_append_printf(out, "(%s) ", n->edge);
	}
	g_string_append(out, n->label);
	if (n->health == DRAW_HEALTH_HEALTHY) {
		g_string_append(out, " [healthy]");
	} else if (n->health == DRAW_HEALTH_UNHEALTHY) {
		g_string_append(out, " [UNHEALTHY]");
	}
	g_string_append_c(out, '\n');
	for (guint i = 0; i < n->lines->len; i++) {
		indent(out, depth + 2);
		g_string_append_printf(out, "%s\n", (const char *)g_ptr_array_index(n->lines, i));
	}
	for (guint i = 0; i < n->children->len; i++) {
		node_text(g_ptr_array_index(n->children, i), depth + 1, out);
	}
}

void draw_text(const draw_tree *tree, GString *out)
{
	g_string_append_printf(out, ";; dnssim draw: %s\n", tree->title);
	if (tree->timed) {
		g_autofree char *at = scenario_format_duration(tree->at_ns);
		g_string_append_printf(out, ";; at %s: health as the name servers see it\n", at);
	}
	if (tree->source != NULL) {
		g_string_append_printf(out, ";; * marks the path of a query from %s\n",
				       tree->source);
	}
	if (tree->roots->len == 0) {
		g_string_append(out, ";; no Route 53 record set: no decision to draw\n");
	}
	for (guint i = 0; i < tree->roots->len; i++) {
		g_string_append_c(out, '\n');
		node_text(g_ptr_array_index(tree->roots, i), 0, out);
		const char *answer = g_ptr_array_index(tree->answers, i);
		if (answer != NULL) {
			g_string_append_printf(out, ";; answer: %s\n", answer);
		}
	}
}
