#include "sim/util.h"

#include <sys/mman.h>

void sim_assert_fail(const char *cond, const char *file, int line, const char *func)
{
	fprintf(stderr, "dnssim: internal error: assertion '%s' failed at %s:%d (%s)\n", cond, file,
		line, func);
	fflush(stderr);
	abort();
}

#define HUGE_PAGE ((size_t)2 << 20)

void *sim_large_alloc0(size_t size)
{
	if (size == 0) {
		return NULL;
	}
	/* over-map by a huge page and trim, so that the block starts on a huge-page boundary */
	size_t span = size + HUGE_PAGE;
	uint8_t *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		fprintf(stderr, "dnssim: out of memory (%zu bytes)\n", size);
		abort();
	}
	uint8_t *p = (uint8_t *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (p > raw) {
		munmap(raw, (size_t)(p - raw));
	}
	size_t tail = (size_t)(raw + span - (p + size));
	if (tail > 0) {
		munmap(p + size, tail);
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
