/*
 * Names and messages (sim/dns.c): a name found from a record's wire format is the same name as
 * from its text, whatever the case (RFC 4343); a message's wire size is what ldns writes
 * (ldns_pkt2wire(), with its name compression, RFC 1035 4.1.4), checked against ldns itself and
 * against sizes worked out by hand from RFC 1035 4.1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "sim/dns.h"

static ldns_rdf *dname(const char *text)
{
	ldns_rdf *rdf = NULL;
	assert_int_equal(ldns_str2rdf_dname(&rdf, text), LDNS_STATUS_OK);
	return rdf;
}

static void rdf_and_text_give_one_name(void **state)
{
	(void)state;
	dns_names *names = dns_names_new();
	uint32_t by_text = dns_name_intern(names, "www.example.com.");
	ldns_rdf *upper = dname("WWW.Example.COM.");
	ldns_rdf *lower = dname("www.example.com.");
	assert_int_equal(dns_name_intern_rdf(names, upper), by_text);
	assert_int_equal(dns_name_intern_rdf(names, lower), by_text);
	/* a new name from a record: its parents exist and the text is canonical */
	ldns_rdf *fresh = dname("NS1.Example.NET.");
	uint32_t ns1 = dns_name_intern_rdf(names, fresh);
	assert_string_equal(dns_name_text(names, ns1), "ns1.example.net.");
	assert_int_equal(dns_name_intern(names, "ns1.example.net."), ns1);
	assert_int_equal(dns_name_intern_rdf(names, fresh), ns1);
	assert_string_equal(dns_name_text(names, dns_name_parent(names, ns1)), "example.net.");
	ldns_rdf *root = dname(".");
	assert_int_equal(dns_name_intern_rdf(names, root), DNS_NAME_ROOT);
	ldns_rdf_deep_free(upper);
	ldns_rdf_deep_free(lower);
	ldns_rdf_deep_free(fresh);
	ldns_rdf_deep_free(root);
	dns_names_free(names);
}

static struct dns_rrset *rrset(dns_names *names, const char *owner, uint16_t type,
			       const char *const *rrs)
{
	struct dns_rrset *set =
	    dns_rrset_new(dns_name_intern(names, owner), type, LDNS_RR_CLASS_IN, 3600);
	for (; *rrs != NULL; rrs++) {
		ldns_rr *rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, *rrs, 3600, NULL, NULL), LDNS_STATUS_OK);
		dns_rrset_add(set, rr);
	}
	return set;
}

/* What ldns writes for the message. */
static size_t ldns_size(const struct dns_msg *msg, const dns_names *names)
{
	ldns_pkt *pkt = dns_msg_to_ldns(msg, names);
	uint8_t *wire = NULL;
	size_t size = 0;
	assert_int_equal(ldns_pkt2wire(&wire, pkt, &size), LDNS_STATUS_OK);
	free(wire);
	ldns_pkt_free(pkt);
	return size;
}

/* RFC 1035 4.1: header 12; question www.example.com. (3www7example3com0: 17) + 4; an A record
 * whose owner is a pointer to the question (2) + type, class, TTL, RDLENGTH (10) + 4. */
static void wire_size_by_hand(void **state)
{
	(void)state;
	dns_names *names = dns_names_new();
	struct dns_msg *m = dns_msg_new(1, dns_name_intern(names, "www.example.com."),
					LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
	assert_int_equal(dns_msg_wire_size(m, names), 12 + 17 + 4);
	static const char *const a[] = { "www.example.com. 60 IN A 192.0.2.1", NULL };
	struct dns_rrset *set = rrset(names, "www.example.com.", LDNS_RR_TYPE_A, a);
	dns_msg_add(m, DNS_SECTION_ANSWER, set);
	assert_int_equal(dns_msg_wire_size(m, names), 12 + 17 + 4 + 2 + 10 + 4);
	/* EDNS: an OPT record with the root as owner, no options (RFC 6891 6.1.2): 1 + 10 */
	m->edns_udp_size = 1232;
	assert_int_equal(dns_msg_wire_size(m, names), 12 + 17 + 4 + 2 + 10 + 4 + 11);
	/* NS rdata is compressed (RFC 3597 4): ns1.example.com. is 3ns1 + a pointer to
	 * example.com. (6); an upper-case owner still points back to the question (RFC 4343) */
	static const char *const ns[] = { "EXAMPLE.com. 60 IN NS ns1.example.com.", NULL };
	struct dns_rrset *nsset = rrset(names, "example.com.", LDNS_RR_TYPE_NS, ns);
	dns_msg_add(m, DNS_SECTION_AUTHORITY, nsset);
	assert_int_equal(dns_msg_wire_size(m, names), 12 + 17 + 4 + 16 + 11 + (2 + 10 + 6));
	dns_rrset_unref(set);
	dns_rrset_unref(nsset);
	dns_msg_free(m);
	dns_names_free(names);
}

/* Messages of several shapes: the size matches ldns's wire format byte for byte. */
static void wire_size_matches_ldns(void **state)
{
	(void)state;
	dns_names *names = dns_names_new();
	static const char *const a[] = { "www.Example.com. 60 IN A 192.0.2.1",
					 "www.example.com. 60 IN A 192.0.2.2", NULL };
	static const char *const ns[] = { "com. 172800 IN NS a.gtld-servers.net.",
					  "com. 172800 IN NS B.GTLD-servers.net.",
					  "com. 172800 IN NS c.gtld-servers.net.", NULL };
	static const char *const glue[] = { "a.gtld-servers.net. 172800 IN A 192.5.6.30", NULL };
	static const char *const soa[] = { "example.com. 900 IN SOA ns1.example.com. "
					   "hostmaster.example.com. 1 7200 900 1209600 86400",
					   NULL };
	static const char *const mx[] = { "example.com. 300 IN MX 10 mail.example.com.",
					  "example.com. 300 IN MX 20 mail.other.org.", NULL };
	static const char *const cname[] = { "alias.example.com. 300 IN CNAME www.example.com.",
					     NULL };
	static const char *const txt[] = { "example.com. 300 IN TXT \"v=spf1 -all\"", NULL };
	static const char *const srv[] = {
		"_sip._tcp.example.com. 300 IN SRV 10 5 5060 sip.example.com.", NULL
	};
	struct dns_rrset *sets[] = {
		rrset(names, "www.example.com.", LDNS_RR_TYPE_A, a),
		rrset(names, "com.", LDNS_RR_TYPE_NS, ns),
		rrset(names, "a.gtld-servers.net.", LDNS_RR_TYPE_A, glue),
		rrset(names, "example.com.", LDNS_RR_TYPE_SOA, soa),
		rrset(names, "example.com.", LDNS_RR_TYPE_MX, mx),
		rrset(names, "alias.example.com.", LDNS_RR_TYPE_CNAME, cname),
		rrset(names, "example.com.", LDNS_RR_TYPE_TXT, txt),
		rrset(names, "_sip._tcp.example.com.", LDNS_RR_TYPE_SRV, srv),
	};
	const char *qnames[] = { "www.example.com.", "alias.example.com.", "nothing.example.org.",
				 "." };
	for (size_t q = 0; q < G_N_ELEMENTS(qnames); q++) {
		for (unsigned mask = 0; mask < (1u << G_N_ELEMENTS(sets)); mask += 7) {
			struct dns_msg *m = dns_msg_new(7, dns_name_intern(names, qnames[q]),
							LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN);
			m->edns_udp_size = (mask & 2) ? 1232 : 0;
			for (size_t s = 0; s < G_N_ELEMENTS(sets); s++) {
				if (mask & (1u << s)) {
					dns_msg_add(m, (enum dns_section)(s % DNS_SECTION_COUNT),
						    sets[s]);
				}
			}
			assert_int_equal(dns_msg_wire_size(m, names), ldns_size(m, names));
			dns_msg_free(m);
		}
	}
	/* more distinct suffixes than the sizer keeps on its stack */
	struct dns_msg *big = dns_msg_new(1, dns_name_intern(names, "big.example."),
					  LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN);
	for (int i = 0; i < 100; i++) {
		char owner[64];
		char rr_text[128];
		g_snprintf(owner, sizeof(owner), "z%d.big.example.", i);
		g_snprintf(rr_text, sizeof(rr_text), "%s 60 IN NS ns%d.host%d.example.", owner, i,
			   i);
		const char *one[] = { rr_text, NULL };
		struct dns_rrset *set = rrset(names, owner, LDNS_RR_TYPE_NS, one);
		dns_msg_add(big, DNS_SECTION_AUTHORITY, set);
		dns_rrset_unref(set);
	}
	assert_int_equal(dns_msg_wire_size(big, names), ldns_size(big, names));
	dns_msg_free(big);
	for (size_t s = 0; s < G_N_ELEMENTS(sets); s++) {
		dns_rrset_unref(sets[s]);
	}
	dns_names_free(names);
}

/* Address text without allocating: the same text as ldns gives. */
static void check_address(ldns_rdf *rdf)
{
	char buf[DNS_ADDRESS_TEXT_MAX];
	char *want = ldns_rdf2str(rdf);
	assert_string_equal(dns_rdf_address_text(rdf, buf), want);
	free(want);
	ldns_rdf_deep_free(rdf);
}

static void address_text_as_ldns(void **state)
{
	(void)state;
	const char *const a[] = { "192.0.2.1", "0.0.0.0", "255.255.255.255" };
	const char *const aaaa[] = { "2001:db8::1", "::1", "2001:db8:0:0:1:0:0:1", "fe80::" };
	for (size_t i = 0; i < G_N_ELEMENTS(a); i++) {
		ldns_rdf *rdf = NULL;
		assert_int_equal(ldns_str2rdf_a(&rdf, a[i]), LDNS_STATUS_OK);
		check_address(rdf);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(aaaa); i++) {
		ldns_rdf *rdf = NULL;
		assert_int_equal(ldns_str2rdf_aaaa(&rdf, aaaa[i]), LDNS_STATUS_OK);
		check_address(rdf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rdf_and_text_give_one_name),
		cmocka_unit_test(wire_size_by_hand),
		cmocka_unit_test(wire_size_matches_ldns),
		cmocka_unit_test(address_text_as_ldns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
