/*
 * Alias records (route53.md 3): the target's health for evaluate-target-health, and the data an
 * alias answers with. A same-zone target that is itself a Route 53 group is evaluated with its
 * own policy, which makes policy trees (route53.md 1.4); the answer keeps the target's TTL.
 * AWS targets are modelled names with their own records, TTL and health flag.
 */
#include "authoritative/route53/internal.h"

static const char *aws_kind_name(enum auth_r53_aws_kind kind)
{
	switch (kind) {
	case AUTH_R53_AWS_S3_WEBSITE:
		return "S3 website endpoint";
	case AUTH_R53_AWS_LOAD_BALANCER:
		return "load balancer";
	case AUTH_R53_AWS_CLOUDFRONT:
		return "CloudFront distribution";
	case AUTH_R53_AWS_GLOBAL_ACCELERATOR:
		return "Global Accelerator";
	case AUTH_R53_AWS_OTHER:
		break;
	}
	return "AWS resource";
}

bool auth_r53_alias_target_healthy(struct auth_r53_eval *ev, const struct auth_r53_set *set,
				   uint16_t type, unsigned depth)
{
	const struct auth_r53_env *env = ev->env;
	if (depth > AUTH_R53_ALIAS_DEPTH_MAX) {
		return false; /* an alias loop has no healthy record */
	}
	const auth_r53_group *group =
	    env->group != NULL ? env->group(env->ctx, set->alias_target, type) : NULL;
	if (group != NULL) {
		/* route53.md 3.4: healthy iff at least one set of the target group is healthy */
		for (guint i = 0; i < group->sets->len; i++) {
			if (auth_r53_healthy(ev, auth_r53_group_set(group, i), type, depth)) {
				return true;
			}
		}
		return false;
	}
	if (env->rrset != NULL && env->rrset(env->ctx, set->alias_target, type) != NULL) {
		return true; /* plain records have no health check */
	}
	bool healthy = false;
	enum auth_r53_aws_kind kind;
	if (auth_r53_aws_find(env->aws, env->names, set->alias_target, type, &healthy, &kind) !=
	    NULL) {
		/* CloudFront does not allow ETH (route53.md 3.4): its flag is not inherited */
		return kind == AUTH_R53_AWS_CLOUDFRONT || healthy;
	}
	return false; /* no such target: nothing healthy to inherit */
}

struct dns_rrset *auth_r53_alias_resolve(struct auth_r53_eval *ev, const struct auth_r53_set *set,
					 uint16_t type, unsigned depth)
{
	const struct auth_r53_env *env = ev->env;
	const char *target = dns_name_text(env->names, set->alias_target);
	if (depth + 1 > AUTH_R53_ALIAS_DEPTH_MAX) {
		auth_r53_step(ev, "alias: more than %u nested aliases (a loop?): no answer",
			      AUTH_R53_ALIAS_DEPTH_MAX);
		return NULL;
	}
	const auth_r53_group *group =
	    env->group != NULL ? env->group(env->ctx, set->alias_target, type) : NULL;
	if (group != NULL) {
		auth_r53_step(ev, "alias to %s (%s record sets, evaluate-target-health %s)", target,
			      scenario_policy_name(group->policy), set->eth ? "on" : "off");
		struct dns_rrset *answer = auth_r53_eval_group(ev, group, depth + 1);
		if (answer != NULL) {
			auth_r53_step(ev, "alias: TTL %u from the target", answer->ttl);
		}
		return answer;
	}
	struct dns_rrset *plain =
	    env->rrset != NULL ? env->rrset(env->ctx, set->alias_target, type) : NULL;
	if (plain != NULL) {
		auth_r53_step(ev, "alias to %s: its %u record(s), TTL %u from the target", target,
			      dns_rrset_count(plain), plain->ttl);
		if (ev->out != NULL) {
			g_ptr_array_add(ev->out->chosen, (gpointer)set);
		}
		return dns_rrset_ref(plain);
	}
	bool healthy = false;
	enum auth_r53_aws_kind kind;
	struct dns_rrset *aws =
	    auth_r53_aws_find(env->aws, env->names, set->alias_target, type, &healthy, &kind);
	if (aws != NULL) {
		auth_r53_step(ev, "alias to %s %s (%s), TTL %u", aws_kind_name(kind), target,
			      healthy ? "healthy" : "unhealthy", aws->ttl);
		if (ev->out != NULL) {
			g_ptr_array_add(ev->out->chosen, (gpointer)set);
			/* route53.md 3.6: free to query, except Global Accelerator (not listed) */
			ev->out->aws_free = kind == AUTH_R53_AWS_S3_WEBSITE ||
					    kind == AUTH_R53_AWS_LOAD_BALANCER ||
					    kind == AUTH_R53_AWS_CLOUDFRONT;
		}
		return dns_rrset_ref(aws);
	}
	auth_r53_step(ev, "alias to %s: the target has no records of this type: no answer", target);
	return NULL;
}
