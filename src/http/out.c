/* SPDX-License-Identifier: MIT */
/* out.c - a writer with snprintf()'s rule (see out.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/out.h"

#include <string.h>

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

size_t
hs_out_finish(struct hs_out *o)
{
	if (o->size > 0)
		o->dst[o->len < o->size ? o->len : o->size - 1] = '\0';
	return o->len;
}
