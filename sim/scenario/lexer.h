#pragma once
/*
 * The scenario lexer: splits one line of a scenario into words, quoted strings and key=value
 * pairs, each with its 1-based column. It knows the comment and quoting rules and nothing
 * about statements. Zone data lines are lexed the same way so Route 53 attributes can be split
 * from the master-file text that ldns parses.
 */

#include <glib.h>
#include <stdbool.h>

#include "sim/scenario/diag.h"

enum scenario_tok_type {
	SCENARIO_TOK_WORD,   /* bare word */
	SCENARIO_TOK_STRING, /* "quoted string", text without the quotes, escapes resolved */
	SCENARIO_TOK_KEYVAL, /* key=value; value may be quoted */
};

struct scenario_token {
	enum scenario_tok_type type;
	char *text;    /* word, string contents, or the key of key=value */
	char *value;   /* value of key=value (NULL otherwise) */
	int col;       /* column of the token's first character (characters, not bytes) */
	int value_col; /* column of the value's first character (key=value only) */
	int end_col;   /* column just past the token */
	bool value_quoted;
	size_t offset; /* byte offset of the token in the line */
	size_t end;    /* byte offset just past the token */
};

/* Comment characters: '#' always starts a comment at a token boundary; in master-file mode ';'
 * also starts one anywhere outside quotes (RFC 1035 5.1). */
enum scenario_lex_mode {
	SCENARIO_LEX_STATEMENT,
	SCENARIO_LEX_MASTER,
};

/*
 * Columns are 1-based and count characters (UTF-8 sequences), so they match what an editor shows
 * for a line without tabs; a tab counts as one column.
 *
 * Lex one line (no newline) into tokens (an array of struct scenario_token, which the caller
 * owns and clears with scenario_tokens_free()). Errors (unterminated string, bad escape, empty
 * key) go to diags at loc.line with their column; lexing continues after them.
 */
GArray *scenario_lex(const char *line, enum scenario_lex_mode mode, struct scenario_loc loc,
		     scenario_diags *diags);

/* Free a token array from scenario_lex(); NULL is fine. */
void scenario_tokens_free(GArray *tokens);

/* Width of the leading blanks of a line, with tabs to the next multiple of 8. */
int scenario_indent(const char *line);

/* Byte offset where the comment starts (or the length of the line), honouring quotes. */
size_t scenario_comment_start(const char *line, enum scenario_lex_mode mode);
