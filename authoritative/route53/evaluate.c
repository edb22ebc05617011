/*
 * One evaluation of a Route 53 group (route53.md 1.2 and 1.3): the health of every set, the
 * policy's choice, aliases followed into policy trees, the answer RRset under the queried name,
 * and the decision path. The choosers live in one file per policy.
 */
#include <arpa/inet.h>
#include <string.h>

#include "authoritative/route53/internal.h"
#include "authoritative/route53/pricing.h"
#include "sim/util.h"

void auth_r53_result_init(struct auth_r53_result *result)
{
	memset(result, 0, sizeof(*result));
	result->outcome = AUTH_R53_NODATA;
	result->chosen = g_ptr_array_new();
	result->path = g_ptr_array_new_with_free_func(g_free);
}

void auth_r53_result_clear(struct auth_r53_result *result)
{
	if (result->rrset != NULL) {
		dns_rrset_unref(result->rrset);
	}
	if (result->chosen != NULL) {
		g_ptr_array_free(result->chosen, TRUE);
	}
	if (result->path != NULL) {
		g_ptr_array_free(result->path, TRUE);
	}
	memset(result, 0, sizeof(*result));
}

void auth_r53_step(struct auth_r53_eval *ev, const char *fmt, ...)
{
	if (ev->out == NULL) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	GString *line = g_string_new(NULL);
	for (unsigned i = 0; i < ev->depth; i++) {
		g_string_append(line, "  ");
	}
	g_string_append(line, text);
	g_ptr_array_add(ev->out->path, g_string_free(line, FALSE));
}

static bool check_passes(const struct auth_r53_env *env, uint32_t health)
{
	return health == AUTH_R53_NO_HEALTH || env->healthy == NULL ||
	       env->healthy(env->ctx, health);
}

static char *health_label(const struct auth_r53_env *env, uint32_t health)
{
	const char *name = env->health_name != NULL ? env->health_name(env->ctx, health) : NULL;
	return name != NULL ? g_strdup(name) : g_strdup_printf("#%u", health);
}

bool auth_r53_healthy(struct auth_r53_eval *ev, const struct auth_r53_set *set, uint16_t type,
		      unsigned depth)
{
	/* route53.md 1.2: no check and no ETH alias => always healthy; both must pass */
	if (!check_passes(ev->env, set->health)) {
		return false;
	}
	if (set->alias_target != DNS_NAME_NONE && set->eth) {
		return auth_r53_alias_target_healthy(ev, set, type, depth + 1);
	}
	return true;
}

char *auth_r53_unhealthy_why(struct auth_r53_eval *ev, const struct auth_r53_set *set,
			     uint16_t type)
{
	GString *why = g_string_new(NULL);
	if (!check_passes(ev->env, set->health)) {
		g_autofree char *name = health_label(ev->env, set->health);
		g_string_append_printf(why, "health check %s failing", name);
	}
	if (set->alias_target != DNS_NAME_NONE && set->eth &&
	    !auth_r53_alias_target_healthy(ev, set, type, ev->depth + 1)) {
		g_string_append_printf(why, "%salias target %s unhealthy (evaluate-target-health)",
				       why->len > 0 ? ", " : "",
				       dns_name_text(ev->env->names, set->alias_target));
	}
	return g_string_free(why, FALSE);
}

bool auth_r53_set_is_healthy(const struct auth_r53_set *set, uint16_t type,
			     const struct auth_r53_env *env)
{
	struct auth_r53_eval ev = { env, NULL, NULL, 0 };
	return auth_r53_healthy(&ev, set, type, 0);
}

void auth_r53_first_healthy(struct auth_r53_eval *ev, const auth_r53_group *group,
			    const bool *healthy, const guint *order, guint n, const char *policy,
			    GArray *picked)
{
	for (guint k = 0; k < n; k++) {
		const struct auth_r53_set *set = auth_r53_group_set(group, order[k]);
		if (healthy[order[k]]) {
			g_array_append_val(picked, order[k]);
			return;
		}
		g_autofree char *why = auth_r53_unhealthy_why(ev, set, group->type);
		auth_r53_step(ev, "%s: '%s' unhealthy (%s), trying the next", policy, set->id, why);
	}
	if (n > 0) {
		const struct auth_r53_set *first = auth_r53_group_set(group, order[0]);
		auth_r53_step(ev,
			      "%s: every candidate unhealthy, answering the best one '%s' "
			      "(all unhealthy means all considered healthy)",
			      policy, first->id);
		g_array_append_val(picked, order[0]);
	}
}

static auth_r53_chooser chooser_of(enum scenario_policy policy)
{
	switch (policy) {
	case SCENARIO_POLICY_SIMPLE:
		return auth_r53_simple_choose;
	case SCENARIO_POLICY_WEIGHTED:
		return auth_r53_weighted_choose;
	case SCENARIO_POLICY_FAILOVER:
		return auth_r53_failover_choose;
	case SCENARIO_POLICY_LATENCY:
		return auth_r53_latency_choose;
	case SCENARIO_POLICY_GEOLOCATION:
		return auth_r53_geolocation_choose;
	case SCENARIO_POLICY_GEOPROXIMITY:
		return auth_r53_geoproximity_choose;
	case SCENARIO_POLICY_MULTIVALUE:
		return auth_r53_multivalue_choose;
	case SCENARIO_POLICY_IP_BASED:
		return auth_r53_ipbased_choose;
	}
	SIM_ASSERT(!"unknown routing policy");
	return NULL;
}

static void chosen_add(struct auth_r53_eval *ev, const struct auth_r53_set *set)
{
	if (ev->out != NULL) {
		g_ptr_array_add(ev->out->chosen, (gpointer)set);
	}
}

struct dns_rrset *auth_r53_eval_group(struct auth_r53_eval *ev, const auth_r53_group *group,
				      unsigned depth)
{
	unsigned saved_depth = ev->depth;
	ev->depth = depth;
	guint n = group->sets->len;
	g_autofree bool *healthy = g_new0(bool, MAX(n, 1));
	for (guint i = 0; i < n; i++) {
		healthy[i] = auth_r53_healthy(ev, auth_r53_group_set(group, i), group->type, depth);
	}
	g_autoptr(GArray) picked = g_array_new(FALSE, FALSE, sizeof(guint));
	if (n > 0) {
		chooser_of(group->policy)(ev, group, healthy, picked);
	}
	struct dns_rrset *answer = NULL;
	if (picked->len == 0) {
		auth_r53_step(ev, "%s: no record set applies: no answer (NODATA)",
			      scenario_policy_name(group->policy));
	} else if (picked->len == 1) {
		const struct auth_r53_set *set =
		    auth_r53_group_set(group, g_array_index(picked, guint, 0));
		if (set->alias_target != DNS_NAME_NONE) {
			answer = auth_r53_alias_resolve(ev, set, group->type, depth);
		} else if (set->rrset != NULL) {
			chosen_add(ev, set);
			answer = dns_rrset_ref(set->rrset);
		}
	} else {
		/* multivalue: one RRset of the chosen sets' records (RFC 2181 5.2: lowest TTL) */
		answer = dns_rrset_new(group->owner, group->type, LDNS_RR_CLASS_IN, UINT32_MAX);
		for (guint k = 0; k < picked->len; k++) {
			const struct auth_r53_set *set =
			    auth_r53_group_set(group, g_array_index(picked, guint, k));
			if (set->rrset == NULL) {
				continue; /* a multivalue alias: refused when built */
			}
			chosen_add(ev, set);
			for (size_t r = 0; r < ldns_rr_list_rr_count(set->rrset->rrs); r++) {
				dns_rrset_add(answer,
					      ldns_rr_clone(ldns_rr_list_rr(set->rrset->rrs, r)));
			}
		}
		if (dns_rrset_count(answer) == 0) {
			dns_rrset_unref(answer);
			answer = NULL;
		}
	}
	ev->depth = saved_depth;
	return answer;
}

/* The answer under the queried name: the same records with owner qname (route53.md 3.1). */
static struct dns_rrset *rrset_for_owner(dns_names *names, struct dns_rrset *set, uint32_t qname)
{
	if (set->owner == qname) {
		return dns_rrset_ref(set);
	}
	struct dns_rrset *copy = dns_rrset_new(qname, set->type, set->rclass, set->ttl);
	ldns_rdf *owner = ldns_dname_new_frm_str(dns_name_text(names, qname));
	SIM_ASSERT(owner != NULL);
	for (size_t i = 0; i < ldns_rr_list_rr_count(set->rrs); i++) {
		ldns_rr *rr = ldns_rr_clone(ldns_rr_list_rr(set->rrs, i));
		ldns_rdf_deep_free(ldns_rr_owner(rr));
		ldns_rr_set_owner(rr, ldns_rdf_clone(owner));
		dns_rrset_add(copy, rr);
	}
	ldns_rdf_deep_free(owner);
	return copy;
}

void auth_r53_evaluate(const auth_r53_group *group, const struct auth_r53_env *env,
		       const struct auth_r53_source *src, uint32_t qname,
		       struct auth_r53_result *result)
{
	auth_r53_result_clear(result);
	auth_r53_result_init(result);
	struct auth_r53_eval ev = { env, src, result, 0 };
	struct dns_rrset *answer = auth_r53_eval_group(&ev, group, 0);
	if (answer == NULL) {
		result->outcome = AUTH_R53_NODATA;
		return;
	}
	result->outcome = AUTH_R53_ANSWER;
	result->rrset = rrset_for_owner(env->names, answer, qname);
	result->ttl = result->rrset->ttl;
	dns_rrset_unref(answer);
}

bool auth_r53_zone_answer(const auth_r53_zone *zone, const struct auth_r53_env *env,
			  const struct auth_r53_source *src, uint32_t qname, uint32_t owner,
			  uint16_t qtype, struct dns_msg *response, GPtrArray *path)
{
	return auth_r53_zone_answer_priced(zone, env, src, qname, owner, qtype, response, path,
					   NULL);
}

bool auth_r53_zone_answer_priced(const auth_r53_zone *zone, const struct auth_r53_env *env,
				 const struct auth_r53_source *src, uint32_t qname, uint32_t owner,
				 uint16_t qtype, struct dns_msg *response, GPtrArray *path,
				 enum auth_r53_price *price)
{
	const auth_r53_group *group = auth_r53_zone_find(zone, owner, qtype);
	if (group == NULL) {
		return false;
	}
	struct auth_r53_result result;
	auth_r53_result_init(&result);
	auth_r53_evaluate(group, env, src, qname, &result);
	if (price != NULL) {
		*price = auth_r53_price_of(group->policy, result.aws_free);
	}
	if (path != NULL) {
		for (guint i = 0; i < result.path->len; i++) {
			g_ptr_array_add(path, g_strdup(g_ptr_array_index(result.path, i)));
		}
	}
	bool answered = result.outcome == AUTH_R53_ANSWER;
	if (answered) {
		dns_msg_add(response, DNS_SECTION_ANSWER, result.rrset);
	}
	auth_r53_result_clear(&result);
	return answered;
}

char *auth_r53_source_text(const struct auth_r53_source *src)
{
	GString *s = g_string_new(src->ecs ? "ECS " : "resolver ");
	char buf[INET6_ADDRSTRLEN];
	if (src->family == 0 && src->ecs) {
		g_string_append(s,
				"subnet of the clients"); /* clients have places, not addresses */
	} else if (src->family == 0 ||
		   inet_ntop(src->family, src->addr, buf, sizeof(buf)) == NULL) {
		g_string_append(s, "(no address)");
	} else {
		g_string_append(s, buf);
		if (src->ecs) {
			g_string_append_printf(s, "/%u", src->prefix_len);
		}
	}
	if (!src->known) {
		g_string_append(s, " (location unknown)");
	} else if (src->subdivision[0] != '\0') {
		g_string_append_printf(s, " (%s-%s)", src->country, src->subdivision);
	} else {
		g_string_append_printf(s, " (%s)", src->country);
	}
	return g_string_free(s, FALSE);
}

void auth_r53_sort_by_key(guint *idx, double *key, guint n)
{
	for (guint i = 1; i < n; i++) {
		guint vi = idx[i];
		double vk = key[i];
		guint j = i;
		while (j > 0 && key[j - 1] > vk) {
			idx[j] = idx[j - 1];
			key[j] = key[j - 1];
			j--;
		}
		idx[j] = vi;
		key[j] = vk;
	}
}
