#pragma once
/*
 * The world a scenario runs in: entities built from a validated scenario, the timeline of
 * failures and changes scheduled on the engine, and the state of each entity over time.
 *
 * This version models the state of backends (up, down, slow, health-endpoint-only, flapping)
 * and name servers (up/down, loss, delay) as the timeline changes them, the DNS hierarchy of
 * the scenario's zones (authoritative/hierarchy.h), and one recursive resolver model per
 * resolver statement, connected by the network (dnsnet.h); a name-server outage on the
 * timeline is an outage of that server on the network, zone and record changes reach the
 * zones, and `flush`/`restart` reach the resolver. Clients and health checks have no model
 * yet: those actions are scheduled and logged. The world does not draw or write files (see
 * metrics.h).
 */

#include <glib.h>
#include <stdint.h>

#include "authoritative/hierarchy.h"
#include "resolver/resolver.h"
#include "sim/dns.h"
#include "sim/engine.h"
#include "sim/scenario/model.h"
#include "sim/world/dnsnet.h"
#include "sim/world/recovery.h"

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

/* A count of events per time bucket (requests by outcome, per backend...). */
struct world_counter {
	char *name;	 /* e.g. "requests.ok", "backend.web-east.requests" */
	GArray *buckets; /* uint64_t per bucket of the scenario's report bucket */
	uint64_t total;
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

/* Run the engine up to (and including) virtual time at_ns. */
void world_run_until(world *w, int64_t at_ns);

/* The DNS side: names, hierarchy, network, and the resolver of a resolver statement (NULL
 * if there is no such resolver). Borrowed until world_free(). */
dns_names *world_names(const world *w);
auth_hierarchy *world_hierarchy(const world *w);
dnsnet *world_dnsnet(const world *w);
sim_engine *world_engine(const world *w);
resolver *world_resolver(const world *w, const char *name, guint *index);

/* Resolver statistics of a resolver statement: client queries and those answered from the
 * cache alone. FALSE if there is no such resolver. */
gboolean world_resolver_stats(const world *w, const char *name, uint64_t *queries,
			      uint64_t *cache_answers);

/* How clients moved away from each backend failure of the timeline (sim/world/recovery.h). */
const recovery *world_recovery(const world *w);

/* Number of client populations and the name of one. */
guint world_population_count(const world *w);
const char *world_population_name(const world *w, guint population);

/* The health-check model (NULL if the scenario's checks could not be built). Borrowed. */
struct hc_model *world_health(const world *w);

/* Where Route 53 sees the queries of a resolver statement come from (its address and place). */
void world_route53_source(const world *w, const char *resolver_name, struct auth_r53_source *src);

/* The source Route 53 sees for a query from resolver_ip carrying the ECS subnet ecs (NULL: no
 * ECS): located at the resolver statement whose address the subnet (or address) holds; else an
 * unknown location. */
void world_route53_source_of_address(const world *w, const char *resolver_ip, const char *ecs,
				     struct auth_r53_source *src);

/* The source of a query from a client of population through its first resolver: that resolver's
 * source, located at the clients when the resolver sends ECS. *resolver_name: that resolver's
 * (NULL if there is no such population). */
void world_route53_source_of_clients(const world *w, const char *population,
				     struct auth_r53_source *src, const char **resolver_name);

/* What Route 53 bills for the run (route53.md 8), for the cost metrics. */
struct world_route53_bill {
	/* queries the scenario's zones answered (public zones on scenario servers, private zones
	 * on the VPC servers; the implied root and TLDs are not Route 53's), by price class */
	uint64_t queries[AUTH_R53_PRICE_COUNT];
	GArray *health_checks; /* struct auth_r53_hc_bill, one per health statement */
	guint zones;	       /* hosted zones: the scenario's public and private zones */
};

/* Fill bill (bill->health_checks is new; caller frees it with g_array_unref()). */
void world_route53_bill(const world *w, struct world_route53_bill *bill);

/* Problems found while building the world (zone data the hierarchy could not serve as
 * written), one printable line each. Borrowed. */
const GPtrArray *world_problems(const world *w);

/* Results, valid after world_run(); borrowed until world_free(). */
const GPtrArray *world_tracks(const world *w);	 /* struct world_track * */
const GArray *world_events(const world *w);	 /* struct world_event */
const GPtrArray *world_counters(const world *w); /* struct world_counter *, creation order */
uint64_t world_events_fired(const world *w);
uint64_t world_actions_applied(const world *w);
