#pragma once
/*
 * What a parsed scenario holds: statements with their attributes (typed once validated), zones
 * with their records and Route 53 attributes, timeline actions and expectations. Every element
 * keeps its source location so later stages (the world builder, `dnssim check`) can point at
 * the input. Produced by scenario_parse_*(); owned by struct scenario.
 */

#include <glib.h>
#include <ldns/ldns.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/scenario/diag.h"
#include "sim/scenario/schema.h"
#include "sim/scenario/trace.h"

/* One key=value attribute. text is what was written; the typed fields are set by validation
 * according to the key's type (lists keep only text; use scenario_attr_items()). */
struct scenario_attr {
	char *key;
	char *text;
	struct scenario_loc key_loc;
	struct scenario_loc loc; /* of the value */
	const struct scenario_key_spec *spec;
	int64_t i;	    /* int, bool (0/1), duration (ns), enum (index into choices) */
	double d;	    /* real, ratio, rate (per second) */
	bool from_override; /* came from --set */
};

/* A positional word of a statement (health's type and endpoint, link's places, ...). */
struct scenario_arg {
	char *text;
	struct scenario_loc loc;
};

struct scenario_stmt {
	const struct scenario_stmt_spec *spec;
	struct scenario_loc loc;
	char *name; /* entity name, zone origin (absolute, lower case) or NULL */
	struct scenario_loc name_loc;
	GPtrArray *args;  /* struct scenario_arg *, positional words after the name */
	GPtrArray *attrs; /* struct scenario_attr * */
	bool implied;	  /* created by dnssim (a server only named in a zone's servers=) */
	struct scenario_trace *trace; /* clients with trace=: the file, read by validation */
};

/* Route 53 routing policy of a record set, deduced from its attributes. */
enum scenario_policy {
	SCENARIO_POLICY_SIMPLE,
	SCENARIO_POLICY_WEIGHTED,
	SCENARIO_POLICY_FAILOVER,
	SCENARIO_POLICY_LATENCY,
	SCENARIO_POLICY_GEOLOCATION,
	SCENARIO_POLICY_GEOPROXIMITY,
	SCENARIO_POLICY_MULTIVALUE,
	SCENARIO_POLICY_IP_BASED,
};

/* Name of a policy as the docs write it ("weighted", "ip-based", ...). */
const char *scenario_policy_name(enum scenario_policy policy);

/* One record line of a zone: an RR parsed by ldns, or an alias, plus Route 53 attributes. */
struct scenario_record {
	struct scenario_loc loc;
	ldns_rr *rr;	    /* owned; NULL for an alias */
	char *owner;	    /* absolute, lower case, with the trailing dot */
	uint16_t type;	    /* LDNS_RR_TYPE_* */
	uint32_t ttl;	    /* seconds */
	bool alias;	    /* rdata is "alias TARGET" */
	char *alias_target; /* absolute name or modelled AWS target */
	struct scenario_loc alias_loc;
	GPtrArray *attrs; /* struct scenario_attr *, Route 53 attributes */
	enum scenario_policy policy;
	bool removed_by_timeline; /* reserved for the world model */
};

struct scenario_zone {
	struct scenario_stmt *stmt; /* the zone statement (borrowed from scenario.stmts) */
	char *origin;		    /* absolute, lower case, trailing dot */
	GPtrArray *records;	    /* struct scenario_record * */
	char *file;		    /* zone file path as resolved, or NULL for inline data */
};

enum scenario_target {
	SCENARIO_TARGET_BACKEND,
	SCENARIO_TARGET_SERVER,
	SCENARIO_TARGET_RESOLVER,
	SCENARIO_TARGET_HEALTH,
	SCENARIO_TARGET_RECORD,
	SCENARIO_TARGET_ZONE,
	SCENARIO_TARGET_CLIENTS,
	SCENARIO_TARGET_LINK,
};

/* A timeline action: "at 10m backend web-east down", "at 5m..15m server ns-1 loss=30%". */
struct scenario_action {
	struct scenario_loc loc;
	int64_t at_ns;
	int64_t until_ns;	      /* -1 unless a range was given: the action is undone then */
	struct scenario_loc time_loc; /* of TIME[..TIME] */
	enum scenario_target target;
	char *target_name; /* entity name, owner name for records, origin for zones */
	struct scenario_loc target_loc;
	char *verb; /* "down", "flush", "add", ... or NULL when only attributes are given */
	struct scenario_loc verb_loc;
	GPtrArray *args;  /* struct scenario_arg *, after the verb (record type, RR text) */
	GPtrArray *attrs; /* struct scenario_attr * */
};

enum scenario_cmp {
	SCENARIO_CMP_LT,
	SCENARIO_CMP_LE,
	SCENARIO_CMP_GT,
	SCENARIO_CMP_GE,
	SCENARIO_CMP_EQ,
	SCENARIO_CMP_NE,
};

/* "expect METRIC OP VALUE" */
struct scenario_expect {
	struct scenario_loc loc;
	char *metric;
	struct scenario_loc metric_loc;
	enum scenario_cmp cmp;
	char *value_text;
	struct scenario_loc value_loc;
	double value; /* in the metric's unit: seconds for durations, 0..1 for ratios */
};

struct scenario {
	char *file;  /* path as given */
	char *dir;   /* folder of the file, for relative zone files */
	char *title; /* from "scenario", or the file's base name */
	int64_t duration_ns;
	uint64_t seed;
	int64_t bucket_ns;
	char digest[65];	 /* SHA-256 of the scenario text and its zone files, hex; with
				    trace files, SHA-256 of that digest and the traces' bytes */
	GPtrArray *stmts;	 /* struct scenario_stmt *, in file order */
	GPtrArray *zones;	 /* struct scenario_zone * */
	GPtrArray *actions;	 /* struct scenario_action *, sorted by time (stable) */
	GPtrArray *expects;	 /* struct scenario_expect * */
	scenario_diags *strings; /* holds the file names that locations point to (a reference) */
};

/* Free a scenario and everything it owns. NULL is fine. */
void scenario_free(struct scenario *sc);

/* First statement of the given kind with the given name (NULL name: first of the kind). */
struct scenario_stmt *scenario_find(const struct scenario *sc, enum scenario_kind kind,
				    const char *name);

/* The attribute with this key, or NULL. */
const struct scenario_attr *scenario_stmt_attr(const struct scenario_stmt *stmt, const char *key);
const struct scenario_attr *scenario_attrs_get(const GPtrArray *attrs, const char *key);

/* The comma-separated items of an attribute's text. Caller owns (g_strfreev). */
char **scenario_attr_items(const struct scenario_attr *attr);

/* Number of statements of a kind. */
guint scenario_count(const struct scenario *sc, enum scenario_kind kind);

/* Free helpers used by the parser. */
void scenario_attr_free(struct scenario_attr *attr);
void scenario_arg_free(struct scenario_arg *arg);
