/*
 * Failover routing (route53.md 2.3): the primary while it is healthy, else a healthy secondary,
 * else the primary (last resort). A set without a health check (and not an ETH alias) is always
 * healthy, so a primary without one never fails over (edge cases 11, 12).
 */
#include "authoritative/route53/internal.h"

void auth_r53_failover_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			      const bool *healthy, GArray *picked)
{
	guint primary = G_MAXUINT;
	guint secondary = G_MAXUINT;
	for (guint i = 0; i < auth_r53_group_count(group); i++) {
		const struct auth_r53_set *set = auth_r53_group_set(group, i);
		if (set->failover == AUTH_R53_FAILOVER_PRIMARY && primary == G_MAXUINT) {
			primary = i;
		} else if (set->failover == AUTH_R53_FAILOVER_SECONDARY && secondary == G_MAXUINT) {
			secondary = i;
		}
	}
	if (primary != G_MAXUINT && healthy[primary]) {
		auth_r53_step(ev, "failover: primary '%s' healthy, answering it",
			      auth_r53_group_set(group, primary)->id);
		g_array_append_val(picked, primary);
		return;
	}
	g_autofree char *why = NULL;
	if (primary != G_MAXUINT) {
		why = auth_r53_unhealthy_why(ev, auth_r53_group_set(group, primary),
					     auth_r53_group_type(group));
	}
	if (secondary != G_MAXUINT && healthy[secondary]) {
		if (primary != G_MAXUINT) {
			auth_r53_step(ev,
				      "failover: primary '%s' unhealthy (%s), answering secondary "
				      "'%s'",
				      auth_r53_group_set(group, primary)->id, why,
				      auth_r53_group_set(group, secondary)->id);
		} else {
			auth_r53_step(ev, "failover: no primary, answering secondary '%s'",
				      auth_r53_group_set(group, secondary)->id);
		}
		g_array_append_val(picked, secondary);
		return;
	}
	if (primary != G_MAXUINT) {
		auth_r53_step(ev,
			      "failover: primary '%s' unhealthy (%s) and no healthy secondary, "
			      "answering the primary (all unhealthy means all considered healthy)",
			      auth_r53_group_set(group, primary)->id, why);
		g_array_append_val(picked, primary);
	} else if (secondary != G_MAXUINT) {
		auth_r53_step(ev, "failover: only an unhealthy secondary '%s', answering it",
			      auth_r53_group_set(group, secondary)->id);
		g_array_append_val(picked, secondary);
	}
}
