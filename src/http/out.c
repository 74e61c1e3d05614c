/* SPDX-License-Identifier: MIT */
/* out.c - a writer with snprintf()'s rule (see out.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/out.h"

#include <limits.h>
#include <string.h>

/* hs_out_uint()'s 20 digits. */
_Static_assert(ULLONG_MAX == 18446744073709551615ULL,
    "unsigned long long is 64 bits");

void
hs_out_init(struct hs_out *o, char *dst, size_t size)
{
	o->dst = dst;
	o->size = size;
	o->len = 0;
}

/* Append C, storing it only while room for the NUL remains. */
void
hs_out_byte(struct hs_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->dst[o->len] = c;
	o->len++;
}

void
hs_out_bytes(struct hs_out *o, const void *src, size_t len)
{
	if (o->len + 1 < o->size) {
		size_t room = o->size - o->len - 1;

		memcpy(o->dst + o->len, src, len < room ? len : room);
	}
	o->len += len;
}

void
hs_out_str(struct hs_out *o, const char *s)
{
	hs_out_bytes(o, s, strlen(s));
}

void
hs_out_uint(struct hs_out *o, unsigned long long v)
{
	/* The digits from the right: 20 hold the largest 64-bit value. */
	char digits[20];
	size_t n = sizeof(digits);

	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	hs_out_bytes(o, digits + n, sizeof(digits) - n);
}

size_t
hs_out_decimal(char *dst, size_t size, unsigned long long v)
{
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_uint(&o, v);
	return hs_out_finish(&o);
}

size_t
hs_out_finish(struct hs_out *o)
{
	if (o->size > 0)
		o->dst[o->len < o->size ? o->len : o->size - 1] = '\0';
	return o->len;
}
