#pragma once
/*
 * Client populations (`clients` statements): each population is one arrival process of its
 * summed rate (the superposition of its clients' processes: Poisson, fixed interval, or Poisson
 * with a daily curve), so a million clients are one pending event, not a million; or the replay
 * of a trace file, one pending event at a time. An arrival picks a client, a name and asks the
 * client's stub/application stack (resolver/stub.h: per-client caches kept compactly in one
 * array), which asks the population's resolvers over the network model (sim/net.h: one round
 * trip between the population's place and the resolver's); the answer's addresses are then
 * "connected to": success if a backend with that address serves users at that moment,
 * otherwise the connect timeout and the next address if the profile goes on.
 *
 * Counts per outcome go to the world's counters (per time bucket). Not here yet: ECS.
 * See docs/design/clients.md.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "sim/engine.h"
#include "sim/scenario/model.h"
#include "sim/world/dnsnet.h"

typedef struct clients clients;

/* Outcome of one client request. */
enum clients_outcome {
	CLIENTS_OK,
	CLIENTS_FAIL_DNS_TIMEOUT,
	CLIENTS_FAIL_DNS_SERVFAIL,
	CLIENTS_FAIL_DNS_NXDOMAIN, /* NXDOMAIN or NODATA: no address to connect to */
	CLIENTS_FAIL_CONNECT,
	CLIENTS_OUTCOME_COUNT,
};

/* How one client request ended. Backends are the caller's indexes (clients_connect_fn). */
struct clients_request {
	enum clients_outcome outcome;
	int backend;	    /* OK: the backend that served; CONNECT: the last one tried; else -1 */
	int first_backend;  /* the first backend a connect went to, or -1 */
	guint attempts;	    /* connects tried (several when the client moves to the next address) */
	int64_t started_ns; /* when the request started (its DNS lookup) */
};

/* Called for every finished request: population, client index within it, how it ended. */
typedef void (*clients_result_fn)(void *ctx, guint population, uint64_t client,
				  const struct clients_request *req, int64_t now_ns);

/* Number of clients of a population. */
uint64_t clients_size(const clients *c, guint population);

/*
 * A connect to address (the rdata of an A or AAAA record) at now: the index of the backend with
 * that address (-1 if none), and in *serving whether it accepts users at that moment.
 */
typedef int (*clients_connect_fn)(void *ctx, const ldns_rdf *address, int64_t now_ns,
				  bool *serving);

/*
 * Build the populations of a validated scenario. geo is the network model (borrowed; its paths
 * are read here, once) for the delay between clients and their resolvers; NULL means none.
 * resolver_index maps a resolver statement's name to its dnsnet index (returns FALSE if
 * unknown). The network's answer handler is taken over: answers for client tokens go to the
 * populations. Caller owns; clients_free().
 */
clients *clients_new(const struct scenario *sc, sim_engine *engine, dnsnet *dn, dns_names *names,
		     const net *geo,
		     gboolean (*resolver_index)(void *ctx, const char *name, guint *index),
		     clients_connect_fn connect, clients_result_fn result, void *ctx);
void clients_free(clients *c);

/* Number of populations and their names (statement order). */
guint clients_count(const clients *c);
const char *clients_name(const clients *c, guint population);

/* Requests started and finished so far by a population. */
uint64_t clients_requests(const clients *c, guint population);

/* Bytes of per-client state of a population (the stacks' caches). */
size_t clients_state_bytes(const clients *c, guint population);

/* Told who makes a population's next request when it is scheduled (ctx is clients_new's), so
 * that the caller can start loading its own per-client state of that client. */
typedef void (*clients_prefetch_fn)(void *ctx, guint population, uint64_t client);
void clients_set_prefetch(clients *c, clients_prefetch_fn fn);

/* Change a population's request rate per client (the timeline's `clients NAME rate=`): the
 * daily mean of a diurnal population; a fixed-interval population becomes Poisson; a trace
 * population is left as it is. */
void clients_set_rate(clients *c, guint population, double per_client_per_s);

/* Read every population's paths to its resolvers from the network model again (after a link
 * changed on the timeline). Queries in transit keep the delay they left with. */
void clients_refresh_paths(clients *c);
