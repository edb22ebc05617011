#pragma once
/*
 * Typed values of the scenario language: durations (300ms 30s 5m 2h 1d, also 1h30m), rates
 * (2/min 10/s), ratios (0.97 or 97%), integers, reals, booleans, addresses and prefixes.
 * Each parser returns FALSE with a short reason ("expected a duration such as 30s") for the
 * caller to turn into a FILE:LINE:COL diagnostic. No state, no knowledge of statements.
 */

#include <glib.h>
#include <stdint.h>

/* Duration with a unit: ns us ms s m min h d w; several may follow each other (1h30m).
 * A bare number is rejected (units are required wherever a person writes a time). */
gboolean scenario_parse_duration(const char *text, int64_t *out_ns, const char **why);

/* Rate "N/UNIT" with UNIT one of s sec m min h hour d day; result in events per second. */
gboolean scenario_parse_rate(const char *text, double *out_per_s, const char **why);

/* Ratio "0.97" or "97%"; must lie in [0, 1]. */
gboolean scenario_parse_ratio(const char *text, double *out, const char **why);

/* Decimal integer (optional sign). */
gboolean scenario_parse_int(const char *text, int64_t *out, const char **why);

/* Real number (no unit). */
gboolean scenario_parse_real(const char *text, double *out, const char **why);

/* yes/no, on/off, true/false. */
gboolean scenario_parse_bool(const char *text, gboolean *out, const char **why);

/* IPv4 or IPv6 address. */
gboolean scenario_parse_ip(const char *text, const char **why);

/* Address prefix "ADDR/LEN" (IPv4 or IPv6), host bits must be zero. */
gboolean scenario_parse_cidr(const char *text, const char **why);

/* "LAT,LON" in degrees: -90..90, -180..180. */
gboolean scenario_parse_coords(const char *text, double *lat, double *lon, const char **why);

/* Format a duration in the language's own units, shortest exact form (e.g. "1h30m", "250ms").
 * Caller owns the string. */
char *scenario_format_duration(int64_t ns);
