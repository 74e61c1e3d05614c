/* SPDX-License-Identifier: MIT */
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

/* The well-formed UTF-8 sequence at S (see fuzz_util.h). */
size_t
fuzz_utf8_decode(const unsigned char *s, size_t avail, unsigned long *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80) {
		if (cp != NULL)
			*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (avail < n)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	if (cp != NULL) {
		*cp = s[0] & (0xff >> (n + 1));
		for (i = 1; i < n; i++)
			*cp = *cp << 6 | (s[i] & 0x3f);
	}
	return n;
}
