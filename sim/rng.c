/*
 * Per-entity random streams: key derivation, xoshiro256** and the distributions the models draw
 * from. The algorithms and their references are in docs/design/random.md; the comments here say
 * why each step is the way it is.
 */
#include "sim/rng.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "sim/util.h"

/* --- Key derivation: SipHash-2-4 over an unambiguous encoding of (seed, entity, purpose) --- */

/*
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with a fixed key. It is a keyed PRF, not a secret
 * here: we use it because it mixes every input bit into every output bit far better than
 * FNV-style hashes, it has published test vectors, and its output is fixed by the specification,
 * so a stream's numbers never depend on the platform. The key is the 16 ASCII bytes
 * "dnssim.rng.key.1", read as two little-endian words as the specification does. Changing it (or
 * the encoding below) changes every stream of every scenario: do not.
 */
static const uint8_t rng_sip_key[16] = { 'd', 'n', 's', 's', 'i', 'm', '.', 'r',
					 'n', 'g', '.', 'k', 'e', 'y', '.', '1' };

struct rng_sip {
	uint64_t v0, v1, v2, v3;
	uint8_t buf[8];
	size_t buf_len;
	uint64_t total_len;
};

static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_load_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--) {
		v = (v << 8) | p[i];
	}
	return v;
}

static void rng_sip_round(struct rng_sip *st)
{
	st->v0 += st->v1;
	st->v1 = rng_rotl(st->v1, 13);
	st->v1 ^= st->v0;
	st->v0 = rng_rotl(st->v0, 32);
	st->v2 += st->v3;
	st->v3 = rng_rotl(st->v3, 16);
	st->v3 ^= st->v2;
	st->v0 += st->v3;
	st->v3 = rng_rotl(st->v3, 21);
	st->v3 ^= st->v0;
	st->v2 += st->v1;
	st->v1 = rng_rotl(st->v1, 17);
	st->v1 ^= st->v2;
	st->v2 = rng_rotl(st->v2, 32);
}

static void rng_sip_compress(struct rng_sip *st, uint64_t m)
{
	st->v3 ^= m;
	rng_sip_round(st);
	rng_sip_round(st);
	st->v0 ^= m;
}

static void rng_sip_begin(struct rng_sip *st, const uint8_t key[16])
{
	uint64_t k0 = rng_load_le64(key);
	uint64_t k1 = rng_load_le64(key + 8);

	st->v0 = k0 ^ UINT64_C(0x736f6d6570736575);
	st->v1 = k1 ^ UINT64_C(0x646f72616e646f6d);
	st->v2 = k0 ^ UINT64_C(0x6c7967656e657261);
	st->v3 = k1 ^ UINT64_C(0x7465646279746573);
	st->buf_len = 0;
	st->total_len = 0;
}

static void rng_sip_absorb(struct rng_sip *st, const void *data, size_t len)
{
	const uint8_t *p = data;

	st->total_len += len;
	while (len > 0) {
		size_t take = sizeof(st->buf) - st->buf_len;

		if (take > len) {
			take = len;
		}
		memcpy(st->buf + st->buf_len, p, take);
		st->buf_len += take;
		p += take;
		len -= take;
		if (st->buf_len == sizeof(st->buf)) {
			rng_sip_compress(st, rng_load_le64(st->buf));
			st->buf_len = 0;
		}
	}
}

static uint64_t rng_sip_finish(struct rng_sip *st)
{
	/* Last block: the remaining bytes, zero padded, with the length mod 256 in the top byte. */
	uint8_t last[8] = { 0 };

	memcpy(last, st->buf, st->buf_len);
	last[7] = (uint8_t)(st->total_len & 0xff);
	rng_sip_compress(st, rng_load_le64(last));
	st->v2 ^= 0xff;
	for (int i = 0; i < 4; i++) {
		rng_sip_round(st);
	}
	return st->v0 ^ st->v1 ^ st->v2 ^ st->v3;
}

static void rng_sip_absorb_u64(struct rng_sip *st, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(v >> (8 * i));
	}
	rng_sip_absorb(st, b, sizeof(b));
}

/* A string as its byte length (8 bytes, little-endian) then its bytes: ("ab","c") != ("a","bc"). */
static void rng_sip_absorb_str(struct rng_sip *st, const char *s)
{
	size_t len = strlen(s);

	rng_sip_absorb_u64(st, (uint64_t)len);
	rng_sip_absorb(st, s, len);
}

/* SplitMix64 (Steele, Lea and Flood 2014; Vigna's reference constants). */
static uint64_t rng_splitmix64_next(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void sim_rng_init(struct sim_rng *rng, uint64_t seed, const char *entity, const char *purpose)
{
	struct rng_sip st;
	uint64_t key;

	SIM_ASSERT(rng != NULL);
	SIM_ASSERT(entity != NULL);
	SIM_ASSERT(purpose != NULL);

	rng_sip_begin(&st, rng_sip_key);
	rng_sip_absorb_u64(&st, seed);
	rng_sip_absorb_str(&st, entity);
	rng_sip_absorb_str(&st, purpose);
	key = rng_sip_finish(&st);

	/*
	 * SplitMix64's output function is a bijection applied to four distinct counter values, so
	 * at most one of the four words can be zero and the state is never all-zero (the one state
	 * xoshiro must avoid). The assertion documents that argument.
	 */
	for (int i = 0; i < 4; i++) {
		rng->s[i] = rng_splitmix64_next(&key);
	}
	SIM_ASSERT((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) != 0);
}

void sim_rng_init_u64(struct sim_rng *rng, uint64_t key)
{
	for (int i = 0; i < 4; i++) {
		rng->s[i] = rng_splitmix64_next(&key);
	}
	if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0) {
		rng->s[0] = 1; /* xoshiro's one forbidden state */
	}
}

/* --- Generator: xoshiro256** 1.0 (Blackman and Vigna 2018), transcribed from the reference --- */

uint64_t sim_rng_u64(struct sim_rng *rng)
{
	uint64_t *s = rng->s;
	const uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

double sim_rng_uniform(struct sim_rng *rng)
{
	/* The top 53 bits (xoshiro's best) scaled by 2^-53: every value is exact, 1.0 never occurs.
	 */
	return (double)(sim_rng_u64(rng) >> 11) * 0x1.0p-53;
}

double sim_rng_uniform_range(struct sim_rng *rng, double lo, double hi)
{
	double x;

	SIM_ASSERT(lo <= hi && isfinite(hi - lo));
	if (lo == hi) {
		return lo;
	}
	x = lo + (hi - lo) * sim_rng_uniform(rng);
	/* lo + (hi - lo) * u can round up to hi when u is close to 1: keep the interval half-open.
	 */
	if (x >= hi) {
		x = nextafter(hi, lo);
	}
	return x;
}

/* Full 128-bit product of two 64-bit words: high word returned, low word in *lo. */
static uint64_t rng_mul_hi_lo(uint64_t a, uint64_t b, uint64_t *lo)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 m = (unsigned __int128)a * b;

	*lo = (uint64_t)m;
	return (uint64_t)(m >> 64);
#else
	uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
	uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
	uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
	uint64_t mid = (p0 >> 32) + (p1 & 0xffffffffu) + (p2 & 0xffffffffu);

	*lo = (mid << 32) | (p0 & 0xffffffffu);
	return p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
#endif
}

uint64_t sim_rng_below(struct sim_rng *rng, uint64_t n)
{
	uint64_t lo;
	uint64_t hi;

	SIM_ASSERT(n > 0);
	/*
	 * Lemire (2019), "Fast random integer generation in an interval": the high word of x * n is
	 * in [0, n); rejecting the low words below 2^64 mod n makes every value equally likely.
	 * The modulo is only computed on the rare path where a rejection is possible.
	 */
	hi = rng_mul_hi_lo(sim_rng_u64(rng), n, &lo);
	if (lo < n) {
		const uint64_t threshold = (0 - n) % n;

		while (lo < threshold) {
			hi = rng_mul_hi_lo(sim_rng_u64(rng), n, &lo);
		}
	}
	return hi;
}

/* --- Continuous distributions --- */

double sim_rng_exponential(struct sim_rng *rng, double mean)
{
	SIM_ASSERT(mean > 0 && isfinite(mean));
	/* Inversion; 1 - u is in (0, 1], so the logarithm is always finite. */
	return -mean * log1p(-sim_rng_uniform(rng));
}

/*
 * Standard normal by Marsaglia's polar method. The method yields two independent deviates per
 * accepted pair; we return one and drop the other rather than cache it, so the stream's whole
 * state stays the four xoshiro words and a draw's outcome never depends on which function was
 * called before it.
 */
static double rng_std_normal(struct sim_rng *rng)
{
	double u, v, s;

	do {
		u = 2.0 * sim_rng_uniform(rng) - 1.0;
		v = 2.0 * sim_rng_uniform(rng) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

double sim_rng_normal(struct sim_rng *rng, double mu, double sigma)
{
	SIM_ASSERT(isfinite(mu) && isfinite(sigma) && sigma >= 0);
	return mu + sigma * rng_std_normal(rng);
}

double sim_rng_lognormal(struct sim_rng *rng, double mu, double sigma)
{
	return exp(sim_rng_normal(rng, mu, sigma));
}

double sim_rng_pareto(struct sim_rng *rng, double xm, double alpha)
{
	SIM_ASSERT(xm > 0 && isfinite(xm));
	SIM_ASSERT(alpha > 0 && isfinite(alpha));
	/* Inversion: X = xm * V^(-1/alpha) with V = 1 - u in (0, 1], so X >= xm and is finite. */
	return xm * exp(-log1p(-sim_rng_uniform(rng)) / alpha);
}

/* --- Poisson --- */

/* Below this mean, Knuth's product of uniforms; PTRS is valid from 10 on (Hörmann 1993). */
#define RNG_POISSON_PTRS_MIN 10.0

static uint64_t rng_poisson_knuth(struct sim_rng *rng, double lambda)
{
	/* Count uniforms until their product falls to exp(-lambda) or below. */
	const double limit = exp(-lambda);
	double prod = sim_rng_uniform(rng);
	uint64_t k = 0;

	while (prod > limit) {
		k++;
		prod *= sim_rng_uniform(rng);
	}
	return k;
}

/*
 * PTRS, transformed rejection with squeeze: W. Hörmann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12 (1993) 39-45.
 * Exact for lambda >= 10; about 1.1 pairs of uniforms per draw whatever lambda is. Constants are
 * those of the paper (step 0 of algorithm PTRS).
 */
static uint64_t rng_poisson_ptrs(struct sim_rng *rng, double lambda)
{
	const double slam = sqrt(lambda);
	const double loglam = log(lambda);
	const double b = 0.931 + 2.53 * slam;
	const double a = -0.059 + 0.02483 * b;
	const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
	const double v_r = 0.9277 - 3.6224 / (b - 2.0);

	for (;;) {
		const double u = sim_rng_uniform(rng) - 0.5;
		const double v = sim_rng_uniform(rng);
		const double us = 0.5 - fabs(u);
		double k;
		int sign;

		/* us == 0 only for u == -0.5 exactly; the step below would divide by it. Redraw. */
		if (us == 0.0) {
			continue;
		}
		k = floor((2.0 * a / us + b) * u + lambda + 0.43);
		if (us >= 0.07 && v <= v_r) {
			return (uint64_t)k; /* squeeze: k >= 0 in this region */
		}
		/* k >= 2^64 is rejected below anyway; testing it here keeps the cast defined. */
		if (k < 0 || k >= 0x1.0p64 || (us < 0.013 && v > us)) {
			continue;
		}
		/* lgamma_r, not lgamma: the latter writes the global signgam (a race in threads).
		 */
		if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
		    -lambda + k * loglam - lgamma_r(k + 1.0, &sign)) {
			return (uint64_t)k;
		}
	}
}

uint64_t sim_rng_poisson(struct sim_rng *rng, double lambda)
{
	/* Far beyond any use; it keeps every accepted count representable in 64 bits. */
	SIM_ASSERT(lambda >= 0 && lambda <= 0x1.0p62);
	if (lambda == 0) {
		return 0;
	}
	if (lambda < RNG_POISSON_PTRS_MIN) {
		return rng_poisson_knuth(rng, lambda);
	}
	return rng_poisson_ptrs(rng, lambda);
}

/* --- Zipf: rejection-inversion (Hörmann and Derflinger 1996) --- */

/*
 * The method samples a continuous hat with density h(x) = x^-s on [0.5, n + 0.5] by inverting
 * its integral H, rounds to the nearest rank and accepts with a cheap test that is exact for the
 * discrete law. This is the formulation of Apache Commons RNG's RejectionInversionZipfSampler:
 * H(x) = (x^(1-s) - 1) / (1-s) (log x when s = 1), written with log1p/expm1 helpers so that s
 * close to 1 loses no precision.
 */

/* log1p(x) / x, continuous at 0. */
static double rng_zipf_helper1(double x)
{
	if (fabs(x) > 1e-8) {
		return log1p(x) / x;
	}
	return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

/* expm1(x) / x, continuous at 0. */
static double rng_zipf_helper2(double x)
{
	if (fabs(x) > 1e-8) {
		return expm1(x) / x;
	}
	return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
}

static double rng_zipf_h(double s, double x)
{
	return exp(-s * log(x));
}

static double rng_zipf_h_integral(double s, double x)
{
	const double log_x = log(x);

	return rng_zipf_helper2((1.0 - s) * log_x) * log_x;
}

static double rng_zipf_h_integral_inverse(double s, double x)
{
	double t = x * (1.0 - s);

	/* t >= -1 mathematically; rounding can push it just below, where log1p is undefined. */
	if (t < -1.0) {
		t = -1.0;
	}
	return exp(rng_zipf_helper1(t) * x);
}

void sim_zipf_init(struct sim_zipf *zipf, uint64_t n, double s)
{
	SIM_ASSERT(zipf != NULL);
	SIM_ASSERT(n >= 1);
	SIM_ASSERT(s > 0 && isfinite(s));

	zipf->n = n;
	zipf->s = s;
	zipf->h_x1 = rng_zipf_h_integral(s, 1.5) - 1.0;
	zipf->h_n = rng_zipf_h_integral(s, (double)n + 0.5);
	zipf->cut =
	    2.0 - rng_zipf_h_integral_inverse(s, rng_zipf_h_integral(s, 2.5) - rng_zipf_h(s, 2.0));
}

uint64_t sim_zipf_sample(const struct sim_zipf *zipf, struct sim_rng *rng)
{
	const double s = zipf->s;
	const double n = (double)zipf->n;

	for (;;) {
		/* u is uniform on (h_x1, h_n]; the hat's inverse maps it into about [0.5, n + 0.5].
		 */
		const double u = zipf->h_n + sim_rng_uniform(rng) * (zipf->h_x1 - zipf->h_n);
		const double x = rng_zipf_h_integral_inverse(s, u);
		double k = floor(x + 0.5);

		/* Clamp in floating point first: the conversion to an integer must stay defined. */
		if (!(k >= 1.0)) {
			k = 1.0;
		} else if (k > n) {
			k = n;
		}
		if (k - x <= zipf->cut || u >= rng_zipf_h_integral(s, k + 0.5) - rng_zipf_h(s, k)) {
			/* (double)n may round up past n (n > 2^53): then k == n stands for n
			 * itself. */
			return k >= n ? zipf->n : (uint64_t)k;
		}
	}
}

/* --- Weighted choice: Vose's alias method --- */

struct sim_alias {
	size_t n;
	double *prob; /* probability of keeping column i rather than taking its alias */
	size_t *alias;
};

sim_alias *sim_alias_new(const double *weights, size_t n)
{
	double max = 0, sum = 0;
	size_t heaviest = 0;
	double *p;
	size_t *small, *large;
	size_t n_small = 0, n_large = 0;
	sim_alias *alias;

	if (n == 0 || weights == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(weights[i]) || weights[i] < 0) {
			return NULL;
		}
		if (weights[i] > max) {
			max = weights[i];
			heaviest = i;
		}
	}
	if (max == 0) {
		return NULL;
	}
	/* Scale by the largest weight first: the sum is then in [1, n] and cannot overflow. */
	for (size_t i = 0; i < n; i++) {
		sum += weights[i] / max;
	}

	alias = g_new(sim_alias, 1);
	alias->n = n;
	alias->prob = g_new(double, n);
	alias->alias = g_new(size_t, n);
	p = g_new(double, n);
	small = g_new(size_t, n);
	large = g_new(size_t, n);

	/* Vose (1991): scale to mean 1, then pair each short column with a tall one. */
	for (size_t i = 0; i < n; i++) {
		p[i] = (weights[i] / max) * ((double)n / sum);
		if (p[i] < 1.0) {
			small[n_small++] = i;
		} else {
			large[n_large++] = i;
		}
	}
	while (n_small > 0 && n_large > 0) {
		size_t l = small[--n_small];
		size_t g = large[--n_large];

		alias->prob[l] = p[l];
		alias->alias[l] = g;
		p[g] = (p[g] + p[l]) - 1.0;
		if (p[g] < 1.0) {
			small[n_small++] = g;
		} else {
			large[n_large++] = g;
		}
	}
	/*
	 * What is left has p == 1 up to rounding: keep the column whole. A zero-weight item can
	 * only be left over through rounding, and must still never be drawn, so its column is
	 * given entirely to the heaviest item. Every alias set in the loop above is a "large"
	 * column, which has a positive weight, so zero-weight items are never anyone's alias.
	 */
	while (n_large > 0) {
		size_t g = large[--n_large];

		alias->prob[g] = 1.0;
		alias->alias[g] = g;
	}
	while (n_small > 0) {
		size_t l = small[--n_small];

		alias->prob[l] = weights[l] > 0 ? 1.0 : 0.0;
		alias->alias[l] = heaviest;
	}

	g_free(p);
	g_free(small);
	g_free(large);
	return alias;
}

void sim_alias_free(sim_alias *alias)
{
	if (alias == NULL) {
		return;
	}
	g_free(alias->prob);
	g_free(alias->alias);
	g_free(alias);
}

size_t sim_alias_sample_key(const sim_alias *alias, uint64_t key)
{
	/* The stream's first output is xoshiro's of s[1] alone (s[1] * 5, rotated, * 9), and s[1]
	 * is the key's second SplitMix64 value; the all-zero fix-up only ever touches s[0]. */
	uint64_t x = key + UINT64_C(0x9e3779b97f4a7c15);
	uint64_t s1 = rng_splitmix64_next(&x);
	uint64_t lo;
	uint64_t i = rng_mul_hi_lo(rng_rotl(s1 * 5, 7) * 9, (uint64_t)alias->n, &lo);
	if (lo >= alias->n && alias->prob[i] >= 1.0) {
		return (size_t)i; /* no rejection possible; u < 1 <= prob[i] keeps the column */
	}
	struct sim_rng rng;
	sim_rng_init_u64(&rng, key);
	return sim_alias_sample(alias, &rng);
}

size_t sim_alias_sample(const sim_alias *alias, struct sim_rng *rng)
{
	/* Pick a column uniformly, then keep it with probability prob[i] (u < 0 never holds). */
	const size_t i = (size_t)sim_rng_below(rng, (uint64_t)alias->n);

	return sim_rng_uniform(rng) < alias->prob[i] ? i : alias->alias[i];
}
