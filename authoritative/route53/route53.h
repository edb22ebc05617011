#pragma once
/*
 * Route 53 record sets: the eight routing policies, alias records and evaluate-target-health
 * trees, as pure functions (route53.md sections 1 to 3; design in docs/design/route53.md).
 *
 * A *group* holds every record set of one owner and type in a zone, each set with its routing
 * attributes (set identifier, weight, failover role, Region, geolocation, geoproximity location
 * and bias, multivalue, CIDR location, health check, evaluate-target-health) and either data (an
 * RRset) or an alias target. auth_r53_evaluate() answers one query from a group: it reads health
 * through a callback (the health-check model is elsewhere), the query's source location (the ECS
 * subnet when the resolver sent one, else the resolver's address), latency and Region
 * coordinates through callbacks (the geography model is elsewhere), other groups of the same
 * zone through a callback (alias targets, policy trees), and draws from the caller's random
 * stream. It returns the answer RRset (owner = the queried name, TTL = the target's for an
 * alias), or "no answer" (NODATA), and a human-readable decision path.
 *
 * Not here: health-check timing and aggregation (the health model), wire sizes and truncation
 * (server.c), negative answers' SOA (zone.c), traffic-flow policy documents, AZ-affinity
 * routing, the prices (pricing.h). Private zones evaluate like public ones; the world gives
 * their queries the VPC's Region as the source (route53.md 6.5).
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "authoritative/route53/pricing.h"
#include "sim/dns.h"
#include "sim/rng.h"
#include "sim/scenario/model.h"

#define AUTH_R53_NO_HEALTH	 UINT32_MAX /* a set without a health check */
#define AUTH_R53_MULTIVALUE_MAX	 8u	    /* records in a multivalue answer (route53.md 2.4) */
#define AUTH_R53_ALIAS_DEPTH_MAX 8u	    /* nested aliases followed before giving up (loops) */
#define AUTH_R53_AWS_TTL	 60u	    /* TTL of modelled AWS alias targets (route53.md 3.3) */

enum auth_r53_failover {
	AUTH_R53_FAILOVER_NONE,
	AUTH_R53_FAILOVER_PRIMARY,
	AUTH_R53_FAILOVER_SECONDARY,
};

/*
 * One record set of a group. Plain record: tests and builders fill one and hand it to
 * auth_r53_group_add(), which copies it. Empty strings mean "not given".
 */
struct auth_r53_set {
	char id[129];			 /* SetIdentifier (1 to 128 characters); "" for simple */
	unsigned weight;		 /* weighted: 0 to 255 */
	enum auth_r53_failover failover; /* failover: role */
	char region[32];		 /* latency: AWS Region */
	char continent[3];		 /* geolocation: continent code, or "" */
	char country[3];		 /* geolocation: ISO 3166-1 code, "*" = default, or "" */
	char subdivision[3];		 /* geolocation: US state (with country US), or "" */
	char gp_region[32];		 /* geoproximity: AWS Region, or "" when coordinates */
	bool gp_coords;			 /* geoproximity: gp_lat/gp_lon are the location */
	double gp_lat, gp_lon;		 /* degrees */
	int bias;			 /* geoproximity: -99 to 99 */
	bool multivalue;		 /* multivalue answer */
	char cidr_collection[65];	 /* IP-based: collection name */
	char cidr_location[17];		 /* IP-based: location name, "*" = default */
	uint32_t health;		 /* health check index, or AUTH_R53_NO_HEALTH */
	bool eth;			 /* alias: evaluate-target-health */
	uint32_t alias_target;		 /* alias: target name id; DNS_NAME_NONE for data */
	struct dns_rrset *rrset;	 /* data (NULL for an alias); the group holds a reference */
};

/* Fill set with "no attributes": no health check, not an alias, no data. */
void auth_r53_set_init(struct auth_r53_set *set);

/* A record-set group: every set of one owner and type, with one routing policy. */
typedef struct auth_r53_group auth_r53_group;

/* New empty group. Caller owns; auth_r53_group_free(). */
auth_r53_group *auth_r53_group_new(uint32_t owner, uint16_t type, enum scenario_policy policy);
void auth_r53_group_free(auth_r53_group *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_r53_group, auth_r53_group_free)

/* Add a copy of set (the group takes its own reference on set->rrset). */
void auth_r53_group_add(auth_r53_group *group, const struct auth_r53_set *set);

uint32_t auth_r53_group_owner(const auth_r53_group *group);
uint16_t auth_r53_group_type(const auth_r53_group *group);
enum scenario_policy auth_r53_group_policy(const auth_r53_group *group);
guint auth_r53_group_count(const auth_r53_group *group);
/* The i-th set, in the order added. Borrowed until the group is freed. */
const struct auth_r53_set *auth_r53_group_set(const auth_r53_group *group, guint i);

/*
 * CIDR collections for IP-based routing: named locations holding IPv4 and IPv6 blocks
 * (route53.md 2.8). Matching takes the longest block that contains the query's prefix and is no
 * longer than it (a query prefix shorter than a block does not match it; edge case 22).
 */
typedef struct auth_r53_cidr auth_r53_cidr;

auth_r53_cidr *auth_r53_cidr_new(void);
void auth_r53_cidr_free(auth_r53_cidr *cidr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_r53_cidr, auth_r53_cidr_free)

/* Add block "ADDR/LEN" to collection/location. FALSE if the block does not parse. */
bool auth_r53_cidr_add(auth_r53_cidr *cidr, const char *collection, const char *location,
		       const char *block);

/* The table of the scenario's `cidr COLLECTION/LOCATION PREFIX...` statements. Caller owns. */
auth_r53_cidr *auth_r53_cidr_new_from_scenario(const struct scenario *sc);

/*
 * Modelled AWS alias targets (S3 website endpoints, load balancers, CloudFront, Global
 * Accelerator): each a name with its own records (TTL AUTH_R53_AWS_TTL) and a health flag.
 */
typedef struct auth_r53_aws auth_r53_aws;

enum auth_r53_aws_kind {
	AUTH_R53_AWS_S3_WEBSITE,
	AUTH_R53_AWS_LOAD_BALANCER,
	AUTH_R53_AWS_CLOUDFRONT,
	AUTH_R53_AWS_GLOBAL_ACCELERATOR,
	AUTH_R53_AWS_OTHER,
};

/* The kind of an AWS resource name (absolute, lower case): "*.cloudfront.net." is CloudFront,
 * "*.elb.amazonaws.com." a load balancer, "*s3-website*" an S3 website endpoint, ... */
enum auth_r53_aws_kind auth_r53_aws_kind_of(const char *name);

auth_r53_aws *auth_r53_aws_new(void);
void auth_r53_aws_free(auth_r53_aws *aws);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_r53_aws, auth_r53_aws_free)

/* Give the target rrset->owner records of rrset->type (the table takes a reference; the
 * rrset's TTL is the target's, AUTH_R53_AWS_TTL for the resources AWS runs). Healthy at first. */
void auth_r53_aws_add(auth_r53_aws *aws, struct dns_rrset *rrset);

/* Set the health of target name (every type). */
void auth_r53_aws_set_healthy(auth_r53_aws *aws, uint32_t name, bool healthy);

/*
 * Health of an ALB/NLB as Route 53's evaluate-target-health sees it (route53.md 3.4, edge case
 * 30): healthy iff every target group has at least one healthy target; a group with no
 * registered targets counts as unhealthy, and so does a load balancer without groups.
 * targets[i] and healthy[i] are the registered and healthy targets of group i.
 */
bool auth_r53_lb_healthy(const unsigned *targets, const unsigned *healthy, size_t groups);

/*
 * Where a query comes from, as Route 53 sees it (route53.md 7): the ECS subnet when the resolver
 * sent one, the resolver's address otherwise. Plain record.
 */
struct auth_r53_source {
	int family;	     /* AF_INET or AF_INET6; 0 = no address */
	uint8_t addr[16];    /* network order; bits past prefix_len are zero */
	unsigned prefix_len; /* the ECS source prefix length, or 32/128 for an address */
	bool ecs;	     /* the location is an ECS subnet */
	bool known;	     /* the geolocation data knows this address */
	char continent[3];   /* Route 53 continent ("" = derive from country) */
	char country[3];     /* ISO 3166-1 alpha-2 */
	char subdivision[3]; /* US state, or "" */
	bool has_coords;     /* lat/lon known (geoproximity) */
	double lat, lon;
};

/* Fill geography for a source whose address is set (may leave known false). */
typedef void (*auth_r53_locate_fn)(void *ctx, struct auth_r53_source *src);

/*
 * Fill src for a query from resolver_addr ("192.0.2.53") carrying ECS subnet ecs (such as
 * "198.51.100.0/24"; NULL when the query has no ECS option): the ECS subnet is the location when
 * present, else the resolver's address. locate (may be NULL) adds the geography. FALSE if the
 * chosen address does not parse (src is then an unknown location without address).
 */
bool auth_r53_source_init(struct auth_r53_source *src, const char *resolver_addr, const char *ecs,
			  auth_r53_locate_fn locate, void *ctx);

/* True if inner's address (or prefix) lies within net's prefix, same family. */
bool auth_r53_source_contains(const struct auth_r53_source *net,
			      const struct auth_r53_source *inner);

/*
 * What an evaluation may ask of the world. Callbacks take ctx. Only names and rng are required;
 * a missing callback means "nothing known" (no health check fails, no latency data, ...).
 */
struct auth_r53_env {
	dns_names *names;
	struct sim_rng *rng;
	void *ctx;
	/* Current aggregated status of health check index (route53.md 1.2; never probes). */
	bool (*healthy)(void *ctx, uint32_t health);
	/* Name of a health check, for the decision path (NULL: "#index"). */
	const char *(*health_name)(void *ctx, uint32_t health);
	/* Latency in ms from the source to an AWS Region; negative if unknown. */
	double (*latency_ms)(void *ctx, const struct auth_r53_source *src, const char *region);
	/* Coordinates of an AWS Region, for geoproximity; FALSE if unknown. */
	bool (*region_coords)(void *ctx, const char *region, double *lat, double *lon);
	/* The Route 53 group of owner/type in the same zone, or NULL (borrowed). */
	const auth_r53_group *(*group)(void *ctx, uint32_t owner, uint16_t type);
	/* Plain (non-Route 53) data of owner/type in the same zone, or NULL (borrowed). */
	struct dns_rrset *(*rrset)(void *ctx, uint32_t owner, uint16_t type);
	const auth_r53_cidr *cidr; /* may be NULL: no IP-based location matches */
	const auth_r53_aws *aws;   /* may be NULL: no AWS target exists */
};

enum auth_r53_outcome {
	AUTH_R53_ANSWER, /* rrset holds the answer */
	AUTH_R53_NODATA, /* "no answer": NOERROR, empty answer section (edge case 19) */
};

/* The result of one evaluation. Initialise with auth_r53_result_init(), release with
 * auth_r53_result_clear(). */
struct auth_r53_result {
	enum auth_r53_outcome outcome;
	struct dns_rrset *rrset; /* owner = the queried name; reference held; NULL for NODATA */
	uint32_t ttl;		 /* the answer's TTL (an alias: its target's) */
	GPtrArray *chosen;	 /* const struct auth_r53_set *, the data sets answered (borrowed
				    from the groups; an alias to an AWS target: the alias set) */
	GPtrArray *path;	 /* char *, decision steps in order, indented by alias depth */
	bool aws_free;		 /* the answer came from an alias to an AWS resource that Route 53
				    does not charge queries for (route53.md 3.6) */
};

void auth_r53_result_init(struct auth_r53_result *result);
void auth_r53_result_clear(struct auth_r53_result *result);

/*
 * Answer one query from group: route53.md 1.3's selection loop with the group's policy, following
 * aliases (same zone through env->group/env->rrset, AWS targets through env->aws), with
 * evaluate-target-health. qname is the owner of the answer (the queried name; it differs from
 * the group's owner for a wildcard). result must be initialised and is overwritten. Draws from
 * env->rng only for weighted and multivalue choices.
 */
void auth_r53_evaluate(const auth_r53_group *group, const struct auth_r53_env *env,
		       const struct auth_r53_source *src, uint32_t qname,
		       struct auth_r53_result *result);

/*
 * TRUE if the record set (of a group of type) is healthy now (route53.md 1.2): its health check
 * passes (or it has none) and, for an alias with evaluate-target-health, its target is healthy (at
 * least one healthy set in a same-zone target group, recursively; the flag of an AWS target).
 */
bool auth_r53_set_is_healthy(const struct auth_r53_set *set, uint16_t type,
			     const struct auth_r53_env *env);

/*
 * The Route 53 record sets of one zone, indexed by owner and type: what the zone hands queries
 * to. Built from a scenario zone's record lines that auth_zone_new_from_scenario() skips (an
 * alias or a routing policy). Lines with the same owner, type and set identifier form one set
 * with several values.
 */
typedef struct auth_r53_zone auth_r53_zone;

/*
 * Build from sz (a zone of sc). Health checks become indexes: the position of the `health`
 * statement among sc's health statements (auth_r53_health_index()). Problems Route 53 would
 * refuse (multivalue alias or CNAME, CloudFront with evaluate-target-health, a failover alias
 * without it) are appended to problems ("FILE:LINE:COL: message", may be NULL); the set is kept
 * as written, except that CloudFront's evaluate-target-health is ignored. Caller owns.
 */
auth_r53_zone *auth_r53_zone_new_from_scenario(const struct scenario *sc,
					       const struct scenario_zone *sz, dns_names *names,
					       GPtrArray *problems);
void auth_r53_zone_free(auth_r53_zone *zone);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(auth_r53_zone, auth_r53_zone_free)

/* The group of owner/type, or NULL. Borrowed until the zone is freed. */
const auth_r53_group *auth_r53_zone_find(const auth_r53_zone *zone, uint32_t owner, uint16_t type);

/* Number of groups. */
guint auth_r53_zone_count(const auth_r53_zone *zone);

/* The i-th group (0 <= i < auth_r53_zone_count()), in the order first written. Borrowed. */
const auth_r53_group *auth_r53_zone_group(const auth_r53_zone *zone, guint i);

/* Index of the health statement named name among sc's health statements, or
 * AUTH_R53_NO_HEALTH. */
uint32_t auth_r53_health_index(const struct scenario *sc, const char *name);

/*
 * The integration point for authoritative/zone.c: answer qname/qtype whose existing node owner
 * (qname itself, or the wildcard that matched) holds a Route 53 group of qtype. On an answer
 * the RRset (owner qname) is added to response's answer section and TRUE is returned; on "no
 * answer" nothing is added and FALSE is returned, for the zone to complete a NODATA (SOA in
 * authority). The decision steps are appended to path (char *, caller owns) when path is not
 * NULL. A zone without a group of owner/qtype also gets FALSE.
 */
bool auth_r53_zone_answer(const auth_r53_zone *zone, const struct auth_r53_env *env,
			  const struct auth_r53_source *src, uint32_t qname, uint32_t owner,
			  uint16_t qtype, struct dns_msg *response, GPtrArray *path);

/* The same, also giving the price class of the query (authoritative/route53/pricing.h) in
 * *price when the zone has a group of owner/qtype (price may be NULL). */
bool auth_r53_zone_answer_priced(const auth_r53_zone *zone, const struct auth_r53_env *env,
				 const struct auth_r53_source *src, uint32_t qname, uint32_t owner,
				 uint16_t qtype, struct dns_msg *response, GPtrArray *path,
				 enum auth_r53_price *price);

/* The group of owner/type for changes during a run (timeline `record` actions), or NULL.
 * Borrowed; the sets may be changed in place between queries (auth_r53_group_set_mut()). */
auth_r53_group *auth_r53_zone_find_mut(auth_r53_zone *zone, uint32_t owner, uint16_t type);

/* The i-th set of group, to change. The rrset of a set is replaced, never modified: answers
 * already given keep theirs. */
struct auth_r53_set *auth_r53_group_set_mut(auth_r53_group *group, guint i);

/* The index of the set with identifier id in group, or -1. */
int auth_r53_group_find_set(const auth_r53_group *group, const char *id);

/* Take set i out of group into *out (the caller then holds the group's reference on
 * out->rrset). */
void auth_r53_group_remove(auth_r53_group *group, guint i, struct auth_r53_set *out);

/* Put a copy of set back at index i (at most the count; the group takes its own reference). */
void auth_r53_group_insert(auth_r53_group *group, guint i, const struct auth_r53_set *set);
