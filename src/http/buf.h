/* SPDX-License-Identifier: MIT */
/*
 * buf.h - a byte buffer that grows and is reused (pure: it allocates, but
 * does no I/O).
 *
 * The request keeps its head, body and composed texts in these, the log
 * its lines, the listing its page: each keeps its memory between uses, so
 * steady-state traffic allocates nothing.
 */
#ifndef HS_BUF_H
#define HS_BUF_H

#include <stddef.h>

struct hs_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Make room for at least N bytes in B; -1 (ENOMEM) when memory runs out. */
int hs_buf_reserve(struct hs_buf *b, size_t n);

/* Append LEN bytes of DATA to B and keep it NUL-terminated; -1 when memory
 * runs out (B is then as it was). */
int hs_buf_append(struct hs_buf *b, const void *data, size_t len);

/* Empty B for reuse, giving its memory back if it holds more than KEEP
 * bytes, so one large use does not pin memory for ever. */
void hs_buf_recycle(struct hs_buf *b, size_t keep);

/* Give B's memory back; B is then empty and may be used again. */
void hs_buf_free(struct hs_buf *b);

#endif /* HS_BUF_H */
