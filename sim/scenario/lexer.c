#include "sim/scenario/lexer.h"

#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_key_char(char c, bool first)
{
	if (g_ascii_isalpha(c)) {
		return true;
	}
	return !first && (g_ascii_isdigit(c) || c == '-' || c == '_' || c == '.' || c == '/');
}

/* 1-based column of byte offset in line, counting UTF-8 characters (continuation bytes
 * 10xxxxxx do not start a character). */
static int col_at(const char *line, size_t offset)
{
	int col = 1;
	for (size_t i = 0; i < offset; i++) {
		col += ((unsigned char)line[i] & 0xc0) != 0x80;
	}
	return col;
}

/* Two or more characters, all of them comparison characters: "==", "=>", "=<", ... */
static bool is_operator(const char *w)
{
	return strlen(w) >= 2 && strspn(w, "<>=!") == strlen(w);
}

int scenario_indent(const char *line)
{
	int width = 0;
	for (const char *p = line; *p == ' ' || *p == '\t'; p++) {
		width = *p == '\t' ? (width / 8 + 1) * 8 : width + 1;
	}
	return width;
}

size_t scenario_comment_start(const char *line, enum scenario_lex_mode mode)
{
	bool quoted = false;
	size_t i = 0;
	for (; line[i] != '\0'; i++) {
		char c = line[i];
		if (quoted) {
			if (c == '\\' && line[i + 1] != '\0') {
				i++;
			} else if (c == '"') {
				quoted = false;
			}
			continue;
		}
		if (c == '"') {
			quoted = true;
		} else if (c == '#' && (i == 0 || is_blank(line[i - 1]))) {
			break;
		} else if (c == ';' && mode == SCENARIO_LEX_MASTER) {
			break;
		}
	}
	return i;
}

/* Read a quoted string starting at line[*pos] == '"'. Returns the contents; advances *pos past
 * the closing quote. On an unterminated string reports an error and consumes the rest. */
static char *lex_quoted(const char *line, size_t *pos, size_t stop, struct scenario_loc loc,
			scenario_diags *diags)
{
	GString *s = g_string_new(NULL);
	size_t start = *pos;
	size_t i = start + 1;
	bool closed = false;
	for (; i < stop; i++) {
		char c = line[i];
		if (c == '\\' && i + 1 < stop) {
			g_string_append_c(s, line[i + 1]);
			i++;
		} else if (c == '"') {
			closed = true;
			i++;
			break;
		} else {
			g_string_append_c(s, c);
		}
	}
	if (!closed) {
		struct scenario_loc at = { loc.file, loc.line, col_at(line, start) };
		scenario_diag_error(diags, at, "unterminated string; expected a closing '\"'");
	}
	*pos = i;
	return g_string_free(s, FALSE);
}

GArray *scenario_lex(const char *line, enum scenario_lex_mode mode, struct scenario_loc loc,
		     scenario_diags *diags)
{
	GArray *tokens = g_array_new(FALSE, TRUE, sizeof(struct scenario_token));
	size_t stop = scenario_comment_start(line, mode);
	size_t i = 0;
	while (i < stop) {
		if (is_blank(line[i])) {
			i++;
			continue;
		}
		struct scenario_token tok = { .offset = i, .col = col_at(line, i) };
		if (line[i] == '"') {
			tok.type = SCENARIO_TOK_STRING;
			tok.text = lex_quoted(line, &i, stop, loc, diags);
			tok.end = i;
			tok.end_col = col_at(line, i);
			g_array_append_val(tokens, tok);
			continue;
		}
		size_t start = i;
		while (i < stop && !is_blank(line[i]) && line[i] != '"' && line[i] != '=') {
			i++;
		}
		bool key_ok = i > start && is_key_char(line[start], true);
		for (size_t k = start; key_ok && k < i; k++) {
			key_ok = is_key_char(line[k], k == start);
		}
		if (i < stop && line[i] == '=' && key_ok) {
			tok.type = SCENARIO_TOK_KEYVAL;
			tok.text = g_strndup(line + start, i - start);
			i++; /* '=' */
			tok.value_col = col_at(line, i);
			if (i < stop && line[i] == '"') {
				tok.value = lex_quoted(line, &i, stop, loc, diags);
				tok.value_quoted = true;
			} else {
				size_t vstart = i;
				while (i < stop && !is_blank(line[i])) {
					i++;
				}
				tok.value = g_strndup(line + vstart, i - vstart);
			}
			tok.end = i;
			tok.end_col = col_at(line, i);
			g_array_append_val(tokens, tok);
			continue;
		}
		/* a word: runs to the next blank (an '=' or '"' inside is part of it) */
		while (i < stop && !is_blank(line[i])) {
			i++;
		}
		tok.type = SCENARIO_TOK_WORD;
		tok.text = g_strndup(line + start, i - start);
		tok.end = i;
		tok.end_col = col_at(line, i);
		/* "= value" is a key=value with spaces; "==", "=>" and the like are (bad)
		 * comparisons, which expect reports itself */
		if (tok.text[0] == '=' && !is_operator(tok.text)) {
			struct scenario_loc at = { loc.file, loc.line, tok.col };
			scenario_diag_error(diags, at,
					    "'=' without a key; expected key=value with no spaces "
					    "around '='");
		}
		g_array_append_val(tokens, tok);
	}
	return tokens;
}

void scenario_tokens_free(GArray *tokens)
{
	if (tokens == NULL) {
		return;
	}
	for (guint i = 0; i < tokens->len; i++) {
		struct scenario_token *t = &g_array_index(tokens, struct scenario_token, i);
		g_free(t->text);
		g_free(t->value);
	}
	g_array_free(tokens, TRUE);
}
