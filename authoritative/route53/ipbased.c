/*
 * IP-based routing (route53.md 2.8): the record of the CIDR location whose block is the longest
 * that contains the query's prefix and is no longer than it (a query prefix shorter than a block
 * does not match it: edge case 22); unhealthy => the default "*" record; all unhealthy => the
 * matched record [INF, by analogy with geolocation]; no match => the default; no match and no
 * default => "no answer" (NODATA). Only locations that have a record in the group are matched.
 */
#include <string.h>

#include "authoritative/route53/internal.h"

static guint find_location(const auth_r53_group *group, const char *location)
{
	for (guint i = 0; i < auth_r53_group_count(group); i++) {
		if (strcmp(auth_r53_group_set(group, i)->cidr_location, location) == 0) {
			return i;
		}
	}
	return G_MAXUINT;
}

static bool group_has_location(const char *location, void *data)
{
	return strcmp(location, "*") != 0 &&
	       find_location((const auth_r53_group *)data, location) != G_MAXUINT;
}

void auth_r53_ipbased_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			     const bool *healthy, GArray *picked)
{
	const char *collection = auth_r53_group_set(group, 0)->cidr_collection;
	unsigned len = 0;
	const char *location = auth_r53_cidr_match(ev->env->cidr, collection, ev->src,
						   group_has_location, (void *)group, &len);
	g_autofree char *from = auth_r53_source_text(ev->src);
	guint chain[2];
	guint n = 0;
	if (location != NULL) {
		auth_r53_step(ev, "ip-based: %s matches %s/%s (a /%u block)", from, collection,
			      location, len);
		chain[n++] = find_location(group, location);
	} else {
		auth_r53_step(ev, "ip-based: %s matches no location of collection %s", from,
			      collection);
	}
	guint def = find_location(group, "*");
	if (def != G_MAXUINT) {
		chain[n++] = def;
	}
	if (n == 0) {
		auth_r53_step(ev, "ip-based: no default (*) record");
		return;
	}
	guint before = picked->len;
	auth_r53_first_healthy(ev, group, healthy, chain, n, "ip-based", picked);
	if (picked->len > before) {
		auth_r53_step(ev, "ip-based: answering '%s'",
			      auth_r53_group_set(group, g_array_index(picked, guint, before))->id);
	}
}
