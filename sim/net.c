#include "sim/net.h"

#include <math.h>
#include <string.h>

#include "sim/scenario/model.h"
#include "sim/util.h"

G_DEFINE_QUARK(net - error - quark, net_error)

struct net {
	struct net_params params;
	uint64_t seed;
	GHashTable *links; /* "A\nB" (A <= B by strcmp) -> struct net_link *; lookups only */
};

/* Light in fibre: refractive index about 1.5, so 2/3 of c. */
static const double fibre_km_per_s = NET_C_KM_PER_S * 2.0 / 3.0;

void net_params_init(struct net_params *params)
{
	params->base_ns = SIM_NS_PER_MS;
	params->stretch = 1.5;
	params->jitter = 0.05;
	params->loss = 0.0;
}

void net_link_init(struct net_link *link)
{
	link->latency_ns = -1;
	link->jitter = -1;
	link->loss = -1;
}

net *net_new(const struct net_params *params, uint64_t seed)
{
	SIM_ASSERT(params->base_ns >= 0 && params->stretch >= 1.0);
	SIM_ASSERT(params->jitter >= 0 && params->jitter <= 1 && params->loss >= 0 &&
		   params->loss <= 1);
	net *n = g_new0(net, 1);
	n->params = *params;
	n->seed = seed;
	n->links = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return n;
}

void net_free(net *n)
{
	if (n == NULL) {
		return;
	}
	g_hash_table_destroy(n->links);
	g_free(n);
}

const struct net_params *net_params(const net *n)
{
	return &n->params;
}

/* The table key of the unordered pair {a, b}. Caller owns. */
static char *link_key(const struct geo_place *a, const struct geo_place *b)
{
	SIM_ASSERT(a->kind != GEO_PLACE_ANYCAST && b->kind != GEO_PLACE_ANYCAST);
	if (strcmp(a->name, b->name) > 0) {
		const struct geo_place *t = a;
		a = b;
		b = t;
	}
	return g_strconcat(a->name, "\n", b->name, NULL);
}

static const struct net_link *link_lookup(const net *n, const struct geo_place *a,
					  const struct geo_place *b)
{
	if (g_hash_table_size(n->links) == 0) {
		return NULL;
	}
	g_autofree char *key = link_key(a, b);
	return g_hash_table_lookup(n->links, key);
}

void net_link_set(net *n, const struct geo_place *a, const struct geo_place *b,
		  const struct net_link *link)
{
	SIM_ASSERT(link->jitter <= 1 && link->loss <= 1);
	char *key = link_key(a, b);
	struct net_link *old = g_hash_table_lookup(n->links, key);
	struct net_link merged;
	net_link_init(&merged);
	if (old != NULL) {
		merged = *old;
	}
	if (link->latency_ns >= 0) {
		merged.latency_ns = link->latency_ns;
	}
	if (link->jitter >= 0) {
		merged.jitter = link->jitter;
	}
	if (link->loss >= 0) {
		merged.loss = link->loss;
	}
	if (link->latency_ns < 0 && link->jitter < 0 && link->loss < 0) {
		g_hash_table_remove(n->links, key);
		g_free(key);
		return;
	}
	g_hash_table_replace(n->links, key, g_memdup2(&merged, sizeof(merged)));
}

bool net_link_get(const net *n, const struct geo_place *a, const struct geo_place *b,
		  struct net_link *out)
{
	const struct net_link *l = link_lookup(n, a, b);
	if (l == NULL) {
		net_link_init(out);
		return false;
	}
	*out = *l;
	return true;
}

void net_link_clear(net *n, const struct geo_place *a, const struct geo_place *b)
{
	g_autofree char *key = link_key(a, b);
	g_hash_table_remove(n->links, key);
}

int64_t net_distance_delay_ns(const net *n, double km)
{
	double propagation_s = km * n->params.stretch / fibre_km_per_s;
	return n->params.base_ns + sim_llround(propagation_s * (double)SIM_NS_PER_S);
}

int64_t net_path_delay_ns(const net *n, const struct geo_place *a, const struct geo_place *b)
{
	const struct net_link *l = link_lookup(n, a, b);
	if (l != NULL && l->latency_ns >= 0) {
		return l->latency_ns;
	}
	return net_distance_delay_ns(n, geo_distance_km(a, b));
}

int64_t net_delay_ns(const net *n, const struct geo_place *a, const struct geo_place *b,
		     struct sim_rng *rng)
{
	int64_t delay = net_path_delay_ns(n, a, b);
	if (rng == NULL) {
		return delay;
	}
	return net_jitter_ns(delay, net_jitter_ratio(n, a, b), rng);
}

double net_jitter_ratio(const net *n, const struct geo_place *a, const struct geo_place *b)
{
	const struct net_link *l = link_lookup(n, a, b);
	return l != NULL && l->jitter >= 0 ? l->jitter : n->params.jitter;
}

int64_t net_jitter_ns(int64_t delay_ns, double jitter, struct sim_rng *rng)
{
	double u = sim_rng_uniform(rng);
	return delay_ns + sim_llround((double)delay_ns * jitter * u);
}

double net_loss_ratio(const net *n, const struct geo_place *a, const struct geo_place *b)
{
	const struct net_link *l = link_lookup(n, a, b);
	return l != NULL && l->loss >= 0 ? l->loss : n->params.loss;
}

bool net_loss(const net *n, const struct geo_place *a, const struct geo_place *b,
	      struct sim_rng *rng)
{
	if (rng == NULL) {
		return false;
	}
	double loss = net_loss_ratio(n, a, b);
	return sim_rng_uniform(rng) < loss;
}

void net_path_rng_init(const net *n, const struct geo_place *a, const struct geo_place *b,
		       const char *purpose, struct sim_rng *rng)
{
	g_autofree char *entity = g_strconcat("net:", a->name, ">", b->name, NULL);
	sim_rng_init(rng, n->seed, entity, purpose);
}

/* Resolve one place of a link statement; anycast cannot end a path. */
static gboolean link_place(const struct scenario_arg *arg, struct geo_place *out, GError **error)
{
	if (!geo_place_resolve(arg->text, out)) {
		g_set_error(error, NET_ERROR, NET_ERROR_PLACE, "%s:%d:%d: bad place '%s'",
			    arg->loc.file, arg->loc.line, arg->loc.col, arg->text);
		return FALSE;
	}
	if (out->kind == GEO_PLACE_ANYCAST) {
		g_set_error(error, NET_ERROR, NET_ERROR_PLACE,
			    "%s:%d:%d: a link joins two places; 'anycast' is a set of sites, "
			    "expected the place of one site (a country, US state, AWS Region or "
			    "coordinates)",
			    arg->loc.file, arg->loc.line, arg->loc.col);
		return FALSE;
	}
	return TRUE;
}

net *net_new_from_scenario(const struct scenario *sc, GError **error)
{
	struct net_params params;
	net_params_init(&params);
	const struct scenario_stmt *ns = scenario_find(sc, SCENARIO_KIND_NETWORK, NULL);
	if (ns != NULL) {
		const struct scenario_attr *a;
		if ((a = scenario_stmt_attr(ns, "base")) != NULL) {
			params.base_ns = a->i;
		}
		if ((a = scenario_stmt_attr(ns, "stretch")) != NULL) {
			params.stretch = a->d;
		}
		if ((a = scenario_stmt_attr(ns, "jitter")) != NULL) {
			params.jitter = a->d;
		}
		if ((a = scenario_stmt_attr(ns, "loss")) != NULL) {
			params.loss = a->d;
		}
	}
	g_autoptr(net) n = net_new(&params, sc->seed);
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_LINK) {
			continue;
		}
		SIM_ASSERT(s->args->len == 2); /* the validator checks it */
		struct geo_place a;
		struct geo_place b;
		if (!link_place(g_ptr_array_index(s->args, 0), &a, error) ||
		    !link_place(g_ptr_array_index(s->args, 1), &b, error)) {
			return NULL;
		}
		struct net_link link;
		net_link_init(&link);
		const struct scenario_attr *attr;
		if ((attr = scenario_stmt_attr(s, "latency")) != NULL) {
			link.latency_ns = attr->i;
		}
		if ((attr = scenario_stmt_attr(s, "jitter")) != NULL) {
			link.jitter = attr->d;
		}
		if ((attr = scenario_stmt_attr(s, "loss")) != NULL) {
			link.loss = attr->d;
		}
		net_link_set(n, &a, &b, &link);
	}
	return g_steal_pointer(&n);
}
