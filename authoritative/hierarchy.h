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
 * Private zones (private=yes) are not part of the public tree: they are built (see
 * auth_hierarchy_private_zone()) but neither delegated nor served by any server.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/server.h"
#include "authoritative/zone.h"
#include "sim/dns.h"
#include "sim/scenario/model.h"

typedef struct auth_hierarchy auth_hierarchy;

/* Who made a server. */
enum auth_server_role {
	AUTH_SERVER_SCENARIO, /* a server statement, declared or implied by servers= */
	AUTH_SERVER_ROOT,     /* an implied root server */
	AUTH_SERVER_TLD,      /* an implied TLD server */
};

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

/* Servers: scenario servers in statement order, then root servers, then TLD servers. The
 * servers are owned by the hierarchy; callers may answer queries with them (which updates their
 * stats). A scenario server that serves no public zone has host DNS_NAME_NONE. */
guint auth_hierarchy_server_count(const auth_hierarchy *h);
auth_server *auth_hierarchy_server(const auth_hierarchy *h, guint i);
enum auth_server_role auth_hierarchy_server_role(const auth_hierarchy *h, guint i);
/* The server with this name (scenario name, or an implied server's host name), or NULL. */
auth_server *auth_hierarchy_server_by_name(const auth_hierarchy *h, const char *name);
/* The server that owns this address (any textual form of an IPv4/IPv6 address), or NULL. */
auth_server *auth_hierarchy_server_by_address(const auth_hierarchy *h, const char *address);

/* Root hints: the root zone's NS targets with their addresses from the root zone, in NS order.
 * Borrowed; struct auth_root_hint. */
const GArray *auth_hierarchy_root_hints(const auth_hierarchy *h);
