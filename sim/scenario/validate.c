/*
 * Semantic checks of a parsed scenario: value types and ranges, required keys, names and
 * references, Route 53 record rules, timeline actions and expectations. Every problem is
 * reported; nothing stops at the first.
 */
#include <math.h>
#include <string.h>

#include "sim/geo.h"
#include "sim/scenario/internal.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

void scenario_unknown_key(scenario_diags *diags, struct scenario_loc loc, const char *key,
			  const struct scenario_key_spec *keys, const char *what)
{
	g_autofree const char **names = scenario_key_names(keys);
	const char *s = scenario_suggest(key, names);
	if (names[0] == NULL) {
		scenario_diag_error(diags, loc,
				    "%s takes no key=value settings; '%s' is not "
				    "expected here",
				    what, key);
		return;
	}
	g_autofree char *list = g_strjoinv(", ", (char **)names);
	if (s != NULL) {
		scenario_diag_error(diags, loc,
				    "unknown key '%s' for %s (did you mean '%s'?); "
				    "expected one of %s",
				    key, what, s, list);
	} else {
		scenario_diag_error(diags, loc, "unknown key '%s' for %s; expected one of %s", key,
				    what, list);
	}
}

static gboolean check_place(const char *text, const char **why)
{
	double lat;
	double lon;
	if (strcmp(text, "anycast") == 0 || geo_is_aws_region(text) ||
	    geo_country_continent(text) != NULL) {
		return TRUE;
	}
	if (strchr(text, ',') != NULL) {
		return scenario_parse_coords(text, &lat, &lon, why);
	}
	const char *dash = strchr(text, '-');
	if (dash != NULL && dash - text == 2) {
		g_autofree char *country = g_strndup(text, 2);
		if (geo_country_continent(country) != NULL) {
			if (strcmp(country, "US") == 0 && !geo_is_us_state(dash + 1)) {
				*why = "unknown US state; expected a code such as US-WA or US-NY";
				return FALSE;
			}
			return TRUE;
		}
	}
	*why = "expected a place: a country (US), a subdivision (US-WA), an AWS Region "
	       "(us-east-1), coordinates (47.61,-122.33) or anycast";
	return FALSE;
}

/* One end of a link (statement or timeline action): a place, and not anycast. */
static void check_link_place(const char *text, struct scenario_loc loc, scenario_diags *diags)
{
	const char *why = NULL;
	if (!check_place(text, &why)) {
		scenario_diag_error(diags, loc, "bad place '%s': %s", text, why);
	} else if (strcmp(text, "anycast") == 0) {
		scenario_diag_error(diags, loc,
				    "a link joins two places; 'anycast' has no place to measure "
				    "from; expected a country, subdivision, AWS Region or LAT,LON");
	}
}

/* Check one item of an attribute value. Sets *num for numeric types. */
static gboolean check_item(const char *item, const struct scenario_key_spec *spec, double *num,
			   const char **why)
{
	int64_t i;
	gboolean b;
	double lat;
	double lon;
	*num = 0;
	switch (spec->type) {
	case SCENARIO_V_STRING:
		return TRUE;
	case SCENARIO_V_INT:
		if (!scenario_parse_int(item, &i, why)) {
			return FALSE;
		}
		*num = (double)i;
		return TRUE;
	case SCENARIO_V_REAL:
		return scenario_parse_real(item, num, why);
	case SCENARIO_V_DURATION:
		if (!scenario_parse_duration(item, &i, why)) {
			return FALSE;
		}
		*num = (double)i / (double)SIM_NS_PER_S;
		return TRUE;
	case SCENARIO_V_RATE:
		return scenario_parse_rate(item, num, why);
	case SCENARIO_V_RATIO:
		return scenario_parse_ratio(item, num, why);
	case SCENARIO_V_BOOL:
		if (!scenario_parse_bool(item, &b, why)) {
			return FALSE;
		}
		*num = b;
		return TRUE;
	case SCENARIO_V_ENUM:
		for (size_t k = 0; spec->choices[k] != NULL; k++) {
			if (strcmp(spec->choices[k], item) == 0) {
				*num = (double)k;
				return TRUE;
			}
		}
		*why = NULL; /* reported by the caller with the choices */
		return FALSE;
	case SCENARIO_V_IP:
		return scenario_parse_ip(item, why);
	case SCENARIO_V_CIDR:
		return scenario_parse_cidr(item, why);
	case SCENARIO_V_DNAME: {
		g_autofree char *n = scenario_dname_normalise(item, NULL);
		*why = "expected a domain name such as www.example.com";
		return n != NULL;
	}
	case SCENARIO_V_PLACE:
		return check_place(item, why);
	case SCENARIO_V_REGION:
		*why = NULL;
		return geo_is_aws_region(item);
	case SCENARIO_V_REF:
		return TRUE; /* resolved after every statement is known */
	case SCENARIO_V_PATH:
		*why = "expected a file path";
		return item[0] != '\0';
	case SCENARIO_V_GEOPROX:
		if (geo_is_aws_region(item)) {
			return TRUE;
		}
		if (!scenario_parse_coords(item, &lat, &lon, why)) {
			*why =
			    "expected an AWS Region or coordinates LAT,LON such as 47.61,-122.33";
			return FALSE;
		}
		return TRUE;
	case SCENARIO_V_CIDRLOC: {
		const char *slash = strchr(item, '/');
		*why = "expected COLLECTION/LOCATION, or COLLECTION/* for the default record";
		return slash != NULL && slash != item && slash[1] != '\0';
	}
	case SCENARIO_V_COUNTRY:
		*why = "expected an ISO 3166-1 country code such as US or DE, or * for the default";
		return strcmp(item, "*") == 0 || geo_country_continent(item) != NULL;
	case SCENARIO_V_CONTINENT:
		*why = "expected a continent code: AF, AN, AS, EU, NA, OC or SA";
		return geo_is_continent(item);
	case SCENARIO_V_SUBDIVISION:
		*why = "expected a US state code such as WA or NY";
		return geo_is_us_state(item);
	case SCENARIO_V_POPULARITY:
		if (strcmp(item, "uniform") == 0) {
			return TRUE;
		}
		if (g_str_has_prefix(item, "zipf:") && scenario_parse_real(item + 5, num, why) &&
		    *num > 0) {
			return TRUE;
		}
		*why = "expected uniform or zipf:S with S > 0, e.g. zipf:1.0";
		return FALSE;
	}
	return FALSE;
}

gboolean scenario_attr_check(struct scenario_attr *attr, const struct scenario_key_spec *spec,
			     scenario_diags *diags)
{
	attr->spec = spec;
	bool list = (spec->flags & (SCENARIO_KEY_LIST | SCENARIO_KEY_SHARES)) != 0;
	/* single values are kept whole: coordinates contain a comma */
	g_auto(GStrv) items =
	    list ? g_strsplit(attr->text, ",", -1) : g_strdupv((char *[]){ attr->text, NULL });
	gboolean ok = TRUE;
	int col = attr->loc.col;
	if (attr->text[0] == '\0') {
		scenario_diag_error(diags, attr->loc, "empty value for '%s'; expected %s",
				    attr->key, spec->help);
		return FALSE;
	}
	for (guint k = 0; items[k] != NULL; k++) {
		char *item = items[k];
		struct scenario_loc at = { attr->loc.file, attr->loc.line, col };
		col += (int)strlen(item) + 1;
		if ((spec->flags & SCENARIO_KEY_SHARES) != 0) {
			char *colon = strrchr(item, ':');
			if (colon != NULL) {
				double share;
				const char *why;
				if (!scenario_parse_real(colon + 1, &share, &why) || share <= 0) {
					scenario_diag_error(diags, at,
							    "bad share '%s'; expected NAME:SHARE "
							    "with a positive share, e.g. isp:0.7",
							    colon + 1);
					ok = FALSE;
				}
				*colon = '\0';
			}
		}
		if (item[0] == '\0') {
			scenario_diag_error(diags, at,
					    "empty item in the list for '%s'; expected "
					    "comma-separated values without spaces",
					    attr->key);
			ok = FALSE;
			continue;
		}
		double num = 0;
		const char *why = NULL;
		if (!check_item(item, spec, &num, &why)) {
			ok = FALSE;
			if (spec->type == SCENARIO_V_ENUM) {
				const char *s = scenario_suggest(item, spec->choices);
				g_autofree char *choices = g_strjoinv(", ", (char **)spec->choices);
				scenario_diag_error(diags, at,
						    "unknown value '%s' for '%s'%s%s%s; "
						    "expected one of %s",
						    item, attr->key, s ? " (did you mean '" : "",
						    s ? s : "", s ? "'?)" : "", choices);
			} else if (spec->type == SCENARIO_V_REGION) {
				const char *s = scenario_suggest(item, geo_aws_regions());
				scenario_diag_error(diags, at,
						    "unknown AWS Region '%s' for '%s'%s%s%s; "
						    "expected a Region such as us-east-1",
						    item, attr->key, s ? " (did you mean '" : "",
						    s ? s : "", s ? "'?)" : "");
			} else {
				scenario_diag_error(diags, at, "bad value '%s' for '%s': %s", item,
						    attr->key, why);
			}
			continue;
		}
		if (spec->min < spec->max && (num < spec->min || num > spec->max)) {
			g_autofree char *lo = NULL;
			g_autofree char *hi = NULL;
			if (spec->type == SCENARIO_V_DURATION) {
				lo = scenario_format_duration((int64_t)llround(spec->min * 1e9));
				hi = scenario_format_duration((int64_t)llround(spec->max * 1e9));
			} else {
				lo = g_strdup_printf("%g", spec->min);
				hi = g_strdup_printf("%g", spec->max);
			}
			scenario_diag_error(diags, at,
					    "value '%s' for '%s' is out of range; "
					    "expected %s to %s",
					    item, attr->key, lo, hi);
			ok = FALSE;
			continue;
		}
		if (k == 0) {
			attr->d = num;
			attr->i = spec->type == SCENARIO_V_DURATION ? (int64_t)llround(num * 1e9)
								    : (int64_t)num;
			if (spec->type == SCENARIO_V_DURATION) {
				int64_t ns;
				const char *why2;
				if (scenario_parse_duration(item, &ns, &why2)) {
					attr->i = ns;
				}
			}
		}
	}
	return ok;
}

/* Check a statement's attributes against a key table (types, ranges, required keys). */
static void check_attrs(GPtrArray *attrs, const struct scenario_key_spec *keys, const char *what,
			struct scenario_loc where, scenario_diags *diags)
{
	for (guint i = 0; i < attrs->len; i++) {
		struct scenario_attr *a = g_ptr_array_index(attrs, i);
		const struct scenario_key_spec *spec = scenario_key_find(keys, a->key);
		if (spec == NULL) {
			scenario_unknown_key(diags, a->key_loc, a->key, keys, what);
			continue;
		}
		scenario_attr_check(a, spec, diags);
	}
	for (size_t k = 0; keys[k].name != NULL; k++) {
		if ((keys[k].flags & SCENARIO_KEY_REQUIRED) != 0 &&
		    scenario_attrs_get(attrs, keys[k].name) == NULL) {
			scenario_diag_error(diags, where, "%s needs %s=; expected %s", what,
					    keys[k].name, keys[k].help);
		}
	}
}

/* Names of the statements of a kind, NULL-terminated, borrowed. Caller frees the array. */
static const char **names_of(const struct scenario *sc, enum scenario_kind kind)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind == kind && s->name != NULL) {
			g_ptr_array_add(names, s->name);
		}
	}
	g_ptr_array_add(names, NULL);
	return (const char **)g_ptr_array_free(names, FALSE);
}

static bool ref_ok(const struct scenario *sc, enum scenario_kind kind, const char *name,
		   struct scenario_loc loc, scenario_diags *diags)
{
	if (scenario_find(sc, kind, name) != NULL) {
		return true;
	}
	g_autofree const char **names = names_of(sc, kind);
	const char *s = scenario_suggest(name, names);
	const char *kw = scenario_stmt_spec_of(kind)->keyword;
	if (s != NULL) {
		scenario_diag_error(diags, loc,
				    "no %s named '%s' (did you mean '%s'?); expected "
				    "the name of a %s statement",
				    kw, name, s, kw);
	} else {
		scenario_diag_error(diags, loc,
				    "no %s named '%s'; expected the name of a %s "
				    "statement",
				    kw, name, kw);
	}
	return false;
}

/* Resolve every reference in an attribute list. */
static void check_refs(const struct scenario *sc, GPtrArray *attrs, scenario_diags *diags)
{
	for (guint i = 0; i < attrs->len; i++) {
		const struct scenario_attr *a = g_ptr_array_index(attrs, i);
		if (a->spec == NULL || a->spec->type != SCENARIO_V_REF) {
			continue;
		}
		g_auto(GStrv) items = g_strsplit(a->text, ",", -1);
		int col = a->loc.col;
		for (guint k = 0; items[k] != NULL; k++) {
			struct scenario_loc at = { a->loc.file, a->loc.line, col };
			col += (int)strlen(items[k]) + 1;
			char *colon = strrchr(items[k], ':');
			if (colon != NULL && (a->spec->flags & SCENARIO_KEY_SHARES) != 0) {
				*colon = '\0';
			}
			if (items[k][0] != '\0') {
				ref_ok(sc, a->spec->ref_kind, items[k], at, diags);
			}
		}
	}
}

static void check_setting(struct scenario *sc, struct scenario_stmt *s, scenario_diags *diags)
{
	if (s->args->len == 0) {
		return; /* reported by the parser */
	}
	struct scenario_arg *a = g_ptr_array_index(s->args, 0);
	const char *why = NULL;
	int64_t v;
	switch (s->spec->kind) {
	case SCENARIO_KIND_SCENARIO:
		g_free(sc->title);
		sc->title = g_strdup(a->text);
		break;
	case SCENARIO_KIND_DURATION:
		if (!scenario_parse_duration(a->text, &v, &why)) {
			scenario_diag_error(diags, a->loc, "bad duration '%s': %s", a->text, why);
		} else if (v <= 0) {
			scenario_diag_error(diags, a->loc,
					    "duration must be positive; expected "
					    "e.g. 45m");
		} else {
			sc->duration_ns = v;
		}
		break;
	case SCENARIO_KIND_SEED:
		if (!scenario_parse_int(a->text, &v, &why) || v < 0) {
			scenario_diag_error(diags, a->loc,
					    "bad seed '%s'; expected a non-negative "
					    "integer",
					    a->text);
		} else {
			sc->seed = (uint64_t)v;
		}
		break;
	default:
		break;
	}
}

static void no_args(struct scenario_stmt *s, guint allowed, scenario_diags *diags)
{
	if (s->args->len > allowed) {
		struct scenario_arg *a = g_ptr_array_index(s->args, allowed);
		scenario_diag_error(diags, a->loc,
				    "unexpected '%s'; expected %s (settings are "
				    "written key=value)",
				    a->text, s->spec->synopsis);
	}
}

static void no_args_list(GPtrArray *args, guint allowed, const char *synopsis,
			 scenario_diags *diags)
{
	if (args->len > allowed) {
		struct scenario_arg *a = g_ptr_array_index(args, allowed);
		scenario_diag_error(diags, a->loc, "unexpected '%s'; expected %s", a->text,
				    synopsis);
	}
}

static void check_stmt_args(struct scenario *sc, struct scenario_stmt *s, scenario_diags *diags)
{
	const char *why = NULL;
	switch (s->spec->kind) {
	case SCENARIO_KIND_HEALTH: {
		if (s->args->len == 0) {
			scenario_diag_error(diags, s->loc,
					    "health check '%s' has no type; expected "
					    "%s with TYPE one of http, https, http-str-match, "
					    "https-str-match, tcp, calculated",
					    s->name ? s->name : "", s->spec->synopsis);
			break;
		}
		struct scenario_arg *type = g_ptr_array_index(s->args, 0);
		if (!g_strv_contains(scenario_health_types(), type->text)) {
			const char *sug = scenario_suggest(type->text, scenario_health_types());
			scenario_diag_error(
			    diags, type->loc,
			    "unknown health check type '%s'%s%s%s; "
			    "expected http, https, http-str-match, https-str-match, "
			    "tcp or calculated",
			    type->text, sug ? " (did you mean '" : "", sug ? sug : "",
			    sug ? "'?)" : "");
			break;
		}
		bool calculated = strcmp(type->text, "calculated") == 0;
		if (calculated) {
			no_args(s, 1, diags);
			if (scenario_stmt_attr(s, "children") == NULL) {
				scenario_diag_error(
				    diags, type->loc,
				    "a calculated check needs "
				    "children=CHECK,...; expected the child checks");
			}
		} else if (s->args->len < 2) {
			scenario_diag_error(diags, type->loc,
					    "health check '%s' has no endpoint; "
					    "expected an IP address or a backend name after '%s'",
					    s->name ? s->name : "", type->text);
		} else {
			struct scenario_arg *ep = g_ptr_array_index(s->args, 1);
			if (!scenario_parse_ip(ep->text, &why)) {
				ref_ok(sc, SCENARIO_KIND_BACKEND, ep->text, ep->loc, diags);
			}
			no_args(s, 2, diags);
			if (g_str_has_suffix(type->text, "str-match") &&
			    scenario_stmt_attr(s, "search") == NULL) {
				scenario_diag_error(diags, type->loc,
						    "a %s check needs search=\"TEXT\"; "
						    "expected the string to look for",
						    type->text);
			}
		}
		const struct scenario_attr *interval = scenario_stmt_attr(s, "interval");
		if (interval != NULL && interval->spec != NULL &&
		    interval->i != 10 * SIM_NS_PER_S && interval->i != 30 * SIM_NS_PER_S) {
			scenario_diag_error(diags, interval->loc,
					    "Route 53 checks every 10s or 30s; "
					    "expected interval=10s or interval=30s");
		}
		const struct scenario_attr *regions = scenario_stmt_attr(s, "regions");
		if (regions != NULL) {
			g_auto(GStrv) items = scenario_attr_items(regions);
			if (g_strv_length(items) < 3) {
				scenario_diag_error(diags, regions->loc,
						    "Route 53 needs at least 3 "
						    "checker regions; expected 3 or more");
			}
		}
		break;
	}
	case SCENARIO_KIND_LINK: {
		if (s->args->len != 2) {
			scenario_diag_error(diags, s->loc, "link needs two places; expected %s",
					    s->spec->synopsis);
			break;
		}
		for (guint i = 0; i < 2; i++) {
			struct scenario_arg *a = g_ptr_array_index(s->args, i);
			check_link_place(a->text, a->loc, diags);
		}
		break;
	}
	case SCENARIO_KIND_CIDR: {
		if (s->name != NULL && (strchr(s->name, '/') == NULL || s->name[0] == '/' ||
					g_str_has_suffix(s->name, "/"))) {
			scenario_diag_error(diags, s->name_loc,
					    "bad CIDR location '%s'; expected "
					    "COLLECTION/LOCATION, e.g. corp/office",
					    s->name);
		}
		if (s->args->len == 0) {
			scenario_diag_error(diags, s->loc,
					    "CIDR location without prefixes; expected "
					    "%s",
					    s->spec->synopsis);
		}
		for (guint i = 0; i < s->args->len; i++) {
			struct scenario_arg *a = g_ptr_array_index(s->args, i);
			if (!scenario_parse_cidr(a->text, &why)) {
				scenario_diag_error(diags, a->loc, "bad prefix '%s': %s", a->text,
						    why);
			}
		}
		break;
	}
	case SCENARIO_KIND_SCENARIO:
	case SCENARIO_KIND_DURATION:
	case SCENARIO_KIND_SEED:
		check_setting(sc, s, diags);
		break;
	default:
		no_args(s, 0, diags);
		break;
	}
	if (s->spec->kind == SCENARIO_KIND_CLIENTS && scenario_stmt_attr(s, "rate") == NULL &&
	    scenario_stmt_attr(s, "interval") == NULL && scenario_stmt_attr(s, "trace") == NULL) {
		scenario_diag_error(diags, s->loc,
				    "clients '%s' never ask anything; expected rate=, "
				    "interval= or trace=",
				    s->name ? s->name : "");
	}
	const struct scenario_attr *private =
	    s->spec->kind == SCENARIO_KIND_ZONE ? scenario_stmt_attr(s, "private") : NULL;
	bool is_private = private != NULL && private->spec != NULL && private->i != 0;
	const struct scenario_attr *vpc =
	    s->spec->kind == SCENARIO_KIND_ZONE ? scenario_stmt_attr(s, "vpc") : NULL;
	if (is_private && vpc == NULL) {
		/* route53.md 6.5: a private zone is created with a VPC association */
		scenario_diag_error(diags, s->loc,
				    "private zone '%s' is associated with no VPC; expected "
				    "vpc=NAME,... (names of vpc statements)",
				    s->name ? s->name : "");
	} else if (vpc != NULL && !is_private) {
		scenario_diag_error(diags, vpc->loc,
				    "vpc= on the public zone '%s'; only private zones "
				    "(private=yes) are associated with VPCs",
				    s->name ? s->name : "");
	}
	if (s->spec->kind == SCENARIO_KIND_ZONE && !is_private &&
	    scenario_stmt_attr(s, "servers") == NULL) {
		scenario_diag_error(diags, s->loc,
				    "zone '%s' has no name servers; expected "
				    "servers=NS,... (names of server statements, or new names for "
				    "implied anycast servers)",
				    s->name ? s->name : "");
	}
}

void scenario_add_implied_servers(struct scenario *sc)
{
	guint n = sc->stmts->len;
	for (guint i = 0; i < n; i++) {
		struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		const struct scenario_attr *servers =
		    s->spec->kind == SCENARIO_KIND_ZONE ? scenario_stmt_attr(s, "servers") : NULL;
		if (servers == NULL) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(servers);
		for (guint k = 0; items[k] != NULL; k++) {
			if (items[k][0] == '\0' ||
			    scenario_find(sc, SCENARIO_KIND_SERVER, items[k]) != NULL) {
				continue;
			}
			struct scenario_stmt *srv = scenario_stmt_new(
			    scenario_stmt_spec_of(SCENARIO_KIND_SERVER), servers->loc);
			srv->name = g_strdup(items[k]);
			srv->name_loc = servers->loc;
			srv->implied = true;
			g_ptr_array_add(sc->stmts, srv);
		}
	}
}

static void check_duplicates(struct scenario *sc, scenario_diags *diags)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < sc->stmts->len; i++) {
		struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (!s->spec->named || s->name == NULL || s->spec->kind == SCENARIO_KIND_ZONE) {
			continue; /* zones: a private zone may shadow a public one */
		}
		char *key = g_strdup_printf("%s %s", s->spec->keyword, s->name);
		struct scenario_stmt *first = g_hash_table_lookup(seen, key);
		if (first != NULL) {
			scenario_diag_error(diags, s->name_loc,
					    "%s '%s' is defined twice (first at "
					    "line %d); expected unique names",
					    s->spec->keyword, s->name, first->loc.line);
			g_free(key);
		} else {
			g_hash_table_insert(seen, key, s);
		}
	}
}

/* Policy keys: which attribute puts a record under which routing policy. */
static const struct {
	const char *key;
	enum scenario_policy policy;
} policy_keys[] = {
	{ "weight", SCENARIO_POLICY_WEIGHTED },
	{ "failover", SCENARIO_POLICY_FAILOVER },
	{ "region", SCENARIO_POLICY_LATENCY },
	{ "continent", SCENARIO_POLICY_GEOLOCATION },
	{ "country", SCENARIO_POLICY_GEOLOCATION },
	{ "subdivision", SCENARIO_POLICY_GEOLOCATION },
	{ "geoproximity", SCENARIO_POLICY_GEOPROXIMITY },
	{ "multivalue", SCENARIO_POLICY_MULTIVALUE },
	{ "cidr", SCENARIO_POLICY_IP_BASED },
};

static const char *rr_type_name(uint16_t type)
{
	static char buf[32];
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	if (d != NULL && d->_name != NULL) {
		return d->_name;
	}
	g_snprintf(buf, sizeof(buf), "TYPE%u", type);
	return buf;
}

static bool is_aws_target(const char *name)
{
	static const char *const suffixes[] = { ".amazonaws.com.", ".cloudfront.net.",
						".awsglobalaccelerator.com.", ".on.aws.", NULL };
	for (size_t i = 0; suffixes[i] != NULL; i++) {
		if (g_str_has_suffix(name, suffixes[i])) {
			return true;
		}
	}
	return false;
}

static bool name_in_zone(const char *name, const char *origin)
{
	if (strcmp(origin, ".") == 0 || strcmp(name, origin) == 0) {
		return true;
	}
	size_t ln = strlen(name);
	size_t lo = strlen(origin);
	return ln > lo && strcmp(name + ln - lo, origin) == 0 && name[ln - lo - 1] == '.';
}

static bool owner_exists(const struct scenario *sc, const char *name)
{
	for (guint z = 0; z < sc->zones->len; z++) {
		const struct scenario_zone *zone = g_ptr_array_index(sc->zones, z);
		for (guint i = 0; i < zone->records->len; i++) {
			const struct scenario_record *r = g_ptr_array_index(zone->records, i);
			if (strcmp(r->owner, name) == 0) {
				return true;
			}
		}
	}
	return false;
}

/*
 * A `record` action on a name holding Route 53 record sets names one set (set=, unless the group
 * has one), changes weight= of weighted sets only, and ttl=/value= of sets with data only (an
 * alias has neither, route53.md 3.3); on plain records set=, weight= and health= mean nothing.
 */
static void check_r53_action(const struct scenario *sc, const struct scenario_action *a,
			     const char *owner, uint16_t type, scenario_diags *diags)
{
	const struct scenario_attr *set = scenario_attrs_get(a->attrs, "set");
	const struct scenario_attr *weight = scenario_attrs_get(a->attrs, "weight");
	const struct scenario_attr *health = scenario_attrs_get(a->attrs, "health");
	const struct scenario_attr *data = scenario_attrs_get(a->attrs, "value");
	if (data == NULL) {
		data = scenario_attrs_get(a->attrs, "ttl");
	}
	g_autoptr(GPtrArray) ids = g_ptr_array_new();
	const struct scenario_record *chosen = NULL;
	enum scenario_policy policy = SCENARIO_POLICY_SIMPLE;
	for (guint z = 0; z < sc->zones->len; z++) {
		const struct scenario_zone *zone = g_ptr_array_index(sc->zones, z);
		for (guint i = 0; i < zone->records->len; i++) {
			const struct scenario_record *r = g_ptr_array_index(zone->records, i);
			if (strcmp(r->owner, owner) != 0 || r->type != type ||
			    (!r->alias && r->policy == SCENARIO_POLICY_SIMPLE)) {
				continue;
			}
			const struct scenario_attr *id = scenario_attrs_get(r->attrs, "set");
			const char *text = id != NULL ? id->text : "";
			policy = r->policy;
			if (!g_ptr_array_find_with_equal_func(ids, text, g_str_equal, NULL)) {
				g_ptr_array_add(ids, (gpointer)text);
			}
			if (set == NULL || strcmp(set->text, text) == 0) {
				chosen = r;
			}
		}
	}
	const struct scenario_attr *r53_key = set != NULL ? set : weight != NULL ? weight : health;
	if (ids->len == 0) {
		if (r53_key != NULL) {
			scenario_diag_error(
			    diags, r53_key->loc,
			    "%s= applies to Route 53 record sets; %s %s has plain "
			    "records only (expected ttl=, value= or remove)",
			    r53_key->key, a->target_name,
			    ((const struct scenario_arg *)g_ptr_array_index(a->args, 0))->text);
		}
		return;
	}
	g_ptr_array_add(ids, NULL);
	g_autofree char *list = g_strjoinv(", ", (char **)ids->pdata);
	if (set == NULL && ids->len > 2) {
		scenario_diag_error(diags, a->target_loc,
				    "%s has %u Route 53 record sets; expected set=ID, one of %s",
				    a->target_name, ids->len - 1, list);
		return;
	}
	if (set != NULL && chosen == NULL) {
		scenario_diag_error(diags, set->loc, "no record set '%s' at %s; expected one of %s",
				    set->text, a->target_name, list);
		return;
	}
	if (weight != NULL && policy != SCENARIO_POLICY_WEIGHTED) {
		scenario_diag_error(diags, weight->loc,
				    "weight= for %s record sets; only weighted record sets have a "
				    "weight",
				    scenario_policy_name(policy));
	}
	if (data != NULL && chosen != NULL && chosen->alias) {
		scenario_diag_error(diags, data->loc,
				    "%s= for an alias record set; an alias has no TTL or values of "
				    "its own (route53.md 3.3)",
				    data->key);
	}
}

static void check_record(const struct scenario *sc, const struct scenario_zone *zone,
			 struct scenario_record *r, scenario_diags *diags)
{
	check_attrs(r->attrs, scenario_record_keys(), "a record", r->loc, diags);
	check_refs(sc, r->attrs, diags);
	/* deduce the routing policy; one policy per record */
	const struct scenario_attr *policy_attr = NULL;
	r->policy = SCENARIO_POLICY_SIMPLE;
	for (size_t k = 0; k < G_N_ELEMENTS(policy_keys); k++) {
		const struct scenario_attr *a = scenario_attrs_get(r->attrs, policy_keys[k].key);
		if (a == NULL ||
		    (policy_keys[k].policy == SCENARIO_POLICY_MULTIVALUE && a->i == 0)) {
			continue;
		}
		if (policy_attr != NULL && policy_keys[k].policy != r->policy) {
			scenario_diag_error(diags, a->key_loc,
					    "a record has one routing policy, but "
					    "%s= (%s) and %s= (%s) are both given; expected one",
					    policy_attr->key, scenario_policy_name(r->policy),
					    a->key, scenario_policy_name(policy_keys[k].policy));
			continue;
		}
		policy_attr = a;
		r->policy = policy_keys[k].policy;
	}
	const struct scenario_attr *set = scenario_attrs_get(r->attrs, "set");
	if (r->policy != SCENARIO_POLICY_SIMPLE && set == NULL) {
		scenario_diag_error(diags, r->loc,
				    "a %s record needs set=ID (Route 53's set "
				    "identifier); expected set=NAME",
				    scenario_policy_name(r->policy));
	}
	if (r->policy == SCENARIO_POLICY_SIMPLE && set != NULL) {
		scenario_diag_error(diags, set->key_loc,
				    "set= is only for records with a routing "
				    "policy; expected weight=, failover=, region=, country=, "
				    "geoproximity=, multivalue= or cidr= with it");
	}
	const struct scenario_attr *bias = scenario_attrs_get(r->attrs, "bias");
	if (bias != NULL && r->policy != SCENARIO_POLICY_GEOPROXIMITY) {
		scenario_diag_error(diags, bias->key_loc,
				    "bias= applies to geoproximity records; "
				    "expected geoproximity= with it");
	}
	const struct scenario_attr *eth = scenario_attrs_get(r->attrs, "evaluate-target-health");
	if (eth != NULL && !r->alias) {
		scenario_diag_error(diags, eth->key_loc,
				    "evaluate-target-health= applies to alias "
				    "records; expected 'TYPE alias TARGET' on this line");
	}
	const struct scenario_attr *cont = scenario_attrs_get(r->attrs, "continent");
	const struct scenario_attr *country = scenario_attrs_get(r->attrs, "country");
	const struct scenario_attr *sub = scenario_attrs_get(r->attrs, "subdivision");
	if (cont != NULL && (country != NULL || sub != NULL)) {
		scenario_diag_error(
		    diags, cont->key_loc,
		    "continent= cannot be combined with "
		    "country= or subdivision= (Route 53 InvalidInput); expected one");
	}
	if (sub != NULL && (country == NULL || strcmp(country->text, "US") != 0)) {
		scenario_diag_error(diags, sub->key_loc,
				    "subdivision= needs country=US (Route 53 "
				    "supports US states only); expected country=US");
	}
	if (!name_in_zone(r->owner, zone->origin)) {
		scenario_diag_error(diags, r->loc,
				    "owner '%s' is outside zone '%s'; expected a name "
				    "ending in %s",
				    r->owner, zone->origin, zone->origin);
	}
	if (r->type == LDNS_RR_TYPE_CNAME && strcmp(r->owner, zone->origin) == 0) {
		scenario_diag_error(diags, r->loc,
				    "CNAME at the zone apex '%s' is not allowed "
				    "(RFC 1034 3.6.2: the apex has SOA and NS); expected an alias "
				    "record: '@ A alias TARGET'",
				    zone->origin);
	}
	if (r->type == LDNS_RR_TYPE_SOA && strcmp(r->owner, zone->origin) != 0) {
		scenario_diag_error(diags, r->loc, "SOA must be at the zone apex '%s'",
				    zone->origin);
	}
	if (r->alias && r->alias_target != NULL) {
		bool in_scenario = false;
		for (guint z = 0; z < sc->zones->len; z++) {
			const struct scenario_zone *oz = g_ptr_array_index(sc->zones, z);
			in_scenario |= oz->origin != NULL && strcmp(oz->origin, ".") != 0 &&
				       name_in_zone(r->alias_target, oz->origin);
		}
		if (in_scenario && !owner_exists(sc, r->alias_target)) {
			scenario_diag_error(diags, r->alias_loc,
					    "alias target '%s' has no records; "
					    "expected an existing name (Route 53 aliases point at "
					    "existing record sets)",
					    r->alias_target);
		} else if (!in_scenario && !is_aws_target(r->alias_target)) {
			scenario_diag_error(
			    diags, r->alias_loc,
			    "alias target '%s' is neither in a "
			    "zone of this scenario nor an AWS resource name; expected "
			    "a name in a scenario zone or under amazonaws.com., "
			    "cloudfront.net. or awsglobalaccelerator.com.",
			    r->alias_target);
		}
	}
}

/* Rules across the records of one name and type: one policy, unique set ids, one primary. */
static void check_record_groups(const struct scenario_zone *zone, scenario_diags *diags)
{
	guint n = zone->records->len;
	for (guint i = 0; i < n; i++) {
		const struct scenario_record *a = g_ptr_array_index(zone->records, i);
		const struct scenario_attr *set_a = scenario_attrs_get(a->attrs, "set");
		for (guint j = 0; j < i; j++) {
			const struct scenario_record *b = g_ptr_array_index(zone->records, j);
			if (strcmp(a->owner, b->owner) != 0) {
				continue;
			}
			if ((a->type == LDNS_RR_TYPE_CNAME) != (b->type == LDNS_RR_TYPE_CNAME)) {
				scenario_diag_error(
				    diags, a->loc,
				    "'%s' has a CNAME and other data "
				    "(line %d); RFC 1034 allows no other data with a "
				    "CNAME",
				    a->owner, b->loc.line);
				break;
			}
			if (a->type != b->type) {
				continue;
			}
			if (a->policy != b->policy) {
				scenario_diag_error(
				    diags, a->loc,
				    "%s %s mixes routing policies: %s "
				    "here, %s at line %d; expected one policy per name "
				    "and type",
				    a->owner, rr_type_name(a->type),
				    scenario_policy_name(a->policy),
				    scenario_policy_name(b->policy), b->loc.line);
				break;
			}
			if (a->alias != b->alias && a->policy == SCENARIO_POLICY_SIMPLE) {
				scenario_diag_error(diags, a->loc,
						    "%s %s is both an alias and plain "
						    "records (line %d); expected one or the other",
						    a->owner, rr_type_name(a->type), b->loc.line);
				break;
			}
			const struct scenario_attr *set_b = scenario_attrs_get(b->attrs, "set");
			if (set_a != NULL && set_b != NULL &&
			    strcmp(set_a->text, set_b->text) == 0 && (a->alias || b->alias)) {
				scenario_diag_error(diags, set_a->loc,
						    "set '%s' of %s %s is given "
						    "twice (line %d) and one is an alias; expected "
						    "unique set identifiers",
						    set_a->text, a->owner, rr_type_name(a->type),
						    b->loc.line);
				break;
			}
			if (a->policy == SCENARIO_POLICY_FAILOVER && set_a != NULL &&
			    set_b != NULL && strcmp(set_a->text, set_b->text) != 0) {
				const struct scenario_attr *fa =
				    scenario_attrs_get(a->attrs, "failover");
				const struct scenario_attr *fb =
				    scenario_attrs_get(b->attrs, "failover");
				if (fa != NULL && fb != NULL && strcmp(fa->text, fb->text) == 0) {
					scenario_diag_error(
					    diags, fa->loc,
					    "%s %s has two %s failover "
					    "records (line %d); expected one primary "
					    "and one secondary",
					    a->owner, rr_type_name(a->type), fa->text, b->loc.line);
					break;
				}
			}
		}
	}
	guint soa = 0;
	for (guint i = 0; i < n; i++) {
		const struct scenario_record *r = g_ptr_array_index(zone->records, i);
		if (r->type == LDNS_RR_TYPE_SOA && ++soa == 2) {
			scenario_diag_error(diags, r->loc,
					    "zone '%s' has a second SOA; expected one",
					    zone->origin);
		}
	}
}

static void check_action(struct scenario *sc, struct scenario_action *a, scenario_diags *diags)
{
	const char *const *words = scenario_target_words();
	const struct scenario_target_spec *ts = NULL;
	for (size_t i = 0; words[i] != NULL; i++) {
		const struct scenario_target_spec *t = scenario_target_find(words[i]);
		if (t->target == (int)a->target) {
			ts = t;
		}
	}
	if (a->target_name == NULL || ts == NULL) {
		return; /* reported by the parser */
	}
	if (a->at_ns > sc->duration_ns) {
		g_autofree char *at = scenario_format_duration(a->at_ns);
		g_autofree char *d = scenario_format_duration(sc->duration_ns);
		scenario_diag_error(diags, a->time_loc,
				    "action at %s is after the end of the run "
				    "(%s); expected a time within the duration",
				    at, d);
	}
	if (ts->ref_kind != SCENARIO_KIND_COUNT && a->target != SCENARIO_TARGET_ZONE) {
		ref_ok(sc, ts->ref_kind, a->target_name, a->target_loc, diags);
	}
	if (a->target == SCENARIO_TARGET_ZONE) {
		g_autofree char *origin = scenario_dname_normalise(a->target_name, NULL);
		if (origin == NULL || scenario_find(sc, SCENARIO_KIND_ZONE, origin) == NULL) {
			scenario_diag_error(diags, a->target_loc,
					    "no zone '%s'; expected the origin "
					    "of a zone statement",
					    a->target_name);
		} else if (a->verb != NULL &&
			   (strcmp(a->verb, "add") == 0 || strcmp(a->verb, "remove") == 0)) {
			if (a->args->len != 1) {
				scenario_diag_error(diags, a->verb_loc,
						    "'%s' needs one quoted record; "
						    "expected zone ORIGIN %s \"www 60 IN A "
						    "192.0.2.1\"",
						    a->verb, a->verb);
			} else {
				struct scenario_arg *rr_arg = g_ptr_array_index(a->args, 0);
				ldns_rr *rr =
				    scenario_rr_parse(rr_arg->text, origin, rr_arg->loc, diags);
				if (rr != NULL) {
					ldns_rr_free(rr);
				}
			}
		} else if (a->verb != NULL && strcmp(a->verb, "delegate") == 0 &&
			   scenario_attrs_get(a->attrs, "servers") == NULL) {
			scenario_diag_error(diags, a->verb_loc,
					    "delegate needs servers=NS,...; "
					    "expected the new name servers");
		}
	}
	if (a->target == SCENARIO_TARGET_CLIENTS) {
		const struct scenario_stmt *pop =
		    scenario_find(sc, SCENARIO_KIND_CLIENTS, a->target_name);
		const struct scenario_attr *rate = scenario_attrs_get(a->attrs, "rate");
		if (pop != NULL && rate != NULL && scenario_stmt_attr(pop, "trace") != NULL) {
			scenario_diag_error(diags, rate->key_loc,
					    "clients '%s' replay a trace file; a rate= change has "
					    "no meaning for them; expected a population with rate= "
					    "or interval=",
					    a->target_name);
		}
	}
	if (a->target == SCENARIO_TARGET_RECORD) {
		g_autofree char *owner = scenario_dname_normalise(a->target_name, NULL);
		if (owner == NULL || !owner_exists(sc, owner)) {
			scenario_diag_error(diags, a->target_loc,
					    "no records named '%s'; expected "
					    "an owner name with records in a zone",
					    a->target_name);
		}
		if (a->args->len == 0) {
			scenario_diag_error(diags, a->target_loc,
					    "missing record type after '%s'; "
					    "expected %s",
					    a->target_name, ts->synopsis);
		} else {
			struct scenario_arg *type = g_ptr_array_index(a->args, 0);
			if (ldns_get_rr_type_by_name(type->text) == 0) {
				scenario_diag_error(diags, type->loc,
						    "unknown record type '%s'; "
						    "expected a type such as A or AAAA",
						    type->text);
			}
			no_args_list(a->args, 1, ts->synopsis, diags);
			if (owner != NULL) {
				check_r53_action(sc, a, owner,
						 (uint16_t)ldns_get_rr_type_by_name(type->text),
						 diags);
			}
		}
	} else if (a->target == SCENARIO_TARGET_LINK) {
		check_link_place(a->target_name, a->target_loc, diags);
		if (a->args->len < 1) {
			scenario_diag_error(diags, a->target_loc,
					    "link needs two places; expected "
					    "%s",
					    ts->synopsis);
		} else {
			struct scenario_arg *b = g_ptr_array_index(a->args, 0);
			check_link_place(b->text, b->loc, diags);
			no_args_list(a->args, 1, ts->synopsis, diags);
		}
	} else if (a->target != SCENARIO_TARGET_ZONE) {
		no_args_list(a->args, 0, ts->synopsis, diags);
	}
	if (a->verb != NULL && !g_strv_contains(ts->verbs, a->verb)) {
		const char *s = scenario_suggest(a->verb, ts->verbs);
		g_autofree char *verbs = g_strjoinv(", ", (char **)ts->verbs);
		scenario_diag_error(diags, a->verb_loc,
				    "unknown action '%s' for %s%s%s%s; expected "
				    "%s%s",
				    a->verb, ts->word, s ? " (did you mean '" : "", s ? s : "",
				    s ? "'?)" : "",
				    ts->verbs[0] ? "one of "
						 : "key=value "
						   "settings",
				    verbs);
	}
	g_autofree char *what = g_strdup_printf("'at ... %s'", ts->word);
	check_attrs(a->attrs, ts->keys, what, a->loc, diags);
	check_refs(sc, a->attrs, diags);
	if (a->verb == NULL && a->attrs->len == 0) {
		scenario_diag_error(diags, a->loc, "timeline action does nothing; expected %s",
				    ts->synopsis);
	}
	static const char *const one_shot[] = { "flush",  "restart",  "add",
						"remove", "delegate", "up",
						"enable", "uninvert", NULL };
	if (a->until_ns >= 0 && a->verb != NULL && g_strv_contains(one_shot, a->verb)) {
		scenario_diag_error(
		    diags, a->verb_loc,
		    "'%s' cannot be undone at the end of a "
		    "range; expected a single time (at TIME) or a state such as down",
		    a->verb);
	}
}

/* Does metric name match a registry pattern? On a match, *entity points into name. */
static const struct scenario_metric_spec *metric_match(const char *name, char **entity)
{
	const struct scenario_metric_spec *m = scenario_metrics();
	for (; m->pattern != NULL; m++) {
		const char *star = strchr(m->pattern, '*');
		if (star == NULL) {
			if (strcmp(name, m->pattern) == 0) {
				*entity = NULL;
				return m;
			}
			continue;
		}
		size_t pre = (size_t)(star - m->pattern);
		const char *post = star + 1;
		size_t ln = strlen(name);
		size_t lpost = strlen(post);
		if (ln > pre + lpost && strncmp(name, m->pattern, pre) == 0 &&
		    strcmp(name + ln - lpost, post) == 0) {
			*entity = g_strndup(name + pre, ln - pre - lpost);
			return m;
		}
	}
	return NULL;
}

static void check_expect(struct scenario *sc, struct scenario_expect *e, scenario_diags *diags)
{
	if (e->metric == NULL || e->value_text == NULL) {
		return;
	}
	char *entity = NULL;
	const struct scenario_metric_spec *m = metric_match(e->metric, &entity);
	if (m == NULL) {
		GPtrArray *names = g_ptr_array_new();
		for (const struct scenario_metric_spec *k = scenario_metrics(); k->pattern; k++) {
			g_ptr_array_add(names, (gpointer)k->pattern);
		}
		g_ptr_array_add(names, NULL);
		g_autofree char *list = g_strjoinv(", ", (char **)names->pdata);
		const char *s = scenario_suggest(e->metric, (const char *const *)names->pdata);
		scenario_diag_error(diags, e->metric_loc,
				    "unknown metric '%s'%s%s%s; expected one "
				    "of %s (* = a name)",
				    e->metric, s ? " (did you mean '" : "", s ? s : "",
				    s ? "'?)" : "", list);
		g_ptr_array_free(names, TRUE);
		return;
	}
	if (entity != NULL) {
		struct scenario_loc at = e->metric_loc;
		at.col += (int)(strchr(m->pattern, '*') - m->pattern);
		if (m->ref_kind == SCENARIO_KIND_COUNT) {
			/* a number, not a name: the N-th failure, from 1 */
			guint64 n = 0;
			if (!g_ascii_string_to_unsigned(entity, 10, 1, G_MAXUINT32, &n, NULL)) {
				scenario_diag_error(
				    diags, at, "bad failure number '%s' in %s; expected 1, 2, ...",
				    entity, e->metric);
			}
		} else {
			ref_ok(sc, m->ref_kind, entity, at, diags);
		}
		g_free(entity);
	}
	const char *why = NULL;
	int64_t ns;
	switch (m->unit) {
	case SCENARIO_UNIT_SECONDS:
		if (!scenario_parse_duration(e->value_text, &ns, &why)) {
			scenario_diag_error(diags, e->value_loc, "bad value '%s' for %s: %s",
					    e->value_text, e->metric, why);
		} else {
			e->value = (double)ns / 1e9;
		}
		break;
	case SCENARIO_UNIT_RATIO:
		if (!scenario_parse_ratio(e->value_text, &e->value, &why)) {
			scenario_diag_error(diags, e->value_loc, "bad value '%s' for %s: %s",
					    e->value_text, e->metric, why);
		}
		break;
	case SCENARIO_UNIT_USD:
	case SCENARIO_UNIT_COUNT:
		if (!scenario_parse_real(
			e->value_text + (m->unit == SCENARIO_UNIT_USD && e->value_text[0] == '$'),
			&e->value, &why)) {
			scenario_diag_error(diags, e->value_loc, "bad value '%s' for %s: %s",
					    e->value_text, e->metric, why);
		}
		break;
	}
}

/* private=yes, not merely private= given (private=no is a public zone). */
/* Index of a process= choice (schema.c's processes). */
enum { PROCESS_POISSON, PROCESS_FIXED, PROCESS_DIURNAL, PROCESS_TRACE };

/*
 * A population's query process and its trace= file: the keys that go together, and the trace
 * read now (errors at the trace's FILE:LINE:COL), its bytes chained into the digest.
 */
static void check_process(struct scenario *sc, struct scenario_stmt *s, GChecksum **digest,
			  scenario_diags *diags)
{
	const struct scenario_attr *process = scenario_stmt_attr(s, "process");
	const struct scenario_attr *trace = scenario_stmt_attr(s, "trace");
	const struct scenario_attr *rate = scenario_stmt_attr(s, "rate");
	const struct scenario_attr *interval = scenario_stmt_attr(s, "interval");
	const struct scenario_attr *count = scenario_stmt_attr(s, "count");
	const char *name = s->name != NULL ? s->name : "";
	int64_t kind = process != NULL && process->spec != NULL ? process->i : -1;
	if (trace != NULL && (rate != NULL || interval != NULL)) {
		const struct scenario_attr *other = rate != NULL ? rate : interval;
		scenario_diag_error(diags, other->key_loc,
				    "clients '%s' replay trace=; %s= has no meaning with it; "
				    "expected either a trace or a rate/interval",
				    name, other->key);
	}
	if (trace != NULL && kind >= 0 && kind != PROCESS_TRACE) {
		scenario_diag_error(diags, process->loc,
				    "process=%s with trace=; expected process=trace (or no "
				    "process=) to replay a trace file",
				    process->text);
	}
	if (kind == PROCESS_TRACE && trace == NULL) {
		scenario_diag_error(diags, process->loc,
				    "process=trace without a file; expected trace=FILE");
	}
	if (kind == PROCESS_DIURNAL && rate == NULL) {
		scenario_diag_error(diags, process->loc,
				    "process=diurnal without a rate; expected rate= (the daily "
				    "mean per client)");
	}
	if (trace == NULL || trace->text[0] == '\0' || count == NULL || count->spec == NULL ||
	    count->i < 1) {
		return;
	}
	g_autofree char *path = g_path_is_absolute(trace->text)
				    ? g_strdup(trace->text)
				    : g_build_filename(sc->dir, trace->text, NULL);
	if (*digest == NULL) {
		*digest = g_checksum_new(G_CHECKSUM_SHA256);
		g_checksum_update(*digest, (const guchar *)sc->digest, (gssize)strlen(sc->digest));
	}
	scenario_trace_free(s->trace);
	s->trace = scenario_trace_load(path, (uint64_t)count->i, trace->loc, *digest, diags);
}

static bool zone_is_private(const struct scenario_zone *zone)
{
	const struct scenario_attr *a = scenario_stmt_attr(zone->stmt, "private");
	return a != NULL && a->spec != NULL && a->i != 0;
}

void scenario_validate(struct scenario *sc, scenario_diags *diags)
{
	scenario_add_implied_servers(sc);
	check_duplicates(sc, diags);
	for (guint i = 0; i < sc->stmts->len; i++) {
		struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		g_autofree char *what = s->name
					    ? g_strdup_printf("%s '%s'", s->spec->keyword, s->name)
					    : g_strdup_printf("'%s'", s->spec->keyword);
		check_attrs(s->attrs, s->spec->keys, what, s->loc, diags);
		check_stmt_args(sc, s, diags);
	}
	for (guint i = 0; i < sc->stmts->len; i++) {
		struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		check_refs(sc, s->attrs, diags);
	}
	GChecksum *digest = NULL; /* traces chained into the digest, if there are any */
	for (guint i = 0; i < sc->stmts->len; i++) {
		struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind == SCENARIO_KIND_CLIENTS) {
			check_process(sc, s, &digest, diags);
		}
	}
	if (digest != NULL) {
		g_strlcpy(sc->digest, g_checksum_get_string(digest), sizeof(sc->digest));
		g_checksum_free(digest);
	}
	const struct scenario_stmt *report = scenario_find(sc, SCENARIO_KIND_REPORT, NULL);
	const struct scenario_attr *bucket = report ? scenario_stmt_attr(report, "bucket") : NULL;
	if (bucket != NULL && bucket->spec != NULL && bucket->i > 0) {
		sc->bucket_ns = bucket->i;
	}
	if (sc->title == NULL) {
		g_autofree char *base = g_path_get_basename(sc->file);
		sc->title = g_strdup(base);
	}
	for (guint z = 0; z < sc->zones->len; z++) {
		struct scenario_zone *zone = g_ptr_array_index(sc->zones, z);
		if (zone->origin == NULL) {
			continue;
		}
		for (guint i = 0; i < zone->records->len; i++) {
			check_record(sc, zone, g_ptr_array_index(zone->records, i), diags);
		}
		check_record_groups(zone, diags);
		for (guint y = 0; y < z; y++) {
			struct scenario_zone *other = g_ptr_array_index(sc->zones, y);
			if (other->origin != NULL && strcmp(other->origin, zone->origin) == 0 &&
			    !zone_is_private(zone) && !zone_is_private(other)) {
				scenario_diag_error(
				    diags, zone->stmt->name_loc,
				    "zone '%s' is "
				    "defined twice (first at line %d); expected one "
				    "public zone per origin",
				    zone->origin, other->stmt->loc.line);
			}
		}
	}
	for (guint i = 0; i < sc->actions->len; i++) {
		check_action(sc, g_ptr_array_index(sc->actions, i), diags);
	}
	for (guint i = 0; i < sc->expects->len; i++) {
		check_expect(sc, g_ptr_array_index(sc->expects, i), diags);
	}
}
