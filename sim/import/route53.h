#pragma once
/*
 * Import of a real Route 53 hosted zone: the JSON printed by `aws route53
 * list-resource-record-sets` (and, optionally, `aws route53 list-health-checks`) in, a
 * scenario fragment out (zone blocks with Route 53 attributes, health statements), plus a list
 * of warnings for every JSON field that was not carried over. Shapes: route53.md section 11;
 * the rules and what is not supported: docs/design/import.md.
 *
 * Pure text to text: no files, no network, no scenario parsing (the caller may validate the
 * output with scenario_parse_text()). JSON is read with json-glib.
 */

#include <glib.h>
#include <json-glib/json-glib.h>

/* GError domain of import_route53(). */
#define IMPORT_ERROR (import_error_quark())
GQuark import_error_quark(void);

enum import_error_code {
	IMPORT_ERROR_JSON,  /* not JSON, or not UTF-8: the message has FILE:LINE:COL */
	IMPORT_ERROR_SHAPE, /* JSON, but not the shape of the AWS CLI output */
};

/* One field that was not imported, or imported with a caveat. */
struct import_warning {
	char *file;    /* display name of the input it is about */
	char *path;    /* JSON path in jq syntax, e.g. ".ResourceRecordSets[3].Weight" */
	char *message; /* what happened to it and, where there is one, what to do */
};

/* An empty warning list (struct import_warning *, freed with the array). Caller owns. */
GPtrArray *import_warnings_new(void);

/* "FILE: warning: PATH: MESSAGE" (no newline). Caller owns (g_free). */
/* Load JSON text (UTF-8) named name; NULL with IMPORT_ERROR_JSON and "NAME:LINE:COL: error:
 * invalid JSON: ..." when it does not parse. Caller unrefs the parser. */
JsonParser *import_json_load(const char *name, const char *text, gssize len, GError **error);

char *import_warning_format(const struct import_warning *warning);

/*
 * Convert Route 53 JSON to scenario text.
 *
 * records_name/records_json: display name and text of the `list-resource-record-sets` output
 * (required; records_len -1 for a NUL-terminated text). hc_name/hc_json: the same for
 * `list-health-checks` output, or NULL when the user has none (records that name a health
 * check then lose their health= with a warning).
 *
 * Every unknown field, unsupported feature and lossy conversion is appended to warnings (in
 * input order); the output also carries a comment where something was left out.
 *
 * Returns the scenario fragment (caller owns, g_free), or NULL with error set when an input is
 * not valid JSON (IMPORT_ERROR_JSON, message "FILE:LINE:COL: error: ...") or lacks the
 * top-level list (IMPORT_ERROR_SHAPE, "FILE: error: ...").
 */
char *import_route53(const char *records_name, const char *records_json, gssize records_len,
		     const char *hc_name, const char *hc_json, gssize hc_len, GPtrArray *warnings,
		     GError **error);
