#pragma once
/*
 * The scenario parser and validator: text in, struct scenario out, every error found reported
 * with FILE:LINE:COL (see diag.h). Zone data goes through ldns (RFC 1035 master-file syntax).
 * Nothing is built or run here: the world builder reads the validated struct scenario.
 */

#include <glib.h>

#include "sim/scenario/diag.h"
#include "sim/scenario/model.h"

/*
 * Read and validate the scenario at path. overrides is a NULL-terminated list of "KEY=VALUE"
 * strings from --set (may be NULL), applied before validation (KEY syntax: see override.c and
 * docs/scenario-language.md). seed_override, if non-NULL, replaces the scenario's seed.
 * Returns the scenario (caller owns, scenario_free()) or NULL when diags holds errors.
 */
struct scenario *scenario_load(const char *path, const char *const *overrides,
			       const uint64_t *seed_override, scenario_diags *diags);

/* Same, from text already in memory; file_name is used in diagnostics and dir for relative
 * zone files. */
struct scenario *scenario_parse_text(const char *text, const char *file_name, const char *dir,
				     const char *const *overrides, const uint64_t *seed_override,
				     scenario_diags *diags);
