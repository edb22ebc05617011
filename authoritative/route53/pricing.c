/*
 * Route 53's price table (route53.md section 8, read AUTH_R53_PRICES_AS_OF) and the arithmetic
 * of a monthly bill.
 */
#include "authoritative/route53/pricing.h"

#include "sim/util.h"

/* USD per million queries: first billion of a month, then above (route53.md 8). */
static const struct {
	const char *name;
	double rate[2];
} query_prices[AUTH_R53_PRICE_COUNT] = {
	[AUTH_R53_PRICE_STANDARD] = { "standard", { 0.40, 0.20 } },
	[AUTH_R53_PRICE_LATENCY] = { "latency", { 0.60, 0.30 } },
	[AUTH_R53_PRICE_GEO] = { "geo", { 0.70, 0.35 } },
	[AUTH_R53_PRICE_IP_BASED] = { "ip-based", { 0.80, 0.40 } },
	[AUTH_R53_PRICE_ALIAS_FREE] = { "alias-free", { 0.0, 0.0 } },
};

/* Health checks per month (route53.md 8). */
#define HC_BASIC_AWS	    0.50
#define HC_BASIC_OTHER	    0.75
#define HC_FEATURE_AWS	    1.00
#define HC_FEATURE_OTHER    2.00
#define ZONE_FIRST_MONTH    0.50
#define ZONE_FOLLOWER_MONTH 0.10

const char *auth_r53_price_name(enum auth_r53_price price)
{
	SIM_ASSERT((unsigned)price < AUTH_R53_PRICE_COUNT);
	return query_prices[price].name;
}

double auth_r53_query_rate(enum auth_r53_price price, int tier)
{
	SIM_ASSERT((unsigned)price < AUTH_R53_PRICE_COUNT && (tier == 0 || tier == 1));
	return query_prices[price].rate[tier];
}

enum auth_r53_price auth_r53_price_of(enum scenario_policy policy, bool aws_free)
{
	if (aws_free) {
		return AUTH_R53_PRICE_ALIAS_FREE;
	}
	switch (policy) {
	case SCENARIO_POLICY_LATENCY:
		return AUTH_R53_PRICE_LATENCY;
	case SCENARIO_POLICY_GEOLOCATION:
	case SCENARIO_POLICY_GEOPROXIMITY:
		return AUTH_R53_PRICE_GEO;
	case SCENARIO_POLICY_IP_BASED:
		return AUTH_R53_PRICE_IP_BASED;
	default:
		return AUTH_R53_PRICE_STANDARD;
	}
}

enum auth_r53_price auth_r53_price_billed(enum auth_r53_price matched,
					  const struct dns_msg *response)
{
	return response->sections[DNS_SECTION_ANSWER]->len == 0 ? AUTH_R53_PRICE_STANDARD : matched;
}

double auth_r53_queries_cost(enum auth_r53_price price, double queries)
{
	double tier = (double)AUTH_R53_TIER_QUERIES;
	double first = queries < tier ? queries : tier;
	double above = queries > tier ? queries - tier : 0.0;
	return (first * auth_r53_query_rate(price, 0) + above * auth_r53_query_rate(price, 1)) /
	       1e6;
}

double auth_r53_health_check_month(const struct auth_r53_hc_bill *check)
{
	double basic = check->aws_endpoint ? HC_BASIC_AWS : HC_BASIC_OTHER;
	double feature = check->aws_endpoint ? HC_FEATURE_AWS : HC_FEATURE_OTHER;
	return basic + feature * check->features;
}

double auth_r53_health_checks_month(const struct auth_r53_hc_bill *checks, size_t n)
{
	double total = 0;
	unsigned free_left = AUTH_R53_FREE_AWS_HEALTH_CHECKS;
	for (size_t i = 0; i < n; i++) {
		total += auth_r53_health_check_month(&checks[i]);
		if (checks[i].aws_endpoint && free_left > 0) {
			total -= HC_BASIC_AWS; /* the basic fee is waived, features are not */
			free_left--;
		}
	}
	return total;
}

double auth_r53_zones_month(size_t n)
{
	size_t first = n < AUTH_R53_ZONE_TIER ? n : AUTH_R53_ZONE_TIER;
	return (double)first * ZONE_FIRST_MONTH + (double)(n - first) * ZONE_FOLLOWER_MONTH;
}
