#pragma once
/*
 * Small helpers shared by every module: the always-on assertion for bugs (STYLE.md, errors of
 * the first kind) and time-unit constants. No DNS knowledge, no state.
 */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Always-on assertion: a failed one is a bug in dnssim, never bad input. */
#define SIM_ASSERT(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			sim_assert_fail(#cond, __FILE__, __LINE__, __func__);                      \
		}                                                                                  \
	} while (0)

/* Print the failed condition with its place and abort. */
_Noreturn void sim_assert_fail(const char *cond, const char *file, int line, const char *func);

/*
 * Large zeroed arrays touched at random (per-client state of big populations): mapped with
 * transparent huge pages where the kernel offers them, so that a random access costs one
 * cache miss rather than a TLB miss too. Aborts when out of memory, as g_malloc does.
 */
void *sim_large_alloc0(size_t size);
void sim_large_free(void *p, size_t size);

#define SIM_NS_PER_US  INT64_C(1000)
#define SIM_NS_PER_MS  INT64_C(1000000)
#define SIM_NS_PER_S   INT64_C(1000000000)
#define SIM_NS_PER_MIN (INT64_C(60) * SIM_NS_PER_S)
#define SIM_NS_PER_H   (INT64_C(3600) * SIM_NS_PER_S)
#define SIM_NS_PER_DAY (INT64_C(86400) * SIM_NS_PER_S)

/*
 * llround(x) (halves away from zero) without the library call, for the hot paths that turn
 * seconds into nanoseconds: below 2^52 in magnitude the truncation and the fraction are exact,
 * so the result is llround's; beyond, llround itself.
 */
static inline int64_t sim_llround(double x)
{
	if (!(x > -4503599627370496.0 && x < 4503599627370496.0)) {
		return (int64_t)llround(x);
	}
	int64_t r = (int64_t)x;
	double frac = x - (double)r;
	if (frac >= 0.5) {
		r++;
	} else if (frac <= -0.5) {
		r--;
	}
	return r;
}

/* Largest representable virtual time: "never". */
#define SIM_TIME_NEVER INT64_MAX
