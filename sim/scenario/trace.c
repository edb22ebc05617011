#include "sim/scenario/trace.h"

#include <inttypes.h>
#include <ldns/ldns.h>
#include <string.h>

#include "sim/scenario/internal.h"
#include "sim/scenario/schema.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

#define FIELDS "'TIME CLIENT NAME TYPE'"

struct field {
	const char *text; /* NUL-terminated copy in the line buffer */
	int col;	  /* 1-based */
};

/* Seconds as a decimal number, exactly to the ns: DIGITS[.DIGITS], at most 9 decimals. */
static gboolean parse_seconds(const char *text, int64_t *out_ns)
{
	const char *p = text;
	int64_t s = 0;
	if (!g_ascii_isdigit(*p)) {
		return FALSE;
	}
	while (g_ascii_isdigit(*p)) {
		if (s > INT64_MAX / SIM_NS_PER_S / 10) {
			return FALSE; /* over 292 years */
		}
		s = s * 10 + (*p++ - '0');
	}
	int64_t frac = 0;
	int digits = 0;
	if (*p == '.') {
		p++;
		while (g_ascii_isdigit(*p) && digits < 9) {
			frac = frac * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0) {
			return FALSE;
		}
	}
	if (*p != '\0') {
		return FALSE;
	}
	for (; digits < 9; digits++) {
		frac *= 10;
	}
	*out_ns = s * SIM_NS_PER_S + frac;
	return TRUE;
}

static gboolean parse_time(const char *text, int64_t *out_ns)
{
	for (const char *p = text; *p != '\0'; p++) {
		if (g_ascii_isalpha(*p)) {
			const char *why = NULL;
			return scenario_parse_duration(text, out_ns, &why) && *out_ns >= 0;
		}
	}
	return parse_seconds(text, out_ns);
}

/* The query type of a TYPE field, any case, among the clients' type= choices; 0 if none. */
static uint16_t parse_qtype(const char *text)
{
	const struct scenario_key_spec *spec =
	    scenario_key_find(scenario_stmt_spec_of(SCENARIO_KIND_CLIENTS)->keys, "type");
	SIM_ASSERT(spec != NULL && spec->choices != NULL);
	for (size_t k = 0; spec->choices[k] != NULL; k++) {
		if (g_ascii_strcasecmp(spec->choices[k], text) == 0) {
			return (uint16_t)ldns_get_rr_type_by_name(spec->choices[k]);
		}
	}
	return 0;
}

static gboolean parse_client(const char *text, uint64_t count, uint32_t *out)
{
	uint64_t v = 0;
	if (*text == '\0') {
		return FALSE;
	}
	for (const char *p = text; *p != '\0'; p++) {
		if (!g_ascii_isdigit(*p) || v > UINT64_MAX / 10) {
			return FALSE;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v >= count || v > UINT32_MAX) {
		return FALSE;
	}
	*out = (uint32_t)v;
	return TRUE;
}

/* Split a line (modified in place) into at most max fields; a field starting with '#' ends it.
 * Returns the number of fields found, up to max + 1 (more than max). */
static guint split_fields(char *line, struct field *fields, guint max)
{
	guint n = 0;
	char *p = line;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
		}
		if (*p == '\0' || *p == '#') {
			break;
		}
		if (n == max + 1) {
			break;
		}
		fields[n].text = p;
		fields[n].col = (int)(p - line) + 1;
		n++;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#') {
			p++;
		}
		if (*p == '#') {
			*p = '\0';
			break;
		}
		if (*p != '\0') {
			*p++ = '\0';
		}
	}
	return n;
}

struct scenario_trace *scenario_trace_parse(const char *text, gsize len, const char *file,
					    uint64_t count, scenario_diags *diags)
{
	const char *fname = scenario_diags_intern(diags, file);
	struct scenario_trace *t = g_new0(struct scenario_trace, 1);
	t->file = g_strdup(file);
	t->lines = g_array_new(FALSE, FALSE, sizeof(struct scenario_trace_line));
	t->names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
	guint errors = 0;
	int64_t last_ns = 0;
	int last_line = 0;
	const char *p = text;
	const char *end = text + len;
	for (int lineno = 1; p < end && errors < SCENARIO_TRACE_MAX_ERRORS; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl : end;
		g_autofree char *line = g_strndup(p, (gsize)(stop - p));
		p = nl != NULL ? nl + 1 : end;
		struct field f[5];
		guint n = split_fields(line, f, 4);
		if (n == 0) {
			continue;
		}
		guint errors_before = errors;
#define LINE_ERROR(col, ...)                                                                       \
	do {                                                                                       \
		scenario_diag_error(diags, (struct scenario_loc){ fname, lineno, (col) },          \
				    __VA_ARGS__);                                                  \
		errors++;                                                                          \
	} while (0)
		if (n < 4) {
			static const char *const missing[] = { "", "CLIENT NAME TYPE", "NAME TYPE",
							       "TYPE" };
			LINE_ERROR(f[n - 1].col + (int)strlen(f[n - 1].text),
				   "missing %s; expected " FIELDS, missing[n]);
			continue;
		}
		if (n > 4) {
			LINE_ERROR(f[4].col,
				   "unexpected '%s' after the type; expected " FIELDS
				   " (a comment starts with #)",
				   f[4].text);
			continue;
		}
		struct scenario_trace_line tl = { 0 };
		if (!parse_time(f[0].text, &tl.at_ns)) {
			tl.at_ns = -1;
			LINE_ERROR(f[0].col,
				   "bad time '%s'; expected seconds from the start such as 12.5 "
				   "(at most 9 decimals) or a duration such as 1m30s",
				   f[0].text);
		} else if (last_line > 0 && tl.at_ns < last_ns) {
			LINE_ERROR(
			    f[0].col,
			    "time '%s' is before the time of line %d; expected lines in time "
			    "order",
			    f[0].text, last_line);
		}
		if (!parse_client(f[1].text, count, &tl.client)) {
			LINE_ERROR(f[1].col,
				   "bad client '%s'; expected an integer from 0 to %" PRIu64
				   " (the population's count=%" PRIu64 " minus 1)",
				   f[1].text, count - 1, count);
		}
		g_autofree char *name = scenario_dname_normalise(f[2].text, NULL);
		if (name == NULL) {
			LINE_ERROR(f[2].col,
				   "bad name '%s'; expected a domain name such as "
				   "www.example.com",
				   f[2].text);
		}
		tl.qtype = parse_qtype(f[3].text);
		if (tl.qtype == 0) {
			const struct scenario_key_spec *spec = scenario_key_find(
			    scenario_stmt_spec_of(SCENARIO_KIND_CLIENTS)->keys, "type");
			g_autofree char *choices = g_strjoinv(", ", (char **)spec->choices);
			LINE_ERROR(f[3].col, "unknown query type '%s'; expected one of %s",
				   f[3].text, choices);
		}
#undef LINE_ERROR
		if (errors > errors_before) {
			if (tl.at_ns > last_ns) {
				/* a good time on a bad line still orders what follows */
				last_ns = tl.at_ns;
				last_line = lineno;
			}
			continue;
		}
		gpointer idx = NULL;
		if (!g_hash_table_lookup_extended(index, name, NULL, &idx)) {
			idx = GUINT_TO_POINTER(t->names->len);
			g_ptr_array_add(t->names, g_strdup(name));
			g_hash_table_insert(index, g_ptr_array_index(t->names, t->names->len - 1),
					    idx);
		}
		tl.name = GPOINTER_TO_UINT(idx);
		g_array_append_val(t->lines, tl);
		last_ns = tl.at_ns;
		last_line = lineno;
	}
	if (errors >= SCENARIO_TRACE_MAX_ERRORS && p < end) {
		scenario_diag_error(diags, (struct scenario_loc){ fname, 0, 0 },
				    "too many errors (%d); the rest of the trace is not checked",
				    SCENARIO_TRACE_MAX_ERRORS);
	}
	if (errors > 0) {
		scenario_trace_free(t);
		return NULL;
	}
	return t;
}

struct scenario_trace *scenario_trace_load(const char *path, uint64_t count, struct scenario_loc at,
					   GChecksum *digest, scenario_diags *diags)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &text, &len, &err)) {
		scenario_diag_error(
		    diags, at,
		    "cannot read trace file '%s': %s; expected a readable file of " FIELDS
		    " lines, relative to the scenario's folder",
		    path, err->message);
		return NULL;
	}
	if (memchr(text, '\0', len) != NULL || !g_utf8_validate(text, (gssize)len, NULL)) {
		scenario_diag_error(
		    diags, at,
		    "trace file '%s' is not a text file (invalid UTF-8); expected " FIELDS " lines",
		    path);
		return NULL;
	}
	if (digest != NULL) {
		g_checksum_update(digest, (const guchar *)text, (gssize)len);
	}
	return scenario_trace_parse(text, len, path, count, diags);
}

void scenario_trace_free(struct scenario_trace *trace)
{
	if (trace == NULL) {
		return;
	}
	g_free(trace->file);
	g_array_free(trace->lines, TRUE);
	g_ptr_array_free(trace->names, TRUE);
	g_free(trace);
}
