#include "sim/world/clients.h"

#include <math.h>
#include <string.h>

#include "resolver/stub.h"
#include "sim/rng.h"
#include "sim/util.h"

enum {
	EV_ARRIVAL,	/* the population's next request */
	EV_STACK_TIMER, /* arg: stack token */
	EV_CONNECT,	/* arg: index of a connect waiting out its timeout */
	EV_DELIVER,	/* arg: index of a query in transit to its resolver */
};

enum process {
	PROCESS_POISSON, /* exponential gaps at the summed rate */
	PROCESS_FIXED,	 /* evenly spread: count clients each every interval */
	PROCESS_DIURNAL, /* Poisson with a daily curve, by thinning */
	PROCESS_TRACE,	 /* the lines of a trace file */
};

/* The daily curve (docs/scenario-language.md "clients"): rate(t) = mean x (1 + A cos(2 pi (h -
 * h_peak) / 24)) with h the local solar hour, h = UTC hour + longitude / 15, virtual time 0 =
 * 00:00 UTC. A peak in the evening, as residential traffic has. */
#define DIURNAL_AMPLITUDE 0.5
#define DIURNAL_PEAK_HOUR 20.0

/* The network path from the population to one of its resolvers (sim/net.h): read from the
 * model when the world is built and again after every link change on the timeline. */
struct path {
	guint resolver;		/* dnsnet index */
	int64_t one_way_ns;	/* without jitter */
	double jitter;		/* share of one_way_ns, 0..1 */
	double loss;		/* per packet, 0..1 */
	bool near;		/* anycast or unplaced resolver (or population): the base cost */
	struct geo_place place; /* the resolver's, unless near */
};

/* A client query on its way to its resolver, and the stack's timer that waits for it: the timer
 * is scheduled when the query arrives, only if no answer ended the lookup at once (a cache
 * answer), which saves an event per lookup. */
struct transit {
	uint64_t token;	 /* population and stack token */
	uint64_t client; /* who asked (its state is loaded while the resolver works) */
	uint32_t qname;
	uint16_t qtype;
	guint resolver;
	uint64_t timer_token;
	int64_t timer_at_ns; /* -1: no timer held */
};

/* A request whose connect to a dead address waits for the connect timeout. */
struct connecting {
	uint64_t client;
	struct dns_rrset *rrset; /* the answer (a reference); NULL when the slot is free */
	guint next;		 /* index of the address to try after the timeout */
	struct clients_request req;
};

/* Tokens to the network carry the population in their top 16 bits. */
#define POP_SHIFT 48

/* Free slots of an array of records, reused before the array grows (a stack). */
struct free_slots {
	guint *v;
	guint len;
	guint cap;
};

static void free_slots_push(struct free_slots *f, guint slot)
{
	if (f->len == f->cap) {
		f->cap = f->cap > 0 ? 2 * f->cap : 16;
		f->v = g_renew(guint, f->v, f->cap);
	}
	f->v[f->len++] = slot;
}

struct population {
	clients *owner;
	guint index;
	char *name;
	uint64_t count;
	double rate_per_client; /* requests per second per client (mean of a diurnal curve) */
	int64_t interval_ns;	/* fixed interval per client (process fixed) */
	enum process process;
	double lon_h; /* longitude / 15: local solar time minus UTC, hours (diurnal) */
	const struct scenario_trace *trace; /* PROCESS_TRACE: borrowed from the scenario */
	uint32_t *trace_names;		    /* interned names of trace->names */
	guint trace_next;		    /* next line to replay */
	uint32_t *names;		    /* interned names asked */
	guint n_names;
	struct sim_zipf zipf;
	bool use_zipf;
	uint16_t qtype;
	resolver_stack *stack;
	bool next_address;	    /* a failed connect goes on to the next address */
	int64_t connect_timeout_ns; /* what a connect to a dead address costs */
	GArray *connecting;	    /* struct connecting */
	struct free_slots connecting_free;
	uint64_t mix_key; /* keys each client's stream choosing its resolver */
	uint8_t *state;	  /* count x client_size bytes */
	size_t client_size;
	/* client_size = odd << size_shift; size_inverse * odd = 1 (mod 2^64): an offset that is a
	 * multiple of client_size divides exactly by a shift and a multiply */
	unsigned size_shift;
	uint64_t size_inverse;
	sim_alias *mix;	   /* primary resolver shares */
	GArray *mix_index; /* guint: dnsnet index of each share */
	bool has_fallback;
	struct path *paths;	/* one per share of the mix, then the fallback's */
	struct geo_place place; /* at=: where the clients are (also their queries' ECS location) */
	GArray *transit;	/* struct transit */
	struct free_slots transit_free;
	struct sim_rng net_rng; /* jitter and loss of the population's queries */
	uint32_t entity;
	struct sim_rng rng;
	uint64_t next_client; /* who makes the next request, chosen ahead to prefetch its state */
	uint32_t next_name;
	uint16_t next_qtype;
	uint64_t requests;
	uint64_t finished;
	struct sim_event_handle next;
};

struct clients {
	sim_engine *engine;
	dnsnet *net;
	const net *geo; /* the network model, or NULL: no delay between clients and resolvers */
	dns_names *names;
	GPtrArray *pops; /* struct population * */
	uint8_t *arena;	 /* every population's client state, one block (huge pages) */
	size_t arena_size;
	clients_connect_fn connect;
	clients_result_fn result;
	void *ctx;
	clients_prefetch_fn prefetch; /* the caller's per-client state of the next arrival */
};

static resolver_stack_client *client_of(struct population *p, uint64_t i)
{
	return (resolver_stack_client *)(p->state + i * p->client_size);
}

/* The share of the mix that gives client i its primary resolver, stable for the client. */
static guint primary_of(const struct population *p, uint64_t client)
{
	if (p->mix == NULL) {
		return 0;
	}
	return sim_alias_sample_key(p->mix, p->mix_key ^ (client * UINT64_C(0x9e3779b97f4a7c15)));
}

static uint64_t client_of_token(struct population *p, resolver_stack_client *c)
{
	return ((uint64_t)((uint8_t *)c - p->state) >> p->size_shift) * p->size_inverse;
}

static void request_done(struct population *p, uint64_t client, struct clients_request *req,
			 enum clients_outcome outcome, int64_t now)
{
	clients *c = p->owner;
	p->finished++;
	req->outcome = outcome;
	c->result(c->ctx, p->index, client, req, now);
}

/* A free slot of items (its free list in free_list), reused before the array grows. */
static guint slot_take(GArray *items, struct free_slots *free_list)
{
	if (free_list->len > 0) {
		return free_list->v[--free_list->len];
	}
	g_array_set_size(items, items->len + 1);
	return items->len - 1;
}

/*
 * Connect to the answer's addresses from index i on: the first that a serving backend has ends
 * the request; a dead one costs the connect timeout, after which the client tries the next
 * address if its program does so (resolvers.md 3.15), or gives up.
 */
static void connect_from(struct population *p, uint64_t client, struct dns_rrset *rrset, guint i,
			 struct clients_request *req, int64_t now)
{
	clients *c = p->owner;
	const ldns_rdf *address = ldns_rr_rdf(ldns_rr_list_rr(rrset->rrs, i), 0);
	bool serving = false;
	int backend = c->connect(c->ctx, address, now, &serving);
	req->attempts++;
	req->backend = backend;
	if (req->first_backend < 0) {
		req->first_backend = backend;
	}
	if (serving) {
		request_done(p, client, req, CLIENTS_OK, now);
		dns_rrset_unref(rrset);
		return;
	}
	guint slot = slot_take(p->connecting, &p->connecting_free);
	struct connecting *w = &g_array_index(p->connecting, struct connecting, slot);
	*w = (struct connecting){ client, rrset, i + 1, *req };
	sim_event_schedule(c->engine, now + p->connect_timeout_ns, p->entity, EV_CONNECT, slot);
}

/* A connect timed out: the next address, or the end of the request. */
static void connect_timed_out(struct population *p, guint slot, int64_t now)
{
	struct connecting w = g_array_index(p->connecting, struct connecting, slot);
	g_array_index(p->connecting, struct connecting, slot).rrset = NULL;
	free_slots_push(&p->connecting_free, slot);
	if (p->next_address && w.next < dns_rrset_count(w.rrset)) {
		connect_from(p, w.client, w.rrset, w.next, &w.req, now);
		return;
	}
	request_done(p, w.client, &w.req, CLIENTS_FAIL_CONNECT, now);
	dns_rrset_unref(w.rrset);
}

static void finish(struct population *p, uint64_t client, const struct resolver_stack_result *res,
		   int64_t now)
{
	struct clients_request req = {
		.backend = -1,
		.first_backend = -1,
		.started_ns = now - res->elapsed_ns,
	};
	switch (res->outcome) {
	case RESOLVER_STACK_ANSWER:
		if (res->rrset != NULL && dns_rrset_count(res->rrset) > 0 &&
		    (res->rrset->type == LDNS_RR_TYPE_A || res->rrset->type == LDNS_RR_TYPE_AAAA)) {
			/* the records are all a connect needs: hold the set that owns them, and let
			 * the answer's TTL copy go now */
			struct dns_rrset *records = dns_rrset_ref(dns_rrset_data(res->rrset));
			dns_rrset_unref(res->rrset);
			connect_from(p, client, records, 0, &req, now); /* takes the reference */
			return;
		}
		request_done(p, client, &req, CLIENTS_OK, now); /* nothing to connect to */
		break;
	case RESOLVER_STACK_NXDOMAIN:
	case RESOLVER_STACK_NODATA:
		request_done(p, client, &req, CLIENTS_FAIL_DNS_NXDOMAIN, now);
		break;
	case RESOLVER_STACK_SERVFAIL:
		request_done(p, client, &req, CLIENTS_FAIL_DNS_SERVFAIL, now);
		break;
	case RESOLVER_STACK_TIMEOUT:
	default:
		request_done(p, client, &req, CLIENTS_FAIL_DNS_TIMEOUT, now);
		break;
	}
	dns_rrset_unref(res->rrset);
}

/*
 * A client query leaves for its resolver: it is handed over one round trip of the network model
 * later (out and back, each with its own jitter), and the answer then comes back at that same
 * moment (a cache answer) or when the resolver has it. So the resolver sees the query, and
 * consults its cache, half a round trip late: tens of ms, against TTLs of seconds. A query lost
 * on the way (either way: a lost answer is taken as a lost query) is not handed over; the stub's
 * timer retries.
 */
static guint send_query(struct population *p, const struct path *path, uint64_t client,
			uint32_t qname, uint16_t qtype, uint64_t token, int64_t now,
			int64_t *arrive_ns)
{
	int64_t out_ns = path->one_way_ns;
	int64_t back_ns = path->one_way_ns;
	if (path->jitter > 0) {
		out_ns = net_jitter_ns(out_ns, path->jitter, &p->net_rng);
		back_ns = net_jitter_ns(back_ns, path->jitter, &p->net_rng);
	}
	if (path->loss > 0) {
		bool lost_out = sim_rng_uniform(&p->net_rng) < path->loss;
		bool lost_back = sim_rng_uniform(&p->net_rng) < path->loss;
		if (lost_out || lost_back) {
			return G_MAXUINT;
		}
	}
	guint slot = slot_take(p->transit, &p->transit_free);
	g_array_index(p->transit, struct transit, slot) =
	    (struct transit){ token, client, qname, qtype, path->resolver, 0, -1 };
	*arrive_ns = now + out_ns + back_ns;
	sim_event_schedule(p->owner->engine, *arrive_ns, p->entity, EV_DELIVER, slot);
	return slot;
}

/* A query in transit reaches its resolver; the timer it held starts if the lookup goes on. */
static void deliver(struct population *p, guint slot, int64_t now)
{
	struct transit t = g_array_index(p->transit, struct transit, slot);
	dnsnet_prefetch(p->owner->net, t.resolver);
	free_slots_push(&p->transit_free, slot);
	/* the answer usually comes back at once and is stored in the client's caches: start
	 * loading them now, in parallel with the resolver's own cold state */
	__builtin_prefetch(client_of(p, t.client), 1);
	if (p->owner->prefetch != NULL) {
		p->owner->prefetch(p->owner->ctx, p->index, t.client);
	}
	dnsnet_query(p->owner->net, t.resolver, t.qname, t.qtype, t.token, &p->place);
	if (t.timer_at_ns >= 0 && resolver_stack_timer_live(p->stack, t.timer_token)) {
		sim_event_schedule(p->owner->engine, MAX(t.timer_at_ns, now), p->entity,
				   EV_STACK_TIMER, t.timer_token);
	}
}

/* Carry out what the stack asked for. */
static void pump(struct population *p)
{
	clients *c = p->owner;
	int64_t now = sim_engine_now_ns(c->engine);
	struct resolver_stack_action a;
	guint held = G_MAXUINT; /* the last query of this batch in transit: it holds a timer */
	int64_t held_arrive_ns = 0;
	while (resolver_stack_next_action(p->stack, &a)) {
		switch (a.kind) {
		case RESOLVER_STACK_ACTION_SEND: {
			uint64_t client = client_of_token(p, a.client);
			const struct path *path =
			    &p->paths[a.resolver == 0 ? primary_of(p, client) : p->mix_index->len];
			uint64_t token = ((uint64_t)p->index << POP_SHIFT) | a.token;
			held = send_query(p, path, client, a.qname, a.qtype, token, now,
					  &held_arrive_ns);
			break;
		}
		case RESOLVER_STACK_ACTION_TIMER: {
			struct transit *t = held != G_MAXUINT
						? &g_array_index(p->transit, struct transit, held)
						: NULL;
			if (t != NULL && t->timer_at_ns < 0 && a.at_ns >= held_arrive_ns) {
				/* started when the query arrives, if still live then (deliver()
				 * asks) */
				t->timer_token = a.token;
				t->timer_at_ns = a.at_ns;
				break;
			}
			/* an answer that came back in this batch already ended the lookup */
			if (!resolver_stack_timer_live(p->stack, a.token)) {
				break;
			}
			sim_event_schedule(c->engine, MAX(a.at_ns, now), p->entity, EV_STACK_TIMER,
					   a.token);
			break;
		}
		case RESOLVER_STACK_ACTION_RESULT:
			finish(p, client_of_token(p, a.client), &a.result, now);
			break;
		}
	}
}

/* An exponential gap at total requests per second, in ns (at least 1). */
static int64_t exponential_gap_ns(struct population *p, double total)
{
	double gap_s = sim_rng_exponential(&p->rng, 1.0 / total);
	return MAX((int64_t)1, sim_llround(gap_s * 1e9));
}

/* The diurnal curve at t over its peak: (1 + A cos(2 pi (h - h_peak) / 24)) / (1 + A). */
static double diurnal_share(const struct population *p, int64_t t_ns)
{
	double h = (double)t_ns / (double)SIM_NS_PER_H + p->lon_h;
	return (1.0 + DIURNAL_AMPLITUDE * cos(2.0 * G_PI * (h - DIURNAL_PEAK_HOUR) / 24.0)) /
	       (1.0 + DIURNAL_AMPLITUDE);
}

/* When the population's next request starts, after now; -1 for never. */
static int64_t next_arrival_ns(struct population *p, int64_t now)
{
	double total = p->rate_per_client * (double)p->count;
	switch (p->process) {
	case PROCESS_FIXED:
		/* count clients each every interval: evenly spread arrivals */
		return now + MAX((int64_t)1, p->interval_ns / (int64_t)p->count);
	case PROCESS_TRACE:
		if (p->trace_next >= p->trace->lines->len) {
			return -1;
		}
		return MAX(now,
			   g_array_index(p->trace->lines, struct scenario_trace_line, p->trace_next)
			       .at_ns);
	case PROCESS_DIURNAL: {
		if (total <= 0) {
			return -1;
		}
		/* thinning (Lewis and Shedler 1979): candidates at the peak rate, each kept with
		 * probability rate(t) / peak; at least a third are kept, so this ends quickly */
		int64_t t = now;
		do {
			t += exponential_gap_ns(p, total * (1.0 + DIURNAL_AMPLITUDE));
		} while (sim_rng_uniform(&p->rng) >= diurnal_share(p, t));
		return t;
	}
	case PROCESS_POISSON:
	default:
		return total > 0 ? now + exponential_gap_ns(p, total) : -1;
	}
}

static void schedule_next(struct population *p)
{
	int64_t at = next_arrival_ns(p, sim_engine_now_ns(p->owner->engine));
	if (at >= 0) {
		p->next = sim_event_schedule(p->owner->engine, at, p->entity, EV_ARRIVAL, 0);
	}
}

/* Choose who asks what next, and start loading that client's state while other events run:
 * with a million clients, the state is never in cache by chance. */
static void choose_next(struct population *p)
{
	if (p->process == PROCESS_TRACE) {
		if (p->trace_next < p->trace->lines->len) {
			const struct scenario_trace_line *l = &g_array_index(
			    p->trace->lines, struct scenario_trace_line, p->trace_next);
			p->next_client = l->client;
			p->next_name = p->trace_names[l->name];
			p->next_qtype = l->qtype;
			__builtin_prefetch(client_of(p, p->next_client), 1);
		}
		return;
	}
	p->next_client =
	    p->process == PROCESS_FIXED ? p->requests % p->count : sim_rng_below(&p->rng, p->count);
	p->next_name =
	    p->names[p->use_zipf ? sim_zipf_sample(&p->zipf, &p->rng) - 1
				 : (p->n_names > 1 ? sim_rng_below(&p->rng, p->n_names) : 0)];
	p->next_qtype = p->qtype;
	__builtin_prefetch(client_of(p, p->next_client), 1);
	if (p->owner->prefetch != NULL) {
		p->owner->prefetch(p->owner->ctx, p->index, p->next_client);
	}
}

static void pop_handle(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct population *p = ctx;
	int64_t now = sim_engine_now_ns(engine);
	if (kind == EV_STACK_TIMER) {
		resolver_stack_timer(p->stack, arg, now);
		pump(p);
		return;
	}
	if (kind == EV_CONNECT) {
		connect_timed_out(p, (guint)arg, now);
		return;
	}
	if (kind == EV_DELIVER) {
		deliver(p, (guint)arg, now);
		return;
	}
	uint64_t client = p->next_client;
	uint32_t name = p->next_name;
	p->requests++;
	if (p->process == PROCESS_TRACE) {
		p->trace_next++;
	}
	resolver_stack_lookup(p->stack, client_of(p, client), name, p->next_qtype, p->requests,
			      now);
	pump(p);
	choose_next(p);
	schedule_next(p);
}

static void on_answer(void *ctx, guint resolver_index, uint64_t client_token,
		      const struct dns_msg *msg, int64_t now_ns)
{
	clients *c = ctx;
	guint pop = (guint)(client_token >> POP_SHIFT);
	if (pop >= c->pops->len) {
		return;
	}
	struct population *p = g_ptr_array_index(c->pops, pop);
	resolver_stack_receive(p->stack, client_token & ((UINT64_C(1) << POP_SHIFT) - 1), msg,
			       now_ns);
	pump(p);
}

static void on_rrset_answer(void *ctx, guint resolver_index, uint64_t client_token, uint32_t qname,
			    uint16_t qtype, struct dns_rrset *rrset, uint32_t ttl_s, int64_t now_ns)
{
	clients *c = ctx;
	guint pop = (guint)(client_token >> POP_SHIFT);
	if (pop >= c->pops->len) {
		return;
	}
	struct population *p = g_ptr_array_index(c->pops, pop);
	resolver_stack_receive_answer(p->stack, client_token & ((UINT64_C(1) << POP_SHIFT) - 1),
				      qname, qtype, rrset, ttl_s, now_ns);
	pump(p);
}

static const char *attr_text(const struct scenario_stmt *s, const char *key, const char *def)
{
	const struct scenario_attr *a = scenario_stmt_attr(s, key);
	return a != NULL ? a->text : def;
}

/*
 * The path from a population to a resolver statement: the network model's delay, jitter and loss
 * between their places, or "near" (the model's base cost each way, no jitter, no loss) for an
 * anycast or unplaced resolver, as dnsnet does between resolvers and servers.
 */
static void path_measure(const clients *c, const struct population *p, struct path *path)
{
	if (c->geo == NULL) {
		return;
	}
	if (path->near) {
		path->one_way_ns = net_distance_delay_ns(c->geo, 0);
		return;
	}
	path->one_way_ns = net_path_delay_ns(c->geo, &p->place, &path->place);
	path->jitter = net_jitter_ratio(c->geo, &p->place, &path->place);
	path->loss = net_loss_ratio(c->geo, &p->place, &path->place);
}

static struct path path_to(const clients *c, const struct population *p, const struct scenario *sc,
			   const char *resolver_name, guint index)
{
	struct path path = { .resolver = index };
	const struct scenario_stmt *r = scenario_find(sc, SCENARIO_KIND_RESOLVER, resolver_name);
	const struct scenario_attr *at = r != NULL ? scenario_stmt_attr(r, "at") : NULL;
	path.near = at == NULL || !geo_place_resolve(at->text, &path.place) ||
		    path.place.kind == GEO_PLACE_ANYCAST || p->place.kind == GEO_PLACE_ANYCAST;
	path_measure(c, p, &path);
	return path;
}

void clients_refresh_paths(clients *c)
{
	for (guint i = 0; i < c->pops->len; i++) {
		struct population *p = g_ptr_array_index(c->pops, i);
		guint n = p->mix_index->len + (p->has_fallback ? 1u : 0u);
		for (guint k = 0; k < n; k++) {
			path_measure(c, p, &p->paths[k]);
		}
	}
}

clients *clients_new(const struct scenario *sc, sim_engine *engine, dnsnet *dn, dns_names *names,
		     const net *geo,
		     gboolean (*resolver_index)(void *ctx, const char *name, guint *index),
		     clients_connect_fn connect, clients_result_fn result, void *ctx)
{
	clients *c = g_new0(clients, 1);
	c->engine = engine;
	c->net = dn;
	c->geo = geo;
	c->names = names;
	c->pops = g_ptr_array_new();
	c->connect = connect;
	c->result = result;
	c->ctx = ctx;
	dnsnet_set_answer_handler(dn, on_answer, c);
	dnsnet_set_rrset_answer_handler(dn, on_rrset_answer);
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_CLIENTS) {
			continue;
		}
		struct population *p = g_new0(struct population, 1);
		p->owner = c;
		p->index = c->pops->len;
		p->name = g_strdup(s->name);
		p->count = (uint64_t)scenario_stmt_attr(s, "count")->i;
		const struct scenario_attr *rate = scenario_stmt_attr(s, "rate");
		const struct scenario_attr *interval = scenario_stmt_attr(s, "interval");
		const struct scenario_attr *process = scenario_stmt_attr(s, "process");
		const char *proc = process != NULL ? process->text : "";
		p->process = s->trace != NULL		    ? PROCESS_TRACE
			     : strcmp(proc, "diurnal") == 0 ? PROCESS_DIURNAL
			     : strcmp(proc, "fixed") == 0 || (rate == NULL && interval != NULL)
				 ? PROCESS_FIXED
				 : PROCESS_POISSON;
		bool placed = geo_place_resolve(scenario_stmt_attr(s, "at")->text, &p->place);
		SIM_ASSERT(placed); /* at= is required and validated */
		p->lon_h = p->place.kind == GEO_PLACE_ANYCAST ? 0 : p->place.lon / 15.0;
		if (p->process == PROCESS_TRACE) {
			p->trace = s->trace;
			p->trace_names = g_new(uint32_t, MAX(s->trace->names->len, 1u));
			for (guint k = 0; k < s->trace->names->len; k++) {
				p->trace_names[k] =
				    dns_name_intern(names, g_ptr_array_index(s->trace->names, k));
			}
		}
		p->rate_per_client = rate != NULL	? rate->d
				     : interval != NULL ? 1e9 / (double)interval->i
							: 0;
		p->interval_ns = interval != NULL	       ? interval->i
				 : rate != NULL && rate->d > 0 ? (int64_t)llround(1e9 / rate->d)
							       : 0;
		/* names asked */
		g_auto(GStrv) qnames = g_strsplit(attr_text(s, "name", ""), ",", -1);
		GArray *ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		for (guint k = 0; qnames[k] != NULL; k++) {
			uint32_t id =
			    qnames[k][0] ? dns_name_intern(names, qnames[k]) : DNS_NAME_NONE;
			if (id != DNS_NAME_NONE) {
				g_array_append_val(ids, id);
			}
		}
		if (ids->len == 0) {
			/* no name= given: the first name of the first zone, or the root */
			uint32_t id = DNS_NAME_ROOT;
			if (sc->zones->len > 0) {
				const struct scenario_zone *z = g_ptr_array_index(sc->zones, 0);
				for (guint r = 0; r < z->records->len; r++) {
					const struct scenario_record *rec =
					    g_ptr_array_index(z->records, r);
					if (rec->type == LDNS_RR_TYPE_A ||
					    rec->type == LDNS_RR_TYPE_AAAA) {
						id = dns_name_intern(names, rec->owner);
						break;
					}
				}
			}
			g_array_append_val(ids, id);
		}
		p->n_names = ids->len;
		p->names = (uint32_t *)g_array_free(ids, FALSE);
		const char *pop_text = attr_text(s, "popularity", "uniform");
		if (g_str_has_prefix(pop_text, "zipf:") && p->n_names > 1) {
			sim_zipf_init(&p->zipf, p->n_names, g_ascii_strtod(pop_text + 5, NULL));
			p->use_zipf = true;
		}
		const struct scenario_attr *type = scenario_stmt_attr(s, "type");
		p->qtype = type != NULL ? ldns_get_rr_type_by_name(type->text) : LDNS_RR_TYPE_A;
		/* resolvers: the mix and the fallback */
		p->mix_index = g_array_new(FALSE, FALSE, sizeof(guint));
		g_auto(GStrv) mix = g_strsplit(attr_text(s, "resolver", ""), ",", -1);
		GArray *weights = g_array_new(FALSE, FALSE, sizeof(double));
		GArray *paths = g_array_new(FALSE, FALSE, sizeof(struct path));
		for (guint k = 0; mix[k] != NULL; k++) {
			char *colon = strrchr(mix[k], ':');
			double share = 1.0;
			if (colon != NULL) {
				*colon = '\0';
				share = g_ascii_strtod(colon + 1, NULL);
			}
			guint idx = 0;
			gboolean ok = resolver_index(ctx, mix[k], &idx);
			SIM_ASSERT(ok); /* the validator resolved the reference */
			g_array_append_val(p->mix_index, idx);
			g_array_append_val(weights, share);
			struct path path = path_to(c, p, sc, mix[k], idx);
			g_array_append_val(paths, path);
		}
		if (weights->len > 1) {
			p->mix = sim_alias_new((const double *)weights->data, weights->len);
		}
		g_array_free(weights, TRUE);
		const struct scenario_attr *fallback = scenario_stmt_attr(s, "fallback");
		if (fallback != NULL) {
			guint idx = 0;
			gboolean ok = resolver_index(ctx, fallback->text, &idx);
			SIM_ASSERT(ok);
			p->has_fallback = true;
			struct path path = path_to(c, p, sc, fallback->text, idx);
			g_array_append_val(paths, path);
		}
		p->paths = (struct path *)g_array_free(paths, FALSE);
		/* the stack: application cache, then OS layer */
		const char *layers[2];
		guint n_layers = 0;
		const struct scenario_attr *app = scenario_stmt_attr(s, "app");
		const struct scenario_attr *os = scenario_stmt_attr(s, "os");
		if (app != NULL) {
			layers[n_layers++] = app->text;
		}
		layers[n_layers++] = os != NULL ? os->text : "glibc-stub";
		g_autoptr(GError) error = NULL;
		/* a population asking fewer names than the default slots needs only one slot per
		 * name: no entry is ever evicted either way, and the state stays small */
		guint slots = p->n_names < RESOLVER_STACK_DEFAULT_SLOTS ? p->n_names : 0;
		p->stack =
		    resolver_stack_new(layers, n_layers, p->has_fallback ? 2 : 1, slots, &error);
		SIM_ASSERT(p->stack != NULL); /* profile names are validated */
		resolver_stack_connect_policy(p->stack, &p->next_address, &p->connect_timeout_ns);
		const struct scenario_attr *ct = scenario_stmt_attr(s, "connect-timeout");
		if (ct != NULL) {
			p->connect_timeout_ns = ct->i;
		}
		p->connecting = g_array_new(FALSE, TRUE, sizeof(struct connecting));
		p->transit = g_array_new(FALSE, TRUE, sizeof(struct transit));
		p->client_size = resolver_stack_client_size(p->stack);
		p->size_shift = (unsigned)__builtin_ctzll(p->client_size);
		uint64_t odd = p->client_size >> p->size_shift;
		/* Newton's iteration doubles the correct low bits: 3 to start, 96 after five */
		p->size_inverse = odd;
		for (int k = 0; k < 5; k++) {
			p->size_inverse *= 2 - odd * p->size_inverse;
		}
		SIM_ASSERT(p->size_inverse * odd == 1);
		g_autofree char *entity = g_strdup_printf("clients %s", s->name);
		p->entity = sim_entity_register(engine, entity, pop_handle, p);
		sim_rng_init(&p->rng, sc->seed, entity, "requests");
		sim_rng_init(&p->net_rng, sc->seed, entity, "network");
		struct sim_rng mix_rng;
		sim_rng_init(&mix_rng, sc->seed, entity, "resolver");
		p->mix_key = sim_rng_u64(&mix_rng);
		g_ptr_array_add(c->pops, p);
	}
	/* the client state of every population in one block, each cache-line aligned: one
	 * huge-page mapping keeps a random client's state one cache miss away, not a TLB miss too
	 */
	for (guint i = 0; i < c->pops->len; i++) {
		const struct population *p = g_ptr_array_index(c->pops, i);
		c->arena_size += (p->client_size * p->count + 63) & ~(size_t)63;
	}
	c->arena = sim_large_alloc0(c->arena_size);
	size_t offset = 0;
	for (guint i = 0; i < c->pops->len; i++) {
		struct population *p = g_ptr_array_index(c->pops, i);
		p->state = c->arena + offset;
		offset += (p->client_size * p->count + 63) & ~(size_t)63;
		for (uint64_t k = 0; k < p->count; k++) {
			resolver_stack_client_init(p->stack, client_of(p, k));
		}
		choose_next(p);
		schedule_next(p);
	}
	return c;
}

void clients_free(clients *c)
{
	if (c == NULL) {
		return;
	}
	for (guint i = 0; i < c->pops->len; i++) {
		struct population *p = g_ptr_array_index(c->pops, i);
		for (uint64_t k = 0; k < p->count; k++) {
			resolver_stack_client_clear(p->stack, client_of(p, k));
		}
		for (guint k = 0; k < p->connecting->len; k++) {
			dns_rrset_unref(g_array_index(p->connecting, struct connecting, k).rrset);
		}
		g_array_free(p->connecting, TRUE);
		g_free(p->connecting_free.v);
		g_array_free(p->transit, TRUE);
		g_free(p->transit_free.v);
		g_free(p->paths);
		g_free(p->trace_names);
		resolver_stack_free(p->stack);
		sim_alias_free(p->mix);
		g_array_free(p->mix_index, TRUE);
		g_free(p->names);
		g_free(p->name);
		g_free(p);
	}
	g_ptr_array_free(c->pops, TRUE);
	sim_large_free(c->arena, c->arena_size);
	g_free(c);
}

guint clients_count(const clients *c)
{
	return c->pops->len;
}

const char *clients_name(const clients *c, guint population)
{
	return ((struct population *)g_ptr_array_index(c->pops, population))->name;
}

uint64_t clients_requests(const clients *c, guint population)
{
	return ((struct population *)g_ptr_array_index(c->pops, population))->requests;
}

uint64_t clients_size(const clients *c, guint population)
{
	return ((struct population *)g_ptr_array_index(c->pops, population))->count;
}

size_t clients_state_bytes(const clients *c, guint population)
{
	const struct population *p = g_ptr_array_index(c->pops, population);
	return p->client_size * p->count;
}

void clients_set_prefetch(clients *c, clients_prefetch_fn fn)
{
	c->prefetch = fn;
}

void clients_set_rate(clients *c, guint population, double per_client_per_s)
{
	struct population *p = g_ptr_array_index(c->pops, population);
	if (p->process == PROCESS_TRACE) {
		return; /* a trace has no rate (the validator says so) */
	}
	p->rate_per_client = per_client_per_s;
	if (p->process == PROCESS_FIXED) {
		p->process = PROCESS_POISSON;
	}
	sim_event_cancel(c->engine, p->next);
	schedule_next(p);
}
