#pragma once
/*
 * Parser for the .rpl replay format of Unbound's testbound and CZ-NIC Deckard
 * (shared/conformance/rpl-format.md): a config block, then a scenario of canned upstream
 * servers (RANGE blocks of ENTRYs) and numbered STEPs (client queries, expected answers,
 * expected upstream queries, one-shot replies, time jumps).
 *
 * The parser turns a file into plain data and nothing more: it does not decide what a config
 * knob means or how a step is played (sim/replay/harness.h does). It accepts the union of both
 * dialects (rpl-format.md section 5, item 1), keeps what it does not interpret as text (unknown
 * step types, RAW and HEX blocks, EDNS and TSIG lines) so the harness can skip a file with a
 * reason, and records which dialect a file is written in, because the same keyword can mean
 * different things in the two tools.
 *
 * Records are parsed with ldns (ldns_rr_new_frm_str) with testbound's defaults: TTL 3600, class
 * IN, and relative names completed with the root unless a $ORIGIN line says otherwise; $TTL
 * changes the default TTL. Both directives apply from their line to the end of the file.
 *
 * Errors are bad input (STYLE.md, second kind): a GError in REPLAY_RPL_ERROR whose message
 * starts with "FILE:LINE:1: " and says what was expected. Lines testbound silently ignores (a
 * stray RANGE_END between ranges, rpl-format.md section 5 item 12) become warnings instead.
 */

#include <glib.h>
#include <ldns/ldns.h>
#include <stdbool.h>
#include <stdint.h>

#define REPLAY_RPL_ERROR (replay_rpl_error_quark())
GQuark replay_rpl_error_quark(void);

enum replay_rpl_error_code {
	REPLAY_RPL_ERROR_SYNTAX, /* the text is not a valid .rpl file */
	REPLAY_RPL_ERROR_IO,	 /* the file could not be read */
};

/* Which tool's reading applies (rpl-format.md: marked [U] and [D]). */
enum replay_dialect {
	REPLAY_DIALECT_AUTO,	/* from the path (a "deckard" or "unbound" folder), else content */
	REPLAY_DIALECT_UNBOUND, /* testbound */
	REPLAY_DIALECT_DECKARD,
};

/* "unbound", "deckard" or "auto". Static. */
const char *replay_dialect_name(enum replay_dialect dialect);

/*
 * One config setting. Unbound files: section is the clause the key is in ("server",
 * "stub-zone", "forward-zone", ...; "" before any clause) and clause counts the clauses seen so
 * far (two stub-zone: clauses have different numbers), so settings of one zone can be grouped;
 * the testbound-only lines (COMMANDLINE, TEMPFILE_*, AUTOTRUST_FILE, rpl-format.md 2.3) have
 * section "testbound" and the key is the keyword. Deckard files: section "" and clause 0.
 * Values have their quotes removed; a value of several tokens is kept with single spaces
 * ("127.0.0.1 allow_snoop"). key has no trailing colon.
 */
struct replay_config_item {
	char *section;
	unsigned clause;
	char *key;
	char *value;
	unsigned line;
};

/* MATCH options (rpl-format.md 3.3), a bit each. */
enum replay_match {
	REPLAY_MATCH_OPCODE = 1u << 0,
	REPLAY_MATCH_QTYPE = 1u << 1,
	REPLAY_MATCH_QNAME = 1u << 2,
	REPLAY_MATCH_QCASE = 1u << 3, /* [D] */
	REPLAY_MATCH_SUBDOMAIN = 1u << 4,
	REPLAY_MATCH_RCODE = 1u << 5,
	REPLAY_MATCH_QUESTION = 1u << 6,
	REPLAY_MATCH_ANSWER = 1u << 7,
	REPLAY_MATCH_AUTHORITY = 1u << 8,  /* [D] */
	REPLAY_MATCH_ADDITIONAL = 1u << 9, /* [D] */
	REPLAY_MATCH_FLAGS = 1u << 10,	   /* [D] */
	REPLAY_MATCH_EDNS = 1u << 11,	   /* [D] */
	REPLAY_MATCH_NSID = 1u << 12,	   /* [D] */
	REPLAY_MATCH_ALL = 1u << 13,
	REPLAY_MATCH_ALL_NOEDNS = 1u << 14,    /* [U] */
	REPLAY_MATCH_TTL = 1u << 15,	       /* [U] */
	REPLAY_MATCH_DO = 1u << 16,	       /* [U] */
	REPLAY_MATCH_CO = 1u << 17,	       /* [U] */
	REPLAY_MATCH_NOEDNS = 1u << 18,	       /* [U] */
	REPLAY_MATCH_EDNSDATA = 1u << 19,      /* [U] */
	REPLAY_MATCH_UDP = 1u << 20,	       /* [U] */
	REPLAY_MATCH_TCP = 1u << 21,	       /* [U] */
	REPLAY_MATCH_SERIAL = 1u << 22,	       /* [U] serial=N */
	REPLAY_MATCH_EDE = 1u << 23,	       /* [U] ede=N or ede=any */
	REPLAY_MATCH_CLIENT_COOKIE = 1u << 24, /* [U] */
	REPLAY_MATCH_SERVER_COOKIE = 1u << 25, /* [U] */
};

#define REPLAY_EDE_ANY (-1)

/* ADJUST options (rpl-format.md 3.4). */
enum replay_adjust {
	REPLAY_ADJUST_COPY_ID = 1u << 0,
	REPLAY_ADJUST_COPY_QUERY = 1u << 1,
	REPLAY_ADJUST_SLEEP = 1u << 2,		     /* [U] sleep=N */
	REPLAY_ADJUST_PACKET_SLEEP = 1u << 3,	     /* [U] packet_sleep=N */
	REPLAY_ADJUST_COPY_EDNSDATA_ECS = 1u << 4,   /* [U] copy_ednsdata_assume_clientsubnet */
	REPLAY_ADJUST_INCREMENT_ECS_SCOPE = 1u << 5, /* [U] */
	REPLAY_ADJUST_RAW_ID = 1u << 6,		     /* [D] */
	REPLAY_ADJUST_DO_NOT_ANSWER = 1u << 7,	     /* [D] */
};

/* Header flags of REPLY lines. */
enum replay_flag {
	REPLAY_FLAG_QR = 1u << 0,
	REPLAY_FLAG_AA = 1u << 1,
	REPLAY_FLAG_TC = 1u << 2,
	REPLAY_FLAG_RD = 1u << 3,
	REPLAY_FLAG_RA = 1u << 4,
	REPLAY_FLAG_AD = 1u << 5,
	REPLAY_FLAG_CD = 1u << 6,
	REPLAY_FLAG_DO = 1u << 7, /* EDNS: adds an OPT record */
	REPLAY_FLAG_CO = 1u << 8, /* [U] EDNS compact-answers flag */
};

enum replay_section {
	REPLAY_SECTION_QUESTION,
	REPLAY_SECTION_ANSWER,
	REPLAY_SECTION_AUTHORITY,
	REPLAY_SECTION_ADDITIONAL,
	REPLAY_SECTION_COUNT,
};

/* "QUESTION", "ANSWER", ... Static. */
const char *replay_section_name(enum replay_section section);

/*
 * One ENTRY: a DNS message plus what to match and how to adjust it. The same shape serves as a
 * client query, an expected answer, a canned upstream reply and an expected upstream query
 * (rpl-format.md 3.1). MATCH, REPLY and ADJUST lines accumulate.
 */
struct replay_entry {
	unsigned line;	 /* of ENTRY_BEGIN */
	bool has_match;	 /* a MATCH line was present (an entry without one matches anything [U]) */
	uint32_t match;	 /* enum replay_match bits */
	uint32_t serial; /* MATCH serial=N */
	int ede;	 /* MATCH ede=N, or REPLAY_EDE_ANY */
	uint32_t adjust; /* enum replay_adjust bits */
	uint32_t sleep_ms; /* ADJUST sleep= / packet_sleep= */
	uint32_t flags;	   /* enum replay_flag bits from REPLY (or FLAGS [D]) lines */
	uint8_t opcode;	   /* LDNS_PACKET_QUERY unless REPLY names another */
	uint8_t rcode;	   /* LDNS_RCODE_NOERROR unless REPLY names another */
	ldns_rr_list *sections[REPLAY_SECTION_COUNT]; /* owned; QUESTION holds question RRs */
	unsigned extra_packets; /* EXTRA_PACKET lines [U]; their records follow in sections */
	char *hex_answer;	/* HEX_ANSWER_BEGIN..END [U], hex digits only, or NULL */
	char *hex_ednsdata;	/* HEX_EDNSDATA_BEGIN..END [U], or NULL */
	char *raw;		/* RAW [D]: the hex line, or NULL */
	bool mandatory;		/* MANDATORY [D] */
	char *tsig;		/* TSIG keyname secret [D], or NULL */
	GPtrArray *notes;	/* char *: other lines kept as text ("EDNS 0 4096") */
};

/* A RANGE: canned answers valid while the current step number is in [start, end]. */
struct replay_range {
	unsigned line;
	uint64_t start;
	uint64_t end;
	char *begin_address;  /* address on the RANGE_BEGIN line [D], or NULL */
	GPtrArray *addresses; /* char *: ADDRESS lines in file order ([U] uses the last) */
	GPtrArray *entries;   /* struct replay_entry * */
};

enum replay_step_kind {
	REPLAY_STEP_QUERY,
	REPLAY_STEP_CHECK_ANSWER,
	REPLAY_STEP_CHECK_OUT_QUERY,
	REPLAY_STEP_REPLY,
	REPLAY_STEP_TIME_PASSES,
	REPLAY_STEP_TIMEOUT,
	REPLAY_STEP_ERROR,
	REPLAY_STEP_TRAFFIC,
	REPLAY_STEP_NOTHING,
	REPLAY_STEP_OTHER, /* kept as text: type and args (ASSIGN, INFRA_RTT, ...) */
};

/* The step keyword of a kind ("CHECK_ANSWER"); "OTHER" for REPLAY_STEP_OTHER. Static. */
const char *replay_step_kind_name(enum replay_step_kind kind);

struct replay_step {
	unsigned line;
	uint64_t number;
	enum replay_step_kind kind;
	char *type;    /* the type word as written ("TIME_PASSES", "ASSIGN") */
	char *args;    /* the rest of the line after the type, comments cut, or "" */
	char *address; /* ADDRESS on the step line [U], or NULL */
	/* TIME_PASSES ELAPSE s: s in nanoseconds (rounded to the nearest). has_elapse is false
	 * for TIME_PASSES EVAL, which is kept in args. */
	bool has_elapse;
	int64_t elapse_ns;
	struct replay_entry *entry; /* QUERY, CHECK_ANSWER, CHECK_OUT_QUERY, REPLY; else NULL */
	char *body; /* FILE_BEGIN..FILE_END text after CHECK_AUTOTRUST/CHECK_TEMPFILE, or NULL */
};

/* A parsed file. Plain data; replay_scenario_free() releases everything. */
struct replay_scenario {
	char *file;
	enum replay_dialect dialect; /* never AUTO once parsed */
	GPtrArray *config;	     /* struct replay_config_item *, file order */
	char *title;
	GPtrArray *ranges;   /* struct replay_range *, file order */
	GPtrArray *steps;    /* struct replay_step *, file order (numbers increase) */
	GPtrArray *warnings; /* char *: "FILE:LINE:1: ..." for lines testbound would ignore */
};

/*
 * Parse .rpl text. file names the text in messages. dialect AUTO decides from file (a path
 * component "deckard" or "unbound") and then from the config (an unbound.conf clause such as
 * "server:" means unbound; otherwise Deckard if a Deckard-only key is present; otherwise
 * unbound). Returns a new scenario (caller owns; replay_scenario_free()), or NULL with error
 * set at the first syntax error.
 */
struct replay_scenario *replay_scenario_parse(const char *text, size_t len, const char *file,
					      enum replay_dialect dialect, GError **error);

/* Read and parse a file (see replay_scenario_parse()). NULL with error set on failure. */
struct replay_scenario *replay_scenario_load(const char *path, enum replay_dialect dialect,
					     GError **error);

/* Free a scenario and everything it holds. NULL is fine. */
void replay_scenario_free(struct replay_scenario *sc);

/* The value of the last config item with this key (any section), or NULL. Borrowed. */
const char *replay_scenario_config(const struct replay_scenario *sc, const char *key);
