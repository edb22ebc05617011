/*
 * Latency routing (route53.md 2.5): the Region with the lowest latency from the query's source
 * among Regions that have a record; unhealthy => the next lowest; all unhealthy => the lowest
 * (edge case 15). A cn-north-1 record always answers queries from inside China (edge case 58),
 * so it goes first for them. Regions with unknown latency come last, in the order written.
 */
#include <math.h>
#include <string.h>

#include "authoritative/route53/internal.h"

void auth_r53_latency_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			     const bool *healthy, GArray *picked)
{
	const struct auth_r53_env *env = ev->env;
	guint n = auth_r53_group_count(group);
	g_autofree guint *order = g_new(guint, n);
	g_autofree double *key = g_new(double, n);
	bool china = ev->src->known && strcmp(ev->src->country, "CN") == 0;
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < n; i++) {
		const struct auth_r53_set *set = auth_r53_group_set(group, i);
		double ms = env->latency_ms != NULL
				? env->latency_ms(env->ctx, ev->src, set->region)
				: -1.0;
		order[i] = i;
		key[i] = ms >= 0 && isfinite(ms) ? ms : HUGE_VAL;
		if (china && strcmp(set->region, "cn-north-1") == 0) {
			key[i] = -1.0;
		}
		if (ms >= 0) {
			g_string_append_printf(list, "%s%s %.0f ms", list->len ? ", " : "",
					       set->region, ms);
		} else {
			g_string_append_printf(list, "%s%s unknown", list->len ? ", " : "",
					       set->region);
		}
	}
	auth_r53_sort_by_key(order, key, n);
	g_autofree char *src = auth_r53_source_text(ev->src);
	auth_r53_step(ev, "latency: from %s: %s", src, list->str);
	g_string_free(list, TRUE);
	if (china && key[0] < 0) {
		auth_r53_step(ev, "latency: query from China, cn-north-1 answers first");
	}
	guint before = picked->len;
	auth_r53_first_healthy(ev, group, healthy, order, n, "latency", picked);
	if (picked->len > before) {
		const struct auth_r53_set *set =
		    auth_r53_group_set(group, g_array_index(picked, guint, before));
		auth_r53_step(ev, "latency: answering '%s' (%s)", set->id, set->region);
	}
}
