/*
 * Unit tests for zone changes during a run (authoritative/zone.h "Changes during a run",
 * authoritative/hierarchy.h "Timeline changes", and the world's zone and record actions).
 *
 * Each test names the rule it checks. Expected values come from the RFC clause named (RFC 1034
 * 4.3.2, RFC 2136 3.4.2, RFC 2181 5, RFC 2308 3, RFC 4592) or from the scenario text itself
 * (addresses and TTLs written there), never from the program's output.
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
#include "sim/util.h"
#include "sim/world/dnsnet.h"
#include "sim/world/world.h"
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
	for (size_t i = 0; lines[i] != NULL; i++) {
		GError *error = NULL;
		if (!auth_zone_add_text(zone, names, lines[i], &error)) {
			print_error("zone refused '%s': %s\n", lines[i], error->message);
			g_error_free(error);
			fail();
		}
	}
	return zone;
}

/* A record parsed relative to the zone's origin (caller owns). */
static ldns_rr *rr_of(const auth_zone *zone, const dns_names *names, const char *text)
{
	ldns_rr *rr = auth_zone_rr_from_text(zone, names, text, NULL);
	assert_non_null(rr);
	return rr;
}

/* auth_zone_update_rr() of a record in text. */
static enum auth_edit add(auth_zone *zone, dns_names *names, const char *text, GError **error)
{
	return auth_zone_update_rr(zone, names, rr_of(zone, names, text), error);
}

/* auth_zone_remove_rr() of a record in text. */
static enum auth_edit del(auth_zone *zone, dns_names *names, const char *text, GError **error)
{
	ldns_rr *rr = rr_of(zone, names, text);
	enum auth_edit edit = auth_zone_remove_rr(zone, names, rr, error);
	ldns_rr_free(rr);
	return edit;
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

/* The answer kind for qname/qtype. */
static enum auth_answer kind_of(const auth_zone *zone, dns_names *names, const char *qname,
				uint16_t qtype)
{
	enum auth_answer answer;
	dns_msg_free(ask(zone, names, qname, qtype, &answer));
	return answer;
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

/* Every record of set carries the set's TTL (RFC 2181 5.2). */
static void assert_ttl(const struct dns_rrset *set, uint32_t ttl)
{
	assert_int_equal(set->ttl, ttl);
	for (guint i = 0; i < dns_rrset_count(set); i++) {
		assert_int_equal(wire_ttl(set, i), ttl);
	}
}

/* The TTL of the SOA in a negative answer for qname (RFC 2308 3). */
static uint32_t negative_ttl(const auth_zone *zone, dns_names *names, const char *qname)
{
	struct dns_msg *r = ask(zone, names, qname, LDNS_RR_TYPE_A, NULL);
	assert_int_equal(r->rcode, LDNS_RCODE_NXDOMAIN);
	assert_int_equal(count(r, DNS_SECTION_AUTHORITY), 1);
	const struct dns_rrset *soa = g_ptr_array_index(r->sections[DNS_SECTION_AUTHORITY], 0);
	assert_int_equal(soa->type, LDNS_RR_TYPE_SOA);
	uint32_t ttl = soa->ttl;
	assert_int_equal(wire_ttl(soa, 0), ttl);
	dns_msg_free(r);
	return ttl;
}

static uint32_t id_of(dns_names *names, const char *name)
{
	uint32_t id = dns_name_intern(names, name);
	assert_int_not_equal(id, DNS_NAME_NONE);
	return id;
}

/* SOA TTL 3600 above MINIMUM 600: negative answers carry 600 (RFC 2308 3). */
static const char *const base_zone[] = {
	"example. 3600 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 600",
	"example. 3600 IN NS ns1.example.",
	"ns1.example. 3600 IN A 192.0.2.53",
	"www.example. 300 IN A 192.0.2.1",
	"www.example. 300 IN A 192.0.2.2",
	"host.example. 300 IN A 192.0.2.3",
	"sub.example. 300 IN TXT \"parent\"",
	"deep.sub.example. 300 IN A 192.0.2.4",
	"*.wild.example. 300 IN A 192.0.2.5",
	"cname.example. 300 IN CNAME www.example.",
	NULL,
};

struct fixture {
	dns_names *names;
	auth_zone *zone;
};

static int setup(void **state)
{
	struct fixture *f = g_new0(struct fixture, 1);
	f->names = dns_names_new();
	f->zone = zone_from(f->names, "example.", base_zone);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	auth_zone_free(f->zone);
	dns_names_free(f->names);
	g_free(f);
	return 0;
}

/* Zone changes */

/*
 * RFC 2136 3.4.2.2 (an added record joins the zone) and RFC 1034 4.3.2 step 3a: the next
 * answer for the new name carries it, authoritatively, with its TTL. A record added to an
 * existing RRset joins it (RFC 2181 5), a record already there changes nothing, and a deeper
 * new name brings its empty non-terminal with it (NODATA, RFC 4592 2.2.2).
 */
static void rfc2136_added_record_is_in_next_answer(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(kind_of(f->zone, f->names, "new.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_NXDOMAIN);
	guint before = auth_zone_rrset_count(f->zone);
	assert_int_equal(add(f->zone, f->names, "new 60 IN A 192.0.2.99", NULL), AUTH_EDIT_CHANGED);
	enum auth_answer answer;
	struct dns_msg *r = ask(f->zone, f->names, "new.example.", LDNS_RR_TYPE_A, &answer);
	assert_int_equal(answer, AUTH_ANSWER_DATA);
	assert_true(r->aa);
	const struct dns_rrset *set =
	    find(r, f->names, DNS_SECTION_ANSWER, "new.example.", LDNS_RR_TYPE_A);
	assert_non_null(set);
	assert_int_equal(dns_rrset_count(set), 1);
	assert_true(has_rdata(set, "192.0.2.99"));
	assert_ttl(set, 60);
	dns_msg_free(r);
	assert_int_equal(auth_zone_rrset_count(f->zone), before + 1);

	/* joins www's RRset; the set keeps its TTL (300, below the record's 600) */
	assert_int_equal(add(f->zone, f->names, "www 600 IN A 192.0.2.7", NULL), AUTH_EDIT_CHANGED);
	set = auth_zone_find(f->zone, id_of(f->names, "www.example."), LDNS_RR_TYPE_A);
	assert_int_equal(dns_rrset_count(set), 3);
	assert_true(has_rdata(set, "192.0.2.7"));
	assert_ttl(set, 300);
	/* a record already there: nothing to do (RFC 2181 5: an RRset is a set) */
	assert_int_equal(add(f->zone, f->names, "www 300 IN A 192.0.2.1", NULL),
			 AUTH_EDIT_UNCHANGED);

	/* a.b.new: b.new. is an empty non-terminal, NODATA rather than NXDOMAIN */
	assert_int_equal(add(f->zone, f->names, "a.b.new 60 IN TXT \"x\"", NULL),
			 AUTH_EDIT_CHANGED);
	assert_int_equal(kind_of(f->zone, f->names, "b.new.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_NODATA);
}

/* RFC 1034 3.6.2 / RFC 2181 10.1 through RFC 2136 3.4.2.2: a CNAME replaces the CNAME there, but
 * a CNAME beside other data, or data beside a CNAME, is refused and the zone is unchanged. */
static void rfc2136_cname_replaces_cname_and_conflicts_are_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(add(f->zone, f->names, "cname 300 IN CNAME host", NULL),
			 AUTH_EDIT_CHANGED);
	const struct dns_rrset *cname =
	    auth_zone_find(f->zone, id_of(f->names, "cname.example."), LDNS_RR_TYPE_CNAME);
	assert_int_equal(dns_rrset_count(cname), 1);
	assert_true(has_rdata(cname, "host.example."));

	guint before = auth_zone_rrset_count(f->zone);
	GError *error = NULL;
	assert_int_equal(add(f->zone, f->names, "www 300 IN CNAME host", &error),
			 AUTH_EDIT_REFUSED);
	assert_int_equal(error->code, AUTH_ZONE_ERROR_CNAME);
	g_clear_error(&error);
	assert_int_equal(add(f->zone, f->names, "cname 300 IN TXT \"no\"", &error),
			 AUTH_EDIT_REFUSED);
	assert_int_equal(error->code, AUTH_ZONE_ERROR_CNAME);
	g_clear_error(&error);
	assert_int_equal(auth_zone_rrset_count(f->zone), before);
	assert_int_equal(kind_of(f->zone, f->names, "www.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_DATA);
}

/*
 * RFC 1034 4.3.2 step 3c: once the last RRset of a name is removed (RFC 2136 3.4.2.4, exact
 * rdata, TTL ignored) the name no longer exists: NXDOMAIN. A name with names below it stays as
 * an empty non-terminal: NODATA (RFC 4592 2.2.2, RFC 8020). When the last name below goes too,
 * the empty non-terminal goes with it.
 */
static void rfc1034_removed_last_record_is_nxdomain_ent_is_nodata(void **state)
{
	struct fixture *f = *state;
	guint before = auth_zone_rrset_count(f->zone);
	/* no such record (other rdata): nothing removed */
	assert_int_equal(del(f->zone, f->names, "host 300 IN A 192.0.2.200", NULL),
			 AUTH_EDIT_UNCHANGED);
	/* the TTL does not take part in the match */
	assert_int_equal(del(f->zone, f->names, "host 1 IN A 192.0.2.3", NULL), AUTH_EDIT_CHANGED);
	assert_false(auth_zone_name_exists(f->zone, id_of(f->names, "host.example.")));
	assert_int_equal(kind_of(f->zone, f->names, "host.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_NXDOMAIN);
	assert_int_equal(kind_of(f->zone, f->names, "host.example.", LDNS_RR_TYPE_TXT),
			 AUTH_ANSWER_NXDOMAIN);
	assert_int_equal(auth_zone_rrset_count(f->zone), before - 1);

	/* one record of two: the other stays */
	assert_int_equal(del(f->zone, f->names, "www 300 IN A 192.0.2.1", NULL), AUTH_EDIT_CHANGED);
	const struct dns_rrset *www =
	    auth_zone_find(f->zone, id_of(f->names, "www.example."), LDNS_RR_TYPE_A);
	assert_int_equal(dns_rrset_count(www), 1);
	assert_true(has_rdata(www, "192.0.2.2"));
	assert_ttl(www, 300);

	/* sub has deep.sub below it: an empty non-terminal once its TXT goes */
	assert_int_equal(del(f->zone, f->names, "sub 300 IN TXT \"parent\"", NULL),
			 AUTH_EDIT_CHANGED);
	assert_true(auth_zone_name_exists(f->zone, id_of(f->names, "sub.example.")));
	assert_int_equal(kind_of(f->zone, f->names, "sub.example.", LDNS_RR_TYPE_TXT),
			 AUTH_ANSWER_NODATA);
	/* the last name below goes: sub. goes too */
	assert_int_equal(auth_zone_remove_rrset(f->zone, f->names,
						id_of(f->names, "deep.sub.example."),
						LDNS_RR_TYPE_A, NULL),
			 AUTH_EDIT_CHANGED);
	assert_int_equal(kind_of(f->zone, f->names, "deep.sub.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_NXDOMAIN);
	assert_false(auth_zone_name_exists(f->zone, id_of(f->names, "sub.example.")));
	assert_int_equal(kind_of(f->zone, f->names, "sub.example.", LDNS_RR_TYPE_TXT),
			 AUTH_ANSWER_NXDOMAIN);
	assert_int_equal(auth_zone_rrset_count(f->zone), before - 3);
}

/* RFC 4592 3.3.1: a removed wildcard no longer synthesises answers; the names it covered are
 * NXDOMAIN, and its empty parent goes with it. */
static void rfc4592_removed_wildcard_stops_synthesis(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(kind_of(f->zone, f->names, "any.wild.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_DATA);
	assert_int_equal(del(f->zone, f->names, "*.wild 300 IN A 192.0.2.5", NULL),
			 AUTH_EDIT_CHANGED);
	assert_int_equal(kind_of(f->zone, f->names, "any.wild.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_NXDOMAIN);
	assert_int_equal(kind_of(f->zone, f->names, "wild.example.", LDNS_RR_TYPE_A),
			 AUTH_ANSWER_NXDOMAIN);
	/* and a wildcard added back synthesises again */
	assert_int_equal(add(f->zone, f->names, "*.wild 60 IN A 192.0.2.6", NULL),
			 AUTH_EDIT_CHANGED);
	struct dns_msg *r = ask(f->zone, f->names, "other.wild.example.", LDNS_RR_TYPE_A, NULL);
	const struct dns_rrset *set =
	    find(r, f->names, DNS_SECTION_ANSWER, "other.wild.example.", LDNS_RR_TYPE_A);
	assert_non_null(set);
	assert_true(has_rdata(set, "192.0.2.6"));
	dns_msg_free(r);
}

/* RFC 2136 3.4.2.3/3.4.2.4: the apex SOA is never removed, nor the apex NS RRset's last
 * record; such changes are refused and the zone still answers. */
static void rfc2136_apex_soa_and_last_ns_are_kept(void **state)
{
	struct fixture *f = *state;
	uint32_t apex = auth_zone_origin(f->zone);
	GError *error = NULL;
	assert_int_equal(
	    del(f->zone, f->names,
		"@ 3600 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 600", &error),
	    AUTH_EDIT_REFUSED);
	assert_int_equal(error->code, AUTH_ZONE_ERROR_APEX);
	g_clear_error(&error);
	assert_int_equal(del(f->zone, f->names, "@ 3600 IN NS ns1.example.", &error),
			 AUTH_EDIT_REFUSED);
	assert_int_equal(error->code, AUTH_ZONE_ERROR_APEX);
	g_clear_error(&error);
	assert_int_equal(auth_zone_remove_rrset(f->zone, f->names, apex, LDNS_RR_TYPE_NS, &error),
			 AUTH_EDIT_REFUSED);
	g_clear_error(&error);
	assert_int_equal(auth_zone_remove_rrset(f->zone, f->names, apex, LDNS_RR_TYPE_SOA, &error),
			 AUTH_EDIT_REFUSED);
	g_clear_error(&error);
	assert_true(auth_zone_check(f->zone, f->names, NULL));
	/* with a second NS, one of them may go */
	assert_int_equal(add(f->zone, f->names, "@ 3600 IN NS ns2.example.", NULL),
			 AUTH_EDIT_CHANGED);
	assert_int_equal(del(f->zone, f->names, "@ 3600 IN NS ns1.example.", NULL),
			 AUTH_EDIT_CHANGED);
	const struct dns_rrset *ns = auth_zone_find(f->zone, apex, LDNS_RR_TYPE_NS);
	assert_int_equal(dns_rrset_count(ns), 1);
	assert_true(has_rdata(ns, "ns2.example."));
}

/* RFC 2181 5.2: an RRset has one TTL; a changed TTL is in the next answer, on every record,
 * and the data is unchanged. */
static void rfc2181_ttl_change_is_in_next_answer(void **state)
{
	struct fixture *f = *state;
	uint32_t www = id_of(f->names, "www.example.");
	assert_int_equal(auth_zone_set_ttl(f->zone, f->names, www, LDNS_RR_TYPE_A, 30, NULL),
			 AUTH_EDIT_CHANGED);
	struct dns_msg *r = ask(f->zone, f->names, "www.example.", LDNS_RR_TYPE_A, NULL);
	const struct dns_rrset *set =
	    find(r, f->names, DNS_SECTION_ANSWER, "www.example.", LDNS_RR_TYPE_A);
	assert_non_null(set);
	assert_ttl(set, 30);
	assert_int_equal(dns_rrset_count(set), 2);
	assert_true(has_rdata(set, "192.0.2.1"));
	assert_true(has_rdata(set, "192.0.2.2"));
	dns_msg_free(r);
	/* the same TTL again, or an absent RRset: nothing to do */
	assert_int_equal(auth_zone_set_ttl(f->zone, f->names, www, LDNS_RR_TYPE_A, 30, NULL),
			 AUTH_EDIT_UNCHANGED);
	assert_int_equal(auth_zone_set_ttl(f->zone, f->names, www, LDNS_RR_TYPE_AAAA, 30, NULL),
			 AUTH_EDIT_UNCHANGED);
	/* a TTL change of one RRset leaves the SOA alone: negative answers still carry 600 */
	assert_int_equal(negative_ttl(f->zone, f->names, "nothing.example."), 600);
}

/*
 * Copy on write (RFC 2181 5: an RRset travels as one unit): an RRset a response already holds
 * (a message in flight, a cache entry) keeps its TTL and data when the zone changes its TTL,
 * replaces its data or removes it; only later answers see the change.
 */
static void rfc2181_rrset_held_by_response_keeps_old_ttl_and_data(void **state)
{
	struct fixture *f = *state;
	uint32_t www = id_of(f->names, "www.example.");
	struct dns_msg *held = ask(f->zone, f->names, "www.example.", LDNS_RR_TYPE_A, NULL);
	const struct dns_rrset *old =
	    find(held, f->names, DNS_SECTION_ANSWER, "www.example.", LDNS_RR_TYPE_A);
	assert_non_null(old);

	assert_int_equal(auth_zone_set_ttl(f->zone, f->names, www, LDNS_RR_TYPE_A, 30, NULL),
			 AUTH_EDIT_CHANGED);
	static const char *const rdata[] = { "198.51.100.1", NULL };
	struct dns_rrset *data =
	    auth_zone_rrset_from_text(f->zone, f->names, www, LDNS_RR_TYPE_A, 30, rdata, NULL);
	assert_non_null(data);
	assert_int_equal(auth_zone_replace_rrset(f->zone, f->names, data, NULL), AUTH_EDIT_CHANGED);
	dns_rrset_unref(data);
	struct dns_msg *now = ask(f->zone, f->names, "www.example.", LDNS_RR_TYPE_A, NULL);
	const struct dns_rrset *cur =
	    find(now, f->names, DNS_SECTION_ANSWER, "www.example.", LDNS_RR_TYPE_A);
	assert_non_null(cur);
	assert_ptr_not_equal(cur, old);
	assert_ttl(cur, 30);
	assert_int_equal(dns_rrset_count(cur), 1);
	assert_true(has_rdata(cur, "198.51.100.1"));

	/* removed from the zone: the holder still has it all */
	assert_int_equal(auth_zone_remove_rrset(f->zone, f->names, www, LDNS_RR_TYPE_A, NULL),
			 AUTH_EDIT_CHANGED);
	assert_ttl(old, 300);
	assert_int_equal(dns_rrset_count(old), 2);
	assert_true(has_rdata(old, "192.0.2.1"));
	assert_true(has_rdata(old, "192.0.2.2"));
	assert_int_equal(old->refs, 1); /* only the held response: the zone let go of it */
	assert_ttl(cur, 30);
	dns_msg_free(held);
	dns_msg_free(now);
}

/*
 * RFC 2308 3: a negative answer carries the SOA with TTL min(SOA TTL, SOA MINIMUM). An added SOA
 * replaces the apex SOA (one SOA per zone), and the next negative answers follow it: MINIMUM 60
 * gives 60; then the SOA's own TTL at 30 gives 30.
 */
static void rfc2308_soa_replace_changes_negative_ttl(void **state)
{
	struct fixture *f = *state;
	uint32_t apex = auth_zone_origin(f->zone);
	assert_int_equal(negative_ttl(f->zone, f->names, "nothing.example."), 600);
	assert_int_equal(add(f->zone, f->names,
			     "@ 3600 IN SOA ns1.example. hostmaster.example. 2 7200 900 1209600 60",
			     NULL),
			 AUTH_EDIT_CHANGED);
	const struct dns_rrset *soa = auth_zone_soa(f->zone);
	assert_int_equal(dns_rrset_count(soa), 1);
	assert_ptr_equal(soa, auth_zone_find(f->zone, apex, LDNS_RR_TYPE_SOA));
	assert_true(has_rdata(soa, "ns1.example. hostmaster.example. 2 7200 900 1209600 60"));
	assert_int_equal(negative_ttl(f->zone, f->names, "nothing.example."), 60);
	/* NODATA carries the same SOA (RFC 2308 2.2) */
	struct dns_msg *r = ask(f->zone, f->names, "www.example.", LDNS_RR_TYPE_TXT, NULL);
	assert_int_equal(count(r, DNS_SECTION_AUTHORITY), 1);
	assert_int_equal(
	    ((const struct dns_rrset *)g_ptr_array_index(r->sections[DNS_SECTION_AUTHORITY], 0))
		->ttl,
	    60);
	dns_msg_free(r);
	assert_int_equal(auth_zone_set_ttl(f->zone, f->names, apex, LDNS_RR_TYPE_SOA, 30, NULL),
			 AUTH_EDIT_CHANGED);
	assert_int_equal(negative_ttl(f->zone, f->names, "nothing.example."), 30);
	/* an SOA elsewhere is refused */
	GError *error = NULL;
	assert_int_equal(add(f->zone, f->names,
			     "www 60 IN SOA ns1.example. hostmaster.example. 3 7200 900 1209600 60",
			     &error),
			 AUTH_EDIT_REFUSED);
	assert_int_equal(error->code, AUTH_ZONE_ERROR_SOA);
	g_error_free(error);
}

/* Hierarchy: re-delegation, Route 53 record sets, ranged changes */

static void assert_no_problems(const auth_hierarchy *h)
{
	const GPtrArray *problems = auth_hierarchy_problems(h);
	for (guint i = 0; i < problems->len; i++) {
		print_error("problem: %s\n", (const char *)g_ptr_array_index(problems, i));
	}
	assert_int_equal(problems->len, 0);
}

/* Ask the server at address (UDP, EDNS 1232); the response is the caller's. */
static struct dns_msg *ask_server(const auth_hierarchy *h, dns_names *names, const char *address,
				  const char *qname, uint16_t qtype)
{
	auth_server *server = auth_hierarchy_server_by_address(h, address);
	if (server == NULL) {
		print_error("no server at %s\n", address);
		fail();
	}
	struct dns_msg *q = dns_msg_new(1, id_of(names, qname), qtype, LDNS_RR_CLASS_IN);
	q->edns_udp_size = 1232;
	struct dns_msg *r = auth_server_answer(server, names, q, AUTH_TRANSPORT_UDP, NULL);
	dns_msg_free(q);
	return r;
}

/* The first address of a server, by name. */
static const char *address_of(const auth_hierarchy *h, const char *server)
{
	auth_server *s = auth_hierarchy_server_by_name(h, server);
	assert_non_null(s);
	return g_ptr_array_index(auth_server_addresses(s), 0);
}

static const char redelegation_text[] = "duration 1h\n"
					"zone example.com. servers=ns-1,ns-2 ns-ttl=1h\n"
					"  www 300 IN A 192.0.2.10\n"
					"end\n"
					"server ns-1 address=192.0.2.1\n"
					"server ns-2 address=192.0.2.2\n"
					"server ns-5 address=192.0.2.5\n"
					"server ns-6 address=192.0.2.6\n";

/*
 * A registrar change (RFC 1034 4.2.2: the parent's NS and glue say where a zone is served):
 * after `delegate servers=ns-5,ns-6` the TLD refers to ns-5/ns-6 with the zone's ns-ttl (1h)
 * and glue with the servers' own addresses; the new servers answer authoritatively, with an
 * apex NS naming them, and see later changes; the old servers still answer, authoritatively,
 * with the data of before (what a resolver holding the old NS until its TTL runs out gets).
 */
static void hierarchy_redelegation_moves_zone_old_servers_keep_old_data(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(redelegation_text);
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_hierarchy) h = auth_hierarchy_new(sc, names);
	assert_no_problems(h);
	uint32_t origin = id_of(names, "example.com.");
	const char *tld = address_of(h, "a.nic.com.");

	/* before: the TLD refers to ns-1, ns-2 */
	struct dns_msg *r = ask_server(h, names, tld, "www.example.com.", LDNS_RR_TYPE_A);
	const struct dns_rrset *ns =
	    find(r, names, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_true(has_rdata(ns, "ns-1.example.com."));
	dns_msg_free(r);

	static const char *const next[] = { "ns-5", "ns-6", NULL };
	assert_int_equal(auth_hierarchy_delegate(h, origin, next, NULL), AUTH_EDIT_CHANGED);
	assert_no_problems(h);

	/* the referral names the new servers, TTL 3600 (ns-ttl=1h), glue at their addresses */
	r = ask_server(h, names, tld, "www.example.com.", LDNS_RR_TYPE_A);
	assert_false(r->aa);
	ns = find(r, names, DNS_SECTION_AUTHORITY, "example.com.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(dns_rrset_count(ns), 2);
	assert_true(has_rdata(ns, "ns-5.example.com."));
	assert_true(has_rdata(ns, "ns-6.example.com."));
	assert_ttl(ns, 3600);
	const char *glue_names[] = { "ns-5.example.com.", "ns-6.example.com." };
	const char *glue_addresses[] = { "192.0.2.5", "192.0.2.6" };
	for (size_t i = 0; i < G_N_ELEMENTS(glue_names); i++) {
		const struct dns_rrset *glue =
		    find(r, names, DNS_SECTION_ADDITIONAL, glue_names[i], LDNS_RR_TYPE_A);
		assert_non_null(glue);
		assert_true(has_rdata(glue, glue_addresses[i]));
		assert_ttl(glue, 3600);
	}
	assert_null(find(r, names, DNS_SECTION_ADDITIONAL, "ns-1.example.com.", LDNS_RR_TYPE_A));
	dns_msg_free(r);

	/* the new servers answer authoritatively; the zone's own NS names them */
	for (size_t i = 0; i < G_N_ELEMENTS(glue_addresses); i++) {
		r = ask_server(h, names, glue_addresses[i], "www.example.com.", LDNS_RR_TYPE_A);
		assert_true(r->aa);
		assert_true(has_rdata(
		    find(r, names, DNS_SECTION_ANSWER, "www.example.com.", LDNS_RR_TYPE_A),
		    "192.0.2.10"));
		dns_msg_free(r);
	}
	r = ask_server(h, names, "192.0.2.5", "example.com.", LDNS_RR_TYPE_NS);
	ns = find(r, names, DNS_SECTION_ANSWER, "example.com.", LDNS_RR_TYPE_NS);
	assert_non_null(ns);
	assert_int_equal(dns_rrset_count(ns), 2);
	assert_true(has_rdata(ns, "ns-5.example.com."));
	assert_true(has_rdata(ns, "ns-6.example.com."));
	dns_msg_free(r);

	/* a change after the move reaches the new servers only */
	auth_zone *zone = auth_hierarchy_zone_for_origin(h, origin);
	assert_non_null(zone);
	assert_int_equal(add(zone, names, "new 60 IN A 192.0.2.99", NULL), AUTH_EDIT_CHANGED);
	r = ask_server(h, names, "192.0.2.6", "new.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_non_null(find(r, names, DNS_SECTION_ANSWER, "new.example.com.", LDNS_RR_TYPE_A));
	dns_msg_free(r);

	/* the old servers: still authoritative, the old NS, the old data */
	const char *old[] = { "192.0.2.1", "192.0.2.2" };
	for (size_t i = 0; i < G_N_ELEMENTS(old); i++) {
		r = ask_server(h, names, old[i], "new.example.com.", LDNS_RR_TYPE_A);
		assert_true(r->aa);
		assert_int_equal(r->rcode, LDNS_RCODE_NXDOMAIN);
		dns_msg_free(r);
		r = ask_server(h, names, old[i], "example.com.", LDNS_RR_TYPE_NS);
		ns = find(r, names, DNS_SECTION_ANSWER, "example.com.", LDNS_RR_TYPE_NS);
		assert_non_null(ns);
		assert_true(has_rdata(ns, "ns-1.example.com."));
		assert_true(has_rdata(ns, "ns-2.example.com."));
		assert_false(has_rdata(ns, "ns-5.example.com."));
		dns_msg_free(r);
	}

	/* the same servers again: nothing to do; a name that is no server: refused */
	static const char *const same[] = { "ns-6", "ns-5", NULL };
	assert_int_equal(auth_hierarchy_delegate(h, origin, same, NULL), AUTH_EDIT_UNCHANGED);
	static const char *const unknown[] = { "ns-9", NULL };
	GError *error = NULL;
	assert_int_equal(auth_hierarchy_delegate(h, origin, unknown, &error), AUTH_EDIT_REFUSED);
	assert_int_equal(error->domain, AUTH_HIERARCHY_ERROR);
	assert_int_equal(error->code, AUTH_HIERARCHY_ERROR_SERVER);
	g_clear_error(&error);
	assert_int_equal(auth_hierarchy_delegate(h, DNS_NAME_ROOT, next, &error),
			 AUTH_EDIT_REFUSED);
	g_clear_error(&error);

	/* moving back: ns-1 serves the zone itself again, and sees the change made meanwhile */
	static const char *const back[] = { "ns-1", NULL };
	assert_int_equal(auth_hierarchy_delegate(h, origin, back, NULL), AUTH_EDIT_CHANGED);
	r = ask_server(h, names, "192.0.2.1", "new.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(r->rcode, LDNS_RCODE_NOERROR);
	assert_true(r->aa);
	dns_msg_free(r);
	assert_int_equal(auth_server_zones(auth_hierarchy_server_by_name(h, "ns-1"))->len, 1);
	scenario_free(sc);
}

/* Route 53 record sets (a routing policy or an alias) are not answered by the zone; the zone
 * says which owner and type they are, so that changes to them can be reported as not modelled. */
static void route53_record_sets_are_known_to_the_zone(void **state)
{
	(void)state;
	struct scenario *sc = support_parse("zone shop.example. servers=ns-a\n"
					    "  www 60 IN A 192.0.2.1 set=one weight=10\n"
					    "  www 60 IN A 192.0.2.2 set=two weight=20\n"
					    "  www 60 IN TXT \"plain\"\n"
					    "end\n");
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_hierarchy) h = auth_hierarchy_new(sc, names);
	uint32_t www = id_of(names, "www.shop.example.");
	auth_zone *zone = auth_hierarchy_zone_for_rrset(h, www, LDNS_RR_TYPE_A);
	assert_non_null(zone);
	assert_true(auth_zone_is_route53(zone, www, LDNS_RR_TYPE_A));
	assert_false(auth_zone_is_route53(zone, www, LDNS_RR_TYPE_TXT));
	assert_ptr_equal(auth_hierarchy_zone_for_rrset(h, www, LDNS_RR_TYPE_TXT), zone);
	assert_null(auth_hierarchy_zone_for_rrset(h, www, LDNS_RR_TYPE_AAAA));
	/* removing the plain TXT leaves the name in place: the Route 53 set still owns it */
	assert_int_equal(auth_zone_remove_rrset(zone, names, www, LDNS_RR_TYPE_TXT, NULL),
			 AUTH_EDIT_CHANGED);
	assert_int_equal(kind_of(zone, names, "www.shop.example.", LDNS_RR_TYPE_TXT),
			 AUTH_ANSWER_NODATA);
	scenario_free(sc);
}

/*
 * A ranged change (at START..END) is undone at END: the TTL and/or data it replaced come back
 * (docs/scenario-language.md: "the previous state is restored"). A TTL-only change restores the
 * TTL over data changed since; a data change restores the data.
 */
static void timeline_ranged_rrset_change_is_undone(void **state)
{
	(void)state;
	struct scenario *sc = support_parse("zone example.com. servers=ns-1\n"
					    "  www 300 IN A 192.0.2.10\n"
					    "end\n");
	g_autoptr(dns_names) names = dns_names_new();
	g_autoptr(auth_hierarchy) h = auth_hierarchy_new(sc, names);
	uint32_t www = id_of(names, "www.example.com.");
	auth_zone *zone = auth_hierarchy_zone_for_rrset(h, www, LDNS_RR_TYPE_A);
	assert_non_null(zone);

	struct auth_rrset_change ttl30 = { .ttl_set = true, .ttl = 30 };
	assert_int_equal(auth_hierarchy_change_rrset(h, zone, www, LDNS_RR_TYPE_A, &ttl30, 7, NULL),
			 AUTH_EDIT_CHANGED);
	assert_ttl(auth_zone_find(zone, www, LDNS_RR_TYPE_A), 30);
	/* meanwhile, new data with no end */
	static const char *const rdata[] = { "192.0.2.20", "192.0.2.21", NULL };
	struct auth_rrset_change value = { .rdata = rdata };
	assert_int_equal(
	    auth_hierarchy_change_rrset(h, zone, www, LDNS_RR_TYPE_A, &value, AUTH_UNDO_NONE, NULL),
	    AUTH_EDIT_CHANGED);
	/* END of the TTL change: TTL 300 again, the new data stays */
	assert_int_equal(auth_hierarchy_undo_rrset(h, 7, NULL), AUTH_EDIT_CHANGED);
	const struct dns_rrset *set = auth_zone_find(zone, www, LDNS_RR_TYPE_A);
	assert_ttl(set, 300);
	assert_int_equal(dns_rrset_count(set), 2);
	assert_true(has_rdata(set, "192.0.2.20"));
	/* a key undone once is forgotten */
	assert_int_equal(auth_hierarchy_undo_rrset(h, 7, NULL), AUTH_EDIT_UNCHANGED);

	/* a ranged data change: the old data comes back at END */
	static const char *const other[] = { "198.51.100.7", NULL };
	struct auth_rrset_change data = { .rdata = other };
	assert_int_equal(auth_hierarchy_change_rrset(h, zone, www, LDNS_RR_TYPE_A, &data, 8, NULL),
			 AUTH_EDIT_CHANGED);
	set = auth_zone_find(zone, www, LDNS_RR_TYPE_A);
	assert_int_equal(dns_rrset_count(set), 1);
	assert_ttl(set, 300); /* no ttl= given: the TTL stays */
	assert_int_equal(auth_hierarchy_undo_rrset(h, 8, NULL), AUTH_EDIT_CHANGED);
	set = auth_zone_find(zone, www, LDNS_RR_TYPE_A);
	assert_int_equal(dns_rrset_count(set), 2);
	assert_true(has_rdata(set, "192.0.2.20"));
	assert_true(has_rdata(set, "192.0.2.21"));

	/* bad data is refused and the RRset is unchanged */
	static const char *const bad[] = { "not-an-address", NULL };
	struct auth_rrset_change wrong = { .rdata = bad };
	GError *error = NULL;
	assert_int_equal(
	    auth_hierarchy_change_rrset(h, zone, www, LDNS_RR_TYPE_A, &wrong, 9, &error),
	    AUTH_EDIT_REFUSED);
	assert_int_equal(error->code, AUTH_ZONE_ERROR_SYNTAX);
	g_error_free(error);
	assert_ptr_equal(auth_zone_find(zone, www, LDNS_RR_TYPE_A), set);
	assert_int_equal(auth_hierarchy_undo_rrset(h, 9, NULL), AUTH_EDIT_UNCHANGED);
	scenario_free(sc);
}

/* The world: timeline actions reach the zones, and a resolver sees them */

struct answers {
	int count;
	uint8_t rcode;
	struct dns_rrset *a; /* the A RRset of the last answer (a reference), or NULL */
};

static void on_answer(void *ctx, guint index, uint64_t token, const struct dns_msg *msg,
		      int64_t now_ns)
{
	struct answers *got = ctx;
	got->count++;
	got->rcode = msg->rcode;
	dns_rrset_unref(got->a);
	got->a = NULL;
	GPtrArray *answer = msg->sections[DNS_SECTION_ANSWER];
	for (guint i = 0; i < answer->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(answer, i);
		if (set->owner == msg->qname && set->type == LDNS_RR_TYPE_A) {
			got->a = dns_rrset_ref(set);
		}
	}
}

/* Run the world to at_ns, send a client query to the resolver, run until it answers. */
static void world_ask(world *w, struct answers *got, guint resolver_index, int64_t at_ns,
		      const char *qname)
{
	world_run_until(w, at_ns);
	int before = got->count;
	dnsnet_query(world_dnsnet(w), resolver_index, id_of(world_names(w), qname), LDNS_RR_TYPE_A,
		     1, NULL);
	while (got->count == before && sim_engine_step(world_engine(w))) {
	}
	assert_int_equal(got->count, before + 1);
}

/* The effect logged for the action at index i of the events. */
static const char *effect_at(const world *w, guint i)
{
	const GArray *events = world_events(w);
	assert_true(i < events->len);
	return g_array_index(events, struct world_event, i).effect;
}

/*
 * End to end: `at 5m zone example.com. add "new 60 IN A 192.0.2.99"`. A resolver asking at 4m
 * gets NXDOMAIN, cached for min(SOA TTL 60, MINIMUM 60) = 60 s (RFC 2308 3, 5); asking at 6m,
 * after the change and after that entry expired, it gets the new record. A ranged TTL change is
 * logged and undone; a change to a Route 53 record set is logged as not modelled.
 */
static void world_timeline_zone_add_reaches_resolver(void **state)
{
	(void)state;
	struct scenario *sc = support_parse(
	    "duration 20m\n"
	    "resolver isp profile=unbound\n"
	    "zone example.com. servers=ns-1\n"
	    "  @ 60 IN SOA ns-1.example.com. hostmaster.example.com. 1 7200 900 1209600 60\n"
	    "  www 300 IN A 192.0.2.10\n"
	    "  api 60 IN A 192.0.2.1 set=one weight=10\n"
	    "  api 60 IN A 192.0.2.2 set=two weight=20\n"
	    "end\n"
	    "at 5m zone example.com. add \"new 60 IN A 192.0.2.99\"\n"
	    "at 5m..10m record www.example.com. A ttl=30s\n"
	    "at 5m record api.example.com. A set=one ttl=10s\n"
	    "at 7m zone example.com. remove \"new 60 IN A 192.0.2.99\"\n");
	world *w = world_new(sc);
	guint isp = 0;
	assert_non_null(world_resolver(w, "isp", &isp));
	struct answers got = { 0 };
	dnsnet_set_answer_handler(world_dnsnet(w), on_answer, &got);

	world_ask(w, &got, isp, 4 * SIM_NS_PER_MIN, "new.example.com.");
	assert_int_equal(got.rcode, LDNS_RCODE_NXDOMAIN);
	world_ask(w, &got, isp, 6 * SIM_NS_PER_MIN, "new.example.com.");
	assert_int_equal(got.rcode, LDNS_RCODE_NOERROR);
	assert_non_null(got.a);
	assert_true(has_rdata(got.a, "192.0.2.99"));
	assert_true(got.a->ttl <= 60);

	world_run_until(w, 20 * SIM_NS_PER_MIN);
	/* events in time order: 5m add, TTL change, the Route 53 set's TTL (60 s to 10 s); 7m
	 * remove; 10m end of the range */
	assert_int_equal(world_events(w)->len, 5);
	assert_string_equal(effect_at(w, 0), "record added");
	assert_string_equal(effect_at(w, 1), "RRset TTL changed to 30s");
	assert_string_equal(effect_at(w, 2), "Route 53 record set: TTL 60 -> 10");
	assert_string_equal(effect_at(w, 3), "record removed");
	assert_string_equal(effect_at(w, 4), "RRset restored (TTL 300s)");
	uint32_t www = id_of(world_names(w), "www.example.com.");
	const auth_zone *zone =
	    auth_hierarchy_find_zone(world_hierarchy(w), id_of(world_names(w), "example.com."));
	assert_ttl(auth_zone_find(zone, www, LDNS_RR_TYPE_A), 300);
	dns_rrset_unref(got.a);
	world_free(w);
	scenario_free(sc);
}

/* End to end: `delegate servers=` is logged with the new servers, and a resolver with nothing
 * cached reaches the new servers (their query counters move, the old ones' do not). */
static void world_timeline_delegate_reaches_new_servers(void **state)
{
	(void)state;
	struct scenario *sc = support_parse("duration 1h\n"
					    "resolver isp profile=unbound\n"
					    "zone example.com. servers=ns-1\n"
					    "  www 300 IN A 192.0.2.10\n"
					    "end\n"
					    "server ns-1 address=192.0.2.1\n"
					    "server ns-5 address=192.0.2.5\n"
					    "server ns-6 address=192.0.2.6\n"
					    "at 5m zone example.com. delegate servers=ns-5,ns-6\n");
	world *w = world_new(sc);
	guint isp = 0;
	assert_non_null(world_resolver(w, "isp", &isp));
	struct answers got = { 0 };
	dnsnet_set_answer_handler(world_dnsnet(w), on_answer, &got);
	world_ask(w, &got, isp, 6 * SIM_NS_PER_MIN, "www.example.com.");
	assert_int_equal(got.rcode, LDNS_RCODE_NOERROR);
	assert_non_null(got.a);
	assert_string_equal(effect_at(w, 0), "zone re-delegated to ns-5,ns-6");
	/* the hierarchy lists scenario servers first, in statement order: ns-1, ns-5, ns-6 */
	const GArray *queries = dnsnet_server_queries(world_dnsnet(w));
	assert_int_equal(g_array_index(queries, uint64_t, 0), 0);
	assert_true(g_array_index(queries, uint64_t, 1) + g_array_index(queries, uint64_t, 2) > 0);
	dns_rrset_unref(got.a);
	world_free(w);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rfc2136_added_record_is_in_next_answer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
		    rfc2136_cname_replaces_cname_and_conflicts_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    rfc1034_removed_last_record_is_nxdomain_ent_is_nodata, setup, teardown),
		cmocka_unit_test_setup_teardown(rfc4592_removed_wildcard_stops_synthesis, setup,
						teardown),
		cmocka_unit_test_setup_teardown(rfc2136_apex_soa_and_last_ns_are_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(rfc2181_ttl_change_is_in_next_answer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
		    rfc2181_rrset_held_by_response_keeps_old_ttl_and_data, setup, teardown),
		cmocka_unit_test_setup_teardown(rfc2308_soa_replace_changes_negative_ttl, setup,
						teardown),
		cmocka_unit_test(hierarchy_redelegation_moves_zone_old_servers_keep_old_data),
		cmocka_unit_test(route53_record_sets_are_known_to_the_zone),
		cmocka_unit_test(timeline_ranged_rrset_change_is_undone),
		cmocka_unit_test(world_timeline_zone_add_reaches_resolver),
		cmocka_unit_test(world_timeline_delegate_reaches_new_servers),
	};
	return cmocka_run_group_tests_name("zone changes", tests, NULL, NULL);
}
