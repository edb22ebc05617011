/*
 * The discrete-event engine: clock, ladder queue, cancellation, entities, run loop.
 * docs/design/engine.md explains the structure and the measurements behind it.
 *
 * Vocabulary used below:
 *   record  one slot of the event pool: entity, kind, arg, generation. Live while its generation
 *           is odd; a cancelled record stays allocated (dead) until the queue drops its entry, so a
 *           slot is never reused while an entry still names it.
 *   entry   what the queue moves around: 16 bytes, the time and the slot.
 *
 * The ladder partitions virtual time, so an event's container is a function of its time:
 *   Bottom        [now, boundary of the deepest rung)       sorted array, fired from its head
 *   rung d        [its boundary, boundary of rung d - 1)    buckets of entries
 *   ...
 *   rung 0        [its boundary, top_start)
 *   Top           [top_start, infinity)                     unsorted array
 * A rung's boundary is the start of its first unconsumed bucket. A new rung covers the bucket of
 * its parent that is being consumed (or the range Bottom had), so the deepest rung always holds
 * the earliest events after Bottom.
 *
 * Order among equal times (FIFO) is kept without storing a sequence number: every container
 * keeps its entries in arrival order (Top and buckets append, chunks are walked head to tail,
 * moves preserve order, Bottom's sort is stable and an insert goes after equal times), and all
 * entries with one time value are always in the same container. By induction, equal-time entries
 * are always in scheduling order.
 */
#include "sim/engine.h"

#include <glib.h>
#include <string.h>

#include "sim/util.h"

/* Tuning; the figures behind these choices are in docs/design/engine.md. */
enum {
	/* Deepest ladder; beyond it a crowded bucket is sorted into Bottom as it is. A split
	 * narrows buckets at least twofold, so only contrived times get near this. */
	RUNG_MAX = 24,
	/* Most buckets a new rung is given for its events, so that the chunk tails the inserts
	 * write to stay in cache (a classic ladder gives one bucket per event: a cache miss per
	 * insert at 10^5 events). More, up to RUNG_BUCKETS_MAX, only to reach the range above. */
	RUNG_FANOUT = 1024,
	RUNG_BUCKETS_MAX = 4 * RUNG_FANOUT,
	/* Entries per bucket a new rung aims at. */
	RUNG_DENSITY = 4,
	/* A bucket with more entries than this becomes a rung of its own (if it has two or more
	 * distinct times); otherwise it is sorted into Bottom. */
	BUCKET_SPLIT = 16,
	/* Entries per chunk of bucket storage (a power of two): 256 bytes. */
	CHUNK_ENTRIES = 16,
	/* Bottom is turned into a rung once direct inserts make it larger than this (or than twice
	 * the size it had when it was last filled, whichever is larger). */
	BOTTOM_SPLIT_MIN = 256,
	/* Dead entries are purged from the whole queue once they outnumber live events by this. */
	PURGE_MIN = 1024,
	/* Bottom is refilled from consecutive buckets up to this many entries. */
	BOTTOM_FILL = 32,
	/* Insertion sort up to this size (also the run length of the merge sort). */
	SORT_SMALL = 24,
	/* How far ahead in Bottom the record of a coming event is prefetched. */
	PREFETCH_AHEAD = 8,
};

/* Above every valid event time (times are in [0, INT64_MAX]); used as "no limit". */
#define TIME_LIMIT (UINT64_C(1) << 63)

#if defined(__GNUC__)
#define SIM_PREFETCH(p) __builtin_prefetch(p)
#define SIM_LIKELY(x)	__builtin_expect(!!(x), 1)
#define SIM_NOINLINE	__attribute__((noinline))
#else
#define SIM_PREFETCH(p) ((void)(p))
#define SIM_LIKELY(x)	(x)
#define SIM_NOINLINE
#endif

/* One slot of the event pool. */
struct event {
	uint64_t arg;
	uint32_t entity;
	uint32_t kind;
	uint32_t gen;  /* odd while live; bumped when scheduled, fired, cancelled */
	uint32_t next; /* next slot in the free list */
};

/* What the queue stores and moves. Times are kept unsigned: they are never negative. */
struct entry {
	uint64_t time;
	uint32_t slot;
	uint32_t unused;
};

/* A bucket: a list of chunks, all full except the tail. */
struct bucket {
	uint32_t head;
	uint32_t tail;
	uint32_t count;
};

struct rung {
	uint64_t start;		/* time at which bucket 0 starts */
	uint64_t cur_start;	/* start + (cur << shift): events at or after it go here */
	struct bucket *buckets; /* nb buckets */
	uint32_t nb;		/* number of buckets */
	uint32_t cur;		/* first unconsumed bucket */
	uint32_t shift;		/* bucket width is 1 << shift nanoseconds */
	uint32_t buckets_cap;	/* allocated buckets, kept for the next rung at this depth */
};

struct entity {
	char *name;
	sim_handler_fn handler;
	void *ctx;
};

struct entry_array {
	struct entry *v;
	size_t len;
	size_t cap;
};

struct sim_engine {
	int64_t now_ns;
	uint64_t fired;
	size_t pending; /* live events */
	size_t dead;	/* entries in the queue whose event was cancelled */
	bool stop;

	/* Event pool; slot 0 is never used so that 0 can mean "none". */
	struct event *pool;
	uint32_t pool_len;
	uint32_t pool_cap;
	uint32_t pool_free;

	/* Bucket storage: chunks of CHUNK_ENTRIES entries; chunk 0 is never used. */
	struct entry *chunk_mem;
	uint32_t *chunk_next;
	uint32_t chunk_len;
	uint32_t chunk_cap;
	uint32_t chunk_free;

	/* Top: unsorted entries with time >= top_start, and bounds of their times (loose after a
	 * cancel, which only makes the next rung a little wider). */
	struct entry_array top;
	uint64_t top_start;
	uint64_t top_min;
	uint64_t top_max;

	struct rung rungs[RUNG_MAX];
	uint32_t rung_count;

	/* Bottom: entries [bot_head, bot.len) sorted by time, ties in scheduling order. */
	struct entry_array bot;
	size_t bot_head;
	size_t bot_limit;

	struct entry_array scratch; /* for the merge sort */

	struct entity *entities;
	uint32_t entity_count;
	uint32_t entity_cap;
};

/* ---- small helpers ---- */

static void entry_array_reserve(struct entry_array *a, size_t n)
{
	if (n > a->cap) {
		size_t cap = a->cap ? a->cap : 64;
		while (cap < n) {
			cap *= 2;
		}
		a->v = g_renew(struct entry, a->v, cap);
		a->cap = cap;
	}
}

static inline void entry_array_push(struct entry_array *a, struct entry e)
{
	if (a->len == a->cap) {
		entry_array_reserve(a, a->len + 1);
	}
	a->v[a->len++] = e;
}

/* Ceiling of log2(x) for x >= 1. */
static inline uint32_t ceil_log2(uint64_t x)
{
	return x <= 1 ? 0 : (uint32_t)(64 - __builtin_clzll(x - 1));
}

/* ---- event pool ---- */

static uint32_t event_alloc(sim_engine *engine)
{
	uint32_t slot = engine->pool_free;
	if (SIM_LIKELY(slot != 0)) {
		engine->pool_free = engine->pool[slot].next;
		return slot;
	}
	if (engine->pool_len == engine->pool_cap) {
		SIM_ASSERT(engine->pool_cap < UINT32_MAX / 2);
		engine->pool_cap *= 2;
		engine->pool = g_renew(struct event, engine->pool, engine->pool_cap);
	}
	slot = engine->pool_len++;
	engine->pool[slot].gen = 0;
	return slot;
}

static inline void event_release(sim_engine *engine, uint32_t slot)
{
	engine->pool[slot].next = engine->pool_free;
	engine->pool_free = slot;
}

static inline bool event_is_live(const sim_engine *engine, uint32_t slot)
{
	return (engine->pool[slot].gen & 1) != 0;
}

/* The entry of a cancelled event leaves the queue: its record can be reused now. */
static inline void entry_drop_dead(sim_engine *engine, uint32_t slot)
{
	event_release(engine, slot);
	engine->dead--;
}

/* ---- chunks and buckets ---- */

static uint32_t chunk_alloc(sim_engine *engine)
{
	uint32_t c = engine->chunk_free;
	if (SIM_LIKELY(c != 0)) {
		engine->chunk_free = engine->chunk_next[c];
		return c;
	}
	if (engine->chunk_len == engine->chunk_cap) {
		SIM_ASSERT(engine->chunk_cap < UINT32_MAX / 2);
		engine->chunk_cap *= 2;
		engine->chunk_mem = g_renew(struct entry, engine->chunk_mem,
					    (size_t)engine->chunk_cap * CHUNK_ENTRIES);
		engine->chunk_next = g_renew(uint32_t, engine->chunk_next, engine->chunk_cap);
	}
	return engine->chunk_len++;
}

static inline struct entry *chunk_entries(const sim_engine *engine, uint32_t c)
{
	return &engine->chunk_mem[(size_t)c * CHUNK_ENTRIES];
}

/* Give a bucket a new tail chunk (it is empty, or its tail is full). */
static SIM_NOINLINE void bucket_grow(sim_engine *engine, struct bucket *bk)
{
	uint32_t c = chunk_alloc(engine);
	engine->chunk_next[c] = 0;
	if (bk->count == 0) {
		bk->head = c;
	} else {
		engine->chunk_next[bk->tail] = c;
	}
	bk->tail = c;
}

static inline void bucket_append(sim_engine *engine, struct bucket *bk, struct entry e)
{
	uint32_t fill = bk->count & (CHUNK_ENTRIES - 1);
	if (fill == 0) {
		bucket_grow(engine, bk);
	}
	chunk_entries(engine, bk->tail)[fill] = e;
	bk->count++;
}

/* Give a non-empty bucket's chunks back (O(1): they are already a list). */
static inline void bucket_release(sim_engine *engine, struct bucket *bk)
{
	engine->chunk_next[bk->tail] = engine->chunk_free;
	engine->chunk_free = bk->head;
	bk->count = 0;
}

/* ---- sorting (stable, by time only: see the FIFO note at the top) ---- */

static void entries_insertion_sort(struct entry *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct entry x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1].time > x.time) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/*
 * Stable sort of a few entries from src into dst by counting, for each, the entries that must
 * precede it: quadratic but free of unpredictable branches, which dominate the cost of sorting
 * the handful of entries of a bucket.
 */
static void entries_rank_sort(struct entry *restrict dst, const struct entry *restrict src,
			      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t t = src[i].time;
		size_t rank = 0;
		for (size_t j = 0; j < i; j++) {
			rank += src[j].time <= t;
		}
		for (size_t j = i + 1; j < n; j++) {
			rank += src[j].time < t;
		}
		dst[rank] = src[i];
	}
}

static void entries_sort(sim_engine *engine, struct entry *v, size_t n)
{
	if (n <= SORT_SMALL) {
		entries_insertion_sort(v, n);
		return;
	}
	size_t i = 1;
	while (i < n && v[i - 1].time <= v[i].time) {
		i++;
	}
	if (i == n) {
		return; /* often: one time value, or a bucket filled in order */
	}
	/* Bottom-up merge sort over runs sorted by insertion. */
	entry_array_reserve(&engine->scratch, n);
	for (i = 0; i < n; i += SORT_SMALL) {
		entries_insertion_sort(v + i, n - i < SORT_SMALL ? n - i : SORT_SMALL);
	}
	struct entry *src = v;
	struct entry *dst = engine->scratch.v;
	for (size_t width = SORT_SMALL; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo;
			size_t b = mid;
			size_t k = lo;
			while (a < mid && b < hi) {
				dst[k++] = src[b].time < src[a].time ? src[b++] : src[a++];
			}
			while (a < mid) {
				dst[k++] = src[a++];
			}
			while (b < hi) {
				dst[k++] = src[b++];
			}
		}
		struct entry *t = src;
		src = dst;
		dst = t;
	}
	if (src != v) {
		memcpy(v, src, n * sizeof(*v));
	}
}

/* ---- Bottom ---- */

/* Sort the freshly filled Bottom and set the size beyond which inserts will split it. */
static void bottom_settle(sim_engine *engine)
{
	size_t n = engine->bot.len;
	entries_sort(engine, engine->bot.v, n);
	engine->bot_limit = n * 2 > BOTTOM_SPLIT_MIN ? n * 2 : BOTTOM_SPLIT_MIN;
	for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++) {
		SIM_PREFETCH(&engine->pool[engine->bot.v[i].slot]);
	}
}

static void bottom_split(sim_engine *engine);

/* Insert a new event: after every entry with time <= its time (it was scheduled last). */
static void bottom_insert(sim_engine *engine, struct entry e)
{
	struct entry *v = engine->bot.v;
	size_t head = engine->bot_head;
	size_t len = engine->bot.len;
	if (head == len) {
		head = len = 0;
	}
	size_t pos = len;
	if (head < len && v[len - 1].time > e.time) {
		size_t lo = head;
		size_t hi = len - 1; /* v[hi].time > e.time */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (v[mid].time > e.time) {
				hi = mid;
			} else {
				lo = mid + 1;
			}
		}
		pos = lo;
	}
	if (head > 0 && pos - head < len - pos) {
		/* Cheaper to shift the front part down into the consumed space. */
		memmove(&v[head - 1], &v[head], (pos - head) * sizeof(*v));
		v[pos - 1] = e;
		head--;
	} else {
		if (len == engine->bot.cap) {
			if (head > 0) {
				memmove(&v[0], &v[head], (len - head) * sizeof(*v));
				pos -= head;
				len -= head;
				head = 0;
			} else {
				entry_array_reserve(&engine->bot, len + 1);
				v = engine->bot.v;
			}
		}
		memmove(&v[pos + 1], &v[pos], (len - pos) * sizeof(*v));
		v[pos] = e;
		len++;
	}
	engine->bot_head = head;
	engine->bot.len = len;
	if (len - head > engine->bot_limit) {
		bottom_split(engine);
	}
}

/* ---- rungs ---- */

/* Where Bottom's range ends: the boundary of the deepest rung, or top_start. */
static uint64_t ladder_floor(const sim_engine *engine)
{
	uint64_t hi = engine->rung_count ? engine->rungs[engine->rung_count - 1].cur_start
					 : engine->top_start;
	return hi < TIME_LIMIT ? hi : TIME_LIMIT;
}

/*
 * Open a new deepest rung for n entries whose times lie in [start, start + span]; the rung must
 * reach start + cover (cover >= span) so that it meets the range above it. Bucket widths are
 * powers of two (an entry's bucket is a shift, never a division) chosen for about RUNG_DENSITY
 * entries per bucket and at most RUNG_FANOUT buckets over the span.
 */
static struct rung *rung_open(sim_engine *engine, uint64_t start, uint64_t span, uint64_t cover,
			      size_t n)
{
	SIM_ASSERT(engine->rung_count < RUNG_MAX);
	SIM_ASSERT(n > 0 && span <= cover && start + cover < TIME_LIMIT);
	struct rung *r = &engine->rungs[engine->rung_count++];
	uint64_t target = n / RUNG_DENSITY;
	target = target < 1 ? 1 : target > RUNG_FANOUT ? RUNG_FANOUT : target;
	uint32_t shift = ceil_log2(span / target + 1);
	while ((cover >> shift) >= RUNG_BUCKETS_MAX) {
		shift++;
	}
	uint32_t nb = (uint32_t)(cover >> shift) + 1;
	if (nb > r->buckets_cap) {
		g_free(r->buckets);
		r->buckets_cap = RUNG_BUCKETS_MAX;
		r->buckets = g_new(struct bucket, r->buckets_cap);
	}
	for (uint32_t b = 0; b < nb; b++) {
		r->buckets[b].count = 0;
	}
	r->start = start;
	r->cur_start = start;
	r->nb = nb;
	r->cur = 0;
	r->shift = shift;
	return r;
}

static inline void rung_add(sim_engine *engine, struct rung *r, struct entry e)
{
	uint64_t b = (e.time - r->start) >> r->shift;
	SIM_ASSERT(e.time >= r->cur_start && b < r->nb);
	bucket_append(engine, &r->buckets[b], e);
}

/*
 * Move Bottom's entries, whose times lie in [tmin, tmax], into a new rung reaching up to the
 * ladder floor. Bottom is left empty.
 */
static void rung_from_bottom(sim_engine *engine, uint64_t tmin, uint64_t tmax)
{
	size_t head = engine->bot_head;
	size_t len = engine->bot.len;
	struct rung *r =
	    rung_open(engine, tmin, tmax - tmin, ladder_floor(engine) - 1 - tmin, len - head);
	for (size_t i = head; i < len; i++) {
		rung_add(engine, r, engine->bot.v[i]);
	}
	engine->bot_head = engine->bot.len = 0;
}

/* Bottom grew past its limit through direct inserts: make it a rung if that can help. */
static void bottom_split(sim_engine *engine)
{
	size_t n = engine->bot.len - engine->bot_head;
	uint64_t tmin = engine->bot.v[engine->bot_head].time;
	uint64_t tmax = engine->bot.v[engine->bot.len - 1].time;
	if (tmin == tmax || engine->rung_count == RUNG_MAX) {
		/* One time value (inserts are appends) or no room: wait until it doubles. */
		engine->bot_limit = n * 2;
		return;
	}
	rung_from_bottom(engine, tmin, tmax);
}

/* Top to the ladder: a new rung 0, or straight into Bottom if Top is small or one time value. */
static void top_transfer(sim_engine *engine)
{
	size_t n = engine->top.len;
	uint64_t tmin = engine->top_min;
	uint64_t tmax = engine->top_max;
	SIM_ASSERT(n > 0 && engine->rung_count == 0 && engine->bot.len == 0);
	if (n <= BUCKET_SPLIT || tmin == tmax) {
		struct entry_array t = engine->bot;
		engine->bot = engine->top;
		engine->top = t;
		bottom_settle(engine);
		engine->top_start = tmax + 1;
	} else {
		struct rung *r = rung_open(engine, tmin, tmax - tmin, tmax - tmin, n);
		for (size_t i = 0; i < n; i++) {
			rung_add(engine, r, engine->top.v[i]);
		}
		engine->top_start = r->start + ((uint64_t)r->nb << r->shift);
	}
	engine->top.len = 0;
	engine->top_min = UINT64_MAX;
	engine->top_max = 0;
}

/* Prefetch the chunk after c if c is full (the walk over a long bucket is then streamed). */
static inline uint32_t chunk_advance(const sim_engine *engine, uint32_t c, uint32_t n)
{
	uint32_t next = engine->chunk_next[c];
	if (n == CHUNK_ENTRIES && next != 0) {
		const char *p = (const char *)chunk_entries(engine, next);
		for (size_t off = 0; off < CHUNK_ENTRIES * sizeof(struct entry); off += 64) {
			SIM_PREFETCH(p + off);
		}
	}
	return next;
}

/* Append a bucket's entries to Bottom, in order, and release the bucket. */
static void bottom_append_bucket(sim_engine *engine, struct bucket *bk)
{
	entry_array_reserve(&engine->bot, engine->bot.len + bk->count);
	struct entry *v = engine->bot.v + engine->bot.len;
	uint32_t c = bk->head;
	uint32_t left = bk->count;
	while (left > 0) {
		uint32_t n = left < CHUNK_ENTRIES ? left : CHUNK_ENTRIES;
		memcpy(v, chunk_entries(engine, c), n * sizeof(*v));
		c = chunk_advance(engine, c, n);
		v += n;
		left -= n;
	}
	engine->bot.len += bk->count;
	bucket_release(engine, bk);
}

/*
 * Split a crowded bucket, just consumed from the deepest rung and starting at bstart, into a new
 * rung covering the same range. If all its entries have one time, they go to Bottom instead
 * (splitting could never separate them).
 */
static void bucket_split(sim_engine *engine, struct bucket *bk, uint64_t bstart)
{
	uint64_t cover = ladder_floor(engine) - 1 - bstart;
	struct rung *r = rung_open(engine, bstart, cover, cover, bk->count);
	uint64_t tmin = UINT64_MAX;
	uint64_t tmax = 0;
	uint32_t c = bk->head;
	uint32_t left = bk->count;
	while (left > 0) {
		uint32_t n = left < CHUNK_ENTRIES ? left : CHUNK_ENTRIES;
		for (uint32_t i = 0; i < n; i++) {
			struct entry e = chunk_entries(engine, c)[i];
			tmin = e.time < tmin ? e.time : tmin;
			tmax = e.time > tmax ? e.time : tmax;
			rung_add(engine, r, e);
		}
		c = chunk_advance(engine, c, n);
		left -= n;
	}
	bucket_release(engine, bk);
	if (tmin == tmax) {
		uint32_t b = (uint32_t)((tmin - r->start) >> r->shift);
		r->cur = b + 1;
		r->cur_start = r->start + ((uint64_t)r->cur << r->shift);
		bottom_append_bucket(engine, &r->buckets[b]);
	}
}

/*
 * Refill the empty Bottom from the deepest rung: consecutive buckets are appended (each sorted)
 * until Bottom holds BOTTOM_FILL entries, so that coming records can be prefetched. A crowded
 * bucket with several time values becomes a new rung instead. An exhausted rung is removed.
 */
static void bottom_refill(sim_engine *engine)
{
	while (engine->rung_count > 0 && engine->bot.len < BOTTOM_FILL) {
		struct rung *r = &engine->rungs[engine->rung_count - 1];
		uint32_t b = r->cur;
		while (b < r->nb && r->buckets[b].count == 0) {
			b++;
		}
		if (b == r->nb) {
			engine->rung_count--;
			continue;
		}
		struct bucket *bk = &r->buckets[b];
		bool crowded = bk->count > BUCKET_SPLIT && engine->rung_count < RUNG_MAX;
		if (crowded && engine->bot.len > 0) {
			break; /* split it when Bottom is empty */
		}
		uint64_t bstart = r->start + ((uint64_t)b << r->shift);
		r->cur = b + 1;
		r->cur_start = r->start + ((uint64_t)r->cur << r->shift);
		if (crowded) {
			bucket_split(engine, bk, bstart);
			continue;
		}
		if (bk->count <= CHUNK_ENTRIES) {
			/* One chunk: sort it straight into Bottom. */
			entry_array_reserve(&engine->bot, engine->bot.len + bk->count);
			entries_rank_sort(engine->bot.v + engine->bot.len,
					  chunk_entries(engine, bk->head), bk->count);
			engine->bot.len += bk->count;
			bucket_release(engine, bk);
			continue;
		}
		size_t base = engine->bot.len;
		bottom_append_bucket(engine, bk);
		entries_sort(engine, engine->bot.v + base, engine->bot.len - base);
	}
	size_t n = engine->bot.len;
	engine->bot_limit = n * 2 > BOTTOM_SPLIT_MIN ? n * 2 : BOTTOM_SPLIT_MIN;
	for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++) {
		SIM_PREFETCH(&engine->pool[engine->bot.v[i].slot]);
	}
}

/* queue_prepare()'s work when Bottom's head is not a live event. */
static SIM_NOINLINE bool queue_prepare_slow(sim_engine *engine)
{
	for (;;) {
		while (engine->bot_head < engine->bot.len) {
			uint32_t slot = engine->bot.v[engine->bot_head].slot;
			if (SIM_LIKELY(event_is_live(engine, slot))) {
				return true;
			}
			engine->bot_head++;
			entry_drop_dead(engine, slot);
		}
		engine->bot_head = engine->bot.len = 0;
		if (engine->pending == 0) {
			return false;
		}
		if (engine->rung_count == 0) {
			top_transfer(engine);
		} else {
			bottom_refill(engine);
		}
	}
}

/* Make bot.v[bot_head] the earliest live event. Returns false if no event is pending. */
static inline bool queue_prepare(sim_engine *engine)
{
	if (SIM_LIKELY(engine->bot_head < engine->bot.len) &&
	    SIM_LIKELY(event_is_live(engine, engine->bot.v[engine->bot_head].slot))) {
		return true;
	}
	return queue_prepare_slow(engine);
}

static inline void queue_insert(sim_engine *engine, struct entry e)
{
	if (e.time >= engine->top_start) {
		entry_array_push(&engine->top, e);
		engine->top_min = e.time < engine->top_min ? e.time : engine->top_min;
		engine->top_max = e.time > engine->top_max ? e.time : engine->top_max;
		return;
	}
	for (uint32_t i = 0; i < engine->rung_count; i++) {
		struct rung *r = &engine->rungs[i];
		if (e.time >= r->cur_start) {
			/* rung_add() without its first check: the loop just made it. */
			uint64_t b = (e.time - r->start) >> r->shift;
			SIM_ASSERT(b < r->nb);
			bucket_append(engine, &r->buckets[b], e);
			return;
		}
	}
	bottom_insert(engine, e);
}

/* Keep the live entries of an array from index `from`, in order. */
static size_t entries_filter_live(sim_engine *engine, struct entry *v, size_t from, size_t len)
{
	size_t kept = from;
	for (size_t i = from; i < len; i++) {
		if (event_is_live(engine, v[i].slot)) {
			v[kept++] = v[i];
		} else {
			entry_drop_dead(engine, v[i].slot);
		}
	}
	return kept;
}

/* Keep the live entries of a bucket, in order, in its first chunks; release the rest. */
static void bucket_filter_live(sim_engine *engine, struct bucket *bk)
{
	uint32_t rc = bk->head; /* chunk being read */
	uint32_t wc = bk->head; /* chunk being written (never ahead of rc) */
	uint32_t kept = 0;
	for (uint32_t left = bk->count; left > 0;) {
		uint32_t n = left < CHUNK_ENTRIES ? left : CHUNK_ENTRIES;
		for (uint32_t i = 0; i < n; i++) {
			struct entry e = chunk_entries(engine, rc)[i];
			if (!event_is_live(engine, e.slot)) {
				entry_drop_dead(engine, e.slot);
				continue;
			}
			if (kept > 0 && (kept & (CHUNK_ENTRIES - 1)) == 0) {
				wc = engine->chunk_next[wc];
			}
			chunk_entries(engine, wc)[kept & (CHUNK_ENTRIES - 1)] = e;
			kept++;
		}
		left -= n;
		rc = engine->chunk_next[rc];
	}
	if (kept == 0) {
		bucket_release(engine, bk);
		return;
	}
	if (wc != bk->tail) {
		engine->chunk_next[bk->tail] = engine->chunk_free;
		engine->chunk_free = engine->chunk_next[wc];
	}
	engine->chunk_next[wc] = 0;
	bk->tail = wc;
	bk->count = kept;
}

/* Drop every dead entry from the queue. Cost: the entries plus the unconsumed buckets. */
static void queue_purge(sim_engine *engine)
{
	engine->top.len = entries_filter_live(engine, engine->top.v, 0, engine->top.len);
	for (uint32_t i = 0; i < engine->rung_count; i++) {
		struct rung *r = &engine->rungs[i];
		for (uint32_t b = r->cur; b < r->nb; b++) {
			if (r->buckets[b].count > 0) {
				bucket_filter_live(engine, &r->buckets[b]);
			}
		}
	}
	engine->bot.len =
	    entries_filter_live(engine, engine->bot.v, engine->bot_head, engine->bot.len);
	SIM_ASSERT(engine->dead == 0);
}

/* Purge when dead entries outnumber live ones by enough to pay for scanning the buckets too. */
static void queue_maybe_purge(sim_engine *engine)
{
	size_t scan = 0;
	for (uint32_t i = 0; i < engine->rung_count; i++) {
		scan += engine->rungs[i].nb - engine->rungs[i].cur;
	}
	if (engine->dead > PURGE_MIN + engine->pending + scan / 4) {
		queue_purge(engine);
	}
}

/* ---- public interface ---- */

sim_engine *sim_engine_new(void)
{
	sim_engine *engine = g_new0(sim_engine, 1);
	engine->pool_cap = 64;
	engine->pool = g_new(struct event, engine->pool_cap);
	engine->pool_len = 1;
	engine->chunk_cap = 16;
	engine->chunk_mem = g_new(struct entry, (size_t)engine->chunk_cap * CHUNK_ENTRIES);
	engine->chunk_next = g_new(uint32_t, engine->chunk_cap);
	engine->chunk_len = 1;
	entry_array_reserve(&engine->top, 64);
	entry_array_reserve(&engine->bot, 64);
	engine->top_start = 0;
	engine->top_min = UINT64_MAX;
	engine->top_max = 0;
	engine->bot_limit = BOTTOM_SPLIT_MIN;
	return engine;
}

void sim_engine_free(sim_engine *engine)
{
	if (engine == NULL) {
		return;
	}
	for (uint32_t i = 0; i < engine->entity_count; i++) {
		g_free(engine->entities[i].name);
	}
	g_free(engine->entities);
	for (uint32_t i = 0; i < RUNG_MAX; i++) {
		g_free(engine->rungs[i].buckets);
	}
	g_free(engine->scratch.v);
	g_free(engine->bot.v);
	g_free(engine->top.v);
	g_free(engine->chunk_next);
	g_free(engine->chunk_mem);
	g_free(engine->pool);
	g_free(engine);
}

uint32_t sim_entity_register(sim_engine *engine, const char *name, sim_handler_fn handler,
			     void *ctx)
{
	SIM_ASSERT(name != NULL && handler != NULL);
	SIM_ASSERT(engine->entity_count < UINT32_MAX);
	if (engine->entity_count == engine->entity_cap) {
		engine->entity_cap = engine->entity_cap ? engine->entity_cap * 2 : 16;
		engine->entities = g_renew(struct entity, engine->entities, engine->entity_cap);
	}
	uint32_t id = engine->entity_count++;
	engine->entities[id] =
	    (struct entity){ .name = g_strdup(name), .handler = handler, .ctx = ctx };
	return id;
}

const char *sim_entity_name(const sim_engine *engine, uint32_t entity)
{
	SIM_ASSERT(entity < engine->entity_count);
	return engine->entities[entity].name;
}

uint32_t sim_entity_count(const sim_engine *engine)
{
	return engine->entity_count;
}

struct sim_event_handle sim_event_schedule(sim_engine *engine, int64_t at_ns, uint32_t entity,
					   uint32_t kind, uint64_t arg)
{
	SIM_ASSERT(at_ns >= engine->now_ns);
	SIM_ASSERT(entity < engine->entity_count);
	uint32_t slot = event_alloc(engine);
	struct event *ev = &engine->pool[slot];
	ev->arg = arg;
	ev->entity = entity;
	ev->kind = kind;
	ev->gen++;
	engine->pending++;
	queue_insert(engine, (struct entry){ .time = (uint64_t)at_ns, .slot = slot });
	return (struct sim_event_handle){ .slot = slot, .gen = engine->pool[slot].gen };
}

struct sim_event_handle sim_event_schedule_in(sim_engine *engine, int64_t delay_ns, uint32_t entity,
					      uint32_t kind, uint64_t arg)
{
	SIM_ASSERT(delay_ns >= 0 && delay_ns <= INT64_MAX - engine->now_ns);
	return sim_event_schedule(engine, engine->now_ns + delay_ns, entity, kind, arg);
}

static inline bool handle_is_live(const sim_engine *engine, struct sim_event_handle handle)
{
	return handle.slot != 0 && handle.slot < engine->pool_len && (handle.gen & 1) != 0 &&
	       engine->pool[handle.slot].gen == handle.gen;
}

bool sim_event_cancel(sim_engine *engine, struct sim_event_handle handle)
{
	if (!handle_is_live(engine, handle)) {
		return false;
	}
	/* The entry stays where it is in the queue, dead, until the queue drops it. */
	engine->pool[handle.slot].gen++;
	engine->pending--;
	engine->dead++;
	if (engine->dead > PURGE_MIN + engine->pending) {
		queue_maybe_purge(engine);
	}
	return true;
}

bool sim_event_is_pending(const sim_engine *engine, struct sim_event_handle handle)
{
	return handle_is_live(engine, handle);
}

int64_t sim_engine_now_ns(const sim_engine *engine)
{
	return engine->now_ns;
}

size_t sim_engine_pending_count(const sim_engine *engine)
{
	return engine->pending;
}

uint64_t sim_engine_fired_count(const sim_engine *engine)
{
	return engine->fired;
}

int64_t sim_engine_next_time_ns(sim_engine *engine)
{
	if (!queue_prepare(engine)) {
		return SIM_TIME_NEVER;
	}
	return (int64_t)engine->bot.v[engine->bot_head].time;
}

/* Fire the event at Bottom's head (queue_prepare() returned true). */
static inline void engine_fire_head(sim_engine *engine)
{
	const struct entry *e = &engine->bot.v[engine->bot_head++];
	uint32_t slot = e->slot;
	if (engine->bot_head + PREFETCH_AHEAD - 1 < engine->bot.len) {
		SIM_PREFETCH(
		    &engine->pool[engine->bot.v[engine->bot_head + PREFETCH_AHEAD - 1].slot]);
	}
	struct event *ev = &engine->pool[slot];
	uint32_t entity = ev->entity;
	uint32_t kind = ev->kind;
	uint64_t arg = ev->arg;
	engine->now_ns = (int64_t)e->time;
	/* Released before the handler runs: its handle is stale there, and the handler's own
	 * scheduling reuses this slot while it is still in cache. */
	ev->gen++;
	event_release(engine, slot);
	engine->pending--;
	engine->fired++;
	const struct entity *en = &engine->entities[entity];
	en->handler(engine, en->ctx, kind, arg);
}

uint64_t sim_engine_run(sim_engine *engine, int64_t end_ns)
{
	uint64_t fired = 0;
	engine->stop = false;
	while (!engine->stop && queue_prepare(engine)) {
		if ((int64_t)engine->bot.v[engine->bot_head].time > end_ns) {
			break;
		}
		engine_fire_head(engine);
		fired++;
	}
	if (engine->stop) {
		engine->stop = false;
	} else if (end_ns > engine->now_ns) {
		engine->now_ns = end_ns;
	}
	return fired;
}

bool sim_engine_step(sim_engine *engine)
{
	if (!queue_prepare(engine)) {
		return false;
	}
	engine_fire_head(engine);
	return true;
}

void sim_engine_stop(sim_engine *engine)
{
	engine->stop = true;
}
