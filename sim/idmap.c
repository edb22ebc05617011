#include "sim/idmap.h"

#include <glib.h>

#include "sim/util.h"

#define INITIAL_SLOTS 16u

static uint32_t home_of(const struct sim_idmap *m, uint64_t id)
{
	/* Fibonacci hashing: sequential ids land on spread slots */
	return (uint32_t)((id * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & m->mask;
}

void sim_idmap_init(struct sim_idmap *m)
{
	*m = (struct sim_idmap){ 0 };
}

void sim_idmap_clear(struct sim_idmap *m)
{
	g_free(m->slots);
	sim_idmap_init(m);
}

void *sim_idmap_get(const struct sim_idmap *m, uint64_t id)
{
	if (m->slots == NULL) {
		return NULL;
	}
	for (uint32_t i = home_of(m, id);; i = (i + 1) & m->mask) {
		const struct sim_idmap_slot *s = &m->slots[i];
		if (s->id == id) {
			return s->value;
		}
		if (s->id == 0) {
			return NULL;
		}
	}
}

static void grow(struct sim_idmap *m)
{
	struct sim_idmap_slot *old = m->slots;
	uint32_t old_n = old != NULL ? m->mask + 1 : 0;
	uint32_t n = old != NULL ? old_n * 2 : INITIAL_SLOTS;
	SIM_ASSERT(n > old_n);
	m->slots = g_new0(struct sim_idmap_slot, n);
	m->mask = n - 1;
	for (uint32_t k = 0; k < old_n; k++) {
		if (old[k].id != 0) {
			uint32_t i = home_of(m, old[k].id);
			while (m->slots[i].id != 0) {
				i = (i + 1) & m->mask;
			}
			m->slots[i] = old[k];
		}
	}
	g_free(old);
}

void sim_idmap_put(struct sim_idmap *m, uint64_t id, void *value)
{
	SIM_ASSERT(id != 0 && value != NULL);
	/* at most half full: probes stay short */
	if (m->slots == NULL || 2 * (m->count + 1) > m->mask + 1) {
		grow(m);
	}
	uint32_t i = home_of(m, id);
	while (m->slots[i].id != 0 && m->slots[i].id != id) {
		i = (i + 1) & m->mask;
	}
	if (m->slots[i].id == 0) {
		m->count++;
	}
	m->slots[i] = (struct sim_idmap_slot){ id, value };
}

void *sim_idmap_remove(struct sim_idmap *m, uint64_t id)
{
	if (m->slots == NULL) {
		return NULL;
	}
	uint32_t i = home_of(m, id);
	while (m->slots[i].id != id) {
		if (m->slots[i].id == 0) {
			return NULL;
		}
		i = (i + 1) & m->mask;
	}
	void *value = m->slots[i].value;
	m->count--;
	/* backward shift: pull later entries of the run into the hole when their home allows */
	for (uint32_t j = (i + 1) & m->mask; m->slots[j].id != 0; j = (j + 1) & m->mask) {
		uint32_t home = home_of(m, m->slots[j].id);
		/* j's entry may move to i unless its home lies cyclically in (i, j] */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i] = (struct sim_idmap_slot){ 0 };
	return value;
}

uint32_t sim_idmap_count(const struct sim_idmap *m)
{
	return m->count;
}

void *sim_idmap_slot_value(const struct sim_idmap *m, uint32_t i)
{
	if (m->slots == NULL || i > m->mask || m->slots[i].id == 0) {
		return NULL;
	}
	return m->slots[i].value;
}
