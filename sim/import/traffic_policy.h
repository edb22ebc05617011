#pragma once
/*
 * Import of a Route 53 Traffic Flow policy document (route53.md section 10): the JSON the
 * visual editor produces (AWSPolicyFormatVersion, RecordType, StartRule or StartEndpoint,
 * Endpoints, Rules of every type: failover, geo, latency, geoproximity, multivalue, weighted),
 * turned into the scenario's Route 53 record lines for one policy record (NAME and TTL), as
 * Route 53 materialises a traffic policy instance into record sets. A rule referenced from
 * another rule becomes an alias chain to a generated name below NAME ("_tf-RULE.NAME"),
 * the tree of route53.md 1.4. Design: docs/design/draw.md.
 *
 * Pure text to text, like sim/import/route53.h (whose warning list and error domain it
 * shares): no files, no scenario parsing. Every field that is not carried over is a warning
 * with its JSON path; nothing is dropped silently.
 */

#include <glib.h>
#include <stdint.h>

#include "sim/import/route53.h"

/*
 * Convert a policy document to record lines with absolute owners (to paste into the zone block
 * that holds name), one per record set, each with ttl for the data records (aliases have
 * none). Health checks are named by their ids (made safe for the scenario language); a
 * comment at the end lists them, as the document does not define them.
 *
 * file: display name of the document; json/len: its text (len -1: NUL-terminated). name: the
 * policy record's name (absolute or not; a trailing dot is added). Returns the text (caller
 * owns) or NULL with error: IMPORT_ERROR_JSON ("FILE:LINE:COL: error: invalid JSON: ...") or
 * IMPORT_ERROR_SHAPE ("FILE: error: PATH: ...") when the document is not a policy document
 * (no RecordType, neither or both of StartRule and StartEndpoint, a reference to a missing
 * rule or endpoint, a rule loop).
 */
char *import_traffic_policy(const char *file, const char *json, gssize len, const char *name,
			    uint32_t ttl, GPtrArray *warnings, GError **error);
