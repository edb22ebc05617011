/* dnssim trace FILE NAME [TYPE]: one resolution, step by step, from a resolver's side. */
#include <stdio.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/scenario/value.h"
#include "sim/world/world.h"

/* Name the servers in the trace: "to 198.18.0.1" becomes "to ns-1 198.18.0.1". */
static void name_servers(GString *text, auth_hierarchy *h)
{
	for (guint i = 0; i < auth_hierarchy_server_count(h); i++) {
		auth_server *s = auth_hierarchy_server(h, i);
		const GPtrArray *addrs = auth_server_addresses(s);
		for (guint k = 0; k < addrs->len; k++) {
			const char *addr = g_ptr_array_index(addrs, k);
			g_autofree char *plain = g_strdup_printf("to %s ", addr);
			g_autofree char *named =
			    g_strdup_printf("to %s (%s) ", auth_server_name(s), addr);
			g_autofree char *tail = g_strdup_printf("from %s\n", addr);
			g_autofree char *tail_named =
			    g_strdup_printf("from %s (%s)\n", auth_server_name(s), addr);
			g_string_replace(text, plain, named, 0);
			g_string_replace(text, tail, tail_named, 0);
		}
	}
}

/* The traced query's client token: none of a client population's (sim/world/clients.c puts
 * the population's index in the top 16 bits, so this one would be population 65535's). Its
 * low 16 bits, 1, become the query's message id. */
#define TRACE_TOKEN (UINT64_C(0xffff) << 48 | 1)

/* The traced query's answer, and the world's own handler, which keeps getting every other
 * answer: the scenario's clients go on as in a run while the query is traced. */
struct answer_capture {
	bool done;
	int64_t at_ns;
	GString *text;
	dns_names *names;
	guint resolver_index;
	dnsnet_answer_fn next;
	void *next_ctx;
};

static void capture(void *ctx, guint resolver_index, uint64_t client_token,
		    const struct dns_msg *msg, int64_t now_ns)
{
	struct answer_capture *c = ctx;
	if (resolver_index != c->resolver_index || client_token != TRACE_TOKEN) {
		/* another client's answer, maybe from another resolver: not the traced one */
		if (c->next != NULL) {
			c->next(c->next_ctx, resolver_index, client_token, msg, now_ns);
		}
		return;
	}
	if (c->done) {
		return;
	}
	c->done = true;
	c->at_ns = now_ns;
	dns_msg_print(msg, c->names, c->text);
}

int cli_trace(int argc, char **argv)
{
	struct cli_common common = { 0 };
	char *from = NULL;
	char *at = NULL;
	GOptionEntry entries[] = {
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from,
		  "Resolver that resolves (default: the first resolver statement)", "RESOLVER" },
		{ "at", 0, 0, G_OPTION_ARG_STRING, &at,
		  "Run the scenario up to this virtual time first (warm caches, timeline applied)",
		  "TIME" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("FILE NAME [TYPE] - show one resolution step by step");
	g_option_context_set_summary(
	    ctx, "Resolves NAME (type A by default) through the scenario's virtual hierarchy "
		 "from a resolver's side:\neach query sent and to which server, referrals, "
		 "cache hits with the TTL left,\nnegative answers, retries and timeouts, then "
		 "the answer the client gets.\nExit codes: 0 done, 2 usage or input error.");
	cli_common_add(ctx, &common);
	g_option_context_add_main_entries(ctx, entries, NULL);
	int rc = CLI_EXIT_USAGE;
	struct scenario *sc = NULL;
	world *w = NULL;
	GString *steps = g_string_new(NULL);
	struct answer_capture answer = { .text = g_string_new(NULL) };
	if (!cli_parse(ctx, &argc, &argv, "dnssim trace [OPTIONS] FILE NAME [TYPE]")) {
		goto out;
	}
	if (cli_version_requested(&common)) {
		rc = CLI_EXIT_OK;
		goto out;
	}
	struct cli_name_query q;
	if (!cli_name_query_load("trace", argc, argv, at, &common, &q)) {
		goto out;
	}
	sc = q.sc;
	uint16_t qtype = q.qtype;
	int64_t at_ns = q.at_ns;
	w = world_new(sc);
	guint index = 0;
	resolver *r = world_resolver(w, from, &index);
	if (r == NULL) {
		if (from != NULL) {
			fprintf(stderr, "dnssim trace: no resolver named '%s' in %s\n", from,
				argv[1]);
		} else {
			fprintf(stderr,
				"dnssim trace: %s has no resolver statement; expected e.g. "
				"'resolver isp profile=unbound'\n",
				argv[1]);
		}
		goto out;
	}
	uint32_t qname = dns_name_intern(world_names(w), argv[2]);
	if (qname == DNS_NAME_NONE) {
		fprintf(stderr, "dnssim trace: '%s' is not a domain name\n", argv[2]);
		goto out;
	}
	world_run_until(w, at_ns);
	answer.names = world_names(w);
	resolver_set_trace_client(r, steps, TRACE_TOKEN);
	answer.resolver_index = index;
	answer.next = dnsnet_answer_handler(world_dnsnet(w), &answer.next_ctx);
	dnsnet_set_answer_handler(world_dnsnet(w), capture, &answer);
	dnsnet_query(world_dnsnet(w), index, qname, qtype, TRACE_TOKEN, NULL);
	while (!answer.done && sim_engine_step(world_engine(w))) {
	}
	resolver_set_trace(r, NULL);
	dnsnet_set_answer_handler(world_dnsnet(w), answer.next, answer.next_ctx);
	name_servers(steps, world_hierarchy(w));
	printf(";; dnssim trace: %s %s from resolver %s, at %s\n",
	       dns_name_text(world_names(w), qname), q.type_text,
	       from != NULL ? from : scenario_find(sc, SCENARIO_KIND_RESOLVER, NULL)->name,
	       at != NULL ? at : "0s");
	fputs(steps->str, stdout);
	if (answer.done) {
		g_autofree char *took =
		    g_strdup_printf("%.3f", (double)(answer.at_ns - at_ns) / 1e9);
		printf("\n;; answer after %s s\n%s", took, answer.text->str);
		rc = CLI_EXIT_OK;
	} else {
		printf("\n;; no answer\n");
		rc = CLI_EXIT_OK;
	}
out:
	g_string_free(answer.text, TRUE);
	g_string_free(steps, TRUE);
	world_free(w);
	scenario_free(sc);
	g_free(from);
	g_free(at);
	cli_common_clear(&common);
	return rc;
}
