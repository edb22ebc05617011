#include "resolver/profile.h"

#include <string.h>

#include "sim/util.h"

/*
 * Every value below cites where it comes from in shared/reference/resolvers.md ("7.1 unbound"
 * is that profile's row of the table in section 7.1; "2.1" a section). Where the table says
 * "unknown", or resolvers.md says nothing, the rfc-strict value is used and the comment says
 * "rfc-strict default". Values "if switched on" (serve-stale, prefetch) are the software's
 * defaults for that feature, so `serve-stale=timer` alone gives the software's behaviour.
 * Fields that do not apply (another prefetch rule's thresholds, the band of a selection model
 * that has none) are 0 without comment. In an entry whose head comment says "as X", a value
 * without its own comment is X's.
 */

#define MS(x)  ((int64_t)(x)*SIM_NS_PER_MS)
#define SEC(x) ((int64_t)(x)*SIM_NS_PER_S)

#define NONE_S RESOLVER_TTL_MAX_S /* "no cap" */

static const struct resolver_profile profiles[] = {
	{
	    .name = "rfc-strict",
	    .min_ttl_s = 0,		    /* 7.1 rfc-strict: TTL honoured (RFC 1035 3.2.1) */
	    .max_ttl_s = 604800,	    /* 7.1 rfc-strict: RFC 8767 cap of 7 days (1.4) */
	    .ttl_top_bit_zero = false,	    /* 1.4: RFC 8767 reads bit 31 as positive, then caps */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE, /* 7.1 rfc-strict, 7.2 RFC: TTL 0 not cached */
	    .neg_min_ttl_s = 0,		    /* 7.1 rfc-strict: 0 */
	    .neg_max_ttl_s = NONE_S,	    /* 7.1 rfc-strict: none (RFC 2308 suggests <= 3 h) */
	    .neg_requires_soa = true,	    /* 7.1 rfc-strict, 1.3: no SOA -> not cached */
	    .nxdomain_cut = true,	    /* 1.7: RFC 8020, NXDOMAIN means nothing below */
	    .servfail_ttl_s = 1,	    /* 7.1 rfc-strict: failure cache 1 s (RFC 9520) */
	    .servfail_factor = 2,	    /* 7.1 rfc-strict: x2 on repeated failure (6.3) */
	    .servfail_max_ttl_s = 300,	    /* 7.1 rfc-strict: cap 300 s (1.6) */
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 rfc-strict: off */
	    .stale_ttl_s = 30,		       /* 1.4: RFC 8767 stale answer TTL 30 s */
	    .stale_ttl_capped_by_orig = false, /* 1.4: not in RFC 8767 */
	    .stale_timer_ns = MS(1800),	       /* 1.4: client response timer 1.8 s */
	    .max_stale_s = 86400,	       /* 1.4: maximum stale timer 1 to 3 days; 1 d */
	    .stale_recheck_ns = SEC(30),       /* 1.4: failure recheck timer 30 s */
	    .prefetch = false,		       /* 7.1 rfc-strict: off */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* no RFC rule; Unbound's 10% (6.5) */
	    .prefetch_percent = 10,			/* 6.5: Unbound's 10% */
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0,			     /* no RFC limit */
	    .qname_minimisation = true,		     /* 1.8: RFC 9156 */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* 1.2, 4: RFC 2181 5.4.1 ranks child NS
						      * above the referral */
	    .ns_ttl_capped_by_parent = false,	     /* 4: not an RFC rule */
	    .delegation_min_ttl_s = 0,		     /* 4: not an RFC rule */
	    .timeout_ns = SEC(1),	/* 7.1 "—"; RFC 6298 2.1 initial RTO 1 s, the RFC
					 * Knot applies to DNS (2.3) */
	    .rto_min_ns = SEC(1),	/* RFC 6298 2.4: RTO rounded up to 1 s */
	    .rto_max_ns = SEC(60),	/* RFC 6298 2.5: a cap of at least 60 s */
	    .tries_per_server = 3,	/* 1.6: RFC 9520, no more than two retries */
	    .max_sends = 0,		/* no RFC limit */
	    .query_budget_ns = SEC(10), /* 1.4: RFC 8767 query resolution timer 10-30 s */
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT, /* not in resolvers.md: RFC 1035 7.2
							  * prefers servers by past RTT */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300), /* 1.3: RFC 2308 7, a dead server cached <= 5 min */
	},
	{
	    .name = "unbound",
	    .min_ttl_s = 0,		 /* 7.1 unbound, 2.1 cache-min-ttl 0 */
	    .max_ttl_s = 86400,		 /* 7.1 unbound, 2.1 cache-max-ttl 86400 */
	    .ttl_top_bit_zero = false,	 /* rfc-strict default: not in resolvers.md */
	    .ttl0 = RESOLVER_TTL0_RAISE, /* 7.2: stored already expired (raised to min 0) */
	    .neg_min_ttl_s = 0,		 /* 7.1 unbound, 2.1 cache-min-negative-ttl 0 */
	    .neg_max_ttl_s = 3600,	 /* 7.1 unbound, 2.1 cache-max-negative-ttl 3600 */
	    .neg_requires_soa = true,	 /* 2.1: negative TTL from the authority SOA */
	    .nxdomain_cut = false,	 /* 1.7: only DNSSEC-secure NXDOMAIN; no DNSSEC here */
	    .servfail_ttl_s = 5,	 /* 7.1 unbound, 2.1: SERVFAIL NORR_TTL 5 s */
	    .servfail_factor = 1,	 /* 2.1: fixed */
	    .servfail_max_ttl_s = 5,	 /* 2.1: fixed */
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 unbound, 2.1 serve-expired no */
	    .stale_ttl_s = 30,		       /* 2.1 serve-expired-reply-ttl 30 */
	    .stale_ttl_capped_by_orig = true,  /* 2.1: original TTL if smaller */
	    .stale_timer_ns = MS(1800),	       /* 2.1 serve-expired-client-timeout 1800 ms */
	    .max_stale_s = 86400,	       /* 2.1 serve-expired-ttl 86400 */
	    .stale_recheck_ns = SEC(5),	       /* 2.1: norec window NORR_TTL 5 s */
	    .prefetch = false,		       /* 7.1 unbound, 2.1 prefetch no */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* 2.1: last 10% of the TTL */
	    .prefetch_percent = 10,			/* 2.1 PREFETCH_TTL_CALC */
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0, /* 2.1: sized in bytes (4 MB + 4 MB); entries not limited here */
	    .qname_minimisation = true, /* 1.8 qname-minimisation yes */
	    .prime_root = true,		/* iterator.c prime_root(): also for a stub zone of "." */
	    .cname_cut_in_reply = true, /* iter_scrub.c: chain remainders are cut off */
	    .delegation = RESOLVER_DELEGATION_CHILD,	 /* 2.1, 4: child NS may replace referral */
	    .ns_ttl_capped_by_parent = true,		 /* 2.1, 4: ghost-domain fix */
	    .delegation_min_ttl_s = 0,			 /* 2.1: no floor */
	    .timeout_ns = MS(376),			 /* 7.1 unbound: unknown server 376 ms */
	    .rto_min_ns = MS(50),			 /* 7.1 unbound: RTO in [50 ms, 120 s] */
	    .rto_max_ns = SEC(120),			 /* 7.1 unbound */
	    .tries_per_server = 5,			 /* 7.1 unbound: 5 tries/server */
	    .max_sends = 32,				 /* 7.1 unbound: <= 32 sends */
	    .query_budget_ns = 0,			 /* 2.8: no fixed cap */
	    .selection = RESOLVER_SELECTION_BAND_RANDOM, /* 7.1 unbound */
	    .selection_band_ns = MS(400),		 /* 2.1 RTT_BAND 400 ms */
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(900), /* 7.1 unbound: infra-host-ttl 900 s */
	},
	{
	    .name = "unbound-stale",
	    /* 7.1 unbound-stale: "as unbound" but serve-stale and prefetch on */
	    .min_ttl_s = 0,			 /* 7.1 unbound-stale: 0 */
	    .max_ttl_s = 86400,			 /* 7.1 unbound-stale: 86400 */
	    .ttl_top_bit_zero = false,		 /* as unbound */
	    .ttl0 = RESOLVER_TTL0_RAISE,	 /* as unbound (7.2): served only as stale */
	    .neg_min_ttl_s = 0,			 /* 7.1 unbound-stale */
	    .neg_max_ttl_s = 3600,		 /* 7.1 unbound-stale */
	    .neg_requires_soa = true,		 /* as unbound */
	    .nxdomain_cut = false,		 /* as unbound */
	    .servfail_ttl_s = 5,		 /* as unbound */
	    .servfail_factor = 1,		 /* as unbound */
	    .servfail_max_ttl_s = 5,		 /* as unbound */
	    .serve_stale = RESOLVER_STALE_TIMER, /* 7.1 unbound-stale: after 1.8 s or error */
	    .stale_ttl_s = 30,			 /* 7.1 unbound-stale: reply TTL min(30, orig) */
	    .stale_ttl_capped_by_orig = true,	 /* 7.1 unbound-stale */
	    .stale_timer_ns = MS(1800),		 /* 7.1 unbound-stale: 1.8 s */
	    .max_stale_s = 86400,		 /* 7.1 unbound-stale: 86400 past expiry */
	    .stale_recheck_ns = SEC(5),		 /* 7.1 unbound-stale: no-recursion window 5 s */
	    .prefetch = true,			 /* 7.1 unbound-stale: on (last 10%) */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* 7.1 unbound-stale */
	    .prefetch_percent = 10,			/* 7.1 unbound-stale */
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0,			     /* as unbound */
	    .qname_minimisation = true,		     /* as unbound */
	    .prime_root = true,			     /* as unbound */
	    .cname_cut_in_reply = true,		     /* as unbound */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* as unbound */
	    .ns_ttl_capped_by_parent = true,	     /* as unbound */
	    .delegation_min_ttl_s = 0,		     /* as unbound */
	    .timeout_ns = MS(376),		     /* 7.1 unbound-stale: as unbound */
	    .rto_min_ns = MS(50),
	    .rto_max_ns = SEC(120),
	    .tries_per_server = 5,
	    .max_sends = 32,
	    .query_budget_ns = 0,
	    .selection = RESOLVER_SELECTION_BAND_RANDOM,
	    .selection_band_ns = MS(400),
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(900),
	},
	{
	    .name = "bind-9.20",
	    .min_ttl_s = 0,		       /* 7.1 bind-9.20, 2.2 min-cache-ttl 0 */
	    .max_ttl_s = 604800,	       /* 7.1 bind-9.20, 2.2 max-cache-ttl 1 week */
	    .ttl_top_bit_zero = false,	       /* rfc-strict default: not in resolvers.md */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE,    /* rfc-strict default: BIND not in 7.2 */
	    .neg_min_ttl_s = 0,		       /* 7.1 bind-9.20, 2.2 min-ncache-ttl 0 */
	    .neg_max_ttl_s = 10800,	       /* 7.1 bind-9.20, 2.2 max-ncache-ttl 3 h */
	    .neg_requires_soa = true,	       /* rfc-strict default (RFC 2308 5) */
	    .nxdomain_cut = true,	       /* rfc-strict default: not stated for BIND */
	    .servfail_ttl_s = 1,	       /* 7.1 bind-9.20, 2.2 servfail-ttl 1 s */
	    .servfail_factor = 1,	       /* 2.2: fixed */
	    .servfail_max_ttl_s = 1,	       /* 2.2: fixed (configurable up to 30 s) */
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 bind-9.20: off */
	    .stale_ttl_s = 30,		       /* 7.1 bind-9.20: if on TTL 30 */
	    .stale_ttl_capped_by_orig = false, /* 2.2: not capped */
	    .stale_timer_ns = 0,	       /* 2.2 stale-answer-client-timeout off */
	    .max_stale_s = 86400,	       /* 7.1 bind-9.20: max 1 d */
	    .stale_recheck_ns = SEC(30),       /* 7.1 bind-9.20: stale-refresh 30 s */
	    .prefetch = true,		       /* 7.1 bind-9.20: on */
	    .prefetch_rule = RESOLVER_PREFETCH_TRIGGER, /* 7.1 bind-9.20: <= 2 s, orig >= 9 s */
	    .prefetch_percent = 0,
	    .prefetch_trigger_s = 2,		     /* 2.2 prefetch 2 9 */
	    .prefetch_eligible_s = 9,		     /* 2.2 prefetch 2 9 */
	    .cache_size = 0,			     /* rfc-strict default: not in resolvers.md */
	    .qname_minimisation = true,		     /* 2.2 qname-minimization relaxed */
	    .qmin_style = RESOLVER_QMIN_NS_CUT,	     /* 1.8: NS queries while walking down */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* 7.1 bind-9.20: child-centric */
	    .ns_ttl_capped_by_parent = false,	     /* 2.2, 4: child-centric via the cache */
	    .delegation_min_ttl_s = 0,		     /* 2.2: min-delegation-ttl is 9.21.24+ */
	    .timeout_ns = MS(800),		     /* 7.1 bind-9.20: per try >= 800 ms */
	    .rto_min_ns = MS(800),		     /* 2.2 retryinterval floor 800 ms */
	    .rto_max_ns = SEC(9),		     /* 7.1 bind-9.20: <= 9 s per try */
	    .tries_per_server = 3,		     /* rfc-strict default: not in resolvers.md */
	    .max_sends = 50,			     /* 2.2 max-recursion-queries 50 */
	    .query_budget_ns = SEC(10),		     /* 7.1 bind-9.20: 10 s per fetch */
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT, /* 7.1 bind-9.20 */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = 0, /* 2.2: lame-ttl 0; timeouts only raise the SRTT */
	},
	{
	    .name = "bind-9.22",
	    /* 7.1 bind-9.22: "as bind-9.20" in every column but delegations */
	    .min_ttl_s = 0,		    /* 7.1 bind-9.22: as bind-9.20 */
	    .max_ttl_s = 604800,	    /* 7.1 bind-9.22: as bind-9.20 */
	    .ttl_top_bit_zero = false,	    /* as bind-9.20 */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE, /* as bind-9.20 */
	    .neg_min_ttl_s = 0,		    /* 7.1 bind-9.22: as bind-9.20 */
	    .neg_max_ttl_s = 10800,	    /* 7.1 bind-9.22: as bind-9.20 */
	    .neg_requires_soa = true,	    /* as bind-9.20 */
	    .nxdomain_cut = true,	    /* as bind-9.20 */
	    .servfail_ttl_s = 1,	    /* as bind-9.20 */
	    .servfail_factor = 1,
	    .servfail_max_ttl_s = 1,
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 bind-9.22: as bind-9.20 */
	    .stale_ttl_s = 30,
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = 0, /* 7.1 bind-9.22: client-timeout only off or 0 */
	    .max_stale_s = 86400,
	    .stale_recheck_ns = SEC(30),
	    .prefetch = true, /* 7.1 bind-9.22: as bind-9.20 */
	    .prefetch_rule = RESOLVER_PREFETCH_TRIGGER,
	    .prefetch_percent = 0,
	    .prefetch_trigger_s = 2,
	    .prefetch_eligible_s = 9,
	    .cache_size = 0,
	    .qname_minimisation = true,
	    .qmin_style = RESOLVER_QMIN_NS_CUT,	      /* 1.8: NS queries while walking down */
	    .delegation = RESOLVER_DELEGATION_PARENT, /* 7.1 bind-9.22: parent-centric DB */
	    .ns_ttl_capped_by_parent = false,	      /* 2.2: child NS not used at all */
	    .delegation_min_ttl_s = 60,		      /* 7.1 bind-9.22: NS/glue floor 60 s */
	    .timeout_ns = MS(800),		      /* 7.1 bind-9.22: as bind-9.20 */
	    .rto_min_ns = MS(800),
	    .rto_max_ns = SEC(9),
	    .tries_per_server = 3,
	    .max_sends = 50,
	    .query_budget_ns = SEC(10),
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT,
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = 0,
	},
	{
	    .name = "knot-6",
	    .min_ttl_s = 5,		 /* 7.1 knot-6, 2.3 cache/ttl-min 5 s */
	    .max_ttl_s = 86400,		 /* 7.1 knot-6, 2.3 cache/ttl-max 1 d */
	    .ttl_top_bit_zero = false,	 /* rfc-strict default: not in resolvers.md */
	    .ttl0 = RESOLVER_TTL0_RAISE, /* 7.1 knot-6, 7.2: TTL 0 -> 5 s */
	    .neg_min_ttl_s = 5,		 /* 7.1 knot-6: same clamp as positive */
	    .neg_max_ttl_s = 86400,	 /* 7.1 knot-6 */
	    .neg_requires_soa = false,	 /* 2.3: every packet cached, no SOA -> ttl-min 5 s */
	    .nxdomain_cut = true,	 /* rfc-strict default: not stated for Knot */
	    .servfail_ttl_s = 5,	 /* 7.1 knot-6: SERVFAIL and other rcodes 5 s */
	    .servfail_factor = 1,	 /* 2.3: ttl-min, fixed */
	    .servfail_max_ttl_s = 5,
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 knot-6: off */
	    .stale_ttl_s = 1,		       /* 7.1 knot-6: if on TTL 1 */
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = SEC(3),	 /* 7.1 knot-6: after ~3 to 4 s; 2.3 about 3 s */
	    .max_stale_s = 86400,	 /* 7.1 knot-6: <= 1 d */
	    .stale_recheck_ns = SEC(30), /* rfc-strict default: not stated for Knot */
	    .prefetch = false,		 /* 7.1 knot-6: off */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT_PLUS, /* 7.1 knot-6: < 1% + 5 s */
	    .prefetch_percent = 1,			     /* 2.3 */
	    .prefetch_trigger_s = 5,			     /* 2.3 */
	    .prefetch_eligible_s = 0,
	    .cache_size = 0,			/* rfc-strict default: not in resolvers.md */
	    .qname_minimisation = true,		/* 1.8 minimize: true */
	    .qmin_style = RESOLVER_QMIN_NS_CUT, /* kresd minimized_qname(): cut + 1 label, NS */
	    .neg_authority_copy = true,		/* lib/layer/iterate.c pick_authority() */
	    .answer_additional_ignored = true,	/* iterate.c: no additional from answers */
	    .delegation = RESOLVER_DELEGATION_PARENT, /* kresd zone cuts come from referrals */
	    .ns_ttl_capped_by_parent = false,	      /* rfc-strict default */
	    .delegation_min_ttl_s = 0,		      /* rfc-strict default */
	    .timeout_ns = MS(400),		      /* 7.1 knot-6: unknown 400 ms */
	    .rto_min_ns = MS(20),	/* 2.3: RTO = srtt + max(4 var, 20 ms); no other floor */
	    .rto_max_ns = SEC(10),	/* 7.1 knot-6: <= 10 s */
	    .tries_per_server = 4,	/* 2.3 KR_QUERY_NSRETRY_LIMIT 4 */
	    .max_sends = 100,		/* 2.3 KR_ITER_LIMIT 100 iterations */
	    .query_budget_ns = SEC(10), /* 7.1 knot-6: 10 s per request */
	    .selection = RESOLVER_SELECTION_EPSILON_GREEDY, /* 7.1 knot-6 */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.05,  /* 7.1 knot-6: 5% explore */
	    .infra_ttl_ns = SEC(1), /* 7.1 knot-6: dead for 1 s */
	},
	{
	    .name = "pdns-rec-5",
	    .min_ttl_s = 1,		 /* 7.1 pdns-rec-5, 2.4 minimum-ttl-override 1 */
	    .max_ttl_s = 86400,		 /* 7.1 pdns-rec-5, 2.4 max-cache-ttl */
	    .ttl_top_bit_zero = false,	 /* rfc-strict default: not in resolvers.md */
	    .ttl0 = RESOLVER_TTL0_RAISE, /* 7.2: raised to 1 s */
	    .neg_min_ttl_s = 1,		 /* 7.1 pdns-rec-5: 1 */
	    .neg_max_ttl_s = 3600,	 /* 7.1 pdns-rec-5, 2.4 max-negative-ttl 3600 */
	    .neg_requires_soa = true,	 /* 2.4: negative entries refer to the SOA */
	    .nxdomain_cut = false,	 /* 1.7: nothing-below-nxdomain=dnssec; no DNSSEC here */
	    .servfail_ttl_s = 60,	 /* 7.1 pdns-rec-5: packet-cache SERVFAIL up to 60 s */
	    .servfail_factor = 1,	 /* 2.4: fixed */
	    .servfail_max_ttl_s = 60,
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 pdns-rec-5: off */
	    .stale_ttl_s = 30,		       /* 7.1 pdns-rec-5: +30 s per extension */
	    .stale_ttl_capped_by_orig = true,  /* 2.4: or the original TTL if under 30 s */
	    .stale_timer_ns = 0,	       /* 6.4: answers stale on refresh failure */
	    .max_stale_s = 86400, /* 2.4: N x 30 s, N has no default; rfc-strict default 1 d */
	    .stale_recheck_ns = SEC(30), /* 2.4: each extension 30 s queues a refresh */
	    .prefetch = false,		 /* 7.1 pdns-rec-5: off */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* 2.4 refresh-on-ttl-perc */
	    .prefetch_percent = 10,			/* 7.1 pdns-rec-5: typical 10 */
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0,			     /* rfc-strict default: not in resolvers.md */
	    .qname_minimisation = true,		     /* 2.4 qname-minimization true */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* 2.4, 4: prefers the child */
	    .ns_ttl_capped_by_parent = false,	     /* 4 */
	    .delegation_min_ttl_s = 0,		     /* rfc-strict default */
	    .timeout_ns = MS(1500),		     /* 7.1 pdns-rec-5: 1500 ms per query */
	    .rto_min_ns = MS(1500),		     /* 2.8: 1500 ms fixed */
	    .rto_max_ns = MS(1500),		     /* 2.8: 1500 ms fixed */
	    .tries_per_server = 3,		     /* rfc-strict default: not in resolvers.md */
	    .max_sends = 50,			     /* 7.1 pdns-rec-5: <= 50 queries */
	    .query_budget_ns = SEC(7),		     /* 7.1 pdns-rec-5: 7 s total */
	    .selection = RESOLVER_SELECTION_FASTEST_EWMA, /* 7.1 pdns-rec-5 */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(60), /* 7.1 pdns-rec-5: down after 64 fails for 60 s */
	},
	{
	    .name = "coredns-k8s",
	    .min_ttl_s = 5,		 /* 7.1 coredns-k8s: 5 */
	    .max_ttl_s = 30,		 /* 7.1 coredns-k8s: `cache 30` */
	    .ttl_top_bit_zero = false,	 /* rfc-strict default: not in resolvers.md */
	    .ttl0 = RESOLVER_TTL0_RAISE, /* 2.5: MINTTL 5 applies to every answer */
	    .neg_min_ttl_s = 5,		 /* 7.1 coredns-k8s: 5 */
	    .neg_max_ttl_s = 30,	 /* 7.1 coredns-k8s: 30 */
	    .neg_requires_soa = true,	 /* rfc-strict default: not in resolvers.md */
	    .nxdomain_cut = false,	 /* 2.5: a forwarder's cache keyed by question */
	    .servfail_ttl_s = 5,	 /* 7.1 coredns-k8s: SERVFAIL 5 s */
	    .servfail_factor = 1,	 /* 2.5: fixed */
	    .servfail_max_ttl_s = 5,
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 coredns-k8s: off */
	    .stale_ttl_s = 0,		       /* 7.1 coredns-k8s: if on immediate, TTL 0 */
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = 0,			/* 2.5: immediate */
	    .max_stale_s = 3600,			/* 7.1 coredns-k8s: 1 h */
	    .stale_recheck_ns = SEC(30),		/* rfc-strict default: not stated */
	    .prefetch = false,				/* 7.1 coredns-k8s: off */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* 2.5: below 10% */
	    .prefetch_percent = 10,			/* 2.5 */
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 9984,		 /* 7.1 coredns-k8s: 9984 entries (random eviction
					  * there, LRU here) */
	    .qname_minimisation = false, /* 7.1 coredns-k8s: forwards, does not iterate */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* rfc-strict default: forwarder */
	    .ns_ttl_capped_by_parent = false,	     /* rfc-strict default */
	    .delegation_min_ttl_s = 0,		     /* rfc-strict default */
	    .timeout_ns = SEC(1),	/* rfc-strict default: 7.1 "upstream dependent" */
	    .rto_min_ns = SEC(1),	/* rfc-strict default */
	    .rto_max_ns = SEC(60),	/* rfc-strict default */
	    .tries_per_server = 3,	/* rfc-strict default */
	    .max_sends = 0,		/* rfc-strict default */
	    .query_budget_ns = SEC(10), /* rfc-strict default */
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT, /* rfc-strict default */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300), /* rfc-strict default */
	},
	{
	    .name = "dnsmasq",
	    .min_ttl_s = 0,		       /* 7.1 dnsmasq: 0 */
	    .max_ttl_s = NONE_S,	       /* 7.1 dnsmasq: none */
	    .ttl_top_bit_zero = false,	       /* rfc-strict default: not in resolvers.md */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE,    /* rfc-strict default: dnsmasq not in 7.2 */
	    .neg_min_ttl_s = 0,		       /* 7.1 dnsmasq: SOA-based */
	    .neg_max_ttl_s = NONE_S,	       /* 7.1 dnsmasq: no cap */
	    .neg_requires_soa = true,	       /* 2.6: cached only with an SOA [mem] */
	    .nxdomain_cut = false,	       /* 2.6: a forwarder's cache keyed by question */
	    .servfail_ttl_s = 1,	       /* rfc-strict default: not in resolvers.md */
	    .servfail_factor = 2,	       /* rfc-strict default */
	    .servfail_max_ttl_s = 300,	       /* rfc-strict default */
	    .serve_stale = RESOLVER_STALE_OFF, /* 7.1 dnsmasq: off */
	    .stale_ttl_s = 30,		       /* rfc-strict default */
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = MS(1800),			/* rfc-strict default */
	    .max_stale_s = 86400,			/* rfc-strict default */
	    .stale_recheck_ns = SEC(30),		/* rfc-strict default */
	    .prefetch = false,				/* 7.1 dnsmasq: off */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* rfc-strict default */
	    .prefetch_percent = 10,
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 150,			     /* 7.1 dnsmasq: 150 entries */
	    .qname_minimisation = false,	     /* 7.1 dnsmasq: forwards, does not iterate */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* rfc-strict default: forwarder */
	    .ns_ttl_capped_by_parent = false,
	    .delegation_min_ttl_s = 0,
	    .timeout_ns = SEC(1),	/* rfc-strict default: not in resolvers.md */
	    .rto_min_ns = SEC(1),	/* rfc-strict default */
	    .rto_max_ns = SEC(60),	/* rfc-strict default */
	    .tries_per_server = 3,	/* rfc-strict default */
	    .max_sends = 0,		/* rfc-strict default */
	    .query_budget_ns = SEC(10), /* rfc-strict default */
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT, /* 7.1 dnsmasq: prefers the fastest
							  * upstream [mem] */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300), /* rfc-strict default */
	},
	{
	    .name = "google-public-dns",
	    /* 7.1 gives caps, prefetch and stale; as rfc-strict otherwise */
	    .min_ttl_s = 0,			 /* 7.1 google-public-dns: "0?" */
	    .max_ttl_s = 21600,			 /* 7.1 google-public-dns, 2.7: cap 6 h [3p] */
	    .ttl_top_bit_zero = false,		 /* rfc-strict default */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE,	 /* rfc-strict default */
	    .neg_min_ttl_s = 0,			 /* rfc-strict default: 7.1 unknown */
	    .neg_max_ttl_s = NONE_S,		 /* rfc-strict default: 7.1 unknown */
	    .neg_requires_soa = true,		 /* rfc-strict default */
	    .nxdomain_cut = true,		 /* rfc-strict default */
	    .servfail_ttl_s = 1,		 /* rfc-strict default: not in resolvers.md */
	    .servfail_factor = 2,		 /* rfc-strict default */
	    .servfail_max_ttl_s = 300,		 /* rfc-strict default */
	    .serve_stale = RESOLVER_STALE_TIMER, /* 7.1 google-public-dns: reported yes [mem];
						  * RFC 8767 timer, Google co-authored it */
	    .stale_ttl_s = 30,			 /* rfc-strict default (RFC 8767) */
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = MS(1800),	 /* rfc-strict default (RFC 8767) */
	    .max_stale_s = 86400,	 /* rfc-strict default (RFC 8767) */
	    .stale_recheck_ns = SEC(30), /* rfc-strict default (RFC 8767) */
	    .prefetch = true,		 /* 7.1 google-public-dns: continuous for popular names */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT, /* continuous refresh approximated by
							 * a hit in the last 10% (6.5) */
	    .prefetch_percent = 10,
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0,			     /* rfc-strict default */
	    .qname_minimisation = true,		     /* rfc-strict default */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* rfc-strict default */
	    .ns_ttl_capped_by_parent = false,
	    .delegation_min_ttl_s = 0,
	    .timeout_ns = SEC(1), /* rfc-strict default: 7.1 "anycast" only */
	    .rto_min_ns = SEC(1),
	    .rto_max_ns = SEC(60),
	    .tries_per_server = 3,
	    .max_sends = 0,
	    .query_budget_ns = SEC(10),
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT, /* rfc-strict default */
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300), /* rfc-strict default */
	},
	{
	    .name = "cloudflare-1111",
	    /* 7.1 gives the (absent) cap and stale; as rfc-strict otherwise */
	    .min_ttl_s = 0,		    /* 7.1 cloudflare-1111: "0?" */
	    .max_ttl_s = NONE_S,	    /* 7.1 cloudflare-1111: no cap observed */
	    .ttl_top_bit_zero = false,	    /* rfc-strict default */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE, /* rfc-strict default */
	    .neg_min_ttl_s = 0,		    /* rfc-strict default: 7.1 unknown */
	    .neg_max_ttl_s = NONE_S,	    /* rfc-strict default: 7.1 unknown */
	    .neg_requires_soa = true,	    /* rfc-strict default */
	    .nxdomain_cut = true,	    /* rfc-strict default */
	    .servfail_ttl_s = 1,	    /* rfc-strict default */
	    .servfail_factor = 2,
	    .servfail_max_ttl_s = 300,
	    .serve_stale = RESOLVER_STALE_TIMER, /* 7.1 cloudflare-1111: reported yes [mem] */
	    .stale_ttl_s = 30,			 /* rfc-strict default (RFC 8767) */
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = MS(1800),
	    .max_stale_s = 86400,
	    .stale_recheck_ns = SEC(30),
	    .prefetch = false, /* rfc-strict default: 7.1 unknown */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT,
	    .prefetch_percent = 10,
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0,			     /* rfc-strict default */
	    .qname_minimisation = true,		     /* rfc-strict default */
	    .delegation = RESOLVER_DELEGATION_CHILD, /* rfc-strict default */
	    .ns_ttl_capped_by_parent = false,
	    .delegation_min_ttl_s = 0,
	    .timeout_ns = SEC(1), /* rfc-strict default: 7.1 "anycast" only */
	    .rto_min_ns = SEC(1),
	    .rto_max_ns = SEC(60),
	    .tries_per_server = 3,
	    .max_sends = 0,
	    .query_budget_ns = SEC(10),
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT,
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300),
	},
	{
	    .name = "quad9",
	    /* 7.1 gives the positive cap only; as rfc-strict otherwise */
	    .min_ttl_s = 0,		    /* 7.1 quad9: "0?" */
	    .max_ttl_s = 43200,		    /* 7.1 quad9, 2.7: cap 12 h [3p] */
	    .ttl_top_bit_zero = false,	    /* rfc-strict default */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE, /* rfc-strict default */
	    .neg_min_ttl_s = 0,		    /* rfc-strict default: 7.1 unknown */
	    .neg_max_ttl_s = NONE_S,	    /* rfc-strict default: 7.1 unknown */
	    .neg_requires_soa = true,
	    .nxdomain_cut = true,
	    .servfail_ttl_s = 1, /* rfc-strict default */
	    .servfail_factor = 2,
	    .servfail_max_ttl_s = 300,
	    .serve_stale = RESOLVER_STALE_OFF, /* rfc-strict default: 7.1 unknown */
	    .stale_ttl_s = 30,
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = MS(1800),
	    .max_stale_s = 86400,
	    .stale_recheck_ns = SEC(30),
	    .prefetch = false, /* rfc-strict default: 7.1 unknown */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT,
	    .prefetch_percent = 10,
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0, /* rfc-strict default */
	    .qname_minimisation = true,
	    .delegation = RESOLVER_DELEGATION_CHILD,
	    .ns_ttl_capped_by_parent = false,
	    .delegation_min_ttl_s = 0,
	    .timeout_ns = SEC(1), /* rfc-strict default: 7.1 "anycast" only */
	    .rto_min_ns = SEC(1),
	    .rto_max_ns = SEC(60),
	    .tries_per_server = 3,
	    .max_sends = 0,
	    .query_budget_ns = SEC(10),
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT,
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300),
	},
	{
	    .name = "opendns",
	    /* 7.1 gives the positive cap only; as rfc-strict otherwise */
	    .min_ttl_s = 0,		    /* 7.1 opendns: "0?" */
	    .max_ttl_s = 3600,		    /* 7.1 opendns, 2.7: cap 1 h [3p] */
	    .ttl_top_bit_zero = false,	    /* rfc-strict default */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE, /* rfc-strict default */
	    .neg_min_ttl_s = 0,		    /* rfc-strict default: 7.1 unknown */
	    .neg_max_ttl_s = NONE_S,	    /* rfc-strict default: 7.1 unknown */
	    .neg_requires_soa = true,
	    .nxdomain_cut = true,
	    .servfail_ttl_s = 1, /* rfc-strict default */
	    .servfail_factor = 2,
	    .servfail_max_ttl_s = 300,
	    .serve_stale = RESOLVER_STALE_OFF, /* rfc-strict default: 7.1 unknown */
	    .stale_ttl_s = 30,
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = MS(1800),
	    .max_stale_s = 86400,
	    .stale_recheck_ns = SEC(30),
	    .prefetch = false, /* rfc-strict default: 7.1 unknown */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT,
	    .prefetch_percent = 10,
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0, /* rfc-strict default */
	    .qname_minimisation = true,
	    .delegation = RESOLVER_DELEGATION_CHILD,
	    .ns_ttl_capped_by_parent = false,
	    .delegation_min_ttl_s = 0,
	    .timeout_ns = SEC(1), /* rfc-strict default: 7.1 "anycast" only */
	    .rto_min_ns = SEC(1),
	    .rto_max_ns = SEC(60),
	    .tries_per_server = 3,
	    .max_sends = 0,
	    .query_budget_ns = SEC(10),
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT,
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300),
	},
	{
	    .name = "aws-vpc-resolver",
	    /* 7.1 gives the positive cap only; as rfc-strict otherwise */
	    .min_ttl_s = 0,		    /* 7.1 aws-vpc-resolver: 0 */
	    .max_ttl_s = 300,		    /* 7.1 aws-vpc-resolver: 300 (community-reported) */
	    .ttl_top_bit_zero = false,	    /* rfc-strict default */
	    .ttl0 = RESOLVER_TTL0_NO_CACHE, /* rfc-strict default */
	    .neg_min_ttl_s = 0,		    /* rfc-strict default: 7.1 unknown */
	    .neg_max_ttl_s = NONE_S,	    /* rfc-strict default: 7.1 unknown */
	    .neg_requires_soa = true,
	    .nxdomain_cut = true,
	    .servfail_ttl_s = 1, /* rfc-strict default */
	    .servfail_factor = 2,
	    .servfail_max_ttl_s = 300,
	    .serve_stale = RESOLVER_STALE_OFF, /* rfc-strict default: 7.1 unknown */
	    .stale_ttl_s = 30,
	    .stale_ttl_capped_by_orig = false,
	    .stale_timer_ns = MS(1800),
	    .max_stale_s = 86400,
	    .stale_recheck_ns = SEC(30),
	    .prefetch = false, /* rfc-strict default: 7.1 unknown */
	    .prefetch_rule = RESOLVER_PREFETCH_PERCENT,
	    .prefetch_percent = 10,
	    .prefetch_trigger_s = 0,
	    .prefetch_eligible_s = 0,
	    .cache_size = 0, /* rfc-strict default */
	    .qname_minimisation = true,
	    .delegation = RESOLVER_DELEGATION_CHILD,
	    .ns_ttl_capped_by_parent = false,
	    .delegation_min_ttl_s = 0,
	    .timeout_ns = SEC(1), /* rfc-strict default: 7.1 Nitro cache + zonal fleet only */
	    .rto_min_ns = SEC(1),
	    .rto_max_ns = SEC(60),
	    .tries_per_server = 3,
	    .max_sends = 0,
	    .query_budget_ns = SEC(10),
	    .selection = RESOLVER_SELECTION_LOWEST_SRTT,
	    .selection_band_ns = 0,
	    .explore_ratio = 0.0,
	    .infra_ttl_ns = SEC(300),
	},
};

#define PROFILE_COUNT G_N_ELEMENTS(profiles)

const char *const resolver_profile_name_table[] = {
	"rfc-strict",	   "unbound",	 "unbound-stale", "bind-9.20",	      "bind-9.22",
	"knot-6",	   "pdns-rec-5", "coredns-k8s",	  "dnsmasq",	      "google-public-dns",
	"cloudflare-1111", "quad9",	 "opendns",	  "aws-vpc-resolver", NULL,
};

G_STATIC_ASSERT(G_N_ELEMENTS(resolver_profile_name_table) == PROFILE_COUNT + 1);

const struct resolver_profile *resolver_profile_find(const char *name)
{
	for (size_t i = 0; i < PROFILE_COUNT; i++) {
		if (strcmp(profiles[i].name, name) == 0) {
			return &profiles[i];
		}
	}
	return NULL;
}

const char *const *resolver_profile_names(void)
{
	return resolver_profile_name_table;
}

/* Overrides */

enum knob {
	KNOB_MIN_TTL,
	KNOB_MAX_TTL,
	KNOB_NEG_MIN_TTL,
	KNOB_NEG_MAX_TTL,
	KNOB_SERVFAIL_TTL,
	KNOB_TTL0,
	KNOB_SERVE_STALE,
	KNOB_STALE_TTL,
	KNOB_STALE_TIMER,
	KNOB_MAX_STALE,
	KNOB_STALE_RECHECK,
	KNOB_PREFETCH,
	KNOB_CACHE_SIZE,
	KNOB_NXDOMAIN_CUT,
	KNOB_QNAME_MINIMISATION,
	KNOB_DELEGATION,
	KNOB_TIMEOUT,
	KNOB_RETRIES,
	KNOB_SELECTION,
	KNOB_INFRA_TTL,
};

static const struct {
	const char *key;
	enum knob knob;
} knobs[] = {
	{ "min-ttl", KNOB_MIN_TTL },
	{ "max-ttl", KNOB_MAX_TTL },
	{ "neg-min-ttl", KNOB_NEG_MIN_TTL },
	{ "neg-max-ttl", KNOB_NEG_MAX_TTL },
	{ "servfail-ttl", KNOB_SERVFAIL_TTL },
	{ "ttl0", KNOB_TTL0 },
	{ "serve-stale", KNOB_SERVE_STALE },
	{ "stale-ttl", KNOB_STALE_TTL },
	{ "stale-timer", KNOB_STALE_TIMER },
	{ "max-stale", KNOB_MAX_STALE },
	{ "stale-recheck", KNOB_STALE_RECHECK },
	{ "prefetch", KNOB_PREFETCH },
	{ "cache-size", KNOB_CACHE_SIZE },
	{ "nxdomain-cut", KNOB_NXDOMAIN_CUT },
	{ "qname-minimisation", KNOB_QNAME_MINIMISATION },
	{ "delegation", KNOB_DELEGATION },
	{ "timeout", KNOB_TIMEOUT },
	{ "retries", KNOB_RETRIES },
	{ "selection", KNOB_SELECTION },
	{ "infra-ttl", KNOB_INFRA_TTL },
};

/* A duration in ns as a TTL in whole seconds (rounded down, at most 2^31 - 1). */
static uint32_t ttl_of_ns(int64_t ns)
{
	int64_t s = ns / SIM_NS_PER_S;
	return s > (int64_t)RESOLVER_TTL_MAX_S ? RESOLVER_TTL_MAX_S : (uint32_t)s;
}

gboolean resolver_profile_apply(struct resolver_profile *p, const char *key, int64_t value)
{
	size_t k = 0;
	while (k < G_N_ELEMENTS(knobs) && strcmp(knobs[k].key, key) != 0) {
		k++;
	}
	if (k == G_N_ELEMENTS(knobs) || value < 0) {
		return FALSE;
	}
	switch (knobs[k].knob) {
	case KNOB_MIN_TTL:
		p->min_ttl_s = ttl_of_ns(value);
		break;
	case KNOB_MAX_TTL:
		p->max_ttl_s = ttl_of_ns(value);
		break;
	case KNOB_NEG_MIN_TTL:
		p->neg_min_ttl_s = ttl_of_ns(value);
		break;
	case KNOB_NEG_MAX_TTL:
		p->neg_max_ttl_s = ttl_of_ns(value);
		break;
	case KNOB_SERVFAIL_TTL:
		/* The start of the backoff; a cap below it would be meaningless. */
		p->servfail_ttl_s = ttl_of_ns(value);
		if (p->servfail_max_ttl_s < p->servfail_ttl_s) {
			p->servfail_max_ttl_s = p->servfail_ttl_s;
		}
		break;
	case KNOB_TTL0:
		if (value > RESOLVER_TTL0_RAISE) {
			return FALSE;
		}
		p->ttl0 = (enum resolver_ttl0_policy)value;
		break;
	case KNOB_SERVE_STALE:
		if (value > RESOLVER_STALE_ON_FAILURE) {
			return FALSE;
		}
		p->serve_stale = (enum resolver_stale_mode)value;
		break;
	case KNOB_STALE_TTL:
		p->stale_ttl_s = ttl_of_ns(value);
		break;
	case KNOB_STALE_TIMER:
		p->stale_timer_ns = value;
		break;
	case KNOB_MAX_STALE:
		p->max_stale_s = ttl_of_ns(value);
		break;
	case KNOB_STALE_RECHECK:
		p->stale_recheck_ns = value;
		break;
	case KNOB_PREFETCH:
		if (value > 1) {
			return FALSE;
		}
		p->prefetch = value == 1;
		break;
	case KNOB_CACHE_SIZE:
		if (value < 1) {
			return FALSE;
		}
		p->cache_size = (uint64_t)value;
		break;
	case KNOB_NXDOMAIN_CUT:
		if (value > 1) {
			return FALSE;
		}
		p->nxdomain_cut = value == 1;
		break;
	case KNOB_QNAME_MINIMISATION:
		if (value > 1) {
			return FALSE;
		}
		p->qname_minimisation = value == 1;
		break;
	case KNOB_DELEGATION:
		if (value > RESOLVER_DELEGATION_CHILD) {
			return FALSE;
		}
		p->delegation = (enum resolver_delegation)value;
		break;
	case KNOB_TIMEOUT:
		if (value == 0) {
			return FALSE;
		}
		p->timeout_ns = value;
		break;
	case KNOB_RETRIES:
		if (value > UINT32_MAX) {
			return FALSE;
		}
		p->tries_per_server = (uint32_t)value;
		break;
	case KNOB_SELECTION:
		if (value > RESOLVER_SELECTION_PARALLEL_ALL) {
			return FALSE;
		}
		p->selection = (enum resolver_selection)value;
		break;
	case KNOB_INFRA_TTL:
		p->infra_ttl_ns = value;
		break;
	}
	return TRUE;
}

const char *resolver_ttl0_policy_name(enum resolver_ttl0_policy policy)
{
	static const char *const names[] = { "no-cache", "raise" };
	SIM_ASSERT((size_t)policy < G_N_ELEMENTS(names));
	return names[policy];
}

const char *resolver_stale_mode_name(enum resolver_stale_mode mode)
{
	static const char *const names[] = { "off", "immediate", "timer", "on-failure" };
	SIM_ASSERT((size_t)mode < G_N_ELEMENTS(names));
	return names[mode];
}

const char *resolver_delegation_name(enum resolver_delegation delegation)
{
	static const char *const names[] = { "parent", "child" };
	SIM_ASSERT((size_t)delegation < G_N_ELEMENTS(names));
	return names[delegation];
}

const char *resolver_selection_name(enum resolver_selection selection)
{
	static const char *const names[] = { "band-random",  "lowest-srtt",  "epsilon-greedy",
					     "fastest-ewma", "sticky-first", "parallel-all" };
	SIM_ASSERT((size_t)selection < G_N_ELEMENTS(names));
	return names[selection];
}

/*
 * Client profiles (resolvers.md 7.1, rows glibc-stub to nginx-static-upstream; details in
 * section 3). A field the row does not give is 0 (none) unless a comment says otherwise.
 */

/* 3.5: one server, queries at t = 0, 1, 2, 4 and 8 s. */
static const int64_t windows_schedule_ns[] = { 0, SEC(1), SEC(2), SEC(4), SEC(8), -1 };

static const struct resolver_client_profile client_profiles[] = {
	{
	    .name = "glibc-stub",
	    .cache = RESOLVER_CLIENT_CACHE_NONE,	 /* 7.1 glibc-stub: no cache */
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED,	 /* 7.1 glibc-stub */
	    .timeout_ns = SEC(5),			 /* 7.1 glibc-stub: 5 s */
	    .attempts = 2,				 /* 7.1 glibc-stub: 2 attempts */
	    .max_servers = 3,				 /* 7.1 glibc-stub: <= 3 servers */
	    .order = RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* 7.1: from server 1 each lookup */
	    .lookup_budget_ns = SEC(30),		 /* 7.1 glibc-stub: 30 s worst */
	},
	{
	    .name = "musl-stub",
	    .cache = RESOLVER_CLIENT_CACHE_NONE,	/* 7.1 musl-stub: no cache */
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 musl-stub */
	    .timeout_ns = MS(2500), /* 3.2: retransmits at timeout/attempts = 5 s / 2 */
	    .attempts = 2,	    /* 7.1 musl-stub: 2 attempts */
	    .max_servers = 3,	    /* not in resolvers.md: MAXNS 3 as glibc */
	    .order = RESOLVER_CLIENT_ORDER_PARALLEL_ALL, /* 7.1 musl-stub: all in parallel */
	    .lookup_budget_ns = SEC(5),			 /* 7.1 musl-stub: 5 s */
	},
	{
	    .name = "nscd-hosts",
	    .cache = RESOLVER_CLIENT_CACHE_TTL_FALLBACK, /* 7.1 nscd-hosts: DNS TTL */
	    .max_ttl_s = RESOLVER_TTL_MAX_S,		 /* 7.1 nscd-hosts: no cap */
	    .fixed_ttl_s = 3600,			 /* 7.1 nscd-hosts: fallback 3600 */
	    .negative = RESOLVER_CLIENT_NEG_FIXED,	 /* 7.1 nscd-hosts: 20 fixed */
	    .neg_fixed_s = 20,
	    .stale_reloads = 5, /* 7.1 nscd-hosts: keeps old record, reload-count 5 */
	},
	{
	    .name = "systemd-resolved",
	    .cache = RESOLVER_CLIENT_CACHE_TTL,	 /* 7.1 systemd-resolved */
	    .max_ttl_s = 7200,			 /* 7.1 systemd-resolved: 7200 */
	    .ttl0_cached = false,		 /* 7.1, 7.2: TTL 0 not cached */
	    .negative = RESOLVER_CLIENT_NEG_SOA, /* 7.1: min(SOA TTL, MIN, NSEC) / 7200 */
	    .neg_max_ttl_s = 7200,
	    .servfail_ttl_s = 10,			 /* 7.1 systemd-resolved: SERVFAIL 10 s */
	    .timeout_ns = SEC(5),			 /* 7.1 systemd-resolved: ~5 s each [mem] */
	    .attempts = 24,				 /* 7.1 systemd-resolved: <= 24 attempts */
	    .order = RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* 7.1: sticky current server */
	    .keep_server = true,			 /* 6.6: resolved switches and stays */
	    .lookup_budget_ns = SEC(120),		 /* 7.1: 120 s total [mem] */
	    .capacity = 4096,				 /* 7.1 systemd-resolved: 4096 */
	},
	{
	    .name = "windows-client",
	    .cache = RESOLVER_CLIENT_CACHE_TTL,	 /* 7.1 windows-client */
	    .max_ttl_s = 86400,			 /* 7.1 windows-client: 86400 */
	    .negative = RESOLVER_CLIENT_NEG_SOA, /* 7.1 windows-client: 0 / 900 */
	    .neg_max_ttl_s = 900,
	    .timeout_ns = SEC(1),			 /* 3.5: first resend after 1 s */
	    .attempts = 5,				 /* 3.5: sends at 0, 1, 2, 4, 8 s */
	    .order = RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* 6.6: sticky first */
	    .retry_schedule_ns = windows_schedule_ns,	 /* 7.1 windows-client */
	    .lookup_budget_ns = SEC(10),		 /* 7.1 windows-client: fail at 10 s */
	    /* 3.15: Windows TCP connect timeout ~21 s */
	    .connect_timeout_ns = SEC(21),
	},
	{
	    .name = "macos-ios",
	    .cache = RESOLVER_CLIENT_CACHE_TTL,	 /* 7.1 macos-ios */
	    .max_ttl_s = 3600,			 /* 7.1 macos-ios: 3600 */
	    .negative = RESOLVER_CLIENT_NEG_SOA, /* 7.1 macos-ios: 60 floor / 3600 */
	    .neg_min_ttl_s = 60,
	    .neg_max_ttl_s = 3600,
	    .neg_doubling = true,	  /* 7.1 macos-ios: doubling on repeat */
	    .happy_eyeballs_ns = MS(250), /* 3.15: HEv2 ~250 ms [mem] */
	    .next_address = true, /* 3.15: Safari/Apple next address; macOS connect timeout ~75 s */
	    .connect_timeout_ns = SEC(75),
	},
	{
	    .name = "android-netd",
	    .cache = RESOLVER_CLIENT_CACHE_TTL,	 /* 7.1 android-netd: TTL */
	    .max_ttl_s = RESOLVER_TTL_MAX_S,	 /* 7.1 android-netd: no cap seen */
	    .negative = RESOLVER_CLIENT_NEG_SOA, /* 7.1 android-netd: min(SOA TTL, MIN) */
	    .neg_max_ttl_s = RESOLVER_TTL_MAX_S,
	    .timeout_ns = SEC(5),			 /* 7.1 android-netd: 5 s */
	    .attempts = 2,				 /* 7.1 android-netd: 2 retries */
	    .max_servers = 3,				 /* not in resolvers.md: as glibc */
	    .order = RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* not in resolvers.md: as glibc */
	    .lookup_budget_ns = SEC(30), /* not in resolvers.md: as glibc, 2 x 3 x 5 s */
	    .capacity = 640,		 /* 7.1 android-netd: 640 entries/network [mem] */
	    /* 3.15: Linux TCP connect timeout ~127 s */
	    .connect_timeout_ns = SEC(127),
	},
	{
	    .name = "android-libcore",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 android-libcore: fixed 2 */
	    .fixed_ttl_s = 2,
	    .negative = RESOLVER_CLIENT_NEG_FIXED, /* 7.1 android-libcore: fixed 2 */
	    .neg_fixed_s = 2,
	    .servfail_ttl_s = 2,  /* 6.3: Android libcore 2 s */
	    .capacity = 16,	  /* 7.1 android-libcore: 16 entries */
	    .next_address = true, /* 3.15: Java-style next address [mem]; Linux connect timeout */
	    .connect_timeout_ns = SEC(127),
	},
	{
	    .name = "chrome-async-dns",
	    .cache = RESOLVER_CLIENT_CACHE_TTL,	 /* 7.1 chrome-async-dns */
	    .min_ttl_s = 60,			 /* 7.1 chrome-async-dns: 60 floor */
	    .max_ttl_s = RESOLVER_TTL_MAX_S,	 /* 7.1 chrome-async-dns: none */
	    .ttl0_cached = true,		 /* 7.2: raised to 60 s */
	    .negative = RESOLVER_CLIENT_NEG_SOA, /* 7.1: response negative TTL, else 0 */
	    .neg_max_ttl_s = RESOLVER_TTL_MAX_S,
	    .happy_eyeballs_ns = MS(300), /* 7.1 chrome-async-dns: HE 300 ms */
	    .capacity = 1000,		  /* 7.1 chrome-async-dns: 1000 entries */
	    .next_address = true,	  /* 3.15 Chrome: next address, each tried once */
	},
	{
	    .name = "chrome-system",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 chrome-system: fixed 60 */
	    .fixed_ttl_s = 60,
	    .ttl0_cached = true,			/* 3.8: fixed 60 s whatever the TTL */
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 chrome-system: not cached */
	    .happy_eyeballs_ns = MS(300),		/* 3.8: kIPv6FallbackTime 300 ms */
	    .capacity = 1000,				/* 3.8: host cache 1000 entries */
	    .next_address = true, /* 3.15 Chrome: next address, each tried once */
	},
	{
	    .name = "firefox",
	    .cache = RESOLVER_CLIENT_CACHE_TTL_FALLBACK, /* 7.1 firefox: TTL, else 60 */
	    .max_ttl_s = RESOLVER_TTL_MAX_S,		 /* 3.9: no upper bound [3p] */
	    .fixed_ttl_s = 60,				 /* 7.1 firefox: fixed 60 */
	    .negative = RESOLVER_CLIENT_NEG_FIXED,	 /* 7.1 firefox: fixed 60 */
	    .neg_fixed_s = 60,
	    .servfail_ttl_s = 60,      /* 6.3: Firefox 60 s */
	    .stale_grace_ns = SEC(60), /* 7.1 firefox: grace 60 s */
	    .capacity = 400,	       /* 7.1 firefox: 400+ entries */
	    .next_address = true,      /* 3.15 Firefox: next address [mem] */
	},
	{
	    .name = "java-default",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 java-default: fixed 30 */
	    .fixed_ttl_s = 30,
	    .ttl0_cached = true,		   /* 7.2: TTL not used at all */
	    .negative = RESOLVER_CLIENT_NEG_FIXED, /* 7.1 java-default: fixed 10 */
	    .neg_fixed_s = 10,
	    .servfail_ttl_s = 10, /* 6.3: Java 10 s */
	    .next_address = true, /* 3.15 Java: next address in recent JDKs [mem] */
	},
	{
	    .name = "java-securitymanager",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 java-securitymanager: fixed inf */
	    .fixed_ttl_s = RESOLVER_CLIENT_FOREVER_S,
	    .ttl0_cached = true,
	    .negative = RESOLVER_CLIENT_NEG_FIXED, /* 7.1 java-securitymanager: fixed 10 */
	    .neg_fixed_s = 10,
	    .servfail_ttl_s = 10, /* 6.3: Java 10 s */
	    .next_address = true, /* 3.15 Java: next address in recent JDKs [mem] */
	},
	{
	    .name = "go",
	    .cache = RESOLVER_CLIENT_CACHE_NONE,	/* 7.1 go: no cache */
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 go */
	    .timeout_ns = SEC(5),			/* 7.1 go: 5 s x 2 */
	    .attempts = 2,
	    .max_servers = 3,				 /* 3.11: resolv.conf [mem] */
	    .order = RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* 3.11: servers in order [mem] */
	    .lookup_budget_ns = SEC(30),		 /* 3.11: as glibc, 2 x 3 x 5 s */
	    .happy_eyeballs_ns = MS(300),		 /* 7.1 go: HE 300 ms */
	    .next_address = true,			 /* 3.15 Go net.Dial: next address */
	},
	{
	    .name = "node",
	    .cache = RESOLVER_CLIENT_CACHE_NONE,	/* 7.1 node: no cache, via the OS */
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 node */
	    .happy_eyeballs_ns = MS(250),		/* 7.1 node: HE 250 ms (500 in v26) */
	    .next_address =
		true, /* 3.15 Node: autoSelectFamily (default on since v20): next address */
	},
	{
	    .name = "python",
	    .cache = RESOLVER_CLIENT_CACHE_NONE,	/* 7.1 python: no cache, via the OS */
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 python */
	},
	{
	    .name = "curl",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 curl: fixed 60, TTL ignored */
	    .fixed_ttl_s = 60,
	    .ttl0_cached = true,		   /* 7.2: TTL not used at all */
	    .negative = RESOLVER_CLIENT_NEG_FIXED, /* 7.1 curl: 30 (NXDOMAIN, 8.16+) */
	    .neg_fixed_s = 30,
	    .neg_nxdomain_only = true,	  /* 3.13: since 8.22 only NXDOMAIN */
	    .happy_eyeballs_ns = MS(200), /* 7.1 curl: HE 200 ms */
	    .capacity = 30000,		  /* 3.13: pruned above 30,000 entries */
	    .next_address = true,	  /* 3.15 curl: next address */
	},
	{
	    .name = "c-ares",
	    .cache = RESOLVER_CLIENT_CACHE_TTL, /* 7.1 c-ares: 0 / 3600 */
	    .max_ttl_s = 3600,
	    .ttl0_cached = false,		 /* 7.1 c-ares: TTL 0 not cached */
	    .negative = RESOLVER_CLIENT_NEG_SOA, /* 7.1 c-ares: min(SOA TTL, MIN) / 3600 */
	    .neg_max_ttl_s = 3600,
	    .timeout_ns = SEC(2), /* 7.1 c-ares: 2 s x 3 tries */
	    .attempts = 3,
	    .max_servers = 3,				 /* not in resolvers.md: resolv.conf */
	    .order = RESOLVER_CLIENT_ORDER_STICKY_FIRST, /* 3.13: failover, retry_chance */
	    .lookup_budget_ns = SEC(6),			 /* 7.1 c-ares: 2 s x 3 tries */
	},
	{
	    .name = "envoy-strict-dns",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 envoy-strict-dns: TTL ignored */
	    .fixed_ttl_s = 5,			  /* 7.1: re-resolve every 5 s */
	    .ttl0_cached = true,
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 envoy-strict-dns: "—" */
	    .stale_grace_ns = INT64_MAX, /* 7.1: keeps last good hosts on failure [mem] */
	    .refresh_ns = SEC(5),	 /* 7.1 envoy-strict-dns: every 5 s */
	},
	{
	    .name = "nginx-static-upstream",
	    .cache = RESOLVER_CLIENT_CACHE_FIXED, /* 7.1 nginx-static-upstream: inf */
	    .fixed_ttl_s = RESOLVER_CLIENT_FOREVER_S,
	    .ttl0_cached = true,
	    .negative = RESOLVER_CLIENT_NEG_NOT_CACHED, /* 7.1 nginx-static-upstream: "—" */
	},
};

#define CLIENT_PROFILE_COUNT G_N_ELEMENTS(client_profiles)

const char *const resolver_client_profile_name_table[] = {
	"glibc-stub",
	"musl-stub",
	"nscd-hosts",
	"systemd-resolved",
	"windows-client",
	"macos-ios",
	"android-netd",
	"android-libcore",
	"chrome-async-dns",
	"chrome-system",
	"firefox",
	"java-default",
	"java-securitymanager",
	"go",
	"node",
	"python",
	"curl",
	"c-ares",
	"envoy-strict-dns",
	"nginx-static-upstream",
	NULL,
};

G_STATIC_ASSERT(G_N_ELEMENTS(resolver_client_profile_name_table) == CLIENT_PROFILE_COUNT + 1);

const struct resolver_client_profile *resolver_client_profile_find(const char *name)
{
	for (size_t i = 0; i < CLIENT_PROFILE_COUNT; i++) {
		if (strcmp(client_profiles[i].name, name) == 0) {
			return &client_profiles[i];
		}
	}
	return NULL;
}

const char *const *resolver_client_profile_names(void)
{
	return resolver_client_profile_name_table;
}
