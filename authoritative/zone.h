#pragma once
/*
 * An authoritative zone in memory and the RFC 1034 4.3.2 lookup that answers from it.
 *
 * A zone holds its origin (an interned name id), the SOA, one node per existing name (owner id ->
 * RRsets by type) including the empty non-terminals between the apex and deeper owners, and
 * knows its delegation points (names below the apex with an NS RRset). The lookup is a plain
 * function from (qname, qtype) to the sections, rcode and AA bit of a response: exact answers,
 * CNAME chains inside the zone, referrals with glue, wildcard synthesis (RFC 4592), NODATA and
 * NXDOMAIN with the SOA for negative caching (RFC 2308).
 *
 * A zone can change while a run goes on (the scenario's timeline): records added and removed,
 * RRsets replaced or given a new TTL, the SOA replaced, with the semantics of an RFC 2136 dynamic
 * update. An RRset is never modified once the zone holds it: a change puts a new RRset in its
 * place, so responses in flight and caches keep the one they were given (copy on write), and a
 * name whose last RRset goes away stops existing unless names below it exist (it is then an
 * empty non-terminal).
 *
 * Not here: choosing a zone among several (server.h), building implied zones (hierarchy.h),
 * Route 53 record sets with routing policies and alias records (a zone built from a scenario
 * skips them and counts them; their owners still exist as names), DNAME substitution (DNAME is
 * stored and answered as plain data), DNSSEC (no NSEC/RRSIG processing), zone transfers.
 */

#include <glib.h>
#include <ldns/ldns.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/route53/route53.h"
#include "sim/dns.h"
#include "sim/scenario/model.h"

typedef struct auth_zone auth_zone;

/* Errors for zone data that ldns accepted but that cannot be served as written. */
#define AUTH_ZONE_ERROR auth_zone_error_quark()
GQuark auth_zone_error_quark(void);

enum auth_zone_error {
	AUTH_ZONE_ERROR_OUTSIDE,     /* owner not at or below the origin */
	AUTH_ZONE_ERROR_CLASS,	     /* class other than IN */
	AUTH_ZONE_ERROR_SOA,	     /* SOA not at the apex, or a second, different SOA */
	AUTH_ZONE_ERROR_CNAME,	     /* CNAME beside other data, or two CNAMEs (RFC 2181 10.1) */
	AUTH_ZONE_ERROR_WILDCARD_NS, /* NS at a wildcard owner (RFC 4592 4.2) */
	AUTH_ZONE_ERROR_INCOMPLETE,  /* auth_zone_check(): no SOA or no NS at the apex */
	AUTH_ZONE_ERROR_SYNTAX,	     /* record text ldns cannot parse, or no data */
	AUTH_ZONE_ERROR_APEX,	     /* removing the apex SOA, or the apex NS RRset (RFC 2136) */
};

/* TTL of a record written without one, as the scenario parser uses (ldns's default). */
#define AUTH_ZONE_DEFAULT_TTL 3600u

/* What a change to a zone did. */
enum auth_edit {
	AUTH_EDIT_CHANGED,   /* the zone changed */
	AUTH_EDIT_UNCHANGED, /* nothing to do: the data is absent, or already as asked */
	AUTH_EDIT_REFUSED,   /* the change would leave data the zone cannot serve; error set */
};

/* What a lookup put in the response. */
enum auth_answer {
	AUTH_ANSWER_DATA,     /* NOERROR, authoritative data of qtype (after CNAMEs, if any) */
	AUTH_ANSWER_CNAME,    /* NOERROR, a CNAME chain that leaves the zone or loops */
	AUTH_ANSWER_REFERRAL, /* NOERROR, NS of a delegation in authority, glue in additional */
	AUTH_ANSWER_NODATA,   /* NOERROR, no data of qtype, SOA in authority */
	AUTH_ANSWER_NXDOMAIN, /* NXDOMAIN, SOA in authority */
	AUTH_ANSWER_REFUSED,  /* qname is not in this zone: REFUSED, nothing added */
};

/* Longest CNAME chain followed inside one zone before the answer stops (loop safety). */
#define AUTH_CNAME_CHAIN_MAX 16

/* Name of an answer kind ("data", "referral", ...), for traces. */
const char *auth_answer_name(enum auth_answer answer);

/* New empty zone for origin (an id of names). Caller owns; auth_zone_free(). */
auth_zone *auth_zone_new(uint32_t origin);
void auth_zone_free(auth_zone *zone);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_zone, auth_zone_free)

/*
 * Add one record. Ownership of rr passes to the zone in every case (freed if refused). Records
 * join the RRset of their owner and type (RFC 2181 5.2: the set takes the lowest TTL); exact
 * duplicates are dropped. An RRset already shared with a message is replaced, not changed.
 * Returns FALSE with error set (AUTH_ZONE_ERROR) when the record cannot be part of this zone;
 * the zone is then unchanged.
 */
gboolean auth_zone_add_rr(auth_zone *zone, dns_names *names, ldns_rr *rr, GError **error);

/* Parse a record in master-file syntax (names relative to the origin) and add it. Same
 * ownership and failure as auth_zone_add_rr(), plus ldns's parse errors (AUTH_ZONE_ERROR_SYNTAX).
 * For tests and for the records dnssim writes itself. */
gboolean auth_zone_add_text(auth_zone *zone, dns_names *names, const char *text, GError **error);

/*
 * Build a zone from a scenario zone: every plain record (struct scenario_record with an ldns
 * RR, no alias, policy SCENARIO_POLICY_SIMPLE). Route 53 record sets (an alias or a routing
 * policy) are left to the Route 53 models: they are not added, only counted
 * (auth_zone_route53_count()) and their owners made to exist, so that they are not NXDOMAIN
 * and block wildcards as real data would. Records the zone refuses are reported as
 * "FILE:LINE:COL: message" strings appended to problems (a GPtrArray of char *, caller
 * owned; may be NULL). Caller owns the zone.
 */
auth_zone *auth_zone_new_from_scenario(const struct scenario_zone *sz, dns_names *names,
				       GPtrArray *problems);

/*
 * Parse one record in master-file syntax, names relative to the zone's origin, TTL
 * AUTH_ZONE_DEFAULT_TTL if none is written. Returns the record (caller owns; ldns_rr_free()) or
 * NULL with error (AUTH_ZONE_ERROR_SYNTAX).
 */
ldns_rr *auth_zone_rr_from_text(const auth_zone *zone, const dns_names *names, const char *text,
				GError **error);

/*
 * Build an RRset of owner and type with TTL ttl from rdata texts (NULL-terminated; each the data
 * part of a master-file record, names relative to the origin: "192.0.2.1", "10 mail"). Exact
 * duplicates collapse (RFC 2181 5). Returns the set (caller owns one reference;
 * dns_rrset_unref()) or NULL with error (AUTH_ZONE_ERROR_SYNTAX: unparsable or no data).
 * The zone is not changed; see auth_zone_replace_rrset().
 */
struct dns_rrset *auth_zone_rrset_from_text(const auth_zone *zone, dns_names *names, uint32_t owner,
					    uint16_t type, uint32_t ttl, const char *const *rdata,
					    GError **error);

/* Changes during a run. Each returns AUTH_EDIT_CHANGED, AUTH_EDIT_UNCHANGED, or
 * AUTH_EDIT_REFUSED with error set (AUTH_ZONE_ERROR) and the zone unchanged. */

/*
 * Add a record as an RFC 2136 update does (3.4.2.2): it joins its RRset at the set's lowest TTL
 * (RFC 2181 5.2), except that an SOA replaces the apex SOA (a zone has one; unlike RFC 2136 the
 * serial need not grow, dnssim has no secondaries) and a CNAME replaces the CNAME there. The
 * negative-answer TTL follows a new SOA (RFC 2308 3). UNCHANGED for a record already present
 * in a set whose TTL is not above the record's; REFUSED as auth_zone_add_rr() refuses (CNAME beside
 * other data, NS at a wildcard, SOA away from the apex, owner outside, class). Ownership of rr
 * passes to the zone.
 */
enum auth_edit auth_zone_update_rr(auth_zone *zone, dns_names *names, ldns_rr *rr, GError **error);

/*
 * Remove the record of rr's owner, type and class whose rdata equals rr's (TTL ignored; RFC 2136
 * 3.4.2.4). If it was its RRset's last record the RRset goes, and if that was the name's last
 * RRset the name stops existing (NXDOMAIN, RFC 1034 4.3.2), with every empty non-terminal that
 * existed only for it, unless names below it exist (it stays as an empty non-terminal: NODATA).
 * UNCHANGED if no such record; REFUSED for the apex SOA and the apex NS RRset's last record
 * (AUTH_ZONE_ERROR_APEX), and for an owner outside the zone. rr is borrowed.
 */
enum auth_edit auth_zone_remove_rr(auth_zone *zone, dns_names *names, const ldns_rr *rr,
				   GError **error);

/* Remove the whole RRset of owner and type (RFC 2136 3.4.2.3), with the same effect on names
 * as auth_zone_remove_rr(). UNCHANGED if absent; REFUSED for the apex SOA and apex NS. */
enum auth_edit auth_zone_remove_rrset(auth_zone *zone, dns_names *names, uint32_t owner,
				      uint16_t type, GError **error);

/*
 * Make set the zone's RRset of set->owner and set->type, in place of the one there (or as a new
 * RRset, creating the name and its empty non-terminals). The zone takes a reference; set is
 * borrowed and must not be modified afterwards. UNCHANGED if the zone already holds the same
 * data with the same TTL; REFUSED for data the zone cannot serve (two CNAMEs or SOAs, a CNAME
 * beside other data, SOA away from the apex, NS at a wildcard, outside, class).
 */
enum auth_edit auth_zone_replace_rrset(auth_zone *zone, dns_names *names, struct dns_rrset *set,
				       GError **error);

/* Give the RRset of owner and type a new TTL (all its records; RFC 2181 5.2), nothing else. For
 * the SOA this also changes the negative-answer TTL (RFC 2308 3). UNCHANGED if absent or
 * already so. */
enum auth_edit auth_zone_set_ttl(auth_zone *zone, dns_names *names, uint32_t owner, uint16_t type,
				 uint32_t ttl, GError **error);

/* TRUE if auth_zone_new_from_scenario() skipped a Route 53 record set (alias or routing policy)
 * of owner and type: its answers belong to the Route 53 models. */
bool auth_zone_is_route53(const auth_zone *zone, uint32_t owner, uint16_t type);

/* A copy of the zone as it is now, sharing its RRsets (they are immutable). Later changes to
 * either do not show in the other. Caller owns; auth_zone_free(). */
auth_zone *auth_zone_copy(const auth_zone *zone);

/* TRUE if the zone has an SOA and an NS RRset at its apex; otherwise FALSE with error. */
gboolean auth_zone_check(const auth_zone *zone, const dns_names *names, GError **error);

/* The origin. */
uint32_t auth_zone_origin(const auth_zone *zone);

/* The SOA RRset, or NULL if none was added. Borrowed until the zone changes or is freed. */
struct dns_rrset *auth_zone_soa(const auth_zone *zone);

/* The RRset of owner and type, or NULL. Borrowed until the zone changes or is freed. */
struct dns_rrset *auth_zone_find(const auth_zone *zone, uint32_t owner, uint16_t type);

/* TRUE if owner exists in the zone: it has records, or is an empty non-terminal. */
bool auth_zone_name_exists(const auth_zone *zone, uint32_t owner);

/* TRUE if owner is a delegation point of the zone (below the apex, with NS). */
bool auth_zone_is_cut(const auth_zone *zone, uint32_t owner);

/* Number of Route 53 record lines skipped by auth_zone_new_from_scenario(). */
guint auth_zone_route53_count(const auth_zone *zone);

/* Number of RRsets in the zone (all owners, glue included). */
guint auth_zone_rrset_count(const auth_zone *zone);

/*
 * Answer qname/qtype from this zone per RFC 1034 4.3.2 into response, whose sections must be
 * empty. Sets response->rcode and response->aa and adds RRsets (references) to its sections;
 * leaves every other field alone. In order:
 *   - a delegation at or above qname (below the apex): referral, NS in authority, no AA, A/AAAA
 *     of in-zone NS targets (glue) in additional; qtype DS at the cut itself is answered from
 *     this (the parent) side instead (RFC 4035 3.1.4.1);
 *   - qname exists: its RRset of qtype (AA), or its CNAME followed while the target is in the
 *     zone (at most AUTH_CNAME_CHAIN_MAX steps, no name twice), or NODATA with the SOA;
 *   - qname does not exist: the wildcard "*.<closest encloser>" if there is one (RFC 4592:
 *     records synthesised with qname as owner), else NXDOMAIN with the SOA.
 * Negative answers carry the SOA with TTL min(SOA TTL, SOA MINIMUM) (RFC 2308 3). After a
 * CNAME, the rcode is that of the last name (RFC 6604). qtype ANY returns every RRset of the
 * name. NS and MX answers get the A/AAAA of their in-zone targets in additional.
 * names is only read in practice (record targets are interned when records are added).
 */
enum auth_answer auth_zone_lookup(const auth_zone *zone, dns_names *names, uint32_t qname,
				  uint16_t qtype, struct dns_msg *response);

/*
 * The same, for a query from src (where Route 53 sees it come from: the ECS subnet or the
 * resolver; NULL = an unknown location), with the Route 53 decision steps appended to path
 * (char *, caller owns; NULL = not wanted). Names holding Route 53 record sets are answered by
 * the route53 models (authoritative/route53/route53.h) when the zone has them attached.
 */
enum auth_answer auth_zone_lookup_from(const auth_zone *zone, dns_names *names, uint32_t qname,
				       uint16_t qtype, const struct auth_r53_source *src,
				       GPtrArray *path, struct dns_msg *response);

/* The same, also giving the price class of the query (route53.md 8; price may be NULL):
 * that of the first Route 53 record set met (the top of its policy tree; free when the answer
 * came from an alias to an AWS resource Route 53 does not charge for), else standard (plain
 * data, referrals); an empty answer section (NXDOMAIN, NODATA, a Route 53 set answering
 * nothing) is standard whatever the set (route53.md 6.3, auth_r53_price_billed()). */
enum auth_answer auth_zone_lookup_priced(const auth_zone *zone, dns_names *names, uint32_t qname,
					 uint16_t qtype, const struct auth_r53_source *src,
					 GPtrArray *path, struct dns_msg *response,
					 enum auth_r53_price *price);

/* Attach the zone's Route 53 record sets and what their evaluation may ask (both borrowed;
 * NULL detaches: those names then answer NODATA). */
void auth_zone_set_route53(auth_zone *zone, const auth_r53_zone *r53,
			   const struct auth_r53_env *env);

/* The Route 53 record sets attached with auth_zone_set_route53() and, in *env (may be NULL),
 * what their evaluation asks; NULL when none are attached. Borrowed, for read-only views such as
 * `dnssim draw` and `dnssim propagation`. */
const auth_r53_zone *auth_zone_route53(const auth_zone *zone, const struct auth_r53_env **env);

/* Append the zone in master-file format, names in canonical order (RFC 4034 6.1), to out. */
void auth_zone_print(const auth_zone *zone, const dns_names *names, GString *out);
