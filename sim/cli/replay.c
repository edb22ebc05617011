/*
 * dnssim replay FILE.rpl...: play Unbound testbound / Deckard replay files against the resolver
 * model (sim/replay/harness.h) and print one line per file and a summary.
 *
 * Each file is played in a child process (fork), so a resolver that aborts on an assertion or
 * loops forever fails that file, not the run; --no-fork plays in-process for a debugger. The
 * watchdog of --timeout is wall-clock time: it guards the run, it is not model time.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/replay/harness.h"
#include "sim/replay/rpl.h"

struct replay_cli {
	char *dialect;
	gboolean verbose;
	gboolean no_fork;
	gint timeout_s;
};

/* Play sc in the current process. */
static void play_here(const struct replay_scenario *sc, uint64_t seed, bool verbose,
		      struct replay_result *res)
{
	g_autoptr(GString) trace = verbose ? g_string_new(NULL) : NULL;
	struct replay_options opts = { .seed = seed, .trace = trace };
	replay_run(sc, &opts, res);
	if (trace != NULL && trace->len > 0) {
		fprintf(stderr, "---- trace of %s\n%s----\n", sc->file, trace->str);
	}
}

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return false;
		}
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Play sc in a child process; its verdict comes back through a pipe as "V reason". */
static void play_forked(const struct replay_scenario *sc, uint64_t seed, bool verbose,
			int timeout_s, struct replay_result *res)
{
	int fds[2];
	if (pipe(fds) != 0) {
		res->verdict = REPLAY_FAIL;
		res->reason = g_strdup_printf("cannot create a pipe: %s", g_strerror(errno));
		return;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		res->verdict = REPLAY_FAIL;
		res->reason = g_strdup_printf("cannot fork: %s", g_strerror(errno));
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		if (timeout_s > 0) {
			alarm((unsigned)timeout_s);
		}
		struct replay_result r = { 0 };
		play_here(sc, seed, verbose, &r);
		g_autofree char *line = g_strdup_printf("%d %s", (int)r.verdict, r.reason);
		bool ok = write_all(fds[1], line, strlen(line));
		replay_result_clear(&r);
		fflush(stderr);
		_exit(ok ? 0 : 3);
	}
	close(fds[1]);
	GString *got = g_string_new(NULL);
	char buf[4096];
	for (;;) {
		ssize_t n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		g_string_append_len(got, buf, n);
	}
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		res->verdict = REPLAY_FAIL;
		res->reason = sig == SIGALRM
				  ? g_strdup_printf("no result within %d s (wall-clock "
						    "watchdog; see --timeout)",
						    timeout_s)
				  : g_strdup_printf("crashed (signal %d, %s); rerun with "
						    "--no-fork to debug",
						    sig, g_strsignal(sig));
	} else if (got->len < 2 || got->str[1] != ' ' || got->str[0] < '0' || got->str[0] > '2' ||
		   !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		res->verdict = REPLAY_FAIL;
		res->reason = g_strdup_printf("the player exited with status %d without a verdict",
					      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	} else {
		res->verdict = (enum replay_verdict)(got->str[0] - '0');
		res->reason = g_strdup(got->str + 2);
	}
	g_string_free(got, TRUE);
}

static bool parse_dialect(const char *s, enum replay_dialect *out)
{
	static const enum replay_dialect all[] = { REPLAY_DIALECT_AUTO, REPLAY_DIALECT_UNBOUND,
						   REPLAY_DIALECT_DECKARD };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		if (strcmp(s, replay_dialect_name(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	}
	return false;
}

int cli_replay(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct replay_cli opt = { .timeout_s = 30 };
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("FILE.rpl... - play replay files against the resolver model");
	g_option_context_set_summary(
	    ctx,
	    "Plays each FILE (an Unbound testbound or CZ-NIC Deckard .rpl scenario) against the\n"
	    "recursive resolver model on a virtual clock and prints one line per file:\n"
	    "  PASS|FAIL|SKIP FILE: reason\n"
	    "then \"N passed, M failed, K skipped\". A FAIL names the first difference (step,\n"
	    "expected, got); a SKIP the feature the model does not have. The dialect comes\n"
	    "from the path (an 'unbound' or 'deckard' folder) or the config block.\n"
	    "--seed sets the resolver's random stream (default 1).\n"
	    "Exit codes: 0 no file failed, 1 some file failed, 2 a file could not be read "
	    "or parsed\n(it counts as failed) or bad usage.");
	GOptionEntry entries[] = {
		{ "dialect", 0, 0, G_OPTION_ARG_STRING, &opt.dialect,
		  "Read files as auto (default), unbound or deckard", "D" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt.verbose,
		  "Print parser warnings and the trace of every play (harness and resolver) on "
		  "stderr",
		  NULL },
		{ "no-fork", 0, 0, G_OPTION_ARG_NONE, &opt.no_fork,
		  "Play every file in this process (for a debugger; a crash stops the run)", NULL },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &opt.timeout_s,
		  "Wall-clock seconds one file may take before it fails (default 30, 0 = none)",
		  "S" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_common_add(ctx, &common);
	int rc = CLI_EXIT_USAGE;
	enum replay_dialect dialect = REPLAY_DIALECT_AUTO;
	uint64_t seed = 1;
	if (!cli_parse(ctx, &argc, &argv, "dnssim replay [OPTIONS] FILE.rpl...")) {
		goto out;
	}
	if (cli_version_requested(&common)) {
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (common.sets != NULL || common.out_dir != NULL) {
		fprintf(stderr, "dnssim replay: --set and --out do not apply to replay files\n");
		goto out;
	}
	if (opt.dialect != NULL && !parse_dialect(opt.dialect, &dialect)) {
		fprintf(stderr,
			"dnssim replay: bad --dialect '%s'; expected auto, unbound or "
			"deckard\n",
			opt.dialect);
		goto out;
	}
	if (common.seed != NULL) {
		guint64 v;
		if (!g_ascii_string_to_unsigned(common.seed, 10, 0, G_MAXUINT64, &v, NULL)) {
			fprintf(stderr,
				"dnssim replay: bad --seed '%s'; expected a non-negative "
				"integer\n",
				common.seed);
			goto out;
		}
		seed = v;
	}
	if (opt.timeout_s < 0) {
		fprintf(stderr, "dnssim replay: bad --timeout %d; expected seconds >= 0\n",
			opt.timeout_s);
		goto out;
	}
	if (argc < 2) {
		fprintf(stderr,
			"dnssim replay: expected at least one .rpl file\nusage: dnssim replay "
			"[OPTIONS] FILE.rpl... (try --help)\n");
		goto out;
	}
	unsigned passed = 0;
	unsigned failed = 0;
	unsigned skipped = 0;
	bool input_error = false;
	for (int i = 1; i < argc; i++) {
		g_autoptr(GError) err = NULL;
		struct replay_scenario *sc = replay_scenario_load(argv[i], dialect, &err);
		if (sc == NULL) {
			printf("FAIL %s: %s%s\n", argv[i],
			       g_error_matches(err, REPLAY_RPL_ERROR, REPLAY_RPL_ERROR_SYNTAX)
				   ? "parse error: "
				   : "",
			       err->message);
			failed++;
			input_error = true;
			continue;
		}
		if (opt.verbose) {
			for (guint w = 0; w < sc->warnings->len; w++) {
				fprintf(stderr, "%s: warning: %s\n", argv[i],
					(const char *)g_ptr_array_index(sc->warnings, w));
			}
		}
		struct replay_result res = { 0 };
		if (opt.no_fork) {
			play_here(sc, seed, opt.verbose, &res);
		} else {
			play_forked(sc, seed, opt.verbose, opt.timeout_s, &res);
		}
		replay_scenario_free(sc);
		passed += res.verdict == REPLAY_PASS;
		failed += res.verdict == REPLAY_FAIL;
		skipped += res.verdict == REPLAY_SKIP;
		if (res.verdict != REPLAY_PASS || !common.quiet) {
			printf("%s %s: %s\n", replay_verdict_name(res.verdict), argv[i],
			       res.reason);
		}
		replay_result_clear(&res);
	}
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	rc = input_error ? CLI_EXIT_USAGE : failed > 0 ? CLI_EXIT_EXPECT_FAILED : CLI_EXIT_OK;
out:
	g_free(opt.dialect);
	cli_common_clear(&common);
	return rc;
}
