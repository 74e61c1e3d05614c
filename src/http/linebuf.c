/* SPDX-License-Identifier: MIT */
/*
 * linebuf.c - the bounded queue of whole log lines (see linebuf.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/linebuf.h"

#include <string.h>

#include "http/log.h"

void
hs_linebuf_init(struct hs_linebuf *q, size_t bound)
{
	memset(q, 0, sizeof(*q));
	q->bound = bound;
}

void
hs_linebuf_release(struct hs_linebuf *q)
{
	hs_buf_free(&q->buf);
}

size_t
hs_linebuf_pending(const struct hs_linebuf *q)
{
	return q->buf.len;
}

const char *
hs_linebuf_data(const struct hs_linebuf *q)
{
	return q->buf.data;
}

/* Queue one whole LINE of LEN bytes, or count it dropped. */
static size_t
push_line(struct hs_linebuf *q, const char *line, size_t len)
{
	/* (The rest of a cut line may have taken the queue past BOUND.) */
	if (q->dropped == 0 && q->buf.len <= q->bound &&
	    len <= q->bound - q->buf.len &&
	    hs_buf_append(&q->buf, line, len) == 0)
		return 0;
	q->dropped++;
	return 1;
}

size_t
hs_linebuf_push(struct hs_linebuf *q, const char *data, size_t len,
    size_t keep)
{
	const char *end = data + len, *nl;
	size_t dropped = 0;

	/* A line begun in the log cannot be taken back: its end stays, or
	 * the next line would be glued to its beginning. */
	if (keep > 0 && hs_buf_append(&q->buf, data, keep) != 0) {
		q->dropped++;	/* out of memory: it is lost after all */
		dropped++;
	}
	data += keep;
	while (data < end) {
		nl = memchr(data, '\n', (size_t)(end - data));
		nl = nl != NULL ? nl + 1 : end;
		dropped += push_line(q, data, (size_t)(nl - data));
		data = nl;
	}
	return dropped;
}

void
hs_linebuf_consume(struct hs_linebuf *q, size_t n)
{
	if (n >= q->buf.len) {
		q->buf.len = 0;
		return;
	}
	memmove(q->buf.data, q->buf.data + n, q->buf.len - n);
	q->buf.len -= n;
}

int
hs_linebuf_report(struct hs_linebuf *q)
{
	size_t need;

	if (q->buf.len > 0 || q->dropped == 0)
		return 0;
	need = hs_log_format_dropped(NULL, 0, q->dropped);
	if (hs_buf_reserve(&q->buf, need + 1) != 0)
		return 0;
	hs_log_format_dropped(q->buf.data, need + 1, q->dropped);
	q->buf.len = need;
	q->dropped = 0;
	return 1;
}
