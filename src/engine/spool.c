/* SPDX-License-Identifier: MIT */
/*
 * spool.c - file ranges and bytes queued behind a TLS connection's output
 * (spool.h says why).  An item is a file range (FD >= 0) or a buffer of
 * bytes; bytes written after a range go to a buffer item behind it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/spool.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "http/hs_limits.h"

struct hs_spool_item {
	TAILQ_ENTRY(hs_spool_item) entry;
	int fd;			/* a file range, or -1: BYTES */
	off_t offset;
	off_t left;
	struct evbuffer *bytes;
};

void
hs_spool_init(struct hs_spool *sp)
{
	TAILQ_INIT(&sp->items);
	sp->file_bytes = 0;
}

int
hs_spool_empty(const struct hs_spool *sp)
{
	return TAILQ_EMPTY(&sp->items);
}

static void
item_free(struct hs_spool *sp, struct hs_spool_item *it)
{
	TAILQ_REMOVE(&sp->items, it, entry);
	if (it->fd >= 0) {
		sp->file_bytes -= (unsigned long long)it->left;
		close(it->fd);
	}
	if (it->bytes != NULL)
		evbuffer_free(it->bytes);
	free(it);
}

/* A new item at the tail: a file range, or (FD -1) a buffer. */
static struct hs_spool_item *
item_new(struct hs_spool *sp, int fd, off_t offset, off_t length)
{
	struct hs_spool_item *it = calloc(1, sizeof(*it));

	if (it == NULL)
		return NULL;
	it->fd = fd;
	it->offset = offset;
	it->left = length;
	if (fd < 0 && (it->bytes = evbuffer_new()) == NULL) {
		free(it);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&sp->items, it, entry);
	if (fd >= 0)
		sp->file_bytes += (unsigned long long)length;
	return it;
}

/* The range comes with the buffer behind it, where bytes written after
 * it go: hs_spool_tail() then never needs memory. */
int
hs_spool_add_file(struct hs_spool *sp, int fd, off_t offset, off_t length)
{
	struct hs_spool_item *range = item_new(sp, fd, offset, length);

	if (range == NULL) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	if (item_new(sp, -1, 0, 0) == NULL) {
		item_free(sp, range);	/* closes FD */
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

struct evbuffer *
hs_spool_tail(struct hs_spool *sp, struct evbuffer *out)
{
	struct hs_spool_item *it = TAILQ_LAST(&sp->items, hs_spool_items);

	return it != NULL ? it->bytes : out;
}

unsigned long long
hs_spool_length(const struct hs_spool *sp)
{
	const struct hs_spool_item *it;
	unsigned long long n = sp->file_bytes;

	TAILQ_FOREACH(it, &sp->items, entry)
		if (it->fd < 0)
			n += evbuffer_get_length(it->bytes);
	return n;
}

/* Read up to WANT bytes of IT's range onto OUT; -1 when the file ends
 * early (it shrank) or fails. */
static int
read_range(struct hs_spool *sp, struct hs_spool_item *it,
    struct evbuffer *out, size_t want)
{
	struct evbuffer_iovec v;
	ssize_t r;

	if ((off_t)want > it->left)
		want = (size_t)it->left;
	if (evbuffer_reserve_space(out, (ev_ssize_t)want, &v, 1) < 1)
		return -1;
	if (v.iov_len > want)
		v.iov_len = want;
	do
		r = pread(it->fd, v.iov_base, v.iov_len, it->offset);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	v.iov_len = (size_t)r;
	if (evbuffer_commit_space(out, &v, 1) != 0)
		return -1;
	it->offset += r;
	it->left -= r;
	sp->file_bytes -= (unsigned long long)r;
	return 0;
}

int
hs_spool_refill(struct hs_spool *sp, struct evbuffer *out, size_t high)
{
	struct hs_spool_item *it;
	size_t have;

	while ((have = evbuffer_get_length(out)) < high &&
	    (it = TAILQ_FIRST(&sp->items)) != NULL) {
		if (it->fd < 0) {
			if (evbuffer_add_buffer(out, it->bytes) != 0)
				return -1;
		} else if (it->left > 0) {
			size_t want = high - have;

			if (want < HS_TLS_FILE_CHUNK)
				want = HS_TLS_FILE_CHUNK;
			if (read_range(sp, it, out, want) != 0)
				return -1;
		}
		if (it->fd < 0 || it->left == 0)
			item_free(sp, it);
	}
	return 0;
}

void
hs_spool_clear(struct hs_spool *sp)
{
	struct hs_spool_item *it;

	while ((it = TAILQ_FIRST(&sp->items)) != NULL)
		item_free(sp, it);
}
