#include "sim/world/recovery.h"

#include "sim/util.h"

#define NONE UINT32_MAX /* no such request (yet) */

/* One client during one failure: both in one 8-byte record, so that a request costs one
 * random memory access, not two. */
struct mark {
	uint32_t first_new; /* ms after the start of its first request elsewhere, NONE = not yet */
	uint32_t last_old;  /* ms after the start of its last request to the failed target, NONE */
};

struct followed {
	struct recovery_failure info;
	int backend;
	struct mark **marks; /* per population: one per client, in block */
	struct mark *block;  /* every population's marks (sim_large_alloc0) */
	size_t block_bytes;
	GArray *asked; /* per population: uint64_t clients seen asking */
};

struct recovery {
	guint n_pops;
	uint64_t *sizes;
	GPtrArray *failures; /* struct followed * */
	GPtrArray *active;   /* struct followed *, borrowed: those still followed */
};

static void followed_free(gpointer p)
{
	struct followed *f = p;
	sim_large_free(f->block, f->block_bytes);
	g_free(f->marks);
	g_free(f);
}

recovery *recovery_new(guint n_pops, const uint64_t *sizes)
{
	recovery *r = g_new0(recovery, 1);
	r->n_pops = n_pops;
	r->sizes = g_new0(uint64_t, MAX(n_pops, 1u));
	for (guint p = 0; p < n_pops; p++) {
		r->sizes[p] = sizes[p];
	}
	r->failures = g_ptr_array_new_with_free_func(followed_free);
	r->active = g_ptr_array_new();
	return r;
}

void recovery_free(recovery *r)
{
	if (r == NULL) {
		return;
	}
	g_ptr_array_free(r->active, TRUE);
	g_ptr_array_free(r->failures, TRUE);
	g_free(r->sizes);
	g_free(r);
}

static struct followed *active_of(const recovery *r, int backend)
{
	for (guint i = 0; i < r->active->len; i++) {
		struct followed *f = g_ptr_array_index(r->active, i);
		if (f->backend == backend) {
			return f;
		}
	}
	return NULL;
}

void recovery_failure_start(recovery *r, int backend, const char *name, int64_t now_ns)
{
	if (active_of(r, backend) != NULL) {
		return;
	}
	struct followed *f = g_new0(struct followed, 1);
	f->backend = backend;
	f->info.backend = name;
	f->info.start_ns = now_ns;
	f->info.end_ns = INT64_MAX;
	f->marks = g_new0(struct mark *, MAX(r->n_pops, 1u));
	uint64_t total = 0;
	for (guint p = 0; p < r->n_pops; p++) {
		total += r->sizes[p];
	}
	/* touched at random by every request: one block, on huge pages where the kernel gives
	 * them */
	f->block_bytes = (size_t)total * sizeof(struct mark);
	f->block = sim_large_alloc0(f->block_bytes);
	for (uint64_t i = 0; i < total; i++) {
		f->block[i] = (struct mark){ NONE, NONE };
	}
	uint64_t at = 0;
	for (guint p = 0; p < r->n_pops; at += r->sizes[p], p++) {
		f->marks[p] = f->block + at;
	}
	g_ptr_array_add(r->failures, f);
	g_ptr_array_add(r->active, f);
}

void recovery_failure_end(recovery *r, int backend, int64_t now_ns)
{
	struct followed *f = active_of(r, backend);
	if (f != NULL) {
		f->info.end_ns = now_ns;
		g_ptr_array_remove(r->active, f);
	}
}

/* Milliseconds from the failure's start, saturated below NONE. */
static uint32_t offset_ms(const struct followed *f, int64_t at_ns)
{
	int64_t ms = (at_ns - f->info.start_ns) / SIM_NS_PER_MS;
	return ms < 0 ? 0 : ms >= (int64_t)NONE ? NONE - 1 : (uint32_t)ms;
}

void recovery_observe(recovery *r, guint population, uint64_t client,
		      const struct clients_request *req, int64_t now_ns)
{
	if (population >= r->n_pops || client >= r->sizes[population]) {
		return;
	}
	for (guint i = 0; i < r->active->len; i++) {
		struct followed *f = g_ptr_array_index(r->active, i);
		struct mark *m = &f->marks[population][client];
		bool old = req->first_backend == f->backend || req->backend == f->backend;
		if (req->outcome != CLIENTS_OK) {
			f->info.failed_requests++;
		}
		if (old) {
			/* the request went there: when it was made */
			m->last_old = offset_ms(f, MAX(req->started_ns, f->info.start_ns));
		}
		if (req->outcome == CLIENTS_OK && req->backend != f->backend &&
		    m->first_new == NONE) {
			m->first_new = offset_ms(f, now_ns);
		}
	}
}

guint recovery_failure_count(const recovery *r)
{
	return r->failures->len;
}

const struct recovery_failure *recovery_failure_get(const recovery *r, guint failure)
{
	return &((const struct followed *)g_ptr_array_index(r->failures, failure))->info;
}

static void add_samples(const recovery *r, const struct followed *f, guint p, int64_t until_ns,
			GArray *moved, GArray *last_old, uint64_t *not_moved,
			double *client_seconds)
{
	const struct mark *m = f->marks[p];
	int64_t end = MIN(f->info.end_ns, until_ns);
	double open_s = (double)(end - f->info.start_ns) / 1e9;
	for (uint64_t i = 0; i < r->sizes[p]; i++) {
		if (m[i].first_new != NONE) {
			double d = (double)m[i].first_new / 1e3;
			g_array_append_val(moved, d);
			*client_seconds += d;
		} else if (m[i].last_old != NONE) {
			(*not_moved)++; /* asked during the failure, never reached another target */
			*client_seconds += open_s;
		}
		if (m[i].last_old != NONE) {
			double d = (double)m[i].last_old / 1e3;
			g_array_append_val(last_old, d);
		}
	}
}

gboolean recovery_samples(const recovery *r, int failure, int population, int64_t until_ns,
			  GArray *moved, GArray *last_old, uint64_t *not_moved,
			  double *client_seconds)
{
	*not_moved = 0;
	*client_seconds = 0;
	gboolean any = FALSE;
	for (guint k = 0; k < r->failures->len; k++) {
		if (failure >= 0 && (guint)failure != k) {
			continue;
		}
		const struct followed *f = g_ptr_array_index(r->failures, k);
		any = TRUE;
		for (guint p = 0; p < r->n_pops; p++) {
			if (population < 0 || (guint)population == p) {
				add_samples(r, f, p, until_ns, moved, last_old, not_moved,
					    client_seconds);
			}
		}
	}
	return any;
}

void recovery_prefetch(const recovery *r, guint population, uint64_t client)
{
	if (population >= r->n_pops) {
		return;
	}
	for (guint i = 0; i < r->active->len; i++) {
		const struct followed *f = g_ptr_array_index(r->active, i);
		const struct mark *m = f->marks[population];
		__builtin_prefetch(&m[client], 1);
	}
}
