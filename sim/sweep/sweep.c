#include "sim/sweep/sweep.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "authoritative/route53/pricing.h"
#include "plots/plot.h"
#include "sim/metrics.h"
#include "sim/rng.h"
#include "sim/scenario/parser.h"
#include "sim/scenario/value.h"
#include "sim/util.h"
#include "sim/world/world.h"

struct sweep_results {
	char *title;
	char *digest;
	guint points;
	guint replicas;
	uint64_t *point_seeds; /* per point: the seed its scenario states (after --set, --seed) */
	uint64_t *seeds;       /* per run: point * replicas + replica */
	GHashTable **values;   /* per run: metric name -> double *; NULL until it ran */
};

/* The columns of sweep.csv after the run's identity, in order. requests.failed (total - ok)
 * and cost.queries (every price class) are derived in the parent; expect.failed is the number
 * of the scenario's expect lines that failed in the run. */
static const char *const metric_names[] = {
	"recovery.p50",
	"recovery.p95",
	"recovery.p99",
	"recovery.clients",
	"recovery.not-moved",
	"recovery.failed-requests",
	"requests.total",
	"requests.success",
	"requests.failed",
	"cost.queries",
	"cost.queries.standard",
	"cost.queries.latency",
	"cost.queries.geo",
	"cost.queries.ip-based",
	"cost.queries.alias-free",
	"cost.scenario_usd",
	"cost.month.queries_usd",
	"cost.month_usd",
	"expect.failed",
	NULL,
};

const char *const *sweep_metric_names(void)
{
	return metric_names;
}

/* --- axes and the grid --------------------------------------------------------------------- */

struct sweep_axis *sweep_axis_parse(const char *spec, int index, GError **error)
{
	const char *eq = strchr(spec, '=');
	if (eq == NULL || eq == spec) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--vary:%d:1: error: bad --vary '%s'; expected KEY=V1,V2,..., e.g. "
			    "--vary record.www.example.com/A.ttl=10s,60s,300s",
			    index, spec);
		return NULL;
	}
	if (eq[1] == '\0') {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--vary:%d:%d: error: empty value in '%s'; expected KEY=V1,V2,... with "
			    "no empty item",
			    index, (int)g_utf8_strlen(spec, -1) + 1, spec);
		return NULL;
	}
	struct sweep_axis *axis = g_new0(struct sweep_axis, 1);
	axis->spec = g_strdup(spec);
	axis->index = index;
	axis->key = g_strndup(spec, (gsize)(eq - spec));
	axis->values = g_strsplit(eq + 1, ",", -1);
	axis->n_values = g_strv_length(axis->values);
	axis->value_cols = g_new0(int, MAX(axis->n_values, 1u));
	int col = (int)(eq - spec) + 2;
	for (guint i = 0; i < axis->n_values; i++) {
		axis->value_cols[i] = col;
		const char *v = axis->values[i];
		if (v[0] == '\0') {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--vary:%d:%d: error: empty value in '%s'; expected "
				    "KEY=V1,V2,... with no empty item",
				    index, col, spec);
			sweep_axis_free(axis);
			return NULL;
		}
		for (guint k = 0; k < i; k++) {
			if (strcmp(axis->values[k], v) == 0) {
				g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
					    "--vary:%d:%d: error: value '%s' of '%s' is given "
					    "twice; expected each value once",
					    index, col, v, axis->key);
				sweep_axis_free(axis);
				return NULL;
			}
		}
		col += (int)g_utf8_strlen(v, -1) + 1;
	}
	return axis;
}

void sweep_axis_free(struct sweep_axis *axis)
{
	if (axis == NULL) {
		return;
	}
	g_free(axis->spec);
	g_free(axis->key);
	g_strfreev(axis->values);
	g_free(axis->value_cols);
	g_free(axis);
}

guint sweep_grid_size(const GPtrArray *axes)
{
	guint n = 1;
	for (guint a = 0; a < axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(axes, a);
		n *= axis->n_values;
	}
	return n;
}

void sweep_grid_point(const GPtrArray *axes, guint point, guint *value_index)
{
	SIM_ASSERT(point < sweep_grid_size(axes));
	for (guint a = 0; a < axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(axes, a);
		value_index[a] = point % axis->n_values;
		point /= axis->n_values;
	}
}

char **sweep_point_overrides(const GPtrArray *axes, const char *const *sets, guint point)
{
	guint n_sets = sets != NULL ? g_strv_length((char **)sets) : 0;
	char **out = g_new0(char *, n_sets + axes->len + 1);
	for (guint i = 0; i < n_sets; i++) {
		out[i] = g_strdup(sets[i]);
	}
	guint *idx = g_new0(guint, MAX(axes->len, 1u));
	sweep_grid_point(axes, point, idx);
	for (guint a = 0; a < axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(axes, a);
		out[n_sets + a] = g_strdup_printf("%s=%s", axis->key, axis->values[idx[a]]);
	}
	g_free(idx);
	return out;
}

uint64_t sweep_replica_seed(uint64_t base, guint replica)
{
	if (replica == 0) {
		return base;
	}
	char purpose[32];
	g_snprintf(purpose, sizeof(purpose), "replica-%u", replica + 1);
	struct sim_rng rng;
	sim_rng_init(&rng, base, "sweep", purpose);
	return sim_rng_u64(&rng) >> 1;
}

/* --- preparing: every point loads ------------------------------------------------------------ */

static sweep_results *results_new(guint points, guint replicas)
{
	sweep_results *res = g_new0(sweep_results, 1);
	res->points = points;
	res->replicas = replicas;
	res->point_seeds = g_new0(uint64_t, points);
	res->seeds = g_new0(uint64_t, (gsize)points * replicas);
	res->values = g_new0(GHashTable *, (gsize)points * replicas);
	return res;
}

void sweep_results_free(sweep_results *res)
{
	if (res == NULL) {
		return;
	}
	for (guint i = 0; i < res->points * res->replicas; i++) {
		if (res->values[i] != NULL) {
			g_hash_table_unref(res->values[i]);
		}
	}
	g_free(res->values);
	g_free(res->seeds);
	g_free(res->point_seeds);
	g_free(res->title);
	g_free(res->digest);
	g_free(res);
}

const char *sweep_results_title(const sweep_results *res)
{
	return res->title;
}

guint sweep_run_count(const sweep_results *res)
{
	return res->points * res->replicas;
}

/*
 * One error of a point's load, as the user should read it: an error on an axis's override
 * (the --set entries after the user's own) is moved to the --vary option and the column of the
 * value in its text; every other error is printed as scenario_diags_print does.
 */
static char *diag_line(const struct scenario_diag *d, const struct sweep_plan *plan, guint n_sets,
		       const guint *idx)
{
	const char *file = d->loc.file != NULL ? d->loc.file : "dnssim";
	if (d->loc.line <= 0) {
		return g_strdup_printf("%s: error: %s\n", file, d->message);
	}
	if (strcmp(file, "--set") == 0 && (guint)d->loc.line > n_sets) {
		guint a = (guint)d->loc.line - n_sets - 1;
		SIM_ASSERT(a < plan->axes->len);
		const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
		int key_cols = (int)g_utf8_strlen(axis->key, -1) + 1; /* KEY= */
		int col = d->loc.col;
		if (col > key_cols) {
			col = axis->value_cols[idx[a]] + (col - key_cols - 1);
		}
		return g_strdup_printf("--vary:%d:%d: error: %s\n", axis->index, col, d->message);
	}
	return g_strdup_printf("%s:%d:%d: error: %s\n", file, d->loc.line, d->loc.col, d->message);
}

sweep_results *sweep_prepare(const struct sweep_plan *plan, GString *errors)
{
	SIM_ASSERT(plan->replicas >= 1);
	guint points = sweep_grid_size(plan->axes);
	guint n_sets = plan->sets != NULL ? g_strv_length((char **)plan->sets) : 0;
	sweep_results *res = results_new(points, plan->replicas);
	/* the same error for every point (a bad key) is reported once */
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guint n_errors = 0;
	guint *idx = g_new0(guint, MAX(plan->axes->len, 1u));
	for (guint p = 0; p < points; p++) {
		g_auto(GStrv) overrides = sweep_point_overrides(plan->axes, plan->sets, p);
		g_autoptr(scenario_diags) diags = scenario_diags_new();
		struct scenario *sc =
		    scenario_load(plan->path, (const char *const *)overrides, plan->seed, diags);
		if (sc == NULL) {
			sweep_grid_point(plan->axes, p, idx);
			for (guint i = 0; i < scenario_diags_count(diags); i++) {
				char *line =
				    diag_line(scenario_diags_get(diags, i), plan, n_sets, idx);
				if (g_hash_table_add(seen, line)) {
					g_string_append(errors, line);
					n_errors++;
				}
			}
			continue;
		}
		res->point_seeds[p] = sc->seed;
		for (guint r = 0; r < plan->replicas; r++) {
			res->seeds[p * plan->replicas + r] = sweep_replica_seed(sc->seed, r);
		}
		if (res->title == NULL) {
			res->title = g_strdup(sc->title);
			res->digest = g_strdup(sc->digest);
		}
		scenario_free(sc);
	}
	g_free(idx);
	if (n_errors > 0) {
		g_string_append_printf(errors, "%u error%s\n", n_errors, n_errors == 1 ? "" : "s");
		sweep_results_free(res);
		return NULL;
	}
	return res;
}

/* --- running ---------------------------------------------------------------------------------- */

static char *run_file(const char *work_dir, guint run)
{
	char name[32];
	g_snprintf(name, sizeof(name), "run-%u.txt", run);
	return g_build_filename(work_dir, name, NULL);
}

/* The worker: run one point with one seed, write every metric as "NAME<TAB>VALUE" (%.17g keeps
 * the double exact) and leave with _exit, so nothing of the parent's (atexit handlers, stdio
 * buffers) runs twice. */
G_GNUC_NORETURN static void run_child(const sweep_results *res, const struct sweep_plan *plan,
				      guint run, const char *path)
{
	guint point = run / res->replicas;
	uint64_t seed = res->seeds[run];
	char **overrides = sweep_point_overrides(plan->axes, plan->sets, point);
	scenario_diags *diags = scenario_diags_new();
	struct scenario *sc =
	    scenario_load(plan->path, (const char *const *)overrides, &seed, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
		fflush(stderr);
		_exit(3);
	}
	world *w = world_new(sc);
	world_run(w);
	metrics *m = metrics_compute(sc, w);
	GArray *results = NULL;
	guint failed = metrics_expect_eval(m, sc, &results);
	GString *out = g_string_new(NULL);
	const GPtrArray *values = metrics_values(m);
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	for (guint i = 0; i < values->len; i++) {
		const struct metrics_value *v = g_ptr_array_index(values, i);
		g_string_append_printf(out, "%s\t%s\n", v->name,
				       g_ascii_formatd(buf, sizeof(buf), "%.17g", v->value));
	}
	g_string_append_printf(out, "expect.failed\t%u\n", failed);
	GError *err = NULL;
	if (!g_file_set_contents(path, out->str, (gssize)out->len, &err)) {
		fprintf(stderr, "dnssim sweep: %s\n", err->message);
		fflush(stderr);
		_exit(4);
	}
	_exit(0);
}

static gboolean read_run(sweep_results *res, guint run, const char *path, GError **error)
{
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, error)) {
		return FALSE;
	}
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		char *tab = strchr(lines[i], '\t');
		if (tab == NULL) {
			continue;
		}
		double *v = g_new(double, 1);
		*v = g_ascii_strtod(tab + 1, NULL);
		g_hash_table_insert(t, g_strndup(lines[i], (gsize)(tab - lines[i])), v);
	}
	/* derived: failed requests, and the queries of every price class */
	const double *total = g_hash_table_lookup(t, "requests.total");
	if (total != NULL) {
		const double *ok = g_hash_table_lookup(t, "requests.ok");
		double *v = g_new(double, 1);
		*v = *total - (ok != NULL ? *ok : 0);
		g_hash_table_insert(t, g_strdup("requests.failed"), v);
	}
	double queries = 0;
	bool any = false;
	for (int c = 0; c < AUTH_R53_PRICE_COUNT; c++) {
		g_autofree char *name =
		    g_strdup_printf("cost.queries.%s", auth_r53_price_name((enum auth_r53_price)c));
		const double *q = g_hash_table_lookup(t, name);
		if (q != NULL) {
			queries += *q;
			any = true;
		}
	}
	if (any) {
		double *v = g_new(double, 1);
		*v = queries;
		g_hash_table_insert(t, g_strdup("cost.queries"), v);
	}
	res->values[run] = t;
	return TRUE;
}

/* A run's name for messages: "point 3 (KEY=V, ...) replica 2 seed S". */
static char *run_name(const sweep_results *res, const struct sweep_plan *plan, guint run)
{
	guint point = run / res->replicas;
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "point %u (", point + 1);
	guint *idx = g_new0(guint, MAX(plan->axes->len, 1u));
	sweep_grid_point(plan->axes, point, idx);
	for (guint a = 0; a < plan->axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
		g_string_append_printf(s, "%s%s=%s", a ? " " : "", axis->key, axis->values[idx[a]]);
	}
	g_free(idx);
	g_string_append_printf(s, ") replica %u seed %" G_GUINT64_FORMAT, run % res->replicas + 1,
			       res->seeds[run]);
	return g_string_free(s, FALSE);
}

gboolean sweep_run(sweep_results *res, const struct sweep_plan *plan, guint jobs,
		   const char *work_dir, void (*progress)(guint done, guint total, void *data),
		   void *progress_data, GError **error)
{
	guint total = sweep_run_count(res);
	jobs = CLAMP(jobs, 1u, MAX(total, 1u));
	pid_t *pids = g_new0(pid_t, jobs);
	guint *slot_run = g_new0(guint, jobs);
	guint next = 0;
	guint running = 0;
	guint done = 0;
	gboolean ok = TRUE;
	while (running > 0 || (ok && next < total)) {
		while (ok && running < jobs && next < total) {
			guint slot = 0;
			while (pids[slot] != 0) {
				slot++;
			}
			g_autofree char *path = run_file(work_dir, next);
			fflush(NULL);
			pid_t pid = fork();
			if (pid < 0) {
				g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FORK,
					    "cannot start a worker: %s", g_strerror(errno));
				ok = FALSE;
				break;
			}
			if (pid == 0) {
				run_child(res, plan, next, path);
			}
			pids[slot] = pid;
			slot_run[slot] = next;
			next++;
			running++;
		}
		if (running == 0) {
			break;
		}
		int status = 0;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR) {
				continue;
			}
			SIM_ASSERT(errno != ECHILD); /* running > 0: a child of ours is out there */
			g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
				    "waiting for a worker: %s", g_strerror(errno));
			ok = FALSE;
			break;
		}
		guint slot = 0;
		while (slot < jobs && pids[slot] != pid) {
			slot++;
		}
		if (slot == jobs) {
			continue; /* not one of ours */
		}
		pids[slot] = 0;
		running--;
		guint run = slot_run[slot];
		if (!ok) {
			continue; /* already failing: only reap the rest */
		}
		g_autofree char *path = run_file(work_dir, run);
		g_autoptr(GError) rerr = NULL;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		    !read_run(res, run, path, &rerr)) {
			g_autofree char *name = run_name(res, plan, run);
			g_autofree char *why =
			    WIFSIGNALED(status)
				? g_strdup_printf("killed by signal %d", WTERMSIG(status))
			    : WIFEXITED(status) && WEXITSTATUS(status) != 0
				? g_strdup_printf("exit status %d", WEXITSTATUS(status))
				: g_strdup(rerr != NULL ? rerr->message : "no result");
			g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
				    "the run of %s failed: %s", name, why);
			ok = FALSE;
			continue;
		}
		g_unlink(path);
		done++;
		if (progress != NULL) {
			progress(done, total, progress_data);
		}
	}
	g_free(pids);
	g_free(slot_run);
	return ok;
}

double sweep_result_get(const sweep_results *res, guint point, guint replica, const char *name)
{
	SIM_ASSERT(point < res->points && replica < res->replicas);
	GHashTable *t = res->values[point * res->replicas + replica];
	const double *v = t != NULL ? g_hash_table_lookup(t, name) : NULL;
	return v != NULL ? *v : NAN;
}

gboolean sweep_point_stats(const sweep_results *res, guint point, const char *name, double *mean,
			   double *min, double *max)
{
	double sum = 0;
	guint n = 0;
	*min = INFINITY;
	*max = -INFINITY;
	for (guint r = 0; r < res->replicas; r++) {
		double v = sweep_result_get(res, point, r, name);
		if (isnan(v)) {
			continue;
		}
		sum += v;
		n++;
		*min = MIN(*min, v);
		*max = MAX(*max, v);
	}
	*mean = n > 0 ? sum / n : NAN;
	return n > 0;
}

/* --- files ---------------------------------------------------------------------------------- */

static void append_number(GString *out, double v)
{
	if (isnan(v)) {
		return; /* an empty field: no value */
	}
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.10g", v));
}

/* How the first axis's values are placed on the figures' x axis. */
enum x_kind { X_SECONDS, X_NUMBER, X_RATIO, X_PER_SECOND, X_INDEX };

static bool value_as(enum x_kind kind, const char *text, double *out)
{
	const char *why = NULL;
	int64_t ns = 0;
	switch (kind) {
	case X_SECONDS:
		if (scenario_parse_duration(text, &ns, &why)) {
			*out = (double)ns / 1e9;
			return true;
		}
		return false;
	case X_NUMBER:
		return scenario_parse_real(text, out, &why);
	case X_RATIO:
		return scenario_parse_ratio(text, out, &why);
	case X_PER_SECOND:
		return scenario_parse_rate(text, out, &why);
	case X_INDEX:
		break;
	}
	return false;
}

/* The first kind every value of the axis reads as, or X_INDEX (x = 1, 2, ... in order). */
static enum x_kind axis_x_kind(const struct sweep_axis *axis)
{
	static const enum x_kind kinds[] = { X_SECONDS, X_NUMBER, X_RATIO, X_PER_SECOND };
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		guint i = 0;
		double v;
		while (i < axis->n_values && value_as(kinds[k], axis->values[i], &v)) {
			i++;
		}
		if (i == axis->n_values) {
			return kinds[k];
		}
	}
	return X_INDEX;
}

static double axis_x(const struct sweep_axis *axis, enum x_kind kind, guint i)
{
	double v = (double)(i + 1);
	if (kind != X_INDEX) {
		SIM_ASSERT(value_as(kind, axis->values[i], &v));
	}
	return v;
}

/* A log x axis when every value is positive and they span at least a factor 100 (a TTL from
 * 10 s to 1 d spans 8640). */
static bool axis_x_log(const struct sweep_axis *axis, enum x_kind kind)
{
	if (kind == X_INDEX) {
		return false;
	}
	double lo = INFINITY;
	double hi = -INFINITY;
	for (guint i = 0; i < axis->n_values; i++) {
		double v = axis_x(axis, kind, i);
		lo = MIN(lo, v);
		hi = MAX(hi, v);
	}
	return lo > 0 && hi >= 100 * lo;
}

static void header(GString *out, const sweep_results *res, const struct sweep_plan *plan)
{
	g_string_append_printf(out,
			       "# dnssim %s sweep digest=sha256:%s points=%u replicas=%u "
			       "scenario=",
			       DNSSIM_VERSION, res->digest, res->points, res->replicas);
	/* the title on one line */
	for (const char *c = res->title; *c != '\0'; c++) {
		g_string_append_c(out, *c == '\n' || *c == '\r' ? ' ' : *c);
	}
	g_string_append_c(out, '\n');
	for (guint a = 0; a < plan->axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
		g_string_append_printf(out, "# vary %s\n", axis->spec);
	}
	for (guint i = 0; plan->sets != NULL && plan->sets[i] != NULL; i++) {
		g_string_append_printf(out, "# set %s\n", plan->sets[i]);
	}
}

static GString *runs_csv(const sweep_results *res, const struct sweep_plan *plan)
{
	GString *out = g_string_new(NULL);
	header(out, res, plan);
	g_string_append(out, "point,replica,seed");
	for (guint a = 0; a < plan->axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
		g_string_append_printf(out, ",%s", axis->key);
	}
	for (guint k = 0; metric_names[k] != NULL; k++) {
		g_string_append_printf(out, ",%s", metric_names[k]);
	}
	g_string_append_c(out, '\n');
	guint *idx = g_new0(guint, MAX(plan->axes->len, 1u));
	for (guint p = 0; p < res->points; p++) {
		sweep_grid_point(plan->axes, p, idx);
		for (guint r = 0; r < res->replicas; r++) {
			g_string_append_printf(out, "%u,%u,%" G_GUINT64_FORMAT, p + 1, r + 1,
					       res->seeds[p * res->replicas + r]);
			for (guint a = 0; a < plan->axes->len; a++) {
				const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
				g_string_append_printf(out, ",%s", axis->values[idx[a]]);
			}
			for (guint k = 0; metric_names[k] != NULL; k++) {
				g_string_append_c(out, ',');
				append_number(out, sweep_result_get(res, p, r, metric_names[k]));
			}
			g_string_append_c(out, '\n');
		}
	}
	g_free(idx);
	return out;
}

static const char *const x_units[] = {
	[X_SECONDS] = "s",   [X_NUMBER] = "number",
	[X_RATIO] = "ratio", [X_PER_SECOND] = "per-second",
	[X_INDEX] = "index",
};

static GString *points_csv(const sweep_results *res, const struct sweep_plan *plan)
{
	GString *out = g_string_new(NULL);
	header(out, res, plan);
	const struct sweep_axis *first = g_ptr_array_index(plan->axes, 0);
	enum x_kind kind = axis_x_kind(first);
	const char *scale = axis_x_log(first, kind) ? "log" : "linear";
	g_string_append(out, "point,series,series_label,x_key,x_unit,x_scale,x,label");
	for (guint a = 0; a < plan->axes->len; a++) {
		const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
		g_string_append_printf(out, ",%s", axis->key);
	}
	g_string_append(out, ",replicas");
	for (guint k = 0; metric_names[k] != NULL; k++) {
		g_string_append_printf(out, ",%s.mean,%s.min,%s.max", metric_names[k],
				       metric_names[k], metric_names[k]);
	}
	g_string_append_c(out, '\n');
	guint *idx = g_new0(guint, MAX(plan->axes->len, 1u));
	for (guint p = 0; p < res->points; p++) {
		sweep_grid_point(plan->axes, p, idx);
		/* the series: the values of every axis but the first */
		guint series = p / first->n_values;
		GString *label = g_string_new(NULL);
		for (guint a = 1; a < plan->axes->len; a++) {
			const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
			g_string_append_printf(label, "%s%s=%s", a > 1 ? " " : "", axis->key,
					       axis->values[idx[a]]);
		}
		g_string_append_printf(out, "%u,%u,%s,%s,%s,%s,", p + 1, series + 1,
				       label->len ? label->str : "all", first->key, x_units[kind],
				       scale);
		g_string_free(label, TRUE);
		append_number(out, axis_x(first, kind, idx[0]));
		g_string_append_printf(out, ",%s", first->values[idx[0]]);
		for (guint a = 0; a < plan->axes->len; a++) {
			const struct sweep_axis *axis = g_ptr_array_index(plan->axes, a);
			g_string_append_printf(out, ",%s", axis->values[idx[a]]);
		}
		g_string_append_printf(out, ",%u", res->replicas);
		for (guint k = 0; metric_names[k] != NULL; k++) {
			double mean = NAN;
			double min = NAN;
			double max = NAN;
			if (!sweep_point_stats(res, p, metric_names[k], &mean, &min, &max)) {
				min = max = NAN;
			}
			g_string_append_c(out, ',');
			append_number(out, mean);
			g_string_append_c(out, ',');
			append_number(out, min);
			g_string_append_c(out, ',');
			append_number(out, max);
		}
		g_string_append_c(out, '\n');
	}
	g_free(idx);
	return out;
}

gboolean sweep_write(const sweep_results *res, const struct sweep_plan *plan, const char *dir,
		     GError **error)
{
	SIM_ASSERT(plan->axes->len > 0);
	GString *files[2] = { runs_csv(res, plan), points_csv(res, plan) };
	static const char *const names[2] = { "sweep.csv", "sweep-points.csv" };
	gboolean ok = TRUE;
	for (int i = 0; i < 2; i++) {
		if (ok) {
			g_autofree char *path = g_build_filename(dir, names[i], NULL);
			ok = g_file_set_contents(path, files[i]->str, (gssize)files[i]->len, error);
		}
		g_string_free(files[i], TRUE);
	}
	return ok;
}

gboolean sweep_draw(const sweep_results *res, const struct sweep_plan *plan, const char *dir,
		    GError **error)
{
	const struct sweep_axis *first = g_ptr_array_index(plan->axes, 0);
	g_autofree char *data = g_build_filename(dir, "sweep-points.csv", NULL);
	static const struct {
		const char *script;
		const char *file;
		const char *what;
	} figures[] = {
		{ "sweep-recovery.gp", "sweep-recovery", "recovery time against" },
		{ "sweep-cost.gp", "sweep-cost", "Route 53 cost per month against" },
		{ "sweep-tradeoff.gp", "sweep-tradeoff",
		  "recovery p95 against cost per month, by" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(figures); i++) {
		g_autofree char *fig = g_build_filename(dir, figures[i].file, NULL);
		g_autofree char *title =
		    g_strdup_printf("%s: %s %s", res->title, figures[i].what, first->key);
		if (!plot_draw(figures[i].script, data, fig, title, error)) {
			return FALSE;
		}
	}
	return TRUE;
}
