/*
 * fuzz_util.c - what the libFuzzer targets share (see fuzz_util.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "fuzz_util.h"

#include <stdlib.h>

uint64_t
fuzz_hash(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < size; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void *
fuzz_xmalloc(size_t size)
{
	void *p = malloc(size > 0 ? size : 1);

	if (p == NULL)
		abort();
	return p;
}
