#pragma once
/*
 * Places of the simulated world. Names the scenario language accepts (Route 53's continent
 * codes, ISO 3166-1 country codes with Route 53's country -> continent table, US state
 * subdivisions, AWS Regions) and a built-in point for each: the capital city of a country or US
 * state, the metro area an AWS Region is in, a conventional centre for a continent. A place can
 * also be given as coordinates. Great-circle distances (haversine on a sphere) and the nearest
 * AWS Region of a place.
 *
 * Not here: latency and loss between places (sim/net.h), geolocation of IP addresses, anycast
 * catchments (an "anycast" place is flagged; the caller picks a site).
 * Sources and accuracy: docs/design/geography.md.
 */

#include <stdbool.h>
#include <stddef.h>

/* Mean Earth radius (IUGG R1), kilometres. */
#define GEO_EARTH_RADIUS_KM 6371.0088

/* Longest canonical place name geo_place_resolve() produces, with its NUL. */
#define GEO_PLACE_NAME_MAX 64

/* What a place text named. */
enum geo_place_kind {
	GEO_PLACE_COUNTRY,     /* "US" */
	GEO_PLACE_SUBDIVISION, /* "US-WA", "FR-75" (only US states are known; others sit at
				* their country's point) */
	GEO_PLACE_REGION,      /* "us-east-1" */
	GEO_PLACE_COORDS,      /* "47.61,-122.33" */
	GEO_PLACE_CONTINENT,   /* from geo_continent_place() only: "EU" is not a scenario place */
	GEO_PLACE_ANYCAST,     /* "anycast": no coordinates; the caller chooses a site */
};

/*
 * A resolved place. Plain record: every string is either static or stored inside, so a copy is
 * independent of the text it came from. Empty strings mean "not known".
 */
struct geo_place {
	enum geo_place_kind kind;
	double lat, lon;     /* degrees, north and east positive; 0 for anycast */
	char country[3];     /* ISO 3166-1 alpha-2, or "" (coordinates, continents, anycast) */
	char subdivision[8]; /* the part after "CC-" ("WA"); for a Region in the US its state */
	char continent[3];   /* Route 53 continent code of the country, or "" */
	const char *region;  /* own AWS Region, else the nearest standard one; NULL for anycast */
	char name[GEO_PLACE_NAME_MAX]; /* canonical text: "US-WA", "us-east-1", "47.61,-122.33" */
};

/*
 * Resolve every form a scenario's `at=` and `link` accept: a country ("US"), a subdivision
 * ("US-WA"; for other countries the part after the dash is kept but not checked), an AWS Region
 * ("us-east-1"), coordinates "LAT,LON" in degrees, or "anycast" (kind GEO_PLACE_ANYCAST, no
 * coordinates). Coordinates get a canonical name (trailing zeros dropped, at most 4 decimals:
 * "47.610,-122.33" -> "47.61,-122.33"), and no country: nothing here maps a point to a country.
 * Returns false, leaving *out unspecified, for anything else (and for a subdivision part longer
 * than 7 characters). Accepts exactly what the scenario validator accepts.
 */
bool geo_place_resolve(const char *text, struct geo_place *out);

/* The representative point of a Route 53 continent code (AF AN AS EU NA OC SA), as a place of
 * kind GEO_PLACE_CONTINENT. Returns false for another code. */
bool geo_continent_place(const char *code, struct geo_place *out);

/* Great-circle distance in km between two points given in degrees (haversine formula on a
 * sphere of radius GEO_EARTH_RADIUS_KM). */
double geo_haversine_km(double lat1, double lon1, double lat2, double lon2);

/* Great-circle distance in km between two places. Neither may be anycast (a bug: aborts). */
double geo_distance_km(const struct geo_place *a, const struct geo_place *b);

/*
 * The AWS Region nearest to place (great-circle distance) among candidates[0..n). Ties go to the
 * name that sorts first, so the order of candidates does not matter; names that are not known
 * Regions are skipped. candidates == NULL means the standard Regions (every known Region except
 * the China, GovCloud and European Sovereign Cloud partitions). Returns a static string, or NULL
 * if no candidate is a known Region. place may not be anycast.
 */
const char *geo_nearest_region(const struct geo_place *place, const char *const *candidates,
			       size_t n);

/* True if code is one of Route 53's continent codes (AF AN AS EU NA OC SA). */
bool geo_is_continent(const char *code);

/* The continent of an ISO 3166-1 alpha-2 country code per Route 53's table, or NULL. */
const char *geo_country_continent(const char *code);

/* True if code is a US state subdivision code Route 53 accepts (two letters, e.g. "WA"). */
bool geo_is_us_state(const char *code);

/* True if name is an AWS Region known to Route 53 latency records (e.g. "us-east-1"). */
bool geo_is_aws_region(const char *name);

/* NULL-terminated lists, for "did you mean" suggestions and for iterating. Borrowed, static. */
const char *const *geo_aws_regions(void);
const char *const *geo_continents(void);
const char *const *geo_us_states(void);
const char *const *geo_countries(void);
