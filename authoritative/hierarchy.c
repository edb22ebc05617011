#include "authoritative/hierarchy.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>

#include "sim/util.h"

/* A public zone and what the hierarchy knows about it. */
struct hzone {
	auth_zone *zone; /* owned */
	bool implied;
	uint32_t deleg_ttl;		 /* TTL of its NS and glue in the parent */
	GPtrArray *servers;		 /* struct hserver *, borrowed, in servers= order */
	auth_r53_zone *r53;		 /* owned: the zone's Route 53 record sets, or NULL */
	struct auth_r53_env env;	 /* the world's environment, with this zone's lookups */
	const struct auth_r53_env *base; /* the world's environment (borrowed) */
};

struct hserver {
	auth_server *server; /* owned */
	enum auth_server_role role;
};

struct auth_hierarchy {
	dns_names *names;	   /* borrowed */
	GPtrArray *zones;	   /* struct hzone *, public, sorted */
	GHashTable *by_origin;	   /* origin id + 1 -> struct hzone * (public zones) */
	GPtrArray *privates;	   /* struct hzone *, private zones in scenario order */
	GPtrArray *servers;	   /* struct hserver * */
	GHashTable *by_name;	   /* server name -> struct hserver * */
	GHashTable *by_host;	   /* host id + 1 -> struct hserver * */
	GHashTable *by_address;	   /* normalised address -> struct hserver * */
	GArray *root_hints;	   /* struct auth_root_hint */
	GPtrArray *hint_addresses; /* char *, owned, pointed to by root_hints */
	GPtrArray *problems;	   /* char * */
	GPtrArray *retired;	   /* auth_zone *, owned: copies that servers left by a
				    * re-delegation still serve */
	GHashTable *saved;	   /* undo key + 1 -> struct saved_rrset *, for ranged changes */
	GHashTable *saved_r53;	   /* undo key + 1 -> struct saved_r53 *, likewise */
};

/* What auth_hierarchy_change_r53_set() replaced, for auth_hierarchy_undo_r53_set(). */
struct saved_r53 {
	auth_r53_group *group;	    /* borrowed from a zone of the hierarchy */
	guint index;		    /* where the set was */
	bool removed;		    /* the change took the set out */
	struct auth_r53_set before; /* the set before the change; a reference on its rrset */
	bool weight_changed, health_changed, ttl_changed, data_changed;
};

/* What auth_hierarchy_change_rrset() replaced, for auth_hierarchy_undo_rrset(). */
struct saved_rrset {
	auth_zone *zone; /* borrowed: a zone of the hierarchy */
	uint32_t owner;
	uint16_t type;
	bool ttl_changed;
	uint32_t ttl; /* the TTL before the change */
	bool data_changed;
	struct dns_rrset *data; /* the RRset before the change (a reference), or NULL if absent */
};

/* First addresses dnssim hands out (RFC 2544 benchmarking range 198.18.0.0/15). */
#define SCENARIO_ADDRESS_BASE 0xC6120000u /* 198.18.0.0 */
#define IMPLIED_ADDRESS_BASE  0xC6130000u /* 198.19.0.0 */
#define ADDRESS_RANGE_END     0xC6140000u /* 198.20.0.0 */

GQuark auth_hierarchy_error_quark(void)
{
	return g_quark_from_static_string("auth-hierarchy-error-quark");
}

static void problem(auth_hierarchy *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Record a problem once (the same fact can be met from several directions). */
static void problem(auth_hierarchy *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	for (guint i = 0; i < h->problems->len; i++) {
		if (strcmp(g_ptr_array_index(h->problems, i), text) == 0) {
			g_free(text);
			return;
		}
	}
	g_ptr_array_add(h->problems, text);
}

static gpointer key_of(uint32_t name)
{
	return GUINT_TO_POINTER(name + 1u);
}

/* Canonical text of an IPv4 or IPv6 address (caller frees), or NULL if it is not one. */
static char *address_normalise(const char *text)
{
	unsigned char raw[sizeof(struct in6_addr)];
	char buf[INET6_ADDRSTRLEN];
	int family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(family, text, raw) != 1 || inet_ntop(family, raw, buf, sizeof(buf)) == NULL) {
		return NULL;
	}
	return g_strdup(buf);
}

static bool address_is_v6(const char *address)
{
	return strchr(address, ':') != NULL;
}

static void hzone_free(gpointer data)
{
	struct hzone *hz = data;
	auth_r53_zone_free(hz->r53);
	auth_zone_free(hz->zone);
	g_ptr_array_free(hz->servers, TRUE);
	g_free(hz);
}

static void saved_rrset_free(gpointer data)
{
	struct saved_rrset *s = data;
	dns_rrset_unref(s->data);
	g_free(s);
}

static void saved_r53_free(gpointer data)
{
	struct saved_r53 *s = data;
	if (s->before.rrset != NULL) {
		dns_rrset_unref(s->before.rrset);
	}
	g_free(s);
}

static void hserver_free(gpointer data)
{
	struct hserver *hs = data;
	auth_server_free(hs->server);
	g_free(hs);
}

static struct hzone *hzone_new(auth_hierarchy *h, auth_zone *zone, bool implied, uint32_t deleg_ttl)
{
	struct hzone *hz = g_new0(struct hzone, 1);
	hz->zone = zone;
	hz->implied = implied;
	hz->deleg_ttl = deleg_ttl;
	hz->servers = g_ptr_array_new();
	g_ptr_array_add(h->zones, hz);
	g_hash_table_insert(h->by_origin, key_of(auth_zone_origin(zone)), hz);
	return hz;
}

static struct hzone *hzone_find(const auth_hierarchy *h, uint32_t origin)
{
	return g_hash_table_lookup(h->by_origin, key_of(origin));
}

/* The deepest public zone other than exclude whose origin is name or one of its ancestors. */
static struct hzone *enclosing_zone(const auth_hierarchy *h, uint32_t name,
				    const struct hzone *exclude)
{
	for (uint32_t n = name; n != DNS_NAME_NONE; n = dns_name_parent(h->names, n)) {
		struct hzone *hz = hzone_find(h, n);
		if (hz != NULL && hz != exclude) {
			return hz;
		}
	}
	return NULL;
}

static struct hserver *hserver_new(auth_hierarchy *h, const char *name, uint32_t host,
				   unsigned udp_size, enum auth_server_role role)
{
	struct hserver *hs = g_new0(struct hserver, 1);
	hs->server = auth_server_new(name, host, udp_size);
	hs->role = role;
	g_ptr_array_add(h->servers, hs);
	if (g_hash_table_contains(h->by_name, name)) {
		problem(h, "two servers are named %s; lookups by name find the first", name);
	} else {
		g_hash_table_insert(h->by_name, (gpointer)auth_server_name(hs->server), hs);
	}
	if (host != DNS_NAME_NONE && g_hash_table_contains(h->by_host, key_of(host))) {
		problem(h, "server %s: host name %s is already taken by a scenario server", name,
			dns_name_text(h->names, host));
	} else if (host != DNS_NAME_NONE) {
		g_hash_table_insert(h->by_host, key_of(host), hs);
	}
	return hs;
}

static void hzone_add_server(struct hzone *hz, struct hserver *hs)
{
	for (guint i = 0; i < hz->servers->len; i++) {
		if (g_ptr_array_index(hz->servers, i) == hs) {
			return;
		}
	}
	g_ptr_array_add(hz->servers, hs);
	auth_server_add_zone(hs->server, hz->zone);
}

/* Add a record dnssim writes itself; a refusal (a conflict with the scenario's own data) is a
 * problem to report, not a bug. */
static void add_text(auth_hierarchy *h, auth_zone *zone, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void add_text(auth_hierarchy *h, auth_zone *zone, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autoptr(GError) error = NULL;
	if (!auth_zone_add_text(zone, h->names, text, &error)) {
		problem(h, "zone %s: cannot add '%s' made by dnssim: %s",
			dns_name_text(h->names, auth_zone_origin(zone)), text, error->message);
	}
}

static bool stmt_is_private_zone(const struct scenario_stmt *stmt)
{
	const struct scenario_attr *a = scenario_stmt_attr(stmt, "private");
	return a != NULL && a->spec != NULL && a->i != 0;
}

/* "<label>.<origin>" as text (caller frees). */
static char *name_under(const char *label, const char *origin)
{
	return strcmp(origin, ".") == 0 ? g_strdup_printf("%s.", label)
					: g_strdup_printf("%s.%s", label, origin);
}

/* Scenario servers, declared or implied by servers=, in statement order. */
static void add_scenario_servers(auth_hierarchy *h, const struct scenario *sc)
{
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_SERVER || s->name == NULL) {
			continue;
		}
		const struct scenario_attr *udp = scenario_stmt_attr(s, "udp-size");
		unsigned udp_size = udp != NULL && udp->spec != NULL ? (unsigned)udp->i : 0;
		struct hserver *hs =
		    hserver_new(h, s->name, DNS_NAME_NONE, udp_size, AUTH_SERVER_SCENARIO);
		const struct scenario_attr *address = scenario_stmt_attr(s, "address");
		if (address == NULL) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(address);
		for (guint k = 0; items[k] != NULL; k++) {
			g_autofree char *norm = address_normalise(g_strstrip(items[k]));
			if (norm == NULL) {
				problem(h,
					"%s:%d:%d: server %s: '%s' is not an IP address; ignored",
					address->loc.file ? address->loc.file : "?",
					address->loc.line, address->loc.col, s->name, items[k]);
				continue;
			}
			auth_server_add_address(hs->server, norm);
		}
	}
}

static uint32_t ns_ttl_of(const struct scenario_zone *sz)
{
	const struct scenario_attr *a = scenario_stmt_attr(sz->stmt, "ns-ttl");
	if (a == NULL || a->spec == NULL) {
		return AUTH_ZONE_NS_TTL;
	}
	return (uint32_t)(a->i / SIM_NS_PER_S);
}

/* The server of VPC vpc's private zones ("vpc:NAME"), or NULL. */
static struct hserver *vpc_server(const auth_hierarchy *h, const char *vpc)
{
	g_autofree char *name = g_strdup_printf("%s%s", AUTH_VPC_SERVER_PREFIX, vpc);
	struct hserver *hs = g_hash_table_lookup(h->by_name, name);
	return hs != NULL && hs->role == AUTH_SERVER_VPC ? hs : NULL;
}

/*
 * One server per `vpc` statement, in statement order: Route 53 Resolver's view of the private
 * zones associated with the VPC. Addresses 169.254.53.1, .2, ... (IPv4 link-local, RFC 3927:
 * reachable only from inside the VPC, never from the public tree).
 */
static void add_vpc_servers(auth_hierarchy *h, const struct scenario *sc)
{
	guint n = 0;
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_VPC || s->name == NULL || n >= 254) {
			continue;
		}
		g_autofree char *name = g_strdup_printf("%s%s", AUTH_VPC_SERVER_PREFIX, s->name);
		struct hserver *hs = hserver_new(h, name, DNS_NAME_NONE, 0, AUTH_SERVER_VPC);
		g_autofree char *address = g_strdup_printf("169.254.53.%u", ++n);
		auth_server_add_address(hs->server, address);
	}
}

/* A private zone: served by the servers of the VPCs it is associated with, nowhere else. */
static void add_private_zone(auth_hierarchy *h, const struct scenario *sc,
			     const struct scenario_zone *sz, auth_zone *zone)
{
	struct hzone *hz = g_new0(struct hzone, 1);
	hz->zone = zone;
	hz->servers = g_ptr_array_new();
	g_ptr_array_add(h->privates, hz);
	if (auth_zone_route53_count(zone) > 0) {
		hz->r53 = auth_r53_zone_new_from_scenario(sc, sz, h->names, h->problems);
	}
	const struct scenario_attr *vpcs = scenario_stmt_attr(sz->stmt, "vpc");
	g_auto(GStrv) items = vpcs != NULL ? scenario_attr_items(vpcs) : NULL;
	for (guint k = 0; items != NULL && items[k] != NULL; k++) {
		struct hserver *hs = vpc_server(h, g_strstrip(items[k]));
		if (hs != NULL) {
			hzone_add_server(hz, hs); /* unknown VPCs are reported by validation */
		}
	}
}

/* The scenario's public zones with their servers; private zones aside. */
static void add_scenario_zones(auth_hierarchy *h, const struct scenario *sc)
{
	for (guint z = 0; z < sc->zones->len; z++) {
		const struct scenario_zone *sz = g_ptr_array_index(sc->zones, z);
		if (sz->origin == NULL) {
			continue;
		}
		auth_zone *zone = auth_zone_new_from_scenario(sz, h->names, h->problems);
		if (stmt_is_private_zone(sz->stmt)) {
			add_private_zone(h, sc, sz, zone);
			continue;
		}
		struct hzone *hz = hzone_new(h, zone, false, ns_ttl_of(sz));
		if (auth_zone_route53_count(zone) > 0) {
			hz->r53 = auth_r53_zone_new_from_scenario(sc, sz, h->names, h->problems);
		}
		const struct scenario_attr *servers = scenario_stmt_attr(sz->stmt, "servers");
		if (servers == NULL) {
			continue;
		}
		g_auto(GStrv) items = scenario_attr_items(servers);
		for (guint k = 0; items[k] != NULL; k++) {
			const char *name = g_strstrip(items[k]);
			struct hserver *hs = g_hash_table_lookup(h->by_name, name);
			if (name[0] == '\0' || hs == NULL || hs->role != AUTH_SERVER_SCENARIO) {
				continue; /* reported by validation */
			}
			hzone_add_server(hz, hs);
			if (auth_server_host(hs->server) != DNS_NAME_NONE) {
				continue;
			}
			/* host name from the first public zone that lists the server */
			g_autofree char *text = name_under(name, sz->origin);
			uint32_t host = dns_name_intern(h->names, text);
			if (host == DNS_NAME_NONE) {
				problem(h,
					"server %s: host name '%s' is not a valid domain name; the "
					"server gets no NS record",
					name, text);
				continue;
			}
			if (g_hash_table_contains(h->by_host, key_of(host))) {
				problem(h, "server %s: host name %s is already taken", name, text);
				continue;
			}
			auth_server_set_host(hs->server, host);
			g_hash_table_insert(h->by_host, key_of(host), hs);
		}
	}
}

/* The root and the TLDs the scenario does not write, with their servers. */
static void add_implied_zones(auth_hierarchy *h)
{
	dns_names *names = h->names;
	guint written = h->zones->len;
	if (hzone_find(h, DNS_NAME_ROOT) == NULL) {
		struct hzone *root = hzone_new(h, auth_zone_new(DNS_NAME_ROOT), true, 0);
		for (guint i = 0; i < AUTH_ROOT_SERVER_COUNT; i++) {
			g_autofree char *text = g_strdup_printf("%c.root-servers.net.", 'a' + i);
			uint32_t host = dns_name_intern(names, text);
			hzone_add_server(root, hserver_new(h, text, host, 0, AUTH_SERVER_ROOT));
		}
	}
	for (guint z = 0; z < written; z++) {
		const struct hzone *hz = g_ptr_array_index(h->zones, z);
		uint32_t origin = auth_zone_origin(hz->zone);
		if (dns_name_labels(names, origin) < 2) {
			continue;
		}
		uint32_t tld = dns_name_ancestor(names, origin, 1);
		if (hzone_find(h, tld) != NULL) {
			continue;
		}
		struct hzone *tz = hzone_new(h, auth_zone_new(tld), true, AUTH_TLD_NS_TTL);
		for (guint i = 0; i < AUTH_TLD_SERVER_COUNT; i++) {
			g_autofree char *label = g_strdup_printf("%c.nic", 'a' + i);
			g_autofree char *text = name_under(label, dns_name_text(names, tld));
			uint32_t host = dns_name_intern(names, text);
			hzone_add_server(tz, hserver_new(h, text, host, 0, AUTH_SERVER_TLD));
		}
	}
}

/* Addresses for servers without address=: the next free ones of 198.18.0.0/15, skipping
 * addresses ending in .0 and .255 and every address a server declares. */
static void assign_addresses(auth_hierarchy *h)
{
	g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < h->servers->len; i++) {
		const struct hserver *hs = g_ptr_array_index(h->servers, i);
		const GPtrArray *addresses = auth_server_addresses(hs->server);
		for (guint k = 0; k < addresses->len; k++) {
			g_hash_table_add(used, g_ptr_array_index(addresses, k));
		}
	}
	uint32_t next[2] = { SCENARIO_ADDRESS_BASE, IMPLIED_ADDRESS_BASE };
	for (guint i = 0; i < h->servers->len; i++) {
		struct hserver *hs = g_ptr_array_index(h->servers, i);
		if (auth_server_addresses(hs->server)->len > 0) {
			continue;
		}
		uint32_t *n = &next[hs->role == AUTH_SERVER_SCENARIO ? 0 : 1];
		char text[INET_ADDRSTRLEN];
		do {
			(*n)++;
			SIM_ASSERT(*n < ADDRESS_RANGE_END);
			g_snprintf(text, sizeof(text), "%u.%u.%u.%u", *n >> 24, (*n >> 16) & 255u,
				   (*n >> 8) & 255u, *n & 255u);
		} while ((*n & 255u) == 0 || (*n & 255u) == 255u ||
			 g_hash_table_contains(used, text));
		auth_server_add_address(hs->server, text);
	}
	for (guint i = 0; i < h->servers->len; i++) {
		struct hserver *hs = g_ptr_array_index(h->servers, i);
		const GPtrArray *addresses = auth_server_addresses(hs->server);
		for (guint k = 0; k < addresses->len; k++) {
			const char *a = g_ptr_array_index(addresses, k);
			const struct hserver *other = g_hash_table_lookup(h->by_address, a);
			if (other != NULL && other != hs) {
				problem(
				    h,
				    "address %s belongs to servers %s and %s; queries to it go to "
				    "%s",
				    a, auth_server_name(other->server),
				    auth_server_name(hs->server), auth_server_name(other->server));
				continue;
			}
			g_hash_table_insert(h->by_address, (gpointer)a, hs);
		}
	}
}

static gint hzone_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
	const dns_names *names = data;
	const struct hzone *x = *(struct hzone *const *)a;
	const struct hzone *y = *(struct hzone *const *)b;
	uint32_t ox = auth_zone_origin(x->zone), oy = auth_zone_origin(y->zone);
	unsigned lx = dns_name_labels(names, ox), ly = dns_name_labels(names, oy);
	if (lx != ly) {
		return lx < ly ? -1 : 1;
	}
	return strcmp(dns_name_text(names, ox), dns_name_text(names, oy));
}

/* SOA and apex NS: the implied values, or Route 53's defaults when the scenario wrote none. */
static void add_apex(auth_hierarchy *h, struct hzone *hz)
{
	dns_names *names = h->names;
	uint32_t origin = auth_zone_origin(hz->zone);
	const char *o = dns_name_text(names, origin);
	uint32_t ns_ttl = AUTH_ZONE_NS_TTL;
	if (hz->implied && origin == DNS_NAME_ROOT) {
		add_text(h, hz->zone,
			 ". %u IN SOA a.root-servers.net. nstld.verisign-grs.com. "
			 "1 1800 900 604800 86400",
			 AUTH_ROOT_SOA_TTL);
		ns_ttl = AUTH_ROOT_NS_TTL;
	} else if (hz->implied) {
		add_text(h, hz->zone,
			 "%s %u IN SOA a.nic.%s hostmaster.nic.%s 1 1800 900 604800 86400", o,
			 AUTH_TLD_SOA_TTL, o, o);
		ns_ttl = AUTH_TLD_NS_TTL;
	} else if (auth_zone_soa(hz->zone) == NULL) {
		/* Route 53's SOA for a new hosted zone (route53.md 6.1), MNAME its first server */
		const struct hserver *first =
		    hz->servers->len > 0 ? g_ptr_array_index(hz->servers, 0) : NULL;
		uint32_t mname = first != NULL ? auth_server_host(first->server) : DNS_NAME_NONE;
		add_text(h, hz->zone,
			 "%s %u IN SOA %s awsdns-hostmaster.amazon.com. 1 7200 900 "
			 "1209600 86400",
			 o, AUTH_ZONE_SOA_TTL,
			 mname != DNS_NAME_NONE ? dns_name_text(names, mname) : o);
	}
	const struct dns_rrset *own = auth_zone_find(hz->zone, origin, LDNS_RR_TYPE_NS);
	if (own == NULL) {
		for (guint i = 0; i < hz->servers->len; i++) {
			const struct hserver *hs = g_ptr_array_index(hz->servers, i);
			uint32_t host = auth_server_host(hs->server);
			if (host != DNS_NAME_NONE) {
				add_text(h, hz->zone, "%s %u IN NS %s", o, ns_ttl,
					 dns_name_text(names, host));
			}
		}
		return;
	}
	/* the scenario wrote its own apex NS: keep it, but say where it points nowhere */
	for (guint i = 0; i < dns_rrset_count(own); i++) {
		uint32_t target = dns_rrset_rdata_name(names, own, i);
		const struct hserver *hs = g_hash_table_lookup(h->by_host, key_of(target));
		const char *t = dns_name_text(names, target);
		if (hs == NULL) {
			problem(
			    h,
			    "zone %s: its NS %s is no server's host name; resolvers that use the "
			    "zone's own NS RRset will not reach it",
			    o, t);
			continue;
		}
		bool serves = false;
		for (guint k = 0; k < hz->servers->len; k++) {
			serves |= g_ptr_array_index(hz->servers, k) == hs;
		}
		if (!serves) {
			problem(h,
				"zone %s: its NS %s is server %s, which does not serve the zone "
				"(lame)",
				o, t, auth_server_name(hs->server));
		}
	}
}

/* The child's NS in its parent zone (unless the parent writes its own). */
static void add_delegation(auth_hierarchy *h, struct hzone *child)
{
	dns_names *names = h->names;
	uint32_t origin = auth_zone_origin(child->zone);
	struct hzone *parent = enclosing_zone(h, origin, child);
	SIM_ASSERT(parent != NULL); /* the root encloses everything */
	uint32_t porigin = auth_zone_origin(parent->zone);
	for (uint32_t n = dns_name_parent(names, origin); n != porigin;
	     n = dns_name_parent(names, n)) {
		if (auth_zone_is_cut(parent->zone, n)) {
			problem(h,
				"zone %s is unreachable: its parent zone %s delegates %s to other "
				"servers",
				dns_name_text(names, origin), dns_name_text(names, porigin),
				dns_name_text(names, n));
			return;
		}
	}
	if (auth_zone_find(parent->zone, origin, LDNS_RR_TYPE_NS) != NULL) {
		return; /* written in the scenario's parent zone: as the scenario says */
	}
	for (guint i = 0; i < child->servers->len; i++) {
		const struct hserver *hs = g_ptr_array_index(child->servers, i);
		uint32_t host = auth_server_host(hs->server);
		if (host != DNS_NAME_NONE) {
			add_text(h, parent->zone, "%s %u IN NS %s", dns_name_text(names, origin),
				 child->deleg_ttl, dns_name_text(names, host));
		}
	}
}

/* Records of a server's addresses at its host name in zone (TTL ttl), unless the zone already
 * has addresses there; those are kept, and a mismatch is reported. */
static void add_addresses(auth_hierarchy *h, auth_zone *zone, uint32_t host, uint32_t ttl)
{
	const struct hserver *hs = g_hash_table_lookup(h->by_host, key_of(host));
	if (hs == NULL) {
		return;
	}
	const char *t = dns_name_text(h->names, host);
	const GPtrArray *addresses = auth_server_addresses(hs->server);
	const struct dns_rrset *a = auth_zone_find(zone, host, LDNS_RR_TYPE_A);
	const struct dns_rrset *aaaa = auth_zone_find(zone, host, LDNS_RR_TYPE_AAAA);
	if (a == NULL && aaaa == NULL) {
		for (guint i = 0; i < addresses->len; i++) {
			const char *addr = g_ptr_array_index(addresses, i);
			add_text(h, zone, "%s %u IN %s %s", t, ttl,
				 address_is_v6(addr) ? "AAAA" : "A", addr);
		}
		return;
	}
	/* written in the scenario: every record must be an address of the server */
	const struct dns_rrset *sets[] = { a, aaaa };
	for (size_t s = 0; s < G_N_ELEMENTS(sets); s++) {
		for (guint r = 0; sets[s] != NULL && r < dns_rrset_count(sets[s]); r++) {
			char *text = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(sets[s]->rrs, r), 0));
			g_autofree char *norm = address_normalise(text);
			bool known = false;
			for (guint i = 0; norm != NULL && i < addresses->len; i++) {
				known |= strcmp(norm, g_ptr_array_index(addresses, i)) == 0;
			}
			if (!known) {
				problem(h,
					"zone %s: %s has address %s, which is not an address of "
					"server %s; the zone's records are kept",
					dns_name_text(h->names, auth_zone_origin(zone)), t, text,
					auth_server_name(hs->server));
			}
			free(text);
		}
	}
}

/* Glue and in-zone addresses for the NS targets of one NS RRset of zone: targets inside
 * within (the zone itself for its apex NS, the child for a delegation). */
static void add_ns_addresses(auth_hierarchy *h, auth_zone *zone, uint32_t owner, uint32_t within)
{
	const struct dns_rrset *ns = auth_zone_find(zone, owner, LDNS_RR_TYPE_NS);
	if (ns == NULL) {
		return;
	}
	for (guint i = 0; i < dns_rrset_count(ns); i++) {
		uint32_t target = dns_rrset_rdata_name(h->names, ns, i);
		if (target != DNS_NAME_NONE && dns_name_is_subdomain(h->names, target, within)) {
			add_addresses(h, zone, target, ns->ttl);
		}
	}
}

static void add_root_hints(auth_hierarchy *h)
{
	const struct hzone *root = hzone_find(h, DNS_NAME_ROOT);
	SIM_ASSERT(root != NULL);
	const struct dns_rrset *ns = auth_zone_find(root->zone, DNS_NAME_ROOT, LDNS_RR_TYPE_NS);
	for (guint i = 0; ns != NULL && i < dns_rrset_count(ns); i++) {
		uint32_t host = dns_rrset_rdata_name(h->names, ns, i);
		static const uint16_t types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
		for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
			const struct dns_rrset *set = auth_zone_find(root->zone, host, types[t]);
			for (guint r = 0; set != NULL && r < dns_rrset_count(set); r++) {
				char *text =
				    ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(set->rrs, r), 0));
				g_ptr_array_add(h->hint_addresses, g_strdup(text));
				free(text);
				struct auth_root_hint hint = {
					.host = host,
					.address = g_ptr_array_index(h->hint_addresses,
								     h->hint_addresses->len - 1),
				};
				g_array_append_val(h->root_hints, hint);
			}
		}
	}
	if (h->root_hints->len == 0) {
		problem(h, "the root zone has no NS with addresses: resolvers have no root hints");
	}
}

auth_hierarchy *auth_hierarchy_new(const struct scenario *sc, dns_names *names)
{
	auth_hierarchy *h = g_new0(auth_hierarchy, 1);
	h->names = names;
	h->zones = g_ptr_array_new_with_free_func(hzone_free);
	h->by_origin = g_hash_table_new(g_direct_hash, g_direct_equal);
	h->privates = g_ptr_array_new_with_free_func(hzone_free);
	h->servers = g_ptr_array_new_with_free_func(hserver_free);
	h->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	h->by_host = g_hash_table_new(g_direct_hash, g_direct_equal);
	h->by_address = g_hash_table_new(g_str_hash, g_str_equal);
	h->root_hints = g_array_new(FALSE, FALSE, sizeof(struct auth_root_hint));
	h->hint_addresses = g_ptr_array_new_with_free_func(g_free);
	h->problems = g_ptr_array_new_with_free_func(g_free);
	h->retired = g_ptr_array_new_with_free_func((GDestroyNotify)auth_zone_free);
	h->saved = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, saved_rrset_free);
	h->saved_r53 = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, saved_r53_free);

	add_scenario_servers(h, sc);
	add_vpc_servers(h, sc);
	add_scenario_zones(h, sc);
	add_implied_zones(h);
	assign_addresses(h);
	g_ptr_array_sort_with_data(h->zones, hzone_cmp, names);

	for (guint i = 0; i < h->zones->len; i++) {
		add_apex(h, g_ptr_array_index(h->zones, i));
	}
	for (guint i = 0; i < h->zones->len; i++) {
		struct hzone *hz = g_ptr_array_index(h->zones, i);
		if (auth_zone_origin(hz->zone) != DNS_NAME_ROOT) {
			add_delegation(h, hz);
		}
	}
	/* addresses: glue beside each NS RRset dnssim knows of, then the authoritative copy in
	 * the deepest zone holding each host name (if no NS RRset put it there already) */
	for (guint i = 0; i < h->zones->len; i++) {
		struct hzone *hz = g_ptr_array_index(h->zones, i);
		uint32_t origin = auth_zone_origin(hz->zone);
		add_ns_addresses(h, hz->zone, origin, origin);
		struct hzone *parent = enclosing_zone(h, origin, hz);
		if (parent != NULL) {
			add_ns_addresses(h, parent->zone, origin, origin);
		}
	}
	for (guint i = 0; i < h->servers->len; i++) {
		const struct hserver *hs = g_ptr_array_index(h->servers, i);
		uint32_t host = auth_server_host(hs->server);
		struct hzone *hz = host != DNS_NAME_NONE ? enclosing_zone(h, host, NULL) : NULL;
		if (hz != NULL) {
			bool root = hz->implied && auth_zone_origin(hz->zone) == DNS_NAME_ROOT;
			add_addresses(h, hz->zone, host,
				      root ? AUTH_ROOT_NS_TTL : AUTH_ZONE_NS_TTL);
		}
	}
	for (guint i = 0; i < h->zones->len; i++) {
		const struct hzone *hz = g_ptr_array_index(h->zones, i);
		g_autoptr(GError) error = NULL;
		if (!auth_zone_check(hz->zone, names, &error)) {
			problem(h, "%s", error->message);
		}
	}
	for (guint i = 0; i < h->privates->len; i++) {
		/* Route 53 gives a private zone an SOA too; negative answers need it */
		auth_zone *zone = ((struct hzone *)g_ptr_array_index(h->privates, i))->zone;
		if (auth_zone_soa(zone) == NULL) {
			const char *o = dns_name_text(names, auth_zone_origin(zone));
			add_text(h, zone,
				 "%s %u IN SOA %s awsdns-hostmaster.amazon.com. 1 7200 900 "
				 "1209600 86400",
				 o, AUTH_ZONE_SOA_TTL, o);
		}
	}
	add_root_hints(h);
	return h;
}

void auth_hierarchy_free(auth_hierarchy *h)
{
	if (h == NULL) {
		return;
	}
	g_hash_table_destroy(h->by_origin);
	g_hash_table_destroy(h->by_name);
	g_hash_table_destroy(h->by_host);
	g_hash_table_destroy(h->by_address);
	g_ptr_array_free(h->servers, TRUE);
	g_ptr_array_free(h->zones, TRUE);
	g_ptr_array_free(h->privates, TRUE);
	g_array_free(h->root_hints, TRUE);
	g_ptr_array_free(h->hint_addresses, TRUE);
	g_ptr_array_free(h->problems, TRUE);
	g_ptr_array_free(h->retired, TRUE);
	g_hash_table_destroy(h->saved);
	g_hash_table_destroy(h->saved_r53);
	g_free(h);
}

const GPtrArray *auth_hierarchy_problems(const auth_hierarchy *h)
{
	return h->problems;
}

guint auth_hierarchy_zone_count(const auth_hierarchy *h)
{
	return h->zones->len;
}

const auth_zone *auth_hierarchy_zone(const auth_hierarchy *h, guint i)
{
	SIM_ASSERT(i < h->zones->len);
	return ((const struct hzone *)g_ptr_array_index(h->zones, i))->zone;
}

const auth_zone *auth_hierarchy_find_zone(const auth_hierarchy *h, uint32_t origin)
{
	const struct hzone *hz = hzone_find(h, origin);
	return hz != NULL ? hz->zone : NULL;
}

bool auth_hierarchy_zone_implied(const auth_hierarchy *h, const auth_zone *zone)
{
	const struct hzone *hz = hzone_find(h, auth_zone_origin(zone));
	return hz != NULL && hz->zone == zone && hz->implied;
}

guint auth_hierarchy_private_zone_count(const auth_hierarchy *h)
{
	return h->privates->len;
}

const auth_zone *auth_hierarchy_private_zone(const auth_hierarchy *h, guint i)
{
	SIM_ASSERT(i < h->privates->len);
	return ((const struct hzone *)g_ptr_array_index(h->privates, i))->zone;
}

auth_server *auth_hierarchy_vpc_server(const auth_hierarchy *h, const char *vpc)
{
	const struct hserver *hs = vpc_server(h, vpc);
	return hs != NULL ? hs->server : NULL;
}

guint auth_hierarchy_server_count(const auth_hierarchy *h)
{
	return h->servers->len;
}

auth_server *auth_hierarchy_server(const auth_hierarchy *h, guint i)
{
	SIM_ASSERT(i < h->servers->len);
	return ((const struct hserver *)g_ptr_array_index(h->servers, i))->server;
}

enum auth_server_role auth_hierarchy_server_role(const auth_hierarchy *h, guint i)
{
	SIM_ASSERT(i < h->servers->len);
	return ((const struct hserver *)g_ptr_array_index(h->servers, i))->role;
}

auth_server *auth_hierarchy_server_by_name(const auth_hierarchy *h, const char *name)
{
	const struct hserver *hs = g_hash_table_lookup(h->by_name, name);
	return hs != NULL ? hs->server : NULL;
}

auth_server *auth_hierarchy_server_by_address(const auth_hierarchy *h, const char *address)
{
	g_autofree char *norm = address_normalise(address);
	const struct hserver *hs = norm != NULL ? g_hash_table_lookup(h->by_address, norm) : NULL;
	return hs != NULL ? hs->server : NULL;
}

const GArray *auth_hierarchy_root_hints(const auth_hierarchy *h)
{
	return h->root_hints;
}

/* Timeline changes */

auth_zone *auth_hierarchy_zone_for_origin(auth_hierarchy *h, uint32_t origin)
{
	const struct hzone *hz = hzone_find(h, origin);
	if (hz != NULL) {
		return hz->zone;
	}
	for (guint i = 0; i < h->privates->len; i++) {
		auth_zone *zone = ((struct hzone *)g_ptr_array_index(h->privates, i))->zone;
		if (auth_zone_origin(zone) == origin) {
			return zone;
		}
	}
	return NULL;
}

static bool zone_holds(const auth_zone *zone, uint32_t owner, uint16_t type)
{
	return auth_zone_find(zone, owner, type) != NULL || auth_zone_is_route53(zone, owner, type);
}

auth_zone *auth_hierarchy_zone_for_rrset(auth_hierarchy *h, uint32_t owner, uint16_t type)
{
	for (uint32_t n = owner; n != DNS_NAME_NONE; n = dns_name_parent(h->names, n)) {
		const struct hzone *hz = hzone_find(h, n);
		if (hz != NULL && zone_holds(hz->zone, owner, type)) {
			return hz->zone;
		}
	}
	for (guint i = 0; i < h->privates->len; i++) {
		auth_zone *zone = ((struct hzone *)g_ptr_array_index(h->privates, i))->zone;
		if (dns_name_is_subdomain(h->names, owner, auth_zone_origin(zone)) &&
		    zone_holds(zone, owner, type)) {
			return zone;
		}
	}
	return NULL;
}

static bool hservers_contain(const GPtrArray *list, const struct hserver *hs)
{
	for (guint i = 0; i < list->len; i++) {
		if (g_ptr_array_index(list, i) == hs) {
			return true;
		}
	}
	return false;
}

/* The NS RRset at origin naming the host of every server of list, with TTL ttl, put in zone. */
static void put_ns(auth_hierarchy *h, auth_zone *zone, uint32_t origin, uint32_t ttl,
		   const GPtrArray *list)
{
	g_autoptr(GPtrArray) targets = g_ptr_array_new();
	for (guint i = 0; i < list->len; i++) {
		const struct hserver *hs = g_ptr_array_index(list, i);
		g_ptr_array_add(targets,
				(gpointer)dns_name_text(h->names, auth_server_host(hs->server)));
	}
	g_ptr_array_add(targets, NULL);
	struct dns_rrset *ns =
	    auth_zone_rrset_from_text(zone, h->names, origin, LDNS_RR_TYPE_NS, ttl,
				      (const char *const *)targets->pdata, NULL);
	SIM_ASSERT(ns != NULL); /* host names are valid names */
	g_autoptr(GError) error = NULL;
	if (auth_zone_replace_rrset(zone, h->names, ns, &error) == AUTH_EDIT_REFUSED) {
		problem(h, "zone %s: cannot put the NS of %s: %s",
			dns_name_text(h->names, auth_zone_origin(zone)),
			dns_name_text(h->names, origin), error->message);
	}
	dns_rrset_unref(ns);
}

enum auth_edit auth_hierarchy_delegate(auth_hierarchy *h, uint32_t origin,
				       const char *const *servers, GError **error)
{
	dns_names *names = h->names;
	struct hzone *hz = origin != DNS_NAME_NONE ? hzone_find(h, origin) : NULL;
	if (hz == NULL) {
		g_set_error(error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_ZONE,
			    "no public zone %s to delegate (private zones are not delegated)",
			    origin != DNS_NAME_NONE ? dns_name_text(names, origin) : "?");
		return AUTH_EDIT_REFUSED;
	}
	const char *o = dns_name_text(names, origin);
	if (origin == DNS_NAME_ROOT) {
		g_set_error_literal(error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_ZONE,
				    "the root zone has no parent to delegate it; resolvers find it "
				    "from their root hints");
		return AUTH_EDIT_REFUSED;
	}
	g_autoptr(GPtrArray) next = g_ptr_array_new();
	for (guint i = 0; servers != NULL && servers[i] != NULL; i++) {
		struct hserver *hs = g_hash_table_lookup(h->by_name, servers[i]);
		if (hs == NULL || hs->role != AUTH_SERVER_SCENARIO) {
			g_set_error(error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_SERVER,
				    "no server named %s; expected a server statement, declared or "
				    "implied by a zone's servers=",
				    servers[i]);
			return AUTH_EDIT_REFUSED;
		}
		if (!hservers_contain(next, hs)) {
			g_ptr_array_add(next, hs);
		}
	}
	if (next->len == 0) {
		g_set_error(error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_SERVER,
			    "zone %s: delegate needs at least one server", o);
		return AUTH_EDIT_REFUSED;
	}
	bool same = next->len == hz->servers->len;
	for (guint i = 0; same && i < next->len; i++) {
		same = hservers_contain(hz->servers, g_ptr_array_index(next, i));
	}
	if (same) {
		return AUTH_EDIT_UNCHANGED;
	}
	struct hzone *parent = enclosing_zone(h, origin, hz);
	SIM_ASSERT(parent != NULL); /* the root encloses everything */
	uint32_t porigin = auth_zone_origin(parent->zone);
	for (uint32_t n = dns_name_parent(names, origin); n != porigin;
	     n = dns_name_parent(names, n)) {
		if (auth_zone_is_cut(parent->zone, n)) {
			g_set_error(error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_UNREACHABLE,
				    "zone %s cannot be delegated from %s: %s is delegated to other "
				    "servers",
				    o, dns_name_text(names, porigin), dns_name_text(names, n));
			return AUTH_EDIT_REFUSED;
		}
	}
	/* a server that serves no public zone yet gets its host name as at build time:
	 * "<server name>.<origin of the first public zone listing it>" */
	for (guint i = 0; i < next->len; i++) {
		const struct hserver *hs = g_ptr_array_index(next, i);
		if (auth_server_host(hs->server) != DNS_NAME_NONE) {
			continue;
		}
		g_autofree char *text = name_under(auth_server_name(hs->server), o);
		uint32_t host = dns_name_intern(names, text);
		if (host == DNS_NAME_NONE || g_hash_table_contains(h->by_host, key_of(host))) {
			g_set_error(
			    error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_SERVER,
			    "server %s: host name '%s' is %s", auth_server_name(hs->server), text,
			    host == DNS_NAME_NONE ? "not a valid domain name" : "already taken");
			return AUTH_EDIT_REFUSED;
		}
	}
	/* no failure from here on */
	for (guint i = 0; i < next->len; i++) {
		struct hserver *hs = g_ptr_array_index(next, i);
		if (auth_server_host(hs->server) == DNS_NAME_NONE) {
			g_autofree char *text = name_under(auth_server_name(hs->server), o);
			uint32_t host = dns_name_intern(names, text);
			auth_server_set_host(hs->server, host);
			g_hash_table_insert(h->by_host, key_of(host), hs);
		}
	}
	/* the servers that leave keep serving the zone as it is now: a provider's copy that no
	 * later change reaches (resolvers with the old NS cached still ask them) */
	auth_zone *frozen = NULL;
	for (guint i = 0; i < hz->servers->len; i++) {
		struct hserver *hs = g_ptr_array_index(hz->servers, i);
		if (hservers_contain(next, hs)) {
			continue;
		}
		if (frozen == NULL) {
			frozen = auth_zone_copy(hz->zone);
			g_ptr_array_add(h->retired, frozen);
		}
		auth_server_remove_zone(hs->server, hz->zone);
		auth_server_add_zone(hs->server, frozen);
	}
	/* the new servers serve the zone itself (instead of a copy left by an earlier move) */
	for (guint i = 0; i < next->len; i++) {
		struct hserver *hs = g_ptr_array_index(next, i);
		const GPtrArray *zones = auth_server_zones(hs->server);
		for (guint k = zones->len; k > 0; k--) {
			const auth_zone *z = g_ptr_array_index(zones, k - 1);
			if (z != hz->zone && auth_zone_origin(z) == origin) {
				auth_server_remove_zone(hs->server, z);
			}
		}
		auth_server_add_zone(hs->server, hz->zone);
	}
	g_ptr_array_set_size(hz->servers, 0);
	g_ptr_array_extend(hz->servers, next, NULL, NULL);
	/* the zone's own NS names the new servers (at its TTL), with their addresses in the
	 * zone; the parent's delegation likewise, at ns-ttl, with glue for in-zone hosts */
	const struct dns_rrset *apex_ns = auth_zone_find(hz->zone, origin, LDNS_RR_TYPE_NS);
	put_ns(h, hz->zone, origin, apex_ns != NULL ? apex_ns->ttl : AUTH_ZONE_NS_TTL, next);
	add_ns_addresses(h, hz->zone, origin, origin);
	put_ns(h, parent->zone, origin, hz->deleg_ttl, next);
	add_ns_addresses(h, parent->zone, origin, origin);
	return AUTH_EDIT_CHANGED;
}

enum auth_edit auth_hierarchy_change_rrset(auth_hierarchy *h, auth_zone *zone, uint32_t owner,
					   uint16_t type, const struct auth_rrset_change *change,
					   guint undo_key, GError **error)
{
	struct dns_rrset *cur = auth_zone_find(zone, owner, type);
	if (cur == NULL && change->rdata == NULL) {
		return AUTH_EDIT_UNCHANGED; /* no TTL to change */
	}
	if (cur == NULL && !change->ttl_set) {
		g_set_error(error, AUTH_ZONE_ERROR, AUTH_ZONE_ERROR_SYNTAX,
			    "no RRset at %s to take a TTL from; give a TTL",
			    dns_name_text(h->names, owner));
		return AUTH_EDIT_REFUSED;
	}
	uint32_t ttl = change->ttl_set ? change->ttl : cur->ttl;
	struct dns_rrset *set =
	    change->rdata != NULL
		? auth_zone_rrset_from_text(zone, h->names, owner, type, ttl, change->rdata, error)
		: dns_rrset_copy_ttl(cur, ttl);
	if (set == NULL) {
		return AUTH_EDIT_REFUSED;
	}
	struct saved_rrset *saved = g_new0(struct saved_rrset, 1);
	*saved = (struct saved_rrset){
		.zone = zone,
		.owner = owner,
		.type = type,
		.ttl_changed = change->ttl_set,
		.ttl = cur != NULL ? cur->ttl : 0,
		.data_changed = change->rdata != NULL,
		.data = cur != NULL ? dns_rrset_ref(cur) : NULL,
	};
	enum auth_edit edit = auth_zone_replace_rrset(zone, h->names, set, error);
	dns_rrset_unref(set);
	if (edit == AUTH_EDIT_CHANGED && undo_key != AUTH_UNDO_NONE) {
		g_hash_table_replace(h->saved, key_of(undo_key), saved);
	} else {
		saved_rrset_free(saved);
	}
	return edit;
}

enum auth_edit auth_hierarchy_undo_rrset(auth_hierarchy *h, guint undo_key, GError **error)
{
	SIM_ASSERT(undo_key != AUTH_UNDO_NONE);
	struct saved_rrset *s = g_hash_table_lookup(h->saved, key_of(undo_key));
	if (s == NULL) {
		return AUTH_EDIT_UNCHANGED; /* the change was not made */
	}
	struct dns_rrset *cur = auth_zone_find(s->zone, s->owner, s->type);
	struct dns_rrset *data = s->data_changed ? s->data : cur;
	enum auth_edit edit = AUTH_EDIT_UNCHANGED;
	if (data == NULL && cur != NULL) {
		/* the change made the RRset: the undo removes it */
		edit = auth_zone_remove_rrset(s->zone, h->names, s->owner, s->type, error);
	} else if (data != NULL) {
		/* what the change set goes back; what others changed since stays */
		uint32_t ttl = s->ttl_changed ? s->ttl : cur != NULL ? cur->ttl : data->ttl;
		struct dns_rrset *set = dns_rrset_copy_ttl(data, ttl);
		edit = auth_zone_replace_rrset(s->zone, h->names, set, error);
		dns_rrset_unref(set);
	}
	g_hash_table_remove(h->saved, key_of(undo_key));
	return edit;
}

/* The zone holding the Route 53 group of owner/type: deepest public, else first private. */
static struct hzone *r53_zone_of(auth_hierarchy *h, uint32_t owner, uint16_t type,
				 auth_r53_group **group)
{
	for (uint32_t n = owner; n != DNS_NAME_NONE; n = dns_name_parent(h->names, n)) {
		struct hzone *hz = hzone_find(h, n);
		*group = hz != NULL && hz->r53 != NULL
			     ? auth_r53_zone_find_mut(hz->r53, owner, type)
			     : NULL;
		if (*group != NULL) {
			return hz;
		}
	}
	for (guint i = 0; i < h->privates->len; i++) {
		struct hzone *hz = g_ptr_array_index(h->privates, i);
		*group = hz->r53 != NULL ? auth_r53_zone_find_mut(hz->r53, owner, type) : NULL;
		if (*group != NULL) {
			return hz;
		}
	}
	return NULL;
}

static enum auth_edit r53_refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static enum auth_edit r53_refuse(GError **error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, AUTH_HIERARCHY_ERROR, AUTH_HIERARCHY_ERROR_ZONE, text);
	return AUTH_EDIT_REFUSED;
}

static void effect_add(GString *effect, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void effect_add(GString *effect, const char *fmt, ...)
{
	if (effect == NULL) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	if (effect->len > 0) {
		g_string_append(effect, ", ");
	}
	g_string_append_vprintf(effect, fmt, ap);
	va_end(ap);
}

static char *health_text(const struct hzone *hz, uint32_t health)
{
	const char *name =
	    health != AUTH_R53_NO_HEALTH && hz->base != NULL && hz->base->health_name != NULL
		? hz->base->health_name(hz->base->ctx, health)
		: NULL;
	return health == AUTH_R53_NO_HEALTH ? g_strdup("none")
	       : name != NULL		    ? g_strdup(name)
					    : g_strdup_printf("#%u", health);
}

enum auth_edit auth_hierarchy_change_r53_set(auth_hierarchy *h, uint32_t owner, uint16_t type,
					     const char *set_id,
					     const struct auth_r53_change *change, guint undo_key,
					     GString *effect, GError **error)
{
	auth_r53_group *group = NULL;
	struct hzone *hz = r53_zone_of(h, owner, type, &group);
	const char *name = dns_name_text(h->names, owner);
	if (hz == NULL) {
		return r53_refuse(error, "no Route 53 record set at %s", name);
	}
	int index = 0;
	if (set_id != NULL && set_id[0] != '\0') {
		index = auth_r53_group_find_set(group, set_id);
		if (index < 0) {
			return r53_refuse(error, "no record set '%s' at %s", set_id, name);
		}
	} else if (auth_r53_group_count(group) != 1) {
		return r53_refuse(error, "%s has %u record sets; expected set=ID", name,
				  auth_r53_group_count(group));
	}
	struct auth_r53_set *set = auth_r53_group_set_mut(group, (guint)index);
	bool alias = set->alias_target != DNS_NAME_NONE;
	if (change->weight_set && auth_r53_group_policy(group) != SCENARIO_POLICY_WEIGHTED) {
		return r53_refuse(error, "weight= for the %s record sets at %s; expected weighted",
				  scenario_policy_name(auth_r53_group_policy(group)), name);
	}
	if (alias && (change->ttl_set || change->rdata != NULL)) {
		return r53_refuse(error,
				  "the alias record set at %s has no TTL or values of its "
				  "own (route53.md 3.3)",
				  name);
	}
	struct dns_rrset *data = NULL;
	if (!change->remove && (change->ttl_set || change->rdata != NULL) && set->rrset != NULL) {
		uint32_t ttl = change->ttl_set ? change->ttl : set->rrset->ttl;
		if (change->rdata != NULL) {
			data = auth_zone_rrset_from_text(hz->zone, h->names, owner, type, ttl,
							 change->rdata, error);
			if (data == NULL) {
				return AUTH_EDIT_REFUSED;
			}
		} else {
			data = dns_rrset_copy_ttl(set->rrset, ttl);
		}
	}
	struct saved_r53 *saved = g_new0(struct saved_r53, 1);
	saved->group = group;
	saved->index = (guint)index;
	saved->before = *set;
	if (set->rrset != NULL) {
		dns_rrset_ref(set->rrset);
	}
	bool changed = false;
	if (change->remove) {
		struct auth_r53_set out;
		auth_r53_group_remove(group, (guint)index, &out);
		if (out.rrset != NULL) {
			dns_rrset_unref(out.rrset);
		}
		saved->removed = true;
		changed = true;
		effect_add(effect, "record set '%s' removed", saved->before.id);
	} else {
		if (change->weight_set && set->weight != change->weight) {
			effect_add(effect, "weight %u -> %u", set->weight, change->weight);
			set->weight = change->weight;
			saved->weight_changed = true;
		}
		if (change->health_set && set->health != change->health) {
			g_autofree char *from = health_text(hz, set->health);
			g_autofree char *to = health_text(hz, change->health);
			effect_add(effect, "health check %s -> %s", from, to);
			set->health = change->health;
			saved->health_changed = true;
		}
		if (data != NULL &&
		    (data->ttl != set->rrset->ttl || !dns_rrset_equal_data(data, set->rrset))) {
			if (data->ttl != set->rrset->ttl) {
				effect_add(effect, "TTL %u -> %u", set->rrset->ttl, data->ttl);
				saved->ttl_changed = true;
			}
			if (!dns_rrset_equal_data(data, set->rrset)) {
				effect_add(effect, "%u value(s) replaced", dns_rrset_count(data));
				saved->data_changed = true;
			}
			dns_rrset_unref(set->rrset);
			set->rrset = dns_rrset_ref(data);
		}
		changed = saved->weight_changed || saved->health_changed || saved->ttl_changed ||
			  saved->data_changed;
	}
	if (data != NULL) {
		dns_rrset_unref(data);
	}
	if (!changed || undo_key == AUTH_UNDO_NONE) {
		saved_r53_free(saved);
	} else {
		g_hash_table_replace(h->saved_r53, key_of(undo_key), saved);
	}
	return changed ? AUTH_EDIT_CHANGED : AUTH_EDIT_UNCHANGED;
}

enum auth_edit auth_hierarchy_undo_r53_set(auth_hierarchy *h, guint undo_key)
{
	SIM_ASSERT(undo_key != AUTH_UNDO_NONE);
	struct saved_r53 *s = g_hash_table_lookup(h->saved_r53, key_of(undo_key));
	if (s == NULL) {
		return AUTH_EDIT_UNCHANGED;
	}
	if (s->removed) {
		guint at = MIN(s->index, auth_r53_group_count(s->group));
		auth_r53_group_insert(s->group, at, &s->before);
	} else {
		/* what the change set goes back; what other changes set since stays */
		int index = auth_r53_group_find_set(s->group, s->before.id);
		struct auth_r53_set *set =
		    index >= 0 ? auth_r53_group_set_mut(s->group, (guint)index) : NULL;
		if (set != NULL && s->weight_changed) {
			set->weight = s->before.weight;
		}
		if (set != NULL && s->health_changed) {
			set->health = s->before.health;
		}
		if (set != NULL && set->rrset != NULL && (s->ttl_changed || s->data_changed)) {
			const struct dns_rrset *data =
			    s->data_changed ? s->before.rrset : set->rrset;
			uint32_t ttl = s->ttl_changed ? s->before.rrset->ttl : set->rrset->ttl;
			struct dns_rrset *back = dns_rrset_copy_ttl(data, ttl);
			dns_rrset_unref(set->rrset);
			set->rrset = back;
		}
	}
	g_hash_table_remove(h->saved_r53, key_of(undo_key));
	return AUTH_EDIT_CHANGED;
}

/* Trampolines: the world's callbacks with the world's context; lookups in this zone. */
static bool env_healthy(void *ctx, uint32_t health)
{
	const struct hzone *hz = ctx;
	return hz->base->healthy == NULL || hz->base->healthy(hz->base->ctx, health);
}

static const char *env_health_name(void *ctx, uint32_t health)
{
	const struct hzone *hz = ctx;
	return hz->base->health_name != NULL ? hz->base->health_name(hz->base->ctx, health) : NULL;
}

static double env_latency_ms(void *ctx, const struct auth_r53_source *src, const char *region)
{
	const struct hzone *hz = ctx;
	return hz->base->latency_ms != NULL ? hz->base->latency_ms(hz->base->ctx, src, region)
					    : -1.0;
}

static bool env_region_coords(void *ctx, const char *region, double *lat, double *lon)
{
	const struct hzone *hz = ctx;
	return hz->base->region_coords != NULL &&
	       hz->base->region_coords(hz->base->ctx, region, lat, lon);
}

static const auth_r53_group *env_group(void *ctx, uint32_t owner, uint16_t type)
{
	const struct hzone *hz = ctx;
	return hz->r53 != NULL ? auth_r53_zone_find(hz->r53, owner, type) : NULL;
}

static struct dns_rrset *env_rrset(void *ctx, uint32_t owner, uint16_t type)
{
	const struct hzone *hz = ctx;
	return auth_zone_find(hz->zone, owner, type);
}

void auth_hierarchy_set_route53_env(auth_hierarchy *h, const struct auth_r53_env *env)
{
	for (guint i = 0; i < h->zones->len + h->privates->len; i++) {
		struct hzone *hz = i < h->zones->len
				       ? g_ptr_array_index(h->zones, i)
				       : g_ptr_array_index(h->privates, i - h->zones->len);
		if (hz->r53 == NULL) {
			continue;
		}
		hz->base = env;
		hz->env = *env;
		hz->env.ctx = hz;
		hz->env.healthy = env_healthy;
		hz->env.health_name = env_health_name;
		hz->env.latency_ms = env_latency_ms;
		hz->env.region_coords = env_region_coords;
		hz->env.group = env_group;
		hz->env.rrset = env_rrset;
		auth_zone_set_route53(hz->zone, hz->r53, &hz->env);
	}
}
