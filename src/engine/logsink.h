/* SPDX-License-Identifier: MIT */
/*
 * logsink.h - standard error as the access log's destination, one for
 * the whole process, shared by every loop (behind a mutex): lines are
 * written without ever waiting for the reader.
 *
 * Standard error's open file description is shared with the processes
 * that gave it to us (a shell's terminal, a script's pipe), so it is never
 * made non-blocking: a pipe, FIFO or terminal is opened again, through
 * /proc/self/fd/2, as a non-blocking description of our own; a socket
 * is sent to with MSG_DONTWAIT; a regular file is written as it is (a
 * reopened one would have an offset of its own).  What stderr does not
 * take at once waits in a bounded queue of whole lines (http/linebuf.c)
 * that an event on the loop that queued it writes when stderr has room
 * again; what does not fit is dropped, counted and reported in one line.
 */
#ifndef HS_LOGSINK_H
#define HS_LOGSINK_H

#include <stddef.h>

struct hs_loop;

/* Find out what standard error is and open our way to it, once per
 * process: a loop does it as it starts, so that the descriptor this may
 * add is there before the first request. */
void hs_logsink_open(void);

/*
 * Write LEN bytes of whole lines to standard error, or queue them
 * behind lines still waiting; never waits.  LOOP (NULL, or without a
 * base: none) is where the event that resumes writing goes, when none of
 * another loop is waiting already.
 */
void hs_logsink_write(struct hs_loop *loop, const char *lines, size_t len);

/* The server is stopping: write what is queued, waiting at most
 * HS_LOG_STOP_WAIT_MS for standard error to take it. */
void hs_logsink_drain(void);

/* LOOP ends: the event it holds for the sink goes with it. */
void hs_logsink_forget(struct hs_loop *loop);

#endif /* HS_LOGSINK_H */
