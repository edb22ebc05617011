/*
 * The classic hold benchmark of an event queue, through the engine's public API: N events
 * pending; each fired event's handler schedules one more at now + Exp(mean 1 s), so the queue
 * stays at N. Prints events per second of wall time at N = 10^3, 10^5 and 10^6, the bare cost of
 * drawing the exponential variates, and, as an anchor measured in the same run (machines are
 * shared and noisy), the bare 4-ary min-heap of the performance anchors: 16-byte
 * (time, seq, id) keys, no handlers. docs/design/engine.md quotes these figures.
 *
 * A benchmark, not a test: it reads the wall clock and never fails on speed.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/engine.h"
#include "sim/util.h"

/* xoshiro256+ seeded by SplitMix64: local, so the bench does not depend on sim/rng. */
struct bench_rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void rng_seed(struct bench_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		rng->s[i] = splitmix64(&seed);
	}
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct bench_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = s[0] + s[3];
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Exponential variate with mean 1 s, in nanoseconds. u is in (0, 1]. */
static inline int64_t exp_ns(struct bench_rng *rng)
{
	double u = (double)((rng_next(rng) >> 11) + 1) * 0x1.0p-53;
	return (int64_t)(-log(u) * 1e9);
}

struct hold {
	struct bench_rng rng;
	uint32_t entity;
	uint64_t remaining;
};

static void hold_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct hold *h = ctx;
	sim_event_schedule_in(engine, exp_ns(&h->rng), h->entity, 0, 0);
	if (--h->remaining == 0) {
		sim_engine_stop(engine);
	}
}

/* ---- the anchor: a bare 4-ary min-heap of (time, seq << 32 | id) keys ---- */

struct heap_key {
	int64_t time;
	uint64_t seq_id;
};

struct heap4 {
	struct heap_key *v;
	size_t len;
};

static inline bool heap_less(const struct heap_key *a, const struct heap_key *b)
{
	return a->time < b->time || (a->time == b->time && a->seq_id < b->seq_id);
}

static void heap_push(struct heap4 *h, struct heap_key k)
{
	size_t i = h->len++;
	while (i > 0) {
		size_t parent = (i - 1) / 4;
		if (!heap_less(&k, &h->v[parent])) {
			break;
		}
		h->v[i] = h->v[parent];
		i = parent;
	}
	h->v[i] = k;
}

static struct heap_key heap_pop(struct heap4 *h)
{
	struct heap_key top = h->v[0];
	struct heap_key k = h->v[--h->len];
	size_t i = 0;
	for (;;) {
		size_t c = 4 * i + 1;
		if (c >= h->len) {
			break;
		}
		size_t end = c + 4 < h->len ? c + 4 : h->len;
		size_t m = c;
		for (size_t j = c + 1; j < end; j++) {
			if (heap_less(&h->v[j], &h->v[m])) {
				m = j;
			}
		}
		if (!heap_less(&h->v[m], &k)) {
			break;
		}
		h->v[i] = h->v[m];
		i = m;
	}
	h->v[i] = k;
	return top;
}

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run `events` hold operations at size n after a warm-up; returns wall seconds. */
static double hold_run(uint64_t n, uint64_t events)
{
	sim_engine *engine = sim_engine_new();
	struct hold h = { .remaining = 0 };
	rng_seed(&h.rng, 0x686f6c64 + n);
	h.entity = sim_entity_register(engine, "hold", hold_handler, &h);
	for (uint64_t i = 0; i < n; i++) {
		sim_event_schedule_in(engine, exp_ns(&h.rng), h.entity, 0, 0);
	}
	h.remaining = n;
	sim_engine_run(engine, SIM_TIME_NEVER);
	SIM_ASSERT(sim_engine_pending_count(engine) == n);

	h.remaining = events;
	double t0 = wall_s();
	uint64_t fired = sim_engine_run(engine, SIM_TIME_NEVER);
	double t1 = wall_s();
	SIM_ASSERT(fired == events && sim_engine_pending_count(engine) == n);
	sim_engine_free(engine);
	return t1 - t0;
}

static double heap_run(uint64_t n, uint64_t events)
{
	struct bench_rng rng;
	rng_seed(&rng, 0x68656170 + n);
	struct heap4 h = { .v = malloc((n + 1) * sizeof(struct heap_key)) };
	SIM_ASSERT(h.v != NULL);
	uint64_t seq = 0;
	for (uint64_t i = 0; i < n; i++) {
		heap_push(&h, (struct heap_key){ exp_ns(&rng), seq++ << 32 | i });
	}
	for (uint64_t i = 0; i < n; i++) {
		struct heap_key k = heap_pop(&h);
		heap_push(&h, (struct heap_key){ k.time + exp_ns(&rng),
						 seq++ << 32 | (k.seq_id & 0xffffffff) });
	}
	double t0 = wall_s();
	for (uint64_t i = 0; i < events; i++) {
		struct heap_key k = heap_pop(&h);
		heap_push(&h, (struct heap_key){ k.time + exp_ns(&rng),
						 seq++ << 32 | (k.seq_id & 0xffffffff) });
	}
	double t1 = wall_s();
	free(h.v);
	return t1 - t0;
}

int main(void)
{
	static const uint64_t sizes[] = { 1000, 100000, 1000000 };
	const uint64_t events = 20000000;

	struct bench_rng rng;
	rng_seed(&rng, 1);
	int64_t sink = 0;
	double t0 = wall_s();
	for (uint64_t i = 0; i < events; i++) {
		sink += exp_ns(&rng);
	}
	double draw = wall_s() - t0;
	printf("exp variate  draws=%llu  wall=%.3f s  %.2f ns/draw  (checksum %lld)\n",
	       (unsigned long long)events, draw, draw * 1e9 / (double)events,
	       (long long)(sink & 0xff));

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double wall = hold_run(sizes[i], events);
		printf(
		    "hold  N=%-8llu  events=%llu  wall=%.3f s  %5.1f M events/s  (%.1f ns/event)\n",
		    (unsigned long long)sizes[i], (unsigned long long)events, wall,
		    (double)events / wall * 1e-6, wall * 1e9 / (double)events);
	}
	printf("anchor, same run: bare 4-ary heap, 16-byte keys, no handlers, no engine\n");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double wall = heap_run(sizes[i], events / 2);
		printf(
		    "heap4 N=%-8llu  events=%llu  wall=%.3f s  %5.1f M events/s  (%.1f ns/event)\n",
		    (unsigned long long)sizes[i], (unsigned long long)events / 2, wall,
		    (double)events / 2 / wall * 1e-6, wall * 1e9 / (double)events * 2);
	}
	return 0;
}
