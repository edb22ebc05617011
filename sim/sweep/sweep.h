#pragma once
/*
 * Parameter sweeps (`dnssim sweep`): a grid of scenario variants, the cartesian product of the
 * --vary lists, each point run several times with different seeds on worker processes, and the
 * files that carry the results: sweep.csv (one row per run), sweep-points.csv (one row per
 * point: mean, min and max across replicas) and the figures drawn from it by plots/sweep-*.gp.
 *
 * A --vary KEY is exactly a --set key (sim/scenario/override.c): each point loads the scenario
 * with the --set options followed by one KEY=VALUE per axis, so a value is checked exactly like
 * one written in the file. Replica seeds are derived from the point's seed and the replica
 * number only (sweep_replica_seed), and the results are gathered by run index, so the output
 * depends neither on the number of workers nor on the order in which they finish.
 * Layout and rules: docs/sweeps.md. Nothing here prints; errors come back as text or GError.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* One --vary axis: a key and its values, in the order given. */
struct sweep_axis {
	char *spec;    /* the --vary text as given */
	int index;     /* 1-based: the Nth --vary option */
	char *key;     /* KEY, a --set key */
	char **values; /* NULL-terminated */
	guint n_values;
	int *value_cols; /* 1-based column of each value within spec, for error messages */
};

/*
 * Parse "KEY=V1,V2,..." (the index-th --vary option). NULL with error "--vary:INDEX:COL: ..."
 * when there is no '=', no key, an empty value or a value given twice. Caller owns
 * (sweep_axis_free).
 */
struct sweep_axis *sweep_axis_parse(const char *spec, int index, GError **error);
void sweep_axis_free(struct sweep_axis *axis);

/* Number of grid points: the product of the axes' value counts (1 with no axis). */
guint sweep_grid_size(const GPtrArray *axes);

/*
 * The value indices of grid point `point` (0-based, < sweep_grid_size), one per axis into
 * value_index. The first axis varies fastest: points 0, 1, 2... walk its values in the order
 * given, then the second axis takes its next value, and so on.
 */
void sweep_grid_point(const GPtrArray *axes, guint point, guint *value_index);

/*
 * The override list of a point: the --set options (sets, NULL-terminated, may be NULL)
 * followed by "KEY=VALUE" for each axis, in axis order. NULL-terminated; caller owns
 * (g_strfreev).
 */
char **sweep_point_overrides(const GPtrArray *axes, const char *const *sets, guint point);

/*
 * Seed of replica `replica` (0-based) of a point whose seed is base: replica 0 runs base
 * itself; replica r > 0 runs the first output of the random stream (base, "sweep",
 * "replica-R") shifted right by one bit (a seed is at most 2^63 - 1), R = r + 1. Every point
 * uses the same replica seeds when its seed is the same (common random numbers).
 */
uint64_t sweep_replica_seed(uint64_t base, guint replica);

/* What to sweep. */
struct sweep_plan {
	const char *path;	 /* the scenario file */
	const char *const *sets; /* --set options, NULL-terminated; may be NULL */
	GPtrArray *axes;	 /* struct sweep_axis *, borrowed */
	guint replicas;		 /* >= 1 */
	const uint64_t *seed;	 /* --seed, or NULL for the scenario's own seed */
};

/* The runs of a sweep and their metrics. */
typedef struct sweep_results sweep_results;

/*
 * Load every point of the plan (without running it) and check it. On error return NULL and
 * append the error lines to errors: a problem with an axis value is reported at
 * "--vary:N:COL" (the Nth --vary option, COL in its text), with the message --set gives.
 * On success return the results skeleton: the scenario's title and digest and each point's
 * seed, ready for sweep_run. Caller owns (sweep_results_free).
 */
sweep_results *sweep_prepare(const struct sweep_plan *plan, GString *errors);
void sweep_results_free(sweep_results *res);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sweep_results, sweep_results_free)

/* The scenario's title (borrowed). */
const char *sweep_results_title(const sweep_results *res);

/* Number of runs: points times replicas. */
guint sweep_run_count(const sweep_results *res);

/*
 * Run every point and replica on `jobs` worker processes (fork; at most jobs at a time), each
 * writing its metrics to a file in work_dir (an existing, empty folder), and gather them in run
 * order. progress, if not NULL, is called in the parent after each run with the number done.
 * FALSE with error naming the point, replica and seed of the first run that failed (its own
 * messages went to stderr).
 */
gboolean sweep_run(sweep_results *res, const struct sweep_plan *plan, guint jobs,
		   const char *work_dir, void (*progress)(guint done, guint total, void *data),
		   void *progress_data, GError **error);

/* The value of metric `name` in run (point, replica), or NaN if that run has none. */
double sweep_result_get(const sweep_results *res, guint point, guint replica, const char *name);

/*
 * Mean, min and max of metric `name` across the replicas of a point that have it. FALSE when
 * none has it.
 */
gboolean sweep_point_stats(const sweep_results *res, guint point, const char *name, double *mean,
			   double *min, double *max);

/* The metric columns of sweep.csv, in order (NULL-terminated, static). */
const char *const *sweep_metric_names(void);

/*
 * Write sweep.csv and sweep-points.csv into dir (each atomically). FALSE with error naming the
 * file on failure.
 */
gboolean sweep_write(const sweep_results *res, const struct sweep_plan *plan, const char *dir,
		     GError **error);

/*
 * Draw the figures of dir/sweep-points.csv with plots/sweep-recovery.gp, sweep-cost.gp and
 * sweep-tradeoff.gp into dir (PNG and SVG each). FALSE with error at the first that fails.
 */
gboolean sweep_draw(const sweep_results *res, const struct sweep_plan *plan, const char *dir,
		    GError **error);
