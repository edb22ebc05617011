#pragma once
/*
 * Route 53-style health checks (route53.md section 5), engine-driven and sans DNS.
 *
 * hc_model_new() reads the scenario's `health` statements and starts, for every endpoint check
 * (http, https, http-str-match, https-str-match, tcp), one checker per (region, slot): 8 regions
 * x 2 = 16 by default. Each checker has its own random phase in [0, interval) and asks the
 * caller's probe callback what one request sees of the endpoint (the world answers from the
 * backend's state and the checker's network path). A checker flips its own view only after
 * failure-threshold consecutive opposite results; the check is healthy iff more than 18 % of its
 * checkers say healthy. Calculated checks count healthy children against healthy-threshold.
 * Disabled checks are healthy, inverted ones report the opposite (disabled + inverted:
 * unhealthy). A new check starts healthy (inverted: unhealthy).
 *
 * Status changes reach the name servers after a propagation delay (hc_options.propagation_ns):
 * hc_status() answers what DNS sees, hc_on_change() callbacks fire when that changes.
 *
 * Not here: CloudWatch-alarm and recovery-control checks, domain-name endpoints re-resolving at
 * every interval, per-edge-location disagreement during partitions (every name server sees the
 * same status), the HTTP/TLS details (headers, SNI, certificates). See
 * docs/design/health-checks.md.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/engine.h"
#include "sim/scenario/model.h"

typedef struct hc_model hc_model;

enum hc_type {
	HC_TYPE_HTTP,
	HC_TYPE_HTTPS,
	HC_TYPE_HTTP_STR_MATCH,
	HC_TYPE_HTTPS_STR_MATCH,
	HC_TYPE_TCP,
	HC_TYPE_CALCULATED,
};

/*
 * What one checker request sees of an endpoint. The world maps its backend states:
 *   up                    -> HC_VIEW_OK
 *   down                  -> HC_VIEW_TIMEOUT (a dead host: the connect times out, route53.md 5.5)
 *   slow                  -> HC_VIEW_SLOW with response_ns = the backend's latency
 *   health-endpoint-only  -> HC_VIEW_HEALTH_PATH_OK (the health path answers 200, as a static
 *                            OK page does, while users' requests fail)
 *   flapping              -> HC_VIEW_OK or HC_VIEW_TIMEOUT, as its current phase
 * and a checker region cut off by a partition -> HC_VIEW_TIMEOUT.
 */
enum hc_backend_view {
	HC_VIEW_OK,	    /* connects and answers 200 with the expected body */
	HC_VIEW_REFUSED,    /* connection refused (RST): fails after one round trip */
	HC_VIEW_TIMEOUT,    /* no answer: fails at the connect timeout (4 s HTTP(S), 10 s TCP) */
	HC_VIEW_SLOW,	    /* connects, answers after response_ns */
	HC_VIEW_HTTP_ERROR, /* connects, answers 5xx: TCP checks pass, HTTP(S) checks fail */
	HC_VIEW_HEALTH_PATH_OK, /* health path answers OK while the application fails: passes */
};

/* One checker request, as the probe callback sees it. Strings are borrowed for the call. */
struct hc_probe_req {
	const char *check;  /* health check name */
	const char *target; /* endpoint as written: a backend name or an IP address */
	const char *region; /* the checker's region ("us-east-1") */
	uint32_t checker;   /* the checker's index within the check, 0.. */
	enum hc_type type;
	uint16_t port;	  /* port= (default 80, 443 for https) */
	const char *path; /* path= or "/" */
	int64_t now_ns;	  /* when the request is sent */
};

/* The probe's answer. */
struct hc_probe_result {
	enum hc_backend_view view;
	int64_t rtt_ns;	     /* round trip checker <-> endpoint (>= 0); the connect takes one */
	int64_t response_ns; /* HC_VIEW_SLOW: time from connect to the complete response */
};

/* Called for every checker request, at the time it is sent. */
typedef struct hc_probe_result (*hc_probe_fn)(void *ctx, const struct hc_probe_req *req);

/* Called when the status DNS sees changes (after the propagation delay). */
typedef void (*hc_change_fn)(void *ctx, uint32_t index, const char *name, bool healthy,
			     int64_t now_ns);

/* When a checker sends its next request. */
enum hc_schedule {
	/* interval counted from the response (or timeout) to the next request: Route 53's
	 * definition of RequestInterval (route53.md 5.3) */
	HC_SCHEDULE_AFTER_RESPONSE,
	/* a request every interval, whatever the responses: validation.md V6's assumption */
	HC_SCHEDULE_FIXED_RATE,
};

/* Model options. Zero-initialised fields are not defaults: start from hc_options_default(). */
struct hc_options {
	int64_t
	    propagation_ns; /* status change -> name servers; default HC_PROPAGATION_DEFAULT_NS */
	enum hc_schedule schedule; /* default HC_SCHEDULE_AFTER_RESPONSE */
};

/* Default propagation delay: route53.md 5.5 says "a few seconds", undocumented. */
#define HC_PROPAGATION_DEFAULT_NS (INT64_C(5) * INT64_C(1000000000))

/* Per-check timeouts (route53.md 5.1/5.3, edge 42). */
#define HC_CONNECT_TIMEOUT_NS	  (INT64_C(4) * INT64_C(1000000000))  /* HTTP(S) TCP connect */
#define HC_STATUS_TIMEOUT_NS	  (INT64_C(2) * INT64_C(1000000000))  /* connect -> status */
#define HC_BODY_TIMEOUT_NS	  (INT64_C(2) * INT64_C(1000000000))  /* status -> body (str) */
#define HC_TCP_CONNECT_TIMEOUT_NS (INT64_C(10) * INT64_C(1000000000)) /* TCP checks */

/* 18 % rule: healthy iff 100 * healthy_checkers > HC_HEALTHY_PERCENT * checkers. */
#define HC_HEALTHY_PERCENT 18

/* The defaults: propagation HC_PROPAGATION_DEFAULT_NS, documented schedule. */
struct hc_options hc_options_default(void);

/*
 * Build the checks of a validated scenario and start their checkers at the engine's current
 * time (phases from streams (seed, "health NAME REGION I", "phase")). probe is called for every
 * request with ctx (borrowed until the model is freed). options may be NULL (defaults).
 * Returns the model (caller owns; hc_model_free(), before the engine) or NULL with error set
 * when the scenario asks for what Route 53 refuses and validation does not catch: a calculated
 * check with a calculated child or a child that is not a check.
 */
hc_model *hc_model_new(sim_engine *engine, const struct scenario *sc, hc_probe_fn probe, void *ctx,
		       uint64_t seed, const struct hc_options *options, GError **error);

/* Free the model and cancel its checkers' events. Status notifications may still be pending:
 * free it only when the engine will not run again. NULL is fine. */
void hc_model_free(hc_model *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hc_model, hc_model_free)

/* Number of checks, in scenario order; indexes are 0..count-1. */
uint32_t hc_count(const hc_model *model);

/* Index of the check named name, or -1. */
int hc_index(const hc_model *model, const char *name);

/* Name of a check (borrowed until the model is freed). */
const char *hc_name(const hc_model *model, uint32_t index);

/* Type of a check. */
enum hc_type hc_type_of(const hc_model *model, uint32_t index);

/*
 * The status DNS sees at now_ns: the check's status at now_ns - propagation (its initial
 * status before it existed). now_ns must not be later than engine time + propagation (the
 * future is unknown: a bug otherwise).
 */
bool hc_status(const hc_model *model, uint32_t index, int64_t now_ns);

/* The check's own current status (before propagation): what GetHealthCheckStatus would say. */
bool hc_status_now(const hc_model *model, uint32_t index);

/* Checkers of an endpoint check that currently say healthy, and how many checkers it has
 * (0 and 0 for a calculated check). */
uint32_t hc_healthy_checkers(const hc_model *model, uint32_t index, uint32_t *checkers);

/*
 * Register fn(ctx, index, name, healthy, now) for every change of a status DNS sees; called
 * from an engine event at change time + propagation, in registration order. ctx is borrowed.
 */
void hc_on_change(hc_model *model, hc_change_fn fn, void *ctx);

/* Checker requests sent so far to target (a backend name or IP as written in `health`). */
uint64_t hc_requests(const hc_model *model, const char *target);

/* Checker requests sent so far by one check. */
uint64_t hc_check_requests(const hc_model *model, uint32_t index);

/* One change of a check's own status (before propagation). */
struct hc_transition {
	int64_t at_ns;
	bool healthy;
};

/*
 * Status history of a check: its initial status at creation time, then every change, in time
 * order. Sets *count; the array is borrowed until the next engine event or hc_set_*() call.
 */
const struct hc_transition *hc_history(const hc_model *model, uint32_t index, size_t *count);

/* Timeline: `health NAME disable|enable`. Disabling stops the checkers (status healthy, or
 * unhealthy if inverted); enabling restarts them from their last views at new phases. */
void hc_set_disabled(hc_model *model, uint32_t index, bool disabled);

/* Timeline: `health NAME invert|uninvert`. */
void hc_set_inverted(hc_model *model, uint32_t index, bool inverted);
