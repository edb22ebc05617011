#pragma once
/*
 * Diagnostics for bad input (STYLE.md, errors of the second kind): every problem found in a
 * scenario, its zone files or the command line, each with file, line and column, in the form
 *
 *     FILE:LINE:COL: error: what is wrong; what was expected
 *
 * The parser keeps going after an error where recovery is sensible, so one run reports them all.
 * Nothing here aborts; nothing here knows the scenario language.
 */

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>

/* A place in an input: file name (borrowed from the diag list's string pool), 1-based line and
 * column. line 0 means "the whole file". */
struct scenario_loc {
	const char *file;
	int line;
	int col;
};

struct scenario_diag {
	struct scenario_loc loc;
	char *message;
};

typedef struct scenario_diags scenario_diags;

/* New empty list with one reference. Caller owns; release with scenario_diags_free(). */
scenario_diags *scenario_diags_new(void);

/* Take another reference: a parsed scenario keeps one, because the file names in its
 * locations are interned here. */
scenario_diags *scenario_diags_ref(scenario_diags *diags);

/* Drop a reference; the list is freed with the last one. NULL is fine. */
void scenario_diags_free(scenario_diags *diags);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(scenario_diags, scenario_diags_free)

/* Intern a file name so locations can borrow it for the list's lifetime. */
const char *scenario_diags_intern(scenario_diags *diags, const char *file);

/* Record an error at loc. The message is printf-formatted. */
void scenario_diag_error(scenario_diags *diags, struct scenario_loc loc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
void scenario_diag_verror(scenario_diags *diags, struct scenario_loc loc, const char *fmt,
			  va_list ap) G_GNUC_PRINTF(3, 0);

/* Number of errors recorded. */
guint scenario_diags_count(const scenario_diags *diags);

/* The i-th error, in the order reported by scenario_diags_sort(). Borrowed. */
const struct scenario_diag *scenario_diags_get(const scenario_diags *diags, guint i);

/* Sort by (file order of first appearance, line, column), keeping report order for ties. */
void scenario_diags_sort(scenario_diags *diags);

/* Print every error, one line each, then "N error(s)". */
void scenario_diags_print(const scenario_diags *diags, FILE *out);

/*
 * "did you mean": the candidate closest to word by edit distance, if close enough to be a
 * likely typo (distance <= max(1, strlen(word) / 3)); NULL otherwise. candidates is
 * NULL-terminated; the result is borrowed from it.
 */
const char *scenario_suggest(const char *word, const char *const *candidates);

/* Levenshtein distance between a and b (case-sensitive). */
guint scenario_edit_distance(const char *a, const char *b);
