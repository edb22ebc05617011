/*
 * The decision tree as a Graphviz digraph (sim/draw/tree.h), left to right: boxes for names,
 * groups and sets, notes for values, crossed boxes for health checks; alias edges dashed (bold when
 * they evaluate target health), health checks joined by dotted lines; when timed, healthy nodes
 * filled green and unhealthy ones red; the highlighted path drawn thick and blue.
 */
#include "sim/draw/tree.h"
#include "sim/scenario/value.h"

/* Append s as the inside of a dot double-quoted string. */
static void dot_escape(GString *out, const char *s)
{
	for (const char *c = s; *c != '\0'; c++) {
		if (*c == '"' || *c == '\\') {
			g_string_append_c(out, '\\');
		}
		if (*c == '\n') {
			g_string_append(out, "\\n");
			continue;
		}
		g_string_append_c(out, *c);
	}
}

/* Shape and base style of a kind of node. */
static void look_of(enum draw_kind kind, const char **shape, const char **style)
{
	static const struct {
		const char *shape, *style;
	} looks[] = {
		[DRAW_NODE_NAME] = { "box", "bold" },
		[DRAW_NODE_GROUP] = { "box", "rounded" },
		[DRAW_NODE_SET] = { "box", "" },
		[DRAW_NODE_VALUES] = { "note", "" },
		[DRAW_NODE_TARGET] = { "component", "" },
		[DRAW_NODE_HEALTH] = { "box", "diagonals" },
		[DRAW_NODE_NOTE] = { "plaintext", "" },
	};
	*shape = looks[kind].shape;
	*style = looks[kind].style;
}

static void node_dot(const struct draw_node *n, GString *out)
{
	const char *shape, *style;
	look_of(n->kind, &shape, &style);
	g_string_append_printf(out, "  n%u [shape=%s, label=\"", n->id, shape);
	dot_escape(out, n->label);
	for (guint i = 0; i < n->lines->len; i++) {
		g_string_append(out, "\\n");
		dot_escape(out, g_ptr_array_index(n->lines, i));
	}
	g_string_append_c(out, '"');
	if (n->health != DRAW_HEALTH_NONE) {
		g_string_append_printf(out, ", style=\"%s%sfilled\", fillcolor=\"%s\"", style,
				       style[0] ? "," : "",
				       n->health == DRAW_HEALTH_HEALTHY ? "#b7e4b0" : "#f4a6a6");
	} else if (style[0] != '\0') {
		g_string_append_printf(out, ", style=\"%s\"", style);
	}
	if (n->on_path) {
		g_string_append(out, ", color=\"#1f4fd1\", penwidth=3");
	}
	g_string_append(out, "];\n");
	for (guint i = 0; i < n->children->len; i++) {
		const struct draw_node *c = g_ptr_array_index(n->children, i);
		node_dot(c, out);
		g_string_append_printf(out, "  n%u -> n%u [", n->id, c->id);
		GString *attrs = g_string_new(NULL);
		if (c->edge != NULL) {
			g_string_append(attrs, "label=\"");
			dot_escape(attrs, c->edge);
			g_string_append(attrs, "\"");
		}
		if (c->kind == DRAW_NODE_HEALTH) {
			g_string_append_printf(attrs, "%sstyle=dotted, arrowhead=none",
					       attrs->len ? ", " : "");
		} else if (c->alias) {
			g_string_append_printf(attrs, "%sstyle=\"%s\"", attrs->len ? ", " : "",
					       c->eth ? "dashed,bold" : "dashed");
		}
		if (c->on_path && n->on_path) {
			g_string_append_printf(attrs, "%scolor=\"#1f4fd1\", penwidth=3",
					       attrs->len ? ", " : "");
		}
		g_string_append_printf(out, "%s];\n", attrs->str);
		g_string_free(attrs, TRUE);
	}
}

void draw_dot(const draw_tree *tree, GString *out)
{
	g_string_append(out, "digraph dnssim {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", "
			     "fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
	GString *title = g_string_new(tree->title);
	if (tree->timed) {
		g_autofree char *at = scenario_format_duration(tree->at_ns);
		g_string_append_printf(title, " at %s", at);
	}
	if (tree->source != NULL) {
		g_string_append_printf(title, "; path of a query from %s", tree->source);
	}
	g_string_append(out, "  labelloc=t;\n  label=\"");
	dot_escape(out, title->str);
	g_string_append(out, "\";\n");
	g_string_free(title, TRUE);
	for (guint i = 0; i < tree->roots->len; i++) {
		node_dot(g_ptr_array_index(tree->roots, i), out);
	}
	g_string_append(out, "}\n");
}
