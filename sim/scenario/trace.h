#pragma once
/*
 * Trace files of client queries (`clients NAME trace=FILE`): one query a line,
 *
 *     TIME CLIENT NAME TYPE        e.g.   12.5  17  www.example.com  AAAA
 *
 * TIME is when the query starts, from the run's start: seconds as a decimal number (at most 9
 * decimals) or a duration of the language (1m30s, 250ms). Lines are in time order (equal times
 * are fine, kept in file order). CLIENT is the client's index in the population, an integer in
 * [0, count). NAME is a domain name (a trailing dot is optional). TYPE is one of the query types
 * of the clients' `type=` key, in any case. Fields are separated by spaces or tabs; `#` starts
 * a comment to the end of the line; blank lines are skipped.
 *
 * Parsing checks every line and reports each bad one as FILE:LINE:COL with what was expected
 * (sim/scenario/diag.h), up to SCENARIO_TRACE_MAX_ERRORS per file. No I/O but
 * scenario_trace_load() reading the file.
 */

#include <glib.h>
#include <stdint.h>

#include "sim/scenario/diag.h"

/* Errors reported per trace file before the rest of the file is skipped. */
#define SCENARIO_TRACE_MAX_ERRORS 20

struct scenario_trace_line {
	int64_t at_ns;	 /* from the run's start */
	uint32_t client; /* index in the population */
	uint32_t name;	 /* index into scenario_trace.names */
	uint16_t qtype;	 /* LDNS_RR_TYPE_* */
};

struct scenario_trace {
	char *file;	  /* path as opened */
	GArray *lines;	  /* struct scenario_trace_line, nondecreasing at_ns */
	GPtrArray *names; /* char *: absolute lower-case names with the trailing dot, in order
			     of first appearance */
};

/*
 * Parse the text of a trace file for a population of count clients. file names the file in
 * diagnostics (interned in diags). Returns the trace, or NULL after reporting every error found
 * (an empty trace is not an error). Caller owns; scenario_trace_free().
 */
struct scenario_trace *scenario_trace_parse(const char *text, gsize len, const char *file,
					    uint64_t count, scenario_diags *diags);

/*
 * Read and parse the trace file at path. A file that cannot be read, or is not text, is
 * reported at `at` (the trace= value). digest, if not NULL, is updated with the file's bytes.
 * Returns NULL after reporting errors. Caller owns.
 */
struct scenario_trace *scenario_trace_load(const char *path, uint64_t count, struct scenario_loc at,
					   GChecksum *digest, scenario_diags *diags);

/* Free; NULL is fine. */
void scenario_trace_free(struct scenario_trace *trace);
