#include "authoritative/zone.h"

#include <string.h>

#include "sim/util.h"

/* One existing name: its RRsets (none for an empty non-terminal). */
struct auth_node {
	uint32_t owner;
	uint32_t wildcard;     /* "*.<owner>" when that node exists here, else DNS_NAME_NONE */
	uint32_t cname_target; /* target of the CNAME at this node, else DNS_NAME_NONE */
	guint children;	       /* nodes one label below this one */
	guint route53_count;   /* record lines left to the Route 53 models */
	GArray *route53_types; /* uint16_t, types of those record lines; NULL if none */
	GPtrArray *rrsets;     /* struct dns_rrset *, one per type, refs held */
};

struct auth_zone {
	uint32_t origin;
	GHashTable *nodes;	   /* owner id + 1 -> struct auth_node * (ENTs included) */
	struct dns_rrset *soa;	   /* borrowed from the apex node */
	struct dns_rrset *neg_soa; /* owned: the SOA with TTL min(TTL, MINIMUM) (RFC 2308 3) */
	guint route53_count;
	guint rrset_count;
	/* Route 53 record sets of this zone and what their evaluation may ask (borrowed) */
	const auth_r53_zone *r53;
	const struct auth_r53_env *r53_env;
};

GQuark auth_zone_error_quark(void)
{
	return g_quark_from_static_string("auth-zone-error-quark");
}

static const char *const answer_names[] = {
	[AUTH_ANSWER_DATA] = "data",	     [AUTH_ANSWER_CNAME] = "cname",
	[AUTH_ANSWER_REFERRAL] = "referral", [AUTH_ANSWER_NODATA] = "nodata",
	[AUTH_ANSWER_NXDOMAIN] = "nxdomain", [AUTH_ANSWER_REFUSED] = "refused",
};

const char *auth_answer_name(enum auth_answer answer)
{
	SIM_ASSERT((size_t)answer < G_N_ELEMENTS(answer_names));
	return answer_names[answer];
}

static gpointer key_of(uint32_t owner)
{
	return GUINT_TO_POINTER(owner + 1u);
}

static void node_free(gpointer data)
{
	struct auth_node *node = data;
	g_ptr_array_free(node->rrsets, TRUE);
	if (node->route53_types != NULL) {
		g_array_free(node->route53_types, TRUE);
	}
	g_free(node);
}

auth_zone *auth_zone_new(uint32_t origin)
{
	SIM_ASSERT(origin != DNS_NAME_NONE);
	auth_zone *zone = g_new0(auth_zone, 1);
	zone->origin = origin;
	zone->nodes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, node_free);
	return zone;
}

void auth_zone_free(auth_zone *zone)
{
	if (zone == NULL) {
		return;
	}
	g_hash_table_destroy(zone->nodes);
	dns_rrset_unref(zone->neg_soa);
	g_free(zone);
}

static struct auth_node *node_find(const auth_zone *zone, uint32_t owner)
{
	return g_hash_table_lookup(zone->nodes, key_of(owner));
}

/* The node of owner, created with every missing ancestor up to the apex (the empty
 * non-terminals, RFC 4592 2.2.2). */
static struct auth_node *node_get(auth_zone *zone, const dns_names *names, uint32_t owner)
{
	struct auth_node *node = node_find(zone, owner);
	if (node != NULL) {
		return node;
	}
	node = g_new0(struct auth_node, 1);
	node->owner = owner;
	node->wildcard = DNS_NAME_NONE;
	node->cname_target = DNS_NAME_NONE;
	node->rrsets = g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
	g_hash_table_insert(zone->nodes, key_of(owner), node);
	if (owner != zone->origin) {
		struct auth_node *parent = node_get(zone, names, dns_name_parent(names, owner));
		parent->children++;
		if (dns_name_is_wildcard(names, owner)) {
			parent->wildcard = owner;
		}
	}
	return node;
}

static struct dns_rrset *node_rrset(const struct auth_node *node, uint16_t type)
{
	for (guint i = 0; i < node->rrsets->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(node->rrsets, i);
		if (set->type == type) {
			return set;
		}
	}
	return NULL;
}

/* RRSIG and NSEC may sit beside a CNAME (RFC 4035 2.5); nothing else may. */
static bool type_allowed_with_cname(uint16_t type)
{
	return type == LDNS_RR_TYPE_CNAME || type == LDNS_RR_TYPE_RRSIG ||
	       type == LDNS_RR_TYPE_NSEC;
}

static uint32_t soa_minimum(const struct dns_rrset *soa)
{
	const ldns_rr *rr = ldns_rr_list_rr(soa->rrs, 0);
	SIM_ASSERT(ldns_rr_rd_count(rr) == 7);
	return ldns_rdf2native_int32(ldns_rr_rdf(rr, 6));
}

static void soa_changed(auth_zone *zone, struct dns_rrset *soa)
{
	zone->soa = soa;
	dns_rrset_unref(zone->neg_soa);
	zone->neg_soa = dns_rrset_copy_ttl(soa, MIN(soa->ttl, soa_minimum(soa)));
}

/*
 * Check that an RRset of type and class with count records may stand at owner (node: its node,
 * or NULL if owner does not exist yet) in place of the RRset of that type there, if any. NULL if
 * so, else a message (caller frees) and *code.
 */
static char *conflict(const auth_zone *zone, const dns_names *names, const struct auth_node *node,
		      uint32_t owner, uint16_t type, uint16_t rclass, guint count,
		      enum auth_zone_error *code)
{
	const char *owner_text = dns_name_text(names, owner);
	if (rclass != LDNS_RR_CLASS_IN) {
		*code = AUTH_ZONE_ERROR_CLASS;
		return g_strdup_printf("%s: class is not IN; dnssim serves IN data only",
				       owner_text);
	}
	if (!dns_name_is_subdomain(names, owner, zone->origin)) {
		*code = AUTH_ZONE_ERROR_OUTSIDE;
		return g_strdup_printf("%s is outside zone %s", owner_text,
				       dns_name_text(names, zone->origin));
	}
	if (type == LDNS_RR_TYPE_SOA) {
		if (owner != zone->origin) {
			*code = AUTH_ZONE_ERROR_SOA;
			return g_strdup_printf("SOA at %s, not at the apex %s", owner_text,
					       dns_name_text(names, zone->origin));
		}
		if (count > 1) {
			*code = AUTH_ZONE_ERROR_SOA;
			return g_strdup_printf("second SOA at %s; a zone has one", owner_text);
		}
	}
	if (type == LDNS_RR_TYPE_NS && dns_name_is_wildcard(names, owner)) {
		*code = AUTH_ZONE_ERROR_WILDCARD_NS;
		return g_strdup_printf("NS at the wildcard %s is not served (RFC 4592 4.2)",
				       owner_text);
	}
	if (type == LDNS_RR_TYPE_CNAME && count > 1) {
		*code = AUTH_ZONE_ERROR_CNAME;
		return g_strdup_printf("second CNAME at %s; a name has at most one (RFC 2181 10.1)",
				       owner_text);
	}
	if (node == NULL) {
		return NULL;
	}
	bool cname = false, other = false;
	for (guint i = 0; i < node->rrsets->len; i++) {
		const struct dns_rrset *set = g_ptr_array_index(node->rrsets, i);
		if (set->type == type) {
			continue; /* the set being replaced or joined */
		}
		cname |= set->type == LDNS_RR_TYPE_CNAME;
		other |= !type_allowed_with_cname(set->type);
	}
	if ((type == LDNS_RR_TYPE_CNAME && other) || (cname && !type_allowed_with_cname(type))) {
		*code = AUTH_ZONE_ERROR_CNAME;
		return g_strdup_printf(
		    "%s has a CNAME and other data (RFC 1034 3.6.2, RFC 2181 10.1)", owner_text);
	}
	return NULL;
}

/* TRUE if set holds a record with the rdata of rr (owner, TTL ignored; RFC 2181 5). */
static bool rrset_holds(const struct dns_rrset *set, const ldns_rr *rr)
{
	for (size_t i = 0; set != NULL && i < ldns_rr_list_rr_count(set->rrs); i++) {
		if (ldns_rr_compare(rr, ldns_rr_list_rr(set->rrs, i)) == 0) {
			return true;
		}
	}
	return false;
}

/* Intern the names lookups follow (NS, MX and CNAME targets), so that answering never has to,
 * and keep the node's CNAME target. */
static void node_targets(dns_names *names, struct auth_node *node, const struct dns_rrset *set)
{
	if (set->type == LDNS_RR_TYPE_CNAME) {
		node->cname_target = dns_rrset_rdata_name(names, set, 0);
	} else if (set->type == LDNS_RR_TYPE_NS || set->type == LDNS_RR_TYPE_MX) {
		for (guint i = 0; i < dns_rrset_count(set); i++) {
			(void)dns_rrset_rdata_name(names, set, i);
		}
	}
}

gboolean auth_zone_add_rr(auth_zone *zone, dns_names *names, ldns_rr *rr, GError **error)
{
	uint32_t owner = dns_name_intern_rdf(names, ldns_rr_owner(rr));
	SIM_ASSERT(owner != DNS_NAME_NONE);
	uint16_t type = ldns_rr_get_type(rr);
	const struct auth_node *found = node_find(zone, owner);
	const struct dns_rrset *joined = found != NULL ? node_rrset(found, type) : NULL;
	guint count = (joined != NULL ? dns_rrset_count(joined) : 0) + !rrset_holds(joined, rr);
	enum auth_zone_error code = AUTH_ZONE_ERROR_OUTSIDE;
	g_autofree char *why =
	    conflict(zone, names, found, owner, type, ldns_rr_get_class(rr), count, &code);
	if (why != NULL) {
		g_set_error_literal(error, AUTH_ZONE_ERROR, (gint)code, why);
		ldns_rr_free(rr);
		return FALSE;
	}
	struct auth_node *node = node_get(zone, names, owner);
	struct dns_rrset *set = node_rrset(node, type);
	if (set == NULL) {
		set = dns_rrset_new(owner, type, LDNS_RR_CLASS_IN, ldns_rr_ttl(rr));
		g_ptr_array_add(node->rrsets, set);
		zone->rrset_count++;
	} else if (set->refs > 1) {
		/* shared with a message or a cache: copy on write, the holders keep the old set */
		struct dns_rrset *copy = dns_rrset_clone(set);
		for (guint i = 0; i < node->rrsets->len; i++) {
			if (g_ptr_array_index(node->rrsets, i) == set) {
				g_ptr_array_index(node->rrsets, i) = copy;
			}
		}
		dns_rrset_unref(set);
		set = copy;
	}
	dns_rrset_add(set, rr);
	node_targets(names, node, set);
	if (type == LDNS_RR_TYPE_SOA) {
		soa_changed(zone, set);
	}
	return TRUE;
}

ldns_rr *auth_zone_rr_from_text(const auth_zone *zone, const dns_names *names, const char *text,
				GError **error)
{
	ldns_rdf *origin = NULL;
	ldns_rr *rr = NULL;
	ldns_status st = ldns_str2rdf_dname(&origin, dns_name_text(names, zone->origin));
	SIM_ASSERT(st == LDNS_STATUS_OK);
	st = ldns_rr_new_frm_str(&rr, text, AUTH_ZONE_DEFAULT_TTL, origin, NULL);
	ldns_rdf_deep_free(origin);
	if (st != LDNS_STATUS_OK) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_SYNTAX, "bad record '%s': %s",
			    text, ldns_get_errorstr_by_id(st));
		return NULL;
	}
	return rr;
}

gboolean auth_zone_add_text(auth_zone *zone, dns_names *names, const char *text, GError **error)
{
	ldns_rr *rr = auth_zone_rr_from_text(zone, names, text, error);
	return rr != NULL && auth_zone_add_rr(zone, names, rr, error);
}

auth_zone *auth_zone_new_from_scenario(const struct scenario_zone *sz, dns_names *names,
				       GPtrArray *problems)
{
	uint32_t origin = dns_name_intern(names, sz->origin);
	SIM_ASSERT(origin != DNS_NAME_NONE);
	auth_zone *zone = auth_zone_new(origin);
	for (guint i = 0; i < sz->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(sz->records, i);
		if (r->alias || r->policy != SCENARIO_POLICY_SIMPLE || r->rr == NULL) {
			/* a Route 53 record set: answered by the routing-policy models */
			uint32_t owner = dns_name_intern(names, r->owner);
			SIM_ASSERT(owner != DNS_NAME_NONE);
			if (dns_name_is_subdomain(names, owner, origin)) {
				struct auth_node *node = node_get(zone, names, owner);
				if (node->route53_types == NULL) {
					node->route53_types =
					    g_array_new(FALSE, FALSE, sizeof(uint16_t));
				}
				uint16_t type = r->type;
				g_array_append_val(node->route53_types, type);
				node->route53_count++;
			}
			zone->route53_count++;
			continue;
		}
		g_autoptr(GError) error = NULL;
		if (!auth_zone_add_rr(zone, names, ldns_rr_clone(r->rr), &error) &&
		    problems != NULL) {
			g_ptr_array_add(problems,
					g_strdup_printf("%s:%d:%d: %s; record not served",
							r->loc.file ? r->loc.file : "?",
							r->loc.line, r->loc.col, error->message));
		}
	}
	return zone;
}

gboolean auth_zone_check(const auth_zone *zone, const dns_names *names, GError **error)
{
	const char *origin = dns_name_text(names, zone->origin);
	if (zone->soa == NULL) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_INCOMPLETE,
			    "zone %s has no SOA", origin);
		return FALSE;
	}
	if (auth_zone_find(zone, zone->origin, LDNS_RR_TYPE_NS) == NULL) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_INCOMPLETE,
			    "zone %s has no NS RRset at its apex", origin);
		return FALSE;
	}
	return TRUE;
}

uint32_t auth_zone_origin(const auth_zone *zone)
{
	return zone->origin;
}

struct dns_rrset *auth_zone_soa(const auth_zone *zone)
{
	return zone->soa;
}

struct dns_rrset *auth_zone_find(const auth_zone *zone, uint32_t owner, uint16_t type)
{
	const struct auth_node *node = node_find(zone, owner);
	return node != NULL ? node_rrset(node, type) : NULL;
}

bool auth_zone_name_exists(const auth_zone *zone, uint32_t owner)
{
	return node_find(zone, owner) != NULL;
}

bool auth_zone_is_cut(const auth_zone *zone, uint32_t owner)
{
	return owner != zone->origin && auth_zone_find(zone, owner, LDNS_RR_TYPE_NS) != NULL;
}

guint auth_zone_route53_count(const auth_zone *zone)
{
	return zone->route53_count;
}

guint auth_zone_rrset_count(const auth_zone *zone)
{
	return zone->rrset_count;
}

/* Changes during a run (RFC 2136 3.4.2 semantics, without the update message) */

/* Drop node while it no longer exists: no RRsets, no Route 53 lines, no names below it, and not
 * the apex; then do the same for its parent, which may have been an empty non-terminal only
 * because of it (RFC 4592 2.2.2). */
static void node_prune(auth_zone *zone, const dns_names *names, struct auth_node *node)
{
	while (node->owner != zone->origin && node->rrsets->len == 0 && node->children == 0 &&
	       node->route53_count == 0) {
		uint32_t owner = node->owner;
		struct auth_node *parent = node_find(zone, dns_name_parent(names, owner));
		SIM_ASSERT(parent != NULL && parent->children > 0);
		parent->children--;
		if (parent->wildcard == owner) {
			parent->wildcard = DNS_NAME_NONE;
		}
		g_hash_table_remove(zone->nodes, key_of(owner)); /* frees node */
		node = parent;
	}
}

/*
 * Put set in place of node's RRset of type (taking a reference), or remove that RRset when set
 * is NULL. The old set is unreferenced, never modified: messages and caches that hold it keep
 * it as it was (copy on write).
 */
static void node_put(auth_zone *zone, dns_names *names, struct auth_node *node, uint16_t type,
		     struct dns_rrset *set)
{
	guint i = 0;
	while (i < node->rrsets->len &&
	       ((const struct dns_rrset *)g_ptr_array_index(node->rrsets, i))->type != type) {
		i++;
	}
	if (set == NULL) {
		SIM_ASSERT(i < node->rrsets->len && type != LDNS_RR_TYPE_SOA);
		g_ptr_array_remove_index(node->rrsets, i); /* unrefs; keeps the others' order */
		zone->rrset_count--;
		if (type == LDNS_RR_TYPE_CNAME) {
			node->cname_target = DNS_NAME_NONE;
		}
		node_prune(zone, names, node);
		return;
	}
	SIM_ASSERT(set->owner == node->owner && set->type == type);
	if (i < node->rrsets->len) {
		struct dns_rrset *old = g_ptr_array_index(node->rrsets, i);
		g_ptr_array_index(node->rrsets, i) = dns_rrset_ref(set);
		dns_rrset_unref(old);
	} else {
		g_ptr_array_add(node->rrsets, dns_rrset_ref(set));
		zone->rrset_count++;
	}
	node_targets(names, node, set);
	if (type == LDNS_RR_TYPE_SOA) {
		soa_changed(zone, set);
	}
}

enum auth_edit auth_zone_replace_rrset(auth_zone *zone, dns_names *names, struct dns_rrset *set,
				       GError **error)
{
	SIM_ASSERT(set != NULL && dns_rrset_count(set) > 0);
	struct auth_node *node = node_find(zone, set->owner);
	const struct dns_rrset *old = node != NULL ? node_rrset(node, set->type) : NULL;
	if (old != NULL && old->ttl == set->ttl && dns_rrset_equal_data(old, set)) {
		return AUTH_EDIT_UNCHANGED;
	}
	enum auth_zone_error code = AUTH_ZONE_ERROR_OUTSIDE;
	g_autofree char *why = conflict(zone, names, node, set->owner, set->type, set->rclass,
					dns_rrset_count(set), &code);
	if (why != NULL) {
		g_set_error_literal(error, AUTH_ZONE_ERROR, (gint)code, why);
		return AUTH_EDIT_REFUSED;
	}
	node_put(zone, names, node_get(zone, names, set->owner), set->type, set);
	return AUTH_EDIT_CHANGED;
}

enum auth_edit auth_zone_update_rr(auth_zone *zone, dns_names *names, ldns_rr *rr, GError **error)
{
	uint32_t owner = dns_name_intern_rdf(names, ldns_rr_owner(rr));
	SIM_ASSERT(owner != DNS_NAME_NONE);
	uint16_t type = ldns_rr_get_type(rr);
	uint16_t rclass = ldns_rr_get_class(rr);
	const struct auth_node *node = node_find(zone, owner);
	const struct dns_rrset *old = node != NULL ? node_rrset(node, type) : NULL;
	struct dns_rrset *set = NULL;
	if (old == NULL || type == LDNS_RR_TYPE_SOA || type == LDNS_RR_TYPE_CNAME ||
	    rclass != old->rclass) {
		/* a new RRset; an SOA or a CNAME replaces the one there (RFC 2136 3.4.2.2) */
		set = dns_rrset_new(owner, type, rclass, ldns_rr_ttl(rr));
	} else {
		set = dns_rrset_clone(old); /* joins, at the lowest TTL (RFC 2181 5.2) */
	}
	dns_rrset_add(set, rr);
	enum auth_edit edit = auth_zone_replace_rrset(zone, names, set, error);
	dns_rrset_unref(set);
	return edit;
}

/* RFC 2136 3.4.2.3/3.4.2.4: the apex SOA is never removed, nor the apex NS RRset's last record. */
static gboolean apex_keeps(const auth_zone *zone, const dns_names *names, uint32_t owner,
			   uint16_t type, bool whole_set, const struct dns_rrset *set,
			   GError **error)
{
	if (owner != zone->origin) {
		return TRUE;
	}
	const char *o = dns_name_text(names, zone->origin);
	if (type == LDNS_RR_TYPE_SOA) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_APEX,
			    "the SOA of %s cannot be removed (RFC 2136 3.4.2.4); add an SOA to "
			    "replace it",
			    o);
		return FALSE;
	}
	if (type == LDNS_RR_TYPE_NS && (whole_set || dns_rrset_count(set) == 1)) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_APEX,
			    "the NS RRset at the apex of %s cannot be emptied (RFC 2136 3.4.2.4); "
			    "use 'zone %s delegate servers=...' to move the zone",
			    o, o);
		return FALSE;
	}
	return TRUE;
}

enum auth_edit auth_zone_remove_rr(auth_zone *zone, dns_names *names, const ldns_rr *rr,
				   GError **error)
{
	uint32_t owner = dns_name_intern_rdf(names, ldns_rr_owner(rr));
	SIM_ASSERT(owner != DNS_NAME_NONE);
	uint16_t type = ldns_rr_get_type(rr);
	if (!dns_name_is_subdomain(names, owner, zone->origin)) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_OUTSIDE,
			    "%s is outside zone %s", dns_name_text(names, owner),
			    dns_name_text(names, zone->origin));
		return AUTH_EDIT_REFUSED;
	}
	struct auth_node *node = node_find(zone, owner);
	const struct dns_rrset *old = node != NULL ? node_rrset(node, type) : NULL;
	if (old == NULL || ldns_rr_get_class(rr) != old->rclass || !rrset_holds(old, rr)) {
		return AUTH_EDIT_UNCHANGED;
	}
	if (!apex_keeps(zone, names, owner, type, false, old, error)) {
		return AUTH_EDIT_REFUSED;
	}
	if (dns_rrset_count(old) == 1) {
		node_put(zone, names, node, type, NULL);
		return AUTH_EDIT_CHANGED;
	}
	struct dns_rrset *set = dns_rrset_new(owner, type, old->rclass, old->ttl);
	for (size_t i = 0; i < ldns_rr_list_rr_count(old->rrs); i++) {
		const ldns_rr *r = ldns_rr_list_rr(old->rrs, i);
		if (ldns_rr_compare(rr, r) != 0) {
			dns_rrset_add(set, ldns_rr_clone(r));
		}
	}
	node_put(zone, names, node, type, set);
	dns_rrset_unref(set);
	return AUTH_EDIT_CHANGED;
}

enum auth_edit auth_zone_remove_rrset(auth_zone *zone, dns_names *names, uint32_t owner,
				      uint16_t type, GError **error)
{
	struct auth_node *node = node_find(zone, owner);
	const struct dns_rrset *old = node != NULL ? node_rrset(node, type) : NULL;
	if (old == NULL) {
		return AUTH_EDIT_UNCHANGED;
	}
	if (!apex_keeps(zone, names, owner, type, true, old, error)) {
		return AUTH_EDIT_REFUSED;
	}
	node_put(zone, names, node, type, NULL);
	return AUTH_EDIT_CHANGED;
}

enum auth_edit auth_zone_set_ttl(auth_zone *zone, dns_names *names, uint32_t owner, uint16_t type,
				 uint32_t ttl, GError **error)
{
	const struct dns_rrset *old = auth_zone_find(zone, owner, type);
	if (old == NULL) {
		return AUTH_EDIT_UNCHANGED;
	}
	struct dns_rrset *set = dns_rrset_copy_ttl(old, ttl);
	enum auth_edit edit = auth_zone_replace_rrset(zone, names, set, error);
	dns_rrset_unref(set);
	return edit;
}

struct dns_rrset *auth_zone_rrset_from_text(const auth_zone *zone, dns_names *names, uint32_t owner,
					    uint16_t type, uint32_t ttl, const char *const *rdata,
					    GError **error)
{
	if (rdata == NULL || rdata[0] == NULL) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_SYNTAX,
			    "no data for the RRset at %s", dns_name_text(names, owner));
		return NULL;
	}
	char *type_text = ldns_rr_type2str(type);
	struct dns_rrset *set = dns_rrset_new(owner, type, LDNS_RR_CLASS_IN, ttl);
	for (guint i = 0; rdata[i] != NULL; i++) {
		g_autofree char *text = g_strdup_printf(
		    "%s %u IN %s %s", dns_name_text(names, owner), ttl, type_text, rdata[i]);
		ldns_rr *rr = auth_zone_rr_from_text(zone, names, text, error);
		if (rr != NULL && ldns_rr_get_type(rr) != type) {
			ldns_rr_free(rr);
			rr = NULL;
			g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_SYNTAX,
				    "bad record '%s': not of type %s", text, type_text);
		}
		if (rr == NULL) {
			dns_rrset_unref(set);
			free(type_text);
			return NULL;
		}
		dns_rrset_add(set, rr);
	}
	free(type_text);
	return set;
}

bool auth_zone_is_route53(const auth_zone *zone, uint32_t owner, uint16_t type)
{
	const struct auth_node *node = node_find(zone, owner);
	for (guint i = 0;
	     node != NULL && node->route53_types != NULL && i < node->route53_types->len; i++) {
		if (g_array_index(node->route53_types, uint16_t, i) == type) {
			return true;
		}
	}
	return false;
}

auth_zone *auth_zone_copy(const auth_zone *zone)
{
	auth_zone *copy = auth_zone_new(zone->origin);
	GHashTableIter it;
	gpointer value = NULL;
	g_hash_table_iter_init(&it, zone->nodes);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		/* the order of insertion does not matter: the copy is keyed like the original */
		const struct auth_node *node = value;
		struct auth_node *n = g_new0(struct auth_node, 1);
		*n = *node;
		n->route53_types =
		    node->route53_types != NULL ? g_array_copy(node->route53_types) : NULL;
		n->rrsets = g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
		for (guint i = 0; i < node->rrsets->len; i++) {
			g_ptr_array_add(n->rrsets,
					dns_rrset_ref(g_ptr_array_index(node->rrsets, i)));
		}
		g_hash_table_insert(copy->nodes, key_of(n->owner), n);
	}
	const struct auth_node *apex = node_find(copy, copy->origin);
	copy->soa = apex != NULL ? node_rrset(apex, LDNS_RR_TYPE_SOA) : NULL;
	copy->neg_soa = zone->neg_soa != NULL ? dns_rrset_ref(zone->neg_soa) : NULL;
	copy->route53_count = zone->route53_count;
	copy->rrset_count = zone->rrset_count;
	return copy;
}

/* Lookup */

struct lookup {
	const auth_zone *zone;
	dns_names *names;
	uint16_t qtype;
	struct dns_msg *response;
	const struct auth_r53_source *src; /* where the query comes from, or NULL */
	GPtrArray *path;		   /* Route 53 decision steps, or NULL */
	enum auth_r53_price price;	   /* price class of the query */
	bool priced;			   /* a Route 53 record set set the price class */
};

/* Does the node hold Route 53 record sets of type (answered by the route53 models)? */
static bool r53_has(const struct lookup *l, const struct auth_node *node, uint16_t type)
{
	return l->zone->r53 != NULL && node->route53_count > 0 &&
	       auth_r53_zone_find(l->zone->r53, node->owner, type) != NULL;
}

/* Answer from the node's Route 53 group of type into the answer section. */
static bool r53_answer(struct lookup *l, const struct auth_node *node, uint32_t name, uint16_t type)
{
	struct auth_r53_source unknown;
	const struct auth_r53_source *src = l->src;
	if (src == NULL) {
		memset(&unknown, 0, sizeof(unknown)); /* an unknown location: default records */
		src = &unknown;
	}
	/* the first Route 53 set met prices the query (the top of the tree, route53.md 8) */
	enum auth_r53_price price = AUTH_R53_PRICE_STANDARD;
	bool answered =
	    auth_r53_zone_answer_priced(l->zone->r53, l->zone->r53_env, src, name, node->owner,
					type, l->response, l->path, &price);
	if (!l->priced) {
		l->price = price;
		l->priced = true;
	}
	return answered;
}

/* A, then AAAA, of name into the additional section, if the zone has them. */
static void add_addresses(const struct lookup *l, uint32_t name)
{
	if (name == DNS_NAME_NONE || !dns_name_is_subdomain(l->names, name, l->zone->origin)) {
		return;
	}
	const struct auth_node *node = node_find(l->zone, name);
	if (node == NULL) {
		return;
	}
	static const uint16_t types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		struct dns_rrset *set = node_rrset(node, types[i]);
		if (set != NULL) {
			dns_msg_add(l->response, DNS_SECTION_ADDITIONAL, set);
		}
	}
}

/* RFC 1034 4.3.2 step 6 (additional section processing) for NS and MX answers. */
static void add_targets(const struct lookup *l, const struct dns_rrset *set)
{
	if (set->type != LDNS_RR_TYPE_NS && set->type != LDNS_RR_TYPE_MX) {
		return;
	}
	for (guint i = 0; i < dns_rrset_count(set); i++) {
		add_addresses(l, dns_rrset_rdata_name(l->names, set, i));
	}
}

static void add_negative(const struct lookup *l, uint8_t rcode)
{
	l->response->rcode = rcode;
	if (l->zone->neg_soa != NULL) {
		dns_msg_add(l->response, DNS_SECTION_AUTHORITY, l->zone->neg_soa);
	}
}

/* RFC 1034 4.3.2 step 3b: the NS of the cut in authority, in-zone addresses in additional. */
static void add_referral(const struct lookup *l, const struct auth_node *cut)
{
	struct dns_rrset *ns = node_rrset(cut, LDNS_RR_TYPE_NS);
	SIM_ASSERT(ns != NULL);
	dns_msg_add(l->response, DNS_SECTION_AUTHORITY, ns);
	for (guint i = 0; i < dns_rrset_count(ns); i++) {
		add_addresses(l, dns_rrset_rdata_name(l->names, ns, i));
	}
}

/* A copy of set with every owner replaced by owner (RFC 4592 3.3.1 synthesis). Refcount 1. */
static struct dns_rrset *synthesise(const struct lookup *l, const struct dns_rrset *set,
				    uint32_t owner)
{
	ldns_rdf *rdf = NULL;
	ldns_status st = ldns_str2rdf_dname(&rdf, dns_name_text(l->names, owner));
	SIM_ASSERT(st == LDNS_STATUS_OK);
	struct dns_rrset *out = dns_rrset_new(owner, set->type, set->rclass, set->ttl);
	for (size_t i = 0; i < ldns_rr_list_rr_count(set->rrs); i++) {
		ldns_rr *rr = ldns_rr_clone(ldns_rr_list_rr(set->rrs, i));
		ldns_rdf_deep_free(ldns_rr_owner(rr));
		ldns_rr_set_owner(rr, ldns_rdf_clone(rdf));
		dns_rrset_add(out, rr);
	}
	ldns_rdf_deep_free(rdf);
	return out;
}

/* Add set to the answer, under owner (a synthesised copy when owner differs). */
static void answer_with(const struct lookup *l, struct dns_rrset *set, uint32_t owner)
{
	if (set->owner == owner) {
		dns_msg_add(l->response, DNS_SECTION_ANSWER, set);
		return;
	}
	struct dns_rrset *copy = synthesise(l, set, owner);
	dns_msg_add(l->response, DNS_SECTION_ANSWER, copy);
	dns_rrset_unref(copy);
}

enum step {
	STEP_DONE,  /* the answer is complete */
	STEP_CNAME, /* a CNAME was added: continue with its target */
};

/* The answer for name at a node found by exact match or as the source of synthesis. */
static enum step answer_node(struct lookup *l, const struct auth_node *node, uint32_t name,
			     enum auth_answer *answer)
{
	struct dns_rrset *cname = node_rrset(node, LDNS_RR_TYPE_CNAME);
	if (l->qtype == LDNS_RR_TYPE_ANY) {
		for (guint i = 0; i < node->rrsets->len; i++) {
			answer_with(l, g_ptr_array_index(node->rrsets, i), name);
		}
		if (node->rrsets->len > 0) {
			*answer = AUTH_ANSWER_DATA;
		} else {
			add_negative(l, LDNS_RCODE_NOERROR);
			*answer = AUTH_ANSWER_NODATA;
		}
		return STEP_DONE;
	}
	if (cname != NULL && l->qtype != LDNS_RR_TYPE_CNAME) {
		answer_with(l, cname, name);
		return STEP_CNAME;
	}
	if (l->qtype != LDNS_RR_TYPE_CNAME && r53_has(l, node, LDNS_RR_TYPE_CNAME) &&
	    r53_answer(l, node, name, LDNS_RR_TYPE_CNAME)) {
		return STEP_CNAME; /* a Route 53 CNAME record set (weighted CNAMEs...) */
	}
	struct dns_rrset *set = node_rrset(node, l->qtype);
	if (set != NULL) {
		answer_with(l, set, name);
		add_targets(l, set);
		*answer = AUTH_ANSWER_DATA;
		return STEP_DONE;
	}
	if (r53_has(l, node, l->qtype) && r53_answer(l, node, name, l->qtype)) {
		*answer = AUTH_ANSWER_DATA;
		return STEP_DONE;
	}
	add_negative(l, LDNS_RCODE_NOERROR);
	*answer = AUTH_ANSWER_NODATA;
	return STEP_DONE;
}

/*
 * One pass of RFC 1034 4.3.2 step 3 for name (inside the zone). Returns STEP_CNAME when the
 * answer gained a CNAME whose target is to be looked up next.
 */
static enum step lookup_name(struct lookup *l, uint32_t name, bool first, enum auth_answer *answer)
{
	const auth_zone *zone = l->zone;
	const dns_names *names = l->names;
	/* the names from name up to (not including) the apex, deepest first */
	uint32_t path[128];
	guint depth = 0;
	for (uint32_t n = name; n != zone->origin; n = dns_name_parent(names, n)) {
		SIM_ASSERT(depth < G_N_ELEMENTS(path));
		path[depth++] = n;
	}
	/* walk down from the label below the apex: the first cut takes us out of the zone's
	 * authority (step 3b); the last existing node is the closest encloser (RFC 4592 3.3.1) */
	const struct auth_node *encloser = node_find(zone, zone->origin);
	while (depth > 0) {
		uint32_t ancestor = path[--depth];
		const struct auth_node *node = node_find(zone, ancestor);
		if (node == NULL) {
			break; /* names below a missing name are missing too (ENTs are nodes) */
		}
		encloser = node;
		if (node_rrset(node, LDNS_RR_TYPE_NS) == NULL) {
			continue;
		}
		if (ancestor == name && l->qtype == LDNS_RR_TYPE_DS) {
			/* DS lives on the parent side of the cut (RFC 4035 3.1.4.1) */
			if (first) {
				l->response->aa = true;
			}
			return answer_node(l, node, name, answer);
		}
		add_referral(l, node);
		*answer = AUTH_ANSWER_REFERRAL;
		return STEP_DONE;
	}
	if (first) {
		l->response->aa = true;
	}
	if (encloser != NULL && encloser->owner == name) {
		return answer_node(l, encloser, name, answer); /* step 3a, ENTs included */
	}
	/* step 3c: the name does not exist; the closest encloser's wildcard, if any */
	const struct auth_node *wild = encloser != NULL && encloser->wildcard != DNS_NAME_NONE
					   ? node_find(zone, encloser->wildcard)
					   : NULL;
	if (wild != NULL) {
		return answer_node(l, wild, name, answer);
	}
	add_negative(l, LDNS_RCODE_NXDOMAIN);
	*answer = AUTH_ANSWER_NXDOMAIN;
	return STEP_DONE;
}

void auth_zone_set_route53(auth_zone *zone, const auth_r53_zone *r53,
			   const struct auth_r53_env *env)
{
	zone->r53 = r53;
	zone->r53_env = env;
}

const auth_r53_zone *auth_zone_route53(const auth_zone *zone, const struct auth_r53_env **env)
{
	if (env != NULL) {
		*env = zone->r53_env;
	}
	return zone->r53;
}

enum auth_answer auth_zone_lookup(const auth_zone *zone, dns_names *names, uint32_t qname,
				  uint16_t qtype, struct dns_msg *response)
{
	return auth_zone_lookup_from(zone, names, qname, qtype, NULL, NULL, response);
}

enum auth_answer auth_zone_lookup_from(const auth_zone *zone, dns_names *names, uint32_t qname,
				       uint16_t qtype, const struct auth_r53_source *src,
				       GPtrArray *path, struct dns_msg *response)
{
	return auth_zone_lookup_priced(zone, names, qname, qtype, src, path, response, NULL);
}

enum auth_answer auth_zone_lookup_priced(const auth_zone *zone, dns_names *names, uint32_t qname,
					 uint16_t qtype, const struct auth_r53_source *src,
					 GPtrArray *path, struct dns_msg *response,
					 enum auth_r53_price *price)
{
	if (price != NULL) {
		*price = AUTH_R53_PRICE_STANDARD;
	}
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		SIM_ASSERT(response->sections[s]->len == 0);
	}
	response->aa = false;
	response->rcode = LDNS_RCODE_NOERROR;
	if (!dns_name_is_subdomain(names, qname, zone->origin)) {
		response->rcode = LDNS_RCODE_REFUSED;
		return AUTH_ANSWER_REFUSED;
	}
	struct lookup l = { .zone = zone,
			    .names = names,
			    .qtype = qtype,
			    .response = response,
			    .src = src,
			    .path = path };
	uint32_t chain[AUTH_CNAME_CHAIN_MAX + 1];
	guint steps = 0;
	uint32_t name = qname;
	enum auth_answer answer = AUTH_ANSWER_DATA;
	for (;;) {
		chain[steps] = name;
		if (lookup_name(&l, name, steps == 0, &answer) == STEP_DONE) {
			if (price != NULL) {
				*price = auth_r53_price_billed(l.price, response);
			}
			return answer;
		}
		/* a CNAME went into the answer: RFC 1034 4.3.2 step 3a, restart at its target */
		const struct dns_rrset *cname =
		    g_ptr_array_index(response->sections[DNS_SECTION_ANSWER],
				      response->sections[DNS_SECTION_ANSWER]->len - 1);
		SIM_ASSERT(cname->type == LDNS_RR_TYPE_CNAME);
		uint32_t target = dns_rrset_rdata_name(names, cname, 0);
		bool seen = false;
		for (guint i = 0; i <= steps; i++) {
			seen |= chain[i] == target;
		}
		if (target == DNS_NAME_NONE || seen || steps == AUTH_CNAME_CHAIN_MAX ||
		    !dns_name_is_subdomain(names, target, zone->origin)) {
			if (price != NULL) {
				*price = auth_r53_price_billed(l.price, response);
			}
			return AUTH_ANSWER_CNAME;
		}
		name = target;
		steps++;
	}
}

/* Printing */

static gint canonical_cmp(gconstpointer a, gconstpointer b)
{
	ldns_rdf *const *x = a;
	ldns_rdf *const *y = b;
	return ldns_dname_compare(*x, *y);
}

static gint type_cmp(gconstpointer a, gconstpointer b)
{
	const struct dns_rrset *const *x = a;
	const struct dns_rrset *const *y = b;
	return (gint)(*x)->type - (gint)(*y)->type;
}

void auth_zone_print(const auth_zone *zone, const dns_names *names, GString *out)
{
	GPtrArray *owners = g_ptr_array_new_with_free_func((GDestroyNotify)ldns_rdf_deep_free);
	GHashTableIter it;
	gpointer value = NULL;
	g_hash_table_iter_init(&it, zone->nodes);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		const struct auth_node *node = value;
		ldns_rdf *rdf = NULL;
		ldns_status st = ldns_str2rdf_dname(&rdf, dns_name_text(names, node->owner));
		SIM_ASSERT(st == LDNS_STATUS_OK);
		g_ptr_array_add(owners, rdf);
	}
	g_ptr_array_sort(owners, canonical_cmp);
	for (guint i = 0; i < owners->len; i++) {
		char *text = ldns_rdf2str(g_ptr_array_index(owners, i));
		const struct auth_node *node = node_find(zone, dns_name_find(names, text));
		free(text);
		SIM_ASSERT(node != NULL);
		/* a borrowed copy, sorted by type (the copy would inherit the unref free func) */
		g_autoptr(GPtrArray) sets = g_ptr_array_copy(node->rrsets, NULL, NULL);
		g_ptr_array_set_free_func(sets, NULL);
		g_ptr_array_sort(sets, type_cmp);
		for (guint k = 0; k < sets->len; k++) {
			dns_rrset_print(g_ptr_array_index(sets, k), out);
		}
	}
	g_ptr_array_free(owners, TRUE);
}
