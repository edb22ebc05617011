#pragma once
/*
 * A virtual authoritative name server: a name, a host name, addresses, a UDP size limit and the
 * zones it serves (borrowed). auth_server_answer() turns a query message into a response
 * message, sans I/O: it picks the deepest zone enclosing the qname, asks the zone
 * (auth_zone_lookup()), fills the header, and truncates UDP answers that exceed the size limit
 * (the requester then retries over TCP, which has no limit here).
 *
 * Not here: timing, loss, up/down state and anycast sites (the world and the engine model
 * them), rate limiting, EDNS options other than the UDP payload size.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/zone.h"
#include "sim/dns.h"

typedef struct auth_server auth_server;

enum auth_transport {
	AUTH_TRANSPORT_UDP,
	AUTH_TRANSPORT_TCP,
};

/* Largest UDP response without EDNS (RFC 1035 4.2.1). */
#define AUTH_UDP_SIZE_PLAIN 512u
/* Default UDP payload limit of a server, the DNS Flag Day 2020 value (also udp-size=). */
#define AUTH_UDP_SIZE_DEFAULT 1232u

/* What a server did with one query. */
struct auth_server_result {
	enum auth_answer answer; /* from the zone; AUTH_ANSWER_REFUSED when no zone matched */
	const auth_zone *zone;	 /* the zone that answered, or NULL (borrowed) */
	bool truncated;		 /* TC was set and the sections emptied */
	size_t size_bytes;	 /* wire size of the full answer, before any truncation */
	size_t limit_bytes;	 /* size limit applied (SIZE_MAX over TCP) */
};

/* Counters since the server was made. */
struct auth_server_stats {
	uint64_t queries;
	uint64_t refused;
	uint64_t truncated;
	/* queries a zone answered (not refused), by price class (route53.md 8): what Route 53
	 * would bill if the server is Route 53's */
	uint64_t answered[AUTH_R53_PRICE_COUNT];
};

/*
 * New server. name is the scenario's name ("ns-1") or an implied server's ("a.root-servers.net.");
 * host is its host name id (DNS_NAME_NONE if it has none); udp_size_bytes is its udp-size (0 =
 * AUTH_UDP_SIZE_DEFAULT; otherwise 512 to 65535). Caller owns; auth_server_free().
 */
auth_server *auth_server_new(const char *name, uint32_t host, unsigned udp_size_bytes);
void auth_server_free(auth_server *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_server, auth_server_free)

/* Serve zone too. The zone is borrowed: it must outlive the server. A zone is added once. */
void auth_server_add_zone(auth_server *server, const auth_zone *zone);

/* Stop serving zone (no effect if the server does not serve it). */
void auth_server_remove_zone(auth_server *server, const auth_zone *zone);

/* See every query as coming from src (copied; NULL: from where the caller says), as Route 53
 * Resolver answers a VPC's private zones from the VPC's Region (route53.md 6.5). */
void auth_server_set_source(auth_server *server, const struct auth_r53_source *src);
/* The source set with auth_server_set_source(), or NULL. Borrowed. */
const struct auth_r53_source *auth_server_source(const auth_server *server);

/* Add an address (IPv4 or IPv6 text, kept as given). */
void auth_server_add_address(auth_server *server, const char *address);

/* Accessors; strings and arrays are borrowed for the server's lifetime. */
const char *auth_server_name(const auth_server *server);
uint32_t auth_server_host(const auth_server *server);
void auth_server_set_host(auth_server *server, uint32_t host);
unsigned auth_server_udp_size(const auth_server *server);
const GPtrArray *auth_server_addresses(const auth_server *server); /* char * */
const GPtrArray *auth_server_zones(const auth_server *server);	   /* const auth_zone * */
const struct auth_server_stats *auth_server_stats(const auth_server *server);

/*
 * The zone that answers qname: the served zone whose origin is the longest suffix of qname (a
 * server holding parent and child answers from the child, as real servers do), except that a DS
 * query for the child's apex goes to the parent when the server holds it (RFC 4035 3.1.4.1).
 * NULL when no served zone encloses qname.
 */
const auth_zone *auth_server_find_zone(const auth_server *server, const dns_names *names,
				       uint32_t qname, uint16_t qtype);

/*
 * Largest UDP response this server sends to a query advertising edns_udp_size (0 = no EDNS):
 * 512 without EDNS (RFC 1035 4.2.1); with EDNS, min(requester size, server udp-size), and never
 * below 512 (RFC 6891 6.2.5).
 */
size_t auth_server_udp_limit(const auth_server *server, uint16_t edns_udp_size);

/*
 * Answer query (a message with qr = false) received over transport. Returns the response
 * (caller owns; dns_msg_free()): id, question, RD and CD copied, QR set, RA clear, rcode/AA and
 * sections from the zone lookup; REFUSED with empty sections when no zone encloses the qname
 * (RFC 1035 4.1.1; the practice RFC 8906 describes), or for a class other than IN, or a
 * zone-transfer type. A query with EDNS gets an OPT carrying the server's udp-size. Over UDP, a
 * response larger than auth_server_udp_limit() is sent with TC set and its three sections emptied.
 * result, if not NULL, says what happened. Counts the query in the server's stats.
 */
struct dns_msg *auth_server_answer(auth_server *server, dns_names *names,
				   const struct dns_msg *query, enum auth_transport transport,
				   struct auth_server_result *result);

/* The same for a query whose source Route 53 sees as src (NULL = unknown location); Route 53
 * decision steps are appended to path (char *, caller owns) when not NULL. */
struct dns_msg *auth_server_answer_from(auth_server *server, dns_names *names,
					const struct dns_msg *query, enum auth_transport transport,
					const struct auth_r53_source *src, GPtrArray *path,
					struct auth_server_result *result);
