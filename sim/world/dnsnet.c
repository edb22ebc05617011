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
};

struct in_flight {
	uint64_t token;
	struct dns_msg *msg;
};

struct node {
	dnsnet *net;
	resolver *r;
	guint index;
	uint32_t entity;
	GHashTable *pending; /* id -> struct in_flight * */
	uint64_t next_id;
};

struct dnsnet {
	sim_engine *engine;
	auth_hierarchy *h;
	dns_names *names;
	struct sim_rng rng;
	GPtrArray *nodes; /* struct node * */
	GArray *servers;  /* struct server_state, by hierarchy index */
	GArray *queries;  /* uint64_t, by hierarchy index */
	int64_t delay_ns;
	dnsnet_answer_fn answer_fn;
	void *answer_ctx;
};

static void in_flight_free(gpointer p)
{
	struct in_flight *f = p;
	dns_msg_free(f->msg);
	g_free(f);
}

static gint server_index(const dnsnet *net, const auth_server *s)
{
	for (guint i = 0; i < auth_hierarchy_server_count(net->h); i++) {
		if (auth_hierarchy_server(net->h, i) == s) {
			return (gint)i;
		}
	}
	return -1;
}

/* Carry out what the resolver asked for. */
static void pump(struct node *node)
{
	dnsnet *net = node->net;
	struct resolver_action a;
	int64_t now = sim_engine_now_ns(net->engine);
	while (resolver_next_action(node->r, &a)) {
		switch (a.kind) {
		case RESOLVER_ACTION_TIMER:
			sim_event_schedule(net->engine, MAX(a.at_ns, now), node->entity, EV_TIMER,
					   a.token);
			break;
		case RESOLVER_ACTION_ANSWER:
			if (net->answer_fn != NULL) {
				net->answer_fn(net->answer_ctx, node->index, a.client_token, a.msg,
					       now);
			}
			dns_msg_free(a.msg);
			break;
		case RESOLVER_ACTION_SEND: {
			auth_server *s = auth_hierarchy_server_by_address(net->h, a.address);
			gint si = s != NULL ? server_index(net, s) : -1;
			struct server_state *st =
			    si >= 0 ? &g_array_index(net->servers, struct server_state, si) : NULL;
			if (si >= 0) {
				g_array_index(net->queries, uint64_t, si)++;
			}
			/* loss is drawn for the query and the answer alike: one draw per exchange
			 */
			bool lost = st == NULL || !st->up ||
				    (st->loss > 0 && sim_rng_uniform(&net->rng) < st->loss);
			if (!lost) {
				struct in_flight *f = g_new0(struct in_flight, 1);
				f->token = a.token;
				f->msg = auth_server_answer(
				    s, net->names, a.msg,
				    a.tcp ? AUTH_TRANSPORT_TCP : AUTH_TRANSPORT_UDP, NULL);
				uint64_t id = node->next_id++;
				g_hash_table_insert(node->pending, g_memdup2(&id, sizeof(id)), f);
				int64_t rtt = 2 * net->delay_ns + st->delay_ns;
				sim_event_schedule(net->engine, now + rtt, node->entity,
						   EV_RESPONSE, id);
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
	dnsnet *net = g_new0(dnsnet, 1);
	net->engine = engine;
	net->h = hierarchy;
	net->names = names;
	sim_rng_init(&net->rng, seed, "network", "loss");
	net->nodes = g_ptr_array_new();
	guint n = auth_hierarchy_server_count(hierarchy);
	net->servers = g_array_sized_new(FALSE, TRUE, sizeof(struct server_state), n);
	net->queries = g_array_sized_new(FALSE, TRUE, sizeof(uint64_t), n);
	g_array_set_size(net->queries, n);
	for (guint i = 0; i < n; i++) {
		struct server_state st = { .up = true };
		g_array_append_val(net->servers, st);
	}
	net->delay_ns = 10 * SIM_NS_PER_MS;
	return net;
}

void dnsnet_free(dnsnet *net)
{
	if (net == NULL) {
		return;
	}
	for (guint i = 0; i < net->nodes->len; i++) {
		struct node *node = g_ptr_array_index(net->nodes, i);
		g_hash_table_destroy(node->pending);
		g_free(node);
	}
	g_ptr_array_free(net->nodes, TRUE);
	g_array_free(net->servers, TRUE);
	g_array_free(net->queries, TRUE);
	g_free(net);
}

guint dnsnet_add_resolver(dnsnet *net, resolver *r, const char *name)
{
	struct node *node = g_new0(struct node, 1);
	node->net = net;
	node->r = r;
	node->index = net->nodes->len;
	node->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, in_flight_free);
	node->entity = sim_entity_register(net->engine, name, node_handle, node);
	g_ptr_array_add(net->nodes, node);
	return node->index;
}

void dnsnet_set_answer_handler(dnsnet *net, dnsnet_answer_fn fn, void *ctx)
{
	net->answer_fn = fn;
	net->answer_ctx = ctx;
}

void dnsnet_set_delay(dnsnet *net, int64_t one_way_ns)
{
	net->delay_ns = one_way_ns;
}

gboolean dnsnet_set_server_state(dnsnet *net, const char *server, bool up, double loss,
				 int64_t delay_ns)
{
	auth_server *s = auth_hierarchy_server_by_name(net->h, server);
	gint si = s != NULL ? server_index(net, s) : -1;
	if (si < 0) {
		return FALSE;
	}
	struct server_state *st = &g_array_index(net->servers, struct server_state, si);
	st->up = up;
	st->loss = loss;
	st->delay_ns = delay_ns;
	return TRUE;
}

void dnsnet_query(dnsnet *net, guint resolver_index, uint32_t qname, uint16_t qtype,
		  uint64_t client_token)
{
	struct node *node = g_ptr_array_index(net->nodes, resolver_index);
	struct dns_msg *q =
	    dns_msg_new((uint16_t)(client_token & 0xffff), qname, qtype, LDNS_RR_CLASS_IN);
	q->rd = true;
	resolver_query(node->r, q, client_token, sim_engine_now_ns(net->engine));
	dns_msg_free(q);
	pump(node);
}

const GArray *dnsnet_server_queries(const dnsnet *net)
{
	return net->queries;
}
