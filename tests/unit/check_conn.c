/* SPDX-License-Identifier: MIT */
/*
 * check_conn.c - the connection over a socketpair() with an event loop of
 * its own, driven step by step (libevent's regress fixture): pipelining in
 * order, keep-alive and close, bodies read, discarded and streamed, parse
 * errors answered and closed, the lingering close, timeouts, stopping, and
 * a client leaving while its request is pending.  No sleeping: the loop
 * runs until a condition holds, within a deadline.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "engine/conn.h"
#include "engine/dispatch.h"
#include "engine/loop.h"
#include "engine/settings.h"
#include "http/hs_limits.h"
#include "httpserve.h"
#include "runner.h"

/* The longest any condition may take to come true. */
#define DEADLINE_MS 10000

/* The server side: a loop, its settings and handlers, one connection. */
static struct event_base *base;
static struct event *tick;
static struct hs_settings set;
static struct hs_loop loop;
static struct hs_methods methods;
static struct hs_conns conns;
static int closes;		/* on_close calls */
static size_t open_after_close;	/* what the last one said */

/* The client side: our end of the socketpair, and what it has read. */
static int client = -1;
static char got[1 << 20];
static size_t got_len;
static int got_eof;

/* What handlers saw. */
static char seen_body[256];
static struct hs_request *held;	/* a pending request */
static int aborts;
static int chunks;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
on_close(void *owner, size_t open)
{
	ck_assert_ptr_eq(owner, &conns);
	closes++;
	open_after_close = open;
}

/* Wakes the loop now and then, so EVLOOP_ONCE returns even when nothing
 * else happens and the deadline can be checked. */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
}

/* Read what the server sent so far. */
static void
client_read(void)
{
	for (;;) {
		ssize_t n;

		ck_assert_uint_lt(got_len, sizeof(got) - 1);
		n = recv(client, got + got_len, sizeof(got) - 1 - got_len,
		    MSG_DONTWAIT);
		if (n > 0) {
			got_len += (size_t)n;
			got[got_len] = '\0';
		} else if (n == 0) {
			got_eof = 1;
			return;
		} else {
			ck_assert(errno == EAGAIN || errno == EWOULDBLOCK);
			return;
		}
	}
}

/* Run the loop a pass at a time until COND() holds; fail after the
 * deadline. */
static void
run_until(int (*cond)(void), const char *what)
{
	long long end = now_ms() + DEADLINE_MS;

	client_read();
	while (!cond()) {
		ck_assert_msg(now_ms() < end, "waited in vain for %s", what);
		event_base_loop(base, EVLOOP_ONCE);
		client_read();
	}
}

/* Run COUNT passes that find work waiting, no more: for conditions that
 * must not come true. */
static void
run_passes(int count)
{
	int i;

	for (i = 0; i < count; i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		client_read();
	}
}

static void
client_send(const char *s)
{
	size_t len = strlen(s), off = 0;

	while (off < len) {
		ssize_t n = send(client, s + off, len - off, MSG_NOSIGNAL);

		ck_assert_int_gt(n, 0);
		off += (size_t)n;
	}
}

/*
 * Walk the responses that have arrived whole (ours all carry
 * Content-Length): their number, and where the N-th one's body is.
 */
static int
walk_responses(int n, const char **body, size_t *body_len)
{
	const char *p = got, *end = got + got_len;
	int count = 0;

	while ((size_t)(end - p) >= 7 && strncmp(p, "HTTP/1.", 7) == 0) {
		const char *head_end = strstr(p, "\r\n\r\n");
		const char *cl = strstr(p, "\r\nContent-Length: ");
		size_t len = 0;

		if (head_end == NULL)
			break;
		if (cl != NULL && cl < head_end)
			len = (size_t)atol(cl + strlen("\r\nContent-Length: "));
		head_end += 4;
		if ((size_t)(end - head_end) < len)
			break;
		if (count == n) {
			*body = head_end;
			*body_len = len;
		}
		count++;
		p = head_end + len;
	}
	return count;
}

static int
responses(void)
{
	const char *body;
	size_t len;

	return walk_responses(-1, &body, &len);
}

/* The body of the N-th response (0-based), as a string. */
static const char *
body_of(int n)
{
	static char text[4096];
	const char *body = NULL;
	size_t len = 0;

	ck_assert_int_gt(walk_responses(n, &body, &len), n);
	ck_assert_uint_lt(len, sizeof(text));
	memcpy(text, body, len);
	text[len] = '\0';
	return text;
}

/* --- handlers ----------------------------------------------------------- */

static void
reply(struct hs_request *req, int code, const char *body)
{
	char len[32];

	snprintf(len, sizeof(len), "%zu", strlen(body));
	hs_send_response(req, code, NULL);
	hs_send_header(req, "Content-Length", len);
	hs_end_headers(req);
	hs_write(req, body, strlen(body));
}

/* Answers with its path; the client's address must be the one given. */
static enum hs_handler_result
do_path(struct hs_request *req, void *arg)
{
	(void)arg;
	ck_assert_str_eq(hs_request_client_address(req), "192.0.2.7");
	ck_assert_int_eq(hs_request_client_port(req), 5555);
	reply(req, 200, hs_request_path(req));
	return HS_DONE;
}

/* Answers with the body as it was read (buffered or discarded). */
static enum hs_handler_result
do_body(struct hs_request *req, void *arg)
{
	char text[300];
	size_t len;
	const char *body = hs_request_body(req, &len);

	(void)arg;
	snprintf(text, sizeof(text), "%s:%zu:%s", hs_request_command(req),
	    len, body);
	reply(req, 200, text);
	return HS_DONE;
}

static void
on_abort(struct hs_request *req, void *arg)
{
	(void)arg;
	aborts++;
	ck_assert(hs_request_aborted(req));
	ck_assert_ptr_eq(req, held);
	held = NULL;
	hs_request_finish(req);
}

/* Keeps the request until the test finishes it, or the client leaves. */
static enum hs_handler_result
do_wait(struct hs_request *req, void *arg)
{
	(void)arg;
	held = req;
	hs_request_on_abort(req, on_abort, NULL);
	return HS_PENDING;
}

/* Collects the body: pauses after the first chunk, answers at the end. */
static void
on_chunk(struct hs_request *req, const char *data, size_t len, void *arg)
{
	(void)arg;
	if (len == 0) {
		reply(req, 200, seen_body);
		held = NULL;
		hs_request_finish(req);
		return;
	}
	ck_assert_uint_lt(strlen(seen_body) + len, sizeof(seen_body));
	strncat(seen_body, data, len);
	if (chunks++ == 0)
		hs_request_pause_body(req, 1);
}

static enum hs_handler_result
do_stream(struct hs_request *req, void *arg)
{
	(void)arg;
	held = req;
	hs_request_on_abort(req, on_abort, NULL);
	ck_assert_int_eq(hs_request_read_body(req, on_chunk, NULL), 0);
	return HS_PENDING;
}

/* --- the fixture -------------------------------------------------------- */

/* A connection speaking HTTP/1.PROTOCOL_MINOR over a fresh socketpair. */
static void
open_conn(int protocol_minor)
{
	struct timeval tv = { 0, 20 * 1000 };
	struct sockaddr_in peer;
	int sv[2];

	signal(SIGPIPE, SIG_IGN);
	got_len = 0;
	got[0] = '\0';
	got_eof = 0;
	closes = aborts = chunks = 0;
	seen_body[0] = '\0';
	held = NULL;
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
	tick = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	ck_assert_int_eq(event_add(tick, &tv), 0);
	ck_assert_int_eq(hs_settings_init(&set, NULL), 0);
	set.protocol_minor = protocol_minor;
	set.max_body = 100;
	memset(&methods, 0, sizeof(methods));
	ck_assert_int_eq(hs_methods_add(&methods, "GET", do_path, NULL, 0), 0);
	ck_assert_int_eq(hs_methods_add(&methods, "POST", do_body, NULL, 0),
	    0);
	ck_assert_int_eq(hs_methods_add(&methods, "PUT", do_body, NULL, 0), 0);
	ck_assert_int_eq(hs_methods_set_body_mode(&methods, "PUT",
	    HS_BODY_DISCARD), 0);
	ck_assert_int_eq(hs_methods_add(&methods, "WAIT", do_wait, NULL, 0),
	    0);
	ck_assert_int_eq(hs_methods_add(&methods, "STREAM", do_stream, NULL,
	    0), 0);
	ck_assert_int_eq(hs_methods_set_body_mode(&methods, "STREAM",
	    HS_BODY_STREAM), 0);
	ck_assert_int_eq(hs_loop_init(&loop, base), 0);
	hs_conns_init(&conns, &loop, &set, &methods, on_close, &conns);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(evutil_make_socket_nonblocking(sv[0]), 0);
	client = sv[1];
	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_port = htons(5555);
	peer.sin_addr.s_addr = htonl(0xc0000207);	/* 192.0.2.7 */
	ck_assert_ptr_nonnull(hs_conn_new(&conns, sv[0],
	    (struct sockaddr *)&peer));
	ck_assert_uint_eq(conns.count, 1);
}

static void
close_conn(void)
{
	hs_conns_close_all(&conns);
	ck_assert_uint_eq(conns.count, 0);
	if (client >= 0)
		close(client);
	client = -1;
	event_free(tick);
	hs_loop_fini(&loop);
	event_base_free(base);
	hs_methods_free(&methods);
	hs_settings_free(&set);
}

/* Conditions to run until. */
static int one_response(void) { return responses() >= 1; }
static int two_responses(void) { return responses() >= 2; }
static int three_responses(void) { return responses() >= 3; }
static int four_responses(void) { return responses() >= 4; }
static int eof_seen(void) { return got_eof; }
static int all_closed(void) { return conns.count == 0; }
static int request_held(void) { return held != NULL; }
static int first_chunk(void) { return chunks >= 1; }

/* --- tests -------------------------------------------------------------- */

/* Pipelined requests are answered in order, the connection kept. */
START_TEST(test_pipelining)
{
	open_conn(1);
	client_send("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
	    "GET /c HTTP/1.1\r\n\r\n");
	run_until(three_responses, "three responses");
	ck_assert_str_eq(body_of(0), "/a");
	ck_assert_str_eq(body_of(1), "/b");
	ck_assert_str_eq(body_of(2), "/c");
	run_passes(10);
	ck_assert_int_eq(responses(), 3);
	ck_assert(!got_eof);
	ck_assert_uint_eq(conns.count, 1);
	close_conn();
}
END_TEST

struct keep_row {
	int protocol_minor;
	const char *request;
	int keep;
};

static const struct keep_row keep_rows[] = {
	{ 1, "GET /k HTTP/1.1\r\n\r\n", 1 },
	{ 1, "GET /k HTTP/1.1\r\nConnection: close\r\n\r\n", 0 },
	{ 1, "GET /k HTTP/1.0\r\n\r\n", 0 },
	{ 1, "GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1 },
	{ 0, "GET /k HTTP/1.1\r\n\r\n", 0 },
	{ 0, "GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0 },
};

/* Kept alive, or closed once the response has left: the request was read
 * whole and nothing follows it, so it is freed at once (no lingering; see
 * test_lingering_close for when it lingers) and its owner told. */
START_TEST(test_keep_alive_or_close)
{
	const struct keep_row *row = &keep_rows[_i];

	open_conn(row->protocol_minor);
	client_send(row->request);
	run_until(one_response, "the response");
	ck_assert_str_eq(body_of(0), "/k");
	if (row->keep) {
		run_passes(10);
		ck_assert(!got_eof);
		ck_assert_int_eq(closes, 0);
		/* Idle, it holds no bufferevent: it went to the spares. */
		ck_assert_uint_eq(conns.nspare, 1);
		/* The next request on the same connection, which takes it
		 * again, and gives it back. */
		client_send("GET /again HTTP/1.1\r\n\r\n");
		run_until(two_responses, "the second response");
		ck_assert_str_eq(body_of(1), "/again");
		ck_assert_uint_eq(conns.nspare, 1);
	} else {
		run_until(all_closed, "the connection to be freed");
		ck_assert(got_eof);
		ck_assert_int_eq(closes, 1);
		ck_assert_uint_eq(open_after_close, 0);
	}
	close_conn();
}
END_TEST

/* Bodies read into the request, or read and dropped, and the requests
 * after them found where they start. */
START_TEST(test_bodies)
{
	open_conn(1);
	client_send("POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
	    "PUT /d HTTP/1.1\r\nContent-Length: 4\r\n\r\ndrop"
	    "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: t\r\n\r\n"
	    "GET /after HTTP/1.1\r\n\r\n");
	run_until(four_responses, "four responses");
	ck_assert_str_eq(body_of(0), "POST:5:hello");
	ck_assert_str_eq(body_of(1), "PUT:0:");
	ck_assert_str_eq(body_of(2), "POST:5:abcde");
	ck_assert_str_eq(body_of(3), "/after");
	ck_assert(!got_eof);
	close_conn();
}
END_TEST

/* A body arriving a byte at a time is waited for. */
START_TEST(test_body_in_pieces)
{
	static const char body[] = "0123456789";
	size_t i;

	open_conn(1);
	client_send("POST /p HTTP/1.1\r\nContent-Length: 10\r\n\r\n");
	for (i = 0; i < sizeof(body) - 1; i++) {
		char one[2] = { body[i], '\0' };

		run_passes(3);
		ck_assert_int_eq(responses(), 0);
		client_send(one);
	}
	run_until(one_response, "the response");
	ck_assert_str_eq(body_of(0), "POST:10:0123456789");
	close_conn();
}
END_TEST

#define TEN "xxxxxxxxxx"
#define HUNDRED_AND_ONE TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN "x"

struct refusal_row {
	const char *request;
	const char *status;	/* the start of the one response */
};

static const struct refusal_row refusal_rows[] = {
	/* Parse errors: answered, then the connection closes, so what
	 * follows is never read as a request. */
	{ "GET / HTTP/1.1\r\nBad header\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
	    "HTTP/1.1 400 Bad header line\r\n" },
	{ "GET / HTTP/2.0\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
	    "HTTP/1.1 505 " },
	{ "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n"
	    "\r\nGET /next HTTP/1.1\r\n\r\n", "HTTP/1.1 400 " },
	/* Refused before the body: no handler, too large. */
	{ "BREW / HTTP/1.1\r\nContent-Length: 4\r\n\r\ncoffGET /next "
	    "HTTP/1.1\r\n\r\n", "HTTP/1.1 501 Unsupported method" },
	{ "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n",
	    "HTTP/1.1 413 " },
	/* Refused while reading it. */
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "65\r\n" HUNDRED_AND_ONE "\r\n0\r\n\r\n", "HTTP/1.1 413 " },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "zz\r\nGET /next HTTP/1.1\r\n\r\n",
	    "HTTP/1.1 400 Bad chunked encoding\r\n" },
};

START_TEST(test_refused_and_closed)
{
	const struct refusal_row *row = &refusal_rows[_i];

	open_conn(1);
	client_send(row->request);
	run_until(eof_seen, "the server's EOF");
	ck_assert_msg(strncmp(got, row->status, strlen(row->status)) == 0,
	    "got %s", got);
	ck_assert_int_eq(responses(), 1);
	ck_assert(strstr(got, "\r\nConnection: close\r\n") != NULL);
	close_conn();
}
END_TEST

/* After its last byte the server lingers, reading and dropping what the
 * client still sends, until the client's EOF (or HS_LINGER_SECONDS). */
START_TEST(test_lingering_close)
{
	int i;

	open_conn(1);
	client_send("GET / HTTP/1.1\r\nBad header\r\n\r\n");
	run_until(eof_seen, "the server's EOF");
	ck_assert_int_eq(responses(), 1);
	for (i = 0; i < 100; i++) {
		client_send("more bytes the server will never answer\r\n");
		run_passes(1);
	}
	ck_assert_uint_eq(conns.count, 1);
	ck_assert_int_eq(closes, 0);
	ck_assert(shutdown(client, SHUT_WR) == 0);
	run_until(all_closed, "the connection to be freed");
	ck_assert_int_eq(closes, 1);
	close_conn();
}
END_TEST

START_TEST(test_linger_timeout)
{
	long long start;

	open_conn(0);
	client_send("GET / HTTP/1.0\r\nBad header\r\n\r\n");
	run_until(eof_seen, "the server's EOF");
	/* The client never closes: the linger timer ends it. */
	start = now_ms();
	run_until(all_closed, "the linger timer");
	ck_assert_int_ge(now_ms() - start, HS_LINGER_SECONDS * 1000 - 100);
	close_conn();
}
END_TEST

/* A request read whole and nothing after it: no lingering, the
 * connection is freed as its answer leaves, with the client still open. */
START_TEST(test_quiet_close)
{
	open_conn(0);
	client_send("GET / HTTP/1.0\r\n\r\n");
	run_until(all_closed, "the connection to be freed");
	ck_assert_int_eq(responses(), 1);
	ck_assert_int_eq(closes, 1);
	ck_assert(got_eof);
	close_conn();
}
END_TEST

/* The client leaves while its request is pending: the handler's abort
 * hook gets the request. */
START_TEST(test_eof_while_pending)
{
	open_conn(1);
	client_send("WAIT / HTTP/1.1\r\n\r\n");
	run_until(request_held, "the handler");
	run_passes(5);
	ck_assert_int_eq(aborts, 0);
	ck_assert(shutdown(client, SHUT_WR) == 0);
	run_until(all_closed, "the connection to be freed");
	ck_assert_int_eq(aborts, 1);
	ck_assert_ptr_null(held);
	close_conn();
}
END_TEST

/* A pending response finished later; the pipelined request behind it is
 * answered only then. */
START_TEST(test_finish_later)
{
	open_conn(1);
	client_send("WAIT / HTTP/1.1\r\n\r\nGET /behind HTTP/1.1\r\n\r\n");
	run_until(request_held, "the handler");
	run_passes(5);
	ck_assert_int_eq(responses(), 0);
	reply(held, 200, "late");
	hs_request_finish(held);
	held = NULL;
	run_until(two_responses, "both responses");
	ck_assert_str_eq(body_of(0), "late");
	ck_assert_str_eq(body_of(1), "/behind");
	close_conn();
}
END_TEST

/* A streamed body: delivered as it comes, held while paused, ended by a
 * last empty chunk. */
START_TEST(test_streamed_body)
{
	open_conn(1);
	client_send("STREAM / HTTP/1.1\r\nContent-Length: 6\r\n\r\nabc");
	run_until(first_chunk, "the first chunk");
	ck_assert_str_eq(seen_body, "abc");
	client_send("def");
	run_passes(10);
	ck_assert_str_eq(seen_body, "abc");	/* paused */
	ck_assert_int_eq(responses(), 0);
	hs_request_pause_body(held, 0);
	run_until(one_response, "the response");
	ck_assert_str_eq(body_of(0), "abcdef");
	ck_assert(!got_eof);
	close_conn();
}
END_TEST

/* A streamed body whose client leaves half-way: the request aborts. */
START_TEST(test_streamed_body_cut)
{
	open_conn(1);
	client_send("STREAM / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n3\r\nabc\r\n");
	run_until(first_chunk, "the first chunk");
	hs_request_pause_body(held, 0);
	ck_assert(shutdown(client, SHUT_WR) == 0);
	run_until(all_closed, "the connection to be freed");
	ck_assert_int_eq(aborts, 1);
	close_conn();
}
END_TEST

/* No request within the idle timeout: closed. */
START_TEST(test_idle_timeout)
{
	open_conn(1);
	set.idle_timeout.tv_sec = 0;
	set.idle_timeout.tv_usec = 50 * 1000;
	/* The timer armed at the start had the default: one request
	 * re-arms it with the new one. */
	client_send("GET / HTTP/1.1\r\n\r\n");
	run_until(one_response, "the response");
	run_until(eof_seen, "the idle timeout");
	ck_assert_int_eq(responses(), 1);
	close_conn();
}
END_TEST

/* Stopping: an idle connection closes at once, one with a pending request
 * after its response. */
START_TEST(test_stop)
{
	open_conn(1);
	client_send("WAIT / HTTP/1.1\r\n\r\n");
	run_until(request_held, "the handler");
	hs_conns_stop(&conns);
	run_passes(5);
	ck_assert(!got_eof);
	reply(held, 200, "last");
	hs_request_finish(held);
	held = NULL;
	run_until(eof_seen, "the server's EOF");
	ck_assert_str_eq(body_of(0), "last");
	close_conn();
}
END_TEST

START_TEST(test_stop_idle)
{
	open_conn(1);
	hs_conns_stop(&conns);
	run_until(eof_seen, "the server's EOF");
	ck_assert_uint_eq(got_len, 0);
	close_conn();
}
END_TEST

/* Another connection on a socket pair, from 192.0.2.7:5555 like the
 * first; its client sent REQUEST (unless NULL) before it was accepted.
 * Its client's end. */
static int
extra_conn(const char *request)
{
	struct sockaddr_in peer;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(evutil_make_socket_nonblocking(sv[0]), 0);
	ck_assert_int_eq(evutil_make_socket_nonblocking(sv[1]), 0);
	if (request != NULL)
		ck_assert_int_eq(send(sv[1], request, strlen(request),
		    MSG_NOSIGNAL), (ssize_t)strlen(request));
	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_port = htons(5555);
	peer.sin_addr.s_addr = htonl(0xc0000207);
	ck_assert_ptr_nonnull(hs_conn_new(&conns, sv[0],
	    (struct sockaddr *)&peer));
	return sv[1];
}

/* Run the loop until FD's client has the start of a 200 for PATH. */
static void
await_200(int fd, const char *path)
{
	long long end = now_ms() + DEADLINE_MS;
	char buf[512];
	size_t len = 0;
	ssize_t n;

	for (;;) {
		n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
		if (n > 0)
			len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") != NULL && strstr(buf, path))
			break;
		ck_assert_msg(n != 0, "closed without an answer: %s", buf);
		ck_assert_msg(now_ms() < end, "no answer for %s", path);
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	}
	ck_assert_msg(strncmp(buf, "HTTP/1.1 200 ", 13) == 0, "%s", buf);
}

/*
 * New connections are read first when clients send before we look, and
 * go to epoll at once when their first reads keep finding nothing; either
 * way every request is answered, and the first reads come back once the
 * clients send early again.
 */
START_TEST(test_first_read_either_way)
{
	int silent[12], i, fd;

	open_conn(1);
	for (i = 0; i < 12; i++)
		silent[i] = extra_conn(NULL);
	run_passes(3);
	ck_assert_int_lt(conns.first_reads, 0);
	for (i = 0; i < 200; i++) {
		fd = extra_conn("GET /early HTTP/1.1\r\n\r\n");
		await_200(fd, "/early");
		close(fd);
	}
	ck_assert_int_gt(conns.first_reads, 0);
	for (i = 0; i < 12; i++) {
		ck_assert_int_eq(send(silent[i], "GET /late HTTP/1.1\r\n\r\n",
		    strlen("GET /late HTTP/1.1\r\n\r\n"), MSG_NOSIGNAL),
		    (ssize_t)strlen("GET /late HTTP/1.1\r\n\r\n"));
		await_200(silent[i], "/late");
		close(silent[i]);
	}
	close_conn();
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("conn");
	TCase *tc = tcase_create("conn");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_pipelining);
	tcase_add_loop_test(tc, test_keep_alive_or_close, 0,
	    sizeof(keep_rows) / sizeof(keep_rows[0]));
	tcase_add_test(tc, test_bodies);
	tcase_add_test(tc, test_body_in_pieces);
	tcase_add_loop_test(tc, test_refused_and_closed, 0,
	    sizeof(refusal_rows) / sizeof(refusal_rows[0]));
	tcase_add_test(tc, test_lingering_close);
	tcase_add_test(tc, test_linger_timeout);
	tcase_add_test(tc, test_quiet_close);
	tcase_add_test(tc, test_eof_while_pending);
	tcase_add_test(tc, test_finish_later);
	tcase_add_test(tc, test_streamed_body);
	tcase_add_test(tc, test_streamed_body_cut);
	tcase_add_test(tc, test_idle_timeout);
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_stop_idle);
	tcase_add_test(tc, test_first_read_either_way);
	suite_add_tcase(s, tc);
	return s;
}
