/*
 * The decision tree read from a world's Route 53 record sets (sim/draw/tree.h).
 */
#include <ldns/ldns.h>
#include <string.h>

#include "authoritative/health.h"
#include "sim/draw/tree.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

G_DEFINE_QUARK(dnssim - draw - error - quark, draw_error)

/* What building one tree needs. */
struct build {
	const struct scenario *sc;
	world *w;
	dns_names *names;
	const struct draw_options *options;
	draw_tree *tree;
	struct auth_r53_env env; /* the zone's, with a random stream of its own */
	struct sim_rng rng;
	GPtrArray *stack; /* groups on the way down, against alias loops */
};

static struct draw_node *node_new(struct build *b, enum draw_kind kind, char *label)
{
	struct draw_node *n = g_new0(struct draw_node, 1);
	n->kind = kind;
	n->id = b->tree->count++;
	n->label = label;
	n->lines = g_ptr_array_new_with_free_func(g_free);
	n->children = g_ptr_array_new();
	return n;
}

static void node_free(struct draw_node *n)
{
	for (guint i = 0; i < n->children->len; i++) {
		node_free(g_ptr_array_index(n->children, i));
	}
	g_ptr_array_free(n->children, TRUE);
	g_ptr_array_free(n->lines, TRUE);
	g_free(n->label);
	g_free(n->edge);
	g_free(n->set_id);
	g_free(n);
}

void draw_tree_free(draw_tree *tree)
{
	if (tree == NULL) {
		return;
	}
	for (guint i = 0; i < tree->roots->len; i++) {
		node_free(g_ptr_array_index(tree->roots, i));
	}
	g_ptr_array_free(tree->roots, TRUE);
	g_ptr_array_free(tree->answers, TRUE);
	g_free(tree->title);
	g_free(tree->source);
	g_free(tree);
}

static enum draw_health health_of(bool timed, bool healthy)
{
	return !timed ? DRAW_HEALTH_NONE : healthy ? DRAW_HEALTH_HEALTHY : DRAW_HEALTH_UNHEALTHY;
}

/* "192.0.2.10, 192.0.2.11": the data of every record of set. Caller owns. */
static char *rrset_values(const struct dns_rrset *set)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < dns_rrset_count(set); i++) {
		ldns_rr *rr = dns_rrset_rr_copy(set, i);
		if (i > 0) {
			g_string_append(out, ", ");
		}
		for (size_t f = 0; f < ldns_rr_rd_count(rr); f++) {
			char *text = ldns_rdf2str(ldns_rr_rdf(rr, f));
			g_string_append_printf(out, "%s%s", f > 0 ? " " : "", text ? text : "?");
			free(text);
		}
		ldns_rr_free(rr);
	}
	return g_string_free(out, FALSE);
}

static char *type_text(uint16_t type)
{
	ldns_buffer *buf = ldns_buffer_new(16);
	ldns_rr_type2buffer_str(buf, (ldns_rr_type)type);
	char *text = g_strndup((const char *)ldns_buffer_begin(buf), ldns_buffer_position(buf));
	ldns_buffer_free(buf);
	return text;
}

static struct draw_node *values_node(struct build *b, const struct dns_rrset *set)
{
	g_autofree char *values = rrset_values(set);
	g_autofree char *type = type_text(set->type);
	return node_new(b, DRAW_NODE_VALUES,
			g_strdup_printf("%s %s  TTL %u", type, values, set->ttl));
}

/* The health statement with index index among sc's health statements, or NULL. */
static const struct scenario_stmt *health_stmt(const struct scenario *sc, uint32_t index)
{
	uint32_t k = 0;
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind == SCENARIO_KIND_HEALTH && k++ == index) {
			return s;
		}
	}
	return NULL;
}

/* The backend a health check's endpoint is: named, or holding the address. Borrowed. */
static const char *probed_backend(const struct scenario *sc, const char *endpoint)
{
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_BACKEND) {
			continue;
		}
		if (strcmp(s->name, endpoint) == 0) {
			return s->name;
		}
		g_auto(GStrv) addrs = scenario_attr_items(scenario_stmt_attr(s, "address"));
		for (guint k = 0; addrs != NULL && addrs[k] != NULL; k++) {
			if (strcmp(g_strstrip(addrs[k]), endpoint) == 0) {
				return s->name;
			}
		}
	}
	return NULL;
}

/* The backend whose aws-name= is the alias target name, or NULL. Borrowed. */
static const char *aws_backend(const struct scenario *sc, const char *name)
{
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		const struct scenario_attr *a = s->spec->kind == SCENARIO_KIND_BACKEND
						    ? scenario_stmt_attr(s, "aws-name")
						    : NULL;
		if (a != NULL && g_ascii_strcasecmp(a->text, name) == 0) {
			return s->name;
		}
	}
	return NULL;
}

static int64_t health_propagation_ns(const struct scenario *sc)
{
	const struct scenario_stmt *r53 = scenario_find(sc, SCENARIO_KIND_ROUTE53, NULL);
	const struct scenario_attr *p = r53 ? scenario_stmt_attr(r53, "health-propagation") : NULL;
	return p != NULL ? p->i : HC_PROPAGATION_DEFAULT_NS;
}

static char *duration_text(int64_t ns)
{
	return scenario_format_duration(ns);
}

/* The node of health check index: type, timing, detection time, what it probes. */
static struct draw_node *health_node(struct build *b, uint32_t index)
{
	const struct scenario_stmt *s = health_stmt(b->sc, index);
	if (s == NULL) {
		return node_new(b, DRAW_NODE_HEALTH, g_strdup_printf("health check #%u", index));
	}
	const char *type =
	    s->args->len > 0 ? ((struct scenario_arg *)s->args->pdata[0])->text : "?";
	struct draw_node *n =
	    node_new(b, DRAW_NODE_HEALTH, g_strdup_printf("health %s: %s", s->name, type));
	int64_t prop = health_propagation_ns(b->sc);
	g_autofree char *prop_text = duration_text(prop);
	if (strcmp(type, "calculated") == 0) {
		const struct scenario_attr *children = scenario_stmt_attr(s, "children");
		const struct scenario_attr *th = scenario_stmt_attr(s, "healthy-threshold");
		g_ptr_array_add(n->lines,
				g_strdup_printf("children %s, healthy when %s of them are",
						children ? children->text : "(none)",
						th ? th->text : "all"));
		g_ptr_array_add(n->lines, g_strdup_printf("status reaches DNS after %s propagation",
							  prop_text));
	} else {
		const char *endpoint =
		    s->args->len > 1 ? ((struct scenario_arg *)s->args->pdata[1])->text : "?";
		const struct scenario_attr *iv = scenario_stmt_attr(s, "interval");
		const struct scenario_attr *ft = scenario_stmt_attr(s, "failure-threshold");
		int64_t interval = iv != NULL ? iv->i : 30 * SIM_NS_PER_S;
		int64_t threshold = ft != NULL ? ft->i : 3;
		g_autofree char *iv_text = duration_text(interval);
		g_autofree char *detect = duration_text(interval * threshold);
		g_autofree char *seen = duration_text(interval * threshold + prop);
		const char *backend = probed_backend(b->sc, endpoint);
		if (backend != NULL && strcmp(backend, endpoint) != 0) {
			g_ptr_array_add(
			    n->lines, g_strdup_printf("probes %s (backend %s)", endpoint, backend));
		} else if (backend != NULL) {
			g_ptr_array_add(n->lines, g_strdup_printf("probes backend %s", backend));
		} else {
			g_ptr_array_add(n->lines, g_strdup_printf("probes %s", endpoint));
		}
		g_ptr_array_add(n->lines, g_strdup_printf("interval %s, failure threshold %" PRId64,
							  iv_text, threshold));
		g_ptr_array_add(n->lines,
				g_strdup_printf("detection %s (interval x threshold) + %s "
						"propagation = %s",
						detect, prop_text, seen));
	}
	if (b->tree->timed) {
		struct hc_model *hc = world_health(b->w);
		if (hc != NULL && index < hc_count(hc)) {
			n->health = health_of(true, hc_status(hc, index, b->tree->at_ns));
		}
	}
	return n;
}

/* The policy attributes of a set, as the edge from its group: "weight 70 (70%)", ... */
static char *set_edge(struct build *b, const auth_r53_group *group, const struct auth_r53_set *set)
{
	switch (auth_r53_group_policy(group)) {
	case SCENARIO_POLICY_SIMPLE:
		return NULL;
	case SCENARIO_POLICY_WEIGHTED: {
		unsigned total = 0;
		for (guint i = 0; i < auth_r53_group_count(group); i++) {
			total += auth_r53_group_set(group, i)->weight;
		}
		if (total == 0) {
			return g_strdup_printf("weight %u (all weights 0: equal shares)",
					       set->weight);
		}
		return g_strdup_printf("weight %u (%.1f%%)", set->weight,
				       100.0 * set->weight / total);
	}
	case SCENARIO_POLICY_FAILOVER:
		return g_strdup(set->failover == AUTH_R53_FAILOVER_PRIMARY ? "primary"
									   : "secondary");
	case SCENARIO_POLICY_LATENCY:
		return g_strdup_printf("Region %s", set->region);
	case SCENARIO_POLICY_GEOLOCATION:
		if (strcmp(set->country, "*") == 0) {
			return g_strdup("default (country *)");
		}
		if (set->continent[0] != '\0') {
			return g_strdup_printf("continent %s", set->continent);
		}
		if (set->subdivision[0] != '\0') {
			return g_strdup_printf("%s-%s", set->country, set->subdivision);
		}
		return g_strdup_printf("country %s", set->country);
	case SCENARIO_POLICY_GEOPROXIMITY:
		if (set->gp_coords) {
			return g_strdup_printf("%.2f,%.2f bias %+d", set->gp_lat, set->gp_lon,
					       set->bias);
		}
		return g_strdup_printf("%s bias %+d", set->gp_region, set->bias);
	case SCENARIO_POLICY_MULTIVALUE:
		return g_strdup("multivalue");
	case SCENARIO_POLICY_IP_BASED: {
		GString *e = g_string_new(NULL);
		g_string_printf(e, "cidr %s/%s", set->cidr_collection, set->cidr_location);
		if (strcmp(set->cidr_location, "*") == 0) {
			g_string_append(e, " (default)");
			return g_string_free(e, FALSE);
		}
		g_autofree char *key =
		    g_strdup_printf("%s/%s", set->cidr_collection, set->cidr_location);
		const struct scenario_stmt *c = scenario_find(b->sc, SCENARIO_KIND_CIDR, key);
		for (guint i = 0; c != NULL && i < c->args->len; i++) {
			g_string_append_printf(e, "%s%s", i == 0 ? ": " : " ",
					       ((struct scenario_arg *)c->args->pdata[i])->text);
		}
		return g_string_free(e, FALSE);
	}
	}
	return NULL;
}

static struct draw_node *group_node(struct build *b, const auth_r53_group *group);

static struct draw_node *set_node(struct build *b, const auth_r53_group *group,
				  const struct auth_r53_set *set)
{
	uint16_t type = auth_r53_group_type(group);
	struct draw_node *n =
	    node_new(b, DRAW_NODE_SET,
		     set->id[0] != '\0' ? g_strdup_printf("set %s", set->id) : g_strdup("record"));
	n->set_id = g_strdup(set->id);
	n->set = set;
	n->edge = set_edge(b, group, set);
	if (b->tree->timed) {
		n->health = health_of(true, auth_r53_set_is_healthy(set, type, &b->env));
	}
	if (set->health != AUTH_R53_NO_HEALTH) {
		g_ptr_array_add(n->children, health_node(b, set->health));
	}
	if (set->alias_target == DNS_NAME_NONE) {
		if (set->rrset != NULL) {
			struct draw_node *v = values_node(b, set->rrset);
			v->health = n->health;
			g_ptr_array_add(n->children, v);
		}
		return n;
	}
	const char *target = dns_name_text(b->names, set->alias_target);
	struct draw_node *child = NULL;
	const auth_r53_group *tg =
	    b->env.group != NULL ? b->env.group(b->env.ctx, set->alias_target, type) : NULL;
	struct dns_rrset *plain = tg == NULL && b->env.rrset != NULL
				      ? b->env.rrset(b->env.ctx, set->alias_target, type)
				      : NULL;
	if (tg != NULL) {
		bool loop = false;
		for (guint i = 0; i < b->stack->len; i++) {
			loop |= g_ptr_array_index(b->stack, i) == tg;
		}
		if (loop || b->stack->len > AUTH_R53_ALIAS_DEPTH_MAX) {
			child =
			    node_new(b, DRAW_NODE_NOTE,
				     g_strdup_printf("%s: alias loop, not drawn again", target));
		} else {
			child = group_node(b, tg);
		}
	} else if (plain != NULL) {
		child = values_node(b, plain);
		g_ptr_array_add(child->lines, g_strdup_printf("plain records of %s", target));
	} else {
		static const char *const kinds[] = { "S3 website", "load balancer", "CloudFront",
						     "Global Accelerator", "AWS resource" };
		enum auth_r53_aws_kind kind = auth_r53_aws_kind_of(target);
		child = node_new(b, DRAW_NODE_TARGET, g_strdup(target));
		g_ptr_array_add(child->lines,
				g_strdup_printf("%s, TTL %u", kinds[kind], AUTH_R53_AWS_TTL));
		const char *backend = aws_backend(b->sc, target);
		g_ptr_array_add(child->lines,
				backend != NULL
				    ? g_strdup_printf("is backend %s", backend)
				    : g_strdup("no backend has this aws-name: answers from "
					       "203.0.113.0/24"));
		if (b->tree->timed && set->eth) {
			child->health = n->health;
		}
	}
	child->alias = true;
	child->eth = set->eth;
	child->edge = g_strdup_printf("alias, evaluate-target-health %s", set->eth ? "yes" : "no");
	g_ptr_array_add(n->children, child);
	return n;
}

static struct draw_node *group_node(struct build *b, const auth_r53_group *group)
{
	enum scenario_policy policy = auth_r53_group_policy(group);
	guint count = auth_r53_group_count(group);
	g_autofree char *type = type_text(auth_r53_group_type(group));
	struct draw_node *n =
	    node_new(b, DRAW_NODE_GROUP,
		     g_strdup_printf("%s %s: %s, %u set%s",
				     dns_name_text(b->names, auth_r53_group_owner(group)), type,
				     scenario_policy_name(policy), count, count == 1 ? "" : "s"));
	g_ptr_array_add(b->stack, (gpointer)group);
	bool any = false;
	for (guint i = 0; i < count; i++) {
		struct draw_node *s = set_node(b, group, auth_r53_group_set(group, i));
		any |= s->health == DRAW_HEALTH_HEALTHY;
		g_ptr_array_add(n->children, s);
	}
	g_ptr_array_set_size(b->stack, b->stack->len - 1);
	if (b->tree->timed) {
		/* route53.md 1.4: a group is healthy iff one of its sets is */
		n->health = health_of(true, any);
	}
	return n;
}

/* Mark the nodes of the chosen sets and their ancestors. TRUE if n is on the path. */
static bool mark_path(struct draw_node *n, const GPtrArray *chosen)
{
	bool on = false;
	if (n->kind == DRAW_NODE_SET) {
		for (guint i = 0; i < chosen->len; i++) {
			on |= g_ptr_array_index(chosen, i) == n->set;
		}
		if (on) {
			/* the leaf (values or AWS target) the set answers with */
			for (guint i = 0; i < n->children->len; i++) {
				struct draw_node *c = g_ptr_array_index(n->children, i);
				if (c->kind == DRAW_NODE_VALUES || c->kind == DRAW_NODE_TARGET) {
					c->on_path = true;
				}
			}
		}
	}
	for (guint i = 0; i < n->children->len; i++) {
		struct draw_node *c = g_ptr_array_index(n->children, i);
		if (c->kind != DRAW_NODE_HEALTH && mark_path(c, chosen)) {
			on = true;
		}
	}
	n->on_path = n->on_path || on;
	return n->on_path;
}

/* Is group the target of an alias of another group of the zone (not a tree's root)? */
static bool is_alias_target(const auth_r53_zone *r53, const auth_r53_group *group)
{
	for (guint g = 0; g < auth_r53_zone_count(r53); g++) {
		const auth_r53_group *other = auth_r53_zone_group(r53, g);
		if (other == group || auth_r53_group_type(other) != auth_r53_group_type(group)) {
			continue;
		}
		for (guint i = 0; i < auth_r53_group_count(other); i++) {
			if (auth_r53_group_set(other, i)->alias_target ==
			    auth_r53_group_owner(group)) {
				return true;
			}
		}
	}
	return false;
}

struct root_ref {
	const auth_r53_group *group;
	const struct auth_r53_env *env;
	const char *owner;
	char *zone_note; /* "private zone corp.example. (VPC prod)" or NULL */
};

static int root_cmp(gconstpointer pa, gconstpointer pb)
{
	const struct root_ref *a = pa, *b = pb;
	int c = strcmp(a->owner, b->owner);
	if (c != 0) {
		return c;
	}
	return (int)auth_r53_group_type(a->group) - (int)auth_r53_group_type(b->group);
}

static void collect_roots(struct build *b, const auth_zone *zone, bool private_zone, GArray *roots)
{
	const struct auth_r53_env *env = NULL;
	const auth_r53_zone *r53 = auth_zone_route53(zone, &env);
	if (r53 == NULL || env == NULL) {
		return;
	}
	uint32_t want =
	    b->options->name != NULL ? dns_name_intern(b->names, b->options->name) : DNS_NAME_NONE;
	for (guint g = 0; g < auth_r53_zone_count(r53); g++) {
		const auth_r53_group *group = auth_r53_zone_group(r53, g);
		if (want != DNS_NAME_NONE ? auth_r53_group_owner(group) != want
					  : is_alias_target(r53, group)) {
			continue;
		}
		struct root_ref r = {
			.group = group,
			.env = env,
			.owner = dns_name_text(b->names, auth_r53_group_owner(group)),
			.zone_note =
			    private_zone
				? g_strdup_printf("private zone %s",
						  dns_name_text(b->names, auth_zone_origin(zone)))
				: NULL,
		};
		g_array_append_val(roots, r);
	}
}

/* Where Route 53 sees the highlighted query come from; FALSE with error for a bad name. */
static gboolean query_source(struct build *b, struct auth_r53_source *src, GError **error)
{
	if (b->options->client != NULL) {
		const char *via = NULL;
		world_route53_source_of_clients(b->w, b->options->client, src, &via);
		if (via == NULL) {
			g_set_error(error, DRAW_ERROR, DRAW_ERROR_SOURCE,
				    "no clients statement named '%s'", b->options->client);
			return FALSE;
		}
		b->tree->source = g_strdup_printf(
		    "clients %s through resolver %s (Route 53 sees %s)", b->options->client, via,
		    src->ecs ? "the clients: the resolver sends ECS" : "the resolver");
		return TRUE;
	}
	const char *via = b->options->resolver;
	b->tree->source = g_strdup_printf("resolver %s", via);
	if (scenario_find(b->sc, SCENARIO_KIND_RESOLVER, via) == NULL) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_SOURCE, "no resolver named '%s'", via);
		return FALSE;
	}
	world_route53_source(b->w, via, src);
	return TRUE;
}

draw_tree *draw_tree_new(const struct scenario *sc, world *w, const struct draw_options *options,
			 GError **error)
{
	draw_tree *tree = g_new0(draw_tree, 1);
	tree->title = g_strdup(sc->title);
	tree->timed = options->timed;
	tree->at_ns = sim_engine_now_ns(world_engine(w));
	tree->roots = g_ptr_array_new();
	tree->answers = g_ptr_array_new_with_free_func(g_free);
	struct build b = {
		.sc = sc,
		.w = w,
		.names = world_names(w),
		.options = options,
		.tree = tree,
		.stack = g_ptr_array_new(),
	};
	sim_rng_init(&b.rng, sc->seed, "draw", "choice");
	struct auth_r53_source src;
	memset(&src, 0, sizeof(src));
	bool path = options->resolver != NULL || options->client != NULL;
	GArray *roots = g_array_new(FALSE, FALSE, sizeof(struct root_ref));
	if (path && !query_source(&b, &src, error)) {
		goto fail;
	}
	auth_hierarchy *h = world_hierarchy(w);
	for (guint i = 0; i < auth_hierarchy_zone_count(h); i++) {
		collect_roots(&b, auth_hierarchy_zone(h, i), false, roots);
	}
	for (guint i = 0; i < auth_hierarchy_private_zone_count(h); i++) {
		collect_roots(&b, auth_hierarchy_private_zone(h, i), true, roots);
	}
	g_array_sort(roots, root_cmp);
	if (roots->len == 0 && options->name != NULL) {
		g_set_error(error, DRAW_ERROR, DRAW_ERROR_NAME,
			    "no Route 53 record set is named %s", options->name);
		goto fail;
	}
	for (guint i = 0; i < roots->len; i++) {
		struct root_ref *r = &g_array_index(roots, struct root_ref, i);
		b.env = *r->env;
		b.env.rng = &b.rng;
		g_autofree char *type = type_text(auth_r53_group_type(r->group));
		struct draw_node *root =
		    node_new(&b, DRAW_NODE_NAME, g_strdup_printf("%s %s", r->owner, type));
		if (r->zone_note != NULL) {
			g_ptr_array_add(root->lines, g_strdup(r->zone_note));
		}
		struct draw_node *g = group_node(&b, r->group);
		root->health = g->health;
		g_ptr_array_add(root->children, g);
		char *answer = NULL;
		if (path) {
			struct auth_r53_result result;
			auth_r53_result_init(&result);
			auth_r53_evaluate(r->group, &b.env, &src, auth_r53_group_owner(r->group),
					  &result);
			mark_path(root, result.chosen);
			answer = result.outcome == AUTH_R53_ANSWER ? rrset_values(result.rrset)
								   : g_strdup("no answer (NODATA)");
			if (result.outcome == AUTH_R53_ANSWER) {
				char *with_ttl = g_strdup_printf("%s  TTL %u", answer, result.ttl);
				g_free(answer);
				answer = with_ttl;
			}
			auth_r53_result_clear(&result);
		}
		g_ptr_array_add(tree->answers, answer);
		g_ptr_array_add(tree->roots, root);
	}
	for (guint i = 0; i < roots->len; i++) {
		g_free(g_array_index(roots, struct root_ref, i).zone_note);
	}
	g_array_free(roots, TRUE);
	g_ptr_array_free(b.stack, TRUE);
	return tree;
fail:
	for (guint i = 0; i < roots->len; i++) {
		g_free(g_array_index(roots, struct root_ref, i).zone_note);
	}
	g_array_free(roots, TRUE);
	g_ptr_array_free(b.stack, TRUE);
	draw_tree_free(tree);
	return NULL;
}
