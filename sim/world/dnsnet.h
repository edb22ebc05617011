#pragma once
/*
 * The network between resolvers and the virtual name servers: it carries each query a
 * resolver wants sent to the server that owns the address, lets that server answer
 * (authoritative/server.h), and delivers the answer after the path delay, on the engine. Down
 * servers and lost packets give no answer; the resolver's own timer then fires. Client queries
 * go in with dnsnet_query(); answers come out through a callback.
 *
 * Delay: with a geography (dnsnet_set_geography()), each exchange takes the network model's
 * one-way delay (sim/net.h: distance, stretch, base, jitter, link overrides) from the
 * resolver's place to the server's nearest site, out and back, plus the server's added delay;
 * a server with several sites is anycast (the resolver reaches its nearest site). A server or
 * resolver without a place, or placed "anycast", is near the other end (delay = the model's
 * base cost). Without a geography every path takes a fixed delay (default 10 ms one way).
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/hierarchy.h"
#include "resolver/resolver.h"
#include "sim/engine.h"
#include "sim/geo.h"
#include "sim/net.h"

typedef struct dnsnet dnsnet;

/* Called for each answer a resolver gives a client. msg is borrowed for the call. */
typedef void (*dnsnet_answer_fn)(void *ctx, guint resolver_index, uint64_t client_token,
				 const struct dns_msg *msg, int64_t now_ns);

/*
 * Called instead, when set, for the answers a resolver gives straight from its cache
 * (resolver_query_answer()): NOERROR with rrset alone in the answer section, with TTL ttl_s,
 * to the question (qname, qtype). rrset is borrowed for the call; its own ttl field is the one
 * it was cached with. Saves building a message per client query.
 */
typedef void (*dnsnet_rrset_answer_fn)(void *ctx, guint resolver_index, uint64_t client_token,
				       uint32_t qname, uint16_t qtype, struct dns_rrset *rrset,
				       uint32_t ttl_s, int64_t now_ns);

/* New network over engine and hierarchy (both borrowed). seed drives packet loss. Caller owns. */
dnsnet *dnsnet_new(sim_engine *engine, auth_hierarchy *hierarchy, dns_names *names, uint64_t seed);
void dnsnet_free(dnsnet *net);

/* Drive this resolver (borrowed). Returns its index. */
guint dnsnet_add_resolver(dnsnet *net, resolver *r, const char *name);

/* Where answers go. Setting it clears any rrset answer handler (answers then all come as
 * messages to fn). */
void dnsnet_set_answer_handler(dnsnet *net, dnsnet_answer_fn fn, void *ctx);

/* Also take cache answers as RRsets (same ctx as the answer handler). NULL: as messages. */
void dnsnet_set_rrset_answer_handler(dnsnet *net, dnsnet_rrset_answer_fn fn);

/* The handler set now (NULL if none) and its context in *ctx: a caller that takes over the
 * answers for a while passes on those that are not its own. */
dnsnet_answer_fn dnsnet_answer_handler(const dnsnet *net, void **ctx);

/*
 * Traffic for counts over time, reported as it happens: a query that reaches a server (up, and
 * the exchange not lost; index = hierarchy server index), a client query that reaches a
 * resolver, and a client query the resolver answered from its cache alone (index = resolver
 * index; the same events as the resolver's client_queries and cache_answers statistics).
 */
enum dnsnet_tally {
	DNSNET_TALLY_SERVER_QUERY,
	DNSNET_TALLY_CLIENT_QUERY,
	DNSNET_TALLY_CACHE_ANSWER,
};
typedef void (*dnsnet_tally_fn)(void *ctx, enum dnsnet_tally what, guint index, uint64_t n,
				int64_t now_ns);
void dnsnet_set_tally_handler(dnsnet *net, dnsnet_tally_fn fn, void *ctx);

/* Report what every resolver's client queries and cache answers gained since the last report,
 * as at at_ns (the caller reports once per bucket: counting per query cost a tenth of a large
 * run). Server queries are reported as they happen. */
void dnsnet_tally_resolvers(dnsnet *dn, int64_t at_ns);

/* One-way delay of every path (default 10 ms). */
void dnsnet_set_delay(dnsnet *net, int64_t one_way_ns);

/* State of a server (by its scenario or host name): up/down, loss share, added delay.
 * FALSE if there is no such server. */
gboolean dnsnet_set_server_state(dnsnet *net, const char *server, bool up, double loss,
				 int64_t delay_ns);

/* A client query for (qname, qtype) to resolver index at the engine's current time, from a
 * client at client_place (NULL if unknown; an ECS resolver then answers from its own view). */
void dnsnet_query(dnsnet *net, guint resolver_index, uint32_t qname, uint16_t qtype,
		  uint64_t client_token, const struct geo_place *client_place);

/* Start loading the resolver's and its cache's records, for a dnsnet_query() about to come.
 * Changes nothing. */
void dnsnet_prefetch(const dnsnet *net, guint resolver_index);

/*
 * ECS (route53.md 7, RFC 7871): the resolver sends its clients' subnets, so the name servers
 * locate each query at its client's place. It keeps a cache per client location (the answer's
 * scope is the client's subnet): a shard, a resolver of its own made by the factory on the first
 * query from that place, over the parent's network paths; answers and traffic counts carry the
 * parent's index. Shards share no cache, delegations included: an ECS resolver asks the parent
 * zones once per location, where a real one shares what carries no ECS scope.
 */
typedef resolver *(*dnsnet_shard_fn)(void *ctx, guint resolver_index,
				     const struct geo_place *client_place);
void dnsnet_set_shard_factory(dnsnet *net, dnsnet_shard_fn fn, void *ctx);
void dnsnet_set_resolver_ecs(dnsnet *net, guint resolver_index, bool ecs);

/* A resolver outage: while down, client queries to it get no answer (the stubs time out and
 * fall back as their profiles say). */
void dnsnet_set_resolver_down(dnsnet *net, guint resolver_index, bool down);

/* Call fn on the resolver and each of its ECS shards (a flush or a restart reaches them all). */
void dnsnet_resolver_each(dnsnet *net, guint resolver_index, void (*fn)(resolver *r, void *ctx),
			  void *ctx);

/* Use the network model (borrowed) for delays and loss. */
void dnsnet_set_geography(dnsnet *dn, net *model);

/* Place of a resolver (copied); anycast or unset = near every server. */
void dnsnet_set_resolver_place(dnsnet *net, guint resolver_index, const struct geo_place *place);

/* Where Route 53 sees this resolver's queries come from (copied). Unset = unknown location. */
void dnsnet_set_resolver_source(dnsnet *dn, guint resolver_index,
				const struct auth_r53_source *src);

/* Sites of a server (copied); several = anycast. FALSE if there is no such server. */
gboolean dnsnet_set_server_sites(dnsnet *net, const char *server, const struct geo_place *sites,
				 guint n_sites);

/* Queries that reached each server (by hierarchy server index). Borrowed. */
const GArray *dnsnet_server_queries(const dnsnet *net); /* uint64_t */
