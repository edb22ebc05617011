#pragma once
/*
 * The vocabulary of the scenario language, as data: every statement keyword, every key each
 * statement accepts with its value type and range, the Route 53 record attributes, the timeline
 * targets and their verbs, the profile names and the metric names `expect` may use.
 * The parser, the validator, `--set` and the reference page all read these tables, so a key
 * exists in exactly one place. Behaviour of each key lives in the models, not here.
 */

#include <glib.h>
#include <stdbool.h>

enum scenario_kind {
	SCENARIO_KIND_SCENARIO,
	SCENARIO_KIND_DURATION,
	SCENARIO_KIND_SEED,
	SCENARIO_KIND_REPORT,
	SCENARIO_KIND_NETWORK,
	SCENARIO_KIND_ZONE,
	SCENARIO_KIND_SERVER,
	SCENARIO_KIND_HEALTH,
	SCENARIO_KIND_BACKEND,
	SCENARIO_KIND_RESOLVER,
	SCENARIO_KIND_CLIENTS,
	SCENARIO_KIND_VPC,
	SCENARIO_KIND_CIDR,
	SCENARIO_KIND_LINK,
	SCENARIO_KIND_AT,
	SCENARIO_KIND_EXPECT,
	SCENARIO_KIND_ROUTE53,
	SCENARIO_KIND_COUNT
};

enum scenario_vtype {
	SCENARIO_V_STRING,   /* any text */
	SCENARIO_V_INT,	     /* integer within [min, max] */
	SCENARIO_V_REAL,     /* real within [min, max] */
	SCENARIO_V_DURATION, /* with unit; [min, max] in seconds */
	SCENARIO_V_RATE,     /* N/unit; [min, max] per second */
	SCENARIO_V_RATIO,    /* 0..1 or N% */
	SCENARIO_V_BOOL,     /* yes/no */
	SCENARIO_V_ENUM,     /* one of choices */
	SCENARIO_V_IP,	     /* IPv4 or IPv6 address */
	SCENARIO_V_CIDR,     /* address prefix */
	SCENARIO_V_DNAME,    /* domain name */
	SCENARIO_V_PLACE,    /* country, US-XX subdivision, AWS Region, LAT,LON or "anycast" */
	SCENARIO_V_REGION,   /* AWS Region */
	SCENARIO_V_REF,	     /* name of another statement of kind ref_kind */
	SCENARIO_V_PATH,     /* file path, relative to the scenario's folder */
	SCENARIO_V_GEOPROX,  /* AWS Region or LAT,LON */
	SCENARIO_V_CIDRLOC,  /* COLLECTION/LOCATION (LOCATION may be "*") */
	SCENARIO_V_COUNTRY,  /* ISO 3166-1 alpha-2, or "*" for the default record */
	SCENARIO_V_CONTINENT,
	SCENARIO_V_SUBDIVISION, /* US state code */
	SCENARIO_V_POPULARITY,	/* uniform | zipf:S */
};

/* Key flags */
#define SCENARIO_KEY_REQUIRED 0x1u /* must be given */
#define SCENARIO_KEY_LIST     0x2u /* comma-separated list of values of the type */
#define SCENARIO_KEY_SHARES   0x4u /* list of VALUE[:WEIGHT] (a mix with shares) */

struct scenario_key_spec {
	const char *name;
	enum scenario_vtype type;
	unsigned flags;
	double min, max;	     /* numeric range (seconds for durations), if min < max */
	const char *const *choices;  /* NULL-terminated, for SCENARIO_V_ENUM */
	enum scenario_kind ref_kind; /* for SCENARIO_V_REF */
	const char *help;	     /* one line for the reference page and --help */
};

struct scenario_stmt_spec {
	const char *keyword;
	enum scenario_kind kind;
	bool named;			      /* takes an entity name after the keyword */
	bool once;			      /* may appear once */
	const char *synopsis;		      /* for error messages and docs */
	const struct scenario_key_spec *keys; /* terminated by a NULL name */
};

/* Statement specs, indexed by kind. */
const struct scenario_stmt_spec *scenario_stmt_spec_of(enum scenario_kind kind);

/* The spec for a keyword, or NULL. */
const struct scenario_stmt_spec *scenario_stmt_spec_find(const char *keyword);

/* NULL-terminated list of statement keywords (for suggestions). Static. */
const char *const *scenario_keywords(void);

/* The key spec named name in a key table, or NULL. */
const struct scenario_key_spec *scenario_key_find(const struct scenario_key_spec *keys,
						  const char *name);

/* NULL-terminated list of the key names of a table. Caller frees the array only (g_free). */
const char **scenario_key_names(const struct scenario_key_spec *keys);

/* Route 53 attributes a record line may carry. */
const struct scenario_key_spec *scenario_record_keys(void);

/* Timeline targets. */
struct scenario_target_spec {
	const char *word;		      /* "backend", "server", ... */
	int target;			      /* enum scenario_target */
	enum scenario_kind ref_kind;	      /* statement kind named, or SCENARIO_KIND_COUNT */
	const char *const *verbs;	      /* NULL-terminated; may be empty */
	const struct scenario_key_spec *keys; /* attributes accepted */
	const char *synopsis;
};

const struct scenario_target_spec *scenario_target_find(const char *word);
const char *const *scenario_target_words(void);

/* Profile names (resolvers.md section 7). NULL-terminated, static. */
const char *const *scenario_resolver_profiles(void);
const char *const *scenario_client_profiles(void);

/* Route 53 health check types as the language writes them. NULL-terminated, static. */
const char *const *scenario_health_types(void);

/* Metrics `expect` may name. A pattern's "*" stands for an entity name of kind ref_kind. */
enum scenario_metric_unit {
	SCENARIO_UNIT_COUNT,
	SCENARIO_UNIT_RATIO,
	SCENARIO_UNIT_SECONDS,
	SCENARIO_UNIT_USD, /* US dollars, at the Route 53 price table's date (pricing.h) */
};

struct scenario_metric_spec {
	const char *pattern; /* e.g. "backend.*.downtime" */
	enum scenario_kind ref_kind;
	enum scenario_metric_unit unit;
	const char *help;
};

/* NULL-pattern-terminated table. */
const struct scenario_metric_spec *scenario_metrics(void);
