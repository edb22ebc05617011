#include "sim/world/world.h"

#include <arpa/inet.h>

#include "authoritative/health.h"
#include "authoritative/route53/route53.h"
#include "sim/rng.h"
#include "sim/scenario/value.h"
#include "sim/world/clients.h"

#include <string.h>

#include "sim/util.h"

enum backend_state {
	BACKEND_UP,
	BACKEND_DOWN,
	BACKEND_SLOW,
	BACKEND_HEALTH_ENDPOINT_ONLY,
	BACKEND_FLAPPING,
};

static const char *const backend_state_names[] = { "up",       "down",
						   "slow",     "health-endpoint-only",
						   "flapping", NULL };

enum world_event_kind {
	EV_ACTION_START,
	EV_ACTION_END,
	EV_FLAP,
	EV_TALLY, /* the end of a report bucket: the resolvers' traffic counts of that bucket */
	EV_R53_SYNC_START, /* a Route 53 record change reaches the name servers */
	EV_R53_SYNC_END,   /* the undo of a ranged one does */
};

struct backend {
	world *w;
	const char *name; /* the statement's */
	uint32_t entity;
	struct world_counter *requests; /* backend.NAME.requests, made at its first request */
	struct world_counter *health_requests; /* backend.NAME.health-requests, when checked */
	/* capacity= (users' connections per second; 0 = no limit): beyond it, in each second of
	 * virtual time, new connections are dropped as by a full accept queue */
	double capacity;
	int64_t window_s;      /* the second being counted */
	uint64_t window_count; /* connections accepted in it */
	enum backend_state state;
	bool flap_serving; /* phase of a flapping backend */
	int64_t flap_period_ns;
	struct sim_event_handle flap;
	struct world_track *serving;
};

struct server {
	world *w;
	uint32_t entity;
	bool up;
	double loss;
	int64_t delay_ns;
	struct world_track *up_track;
};

/* One address of a backend, as rdata bytes (A: 4, AAAA: 16). */
struct backend_address {
	guint backend; /* index in world.backends */
	uint8_t len;
	uint8_t bytes[16];
};

/* What a ranged action changed, to restore it at the end of the range. */
struct undo {
	int backend_state;
	int64_t flap_period_ns;
	double backend_capacity;
	bool server_up;
	double server_loss;
	int64_t server_delay_ns;
	bool had_link; /* link: the override before the action, if there was one */
	struct net_link link;
};

struct world_resolver {
	char *name;
	resolver *r;
	guint net_index;
};

struct world {
	const struct scenario *sc;
	sim_engine *engine;
	/* the report bucket of the last count, [bucket_start_ns, + bucket_ns): counting in the
	 * same bucket again needs no division */
	int64_t bucket_start_ns;
	guint bucket_index;
	dns_names *names;
	auth_hierarchy *hierarchy;
	net *geo;
	dnsnet *net;
	hc_model *health;
	struct auth_r53_env r53_env;
	struct sim_rng r53_rng;
	auth_r53_cidr *cidr;
	auth_r53_aws *aws;
	GPtrArray *problems;  /* char * */
	GPtrArray *resolvers; /* struct world_resolver * */
	clients *clients;
	recovery *recovery;  /* how clients move away from each failed backend */
	GPtrArray *counters; /* struct world_counter * */
	GHashTable *counter_by_name;
	uint32_t timeline_entity;
	GPtrArray *backends; /* struct backend * */
	GPtrArray *servers;  /* struct server * */
	GHashTable *backend_by_name;
	GHashTable *server_by_name;
	GPtrArray *tracks;
	GArray *events;
	struct undo *undo; /* per action */
	GArray *addresses; /* struct backend_address: every backend's addresses, for connects */
	struct world_counter *outcomes[CLIENTS_OUTCOME_COUNT];
	GPtrArray *server_tally;   /* struct world_counter * by hierarchy server index, or NULL */
	GPtrArray *resolver_tally; /* by 2 x dnsnet index: client queries, then cache hits */
	uint64_t actions_applied;
	int64_t r53_change_delay_ns; /* route53 change-propagation= */
};

static struct world_track *track_new(world *w, enum scenario_kind kind, const char *entity,
				     const char *what, double initial)
{
	struct world_track *t = g_new0(struct world_track, 1);
	t->kind = kind;
	t->entity = g_strdup(entity);
	t->name = g_strdup_printf("%s.%s.%s", scenario_stmt_spec_of(kind)->keyword, entity, what);
	t->steps = g_array_new(FALSE, FALSE, sizeof(struct world_step));
	struct world_step s = { 0, initial };
	g_array_append_val(t->steps, s);
	g_ptr_array_add(w->tracks, t);
	return t;
}

static void track_set(struct world_track *t, int64_t now, double value)
{
	struct world_step *last = &g_array_index(t->steps, struct world_step, t->steps->len - 1);
	if (last->value == value) {
		return;
	}
	if (last->at_ns == now) {
		last->value = value; /* several changes at one instant: the last one holds */
		return;
	}
	struct world_step s = { now, value };
	g_array_append_val(t->steps, s);
}

static bool backend_serving(const struct backend *b)
{
	switch (b->state) {
	case BACKEND_UP:
	case BACKEND_SLOW:
		return true;
	case BACKEND_FLAPPING:
		return b->flap_serving;
	case BACKEND_DOWN:
	case BACKEND_HEALTH_ENDPOINT_ONLY:
		return false;
	}
	return false;
}

static void backend_set_state(struct backend *b, enum backend_state state, int64_t period_ns)
{
	sim_engine *e = b->w->engine;
	sim_event_cancel(e, b->flap);
	b->flap = (struct sim_event_handle){ 0, 0 };
	b->state = state;
	if (state == BACKEND_FLAPPING) {
		/* a flapping backend starts its cycle failing: down half a period, up half */
		b->flap_period_ns = period_ns;
		b->flap_serving = false;
		b->flap = sim_event_schedule_in(e, period_ns / 2, b->entity, EV_FLAP, 0);
	}
	track_set(b->serving, sim_engine_now_ns(e), backend_serving(b) ? 1.0 : 0.0);
}

static void backend_handle(sim_engine *e, void *ctx, uint32_t kind, uint64_t arg)
{
	struct backend *b = ctx;
	SIM_ASSERT(kind == EV_FLAP && b->state == BACKEND_FLAPPING);
	b->flap_serving = !b->flap_serving;
	int64_t half = b->flap_period_ns / 2;
	b->flap = sim_event_schedule_in(e, half > 0 ? half : 1, b->entity, EV_FLAP, 0);
	track_set(b->serving, sim_engine_now_ns(e), backend_serving(b) ? 1.0 : 0.0);
}

static void server_handle(sim_engine *e, void *ctx, uint32_t kind, uint64_t arg)
{
	SIM_ASSERT(!"name servers have no events of their own yet");
}

static int enum_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], s) == 0) {
			return i;
		}
	}
	return -1;
}

/* A later effect of an action already counted (a Route 53 change reaching the servers). */
static void log_effect(world *w, const struct scenario_action *a, bool is_end, const char *effect)
{
	struct world_event ev = { sim_engine_now_ns(w->engine), a, is_end, effect };
	g_array_append_val(w->events, ev);
}

static void log_event(world *w, const struct scenario_action *a, bool is_end, const char *effect)
{
	log_effect(w, a, is_end, effect);
	w->actions_applied++;
}

static struct world_counter *counter(world *w, const char *name);
static void count_in(world *w, struct world_counter *c, int64_t now);

/* The index of a backend in world.backends. */
static int backend_index(const world *w, const struct backend *b)
{
	for (guint i = 0; i < w->backends->len; i++) {
		if (g_ptr_array_index(w->backends, i) == b) {
			return (int)i;
		}
	}
	return -1;
}

static void apply_backend(world *w, const struct scenario_action *a, guint index, bool is_end)
{
	struct backend *b = g_hash_table_lookup(w->backend_by_name, a->target_name);
	SIM_ASSERT(b != NULL);
	struct undo *u = &w->undo[index];
	if (is_end) {
		b->capacity = u->backend_capacity;
		backend_set_state(b, (enum backend_state)u->backend_state, u->flap_period_ns);
		if (backend_serving(b) && b->state != BACKEND_FLAPPING) {
			recovery_failure_end(w->recovery, backend_index(w, b),
					     sim_engine_now_ns(w->engine));
		}
		log_event(w, a, true, "backend state restored");
		return;
	}
	u->backend_state = (int)b->state;
	u->flap_period_ns = b->flap_period_ns;
	u->backend_capacity = b->capacity;
	const struct scenario_attr *capacity = scenario_attrs_get(a->attrs, "capacity");
	if (capacity != NULL) {
		b->capacity = capacity->d;
	}
	const struct scenario_attr *period = scenario_attrs_get(a->attrs, "period");
	int64_t period_ns = period != NULL ? period->i : 2 * SIM_NS_PER_MIN;
	if (a->verb != NULL &&
	    (strcmp(a->verb, "down") == 0 || strcmp(a->verb, "health-endpoint-only") == 0 ||
	     strcmp(a->verb, "flapping") == 0)) {
		recovery_failure_start(w->recovery, backend_index(w, b), b->name,
				       sim_engine_now_ns(w->engine));
	}
	if (a->verb != NULL && (strcmp(a->verb, "up") == 0 || strcmp(a->verb, "slow") == 0)) {
		recovery_failure_end(w->recovery, backend_index(w, b),
				     sim_engine_now_ns(w->engine));
	}
	if (a->verb != NULL) {
		int s = enum_index(backend_state_names, a->verb);
		SIM_ASSERT(s >= 0);
		backend_set_state(b, (enum backend_state)s, period_ns);
		log_event(w, a, false, "backend state changed");
	} else {
		log_event(w, a, false, capacity != NULL ? "backend capacity changed" : "recorded");
	}
}

static void apply_server(world *w, const struct scenario_action *a, guint index, bool is_end)
{
	struct server *s = g_hash_table_lookup(w->server_by_name, a->target_name);
	SIM_ASSERT(s != NULL);
	struct undo *u = &w->undo[index];
	int64_t now = sim_engine_now_ns(w->engine);
	if (is_end) {
		s->up = u->server_up;
		s->loss = u->server_loss;
		s->delay_ns = u->server_delay_ns;
		track_set(s->up_track, now, s->up ? 1.0 : 0.0);
		dnsnet_set_server_state(w->net, a->target_name, s->up, s->loss, s->delay_ns);
		log_event(w, a, true, "server state restored");
		return;
	}
	u->server_up = s->up;
	u->server_loss = s->loss;
	u->server_delay_ns = s->delay_ns;
	if (a->verb != NULL) {
		s->up = strcmp(a->verb, "up") == 0;
	}
	const struct scenario_attr *loss = scenario_attrs_get(a->attrs, "loss");
	const struct scenario_attr *delay = scenario_attrs_get(a->attrs, "delay");
	if (loss != NULL) {
		s->loss = loss->d;
	}
	if (delay != NULL) {
		s->delay_ns = delay->i;
	}
	track_set(s->up_track, now, s->up ? 1.0 : 0.0);
	dnsnet_set_server_state(w->net, a->target_name, s->up, s->loss, s->delay_ns);
	log_event(w, a, false, "server state changed");
}

static void flush_one(resolver *r, void *ctx)
{
	resolver_cache_flush(resolver_get_cache(r));
}

static void restart_one(resolver *r, void *ctx)
{
	resolver_restart(r);
}

static void apply_resolver(world *w, const struct scenario_action *a, bool is_end)
{
	guint net_index;
	resolver *r = world_resolver(w, a->target_name, &net_index);
	SIM_ASSERT(r != NULL);
	if (a->verb != NULL && strcmp(a->verb, "flush") == 0) {
		dnsnet_resolver_each(w->net, net_index, flush_one, NULL);
		log_event(w, a, is_end, "resolver cache flushed");
	} else if (a->verb != NULL && strcmp(a->verb, "restart") == 0) {
		dnsnet_resolver_each(w->net, net_index, restart_one, NULL);
		log_event(w, a, is_end, "resolver restarted (cache and server knowledge dropped)");
	} else if (a->verb != NULL && strcmp(a->verb, "down") == 0) {
		/* a ranged outage ends with the range */
		dnsnet_set_resolver_down(w->net, net_index, !is_end);
		log_event(w, a, is_end,
			  is_end ? "resolver answers again" : "resolver down: no answers");
	} else if (a->verb != NULL && strcmp(a->verb, "up") == 0) {
		dnsnet_set_resolver_down(w->net, net_index, false);
		log_event(w, a, is_end, "resolver answers again");
	}
}

/* Effect text for events.csv from text (freed here), kept for the whole run: the events hold
 * static text. Double quotes become single ones, as the CSV writer quotes the field. */
static const char *effect_text(char *text)
{
	g_strdelimit(text, "\"", '\'');
	const char *kept = g_intern_string(text);
	g_free(text);
	return kept;
}

/* The effect of a zone change: done, nothing to do, or refused with the reason. */
static const char *edit_effect(enum auth_edit edit, const char *done, const char *unchanged,
			       const GError *error)
{
	switch (edit) {
	case AUTH_EDIT_CHANGED:
		return done;
	case AUTH_EDIT_UNCHANGED:
		return unchanged;
	case AUTH_EDIT_REFUSED:
		break;
	}
	return effect_text(g_strdup_printf("refused: %s", error != NULL ? error->message : "?"));
}

/* zone ORIGIN add "RR" | remove "RR" | delegate servers=NS,... (validation rejects ranges) */
static void apply_zone(world *w, const struct scenario_action *a, bool is_end)
{
	dns_names *names = world_names(w);
	auth_hierarchy *h = world_hierarchy(w);
	if (is_end || a->verb == NULL) {
		log_event(w, a, is_end, "nothing to do: servers= takes effect with delegate");
		return;
	}
	uint32_t origin = dns_name_intern(names, a->target_name);
	auth_zone *zone =
	    origin != DNS_NAME_NONE ? auth_hierarchy_zone_for_origin(h, origin) : NULL;
	SIM_ASSERT(zone != NULL); /* validation checked the zone statement */
	g_autoptr(GError) error = NULL;
	if (strcmp(a->verb, "delegate") == 0) {
		const struct scenario_attr *servers = scenario_attrs_get(a->attrs, "servers");
		SIM_ASSERT(servers != NULL);
		g_auto(GStrv) items = scenario_attr_items(servers);
		for (guint i = 0; items[i] != NULL; i++) {
			g_strstrip(items[i]);
		}
		enum auth_edit edit =
		    auth_hierarchy_delegate(h, origin, (const char *const *)items, &error);
		const char *done =
		    effect_text(edit == AUTH_EDIT_CHANGED
				    ? g_strdup_printf("zone re-delegated to %s", servers->text)
				    : g_strdup_printf("already delegated to %s; nothing changed",
						      servers->text));
		log_event(w, a, false, edit_effect(edit, done, done, error));
		return;
	}
	SIM_ASSERT(a->args->len == 1);
	const struct scenario_arg *text = g_ptr_array_index(a->args, 0);
	ldns_rr *rr = auth_zone_rr_from_text(zone, names, text->text, &error);
	if (rr == NULL) {
		log_event(w, a, false, edit_effect(AUTH_EDIT_REFUSED, NULL, NULL, error));
		return;
	}
	if (strcmp(a->verb, "add") == 0) {
		bool soa = ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA;
		enum auth_edit edit = auth_zone_update_rr(zone, names, rr, &error);
		log_event(w, a, false,
			  edit_effect(edit, soa ? "SOA replaced" : "record added",
				      "record already there; nothing changed", error));
	} else {
		SIM_ASSERT(strcmp(a->verb, "remove") == 0);
		enum auth_edit edit = auth_zone_remove_rr(zone, names, rr, &error);
		ldns_rr_free(rr);
		log_event(
		    w, a, false,
		    edit_effect(edit, "record removed", "no such record; nothing removed", error));
	}
}

/*
 * A `record` action on a Route 53 record set (set=, weight=, health=, ttl=, value=, remove), or
 * its undo at the end of a range (the set as it was comes back). Returns the effect for
 * events.csv.
 */
static const char *r53_record_change(world *w, const struct scenario_action *a, guint index,
				     bool is_end)
{
	dns_names *names = world_names(w);
	const char *type_text = ((const struct scenario_arg *)g_ptr_array_index(a->args, 0))->text;
	uint16_t type = (uint16_t)ldns_get_rr_type_by_name(type_text);
	uint32_t owner = dns_name_intern(names, a->target_name);
	if (is_end) {
		enum auth_edit edit = auth_hierarchy_undo_r53_set(w->hierarchy, index);
		return edit == AUTH_EDIT_CHANGED ? "Route 53 record set restored"
						 : "nothing to restore";
	}
	const struct scenario_attr *set = scenario_attrs_get(a->attrs, "set");
	const struct scenario_attr *weight = scenario_attrs_get(a->attrs, "weight");
	const struct scenario_attr *health = scenario_attrs_get(a->attrs, "health");
	const struct scenario_attr *ttl = scenario_attrs_get(a->attrs, "ttl");
	const struct scenario_attr *value = scenario_attrs_get(a->attrs, "value");
	g_auto(GStrv) rdata = value != NULL ? scenario_attr_items(value) : NULL;
	for (guint i = 0; rdata != NULL && rdata[i] != NULL; i++) {
		g_strstrip(rdata[i]);
	}
	struct auth_r53_change change = {
		.remove = a->verb != NULL && strcmp(a->verb, "remove") == 0,
		.weight_set = weight != NULL,
		.weight = weight != NULL ? (unsigned)weight->i : 0,
		.health_set = health != NULL,
		.health = health != NULL ? auth_r53_health_index(w->sc, health->text)
					 : AUTH_R53_NO_HEALTH,
		.ttl_set = ttl != NULL,
		.ttl = ttl != NULL ? (uint32_t)(ttl->i / SIM_NS_PER_S) : 0,
		.rdata = (const char *const *)rdata,
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GString) effect = g_string_new(NULL);
	enum auth_edit edit = auth_hierarchy_change_r53_set(
	    w->hierarchy, owner, type, set != NULL ? set->text : NULL, &change,
	    a->until_ns >= 0 ? index : AUTH_UNDO_NONE, effect, &error);
	const char *done =
	    edit == AUTH_EDIT_CHANGED
		? effect_text(g_strdup_printf("Route 53 record set: %s", effect->str))
		: NULL;
	return edit_effect(edit, done, "Route 53 record set already so; nothing changed", error);
}

/* record OWNER TYPE [set=ID] (remove | ttl=.. | value=..); ttl= and value= are undone at the
 * end of a range (the TTL and data from before come back) */
static void apply_record(world *w, const struct scenario_action *a, guint index, bool is_end)
{
	dns_names *names = world_names(w);
	auth_hierarchy *h = world_hierarchy(w);
	SIM_ASSERT(a->args->len >= 1);
	const char *type_text = ((const struct scenario_arg *)g_ptr_array_index(a->args, 0))->text;
	uint16_t type = (uint16_t)ldns_get_rr_type_by_name(type_text);
	uint32_t owner = dns_name_intern(names, a->target_name);
	SIM_ASSERT(owner != DNS_NAME_NONE && type != 0); /* validated */
	g_autoptr(GError) error = NULL;
	auth_zone *zone = auth_hierarchy_zone_for_rrset(h, owner, type);
	static const char *const route53_keys[] = { "set", "weight", "health" };
	bool route53 = zone != NULL && auth_zone_is_route53(zone, owner, type);
	for (size_t i = 0; i < G_N_ELEMENTS(route53_keys); i++) {
		route53 |= scenario_attrs_get(a->attrs, route53_keys[i]) != NULL;
	}
	if (route53 && w->r53_change_delay_ns > 0) {
		/* route53.md 6.2, edge case 54: PENDING until the change reaches every server */
		g_autofree char *delay = scenario_format_duration(w->r53_change_delay_ns);
		log_event(w, a, is_end,
			  effect_text(g_strdup_printf("Route 53 change submitted; in sync after %s",
						      delay)));
		sim_event_schedule_in(w->engine, w->r53_change_delay_ns, w->timeline_entity,
				      is_end ? EV_R53_SYNC_END : EV_R53_SYNC_START, index);
		return;
	}
	if (route53) {
		log_event(w, a, is_end, r53_record_change(w, a, index, is_end));
		return;
	}
	if (is_end) {
		enum auth_edit edit = auth_hierarchy_undo_rrset(h, index, &error);
		zone = auth_hierarchy_zone_for_rrset(h, owner, type);
		const struct dns_rrset *set =
		    zone != NULL ? auth_zone_find(zone, owner, type) : NULL;
		const char *done = "RRset restored (removed)";
		if (edit == AUTH_EDIT_CHANGED && set != NULL) {
			done = effect_text(g_strdup_printf("RRset restored (TTL %us)", set->ttl));
		}
		log_event(w, a, true, edit_effect(edit, done, "nothing to restore", error));
		return;
	}
	if (zone == NULL) {
		log_event(w, a, false,
			  effect_text(g_strdup_printf("no %s RRset at %s; nothing changed",
						      type_text, dns_name_text(names, owner))));
		return;
	}
	if (a->verb != NULL) {
		SIM_ASSERT(strcmp(a->verb, "remove") == 0);
		enum auth_edit edit = auth_zone_remove_rrset(zone, names, owner, type, &error);
		log_event(
		    w, a, false,
		    edit_effect(edit, "RRset removed", "no such RRset; nothing removed", error));
		return;
	}
	const struct scenario_attr *ttl = scenario_attrs_get(a->attrs, "ttl");
	const struct scenario_attr *value = scenario_attrs_get(a->attrs, "value");
	g_auto(GStrv) rdata = value != NULL ? scenario_attr_items(value) : NULL;
	for (guint i = 0; rdata != NULL && rdata[i] != NULL; i++) {
		g_strstrip(rdata[i]);
	}
	struct auth_rrset_change change = {
		.ttl_set = ttl != NULL,
		.ttl = ttl != NULL ? (uint32_t)(ttl->i / SIM_NS_PER_S) : 0,
		.rdata = (const char *const *)rdata,
	};
	enum auth_edit edit = auth_hierarchy_change_rrset(
	    h, zone, owner, type, &change, a->until_ns >= 0 ? index : AUTH_UNDO_NONE, &error);
	const char *done = "RRset data replaced";
	if (edit == AUTH_EDIT_CHANGED && value == NULL) {
		done = effect_text(g_strdup_printf("RRset TTL changed to %us", change.ttl));
	} else if (edit == AUTH_EDIT_CHANGED && ttl != NULL) {
		done = effect_text(g_strdup_printf("RRset data replaced, TTL %us", change.ttl));
	}
	log_event(w, a, false, edit_effect(edit, done, "RRset already so; nothing changed", error));
}

/* `clients NAME rate=` changes the population's request rate; a range restores it */
static void apply_clients(world *w, const struct scenario_action *a, guint index, bool is_end)
{
	const struct scenario_attr *rate = scenario_attrs_get(a->attrs, "rate");
	guint pop = 0;
	while (pop < clients_count(w->clients) &&
	       strcmp(clients_name(w->clients, pop), a->target_name) != 0) {
		pop++;
	}
	if (rate == NULL || pop == clients_count(w->clients)) {
		log_event(w, a, is_end, "recorded; only rate= is modelled for clients");
		return;
	}
	const struct scenario_stmt *s = scenario_find(w->sc, SCENARIO_KIND_CLIENTS, a->target_name);
	const struct scenario_attr *before = scenario_stmt_attr(s, "rate");
	clients_set_rate(w->clients, pop, is_end ? (before != NULL ? before->d : 0) : rate->d);
	log_event(w, a, is_end, is_end ? "client rate restored" : "client rate changed");
}

/*
 * `link A B latency= jitter= loss=` changes the network model's override for the pair: the
 * keys given replace the old ones (net_link_set()); a range restores the override as it was.
 * Exchanges between resolvers and servers read the model as they happen; the client
 * populations' paths to their resolvers are read again. Queries on their way keep their delay.
 */
static void apply_link(world *w, const struct scenario_action *a, guint index, bool is_end)
{
	struct geo_place pa;
	struct geo_place pb;
	const struct scenario_arg *b = a->args->len > 0 ? g_ptr_array_index(a->args, 0) : NULL;
	/* the validator accepted both places, none of them anycast */
	bool ok = b != NULL && geo_place_resolve(a->target_name, &pa) &&
		  geo_place_resolve(b->text, &pb) && pa.kind != GEO_PLACE_ANYCAST &&
		  pb.kind != GEO_PLACE_ANYCAST;
	SIM_ASSERT(ok);
	struct undo *u = &w->undo[index];
	if (is_end) {
		net_link_clear(w->geo, &pa, &pb);
		if (u->had_link) {
			net_link_set(w->geo, &pa, &pb, &u->link);
		}
	} else {
		u->had_link = net_link_get(w->geo, &pa, &pb, &u->link);
		struct net_link change;
		net_link_init(&change);
		const struct scenario_attr *attr;
		if ((attr = scenario_attrs_get(a->attrs, "latency")) != NULL) {
			change.latency_ns = attr->i;
		}
		if ((attr = scenario_attrs_get(a->attrs, "jitter")) != NULL) {
			change.jitter = attr->d;
		}
		if ((attr = scenario_attrs_get(a->attrs, "loss")) != NULL) {
			change.loss = attr->d;
		}
		net_link_set(w->geo, &pa, &pb, &change);
	}
	if (w->clients != NULL) {
		clients_refresh_paths(w->clients);
	}
	log_event(w, a, is_end, is_end ? "link restored" : "link changed");
}

/* enable/disable/invert/uninvert a health check; a range undoes it at its end */
static void apply_health(world *w, const struct scenario_action *a, bool is_end)
{
	int index = w->health != NULL ? hc_index(w->health, a->target_name) : -1;
	if (index < 0 || a->verb == NULL) {
		log_event(w, a, is_end, "recorded; no health model for this check");
		return;
	}
	bool on = !is_end;
	if (strcmp(a->verb, "disable") == 0 || strcmp(a->verb, "enable") == 0) {
		bool disable = (strcmp(a->verb, "disable") == 0) == on;
		hc_set_disabled(w->health, (uint32_t)index, disable);
		log_event(w, a, is_end, disable ? "health check disabled" : "health check enabled");
	} else {
		bool invert = (strcmp(a->verb, "invert") == 0) == on;
		hc_set_inverted(w->health, (uint32_t)index, invert);
		log_event(w, a, is_end,
			  invert ? "health check inverted" : "health check uninverted");
	}
}

static void timeline_handle(sim_engine *e, void *ctx, uint32_t kind, uint64_t arg)
{
	world *w = ctx;
	if (kind == EV_TALLY) {
		int64_t now = sim_engine_now_ns(e);
		dnsnet_tally_resolvers(w->net, now - 1);
		sim_event_schedule(e, now + w->sc->bucket_ns, w->timeline_entity, EV_TALLY, 0);
		return;
	}
	guint index = (guint)arg;
	const struct scenario_action *a = g_ptr_array_index(w->sc->actions, index);
	if (kind == EV_R53_SYNC_START || kind == EV_R53_SYNC_END) {
		bool end = kind == EV_R53_SYNC_END;
		const char *effect = r53_record_change(w, a, index, end);
		log_effect(w, a, end, effect_text(g_strdup_printf("in sync: %s", effect)));
		return;
	}
	bool is_end = kind == EV_ACTION_END;
	switch (a->target) {
	case SCENARIO_TARGET_BACKEND:
		apply_backend(w, a, index, is_end);
		break;
	case SCENARIO_TARGET_SERVER:
		apply_server(w, a, index, is_end);
		break;
	case SCENARIO_TARGET_RESOLVER:
		apply_resolver(w, a, is_end);
		break;
	case SCENARIO_TARGET_HEALTH:
		apply_health(w, a, is_end);
		break;
	case SCENARIO_TARGET_CLIENTS:
		apply_clients(w, a, index, is_end);
		break;
	case SCENARIO_TARGET_ZONE:
		apply_zone(w, a, is_end);
		break;
	case SCENARIO_TARGET_RECORD:
		apply_record(w, a, index, is_end);
		break;
	case SCENARIO_TARGET_LINK:
		apply_link(w, a, index, is_end);
		break;
	default:
		log_event(w, a, is_end, "recorded; this target has no model in this version");
		break;
	}
}

/* A resolver statement's profile: its preset, then every knob the statement sets. */
static struct resolver_profile profile_of(const struct scenario_stmt *s)
{
	const struct scenario_attr *name = scenario_stmt_attr(s, "profile");
	const struct resolver_profile *preset =
	    resolver_profile_find(name != NULL ? name->text : "unbound");
	SIM_ASSERT(preset != NULL); /* the validator accepts preset names only */
	struct resolver_profile p = *preset;
	for (guint i = 0; i < s->attrs->len; i++) {
		const struct scenario_attr *a = g_ptr_array_index(s->attrs, i);
		/* keys the world uses itself are not profile knobs */
		static const char *const world_keys[] = { "profile", "at",	"address", "ecs",
							  "vpc",     "forward", NULL };
		if (!g_strv_contains(world_keys, a->key)) {
			gboolean known = resolver_profile_apply(&p, a->key, a->i);
			SIM_ASSERT(known);
		}
	}
	return p;
}

/* Resolve an `at=` value; FALSE for none. The validator accepted it, so it resolves. */
static bool place_of(const struct scenario_stmt *s, struct geo_place *out)
{
	const struct scenario_attr *at = scenario_stmt_attr(s, "at");
	if (at == NULL) {
		return false;
	}
	bool ok = geo_place_resolve(at->text, out);
	SIM_ASSERT(ok);
	return true;
}

/* Sites of the scenario's name servers: `at=` lists them; several make an anycast server. */
static void place_servers(world *w)
{
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		const struct scenario_attr *at =
		    s->spec->kind == SCENARIO_KIND_SERVER ? scenario_stmt_attr(s, "at") : NULL;
		if (at == NULL) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(at);
		GArray *sites = g_array_new(FALSE, FALSE, sizeof(struct geo_place));
		for (guint k = 0; items[k] != NULL; k++) {
			struct geo_place p;
			bool ok = geo_place_resolve(items[k], &p);
			SIM_ASSERT(ok);
			g_array_append_val(sites, p);
		}
		dnsnet_set_server_sites(w->net, s->name, (const struct geo_place *)sites->data,
					sites->len);
		g_array_free(sites, TRUE);
	}
}

/* Fill the geography of a source from a place (the "geolocation database" of the world). */
static void locate_place(void *ctx, struct auth_r53_source *src)
{
	const struct geo_place *p = ctx;
	if (p == NULL || p->kind == GEO_PLACE_ANYCAST) {
		return;
	}
	src->known = true;
	g_strlcpy(src->continent, p->continent, sizeof(src->continent));
	g_strlcpy(src->country, p->country, sizeof(src->country));
	if (strcmp(p->country, "US") == 0) {
		g_strlcpy(src->subdivision, p->subdivision, sizeof(src->subdivision));
	}
	src->has_coords = true;
	src->lat = p->lat;
	src->lon = p->lon;
}

/*
 * Where Route 53 sees a resolver's queries come from (route53.md 7): its address and its place.
 * Clients do not send queries yet, so there is no ECS subnet to carry; a resolver with ecs=on
 * is seen at its own place all the same.
 */
static void route53_source_of(const struct scenario_stmt *s, const struct geo_place *place,
			      struct auth_r53_source *src)
{
	const struct scenario_attr *addr = scenario_stmt_attr(s, "address");
	g_auto(GStrv) items = addr != NULL ? scenario_attr_items(addr) : NULL;
	memset(src, 0, sizeof(*src));
	if (items == NULL ||
	    !auth_r53_source_init(src, items[0], NULL, locate_place, (void *)place)) {
		memset(src, 0, sizeof(*src));
		locate_place((void *)place, src);
	}
}

/*
 * A resolver inside a VPC (vpc=) sees the VPC's private zones (route53.md 6.5): each private
 * origin is a stub zone pointing at the VPC's server, so names at or below it are answered by
 * the private zone only (no fall back to the public zone), the most specific private zone
 * first. Resolver forwarding rules are not modelled.
 */
static void add_private_stubs(world *w, const struct scenario_stmt *s, resolver *r)
{
	const struct scenario_attr *vpc = scenario_stmt_attr(s, "vpc");
	auth_server *server =
	    vpc != NULL ? auth_hierarchy_vpc_server(w->hierarchy, vpc->text) : NULL;
	if (server == NULL) {
		return;
	}
	const GPtrArray *addresses = auth_server_addresses(server);
	const GPtrArray *zones = auth_server_zones(server);
	const char *to[] = { g_ptr_array_index(addresses, 0), NULL };
	for (guint i = 0; i < zones->len; i++) {
		resolver_add_stub_zone(r, auth_zone_origin(g_ptr_array_index(zones, i)), to);
	}
}

/* A resolver statement's resolver: its profile, the root hints, its VPC's private zones. */
static resolver *make_resolver(world *w, const struct scenario_stmt *s, const char *name)
{
	const GArray *hints = auth_hierarchy_root_hints(w->hierarchy);
	struct resolver_hint *rh = g_new0(struct resolver_hint, hints->len + 1);
	for (guint i = 0; i < hints->len; i++) {
		const struct auth_root_hint *h = &g_array_index(hints, struct auth_root_hint, i);
		rh[i].host = h->host;
		rh[i].address = (char *)h->address;
	}
	struct resolver_profile p = profile_of(s);
	resolver *r = resolver_new(name, &p, w->names, rh, hints->len, w->sc->seed);
	add_private_stubs(w, s, r);
	g_free(rh);
	return r;
}

/* dnsnet_shard_fn: the cache of an ECS resolver for the clients at one place. */
static resolver *make_shard(void *ctx, guint resolver_index, const struct geo_place *client_place)
{
	world *w = ctx;
	for (guint i = 0; i < w->resolvers->len; i++) {
		const struct world_resolver *wr = g_ptr_array_index(w->resolvers, i);
		if (wr->net_index == resolver_index) {
			const struct scenario_stmt *s =
			    scenario_find(w->sc, SCENARIO_KIND_RESOLVER, wr->name);
			g_autofree char *name =
			    g_strdup_printf("%s/ecs:%s", wr->name, client_place->name);
			return make_resolver(w, s, name);
		}
	}
	SIM_ASSERT(!"an ECS shard of an unknown resolver");
	return NULL;
}

static void build_resolvers(world *w)
{
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_RESOLVER) {
			continue;
		}
		struct world_resolver *wr = g_new0(struct world_resolver, 1);
		wr->name = g_strdup(s->name);
		wr->r = make_resolver(w, s, s->name);
		g_autofree char *entity = g_strdup_printf("resolver %s", s->name);
		wr->net_index = dnsnet_add_resolver(w->net, wr->r, entity);
		struct geo_place place;
		if (place_of(s, &place)) {
			dnsnet_set_resolver_place(w->net, wr->net_index, &place);
		}
		struct auth_r53_source src;
		route53_source_of(s, place_of(s, &place) ? &place : NULL, &src);
		dnsnet_set_resolver_source(w->net, wr->net_index, &src);
		const struct scenario_attr *ecs = scenario_stmt_attr(s, "ecs");
		dnsnet_set_resolver_ecs(w->net, wr->net_index, ecs != NULL && ecs->i != 0);
		g_ptr_array_add(w->resolvers, wr);
	}
	dnsnet_set_shard_factory(w->net, make_shard, w);
}

/* The servers of the VPCs' private zones see every query coming from the VPC's Region: Route 53
 * uses it for latency and geo decisions in private zones and ignores ECS (route53.md 6.5). */
static void place_vpc_servers(world *w)
{
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_VPC || s->name == NULL) {
			continue;
		}
		auth_server *server = auth_hierarchy_vpc_server(w->hierarchy, s->name);
		const struct scenario_attr *region = scenario_stmt_attr(s, "region");
		struct geo_place place;
		if (server == NULL || region == NULL || !geo_place_resolve(region->text, &place)) {
			continue;
		}
		struct auth_r53_source src;
		memset(&src, 0, sizeof(src));
		locate_place(&place, &src);
		auth_server_set_source(server, &src);
		dnsnet_set_server_sites(w->net, auth_server_name(server), &place, 1);
	}
}

/* The backend a health check targets: by name, or by one of its addresses. */
static struct backend *backend_of_target(world *w, const char *target, const char **name)
{
	struct backend *b = g_hash_table_lookup(w->backend_by_name, target);
	if (b != NULL) {
		*name = target;
		return b;
	}
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		const struct scenario_attr *addr = s->spec->kind == SCENARIO_KIND_BACKEND
						       ? scenario_stmt_attr(s, "address")
						       : NULL;
		if (addr == NULL) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(addr);
		if (g_strv_contains((const char *const *)items, target)) {
			*name = s->name;
			return g_hash_table_lookup(w->backend_by_name, s->name);
		}
	}
	return NULL;
}

/* The place of a backend (region= or at=), for the checkers' round trips. */
static bool backend_place(world *w, const char *name, struct geo_place *out)
{
	const struct scenario_stmt *s = scenario_find(w->sc, SCENARIO_KIND_BACKEND, name);
	const struct scenario_attr *at = s != NULL ? scenario_stmt_attr(s, "at") : NULL;
	if (at == NULL && s != NULL) {
		at = scenario_stmt_attr(s, "region");
	}
	return at != NULL && geo_place_resolve(at->text, out) && out->kind != GEO_PLACE_ANYCAST;
}

/* What one health checker request sees of its endpoint (authoritative/health.h mapping). */
static struct hc_probe_result health_probe(void *ctx, const struct hc_probe_req *req)
{
	world *w = ctx;
	struct hc_probe_result r = { .view = HC_VIEW_TIMEOUT, .rtt_ns = 2 * SIM_NS_PER_MS };
	const char *name = NULL;
	struct backend *b = backend_of_target(w, req->target, &name);
	if (b == NULL) {
		return r; /* an address no backend has: nothing answers */
	}
	/* checks are load: every checker request counts against its backend */
	if (b->health_requests == NULL) {
		g_autofree char *counter_name = g_strdup_printf("backend.%s.health-requests", name);
		b->health_requests = counter(w, counter_name);
	}
	count_in(w, b->health_requests, req->now_ns);
	struct geo_place from;
	struct geo_place to;
	if (geo_place_resolve(req->region, &from) && backend_place(w, name, &to)) {
		r.rtt_ns = 2 * net_path_delay_ns(w->geo, &from, &to);
	}
	switch (b->state) {
	case BACKEND_UP:
		r.view = HC_VIEW_OK;
		break;
	case BACKEND_DOWN:
		r.view = HC_VIEW_TIMEOUT;
		break;
	case BACKEND_SLOW: {
		const struct scenario_stmt *s = scenario_find(w->sc, SCENARIO_KIND_BACKEND, name);
		const struct scenario_attr *lat = scenario_stmt_attr(s, "latency");
		r.view = HC_VIEW_SLOW;
		r.response_ns = lat != NULL ? lat->i : 5 * SIM_NS_PER_S;
		break;
	}
	case BACKEND_HEALTH_ENDPOINT_ONLY:
		r.view = HC_VIEW_HEALTH_PATH_OK;
		break;
	case BACKEND_FLAPPING:
		r.view = b->flap_serving ? HC_VIEW_OK : HC_VIEW_TIMEOUT;
		break;
	}
	return r;
}

static void health_changed(void *ctx, uint32_t index, const char *name, bool healthy,
			   int64_t now_ns)
{
	world *w = ctx;
	g_autofree char *track = g_strdup_printf("health.%s.healthy", name);
	for (guint i = 0; i < w->tracks->len; i++) {
		struct world_track *t = g_ptr_array_index(w->tracks, i);
		if (strcmp(t->name, track) == 0) {
			track_set(t, now_ns, healthy ? 1.0 : 0.0);
		}
	}
}

static bool env_healthy(void *ctx, uint32_t health)
{
	world *w = ctx;
	return w->health == NULL || health >= hc_count(w->health) ||
	       hc_status(w->health, health, sim_engine_now_ns(w->engine));
}

static const char *env_health_name(void *ctx, uint32_t health)
{
	world *w = ctx;
	return w->health != NULL && health < hc_count(w->health) ? hc_name(w->health, health)
								 : NULL;
}

static bool env_region_coords(void *ctx, const char *region, double *lat, double *lon)
{
	struct geo_place p;
	if (!geo_place_resolve(region, &p) || p.kind == GEO_PLACE_ANYCAST) {
		return false;
	}
	*lat = p.lat;
	*lon = p.lon;
	return true;
}

/* Latency Route 53 measures from the source to a Region: the network model's one-way delay. */
static double env_latency_ms(void *ctx, const struct auth_r53_source *src, const char *region)
{
	world *w = ctx;
	struct geo_place to;
	if (!src->has_coords || !geo_place_resolve(region, &to) || to.kind == GEO_PLACE_ANYCAST) {
		return -1.0;
	}
	double km = geo_haversine_km(src->lat, src->lon, to.lat, to.lon);
	return (double)net_distance_delay_ns(w->geo, km) / 1e6;
}

/* The address of the backend that declares itself this AWS resource (aws-name=), or NULL. */
static const char *aws_backend_address(world *w, uint32_t target)
{
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		const struct scenario_attr *aws = s->spec->kind == SCENARIO_KIND_BACKEND
						      ? scenario_stmt_attr(s, "aws-name")
						      : NULL;
		if (aws == NULL) {
			continue;
		}
		if (dns_name_intern(w->names, aws->text) == target) {
			/* the first address: backends list theirs comma-separated */
			const char *addresses = scenario_stmt_attr(s, "address")->text;
			g_autofree char *first = g_strndup(addresses, strcspn(addresses, ","));
			return g_intern_string(first);
		}
	}
	return NULL;
}

/*
 * Alias targets that are AWS resources get records, TTL 60 s (route53.md 3.3): the address of
 * the backend that says it is that resource (aws-name=), else an address in TEST-NET-3
 * (203.0.113.0/24, RFC 5737), one per target in order of appearance, that no backend serves.
 */
static void build_aws_targets(world *w)
{
	guint next = 1;
	for (guint z = 0; z < w->sc->zones->len; z++) {
		const struct scenario_zone *sz = g_ptr_array_index(w->sc->zones, z);
		for (guint i = 0; i < sz->records->len; i++) {
			const struct scenario_record *r = g_ptr_array_index(sz->records, i);
			if (!r->alias || r->alias_target == NULL ||
			    auth_r53_aws_kind_of(r->alias_target) == AUTH_R53_AWS_OTHER ||
			    r->type != LDNS_RR_TYPE_A) {
				continue;
			}
			uint32_t owner = dns_name_intern(w->names, r->alias_target);
			const char *backend = aws_backend_address(w, owner);
			g_autofree char *text =
			    backend != NULL
				? g_strdup_printf("%s %u IN A %s", r->alias_target,
						  AUTH_R53_AWS_TTL, backend)
				: g_strdup_printf("%s %u IN A 203.0.113.%u", r->alias_target,
						  AUTH_R53_AWS_TTL, next);
			ldns_rr *rr = NULL;
			if (owner == DNS_NAME_NONE ||
			    ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL) != LDNS_STATUS_OK) {
				continue;
			}
			struct dns_rrset *set = dns_rrset_new(owner, LDNS_RR_TYPE_A,
							      LDNS_RR_CLASS_IN, AUTH_R53_AWS_TTL);
			dns_rrset_add(set, rr);
			auth_r53_aws_add(w->aws, set);
			dns_rrset_unref(set);
			next = next < 254 ? next + 1 : 1;
		}
	}
}

static struct world_counter *counter(world *w, const char *name)
{
	struct world_counter *c = g_hash_table_lookup(w->counter_by_name, name);
	if (c == NULL) {
		c = g_new0(struct world_counter, 1);
		c->name = g_strdup(name);
		c->buckets = g_array_new(FALSE, TRUE, sizeof(uint64_t));
		g_ptr_array_add(w->counters, c);
		g_hash_table_insert(w->counter_by_name, c->name, c);
	}
	return c;
}

/* Index every backend's addresses (address=, comma-separated) as rdata, for connects. */
static void index_addresses(world *w)
{
	w->addresses = g_array_new(FALSE, TRUE, sizeof(struct backend_address));
	for (guint b = 0; b < w->backends->len; b++) {
		const struct backend *be = g_ptr_array_index(w->backends, b);
		const struct scenario_stmt *s =
		    scenario_find(w->sc, SCENARIO_KIND_BACKEND, be->name);
		const struct scenario_attr *addr =
		    s != NULL ? scenario_stmt_attr(s, "address") : NULL;
		if (addr == NULL) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(addr);
		for (guint i = 0; items[i] != NULL; i++) {
			ldns_rdf *rdf = NULL;
			if (ldns_str2rdf_a(&rdf, items[i]) != LDNS_STATUS_OK &&
			    ldns_str2rdf_aaaa(&rdf, items[i]) != LDNS_STATUS_OK) {
				continue; /* the validator accepts addresses only */
			}
			struct backend_address a = { .backend = b,
						     .len = (uint8_t)ldns_rdf_size(rdf) };
			memcpy(a.bytes, ldns_rdf_data(rdf),
			       MIN(ldns_rdf_size(rdf), sizeof(a.bytes)));
			g_array_append_val(w->addresses, a);
			ldns_rdf_deep_free(rdf);
		}
	}
}

/* The backend that has this address (A or AAAA rdata), or -1. */
static int backend_with_address(const world *w, const ldns_rdf *address)
{
	size_t len = ldns_rdf_size(address);
	const uint8_t *data = ldns_rdf_data(address);
	for (guint i = 0; i < w->addresses->len; i++) {
		const struct backend_address *a =
		    &g_array_index(w->addresses, struct backend_address, i);
		if (a->len == len && memcmp(a->bytes, data, len) == 0) {
			return (int)a->backend;
		}
	}
	return -1;
}

static int client_connect(void *ctx, const ldns_rdf *address, int64_t now, bool *serving)
{
	world *w = ctx;
	int b = backend_with_address(w, address);
	struct backend *be = b >= 0 ? g_ptr_array_index(w->backends, (guint)b) : NULL;
	*serving = be != NULL && backend_serving(be);
	if (*serving && be->capacity > 0) {
		int64_t second = now / SIM_NS_PER_S;
		if (second != be->window_s) {
			be->window_s = second;
			be->window_count = 0;
		}
		if ((double)be->window_count >= be->capacity) {
			*serving =
			    false; /* overloaded: the connection is dropped, the client waits */
		} else {
			be->window_count++;
		}
	}
	return b;
}

/* Add n to a counter in the bucket of now. */
static void count_add(world *w, struct world_counter *c, int64_t now, uint64_t n)
{
	if (now < w->bucket_start_ns || now - w->bucket_start_ns >= w->sc->bucket_ns) {
		w->bucket_index = (guint)(now / w->sc->bucket_ns);
		w->bucket_start_ns = (int64_t)w->bucket_index * w->sc->bucket_ns;
	}
	guint bucket = w->bucket_index;
	if (bucket >= c->buckets->len) {
		g_array_set_size(c->buckets, bucket + 1);
	}
	g_array_index(c->buckets, uint64_t, bucket) += n;
	c->total += n;
}

static void count_in(world *w, struct world_counter *c, int64_t now)
{
	count_add(w, c, now, 1);
}

static void client_result(void *ctx, guint population, uint64_t client,
			  const struct clients_request *req, int64_t now)
{
	world *w = ctx;
	count_in(w, w->outcomes[req->outcome], now);
	struct backend *b =
	    req->backend >= 0 ? g_ptr_array_index(w->backends, (guint)req->backend) : NULL;
	if (req->outcome == CLIENTS_OK && b != NULL) {
		if (b->requests == NULL) {
			g_autofree char *name = g_strdup_printf("backend.%s.requests", b->name);
			b->requests = counter(w, name);
		}
		count_in(w, b->requests, now);
	}
	recovery_observe(w->recovery, population, client, req, now);
}

/* DNS traffic per bucket (dnsnet.h): server.NAME.queries for the scenario's servers,
 * resolver.NAME.queries and resolver.NAME.hits (answered from the cache alone). The counters
 * are looked up once, in dns_tally_start: this runs for every client query. */
static void dns_tally(void *ctx, enum dnsnet_tally what, guint index, uint64_t n, int64_t now)
{
	world *w = ctx;
	struct world_counter *c = NULL;
	if (what == DNSNET_TALLY_SERVER_QUERY) {
		c = index < w->server_tally->len ? g_ptr_array_index(w->server_tally, index) : NULL;
	} else {
		guint k = 2 * index + (what == DNSNET_TALLY_CLIENT_QUERY ? 0 : 1);
		c = k < w->resolver_tally->len ? g_ptr_array_index(w->resolver_tally, k) : NULL;
	}
	if (c == NULL) {
		return; /* implied root and TLD servers have no statement to name */
	}
	count_add(w, c, now, n);
}

/* The DNS traffic counters exist (with zeros) in statement order whenever there are clients. */
static void dns_tally_start(world *w)
{
	w->server_tally = g_ptr_array_new();
	w->resolver_tally = g_ptr_array_new();
	if (scenario_count(w->sc, SCENARIO_KIND_CLIENTS) == 0) {
		return;
	}
	for (guint i = 0; i < auth_hierarchy_server_count(w->hierarchy); i++) {
		struct world_counter *c = NULL;
		if (auth_hierarchy_server_role(w->hierarchy, i) == AUTH_SERVER_SCENARIO) {
			g_autofree char *name = g_strdup_printf(
			    "server.%s.queries",
			    auth_server_name(auth_hierarchy_server(w->hierarchy, i)));
			c = counter(w, name);
		}
		g_ptr_array_add(w->server_tally, c);
	}
	for (guint i = 0; i < w->resolvers->len; i++) {
		const struct world_resolver *wr = g_ptr_array_index(w->resolvers, i);
		g_autofree char *queries = g_strdup_printf("resolver.%s.queries", wr->name);
		g_autofree char *hits = g_strdup_printf("resolver.%s.hits", wr->name);
		struct world_counter *q = counter(w, queries);
		struct world_counter *h = counter(w, hits);
		if (w->resolver_tally->len < 2 * (wr->net_index + 1)) {
			g_ptr_array_set_size(w->resolver_tally, 2 * (wr->net_index + 1));
		}
		g_ptr_array_index(w->resolver_tally, 2 * wr->net_index) = q;
		g_ptr_array_index(w->resolver_tally, 2 * wr->net_index + 1) = h;
	}
	dnsnet_set_tally_handler(w->net, dns_tally, w);
	sim_event_schedule(w->engine, w->sc->bucket_ns, w->timeline_entity, EV_TALLY, 0);
}

static void client_prefetch(void *ctx, guint population, uint64_t client)
{
	world *w = ctx;
	if (w->recovery != NULL) {
		recovery_prefetch(w->recovery, population, client);
	}
}

static gboolean resolver_index_of(void *ctx, const char *name, guint *index)
{
	world *w = ctx;
	return world_resolver(w, name, index) != NULL;
}

static void build_route53(world *w)
{
	g_autoptr(GError) error = NULL;
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		if (s->spec->kind == SCENARIO_KIND_HEALTH) {
			track_new(w, SCENARIO_KIND_HEALTH, s->name, "healthy", 1.0);
		}
	}
	/* the `route53` statement: propagation delay and checker schedule */
	struct hc_options options = hc_options_default();
	const struct scenario_stmt *r53 = scenario_find(w->sc, SCENARIO_KIND_ROUTE53, NULL);
	const struct scenario_attr *prop =
	    r53 ? scenario_stmt_attr(r53, "health-propagation") : NULL;
	const struct scenario_attr *sched = r53 ? scenario_stmt_attr(r53, "health-schedule") : NULL;
	if (prop != NULL) {
		options.propagation_ns = prop->i;
	}
	if (sched != NULL) {
		options.schedule =
		    sched->i == 0 ? HC_SCHEDULE_AFTER_RESPONSE : HC_SCHEDULE_FIXED_RATE;
	}
	const struct scenario_attr *change =
	    r53 ? scenario_stmt_attr(r53, "change-propagation") : NULL;
	w->r53_change_delay_ns = change != NULL ? change->i : 0;
	w->health = hc_model_new(w->engine, w->sc, health_probe, w, w->sc->seed, &options, &error);
	if (w->health == NULL) {
		g_ptr_array_add(w->problems, g_strdup_printf("health checks: %s", error->message));
	} else {
		hc_on_change(w->health, health_changed, w);
	}
	sim_rng_init(&w->r53_rng, w->sc->seed, "route53", "choice");
	w->cidr = auth_r53_cidr_new_from_scenario(w->sc);
	w->aws = auth_r53_aws_new();
	build_aws_targets(w);
	w->r53_env = (struct auth_r53_env){
		.names = w->names,
		.rng = &w->r53_rng,
		.ctx = w,
		.healthy = env_healthy,
		.health_name = env_health_name,
		.latency_ms = env_latency_ms,
		.region_coords = env_region_coords,
		.cidr = w->cidr,
		.aws = w->aws,
	};
	auth_hierarchy_set_route53_env(w->hierarchy, &w->r53_env);
}

world *world_new(const struct scenario *sc)
{
	world *w = g_new0(world, 1);
	w->sc = sc;
	w->engine = sim_engine_new();
	w->backends = g_ptr_array_new_with_free_func(g_free);
	w->servers = g_ptr_array_new_with_free_func(g_free);
	w->backend_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	w->server_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	w->tracks = g_ptr_array_new();
	w->events = g_array_new(FALSE, FALSE, sizeof(struct world_event));
	w->undo = g_new0(struct undo, sc->actions->len + 1);
	w->timeline_entity = sim_entity_register(w->engine, "timeline", timeline_handle, w);
	w->names = dns_names_new();
	w->hierarchy = auth_hierarchy_new(sc, w->names);
	w->net = dnsnet_new(w->engine, w->hierarchy, w->names, sc->seed);
	g_autoptr(GError) geo_error = NULL;
	w->geo = net_new_from_scenario(sc, &geo_error);
	SIM_ASSERT(w->geo != NULL); /* the validator accepts only places the model resolves */
	dnsnet_set_geography(w->net, w->geo);
	place_servers(w);
	place_vpc_servers(w);
	w->resolvers = g_ptr_array_new();
	build_resolvers(w);

	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind == SCENARIO_KIND_BACKEND) {
			struct backend *b = g_new0(struct backend, 1);
			b->w = w;
			b->name = s->name;
			const struct scenario_attr *cap = scenario_stmt_attr(s, "capacity");
			b->capacity = cap != NULL ? cap->d : 0;
			b->window_s = -1;
			b->entity = sim_entity_register(w->engine, s->name, backend_handle, b);
			b->serving = track_new(w, SCENARIO_KIND_BACKEND, s->name, "serving", 1.0);
			g_ptr_array_add(w->backends, b);
			g_hash_table_insert(w->backend_by_name, s->name, b);
		}
	}
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind == SCENARIO_KIND_SERVER) {
			struct server *srv = g_new0(struct server, 1);
			srv->w = w;
			srv->entity = sim_entity_register(w->engine, s->name, server_handle, srv);
			srv->up_track = track_new(w, SCENARIO_KIND_SERVER, s->name, "up", 1.0);
			srv->up = true;
			const struct scenario_attr *st = scenario_stmt_attr(s, "state");
			if (st != NULL && strcmp(st->text, "down") == 0) {
				srv->up = false;
				track_set(srv->up_track, 0, 0.0);
				dnsnet_set_server_state(w->net, s->name, false, srv->loss,
							srv->delay_ns);
			}
			g_ptr_array_add(w->servers, srv);
			g_hash_table_insert(w->server_by_name, s->name, srv);
		}
	}
	w->problems = g_ptr_array_new_with_free_func(g_free);
	const GPtrArray *hp = auth_hierarchy_problems(w->hierarchy);
	for (guint i = 0; i < hp->len; i++) {
		g_ptr_array_add(w->problems, g_strdup(g_ptr_array_index(hp, i)));
	}
	build_route53(w);
	w->counters = g_ptr_array_new();
	w->counter_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	/* the outcome counters exist (with zeros) whenever there are clients */
	if (scenario_count(sc, SCENARIO_KIND_CLIENTS) > 0) {
		static const char *const outcomes[] = {
			"requests.ok", "requests.failed.dns-timeout", "requests.failed.servfail",
			"requests.failed.nxdomain", "requests.failed.connect"
		};
		for (size_t i = 0; i < G_N_ELEMENTS(outcomes); i++) {
			w->outcomes[i] = counter(w, outcomes[i]);
		}
	}
	index_addresses(w);
	dns_tally_start(w);
	w->clients = clients_new(sc, w->engine, w->net, w->names, w->geo, resolver_index_of,
				 client_connect, client_result, w);
	guint n_pops = clients_count(w->clients);
	g_autofree uint64_t *sizes = g_new0(uint64_t, MAX(n_pops, 1u));
	for (guint p = 0; p < n_pops; p++) {
		sizes[p] = clients_size(w->clients, p);
	}
	w->recovery = recovery_new(n_pops, sizes);
	clients_set_prefetch(w->clients, client_prefetch);
	/* initial backend states (state=... at time 0) are applied at time 0 */
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		const struct scenario_attr *st =
		    s->spec->kind == SCENARIO_KIND_BACKEND ? scenario_stmt_attr(s, "state") : NULL;
		if (st != NULL) {
			struct backend *b = g_hash_table_lookup(w->backend_by_name, s->name);
			const struct scenario_attr *period = scenario_stmt_attr(s, "period");
			backend_set_state(b, (enum backend_state)st->i,
					  period ? period->i : 2 * SIM_NS_PER_MIN);
		}
	}
	for (guint i = 0; i < sc->actions->len; i++) {
		const struct scenario_action *a = g_ptr_array_index(sc->actions, i);
		sim_event_schedule(w->engine, a->at_ns, w->timeline_entity, EV_ACTION_START, i);
		if (a->until_ns >= 0 && a->until_ns <= sc->duration_ns) {
			sim_event_schedule(w->engine, a->until_ns, w->timeline_entity,
					   EV_ACTION_END, i);
		}
	}
	return w;
}

void world_run(world *w)
{
	sim_engine_run(w->engine, w->sc->duration_ns);
	if (w->resolver_tally->len > 0) {
		dnsnet_tally_resolvers(w->net, w->sc->duration_ns - 1); /* the last bucket */
	}
}

void world_run_until(world *w, int64_t at_ns)
{
	sim_engine_run(w->engine, at_ns);
}

dns_names *world_names(const world *w)
{
	return w->names;
}

auth_hierarchy *world_hierarchy(const world *w)
{
	return w->hierarchy;
}

dnsnet *world_dnsnet(const world *w)
{
	return w->net;
}

sim_engine *world_engine(const world *w)
{
	return w->engine;
}

resolver *world_resolver(const world *w, const char *name, guint *index)
{
	for (guint i = 0; i < w->resolvers->len; i++) {
		struct world_resolver *wr = g_ptr_array_index(w->resolvers, i);
		if (name == NULL || strcmp(wr->name, name) == 0) {
			if (index != NULL) {
				*index = wr->net_index;
			}
			return wr->r;
		}
	}
	return NULL;
}

const recovery *world_recovery(const world *w)
{
	return w->recovery;
}

guint world_population_count(const world *w)
{
	return clients_count(w->clients);
}

const char *world_population_name(const world *w, guint population)
{
	return clients_name(w->clients, population);
}

const GPtrArray *world_counters(const world *w)
{
	return w->counters;
}

/* Client queries and cache answers of a resolver and its ECS shards. */
static void add_stats(resolver *r, void *ctx)
{
	uint64_t *sums = ctx;
	const struct resolver_stats *st = resolver_get_stats(r);
	sums[0] += st->client_queries;
	sums[1] += st->cache_answers;
}

gboolean world_resolver_stats(const world *w, const char *name, uint64_t *queries,
			      uint64_t *cache_answers)
{
	guint net_index;
	if (world_resolver(w, name, &net_index) == NULL) {
		return FALSE;
	}
	uint64_t sums[2] = { 0, 0 };
	dnsnet_resolver_each(w->net, net_index, add_stats, sums);
	*queries = sums[0];
	*cache_answers = sums[1];
	return TRUE;
}

struct hc_model *world_health(const world *w)
{
	return w->health;
}

/* locate_fn for addresses: the place of the resolver statement that has the address. */
static void locate_address(void *ctx, struct auth_r53_source *src)
{
	const world *w = ctx;
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		const struct scenario_attr *addr = s->spec->kind == SCENARIO_KIND_RESOLVER
						       ? scenario_stmt_attr(s, "address")
						       : NULL;
		struct geo_place place;
		if (addr == NULL || !place_of(s, &place)) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(addr);
		for (guint k = 0; items[k] != NULL; k++) {
			struct auth_r53_source one;
			if (auth_r53_source_init(&one, items[k], NULL, NULL, NULL) &&
			    auth_r53_source_contains(src, &one)) {
				locate_place(&place, src);
				return;
			}
		}
	}
}

void world_route53_source_of_address(const world *w, const char *resolver_ip, const char *ecs,
				     struct auth_r53_source *src)
{
	if (!auth_r53_source_init(src, resolver_ip, ecs, locate_address, (void *)w)) {
		memset(src, 0, sizeof(*src));
	}
}

void world_route53_source_of_clients(const world *w, const char *population,
				     struct auth_r53_source *src, const char **resolver_name)
{
	const struct scenario_stmt *s = scenario_find(w->sc, SCENARIO_KIND_CLIENTS, population);
	memset(src, 0, sizeof(*src));
	*resolver_name = NULL;
	if (s == NULL) {
		return;
	}
	/* the population's first resolver (resolver=NAME[:SHARE],...) */
	const char *mix = scenario_stmt_attr(s, "resolver")->text;
	g_autofree char *first = g_strndup(mix, strcspn(mix, ",:"));
	const struct scenario_stmt *rs = scenario_find(w->sc, SCENARIO_KIND_RESOLVER, first);
	if (rs == NULL) {
		return;
	}
	*resolver_name = rs->name;
	world_route53_source(w, rs->name, src);
	const struct scenario_attr *ecs = scenario_stmt_attr(rs, "ecs");
	const struct scenario_attr *at = scenario_stmt_attr(s, "at");
	struct geo_place place;
	if (ecs != NULL && ecs->i != 0 && at != NULL && geo_place_resolve(at->text, &place)) {
		/* the ECS subnet locates the query at the clients (as dnsnet's ECS shards do) */
		src->ecs = true;
		src->family = 0; /* clients have places, not addresses */
		src->prefix_len = 0;
		memset(src->addr, 0, sizeof(src->addr));
		src->known = false;
		src->continent[0] = src->country[0] = src->subdivision[0] = '\0';
		src->has_coords = false;
		locate_place(&place, src);
	}
}

void world_route53_source(const world *w, const char *resolver_name, struct auth_r53_source *src)
{
	const struct scenario_stmt *s = scenario_find(w->sc, SCENARIO_KIND_RESOLVER, resolver_name);
	struct geo_place place;
	memset(src, 0, sizeof(*src));
	if (s != NULL) {
		route53_source_of(s, place_of(s, &place) ? &place : NULL, src);
	}
}

/* A health check's endpoint runs in AWS when the backend it checks runs in an AWS Region
 * (region=, or an AWS resource named by aws-name=); a calculated check has no endpoint and is
 * billed as an AWS one (pricing.h). */
static bool health_endpoint_in_aws(const world *w, const struct scenario_stmt *s)
{
	if (s->args->len < 2) {
		return true; /* calculated */
	}
	const char *target = ((const struct scenario_arg *)g_ptr_array_index(s->args, 1))->text;
	const char *name = NULL;
	if (backend_of_target((world *)w, target, &name) == NULL) {
		return false; /* an address outside the scenario's backends */
	}
	const struct scenario_stmt *b = scenario_find(w->sc, SCENARIO_KIND_BACKEND, name);
	return scenario_stmt_attr(b, "region") != NULL || scenario_stmt_attr(b, "aws-name") != NULL;
}

void world_route53_bill(const world *w, struct world_route53_bill *bill)
{
	memset(bill, 0, sizeof(*bill));
	for (guint i = 0; i < auth_hierarchy_server_count(w->hierarchy); i++) {
		enum auth_server_role role = auth_hierarchy_server_role(w->hierarchy, i);
		if (role != AUTH_SERVER_SCENARIO && role != AUTH_SERVER_VPC) {
			continue;
		}
		const struct auth_server_stats *st =
		    auth_server_stats(auth_hierarchy_server(w->hierarchy, i));
		for (int c = 0; c < AUTH_R53_PRICE_COUNT; c++) {
			bill->queries[c] += st->answered[c];
		}
	}
	bill->health_checks = g_array_new(FALSE, TRUE, sizeof(struct auth_r53_hc_bill));
	for (guint i = 0; i < w->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(w->sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_HEALTH || s->args->len == 0) {
			continue;
		}
		const char *type =
		    ((const struct scenario_arg *)g_ptr_array_index(s->args, 0))->text;
		const struct scenario_attr *interval = scenario_stmt_attr(s, "interval");
		const struct scenario_attr *latency = scenario_stmt_attr(s, "measure-latency");
		struct auth_r53_hc_bill hc = { .aws_endpoint = health_endpoint_in_aws(w, s) };
		hc.features += g_str_has_prefix(type, "https");			    /* HTTPS */
		hc.features += strstr(type, "str-match") != NULL;		    /* matching */
		hc.features += interval != NULL && interval->i < 30 * SIM_NS_PER_S; /* fast */
		hc.features += latency != NULL && latency->i != 0;		    /* latency */
		g_array_append_val(bill->health_checks, hc);
	}
	for (guint z = 0; z < w->sc->zones->len; z++) {
		const struct scenario_zone *sz = g_ptr_array_index(w->sc->zones, z);
		bill->zones += sz->origin != NULL;
	}
}

const GPtrArray *world_problems(const world *w)
{
	return w->problems;
}

void world_free(world *w)
{
	if (w == NULL) {
		return;
	}
	for (guint i = 0; i < w->tracks->len; i++) {
		struct world_track *t = g_ptr_array_index(w->tracks, i);
		g_free(t->name);
		g_free(t->entity);
		g_array_free(t->steps, TRUE);
		g_free(t);
	}
	g_ptr_array_free(w->tracks, TRUE);
	g_array_free(w->events, TRUE);
	g_hash_table_destroy(w->backend_by_name);
	g_hash_table_destroy(w->server_by_name);
	g_ptr_array_free(w->backends, TRUE);
	g_ptr_array_free(w->servers, TRUE);
	g_free(w->undo);
	for (guint i = 0; i < w->resolvers->len; i++) {
		struct world_resolver *wr = g_ptr_array_index(w->resolvers, i);
		resolver_free(wr->r);
		g_free(wr->name);
		g_free(wr);
	}
	g_ptr_array_free(w->resolvers, TRUE);
	clients_free(w->clients);
	recovery_free(w->recovery);
	g_ptr_array_free(w->server_tally, TRUE);
	g_ptr_array_free(w->resolver_tally, TRUE);
	g_array_free(w->addresses, TRUE);
	for (guint i = 0; i < w->counters->len; i++) {
		struct world_counter *c = g_ptr_array_index(w->counters, i);
		g_free(c->name);
		g_array_free(c->buckets, TRUE);
		g_free(c);
	}
	g_ptr_array_free(w->counters, TRUE);
	g_hash_table_destroy(w->counter_by_name);
	hc_model_free(w->health);
	auth_r53_cidr_free(w->cidr);
	auth_r53_aws_free(w->aws);
	g_ptr_array_free(w->problems, TRUE);
	dnsnet_free(w->net);
	net_free(w->geo);
	auth_hierarchy_free(w->hierarchy);
	dns_names_free(w->names);
	sim_engine_free(w->engine);
	g_free(w);
}

const GPtrArray *world_tracks(const world *w)
{
	return w->tracks;
}

const GArray *world_events(const world *w)
{
	return w->events;
}

uint64_t world_events_fired(const world *w)
{
	return sim_engine_fired_count(w->engine);
}

uint64_t world_actions_applied(const world *w)
{
	return w->actions_applied;
}
