/*
 * Parameter sweeps (sim/sweep/): parsing --vary, the grid's order, the override list of a
 * point, the replica seeds, errors moved to the --vary option, and the sweep that issue 6 asks
 * for: the record TTL of scenarios/route53/ttl-choice.dnssim in {10 s, 30 s, 60 s, 300 s,
 * 3600 s}, 5 replicas on 2 workers, where recovery p95 must rise with the TTL and the cost fall
 * with it. The expected shape and the bounds are derived in that scenario's header comment
 * (recovery ~ detection + TTL + the client's wait; queries ~ one per TTL per resolver), never
 * copied from the program's output.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/rng.h"
#include "sim/sweep/sweep.h"

static GPtrArray *axes_of(const char *const *specs)
{
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	for (int i = 0; specs[i] != NULL; i++) {
		GError *err = NULL;
		struct sweep_axis *a = sweep_axis_parse(specs[i], i + 1, &err);
		assert_non_null(a);
		g_ptr_array_add(axes, a);
	}
	return axes;
}

static void test_axis_parse(void **state)
{
	(void)state;
	GError *err = NULL;
	/* "record.www.x/A.ttl=" is 19 characters: the values start at columns 20, 24 and 28 */
	struct sweep_axis *a = sweep_axis_parse("record.www.x/A.ttl=10s,60s,1h", 2, &err);
	assert_non_null(a);
	assert_string_equal(a->key, "record.www.x/A.ttl");
	assert_int_equal(a->n_values, 3);
	assert_string_equal(a->values[0], "10s");
	assert_string_equal(a->values[1], "60s");
	assert_string_equal(a->values[2], "1h");
	assert_int_equal(a->value_cols[0], 20);
	assert_int_equal(a->value_cols[1], 24);
	assert_int_equal(a->value_cols[2], 28);
	assert_int_equal(a->index, 2);
	sweep_axis_free(a);

	static const struct {
		const char *spec;
		const char *want; /* the start of the message */
	} bad[] = {
		{ "ttl", "--vary:1:1: error: bad --vary 'ttl'" },
		{ "=10s", "--vary:1:1: error: bad --vary '=10s'" },
		{ "duration=", "--vary:1:10: error: empty value" },
		{ "duration=1m,,2m", "--vary:1:13: error: empty value" },
		{ "duration=1m,2m,1m",
		  "--vary:1:16: error: value '1m' of 'duration' is given twice" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		err = NULL;
		assert_null(sweep_axis_parse(bad[i].spec, 1, &err));
		assert_non_null(err);
		if (!g_str_has_prefix(err->message, bad[i].want)) {
			fail_msg("%s: got '%s', want '%s...'", bad[i].spec, err->message,
				 bad[i].want);
		}
		g_error_free(err);
	}
}

static void test_grid(void **state)
{
	(void)state;
	static const char *const specs[] = { "a=1,2,3", "b=x,y", NULL };
	GPtrArray *axes = axes_of(specs);
	assert_int_equal(sweep_grid_size(axes), 6);
	/* the first axis varies fastest */
	static const guint want[6][2] = {
		{ 0, 0 }, { 1, 0 }, { 2, 0 }, { 0, 1 }, { 1, 1 }, { 2, 1 }
	};
	for (guint p = 0; p < 6; p++) {
		guint idx[2];
		sweep_grid_point(axes, p, idx);
		assert_int_equal(idx[0], want[p][0]);
		assert_int_equal(idx[1], want[p][1]);
	}
	/* the --set options first, then one KEY=VALUE per axis in axis order */
	static const char *const sets[] = { "duration=5m", NULL };
	char **o = sweep_point_overrides(axes, sets, 4);
	assert_int_equal(g_strv_length(o), 3);
	assert_string_equal(o[0], "duration=5m");
	assert_string_equal(o[1], "a=2");
	assert_string_equal(o[2], "b=y");
	g_strfreev(o);
	o = sweep_point_overrides(axes, NULL, 2);
	assert_int_equal(g_strv_length(o), 2);
	assert_string_equal(o[0], "a=3");
	assert_string_equal(o[1], "b=x");
	g_strfreev(o);
	g_ptr_array_unref(axes);

	/* no axis: one point; three axes of 2, 3 and 4 values: 24 points, each combination once */
	GPtrArray *none = g_ptr_array_new();
	assert_int_equal(sweep_grid_size(none), 1);
	g_ptr_array_unref(none);
	static const char *const three[] = { "a=1,2", "b=1,2,3", "c=1,2,3,4", NULL };
	axes = axes_of(three);
	assert_int_equal(sweep_grid_size(axes), 24);
	gboolean seen[2][3][4] = { { { FALSE } } };
	for (guint p = 0; p < 24; p++) {
		guint idx[3];
		sweep_grid_point(axes, p, idx);
		assert_false(seen[idx[0]][idx[1]][idx[2]]);
		seen[idx[0]][idx[1]][idx[2]] = TRUE;
	}
	g_ptr_array_unref(axes);
}

static void test_replica_seeds(void **state)
{
	(void)state;
	/* replica 1 runs the point's own seed */
	assert_int_equal(sweep_replica_seed(7, 0), 7);
	assert_int_equal(sweep_replica_seed(0, 0), 0);
	/* replica r + 1 > 1: the first word of the stream (seed, "sweep", "replica-<r+1>"), shifted
	 * right by one bit (docs/sweeps.md; the stream derivation is pinned in test_rng) */
	for (guint r = 1; r < 5; r++) {
		char purpose[32];
		g_snprintf(purpose, sizeof(purpose), "replica-%u", r + 1);
		struct sim_rng rng;
		sim_rng_init(&rng, 7, "sweep", purpose);
		assert_true(sweep_replica_seed(7, r) == sim_rng_u64(&rng) >> 1);
	}
	/* valid seeds (at most 2^63 - 1), all different, and the same on every call */
	GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	static int64_t seeds[200];
	for (guint r = 0; r < 100; r++) {
		for (guint b = 0; b < 2; b++) {
			uint64_t s = sweep_replica_seed(b == 0 ? 11 : 12, r);
			assert_true(s <= (uint64_t)INT64_MAX);
			assert_true(s == sweep_replica_seed(b == 0 ? 11 : 12, r));
			seeds[r * 2 + b] = (int64_t)s;
			assert_true(g_hash_table_add(seen, &seeds[r * 2 + b]));
		}
	}
	g_hash_table_unref(seen);
}

static char *scenario_path(const char *rel)
{
	const char *srcdir = getenv("SRCDIR");
	return g_build_filename(srcdir != NULL ? srcdir : ".", rel, NULL);
}

static char *write_temp(const char *text)
{
	char *path = NULL;
	int fd = g_file_open_tmp("sweep-XXXXXX.dnssim", &path, NULL);
	assert_true(fd >= 0);
	close(fd);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

/* A bad key or value is reported at the --vary option, at the column of the key or the value
 * in its text, with the message --set gives; an error repeated at every point once. */
static void test_prepare_errors(void **state)
{
	(void)state;
	char *path = write_temp("duration 10m\n"
				"backend web address=192.0.2.1\n"
				"at 5m backend web down\n");
	static const struct {
		const char *specs[3];
		const char *want;
	} cases[] = {
		/* backend.web.adress: the key 'adress' starts at column 13 */
		{ { "backend.web.adress=192.0.2.2,192.0.2.3", NULL },
		  "--vary:1:13: error: unknown key 'adress' for 'backend' (did you mean "
		  "'address'?)" },
		/* duration=20m,1x: '1x' is at column 14 of the text */
		{ { "duration=20m,1x", NULL }, "--vary:1:14: error: bad duration '1x'" },
		/* the second option; 2m ends the run before the action at 5m */
		{ { "seed=1,2", "duration=20m,2m", NULL },
		  ":3:4: error: action at 5m is after the end of the run (2m)" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GPtrArray *axes = axes_of(cases[i].specs);
		struct sweep_plan plan = { .path = path, .axes = axes, .replicas = 1 };
		GString *errors = g_string_new(NULL);
		sweep_results *res = sweep_prepare(&plan, errors);
		assert_null(res);
		if (strstr(errors->str, cases[i].want) == NULL) {
			fail_msg("case %zu: got '%s', want '%s'", i, errors->str, cases[i].want);
		}
		/* reported once, however many points share it */
		assert_true(g_str_has_suffix(errors->str, "\n1 error\n"));
		g_string_free(errors, TRUE);
		g_ptr_array_unref(axes);
	}
	g_unlink(path);
	g_free(path);
}

static sweep_results *run_sweep(const char *const *specs, guint replicas, guint jobs,
				GPtrArray **axes_out)
{
	g_autofree char *path = scenario_path("scenarios/route53/ttl-choice.dnssim");
	GPtrArray *axes = axes_of(specs);
	struct sweep_plan plan = { .path = path, .axes = axes, .replicas = replicas };
	GString *errors = g_string_new(NULL);
	sweep_results *res = sweep_prepare(&plan, errors);
	if (res == NULL) {
		fail_msg("%s", errors->str);
	}
	g_string_free(errors, TRUE);
	g_autofree char *work = g_dir_make_tmp("test-sweep-XXXXXX", NULL);
	assert_non_null(work);
	GError *err = NULL;
	if (!sweep_run(res, &plan, jobs, work, NULL, NULL, &err)) {
		fail_msg("%s", err->message);
	}
	assert_int_equal(g_rmdir(work), 0); /* every run's file was read and removed */
	*axes_out = axes;
	return res;
}

/* Issue 6's "must show": recovery p95 rises with the TTL, the cost falls with it. */
static void test_ttl_sweep(void **state)
{
	(void)state;
	static const char *const specs[] = { "record.www.ttl.example/A.ttl=10s,30s,60s,300s,3600s",
					     NULL };
	static const double ttl_s[] = { 10, 30, 60, 300, 3600 };
	GPtrArray *axes = NULL;
	sweep_results *res = run_sweep(specs, 5, 2, &axes);
	assert_int_equal(sweep_run_count(res), 25);

	double p95[5];
	double cost[5];
	double queries[5];
	for (guint p = 0; p < 5; p++) {
		double min;
		double max;
		assert_true(sweep_point_stats(res, p, "recovery.p95", &p95[p], &min, &max));
		assert_true(min <= p95[p] && p95[p] <= max);
		assert_true(sweep_point_stats(res, p, "cost.month_usd", &cost[p], &min, &max));
		assert_true(sweep_point_stats(res, p, "cost.queries", &queries[p], &min, &max));
		/* the mean is the mean of the five runs' values */
		double sum = 0;
		for (guint r = 0; r < 5; r++) {
			sum += sweep_result_get(res, p, r, "recovery.p95");
		}
		assert_true(fabs(sum / 5 - p95[p]) < 1e-9 * p95[p]);
		/* every client moved: the standby serves until the end */
		assert_true(sweep_point_stats(res, p, "recovery.not-moved", &sum, &min, &max));
		assert_true(max == 0);
	}
	for (guint p = 0; p + 1 < 5; p++) {
		if (!(p95[p] < p95[p + 1])) {
			fail_msg("recovery p95 does not rise: %g s at TTL %g s, %g s at %g s",
				 p95[p], ttl_s[p], p95[p + 1], ttl_s[p + 1]);
		}
		if (!(cost[p] > cost[p + 1])) {
			fail_msg("cost does not fall: $%g at TTL %g s, $%g at %g s", cost[p],
				 ttl_s[p], cost[p + 1], ttl_s[p + 1]);
		}
	}
	/* recovery ~ detection (15 s to 25 s) + what is left of the entry (up to the TTL) + the
	 * wait for the next request (p95 30 s): between the TTL and the TTL plus 65 s up to
	 * 300 s; at 3600 s the entries fetched at the populations' starts (0 to 333 s) expire
	 * 3600 s later, the failure is at 607 s */
	for (guint p = 0; p < 4; p++) {
		assert_true(p95[p] >= ttl_s[p] && p95[p] <= ttl_s[p] + 65);
	}
	assert_true(p95[4] >= 3600 - 607 && p95[4] <= 3600 - 607 + 333 + 65);
	/* queries: each resolver k (start 37 k s) asks again at the first query after each
	 * expiry, half a second later on average (its clients ask twice a second), so about
	 * ceil((4200 - 37 k) / (TTL + 0.5)) times; within 3 % */
	for (guint p = 0; p < 5; p++) {
		double want = 0;
		for (int k = 0; k < 10; k++) {
			want += ceil((4200.0 - 37.0 * k) / (ttl_s[p] + 0.5));
		}
		if (fabs(queries[p] - want) > 0.03 * want) {
			fail_msg("TTL %g s: %g queries, want about %g", ttl_s[p], queries[p], want);
		}
	}
	sweep_results_free(res);
	g_ptr_array_unref(axes);
}

/* The results do not depend on the number of workers. */
static void test_jobs_do_not_matter(void **state)
{
	(void)state;
	static const char *const specs[] = { "record.www.ttl.example/A.ttl=30s,300s",
					     "health.web.failure-threshold=1,3", NULL };
	GPtrArray *axes1 = NULL;
	GPtrArray *axes3 = NULL;
	sweep_results *one = run_sweep(specs, 2, 1, &axes1);
	sweep_results *three = run_sweep(specs, 2, 3, &axes3);
	const char *const *names = sweep_metric_names();
	for (guint p = 0; p < 4; p++) {
		for (guint r = 0; r < 2; r++) {
			for (guint k = 0; names[k] != NULL; k++) {
				double a = sweep_result_get(one, p, r, names[k]);
				double b = sweep_result_get(three, p, r, names[k]);
				assert_true((isnan(a) && isnan(b)) || a == b);
			}
		}
	}
	/* a threshold of 3 detects later than 1 (3 intervals instead of 1): slower at both TTLs */
	for (guint p = 0; p < 2; p++) {
		double fast, slow, min, max;
		assert_true(sweep_point_stats(one, p, "recovery.p50", &fast, &min, &max));
		assert_true(sweep_point_stats(one, p + 2, "recovery.p50", &slow, &min, &max));
		assert_true(slow > fast);
	}
	sweep_results_free(one);
	sweep_results_free(three);
	g_ptr_array_unref(axes1);
	g_ptr_array_unref(axes3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_axis_parse),    cmocka_unit_test(test_grid),
		cmocka_unit_test(test_replica_seeds), cmocka_unit_test(test_prepare_errors),
		cmocka_unit_test(test_ttl_sweep),     cmocka_unit_test(test_jobs_do_not_matter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
