/* SPDX-License-Identifier: MIT */
/*
 * conn.c - one client connection, driven by a bufferevent.
 *
 * The state machine (one enum, one setter, one dispatching switch):
 *
 *   READ_HEAD --head--> READ_BODY --body--> RESPOND --done--> READ_HEAD
 *       |                   |                  |   \--output full--> DRAIN
 *       |                   |                  |                       |
 *       +--error / EOF------+-----close--------+--> CLOSING <----------+
 *                                                      |  (output empty)
 *                                                      v
 *                                                   LINGER --EOF/timer--> freed
 *
 * READ_HEAD   bytes accumulate in the input buffer until hs_parse_head()
 *             finds the end of a head (or an error, answered and closed).
 * READ_BODY   Content-Length or chunked body read into the request, or
 *             dropped, so the next request starts on the right byte.
 * RESPOND     the handler runs; a pending one (HS_PENDING) keeps us here.
 * DRAIN       the response is queued but the client has yet to read more
 *             than HS_PIPELINE_OUTPUT_MAX bytes: the next pipelined
 *             request waits, which bounds what a non-reading client costs.
 * CLOSING     the last response is queued; close once it has all left
 *             (bufferevent_free() would throw away unsent output).
 * LINGER      our side is shut; input is read and dropped until the
 *             client's EOF, so unread bytes cannot make the kernel reset
 *             the connection and destroy the tail of our response.
 *
 * A connection is freed only at the end of the outermost libevent callback
 * on its stack (conn_enter()/conn_leave()): code deep in a call chain marks
 * it dead and returns.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/conn.h"

#include <arpa/inet.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "http/escape.h"
#include "http/hs_limits.h"
#include "engine/request.h"
#include "engine/server.h"

enum conn_state {
	CONN_READ_HEAD = 0,
	CONN_READ_BODY,
	CONN_RESPOND,
	CONN_DRAIN,
	CONN_CLOSING,
	CONN_LINGER,
	CONN_NSTATES
};

static const char *const conn_state_names[CONN_NSTATES] = {
	[CONN_READ_HEAD] = "READ_HEAD",
	[CONN_READ_BODY] = "READ_BODY",
	[CONN_RESPOND] = "RESPOND",
	[CONN_DRAIN] = "DRAIN",
	[CONN_CLOSING] = "CLOSING",
	[CONN_LINGER] = "LINGER",
};

/* legal[from][to]: the transitions of the diagram above. */
static const unsigned char conn_legal[CONN_NSTATES][CONN_NSTATES] = {
	[CONN_READ_HEAD] = { [CONN_READ_BODY] = 1, [CONN_RESPOND] = 1,
	    [CONN_CLOSING] = 1 },
	[CONN_READ_BODY] = { [CONN_RESPOND] = 1, [CONN_CLOSING] = 1 },
	[CONN_RESPOND] = { [CONN_READ_HEAD] = 1, [CONN_DRAIN] = 1,
	    [CONN_CLOSING] = 1 },
	[CONN_DRAIN] = { [CONN_READ_HEAD] = 1, [CONN_CLOSING] = 1 },
	[CONN_CLOSING] = { [CONN_LINGER] = 1 },
	[CONN_LINGER] = { [CONN_LINGER] = 0 },
};

struct hs_conn {
	struct hs_server *srv;
	struct bufferevent *bev;
	evutil_socket_t fd;
	struct event *timer;	/* idle, head deadline or linger */
	struct event *resume;	/* continue later, from the top of the loop */
	enum conn_state state;
	struct hs_request *req;
	const struct hs_method *method;
	int peer_eof;		/* the client will send nothing more */
	int head_started;	/* the head deadline runs */
	int depth;		/* our callbacks on the stack */
	int dead;		/* free at the end of the outermost one */
	struct hs_conn *next;
	struct hs_conn *prev;
};

static void conn_process(struct hs_conn *c);
static int conn_after_response(struct hs_conn *c);
static void conn_close(struct hs_conn *c);

/* Enter one of our libevent callbacks. */
static void
conn_enter(struct hs_conn *c)
{
	c->depth++;
}

/*
 * Free the connection: its pending request, if a handler still holds it,
 * is handed over to the handler and its abort hook told.
 */
static void
conn_destroy(struct hs_conn *c)
{
	struct hs_request *req = c->req;
	hs_abort_fn abort_fn = NULL;
	void *abort_arg = NULL;

	hs_server_conn_removed(c->srv, c);
	if (req != NULL && req->st.pending && !req->st.finished) {
		req->conn = NULL;
		req->st.aborted = 1;
		abort_fn = req->st.abort_fn;
		abort_arg = req->st.abort_arg;
	} else if (req != NULL) {
		hs_request_free(req);
		req = NULL;
	}
	event_free(c->timer);
	event_free(c->resume);
	bufferevent_free(c->bev);	/* closes the socket */
	free(c);
	/* Last: the hook may finish, and so free, the request. */
	if (abort_fn != NULL)
		abort_fn(req, abort_arg);
}

/* Leave a callback; the outermost one frees a connection marked dead. */
static void
conn_leave(struct hs_conn *c)
{
	if (--c->depth == 0 && c->dead)
		conn_destroy(c);
}

/* Mark the connection for freeing (at once when no callback runs). */
static void
conn_kill(struct hs_conn *c)
{
	c->dead = 1;
	if (c->depth == 0)
		conn_destroy(c);
}

/* Arm the connection's timer for TV (NULL or zero: disarm). */
static void
conn_arm_timer(struct hs_conn *c, const struct timeval *tv)
{
	if (tv != NULL && (tv->tv_sec > 0 || tv->tv_usec > 0))
		evtimer_add(c->timer, tv);
	else
		evtimer_del(c->timer);
}

/* Move to state TO, which must be a legal successor, and set its timer and
 * output watermark. */
static void
conn_set_state(struct hs_conn *c, enum conn_state to)
{
	assert(conn_legal[c->state][to]);
#ifdef HS_DEBUG_STATES
	fprintf(stderr, "conn %p: %s -> %s\n", (void *)c,
	    conn_state_names[c->state], conn_state_names[to]);
#else
	(void)conn_state_names;
#endif
	c->state = to;
	switch (to) {
	case CONN_READ_HEAD:
		c->head_started = 0;
		conn_arm_timer(c, &c->srv->idle_timeout);
		bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
		break;
	case CONN_READ_BODY:
		conn_arm_timer(c, &c->srv->idle_timeout);
		break;
	case CONN_DRAIN:
		bufferevent_setwatermark(c->bev, EV_WRITE,
		    HS_PIPELINE_OUTPUT_MAX, 0);
		conn_arm_timer(c, NULL);
		break;
	case CONN_LINGER: {
		static const struct timeval linger = { HS_LINGER_SECONDS, 0 };

		conn_arm_timer(c, &linger);
		break;
	}
	case CONN_RESPOND:
	case CONN_CLOSING:
		bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
		conn_arm_timer(c, NULL);
		break;
	case CONN_NSTATES:
		abort();
	}
}

/* Drop everything the client sent (lingering, or after an error). */
static void
conn_discard_input(struct hs_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);

	evbuffer_drain(in, evbuffer_get_length(in));
}

/* Our last byte has left: shut our side and linger for the client's EOF. */
static void
conn_shutdown_write(struct hs_conn *c)
{
	shutdown(c->fd, SHUT_WR);
	if (c->peer_eof) {
		conn_kill(c);
		return;
	}
	conn_set_state(c, CONN_LINGER);
	bufferevent_disable(c->bev, EV_WRITE);
	bufferevent_enable(c->bev, EV_READ);
	conn_discard_input(c);
}

/* Close once the output queued so far has left. */
static void
conn_close(struct hs_conn *c)
{
	if (c->state == CONN_CLOSING || c->state == CONN_LINGER)
		return;
	conn_set_state(c, CONN_CLOSING);
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_shutdown_write(c);
}

/* Ask for conn_resume() at the top of the next loop pass. */
static void
conn_schedule_resume(struct hs_conn *c)
{
	event_active(c->resume, EV_TIMEOUT, 1);
}

/* Call the handler of the request whose head and body are in. */
static int
conn_dispatch(struct hs_conn *c)
{
	struct hs_request *req = c->req;
	enum hs_handler_result r;

	conn_set_state(c, CONN_RESPOND);
	req->st.dispatching = 1;
	r = c->method->fn(req, c->method->arg);
	req->st.dispatching = 0;
	if (c->dead)
		return 0;
	if (r == HS_PENDING && !req->st.finished) {
		req->st.pending = 1;
		return 0;
	}
	hs_response_complete(req);
	return conn_after_response(c);
}

/* The request was answered without its handler (an error, a refusal).
 * A body it may have had is left unread: conn_after_response() closes. */
static int
conn_answered_early(struct hs_conn *c)
{
	struct hs_request *req = c->req;

	hs_response_complete(req);
	if (c->state == CONN_READ_HEAD || c->state == CONN_READ_BODY)
		conn_set_state(c, CONN_RESPOND);
	return conn_after_response(c);
}

/* Does the request carry "Expect: 100-continue" that we must honour (as
 * parse_request() does: HTTP/1.1 server and HTTP/1.1 request)? */
static int
conn_expects_continue(const struct hs_conn *c)
{
	const struct hs_request *req = c->req;
	const char *expect = hs_request_header(req, "Expect");

	return expect != NULL && strcasecmp(expect, "100-continue") == 0 &&
	    c->srv->protocol_minor >= 1 && req->st.major == 1 &&
	    req->st.minor >= 1;
}

/* Send the response to "Expect: 100-continue"; 0 to go on reading. */
static int
conn_handle_expect(struct hs_conn *c)
{
	struct hs_server *srv = c->srv;
	struct hs_request *req = c->req;

	if (srv->expect_fn != NULL)
		return srv->expect_fn(req, srv->expect_arg) ? 0 : -1;
	if (hs_send_response_only(req, 100, NULL) != 0 ||
	    hs_end_headers(req) != 0)
		return -1;
	return 0;
}

/*
 * Prepare to read the body the framing announced.  Buffered and discarded
 * bodies are read before the handler runs; a streamed one while it runs.
 */
static int
conn_start_body(struct hs_conn *c)
{
	struct hs_request *req = c->req;

	req->st.body_mode = c->method->body_mode;
	if (req->st.body_mode == HS_BODY_STREAM)
		return conn_dispatch(c);
	if (req->st.framing.kind == HS_FRAMING_NONE) {
		req->st.body_done = 1;
		return conn_dispatch(c);
	}
	conn_set_state(c, CONN_READ_BODY);
	return 1;
}

/*
 * A head has arrived: check its framing, find its handler, honour Expect,
 * then read the body or dispatch.  The checks that answer on their own
 * come before "100 Continue", so a client is never invited to send a body
 * we will refuse.
 */
static int
conn_begin_request(struct hs_conn *c)
{
	struct hs_request *req = c->req;
	const struct hs_framing *fr = &req->st.framing;

	if (hs_body_framing(&req->head, req->head_bytes.data,
	    &req->st.framing) != 0) {
		hs_send_error(req, fr->status, fr->message, NULL);
		return conn_answered_early(c);
	}
	/* From here on an unread body is known as such, whoever answers. */
	if (fr->kind == HS_FRAMING_LENGTH)
		req->st.body_left = fr->length;
	else if (fr->kind == HS_FRAMING_CHUNKED)
		hs_chunked_init(&req->st.chunked);
	c->method = hs_server_method(c->srv, req->st.command,
	    strlen(req->st.command));
	if (c->method == NULL) {
		hs_request_fail_repr(req, 501, "Unsupported method",
		    req->st.command);
		return conn_answered_early(c);
	}
	if (fr->kind == HS_FRAMING_LENGTH && fr->length > c->srv->max_body &&
	    c->method->body_mode != HS_BODY_STREAM) {
		hs_send_error(req, 413, NULL, NULL);
		return conn_answered_early(c);
	}
	if (conn_expects_continue(c) && conn_handle_expect(c) != 0)
		return conn_answered_early(c);
	return conn_start_body(c);
}

/* READ_HEAD: parse what has arrived; 1 when the state moved on. */
static int
conn_read_head(struct hs_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct hs_request *req = c->req;
	size_t avail = evbuffer_get_length(in), take;
	enum hs_parse_status st;
	const char *buf;

	if (avail == 0) {
		if (c->peer_eof)
			conn_close(c);
		return 0;
	}
	if (!c->head_started) {
		c->head_started = 1;
		conn_arm_timer(c, &c->srv->head_timeout);
	}
	/* One byte past the limit is enough to know a head is too large. */
	take = avail < HS_MAX_HEAD + 1 ? avail : HS_MAX_HEAD + 1;
	buf = (const char *)evbuffer_pullup(in, (ev_ssize_t)take);
	if (buf == NULL) {
		conn_kill(c);
		return 0;
	}
	st = hs_parse_head(&req->head, buf, take, c->peer_eof && take == avail);
	if (st == HS_PARSE_INCOMPLETE) {
		if (c->peer_eof)
			conn_close(c);
		return 0;
	}
	if (st == HS_PARSE_ERROR) {
		if (hs_request_fail_parse(req, &req->head, buf) != 0) {
			conn_close(c);	/* a blank line: Python just closes */
			return 0;
		}
		return conn_answered_early(c);
	}
	if (hs_request_adopt_head(req, &req->head, buf, req->head.length) != 0) {
		conn_kill(c);
		return 0;
	}
	evbuffer_drain(in, req->head.length);
	return conn_begin_request(c);
}

/* What the next step of reading a body found. */
enum body_step {
	BODY_MORE,	/* more input is needed */
	BODY_DATA,	/* a run of body bytes */
	BODY_END,	/* the body is complete */
	BODY_BAD	/* malformed chunked framing */
};

/*
 * Find the next run of body bytes at the front of the input, consuming
 * chunked framing on the way.  The run, at *DATA in the input's first
 * chain, stays in the input until conn_body_consume(): draining the
 * framing before it only moves the chain's start, never the bytes.
 */
static enum body_step
conn_body_next(struct hs_conn *c, const char **data, size_t *len)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct hs_request *req = c->req;
	struct evbuffer_iovec v;
	size_t used, off, n;
	enum hs_chunked_status st;

	for (;;) {
		if (req->st.framing.kind != HS_FRAMING_CHUNKED &&
		    req->st.body_left == 0)
			return BODY_END;
		if (evbuffer_peek(in, -1, NULL, &v, 1) < 1 || v.iov_len == 0)
			return BODY_MORE;
		if (req->st.framing.kind != HS_FRAMING_CHUNKED) {
			n = v.iov_len;
			if ((unsigned long long)n > req->st.body_left)
				n = (size_t)req->st.body_left;
			*data = v.iov_base;
			*len = n;
			return BODY_DATA;
		}
		st = hs_chunked_parse(&req->st.chunked, v.iov_base, v.iov_len,
		    &used, &off, &n);
		if (st == HS_CHUNKED_ERROR)
			return BODY_BAD;
		if (st == HS_CHUNKED_DATA) {
			evbuffer_drain(in, off);
			*data = (const char *)v.iov_base + off;
			*len = n;
			return BODY_DATA;
		}
		evbuffer_drain(in, used);
		if (st == HS_CHUNKED_DONE)
			return BODY_END;
	}
}

/* Drop the N body bytes conn_body_next() returned from the input. */
static void
conn_body_consume(struct hs_conn *c, size_t n)
{
	struct hs_request *req = c->req;

	evbuffer_drain(bufferevent_get_input(c->bev), n);
	if (req->st.framing.kind != HS_FRAMING_CHUNKED)
		req->st.body_left -= n;
	req->st.body_seen += n;
}

/* Are bytes of the request body still unread in (or on the way to) the
 * input?  Then the next request cannot be found: the connection closes. */
static int
conn_body_unread(const struct hs_request *req)
{
	if (req->st.framing.kind == HS_FRAMING_LENGTH)
		return req->st.body_left > 0;
	if (req->st.framing.kind == HS_FRAMING_CHUNKED)
		return !req->st.body_done;
	return 0;
}

/* READ_BODY: read the body into the request (or away), then dispatch;
 * returns 1 when the state moved on. */
static int
conn_read_body(struct hs_conn *c)
{
	struct hs_request *req = c->req;
	const char *data;
	size_t len;

	for (;;) {
		switch (conn_body_next(c, &data, &len)) {
		case BODY_DATA:
			if (req->st.body_seen + len > c->srv->max_body) {
				hs_send_error(req, 413, NULL, NULL);
				return conn_answered_early(c);
			}
			if (req->st.body_mode == HS_BODY_BUFFER &&
			    hs_buf_append(&req->body, data, len) != 0) {
				conn_kill(c);
				return 0;
			}
			conn_body_consume(c, len);
			break;
		case BODY_END:
			req->st.body_done = 1;
			return conn_dispatch(c);
		case BODY_BAD:
			hs_send_error(req, 400, "Bad chunked encoding", NULL);
			return conn_answered_early(c);
		case BODY_MORE:
			if (c->peer_eof) {
				conn_kill(c);	/* it can never be complete */
				return 0;
			}
			conn_arm_timer(c, &c->srv->idle_timeout);
			return 0;
		}
	}
}

/*
 * RESPOND with a streamed body: hand what has arrived to the handler's
 * body function, until it pauses, finishes or the body ends.  A client
 * that breaks the framing or leaves mid-body aborts the request (the
 * handler hears of it through its abort hook).
 */
static void
conn_stream_body(struct hs_conn *c)
{
	struct hs_request *req = c->req;
	const char *data;
	size_t len;

	while (req->st.body_fn != NULL && !req->st.body_paused &&
	    !req->st.body_done && !req->st.finished && !c->dead) {
		switch (conn_body_next(c, &data, &len)) {
		case BODY_DATA:
			req->st.body_fn(req, data, len, req->st.body_arg);
			conn_body_consume(c, len);
			break;
		case BODY_END:
			req->st.body_done = 1;
			conn_arm_timer(c, NULL);
			req->st.body_fn(req, "", 0, req->st.body_arg);
			return;
		case BODY_BAD:
			conn_kill(c);
			return;
		case BODY_MORE:
			if (c->peer_eof)
				conn_kill(c);
			else	/* the body must keep coming */
				conn_arm_timer(c, &c->srv->idle_timeout);
			return;
		}
	}
}

/*
 * The response of the current request is complete: close, wait for the
 * client to read, or go on to the next request.  Returns 1 when input can
 * be parsed right away.
 */
static int
conn_after_response(struct hs_conn *c)
{
	struct hs_request *req = c->req;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	int close_after = req->st.close_connection || c->srv->stopping ||
	    conn_body_unread(req);

	hs_request_reset(req);
	if (close_after || (c->peer_eof && evbuffer_get_length(in) == 0)) {
		conn_close(c);
		return 0;
	}
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) >
	    HS_PIPELINE_OUTPUT_MAX) {
		conn_set_state(c, CONN_DRAIN);
		return 0;
	}
	conn_set_state(c, CONN_READ_HEAD);
	return 1;
}

/*
 * Work through the input for as long as states that consume it follow one
 * another.  After HS_PIPELINE_BURST requests in one go the rest waits for
 * the next loop pass, so one pipelining client cannot starve the others.
 */
static void
conn_process(struct hs_conn *c)
{
	int burst = 0, progressed = 1;

	while (progressed && !c->dead) {
		switch (c->state) {
		case CONN_READ_HEAD:
			if (burst++ == HS_PIPELINE_BURST) {
				conn_schedule_resume(c);
				return;
			}
			progressed = conn_read_head(c);
			break;
		case CONN_READ_BODY:
			progressed = conn_read_body(c);
			break;
		case CONN_LINGER:
			conn_discard_input(c);
			return;
		case CONN_RESPOND:
			conn_stream_body(c);
			return;
		case CONN_DRAIN:
		case CONN_CLOSING:
			return;
		default:
			fprintf(stderr, "httpserve: illegal connection state "
			    "%d\n", (int)c->state);
			abort();
		}
	}
}

/* libevent: input arrived. */
static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct hs_conn *c = arg;

	(void)bev;
	conn_enter(c);
	conn_process(c);
	conn_leave(c);
}

/* libevent: output fell to the write low-water mark. */
static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct hs_conn *c = arg;
	size_t out = evbuffer_get_length(bufferevent_get_output(bev));
	struct hs_request *req = c->req;

	conn_enter(c);
	switch (c->state) {
	case CONN_DRAIN:
		if (out <= HS_PIPELINE_OUTPUT_MAX) {
			conn_set_state(c, CONN_READ_HEAD);
			conn_process(c);
		}
		break;
	case CONN_CLOSING:
		if (out == 0)
			conn_shutdown_write(c);
		break;
	case CONN_RESPOND:
		if (req->st.drain_fn != NULL && out <= req->st.drain_low)
			req->st.drain_fn(req, req->st.drain_arg);
		break;
	default:
		break;
	}
	conn_leave(c);
}

/* The client's EOF: what it means depends on what we are doing. */
static void
conn_on_eof(struct hs_conn *c)
{
	c->peer_eof = 1;
	switch (c->state) {
	case CONN_READ_HEAD:
	case CONN_READ_BODY:
		conn_process(c);	/* what arrived still counts */
		break;
	case CONN_RESPOND:
		/* Only a pending handler waits here: its client is gone. */
		conn_kill(c);
		break;
	case CONN_LINGER:
		conn_kill(c);
		break;
	default:
		break;	/* finish writing, then close */
	}
}

/* libevent: EOF, an error, or the write timeout. */
static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct hs_conn *c = arg;

	(void)bev;
	conn_enter(c);
	if ((what & BEV_EVENT_ERROR) || (what & BEV_EVENT_TIMEOUT) ||
	    ((what & BEV_EVENT_EOF) && (what & BEV_EVENT_WRITING)))
		conn_kill(c);	/* reset, slow reader, or a file shrank */
	else if (what & BEV_EVENT_EOF)
		conn_on_eof(c);
	conn_leave(c);
}

/* Our timer: idle or head deadline passed, or lingering is over. */
static void
conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hs_conn *c = arg;

	(void)fd;
	(void)what;
	conn_enter(c);
	switch (c->state) {
	case CONN_READ_HEAD:
	case CONN_READ_BODY:
		conn_close(c);
		break;
	case CONN_LINGER:
		conn_kill(c);
		break;
	case CONN_RESPOND:
		/* A streamed body that stopped coming (not one the handler
		 * paused): the client has left us waiting; abort. */
		if (c->req->st.body_fn != NULL && !c->req->st.body_done &&
		    !c->req->st.body_paused)
			conn_kill(c);
		break;
	default:
		break;
	}
	conn_leave(c);
}

/* Continue from the top of the loop: a deferred finish, a drain check,
 * body chunks to stream, or the rest of a pipelining burst. */
static void
conn_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hs_conn *c = arg;
	struct hs_request *req = c->req;

	(void)fd;
	(void)what;
	conn_enter(c);
	if (c->state == CONN_RESPOND && req->st.pending && req->st.finished) {
		if (conn_after_response(c))
			conn_process(c);
	} else if (c->state == CONN_RESPOND) {
		if (req->st.drain_fn != NULL &&
		    evbuffer_get_length(bufferevent_get_output(c->bev)) <=
		    req->st.drain_low)
			req->st.drain_fn(req, req->st.drain_arg);
		if (!c->dead && c->state == CONN_RESPOND)
			conn_process(c);
	} else if (c->state == CONN_READ_HEAD) {
		conn_process(c);
	}
	conn_leave(c);
}

/* Write the numeric address and port of SA into C's request. */
static void
conn_peer_name(const struct sockaddr *sa, char *host, size_t size, int *port)
{
	host[0] = '\0';
	*port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, (socklen_t)size);
		*port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, (socklen_t)size);
		*port = ntohs(in6->sin6_port);
	}
}

/* Start serving an accepted socket; see conn.h. */
struct hs_conn *
hs_conn_new(struct hs_server *srv, evutil_socket_t fd,
    const struct sockaddr *sa, socklen_t salen)
{
	struct hs_conn *c;
	char host[INET6_ADDRSTRLEN];
	int port;

	(void)salen;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		evutil_closesocket(fd);
		return NULL;
	}
	c->srv = srv;
	c->fd = fd;
	c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL)
		evutil_closesocket(fd);
	conn_peer_name(sa, host, sizeof(host), &port);
	c->timer = evtimer_new(srv->base, conn_timer_cb, c);
	c->resume = event_new(srv->base, -1, 0, conn_resume_cb, c);
	c->req = hs_request_new(c, srv, host, port);
	if (c->bev == NULL || c->timer == NULL || c->resume == NULL ||
	    c->req == NULL) {
		if (c->req != NULL)
			hs_request_free(c->req);
		if (c->timer != NULL)
			event_free(c->timer);
		if (c->resume != NULL)
			event_free(c->resume);
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		free(c);
		return NULL;
	}
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb,
	    c);
	/* Reading stops once a maximal head (plus one byte) waits in the
	 * input: the parser then has enough to answer 431 or 414. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, HS_MAX_HEAD + 1);
	if (srv->write_timeout.tv_sec > 0 || srv->write_timeout.tv_usec > 0)
		bufferevent_set_timeouts(c->bev, NULL, &srv->write_timeout);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	hs_server_conn_added(srv, c);
	c->state = CONN_READ_HEAD;
	conn_arm_timer(c, &srv->idle_timeout);
	return c;
}

/* Close now: the server is being freed. */
void
hs_conn_free(struct hs_conn *conn)
{
	conn_kill(conn);
}

/* The server is stopping: idle connections close at once, the others
 * after the response in flight (conn_after_response() checks). */
void
hs_conn_stop(struct hs_conn *conn)
{
	if (conn->state == CONN_READ_HEAD && !conn->head_started)
		conn_close(conn);
}

/* The next connection of the server's list. */
struct hs_conn *
hs_conn_next(const struct hs_conn *conn)
{
	return conn->next;
}

/* Put CONN at the front of the list *HEAD. */
void
hs_conn_link(struct hs_conn *conn, struct hs_conn *next,
    struct hs_conn **head)
{
	conn->prev = NULL;
	conn->next = next;
	if (next != NULL)
		next->prev = conn;
	*head = conn;
}

/* Take CONN out of the list *HEAD. */
void
hs_conn_unlink(struct hs_conn *conn, struct hs_conn **head)
{
	if (conn->prev != NULL)
		conn->prev->next = conn->next;
	else
		*head = conn->next;
	if (conn->next != NULL)
		conn->next->prev = conn->prev;
	conn->next = conn->prev = NULL;
}

/* Bytes queued for the client and not yet sent. */
size_t
hs_conn_output_length(struct hs_conn *conn)
{
	return evbuffer_get_length(bufferevent_get_output(conn->bev));
}

/* The socket's output buffer. */
struct evbuffer *
hs_conn_output(struct hs_conn *conn)
{
	return bufferevent_get_output(conn->bev);
}

/* Something a handler did needs the connection's attention: carry on
 * from the top of the loop (never from inside the handler's call). */
void
hs_conn_resume(struct hs_conn *conn)
{
	conn_schedule_resume(conn);
}

/* Call the request's drain hook at LOW_WATER bytes of output. */
void
hs_conn_watch_output(struct hs_conn *conn, size_t low_water)
{
	bufferevent_setwatermark(conn->bev, EV_WRITE, low_water, 0);
	/* If the output is already that low, no write will report it. */
	conn_schedule_resume(conn);
}
