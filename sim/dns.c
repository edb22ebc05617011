#include "sim/dns.h"

#include <arpa/inet.h>
#include <string.h>

#include "sim/util.h"

struct dns_name_info {
	char *text;    /* canonical presentation format */
	uint8_t *wire; /* canonical (lower-case) wire format */
	uint32_t parent;
	uint16_t labels;
	uint16_t wire_len;
	uint16_t first_label_len; /* bytes of the first label in text */
};

struct dns_names {
	GArray *info;	      /* struct dns_name_info, index = id */
	GHashTable *ids;      /* text -> id + 1 */
	GHashTable *wire_ids; /* canonical wire format -> id + 1 (the same names, found without
			       * turning a record's name into text) */
	GPtrArray *first;     /* first labels, lazily built: char * per id (or NULL) */
};

/* Bytes of a wire-format name, its terminating zero included. */
static size_t wire_name_len(const uint8_t *wire)
{
	size_t n = 0;
	while (wire[n] != 0) {
		n += (size_t)wire[n] + 1;
	}
	return n + 1;
}

static guint wire_hash(gconstpointer key)
{
	const uint8_t *wire = key;
	size_t n = wire_name_len(wire);
	guint h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h = (h ^ wire[i]) * 16777619u;
	}
	return h;
}

static gboolean wire_equal(gconstpointer a, gconstpointer b)
{
	size_t n = wire_name_len(a);
	return n == wire_name_len(b) && memcmp(a, b, n) == 0;
}

static uint32_t add_name(dns_names *names, char *text, const uint8_t *wire, uint32_t parent,
			 unsigned labels, unsigned wire_len)
{
	struct dns_name_info info = {
		.text = text,
		.wire = g_memdup2(wire, wire_len),
		.parent = parent,
		.labels = (uint16_t)labels,
		.wire_len = (uint16_t)wire_len,
	};
	const char *dot = text;
	/* first label ends at the first unescaped dot */
	while (*dot != '\0' && *dot != '.') {
		dot += (*dot == '\\' && dot[1] != '\0') ? 2 : 1;
	}
	info.first_label_len = (uint16_t)(dot - text);
	uint32_t id = names->info->len;
	g_array_append_val(names->info, info);
	g_hash_table_insert(names->ids, text, GUINT_TO_POINTER(id + 1));
	g_hash_table_insert(names->wire_ids, info.wire, GUINT_TO_POINTER(id + 1));
	g_ptr_array_add(names->first, NULL);
	return id;
}

dns_names *dns_names_new(void)
{
	dns_names *names = g_new0(dns_names, 1);
	names->info = g_array_new(FALSE, FALSE, sizeof(struct dns_name_info));
	names->ids = g_hash_table_new(g_str_hash, g_str_equal);
	names->wire_ids = g_hash_table_new(wire_hash, wire_equal);
	names->first = g_ptr_array_new_with_free_func(g_free);
	static const uint8_t root_wire[1] = { 0 };
	uint32_t root = add_name(names, g_strdup("."), root_wire, DNS_NAME_NONE, 0, 1);
	SIM_ASSERT(root == DNS_NAME_ROOT);
	g_array_index(names->info, struct dns_name_info, 0).first_label_len = 0;
	return names;
}

void dns_names_free(dns_names *names)
{
	if (names == NULL) {
		return;
	}
	for (guint i = 0; i < names->info->len; i++) {
		g_free(g_array_index(names->info, struct dns_name_info, i).text);
		g_free(g_array_index(names->info, struct dns_name_info, i).wire);
	}
	g_hash_table_destroy(names->wire_ids);
	g_array_free(names->info, TRUE);
	g_hash_table_destroy(names->ids);
	g_ptr_array_free(names->first, TRUE);
	g_free(names);
}

static uint32_t intern_rdf(dns_names *names, const ldns_rdf *rdf_in)
{
	ldns_rdf *rdf = ldns_rdf_clone(rdf_in);
	ldns_dname2canonical(rdf);
	char *s = ldns_rdf2str(rdf);
	gpointer found = g_hash_table_lookup(names->ids, s);
	if (found != NULL) {
		free(s);
		ldns_rdf_deep_free(rdf);
		return GPOINTER_TO_UINT(found) - 1;
	}
	uint8_t labels = ldns_dname_label_count(rdf);
	ldns_rdf *chopped = ldns_dname_left_chop(rdf);
	uint32_t parent = chopped != NULL ? intern_rdf(names, chopped) : DNS_NAME_ROOT;
	if (chopped != NULL) {
		ldns_rdf_deep_free(chopped);
	}
	uint32_t id = add_name(names, g_strdup(s), ldns_rdf_data(rdf), parent, labels,
			       (unsigned)ldns_rdf_size(rdf));
	free(s);
	ldns_rdf_deep_free(rdf);
	return id;
}

uint32_t dns_name_intern_rdf(dns_names *names, const ldns_rdf *rdf)
{
	if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME) {
		return DNS_NAME_NONE;
	}
	if (ldns_rdf_size(rdf) == 1) {
		return DNS_NAME_ROOT;
	}
	/* a name seen before: found by its wire format in lower case (RFC 4343), no text made */
	uint8_t key[LDNS_MAX_DOMAINLEN + 1];
	size_t n = ldns_rdf_size(rdf);
	if (n <= sizeof(key)) {
		const uint8_t *data = ldns_rdf_data(rdf);
		for (size_t i = 0; i < n; i++) {
			key[i] = (uint8_t)LDNS_DNAME_NORMALIZE(data[i]);
		}
		size_t end = 0;
		while (end < n && key[end] != 0) {
			end += (size_t)key[end] + 1;
		}
		if (end + 1 == n) {
			gpointer found = g_hash_table_lookup(names->wire_ids, key);
			if (found != NULL) {
				return GPOINTER_TO_UINT(found) - 1;
			}
		}
	}
	return intern_rdf(names, rdf);
}

uint32_t dns_name_intern(dns_names *names, const char *text)
{
	gpointer found = g_hash_table_lookup(names->ids, text);
	if (found != NULL) {
		return GPOINTER_TO_UINT(found) - 1;
	}
	if (text[0] == '\0') {
		return DNS_NAME_NONE;
	}
	ldns_rdf *rdf = NULL;
	if (ldns_str2rdf_dname(&rdf, text) != LDNS_STATUS_OK) {
		return DNS_NAME_NONE;
	}
	uint32_t id = dns_name_intern_rdf(names, rdf);
	ldns_rdf_deep_free(rdf);
	return id;
}

uint32_t dns_name_find(const dns_names *names, const char *text)
{
	gpointer found = g_hash_table_lookup(names->ids, text);
	if (found != NULL) {
		return GPOINTER_TO_UINT(found) - 1;
	}
	ldns_rdf *rdf = NULL;
	if (ldns_str2rdf_dname(&rdf, text) != LDNS_STATUS_OK) {
		return DNS_NAME_NONE;
	}
	ldns_dname2canonical(rdf);
	char *s = ldns_rdf2str(rdf);
	found = g_hash_table_lookup(names->ids, s);
	free(s);
	ldns_rdf_deep_free(rdf);
	return found != NULL ? GPOINTER_TO_UINT(found) - 1 : DNS_NAME_NONE;
}

static const struct dns_name_info *info_of(const dns_names *names, uint32_t name)
{
	SIM_ASSERT(name < names->info->len);
	return &g_array_index(names->info, struct dns_name_info, name);
}

const char *dns_name_text(const dns_names *names, uint32_t name)
{
	return info_of(names, name)->text;
}

uint32_t dns_name_parent(const dns_names *names, uint32_t name)
{
	return info_of(names, name)->parent;
}

unsigned dns_name_labels(const dns_names *names, uint32_t name)
{
	return info_of(names, name)->labels;
}

unsigned dns_name_wire_len(const dns_names *names, uint32_t name)
{
	return info_of(names, name)->wire_len;
}

guint dns_names_count(const dns_names *names)
{
	return names->info->len;
}

bool dns_name_is_subdomain(const dns_names *names, uint32_t name, uint32_t ancestor)
{
	unsigned want = dns_name_labels(names, ancestor);
	unsigned have = dns_name_labels(names, name);
	if (have < want) {
		return false;
	}
	return dns_name_ancestor(names, name, want) == ancestor;
}

uint32_t dns_name_ancestor(const dns_names *names, uint32_t name, unsigned labels)
{
	unsigned have = dns_name_labels(names, name);
	SIM_ASSERT(labels <= have);
	for (; have > labels; have--) {
		name = dns_name_parent(names, name);
	}
	return name;
}

const char *dns_name_first_label(const dns_names *names, uint32_t name)
{
	const struct dns_name_info *info = info_of(names, name);
	char *cached = g_ptr_array_index(names->first, name);
	if (cached == NULL) {
		cached = g_strndup(info->text, info->first_label_len);
		g_ptr_array_index(names->first, name) = cached;
	}
	return cached;
}

bool dns_name_is_wildcard(const dns_names *names, uint32_t name)
{
	const struct dns_name_info *info = info_of(names, name);
	return info->first_label_len == 1 && info->text[0] == '*';
}

/* RRsets */

/*
 * Freed RRset records kept for reuse: every cache answer carries a TTL copy of its set, made and
 * dropped once per client query. Single-threaded, as the message pool below.
 */
#define RRSET_POOL_SIZE 1024
static struct dns_rrset *rrset_pool[RRSET_POOL_SIZE];
static guint rrset_pool_len;

static struct dns_rrset *rrset_alloc(void)
{
	if (rrset_pool_len > 0) {
		struct dns_rrset *set = rrset_pool[--rrset_pool_len];
		memset(set, 0, sizeof(*set));
		return set;
	}
	return g_new0(struct dns_rrset, 1);
}

static void rrset_release(struct dns_rrset *set)
{
	if (rrset_pool_len < RRSET_POOL_SIZE) {
		rrset_pool[rrset_pool_len++] = set;
	} else {
		g_free(set);
	}
}

struct dns_rrset *dns_rrset_new(uint32_t owner, uint16_t type, uint16_t rclass, uint32_t ttl)
{
	struct dns_rrset *set = rrset_alloc();
	set->owner = owner;
	set->type = type;
	set->rclass = rclass;
	set->ttl = ttl;
	set->refs = 1;
	set->rrs = ldns_rr_list_new();
	return set;
}

void dns_rrset_add(struct dns_rrset *set, ldns_rr *rr)
{
	SIM_ASSERT(set->refs == 1 && set->base == NULL);
	if (ldns_rr_ttl(rr) < set->ttl) {
		set->ttl = ldns_rr_ttl(rr); /* RFC 2181 5.2: the set has the lowest TTL */
	}
	bool duplicate = false;
	for (size_t i = 0; i < ldns_rr_list_rr_count(set->rrs) && !duplicate; i++) {
		duplicate = ldns_rr_compare(rr, ldns_rr_list_rr(set->rrs, i)) == 0;
	}
	if (duplicate) {
		ldns_rr_free(rr);
	} else {
		ldns_rr_list_push_rr(set->rrs, rr);
	}
	for (size_t i = 0; i < ldns_rr_list_rr_count(set->rrs); i++) {
		ldns_rr_set_ttl(ldns_rr_list_rr(set->rrs, i), set->ttl);
	}
}

struct dns_rrset *dns_rrset_copy_ttl(const struct dns_rrset *set, uint32_t ttl)
{
	struct dns_rrset *owner = set->base != NULL ? set->base : (struct dns_rrset *)set;
	if (ttl == set->ttl) {
		return dns_rrset_ref((struct dns_rrset *)set);
	}
	struct dns_rrset *copy = rrset_alloc();
	copy->owner = set->owner;
	copy->type = set->type;
	copy->rclass = set->rclass;
	copy->ttl = ttl;
	copy->refs = 1;
	copy->rrs = owner->rrs;
	copy->base = dns_rrset_ref(owner);
	return copy;
}

struct dns_rrset *dns_rrset_clone(const struct dns_rrset *set)
{
	struct dns_rrset *copy = dns_rrset_new(set->owner, set->type, set->rclass, set->ttl);
	for (size_t i = 0; i < ldns_rr_list_rr_count(set->rrs); i++) {
		ldns_rr *rr = ldns_rr_clone(ldns_rr_list_rr(set->rrs, i));
		ldns_rr_set_ttl(rr, set->ttl);
		ldns_rr_list_push_rr(copy->rrs, rr);
	}
	return copy;
}

ldns_rr *dns_rrset_rr_copy(const struct dns_rrset *set, size_t i)
{
	ldns_rr *rr = ldns_rr_clone(ldns_rr_list_rr(set->rrs, i));
	ldns_rr_set_ttl(rr, set->ttl);
	return rr;
}

struct dns_rrset *dns_rrset_ref(struct dns_rrset *set)
{
	set->refs++;
	return set;
}

void dns_rrset_unref(struct dns_rrset *set)
{
	if (set == NULL) {
		return;
	}
	SIM_ASSERT(set->refs > 0);
	if (--set->refs == 0) {
		if (set->base != NULL) {
			dns_rrset_unref(set->base);
		} else {
			ldns_rr_list_deep_free(set->rrs);
		}
		rrset_release(set);
	}
}

guint dns_rrset_count(const struct dns_rrset *set)
{
	return (guint)ldns_rr_list_rr_count(set->rrs);
}

bool dns_rrset_equal_data(const struct dns_rrset *a, const struct dns_rrset *b)
{
	if (a->owner != b->owner || a->type != b->type || a->rclass != b->rclass ||
	    dns_rrset_count(a) != dns_rrset_count(b)) {
		return false;
	}
	for (size_t i = 0; i < ldns_rr_list_rr_count(a->rrs); i++) {
		bool found = false;
		for (size_t j = 0; j < ldns_rr_list_rr_count(b->rrs) && !found; j++) {
			found = ldns_rr_compare(ldns_rr_list_rr(a->rrs, i),
						ldns_rr_list_rr(b->rrs, j)) == 0;
		}
		if (!found) {
			return false;
		}
	}
	return true;
}

uint32_t dns_rrset_rdata_name(dns_names *names, const struct dns_rrset *set, guint i)
{
	ldns_rr *rr = ldns_rr_list_rr(set->rrs, i);
	size_t field = set->type == LDNS_RR_TYPE_MX ? 1 : 0;
	if (rr == NULL || ldns_rr_rd_count(rr) <= field) {
		return DNS_NAME_NONE;
	}
	return dns_name_intern_rdf(names, ldns_rr_rdf(rr, field));
}

const char *dns_rdf_address_text(const ldns_rdf *rdf, char buf[DNS_ADDRESS_TEXT_MAX])
{
	ldns_rdf_type t = ldns_rdf_get_type(rdf);
	if ((t == LDNS_RDF_TYPE_A && ldns_rdf_size(rdf) == 4 &&
	     inet_ntop(AF_INET, ldns_rdf_data(rdf), buf, DNS_ADDRESS_TEXT_MAX) != NULL) ||
	    (t == LDNS_RDF_TYPE_AAAA && ldns_rdf_size(rdf) == 16 &&
	     inet_ntop(AF_INET6, ldns_rdf_data(rdf), buf, DNS_ADDRESS_TEXT_MAX) != NULL)) {
		return buf;
	}
	char *text = ldns_rdf2str(rdf);
	g_strlcpy(buf, text != NULL ? text : "", DNS_ADDRESS_TEXT_MAX);
	free(text);
	return buf;
}

void dns_rrset_print(const struct dns_rrset *set, GString *out)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(set->rrs); i++) {
		ldns_rr *rr = dns_rrset_rr_copy(set, i);
		char *s = ldns_rr2str(rr);
		g_string_append(out, s);
		free(s);
		ldns_rr_free(rr);
	}
}

/* Messages */

/*
 * Freed messages kept for reuse, their section arrays allocated: every client query makes two or
 * three messages, and allocating their four blocks each time was a tenth of a large run. The
 * simulator is single-threaded (sweeps use processes), so one pool per process.
 */
#define MSG_POOL_SIZE 256
static struct dns_msg *msg_pool[MSG_POOL_SIZE];
static guint msg_pool_len;

struct dns_msg *dns_msg_new(uint16_t id, uint32_t qname, uint16_t qtype, uint16_t qclass)
{
	struct dns_msg *msg;
	if (msg_pool_len > 0) {
		msg = msg_pool[--msg_pool_len];
		GPtrArray *sections[DNS_SECTION_COUNT];
		memcpy(sections, msg->sections, sizeof(sections));
		memset(msg, 0, sizeof(*msg));
		memcpy(msg->sections, sections, sizeof(sections));
	} else {
		msg = g_new0(struct dns_msg, 1);
		for (int s = 0; s < DNS_SECTION_COUNT; s++) {
			msg->sections[s] =
			    g_ptr_array_new_with_free_func((GDestroyNotify)dns_rrset_unref);
		}
	}
	msg->id = id;
	msg->qname = qname;
	msg->qtype = qtype;
	msg->qclass = qclass;
	return msg;
}

void dns_msg_free(struct dns_msg *msg)
{
	if (msg == NULL) {
		return;
	}
	if (msg_pool_len < MSG_POOL_SIZE) {
		for (int s = 0; s < DNS_SECTION_COUNT; s++) {
			if (msg->sections[s]->len > 0) { /* most sections are empty */
				g_ptr_array_set_size(msg->sections[s], 0);
			}
		}
		msg_pool[msg_pool_len++] = msg;
		return;
	}
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		g_ptr_array_free(msg->sections[s], TRUE);
	}
	g_free(msg);
}

struct dns_rrset *dns_msg_find(const struct dns_msg *msg, enum dns_section section, uint32_t owner,
			       uint16_t type)
{
	GPtrArray *sets = msg->sections[section];
	for (guint i = 0; i < sets->len; i++) {
		struct dns_rrset *set = g_ptr_array_index(sets, i);
		if (set->owner == owner && set->type == type) {
			return set;
		}
	}
	return NULL;
}

void dns_msg_add(struct dns_msg *msg, enum dns_section section, struct dns_rrset *set)
{
	struct dns_rrset *have = dns_msg_find(msg, section, set->owner, set->type);
	if (have != NULL && have->rclass == set->rclass) {
		return;
	}
	g_ptr_array_add(msg->sections[section], dns_rrset_ref(set));
}

ldns_pkt *dns_msg_to_ldns(const struct dns_msg *msg, const dns_names *names)
{
	ldns_pkt *pkt = ldns_pkt_new();
	ldns_pkt_set_id(pkt, msg->id);
	ldns_pkt_set_qr(pkt, msg->qr);
	ldns_pkt_set_aa(pkt, msg->aa);
	ldns_pkt_set_tc(pkt, msg->tc);
	ldns_pkt_set_rd(pkt, msg->rd);
	ldns_pkt_set_ra(pkt, msg->ra);
	ldns_pkt_set_ad(pkt, msg->ad);
	ldns_pkt_set_cd(pkt, msg->cd);
	ldns_pkt_set_rcode(pkt, msg->rcode);
	if (msg->edns_udp_size > 0) {
		ldns_pkt_set_edns_udp_size(pkt, msg->edns_udp_size);
	}
	ldns_rr *q = ldns_rr_new();
	ldns_rdf *qname = NULL;
	ldns_str2rdf_dname(&qname, dns_name_text(names, msg->qname));
	ldns_rr_set_owner(q, qname);
	ldns_rr_set_type(q, msg->qtype);
	ldns_rr_set_class(q, msg->qclass);
	ldns_rr_set_question(q, true);
	ldns_pkt_push_rr(pkt, LDNS_SECTION_QUESTION, q);
	static const ldns_pkt_section map[] = { LDNS_SECTION_ANSWER, LDNS_SECTION_AUTHORITY,
						LDNS_SECTION_ADDITIONAL };
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		for (guint i = 0; i < msg->sections[s]->len; i++) {
			const struct dns_rrset *set = g_ptr_array_index(msg->sections[s], i);
			for (size_t r = 0; r < ldns_rr_list_rr_count(set->rrs); r++) {
				ldns_pkt_push_rr(pkt, map[s], dns_rrset_rr_copy(set, r));
			}
		}
	}
	return pkt;
}

/*
 * Sizing a message as ldns_pkt2wire() writes it, without writing it. Name compression as in
 * ldns's host2wire.c: a name is written label by label, each suffix not met before being
 * remembered at its offset (when below 16384, the reach of a pointer); a suffix met before is
 * a 2-byte pointer, and the root a zero byte. Suffixes compare case-insensitively (RFC 4343);
 * label length bytes (at most 63) are below 'A', so lower-casing whole suffixes is safe.
 */
struct wire_sizer {
	size_t pos;
	struct wire_suffix {
		const uint8_t *p;
		size_t len;
	} * seen, local[64];
	guint n_seen, cap;
};

static bool sizer_seen(const struct wire_sizer *z, const uint8_t *p, size_t len)
{
	for (guint i = 0; i < z->n_seen; i++) {
		if (z->seen[i].len == len &&
		    g_ascii_strncasecmp((const char *)z->seen[i].p, (const char *)p, len) == 0) {
			return true;
		}
	}
	return false;
}

static void sizer_name(struct wire_sizer *z, const uint8_t *p, size_t len)
{
	while (len > 1 && p[0] != 0) {
		if (sizer_seen(z, p, len)) {
			z->pos += 2;
			return;
		}
		if (z->pos < 16384) {
			if (z->n_seen == z->cap) {
				z->cap *= 2;
				struct wire_suffix *more = g_new(struct wire_suffix, z->cap);
				memcpy(more, z->seen, z->n_seen * sizeof(*more));
				if (z->seen != z->local) {
					g_free(z->seen);
				}
				z->seen = more;
			}
			z->seen[z->n_seen++] = (struct wire_suffix){ p, len };
		}
		size_t label = (size_t)p[0] + 1;
		if (label >= len) {
			break; /* malformed: counted as written */
		}
		z->pos += label;
		p += label;
		len -= label;
	}
	z->pos += 1;
}

static void sizer_rr(struct wire_sizer *z, const ldns_rr *rr)
{
	const ldns_rdf *owner = ldns_rr_owner(rr);
	if (owner != NULL) {
		sizer_name(z, ldns_rdf_data(owner), ldns_rdf_size(owner));
	}
	z->pos += 10; /* type, class, TTL, RDLENGTH */
	const ldns_rr_descriptor *d = ldns_rr_descript(ldns_rr_get_type(rr));
	bool compress = d != NULL && d->_compress == LDNS_RR_COMPRESS;
	for (size_t i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);
		if (compress && ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME) {
			sizer_name(z, ldns_rdf_data(f), ldns_rdf_size(f));
		} else {
			z->pos += ldns_rdf_size(f);
		}
	}
}

size_t dns_msg_wire_size(const struct dns_msg *msg, const dns_names *names)
{
	struct wire_sizer z = { .pos = 12 }; /* the header */
	z.seen = z.local;
	z.cap = G_N_ELEMENTS(z.local);
	const struct dns_name_info *q = info_of(names, msg->qname);
	sizer_name(&z, q->wire, q->wire_len);
	z.pos += 4; /* qtype, qclass */
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		for (guint i = 0; i < msg->sections[s]->len; i++) {
			const struct dns_rrset *set = g_ptr_array_index(msg->sections[s], i);
			for (size_t r = 0; r < ldns_rr_list_rr_count(set->rrs); r++) {
				sizer_rr(&z, ldns_rr_list_rr(set->rrs, r));
			}
		}
	}
	if (msg->edns_udp_size > 0) {
		z.pos += 11; /* the OPT record: root owner, no options */
	}
	if (z.seen != z.local) {
		g_free(z.seen);
	}
	return z.pos;
}

void dns_msg_print(const struct dns_msg *msg, const dns_names *names, GString *out)
{
	ldns_lookup_table *rc = ldns_lookup_by_id(ldns_rcodes, msg->rcode);
	g_string_append_printf(out, ";; rcode %s, id %u, flags:%s%s%s%s%s%s%s\n",
			       rc != NULL ? rc->name : "?", msg->id, msg->qr ? " qr" : "",
			       msg->aa ? " aa" : "", msg->tc ? " tc" : "", msg->rd ? " rd" : "",
			       msg->ra ? " ra" : "", msg->ad ? " ad" : "", msg->cd ? " cd" : "");
	const ldns_rr_descriptor *d = ldns_rr_descript(msg->qtype);
	g_string_append_printf(out, ";; question: %s IN %s\n", dns_name_text(names, msg->qname),
			       d != NULL && d->_name != NULL ? d->_name : "?");
	static const char *const titles[] = { "answer", "authority", "additional" };
	for (int s = 0; s < DNS_SECTION_COUNT; s++) {
		if (msg->sections[s]->len == 0) {
			continue;
		}
		g_string_append_printf(out, ";; %s\n", titles[s]);
		for (guint i = 0; i < msg->sections[s]->len; i++) {
			dns_rrset_print(g_ptr_array_index(msg->sections[s], i), out);
		}
	}
}
