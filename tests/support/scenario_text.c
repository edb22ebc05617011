#include "tests/support/scenario_text.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sim/scenario/parser.h"

struct scenario *support_parse(const char *text)
{
	scenario_diags *diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, "t.dnssim", ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
	}
	scenario_diags_free(diags);
	assert_non_null(sc);
	return sc;
}

const struct world_counter *support_counter(const world *w, const char *name)
{
	const GPtrArray *counters = world_counters(w);
	for (guint i = 0; i < counters->len; i++) {
		const struct world_counter *c = g_ptr_array_index(counters, i);
		if (strcmp(c->name, name) == 0) {
			return c;
		}
	}
	return NULL;
}

uint64_t support_counter_total(const world *w, const char *name)
{
	const struct world_counter *c = support_counter(w, name);
	return c != NULL ? c->total : 0;
}
