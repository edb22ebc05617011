#pragma once
/*
 * Helpers of the world and authoritative tests: a scenario from inline text (the test fails,
 * with the diagnostics printed, if it does not parse) and a world counter by name.
 */

#include "sim/scenario/model.h"
#include "sim/world/world.h"

/* The scenario in text (file name "t.dnssim", base folder "."); fails the test if invalid. */
struct scenario *support_parse(const char *text);

/* The counter named name (e.g. "requests.ok"), or NULL if the run made none. */
const struct world_counter *support_counter(const world *w, const char *name);

/* Its total, 0 if there is no such counter. */
uint64_t support_counter_total(const world *w, const char *name);
