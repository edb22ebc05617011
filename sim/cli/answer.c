/* dnssim answer FILE NAME [TYPE]: what the authoritative servers answer, and why (Route 53's
 * TestDNSAnswer with a timeline). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "authoritative/health.h"
#include "sim/cli/cli.h"
#include "sim/scenario/value.h"
#include "sim/world/world.h"

/* The deepest public zone enclosing name. */
static const auth_zone *zone_for(auth_hierarchy *h, dns_names *names, uint32_t name)
{
	const auth_zone *best = NULL;
	for (guint i = 0; i < auth_hierarchy_zone_count(h); i++) {
		const auth_zone *z = auth_hierarchy_zone(h, i);
		uint32_t origin = auth_zone_origin(z);
		if (dns_name_is_subdomain(names, name, origin) &&
		    (best == NULL || dns_name_labels(names, origin) >
					 dns_name_labels(names, auth_zone_origin(best)))) {
			best = z;
		}
	}
	return best;
}

static void print_source(const struct auth_r53_source *src, const char *who)
{
	printf(";; query source: %s", who);
	if (src->known) {
		printf(", location %s%s%s%s (%s)", src->country, src->subdivision[0] ? "-" : "",
		       src->subdivision, src->ecs ? " from ECS" : "", src->continent);
	} else {
		printf(", location unknown (default records apply)");
	}
	printf("\n");
}

static void print_health(world *w, int64_t now)
{
	struct hc_model *hc = world_health(w);
	if (hc == NULL || hc_count(hc) == 0) {
		return;
	}
	printf(";; health checks at %.3f s\n", (double)now / 1e9);
	for (uint32_t i = 0; i < hc_count(hc); i++) {
		size_t n = 0;
		const struct hc_transition *t = hc_history(hc, i, &n);
		uint32_t checkers = 0;
		uint32_t healthy = hc_healthy_checkers(hc, i, &checkers);
		bool status = hc_status(hc, i, now);
		printf(";;   %-20s %s", hc_name(hc, i), status ? "healthy" : "UNHEALTHY");
		if (n > 0 && t[n - 1].at_ns > 0) {
			printf(" since %.3f s", (double)t[n - 1].at_ns / 1e9);
		}
		if (checkers > 0) {
			printf(", %u of %u checkers see it healthy (healthy above 18%%)", healthy,
			       checkers);
		}
		printf("\n");
	}
}

int cli_answer(int argc, char **argv)
{
	struct cli_common common = { 0 };
	char *from = NULL;
	char *at = NULL;
	char *client = NULL;
	char *resolver_ip = NULL;
	char *ecs = NULL;
	GOptionEntry entries[] = {
		{ "resolver", 0, 0, G_OPTION_ARG_STRING, &from,
		  "Ask as this resolver statement (its place and address); default: an unknown "
		  "location",
		  "RESOLVER" },
		{ "client", 0, 0, G_OPTION_ARG_STRING, &client,
		  "Ask as a client of this population, through its first resolver (located at the "
		  "clients when that resolver sends ECS)",
		  "CLIENTS" },
		{ "resolver-ip", 0, 0, G_OPTION_ARG_STRING, &resolver_ip,
		  "Ask from this resolver address (located at the resolver statement that has it)",
		  "IP" },
		{ "ecs", 0, 0, G_OPTION_ARG_STRING, &ecs,
		  "Carry this EDNS client subnet (such as 198.51.100.0/24): Route 53 locates the "
		  "query by it",
		  "SUBNET" },
		{ "at", 0, 0, G_OPTION_ARG_STRING, &at,
		  "Run the scenario up to this virtual time first (health and timeline applied)",
		  "TIME" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("FILE NAME [TYPE] - what the name servers answer, and why");
	g_option_context_set_summary(
	    ctx, "Like Route 53's TestDNSAnswer, at a virtual time of the scenario: the answer the "
		 "authoritative\nservers give for NAME (type A by default), the decision path "
		 "through the Route 53\nrecord sets (which policy, which record, which were "
		 "unhealthy and why), and the state of\nthe health checks.\nExit codes: 0 done, "
		 "2 usage or input error.");
	cli_common_add(ctx, &common);
	g_option_context_add_main_entries(ctx, entries, NULL);
	int rc = CLI_EXIT_USAGE;
	struct scenario *sc = NULL;
	world *w = NULL;
	GPtrArray *path = g_ptr_array_new_with_free_func(g_free);
	GString *text = g_string_new(NULL);
	char *who = NULL;
	if (!cli_parse(ctx, &argc, &argv, "dnssim answer [OPTIONS] FILE NAME [TYPE]")) {
		goto out;
	}
	if (cli_version_requested(&common)) {
		rc = CLI_EXIT_OK;
		goto out;
	}
	struct cli_name_query q;
	if (!cli_name_query_load("answer", argc, argv, at, &common, &q)) {
		goto out;
	}
	sc = q.sc;
	uint16_t qtype = q.qtype;
	int64_t at_ns = q.at_ns;
	if ((from != NULL) + (client != NULL) + (resolver_ip != NULL) > 1) {
		fprintf(stderr, "dnssim answer: give one of --resolver, --client, --resolver-ip\n");
		goto out;
	}
	if (from != NULL && scenario_find(sc, SCENARIO_KIND_RESOLVER, from) == NULL) {
		fprintf(stderr, "dnssim answer: no resolver named '%s' in %s\n", from, argv[1]);
		goto out;
	}
	if (client != NULL && scenario_find(sc, SCENARIO_KIND_CLIENTS, client) == NULL) {
		fprintf(stderr, "dnssim answer: no clients named '%s' in %s\n", client, argv[1]);
		goto out;
	}
	struct auth_r53_source probe;
	if (resolver_ip != NULL && !auth_r53_source_init(&probe, resolver_ip, NULL, NULL, NULL)) {
		fprintf(stderr, "dnssim answer: --resolver-ip '%s' is not an IP address\n",
			resolver_ip);
		goto out;
	}
	if (ecs != NULL && !auth_r53_source_init(&probe, NULL, ecs, NULL, NULL)) {
		fprintf(stderr,
			"dnssim answer: --ecs '%s' is not a subnet (expected such as "
			"198.51.100.0/24)\n",
			ecs);
		goto out;
	}
	w = world_new(sc);
	dns_names *names = world_names(w);
	uint32_t qname = dns_name_intern(names, argv[2]);
	if (qname == DNS_NAME_NONE) {
		fprintf(stderr, "dnssim answer: '%s' is not a domain name\n", argv[2]);
		goto out;
	}
	const auth_zone *zone = zone_for(world_hierarchy(w), names, qname);
	world_run_until(w, at_ns);
	struct auth_r53_source src;
	memset(&src, 0, sizeof(src));
	if (client != NULL) {
		const char *via = NULL;
		world_route53_source_of_clients(w, client, &src, &via);
		from = g_strdup(via); /* the resolver's VPC view applies */
	} else if (from != NULL) {
		world_route53_source(w, from, &src);
	}
	if (resolver_ip != NULL || ecs != NULL) {
		/* an explicit address or subnet: Route 53 locates the query by it */
		char addr[64] = "";
		if (resolver_ip != NULL) {
			g_strlcpy(addr, resolver_ip, sizeof(addr));
		} else if (src.family == AF_INET || src.family == AF_INET6) {
			inet_ntop(src.family, src.addr, addr, sizeof(addr));
		}
		world_route53_source_of_address(w, addr[0] ? addr : NULL, ecs, &src);
	}
	/* a resolver in a VPC sees the VPC's private zones first (route53.md 6.5) */
	const struct scenario_stmt *rs =
	    from != NULL ? scenario_find(sc, SCENARIO_KIND_RESOLVER, from) : NULL;
	const struct scenario_attr *vpc = rs != NULL ? scenario_stmt_attr(rs, "vpc") : NULL;
	auth_server *private_server =
	    vpc != NULL ? auth_hierarchy_vpc_server(world_hierarchy(w), vpc->text) : NULL;
	const auth_zone *private_zone =
	    private_server != NULL ? auth_server_find_zone(private_server, names, qname, qtype)
				   : NULL;
	if (private_zone != NULL) {
		zone = private_zone;
		if (auth_server_source(private_server) != NULL) {
			src = *auth_server_source(private_server);
		}
	}
	printf(";; dnssim answer: %s %s at %s\n", dns_name_text(names, qname), q.type_text,
	       at != NULL ? at : "0s");
	who = client != NULL	    ? g_strdup_printf("clients %s via resolver %s%s", client, from,
						      src.ecs ? " (it sends ECS)" : "")
	      : from != NULL	    ? g_strdup_printf("resolver %s", from)
	      : resolver_ip != NULL ? g_strdup_printf("resolver address %s", resolver_ip)
				    : g_strdup("no resolver given");
	if (ecs != NULL) {
		char *with = g_strdup_printf("%s, ECS subnet %s", who, ecs);
		g_free(who);
		who = with;
	}
	if (private_zone != NULL) {
		g_free(who);
		who = g_strdup_printf("resolver %s in VPC %s (the VPC's Region; ECS ignored)", from,
				      vpc->text);
	}
	print_source(&src, who);
	if (zone == NULL) {
		printf(";; no zone of the scenario holds %s\n", dns_name_text(names, qname));
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (private_zone != NULL) {
		printf(";; zone %s (private, VPC %s: it shadows any public zone)\n",
		       dns_name_text(names, auth_zone_origin(zone)), vpc->text);
	} else {
		printf(";; zone %s%s\n", dns_name_text(names, auth_zone_origin(zone)),
		       vpc != NULL
			   ? " (public: no private zone of the resolver's VPC holds the name)"
			   : "");
	}
	struct dns_msg *response = dns_msg_new(1, qname, qtype, LDNS_RR_CLASS_IN);
	enum auth_answer kind =
	    auth_zone_lookup_from(zone, names, qname, qtype, &src, path, response);
	response->qr = true;
	if (path->len > 0) {
		printf(";; decision path\n");
		for (guint i = 0; i < path->len; i++) {
			printf(";;   %s\n", (const char *)g_ptr_array_index(path, i));
		}
	}
	print_health(w, at_ns);
	dns_msg_print(response, names, text);
	printf(";; answer kind: %s\n%s", auth_answer_name(kind), text->str);
	dns_msg_free(response);
	rc = CLI_EXIT_OK;
out:
	g_ptr_array_free(path, TRUE);
	g_string_free(text, TRUE);
	g_free(who);
	world_free(w);
	scenario_free(sc);
	g_free(from);
	g_free(at);
	g_free(client);
	g_free(resolver_ip);
	g_free(ecs);
	cli_common_clear(&common);
	return rc;
}
