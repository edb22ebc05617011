#include "sim/scenario/value.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/util.h"

struct unit {
	const char *name;
	int64_t ns;
};

static const struct unit duration_units[] = {
	{ "ns", 1 },	       { "us", SIM_NS_PER_US },	  { "ms", SIM_NS_PER_MS },
	{ "s", SIM_NS_PER_S }, { "min", SIM_NS_PER_MIN }, { "m", SIM_NS_PER_MIN },
	{ "h", SIM_NS_PER_H }, { "d", SIM_NS_PER_DAY },	  { "w", 7 * SIM_NS_PER_DAY },
};

/* Parse an unsigned decimal number (digits with an optional fraction) at *p. */
static gboolean parse_number(const char **p, double *out)
{
	const char *s = *p;
	const char *start = s;
	while (g_ascii_isdigit(*s)) {
		s++;
	}
	if (*s == '.') {
		s++;
		while (g_ascii_isdigit(*s)) {
			s++;
		}
	}
	if (s == start || (s == start + 1 && *start == '.')) {
		return FALSE;
	}
	char *copy = g_strndup(start, (gsize)(s - start));
	*out = g_ascii_strtod(copy, NULL);
	g_free(copy);
	*p = s;
	return TRUE;
}

gboolean scenario_parse_duration(const char *text, int64_t *out_ns, const char **why)
{
	const char *p = text;
	double total = 0;
	int parts = 0;
	if (*p == '-') {
		*why = "expected a non-negative duration such as 30s";
		return FALSE;
	}
	while (*p != '\0') {
		double v;
		if (!parse_number(&p, &v)) {
			*why = "expected a duration such as 300ms, 30s, 5m, 2h or 1d";
			return FALSE;
		}
		const char *u = p;
		while (g_ascii_isalpha(*p)) {
			p++;
		}
		size_t ulen = (size_t)(p - u);
		if (ulen == 0) {
			*why = "a duration needs a unit (ns, us, ms, s, m, h, d, w), e.g. 30s";
			return FALSE;
		}
		const struct unit *found = NULL;
		for (size_t i = 0; i < G_N_ELEMENTS(duration_units); i++) {
			if (strlen(duration_units[i].name) == ulen &&
			    strncmp(duration_units[i].name, u, ulen) == 0) {
				found = &duration_units[i];
			}
		}
		if (found == NULL) {
			*why = "unknown time unit; expected ns, us, ms, s, m, h, d or w";
			return FALSE;
		}
		total += v * (double)found->ns;
		parts++;
	}
	if (parts == 0) {
		*why = "expected a duration such as 30s";
		return FALSE;
	}
	if (total > (double)(INT64_MAX / 4)) {
		*why = "duration too long; at most about 73 years";
		return FALSE;
	}
	*out_ns = (int64_t)llround(total);
	return TRUE;
}

gboolean scenario_parse_rate(const char *text, double *out_per_s, const char **why)
{
	static const struct unit rate_units[] = {
		{ "s", 1 },    { "sec", 1 },	 { "m", 60 },	 { "min", 60 },
		{ "h", 3600 }, { "hour", 3600 }, { "d", 86400 }, { "day", 86400 },
	};
	const char *p = text;
	double v;
	if (!parse_number(&p, &v) || *p != '/') {
		*why = "expected a rate such as 2/min or 10/s";
		return FALSE;
	}
	p++;
	for (size_t i = 0; i < G_N_ELEMENTS(rate_units); i++) {
		if (strcmp(p, rate_units[i].name) == 0) {
			*out_per_s = v / (double)rate_units[i].ns;
			return TRUE;
		}
	}
	*why = "unknown rate unit; expected /s, /min, /h or /d";
	return FALSE;
}

gboolean scenario_parse_real(const char *text, double *out, const char **why)
{
	char *end = NULL;
	errno = 0;
	double v = g_ascii_strtod(text, &end);
	if (end == text || *end != '\0' || errno != 0 || !isfinite(v)) {
		*why = "expected a number";
		return FALSE;
	}
	*out = v;
	return TRUE;
}

gboolean scenario_parse_ratio(const char *text, double *out, const char **why)
{
	size_t len = strlen(text);
	double v;
	if (len > 1 && text[len - 1] == '%') {
		char *num = g_strndup(text, len - 1);
		gboolean ok = scenario_parse_real(num, &v, why);
		g_free(num);
		if (!ok) {
			*why = "expected a ratio such as 0.97 or 97%";
			return FALSE;
		}
		v /= 100.0;
	} else if (!scenario_parse_real(text, &v, why)) {
		*why = "expected a ratio such as 0.97 or 97%";
		return FALSE;
	}
	if (v < 0 || v > 1) {
		*why = "a ratio must lie between 0 and 1 (0% to 100%)";
		return FALSE;
	}
	*out = v;
	return TRUE;
}

gboolean scenario_parse_int(const char *text, int64_t *out, const char **why)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0) {
		*why = "expected an integer";
		return FALSE;
	}
	*out = v;
	return TRUE;
}

gboolean scenario_parse_bool(const char *text, gboolean *out, const char **why)
{
	static const char *const yes[] = { "yes", "on", "true" };
	static const char *const no[] = { "no", "off", "false" };
	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (strcmp(text, yes[i]) == 0) {
			*out = TRUE;
			return TRUE;
		}
		if (strcmp(text, no[i]) == 0) {
			*out = FALSE;
			return TRUE;
		}
	}
	*why = "expected yes or no (on/off, true/false)";
	return FALSE;
}

gboolean scenario_parse_ip(const char *text, const char **why)
{
	unsigned char buf[16];
	if (inet_pton(AF_INET, text, buf) == 1 || inet_pton(AF_INET6, text, buf) == 1) {
		return TRUE;
	}
	*why = "expected an IPv4 or IPv6 address such as 192.0.2.10 or 2001:db8::1";
	return FALSE;
}

gboolean scenario_parse_cidr(const char *text, const char **why)
{
	const char *slash = strchr(text, '/');
	unsigned char buf[16];
	*why = "expected an address prefix such as 198.51.100.0/24 or 2001:db8::/32";
	if (slash == NULL) {
		return FALSE;
	}
	char *addr = g_strndup(text, (gsize)(slash - text));
	int bits;
	int family_bits;
	if (inet_pton(AF_INET, addr, buf) == 1) {
		family_bits = 32;
	} else if (inet_pton(AF_INET6, addr, buf) == 1) {
		family_bits = 128;
	} else {
		g_free(addr);
		return FALSE;
	}
	g_free(addr);
	int64_t len;
	const char *ignored;
	if (!scenario_parse_int(slash + 1, &len, &ignored) || len < 0 || len > family_bits) {
		*why = family_bits == 32 ? "prefix length must be 0 to 32"
					 : "prefix length must be 0 to 128";
		return FALSE;
	}
	bits = (int)len;
	for (int b = bits; b < family_bits; b++) {
		if (buf[b / 8] & (0x80 >> (b % 8))) {
			*why = "host bits set after the prefix length; expected a network address";
			return FALSE;
		}
	}
	return TRUE;
}

gboolean scenario_parse_coords(const char *text, double *lat, double *lon, const char **why)
{
	const char *comma = strchr(text, ',');
	*why = "expected coordinates LAT,LON in degrees, such as 47.61,-122.33";
	if (comma == NULL) {
		return FALSE;
	}
	char *a = g_strndup(text, (gsize)(comma - text));
	const char *ignored;
	gboolean ok =
	    scenario_parse_real(a, lat, &ignored) && scenario_parse_real(comma + 1, lon, &ignored);
	g_free(a);
	if (!ok) {
		return FALSE;
	}
	if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
		*why = "latitude must lie in -90..90 and longitude in -180..180";
		return FALSE;
	}
	return TRUE;
}

char *scenario_format_duration(int64_t ns)
{
	static const struct unit units[] = {
		{ "d", SIM_NS_PER_DAY },
		{ "h", SIM_NS_PER_H },
		{ "m", SIM_NS_PER_MIN },
		{ "s", SIM_NS_PER_S },
		{ "ms", SIM_NS_PER_MS },
		{ "us", SIM_NS_PER_US },
		{ "ns", 1 },
	};
	if (ns == 0) {
		return g_strdup("0s");
	}
	GString *s = g_string_new(ns < 0 ? "-" : "");
	uint64_t left = ns < 0 ? (uint64_t)(-(ns + 1)) + 1 : (uint64_t)ns;
	for (size_t i = 0; i < G_N_ELEMENTS(units) && left > 0; i++) {
		uint64_t n = left / (uint64_t)units[i].ns;
		if (n > 0) {
			g_string_append_printf(s, "%" G_GUINT64_FORMAT "%s", n, units[i].name);
			left -= n * (uint64_t)units[i].ns;
		}
	}
	return g_string_free(s, FALSE);
}
