/*
 * The replay harness. Three parts:
 *
 *   1. analysis: the file's config becomes a resolver profile, root hints, stub zones and
 *      forwarders; every knob or feature the model does not have, and that matters for this
 *      file, becomes a SKIP reason (the first one found is reported);
 *   2. the network: canned answers chosen from RANGE entries (and REPLY steps) by the rules of
 *      the file's tool, built into struct dns_msg replies with ADJUST applied;
 *   3. the event loops: testbound's for unbound files, Deckard's blocking client for Deckard
 *      files, on one virtual clock, with the resolver's TIMER actions fired in time order when
 *      nothing else can make progress.
 *
 * docs/design/replay.md explains the choices; rpl-format.md sections 3 and 5 the rules.
 */
#include "sim/replay/harness.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "resolver/profile.h"
#include "resolver/resolver.h"
#include "sim/dns.h"
#include "sim/util.h"

/* Guard against a scenario that never ends: events (loop rounds, timers, canned replies) per
 * play. testbound's own guard is 5000 rounds of its loop (fake_event.c); ours counts more kinds
 * of event, so it is larger. */
#define LOOP_GUARD 50000
/* The UDP size of an OPT record testbound puts on canned replies with REPLY DO. */
#define TESTBOUND_EDNS_SIZE 1232
/* Deckard's canned and client messages carry EDNS0 with this payload (scenario.py Entry). */
#define DECKARD_EDNS_SIZE 4096
/* Header flags that are compared (DO and CO are EDNS, not header bits). */
#define HEADER_FLAGS                                                                               \
	(REPLAY_FLAG_QR | REPLAY_FLAG_AA | REPLAY_FLAG_TC | REPLAY_FLAG_RD | REPLAY_FLAG_RA |      \
	 REPLAY_FLAG_AD | REPLAY_FLAG_CD)

const char *replay_verdict_name(enum replay_verdict verdict)
{
	switch (verdict) {
	case REPLAY_PASS:
		return "PASS";
	case REPLAY_FAIL:
		return "FAIL";
	case REPLAY_SKIP:
		return "SKIP";
	}
	return "?";
}

void replay_result_clear(struct replay_result *result)
{
	g_free(result->reason);
	result->reason = NULL;
}

/* Addresses */

/* Canonical "ip@port" of "1.2.3.4", "1.2.3.4@53", "2001:db8::1@5353" (port 53 by default), or
 * NULL if text is not an IPv4 or IPv6 address. */
static char *addr_canon(const char *text)
{
	g_autofree char *ip = g_strdup(text);
	unsigned port = 53;
	char *at = strchr(ip, '@');
	if (at != NULL) {
		guint64 v;
		if (!g_ascii_string_to_unsigned(at + 1, 10, 0, 65535, &v, NULL)) {
			return NULL;
		}
		port = (unsigned)v;
		*at = '\0';
	}
	unsigned char bin[16];
	char out[INET6_ADDRSTRLEN];
	int family = strchr(ip, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(family, ip, bin) != 1 || inet_ntop(family, bin, out, sizeof(out)) == NULL) {
		return NULL;
	}
	return g_strdup_printf("%s@%u", out, port);
}

static bool addr_is_ip6(const char *text)
{
	g_autofree char *c = addr_canon(text);
	return c != NULL && strchr(c, ':') != NULL;
}

/* 127.0.0.0/8 or ::1 (unbound do-not-query-localhost, iter_utils.c). */
static bool addr_is_localhost(const char *text)
{
	g_autofree char *c = addr_canon(text);
	return c != NULL && (g_str_has_prefix(c, "127.") || g_str_has_prefix(c, "::1@"));
}

/* Text helpers */

static const char *rcode_name(unsigned rcode)
{
	const ldns_lookup_table *t = ldns_lookup_by_id(ldns_rcodes, (int)rcode);
	return t != NULL ? t->name : "?";
}

static const char *opcode_name(unsigned opcode)
{
	const ldns_lookup_table *t = ldns_lookup_by_id(ldns_opcodes, (int)opcode);
	return t != NULL ? t->name : "?";
}

static const char *type_name(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	return d != NULL && d->_name != NULL ? d->_name : "TYPE?";
}

static char *flags_text(uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ REPLAY_FLAG_QR, "QR" }, { REPLAY_FLAG_AA, "AA" }, { REPLAY_FLAG_TC, "TC" },
		{ REPLAY_FLAG_RD, "RD" }, { REPLAY_FLAG_RA, "RA" }, { REPLAY_FLAG_AD, "AD" },
		{ REPLAY_FLAG_CD, "CD" },
	};
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (flags & names[i].bit) {
			g_string_append_printf(s, "%s%s", s->len > 0 ? " " : "", names[i].name);
		}
	}
	if (s->len == 0) {
		g_string_append(s, "(none)");
	}
	return g_string_free(s, FALSE);
}

/* Lower-case presentation of a name rdf, absolute. */
static char *rdf_name_text(const ldns_rdf *rdf)
{
	char *s = ldns_rdf2str(rdf);
	char *out = g_ascii_strdown(s, -1);
	free(s);
	return out;
}

/* One record as text for comparison: canonical form (RFC 4034 6.2: names lower-cased), with
 * the TTL given (0 when TTLs are not compared). */
static char *rr_text(const ldns_rr *rr, uint32_t ttl)
{
	ldns_rr *c = ldns_rr_clone(rr);
	ldns_rr2canonical(c);
	ldns_rdf *owner = ldns_rr_owner(c);
	ldns_dname2canonical(owner);
	ldns_rr_set_ttl(c, ttl);
	char *s = ldns_rr2str(c);
	ldns_rr_free(c);
	char *out = g_strdup(g_strchomp(s));
	free(s);
	/* one separator style whatever the source */
	for (char *p = out; *p != '\0'; p++) {
		if (*p == '\t') {
			*p = ' ';
		}
	}
	return out;
}

/* Messages in the comparable form */

struct view {
	uint16_t id;
	uint8_t opcode;
	uint8_t rcode;
	uint32_t flags; /* HEADER_FLAGS bits */
	bool has_question;
	char *qname; /* lower case, absolute */
	uint16_t qtype;
	uint16_t qclass;
	guint qcount;
	GPtrArray *rrs[DNS_SECTION_COUNT]; /* char *, sorted */
	bool edns;
	bool dnssec_ok; /* EDNS DO */
	int ede;	/* EDE info-code, -1 none; an entry: REPLAY_EDE_ANY too */
};

static void view_clear(struct view *v)
{
	g_free(v->qname);
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		if (v->rrs[s] != NULL) {
			g_ptr_array_free(v->rrs[s], TRUE);
		}
	}
	memset(v, 0, sizeof(*v));
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void view_of_msg(struct view *v, const struct dns_msg *m, const dns_names *names,
			bool with_ttl)
{
	memset(v, 0, sizeof(*v));
	v->id = m->id;
	v->opcode = LDNS_PACKET_QUERY; /* struct dns_msg has no opcode: every message is a query */
	v->rcode = m->rcode;
	v->flags = (m->qr ? REPLAY_FLAG_QR : 0) | (m->aa ? REPLAY_FLAG_AA : 0) |
		   (m->tc ? REPLAY_FLAG_TC : 0) | (m->rd ? REPLAY_FLAG_RD : 0) |
		   (m->ra ? REPLAY_FLAG_RA : 0) | (m->ad ? REPLAY_FLAG_AD : 0) |
		   (m->cd ? REPLAY_FLAG_CD : 0);
	v->has_question = m->qname != DNS_NAME_NONE;
	v->qcount = v->has_question ? 1 : 0;
	v->qname = g_strdup(v->has_question ? dns_name_text(names, m->qname) : "");
	v->qtype = m->qtype;
	v->qclass = m->qclass;
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		v->rrs[s] = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < m->sections[s]->len; i++) {
			const struct dns_rrset *set = g_ptr_array_index(m->sections[s], i);
			for (size_t k = 0; k < ldns_rr_list_rr_count(set->rrs); k++) {
				g_ptr_array_add(v->rrs[s], rr_text(ldns_rr_list_rr(set->rrs, k),
								   with_ttl ? set->ttl : 0));
			}
		}
		g_ptr_array_sort(v->rrs[s], cmp_str);
	}
	v->edns = m->edns_udp_size > 0;
	v->dnssec_ok = v->edns && m->dnssec_ok;
	v->ede = v->edns && m->has_ede ? m->ede : -1;
}

static void view_of_entry(struct view *v, const struct replay_entry *e, bool with_ttl)
{
	memset(v, 0, sizeof(*v));
	v->opcode = e->opcode;
	v->rcode = e->rcode;
	v->flags = e->flags & HEADER_FLAGS;
	const ldns_rr_list *q = e->sections[REPLAY_SECTION_QUESTION];
	v->qcount = (guint)ldns_rr_list_rr_count(q);
	v->has_question = v->qcount > 0;
	if (v->has_question) {
		const ldns_rr *rr = ldns_rr_list_rr(q, 0);
		v->qname = rdf_name_text(ldns_rr_owner(rr));
		v->qtype = ldns_rr_get_type(rr);
		v->qclass = ldns_rr_get_class(rr);
	} else {
		v->qname = g_strdup("");
	}
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		const ldns_rr_list *l = e->sections[s + 1];
		v->rrs[s] = g_ptr_array_new_with_free_func(g_free);
		for (size_t k = 0; k < ldns_rr_list_rr_count(l); k++) {
			const ldns_rr *rr = ldns_rr_list_rr(l, k);
			g_ptr_array_add(v->rrs[s], rr_text(rr, with_ttl ? ldns_rr_ttl(rr) : 0));
		}
		g_ptr_array_sort(v->rrs[s], cmp_str);
	}
	v->edns = (e->flags & (REPLAY_FLAG_DO | REPLAY_FLAG_CO)) != 0 || e->hex_ednsdata != NULL;
	v->dnssec_ok = (e->flags & REPLAY_FLAG_DO) != 0;
	v->ede = (e->match & REPLAY_MATCH_EDE) ? e->ede : -1;
}

static bool name_is_under(const char *name, const char *zone)
{
	if (strcmp(zone, ".") == 0 || strcmp(name, zone) == 0) {
		return true;
	}
	size_t n = strlen(name);
	size_t z = strlen(zone);
	return n > z && strcmp(name + n - z, zone) == 0 && name[n - z - 1] == '.';
}

/* Append up to three items of a list, then how many more. */
static void append_some(GString *out, GPtrArray *items)
{
	g_string_append_c(out, '{');
	for (guint i = 0; i < items->len && i < 3; i++) {
		g_string_append_printf(out, "%s%s", i > 0 ? "; " : "",
				       (const char *)g_ptr_array_index(items, i));
	}
	if (items->len > 3) {
		g_string_append_printf(out, "; ... %u more", items->len - 3);
	}
	g_string_append_c(out, '}');
}

/* Compare sorted multisets; on a difference describe it in why (if not NULL). */
static bool section_equal(GPtrArray *want, GPtrArray *got, const char *name, GString *why)
{
	g_autoptr(GPtrArray) missing = g_ptr_array_new();
	g_autoptr(GPtrArray) extra = g_ptr_array_new();
	guint i = 0;
	guint j = 0;
	while (i < want->len || j < got->len) {
		int c = i == want->len ? 1
			: j == got->len
			    ? -1
			    : strcmp(g_ptr_array_index(want, i), g_ptr_array_index(got, j));
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0) {
			g_ptr_array_add(missing, g_ptr_array_index(want, i++));
		} else {
			g_ptr_array_add(extra, g_ptr_array_index(got, j++));
		}
	}
	if (missing->len == 0 && extra->len == 0) {
		return true;
	}
	if (why != NULL) {
		g_string_append_printf(why, "%s section: expected %u record(s), got %u", name,
				       want->len, got->len);
		if (missing->len > 0) {
			g_string_append(why, "; missing ");
			append_some(why, missing);
		}
		if (extra->len > 0) {
			g_string_append(why, "; unexpected ");
			append_some(why, extra);
		}
	}
	return false;
}

/* Harness state */

struct pending {
	uint64_t token;
	char *canon; /* destination, addr_canon() form (or the raw text if not an address) */
	bool tcp;
	struct dns_msg *msg; /* the resolver's query, owned */
	uint64_t step;	     /* step number when it was sent */
};

struct timer {
	int64_t at_ns;
	uint64_t seq;
	uint64_t token;
};

struct answer {
	uint64_t client_token;
	struct dns_msg *msg; /* owned */
};

struct zone_conf {
	char *name;
	GPtrArray *addrs; /* char * */
};

/* Everything the config and the scenario say about how to build and play the resolver. */
struct setup {
	struct resolver_profile profile;
	bool qmin_set; /* the file chose qname minimisation */
	char *hint_host;
	GPtrArray *hint_addrs; /* char *: root hints (Deckard stub-addr) */
	GPtrArray *stubs;      /* struct zone_conf * */
	GPtrArray *forwarders; /* char * */
	int64_t start_ns;
	GPtrArray *skips; /* char *: reasons to skip, in the order found */
};

struct harness {
	const struct replay_scenario *sc;
	const struct setup *setup;
	bool deckard;
	GString *trace;
	dns_names *names;
	resolver *r;
	int64_t now_ns;	    /* the time last given to the resolver */
	int64_t base_ns;    /* start + the sum of TIME_PASSES so far */
	uint64_t step_no;   /* the step number ranges are matched against */
	GPtrArray *pending; /* struct pending *, oldest first */
	GArray *timers;	    /* struct timer */
	uint64_t timer_seq;
	GPtrArray *answers;	  /* struct answer *, oldest first */
	GPtrArray *unforeseen;	  /* char *: queries nothing answered, in order */
	GHashTable *used_replies; /* Deckard: consumed REPLY steps */
	uint64_t next_client;
	unsigned rounds;
	GString *failure; /* the first failure, or empty */
};

static void pending_free(struct pending *p)
{
	g_free(p->canon);
	dns_msg_free(p->msg);
	g_free(p);
}

static void answer_free(struct answer *a)
{
	dns_msg_free(a->msg);
	g_free(a);
}

static void zone_conf_free(struct zone_conf *z)
{
	g_free(z->name);
	g_ptr_array_free(z->addrs, TRUE);
	g_free(z);
}

static void tr(struct harness *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void tr(struct harness *h, const char *fmt, ...)
{
	if (h->trace == NULL) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_string_append_printf(h->trace, "[replay %" G_GINT64_FORMAT ".%03d s] ",
			       h->now_ns / SIM_NS_PER_S,
			       (int)((h->now_ns % SIM_NS_PER_S) / SIM_NS_PER_MS));
	g_string_append_vprintf(h->trace, fmt, ap);
	va_end(ap);
	g_string_append_c(h->trace, '\n');
}

static bool failed(const struct harness *h)
{
	return h->failure->len > 0;
}

static void fail(struct harness *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void fail(struct harness *h, const char *fmt, ...)
{
	if (failed(h)) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_string_append_vprintf(h->failure, fmt, ap);
	va_end(ap);
	tr(h, "FAIL %s", h->failure->str);
}

static char *msg_question(struct harness *h, const struct dns_msg *m)
{
	if (m->qname == DNS_NAME_NONE) {
		return g_strdup("(no question)");
	}
	return g_strdup_printf("%s %s", dns_name_text(h->names, m->qname), type_name(m->qtype));
}

/* "qname TYPE" of an entry's first question, or "(no question)". */
static char *entry_question(const struct replay_entry *e)
{
	const ldns_rr_list *q = e->sections[REPLAY_SECTION_QUESTION];
	if (ldns_rr_list_rr_count(q) == 0) {
		return g_strdup("(no question)");
	}
	const ldns_rr *rr = ldns_rr_list_rr(q, 0);
	g_autofree char *name = rdf_name_text(ldns_rr_owner(rr));
	return g_strdup_printf("%s %s", name, type_name(ldns_rr_get_type(rr)));
}

/* The unforeseen query that happened first, as a note for a later failure. */
static void note_unforeseen(struct harness *h)
{
	if (h->unforeseen->len > 0) {
		g_string_append_printf(h->failure, " (before that: %s)",
				       (const char *)g_ptr_array_index(h->unforeseen, 0));
	}
}

static void record_unforeseen(struct harness *h, const struct pending *p, const char *what)
{
	g_autofree char *q = msg_question(h, p->msg);
	char *s = g_strdup_printf("STEP %" G_GUINT64_FORMAT ": the resolver sent %s to %s%s, %s",
				  p->step, q, p->canon, p->tcp ? " over TCP" : "", what);
	tr(h, "%s", s);
	g_ptr_array_add(h->unforeseen, s);
}

/* Matching (rpl-format.md 3.3) */

/*
 * Does got (a message the resolver sent: an upstream query, or a client answer) match entry e
 * under e's MATCH options? The first difference goes to why if not NULL.
 */
static bool entry_matches(struct harness *h, const struct replay_entry *e,
			  const struct dns_msg *got, bool got_tcp, GString *why)
{
	if (!e->has_match) {
		return true; /* [U]: an entry without MATCH matches everything */
	}
	uint32_t m = e->match;
	bool ttl = (m & REPLAY_MATCH_TTL) != 0;
	bool whole = false; /* [U] all: id, every flag, counts, EDNS */
	bool sections[DNS_SECTION_COUNT] = { false, false, false };
	bool question = false;
	bool edns = false;
	if (h->deckard) {
		if (m & REPLAY_MATCH_ALL) {
			m |= REPLAY_MATCH_OPCODE | REPLAY_MATCH_QTYPE | REPLAY_MATCH_QNAME |
			     REPLAY_MATCH_FLAGS | REPLAY_MATCH_RCODE | REPLAY_MATCH_ANSWER |
			     REPLAY_MATCH_AUTHORITY | REPLAY_MATCH_ADDITIONAL;
		}
		if (m & REPLAY_MATCH_QUESTION) {
			m |= REPLAY_MATCH_QTYPE | REPLAY_MATCH_QNAME;
		}
		ttl = false; /* Deckard never compares TTLs */
		sections[DNS_SECTION_ANSWER] = (m & REPLAY_MATCH_ANSWER) != 0;
		sections[DNS_SECTION_AUTHORITY] = (m & REPLAY_MATCH_AUTHORITY) != 0;
		sections[DNS_SECTION_ADDITIONAL] = (m & REPLAY_MATCH_ADDITIONAL) != 0;
	} else {
		whole = (m & (REPLAY_MATCH_ALL | REPLAY_MATCH_ALL_NOEDNS)) != 0;
		edns = (m & REPLAY_MATCH_ALL) != 0;
		question = whole || (m & REPLAY_MATCH_QUESTION) != 0;
		sections[DNS_SECTION_ANSWER] = whole || (m & REPLAY_MATCH_ANSWER) != 0;
		sections[DNS_SECTION_AUTHORITY] = whole;
		sections[DNS_SECTION_ADDITIONAL] = whole;
		if (whole) {
			m |= REPLAY_MATCH_OPCODE | REPLAY_MATCH_RCODE | REPLAY_MATCH_FLAGS;
		}
	}
	struct view want;
	struct view have;
	view_of_entry(&want, e, ttl);
	view_of_msg(&have, got, h->names, ttl);
	bool ok = true;
#define DIFF(...)                                                                                  \
	do {                                                                                       \
		if (why != NULL) {                                                                 \
			g_string_append_printf(why, __VA_ARGS__);                                  \
		}                                                                                  \
		ok = false;                                                                        \
		goto done;                                                                         \
	} while (0)
	if ((m & REPLAY_MATCH_OPCODE) && want.opcode != have.opcode) {
		DIFF("opcode: expected %s, got %s", opcode_name(want.opcode),
		     opcode_name(have.opcode));
	}
	if (whole && want.id != have.id) {
		DIFF("id: expected %u, got %u", want.id, have.id);
	}
	if (question && (want.qcount != have.qcount || strcmp(want.qname, have.qname) != 0 ||
			 want.qtype != have.qtype || want.qclass != have.qclass)) {
		DIFF("question: expected %s %s, got %s %s",
		     want.has_question ? want.qname : "(none)",
		     want.has_question ? type_name(want.qtype) : "",
		     have.has_question ? have.qname : "(none)",
		     have.has_question ? type_name(have.qtype) : "");
	}
	if ((m & (REPLAY_MATCH_QNAME | REPLAY_MATCH_QCASE)) &&
	    (!have.has_question || strcmp(want.qname, have.qname) != 0)) {
		DIFF("qname: expected %s, got %s", want.qname,
		     have.has_question ? have.qname : "(no question)");
	}
	if ((m & REPLAY_MATCH_QTYPE) && (!have.has_question || want.qtype != have.qtype)) {
		DIFF("qtype: expected %s, got %s", type_name(want.qtype),
		     have.has_question ? type_name(have.qtype) : "(no question)");
	}
	if ((m & REPLAY_MATCH_SUBDOMAIN) &&
	    (!have.has_question || !name_is_under(have.qname, want.qname))) {
		DIFF("qname: expected %s or a name below it, got %s", want.qname,
		     have.has_question ? have.qname : "(no question)");
	}
	if ((m & REPLAY_MATCH_RCODE) && want.rcode != have.rcode) {
		DIFF("rcode: expected %s, got %s", rcode_name(want.rcode), rcode_name(have.rcode));
	}
	if ((m & REPLAY_MATCH_FLAGS) && want.flags != have.flags) {
		g_autofree char *w = flags_text(want.flags);
		g_autofree char *g = flags_text(have.flags);
		DIFF("flags: expected %s, got %s", w, g);
	}
	static const char *const names[] = { "ANSWER", "AUTHORITY", "ADDITIONAL" };
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		if (sections[s] && !section_equal(want.rrs[s], have.rrs[s], names[s], why)) {
			ok = false;
			goto done;
		}
	}
	if (edns && want.edns != have.edns) {
		DIFF("EDNS: expected %s, got %s", want.edns ? "an OPT record" : "none",
		     have.edns ? "an OPT record" : "none");
	}
	/* [U] all compares the EDNS pseudo-section: the DO flag too (§3.3) */
	if (edns && want.edns && have.edns && want.dnssec_ok != have.dnssec_ok) {
		DIFF("EDNS DO flag: expected %s, got %s", want.dnssec_ok ? "set" : "clear",
		     have.dnssec_ok ? "set" : "clear");
	}
	/* [U] ede=N: that EDE option must be present (then it is removed before the rest is
	 * compared, §3.3); without ede=, all compares the options, so none may be there */
	if (m & REPLAY_MATCH_EDE) {
		if (have.ede < 0 || (want.ede != REPLAY_EDE_ANY && want.ede != have.ede)) {
			DIFF("EDE: expected %s%d, got %s%d",
			     want.ede == REPLAY_EDE_ANY ? "any " : "",
			     want.ede == REPLAY_EDE_ANY ? 0 : want.ede, have.ede < 0 ? "none " : "",
			     have.ede < 0 ? 0 : have.ede);
		}
	} else if (edns && have.ede >= 0) {
		DIFF("EDE: expected none, got %d", have.ede);
	}
	if ((m & REPLAY_MATCH_NOEDNS) && have.edns) {
		DIFF("EDNS: expected none, got an OPT record");
	}
	if ((m & REPLAY_MATCH_DO) || (m & REPLAY_MATCH_CO)) {
		DIFF("EDNS DO/CO flag: expected set, the message model has none");
	}
	if ((m & REPLAY_MATCH_TCP) && !got_tcp) {
		DIFF("transport: expected TCP, got UDP");
	}
	if ((m & REPLAY_MATCH_UDP) && got_tcp) {
		DIFF("transport: expected UDP, got TCP");
	}
#undef DIFF
done:
	view_clear(&want);
	view_clear(&have);
	return ok;
}

/* Building messages from entries */

/* Group an entry section's records into RRsets (first appearance order) and add them. */
static void add_section(struct harness *h, struct dns_msg *m, enum dns_section to,
			const ldns_rr_list *rrs)
{
	g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
	for (size_t i = 0; i < ldns_rr_list_rr_count(rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		uint32_t owner = dns_name_intern_rdf(h->names, ldns_rr_owner(rr));
		SIM_ASSERT(owner != DNS_NAME_NONE); /* ldns parsed it as a name */
		struct dns_rrset *set = NULL;
		for (guint k = 0; k < sets->len && set == NULL; k++) {
			struct dns_rrset *s = g_ptr_array_index(sets, k);
			if (s->owner == owner && s->type == ldns_rr_get_type(rr) &&
			    s->rclass == ldns_rr_get_class(rr)) {
				set = s;
			}
		}
		if (set == NULL) {
			set = dns_rrset_new(owner, ldns_rr_get_type(rr), ldns_rr_get_class(rr),
					    ldns_rr_ttl(rr));
			g_ptr_array_add(sets, set);
		}
		dns_rrset_add(set, ldns_rr_clone(rr));
	}
	for (guint k = 0; k < sets->len; k++) {
		dns_msg_add(m, to, g_ptr_array_index(sets, k));
	}
}

static void set_flags(struct dns_msg *m, uint32_t flags)
{
	m->qr = (flags & REPLAY_FLAG_QR) != 0;
	m->aa = (flags & REPLAY_FLAG_AA) != 0;
	m->tc = (flags & REPLAY_FLAG_TC) != 0;
	m->rd = (flags & REPLAY_FLAG_RD) != 0;
	m->ra = (flags & REPLAY_FLAG_RA) != 0;
	m->ad = (flags & REPLAY_FLAG_AD) != 0;
	m->cd = (flags & REPLAY_FLAG_CD) != 0;
}

/*
 * The canned reply of entry e to query q (rpl-format.md 3.4). The id is the query's under
 * copy_id, and always in unbound files: testbound's fake network hands a reply to the pending
 * query whatever its id. The question is the query's under copy_query, else the entry's first
 * (none: qname DNS_NAME_NONE, type and class 0).
 */
static struct dns_msg *entry_reply(struct harness *h, const struct replay_entry *e,
				   const struct dns_msg *q)
{
	bool copy_id = (e->adjust & REPLAY_ADJUST_COPY_ID) != 0 || !h->deckard;
	bool copy_query = (e->adjust & REPLAY_ADJUST_COPY_QUERY) != 0;
	uint32_t qname = DNS_NAME_NONE;
	uint16_t qtype = 0;
	uint16_t qclass = 0;
	const ldns_rr_list *question = e->sections[REPLAY_SECTION_QUESTION];
	if (copy_query) {
		qname = q->qname;
		qtype = q->qtype;
		qclass = q->qclass;
	} else if (ldns_rr_list_rr_count(question) > 0) {
		const ldns_rr *rr = ldns_rr_list_rr(question, 0);
		qname = dns_name_intern_rdf(h->names, ldns_rr_owner(rr));
		qtype = ldns_rr_get_type(rr);
		qclass = ldns_rr_get_class(rr);
	}
	struct dns_msg *m = dns_msg_new(copy_id ? q->id : 0, qname, qtype, qclass);
	set_flags(m, e->flags);
	m->rcode = e->rcode;
	if (h->deckard) {
		bool adjusted =
		    (e->adjust & (REPLAY_ADJUST_COPY_ID | REPLAY_ADJUST_COPY_QUERY)) != 0;
		m->edns_udp_size = adjusted ? q->edns_udp_size : DECKARD_EDNS_SIZE;
	} else {
		m->edns_udp_size =
		    (e->flags & (REPLAY_FLAG_DO | REPLAY_FLAG_CO)) != 0 ? TESTBOUND_EDNS_SIZE : 0;
	}
	add_section(h, m, DNS_SECTION_ANSWER, e->sections[REPLAY_SECTION_ANSWER]);
	add_section(h, m, DNS_SECTION_AUTHORITY, e->sections[REPLAY_SECTION_AUTHORITY]);
	add_section(h, m, DNS_SECTION_ADDITIONAL, e->sections[REPLAY_SECTION_ADDITIONAL]);
	return m;
}

/* The client query of a QUERY step (the analysis made sure it has a question). */
static struct dns_msg *client_query(struct harness *h, const struct replay_step *s)
{
	const ldns_rr *rr = ldns_rr_list_rr(s->entry->sections[REPLAY_SECTION_QUESTION], 0);
	uint32_t qname = dns_name_intern_rdf(h->names, ldns_rr_owner(rr));
	/* testbound sends id 0 and no EDNS; Deckard a random id and EDNS0 4096 */
	uint16_t id = h->deckard ? (uint16_t)(s->number & 0xffff) : 0;
	struct dns_msg *m = dns_msg_new(id, qname, ldns_rr_get_type(rr), ldns_rr_get_class(rr));
	set_flags(m, s->entry->flags);
	m->edns_udp_size = h->deckard ? DECKARD_EDNS_SIZE : 0;
	if (s->entry->flags & REPLAY_FLAG_DO) {
		/* testbound: REPLY DO on a query entry adds an OPT with the DO bit (§2.6) */
		m->edns_udp_size = h->deckard ? DECKARD_EDNS_SIZE : 4096;
		m->dnssec_ok = true;
	}
	return m;
}

/* Resolver plumbing */

static void drain(struct harness *h)
{
	struct resolver_action a;
	while (resolver_next_action(h->r, &a)) {
		switch (a.kind) {
		case RESOLVER_ACTION_SEND: {
			struct pending *p = g_new0(struct pending, 1);
			p->token = a.token;
			p->canon = addr_canon(a.address);
			if (p->canon == NULL) {
				p->canon = g_strdup(a.address);
			}
			p->tcp = a.tcp;
			p->msg = a.msg;
			p->step = h->step_no;
			g_autofree char *q = msg_question(h, p->msg);
			tr(h, "resolver sends %s to %s%s (token %" G_GUINT64_FORMAT ")", q,
			   p->canon, p->tcp ? " over TCP" : "", p->token);
			g_ptr_array_add(h->pending, p);
			break;
		}
		case RESOLVER_ACTION_TIMER: {
			struct timer t = { a.at_ns, h->timer_seq++, a.token };
			g_array_append_val(h->timers, t);
			break;
		}
		case RESOLVER_ACTION_ANSWER: {
			struct answer *ans = g_new0(struct answer, 1);
			ans->client_token = a.client_token;
			ans->msg = a.msg;
			g_autofree char *q = msg_question(h, a.msg);
			tr(h, "resolver answers client %" G_GUINT64_FORMAT ": %s %s",
			   a.client_token, q, rcode_name(a.msg->rcode));
			g_ptr_array_add(h->answers, ans);
			break;
		}
		}
	}
}

static void deliver(struct harness *h, struct pending *p, const struct replay_entry *e,
		    const char *from)
{
	struct dns_msg *reply = entry_reply(h, e, p->msg);
	tr(h, "reply to token %" G_GUINT64_FORMAT " from %s (entry at line %u): %s", p->token, from,
	   e->line, rcode_name(reply->rcode));
	g_ptr_array_remove(h->pending, p);
	resolver_receive(h->r, p->token, reply, h->now_ns);
	dns_msg_free(reply);
	pending_free(p);
}

/* Index of the earliest timer, or -1. Ties: the order they were set. */
static gint earliest_timer(struct harness *h)
{
	gint best = -1;
	for (guint i = 0; i < h->timers->len; i++) {
		const struct timer *t = &g_array_index(h->timers, struct timer, i);
		const struct timer *b =
		    best < 0 ? NULL : &g_array_index(h->timers, struct timer, (guint)best);
		if (b == NULL || t->at_ns < b->at_ns || (t->at_ns == b->at_ns && t->seq < b->seq)) {
			best = (gint)i;
		}
	}
	return best;
}

static struct pending *pending_by_token(struct harness *h, uint64_t token)
{
	for (guint i = 0; i < h->pending->len; i++) {
		struct pending *p = g_ptr_array_index(h->pending, i);
		if (p->token == token) {
			return p;
		}
	}
	return NULL;
}

/* Fire timer i: the clock moves to its time (never back). A query still outstanding under the
 * same token has now timed out in the resolver's eyes: nothing answered it. */
static void fire_timer(struct harness *h, guint i)
{
	struct timer t = g_array_index(h->timers, struct timer, i);
	g_array_remove_index(h->timers, i);
	if (t.at_ns > h->now_ns) {
		h->now_ns = t.at_ns;
	}
	struct pending *p = pending_by_token(h, t.token);
	if (p != NULL) {
		record_unforeseen(h, p,
				  h->deckard ? "which got no answer"
					     : "which no RANGE entry or step answers");
		g_ptr_array_remove(h->pending, p);
		pending_free(p);
	}
	tr(h, "timer %" G_GUINT64_FORMAT " fires", t.token);
	resolver_timer(h->r, t.token, h->now_ns);
	h->rounds++;
}

/* The network of unbound files (testbound, fake_event.c) */

static const char *range_address_u(const struct replay_range *r)
{
	/* [U]: the address on RANGE_BEGIN is ignored; each ADDRESS line replaces the previous */
	return r->addresses->len > 0 ? g_ptr_array_index(r->addresses, r->addresses->len - 1)
				     : NULL;
}

/* The canned answer for p at the current step: ranges last declared first, entries in order. */
static const struct replay_entry *range_entry_u(struct harness *h, const struct pending *p)
{
	for (guint i = h->sc->ranges->len; i > 0; i--) {
		const struct replay_range *r = g_ptr_array_index(h->sc->ranges, i - 1);
		if (h->step_no < r->start || h->step_no > r->end) {
			continue;
		}
		const char *addr = range_address_u(r);
		if (addr != NULL) {
			g_autofree char *c = addr_canon(addr);
			if (c == NULL || strcmp(c, p->canon) != 0) {
				continue;
			}
		}
		for (guint k = 0; k < r->entries->len; k++) {
			const struct replay_entry *e = g_ptr_array_index(r->entries, k);
			if (entry_matches(h, e, p->msg, p->tcp, NULL)) {
				return e;
			}
		}
	}
	return NULL;
}

/* Answer one outstanding query from the ranges, newest first. FALSE if none can be. */
static bool flow_one_u(struct harness *h)
{
	for (guint i = h->pending->len; i > 0; i--) {
		struct pending *p = g_ptr_array_index(h->pending, i - 1);
		const struct replay_entry *e = range_entry_u(h, p);
		if (e != NULL) {
			if (e->adjust & REPLAY_ADJUST_DO_NOT_ANSWER) {
				continue;
			}
			deliver(h, p, e, "RANGE");
			return true;
		}
	}
	return false;
}

static void flow_all_u(struct harness *h)
{
	drain(h);
	while (h->rounds++ < LOOP_GUARD && flow_one_u(h)) {
		drain(h);
	}
}

/* The network of Deckard files (scenario.py Scenario.reply) */

static bool deckard_addr_known(struct harness *h, const char *canon)
{
	for (guint i = 0; i < h->sc->ranges->len; i++) {
		const struct replay_range *r = g_ptr_array_index(h->sc->ranges, i);
		if (r->begin_address != NULL) {
			g_autofree char *c = addr_canon(r->begin_address);
			if (c != NULL && strcmp(c, canon) == 0) {
				return true;
			}
		}
		for (guint k = 0; k < r->addresses->len; k++) {
			g_autofree char *c = addr_canon(g_ptr_array_index(r->addresses, k));
			if (c != NULL && strcmp(c, canon) == 0) {
				return true;
			}
		}
	}
	return false;
}

static bool deckard_range_has(const struct replay_range *r, const char *canon)
{
	if (r->begin_address == NULL && r->addresses->len == 0) {
		return true;
	}
	if (r->begin_address != NULL) {
		g_autofree char *c = addr_canon(r->begin_address);
		if (c != NULL && strcmp(c, canon) == 0) {
			return true;
		}
	}
	for (guint k = 0; k < r->addresses->len; k++) {
		g_autofree char *c = addr_canon(g_ptr_array_index(r->addresses, k));
		if (c != NULL && strcmp(c, canon) == 0) {
			return true;
		}
	}
	return false;
}

/* Reply to p as Deckard would: the first eligible range only (an entry miss there is a
 * SERVFAIL), else a one-shot REPLY step, else SERVFAIL. */
static void reply_deckard(struct harness *h, struct pending *p)
{
	/* a destination no range names is a wildcard: any eligible range serves it */
	bool known = deckard_addr_known(h, p->canon);
	for (guint i = 0; i < h->sc->ranges->len; i++) {
		const struct replay_range *r = g_ptr_array_index(h->sc->ranges, i);
		if (h->step_no < r->start || h->step_no > r->end ||
		    (known && !deckard_range_has(r, p->canon))) {
			continue;
		}
		for (guint k = 0; k < r->entries->len; k++) {
			const struct replay_entry *e = g_ptr_array_index(r->entries, k);
			if (!entry_matches(h, e, p->msg, p->tcp, NULL)) {
				continue;
			}
			if (e->adjust & REPLAY_ADJUST_DO_NOT_ANSWER) {
				tr(h,
				   "token %" G_GUINT64_FORMAT ": do_not_answer (entry at line %u)",
				   p->token, e->line);
				g_ptr_array_remove(h->pending, p);
				pending_free(p);
				return;
			}
			deliver(h, p, e, "RANGE");
			return;
		}
		goto servfail;
	}
	for (guint i = 0; i < h->sc->steps->len; i++) {
		const struct replay_step *s = g_ptr_array_index(h->sc->steps, i);
		if (s->kind != REPLAY_STEP_REPLY || s->number < h->step_no ||
		    g_hash_table_contains(h->used_replies, s) ||
		    !entry_matches(h, s->entry, p->msg, p->tcp, NULL)) {
			continue;
		}
		g_hash_table_add(h->used_replies, (gpointer)s);
		deliver(h, p, s->entry, "REPLY step");
		return;
	}
servfail:;
	record_unforeseen(h, p, "which no entry answers (Deckard answers SERVFAIL)");
	struct dns_msg *m = dns_msg_new(p->msg->id, p->msg->qname, p->msg->qtype, p->msg->qclass);
	m->qr = true;
	m->rd = p->msg->rd;
	m->cd = p->msg->cd;
	m->rcode = LDNS_RCODE_SERVFAIL;
	m->edns_udp_size = p->msg->edns_udp_size;
	uint64_t token = p->token;
	g_ptr_array_remove(h->pending, p);
	pending_free(p);
	resolver_receive(h->r, token, m, h->now_ns);
	dns_msg_free(m);
}

static void flow_all_d(struct harness *h)
{
	drain(h);
	while (h->pending->len > 0 && h->rounds++ < LOOP_GUARD) {
		reply_deckard(h, g_ptr_array_index(h->pending, 0));
		drain(h);
	}
}

static void flow_all(struct harness *h)
{
	if (h->deckard) {
		flow_all_d(h);
	} else {
		flow_all_u(h);
	}
}

/*
 * The earliest timer due by target that time_passes() may fire, or -1. In unbound files the
 * timer of an upstream query still outstanding is frozen: testbound's upstream queries never
 * time out by themselves, only through TIMEOUT/ERROR steps (rpl-format.md section 5, item 9).
 */
static gint due_timer(struct harness *h, int64_t target)
{
	gint best = -1;
	for (guint i = 0; i < h->timers->len; i++) {
		const struct timer *t = &g_array_index(h->timers, struct timer, i);
		if (t->at_ns > target || (!h->deckard && pending_by_token(h, t->token) != NULL)) {
			continue;
		}
		const struct timer *b =
		    best < 0 ? NULL : &g_array_index(h->timers, struct timer, (guint)best);
		if (b == NULL || t->at_ns < b->at_ns || (t->at_ns == b->at_ns && t->seq < b->seq)) {
			best = (gint)i;
		}
	}
	return best;
}

/* TIME_PASSES: the file's clock moves by elapse; timers due by then fire in order, each one's
 * consequences answered by the network before the next fires. */
static void time_passes(struct harness *h, int64_t elapse_ns)
{
	h->base_ns += elapse_ns;
	int64_t target = MAX(h->now_ns, h->base_ns);
	for (;;) {
		gint i = due_timer(h, target);
		if (i < 0 || h->rounds > LOOP_GUARD) {
			break;
		}
		fire_timer(h, (guint)i);
		flow_all(h);
	}
	h->now_ns = target;
	tr(h, "time passes by %" G_GINT64_FORMAT " ms", elapse_ns / SIM_NS_PER_MS);
}

/* The pending query a REPLY/TIMEOUT/ERROR step acts on: the newest (to the step's address). */
static struct pending *newest_pending(struct harness *h, const struct replay_step *s)
{
	g_autofree char *want = s->address != NULL ? addr_canon(s->address) : NULL;
	for (guint i = h->pending->len; i > 0; i--) {
		struct pending *p = g_ptr_array_index(h->pending, i - 1);
		if (want == NULL || strcmp(want, p->canon) == 0) {
			return p;
		}
	}
	return NULL;
}

static struct pending *pending_matching(struct harness *h, const struct replay_step *s)
{
	g_autofree char *want = s->address != NULL ? addr_canon(s->address) : NULL;
	for (guint i = h->pending->len; i > 0; i--) {
		struct pending *p = g_ptr_array_index(h->pending, i - 1);
		if ((want == NULL || strcmp(want, p->canon) == 0) &&
		    entry_matches(h, s->entry, p->msg, p->tcp, NULL)) {
			return p;
		}
	}
	return NULL;
}

static char *pending_list(struct harness *h)
{
	if (h->pending->len == 0) {
		return g_strdup("none");
	}
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < h->pending->len; i++) {
		const struct pending *p = g_ptr_array_index(h->pending, i);
		g_autofree char *q = msg_question(h, p->msg);
		g_string_append_printf(s, "%s%s to %s", i > 0 ? "; " : "", q, p->canon);
	}
	return g_string_free(s, FALSE);
}

static void send_client_query(struct harness *h, const struct replay_step *s)
{
	struct dns_msg *q = client_query(h, s);
	uint64_t token = h->next_client++;
	g_autofree char *text = msg_question(h, q);
	tr(h, "STEP %" G_GUINT64_FORMAT " QUERY %s (client %" G_GUINT64_FORMAT ")", s->number, text,
	   token);
	resolver_query(h->r, q, token, h->now_ns);
	dns_msg_free(q);
}

/* CHECK_ANSWER [U]: some pending answer (any of them) must match; it is consumed. */
static void check_answer_u(struct harness *h, const struct replay_step *s)
{
	for (guint i = 0; i < h->answers->len; i++) {
		struct answer *a = g_ptr_array_index(h->answers, i);
		if (entry_matches(h, s->entry, a->msg, false, NULL)) {
			tr(h, "STEP %" G_GUINT64_FORMAT " CHECK_ANSWER matches", s->number);
			g_ptr_array_remove_index(h->answers, i);
			answer_free(a);
			return;
		}
	}
	g_autoptr(GString) why = g_string_new(NULL);
	struct answer *first = g_ptr_array_index(h->answers, 0);
	entry_matches(h, s->entry, first->msg, false, why);
	fail(h, "STEP %" G_GUINT64_FORMAT " CHECK_ANSWER: %s", s->number, why->str);
	note_unforeseen(h);
}

static void run_unbound(struct harness *h)
{
	const GPtrArray *steps = h->sc->steps;
	guint i = 0;
	while (i < steps->len && !failed(h)) {
		if (h->rounds++ > LOOP_GUARD) {
			fail(h, "no end after %d events (the harness's loop guard)", LOOP_GUARD);
			return;
		}
		drain(h);
		const struct replay_step *s = g_ptr_array_index(steps, i);
		h->step_no = s->number;
		struct pending *p;
		/* testbound's priorities (fake_event.c run_scenario): 1. the current
		 * CHECK_OUT_QUERY, 2. the current CHECK_ANSWER, 3. canned traffic, 4. the step */
		if (s->kind == REPLAY_STEP_CHECK_OUT_QUERY &&
		    (p = pending_matching(h, s)) != NULL) {
			tr(h,
			   "STEP %" G_GUINT64_FORMAT
			   " CHECK_OUT_QUERY matches token %" G_GUINT64_FORMAT,
			   s->number, p->token);
			i++;
			if (s->entry->adjust & REPLAY_ADJUST_COPY_ID) {
				deliver(h, p, s->entry, "CHECK_OUT_QUERY step");
			}
			continue;
		}
		if (s->kind == REPLAY_STEP_CHECK_ANSWER && h->answers->len > 0) {
			check_answer_u(h, s);
			i++;
			continue;
		}
		if (flow_one_u(h)) {
			continue;
		}
		switch (s->kind) {
		case REPLAY_STEP_QUERY:
			send_client_query(h, s);
			i++;
			break;
		case REPLAY_STEP_CHECK_ANSWER: {
			/* nothing answered yet: let the resolver's own time run (its timers) */
			gint t = earliest_timer(h);
			if (t >= 0) {
				fire_timer(h, (guint)t);
				break;
			}
			g_autofree char *pl = pending_list(h);
			fail(h,
			     "STEP %" G_GUINT64_FORMAT
			     " CHECK_ANSWER: no answer from the resolver (its queries waiting: %s)",
			     s->number, pl);
			note_unforeseen(h);
			break;
		}
		case REPLAY_STEP_CHECK_OUT_QUERY: {
			g_autofree char *pl = pending_list(h);
			g_autofree char *want = entry_question(s->entry);
			fail(h,
			     "STEP %" G_GUINT64_FORMAT " CHECK_OUT_QUERY: no outstanding query "
			     "matches %s%s%s; outstanding: %s",
			     s->number, want, s->address != NULL ? " to " : "",
			     s->address != NULL ? s->address : "", pl);
			note_unforeseen(h);
			break;
		}
		case REPLAY_STEP_REPLY:
			p = newest_pending(h, s);
			if (p == NULL) {
				fail(h,
				     "STEP %" G_GUINT64_FORMAT
				     " REPLY: no outstanding query to answer",
				     s->number);
				note_unforeseen(h);
				break;
			}
			deliver(h, p, s->entry, "REPLY step");
			i++;
			break;
		case REPLAY_STEP_TIME_PASSES:
			i++;
			if (i < steps->len) {
				/* testbound matches the traffic after a time jump against the
				 * next step */
				h->step_no =
				    ((const struct replay_step *)g_ptr_array_index(steps, i))
					->number;
			}
			time_passes(h, s->elapse_ns);
			break;
		case REPLAY_STEP_TIMEOUT:
		case REPLAY_STEP_ERROR: {
			p = newest_pending(h, s);
			if (p == NULL) {
				fail(h, "STEP %" G_GUINT64_FORMAT " %s: no outstanding query",
				     s->number, s->type);
				note_unforeseen(h);
				break;
			}
			uint64_t token = p->token;
			tr(h, "STEP %" G_GUINT64_FORMAT " %s: token %" G_GUINT64_FORMAT " is lost",
			   s->number, s->type, token);
			g_ptr_array_remove(h->pending, p);
			pending_free(p);
			for (guint k = 0; k < h->timers->len; k++) {
				if (g_array_index(h->timers, struct timer, k).token == token) {
					fire_timer(h, k);
					break;
				}
			}
			i++;
			break;
		}
		case REPLAY_STEP_TRAFFIC:
		case REPLAY_STEP_NOTHING:
		case REPLAY_STEP_OTHER:
			i++;
			break;
		}
	}
	if (failed(h)) {
		return;
	}
	drain(h);
	while (h->pending->len > 0) {
		struct pending *p = g_ptr_array_index(h->pending, 0);
		record_unforeseen(h, p,
				  "still outstanding at the end (testbound: messages pending)");
		g_ptr_array_remove_index(h->pending, 0);
		pending_free(p);
	}
	if (h->unforeseen->len > 0) {
		fail(h, "%s", (const char *)g_ptr_array_index(h->unforeseen, 0));
		return;
	}
	if (h->answers->len > 0) {
		const struct answer *a = g_ptr_array_index(h->answers, 0);
		g_autofree char *q = msg_question(h, a->msg);
		fail(h,
		     "the resolver sent %u client answer(s) no CHECK_ANSWER consumed, first: %s %s",
		     h->answers->len, q, rcode_name(a->msg->rcode));
	}
}

static void run_deckard(struct harness *h)
{
	struct dns_msg *last = NULL;
	for (guint i = 0; i < h->sc->steps->len && !failed(h); i++) {
		const struct replay_step *s = g_ptr_array_index(h->sc->steps, i);
		h->step_no = s->number;
		switch (s->kind) {
		case REPLAY_STEP_QUERY: {
			uint64_t token = h->next_client;
			send_client_query(h, s);
			dns_msg_free(last);
			last = NULL;
			/* Deckard's client blocks until the answer comes */
			for (;;) {
				flow_all_d(h);
				for (guint k = 0; k < h->answers->len; k++) {
					struct answer *a = g_ptr_array_index(h->answers, k);
					if (a->client_token == token && last == NULL) {
						last = a->msg;
						a->msg = NULL;
					}
					answer_free(a);
				}
				g_ptr_array_set_size(h->answers, 0);
				if (last != NULL) {
					break;
				}
				gint t = earliest_timer(h);
				if (t < 0 || h->rounds > LOOP_GUARD) {
					fail(h,
					     "STEP %" G_GUINT64_FORMAT
					     " QUERY: the resolver never answered",
					     s->number);
					note_unforeseen(h);
					break;
				}
				fire_timer(h, (guint)t);
			}
			break;
		}
		case REPLAY_STEP_CHECK_ANSWER: {
			if (last == NULL) {
				fail(h,
				     "STEP %" G_GUINT64_FORMAT
				     " CHECK_ANSWER: no answer from a preceding query",
				     s->number);
				break;
			}
			g_autoptr(GString) why = g_string_new(NULL);
			if (!entry_matches(h, s->entry, last, false, why)) {
				fail(h, "STEP %" G_GUINT64_FORMAT " CHECK_ANSWER: %s", s->number,
				     why->str);
				note_unforeseen(h);
			} else {
				tr(h, "STEP %" G_GUINT64_FORMAT " CHECK_ANSWER matches", s->number);
			}
			break;
		}
		case REPLAY_STEP_TIME_PASSES:
			time_passes(h, s->elapse_ns);
			break;
		default:
			/* CHECK_OUT_QUERY: ignored by Deckard; REPLY: a one-shot pool */
			break;
		}
	}
	dns_msg_free(last);
	if (!failed(h) && h->unforeseen->len > 0) {
		fail(h, "%s", (const char *)g_ptr_array_index(h->unforeseen, 0));
	}
}

/* Analysis: config -> setup, and the reasons to skip */

/* Record a reason to skip (each once). The first decides the verdict line; the others are
 * listed after it, so the line says everything that stands between the file and a run. */
static void skip(struct setup *st, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void skip(struct setup *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *reason = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	for (guint i = 0; i < st->skips->len; i++) {
		if (strcmp(g_ptr_array_index(st->skips, i), reason) == 0) {
			g_free(reason);
			return;
		}
	}
	g_ptr_array_add(st->skips, reason);
}

static char *skip_text(const struct setup *st)
{
	GString *s = g_string_new(g_ptr_array_index(st->skips, 0));
	for (guint i = 1; i < st->skips->len; i++) {
		g_string_append(s, i == 1 ? " (also: " : "; ");
		g_string_append(s, g_ptr_array_index(st->skips, i));
	}
	if (st->skips->len > 1) {
		g_string_append_c(s, ')');
	}
	return g_string_free(s, FALSE);
}

/* yes/no of unbound.conf; Deckard's str2bool also takes on/off/true/1. -1 if neither. */
static int yes_no(const char *v)
{
	if (g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "on") == 0 ||
	    g_ascii_strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0) {
		return 1;
	}
	if (g_ascii_strcasecmp(v, "no") == 0 || g_ascii_strcasecmp(v, "off") == 0 ||
	    g_ascii_strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0) {
		return 0;
	}
	return -1;
}

static bool parse_u32(const char *v, uint32_t *out)
{
	guint64 n;
	if (!g_ascii_string_to_unsigned(v, 10, 0, UINT32_MAX, &n, NULL)) {
		return false;
	}
	*out = (uint32_t)n;
	return true;
}

/* What the scenario's data holds, for knobs that matter only when the data exercises them. */
struct data_facts {
	bool ns_ip6;	   /* an AAAA record for a name that is an NS target */
	bool ns_localhost; /* an A/AAAA record of an NS target in 127/8 or ::1 */
	guint queries;	   /* QUERY steps */
	bool check_out_query;
	bool client_do, client_cd;
	bool expects_ad, expects_servfail;
	bool full_answer_with_referral_data; /* [U] MATCH all expecting NS/glue in answers */
};

static void for_each_data_entry(const struct replay_scenario *sc,
				void (*fn)(const struct replay_entry *e, gpointer data),
				gpointer data)
{
	for (guint i = 0; i < sc->ranges->len; i++) {
		const struct replay_range *r = g_ptr_array_index(sc->ranges, i);
		for (guint k = 0; k < r->entries->len; k++) {
			fn(g_ptr_array_index(r->entries, k), data);
		}
	}
	for (guint i = 0; i < sc->steps->len; i++) {
		const struct replay_step *s = g_ptr_array_index(sc->steps, i);
		if (s->kind == REPLAY_STEP_REPLY || s->kind == REPLAY_STEP_CHECK_OUT_QUERY) {
			fn(s->entry, data);
		}
	}
}

static void collect_ns_targets(const struct replay_entry *e, gpointer data)
{
	GHashTable *targets = data;
	for (int s = REPLAY_SECTION_ANSWER; s < REPLAY_SECTION_COUNT; s++) {
		for (size_t i = 0; i < ldns_rr_list_rr_count(e->sections[s]); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(e->sections[s], i);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_NS && ldns_rr_rd_count(rr) > 0) {
				g_hash_table_add(targets, rdf_name_text(ldns_rr_rdf(rr, 0)));
			}
		}
	}
}

struct addr_scan {
	GHashTable *targets;
	struct data_facts *facts;
};

static void scan_ns_addresses(const struct replay_entry *e, gpointer data)
{
	struct addr_scan *scan = data;
	for (int s = REPLAY_SECTION_ANSWER; s < REPLAY_SECTION_COUNT; s++) {
		for (size_t i = 0; i < ldns_rr_list_rr_count(e->sections[s]); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(e->sections[s], i);
			ldns_rr_type t = ldns_rr_get_type(rr);
			if ((t != LDNS_RR_TYPE_A && t != LDNS_RR_TYPE_AAAA) ||
			    ldns_rr_rd_count(rr) == 0) {
				continue;
			}
			g_autofree char *owner = rdf_name_text(ldns_rr_owner(rr));
			if (!g_hash_table_contains(scan->targets, owner)) {
				continue;
			}
			char *addr = ldns_rdf2str(ldns_rr_rdf(rr, 0));
			scan->facts->ns_ip6 |= t == LDNS_RR_TYPE_AAAA;
			scan->facts->ns_localhost |= addr_is_localhost(addr);
			free(addr);
		}
	}
}

static bool has_referral_data(const struct replay_entry *e)
{
	const ldns_rr_list *auth = e->sections[REPLAY_SECTION_AUTHORITY];
	for (size_t i = 0; i < ldns_rr_list_rr_count(auth); i++) {
		if (ldns_rr_get_type(ldns_rr_list_rr(auth, i)) != LDNS_RR_TYPE_SOA) {
			return true;
		}
	}
	return ldns_rr_list_rr_count(e->sections[REPLAY_SECTION_ADDITIONAL]) > 0;
}

static void data_facts_collect(const struct replay_scenario *sc, const struct setup *st,
			       struct data_facts *f)
{
	memset(f, 0, sizeof(*f));
	g_autoptr(GHashTable) targets =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for_each_data_entry(sc, collect_ns_targets, targets);
	if (st->hint_host != NULL) {
		g_hash_table_add(targets, g_ascii_strdown(st->hint_host, -1));
	}
	struct addr_scan scan = { targets, f };
	for_each_data_entry(sc, scan_ns_addresses, &scan);
	for (guint i = 0; i < sc->ranges->len; i++) {
		const struct replay_range *r = g_ptr_array_index(sc->ranges, i);
		for (guint k = 0; k < r->addresses->len; k++) {
			f->ns_ip6 |= addr_is_ip6(g_ptr_array_index(r->addresses, k));
		}
	}
	for (guint i = 0; i < sc->steps->len; i++) {
		const struct replay_step *s = g_ptr_array_index(sc->steps, i);
		if (s->kind == REPLAY_STEP_QUERY) {
			f->queries++;
			f->client_do |= (s->entry->flags & (REPLAY_FLAG_DO | REPLAY_FLAG_CO)) != 0;
			f->client_cd |= (s->entry->flags & REPLAY_FLAG_CD) != 0;
		} else if (s->kind == REPLAY_STEP_CHECK_OUT_QUERY) {
			f->check_out_query = true;
		} else if (s->kind == REPLAY_STEP_CHECK_ANSWER) {
			f->expects_ad |= (s->entry->flags & REPLAY_FLAG_AD) != 0;
			f->expects_servfail |= s->entry->rcode == LDNS_RCODE_SERVFAIL;
			if ((s->entry->match & (REPLAY_MATCH_ALL | REPLAY_MATCH_ALL_NOEDNS)) &&
			    has_referral_data(s->entry)) {
				f->full_answer_with_referral_data = true;
			}
		}
	}
}

struct zone_clause {
	const char *section;
	unsigned clause;
	char *name;
	GPtrArray *addrs;
	bool first, no_cache, prime, host, tcp_upstream;
	int line;
};

static void analyse_unbound(const struct replay_scenario *sc, struct setup *st)
{
	st->profile = *resolver_profile_find("unbound");
	const char *minimal = "yes";
	const char *tfp = "3 2 1 0 0";
	const char *do_ip6 = "yes";
	const char *localhost = "yes";
	const char *below_nx = "yes";
	bool trust_anchor = false;
	bool serve_expired = false;
	uint32_t client_timeout_ms = (uint32_t)(st->profile.stale_timer_ns / SIM_NS_PER_MS);
	uint32_t queries_per_thread = 0;
	bool ede = false, ede_serve_expired = false;
	g_autoptr(GPtrArray) zones = g_ptr_array_new();
	struct zone_clause *zone = NULL;
	for (guint i = 0; i < sc->config->len; i++) {
		const struct replay_config_item *it = g_ptr_array_index(sc->config, i);
		const char *k = it->key;
		const char *v = it->value;
		int yn = yes_no(v);
		uint32_t n = 0;
		if (strcmp(it->section, "testbound") == 0) {
			skip(st, "testbound %s (line %u) not supported", k, it->line);
		} else if (strcmp(it->section, "stub-zone") == 0 ||
			   strcmp(it->section, "forward-zone") == 0) {
			if (zone == NULL || zone->clause != it->clause) {
				zone = g_new0(struct zone_clause, 1);
				zone->section = it->section;
				zone->clause = it->clause;
				zone->addrs = g_ptr_array_new();
				zone->line = (int)it->line;
				g_ptr_array_add(zones, zone);
			}
			if (strcmp(k, "name") == 0) {
				g_free(zone->name);
				zone->name = g_strdup(v);
			} else if (strcmp(k, "stub-addr") == 0 || strcmp(k, "forward-addr") == 0) {
				g_ptr_array_add(zone->addrs, (gpointer)v);
			} else if (strcmp(k, "stub-host") == 0 || strcmp(k, "forward-host") == 0) {
				zone->host = true;
			} else if (strcmp(k, "stub-prime") == 0) {
				zone->prime = yn == 1;
			} else if (strcmp(k, "stub-first") == 0 ||
				   strcmp(k, "forward-first") == 0) {
				zone->first = yn == 1;
			} else if (strcmp(k, "stub-no-cache") == 0 ||
				   strcmp(k, "forward-no-cache") == 0) {
				zone->no_cache = yn == 1;
			} else if (strcmp(k, "forward-tcp-upstream") == 0 ||
				   strcmp(k, "stub-tcp-upstream") == 0) {
				zone->tcp_upstream = yn == 1;
			} else {
				skip(st, "%s option %s not modelled", it->section, k);
			}
		} else if (strcmp(it->section, "remote-control") == 0) {
			/* the control channel: nothing to model */
		} else if (strcmp(it->section, "server") != 0 && it->section[0] != '\0') {
			skip(st, "unbound %s: clause not modelled", it->section);
		} else if (strcmp(k, "qname-minimisation") == 0 && yn >= 0) {
			st->profile.qname_minimisation = yn == 1;
			st->qmin_set = true;
		} else if (strcmp(k, "cache-min-ttl") == 0 && parse_u32(v, &n)) {
			st->profile.min_ttl_s = n;
		} else if (strcmp(k, "cache-max-ttl") == 0 && parse_u32(v, &n)) {
			st->profile.max_ttl_s = n;
		} else if (strcmp(k, "cache-min-negative-ttl") == 0 && parse_u32(v, &n)) {
			st->profile.neg_min_ttl_s = n;
		} else if (strcmp(k, "cache-max-negative-ttl") == 0 && parse_u32(v, &n)) {
			st->profile.neg_max_ttl_s = n;
		} else if (strcmp(k, "prefetch") == 0 && yn >= 0) {
			st->profile.prefetch = yn == 1;
		} else if (strcmp(k, "serve-expired") == 0 && yn >= 0) {
			serve_expired = yn == 1;
		} else if (strcmp(k, "serve-expired-ttl") == 0 && parse_u32(v, &n)) {
			st->profile.max_stale_s = n;
		} else if (strcmp(k, "serve-expired-reply-ttl") == 0 && parse_u32(v, &n)) {
			st->profile.stale_ttl_s = n;
		} else if (strcmp(k, "serve-expired-client-timeout") == 0 && parse_u32(v, &n)) {
			client_timeout_ms = n;
		} else if ((strcmp(k, "serve-expired-ttl-reset") == 0 ||
			    strcmp(k, "serve-original-ttl") == 0 ||
			    strcmp(k, "qname-minimisation-strict") == 0 ||
			    strcmp(k, "harden-referral-path") == 0 ||
			    strcmp(k, "harden-unverified-glue") == 0 ||
			    strcmp(k, "iter-scrub-promiscuous") == 0) &&
			   yn >= 0) {
			/* default no (as the model); yes is a behaviour the model lacks.
			 * iter-scrub-promiscuous: no is the corpus boilerplate (rpl-format.md
			 * 6.3) */
			if (yn == 1) {
				skip(st, "%s: yes not modelled", k);
			}
		} else if ((strcmp(k, "harden-glue") == 0 || strcmp(k, "do-ip4") == 0) && yn >= 0) {
			if (yn == 0) {
				skip(st, "%s: no not modelled", k);
			}
		} else if (strcmp(k, "minimal-responses") == 0) {
			minimal = v;
		} else if (strcmp(k, "target-fetch-policy") == 0) {
			tfp = v;
		} else if (strcmp(k, "do-ip6") == 0) {
			do_ip6 = v;
		} else if (strcmp(k, "do-not-query-localhost") == 0) {
			localhost = v;
		} else if (strcmp(k, "harden-below-nxdomain") == 0) {
			below_nx = v;
		} else if (strcmp(k, "trust-anchor") == 0 || strcmp(k, "trust-anchor-file") == 0 ||
			   strcmp(k, "auto-trust-anchor-file") == 0 ||
			   strcmp(k, "trusted-keys-file") == 0) {
			trust_anchor = true;
		} else if (strcmp(k, "module-config") == 0) {
			if (strcmp(v, "iterator") != 0 && strcmp(v, "validator iterator") != 0) {
				skip(st, "module-config \"%s\" not modelled", v);
			}
		} else if (strcmp(k, "access-control") == 0) {
			if (!g_str_has_suffix(v, " allow") &&
			    !g_str_has_suffix(v, " allow_snoop")) {
				skip(st, "access-control %s not modelled", v);
			}
		} else if (strcmp(k, "num-queries-per-thread") == 0 && parse_u32(v, &n)) {
			queries_per_thread = n;
		} else if (strcmp(k, "local-zone") == 0) {
			if (!g_str_has_suffix(v, " nodefault")) {
				skip(st, "local-zone %s not modelled", v);
			}
		} else if (strcmp(k, "ede") == 0 && yn >= 0) {
			ede = yn == 1;
		} else if (strcmp(k, "ede-serve-expired") == 0 && yn >= 0) {
			ede_serve_expired = yn == 1;
		} else if (strcmp(k, "rrset-roundrobin") == 0 ||
			   strcmp(k, "val-override-date") == 0 || strcmp(k, "fake-sha1") == 0 ||
			   strcmp(k, "trust-anchor-signaling") == 0 ||
			   strcmp(k, "domain-insecure") == 0 || strcmp(k, "aggressive-nsec") == 0 ||
			   strcmp(k, "val-log-level") == 0 || strcmp(k, "verbosity") == 0 ||
			   strcmp(k, "log-servfail") == 0 || strcmp(k, "use-syslog") == 0 ||
			   strcmp(k, "logfile") == 0 || strcmp(k, "directory") == 0 ||
			   strcmp(k, "chroot") == 0 || strcmp(k, "username") == 0 ||
			   strcmp(k, "pidfile") == 0) {
			/* no effect on the compared answers: docs/design/replay.md */
		} else {
			skip(st, "unbound option %s: %s not modelled", k, v);
		}
	}
	if (serve_expired) {
		st->profile.serve_stale =
		    client_timeout_ms == 0 ? RESOLVER_STALE_IMMEDIATE : RESOLVER_STALE_TIMER;
		st->profile.stale_timer_ns = (int64_t)client_timeout_ms * SIM_NS_PER_MS;
	} else {
		st->profile.serve_stale = RESOLVER_STALE_OFF;
	}
	bool forward_root = false;
	for (guint i = 0; i < zones->len; i++) {
		struct zone_clause *z = g_ptr_array_index(zones, i);
		bool fwd = strcmp(z->section, "forward-zone") == 0;
		if (z->name == NULL) {
			skip(st, "%s without a name (line %d)", z->section, z->line);
		} else if (z->host) {
			skip(st, "%s %s: %s-host (a server by name) not modelled", z->section,
			     z->name, fwd ? "forward" : "stub");
		} else if (z->first) {
			skip(st, "%s %s: %s-first not modelled", z->section, z->name,
			     fwd ? "forward" : "stub");
		} else if (z->no_cache) {
			skip(st, "%s %s: no-cache not modelled", z->section, z->name);
		} else if (z->prime) {
			skip(st, "stub-zone %s: stub-prime: yes not modelled", z->name);
		} else if (z->tcp_upstream) {
			skip(st, "%s %s: tcp-upstream not modelled", z->section, z->name);
		} else if (z->addrs->len == 0) {
			skip(st, "%s %s without addresses", z->section, z->name);
		} else if (fwd && strcmp(z->name, ".") != 0) {
			skip(st, "forward-zone %s: only forwarding of everything ('.') is modelled",
			     z->name);
		} else if (fwd) {
			forward_root = true;
			for (guint k = 0; k < z->addrs->len; k++) {
				g_ptr_array_add(st->forwarders,
						g_strdup(g_ptr_array_index(z->addrs, k)));
			}
		} else {
			struct zone_conf *c = g_new0(struct zone_conf, 1);
			c->name = g_strdup(z->name);
			c->addrs = g_ptr_array_new_with_free_func(g_free);
			for (guint k = 0; k < z->addrs->len; k++) {
				g_ptr_array_add(c->addrs, g_strdup(g_ptr_array_index(z->addrs, k)));
			}
			g_ptr_array_add(st->stubs, c);
		}
		g_free(z->name);
		g_ptr_array_free(z->addrs, TRUE);
		g_free(z);
	}
	if (forward_root && st->stubs->len > 0) {
		skip(st, "stub zones together with forward-zone '.' not modelled");
	}
	struct data_facts f;
	data_facts_collect(sc, st, &f);
	if (trust_anchor) {
		/* unbound applies harden-below-nxdomain only to DNSSEC-secure NXDOMAINs, which is
		 * why stop_nxdomain*.rpl carry a trust anchor (rpl-format.md section 5 item 18).
		 * A non-validating model that cuts below every NXDOMAIN gives the same answers as
		 * long as no client asks for DNSSEC data and no answer depends on validation. */
		if (yes_no(below_nx) == 1 && !f.client_do && !f.client_cd && !f.expects_ad &&
		    !f.expects_servfail) {
			st->profile.nxdomain_cut = true;
		} else {
			skip(st, "DNSSEC validation (trust-anchor) not modelled");
		}
	}
	if (yes_no(minimal) == 0) {
		st->profile.full_responses = true;
	}
	if (!forward_root && f.check_out_query && strcmp(tfp, "0 0 0 0 0") != 0) {
		skip(st,
		     "target-fetch-policy \"%s\" with CHECK_OUT_QUERY steps not modelled (the "
		     "model fetches only the NS addresses it needs)",
		     tfp);
	}
	if (yes_no(do_ip6) == 0 && f.ns_ip6) {
		skip(st, "do-ip6: no not modelled (the data has IPv6 server addresses)");
	}
	if (yes_no(localhost) != 0 && f.ns_localhost) {
		skip(st, "do-not-query-localhost: yes not modelled (the data has 127/8 server "
			 "addresses)");
	}
	/* unbound: EDE 3 (Stale Answer) on expired answers needs both ede and
	 * ede-serve-expired (doc/unbound.conf.rst) */
	st->profile.ede_stale = ede && ede_serve_expired;
	if (queries_per_thread > 0 && f.queries > queries_per_thread) {
		skip(st, "num-queries-per-thread: %u with %u client queries not modelled",
		     queries_per_thread, f.queries);
	}
}

/* "YYYYMMDDHHMMSS" (UTC) to POSIX seconds; FALSE if malformed. */
static bool parse_date(const char *v, int64_t *out)
{
	int y, mo, d, hh, mm, ss;
	if (strlen(v) != 14 || sscanf(v, "%4d%2d%2d%2d%2d%2d", &y, &mo, &d, &hh, &mm, &ss) != 6) {
		return false;
	}
	struct tm tm = { .tm_year = y - 1900,
			 .tm_mon = mo - 1,
			 .tm_mday = d,
			 .tm_hour = hh,
			 .tm_min = mm,
			 .tm_sec = ss };
	*out = (int64_t)timegm(&tm);
	return true;
}

static void analyse_deckard(const struct replay_scenario *sc, struct setup *st)
{
	/* Deckard's expected answers follow kresd's shape (rpl-format.md 4.2) */
	st->profile = *resolver_profile_find("knot-6");
	const char *do_ip6 = "yes";
	const char *localhost = "yes";
	bool trust_anchor = false;
	for (guint i = 0; i < sc->config->len; i++) {
		const struct replay_config_item *it = g_ptr_array_index(sc->config, i);
		const char *k = it->key;
		const char *v = it->value;
		int yn = yes_no(v);
		int64_t t;
		if (strcmp(k, "stub-addr") == 0) {
			g_ptr_array_add(st->hint_addrs, g_strdup(v));
		} else if (strcmp(k, "stub-name") == 0) {
			g_free(st->hint_host);
			st->hint_host = g_strdup(v);
		} else if (strcmp(k, "query-minimization") == 0 && yn >= 0) {
			st->profile.qname_minimisation = yn == 1;
			st->qmin_set = true;
		} else if (strcmp(k, "harden-glue") == 0 && yn >= 0) {
			if (yn == 0) {
				skip(st, "harden-glue: no not modelled");
			}
		} else if (strcmp(k, "do-ip4") == 0 && yn >= 0) {
			if (yn == 0) {
				skip(st, "do-ip4: no not modelled");
			}
		} else if (strcmp(k, "do-ip6") == 0) {
			do_ip6 = v;
		} else if (strcmp(k, "do-not-query-localhost") == 0) {
			localhost = v;
		} else if (strcmp(k, "force-ipv6") == 0) {
			if (yn == 1) {
				skip(st, "force-ipv6 not modelled");
			}
		} else if (strcmp(k, "forward-addr") == 0) {
			g_ptr_array_add(st->forwarders, g_strdup(v));
		} else if (strcmp(k, "trust-anchor") == 0) {
			trust_anchor = true;
		} else if (strcmp(k, "domain-insecure") == 0) {
			/* only switches validation off below a name */
		} else if (strcmp(k, "val-override-timestamp") == 0 &&
			   g_ascii_string_to_signed(v, 10, 0, G_MAXINT32, &t, NULL)) {
			st->start_ns = t * SIM_NS_PER_S;
		} else if (strcmp(k, "val-override-date") == 0 && parse_date(v, &t)) {
			st->start_ns = t * SIM_NS_PER_S;
		} else if (strcmp(k, "features") == 0) {
			g_auto(GStrv) items = g_strsplit(v, ";", -1);
			for (guint f = 0; items[f] != NULL; f++) {
				g_auto(GStrv) kv = g_strsplit(items[f], "=", 2);
				if (kv[0] == NULL || g_strstrip(kv[0])[0] == '\0') {
					continue;
				}
				uint32_t n;
				const char *fv = kv[1] != NULL ? g_strstrip(kv[1]) : "";
				/* kresd cache.min_ttl/max_ttl clamp positive and negative
				 * entries alike */
				if (strcmp(kv[0], "min_ttl") == 0 && parse_u32(fv, &n)) {
					st->profile.min_ttl_s = n;
					st->profile.neg_min_ttl_s = n;
				} else if (strcmp(kv[0], "max_ttl") == 0 && parse_u32(fv, &n)) {
					st->profile.max_ttl_s = n;
					st->profile.neg_max_ttl_s = n;
				} else {
					skip(st, "Deckard feature %s not modelled", kv[0]);
				}
			}
		} else {
			skip(st, "Deckard config %s: %s not modelled", k, v);
		}
	}
	if (st->hint_host == NULL) {
		st->hint_host = g_strdup("k.root-servers.net.");
	}
	if (st->hint_addrs->len > 0 && st->forwarders->len > 0) {
		skip(st, "root hints together with forward-addr not modelled");
	}
	struct data_facts f;
	data_facts_collect(sc, st, &f);
	if (trust_anchor) {
		skip(st, "DNSSEC validation (trust-anchor) not modelled");
	}
	for (guint i = 0; i < st->hint_addrs->len; i++) {
		f.ns_ip6 |= addr_is_ip6(g_ptr_array_index(st->hint_addrs, i));
	}
	if (yes_no(do_ip6) == 0 && f.ns_ip6) {
		skip(st, "do-ip6: no not modelled (the data has IPv6 server addresses)");
	}
	if (yes_no(localhost) != 0 && f.ns_localhost) {
		skip(st, "do-not-query-localhost: yes not modelled (the data has 127/8 server "
			 "addresses)");
	}
}

static const char *match_unsupported(uint32_t m)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ REPLAY_MATCH_EDNSDATA, "ednsdata (EDNS options)" },
		{ REPLAY_MATCH_EDNS, "edns (EDNS version and payload)" },
		{ REPLAY_MATCH_NSID, "nsid" },
		{ REPLAY_MATCH_SERIAL, "serial= (IXFR)" },
		{ REPLAY_MATCH_CLIENT_COOKIE, "client_cookie" },
		{ REPLAY_MATCH_SERVER_COOKIE, "server_cookie" },
		{ REPLAY_MATCH_DO, "DO (the message model has no DO bit)" },
		{ REPLAY_MATCH_CO, "CO" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (m & names[i].bit) {
			return names[i].name;
		}
	}
	return NULL;
}

static void check_entry(struct setup *st, const struct replay_entry *e)
{
	if (e->hex_answer != NULL || e->raw != NULL || e->extra_packets > 0) {
		skip(st, "raw, hex or multi-packet messages not modelled (entry at line %u)",
		     e->line);
	}
	if (e->hex_ednsdata != NULL || e->notes->len > 0) {
		skip(st, "EDNS option data not modelled (entry at line %u)", e->line);
	}
	if (e->tsig != NULL) {
		skip(st, "TSIG not modelled");
	}
	const char *m = match_unsupported(e->match);
	if (m != NULL) {
		skip(st, "MATCH %s not modelled", m);
	}
	if (e->adjust & (REPLAY_ADJUST_SLEEP | REPLAY_ADJUST_PACKET_SLEEP)) {
		skip(st, "ADJUST sleep not modelled");
	}
	if (e->adjust & (REPLAY_ADJUST_COPY_EDNSDATA_ECS | REPLAY_ADJUST_INCREMENT_ECS_SCOPE)) {
		skip(st, "ADJUST of EDNS Client Subnet not modelled");
	}
	if (e->adjust & REPLAY_ADJUST_RAW_ID) {
		skip(st, "ADJUST raw_id not modelled");
	}
}

static void analyse_steps(const struct replay_scenario *sc, struct setup *st, bool deckard)
{
	for (guint i = 0; i < sc->ranges->len; i++) {
		const struct replay_range *r = g_ptr_array_index(sc->ranges, i);
		for (guint k = 0; k < r->entries->len; k++) {
			check_entry(st, g_ptr_array_index(r->entries, k));
		}
	}
	for (guint i = 0; i < sc->steps->len; i++) {
		const struct replay_step *s = g_ptr_array_index(sc->steps, i);
		if (s->entry != NULL) {
			check_entry(st, s->entry);
		}
		switch (s->kind) {
		case REPLAY_STEP_QUERY: {
			const struct replay_entry *e = s->entry;
			if (ldns_rr_list_rr_count(e->sections[REPLAY_SECTION_QUESTION]) == 0) {
				skip(st,
				     "client query without a question (STEP %" G_GUINT64_FORMAT ")",
				     s->number);
			}
			if (e->flags & REPLAY_FLAG_CO) {
				skip(st, "client query with EDNS CO not modelled");
			}
			if (e->opcode != LDNS_PACKET_QUERY) {
				skip(st, "client opcode %s not modelled", opcode_name(e->opcode));
			}
			if (e->match & REPLAY_MATCH_TCP) {
				skip(st, "client query over TCP not modelled");
			}
			if (s->address != NULL) {
				skip(st, "client source address (STEP ADDRESS) not modelled");
			}
			break;
		}
		case REPLAY_STEP_CHECK_ANSWER:
			if (s->address != NULL) {
				skip(st, "client source address (STEP ADDRESS) not modelled");
			}
			break;
		case REPLAY_STEP_TIME_PASSES:
			if (!s->has_elapse) {
				skip(st, "TIME_PASSES EVAL (macro expressions) not supported");
			}
			break;
		case REPLAY_STEP_OTHER:
			skip(st, "STEP %s not supported", s->type);
			break;
		case REPLAY_STEP_TIMEOUT:
		case REPLAY_STEP_ERROR:
		case REPLAY_STEP_TRAFFIC:
		case REPLAY_STEP_NOTHING:
			if (deckard) {
				skip(st, "STEP %s is not Deckard syntax", s->type);
			}
			break;
		default:
			break;
		}
	}
}

static void setup_clear(struct setup *st)
{
	g_free(st->hint_host);
	g_ptr_array_free(st->hint_addrs, TRUE);
	g_ptr_array_free(st->stubs, TRUE);
	g_ptr_array_free(st->forwarders, TRUE);
	g_ptr_array_free(st->skips, TRUE);
}

/* Run */

static GPtrArray *null_terminated(const GPtrArray *strings)
{
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < strings->len; i++) {
		g_ptr_array_add(out, g_ptr_array_index(strings, i));
	}
	g_ptr_array_add(out, NULL);
	return out;
}

/* One play of the scenario; the failure (empty on success) goes to failure. */
static void run_once(const struct replay_scenario *sc, const struct setup *st,
		     const struct resolver_profile *profile, const struct replay_options *opts,
		     GString *failure)
{
	struct harness h = {
		.sc = sc,
		.setup = st,
		.deckard = sc->dialect == REPLAY_DIALECT_DECKARD,
		.trace = opts->trace,
		.now_ns = st->start_ns,
		.base_ns = st->start_ns,
		.failure = failure,
		.next_client = 1,
	};
	h.names = dns_names_new();
	h.pending = g_ptr_array_new(); /* elements freed by whoever removes them */
	h.timers = g_array_new(FALSE, FALSE, sizeof(struct timer));
	h.answers = g_ptr_array_new();
	h.unforeseen = g_ptr_array_new_with_free_func(g_free);
	h.used_replies = g_hash_table_new(g_direct_hash, g_direct_equal);
	GArray *hints = g_array_new(FALSE, FALSE, sizeof(struct resolver_hint));
	for (guint i = 0; i < st->hint_addrs->len; i++) {
		struct resolver_hint hint = { dns_name_intern(h.names, st->hint_host),
					      g_ptr_array_index(st->hint_addrs, i) };
		g_array_append_val(hints, hint);
	}
	h.r = resolver_new("replay", profile, h.names, (struct resolver_hint *)(void *)hints->data,
			   hints->len, opts->seed);
	g_array_free(hints, TRUE);
	if (h.trace != NULL) {
		resolver_set_trace(h.r, h.trace);
	}
	if (st->forwarders->len > 0) {
		g_autoptr(GPtrArray) fw = null_terminated(st->forwarders);
		resolver_set_forwarders(h.r, (const char *const *)fw->pdata);
	}
	for (guint i = 0; i < st->stubs->len; i++) {
		const struct zone_conf *z = g_ptr_array_index(st->stubs, i);
		g_autoptr(GPtrArray) addrs = null_terminated(z->addrs);
		resolver_add_stub_zone(h.r, dns_name_intern(h.names, z->name),
				       (const char *const *)addrs->pdata);
	}
	tr(&h, "profile %s, qname minimisation %s, dialect %s", profile->name,
	   profile->qname_minimisation ? "on" : "off", replay_dialect_name(sc->dialect));
	if (h.deckard) {
		run_deckard(&h);
	} else {
		run_unbound(&h);
	}
	resolver_free(h.r);
	g_ptr_array_foreach(h.pending, (GFunc)(void (*)(void))pending_free, NULL);
	g_ptr_array_foreach(h.answers, (GFunc)(void (*)(void))answer_free, NULL);
	g_ptr_array_free(h.pending, TRUE);
	g_array_free(h.timers, TRUE);
	g_ptr_array_free(h.answers, TRUE);
	g_ptr_array_free(h.unforeseen, TRUE);
	g_hash_table_destroy(h.used_replies);
	dns_names_free(h.names);
}

void replay_run(const struct replay_scenario *sc, const struct replay_options *opts,
		struct replay_result *result)
{
	static const struct replay_options defaults = { .seed = 1 };
	if (opts == NULL) {
		opts = &defaults;
	}
	struct setup st = {
		.hint_addrs = g_ptr_array_new_with_free_func(g_free),
		.stubs = g_ptr_array_new_with_free_func((GDestroyNotify)zone_conf_free),
		.forwarders = g_ptr_array_new_with_free_func(g_free),
		.skips = g_ptr_array_new_with_free_func(g_free),
	};
	bool deckard = sc->dialect == REPLAY_DIALECT_DECKARD;
	if (deckard) {
		analyse_deckard(sc, &st);
	} else {
		analyse_unbound(sc, &st);
	}
	analyse_steps(sc, &st, deckard);
	result->reason = NULL;
	if (st.skips->len > 0) {
		result->verdict = REPLAY_SKIP;
		result->reason = skip_text(&st);
		setup_clear(&st);
		return;
	}
	g_autoptr(GString) failure = g_string_new(NULL);
	if (deckard && !st.qmin_set) {
		/* Deckard plays a file without query-minimization: twice, off and on
		 * (conftest.py get_qmin_config); it must pass both ways */
		g_autoptr(GString) with_on = g_string_new(NULL);
		struct resolver_profile p = st.profile;
		p.qname_minimisation = false;
		run_once(sc, &st, &p, opts, failure);
		p.qname_minimisation = true;
		run_once(sc, &st, &p, opts, with_on);
		if (failure->len > 0 && strcmp(failure->str, with_on->str) == 0) {
			g_string_append(failure, " (with query minimisation off and on)");
		} else if (failure->len > 0) {
			g_string_prepend(failure, "with query minimisation off: ");
		} else if (with_on->len > 0) {
			g_string_printf(failure, "with query minimisation on: %s", with_on->str);
		}
	} else {
		run_once(sc, &st, &st.profile, opts, failure);
	}
	result->verdict = failure->len > 0 ? REPLAY_FAIL : REPLAY_PASS;
	if (failure->len > 0) {
		result->reason = g_strdup(failure->str);
	} else {
		guint checks = 0;
		for (guint i = 0; i < sc->steps->len; i++) {
			checks +=
			    ((const struct replay_step *)g_ptr_array_index(sc->steps, i))->kind ==
			    REPLAY_STEP_CHECK_ANSWER;
		}
		result->reason = g_strdup_printf(
		    "%u answer(s) checked%s", checks,
		    deckard && !st.qmin_set ? ", with query minimisation on and off" : "");
	}
	setup_clear(&st);
}
