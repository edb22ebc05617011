#pragma once
/*
 * Per-entity random streams (ROSS style): each stream is seeded from (scenario seed, entity name,
 * purpose), so adding an entity or a purpose never changes any other stream's numbers.
 * Generator: xoshiro256** (Blackman and Vigna), seeded through SplitMix64 from a 64-bit hash of
 * the three inputs. No global state; nothing here reads a clock.
 *
 * Distributions are those the models need: uniform, exponential, normal, lognormal, Pareto,
 * Poisson, Zipf (table-free rejection-inversion) and weighted choice (Vose's alias method).
 */

#include <stddef.h>
#include <stdint.h>

/* A random stream. Plain record: the caller owns the storage (embed it in the entity). */
struct sim_rng {
	uint64_t s[4];
};

/* Seed a stream from (seed, entity, purpose). entity and purpose are NUL-terminated strings. */
void sim_rng_init(struct sim_rng *rng, uint64_t seed, const char *entity, const char *purpose);

/*
 * Seed a stream from one 64-bit key (expanded with SplitMix64): for streams of many small items,
 * such as one per client, where hashing strings per item would cost too much. Derive the key
 * from a sim_rng_init() stream and the item's index.
 */
void sim_rng_init_u64(struct sim_rng *rng, uint64_t key);

/* Next raw 64-bit output. */
uint64_t sim_rng_u64(struct sim_rng *rng);

/* Uniform double in [0, 1), 53 random bits. */
double sim_rng_uniform(struct sim_rng *rng);

/* Uniform double in [lo, hi). */
double sim_rng_uniform_range(struct sim_rng *rng, double lo, double hi);

/* Uniform integer in [0, n), without modulo bias (Lemire). n must be > 0. */
uint64_t sim_rng_below(struct sim_rng *rng, uint64_t n);

/* Exponential with the given mean (> 0). */
double sim_rng_exponential(struct sim_rng *rng, double mean);

/* Normal with mean mu and standard deviation sigma (>= 0). */
double sim_rng_normal(struct sim_rng *rng, double mu, double sigma);

/* Lognormal: exp(N(mu, sigma)); mu and sigma are of the underlying normal. */
double sim_rng_lognormal(struct sim_rng *rng, double mu, double sigma);

/* Pareto (type I) with scale xm > 0 and shape alpha > 0: P(X > x) = (xm / x)^alpha. */
double sim_rng_pareto(struct sim_rng *rng, double xm, double alpha);

/* Poisson with mean lambda >= 0. */
uint64_t sim_rng_poisson(struct sim_rng *rng, double lambda);

/* Zipf over ranks 1..n with exponent s > 0: P(k) proportional to k^-s. */
struct sim_zipf {
	uint64_t n;
	double s;
	/* precomputed constants of the rejection-inversion method */
	double h_x1, h_n, cut;
};

/* Prepare a Zipf sampler. n >= 1, s > 0. */
void sim_zipf_init(struct sim_zipf *zipf, uint64_t n, double s);

/* Draw a rank in 1..n. */
uint64_t sim_zipf_sample(const struct sim_zipf *zipf, struct sim_rng *rng);

/* Weighted choice among n items, O(1) per draw (Vose's alias method). */
typedef struct sim_alias sim_alias;

/*
 * Build from n >= 1 non-negative weights with a positive sum. Returns NULL if the weights are
 * unusable (n == 0, a negative or non-finite weight, or a zero sum). Caller owns; free with
 * sim_alias_free().
 */
sim_alias *sim_alias_new(const double *weights, size_t n);

/* Free; NULL is fine. */
void sim_alias_free(sim_alias *alias);

/* Draw an index in [0, n) with probability weight[i] / sum. */
size_t sim_alias_sample(const sim_alias *alias, struct sim_rng *rng);

/*
 * The index sim_alias_sample() draws first from a stream seeded with sim_rng_init_u64(key): the
 * same value, without building the stream when it can be had from its first output alone (a
 * column kept whole, no rejection to resolve). For per-key choices made at every use, such as a
 * client's resolver.
 */
size_t sim_alias_sample_key(const sim_alias *alias, uint64_t key);
