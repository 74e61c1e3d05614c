/* SPDX-License-Identifier: MIT */
/*
 * conn.c - one client connection, driven by a bufferevent.
 *
 * The state machine (one enum, one setter, one dispatching switch):
 *
 *   NEW -> READ_HEAD --head--> READ_BODY --body--> RESPOND --done--> READ_HEAD
 *              |                   |                  |  \--output full--> DRAIN
 *              |                   |                  |                      |
 *              +--error / EOF------+-----close--------+--> CLOSING <---------+
 *                                                             | (output empty)
 *                                                             v
 *                                                  LINGER --EOF/timer--> freed
 *
 * NEW         accepted, not yet serving.
 * READ_HEAD   bytes accumulate in the input buffer until hs_parse_head()
 *             finds the end of a head (or an error, answered and closed).
 * READ_BODY   Content-Length or chunked body read into the request, or
 *             dropped, so the next request starts on the right byte.
 * RESPOND     the handlers run; a pending one (HS_PENDING) keeps us here,
 *             and a streamed body is delivered to it.
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
 *
 * The socket and the bufferevent.  The bufferevent holds the input and
 * output buffers and writes what cannot leave at once, with its write
 * timeout.  It costs about 1 KiB, so an idle connection holds none: it
 * borrows one from its set's spares (bufferevent_setfd()) when bytes
 * arrive, and gives it back once its response has left and nothing waits
 * (conn_give_back_bev()).  The connection owns the socket.  Two habits of
 * the bufferevent cost a system call per request, so the connection does
 * these itself:
 *   - reading: bufferevent_socket asks FIONREAD before every read(2).  Its
 *     read side stays disabled; our own read event receives straight into
 *     the bufferevent's input, at most CONN_READ_CHUNK bytes at a time and
 *     never past CONN_READ_HIGH.
 *   - writing: enabling EV_WRITE arms the write event whenever output is
 *     added, and disarms it once written: two epoll_ctl(2) a response.
 *     EV_WRITE stays disabled; when the outermost callback returns
 *     (conn_leave()) what was queued is written at once, and the write
 *     event is armed only for what the socket would not take.  Output
 *     added outside our callbacks (a CGI script's, a deferred finish)
 *     brings us back through the resume event, in the same loop turn.
 *   - the first read: a client sends its request as soon as it connects,
 *     and the listener hands a connection over only once it has sent
 *     (TCP_DEFER_ACCEPT, HS_ACCEPT_DEFER_SECONDS), so a new connection is
 *     not added to epoll; it reads once the loop has polled again
 *     (conns_fresh_cb()), and only when nothing has arrived is its read
 *     event added.  An exchange that ends in a close
 *     then never touches epoll.  When clients send only later, reading
 *     first costs more than it saves, and connections go to epoll at once
 *     (conns_read_first()).  Not at once after accept(): the poll in
 *     between lets the static cache's inotify watch, at a higher
 *     priority, see a change the client made before it connected.
 *
 * Over TLS (hs_server_set_tls()) the connection holds a TLS bufferevent
 * (tls.c) from accept to close, which reads, decrypts, encrypts and
 * writes for it: the read callback (conn_tls_read_cb()) stands for our
 * read event, the write event stays enabled, and libevent arms it only
 * while output waits.  No first read, no spare bufferevents.  File
 * ranges cannot go out by sendfile(): they wait in the connection's
 * spool (spool.h), read as the output drains, and bytes written after a
 * range wait behind it (transport_output()).  The handshake counts
 * against the head timeout from accept, and close_notify goes out before
 * our side is shut.
 *
 * The request body is the connection's business: it owns the framing and
 * the decoder, and reads the body into the request, away, or to the
 * handler's reader.  The exchange reaches the connection only through the
 * transport operations at the end of this file.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/conn.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "engine/dispatch.h"
#include "engine/invoke.h"
#include "engine/request.h"
#include "engine/response.h"
#include "engine/segment.h"
#include "engine/settings.h"
#include "engine/spool.h"
#include "engine/tls.h"
#include "engine/transport.h"
#include "http/body.h"
#include "http/hs_limits.h"
#include "http/out.h"

enum conn_state {
	CONN_NEW = 0,
	CONN_READ_HEAD,
	CONN_READ_BODY,
	CONN_RESPOND,
	CONN_DRAIN,
	CONN_CLOSING,
	CONN_LINGER,
	CONN_NSTATES
};

static const char *const conn_state_names[CONN_NSTATES] = {
	[CONN_NEW] = "NEW",
	[CONN_READ_HEAD] = "READ_HEAD",
	[CONN_READ_BODY] = "READ_BODY",
	[CONN_RESPOND] = "RESPOND",
	[CONN_DRAIN] = "DRAIN",
	[CONN_CLOSING] = "CLOSING",
	[CONN_LINGER] = "LINGER",
};

/* legal[from][to]: the transitions of the diagram above. */
static const unsigned char conn_legal[CONN_NSTATES][CONN_NSTATES] = {
	[CONN_NEW] = { [CONN_READ_HEAD] = 1 },
	[CONN_READ_HEAD] = { [CONN_READ_BODY] = 1, [CONN_RESPOND] = 1,
	    [CONN_CLOSING] = 1 },
	[CONN_READ_BODY] = { [CONN_RESPOND] = 1, [CONN_CLOSING] = 1 },
	[CONN_RESPOND] = { [CONN_READ_HEAD] = 1, [CONN_DRAIN] = 1,
	    [CONN_CLOSING] = 1 },
	[CONN_DRAIN] = { [CONN_READ_HEAD] = 1, [CONN_CLOSING] = 1 },
	[CONN_CLOSING] = { [CONN_LINGER] = 1 },
	[CONN_LINGER] = { [CONN_LINGER] = 0 },
};

/* The body of the current request, as the connection reads it; reset for
 * each request with one memset. */
/* The input's read high-water mark: one byte past the largest head is
 * enough to know a head is too large (431 or 414). */
#define CONN_READ_HIGH (HS_MAX_HEAD + 1)

/* At most this much is received at a time (libevent's own default). */
#define CONN_READ_CHUNK 16384

/* At most this much memory output leaves in one write(2) once the write
 * event is armed (libevent's default of 16 KiB would make a large listing
 * cost a system call per 16 KiB). */
#define CONN_WRITE_MAX (1024 * 1024)

/* How far the record of first reads goes either way, and how often one
 * is tried when they have stopped paying (conns_read_first()). */
#define CONN_FIRST_READS_MAX 8
#define CONN_FIRST_READ_PROBE 16

struct conn_body {
	struct hs_framing framing;
	unsigned long long left;	/* LENGTH framing: bytes to come */
	struct hs_chunked chunked;	/* CHUNKED framing: decoder */
	unsigned long long seen;	/* bytes of body read so far */
	int done;			/* the whole body has been read */
	hs_body_fn fn;			/* streaming: where chunks go */
	void *arg;
	int paused;
};

struct hs_conn {
	struct hs_conns *cs;
	struct bufferevent *bev;	/* NULL while idle (conn_take_bev()) */
	evutil_socket_t fd;
	struct event *reader;	/* the socket is readable (see the top) */
	struct event *timer;	/* idle, head deadline or linger */
	struct event *resume;	/* continue later, from the top of the loop */
	enum conn_state state;
	struct hs_request *req;	/* NULL while idle (hs_request_take()) */
	char host[INET6_ADDRSTRLEN];	/* the client's numeric address */
	int port;
	const struct hs_method *method;
	struct conn_body body;
	int peer_eof;		/* the client will send nothing more */
	int read_held;		/* reading stopped: a paused body fills
				 * the input (conn_hold_read()) */
	int reading;		/* the reader event is added */
	int quiet;		/* closing, the client has said all */
	int head_failed;	/* a malformed head or framing: answered,
				 * but who knows what follows */
	int write_armed;	/* EV_WRITE enabled: libevent writes */
	int head_started;	/* the head deadline runs */
	int depth;		/* our callbacks on the stack */
	int dead;		/* free at the end of the outermost one */
	int fresh;		/* on the set's fresh list */
	int tls;		/* BEV is a TLS bufferevent, owning FD */
	struct hs_spool spool;	/* TLS: what waits behind the output */
	TAILQ_ENTRY(hs_conn) entry;
	TAILQ_ENTRY(hs_conn) fresh_entry;
};

static const struct hs_transport_ops conn_transport;

static void conn_process(struct hs_conn *c);
static int conn_after_response(struct hs_conn *c);
static void conn_close(struct hs_conn *c);
static void conn_hold_read(struct hs_conn *c, int hold);
static void conn_flush(struct hs_conn *c);
static void conn_update_reading(struct hs_conn *c);
static void conn_on_eof(struct hs_conn *c);
static void conn_give_back_bev(struct hs_conn *c);
static void conn_write_cb(struct bufferevent *bev, void *arg);
static void conn_event_cb(struct bufferevent *bev, short what, void *arg);
static void conn_output_added(struct evbuffer *buf,
    const struct evbuffer_cb_info *info, void *arg);

/* Enter one of our libevent callbacks. */
static void
conn_enter(struct hs_conn *c)
{
	c->depth++;
}

/* Free C's events (those it has) and C. */
static void
conn_free_shell(struct hs_conn *c)
{
	if (c->reader != NULL)
		event_free(c->reader);
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->resume != NULL)
		event_free(c->resume);
	free(c);
}

/* Keep C's memory and events for the next connection, or free them. */
static void
conn_recycle(struct hs_conns *cs, struct hs_conn *c)
{
	if (cs->nspare_conns < HS_CONN_SPARE_CONNS) {
		event_del(c->reader);
		event_del(c->timer);
		event_del(c->resume);
		cs->spare_conns[cs->nspare_conns++] = c;
		return;
	}
	conn_free_shell(c);
}

/*
 * Free the connection and tell the owner; its request goes last, since a
 * pending one is handed over to its handler, whose abort hook may do
 * anything.
 */
static void
conn_destroy(struct hs_conn *c)
{
	struct hs_conns *cs = c->cs;
	struct hs_request *req = c->req;

	TAILQ_REMOVE(&cs->list, c, entry);
	if (c->fresh)
		TAILQ_REMOVE(&cs->fresh, c, fresh_entry);
	cs->count--;
	c->req = NULL;
	hs_spool_clear(&c->spool);
	if (c->bev != NULL)
		bufferevent_free(c->bev);	/* with what it still holds */
	if (!c->tls)
		evutil_closesocket(c->fd);	/* a TLS one closed it */
	conn_recycle(cs, c);
	if (cs->on_close != NULL)
		cs->on_close(cs->owner, cs->count);
	if (req != NULL)
		hs_request_abandon(req);
}

/* Leave a callback; the outermost one frees a connection marked dead. */
static void
conn_leave(struct hs_conn *c)
{
	if (c->depth == 1 && !c->dead)
		conn_flush(c);
	if (c->depth == 1 && !c->dead)
		conn_update_reading(c);
	if (c->depth == 1 && !c->dead)
		conn_give_back_bev(c);
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

/* A bufferevent for C's socket: a spare, or a new one set up once. */
static struct bufferevent *
conn_new_bev(struct hs_conns *cs)
{
	const struct hs_settings *set = cs->set;
	struct bufferevent *bev;

	if (cs->nspare > 0)
		return cs->spare[--cs->nspare];
	bev = bufferevent_socket_new(cs->base, -1, 0);
	if (bev == NULL)
		return NULL;
	/* Once for the bufferevent's life: the connection holding it is
	 * found through its callbacks' argument. */
	if (evbuffer_add_cb(bufferevent_get_output(bev), conn_output_added,
	    bev) == NULL) {
		bufferevent_free(bev);
		return NULL;
	}
	/* Only its write side runs (see the top). */
	bufferevent_disable(bev, EV_READ | EV_WRITE);
	bufferevent_set_max_single_write(bev, CONN_WRITE_MAX);
	if (set->write_timeout.tv_sec > 0 || set->write_timeout.tv_usec > 0)
		bufferevent_set_timeouts(bev, NULL, &set->write_timeout);
	return bev;
}

/* Give C a bufferevent for its socket; -1 when memory runs out. */
static int
conn_take_bev(struct hs_conn *c)
{
	struct bufferevent *bev = conn_new_bev(c->cs);

	if (bev == NULL)
		return -1;
	bufferevent_setfd(bev, c->fd);
	bufferevent_setcb(bev, NULL, conn_write_cb, conn_event_cb, c);
	bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
	c->bev = bev;
	return 0;
}

/* Idle, empty and quiet: C's bufferevent goes back to the spares. */
static void
conn_give_back_bev(struct hs_conn *c)
{
	struct hs_conns *cs = c->cs;
	struct bufferevent *bev = c->bev;

	if (bev == NULL || c->tls || c->req != NULL || c->write_armed ||
	    c->state != CONN_READ_HEAD ||
	    evbuffer_get_length(bufferevent_get_input(bev)) > 0 ||
	    evbuffer_get_length(bufferevent_get_output(bev)) > 0)
		return;
	c->bev = NULL;
	bufferevent_setcb(bev, NULL, NULL, NULL, NULL);
	bufferevent_setfd(bev, -1);
	if (cs->nspare < HS_CONN_SPARE_BEVS)
		cs->spare[cs->nspare++] = bev;
	else
		bufferevent_free(bev);
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

/* Report output falling to LOW bytes (conn_write_cb()).  Over TLS, also
 * whenever the output could take more of a spooled file. */
static void
conn_set_write_watermark(struct hs_conn *c, size_t low)
{
	if (c->tls && low < HS_TLS_FILE_CHUNK)
		low = HS_TLS_FILE_CHUNK;
	if (c->bev != NULL)
		bufferevent_setwatermark(c->bev, EV_WRITE, low, 0);
}

/* Move to state TO, which must be a legal successor, and set its timer and
 * output watermark. */
static void
conn_set_state(struct hs_conn *c, enum conn_state to)
{
	const struct hs_settings *set = c->cs->set;

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
		conn_arm_timer(c, &set->idle_timeout);
		conn_set_write_watermark(c, 0);
		break;
	case CONN_READ_BODY:
		conn_arm_timer(c, &set->idle_timeout);
		break;
	case CONN_DRAIN:
		conn_set_write_watermark(c, HS_PIPELINE_OUTPUT_MAX);
		conn_arm_timer(c, NULL);
		break;
	case CONN_LINGER: {
		static const struct timeval linger = { HS_LINGER_SECONDS, 0 };

		conn_arm_timer(c, &linger);
		break;
	}
	case CONN_RESPOND:
	case CONN_CLOSING:
		conn_set_write_watermark(c, 0);
		conn_arm_timer(c, NULL);
		break;
	case CONN_NEW:
	case CONN_NSTATES:
		abort();
	}
}

/* Bytes queued for the client and not yet sent. */
static size_t
conn_output_length(const struct hs_conn *c)
{
	size_t spooled = (size_t)hs_spool_length(&c->spool);

	if (c->bev == NULL)
		return 0;
	return evbuffer_get_length(bufferevent_get_output(c->bev)) + spooled;
}

/* Bytes received and not yet consumed. */
static size_t
conn_input_length(const struct hs_conn *c)
{
	if (c->bev == NULL)
		return 0;
	return evbuffer_get_length(bufferevent_get_input(c->bev));
}

/* Drop everything the client sent (lingering, or after an error). */
static void
conn_discard_input(struct hs_conn *c)
{
	if (c->bev != NULL)
		evbuffer_drain(bufferevent_get_input(c->bev),
		    conn_input_length(c));
}

/*
 * Our last byte has left: shut our side and linger for the client's EOF,
 * unless the client has nothing more to say (a request read whole, no
 * byte after it): then close at once, as nginx's lingering_close heuristic
 * does, which spares a shutdown and a read per connection.
 */
static void
conn_shutdown_write(struct hs_conn *c)
{
	if (c->tls)
		hs_tls_close_notify(c->bev);
	if (c->peer_eof || (c->quiet && conn_input_length(c) == 0)) {
		conn_kill(c);
		return;
	}
	shutdown(c->fd, SHUT_WR);
	conn_set_state(c, CONN_LINGER);
	conn_discard_input(c);
}

/* Close once the output queued so far has left. */
static void
conn_close(struct hs_conn *c)
{
	if (c->state == CONN_CLOSING || c->state == CONN_LINGER)
		return;
	conn_set_state(c, CONN_CLOSING);
	if (conn_output_length(c) == 0)
		conn_shutdown_write(c);
}

/* Ask for conn_resume_cb() at the top of the next loop pass. */
static void
conn_schedule_resume(struct hs_conn *c)
{
	event_active(c->resume, EV_TIMEOUT, 1);
}

/* Call the handlers of the request whose head (and body) are in. */
static int
conn_dispatch(struct hs_conn *c)
{
	enum hs_handler_result r;

	conn_set_state(c, CONN_RESPOND);
	r = hs_invoke(c->req, c->method);
	if (c->dead || r == HS_PENDING)
		return 0;
	return conn_after_response(c);
}

/* The request was answered without its handler (an error, a refusal).
 * A body it may have had is left unread: conn_after_response() closes. */
static int
conn_answered_early(struct hs_conn *c)
{
	hs_response_complete(c->req);
	if (c->state == CONN_READ_HEAD || c->state == CONN_READ_BODY)
		conn_set_state(c, CONN_RESPOND);
	return conn_after_response(c);
}

/*
 * Prepare to read the body the framing announced.  Buffered and discarded
 * bodies are read before the handler runs; a streamed one while it runs.
 */
static int
conn_start_body(struct hs_conn *c)
{
	if (c->method->body_mode == HS_BODY_STREAM)
		return conn_dispatch(c);
	if (c->body.framing.kind == HS_FRAMING_NONE) {
		c->body.done = 1;
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
	const struct hs_framing *fr = &c->body.framing;

	if (hs_body_framing(&req->head, req->head_bytes.data,
	    &c->body.framing) != 0) {
		c->head_failed = 1;	/* framing unknown: close */
		hs_request_set_close_connection(req, 1);
		hs_send_error(req, fr->status, fr->message, NULL);
		return conn_answered_early(c);
	}
	/* From here on an unread body is known as such, whoever answers. */
	if (fr->kind == HS_FRAMING_LENGTH)
		c->body.left = fr->length;
	else if (fr->kind == HS_FRAMING_CHUNKED)
		hs_chunked_init(&c->body.chunked);
	c->method = hs_methods_find(c->cs->methods, hs_request_command(req),
	    strlen(hs_request_command(req)));
	if (c->method == NULL) {
		hs_request_fail_repr(req, 501, "Unsupported method",
		    hs_request_command(req));
		return conn_answered_early(c);
	}
	if (fr->kind == HS_FRAMING_LENGTH &&
	    fr->length > c->cs->set->max_body &&
	    c->method->body_mode != HS_BODY_STREAM) {
		hs_send_error(req, 413, NULL, NULL);
		return conn_answered_early(c);
	}
	if (hs_request_expect(req) != 0)
		return conn_answered_early(c);
	return conn_start_body(c);
}

/* READ_HEAD: parse what has arrived; 1 when the state moved on. */
static int
conn_read_head(struct hs_conn *c)
{
	struct evbuffer *in;
	struct hs_request *req = c->req;
	size_t avail = conn_input_length(c), take;
	enum hs_parse_status st;
	const char *buf;

	if (avail == 0) {
		if (c->peer_eof)
			conn_close(c);
		return 0;
	}
	if (req == NULL) {
		req = c->req = hs_request_take(&conn_transport, c, c->cs->loop,
		    c->cs->set, c->cs->methods, c->host, c->port);
		if (req == NULL) {
			conn_kill(c);	/* no memory */
			return 0;
		}
	}
	if (!c->head_started) {
		c->head_started = 1;
		conn_arm_timer(c, &c->cs->set->head_timeout);
	}
	/* One byte past the limit is enough to know a head is too large. */
	in = bufferevent_get_input(c->bev);
	take = avail < CONN_READ_HIGH ? avail : CONN_READ_HIGH;
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
		c->head_failed = 1;
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
	BODY_BAD,	/* malformed chunked framing */
	BODY_STOP	/* the sink takes no more for now */
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
	struct conn_body *b = &c->body;
	struct evbuffer_iovec v;
	size_t used, off, n;
	enum hs_chunked_status st;

	for (;;) {
		if (b->framing.kind != HS_FRAMING_CHUNKED && b->left == 0)
			return BODY_END;
		if (evbuffer_peek(in, -1, NULL, &v, 1) < 1 || v.iov_len == 0)
			return BODY_MORE;
		if (b->framing.kind != HS_FRAMING_CHUNKED) {
			n = v.iov_len;
			if ((unsigned long long)n > b->left)
				n = (size_t)b->left;
			*data = v.iov_base;
			*len = n;
			return BODY_DATA;
		}
		st = hs_chunked_parse(&b->chunked, v.iov_base, v.iov_len,
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
	evbuffer_drain(bufferevent_get_input(c->bev), n);
	if (c->body.framing.kind != HS_FRAMING_CHUNKED)
		c->body.left -= n;
	c->body.seen += n;
}

/*
 * Where body bytes go.  READY says whether it takes more now; TAKE is
 * given each run before the run leaves the input, and refuses it (the
 * run stays) by returning nonzero.
 */
struct body_sink {
	int (*ready)(const struct hs_conn *c);
	int (*take)(struct hs_conn *c, const char *data, size_t len);
};

/*
 * Move body bytes from the input to SINK until the body ends, the input
 * runs out, the framing breaks, or the sink stops: BODY_STOP when it is
 * not ready, or refused a run (*REFUSAL then holds what TAKE returned).
 */
static enum body_step
conn_pump_body(struct hs_conn *c, const struct body_sink *sink,
    int *refusal)
{
	enum body_step step;
	const char *data;
	size_t len;

	*refusal = 0;
	for (;;) {
		if (!sink->ready(c))
			return BODY_STOP;
		step = conn_body_next(c, &data, &len);
		if (step != BODY_DATA)
			break;
		if ((*refusal = sink->take(c, data, len)) != 0)
			return BODY_STOP;
		conn_body_consume(c, len);
	}
	if (step == BODY_END)
		c->body.done = 1;
	return step;
}

/* Are bytes of the request body still unread in (or on the way to) the
 * input?  Then the next request cannot be found: the connection closes. */
static int
conn_body_unread(const struct hs_conn *c)
{
	if (c->body.framing.kind == HS_FRAMING_LENGTH)
		return c->body.left > 0;
	if (c->body.framing.kind == HS_FRAMING_CHUNKED)
		return !c->body.done;
	return 0;
}

/* The body arrives too slowly or not at all: wait at most the idle
 * timeout for more, unless the client has said it sends nothing more. */
static void
conn_body_wait(struct hs_conn *c)
{
	if (c->peer_eof)
		conn_kill(c);	/* it can never be complete */
	else
		conn_arm_timer(c, &c->cs->set->idle_timeout);
}

/* READ_BODY's sink is always ready. */
static int
sink_request_ready(const struct hs_conn *c)
{
	(void)c;
	return 1;
}

/* READ_BODY: the body goes into the request (buffer mode) or away
 * (discard mode), within the server's limit: 413 beyond it, -1 when
 * memory runs out. */
static int
sink_request_take(struct hs_conn *c, const char *data, size_t len)
{
	if (c->body.seen + len > c->cs->set->max_body)
		return 413;
	if (c->method->body_mode == HS_BODY_BUFFER &&
	    hs_request_append_body(c->req, data, len) != 0)
		return -1;
	return 0;
}

static const struct body_sink sink_request = {
	sink_request_ready, sink_request_take
};

/* READ_BODY: read the body into the request (or away), then dispatch;
 * returns 1 when the state moved on. */
static int
conn_read_body(struct hs_conn *c)
{
	int refusal;

	switch (conn_pump_body(c, &sink_request, &refusal)) {
	case BODY_STOP:
		if (refusal < 0) {
			conn_kill(c);	/* no memory to answer with */
			return 0;
		}
		hs_send_error(c->req, refusal, NULL, NULL);
		return conn_answered_early(c);
	case BODY_END:
		return conn_dispatch(c);
	case BODY_BAD:
		hs_send_error(c->req, 400, "Bad chunked encoding", NULL);
		return conn_answered_early(c);
	case BODY_MORE:
	case BODY_DATA:
		break;
	}
	conn_body_wait(c);
	return 0;
}

/* RESPOND's sink: the handler's reader, while it reads, has not paused
 * and has not finished its response. */
static int
sink_reader_ready(const struct hs_conn *c)
{
	return c->body.fn != NULL && !c->body.paused && !c->body.done &&
	    !c->dead && !hs_request_is_finished(c->req);
}

static int
sink_reader_take(struct hs_conn *c, const char *data, size_t len)
{
	c->body.fn(c->req, data, len, c->body.arg);
	return 0;
}

static const struct body_sink sink_reader = {
	sink_reader_ready, sink_reader_take
};

/* RESPOND's other sink: a body left to stream in when a redispatch took
 * the request from the handler reading it (the request has no body any
 * more, see hs_request_redispatch()).  It is read and dropped, so the
 * client can finish sending and read its answer. */
static int
sink_dropped_ready(const struct hs_conn *c)
{
	return c->body.fn == NULL && !c->body.done && !c->dead &&
	    hs_request_body_mode(c->req) == HS_BODY_DISCARD &&
	    !hs_request_is_finished(c->req);
}

static int
sink_dropped_take(struct hs_conn *c, const char *data, size_t len)
{
	(void)c;
	(void)data;
	(void)len;
	return 0;
}

static const struct body_sink sink_dropped = {
	sink_dropped_ready, sink_dropped_take
};

/*
 * RESPOND with a streamed body: hand what has arrived to the handler's
 * reader, until it pauses, finishes or the body ends (told by a last
 * call with no bytes).  A client that breaks the framing or leaves
 * mid-body aborts the request (the handler hears of it through its abort
 * hook).
 */
static void
conn_stream_body(struct hs_conn *c)
{
	const struct body_sink *sink = c->body.fn != NULL ? &sink_reader :
	    &sink_dropped;
	int refusal;

	switch (conn_pump_body(c, sink, &refusal)) {
	case BODY_END:
		conn_arm_timer(c, NULL);
		if (c->body.fn != NULL)
			c->body.fn(c->req, "", 0, c->body.arg);
		break;
	case BODY_BAD:
		conn_kill(c);
		break;
	case BODY_MORE:
		conn_body_wait(c);	/* the body must keep coming */
		break;
	case BODY_STOP:
	case BODY_DATA:
		break;
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
	struct evbuffer *in = bufferevent_get_input(c->bev);
	int unread = conn_body_unread(c) || c->head_failed;
	int close_after = hs_request_close_connection(c->req) ||
	    c->cs->stopping || unread;

	c->quiet = !unread;
	c->head_failed = 0;
	if (evbuffer_get_length(in) == 0) {
		hs_request_give_back(c->req);	/* idle: hold none */
		c->req = NULL;
	} else {
		hs_request_reset(c->req);	/* the next is here */
	}
	memset(&c->body, 0, sizeof(c->body));
	conn_hold_read(c, 0);
	if (close_after || (c->peer_eof && evbuffer_get_length(in) == 0)) {
		conn_close(c);
		return 0;
	}
	if (conn_output_length(c) > HS_PIPELINE_OUTPUT_MAX) {
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
		case CONN_NEW:
		default:
			fprintf(stderr, "httpserve: illegal connection state "
			    "%d\n", (int)c->state);
			abort();
		}
	}
}

/*
 * Stop or restart reading the socket for a handler that paused its body:
 * the input then holds at most CONN_READ_HIGH bytes, and the loop does not
 * spin on a socket whose bytes nobody takes.
 */
static void
conn_hold_read(struct hs_conn *c, int hold)
{
	c->read_held = hold;
	/* Inside our callbacks conn_leave() does it, after the write: a
	 * connection about to close is never added to epoll for nothing. */
	if (c->depth == 0)
		conn_update_reading(c);
}

/* Read the socket from here on?  A TLS bufferevent reads for us, and
 * stops by itself at its read high-water mark (CONN_READ_HIGH). */
static void
conn_update_reading(struct hs_conn *c)
{
	size_t in = conn_input_length(c);
	int want = !c->peer_eof && !c->read_held &&
	    (c->tls || in < CONN_READ_HIGH);

	if (want == c->reading)
		return;
	if (c->tls) {
		if ((want ? bufferevent_enable(c->bev, EV_READ) :
		    bufferevent_disable(c->bev, EV_READ)) != 0) {
			conn_kill(c);
			return;
		}
	} else if (want && event_add(c->reader, NULL) != 0) {
		conn_kill(c);
		return;
	} else if (!want) {
		event_del(c->reader);
	}
	c->reading = want;
}

/* Receive at most ROOM bytes from C's socket into IN, whose end is
 * unfrozen (conn_receive()). */
static ssize_t
conn_receive_into(struct hs_conn *c, struct evbuffer *in, size_t room)
{
	struct evbuffer_iovec vec[2];
	struct iovec iov[2];
	struct msghdr msg;
	ssize_t n;
	int nvec, i;

	nvec = evbuffer_reserve_space(in, (ev_ssize_t)room, vec, 2);
	if (nvec < 1) {
		errno = ENOMEM;
		return -1;
	}
	if (vec[0].iov_len >= room)
		nvec = 1;
	for (i = 0; i < nvec; i++) {
		iov[i].iov_base = vec[i].iov_base;
		iov[i].iov_len = vec[i].iov_len;
	}
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)nvec;
	n = recvmsg(c->fd, &msg, 0);
	if (n <= 0)
		return n;
	if ((size_t)n <= vec[0].iov_len) {
		vec[0].iov_len = (size_t)n;
		nvec = 1;
	} else {
		vec[1].iov_len = (size_t)n - vec[0].iov_len;
	}
	if (evbuffer_commit_space(in, vec, nvec) != 0) {
		errno = ENOMEM;
		return -1;
	}
	return n;
}

/*
 * Receive what the socket holds into the input, never past
 * CONN_READ_HIGH: the byte count, 0 at the client's EOF, -1 on an error
 * (EAGAIN included, errno says).  The bufferevent keeps its input's end
 * frozen against its users; it is unfrozen for the time of the read, as
 * the bufferevent's own read callback does.
 */
static ssize_t
conn_receive(struct hs_conn *c)
{
	struct evbuffer *in;
	size_t room;
	ssize_t n;
	int saved;

	if (c->bev == NULL && conn_take_bev(c) != 0) {
		errno = ENOMEM;
		return -1;
	}
	in = bufferevent_get_input(c->bev);
	room = CONN_READ_HIGH - evbuffer_get_length(in);
	if (room > CONN_READ_CHUNK)
		room = CONN_READ_CHUNK;
	evbuffer_unfreeze(in, 0);
	n = conn_receive_into(c, in, room);
	saved = errno;
	evbuffer_freeze(in, 0);
	errno = saved;
	return n;
}

/* Read what the socket holds and act on it: from our read event, or the
 * first read of a new connection.  Was there anything (bytes, an EOF or
 * an error)? */
static int
conn_read_now(struct hs_conn *c)
{
	int found = 1;
	ssize_t n;

	conn_enter(c);
	n = conn_receive(c);
	if (n > 0) {
		conn_process(c);
		if (!c->dead && c->state == CONN_RESPOND && c->body.paused &&
		    evbuffer_get_length(bufferevent_get_input(c->bev)) >=
		    CONN_READ_HIGH)
			conn_hold_read(c, 1);
	} else if (n == 0) {
		conn_on_eof(c);
	} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		conn_kill(c);	/* reset, or no memory */
	} else {
		found = 0;
	}
	conn_leave(c);
	return found;
}

/* A TLS bufferevent has read (and decrypted) bytes into the input. */
static void
conn_tls_read_cb(struct bufferevent *bev, void *arg)
{
	struct hs_conn *c = arg;

	conn_enter(c);
	conn_process(c);
	if (!c->dead && c->state == CONN_RESPOND && c->body.paused &&
	    evbuffer_get_length(bufferevent_get_input(bev)) >=
	    CONN_READ_HIGH)
		conn_hold_read(c, 1);
	conn_leave(c);
}

/* Our read event: the socket has bytes, an EOF or an error. */
static void
conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)conn_read_now(arg);
}

/* What OUT bytes left in the output mean to the state we are in. */
static void
conn_output_progress(struct hs_conn *c, size_t out)
{
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
		hs_request_output_drained(c->req, out);
		break;
	default:
		break;
	}
}

/* Let libevent write the rest when the socket can take it. */
static void
conn_arm_write(struct hs_conn *c)
{
	if (c->write_armed)
		return;
	c->write_armed = 1;
	bufferevent_enable(c->bev, EV_WRITE);
}

/* One write of OUT to the socket, its start unfrozen for the time of it
 * as libevent's own write callback does. */
static int
conn_write_now(struct hs_conn *c, struct evbuffer *out)
{
	int n, saved;

	evbuffer_unfreeze(out, 1);
	n = evbuffer_write(out, c->fd);
	saved = errno;
	evbuffer_freeze(out, 1);
	errno = saved;
	return n;
}

/* TLS: bring spooled bytes into the output while it is low (spool.h);
 * a file that can no longer be read breaks the response. */
static void
conn_tls_refill(struct hs_conn *c)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	if (hs_spool_empty(&c->spool) ||
	    evbuffer_get_length(out) >= HS_TLS_FILE_CHUNK)
		return;
	if (hs_spool_refill(&c->spool, out, HS_TLS_FILE_CHUNK) != 0)
		conn_kill(c);
}

/*
 * Write what is queued, now, unless libevent already waits to (see the
 * top of the file); then act on what left, which may queue more (the next
 * pipelined response), a bounded number of times.
 */
static void
conn_flush(struct hs_conn *c)
{
	struct evbuffer *out;
	size_t before, after;
	int rounds;

	if (c->bev == NULL)
		return;
	if (c->tls) {
		conn_tls_refill(c);	/* libevent writes */
		return;
	}
	out = bufferevent_get_output(c->bev);
	for (rounds = 0; rounds <= HS_PIPELINE_BURST; rounds++) {
		before = evbuffer_get_length(out);
		if (before == 0 || c->write_armed || c->dead)
			return;
		if (conn_write_now(c, out) < 0 && errno != EAGAIN &&
		    errno != EWOULDBLOCK && errno != EINTR) {
			conn_kill(c);	/* reset, or our file shrank */
			return;
		}
		after = evbuffer_get_length(out);
		if (after == before) {
			conn_arm_write(c);
			return;
		}
		conn_output_progress(c, after);
		if (after > 0 && !c->dead) {
			conn_arm_write(c);
			return;
		}
	}
	/* A producer that keeps refilling: the rest goes when libevent
	 * next finds the socket writable, after the other clients' turn. */
	if (!c->dead && evbuffer_get_length(out) > 0)
		conn_arm_write(c);
}

/* libevent wrote: output fell to the write low-water mark. */
static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct hs_conn *c = arg;
	size_t out = evbuffer_get_length(bufferevent_get_output(bev));

	conn_enter(c);
	if (c->tls) {
		/* Its write event stays enabled: libevent arms it only
		 * while output waits. */
		conn_tls_refill(c);
		if (!c->dead)
			conn_output_progress(c, conn_output_length(c));
		conn_leave(c);
		return;
	}
	if (out == 0) {
		/* Empty: added output is ours to write again. */
		c->write_armed = 0;
		bufferevent_disable(bev, EV_WRITE);
	}
	conn_output_progress(c, out);
	conn_leave(c);
}

/* Output added outside our callbacks (a script's, a timer's): write it
 * from the resume event, later in this same loop turn. */
static void
conn_output_added(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	void *holder;
	struct hs_conn *c;

	(void)buf;
	if (info->n_added == 0)
		return;
	bufferevent_getcb(arg, NULL, NULL, NULL, &holder);
	c = holder;	/* NULL: a spare */
	if (c != NULL && c->depth == 0 && !c->write_armed)
		conn_schedule_resume(c);
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

/*
 * A client spoke plain HTTP to the TLS port: tell it so in plain HTTP, as
 * nginx does, before the connection is dropped (best effort, in one
 * send: nothing of the TLS session is left to protect).
 */
static void
conn_refuse_plain_http(struct hs_conn *c)
{
	static const char answer[] =
	    "HTTP/1.0 400 Bad Request\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 55\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "This port speaks HTTPS: the request was in plain HTTP.\n";

	(void)send(c->fd, answer, sizeof(answer) - 1,
	    MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* libevent: EOF, an error, or the write timeout. */
static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct hs_conn *c = arg;

	conn_enter(c);
	if (c->tls && (what & BEV_EVENT_ERROR) && hs_tls_plain_http(bev))
		conn_refuse_plain_http(c);
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
		if (c->body.fn != NULL && !c->body.done && !c->body.paused)
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

	(void)fd;
	(void)what;
	conn_enter(c);
	if (c->state == CONN_RESPOND && hs_request_is_finished(c->req)) {
		if (conn_after_response(c))
			conn_process(c);
	} else if (c->state == CONN_RESPOND) {
		hs_request_output_drained(c->req, conn_output_length(c));
		if (!c->dead && c->state == CONN_RESPOND)
			conn_process(c);
	} else if (c->state == CONN_READ_HEAD) {
		conn_process(c);
	}
	conn_leave(c);
}

/* The numeric address and port of SA, into HOST (SIZE bytes) and *PORT;
 * "" and 0 for an address that is neither IPv4 nor IPv6. */
static void
conn_peer_name(const struct sockaddr *sa, char *host, size_t size, int *port)
{
	host[0] = '\0';
	*port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		const unsigned char *b = (const void *)&in->sin_addr;
		struct hs_out o;

		/* inet_ntop() prints IPv4 with sprintf(): once an accept. */
		hs_out_init(&o, host, size);
		hs_out_uint(&o, b[0]);
		hs_out_byte(&o, '.');
		hs_out_uint(&o, b[1]);
		hs_out_byte(&o, '.');
		hs_out_uint(&o, b[2]);
		hs_out_byte(&o, '.');
		hs_out_uint(&o, b[3]);
		(void)hs_out_finish(&o);
		*port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, (socklen_t)size);
		*port = ntohs(in6->sin6_port);
	}
}

/* Free what a connection that could not be set up holds. */
static void
conn_free_parts(struct hs_conn *c)
{
	if (c->req != NULL)
		hs_request_free(c->req);
	evutil_closesocket(c->fd);
	conn_free_shell(c);
}

void
hs_conns_init(struct hs_conns *cs, struct hs_loop *loop,
    const struct hs_settings *set, const struct hs_methods *methods,
    hs_conn_close_fn on_close, void *owner)
{
	memset(cs, 0, sizeof(*cs));
	TAILQ_INIT(&cs->list);
	TAILQ_INIT(&cs->fresh);
	cs->loop = loop;
	cs->base = hs_loop_base(loop);
	cs->set = set;
	cs->methods = methods;
	cs->on_close = on_close;
	cs->owner = owner;
}

/* The loop has polled since these connections were accepted: read each
 * once, as its read event would (conn.c's top says why). */
static void
conns_fresh_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hs_conns *cs = arg;
	struct hs_conn *c;

	(void)fd;
	(void)what;
	while ((c = TAILQ_FIRST(&cs->fresh)) != NULL) {
		TAILQ_REMOVE(&cs->fresh, c, fresh_entry);
		c->fresh = 0;
		if (conn_read_now(c))
			cs->first_reads = cs->first_reads < CONN_FIRST_READS_MAX ?
			    cs->first_reads + 1 : CONN_FIRST_READS_MAX;
		else
			cs->first_reads = cs->first_reads > -CONN_FIRST_READS_MAX ?
			    cs->first_reads - 1 : -CONN_FIRST_READS_MAX;
	}
}

/*
 * Does a first read after the next poll pay for a new connection?  Only
 * when clients send before we look: a read that finds nothing costs a
 * recvmsg(2) and a poll more than adding the connection to epoll at once.
 * FIRST_READS counts up for each first read that found the request and
 * down for each that found nothing; below zero, connections go to epoll
 * at once, and one in CONN_FIRST_READ_PROBE still reads first, so that
 * the count can climb back when the clients change.
 */
static int
conns_read_first(struct hs_conns *cs)
{
	if (cs->first_reads >= 0)
		return 1;
	return ++cs->first_read_probe % CONN_FIRST_READ_PROBE == 0;
}

/* Read C once the loop has polled again (a zero timeout runs after the
 * poll); -1 when the set's timer cannot be had. */
static int
conns_add_fresh(struct hs_conns *cs, struct hs_conn *c)
{
	static const struct timeval now = { 0, 0 };

	if (cs->fresh_timer == NULL) {
		cs->fresh_timer = evtimer_new(cs->base, conns_fresh_cb, cs);
		if (cs->fresh_timer == NULL)
			return -1;
	}
	if (!evtimer_pending(cs->fresh_timer, NULL) &&
	    evtimer_add(cs->fresh_timer, &now) != 0)
		return -1;
	TAILQ_INSERT_TAIL(&cs->fresh, c, fresh_entry);
	c->fresh = 1;
	return 0;
}

/* A spare connection C, as new, for the socket FD: its events stay,
 * the reader bound to FD. */
static struct hs_conn *
conn_reuse(struct hs_conns *cs, struct hs_conn *c, evutil_socket_t fd)
{
	struct event *reader = c->reader, *timer = c->timer;
	struct event *resume = c->resume;

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->reader = reader;
	c->timer = timer;
	c->resume = resume;
	/* Not pending (conn_recycle() deleted it): it may be assigned, and
	 * with arguments that were good once it cannot fail. */
	(void)event_assign(reader, cs->base, fd, EV_READ | EV_PERSIST,
	    conn_read_cb, c);
	return c;
}

/*
 * Give C, new, its TLS bufferevent, which does all its reading and
 * writing.  The handshake counts against the head timeout, from now.
 */
static int
conn_start_tls(struct hs_conn *c)
{
	const struct hs_settings *set = c->cs->set;
	struct bufferevent *bev;

	bev = hs_tls_accept(set->tls, c->cs->base, c->fd);
	if (bev == NULL)
		return -1;
	c->bev = bev;
	c->tls = 1;
	bufferevent_setcb(bev, conn_tls_read_cb, conn_write_cb, conn_event_cb,
	    c);
	bufferevent_set_max_single_write(bev, CONN_WRITE_MAX);
	bufferevent_setwatermark(bev, EV_READ, 0, CONN_READ_HIGH);
	conn_set_write_watermark(c, 0);
	if (set->write_timeout.tv_sec > 0 || set->write_timeout.tv_usec > 0)
		bufferevent_set_timeouts(bev, NULL, &set->write_timeout);
	/* Without a head timeout the idle one, already armed, stays. */
	if (set->head_timeout.tv_sec > 0 || set->head_timeout.tv_usec > 0) {
		c->head_started = 1;
		conn_arm_timer(c, &set->head_timeout);
	}
	return bufferevent_enable(bev, EV_WRITE);
}

/* Start serving an accepted socket; see conn.h. */
struct hs_conn *
hs_conn_new(struct hs_conns *cs, evutil_socket_t fd,
    const struct sockaddr *sa)
{
	struct hs_conn *c;

	if (cs->nspare_conns > 0) {
		c = conn_reuse(cs, cs->spare_conns[--cs->nspare_conns], fd);
	} else if ((c = calloc(1, sizeof(*c))) != NULL) {
		c->fd = fd;
		c->reader = event_new(cs->base, fd, EV_READ | EV_PERSIST,
		    conn_read_cb, c);
		c->timer = evtimer_new(cs->base, conn_timer_cb, c);
		c->resume = event_new(cs->base, -1, 0, conn_resume_cb, c);
		if (c->reader == NULL || c->timer == NULL ||
		    c->resume == NULL) {
			conn_free_parts(c);
			return NULL;
		}
	}
	if (c == NULL) {
		evutil_closesocket(fd);
		return NULL;
	}
	c->cs = cs;
	hs_spool_init(&c->spool);
	conn_peer_name(sa, c->host, sizeof(c->host), &c->port);
	TAILQ_INSERT_HEAD(&cs->list, c, entry);
	cs->count++;
	conn_set_state(c, CONN_READ_HEAD);
	if (cs->set->tls != NULL && conn_start_tls(c) != 0) {
		conn_destroy(c);	/* no memory */
		return NULL;
	}
	if (cs->set->tls == NULL && conns_read_first(cs) &&
	    conns_add_fresh(cs, c) == 0)
		return c;
	conn_update_reading(c);
	if (c->dead) {
		conn_destroy(c);
		return NULL;
	}
	return c;
}

/* The set is stopping: idle connections close at once, the others after
 * the response in flight (conn_after_response() checks). */
void
hs_conns_stop(struct hs_conns *cs)
{
	struct hs_conn *c, *next;

	cs->stopping = 1;
	for (c = TAILQ_FIRST(&cs->list); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->state == CONN_READ_HEAD && !c->head_started)
			conn_close(c);
	}
}

void
hs_conns_close_all(struct hs_conns *cs)
{
	struct hs_conn *c;

	while ((c = TAILQ_FIRST(&cs->list)) != NULL)
		conn_kill(c);
	while (cs->nspare > 0)
		bufferevent_free(cs->spare[--cs->nspare]);
	while (cs->nspare_conns > 0)
		conn_free_shell(cs->spare_conns[--cs->nspare_conns]);
	if (cs->fresh_timer != NULL) {
		event_free(cs->fresh_timer);
		cs->fresh_timer = NULL;
	}
}

/* --- the transport the exchange sees ---------------------------------- */

/* Over TLS, bytes written behind a spooled file range wait behind it
 * (its tail buffer is made with the range, so this cannot fail). */
static struct evbuffer *
transport_output(void *io)
{
	struct hs_conn *c = io;

	return hs_spool_tail(&c->spool, bufferevent_get_output(c->bev));
}

static int
transport_add_file(void *io, int fd, off_t offset, off_t length)
{
	struct hs_conn *c = io;

	if (!c->tls)
		return hs_segment_add(bufferevent_get_output(c->bev), fd,
		    offset, length);
	if (hs_spool_add_file(&c->spool, fd, offset, length) != 0)
		return -1;
	/* From inside our callbacks conn_leave() starts the reading. */
	if (c->depth == 0)
		conn_schedule_resume(c);
	return 0;
}

static size_t
transport_output_length(void *io)
{
	return conn_output_length(io);
}

/* Something a handler did needs the connection's attention: carry on
 * from the top of the loop (never from inside the handler's call). */
static void
transport_resume(void *io)
{
	conn_schedule_resume(io);
}

/* Call the request's drain hook at LOW_WATER bytes of output. */
static void
transport_watch_output(void *io, size_t low_water)
{
	struct hs_conn *c = io;

	conn_set_write_watermark(c, low_water);
	/* If the output is already that low, no write will report it. */
	conn_schedule_resume(c);
}

/* Deliver the body to FN (NULL: stop); delivery starts from the loop. */
static int
transport_body_reader(void *io, hs_body_fn fn, void *arg)
{
	struct hs_conn *c = io;

	if (fn != NULL && c->body.fn != NULL) {
		errno = EINVAL;
		return -1;
	}
	c->body.fn = fn;
	c->body.arg = arg;
	if (fn != NULL)
		conn_schedule_resume(c);
	return 0;
}

static void
transport_pause_body(void *io, int paused)
{
	struct hs_conn *c = io;

	c->body.paused = paused != 0;
	if (!paused) {
		conn_hold_read(c, 0);
		conn_schedule_resume(c);
	}
}

static int
transport_body_unread(void *io)
{
	return conn_body_unread(io);
}

static const struct hs_transport_ops conn_transport = {
	.output = transport_output,
	.add_file = transport_add_file,
	.output_length = transport_output_length,
	.resume = transport_resume,
	.watch_output = transport_watch_output,
	.body_reader = transport_body_reader,
	.pause_body = transport_pause_body,
	.body_unread = transport_body_unread,
};
