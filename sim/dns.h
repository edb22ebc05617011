#pragma once
/*
 * DNS value types shared by every model: interned domain names, immutable reference-counted
 * RRsets and messages. The models (authoritative/, resolver/) exchange these; ldns stays at the
 * edges (parsing zone text, printing for traces, wire sizes).
 *
 * Names are interned in a dns_names table: a name is a uint32_t id, equal names have equal ids,
 * and each id knows its parent and label count, so "is X under Y" and "closest enclosing name"
 * are walks over integers. Ids are dense and assigned in interning order (deterministic for a
 * deterministic program). The table is per world (no global state).
 */

#include <glib.h>
#include <ldns/ldns.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct dns_names dns_names;

#define DNS_NAME_ROOT 0u /* the root name "." is always id 0 */
#define DNS_NAME_NONE UINT32_MAX

/* New table holding only the root. Caller owns; dns_names_free(). */
dns_names *dns_names_new(void);
void dns_names_free(dns_names *names);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dns_names, dns_names_free)

/*
 * Intern a name given in presentation format (absolute or relative to the root; case-folded;
 * "\\." escapes as in RFC 1035 master files). Returns DNS_NAME_NONE if the text is not a valid
 * name (label over 63 octets, name over 255 octets, empty label).
 */
uint32_t dns_name_intern(dns_names *names, const char *text);

/* Intern an ldns dname rdf. DNS_NAME_NONE if rdf is not a dname. */
uint32_t dns_name_intern_rdf(dns_names *names, const ldns_rdf *rdf);

/* Look up without interning: DNS_NAME_NONE if not present. */
uint32_t dns_name_find(const dns_names *names, const char *text);

/* Presentation format, lower case, absolute ("www.example.com."; the root is "."). Borrowed. */
const char *dns_name_text(const dns_names *names, uint32_t name);

/* Parent name (one label removed); DNS_NAME_NONE for the root. */
uint32_t dns_name_parent(const dns_names *names, uint32_t name);

/* Number of labels, not counting the root (root = 0, "com." = 1). */
unsigned dns_name_labels(const dns_names *names, uint32_t name);

/* True if name equals ancestor or lies below it. */
bool dns_name_is_subdomain(const dns_names *names, uint32_t name, uint32_t ancestor);

/* The ancestor of name with the given label count (labels <= dns_name_labels(name)). */
uint32_t dns_name_ancestor(const dns_names *names, uint32_t name, unsigned labels);

/* First label of name in presentation format ("www" for www.example.com.); "" for the root.
 * Borrowed. */
const char *dns_name_first_label(const dns_names *names, uint32_t name);

/* True if the first label is "*" (a wildcard owner, RFC 4592). */
bool dns_name_is_wildcard(const dns_names *names, uint32_t name);

/* Wire length of the name in octets (uncompressed). */
unsigned dns_name_wire_len(const dns_names *names, uint32_t name);

/* Number of interned names. */
guint dns_names_count(const dns_names *names);

/*
 * An RRset: owner, type, class, TTL and the records' data as ldns RRs (owned). Immutable once
 * built and shared by reference (caches and answers hold references, never copies).
 */
struct dns_rrset {
	uint32_t owner;
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl; /* RFC 2181 5.2: the lowest TTL of its records; wins over the RRs' own */
	guint refs;
	ldns_rr_list *rrs; /* every RR's owner/type/class match the set; owned unless base */
	/* A copy with another TTL shares its records with the set that owns them (a reference
	 * held), so that counting a TTL down costs no record copies; NULL when rrs is owned. */
	struct dns_rrset *base;
};

/* New empty RRset (refcount 1). */
struct dns_rrset *dns_rrset_new(uint32_t owner, uint16_t type, uint16_t rclass, uint32_t ttl);

/* Add a record (ownership of rr passes to the set). Lowers the set's TTL to the record's if
 * smaller (RFC 2181 5.2) and sets every record's TTL to the set's. Drops exact duplicates
 * (RFC 2181 5: an RRset is a set). Only while building, before the set is shared. */
void dns_rrset_add(struct dns_rrset *set, ldns_rr *rr);

/* The set with another TTL (for answers that count TTLs down): a new set sharing the records,
 * or set itself (a new reference) when the TTL is the same. Treat as immutable. */
struct dns_rrset *dns_rrset_copy_ttl(const struct dns_rrset *set, uint32_t ttl);

/* The set that owns set's records (set itself unless it shares another's): the longest-lived
 * holder of the same data, for caches that keep their own lifetimes. Borrowed. */
static inline struct dns_rrset *dns_rrset_data(struct dns_rrset *set)
{
	return set->base != NULL ? set->base : set;
}

/* A deep copy owning its records, refcount 1: the start of a set to add records to. */
struct dns_rrset *dns_rrset_clone(const struct dns_rrset *set);

struct dns_rrset *dns_rrset_ref(struct dns_rrset *set);
void dns_rrset_unref(struct dns_rrset *set);

/* A copy of the i-th record as it goes on the wire: with the set's TTL (the RRs of a set that
 * shares its records keep the owner's TTL). Caller frees (ldns_rr_free). */
ldns_rr *dns_rrset_rr_copy(const struct dns_rrset *set, size_t i);

/* Number of records. */
guint dns_rrset_count(const struct dns_rrset *set);

/* True if both sets hold the same records (order and TTL ignored). */
bool dns_rrset_equal_data(const struct dns_rrset *a, const struct dns_rrset *b);

/* The i-th record's first rdata field as a name id (NS, CNAME, DNAME, MX exchange...), interned;
 * DNS_NAME_NONE if that field is not a name. */
uint32_t dns_rrset_rdata_name(dns_names *names, const struct dns_rrset *set, guint i);

/* Room for an address's text, IPv6 included. */
#define DNS_ADDRESS_TEXT_MAX 64

/* An A or AAAA rdata field as text, as ldns_rdf2str() gives it (inet_ntop()), written into
 * buf without allocating; other fields go through ldns. Returns buf. */
const char *dns_rdf_address_text(const ldns_rdf *rdf, char buf[DNS_ADDRESS_TEXT_MAX]);

/* Append the set in master-file format, one record per line, to out. */
void dns_rrset_print(const struct dns_rrset *set, GString *out);

enum dns_section {
	DNS_SECTION_ANSWER,
	DNS_SECTION_AUTHORITY,
	DNS_SECTION_ADDITIONAL,
	DNS_SECTION_COUNT,
};

/* A DNS message between models. Sections hold references to RRsets. */
struct dns_msg {
	uint16_t id;
	bool qr, aa, tc, rd, ra, ad, cd;
	uint8_t rcode; /* LDNS_RCODE_* */
	uint32_t qname;
	uint16_t qtype;
	uint16_t qclass;
	uint16_t edns_udp_size;			/* 0 = no EDNS */
	bool dnssec_ok;				/* EDNS DO bit (RFC 3225), with EDNS only */
	bool has_ede;				/* an Extended DNS Error option (RFC 8914) */
	uint16_t ede;				/* its INFO-CODE */
	GPtrArray *sections[DNS_SECTION_COUNT]; /* struct dns_rrset *, refs held */
};

/* New query or empty response. Caller owns; dns_msg_free(). */
struct dns_msg *dns_msg_new(uint16_t id, uint32_t qname, uint16_t qtype, uint16_t qclass);
void dns_msg_free(struct dns_msg *msg);

/* Add a set to a section (takes a new reference; no duplicate of the same owner/type/class
 * is added twice to one section). */
void dns_msg_add(struct dns_msg *msg, enum dns_section section, struct dns_rrset *set);

/* The set of the given owner and type in a section, or NULL (borrowed). */
struct dns_rrset *dns_msg_find(const struct dns_msg *msg, enum dns_section section, uint32_t owner,
			       uint16_t type);

/* Size of the message in wire format with name compression, as ldns encodes it. */
size_t dns_msg_wire_size(const struct dns_msg *msg, const dns_names *names);

/* Convert to an ldns packet (caller owns), for printing and wire sizes. */
ldns_pkt *dns_msg_to_ldns(const struct dns_msg *msg, const dns_names *names);

/* Append a compact dig-like rendering of the message (rcode, flags, question, non-empty
 * sections in master-file format) to out. */
void dns_msg_print(const struct dns_msg *msg, const dns_names *names, GString *out);
