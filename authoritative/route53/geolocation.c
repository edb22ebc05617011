/*
 * Geolocation routing (route53.md 2.6): the chain US state > country > continent > default "*"
 * of the records that match the query's source, most specific first; the first healthy one
 * answers (health falls back up the chain), all unhealthy => the most specific, not the default
 * (edge cases 17, 18). An unknown location matches only the default; no match and no default is
 * "no answer" (NODATA, edge case 19). Continents follow Route 53's own country table (sim/geo.c;
 * edge case 20: TR, RU, CY in EU, EG in AF, ...).
 */
#include <string.h>

#include "authoritative/route53/internal.h"
#include "sim/geo.h"

static guint find(const auth_r53_group *group, const char *continent, const char *country,
		  const char *subdivision)
{
	for (guint i = 0; i < auth_r53_group_count(group); i++) {
		const struct auth_r53_set *s = auth_r53_group_set(group, i);
		if (strcmp(s->continent, continent) == 0 && strcmp(s->country, country) == 0 &&
		    strcmp(s->subdivision, subdivision) == 0) {
			return i;
		}
	}
	return G_MAXUINT;
}

static void chain_add(guint *chain, guint *n, guint i)
{
	if (i != G_MAXUINT) {
		chain[(*n)++] = i;
	}
}

void auth_r53_geolocation_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
				 const bool *healthy, GArray *picked)
{
	const struct auth_r53_source *src = ev->src;
	guint chain[4];
	guint n = 0;
	if (src->known && src->country[0] != '\0') {
		const char *continent = src->continent;
		if (continent[0] == '\0') {
			continent = geo_country_continent(src->country);
		}
		if (src->subdivision[0] != '\0') {
			chain_add(chain, &n, find(group, "", src->country, src->subdivision));
		}
		chain_add(chain, &n, find(group, "", src->country, ""));
		if (continent != NULL) {
			chain_add(chain, &n, find(group, continent, "", ""));
		}
	}
	chain_add(chain, &n, find(group, "", "*", ""));
	g_autofree char *from = auth_r53_source_text(src);
	GString *list = g_string_new(NULL);
	for (guint k = 0; k < n; k++) {
		g_string_append_printf(list, "%s'%s'", k ? " > " : "",
				       auth_r53_group_set(group, chain[k])->id);
	}
	if (n == 0) {
		auth_r53_step(
		    ev, "geolocation: from %s: no record for this location and no default", from);
		return;
	}
	auth_r53_step(ev, "geolocation: from %s: matching %s", from, list->str);
	g_string_free(list, TRUE);
	guint before = picked->len;
	auth_r53_first_healthy(ev, group, healthy, chain, n, "geolocation", picked);
	if (picked->len > before) {
		auth_r53_step(ev, "geolocation: answering '%s'",
			      auth_r53_group_set(group, g_array_index(picked, guint, before))->id);
	}
}
