#pragma once
/*
 * The decision tree of a Route 53 design, as `dnssim draw` shows it (docs/design/draw.md): for
 * each routed name, the name and type at the root, a node per record-set group with its policy,
 * a node per record set with its routing attributes (weights and their shares, failover roles,
 * locations, Regions, CIDR blocks), alias edges into the groups they target (marked with
 * evaluate-target-health), leaves with the values and TTLs, and the health checks attached to
 * the sets they guard, with their timing and the backend they probe.
 *
 * The tree is read from a world (sim/world/world.h): its zones as the timeline has left them at
 * the world's current time, the health the name servers see then, and, for a query source, the
 * path auth_r53_evaluate() takes (the same evaluation `dnssim answer` reports; it draws from a
 * stream of its own, so the run is not disturbed). Nothing here re-implements a policy.
 *
 * Renderers: text.c (an indented tree), dot.c (Graphviz), and draw_tree_svg() for the run
 * report. Not here: drawing plain (simple, non-alias) names, which have no decision to draw.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/route53/route53.h"
#include "sim/scenario/model.h"
#include "sim/world/world.h"

/* GError domain of the draw module. */
#define DRAW_ERROR (draw_error_quark())
GQuark draw_error_quark(void);

enum draw_error_code {
	DRAW_ERROR_NAME,     /* no Route 53 record set for the name asked */
	DRAW_ERROR_SOURCE,   /* no such resolver or client population */
	DRAW_ERROR_GRAPHVIZ, /* `dot` is missing or failed */
};

enum draw_kind {
	DRAW_NODE_NAME,	  /* root: a name and type */
	DRAW_NODE_GROUP,  /* a record-set group and its policy */
	DRAW_NODE_SET,	  /* one record set of a group */
	DRAW_NODE_VALUES, /* the data a set answers with (leaf) */
	DRAW_NODE_TARGET, /* an alias target outside the scenario's zones (an AWS resource) */
	DRAW_NODE_HEALTH, /* a health check guarding its parent set */
	DRAW_NODE_NOTE,	  /* something that cannot be drawn further (an alias loop) */
};

enum draw_health {
	DRAW_HEALTH_NONE,      /* not timed, or not a thing with health */
	DRAW_HEALTH_HEALTHY,   /* healthy at the tree's time */
	DRAW_HEALTH_UNHEALTHY, /* unhealthy at the tree's time */
};

struct draw_node {
	enum draw_kind kind;
	guint id;	  /* unique in the tree, in depth-first order from 0 */
	char *label;	  /* first line */
	GPtrArray *lines; /* char *, further lines */
	char *edge;	  /* label of the edge from the parent, or NULL */
	bool alias;	  /* the edge from the parent is an alias */
	bool eth;	  /* alias with evaluate-target-health */
	char *set_id;	  /* DRAW_NODE_SET: the set identifier ("" for a simple set) */
	enum draw_health health;
	bool on_path;	     /* on the highlighted query's path */
	const void *set;     /* DRAW_NODE_SET: the struct auth_r53_set (borrowed from the world) */
	GPtrArray *children; /* struct draw_node * */
};

typedef struct draw_tree draw_tree;

struct draw_tree {
	char *title;	    /* the scenario's title */
	bool timed;	    /* health known (--at) */
	int64_t at_ns;	    /* the time drawn */
	char *source;	    /* the query source of the highlighted path, or NULL */
	GPtrArray *roots;   /* struct draw_node *, one per name and type drawn */
	GPtrArray *answers; /* char *, per root: what the highlighted query gets, or NULL */
	guint count;	    /* nodes */
};

/* What to draw. Plain record; zero means "every routed name, untimed, no path". */
struct draw_options {
	const char *name;     /* draw only the groups of this owner (any type), or NULL */
	bool timed;	      /* colour by health at the world's current time */
	const char *resolver; /* highlight the path of a query from this resolver, or NULL */
	const char *client;   /* ... or from this client population (through its first resolver) */
};

/*
 * Build the tree of the world's Route 53 record sets (the world has run to the time drawn;
 * sc is the scenario it was built from). Returns the tree (caller owns; draw_tree_free()), or
 * NULL with error: DRAW_ERROR_NAME when options->name holds no Route 53 record set,
 * DRAW_ERROR_SOURCE for an unknown resolver or client.
 */
draw_tree *draw_tree_new(const struct scenario *sc, world *w, const struct draw_options *options,
			 GError **error);
void draw_tree_free(draw_tree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(draw_tree, draw_tree_free)

/* Append the tree as indented text (two spaces a level), for terminals and golden tests. */
void draw_text(const draw_tree *tree, GString *out);

/* Append the tree as a Graphviz digraph (dot language). */
void draw_dot(const draw_tree *tree, GString *out);

/*
 * Render dot text with Graphviz `dot -T<format>` (format "svg" or "png") into out_path.
 * FALSE with error (DRAW_ERROR_GRAPHVIZ) if dot is missing, fails or writes warnings.
 */
gboolean draw_render(const char *dot_text, const char *format, const char *out_path,
		     GError **error);

/*
 * For the run report: build a world for sc (borrowed), run it to at_ns, and append the SVG of
 * the tree of name (NULL: every routed name), coloured by health at at_ns, to out. FALSE with
 * error (DRAW_ERROR_*) when there is nothing to draw or Graphviz fails.
 */
gboolean draw_tree_svg(const struct scenario *sc, const char *name, int64_t at_ns, GString *out,
		       GError **error);
