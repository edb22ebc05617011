#include "authoritative/server.h"

#include "sim/util.h"

struct auth_server {
	char *name;
	uint32_t host;
	unsigned udp_size_bytes;
	GPtrArray *addresses; /* char *, owned */
	GPtrArray *zones;     /* const auth_zone *, borrowed */
	struct auth_server_stats stats;
	bool has_source; /* every query is seen as coming from source */
	struct auth_r53_source source;
};

auth_server *auth_server_new(const char *name, uint32_t host, unsigned udp_size_bytes)
{
	SIM_ASSERT(udp_size_bytes == 0 ||
		   (udp_size_bytes >= AUTH_UDP_SIZE_PLAIN && udp_size_bytes <= 65535));
	auth_server *server = g_new0(auth_server, 1);
	server->name = g_strdup(name);
	server->host = host;
	server->udp_size_bytes = udp_size_bytes != 0 ? udp_size_bytes : AUTH_UDP_SIZE_DEFAULT;
	server->addresses = g_ptr_array_new_with_free_func(g_free);
	server->zones = g_ptr_array_new();
	return server;
}

void auth_server_free(auth_server *server)
{
	if (server == NULL) {
		return;
	}
	g_free(server->name);
	g_ptr_array_free(server->addresses, TRUE);
	g_ptr_array_free(server->zones, TRUE);
	g_free(server);
}

void auth_server_set_source(auth_server *server, const struct auth_r53_source *src)
{
	server->has_source = src != NULL;
	if (src != NULL) {
		server->source = *src;
	}
}

const struct auth_r53_source *auth_server_source(const auth_server *server)
{
	return server->has_source ? &server->source : NULL;
}

void auth_server_add_zone(auth_server *server, const auth_zone *zone)
{
	for (guint i = 0; i < server->zones->len; i++) {
		if (g_ptr_array_index(server->zones, i) == zone) {
			return;
		}
	}
	g_ptr_array_add(server->zones, (gpointer)zone);
}

void auth_server_remove_zone(auth_server *server, const auth_zone *zone)
{
	/* keeps the order of the others: zone choice does not depend on it, traces may */
	g_ptr_array_remove(server->zones, (gpointer)zone);
}

void auth_server_add_address(auth_server *server, const char *address)
{
	g_ptr_array_add(server->addresses, g_strdup(address));
}

const char *auth_server_name(const auth_server *server)
{
	return server->name;
}

uint32_t auth_server_host(const auth_server *server)
{
	return server->host;
}

void auth_server_set_host(auth_server *server, uint32_t host)
{
	server->host = host;
}

unsigned auth_server_udp_size(const auth_server *server)
{
	return server->udp_size_bytes;
}

const GPtrArray *auth_server_addresses(const auth_server *server)
{
	return server->addresses;
}

const GPtrArray *auth_server_zones(const auth_server *server)
{
	return server->zones;
}

const struct auth_server_stats *auth_server_stats(const auth_server *server)
{
	return &server->stats;
}

const auth_zone *auth_server_find_zone(const auth_server *server, const dns_names *names,
				       uint32_t qname, uint16_t qtype)
{
	const auth_zone *best = NULL;
	const auth_zone *parent = NULL; /* the best zone strictly above qname */
	unsigned best_labels = 0, parent_labels = 0;
	for (guint i = 0; i < server->zones->len; i++) {
		const auth_zone *zone = g_ptr_array_index(server->zones, i);
		uint32_t origin = auth_zone_origin(zone);
		if (!dns_name_is_subdomain(names, qname, origin)) {
			continue;
		}
		unsigned labels = dns_name_labels(names, origin);
		if (best == NULL || labels > best_labels) {
			best = zone;
			best_labels = labels;
		}
		if (origin != qname && (parent == NULL || labels > parent_labels)) {
			parent = zone;
			parent_labels = labels;
		}
	}
	if (qtype == LDNS_RR_TYPE_DS && best != NULL && auth_zone_origin(best) == qname &&
	    parent != NULL) {
		return parent;
	}
	return best;
}

size_t auth_server_udp_limit(const auth_server *server, uint16_t edns_udp_size)
{
	if (edns_udp_size == 0) {
		return AUTH_UDP_SIZE_PLAIN;
	}
	size_t limit = MIN((size_t)edns_udp_size, (size_t)server->udp_size_bytes);
	return MAX(limit, (size_t)AUTH_UDP_SIZE_PLAIN);
}

static bool refuse_type(uint16_t qtype)
{
	return qtype == LDNS_RR_TYPE_AXFR || qtype == LDNS_RR_TYPE_IXFR;
}

struct dns_msg *auth_server_answer(auth_server *server, dns_names *names,
				   const struct dns_msg *query, enum auth_transport transport,
				   struct auth_server_result *result)
{
	return auth_server_answer_from(server, names, query, transport, NULL, NULL, result);
}

struct dns_msg *auth_server_answer_from(auth_server *server, dns_names *names,
					const struct dns_msg *query, enum auth_transport transport,
					const struct auth_r53_source *src, GPtrArray *path,
					struct auth_server_result *result)
{
	struct auth_server_result local;
	if (result == NULL) {
		result = &local;
	}
	*result = (struct auth_server_result){ .answer = AUTH_ANSWER_REFUSED };
	struct dns_msg *response =
	    dns_msg_new(query->id, query->qname, query->qtype, query->qclass);
	response->qr = true;
	response->rd = query->rd;
	response->cd = query->cd;
	if (query->edns_udp_size > 0) {
		response->edns_udp_size = (uint16_t)server->udp_size_bytes;
	}
	server->stats.queries++;
	const auth_zone *zone = NULL;
	if (query->qclass == LDNS_RR_CLASS_IN && !refuse_type(query->qtype)) {
		zone = auth_server_find_zone(server, names, query->qname, query->qtype);
	}
	if (zone == NULL) {
		response->rcode = LDNS_RCODE_REFUSED;
		server->stats.refused++;
	} else {
		enum auth_r53_price price = AUTH_R53_PRICE_STANDARD;
		result->zone = zone;
		result->answer = auth_zone_lookup_priced(zone, names, query->qname, query->qtype,
							 server->has_source ? &server->source : src,
							 path, response, &price);
		server->stats.answered[price]++;
	}
	result->size_bytes = dns_msg_wire_size(response, names);
	result->limit_bytes = transport == AUTH_TRANSPORT_UDP
				  ? auth_server_udp_limit(server, query->edns_udp_size)
				  : SIZE_MAX;
	if (result->size_bytes > result->limit_bytes) {
		/* RFC 1035 4.2.1 / RFC 2181 9: set TC; the requester asks again over TCP */
		response->tc = true;
		for (int s = 0; s < DNS_SECTION_COUNT; s++) {
			g_ptr_array_set_size(response->sections[s], 0);
		}
		result->truncated = true;
		server->stats.truncated++;
	}
	return response;
}
