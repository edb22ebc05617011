/*
 * Unit tests for authoritative/: zone lookups (RFC 1034 4.3.2 with RFC 2308, RFC 4592,
 * RFC 6604, RFC 8020), servers (zone choice, REFUSED, truncation) and the hierarchy built from a
 * scenario (implied root and TLD zones, delegations with NS and glue, root hints).
 *
 * Zones are written in master-file text in each test and parsed with ldns_rr_new_frm_str().
 * Every expected value comes from the RFC clause named in the test's comment and name (or from
 * the registry value documented in docs/design/authoritative.md), not from the program's output.
 */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "authoritative/hierarchy.h"
#include "authoritative/server.h"
#include "authoritative/zone.h"
#include "sim/dns.h"
#include "sim/scenario/parser.h"
#include "tests/support/scenario_text.h"

/* The TTL a record of set carries on the wire. */
static uint32_t wire_ttl(const struct dns_rrset *set, size_t i)
{
	ldns_rr *rr = dns_rrset_rr_copy(set, i);
	uint32_t ttl = ldns_rr_ttl(rr);
	ldns_rr_free(rr);
	return ttl;
}

/* Helpers */

/* A zone at origin from master-file lines (NULL-terminated); every line must be accepted. */
static auth_zone *zone_from(dns_names *names, const char *origin, const char *const *lines)
{
	uint32_t id = dns_name_intern(names, origin);
	assert_int_not_equal(id, DNS_NAME_NONE);
	auth_zone *zone = auth_zone_new(id);
	ldns_rdf *origin_rdf = NULL;
	assert_int_equal(ldns_str2rdf_dname(&origin_rdf, origin), LDNS_STATUS_OK);
	for (size_t i = 0; lines[i] != NULL; i++) {
		ldns_rr *rr = NULL;
		ldns_status st = ldns_rr_new_frm_str(&rr, lines[i], 3600, origin_rdf, NULL);
		if (st != LDNS_STATUS_OK) {
			print_error("cannot parse '%s': %s\n", lines[i],
				    ldns_get_errorstr_by_id(st));
			fail();
		}
		GError *error = NULL;
		if (!auth_zone_add_rr(zone, names, rr, &error)) {
			print_error("zone refused '%s': %s\n", lines[i], error->message);
			g_error_free(error);
			fail();
		}
	}
	ldns_rdf_deep_free(origin_rdf);
	return zone;
}

/* Look qname/qtype up in zone; the response is the caller's. */
static struct dns_msg *ask(const auth_zone *zone, dns_names *names, const char *qname,
			   uint16_t qtype, enum auth_answer *answer)
{
	uint32_t q = dns_name_intern(names, qname);
	assert_int_not_equal(q, DNS_NAME_NONE);
	struct dns_msg *response = dns_msg_new(1, q, qtype, LDNS_RR_CLASS_IN);
	enum auth_answer got = auth_zone_lookup(zone, names, q, qtype, response);
	if (answer != NULL) {
		*answer = got;
	}
	return response;
}

static guint count(const struct dns_msg *msg, enum dns_section section)
{
	return msg->sections[section]->len;
}

/* The RRset of owner/type in a section, or NULL. */
static struct dns_rrset *find(const struct dns_msg *msg, const dns_names *names,
			      enum dns_section section, const char *owner, uint16_t type)
{
	uint32_t id = dns_name_find(names, owner);
	return id == DNS_NAME_NONE ? NULL : dns_msg_find(msg, section, id, type);
}

/* The i-th RRset of a section. */
static struct dns_rrset *at(const struct dns_msg *msg, enum dns_section section, guint i)
{
	assert_true(i < msg->sections[section]->len);
	return g_ptr_array_index(msg->sections[section], i);
}

/* The rdata of the i-th record of set, in presentation format (caller frees). */
static char *rdata_text(const struct dns_rrset *set, guint i)
{
	const ldns_rr *rr = ldns_rr_list_rr(set->rrs, i);
	GString *s = g_string_new(NULL);
	for (size_t f = 0; f < ldns_rr_rd_count(rr); f++) {
		char *t = ldns_rdf2str(ldns_rr_rdf(rr, f));
		g_string_append_printf(s, "%s%s", f > 0 ? " " : "", t);
		free(t);
	}
	return g_string_free(s, FALSE);
}

/* True if set holds a record whose rdata text is want. */
static bool has_rdata(const struct dns_rrset *set, const char *want)
{
	for (guint i = 0; i < dns_rrset_count(set); i++) {
		g_autofree char *t = rdata_text(set, i);
		if (strcmp(t, want) == 0) {
			return true;
		}
	}
	return false;
}

/* Every record of set has this owner (checks the ldns RRs, not only set->owner). */
static void assert_owner(const struct dns_rrset *set, const dns_names *names, const char *owner)
{
	assert_string_equal(dns_name_text(names, set->owner), owner);
	for (guint i = 0; i < dns_rrset_count(set); i++) {
		char *t = ldns_rdf2str(ldns_rr_owner(ldns_rr_list_rr(set->rrs, i)));
		assert_string_equal(t, owner);
		free(t);
	}
}

/* The negative-answer shape of RFC 2308 2.1/2.2: empty answer, only the SOA in authority. */
static void assert_negative(const struct dns_msg *r, const dns_names *names, uint8_t rcode,
			    const char *origin, uint32_t soa_ttl)
{
	assert_int_equal(r->rcode, rcode);
	assert_true(r->aa);
	assert_int_equal(count(r, DNS_SECTION_AUTHORITY), 1);
	const struct dns_rrset *soa = at(r, DNS_SECTION_AUTHORITY, 0);
	assert_int_equal(soa->type, LDNS_RR_TYPE_SOA);
	assert_string_equal(dns_name_text(names, soa->owner), origin);
	assert_int_equal(soa->ttl, soa_ttl);
	assert_int_equal(wire_ttl(soa, 0), soa_ttl);
}

/*
 * The main test zone. SOA TTL 3600 is above its MINIMUM 300, so negative answers carry 300
 * (RFC 2308 3). b.c and c are empty non-terminals of a.b.c; sub and signed are delegations.
 */
static const char *const example_zone[] = {
	"example. 3600 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300",
	"example. 3600 IN NS ns1.example.",
	"example. 3600 IN NS ns2.example.",
	"ns1.example. 3600 IN A 192.0.2.53",
	"ns2.example. 3600 IN AAAA 2001:db8::53",
	"www.example. 300 IN A 192.0.2.1",
	"www.example. 300 IN A 192.0.2.2",
	"mail.example. 300 IN MX 10 www.example.",
	"a.b.c.example. 300 IN TXT \"deep\"",
	"alias.example. 300 IN CNAME www.example.",
	"chain1.example. 300 IN CNAME chain2.example.",
	"chain2.example. 300 IN CNAME www.example.",
	"dangling.example. 300 IN CNAME missing.example.",
	"tomx.example. 300 IN CNAME mail.example.",
	"loop1.example. 300 IN CNAME loop2.example.",
	"loop2.example. 300 IN CNAME loop1.example.",
	"self.example. 300 IN CNAME self.example.",
	"out.example. 300 IN CNAME www.example.net.",
	"intosub.example. 300 IN CNAME host.sub.example.",
	"sub.example. 86400 IN NS ns.sub.example.",
	"sub.example. 86400 IN NS ns.elsewhere.net.",
	"ns.sub.example. 86400 IN A 192.0.2.99",
	"signed.example. 86400 IN NS ns.sub.example.",
	"signed.example. 86400 IN DS 12345 13 2 "
	"3A4B5C6D7E8F90112233445566778899AABBCCDDEEFF00112233445566778899",
	NULL,
};

struct example {
	dns_names *names;
	auth_zone *zone;
};

static int example_setup(void **state)
{
	struct example *e = g_new0(struct example, 1);
	e->names = dns_names_new();
	e->zone = zone_from(e->names, "example.", example_zone);
	*state = e;
	return 0;
}

static int example_teardown(void **state)
{
	struct example *e = *state;
	auth_zone_free(e->zone);
	dns_names_free(e->names);
	g_free(e);
	return 0;
}

/* Zone lookups */

/* RFC 1034 4.3.2 step 3a: an exact match is copied into the answer, with AA (RFC 1035 4.1.1). */
static void rfc1034_exact_match_is_authoritative_answer(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "www.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_true(r->aa);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
	const struct dns_rrset *a =
	    find(r, e->names, DNS_SECTION_ANSWER, "www.example.", LDNS_RR_TYPE_A);
	assert_non_null(a);
	assert_int_equal(dns_rrset_count(a), 2);
	assert_int_equal(a->ttl, 300);
	assert_true(has_rdata(a, "192.0.2.1"));
	assert_true(has_rdata(a, "192.0.2.2"));
	assert_int_equal(count(r, DNS_SECTION_AUTHORITY), 0);
	dns_msg_free(r);
}

/* RFC 1034 4.3.2 step 6: MX answers carry the exchange's address in additional; and the SOA
 * asked for positively keeps its own TTL (RFC 2308 3 only changes it in negative answers). */
static void rfc1034_additional_section_for_mx(void **state)
{
	struct example *e = *state;
	struct dns_msg *r = ask(e->zone, e->names, "mail.example.", LDNS_RR_TYPE_MX, NULL);
	assert_true(r->aa);
	assert_non_null(find(r, e->names, DNS_SECTION_ANSWER, "mail.example.", LDNS_RR_TYPE_MX));
	assert_non_null(find(r, e->names, DNS_SECTION_ADDITIONAL, "www.example.", LDNS_RR_TYPE_A));
	dns_msg_free(r);
	r = ask(e->zone, e->names, "example.", LDNS_RR_TYPE_SOA, NULL);
	const struct dns_rrset *soa =
	    find(r, e->names, DNS_SECTION_ANSWER, "example.", LDNS_RR_TYPE_SOA);
	assert_non_null(soa);
	assert_int_equal(soa->ttl, 3600);
	dns_msg_free(r);
}

/* RFC 2308 2.2 (NODATA: NOERROR, empty answer, SOA in authority) and 3 (the SOA's TTL is
 * min(SOA TTL, MINIMUM)): SOA TTL 3600 > MINIMUM 300 gives 300. */
static void rfc2308_nodata_soa_ttl_is_minimum_when_lower(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "www.example.", LDNS_RR_TYPE_TXT, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 0);
	assert_negative(r, e->names, LDNS_RCODE_NOERROR, "example.", 300);
	dns_msg_free(r);
}

/* RFC 2308 3: SOA TTL 60 < MINIMUM 3600 gives 60, the SOA's own TTL. */
static void rfc2308_nodata_soa_ttl_is_soa_ttl_when_lower(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"low.example. 60 IN SOA ns.low.example. h.low.example. 1 7200 900 1209600 3600",
		"low.example. 3600 IN NS ns.low.example.",
		"ns.low.example. 3600 IN A 192.0.2.1",
		NULL,
	};
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = zone_from(names, "low.example.", lines);
	struct dns_msg *r = ask(zone, names, "ns.low.example.", LDNS_RR_TYPE_AAAA, NULL);
	assert_negative(r, names, LDNS_RCODE_NOERROR, "low.example.", 60);
	dns_msg_free(r);
	r = ask(zone, names, "nope.low.example.", LDNS_RR_TYPE_A, NULL);
	assert_negative(r, names, LDNS_RCODE_NXDOMAIN, "low.example.", 60);
	dns_msg_free(r);
}

/* RFC 1034 4.3.2 step 3c and RFC 2308 2.1: a name that does not exist is NXDOMAIN, AA, with
 * the SOA (TTL min(3600, 300)) in authority. */
static void rfc2308_nxdomain_has_soa(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "nosuch.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NXDOMAIN);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 0);
	assert_negative(r, e->names, LDNS_RCODE_NXDOMAIN, "example.", 300);
	dns_msg_free(r);
}

/* RFC 8020 and RFC 4592 2.2.2: an empty non-terminal exists, so it is NODATA, never NXDOMAIN;
 * a name below it that does not exist is still NXDOMAIN. */
static void rfc8020_empty_non_terminal_is_nodata(void **state)
{
	struct example *e = *state;
	const char *ents[] = { "c.example.", "b.c.example." };
	for (size_t i = 0; i < G_N_ELEMENTS(ents); i++) {
		enum auth_answer answer;
		struct dns_msg *r = ask(e->zone, e->names, ents[i], LDNS_RR_TYPE_A, &answer);
		assert_int_equal(answer, AUTH_ANSWER_NODATA);
		assert_negative(r, e->names, LDNS_RCODE_NOERROR, "example.", 300);
		dns_msg_free(r);
	}
	struct dns_msg *r = ask(e->zone, e->names, "x.b.c.example.", LDNS_RR_TYPE_A, NULL);
	assert_negative(r, e->names, LDNS_RCODE_NXDOMAIN, "example.", 300);
	dns_msg_free(r);
}

/* RFC 1034 4.3.2 step 3a: a CNAME goes into the answer and the lookup restarts at its target
 * while the target is in the zone (here two CNAMEs, then the A RRset). */
static void rfc1034_cname_chain_followed_in_zone(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "chain1.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_true(r->aa);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 3);
	assert_string_equal(dns_name_text(e->names, at(r, DNS_SECTION_ANSWER, 0)->owner),
			    "chain1.example.");
	assert_int_equal(at(r, DNS_SECTION_ANSWER, 0)->type, LDNS_RR_TYPE_CNAME);
	assert_string_equal(dns_name_text(e->names, at(r, DNS_SECTION_ANSWER, 1)->owner),
			    "chain2.example.");
	assert_int_equal(at(r, DNS_SECTION_ANSWER, 2)->type, LDNS_RR_TYPE_A);
	assert_string_equal(dns_name_text(e->names, at(r, DNS_SECTION_ANSWER, 2)->owner),
			    "www.example.");
	dns_msg_free(r);
}

/* RFC 6604 3: the rcode is that of the last name of the chain: a CNAME to a missing name is
 * NXDOMAIN with the CNAME in the answer and the SOA in authority. */
static void rfc6604_cname_to_nxdomain_keeps_cname(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "dangling.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NXDOMAIN);
	assert_int_equal(r->rcode, LDNS_RCODE_NXDOMAIN);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
	assert_non_null(
	    find(r, e->names, DNS_SECTION_ANSWER, "dangling.example.", LDNS_RR_TYPE_CNAME));
	assert_negative(r, e->names, LDNS_RCODE_NXDOMAIN, "example.", 300);
	dns_msg_free(r);
	/* and a chain into NODATA is NOERROR with the SOA */
	r = ask(e->zone, e->names, "tomx.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
	assert_negative(r, e->names, LDNS_RCODE_NOERROR, "example.", 300);
	dns_msg_free(r);
}

/* RFC 1034 3.6.2 / 4.3.2 step 3a: a query for the CNAME type itself returns the CNAME and
 * does not follow it. */
static void rfc1034_qtype_cname_returns_cname(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "alias.example.", LDNS_RR_TYPE_CNAME, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_true(r->aa);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
	const struct dns_rrset *c = at(r, DNS_SECTION_ANSWER, 0);
	assert_int_equal(c->type, LDNS_RR_TYPE_CNAME);
	assert_true(has_rdata(c, "www.example."));
	dns_msg_free(r);
}

/* RFC 1034 3.6.2 (CNAME loops are to be detected): a two-name loop and a self loop end with
 * each CNAME once and NOERROR; a CNAME leaving the zone ends the answer (the resolver
 * continues, RFC 1034 5.3.3). */
static void rfc1034_cname_loop_terminates(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "loop1.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_CNAME);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 2);
	assert_non_null(
	    find(r, e->names, DNS_SECTION_ANSWER, "loop1.example.", LDNS_RR_TYPE_CNAME));
	assert_non_null(
	    find(r, e->names, DNS_SECTION_ANSWER, "loop2.example.", LDNS_RR_TYPE_CNAME));
	dns_msg_free(r);
	r = ask(e->zone, e->names, "self.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_CNAME);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
	dns_msg_free(r);
	r = ask(e->zone, e->names, "out.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_CNAME);
	assert_true(r->aa);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
	assert_int_equal(count(r, DNS_SECTION_AUTHORITY), 0);
	dns_msg_free(r);
}

/* RFC 1034 4.3.2 step 3b: at a cut, a referral: NS of the child in authority, no AA, nothing
 * in the answer, the in-zone NS target's address (glue) in additional and no address for the
 * out-of-zone target. */
static void rfc1034_referral_at_cut_with_glue(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "sub.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_REFERRAL);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_false(r->aa);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 0);
	assert_int_equal(count(r, DNS_SECTION_AUTHORITY), 1);
	const struct dns_rrset *ns =
	    find(r, e->names, DNS_SECTION_AUTHORITY, "sub.example.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(dns_rrset_count(ns), 2);
	assert_int_equal(ns->ttl, 86400);
	assert_int_equal(count(r, DNS_SECTION_ADDITIONAL), 1);
	const struct dns_rrset *glue =
	    find(r, e->names, DNS_SECTION_ADDITIONAL, "ns.sub.example.", LDNS_RR_TYPE_A);
	assert_non_null(glue);
	assert_true(has_rdata(glue, "192.0.2.99"));
	dns_msg_free(r);
}

/* RFC 1034 4.3.2 step 3b: a name below the cut is referred too, even the glue's own name (glue
 * is not authoritative data, RFC 2181 5.4.1) and qtype NS at the cut. */
static void rfc1034_referral_below_cut(void **state)
{
	struct example *e = *state;
	const char *qnames[] = { "host.sub.example.", "deep.er.sub.example.", "ns.sub.example.",
				 "sub.example." };
	const uint16_t qtypes[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_A,
				    LDNS_RR_TYPE_NS };
	for (size_t i = 0; i < G_N_ELEMENTS(qnames); i++) {
		enum auth_answer answer;
		struct dns_msg *r = ask(e->zone, e->names, qnames[i], qtypes[i], &answer);
		assert_int_equal(answer, AUTH_ANSWER_REFERRAL);
		assert_false(r->aa);
		assert_int_equal(count(r, DNS_SECTION_ANSWER), 0);
		assert_non_null(
		    find(r, e->names, DNS_SECTION_AUTHORITY, "sub.example.", LDNS_RR_TYPE_NS));
		assert_non_null(
		    find(r, e->names, DNS_SECTION_ADDITIONAL, "ns.sub.example.", LDNS_RR_TYPE_A));
		dns_msg_free(r);
	}
	/* a CNAME into the delegated child: the authoritative CNAME, then the referral */
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "intosub.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_REFERRAL);
	assert_true(r->aa);
	assert_non_null(
	    find(r, e->names, DNS_SECTION_ANSWER, "intosub.example.", LDNS_RR_TYPE_CNAME));
	assert_non_null(find(r, e->names, DNS_SECTION_AUTHORITY, "sub.example.", LDNS_RR_TYPE_NS));
	dns_msg_free(r);
}

/* RFC 4035 3.1.4.1 (and RFC 4034 5): DS belongs to the parent side of a cut, so a DS query at
 * the cut is answered authoritatively by the parent: the DS, or NODATA with the parent's SOA. */
static void rfc4035_ds_at_cut_answered_by_parent(void **state)
{
	struct example *e = *state;
	enum auth_answer answer;
	struct dns_msg *r = ask(e->zone, e->names, "signed.example.", LDNS_RR_TYPE_DS, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_true(r->aa);
	assert_non_null(find(r, e->names, DNS_SECTION_ANSWER, "signed.example.", LDNS_RR_TYPE_DS));
	dns_msg_free(r);
	r = ask(e->zone, e->names, "sub.example.", LDNS_RR_TYPE_DS, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	assert_negative(r, e->names, LDNS_RCODE_NOERROR, "example.", 300);
	dns_msg_free(r);
	/* below the cut, DS is the child's business: referral */
	r = ask(e->zone, e->names, "x.sub.example.", LDNS_RR_TYPE_DS, &answer);
	assert_int_equal(answer, AUTH_ANSWER_REFERRAL);
	dns_msg_free(r);
}

/* The example zone of RFC 4592 section 2.2.1. */
static const char *const rfc4592_zone[] = {
	"example. 3600 IN SOA ns.example.com. hostmaster.example. 1 7200 900 1209600 3600",
	"example. 3600 NS ns.example.com.",
	"example. 3600 NS ns.example.net.",
	"*.example. 3600 TXT \"this is a wildcard\"",
	"*.example. 3600 MX 10 host1.example.",
	"sub.*.example. 3600 TXT \"this is not a wildcard\"",
	"host1.example. 3600 A 192.0.2.1",
	"_ssh._tcp.host1.example. 3600 SRV 0 0 22 host1.example.",
	"_ssh._tcp.host2.example. 3600 SRV 0 0 22 host2.example.",
	"subdel.example. 3600 NS ns.example.com.",
	"subdel.example. 3600 NS ns.example.net.",
	NULL,
};

/* One query of RFC 4592 2.2.1 and the outcome the section gives for it. */
struct wildcard_case {
	const char *qname;
	uint16_t qtype;
	enum auth_answer answer;
	uint8_t rcode;
};

/* RFC 4592 2.2.1: the section's example queries. Synthesised: host3 MX (an MX owned by
 * host3), host3 A ("no error, but no data": no A at *.example), foo.bar TXT (bar does not
 * exist). Not synthesised: host1 MX (host1 exists: NODATA), sub.*.example MX (exists: NODATA),
 * _telnet._tcp.host1 SRV (_tcp.host1 exists without data, and has no wildcard: NXDOMAIN),
 * host.subdel A (subdel is a cut: referral), ghost.*.example MX (*.example exists and has no
 * "*" child: NXDOMAIN). */
static void rfc4592_section_2_2_1_examples(void **state)
{
	(void)state;
	static const struct wildcard_case cases[] = {
		{ "host3.example.", LDNS_RR_TYPE_MX, AUTH_ANSWER_DATA, LDNS_RCODE_NOERROR },
		{ "host3.example.", LDNS_RR_TYPE_A, AUTH_ANSWER_NODATA, LDNS_RCODE_NOERROR },
		{ "foo.bar.example.", LDNS_RR_TYPE_TXT, AUTH_ANSWER_DATA, LDNS_RCODE_NOERROR },
		{ "host1.example.", LDNS_RR_TYPE_MX, AUTH_ANSWER_NODATA, LDNS_RCODE_NOERROR },
		{ "sub.*.example.", LDNS_RR_TYPE_MX, AUTH_ANSWER_NODATA, LDNS_RCODE_NOERROR },
		{ "_telnet._tcp.host1.example.", LDNS_RR_TYPE_SRV, AUTH_ANSWER_NXDOMAIN,
		  LDNS_RCODE_NXDOMAIN },
		{ "host.subdel.example.", LDNS_RR_TYPE_A, AUTH_ANSWER_REFERRAL,
		  LDNS_RCODE_NOERROR },
		{ "ghost.*.example.", LDNS_RR_TYPE_MX, AUTH_ANSWER_NXDOMAIN, LDNS_RCODE_NXDOMAIN },
	};
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = zone_from(names, "example.", rfc4592_zone);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct wildcard_case *c = &cases[i];
		enum auth_answer answer;
		struct dns_msg *r = ask(zone, names, c->qname, c->qtype, &answer);
		if (answer != c->answer || r->rcode != c->rcode) {
			print_error("%s type %u: got %s rcode %u, want %s rcode %u\n", c->qname,
				    c->qtype, auth_answer_name(answer), r->rcode,
				    auth_answer_name(c->answer), c->rcode);
			fail();
		}
		if (c->answer == AUTH_ANSWER_DATA) {
			/* RFC 4592 3.3.1: the synthesised RRs are owned by the qname */
			assert_int_equal(count(r, DNS_SECTION_ANSWER), 1);
			assert_owner(at(r, DNS_SECTION_ANSWER, 0), names, c->qname);
			assert_int_equal(at(r, DNS_SECTION_ANSWER, 0)->type, c->qtype);
			assert_true(r->aa);
		}
		if (c->answer == AUTH_ANSWER_NODATA || c->answer == AUTH_ANSWER_NXDOMAIN) {
			assert_negative(r, names, c->rcode, "example.", 3600);
		}
		dns_msg_free(r);
	}
}

/* RFC 4034 6.1 (canonical order: compare labels from the right, octet by octet, "*" = 0x2a
 * before letters) for owners; types in numeric order within an owner. Empty non-terminals
 * (host2.example., _tcp.host1.example.) have no records to print. */
static void rfc4034_zone_print_in_canonical_order(void **state)
{
	(void)state;
	static const char *const owners[] = {
		"example.",
		"example.",
		"example.",
		"*.example.",
		"*.example.",
		"sub.*.example.",
		"host1.example.",
		"_ssh._tcp.host1.example.",
		"_ssh._tcp.host2.example.",
		"subdel.example.",
		"subdel.example.",
	};
	static const char *const types[] = { "NS", "NS",  "SOA", "MX", "TXT", "TXT",
					     "A",  "SRV", "SRV", "NS", "NS" };
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = zone_from(names, "example.", rfc4592_zone);
	GString *out = g_string_new(NULL);
	auth_zone_print(zone, names, out);
	g_auto(GStrv) lines = g_strsplit(out->str, "\n", -1);
	g_string_free(out, TRUE);
	guint n = g_strv_length(lines);
	assert_int_equal(n, G_N_ELEMENTS(owners) + 1); /* the text ends with a newline */
	for (guint i = 0; i < G_N_ELEMENTS(owners); i++) {
		g_auto(GStrv) fields = g_strsplit(lines[i], "\t", -1);
		assert_true(g_strv_length(fields) >= 5);
		assert_string_equal(fields[0], owners[i]);
		assert_string_equal(fields[3], types[i]);
	}
}

/* RFC 4592 3.3.1 and 2.1.1: synthesis copies the wildcard's data under the qname, for any
 * depth below the closest encloser; the wildcard itself is also a name that can be asked. */
static void rfc4592_wildcard_synthesis_rewrites_owner(void **state)
{
	(void)state;
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = zone_from(names, "example.", rfc4592_zone);
	struct dns_msg *r = ask(zone, names, "a.b.c.example.", LDNS_RR_TYPE_TXT, NULL);
	const struct dns_rrset *txt = at(r, DNS_SECTION_ANSWER, 0);
	assert_owner(txt, names, "a.b.c.example.");
	assert_true(has_rdata(txt, "\"this is a wildcard\""));
	assert_int_equal(txt->ttl, 3600);
	dns_msg_free(r);
	/* the MX answer gets host1's address (RFC 1034 4.3.2 step 6) */
	r = ask(zone, names, "host3.example.", LDNS_RR_TYPE_MX, NULL);
	assert_true(has_rdata(at(r, DNS_SECTION_ANSWER, 0), "10 host1.example."));
	assert_non_null(find(r, names, DNS_SECTION_ADDITIONAL, "host1.example.", LDNS_RR_TYPE_A));
	dns_msg_free(r);
	/* "*.example." asked literally is an exact match (RFC 4592 2.1.1) */
	r = ask(zone, names, "*.example.", LDNS_RR_TYPE_TXT, NULL);
	assert_owner(at(r, DNS_SECTION_ANSWER, 0), names, "*.example.");
	dns_msg_free(r);
	/* the wildcard does not cover its parent: the apex has no TXT (NODATA) */
	enum auth_answer answer;
	r = ask(zone, names, "example.", LDNS_RR_TYPE_TXT, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	dns_msg_free(r);
}

/* RFC 4592 2.2.2 and 3.3.1: the closest encloser decides; an existing ENT (b.example, over
 * a.b.example) or an existing name with other types blocks "*.example"; a wildcard does not
 * reach across a cut (4.2 / 3.3.1 step 3b); a wildcard CNAME is synthesised and followed. */
static void rfc4592_wildcard_blocked_by_ent_and_existing_name(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"example. 3600 IN SOA ns.example. h.example. 1 7200 900 1209600 600",
		"example. 3600 IN NS ns.example.",
		"ns.example. 3600 IN A 192.0.2.53",
		"*.example. 300 IN A 192.0.2.200",
		"a.b.example. 300 IN A 192.0.2.1",
		"txtonly.example. 300 IN TXT \"x\"",
		"*.cdn.example. 300 IN CNAME ns.example.",
		"cut.example. 300 IN NS ns.other.",
		NULL,
	};
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = zone_from(names, "example.", lines);
	enum auth_answer answer;
	/* b.example is an ENT: NODATA, not the wildcard's A */
	struct dns_msg *r = ask(zone, names, "b.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	assert_negative(r, names, LDNS_RCODE_NOERROR, "example.", 600);
	dns_msg_free(r);
	/* below the ENT the closest encloser is b.example, which has no wildcard: NXDOMAIN */
	r = ask(zone, names, "x.b.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NXDOMAIN);
	dns_msg_free(r);
	/* a name with other data: NODATA */
	r = ask(zone, names, "txtonly.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	dns_msg_free(r);
	/* a missing name under the apex: synthesised from *.example */
	r = ask(zone, names, "x.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_owner(at(r, DNS_SECTION_ANSWER, 0), names, "x.example.");
	assert_true(has_rdata(at(r, DNS_SECTION_ANSWER, 0), "192.0.2.200"));
	dns_msg_free(r);
	/* below a cut: a referral, never the wildcard */
	r = ask(zone, names, "x.cut.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_REFERRAL);
	dns_msg_free(r);
	/* a wildcard CNAME: synthesised under the qname and followed in the zone */
	r = ask(zone, names, "img.cdn.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 2);
	assert_owner(at(r, DNS_SECTION_ANSWER, 0), names, "img.cdn.example.");
	assert_int_equal(at(r, DNS_SECTION_ANSWER, 0)->type, LDNS_RR_TYPE_CNAME);
	assert_non_null(find(r, names, DNS_SECTION_ANSWER, "ns.example.", LDNS_RR_TYPE_A));
	dns_msg_free(r);
}

/* RFC 1034 3.6.2 / RFC 2181 10.1 (a CNAME has no other data and is alone), RFC 4592 4.2 (no
 * wildcard NS) and RFC 1035 5.2 (one SOA, at the apex): data a zone cannot serve is refused
 * with a reason, and the zone is unchanged. */
static void rfc2181_inconsistent_data_is_refused(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"example. 3600 IN SOA ns.example. h.example. 1 7200 900 1209600 600",
		"example. 3600 IN NS ns.example.",
		"www.example. 300 IN A 192.0.2.1",
		"c.example. 300 IN CNAME www.example.",
		NULL,
	};
	static const char *const bad[] = {
		"www.example. 300 IN CNAME other.example.",
		"c.example. 300 IN TXT \"x\"",
		"c.example. 300 IN CNAME other.example.",
		"*.example. 300 IN NS ns.example.",
		"example. 3600 IN SOA ns.example. h.example. 2 7200 900 1209600 600",
		"www.example. 3600 IN SOA ns.example. h.example. 1 7200 900 1209600 600",
		"www.example.net. 300 IN A 192.0.2.1",
		"www.example. 300 CH A 192.0.2.1",
	};
	static const enum auth_zone_error codes[] = {
		AUTH_ZONE_ERROR_CNAME,	     AUTH_ZONE_ERROR_CNAME, AUTH_ZONE_ERROR_CNAME,
		AUTH_ZONE_ERROR_WILDCARD_NS, AUTH_ZONE_ERROR_SOA,   AUTH_ZONE_ERROR_SOA,
		AUTH_ZONE_ERROR_OUTSIDE,     AUTH_ZONE_ERROR_CLASS,
	};
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = zone_from(names, "example.", lines);
	guint before = auth_zone_rrset_count(zone);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		GError *error = NULL;
		if (auth_zone_add_text(zone, names, bad[i], &error)) {
			print_error("accepted '%s'\n", bad[i]);
			fail();
		}
		assert_int_equal(error->domain, AUTH_ZONE_ERROR);
		assert_int_equal(error->code, codes[i]);
		g_error_free(error);
	}
	assert_int_equal(auth_zone_rrset_count(zone), before);
	/* an exact duplicate is not an error (RFC 2181 5: an RRset is a set) */
	assert_true(auth_zone_add_text(zone, names, "www.example. 300 IN A 192.0.2.1", NULL));
	assert_int_equal(auth_zone_rrset_count(zone), before);
	assert_true(auth_zone_check(zone, names, NULL));
	g_autoptr(auth_zone) empty = auth_zone_new(dns_name_intern(names, "empty.example."));
	assert_false(auth_zone_check(empty, names, NULL));
}

/* RFC 2181 5 (an RRset is one unit) and 5.2 (its records share one TTL, the lowest): a record
 * added to a zone joins its RRset, but a response made before keeps the RRset it was sent with. */
static void rfc2181_rrset_in_sent_answer_is_unchanged_by_zone_edit(void **state)
{
	struct example *e = *state;
	struct dns_msg *before = ask(e->zone, e->names, "www.example.", LDNS_RR_TYPE_A, NULL);
	assert_true(auth_zone_add_text(e->zone, e->names, "www.example. 60 IN A 192.0.2.3", NULL));
	struct dns_msg *after = ask(e->zone, e->names, "www.example.", LDNS_RR_TYPE_A, NULL);
	const struct dns_rrset *old_set = at(before, DNS_SECTION_ANSWER, 0);
	const struct dns_rrset *new_set = at(after, DNS_SECTION_ANSWER, 0);
	assert_int_equal(dns_rrset_count(old_set), 2);
	assert_int_equal(old_set->ttl, 300);
	assert_int_equal(dns_rrset_count(new_set), 3);
	assert_int_equal(new_set->ttl, 60);
	assert_int_equal(wire_ttl(new_set, 0), 60);
	dns_msg_free(before);
	dns_msg_free(after);
}

/* Servers */

static struct dns_msg *query(dns_names *names, const char *qname, uint16_t qtype,
			     uint16_t edns_udp_size)
{
	struct dns_msg *q =
	    dns_msg_new(4242, dns_name_intern(names, qname), qtype, LDNS_RR_CLASS_IN);
	q->rd = true;
	q->edns_udp_size = edns_udp_size;
	return q;
}

/* RFC 1035 4.1.1 (REFUSED: the server will not answer, by policy), as RFC 8906 describes real
 * authoritative servers doing for names outside their zones: REFUSED, no AA, empty sections,
 * id, question and RD copied, QR set. */
static void rfc1035_refused_outside_served_zones(void **state)
{
	struct example *e = *state;
	g_autoptr(auth_server) server = auth_server_new("ns-1", DNS_NAME_NONE, 0);
	auth_server_add_zone(server, e->zone);
	struct dns_msg *q = query(e->names, "www.example.net.", LDNS_RR_TYPE_A, 0);
	struct auth_server_result result;
	struct dns_msg *r = auth_server_answer(server, e->names, q, AUTH_TRANSPORT_UDP, &result);
	assert_int_equal(r->rcode, LDNS_RCODE_REFUSED);
	assert_int_equal(result.answer, AUTH_ANSWER_REFUSED);
	assert_null(result.zone);
	assert_true(r->qr);
	assert_false(r->aa);
	assert_true(r->rd);
	assert_false(r->ra);
	assert_int_equal(r->id, 4242);
	assert_int_equal(r->qname, q->qname);
	assert_int_equal(r->qtype, LDNS_RR_TYPE_A);
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		assert_int_equal(count(r, s), 0);
	}
	assert_int_equal(auth_server_stats(server)->refused, 1);
	dns_msg_free(r);
	dns_msg_free(q);
	/* the same server answers its own zone */
	q = query(e->names, "www.example.", LDNS_RR_TYPE_A, 0);
	r = auth_server_answer(server, e->names, q, AUTH_TRANSPORT_UDP, &result);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_true(r->aa);
	assert_ptr_equal(result.zone, e->zone);
	dns_msg_free(r);
	dns_msg_free(q);
}

/* RFC 1034 4.3.2 step 2 ("search the available zones for the zone which is the nearest ancestor
 * to QNAME"): a server holding parent and child answers from the child, not with a referral;
 * DS at the child's apex is parent-side data (RFC 4035 3.1.4.1) and comes from the parent. */
static void rfc1034_deepest_zone_answers(void **state)
{
	struct example *e = *state;
	static const char *const child_lines[] = {
		"sub.example. 600 IN SOA ns.sub.example. h.sub.example. 7 7200 900 1209600 120",
		"sub.example. 86400 IN NS ns.sub.example.",
		"ns.sub.example. 86400 IN A 192.0.2.99",
		"host.sub.example. 60 IN A 192.0.2.77",
		NULL,
	};
	g_autoptr(auth_zone) child = zone_from(e->names, "sub.example.", child_lines);
	g_autoptr(auth_server) server = auth_server_new("both", DNS_NAME_NONE, 0);
	auth_server_add_zone(server, e->zone); /* parent first: order must not matter */
	auth_server_add_zone(server, child);
	struct auth_server_result result;
	struct dns_msg *q = query(e->names, "host.sub.example.", LDNS_RR_TYPE_A, 0);
	struct dns_msg *r = auth_server_answer(server, e->names, q, AUTH_TRANSPORT_UDP, &result);
	assert_ptr_equal(result.zone, child);
	assert_int_equal(result.answer, AUTH_ANSWER_DATA);
	assert_true(r->aa);
	assert_true(has_rdata(at(r, DNS_SECTION_ANSWER, 0), "192.0.2.77"));
	dns_msg_free(r);
	dns_msg_free(q);
	q = query(e->names, "sub.example.", LDNS_RR_TYPE_DS, 0);
	r = auth_server_answer(server, e->names, q, AUTH_TRANSPORT_UDP, &result);
	assert_ptr_equal(result.zone, e->zone);
	assert_negative(r, e->names, LDNS_RCODE_NOERROR, "example.", 300);
	dns_msg_free(r);
	dns_msg_free(q);
	q = query(e->names, "sub.example.", LDNS_RR_TYPE_SOA, 0);
	r = auth_server_answer(server, e->names, q, AUTH_TRANSPORT_UDP, &result);
	assert_ptr_equal(result.zone, child);
	assert_non_null(find(r, e->names, DNS_SECTION_ANSWER, "sub.example.", LDNS_RR_TYPE_SOA));
	dns_msg_free(r);
	dns_msg_free(q);
}

/* A zone with a TXT RRset of n records of 200 octets each at big.example. */
static auth_zone *big_zone(dns_names *names, guint n)
{
	static const char *const lines[] = {
		"example. 3600 IN SOA ns.example. h.example. 1 7200 900 1209600 600",
		"example. 3600 IN NS ns.example.",
		"ns.example. 3600 IN A 192.0.2.53",
		NULL,
	};
	auth_zone *zone = zone_from(names, "example.", lines);
	for (guint i = 0; i < n; i++) {
		char text[201];
		memset(text, 'a' + (int)i, 200);
		text[200] = '\0';
		g_autofree char *rr = g_strdup_printf("big.example. 60 IN TXT \"%s\"", text);
		assert_true(auth_zone_add_text(zone, names, rr, NULL));
	}
	return zone;
}

/*
 * Wire size of the answer to big.example. TXT from RFC 1035 4.1: header 12, question
 * 13 (name) + 4, then per record a compressed owner (2, RFC 1035 4.1.4), type, class, TTL,
 * RDLENGTH (10) and a 200-octet character-string (201); an OPT RR adds 11 (RFC 6891 6.1.2).
 */
static size_t big_size(guint n, bool edns)
{
	return 12 + 13 + 4 + n * (2 + 10 + 201) + (edns ? 11 : 0);
}

/* RFC 1035 4.2.1 and RFC 2181 9: a UDP answer over 512 octets without EDNS is sent with TC and
 * the sections emptied; the TCP retry gets all of it (RFC 7766 5). */
static void rfc1035_truncation_without_edns(void **state)
{
	(void)state;
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) zone = big_zone(names, 4); /* 881 octets: over 512, under 1232 */
	g_autoptr(auth_server) server = auth_server_new("ns", DNS_NAME_NONE, 0);
	auth_server_add_zone(server, zone);
	struct dns_msg *q = query(names, "big.example.", LDNS_RR_TYPE_TXT, 0);
	struct auth_server_result result;
	struct dns_msg *r = auth_server_answer(server, names, q, AUTH_TRANSPORT_UDP, &result);
	assert_int_equal(result.size_bytes, big_size(4, false));
	assert_int_equal(result.limit_bytes, 512);
	assert_true(result.truncated);
	assert_true(r->tc);
	assert_true(r->aa);
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		assert_int_equal(count(r, s), 0);
	}
	assert_true(dns_msg_wire_size(r, names) <= 512);
	assert_int_equal(auth_server_stats(server)->truncated, 1);
	dns_msg_free(r);
	r = auth_server_answer(server, names, q, AUTH_TRANSPORT_TCP, &result);
	assert_false(result.truncated);
	assert_false(r->tc);
	assert_int_equal(dns_rrset_count(at(r, DNS_SECTION_ANSWER, 0)), 4);
	assert_int_equal(dns_msg_wire_size(r, names), big_size(4, false));
	dns_msg_free(r);
	dns_msg_free(q);
}

/* RFC 6891 6.2.3 and 6.2.5: with EDNS the limit is the smaller of the requester's size and
 * the server's (default 1232, the DNS Flag Day 2020 value), and never below 512. */
static void rfc6891_edns_size_limits_truncation(void **state)
{
	(void)state;
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_zone) small = big_zone(names, 4); /* 892 octets with the OPT RR */
	g_autoptr(auth_server) server = auth_server_new("ns", DNS_NAME_NONE, 0);
	auth_server_add_zone(server, small);
	assert_int_equal(auth_server_udp_limit(server, 0), 512);
	assert_int_equal(auth_server_udp_limit(server, 4096), 1232);
	assert_int_equal(auth_server_udp_limit(server, 1000), 1000);
	assert_int_equal(auth_server_udp_limit(server, 256), 512);
	struct dns_msg *q = query(names, "big.example.", LDNS_RR_TYPE_TXT, 4096);
	struct auth_server_result result;
	struct dns_msg *r = auth_server_answer(server, names, q, AUTH_TRANSPORT_UDP, &result);
	assert_false(result.truncated);
	assert_false(r->tc);
	assert_int_equal(r->edns_udp_size, 1232); /* the server's size in its OPT */
	assert_int_equal(result.size_bytes, big_size(4, true));
	assert_int_equal(dns_rrset_count(at(r, DNS_SECTION_ANSWER, 0)), 4);
	dns_msg_free(r);
	dns_msg_free(q);

	/* 8 records (1715 octets with OPT): over the server's 1232 even though the requester
	 * offers 4096; a server configured with udp-size=4096 sends it whole */
	g_autoptr(dns_names) names2 = dns_names_new();
	g_autoptr(auth_zone) large = big_zone(names2, 8);
	g_autoptr(auth_server) s1232 = auth_server_new("ns", DNS_NAME_NONE, 0);
	g_autoptr(auth_server) s4096 = auth_server_new("ns", DNS_NAME_NONE, 4096);
	auth_server_add_zone(s1232, large);
	auth_server_add_zone(s4096, large);
	q = query(names2, "big.example.", LDNS_RR_TYPE_TXT, 4096);
	r = auth_server_answer(s1232, names2, q, AUTH_TRANSPORT_UDP, &result);
	assert_int_equal(result.size_bytes, big_size(8, true));
	assert_int_equal(result.limit_bytes, 1232);
	assert_true(r->tc);
	dns_msg_free(r);
	r = auth_server_answer(s4096, names2, q, AUTH_TRANSPORT_UDP, &result);
	assert_false(r->tc);
	assert_int_equal(result.limit_bytes, 4096);
	dns_msg_free(r);
	dns_msg_free(q);
}

/* Hierarchy */

static void assert_no_problems(const auth_hierarchy *h)
{
	const GPtrArray *problems = auth_hierarchy_problems(h);
	for (guint i = 0; i < problems->len; i++) {
		print_error("problem: %s\n", (const char *)g_ptr_array_index(problems, i));
	}
	assert_int_equal(problems->len, 0);
}

/* Ask server (found by address) and return the response; the query is freed here. */
static struct dns_msg *ask_server(const auth_hierarchy *h, dns_names *names, const char *address,
				  const char *qname, uint16_t qtype)
{
	auth_server *server = auth_hierarchy_server_by_address(h, address);
	if (server == NULL) {
		print_error("no server at %s\n", address);
		fail();
	}
	struct dns_msg *q = query(names, qname, qtype, 1232);
	struct dns_msg *r = auth_server_answer(server, names, q, AUTH_TRANSPORT_UDP, NULL);
	dns_msg_free(q);
	return r;
}

/* The text of the first address record of name in a section. */
static char *address_in(const struct dns_msg *r, const dns_names *names, const char *name)
{
	const struct dns_rrset *a = find(r, names, DNS_SECTION_ADDITIONAL, name, LDNS_RR_TYPE_A);
	if (a == NULL) {
		print_error("no glue for %s\n", name);
		fail();
	}
	return rdata_text(a, 0);
}

static const char hierarchy_text[] = "scenario \"hierarchy\"\n"
				     "duration 1m\n"
				     "zone jmpesp.xyz. servers=ns-1,ns-2 ns-ttl=1h\n"
				     "  $TTL 300\n"
				     "  @ 900 IN SOA ns-1.jmpesp.xyz. hostmaster.jmpesp.xyz. 1 "
				     "7200 900 1209600 60\n"
				     "  www 60 IN A 192.0.2.10\n"
				     "end\n"
				     "zone example.com. servers=ns-2,ns-3\n"
				     "  www 300 IN A 192.0.2.20\n"
				     "end\n"
				     "server ns-1 address=192.0.2.53\n";

/*
 * RFC 1034 4.2.2 / 5.3.3 and the registries' values: the root is implied and refers to the
 * TLD with NS TTL 172800 and glue TTL 172800; the TLD refers to the zone with the zone's
 * ns-ttl (1h) and glue for in-child NS targets; the zone answers authoritatively. The root hints
 * are the root zone's NS with their addresses, and lead to root servers.
 */
static void hierarchy_root_tld_zone_delegation_chain(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(hierarchy_text);
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_hierarchy) h = auth_hierarchy_new(sc, names);
	assert_no_problems(h);

	/* zones: the two written plus ".", "com." and "xyz." implied */
	assert_int_equal(auth_hierarchy_zone_count(h), 5);
	const char *implied[] = { ".", "com.", "xyz." };
	for (size_t i = 0; i < G_N_ELEMENTS(implied); i++) {
		const auth_zone *z = auth_hierarchy_find_zone(h, dns_name_find(names, implied[i]));
		assert_non_null(z);
		assert_true(auth_hierarchy_zone_implied(h, z));
	}
	assert_false(auth_hierarchy_zone_implied(
	    h, auth_hierarchy_find_zone(h, dns_name_find(names, "jmpesp.xyz."))));

	/* root hints: 13 root servers, each with an address that leads to a root server, and
	 * exactly the NS RRset the root serves for "." */
	const GArray *hints = auth_hierarchy_root_hints(h);
	assert_int_equal(hints->len, 13);
	const struct auth_root_hint *hint0 = &g_array_index(hints, struct auth_root_hint, 0);
	struct dns_msg *r = ask_server(h, names, hint0->address, ".", LDNS_RR_TYPE_NS);
	assert_true(r->aa);
	const struct dns_rrset *root_ns = find(r, names, DNS_SECTION_ANSWER, ".", LDNS_RR_TYPE_NS);
	assert_non_null(root_ns);
	assert_int_equal(dns_rrset_count(root_ns), 13);
	assert_int_equal(root_ns->ttl, 518400);
	for (guint i = 0; i < hints->len; i++) {
		const struct auth_root_hint *hint = &g_array_index(hints, struct auth_root_hint, i);
		assert_true(has_rdata(root_ns, dns_name_text(names, hint->host)));
		auth_server *server = auth_hierarchy_server_by_address(h, hint->address);
		assert_non_null(server);
		assert_int_equal(auth_server_host(server), hint->host);
		/* the root zone's own glue for the root server agrees with the hint */
		g_autofree char *glue = address_in(r, names, dns_name_text(names, hint->host));
		assert_string_equal(glue, hint->address);
	}
	dns_msg_free(r);

	/* root -> xyz.: referral, NS TTL 172800, four a-d.nic.xyz. with glue TTL 172800 */
	r = ask_server(h, names, hint0->address, "www.jmpesp.xyz.", LDNS_RR_TYPE_A);
	assert_false(r->aa);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_int_equal(count(r, DNS_SECTION_ANSWER), 0);
	const struct dns_rrset *ns = find(r, names, DNS_SECTION_AUTHORITY, "xyz.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(ns->ttl, 172800);
	assert_int_equal(dns_rrset_count(ns), 4);
	assert_true(has_rdata(ns, "a.nic.xyz."));
	assert_int_equal(count(r, DNS_SECTION_ADDITIONAL), 4);
	for (guint i = 0; i < count(r, DNS_SECTION_ADDITIONAL); i++) {
		assert_int_equal(at(r, DNS_SECTION_ADDITIONAL, i)->ttl, 172800);
	}
	g_autofree char *tld_address = address_in(r, names, "a.nic.xyz.");
	dns_msg_free(r);

	/* xyz. -> jmpesp.xyz.: NS TTL 3600 (ns-ttl=1h), glue for both in-child servers: ns-1's
	 * address= and ns-2's first address of 198.18.0.0/15 */
	r = ask_server(h, names, tld_address, "www.jmpesp.xyz.", LDNS_RR_TYPE_A);
	assert_false(r->aa);
	ns = find(r, names, DNS_SECTION_AUTHORITY, "jmpesp.xyz.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(ns->ttl, 3600);
	assert_int_equal(dns_rrset_count(ns), 2);
	assert_true(has_rdata(ns, "ns-1.jmpesp.xyz."));
	assert_true(has_rdata(ns, "ns-2.jmpesp.xyz."));
	g_autofree char *ns1 = address_in(r, names, "ns-1.jmpesp.xyz.");
	g_autofree char *ns2 = address_in(r, names, "ns-2.jmpesp.xyz.");
	assert_string_equal(ns1, "192.0.2.53");
	assert_string_equal(ns2, "198.18.0.1");
	assert_int_equal(
	    find(r, names, DNS_SECTION_ADDITIONAL, "ns-1.jmpesp.xyz.", LDNS_RR_TYPE_A)->ttl, 3600);
	dns_msg_free(r);

	/* jmpesp.xyz. answers authoritatively, from either server */
	const char *servers[] = { ns1, ns2 };
	for (size_t i = 0; i < G_N_ELEMENTS(servers); i++) {
		r = ask_server(h, names, servers[i], "www.jmpesp.xyz.", LDNS_RR_TYPE_A);
		assert_true(r->aa);
		assert_true(has_rdata(at(r, DNS_SECTION_ANSWER, 0), "192.0.2.10"));
		dns_msg_free(r);
	}
	/* its apex NS was made from servers= (Route 53 TTL 172800), with in-zone addresses */
	r = ask_server(h, names, ns1, "jmpesp.xyz.", LDNS_RR_TYPE_NS);
	ns = find(r, names, DNS_SECTION_ANSWER, "jmpesp.xyz.", LDNS_RR_TYPE_NS);
	assert_int_equal(dns_rrset_count(ns), 2);
	assert_int_equal(ns->ttl, 172800);
	assert_non_null(find(r, names, DNS_SECTION_ADDITIONAL, "ns-2.jmpesp.xyz.", LDNS_RR_TYPE_A));
	dns_msg_free(r);

	/* com. -> example.com.: default ns-ttl 172800; ns-2 is out of bailiwick (no glue), ns-3
	 * is inside the child (glue: the next address, 198.18.0.2) */
	auth_server *com = auth_hierarchy_server_by_name(h, "a.nic.com.");
	assert_non_null(com);
	const char *com_address = g_ptr_array_index(auth_server_addresses(com), 0);
	r = ask_server(h, names, com_address, "www.example.com.", LDNS_RR_TYPE_A);
	ns = find(r, names, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(ns->ttl, 172800);
	assert_true(has_rdata(ns, "ns-2.jmpesp.xyz."));
	assert_true(has_rdata(ns, "ns-3.example.com."));
	assert_int_equal(count(r, DNS_SECTION_ADDITIONAL), 1);
	g_autofree char *ns3 = address_in(r, names, "ns-3.example.com.");
	assert_string_equal(ns3, "198.18.0.2");
	dns_msg_free(r);

	/* example.com. wrote no SOA: Route 53's (TTL 900, MINIMUM 86400) serves negative answers
	 * with TTL min(900, 86400) = 900 (RFC 2308 3) */
	r = ask_server(h, names, ns3, "nosuch.example.com.", LDNS_RR_TYPE_A);
	assert_negative(r, names, LDNS_RCODE_NXDOMAIN, "example.com.", 900);
	dns_msg_free(r);
	/* the implied TLD's SOA: TTL 900, MINIMUM 86400 as Verisign's .com */
	r = ask_server(h, names, com_address, "nosuch.com.", LDNS_RR_TYPE_A);
	assert_negative(r, names, LDNS_RCODE_NXDOMAIN, "com.", 900);
	dns_msg_free(r);
	/* the implied root's SOA: TTL 86400 = MINIMUM 86400 */
	r = ask_server(h, names, hint0->address, "nosuch.", LDNS_RR_TYPE_A);
	assert_negative(r, names, LDNS_RCODE_NXDOMAIN, ".", 86400);
	dns_msg_free(r);

	/* servers: ns-1, ns-2, ns-3 (scenario order), 13 root, 4 + 4 TLD; every dnssim address
	 * is in 198.18.0.0/15 */
	assert_int_equal(auth_hierarchy_server_count(h), 3 + 13 + 8);
	assert_string_equal(auth_server_name(auth_hierarchy_server(h, 0)), "ns-1");
	assert_int_equal(auth_hierarchy_server_role(h, 0), AUTH_SERVER_SCENARIO);
	assert_int_equal(auth_hierarchy_server_role(h, 3), AUTH_SERVER_ROOT);
	assert_int_equal(auth_hierarchy_server_role(h, 16), AUTH_SERVER_TLD);
	for (guint i = 1; i < auth_hierarchy_server_count(h); i++) {
		const char *a =
		    g_ptr_array_index(auth_server_addresses(auth_hierarchy_server(h, i)), 0);
		assert_true(g_str_has_prefix(a, "198.18.") || g_str_has_prefix(a, "198.19."));
	}
	/* ns-2 serves both of its zones */
	assert_int_equal(auth_server_zones(auth_hierarchy_server_by_name(h, "ns-2"))->len, 2);
	scenario_free(sc);
}

/* Route 53 behaviour kept: a zone's own apex NS RRset is kept, not duplicated; Route 53 record
 * sets (routing policies) are skipped and counted, and their owner still exists (NODATA, not
 * NXDOMAIN, RFC 2308 2.2). An apex NS naming no simulated server is reported. */
static void hierarchy_keeps_written_ns_and_skips_route53_sets(void **state)
{
	(void)state;
	struct scenario *sc =
	    support_parse("zone shop.example. servers=ns-a\n"
			  "  @ 900 IN SOA ns-a.shop.example. h.shop.example. 1 7200 900 "
			  "1209600 60\n"
			  "  @ 3600 IN NS ns-a.shop.example.\n"
			  "  www 60 IN A 192.0.2.1 set=one weight=10\n"
			  "  www 60 IN A 192.0.2.2 set=two weight=20\n"
			  "end\n"
			  "zone other.example. servers=ns-b\n"
			  "  @ 3600 IN NS ns1.awsdns-01.net.\n"
			  "end\n");
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_hierarchy) h = auth_hierarchy_new(sc, names);
	const auth_zone *shop = auth_hierarchy_find_zone(h, dns_name_find(names, "shop.example."));
	assert_non_null(shop);
	assert_int_equal(auth_zone_route53_count(shop), 2);
	const struct dns_rrset *ns = auth_zone_find(shop, auth_zone_origin(shop), LDNS_RR_TYPE_NS);
	assert_int_equal(dns_rrset_count(ns), 1);
	assert_int_equal(ns->ttl, 3600);
	/* the host's address was added in the zone (authoritative) and as glue in example. */
	uint32_t host = dns_name_find(names, "ns-a.shop.example.");
	assert_non_null(auth_zone_find(shop, host, LDNS_RR_TYPE_A));
	const auth_zone *tld = auth_hierarchy_find_zone(h, dns_name_find(names, "example."));
	assert_non_null(auth_zone_find(tld, host, LDNS_RR_TYPE_A));
	enum auth_answer answer;
	struct dns_msg *r = ask(shop, names, "www.shop.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_NODATA);
	dns_msg_free(r);
	/* one problem: other.example.'s NS is no server's host name */
	const GPtrArray *problems = auth_hierarchy_problems(h);
	assert_int_equal(problems->len, 1);
	assert_non_null(strstr(g_ptr_array_index(problems, 0), "ns1.awsdns-01.net."));
	/* the parent still delegates other.example. to its real server */
	r = ask(tld, names, "other.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_REFERRAL);
	assert_true(has_rdata(at(r, DNS_SECTION_AUTHORITY, 0), "ns-b.other.example."));
	dns_msg_free(r);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rfc1034_exact_match_is_authoritative_answer,
						example_setup, example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_additional_section_for_mx, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc2308_nodata_soa_ttl_is_minimum_when_lower,
						example_setup, example_teardown),
		cmocka_unit_test(rfc2308_nodata_soa_ttl_is_soa_ttl_when_lower),
		cmocka_unit_test_setup_teardown(rfc2308_nxdomain_has_soa, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc8020_empty_non_terminal_is_nodata, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_cname_chain_followed_in_zone, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc6604_cname_to_nxdomain_keeps_cname,
						example_setup, example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_qtype_cname_returns_cname, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_cname_loop_terminates, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_referral_at_cut_with_glue, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_referral_below_cut, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc4035_ds_at_cut_answered_by_parent, example_setup,
						example_teardown),
		cmocka_unit_test(rfc4592_section_2_2_1_examples),
		cmocka_unit_test(rfc4592_wildcard_synthesis_rewrites_owner),
		cmocka_unit_test(rfc4034_zone_print_in_canonical_order),
		cmocka_unit_test(rfc4592_wildcard_blocked_by_ent_and_existing_name),
		cmocka_unit_test(rfc2181_inconsistent_data_is_refused),
		cmocka_unit_test_setup_teardown(
		    rfc2181_rrset_in_sent_answer_is_unchanged_by_zone_edit, example_setup,
		    example_teardown),
		cmocka_unit_test_setup_teardown(rfc1035_refused_outside_served_zones, example_setup,
						example_teardown),
		cmocka_unit_test_setup_teardown(rfc1034_deepest_zone_answers, example_setup,
						example_teardown),
		cmocka_unit_test(rfc1035_truncation_without_edns),
		cmocka_unit_test(rfc6891_edns_size_limits_truncation),
		cmocka_unit_test(hierarchy_root_tld_zone_delegation_chain),
		cmocka_unit_test(hierarchy_keeps_written_ns_and_skips_route53_sets),
	};
	return cmocka_run_group_tests_name("authoritative", tests, NULL, NULL);
}
