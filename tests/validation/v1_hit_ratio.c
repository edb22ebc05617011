/*
 * Validation V1 (shared/reference/validation.md): the renewal hit ratio over the whole grid,
 * 10^6 queries per cell as the experiment asks. Prints a table and fails if a cell is more
 * than 0.5% (absolute) from lambda*T / (1 + lambda*T). Run with `make validation`.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "tests/support/v1.h"

int main(void)
{
	static const double lambdas[] = { 1.0, 0.01, 1.0 / 600.0 };
	static const unsigned ttls[] = { 1, 10, 60, 300, 900, 3600 };
	int bad = 0;
	printf("V1 renewal hit ratio, 10^6 queries per cell, tolerance 0.005\n");
	printf("%12s %6s %10s %10s %10s\n", "lambda (/s)", "T (s)", "measured", "formula", "diff");
	for (size_t i = 0; i < sizeof(lambdas) / sizeof(lambdas[0]); i++) {
		for (size_t j = 0; j < sizeof(ttls) / sizeof(ttls[0]); j++) {
			uint64_t n = 0;
			double h = v1_hit_ratio(lambdas[i], ttls[j], 1e6, 1, &n);
			double lt = lambdas[i] * ttls[j];
			double want = lt / (1 + lt);
			bool ok = fabs(h - want) <= 0.005;
			bad += !ok;
			printf("%12.6f %6u %10.4f %10.4f %+10.4f %s\n", lambdas[i], ttls[j], h,
			       want, h - want, ok ? "ok" : "OUT OF TOLERANCE");
		}
	}
	printf("V1: %s\n", bad == 0 ? "all cells within tolerance" : "cells out of tolerance");
	return bad == 0 ? 0 : 1;
}
