/* SPDX-License-Identifier: MIT */
/*
 * httpserve.h - an HTTP/1.x server library for C programs, shaped like
 * Python's http.server.BaseHTTPRequestHandler.
 *
 * A program creates a server, registers one handler per request method
 * (Python's do_GET, do_SPAM...), listens and runs the event loop.  Each
 * handler reads the parsed request through the hs_request_* accessors and
 * answers with hs_send_response(), hs_send_header(), hs_end_headers() and
 * hs_write() / hs_send_file(), or with hs_send_error().  See httpserve(3).
 *
 * Ownership rules, in one place:
 *   - Strings returned by accessors belong to the request and stay valid
 *     until the response is finished (hs_request_finish() or the handler
 *     returning HS_DONE).
 *   - Strings passed in are copied before the call returns.
 *   - hs_send_file() takes ownership of the file descriptor, on success and
 *     on failure alike.
 *
 * Error rules: functions returning int give 0 on success and -1 on failure
 * with errno set: EINVAL for misuse (wrong order, a body where none is
 * allowed), EMSGSIZE for bytes beyond the declared Content-Length,
 * EPIPE once the client has gone away, ENOMEM when memory runs out.
 */
#ifndef HTTPSERVE_H
#define HTTPSERVE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define HS_EXPORT __attribute__((visibility("default")))
#else
#define HS_EXPORT
#endif

#include "httpserve_version.h"	/* HS_VERSION, made by configure */

struct event_base;
struct hs_loop;
struct hs_server;
struct hs_request;

/* ------------------------------------------------------------------------
 * Handlers
 */

/* What a handler says when it returns. */
enum hs_handler_result {
	HS_DONE = 0,	/* the response is complete */
	HS_PENDING = 1,	/* the handler will call hs_request_finish() later */
	HS_DECLINE = 2	/* not this handler's: the next one for the method runs */
};

/* A do_METHOD function. */
typedef enum hs_handler_result (*hs_handler_fn)(struct hs_request *req,
    void *arg);

/*
 * Replaces log_message(): called with the request being served and the
 * message, unescaped.  The default writes Python's line to stderr:
 *   127.0.0.1 - - [24/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 -
 */
typedef void (*hs_log_fn)(const struct hs_request *req, const char *message,
    void *arg);

/*
 * Replaces handle_expect_100(): called when a request carries
 * "Expect: 100-continue", before its body is read.  Return 1 to go on (the
 * hook must have sent the interim response, as the default does with
 * hs_send_response_only(req, 100, NULL) and hs_end_headers(req)), or 0
 * after sending a final response such as hs_send_error(req, 417, ...).
 */
typedef int (*hs_expect_fn)(struct hs_request *req, void *arg);

/* Called when the client goes away while a handler's response is pending.
 * The request stays valid until the handler calls hs_request_finish(). */
typedef void (*hs_abort_fn)(struct hs_request *req, void *arg);

/* Called when the output queued for the client has drained below the
 * mark given to hs_request_on_drain(): time to produce more body. */
typedef void (*hs_drain_fn)(struct hs_request *req, void *arg);

/*
 * A streamed request body, as it arrives: LEN bytes at DATA (valid during
 * the call only), then one last call with LEN 0 at the end of the body.
 */
typedef void (*hs_body_fn)(struct hs_request *req, const char *data,
    size_t len, void *arg);

/* How the request body reaches a method's handler. */
enum hs_body_mode {
	HS_BODY_BUFFER = 0,	/* read whole (413 beyond the limit), then call */
	HS_BODY_DISCARD = 1,	/* read and drop (within the limit), then call */
	HS_BODY_STREAM = 2	/* call at once; hs_request_read_body() streams */
};

/* ------------------------------------------------------------------------
 * Loops
 *
 * A server runs one event loop per thread (hs_server_set_threads()); a
 * connection stays on the loop that accepted it.  What a handler must not
 * share between threads - a cache, a pool, a watched descriptor - it keeps
 * per loop, under a key of its own, and reaches from a request with
 * hs_request_loop().  A loop's values are used by its thread only.
 */

/* Frees a value stored with hs_loop_set() when its loop ends. */
typedef void (*hs_loop_free_fn)(void *value);

/* Called when a watched descriptor is readable. */
typedef void (*hs_watch_fn)(int fd, void *arg);

/* LOOP's libevent base: for events of a handler's own on this loop. */
HS_EXPORT struct event_base *hs_loop_base(const struct hs_loop *loop);

/* The value stored under KEY (any address unique to its user), or NULL. */
HS_EXPORT void *hs_loop_get(const struct hs_loop *loop, const void *key);

/* Store VALUE under KEY, replacing (and freeing) what was there;
 * FREE_VALUE (may be NULL) frees it when the loop ends.  -1 with ENOMEM. */
HS_EXPORT int hs_loop_set(struct hs_loop *loop, const void *key, void *value,
    hs_loop_free_fn free_value);

/*
 * Call FN(FD, ARG) whenever FD is readable, until the loop ends (close FD
 * after that, from a value's free function for instance).  When FD and a
 * connection are ready in the same turn of the loop, FN runs first: a
 * cache invalidated by FD (inotify, say) is never read stale by a request
 * that arrived after the change.  -1 with errno on failure.
 */
HS_EXPORT int hs_loop_watch(struct hs_loop *loop, int fd, hs_watch_fn fn,
    void *arg);

/* ------------------------------------------------------------------------
 * Server
 */

/* A server on BASE, or on an event loop of its own when BASE is NULL. */
HS_EXPORT struct hs_server *hs_server_new(struct event_base *base);

/*
 * Listen on ADDRESS (numeric IPv4 or IPv6, or a host name; NULL for all
 * interfaces, dual-stack) and PORT (0 for any free port).  The first
 * address the resolver returns is used, as Python does.  On failure returns
 * -1 and hs_server_error() says why in one line.
 */
HS_EXPORT int hs_server_listen(struct hs_server *srv, const char *address,
    int port);

/*
 * Run N event loops, each on a thread of its own (default 1: the caller's
 * base only); before hs_server_listen(), which then opens a listening
 * socket per loop (SO_REUSEPORT: the kernel spreads connections across
 * them).  A connection stays on the loop that accepted it, so its
 * requests are served one at a time, but handlers may run on several
 * threads at once: see httpserve(3), THREADS.  hs_server_base() is the
 * first loop's.  -1 with EINVAL for N outside 1..HS_MAX_THREADS (256) or
 * after hs_server_listen().
 */
HS_EXPORT int hs_server_set_threads(struct hs_server *srv, int n);
/* The number of loops hs_server_set_threads() asked for. */
HS_EXPORT int hs_server_threads(const struct hs_server *srv);

/*
 * Serve HTTPS: every connection speaks TLS 1.2 or 1.3, with the
 * certificate chain in CERT_FILE (PEM, the server's certificate first)
 * and the private key in KEY_FILE (PEM; NULL: it is in CERT_FILE too),
 * decrypted with PASSWORD (NULL when the key is not encrypted; the
 * library keeps no copy).  Before hs_server_listen().  Files are read
 * now, once.  On failure (a file missing or unreadable, no certificate or
 * key in it, a wrong or missing password, a key that does not match the
 * certificate, or a build without TLS) returns -1 with EINVAL, and
 * hs_server_error() says why in one line.  See httpserve(3), HTTPS.
 */
HS_EXPORT int hs_server_set_tls(struct hs_server *srv, const char *cert_file,
    const char *key_file, const char *password);
/* Does the server speak TLS (hs_server_set_tls() succeeded)? */
HS_EXPORT int hs_server_is_tls(const struct hs_server *srv);

/* The port actually bound, or -1 before hs_server_listen() succeeded. */
HS_EXPORT int hs_server_port(const struct hs_server *srv);

/* The numeric host actually bound ("::", "127.0.0.1"), or NULL. */
HS_EXPORT const char *hs_server_host(const struct hs_server *srv);

/* The last error of hs_server_listen() or hs_server_serve_forever(). */
HS_EXPORT const char *hs_server_error(const struct hs_server *srv);

/* The event loop the server runs on. */
HS_EXPORT struct event_base *hs_server_base(const struct hs_server *srv);

/* Register FN as the handler of METHOD ("GET", "SPAM": case-sensitive),
 * its only one: handlers registered for METHOD before are dropped.
 * Requests for methods without a handler get 501, as in Python. */
HS_EXPORT int hs_server_handle(struct hs_server *srv, const char *method,
    hs_handler_fn fn, void *arg);

/* Add FN to the handlers of METHOD, after those registered before it: each
 * runs in turn until one does not return HS_DECLINE.  When every handler
 * of the method declines, the request is answered 404.  (hs_server_handle()
 * keeps its meaning: FN becomes the method's only handler.) */
HS_EXPORT int hs_server_add_handler(struct hs_server *srv, const char *method,
    hs_handler_fn fn, void *arg);

/* Choose how request bodies reach METHOD's handlers (default: buffer); the
 * method must have been registered with hs_server_handle() or
 * hs_server_add_handler(). */
HS_EXPORT int hs_server_set_body_mode(struct hs_server *srv,
    const char *method, enum hs_body_mode mode);

/* Run the event loop until hs_server_shutdown().  Returns 0, or -1 if the
 * loop failed (hs_server_error() says why). */
HS_EXPORT int hs_server_serve_forever(struct hs_server *srv);

/*
 * Stop accepting connections; responses in flight are finished (and so is
 * a request whose head is half received, within the head timeout), idle
 * connections closed, then hs_server_serve_forever() returns.  Safe from a
 * signal handler and from another thread.
 */
HS_EXPORT void hs_server_shutdown(struct hs_server *srv);

/* Close every connection and listener and free the server.  The abort
 * hooks of requests still pending run first; their handlers must still
 * call hs_request_finish().  Not from inside a handler. */
HS_EXPORT void hs_server_free(struct hs_server *srv);

/* --- settings: the class attributes of BaseHTTPRequestHandler ---------- */

/* "HTTP/1.0" (the default: one request per connection) or "HTTP/1.1"
 * (keep-alive and pipelining). */
HS_EXPORT int hs_server_set_protocol_version(struct hs_server *srv,
    const char *version);

/* The two words of the Server header: server_version and sys_version
 * (no control characters: EINVAL). */
HS_EXPORT int hs_server_set_server_version(struct hs_server *srv,
    const char *server_version);
HS_EXPORT int hs_server_set_sys_version(struct hs_server *srv,
    const char *sys_version);

/*
 * The error page template, with Python's placeholders %(code)d, %(code)s,
 * %(message)s and %(explain)s (and %% for a percent sign), and its
 * Content-Type.  Message and explanation are HTML-escaped before use.
 */
HS_EXPORT int hs_server_set_error_message_format(struct hs_server *srv,
    const char *format);
HS_EXPORT int hs_server_set_error_content_type(struct hs_server *srv,
    const char *content_type);

/* version_string() ("BaseHTTP/0.6 httpserve/0.1.0" by default), and
 * protocol_version ("HTTP/1.0" or "HTTP/1.1"). */
HS_EXPORT const char *hs_server_version_string(const struct hs_server *srv);
HS_EXPORT const char *hs_server_protocol_version(const struct hs_server *srv);

/* Replace the log line writer; NULL restores the default. */
HS_EXPORT void hs_server_set_log_handler(struct hs_server *srv, hs_log_fn fn,
    void *arg);

/* Replace the Expect: 100-continue hook; NULL restores the default. */
HS_EXPORT void hs_server_set_expect_handler(struct hs_server *srv,
    hs_expect_fn fn, void *arg);

/* The timeouts a connection is held to (see httpserve(3), LIMITS). */
enum hs_timeout {
	HS_TIMEOUT_IDLE = 0,	/* a request to start, body bytes (60 s) */
	HS_TIMEOUT_HEAD,	/* receiving one request head (30 s) */
	HS_TIMEOUT_WRITE	/* the client reading nothing (60 s) */
};

/* The longest timeout that may be set, in seconds (a day). */
#define HS_TIMEOUT_MAX 86400

/* Set timeout WHICH to SECONDS, fractions allowed, at most HS_TIMEOUT_MAX
 * (0: no timeout).  -1 with EINVAL otherwise. */
HS_EXPORT int hs_server_set_timeout(struct hs_server *srv,
    enum hs_timeout which, double seconds);

/* The largest request body read into memory (default 1 MiB); 413 beyond. */
HS_EXPORT void hs_server_set_max_body_size(struct hs_server *srv,
    size_t bytes);

/* ------------------------------------------------------------------------
 * Request: the read side
 */

HS_EXPORT const char *hs_request_command(const struct hs_request *req);
/* The request target as sent, with a leading "//" reduced to "/". */
HS_EXPORT const char *hs_request_path(const struct hs_request *req);
/* "HTTP/1.1", or "HTTP/0.9" for a simple request. */
HS_EXPORT const char *hs_request_version(const struct hs_request *req);
/* The request line without its line ending. */
HS_EXPORT const char *hs_request_line(const struct hs_request *req);

/* The first value of header NAME (case-insensitive), or NULL. */
HS_EXPORT const char *hs_request_header(const struct hs_request *req,
    const char *name);
/* The number of header fields, and the I-th of them in arrival order. */
HS_EXPORT size_t hs_request_header_count(const struct hs_request *req);
HS_EXPORT int hs_request_header_at(const struct hs_request *req, size_t i,
    const char **name, const char **value);

/* The client's numeric address ("127.0.0.1", "::ffff:127.0.0.1") and port. */
HS_EXPORT const char *hs_request_client_address(const struct hs_request *req);
HS_EXPORT int hs_request_client_port(const struct hs_request *req);

/* The request body (buffer mode), NUL-terminated for convenience; *LEN gets
 * its length.  An empty body gives "" and 0. */
HS_EXPORT const char *hs_request_body(const struct hs_request *req,
    size_t *len);

/*
 * Streaming mode: deliver the body to FN as it arrives (from the event
 * loop, never from inside this call).  A handler that reads the body
 * returns HS_PENDING and calls hs_request_finish() after the last chunk;
 * a response completed before the body ends closes the connection.  No
 * size limit applies: the handler decides.  -1 with EINVAL outside
 * streaming mode.
 */
HS_EXPORT int hs_request_read_body(struct hs_request *req, hs_body_fn fn,
    void *arg);

/* Stop (PAUSED nonzero) or resume delivering body chunks: while paused,
 * the client is throttled by TCP once the input buffer is full. */
HS_EXPORT void hs_request_pause_body(struct hs_request *req, int paused);

/*
 * Replace the request target hs_request_path() returns (a handler
 * assigning self.path in Python), say for an internal redirect before
 * calling another handler.  PATH is copied; the request line in the log
 * stays as the client sent it.  -1 with EINVAL for a path with control
 * characters or spaces, ENOMEM.
 */
HS_EXPORT int hs_request_set_path(struct hs_request *req, const char *path);

/* How this request's body is read (the mode of its method). */
HS_EXPORT enum hs_body_mode hs_request_body_mode(const struct hs_request *req);

/* The server this request arrived on. */
HS_EXPORT struct hs_server *hs_request_server(const struct hs_request *req);

/* The event loop serving REQ: the same for every request of a connection
 * (see "Loops" below). */
HS_EXPORT struct hs_loop *hs_request_loop(const struct hs_request *req);

/* Answer REQ again, as METHOD for PATH (an internal redirect: RFC 3875's
 * local redirect, h2o's reprocess, lighttpd's COMEBACK): the command and
 * path a handler sees change, the request line in the log does not, and
 * the request has no body any more (hs_request_body() gives "" and
 * hs_request_body_mode() HS_BODY_DISCARD; the unread rest of a streamed
 * body closes the connection after the response).  Runs the handlers of METHOD as for a new request
 * (501 when it has none) and returns what the one that answered returned
 * (HS_DONE or HS_PENDING): return it from a handler, or, from a pending
 * request's callback, call hs_request_finish() when it is HS_DONE.  -1 with
 * errno and nothing answered: ELOOP after HS_MAX_REDISPATCH redispatches of
 * one request, EINVAL when a response has begun or METHOD is not a token or
 * PATH holds a control character or space, EPIPE when the client is gone. */
HS_EXPORT int hs_request_redispatch(struct hs_request *req,
    const char *method, const char *path);

/* ------------------------------------------------------------------------
 * Response: the write side (send_response, send_header, ...)
 */

/* Status line plus Server and Date headers; logs the request. */
HS_EXPORT int hs_send_response(struct hs_request *req, int code,
    const char *message);
/* Status line only, not logged (interim 1xx responses use this). */
HS_EXPORT int hs_send_response_only(struct hs_request *req, int code,
    const char *message);
/* One header line; "Connection: close" / "keep-alive" also sets the
 * close_connection flag, "Content-Length" declares the body length. */
HS_EXPORT int hs_send_header(struct hs_request *req, const char *keyword,
    const char *value);
/* The blank line ending the headers; the headers leave for the client. */
HS_EXPORT int hs_end_headers(struct hs_request *req);
/* Queue the headers buffered so far without ending them. */
HS_EXPORT int hs_flush_headers(struct hs_request *req);
/*
 * A complete error response: Python's page (unless HEAD or a code without
 * a body), "Connection: close" when the connection closes after it, and
 * the log line "code N, message M".  MESSAGE and EXPLAIN may be NULL for
 * the defaults of CODE.
 */
HS_EXPORT int hs_send_error(struct hs_request *req, int code,
    const char *message, const char *explain);
/* The same with more header fields: HEADERS holds names and values in
 * turn, NULL-terminated ({ "Retry-After", "1", NULL }). */
HS_EXPORT int hs_send_error_headers(struct hs_request *req, int code,
    const char *message, const char *explain, const char *const *headers);
/* Body bytes, copied. */
HS_EXPORT int hs_write(struct hs_request *req, const void *data, size_t len);
/* LENGTH bytes of FD from OFFSET, sent with sendfile() where possible.
 * Takes ownership of FD. */
HS_EXPORT int hs_send_file(struct hs_request *req, int fd, off_t offset,
    off_t length);

/* The close_connection flag: close after this response when nonzero. */
HS_EXPORT int hs_request_close_connection(const struct hs_request *req);
HS_EXPORT void hs_request_set_close_connection(struct hs_request *req,
    int close_connection);

/* Is the request a HEAD (the body of any response is suppressed)? */
HS_EXPORT int hs_request_is_head(const struct hs_request *req);

/* --- responses finished later (streaming, CGI) ------------------------- */

/* Bytes queued for the client and not yet sent. */
HS_EXPORT size_t hs_request_output_pending(const struct hs_request *req);
/* Call FN when the queued output drops to LOW_WATER bytes or fewer. */
HS_EXPORT void hs_request_on_drain(struct hs_request *req, hs_drain_fn fn,
    void *arg, size_t low_water);
/* Call FN if the client goes away before hs_request_finish(). */
HS_EXPORT void hs_request_on_abort(struct hs_request *req, hs_abort_fn fn,
    void *arg);
/* Has the client gone away?  (Writes then fail with EPIPE.) */
HS_EXPORT int hs_request_aborted(const struct hs_request *req);
/* The response of a handler that returned HS_PENDING is complete.  REQ must
 * not be used afterwards. */
HS_EXPORT void hs_request_finish(struct hs_request *req);

/*
 * log_message(): MESSAGE, a printf() format, through the server's log
 * hook, or by default as Python's line on stderr:
 *   127.0.0.1 - - [24/Nov/2026 10:00:00] MESSAGE
 * with control characters escaped.  (log_error() is the same line.)
 */
HS_EXPORT void hs_log_message(struct hs_request *req, const char *format,
    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Colour the default log lines on stderr (ENABLED nonzero) as Python
 * 3.15's http.server does: the date grey, the request line cyan, the
 * status by its class (2xx green, 3xx bright cyan, 4xx yellow, 5xx red),
 * the size grey, an error's message yellow.  Off by default.  One switch
 * for the process, as stderr is one: set it before serving, with
 * hs_colour_wanted() as the rule.  A log hook gets the text uncoloured.
 */
HS_EXPORT void hs_log_set_colour(int enabled);

/* ------------------------------------------------------------------------
 * Helpers
 */

/*
 * Python 3.15's rule (_colorize.can_colorize()) for colouring a stream,
 * given the values of the environment variables PYTHON_COLORS, NO_COLOR,
 * FORCE_COLOR and TERM (NULL when unset) and whether the stream is a
 * terminal; the first that applies wins: PYTHON_COLORS "0" no, "1" yes;
 * NO_COLOR not empty: no; FORCE_COLOR not empty: yes; TERM "dumb": no;
 * else IS_TTY.  Pure: returns 1 or 0.
 */
HS_EXPORT int hs_colour_wanted(const char *python_colors,
    const char *no_color, const char *force_color, const char *term,
    int is_tty);

/* What hs_check_response_field() finds wrong with a field. */
enum hs_field_fault {
	HS_FIELD_OK = 0,
	HS_FIELD_BAD_NAME,	/* not a token (RFC 9110 section 5.6.2) */
	HS_FIELD_BAD_VALUE,	/* CR, LF or another control but HTAB */
	HS_FIELD_RESERVED	/* the server's own, see below */
};

/*
 * May a program add the field NAME: VALUE to its responses?  NAME must be
 * a token and VALUE free of control characters other than HTAB (it may
 * be empty), and NAME none of the fields the server sends itself to frame
 * and date a response: Connection, Content-Length, Content-Range, Date,
 * Server, Transfer-Encoding (in any case).  The rule of
 * hs_static_add_header() and of httpserve -H.
 */
HS_EXPORT enum hs_field_fault hs_check_response_field(const char *name,
    const char *value);

/* Length of an HTTP date such as "Sun, 06 Nov 1994 08:49:37 GMT". */
#define HS_DATE_LEN 29

/* Format T as an IMF-fixdate into BUF (at least HS_DATE_LEN + 1 bytes);
 * returns the length written (HS_DATE_LEN), or 0 if T cannot be shown. */
HS_EXPORT size_t hs_date_time_string(char *buf, size_t size, time_t t);

/* Parse an HTTP date in any of the three formats of RFC 9110 section
 * 5.6.7; 0 on success with *T set, -1 if S is not such a date. */
HS_EXPORT int hs_parse_http_date(const char *s, size_t len, time_t *t);

/* The reason phrase and explanation Python gives CODE, or NULL. */
HS_EXPORT const char *hs_response_phrase(int code);
HS_EXPORT const char *hs_response_explain(int code);

/*
 * html.escape(): & < > become entities, and " ' too when QUOTE is nonzero.
 * Writes at most SIZE bytes including a NUL; returns the length the whole
 * result needs (excluding the NUL), as snprintf() does.
 */
HS_EXPORT size_t hs_html_escape(char *dst, size_t size, const char *src,
    size_t len, int quote);

/*
 * urllib.parse.quote(): every byte but letters, digits, "_.-~" and those
 * in SAFE (NULL means "/") becomes %XX.  Same return rule as above.
 */
HS_EXPORT size_t hs_url_quote(char *dst, size_t size, const char *src,
    size_t len, const char *safe);

/*
 * Where the path of the request target TARGET starts and ends, as
 * urllib.parse.urlsplit() cuts it: after the "scheme://authority" of an
 * absolute-form target, up to the first '?' or '#'.
 */
HS_EXPORT void hs_url_path_span(const char *target, size_t *start,
    size_t *end);

/*
 * The Location send_head() redirects a directory to: TARGET with '/'
 * appended to its path, query and fragment kept unless empty, as
 * urlunsplit() rebuilds it.  Same return rule as hs_html_escape().
 */
HS_EXPORT size_t hs_url_append_slash(char *dst, size_t size,
    const char *target);

/*
 * urllib.parse.unquote() for display: %XX sequences become bytes, then
 * every invalid UTF-8 sequence becomes U+FFFD (errors='replace').  Same
 * return rule as above.
 */
HS_EXPORT size_t hs_url_unquote(char *dst, size_t size, const char *src,
    size_t len);

/*
 * translate_path(): turn the request target PATH into a file name relative
 * to the served directory.  The "http://host" of an absolute-form target,
 * query and fragment are dropped, %XX decoded, "." and ".." resolved
 * without ever leaving the directory, empty segments dropped.  The result is "." for the directory itself and ends in
 * "/" when PATH did.  Returns the length written, or -1 with errno
 * ENAMETOOLONG (DST too small) or EINVAL (a decoded NUL byte).
 */
HS_EXPORT ssize_t hs_translate_path(char *dst, size_t size,
    const char *path);

/* The Content-type Python's SimpleHTTPRequestHandler.guess_type() gives
 * PATH, from the built-in table alone: the same on every host. */
HS_EXPORT const char *hs_guess_type(const char *path);

/* --- Ranges and validators (RFC 9110 sections 8.8, 13 and 14) ---------
 *
 * What the static handler does with Range, ETag and the conditional
 * fields, for a handler of a program's own to do the same. */

/* Bytes FIRST to LAST of a representation, both included. */
struct hs_byte_range {
	off_t first;
	off_t last;
};

/* What a Range field asks of a representation. */
enum hs_range_result {
	HS_RANGE_WHOLE = 0,	/* nothing to honour: the whole of it, 200 */
	HS_RANGE_PARTIAL = 1,	/* the ranges found: 206 */
	HS_RANGE_UNSATISFIABLE = 2	/* none of them exists: 416 */
};

/*
 * Read the Range field value VALUE for a representation of SIZE bytes.
 * WHOLE when VALUE is not "bytes=" and a valid range set (RFC 9110
 * section 14.2: such a Range is ignored), when it holds more than
 * HS_RANGE_SPECS_MAX (64) range specs, when more than MAX ranges remain
 * once merged, and for a satisfiable suffix range of an empty
 * representation.  UNSATISFIABLE when no range is satisfiable (each
 * starts at or beyond SIZE, or is a suffix of zero bytes).  PARTIAL:
 * *COUNT (1 to MAX) ranges in RANGES, each cut to end within SIZE, with
 * overlapping and adjacent ranges merged: in the order asked for when
 * none were merged, else in ascending order.  Never more bytes than SIZE
 * in all.  *COUNT is 0 unless PARTIAL.
 */
HS_EXPORT enum hs_range_result hs_parse_range(const char *value, off_t size,
    struct hs_byte_range *ranges, size_t max, size_t *count);

/* Room for the longest entity-tag hs_etag_from_stat() writes with a
 * SUFFIX of at most 18 bytes, quotes and NUL included. */
#define HS_ETAG_SIZE 72

/*
 * A strong entity-tag for the file SB describes: its inode, size and
 * modification time to the nanosecond, in hex, quoted ("1a2b-400-18..."),
 * so it changes whenever the file does.  SUFFIX (NULL for none; letters,
 * digits, '-' and '.') is appended after a '-', for a variant of the same
 * file such as its gzip-coded sidecar.  Writes at most SIZE bytes with the
 * NUL; returns the length the whole tag needs, as snprintf() does.
 */
HS_EXPORT size_t hs_etag_from_stat(char *buf, size_t size,
    const struct stat *sb, const char *suffix);

/*
 * Does the entity-tag ETAG (quoted, maybe W/) match a member of LIST, the
 * value of an If-Match or If-None-Match field?  "*" matches any ETAG.
 * WEAK nonzero compares weakly (W/ ignored, If-None-Match's rule), zero
 * strongly (a weak tag on either side never matches, If-Match's and
 * If-Range's rule).  An ill-formed LIST matches nothing; returns 1 or 0.
 */
HS_EXPORT int hs_etag_match(const char *list, const char *etag, int weak);

/* The outcome of a request's preconditions. */
enum hs_precondition {
	HS_PRECONDITION_PASS = 0,		/* go on */
	HS_PRECONDITION_NOT_MODIFIED = 304,	/* answer 304 */
	HS_PRECONDITION_FAILED = 412		/* answer 412 */
};

/*
 * Evaluate the If-Match, If-Unmodified-Since, If-None-Match and
 * If-Modified-Since fields of REQ in the order of RFC 9110 section
 * 13.2.2, against the selected representation's entity-tag ETAG (NULL
 * when it has none) and modification time LAST_MODIFIED (-1 when
 * unknown).  If-Unmodified-Since counts only without If-Match, and
 * If-Modified-Since only without If-None-Match and for GET and HEAD; an
 * invalid date is ignored.  A failed If-None-Match is 304 for GET and
 * HEAD, 412 for other methods.
 */
HS_EXPORT enum hs_precondition hs_request_preconditions(
    const struct hs_request *req, const char *etag, time_t last_modified);

/*
 * Does REQ's Range field apply?  1 for a GET with a Range and either no
 * If-Range or one that holds: an entity-tag matching ETAG strongly, or a
 * date equal to LAST_MODIFIED.  0 otherwise: send the whole
 * representation (RFC 9110 sections 13.1.5 and 14.2).
 */
HS_EXPORT int hs_request_range_applies(const struct hs_request *req,
    const char *etag, time_t last_modified);

/* --- MIME tables: the built-in types plus mime.types files ------------- */

struct hs_mime;

/* A table that knows the built-in types only, until files are loaded into
 * it.  NULL with errno ENOMEM. */
HS_EXPORT struct hs_mime *hs_mime_new(void);

/* Read a mime.types file (such as /etc/mime.types) into M, as Python's
 * mimetypes does: later lines and files override earlier ones.  0 on
 * success, -1 with errno if the file cannot be read. */
HS_EXPORT int hs_mime_load(struct hs_mime *m, const char *path);

/* Load into M the files Python's mimetypes.init() reads (/etc/mime.types
 * and its other knownfiles) that exist, as hs_static_new() does. */
HS_EXPORT void hs_mime_load_system(struct hs_mime *m);

/* hs_guess_type() with the types of M (NULL: the built-in ones).  The
 * string stays valid until hs_mime_free(M).  Lookups may run in several
 * threads at once, but not while a file is loaded into M. */
HS_EXPORT const char *hs_mime_guess_type(const struct hs_mime *m,
    const char *path);

HS_EXPORT void hs_mime_free(struct hs_mime *m);

/* ------------------------------------------------------------------------
 * SimpleHTTPRequestHandler: files and directory listings
 */

struct hs_static;

/* Serve DIRECTORY (opened now; NULL with errno when it cannot be), with
 * a MIME table of its own loaded with hs_mime_load_system(). */
HS_EXPORT struct hs_static *hs_static_new(const char *directory);
/* ST's MIME table, owned by ST: load more mime.types files into it before
 * serving, or from the thread of the loop that serves. */
HS_EXPORT struct hs_mime *hs_static_mime(struct hs_static *st);
/*
 * Open PATH, a name relative to the served directory as hs_translate_path()
 * makes it, with open(2) FLAGS, as ST opens what it serves: through its
 * descriptor of the directory, by its link policy.  A descriptor, or -1
 * with errno: EXDEV for a symbolic link leading out of the directory.
 */
HS_EXPORT int hs_static_open(const struct hs_static *st, const char *path,
    int flags);
/* The real path of the served directory, taken at hs_static_new(): "/",
 * or a path without a trailing slash. */
HS_EXPORT const char *hs_static_directory(const struct hs_static *st);
/*
 * By default a symbolic link is followed only when its target lies inside
 * the served directory; one leading out is answered 403.  FOLLOW nonzero
 * follows links anywhere, as Python does.
 */
HS_EXPORT void hs_static_set_follow_symlinks(struct hs_static *st,
    int follow);
/*
 * ENABLED nonzero (the default): what each loop found on disk - files'
 * facts, small files' bytes, missing paths, listing pages - is kept and
 * reused until inotify reports a change to anything it depends on, so
 * it is never stale (see httpserve(1), CACHING; nothing is kept from
 * NFS, SMB, FUSE, 9P and the like).  Zero: everything is looked up on
 * disk for every request.
 */
HS_EXPORT void hs_static_set_cache(struct hs_static *st, int enabled);
/*
 * The Cache-Control field of files and listings: "no-cache" by default
 * (browsers revalidate every time, a cheap 304 with the ETag, instead of
 * keeping an edited file for as long as they guess); NULL or "" for
 * none, as Python sends.  Copied.  -1 with EINVAL for a control
 * character other than HTAB, ENOMEM.
 */
HS_EXPORT int hs_static_set_cache_control(struct hs_static *st,
    const char *value);
/*
 * ENABLED nonzero: for a file F, serve the file F.br, F.zst or F.gz beside
 * it to a client whose Accept-Encoding prefers that coding, with
 * Content-Encoding, F's Content-type and an ETag of its own, when it is
 * a regular file inside the served directory not older than F.  Every
 * response for a file then carries "Vary: Accept-Encoding".  Off by
 * default.
 */
HS_EXPORT void hs_static_set_precompressed(struct hs_static *st,
    int enabled);
/*
 * Add the field NAME: VALUE (copied) to the responses that serve a file
 * or a listing - 200, 206 and 304, as Python 3.15's
 * extra_response_headers - and to no error or redirect.  Fields are sent
 * in the order added; adding a name twice sends it twice.  A NAME the
 * handler sends itself (Content-type, Last-Modified, ETag, Cache-Control,
 * Vary, Accept-Ranges; in any case) replaces that field instead of
 * repeating it.  -1 with EINVAL for a field hs_check_response_field()
 * refuses, ENOMEM.
 */
HS_EXPORT int hs_static_add_header(struct hs_static *st, const char *name,
    const char *value);
/*
 * The Content-type of a file whose name gives none (Python 3.15's
 * default_content_type, --content-type): "application/octet-stream" by
 * default.  Copied.  -1 with EINVAL for an empty TYPE or one with a
 * control character, ENOMEM.
 */
HS_EXPORT int hs_static_set_default_type(struct hs_static *st,
    const char *type);
/* Add the GET and HEAD handlers to SRV's, after those registered before
 * (hs_server_add_handler()); GET and HEAD bodies are read and dropped. */
HS_EXPORT int hs_static_register(struct hs_static *st, struct hs_server *srv);
/* The do_GET / do_HEAD handler itself, with ARG an hs_static. */
HS_EXPORT enum hs_handler_result hs_static_handle(struct hs_request *req,
    void *arg);
HS_EXPORT void hs_static_free(struct hs_static *st);

/* ------------------------------------------------------------------------
 * CGIHTTPRequestHandler: scripts under /cgi-bin and /htbin (RFC 3875)
 *
 * Built on a static handler, as Python's class is built on
 * SimpleHTTPRequestHandler: GET and HEAD run a script when the path lies
 * in a CGI directory and decline otherwise (HS_DECLINE), so the handler
 * registered after it, the static one, answers; POST runs a script or is
 * answered 501.  A script's local redirect is answered by the server's
 * handlers again (hs_request_redispatch()).  Scripts run in a process group of
 * their own with their standard input and output on sockets the event
 * loop drives: the request body streams in, the output streams out, both
 * with backpressure, and nothing waits on a script.  See httpserve(3).
 */

struct hs_cgi;

/* CGI on top of ST (not owned: free it after the hs_cgi), which gives the
 * served directory and its link policy.  NULL with errno on failure. */
HS_EXPORT struct hs_cgi *hs_cgi_new(struct hs_static *st);

/* The CGI directories, as request paths ("/cgi-bin"), NULL-terminated;
 * the default is Python's { "/cgi-bin", "/htbin", NULL }.  Copied. */
HS_EXPORT int hs_cgi_set_directories(struct hs_cgi *cgi,
    const char *const *directories);

/* Seconds a script may go without writing any output before it is killed
 * (504 when it had not sent its headers yet); 0 for no limit.  Default
 * 60; at most HS_TIMEOUT_MAX. */
HS_EXPORT int hs_cgi_set_timeout(struct hs_cgi *cgi, double seconds);

/* SERVER_NAME for scripts (Python gives socket.getfqdn() of the bound
 * address); by default the numeric address the server is bound to. */
HS_EXPORT int hs_cgi_set_server_name(struct hs_cgi *cgi, const char *name);

/* Add GET, HEAD and POST to SRV's handlers (POST bodies stream to
 * scripts).  Register it before the static handler, which answers every
 * path.  Scripts run on every loop of SRV, each reaped by its own loop:
 * no SIGCHLD handler is installed, but reaping with waitpid(-1) would
 * take their exit statuses. */
HS_EXPORT int hs_cgi_register(struct hs_cgi *cgi, struct hs_server *srv);

/* The do_GET / do_HEAD / do_POST handler itself, with ARG an hs_cgi. */
HS_EXPORT enum hs_handler_result hs_cgi_handle(struct hs_request *req,
    void *arg);

/* Scripts still running are killed and reaped, their requests finished.
 * Call it once the loop has stopped, before hs_server_free(). */
HS_EXPORT void hs_cgi_free(struct hs_cgi *cgi);

#ifdef __cplusplus
}
#endif

#endif /* HTTPSERVE_H */
