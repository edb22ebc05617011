/*
 * Traffic Flow policy document to scenario record lines (sim/import/traffic_policy.h).
 *
 * The walk starts at StartRule (or StartEndpoint) under the policy record's name. Each rule
 * becomes one Route 53 group at its owner: one record set per item, with the rule's policy
 * attribute; an item pointing at an endpoint is a record of its value (type "value") or an
 * alias to the AWS resource it names; an item pointing at a rule is an alias to the name
 * generated for that rule, whose group is written next. Every JSON member the walk does not
 * use is reported with its path.
 */
#include <json-glib/json-glib.h>
#include <ldns/ldns.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sim/import/traffic_policy.h"

struct tp {
	const char *file;
	GPtrArray *warnings;
	JsonObject *endpoints; /* may be NULL */
	JsonObject *rules;     /* may be NULL */
	const char *type;      /* RecordType */
	const char *name;      /* the policy record's name, absolute */
	uint32_t ttl;
	GString *out;
	GHashTable *done;     /* rule id -> generated owner (char *), rules written */
	GHashTable *on_stack; /* rule ids being written, against loops */
	GHashTable *used_eps; /* endpoint ids used */
	GPtrArray *health;    /* health names, in first-use order */
	GPtrArray *pending;   /* char *: rule id, owner, path triples the current rule refers to */
	GError **error;
	bool failed;
};

static void warn(struct tp *t, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void warn(struct tp *t, const char *path, const char *fmt, ...)
{
	struct import_warning *w = g_new0(struct import_warning, 1);
	va_list ap;
	va_start(ap, fmt);
	w->file = g_strdup(t->file);
	w->path = g_strdup(path);
	w->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(t->warnings, w);
}

static void fail(struct tp *t, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void fail(struct tp *t, const char *path, const char *fmt, ...)
{
	if (t->failed) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(t->error, IMPORT_ERROR, IMPORT_ERROR_SHAPE, "%s: error: %s: %s", t->file, path,
		    msg);
	t->failed = true;
}

/* ".Rules.r1" or ".Rules[\"my rule\"]" (jq syntax). Caller owns. */
static char *path_key(const char *base, const char *key)
{
	bool plain = g_ascii_isalpha(key[0]) || key[0] == '_';
	for (const char *p = key; *p != '\0' && plain; p++) {
		plain = g_ascii_isalnum(*p) || *p == '_';
	}
	return plain ? g_strdup_printf("%s.%s", base, key)
		     : g_strdup_printf("%s[\"%s\"]", base, key);
}

/* Warn about every member of o that is not in known (NULL-terminated). */
static void check_members(struct tp *t, JsonObject *o, const char *path, const char *const *known)
{
	GList *members = json_object_get_members(o);
	for (GList *m = members; m != NULL; m = m->next) {
		bool ok = false;
		for (size_t i = 0; known[i] != NULL && !ok; i++) {
			ok = strcmp(known[i], m->data) == 0;
		}
		if (!ok) {
			g_autofree char *p = path_key(path, m->data);
			warn(t, p, "not imported: dnssim does not know this field");
		}
	}
	g_list_free(members);
}

/* A string member (numbers are accepted and printed), or NULL when absent or of another type
 * (warned). Caller owns. */
static char *get_text(struct tp *t, JsonObject *o, const char *path, const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL || JSON_NODE_HOLDS_NULL(n)) {
		return NULL;
	}
	if (JSON_NODE_HOLDS_VALUE(n)) {
		GType vt = json_node_get_value_type(n);
		if (vt == G_TYPE_STRING) {
			return g_strdup(json_node_get_string(n));
		}
		if (vt == G_TYPE_INT64) {
			return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
		}
		if (vt == G_TYPE_DOUBLE) {
			char buf[G_ASCII_DTOSTR_BUF_SIZE];
			return g_strdup(g_ascii_dtostr(buf, sizeof(buf), json_node_get_double(n)));
		}
	}
	g_autofree char *p = path_key(path, key);
	warn(t, p, "not imported: expected a string");
	return NULL;
}

static bool get_bool(struct tp *t, JsonObject *o, const char *path, const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL || JSON_NODE_HOLDS_NULL(n)) {
		return false;
	}
	if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN) {
		return json_node_get_boolean(n);
	}
	g_autofree char *p = path_key(path, key);
	warn(t, p, "not imported: expected true or false");
	return false;
}

/* A label made of [a-z0-9-] from an id ("Rule 1" -> "rule-1"). Caller owns. */
static char *label_of(const char *id)
{
	GString *s = g_string_new(NULL);
	for (const char *p = id; *p != '\0' && s->len < 50; p++) {
		char c = g_ascii_tolower(*p);
		g_string_append_c(s, g_ascii_isalnum(c) ? c : '-');
	}
	if (s->len == 0) {
		g_string_append_c(s, 'x');
	}
	return g_string_free(s, FALSE);
}

/* The scenario name of a health check id, remembered for the closing comment. Borrowed. */
static const char *health_name(struct tp *t, const char *id)
{
	g_autofree char *label = label_of(id);
	char *name = g_ascii_isalpha(label[0]) ? g_strdup(label) : g_strdup_printf("hc-%s", label);
	for (guint i = 0; i < t->health->len; i++) {
		if (strcmp(g_ptr_array_index(t->health, i), name) == 0) {
			g_free(name);
			return g_ptr_array_index(t->health, i);
		}
	}
	g_ptr_array_add(t->health, name);
	return name;
}

static bool emit_rule(struct tp *t, const char *rule_id, const char *owner, const char *path);

/* The owner generated for a nested rule: "_tf-LABEL.NAME". Caller owns. */
static char *rule_owner(struct tp *t, const char *rule_id)
{
	g_autofree char *label = label_of(rule_id);
	return g_strdup_printf("_tf-%s.%s", label, t->name);
}

/*
 * Write one record set of a rule: item (an object with EndpointReference or RuleReference,
 * EvaluateTargetHealth, HealthCheck) at owner with routing attributes attrs and set
 * identifier set_id. The known members besides the item's own are in extra.
 */
static void emit_item(struct tp *t, JsonObject *item, const char *path, const char *owner,
		      const char *set_id, const char *attrs, const char *const *extra)
{
	static const char *const item_known[] = { "EndpointReference", "RuleReference",
						  "EvaluateTargetHealth", "HealthCheck", NULL };
	GPtrArray *known = g_ptr_array_new();
	for (size_t i = 0; item_known[i] != NULL; i++) {
		g_ptr_array_add(known, (gpointer)item_known[i]);
	}
	for (size_t i = 0; extra != NULL && extra[i] != NULL; i++) {
		g_ptr_array_add(known, (gpointer)extra[i]);
	}
	g_ptr_array_add(known, NULL);
	check_members(t, item, path, (const char *const *)known->pdata);
	g_ptr_array_free(known, TRUE);
	g_autofree char *ep = get_text(t, item, path, "EndpointReference");
	g_autofree char *rule = get_text(t, item, path, "RuleReference");
	g_autofree char *hc = get_text(t, item, path, "HealthCheck");
	bool eth = get_bool(t, item, path, "EvaluateTargetHealth");
	if ((ep == NULL) == (rule == NULL)) {
		fail(t, path, "expected exactly one of EndpointReference and RuleReference");
		return;
	}
	GString *tail = g_string_new(NULL);
	if (set_id != NULL) {
		g_string_append_printf(tail, " set=%s", set_id);
	}
	g_string_append(tail, attrs);
	if (hc != NULL) {
		g_string_append_printf(tail, " health=%s", health_name(t, hc));
	}
	if (rule != NULL) {
		g_autofree char *target = rule_owner(t, rule);
		g_string_append_printf(t->out, "%s IN %s alias %s%s%s\n", owner, t->type, target,
				       tail->str, eth ? " evaluate-target-health=yes" : "");
		/* the nested rule is written after the lines of this one */
		g_ptr_array_add(t->pending, g_strdup(rule));
		g_ptr_array_add(t->pending, g_strdup(target));
		g_ptr_array_add(t->pending, path_key(".Rules", rule));
		g_string_free(tail, TRUE);
		return;
	}
	JsonNode *en = t->endpoints != NULL ? json_object_get_member(t->endpoints, ep) : NULL;
	g_autofree char *epath = path_key(".Endpoints", ep);
	if (en == NULL || !JSON_NODE_HOLDS_OBJECT(en)) {
		g_autofree char *rp = path_key(path, "EndpointReference");
		fail(t, rp, "no endpoint '%s' in .Endpoints", ep);
		g_string_free(tail, TRUE);
		return;
	}
	JsonObject *e = json_node_get_object(en);
	bool first_use = g_hash_table_add(t->used_eps, g_strdup(ep));
	if (first_use) {
		static const char *const ep_known[] = { "Type", "Value", "Region", NULL };
		check_members(t, e, epath, ep_known);
	}
	g_autofree char *type = get_text(t, e, epath, "Type");
	g_autofree char *value = get_text(t, e, epath, "Value");
	if (type == NULL || value == NULL) {
		fail(t, epath, "an endpoint needs Type and Value");
		g_string_free(tail, TRUE);
		return;
	}
	if (strcmp(type, "value") == 0) {
		if (eth) {
			g_autofree char *p = path_key(path, "EvaluateTargetHealth");
			warn(
			    t, p,
			    "not imported: evaluate-target-health applies to aliases, and endpoint "
			    "%s is a value",
			    ep);
		}
		g_string_append_printf(t->out, "%s %u IN %s %s%s\n", owner, t->ttl, t->type, value,
				       tail->str);
	} else {
		static const char *const aws[] = { "cloudfront",
						   "application-load-balancer",
						   "elastic-load-balancer",
						   "network-load-balancer",
						   "elastic-beanstalk",
						   "s3-website",
						   NULL };
		bool known_type = false;
		for (size_t i = 0; aws[i] != NULL; i++) {
			known_type |= strcmp(aws[i], type) == 0;
		}
		if (!known_type) {
			g_autofree char *p = path_key(epath, "Type");
			fail(t, p, "unknown endpoint type '%s'", type);
			g_string_free(tail, TRUE);
			return;
		}
		g_autofree char *target = g_str_has_suffix(value, ".")
					      ? g_ascii_strdown(value, -1)
					      : g_strdup_printf("%s.", value);
		g_autofree char *lower = g_ascii_strdown(target, -1);
		g_string_append_printf(t->out, "%s IN %s alias %s%s%s\n", owner, t->type, lower,
				       tail->str, eth ? " evaluate-target-health=yes" : "");
	}
	g_string_free(tail, TRUE);
}

/* The items of rule member key (an array of objects), or NULL (failed). */
static JsonArray *items_of(struct tp *t, JsonObject *r, const char *path, const char *key)
{
	JsonNode *n = json_object_get_member(r, key);
	if (n == NULL || !JSON_NODE_HOLDS_ARRAY(n) ||
	    json_array_get_length(json_node_get_array(n)) == 0) {
		g_autofree char *p = path_key(path, key);
		fail(t, p, "expected a non-empty array");
		return NULL;
	}
	JsonArray *a = json_node_get_array(n);
	for (guint i = 0; i < json_array_get_length(a); i++) {
		if (!JSON_NODE_HOLDS_OBJECT(json_array_get_element(a, i))) {
			g_autofree char *p = g_strdup_printf("%s.%s[%u]", path, key, i);
			fail(t, p, "expected an object");
			return NULL;
		}
	}
	return a;
}

/* "aws:route53:us-east-1" -> "us-east-1". Borrowed from text. */
static const char *region_of(const char *text)
{
	return g_str_has_prefix(text, "aws:route53:") ? text + strlen("aws:route53:") : text;
}

static void emit_geoproximity(struct tp *t, JsonObject *r, const char *path, const char *owner,
			      const char *label)
{
	JsonArray *a = items_of(t, r, path, "GeoproximityLocations");
	for (guint i = 0; a != NULL && i < json_array_get_length(a) && !t->failed; i++) {
		JsonObject *it = json_array_get_object_element(a, i);
		g_autofree char *ip = g_strdup_printf("%s.GeoproximityLocations[%u]", path, i);
		g_autofree char *region = get_text(t, it, ip, "Region");
		g_autofree char *lat = get_text(t, it, ip, "Latitude");
		g_autofree char *lon = get_text(t, it, ip, "Longitude");
		g_autofree char *bias = get_text(t, it, ip, "Bias");
		JsonNode *loc = json_object_get_member(it, "Location");
		if (loc != NULL && JSON_NODE_HOLDS_OBJECT(loc)) {
			/* 2023-05-09: a Location object */
			JsonObject *lo = json_node_get_object(loc);
			g_autofree char *lp = g_strdup_printf("%s.Location", ip);
			static const char *const lk[] = { "Type", "LocationName", "Latitude",
							  "Longitude", NULL };
			check_members(t, lo, lp, lk);
			g_autofree char *ltype = get_text(t, lo, lp, "Type");
			if (ltype != NULL && strcmp(ltype, "Region") == 0) {
				g_free(region);
				region = get_text(t, lo, lp, "LocationName");
			} else if (ltype != NULL && strcmp(ltype, "Coordinate") == 0) {
				g_free(lat);
				g_free(lon);
				lat = get_text(t, lo, lp, "Latitude");
				lon = get_text(t, lo, lp, "Longitude");
			} else {
				warn(
				    t, lp,
				    "not imported: location type %s (Local Zones are not modelled); "
				    "the item is left out",
				    ltype != NULL ? ltype : "(none)");
				continue;
			}
		}
		GString *attrs = g_string_new(NULL);
		if (region != NULL) {
			g_string_append_printf(attrs, " geoproximity=%s", region_of(region));
		} else if (lat != NULL && lon != NULL) {
			g_string_append_printf(attrs, " geoproximity=%s,%s", lat, lon);
		} else {
			fail(t, ip, "expected Region, or Latitude and Longitude");
			g_string_free(attrs, TRUE);
			break;
		}
		if (bias != NULL) {
			g_string_append_printf(attrs, " bias=%s", bias);
		}
		g_autofree char *set_id = g_strdup_printf("%s-%u", label, i + 1);
		static const char *const extra[] = { "Region", "Latitude", "Longitude",
						     "Bias",   "Location", NULL };
		emit_item(t, it, ip, owner, set_id, attrs->str, extra);
		g_string_free(attrs, TRUE);
	}
}

static void emit_geo(struct tp *t, JsonObject *r, const char *path, const char *owner,
		     const char *label)
{
	JsonArray *a = items_of(t, r, path, "Locations");
	for (guint i = 0; a != NULL && i < json_array_get_length(a) && !t->failed; i++) {
		JsonObject *it = json_array_get_object_element(a, i);
		g_autofree char *ip = g_strdup_printf("%s.Locations[%u]", path, i);
		bool def = get_bool(t, it, ip, "IsDefault");
		g_autofree char *continent = get_text(t, it, ip, "Continent");
		g_autofree char *country = get_text(t, it, ip, "Country");
		g_autofree char *sub = get_text(t, it, ip, "Subdivision");
		GString *attrs = g_string_new(NULL);
		g_autofree char *set_id = NULL;
		if (def || (country != NULL && strcmp(country, "*") == 0)) {
			g_string_append(attrs, " country=*");
			set_id = g_strdup_printf("%s-default", label);
		} else if (continent != NULL && continent[0] != '\0') {
			g_string_append_printf(attrs, " continent=%s", continent);
			set_id = g_strdup_printf("%s-%s", label, continent);
		} else if (country != NULL && country[0] != '\0') {
			g_string_append_printf(attrs, " country=%s", country);
			if (sub != NULL && sub[0] != '\0') {
				g_string_append_printf(attrs, " subdivision=%s", sub);
			}
			set_id = sub != NULL && sub[0] != '\0'
				     ? g_strdup_printf("%s-%s-%s", label, country, sub)
				     : g_strdup_printf("%s-%s", label, country);
		} else {
			fail(t, ip, "expected IsDefault, Continent or Country");
			g_string_free(attrs, TRUE);
			break;
		}
		g_autofree char *sid = g_ascii_strdown(set_id, -1);
		static const char *const extra[] = { "IsDefault", "Continent", "Country",
						     "Subdivision", NULL };
		emit_item(t, it, ip, owner, sid, attrs->str, extra);
		g_string_free(attrs, TRUE);
	}
}

/* Write rule rule_id as the group at owner. FALSE if it failed. */
static bool emit_rule(struct tp *t, const char *rule_id, const char *owner, const char *path)
{
	if (t->failed) {
		return false;
	}
	if (g_hash_table_contains(t->on_stack, rule_id)) {
		fail(t, path, "rule '%s' refers back to itself (a loop)", rule_id);
		return false;
	}
	if (g_hash_table_contains(t->done, rule_id)) {
		return true; /* a rule used twice is one group, aliased from both places */
	}
	JsonNode *rn = t->rules != NULL ? json_object_get_member(t->rules, rule_id) : NULL;
	if (rn == NULL || !JSON_NODE_HOLDS_OBJECT(rn)) {
		fail(t, path, "no rule '%s' in .Rules", rule_id);
		return false;
	}
	g_hash_table_add(t->on_stack, g_strdup(rule_id));
	g_hash_table_insert(t->done, g_strdup(rule_id), g_strdup(owner));
	guint first_pending = t->pending->len;
	JsonObject *r = json_node_get_object(rn);
	g_autofree char *rtype = get_text(t, r, path, "RuleType");
	g_autofree char *label = label_of(rule_id);
	g_string_append_printf(t->out, "# rule %s (%s)\n", rule_id, rtype ? rtype : "?");
	if (rtype == NULL) {
		fail(t, path, "a rule needs RuleType");
	} else if (strcmp(rtype, "failover") == 0) {
		static const char *const k[] = { "RuleType", "Primary", "Secondary", NULL };
		check_members(t, r, path, k);
		static const char *const roles[] = { "Primary", "Secondary" };
		for (int i = 0; i < 2 && !t->failed; i++) {
			JsonNode *n = json_object_get_member(r, roles[i]);
			g_autofree char *ip = path_key(path, roles[i]);
			if (n == NULL || !JSON_NODE_HOLDS_OBJECT(n)) {
				fail(t, ip, "a failover rule needs Primary and Secondary objects");
				break;
			}
			g_autofree char *set_id =
			    g_strdup_printf("%s-%s", label, i == 0 ? "primary" : "secondary");
			emit_item(t, json_node_get_object(n), ip, owner, set_id,
				  i == 0 ? " failover=primary" : " failover=secondary", NULL);
		}
	} else if (strcmp(rtype, "geo") == 0) {
		static const char *const k[] = { "RuleType", "Locations", NULL };
		check_members(t, r, path, k);
		emit_geo(t, r, path, owner, label);
	} else if (strcmp(rtype, "latency") == 0) {
		static const char *const k[] = { "RuleType", "Regions", NULL };
		check_members(t, r, path, k);
		JsonArray *a = items_of(t, r, path, "Regions");
		for (guint i = 0; a != NULL && i < json_array_get_length(a) && !t->failed; i++) {
			JsonObject *it = json_array_get_object_element(a, i);
			g_autofree char *ip = g_strdup_printf("%s.Regions[%u]", path, i);
			g_autofree char *region = get_text(t, it, ip, "Region");
			if (region == NULL) {
				fail(t, ip, "a latency item needs Region");
				break;
			}
			g_autofree char *attrs = g_strdup_printf(" region=%s", region_of(region));
			g_autofree char *set_id =
			    g_strdup_printf("%s-%s", label, region_of(region));
			static const char *const extra[] = { "Region", NULL };
			emit_item(t, it, ip, owner, set_id, attrs, extra);
		}
	} else if (strcmp(rtype, "geoproximity") == 0) {
		static const char *const k[] = { "RuleType", "GeoproximityLocations", NULL };
		check_members(t, r, path, k);
		emit_geoproximity(t, r, path, owner, label);
	} else if (strcmp(rtype, "weighted") == 0 || strcmp(rtype, "multivalue") == 0) {
		bool weighted = strcmp(rtype, "weighted") == 0;
		static const char *const k[] = { "RuleType", "Items", NULL };
		check_members(t, r, path, k);
		JsonArray *a = items_of(t, r, path, "Items");
		for (guint i = 0; a != NULL && i < json_array_get_length(a) && !t->failed; i++) {
			JsonObject *it = json_array_get_object_element(a, i);
			g_autofree char *ip = g_strdup_printf("%s.Items[%u]", path, i);
			g_autofree char *set_id = g_strdup_printf("%s-%u", label, i + 1);
			if (!weighted && json_object_has_member(it, "RuleReference")) {
				fail(t, ip,
				     "a multivalue rule takes endpoints only (route53.md 10)");
				break;
			}
			g_autofree char *weight = weighted ? get_text(t, it, ip, "Weight") : NULL;
			if (weighted && weight == NULL) {
				fail(t, ip, "a weighted item needs Weight");
				break;
			}
			g_autofree char *attrs = weighted ? g_strdup_printf(" weight=%s", weight)
							  : g_strdup(" multivalue=yes");
			static const char *const extra_w[] = { "Weight", NULL };
			emit_item(t, it, ip, owner, set_id, attrs, weighted ? extra_w : NULL);
		}
	} else {
		g_autofree char *p = path_key(path, "RuleType");
		fail(t, p,
		     "unknown rule type '%s'; expected failover, geo, latency, geoproximity, "
		     "multivalue or weighted",
		     rtype);
	}
	/* then the rules this one refers to, depth first */
	GPtrArray *mine = g_ptr_array_new_with_free_func(g_free);
	while (t->pending->len > first_pending) {
		g_ptr_array_add(mine, g_ptr_array_steal_index(t->pending, first_pending));
	}
	for (guint i = 0; i + 2 < mine->len && !t->failed; i += 3) {
		emit_rule(t, mine->pdata[i], mine->pdata[i + 1], mine->pdata[i + 2]);
	}
	g_ptr_array_free(mine, TRUE);
	g_hash_table_remove(t->on_stack, rule_id);
	return !t->failed;
}

static JsonObject *member_object(struct tp *t, JsonObject *root, const char *key)
{
	JsonNode *n = json_object_get_member(root, key);
	if (n == NULL) {
		return NULL;
	}
	if (!JSON_NODE_HOLDS_OBJECT(n)) {
		g_autofree char *p = path_key("", key);
		fail(t, p, "expected an object");
		return NULL;
	}
	return json_node_get_object(n);
}

/* Warn about every rule and endpoint the walk did not reach. */
static void warn_unused(struct tp *t)
{
	for (int k = 0; k < 2; k++) {
		JsonObject *o = k == 0 ? t->rules : t->endpoints;
		GHashTable *used = k == 0 ? t->done : t->used_eps;
		if (o == NULL) {
			continue;
		}
		GList *members = json_object_get_members(o);
		for (GList *m = members; m != NULL; m = m->next) {
			if (!g_hash_table_contains(used, m->data)) {
				g_autofree char *p =
				    path_key(k == 0 ? ".Rules" : ".Endpoints", m->data);
				warn(t, p,
				     "not imported: no imported rule item refers to it (from "
				     "the start)");
			}
		}
		g_list_free(members);
	}
}

char *import_traffic_policy(const char *file, const char *json, gssize len, const char *name,
			    uint32_t ttl, GPtrArray *warnings, GError **error)
{
	JsonParser *parser = import_json_load(file, json, len, error);
	if (parser == NULL) {
		return NULL;
	}
	JsonNode *root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, IMPORT_ERROR, IMPORT_ERROR_SHAPE,
			    "%s: error: %s; expected a Traffic Flow policy document (an object)",
			    file, root == NULL ? "empty input" : "the top level is not an object");
		g_object_unref(parser);
		return NULL;
	}
	JsonObject *o = json_node_get_object(root);
	g_autofree char *abs_name =
	    g_str_has_suffix(name, ".") ? g_ascii_strdown(name, -1) : g_strdup_printf("%s.", name);
	struct tp t = {
		.file = file,
		.warnings = warnings,
		.name = g_ascii_strdown(abs_name, -1),
		.ttl = ttl,
		.out = g_string_new(NULL),
		.done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.on_stack = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.used_eps = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.health = g_ptr_array_new_with_free_func(g_free),
		.pending = g_ptr_array_new_with_free_func(g_free),
		.error = error,
	};
	static const char *const top[] = { "AWSPolicyFormatVersion",
					   "RecordType",
					   "StartRule",
					   "StartEndpoint",
					   "Endpoints",
					   "Rules",
					   NULL };
	check_members(&t, o, "", top);
	g_autofree char *version = get_text(&t, o, "", "AWSPolicyFormatVersion");
	g_autofree char *type = get_text(&t, o, "", "RecordType");
	g_autofree char *start_rule = get_text(&t, o, "", "StartRule");
	g_autofree char *start_ep = get_text(&t, o, "", "StartEndpoint");
	t.endpoints = member_object(&t, o, "Endpoints");
	t.rules = member_object(&t, o, "Rules");
	if (version != NULL && strcmp(version, "2015-10-01") != 0 &&
	    strcmp(version, "2023-05-09") != 0) {
		warn(&t, ".AWSPolicyFormatVersion",
		     "unknown version %s: read as 2023-05-09 (route53.md 10)", version);
	}
	if (type == NULL || ldns_get_rr_type_by_name(type) == 0) {
		fail(&t, ".RecordType", "expected a record type such as A, AAAA or CNAME");
	} else if ((start_rule == NULL) == (start_ep == NULL)) {
		fail(&t, "", "expected exactly one of StartRule and StartEndpoint");
	}
	if (!t.failed) {
		t.type = type;
		g_string_append_printf(
		    t.out,
		    "# Traffic Flow policy %s as the record sets of %s (TTL %u), written by\n# dnssim "
		    "import traffic-policy: paste the lines into the zone block that holds %s\n",
		    file, t.name, ttl, t.name);
		if (start_rule != NULL) {
			g_autofree char *p = path_key(".Rules", start_rule);
			emit_rule(&t, start_rule, t.name, p);
		} else {
			JsonObject *item = json_object_new();
			json_object_set_string_member(item, "EndpointReference", start_ep);
			emit_item(&t, item, ".StartEndpoint", t.name, NULL, "", NULL);
			json_object_unref(item);
		}
	}
	if (!t.failed) {
		warn_unused(&t);
		if (t.health->len > 0) {
			g_string_append(t.out, "# health checks named by the policy (define each: "
					       "health NAME TYPE ENDPOINT ...):\n");
			for (guint i = 0; i < t.health->len; i++) {
				g_string_append_printf(
				    t.out, "#   %s\n",
				    (const char *)g_ptr_array_index(t.health, i));
			}
		}
	}
	char *text = t.failed ? NULL : g_strdup(t.out->str);
	g_string_free(t.out, TRUE);
	g_hash_table_unref(t.done);
	g_hash_table_unref(t.on_stack);
	g_hash_table_unref(t.used_eps);
	g_ptr_array_free(t.health, TRUE);
	g_ptr_array_free(t.pending, TRUE);
	g_free((char *)t.name);
	g_object_unref(parser);
	return text;
}
