#pragma once
/*
 * The report of a run (`dnssim run --report`): report.html, one self-contained page that a
 * person can send to a colleague. It says what the scenario is (title, the file's header
 * comment, duration, seed, digest), shows the timeline as applied, every figure the run left
 * in its output folder (embedded as data: URIs, no external file), the Route 53 decision tree
 * before, during and after the timeline's first backend failure (one at the start without a
 * failure; SVG data: URIs drawn by sim/draw/tree.h, so Graphviz is needed), the recovery table, the
 * Route 53 cost with the price table's date, the design review's warnings (review.h) and the
 * expectations' results. Every string that comes from the scenario is HTML-escaped. The page
 * loads nothing from outside (a Content-Security-Policy forbids it) and carries one small
 * script that marks, once the page has loaded, how many of its figures decoded (the suite
 * reads the mark in a headless browser). Nothing here runs the simulation.
 */

#include <glib.h>

#include "sim/metrics.h"
#include "sim/scenario/model.h"
#include "sim/world/world.h"

/*
 * Write dir/report.html (atomically) for the finished run w of sc, with its metrics m and the
 * expectation results (from metrics_expect_eval). Figures are the *.png and *.svg files
 * already in dir (the PNG of a figure when both exist). FALSE with error naming the file on
 * failure.
 */
gboolean report_write(const struct scenario *sc, const world *w, const metrics *m,
		      const GArray *results, const char *dir, GError **error);

/* Append text to out with the five HTML special characters escaped (& < > " '). */
void report_escape(GString *out, const char *text);
