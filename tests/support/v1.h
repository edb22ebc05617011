#pragma once
/*
 * Validation V1 of shared/reference/validation.md, shared by the unit test (a few cells) and
 * the validation program (the whole grid): one resolver, one client with Poisson arrivals at
 * rate lambda for one name of TTL T, no client cache, zero network delay; the resolver's hit
 * ratio against lambda*T / (1 + lambda*T).
 */

#include <stdint.h>

/* Run one cell with about `queries` queries; returns the hit ratio and the query count. */
double v1_hit_ratio(double lambda_per_s, unsigned ttl_s, double queries, uint64_t seed,
		    uint64_t *queries_out);
