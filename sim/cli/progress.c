#include "sim/cli/progress.h"

#include <glib.h>
#include <time.h>
#include <unistd.h>

#include "sim/scenario/value.h"
#include "sim/util.h"

#define BAR_WIDTH 30

struct cli_progress {
	FILE *out;
	int64_t total_ns;
	int64_t start_wall_ns;
	int64_t last_draw_wall_ns;
	gboolean drawn;
};

static int64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * SIM_NS_PER_S + ts.tv_nsec;
}

cli_progress *cli_progress_new(FILE *out, int64_t total_ns)
{
	if (!isatty(fileno(out)) || total_ns <= 0) {
		return NULL;
	}
	cli_progress *p = g_new0(cli_progress, 1);
	p->out = out;
	p->total_ns = total_ns;
	p->start_wall_ns = wall_ns();
	return p;
}

/* Wall time to one decimal of a second, or in minutes and seconds past a minute. */
static void append_wall(GString *s, int64_t ns)
{
	double secs = (double)ns / 1e9;
	if (secs < 60) {
		g_string_append_printf(s, "%.1fs", secs);
	} else {
		g_string_append_printf(s, "%dm%02ds", (int)(secs / 60), (int)secs % 60);
	}
}

void cli_progress_update(cli_progress *p, int64_t done_ns)
{
	if (p == NULL) {
		return;
	}
	int64_t now = wall_ns();
	if (p->drawn && now - p->last_draw_wall_ns < 100 * SIM_NS_PER_MS && done_ns < p->total_ns) {
		return;
	}
	double frac = (double)MIN(done_ns, p->total_ns) / (double)p->total_ns;
	int fill = (int)(frac * BAR_WIDTH);
	int64_t elapsed = now - p->start_wall_ns;
	g_autofree char *done_text =
	    scenario_format_duration(done_ns / SIM_NS_PER_S * SIM_NS_PER_S);
	g_autofree char *total_text = scenario_format_duration(p->total_ns);
	GString *line = g_string_new("\r[");
	for (int i = 0; i < BAR_WIDTH; i++) {
		g_string_append_c(line, i < fill ? '#' : '.');
	}
	g_string_append_printf(line, "] %3d%%  virtual %s of %s  elapsed ", (int)(frac * 100),
			       done_text, total_text);
	append_wall(line, elapsed);
	if (frac > 0.01 && frac < 1) {
		g_string_append(line, "  about ");
		append_wall(line, (int64_t)((double)elapsed * (1 - frac) / frac));
		g_string_append(line, " left");
	}
	g_string_append(line, "\033[K"); /* erase the rest of a longer previous line */
	fputs(line->str, p->out);
	fflush(p->out);
	g_string_free(line, TRUE);
	p->drawn = TRUE;
	p->last_draw_wall_ns = now;
}

void cli_progress_free(cli_progress *p)
{
	if (p == NULL) {
		return;
	}
	if (p->drawn) {
		fputs("\r\033[K", p->out);
		fflush(p->out);
	}
	g_free(p);
}
