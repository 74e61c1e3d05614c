/* SPDX-License-Identifier: MIT */
/*
 * buf.c - the growable byte buffer (see buf.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The first allocation: most texts we compose fit. */
#define BUF_INITIAL_CAP 256

/* Make room for at least N bytes in B. */
int
hs_buf_reserve(struct hs_buf *b, size_t n)
{
	size_t cap = b->cap > 0 ? b->cap : BUF_INITIAL_CAP;
	char *p;

	if (n <= b->cap)
		return 0;
	while (cap < n) {
		if (cap > (size_t)-1 / 2) {
			errno = ENOMEM;
			return -1;
		}
		cap *= 2;
	}
	p = realloc(b->data, cap);
	if (p == NULL)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

/* Append LEN bytes of DATA to B, NUL-terminated. */
int
hs_buf_append(struct hs_buf *b, const void *data, size_t len)
{
	if (len > (size_t)-1 - b->len - 1) {
		errno = ENOMEM;
		return -1;
	}
	if (hs_buf_reserve(b, b->len + len + 1) != 0)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

/* Empty B, giving its memory back if it grew beyond KEEP bytes. */
void
hs_buf_recycle(struct hs_buf *b, size_t keep)
{
	if (b->cap > keep)
		hs_buf_free(b);
	b->len = 0;
}

void
hs_buf_free(struct hs_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
