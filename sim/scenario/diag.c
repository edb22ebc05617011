#include "sim/scenario/diag.h"

#include <string.h>

struct scenario_diags {
	guint refs;
	GArray *items;	     /* struct scenario_diag */
	GPtrArray *files;    /* interned file names, in order of first interning */
	GHashTable *by_name; /* name -> index + 1 */
};

scenario_diags *scenario_diags_new(void)
{
	scenario_diags *diags = g_new0(scenario_diags, 1);
	diags->refs = 1;
	diags->items = g_array_new(FALSE, FALSE, sizeof(struct scenario_diag));
	diags->files = g_ptr_array_new_with_free_func(g_free);
	diags->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	return diags;
}

scenario_diags *scenario_diags_ref(scenario_diags *diags)
{
	diags->refs++;
	return diags;
}

void scenario_diags_free(scenario_diags *diags)
{
	if (diags == NULL || --diags->refs > 0) {
		return;
	}
	for (guint i = 0; i < diags->items->len; i++) {
		g_free(g_array_index(diags->items, struct scenario_diag, i).message);
	}
	g_array_free(diags->items, TRUE);
	g_hash_table_destroy(diags->by_name);
	g_ptr_array_free(diags->files, TRUE);
	g_free(diags);
}

const char *scenario_diags_intern(scenario_diags *diags, const char *file)
{
	gpointer idx = g_hash_table_lookup(diags->by_name, file);
	if (idx != NULL) {
		return g_ptr_array_index(diags->files, GPOINTER_TO_UINT(idx) - 1);
	}
	char *copy = g_strdup(file);
	g_ptr_array_add(diags->files, copy);
	g_hash_table_insert(diags->by_name, copy, GUINT_TO_POINTER(diags->files->len));
	return copy;
}

void scenario_diag_verror(scenario_diags *diags, struct scenario_loc loc, const char *fmt,
			  va_list ap)
{
	struct scenario_diag d = { .loc = loc, .message = g_strdup_vprintf(fmt, ap) };
	if (loc.file != NULL) {
		d.loc.file = scenario_diags_intern(diags, loc.file);
	}
	g_array_append_val(diags->items, d);
}

void scenario_diag_error(scenario_diags *diags, struct scenario_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	scenario_diag_verror(diags, loc, fmt, ap);
	va_end(ap);
}

guint scenario_diags_count(const scenario_diags *diags)
{
	return diags->items->len;
}

const struct scenario_diag *scenario_diags_get(const scenario_diags *diags, guint i)
{
	return &g_array_index(diags->items, struct scenario_diag, i);
}

static guint file_rank(const scenario_diags *diags, const char *file)
{
	if (file == NULL) {
		return 0;
	}
	return GPOINTER_TO_UINT(g_hash_table_lookup(diags->by_name, file));
}

struct ranked {
	struct scenario_diag d;
	guint file_rank;
	guint order;
};

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa;
	const struct ranked *b = pb;
	if (a->file_rank != b->file_rank) {
		return a->file_rank < b->file_rank ? -1 : 1;
	}
	if (a->d.loc.line != b->d.loc.line) {
		return a->d.loc.line < b->d.loc.line ? -1 : 1;
	}
	if (a->d.loc.col != b->d.loc.col) {
		return a->d.loc.col < b->d.loc.col ? -1 : 1;
	}
	return a->order < b->order ? -1 : (a->order > b->order);
}

void scenario_diags_sort(scenario_diags *diags)
{
	guint n = diags->items->len;
	struct ranked *r = g_new(struct ranked, n);
	for (guint i = 0; i < n; i++) {
		r[i].d = g_array_index(diags->items, struct scenario_diag, i);
		r[i].file_rank = file_rank(diags, r[i].d.loc.file);
		r[i].order = i;
	}
	qsort(r, n, sizeof(*r), ranked_cmp);
	for (guint i = 0; i < n; i++) {
		g_array_index(diags->items, struct scenario_diag, i) = r[i].d;
	}
	g_free(r);
}

void scenario_diags_print(const scenario_diags *diags, FILE *out)
{
	for (guint i = 0; i < diags->items->len; i++) {
		const struct scenario_diag *d = scenario_diags_get(diags, i);
		const char *file = d->loc.file != NULL ? d->loc.file : "dnssim";
		if (d->loc.line > 0) {
			fprintf(out, "%s:%d:%d: error: %s\n", file, d->loc.line, d->loc.col,
				d->message);
		} else {
			fprintf(out, "%s: error: %s\n", file, d->message);
		}
	}
	if (diags->items->len > 0) {
		fprintf(out, "%u error%s\n", diags->items->len, diags->items->len == 1 ? "" : "s");
	}
}

/* Optimal string alignment distance: Levenshtein plus adjacent transpositions ("dwon" is one
 * edit from "down"), the typos people make most. */
guint scenario_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a);
	size_t lb = strlen(b);
	size_t w = lb + 1;
	guint *d = g_new(guint, (la + 1) * w);
	for (size_t i = 0; i <= la; i++) {
		d[i * w] = (guint)i;
	}
	for (size_t j = 0; j <= lb; j++) {
		d[j] = (guint)j;
	}
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
			guint best = d[(i - 1) * w + j - 1] + cost;
			best = MIN(best, d[(i - 1) * w + j] + 1);
			best = MIN(best, d[i * w + j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
				best = MIN(best, d[(i - 2) * w + j - 2] + 1);
			}
			d[i * w + j] = best;
		}
	}
	guint result = d[la * w + lb];
	g_free(d);
	return result;
}

const char *scenario_suggest(const char *word, const char *const *candidates)
{
	size_t len = strlen(word);
	guint limit = len / 3 > 1 ? (guint)(len / 3) : 1;
	const char *best = NULL;
	guint best_d = limit + 1;
	for (size_t i = 0; candidates != NULL && candidates[i] != NULL; i++) {
		guint d = scenario_edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}
