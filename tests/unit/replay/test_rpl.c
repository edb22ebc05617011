/*
 * Unit tests for the .rpl parser (sim/replay/rpl.c). Small inline files check the parsed
 * structure against what shared/conformance/rpl-format.md says the text means (the default TTL
 * 3600 and class IN of section 2.5, the unbound.conf tokenising of section 5 item 13, the two
 * dialects' RANGE addresses of section 2.4, step numbers and ELAPSE seconds of section 2.1);
 * malformed files check the FILE:LINE of the first error, counted by hand in the text; and the
 * whole copied corpus (../shared/conformance/rpl relative to SRCDIR) must parse.
 */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/replay/rpl.h"
#include "sim/util.h"

#define FILE_NAME "t.rpl"

static struct replay_scenario *parse_as(const char *text, enum replay_dialect dialect)
{
	GError *err = NULL;
	struct replay_scenario *sc =
	    replay_scenario_parse(text, strlen(text), FILE_NAME, dialect, &err);
	if (sc == NULL) {
		print_error("unexpected parse error: %s\n", err->message);
		g_error_free(err);
		fail();
	}
	return sc;
}

static struct replay_scenario *parse_ok(const char *text)
{
	return parse_as(text, REPLAY_DIALECT_AUTO);
}

static const struct replay_config_item *item(const struct replay_scenario *sc, guint i)
{
	assert_true(i < sc->config->len);
	return g_ptr_array_index(sc->config, i);
}

static void assert_item(const struct replay_scenario *sc, guint i, const char *section,
			unsigned clause, const char *key, const char *value, unsigned line)
{
	const struct replay_config_item *it = item(sc, i);
	assert_string_equal(it->section, section);
	assert_int_equal(it->clause, clause);
	assert_string_equal(it->key, key);
	assert_string_equal(it->value, value);
	assert_int_equal(it->line, line);
}

static const struct replay_step *step(const struct replay_scenario *sc, guint i)
{
	assert_true(i < sc->steps->len);
	return g_ptr_array_index(sc->steps, i);
}

static const struct replay_range *range(const struct replay_scenario *sc, guint i)
{
	assert_true(i < sc->ranges->len);
	return g_ptr_array_index(sc->ranges, i);
}

static const struct replay_entry *range_entry(const struct replay_range *r, guint i)
{
	assert_true(i < r->entries->len);
	return g_ptr_array_index(r->entries, i);
}

/* The i-th record of a section, as ldns prints it, without the newline. */
static char *rr_at(const struct replay_entry *e, enum replay_section s, size_t i)
{
	assert_true(i < ldns_rr_list_rr_count(e->sections[s]));
	char *text = ldns_rr2str(ldns_rr_list_rr(e->sections[s], i));
	char *out = g_strdup(g_strchomp(text));
	free(text);
	for (char *p = out; *p != '\0'; p++) {
		if (*p == '\t') {
			*p = ' ';
		}
	}
	return out;
}

static void assert_rr(const struct replay_entry *e, enum replay_section s, size_t i,
		      const char *want)
{
	g_autofree char *got = rr_at(e, s, i);
	assert_string_equal(got, want);
}

/* Config block */

/* rpl-format.md 2.3 and section 5 item 13: clauses, one-line clauses, quotes, '#' comments,
 * values of several tokens, all kept in order with the clause they belong to. */
static void test_unbound_config_triples(void **state)
{
	static const char text[] =
	    "; a comment\n"						      /* 1 */
	    "server:\n"							      /* 2 */
	    "\tqname-minimisation: \"no\"\n"				      /* 3 */
	    "\taccess-control: 127.0.0.1 allow_snoop\n"			      /* 4 */
	    "\tcache-max-ttl: 15  # This will be overriden\n"		      /* 5 */
	    "\ttarget-fetch-policy: \"0 0 0 0 0\"\n"			      /* 6 */
	    "stub-zone:\n"						      /* 7 */
	    "\tname: \".\"\n"						      /* 8 */
	    "\tstub-addr: 193.0.14.129 \t# K.ROOT\n"			      /* 9 */
	    "forward-zone: name: \"example.\" forward-addr: 216.0.0.1@5353\n" /* 10 */
	    "CONFIG_END\n"
	    "SCENARIO_BEGIN config\n"
	    "SCENARIO_END\n";
	struct replay_scenario *sc = parse_ok(text);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_UNBOUND);
	assert_int_equal(sc->config->len, 8);
	assert_item(sc, 0, "server", 1, "qname-minimisation", "no", 3);
	assert_item(sc, 1, "server", 1, "access-control", "127.0.0.1 allow_snoop", 4);
	assert_item(sc, 2, "server", 1, "cache-max-ttl", "15", 5);
	assert_item(sc, 3, "server", 1, "target-fetch-policy", "0 0 0 0 0", 6);
	assert_item(sc, 4, "stub-zone", 2, "name", ".", 8);
	assert_item(sc, 5, "stub-zone", 2, "stub-addr", "193.0.14.129", 9);
	assert_item(sc, 6, "forward-zone", 3, "name", "example.", 10);
	/* the second key of the same line */
	assert_item(sc, 7, "forward-zone", 3, "forward-addr", "216.0.0.1@5353", 10);
	assert_string_equal(replay_scenario_config(sc, "forward-addr"), "216.0.0.1@5353");
	assert_string_equal(sc->title, "config");
	replay_scenario_free(sc);
}

/* Two stub-zone clauses get different clause numbers, so their names and addresses can be
 * grouped; the testbound-only lines become "testbound" items. */
static void test_unbound_clauses_and_specials(void **state)
{
	static const char text[] = "stub-zone:\n"
				   "\tname: \"a.\"\n"
				   "\tstub-addr: 1.1.1.1\n"
				   "stub-zone:\n"
				   "\tname: \"b.\"\n"
				   "\tstub-addr: 2.2.2.2\n"
				   "COMMANDLINE -v\n"
				   "TEMPFILE_CONTENTS zone1\n"
				   "example. IN SOA a. b. 1 2 3 4 5\n"
				   "TEMPFILE_END\n"
				   "CONFIG_END\n"
				   "SCENARIO_BEGIN t\n"
				   "SCENARIO_END\n";
	struct replay_scenario *sc = parse_ok(text);
	assert_int_equal(sc->config->len, 6);
	assert_item(sc, 0, "stub-zone", 1, "name", "a.", 2);
	assert_item(sc, 3, "stub-zone", 2, "stub-addr", "2.2.2.2", 6);
	assert_item(sc, 4, "testbound", 0, "COMMANDLINE", "-v", 7);
	assert_item(sc, 5, "testbound", 0, "TEMPFILE_CONTENTS",
		    "zone1\nexample. IN SOA a. b. 1 2 3 4 5\n", 8);
	replay_scenario_free(sc);
}

/* Deckard: "key: value" split at the first colon, '#' and ';' comments cut, no clauses
 * (rpl-format.md 2.3 [D]); the dialect is found from the content. */
static void test_deckard_config(void **state)
{
	static const char text[] = "do-ip6: no\n"					 /* 1 */
				   "; config options\n"					 /* 2 */
				   "\tstub-addr: 193.0.14.129 \t# K.ROOT-SERVERS.NET.\n" /* 3 */
				   "query-minimization: off ; about cache\n"		 /* 4 */
				   "features: min_ttl = 300\n"				 /* 5 */
				   "harden-glue: \"no\"\n"				 /* 6 */
				   "no colon here\n"					 /* 7 */
				   "CONFIG_END\n"
				   "SCENARIO_BEGIN d\n"
				   "SCENARIO_END\n";
	struct replay_scenario *sc = parse_ok(text);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_DECKARD);
	assert_int_equal(sc->config->len, 5);
	assert_item(sc, 0, "", 0, "do-ip6", "no", 1);
	assert_item(sc, 1, "", 0, "stub-addr", "193.0.14.129", 3);
	assert_item(sc, 2, "", 0, "query-minimization", "off", 4);
	assert_item(sc, 3, "", 0, "features", "min_ttl = 300", 5);
	assert_item(sc, 4, "", 0, "harden-glue", "no", 6);
	/* Deckard ignores a line without ':'; we say so */
	assert_int_equal(sc->warnings->len, 1);
	assert_true(g_str_has_prefix(g_ptr_array_index(sc->warnings, 0), "t.rpl:7:1: "));
	replay_scenario_free(sc);
}

/* The dialect comes first from a "deckard"/"unbound" folder in the path, and a caller's
 * choice beats both. */
static void test_dialect_choice(void **state)
{
	static const char text[] =
	    "stub-addr: 1.2.3.4\nCONFIG_END\nSCENARIO_BEGIN x\nSCENARIO_END\n";
	GError *err = NULL;
	struct replay_scenario *sc = replay_scenario_parse(text, strlen(text), "rpl/unbound/x.rpl",
							   REPLAY_DIALECT_AUTO, &err);
	assert_non_null(sc);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_UNBOUND);
	replay_scenario_free(sc);
	sc = replay_scenario_parse(text, strlen(text), "x.rpl", REPLAY_DIALECT_AUTO, &err);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_DECKARD);
	replay_scenario_free(sc);
	static const char unb[] = "server:\nCONFIG_END\nSCENARIO_BEGIN x\nSCENARIO_END\n";
	sc = replay_scenario_parse(unb, strlen(unb), "sets/deckard/x.rpl", REPLAY_DIALECT_AUTO,
				   &err);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_DECKARD);
	replay_scenario_free(sc);
	sc = replay_scenario_parse(unb, strlen(unb), "deckard/x.rpl", REPLAY_DIALECT_UNBOUND, &err);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_UNBOUND);
	replay_scenario_free(sc);
	sc = replay_scenario_parse(unb, strlen(unb), "x.rpl", REPLAY_DIALECT_AUTO, &err);
	assert_int_equal(sc->dialect, REPLAY_DIALECT_UNBOUND);
	replay_scenario_free(sc);
	assert_null(err);
}

/* Ranges and entries */

static const char range_text[] = "server:\n"						/* 1 */
				 "CONFIG_END\n"						/* 2 */
				 "SCENARIO_BEGIN ranges\n"				/* 3 */
				 "RANGE_BEGIN 0 100\n"					/* 4 */
				 "\tADDRESS 193.0.14.129 \n"				/* 5 */
				 "\tADDRESS 2001:db8::1@5353\n"				/* 6 */
				 "ENTRY_BEGIN\n"					/* 7 */
				 "MATCH opcode qtype qname ; a comment\n"		/* 8 */
				 "MATCH TCP\n"						/* 9 */
				 "ADJUST copy_id\n"					/* 10 */
				 "REPLY QR AA NOERROR\n"				/* 11 */
				 "SECTION QUESTION\n"					/* 12 */
				 "www.example.com. IN A\n"				/* 13 */
				 "SECTION ANSWER\n"					/* 14 */
				 "www.example.com. IN A 10.20.30.40 ; inline comment\n" /* 15 */
				 "www.example.com. 300 A 10.20.30.41\n"			/* 16 */
				 "SECTION AUTHORITY\n"					/* 17 */
				 "SECTION ADDITIONAL\n"					/* 18 */
				 "ns.example.com. IN AAAA 2001:db8::53\n"		/* 19 */
				 "ENTRY_END\n"						/* 20 */
				 "ENTRY_BEGIN\n"					/* 21 */
				 "MATCH opcode subdomain ede=3 serial=7\n"		/* 22 */
				 "ADJUST copy_id copy_query sleep=20\n"			/* 23 */
				 "REPLY\n"						/* 24 */
				 "REPLY NXDOMAIN RD DO\n"				/* 25 */
				 "$ORIGIN example.net.\n"				/* 26 */
				 "$TTL 60\n"						/* 27 */
				 "SECTION AUTHORITY\n"					/* 28 */
				 "@ IN SOA ns hostmaster 1 2 3 4 5\n"			/* 29 */
				 "ENTRY_END\n"						/* 30 */
				 "RANGE_END\n"						/* 31 */
				 "RANGE_BEGIN 1 10 1.1.1.1; fail.net\n"			/* 32 */
				 "ENTRY_BEGIN\n"					/* 33 */
				 "MATCH all\n"						/* 34 */
				 "ADJUST do_not_answer\n"				/* 35 */
				 "FLAGS QR SERVFAIL\n"					/* 36 */
				 "HEX_ANSWER_BEGIN\n"					/* 37 */
				 " 00 01 ; id\n"					/* 38 */
				 " 81 80\n"						/* 39 */
				 "HEX_ANSWER_END\n"					/* 40 */
				 "EDNS 0 4096 nsid\n"					/* 41 */
				 "ENTRY_END\n"						/* 42 */
				 "RANGE_END\n"						/* 43 */
				 "SCENARIO_END\n";

static void test_range_addresses(void **state)
{
	struct replay_scenario *sc = parse_ok(range_text);
	assert_int_equal(sc->ranges->len, 2);
	const struct replay_range *r = range(sc, 0);
	assert_int_equal(r->line, 4);
	assert_int_equal(r->start, 0);
	assert_int_equal(r->end, 100);
	assert_null(r->begin_address);
	/* both ADDRESS lines, in order: [U] uses the last, [D] the set (rpl-format.md 2.4) */
	assert_int_equal(r->addresses->len, 2);
	assert_string_equal(g_ptr_array_index(r->addresses, 0), "193.0.14.129");
	assert_string_equal(g_ptr_array_index(r->addresses, 1), "2001:db8::1@5353");
	assert_int_equal(r->entries->len, 2);
	const struct replay_range *d = range(sc, 1);
	assert_int_equal(d->start, 1);
	assert_int_equal(d->end, 10);
	assert_string_equal(d->begin_address, "1.1.1.1"); /* the "; fail.net" comment is cut */
	assert_int_equal(d->addresses->len, 0);
	replay_scenario_free(sc);
}

static void test_entry_match_adjust_reply(void **state)
{
	struct replay_scenario *sc = parse_ok(range_text);
	const struct replay_entry *e = range_entry(range(sc, 0), 0);
	assert_int_equal(e->line, 7);
	assert_true(e->has_match);
	/* MATCH lines accumulate [U] */
	assert_int_equal(e->match, REPLAY_MATCH_OPCODE | REPLAY_MATCH_QTYPE | REPLAY_MATCH_QNAME |
				       REPLAY_MATCH_TCP);
	assert_int_equal(e->adjust, REPLAY_ADJUST_COPY_ID);
	assert_int_equal(e->flags, REPLAY_FLAG_QR | REPLAY_FLAG_AA);
	assert_int_equal(e->rcode, LDNS_RCODE_NOERROR);
	assert_int_equal(e->opcode, LDNS_PACKET_QUERY);

	const struct replay_entry *f = range_entry(range(sc, 0), 1);
	assert_int_equal(f->match, REPLAY_MATCH_OPCODE | REPLAY_MATCH_SUBDOMAIN | REPLAY_MATCH_EDE |
				       REPLAY_MATCH_SERIAL);
	assert_int_equal(f->ede, 3);
	assert_int_equal(f->serial, 7);
	assert_int_equal(f->adjust,
			 REPLAY_ADJUST_COPY_ID | REPLAY_ADJUST_COPY_QUERY | REPLAY_ADJUST_SLEEP);
	assert_int_equal(f->sleep_ms, 20);
	/* an empty REPLY line is legal; the second one sets rcode and flags */
	assert_int_equal(f->flags, REPLAY_FLAG_RD | REPLAY_FLAG_DO);
	assert_int_equal(f->rcode, LDNS_RCODE_NXDOMAIN);

	const struct replay_entry *g = range_entry(range(sc, 1), 0);
	assert_int_equal(g->match, REPLAY_MATCH_ALL);
	assert_int_equal(g->adjust, REPLAY_ADJUST_DO_NOT_ANSWER);
	assert_int_equal(g->flags, REPLAY_FLAG_QR); /* FLAGS is Deckard's alias of REPLY */
	assert_int_equal(g->rcode, LDNS_RCODE_SERVFAIL);
	assert_string_equal(g->hex_answer, "00018180");
	assert_int_equal(g->notes->len, 1);
	assert_string_equal(g_ptr_array_index(g->notes, 0), "EDNS 0 4096 nsid");
	replay_scenario_free(sc);
}

/* Records: default TTL 3600 and class IN (rpl-format.md 2.5), an explicit TTL kept, comments
 * cut, an empty section present but empty, $ORIGIN completing relative names and $TTL
 * changing the default. */
static void test_entry_sections(void **state)
{
	struct replay_scenario *sc = parse_ok(range_text);
	const struct replay_entry *e = range_entry(range(sc, 0), 0);
	assert_int_equal(ldns_rr_list_rr_count(e->sections[REPLAY_SECTION_QUESTION]), 1);
	const ldns_rr *q = ldns_rr_list_rr(e->sections[REPLAY_SECTION_QUESTION], 0);
	assert_true(ldns_rr_is_question(q));
	assert_int_equal(ldns_rr_get_type(q), LDNS_RR_TYPE_A);
	assert_int_equal(ldns_rr_get_class(q), LDNS_RR_CLASS_IN);
	assert_int_equal(ldns_rr_list_rr_count(e->sections[REPLAY_SECTION_ANSWER]), 2);
	assert_rr(e, REPLAY_SECTION_ANSWER, 0, "www.example.com. 3600 IN A 10.20.30.40");
	assert_rr(e, REPLAY_SECTION_ANSWER, 1, "www.example.com. 300 IN A 10.20.30.41");
	assert_int_equal(ldns_rr_list_rr_count(e->sections[REPLAY_SECTION_AUTHORITY]), 0);
	assert_rr(e, REPLAY_SECTION_ADDITIONAL, 0, "ns.example.com. 3600 IN AAAA 2001:db8::53");

	const struct replay_entry *f = range_entry(range(sc, 0), 1);
	assert_rr(f, REPLAY_SECTION_AUTHORITY, 0,
		  "example.net. 60 IN SOA ns.example.net. hostmaster.example.net. 1 2 3 4 5");
	replay_scenario_free(sc);
}

/* Steps */

static const char step_text[] = "server:\n"				    /* 1 */
				"CONFIG_END\n"				    /* 2 */
				"SCENARIO_BEGIN steps\n"		    /* 3 */
				"STEP 1 QUERY\n"			    /* 4 */
				"ENTRY_BEGIN\n"				    /* 5 */
				"REPLY RD CD\n"				    /* 6 */
				"SECTION QUESTION\n"			    /* 7 */
				"www.example.com. IN A\n"		    /* 8 */
				"ENTRY_END\n"				    /* 9 */
				"STEP 10 CHECK_OUT_QUERY ADDRESS 1.2.3.4\n" /* 10 */
				"ENTRY_BEGIN\n"				    /* 11 */
				"MATCH qname qtype\n"			    /* 12 */
				"SECTION QUESTION\n"			    /* 13 */
				"www.example.com. IN A\n"		    /* 14 */
				"ENTRY_END\n"				    /* 15 */
				"STEP 20 TIMEOUT\n"			    /* 16 */
				"STEP 30 TIME_PASSES ELAPSE 5.0\n"	    /* 17 */
				"STEP 31 TIME_PASSES ELAPSE 10 ; expire\n"  /* 18 */
				"RANGE_END\n"				    /* 19 */
				"STEP 40 TRAFFIC\n"			    /* 20 */
				"STEP 50 ASSIGN t0 = ${time}\n"		    /* 21 */
				"STEP 60 CHECK_TEMPFILE zone1\n"	    /* 22 */
				"FILE_BEGIN\n"				    /* 23 */
				"example. 3600 IN A 1.2.3.4\n"		    /* 24 */
				"FILE_END\n"				    /* 25 */
				"STEP 229003 CHECK_ANSWER\n"		    /* 26 */
				"ENTRY_BEGIN\n"				    /* 27 */
				"MATCH all ttl\n"			    /* 28 */
				"REPLY QR RD RA NOERROR\n"		    /* 29 */
				"SECTION QUESTION\n"			    /* 30 */
				"www.example.com. IN A\n"		    /* 31 */
				"ENTRY_END\n"				    /* 32 */
				"SCENARIO_END\n"			    /* 33 */
				"anything after the end is ignored\n";

static void test_steps(void **state)
{
	struct replay_scenario *sc = parse_ok(step_text);
	assert_int_equal(sc->steps->len, 9);
	const struct replay_step *s = step(sc, 0);
	assert_int_equal(s->line, 4);
	assert_int_equal(s->number, 1);
	assert_int_equal(s->kind, REPLAY_STEP_QUERY);
	assert_non_null(s->entry);
	assert_false(s->entry->has_match);
	assert_int_equal(s->entry->flags, REPLAY_FLAG_RD | REPLAY_FLAG_CD);

	s = step(sc, 1);
	assert_int_equal(s->kind, REPLAY_STEP_CHECK_OUT_QUERY);
	assert_string_equal(s->address, "1.2.3.4");
	assert_int_equal(s->entry->match, REPLAY_MATCH_QNAME | REPLAY_MATCH_QTYPE);

	s = step(sc, 2);
	assert_int_equal(s->kind, REPLAY_STEP_TIMEOUT);
	assert_null(s->entry);

	/* ELAPSE is seconds, a float in [U] (rpl-format.md 2.1): 5.0 s = 5e9 ns */
	s = step(sc, 3);
	assert_int_equal(s->kind, REPLAY_STEP_TIME_PASSES);
	assert_true(s->has_elapse);
	assert_int_equal(s->elapse_ns, 5 * SIM_NS_PER_S);
	assert_int_equal(step(sc, 4)->elapse_ns, 10 * SIM_NS_PER_S);

	assert_int_equal(step(sc, 5)->kind, REPLAY_STEP_TRAFFIC);

	/* unknown step types are kept as text for the harness to skip with a reason */
	s = step(sc, 6);
	assert_int_equal(s->kind, REPLAY_STEP_OTHER);
	assert_string_equal(s->type, "ASSIGN");
	assert_string_equal(s->args, "t0 = ${time}");

	s = step(sc, 7);
	assert_int_equal(s->kind, REPLAY_STEP_OTHER);
	assert_string_equal(s->type, "CHECK_TEMPFILE");
	assert_string_equal(s->body, "example. 3600 IN A 1.2.3.4\n");

	/* step numbers go up to 229003 in testdata (rpl-format.md 5, item 19) */
	s = step(sc, 8);
	assert_int_equal(s->number, 229003);
	assert_int_equal(s->kind, REPLAY_STEP_CHECK_ANSWER);
	assert_int_equal(s->entry->match, REPLAY_MATCH_ALL | REPLAY_MATCH_TTL);
	assert_int_equal(s->entry->flags, REPLAY_FLAG_QR | REPLAY_FLAG_RD | REPLAY_FLAG_RA);

	/* the stray RANGE_END at scenario level is a warning, as testbound ignores it */
	assert_int_equal(sc->warnings->len, 1);
	assert_true(g_str_has_prefix(g_ptr_array_index(sc->warnings, 0), "t.rpl:19:1: "));
	replay_scenario_free(sc);
}

/* Syntax errors: FILE:LINE:1 of the first error (line counted by hand) and what was expected. */
struct bad_case {
	const char *name;
	const char *text;
	unsigned line;
	const char *message; /* a distinctive part of the message */
};

#define HEAD "server:\nCONFIG_END\nSCENARIO_BEGIN t\n" /* lines 1-3 */

static const struct bad_case bad_cases[] = {
	{ "no CONFIG_END", "server:\n\tverbosity: 1\n", 2, "expected CONFIG_END" },
	{ "no SCENARIO_BEGIN", "server:\nCONFIG_END\n\n", 3, "expected SCENARIO_BEGIN" },
	{ "no title", "server:\nCONFIG_END\nSCENARIO_BEGIN\nSCENARIO_END\n", 3,
	  "expected a title" },
	{ "no SCENARIO_END", HEAD "STEP 1 TRAFFIC\n", 4, "expected SCENARIO_END" },
	{ "range numbers", HEAD "RANGE_BEGIN 0 many\nRANGE_END\nSCENARIO_END\n", 4,
	  "expected RANGE_BEGIN FIRST_STEP LAST_STEP" },
	{ "range reversed", HEAD "RANGE_BEGIN 10 5\nRANGE_END\nSCENARIO_END\n", 4,
	  "expected FIRST_STEP <= LAST_STEP" },
	{ "range line", HEAD "RANGE_BEGIN 0 10\nSTEP 1 TRAFFIC\nRANGE_END\nSCENARIO_END\n", 5,
	  "expected ADDRESS, ENTRY_BEGIN or RANGE_END" },
	{ "range no end", HEAD "RANGE_BEGIN 0 10\n\tADDRESS 1.2.3.4\n", 5, "expected RANGE_END" },
	{ "match option",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nMATCH opcode qnmae\nENTRY_END\nRANGE_END\n"
	       "SCENARIO_END\n",
	  6, "unknown MATCH option 'qnmae'" },
	{ "reply option",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nREPLY QR NOERR\nENTRY_END\nRANGE_END\n"
	       "SCENARIO_END\n",
	  6, "unknown REPLY option 'NOERR'" },
	{ "adjust option",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nADJUST copy_ids\nENTRY_END\nRANGE_END\n"
	       "SCENARIO_END\n",
	  6, "unknown ADJUST option 'copy_ids'" },
	{ "section name",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nSECTION ANSWERS\nENTRY_END\nRANGE_END\n"
	       "SCENARIO_END\n",
	  6, "expected QUESTION, ANSWER, AUTHORITY or ADDITIONAL" },
	{ "record before section",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nwww.example.com. IN A 1.2.3.4\nENTRY_END\n"
	       "RANGE_END\nSCENARIO_END\n",
	  6, "expected MATCH, REPLY, ADJUST, SECTION or ENTRY_END" },
	{ "bad record",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nSECTION ANSWER\nwww.example.com. IN A 1.2.3\n"
	       "ENTRY_END\nRANGE_END\nSCENARIO_END\n",
	  7, "expected a ANSWER record" },
	{ "entry no end", HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nMATCH all\n", 6,
	  "expected ENTRY_END (entry opened at line 5)" },
	{ "entry runs into step",
	  HEAD "RANGE_BEGIN 0 10\nENTRY_BEGIN\nSECTION ANSWER\nSTEP 1 TRAFFIC\n", 7,
	  "expected ENTRY_END (entry opened at line 5), got 'STEP'" },
	{ "step number", HEAD "STEP one QUERY\nSCENARIO_END\n", 4, "expected STEP NUMBER TYPE" },
	{ "step type", HEAD "STEP 1\nSCENARIO_END\n", 4, "expected a step type" },
	{ "steps go back", HEAD "STEP 5 TRAFFIC\nSTEP 5 TRAFFIC\nSCENARIO_END\n", 5,
	  "expected a step number above 5" },
	{ "query without entry", HEAD "STEP 1 QUERY\nSTEP 2 TRAFFIC\nSCENARIO_END\n", 5,
	  "expected ENTRY_BEGIN after STEP 1 QUERY" },
	{ "time passes", HEAD "STEP 1 TIME_PASSES 10\nSCENARIO_END\n", 4,
	  "expected ELAPSE SECONDS" },
	{ "negative elapse", HEAD "STEP 1 TIME_PASSES ELAPSE -3\nSCENARIO_END\n", 4,
	  "expected ELAPSE SECONDS" },
	{ "entry at scenario level", HEAD "ENTRY_BEGIN\nENTRY_END\nSCENARIO_END\n", 4,
	  "expected ENTRY_BEGIN only inside a RANGE" },
	{ "config value without key", "server:\n\t\"orphan\"\nCONFIG_END\n", 2,
	  "expected a 'key:' token" },
	{ "bad $TTL", HEAD "RANGE_BEGIN 0 10\n$TTL soon\nRANGE_END\nSCENARIO_END\n", 5,
	  "expected a TTL in seconds after $TTL" },
	{ "tempfile no end", "TEMPFILE_CONTENTS z\nexample. IN A 1.2.3.4\n", 2,
	  "expected TEMPFILE_END (block opened at line 1)" },
};

static void test_bad_case(void **state)
{
	const struct bad_case *c = *state;
	GError *err = NULL;
	struct replay_scenario *sc = replay_scenario_parse(c->text, strlen(c->text), FILE_NAME,
							   REPLAY_DIALECT_UNBOUND, &err);
	if (sc != NULL) {
		print_error("%s: parsed, expected an error at line %u\n", c->name, c->line);
		replay_scenario_free(sc);
		fail();
	}
	assert_non_null(err);
	assert_true(g_error_matches(err, REPLAY_RPL_ERROR, REPLAY_RPL_ERROR_SYNTAX));
	g_autofree char *where = g_strdup_printf(FILE_NAME ":%u:1: ", c->line);
	if (!g_str_has_prefix(err->message, where) || strstr(err->message, c->message) == NULL) {
		print_error("%s: got '%s', expected '%s...%s...'\n", c->name, err->message, where,
			    c->message);
		g_error_free(err);
		fail();
	}
	g_error_free(err);
}

static void test_load_missing_file(void **state)
{
	GError *err = NULL;
	assert_null(replay_scenario_load("/nonexistent/x.rpl", REPLAY_DIALECT_AUTO, &err));
	assert_true(g_error_matches(err, REPLAY_RPL_ERROR, REPLAY_RPL_ERROR_IO));
	assert_true(g_str_has_prefix(err->message, "/nonexistent/x.rpl: "));
	g_error_free(err);
}

/* The corpus */

static char *corpus_dir(void)
{
	const char *srcdir = getenv("SRCDIR");
	return g_build_filename(srcdir != NULL ? srcdir : ".", "..", "shared", "conformance", "rpl",
				NULL);
}

/* Every copied file parses, in the dialect of its folder, with a title and steps. The only
 * warning is the stray RANGE_END that rpl-format.md section 5 item 12 points at:
 * unbound/iter_failreply.rpl line 66. */
static void test_parse_all_files(void **state)
{
	g_autofree char *dir = corpus_dir();
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		print_message("[ SKIPPED  ] %s is absent: the corpus is not in this checkout\n",
			      dir);
		g_free(g_steal_pointer(&dir)); /* skip() jumps out: no cleanup runs after it */
		skip();
	}
	static const struct {
		const char *folder;
		enum replay_dialect dialect;
	} folders[] = { { "unbound", REPLAY_DIALECT_UNBOUND },
			{ "deckard", REPLAY_DIALECT_DECKARD } };
	unsigned files = 0;
	unsigned warnings = 0;
	for (size_t f = 0; f < G_N_ELEMENTS(folders); f++) {
		g_autofree char *sub = g_build_filename(dir, folders[f].folder, NULL);
		GDir *d = g_dir_open(sub, 0, NULL);
		assert_non_null(d);
		const char *name;
		while ((name = g_dir_read_name(d)) != NULL) {
			if (!g_str_has_suffix(name, ".rpl")) {
				continue;
			}
			g_autofree char *path = g_build_filename(sub, name, NULL);
			GError *err = NULL;
			struct replay_scenario *sc =
			    replay_scenario_load(path, REPLAY_DIALECT_AUTO, &err);
			if (sc == NULL) {
				print_error("%s\n", err->message);
				g_error_free(err);
				g_dir_close(d);
				fail();
			}
			assert_int_equal(sc->dialect, folders[f].dialect);
			assert_true(sc->title[0] != '\0');
			assert_true(sc->steps->len > 0);
			for (guint w = 0; w < sc->warnings->len; w++) {
				const char *text = g_ptr_array_index(sc->warnings, w);
				assert_non_null(strstr(text, "iter_failreply.rpl:66:1: "));
				warnings++;
			}
			files++;
			replay_scenario_free(sc);
		}
		g_dir_close(d);
	}
	assert_true(files > 0);
	print_message("[   INFO   ] %u .rpl files parsed, %u warning(s)\n", files, warnings);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_unbound_config_triples),
		cmocka_unit_test(test_unbound_clauses_and_specials),
		cmocka_unit_test(test_deckard_config),
		cmocka_unit_test(test_dialect_choice),
		cmocka_unit_test(test_range_addresses),
		cmocka_unit_test(test_entry_match_adjust_reply),
		cmocka_unit_test(test_entry_sections),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_parse_all_files),
	};
	struct CMUnitTest tests[G_N_ELEMENTS(bad_cases) + G_N_ELEMENTS(fixed)];
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		tests[i] = (struct CMUnitTest){ .name = bad_cases[i].name,
						.test_func = test_bad_case,
						.initial_state = (void *)&bad_cases[i] };
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
		tests[G_N_ELEMENTS(bad_cases) + i] = fixed[i];
	}
	return cmocka_run_group_tests_name("rpl parser", tests, NULL, NULL);
}
