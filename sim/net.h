#pragma once
/*
 * The network between places: one-way delay and packet loss of a path from one place to
 * another. Sans-I/O and stateless per packet: the caller passes the random stream to draw from
 * and schedules the delivery itself.
 *
 *   delay(a, b) = base + distance(a, b) * stretch / (2/3 c)            [no link override]
 *               = latency of the link                                  [link a b latency=...]
 *   sent delay  = delay(a, b) * (1 + jitter * U),  U uniform in [0, 1)
 *   lost        = U' < loss
 *
 * distance is the great-circle distance (sim/geo.h), c = 299792.458 km/s, so light in fibre
 * covers 199861.6 km/s. Defaults: base 1 ms, stretch 1.5, jitter 5%, loss 0 (the `network`
 * statement). `link PLACE PLACE` statements override latency, jitter or loss for one pair of
 * places, in both directions. Places match by canonical name (geo_place.name): a link between
 * US and DE does not apply to a client placed at US-WA.
 *
 * Not modelled: queueing and bandwidth, time-varying latency (except by replacing a link),
 * anycast catchments (the caller picks the site, e.g. the nearest by distance).
 * See docs/design/geography.md.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/geo.h"
#include "sim/rng.h"

struct scenario;

/* Speed of light in vacuum, km/s. */
#define NET_C_KM_PER_S 299792.458

/* Network-wide parameters (the `network` statement). */
struct net_params {
	int64_t base_ns; /* fixed cost of every one-way path (>= 0) */
	double stretch;	 /* path length over great-circle distance (>= 1) */
	double jitter;	 /* extra delay as a share of the path delay, 0..1 */
	double loss;	 /* probability that a packet is lost, 0..1 */
};

/* Per-pair overrides (a `link` statement). A negative field is "not given": the network value
 * (for latency: the distance formula) applies. */
struct net_link {
	int64_t latency_ns; /* one-way delay, or -1 */
	double jitter;	    /* or -1 */
	double loss;	    /* or -1 */
};

typedef struct net net;

/* Errors of net_new_from_scenario(). */
#define NET_ERROR net_error_quark()
GQuark net_error_quark(void);
enum net_error {
	NET_ERROR_PLACE, /* a link place that cannot end a path */
};

/* The defaults: base 1 ms, stretch 1.5, jitter 5%, loss 0. */
void net_params_init(struct net_params *params);

/* A link with no field given (all -1). */
void net_link_init(struct net_link *link);

/* A network with these parameters and no links. seed seeds the per-path streams of
 * net_path_rng_init(). Caller owns; free with net_free(). */
net *net_new(const struct net_params *params, uint64_t seed);

/*
 * The network of a validated scenario: its `network` statement (defaults for keys not given),
 * its `link` statements (a later statement for the same pair overrides the fields it gives) and
 * its seed. Returns NULL and sets error (NET_ERROR_PLACE, message with
 * FILE:LINE:COL) for a link place that is not a point (anycast) or does not resolve. Caller owns.
 */
net *net_new_from_scenario(const struct scenario *sc, GError **error);

/* Free; NULL is fine. */
void net_free(net *n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(net, net_free)

/* The parameters in force. Borrowed until net_free(). */
const struct net_params *net_params(const net *n);

/*
 * Set the override for the pair {a, b} (either order), replacing the given fields of any earlier
 * one and keeping the others; a link with every field -1 removes the override. For timeline
 * actions, read the old value with net_link_get() first to restore it later. a and b must not
 * be anycast.
 */
void net_link_set(net *n, const struct geo_place *a, const struct geo_place *b,
		  const struct net_link *link);

/* The override for {a, b} into *out and true, or false (and *out all -1) if there is none. */
bool net_link_get(const net *n, const struct geo_place *a, const struct geo_place *b,
		  struct net_link *out);

/* Remove the override for {a, b}, if any. */
void net_link_clear(net *n, const struct geo_place *a, const struct geo_place *b);

/* One-way delay in ns over a great-circle distance of km, by the formula (no link, no jitter):
 * base + km * stretch / (2/3 c), rounded to the nearest ns. */
int64_t net_distance_delay_ns(const net *n, double km);

/* One-way delay in ns from a to b without jitter: the link's latency if one is set, else the
 * formula. Symmetric. Neither place may be anycast (a bug: aborts). */
int64_t net_path_delay_ns(const net *n, const struct geo_place *a, const struct geo_place *b);

/*
 * One-way delay in ns of one packet from a to b: net_path_delay_ns() times (1 + jitter * U)
 * with U uniform in [0, 1) drawn from rng, so it lies in [delay, delay * (1 + jitter)]. jitter
 * is the link's if set, else the network's. Draws exactly one number from rng when rng is
 * non-NULL (even if jitter is 0); rng NULL means no jitter.
 */
int64_t net_delay_ns(const net *n, const struct geo_place *a, const struct geo_place *b,
		     struct sim_rng *rng);

/* The jitter share from a to b: the link's if set, else the network's. */
double net_jitter_ratio(const net *n, const struct geo_place *a, const struct geo_place *b);

/* delay_ns times (1 + jitter * U), U uniform in [0, 1) drawn from rng (exactly one number):
 * the jitter step of net_delay_ns(), for callers that keep a path's delay and jitter. */
int64_t net_jitter_ns(int64_t delay_ns, double jitter, struct sim_rng *rng);

/* The loss probability from a to b: the link's if set, else the network's. */
double net_loss_ratio(const net *n, const struct geo_place *a, const struct geo_place *b);

/* Whether one packet from a to b is lost. Draws exactly one number from rng when rng is
 * non-NULL; rng NULL means nothing is lost. */
bool net_loss(const net *n, const struct geo_place *a, const struct geo_place *b,
	      struct sim_rng *rng);

/* Seed rng as the stream of the path from a to b (direction matters): sim_rng_init(seed,
 * "net:A>B", purpose) with A and B the canonical place names. For callers that keep one
 * stream per path rather than per entity. */
void net_path_rng_init(const net *n, const struct geo_place *a, const struct geo_place *b,
		       const char *purpose, struct sim_rng *rng);
