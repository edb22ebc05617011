#include "sim/world/dnsnet.h"

#include <string.h>

#include "sim/rng.h"
#include "sim/util.h"

enum {
	EV_RESPONSE, /* arg: index into pending */
	EV_TIMER,    /* arg: resolver token */
};

struct server_state {
	bool up;
	double loss;
	int64_t delay_ns;
	GArray *sites; /* struct geo_place; empty = near everyone */
};

struct in_flight {
	uint64_t token;
	struct dns_msg *msg;
};

struct node {
	resolver *r;
	dnsnet *dn;
	guint index;
	uint32_t entity;
	GHashTable *pending; /* id -> struct in_flight * */
	uint64_t next_id;
	bool placed;
	struct geo_place place;
	bool has_src;
	struct auth_r53_source src;
	uint64_t tallied_queries; /* resolver stats already reported to the tally handler */
	uint64_t tallied_cache_answers;
	GHashTable *shards;  /* client place name -> struct node * (owned), or NULL */
	struct node *parent; /* a shard's resolver node, or NULL */
};

struct dnsnet {
	sim_engine *engine;
	auth_hierarchy *h;
	dns_names *names;
	struct sim_rng rng;
	GPtrArray *nodes; /* struct node * */
	/* By resolver index, side by side (a few KB for a thousand resolvers, so it stays in
	 * cache): what a client query needs before it touches the resolver, so that the
	 * resolver's and its cache's records can be loaded at once rather than one after the
	 * other. */
	struct hot_node {
		resolver *r;
		resolver_cache *cache;
		bool down; /* a resolver outage: client queries get no answer */
		/* ECS (route53.md 7): a resolver that sends the client's subnet keeps one cache
		 * per client location, each a shard of its own (struct node's shards): created on
		 * the first query from a location */
		bool ecs;
	} * hot;
	GArray *servers; /* struct server_state, by hierarchy index */
	GArray *queries; /* uint64_t, by hierarchy index */
	int64_t delay_ns;
	net *geo; /* borrowed, or NULL */
	dnsnet_answer_fn answer_fn;
	dnsnet_rrset_answer_fn rrset_answer_fn;
	void *answer_ctx;
	dnsnet_tally_fn tally_fn;
	void *tally_ctx;
	dnsnet_shard_fn shard_fn;
	void *shard_ctx;
	struct dns_msg *query; /* a client query handed to a resolver (which does not keep it) */
};

static struct node *node_new(dnsnet *dn, resolver *r, const char *name, guint index);
static void node_free(struct node *node);

static void in_flight_free(gpointer p)
{
	struct in_flight *f = p;
	dns_msg_free(f->msg);
	g_free(f);
}

static gint server_index(const dnsnet *dn, const auth_server *s)
{
	for (guint i = 0; i < auth_hierarchy_server_count(dn->h); i++) {
		if (auth_hierarchy_server(dn->h, i) == s) {
			return (gint)i;
		}
	}
	return -1;
}

/* The server site nearest to the resolver, or NULL when either end has no place. */
static const struct geo_place *nearest_site(const struct node *node, const struct server_state *st)
{
	if (!node->placed || node->place.kind == GEO_PLACE_ANYCAST) {
		return NULL;
	}
	const struct geo_place *best = NULL;
	double best_km = 0;
	for (guint i = 0; i < st->sites->len; i++) {
		const struct geo_place *site = &g_array_index(st->sites, struct geo_place, i);
		if (site->kind == GEO_PLACE_ANYCAST) {
			return NULL;
		}
		double km =
		    geo_haversine_km(node->place.lat, node->place.lon, site->lat, site->lon);
		if (best == NULL || km < best_km) {
			best = site;
			best_km = km;
		}
	}
	return best;
}

/* Round-trip time of one exchange and whether it is lost, drawn from the network's stream. */
static int64_t exchange_rtt(dnsnet *dn, const struct node *node, const struct server_state *st,
			    bool *lost)
{
	if (dn->geo == NULL) {
		*lost = st->loss > 0 && sim_rng_uniform(&dn->rng) < st->loss;
		return 2 * dn->delay_ns + st->delay_ns;
	}
	const struct geo_place *site = nearest_site(node, st);
	int64_t out_ns;
	int64_t back_ns;
	if (site == NULL) {
		/* near each other: the model's base cost each way, no distance */
		out_ns = back_ns = net_distance_delay_ns(dn->geo, 0);
		*lost = false;
	} else {
		out_ns = net_delay_ns(dn->geo, &node->place, site, &dn->rng);
		back_ns = net_delay_ns(dn->geo, site, &node->place, &dn->rng);
		*lost = net_loss(dn->geo, &node->place, site, &dn->rng) ||
			net_loss(dn->geo, site, &node->place, &dn->rng);
	}
	*lost = *lost || (st->loss > 0 && sim_rng_uniform(&dn->rng) < st->loss);
	return out_ns + back_ns + st->delay_ns;
}

static void tally(dnsnet *dn, enum dnsnet_tally what, guint index, uint64_t n, int64_t now)
{
	if (dn->tally_fn != NULL && n > 0) {
		dn->tally_fn(dn->tally_ctx, what, index, n, now);
	}
}

/* Report what the resolver's statistics gained since the last call. */
static void tally_resolver(struct node *node, int64_t now)
{
	const struct resolver_stats *st = resolver_get_stats(node->r);
	guint index = node->parent != NULL ? node->parent->index : node->index;
	tally(node->dn, DNSNET_TALLY_CLIENT_QUERY, index,
	      st->client_queries - node->tallied_queries, now);
	tally(node->dn, DNSNET_TALLY_CACHE_ANSWER, index,
	      st->cache_answers - node->tallied_cache_answers, now);
	node->tallied_queries = st->client_queries;
	node->tallied_cache_answers = st->cache_answers;
}

/* Carry out what the resolver asked for. */
static void pump(struct node *node)
{
	dnsnet *dn = node->dn;
	struct resolver_action a;
	int64_t now = sim_engine_now_ns(dn->engine);
	while (resolver_next_action(node->r, &a)) {
		switch (a.kind) {
		case RESOLVER_ACTION_TIMER:
			sim_event_schedule(dn->engine, MAX(a.at_ns, now), node->entity, EV_TIMER,
					   a.token);
			break;
		case RESOLVER_ACTION_ANSWER:
			if (dn->answer_fn != NULL) {
				guint index =
				    node->parent != NULL ? node->parent->index : node->index;
				dn->answer_fn(dn->answer_ctx, index, a.client_token, a.msg, now);
			}
			dns_msg_free(a.msg);
			break;
		case RESOLVER_ACTION_SEND: {
			auth_server *s = auth_hierarchy_server_by_address(dn->h, a.address);
			gint si = s != NULL ? server_index(dn, s) : -1;
			struct server_state *st =
			    si >= 0 ? &g_array_index(dn->servers, struct server_state, si) : NULL;
			if (si >= 0) {
				g_array_index(dn->queries, uint64_t, si)++;
			}
			bool lost = true;
			int64_t rtt = 0;
			if (st != NULL && st->up) {
				rtt = exchange_rtt(dn, node, st, &lost);
			}
			if (!lost) {
				tally(dn, DNSNET_TALLY_SERVER_QUERY, (guint)si, 1, now);
				struct in_flight *f = g_new0(struct in_flight, 1);
				f->token = a.token;
				f->msg = auth_server_answer_from(
				    s, dn->names, a.msg,
				    a.tcp ? AUTH_TRANSPORT_TCP : AUTH_TRANSPORT_UDP,
				    node->has_src ? &node->src : NULL, NULL, NULL);
				uint64_t id = node->next_id++;
				g_hash_table_insert(node->pending, g_memdup2(&id, sizeof(id)), f);
				sim_event_schedule(dn->engine, now + rtt, node->entity, EV_RESPONSE,
						   id);
			}
			dns_msg_free(a.msg);
			break;
		}
		}
	}
}

static void node_handle(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct node *node = ctx;
	int64_t now = sim_engine_now_ns(engine);
	if (kind == EV_TIMER) {
		resolver_timer(node->r, arg, now);
	} else {
		struct in_flight *f = g_hash_table_lookup(node->pending, &arg);
		SIM_ASSERT(f != NULL);
		resolver_receive(node->r, f->token, f->msg, now);
		g_hash_table_remove(node->pending, &arg);
	}
	pump(node);
}

dnsnet *dnsnet_new(sim_engine *engine, auth_hierarchy *hierarchy, dns_names *names, uint64_t seed)
{
	dnsnet *dn = g_new0(dnsnet, 1);
	dn->engine = engine;
	dn->h = hierarchy;
	dn->names = names;
	sim_rng_init(&dn->rng, seed, "network", "loss");
	dn->nodes = g_ptr_array_new();
	guint n = auth_hierarchy_server_count(hierarchy);
	dn->servers = g_array_sized_new(FALSE, TRUE, sizeof(struct server_state), n);
	dn->queries = g_array_sized_new(FALSE, TRUE, sizeof(uint64_t), n);
	g_array_set_size(dn->queries, n);
	for (guint i = 0; i < n; i++) {
		struct server_state st = { .up = true };
		st.sites = g_array_new(FALSE, FALSE, sizeof(struct geo_place));
		g_array_append_val(dn->servers, st);
	}
	dn->delay_ns = 10 * SIM_NS_PER_MS;
	dn->query = dns_msg_new(0, DNS_NAME_ROOT, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
	dn->query->rd = true;
	return dn;
}

void dnsnet_free(dnsnet *dn)
{
	if (dn == NULL) {
		return;
	}
	for (guint i = 0; i < dn->nodes->len; i++) {
		node_free(g_ptr_array_index(dn->nodes, i));
	}
	g_ptr_array_free(dn->nodes, TRUE);
	g_free(dn->hot);
	for (guint i = 0; i < dn->servers->len; i++) {
		g_array_free(g_array_index(dn->servers, struct server_state, i).sites, TRUE);
	}
	g_array_free(dn->servers, TRUE);
	g_array_free(dn->queries, TRUE);
	dns_msg_free(dn->query);
	g_free(dn);
}

guint dnsnet_add_resolver(dnsnet *dn, resolver *r, const char *name)
{
	struct node *node = node_new(dn, r, name, dn->nodes->len);
	g_ptr_array_add(dn->nodes, node);
	dn->hot = g_renew(struct hot_node, dn->hot, dn->nodes->len);
	dn->hot[node->index] = (struct hot_node){ r, resolver_get_cache(r), false, false };
	return node->index;
}

void dnsnet_set_answer_handler(dnsnet *dn, dnsnet_answer_fn fn, void *ctx)
{
	dn->answer_fn = fn;
	dn->rrset_answer_fn = NULL;
	dn->answer_ctx = ctx;
}

void dnsnet_set_rrset_answer_handler(dnsnet *dn, dnsnet_rrset_answer_fn fn)
{
	dn->rrset_answer_fn = fn;
}

dnsnet_answer_fn dnsnet_answer_handler(const dnsnet *dn, void **ctx)
{
	*ctx = dn->answer_ctx;
	return dn->answer_fn;
}

void dnsnet_tally_resolvers(dnsnet *dn, int64_t at_ns)
{
	for (guint i = 0; i < dn->nodes->len; i++) {
		struct node *node = g_ptr_array_index(dn->nodes, i);
		tally_resolver(node, at_ns);
		if (node->shards != NULL) {
			GHashTableIter it;
			gpointer shard;
			g_hash_table_iter_init(&it, node->shards);
			while (g_hash_table_iter_next(&it, NULL, &shard)) {
				tally_resolver(shard, at_ns);
			}
		}
	}
}

void dnsnet_set_tally_handler(dnsnet *dn, dnsnet_tally_fn fn, void *ctx)
{
	dn->tally_fn = fn;
	dn->tally_ctx = ctx;
}

void dnsnet_set_delay(dnsnet *dn, int64_t one_way_ns)
{
	dn->delay_ns = one_way_ns;
}

gboolean dnsnet_set_server_state(dnsnet *dn, const char *server, bool up, double loss,
				 int64_t delay_ns)
{
	auth_server *s = auth_hierarchy_server_by_name(dn->h, server);
	gint si = s != NULL ? server_index(dn, s) : -1;
	if (si < 0) {
		return FALSE;
	}
	struct server_state *st = &g_array_index(dn->servers, struct server_state, si);
	st->up = up;
	st->loss = loss;
	st->delay_ns = delay_ns;
	return TRUE;
}

static struct node *node_new(dnsnet *dn, resolver *r, const char *name, guint index)
{
	struct node *node = g_new0(struct node, 1);
	node->dn = dn;
	node->r = r;
	node->index = index;
	node->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, in_flight_free);
	node->entity = sim_entity_register(dn->engine, name, node_handle, node);
	return node;
}

static void node_free(struct node *node)
{
	if (node->shards != NULL) {
		g_hash_table_destroy(node->shards);
	}
	g_hash_table_destroy(node->pending);
	if (node->parent != NULL) {
		resolver_free(node->r); /* a shard owns its resolver; the world owns the others */
	}
	g_free(node);
}

/* The shard of an ECS resolver for clients at place: its own resolver and cache, seen by the
 * name servers at the client's location (the ECS subnet), reached over the parent's paths. */
static struct node *shard_of(struct node *parent, const struct geo_place *place)
{
	dnsnet *dn = parent->dn;
	struct node *shard = g_hash_table_lookup(parent->shards, place->name);
	if (shard != NULL) {
		return shard;
	}
	resolver *r = dn->shard_fn(dn->shard_ctx, parent->index, place);
	g_autofree char *name = g_strdup_printf("%s ecs %s", resolver_name(parent->r), place->name);
	shard = node_new(dn, r, name, parent->index);
	shard->parent = parent;
	shard->placed = parent->placed;
	shard->place = parent->place;
	shard->has_src = true;
	shard->src = parent->src;
	shard->src.ecs = true;
	shard->src.family = 0; /* clients have places, not addresses (IP-based routing: none) */
	shard->src.prefix_len = 0;
	memset(shard->src.addr, 0, sizeof(shard->src.addr));
	shard->src.known = place->kind != GEO_PLACE_ANYCAST;
	g_strlcpy(shard->src.continent, place->continent, sizeof(shard->src.continent));
	g_strlcpy(shard->src.country, place->country, sizeof(shard->src.country));
	g_strlcpy(shard->src.subdivision,
		  strcmp(place->country, "US") == 0 ? place->subdivision : "",
		  sizeof(shard->src.subdivision));
	shard->src.has_coords = place->kind != GEO_PLACE_ANYCAST;
	shard->src.lat = place->lat;
	shard->src.lon = place->lon;
	g_hash_table_insert(parent->shards, g_strdup(place->name), shard);
	return shard;
}

void dnsnet_query(dnsnet *dn, guint resolver_index, uint32_t qname, uint16_t qtype,
		  uint64_t client_token, const struct geo_place *client_place)
{
	const struct hot_node *hot = &dn->hot[resolver_index];
	if (hot->down) {
		return; /* no answer: the stub's timers run out */
	}
	__builtin_prefetch(hot->cache);
	resolver *r = hot->r;
	struct node *node = NULL; /* looked up only when needed: a cache answer needs none */
	if (hot->ecs && client_place != NULL && dn->shard_fn != NULL) {
		node = shard_of(g_ptr_array_index(dn->nodes, resolver_index), client_place);
		r = node->r;
	}
	struct dns_msg *q = dn->query; /* RD, class IN: only the id and question change */
	q->id = (uint16_t)(client_token & 0xffff);
	q->qname = qname;
	q->qtype = qtype;
	int64_t now = sim_engine_now_ns(dn->engine);
	if (dn->rrset_answer_fn != NULL) {
		uint32_t ttl_s = 0;
		struct dns_rrset *set = resolver_query_answer(r, q, client_token, now, &ttl_s);
		if (set != NULL) {
			/* a shard answers under its resolver's index */
			dn->rrset_answer_fn(dn->answer_ctx, resolver_index, client_token, qname,
					    qtype, set, ttl_s, now);
			dns_rrset_unref(set);
			return; /* nothing queued: the resolver's actions are empty */
		}
	} else {
		resolver_query(r, q, client_token, now);
	}
	pump(node != NULL ? node : g_ptr_array_index(dn->nodes, resolver_index));
}

void dnsnet_prefetch(const dnsnet *dn, guint resolver_index)
{
	if (resolver_index < dn->nodes->len) {
		const struct hot_node *hot = &dn->hot[resolver_index];
		__builtin_prefetch(hot->r);
		__builtin_prefetch(hot->cache);
	}
}

void dnsnet_set_resolver_ecs(dnsnet *dn, guint resolver_index, bool ecs)
{
	struct node *node = g_ptr_array_index(dn->nodes, resolver_index);
	dn->hot[resolver_index].ecs = ecs;
	if (ecs && node->shards == NULL) {
		node->shards = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						     (GDestroyNotify)node_free);
	}
}

void dnsnet_set_shard_factory(dnsnet *dn, dnsnet_shard_fn fn, void *ctx)
{
	dn->shard_fn = fn;
	dn->shard_ctx = ctx;
}

void dnsnet_set_resolver_down(dnsnet *dn, guint resolver_index, bool down)
{
	dn->hot[resolver_index].down = down;
}

void dnsnet_resolver_each(dnsnet *dn, guint resolver_index, void (*fn)(resolver *r, void *ctx),
			  void *ctx)
{
	struct node *node = g_ptr_array_index(dn->nodes, resolver_index);
	fn(node->r, ctx);
	if (node->shards != NULL) {
		GHashTableIter it;
		gpointer shard;
		g_hash_table_iter_init(&it, node->shards);
		while (g_hash_table_iter_next(&it, NULL, &shard)) {
			fn(((struct node *)shard)->r, ctx);
		}
	}
}

void dnsnet_set_geography(dnsnet *dn, net *model)
{
	dn->geo = model;
}

void dnsnet_set_resolver_place(dnsnet *dn, guint resolver_index, const struct geo_place *place)
{
	struct node *node = g_ptr_array_index(dn->nodes, resolver_index);
	node->place = *place;
	node->placed = true;
}

void dnsnet_set_resolver_source(dnsnet *dn, guint resolver_index, const struct auth_r53_source *src)
{
	struct node *node = g_ptr_array_index(dn->nodes, resolver_index);
	node->src = *src;
	node->has_src = true;
}

gboolean dnsnet_set_server_sites(dnsnet *dn, const char *server, const struct geo_place *sites,
				 guint n_sites)
{
	auth_server *s = auth_hierarchy_server_by_name(dn->h, server);
	gint si = s != NULL ? server_index(dn, s) : -1;
	if (si < 0) {
		return FALSE;
	}
	GArray *list = g_array_index(dn->servers, struct server_state, si).sites;
	g_array_set_size(list, 0);
	g_array_append_vals(list, sites, n_sites);
	return TRUE;
}

const GArray *dnsnet_server_queries(const dnsnet *dn)
{
	return dn->queries;
}
