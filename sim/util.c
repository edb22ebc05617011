#include "sim/util.h"

void sim_assert_fail(const char *cond, const char *file, int line, const char *func)
{
	fprintf(stderr, "dnssim: internal error: assertion '%s' failed at %s:%d (%s)\n", cond, file,
		line, func);
	fflush(stderr);
	abort();
}
