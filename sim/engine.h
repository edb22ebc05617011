#pragma once
/*
 * The discrete-event engine: a virtual clock in integer nanoseconds, an event queue ordered by
 * (time, insertion sequence), cheap cancellation, entity handlers and a run loop with an end time.
 *
 * It knows nothing about DNS. Models register entities (a handler plus its context) and schedule
 * events for them; an event carries a small kind code and one 64-bit argument, which is all the
 * models need (a message id, a timer kind, an index into the model's own tables).
 *
 * Ties: events with equal time fire in the order they were scheduled (libuv timers, STYLE.md).
 * Cancellation is O(1): a cancelled event never fires and its handle becomes stale.
 * The queue is a ladder queue (Tang, Goh and Thng 2005): O(1) amortised insert and remove, no
 * allocation per event once warm. See docs/design/engine.md.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_engine sim_engine;

/* Handle of a scheduled event, for cancellation. The zero value is "no event". */
struct sim_event_handle {
	uint32_t slot; /* 1-based slot in the engine's event pool; 0 = none */
	uint32_t gen;  /* generation of that slot when the event was scheduled */
};

/*
 * An entity's handler: called when one of its events fires, with the engine clock already set to
 * the event's time. ctx is what was given at registration; kind and arg what was given at
 * scheduling. The handler may schedule and cancel events, including for other entities.
 */
typedef void (*sim_handler_fn)(sim_engine *engine, void *ctx, uint32_t kind, uint64_t arg);

/* Create an engine with the clock at 0. Caller owns; free with sim_engine_free(). */
sim_engine *sim_engine_new(void);

/* Free the engine and every pending event. Entity contexts are not freed (they are borrowed). */
void sim_engine_free(sim_engine *engine);

/*
 * Register an entity. name is copied and used in diagnostics only; handler must not be NULL;
 * ctx is borrowed until the engine is freed. Returns the entity id (dense, from 0, in
 * registration order).
 */
uint32_t sim_entity_register(sim_engine *engine, const char *name, sim_handler_fn handler,
			     void *ctx);

/* Name given at registration; borrowed until the engine is freed. */
const char *sim_entity_name(const sim_engine *engine, uint32_t entity);

/* Number of registered entities. */
uint32_t sim_entity_count(const sim_engine *engine);

/*
 * Schedule an event for entity at absolute virtual time at_ns (at_ns >= now, else a bug: the
 * engine asserts). Returns a handle usable with sim_event_cancel().
 */
struct sim_event_handle sim_event_schedule(sim_engine *engine, int64_t at_ns, uint32_t entity,
					   uint32_t kind, uint64_t arg);

/* Same, at now + delay_ns (delay_ns >= 0). */
struct sim_event_handle sim_event_schedule_in(sim_engine *engine, int64_t delay_ns, uint32_t entity,
					      uint32_t kind, uint64_t arg);

/*
 * Cancel a pending event. Returns true if it was pending and is now cancelled; false if the
 * handle is the zero handle, already fired, or already cancelled (all harmless).
 */
bool sim_event_cancel(sim_engine *engine, struct sim_event_handle handle);

/* True if the handle names an event that is still pending. */
bool sim_event_is_pending(const sim_engine *engine, struct sim_event_handle handle);

/* Current virtual time in nanoseconds. */
int64_t sim_engine_now_ns(const sim_engine *engine);

/* Number of pending (scheduled, not fired, not cancelled) events. */
size_t sim_engine_pending_count(const sim_engine *engine);

/* Number of events fired so far. */
uint64_t sim_engine_fired_count(const sim_engine *engine);

/* Time of the earliest pending event, or SIM_TIME_NEVER if none. */
int64_t sim_engine_next_time_ns(sim_engine *engine);

/*
 * Fire every event with time <= end_ns in (time, sequence) order, then set the clock to end_ns
 * (if it is later than the clock). Stops early, leaving the clock at the last fired event's
 * time, if a handler calls sim_engine_stop(). Returns the number of events fired by this call.
 */
uint64_t sim_engine_run(sim_engine *engine, int64_t end_ns);

/* Fire the single earliest event if there is one. Returns false if the queue was empty. */
bool sim_engine_step(sim_engine *engine);

/* Ask sim_engine_run() to return after the current handler. */
void sim_engine_stop(sim_engine *engine);
