#pragma once
/*
 * Metrics of a finished run and the files that carry them: the scalar metrics `expect` may name
 * (schema.c lists them), time series per bucket, the applied timeline, summary.json, and the
 * evaluation of expectations. Every file starts with (or, for JSON, contains) the program
 * version, the seed and the scenario digest, and is written atomically (temporary file, then
 * rename) so a reader never sees half a file.
 */

#include <glib.h>
#include <stdio.h>

#include "sim/scenario/model.h"
#include "sim/world/world.h"

struct metrics_value {
	char *name;
	double value;
	enum scenario_metric_unit unit;
};

struct metrics_expect_result {
	const struct scenario_expect *expect; /* borrowed */
	bool evaluated;			      /* false if the metric has no value */
	double actual;
	bool pass;
};

typedef struct metrics metrics;

/* Compute the metrics of a finished run. Caller owns. */
metrics *metrics_compute(const struct scenario *sc, const world *w);
void metrics_free(metrics *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(metrics, metrics_free)

/* Values sorted by name; borrowed. */
const GPtrArray *metrics_values(const metrics *m);

/* The value named name, or NULL. */
const struct metrics_value *metrics_get(const metrics *m, const char *name);

/* Evaluate every expectation. Returns the number that failed (not evaluated counts as failed).
 * results (caller owns) gets one struct metrics_expect_result per expectation. */
guint metrics_expect_eval(const metrics *m, const struct scenario *sc, GArray **results);

/* Average of a step function over [from_ns, to_ns). */
double metrics_track_mean(const struct world_track *t, int64_t from_ns, int64_t to_ns);

/* Write timeseries.csv, events.csv and summary.json into dir. FALSE with error on failure. */
gboolean metrics_write(const metrics *m, const struct scenario *sc, const world *w,
		       const GArray *results, const char *dir, GError **error);

/* Print the human summary table with the expectation results. */
void metrics_print(const metrics *m, const struct scenario *sc, const GArray *results, FILE *out);

/* Format a metric value in its unit ("20m", "99.5%", "42"). Caller owns. */
char *metrics_format(double value, enum scenario_metric_unit unit);
