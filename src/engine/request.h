/* SPDX-License-Identifier: MIT */
/*
 * request.h - one request and its response in flight (the "exchange").
 *
 * struct hs_request is what a handler holds: the parsed head, the body,
 * and the state of the response being written.  A connection owns one and
 * reuses it, buffers and all, for every request it carries, so steady-state
 * keep-alive traffic allocates nothing of ours.  The exchange reaches its
 * connection only through the transport operations it was made with
 * (transport.h), and the server only through its settings (settings.h).
 * If the client goes away while a handler still holds the request
 * (HS_PENDING), the connection hands the request over to the handler,
 * which frees it with hs_request_finish().
 *
 * The exchange is four files, each calling only those after it:
 * invoke.c (the handlers), request.c (the read side), response.c (the
 * write side) and reqlog.c (the log lines).
 */
#ifndef HS_REQUEST_H
#define HS_REQUEST_H

#include <netinet/in.h>
#include <stddef.h>

#include "http/buf.h"
#include "httpserve.h"
#include "http/parse.h"

struct hs_methods;
struct hs_settings;
struct hs_transport_ops;

/* Where the response stands. */
enum hs_resp_phase {
	HS_RESP_NONE = 0,	/* nothing sent yet */
	HS_RESP_STATUS,		/* status line given, headers open */
	HS_RESP_BODY,		/* headers ended: body may follow */
	HS_RESP_DONE		/* complete */
};

/*
 * Everything that starts afresh with each request, reset with one memset
 * (instead of N hand-reset fields that drift apart over the years).
 */
struct hs_request_state {
	/* Read side. */
	const char *command;
	const char *path;
	const char *version;
	const char *line;
	int major;
	int minor;
	int simple;			/* HTTP/0.9: no status line, no headers */
	enum hs_body_mode body_mode;

	/* Write side. */
	enum hs_resp_phase phase;
	int code;
	int interim_sent;		/* a 1xx went out */
	int header_bytes_queued;	/* part of the head is on the wire */
	int close_connection;
	int connection_header;		/* the handler sent Connection: */
	int have_length;		/* ... Content-Length: */
	unsigned long long length;
	int self_delimited;		/* ... Transfer-Encoding: */
	unsigned long long written;	/* body bytes queued */
	int body_forbidden;		/* HEAD, 1xx, 204, 304 */
	int commit_failed;		/* no memory to queue head and body */

	/* Completion. */
	int redispatches;		/* hs_request_redispatch() calls */
	int dispatching;		/* inside a handler call */
	int pending;			/* the handler returned HS_PENDING */
	int finished;			/* hs_request_finish() was called */
	int aborted;			/* the client went away */
	hs_abort_fn abort_fn;
	void *abort_arg;
	hs_drain_fn drain_fn;
	void *drain_arg;
	size_t drain_low;
};

struct hs_request {
	const struct hs_transport_ops *ops;
	void *io;			/* NULL once the client is gone */
	const struct hs_settings *set;
	const struct hs_methods *methods;	/* for redispatch */
	struct hs_loop *loop;		/* the loop serving it */
	char client_address[INET6_ADDRSTRLEN];
	int client_port;

	struct hs_head head;		/* parsed spans into head_bytes */
	struct hs_buf head_bytes;	/* a copy of the head, NUL-split */
	struct hs_buf words;		/* "command\0path\0version\0" */
	struct hs_buf body;		/* buffer-mode body, NUL-terminated */
	struct hs_buf headers_out;	/* response head not yet queued */
	struct hs_buf message;		/* error messages we compose */
	struct hs_buf target;		/* "command\0path\0", rewritten */
	struct hs_buf spare;		/* the next rewrite, swapped in */

	struct hs_request_state st;
	struct hs_request *next_spare;	/* in the loop's pool */
};

/*
 * A request carried by the transport OPS over IO on LOOP, answered with
 * SET and the handlers of METHODS, from the client at ADDRESS and PORT; NULL when
 * memory runs out.
 */
struct hs_request *hs_request_new(const struct hs_transport_ops *ops,
    void *io, struct hs_loop *loop, const struct hs_settings *set,
    const struct hs_methods *methods, const char *address, int port);
void hs_request_free(struct hs_request *req);

/* Forget the previous request, keeping the buffers for the next. */
void hs_request_reset(struct hs_request *req);

/*
 * A request object exists only while a request is in flight: an idle
 * connection holds none.  hs_request_take() gives one from LOOP's pool
 * (or a new one; NULL when memory runs out), set up as hs_request_new()
 * does; hs_request_give_back() resets REQ and returns it to its loop's
 * pool, or frees it when the pool is full.
 */
struct hs_request *hs_request_take(const struct hs_transport_ops *ops,
    void *io, struct hs_loop *loop, const struct hs_settings *set,
    const struct hs_methods *methods, const char *address, int port);
void hs_request_give_back(struct hs_request *req);

/*
 * Adopt the head parsed into HEAD from the LEN bytes at BUF: copy them,
 * split them into NUL-terminated strings, and decide close_connection as
 * parse_request() does.  -1 when memory runs out.
 */
int hs_request_adopt_head(struct hs_request *req, const struct hs_head *head,
    const char *buf, size_t len);

/* Append LEN bytes of a buffer-mode body; -1 when memory runs out. */
int hs_request_append_body(struct hs_request *req, const char *data,
    size_t len);

/*
 * Answer the parse error in HEAD (BUF holds the bytes it refers to) with
 * Python's status and message.  Returns 0, or -1 if HEAD's error needs no
 * answer (a blank request line).
 */
int hs_request_fail_parse(struct hs_request *req, const struct hs_head *head,
    const char *buf);

/*
 * send_error(CODE, "PREFIX (%r)" % WORD): Python's messages that quote a
 * piece of the request, such as "Unsupported method ('SPAM')".
 */
int hs_request_fail_repr(struct hs_request *req, int code, const char *prefix,
    const char *word);

/*
 * Honour "Expect: 100-continue" as parse_request() does (for an HTTP/1.1
 * request to an HTTP/1.1 server): the server's hook decides, or "100
 * Continue" goes out.  0 to go on and read the body; -1 when a final
 * response was sent instead, or the interim one could not be.
 */
int hs_request_expect(struct hs_request *req);

/*
 * Make the command and path handlers see METHOD and PATH (either may point
 * into the request itself).  -1 with EINVAL when METHOD is not a token or
 * PATH holds a control character or a space, ENOMEM.
 */
int hs_request_rewrite(struct hs_request *req, const char *method,
    const char *path);

#endif /* HS_REQUEST_H */
