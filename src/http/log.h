/* SPDX-License-Identifier: MIT */
/*
 * log.h - the access and error log lines of BaseHTTPRequestHandler.
 *
 * Python writes, for each response and each error, one line to stderr:
 *
 *   127.0.0.1 - - [24/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 -
 *   127.0.0.1 - - [24/Nov/2026 10:00:00] code 404, message File not found
 *
 * with the request line read as ISO-8859-1 and control characters escaped
 * (log_message()).  The formatting functions here are pure and follow
 * snprintf()'s return rule; engine/logsink.c does the I/O.
 */
#ifndef HS_LOG_H
#define HS_LOG_H

#include <stddef.h>

/* log_request(code): '"%s" %s -' % (requestline, code), the request line
 * (raw bytes) converted from ISO-8859-1 to UTF-8 as Python decodes it. */
size_t hs_log_request_message(char *dst, size_t size,
    const char *requestline, int code);

/* log_message(): "ADDRESS - - [DATE] MESSAGE\n", MESSAGE escaped. */
size_t hs_log_format_line(char *dst, size_t size, const char *address,
    const char *date, const char *message);

/* What a log message is, for its colours. */
enum hs_log_kind {
	HS_LOG_MESSAGE = 0,	/* log_message(): only the date coloured */
	HS_LOG_REQUEST,		/* log_request(): '"LINE" CODE -' */
	HS_LOG_ERROR		/* log_error(): the message yellow */
};

/*
 * hs_log_format_line() in the colours of Python 3.15's http.server
 * (_colorize's HttpServer theme): the date grey; for a request, the
 * quoted request line cyan, CODE by its class (1xx plain, 2xx green,
 * 3xx bright cyan, 4xx yellow, 5xx red) and the size grey; an error's
 * message yellow.  The escapes are added around the escaped text, so
 * nothing from the client can forge one.
 */
size_t hs_log_format_line_colour(char *dst, size_t size,
    const char *address, const char *date, const char *message,
    enum hs_log_kind kind, int code);

/* The line that stands for COUNT lines the log had to drop, because
 * standard error was not being read:
 * "httpserve: COUNT log lines dropped: standard error was not being
 * read\n" ("1 log line"). */
size_t hs_log_format_dropped(char *dst, size_t size, size_t count);

#endif /* HS_LOG_H */
