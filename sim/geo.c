#include "sim/geo.h"

#include <stddef.h>
#include <string.h>

struct geo_country {
	const char *code;
	const char *continent;
};

/* Route 53's country -> continent table (route53.md section 2.6, from the Route 53
 * Developer Guide, resource-record-sets-values-geo). */
static const struct geo_country countries[] = {
	{ "AD", "EU" }, { "AE", "AS" }, { "AF", "AS" }, { "AG", "NA" }, { "AI", "NA" },
	{ "AL", "EU" }, { "AM", "AS" }, { "AO", "AF" }, { "AQ", "AN" }, { "AR", "SA" },
	{ "AS", "OC" }, { "AT", "EU" }, { "AU", "OC" }, { "AW", "NA" }, { "AX", "EU" },
	{ "AZ", "AS" }, { "BA", "EU" }, { "BB", "NA" }, { "BD", "AS" }, { "BE", "EU" },
	{ "BF", "AF" }, { "BG", "EU" }, { "BH", "AS" }, { "BI", "AF" }, { "BJ", "AF" },
	{ "BL", "NA" }, { "BM", "NA" }, { "BN", "AS" }, { "BO", "SA" }, { "BQ", "NA" },
	{ "BR", "SA" }, { "BS", "NA" }, { "BT", "AS" }, { "BW", "AF" }, { "BY", "EU" },
	{ "BZ", "NA" }, { "CA", "NA" }, { "CC", "AS" }, { "CD", "AF" }, { "CF", "AF" },
	{ "CG", "AF" }, { "CH", "EU" }, { "CI", "AF" }, { "CK", "OC" }, { "CL", "SA" },
	{ "CM", "AF" }, { "CN", "AS" }, { "CO", "SA" }, { "CR", "NA" }, { "CU", "NA" },
	{ "CV", "AF" }, { "CW", "NA" }, { "CY", "EU" }, { "CZ", "EU" }, { "DE", "EU" },
	{ "DJ", "AF" }, { "DK", "EU" }, { "DM", "NA" }, { "DO", "NA" }, { "DZ", "AF" },
	{ "EC", "SA" }, { "EE", "EU" }, { "EG", "AF" }, { "ER", "AF" }, { "ES", "EU" },
	{ "ET", "AF" }, { "FI", "EU" }, { "FJ", "OC" }, { "FK", "SA" }, { "FM", "OC" },
	{ "FO", "EU" }, { "FR", "EU" }, { "GA", "AF" }, { "GB", "EU" }, { "GD", "NA" },
	{ "GE", "AS" }, { "GF", "SA" }, { "GG", "EU" }, { "GH", "AF" }, { "GI", "EU" },
	{ "GL", "NA" }, { "GM", "AF" }, { "GN", "AF" }, { "GP", "NA" }, { "GQ", "AF" },
	{ "GR", "EU" }, { "GS", "AN" }, { "GT", "NA" }, { "GU", "OC" }, { "GW", "AF" },
	{ "GY", "SA" }, { "HK", "AS" }, { "HN", "NA" }, { "HR", "EU" }, { "HT", "NA" },
	{ "HU", "EU" }, { "ID", "AS" }, { "IE", "EU" }, { "IL", "AS" }, { "IM", "EU" },
	{ "IN", "AS" }, { "IO", "AS" }, { "IQ", "AS" }, { "IR", "AS" }, { "IS", "EU" },
	{ "IT", "EU" }, { "JE", "EU" }, { "JM", "NA" }, { "JO", "AS" }, { "JP", "AS" },
	{ "KE", "AF" }, { "KG", "AS" }, { "KH", "AS" }, { "KI", "OC" }, { "KM", "AF" },
	{ "KN", "NA" }, { "KP", "AS" }, { "KR", "AS" }, { "KW", "AS" }, { "KY", "NA" },
	{ "KZ", "AS" }, { "LA", "AS" }, { "LB", "AS" }, { "LC", "NA" }, { "LI", "EU" },
	{ "LK", "AS" }, { "LR", "AF" }, { "LS", "AF" }, { "LT", "EU" }, { "LU", "EU" },
	{ "LV", "EU" }, { "LY", "AF" }, { "MA", "AF" }, { "MC", "EU" }, { "MD", "EU" },
	{ "ME", "EU" }, { "MF", "NA" }, { "MG", "AF" }, { "MH", "OC" }, { "MK", "EU" },
	{ "ML", "AF" }, { "MM", "AS" }, { "MN", "AS" }, { "MO", "AS" }, { "MP", "OC" },
	{ "MQ", "NA" }, { "MR", "AF" }, { "MS", "NA" }, { "MT", "EU" }, { "MU", "AF" },
	{ "MV", "AS" }, { "MW", "AF" }, { "MX", "NA" }, { "MY", "AS" }, { "MZ", "AF" },
	{ "NA", "AF" }, { "NC", "OC" }, { "NE", "AF" }, { "NF", "OC" }, { "NG", "AF" },
	{ "NI", "NA" }, { "NL", "EU" }, { "NO", "EU" }, { "NP", "AS" }, { "NR", "OC" },
	{ "NU", "OC" }, { "NZ", "OC" }, { "OM", "AS" }, { "PA", "NA" }, { "PE", "SA" },
	{ "PF", "OC" }, { "PG", "OC" }, { "PH", "AS" }, { "PK", "AS" }, { "PL", "EU" },
	{ "PM", "NA" }, { "PN", "OC" }, { "PR", "NA" }, { "PS", "AS" }, { "PT", "EU" },
	{ "PW", "OC" }, { "PY", "SA" }, { "QA", "AS" }, { "RE", "AF" }, { "RO", "EU" },
	{ "RS", "EU" }, { "RU", "EU" }, { "RW", "AF" }, { "SA", "AS" }, { "SB", "OC" },
	{ "SC", "AF" }, { "SD", "AF" }, { "SE", "EU" }, { "SG", "AS" }, { "SH", "AF" },
	{ "SI", "EU" }, { "SJ", "EU" }, { "SK", "EU" }, { "SL", "AF" }, { "SM", "EU" },
	{ "SN", "AF" }, { "SO", "AF" }, { "SR", "SA" }, { "SS", "AF" }, { "ST", "AF" },
	{ "SV", "NA" }, { "SX", "NA" }, { "SY", "AS" }, { "SZ", "AF" }, { "TC", "NA" },
	{ "TD", "AF" }, { "TF", "AN" }, { "TG", "AF" }, { "TH", "AS" }, { "TJ", "AS" },
	{ "TK", "OC" }, { "TL", "OC" }, { "TM", "AS" }, { "TN", "AF" }, { "TO", "OC" },
	{ "TR", "EU" }, { "TT", "NA" }, { "TV", "OC" }, { "TW", "AS" }, { "TZ", "AF" },
	{ "UA", "EU" }, { "UG", "AF" }, { "UM", "OC" }, { "US", "NA" }, { "UY", "SA" },
	{ "UZ", "AS" }, { "VA", "EU" }, { "VC", "NA" }, { "VE", "SA" }, { "VG", "NA" },
	{ "VI", "NA" }, { "VN", "AS" }, { "VU", "OC" }, { "WF", "OC" }, { "WS", "OC" },
	{ "XK", "EU" }, { "YE", "AS" }, { "YT", "AF" }, { "ZA", "AF" }, { "ZM", "AF" },
	{ "ZW", "AF" },
};

static const char *const continents[] = { "AF", "AN", "AS", "EU", "NA", "OC", "SA", NULL };

/* The 50 states and DC, as Route 53 subdivision codes under country US. */
static const char *const us_states[] = {
	"AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA",
	"ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS",
	"MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA",
	"RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY", NULL,
};

/* Route 53's Region enum for latency records (route53.md section 11.1). */
static const char *const aws_regions[] = {
	"us-east-1",	  "us-east-2",	    "us-west-1",      "us-west-2",	"ca-central-1",
	"ca-west-1",	  "eu-west-1",	    "eu-west-2",      "eu-west-3",	"eu-central-1",
	"eu-central-2",	  "eu-north-1",	    "eu-south-1",     "eu-south-2",	"ap-southeast-1",
	"ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
	"ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
	"ap-south-2",	  "ap-east-1",	    "ap-east-2",      "sa-east-1",	"me-south-1",
	"me-central-1",	  "il-central-1",   "af-south-1",     "mx-central-1",	"cn-north-1",
	"cn-northwest-1", "us-gov-east-1",  "us-gov-west-1",  "eusc-de-east-1", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0) {
			return true;
		}
	}
	return false;
}

bool geo_is_continent(const char *code)
{
	return in_list(continents, code);
}

const char *geo_country_continent(const char *code)
{
	size_t lo = 0;
	size_t hi = sizeof(countries) / sizeof(countries[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(countries[mid].code, code);
		if (c == 0) {
			return countries[mid].continent;
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

bool geo_is_us_state(const char *code)
{
	return in_list(us_states, code);
}

bool geo_is_aws_region(const char *name)
{
	return in_list(aws_regions, name);
}

const char *const *geo_aws_regions(void)
{
	return aws_regions;
}

const char *const *geo_continents(void)
{
	return continents;
}
