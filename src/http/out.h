/* SPDX-License-Identifier: MIT */
/*
 * out.h - a writer with snprintf()'s rule, for the pure text functions.
 *
 * Bytes are stored while room for a terminating NUL remains and counted
 * always, so one pass both fills a buffer and measures what the whole
 * result needs: callers size a buffer with (NULL, 0), then write.
 */
#ifndef HS_OUT_H
#define HS_OUT_H

#include <stddef.h>

struct hs_out {
	char *dst;
	size_t size;
	size_t len;	/* the length of the whole result so far */
};

/* Start writing to DST of SIZE bytes (DST may be NULL when SIZE is 0). */
void hs_out_init(struct hs_out *o, char *dst, size_t size);

/* Append the byte C, the LEN bytes at SRC, or the string S. */
void hs_out_byte(struct hs_out *o, char c);
void hs_out_bytes(struct hs_out *o, const void *src, size_t len);
void hs_out_str(struct hs_out *o, const char *s);

/* Append V in decimal, as "%llu" would (without printf's machinery: this
 * is on the path of every response). */
void hs_out_uint(struct hs_out *o, unsigned long long v);

/* V in decimal into DST (SIZE bytes), by snprintf()'s rule; the length. */
size_t hs_out_decimal(char *dst, size_t size, unsigned long long v);

/* NUL-terminate what was stored and return the whole length. */
size_t hs_out_finish(struct hs_out *o);

#endif /* HS_OUT_H */
