/* SPDX-License-Identifier: MIT */
/* guard.c - inputs that end at a PROT_NONE page (see guard.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "guard.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *guard_area;
static size_t guard_usable;

/* Map the usable pages and the guard page after them, once. */
static void
guard_init(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	guard_usable = (GUARD_MAX + page - 1) / page * page;
	guard_area = mmap(NULL, guard_usable + page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard_area == MAP_FAILED ||
	    mprotect(guard_area + guard_usable, page, PROT_NONE) != 0)
		abort();
}

const char *
guard_copy(const void *data, size_t len)
{
	char *at;

	if (guard_area == NULL)
		guard_init();
	if (len > guard_usable)
		abort();
	at = guard_area + guard_usable - len;
	memcpy(at, data, len);
	return at;
}
