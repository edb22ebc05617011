/*
 * Route 53-style health checks: checkers, the 18 % rule, calculated checks, inverted/disabled,
 * propagation to the name servers. Rules and sources: docs/design/health-checks.md.
 *
 * One engine entity per check. Its events carry the checker index in arg: EV_SEND (the checker
 * sends a request: the probe is asked then), EV_RESULT_PASS / EV_RESULT_FAIL (the response or
 * the timeout reaches the checker) and EV_NOTIFY (a status change reaches the name servers).
 * Each checker has one pending event (two with HC_SCHEDULE_FIXED_RATE: the next send and the
 * result awaited), so stopping a check cancels them and nothing stale can fire.
 */
#include "authoritative/health.h"

#include <string.h>

#include "sim/rng.h"
#include "sim/util.h"

enum {
	EV_SEND,
	EV_RESULT_PASS,
	EV_RESULT_FAIL,
	EV_NOTIFY,
};

/* Route 53's checker regions (route53.md 5.3, API HealthCheckRegion). */
static const char *const hc_default_regions[] = { "us-east-1",	    "us-west-1",
						  "us-west-2",	    "eu-west-1",
						  "ap-southeast-1", "ap-southeast-2",
						  "ap-northeast-1", "sa-east-1" };
#define HC_DEFAULT_PER_REGION 2
#define HC_DEFAULT_THRESHOLD  3
#define HC_DEFAULT_INTERVAL_S 30

struct hc_checker {
	char *region;
	uint32_t slot; /* index within its region */
	struct sim_rng rng;
	bool healthy;			 /* this checker's view */
	uint32_t streak;		 /* consecutive results disagreeing with the view */
	struct sim_event_handle pending; /* the next send, or the result awaited */
	struct sim_event_handle result;	 /* fixed rate: the result awaited */
};

struct hc_check {
	hc_model *model;
	uint32_t index;
	char *name;
	enum hc_type type;
	char *target; /* NULL for calculated */
	char *path;
	uint16_t port;
	int64_t interval_ns;
	uint32_t threshold;
	bool inverted;
	bool disabled;
	uint32_t entity;
	struct hc_checker *checkers;
	uint32_t checker_count;
	uint32_t healthy_checkers;
	uint64_t requests;
	/* calculated */
	GArray *children; /* uint32_t check indexes */
	uint32_t healthy_threshold;
	GArray *parents; /* uint32_t indexes of calculated checks that have this one as child */
	bool status;	 /* own final status */
	bool notified;	 /* last status announced to on_change callbacks */
	GArray *history; /* struct hc_transition */
};

struct hc_listener {
	hc_change_fn fn;
	void *ctx;
};

struct hc_model {
	sim_engine *engine;
	hc_probe_fn probe;
	void *probe_ctx;
	struct hc_options options;
	GPtrArray *checks;    /* struct hc_check * */
	GHashTable *by_name;  /* name -> struct hc_check * (borrowed keys) */
	GHashTable *requests; /* target -> uint64_t * */
	GArray *listeners;    /* struct hc_listener */
};

struct hc_options hc_options_default(void)
{
	return (struct hc_options){ .propagation_ns = HC_PROPAGATION_DEFAULT_NS,
				    .schedule = HC_SCHEDULE_AFTER_RESPONSE };
}

static enum hc_type type_from_text(const char *text)
{
	static const char *const names[] = {
		"http", "https", "http-str-match", "https-str-match", "tcp", "calculated"
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (strcmp(text, names[i]) == 0) {
			return (enum hc_type)i;
		}
	}
	SIM_ASSERT(!"health type not validated");
	return HC_TYPE_HTTP;
}

static bool type_is_https(enum hc_type t)
{
	return t == HC_TYPE_HTTPS || t == HC_TYPE_HTTPS_STR_MATCH;
}

static bool type_is_str_match(enum hc_type t)
{
	return t == HC_TYPE_HTTP_STR_MATCH || t == HC_TYPE_HTTPS_STR_MATCH;
}

/* 18 % rule (route53.md 5.4, edges 39-40): healthy iff more than 18 % of checkers say so. */
static bool aggregate_healthy(uint32_t healthy, uint32_t checkers)
{
	return (uint64_t)healthy * 100u > (uint64_t)HC_HEALTHY_PERCENT * checkers;
}

/* The raw status: 18 % rule or calculated threshold, ignoring disabled and inverted. */
static bool raw_status(const hc_model *m, const struct hc_check *c)
{
	if (c->type != HC_TYPE_CALCULATED) {
		return aggregate_healthy(c->healthy_checkers, c->checker_count);
	}
	/* route53.md 5.6, edge 46: children's final statuses (a disabled child is healthy, an
	 * inverted one counts inverted); threshold 0 is always met, > children never */
	uint32_t healthy = 0;
	for (guint i = 0; i < c->children->len; i++) {
		const struct hc_check *child =
		    g_ptr_array_index(m->checks, g_array_index(c->children, uint32_t, i));
		healthy += child->status ? 1u : 0u;
	}
	return healthy >= c->healthy_threshold;
}

/* route53.md 5.7, edge 45: base = disabled ? healthy : raw; inverted flips it. */
static bool final_status(const hc_model *m, const struct hc_check *c)
{
	bool base = c->disabled ? true : raw_status(m, c);
	return c->inverted ? !base : base;
}

/* Recompute a check's status; record and propagate a change (to parents, then to DNS). */
static void update_status(hc_model *m, struct hc_check *c)
{
	bool s = final_status(m, c);
	if (s == c->status) {
		return;
	}
	c->status = s;
	int64_t now = sim_engine_now_ns(m->engine);
	struct hc_transition t = { .at_ns = now, .healthy = s };
	g_array_append_val(c->history, t);
	sim_event_schedule(m->engine, now + m->options.propagation_ns, c->entity, EV_NOTIFY, 0);
	for (guint i = 0; i < c->parents->len; i++) {
		update_status(m,
			      g_ptr_array_index(m->checks, g_array_index(c->parents, uint32_t, i)));
	}
}

/* When the result of a request sent at now reaches the checker, and whether it passes
 * (route53.md 5.1 pass conditions, 5.3 and edge 42 timeouts). */
static int64_t result_delay(const struct hc_check *c, const struct hc_probe_result *r, bool *pass)
{
	bool tcp = c->type == HC_TYPE_TCP;
	int64_t connect_timeout = tcp ? HC_TCP_CONNECT_TIMEOUT_NS : HC_CONNECT_TIMEOUT_NS;
	int64_t rtt = r->rtt_ns > 0 ? r->rtt_ns : 0;
	if (r->view == HC_VIEW_TIMEOUT || rtt > connect_timeout) {
		*pass = false;
		return connect_timeout;
	}
	if (r->view == HC_VIEW_REFUSED) {
		*pass = false;
		return rtt;
	}
	if (tcp) {
		/* a TCP check only needs the connect: an application failing behind a listening
		 * socket still passes */
		*pass = true;
		return rtt;
	}
	/* HTTP(S): status within 2 s of connecting; string match: body within 2 s more */
	int64_t limit =
	    HC_STATUS_TIMEOUT_NS + (type_is_str_match(c->type) ? HC_BODY_TIMEOUT_NS : 0);
	int64_t response = r->view == HC_VIEW_SLOW ? r->response_ns : rtt;
	if (response < rtt) {
		response = rtt;
	}
	if (response > limit) {
		*pass = false;
		return rtt + limit;
	}
	*pass = r->view != HC_VIEW_HTTP_ERROR;
	return rtt + response;
}

static void checker_send(hc_model *m, struct hc_check *c, uint32_t i)
{
	struct hc_checker *k = &c->checkers[i];
	int64_t now = sim_engine_now_ns(m->engine);
	struct hc_probe_req req = {
		.check = c->name,
		.target = c->target,
		.region = k->region,
		.checker = i,
		.type = c->type,
		.port = c->port,
		.path = c->path,
		.now_ns = now,
	};
	struct hc_probe_result r = m->probe(m->probe_ctx, &req);
	c->requests++;
	uint64_t *count = g_hash_table_lookup(m->requests, c->target);
	(*count)++;
	bool pass = false;
	int64_t delay = result_delay(c, &r, &pass);
	struct sim_event_handle h = sim_event_schedule(m->engine, now + delay, c->entity,
						       pass ? EV_RESULT_PASS : EV_RESULT_FAIL, i);
	if (m->options.schedule == HC_SCHEDULE_FIXED_RATE) {
		k->result = h;
		k->pending =
		    sim_event_schedule(m->engine, now + c->interval_ns, c->entity, EV_SEND, i);
	} else {
		k->pending = h;
	}
}

/* route53.md 5.3, edge 41: a checker flips its view after `threshold` consecutive results that
 * disagree with it. */
static void checker_result(hc_model *m, struct hc_check *c, uint32_t i, bool pass)
{
	struct hc_checker *k = &c->checkers[i];
	if (pass == k->healthy) {
		k->streak = 0;
	} else if (++k->streak >= c->threshold) {
		k->healthy = pass;
		k->streak = 0;
		c->healthy_checkers = pass ? c->healthy_checkers + 1 : c->healthy_checkers - 1;
		update_status(m, c);
	}
	if (m->options.schedule == HC_SCHEDULE_AFTER_RESPONSE) {
		k->pending =
		    sim_event_schedule_in(m->engine, c->interval_ns, c->entity, EV_SEND, i);
	}
}

static void notify(hc_model *m, struct hc_check *c)
{
	bool visible = hc_status(m, c->index, sim_engine_now_ns(m->engine));
	if (visible == c->notified) {
		return; /* changed and changed back within one propagation delay at the same time */
	}
	c->notified = visible;
	for (guint i = 0; i < m->listeners->len; i++) {
		struct hc_listener *l = &g_array_index(m->listeners, struct hc_listener, i);
		l->fn(l->ctx, c->index, c->name, visible, sim_engine_now_ns(m->engine));
	}
}

static void check_handle(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct hc_check *c = ctx;
	hc_model *m = c->model;
	switch (kind) {
	case EV_SEND:
		SIM_ASSERT(!c->disabled && arg < c->checker_count);
		checker_send(m, c, (uint32_t)arg);
		break;
	case EV_RESULT_PASS:
	case EV_RESULT_FAIL:
		SIM_ASSERT(!c->disabled && arg < c->checker_count);
		checker_result(m, c, (uint32_t)arg, kind == EV_RESULT_PASS);
		break;
	case EV_NOTIFY:
		notify(m, c);
		break;
	default:
		SIM_ASSERT(!"unknown health event");
	}
}

/* Start every checker of an endpoint check at a random phase in [0, interval). */
static void checkers_start(hc_model *m, struct hc_check *c)
{
	for (uint32_t i = 0; i < c->checker_count; i++) {
		struct hc_checker *k = &c->checkers[i];
		k->streak = 0;
		int64_t phase = (int64_t)sim_rng_below(&k->rng, (uint64_t)c->interval_ns);
		k->pending = sim_event_schedule_in(m->engine, phase, c->entity, EV_SEND, i);
	}
}

static void checkers_stop(hc_model *m, struct hc_check *c)
{
	for (uint32_t i = 0; i < c->checker_count; i++) {
		sim_event_cancel(m->engine, c->checkers[i].pending);
		sim_event_cancel(m->engine, c->checkers[i].result);
		c->checkers[i].pending = (struct sim_event_handle){ 0, 0 };
		c->checkers[i].result = (struct sim_event_handle){ 0, 0 };
	}
}

static void check_free(gpointer p)
{
	struct hc_check *c = p;
	for (uint32_t i = 0; i < c->checker_count; i++) {
		g_free(c->checkers[i].region);
	}
	g_free(c->checkers);
	g_free(c->name);
	g_free(c->target);
	g_free(c->path);
	if (c->children != NULL) {
		g_array_free(c->children, TRUE);
	}
	g_array_free(c->parents, TRUE);
	g_array_free(c->history, TRUE);
	g_free(c);
}

static int64_t attr_int(const struct scenario_stmt *s, const char *key, int64_t dflt)
{
	const struct scenario_attr *a = scenario_stmt_attr(s, key);
	return a != NULL ? a->i : dflt;
}

/* Endpoint fields and checkers of one `health` statement. */
static void check_init_endpoint(struct hc_check *c, const struct scenario_stmt *s, uint64_t seed)
{
	const struct scenario_arg *ep = g_ptr_array_index(s->args, 1);
	c->target = g_strdup(ep->text);
	const struct scenario_attr *path = scenario_stmt_attr(s, "path");
	c->path = g_strdup(path != NULL ? path->text : "/");
	c->port = (uint16_t)attr_int(s, "port", type_is_https(c->type) ? 443 : 80);
	c->interval_ns = attr_int(s, "interval", HC_DEFAULT_INTERVAL_S * SIM_NS_PER_S);
	c->threshold = (uint32_t)attr_int(s, "failure-threshold", HC_DEFAULT_THRESHOLD);
	uint32_t per_region = (uint32_t)attr_int(s, "checkers-per-region", HC_DEFAULT_PER_REGION);
	const struct scenario_attr *regions_attr = scenario_stmt_attr(s, "regions");
	g_auto(GStrv) regions = regions_attr != NULL ? scenario_attr_items(regions_attr) : NULL;
	uint32_t nregions =
	    regions != NULL ? g_strv_length(regions) : (uint32_t)G_N_ELEMENTS(hc_default_regions);
	c->checker_count = nregions * per_region;
	c->checkers = g_new0(struct hc_checker, c->checker_count);
	for (uint32_t r = 0; r < nregions; r++) {
		const char *region = regions != NULL ? regions[r] : hc_default_regions[r];
		for (uint32_t j = 0; j < per_region; j++) {
			struct hc_checker *k = &c->checkers[r * per_region + j];
			k->region = g_strdup(region);
			k->slot = j;
			k->healthy = true; /* a new check starts healthy (edge 44) */
			g_autofree char *entity =
			    g_strdup_printf("health %s %s %u", c->name, region, j);
			sim_rng_init(&k->rng, seed, entity, "phase");
		}
	}
	c->healthy_checkers = c->checker_count;
}

/* Children of a calculated check; false with error on a bad child. */
static bool check_init_calculated(hc_model *m, struct hc_check *c, const struct scenario_stmt *s,
				  GError **error)
{
	const struct scenario_attr *children = scenario_stmt_attr(s, "children");
	g_auto(GStrv) items = children != NULL ? scenario_attr_items(children) : g_new0(char *, 1);
	c->children = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	for (char **it = items; *it != NULL; it++) {
		struct hc_check *child = g_hash_table_lookup(m->by_name, *it);
		if (child == NULL) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				    "%s:%d:%d: calculated check '%s': child '%s' is not a health "
				    "check; expected the name of a health statement",
				    children->loc.file, children->loc.line, children->loc.col,
				    c->name, *it);
			return false;
		}
		if (child->type == HC_TYPE_CALCULATED) {
			g_set_error(
			    error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "%s:%d:%d: calculated check '%s': child '%s' is calculated too; "
			    "Route 53 expects endpoint checks as children",
			    children->loc.file, children->loc.line, children->loc.col, c->name,
			    *it);
			return false;
		}
		g_array_append_val(c->children, child->index);
		g_array_append_val(child->parents, c->index);
	}
	/* absent healthy-threshold: all children (the console's AND preset) */
	c->healthy_threshold = (uint32_t)attr_int(s, "healthy-threshold", c->children->len);
	return true;
}

hc_model *hc_model_new(sim_engine *engine, const struct scenario *sc, hc_probe_fn probe, void *ctx,
		       uint64_t seed, const struct hc_options *options, GError **error)
{
	SIM_ASSERT(engine != NULL && sc != NULL && probe != NULL);
	hc_model *m = g_new0(hc_model, 1);
	m->engine = engine;
	m->probe = probe;
	m->probe_ctx = ctx;
	m->options = options != NULL ? *options : hc_options_default();
	SIM_ASSERT(m->options.propagation_ns >= 0);
	m->checks = g_ptr_array_new_with_free_func(check_free);
	m->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	m->requests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	m->listeners = g_array_new(FALSE, FALSE, sizeof(struct hc_listener));
	int64_t now = sim_engine_now_ns(engine);

	/* pass 1: every check, so children can name checks written after their parent */
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_HEALTH) {
			continue;
		}
		struct hc_check *c = g_new0(struct hc_check, 1);
		c->model = m;
		c->index = m->checks->len;
		c->name = g_strdup(s->name);
		c->type = type_from_text(
		    ((const struct scenario_arg *)g_ptr_array_index(s->args, 0))->text);
		c->inverted = attr_int(s, "inverted", 0) != 0;
		c->disabled = attr_int(s, "disabled", 0) != 0;
		c->parents = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		c->history = g_array_new(FALSE, FALSE, sizeof(struct hc_transition));
		g_autofree char *entity = g_strdup_printf("health %s", c->name);
		c->entity = sim_entity_register(engine, entity, check_handle, c);
		if (c->type != HC_TYPE_CALCULATED) {
			check_init_endpoint(c, s, seed);
			if (!g_hash_table_contains(m->requests, c->target)) {
				g_hash_table_insert(m->requests, g_strdup(c->target),
						    g_new0(uint64_t, 1));
			}
		}
		g_ptr_array_add(m->checks, c);
		g_hash_table_insert(m->by_name, c->name, c);
	}
	/* pass 2: calculated checks' children */
	guint ci = 0;
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_HEALTH) {
			continue;
		}
		struct hc_check *c = g_ptr_array_index(m->checks, ci++);
		if (c->type == HC_TYPE_CALCULATED && !check_init_calculated(m, c, s, error)) {
			hc_model_free(m);
			return NULL;
		}
	}
	/* initial statuses (edge 44: healthy, inverted unhealthy; endpoint checks first, as
	 * calculated ones read them), then the checkers */
	for (int pass = 0; pass < 2; pass++) {
		for (guint i = 0; i < m->checks->len; i++) {
			struct hc_check *c = g_ptr_array_index(m->checks, i);
			if ((c->type == HC_TYPE_CALCULATED) != (pass == 1)) {
				continue;
			}
			c->status = final_status(m, c);
			c->notified = c->status;
			struct hc_transition t = { .at_ns = now, .healthy = c->status };
			g_array_append_val(c->history, t);
		}
	}
	for (guint i = 0; i < m->checks->len; i++) {
		struct hc_check *c = g_ptr_array_index(m->checks, i);
		if (c->type != HC_TYPE_CALCULATED && !c->disabled) {
			checkers_start(m, c);
		}
	}
	return m;
}

void hc_model_free(hc_model *model)
{
	if (model == NULL) {
		return;
	}
	for (guint i = 0; i < model->checks->len; i++) {
		struct hc_check *c = g_ptr_array_index(model->checks, i);
		checkers_stop(model, c);
	}
	g_hash_table_destroy(model->by_name);
	g_hash_table_destroy(model->requests);
	g_ptr_array_free(model->checks, TRUE);
	g_array_free(model->listeners, TRUE);
	g_free(model);
}

static const struct hc_check *check_at(const hc_model *m, uint32_t index)
{
	SIM_ASSERT(index < m->checks->len);
	return g_ptr_array_index(m->checks, index);
}

uint32_t hc_count(const hc_model *model)
{
	return model->checks->len;
}

int hc_index(const hc_model *model, const char *name)
{
	const struct hc_check *c = g_hash_table_lookup(model->by_name, name);
	return c != NULL ? (int)c->index : -1;
}

const char *hc_name(const hc_model *model, uint32_t index)
{
	return check_at(model, index)->name;
}

enum hc_type hc_type_of(const hc_model *model, uint32_t index)
{
	return check_at(model, index)->type;
}

bool hc_status(const hc_model *model, uint32_t index, int64_t now_ns)
{
	const struct hc_check *c = check_at(model, index);
	SIM_ASSERT(now_ns <= sim_engine_now_ns(model->engine) + model->options.propagation_ns);
	int64_t as_of = now_ns - model->options.propagation_ns;
	const struct hc_transition *h = (const struct hc_transition *)(void *)c->history->data;
	/* last transition at or before as_of; the first entry answers for earlier times */
	guint lo = 0, hi = c->history->len;
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (h[mid].at_ns <= as_of) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return h[lo].healthy;
}

bool hc_status_now(const hc_model *model, uint32_t index)
{
	return check_at(model, index)->status;
}

uint32_t hc_healthy_checkers(const hc_model *model, uint32_t index, uint32_t *checkers)
{
	const struct hc_check *c = check_at(model, index);
	if (checkers != NULL) {
		*checkers = c->checker_count;
	}
	return c->healthy_checkers;
}

void hc_on_change(hc_model *model, hc_change_fn fn, void *ctx)
{
	SIM_ASSERT(fn != NULL);
	struct hc_listener l = { .fn = fn, .ctx = ctx };
	g_array_append_val(model->listeners, l);
}

uint64_t hc_requests(const hc_model *model, const char *target)
{
	const uint64_t *count = g_hash_table_lookup(model->requests, target);
	return count != NULL ? *count : 0;
}

uint64_t hc_check_requests(const hc_model *model, uint32_t index)
{
	return check_at(model, index)->requests;
}

const struct hc_transition *hc_history(const hc_model *model, uint32_t index, size_t *count)
{
	const struct hc_check *c = check_at(model, index);
	*count = c->history->len;
	return (const struct hc_transition *)(void *)c->history->data;
}

void hc_set_disabled(hc_model *model, uint32_t index, bool disabled)
{
	struct hc_check *c = g_ptr_array_index(model->checks, check_at(model, index)->index);
	if (c->disabled == disabled) {
		return;
	}
	c->disabled = disabled;
	if (c->type != HC_TYPE_CALCULATED) {
		if (disabled) {
			checkers_stop(model, c);
		} else {
			checkers_start(model, c);
		}
	}
	update_status(model, c);
}

void hc_set_inverted(hc_model *model, uint32_t index, bool inverted)
{
	struct hc_check *c = g_ptr_array_index(model->checks, check_at(model, index)->index);
	c->inverted = inverted;
	update_status(model, c);
}
