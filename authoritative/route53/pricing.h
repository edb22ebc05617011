#pragma once
/*
 * Route 53's price table and the arithmetic of a bill (route53.md section 8, alias billing 3.6).
 *
 * The table is a transcription of https://aws.amazon.com/route53/pricing/ read on
 * AUTH_R53_PRICES_AS_OF; every cost dnssim prints carries that date. Prices are USD.
 *
 * Queries: each price class has a rate per million queries for the first billion queries of a
 * month and a lower rate above that (the tier applies to each class on its own: the pricing page
 * lists the tiers per line [INF]). Alias queries to ELB, CloudFront, Elastic Beanstalk, API
 * Gateway, VPC interface endpoints and S3 website endpoints are free; NXDOMAIN and NODATA
 * answers are standard queries. A query whose name holds a Route 53 record set is billed by that
 * set's policy (the top of a policy tree, route53.md 8 [INF]); weighted, failover, multivalue and
 * simple answers are standard.
 *
 * Health checks, per month: a basic fee (AWS endpoint $0.50, the first 50 free; non-AWS
 * endpoint $0.75) plus each optional feature (HTTPS, string matching, the fast 10 s interval,
 * latency measurement: $1.00 for an AWS endpoint, $2.00 otherwise). Disabled checks are billed.
 * Calculated checks have no endpoint; dnssim bills them as AWS-endpoint basic checks [INF].
 *
 * Hosted zones, per month: $0.50 each for the first 25, $0.10 each after (records beyond 10,000
 * per zone are not modelled).
 *
 * Not here: Traffic Flow policy records, Resolver endpoints and rules, query logging (no Route 53
 * charge), domain registration, CIDR blocks beyond 1,000.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/dns.h"
#include "sim/scenario/model.h"

/* The date the price table was read (route53.md section 8, source PRICE). */
#define AUTH_R53_PRICES_AS_OF "2026-09-20"

/* Queries per month billed at the first-tier rate, per class. */
#define AUTH_R53_TIER_QUERIES 1000000000ull

/* Health checks on AWS endpoints that are free each month. */
#define AUTH_R53_FREE_AWS_HEALTH_CHECKS 50u

/* Hosted zones per month at the first zone rate. */
#define AUTH_R53_ZONE_TIER 25u

/* Seconds in the month dnssim scales a run to (30 days). */
#define AUTH_R53_MONTH_S (30.0 * 86400.0)

/* Price class of a query. */
enum auth_r53_price {
	AUTH_R53_PRICE_STANDARD,   /* plain records, simple/weighted/failover/multivalue,
				      negative answers, referrals */
	AUTH_R53_PRICE_LATENCY,	   /* latency-based routing */
	AUTH_R53_PRICE_GEO,	   /* geolocation and geoproximity */
	AUTH_R53_PRICE_IP_BASED,   /* IP-based routing */
	AUTH_R53_PRICE_ALIAS_FREE, /* alias to an AWS resource AWS does not charge for */
	AUTH_R53_PRICE_COUNT,
};

/* "standard", "latency", "geo", "ip-based", "alias-free". */
const char *auth_r53_price_name(enum auth_r53_price price);

/* USD per million queries of class in the first tier (tier 0) or above it (tier 1). */
double auth_r53_query_rate(enum auth_r53_price price, int tier);

/* The class of a query answered from a record set of policy; aws_free is TRUE when the answer
 * came from an alias to an AWS resource that is free to query. */
enum auth_r53_price auth_r53_price_of(enum scenario_policy policy, bool aws_free);

/* The class a query is billed at, given the class of the record set its name matched
 * (matched; standard for plain records) and the response: one whose answer section is empty
 * (NXDOMAIN, NODATA) is a standard query whatever the set's policy (route53.md 6.3 and 8). A
 * CNAME in the answer section is not empty: the name matched it. */
enum auth_r53_price auth_r53_price_billed(enum auth_r53_price matched,
					  const struct dns_msg *response);

/* Cost in USD of queries of class in one month, first tier then the rest. */
double auth_r53_queries_cost(enum auth_r53_price price, double queries);

/* One health check as billed. */
struct auth_r53_hc_bill {
	bool aws_endpoint; /* the endpoint runs in AWS (or a calculated check) */
	unsigned features; /* optional features: HTTPS, string matching, 10 s, latency */
};

/* Monthly fee of one check, without the free allowance. */
double auth_r53_health_check_month(const struct auth_r53_hc_bill *check);

/* Monthly fee of n checks, the first AUTH_R53_FREE_AWS_HEALTH_CHECKS AWS-endpoint checks'
 * basic fee waived (their optional features are still billed). */
double auth_r53_health_checks_month(const struct auth_r53_hc_bill *checks, size_t n);

/* Monthly fee of n hosted zones. */
double auth_r53_zones_month(size_t n);
