/* SPDX-License-Identifier: MIT */
/*
 * reqlog.h - log_request(), log_error() and log_message() of
 * BaseHTTPRequestHandler: a request's log lines, delivered through the
 * server's log hook or written to stderr as Python writes them, a loop's
 * lines of one turn in one write.  The lines themselves are formatted by
 * the pure http/log.c.
 */
#ifndef HS_REQLOG_H
#define HS_REQLOG_H

struct hs_loop;
struct hs_request;

/* LOOP's part: the event that writes its batch of lines as its turn
 * ends (none without a base: lines are then written at once).  -1 when
 * it cannot be made. */
int hs_reqlog_init(struct hs_loop *loop);

/* Write LOOP's batch now: the turn is over, or the loop stops. */
void hs_reqlog_flush(struct hs_loop *loop);

/* LOOP ends: its last lines are written, its part freed. */
void hs_reqlog_fini(struct hs_loop *loop);

/* log_request(CODE), as send_response() calls it. */
void hs_log_request(struct hs_request *req, int code);

/* log_error() of the message A + B. */
void hs_log_error_parts(struct hs_request *req, const char *a,
    const char *b);

/* hs_log_message() is public: httpserve.h. */

#endif /* HS_REQLOG_H */
