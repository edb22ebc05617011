/*
 * Iterative resolution (RFC 1034 5.3.3) as a sans-I/O state machine.
 *
 * A client query becomes a request. A request walks: cache (answer, negative, failure, stale,
 * CNAME) -> closest known zone cut (cached NS, else stub zone, else root hints) -> addresses of
 * that cut's servers (cached A/AAAA, or a sub-request for a glueless NS name) -> one upstream
 * exchange at a time, to a server chosen by the profile's selection model, guarded by a timer of
 * the server's RTO. A response is classified as answer, CNAME, NXDOMAIN, NODATA, referral or
 * lame, cached with its RFC 2181 rank, and the walk goes on until the client can be answered.
 */
#include "resolver/resolver.h"

#include <string.h>

#include "sim/rng.h"
#include "sim/util.h"

#define MAX_CNAMES    11 /* CNAME restarts per query (Unbound's max-restart is 11) */
#define MAX_SUB_DEPTH 4	 /* nested glueless NS resolutions */
#define EDNS_SIZE     1232

/* What the resolver knows about one upstream address (its "infra cache"). */
struct infra {
	char *address;
	bool rtt_known;
	int64_t srtt_ns;
	int64_t rttvar_ns;
	int64_t rto_ns;
	uint32_t timeouts; /* in a row */
	int64_t down_until_ns;
	GArray *lame; /* struct lame: zones this server answered lamely for */
};

/* A server is lame for a zone it was delegated but does not serve (Unbound keeps this in its
 * infra cache for infra-host-ttl). */
struct lame {
	uint32_t zone;
	int64_t until_ns;
};

struct candidate {
	struct infra *infra;
	uint32_t tries;
	bool failed; /* lame, refused, or tried out */
};

struct request {
	uint64_t id;
	struct request *parent; /* waiting for this sub-request (glueless NS), or NULL */
	bool is_client;
	bool refresh;	   /* a prefetch: ask upstream even though the cache holds the answer */
	int64_t leeway_ns; /* prefetch: the answer's TTL left when it started */
	uint64_t client_token;
	uint16_t client_msg_id;
	bool client_rd, client_cd, client_do;
	uint16_t client_udp;
	uint32_t orig_qname;
	uint32_t qname;
	uint16_t qtype;
	uint16_t qclass;
	GPtrArray *chain; /* CNAME RRsets on the way, refs */
	unsigned cnames;
	unsigned depth;
	/* current zone cut and its servers */
	uint32_t cut;
	GArray *candidates; /* struct candidate */
	GArray *ns_names;   /* uint32_t: NS targets of the cut */
	GArray *subs_tried; /* uint32_t: NS names already resolved by a sub-request */
	GArray *fallbacks;  /* uint32_t: cuts whose parent was asked again */
	bool waiting_sub;
	uint64_t exchange; /* token of the exchange in flight, 0 if none */
	unsigned sends;
	int64_t start_ns;
	bool finished;
	bool stale_ok;			      /* expired data may answer (serve-stale) */
	bool answered_stale;		      /* the client already got a stale answer */
	uint64_t stale_timer;		      /* token of the client-response timer */
	GPtrArray *extras[DNS_SECTION_COUNT]; /* full responses: the scrubbed authority and
					       * additional RRsets of the final upstream reply */
	bool priming;			      /* the root priming query itself (RFC 8109) */
	bool primed;			      /* a priming query was started for this request */
	bool hints_cut;			      /* the current cut comes from the root hints */
	bool norec;			      /* a query without RD: answered from the cache only */
	bool plain;	    /* the answer is complete as built (no added sections) */
	uint32_t qmin_name; /* RFC 9156: last hidden name asked, or DNS_NAME_NONE */
	bool qmin_off;	    /* minimisation given up for this name (full name asked) */
	/* the cache lookup resolver_query() made already, for iterate()'s first round */
	bool have_first;
	struct resolver_cache_answer first;
	bool traced; /* its steps go into the trace (resolver_set_trace_client()) */
};

/*
 * What Unbound's message cache keeps of a reply besides its answer: references (owner, type,
 * class) to the RRsets of its authority and additional sections. A later answer from the
 * cache shows those RRsets as the RRset cache holds them then (updated data, current TTLs),
 * never RRsets the reply did not carry (services/cache/dns.c tomsg()).
 */
struct msg_ref {
	uint32_t owner;
	uint16_t type;
	uint16_t rclass;
	enum dns_section section;
};

struct msg_shape {
	GArray *refs;	   /* struct msg_ref */
	GPtrArray *sets;   /* the RRsets themselves, refs held (Knot's packet cache) */
	int64_t stored_ns; /* when the reply came */
};

static void msg_shape_free(gpointer p)
{
	struct msg_shape *s = p;
	g_array_free(s->refs, TRUE);
	g_ptr_array_free(s->sets, TRUE);
	g_free(s);
}

static uint64_t *msg_key(uint32_t qname, uint16_t qtype, uint16_t qclass)
{
	uint64_t *k = g_new(uint64_t, 1);
	*k = (uint64_t)qname << 32 | (uint64_t)qtype << 16 | qclass;
	return k;
}

struct exchange {
	uint64_t token;
	struct request *req;
	struct infra *infra;
	int64_t sent_ns;
	bool tcp;
	bool done;
	uint32_t qname; /* the question sent (minimised or not) */
	uint16_t qtype;
};

struct resolver {
	/* first, in the same cache lines: what a cache answer touches */
	resolver_cache *cache;
	struct resolver_action *actions; /* [action_head, n_actions) to be taken */
	guint action_head;
	guint n_actions;
	guint cap_actions;
	int64_t now_ns; /* time of the call being handled, for the trace */
	GString *trace;
	struct resolver_stats stats;
	char *name;
	dns_names *names;
	struct sim_rng rng;
	GArray *hints;	       /* struct resolver_hint (copies) */
	GPtrArray *forwarders; /* struct infra * (borrowed from infra table) */
	GHashTable *stubs;     /* zone id -> GPtrArray of struct infra * */
	GHashTable *infra;     /* address -> struct infra * */
	GHashTable *exchanges; /* token -> struct exchange * */
	GHashTable *timers;    /* token -> struct request * (stale timers) */
	GHashTable *msgs;      /* msg_key() -> struct msg_shape * (Unbound's message cache) */
	GPtrArray *requests;   /* live requests, owned */
	GPtrArray *spare;      /* finished requests kept for reuse (their arrays allocated) */
	uint64_t next_token;
	bool trace_one;		 /* trace only the traced client query's requests */
	uint64_t trace_token;	 /* that query's client token */
	bool trace_on;		 /* the call being handled is traced */
	bool shape_stale;	 /* building a stale answer: expired RRsets of its shape count */
	int64_t store_leeway_ns; /* while handling a prefetch's reply: its leeway */
	struct resolver_profile profile;
};

static void iterate(resolver *r, struct request *req, int64_t now);
static void answer_from_cache_only(resolver *r, struct request *req, int64_t now);
static void prime_root(resolver *r, struct request *req, int64_t now);
static void start_prefetch(resolver *r, uint32_t qname, uint16_t qtype, uint16_t qclass,
			   uint32_t left_s, int64_t now);

static void trace(resolver *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void trace(resolver *r, const char *fmt, ...)
{
	if (r->trace == NULL || !r->trace_on) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_string_append_printf(r->trace, "%10.3f s  ", (double)r->now_ns / 1e9);
	g_string_append_vprintf(r->trace, fmt, ap);
	va_end(ap);
	g_string_append_c(r->trace, '\n');
}

/* A call about req begins: trace it if every request is traced or req is (or was started by)
 * the traced client query. */
static void trace_focus(resolver *r, const struct request *req)
{
	r->trace_on = !r->trace_one || (req != NULL && req->traced);
}

static const char *type_name(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	return d != NULL && d->_name != NULL ? d->_name : "TYPE?";
}

static struct infra *infra_get(resolver *r, const char *address)
{
	struct infra *in = g_hash_table_lookup(r->infra, address);
	if (in == NULL) {
		in = g_new0(struct infra, 1);
		in->address = g_strdup(address);
		in->rto_ns =
		    r->profile.timeout_ns > 0 ? r->profile.timeout_ns : 376 * SIM_NS_PER_MS;
		g_hash_table_insert(r->infra, in->address, in);
	}
	return in;
}

static void infra_free(gpointer p)
{
	struct infra *in = p;
	if (in->lame != NULL) {
		g_array_free(in->lame, TRUE);
	}
	g_free(in->address);
	g_free(in);
}

static void push_action(resolver *r, struct resolver_action a)
{
	if (r->n_actions == r->cap_actions) {
		r->cap_actions = r->cap_actions > 0 ? 2 * r->cap_actions : 8;
		r->actions = g_renew(struct resolver_action, r->actions, r->cap_actions);
	}
	r->actions[r->n_actions++] = a;
}

resolver *resolver_new(const char *name, const struct resolver_profile *profile, dns_names *names,
		       const struct resolver_hint *hints, guint n_hints, uint64_t seed)
{
	resolver *r = g_new0(resolver, 1);
	r->name = g_strdup(name);
	r->profile = *profile;
	r->names = names;
	r->cache = resolver_cache_new(&r->profile, names);
	sim_rng_init(&r->rng, seed, name, "resolver");
	r->hints = g_array_new(FALSE, FALSE, sizeof(struct resolver_hint));
	for (guint i = 0; i < n_hints; i++) {
		struct resolver_hint h = { hints[i].host, g_strdup(hints[i].address) };
		g_array_append_val(r->hints, h);
	}
	r->forwarders = g_ptr_array_new();
	r->stubs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
					 (GDestroyNotify)g_ptr_array_unref);
	r->infra = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, infra_free);
	r->exchanges = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	r->timers = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	r->msgs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, msg_shape_free);
	r->requests = g_ptr_array_new();
	r->spare = g_ptr_array_new();
	r->next_token = 1;
	return r;
}

static void request_free(struct request *req)
{
	g_ptr_array_free(req->chain, TRUE);
	g_array_free(req->candidates, TRUE);
	g_array_free(req->ns_names, TRUE);
	g_array_free(req->subs_tried, TRUE);
	g_array_free(req->fallbacks, TRUE);
	for (int i = 0; i < DNS_SECTION_COUNT; i++) {
		if (req->extras[i] != NULL) {
			g_ptr_array_free(req->extras[i], TRUE);
		}
	}
	g_free(req);
}

void resolver_free(resolver *r)
{
	if (r == NULL) {
		return;
	}
	for (guint i = 0; i < r->requests->len; i++) {
		request_free(g_ptr_array_index(r->requests, i));
	}
	g_ptr_array_free(r->requests, TRUE);
	for (guint i = 0; i < r->spare->len; i++) {
		request_free(g_ptr_array_index(r->spare, i));
	}
	g_ptr_array_free(r->spare, TRUE);
	for (guint i = r->action_head; i < r->n_actions; i++) {
		dns_msg_free(r->actions[i].msg);
	}
	g_free(r->actions);
	g_hash_table_destroy(r->exchanges);
	g_hash_table_destroy(r->timers);
	g_hash_table_destroy(r->msgs);
	g_hash_table_destroy(r->stubs);
	g_ptr_array_free(r->forwarders, TRUE);
	g_hash_table_destroy(r->infra);
	for (guint i = 0; i < r->hints->len; i++) {
		g_free(g_array_index(r->hints, struct resolver_hint, i).address);
	}
	g_array_free(r->hints, TRUE);
	resolver_cache_free(r->cache);
	g_free(r->name);
	g_free(r);
}

void resolver_set_forwarders(resolver *r, const char *const *addresses)
{
	g_ptr_array_set_size(r->forwarders, 0);
	for (size_t i = 0; addresses != NULL && addresses[i] != NULL; i++) {
		g_ptr_array_add(r->forwarders, infra_get(r, addresses[i]));
	}
}

void resolver_add_stub_zone(resolver *r, uint32_t zone, const char *const *addresses)
{
	GPtrArray *list = g_ptr_array_new();
	for (size_t i = 0; addresses != NULL && addresses[i] != NULL; i++) {
		g_ptr_array_add(list, infra_get(r, addresses[i]));
	}
	g_hash_table_replace(r->stubs, GUINT_TO_POINTER(zone), list);
}

#define SPARE_REQUESTS 64 /* finished requests kept for reuse */

static struct request *request_new(resolver *r, uint32_t qname, uint16_t qtype, uint16_t qclass,
				   int64_t now)
{
	struct request *req;
	if (r->spare->len > 0) {
		/* a finished one, emptied: only its arrays are kept */
		req = g_ptr_array_steal_index_fast(r->spare, r->spare->len - 1);
		struct request keep = *req;
		memset(req, 0, sizeof(*req));
		req->chain = keep.chain;
		req->candidates = keep.candidates;
		req->ns_names = keep.ns_names;
		req->subs_tried = keep.subs_tried;
		req->fallbacks = keep.fallbacks;
	} else {
		req = g_new0(struct request, 1);
		req->chain = g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
		req->candidates = g_array_new(FALSE, TRUE, sizeof(struct candidate));
		req->ns_names = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		req->subs_tried = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		req->fallbacks = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	}
	req->id = r->next_token++;
	req->orig_qname = qname;
	req->qname = qname;
	req->qtype = qtype;
	req->qclass = qclass;
	req->start_ns = now;
	req->cut = DNS_NAME_NONE;
	req->qmin_name = DNS_NAME_NONE;
	/* a request started while a traced one is handled (a sub-request, a prefetch) is traced */
	req->traced = r->trace_one && r->trace_on;
	g_ptr_array_add(r->requests, req);
	return req;
}

static void request_remove(resolver *r, struct request *req)
{
	g_ptr_array_remove(r->requests, req);
	if (r->spare->len >= SPARE_REQUESTS) {
		request_free(req);
		return;
	}
	g_ptr_array_set_size(req->chain, 0);
	g_array_set_size(req->candidates, 0);
	g_array_set_size(req->ns_names, 0);
	g_array_set_size(req->subs_tried, 0);
	g_array_set_size(req->fallbacks, 0);
	for (int i = 0; i < DNS_SECTION_COUNT; i++) {
		if (req->extras[i] != NULL) {
			g_ptr_array_free(req->extras[i], TRUE);
			req->extras[i] = NULL;
		}
	}
	g_ptr_array_add(r->spare, req);
}

/* The response to the client: question of the original query, the CNAME chain, then rest. */
/* A response to a client's query: the question, the client's flags echoed (RD, CD, EDNS, DO). */
static struct dns_msg *response_to(uint16_t id, uint32_t qname, uint16_t qtype, uint16_t qclass,
				   bool rd, bool cd, uint16_t client_udp, bool client_do,
				   uint8_t rcode)
{
	struct dns_msg *m = dns_msg_new(id, qname, qtype, qclass);
	m->qr = true;
	m->ra = true;
	m->rd = rd;
	m->cd = cd;
	m->rcode = rcode;
	m->edns_udp_size = client_udp > 0 ? EDNS_SIZE : 0;
	m->dnssec_ok = client_do && m->edns_udp_size > 0; /* RFC 3225 3: DO echoed */
	return m;
}

static struct dns_msg *client_response(resolver *r, struct request *req, uint8_t rcode)
{
	struct dns_msg *m =
	    response_to(req->client_msg_id, req->orig_qname, req->qtype, req->qclass,
			req->client_rd, req->client_cd, req->client_udp, req->client_do, rcode);
	for (guint i = 0; i < req->chain->len; i++) {
		dns_msg_add(m, DNS_SECTION_ANSWER, g_ptr_array_index(req->chain, i));
	}
	return m;
}

static void gather_addresses(resolver *r, struct request *req, int64_t now);

/* A sub-request finished: its parent goes on (the answer, if any, is in the cache). */
static void wake_parent(resolver *r, struct request *parent, int64_t now)
{
	if (!parent->finished) {
		parent->waiting_sub = false;
		if (parent->cut != DNS_NAME_NONE) {
			gather_addresses(r, parent, now); /* the NS address it waited for */
		}
		iterate(r, parent, now);
	}
}

/* Deliver msg (owned) to whoever waits for req, then drop req. */
static void add_ns_addresses(resolver *r, struct dns_msg *m, const struct dns_rrset *ns,
			     int64_t now);

/*
 * Non-minimal answers (profile full_responses): a positive answer gets the NS RRset of the
 * closest enclosing zone the cache knows in authority and its addresses in additional.
 */
static void add_full_response(resolver *r, struct dns_msg *m, int64_t now)
{
	GPtrArray *answer = m->sections[DNS_SECTION_ANSWER];
	if (m->rcode != LDNS_RCODE_NOERROR || answer->len == 0 ||
	    m->sections[DNS_SECTION_AUTHORITY]->len > 0) {
		return;
	}
	const struct dns_rrset *last = g_ptr_array_index(answer, answer->len - 1);
	for (uint32_t name = last->owner; name != DNS_NAME_NONE;
	     name = dns_name_parent(r->names, name)) {
		struct resolver_cache_answer ns =
		    resolver_cache_lookup(r->cache, name, LDNS_RR_TYPE_NS, m->qclass, now);
		if (ns.status == RESOLVER_CACHE_HIT && ns.negative == RESOLVER_NEGATIVE_NONE) {
			struct dns_rrset *set = dns_rrset_copy_ttl(ns.rrset, ns.ttl_s);
			dns_msg_add(m, DNS_SECTION_AUTHORITY, set);
			add_ns_addresses(r, m, set, now);
			dns_rrset_unref(set);
			return;
		}
	}
}

/* Add one RRset of a reply's shape to section s of m, as the RRset cache holds it now if it
 * does (Unbound answers with the cached copy when the cache's is the better one), else
 * fallback (NULL: nothing). */
static void add_shape_rrset(resolver *r, struct dns_msg *m, enum dns_section s, uint32_t owner,
			    uint16_t type, uint16_t rclass, struct dns_rrset *fallback, int64_t now)
{
	struct resolver_cache_answer a = resolver_cache_lookup(r->cache, owner, type, rclass, now);
	bool usable =
	    a.status == RESOLVER_CACHE_HIT || (a.status == RESOLVER_CACHE_STALE && r->shape_stale);
	if (usable && a.negative == RESOLVER_NEGATIVE_NONE) {
		/* a stale answer shows every RRset with the stale TTL (Unbound
		 * serve-expired-reply-ttl applies to the whole message) */
		struct dns_rrset *set = dns_rrset_copy_ttl(a.rrset, a.ttl_s);
		dns_msg_add(m, s, set);
		dns_rrset_unref(set);
	} else if (fallback != NULL) {
		dns_msg_add(m, s, fallback);
	}
}

/*
 * Non-minimal answers with the shape of the reply that answered (Unbound's message cache):
 * the RRsets the final upstream reply carried in authority and additional after scrubbing,
 * or, answering from the cache, the RRsets the cached message refers to. FALSE when neither
 * is known (an answer put together from cached RRsets alone).
 */
static bool add_reply_shape(resolver *r, struct request *req, struct dns_msg *m, int64_t now)
{
	bool fresh = false;
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		GPtrArray *sets = req->extras[s];
		for (guint i = 0; sets != NULL && i < sets->len; i++) {
			struct dns_rrset *set = g_ptr_array_index(sets, i);
			if (!r->profile.full_responses) {
				/* Knot: the reply's own records, as its packet cache keeps them */
				dns_msg_add(m, (enum dns_section)s, set);
				continue;
			}
			add_shape_rrset(r, m, (enum dns_section)s, set->owner, set->type,
					set->rclass, set, now);
		}
		fresh |= sets != NULL;
	}
	if (fresh) {
		return true;
	}
	uint64_t *key = msg_key(req->orig_qname, req->qtype, req->qclass);
	const struct msg_shape *shape = g_hash_table_lookup(r->msgs, key);
	g_free(key);
	if (shape == NULL) {
		return false;
	}
	for (guint i = 0; i < shape->refs->len; i++) {
		const struct msg_ref *ref = &g_array_index(shape->refs, struct msg_ref, i);
		if (!r->profile.full_responses) {
			/* Knot: the records as the reply had them, TTLs counted down */
			const struct dns_rrset *set = g_ptr_array_index(shape->sets, i);
			int64_t gone_s = (now - shape->stored_ns) / SIM_NS_PER_S;
			struct dns_rrset *copy = dns_rrset_copy_ttl(
			    set, (int64_t)set->ttl > gone_s ? (uint32_t)(set->ttl - gone_s) : 0);
			dns_msg_add(m, ref->section, copy);
			dns_rrset_unref(copy);
			continue;
		}
		add_shape_rrset(r, m, ref->section, ref->owner, ref->type, ref->rclass, NULL, now);
	}
	return true;
}

static struct dns_msg *answer_from_cache(resolver *r, struct request *req,
					 const struct resolver_cache_answer *a);

/*
 * An answer from expired data (RFC 8767): the cached answer, in full-response profiles the
 * message's other RRsets with the stale TTL too, and EDE 3 "Stale Answer" (RFC 8914 4.4) for
 * an EDNS client when the profile says so. Complete as built (finish adds nothing).
 */
static struct dns_msg *stale_response(resolver *r, struct request *req,
				      const struct resolver_cache_answer *a, int64_t now)
{
	struct dns_msg *m = answer_from_cache(r, req, a);
	if (r->profile.full_responses && req->is_client) {
		r->shape_stale = true;
		add_reply_shape(r, req, m, now);
		r->shape_stale = false;
	}
	if (r->profile.ede_stale && m->edns_udp_size > 0) {
		m->has_ede = true;
		m->ede = 3; /* RFC 8914 4.4: Stale Answer */
	}
	req->plain = true;
	return m;
}

static void finish(resolver *r, struct request *req, struct dns_msg *msg, int64_t now)
{
	if (req->finished) {
		dns_msg_free(msg);
		return;
	}
	if (r->profile.full_responses && req->is_client && !req->plain &&
	    !add_reply_shape(r, req, msg, now)) {
		add_full_response(r, msg, now);
	}
	bool negative = msg->rcode == LDNS_RCODE_NXDOMAIN ||
			(msg->rcode == LDNS_RCODE_NOERROR &&
			 msg->sections[DNS_SECTION_ANSWER]->len == req->chain->len);
	if (!r->profile.full_responses && r->profile.neg_authority_copy && req->is_client &&
	    !req->plain && negative) {
		add_reply_shape(r, req, msg, now);
	}
	req->finished = true;
	if (req->is_client && !req->answered_stale) {
		if (msg->rcode == LDNS_RCODE_SERVFAIL) {
			r->stats.servfails++;
		}
		push_action(r, (struct resolver_action){ .kind = RESOLVER_ACTION_ANSWER,
							 .msg = msg,
							 .client_token = req->client_token });
		msg = NULL;
	}
	dns_msg_free(msg);
	if (req->exchange != 0) {
		/* a late answer to this request's exchange is ignored */
		uint64_t t = req->exchange;
		g_hash_table_remove(r->exchanges, &t);
	}
	if (req->stale_timer != 0) {
		uint64_t t = req->stale_timer;
		g_hash_table_remove(r->timers, &t);
	}
	struct request *parent = req->parent;
	req->parent = NULL;
	for (guint i = 0; i < r->requests->len; i++) {
		struct request *child = g_ptr_array_index(r->requests, i);
		if (child->parent == req) {
			child->parent = NULL; /* nobody waits for it any more */
		}
	}
	request_remove(r, req);
	if (parent != NULL) {
		wake_parent(r, parent, now);
	}
}

/* Answer from a cache lookup result for the current qname. */
static struct dns_msg *answer_from_cache(resolver *r, struct request *req,
					 const struct resolver_cache_answer *a)
{
	if (a->negative == RESOLVER_NEGATIVE_NONE) {
		struct dns_msg *m = client_response(r, req, LDNS_RCODE_NOERROR);
		struct dns_rrset *set = dns_rrset_copy_ttl(a->rrset, a->ttl_s);
		dns_msg_add(m, DNS_SECTION_ANSWER, set);
		dns_rrset_unref(set);
		return m;
	}
	struct dns_msg *m = client_response(
	    r, req,
	    a->negative == RESOLVER_NEGATIVE_NXDOMAIN ? LDNS_RCODE_NXDOMAIN : LDNS_RCODE_NOERROR);
	if (a->rrset != NULL) {
		struct dns_rrset *soa = dns_rrset_copy_ttl(a->rrset, a->ttl_s);
		dns_msg_add(m, DNS_SECTION_AUTHORITY, soa);
		dns_rrset_unref(soa);
	}
	return m;
}

static void fail(resolver *r, struct request *req, int64_t now, const char *why)
{
	trace(r, "%s %s: resolution failed (%s)", dns_name_text(r->names, req->qname),
	      type_name(req->qtype), why);
	resolver_cache_store_failure(r->cache, req->qname, req->qtype, req->qclass, now);
	if (req->stale_ok && !req->answered_stale) {
		/* RFC 8767: answer with stale data when the refresh fails */
		struct resolver_cache_answer a =
		    resolver_cache_lookup(r->cache, req->qname, req->qtype, req->qclass, now);
		if (a.status == RESOLVER_CACHE_STALE ||
		    (a.status == RESOLVER_CACHE_FAILURE && a.stale_available)) {
			if (a.status == RESOLVER_CACHE_STALE) {
				r->stats.stale_answers++;
				finish(r, req, stale_response(r, req, &a, now), now);
				return;
			}
		}
	}
	finish(r, req, client_response(r, req, LDNS_RCODE_SERVFAIL), now);
}

/* Set the zone cut and its candidate servers. */
static void set_cut(resolver *r, struct request *req, uint32_t cut, const struct dns_rrset *ns)
{
	req->cut = cut;
	req->hints_cut = false;
	g_array_set_size(req->candidates, 0);
	g_array_set_size(req->ns_names, 0);
	if (ns == NULL) {
		return;
	}
	for (guint i = 0; i < dns_rrset_count(ns); i++) {
		uint32_t n = dns_rrset_rdata_name(r->names, ns, i);
		if (n != DNS_NAME_NONE) {
			g_array_append_val(req->ns_names, n);
		}
	}
}

static void add_candidate(struct request *req, struct infra *in)
{
	for (guint i = 0; i < req->candidates->len; i++) {
		if (g_array_index(req->candidates, struct candidate, i).infra == in) {
			return;
		}
	}
	struct candidate c = { .infra = in };
	g_array_append_val(req->candidates, c);
}

/* Addresses of the cut's NS names known to the cache. */
static void gather_addresses(resolver *r, struct request *req, int64_t now)
{
	for (guint i = 0; i < req->ns_names->len; i++) {
		uint32_t n = g_array_index(req->ns_names, uint32_t, i);
		static const uint16_t types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
		for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
			struct resolver_cache_answer a =
			    resolver_cache_lookup(r->cache, n, types[t], LDNS_RR_CLASS_IN, now);
			if (a.status != RESOLVER_CACHE_HIT ||
			    a.negative != RESOLVER_NEGATIVE_NONE) {
				continue;
			}
			for (guint k = 0; k < dns_rrset_count(a.rrset); k++) {
				ldns_rr *rr = ldns_rr_list_rr(a.rrset->rrs, k);
				char addr[DNS_ADDRESS_TEXT_MAX];
				add_candidate(req, infra_get(r, dns_rdf_address_text(
								    ldns_rr_rdf(rr, 0), addr)));
			}
		}
	}
}

/* Find the closest zone cut for qname: cached NS, stub zone, or the root hints. */
static void find_cut_from(resolver *r, struct request *req, uint32_t name, int64_t now)
{
	for (;;) {
		GPtrArray *stub = g_hash_table_lookup(r->stubs, GUINT_TO_POINTER(name));
		struct resolver_cache_answer a =
		    resolver_cache_lookup(r->cache, name, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN, now);
		if (a.status == RESOLVER_CACHE_HIT && a.negative == RESOLVER_NEGATIVE_NONE) {
			struct dns_rrset *ns = dns_rrset_ref(a.rrset);
			set_cut(r, req, name, ns);
			dns_rrset_unref(ns);
			gather_addresses(r, req, now);
			if (req->candidates->len > 0 || stub == NULL) {
				return;
			}
		}
		if (stub != NULL) {
			set_cut(r, req, name, NULL);
			req->hints_cut = name == DNS_NAME_ROOT; /* a stub of "." gives root hints */
			for (guint i = 0; i < stub->len; i++) {
				add_candidate(req, g_ptr_array_index(stub, i));
			}
			return;
		}
		if (name == DNS_NAME_ROOT) {
			break;
		}
		name = dns_name_parent(r->names, name);
	}
	set_cut(r, req, DNS_NAME_ROOT, NULL);
	req->hints_cut = true;
	for (guint i = 0; i < r->hints->len; i++) {
		const struct resolver_hint *h = &g_array_index(r->hints, struct resolver_hint, i);
		g_array_append_val(req->ns_names, h->host);
		add_candidate(req, infra_get(r, h->address));
	}
}

static bool infra_is_lame(const struct infra *in, uint32_t zone, int64_t now)
{
	for (guint i = 0; in->lame != NULL && i < in->lame->len; i++) {
		const struct lame *l = &g_array_index(in->lame, struct lame, i);
		if (l->zone == zone && l->until_ns > now) {
			return true;
		}
	}
	return false;
}

static void infra_mark_lame(resolver *r, struct infra *in, uint32_t zone, int64_t now)
{
	if (in->lame == NULL) {
		in->lame = g_array_new(FALSE, FALSE, sizeof(struct lame));
	}
	for (guint i = 0; i < in->lame->len; i++) {
		struct lame *l = &g_array_index(in->lame, struct lame, i);
		if (l->zone == zone) {
			l->until_ns = now + r->profile.infra_ttl_ns;
			return;
		}
	}
	struct lame l = { zone, now + r->profile.infra_ttl_ns };
	g_array_append_val(in->lame, l);
}

static bool name_in(const GArray *names, uint32_t name);

static void find_cut(resolver *r, struct request *req, int64_t now)
{
	find_cut_from(r, req, req->qname, now);
}

/*
 * No server of the cut can be asked (all failed, no address to be had): ask the parent zone
 * for the delegation again, whose referral brings fresh glue (RFC 1034 5.3.3 step 4: go
 * back up when the servers of a cut fail; Unbound and Knot both fall back to the parent
 * side). Once per cut per request, and never above a configured stub zone.
 */
static bool fall_back_to_parent(resolver *r, struct request *req, int64_t now)
{
	uint32_t cut = req->cut;
	if (r->forwarders->len > 0 || cut == DNS_NAME_NONE || cut == DNS_NAME_ROOT ||
	    g_hash_table_contains(r->stubs, GUINT_TO_POINTER(cut)) ||
	    name_in(req->fallbacks, cut)) {
		return false;
	}
	g_array_append_val(req->fallbacks, cut);
	trace(r, "no server left for %s: asking its parent for the delegation again",
	      dns_name_text(r->names, cut));
	find_cut_from(r, req, dns_name_parent(r->names, cut), now);
	g_array_set_size(req->subs_tried, 0);
	return true;
}

/* Usable: not failed for this request, tries left, and not known lame for the cut. */
static bool candidate_usable(resolver *r, const struct request *req, const struct candidate *c,
			     int64_t now)
{
	return !c->failed && c->tries < MAX(1u, r->profile.tries_per_server) &&
	       !infra_is_lame(c->infra, req->cut, now);
}

/* Another usable candidate than in exists for the request, or an NS name to resolve. */
static bool other_server_left(resolver *r, const struct request *req, const struct infra *in,
			      int64_t now)
{
	for (guint i = 0; i < req->candidates->len; i++) {
		const struct candidate *c = &g_array_index(req->candidates, struct candidate, i);
		if (c->infra != in && candidate_usable(r, req, c, now)) {
			return true;
		}
	}
	/* or an NS name whose address can still be looked up (see resolve_ns_address) */
	for (guint i = 0; i < req->ns_names->len && req->depth < MAX_SUB_DEPTH; i++) {
		uint32_t n = g_array_index(req->ns_names, uint32_t, i);
		if (!name_in(req->subs_tried, n) && !dns_name_is_subdomain(r->names, n, req->cut)) {
			return true;
		}
	}
	return false;
}

/* Pick a server among usable candidates (resolvers.md 6.6). NULL if none is left. */
static struct candidate *select_server(resolver *r, struct request *req, int64_t now)
{
	struct candidate *best = NULL;
	GPtrArray *band = g_ptr_array_new();
	int64_t best_rto = INT64_MAX;
	for (guint i = 0; i < req->candidates->len; i++) {
		struct candidate *c = &g_array_index(req->candidates, struct candidate, i);
		if (!candidate_usable(r, req, c, now)) {
			continue;
		}
		int64_t rto = c->infra->down_until_ns > now ? INT64_MAX / 2 : c->infra->rto_ns;
		if (r->profile.selection == RESOLVER_SELECTION_STICKY_FIRST) {
			rto = (int64_t)i; /* the first usable, in order */
		}
		if (rto < best_rto) {
			best_rto = rto;
		}
	}
	int64_t band_ns = r->profile.selection == RESOLVER_SELECTION_BAND_RANDOM
			      ? r->profile.selection_band_ns
			      : 0;
	for (guint i = 0; i < req->candidates->len; i++) {
		struct candidate *c = &g_array_index(req->candidates, struct candidate, i);
		if (!candidate_usable(r, req, c, now)) {
			continue;
		}
		int64_t rto = c->infra->down_until_ns > now ? INT64_MAX / 2 : c->infra->rto_ns;
		if (r->profile.selection == RESOLVER_SELECTION_STICKY_FIRST) {
			rto = (int64_t)i;
		}
		if (rto <= best_rto + band_ns) {
			g_ptr_array_add(band, c);
		}
	}
	if (band->len > 0) {
		best = g_ptr_array_index(band, sim_rng_below(&r->rng, band->len));
	}
	g_ptr_array_free(band, TRUE);
	return best;
}

/*
 * QNAME minimisation (RFC 9156): the question to send for the current zone cut. The full
 * question when minimisation is off, forwarding, or given up for this name.
 */
static void minimised_question(resolver *r, const struct request *req, uint32_t *qname,
			       uint16_t *qtype)
{
	*qname = req->qname;
	*qtype = req->qtype;
	if (!r->profile.qname_minimisation || r->forwarders->len > 0 || req->qmin_off ||
	    req->cut == DNS_NAME_NONE || !dns_name_is_subdomain(r->names, req->qname, req->cut)) {
		return;
	}
	unsigned labels = dns_name_labels(r->names, req->qname);
	if (r->profile.qmin_style == RESOLVER_QMIN_NS_CUT) {
		unsigned cut = dns_name_labels(r->names, req->cut);
		if (cut + 1 < labels) {
			*qname = dns_name_ancestor(r->names, req->qname, cut + 1);
			*qtype = LDNS_RR_TYPE_NS;
		}
		return;
	}
	/* Unbound: from the last name asked if it is still under the cut, else from the cut */
	uint32_t base = req->qmin_name != DNS_NAME_NONE &&
				dns_name_is_subdomain(r->names, req->qmin_name, req->cut)
			    ? req->qmin_name
			    : req->cut;
	unsigned have = dns_name_labels(r->names, base);
	if (have >= labels) {
		return; /* the full name was asked as A: now the real type */
	}
	if (have + 1 == labels && (req->qtype == LDNS_RR_TYPE_A || req->qtype == LDNS_RR_TYPE_DS)) {
		return; /* the last label with the real type (iterator.c) */
	}
	*qname = dns_name_ancestor(r->names, req->qname, have + 1);
	*qtype = LDNS_RR_TYPE_A;
}

static void send_query(resolver *r, struct request *req, struct candidate *c, bool tcp, int64_t now)
{
	bool forward = r->forwarders->len > 0;
	uint32_t qname;
	uint16_t qtype;
	minimised_question(r, req, &qname, &qtype);
	struct dns_msg *q =
	    dns_msg_new((uint16_t)sim_rng_below(&r->rng, 65536), qname, qtype, req->qclass);
	q->rd = forward;
	q->cd = req->client_cd;
	q->edns_udp_size = EDNS_SIZE;
	struct exchange *ex = g_new0(struct exchange, 1);
	ex->token = r->next_token++;
	ex->req = req;
	ex->infra = c->infra;
	ex->sent_ns = now;
	ex->tcp = tcp;
	ex->qname = qname;
	ex->qtype = qtype;
	g_hash_table_insert(r->exchanges, &ex->token, ex);
	req->exchange = ex->token;
	req->sends++;
	c->tries++;
	r->stats.upstream_sends++;
	trace(r, "query %s %s to %s%s (zone %s)", dns_name_text(r->names, qname), type_name(qtype),
	      c->infra->address, tcp ? " over TCP" : "",
	      req->cut != DNS_NAME_NONE ? dns_name_text(r->names, req->cut) : "?");
	push_action(r, (struct resolver_action){ .kind = RESOLVER_ACTION_SEND,
						 .token = ex->token,
						 .address = c->infra->address,
						 .tcp = tcp,
						 .msg = q });
	push_action(r, (struct resolver_action){ .kind = RESOLVER_ACTION_TIMER,
						 .token = ex->token,
						 .at_ns = now + c->infra->rto_ns });
}

/* Start a sub-request for the address of a glueless NS name. TRUE if one was started. */
static bool resolve_ns_address(resolver *r, struct request *req, int64_t now)
{
	if (req->depth >= MAX_SUB_DEPTH) {
		return false;
	}
	for (guint i = 0; i < req->ns_names->len; i++) {
		uint32_t n = g_array_index(req->ns_names, uint32_t, i);
		bool tried = false;
		for (guint k = 0; k < req->subs_tried->len && !tried; k++) {
			tried = g_array_index(req->subs_tried, uint32_t, k) == n;
		}
		/* an NS name under the cut itself needs glue; asking for it would loop */
		if (tried || dns_name_is_subdomain(r->names, n, req->cut)) {
			continue;
		}
		g_array_append_val(req->subs_tried, n);
		struct request *sub = request_new(r, n, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, now);
		sub->parent = req;
		sub->depth = req->depth + 1;
		req->waiting_sub = true;
		trace(r, "no address for %s: resolving it", dns_name_text(r->names, n));
		iterate(r, sub, now);
		return true;
	}
	return false;
}

/* resolvers.md 6.5: a hit late in its TTL refreshes the entry in the background, so popular
 * names never expire. One refresh per name and type at a time. */
static void start_prefetch(resolver *r, uint32_t qname, uint16_t qtype, uint16_t qclass,
			   uint32_t left_s, int64_t now)
{
	for (guint i = 0; i < r->requests->len; i++) {
		const struct request *o = g_ptr_array_index(r->requests, i);
		if (o->refresh && o->orig_qname == qname && o->qtype == qtype) {
			return;
		}
	}
	struct request *req = request_new(r, qname, qtype, qclass, now);
	req->refresh = true;
	req->leeway_ns = (int64_t)left_s * SIM_NS_PER_S;
	trace(r, "prefetch %s %s", dns_name_text(r->names, qname), type_name(qtype));
	iterate(r, req, now);
}

/*
 * Root priming (RFC 8109 3): with no root NS RRset in the cache, ask the hints for it first;
 * the request waits and then finds the root's servers in the cache. Unbound primes so even
 * when the hints come from a stub zone of "." (iterator.c prime_root()).
 */
static void prime_root(resolver *r, struct request *req, int64_t now)
{
	req->primed = true;
	req->cut = DNS_NAME_NONE;
	g_array_set_size(req->candidates, 0);
	struct request *sub = request_new(r, DNS_NAME_ROOT, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN, now);
	sub->parent = req;
	sub->priming = true;
	sub->depth = req->depth + 1;
	req->waiting_sub = true;
	trace(r, "priming the root");
	iterate(r, sub, now);
}

static void iterate(resolver *r, struct request *req, int64_t now)
{
	if (req->finished || req->waiting_sub || req->exchange != 0) {
		return;
	}
	if (req->norec) {
		answer_from_cache_only(r, req, now); /* after priming */
		return;
	}
	for (;;) {
		struct resolver_cache_answer a =
		    req->have_first
			? req->first
			: resolver_cache_lookup(r->cache, req->qname, req->qtype, req->qclass, now);
		req->have_first = false;
		bool refreshing = req->refresh && req->cnames == 0;
		if ((a.status == RESOLVER_CACHE_HIT || a.status == RESOLVER_CACHE_NEGATIVE) &&
		    !refreshing) {
			if (req->sends == 0 && req->is_client) {
				r->stats.cache_answers++;
			}
			trace(r, "cache: %s %s %s, TTL %u left",
			      dns_name_text(r->names, req->qname), type_name(req->qtype),
			      a.negative == RESOLVER_NEGATIVE_NXDOMAIN ? "NXDOMAIN"
			      : a.negative == RESOLVER_NEGATIVE_NODATA ? "NODATA"
								       : "answer",
			      a.ttl_s);
			bool prefetch = a.status == RESOLVER_CACHE_HIT && a.prefetch &&
					r->profile.prefetch && req->is_client;
			uint32_t qname = req->qname;
			uint16_t qtype = req->qtype;
			uint16_t qclass = req->qclass;
			uint32_t left_s = a.ttl_s;
			finish(r, req, answer_from_cache(r, req, &a), now);
			if (prefetch) {
				start_prefetch(r, qname, qtype, qclass, left_s, now);
			}
			return;
		}
		if (a.status == RESOLVER_CACHE_FAILURE && !refreshing) {
			finish(r, req, client_response(r, req, LDNS_RCODE_SERVFAIL), now);
			return;
		}
		if (a.status == RESOLVER_CACHE_STALE && !req->stale_ok) {
			req->stale_ok = true;
			if (r->profile.serve_stale == RESOLVER_STALE_IMMEDIATE && req->is_client &&
			    !req->answered_stale) {
				r->stats.stale_answers++;
				push_action(r, (struct resolver_action){
						   .kind = RESOLVER_ACTION_ANSWER,
						   .msg = stale_response(r, req, &a, now),
						   .client_token = req->client_token });
				req->answered_stale = true;
			} else if (r->profile.serve_stale == RESOLVER_STALE_TIMER &&
				   req->is_client) {
				req->stale_timer = r->next_token++;
				uint64_t *key = g_new(uint64_t, 1);
				*key = req->stale_timer;
				g_hash_table_insert(r->timers, key, req);
				push_action(r, (struct resolver_action){
						   .kind = RESOLVER_ACTION_TIMER,
						   .token = req->stale_timer,
						   .at_ns = now + r->profile.stale_timer_ns });
			}
		}
		if (req->qtype != LDNS_RR_TYPE_CNAME) {
			struct resolver_cache_answer c = resolver_cache_lookup(
			    r->cache, req->qname, LDNS_RR_TYPE_CNAME, req->qclass, now);
			if (c.status == RESOLVER_CACHE_HIT &&
			    c.negative == RESOLVER_NEGATIVE_NONE) {
				if (++req->cnames > MAX_CNAMES) {
					fail(r, req, now, "CNAME chain too long");
					return;
				}
				struct dns_rrset *set = dns_rrset_copy_ttl(c.rrset, c.ttl_s);
				g_ptr_array_add(req->chain, set);
				req->qname = dns_rrset_rdata_name(r->names, set, 0);
				req->qmin_name = DNS_NAME_NONE; /* a new name to minimise */
				req->qmin_off = false;
				continue;
			}
		}
		break;
	}
	if (r->profile.max_sends > 0 && req->sends >= r->profile.max_sends) {
		fail(r, req, now, "too many upstream queries");
		return;
	}
	if (r->profile.query_budget_ns > 0 && now - req->start_ns >= r->profile.query_budget_ns) {
		fail(r, req, now, "time budget spent");
		return;
	}
	if (r->forwarders->len > 0) {
		if (req->candidates->len == 0) {
			for (guint i = 0; i < r->forwarders->len; i++) {
				add_candidate(req, g_ptr_array_index(r->forwarders, i));
			}
		}
	} else if (req->cut == DNS_NAME_NONE || req->candidates->len == 0) {
		find_cut(r, req, now);
		if (req->hints_cut && r->profile.prime_root && !req->priming) {
			if (req->primed) {
				fail(r, req, now, "root priming failed");
				return;
			}
			prime_root(r, req, now);
			return;
		}
	}
	struct candidate *c = select_server(r, req, now);
	if (c == NULL) {
		if (r->forwarders->len == 0 && resolve_ns_address(r, req, now)) {
			return;
		}
		if (fall_back_to_parent(r, req, now)) {
			c = select_server(r, req, now);
		}
		if (c == NULL) {
			fail(r, req, now, "no server left to ask");
			return;
		}
	}
	send_query(r, req, c, false, now);
}

/* Add the address records of an NS RRset's targets held in the cache to a section. */
static void add_ns_addresses(resolver *r, struct dns_msg *m, const struct dns_rrset *ns,
			     int64_t now)
{
	for (guint i = 0; i < dns_rrset_count(ns); i++) {
		uint32_t n = dns_rrset_rdata_name(r->names, ns, i);
		static const uint16_t types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
		for (size_t t = 0; n != DNS_NAME_NONE && t < G_N_ELEMENTS(types); t++) {
			struct resolver_cache_answer a =
			    resolver_cache_lookup(r->cache, n, types[t], LDNS_RR_CLASS_IN, now);
			if (a.status == RESOLVER_CACHE_HIT &&
			    a.negative == RESOLVER_NEGATIVE_NONE) {
				struct dns_rrset *set = dns_rrset_copy_ttl(a.rrset, a.ttl_s);
				dns_msg_add(m, DNS_SECTION_ADDITIONAL, set);
				dns_rrset_unref(set);
			}
		}
	}
}

/*
 * A query with RD clear is answered from the cache alone (RFC 1034 4.3.1: recursion only when
 * asked): the data, a negative answer, or else a referral to the closest cached delegation.
 */
static void answer_from_cache_only(resolver *r, struct request *req, int64_t now)
{
	struct resolver_cache_answer a =
	    resolver_cache_lookup(r->cache, req->qname, req->qtype, req->qclass, now);
	if (a.status == RESOLVER_CACHE_HIT || a.status == RESOLVER_CACHE_NEGATIVE) {
		r->stats.cache_answers++;
		finish(r, req, answer_from_cache(r, req, &a), now);
		return;
	}
	if (a.status == RESOLVER_CACHE_STALE && r->profile.serve_stale != RESOLVER_STALE_OFF) {
		/* RFC 8767: expired data answers a cache-only query too, and is refreshed in the
		 * background (Unbound answer_from_cache() then reply_and_prefetch()) */
		r->stats.stale_answers++;
		uint32_t qname = req->qname;
		uint16_t qtype = req->qtype, qclass = req->qclass;
		finish(r, req, stale_response(r, req, &a, now), now);
		start_prefetch(r, qname, qtype, qclass, 0, now);
		return;
	}
	struct dns_msg *m = client_response(r, req, LDNS_RCODE_NOERROR);
	bool found = false;
	for (uint32_t name = req->qname; name != DNS_NAME_NONE && !found;
	     name = dns_name_parent(r->names, name)) {
		struct resolver_cache_answer ns =
		    resolver_cache_lookup(r->cache, name, LDNS_RR_TYPE_NS, req->qclass, now);
		if (ns.status == RESOLVER_CACHE_HIT && ns.negative == RESOLVER_NEGATIVE_NONE) {
			struct dns_rrset *set = dns_rrset_copy_ttl(ns.rrset, ns.ttl_s);
			/* after priming, Unbound answers with the priming reply itself: the root
			 * NS set in the answer section (iterator.c processPrimeResponse) */
			dns_msg_add(m, req->primed ? DNS_SECTION_ANSWER : DNS_SECTION_AUTHORITY,
				    set);
			add_ns_addresses(r, m, set, now);
			dns_rrset_unref(set);
			found = true;
		}
	}
	if (!found && !req->primed && r->profile.prime_root && r->forwarders->len == 0) {
		/* nothing cached, not even the root: Unbound primes, then answers */
		req->norec = true;
		dns_msg_free(m);
		prime_root(r, req, now);
		return;
	}
	if (!found) {
		m->rcode = LDNS_RCODE_REFUSED;
	}
	req->plain = true;
	finish(r, req, m, now);
}

/*
 * The common case of a large run, answered without a request: a fresh positive answer in the
 * cache for a recursive query, with nothing else to do (no trace, no full-response shape, no
 * prefetch due). The answer is the one RRset (a new reference to the cache's) with the TTL left
 * in *ttl_s, as iterate() and finish() would answer it.
 */
static struct dns_rrset *answer_fast(resolver *r, const struct resolver_cache_answer *a,
				     uint32_t *ttl_s)
{
	if (a->status != RESOLVER_CACHE_HIT || a->negative != RESOLVER_NEGATIVE_NONE ||
	    r->trace != NULL || r->profile.full_responses || (a->prefetch && r->profile.prefetch)) {
		return NULL;
	}
	r->stats.cache_answers++;
	*ttl_s = a->ttl_s;
	return dns_rrset_ref(a->rrset);
}

/* resolver_query(), with a fast cache answer (answer_fast()) returned rather than queued. */
static struct dns_rrset *query_start(resolver *r, const struct dns_msg *query,
				     uint64_t client_token, int64_t now_ns, uint32_t *ttl_s)
{
	r->now_ns = now_ns;
	r->stats.client_queries++;
	struct resolver_cache_answer first = { 0 };
	bool have_first = false;
	if (query->rd) {
		first = resolver_cache_lookup(r->cache, query->qname, query->qtype, query->qclass,
					      now_ns);
		have_first = true;
		struct dns_rrset *fast = answer_fast(r, &first, ttl_s);
		if (fast != NULL) {
			return fast;
		}
	}
	struct request *req = request_new(r, query->qname, query->qtype, query->qclass, now_ns);
	req->is_client = true;
	req->client_token = client_token;
	req->client_msg_id = query->id;
	req->client_rd = query->rd;
	req->client_cd = query->cd;
	req->client_udp = query->edns_udp_size;
	req->client_do = query->dnssec_ok;
	req->have_first = have_first;
	req->first = first;
	req->traced = r->trace_one && client_token == r->trace_token;
	trace_focus(r, req);
	trace(r, "client asks %s %s", dns_name_text(r->names, query->qname),
	      type_name(query->qtype));
	if (!query->rd) {
		answer_from_cache_only(r, req, now_ns);
		return NULL;
	}
	iterate(r, req, now_ns);
	return NULL;
}

void resolver_query(resolver *r, const struct dns_msg *query, uint64_t client_token, int64_t now_ns)
{
	uint32_t ttl_s = 0;
	struct dns_rrset *fast = query_start(r, query, client_token, now_ns, &ttl_s);
	if (fast != NULL) {
		struct dns_msg *m = response_to(
		    query->id, query->qname, query->qtype, query->qclass, query->rd, query->cd,
		    query->edns_udp_size, query->dnssec_ok, LDNS_RCODE_NOERROR);
		struct dns_rrset *answer = dns_rrset_copy_ttl(fast, ttl_s);
		dns_rrset_unref(fast);
		dns_msg_add(m, DNS_SECTION_ANSWER, answer);
		dns_rrset_unref(answer);
		push_action(r, (struct resolver_action){ .kind = RESOLVER_ACTION_ANSWER,
							 .msg = m,
							 .client_token = client_token });
	}
}

struct dns_rrset *resolver_query_answer(resolver *r, const struct dns_msg *query,
					uint64_t client_token, int64_t now_ns, uint32_t *ttl_s)
{
	return query_start(r, query, client_token, now_ns, ttl_s);
}

static struct candidate *candidate_of(struct request *req, struct infra *in)
{
	for (guint i = 0; i < req->candidates->len; i++) {
		struct candidate *c = &g_array_index(req->candidates, struct candidate, i);
		if (c->infra == in) {
			return c;
		}
	}
	return NULL;
}

/* RFC 6298 smoothed RTT, as Unbound and Knot keep per server. */
static void infra_rtt(resolver *r, struct infra *in, int64_t rtt)
{
	if (!in->rtt_known) {
		in->srtt_ns = rtt;
		in->rttvar_ns = rtt / 2;
		in->rtt_known = true;
	} else {
		int64_t err = rtt - in->srtt_ns;
		in->rttvar_ns += ((err < 0 ? -err : err) - in->rttvar_ns) / 4;
		in->srtt_ns += err / 8;
	}
	int64_t rto = in->srtt_ns + 4 * in->rttvar_ns;
	if (r->profile.rto_min_ns > 0 && rto < r->profile.rto_min_ns) {
		rto = r->profile.rto_min_ns;
	}
	if (r->profile.rto_max_ns > 0 && rto > r->profile.rto_max_ns) {
		rto = r->profile.rto_max_ns;
	}
	in->rto_ns = rto;
	in->timeouts = 0;
	in->down_until_ns = 0;
}

/* Store an RRset; a prefetch's data replaces what expires within its leeway. */
static void cache_store(resolver *r, struct dns_rrset *set, enum resolver_rank rank, int64_t now)
{
	resolver_cache_store_leeway(r->cache, set, rank, now, r->store_leeway_ns);
}

static bool in_bailiwick(resolver *r, uint32_t name, uint32_t zone)
{
	return zone == DNS_NAME_NONE || dns_name_is_subdomain(r->names, name, zone);
}

/* Store every RRset of a section with a rank, keeping only names under the zone cut. */
static void store_section(resolver *r, const struct dns_msg *m, enum dns_section s,
			  enum resolver_rank rank, uint32_t zone, int64_t now)
{
	GPtrArray *sets = m->sections[s];
	for (guint i = 0; i < sets->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(sets, i);
		if (set->type == LDNS_RR_TYPE_OPT || !in_bailiwick(r, set->owner, zone)) {
			continue;
		}
		cache_store(r, set, rank, now);
	}
}

static struct dns_rrset *find_soa(const struct dns_msg *m)
{
	GPtrArray *sets = m->sections[DNS_SECTION_AUTHORITY];
	for (guint i = 0; i < sets->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(sets, i);
		if (set->type == LDNS_RR_TYPE_SOA) {
			return set;
		}
	}
	return NULL;
}

/* The NS RRset of a referral: in authority, owner between the cut (exclusive) and qname. */
static struct dns_rrset *find_referral(resolver *r, struct request *req, const struct dns_msg *m)
{
	GPtrArray *sets = m->sections[DNS_SECTION_AUTHORITY];
	for (guint i = 0; i < sets->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(sets, i);
		if (set->type != LDNS_RR_TYPE_NS ||
		    !dns_name_is_subdomain(r->names, req->qname, set->owner)) {
			continue;
		}
		if (r->forwarders->len > 0 || req->cut == DNS_NAME_NONE ||
		    (set->owner != req->cut &&
		     dns_name_is_subdomain(r->names, set->owner, req->cut))) {
			return set;
		}
	}
	return NULL;
}

static void next_server(resolver *r, struct request *req, struct exchange *ex, int64_t now,
			const char *why)
{
	struct candidate *c = candidate_of(req, ex->infra);
	if (c != NULL) {
		c->failed = true;
	}
	trace(r, "%s from %s: trying another server", why, ex->infra->address);
	iterate(r, req, now);
}

/*
 * The NS RRsets of an answer's authority section and the address records of the additional
 * section, cached at the lowest rank (RFC 2181 5.4.1), so a later query without RD can be
 * answered with a referral from the cache. Only for forwarded answers: when iterating, the
 * delegation the resolver follows stays the one the referrals gave (the child's NS set may
 * differ from the parent's; Deckard's iter_pc_* cases), which is the parent-centric model.
 */
static void store_answer_extras(resolver *r, const struct dns_msg *m, uint32_t zone, int64_t now)
{
	GPtrArray *auth = m->sections[DNS_SECTION_AUTHORITY];
	/* Knot keeps a negative answer as a whole (lib/cache/entry_pkt.c): its NS set does not
	 * refresh the delegation the resolver follows */
	bool negative =
	    m->rcode == LDNS_RCODE_NXDOMAIN ||
	    (m->rcode == LDNS_RCODE_NOERROR && m->sections[DNS_SECTION_ANSWER]->len == 0);
	for (guint i = 0; i < auth->len && !(negative && r->profile.neg_authority_copy); i++) {
		struct dns_rrset *set = g_ptr_array_index(auth, i);
		if (set->type == LDNS_RR_TYPE_NS && in_bailiwick(r, set->owner, zone) &&
		    r->profile.delegation == RESOLVER_DELEGATION_CHILD) {
			cache_store(r, set,
				    m->aa ? RESOLVER_RANK_AUTH_AUTHORITY : RESOLVER_RANK_ADDITIONAL,
				    now);
		}
	}
	GPtrArray *add = m->sections[DNS_SECTION_ADDITIONAL];
	for (guint i = 0; i < add->len && !r->profile.answer_additional_ignored; i++) {
		struct dns_rrset *set = g_ptr_array_index(add, i);
		if ((set->type == LDNS_RR_TYPE_A || set->type == LDNS_RR_TYPE_AAAA) &&
		    in_bailiwick(r, set->owner, zone)) {
			cache_store(r, set, RESOLVER_RANK_ADDITIONAL, now);
		}
	}
}

static bool name_in(const GArray *names, uint32_t name)
{
	for (guint i = 0; i < names->len; i++) {
		if (g_array_index(names, uint32_t, i) == name) {
			return true;
		}
	}
	return false;
}

static void msg_shape_record(resolver *r, uint32_t qname, uint16_t qtype, uint16_t qclass,
			     struct request *req)
{
	struct msg_shape *shape = g_new0(struct msg_shape, 1);
	shape->refs = g_array_new(FALSE, FALSE, sizeof(struct msg_ref));
	shape->sets = g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
	shape->stored_ns = r->now_ns;
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		GPtrArray *sets = req->extras[s];
		for (guint i = 0; sets != NULL && i < sets->len; i++) {
			const struct dns_rrset *set = g_ptr_array_index(sets, i);
			struct msg_ref ref = { set->owner, set->type, set->rclass,
					       (enum dns_section)s };
			g_array_append_val(shape->refs, ref);
			g_ptr_array_add(shape->sets, dns_rrset_ref((struct dns_rrset *)set));
		}
	}
	g_hash_table_replace(r->msgs, msg_key(qname, qtype, qclass), shape);
}

/*
 * Full responses (Unbound minimal-responses: no): keep what the final reply carries besides
 * the answer, scrubbed as Unbound's scrubber does (iterator/iter_scrub.c): NS RRsets in
 * authority for the answered name or an ancestor, inside the zone the server was asked for,
 * and in additional only the addresses of those NS targets (and of NS answered), inside that
 * zone too. The shape is remembered for the original and the final name.
 */
static void note_reply_shape(resolver *r, struct request *req, const struct dns_msg *m,
			     uint32_t zone)
{
	GPtrArray *ans = m->sections[DNS_SECTION_ANSWER];
	bool negative = m->rcode == LDNS_RCODE_NXDOMAIN ||
			(m->rcode == LDNS_RCODE_NOERROR && find_soa(m) != NULL && ans->len == 0);
	bool copy_negative = r->profile.neg_authority_copy && negative;
	if (!r->profile.full_responses && !copy_negative) {
		return;
	}
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		if (req->extras[s] == NULL) {
			req->extras[s] =
			    g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
		}
		g_ptr_array_set_size(req->extras[s], 0);
	}
	GPtrArray *auth = m->sections[DNS_SECTION_AUTHORITY];
	if (!r->profile.full_responses) {
		/* Knot Resolver: a negative answer carries the authority records of the reply
		 * that are inside the zone asked (lib/layer/iterate.c pick_authority()) */
		for (guint i = 0; i < auth->len; i++) {
			struct dns_rrset *set = g_ptr_array_index(auth, i);
			if (set->type != LDNS_RR_TYPE_SOA && in_bailiwick(r, set->owner, zone)) {
				g_ptr_array_add(req->extras[DNS_SECTION_AUTHORITY],
						dns_rrset_ref(set));
			}
		}
		msg_shape_record(r, req->orig_qname, req->qtype, req->qclass, req);
		return;
	}
	g_autoptr(GArray) targets = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	for (guint i = 0; i < ans->len; i++) {
		const struct dns_rrset *set = g_ptr_array_index(ans, i);
		for (guint k = 0; set->type == LDNS_RR_TYPE_NS && k < dns_rrset_count(set); k++) {
			uint32_t n = dns_rrset_rdata_name(r->names, set, k);
			g_array_append_val(targets, n);
		}
	}
	/* no NS set for NXDOMAIN and NODATA (scrub_normalize: it could be poison), and only one */
	for (guint i = 0; i < auth->len && !negative; i++) {
		struct dns_rrset *set = g_ptr_array_index(auth, i);
		if (set->type != LDNS_RR_TYPE_NS || !in_bailiwick(r, set->owner, zone) ||
		    !dns_name_is_subdomain(r->names, req->qname, set->owner) ||
		    req->extras[DNS_SECTION_AUTHORITY]->len > 0) {
			continue;
		}
		g_ptr_array_add(req->extras[DNS_SECTION_AUTHORITY], dns_rrset_ref(set));
		for (guint k = 0; k < dns_rrset_count(set); k++) {
			uint32_t n = dns_rrset_rdata_name(r->names, set, k);
			g_array_append_val(targets, n);
		}
	}
	GPtrArray *add = m->sections[DNS_SECTION_ADDITIONAL];
	for (guint i = 0; i < add->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(add, i);
		if ((set->type == LDNS_RR_TYPE_A || set->type == LDNS_RR_TYPE_AAAA) &&
		    in_bailiwick(r, set->owner, zone) && name_in(targets, set->owner)) {
			g_ptr_array_add(req->extras[DNS_SECTION_ADDITIONAL], dns_rrset_ref(set));
		}
	}
	msg_shape_record(r, req->orig_qname, req->qtype, req->qclass, req);
	if (req->qname != req->orig_qname) {
		msg_shape_record(r, req->qname, req->qtype, req->qclass, req);
	}
}

/* Answer the client with what the cache now holds for the final name (the profile's TTL
 * clamps apply to the first answer too, as Unbound's reply TTLs show), or with fallback when
 * the cache did not keep it (TTL 0, no SOA). */
static void finish_via_cache(resolver *r, struct request *req, struct dns_msg *fallback,
			     int64_t now)
{
	struct resolver_cache_answer a =
	    resolver_cache_lookup(r->cache, req->qname, req->qtype, req->qclass, now);
	bool positive = fallback->sections[DNS_SECTION_ANSWER]->len > req->chain->len;
	bool usable =
	    (a.status == RESOLVER_CACHE_HIT && positive && a.negative == RESOLVER_NEGATIVE_NONE) ||
	    (a.status == RESOLVER_CACHE_NEGATIVE && !positive &&
	     (a.negative == RESOLVER_NEGATIVE_NXDOMAIN) ==
		 (fallback->rcode == LDNS_RCODE_NXDOMAIN));
	if (!usable) {
		finish(r, req, fallback, now);
		return;
	}
	dns_msg_free(fallback);
	finish(r, req, answer_from_cache(r, req, &a), now);
}

/* An NS RRset in authority for a strict ancestor of zone. */
static bool has_upward_ns(resolver *r, const struct dns_msg *m, uint32_t zone)
{
	GPtrArray *auth = m->sections[DNS_SECTION_AUTHORITY];
	for (guint i = 0; i < auth->len; i++) {
		const struct dns_rrset *set = g_ptr_array_index(auth, i);
		if (set->type == LDNS_RR_TYPE_NS && set->owner != zone &&
		    dns_name_is_subdomain(r->names, zone, set->owner)) {
			return true;
		}
	}
	return false;
}

/* A referral: cache the NS RRset and its glue, move the zone cut down and go on. */
static void follow_referral(resolver *r, struct request *req, struct exchange *ex,
			    const struct dns_msg *m, struct dns_rrset *referral, int64_t now)
{
	cache_store(r, referral, RESOLVER_RANK_ADDITIONAL, now);
	store_section(r, m, DNS_SECTION_ADDITIONAL, RESOLVER_RANK_ADDITIONAL,
		      req->cut == DNS_NAME_NONE ? DNS_NAME_ROOT : req->cut, now);
	trace(r, "referral to %s from %s", dns_name_text(r->names, referral->owner),
	      ex->infra->address);
	struct dns_rrset *ns = dns_rrset_ref(referral);
	set_cut(r, req, referral->owner, ns);
	dns_rrset_unref(ns);
	gather_addresses(r, req, now);
	/* glue the cache did not keep (TTL 0, or a lower rank already held) still counts */
	GPtrArray *add = m->sections[DNS_SECTION_ADDITIONAL];
	for (guint i = 0; i < add->len; i++) {
		struct dns_rrset *g = g_ptr_array_index(add, i);
		bool is_ns_name = false;
		for (guint k = 0; k < req->ns_names->len; k++) {
			is_ns_name |= g_array_index(req->ns_names, uint32_t, k) == g->owner;
		}
		if (!is_ns_name || (g->type != LDNS_RR_TYPE_A && g->type != LDNS_RR_TYPE_AAAA)) {
			continue;
		}
		for (guint k = 0; k < dns_rrset_count(g); k++) {
			char addr[DNS_ADDRESS_TEXT_MAX];
			add_candidate(
			    req,
			    infra_get(r, dns_rdf_address_text(
					     ldns_rr_rdf(ldns_rr_list_rr(g->rrs, k), 0), addr)));
		}
	}
	g_array_set_size(req->subs_tried, 0);
	iterate(r, req, now);
}

/*
 * The reply to a minimised question (RFC 9156). A referral moves the zone cut as usual. An
 * NXDOMAIN, or any other answer under the NS style, may come from a server that mishandles
 * empty non-terminals or hides a cut: the full name is asked instead (RFC 9156 2.3, relaxed
 * mode). Under Unbound's style a NOERROR answer for the hidden name means the name exists:
 * go one label deeper. Nothing of it is cached as the answer to the client's question.
 */
static void handle_minimised(resolver *r, struct request *req, struct exchange *ex,
			     const struct dns_msg *m, int64_t now)
{
	struct dns_rrset *referral = find_soa(m) == NULL ? find_referral(r, req, m) : NULL;
	bool answered = m->aa || find_soa(m) != NULL || m->sections[DNS_SECTION_ANSWER]->len > 0;
	if (referral != NULL && m->rcode == LDNS_RCODE_NOERROR &&
	    (!m->aa || m->sections[DNS_SECTION_ANSWER]->len == 0)) {
		follow_referral(r, req, ex, m, referral, now);
		return;
	}
	if (m->rcode == LDNS_RCODE_NOERROR && !answered) {
		/* neither an answer nor a referral: lame, as for a full question */
		if (req->cut != DNS_NAME_NONE) {
			infra_mark_lame(r, ex->infra, req->cut, now);
		}
		next_server(r, req, ex, now, "lame answer");
		return;
	}
	if (m->rcode == LDNS_RCODE_NOERROR && r->profile.qmin_style == RESOLVER_QMIN_A_LABELS) {
		req->qmin_name = ex->qname;
		trace(r, "%s exists: one label more", dns_name_text(r->names, ex->qname));
	} else {
		req->qmin_off = true;
		trace(r, "minimised %s %s answered rcode %u: asking the full name",
		      dns_name_text(r->names, ex->qname), type_name(ex->qtype), m->rcode);
	}
	iterate(r, req, now);
}

static void handle_response(resolver *r, struct request *req, struct exchange *ex,
			    const struct dns_msg *m, int64_t now)
{
	bool forward = r->forwarders->len > 0;
	if (m->tc && !ex->tcp) {
		struct candidate *c = candidate_of(req, ex->infra);
		if (c != NULL) {
			trace(r, "truncated answer from %s: retrying over TCP", ex->infra->address);
			send_query(r, req, c, true, now);
			return;
		}
	}
	if (m->rcode != LDNS_RCODE_NOERROR && m->rcode != LDNS_RCODE_NXDOMAIN) {
		next_server(r, req, ex, now, "error rcode");
		return;
	}
	if (m->qname != ex->qname || m->qtype != ex->qtype || m->qclass != req->qclass) {
		/* not an answer to what was asked (RFC 5452 9.1: a resolver checks the question) */
		next_server(r, req, ex, now, "answer to another question");
		return;
	}
	if (ex->qname != req->qname || ex->qtype != req->qtype) {
		handle_minimised(r, req, ex, m, now);
		return;
	}
	if (!forward && m->ra && !m->aa && m->sections[DNS_SECTION_ANSWER]->len > 0 &&
	    other_server_left(r, req, ex->infra, now)) {
		/* "recursion lame": a server delegated to answers non-authoritatively with RA,
		 * from a recursive cache; Unbound uses such a server only as a last resort
		 * (iter_resptype.c RESPONSE_TYPE_REC_LAME, infra rec_lame) */
		next_server(r, req, ex, now, "recursion lame answer (RA, no AA)");
		return;
	}
	enum resolver_rank answer_rank =
	    m->aa ? RESOLVER_RANK_AUTH_ANSWER : RESOLVER_RANK_NONAUTH_ANSWER;
	uint32_t zone = forward ? DNS_NAME_NONE : req->cut;
	/* follow the answer section: the data, or a CNAME chain within it */
	for (unsigned steps = 0; steps <= MAX_CNAMES; steps++) {
		struct dns_rrset *data =
		    dns_msg_find(m, DNS_SECTION_ANSWER, req->qname, req->qtype);
		if (data != NULL && in_bailiwick(r, data->owner, zone)) {
			cache_store(r, data, answer_rank, now);
			store_section(r, m, DNS_SECTION_ANSWER, answer_rank, zone, now);
			store_answer_extras(r, m, zone, now);
			note_reply_shape(r, req, m, zone);
			struct dns_msg *out = client_response(r, req, LDNS_RCODE_NOERROR);
			dns_msg_add(out, DNS_SECTION_ANSWER, data);
			trace(r, "answer: %s %s from %s", dns_name_text(r->names, req->qname),
			      type_name(req->qtype), ex->infra->address);
			finish_via_cache(r, req, out, now);
			return;
		}
		struct dns_rrset *cname =
		    req->qtype == LDNS_RR_TYPE_CNAME
			? NULL
			: dns_msg_find(m, DNS_SECTION_ANSWER, req->qname, LDNS_RR_TYPE_CNAME);
		if (cname == NULL || !in_bailiwick(r, cname->owner, zone)) {
			break;
		}
		cache_store(r, cname, answer_rank, now);
		g_ptr_array_add(req->chain, dns_rrset_ref(cname));
		req->qname = dns_rrset_rdata_name(r->names, cname, 0);
		req->qmin_name = DNS_NAME_NONE;
		req->qmin_off = false;
		trace(r, "CNAME to %s", dns_name_text(r->names, req->qname));
		if (++req->cnames > MAX_CNAMES) {
			fail(r, req, now, "CNAME chain too long");
			return;
		}
		if (!in_bailiwick(r, req->qname, zone) || r->profile.cname_cut_in_reply) {
			/* the target is elsewhere, or the profile trusts only the records of the
			 * name asked (Unbound's scrub_sanitize cuts the rest of a chain off and
			 * resolves it): start again from the cache and the closest cut */
			req->cut = DNS_NAME_NONE;
			g_array_set_size(req->candidates, 0);
			iterate(r, req, now);
			return;
		}
	}
	if (req->chain->len > 0 &&
	    dns_msg_find(m, DNS_SECTION_ANSWER, req->qname, req->qtype) == NULL &&
	    m->rcode == LDNS_RCODE_NOERROR && find_soa(m) == NULL &&
	    find_referral(r, req, m) == NULL) {
		/* a partial chain: resolve the target */
		req->cut = DNS_NAME_NONE;
		g_array_set_size(req->candidates, 0);
		iterate(r, req, now);
		return;
	}
	struct dns_rrset *soa = find_soa(m);
	if (m->rcode == LDNS_RCODE_NXDOMAIN) {
		resolver_cache_store_negative(r->cache, req->qname, req->qtype, req->qclass,
					      RESOLVER_NEGATIVE_NXDOMAIN, soa, answer_rank, now);
		struct dns_msg *out = client_response(r, req, LDNS_RCODE_NXDOMAIN);
		if (soa != NULL) {
			struct dns_rrset *neg = dns_rrset_copy_ttl(
			    soa, MIN(soa->ttl, ldns_rdf2native_int32(
						   ldns_rr_rdf(ldns_rr_list_rr(soa->rrs, 0), 6))));
			dns_msg_add(out, DNS_SECTION_AUTHORITY, neg);
			dns_rrset_unref(neg);
		}
		trace(r, "NXDOMAIN for %s from %s", dns_name_text(r->names, req->qname),
		      ex->infra->address);
		store_answer_extras(r, m, zone, now);
		note_reply_shape(r, req, m, zone);
		finish_via_cache(r, req, out, now);
		return;
	}
	struct dns_rrset *referral = soa == NULL ? find_referral(r, req, m) : NULL;
	/* a child zone's NS set with no answer and no SOA is a referral even when the server
	 * falsely sets AA (Unbound and Knot both follow it) */
	if (referral != NULL && !forward && (!m->aa || m->sections[DNS_SECTION_ANSWER]->len == 0)) {
		follow_referral(r, req, ex, m, referral, now);
		return;
	}
	if (soa == NULL && m->sections[DNS_SECTION_ANSWER]->len == 0 && !forward &&
	    req->cut != DNS_NAME_NONE && has_upward_ns(r, m, req->cut)) {
		/* NOERROR, no data, no SOA and an NS set above the zone asked: an upward referral,
		 * the server does not serve the zone (Unbound's scrubber calls it lame, Knot too,
		 * Deckard iter_lame_aaaa), whatever its AA bit says */
		infra_mark_lame(r, ex->infra, req->cut, now);
		next_server(r, req, ex, now, "upward referral");
		return;
	}
	bool other_types = false; /* records for the qname, none of the qtype asked */
	for (guint i = 0; i < m->sections[DNS_SECTION_ANSWER]->len; i++) {
		const struct dns_rrset *set = g_ptr_array_index(m->sections[DNS_SECTION_ANSWER], i);
		other_types |= set->owner == req->qname;
	}
	if (soa != NULL || m->aa || forward || other_types) {
		/* NODATA (RFC 2308 2.2); an answer holding only other types for the name says the
		 * same, and its records are not what was asked, so they are not used */
		resolver_cache_store_negative(r->cache, req->qname, req->qtype, req->qclass,
					      RESOLVER_NEGATIVE_NODATA, soa, answer_rank, now);
		struct dns_msg *out = client_response(r, req, LDNS_RCODE_NOERROR);
		if (soa != NULL) {
			struct dns_rrset *neg = dns_rrset_copy_ttl(
			    soa, MIN(soa->ttl, ldns_rdf2native_int32(
						   ldns_rr_rdf(ldns_rr_list_rr(soa->rrs, 0), 6))));
			dns_msg_add(out, DNS_SECTION_AUTHORITY, neg);
			dns_rrset_unref(neg);
		}
		trace(r, "NODATA for %s %s from %s", dns_name_text(r->names, req->qname),
		      type_name(req->qtype), ex->infra->address);
		store_answer_extras(r, m, zone, now);
		note_reply_shape(r, req, m, zone);
		finish_via_cache(r, req, out, now);
		return;
	}
	if (req->cut != DNS_NAME_NONE) {
		infra_mark_lame(r, ex->infra, req->cut, now);
	}
	next_server(r, req, ex, now, "lame answer");
}

void resolver_receive(resolver *r, uint64_t token, const struct dns_msg *response, int64_t now_ns)
{
	r->now_ns = now_ns;
	struct exchange *ex = g_hash_table_lookup(r->exchanges, &token);
	if (ex == NULL || ex->done) {
		return;
	}
	struct exchange copy = *ex;
	g_hash_table_remove(r->exchanges, &token);
	infra_rtt(r, copy.infra, now_ns - copy.sent_ns);
	struct request *req = copy.req;
	if (req == NULL || req->finished || req->exchange != token) {
		return;
	}
	trace_focus(r, req);
	req->exchange = 0;
	r->store_leeway_ns = req->refresh ? req->leeway_ns : 0;
	handle_response(r, req, &copy, response, now_ns);
	r->store_leeway_ns = 0;
}

void resolver_timer(resolver *r, uint64_t token, int64_t now_ns)
{
	r->now_ns = now_ns;
	struct request *waiting = g_hash_table_lookup(r->timers, &token);
	if (waiting != NULL) {
		/* RFC 8767 client-response timer: no fresh answer yet, answer stale */
		trace_focus(r, waiting);
		g_hash_table_remove(r->timers, &token);
		waiting->stale_timer = 0;
		struct resolver_cache_answer a = resolver_cache_lookup(
		    r->cache, waiting->qname, waiting->qtype, waiting->qclass, now_ns);
		if (a.status == RESOLVER_CACHE_STALE && !waiting->answered_stale) {
			r->stats.stale_answers++;
			push_action(r, (struct resolver_action){
					   .kind = RESOLVER_ACTION_ANSWER,
					   .msg = stale_response(r, waiting, &a, now_ns),
					   .client_token = waiting->client_token });
			waiting->answered_stale = true;
		}
		return;
	}
	struct exchange *ex = g_hash_table_lookup(r->exchanges, &token);
	if (ex == NULL || ex->done) {
		return;
	}
	struct exchange copy = *ex;
	g_hash_table_remove(r->exchanges, &token);
	struct infra *in = copy.infra;
	r->stats.timeouts++;
	/* exponential backoff of the server's RTO (RFC 6298 5.5) */
	in->rto_ns *= 2;
	if (r->profile.rto_max_ns > 0 && in->rto_ns > r->profile.rto_max_ns) {
		in->rto_ns = r->profile.rto_max_ns;
	}
	if (++in->timeouts >= MAX(1u, r->profile.tries_per_server)) {
		in->down_until_ns = now_ns + r->profile.infra_ttl_ns;
	}
	struct request *req = copy.req;
	if (req == NULL || req->finished || req->exchange != token) {
		return;
	}
	trace_focus(r, req);
	req->exchange = 0;
	trace(r, "timeout from %s", in->address);
	iterate(r, req, now_ns);
}

bool resolver_next_action(resolver *r, struct resolver_action *out)
{
	if (r->action_head >= r->n_actions) {
		r->n_actions = 0;
		r->action_head = 0;
		return false;
	}
	*out = r->actions[r->action_head++];
	return true;
}

void resolver_restart(resolver *r)
{
	resolver_cache_flush(r->cache);
	g_hash_table_remove_all(r->msgs);
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, r->infra);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct infra *in = value;
		in->rtt_known = false;
		in->rto_ns =
		    r->profile.timeout_ns > 0 ? r->profile.timeout_ns : 376 * SIM_NS_PER_MS;
		in->timeouts = 0;
		in->down_until_ns = 0;
	}
}

resolver_cache *resolver_get_cache(resolver *r)
{
	return r->cache;
}

const char *resolver_name(const resolver *r)
{
	return r->name;
}

const struct resolver_stats *resolver_get_stats(const resolver *r)
{
	return &r->stats;
}

void resolver_set_trace(resolver *r, GString *out)
{
	r->trace = out;
	r->trace_one = false;
	r->trace_on = true;
}

void resolver_set_trace_client(resolver *r, GString *out, uint64_t client_token)
{
	r->trace = out;
	r->trace_one = true;
	r->trace_token = client_token;
	r->trace_on = false;
}
