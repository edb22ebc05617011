/*
 * Design review (review.h): a table of rules, each a function that walks the validated scenario
 * model and appends warnings. Every threshold below comes from a documented rule, cited by
 * section of /work/shared/reference/route53.md ("route53.md") or resolvers.md; the reasoning
 * behind each comparison is in docs/design/review.md.
 */
#include "sim/review/review.h"

#include <ldns/ldns.h>
#include <stdarg.h>
#include <string.h>

#include "authoritative/health.h"
#include "authoritative/hierarchy.h"
#include "authoritative/route53/route53.h"
#include "sim/dns.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

/* Health-check defaults of the API (route53.md 5.3, 11.2): RequestInterval 30 s,
 * FailureThreshold 3. The health model (authoritative/health.c) uses the same. */
#define REVIEW_HC_INTERVAL_DEFAULT_NS (INT64_C(30) * SIM_NS_PER_S)
#define REVIEW_HC_THRESHOLD_DEFAULT   3
/* Route 53 answers at most 8 multivalue records (route53.md 2.4). */
#define REVIEW_MULTIVALUE_MAX 8u
/* SOA MINIMUM of the SOA Route 53 creates (route53.md 6.1); its TTL is AUTH_ZONE_SOA_TTL. */
#define REVIEW_R53_SOA_MINIMUM 86400u
/* Negative TTL while records are being created: AWS advises SOA MINIMUM <= 60 s during changes
 * (route53.md 6.3, 6.4). */
#define REVIEW_NEG_TTL_CHANGING_S 60u
/* Negative TTL otherwise: RFC 2308 suggests one to three hours (resolvers.md 1.3). */
#define REVIEW_NEG_TTL_MAX_S 10800u
/* Depth limit when following calculated checks and alias chains (loops are validation's). */
#define REVIEW_DEPTH_MAX 16u
/* Names listed in one private-zone warning before "and N more". */
#define REVIEW_SHADOW_NAMES_SHOWN 3u

/* Records of one name and type in one zone: a Route 53 routing group (route53.md 1.1). */
struct rgroup {
	const struct scenario_zone *zone;
	const char *owner;
	uint16_t type;
	enum scenario_policy policy;
	GPtrArray *records; /* struct scenario_record *, borrowed, in file order */
};

struct review_ctx {
	const struct scenario *sc;
	GPtrArray *out;	   /* struct review_warning * */
	GPtrArray *groups; /* struct rgroup *, in file order */
	dns_names *names;  /* for subdomain tests */
	const char *rule;  /* id of the rule running */
};

static void warning_free(gpointer p)
{
	struct review_warning *w = p;
	g_free(w->subject);
	g_free(w->message);
	g_free(w);
}

static void warn(struct review_ctx *ctx, struct scenario_loc loc, char *subject, const char *fmt,
		 ...) G_GNUC_PRINTF(4, 5);

/* Append a warning of the running rule; takes subject. */
static void warn(struct review_ctx *ctx, struct scenario_loc loc, char *subject, const char *fmt,
		 ...)
{
	struct review_warning *w = g_new0(struct review_warning, 1);
	w->loc = loc;
	w->rule = ctx->rule;
	w->subject = subject;
	va_list ap;
	va_start(ap, fmt);
	w->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(ctx->out, w);
}

static const char *type_name(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	return d != NULL && d->_name != NULL ? d->_name : "?";
}

static const char *set_id(const struct scenario_record *r)
{
	const struct scenario_attr *a = scenario_attrs_get(r->attrs, "set");
	return a != NULL ? a->text : NULL;
}

static bool attr_true(const GPtrArray *attrs, const char *key)
{
	const struct scenario_attr *a = scenario_attrs_get(attrs, key);
	return a != NULL && a->spec != NULL && a->i != 0;
}

/* "www.example.com. A set=east" */
static char *record_subject(const struct scenario_record *r)
{
	const char *id = set_id(r);
	return g_strdup_printf("%s %s%s%s", r->owner, type_name(r->type), id ? " set=" : "",
			       id ? id : "");
}

static char *group_subject(const struct rgroup *g)
{
	return g_strdup_printf("%s %s", g->owner, type_name(g->type));
}

static char *duration_text(int64_t ns)
{
	return scenario_format_duration(ns);
}

static bool same_set(const struct scenario_record *a, const struct scenario_record *b)
{
	const char *x = set_id(a), *y = set_id(b);
	return x != NULL && y != NULL ? strcmp(x, y) == 0 : x == y;
}

/* Is r the first line of its record set within g (so a set is reported once)? */
static bool first_of_set(const struct rgroup *g, const struct scenario_record *r)
{
	for (guint i = 0; i < g->records->len; i++) {
		const struct scenario_record *o = g_ptr_array_index(g->records, i);
		if (o == r) {
			return true;
		}
		if (same_set(o, r)) {
			return false;
		}
	}
	return true;
}

/* Number of record sets (distinct set identifiers) of g. */
static guint group_set_count(const struct rgroup *g)
{
	guint n = 0;
	for (guint i = 0; i < g->records->len; i++) {
		n += first_of_set(g, g_ptr_array_index(g->records, i)) ? 1 : 0;
	}
	return n;
}

static bool is_private(const struct scenario_zone *z)
{
	return attr_true(z->stmt->attrs, "private");
}

static void rgroup_free(gpointer p)
{
	struct rgroup *g = p;
	g_ptr_array_unref(g->records);
	g_free(g);
}

static void build_groups(struct review_ctx *ctx)
{
	ctx->groups = g_ptr_array_new_with_free_func(rgroup_free);
	g_autoptr(GHashTable) by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint z = 0; z < ctx->sc->zones->len; z++) {
		const struct scenario_zone *zone = g_ptr_array_index(ctx->sc->zones, z);
		for (guint i = 0; i < zone->records->len; i++) {
			const struct scenario_record *r = g_ptr_array_index(zone->records, i);
			if (r->owner == NULL) {
				continue;
			}
			char *key = g_strdup_printf("%u %s %u", z, r->owner, r->type);
			struct rgroup *g = g_hash_table_lookup(by_key, key);
			if (g == NULL) {
				g = g_new0(struct rgroup, 1);
				g->zone = zone;
				g->owner = r->owner;
				g->type = r->type;
				g->policy = r->policy;
				g->records = g_ptr_array_new();
				g_ptr_array_add(ctx->groups, g);
				g_hash_table_insert(by_key, key, g);
			} else {
				g_free(key);
			}
			g_ptr_array_add(g->records, (gpointer)r);
		}
	}
}

/* The group of owner/type, in zone first, else in any zone; NULL if none. */
static const struct rgroup *group_find(const struct review_ctx *ctx,
				       const struct scenario_zone *zone, const char *owner,
				       uint16_t type)
{
	const struct rgroup *other = NULL;
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		if (g->type != type || strcmp(g->owner, owner) != 0) {
			continue;
		}
		if (g->zone == zone) {
			return g;
		}
		other = other != NULL ? other : g;
	}
	return other;
}

/* Is name equal to or below ancestor (both absolute, lower case)? */
static bool name_under(struct review_ctx *ctx, const char *name, const char *ancestor)
{
	uint32_t n = dns_name_intern(ctx->names, name);
	uint32_t a = dns_name_intern(ctx->names, ancestor);
	return n != DNS_NAME_NONE && a != DNS_NAME_NONE && dns_name_is_subdomain(ctx->names, n, a);
}

/* ------------------------------------------------------------------------------------------ */
/* 1. ttl-below-detection                                                                      */

/*
 * Nominal time health check hc takes to see an endpoint fail, without the propagation delay:
 * RequestInterval x FailureThreshold (route53.md 5.3, 5.5). A calculated check sees a failure
 * no sooner than its fastest child (5.6). False when the check never turns unhealthy by itself:
 * disabled (always healthy, or always unhealthy when inverted too, 5.7), or a calculated check
 * without such a child. how receives the formula, e.g. "30s x 3".
 */
static bool detection_ns(const struct scenario *sc, const struct scenario_stmt *hc, unsigned depth,
			 int64_t *out, char **how)
{
	if (depth > REVIEW_DEPTH_MAX || attr_true(hc->attrs, "disabled")) {
		return false;
	}
	const struct scenario_arg *type = hc->args->len > 0 ? g_ptr_array_index(hc->args, 0) : NULL;
	if (type != NULL && strcmp(type->text, "calculated") == 0) {
		const struct scenario_attr *children = scenario_stmt_attr(hc, "children");
		if (children == NULL) {
			return false;
		}
		g_auto(GStrv) items = scenario_attr_items(children);
		bool found = false;
		for (guint i = 0; items[i] != NULL; i++) {
			const char *name = g_strstrip(items[i]);
			const struct scenario_stmt *child =
			    scenario_find(sc, SCENARIO_KIND_HEALTH, name);
			int64_t d;
			g_autofree char *h = NULL;
			if (child == NULL || !detection_ns(sc, child, depth + 1, &d, &h)) {
				continue;
			}
			if (!found || d < *out) {
				*out = d;
				g_free(*how);
				*how = g_strdup_printf("fastest child %s: %s", name, h);
				found = true;
			}
		}
		return found;
	}
	const struct scenario_attr *interval = scenario_stmt_attr(hc, "interval");
	const struct scenario_attr *threshold = scenario_stmt_attr(hc, "failure-threshold");
	int64_t interval_ns = interval != NULL && interval->spec != NULL
				  ? interval->i
				  : REVIEW_HC_INTERVAL_DEFAULT_NS;
	int64_t count = threshold != NULL && threshold->spec != NULL ? threshold->i
								     : REVIEW_HC_THRESHOLD_DEFAULT;
	*out = interval_ns * count;
	g_autofree char *i = duration_text(interval_ns);
	*how = g_strdup_printf("%s x %" G_GINT64_FORMAT, i, count);
	return true;
}

/* route53 health-propagation=, or the model's default (route53.md 5.5: "a few seconds"). */
static int64_t propagation_ns(const struct scenario *sc)
{
	const struct scenario_stmt *r53 = scenario_find(sc, SCENARIO_KIND_ROUTE53, NULL);
	const struct scenario_attr *a = r53 ? scenario_stmt_attr(r53, "health-propagation") : NULL;
	return a != NULL && a->spec != NULL ? a->i : HC_PROPAGATION_DEFAULT_NS;
}

bool review_detection_ns(const struct scenario *sc, const struct scenario_stmt *hc, int64_t *out_ns)
{
	g_autofree char *how = NULL;
	return detection_ns(sc, hc, 0, out_ns, &how);
}

int64_t review_propagation_ns(const struct scenario *sc)
{
	return propagation_ns(sc);
}

/*
 * A client cannot move before the name servers stop answering the failed record, which takes
 * the check's detection time plus the propagation delay (route53.md 5.5: failover ~ t_detect +
 * t_prop + t_cache). Re-asking more often than that returns the same answer, so a TTL shorter
 * than detection + propagation (strictly) leaves the check, not the TTL, as the bound on failover.
 */
static void rule_ttl_below_detection(struct review_ctx *ctx)
{
	int64_t prop = propagation_ns(ctx->sc);
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		for (guint k = 0; k < g->records->len; k++) {
			const struct scenario_record *r = g_ptr_array_index(g->records, k);
			const struct scenario_attr *h = scenario_attrs_get(r->attrs, "health");
			if (r->alias || h == NULL || !first_of_set(g, r)) {
				continue; /* an alias has the target's TTL (route53.md 3.3) */
			}
			const struct scenario_stmt *hc =
			    scenario_find(ctx->sc, SCENARIO_KIND_HEALTH, h->text);
			int64_t detect;
			g_autofree char *how = NULL;
			if (hc == NULL || !detection_ns(ctx->sc, hc, 0, &detect, &how)) {
				continue;
			}
			int64_t total = detect + prop;
			if ((int64_t)r->ttl * SIM_NS_PER_S >= total) {
				continue;
			}
			g_autofree char *t = duration_text(total);
			g_autofree char *p = duration_text(prop);
			warn(ctx, r->loc, record_subject(r),
			     "TTL %u is shorter than the %s health check %s needs to see a failure "
			     "(%s + %s propagation): answers re-asked sooner are the same, so the "
			     "check, not the TTL, bounds failover",
			     r->ttl, t, hc->name, how, p);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 2. failover-primary-unchecked                                                               */

/* Does the timeline enable health check name at some point? */
static bool timeline_enables(const struct scenario *sc, const char *name)
{
	for (guint i = 0; i < sc->actions->len; i++) {
		const struct scenario_action *a = g_ptr_array_index(sc->actions, i);
		if (a->target == SCENARIO_TARGET_HEALTH && a->verb != NULL &&
		    strcmp(a->verb, "enable") == 0 && strcmp(a->target_name, name) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * A primary without a health check, and not an alias with evaluate-target-health, is always
 * healthy, so Route 53 never answers the secondary (route53.md 1.2, 2.3, edge case 12). A
 * primary whose check is disabled (not inverted) is the same: disabled means always healthy
 * (5.7), unless the timeline enables it.
 */
static void rule_failover_primary(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		if (g->policy != SCENARIO_POLICY_FAILOVER) {
			continue;
		}
		for (guint k = 0; k < g->records->len; k++) {
			const struct scenario_record *r = g_ptr_array_index(g->records, k);
			const struct scenario_attr *role = scenario_attrs_get(r->attrs, "failover");
			if (role == NULL || role->spec == NULL || role->i != 0 ||
			    !first_of_set(g, r)) {
				continue; /* choices: primary (0), secondary (1) */
			}
			const struct scenario_attr *health = NULL;
			bool eth = false;
			for (guint m = 0; m < g->records->len; m++) {
				const struct scenario_record *o = g_ptr_array_index(g->records, m);
				if (!same_set(o, r)) {
					continue;
				}
				health = health ? health : scenario_attrs_get(o->attrs, "health");
				eth |= o->alias && attr_true(o->attrs, "evaluate-target-health");
			}
			if (eth) {
				continue; /* an empty target tree is rule eth-no-health-check */
			}
			if (health == NULL) {
				warn(ctx, r->loc, record_subject(r),
				     "failover primary has no health check: Route 53 treats it as "
				     "always healthy and never answers the secondary");
				continue;
			}
			const struct scenario_stmt *hc =
			    scenario_find(ctx->sc, SCENARIO_KIND_HEALTH, health->text);
			if (hc != NULL && attr_true(hc->attrs, "disabled") &&
			    !attr_true(hc->attrs, "inverted") &&
			    !timeline_enables(ctx->sc, hc->name)) {
				warn(
				    ctx, r->loc, record_subject(r),
				    "failover primary's health check %s is disabled, which Route 53 "
				    "counts as always healthy: the secondary is never answered",
				    hc->name);
			}
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 3. geo-no-default                                                                           */

/*
 * Geolocation without a default ("*") record gives "no answer" to queries from locations no
 * record covers and from addresses Route 53 cannot place; AWS strongly recommends a default
 * (route53.md 2.6).
 */
static void rule_geo_default(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		if (g->policy != SCENARIO_POLICY_GEOLOCATION) {
			continue;
		}
		bool has_default = false;
		for (guint k = 0; k < g->records->len; k++) {
			const struct scenario_record *r = g_ptr_array_index(g->records, k);
			const struct scenario_attr *c = scenario_attrs_get(r->attrs, "country");
			has_default |= c != NULL && strcmp(c->text, "*") == 0;
		}
		if (!has_default) {
			const struct scenario_record *first = g_ptr_array_index(g->records, 0);
			warn(ctx, first->loc, group_subject(g),
			     "geolocation has no default record (country=*): queries from "
			     "locations no record covers, or that Route 53 cannot place, get no "
			     "answer");
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 4. weights-all-zero                                                                         */

/* Does the timeline give one of the records of owner/type a non-zero weight? */
static bool timeline_sets_weight(const struct scenario *sc, const struct rgroup *g)
{
	for (guint i = 0; i < sc->actions->len; i++) {
		const struct scenario_action *a = g_ptr_array_index(sc->actions, i);
		if (a->target != SCENARIO_TARGET_RECORD || a->args->len < 1) {
			continue;
		}
		const struct scenario_arg *type = g_ptr_array_index(a->args, 0);
		const struct scenario_attr *w = scenario_attrs_get(a->attrs, "weight");
		g_autofree char *owner = g_ascii_strdown(a->target_name, -1);
		if (!g_str_has_suffix(owner, ".")) {
			char *dotted = g_strconcat(owner, ".", NULL);
			g_free(owner);
			owner = dotted;
		}
		if (w != NULL && w->spec != NULL && w->i > 0 && strcmp(owner, g->owner) == 0 &&
		    ldns_get_rr_type_by_name(type->text) == g->type) {
			return true;
		}
	}
	return false;
}

/*
 * When every record of a weighted group has weight 0, Route 53 answers them all with equal
 * probability (route53.md 2.2, edge case 9): the weights then say nothing. Not reported when the
 * timeline later gives one of them a weight.
 */
static void rule_weights_zero(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		if (g->policy != SCENARIO_POLICY_WEIGHTED) {
			continue;
		}
		bool all_zero = true;
		for (guint k = 0; k < g->records->len; k++) {
			const struct scenario_record *r = g_ptr_array_index(g->records, k);
			const struct scenario_attr *w = scenario_attrs_get(r->attrs, "weight");
			all_zero &= w != NULL && w->spec != NULL && w->i == 0;
		}
		if (all_zero && !timeline_sets_weight(ctx->sc, g)) {
			const struct scenario_record *first = g_ptr_array_index(g->records, 0);
			guint sets = group_set_count(g);
			warn(ctx, first->loc, group_subject(g),
			     "all %u weighted record set%s have weight 0: Route 53 then answers "
			     "each with equal probability, so the weights mean nothing",
			     sets, sets == 1 ? "" : "s");
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 5. multivalue-over-8                                                                        */

/* Route 53 answers up to 8 healthy multivalue records; each record set counts as one
 * (route53.md 2.4). More than 8 sets: every answer leaves some out. */
static void rule_multivalue_max(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		if (g->policy != SCENARIO_POLICY_MULTIVALUE) {
			continue;
		}
		guint sets = group_set_count(g);
		if (sets > REVIEW_MULTIVALUE_MAX) {
			const struct scenario_record *first = g_ptr_array_index(g->records, 0);
			warn(ctx, first->loc, group_subject(g),
			     "%u multivalue record sets, but Route 53 answers at most %u per "
			     "query: each answer leaves %u out",
			     sets, REVIEW_MULTIVALUE_MAX, sets - REVIEW_MULTIVALUE_MAX);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 6. eth-no-health-check                                                                      */

/*
 * Is there a health status anywhere in the tree under an evaluate-target-health alias to
 * target/type? Same-zone targets: a record with health=, or a nested ETH alias whose own tree has
 * one (route53.md 1.4, 3.4). AWS targets: load balancers and Global Accelerator carry their own
 * health (3.4); CloudFront refuses ETH (reported by the world, not here); S3 website endpoints
 * and other resources carry none of the scenario's, and AWS advises a real health check (3.4).
 */
static bool tree_has_check(struct review_ctx *ctx, const struct scenario_zone *zone,
			   const char *target, uint16_t type, unsigned depth)
{
	if (depth > REVIEW_DEPTH_MAX) {
		return true; /* an alias loop: not this rule's business */
	}
	const struct rgroup *g = group_find(ctx, zone, target, type);
	if (g == NULL) {
		enum auth_r53_aws_kind kind = auth_r53_aws_kind_of(target);
		return kind == AUTH_R53_AWS_LOAD_BALANCER ||
		       kind == AUTH_R53_AWS_GLOBAL_ACCELERATOR || kind == AUTH_R53_AWS_CLOUDFRONT;
	}
	for (guint i = 0; i < g->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(g->records, i);
		if (scenario_attrs_get(r->attrs, "health") != NULL) {
			return true;
		}
		if (r->alias && r->alias_target != NULL &&
		    attr_true(r->attrs, "evaluate-target-health") &&
		    tree_has_check(ctx, g->zone, r->alias_target, type, depth + 1)) {
			return true;
		}
	}
	return false;
}

/*
 * evaluate-target-health=yes towards a tree with no health check anywhere: every record there
 * counts as healthy (route53.md 1.2), so the alias is always healthy and the setting changes
 * nothing. Simple aliases are skipped: there ETH has no effect anyway (3.4).
 */
static void rule_eth_unchecked(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->groups->len; i++) {
		const struct rgroup *g = g_ptr_array_index(ctx->groups, i);
		if (g->policy == SCENARIO_POLICY_SIMPLE) {
			continue;
		}
		for (guint k = 0; k < g->records->len; k++) {
			const struct scenario_record *r = g_ptr_array_index(g->records, k);
			if (!r->alias || r->alias_target == NULL ||
			    !attr_true(r->attrs, "evaluate-target-health") ||
			    tree_has_check(ctx, g->zone, r->alias_target, r->type, 0)) {
				continue;
			}
			bool aws = group_find(ctx, g->zone, r->alias_target, r->type) == NULL;
			warn(
			    ctx, r->loc, record_subject(r),
			    "evaluate-target-health=yes, but %s %s has no health check anywhere "
			    "below it: the alias is always healthy, so the setting changes nothing",
			    aws ? "the AWS resource" : "the target", r->alias_target);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 7. negative-ttl-hides-record                                                                */

/* The zone's SOA record line, or NULL when the zone writes none. */
static const struct scenario_record *zone_soa(const struct scenario_zone *zone)
{
	for (guint i = 0; i < zone->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(zone->records, i);
		if (r->type == LDNS_RR_TYPE_SOA && r->rr != NULL) {
			return r;
		}
	}
	return NULL;
}

/* Does the zone have a record of owner/type in its data? */
static bool zone_has(const struct scenario_zone *zone, const char *owner, uint16_t type)
{
	for (guint i = 0; i < zone->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(zone->records, i);
		if (r->owner != NULL && r->type == type && strcmp(r->owner, owner) == 0) {
			return true;
		}
	}
	return false;
}

/* Owner (absolute, lower case; caller owns) and type of the record of "zone X add RR", or
 * NULL when the text does not parse (validation reported it). */
static char *added_owner(const struct scenario_zone *zone, const char *text, uint16_t *type)
{
	ldns_rdf *origin = ldns_dname_new_frm_str(zone->origin);
	ldns_rr *rr = NULL;
	ldns_status st = ldns_rr_new_frm_str(&rr, text, 3600, origin, NULL);
	ldns_rdf_deep_free(origin);
	if (st != LDNS_STATUS_OK || rr == NULL) {
		return NULL;
	}
	char *owner = ldns_rdf2str(ldns_rr_owner(rr));
	char *lower = g_ascii_strdown(owner, -1);
	free(owner);
	*type = ldns_rr_get_type(rr);
	ldns_rr_free(rr);
	return lower;
}

/*
 * Resolvers cache NXDOMAIN/NODATA for min(SOA TTL, SOA MINIMUM) (RFC 2308 section 5,
 * resolvers.md 1.3, route53.md 6.3; Route 53's own SOA gives min(900, 86400) = 900 s). A record
 * the timeline creates after the start stays hidden that long from a resolver that asked
 * before: warn above 60 s, the SOA MINIMUM AWS advises while records change (route53.md 6.3,
 * 6.4). Without such a creation, warn only above 3 h, the top of RFC 2308's suggested range
 * (resolvers.md 1.3).
 */
static void rule_negative_ttl(struct review_ctx *ctx)
{
	for (guint z = 0; z < ctx->sc->zones->len; z++) {
		const struct scenario_zone *zone = g_ptr_array_index(ctx->sc->zones, z);
		if (zone->origin == NULL) {
			continue;
		}
		const struct scenario_record *soa = zone_soa(zone);
		uint32_t soa_ttl = soa ? soa->ttl : AUTH_ZONE_SOA_TTL;
		uint32_t minimum =
		    soa ? ldns_rdf2native_int32(ldns_rr_rdf(soa->rr, 6)) : REVIEW_R53_SOA_MINIMUM;
		uint32_t neg = MIN(soa_ttl, minimum);
		struct scenario_loc loc = soa ? soa->loc : zone->stmt->loc;
		g_autofree char *neg_text = duration_text((int64_t)neg * SIM_NS_PER_S);
		g_autofree char *from =
		    soa ? g_strdup_printf("min of SOA TTL %u and MINIMUM %u", soa_ttl, minimum)
			: g_strdup_printf("Route 53's default SOA: min of %u and %u", soa_ttl,
					  minimum);
		/* the first record the timeline creates after the start */
		const struct scenario_action *created = NULL;
		g_autofree char *created_owner = NULL;
		guint created_count = 0;
		for (guint i = 0; i < ctx->sc->actions->len; i++) {
			const struct scenario_action *a = g_ptr_array_index(ctx->sc->actions, i);
			if (a->target != SCENARIO_TARGET_ZONE || a->verb == NULL ||
			    strcmp(a->verb, "add") != 0 || a->at_ns <= 0 || a->args->len != 1) {
				continue;
			}
			g_autofree char *origin = g_ascii_strdown(a->target_name, -1);
			if (!g_str_has_suffix(origin, ".")) {
				char *dotted = g_strconcat(origin, ".", NULL);
				g_free(origin);
				origin = dotted;
			}
			if (strcmp(origin, zone->origin) != 0) {
				continue;
			}
			const struct scenario_arg *rr = g_ptr_array_index(a->args, 0);
			uint16_t type = 0;
			char *owner = added_owner(zone, rr->text, &type);
			if (owner == NULL || type == LDNS_RR_TYPE_SOA ||
			    zone_has(zone, owner, type)) {
				g_free(owner);
				continue; /* an existing name and type: no negative answer hid it */
			}
			created_count++;
			if (created == NULL) {
				created = a;
				created_owner = owner;
			} else {
				g_free(owner);
			}
		}
		if (created != NULL && neg > REVIEW_NEG_TTL_CHANGING_S) {
			g_autofree char *at = duration_text(created->at_ns);
			g_autofree char *more =
			    created_count > 1 ? g_strdup_printf(" (and %u more)", created_count - 1)
					      : g_strdup("");
			warn(ctx, loc, g_strdup_printf("zone %s", zone->origin),
			     "negative TTL %s (%s) hides %s, created at %s%s, for up to %s from "
			     "resolvers that asked before; AWS advises at most %us while records "
			     "change",
			     neg_text, from, created_owner, at, more, neg_text,
			     REVIEW_NEG_TTL_CHANGING_S);
		} else if (created == NULL && neg > REVIEW_NEG_TTL_MAX_S) {
			g_autofree char *max =
			    duration_text((int64_t)REVIEW_NEG_TTL_MAX_S * SIM_NS_PER_S);
			warn(ctx, loc, g_strdup_printf("zone %s", zone->origin),
			     "negative TTL %s (%s) is above the %s RFC 2308 suggests: a record "
			     "created after a lookup stays hidden that long",
			     neg_text, from, max);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 8. ns-ttl-mismatch                                                                          */

/* Smallest TTL of the NS lines at owner in zone (RFC 2181 5.2: an RRset has the lowest TTL),
 * and the first such line; false if none. */
static bool ns_ttl_at(const struct scenario_zone *zone, const char *owner, uint32_t *ttl,
		      const struct scenario_record **line)
{
	*line = NULL;
	for (guint i = 0; i < zone->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(zone->records, i);
		if (r->type != LDNS_RR_TYPE_NS || r->alias || r->owner == NULL ||
		    strcmp(r->owner, owner) != 0) {
			continue;
		}
		if (*line == NULL || r->ttl < *ttl) {
			*ttl = r->ttl;
		}
		*line = *line ? *line : r;
	}
	return *line != NULL;
}

/*
 * The NS RRset exists in the parent (referral) and at the child's apex, with their own TTLs;
 * child-centric resolvers use the child's, parent-centric ones (BIND 9.21+) the parent's and
 * Unbound the smaller (resolvers.md 4). Different TTLs make a change of name servers take effect
 * at different times for different resolvers; Moura et al. advise setting them consistently
 * (resolvers.md 4). The parent's is its written NS at the child's origin if the parent is a
 * zone of the scenario that writes one, else ns-ttl= (default 172800 s); the child's is its
 * written apex NS, else Route 53's 172800 s (route53.md 6.1) -- as authoritative/hierarchy.c
 * builds them.
 */
static void rule_ns_ttl(struct review_ctx *ctx)
{
	for (guint z = 0; z < ctx->sc->zones->len; z++) {
		const struct scenario_zone *child = g_ptr_array_index(ctx->sc->zones, z);
		if (child->origin == NULL || strcmp(child->origin, ".") == 0 || is_private(child)) {
			continue; /* private zones are not delegated (route53.md 6.5) */
		}
		const struct scenario_zone *parent = NULL;
		size_t best = 0;
		for (guint p = 0; p < ctx->sc->zones->len; p++) {
			const struct scenario_zone *o = g_ptr_array_index(ctx->sc->zones, p);
			size_t len = o->origin ? strlen(o->origin) : 0;
			if (o == child || o->origin == NULL || is_private(o) ||
			    strcmp(o->origin, child->origin) == 0 ||
			    !name_under(ctx, child->origin, o->origin) || len <= best) {
				continue;
			}
			parent = o;
			best = len;
		}
		uint32_t parent_ttl = AUTH_ZONE_NS_TTL;
		const struct scenario_record *parent_line = NULL;
		g_autofree char *parent_from = NULL;
		if (parent != NULL && ns_ttl_at(parent, child->origin, &parent_ttl, &parent_line)) {
			parent_from = g_strdup_printf("its NS in zone %s", parent->origin);
		} else {
			const struct scenario_attr *a = scenario_stmt_attr(child->stmt, "ns-ttl");
			bool set = a != NULL && a->spec != NULL;
			parent_ttl = set ? (uint32_t)(a->i / SIM_NS_PER_S) : AUTH_ZONE_NS_TTL;
			parent_from = g_strdup(set ? "ns-ttl=" : "the ns-ttl= default");
		}
		uint32_t child_ttl = AUTH_ZONE_NS_TTL;
		const struct scenario_record *child_line = NULL;
		bool written = ns_ttl_at(child, child->origin, &child_ttl, &child_line);
		if (parent_ttl == child_ttl) {
			continue;
		}
		g_autofree char *p = duration_text((int64_t)parent_ttl * SIM_NS_PER_S);
		g_autofree char *c = duration_text((int64_t)child_ttl * SIM_NS_PER_S);
		warn(ctx, written ? child_line->loc : child->stmt->loc,
		     g_strdup_printf("%s NS", child->origin),
		     "NS TTL %s in the parent (%s) but %s at the zone's apex (%s): resolvers that "
		     "trust the parent and those that trust the child see a server change at "
		     "different times",
		     p, parent_from, c, written ? "written" : "Route 53's default");
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 9. health-check-shallow                                                                     */

/*
 * What a check proves (route53.md 5.1): a tcp check passes on a TCP connect, which proves only
 * that something listens on the port; an http(s) check passes on any status 200-399 within 2 s,
 * so a check of "/" (the default path) passes on the web server's front page or a redirect
 * whether or not the application behind it works. Checks of another path (an application
 * health endpoint) and *-str-match checks (the body must hold search=) prove more; calculated
 * checks have no endpoint.
 */
static void rule_health_shallow(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(ctx->sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_HEALTH || s->args->len == 0) {
			continue;
		}
		const char *type =
		    ((const struct scenario_arg *)g_ptr_array_index(s->args, 0))->text;
		const struct scenario_attr *path = scenario_stmt_attr(s, "path");
		if (strcmp(type, "tcp") == 0) {
			warn(
			    ctx, s->loc, g_strdup_printf("health %s", s->name),
			    "a tcp check passes as soon as the port accepts a connection: it proves "
			    "the server is up, not that it serves the application");
		} else if ((strcmp(type, "http") == 0 || strcmp(type, "https") == 0) &&
			   (path == NULL || strcmp(path->text, "/") == 0 ||
			    path->text[0] == '\0')) {
			warn(ctx, s->loc, g_strdup_printf("health %s", s->name),
			     "an %s check of / passes on any status 200-399, which the web server "
			     "returns for its front page or a redirect even when the application "
			     "fails: check a health path, or use %s-str-match",
			     type, type);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* 10. private-zone-shadows                                                                    */

/* Does zone hold owner, or a wildcard that covers it (RFC 4592, simplified: "*.X" for an
 * ancestor X of owner within the zone)? */
static bool zone_covers(struct review_ctx *ctx, const struct scenario_zone *zone, const char *owner)
{
	for (guint i = 0; i < zone->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(zone->records, i);
		if (r->owner == NULL) {
			continue;
		}
		if (strcmp(r->owner, owner) == 0) {
			return true;
		}
		if (g_str_has_prefix(r->owner, "*.") && strcmp(r->owner + 2, owner) != 0 &&
		    name_under(ctx, owner, r->owner + 2)) {
			return true;
		}
	}
	return false;
}

/* Is there a private zone other than p, below p's origin, that encloses name (and so answers
 * for it instead of p: the most specific private zone wins, route53.md 6.5)? */
static bool deeper_private(struct review_ctx *ctx, const struct scenario_zone *p, const char *name)
{
	for (guint i = 0; i < ctx->sc->zones->len; i++) {
		const struct scenario_zone *o = g_ptr_array_index(ctx->sc->zones, i);
		if (o != p && o->origin != NULL && is_private(o) &&
		    strcmp(o->origin, p->origin) != 0 && name_under(ctx, o->origin, p->origin) &&
		    name_under(ctx, name, o->origin)) {
			return true;
		}
	}
	return false;
}

/*
 * A private zone answers every name at or below its origin for its VPCs, and Route 53 Resolver
 * does not fall back to the public zone when the private one lacks the name (route53.md 6.5,
 * edge case 51): names of a public zone of the scenario at or below the private origin that
 * the private zone does not have go unanswered (NXDOMAIN) inside the VPC. Names of a public zone
 * above the private origin are outside it and unaffected; a public zone below the private origin
 * is shadowed entirely (its apex included).
 */
static void rule_private_shadow(struct review_ctx *ctx)
{
	for (guint i = 0; i < ctx->sc->zones->len; i++) {
		const struct scenario_zone *p = g_ptr_array_index(ctx->sc->zones, i);
		if (p->origin == NULL || !is_private(p)) {
			continue;
		}
		for (guint k = 0; k < ctx->sc->zones->len; k++) {
			const struct scenario_zone *pub = g_ptr_array_index(ctx->sc->zones, k);
			if (pub->origin == NULL || is_private(pub) ||
			    !(name_under(ctx, p->origin, pub->origin) ||
			      name_under(ctx, pub->origin, p->origin))) {
				continue;
			}
			g_autoptr(GPtrArray) missing = g_ptr_array_new();
			g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
			/* the public apex exists (SOA, NS) even with no line written there */
			g_ptr_array_add(missing, pub->origin);
			for (guint r = 0; r < pub->records->len; r++) {
				const struct scenario_record *rec =
				    g_ptr_array_index(pub->records, r);
				if (rec->owner != NULL) {
					g_ptr_array_add(missing, rec->owner);
				}
			}
			guint count = 0;
			GString *names = g_string_new(NULL);
			for (guint n = 0; n < missing->len; n++) {
				const char *name = g_ptr_array_index(missing, n);
				if (!g_hash_table_add(seen, (gpointer)name) ||
				    strcmp(name, p->origin) == 0 ||
				    !name_under(ctx, name, p->origin) ||
				    zone_covers(ctx, p, name) || deeper_private(ctx, p, name)) {
					continue; /* the private apex always exists */
				}
				if (count < REVIEW_SHADOW_NAMES_SHOWN) {
					g_string_append_printf(names, "%s%s", count ? ", " : "",
							       name);
				}
				count++;
			}
			if (count > REVIEW_SHADOW_NAMES_SHOWN) {
				g_string_append_printf(names, " and %u more",
						       count - REVIEW_SHADOW_NAMES_SHOWN);
			}
			if (count > 0) {
				warn(ctx, p->stmt->loc,
				     g_strdup_printf("zone %s (private)", p->origin),
				     "shadows public zone %s but lacks %s: its VPCs get NXDOMAIN "
				     "there, with no fallback to the public zone",
				     pub->origin, names->str);
			}
			g_string_free(names, TRUE);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */

static const struct review_rule rules[] = {
	{ "ttl-below-detection",
	  "a health-checked record's TTL is shorter than the check's detection time" },
	{ "failover-primary-unchecked", "a failover primary without a (working) health check" },
	{ "geo-no-default", "geolocation records without a default (country=*)" },
	{ "weights-all-zero", "every weighted record of a name and type has weight 0" },
	{ "multivalue-over-8", "more than 8 multivalue record sets for a name and type" },
	{ "eth-no-health-check",
	  "evaluate-target-health towards a target tree without any health check" },
	{ "negative-ttl-hides-record",
	  "a zone's negative TTL long enough to hide a record created after a lookup" },
	{ "ns-ttl-mismatch", "the NS TTL differs between the parent and the child zone" },
	{ "health-check-shallow",
	  "a health check that only proves the web server is up (tcp, or http(s) of /)" },
	{ "private-zone-shadows", "a private zone lacking names of the public zone it shadows" },
};

typedef void (*rule_fn)(struct review_ctx *ctx);

static const rule_fn rule_fns[] = {
	rule_ttl_below_detection, rule_failover_primary, rule_geo_default,  rule_weights_zero,
	rule_multivalue_max,	  rule_eth_unchecked,	 rule_negative_ttl, rule_ns_ttl,
	rule_health_shallow,	  rule_private_shadow,
};

G_STATIC_ASSERT(G_N_ELEMENTS(rules) == G_N_ELEMENTS(rule_fns));

const struct review_rule *review_rules(size_t *count)
{
	*count = G_N_ELEMENTS(rules);
	return rules;
}

static guint rule_index(const char *id)
{
	for (guint i = 0; i < G_N_ELEMENTS(rules); i++) {
		if (strcmp(rules[i].id, id) == 0) {
			return i;
		}
	}
	return G_N_ELEMENTS(rules);
}

static gint warning_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
	const struct scenario *sc = data;
	const struct review_warning *x = *(struct review_warning *const *)a;
	const struct review_warning *y = *(struct review_warning *const *)b;
	const char *fx = x->loc.file ? x->loc.file : "";
	const char *fy = y->loc.file ? y->loc.file : "";
	bool mx = strcmp(fx, sc->file) == 0, my = strcmp(fy, sc->file) == 0;
	if (mx != my) {
		return mx ? -1 : 1;
	}
	int c = strcmp(fx, fy);
	if (c != 0) {
		return c;
	}
	if (x->loc.line != y->loc.line) {
		return x->loc.line < y->loc.line ? -1 : 1;
	}
	if (x->loc.col != y->loc.col) {
		return x->loc.col < y->loc.col ? -1 : 1;
	}
	guint rx = rule_index(x->rule), ry = rule_index(y->rule);
	return rx < ry ? -1 : rx > ry ? 1 : 0;
}

GPtrArray *review_scenario(const struct scenario *sc)
{
	struct review_ctx ctx = {
		.sc = sc,
		.out = g_ptr_array_new_with_free_func(warning_free),
		.names = dns_names_new(),
	};
	build_groups(&ctx);
	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
		ctx.rule = rules[i].id;
		rule_fns[i](&ctx);
	}
	/* g_ptr_array_sort_with_data is a stable merge sort: equal keys keep rule order */
	g_ptr_array_sort_with_data(ctx.out, warning_cmp, (gpointer)sc);
	g_ptr_array_unref(ctx.groups);
	dns_names_free(ctx.names);
	return ctx.out;
}

void review_warning_print(const struct review_warning *w, bool as_error, FILE *out)
{
	const char *kind = as_error ? "error" : "warning";
	if (w->loc.file != NULL && w->loc.line > 0) {
		fprintf(out, "%s:%d:%d: %s: %s: %s [%s]\n", w->loc.file, w->loc.line, w->loc.col,
			kind, w->subject, w->message, w->rule);
	} else {
		fprintf(out, "%s: %s: %s: %s [%s]\n", w->loc.file ? w->loc.file : "dnssim", kind,
			w->subject, w->message, w->rule);
	}
}
