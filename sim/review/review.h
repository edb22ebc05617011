#pragma once
/*
 * Design review of a validated scenario (`dnssim check`): warnings about choices that are legal
 * but probably not what the author wants, each derived from a documented Route 53 or resolver
 * rule (route53.md, resolvers.md; the section is cited beside each rule in review.c and in
 * docs/design/review.md). A warning names the record or entity, says why in one line and
 * carries the id of the rule that found it:
 *
 *     FILE:LINE:COL: warning: www.example.com. A set=east: TTL 60 is shorter ... [rule-id]
 *
 * The review reads only the parsed scenario model (struct scenario): it builds no world, runs
 * nothing and never fails. Syntax and reference errors are validation's business (parser.h);
 * a scenario must have passed validation before it is reviewed.
 */

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#include "sim/scenario/model.h"

/* One warning. */
struct review_warning {
	struct scenario_loc loc; /* the statement or record line that defines the subject */
	const char *rule;	 /* rule id, static ("ttl-below-detection", ...) */
	char *subject;		 /* "www.example.com. A set=east", "health web", "zone x." */
	char *message;		 /* why, one line, no trailing period */
};

/* A rule of the review: its id and a one-line summary (for docs and --help). */
struct review_rule {
	const char *id;
	const char *summary;
};

/* The rules, in the order they run. *count receives their number. Static. */
const struct review_rule *review_rules(size_t *count);

/*
 * Review sc (validated; borrowed for the call). Returns the warnings sorted by file (the
 * scenario file first, then zone files by name), line, column and rule order; an empty array
 * when there is nothing to say. Caller owns the array (g_ptr_array_unref frees the warnings).
 */
GPtrArray *review_scenario(const struct scenario *sc);

/*
 * Nominal time health check hc (a `health` statement of sc) takes to see its endpoint change:
 * RequestInterval x FailureThreshold (route53.md 5.3, 5.5: the same count of opposite results
 * turns it either way); a calculated check, its fastest child (5.6). FALSE when the check never
 * turns by itself (disabled, or calculated without such a child). Without the propagation.
 */
bool review_detection_ns(const struct scenario *sc, const struct scenario_stmt *hc,
			 int64_t *out_ns);

/* Delay from a health status change to the name servers: route53 health-propagation=, or the
 * model's default (route53.md 5.5). */
int64_t review_propagation_ns(const struct scenario *sc);

/*
 * Print one warning as "FILE:LINE:COL: warning: SUBJECT: MESSAGE [RULE]" followed by a newline;
 * as_error prints "error" in place of "warning" (--strict).
 */
void review_warning_print(const struct review_warning *w, bool as_error, FILE *out);
