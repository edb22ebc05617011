#pragma once
/*
 * The virtual DNS hierarchy of a scenario: every public zone of the scenario, the root and TLD
 * zones the scenario does not write (implied), the delegations between them with NS and glue,
 * and the name servers that serve them, each with a host name and addresses. A resolver starts
 * from the root hints (RFC 1034 5.3.3) and follows referrals down to the scenario's zones.
 *
 * Implied values (see docs/design/authoritative.md for the sources):
 *   root zone ".": SOA "a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400"
 *     TTL 86400, NS a. to m.root-servers.net. TTL 518400 with A glue TTL 518400;
 *   TLD "<tld>.": SOA "a.nic.<tld>. hostmaster.nic.<tld>. 1 1800 900 604800 86400" TTL 900,
 *     NS a. to d.nic.<tld>. TTL 172800 (in the root and at the TLD apex), glue TTL 172800;
 *   scenario zone: NS of its servers= at the apex (TTL 172800) unless it writes its own, the
 *     Route 53 default SOA when it writes none; its delegation in the parent has the TTL of
 *     ns-ttl= (default 172800 s), glue likewise.
 * Server host names: "<server name>.<origin of the first zone listing it>"; addresses:
 * address= or the next free address of 198.18.0.0/15 (RFC 2544), in statement order
 * (scenario servers from 198.18.0.1, implied root and TLD servers from 198.19.0.1).
 *
 * Private zones (private=yes) are not part of the public tree: they are neither delegated nor
 * served by a public server. Each `vpc` statement gets a server of its own, "vpc:NAME" at
 * 169.254.53.N (N = 1, 2, ... in statement order; IPv4 link-local, RFC 3927), that serves the
 * private zones associated with that VPC (vpc=): Route 53 Resolver's view from inside the VPC
 * (route53.md 6.5). The resolvers of the VPC treat each private origin as a stub zone pointing
 * at it (the world sets that up), so a private zone shadows the public one and the most specific
 * private zone answers (the server picks the deepest zone enclosing the name).
 *
 * During a run the timeline changes zones (auth_zone_update_rr() and the other changes of
 * zone.h on the zones found here), replaces RRsets for a while and puts them back
 * (auth_hierarchy_change_rrset(), auth_hierarchy_undo_rrset()), and moves a zone to other
 * servers (auth_hierarchy_delegate()).
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/server.h"
#include "authoritative/zone.h"
#include "sim/dns.h"
#include "sim/scenario/model.h"

typedef struct auth_hierarchy auth_hierarchy;

/* Errors of timeline changes that the hierarchy cannot make. */
#define AUTH_HIERARCHY_ERROR auth_hierarchy_error_quark()
GQuark auth_hierarchy_error_quark(void);

enum auth_hierarchy_error {
	AUTH_HIERARCHY_ERROR_ZONE,	  /* no such public zone, or the root */
	AUTH_HIERARCHY_ERROR_SERVER,	  /* no such scenario server, or its host name is taken */
	AUTH_HIERARCHY_ERROR_UNREACHABLE, /* a cut in the parent sits above the zone */
};

/* Who made a server. */
enum auth_server_role {
	AUTH_SERVER_SCENARIO, /* a server statement, declared or implied by servers= */
	AUTH_SERVER_ROOT,     /* an implied root server */
	AUTH_SERVER_TLD,      /* an implied TLD server */
	AUTH_SERVER_VPC,      /* the private zones of one VPC (route53.md 6.5) */
};

/* Name of a VPC's server: the prefix, then the VPC's name ("vpc:prod"). */
#define AUTH_VPC_SERVER_PREFIX "vpc:"

/* One root hint: a root server's host name and one of its addresses. */
struct auth_root_hint {
	uint32_t host;
	const char *address; /* borrowed from the hierarchy */
};

/* Implied values, exposed for tests and documentation. */
#define AUTH_ROOT_SERVER_COUNT 13u /* a. to m.root-servers.net. */
#define AUTH_TLD_SERVER_COUNT  4u  /* a. to d.nic.<tld>. */
#define AUTH_ROOT_NS_TTL       518400u
#define AUTH_ROOT_SOA_TTL      86400u
#define AUTH_TLD_NS_TTL	       172800u
#define AUTH_TLD_SOA_TTL       900u
#define AUTH_ZONE_NS_TTL       172800u /* apex NS Route 53 creates; default of ns-ttl= */
#define AUTH_ZONE_SOA_TTL      900u    /* SOA Route 53 creates */

/*
 * Build the hierarchy of a validated scenario, interning names in names (borrowed; must outlive
 * the hierarchy). Never fails: data the zones cannot serve as written, and inconsistencies
 * between zones and servers, are kept as messages (auth_hierarchy_problems()). Caller owns;
 * auth_hierarchy_free().
 */
auth_hierarchy *auth_hierarchy_new(const struct scenario *sc, dns_names *names);
void auth_hierarchy_free(auth_hierarchy *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_hierarchy, auth_hierarchy_free)

/* Problems found while building, one printable line each ("FILE:LINE:COL: ..." when a place
 * is known). Borrowed; char *. Empty when all is consistent. */
const GPtrArray *auth_hierarchy_problems(const auth_hierarchy *h);

/* Public zones, root first then by label count and name. Borrowed. */
guint auth_hierarchy_zone_count(const auth_hierarchy *h);
const auth_zone *auth_hierarchy_zone(const auth_hierarchy *h, guint i);
/* The public zone with this origin, or NULL. */
const auth_zone *auth_hierarchy_find_zone(const auth_hierarchy *h, uint32_t origin);
/* TRUE if the public zone was implied (not written in the scenario). */
bool auth_hierarchy_zone_implied(const auth_hierarchy *h, const auth_zone *zone);

/* Private zones, in scenario order. Borrowed. */
guint auth_hierarchy_private_zone_count(const auth_hierarchy *h);
const auth_zone *auth_hierarchy_private_zone(const auth_hierarchy *h, guint i);

/* The server of the private zones of VPC vpc (a `vpc` statement's name), or NULL. Its zones
 * (auth_server_zones()) are the private zones associated with the VPC. */
auth_server *auth_hierarchy_vpc_server(const auth_hierarchy *h, const char *vpc);

/* Servers: scenario servers in statement order, then VPC servers, then root servers, then TLD
 * servers. The
 * servers are owned by the hierarchy; callers may answer queries with them (which updates their
 * stats). A scenario server that serves no public zone has host DNS_NAME_NONE. */
guint auth_hierarchy_server_count(const auth_hierarchy *h);
auth_server *auth_hierarchy_server(const auth_hierarchy *h, guint i);
enum auth_server_role auth_hierarchy_server_role(const auth_hierarchy *h, guint i);
/* The server with this name (scenario name, or an implied server's host name), or NULL. */
auth_server *auth_hierarchy_server_by_name(const auth_hierarchy *h, const char *name);
/* The server that owns this address (any textual form of an IPv4/IPv6 address), or NULL. */
auth_server *auth_hierarchy_server_by_address(const auth_hierarchy *h, const char *address);

/*
 * Let the public zones answer their Route 53 record sets: env (borrowed; must outlive the
 * hierarchy's use) gives the health of checks, latency and Region coordinates, the CIDR and AWS
 * target tables and the random stream; each zone adds its own group and data lookups. Before
 * this call, names holding only Route 53 record sets answer NODATA.
 */
void auth_hierarchy_set_route53_env(auth_hierarchy *h, const struct auth_r53_env *env);

/* Root hints: the root zone's NS targets with their addresses from the root zone, in NS order.
 * Borrowed; struct auth_root_hint. */
const GArray *auth_hierarchy_root_hints(const auth_hierarchy *h);

/* Timeline changes */

/* The zone that timeline changes to origin apply to: the public zone with that origin, else
 * the first private one; NULL if none. Borrowed; the caller may change it (zone.h). */
auth_zone *auth_hierarchy_zone_for_origin(auth_hierarchy *h, uint32_t origin);

/*
 * The zone that a change to the RRset (owner, type) applies to: the deepest public zone holding
 * that RRset or a Route 53 record set of that owner and type (so the child's apex NS, not the
 * parent's delegation; a server host's own A, not the glue), else the first private zone that
 * holds it; NULL if none. Borrowed; the caller may change it.
 */
auth_zone *auth_hierarchy_zone_for_rrset(auth_hierarchy *h, uint32_t owner, uint16_t type);

/*
 * Move the public zone origin to the scenario servers named in servers (NULL-terminated; a
 * registrar or delegation-set change):
 *   - the parent's delegation becomes an NS RRset naming the new servers' host names, with the
 *     zone's ns-ttl, and glue for hosts inside the zone (glue of hosts no longer named stays, as
 *     registries keep host objects; it is only ever served beside an NS naming it);
 *   - the zone's apex NS names the new servers too (keeping its TTL), with their addresses;
 *   - the new servers serve the zone, and later changes to it reach them;
 *   - servers that leave keep serving a copy of the zone as it was just before: resolvers that
 *     still hold the old NS (until its TTL runs out) get the old data from them.
 * A server that serves no public zone yet gets its host name as when the hierarchy was built
 * ("<server>.<origin>"); its address was assigned then. UNCHANGED if the zone already has
 * exactly these servers. REFUSED (AUTH_HIERARCHY_ERROR) for the root, a private or unknown zone,
 * a name that is not a scenario server, a host name already taken, or a zone below another cut
 * of its parent; nothing is changed then.
 */
enum auth_edit auth_hierarchy_delegate(auth_hierarchy *h, uint32_t origin,
				       const char *const *servers, GError **error);

/* A change to an RRset that may be undone later (a START..END range on the timeline). */
struct auth_rrset_change {
	bool ttl_set;		  /* give the RRset this TTL */
	uint32_t ttl;		  /* seconds */
	const char *const *rdata; /* NULL-terminated rdata texts replacing the data, or NULL */
};

/* undo_key meaning "this change is not undone". */
#define AUTH_UNDO_NONE G_MAXUINT

/*
 * Change the RRset (owner, type) of zone (a zone of h): a new TTL and/or new data (rdata parsed
 * relative to the origin, see auth_zone_rrset_from_text()). Data for an absent RRset creates it
 * (a TTL is then needed). Copy on write as every zone change. If undo_key is not AUTH_UNDO_NONE
 * and the zone changed, what was replaced is kept under undo_key (a key used again forgets the
 * older change). Returns as auth_zone_replace_rrset(); UNCHANGED for a TTL change of an absent
 * RRset.
 */
enum auth_edit auth_hierarchy_change_rrset(auth_hierarchy *h, auth_zone *zone, uint32_t owner,
					   uint16_t type, const struct auth_rrset_change *change,
					   guint undo_key, GError **error);

/*
 * Undo the change kept under undo_key: the TTL and/or data it replaced go back, over whatever the
 * RRset is by then (a TTL-only change restores the TTL and keeps newer data; a data change
 * restores the data, and removes an RRset it created). The key is then forgotten. UNCHANGED if
 * nothing is kept under undo_key (the change failed or did nothing) or the RRset is already so.
 */
enum auth_edit auth_hierarchy_undo_rrset(auth_hierarchy *h, guint undo_key, GError **error);

/*
 * A change to one Route 53 record set during a run (a timeline `record` action on a name that
 * holds Route 53 record sets). Plain record.
 */
struct auth_r53_change {
	bool remove;		  /* take the set out of its group */
	bool weight_set;	  /* a new weight (weighted groups) */
	unsigned weight;	  /* 0 to 255 */
	bool health_set;	  /* a new health check */
	uint32_t health;	  /* health check index, or AUTH_R53_NO_HEALTH */
	bool ttl_set;		  /* a new TTL (not for an alias set) */
	uint32_t ttl;		  /* seconds */
	const char *const *rdata; /* NULL-terminated new values (not for an alias set), or NULL */
};

/*
 * Change the Route 53 record set set_id (NULL or "": the only set of the group) of owner/type,
 * in the deepest public zone holding a Route 53 group of owner/type, else the first private one.
 * The name servers answer from the new set at once (copy on write of its data: answers given
 * earlier keep theirs). What changed is described in effect ("weight 100 -> 0"; may be NULL).
 * If undo_key is not AUTH_UNDO_NONE what the change replaced is kept for
 * auth_hierarchy_undo_r53_set().
 * REFUSED (AUTH_HIERARCHY_ERROR_ZONE) with error set when there is no such group or set, the set
 * is not named and the group has several, weight= is for a group that is not weighted, TTL or
 * values are for an alias set, or the values do not parse; UNCHANGED when the set is already so.
 */
enum auth_edit auth_hierarchy_change_r53_set(auth_hierarchy *h, uint32_t owner, uint16_t type,
					     const char *set_id,
					     const struct auth_r53_change *change, guint undo_key,
					     GString *effect, GError **error);

/* Undo the change kept under undo_key: the weight, health check, TTL and/or values it replaced
 * go back, over whatever the set is by then (what later changes set otherwise stays); a removed
 * set returns to its place. UNCHANGED if nothing is kept under it. The key is then forgotten. */
enum auth_edit auth_hierarchy_undo_r53_set(auth_hierarchy *h, guint undo_key);
