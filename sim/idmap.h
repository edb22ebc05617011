#pragma once
/*
 * A table from non-zero 64-bit ids to non-NULL pointers, for the transactions a model keeps in
 * flight (a stub's lookups, a resolver's exchanges): open addressing with linear probing and
 * backward-shift deletion (Knuth 6.4, algorithm R), so a lookup is a hash and a probe or two,
 * without GHashTable's calls through function pointers. Values are borrowed: the table never
 * frees them. The caller's storage holds it (_init/_clear).
 */

#include <stdbool.h>
#include <stdint.h>

struct sim_idmap_slot {
	uint64_t id; /* 0: empty */
	void *value;
};

struct sim_idmap {
	struct sim_idmap_slot *slots;
	uint32_t mask; /* slot count - 1; 0 before the first put */
	uint32_t count;
};

/* An empty table (no allocation until the first put). */
void sim_idmap_init(struct sim_idmap *m);

/* Free the table's storage (not the values). It is empty and usable again afterwards. */
void sim_idmap_clear(struct sim_idmap *m);

/* The value for id, or NULL. */
void *sim_idmap_get(const struct sim_idmap *m, uint64_t id);

/* Set id's value (id != 0, value != NULL), replacing any. */
void sim_idmap_put(struct sim_idmap *m, uint64_t id, void *value);

/* Remove id; returns its value, or NULL if it had none. */
void *sim_idmap_remove(struct sim_idmap *m, uint64_t id);

/* Number of ids held. */
uint32_t sim_idmap_count(const struct sim_idmap *m);

/* Slot i (0 <= i <= mask) for walking every entry: its value, or NULL if empty. Removing while
 * walking is not allowed. */
void *sim_idmap_slot_value(const struct sim_idmap *m, uint32_t i);
