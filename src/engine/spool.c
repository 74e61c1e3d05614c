/* SPDX-License-Identifier: MIT */
/*
 * spool.c - file ranges and bytes queued behind a TLS connection's output
 * (spool.h says why).  An item is a file range (FD >= 0) or a buffer of
 * bytes; bytes written after a range go to a buffer item behind it.
 *
 * A range is read into blocks the spool keeps and lends to OUT by
 * reference (evbuffer_add_reference()); OUT hands each back once the
 * client has taken it, and the next read reuses it.  Reading into fresh
 * evbuffer chains instead cost a malloc and free of a chunk per read,
 * and glibc gave that memory back to the kernel and faulted it in again
 * every time: a 64 MiB file over TLS ran at a third of nginx's speed.
 * A block outlives its spool when OUT does (a connection may free its
 * spool before libevent frees its bufferevent): the spool then lets go
 * of it, and whichever of the two lets go last frees it.
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

struct hs_spool_block {
	LIST_ENTRY(hs_spool_block) entry;
	struct hs_spool *owner;	/* NULL once the spool has let go */
	int lent;		/* to OUT, until its cleanup runs */
	unsigned char data[HS_TLS_FILE_CHUNK];
};

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
	LIST_INIT(&sp->blocks);
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

/* Free the blocks OUT does not hold; those it holds are freed as it
 * hands them back. */
static void
blocks_trim(struct hs_spool *sp)
{
	struct hs_spool_block *b, *next;

	for (b = LIST_FIRST(&sp->blocks); b != NULL; b = next) {
		next = LIST_NEXT(b, entry);
		if (!b->lent) {
			LIST_REMOVE(b, entry);
			free(b);
		}
	}
}

/* OUT has sent block DATA's bytes (evbuffer_ref_cleanup_cb). */
static void
block_returned(const void *data, size_t len, void *arg)
{
	struct hs_spool_block *b = arg;

	(void)data;
	(void)len;
	b->lent = 0;
	if (b->owner == NULL) {
		free(b);
		return;
	}
	/* Nothing more to read: an idle connection keeps no block. */
	if (b->owner->file_bytes == 0) {
		LIST_REMOVE(b, entry);
		free(b);
	}
}

/* A block not lent out, or a new one. */
static struct hs_spool_block *
block_get(struct hs_spool *sp)
{
	struct hs_spool_block *b;

	LIST_FOREACH(b, &sp->blocks, entry)
		if (!b->lent)
			return b;
	if ((b = malloc(sizeof(*b))) == NULL)
		return NULL;
	b->owner = sp;
	b->lent = 0;
	LIST_INSERT_HEAD(&sp->blocks, b, entry);
	return b;
}

/* Read up to a block of IT's range onto OUT; -1 when the file ends early
 * (it shrank) or fails, or memory runs out. */
static int
read_range(struct hs_spool *sp, struct hs_spool_item *it,
    struct evbuffer *out)
{
	struct hs_spool_block *b = block_get(sp);
	size_t want = sizeof(b->data);
	ssize_t r;

	if (b == NULL)
		return -1;
	if ((off_t)want > it->left)
		want = (size_t)it->left;
	do
		r = pread(it->fd, b->data, want, it->offset);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	if (evbuffer_add_reference(out, b->data, (size_t)r, block_returned,
	    b) != 0)
		return -1;
	b->lent = 1;
	it->offset += r;
	it->left -= r;
	sp->file_bytes -= (unsigned long long)r;
	return 0;
}

int
hs_spool_refill(struct hs_spool *sp, struct evbuffer *out, size_t high)
{
	struct hs_spool_item *it;

	while (evbuffer_get_length(out) < high &&
	    (it = TAILQ_FIRST(&sp->items)) != NULL) {
		if (it->fd < 0) {
			if (evbuffer_add_buffer(out, it->bytes) != 0)
				return -1;
		} else if (it->left > 0 && read_range(sp, it, out) != 0) {
			return -1;
		}
		if (it->fd < 0 || it->left == 0)
			item_free(sp, it);
	}
	if (sp->file_bytes == 0)
		blocks_trim(sp);
	return 0;
}

void
hs_spool_clear(struct hs_spool *sp)
{
	struct hs_spool_item *it;
	struct hs_spool_block *b;

	while ((it = TAILQ_FIRST(&sp->items)) != NULL)
		item_free(sp, it);
	blocks_trim(sp);
	/* OUT still holds these; they free themselves when it lets go. */
	while ((b = LIST_FIRST(&sp->blocks)) != NULL) {
		LIST_REMOVE(b, entry);
		b->owner = NULL;
	}
}
