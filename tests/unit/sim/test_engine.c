/*
 * Unit tests of the discrete-event engine (sim/engine.c): ordering against independent
 * references (a sort, a binary heap written here), FIFO ties, cancellation, bounded memory under
 * cancellation churn, run/stop/step semantics, determinism, and an M/M/1 queue whose time-average
 * number in system must match the formula rho / (1 - rho).
 *
 * Random numbers come from a local SplitMix64 seeded by constants, so every run is identical and
 * nothing here depends on sim/rng.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/engine.h"
#include "sim/util.h"

/* ---- local random numbers ---- */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (the modulo bias is irrelevant here). */
static uint64_t rand_below(uint64_t *state, uint64_t n)
{
	return splitmix64(state) % n;
}

/* Uniform double in (0, 1]. */
static double rand_open01(uint64_t *state)
{
	return (double)((splitmix64(state) >> 11) + 1) * 0x1.0p-53;
}

/* Exponential variate with the given mean, rounded to whole nanoseconds. */
static int64_t rand_exp_ns(uint64_t *state, double mean_ns)
{
	return (int64_t)(-log(rand_open01(state)) * mean_ns + 0.5);
}

/* ---- a recorder: handlers append (time, kind, arg) of every firing ---- */

struct firing {
	int64_t time_ns;
	uint32_t kind;
	uint64_t arg;
};

struct recorder {
	struct firing *v;
	size_t len;
	size_t cap;
};

static void recorder_push(struct recorder *rec, int64_t time_ns, uint32_t kind, uint64_t arg)
{
	if (rec->len == rec->cap) {
		rec->cap = rec->cap ? rec->cap * 2 : 1024;
		rec->v = realloc(rec->v, rec->cap * sizeof(rec->v[0]));
		assert_non_null(rec->v);
	}
	rec->v[rec->len++] = (struct firing){ .time_ns = time_ns, .kind = kind, .arg = arg };
}

static void record_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	recorder_push(ctx, sim_engine_now_ns(engine), kind, arg);
}

/* ---- entities ---- */

static void test_entities(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct recorder rec = { 0 };
	char name[16];
	for (uint32_t i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "client-%u", i);
		assert_int_equal(sim_entity_register(engine, name, record_handler, &rec), i);
	}
	strcpy(name, "overwritten");
	assert_int_equal(sim_entity_count(engine), 40);
	assert_string_equal(sim_entity_name(engine, 0), "client-0");
	assert_string_equal(sim_entity_name(engine, 39), "client-39");

	/* Each entity's handler gets its own events. */
	sim_event_schedule(engine, 5, 7, 1, 70);
	sim_event_schedule(engine, 6, 39, 2, 390);
	assert_int_equal(sim_engine_run(engine, 10), 2);
	assert_int_equal(rec.len, 2);
	assert_int_equal(rec.v[0].arg, 70);
	assert_int_equal(rec.v[1].kind, 2);
	free(rec.v);
	sim_engine_free(engine);
}

static void test_empty_engine(void **state)
{
	sim_engine *engine = sim_engine_new();
	assert_int_equal(sim_engine_now_ns(engine), 0);
	assert_int_equal(sim_engine_pending_count(engine), 0);
	assert_true(sim_engine_next_time_ns(engine) == SIM_TIME_NEVER);
	assert_false(sim_engine_step(engine));
	assert_int_equal(sim_engine_run(engine, 100), 0);
	assert_int_equal(sim_engine_now_ns(engine), 100);
	assert_int_equal(sim_engine_fired_count(engine), 0);
	sim_engine_free(engine);
}

/* ---- ordering against a sorted reference ---- */

struct ref_key {
	int64_t time_ns;
	uint64_t index; /* scheduling order */
};

static int ref_key_cmp(const void *pa, const void *pb)
{
	const struct ref_key *a = pa;
	const struct ref_key *b = pb;
	if (a->time_ns != b->time_ns) {
		return a->time_ns < b->time_ns ? -1 : 1;
	}
	return a->index < b->index ? -1 : a->index > b->index ? 1 : 0;
}

enum time_profile {
	PROFILE_FEW_VALUES, /* 5000 distinct values: about 20 events per time */
	PROFILE_WIDE,	    /* uniform over [0, 2^62) */
	PROFILE_EXP,	    /* exponential, mean 1 s */
	PROFILE_CLUSTERED,  /* dense near 0, a few huge times (up to INT64_MAX) */
	PROFILE_ONE_VALUE,  /* every event at the same time */
	PROFILE_TWO_VALUES, /* 0 and INT64_MAX / 2 */
	PROFILE_COUNT,
};

static int64_t profile_time(enum time_profile profile, uint64_t *rng)
{
	switch (profile) {
	case PROFILE_FEW_VALUES:
		return (int64_t)rand_below(rng, 5000) * 7;
	case PROFILE_WIDE:
		return (int64_t)(splitmix64(rng) >> 2);
	case PROFILE_EXP:
		return rand_exp_ns(rng, 1e9);
	case PROFILE_CLUSTERED: {
		uint64_t r = rand_below(rng, 1000);
		if (r == 0) {
			return INT64_MAX - (int64_t)rand_below(rng, 3);
		}
		if (r < 5) {
			return INT64_MAX / 2 + (int64_t)rand_below(rng, 1000);
		}
		return (int64_t)rand_below(rng, 100000);
	}
	case PROFILE_ONE_VALUE:
		return 123456789;
	case PROFILE_TWO_VALUES:
		return rand_below(rng, 2) ? INT64_MAX / 2 : 0;
	case PROFILE_COUNT:
		break;
	}
	fail();
	return 0;
}

static void test_order_vs_sorted_reference(void **state)
{
	const size_t n = 100000;
	for (int profile = 0; profile < PROFILE_COUNT; profile++) {
		uint64_t rng = 0x5eed0000 + (uint64_t)profile;
		sim_engine *engine = sim_engine_new();
		struct recorder rec = { 0 };
		uint32_t id = sim_entity_register(engine, "recorder", record_handler, &rec);
		struct ref_key *ref = malloc(n * sizeof(*ref));
		assert_non_null(ref);
		for (size_t i = 0; i < n; i++) {
			ref[i] =
			    (struct ref_key){ .time_ns = profile_time(profile, &rng), .index = i };
			sim_event_schedule(engine, ref[i].time_ns, id, 0, i);
		}
		assert_int_equal(sim_engine_pending_count(engine), n);
		qsort(ref, n, sizeof(*ref), ref_key_cmp);

		assert_int_equal(sim_engine_run(engine, SIM_TIME_NEVER), n);
		assert_int_equal(rec.len, n);
		for (size_t i = 0; i < n; i++) {
			if (rec.v[i].time_ns != ref[i].time_ns || rec.v[i].arg != ref[i].index) {
				fail_msg(
				    "profile %d: firing %zu is (%lld, #%llu), expected (%lld, #%llu)",
				    profile, i, (long long)rec.v[i].time_ns,
				    (unsigned long long)rec.v[i].arg, (long long)ref[i].time_ns,
				    (unsigned long long)ref[i].index);
			}
		}
		assert_int_equal(sim_engine_pending_count(engine), 0);
		free(ref);
		free(rec.v);
		sim_engine_free(engine);
	}
}

/*
 * Schedules times[0..n) in order (argument = index), the first `at_start` of them before the run
 * and the rest from the handler of event 0 (at its time, which must not be later than theirs);
 * then checks the firing order against a sort of (time, index).
 */
struct burst {
	struct recorder rec;
	uint32_t entity;
	const int64_t *times;
	size_t n;
	size_t at_start;
};

static void burst_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct burst *b = ctx;
	recorder_push(&b->rec, sim_engine_now_ns(engine), kind, arg);
	if (arg == 0) {
		for (size_t i = b->at_start; i < b->n; i++) {
			sim_event_schedule(engine, b->times[i], b->entity, 0, i);
		}
	}
}

static void check_order(const int64_t *times, size_t n, size_t at_start)
{
	sim_engine *engine = sim_engine_new();
	struct burst b = { .times = times, .n = n, .at_start = at_start };
	b.entity = sim_entity_register(engine, "burst", burst_handler, &b);
	for (size_t i = 0; i < at_start; i++) {
		sim_event_schedule(engine, times[i], b.entity, 0, i);
	}
	struct ref_key *ref = malloc(n * sizeof(*ref));
	assert_non_null(ref);
	for (size_t i = 0; i < n; i++) {
		ref[i] = (struct ref_key){ .time_ns = times[i], .index = i };
	}
	qsort(ref, n, sizeof(*ref), ref_key_cmp);
	assert_int_equal(sim_engine_run(engine, SIM_TIME_NEVER), n);
	for (size_t i = 0; i < n; i++) {
		if (b.rec.v[i].time_ns != ref[i].time_ns || b.rec.v[i].arg != ref[i].index) {
			fail_msg("firing %zu is (%lld, #%llu), expected (%lld, #%llu)", i,
				 (long long)b.rec.v[i].time_ns, (unsigned long long)b.rec.v[i].arg,
				 (long long)ref[i].time_ns, (unsigned long long)ref[i].index);
		}
	}
	free(ref);
	free(b.rec.v);
	sim_engine_free(engine);
}

/*
 * Many events scheduled at once just ahead of the clock, below everything already queued (the
 * sorted front of the queue takes them, then has to be split): times spread out, tied on a grid,
 * clustered far below the next queued time, or all equal to the clock.
 */
static void test_burst_below_queued_events(void **state)
{
	const size_t n = 20000;
	int64_t *times = malloc(n * sizeof(*times));
	assert_non_null(times);
	uint64_t rng = 77;
	for (int variant = 0; variant < 4; variant++) {
		size_t at_start = variant == 2 ? 21 : variant == 3 ? 1 : 2;
		times[0] = 0;
		for (size_t i = 1; i < at_start; i++) {
			times[i] = variant == 2 ? 1000000000000000 + (int64_t)i : 1000000000;
		}
		for (size_t i = at_start; i < n; i++) {
			switch (variant) {
			case 0:
				times[i] = (int64_t)rand_below(&rng, 1000000000);
				break;
			case 1:
				times[i] = (int64_t)rand_below(&rng, 300) * 1000;
				break;
			case 2:
				times[i] = 1 + (int64_t)rand_below(&rng, 1000);
				break;
			default:
				times[i] = 0;
				break;
			}
		}
		check_order(times, n, at_start);
	}
	free(times);
}

/*
 * Two tied groups one nanosecond apart and one far event: each split of the crowded first bucket
 * narrows it by only a few bits, so the ladder reaches its depth limit and must sort the bucket
 * as it is (stably: the ties keep their scheduling order).
 */
static void test_deep_ladder_fallback(void **state)
{
	int64_t times[27];
	for (size_t i = 0; i < 26; i++) {
		times[i] = (int64_t)(i % 2);
	}
	times[26] = INT64_MAX / 2;
	check_order(times, 27, 27);
	/* The same, arriving while the clock runs (the group goes through the sorted front). */
	int64_t later[28];
	later[0] = 0;
	for (size_t i = 1; i < 27; i++) {
		later[i] = 5 + (int64_t)(i % 2);
	}
	later[27] = INT64_MAX / 2;
	check_order(later, 28, 1);
}

static void test_fifo_ties(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct recorder rec = { 0 };
	uint32_t a = sim_entity_register(engine, "a", record_handler, &rec);
	uint32_t b = sim_entity_register(engine, "b", record_handler, &rec);
	/* 3000 events at t=50 interleaved, across two entities, with events at 40 and 60. */
	for (uint64_t i = 0; i < 3000; i++) {
		sim_event_schedule(engine, 50, i % 2 ? a : b, 0, i);
		sim_event_schedule(engine, i % 3 ? 40 : 60, a, 1, 100000 + i);
	}
	sim_engine_run(engine, 100);
	assert_int_equal(rec.len, 6000);
	size_t at50 = 0;
	uint64_t last_arg = 0;
	for (size_t i = 0; i < rec.len; i++) {
		if (rec.v[i].time_ns == 50) {
			assert_int_equal(rec.v[i].arg, at50);
			at50++;
		} else if (i > 0 && rec.v[i - 1].time_ns == rec.v[i].time_ns) {
			assert_true(rec.v[i].arg > last_arg);
		}
		if (i > 0) {
			assert_true(rec.v[i - 1].time_ns <= rec.v[i].time_ns);
		}
		last_arg = rec.v[i].arg;
	}
	assert_int_equal(at50, 3000);
	free(rec.v);
	sim_engine_free(engine);
}

/* ---- events scheduled from handlers at 'now' ---- */

struct now_ctx {
	struct recorder rec;
	uint32_t entity;
	int chain_left;
};

static void now_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct now_ctx *c = ctx;
	recorder_push(&c->rec, sim_engine_now_ns(engine), kind, arg);
	if (kind == 1) {
		/* 'A' schedules two more at now: they go after 'D', already pending at now. */
		sim_event_schedule(engine, sim_engine_now_ns(engine), c->entity, 0, 'B');
		sim_event_schedule_in(engine, 0, c->entity, 0, 'C');
	} else if (kind == 2 && c->chain_left-- > 0) {
		sim_event_schedule_in(engine, 0, c->entity, 2, arg + 1);
	}
}

static void test_schedule_at_now_from_handler(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct now_ctx c = { .chain_left = 10000 };
	c.entity = sim_entity_register(engine, "now", now_handler, &c);
	sim_event_schedule(engine, 10, c.entity, 1, 'A');
	sim_event_schedule(engine, 10, c.entity, 0, 'D');
	sim_event_schedule(engine, 11, c.entity, 0, 'E');
	assert_int_equal(sim_engine_run(engine, 10), 4);
	assert_int_equal(c.rec.len, 4);
	assert_int_equal(c.rec.v[0].arg, 'A');
	assert_int_equal(c.rec.v[1].arg, 'D');
	assert_int_equal(c.rec.v[2].arg, 'B');
	assert_int_equal(c.rec.v[3].arg, 'C');
	assert_int_equal(sim_engine_pending_count(engine), 1);

	/* A chain of 10000 events each scheduling the next at now: all fire at t=20, in order. */
	c.rec.len = 0;
	sim_event_schedule(engine, 20, c.entity, 2, 0);
	sim_event_schedule(engine, 20, c.entity, 0, 'Z');
	assert_int_equal(sim_engine_run(engine, 20), 1 + 10002);
	assert_int_equal(c.rec.v[0].arg, 'E');
	assert_int_equal(c.rec.v[1].arg, 0);
	assert_int_equal(c.rec.v[2].arg, 'Z');
	for (size_t i = 3; i < c.rec.len; i++) {
		assert_int_equal(c.rec.v[i].time_ns, 20);
		assert_int_equal(c.rec.v[i].arg, i - 2);
	}
	assert_int_equal(sim_engine_now_ns(engine), 20);
	free(c.rec.v);
	sim_engine_free(engine);
}

/* ---- cancellation ---- */

struct cancel_ctx {
	struct recorder rec;
	struct sim_event_handle victim;
	struct sim_event_handle self;
	bool victim_cancelled;
	bool self_cancel_result;
	bool self_pending;
};

static void cancel_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct cancel_ctx *c = ctx;
	recorder_push(&c->rec, sim_engine_now_ns(engine), kind, arg);
	if (kind == 1) {
		c->victim_cancelled = sim_event_cancel(engine, c->victim);
		c->self_pending = sim_event_is_pending(engine, c->self);
		c->self_cancel_result = sim_event_cancel(engine, c->self);
	}
}

static void test_cancel(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct cancel_ctx c = { 0 };
	uint32_t id = sim_entity_register(engine, "c", cancel_handler, &c);
	struct sim_event_handle h[300];
	for (uint64_t i = 0; i < 300; i++) {
		h[i] = sim_event_schedule(engine, (int64_t)(1000 + i * 10), id, 0, i);
		assert_true(sim_event_is_pending(engine, h[i]));
	}
	size_t cancelled = 0;
	for (size_t i = 0; i < 300; i += 3) {
		assert_true(sim_event_cancel(engine, h[i]));
		assert_false(sim_event_cancel(engine, h[i]));
		assert_false(sim_event_is_pending(engine, h[i]));
		cancelled++;
	}
	assert_int_equal(sim_engine_pending_count(engine), 300 - cancelled);
	struct sim_event_handle none = { 0 };
	assert_false(sim_event_cancel(engine, none));
	assert_false(sim_event_is_pending(engine, none));

	/* Fire half; cancelled events among them never fire; fired handles are stale. */
	sim_engine_run(engine, 1000 + 150 * 10);
	for (size_t i = 0; i < c.rec.len; i++) {
		assert_true(c.rec.v[i].arg % 3 != 0);
	}
	assert_int_equal(c.rec.len, 151 - 51);
	assert_false(sim_event_is_pending(engine, h[1]));
	assert_false(sim_event_cancel(engine, h[1]));
	assert_true(sim_event_is_pending(engine, h[151]));
	/* New events reuse the slots of fired ones: the old handles must stay stale. */
	struct sim_event_handle fresh[200];
	for (int i = 0; i < 200; i++) {
		fresh[i] = sim_event_schedule_in(engine, 5, id, 0, 9999);
	}
	for (size_t i = 0; i <= 150; i++) {
		assert_false(sim_event_is_pending(engine, h[i]));
		assert_false(sim_event_cancel(engine, h[i]));
	}
	for (int i = 0; i < 200; i++) {
		assert_true(sim_event_cancel(engine, fresh[i]));
	}
	size_t still_pending = 0;
	for (size_t i = 151; i < 300; i++) {
		still_pending += i % 3 != 0;
	}
	assert_int_equal(sim_engine_pending_count(engine), still_pending);

	/* From a handler: cancel an event due at the same time, later in order, and itself. */
	c.rec.len = 0;
	c.self = sim_event_schedule(engine, 5000, id, 1, 1);
	c.victim = sim_event_schedule(engine, 5000, id, 0, 2);
	sim_event_schedule(engine, 5000, id, 0, 3);
	sim_engine_run(engine, 5000);
	assert_true(c.victim_cancelled);
	assert_false(c.self_pending);
	assert_false(c.self_cancel_result);
	size_t at5000 = 0;
	for (size_t i = 0; i < c.rec.len; i++) {
		if (c.rec.v[i].time_ns == 5000) {
			assert_int_not_equal(c.rec.v[i].arg, 2);
			at5000++;
		}
	}
	assert_int_equal(at5000, 2);
	assert_int_equal(sim_engine_pending_count(engine), 0);
	assert_int_equal(sim_engine_fired_count(engine), 100 + still_pending + 2);
	free(c.rec.v);
	sim_engine_free(engine);
}

/* Bytes the program holds from malloc: small blocks plus mmap()ed large ones. */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

/*
 * Schedule-and-cancel churn of far-future timers (a resolver's timeouts) must not make memory
 * grow with the number of cancellations: only with the number of live events. Measured with
 * glibc's mallinfo2() (not meaningful under AddressSanitizer, whose allocator it does not see:
 * there the behavioural checks still run).
 */
static void test_cancel_churn_bounded(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct recorder rec = { 0 };
	uint32_t id = sim_entity_register(engine, "churn", record_handler, &rec);
	uint64_t rng = 42;
	for (int i = 0; i < 10; i++) {
		sim_event_schedule(engine, 1000 + i, id, 0, (uint64_t)i);
	}
	size_t before = 0;
	const int rounds = 1000000;
	for (int i = 0; i < rounds; i++) {
		if (i == 20000) {
			before = heap_in_use(); /* after the engine's arrays are warm */
		}
		int64_t far = i % 2 ? INT64_MAX / 2 + (int64_t)rand_below(&rng, 1000000)
				    : sim_engine_now_ns(engine) + 3600 * SIM_NS_PER_S +
					  (int64_t)rand_below(&rng, SIM_NS_PER_S);
		struct sim_event_handle h = sim_event_schedule(engine, far, id, 1, 0);
		assert_true(sim_event_cancel(engine, h));
		if (i % 100000 == 99999) {
			/* Keep the clock moving with a live event now and then. */
			sim_event_schedule_in(engine, 1, id, 2, (uint64_t)i);
			assert_true(sim_engine_step(engine));
		}
	}
	size_t after = heap_in_use();
	assert_int_equal(sim_engine_pending_count(engine), 10);
	if (before != 0) {
		/* Unbounded tombstones would hold about 10^6 x 40 bytes; allow 2 MB of slack. */
		assert_true(after < before + 2 * 1024 * 1024);
	}
	assert_int_equal(sim_engine_run(engine, SIM_TIME_NEVER), 10);
	assert_int_equal(rec.len, 10 + 10);
	for (size_t i = 0; i < rec.len; i++) {
		assert_int_not_equal(rec.v[i].kind, 1);
	}
	free(rec.v);
	sim_engine_free(engine);
}

/* ---- run, stop, step ---- */

static void test_run_end_time(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct recorder rec = { 0 };
	uint32_t id = sim_entity_register(engine, "r", record_handler, &rec);
	sim_event_schedule(engine, 10, id, 0, 1);
	sim_event_schedule(engine, 20, id, 0, 2);
	sim_event_schedule(engine, 30, id, 0, 3);
	sim_event_schedule(engine, 25, id, 0, 4);
	assert_int_equal(sim_engine_run(engine, 25), 3); /* events at exactly 'end' fire */
	assert_int_equal(sim_engine_now_ns(engine), 25);
	assert_int_equal(sim_engine_pending_count(engine), 1);
	assert_int_equal(sim_engine_next_time_ns(engine), 30);
	assert_int_equal(sim_engine_run(engine, 25), 0);
	assert_int_equal(sim_engine_run(engine, 5), 0); /* an end in the past: nothing happens */
	assert_int_equal(sim_engine_now_ns(engine), 25);
	/* After a peek, an event earlier than the peeked one can still be scheduled. */
	sim_event_schedule(engine, 26, id, 0, 5);
	assert_int_equal(sim_engine_next_time_ns(engine), 26);
	assert_int_equal(sim_engine_run(engine, 100), 2);
	assert_int_equal(sim_engine_now_ns(engine), 100);
	assert_int_equal(rec.len, 5);
	assert_int_equal(rec.v[3].arg, 5);
	assert_int_equal(rec.v[4].arg, 3);
	assert_int_equal(sim_engine_fired_count(engine), 5);
	free(rec.v);
	sim_engine_free(engine);
}

struct stop_ctx {
	int fired;
	int stop_at;
};

static void stop_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct stop_ctx *c = ctx;
	if (++c->fired == c->stop_at) {
		sim_engine_stop(engine);
	}
}

static void test_stop(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct stop_ctx c = { .stop_at = 2 };
	uint32_t id = sim_entity_register(engine, "s", stop_handler, &c);
	for (int64_t t = 1; t <= 5; t++) {
		sim_event_schedule(engine, t * 100, id, 0, 0);
	}
	assert_int_equal(sim_engine_run(engine, 1000), 2);
	assert_int_equal(sim_engine_now_ns(engine), 200); /* not advanced to the end time */
	assert_int_equal(sim_engine_pending_count(engine), 3);
	assert_int_equal(sim_engine_run(engine, 1000), 3);
	assert_int_equal(sim_engine_now_ns(engine), 1000);
	sim_engine_free(engine);
}

static void test_step(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct recorder rec = { 0 };
	uint32_t id = sim_entity_register(engine, "st", record_handler, &rec);
	sim_event_schedule(engine, 7, id, 0, 1);
	sim_event_schedule(engine, 3, id, 0, 2);
	assert_true(sim_engine_step(engine));
	assert_int_equal(sim_engine_now_ns(engine), 3);
	assert_true(sim_engine_step(engine));
	assert_int_equal(sim_engine_now_ns(engine), 7);
	assert_false(sim_engine_step(engine));
	assert_int_equal(rec.v[0].arg, 2);
	assert_int_equal(rec.v[1].arg, 1);
	free(rec.v);
	sim_engine_free(engine);
}

static void test_far_future(void **state)
{
	sim_engine *engine = sim_engine_new();
	struct recorder rec = { 0 };
	uint32_t id = sim_entity_register(engine, "far", record_handler, &rec);
	sim_event_schedule(engine, SIM_TIME_NEVER, id, 0, 1);
	sim_event_schedule(engine, INT64_MAX / 2, id, 0, 2);
	sim_event_schedule(engine, 0, id, 0, 3);
	sim_event_schedule(engine, SIM_TIME_NEVER, id, 0, 4);
	assert_int_equal(sim_engine_run(engine, INT64_MAX / 2 - 1), 1);
	assert_int_equal(sim_engine_run(engine, SIM_TIME_NEVER), 3);
	assert_int_equal(sim_engine_now_ns(engine), SIM_TIME_NEVER);
	assert_int_equal(rec.v[0].arg, 3);
	assert_int_equal(rec.v[1].arg, 2);
	assert_int_equal(rec.v[2].arg, 1);
	assert_int_equal(rec.v[3].arg, 4);
	free(rec.v);
	sim_engine_free(engine);
}

/* Scheduling in the past is a bug: the engine must abort (checked in a child process). */
static void test_schedule_in_past_aborts(void **state)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, STDERR_FILENO);
		}
		sim_engine *engine = sim_engine_new();
		struct recorder rec = { 0 };
		uint32_t id = sim_entity_register(engine, "past", record_handler, &rec);
		sim_engine_run(engine, 100);
		sim_event_schedule(engine, 99, id, 0, 0);
		_exit(0); /* not reached if the assertion works */
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/*
 * ---- a random model checked step by step against a reference queue ----
 *
 * Handlers schedule new events with delays from a mixture (0, tiny, exponential, on a coarse grid
 * so that times tie, hours ahead, near INT64_MAX) and cancel random pending ones, including
 * bursts of far-future timers that are cancelled at once. Every firing is compared with a plain
 * binary heap ordered by (time, scheduling number), written here independently of the engine.
 */

struct ref_item {
	int64_t time_ns;
	uint64_t id;
};

struct model {
	sim_engine *engine;
	uint32_t entity;
	uint64_t rng;
	uint64_t budget; /* events still to schedule */
	/* reference heap; cancelled ids are skipped when they reach the top */
	struct ref_item *heap;
	size_t heap_len;
	/* per id */
	struct sim_event_handle *handle;
	bool *cancelled;
	bool *done; /* fired or cancelled */
	uint64_t id_count;
	uint64_t id_cap;
	/* pending ids, for picking one to cancel */
	uint64_t *pend;
	size_t *pend_pos;
	size_t pend_len;
	struct recorder rec;
	uint64_t cancels;
};

static bool ref_less(const struct ref_item *a, const struct ref_item *b)
{
	return a->time_ns < b->time_ns || (a->time_ns == b->time_ns && a->id < b->id);
}

static void ref_push(struct model *m, struct ref_item x)
{
	size_t i = m->heap_len++;
	while (i > 0 && ref_less(&x, &m->heap[(i - 1) / 2])) {
		m->heap[i] = m->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	m->heap[i] = x;
}

static struct ref_item ref_pop(struct model *m)
{
	struct ref_item top = m->heap[0];
	struct ref_item x = m->heap[--m->heap_len];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= m->heap_len) {
			break;
		}
		if (c + 1 < m->heap_len && ref_less(&m->heap[c + 1], &m->heap[c])) {
			c++;
		}
		if (!ref_less(&m->heap[c], &x)) {
			break;
		}
		m->heap[i] = m->heap[c];
		i = c;
	}
	m->heap[i] = x;
	return top;
}

static void pend_remove(struct model *m, uint64_t id)
{
	size_t pos = m->pend_pos[id];
	uint64_t last = m->pend[--m->pend_len];
	m->pend[pos] = last;
	m->pend_pos[last] = pos;
}

static void model_schedule(struct model *m, int64_t at_ns)
{
	uint64_t id = m->id_count++;
	assert_true(id < m->id_cap);
	m->handle[id] = sim_event_schedule(m->engine, at_ns, m->entity, 0, id);
	m->cancelled[id] = false;
	m->done[id] = false;
	ref_push(m, (struct ref_item){ .time_ns = at_ns, .id = id });
	m->pend_pos[id] = m->pend_len;
	m->pend[m->pend_len++] = id;
}

static void model_cancel(struct model *m, uint64_t id)
{
	assert_true(sim_event_cancel(m->engine, m->handle[id]));
	assert_false(sim_event_cancel(m->engine, m->handle[id]));
	m->cancelled[id] = true;
	m->done[id] = true;
	pend_remove(m, id);
	m->cancels++;
}

/* now + delay, or INT64_MAX if that would overflow. */
static int64_t time_after(int64_t now, int64_t delay)
{
	return delay > INT64_MAX - now ? INT64_MAX : now + delay;
}

/* The time of a new event, from the mixture described above. */
static int64_t model_time(struct model *m)
{
	int64_t now = sim_engine_now_ns(m->engine);
	uint64_t r = rand_below(&m->rng, 100);
	if (r < 10) {
		return now;
	}
	if (r < 30) {
		return time_after(now, (int64_t)rand_below(&m->rng, 1000));
	}
	if (r < 60) {
		return time_after(now, rand_exp_ns(&m->rng, 1e6));
	}
	if (r < 85) {
		/* A coarse grid, so that many events share a time. */
		int64_t step = (int64_t)(rand_below(&m->rng, 50) + 1) * 1000000 - now % 1000000;
		return time_after(now, step);
	}
	if (r < 95) {
		return time_after(now, 3600 * SIM_NS_PER_S + (int64_t)rand_below(&m->rng, 1000));
	}
	if (r < 99) {
		int64_t t = INT64_MAX / 2 + (int64_t)rand_below(&m->rng, 1000);
		return t > now ? t : now;
	}
	return INT64_MAX;
}

static void model_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct model *m = ctx;
	int64_t now = sim_engine_now_ns(engine);
	recorder_push(&m->rec, now, kind, arg);

	struct ref_item expect;
	do {
		assert_true(m->heap_len > 0);
		expect = ref_pop(m);
	} while (m->cancelled[expect.id]);
	if (expect.id != arg || expect.time_ns != now) {
		fail_msg("firing %zu: engine gave (%lld, #%llu), reference (%lld, #%llu)",
			 m->rec.len - 1, (long long)now, (unsigned long long)arg,
			 (long long)expect.time_ns, (unsigned long long)expect.id);
	}
	assert_false(sim_event_is_pending(engine, m->handle[arg]));
	m->done[arg] = true;
	pend_remove(m, arg);
	assert_int_equal(sim_engine_pending_count(engine), m->pend_len);

	uint64_t children = rand_below(&m->rng, 4); /* 0 to 3: a mean of 1.5 */
	for (uint64_t i = 0; i < children && m->budget > 0; i++, m->budget--) {
		model_schedule(m, model_time(m));
	}
	if (m->pend_len > 0 && rand_below(&m->rng, 100) < 30) {
		model_cancel(m, m->pend[rand_below(&m->rng, m->pend_len)]);
	}
	if (rand_below(&m->rng, 100) == 0) {
		/* A handle of a fired or cancelled event: cancelling it is a harmless no-op. */
		uint64_t old = rand_below(&m->rng, m->id_count);
		if (m->done[old]) {
			assert_false(sim_event_cancel(engine, m->handle[old]));
		}
	}
	if (m->rec.len % 20000 == 0 && m->budget > 3000) {
		/* A burst of timeouts that are all cancelled: exercises the purge. */
		size_t first = m->id_count;
		for (int i = 0; i < 3000; i++, m->budget--) {
			model_schedule(m, time_after(now, 30 * SIM_NS_PER_S +
							      (int64_t)rand_below(&m->rng, 1000)));
		}
		for (size_t id = first; id < m->id_count; id++) {
			model_cancel(m, id);
		}
	}
}

/* Runs the model; its firing sequence is left in m->rec (caller frees with model_clear). */
static void model_run(struct model *m, uint64_t seed, uint64_t initial, uint64_t total)
{
	memset(m, 0, sizeof(*m));
	m->rng = seed;
	m->id_cap = total + initial + 4000;
	m->heap = malloc(m->id_cap * sizeof(*m->heap));
	m->handle = malloc(m->id_cap * sizeof(*m->handle));
	m->cancelled = malloc(m->id_cap * sizeof(*m->cancelled));
	m->done = malloc(m->id_cap * sizeof(*m->done));
	m->pend = malloc(m->id_cap * sizeof(*m->pend));
	m->pend_pos = malloc(m->id_cap * sizeof(*m->pend_pos));
	assert_true(m->heap && m->handle && m->cancelled && m->done && m->pend && m->pend_pos);
	m->engine = sim_engine_new();
	m->entity = sim_entity_register(m->engine, "model", model_handler, m);
	m->budget = total;
	for (uint64_t i = 0; i < initial; i++) {
		model_schedule(m, (int64_t)rand_below(&m->rng, 1000) * 1000);
	}
	/* Run in slices, peeking in between, as a scenario runner would. */
	int64_t end = 0;
	while (sim_engine_pending_count(m->engine) > 0) {
		int64_t next = sim_engine_next_time_ns(m->engine);
		assert_true(next >= sim_engine_now_ns(m->engine));
		end = next > INT64_MAX - 5 * SIM_NS_PER_MS ? SIM_TIME_NEVER
							   : next + 5 * SIM_NS_PER_MS;
		sim_engine_run(m->engine, end);
	}
	assert_int_equal(m->pend_len, 0);
	while (m->heap_len > 0) {
		assert_true(m->cancelled[ref_pop(m).id]);
	}
	assert_int_equal(sim_engine_fired_count(m->engine) + m->cancels, m->id_count);
	assert_int_equal(m->rec.len, sim_engine_fired_count(m->engine));
}

static void model_clear(struct model *m)
{
	sim_engine_free(m->engine);
	free(m->heap);
	free(m->handle);
	free(m->cancelled);
	free(m->done);
	free(m->pend);
	free(m->pend_pos);
	free(m->rec.v);
}

static void test_random_model_vs_reference_heap(void **state)
{
	struct model m;
	model_run(&m, 0xabcdef, 20000, 400000);
	print_message("%zu events fired, %llu cancelled, clock at %lld ns\n", m.rec.len,
		      (unsigned long long)m.cancels, (long long)sim_engine_now_ns(m.engine));
	assert_true(m.rec.len > 200000);
	assert_true(m.cancels > 100000);
	model_clear(&m);
}

static void test_determinism(void **state)
{
	struct model a;
	struct model b;
	model_run(&a, 0x123, 5000, 100000);
	model_run(&b, 0x123, 5000, 100000);
	assert_int_equal(a.rec.len, b.rec.len);
	for (size_t i = 0; i < a.rec.len; i++) {
		assert_int_equal(a.rec.v[i].time_ns, b.rec.v[i].time_ns);
		assert_int_equal(a.rec.v[i].kind, b.rec.v[i].kind);
		assert_int_equal(a.rec.v[i].arg, b.rec.v[i].arg);
	}
	model_clear(&a);
	model_clear(&b);
}

/*
 * ---- M/M/1 ----
 *
 * Poisson arrivals at rate lambda, one server with exponential service at rate mu. The
 * time-average number in system is L = rho / (1 - rho), rho = lambda / mu. The asymptotic
 * variance of the estimate over a horizon T is 2 rho (1 + rho) / (mu (1 - rho)^4) / T (Whitt
 * 1989, "Planning queueing simulations"): with mu = 1000/s, rho = 0.8 and T = 4000 s its standard
 * deviation is 0.5% of L, rho = 0.5 and T = 2000 s 0.35%, so a 2% tolerance is about 4 and 6
 * standard deviations.
 */

enum { MM1_ARRIVAL, MM1_DEPARTURE };

struct mm1 {
	uint32_t entity;
	uint64_t rng;
	double arrival_mean_ns;
	double service_mean_ns;
	uint64_t in_system;
	uint64_t arrivals;
	int64_t last_change_ns;
	double area; /* integral of the number in system, in ns */
};

static void mm1_account(struct mm1 *q, int64_t now)
{
	q->area += (double)q->in_system * (double)(now - q->last_change_ns);
	q->last_change_ns = now;
}

static void mm1_handler(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg)
{
	struct mm1 *q = ctx;
	mm1_account(q, sim_engine_now_ns(engine));
	if (kind == MM1_ARRIVAL) {
		q->arrivals++;
		if (q->in_system++ == 0) {
			sim_event_schedule_in(engine, rand_exp_ns(&q->rng, q->service_mean_ns),
					      q->entity, MM1_DEPARTURE, 0);
		}
		sim_event_schedule_in(engine, rand_exp_ns(&q->rng, q->arrival_mean_ns), q->entity,
				      MM1_ARRIVAL, 0);
	} else {
		assert_true(q->in_system > 0);
		if (--q->in_system > 0) {
			sim_event_schedule_in(engine, rand_exp_ns(&q->rng, q->service_mean_ns),
					      q->entity, MM1_DEPARTURE, 0);
		}
	}
}

static void mm1_check(double rho, int64_t horizon_s, uint64_t seed)
{
	const double mu_per_s = 1000.0;
	const double lambda_per_s = rho * mu_per_s;
	sim_engine *engine = sim_engine_new();
	struct mm1 q = {
		.rng = seed,
		.arrival_mean_ns = 1e9 / lambda_per_s,
		.service_mean_ns = 1e9 / mu_per_s,
	};
	q.entity = sim_entity_register(engine, "mm1", mm1_handler, &q);
	sim_event_schedule(engine, rand_exp_ns(&q.rng, q.arrival_mean_ns), q.entity, MM1_ARRIVAL,
			   0);
	int64_t horizon_ns = horizon_s * SIM_NS_PER_S;
	sim_engine_run(engine, horizon_ns);
	assert_int_equal(sim_engine_now_ns(engine), horizon_ns);
	mm1_account(&q, horizon_ns);

	double expected_l = rho / (1.0 - rho);
	double measured_l = q.area / (double)horizon_ns;
	double expected_arrivals = lambda_per_s * (double)horizon_s;
	print_message("M/M/1 rho=%.1f: L = %.4f (formula %.4f), %llu arrivals (expected %.0f)\n",
		      rho, measured_l, expected_l, (unsigned long long)q.arrivals,
		      expected_arrivals);
	assert_true(fabs(measured_l - expected_l) <= 0.02 * expected_l);
	/* The arrival count is Poisson: its standard deviation is under 0.1% here. */
	assert_true(fabs((double)q.arrivals - expected_arrivals) <= 0.01 * expected_arrivals);
	sim_engine_free(engine);
}

static void test_mm1_rho_05(void **state)
{
	mm1_check(0.5, 2000, 0x6d6d31);
}

static void test_mm1_rho_08(void **state)
{
	mm1_check(0.8, 4000, 0x6d6d32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_empty_engine),
		cmocka_unit_test(test_order_vs_sorted_reference),
		cmocka_unit_test(test_burst_below_queued_events),
		cmocka_unit_test(test_deep_ladder_fallback),
		cmocka_unit_test(test_fifo_ties),
		cmocka_unit_test(test_schedule_at_now_from_handler),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_cancel_churn_bounded),
		cmocka_unit_test(test_run_end_time),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_far_future),
		cmocka_unit_test(test_schedule_in_past_aborts),
		cmocka_unit_test(test_random_model_vs_reference_heap),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_mm1_rho_05),
		cmocka_unit_test(test_mm1_rho_08),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
