/*
 * Route 53 record-set groups, CIDR collections, modelled AWS targets, query sources, and the
 * per-zone index built from a scenario. No routing decisions here (see evaluate.c and the
 * per-policy files).
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "authoritative/route53/internal.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

void auth_r53_set_init(struct auth_r53_set *set)
{
	memset(set, 0, sizeof(*set));
	set->health = AUTH_R53_NO_HEALTH;
	set->alias_target = DNS_NAME_NONE;
}

auth_r53_group *auth_r53_group_new(uint32_t owner, uint16_t type, enum scenario_policy policy)
{
	auth_r53_group *group = g_new0(auth_r53_group, 1);
	group->owner = owner;
	group->type = type;
	group->policy = policy;
	group->sets = g_array_new(FALSE, TRUE, sizeof(struct auth_r53_set));
	return group;
}

void auth_r53_group_free(auth_r53_group *group)
{
	if (group == NULL) {
		return;
	}
	for (guint i = 0; i < group->sets->len; i++) {
		struct auth_r53_set *set = &g_array_index(group->sets, struct auth_r53_set, i);
		if (set->rrset != NULL) {
			dns_rrset_unref(set->rrset);
		}
	}
	g_array_free(group->sets, TRUE);
	g_free(group);
}

void auth_r53_group_add(auth_r53_group *group, const struct auth_r53_set *set)
{
	struct auth_r53_set copy = *set;
	if (copy.rrset != NULL) {
		dns_rrset_ref(copy.rrset);
	}
	g_array_append_val(group->sets, copy);
}

uint32_t auth_r53_group_owner(const auth_r53_group *group)
{
	return group->owner;
}

uint16_t auth_r53_group_type(const auth_r53_group *group)
{
	return group->type;
}

enum scenario_policy auth_r53_group_policy(const auth_r53_group *group)
{
	return group->policy;
}

guint auth_r53_group_count(const auth_r53_group *group)
{
	return group->sets->len;
}

const struct auth_r53_set *auth_r53_group_set(const auth_r53_group *group, guint i)
{
	SIM_ASSERT(i < group->sets->len);
	return &g_array_index(group->sets, struct auth_r53_set, i);
}

/* CIDR collections */

struct cidr_block {
	char *collection;
	char *location;
	int family;
	uint8_t addr[16];
	unsigned len;
};

struct auth_r53_cidr {
	GArray *blocks; /* struct cidr_block, in the order added */
};

auth_r53_cidr *auth_r53_cidr_new(void)
{
	auth_r53_cidr *cidr = g_new0(auth_r53_cidr, 1);
	cidr->blocks = g_array_new(FALSE, TRUE, sizeof(struct cidr_block));
	return cidr;
}

void auth_r53_cidr_free(auth_r53_cidr *cidr)
{
	if (cidr == NULL) {
		return;
	}
	for (guint i = 0; i < cidr->blocks->len; i++) {
		struct cidr_block *b = &g_array_index(cidr->blocks, struct cidr_block, i);
		g_free(b->collection);
		g_free(b->location);
	}
	g_array_free(cidr->blocks, TRUE);
	g_free(cidr);
}

/* Parse "ADDR" or "ADDR/LEN"; bits past LEN are cleared. */
static bool parse_prefix(const char *text, int *family, uint8_t addr[16], unsigned *len)
{
	g_autofree char *copy = g_strdup(text);
	char *slash = strchr(copy, '/');
	if (slash != NULL) {
		*slash = '\0';
	}
	memset(addr, 0, 16);
	unsigned max;
	if (inet_pton(AF_INET, copy, addr) == 1) {
		*family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, copy, addr) == 1) {
		*family = AF_INET6;
		max = 128;
	} else {
		return false;
	}
	*len = max;
	if (slash != NULL) {
		char *end = NULL;
		unsigned long l = strtoul(slash + 1, &end, 10);
		if (end == slash + 1 || *end != '\0' || l > max) {
			return false;
		}
		*len = (unsigned)l;
	}
	for (unsigned bit = *len; bit < max; bit++) {
		addr[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
	}
	return true;
}

/* True if the first len bits of a and b are equal. */
static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned len)
{
	unsigned bytes = len / 8;
	if (memcmp(a, b, bytes) != 0) {
		return false;
	}
	if (len % 8 == 0) {
		return true;
	}
	uint8_t mask = (uint8_t)(0xffu << (8 - len % 8));
	return (a[bytes] & mask) == (b[bytes] & mask);
}

bool auth_r53_cidr_add(auth_r53_cidr *cidr, const char *collection, const char *location,
		       const char *block)
{
	struct cidr_block b = { 0 };
	if (!parse_prefix(block, &b.family, b.addr, &b.len)) {
		return false;
	}
	b.collection = g_strdup(collection);
	b.location = g_strdup(location);
	g_array_append_val(cidr->blocks, b);
	return true;
}

auth_r53_cidr *auth_r53_cidr_new_from_scenario(const struct scenario *sc)
{
	auth_r53_cidr *cidr = auth_r53_cidr_new();
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_CIDR || s->name == NULL) {
			continue;
		}
		const char *slash = strchr(s->name, '/');
		if (slash == NULL) {
			continue; /* reported by the validator */
		}
		g_autofree char *collection = g_strndup(s->name, (gsize)(slash - s->name));
		for (guint k = 0; k < s->args->len; k++) {
			const struct scenario_arg *a = g_ptr_array_index(s->args, k);
			auth_r53_cidr_add(cidr, collection, slash + 1, a->text);
		}
	}
	return cidr;
}

const char *auth_r53_cidr_match(const auth_r53_cidr *cidr, const char *collection,
				const struct auth_r53_source *src,
				bool (*has_location)(const char *location, void *data), void *data,
				unsigned *block_len)
{
	const struct cidr_block *best = NULL;
	if (cidr == NULL || src->family == 0) {
		return NULL;
	}
	for (guint i = 0; i < cidr->blocks->len; i++) {
		const struct cidr_block *b = &g_array_index(cidr->blocks, struct cidr_block, i);
		/* route53.md 2.8: the query prefix must be at least as long as the block */
		if (b->family != src->family || strcmp(b->collection, collection) != 0 ||
		    b->len > src->prefix_len || !prefix_equal(b->addr, src->addr, b->len)) {
			continue;
		}
		if (has_location != NULL && !has_location(b->location, data)) {
			continue;
		}
		if (best == NULL || b->len > best->len) {
			best = b; /* longest prefix; the first added wins a tie */
		}
	}
	if (best != NULL && block_len != NULL) {
		*block_len = best->len;
	}
	return best != NULL ? best->location : NULL;
}

/* Modelled AWS targets */

struct aws_target {
	struct dns_rrset *rrset;
	bool healthy;
};

struct auth_r53_aws {
	GArray *targets; /* struct aws_target */
};

enum auth_r53_aws_kind auth_r53_aws_kind_of(const char *name)
{
	if (g_str_has_suffix(name, ".cloudfront.net.")) {
		return AUTH_R53_AWS_CLOUDFRONT;
	}
	if (g_str_has_suffix(name, ".awsglobalaccelerator.com.")) {
		return AUTH_R53_AWS_GLOBAL_ACCELERATOR;
	}
	if (g_str_has_suffix(name, ".amazonaws.com.") && strstr(name, ".elb.") != NULL) {
		return AUTH_R53_AWS_LOAD_BALANCER;
	}
	if (g_str_has_suffix(name, ".amazonaws.com.") && strstr(name, "s3-website") != NULL) {
		return AUTH_R53_AWS_S3_WEBSITE;
	}
	return AUTH_R53_AWS_OTHER;
}

auth_r53_aws *auth_r53_aws_new(void)
{
	auth_r53_aws *aws = g_new0(auth_r53_aws, 1);
	aws->targets = g_array_new(FALSE, TRUE, sizeof(struct aws_target));
	return aws;
}

void auth_r53_aws_free(auth_r53_aws *aws)
{
	if (aws == NULL) {
		return;
	}
	for (guint i = 0; i < aws->targets->len; i++) {
		dns_rrset_unref(g_array_index(aws->targets, struct aws_target, i).rrset);
	}
	g_array_free(aws->targets, TRUE);
	g_free(aws);
}

void auth_r53_aws_add(auth_r53_aws *aws, struct dns_rrset *rrset)
{
	struct aws_target t = { dns_rrset_ref(rrset), true };
	g_array_append_val(aws->targets, t);
}

void auth_r53_aws_set_healthy(auth_r53_aws *aws, uint32_t name, bool healthy)
{
	for (guint i = 0; i < aws->targets->len; i++) {
		struct aws_target *t = &g_array_index(aws->targets, struct aws_target, i);
		if (t->rrset->owner == name) {
			t->healthy = healthy;
		}
	}
}

struct dns_rrset *auth_r53_aws_find(const auth_r53_aws *aws, const dns_names *names, uint32_t name,
				    uint16_t type, bool *healthy, enum auth_r53_aws_kind *kind)
{
	if (aws == NULL) {
		return NULL;
	}
	for (guint i = 0; i < aws->targets->len; i++) {
		const struct aws_target *t = &g_array_index(aws->targets, struct aws_target, i);
		if (t->rrset->owner == name && t->rrset->type == type) {
			*healthy = t->healthy;
			*kind = auth_r53_aws_kind_of(dns_name_text(names, name));
			return t->rrset;
		}
	}
	return NULL;
}

bool auth_r53_lb_healthy(const unsigned *targets, const unsigned *healthy, size_t groups)
{
	if (groups == 0) {
		return false;
	}
	for (size_t i = 0; i < groups; i++) {
		if (targets[i] == 0 || healthy[i] == 0) {
			return false;
		}
	}
	return true;
}

/* Query sources */

bool auth_r53_source_init(struct auth_r53_source *src, const char *resolver_addr, const char *ecs,
			  auth_r53_locate_fn locate, void *ctx)
{
	memset(src, 0, sizeof(*src));
	const char *text = ecs != NULL ? ecs : resolver_addr;
	if (text == NULL || !parse_prefix(text, &src->family, src->addr, &src->prefix_len)) {
		src->family = 0;
		return false;
	}
	src->ecs = ecs != NULL;
	if (locate != NULL) {
		locate(ctx, src);
	}
	return true;
}

bool auth_r53_source_contains(const struct auth_r53_source *net,
			      const struct auth_r53_source *inner)
{
	return net->family != 0 && net->family == inner->family &&
	       inner->prefix_len >= net->prefix_len &&
	       prefix_equal(net->addr, inner->addr, net->prefix_len);
}

/* The per-zone index built from a scenario */

struct auth_r53_zone {
	GPtrArray *groups;  /* auth_r53_group *, in the order first written */
	GHashTable *by_key; /* (owner << 16 | type) -> auth_r53_group * (borrowed) */
};

static guint64 group_key(uint32_t owner, uint16_t type)
{
	return ((guint64)owner << 16) | type;
}

uint32_t auth_r53_health_index(const struct scenario *sc, const char *name)
{
	uint32_t index = 0;
	for (guint i = 0; i < sc->stmts->len; i++) {
		const struct scenario_stmt *s = g_ptr_array_index(sc->stmts, i);
		if (s->spec->kind != SCENARIO_KIND_HEALTH) {
			continue;
		}
		if (s->name != NULL && strcmp(s->name, name) == 0) {
			return index;
		}
		index++;
	}
	return AUTH_R53_NO_HEALTH;
}

static void problem(GPtrArray *problems, const struct scenario_record *r, const char *msg)
{
	if (problems != NULL) {
		g_ptr_array_add(problems,
				g_strdup_printf("%s:%d:%d: %s", r->loc.file ? r->loc.file : "?",
						r->loc.line, r->loc.col, msg));
	}
}

static void copy_text(char *dst, size_t size, const GPtrArray *attrs, const char *key)
{
	const struct scenario_attr *a = scenario_attrs_get(attrs, key);
	if (a != NULL) {
		g_strlcpy(dst, a->text, size);
	}
}

/* The attributes of a record line as a set (without data). */
static void set_from_record(struct auth_r53_set *set, const struct scenario *sc,
			    const struct scenario_record *r, dns_names *names)
{
	auth_r53_set_init(set);
	copy_text(set->id, sizeof(set->id), r->attrs, "set");
	const struct scenario_attr *a = scenario_attrs_get(r->attrs, "weight");
	if (a != NULL) {
		set->weight = (unsigned)a->i;
	}
	a = scenario_attrs_get(r->attrs, "failover");
	if (a != NULL) {
		set->failover = strcmp(a->text, "primary") == 0 ? AUTH_R53_FAILOVER_PRIMARY
								: AUTH_R53_FAILOVER_SECONDARY;
	}
	copy_text(set->region, sizeof(set->region), r->attrs, "region");
	copy_text(set->continent, sizeof(set->continent), r->attrs, "continent");
	copy_text(set->country, sizeof(set->country), r->attrs, "country");
	copy_text(set->subdivision, sizeof(set->subdivision), r->attrs, "subdivision");
	a = scenario_attrs_get(r->attrs, "geoproximity");
	if (a != NULL) {
		const char *why = NULL;
		if (strchr(a->text, ',') != NULL &&
		    scenario_parse_coords(a->text, &set->gp_lat, &set->gp_lon, &why)) {
			set->gp_coords = true;
		} else {
			g_strlcpy(set->gp_region, a->text, sizeof(set->gp_region));
		}
	}
	a = scenario_attrs_get(r->attrs, "bias");
	if (a != NULL) {
		set->bias = (int)a->i;
	}
	a = scenario_attrs_get(r->attrs, "multivalue");
	set->multivalue = a != NULL && a->i != 0;
	a = scenario_attrs_get(r->attrs, "cidr");
	if (a != NULL) {
		const char *slash = strchr(a->text, '/');
		if (slash != NULL) {
			gsize n = (gsize)(slash - a->text) + 1;
			g_strlcpy(set->cidr_collection, a->text,
				  MIN(n, sizeof(set->cidr_collection)));
			g_strlcpy(set->cidr_location, slash + 1, sizeof(set->cidr_location));
		}
	}
	a = scenario_attrs_get(r->attrs, "health");
	if (a != NULL) {
		set->health = auth_r53_health_index(sc, a->text);
	}
	a = scenario_attrs_get(r->attrs, "evaluate-target-health");
	set->eth = a != NULL && a->i != 0;
	if (r->alias && r->alias_target != NULL) {
		set->alias_target = dns_name_intern(names, r->alias_target);
	}
}

/* Route 53 rules the scenario validator leaves to the model (route53.md 2.3, 2.4, 3.4). */
static void check_set(struct auth_r53_set *set, const struct scenario_record *r,
		      enum scenario_policy policy, GPtrArray *problems)
{
	if (policy == SCENARIO_POLICY_MULTIVALUE && r->alias) {
		problem(problems, r, "a multivalue answer record cannot be an alias (Route 53)");
	}
	if (policy == SCENARIO_POLICY_MULTIVALUE && r->type == LDNS_RR_TYPE_CNAME) {
		problem(problems, r, "a multivalue answer record cannot be a CNAME (Route 53)");
	}
	if (r->alias && set->eth && r->alias_target != NULL &&
	    auth_r53_aws_kind_of(r->alias_target) == AUTH_R53_AWS_CLOUDFRONT) {
		problem(problems, r,
			"evaluate-target-health is not allowed for a CloudFront alias "
			"(Route 53); ignored");
		set->eth = false;
	}
	if (r->alias && policy == SCENARIO_POLICY_FAILOVER &&
	    scenario_attrs_get(r->attrs, "evaluate-target-health") == NULL) {
		problem(problems, r,
			"a failover alias record needs evaluate-target-health=yes (Route 53)");
	}
}

auth_r53_zone *auth_r53_zone_new_from_scenario(const struct scenario *sc,
					       const struct scenario_zone *sz, dns_names *names,
					       GPtrArray *problems)
{
	auth_r53_zone *zone = g_new0(auth_r53_zone, 1);
	zone->groups = g_ptr_array_new_with_free_func((GDestroyNotify)auth_r53_group_free);
	zone->by_key = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	/* sets while their data is built (an rrset is modified only before it is shared) */
	g_autoptr(GPtrArray) building = g_ptr_array_new(); /* GArray of struct auth_r53_set */
	for (guint i = 0; i < sz->records->len; i++) {
		const struct scenario_record *r = g_ptr_array_index(sz->records, i);
		if (!r->alias && r->policy == SCENARIO_POLICY_SIMPLE && r->rr != NULL) {
			continue; /* plain data: the zone's */
		}
		uint32_t owner = dns_name_intern(names, r->owner);
		SIM_ASSERT(owner != DNS_NAME_NONE);
		guint64 key = group_key(owner, r->type);
		auth_r53_group *group = g_hash_table_lookup(zone->by_key, &key);
		GArray *sets;
		if (group == NULL) {
			group = auth_r53_group_new(owner, r->type, r->policy);
			g_ptr_array_add(zone->groups, group);
			g_hash_table_insert(zone->by_key, g_memdup2(&key, sizeof(key)), group);
			sets = g_array_new(FALSE, TRUE, sizeof(struct auth_r53_set));
			g_ptr_array_add(building, sets);
		} else {
			guint g = 0;
			while (g_ptr_array_index(zone->groups, g) != group) {
				g++;
			}
			sets = g_ptr_array_index(building, g);
		}
		struct auth_r53_set set;
		set_from_record(&set, sc, r, names);
		check_set(&set, r, group->policy, problems);
		struct auth_r53_set *same = NULL;
		for (guint k = 0; k < sets->len && same == NULL; k++) {
			struct auth_r53_set *s = &g_array_index(sets, struct auth_r53_set, k);
			if (strcmp(s->id, set.id) == 0 && !r->alias && s->rrset != NULL) {
				same = s; /* another value of the same set */
			}
		}
		if (same == NULL && !r->alias && r->rr != NULL) {
			set.rrset = dns_rrset_new(owner, r->type, LDNS_RR_CLASS_IN, r->ttl);
		}
		if (same != NULL) {
			dns_rrset_add(same->rrset, ldns_rr_clone(r->rr));
		} else {
			if (set.rrset != NULL) {
				dns_rrset_add(set.rrset, ldns_rr_clone(r->rr));
			}
			g_array_append_val(sets, set);
		}
	}
	for (guint g = 0; g < zone->groups->len; g++) {
		auth_r53_group *group = g_ptr_array_index(zone->groups, g);
		GArray *sets = g_ptr_array_index(building, g);
		for (guint k = 0; k < sets->len; k++) {
			struct auth_r53_set *s = &g_array_index(sets, struct auth_r53_set, k);
			auth_r53_group_add(group, s);
			if (s->rrset != NULL) {
				dns_rrset_unref(s->rrset);
			}
		}
		g_array_free(sets, TRUE);
	}
	return zone;
}

void auth_r53_zone_free(auth_r53_zone *zone)
{
	if (zone == NULL) {
		return;
	}
	g_hash_table_destroy(zone->by_key);
	g_ptr_array_free(zone->groups, TRUE);
	g_free(zone);
}

const auth_r53_group *auth_r53_zone_find(const auth_r53_zone *zone, uint32_t owner, uint16_t type)
{
	guint64 key = group_key(owner, type);
	return g_hash_table_lookup(zone->by_key, &key);
}

auth_r53_group *auth_r53_zone_find_mut(auth_r53_zone *zone, uint32_t owner, uint16_t type)
{
	guint64 key = group_key(owner, type);
	return g_hash_table_lookup(zone->by_key, &key);
}

struct auth_r53_set *auth_r53_group_set_mut(auth_r53_group *group, guint i)
{
	SIM_ASSERT(i < group->sets->len);
	return &g_array_index(group->sets, struct auth_r53_set, i);
}

int auth_r53_group_find_set(const auth_r53_group *group, const char *id)
{
	for (guint i = 0; i < group->sets->len; i++) {
		if (strcmp(g_array_index(group->sets, struct auth_r53_set, i).id, id) == 0) {
			return (int)i;
		}
	}
	return -1;
}

void auth_r53_group_remove(auth_r53_group *group, guint i, struct auth_r53_set *out)
{
	SIM_ASSERT(i < group->sets->len);
	*out = g_array_index(group->sets, struct auth_r53_set, i);
	g_array_remove_index(group->sets, i);
}

void auth_r53_group_insert(auth_r53_group *group, guint i, const struct auth_r53_set *set)
{
	SIM_ASSERT(i <= group->sets->len);
	struct auth_r53_set copy = *set;
	if (copy.rrset != NULL) {
		dns_rrset_ref(copy.rrset);
	}
	g_array_insert_val(group->sets, i, copy);
}

guint auth_r53_zone_count(const auth_r53_zone *zone)
{
	return zone->groups->len;
}

const auth_r53_group *auth_r53_zone_group(const auth_r53_zone *zone, guint i)
{
	return g_ptr_array_index(zone->groups, i);
}
