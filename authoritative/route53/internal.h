#pragma once
/*
 * Shared by the Route 53 sources only: the state of one evaluation and the per-policy choosers.
 *
 * A chooser gets the group and the health of each set (computed once, route53.md 1.2) and
 * appends the indexes of the sets that answer to picked: one set, or up to eight for
 * multivalue; nothing for "no answer" (geolocation or IP-based without a match or default).
 * It writes its reasoning with auth_r53_step().
 */

#include <stdarg.h>

#include "authoritative/route53/route53.h"

struct auth_r53_group {
	uint32_t owner;
	uint16_t type;
	enum scenario_policy policy;
	GArray *sets; /* struct auth_r53_set */
};

struct auth_r53_eval {
	const struct auth_r53_env *env;
	const struct auth_r53_source *src;
	struct auth_r53_result *out; /* NULL when only health is asked */
	unsigned depth;		     /* alias nesting, for indentation */
};

/* Append a decision step (printf format), indented by the alias depth. */
void auth_r53_step(struct auth_r53_eval *ev, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Why a set is unhealthy, for steps: "health check web-east failing", ... Caller owns. */
char *auth_r53_unhealthy_why(struct auth_r53_eval *ev, const struct auth_r53_set *set,
			     uint16_t type);

/* The query's source for steps: "ECS 198.51.100.0/24 (US-WA, NA)". Caller owns. */
char *auth_r53_source_text(const struct auth_r53_source *src);

/* Sort idx[0..n) by key ascending, ties in index order (stable; n is small). */
void auth_r53_sort_by_key(guint *idx, double *key, guint n);

/* Health of one set (route53.md 1.2), following ETH aliases down to depth. */
bool auth_r53_healthy(struct auth_r53_eval *ev, const struct auth_r53_set *set, uint16_t type,
		      unsigned depth);

/* Health of an alias target (route53.md 3.4): same-zone group with a healthy set, plain data,
 * or the flag of an AWS target. */
bool auth_r53_alias_target_healthy(struct auth_r53_eval *ev, const struct auth_r53_set *set,
				   uint16_t type, unsigned depth);

/* The data an alias set answers with (a new reference, owner = the target), NULL for "no
 * answer". Evaluates a same-zone target group with its own policy (a policy tree). */
struct dns_rrset *auth_r53_alias_resolve(struct auth_r53_eval *ev, const struct auth_r53_set *set,
					 uint16_t type, unsigned depth);

/* Evaluate a group at depth: a new reference to the answer (owner = the group's owner, or the
 * target's for an alias), NULL for "no answer". */
struct dns_rrset *auth_r53_eval_group(struct auth_r53_eval *ev, const auth_r53_group *group,
				      unsigned depth);

typedef void (*auth_r53_chooser)(struct auth_r53_eval *ev, const auth_r53_group *group,
				 const bool *healthy, GArray *picked);

void auth_r53_simple_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			    const bool *healthy, GArray *picked);
void auth_r53_weighted_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			      const bool *healthy, GArray *picked);
void auth_r53_failover_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			      const bool *healthy, GArray *picked);
void auth_r53_latency_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			     const bool *healthy, GArray *picked);
void auth_r53_geolocation_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
				 const bool *healthy, GArray *picked);
void auth_r53_geoproximity_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
				  const bool *healthy, GArray *picked);
void auth_r53_multivalue_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
				const bool *healthy, GArray *picked);
void auth_r53_ipbased_choose(struct auth_r53_eval *ev, const auth_r53_group *group,
			     const bool *healthy, GArray *picked);

/*
 * The common walk of the ordered policies (latency, geoproximity, geolocation, IP-based):
 * order holds set indexes best first; pick the first healthy one, saying why each skipped one
 * was skipped; if none is healthy, the first (route53.md 1.3 last resort). Empty order picks
 * nothing. what names the order ("latency", "distance", ...) for the steps.
 */
void auth_r53_first_healthy(struct auth_r53_eval *ev, const auth_r53_group *group,
			    const bool *healthy, const guint *order, guint n, const char *policy,
			    GArray *picked);

/* Longest-prefix match of src in collection, considering only locations for which
 * has_location(location, data) holds; NULL if none. Borrowed. */
const char *auth_r53_cidr_match(const auth_r53_cidr *cidr, const char *collection,
				const struct auth_r53_source *src,
				bool (*has_location)(const char *location, void *data), void *data,
				unsigned *block_len);

/* The AWS target of name/type, or NULL; *healthy and *kind set when found. */
struct dns_rrset *auth_r53_aws_find(const auth_r53_aws *aws, const dns_names *names, uint32_t name,
				    uint16_t type, bool *healthy, enum auth_r53_aws_kind *kind);
