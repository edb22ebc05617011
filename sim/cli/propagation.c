/*
 * dnssim propagation FILE NAME [TYPE] --at TIME [--out DIR]: what every resolver of the scenario
 * would answer for NAME at TIME, grouped by answer, with each resolver's place; with --out, the
 * table as CSV, the shares of each answer over the run (the resolvers sampled every report
 * bucket) and two figures (plots/propagation-map.gp, plots/propagation-shares.gp).
 *
 * A resolver answers from its cache when it holds NAME (live, or stale within its serve-stale
 * window), else as it would after asking: its forwarder's answer, or the authoritative
 * answer for a query from its place (the Route 53 evaluation `dnssim answer` uses, with a
 * random stream of its own so that the run's own choices are not changed). Looking does not
 * send anything; docs/design/draw.md says what a cache lookup may still touch.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "authoritative/zone.h"
#include "plots/plot.h"
#include "resolver/cache.h"
#include "sim/cli/cli.h"
#include "sim/geo.h"
#include "sim/scenario/value.h"
#include "sim/util.h"
#include "sim/world/world.h"

/* What one resolver would answer. */
struct view {
	const char *resolver; /* borrowed from the scenario */
	char *answer;	      /* "192.0.2.10", "198.51.100.1, 198.51.100.2", "NXDOMAIN", ... */
	char *how;	      /* "cache, 42 s left", "stale", "fresh from the authoritative" */
};

struct prop {
	const struct scenario *sc;
	world *w;
	uint32_t qname;
	uint16_t qtype;
	struct sim_rng rng; /* for the Route 53 choices of fresh answers */
};

static int str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The values of set, sorted and joined (multivalue answers come in any order). Caller owns. */
static char *values_key(const struct dns_rrset *set)
{
	GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < dns_rrset_count(set); i++) {
		ldns_rr *rr = dns_rrset_rr_copy(set, i);
		GString *v = g_string_new(NULL);
		for (size_t f = 0; f < ldns_rr_rd_count(rr); f++) {
			char *text = ldns_rdf2str(ldns_rr_rdf(rr, f));
			g_string_append_printf(v, "%s%s", f > 0 ? " " : "", text ? text : "?");
			free(text);
		}
		ldns_rr_free(rr);
		g_ptr_array_add(items, g_string_free(v, FALSE));
	}
	g_ptr_array_sort(items, str_cmp);
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < items->len; i++) {
		g_string_append_printf(out, "%s%s", i > 0 ? ", " : "",
				       (const char *)g_ptr_array_index(items, i));
	}
	g_ptr_array_free(items, TRUE);
	return g_string_free(out, FALSE);
}

/* The zone a query from resolver statement rs reaches for qname: its VPC's private zone, else
 * the deepest public zone enclosing qname. */
static const auth_zone *zone_for(struct prop *p, const struct scenario_stmt *rs)
{
	auth_hierarchy *h = world_hierarchy(p->w);
	dns_names *names = world_names(p->w);
	const struct scenario_attr *vpc = scenario_stmt_attr(rs, "vpc");
	auth_server *ps = vpc != NULL ? auth_hierarchy_vpc_server(h, vpc->text) : NULL;
	const auth_zone *z =
	    ps != NULL ? auth_server_find_zone(ps, names, p->qname, p->qtype) : NULL;
	if (z != NULL) {
		return z;
	}
	const auth_zone *best = NULL;
	for (guint i = 0; i < auth_hierarchy_zone_count(h); i++) {
		const auth_zone *c = auth_hierarchy_zone(h, i);
		uint32_t origin = auth_zone_origin(c);
		if (dns_name_is_subdomain(names, p->qname, origin) &&
		    (best == NULL || dns_name_labels(names, origin) >
					 dns_name_labels(names, auth_zone_origin(best)))) {
			best = c;
		}
	}
	return best;
}

/* What the authoritative side answers a query from resolver rs now. Caller owns. */
static char *fresh_answer(struct prop *p, const struct scenario_stmt *rs)
{
	const auth_zone *zone = zone_for(p, rs);
	if (zone == NULL) {
		return g_strdup("no zone of the scenario");
	}
	struct auth_r53_source src;
	world_route53_source(p->w, rs->name, &src);
	const struct auth_r53_env *env = NULL;
	const auth_r53_zone *r53 = auth_zone_route53(zone, &env);
	const auth_r53_group *group =
	    r53 != NULL && env != NULL ? auth_r53_zone_find(r53, p->qname, p->qtype) : NULL;
	if (group != NULL) {
		struct auth_r53_env mine = *env;
		mine.rng = &p->rng;
		struct auth_r53_result result;
		auth_r53_result_init(&result);
		auth_r53_evaluate(group, &mine, &src, p->qname, &result);
		char *answer = result.outcome == AUTH_R53_ANSWER ? values_key(result.rrset)
								 : g_strdup("NODATA");
		auth_r53_result_clear(&result);
		return answer;
	}
	dns_names *names = world_names(p->w);
	struct dns_msg *msg = dns_msg_new(1, p->qname, p->qtype, LDNS_RR_CLASS_IN);
	enum auth_answer kind =
	    auth_zone_lookup_from(zone, names, p->qname, p->qtype, &src, NULL, msg);
	char *answer = NULL;
	struct dns_rrset *set = NULL;
	for (guint i = 0; i < msg->sections[DNS_SECTION_ANSWER]->len && set == NULL; i++) {
		struct dns_rrset *s = g_ptr_array_index(msg->sections[DNS_SECTION_ANSWER], i);
		set = s->type == p->qtype ? s : NULL;
	}
	if (set != NULL) {
		answer = values_key(set);
	} else if (msg->rcode == LDNS_RCODE_NXDOMAIN) {
		answer = g_strdup("NXDOMAIN");
	} else {
		answer = g_strdup_printf("no data (%s)", auth_answer_name(kind));
	}
	dns_msg_free(msg);
	return answer;
}

/* What resolver statement rs would answer now; depth bounds forwarding chains. */
static void view_of(struct prop *p, const struct scenario_stmt *rs, int64_t now, unsigned depth,
		    struct view *v)
{
	v->resolver = rs->name;
	resolver *r = world_resolver(p->w, rs->name, NULL);
	struct resolver_cache_answer a = { 0 };
	if (r != NULL) {
		a = resolver_cache_lookup(resolver_get_cache(r), p->qname, p->qtype,
					  LDNS_RR_CLASS_IN, now);
	}
	switch (a.status) {
	case RESOLVER_CACHE_HIT:
		v->answer = values_key(a.rrset);
		v->how = g_strdup_printf("cache, %u s of %u left", a.ttl_s, a.orig_ttl_s);
		return;
	case RESOLVER_CACHE_NEGATIVE:
		v->answer =
		    g_strdup(a.negative == RESOLVER_NEGATIVE_NXDOMAIN ? "NXDOMAIN" : "NODATA");
		v->how = g_strdup_printf("cache (negative), %u s left", a.ttl_s);
		return;
	case RESOLVER_CACHE_FAILURE:
		v->answer = g_strdup("SERVFAIL");
		v->how = g_strdup_printf("cached failure, %u s left", a.ttl_s);
		return;
	case RESOLVER_CACHE_STALE:
		v->answer = a.rrset != NULL && a.negative == RESOLVER_NEGATIVE_NONE
				? values_key(a.rrset)
				: g_strdup(a.negative == RESOLVER_NEGATIVE_NXDOMAIN ? "NXDOMAIN"
										    : "NODATA");
		v->how = g_strdup_printf("stale (expired %.0f s ago)",
					 (double)(now - a.expiry_ns) / 1e9);
		return;
	case RESOLVER_CACHE_MISS:
		break;
	}
	const struct scenario_attr *fwd = scenario_stmt_attr(rs, "forward");
	if (fwd != NULL && depth < 4) {
		g_auto(GStrv) items = scenario_attr_items(fwd);
		const struct scenario_stmt *up =
		    scenario_find(p->sc, SCENARIO_KIND_RESOLVER, g_strstrip(items[0]));
		if (up != NULL) {
			struct view upv = { 0 };
			view_of(p, up, now, depth + 1, &upv);
			v->answer = upv.answer;
			v->how = g_strdup_printf("not cached: asks %s (%s)", up->name, upv.how);
			g_free(upv.how);
			return;
		}
	}
	v->answer = fresh_answer(p, rs);
	v->how = g_strdup("not cached: fresh from the authoritative");
}

/* Every resolver statement, in scenario order. */
static GPtrArray *resolver_stmts(const struct scenario *sc)
{
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind == SCENARIO_KIND_RESOLVER) {
			g_ptr_array_add(out, (gpointer)s);
		}
	}
	return out;
}

/* The place of a resolver: at=, or "anycast" without coordinates. */
static bool place_of(const struct scenario_stmt *rs, struct geo_place *place)
{
	const struct scenario_attr *at = scenario_stmt_attr(rs, "at");
	if (at == NULL || !geo_place_resolve(at->text, place) || place->kind == GEO_PLACE_ANYCAST) {
		memset(place, 0, sizeof(*place));
		g_strlcpy(place->name, at != NULL ? at->text : "(no place)", sizeof(place->name));
		return false;
	}
	return true;
}

/* Index of answer in answers (appended when new). */
static guint answer_index(GPtrArray *answers, const char *answer)
{
	for (guint i = 0; i < answers->len; i++) {
		if (strcmp(g_ptr_array_index(answers, i), answer) == 0) {
			return i;
		}
	}
	g_ptr_array_add(answers, g_strdup(answer));
	return answers->len - 1;
}

static void csv_field(GString *out, const char *text)
{
	g_string_append_c(out, '"');
	for (const char *c = text; *c != '\0'; c++) {
		if (*c == '"') {
			g_string_append_c(out, '"');
		}
		g_string_append_c(out, *c);
	}
	g_string_append_c(out, '"');
}

static gboolean write_file(const char *dir, const char *name, const GString *text)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_file_set_contents(path, text->str, (gssize)text->len, &err)) {
		fprintf(stderr, "dnssim propagation: %s\n", err->message);
		return FALSE;
	}
	return TRUE;
}

/* Sample every resolver each bucket over the whole run into a CSV of shares per answer. */
static GString *shares_over_run(const struct scenario *sc, const char *name, uint16_t qtype,
				GPtrArray *answers)
{
	struct prop p = { .sc = sc, .qtype = qtype };
	p.w = world_new(sc);
	p.qname = dns_name_intern(world_names(p.w), name);
	sim_rng_init(&p.rng, sc->seed, "propagation", "choice");
	GPtrArray *rs = resolver_stmts(sc);
	int64_t step = sc->bucket_ns > 0 ? sc->bucket_ns : 10 * SIM_NS_PER_S;
	GArray *counts = g_array_new(FALSE, TRUE, sizeof(guint));
	GString *rows = g_string_new(NULL);
	for (int64_t t = 0; t <= sc->duration_ns; t += step) {
		world_run_until(p.w, t);
		g_array_set_size(counts, 0);
		for (guint i = 0; i < rs->len; i++) {
			struct view v = { 0 };
			view_of(&p, g_ptr_array_index(rs, i), t, 0, &v);
			guint k = answer_index(answers, v.answer);
			if (counts->len <= k) {
				g_array_set_size(counts, k + 1);
			}
			g_array_index(counts, guint, k)++;
			g_free(v.answer);
			g_free(v.how);
		}
		g_string_append_printf(rows, "%.3f", (double)t / 1e9);
		for (guint k = 0; k < counts->len; k++) {
			g_string_append_printf(rows, ",%.4f",
					       (double)g_array_index(counts, guint, k) / rs->len);
		}
		g_string_append_c(rows, '\n');
	}
	/* every row gets every answer's column (answers first seen later were missing) */
	GString *out = g_string_new("time_s");
	for (guint k = 0; k < answers->len; k++) {
		g_string_append_c(out, ',');
		csv_field(out, g_ptr_array_index(answers, k));
	}
	g_string_append_c(out, '\n');
	g_auto(GStrv) lines = g_strsplit(rows->str, "\n", -1);
	for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		guint fields = 0;
		for (const char *c = lines[i]; *c != '\0'; c++) {
			fields += *c == ',';
		}
		g_string_append(out, lines[i]);
		for (guint k = fields; k < answers->len; k++) {
			g_string_append(out, ",0.0000");
		}
		g_string_append_c(out, '\n');
	}
	g_string_free(rows, TRUE);
	g_array_free(counts, TRUE);
	g_ptr_array_free(rs, TRUE);
	world_free(p.w);
	return out;
}

/* The map's data: a block per answer with located resolvers (plots/propagation-map.gp);
 * empty when no resolver has coordinates. */
static GString *map_data(const GPtrArray *rs, const struct view *views, const GPtrArray *answers)
{
	GString *out = g_string_new(NULL);
	for (guint k = 0; k < answers->len; k++) {
		const char *answer = g_ptr_array_index(answers, k);
		GString *block = g_string_new(NULL);
		for (guint i = 0; i < rs->len; i++) {
			struct geo_place place;
			if (strcmp(views[i].answer, answer) != 0 ||
			    !place_of(g_ptr_array_index(rs, i), &place)) {
				continue;
			}
			g_string_append_printf(block, "%.4f,%.4f,", place.lat, place.lon);
			csv_field(block, views[i].resolver);
			g_string_append_c(block, '\n');
		}
		if (block->len > 0) {
			if (out->len > 0) {
				g_string_append(out, "\n\n");
			}
			csv_field(out, answer);
			g_string_append(out, ",lat,lon,resolver\n");
			g_string_append(out, block->str);
		}
		g_string_free(block, TRUE);
	}
	return out;
}

static int propagation_main(int argc, char **argv, struct cli_common *common, char **at)
{
	GOptionEntry entries[] = {
		{ "at", 0, 0, G_OPTION_ARG_STRING, at, "The virtual time to look at (required)",
		  "TIME" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(
	    "FILE NAME [TYPE] - what every resolver would answer for NAME at a time");
	g_option_context_set_summary(
	    ctx, "Runs the scenario to --at and asks every resolver for NAME (type A by "
		 "default) without\nsending anything: from its cache (live or stale), else as "
		 "its forwarder or the\nauthoritative servers would answer a query from its "
		 "place. Resolvers are grouped by\nanswer, with their places. --out DIR also "
		 "writes propagation.csv, the shares of each\nanswer over the run "
		 "(propagation-shares.csv, sampled every report bucket) and the\nfigures "
		 "propagation-map and propagation-shares (PNG and SVG, with gnuplot).\nExit "
		 "codes: 0 done, 2 usage or input error.");
	cli_common_add(ctx, common);
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!cli_parse(ctx, &argc, &argv,
		       "dnssim propagation [OPTIONS] FILE NAME [TYPE] --at TIME")) {
		return CLI_EXIT_USAGE;
	}
	if (cli_version_requested(common)) {
		return CLI_EXIT_OK;
	}
	if (*at == NULL && argc >= 3) {
		fprintf(stderr, "dnssim propagation: --at TIME is required\n");
		return CLI_EXIT_USAGE;
	}
	struct cli_name_query q;
	if (!cli_name_query_load("propagation", argc, argv, *at, common, &q)) {
		return CLI_EXIT_USAGE;
	}
	int rc = CLI_EXIT_USAGE;
	struct prop p = { .sc = q.sc, .qtype = q.qtype };
	p.w = world_new(q.sc);
	dns_names *names = world_names(p.w);
	p.qname = dns_name_intern(names, argv[2]);
	sim_rng_init(&p.rng, q.sc->seed, "propagation", "choice");
	GPtrArray *rs = resolver_stmts(q.sc);
	GPtrArray *answers = g_ptr_array_new_with_free_func(g_free);
	struct view *views = g_new0(struct view, rs->len + 1);
	if (p.qname == DNS_NAME_NONE) {
		fprintf(stderr, "dnssim propagation: '%s' is not a domain name\n", argv[2]);
		goto out;
	}
	if (rs->len == 0) {
		fprintf(stderr, "dnssim propagation: %s has no resolver statement\n", argv[1]);
		goto out;
	}
	world_run_until(p.w, q.at_ns);
	for (guint i = 0; i < rs->len; i++) {
		view_of(&p, g_ptr_array_index(rs, i), q.at_ns, 0, &views[i]);
		answer_index(answers, views[i].answer);
	}
	printf(";; dnssim propagation: %s %s at %s\n", dns_name_text(names, p.qname), q.type_text,
	       *at);
	printf(";; %u resolver%s, %u different answer%s\n", rs->len, rs->len == 1 ? "" : "s",
	       answers->len, answers->len == 1 ? "" : "s");
	GString *csv = g_string_new("resolver,place,lat,lon,answer,how\n");
	for (guint k = 0; k < answers->len; k++) {
		const char *answer = g_ptr_array_index(answers, k);
		guint n = 0;
		for (guint i = 0; i < rs->len; i++) {
			n += strcmp(views[i].answer, answer) == 0;
		}
		printf("\n;; answer %s: %u of %u resolvers (%.1f%%)\n", answer, n, rs->len,
		       100.0 * n / rs->len);
		for (guint i = 0; i < rs->len; i++) {
			if (strcmp(views[i].answer, answer) != 0) {
				continue;
			}
			struct geo_place place;
			bool located = place_of(g_ptr_array_index(rs, i), &place);
			g_autofree char *coords =
			    located ? g_strdup_printf("(%.2f, %.2f)", place.lat, place.lon)
				    : g_strdup("(no coordinates)");
			printf("  %-16s %-14s %-20s %s\n", views[i].resolver, place.name, coords,
			       views[i].how);
		}
	}
	for (guint i = 0; i < rs->len; i++) {
		struct geo_place place;
		bool located = place_of(g_ptr_array_index(rs, i), &place);
		csv_field(csv, views[i].resolver);
		g_string_append_c(csv, ',');
		csv_field(csv, place.name);
		if (located) {
			g_string_append_printf(csv, ",%.4f,%.4f,", place.lat, place.lon);
		} else {
			g_string_append(csv, ",,,");
		}
		csv_field(csv, views[i].answer);
		g_string_append_c(csv, ',');
		csv_field(csv, views[i].how);
		g_string_append_c(csv, '\n');
	}
	rc = CLI_EXIT_OK;
	if (common->out_dir != NULL) {
		const char *dir = common->out_dir;
		if (g_mkdir_with_parents(dir, 0755) != 0) {
			fprintf(stderr, "dnssim propagation: cannot create %s\n", dir);
			rc = CLI_EXIT_USAGE;
			g_string_free(csv, TRUE);
			goto out;
		}
		/* the shares over the run, in a world of their own (the snapshot's is at --at),
		 * one column per answer in order of first appearance */
		GPtrArray *series_answers = g_ptr_array_new_with_free_func(g_free);
		GString *shares = shares_over_run(q.sc, argv[2], q.qtype, series_answers);
		g_ptr_array_free(series_answers, TRUE);
		g_autofree char *csv_path = g_build_filename(dir, "propagation.csv", NULL);
		g_autofree char *shares_path =
		    g_build_filename(dir, "propagation-shares.csv", NULL);
		g_autofree char *map_base = g_build_filename(dir, "propagation-map", NULL);
		g_autofree char *map_path = g_build_filename(dir, "propagation-map.dat", NULL);
		GString *map = map_data(rs, views, answers);
		g_autofree char *shares_base = g_build_filename(dir, "propagation-shares", NULL);
		g_autofree char *title = g_strdup_printf("%s %s at %s", argv[2], q.type_text, *at);
		g_autofree char *title2 =
		    g_strdup_printf("answers for %s %s over the run", argv[2], q.type_text);
		g_autoptr(GError) err = NULL;
		if (!write_file(dir, "propagation.csv", csv) ||
		    !write_file(dir, "propagation-shares.csv", shares) ||
		    (map->len > 0 && !write_file(dir, "propagation-map.dat", map))) {
			rc = CLI_EXIT_USAGE;
		} else if ((map->len > 0 &&
			    !plot_draw("propagation-map.gp", map_path, map_base, title, &err)) ||
			   !plot_draw("propagation-shares.gp", shares_path, shares_base, title2,
				      &err)) {
			fprintf(stderr, "dnssim propagation: %s\n", err->message);
			rc = CLI_EXIT_USAGE;
		} else if (!common->quiet) {
			printf("\n;; wrote %s/propagation.csv, propagation-shares.csv, "
			       "propagation-map.{png,svg}, propagation-shares.{png,svg}\n",
			       dir);
		}
		if (map->len == 0 && !common->quiet) {
			printf(";; no resolver has coordinates (all anycast): no map drawn\n");
		}
		g_string_free(map, TRUE);
		g_string_free(shares, TRUE);
	}
	g_string_free(csv, TRUE);
out:
	for (guint i = 0; i < rs->len; i++) {
		g_free(views[i].answer);
		g_free(views[i].how);
	}
	g_free(views);
	g_ptr_array_free(answers, TRUE);
	g_ptr_array_free(rs, TRUE);
	world_free(p.w);
	scenario_free(q.sc);
	return rc;
}

int cli_propagation(int argc, char **argv)
{
	struct cli_common common = { 0 };
	char *at = NULL;
	int rc = propagation_main(argc, argv, &common, &at);
	g_free(at);
	cli_common_clear(&common);
	return rc;
}
