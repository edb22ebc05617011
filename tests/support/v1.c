#include "tests/support/v1.h"

#include <glib.h>
#include <stdio.h>

#include "sim/scenario/parser.h"
#include "sim/util.h"
#include "sim/world/world.h"

double v1_hit_ratio(double lambda_per_s, unsigned ttl_s, double queries, uint64_t seed,
		    uint64_t *queries_out)
{
	/* the rate is written per hour so that every lambda of the grid is exact enough; a run of
	 * up to 19 years keeps at most 1,000 report buckets of at most a day, not one a second */
	g_autofree char *text = g_strdup_printf(
	    "duration %.0fs\n"
	    "report bucket=%.0fs\n"
	    "seed %" G_GUINT64_FORMAT "\n"
	    "network base=0s stretch=1 jitter=0\n"
	    "zone example.com. servers=ns-a\n"
	    "  www %u IN A 192.0.2.10\n"
	    "end\n"
	    "backend web address=192.0.2.10\n"
	    "resolver isp at=US-OH profile=unbound\n"
	    "clients one count=1 at=US-OH resolver=isp rate=%.6f/h name=www.example.com "
	    "os=glibc-stub\n",
	    queries / lambda_per_s, CLAMP(queries / lambda_per_s / 1000.0, 1.0, 86400.0), seed,
	    ttl_s, lambda_per_s * 3600.0);
	scenario_diags *diags = scenario_diags_new();
	struct scenario *sc = scenario_parse_text(text, "v1.dnssim", ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
	}
	scenario_diags_free(diags);
	SIM_ASSERT(sc != NULL);
	world *w = world_new(sc);
	world_run(w);
	uint64_t hits = 0;
	gboolean ok = world_resolver_stats(w, "isp", queries_out, &hits);
	SIM_ASSERT(ok);
	double h = *queries_out > 0 ? (double)hits / (double)*queries_out : 0;
	world_free(w);
	scenario_free(sc);
	return h;
}
