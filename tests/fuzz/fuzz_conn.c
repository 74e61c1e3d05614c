/* SPDX-License-Identifier: MIT */
/*
 * fuzz_conn.c - libFuzzer target for a whole connection (src/engine/conn.c
 * and the exchange behind it), over a socketpair() with an event loop of
 * its own, as h2o's fuzz/driver.cc drives its HTTP/1 server.
 *
 * The input is what a client sends.  It is fed to the connection in
 * pieces whose sizes the input's hash chooses, the loop run after each,
 * then the client shuts its side.  Handlers of every kind answer: a chain
 * that declines, redispatches (bounded), buffered, discarded and streamed
 * bodies, a response finished later, no response at all (repaired).
 * Invariants, each an abort():
 *   - the connection ends once the client has, within a bounded number of
 *     loop passes, and every request handed to a handler is finished;
 *   - what the server sent parses back as responses: status line, header
 *     lines, a body as its Content-Length, 1xx/204/304 or "Connection:
 *     close" say, nothing after a closing response; only an HTTP/0.9
 *     request gets a bare body (marked as such), and it is the last.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "engine/conn.h"
#include "engine/dispatch.h"
#include "engine/loop.h"
#include "engine/settings.h"
#include "fuzz_util.h"
#include "httpserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loop passes without progress before feeding gives up, and in all
 * before the connection must have ended. */
#define STALL_PASSES 64
#define END_PASSES 100000
/* Every body we write starts with one of these (the second for HTTP/0.9,
 * which gets no head), every error page with '<'. */
#define BODY_MARK '~'
#define BARE_MARK '@'
/* The body GET /u writes without a length. */
#define UNFRAMED "~unframed"

/* One run: the server side and what the client received. */
static struct event_base *base;
static struct hs_settings set;
static struct hs_loop loop;
static struct hs_methods methods;
static struct hs_conns conns;
static int client;
static char *got;
static size_t got_len, got_cap;
static struct event *later;	/* finishes the LATER request */
static int held;		/* requests a handler holds */
static size_t streamed;		/* body bytes PUT has read */

/* --- handlers ----------------------------------------------------------- */

/* The mark our bodies for REQ start with. */
static char
mark(const struct hs_request *req)
{
	return strcmp(hs_request_version(req), "HTTP/0.9") == 0 ? BARE_MARK :
	    BODY_MARK;
}

/* A complete response with the body MARK + TEXT. */
static void
reply(struct hs_request *req, const char *text)
{
	char body[64], len[32];
	int n = snprintf(body, sizeof(body), "%c%s", mark(req), text);

	snprintf(len, sizeof(len), "%d", n);
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Length", len);
	hs_end_headers(req);
	hs_write(req, body, (size_t)n);
}

/* GET, first: declines all but /d. */
static enum hs_handler_result
do_decline(struct hs_request *req, void *arg)
{
	(void)arg;
	if (strncmp(hs_request_path(req), "/d", 2) != 0)
		return HS_DECLINE;
	reply(req, "d");
	return HS_DONE;
}

/* GET, second: /r/x is redispatched as GET /x, /h/x as HEAD /x; bounded
 * by the engine, then answered here. */
static enum hs_handler_result
do_redispatch(struct hs_request *req, void *arg)
{
	const char *path = hs_request_path(req);
	int r;

	(void)arg;
	if (strncmp(path, "/r/", 3) != 0 && strncmp(path, "/h/", 3) != 0)
		return HS_DECLINE;
	r = hs_request_redispatch(req, path[1] == 'h' ? "HEAD" : "GET",
	    path + 2);
	if (r >= 0)
		return (enum hs_handler_result)r;
	if (errno != ELOOP && errno != EINVAL)
		abort();
	reply(req, "loop");
	return HS_DONE;
}

/* GET, third: /n sends nothing (repaired with 500), /u no length (the
 * connection then ends the body), else the path's length. */
static enum hs_handler_result
do_get(struct hs_request *req, void *arg)
{
	const char *path = hs_request_path(req);
	char text[32];

	(void)arg;
	if (strcmp(path, "/n") == 0)
		return HS_DONE;
	if (strcmp(path, "/u") == 0) {
		hs_send_response(req, 200, NULL);
		hs_end_headers(req);
		hs_write(req, mark(req) == BODY_MARK ? UNFRAMED : "@unframed",
		    strlen(UNFRAMED));
		return HS_DONE;
	}
	snprintf(text, sizeof(text), "%zu", strlen(path));
	reply(req, text);
	return HS_DONE;
}

/* HEAD: a head without a length (no body follows). */
static enum hs_handler_result
do_head(struct hs_request *req, void *arg)
{
	(void)arg;
	hs_send_response(req, 204, NULL);
	hs_end_headers(req);
	return HS_DONE;
}

/* POST (buffered) and DELETE (discarded): the body's length. */
static enum hs_handler_result
do_body(struct hs_request *req, void *arg)
{
	char text[32];
	size_t len;

	(void)arg;
	(void)hs_request_body(req, &len);
	snprintf(text, sizeof(text), "%zu", len);
	reply(req, text);
	return HS_DONE;
}

/* A held request whose client left: finish it. */
static void
on_abort(struct hs_request *req, void *arg)
{
	(void)arg;
	if (!hs_request_aborted(req))
		abort();
	if (later != NULL)
		evtimer_del(later);
	held--;
	hs_request_finish(req);
}

/* PUT (streamed): counts the body, answers at its end. */
static void
on_chunk(struct hs_request *req, const char *data, size_t len, void *arg)
{
	char text[32];

	(void)data;
	(void)arg;
	streamed += len;
	if (len > 0)
		return;
	snprintf(text, sizeof(text), "%zu", streamed);
	reply(req, text);
	held--;
	hs_request_finish(req);
}

static enum hs_handler_result
do_stream(struct hs_request *req, void *arg)
{
	(void)arg;
	streamed = 0;
	if (hs_request_read_body(req, on_chunk, NULL) != 0)
		abort();
	hs_request_on_abort(req, on_abort, NULL);
	held++;
	return HS_PENDING;
}

/* LATER: answered from a timer of the loop. */
static void
finish_later(evutil_socket_t fd, short what, void *arg)
{
	struct hs_request *req = arg;

	(void)fd;
	(void)what;
	reply(req, "later");
	held--;
	hs_request_finish(req);
}

static enum hs_handler_result
do_later(struct hs_request *req, void *arg)
{
	static const struct timeval now = { 0, 0 };

	(void)arg;
	if (later != NULL)
		event_free(later);
	later = evtimer_new(base, finish_later, req);
	if (later == NULL)
		abort();
	evtimer_add(later, &now);
	hs_request_on_abort(req, on_abort, NULL);
	held++;
	return HS_PENDING;
}

/* The log lines are not the point here. */
static void
no_log(const struct hs_request *req, const char *message, void *arg)
{
	(void)req;
	(void)message;
	(void)arg;
}

/* --- the client side ---------------------------------------------------- */

/* Take what the server sent so far; 1 if anything came. */
static int
client_read(void)
{
	int progress = 0;

	for (;;) {
		ssize_t n;

		if (got_cap - got_len < 4096) {
			got_cap = got_cap * 2 + 8192;
			got = realloc(got, got_cap);
			if (got == NULL)
				abort();
		}
		n = recv(client, got + got_len, got_cap - got_len - 1,
		    MSG_DONTWAIT);
		if (n <= 0)
			return progress;
		got_len += (size_t)n;
		progress = 1;
	}
}

/* Run the loop's ready work once, and read; 1 if anything came. */
static int
pass(void)
{
	event_base_loop(base, EVLOOP_NONBLOCK);
	return client_read();
}

/* Send LEN bytes at DATA as the server takes them; 0 when the server
 * stops taking them (it closed, or waits for us to read). */
static int
feed(const uint8_t *data, size_t len)
{
	size_t off = 0;
	int stalled = 0;

	while (off < len) {
		ssize_t n = send(client, data + off, len - off,
		    MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n > 0) {
			off += (size_t)n;
			stalled = 0;
		} else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			return 0;
		}
		if (!pass() && n <= 0 && ++stalled == STALL_PASSES)
			return 0;
	}
	pass();
	return conns.count > 0;
}

/* --- parsing the output back -------------------------------------------- */

/* The value of header NAME in the head [P, END), or NULL. */
static const char *
head_field(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL &&
	    (size_t)(end - ++p) > n + 1) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			return p + n + 2;
	}
	return NULL;
}

/* Check one header line [P, EOL): "token: value" without controls. */
static void
check_field(const char *p, const char *eol)
{
	const char *colon = memchr(p, ':', (size_t)(eol - p));
	const char *q;

	if (colon == NULL || colon == p || colon + 1 >= eol ||
	    colon[1] != ' ')
		abort();
	for (q = p; q < colon; q++)
		if (*q <= ' ' || *q >= 0x7f)
			abort();
	for (q = colon + 2; q < eol; q++)
		if (((unsigned char)*q < ' ' && *q != '\t') || *q == 0x7f)
			abort();
}

/*
 * Check the response at P (up to END); returns where the next one starts,
 * or END when this one closed the connection.
 */
static const char *
check_response(const char *p, const char *end)
{
	const char *head_end, *eol, *cl, *next;
	int code;
	unsigned long long len = 0;

	/* The status line. */
	if ((size_t)(end - p) < 14 || (memcmp(p, "HTTP/1.0 ", 9) != 0 &&
	    memcmp(p, "HTTP/1.1 ", 9) != 0) || p[9] < '1' || p[9] > '9' ||
	    p[10] < '0' || p[10] > '9' || p[11] < '0' || p[11] > '9' ||
	    p[12] != ' ')
		abort();
	code = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	head_end = NULL;
	for (eol = p; eol + 1 < end; eol++)
		if (eol[0] == '\r' && eol[1] == '\n' && eol + 3 < end &&
		    eol[2] == '\r' && eol[3] == '\n') {
			head_end = eol + 2;
			break;
		}
	if (head_end == NULL)
		abort();	/* a head cut short */
	/* The header lines. */
	eol = memchr(p, '\r', (size_t)(head_end - p));
	while (eol + 2 < head_end) {
		const char *line = eol + 2;

		eol = memchr(line, '\r', (size_t)(head_end - line));
		if (eol == NULL || eol[1] != '\n')
			abort();
		check_field(line, eol);
	}
	next = head_end + 2;
	if (code < 200 || code == 204 || code == 304)
		return next;
	cl = head_field(p, head_end, "Content-Length");
	if (cl == NULL) {
		/* Ended by the connection: the one body we write so must be
		 * all the rest (a kept-alive connection would go on). */
		if ((size_t)(end - next) != strlen(UNFRAMED) ||
		    memcmp(next, UNFRAMED, strlen(UNFRAMED)) != 0)
			abort();
		return end;
	}
	len = strtoull(cl, NULL, 10);
	if (head_field(p, head_end, "Connection") != NULL &&
	    strncmp(head_field(p, head_end, "Connection"), "close", 5) == 0) {
		/* The last response: its body whole, or none for HEAD. */
		if ((size_t)(end - next) != len && end != next)
			abort();
		return end;
	}
	if ((size_t)(end - next) < len)
		abort();	/* a body cut short */
	return next + len;
}

/* All the server sent must parse back. */
static void
check_output(void)
{
	const char *p = got, *end = got + got_len;

	while (p < end) {
		if (end - p >= 5 && memcmp(p, "HTTP/", 5) == 0) {
			p = check_response(p, end);
			continue;
		}
		/* HTTP/0.9: a bare body, ours or an error page, last. */
		if (*p != BARE_MARK && *p != '<')
			abort();
		break;
	}
}

/* --- the run ------------------------------------------------------------ */

static void
setup(int protocol_minor)
{
	int sv[2];
	struct sockaddr_storage peer;

	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if (base == NULL || hs_settings_init(&set, NULL) != 0)
		abort();
	set.protocol_minor = protocol_minor;
	set.max_body = 1000;
	set.log_fn = no_log;
	/* No timers: the loop is run, not waited on. */
	memset(&set.idle_timeout, 0, sizeof(set.idle_timeout));
	memset(&set.head_timeout, 0, sizeof(set.head_timeout));
	memset(&set.write_timeout, 0, sizeof(set.write_timeout));
	if (hs_settings_set_string(&set.error_format,
	    "<%(code)d %(message)s>") != 0)
		abort();
	memset(&methods, 0, sizeof(methods));
	if (hs_methods_add(&methods, "GET", do_decline, NULL, 0) != 0 ||
	    hs_methods_add(&methods, "GET", do_redispatch, NULL, 0) != 0 ||
	    hs_methods_add(&methods, "GET", do_get, NULL, 0) != 0 ||
	    hs_methods_add(&methods, "HEAD", do_head, NULL, 0) != 0 ||
	    hs_methods_add(&methods, "POST", do_body, NULL, 0) != 0 ||
	    hs_methods_add(&methods, "DELETE", do_body, NULL, 0) != 0 ||
	    hs_methods_set_body_mode(&methods, "DELETE",
	    HS_BODY_DISCARD) != 0 ||
	    hs_methods_add(&methods, "PUT", do_stream, NULL, 0) != 0 ||
	    hs_methods_set_body_mode(&methods, "PUT", HS_BODY_STREAM) != 0 ||
	    hs_methods_add(&methods, "LATER", do_later, NULL, 0) != 0)
		abort();
	if (hs_loop_init(&loop, base) != 0)
		abort();
	hs_conns_init(&conns, &loop, &set, &methods, NULL, NULL);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 ||
	    evutil_make_socket_nonblocking(sv[0]) != 0)
		abort();
	client = sv[1];
	memset(&peer, 0, sizeof(peer));
	peer.ss_family = AF_UNIX;
	if (hs_conn_new(&conns, sv[0], (struct sockaddr *)&peer) == NULL)
		abort();
	got_len = 0;
	held = 0;
}

static void
teardown(void)
{
	hs_conns_close_all(&conns);
	if (later != NULL)
		event_free(later);
	later = NULL;
	close(client);
	hs_loop_fini(&loop);
	event_base_free(base);
	hs_methods_free(&methods);
	hs_settings_free(&set);
}

/* The next piece size: xorshift64 over the input's hash. */
static size_t
next_piece(uint64_t *x, size_t left)
{
	size_t n;

	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	n = (*x & 7) == 0 ? left : 1 + (size_t)((*x >> 8) % 97);
	return n < left ? n : left;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t x = fuzz_hash(data, size) | 1;
	size_t off = 0;
	int i;

	/* Mostly HTTP/1.1, where connections are kept and pipelined. */
	setup(x % 4 != 0);
	while (off < size) {
		size_t n = next_piece(&x, size - off);

		if (!feed(data + off, n))
			break;
		off += n;
	}
	shutdown(client, SHUT_WR);
	for (i = 0; conns.count > 0; i++) {
		if (i == END_PASSES)
			abort();	/* the connection never ended */
		pass();
	}
	while (pass())
		continue;
	if (held != 0)
		abort();	/* a request left unfinished */
	check_output();
	teardown();
	return 0;
}
