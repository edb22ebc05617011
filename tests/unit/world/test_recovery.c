/*
 * Following how clients move away from failed backends (sim/world/recovery.h), on hand-made
 * request histories whose recovery times are worked out in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/util.h"
#include "sim/world/recovery.h"

#define S(x) ((int64_t)((x)*SIM_NS_PER_S))

enum { OLD = 0, NEW = 1 };

/* A request started at started_s that ended at now_s. */
static void req(recovery *r, uint64_t client, enum clients_outcome outcome, int first, int last,
		double started_s, double now_s)
{
	struct clients_request q = { .outcome = outcome,
				     .backend = last,
				     .first_backend = first,
				     .attempts = 1,
				     .started_ns = S(started_s) };
	recovery_observe(r, 0, client, &q, S(now_s));
}

static void samples(const recovery *r, int failure, GArray **moved, GArray **last,
		    uint64_t *not_moved, double *client_s)
{
	*moved = g_array_new(FALSE, FALSE, sizeof(double));
	*last = g_array_new(FALSE, FALSE, sizeof(double));
	assert_true(recovery_samples(r, failure, -1, S(1000), *moved, *last, not_moved, client_s));
}

static void test_one_failure(void **state)
{
	(void)state;
	uint64_t sizes[] = { 3 };
	recovery *r = recovery_new(1, sizes);
	req(r, 0, CLIENTS_OK, OLD, OLD, 50, 50); /* before the failure: not followed */
	recovery_failure_start(r, OLD, "old", S(100));
	/* client 0: a failed connect to the old backend at 110, then served elsewhere at 150:
	 * moved after 50 s, last went to the old one 10 s in */
	req(r, 0, CLIENTS_FAIL_CONNECT, OLD, OLD, 110, 110);
	req(r, 0, CLIENTS_OK, NEW, NEW, 150, 150);
	/* client 1: tried the old address first (started 120), the next one answered at 125 */
	req(r, 1, CLIENTS_OK, OLD, NEW, 120, 125);
	/* client 2: only the old backend, never moved */
	req(r, 2, CLIENTS_FAIL_CONNECT, OLD, OLD, 130, 130);
	recovery_failure_end(r, OLD, S(200));
	req(r, 2, CLIENTS_OK, OLD, OLD, 210, 210); /* after the end: not followed */

	assert_int_equal(recovery_failure_count(r), 1);
	const struct recovery_failure *f = recovery_failure_get(r, 0);
	assert_int_equal(f->start_ns, S(100));
	assert_int_equal(f->end_ns, S(200));
	assert_int_equal(f->failed_requests, 2);
	GArray *moved, *last;
	uint64_t not_moved;
	double client_s;
	samples(r, 0, &moved, &last, &not_moved, &client_s);
	assert_int_equal(moved->len, 2);
	assert_float_equal(g_array_index(moved, double, 0), 50.0, 1e-9);
	assert_float_equal(g_array_index(moved, double, 1), 25.0, 1e-9);
	assert_int_equal(last->len, 3);
	assert_float_equal(g_array_index(last, double, 0), 10.0, 1e-9);
	assert_float_equal(g_array_index(last, double, 1), 20.0, 1e-9);
	assert_float_equal(g_array_index(last, double, 2), 30.0, 1e-9);
	assert_int_equal(not_moved, 1);
	/* 50 + 25 s until they moved, 100 s (the whole failure) for client 2 */
	assert_float_equal(client_s, 175.0, 1e-9);
	g_array_unref(moved);
	g_array_unref(last);
	recovery_free(r);
}

static void test_each_failure_followed(void **state)
{
	(void)state;
	uint64_t sizes[] = { 2 };
	recovery *r = recovery_new(1, sizes);
	recovery_failure_start(r, OLD, "old", S(100));
	recovery_failure_start(r, OLD, "old", S(105)); /* already failing: the same failure */
	req(r, 0, CLIENTS_OK, NEW, NEW, 160, 160);
	recovery_failure_end(r, OLD, S(200));
	recovery_failure_start(r, OLD, "old", S(300));
	req(r, 0, CLIENTS_OK, NEW, NEW, 330, 330);
	req(r, 1, CLIENTS_OK, NEW, NEW, 390, 390);
	/* never ends: client-seconds of a client that never moved would run to the run's end */
	assert_int_equal(recovery_failure_count(r), 2);
	assert_int_equal(recovery_failure_get(r, 1)->end_ns, INT64_MAX);
	GArray *moved, *last;
	uint64_t not_moved;
	double client_s;
	samples(r, 1, &moved, &last, &not_moved, &client_s);
	assert_int_equal(moved->len, 2);
	assert_float_equal(g_array_index(moved, double, 0), 30.0, 1e-9);
	assert_float_equal(g_array_index(moved, double, 1), 90.0, 1e-9);
	assert_int_equal(last->len, 0);
	g_array_unref(moved);
	g_array_unref(last);
	/* pooled: 60 s (first failure) and 30 s, 90 s (second) */
	samples(r, -1, &moved, &last, &not_moved, &client_s);
	assert_int_equal(moved->len, 3);
	assert_float_equal(client_s, 180.0, 1e-9);
	g_array_unref(moved);
	g_array_unref(last);
	recovery_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_failure),
		cmocka_unit_test(test_each_failure_followed),
	};
	return cmocka_run_group_tests_name("recovery", tests, NULL, NULL);
}
