#include "sim/scenario/model.h"

#include <string.h>

#include "sim/scenario/internal.h"

static const char *const policy_names[] = {
	[SCENARIO_POLICY_SIMPLE] = "simple",
	[SCENARIO_POLICY_WEIGHTED] = "weighted",
	[SCENARIO_POLICY_FAILOVER] = "failover",
	[SCENARIO_POLICY_LATENCY] = "latency",
	[SCENARIO_POLICY_GEOLOCATION] = "geolocation",
	[SCENARIO_POLICY_GEOPROXIMITY] = "geoproximity",
	[SCENARIO_POLICY_MULTIVALUE] = "multivalue",
	[SCENARIO_POLICY_IP_BASED] = "ip-based",
};

const char *scenario_policy_name(enum scenario_policy policy)
{
	return policy_names[policy];
}

struct scenario_attr *scenario_attr_new(const char *key, const char *text,
					struct scenario_loc key_loc, struct scenario_loc loc)
{
	struct scenario_attr *a = g_new0(struct scenario_attr, 1);
	a->key = g_strdup(key);
	a->text = g_strdup(text);
	a->key_loc = key_loc;
	a->loc = loc;
	return a;
}

void scenario_attr_free(struct scenario_attr *attr)
{
	if (attr == NULL) {
		return;
	}
	g_free(attr->key);
	g_free(attr->text);
	g_free(attr);
}

void scenario_arg_free(struct scenario_arg *arg)
{
	if (arg == NULL) {
		return;
	}
	g_free(arg->text);
	g_free(arg);
}

struct scenario_stmt *scenario_stmt_new(const struct scenario_stmt_spec *spec,
					struct scenario_loc loc)
{
	struct scenario_stmt *s = g_new0(struct scenario_stmt, 1);
	s->spec = spec;
	s->loc = loc;
	s->args = g_ptr_array_new_with_free_func((GDestroyNotify)scenario_arg_free);
	s->attrs = g_ptr_array_new_with_free_func((GDestroyNotify)scenario_attr_free);
	return s;
}

void scenario_stmt_free(struct scenario_stmt *stmt)
{
	if (stmt == NULL) {
		return;
	}
	g_free(stmt->name);
	g_ptr_array_free(stmt->args, TRUE);
	g_ptr_array_free(stmt->attrs, TRUE);
	scenario_trace_free(stmt->trace);
	g_free(stmt);
}

static void record_free(struct scenario_record *r)
{
	if (r->rr != NULL) {
		ldns_rr_free(r->rr);
	}
	g_free(r->owner);
	g_free(r->alias_target);
	g_ptr_array_free(r->attrs, TRUE);
	g_free(r);
}

static void zone_free(struct scenario_zone *z)
{
	g_free(z->origin);
	g_free(z->file);
	g_ptr_array_free(z->records, TRUE);
	g_free(z);
}

static void action_free(struct scenario_action *a)
{
	g_free(a->target_name);
	g_free(a->verb);
	g_ptr_array_free(a->args, TRUE);
	g_ptr_array_free(a->attrs, TRUE);
	g_free(a);
}

static void expect_free(struct scenario_expect *e)
{
	g_free(e->metric);
	g_free(e->value_text);
	g_free(e);
}

void scenario_free(struct scenario *sc)
{
	if (sc == NULL) {
		return;
	}
	g_free(sc->file);
	g_free(sc->dir);
	g_free(sc->title);
	for (guint i = 0; i < sc->zones->len; i++) {
		zone_free(g_ptr_array_index(sc->zones, i));
	}
	g_ptr_array_free(sc->zones, TRUE);
	for (guint i = 0; i < sc->stmts->len; i++) {
		scenario_stmt_free(g_ptr_array_index(sc->stmts, i));
	}
	g_ptr_array_free(sc->stmts, TRUE);
	for (guint i = 0; i < sc->actions->len; i++) {
		action_free(g_ptr_array_index(sc->actions, i));
	}
	g_ptr_array_free(sc->actions, TRUE);
	for (guint i = 0; i < sc->expects->len; i++) {
		expect_free(g_ptr_array_index(sc->expects, i));
	}
	g_ptr_array_free(sc->expects, TRUE);
	scenario_diags_free(sc->strings);
	g_free(sc);
}

void scenario_record_free(gpointer record)
{
	record_free(record);
}

struct scenario_stmt *scenario_find(const struct scenario *sc, enum scenario_kind kind,
				    const char *name)
{
	for (guint i = 0; i < sc->stmts->len; i++) {
		struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != kind) {
			continue;
		}
		if (name == NULL || (s->name != NULL && strcmp(s->name, name) == 0)) {
			return s;
		}
	}
	return NULL;
}

guint scenario_count(const struct scenario *sc, enum scenario_kind kind)
{
	guint n = 0;
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		n += s->spec->kind == kind;
	}
	return n;
}

const struct scenario_attr *scenario_attrs_get(const GPtrArray *attrs, const char *key)
{
	for (guint i = 0; i < attrs->len; i++) {
		const struct scenario_attr *a = g_ptr_array_index(attrs, i);
		if (strcmp(a->key, key) == 0) {
			return a;
		}
	}
	return NULL;
}

const struct scenario_attr *scenario_stmt_attr(const struct scenario_stmt *stmt, const char *key)
{
	return scenario_attrs_get(stmt->attrs, key);
}

char **scenario_attr_items(const struct scenario_attr *attr)
{
	return g_strsplit(attr->text, ",", -1);
}
