/*
 * Geoproximity routing (route53.md 2.7): the smallest biased great-circle distance from the
 * query's source, biased = d * (1 - b/100) for b > 0 and d / (1 + b/100) for b < 0 (edge case
 * 21); unhealthy => the next nearest; all unhealthy => the nearest. A record at a Region takes
 * the Region's coordinates from the world (env->region_coords). Without the source's coordinates
 * (an unmapped address) every distance is unknown and the records keep the order written [INF].
 */
#include <math.h>

#include "authoritative/route53/internal.h"

#define EARTH_RADIUS_KM 6371.0088 /* mean radius (IUGG) */

static double deg2rad(double d)
{
	return d * G_PI / 180.0;
}

/* Great-circle distance in km (haversine). */
static double distance_km(double lat1, double lon1, double lat2, double lon2)
{
	double dlat = deg2rad(lat2 - lat1);
	double dlon = deg2rad(lon2 - lon1);
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(deg2rad(lat1)) * cos(deg2rad(lat2)) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * EARTH_RADIUS_KM * atan2(sqrt(a), sqrt(1 - a));
}

static double biased(double d, int bias)
{
	if (bias > 0) {
		return d * (1.0 - bias / 100.0);
	}
	if (bias < 0) {
		return d / (1.0 + bias / 100.0);
	}
	return d;
}

void auth_r53_geoproximity_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
				  const bool *healthy, GArray *picked)
{
	const struct auth_r53_env *env = ev->env;
	guint n = auth_r53_group_count(group);
	g_autofree guint *order = g_new(guint, n);
	g_autofree double *key = g_new(double, n);
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < n; i++) {
		const struct auth_r53_set *set = auth_r53_group_set(group, i);
		double lat = set->gp_lat;
		double lon = set->gp_lon;
		bool have =
		    set->gp_coords || (env->region_coords != NULL &&
				       env->region_coords(env->ctx, set->gp_region, &lat, &lon));
		order[i] = i;
		key[i] = HUGE_VAL;
		if (have && ev->src->has_coords) {
			double d = distance_km(ev->src->lat, ev->src->lon, lat, lon);
			key[i] = biased(d, set->bias);
			g_string_append_printf(list, "%s'%s' %.0f km, bias %d: %.0f km",
					       list->len ? "; " : "", set->id, d, set->bias,
					       key[i]);
		} else {
			g_string_append_printf(list, "%s'%s' distance unknown",
					       list->len ? "; " : "", set->id);
		}
	}
	auth_r53_sort_by_key(order, key, n);
	g_autofree char *src = auth_r53_source_text(ev->src);
	auth_r53_step(ev, "geoproximity: from %s: %s", src, list->str);
	g_string_free(list, TRUE);
	guint before = picked->len;
	auth_r53_first_healthy(ev, group, healthy, order, n, "geoproximity", picked);
	if (picked->len > before) {
		auth_r53_step(ev, "geoproximity: answering '%s'",
			      auth_r53_group_set(group, g_array_index(picked, guint, before))->id);
	}
}
