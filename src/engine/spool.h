/* SPDX-License-Identifier: MIT */
/*
 * spool.h - what a TLS connection has queued behind its output buffer:
 * file ranges to be read as the client drains, and the bytes queued after
 * them, in order.
 *
 * A plain connection hands file ranges to sendfile(2) through the output
 * buffer itself.  TLS must encrypt every byte in user space, and libevent
 * would map or read a whole file range into memory to do so; the spool
 * instead reads HS_TLS_FILE_CHUNK bytes at a time, only when the output
 * has fallen below that, so a slow reader of a large file costs a bounded
 * amount of memory.  Bytes written while a file range waits go to the
 * spool's tail (hs_spool_tail()), never past the range.
 */
#ifndef HS_SPOOL_H
#define HS_SPOOL_H

#include <stddef.h>
#include <sys/queue.h>
#include <sys/types.h>

struct evbuffer;
struct hs_spool_item;
struct hs_spool_block;

struct hs_spool {
	TAILQ_HEAD(hs_spool_items, hs_spool_item) items;
	LIST_HEAD(hs_spool_blocks, hs_spool_block) blocks; /* read into */
	unsigned long long file_bytes;	/* of the ranges, still unread */
};

void hs_spool_init(struct hs_spool *sp);

/* Is anything queued? */
int hs_spool_empty(const struct hs_spool *sp);

/* Queue LENGTH bytes of FD from OFFSET, after everything else; FD is the
 * spool's from now on (closed once read, or by hs_spool_clear()).  -1
 * (ENOMEM, FD closed) when memory runs out. */
int hs_spool_add_file(struct hs_spool *sp, int fd, off_t offset,
    off_t length);

/* Where bytes written now go to leave in order: OUT while the spool is
 * empty, else the buffer at its tail. */
struct evbuffer *hs_spool_tail(struct hs_spool *sp, struct evbuffer *out);

/* The bytes queued in the spool (not counting OUT). */
unsigned long long hs_spool_length(const struct hs_spool *sp);

/* Move queued bytes to OUT until it holds at least HIGH bytes or the
 * spool is empty, reading file ranges as far as needed.  -1 when a file
 * cannot be read (it shrank, or an I/O error): the response is broken. */
int hs_spool_refill(struct hs_spool *sp, struct evbuffer *out, size_t high);

/* Drop everything queued, closing the files.  Blocks OUT still holds
 * are freed when it lets go of them, so OUT may outlive SP. */
void hs_spool_clear(struct hs_spool *sp);

#endif /* HS_SPOOL_H */
