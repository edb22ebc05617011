/*
 * The id table (sim/idmap.c) against GHashTable as the reference: a long random sequence of
 * puts, replacements and removals (with ids crowded so that runs wrap around the end of the
 * table and backward shifts cross it) leaves the same contents, and every get agrees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>

#include "sim/idmap.h"
#include "sim/rng.h"

static void same_as_reference(void **state)
{
	(void)state;
	struct sim_idmap m;
	sim_idmap_init(&m);
	GHashTable *ref = g_hash_table_new(g_int64_hash, g_int64_equal);
	static uint64_t keys[600];
	static int values[600];
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		keys[i] = i < 300 ? i + 1 : (UINT64_C(1) << 40) + i * 7919; /* dense and sparse */
	}
	struct sim_rng rng;
	sim_rng_init_u64(&rng, 42);
	for (int step = 0; step < 200000; step++) {
		size_t k = sim_rng_below(&rng, G_N_ELEMENTS(keys));
		switch (sim_rng_below(&rng, 3)) {
		case 0:
		case 1:
			sim_idmap_put(&m, keys[k], &values[k]);
			g_hash_table_insert(ref, &keys[k], &values[k]);
			break;
		default:
			assert_ptr_equal(sim_idmap_remove(&m, keys[k]),
					 g_hash_table_lookup(ref, &keys[k]));
			g_hash_table_remove(ref, &keys[k]);
			break;
		}
		size_t probe = sim_rng_below(&rng, G_N_ELEMENTS(keys));
		assert_ptr_equal(sim_idmap_get(&m, keys[probe]),
				 g_hash_table_lookup(ref, &keys[probe]));
		assert_int_equal(sim_idmap_count(&m), g_hash_table_size(ref));
	}
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		assert_ptr_equal(sim_idmap_get(&m, keys[i]), g_hash_table_lookup(ref, &keys[i]));
	}
	/* walking the slots meets every value once */
	guint seen = 0;
	for (uint32_t i = 0; i <= m.mask; i++) {
		seen += sim_idmap_slot_value(&m, i) != NULL;
	}
	assert_int_equal(seen, g_hash_table_size(ref));
	assert_null(sim_idmap_get(&m, 999999));
	sim_idmap_clear(&m);
	assert_int_equal(sim_idmap_count(&m), 0);
	assert_null(sim_idmap_get(&m, keys[0]));
	g_hash_table_destroy(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
