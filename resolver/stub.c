/*
 * Client resolution stacks (resolver/stub.h). Section numbers are those of
 * shared/reference/resolvers.md; "7.1 x" is the client row x of its profile table. The design
 * note is docs/design/clients.md.
 */
#include "resolver/stub.h"

#include <string.h>

#include "sim/idmap.h"
#include "sim/util.h"

/* A cache entry's kind: EMPTY, or the outcome it stores (outcome + 1). */
enum entry_kind {
	ENTRY_EMPTY = 0,
	ENTRY_ANSWER = RESOLVER_STACK_ANSWER + 1,
	ENTRY_NXDOMAIN = RESOLVER_STACK_NXDOMAIN + 1,
	ENTRY_NODATA = RESOLVER_STACK_NODATA + 1,
	ENTRY_SERVFAIL = RESOLVER_STACK_SERVFAIL + 1,
	ENTRY_TIMEOUT = RESOLVER_STACK_TIMEOUT + 1,
};

#define ENTRY_REFRESHING   0x80u /* a background revalidation of this entry is in flight */
#define ENTRY_RELOADS_MASK 0x0fu /* failed reloads so far (nscd reload-count, 3.3) */

/* One cached (qname, qtype) at one layer of one client: 32 bytes. */
struct stack_entry {
	int64_t expires_ns;	 /* SIM_TIME_NEVER for "forever" (nginx, SecurityManager) */
	struct dns_rrset *rrset; /* ANSWER: a reference; else NULL */
	uint32_t qname;
	uint32_t lifetime_s; /* what it was stored for (nscd extension, mDNSResponder doubling) */
	uint16_t qtype;
	uint8_t kind;  /* enum entry_kind */
	uint8_t flags; /* ENTRY_REFRESHING | reload count */
};

G_STATIC_ASSERT(sizeof(struct stack_entry) == 32);

struct resolver_stack_client {
	uint8_t current;   /* keep_server transports: the server in use (3.4, 6.6) */
	uint8_t rotate;	   /* ROTATE transports: start server of the next lookup */
	uint16_t inflight; /* lookups and refreshes of this client in flight */
	uint32_t reserved;
	struct stack_entry entries[]; /* every caching layer's slots, layer after layer */
};

G_STATIC_ASSERT(sizeof(struct resolver_stack_client) == 8);

enum transport_mode {
	MODE_SEQUENTIAL, /* glibc: attempts x servers, each waited timeout_ns (3.1) */
	MODE_CURRENT,	 /* systemd-resolved: the current server, switch on failure (3.4) */
	MODE_PARALLEL,	 /* musl: every server each round (3.2) */
	MODE_SCHEDULE,	 /* Windows: sends at fixed times from the start (3.5) */
};

struct stack_layer {
	guint first_slot; /* index of its first entry in resolver_stack_client.entries */
	guint slots;	  /* 0: this layer does not cache */
	bool has_transport;
	struct resolver_client_profile p;
};

#define SPARE_TXNS 64 /* finished transactions kept for reuse */

/* What every lookup reads comes first; the layers' and the transport's profiles (large) last. */
struct resolver_stack {
	guint n_layers;
	guint total_slots;
	int transport_layer; /* -1: the OS default, glibc-stub */
	enum transport_mode mode;
	guint n_servers;       /* resolvers the transport uses: min(n_resolvers, max_servers) */
	int64_t deadline_ns;   /* the transport gives up this long after the lookup started */
	struct sim_idmap txns; /* txn id -> struct stack_txn (owned) */
	guint n_spare;
	uint64_t next_txn_id; /* ids start at 1 */
	bool ids_wrapped;     /* ids went past TXN_ID_MASK once: check for one in flight */
	uint16_t next_msg_id;
	struct resolver_stack_action *actions; /* [head, n_actions) to be popped */
	guint head;
	guint n_actions;
	guint cap_actions;
	struct resolver_stack_stats stats;
	struct stack_txn *spare[SPARE_TXNS]; /* finished transactions kept for reuse */
	struct stack_layer layers[RESOLVER_STACK_MAX_LAYERS];
	struct resolver_client_profile transport;
};

/* A lookup (or a background refresh) that reached the transport. */
struct stack_txn {
	uint64_t id; /* first: the hash key */
	resolver_stack_client *client;
	uint64_t token; /* the caller's lookup token */
	int64_t start_ns;
	uint32_t qname;
	uint16_t qtype;
	uint16_t timer_seq; /* only the latest TIMER counts */
	uint32_t failed;    /* servers that answered with a failure rcode (bit per index) */
	guint step;   /* sends (SEQUENTIAL, CURRENT) or send times (PARALLEL, SCHEDULE) so far */
	guint first;  /* SEQUENTIAL: the server of step 0 */
	guint server; /* SEQUENTIAL, CURRENT: the server being waited for */
	uint8_t store_mask; /* layers that missed and store the outcome */
	int8_t stale_layer; /* the layer that answered stale and waits for this refresh, or -1 */
	bool answered;	    /* the RESULT went out already (stale answer) */
};

/* Tokens: txn id << 24 | TOKEN_TIMER | timer seq, or txn id << 24 | server. */
#define TOKEN_ID_SHIFT 24
#define TXN_ID_MASK    ((UINT64_C(1) << 24) - 1)
#define TOKEN_TIMER    (UINT64_C(1) << 23)

/* An outcome on its way up the stack. */
struct stack_outcome {
	enum resolver_stack_outcome kind;
	struct dns_rrset *rrset; /* ANSWER: borrowed */
	uint32_t ttl_s;		 /* ANSWER: TTL; negative: SOA-based TTL or NO_SOA; else 0 */
	int layer;
	int resolver;
	bool stale;
};

#define NO_SOA UINT32_MAX

/* How a lookup walks the layers: who must store what comes back, and whether the caller has
 * its RESULT already. */
struct stack_walk {
	uint8_t store_mask;
	int stale_layer;
	bool answered;
};

/* ---- actions ---- */

static void push_action(resolver_stack *s, const struct resolver_stack_action *a)
{
	if (s->n_actions == s->cap_actions) {
		s->cap_actions = s->cap_actions > 0 ? 2 * s->cap_actions : 8;
		s->actions = g_renew(struct resolver_stack_action, s->actions, s->cap_actions);
	}
	s->actions[s->n_actions++] = *a;
}

static void deliver_result(resolver_stack *s, resolver_stack_client *c, uint64_t token,
			   const struct stack_outcome *o, int64_t start_ns, int64_t now_ns)
{
	struct resolver_stack_action a = {
		.kind = RESOLVER_STACK_ACTION_RESULT,
		.token = token,
		.client = c,
		.result =
		    {
			.outcome = o->kind,
			.rrset = o->kind == RESOLVER_STACK_ANSWER ? dns_rrset_ref(o->rrset) : NULL,
			.ttl_s = o->ttl_s == NO_SOA ? 0 : o->ttl_s,
			.layer = o->layer,
			.resolver = o->resolver,
			.stale = o->stale,
			.elapsed_ns = now_ns - start_ns,
		    },
	};
	s->stats.results[o->kind]++;
	if (o->layer != RESOLVER_STACK_LAYER_NETWORK) {
		s->stats.cache_hits++;
	}
	if (o->stale) {
		s->stats.stale_answers++;
	}
	push_action(s, &a);
}

/* ---- the caches ---- */

static struct stack_entry *layer_entries(resolver_stack_client *c, const struct stack_layer *l)
{
	return &c->entries[l->first_slot];
}

static struct stack_entry *entry_find(resolver_stack_client *c, const struct stack_layer *l,
				      uint32_t qname, uint16_t qtype)
{
	struct stack_entry *base = layer_entries(c, l);
	for (guint k = 0; k < l->slots; k++) {
		if (base[k].kind != ENTRY_EMPTY && base[k].qname == qname &&
		    base[k].qtype == qtype) {
			return &base[k];
		}
	}
	return NULL;
}

static void entry_clear(struct stack_entry *e)
{
	dns_rrset_unref(e->rrset);
	memset(e, 0, sizeof(*e));
}

/*
 * The slot for a new entry: an empty one, else the one that expires first (expired ones
 * first, then the nearest expiry; systemd-resolved's cache also makes room by expiry,
 * resolved-dns-cache.c dns_cache_make_space). An entry being revalidated goes last. Ties: the
 * lowest slot.
 */
static struct stack_entry *entry_victim(resolver_stack_client *c, const struct stack_layer *l)
{
	struct stack_entry *base = layer_entries(c, l);
	struct stack_entry *victim = NULL;
	for (guint k = 0; k < l->slots; k++) {
		struct stack_entry *e = &base[k];
		if (e->kind == ENTRY_EMPTY) {
			return e;
		}
		bool e_busy = (e->flags & ENTRY_REFRESHING) != 0;
		if (victim == NULL) {
			victim = e;
			continue;
		}
		bool v_busy = (victim->flags & ENTRY_REFRESHING) != 0;
		if ((v_busy && !e_busy) ||
		    (v_busy == e_busy && e->expires_ns < victim->expires_ns)) {
			victim = e;
		}
	}
	entry_clear(victim);
	return victim;
}

static uint32_t entry_remaining_s(const struct stack_entry *e, int64_t now_ns)
{
	if (e->expires_ns == SIM_TIME_NEVER) {
		return RESOLVER_TTL_MAX_S;
	}
	if (e->expires_ns <= now_ns) {
		return 0;
	}
	return (uint32_t)((e->expires_ns - now_ns) / SIM_NS_PER_S);
}

static struct stack_outcome outcome_from_entry(const struct stack_entry *e, int layer,
					       int64_t now_ns)
{
	struct stack_outcome o = {
		.kind = (enum resolver_stack_outcome)(e->kind - 1),
		.rrset = e->rrset,
		.layer = layer,
		.resolver = -1,
	};
	if (e->kind == ENTRY_ANSWER || e->kind == ENTRY_NXDOMAIN || e->kind == ENTRY_NODATA) {
		/* what the layer above sees: the remaining lifetime, as a resolver counts a TTL
		 * down (negative: as the SOA TTL of a cached negative answer) */
		o.ttl_s = entry_remaining_s(e, now_ns);
	}
	return o;
}

static uint32_t clamp_u32(uint32_t v, uint32_t lo, uint32_t hi)
{
	if (v < lo) {
		v = lo;
	}
	if (v > hi) {
		v = hi;
	}
	return v;
}

/*
 * How long layer l keeps outcome o (whole seconds; RESOLVER_CLIENT_FOREVER_S = forever).
 * FALSE: not cached. old is the layer's current entry for the key, or NULL.
 */
static bool layer_lifetime(const struct stack_layer *l, const struct stack_outcome *o,
			   const struct stack_entry *old, uint32_t *out_s)
{
	const struct resolver_client_profile *p = &l->p;
	uint32_t life = 0;
	switch (o->kind) {
	case RESOLVER_STACK_ANSWER:
		switch (p->cache) {
		case RESOLVER_CLIENT_CACHE_NONE:
			return false;
		case RESOLVER_CLIENT_CACHE_FIXED:
			/* 6.1, 7.1 java-default/curl/chrome-system/envoy/nginx: the TTL is not used
			 * at all (7.2), TTL 0 included */
			life = p->fixed_ttl_s;
			break;
		case RESOLVER_CLIENT_CACHE_TTL:
		case RESOLVER_CLIENT_CACHE_TTL_FALLBACK:
			/* 6.1: floor then cap. TTL 0 (7.2): not cached (resolved, c-ares) unless
			 * the profile raises it (Chrome async: to its 60 s floor). TTL_FALLBACK:
			 * the TTL is always known here, a DNS response carries one (7.1 firefox,
			 * nscd). */
			if (o->ttl_s == 0 && !p->ttl0_cached) {
				return false;
			}
			life = clamp_u32(o->ttl_s, p->min_ttl_s, p->max_ttl_s);
			break;
		}
		break;
	case RESOLVER_STACK_NXDOMAIN:
	case RESOLVER_STACK_NODATA:
		switch (p->negative) {
		case RESOLVER_CLIENT_NEG_NOT_CACHED:
			return false;
		case RESOLVER_CLIENT_NEG_FIXED:
			life = p->neg_fixed_s; /* 7.1 java 10, firefox 60, curl 30, nscd 20 */
			break;
		case RESOLVER_CLIENT_NEG_SOA:
			/* 6.2: min(SOA TTL, MINIMUM) clamped; no SOA: not cached, except a
			 * profile with a floor (6.2: mDNSResponder 60 s) */
			if (o->ttl_s == NO_SOA) {
				life = p->neg_min_ttl_s;
			} else {
				life = clamp_u32(o->ttl_s, p->neg_min_ttl_s, p->neg_max_ttl_s);
			}
			/* 3.6: a negative entry that already existed doubles, up to the cap */
			if (p->neg_doubling && old != NULL &&
			    (old->kind == ENTRY_NXDOMAIN || old->kind == ENTRY_NODATA)) {
				uint64_t doubled = 2 * (uint64_t)old->lifetime_s;
				life =
				    MAX(life, (uint32_t)MIN(doubled, (uint64_t)p->neg_max_ttl_s));
			}
			break;
		}
		break;
	case RESOLVER_STACK_SERVFAIL:
	case RESOLVER_STACK_TIMEOUT:
		/* 6.3 client rows: Java 10, Firefox 60, libcore 2, resolved 10 (SERVFAIL only,
		 * 3.4: an rcode, so not a timeout of its own transport); curl 8.22 (3.13): only
		 * NXDOMAIN, no transient failure */
		if (p->neg_nxdomain_only) {
			return false;
		}
		if (o->kind == RESOLVER_STACK_TIMEOUT && l->has_transport) {
			return false;
		}
		life = p->servfail_ttl_s;
		break;
	}
	*out_s = life;
	return life > 0;
}

/* Layer l of client c meets outcome o for (qname, qtype) (a miss there, now resolved). */
static void layer_store(struct stack_layer *l, resolver_stack_client *c, uint32_t qname,
			uint16_t qtype, const struct stack_outcome *o, int64_t now_ns)
{
	if (l->slots == 0) {
		return;
	}
	struct stack_entry *e = entry_find(c, l, qname, qtype);
	uint32_t life;
	if (!layer_lifetime(l, o, e, &life)) {
		/* 3.4: a TTL 0 answer removes systemd-resolved's existing entry; other caches
		 * have nothing fresh for the key anyway (it missed) */
		if (e != NULL && o->kind == RESOLVER_STACK_ANSWER && o->ttl_s == 0) {
			entry_clear(e);
		}
		return;
	}
	if (e != NULL) {
		dns_rrset_unref(e->rrset);
		e->rrset = NULL;
	} else {
		e = entry_victim(c, l);
	}
	e->qname = qname;
	e->qtype = qtype;
	e->kind = (uint8_t)(o->kind + 1);
	e->flags = 0;
	e->lifetime_s = life;
	if (life == RESOLVER_CLIENT_FOREVER_S) {
		e->expires_ns = SIM_TIME_NEVER;
	} else {
		e->expires_ns = now_ns + (int64_t)life * SIM_NS_PER_S;
	}
	/* the records, from the set that owns them: shared by every client that cached them (the
	 * entry keeps its own lifetime), rather than the answer's TTL copy of this moment */
	e->rrset =
	    o->kind == RESOLVER_STACK_ANSWER ? dns_rrset_ref(dns_rrset_data(o->rrset)) : NULL;
}

/*
 * May an expired entry still answer? 7.1 firefox: grace 60 s past expiry (3.9
 * dnsCacheExpirationGracePeriod); 7.1 envoy-strict-dns: last good hosts kept (unbounded grace);
 * 7.1 nscd-hosts: the old record while fewer than reload-count reloads failed (3.3). Positive
 * entries only.
 */
static bool entry_stale_usable(const struct stack_layer *l, const struct stack_entry *e,
			       int64_t now_ns)
{
	if (e->kind != ENTRY_ANSWER) {
		return false;
	}
	if (l->p.stale_grace_ns > 0) {
		return now_ns - e->expires_ns < l->p.stale_grace_ns;
	}
	if (l->p.stale_reloads > 0) {
		return (e->flags & ENTRY_RELOADS_MASK) < l->p.stale_reloads;
	}
	return false;
}

/* A background refresh for the stale entry of layer l finished with o. */
static void layer_refresh_done(struct stack_layer *l, resolver_stack_client *c, uint32_t qname,
			       uint16_t qtype, const struct stack_outcome *o, int64_t now_ns)
{
	struct stack_entry *e = entry_find(c, l, qname, qtype);
	if (e != NULL) {
		e->flags &= (uint8_t)~ENTRY_REFRESHING;
	}
	if (o->kind == RESOLVER_STACK_SERVFAIL || o->kind == RESOLVER_STACK_TIMEOUT) {
		/* a failed refresh keeps the old record (3.9 grace, 7.1 envoy); nscd also extends
		 * it by its positive TTL and counts the reload (3.3) */
		if (e != NULL && e->kind == ENTRY_ANSWER && l->p.stale_reloads > 0) {
			e->expires_ns = now_ns + (int64_t)e->lifetime_s * SIM_NS_PER_S;
			e->flags = (uint8_t)((e->flags & ~ENTRY_RELOADS_MASK) |
					     ((e->flags & ENTRY_RELOADS_MASK) + 1));
		}
		return;
	}
	layer_store(l, c, qname, qtype, o, now_ns);
}

/* The lookup walked by w has outcome o: store it in the layers that missed, answer the
 * caller unless a stale answer went out already. */
static void walk_finish(resolver_stack *s, resolver_stack_client *c, uint32_t qname, uint16_t qtype,
			uint64_t token, int64_t start_ns, const struct stack_walk *w,
			const struct stack_outcome *o, int64_t now_ns)
{
	for (guint i = 0; i < s->n_layers; i++) {
		if ((w->store_mask & (1u << i)) == 0) {
			continue;
		}
		if ((int)i == w->stale_layer) {
			layer_refresh_done(&s->layers[i], c, qname, qtype, o, now_ns);
		} else {
			layer_store(&s->layers[i], c, qname, qtype, o, now_ns);
		}
	}
	if (!w->answered) {
		deliver_result(s, c, token, o, start_ns, now_ns);
	}
}

/* ---- the transport ---- */

/* x mod n for the small x of a server rotation (a few times n at most): no division. */
static guint server_mod(guint x, guint n)
{
	while (x >= n) {
		x -= n;
	}
	return x;
}

static uint32_t all_servers_mask(const resolver_stack *s)
{
	return s->n_servers >= 32 ? UINT32_MAX : ((UINT32_C(1) << s->n_servers) - 1);
}

static uint64_t txn_token(const struct stack_txn *t, uint64_t low)
{
	return (t->id << TOKEN_ID_SHIFT) | low;
}

static void txn_send(resolver_stack *s, struct stack_txn *t, guint server)
{
	struct resolver_stack_action a = {
		.kind = RESOLVER_STACK_ACTION_SEND,
		.token = txn_token(t, server),
		.client = t->client,
		.resolver = server,
		.msg_id = s->next_msg_id++,
		.qtype = t->qtype,
		.qname = t->qname,
	};
	s->stats.sends++;
	push_action(s, &a);
}

static void txn_arm(resolver_stack *s, struct stack_txn *t, int64_t at_ns)
{
	int64_t deadline =
	    s->deadline_ns == SIM_TIME_NEVER ? SIM_TIME_NEVER : t->start_ns + s->deadline_ns;
	t->timer_seq++;
	struct resolver_stack_action a = {
		.kind = RESOLVER_STACK_ACTION_TIMER,
		.token = txn_token(t, TOKEN_TIMER | t->timer_seq),
		.client = t->client,
		.at_ns = MIN(at_ns, deadline),
	};
	push_action(s, &a);
}

static void txn_finish(resolver_stack *s, struct stack_txn *t, const struct stack_outcome *o,
		       int64_t now_ns)
{
	struct stack_walk w = {
		.store_mask = t->store_mask,
		.stale_layer = t->stale_layer,
		.answered = t->answered,
	};
	walk_finish(s, t->client, t->qname, t->qtype, t->token, t->start_ns, &w, o, now_ns);
	SIM_ASSERT(t->client->inflight > 0);
	t->client->inflight--;
	/* taken out without freeing (kept for the next lookup: one allocation less per lookup) */
	uint64_t id = t->id;
	sim_idmap_remove(&s->txns, id);
	if (s->n_spare < SPARE_TXNS) {
		s->spare[s->n_spare++] = t;
	} else {
		g_free(t);
	}
}

/* No answer: TIMEOUT, or SERVFAIL if some server said so (the stub returns the failure it
 * got, the application sees "temporary failure" either way). */
static void txn_give_up(resolver_stack *s, struct stack_txn *t, int64_t now_ns)
{
	struct stack_outcome o = {
		.kind = t->failed != 0 ? RESOLVER_STACK_SERVFAIL : RESOLVER_STACK_TIMEOUT,
		.layer = RESOLVER_STACK_LAYER_NETWORK,
		.resolver = -1,
	};
	txn_finish(s, t, &o, now_ns);
}

static bool txn_past_deadline(const resolver_stack *s, const struct stack_txn *t, int64_t now_ns)
{
	return s->deadline_ns != SIM_TIME_NEVER && now_ns - t->start_ns >= s->deadline_ns;
}

/*
 * Next send of a SEQUENTIAL transport (3.1, 7.1 glibc-stub): step k goes to server
 * (first + k) mod n, attempts x n steps, each waited timeout_ns; servers that answered with a
 * failure rcode are skipped. glibc starts from server 1 on every lookup, so a dead first
 * server costs timeout_ns per attempt on every lookup (3.1, 6.6).
 */
static void sequential_next(resolver_stack *s, struct stack_txn *t, int64_t now_ns)
{
	guint total = s->transport.attempts * s->n_servers;
	while (t->step < total) {
		guint server = server_mod(t->first + t->step, s->n_servers);
		if (t->failed & (UINT32_C(1) << server)) {
			t->step++;
			continue;
		}
		t->server = server;
		txn_send(s, t, server);
		txn_arm(s, t, now_ns + s->transport.timeout_ns);
		return;
	}
	txn_give_up(s, t, now_ns);
}

/*
 * Next send of a CURRENT transport (3.4, 6.6, 7.1 systemd-resolved): to the client's current
 * server; a server that times out or fails makes the next one current for every later lookup
 * ("switches and stays"). attempts counts sends across servers (resolved's
 * DNS_TRANSACTION_ATTEMPTS_MAX 24, ~5 s each, 120 s in all).
 */
static void current_next(resolver_stack *s, struct stack_txn *t, int64_t now_ns)
{
	resolver_stack_client *c = t->client;
	while (t->step < s->transport.attempts && t->failed != all_servers_mask(s)) {
		guint server = c->current % s->n_servers;
		if (t->failed & (UINT32_C(1) << server)) {
			c->current = (uint8_t)((server + 1) % s->n_servers);
			continue;
		}
		t->server = server;
		txn_send(s, t, server);
		txn_arm(s, t, now_ns + s->transport.timeout_ns);
		return;
	}
	txn_give_up(s, t, now_ns);
}

/* The server t waited for timed out or failed: a CURRENT transport moves on and stays. */
static void current_leave(resolver_stack *s, struct stack_txn *t)
{
	if (t->client->current % s->n_servers == t->server) {
		t->client->current = (uint8_t)((t->server + 1) % s->n_servers);
	}
}

/*
 * A PARALLEL round (3.2, 7.1 musl-stub): every server that has not failed, at 0, timeout_ns,
 * 2 timeout_ns ... (musl retransmits at timeout/attempts; the profile's timeout_ns is that
 * interval), attempts rounds, then wait for the budget.
 */
static void parallel_round(resolver_stack *s, struct stack_txn *t, int64_t now_ns)
{
	for (guint i = 0; i < s->n_servers; i++) {
		if ((t->failed & (UINT32_C(1) << i)) == 0) {
			txn_send(s, t, i);
		}
	}
	t->step++;
	int64_t next = t->step < s->transport.attempts
			   ? t->start_ns + (int64_t)t->step * s->transport.timeout_ns
			   : SIM_TIME_NEVER;
	txn_arm(s, t, next);
}

/*
 * A SCHEDULE send (3.5, 7.1 windows-client): the k-th send at schedule[k] from the start;
 * the first to the preferred server, later ones to every server ("preferred server first,
 * then all servers"); with one server: 0, 1, 2, 4, 8 s and failure at 10 s.
 */
static void schedule_send(resolver_stack *s, struct stack_txn *t, int64_t now_ns)
{
	const int64_t *sched = s->transport.retry_schedule_ns;
	bool all = t->step > 0 || (t->failed & 1u) != 0;
	for (guint i = 0; i < s->n_servers; i++) {
		if ((t->failed & (UINT32_C(1) << i)) == 0 && (all || i == 0)) {
			txn_send(s, t, i);
		}
	}
	t->step++;
	int64_t next = sched[t->step] >= 0 ? t->start_ns + sched[t->step] : SIM_TIME_NEVER;
	txn_arm(s, t, next);
}

static void txn_start(resolver_stack *s, resolver_stack_client *c, uint32_t qname, uint16_t qtype,
		      uint64_t token, int64_t now_ns, const struct stack_walk *w)
{
	struct stack_txn *t = s->n_spare > 0 ? s->spare[--s->n_spare] : g_new(struct stack_txn, 1);
	memset(t, 0, sizeof(*t));
	/* ids are 24 bits (tokens are id << 24 | 24 low bits, and callers keep the top 16 bits
	 * of 64 for themselves): they wrap, skipping 0 and any still in flight */
	do {
		s->next_txn_id = (s->next_txn_id + 1) & TXN_ID_MASK;
		s->ids_wrapped = s->ids_wrapped || s->next_txn_id == 0;
	} while (s->next_txn_id == 0 ||
		 (s->ids_wrapped && sim_idmap_get(&s->txns, s->next_txn_id) != NULL));
	t->id = s->next_txn_id;
	t->client = c;
	t->token = token;
	t->start_ns = now_ns;
	t->qname = qname;
	t->qtype = qtype;
	t->store_mask = w->store_mask;
	t->stale_layer = (int8_t)w->stale_layer;
	t->answered = w->answered;
	SIM_ASSERT(c->inflight < UINT16_MAX);
	c->inflight++;
	sim_idmap_put(&s->txns, t->id, t);

	switch (s->mode) {
	case MODE_SEQUENTIAL:
		if (s->transport.order == RESOLVER_CLIENT_ORDER_ROTATE) {
			/* resolv.conf `options rotate` (3.1): a different first server each lookup
			 */
			t->first = c->rotate % s->n_servers;
			c->rotate = (uint8_t)((t->first + 1) % s->n_servers);
		}
		sequential_next(s, t, now_ns);
		break;
	case MODE_CURRENT:
		current_next(s, t, now_ns);
		break;
	case MODE_PARALLEL:
		parallel_round(s, t, now_ns);
		break;
	case MODE_SCHEDULE:
		schedule_send(s, t, now_ns);
		break;
	}
}

/* ---- responses ---- */

/* min(SOA TTL, SOA MINIMUM) of the authority SOA (RFC 2308 5, resolvers.md 6.2), or NO_SOA. */
static uint32_t response_negative_ttl(const struct dns_msg *m)
{
	GPtrArray *auth = m->sections[DNS_SECTION_AUTHORITY];
	for (guint i = 0; i < auth->len; i++) {
		const struct dns_rrset *set = g_ptr_array_index(auth, i);
		if (set->type != LDNS_RR_TYPE_SOA || dns_rrset_count(set) == 0) {
			continue;
		}
		const ldns_rdf *min = ldns_rr_rdf(ldns_rr_list_rr(set->rrs, 0), 6);
		uint32_t minimum = min != NULL ? ldns_rdf2native_int32(min) : set->ttl;
		return MIN(set->ttl, minimum);
	}
	return NO_SOA;
}

/*
 * A usable response (NOERROR or NXDOMAIN) as an outcome. ANSWER: the first RRset of the qtype
 * in the answer section (the end of any CNAME chain); its TTL is the lowest TTL of the whole
 * answer section (3.4 resolved, 3.7 netd, 3.13 c-ares: the minimum over the answer).
 */
static struct stack_outcome response_outcome(const struct dns_msg *m, uint16_t qtype, guint server)
{
	struct stack_outcome o = {
		.layer = RESOLVER_STACK_LAYER_NETWORK,
		.resolver = (int)server,
	};
	if (m->rcode == LDNS_RCODE_NXDOMAIN) {
		o.kind = RESOLVER_STACK_NXDOMAIN;
		o.ttl_s = response_negative_ttl(m);
		return o;
	}
	GPtrArray *ans = m->sections[DNS_SECTION_ANSWER];
	uint32_t ttl = UINT32_MAX;
	for (guint i = 0; i < ans->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(ans, i);
		ttl = MIN(ttl, set->ttl);
		if (o.rrset == NULL && set->type == qtype) {
			o.rrset = set;
		}
	}
	if (o.rrset != NULL) {
		o.kind = RESOLVER_STACK_ANSWER;
		o.ttl_s = ttl;
	} else {
		o.kind = RESOLVER_STACK_NODATA;
		o.ttl_s = response_negative_ttl(m);
	}
	return o;
}

/* ---- public ---- */

resolver_stack *resolver_stack_new_profiles(const struct resolver_client_profile *layers,
					    guint n_layers, guint n_resolvers,
					    guint slots_per_layer)
{
	SIM_ASSERT(n_layers <= RESOLVER_STACK_MAX_LAYERS);
	SIM_ASSERT(n_resolvers >= 1 && n_resolvers <= RESOLVER_STACK_MAX_RESOLVERS);
	SIM_ASSERT(slots_per_layer <= RESOLVER_STACK_MAX_SLOTS);
	if (slots_per_layer == 0) {
		slots_per_layer = RESOLVER_STACK_DEFAULT_SLOTS;
	}
	resolver_stack *s = g_new0(resolver_stack, 1);
	s->n_layers = n_layers;
	s->transport_layer = -1;
	for (guint i = 0; i < n_layers; i++) {
		struct stack_layer *l = &s->layers[i];
		l->p = layers[i];
		l->has_transport = l->p.timeout_ns > 0 || l->p.retry_schedule_ns != NULL;
		if (l->has_transport) {
			s->transport_layer = (int)i; /* the lowest one wins */
		}
		if (l->p.cache != RESOLVER_CLIENT_CACHE_NONE) {
			l->slots = slots_per_layer;
			if (l->p.capacity > 0 && l->p.capacity < l->slots) {
				l->slots = (guint)l->p.capacity;
			}
		}
		l->first_slot = s->total_slots;
		s->total_slots += l->slots;
	}
	if (s->transport_layer >= 0) {
		s->transport = s->layers[s->transport_layer].p;
	} else {
		/* no stub layer: the OS default, glibc's getaddrinfo (3.1) */
		const struct resolver_client_profile *glibc =
		    resolver_client_profile_find("glibc-stub");
		SIM_ASSERT(glibc != NULL);
		s->transport = *glibc;
	}
	const struct resolver_client_profile *tp = &s->transport;
	s->n_servers = n_resolvers;
	if (tp->max_servers > 0 && tp->max_servers < n_resolvers) {
		s->n_servers = tp->max_servers; /* 3.1: MAXNS 3 */
	}
	SIM_ASSERT(tp->attempts > 0 || tp->retry_schedule_ns != NULL);
	if (tp->retry_schedule_ns != NULL) {
		s->mode = MODE_SCHEDULE;
	} else if (tp->order == RESOLVER_CLIENT_ORDER_PARALLEL_ALL) {
		s->mode = MODE_PARALLEL;
	} else if (tp->keep_server) {
		s->mode = MODE_CURRENT;
	} else {
		s->mode = MODE_SEQUENTIAL;
	}
	if (tp->lookup_budget_ns > 0) {
		s->deadline_ns = tp->lookup_budget_ns;
	} else if (s->mode == MODE_PARALLEL) {
		s->deadline_ns = (int64_t)tp->attempts * tp->timeout_ns;
	} else {
		s->deadline_ns = SIM_TIME_NEVER; /* the attempts bound it */
	}
	if (s->mode == MODE_SCHEDULE) {
		SIM_ASSERT(tp->retry_schedule_ns[0] >= 0 && s->deadline_ns != SIM_TIME_NEVER);
	}
	sim_idmap_init(&s->txns);
	return s;
}

resolver_stack *resolver_stack_new(const char *const *layer_names, guint n_layers,
				   guint n_resolvers, guint slots_per_layer, GError **error)
{
	if (n_layers > RESOLVER_STACK_MAX_LAYERS) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "a client stack has at most %d layers, not %u",
			    RESOLVER_STACK_MAX_LAYERS, n_layers);
		return NULL;
	}
	if (n_resolvers < 1 || n_resolvers > RESOLVER_STACK_MAX_RESOLVERS) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "a client stack needs 1 to %d resolvers, not %u",
			    RESOLVER_STACK_MAX_RESOLVERS, n_resolvers);
		return NULL;
	}
	if (slots_per_layer > RESOLVER_STACK_MAX_SLOTS) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "at most %d cache slots per layer, not %u", RESOLVER_STACK_MAX_SLOTS,
			    slots_per_layer);
		return NULL;
	}
	struct resolver_client_profile profiles[RESOLVER_STACK_MAX_LAYERS];
	for (guint i = 0; i < n_layers; i++) {
		const struct resolver_client_profile *p =
		    resolver_client_profile_find(layer_names[i]);
		if (p == NULL) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "unknown client profile '%s' (expected glibc-stub, "
				    "systemd-resolved, java-default, ...)",
				    layer_names[i]);
			return NULL;
		}
		profiles[i] = *p;
	}
	return resolver_stack_new_profiles(profiles, n_layers, n_resolvers, slots_per_layer);
}

static void action_clear(struct resolver_stack_action *a)
{
	if (a->kind == RESOLVER_STACK_ACTION_RESULT) {
		dns_rrset_unref(a->result.rrset);
	}
}

void resolver_stack_free(resolver_stack *s)
{
	if (s == NULL) {
		return;
	}
	for (guint i = s->head; i < s->n_actions; i++) {
		action_clear(&s->actions[i]);
	}
	g_free(s->actions);
	for (uint32_t i = 0; i < s->txns.mask + 1; i++) {
		g_free(sim_idmap_slot_value(&s->txns, i));
	}
	sim_idmap_clear(&s->txns);
	for (guint i = 0; i < s->n_spare; i++) {
		g_free(s->spare[i]);
	}
	g_free(s);
}

size_t resolver_stack_client_size(const resolver_stack *s)
{
	return sizeof(struct resolver_stack_client) + s->total_slots * sizeof(struct stack_entry);
}

resolver_stack_client *resolver_stack_client_init(resolver_stack *s, void *storage)
{
	SIM_ASSERT(((uintptr_t)storage % G_ALIGNOF(struct stack_entry)) == 0);
	memset(storage, 0, resolver_stack_client_size(s));
	return storage;
}

void resolver_stack_client_clear(resolver_stack *s, resolver_stack_client *c)
{
	if (c->inflight > 0) {
		/* removal only: the table's order decides nothing. A removal shifts later
		 * entries back, so the slot is looked at again after one. */
		for (uint32_t i = 0; s->txns.slots != NULL && i <= s->txns.mask;) {
			struct stack_txn *t = sim_idmap_slot_value(&s->txns, i);
			if (t != NULL && t->client == c) {
				sim_idmap_remove(&s->txns, t->id);
				g_free(t);
				continue;
			}
			i++;
		}
		c->inflight = 0;
	}
	for (guint k = 0; k < s->total_slots; k++) {
		dns_rrset_unref(c->entries[k].rrset);
	}
	memset(c, 0, resolver_stack_client_size(s));
}

resolver_stack_client *resolver_stack_client_new(resolver_stack *s)
{
	return resolver_stack_client_init(s, g_malloc(resolver_stack_client_size(s)));
}

void resolver_stack_client_free(resolver_stack *s, resolver_stack_client *c)
{
	if (c == NULL) {
		return;
	}
	resolver_stack_client_clear(s, c);
	g_free(c);
}

/*
 * The walk down the stack (6.7): each caching layer in turn, application first. A fresh entry
 * answers (and the layers above it that missed store what it gives, counted down); an expired
 * entry that the layer may still use answers stale at once and the walk continues below as
 * its refresh; a miss goes on down; below the last layer is the transport.
 */
void resolver_stack_lookup(resolver_stack *s, resolver_stack_client *c, uint32_t qname,
			   uint16_t qtype, uint64_t token, int64_t now_ns)
{
	struct stack_walk w = { .store_mask = 0, .stale_layer = -1, .answered = false };
	s->stats.lookups++;
	for (guint i = 0; i < s->n_layers; i++) {
		struct stack_layer *l = &s->layers[i];
		if (l->slots == 0) {
			continue;
		}
		struct stack_entry *e = entry_find(c, l, qname, qtype);
		if (e != NULL && now_ns < e->expires_ns) {
			struct stack_outcome o = outcome_from_entry(e, (int)i, now_ns);
			walk_finish(s, c, qname, qtype, token, now_ns, &w, &o, now_ns);
			return;
		}
		if (e != NULL && !w.answered && entry_stale_usable(l, e, now_ns)) {
			struct stack_outcome o = outcome_from_entry(e, (int)i, now_ns);
			o.stale = true;
			deliver_result(s, c, token, &o, now_ns, now_ns);
			if (e->flags & ENTRY_REFRESHING) {
				return; /* one revalidation at a time */
			}
			e->flags |= ENTRY_REFRESHING;
			s->stats.refreshes++;
			/* the layers above got the stale data; the refresh fills this one and the
			 * ones below that miss */
			w.answered = true;
			w.stale_layer = (int)i;
			w.store_mask = (uint8_t)(1u << i);
			continue;
		}
		w.store_mask |= (uint8_t)(1u << i);
	}
	txn_start(s, c, qname, qtype, token, now_ns, &w);
}

/* The transaction a response with this token and question answers, or NULL (a timer token, a
 * finished lookup, another question). */
static struct stack_txn *txn_answered(resolver_stack *s, uint64_t token, uint32_t qname,
				      uint16_t qtype)
{
	if (token & TOKEN_TIMER) {
		return NULL;
	}
	struct stack_txn *t = sim_idmap_get(&s->txns, token >> TOKEN_ID_SHIFT);
	if (t == NULL || qname != t->qname || qtype != t->qtype) {
		return NULL;
	}
	SIM_ASSERT((token & 0xff) < s->n_servers);
	return t;
}

void resolver_stack_receive_answer(resolver_stack *s, uint64_t token, uint32_t qname,
				   uint16_t qtype, struct dns_rrset *rrset, uint32_t ttl_s,
				   int64_t now_ns)
{
	struct stack_txn *t = txn_answered(s, token, qname, qtype);
	if (t == NULL) {
		return;
	}
	/* response_outcome() of such a response: the lowest TTL of the answer section is the
	 * set's, ttl_s; a set of another type leaves no data and no SOA */
	bool data = rrset->type == qtype;
	struct stack_outcome o = {
		.kind = data ? RESOLVER_STACK_ANSWER : RESOLVER_STACK_NODATA,
		.rrset = data ? rrset : NULL,
		.ttl_s = data ? ttl_s : NO_SOA,
		.layer = RESOLVER_STACK_LAYER_NETWORK,
		.resolver = (int)(token & 0xff),
	};
	txn_finish(s, t, &o, now_ns);
}

void resolver_stack_receive(resolver_stack *s, uint64_t token, const struct dns_msg *response,
			    int64_t now_ns)
{
	struct stack_txn *t = txn_answered(s, token, response->qname, response->qtype);
	if (t == NULL) {
		return;
	}
	guint server = (guint)(token & 0xff);
	if (response->rcode == LDNS_RCODE_NOERROR || response->rcode == LDNS_RCODE_NXDOMAIN) {
		/* an answer ends the lookup, whichever server it came from (3.5: an NXDOMAIN
		 * stops Windows' retries) */
		struct stack_outcome o = response_outcome(response, t->qtype, server);
		txn_finish(s, t, &o, now_ns);
		return;
	}
	/*
	 * SERVFAIL, REFUSED, ...: that server is done for this lookup. Sequential stubs go to the
	 * next server at once (glibc res_send next_ns [not in resolvers.md]); resolved makes
	 * the next one current; Windows asks the others at its next send time; musl ignores
	 * the reply and keeps waiting for another (res_msend.c "ignore all other codes" [not in
	 * resolvers.md]).
	 */
	t->failed |= UINT32_C(1) << server;
	switch (s->mode) {
	case MODE_SEQUENTIAL:
		if (server == t->server) {
			t->step++;
			sequential_next(s, t, now_ns);
		}
		break;
	case MODE_CURRENT:
		if (server == t->server) {
			current_leave(s, t);
			t->step++;
			current_next(s, t, now_ns);
		}
		break;
	case MODE_PARALLEL:
		break;
	case MODE_SCHEDULE:
		if (t->failed == all_servers_mask(s)) {
			txn_give_up(s, t, now_ns);
		}
		break;
	}
}

bool resolver_stack_timer_live(const resolver_stack *s, uint64_t token)
{
	if ((token & TOKEN_TIMER) == 0) {
		return false;
	}
	uint64_t id = token >> TOKEN_ID_SHIFT;
	const struct stack_txn *t = sim_idmap_get(&s->txns, id);
	return t != NULL && (uint16_t)(token & 0xffff) == t->timer_seq;
}

void resolver_stack_timer(resolver_stack *s, uint64_t token, int64_t now_ns)
{
	if ((token & TOKEN_TIMER) == 0) {
		return;
	}
	uint64_t id = token >> TOKEN_ID_SHIFT;
	struct stack_txn *t = sim_idmap_get(&s->txns, id);
	if (t == NULL || (uint16_t)(token & 0xffff) != t->timer_seq) {
		return;
	}
	if (txn_past_deadline(s, t, now_ns)) {
		txn_give_up(s, t, now_ns); /* 7.1: glibc 30 s worst, musl 5 s, Windows 10 s */
		return;
	}
	switch (s->mode) {
	case MODE_SEQUENTIAL:
		t->step++;
		sequential_next(s, t, now_ns);
		break;
	case MODE_CURRENT:
		current_leave(s, t);
		t->step++;
		current_next(s, t, now_ns);
		break;
	case MODE_PARALLEL:
		parallel_round(s, t, now_ns);
		break;
	case MODE_SCHEDULE:
		schedule_send(s, t, now_ns);
		break;
	}
}

bool resolver_stack_next_action(resolver_stack *s, struct resolver_stack_action *out)
{
	if (s->head >= s->n_actions) {
		return false;
	}
	*out = s->actions[s->head];
	s->head++;
	if (s->head == s->n_actions) {
		s->n_actions = 0;
		s->head = 0;
	}
	return true;
}

guint resolver_stack_layer_count(const resolver_stack *s)
{
	return s->n_layers;
}

const char *resolver_stack_layer_name(const resolver_stack *s, guint i)
{
	SIM_ASSERT(i < s->n_layers);
	return s->layers[i].p.name;
}

const char *resolver_stack_transport_name(const resolver_stack *s)
{
	return s->transport.name;
}

void resolver_stack_connect_policy(const resolver_stack *s, bool *next_address, int64_t *timeout_ns)
{
	*next_address = s->n_layers > 0 && s->layers[0].p.next_address;
	*timeout_ns = RESOLVER_STACK_CONNECT_TIMEOUT_NS;
	for (guint i = 0; i < s->n_layers; i++) {
		if (s->layers[i].p.connect_timeout_ns > 0) {
			*timeout_ns = s->layers[i].p.connect_timeout_ns;
			break;
		}
	}
}

const struct resolver_stack_stats *resolver_stack_get_stats(const resolver_stack *s)
{
	return &s->stats;
}

const char *resolver_stack_outcome_name(enum resolver_stack_outcome outcome)
{
	static const char *const names[] = { "answer", "nxdomain", "nodata", "servfail",
					     "timeout" };
	SIM_ASSERT((size_t)outcome < G_N_ELEMENTS(names));
	return names[outcome];
}
