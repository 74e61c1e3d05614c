/* SPDX-License-Identifier: MIT */
/*
 * reqlog.h - log_request(), log_error() and log_message() of
 * BaseHTTPRequestHandler: a request's log lines, delivered through the
 * server's log hook or written to stderr as Python writes them.  The
 * lines themselves are formatted by the pure http/log.c.
 */
#ifndef HS_REQLOG_H
#define HS_REQLOG_H

struct hs_request;

/* log_request(CODE), as send_response() calls it. */
void hs_log_request(struct hs_request *req, int code);

/* log_error() of the message A + B. */
void hs_log_error_parts(struct hs_request *req, const char *a,
    const char *b);

/* hs_log_message() is public: httpserve.h. */

#endif /* HS_REQLOG_H */
