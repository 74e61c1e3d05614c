/* SPDX-License-Identifier: MIT */
/*
 * linebuf.h - a bounded queue of whole log lines waiting for a reader
 * (pure: it allocates, but does no I/O; engine/logsink.c writes it).
 *
 * When standard error is not being read, log lines wait here, up to a
 * bound.  A line that does not fit whole is dropped, never cut, and so is
 * every line after it until the queue has drained: the lines are then
 * followed by one line saying how many were dropped, at the place they
 * went missing.  The queue may start with the rest of a line a write cut
 * short, which it always keeps, so lines never interleave.
 */
#ifndef HS_LINEBUF_H
#define HS_LINEBUF_H

#include <stddef.h>

#include "http/buf.h"

struct hs_linebuf {
	struct hs_buf buf;	/* the bytes waiting, from buf.data */
	size_t bound;		/* whole lines queued stay within this */
	size_t dropped;		/* lines dropped since the last report */
};

/* An empty queue holding at most BOUND bytes of whole lines. */
void hs_linebuf_init(struct hs_linebuf *q, size_t bound);

/* Give the memory back; Q is then empty, its count of drops kept. */
void hs_linebuf_release(struct hs_linebuf *q);

/* Bytes waiting to be written (0: the queue is empty). */
size_t hs_linebuf_pending(const struct hs_linebuf *q);

/* The first of them. */
const char *hs_linebuf_data(const struct hs_linebuf *q);

/*
 * Queue LEN bytes of DATA.  Its first KEEP bytes are the rest of a line
 * already partly written, and are always kept; after them come whole
 * lines, each ending in '\n', queued while they fit within the bound and
 * no drop is waiting to be reported, else dropped and counted.  Returns
 * the number of lines dropped by this call.
 */
size_t hs_linebuf_push(struct hs_linebuf *q, const char *data, size_t len,
    size_t keep);

/* N bytes from the front were written: forget them. */
void hs_linebuf_consume(struct hs_linebuf *q, size_t n);

/*
 * The queue has drained: if lines were dropped, queue the one line that
 * says how many (http/log.c) and start counting again.  1 when a line was
 * queued.
 */
int hs_linebuf_report(struct hs_linebuf *q);

#endif /* HS_LINEBUF_H */
