/*
 * sim_llround() is llround() (C11 7.12.9.7: halves away from zero) on every value the hot
 * paths give it: edge values by hand, and a million random ones across magnitudes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "sim/rng.h"
#include "sim/util.h"

static void llround_by_hand(void **state)
{
	(void)state;
	assert_int_equal(sim_llround(2.5), 3);
	assert_int_equal(sim_llround(-2.5), -3);
	assert_int_equal(sim_llround(2.4999999999999996), 2);
	assert_int_equal(sim_llround(0.49999999999999994), 0);
	assert_int_equal(sim_llround(-0.5), -1);
	assert_int_equal(sim_llround(0.0), 0);
	assert_int_equal(sim_llround(4503599627370495.5), 4503599627370496);
	assert_int_equal(sim_llround(1e17), 100000000000000000);
}

static void llround_as_libm(void **state)
{
	(void)state;
	struct sim_rng rng;
	sim_rng_init_u64(&rng, 7);
	for (int i = 0; i < 1000000; i++) {
		double mag = pow(10.0, (double)sim_rng_below(&rng, 18));
		double x = (sim_rng_uniform(&rng) - 0.5) * mag;
		if (i % 7 == 0) {
			x = floor(x) + 0.5; /* exact halves */
		}
		assert_int_equal(sim_llround(x), llround(x));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(llround_by_hand),
		cmocka_unit_test(llround_as_libm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
