/*
 * --set KEY=VALUE: change any parameter from the command line, before validation, so the value
 * is checked exactly like one written in the file. KEY forms:
 *
 *   duration | seed | scenario             top-level settings
 *   report.KEY | network.KEY               the single report / network statement
 *   KIND.NAME.KEY                          an entity: resolver.isp.profile, clients.nyc.rate
 *   zone.ORIGIN.KEY                        zone.example.com.ns-ttl (ORIGIN has no trailing dot)
 *   record.OWNER[/TYPE[/SET]].KEY          record.www.example.com/A/primary.ttl, .weight, ...
 *
 * The first dot ends KIND, the last dot starts KEY, everything between is the name.
 * Errors are reported at "--set:N:COL" (N = the Nth --set option).
 */
#include <string.h>

#include "sim/scenario/internal.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

static void set_attr(GPtrArray *attrs, const char *key, const char *value,
		     struct scenario_loc key_loc, struct scenario_loc value_loc)
{
	for (guint i = 0; i < attrs->len; i++) {
		struct scenario_attr *a = g_ptr_array_index(attrs, i);
		if (strcmp(a->key, key) == 0) {
			g_free(a->text);
			a->text = g_strdup(value);
			a->loc = value_loc;
			a->key_loc = key_loc;
			a->from_override = true;
			return;
		}
	}
	struct scenario_attr *a = scenario_attr_new(key, value, key_loc, value_loc);
	a->from_override = true;
	g_ptr_array_add(attrs, a);
}

static void set_setting(struct scenario *sc, enum scenario_kind kind, const char *value,
			struct scenario_loc loc)
{
	struct scenario_stmt *s = scenario_find(sc, kind, NULL);
	if (s == NULL) {
		s = scenario_stmt_new(scenario_stmt_spec_of(kind), loc);
		g_ptr_array_add(sc->stmts, s);
	}
	g_ptr_array_set_size(s->args, 0);
	struct scenario_arg *a = g_new0(struct scenario_arg, 1);
	a->text = g_strdup(value);
	a->loc = loc;
	g_ptr_array_add(s->args, a);
}

/* record.OWNER[/TYPE[/SET]].KEY */
static void set_record(struct scenario *sc, const char *target, const char *key, const char *value,
		       struct scenario_loc name_loc, struct scenario_loc key_loc,
		       struct scenario_loc value_loc, scenario_diags *diags)
{
	g_auto(GStrv) parts = g_strsplit(target, "/", 3);
	/* an empty target splits into no parts at all */
	g_autofree char *owner = parts[0] != NULL ? scenario_dname_normalise(parts[0], NULL) : NULL;
	uint16_t type = owner != NULL && parts[1] != NULL ? ldns_get_rr_type_by_name(parts[1]) : 0;
	const char *set = owner != NULL && parts[1] != NULL ? parts[2] : NULL;
	if (owner == NULL || (parts[1] != NULL && type == 0)) {
		scenario_diag_error(diags, name_loc,
				    "bad record selector '%s'; expected "
				    "OWNER[/TYPE[/SET]], e.g. www.example.com/A/primary",
				    target);
		return;
	}
	bool is_ttl = strcmp(key, "ttl") == 0;
	if (!is_ttl && scenario_key_find(scenario_record_keys(), key) == NULL) {
		scenario_unknown_key(diags, key_loc, key, scenario_record_keys(),
				     "a record (or ttl)");
		return;
	}
	int64_t ttl_ns = 0;
	const char *why = NULL;
	if (is_ttl && !scenario_parse_duration(value, &ttl_ns, &why)) {
		scenario_diag_error(diags, value_loc, "bad value '%s' for 'ttl': %s", value, why);
		return;
	}
	guint matched = 0;
	for (guint z = 0; z < sc->zones->len; z++) {
		struct scenario_zone *zone = g_ptr_array_index(sc->zones, z);
		for (guint i = 0; i < zone->records->len; i++) {
			struct scenario_record *r = g_ptr_array_index(zone->records, i);
			const struct scenario_attr *rs = scenario_attrs_get(r->attrs, "set");
			if (strcmp(r->owner, owner) != 0 || (type != 0 && r->type != type) ||
			    (set != NULL && (rs == NULL || strcmp(rs->text, set) != 0))) {
				continue;
			}
			matched++;
			if (!is_ttl) {
				set_attr(r->attrs, key, value, key_loc, value_loc);
			} else if (r->alias) {
				scenario_diag_error(diags, key_loc,
						    "%s is an alias record: it takes "
						    "its target's TTL; expected a plain record",
						    target);
			} else {
				r->ttl = (uint32_t)MIN(ttl_ns / SIM_NS_PER_S, INT32_MAX);
				ldns_rr_set_ttl(r->rr, r->ttl);
			}
		}
	}
	if (matched == 0) {
		scenario_diag_error(diags, name_loc,
				    "no record matches '%s'; expected "
				    "OWNER[/TYPE[/SET]] of a record in a zone",
				    target);
	}
}

static void apply_one(struct scenario *sc, const char *opt, int index, scenario_diags *diags)
{
	const char *file = scenario_diags_intern(diags, "--set");
	const char *eq = strchr(opt, '=');
	struct scenario_loc at_start = { file, index, 1 };
	if (eq == NULL || eq == opt) {
		scenario_diag_error(diags, at_start,
				    "bad --set '%s'; expected KEY=VALUE, e.g. "
				    "--set resolver.isp.profile=bind-9.20",
				    opt);
		return;
	}
	g_autofree char *path = g_strndup(opt, (gsize)(eq - opt));
	const char *value = eq + 1;
	struct scenario_loc value_loc = { file, index, (int)(eq - opt) + 2 };
	const char *first_dot = strchr(path, '.');
	const char *last_dot = strrchr(path, '.');
	if (first_dot == NULL) {
		static const char *const settings[] = { "duration", "seed", "scenario", NULL };
		enum scenario_kind kind;
		if (strcmp(path, "duration") == 0) {
			kind = SCENARIO_KIND_DURATION;
		} else if (strcmp(path, "seed") == 0) {
			kind = SCENARIO_KIND_SEED;
		} else if (strcmp(path, "scenario") == 0) {
			kind = SCENARIO_KIND_SCENARIO;
		} else {
			const char *s = scenario_suggest(path, settings);
			scenario_diag_error(diags, at_start,
					    "unknown setting '%s'%s%s%s; expected "
					    "duration, seed, scenario or KIND.NAME.KEY",
					    path, s ? " (did you mean '" : "", s ? s : "",
					    s ? "'?)" : "");
			return;
		}
		set_setting(sc, kind, value, value_loc);
		return;
	}
	g_autofree char *kind_word = g_strndup(path, (gsize)(first_dot - path));
	const char *key = last_dot + 1;
	struct scenario_loc key_loc = { file, index, (int)(key - path) + 1 };
	struct scenario_loc name_loc = { file, index, (int)(first_dot - path) + 2 };
	if (strcmp(kind_word, "record") == 0) {
		if (first_dot == last_dot) {
			scenario_diag_error(diags, at_start,
					    "bad --set key '%s'; expected "
					    "record.OWNER[/TYPE[/SET]].KEY",
					    path);
			return;
		}
		g_autofree char *target =
		    g_strndup(first_dot + 1, (gsize)(last_dot - first_dot - 1));
		set_record(sc, target, key, value, name_loc, key_loc, value_loc, diags);
		return;
	}
	const struct scenario_stmt_spec *spec = scenario_stmt_spec_find(kind_word);
	if (spec == NULL || spec->kind == SCENARIO_KIND_AT || spec->kind == SCENARIO_KIND_EXPECT ||
	    spec->kind == SCENARIO_KIND_CIDR || spec->kind == SCENARIO_KIND_LINK) {
		static const char *const kinds[] = { "record",	"zone",	    "server",  "health",
						     "backend", "resolver", "clients", "vpc",
						     "report",	"network",  NULL };
		const char *s = scenario_suggest(kind_word, kinds);
		scenario_diag_error(
		    diags, at_start,
		    "cannot --set '%s'%s%s%s; expected a key "
		    "starting with record, zone, server, health, backend, resolver, "
		    "clients, vpc, report or network",
		    kind_word, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
		return;
	}
	struct scenario_stmt *stmt = NULL;
	if (!spec->named) {
		if (first_dot != last_dot) {
			scenario_diag_error(diags, at_start, "bad --set key '%s'; expected %s.KEY",
					    path, kind_word);
			return;
		}
		stmt = scenario_find(sc, spec->kind, NULL);
		if (stmt == NULL) {
			stmt = scenario_stmt_new(spec, at_start);
			g_ptr_array_add(sc->stmts, stmt);
		}
	} else {
		if (first_dot == last_dot) {
			scenario_diag_error(diags, at_start,
					    "bad --set key '%s'; expected "
					    "%s.NAME.KEY",
					    path, kind_word);
			return;
		}
		g_autofree char *name = g_strndup(first_dot + 1, (gsize)(last_dot - first_dot - 1));
		if (spec->kind == SCENARIO_KIND_ZONE) {
			char *origin = scenario_dname_normalise(name, NULL);
			g_free(name);
			name = origin != NULL ? origin : g_strdup("");
		}
		stmt = scenario_find(sc, spec->kind, name);
		if (stmt == NULL && spec->kind == SCENARIO_KIND_SERVER) {
			/* a server only named in a zone's servers= can be set too */
			scenario_add_implied_servers(sc);
			stmt = scenario_find(sc, spec->kind, name);
		}
		if (stmt == NULL) {
			scenario_diag_error(diags, name_loc,
					    "no %s named '%s'; expected the name "
					    "of a %s in the scenario",
					    kind_word, name, kind_word);
			return;
		}
	}
	if (scenario_key_find(spec->keys, key) == NULL) {
		g_autofree char *what = g_strdup_printf("'%s'", kind_word);
		scenario_unknown_key(diags, key_loc, key, spec->keys, what);
		return;
	}
	set_attr(stmt->attrs, key, value, key_loc, value_loc);
}

void scenario_apply_overrides(struct scenario *sc, const char *const *overrides,
			      scenario_diags *diags)
{
	for (int i = 0; overrides != NULL && overrides[i] != NULL; i++) {
		apply_one(sc, overrides[i], i + 1, diags);
	}
}
