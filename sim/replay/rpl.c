/*
 * The .rpl parser: a line reader with one line of look-back, a config block reader per dialect,
 * and a recursive-descent reader for the scenario (ranges, steps, entries). Grammar and
 * semantics: shared/conformance/rpl-format.md sections 2 and 5.
 */
#include "sim/replay/rpl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK(replay - rpl - error - quark, replay_rpl_error)

/* Default TTL of records without one (testbound pstate.default_ttl; Deckard Entry.default_ttl). */
#define DEFAULT_TTL 3600

struct parser {
	const char *file;
	const char *text;
	size_t len;
	size_t pos;
	unsigned line; /* number of the line last returned by next_line() */
	char *buf;     /* that line, owned */
	enum replay_dialect dialect;
	ldns_rdf *origin; /* $ORIGIN, owned */
	uint32_t default_ttl;
	ldns_rdf *prev; /* previous owner, for ldns */
	struct replay_scenario *sc;
	GError **error;
};

const char *replay_dialect_name(enum replay_dialect dialect)
{
	switch (dialect) {
	case REPLAY_DIALECT_UNBOUND:
		return "unbound";
	case REPLAY_DIALECT_DECKARD:
		return "deckard";
	case REPLAY_DIALECT_AUTO:
		break;
	}
	return "auto";
}

const char *replay_section_name(enum replay_section section)
{
	static const char *const names[] = { "QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL" };
	return (unsigned)section < G_N_ELEMENTS(names) ? names[section] : "?";
}

static const char *const step_names[] = {
	[REPLAY_STEP_QUERY] = "QUERY",
	[REPLAY_STEP_CHECK_ANSWER] = "CHECK_ANSWER",
	[REPLAY_STEP_CHECK_OUT_QUERY] = "CHECK_OUT_QUERY",
	[REPLAY_STEP_REPLY] = "REPLY",
	[REPLAY_STEP_TIME_PASSES] = "TIME_PASSES",
	[REPLAY_STEP_TIMEOUT] = "TIMEOUT",
	[REPLAY_STEP_ERROR] = "ERROR",
	[REPLAY_STEP_TRAFFIC] = "TRAFFIC",
	[REPLAY_STEP_NOTHING] = "NOTHING",
	[REPLAY_STEP_OTHER] = "OTHER",
};

const char *replay_step_kind_name(enum replay_step_kind kind)
{
	return (unsigned)kind < G_N_ELEMENTS(step_names) ? step_names[kind] : "?";
}

/* Errors and warnings */

static bool fail_at(struct parser *p, unsigned line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool fail_at(struct parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(p->error, REPLAY_RPL_ERROR, REPLAY_RPL_ERROR_SYNTAX, "%s:%u:1: %s", p->file,
		    line, msg);
	return false;
}

static void warn_at(struct parser *p, unsigned line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void warn_at(struct parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(p->sc->warnings, g_strdup_printf("%s:%u:1: %s", p->file, line, msg));
}

/* Lines */

/* The next line without its end-of-line characters, leading blanks skipped; NULL at the end of
 * the text. The returned text is the parser's and may be modified until the next call. */
static char *next_line(struct parser *p)
{
	if (p->pos >= p->len) {
		return NULL;
	}
	const char *start = p->text + p->pos;
	const char *nl = memchr(start, '\n', p->len - p->pos);
	size_t n = nl != NULL ? (size_t)(nl - start) : p->len - p->pos;
	p->pos += n + (nl != NULL ? 1 : 0);
	p->line++;
	g_free(p->buf);
	p->buf = g_strndup(start, n);
	g_strchomp(p->buf); /* also drops a '\r' */
	return g_strchug(p->buf);
}

static bool is_blank_or_comment(const char *s)
{
	return s[0] == '\0' || s[0] == ';';
}

/* Cut s at the first comment character outside double quotes (';', and '#' if hash). A
 * backslash escapes the next character, as in master files. */
static void cut_comment(char *s, bool hash)
{
	bool quoted = false;
	for (char *c = s; *c != '\0'; c++) {
		if (*c == '\\' && c[1] != '\0') {
			c++;
		} else if (*c == '"') {
			quoted = !quoted;
		} else if (!quoted && (*c == ';' || (hash && *c == '#'))) {
			*c = '\0';
			break;
		}
	}
	g_strchomp(s);
}

/* Whitespace-separated words of s (no quoting). Caller owns (g_strfreev). */
static char **split_words(const char *s)
{
	char **raw = g_strsplit_set(s, " \t\r\v\f", -1);
	guint n = 0;
	for (guint i = 0; raw[i] != NULL; i++) {
		if (raw[i][0] != '\0') {
			raw[n++] = raw[i];
		} else {
			g_free(raw[i]);
		}
	}
	raw[n] = NULL;
	return raw;
}

/* The first word of s, in a new string. */
static char *first_word(const char *s)
{
	size_t n = strcspn(s, " \t\r\v\f");
	return g_strndup(s, n);
}

/* s after its first word and the blanks that follow. */
static const char *after_first_word(const char *s)
{
	s += strcspn(s, " \t\r\v\f");
	return s + strspn(s, " \t\r\v\f");
}

static bool parse_u64(const char *s, uint64_t *out)
{
	guint64 v;
	if (!g_ascii_string_to_unsigned(s, 10, 0, G_MAXUINT64, &v, NULL)) {
		return false;
	}
	*out = v;
	return true;
}

static char *unquote(const char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') || (s[0] == '\'' && s[n - 1] == '\''))) {
		return g_strndup(s + 1, n - 2);
	}
	return g_strdup(s);
}

/* $ORIGIN and $TTL, wherever records may follow. TRUE if the line was one of them (and it was
 * valid; on a bad one the error is set and *ok is false). */
static bool directive(struct parser *p, const char *line, bool *ok)
{
	*ok = true;
	if (strncmp(line, "$ORIGIN", 7) != 0 && strncmp(line, "$TTL", 4) != 0) {
		return false;
	}
	g_autofree char *copy = g_strdup(line);
	cut_comment(copy, false);
	g_auto(GStrv) w = split_words(copy);
	if (strcmp(w[0], "$ORIGIN") == 0) {
		ldns_rdf *origin = NULL;
		if (w[1] == NULL || w[2] != NULL ||
		    ldns_str2rdf_dname(&origin, w[1]) != LDNS_STATUS_OK) {
			*ok = fail_at(p, p->line, "expected one domain name after $ORIGIN");
			return true;
		}
		if (!ldns_dname_str_absolute(w[1])) {
			/* a relative origin is relative to the current one (RFC 1035 5.1) */
			ldns_rdf *abs = ldns_dname_cat_clone(origin, p->origin);
			ldns_rdf_deep_free(origin);
			origin = abs;
		}
		ldns_rdf_deep_free(p->origin);
		p->origin = origin;
		return true;
	}
	if (strcmp(w[0], "$TTL") == 0) {
		uint64_t ttl;
		if (w[1] == NULL || w[2] != NULL || !parse_u64(w[1], &ttl) || ttl > UINT32_MAX) {
			*ok = fail_at(p, p->line, "expected a TTL in seconds after $TTL");
			return true;
		}
		p->default_ttl = (uint32_t)ttl;
		return true;
	}
	return false;
}

/* Config block */

static void add_config(struct parser *p, const char *section, unsigned clause, const char *key,
		       const char *value, unsigned line)
{
	struct replay_config_item *it = g_new0(struct replay_config_item, 1);
	it->section = g_strdup(section);
	it->clause = clause;
	it->key = g_strdup(key);
	it->value = g_strdup(value);
	it->line = line;
	g_ptr_array_add(p->sc->config, it);
}

/* unbound.conf clauses (a "name:" token that opens a clause rather than setting a key). */
static bool is_clause(const char *key)
{
	static const char *const clauses[] = {
		"server", "stub-zone", "forward-zone", "auth-zone", "remote-control",
		"view",	  "python",    "dynlib",       "dnscrypt",  "cachedb",
		"ipset",  "rpz",       "dnstap",       "ipsecmod",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(clauses); i++) {
		if (strcmp(key, clauses[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* A "key:" token of unbound.conf: a letter, then letters, digits, '-', '_' or '.', then ':'. */
static bool is_key_token(const char *t)
{
	size_t n = strlen(t);
	if (n < 2 || t[n - 1] != ':' || !g_ascii_isalpha(t[0])) {
		return false;
	}
	for (size_t i = 1; i + 1 < n; i++) {
		if (!g_ascii_isalnum(t[i]) && t[i] != '-' && t[i] != '_' && t[i] != '.') {
			return false;
		}
	}
	return true;
}

/* unbound.conf tokens of a line: whitespace-separated, double quotes keep blanks, '#' outside
 * quotes starts a comment. Quotes stay on the token. Caller owns. */
static GPtrArray *conf_tokens(const char *s)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GString *tok = NULL;
	bool quoted = false;
	for (const char *c = s;; c++) {
		bool end = *c == '\0' || (!quoted && *c == '#');
		if (end || (!quoted && g_ascii_isspace(*c))) {
			if (tok != NULL) {
				g_ptr_array_add(out, g_string_free(tok, FALSE));
				tok = NULL;
			}
			if (end) {
				break;
			}
			continue;
		}
		if (*c == '"') {
			quoted = !quoted;
		}
		if (tok == NULL) {
			tok = g_string_new(NULL);
		}
		g_string_append_c(tok, *c);
	}
	return out;
}

/* A testbound block (AUTOTRUST_FILE .. AUTOTRUST_END, TEMPFILE_CONTENTS .. TEMPFILE_END): the
 * lines up to the end keyword, joined with newlines. */
static bool read_block(struct parser *p, const char *end, unsigned opened, char **out)
{
	GString *body = g_string_new(NULL);
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			g_string_free(body, TRUE);
			return fail_at(p, p->line,
				       "expected %s (block opened at line %u) before the "
				       "end of the file",
				       end, opened);
		}
		if (strncmp(line, end, strlen(end)) == 0) {
			break;
		}
		g_string_append(body, line);
		g_string_append_c(body, '\n');
	}
	*out = g_string_free(body, FALSE);
	return true;
}

static bool config_unbound_line(struct parser *p, char *line, const char **section,
				unsigned *clause)
{
	static const char *const specials[] = { "COMMANDLINE", "TEMPFILE_NAME", "AUTOTRUST_FILE",
						"TEMPFILE_CONTENTS" };
	for (size_t i = 0; i < G_N_ELEMENTS(specials); i++) {
		size_t n = strlen(specials[i]);
		if (strncmp(line, specials[i], n) != 0 ||
		    (line[n] != '\0' && !g_ascii_isspace(line[n]))) {
			continue;
		}
		unsigned at = p->line;
		g_autofree char *arg = g_strstrip(g_strdup(line + n));
		g_autofree char *value = NULL;
		if (i >= 2) {
			g_autofree char *body = NULL;
			if (!read_block(p, i == 2 ? "AUTOTRUST_END" : "TEMPFILE_END", at, &body)) {
				return false;
			}
			value = g_strdup_printf("%s\n%s", arg, body);
		} else {
			value = g_strdup(arg);
		}
		add_config(p, "testbound", 0, specials[i], value, at);
		return true;
	}
	g_autoptr(GPtrArray) toks = conf_tokens(line);
	guint i = 0;
	while (i < toks->len) {
		const char *t = g_ptr_array_index(toks, i);
		if (!is_key_token(t)) {
			/* a value continued from the previous line */
			struct replay_config_item *prev =
			    p->sc->config->len > 0
				? g_ptr_array_index(p->sc->config, p->sc->config->len - 1)
				: NULL;
			if (i != 0 || prev == NULL || strcmp(prev->section, "testbound") == 0) {
				return fail_at(p, p->line,
					       "expected a 'key:' token of unbound.conf, got '%s'",
					       t);
			}
			g_autofree char *v = unquote(t);
			char *joined = prev->value[0] != '\0'
					   ? g_strdup_printf("%s %s", prev->value, v)
					   : g_strdup(v);
			g_free(prev->value);
			prev->value = joined;
			i++;
			continue;
		}
		g_autofree char *key = g_strndup(t, strlen(t) - 1);
		guint j = i + 1;
		GString *value = g_string_new(NULL);
		for (; j < toks->len && !is_key_token(g_ptr_array_index(toks, j)); j++) {
			g_autofree char *v = unquote(g_ptr_array_index(toks, j));
			if (value->len > 0) {
				g_string_append_c(value, ' ');
			}
			g_string_append(value, v);
		}
		if (is_clause(key) && value->len == 0) {
			*section = g_intern_string(key);
			(*clause)++;
		} else {
			add_config(p, *section, *clause, key, value->str, p->line);
		}
		g_string_free(value, TRUE);
		i = j;
	}
	return true;
}

static void config_deckard_line(struct parser *p, char *line)
{
	cut_comment(line, true);
	if (line[0] == '\0') {
		return;
	}
	char *colon = strchr(line, ':');
	if (colon == NULL) {
		warn_at(p, p->line, "config line without ':' ignored (as Deckard does): '%s'",
			line);
		return;
	}
	*colon = '\0';
	g_autofree char *key = g_strstrip(g_strdup(line));
	g_autofree char *raw = g_strstrip(g_strdup(colon + 1));
	g_autofree char *value = unquote(raw);
	add_config(p, "", 0, key, value, p->line);
}

/* Dialect from the path: a component named "deckard" or "unbound". */
static enum replay_dialect dialect_from_path(const char *file)
{
	enum replay_dialect d = REPLAY_DIALECT_AUTO;
	g_auto(GStrv) parts = g_strsplit(file, G_DIR_SEPARATOR_S, -1);
	for (guint i = 0; parts[i] != NULL; i++) {
		if (g_ascii_strcasecmp(parts[i], "deckard") == 0) {
			d = REPLAY_DIALECT_DECKARD;
		} else if (g_ascii_strcasecmp(parts[i], "unbound") == 0 ||
			   g_ascii_strcasecmp(parts[i], "testdata") == 0) {
			d = REPLAY_DIALECT_UNBOUND;
		}
	}
	return d;
}

/* Dialect from the config text (from pos to CONFIG_END): an unbound.conf clause means unbound;
 * "key: value" lines outside any clause mean Deckard (unbound.conf would reject them). */
static enum replay_dialect dialect_from_config(const char *text, size_t len)
{
	bool keys = false;
	g_autofree char *copy = g_strndup(text, len);
	g_auto(GStrv) lines = g_strsplit(copy, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		char *l = g_strstrip(lines[i]);
		if (strncmp(l, "CONFIG_END", 10) == 0) {
			break;
		}
		if (is_blank_or_comment(l)) {
			continue;
		}
		g_autoptr(GPtrArray) toks = conf_tokens(l);
		if (toks->len == 0) {
			continue;
		}
		const char *t = g_ptr_array_index(toks, 0);
		if (is_key_token(t)) {
			g_autofree char *key = g_strndup(t, strlen(t) - 1);
			if (is_clause(key)) {
				return REPLAY_DIALECT_UNBOUND;
			}
			keys = true;
		}
	}
	return keys ? REPLAY_DIALECT_DECKARD : REPLAY_DIALECT_UNBOUND;
}

static bool parse_config(struct parser *p)
{
	const char *section = "";
	unsigned clause = 0;
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			return fail_at(p, p->line,
				       "expected CONFIG_END before the end of the file");
		}
		if (strncmp(line, "CONFIG_END", 10) == 0) {
			return true;
		}
		if (is_blank_or_comment(line)) {
			continue;
		}
		if (p->dialect == REPLAY_DIALECT_DECKARD) {
			config_deckard_line(p, line);
		} else if (!config_unbound_line(p, line, &section, &clause)) {
			return false;
		}
	}
}

/* Entries */

static void entry_free(struct replay_entry *e)
{
	if (e == NULL) {
		return;
	}
	for (int s = 0; s < REPLAY_SECTION_COUNT; s++) {
		ldns_rr_list_deep_free(e->sections[s]);
	}
	g_free(e->hex_answer);
	g_free(e->hex_ednsdata);
	g_free(e->raw);
	g_free(e->tsig);
	g_ptr_array_free(e->notes, TRUE);
	g_free(e);
}

struct word_bit {
	const char *word;
	uint32_t bit;
};

static const struct word_bit match_words[] = {
	{ "opcode", REPLAY_MATCH_OPCODE },
	{ "qtype", REPLAY_MATCH_QTYPE },
	{ "qname", REPLAY_MATCH_QNAME },
	{ "qcase", REPLAY_MATCH_QCASE },
	{ "subdomain", REPLAY_MATCH_SUBDOMAIN },
	{ "rcode", REPLAY_MATCH_RCODE },
	{ "question", REPLAY_MATCH_QUESTION },
	{ "answer", REPLAY_MATCH_ANSWER },
	{ "authority", REPLAY_MATCH_AUTHORITY },
	{ "additional", REPLAY_MATCH_ADDITIONAL },
	{ "flags", REPLAY_MATCH_FLAGS },
	{ "edns", REPLAY_MATCH_EDNS },
	{ "nsid", REPLAY_MATCH_NSID },
	{ "all", REPLAY_MATCH_ALL },
	{ "all_noedns", REPLAY_MATCH_ALL_NOEDNS },
	{ "ttl", REPLAY_MATCH_TTL },
	{ "DO", REPLAY_MATCH_DO },
	{ "CO", REPLAY_MATCH_CO },
	{ "noedns", REPLAY_MATCH_NOEDNS },
	{ "ednsdata", REPLAY_MATCH_EDNSDATA },
	{ "UDP", REPLAY_MATCH_UDP },
	{ "TCP", REPLAY_MATCH_TCP },
	{ "client_cookie", REPLAY_MATCH_CLIENT_COOKIE },
	{ "server_cookie", REPLAY_MATCH_SERVER_COOKIE },
};

static const struct word_bit adjust_words[] = {
	{ "copy_id", REPLAY_ADJUST_COPY_ID },
	{ "copy_query", REPLAY_ADJUST_COPY_QUERY },
	{ "copy_ednsdata_assume_clientsubnet", REPLAY_ADJUST_COPY_EDNSDATA_ECS },
	{ "increment_ecs_scope", REPLAY_ADJUST_INCREMENT_ECS_SCOPE },
	{ "raw_id", REPLAY_ADJUST_RAW_ID },
	{ "do_not_answer", REPLAY_ADJUST_DO_NOT_ANSWER },
};

static const struct word_bit flag_words[] = {
	{ "QR", REPLAY_FLAG_QR }, { "AA", REPLAY_FLAG_AA }, { "TC", REPLAY_FLAG_TC },
	{ "RD", REPLAY_FLAG_RD }, { "RA", REPLAY_FLAG_RA }, { "AD", REPLAY_FLAG_AD },
	{ "CD", REPLAY_FLAG_CD }, { "DO", REPLAY_FLAG_DO }, { "CO", REPLAY_FLAG_CO },
};

static const struct word_bit opcode_words[] = {
	{ "QUERY", LDNS_PACKET_QUERY },	  { "IQUERY", LDNS_PACKET_IQUERY },
	{ "STATUS", LDNS_PACKET_STATUS }, { "NOTIFY", LDNS_PACKET_NOTIFY },
	{ "UPDATE", LDNS_PACKET_UPDATE },
};

static const struct word_bit rcode_words[] = {
	{ "NOERROR", LDNS_RCODE_NOERROR },
	{ "FORMERR", LDNS_RCODE_FORMERR },
	{ "SERVFAIL", LDNS_RCODE_SERVFAIL },
	{ "NXDOMAIN", LDNS_RCODE_NXDOMAIN },
	{ "NOTIMPL", LDNS_RCODE_NOTIMPL },
	{ "NOTIMP", LDNS_RCODE_NOTIMPL },
	{ "REFUSED", LDNS_RCODE_REFUSED },
	{ "YXDOMAIN", LDNS_RCODE_YXDOMAIN },
	{ "YXRRSET", LDNS_RCODE_YXRRSET },
	{ "NXRRSET", LDNS_RCODE_NXRRSET },
	{ "NOTAUTH", LDNS_RCODE_NOTAUTH },
	{ "NOTZONE", LDNS_RCODE_NOTZONE },
	{ "BADVERS", 16 },
};

static bool find_word(const struct word_bit *table, size_t n, const char *word, uint32_t *bit)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(table[i].word, word) == 0) {
			*bit = table[i].bit;
			return true;
		}
	}
	return false;
}

static char *word_list(const struct word_bit *table, size_t n)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(s, "%s%s", i > 0 ? ", " : "", table[i].word);
	}
	return g_string_free(s, FALSE);
}

static bool parse_match(struct parser *p, struct replay_entry *e, char *args)
{
	cut_comment(args, true);
	g_auto(GStrv) w = split_words(args);
	e->has_match = true;
	for (guint i = 0; w[i] != NULL; i++) {
		uint32_t bit;
		uint64_t n;
		if (find_word(match_words, G_N_ELEMENTS(match_words), w[i], &bit)) {
			e->match |= bit;
		} else if (g_str_has_prefix(w[i], "serial=") && parse_u64(w[i] + 7, &n) &&
			   n <= UINT32_MAX) {
			e->match |= REPLAY_MATCH_SERIAL;
			e->serial = (uint32_t)n;
		} else if (strcmp(w[i], "ede=any") == 0) {
			e->match |= REPLAY_MATCH_EDE;
			e->ede = REPLAY_EDE_ANY;
		} else if (g_str_has_prefix(w[i], "ede=") && parse_u64(w[i] + 4, &n) &&
			   n <= UINT16_MAX) {
			e->match |= REPLAY_MATCH_EDE;
			e->ede = (int)n;
		} else {
			g_autofree char *known = word_list(match_words, G_N_ELEMENTS(match_words));
			return fail_at(p, p->line,
				       "unknown MATCH option '%s'; expected %s, serial=N, ede=N or "
				       "ede=any",
				       w[i], known);
		}
	}
	return true;
}

static bool parse_reply(struct parser *p, struct replay_entry *e, char *args)
{
	cut_comment(args, true);
	g_auto(GStrv) w = split_words(args);
	for (guint i = 0; w[i] != NULL; i++) {
		uint32_t v;
		if (find_word(flag_words, G_N_ELEMENTS(flag_words), w[i], &v)) {
			e->flags |= v;
		} else if (find_word(opcode_words, G_N_ELEMENTS(opcode_words), w[i], &v)) {
			e->opcode = (uint8_t)v;
		} else if (find_word(rcode_words, G_N_ELEMENTS(rcode_words), w[i], &v)) {
			e->rcode = (uint8_t)v;
		} else {
			return fail_at(
			    p, p->line,
			    "unknown REPLY option '%s'; expected a header flag (QR AA TC "
			    "RD RA AD CD DO CO), an opcode (QUERY IQUERY STATUS NOTIFY "
			    "UPDATE) or an rcode (NOERROR SERVFAIL NXDOMAIN ...)",
			    w[i]);
		}
	}
	return true;
}

static bool parse_adjust(struct parser *p, struct replay_entry *e, char *args)
{
	cut_comment(args, true);
	g_auto(GStrv) w = split_words(args);
	for (guint i = 0; w[i] != NULL; i++) {
		uint32_t bit;
		uint64_t n;
		if (find_word(adjust_words, G_N_ELEMENTS(adjust_words), w[i], &bit)) {
			e->adjust |= bit;
		} else if (g_str_has_prefix(w[i], "sleep=") && parse_u64(w[i] + 6, &n) &&
			   n <= UINT32_MAX) {
			e->adjust |= REPLAY_ADJUST_SLEEP;
			e->sleep_ms = (uint32_t)n;
		} else if (g_str_has_prefix(w[i], "packet_sleep=") && parse_u64(w[i] + 13, &n) &&
			   n <= UINT32_MAX) {
			e->adjust |= REPLAY_ADJUST_PACKET_SLEEP;
			e->sleep_ms = (uint32_t)n;
		} else {
			g_autofree char *known =
			    word_list(adjust_words, G_N_ELEMENTS(adjust_words));
			return fail_at(p, p->line,
				       "unknown ADJUST option '%s'; expected %s, sleep=N or "
				       "packet_sleep=N",
				       w[i], known);
		}
	}
	return true;
}

/* HEX_..._BEGIN .. HEX_..._END: the hex digits of the lines in between (comments cut). */
static bool read_hex(struct parser *p, const char *end, unsigned opened, char **out)
{
	GString *hex = g_string_new(NULL);
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			g_string_free(hex, TRUE);
			return fail_at(p, p->line,
				       "expected %s (opened at line %u) before the end of the file",
				       end, opened);
		}
		if (strncmp(line, end, strlen(end)) == 0) {
			break;
		}
		cut_comment(line, false);
		for (const char *c = line; *c != '\0'; c++) {
			if (g_ascii_isxdigit(*c)) {
				g_string_append_c(hex, *c);
			} else if (!g_ascii_isspace(*c)) {
				g_string_free(hex, TRUE);
				return fail_at(p, p->line, "expected hex digits, got '%c'", *c);
			}
		}
	}
	*out = g_string_free(hex, FALSE);
	return true;
}

static bool parse_rr_line(struct parser *p, struct replay_entry *e, enum replay_section section,
			  char *line)
{
	cut_comment(line, false);
	if (line[0] == '\0') {
		return true;
	}
	ldns_rr *rr = NULL;
	ldns_status st;
	if (section == REPLAY_SECTION_QUESTION) {
		st = ldns_rr_new_question_frm_str(&rr, line, p->origin, &p->prev);
	} else {
		st = ldns_rr_new_frm_str(&rr, line, p->default_ttl, p->origin, &p->prev);
	}
	if (st != LDNS_STATUS_OK) {
		return fail_at(p, p->line,
			       "expected a %s record (owner [ttl] [class] type%s), got '%s': %s",
			       replay_section_name(section),
			       section == REPLAY_SECTION_QUESTION ? "" : " rdata", line,
			       ldns_get_errorstr_by_id(st));
	}
	ldns_rr_list_push_rr(e->sections[section], rr);
	return true;
}

static bool is_structure_keyword(const char *word)
{
	static const char *const words[] = { "ENTRY_BEGIN",  "RANGE_BEGIN",    "RANGE_END", "STEP",
					     "SCENARIO_END", "SCENARIO_BEGIN", "CONFIG_END" };
	for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
		if (strcmp(word, words[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* After ENTRY_BEGIN: the entry's lines up to ENTRY_END. */
static struct replay_entry *parse_entry(struct parser *p)
{
	struct replay_entry *e = g_new0(struct replay_entry, 1);
	e->line = p->line;
	e->opcode = LDNS_PACKET_QUERY;
	e->rcode = LDNS_RCODE_NOERROR;
	e->notes = g_ptr_array_new_with_free_func(g_free);
	for (int s = 0; s < REPLAY_SECTION_COUNT; s++) {
		e->sections[s] = ldns_rr_list_new();
	}
	int section = -1;
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			fail_at(
			    p, p->line,
			    "expected ENTRY_END (entry opened at line %u) before the end of the "
			    "file",
			    e->line);
			goto fail;
		}
		if (is_blank_or_comment(line)) {
			continue;
		}
		g_autofree char *word = first_word(line);
		char *args = (char *)after_first_word(line);
		bool ok = true;
		if (strcmp(word, "ENTRY_END") == 0) {
			return e;
		} else if (strcmp(word, "MATCH") == 0) {
			ok = parse_match(p, e, args);
		} else if (strcmp(word, "REPLY") == 0 || strcmp(word, "FLAGS") == 0) {
			ok = parse_reply(p, e, args);
		} else if (strcmp(word, "ADJUST") == 0) {
			ok = parse_adjust(p, e, args);
		} else if (strcmp(word, "SECTION") == 0) {
			cut_comment(args, true);
			section = -1;
			for (int s = 0; s < REPLAY_SECTION_COUNT; s++) {
				if (strcmp(args, replay_section_name(s)) == 0) {
					section = s;
				}
			}
			if (section < 0) {
				ok = fail_at(p, p->line,
					     "expected QUESTION, ANSWER, AUTHORITY or ADDITIONAL "
					     "after SECTION, got '%s'",
					     args);
			}
		} else if (strcmp(word, "EXTRA_PACKET") == 0) {
			e->extra_packets++;
		} else if (strcmp(word, "HEX_ANSWER_BEGIN") == 0) {
			g_free(e->hex_answer);
			ok = read_hex(p, "HEX_ANSWER_END", p->line, &e->hex_answer);
		} else if (strcmp(word, "HEX_EDNSDATA_BEGIN") == 0) {
			g_free(e->hex_ednsdata);
			ok = read_hex(p, "HEX_EDNSDATA_END", p->line, &e->hex_ednsdata);
		} else if (strcmp(word, "RAW") == 0) {
			unsigned at = p->line;
			char *hex = next_line(p);
			if (hex == NULL) {
				ok = fail_at(p, at, "expected a line of hex digits after RAW");
			} else {
				cut_comment(hex, false);
				g_free(e->raw);
				e->raw = g_strdup(hex);
			}
		} else if (strcmp(word, "MANDATORY") == 0) {
			e->mandatory = true;
		} else if (strcmp(word, "TSIG") == 0) {
			cut_comment(args, false);
			g_free(e->tsig);
			e->tsig = g_strdup(args);
		} else if (strcmp(word, "EDNS") == 0) {
			cut_comment(line, false);
			g_ptr_array_add(e->notes, g_strdup(line));
		} else if (directive(p, line, &ok)) {
			/* $ORIGIN or $TTL: done */
		} else if (is_structure_keyword(word)) {
			ok = fail_at(p, p->line,
				     "expected ENTRY_END (entry opened at line %u), got '%s'",
				     e->line, word);
		} else if (section < 0) {
			ok = fail_at(
			    p, p->line,
			    "expected MATCH, REPLY, ADJUST, SECTION or ENTRY_END, got '%s'", word);
		} else {
			ok = parse_rr_line(p, e, section, line);
		}
		if (!ok) {
			goto fail;
		}
	}
fail:
	entry_free(e);
	return NULL;
}

/* The next non-blank line must be ENTRY_BEGIN; then the entry. */
static struct replay_entry *expect_entry(struct parser *p, const char *what)
{
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			fail_at(p, p->line,
				"expected ENTRY_BEGIN after %s before the end of the file", what);
			return NULL;
		}
		if (is_blank_or_comment(line)) {
			continue;
		}
		g_autofree char *word = first_word(line);
		if (strcmp(word, "ENTRY_BEGIN") != 0) {
			fail_at(p, p->line, "expected ENTRY_BEGIN after %s, got '%s'", what, word);
			return NULL;
		}
		return parse_entry(p);
	}
}

/* Ranges */

static void range_free(struct replay_range *r)
{
	if (r == NULL) {
		return;
	}
	g_free(r->begin_address);
	g_ptr_array_free(r->addresses, TRUE);
	g_ptr_array_free(r->entries, TRUE);
	g_free(r);
}

static bool parse_range(struct parser *p, char *line)
{
	struct replay_range *r = g_new0(struct replay_range, 1);
	r->line = p->line;
	r->addresses = g_ptr_array_new_with_free_func(g_free);
	r->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
	g_ptr_array_add(p->sc->ranges, r);
	cut_comment(line, true);
	g_auto(GStrv) w = split_words(line);
	if (w[1] == NULL || w[2] == NULL || !parse_u64(w[1], &r->start) ||
	    !parse_u64(w[2], &r->end)) {
		return fail_at(p, p->line,
			       "expected RANGE_BEGIN FIRST_STEP LAST_STEP [ADDRESS] with step "
			       "numbers as non-negative integers");
	}
	if (r->start > r->end) {
		return fail_at(
		    p, p->line,
		    "expected FIRST_STEP <= LAST_STEP after RANGE_BEGIN, got %" G_GUINT64_FORMAT
		    " > %" G_GUINT64_FORMAT,
		    r->start, r->end);
	}
	if (w[3] != NULL) {
		if (w[4] != NULL) {
			return fail_at(p, p->line,
				       "expected at most one address after the step numbers of "
				       "RANGE_BEGIN, got '%s'",
				       w[4]);
		}
		r->begin_address = g_strdup(w[3]);
	}
	for (;;) {
		char *l = next_line(p);
		if (l == NULL) {
			return fail_at(
			    p, p->line,
			    "expected RANGE_END (range opened at line %u) before the end "
			    "of the file",
			    r->line);
		}
		if (is_blank_or_comment(l)) {
			continue;
		}
		g_autofree char *word = first_word(l);
		bool ok = true;
		if (strcmp(word, "RANGE_END") == 0) {
			return true;
		} else if (strcmp(word, "ADDRESS") == 0) {
			cut_comment(l, true);
			g_auto(GStrv) aw = split_words(l);
			if (aw[1] == NULL || aw[2] != NULL) {
				return fail_at(p, p->line, "expected one address after ADDRESS");
			}
			g_ptr_array_add(r->addresses, g_strdup(aw[1]));
		} else if (strcmp(word, "ENTRY_BEGIN") == 0) {
			struct replay_entry *e = parse_entry(p);
			if (e == NULL) {
				return false;
			}
			g_ptr_array_add(r->entries, e);
		} else if (directive(p, l, &ok)) {
			if (!ok) {
				return false;
			}
		} else {
			return fail_at(
			    p, p->line,
			    "expected ADDRESS, ENTRY_BEGIN or RANGE_END (range opened at "
			    "line %u), got '%s'",
			    r->line, word);
		}
	}
}

/* Steps */

static void step_free(struct replay_step *s)
{
	if (s == NULL) {
		return;
	}
	g_free(s->type);
	g_free(s->args);
	g_free(s->address);
	entry_free(s->entry);
	g_free(s->body);
	g_free(s);
}

static enum replay_step_kind step_kind(const char *type)
{
	static const struct {
		const char *word;
		enum replay_step_kind kind;
	} kinds[] = {
		{ "QUERY", REPLAY_STEP_QUERY },
		{ "CHECK_ANSWER", REPLAY_STEP_CHECK_ANSWER },
		{ "ANSWER", REPLAY_STEP_CHECK_ANSWER }, /* [D] alias */
		{ "CHECK_OUT_QUERY", REPLAY_STEP_CHECK_OUT_QUERY },
		{ "REPLY", REPLAY_STEP_REPLY },
		{ "MOCK", REPLAY_STEP_REPLY }, /* [D] alias */
		{ "TIME_PASSES", REPLAY_STEP_TIME_PASSES },
		{ "TIMEOUT", REPLAY_STEP_TIMEOUT },
		{ "ERROR", REPLAY_STEP_ERROR },
		{ "TRAFFIC", REPLAY_STEP_TRAFFIC },
		{ "NOTHING", REPLAY_STEP_NOTHING },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		if (strcmp(type, kinds[i].word) == 0) {
			return kinds[i].kind;
		}
	}
	return REPLAY_STEP_OTHER;
}

static bool parse_step(struct parser *p, char *line)
{
	struct replay_step *s = g_new0(struct replay_step, 1);
	s->line = p->line;
	g_ptr_array_add(p->sc->steps, s);
	cut_comment(line, true);
	g_auto(GStrv) w = split_words(line);
	if (w[1] == NULL || !parse_u64(w[1], &s->number)) {
		return fail_at(p, p->line,
			       "expected STEP NUMBER TYPE with a non-negative integer "
			       "step number");
	}
	if (w[2] == NULL) {
		return fail_at(p, p->line, "expected a step type after STEP %" G_GUINT64_FORMAT,
			       s->number);
	}
	if (p->sc->steps->len > 1) {
		const struct replay_step *prev =
		    g_ptr_array_index(p->sc->steps, p->sc->steps->len - 2);
		if (s->number <= prev->number) {
			return fail_at(p, p->line,
				       "expected a step number above %" G_GUINT64_FORMAT
				       " (STEP numbers increase through the file), got "
				       "%" G_GUINT64_FORMAT,
				       prev->number, s->number);
		}
	}
	s->type = g_strdup(w[2]);
	s->kind = step_kind(s->type);
	GString *args = g_string_new(NULL);
	for (guint i = 3; w[i] != NULL; i++) {
		if (strcmp(w[i], "ADDRESS") == 0 && s->kind != REPLAY_STEP_OTHER) {
			if (w[i + 1] == NULL) {
				g_string_free(args, TRUE);
				return fail_at(p, p->line, "expected an address after ADDRESS");
			}
			g_free(s->address);
			s->address = g_strdup(w[++i]);
			continue;
		}
		g_string_append_printf(args, "%s%s", args->len > 0 ? " " : "", w[i]);
	}
	s->args = g_string_free(args, FALSE);
	char what[64];
	g_snprintf(what, sizeof(what), "STEP %" G_GUINT64_FORMAT " %s", s->number, s->type);
	switch (s->kind) {
	case REPLAY_STEP_QUERY:
	case REPLAY_STEP_CHECK_ANSWER:
	case REPLAY_STEP_CHECK_OUT_QUERY:
	case REPLAY_STEP_REPLY:
		s->entry = expect_entry(p, what);
		return s->entry != NULL;
	case REPLAY_STEP_TIME_PASSES: {
		g_auto(GStrv) a = split_words(s->args);
		if (a[0] != NULL && strcmp(a[0], "EVAL") == 0 && a[1] != NULL) {
			return true;
		}
		char *end = NULL;
		double secs =
		    a[0] != NULL && a[1] != NULL && a[2] == NULL && strcmp(a[0], "ELAPSE") == 0
			? g_ascii_strtod(a[1], &end)
			: -1.0;
		if (end == NULL || *end != '\0' || end == a[1] || !isfinite(secs) || secs < 0 ||
		    secs > 1e9) {
			return fail_at(p, p->line,
				       "expected ELAPSE SECONDS (a non-negative number) or EVAL "
				       "EXPRESSION after %s",
				       what);
		}
		s->has_elapse = true;
		s->elapse_ns = (int64_t)llround(secs * 1e9);
		return true;
	}
	case REPLAY_STEP_OTHER:
		if (strcmp(s->type, "CHECK_AUTOTRUST") == 0 ||
		    strcmp(s->type, "CHECK_TEMPFILE") == 0) {
			for (;;) {
				char *l = next_line(p);
				if (l == NULL) {
					return fail_at(
					    p, p->line,
					    "expected FILE_BEGIN after %s before the end "
					    "of the file",
					    what);
				}
				if (is_blank_or_comment(l)) {
					continue;
				}
				if (strncmp(l, "FILE_BEGIN", 10) != 0) {
					return fail_at(p, p->line,
						       "expected FILE_BEGIN after %s, got '%s'",
						       what, l);
				}
				return read_block(p, "FILE_END", p->line, &s->body);
			}
		}
		return true;
	default:
		return true;
	}
}

/* Scenario */

static void config_item_free(struct replay_config_item *it)
{
	g_free(it->section);
	g_free(it->key);
	g_free(it->value);
	g_free(it);
}

void replay_scenario_free(struct replay_scenario *sc)
{
	if (sc == NULL) {
		return;
	}
	g_free(sc->file);
	g_free(sc->title);
	g_ptr_array_free(sc->config, TRUE);
	g_ptr_array_free(sc->ranges, TRUE);
	g_ptr_array_free(sc->steps, TRUE);
	g_ptr_array_free(sc->warnings, TRUE);
	g_free(sc);
}

static bool parse_scenario(struct parser *p)
{
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			return fail_at(p, p->line,
				       "expected SCENARIO_BEGIN TITLE before the end of the file");
		}
		if (is_blank_or_comment(line)) {
			continue;
		}
		g_autofree char *word = first_word(line);
		if (strcmp(word, "SCENARIO_BEGIN") == 0) {
			p->sc->title = g_strdup(after_first_word(line));
			if (p->sc->title[0] == '\0' && p->dialect == REPLAY_DIALECT_UNBOUND) {
				return fail_at(p, p->line, "expected a title after SCENARIO_BEGIN");
			}
			break;
		}
		warn_at(p, p->line, "line before SCENARIO_BEGIN ignored: '%s'", word);
	}
	for (;;) {
		char *line = next_line(p);
		if (line == NULL) {
			return fail_at(p, p->line,
				       "expected SCENARIO_END before the end of the file");
		}
		if (is_blank_or_comment(line)) {
			continue;
		}
		g_autofree char *word = first_word(line);
		bool ok = true;
		if (strcmp(word, "SCENARIO_END") == 0) {
			return true;
		} else if (strcmp(word, "RANGE_BEGIN") == 0) {
			ok = parse_range(p, line);
		} else if (strcmp(word, "STEP") == 0) {
			ok = parse_step(p, line);
		} else if (directive(p, line, &ok)) {
			/* $ORIGIN or $TTL between ranges and steps */
		} else if (strcmp(word, "ENTRY_BEGIN") == 0) {
			ok =
			    fail_at(p, p->line,
				    "expected ENTRY_BEGIN only inside a RANGE or after a STEP that "
				    "takes one");
		} else {
			/* testbound skips unknown lines here (rpl-format.md section 5, item 12) */
			warn_at(p, p->line,
				"line ignored (not RANGE_BEGIN, STEP or SCENARIO_END): '%s'", word);
		}
		if (!ok) {
			return false;
		}
	}
}

struct replay_scenario *replay_scenario_parse(const char *text, size_t len, const char *file,
					      enum replay_dialect dialect, GError **error)
{
	struct parser p = {
		.file = file,
		.text = text,
		.len = len,
		.default_ttl = DEFAULT_TTL,
		.error = error,
	};
	p.origin = ldns_dname_new_frm_str(".");
	p.sc = g_new0(struct replay_scenario, 1);
	p.sc->file = g_strdup(file);
	p.sc->config = g_ptr_array_new_with_free_func((GDestroyNotify)config_item_free);
	p.sc->ranges = g_ptr_array_new_with_free_func((GDestroyNotify)range_free);
	p.sc->steps = g_ptr_array_new_with_free_func((GDestroyNotify)step_free);
	p.sc->warnings = g_ptr_array_new_with_free_func(g_free);
	if (dialect == REPLAY_DIALECT_AUTO) {
		dialect = dialect_from_path(file);
	}
	if (dialect == REPLAY_DIALECT_AUTO) {
		dialect = dialect_from_config(text, len);
	}
	p.dialect = dialect;
	p.sc->dialect = dialect;
	bool ok = memchr(text, '\0', len) == NULL ||
		  fail_at(&p, 1, "expected text, found a NUL byte (is this a .rpl file?)");
	ok = ok && parse_config(&p) && parse_scenario(&p);
	g_free(p.buf);
	ldns_rdf_deep_free(p.origin);
	ldns_rdf_deep_free(p.prev);
	if (!ok) {
		replay_scenario_free(p.sc);
		return NULL;
	}
	return p.sc;
}

struct replay_scenario *replay_scenario_load(const char *path, enum replay_dialect dialect,
					     GError **error)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &text, &len, &err)) {
		g_set_error(error, REPLAY_RPL_ERROR, REPLAY_RPL_ERROR_IO, "%s: %s", path,
			    err->message);
		return NULL;
	}
	return replay_scenario_parse(text, len, path, dialect, error);
}

const char *replay_scenario_config(const struct replay_scenario *sc, const char *key)
{
	for (guint i = sc->config->len; i > 0; i--) {
		const struct replay_config_item *it = g_ptr_array_index(sc->config, i - 1);
		if (strcmp(it->key, key) == 0) {
			return it->value;
		}
	}
	return NULL;
}
