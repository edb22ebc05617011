#include "sim/scenario/schema.h"

#include <string.h>

#include "resolver/profile.h"

#include "sim/scenario/model.h" /* enum scenario_target */

#define KEY(n, t, f, lo, hi, ch, ref, h)                                                           \
	{                                                                                          \
		n, t, f, lo, hi, ch, ref, h                                                        \
	}
#define END_KEYS                                                                                   \
	{                                                                                          \
		NULL, 0, 0, 0, 0, NULL, 0, NULL                                                    \
	}
#define NOREF SCENARIO_KIND_COUNT

/* Profile names come from the resolver models' own tables (resolver/profile.c), so a preset
 * exists in one place. */

static const char *const on_off[] = { "off", "on", NULL };
static const char *const ttl0_modes[] = { "no-cache", "raise", NULL };
static const char *const stale_modes[] = { "off", "immediate", "timer", "on-failure", NULL };
static const char *const delegation_modes[] = { "parent", "child", NULL };
static const char *const selections[] = {
	"band-random",	"lowest-srtt", "epsilon-greedy", "fastest-ewma", "sticky-first",
	"parallel-all", NULL
};
static const char *const backend_states[] = { "up",	  "down", "slow", "health-endpoint-only",
					      "flapping", NULL };
static const char *const server_states[] = { "up", "down", NULL };
static const char *const processes[] = { "poisson", "fixed", "diurnal", "trace", NULL };
static const char *const qtypes[] = { "A",   "AAAA",  "CNAME", "MX",  "TXT", "NS", "SOA",
				      "SRV", "HTTPS", "SVCB",  "CAA", "PTR", NULL };
static const char *const failover_roles[] = { "primary", "secondary", NULL };
static const char *const health_type_names[] = {
	"http", "https", "http-str-match", "https-str-match", "tcp", "calculated", NULL
};

static const struct scenario_key_spec no_keys[] = { END_KEYS };

static const struct scenario_key_spec report_keys[] = {
	KEY("bucket", SCENARIO_V_DURATION, 0, 0.001, 86400, NULL, NOREF,
	    "width of the time-series buckets (default 1s)"),
	KEY("plots", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF,
	    "draw PNG and SVG figures (default yes)"),
	END_KEYS,
};

static const struct scenario_key_spec network_keys[] = {
	KEY("base", SCENARIO_V_DURATION, 0, 0, 10, NULL, NOREF,
	    "fixed cost added to every one-way path (default 1ms)"),
	KEY("stretch", SCENARIO_V_REAL, 0, 1, 10, NULL, NOREF,
	    "path length over great-circle distance (default 1.5)"),
	KEY("jitter", SCENARIO_V_RATIO, 0, 0, 0, NULL, NOREF,
	    "random extra delay as a share of the path delay (default 5%)"),
	KEY("loss", SCENARIO_V_RATIO, 0, 0, 0, NULL, NOREF,
	    "packet loss on every path (default 0)"),
	END_KEYS,
};

static const struct scenario_key_spec zone_keys[] = {
	KEY("servers", SCENARIO_V_REF, SCENARIO_KEY_LIST, 0, 0, NULL, SCENARIO_KIND_SERVER,
	    "name servers of the zone; undeclared names are implied anycast servers"),
	KEY("file", SCENARIO_V_PATH, 0, 0, 0, NULL, NOREF,
	    "read the records from this master file instead of an inline block"),
	KEY("ns-ttl", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF,
	    "TTL of the delegation NS and glue in the parent (default 2d, as TLD registries)"),
	KEY("private", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF, "a private hosted zone"),
	KEY("vpc", SCENARIO_V_REF, SCENARIO_KEY_LIST, 0, 0, NULL, SCENARIO_KIND_VPC,
	    "VPCs a private hosted zone is associated with"),
	END_KEYS,
};

static const struct scenario_key_spec server_keys[] = {
	KEY("address", SCENARIO_V_IP, SCENARIO_KEY_LIST, 0, 0, NULL, NOREF,
	    "addresses of the server"),
	KEY("at", SCENARIO_V_PLACE, SCENARIO_KEY_LIST, 0, 0, NULL, NOREF,
	    "site(s); several sites make an anycast server"),
	KEY("delay", SCENARIO_V_DURATION, 0, 0, 60, NULL, NOREF, "added processing delay"),
	KEY("loss", SCENARIO_V_RATIO, 0, 0, 0, NULL, NOREF, "share of queries dropped"),
	KEY("udp-size", SCENARIO_V_INT, 0, 512, 65535, NULL, NOREF,
	    "largest UDP answer before truncation (default 1232)"),
	KEY("state", SCENARIO_V_ENUM, 0, 0, 0, server_states, NOREF,
	    "state at time 0 (default up)"),
	END_KEYS,
};

static const struct scenario_key_spec health_keys[] = {
	KEY("port", SCENARIO_V_INT, 0, 1, 65535, NULL, NOREF,
	    "port (default 80, or 443 for https)"),
	KEY("path", SCENARIO_V_STRING, 0, 0, 0, NULL, NOREF, "resource path for http(s) checks"),
	KEY("host", SCENARIO_V_DNAME, 0, 0, 0, NULL, NOREF, "Host header / SNI name"),
	KEY("search", SCENARIO_V_STRING, 0, 0, 0, NULL, NOREF,
	    "string that must appear in the first 5120 bytes (str-match checks)"),
	KEY("interval", SCENARIO_V_DURATION, 0, 10, 30, NULL, NOREF,
	    "request interval: 10s or 30s (default 30s)"),
	KEY("failure-threshold", SCENARIO_V_INT, 0, 1, 10, NULL, NOREF,
	    "consecutive results to change status, 1 to 10 (default 3)"),
	KEY("regions", SCENARIO_V_REGION, SCENARIO_KEY_LIST, 0, 0, NULL, NOREF,
	    "checker regions, at least 3 (default: Route 53's list)"),
	KEY("checkers-per-region", SCENARIO_V_INT, 0, 1, 16, NULL, NOREF,
	    "checkers in each region (default 2)"),
	KEY("inverted", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF, "report the opposite status"),
	KEY("disabled", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF,
	    "stop checking; Route 53 then considers the check healthy"),
	KEY("children", SCENARIO_V_REF, SCENARIO_KEY_LIST, 0, 0, NULL, SCENARIO_KIND_HEALTH,
	    "child checks of a calculated check"),
	KEY("healthy-threshold", SCENARIO_V_INT, 0, 0, 256, NULL, NOREF,
	    "healthy children needed by a calculated check"),
	KEY("measure-latency", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF, "latency graphs (cost only)"),
	END_KEYS,
};

static const struct scenario_key_spec backend_keys[] = {
	KEY("address", SCENARIO_V_IP, SCENARIO_KEY_LIST | SCENARIO_KEY_REQUIRED, 0, 0, NULL, NOREF,
	    "addresses clients connect to"),
	KEY("region", SCENARIO_V_REGION, 0, 0, 0, NULL, NOREF, "AWS Region the backend runs in"),
	KEY("at", SCENARIO_V_PLACE, 0, 0, 0, NULL, NOREF, "place, when not an AWS Region"),
	KEY("capacity", SCENARIO_V_RATE, 0, 0, 1e12, NULL, NOREF,
	    "requests per second served before overload"),
	KEY("state", SCENARIO_V_ENUM, 0, 0, 0, backend_states, NOREF,
	    "state at time 0 (default up)"),
	KEY("latency", SCENARIO_V_DURATION, 0, 0, 600, NULL, NOREF,
	    "response time when slow (default 5s)"),
	KEY("period", SCENARIO_V_DURATION, 0, 1, 86400, NULL, NOREF,
	    "full down+up cycle when flapping (default 2m)"),
	KEY("port", SCENARIO_V_INT, 0, 1, 65535, NULL, NOREF, "service port (default 443)"),
	KEY("aws-name", SCENARIO_V_DNAME, 0, 0, 0, NULL, NOREF,
	    "the AWS resource this backend is, as alias records name it (e.g. an S3 website "
	    "endpoint): the alias then answers with the backend's address"),
	END_KEYS,
};

static const struct scenario_key_spec resolver_keys[] = {
	KEY("profile", SCENARIO_V_ENUM, 0, 0, 0, resolver_profile_name_table, NOREF,
	    "preset of a real resolver (resolvers.md section 7; default unbound)"),
	KEY("at", SCENARIO_V_PLACE, 0, 0, 0, NULL, NOREF, "site, or anycast"),
	KEY("address", SCENARIO_V_IP, SCENARIO_KEY_LIST, 0, 0, NULL, NOREF,
	    "source address(es) seen by name servers"),
	KEY("ecs", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF, "send EDNS client subnet"),
	KEY("vpc", SCENARIO_V_REF, 0, 0, 0, NULL, SCENARIO_KIND_VPC,
	    "VPC the resolver serves (sees its private zones)"),
	KEY("forward", SCENARIO_V_REF, SCENARIO_KEY_LIST, 0, 0, NULL, SCENARIO_KIND_RESOLVER,
	    "forward to these resolvers instead of iterating"),
	KEY("min-ttl", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF,
	    "floor on positive TTLs"),
	KEY("max-ttl", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF,
	    "cap on positive TTLs"),
	KEY("neg-min-ttl", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF,
	    "floor on negative TTLs"),
	KEY("neg-max-ttl", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF,
	    "cap on negative TTLs"),
	KEY("servfail-ttl", SCENARIO_V_DURATION, 0, 0, 86400, NULL, NOREF,
	    "how long a resolution failure is cached"),
	KEY("ttl0", SCENARIO_V_ENUM, 0, 0, 0, ttl0_modes, NOREF,
	    "TTL 0: not cached, or raised to min-ttl"),
	KEY("serve-stale", SCENARIO_V_ENUM, 0, 0, 0, stale_modes, NOREF,
	    "RFC 8767 mode: off, immediate, timer, on-failure"),
	KEY("stale-ttl", SCENARIO_V_DURATION, 0, 0, 86400, NULL, NOREF, "TTL of stale answers"),
	KEY("stale-timer", SCENARIO_V_DURATION, 0, 0, 60, NULL, NOREF,
	    "client-response timer before a stale answer (RFC 8767: 1.8s)"),
	KEY("max-stale", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF,
	    "longest time past expiry a record may be served"),
	KEY("stale-recheck", SCENARIO_V_DURATION, 0, 0, 3600, NULL, NOREF,
	    "after a failed refresh, answer stale without asking for this long"),
	KEY("prefetch", SCENARIO_V_ENUM, 0, 0, 0, on_off, NOREF, "refresh popular entries early"),
	KEY("cache-size", SCENARIO_V_INT, 0, 1, 1e12, NULL, NOREF, "entries before eviction"),
	KEY("nxdomain-cut", SCENARIO_V_ENUM, 0, 0, 0, on_off, NOREF,
	    "RFC 8020: NXDOMAIN means nothing below"),
	KEY("qname-minimisation", SCENARIO_V_ENUM, 0, 0, 0, on_off, NOREF, "RFC 9156"),
	KEY("delegation", SCENARIO_V_ENUM, 0, 0, 0, delegation_modes, NOREF,
	    "trust the parent's or the child's NS TTL"),
	KEY("timeout", SCENARIO_V_DURATION, 0, 0.001, 120, NULL, NOREF,
	    "initial retransmission timeout for an unknown server"),
	KEY("retries", SCENARIO_V_INT, 0, 0, 100, NULL, NOREF, "tries per server"),
	KEY("selection", SCENARIO_V_ENUM, 0, 0, 0, selections, NOREF,
	    "upstream server selection model"),
	KEY("infra-ttl", SCENARIO_V_DURATION, 0, 0, 86400, NULL, NOREF,
	    "how long a server stays marked down"),
	END_KEYS,
};

static const struct scenario_key_spec clients_keys[] = {
	KEY("count", SCENARIO_V_INT, SCENARIO_KEY_REQUIRED, 1, 1e9, NULL, NOREF,
	    "number of clients"),
	KEY("at", SCENARIO_V_PLACE, SCENARIO_KEY_REQUIRED, 0, 0, NULL, NOREF, "where they are"),
	KEY("resolver", SCENARIO_V_REF, SCENARIO_KEY_SHARES | SCENARIO_KEY_REQUIRED, 0, 0, NULL,
	    SCENARIO_KIND_RESOLVER, "resolver, or a mix such as isp:0.7,google:0.3"),
	KEY("fallback", SCENARIO_V_REF, 0, 0, 0, NULL, SCENARIO_KIND_RESOLVER,
	    "secondary resolver the stub falls back to"),
	KEY("app", SCENARIO_V_ENUM, 0, 0, 0, resolver_client_profile_name_table, NOREF,
	    "application cache profile (resolvers.md section 7)"),
	KEY("os", SCENARIO_V_ENUM, 0, 0, 0, resolver_client_profile_name_table, NOREF,
	    "stub or OS cache profile"),
	KEY("rate", SCENARIO_V_RATE, 0, 0, 1e9, NULL, NOREF, "requests per client"),
	KEY("interval", SCENARIO_V_DURATION, 0, 0.001, 86400 * 365.0, NULL, NOREF,
	    "fixed time between requests of a client"),
	KEY("process", SCENARIO_V_ENUM, 0, 0, 0, processes, NOREF,
	    "query process (default poisson with rate=, fixed with interval=)"),
	KEY("trace", SCENARIO_V_PATH, 0, 0, 0, NULL, NOREF,
	    "file of 'time client name type' lines"),
	KEY("name", SCENARIO_V_DNAME, SCENARIO_KEY_LIST, 0, 0, NULL, NOREF, "name(s) asked"),
	KEY("type", SCENARIO_V_ENUM, 0, 0, 0, qtypes, NOREF, "query type (default A)"),
	KEY("popularity", SCENARIO_V_POPULARITY, 0, 0, 0, NULL, NOREF,
	    "how names are chosen: uniform or zipf:S"),
	KEY("connect-timeout", SCENARIO_V_DURATION, 0, 0, 600, NULL, NOREF,
	    "time spent on an address that does not answer"),
	END_KEYS,
};

static const char *const health_schedules[] = { "after-response", "fixed-rate", NULL };

static const struct scenario_key_spec route53_keys[] = {
	KEY("health-propagation", SCENARIO_V_DURATION, 0, 0, 600, NULL, NOREF,
	    "delay between a health status change and the name servers using it (default 5s)"),
	KEY("change-propagation", SCENARIO_V_DURATION, 0, 0, 600, NULL, NOREF,
	    "delay between a `record` action on a Route 53 record set and the name servers "
	    "answering from the new set (PENDING to INSYNC; default 0s)"),
	KEY("health-schedule", SCENARIO_V_ENUM, 0, 0, 0, health_schedules, NOREF,
	    "checker timing: after-response (Route 53's RequestInterval, from a response to the "
	    "next request; default) or fixed-rate (a request every interval)"),
	END_KEYS,
};

static const struct scenario_key_spec vpc_keys[] = {
	KEY("region", SCENARIO_V_REGION, SCENARIO_KEY_REQUIRED, 0, 0, NULL, NOREF,
	    "AWS Region of the VPC"),
	END_KEYS,
};

static const struct scenario_key_spec link_keys[] = {
	KEY("latency", SCENARIO_V_DURATION, 0, 0, 60, NULL, NOREF, "one-way delay"),
	KEY("jitter", SCENARIO_V_RATIO, 0, 0, 0, NULL, NOREF, "random extra delay share"),
	KEY("loss", SCENARIO_V_RATIO, 0, 0, 0, NULL, NOREF, "packet loss"),
	END_KEYS,
};

static const struct scenario_stmt_spec stmt_specs[SCENARIO_KIND_COUNT] = {
	[SCENARIO_KIND_SCENARIO] = { "scenario", SCENARIO_KIND_SCENARIO, false, true,
				     "scenario \"TITLE\"", no_keys },
	[SCENARIO_KIND_DURATION] = { "duration", SCENARIO_KIND_DURATION, false, true,
				     "duration DURATION", no_keys },
	[SCENARIO_KIND_SEED] = { "seed", SCENARIO_KIND_SEED, false, true, "seed INTEGER", no_keys },
	[SCENARIO_KIND_REPORT] = { "report", SCENARIO_KIND_REPORT, false, true,
				   "report KEY=VALUE...", report_keys },
	[SCENARIO_KIND_NETWORK] = { "network", SCENARIO_KIND_NETWORK, false, true,
				    "network KEY=VALUE...", network_keys },
	[SCENARIO_KIND_ZONE] = { "zone", SCENARIO_KIND_ZONE, true, false,
				 "zone ORIGIN servers=NS,... (records... end | file=PATH)",
				 zone_keys },
	[SCENARIO_KIND_SERVER] = { "server", SCENARIO_KIND_SERVER, true, false,
				   "server NAME KEY=VALUE...", server_keys },
	[SCENARIO_KIND_HEALTH] = { "health", SCENARIO_KIND_HEALTH, true, false,
				   "health NAME TYPE [ENDPOINT] KEY=VALUE...", health_keys },
	[SCENARIO_KIND_BACKEND] = { "backend", SCENARIO_KIND_BACKEND, true, false,
				    "backend NAME address=IP KEY=VALUE...", backend_keys },
	[SCENARIO_KIND_RESOLVER] = { "resolver", SCENARIO_KIND_RESOLVER, true, false,
				     "resolver NAME profile=PROFILE KEY=VALUE...", resolver_keys },
	[SCENARIO_KIND_CLIENTS] = { "clients", SCENARIO_KIND_CLIENTS, true, false,
				    "clients NAME count=N at=PLACE resolver=R KEY=VALUE...",
				    clients_keys },
	[SCENARIO_KIND_VPC] = { "vpc", SCENARIO_KIND_VPC, true, false, "vpc NAME region=REGION",
				vpc_keys },
	[SCENARIO_KIND_CIDR] = { "cidr", SCENARIO_KIND_CIDR, true, false,
				 "cidr COLLECTION/LOCATION PREFIX...", no_keys },
	[SCENARIO_KIND_LINK] = { "link", SCENARIO_KIND_LINK, false, false,
				 "link PLACE PLACE KEY=VALUE...", link_keys },
	[SCENARIO_KIND_AT] = { "at", SCENARIO_KIND_AT, false, false,
			       "at TIME[..TIME] TARGET NAME [VERB] [KEY=VALUE...]", no_keys },
	[SCENARIO_KIND_ROUTE53] = { "route53", SCENARIO_KIND_ROUTE53, false, true,
				    "route53 KEY=VALUE...", route53_keys },
	[SCENARIO_KIND_EXPECT] = { "expect", SCENARIO_KIND_EXPECT, false, false,
				   "expect METRIC (<|<=|>|>=|==|!=) VALUE", no_keys },
};

static const char *const keywords[] = { "scenario", "duration", "seed",	  "report",  "network",
					"zone",	    "server",	"health", "backend", "resolver",
					"clients",  "vpc",	"cidr",	  "link",    "at",
					"expect",   "route53",	NULL };

/* Route 53 record attributes (route53.md sections 2 and 3, API ResourceRecordSet). */
static const struct scenario_key_spec record_keys[] = {
	KEY("set", SCENARIO_V_STRING, 0, 0, 0, NULL, NOREF,
	    "set identifier (SetIdentifier), required with a routing policy"),
	KEY("weight", SCENARIO_V_INT, 0, 0, 255, NULL, NOREF, "weighted routing, 0 to 255"),
	KEY("failover", SCENARIO_V_ENUM, 0, 0, 0, failover_roles, NOREF,
	    "failover routing: primary or secondary"),
	KEY("region", SCENARIO_V_REGION, 0, 0, 0, NULL, NOREF, "latency routing: AWS Region"),
	KEY("continent", SCENARIO_V_CONTINENT, 0, 0, 0, NULL, NOREF,
	    "geolocation routing: continent code"),
	KEY("country", SCENARIO_V_COUNTRY, 0, 0, 0, NULL, NOREF,
	    "geolocation routing: country code, or * for the default record"),
	KEY("subdivision", SCENARIO_V_SUBDIVISION, 0, 0, 0, NULL, NOREF,
	    "geolocation routing: US state (with country=US)"),
	KEY("geoproximity", SCENARIO_V_GEOPROX, 0, 0, 0, NULL, NOREF,
	    "geoproximity routing: AWS Region or LAT,LON"),
	KEY("bias", SCENARIO_V_INT, 0, -99, 99, NULL, NOREF, "geoproximity bias, -99 to 99"),
	KEY("multivalue", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF, "multivalue answer routing"),
	KEY("cidr", SCENARIO_V_CIDRLOC, 0, 0, 0, NULL, NOREF,
	    "IP-based routing: COLLECTION/LOCATION, or COLLECTION/* for the default"),
	KEY("health", SCENARIO_V_REF, 0, 0, 0, NULL, SCENARIO_KIND_HEALTH,
	    "health check associated with the record"),
	KEY("evaluate-target-health", SCENARIO_V_BOOL, 0, 0, 0, NULL, NOREF,
	    "alias records: inherit the health of the alias target"),
	END_KEYS,
};

static const char *const backend_verbs[] = { "up",	 "down", "slow", "health-endpoint-only",
					     "flapping", NULL };
static const char *const server_verbs[] = { "up", "down", NULL };
static const char *const resolver_verbs[] = { "flush", "restart", "down", "up", NULL };
static const char *const health_verbs[] = { "enable", "disable", "invert", "uninvert", NULL };
static const char *const record_verbs[] = { "remove", NULL };
static const char *const zone_verbs[] = { "add", "remove", "delegate", NULL };
static const char *const no_verbs[] = { NULL };

static const struct scenario_key_spec action_backend_keys[] = {
	KEY("latency", SCENARIO_V_DURATION, 0, 0, 600, NULL, NOREF, "response time when slow"),
	KEY("period", SCENARIO_V_DURATION, 0, 1, 86400, NULL, NOREF, "flapping cycle"),
	KEY("capacity", SCENARIO_V_RATE, 0, 0, 1e12, NULL, NOREF, "new capacity"),
	END_KEYS,
};

static const struct scenario_key_spec action_server_keys[] = {
	KEY("loss", SCENARIO_V_RATIO, 0, 0, 0, NULL, NOREF, "share of queries dropped"),
	KEY("delay", SCENARIO_V_DURATION, 0, 0, 60, NULL, NOREF, "added delay"),
	END_KEYS,
};

static const struct scenario_key_spec action_record_keys[] = {
	KEY("set", SCENARIO_V_STRING, 0, 0, 0, NULL, NOREF, "which record set (set identifier)"),
	KEY("ttl", SCENARIO_V_DURATION, 0, 0, 2147483647.0, NULL, NOREF, "new TTL"),
	KEY("weight", SCENARIO_V_INT, 0, 0, 255, NULL, NOREF, "new weight"),
	KEY("health", SCENARIO_V_REF, 0, 0, 0, NULL, SCENARIO_KIND_HEALTH, "new health check"),
	KEY("value", SCENARIO_V_STRING, SCENARIO_KEY_LIST, 0, 0, NULL, NOREF, "new rdata"),
	END_KEYS,
};

static const struct scenario_key_spec action_zone_keys[] = {
	KEY("servers", SCENARIO_V_REF, SCENARIO_KEY_LIST, 0, 0, NULL, SCENARIO_KIND_SERVER,
	    "new name servers (with delegate)"),
	END_KEYS,
};

static const struct scenario_key_spec action_clients_keys[] = {
	KEY("rate", SCENARIO_V_RATE, 0, 0, 1e9, NULL, NOREF, "new request rate per client"),
	KEY("count", SCENARIO_V_INT, 0, 0, 1e9, NULL, NOREF, "new number of active clients"),
	END_KEYS,
};

static const struct scenario_target_spec targets[] = {
	{ "backend", SCENARIO_TARGET_BACKEND, SCENARIO_KIND_BACKEND, backend_verbs,
	  action_backend_keys, "backend NAME (up|down|slow|health-endpoint-only|flapping)" },
	{ "server", SCENARIO_TARGET_SERVER, SCENARIO_KIND_SERVER, server_verbs, action_server_keys,
	  "server NAME (up|down) [loss=RATIO] [delay=DURATION]" },
	{ "resolver", SCENARIO_TARGET_RESOLVER, SCENARIO_KIND_RESOLVER, resolver_verbs, no_keys,
	  "resolver NAME (flush|restart|down|up)" },
	{ "health", SCENARIO_TARGET_HEALTH, SCENARIO_KIND_HEALTH, health_verbs, no_keys,
	  "health NAME (enable|disable|invert|uninvert)" },
	{ "record", SCENARIO_TARGET_RECORD, SCENARIO_KIND_COUNT, record_verbs, action_record_keys,
	  "record OWNER TYPE [set=ID] (remove | ttl=.. weight=.. health=.. value=..)" },
	{ "zone", SCENARIO_TARGET_ZONE, SCENARIO_KIND_ZONE, zone_verbs, action_zone_keys,
	  "zone ORIGIN (add \"RR\" | remove \"RR\" | delegate servers=NS,...)" },
	{ "clients", SCENARIO_TARGET_CLIENTS, SCENARIO_KIND_CLIENTS, no_verbs, action_clients_keys,
	  "clients NAME rate=RATE | count=N" },
	{ "link", SCENARIO_TARGET_LINK, SCENARIO_KIND_COUNT, no_verbs, link_keys,
	  "link PLACE PLACE latency=.. loss=.." },
};

static const char *const target_words[] = { "backend", "server",  "resolver", "health", "record",
					    "zone",    "clients", "link",     NULL };

static const struct scenario_metric_spec metrics[] = {
	{ "events", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT, "events fired by the engine" },
	{ "timeline.actions", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "timeline actions applied (a ranged action counts twice)" },
	{ "backend.*.downtime", SCENARIO_KIND_BACKEND, SCENARIO_UNIT_SECONDS,
	  "time the backend did not serve users (down, health-endpoint-only, flapping off)" },
	{ "backend.*.availability", SCENARIO_KIND_BACKEND, SCENARIO_UNIT_RATIO,
	  "share of the run the backend served users" },
	{ "backend.*.health-requests", SCENARIO_KIND_BACKEND, SCENARIO_UNIT_COUNT,
	  "health-checker requests the backend received (every checker of every check)" },
	{ "backend.*.health-rate", SCENARIO_KIND_BACKEND, SCENARIO_UNIT_COUNT,
	  "health-checker requests per second the backend received, over the run" },
	{ "server.*.downtime", SCENARIO_KIND_SERVER, SCENARIO_UNIT_SECONDS,
	  "time the name server was down" },
	{ "health.*.downtime", SCENARIO_KIND_HEALTH, SCENARIO_UNIT_SECONDS,
	  "time the health check was unhealthy as the name servers see it" },
	{ "requests.total", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT, "client requests finished" },
	{ "requests.success", SCENARIO_KIND_COUNT, SCENARIO_UNIT_RATIO,
	  "share of finished requests that resolved and connected" },
	{ "requests.ok", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT, "requests that succeeded" },
	{ "requests.failed.dns-timeout", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "requests whose lookup timed out in the client's stub" },
	{ "requests.failed.servfail", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "requests whose lookup ended in SERVFAIL" },
	{ "requests.failed.nxdomain", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "requests whose lookup found no address (NXDOMAIN or NODATA)" },
	{ "requests.failed.connect", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "requests whose address did not serve users" },
	{ "recovery.p50", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "median delay from the first backend failure to a client's first success elsewhere" },
	{ "recovery.p90", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS, "90th percentile of it" },
	{ "recovery.p95", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS, "95th percentile of it" },
	{ "recovery.p99", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS, "99th percentile of it" },
	{ "recovery.max", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS, "the slowest client" },
	{ "recovery.last-old", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "delay to the last request any client sent to the failed backend" },
	{ "recovery.not-moved", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "clients that asked after the failure but never reached another target" },
	{ "recovery.clients", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "clients that reached another target after a failure" },
	{ "recovery.client-seconds", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "summed over the clients that asked during a failure, the time each was without service" },
	{ "recovery.failed-requests", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "requests that failed while a failure was followed" },
	/* the N-th failure alone (N from 1), before the per-population forms */
	{ "recovery.failure-*.p50", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "the median for the N-th failure of the timeline alone" },
	{ "recovery.failure-*.p95", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "the 95th percentile for the N-th failure alone" },
	{ "recovery.failure-*.max", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "the slowest client after the N-th failure" },
	{ "recovery.failure-*.client-seconds", SCENARIO_KIND_COUNT, SCENARIO_UNIT_SECONDS,
	  "client-seconds without service after the N-th failure" },
	{ "recovery.failure-*.failed-requests", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "requests that failed during the N-th failure" },
	{ "recovery.*.p50", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_SECONDS,
	  "the same median for one client population" },
	{ "recovery.*.p95", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_SECONDS,
	  "the same 95th percentile for one client population" },
	{ "recovery.*.max", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_SECONDS,
	  "the slowest client of one population" },
	{ "recovery.*.p90", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_SECONDS,
	  "the 90th percentile for one client population" },
	{ "recovery.*.p99", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_SECONDS,
	  "the 99th percentile for one client population" },
	{ "recovery.*.client-seconds", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_SECONDS,
	  "client-seconds without service of one client population" },
	{ "recovery.*.not-moved", SCENARIO_KIND_CLIENTS, SCENARIO_UNIT_COUNT,
	  "clients of one population that never reached another target" },
	{ "cost.queries.standard", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "queries the scenario's zones answered at the standard rate (route53.md 8)" },
	{ "cost.queries.latency", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "queries answered from latency record sets" },
	{ "cost.queries.geo", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "queries answered from geolocation or geoproximity record sets" },
	{ "cost.queries.ip-based", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "queries answered from IP-based record sets" },
	{ "cost.queries.alias-free", SCENARIO_KIND_COUNT, SCENARIO_UNIT_COUNT,
	  "queries answered from aliases to AWS resources (free)" },
	{ "cost.scenario_usd", SCENARIO_KIND_COUNT, SCENARIO_UNIT_USD,
	  "Route 53 price of the run's queries" },
	{ "cost.month_usd", SCENARIO_KIND_COUNT, SCENARIO_UNIT_USD,
	  "a 30-day month: the run's query rate, health checks and hosted zones" },
	{ "cost.month.queries_usd", SCENARIO_KIND_COUNT, SCENARIO_UNIT_USD,
	  "the queries of a 30-day month at the run's rate" },
	{ "cost.month.health_checks_usd", SCENARIO_KIND_COUNT, SCENARIO_UNIT_USD,
	  "the health checks of a month" },
	{ "cost.month.zones_usd", SCENARIO_KIND_COUNT, SCENARIO_UNIT_USD,
	  "the hosted zones of a month" },
	{ "resolver.*.queries", SCENARIO_KIND_RESOLVER, SCENARIO_UNIT_COUNT,
	  "client queries the resolver received" },
	{ "resolver.*.hit-ratio", SCENARIO_KIND_RESOLVER, SCENARIO_UNIT_RATIO,
	  "share of client queries answered from the resolver's cache alone" },
	{ NULL, 0, 0, NULL },
};

const struct scenario_stmt_spec *scenario_stmt_spec_of(enum scenario_kind kind)
{
	return &stmt_specs[kind];
}

const struct scenario_stmt_spec *scenario_stmt_spec_find(const char *keyword)
{
	for (int k = 0; k < SCENARIO_KIND_COUNT; k++) {
		if (strcmp(stmt_specs[k].keyword, keyword) == 0) {
			return &stmt_specs[k];
		}
	}
	return NULL;
}

const char *const *scenario_keywords(void)
{
	return keywords;
}

const struct scenario_key_spec *scenario_key_find(const struct scenario_key_spec *keys,
						  const char *name)
{
	for (size_t i = 0; keys[i].name != NULL; i++) {
		if (strcmp(keys[i].name, name) == 0) {
			return &keys[i];
		}
	}
	return NULL;
}

const char **scenario_key_names(const struct scenario_key_spec *keys)
{
	size_t n = 0;
	while (keys[n].name != NULL) {
		n++;
	}
	const char **names = g_new0(const char *, n + 1);
	for (size_t i = 0; i < n; i++) {
		names[i] = keys[i].name;
	}
	return names;
}

const struct scenario_key_spec *scenario_record_keys(void)
{
	return record_keys;
}

const struct scenario_target_spec *scenario_target_find(const char *word)
{
	for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
		if (strcmp(targets[i].word, word) == 0) {
			return &targets[i];
		}
	}
	return NULL;
}

const char *const *scenario_target_words(void)
{
	return target_words;
}

const char *const *scenario_resolver_profiles(void)
{
	return resolver_profile_name_table;
}

const char *const *scenario_health_types(void)
{
	return health_type_names;
}

const char *const *scenario_client_profiles(void)
{
	return resolver_client_profile_name_table;
}

const struct scenario_metric_spec *scenario_metrics(void)
{
	return metrics;
}
