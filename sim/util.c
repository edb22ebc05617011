#include "sim/util.h"

#include <sys/mman.h>

void sim_assert_fail(const char *cond, const char *file, int line, const char *func)
{
	fprintf(stderr, "dnssim: internal error: assertion '%s' failed at %s:%d (%s)\n", cond, file,
		line, func);
	fflush(stderr);
	abort();
}

void *sim_large_alloc0(size_t size)
{
	if (size == 0) {
		return NULL;
	}
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "dnssim: out of memory (%zu bytes)\n", size);
		abort();
	}
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE); /* advice only: fine if refused */
#endif
	return p; /* anonymous mappings are zeroed */
}

void sim_large_free(void *p, size_t size)
{
	if (p != NULL) {
		munmap(p, size);
	}
}
