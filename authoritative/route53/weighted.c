/*
 * Weighted routing (route53.md 2.2 and 1.3). A pick is drawn with P = w / sum(w) among the
 * non-zero records not yet rejected; an unhealthy pick is dropped and the draw repeated, so its
 * weight no longer counts (edge case 4). Weight-0 records (edge cases 5 to 9): never answered
 * while a non-zero record is healthy; once every non-zero record is unhealthy, healthy zero-weight
 * records share the answers equally; when those are unhealthy too, the last resort answers the
 * non-zero records by weight, zero-weight ones still excluded. A group whose every weight is 0
 * answers all its records with equal chance (healthy ones first, by the common rule).
 */
#include "authoritative/route53/internal.h"

/* Draw one of the indexes in pool, by weight (uniform when uniform is set; Vose alias). */
static guint draw(struct auth_r53_eval *ev, const auth_r53_group *group, const GArray *pool,
		  bool uniform, unsigned *weight, unsigned *total)
{
	g_autofree double *w = g_new(double, pool->len);
	unsigned sum = 0;
	for (guint k = 0; k < pool->len; k++) {
		unsigned wk =
		    uniform ? 1 : auth_r53_group_set(group, g_array_index(pool, guint, k))->weight;
		w[k] = wk;
		sum += wk;
	}
	sim_alias *alias = sim_alias_new(w, pool->len);
	size_t k = sim_alias_sample(alias, ev->env->rng);
	sim_alias_free(alias);
	*weight = (unsigned)w[k];
	*total = sum;
	return g_array_index(pool, guint, k);
}

static void remove_value(GArray *pool, guint value)
{
	for (guint k = 0; k < pool->len; k++) {
		if (g_array_index(pool, guint, k) == value) {
			g_array_remove_index(pool, k);
			return;
		}
	}
}

void auth_r53_weighted_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			      const bool *healthy, GArray *picked)
{
	guint n = auth_r53_group_count(group);
	uint16_t type = auth_r53_group_type(group);
	g_autoptr(GArray) nonzero = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GArray) zero_healthy = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GArray) zero = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < n; i++) {
		if (auth_r53_group_set(group, i)->weight > 0) {
			g_array_append_val(nonzero, i);
		} else {
			g_array_append_val(zero, i);
			if (healthy[i]) {
				g_array_append_val(zero_healthy, i);
			}
		}
	}
	unsigned w;
	unsigned total;
	guint pick;
	if (nonzero->len == 0) {
		/* every weight 0: equal chances; the healthy ones unless none is */
		GArray *pool = zero_healthy->len > 0 ? zero_healthy : zero;
		pick = draw(ev, group, pool, true, &w, &total);
		auth_r53_step(ev, "weighted: every weight is 0, picked '%s' uniformly among %u%s",
			      auth_r53_group_set(group, pick)->id, pool->len,
			      pool == zero ? " (all unhealthy means all considered healthy)" : "");
		g_array_append_val(picked, pick);
		return;
	}
	/* the selection loop: pick, and re-pick among the rest while the pick is unhealthy */
	g_autoptr(GArray) rest = g_array_copy(nonzero);
	while (rest->len > 0) {
		pick = draw(ev, group, rest, false, &w, &total);
		const struct auth_r53_set *set = auth_r53_group_set(group, pick);
		if (healthy[pick]) {
			auth_r53_step(ev, "weighted: picked '%s' (weight %u of %u)", set->id, w,
				      total);
			g_array_append_val(picked, pick);
			return;
		}
		g_autofree char *why = auth_r53_unhealthy_why(ev, set, type);
		auth_r53_step(ev,
			      "weighted: picked '%s' (weight %u of %u), unhealthy (%s); re-picking "
			      "among the rest",
			      set->id, w, total, why);
		remove_value(rest, pick);
	}
	if (zero_healthy->len > 0) {
		pick = draw(ev, group, zero_healthy, true, &w, &total);
		auth_r53_step(ev,
			      "weighted: every non-zero weight unhealthy, picked weight-0 '%s' "
			      "uniformly among %u healthy weight-0 record sets",
			      auth_r53_group_set(group, pick)->id, zero_healthy->len);
		g_array_append_val(picked, pick);
		return;
	}
	pick = draw(ev, group, nonzero, false, &w, &total);
	auth_r53_step(ev,
		      "weighted: every record set unhealthy, picked '%s' (weight %u of %u; all "
		      "unhealthy means all considered healthy, weight 0 still excluded)",
		      auth_r53_group_set(group, pick)->id, w, total);
	g_array_append_val(picked, pick);
}
