#pragma once
/*
 * Names of places that the scenario language accepts: Route 53's continent codes, ISO 3166-1
 * country codes with Route 53's country -> continent table, US state subdivisions, and AWS
 * Regions. Only the names and their containment live here; coordinates, distances and latency
 * come with the network model.
 */

#include <stdbool.h>

/* True if code is one of Route 53's continent codes (AF AN AS EU NA OC SA). */
bool geo_is_continent(const char *code);

/* The continent of an ISO 3166-1 alpha-2 country code per Route 53's table, or NULL. */
const char *geo_country_continent(const char *code);

/* True if code is a US state subdivision code Route 53 accepts (two letters, e.g. "WA"). */
bool geo_is_us_state(const char *code);

/* True if name is an AWS Region known to Route 53 latency records (e.g. "us-east-1"). */
bool geo_is_aws_region(const char *name);

/* NULL-terminated lists, for "did you mean" suggestions. Borrowed, static. */
const char *const *geo_aws_regions(void);
const char *const *geo_continents(void);
