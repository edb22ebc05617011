#pragma once
/*
 * Functions shared by the parts of the scenario module (parser, zone reader, override, validator).
 * Not for use outside sim/scenario/.
 */

#include "sim/scenario/diag.h"
#include "sim/scenario/lexer.h"
#include "sim/scenario/model.h"

/* New attribute from a key=value token (text copied). */
struct scenario_attr *scenario_attr_new(const char *key, const char *text,
					struct scenario_loc key_loc, struct scenario_loc loc);

/* Check an attribute's value against its key spec and set its typed fields. References are not
 * resolved here (see scenario_validate). Reports errors at the value's location. */
gboolean scenario_attr_check(struct scenario_attr *attr, const struct scenario_key_spec *spec,
			     scenario_diags *diags);

/* Report an unknown key with a "did you mean" from keys. what names the statement. */
void scenario_unknown_key(scenario_diags *diags, struct scenario_loc loc, const char *key,
			  const struct scenario_key_spec *keys, const char *what);

/* Parse the lines of a zone (inline block or file) into zone->records. lines[0..n) are the
 * physical lines, first_line is the line number of lines[0]. */
void scenario_zone_read(struct scenario_zone *zone, char **lines, guint n, int first_line,
			const char *file, scenario_diags *diags);

/* Parse one RR in master-file syntax relative to origin (used by "at ... zone X add"). Returns
 * NULL after reporting an error at loc. */
ldns_rr *scenario_rr_parse(const char *text, const char *origin, struct scenario_loc loc,
			   scenario_diags *diags);

/* Normalise a domain name: lower case, absolute (relative names are taken under origin, or the
 * root when origin is NULL). Returns NULL if the text is not a valid domain name. */
char *scenario_dname_normalise(const char *text, const char *origin);

/* Apply --set overrides (before validation). */
void scenario_apply_overrides(struct scenario *sc, const char *const *overrides,
			      scenario_diags *diags);

/* Servers named in a zone's servers= but never declared become implied anycast servers (server
 * statements with implied set). Idempotent. */
void scenario_add_implied_servers(struct scenario *sc);

/* Semantic checks and typed values: keys, ranges, references, record rules, timeline, expects. */
void scenario_validate(struct scenario *sc, scenario_diags *diags);

/* A statement with no name, args or attrs, at loc. */
struct scenario_stmt *scenario_stmt_new(const struct scenario_stmt_spec *spec,
					struct scenario_loc loc);
void scenario_stmt_free(struct scenario_stmt *stmt);

/* Free function of a zone's records array. */
void scenario_record_free(gpointer record);
