/*
 * Multivalue answer routing (route53.md 2.4): up to eight healthy record sets, a uniformly random
 * eight when more are healthy; when none is healthy, up to eight unhealthy ones (edge case 13).
 * The subset is drawn per response (route53.md 14.2 leaves per-resolver stickiness open).
 */
#include "authoritative/route53/internal.h"

void auth_r53_multivalue_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
				const bool *healthy, GArray *picked)
{
	guint n = auth_r53_group_count(group);
	g_autoptr(GArray) pool = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < n; i++) {
		if (healthy[i]) {
			g_array_append_val(pool, i);
		}
	}
	bool last_resort = pool->len == 0;
	if (last_resort) {
		for (guint i = 0; i < n; i++) {
			g_array_append_val(pool, i);
		}
	}
	/* partial Fisher-Yates: the first k of a uniform random permutation */
	guint k = MIN(pool->len, AUTH_R53_MULTIVALUE_MAX);
	if (pool->len > k) {
		for (guint i = 0; i < k; i++) {
			guint j = i + (guint)sim_rng_below(ev->env->rng, pool->len - i);
			guint tmp = g_array_index(pool, guint, i);
			g_array_index(pool, guint, i) = g_array_index(pool, guint, j);
			g_array_index(pool, guint, j) = tmp;
		}
	}
	g_array_append_vals(picked, pool->data, k);
	if (last_resort) {
		auth_r53_step(ev,
			      "multivalue: all %u record sets unhealthy, answering %u of them "
			      "(all unhealthy means all considered healthy)",
			      n, k);
	} else if (pool->len > k) {
		auth_r53_step(ev, "multivalue: %u of %u healthy record sets chosen at random", k,
			      pool->len);
	} else {
		auth_r53_step(ev, "multivalue: answering all %u healthy record sets (of %u)", k, n);
	}
}
