/*
 * Simple routing (route53.md 2.1): one record set, every value answered; no health checks. A
 * simple alias has one target and evaluate-target-health has no effect (edge case 31).
 */
#include "authoritative/route53/internal.h"

void auth_r53_simple_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			    const bool *healthy, GArray *picked)
{
	guint first = 0;
	const struct auth_r53_set *set = auth_r53_group_set(group, first);
	if (set->alias_target != DNS_NAME_NONE) {
		auth_r53_step(ev, "simple: alias, the only record set (health not considered)");
	} else {
		auth_r53_step(ev, "simple: answering all %u value(s)", dns_rrset_count(set->rrset));
	}
	g_array_append_val(picked, first);
}
