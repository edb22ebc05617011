/*
 * Zone data in RFC 1035 master-file syntax, parsed by ldns, with Route 53 attributes as trailing
 * key=value words and alias records written "OWNER [TTL] [IN] TYPE alias TARGET".
 *
 * Inside a scenario's zone block the lines are indented for readability, so a blank owner (the
 * master-file "same owner as before") is written by indenting a line deeper than the block's
 * first record. $TTL and $ORIGIN work as in master files; parentheses join lines.
 */
#include <string.h>

#include "sim/scenario/internal.h"

char *scenario_dname_normalise(const char *text, const char *origin)
{
	if (text == NULL || text[0] == '\0' || strchr(text, ' ') != NULL) {
		return NULL;
	}
	ldns_rdf *rdf = NULL;
	if (ldns_str2rdf_dname(&rdf, text) != LDNS_STATUS_OK) {
		return NULL;
	}
	if (!ldns_dname_str_absolute(text)) {
		ldns_rdf *base = NULL;
		if (origin != NULL && ldns_str2rdf_dname(&base, origin) == LDNS_STATUS_OK) {
			if (ldns_dname_cat(rdf, base) != LDNS_STATUS_OK) {
				ldns_rdf_deep_free(base);
				ldns_rdf_deep_free(rdf);
				return NULL;
			}
			ldns_rdf_deep_free(base);
		}
	}
	ldns_dname2canonical(rdf);
	char *s = ldns_rdf2str(rdf);
	ldns_rdf_deep_free(rdf);
	char *out = g_strdup(s);
	free(s);
	return out;
}

static bool is_class(const char *w)
{
	return g_ascii_strcasecmp(w, "IN") == 0 || g_ascii_strcasecmp(w, "CH") == 0 ||
	       g_ascii_strcasecmp(w, "HS") == 0 || g_ascii_strcasecmp(w, "CS") == 0;
}

static bool is_ttl(const char *w)
{
	if (!g_ascii_isdigit(w[0])) {
		return false;
	}
	for (const char *c = w; *c != '\0'; c++) {
		if (!g_ascii_isdigit(*c) && strchr("smhdwSMHDW", *c) == NULL) {
			return false;
		}
	}
	return true;
}

struct zone_reader {
	struct scenario_zone *zone;
	scenario_diags *diags;
	const char *file;
	char *origin; /* current $ORIGIN */
	uint32_t default_ttl;
	bool have_default_ttl;
	char *prev_owner; /* absolute owner of the previous record */
	int base_indent;  /* indentation of the first record line, -1 before it */
};

static struct scenario_loc zl(const struct zone_reader *r, int line, int col)
{
	return (struct scenario_loc){ r->file, line, col };
}

static void directive(struct zone_reader *r, GArray *toks, int line)
{
	struct scenario_token *d = &g_array_index(toks, struct scenario_token, 0);
	struct scenario_token *v =
	    toks->len > 1 ? &g_array_index(toks, struct scenario_token, 1) : NULL;
	if (g_ascii_strcasecmp(d->text, "$TTL") == 0) {
		const char *end = NULL;
		uint32_t ttl = v != NULL ? ldns_str2period(v->text, &end) : 0;
		if (v == NULL || end == NULL || *end != '\0') {
			scenario_diag_error(
			    r->diags, zl(r, line, v ? v->col : d->col + 5),
			    "bad $TTL; expected a TTL in seconds such as 300 or 1h");
			return;
		}
		r->default_ttl = ttl;
		r->have_default_ttl = true;
	} else if (g_ascii_strcasecmp(d->text, "$ORIGIN") == 0) {
		char *o = v != NULL ? scenario_dname_normalise(v->text, r->origin) : NULL;
		if (o == NULL) {
			scenario_diag_error(r->diags, zl(r, line, v ? v->col : d->col + 8),
					    "bad $ORIGIN; expected a domain name");
			return;
		}
		g_free(r->origin);
		r->origin = o;
	} else {
		scenario_diag_error(r->diags, zl(r, line, d->col),
				    "unsupported directive '%s'; expected $TTL or $ORIGIN (use a "
				    "separate zone statement with file= instead of $INCLUDE)",
				    d->text);
	}
}

ldns_rr *scenario_rr_parse(const char *text, const char *origin, struct scenario_loc loc,
			   scenario_diags *diags)
{
	ldns_rdf *origin_rdf = NULL;
	ldns_rr *rr = NULL;
	if (origin != NULL) {
		ldns_str2rdf_dname(&origin_rdf, origin);
	}
	ldns_status st = ldns_rr_new_frm_str(&rr, text, 3600, origin_rdf, NULL);
	if (origin_rdf != NULL) {
		ldns_rdf_deep_free(origin_rdf);
	}
	if (st != LDNS_STATUS_OK) {
		scenario_diag_error(diags, loc,
				    "bad record '%s': %s; expected master-file syntax "
				    "such as 'www 60 IN A 192.0.2.1'",
				    text, ldns_get_errorstr_by_id(st));
		return NULL;
	}
	return rr;
}

static int end_col_of(GArray *toks, guint n)
{
	return g_array_index(toks, struct scenario_token, n - 1).end_col + 1;
}

static void record_free_partial(struct scenario_record *rec)
{
	scenario_record_free(rec);
}

/* Parse one logical record line (parentheses already joined). */
static void record_line(struct zone_reader *r, const char *text, int indent, int line)
{
	g_autoptr(GArray) toks = NULL;
	toks = scenario_lex(text, SCENARIO_LEX_MASTER, zl(r, line, 1), r->diags);
	if (toks->len == 0) {
		g_array_unref(g_steal_pointer(&toks));
		return;
	}
	struct scenario_token *first = &g_array_index(toks, struct scenario_token, 0);
	if (first->type == SCENARIO_TOK_WORD && first->text[0] == '$') {
		directive(r, toks, line);
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	if (r->base_indent < 0) {
		r->base_indent = indent;
	}
	bool same_owner = indent > r->base_indent;
	if (same_owner && r->prev_owner == NULL) {
		scenario_diag_error(r->diags, zl(r, line, first->col),
				    "indented record without a previous owner; expected the owner "
				    "name first (indent deeper only to repeat the previous owner)");
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	/* trailing key=value words are Route 53 attributes */
	guint nrr = toks->len;
	while (nrr > 0 &&
	       g_array_index(toks, struct scenario_token, nrr - 1).type == SCENARIO_TOK_KEYVAL) {
		nrr--;
	}
	if (nrr == 0) {
		scenario_diag_error(r->diags, zl(r, line, first->col),
				    "attributes without a record; expected 'OWNER [TTL] [IN] TYPE "
				    "DATA key=value...'");
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	struct scenario_record *rec = g_new0(struct scenario_record, 1);
	rec->loc = zl(r, line, first->col);
	rec->attrs = g_ptr_array_new_with_free_func((GDestroyNotify)scenario_attr_free);
	for (guint i = nrr; i < toks->len; i++) {
		struct scenario_token *t = &g_array_index(toks, struct scenario_token, i);
		if (scenario_attrs_get(rec->attrs, t->text) != NULL) {
			scenario_diag_error(r->diags, zl(r, line, t->col),
					    "attribute '%s' given twice; expected each once",
					    t->text);
			continue;
		}
		g_ptr_array_add(rec->attrs,
				scenario_attr_new(t->text, t->value, zl(r, line, t->col),
						  zl(r, line, t->value_col)));
	}

	/* locate owner, TTL, class and type among the record words */
	guint i = 0;
	const char *owner_text = same_owner ? r->prev_owner : first->text;
	if (!same_owner) {
		i = 1;
	}
	bool ttl_given = false;
	int ttl_col = 0;
	for (int k = 0; k < 2 && i < nrr; k++) {
		const char *w = g_array_index(toks, struct scenario_token, i).text;
		if (is_ttl(w)) {
			ttl_given = true;
			ttl_col = g_array_index(toks, struct scenario_token, i).col;
			i++;
		} else if (is_class(w)) {
			i++;
		}
	}
	if (i >= nrr) {
		scenario_diag_error(r->diags, zl(r, line, end_col_of(toks, nrr)),
				    "missing record type; expected 'OWNER [TTL] [IN] TYPE DATA'");
		record_free_partial(rec);
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	struct scenario_token *type_tok = &g_array_index(toks, struct scenario_token, i);
	ldns_rr_type type = ldns_get_rr_type_by_name(type_tok->text);
	if (type == 0) {
		scenario_diag_error(r->diags, zl(r, line, type_tok->col),
				    "unknown record type '%s'; expected a type such as A, AAAA, "
				    "CNAME, MX, TXT, NS or SOA",
				    type_tok->text);
		record_free_partial(rec);
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	if (!ttl_given && !r->have_default_ttl &&
	    !(i + 1 < nrr &&
	      g_ascii_strcasecmp(g_array_index(toks, struct scenario_token, i + 1).text, "alias") ==
		  0)) {
		scenario_diag_error(r->diags, zl(r, line, type_tok->col),
				    "record has no TTL and no $TTL is set; expected a TTL such as "
				    "300 before the type, or a $TTL line");
		record_free_partial(rec);
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	rec->owner = scenario_dname_normalise(owner_text, r->origin);
	if (rec->owner == NULL) {
		scenario_diag_error(r->diags, zl(r, line, first->col),
				    "bad owner name '%s'; expected a domain name, '@' or '*.NAME'",
				    owner_text);
		record_free_partial(rec);
		scenario_tokens_free(g_steal_pointer(&toks));
		return;
	}
	if (strcmp(owner_text, "@") == 0) {
		g_free(rec->owner);
		rec->owner = g_strdup(r->origin);
	}
	rec->type = type;
	if (i + 1 < nrr &&
	    g_ascii_strcasecmp(g_array_index(toks, struct scenario_token, i + 1).text, "alias") ==
		0) {
		/* Route 53 alias: no TTL of its own (it takes the target's) */
		rec->alias = true;
		if (ttl_given) {
			scenario_diag_error(
			    r->diags, zl(r, line, ttl_col),
			    "an alias record has no TTL of its own (Route 53 uses the "
			    "target's); expected 'OWNER TYPE alias TARGET'");
		}
		if (i + 2 >= nrr) {
			scenario_diag_error(r->diags, zl(r, line, end_col_of(toks, nrr)),
					    "missing alias target; expected 'alias TARGET-NAME'");
		} else {
			struct scenario_token *tt =
			    &g_array_index(toks, struct scenario_token, i + 2);
			rec->alias_target = scenario_dname_normalise(tt->text, r->origin);
			rec->alias_loc = zl(r, line, tt->col);
			if (rec->alias_target == NULL) {
				scenario_diag_error(r->diags, rec->alias_loc,
						    "bad alias target '%s'; expected a domain name",
						    tt->text);
			}
			if (i + 3 < nrr) {
				struct scenario_token *x =
				    &g_array_index(toks, struct scenario_token, i + 3);
				scenario_diag_error(r->diags, zl(r, line, x->col),
						    "unexpected '%s' after the alias target; "
						    "expected key=value attributes",
						    x->text);
			}
		}
	} else {
		/* hand the record words to ldns, with the owner made explicit */
		const struct scenario_token *last =
		    &g_array_index(toks, struct scenario_token, nrr - 1);
		size_t from = same_owner ? first->offset
					 : g_array_index(toks, struct scenario_token, 1).offset;
		if (!same_owner && nrr == 1) {
			from = first->end;
		}
		g_autofree char *rest = g_strndup(text + from, last->end - from);
		g_autofree char *rr_text = g_strdup_printf("%s %s", rec->owner, rest);
		rec->rr =
		    scenario_rr_parse(rr_text, r->origin, zl(r, line, type_tok->col), r->diags);
		if (rec->rr == NULL) {
			record_free_partial(rec);
			scenario_tokens_free(g_steal_pointer(&toks));
			return;
		}
		if (!ttl_given) {
			ldns_rr_set_ttl(rec->rr, r->default_ttl);
		}
		rec->ttl = ldns_rr_ttl(rec->rr);
	}
	g_free(r->prev_owner);
	r->prev_owner = g_strdup(rec->owner);
	g_ptr_array_add(r->zone->records, rec);
	scenario_tokens_free(g_steal_pointer(&toks));
}

/* Where the parentheses of one logical record stand. Columns count characters. */
struct paren_state {
	int depth;
	int open_line, open_col;   /* the '(' that opened the outermost group */
	int close_line, close_col; /* the first ')' without a '(' (close_line 0: none) */
};

/* Follow the parentheses of line l (outside quotes and comments), its number being line. */
static void paren_scan(const char *l, int line, struct paren_state *ps)
{
	size_t stop = scenario_comment_start(l, SCENARIO_LEX_MASTER);
	bool quoted = false;
	int col = 0;
	for (size_t i = 0; i < stop; i++) {
		col += ((unsigned char)l[i] & 0xc0) != 0x80;
		if (l[i] == '\\' && quoted && i + 1 < stop) {
			i++;
			col += ((unsigned char)l[i] & 0xc0) != 0x80;
		} else if (l[i] == '"') {
			quoted = !quoted;
		} else if (!quoted && l[i] == '(') {
			if (ps->depth++ == 0) {
				ps->open_line = line;
				ps->open_col = col;
			}
		} else if (!quoted && l[i] == ')') {
			if (--ps->depth < 0 && ps->close_line == 0) {
				ps->close_line = line;
				ps->close_col = col;
			}
		}
	}
}

/* Replace parentheses outside quotes with blanks and cut the comment. */
static char *strip_parens(const char *l)
{
	size_t stop = scenario_comment_start(l, SCENARIO_LEX_MASTER);
	char *s = g_strndup(l, stop);
	bool quoted = false;
	for (char *c = s; *c != '\0'; c++) {
		if (*c == '\\' && quoted && c[1] != '\0') {
			c++;
		} else if (*c == '"') {
			quoted = !quoted;
		} else if (!quoted && (*c == '(' || *c == ')')) {
			*c = ' ';
		}
	}
	return s;
}

void scenario_zone_read(struct scenario_zone *zone, char **lines, guint n, int first_line,
			const char *file, scenario_diags *diags)
{
	struct zone_reader r = {
		.zone = zone,
		.diags = diags,
		.file = scenario_diags_intern(diags, file),
		.origin = g_strdup(zone->origin),
		.base_indent = -1,
	};
	guint i = 0;
	while (i < n) {
		int line = first_line + (int)i;
		const char *l = lines[i];
		int indent = scenario_indent(l);
		GString *joined = g_string_new(NULL);
		g_autofree char *part = strip_parens(l);
		g_string_append(joined, part);
		struct paren_state ps = { 0 };
		paren_scan(l, line, &ps);
		i++;
		while (ps.depth > 0 && ps.close_line == 0 && i < n) {
			g_autofree char *more = strip_parens(lines[i]);
			g_string_append_c(joined, ' ');
			g_string_append(joined, more);
			paren_scan(lines[i], first_line + (int)i, &ps);
			i++;
		}
		if (ps.close_line != 0) {
			scenario_diag_error(diags, zl(&r, ps.close_line, ps.close_col),
					    "unbalanced ')'; expected an opening '(' before it");
		} else if (ps.depth > 0) {
			scenario_diag_error(diags, zl(&r, ps.open_line, ps.open_col),
					    "unbalanced '('; expected a closing ')'");
		} else {
			record_line(&r, joined->str, indent, line);
		}
		g_string_free(joined, TRUE);
	}
	g_free(r.origin);
	g_free(r.prev_owner);
}
