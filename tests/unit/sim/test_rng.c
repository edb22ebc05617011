/*
 * Unit tests for sim/rng: the generator against its published reference, the stream derivation,
 * and every distribution against its textbook formula.
 *
 * Statistical checks use fixed seeds, so they are deterministic, and a tolerance of five standard
 * errors computed from the formula for the quantity tested, so a correct implementation passes
 * for (nearly) any seed while a wrong law, a biased method or a swapped parameter fails.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "sim/rng.h"

#define Z_TOL 5.0 /* standard errors allowed on every statistical check */

/* Fail with the quantity's name and numbers when |got - want| > tol. */
static void check_near(const char *what, double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s: got %.10g, want %.10g +- %.3g\n", what, got, want, tol);
		fail();
	}
}

/* Observed frequency of an event of probability p in n trials, checked to Z_TOL binomial SEs. */
static void check_proportion(const char *what, uint64_t hits, uint64_t n, double p)
{
	check_near(what, (double)hits / (double)n, p, Z_TOL * sqrt(p * (1.0 - p) / (double)n));
}

/* Accumulates mean and variance (Welford: no cancellation for large means such as 1e4). */
struct moments {
	uint64_t n;
	double mean, m2;
};

static void moments_add(struct moments *m, double x)
{
	double d = x - m->mean;

	m->n++;
	m->mean += d / (double)m->n;
	m->m2 += d * (x - m->mean);
}

static double moments_var(const struct moments *m)
{
	return m->m2 / (double)(m->n - 1);
}

/*
 * Check sample mean and variance against a law with the given variance and fourth central
 * moment: SE(mean) = sqrt(var / n), SE(sample variance) ~= sqrt((mu4 - var^2) / n).
 */
static void check_moments(const char *what, const struct moments *m, double mean, double var,
			  double mu4)
{
	char label[128];
	double n = (double)m->n;

	snprintf(label, sizeof(label), "%s mean", what);
	check_near(label, m->mean, mean, Z_TOL * sqrt(var / n));
	snprintf(label, sizeof(label), "%s variance", what);
	check_near(label, moments_var(m), var, Z_TOL * sqrt((mu4 - var * var) / n));
}

/*
 * Upper critical value of chi-square with df degrees of freedom at Z_TOL standard normal
 * deviations, by the Wilson-Hilferty cube-root approximation.
 */
static double chi2_critical(double df)
{
	double c = 2.0 / (9.0 * df);

	return df * pow(1.0 - c + Z_TOL * sqrt(c), 3.0);
}

/* --- Generator --- */

/* xoshiro256** as published by Blackman and Vigna (xoshiro256starstar.c), re-typed here. */
static uint64_t ref_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t ref_xoshiro_next(uint64_t s[4])
{
	const uint64_t result = ref_rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = ref_rotl(s[3], 45);
	return result;
}

/* The published outputs from state {1, 2, 3, 4} (reference C code; rand_xoshiro's test). */
static void test_xoshiro_published_vector(void **state)
{
	static const uint64_t expected[] = {
		UINT64_C(11520),
		UINT64_C(0),
		UINT64_C(1509978240),
		UINT64_C(1215971899390074240),
		UINT64_C(1216172134540287360),
		UINT64_C(607988272756665600),
		UINT64_C(16172922978634559625),
		UINT64_C(8476171486693032832),
		UINT64_C(10595114339597558777),
		UINT64_C(2904607092377533576),
	};
	struct sim_rng rng = { .s = { 1, 2, 3, 4 } };

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		assert_int_equal(sim_rng_u64(&rng), expected[i]);
	}
}

/* From an arbitrary derived state, the stream is the reference algorithm's, draw for draw. */
static void test_xoshiro_matches_reference(void **state)
{
	struct sim_rng rng;
	uint64_t ref[4];

	sim_rng_init(&rng, 7, "kat", "xoshiro");
	for (int i = 0; i < 4; i++) {
		ref[i] = rng.s[i];
	}
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(sim_rng_u64(&rng), ref_xoshiro_next(ref));
	}
}

/* --- Derivation --- */

static void test_init_deterministic(void **state)
{
	struct sim_rng a, b;

	sim_rng_init(&a, 12345, "client/eu", "think-time");
	sim_rng_init(&b, 12345, "client/eu", "think-time");
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(sim_rng_u64(&a), sim_rng_u64(&b));
	}
	/* Re-initialising restarts the stream from its beginning. */
	sim_rng_init(&a, 12345, "client/eu", "think-time");
	sim_rng_init(&b, 12345, "client/eu", "think-time");
	assert_int_equal(sim_rng_u64(&a), sim_rng_u64(&b));
}

/*
 * The derivation is part of the output format: every scenario's numbers depend on it. These
 * values come from an independent Python transcription of docs/design/random.md (SipHash-2-4
 * checked against the published vectors, SplitMix64 against its published first output), not
 * from this program.
 */
static void test_init_pinned(void **state)
{
	static const struct {
		uint64_t seed;
		const char *entity, *purpose;
		uint64_t first[4];
	} cases[] = {
		{ 42,
		  "client-1",
		  "think",
		  { UINT64_C(0x771001c3785f7588), UINT64_C(0xb4096a0cfc183942),
		    UINT64_C(0x6578238d311cad51), UINT64_C(0xa7c7e7e6e552bbc1) } },
		{ 0,
		  "",
		  "",
		  { UINT64_C(0xc54b774bf4415136), UINT64_C(0xd58f8db6007fac57),
		    UINT64_C(0x800a0f026bc859a6), UINT64_C(0xb970464776f01cb4) } },
		{ UINT64_C(0xdeadbeefcafef00d),
		  "resolver/eu-west-1",
		  "jitter",
		  { UINT64_C(0x628b745636a8927e), UINT64_C(0x3b6390549f4dadda),
		    UINT64_C(0x2bd5261a1a1d294c), UINT64_C(0xcbb72507f0353c3f) } },
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct sim_rng rng;

		sim_rng_init(&rng, cases[c].seed, cases[c].entity, cases[c].purpose);
		for (int i = 0; i < 4; i++) {
			assert_int_equal(sim_rng_u64(&rng), cases[c].first[i]);
		}
	}
}

/* Every input takes part, and the string boundary cannot slide: all these streams differ. */
static void test_init_inputs_separate(void **state)
{
	static const struct {
		uint64_t seed;
		const char *entity, *purpose;
	} cases[] = {
		{ 1, "client-1", "think" },
		{ 2, "client-1", "think" },
		{ 1, "client-2", "think" },
		{ 1, "client-1", "thinK" },
		{ 1, "think", "client-1" },
		{ 1, "ab", "c" },
		{ 1, "a", "bc" },
		{ 1, "abc", "" },
		{ 1, "", "abc" },
		{ 1, "", "" },
		{ 0, "", "" },
		{ UINT64_MAX, "", "" },
		{ 1, "client-1think", "" },
	};
	enum { N_CASES = sizeof(cases) / sizeof(cases[0]), N_DRAWS = 4 };
	uint64_t out[N_CASES][N_DRAWS];

	for (size_t c = 0; c < N_CASES; c++) {
		struct sim_rng rng;

		sim_rng_init(&rng, cases[c].seed, cases[c].entity, cases[c].purpose);
		for (int i = 0; i < N_DRAWS; i++) {
			out[c][i] = sim_rng_u64(&rng);
		}
	}
	for (size_t a = 0; a < N_CASES; a++) {
		for (size_t b = a + 1; b < N_CASES; b++) {
			for (int i = 0; i < N_DRAWS; i++) {
				if (out[a][i] == out[b][i]) {
					print_error("cases %zu and %zu share draw %d\n", a, b, i);
					fail();
				}
			}
		}
	}
}

/*
 * Streams of neighbouring inputs behave as independent: the correlation of their uniforms is
 * within Z_TOL / sqrt(n) of 0, and their raw words agree on half their bits.
 */
static void test_streams_uncorrelated(void **state)
{
	static const struct {
		uint64_t seed_a, seed_b;
		const char *entity_a, *entity_b;
	} pairs[] = {
		{ 1, 2, "client-1", "client-1" },
		{ 1, 1, "client-1", "client-2" },
		{ 1, 1, "ab", "a" },
	};
	enum { N = 100000 };

	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		struct sim_rng a, b;
		double sum_ab = 0, sum_a = 0, sum_b = 0, sum_aa = 0, sum_bb = 0;
		uint64_t agree = 0;

		sim_rng_init(&a, pairs[p].seed_a, pairs[p].entity_a, "x");
		sim_rng_init(&b, pairs[p].seed_b, pairs[p].entity_b, "x");
		for (int i = 0; i < N; i++) {
			uint64_t wa = sim_rng_u64(&a), wb = sim_rng_u64(&b);
			double ua = sim_rng_uniform(&a), ub = sim_rng_uniform(&b);

			agree += (uint64_t)__builtin_popcountll(~(wa ^ wb));
			sum_a += ua;
			sum_b += ub;
			sum_ab += ua * ub;
			sum_aa += ua * ua;
			sum_bb += ub * ub;
		}
		double cov = sum_ab / N - (sum_a / N) * (sum_b / N);
		double var_a = sum_aa / N - (sum_a / N) * (sum_a / N);
		double var_b = sum_bb / N - (sum_b / N) * (sum_b / N);

		check_near("correlation", cov / sqrt(var_a * var_b), 0.0, Z_TOL / sqrt(N));
		check_proportion("agreeing bits", agree, (uint64_t)N * 64, 0.5);
	}
}

/* --- Uniform --- */

static void test_uniform_moments(void **state)
{
	enum { N = 1000000 };
	struct sim_rng rng;
	struct moments m = { 0 };
	uint64_t below_quarter = 0;

	sim_rng_init(&rng, 1, "test", "uniform");
	for (int i = 0; i < N; i++) {
		double u = sim_rng_uniform(&rng);

		assert_true(u >= 0.0 && u < 1.0);
		/* 53 bits: u * 2^53 is an integer. */
		assert_true(ldexp(u, 53) == floor(ldexp(u, 53)));
		below_quarter += u < 0.25;
		moments_add(&m, u);
	}
	/* U(0,1): mean 1/2, variance 1/12, fourth central moment 1/80. */
	check_moments("uniform", &m, 0.5, 1.0 / 12.0, 1.0 / 80.0);
	check_proportion("uniform P(u < 1/4)", below_quarter, N, 0.25);
}

/* The uniform is the top 53 bits of the raw word, as the header promises. */
static void test_uniform_uses_top_bits(void **state)
{
	struct sim_rng a, b;

	sim_rng_init(&a, 3, "test", "bits");
	sim_rng_init(&b, 3, "test", "bits");
	for (int i = 0; i < 1000; i++) {
		assert_true(sim_rng_uniform(&a) == ldexp((double)(sim_rng_u64(&b) >> 11), -53));
	}
}

static void test_uniform_range(void **state)
{
	enum { N = 200000 };
	const double lo = -3.0, hi = 5.0, w = hi - lo;
	struct sim_rng rng;
	struct moments m = { 0 };

	sim_rng_init(&rng, 1, "test", "uniform-range");
	for (int i = 0; i < N; i++) {
		double x = sim_rng_uniform_range(&rng, lo, hi);

		assert_true(x >= lo && x < hi);
		moments_add(&m, x);
	}
	check_moments("uniform_range", &m, (lo + hi) / 2, w * w / 12, w * w * w * w / 80);
	assert_true(sim_rng_uniform_range(&rng, 2.5, 2.5) == 2.5);
}

/* --- Integers below n --- */

static void test_below_chi_square(void **state)
{
	static const uint64_t sizes[] = { 2, 10, 97, 1000 };
	enum { N = 400000 };
	struct sim_rng rng;

	sim_rng_init(&rng, 1, "test", "below");
	for (size_t t = 0; t < sizeof(sizes) / sizeof(sizes[0]); t++) {
		const uint64_t n = sizes[t];
		uint64_t count[1000] = { 0 };
		double expected = (double)N / (double)n, chi2 = 0;

		for (int i = 0; i < N; i++) {
			uint64_t k = sim_rng_below(&rng, n);

			assert_true(k < n);
			count[k]++;
		}
		for (uint64_t k = 0; k < n; k++) {
			chi2 += ((double)count[k] - expected) * ((double)count[k] - expected) /
				expected;
		}
		if (!(chi2 < chi2_critical((double)(n - 1)))) {
			print_error("below(%llu): chi-square %.2f over %.2f\n",
				    (unsigned long long)n, chi2, chi2_critical((double)(n - 1)));
			fail();
		}
	}
	for (int i = 0; i < 100; i++) {
		assert_int_equal(sim_rng_below(&rng, 1), 0);
	}
}

/*
 * With n = 2/3 of 2^64, "u64 % n" would make the lower half of [0, n) twice as likely as the
 * upper half (P = 2/3); Lemire's method with rejection keeps it at exactly 1/2.
 */
static void test_below_no_modulo_bias(void **state)
{
	enum { N = 200000 };
	const uint64_t n = UINT64_C(0xaaaaaaaaaaaaaaaa);
	struct sim_rng rng;
	uint64_t low = 0;

	sim_rng_init(&rng, 1, "test", "below-large");
	for (int i = 0; i < N; i++) {
		uint64_t k = sim_rng_below(&rng, n);

		assert_true(k < n);
		low += k < n / 2;
	}
	check_proportion("below(2/3 * 2^64) lower half", low, N, 0.5);
	/* The largest n works too. */
	assert_true(sim_rng_below(&rng, UINT64_MAX) < UINT64_MAX);
}

/* --- Continuous laws --- */

static void test_exponential(void **state)
{
	enum { N = 400000 };
	const double mean = 2.5;
	struct sim_rng rng;
	struct moments m = { 0 };
	uint64_t above_mean = 0;

	sim_rng_init(&rng, 1, "test", "exponential");
	for (int i = 0; i < N; i++) {
		double x = sim_rng_exponential(&rng, mean);

		assert_true(x >= 0 && isfinite(x));
		above_mean += x > mean;
		moments_add(&m, x);
	}
	/* Exp(mean m): variance m^2, fourth central moment 9 m^4; P(X > m) = 1/e. */
	check_moments("exponential", &m, mean, mean * mean, 9 * pow(mean, 4));
	check_proportion("exponential P(X > mean)", above_mean, N, exp(-1.0));
}

static void test_normal(void **state)
{
	enum { N = 400000 };
	const double mu = 3.0, sigma = 2.0;
	struct sim_rng rng;
	struct moments m = { 0 };
	uint64_t within = 0, below_mu = 0;

	sim_rng_init(&rng, 1, "test", "normal");
	for (int i = 0; i < N; i++) {
		double x = sim_rng_normal(&rng, mu, sigma);

		within += fabs(x - mu) < sigma;
		below_mu += x < mu;
		moments_add(&m, x);
	}
	/* N(mu, sigma): fourth central moment 3 sigma^4; P(|X - mu| < sigma) = erf(1/sqrt 2). */
	check_moments("normal", &m, mu, sigma * sigma, 3 * pow(sigma, 4));
	check_proportion("normal within 1 sd", within, N, erf(1.0 / sqrt(2.0)));
	check_proportion("normal below mean", below_mu, N, 0.5);
	assert_true(sim_rng_normal(&rng, 1.25, 0.0) == 1.25);
}

static void test_lognormal(void **state)
{
	enum { N = 400000 };
	const double mu = 0.5, sigma = 0.5;
	struct sim_rng rng;
	struct moments m = { 0 };
	uint64_t below_median = 0;
	double mean = exp(mu + sigma * sigma / 2);
	double var = (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma);

	sim_rng_init(&rng, 1, "test", "lognormal");
	for (int i = 0; i < N; i++) {
		double x = sim_rng_lognormal(&rng, mu, sigma);

		assert_true(x > 0);
		below_median += x < exp(mu);
		moments_add(&m, x);
	}
	check_near("lognormal mean", m.mean, mean, Z_TOL * sqrt(var / N));
	check_proportion("lognormal below median exp(mu)", below_median, N, 0.5);
}

static void test_pareto(void **state)
{
	enum { N = 400000 };
	static const double xs[] = { 2.0, 2.5, 3.0, 5.0, 20.0 };
	const double xm = 2.0, alpha = 1.5;
	uint64_t above[sizeof(xs) / sizeof(xs[0])] = { 0 };
	struct sim_rng rng;

	sim_rng_init(&rng, 1, "test", "pareto");
	for (int i = 0; i < N; i++) {
		double x = sim_rng_pareto(&rng, xm, alpha);

		assert_true(x >= xm && isfinite(x));
		for (size_t j = 0; j < sizeof(xs) / sizeof(xs[0]); j++) {
			above[j] += x > xs[j];
		}
	}
	for (size_t j = 1; j < sizeof(xs) / sizeof(xs[0]); j++) {
		check_proportion("pareto P(X > x)", above[j], N, pow(xm / xs[j], alpha));
	}
}

/* --- Poisson --- */

static double poisson_pmf(double lambda, uint64_t k)
{
	return exp(-lambda + (double)k * log(lambda) - lgamma((double)k + 1.0));
}

static void test_poisson_moments(void **state)
{
	static const double lambdas[] = { 0.5, 4.0, 9.99, 10.0, 25.0, 100.0, 1e4, 1e9 };
	enum { N = 200000 };
	struct sim_rng rng;

	sim_rng_init(&rng, 1, "test", "poisson");
	for (size_t t = 0; t < sizeof(lambdas) / sizeof(lambdas[0]); t++) {
		const double lambda = lambdas[t];
		struct moments m = { 0 };
		uint64_t zeros = 0;
		char label[64];

		for (int i = 0; i < N; i++) {
			uint64_t k = sim_rng_poisson(&rng, lambda);

			zeros += k == 0;
			moments_add(&m, (double)k);
		}
		/* Poisson(l): mean = variance = l, fourth central moment l + 3 l^2. */
		snprintf(label, sizeof(label), "poisson(%g)", lambda);
		check_moments(label, &m, lambda, lambda, lambda + 3 * lambda * lambda);
		if (lambda <= 4) {
			snprintf(label, sizeof(label), "poisson(%g) P(0)", lambda);
			check_proportion(label, zeros, N, exp(-lambda));
		}
	}
	for (int i = 0; i < 100; i++) {
		assert_int_equal(sim_rng_poisson(&rng, 0.0), 0);
	}
}

/*
 * The whole probability mass function, not just two moments: a normal approximation or a
 * mistuned rejection constant in PTRS would pass the moment test yet fail here. Cells with
 * fewer than 20 expected counts are pooled into the two tails.
 */
static void test_poisson_pmf_chi_square(void **state)
{
	static const double lambdas[] = { 3.0, 10.0, 12.5, 25.0, 100.0 };
	enum { N = 200000, MAX_K = 400 };
	struct sim_rng rng;

	sim_rng_init(&rng, 1, "test", "poisson-pmf");
	for (size_t t = 0; t < sizeof(lambdas) / sizeof(lambdas[0]); t++) {
		const double lambda = lambdas[t];
		uint64_t count[MAX_K + 1] = { 0 };
		uint64_t lo = 0, hi = MAX_K;
		double chi2 = 0, cells = 0, tail_p, tail_n;

		for (int i = 0; i < N; i++) {
			uint64_t k = sim_rng_poisson(&rng, lambda);

			count[k < MAX_K ? k : MAX_K]++;
		}
		/* Cells lo..hi are individual; [0, lo) and (hi, inf) are pooled. */
		while (N * poisson_pmf(lambda, lo) < 20) {
			lo++;
		}
		while (N * poisson_pmf(lambda, hi) < 20) {
			hi--;
		}
		tail_p = 1.0;
		for (uint64_t k = lo; k <= hi; k++) {
			double e = N * poisson_pmf(lambda, k);

			chi2 += ((double)count[k] - e) * ((double)count[k] - e) / e;
			tail_p -= poisson_pmf(lambda, k);
			cells++;
		}
		/* Both tails together as one cell (its probability is what the middle leaves). */
		tail_n = 0;
		for (uint64_t k = 0; k <= MAX_K; k++) {
			tail_n += (k < lo || k > hi) ? (double)count[k] : 0;
		}
		if (tail_p * N >= 1) {
			chi2 += (tail_n - tail_p * N) * (tail_n - tail_p * N) / (tail_p * N);
			cells++;
		}
		if (!(chi2 < chi2_critical(cells - 1))) {
			print_error("poisson(%g): chi-square %.2f over %.2f (%g cells)\n", lambda,
				    chi2, chi2_critical(cells - 1), cells);
			fail();
		}
	}
}

/* --- Zipf --- */

/* Generalised harmonic number H(n, s) = sum_{k=1}^{n} k^-s, summed smallest terms first. */
static double harmonic(uint64_t n, double s)
{
	double h = 0;

	for (uint64_t k = n; k >= 1; k--) {
		h += pow((double)k, -s);
	}
	return h;
}

static void check_zipf(uint64_t n, double s, uint64_t seed)
{
	enum { N = 300000, TOP = 10 };
	struct sim_zipf zipf;
	struct sim_rng rng;
	uint64_t count[TOP + 1] = { 0 };
	double h = harmonic(n, s);
	char label[96];

	sim_zipf_init(&zipf, n, s);
	sim_rng_init(&rng, seed, "test", "zipf");
	for (int i = 0; i < N; i++) {
		uint64_t k = sim_zipf_sample(&zipf, &rng);

		assert_true(k >= 1 && k <= n);
		if (k <= TOP) {
			count[k]++;
		}
	}
	for (uint64_t k = 1; k <= TOP && k <= n; k++) {
		snprintf(label, sizeof(label), "zipf(n=%llu, s=%g) P(%llu)", (unsigned long long)n,
			 s, (unsigned long long)k);
		check_proportion(label, count[k], N, pow((double)k, -s) / h);
	}
}

static void test_zipf_frequencies(void **state)
{
	check_zipf(1000, 1.0, 1);
	check_zipf(100, 0.7, 2);
	check_zipf(10, 2.0, 3);
	/* Either side of s = 1, where the helpers switch to their series: no discontinuity. */
	check_zipf(1000, 1.0 + 1e-9, 4);
	check_zipf(1000, 1.0 - 1e-9, 5);
	check_zipf(50, 4.5, 6);
	check_zipf(1000, 0.05, 7);
}

static void test_zipf_single_rank(void **state)
{
	struct sim_zipf zipf;
	struct sim_rng rng;

	sim_zipf_init(&zipf, 1, 1.3);
	sim_rng_init(&rng, 1, "test", "zipf-1");
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(sim_zipf_sample(&zipf, &rng), 1);
	}
}

/*
 * n = 2^40: no table could hold this. With H(m, s) ~ m^(1-s)/(1-s) + zeta(s) + m^-s / 2 (Euler-
 * Maclaurin, error O(m^(-s-1))), P(K <= m) = H(m, s) / H(n, s) for s = 1/2; for s = 2,
 * P(K = 1) = 1 / H(n, 2) with H(n, 2) = pi^2/6 - 1/n + O(n^-2).
 */
static void test_zipf_huge_n(void **state)
{
	enum { N = 200000 };
	const uint64_t n = UINT64_C(1) << 40;
	const double zeta_half = -1.4603545088095868;
	struct sim_zipf zipf;
	struct sim_rng rng;
	static const int log2_m[] = { 20, 32, 38 };
	uint64_t at_most[3] = { 0 }, ones = 0;
	double hn = 2.0 * sqrt((double)n) + zeta_half + 0.5 / sqrt((double)n);

	sim_zipf_init(&zipf, n, 0.5);
	sim_rng_init(&rng, 1, "test", "zipf-huge");
	for (int i = 0; i < N; i++) {
		uint64_t k = sim_zipf_sample(&zipf, &rng);

		assert_true(k >= 1 && k <= n);
		for (int j = 0; j < 3; j++) {
			at_most[j] += k <= (UINT64_C(1) << log2_m[j]);
		}
	}
	for (int j = 0; j < 3; j++) {
		double m = ldexp(1.0, log2_m[j]);
		double hm = 2.0 * sqrt(m) + zeta_half + 0.5 / sqrt(m);

		check_proportion("zipf(2^40, 0.5) P(K <= m)", at_most[j], N, hm / hn);
	}

	sim_zipf_init(&zipf, n, 2.0);
	for (int i = 0; i < N; i++) {
		uint64_t k = sim_zipf_sample(&zipf, &rng);

		assert_true(k >= 1 && k <= n);
		ones += k == 1;
	}
	check_proportion("zipf(2^40, 2) P(1)", ones, N, 1.0 / (M_PI * M_PI / 6 - 1.0 / (double)n));
}

/* --- Alias --- */

static void check_alias(const double *weights, size_t n, uint64_t draws, const char *what)
{
	struct sim_rng rng;
	sim_alias *alias = sim_alias_new(weights, n);
	uint64_t count[64] = { 0 };
	double max = 0, sum = 0;

	assert_non_null(alias);
	assert_true(n <= 64);
	/* Proportions as w_i / sum, computed on w / max so weights near DBL_MAX do not overflow. */
	for (size_t i = 0; i < n; i++) {
		max = fmax(max, weights[i]);
	}
	for (size_t i = 0; i < n; i++) {
		sum += weights[i] / max;
	}
	sim_rng_init(&rng, 1, "test", what);
	for (uint64_t d = 0; d < draws; d++) {
		size_t i = sim_alias_sample(alias, &rng);

		assert_true(i < n);
		count[i]++;
	}
	for (size_t i = 0; i < n; i++) {
		if (weights[i] == 0) {
			assert_int_equal(count[i], 0);
		} else {
			check_proportion(what, count[i], draws, weights[i] / max / sum);
		}
	}
	sim_alias_free(alias);
}

static void test_alias_proportions(void **state)
{
	static const double w1[] = { 1, 0, 2, 3, 4, 0 };
	static const double w2[] = { 0, 0, 0, 5 };
	static const double w3[] = { 0.001, 1000, 0, 0.5, 7.25, 0, 0, 3 };
	static const double w4[] = { DBL_MAX, DBL_MAX, 0, DBL_MAX / 2 };

	check_alias(w1, 6, 500000, "alias w1");
	check_alias(w2, 4, 10000, "alias w2");
	check_alias(w3, 8, 500000, "alias w3");
	check_alias(w4, 4, 100000, "alias near DBL_MAX");
}

/* Many zero weights among awkward ones, where rounding leaves columns over: zeros stay unseen. */
static void test_alias_zero_never_drawn(void **state)
{
	enum { N_ITEMS = 1000, DRAWS = 300000 };
	double w[N_ITEMS];
	uint64_t seen[N_ITEMS] = { 0 };
	struct sim_rng rng;
	sim_alias *alias;

	for (int i = 0; i < N_ITEMS; i++) {
		w[i] = (i % 3 == 0) ? 0.0 : 1.0 / (double)(i + 1) + 1e-17 * i;
	}
	alias = sim_alias_new(w, N_ITEMS);
	assert_non_null(alias);
	sim_rng_init(&rng, 1, "test", "alias-zeros");
	for (int d = 0; d < DRAWS; d++) {
		seen[sim_alias_sample(alias, &rng)]++;
	}
	for (int i = 0; i < N_ITEMS; i += 3) {
		assert_int_equal(seen[i], 0);
	}
	sim_alias_free(alias);
}

static void test_alias_single_and_bad_input(void **state)
{
	const double one[] = { 0.25 };
	const double zeros[] = { 0, 0, 0 };
	const double negative[] = { 1, -0.5, 2 };
	const double with_nan[] = { 1, NAN, 2 };
	const double with_inf[] = { 1, INFINITY, 2 };
	struct sim_rng rng;
	sim_alias *alias;

	alias = sim_alias_new(one, 1);
	assert_non_null(alias);
	sim_rng_init(&rng, 1, "test", "alias-one");
	for (int i = 0; i < 100; i++) {
		assert_int_equal(sim_alias_sample(alias, &rng), 0);
	}
	sim_alias_free(alias);

	assert_null(sim_alias_new(one, 0));
	assert_null(sim_alias_new(zeros, 3));
	assert_null(sim_alias_new(negative, 3));
	assert_null(sim_alias_new(with_nan, 3));
	assert_null(sim_alias_new(with_inf, 3));
	sim_alias_free(NULL);
}

/* The keyed draw is the first draw of a stream seeded with the key, for uniform and uneven
 * weights alike (its shortcut and its fallback both). */
static void test_alias_sample_key_matches_stream(void **state)
{
	(void)state;
	const double uniform3[] = { 1, 1, 1 };
	const double uniform10[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	const double uneven[] = { 5, 1, 0, 2.5, 0.1 };
	const double one[] = { 7 };
	const double *tables[] = { uniform3, uniform10, uneven, one };
	const size_t sizes[] = { 3, 10, 5, 1 };
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		sim_alias *a = sim_alias_new(tables[t], sizes[t]);
		assert_non_null(a);
		for (uint64_t k = 0; k < 100000; k++) {
			uint64_t key = k * UINT64_C(0x9e3779b97f4a7c15) ^ (k << 7);
			struct sim_rng rng;
			sim_rng_init_u64(&rng, key);
			assert_int_equal(sim_alias_sample_key(a, key), sim_alias_sample(a, &rng));
		}
		sim_alias_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xoshiro_published_vector),
		cmocka_unit_test(test_xoshiro_matches_reference),
		cmocka_unit_test(test_init_deterministic),
		cmocka_unit_test(test_init_pinned),
		cmocka_unit_test(test_init_inputs_separate),
		cmocka_unit_test(test_streams_uncorrelated),
		cmocka_unit_test(test_uniform_moments),
		cmocka_unit_test(test_uniform_uses_top_bits),
		cmocka_unit_test(test_uniform_range),
		cmocka_unit_test(test_below_chi_square),
		cmocka_unit_test(test_below_no_modulo_bias),
		cmocka_unit_test(test_exponential),
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_lognormal),
		cmocka_unit_test(test_pareto),
		cmocka_unit_test(test_poisson_moments),
		cmocka_unit_test(test_poisson_pmf_chi_square),
		cmocka_unit_test(test_zipf_frequencies),
		cmocka_unit_test(test_zipf_single_rank),
		cmocka_unit_test(test_zipf_huge_n),
		cmocka_unit_test(test_alias_proportions),
		cmocka_unit_test(test_alias_zero_never_drawn),
		cmocka_unit_test(test_alias_single_and_bad_input),
		cmocka_unit_test(test_alias_sample_key_matches_stream),
	};

	return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
