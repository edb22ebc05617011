/*
 * Statement syntax: one statement per line, a keyword first; zone blocks run to "end".
 * Semantic checks (types, ranges, references) are in validate.c, zone data in zone.c.
 */
#include "sim/scenario/parser.h"

#include <string.h>

#include "sim/scenario/internal.h"
#include "sim/scenario/value.h"
#include "sim/util.h"

struct parser {
	struct scenario *sc;
	scenario_diags *diags;
	const char *file; /* interned */
	char **lines;
	guint nlines;
	guint next; /* index of the next line to read */
	GChecksum *digest;
};

static struct scenario_loc loc_at(const struct parser *p, int line, int col)
{
	return (struct scenario_loc){ p->file, line, col };
}

static struct scenario_loc tok_loc(const struct parser *p, int line, const struct scenario_token *t)
{
	return loc_at(p, line, t->col);
}

static bool is_identifier(const char *s)
{
	if (!g_ascii_isalnum(s[0])) {
		return false;
	}
	for (const char *c = s; *c != '\0'; c++) {
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_') {
			return false;
		}
	}
	return true;
}

/* Split tokens [from, len) into positional args and attributes of stmt. */
static void take_args_and_attrs(struct parser *p, int line, GArray *toks, guint from,
				GPtrArray *args, GPtrArray *attrs)
{
	for (guint i = from; i < toks->len; i++) {
		struct scenario_token *t = &g_array_index(toks, struct scenario_token, i);
		if (t->type == SCENARIO_TOK_KEYVAL) {
			if (scenario_attrs_get(attrs, t->text) != NULL) {
				scenario_diag_error(p->diags, tok_loc(p, line, t),
						    "key '%s' given twice; expected each key once",
						    t->text);
				continue;
			}
			g_ptr_array_add(attrs,
					scenario_attr_new(t->text, t->value, tok_loc(p, line, t),
							  loc_at(p, line, t->value_col)));
		} else {
			struct scenario_arg *a = g_new0(struct scenario_arg, 1);
			a->text = g_strdup(t->text);
			a->loc = tok_loc(p, line, t);
			g_ptr_array_add(args, a);
		}
	}
}

static struct scenario_token *tok(GArray *toks, guint i)
{
	return i < toks->len ? &g_array_index(toks, struct scenario_token, i) : NULL;
}

/* Column just past the last token, for "expected X here" errors at the end of a line. */
static int end_col(GArray *toks, const char *line)
{
	if (toks->len == 0) {
		int col = 1;
		for (const char *c = line; *c != '\0'; c++) {
			col += ((unsigned char)*c & 0xc0) != 0x80; /* characters, as the lexer */
		}
		return col;
	}
	return g_array_index(toks, struct scenario_token, toks->len - 1).end_col + 1;
}

static char *read_word_arg(struct parser *p, int line, GArray *toks, guint i, const char *what,
			   const char *full_line)
{
	struct scenario_token *t = tok(toks, i);
	if (t == NULL || t->type == SCENARIO_TOK_KEYVAL) {
		int col = t != NULL ? t->col : end_col(toks, full_line);
		scenario_diag_error(p->diags, loc_at(p, line, col), "missing %s; expected %s", what,
				    what);
		return NULL;
	}
	return t->text;
}

/*
 * A line at column 1 whose first word is a statement keyword and whose second word is not a TTL,
 * a class or an RR type cannot be a record: the zone block was not closed.
 */
static bool looks_like_statement(const char *l)
{
	if (l[0] == ' ' || l[0] == '\t') {
		return false;
	}
	g_auto(GStrv) words = g_strsplit_set(l, " \t", 3);
	if (words[0] == NULL || scenario_stmt_spec_find(words[0]) == NULL) {
		return false;
	}
	const char *second = words[1] != NULL ? words[1] : "";
	if (second[0] == '\0' || g_ascii_isdigit(second[0])) {
		return second[0] == '\0';
	}
	g_autofree char *upper = g_ascii_strup(second, -1);
	if (strcmp(upper, "IN") == 0 || strcmp(upper, "CH") == 0 || strcmp(upper, "HS") == 0) {
		return false;
	}
	return ldns_get_rr_type_by_name(second) == 0;
}

static void parse_zone_block(struct parser *p, struct scenario_zone *zone, int zone_line)
{
	guint start = p->next;
	while (p->next < p->nlines) {
		const char *l = p->lines[p->next];
		size_t stop = scenario_comment_start(l, SCENARIO_LEX_MASTER);
		g_autofree char *code = g_strndup(l, stop);
		g_strstrip(code);
		if (strcmp(code, "end") == 0) {
			scenario_zone_read(zone, p->lines + start, p->next - start, (int)start + 1,
					   p->file, p->diags);
			p->next++;
			return;
		}
		if (looks_like_statement(l)) {
			break; /* "end" was forgotten */
		}
		p->next++;
	}
	scenario_diag_error(p->diags, loc_at(p, zone_line, 1),
			    "zone block is not closed; expected a line 'end' after its records");
	scenario_zone_read(zone, p->lines + start, p->next - start, (int)start + 1, p->file,
			   p->diags);
}

static void read_zone_file(struct parser *p, struct scenario_zone *zone,
			   const struct scenario_attr *file_attr)
{
	zone->file = g_path_is_absolute(file_attr->text)
			 ? g_strdup(file_attr->text)
			 : g_build_filename(p->sc->dir, file_attr->text, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(zone->file, &text, NULL, &err)) {
		scenario_diag_error(p->diags, file_attr->loc,
				    "cannot read zone file '%s': %s; expected a readable file "
				    "relative to the scenario's folder",
				    file_attr->text, err->message);
		return;
	}
	g_checksum_update(p->digest, (const guchar *)text, (gssize)strlen(text));
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	scenario_zone_read(zone, lines, g_strv_length(lines), 1, zone->file, p->diags);
}

static void parse_zone(struct parser *p, struct scenario_stmt *stmt, int line)
{
	struct scenario_zone *zone = g_new0(struct scenario_zone, 1);
	zone->stmt = stmt;
	zone->records = g_ptr_array_new_with_free_func(scenario_record_free);
	g_ptr_array_add(p->sc->zones, zone);
	if (stmt->name != NULL) {
		zone->origin = scenario_dname_normalise(stmt->name, NULL);
		if (zone->origin == NULL) {
			scenario_diag_error(p->diags, stmt->name_loc,
					    "'%s' is not a valid domain name; expected a zone "
					    "origin such as example.com.",
					    stmt->name);
		} else {
			g_free(stmt->name);
			stmt->name = g_strdup(zone->origin);
		}
	}
	const struct scenario_attr *file_attr = scenario_stmt_attr(stmt, "file");
	if (file_attr != NULL) {
		if (zone->origin != NULL) {
			read_zone_file(p, zone, file_attr);
		}
	} else {
		parse_zone_block(p, zone, line);
	}
}

static void parse_time_spec(struct parser *p, int line, struct scenario_token *t,
			    struct scenario_action *a)
{
	const char *why = NULL;
	const char *dots = strstr(t->text, "..");
	g_autofree char *first =
	    dots ? g_strndup(t->text, (gsize)(dots - t->text)) : g_strdup(t->text);
	a->until_ns = -1;
	a->time_loc = tok_loc(p, line, t);
	if (!scenario_parse_duration(first, &a->at_ns, &why)) {
		scenario_diag_error(p->diags, tok_loc(p, line, t), "bad time '%s': %s", first, why);
		return;
	}
	if (dots != NULL) {
		int col = t->col + (int)(dots - t->text) + 2;
		if (!scenario_parse_duration(dots + 2, &a->until_ns, &why)) {
			scenario_diag_error(p->diags, loc_at(p, line, col), "bad end time '%s': %s",
					    dots + 2, why);
			a->until_ns = -1;
		} else if (a->until_ns <= a->at_ns) {
			scenario_diag_error(p->diags, loc_at(p, line, col),
					    "end time %s is not after start time %s; expected "
					    "START..END with END later",
					    dots + 2, first);
			a->until_ns = -1;
		}
	}
}

static void parse_at(struct parser *p, int line, GArray *toks, const char *text)
{
	struct scenario_action *a = g_new0(struct scenario_action, 1);
	a->loc = loc_at(p, line, 1);
	a->args = g_ptr_array_new_with_free_func((GDestroyNotify)scenario_arg_free);
	a->attrs = g_ptr_array_new_with_free_func((GDestroyNotify)scenario_attr_free);
	a->until_ns = -1;
	g_ptr_array_add(p->sc->actions, a);

	struct scenario_token *t = tok(toks, 1);
	if (t == NULL || t->type != SCENARIO_TOK_WORD) {
		scenario_diag_error(p->diags, loc_at(p, line, t ? t->col : end_col(toks, text)),
				    "missing time; expected 'at TIME TARGET NAME ...', e.g. "
				    "'at 10m backend web down'");
		return;
	}
	parse_time_spec(p, line, t, a);
	t = tok(toks, 2);
	if (t == NULL || t->type != SCENARIO_TOK_WORD) {
		scenario_diag_error(p->diags, loc_at(p, line, t ? t->col : end_col(toks, text)),
				    "missing target; expected one of backend, server, resolver, "
				    "health, record, zone, clients, link");
		return;
	}
	const struct scenario_target_spec *ts = scenario_target_find(t->text);
	if (ts == NULL) {
		const char *s = scenario_suggest(t->text, scenario_target_words());
		scenario_diag_error(p->diags, tok_loc(p, line, t),
				    "unknown timeline target '%s'%s%s%s; expected one of backend, "
				    "server, resolver, health, record, zone, clients, link",
				    t->text, s ? " (did you mean '" : "", s ? s : "",
				    s ? "'?)" : "");
		return;
	}
	a->target = ts->target;
	t = tok(toks, 3);
	if (t == NULL || t->type == SCENARIO_TOK_KEYVAL) {
		scenario_diag_error(p->diags, loc_at(p, line, t ? t->col : end_col(toks, text)),
				    "missing %s name; expected %s", ts->word, ts->synopsis);
		return;
	}
	a->target_name = g_strdup(t->text);
	a->target_loc = tok_loc(p, line, t);
	guint i = 4;
	/* the verb is the first word found in the target's verb list */
	struct scenario_token *v = tok(toks, i);
	if (v != NULL && v->type == SCENARIO_TOK_WORD && ts->verbs[0] != NULL &&
	    a->target != SCENARIO_TARGET_RECORD && a->target != SCENARIO_TARGET_LINK) {
		a->verb = g_strdup(v->text);
		a->verb_loc = tok_loc(p, line, v);
		i++;
	}
	take_args_and_attrs(p, line, toks, i, a->args, a->attrs);
	/* records: "record OWNER TYPE [remove]" -- the verb follows the type */
	if (a->target == SCENARIO_TARGET_RECORD && a->args->len >= 2) {
		struct scenario_arg *verb = g_ptr_array_index(a->args, 1);
		a->verb = g_strdup(verb->text);
		a->verb_loc = verb->loc;
		g_ptr_array_remove_index(a->args, 1);
	}
}

static void parse_expect(struct parser *p, int line, GArray *toks, const char *text)
{
	struct scenario_expect *e = g_new0(struct scenario_expect, 1);
	e->loc = loc_at(p, line, 1);
	g_ptr_array_add(p->sc->expects, e);
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
	struct scenario_token *m = tok(toks, 1);
	struct scenario_token *op = tok(toks, 2);
	struct scenario_token *v = tok(toks, 3);
	if (m == NULL || m->type != SCENARIO_TOK_WORD) {
		scenario_diag_error(p->diags, loc_at(p, line, m ? m->col : end_col(toks, text)),
				    "missing metric; expected 'expect METRIC OP VALUE', e.g. "
				    "'expect backend.web.downtime <= 20m'");
		return;
	}
	e->metric = g_strdup(m->text);
	e->metric_loc = tok_loc(p, line, m);
	int op_index = -1;
	for (int k = 0; op != NULL && op->type == SCENARIO_TOK_WORD && k < 6; k++) {
		if (strcmp(op->text, ops[k]) == 0) {
			op_index = k;
		}
	}
	if (op_index < 0) {
		scenario_diag_error(p->diags, loc_at(p, line, op ? op->col : end_col(toks, text)),
				    "missing or bad comparison; expected one of < <= > >= == != "
				    "with spaces around it");
		return;
	}
	e->cmp = (enum scenario_cmp)op_index;
	if (v == NULL || v->type != SCENARIO_TOK_WORD) {
		scenario_diag_error(
		    p->diags, loc_at(p, line, v ? v->col : end_col(toks, text)),
		    "missing value; expected a number, ratio or duration after '%s'",
		    ops[op_index]);
		return;
	}
	e->value_text = g_strdup(v->text);
	e->value_loc = tok_loc(p, line, v);
	struct scenario_token *extra = tok(toks, 4);
	if (extra != NULL) {
		scenario_diag_error(p->diags, tok_loc(p, line, extra),
				    "unexpected '%s' after the expectation; expected the end of "
				    "the line",
				    extra->type == SCENARIO_TOK_KEYVAL ? extra->text : extra->text);
	}
}

/* Settings written as "KEYWORD VALUE": scenario, duration, seed. */
static void parse_setting(struct parser *p, int line, GArray *toks, struct scenario_stmt *stmt,
			  const char *text)
{
	struct scenario_token *t = tok(toks, 1);
	if (t == NULL || t->type == SCENARIO_TOK_KEYVAL) {
		scenario_diag_error(p->diags, loc_at(p, line, t ? t->col : end_col(toks, text)),
				    "missing value; expected %s", stmt->spec->synopsis);
		return;
	}
	take_args_and_attrs(p, line, toks, 1, stmt->args, stmt->attrs);
	if (stmt->args->len > 1) {
		struct scenario_arg *extra = g_ptr_array_index(stmt->args, 1);
		scenario_diag_error(p->diags, extra->loc,
				    "unexpected '%s'; expected %s (one value; quote a title with "
				    "spaces)",
				    extra->text, stmt->spec->synopsis);
	}
}

static void parse_statement(struct parser *p, int line, const char *text)
{
	g_autoptr(GArray) toks = NULL;
	toks = scenario_lex(text, SCENARIO_LEX_STATEMENT, loc_at(p, line, 1), p->diags);
	if (toks->len == 0) {
		g_array_unref(g_steal_pointer(&toks));
		return;
	}
	struct scenario_token *kw = tok(toks, 0);
	const struct scenario_stmt_spec *spec =
	    kw->type == SCENARIO_TOK_WORD ? scenario_stmt_spec_find(kw->text) : NULL;
	if (spec == NULL) {
		const char *s = scenario_suggest(kw->text, scenario_keywords());
		scenario_diag_error(
		    p->diags, tok_loc(p, line, kw),
		    "unknown statement '%s'%s%s%s; expected a keyword such as zone, "
		    "health, backend, resolver, clients, at or expect",
		    kw->text, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	if (spec->kind == SCENARIO_KIND_AT) {
		parse_at(p, line, toks, text);
	} else if (spec->kind == SCENARIO_KIND_EXPECT) {
		parse_expect(p, line, toks, text);
	} else {
		struct scenario_stmt *stmt = scenario_stmt_new(spec, tok_loc(p, line, kw));
		g_ptr_array_add(p->sc->stmts, stmt);
		if (spec->once) {
			for (guint i = 0; i + 1 < p->sc->stmts->len; i++) {
				const struct scenario_stmt *o = g_ptr_array_index(p->sc->stmts, i);
				if (o->spec == spec && !o->implied) {
					scenario_diag_error(p->diags, stmt->loc,
							    "'%s' given twice (first at line %d); "
							    "expected it once",
							    spec->keyword, o->loc.line);
					break;
				}
			}
		}
		if (spec->kind == SCENARIO_KIND_SCENARIO || spec->kind == SCENARIO_KIND_DURATION ||
		    spec->kind == SCENARIO_KIND_SEED) {
			parse_setting(p, line, toks, stmt, text);
		} else if (spec->named) {
			const char *name = read_word_arg(p, line, toks, 1, "name", text);
			if (name != NULL) {
				stmt->name = g_strdup(name);
				stmt->name_loc = tok_loc(p, line, tok(toks, 1));
				if (spec->kind != SCENARIO_KIND_ZONE &&
				    spec->kind != SCENARIO_KIND_CIDR && !is_identifier(name)) {
					scenario_diag_error(
					    p->diags, stmt->name_loc,
					    "bad %s name '%s'; expected letters, digits, '-' "
					    "and '_' only",
					    spec->keyword, name);
				}
			}
			take_args_and_attrs(p, line, toks, name != NULL ? 2 : 1, stmt->args,
					    stmt->attrs);
			if (spec->kind == SCENARIO_KIND_ZONE) {
				parse_zone(p, stmt, line);
			}
		} else {
			take_args_and_attrs(p, line, toks, 1, stmt->args, stmt->attrs);
		}
	}
	scenario_tokens_free(g_steal_pointer(&toks));
}

static void parse_lines(struct parser *p)
{
	while (p->next < p->nlines) {
		guint index = p->next++;
		const char *l = p->lines[index];
		parse_statement(p, (int)index + 1, l);
	}
}

static int action_cmp(gconstpointer pa, gconstpointer pb)
{
	const struct scenario_action *a = *(struct scenario_action *const *)pa;
	const struct scenario_action *b = *(struct scenario_action *const *)pb;
	if (a->at_ns != b->at_ns) {
		return a->at_ns < b->at_ns ? -1 : 1;
	}
	/* same time: file order (g_ptr_array_sort is not stable, so compare locations) */
	if (a->loc.line != b->loc.line) {
		return a->loc.line < b->loc.line ? -1 : 1;
	}
	return 0;
}

struct scenario *scenario_parse_text(const char *text, const char *file_name, const char *dir,
				     const char *const *overrides, const uint64_t *seed_override,
				     scenario_diags *diags)
{
	guint errors_before = scenario_diags_count(diags);
	struct scenario *sc = g_new0(struct scenario, 1);
	sc->file = g_strdup(file_name);
	sc->dir = g_strdup(dir != NULL ? dir : ".");
	sc->stmts = g_ptr_array_new();
	sc->zones = g_ptr_array_new();
	sc->actions = g_ptr_array_new();
	sc->expects = g_ptr_array_new();
	sc->strings = scenario_diags_ref(diags);
	sc->duration_ns = SIM_NS_PER_H;
	sc->seed = 1;
	sc->bucket_ns = SIM_NS_PER_S;

	struct parser p = {
		.sc = sc,
		.diags = diags,
		.file = scenario_diags_intern(diags, file_name),
		.digest = g_checksum_new(G_CHECKSUM_SHA256),
	};
	g_checksum_update(p.digest, (const guchar *)text, (gssize)strlen(text));
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	p.lines = lines;
	p.nlines = g_strv_length(lines);
	parse_lines(&p);
	g_strlcpy(sc->digest, g_checksum_get_string(p.digest), sizeof(sc->digest));
	g_checksum_free(p.digest);

	scenario_apply_overrides(sc, overrides, diags);
	if (seed_override != NULL) {
		struct scenario_stmt *seed = scenario_find(sc, SCENARIO_KIND_SEED, NULL);
		if (seed != NULL) {
			g_ptr_array_set_size(seed->args, 0);
		} else {
			seed = scenario_stmt_new(scenario_stmt_spec_of(SCENARIO_KIND_SEED),
						 (struct scenario_loc){ "--seed", 1, 1 });
			g_ptr_array_add(sc->stmts, seed);
		}
		struct scenario_arg *a = g_new0(struct scenario_arg, 1);
		a->text = g_strdup_printf("%" G_GUINT64_FORMAT, *seed_override);
		a->loc = (struct scenario_loc){ scenario_diags_intern(diags, "--seed"), 1, 1 };
		g_ptr_array_add(seed->args, a);
	}
	scenario_validate(sc, diags);
	g_ptr_array_sort(sc->actions, action_cmp);

	if (scenario_diags_count(diags) > errors_before) {
		scenario_diags_sort(diags);
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

struct scenario *scenario_load(const char *path, const char *const *overrides,
			       const uint64_t *seed_override, scenario_diags *diags)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &text, &len, &err)) {
		scenario_diag_error(diags, (struct scenario_loc){ path, 0, 0 },
				    "cannot read scenario: %s", err->message);
		return NULL;
	}
	if (memchr(text, '\0', len) != NULL || !g_utf8_validate(text, (gssize)len, NULL)) {
		scenario_diag_error(diags, (struct scenario_loc){ path, 0, 0 },
				    "not a text file (invalid UTF-8); expected a .dnssim scenario");
		return NULL;
	}
	g_autofree char *dir = g_path_get_dirname(path);
	return scenario_parse_text(text, path, dir, overrides, seed_override, diags);
}
