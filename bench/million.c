/*
 * bench/million: 1,000,000 clients in 100 places behind 1,000 resolvers of mixed profiles, one
 * hour of virtual time, one backend outage with failover (the figure). Prints wall
 * time, client lookups per second of wall time, events per second, peak RSS and bytes per
 * client. Wall clock is fine here: this is a benchmark, not model code.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sim/metrics.h"
#include "sim/scenario/parser.h"
#include "sim/world/world.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kib = strtol(line + 6, NULL, 10);
		}
	}
	if (f != NULL) {
		fclose(f);
	}
	return kib;
}

int main(void)
{
	static const char *const places[] = { "US", "DE", "FR", "GB", "JP", "BR", "IN",
					      "AU", "CA", "MX", "ES", "IT", "NL", "SE",
					      "PL", "KR", "SG", "ZA", "AR", "CL" };
	static const char *const profiles[] = { "unbound", "bind-9.20", "knot-6", "pdns-rec-5",
						"google-public-dns" };
	static const char *const apps[] = { "chrome-async-dns", "java-default", "firefox", "curl",
					    "go" };
	GString *sc_text =
	    g_string_new("scenario \"bench: a million clients\"\n"
			 "duration 1h\nseed 1\nreport bucket=1m\n"
			 "zone example.com. servers=ns-1,ns-2,ns-3,ns-4\n"
			 "  www 60 IN A 192.0.2.10 set=main failover=primary "
			 "health=main-hc\n"
			 "  www 60 IN A 198.51.100.10 set=standby failover=secondary\n"
			 "end\n"
			 "health main-hc http main interval=10s failure-threshold=3\n"
			 "backend main address=192.0.2.10 region=us-east-1\n"
			 "backend standby address=198.51.100.10 region=us-west-2\n");
	/* 1,000 resolvers: 10 per place, 100 places (20 countries x 5 subdivision-like sites
	 * by coordinates) */
	for (int p = 0; p < 100; p++) {
		for (int r = 0; r < 10; r++) {
			g_string_append_printf(sc_text, "resolver r%d-%d at=%s profile=%s\n", p, r,
					       places[p % G_N_ELEMENTS(places)],
					       profiles[(p + r) % G_N_ELEMENTS(profiles)]);
		}
	}
	/* 100 populations of 10,000 clients, one per place, each spread over its place's 10
	 * resolvers; one request per client every 5 minutes on average */
	for (int p = 0; p < 100; p++) {
		g_string_append_printf(sc_text, "clients c%d count=10000 at=%s resolver=", p,
				       places[p % G_N_ELEMENTS(places)]);
		for (int r = 0; r < 10; r++) {
			g_string_append_printf(sc_text, "%sr%d-%d:1", r ? "," : "", p, r);
		}
		g_string_append_printf(sc_text, " rate=12/h name=www.example.com app=%s\n",
				       apps[p % G_N_ELEMENTS(apps)]);
	}
	g_string_append(sc_text, "at 20m..40m backend main down\n");

	scenario_diags *diags = scenario_diags_new();
	struct scenario *sc =
	    scenario_parse_text(sc_text->str, "million.dnssim", ".", NULL, NULL, diags);
	if (sc == NULL) {
		scenario_diags_print(diags, stderr);
		return 1;
	}
	scenario_diags_free(diags);
	long rss0 = peak_rss_kib();
	double t0 = now_s();
	world *w = world_new(sc);
	double t1 = now_s();
	world_run(w);
	double t2 = now_s();
	metrics *m = metrics_compute(sc, w);
	double lookups = metrics_get(m, "requests.total")->value;
	double events = (double)world_events_fired(w);
	long rss = peak_rss_kib();
	double clients_n = 1e6;
	printf(
	    "million: 1000000 clients, 100 places, 1000 resolvers, 1 h virtual, outage 20m..40m\n");
	printf("  build %.2f s, run %.2f s wall\n", t1 - t0, t2 - t1);
	printf("  %.0f client lookups: %.2f M lookups/s of wall time (target >= 2 M/s)\n", lookups,
	       lookups / (t2 - t1) / 1e6);
	printf("  %.0f events: %.2f M events/s\n", events, events / (t2 - t1) / 1e6);
	printf("  peak RSS %.1f MiB; %.0f bytes per client (RSS growth / clients; target <= 200)\n",
	       (double)rss / 1024.0, (double)(rss - rss0) * 1024.0 / clients_n);
	const struct metrics_value *p95 = metrics_get(m, "recovery.p95");
	const struct metrics_value *ok = metrics_get(m, "requests.success");
	printf("  requests.success %.4f, recovery.p95 %.1f s\n", ok != NULL ? ok->value : -1,
	       p95 != NULL ? p95->value : -1);
	metrics_free(m);
	world_free(w);
	scenario_free(sc);
	g_string_free(sc_text, TRUE);
	return 0;
}
