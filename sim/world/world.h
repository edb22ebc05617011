#pragma once
/*
 * The world a scenario runs in: entities built from a validated scenario, the timeline of
 * failures and changes scheduled on the engine, and the state of each entity over time.
 *
 * This version models the state of backends (up, down, slow, health-endpoint-only, flapping)
 * and name servers (up/down, loss, delay) as the timeline changes them. The other timeline
 * targets (resolvers, health checks, records, zones, clients, links) are scheduled and logged
 * but have no model yet. The world does not draw or write files (see metrics.h).
 */

#include <glib.h>
#include <stdint.h>

#include "sim/engine.h"
#include "sim/scenario/model.h"

typedef struct world world;

/* One tracked quantity over time: a step function starting at t = 0. */
struct world_track {
	char *name;   /* e.g. "backend.web-east.serving" */
	char *entity; /* entity name */
	enum scenario_kind kind;
	GArray *steps; /* struct world_step, nondecreasing times, first at 0 */
};

struct world_step {
	int64_t at_ns;
	double value;
};

/* One applied timeline action, for events.csv. */
struct world_event {
	int64_t at_ns;
	const struct scenario_action *action; /* borrowed from the scenario */
	bool is_end;			      /* the end of a START..END range */
	const char *effect;		      /* static text */
};

/* Build the world for a validated scenario (borrowed until world_free). Caller owns. */
world *world_new(const struct scenario *sc);
void world_free(world *w);

/* Run the engine to the scenario's end. */
void world_run(world *w);

/* Results, valid after world_run(); borrowed until world_free(). */
const GPtrArray *world_tracks(const world *w); /* struct world_track * */
const GArray *world_events(const world *w);    /* struct world_event */
uint64_t world_events_fired(const world *w);
uint64_t world_actions_applied(const world *w);
