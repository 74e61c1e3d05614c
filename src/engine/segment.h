/* SPDX-License-Identifier: MIT */
/*
 * segment.h - a file range queued on a socket's own output buffer, to
 * leave by sendfile(2): the plain connection's way of sending a file.
 */
#ifndef HS_SEGMENT_H
#define HS_SEGMENT_H

#include <sys/types.h>

struct evbuffer;

/* Queue LENGTH bytes of FD from OFFSET on OUT, which must drain to a
 * socket (a bufferevent_socket's output; any other buffer would map or
 * read the whole range).  Takes FD, closed exactly once when the bytes
 * have left or the buffer is freed; -1 when it cannot be queued. */
int hs_segment_add(struct evbuffer *out, int fd, off_t offset, off_t length);

#endif /* HS_SEGMENT_H */
