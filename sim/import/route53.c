/*
 * Route 53 JSON to scenario text. Two inputs, read with json-glib: the record sets of one or
 * more hosted zones and the account's health checks. Health checks are read first so records
 * can name them; then records are grouped into zones (by their SOA owners) and printed in input
 * order. Anything that is not carried over becomes a warning with its JSON path and, in the
 * output, a comment at the place it would have gone.
 */
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sim/import/route53.h"

GQuark import_error_quark(void)
{
	return g_quark_from_static_string("import-error-quark");
}

struct hc {
	char *id;
	char *name;
	char *path;	     /* ".HealthChecks[2]" */
	char *type;	     /* scenario type word, NULL when unsupported */
	char *why;	     /* why it is not imported (unsupported), or NULL */
	GString *attrs;	     /* " port=80 path=/ ..." */
	char *endpoint;	     /* IP address or backend name, NULL for calculated */
	char *backend;	     /* placeholder backend line for an FQDN-only check, or NULL */
	GPtrArray *children; /* child Ids (char *) */
	GPtrArray *comments; /* char *, printed above the statement */
	char *children_path; /* JSON path of ChildHealthChecks */
};

struct rrset {
	char *path;
	char *owner; /* absolute, lower case, master-file escapes */
	char *type;
	JsonObject *obj; /* borrowed from the parser */
};

struct conv {
	const char *rec_file;
	const char *hc_file;
	GPtrArray *warnings;
	GPtrArray *hcs;	      /* struct hc * in input order */
	GHashTable *hc_by_id; /* id -> struct hc * (borrowed) */
	GHashTable *hc_names; /* names taken */
	GPtrArray *cidr_locs; /* "COLLECTION/LOCATION" needing cidr statements */
	GString *out;
};

static void hc_free(struct hc *h)
{
	g_free(h->id);
	g_free(h->name);
	g_free(h->path);
	g_free(h->type);
	g_free(h->why);
	g_string_free(h->attrs, TRUE);
	g_free(h->endpoint);
	g_free(h->backend);
	g_ptr_array_unref(h->children);
	g_ptr_array_unref(h->comments);
	g_free(h->children_path);
	g_free(h);
}

static void rrset_free(struct rrset *r)
{
	g_free(r->path);
	g_free(r->owner);
	g_free(r->type);
	g_free(r);
}

static void warning_free(struct import_warning *w)
{
	g_free(w->file);
	g_free(w->path);
	g_free(w->message);
	g_free(w);
}

GPtrArray *import_warnings_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)warning_free);
}

char *import_warning_format(const struct import_warning *warning)
{
	return g_strdup_printf("%s: warning: %s: %s", warning->file, warning->path,
			       warning->message);
}

static void warn(struct conv *c, const char *file, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void warn(struct conv *c, const char *file, const char *path, const char *fmt, ...)
{
	struct import_warning *w = g_new0(struct import_warning, 1);
	va_list ap;
	va_start(ap, fmt);
	w->file = g_strdup(file);
	w->path = g_strdup(path);
	w->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(c->warnings, w);
}

/* ---- JSON access: typed getters that warn about a field of the wrong type ---- */

static const char *json_type_word(JsonNode *n)
{
	if (JSON_NODE_HOLDS_OBJECT(n)) {
		return "an object";
	}
	if (JSON_NODE_HOLDS_ARRAY(n)) {
		return "an array";
	}
	if (JSON_NODE_HOLDS_NULL(n)) {
		return "null";
	}
	switch (json_node_get_value_type(n)) {
	case G_TYPE_STRING:
		return "a string";
	case G_TYPE_BOOLEAN:
		return "a boolean";
	default:
		return "a number";
	}
}

static void wrong_type(struct conv *c, const char *file, const char *path, const char *key,
		       JsonNode *n, const char *expected)
{
	warn(c, file, path, "%s is %s, expected %s; not imported", key, json_type_word(n),
	     expected);
}

static const char *get_string(struct conv *c, const char *file, JsonObject *o, const char *path,
			      const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL) {
		return NULL;
	}
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING) {
		g_autofree char *p = g_strdup_printf("%s.%s", path, key);
		wrong_type(c, file, p, key, n, "a string");
		return NULL;
	}
	return json_node_get_string(n);
}

static bool get_int(struct conv *c, const char *file, JsonObject *o, const char *path,
		    const char *key, int64_t *out)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL) {
		return false;
	}
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64) {
		g_autofree char *p = g_strdup_printf("%s.%s", path, key);
		wrong_type(c, file, p, key, n, "an integer");
		return false;
	}
	*out = json_node_get_int(n);
	return true;
}

static bool get_bool(struct conv *c, const char *file, JsonObject *o, const char *path,
		     const char *key, bool *out)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL) {
		return false;
	}
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN) {
		g_autofree char *p = g_strdup_printf("%s.%s", path, key);
		wrong_type(c, file, p, key, n, "true or false");
		return false;
	}
	*out = json_node_get_boolean(n);
	return true;
}

static JsonObject *get_object(struct conv *c, const char *file, JsonObject *o, const char *path,
			      const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL) {
		return NULL;
	}
	if (!JSON_NODE_HOLDS_OBJECT(n)) {
		g_autofree char *p = g_strdup_printf("%s.%s", path, key);
		wrong_type(c, file, p, key, n, "an object");
		return NULL;
	}
	return json_node_get_object(n);
}

static JsonArray *get_array(struct conv *c, const char *file, JsonObject *o, const char *path,
			    const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL) {
		return NULL;
	}
	if (!JSON_NODE_HOLDS_ARRAY(n)) {
		g_autofree char *p = g_strdup_printf("%s.%s", path, key);
		wrong_type(c, file, p, key, n, "an array");
		return NULL;
	}
	return json_node_get_array(n);
}

/* Warn about every member of o that is not in known (NULL-terminated), in document order. */
static void check_fields(struct conv *c, const char *file, JsonObject *o, const char *path,
			 const char *const *known)
{
	GList *members = json_object_get_members(o);
	for (GList *m = members; m != NULL; m = m->next) {
		if (!g_strv_contains(known, m->data)) {
			g_autofree char *p = g_strdup_printf("%s.%s", path, (const char *)m->data);
			warn(c, file, p, "unknown field '%s'; not imported", (const char *)m->data);
		}
	}
	g_list_free(members);
}

/* ---- text helpers ---- */

/* A value as one scenario word: bare when it is plain, else quoted with \" and \\ escaped. */
static void append_value(GString *s, const char *v)
{
	bool plain = v[0] != '\0';
	for (const char *p = v; *p != '\0' && plain; p++) {
		plain = g_ascii_isalnum(*p) || strchr("-_./:,*@+", *p) != NULL;
	}
	if (plain) {
		g_string_append(s, v);
		return;
	}
	g_string_append_c(s, '"');
	for (const char *p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			g_string_append_c(s, '\\');
		}
		g_string_append_c(s, *p);
	}
	g_string_append_c(s, '"');
}

/* Append " key=value" (value quoted when needed). */
static void append_attr(GString *s, const char *key, const char *value)
{
	g_string_append_printf(s, " %s=", key);
	append_value(s, value);
}

/* A comment line's text: no newlines (a JSON string may hold any). */
static char *one_line(const char *text)
{
	char *s = g_strdup(text);
	g_strdelimit(s, "\r\n", ' ');
	return s;
}

/*
 * A Route 53 name as master-file text: lower case, with a trailing dot. Route 53 writes octal
 * escapes (\052 for '*'); master files use decimal ones (RFC 1035 5.1), so \ooo becomes the
 * character itself when it is a letter, digit, '-' or '_' (or '*' as a whole label: a
 * wildcard), and \DDD otherwise.
 */
static char *r53_name(const char *name)
{
	GString *s = g_string_new(NULL);
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++) {
		if (name[i] == '\\' && i + 3 < n && name[i + 1] >= '0' && name[i + 1] <= '3' &&
		    name[i + 2] >= '0' && name[i + 2] <= '7' && name[i + 3] >= '0' &&
		    name[i + 3] <= '7') {
			unsigned v = (unsigned)((name[i + 1] - '0') * 64 + (name[i + 2] - '0') * 8 +
						(name[i + 3] - '0'));
			bool label_start = i == 0 || name[i - 1] == '.';
			bool label_end = i + 4 >= n || name[i + 4] == '.';
			if (v == '*' && label_start && label_end) {
				g_string_append_c(s, '*');
			} else if (g_ascii_isalnum((char)v) || v == '-' || v == '_') {
				g_string_append_c(s, g_ascii_tolower((char)v));
			} else {
				g_string_append_printf(s, "\\%03u", v);
			}
			i += 3;
		} else if (name[i] == '\\' && i + 1 < n) {
			g_string_append_c(s, name[i]);
			g_string_append_c(s, name[++i]);
		} else {
			g_string_append_c(s, g_ascii_tolower(name[i]));
		}
	}
	if (s->len == 0 || s->str[s->len - 1] != '.' ||
	    (s->len >= 2 && s->str[s->len - 2] == '\\')) {
		g_string_append_c(s, '.');
	}
	return g_string_free(s, FALSE);
}

/* Is name (absolute) origin itself or below it? */
static bool name_in(const char *name, const char *origin)
{
	if (strcmp(origin, ".") == 0 || strcmp(name, origin) == 0) {
		return true;
	}
	size_t nl = strlen(name), ol = strlen(origin);
	return nl > ol + 1 && strcmp(name + nl - ol, origin) == 0 && name[nl - ol - 1] == '.';
}

static guint label_count(const char *name)
{
	guint n = 0;
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
		} else if (*p == '.') {
			n++;
		}
	}
	return strcmp(name, ".") == 0 ? 0 : n;
}

/* name relative to origin: "@" for the origin, "www" for www.ORIGIN, absolute otherwise. */
static char *relative(const char *name, const char *origin)
{
	if (strcmp(name, origin) == 0) {
		return g_strdup("@");
	}
	if (strcmp(origin, ".") != 0 && name_in(name, origin)) {
		return g_strndup(name, strlen(name) - strlen(origin) - 1);
	}
	return g_strdup(name);
}

/* A scenario entity name from free text: [A-Za-z0-9_-], other characters become '-'. */
static char *entity_name(const char *text)
{
	char *s = g_strdup(text);
	for (char *p = s; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_') {
			*p = '-';
		}
	}
	return s;
}

/* ---- health checks ---- */

static const char *const hc_known[] = { "Id",
					"CallerReference",
					"LinkedService",
					"HealthCheckConfig",
					"HealthCheckVersion",
					"CloudWatchAlarmConfiguration",
					"Tags",
					NULL };
static const char *const hc_config_known[] = { "IPAddress",
					       "Port",
					       "Type",
					       "ResourcePath",
					       "FullyQualifiedDomainName",
					       "SearchString",
					       "RequestInterval",
					       "FailureThreshold",
					       "MeasureLatency",
					       "Inverted",
					       "Disabled",
					       "HealthThreshold",
					       "ChildHealthChecks",
					       "EnableSNI",
					       "Regions",
					       "AlarmIdentifier",
					       "InsufficientDataHealthStatus",
					       "RoutingControlArn",
					       NULL };

static const struct {
	const char *aws;
	const char *word;
} hc_types[] = {
	{ "HTTP", "http" },
	{ "HTTPS", "https" },
	{ "HTTP_STR_MATCH", "http-str-match" },
	{ "HTTPS_STR_MATCH", "https-str-match" },
	{ "TCP", "tcp" },
	{ "CALCULATED", "calculated" },
};

/* The Name tag from a "Tags" list ([{Key, Value}]), or NULL. */
static const char *name_tag(struct conv *c, JsonArray *tags, const char *path)
{
	const char *name = NULL;
	for (guint i = 0; tags != NULL && i < json_array_get_length(tags); i++) {
		JsonNode *t = json_array_get_element(tags, i);
		g_autofree char *p = g_strdup_printf("%s[%u]", path, i);
		if (!JSON_NODE_HOLDS_OBJECT(t)) {
			warn(c, c->hc_file, p, "a tag is %s, expected {Key, Value}; ignored",
			     json_type_word(t));
			continue;
		}
		JsonObject *o = json_node_get_object(t);
		static const char *const known[] = { "Key", "Value", NULL };
		check_fields(c, c->hc_file, o, p, known);
		const char *k = get_string(c, c->hc_file, o, p, "Key");
		const char *v = get_string(c, c->hc_file, o, p, "Value");
		if (k != NULL && v != NULL && strcmp(k, "Name") == 0 && v[0] != '\0') {
			name = v;
		}
	}
	return name;
}

static char *unique_hc_name(struct conv *c, const char *base)
{
	char *name = g_strdup(base);
	for (int k = 2; g_hash_table_contains(c->hc_names, name); k++) {
		g_free(name);
		name = g_strdup_printf("%s-%d", base, k);
	}
	g_hash_table_add(c->hc_names, g_strdup(name));
	return name;
}

/* Read one HealthCheck object into c->hcs. tag_names: Id -> Name tag from ResourceTagSets. */
static void read_hc(struct conv *c, JsonObject *o, const char *path, GHashTable *tag_names)
{
	const char *file = c->hc_file;
	check_fields(c, file, o, path, hc_known);
	const char *id = get_string(c, file, o, path, "Id");
	if (id == NULL || id[0] == '\0') {
		warn(c, file, path, "health check without an Id; not imported");
		return;
	}
	if (g_hash_table_contains(c->hc_by_id, id)) {
		warn(c, file, path, "health check Id %s given twice; the second is not imported",
		     id);
		return;
	}
	g_autofree char *tags_path = g_strdup_printf("%s.Tags", path);
	const char *tag = name_tag(c, get_array(c, file, o, path, "Tags"), tags_path);
	if (tag == NULL) {
		tag = g_hash_table_lookup(tag_names, id);
	}
	struct hc *h = g_new0(struct hc, 1);
	h->id = g_strdup(id);
	h->path = g_strdup(path);
	h->attrs = g_string_new(NULL);
	h->children = g_ptr_array_new_with_free_func(g_free);
	h->comments = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *id8 = g_strndup(id, 8);
	g_autofree char *fallback = g_strdup_printf("hc-%s", id8);
	g_autofree char *base = entity_name(tag != NULL ? tag : fallback);
	h->name = unique_hc_name(c, base);
	g_ptr_array_add(c->hcs, h);
	g_hash_table_insert(c->hc_by_id, h->id, h);

	GString *meta = g_string_new(NULL);
	g_string_append_printf(meta, "Route 53 health check %s", id);
	const char *ref = get_string(c, file, o, path, "CallerReference");
	if (ref != NULL) {
		g_autofree char *r = one_line(ref);
		g_string_append_printf(meta, ", caller reference %s", r);
	}
	int64_t version;
	if (get_int(c, file, o, path, "HealthCheckVersion", &version)) {
		g_string_append_printf(meta, ", version %" G_GINT64_FORMAT, version);
	}
	JsonObject *linked = get_object(c, file, o, path, "LinkedService");
	if (linked != NULL) {
		g_autofree char *lp = g_strdup_printf("%s.LinkedService", path);
		static const char *const lk[] = { "ServicePrincipal", "Description", NULL };
		check_fields(c, file, linked, lp, lk);
		const char *sp = get_string(c, file, linked, lp, "ServicePrincipal");
		g_autofree char *s = one_line(sp != NULL ? sp : "another service");
		g_string_append_printf(meta, ", managed by %s", s);
	}
	g_ptr_array_add(h->comments, g_string_free(meta, FALSE));

	JsonObject *cfg = get_object(c, file, o, path, "HealthCheckConfig");
	if (cfg == NULL) {
		h->why = g_strdup("it has no HealthCheckConfig");
		warn(c, file, path, "health check %s has no HealthCheckConfig; not imported", id);
		return;
	}
	g_autofree char *cp = g_strdup_printf("%s.HealthCheckConfig", path);
	check_fields(c, file, cfg, cp, hc_config_known);
	const char *type = get_string(c, file, cfg, cp, "Type");
	if (type == NULL) {
		h->why = g_strdup("it has no Type");
		warn(c, file, cp, "health check %s has no Type; not imported", id);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(hc_types); i++) {
		if (strcmp(type, hc_types[i].aws) == 0) {
			h->type = g_strdup(hc_types[i].word);
		}
	}
	g_autofree char *tp = g_strdup_printf("%s.Type", cp);
	if (h->type == NULL) {
		if (strcmp(type, "CLOUDWATCH_METRIC") == 0) {
			h->why = g_strdup("CLOUDWATCH_METRIC checks (CloudWatch alarms) are not "
					  "modelled");
		} else if (strcmp(type, "RECOVERY_CONTROL") == 0) {
			h->why = g_strdup("RECOVERY_CONTROL checks (ARC routing controls) are not "
					  "modelled");
		} else {
			g_autofree char *t = one_line(type);
			h->why = g_strdup_printf("type %s is unknown", t);
		}
		warn(c, file, tp, "health check %s (%s): %s; not imported", id, h->name, h->why);
		return;
	}
	bool calculated = strcmp(h->type, "calculated") == 0;
	bool str_match = g_str_has_suffix(h->type, "str-match");

	const char *ip = get_string(c, file, cfg, cp, "IPAddress");
	const char *fqdn = get_string(c, file, cfg, cp, "FullyQualifiedDomainName");
	int64_t v;
	bool b;
	if (!calculated) {
		if (ip != NULL) {
			h->endpoint = g_strdup(ip);
		} else if (fqdn != NULL) {
			/* The scenario's endpoint is an address or a backend: the name's address
			 * is not in the JSON, so a backend stands for it with a placeholder. */
			h->endpoint = g_strdup(h->name);
			g_autofree char *f = one_line(fqdn);
			h->backend = g_strdup_printf("backend %s address=0.0.0.0", h->name);
			g_ptr_array_add(
			    h->comments,
			    g_strdup_printf("endpoint %s: set the address it resolves "
					    "to on backend %s (0.0.0.0 is a placeholder)",
					    f, h->name));
			g_autofree char *fp = g_strdup_printf("%s.FullyQualifiedDomainName", cp);
			warn(c, file, fp,
			     "the check probes %s, whose address is not in the JSON; backend %s "
			     "with placeholder address 0.0.0.0 stands for it: set its address",
			     f, h->name);
		} else {
			h->why = g_strdup("it has neither IPAddress nor FullyQualifiedDomainName");
			warn(c, file, cp, "health check %s (%s): %s; not imported", id, h->name,
			     h->why);
			return;
		}
	}
	if (get_int(c, file, cfg, cp, "Port", &v)) {
		g_string_append_printf(h->attrs, " port=%" G_GINT64_FORMAT, v);
	}
	const char *rp = get_string(c, file, cfg, cp, "ResourcePath");
	if (rp != NULL) {
		append_attr(h->attrs, "path", rp);
	}
	if (fqdn != NULL) {
		append_attr(h->attrs, "host", fqdn);
	}
	const char *search = get_string(c, file, cfg, cp, "SearchString");
	if (search != NULL) {
		append_attr(h->attrs, "search", search);
	} else if (str_match) {
		g_autofree char *sp = g_strdup_printf("%s.SearchString", cp);
		warn(c, file, sp,
		     "a %s check without SearchString; search=\"\" cannot be written, "
		     "the check is not imported",
		     type);
		h->why = g_strdup("it has no SearchString");
		g_free(h->type);
		h->type = NULL;
		return;
	}
	if (get_int(c, file, cfg, cp, "RequestInterval", &v)) {
		g_string_append_printf(h->attrs, " interval=%" G_GINT64_FORMAT "s", v);
	}
	if (get_int(c, file, cfg, cp, "FailureThreshold", &v)) {
		g_string_append_printf(h->attrs, " failure-threshold=%" G_GINT64_FORMAT, v);
	}
	JsonArray *regions = get_array(c, file, cfg, cp, "Regions");
	if (regions != NULL && json_array_get_length(regions) > 0) {
		GString *list = g_string_new(NULL);
		for (guint i = 0; i < json_array_get_length(regions); i++) {
			JsonNode *r = json_array_get_element(regions, i);
			if (!JSON_NODE_HOLDS_VALUE(r) ||
			    json_node_get_value_type(r) != G_TYPE_STRING) {
				g_autofree char *p = g_strdup_printf("%s.Regions[%u]", cp, i);
				warn(c, file, p, "a region is %s, expected a string; not imported",
				     json_type_word(r));
				continue;
			}
			g_autofree char *lower = g_ascii_strdown(json_node_get_string(r), -1);
			g_string_append_printf(list, "%s%s", list->len ? "," : "", lower);
		}
		if (list->len > 0) {
			append_attr(h->attrs, "regions", list->str);
		}
		g_string_free(list, TRUE);
	}
	if (get_bool(c, file, cfg, cp, "Inverted", &b)) {
		g_string_append_printf(h->attrs, " inverted=%s", b ? "yes" : "no");
	}
	if (get_bool(c, file, cfg, cp, "Disabled", &b)) {
		g_string_append_printf(h->attrs, " disabled=%s", b ? "yes" : "no");
	}
	if (get_int(c, file, cfg, cp, "HealthThreshold", &v)) {
		g_string_append_printf(h->attrs, " healthy-threshold=%" G_GINT64_FORMAT, v);
	}
	if (get_bool(c, file, cfg, cp, "MeasureLatency", &b)) {
		g_string_append_printf(h->attrs, " measure-latency=%s", b ? "yes" : "no");
	}
	if (get_bool(c, file, cfg, cp, "EnableSNI", &b)) {
		g_ptr_array_add(h->comments, g_strdup_printf("EnableSNI %s: not modelled",
							     b ? "true" : "false"));
		if (b) {
			g_autofree char *p = g_strdup_printf("%s.EnableSNI", cp);
			warn(c, file, p,
			     "TLS SNI is not modelled (checks have no TLS); not "
			     "imported");
		}
	}
	static const char *const other_type_fields[] = { "AlarmIdentifier",
							 "InsufficientDataHealthStatus",
							 "RoutingControlArn", NULL };
	for (size_t i = 0; other_type_fields[i] != NULL; i++) {
		if (json_object_has_member(cfg, other_type_fields[i])) {
			g_autofree char *p = g_strdup_printf("%s.%s", cp, other_type_fields[i]);
			warn(c, file, p,
			     "a field of CLOUDWATCH_METRIC or RECOVERY_CONTROL checks on "
			     "a %s check; not imported",
			     type);
		}
	}
	if (json_object_has_member(o, "CloudWatchAlarmConfiguration")) {
		g_autofree char *p = g_strdup_printf("%s.CloudWatchAlarmConfiguration", path);
		warn(c, file, p, "CloudWatch alarms are not modelled; not imported");
	}
	JsonArray *kids = get_array(c, file, cfg, cp, "ChildHealthChecks");
	h->children_path = g_strdup_printf("%s.ChildHealthChecks", cp);
	for (guint i = 0; kids != NULL && i < json_array_get_length(kids); i++) {
		JsonNode *k = json_array_get_element(kids, i);
		if (!JSON_NODE_HOLDS_VALUE(k) || json_node_get_value_type(k) != G_TYPE_STRING) {
			g_autofree char *p = g_strdup_printf("%s[%u]", h->children_path, i);
			warn(c, file, p, "a child is %s, expected a health check Id; not imported",
			     json_type_word(k));
			continue;
		}
		g_ptr_array_add(h->children, g_strdup(json_node_get_string(k)));
	}
	if (!calculated && h->children->len > 0) {
		warn(c, file, h->children_path, "children of a %s check; not imported", type);
		g_ptr_array_set_size(h->children, 0);
	}
}

/*
 * A calculated check keeps the children that are imported; one left with none is not imported
 * either, which can in turn empty its parent: repeat until nothing changes.
 */
static void resolve_children(struct conv *c)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (guint i = 0; i < c->hcs->len; i++) {
			struct hc *h = g_ptr_array_index(c->hcs, i);
			if (h->type == NULL || strcmp(h->type, "calculated") != 0) {
				continue;
			}
			guint kept = 0;
			for (guint k = 0; k < h->children->len; k++) {
				const char *id = g_ptr_array_index(h->children, k);
				struct hc *child = g_hash_table_lookup(c->hc_by_id, id);
				if (child != NULL && child->type != NULL) {
					kept++;
				}
			}
			if (kept == 0) {
				h->why = g_strdup("none of its children is imported");
				warn(c, c->hc_file, h->children_path,
				     "calculated check %s (%s): %s; not imported", h->id, h->name,
				     h->why);
				g_free(h->type);
				h->type = NULL;
				changed = true;
			}
		}
	}
	for (guint i = 0; i < c->hcs->len; i++) {
		struct hc *h = g_ptr_array_index(c->hcs, i);
		if (h->type == NULL || h->children->len == 0) {
			continue;
		}
		GString *list = g_string_new(NULL);
		for (guint k = 0; k < h->children->len; k++) {
			const char *id = g_ptr_array_index(h->children, k);
			struct hc *child = g_hash_table_lookup(c->hc_by_id, id);
			g_autofree char *p = g_strdup_printf("%s[%u]", h->children_path, k);
			if (child == NULL) {
				g_autofree char *i1 = one_line(id);
				warn(c, c->hc_file, p,
				     "child %s is not in the health-check JSON; left out of "
				     "children=",
				     i1);
				g_ptr_array_add(
				    h->comments,
				    g_strdup_printf("child %s left out: not in the JSON", i1));
			} else if (child->type == NULL) {
				warn(c, c->hc_file, p,
				     "child %s (%s) is not imported (%s); left out of children=",
				     child->id, child->name, child->why);
				g_ptr_array_add(h->comments,
						g_strdup_printf("child %s left out: %s",
								child->name, child->why));
			} else {
				g_string_append_printf(list, "%s%s", list->len ? "," : "",
						       child->name);
			}
		}
		append_attr(h->attrs, "children", list->str);
		g_string_free(list, TRUE);
	}
}

static void emit_hcs(struct conv *c)
{
	if (c->hcs->len > 0) {
		g_string_append(c->out, "\n# Health checks\n");
	}
	for (guint i = 0; i < c->hcs->len; i++) {
		struct hc *h = g_ptr_array_index(c->hcs, i);
		for (guint k = 0; k < h->comments->len; k++) {
			g_string_append_printf(c->out, "# %s\n",
					       (char *)g_ptr_array_index(h->comments, k));
		}
		if (h->type == NULL) {
			g_autofree char *why = one_line(h->why);
			g_string_append_printf(c->out, "# health %s not imported: %s\n", h->name,
					       why);
			continue;
		}
		if (h->backend != NULL) {
			g_string_append_printf(c->out, "%s\n", h->backend);
		}
		g_string_append_printf(c->out, "health %s %s", h->name, h->type);
		if (h->endpoint != NULL) {
			g_string_append_c(c->out, ' ');
			append_value(c->out, h->endpoint);
		}
		g_string_append_printf(c->out, "%s\n", h->attrs->str);
	}
}

static void read_tag_sets(struct conv *c, JsonArray *sets, GHashTable *tag_names)
{
	for (guint i = 0; sets != NULL && i < json_array_get_length(sets); i++) {
		JsonNode *n = json_array_get_element(sets, i);
		g_autofree char *p = g_strdup_printf(".ResourceTagSets[%u]", i);
		if (!JSON_NODE_HOLDS_OBJECT(n)) {
			warn(c, c->hc_file, p, "%s, expected an object; ignored",
			     json_type_word(n));
			continue;
		}
		JsonObject *o = json_node_get_object(n);
		static const char *const known[] = { "ResourceType", "ResourceId", "Tags", NULL };
		check_fields(c, c->hc_file, o, p, known);
		const char *rid = get_string(c, c->hc_file, o, p, "ResourceId");
		g_autofree char *tp = g_strdup_printf("%s.Tags", p);
		const char *name = name_tag(c, get_array(c, c->hc_file, o, p, "Tags"), tp);
		if (rid != NULL && name != NULL) {
			g_hash_table_insert(tag_names, (gpointer)rid, (gpointer)name);
		}
	}
}

static void read_hcs(struct conv *c, JsonObject *root)
{
	static const char *const known[] = { "HealthChecks",	"HealthCheck", "Marker",
					     "IsTruncated",	"NextMarker",  "MaxItems",
					     "ResourceTagSets", NULL };
	check_fields(c, c->hc_file, root, "", known);
	g_autoptr(GHashTable) tag_names = g_hash_table_new(g_str_hash, g_str_equal);
	read_tag_sets(c, get_array(c, c->hc_file, root, "", "ResourceTagSets"), tag_names);
	bool truncated = false;
	if (get_bool(c, c->hc_file, root, "", "IsTruncated", &truncated) && truncated) {
		warn(c, c->hc_file, ".IsTruncated",
		     "the listing is truncated: only this page was imported (the AWS CLI pages "
		     "by itself unless --max-items or --no-paginate is given)");
	}
	JsonObject *single = get_object(c, c->hc_file, root, "", "HealthCheck");
	if (single != NULL) {
		read_hc(c, single, ".HealthCheck", tag_names);
	}
	JsonArray *list = get_array(c, c->hc_file, root, "", "HealthChecks");
	for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
		JsonNode *n = json_array_get_element(list, i);
		g_autofree char *p = g_strdup_printf(".HealthChecks[%u]", i);
		if (!JSON_NODE_HOLDS_OBJECT(n)) {
			warn(c, c->hc_file, p, "%s, expected a health check object; ignored",
			     json_type_word(n));
			continue;
		}
		read_hc(c, json_node_get_object(n), p, tag_names);
	}
	resolve_children(c);
}

/* ---- record sets ---- */

static const char *const rrset_known[] = { "Name",
					   "Type",
					   "SetIdentifier",
					   "Weight",
					   "Region",
					   "GeoLocation",
					   "Failover",
					   "MultiValueAnswer",
					   "TTL",
					   "ResourceRecords",
					   "AliasTarget",
					   "HealthCheckId",
					   "TrafficPolicyInstanceId",
					   "CidrRoutingConfig",
					   "GeoProximityLocation",
					   NULL };

static bool is_aws_target(const char *name)
{
	/* the suffixes the scenario validator accepts as AWS resources (validate.c) */
	static const char *const suffixes[] = { ".amazonaws.com.", ".cloudfront.net.",
						".awsglobalaccelerator.com.", ".on.aws.", NULL };
	for (size_t i = 0; suffixes[i] != NULL; i++) {
		if (g_str_has_suffix(name, suffixes[i])) {
			return true;
		}
	}
	return false;
}

struct zone {
	char *origin;
	GPtrArray *rrsets; /* struct rrset *, borrowed */
};

static void zone_free(struct zone *z)
{
	g_free(z->origin);
	g_ptr_array_unref(z->rrsets);
	g_free(z);
}

static bool zone_has_owner(const struct zone *z, const char *name)
{
	for (guint i = 0; i < z->rrsets->len; i++) {
		const struct rrset *r = g_ptr_array_index(z->rrsets, i);
		if (strcmp(r->owner, name) == 0) {
			return true;
		}
	}
	return false;
}

/* Geolocation attributes; false when the record cannot be written (then why says so). */
static bool geo_attrs(struct conv *c, JsonObject *geo, const char *path, GString *attrs, char **why)
{
	const char *file = c->rec_file;
	static const char *const known[] = { "ContinentCode", "CountryCode", "SubdivisionCode",
					     NULL };
	check_fields(c, file, geo, path, known);
	const char *cont = get_string(c, file, geo, path, "ContinentCode");
	const char *country = get_string(c, file, geo, path, "CountryCode");
	const char *sub = get_string(c, file, geo, path, "SubdivisionCode");
	if (sub != NULL && (country == NULL || strcmp(country, "US") != 0)) {
		*why = g_strdup_printf("subdivision %s-%s: the scenario language has subdivisions "
				       "of the US only",
				       country ? country : "?", sub);
		return false;
	}
	if (cont != NULL) {
		append_attr(attrs, "continent", cont);
	}
	if (country != NULL) {
		append_attr(attrs, "country", country);
	}
	if (sub != NULL) {
		append_attr(attrs, "subdivision", sub);
	}
	return true;
}

/* A JSON coordinate: the API has strings ("47.61"); numbers are accepted too. */
static char *coordinate(JsonObject *o, const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n == NULL || !JSON_NODE_HOLDS_VALUE(n)) {
		return NULL;
	}
	if (json_node_get_value_type(n) == G_TYPE_STRING) {
		const char *s = json_node_get_string(n);
		char *end = NULL;
		g_ascii_strtod(s, &end);
		return end != s && *end == '\0' ? g_strdup(s) : NULL;
	}
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (json_node_get_value_type(n) == G_TYPE_INT64) {
		return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
	}
	return g_strdup(g_ascii_dtostr(buf, sizeof(buf), json_node_get_double(n)));
}

static bool geoprox_attrs(struct conv *c, JsonObject *gp, const char *path, GString *attrs,
			  char **why)
{
	const char *file = c->rec_file;
	static const char *const known[] = { "AWSRegion", "LocalZoneGroup", "Coordinates", "Bias",
					     NULL };
	check_fields(c, file, gp, path, known);
	const char *region = get_string(c, file, gp, path, "AWSRegion");
	const char *lzg = get_string(c, file, gp, path, "LocalZoneGroup");
	JsonObject *coords = get_object(c, file, gp, path, "Coordinates");
	if (region != NULL) {
		g_autofree char *lower = g_ascii_strdown(region, -1);
		append_attr(attrs, "geoproximity", lower);
	} else if (coords != NULL) {
		g_autofree char *cp = g_strdup_printf("%s.Coordinates", path);
		static const char *const ck[] = { "Latitude", "Longitude", NULL };
		check_fields(c, file, coords, cp, ck);
		g_autofree char *lat = coordinate(coords, "Latitude");
		g_autofree char *lon = coordinate(coords, "Longitude");
		if (lat == NULL || lon == NULL) {
			*why = g_strdup("Coordinates without a numeric Latitude and Longitude");
			return false;
		}
		g_autofree char *v = g_strdup_printf("%s,%s", lat, lon);
		append_attr(attrs, "geoproximity", v);
	} else if (lzg != NULL) {
		g_autofree char *l = one_line(lzg);
		*why = g_strdup_printf("LocalZoneGroup %s: Local Zones are not modelled", l);
		return false;
	} else {
		*why = g_strdup("GeoProximityLocation without AWSRegion or Coordinates");
		return false;
	}
	int64_t bias;
	if (get_int(c, file, gp, path, "Bias", &bias)) {
		g_string_append_printf(attrs, " bias=%" G_GINT64_FORMAT, bias);
	}
	return true;
}

/* Print one record set into the zone block. */
static void emit_rrset(struct conv *c, const struct zone *z, const struct rrset *rs)
{
	const char *file = c->rec_file;
	const char *path = rs->path;
	JsonObject *o = rs->obj;
	g_autoptr(GString) attrs = g_string_new(NULL);
	g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
	char *why = NULL; /* set: the whole record set is left out (commented) */
	int64_t v;
	bool b;

	const char *set = get_string(c, file, o, path, "SetIdentifier");
	if (set != NULL) {
		append_attr(attrs, "set", set);
	}
	if (get_int(c, file, o, path, "Weight", &v)) {
		g_string_append_printf(attrs, " weight=%" G_GINT64_FORMAT, v);
	}
	const char *failover = get_string(c, file, o, path, "Failover");
	if (failover != NULL) {
		g_autofree char *lower = g_ascii_strdown(failover, -1);
		append_attr(attrs, "failover", lower);
	}
	const char *region = get_string(c, file, o, path, "Region");
	if (region != NULL) {
		g_autofree char *lower = g_ascii_strdown(region, -1);
		append_attr(attrs, "region", lower);
	}
	JsonObject *geo = get_object(c, file, o, path, "GeoLocation");
	if (geo != NULL) {
		g_autofree char *gp = g_strdup_printf("%s.GeoLocation", path);
		if (!geo_attrs(c, geo, gp, attrs, &why)) {
			warn(c, file, gp, "%s; record set left out", why);
		}
	}
	JsonObject *prox = get_object(c, file, o, path, "GeoProximityLocation");
	if (prox != NULL && why == NULL) {
		g_autofree char *gp = g_strdup_printf("%s.GeoProximityLocation", path);
		if (!geoprox_attrs(c, prox, gp, attrs, &why)) {
			warn(c, file, gp, "%s; record set left out", why);
		}
	}
	if (get_bool(c, file, o, path, "MultiValueAnswer", &b) && b) {
		g_string_append(attrs, " multivalue=yes");
	}
	JsonObject *cidr = get_object(c, file, o, path, "CidrRoutingConfig");
	if (cidr != NULL) {
		g_autofree char *cp = g_strdup_printf("%s.CidrRoutingConfig", path);
		static const char *const known[] = { "CollectionId", "LocationName", NULL };
		check_fields(c, file, cidr, cp, known);
		const char *coll = get_string(c, file, cidr, cp, "CollectionId");
		const char *loc = get_string(c, file, cidr, cp, "LocationName");
		if (coll != NULL && loc != NULL) {
			g_autofree char *cl = g_strdup_printf("%s/%s", coll, loc);
			append_attr(attrs, "cidr", cl);
			bool seen = false;
			for (guint i = 0; i < c->cidr_locs->len; i++) {
				seen |= strcmp(g_ptr_array_index(c->cidr_locs, i), cl) == 0;
			}
			if (!seen && strcmp(loc, "*") != 0) {
				g_ptr_array_add(c->cidr_locs, g_strdup(cl));
				warn(c, file, cp,
				     "the record JSON does not carry the CIDR blocks of location "
				     "%s: add a 'cidr %s PREFIX...' statement (aws route53 "
				     "list-cidr-blocks)",
				     cl, cl);
			}
		} else if (why == NULL) {
			why = g_strdup("CidrRoutingConfig without CollectionId and LocationName");
			warn(c, file, cp, "%s; record set left out", why);
		}
	}
	const char *hcid = get_string(c, file, o, path, "HealthCheckId");
	if (hcid != NULL) {
		g_autofree char *hp = g_strdup_printf("%s.HealthCheckId", path);
		g_autofree char *id = one_line(hcid);
		struct hc *h = g_hash_table_lookup(c->hc_by_id, hcid);
		if (h != NULL && h->type != NULL) {
			append_attr(attrs, "health", h->name);
		} else if (h != NULL) {
			g_ptr_array_add(notes, g_strdup_printf("health check %s (%s) not imported: "
							       "%s; health= left out",
							       id, h->name, h->why));
			warn(c, file, hp,
			     "health check %s (%s) is not imported (%s); health= left "
			     "out, the record is always healthy in the simulation",
			     id, h->name, h->why);
		} else {
			g_ptr_array_add(notes, g_strdup_printf("health check %s is not in the "
							       "health-check JSON; health= left "
							       "out",
							       id));
			warn(c, file, hp,
			     "health check %s is not in the health-check JSON%s; health= left out",
			     id, c->hc_file == NULL ? " (none was given: --health-checks)" : "");
		}
	}
	const char *tpi = get_string(c, file, o, path, "TrafficPolicyInstanceId");
	if (tpi != NULL) {
		g_autofree char *t = one_line(tpi);
		g_autofree char *tp = g_strdup_printf("%s.TrafficPolicyInstanceId", path);
		g_ptr_array_add(notes,
				g_strdup_printf("created by traffic policy instance %s: Traffic "
						"Flow is not modelled, the record is imported as "
						"it stands",
						t));
		warn(c, file, tp,
		     "Traffic Flow policy instances are not modelled; the record set is imported "
		     "as it stands, without its policy instance");
	}

	/* data: an alias or resource records */
	JsonObject *alias = get_object(c, file, o, path, "AliasTarget");
	JsonArray *rrs = get_array(c, file, o, path, "ResourceRecords");
	g_autofree char *target = NULL;
	int64_t ttl = 0;
	bool have_ttl = get_int(c, file, o, path, "TTL", &ttl);
	if (alias != NULL) {
		g_autofree char *ap = g_strdup_printf("%s.AliasTarget", path);
		static const char *const known[] = { "HostedZoneId", "DNSName",
						     "EvaluateTargetHealth", NULL };
		check_fields(c, file, alias, ap, known);
		const char *dns = get_string(c, file, alias, ap, "DNSName");
		if (dns != NULL) {
			target = r53_name(dns);
		}
		if (get_bool(c, file, alias, ap, "EvaluateTargetHealth", &b) && b) {
			g_string_append(attrs, " evaluate-target-health=yes");
		}
		if (why != NULL) {
			/* already left out */
		} else if (target == NULL) {
			why = g_strdup("AliasTarget without DNSName");
			warn(c, file, ap, "%s; record set left out", why);
		} else if (rrs != NULL) {
			why = g_strdup("both AliasTarget and ResourceRecords");
			warn(c, file, path, "%s; record set left out", why);
		} else if (name_in(target, z->origin) && !zone_has_owner(z, target)) {
			why =
			    g_strdup_printf("alias target %s has no records in this zone", target);
			warn(c, file, ap, "%s; record set left out", why);
		} else if (!name_in(target, z->origin) && !is_aws_target(target)) {
			why = g_strdup_printf("alias target %s is outside the zone and not under a "
					      "suffix the simulator models as an AWS resource "
					      "(amazonaws.com, cloudfront.net, "
					      "awsglobalaccelerator.com, on.aws)",
					      target);
			warn(c, file, ap, "%s; record set left out", why);
		}
		if (have_ttl) {
			g_autofree char *tp = g_strdup_printf("%s.TTL", path);
			warn(c, file, tp,
			     "an alias record has no TTL of its own; TTL not imported");
		}
	} else if (why == NULL) {
		if (rrs == NULL || json_array_get_length(rrs) == 0) {
			why = g_strdup("neither AliasTarget nor ResourceRecords");
			warn(c, file, path, "%s; record set left out", why);
		} else if (!have_ttl) {
			why = g_strdup("ResourceRecords without a TTL");
			warn(c, file, path, "%s; record set left out", why);
		}
	}

	g_autofree char *owner = relative(rs->owner, z->origin);
	for (guint i = 0; i < notes->len; i++) {
		g_string_append_printf(c->out, "  # %s: %s\n", path,
				       (char *)g_ptr_array_index(notes, i));
	}
	if (why != NULL) {
		g_autofree char *w = one_line(why);
		g_string_append_printf(c->out, "  # %s: left out: %s\n", path, w);
	}
	const char *prefix = why != NULL ? "  # " : "  ";
	if (alias != NULL) {
		g_string_append_printf(c->out, "%s%s %s alias %s%s\n", prefix, owner, rs->type,
				       target ? target : "?", attrs->str);
	}
	for (guint i = 0; alias == NULL && rrs != NULL && i < json_array_get_length(rrs); i++) {
		JsonNode *n = json_array_get_element(rrs, i);
		g_autofree char *p = g_strdup_printf("%s.ResourceRecords[%u]", path, i);
		if (!JSON_NODE_HOLDS_OBJECT(n)) {
			warn(c, file, p, "%s, expected {\"Value\": ...}; not imported",
			     json_type_word(n));
			continue;
		}
		JsonObject *ro = json_node_get_object(n);
		static const char *const known[] = { "Value", NULL };
		check_fields(c, file, ro, p, known);
		const char *value = get_string(c, file, ro, p, "Value");
		if (value == NULL) {
			warn(c, file, p, "resource record without Value; not imported");
			continue;
		}
		g_autofree char *val = one_line(value);
		g_string_append_printf(c->out, "%s%s %" G_GINT64_FORMAT " IN %s %s%s\n", prefix,
				       owner, ttl, rs->type, val, attrs->str);
	}
	g_free(why);
}

/* Origins: SOA owners; without an SOA the highest NS owner; without either, the longest
 * common suffix of the names. */
static GPtrArray *find_origins(struct conv *c, GPtrArray *rrsets)
{
	GPtrArray *origins = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < rrsets->len; i++) {
		const struct rrset *r = g_ptr_array_index(rrsets, i);
		if (strcmp(r->type, "SOA") == 0 &&
		    !g_ptr_array_find_with_equal_func(origins, r->owner, g_str_equal, NULL)) {
			g_ptr_array_add(origins, g_strdup(r->owner));
		}
	}
	if (origins->len > 0 || rrsets->len == 0) {
		return origins;
	}
	const char *best = NULL;
	for (guint i = 0; i < rrsets->len; i++) {
		const struct rrset *r = g_ptr_array_index(rrsets, i);
		if (strcmp(r->type, "NS") == 0 &&
		    (best == NULL || label_count(r->owner) < label_count(best))) {
			best = r->owner;
		}
	}
	if (best != NULL) {
		warn(c, c->rec_file, ".ResourceRecordSets",
		     "no SOA record set; %s, the highest owner of an NS record set, is taken as "
		     "the zone origin",
		     best);
		g_ptr_array_add(origins, g_strdup(best));
		return origins;
	}
	const struct rrset *first = g_ptr_array_index(rrsets, 0);
	const char *suffix = first->owner;
	for (guint i = 1; i < rrsets->len; i++) {
		const struct rrset *r = g_ptr_array_index(rrsets, i);
		while (!name_in(r->owner, suffix)) {
			const char *dot = strchr(suffix, '.');
			suffix = dot != NULL && dot[1] != '\0' ? dot + 1 : ".";
		}
	}
	warn(c, c->rec_file, ".ResourceRecordSets",
	     "no SOA or NS record set; %s, the longest common suffix of the names, is taken as "
	     "the zone origin",
	     suffix);
	g_ptr_array_add(origins, g_strdup(suffix));
	return origins;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void emit_zone(struct conv *c, const struct zone *z)
{
	/* servers: the apex NS hosts, named after their first label */
	g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GString) map = g_string_new(NULL);
	for (guint i = 0; i < z->rrsets->len; i++) {
		const struct rrset *r = g_ptr_array_index(z->rrsets, i);
		if (strcmp(r->type, "NS") != 0 || strcmp(r->owner, z->origin) != 0) {
			continue;
		}
		JsonNode *rn = json_object_get_member(r->obj, "ResourceRecords");
		JsonArray *rrs =
		    rn != NULL && JSON_NODE_HOLDS_ARRAY(rn) ? json_node_get_array(rn) : NULL;
		for (guint k = 0; rrs != NULL && k < json_array_get_length(rrs); k++) {
			JsonNode *n = json_array_get_element(rrs, k);
			if (!JSON_NODE_HOLDS_OBJECT(n)) {
				continue;
			}
			JsonNode *vn = json_object_get_member(json_node_get_object(n), "Value");
			if (vn == NULL || !JSON_NODE_HOLDS_VALUE(vn) ||
			    json_node_get_value_type(vn) != G_TYPE_STRING) {
				continue;
			}
			g_autofree char *host = r53_name(json_node_get_string(vn));
			g_autofree char *label = g_strndup(host, strcspn(host, "."));
			char *base = entity_name(label[0] != '\0' ? label : "ns");
			char *name = g_strdup(base);
			for (int n2 = 2;
			     g_ptr_array_find_with_equal_func(servers, name, g_str_equal, NULL);
			     n2++) {
				g_free(name);
				name = g_strdup_printf("%s-%d", base, n2);
			}
			g_free(base);
			g_string_append_printf(map, "%s%s = %s", map->len ? ", " : "", name, host);
			g_ptr_array_add(servers, name);
		}
	}
	g_string_append_printf(c->out, "\n");
	if (servers->len == 0) {
		warn(c, c->rec_file, ".ResourceRecordSets",
		     "zone %s has no NS record set at its apex; servers=route53 is a placeholder",
		     z->origin);
		g_ptr_array_add(servers, g_strdup("route53"));
		g_string_append_printf(c->out,
				       "# zone %s: no NS records at the apex; "
				       "servers=route53 is a placeholder\n",
				       z->origin);
	} else {
		g_string_append_printf(c->out,
				       "# servers= are named after the first label of the apex NS "
				       "hosts: %s\n",
				       map->str);
	}
	g_string_append_printf(c->out, "zone %s servers=", z->origin);
	for (guint i = 0; i < servers->len; i++) {
		g_string_append_printf(c->out, "%s%s", i ? "," : "",
				       (char *)g_ptr_array_index(servers, i));
	}
	g_string_append_c(c->out, '\n');
	for (guint i = 0; i < z->rrsets->len; i++) {
		emit_rrset(c, z, g_ptr_array_index(z->rrsets, i));
	}
	g_string_append(c->out, "end\n");
}

static void convert_records(struct conv *c, JsonObject *root)
{
	const char *file = c->rec_file;
	static const char *const known[] = {
		"ResourceRecordSets", "IsTruncated",	      "MaxItems", "NextRecordName",
		"NextRecordType",     "NextRecordIdentifier", NULL
	};
	check_fields(c, file, root, "", known);
	bool truncated = false;
	if (get_bool(c, file, root, "", "IsTruncated", &truncated) && truncated) {
		warn(c, file, ".IsTruncated",
		     "the listing is truncated: only this page was imported (the AWS CLI pages "
		     "by itself unless --max-items or --no-paginate is given)");
	}
	JsonArray *list = json_object_get_array_member(root, "ResourceRecordSets");
	g_autoptr(GPtrArray) rrsets = g_ptr_array_new_with_free_func((GDestroyNotify)rrset_free);
	for (guint i = 0; i < json_array_get_length(list); i++) {
		JsonNode *n = json_array_get_element(list, i);
		g_autofree char *p = g_strdup_printf(".ResourceRecordSets[%u]", i);
		if (!JSON_NODE_HOLDS_OBJECT(n)) {
			warn(c, file, p, "%s, expected a record set object; ignored",
			     json_type_word(n));
			continue;
		}
		JsonObject *o = json_node_get_object(n);
		check_fields(c, file, o, p, rrset_known);
		const char *name = get_string(c, file, o, p, "Name");
		const char *type = get_string(c, file, o, p, "Type");
		if (name == NULL || type == NULL || name[0] == '\0' || type[0] == '\0') {
			warn(c, file, p, "record set without Name or Type; not imported");
			continue;
		}
		bool plain = true;
		for (const char *t = type; *t != '\0'; t++) {
			plain &= g_ascii_isalnum(*t);
		}
		if (!plain) {
			warn(c, file, p, "record type is not a type name; not imported");
			continue;
		}
		struct rrset *r = g_new0(struct rrset, 1);
		r->path = g_strdup(p);
		r->owner = r53_name(name);
		r->type = g_ascii_strup(type, -1);
		r->obj = o;
		g_ptr_array_add(rrsets, r);
	}

	g_autoptr(GPtrArray) origins = find_origins(c, rrsets);
	g_ptr_array_sort(origins, cmp_str);
	g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func((GDestroyNotify)zone_free);
	for (guint i = 0; i < origins->len; i++) {
		struct zone *z = g_new0(struct zone, 1);
		z->origin = g_strdup(g_ptr_array_index(origins, i));
		z->rrsets = g_ptr_array_new();
		g_ptr_array_add(zones, z);
	}
	for (guint i = 0; i < rrsets->len; i++) {
		struct rrset *r = g_ptr_array_index(rrsets, i);
		struct zone *best = NULL;
		for (guint k = 0; k < zones->len; k++) {
			struct zone *z = g_ptr_array_index(zones, k);
			if (name_in(r->owner, z->origin) &&
			    (best == NULL || label_count(z->origin) > label_count(best->origin))) {
				best = z;
			}
		}
		if (best == NULL) {
			warn(c, file, r->path,
			     "%s is in none of the zones found (%u); not imported", r->owner,
			     zones->len);
			continue;
		}
		g_ptr_array_add(best->rrsets, r);
	}
	if (rrsets->len == 0) {
		warn(c, file, ".ResourceRecordSets", "no record sets; no zone written");
	}
	for (guint k = 0; k < zones->len; k++) {
		emit_zone(c, g_ptr_array_index(zones, k));
	}
	if (c->cidr_locs->len > 0) {
		g_string_append(c->out,
				"\n# IP-based routing: the record JSON names CIDR locations but "
				"not their blocks.\n# Add one statement per location (aws route53 "
				"list-cidr-blocks --collection-id ID):\n");
		for (guint i = 0; i < c->cidr_locs->len; i++) {
			g_string_append_printf(c->out, "# cidr %s PREFIX...\n",
					       (char *)g_ptr_array_index(c->cidr_locs, i));
		}
	}
}

JsonParser *import_json_load(const char *name, const char *text, gssize len, GError **error)
{
	JsonParser *parser = json_parser_new_immutable();
	g_autoptr(GError) jerr = NULL;
	if (json_parser_load_from_data(parser, text, len, &jerr)) {
		return parser;
	}
	/* json-glib: "<data>:LINE:COL: Parse error: MESSAGE" */
	int line = 0, col = 0, off = 0;
	const char *m = jerr->message;
	if (sscanf(m, "<data>:%d:%d: %n", &line, &col, &off) == 2 && off > 0) {
		const char *rest = m + off;
		if (g_str_has_prefix(rest, "Parse error: ")) {
			rest += strlen("Parse error: ");
		}
		g_set_error(error, IMPORT_ERROR, IMPORT_ERROR_JSON,
			    "%s:%d:%d: error: invalid JSON: %s", name, line, col, rest);
	} else {
		g_set_error(error, IMPORT_ERROR, IMPORT_ERROR_JSON, "%s: error: invalid JSON: %s",
			    name, m);
	}
	g_object_unref(parser);
	return NULL;
}

/* Parse one input; on failure set error with FILE:LINE:COL from json-glib's message. */
static JsonParser *parse(const char *name, const char *text, gssize len, const char *list_key,
			 GError **error)
{
	JsonParser *parser = import_json_load(name, text, len, error);
	if (parser == NULL) {
		return NULL;
	}
	JsonNode *root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, IMPORT_ERROR, IMPORT_ERROR_SHAPE,
			    "%s: error: %s; expected a JSON object as printed by aws route53", name,
			    root == NULL ? "empty input" : "the top level is not an object");
		g_object_unref(parser);
		return NULL;
	}
	JsonObject *o = json_node_get_object(root);
	bool ok = false;
	if (strcmp(list_key, "ResourceRecordSets") == 0) {
		JsonNode *l = json_object_get_member(o, list_key);
		ok = l != NULL && JSON_NODE_HOLDS_ARRAY(l);
	} else {
		JsonNode *l = json_object_get_member(o, list_key);
		JsonNode *one = json_object_get_member(o, "HealthCheck");
		ok = (l != NULL && JSON_NODE_HOLDS_ARRAY(l)) ||
		     (one != NULL && JSON_NODE_HOLDS_OBJECT(one));
	}
	if (!ok) {
		g_set_error(error, IMPORT_ERROR, IMPORT_ERROR_SHAPE,
			    "%s: error: .%s: missing or not an array; expected the output of aws "
			    "route53 %s",
			    name, list_key,
			    strcmp(list_key, "ResourceRecordSets") == 0
				? "list-resource-record-sets"
				: "list-health-checks");
		g_object_unref(parser);
		return NULL;
	}
	return parser;
}

char *import_route53(const char *records_name, const char *records_json, gssize records_len,
		     const char *hc_name, const char *hc_json, gssize hc_len, GPtrArray *warnings,
		     GError **error)
{
	g_autoptr(JsonParser) rp =
	    parse(records_name, records_json, records_len, "ResourceRecordSets", error);
	if (rp == NULL) {
		return NULL;
	}
	g_autoptr(JsonParser) hp = NULL;
	if (hc_json != NULL) {
		hp = parse(hc_name, hc_json, hc_len, "HealthChecks", error);
		if (hp == NULL) {
			return NULL;
		}
	}
	struct conv c = {
		.rec_file = records_name,
		.hc_file = hc_json != NULL ? hc_name : NULL,
		.warnings = warnings,
		.hcs = g_ptr_array_new_with_free_func((GDestroyNotify)hc_free),
		.hc_by_id = g_hash_table_new(g_str_hash, g_str_equal),
		.hc_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.cidr_locs = g_ptr_array_new_with_free_func(g_free),
		.out = g_string_new(NULL),
	};
	g_string_append_printf(c.out, "# Imported from Route 53 by dnssim import route53: %s%s%s\n",
			       records_name, hp ? ", " : "", hp ? hc_name : "");
	g_string_append(c.out, "# Comments mark what was not imported; the import's warnings "
			       "say the same with JSON paths.\n");
	if (hp != NULL) {
		read_hcs(&c, json_node_get_object(json_parser_get_root(hp)));
	}
	convert_records(&c, json_node_get_object(json_parser_get_root(rp)));
	emit_hcs(&c);
	g_hash_table_unref(c.hc_by_id);
	g_ptr_array_unref(c.hcs);
	g_hash_table_unref(c.hc_names);
	g_ptr_array_unref(c.cidr_locs);
	return g_string_free(c.out, FALSE);
}
