/* SPDX-License-Identifier: MIT */
/*
 * check_api.c - libhttpserve used as a C program uses it: an in-process
 * server on 127.0.0.1 port 0, its loop on a thread of its own, custom
 * handlers (do_SPAM), request bodies buffered and streamed, Expect, a
 * generated body streamed with backpressure to a slow reader, deferred
 * responses, client aborts, every misuse of the response calls, the
 * settings, the hooks and shutdown.  Each test runs in a process of its
 * own (check forks), so under the sanitizers a leak fails its test.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <malloc.h>

#include <event2/event.h>

#if defined(__SANITIZE_ADDRESS__)
/* From libasan (GCC ships no header declaring it). */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#include "harness.h"
#include "httpserve.h"
#include "runner.h"

/* The server under test and the thread running its loop. */
static struct hs_server *srv;
static pthread_t loop_thread;
static int port;

/* What handlers saw, read by the test after the loop thread is joined. */
static char seen[16][256];
static int seen_int[32];
static char log_lines[4096];

/*
 * The loop thread tells the test which step it has reached, one byte on a
 * pipe per step, and the test waits for that byte with a bounded poll: a
 * sleep would only guess how long the loop thread takes, and guess wrong
 * under the sanitizers or on a loaded machine.
 */
static int loop_said[2] = { -1, -1 };

#define SAID_HANDLER 'h'	/* a handler holds its request */
#define SAID_ABORT 'a'		/* an abort hook has run */

/* In the loop thread: tell the test STEP is reached. */
static void
tell_test(char step)
{
	/* Never full: each byte is one step the test waits for. */
	ck_assert_int_eq(write(loop_said[1], &step, 1), 1);
}

/* Wait for the loop thread to tell STEP; WHAT says what did not happen. */
static void
wait_for_loop(char step, const char *what)
{
	char got = 0;

	ck_assert_msg(wait_readable(loop_said[0], WAIT_SECONDS * 1000),
	    "%s within %d s", what, WAIT_SECONDS);
	ck_assert_int_eq(read(loop_said[0], &got, 1), 1);
	ck_assert_msg(got == step, "%s: the loop thread told '%c'", what,
	    got);
}

static void *
run_loop(void *arg)
{
	(void)arg;
	hs_server_serve_forever(srv);
	return NULL;
}

/* A log hook that keeps the messages (and keeps stderr quiet). */
static void
keep_log(const struct hs_request *req, const char *message, void *arg)
{
	(void)req;
	(void)arg;
	strncat(log_lines, message, sizeof(log_lines) - strlen(log_lines) -
	    2);
	strcat(log_lines, "\n");
}

/* Create the server; the test registers handlers, then calls start(). */
static void
create(void)
{
	signal(SIGPIPE, SIG_IGN);
	memset(seen, 0, sizeof(seen));
	memset(seen_int, 0, sizeof(seen_int));
	log_lines[0] = '\0';
	if (loop_said[0] >= 0) {
		close(loop_said[0]);
		close(loop_said[1]);
	}
	ck_assert_int_eq(pipe2(loop_said, O_CLOEXEC), 0);
	srv = hs_server_new(NULL);
	ck_assert_ptr_nonnull(srv);
	hs_server_set_log_handler(srv, keep_log, NULL);
}

static void
start(void)
{
	ck_assert_int_eq(hs_server_listen(srv, "127.0.0.1", 0), 0);
	port = hs_server_port(srv);
	ck_assert_int_gt(port, 0);
	ck_assert_int_eq(pthread_create(&loop_thread, NULL, run_loop, NULL),
	    0);
}

/* Shut down from this (another) thread, wait for the loop, free. */
static void
stop(void)
{
	hs_server_shutdown(srv);
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	hs_server_free(srv);
	srv = NULL;
}

/* Send a complete response with BODY; the handlers' common ending. */
static void
reply(struct hs_request *req, int code, const char *body)
{
	char len[32];

	snprintf(len, sizeof(len), "%zu", strlen(body));
	hs_send_response(req, code, NULL);
	hs_send_header(req, "Content-Type", "text/plain");
	hs_send_header(req, "Content-Length", len);
	hs_end_headers(req);
	hs_write(req, body, strlen(body));
}

/* Send REQ on a fresh connection and read one response. */
static void
ask(const char *req, struct response *r)
{
	int fd = client_connect(port);

	client_send_str(fd, req);
	ck_assert_int_eq(read_response(fd, r, strncmp(req, "HEAD", 4) == 0),
	    0);
	close(fd);
}

/* --- do_SPAM ------------------------------------------------------------ */

/* Bodies do_spam() answers with (its argument). */
static char body_0[] = "eggs\n";
static char body_1[] = "now\n";
static char body_2[] = "x";
static char body_3[] = "spam";
static char body_4[] = "base\n";

static enum hs_handler_result
do_spam(struct hs_request *req, void *arg)
{
	reply(req, 200, arg);
	return HS_DONE;
}

START_TEST(test_custom_method)
{
	struct response r;

	create();
	ck_assert_int_eq(hs_server_handle(srv, "SPAM", do_spam, body_0), 0);
	/* Method names are tokens. */
	ck_assert_int_eq(hs_server_handle(srv, "BAD METHOD", do_spam, NULL),
	    -1);
	ck_assert_int_eq(errno, EINVAL);
	start();
	ask("SPAM /x HTTP/1.1\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "eggs\n");
	response_free(&r);
	ask("spam /x HTTP/1.1\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 501);
	ck_assert(strstr(r.body, "Unsupported method ('spam')") != NULL);
	response_free(&r);
	stop();
	ck_assert(strstr(log_lines, "\"SPAM /x HTTP/1.1\" 200 -\n") != NULL);
	ck_assert(strstr(log_lines, "code 501, message Unsupported method "
	    "('spam')\n") != NULL);
}
END_TEST

/* --- the read side ------------------------------------------------------ */

static enum hs_handler_result
do_inspect(struct hs_request *req, void *arg)
{
	const char *name, *value;
	size_t i;

	(void)arg;
	snprintf(seen[0], sizeof(seen[0]), "%s|%s|%s|%s",
	    hs_request_command(req), hs_request_path(req),
	    hs_request_version(req), hs_request_line(req));
	snprintf(seen[1], sizeof(seen[1]), "%s",
	    hs_request_header(req, "x-MIXED-case"));
	ck_assert_ptr_null(hs_request_header(req, "Absent"));
	for (i = 0; i < hs_request_header_count(req); i++) {
		ck_assert_int_eq(hs_request_header_at(req, i, &name, &value),
		    0);
		strcat(seen[2], name);
		strcat(seen[2], "=");
		strcat(seen[2], value);
		strcat(seen[2], ";");
	}
	ck_assert_int_eq(hs_request_header_at(req, i, &name, &value), -1);
	snprintf(seen[3], sizeof(seen[3]), "%s",
	    hs_request_client_address(req));
	seen_int[0] = hs_request_client_port(req);
	ck_assert_ptr_eq(hs_request_server(req), srv);
	reply(req, 200, "ok");
	return HS_DONE;
}

START_TEST(test_request_accessors)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct response r;
	int fd;

	create();
	hs_server_handle(srv, "GET", do_inspect, NULL);
	start();
	fd = client_connect(port);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	client_send_str(fd, "GET //x/y?q=1 HTTP/1.1\r\nHost: h\r\n"
	    "X-Mixed-Case:  first \r\nx-mixed-case: second\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	response_free(&r);
	close(fd);
	stop();
	ck_assert_str_eq(seen[0], "GET|/x/y?q=1|HTTP/1.1|GET //x/y?q=1 "
	    "HTTP/1.1");
	ck_assert_str_eq(seen[1], "first");
	ck_assert_str_eq(seen[2], "Host=h;X-Mixed-Case=first;"
	    "x-mixed-case=second;");
	ck_assert_str_eq(seen[3], "127.0.0.1");
	ck_assert_int_eq(seen_int[0], ntohs(((struct sockaddr_in *)&ss)->
	    sin_port));
}
END_TEST

/* --- buffered bodies ---------------------------------------------------- */

static enum hs_handler_result
do_echo(struct hs_request *req, void *arg)
{
	size_t len;
	const char *body = hs_request_body(req, &len);

	(void)arg;
	ck_assert_uint_eq(strlen(body), len);
	reply(req, 200, body);
	return HS_DONE;
}

START_TEST(test_buffered_body)
{
	struct response r;

	create();
	hs_server_handle(srv, "POST", do_echo, NULL);
	hs_server_set_max_body_size(srv, 1000);
	start();
	ask("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello world");
	response_free(&r);
	ask("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "6\r\nhello \r\n5;ext=1\r\nworld\r\n0\r\nT: x\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "hello world");
	response_free(&r);
	ask("POST / HTTP/1.1\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "");
	response_free(&r);
	/* Beyond the limit: 413, declared or chunked. */
	ask("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 413);
	response_free(&r);
	{
		char req[4096];

		snprintf(req, sizeof(req), "POST / HTTP/1.1\r\nTransfer-"
		    "Encoding: chunked\r\n\r\n3e9\r\n%01001d\r\n0\r\n\r\n", 0);
		ask(req, &r);
		ck_assert_int_eq(r.status, 413);
		response_free(&r);
	}
	stop();
}
END_TEST

/* --- Expect: 100-continue ----------------------------------------------- */

static int
refuse_some(struct hs_request *req, void *arg)
{
	(void)arg;
	if (hs_request_header(req, "X-Refuse") != NULL) {
		hs_send_error(req, 417, NULL, NULL);
		return 0;
	}
	hs_send_response_only(req, 100, NULL);
	hs_end_headers(req);
	return 1;
}

/* Read exactly N bytes from FD into BUF (NUL-terminated). */
static void
read_exactly(int fd, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = recv(fd, buf + got, n - got, 0);

		ck_assert_int_gt(k, 0);
		got += (size_t)k;
	}
	buf[n] = '\0';
}

START_TEST(test_expect_continue)
{
	const char *interim = "HTTP/1.1 100 Continue\r\n\r\n";
	char buf[64];
	struct response r;
	int fd;

	create();
	hs_server_handle(srv, "POST", do_echo, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	hs_server_set_expect_handler(srv, refuse_some, NULL);
	start();
	/* Accepted: 100 first, then the body is sent and echoed. */
	fd = client_connect(port);
	client_send_str(fd, "POST / HTTP/1.1\r\nExpect: 100-continue\r\n"
	    "Content-Length: 4\r\n\r\n");
	read_exactly(fd, buf, strlen(interim));
	ck_assert_str_eq(buf, interim);
	client_send_str(fd, "body");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "body");
	response_free(&r);
	close(fd);
	/* Refused: 417 at once, no 100, and the connection closes. */
	fd = client_connect(port);
	client_send_str(fd, "POST / HTTP/1.1\r\nExpect: 100-continue\r\n"
	    "X-Refuse: 1\r\nContent-Length: 4\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 417);
	response_free(&r);
	ck_assert(client_sees_eof(fd, 5000));
	close(fd);
	stop();
}
END_TEST

/* --- streamed bodies ---------------------------------------------------- */

struct stream_state {
	struct hs_request *req;
	struct event *timer;
	uint64_t hash;
	unsigned long long bytes;
	int chunks;
	int paused;		/* between a pause and its resume */
	int while_paused;	/* chunks that came while paused: none may */
};

static struct stream_state stream;

/*
 * Bytes of heap in use by this process (server and test alike).  Under
 * AddressSanitizer, freed memory sits in a quarantine that RSS counts, so
 * ask its allocator; otherwise glibc's.
 */
static size_t
live_heap_bytes(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return __sanitizer_get_current_allocated_bytes();
#else
	return mallinfo2().uordblks;
#endif
}

static void
resume_body(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	stream.paused = 0;
	hs_request_pause_body(arg, 0);
}

/*
 * Each chunk is hashed; every third one pauses the body, resumed from a
 * timer.  Most resume on the next pass of the loop; one pause in 32 asks
 * for a millisecond and gets a tick of libevent's coarse clock (4 ms
 * here), long enough for input to pile up behind it.  (Such a pause every
 * time made this test take 10 s.)  At the end: the count, the hash, and
 * how many chunks came while paused.
 */
static void
on_body(struct hs_request *req, const char *data, size_t len, void *arg)
{
	static const struct timeval next_pass = { 0, 0 }, a_tick = { 0, 1000 };
	char out[64];

	(void)arg;
	if (len == 0) {
		snprintf(out, sizeof(out), "%llu %016llx %d", stream.bytes,
		    (unsigned long long)stream.hash, stream.while_paused);
		reply(req, 200, out);
		event_free(stream.timer);
		hs_request_finish(req);
		return;
	}
	stream.while_paused += stream.paused;
	stream.hash = fnv1a(stream.hash, data, len);
	stream.bytes += len;
	if (++stream.chunks % 3 == 0) {
		hs_request_pause_body(req, 1);
		stream.paused = 1;
		evtimer_add(stream.timer, stream.chunks % 96 == 0 ? &a_tick :
		    &next_pass);
	}
}

static enum hs_handler_result
do_stream(struct hs_request *req, void *arg)
{
	(void)arg;
	memset(&stream, 0, sizeof(stream));
	stream.hash = FNV1A_START;
	stream.timer = evtimer_new(hs_server_base(hs_request_server(req)),
	    resume_body, req);
	ck_assert_int_eq(hs_request_read_body(req, on_body, NULL), 0);
	ck_assert_int_eq(hs_request_read_body(req, on_body, NULL), -1);
	return HS_PENDING;
}

/* Send SIZE pseudo-random bytes as the body (chunked or not) of a
 * streamed POST; the server must count and hash them all, and none may
 * reach it while it has the body paused. */
static void
stream_post(size_t size, int chunked)
{
	static unsigned char buf[65536];
	uint64_t x = 0x2545f4914f6cdd1dULL, h = FNV1A_START;
	size_t sent = 0;
	char head[256], want[64];
	struct response r;
	int fd = client_connect(port);

	if (chunked)
		snprintf(head, sizeof(head), "POST / HTTP/1.1\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n");
	else
		snprintf(head, sizeof(head), "POST / HTTP/1.1\r\n"
		    "Content-Length: %zu\r\n\r\n", size);
	client_send_str(fd, head);
	while (sent < size) {
		size_t n = size - sent < sizeof(buf) ? size - sent :
		    sizeof(buf);
		char frame[32];

		fill_pseudo_random(buf, n, &x);
		h = fnv1a(h, buf, n);
		if (chunked) {
			snprintf(frame, sizeof(frame), "%zx\r\n", n);
			client_send_str(fd, frame);
		}
		client_send(fd, buf, n);
		if (chunked)
			client_send_str(fd, "\r\n");
		sent += n;
	}
	if (chunked)
		client_send_str(fd, "0\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	snprintf(want, sizeof(want), "%zu %016llx 0", size,
	    (unsigned long long)h);
	ck_assert_str_eq(r.body, want);
	response_free(&r);
	close(fd);
}

START_TEST(test_streamed_body)
{
	create();
	hs_server_handle(srv, "POST", do_stream, NULL);
	ck_assert_int_eq(hs_server_set_body_mode(srv, "POST",
	    HS_BODY_STREAM), 0);
	/* Far beyond the buffered limit: streaming has none. */
	hs_server_set_max_body_size(srv, 1024);
	start();
	stream_post(10u << 20, 0);
	stream_post(10u << 20, 1);
	stream_post(0, 0);
	stop();
}
END_TEST

/* Reading the body outside streaming mode is refused. */
static enum hs_handler_result
do_read_buffered(struct hs_request *req, void *arg)
{
	(void)arg;
	seen_int[0] = hs_request_read_body(req, on_body, NULL);
	seen_int[1] = errno;
	reply(req, 200, "ok");
	return HS_DONE;
}

START_TEST(test_read_body_needs_stream_mode)
{
	struct response r;

	create();
	hs_server_handle(srv, "POST", do_read_buffered, NULL);
	start();
	ask("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi", &r);
	response_free(&r);
	stop();
	ck_assert_int_eq(seen_int[0], -1);
	ck_assert_int_eq(seen_int[1], EINVAL);
}
END_TEST

/* --- a generated body, pulled as the client reads --------------------- */

#define GENERATED_SIZE (64u << 20)
#define GENERATED_CHUNK (64u * 1024)

static size_t generated;
static size_t most_pending;

/* Byte I of the generated body. */
static unsigned char
generated_byte(size_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

/* Where the LEN bytes at BUF, received from offset FROM of the generated
 * body, first differ from it; LEN if they do not. */
static size_t
first_wrong_byte(const unsigned char *buf, size_t len, size_t from)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != generated_byte(from + i))
			break;
	return i;
}

/* Fill up to the low-water mark again; finish when all is queued. */
static void
produce(struct hs_request *req, void *arg)
{
	static unsigned char chunk[GENERATED_CHUNK];
	size_t i, n;

	(void)arg;
	if (hs_request_output_pending(req) > most_pending)
		most_pending = hs_request_output_pending(req);
	n = GENERATED_SIZE - generated < GENERATED_CHUNK ?
	    GENERATED_SIZE - generated : GENERATED_CHUNK;
	for (i = 0; i < n; i++)
		chunk[i] = generated_byte(generated + i);
	ck_assert_int_eq(hs_write(req, chunk, n), 0);
	generated += n;
	if (generated == GENERATED_SIZE) {
		hs_request_on_drain(req, NULL, NULL, 0);
		hs_request_finish(req);
	}
}

static enum hs_handler_result
do_generate(struct hs_request *req, void *arg)
{
	char len[32];

	(void)arg;
	generated = most_pending = 0;
	snprintf(len, sizeof(len), "%u", GENERATED_SIZE);
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Length", len);
	hs_end_headers(req);
	hs_request_on_drain(req, produce, NULL, GENERATED_CHUNK);
	return HS_PENDING;
}

/* 64 MiB to a client that reads slowly at first: the server holds at most
 * one chunk of it at any time. */
START_TEST(test_streamed_response_backpressure)
{
	static unsigned char buf[1 << 16];
	int fd;
	struct response r;
	size_t got = 0, wrong;
	size_t heap_start, heap_slow;

	create();
	hs_server_handle(srv, "GET", do_generate, NULL);
	start();
	heap_start = heap_slow = live_heap_bytes();
	fd = client_connect(port);
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	while (got < GENERATED_SIZE) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		ck_assert_int_gt(n, 0);
		/* One assertion per read, not per byte: each passing one
		 * costs check a write() to its pipe, 64 Mi of them took 2
		 * minutes. */
		wrong = first_wrong_byte(buf, (size_t)n, got);
		ck_assert_msg(wrong == (size_t)n, "body byte %zu is wrong",
		    got + wrong);
		got += (size_t)n;
		if (got < (4u << 20))
			usleep(2000);	/* a slow reader, for a while */
		if (got >= (4u << 20) && got - (size_t)n < (4u << 20))
			heap_slow = live_heap_bytes();
	}
	response_free(&r);
	close(fd);
	stop();
	/* The producer only ever runs with at most one chunk queued. */
	ck_assert_uint_le(most_pending, GENERATED_CHUNK);
	/* Nor does anything else hold the body: the heap barely moved. */
	ck_assert_msg(heap_slow < heap_start + (1u << 20), "heap grew from %zu "
	    "to %zu bytes", heap_start, heap_slow);
}
END_TEST

/* --- deferred responses ------------------------------------------------- */

static void
finish_later(evutil_socket_t fd, short what, void *arg)
{
	struct hs_request *req = arg;

	(void)fd;
	(void)what;
	reply(req, 200, "later\n");
	hs_request_finish(req);
	hs_request_finish(req);	/* a second finish is ignored */
}

static enum hs_handler_result
do_deferred(struct hs_request *req, void *arg)
{
	struct timeval tv = { 0, 50 * 1000 };

	(void)arg;
	event_base_once(hs_server_base(hs_request_server(req)), -1,
	    EV_TIMEOUT, finish_later, req, &tv);
	return HS_PENDING;
}

START_TEST(test_deferred_response)
{
	int fd;

	create();
	hs_server_handle(srv, "GET", do_deferred, NULL);
	hs_server_handle(srv, "SPAM", do_spam, body_1);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	/* Pipelined: the deferred answer comes first, in order. */
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\nSPAM / HTTP/1.1\r\n\r\n"
	    "GET / HTTP/1.1\r\n\r\n");
	{
		struct response r;

		ck_assert_int_eq(read_response(fd, &r, 0), 0);
		ck_assert_str_eq(r.body, "later\n");
		response_free(&r);
		ck_assert_int_eq(read_response(fd, &r, 0), 0);
		ck_assert_str_eq(r.body, "now\n");
		response_free(&r);
		ck_assert_int_eq(read_response(fd, &r, 0), 0);
		ck_assert_str_eq(r.body, "later\n");
		response_free(&r);
	}
	close(fd);
	stop();
}
END_TEST

/* --- the client leaves while the handler holds the request ------------- */

static void
on_abort(struct hs_request *req, void *arg)
{
	(void)arg;
	seen_int[0] = hs_request_aborted(req);
	seen_int[1] = hs_write(req, "x", 1);
	seen_int[2] = errno;
	seen_int[3] = hs_send_response(req, 200, NULL);
	hs_request_finish(req);	/* frees it: the client is gone */
	tell_test(SAID_ABORT);
}

static enum hs_handler_result
do_wait_for_abort(struct hs_request *req, void *arg)
{
	(void)arg;
	hs_request_on_abort(req, on_abort, NULL);
	tell_test(SAID_HANDLER);
	return HS_PENDING;
}

START_TEST(test_client_abort)
{
	int fd;

	create();
	hs_server_handle(srv, "GET", do_wait_for_abort, NULL);
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\n");
	wait_for_loop(SAID_HANDLER, "the handler never got the request");
	close(fd);
	/* Told by the client's EOF, not by the shutdown below. */
	wait_for_loop(SAID_ABORT, "the abort hook never ran");
	stop();
	ck_assert_int_eq(seen_int[0], 1);
	ck_assert_int_eq(seen_int[1], -1);
	ck_assert_int_eq(seen_int[2], EPIPE);
	ck_assert_int_eq(seen_int[3], -1);
}
END_TEST

/* Stop the loop at once, leaving any other request pending. */
static enum hs_handler_result
do_break_loop(struct hs_request *req, void *arg)
{
	(void)arg;
	reply(req, 200, "bye");
	event_base_loopbreak(hs_server_base(hs_request_server(req)));
	return HS_DONE;
}

/* A request still pending when the server is freed: the handler is told
 * (its abort hook runs) and nothing leaks. */
START_TEST(test_free_with_pending_request)
{
	int fd, stopper;
	struct response r;

	create();
	hs_server_handle(srv, "GET", do_wait_for_abort, NULL);
	hs_server_handle(srv, "STOP", do_break_loop, NULL);
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\n");
	wait_for_loop(SAID_HANDLER, "the handler never got the request");
	/* The STOP reply leaves as its handler returns, then the loop
	 * stops. */
	stopper = client_connect(port);
	client_send_str(stopper, "STOP / HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	ck_assert_int_eq(read_response(stopper, &r, 0), 0);
	ck_assert_str_eq(r.body, "bye");
	response_free(&r);
	ck_assert_int_eq(seen_int[0], 0);
	hs_server_free(srv);
	ck_assert_int_eq(seen_int[0], 1);
	/* Freeing closed both connections. */
	ck_assert(client_sees_eof(fd, 5000));
	ck_assert(client_sees_eof(stopper, 5000));
	close(fd);
	close(stopper);
}
END_TEST

/* --- misuse ------------------------------------------------------------- */

/* Record RESULT and errno in the next slots of seen_int. */
static void
note(int *slot, int result)
{
	seen_int[(*slot)++] = result;
	seen_int[(*slot)++] = result == 0 ? 0 : errno;
}

static enum hs_handler_result
do_misuse(struct hs_request *req, void *arg)
{
	int n = 0;

	(void)arg;
	note(&n, hs_send_header(req, "X", "before the status"));
	note(&n, hs_write(req, "x", 1));
	note(&n, hs_send_response(req, 1000, NULL));
	note(&n, hs_send_response(req, 200, NULL));
	note(&n, hs_send_response(req, 200, NULL));
	note(&n, hs_send_error(req, 500, NULL, NULL));
	note(&n, hs_send_header(req, "Bad Name", "x"));
	note(&n, hs_send_header(req, "X", "a\r\nInjected: 1"));
	note(&n, hs_send_header(req, "Content-Length", "5"));
	note(&n, hs_end_headers(req));
	note(&n, hs_send_header(req, "X", "after the end"));
	note(&n, hs_write(req, "123456", 6));
	note(&n, hs_write(req, "12345", 5));
	note(&n, hs_write(req, "6", 1));
	return HS_DONE;
}

START_TEST(test_misuse_refused)
{
	static const int want[] = {
		-1, EINVAL, -1, EINVAL, -1, EINVAL, 0, 0, -1, EINVAL,
		-1, EINVAL, -1, EINVAL, -1, EINVAL, 0, 0, 0, 0,
		-1, EINVAL, -1, EMSGSIZE, 0, 0, -1, EMSGSIZE,
	};
	struct response r;
	size_t i;
	int fd;

	create();
	hs_server_handle(srv, "GET", do_misuse, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "12345");
	ck_assert(strstr(r.head, "Injected") == NULL);
	ck_assert(strstr(r.head, "\r\nX:") == NULL);
	response_free(&r);
	/* A body that overran: the stream is closed, not desynchronised. */
	ck_assert(client_sees_eof(fd, 5000));
	close(fd);
	stop();
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(seen_int[i] == want[i], "slot %zu: %d, want %d",
		    i, seen_int[i], want[i]);
}
END_TEST

/* No body where HTTP forbids one: HEAD, 204, 205, 304. */
static enum hs_handler_result
do_bodiless(struct hs_request *req, void *arg)
{
	int code = hs_request_is_head(req) ? 200 : atoi(hs_request_path(req) +
	    1);
	int slot = code == 200 ? 0 : code == 204 ? 1 : code == 205 ? 2 : 3;

	(void)arg;
	hs_send_response(req, code, NULL);
	hs_send_header(req, "Content-Length", "4");
	hs_end_headers(req);
	seen_int[slot] = hs_write(req, "body", 4);
	seen_int[slot + 4] = errno;
	return HS_DONE;
}

START_TEST(test_no_body_allowed)
{
	struct response r;
	int fd;

	create();
	hs_server_handle(srv, "GET", do_bodiless, NULL);
	hs_server_handle(srv, "HEAD", do_bodiless, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	static const int codes[] = { 200, 204, 205, 304 };
	size_t i;

	client_send_str(fd, "HEAD / HTTP/1.1\r\n\r\nGET /204 HTTP/1.1\r\n\r\n"
	    "GET /205 HTTP/1.1\r\n\r\nGET /304 HTTP/1.1\r\n\r\n");
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(read_response(fd, &r, 1), 0);
		ck_assert_int_eq(r.status, codes[i]);
		response_free(&r);
	}
	/* Nothing else came: the four heads and not one body byte, on a
	 * connection still open. */
	ck_assert(!client_sees_eof(fd, 100));
	close(fd);
	stop();
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(seen_int[i], -1);
		ck_assert_int_eq(seen_int[i + 4], EINVAL);
	}
}
END_TEST

/* Handlers that end badly, chosen by the path. */
static enum hs_handler_result
do_careless(struct hs_request *req, void *arg)
{
	const char *path = hs_request_path(req);

	(void)arg;
	if (strcmp(path, "/short") == 0) {
		hs_send_response(req, 200, NULL);
		hs_send_header(req, "Content-Length", "10");
		hs_end_headers(req);
		hs_write(req, "only", 4);
	} else if (strcmp(path, "/unended") == 0) {
		hs_send_response(req, 200, NULL);
		hs_send_header(req, "X", "y");
	} else if (strcmp(path, "/unended-flushed") == 0) {
		hs_send_response(req, 200, NULL);
		hs_flush_headers(req);
	} else if (strcmp(path, "/no-length") == 0) {
		hs_send_response(req, 200, NULL);
		hs_end_headers(req);
		hs_write(req, "until close", 11);
	} else if (strcmp(path, "/finish-not-pending") == 0) {
		reply(req, 200, "fine");
		hs_request_finish(req);
	}
	/* "/nothing": no response at all. */
	return HS_DONE;
}

/* Send GET PATH on a kept-alive connection; the whole reply to EOF. */
static char *
careless(const char *path)
{
	char req[128];
	size_t len;
	int fd = client_connect(port), timed_out;
	char *all;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\n\r\n", path);
	client_send_str(fd, req);
	all = client_read_all(fd, &len, &timed_out);
	ck_assert_msg(!timed_out, "%s: the connection stayed open", path);
	close(fd);
	return all;
}

START_TEST(test_misuse_repaired)
{
	char *all;

	create();
	hs_server_handle(srv, "GET", do_careless, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	/* A body short of its Content-Length: the connection closes. */
	all = careless("/short");
	ck_assert(text_matches(all, "^HTTP/1.1 200 OK\r\n.*\r\n\r\nonly$"));
	free(all);
	/* No response at all, or headers never ended: 500. */
	all = careless("/nothing");
	ck_assert(strncmp(all, "HTTP/1.1 500 Internal Server Error\r\n", 36)
	    == 0);
	free(all);
	all = careless("/unended");
	ck_assert(strncmp(all, "HTTP/1.1 500 ", 13) == 0);
	ck_assert(strstr(all, "\r\nX: y") == NULL);
	free(all);
	/* Headers half sent: nothing can be repaired; close. */
	all = careless("/unended-flushed");
	ck_assert(strncmp(all, "HTTP/1.1 200 OK\r\n", 17) == 0);
	free(all);
	/* No Content-Length: the body ends with the connection, said so. */
	all = careless("/no-length");
	ck_assert(text_matches(all, "^HTTP/1.1 200 OK\r\n.*Connection: close"
	    "\r\n\r\nuntil close$"));
	free(all);
	stop();
	ck_assert(strstr(log_lines, "handler sent no response for GET") !=
	    NULL);
}
END_TEST

/* hs_request_finish() on a request that is not pending does nothing. */
START_TEST(test_finish_not_pending)
{
	struct response r;
	int fd;

	create();
	hs_server_handle(srv, "GET", do_careless, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET /finish-not-pending HTTP/1.1\r\n\r\n"
	    "GET /finish-not-pending HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "fine");
	response_free(&r);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "fine");
	response_free(&r);
	close(fd);
	stop();
}
END_TEST

/* --- files -------------------------------------------------------------- */

static char file_path[64];

static enum hs_handler_result
do_file_range(struct hs_request *req, void *arg)
{
	long off = 0, len = 0;
	int fd = open(file_path, O_RDONLY | O_CLOEXEC);
	char cl[32];

	(void)arg;
	sscanf(hs_request_path(req), "/%ld/%ld", &off, &len);
	snprintf(cl, sizeof(cl), "%ld", len);
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Length", cl);
	hs_end_headers(req);
	seen_int[0] = hs_send_file(req, fd, off, len);
	return HS_DONE;
}

/* Ranges of a file, small (sent inline) and large (sendfile). */
START_TEST(test_send_file)
{
	static const long ranges[][2] = {
		{ 0, 10 }, { 5, 100 }, { 1000, 40000 }, { 3, 1000000 },
		{ 0, 2000000 }, { 1999999, 1 }, { 7, 0 },
	};
	static char data[2000000];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 23);
	snprintf(file_path, sizeof(file_path), "/tmp/hs-api-XXXXXX");
	fd = mkstemp(file_path);
	ck_assert_int_eq(write(fd, data, sizeof(data)), (ssize_t)sizeof(data));
	close(fd);
	create();
	hs_server_handle(srv, "GET", do_file_range, NULL);
	start();
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		struct response r;
		char req[64];

		snprintf(req, sizeof(req), "GET /%ld/%ld HTTP/1.0\r\n\r\n",
		    ranges[i][0], ranges[i][1]);
		ask(req, &r);
		ck_assert_uint_eq(r.body_len, (size_t)ranges[i][1]);
		ck_assert(memcmp(r.body, data + ranges[i][0], r.body_len) ==
		    0);
		response_free(&r);
	}
	stop();
	unlink(file_path);
}
END_TEST

/* --- settings and hooks ------------------------------------------------- */

static enum hs_handler_result
do_not_found(struct hs_request *req, void *arg)
{
	(void)arg;
	hs_send_error(req, 404, NULL, "custom <explanation>");
	return HS_DONE;
}

START_TEST(test_settings)
{
	struct response r;

	create();
	hs_server_handle(srv, "GET", do_not_found, NULL);
	ck_assert_int_eq(hs_server_set_server_version(srv, "Custom/1.0"), 0);
	ck_assert_int_eq(hs_server_set_sys_version(srv, "Test/2.0"), 0);
	ck_assert_int_eq(hs_server_set_error_message_format(srv,
	    "[%(code)d|%(code)s|%(message)s|%(explain)s|%%|%(other)s]"), 0);
	ck_assert_int_eq(hs_server_set_error_content_type(srv,
	    "text/plain"), 0);
	ck_assert_int_eq(hs_server_set_protocol_version(srv, "HTTP/1.1"), 0);
	ck_assert_int_eq(hs_server_set_protocol_version(srv, "HTTP/2"), -1);
	ck_assert_int_eq(hs_server_set_timeout(srv, HS_TIMEOUT_IDLE, -1),
	    -1);
	/* Strings that end up in headers cannot split them. */
	ck_assert_int_eq(hs_server_set_server_version(srv, "a\r\nX: y"), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(hs_server_set_sys_version(srv, "b\n"), -1);
	ck_assert_int_eq(hs_server_set_error_content_type(srv, "t\r"), -1);
	ck_assert_int_eq(hs_server_set_server_version(srv, NULL), -1);
	/* Body modes are for registered methods. */
	ck_assert_int_eq(hs_server_set_body_mode(srv, NULL, HS_BODY_STREAM),
	    -1);
	ck_assert_int_eq(hs_server_set_body_mode(srv, "POST", HS_BODY_STREAM),
	    -1);
	ck_assert_int_eq(hs_server_set_body_mode(srv, "GET", 7), -1);
	start();
	ask("GET /<x> HTTP/1.1\r\n\r\n", &r);
	ck_assert(strncmp(r.head, "HTTP/1.1 404 Not Found\r\n", 24) == 0);
	ck_assert_str_eq(response_header(&r, "Server"), "Custom/1.0 Test/2.0");
	ck_assert_str_eq(response_header(&r, "Content-Type"), "text/plain");
	ck_assert_str_eq(r.body, "[404|404|Not Found|custom &lt;explanation"
	    "&gt;|%|%(other)s]");
	response_free(&r);
	stop();
	ck_assert(strstr(log_lines, "code 404, message Not Found\n\"GET /<x> "
	    "HTTP/1.1\" 404 -\n") != NULL);
}
END_TEST

/* The default log writer, used when the hook is reset to NULL, is the
 * one the command line uses (tested there); here: resetting works. */
START_TEST(test_log_hook_reset)
{
	struct response r;

	create();
	hs_server_handle(srv, "SPAM", do_spam, body_2);
	hs_server_set_log_handler(srv, NULL, NULL);
	hs_server_set_log_handler(srv, keep_log, NULL);
	start();
	ask("SPAM / HTTP/1.0\r\n\r\n", &r);
	response_free(&r);
	stop();
	ck_assert_str_eq(log_lines, "\"SPAM / HTTP/1.0\" 200 -\n");
}
END_TEST

/* --- keep-alive across handlers ----------------------------------------- */

START_TEST(test_keep_alive_across_handlers)
{
	int fd;
	struct response r;

	create();
	hs_server_handle(srv, "SPAM", do_spam, body_3);
	hs_server_handle(srv, "POST", do_echo, NULL);
	hs_server_handle(srv, "GET", do_deferred, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	client_send_str(fd, "SPAM / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "spam");
	response_free(&r);
	client_send_str(fd, "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "abc");
	response_free(&r);
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "later\n");
	response_free(&r);
	/* An error answered for a request read whole keeps the
	 * connection (Python's send_error() closes it). */
	client_send_str(fd, "BREW / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 501);
	ck_assert_ptr_null(response_header(&r, "Connection"));
	response_free(&r);
	client_send_str(fd, "SPAM / HTTP/1.1\r\nConnection: close\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "spam");
	ck_assert_str_eq(response_header(&r, "Connection"), "close");
	response_free(&r);
	ck_assert(client_sees_eof(fd, 5000));
	close(fd);
	stop();
}
END_TEST

/* --- shutdown ----------------------------------------------------------- */

/* The test's end of the go pipe, and the handler's. */
static int go[2];

/* A byte on the go pipe: finish the deferred response now. */
static void
finish_on_go(evutil_socket_t fd, short what, void *arg)
{
	char c;

	ck_assert_int_eq(read(fd, &c, 1), 1);
	finish_later(fd, what, arg);
}

/* Hold the request until the test writes to the go pipe. */
static enum hs_handler_result
do_wait_for_go(struct hs_request *req, void *arg)
{
	(void)arg;
	ck_assert_int_eq(event_base_once(hs_server_base(
	    hs_request_server(req)), go[0], EV_READ, finish_on_go, req, NULL),
	    0);
	tell_test(SAID_HANDLER);
	return HS_PENDING;
}

/* Wait for the server to refuse connections; 1 once it does. */
static int
listener_closed_soon(void)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	int fd;

	while ((fd = client_connect_to("127.0.0.1", port)) >= 0) {
		close(fd);
		if (now_ms() > deadline)
			return 0;
		sleep_ms(5);
	}
	return 1;
}

/* A response in flight when shutdown begins is finished; then the loop
 * returns, and no new connection is accepted. */
START_TEST(test_shutdown_finishes_in_flight)
{
	struct response r;
	int fd;

	create();
	ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
	hs_server_handle(srv, "GET", do_wait_for_go, NULL);
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET / HTTP/1.0\r\n\r\n");
	wait_for_loop(SAID_HANDLER, "the handler never got the request");
	hs_server_shutdown(srv);
	/* The shutdown has begun (the listener is closed) while the request
	 * is in flight; only now may the response be finished. */
	ck_assert_msg(listener_closed_soon(), "still accepting after %d s",
	    WAIT_SECONDS);
	ck_assert_int_eq(write(go[1], "g", 1), 1);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "later\n");
	response_free(&r);
	close(fd);
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	ck_assert_int_lt(client_connect_to("127.0.0.1", port), 0);
	hs_server_free(srv);
	close(go[0]);
	close(go[1]);
}
END_TEST

static void
on_sigusr1(int sig)
{
	(void)sig;
	hs_server_shutdown(srv);
}

/* hs_server_shutdown() from a signal handler. */
START_TEST(test_shutdown_from_signal)
{
	create();
	start();
	signal(SIGUSR1, on_sigusr1);
	ck_assert_int_eq(pthread_kill(loop_thread, SIGUSR1), 0);
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	hs_server_free(srv);
}
END_TEST

/* A server on the caller's event loop, run by the caller. */
START_TEST(test_callers_event_base)
{
	struct event_base *base = event_base_new();
	struct response r;
	struct hs_server *own;

	signal(SIGPIPE, SIG_IGN);
	own = hs_server_new(base);
	ck_assert_ptr_eq(hs_server_base(own), base);
	hs_server_set_log_handler(own, keep_log, NULL);
	hs_server_handle(own, "SPAM", do_spam, body_4);
	ck_assert_int_eq(hs_server_listen(own, "127.0.0.1", 0), 0);
	ck_assert_int_eq(hs_server_listen(own, "127.0.0.1", 0), -1);
	srv = own;
	port = hs_server_port(own);
	ck_assert_int_eq(pthread_create(&loop_thread, NULL, run_loop, NULL),
	    0);
	ask("SPAM / HTTP/1.0\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "base\n");
	response_free(&r);
	stop();
	event_base_free(base);
}
END_TEST

/* --- the static handler, as a library user would use it --------------- */

START_TEST(test_static_handler_api)
{
	char *root = make_docroot();
	struct hs_static *st = hs_static_new(root);
	struct response r;

	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_null(hs_static_new("/nonexistent"));
	ck_assert_int_eq(errno, ENOENT);
	/* Cache-Control: a field value, HTAB allowed, no other control. */
	ck_assert_int_eq(hs_static_set_cache_control(st, "a\r\nX: 1"), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(hs_static_set_cache_control(st, "max-age=5,\tpublic"),
	    0);
	create();
	ck_assert_int_eq(hs_static_register(st, srv), 0);
	start();
	ask("GET /a.txt HTTP/1.0\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "hello\n");
	ck_assert_str_eq(response_header(&r, "Cache-Control"),
	    "max-age=5,\tpublic");
	response_free(&r);
	ask("GET /sub HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 301);
	response_free(&r);
	stop();
	hs_static_free(st);
	remove_docroot(root);
}
END_TEST

/* --- ranges and validators from a handler of one's own ------------------ */

/* The resource do_ranged() serves, its tag and date. */
static const char ranged_body[] = "0123456789abcdefghijklmnopqrstuvwxyz";
#define RANGED_TAG "\"v1\""
#define RANGED_DATE ((time_t)1700000000)

/* A GET handler that serves ranged_body as the static handler serves a
 * file: preconditions, then If-Range, then Range, by the public API. */
static enum hs_handler_result
do_ranged(struct hs_request *req, void *arg)
{
	struct hs_byte_range ranges[4];
	size_t count = 0, size = sizeof(ranged_body) - 1;
	enum hs_range_result r = HS_RANGE_WHOLE;
	enum hs_precondition pre;
	char value[64];
	const char *range = hs_request_header(req, "Range");

	(void)arg;
	pre = hs_request_preconditions(req, RANGED_TAG, RANGED_DATE);
	if (pre != HS_PRECONDITION_PASS) {
		hs_send_error(req, (int)pre, NULL, NULL);
		return HS_DONE;
	}
	if (range != NULL &&
	    hs_request_range_applies(req, RANGED_TAG, RANGED_DATE))
		r = hs_parse_range(range, (off_t)size, ranges, 4, &count);
	if (r == HS_RANGE_UNSATISFIABLE) {
		hs_send_error(req, 416, NULL, NULL);
		return HS_DONE;
	}
	if (r == HS_RANGE_PARTIAL && count == 1) {
		snprintf(value, sizeof(value), "%.*s",
		    (int)(ranges[0].last - ranges[0].first + 1),
		    ranged_body + ranges[0].first);
		reply(req, 206, value);
		return HS_DONE;
	}
	reply(req, 200, r == HS_RANGE_PARTIAL ? "several" : ranged_body);
	return HS_DONE;
}

START_TEST(test_ranges_and_validators_api)
{
	struct response r;
	char tag[HS_ETAG_SIZE];
	struct stat sb;

	create();
	ck_assert_int_eq(hs_server_handle(srv, "GET", do_ranged, NULL), 0);
	start();
	ask("GET / HTTP/1.0\r\nRange: bytes=10-12\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 206);
	ck_assert_str_eq(r.body, "abc");
	response_free(&r);
	ask("GET / HTTP/1.0\r\nRange: bytes=-2\r\nIf-Range: \"v1\"\r\n\r\n",
	    &r);
	ck_assert_str_eq(r.body, "yz");
	response_free(&r);
	ask("GET / HTTP/1.0\r\nRange: bytes=0-0,5-5\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "several");
	response_free(&r);
	ask("GET / HTTP/1.0\r\nRange: bytes=0-1\r\nIf-Range: \"v0\"\r\n\r\n",
	    &r);
	ck_assert_int_eq(r.status, 200);
	response_free(&r);
	ask("GET / HTTP/1.0\r\nRange: bytes=99-\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 416);
	response_free(&r);
	ask("GET / HTTP/1.0\r\nIf-None-Match: W/\"v1\"\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 304);
	response_free(&r);
	ask("GET / HTTP/1.0\r\nIf-Match: \"v2\", \"v3\"\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 412);
	response_free(&r);
	ask("GET / HTTP/1.0\r\nIf-Modified-Since: Tue, 14 Nov 2023 22:13:20 "
	    "GMT\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 304);
	response_free(&r);
	stop();
	/* The helpers alone. */
	ck_assert(hs_etag_match("\"a\", W/\"b\"", "\"b\"", 1));
	ck_assert(!hs_etag_match("\"a\", W/\"b\"", "\"b\"", 0));
	memset(&sb, 0, sizeof(sb));
	sb.st_ino = 0x1a;
	sb.st_size = 0x400;
	sb.st_mtim.tv_sec = 1;
	sb.st_mtim.tv_nsec = 5;
	ck_assert_uint_eq(hs_etag_from_stat(tag, sizeof(tag), &sb, "gzip"),
	    strlen(tag));
	ck_assert_str_eq(tag, "\"1a-400-3b9aca05-gzip\"");
	ck_assert(hs_etag_match(tag, tag, 0));
}
END_TEST

/* What the static handler offers other handlers: opening beneath its
 * directory by its link policy, and the directory's real path. */
START_TEST(test_static_open)
{
	char *root = make_docroot(), *real, path[512], buf[16];
	struct hs_static *st = hs_static_new(root);
	ssize_t n;
	int fd;

	ck_assert_ptr_nonnull(st);
	real = realpath(root, NULL);
	ck_assert_ptr_nonnull(real);
	ck_assert_str_eq(hs_static_directory(st), real);
	snprintf(path, sizeof(path), "%s/out", root);
	ck_assert_int_eq(symlink("../secret.txt", path), 0);
	fd = hs_static_open(st, "a.txt", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof(buf));
	ck_assert_int_eq(n, 6);
	ck_assert(memcmp(buf, "hello\n", 6) == 0);
	close(fd);
	fd = hs_static_open(st, "sub", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	errno = 0;
	ck_assert_int_eq(hs_static_open(st, "out", O_RDONLY | O_CLOEXEC), -1);
	ck_assert_int_eq(errno, EXDEV);
	errno = 0;
	ck_assert_int_eq(hs_static_open(st, "nothere", O_RDONLY), -1);
	ck_assert_int_eq(errno, ENOENT);
	hs_static_set_follow_symlinks(st, 1);
	fd = hs_static_open(st, "out", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	hs_static_free(st);
	st = hs_static_new("/");
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(hs_static_directory(st), "/");
	hs_static_free(st);
	free(real);
	remove_docroot(root);
}
END_TEST

/* Each static handler types its files by a MIME table of its own: a
 * mime.types file loaded into one changes neither the other handler nor
 * hs_guess_type().  GET is served by the first, LOOK by the second. */
START_TEST(test_static_mime_tables)
{
	char *root = make_docroot(), path[512];
	struct hs_static *mine = hs_static_new(root);
	struct hs_static *other = hs_static_new(root);
	const char *other_type;
	struct response r;

	ck_assert_ptr_nonnull(mine);
	ck_assert_ptr_nonnull(other);
	ck_assert_ptr_ne(hs_static_mime(mine), hs_static_mime(other));
	write_file(root, "my.types", "text/x-mine txt\n", 16);
	snprintf(path, sizeof(path), "%s/my.types", root);
	ck_assert_int_eq(hs_mime_load(hs_static_mime(mine), path), 0);
	other_type = hs_mime_guess_type(hs_static_mime(other), "a.txt");
	ck_assert_str_ne(other_type, "text/x-mine");
	create();
	ck_assert_int_eq(hs_server_handle(srv, "GET", hs_static_handle, mine),
	    0);
	ck_assert_int_eq(hs_server_handle(srv, "LOOK", hs_static_handle,
	    other), 0);
	start();
	ask("GET /a.txt HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-type"), "text/x-mine");
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	ask("LOOK /a.txt HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-type"), other_type);
	response_free(&r);
	/* Pinned web types stay as they are in every table. */
	ask("GET /sub/x.html HTTP/1.0\r\n\r\n", &r);
	ck_assert_str_eq(response_header(&r, "Content-type"), "text/html");
	response_free(&r);
	stop();
	ck_assert_str_eq(hs_guess_type("a.txt"), "text/plain");
	hs_static_free(mine);
	hs_static_free(other);
	remove_docroot(root);
}
END_TEST

/* Scripts may run as nobody: open the way to ROOT's files to all. */
static void
open_docroot_to_all(const char *root)
{
	char parent[512];

	snprintf(parent, sizeof(parent), "%s", root);
	*strrchr(parent, '/') = '\0';
	ck_assert_int_eq(chmod(parent, 0755), 0);
	ck_assert_int_eq(chmod(root, 0755), 0);
}

/* The executable script REL (its directory made already) of ROOT. */
static void
write_script(const char *root, const char *rel, const char *text)
{
	char path[512];

	write_file(root, rel, text, strlen(text));
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

/* Stop the loop and free what a CGI test made, in the order required. */
static void
cgi_test_end(struct hs_cgi *cgi, struct hs_static *st, char *root)
{
	hs_server_shutdown(srv);
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	hs_cgi_free(cgi);	/* before hs_server_free() */
	hs_server_free(srv);
	srv = NULL;
	hs_static_free(st);	/* after both */
	remove_docroot(root);
}

/* A program's own handler between CGI and the files: /own/... only. */
static enum hs_handler_result
do_own(struct hs_request *req, void *arg)
{
	char text[256];

	(void)arg;
	if (strncmp(hs_request_path(req), "/own/", 5) != 0)
		return HS_DECLINE;
	snprintf(text, sizeof(text), "own %s %s\n", hs_request_command(req),
	    hs_request_path(req));
	reply(req, 200, text);
	return HS_DONE;
}

/* CGI, a program's own GET handler and static files on one server, with
 * no router: each declines what is not its own, and a script's local
 * redirect reaches whichever handler serves its path. */
START_TEST(test_cgi_composed)
{
	static const char redirect[] = "#!/bin/sh\n"
	    "printf 'Location: /own/from-script\\n\\n'\n";
	static const char to_file[] = "#!/bin/sh\n"
	    "printf 'Location: /a.txt\\n\\n'\n";
	char *root = make_docroot(), path[512];
	struct hs_static *st = hs_static_new(root);
	struct hs_cgi *cgi;
	struct response r;

	ck_assert_ptr_nonnull(st);
	open_docroot_to_all(root);
	snprintf(path, sizeof(path), "%s/cgi-bin", root);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	write_script(root, "cgi-bin/redirect.sh", redirect);
	write_script(root, "cgi-bin/to-file.sh", to_file);
	cgi = hs_cgi_new(st);
	ck_assert_ptr_nonnull(cgi);
	create();
	ck_assert_int_eq(hs_cgi_register(cgi, srv), 0);
	ck_assert_int_eq(hs_server_add_handler(srv, "GET", do_own, NULL), 0);
	ck_assert_int_eq(hs_static_register(st, srv), 0);
	start();
	ask("GET /own/direct HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "own GET /own/direct\n");
	response_free(&r);
	ask("GET /a.txt HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	/* The script's local redirect, as a GET, to the program's handler
	 * (a POST's redirect too: RFC 3875 makes it a GET). */
	ask("GET /cgi-bin/redirect.sh HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "own GET /own/from-script\n");
	response_free(&r);
	ask("POST /cgi-bin/redirect.sh HTTP/1.0\r\nContent-Length: 3\r\n"
	    "\r\nabc", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "own GET /own/from-script\n");
	response_free(&r);
	/* ... and to a file, through the handlers after the program's. */
	ask("GET /cgi-bin/to-file.sh HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	cgi_test_end(cgi, st, root);
}
END_TEST

/* The CGI handler from a library user: its own directories, server name
 * and timeout, the settings' refusals, static files for the rest, and
 * hs_cgi_free() between the loop's end and hs_server_free(). */
START_TEST(test_cgi_handler_api)
{
	static const char *const dirs[] = { "/scripts", NULL };
	static const char *const bad_dirs[][2] = { { "scripts", NULL },
	    { "/scripts/", NULL }, { "/", NULL } };
	static const char script[] = "#!/bin/sh\n"
	    "printf 'Content-Type: text/plain\\n\\n'\n"
	    "echo \"$SERVER_NAME $REQUEST_METHOD $SCRIPT_NAME\"\n";
	char *root = make_docroot(), path[512];
	struct hs_static *st = hs_static_new(root);
	struct hs_cgi *cgi;
	struct response r;
	size_t i;

	ck_assert_ptr_nonnull(st);
	open_docroot_to_all(root);
	snprintf(path, sizeof(path), "%s/scripts", root);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	write_script(root, "scripts/hi.sh", script);
	cgi = hs_cgi_new(st);
	ck_assert_ptr_nonnull(cgi);
	for (i = 0; i < sizeof(bad_dirs) / sizeof(bad_dirs[0]); i++) {
		errno = 0;
		ck_assert_int_eq(hs_cgi_set_directories(cgi, bad_dirs[i]), -1);
		ck_assert_int_eq(errno, EINVAL);
	}
	ck_assert_int_eq(hs_cgi_set_timeout(cgi, -1), -1);
	ck_assert_int_eq(hs_cgi_set_timeout(cgi, HS_TIMEOUT_MAX + 1), -1);
	ck_assert_int_eq(hs_cgi_set_server_name(cgi, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(hs_cgi_set_directories(cgi, dirs), 0);
	ck_assert_int_eq(hs_cgi_set_timeout(cgi, 5.5), 0);
	ck_assert_int_eq(hs_cgi_set_server_name(cgi, "example.test"), 0);
	create();
	/* CGI first: it declines what is not a script, for the files. */
	ck_assert_int_eq(hs_cgi_register(cgi, srv), 0);
	ck_assert_int_eq(hs_static_register(st, srv), 0);
	start();
	ask("GET /scripts/hi.sh HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "example.test GET /scripts/hi.sh\n");
	response_free(&r);
	ask("POST /scripts/hi.sh HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
	    &r);
	ck_assert_str_eq(r.body, "example.test POST /scripts/hi.sh\n");
	response_free(&r);
	/* /cgi-bin is no longer a CGI directory: files are files. */
	ask("GET /cgi-bin/hi.sh HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 404);
	ck_assert(strstr(r.body, "File not found") != NULL);
	response_free(&r);
	ask("GET /a.txt HTTP/1.0\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	ask("POST /a.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 501);
	response_free(&r);
	cgi_test_end(cgi, st, root);
}
END_TEST

/* --- composing handlers ------------------------------------------------ */

/*
 * A handler that declines every path but its own, given as its argument:
 * it counts its calls in seen_int[slot] (the digit after '#' in the
 * argument, if any) and answers with its path.
 */
static enum hs_handler_result
do_only(struct hs_request *req, void *arg)
{
	const char *own = arg, *mark = strchr(own, '#');
	size_t len = mark != NULL ? (size_t)(mark - own) : strlen(own);

	if (mark != NULL)
		seen_int[mark[1] - '0']++;
	if (strlen(hs_request_path(req)) != len ||
	    strncmp(hs_request_path(req), own, len) != 0)
		return HS_DECLINE;
	reply(req, 200, own);
	return HS_DONE;
}

/* A chain of three: the first declines, the second answers, the third is
 * not called; a path none of them takes is 404. */
START_TEST(test_handler_chain)
{
	static char first[] = "/one#0", second[] = "/two#1", third[] = "/two#2";
	struct response r;

	create();
	ck_assert_int_eq(hs_server_add_handler(srv, "GET", do_only, first), 0);
	ck_assert_int_eq(hs_server_add_handler(srv, "GET", do_only, second),
	    0);
	ck_assert_int_eq(hs_server_add_handler(srv, "GET", do_only, third), 0);
	ck_assert_int_eq(hs_server_add_handler(srv, "BAD METHOD", do_only,
	    first), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(hs_server_add_handler(srv, "GET", NULL, first), -1);
	ck_assert_int_eq(errno, EINVAL);
	start();
	ask("GET /two HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "/two#1");
	response_free(&r);
	ask("GET /one HTTP/1.0\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "/one#0");
	response_free(&r);
	/* Every handler declines: 404. */
	ask("GET /three HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 404);
	ck_assert(strstr(r.body, "Error code: 404") != NULL);
	response_free(&r);
	stop();
	/* The first was asked each time, the second twice (not when the
	 * first answered), the third once (when the second declined). */
	ck_assert_int_eq(seen_int[0], 3);
	ck_assert_int_eq(seen_int[1], 2);
	ck_assert_int_eq(seen_int[2], 1);
	ck_assert(strstr(log_lines, "code 404, message Not Found\n"
	    "\"GET /three HTTP/1.0\" 404 -\n") != NULL);
}
END_TEST

/* Records the body mode of its request, and answers it. */
static enum hs_handler_result
do_body_mode(struct hs_request *req, void *arg)
{
	(void)arg;
	seen_int[*hs_request_command(req) - 'A'] =
	    (int)hs_request_body_mode(req) + 1;
	reply(req, 200, "mode");
	return HS_DONE;
}

/* hs_server_handle() replaces the chain, and keeps the body mode. */
START_TEST(test_handle_replaces_chain)
{
	static char first[] = "/a#0", second[] = "/b#1", third[] = "/b#2";
	struct response r;

	create();
	hs_server_add_handler(srv, "GET", do_only, first);
	hs_server_add_handler(srv, "GET", do_only, second);
	ck_assert_int_eq(hs_server_handle(srv, "GET", do_only, third), 0);
	hs_server_add_handler(srv, "POST", do_spam, body_0);
	ck_assert_int_eq(hs_server_set_body_mode(srv, "POST",
	    HS_BODY_DISCARD), 0);
	ck_assert_int_eq(hs_server_handle(srv, "POST", do_body_mode, NULL),
	    0);
	start();
	ask("GET /b HTTP/1.0\r\n\r\n", &r);
	ck_assert_str_eq(r.body, "/b#2");
	response_free(&r);
	ask("GET /a HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 404);
	response_free(&r);
	ask("POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi", &r);
	ck_assert_str_eq(r.body, "mode");
	response_free(&r);
	stop();
	ck_assert_int_eq(seen_int[0], 0);
	ck_assert_int_eq(seen_int[1], 0);
	ck_assert_int_eq(seen_int[2], 2);
	ck_assert_int_eq(seen_int['P' - 'A'], HS_BODY_DISCARD + 1);
}
END_TEST

/* hs_request_body_mode() gives each method's mode. */
START_TEST(test_request_body_mode)
{
	static const char *const reqs[] = {
		"BUFFER / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
		"DISCARD / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
		"STREAM / HTTP/1.0\r\n\r\n",
	};
	struct response r;
	size_t i;

	create();
	hs_server_handle(srv, "BUFFER", do_body_mode, NULL);
	hs_server_handle(srv, "DISCARD", do_body_mode, NULL);
	hs_server_handle(srv, "STREAM", do_body_mode, NULL);
	ck_assert_int_eq(hs_server_set_body_mode(srv, "DISCARD",
	    HS_BODY_DISCARD), 0);
	ck_assert_int_eq(hs_server_set_body_mode(srv, "STREAM",
	    HS_BODY_STREAM), 0);
	start();
	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		ask(reqs[i], &r);
		ck_assert_str_eq(r.body, "mode");
		response_free(&r);
	}
	stop();
	ck_assert_int_eq(seen_int['B' - 'A'], HS_BODY_BUFFER + 1);
	ck_assert_int_eq(seen_int['D' - 'A'], HS_BODY_DISCARD + 1);
	ck_assert_int_eq(seen_int['S' - 'A'], HS_BODY_STREAM + 1);
}
END_TEST

/* Where a redirected request ends: what it sees, then its answer. */
static enum hs_handler_result
do_redirected(struct hs_request *req, void *arg)
{
	size_t len;
	const char *body = hs_request_body(req, &len);

	(void)arg;
	snprintf(seen[0], sizeof(seen[0]), "%s|%s|%s|%s|%s|%d|%zu",
	    hs_request_command(req), hs_request_path(req),
	    hs_request_version(req), hs_request_line(req), body,
	    (int)hs_request_body_mode(req), len);
	seen_int[0] = hs_request_is_head(req);
	reply(req, 200, "redirected");
	return HS_DONE;
}

/* Redirects to SPAM /new, which sees no body (the buffered one is not
 * the new request's); its own answer is what redispatch returned. */
static enum hs_handler_result
do_redirect(struct hs_request *req, void *arg)
{
	int r;

	(void)arg;
	r = hs_request_redispatch(req, "SPAM", "/new?q");
	seen_int[1] = r;
	/* Answered: no second redispatch, no second response. */
	seen_int[2] = hs_request_redispatch(req, "SPAM", "/again");
	seen_int[3] = errno;
	return r == HS_DONE ? HS_DONE : HS_PENDING;
}

START_TEST(test_redispatch)
{
	struct response r;

	create();
	hs_server_handle(srv, "POST", do_redirect, NULL);
	hs_server_handle(srv, "SPAM", do_redirected, NULL);
	start();
	ask("POST /old HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "redirected");
	response_free(&r);
	stop();
	ck_assert_str_eq(seen[0], "SPAM|/new?q|HTTP/1.1|POST /old HTTP/1.1||"
	    "1|0");
	ck_assert_int_eq(HS_BODY_DISCARD, 1);
	ck_assert_int_eq(seen_int[0], 0);
	ck_assert_int_eq(seen_int[1], HS_DONE);
	ck_assert_int_eq(seen_int[2], -1);
	ck_assert_int_eq(seen_int[3], EINVAL);
	/* The log keeps the request line the client sent. */
	ck_assert_str_eq(log_lines, "\"POST /old HTTP/1.1\" 200 -\n");
}
END_TEST

/* A pending request redirected from its timer: to a handler that answers
 * at once (the callback finishes), or to one that is pending itself. */
static void
redispatch_later(evutil_socket_t fd, short what, void *arg)
{
	struct hs_request *req = arg;
	const char *to = strcmp(hs_request_path(req), "/now") == 0 ? "SPAM" :
	    "LATER";
	int r;

	(void)fd;
	(void)what;
	r = hs_request_redispatch(req, to, "/target");
	seen_int[to[0] == 'S' ? 0 : 1] = r + 1;
	if (r == HS_DONE)
		hs_request_finish(req);
}

static enum hs_handler_result
do_redirect_later(struct hs_request *req, void *arg)
{
	struct timeval tv = { 0, 1000 };

	(void)arg;
	event_base_once(hs_server_base(hs_request_server(req)), -1,
	    EV_TIMEOUT, redispatch_later, req, &tv);
	return HS_PENDING;
}

START_TEST(test_redispatch_pending)
{
	struct response r;
	int fd;

	create();
	hs_server_handle(srv, "GET", do_redirect_later, NULL);
	hs_server_handle(srv, "SPAM", do_spam, body_1);
	hs_server_handle(srv, "LATER", do_deferred, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	/* Kept alive and in order, whichever way each is finished. */
	client_send_str(fd, "GET /now HTTP/1.1\r\n\r\n"
	    "GET /later HTTP/1.1\r\n\r\nGET /now HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "now\n");
	response_free(&r);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "later\n");
	response_free(&r);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "now\n");
	response_free(&r);
	close(fd);
	stop();
	ck_assert_int_eq(seen_int[0], HS_DONE + 1);
	ck_assert_int_eq(seen_int[1], HS_PENDING + 1);
}
END_TEST

/* Written by handlers, read by the test: one byte a step. */
static int steps[2] = { -1, -1 };

static void
step_done(void)
{
	ck_assert_int_eq(write(steps[1], "s", 1), 1);
}

/* Wait (bounded) for a handler's step_done(). */
static void
wait_step(void)
{
	struct pollfd p = { steps[0], POLLIN, 0 };
	char c;

	ck_assert_int_eq(poll(&p, 1, WAIT_SECONDS * 1000), 1);
	ck_assert_int_eq(read(steps[0], &c, 1), 1);
}

/* The abort hook of the handler a request was redirected to. */
static void
on_abort_step(struct hs_request *req, void *arg)
{
	(void)arg;
	seen_int[0] = hs_request_aborted(req);
	seen_int[1] = hs_request_redispatch(req, "SPAM", "/x");
	seen_int[2] = errno;
	hs_request_finish(req);	/* frees it: the client is gone */
	step_done();
}

static enum hs_handler_result
do_wait_step(struct hs_request *req, void *arg)
{
	(void)arg;
	hs_request_on_abort(req, on_abort_step, NULL);
	step_done();
	return HS_PENDING;
}

/* A drain hook that only counts its calls. */
static void
count_drain(struct hs_request *req, void *arg)
{
	(void)req;
	(void)arg;
	seen_int[4]++;
}

static enum hs_handler_result
do_redirect_to_wait(struct hs_request *req, void *arg)
{
	(void)arg;
	/* Dropped by the redispatch: the output is empty, so a drain hook
	 * left in place would be called at once from the loop. */
	hs_request_on_drain(req, count_drain, NULL, 0);
	return (enum hs_handler_result)hs_request_redispatch(req, "WAIT", "/");
}

/* A redirected request left pending: when its client goes, the hook of
 * the handler that kept it runs, and it owns the request. */
START_TEST(test_redispatch_abort)
{
	int fd;

	ck_assert_int_eq(pipe(steps), 0);
	create();
	hs_server_handle(srv, "GET", do_redirect_to_wait, NULL);
	hs_server_handle(srv, "WAIT", do_wait_step, NULL);
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET / HTTP/1.1\r\n\r\n");
	wait_step();
	close(fd);
	wait_step();
	stop();
	ck_assert_int_eq(seen_int[0], 1);
	ck_assert_int_eq(seen_int[1], -1);
	ck_assert_int_eq(seen_int[2], EPIPE);
	/* The first handler's hook was never called. */
	ck_assert_int_eq(seen_int[4], 0);
	close(steps[0]);
	close(steps[1]);
}
END_TEST

/* Redirects GET /N to GET /N+1 until refused, then answers with what it
 * saw: the bound ends the recursion, nothing having been sent. */
static enum hs_handler_result
do_redirect_loop(struct hs_request *req, void *arg)
{
	char next[32], body[64];
	int n = atoi(hs_request_path(req) + 1), r;

	(void)arg;
	snprintf(next, sizeof(next), "/%d", n + 1);
	r = hs_request_redispatch(req, "GET", next);
	if (r >= 0)
		return (enum hs_handler_result)r;
	seen_int[0] = r;
	seen_int[1] = errno;
	seen_int[2] = n;
	snprintf(body, sizeof(body), "stopped at %s", hs_request_path(req));
	reply(req, 200, body);
	return HS_DONE;
}

START_TEST(test_redispatch_bound)
{
	struct response r;
	int fd;

	create();
	hs_server_handle(srv, "GET", do_redirect_loop, NULL);
	hs_server_set_protocol_version(srv, "HTTP/1.1");
	start();
	fd = client_connect(port);
	client_send_str(fd, "GET /0 HTTP/1.1\r\n\r\nGET /0 HTTP/1.1\r\n\r\n");
	/* One response each, the same: the count starts again per request. */
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "stopped at /10");
	response_free(&r);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "stopped at /10");
	response_free(&r);
	ck_assert(!client_sees_eof(fd, 100));
	close(fd);
	stop();
	ck_assert_int_eq(seen_int[0], -1);
	ck_assert_int_eq(seen_int[1], ELOOP);
	ck_assert_int_eq(seen_int[2], 10);
}
END_TEST

/* Redirects that are refused, then one to a method nobody handles. */
static enum hs_handler_result
do_redirect_badly(struct hs_request *req, void *arg)
{
	int n = 0;

	(void)arg;
	if (strcmp(hs_request_path(req), "/nowhere") == 0)
		return (enum hs_handler_result)hs_request_redispatch(req,
		    "BREW", "/pot");
	note(&n, hs_request_redispatch(req, "BAD METHOD", "/x"));
	note(&n, hs_request_redispatch(req, "", "/x"));
	note(&n, hs_request_redispatch(req, "GET", "/a b"));
	note(&n, hs_request_redispatch(req, "GET", "/a\r\nX: y"));
	note(&n, hs_request_redispatch(req, NULL, "/x"));
	/* Nothing changed: */
	snprintf(seen[0], sizeof(seen[0]), "%s %s", hs_request_command(req),
	    hs_request_path(req));
	hs_send_response(req, 200, NULL);
	/* A response has begun: too late. */
	note(&n, hs_request_redispatch(req, "SPAM", "/x"));
	hs_send_header(req, "Content-Length", "2");
	hs_end_headers(req);
	hs_write(req, "ok", 2);
	return HS_DONE;
}

START_TEST(test_redispatch_refused)
{
	static const int want[] = {
		-1, EINVAL, -1, EINVAL, -1, EINVAL, -1, EINVAL, -1, EINVAL,
		-1, EINVAL,
	};
	struct response r;
	size_t i;

	create();
	hs_server_handle(srv, "GET", do_redirect_badly, NULL);
	hs_server_handle(srv, "SPAM", do_spam, body_0);
	start();
	ask("GET /x HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "ok");
	response_free(&r);
	ask("GET /nowhere HTTP/1.0\r\n\r\n", &r);
	ck_assert_int_eq(r.status, 501);
	ck_assert(strstr(r.body, "Unsupported method ('BREW')") != NULL);
	response_free(&r);
	stop();
	ck_assert_str_eq(seen[0], "GET /x");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(seen_int[i] == want[i], "slot %zu: %d, want %d",
		    i, seen_int[i], want[i]);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_custom_method);
	tcase_add_test(tc, test_request_accessors);
	tcase_add_test(tc, test_buffered_body);
	tcase_add_test(tc, test_expect_continue);
	tcase_add_test(tc, test_streamed_body);
	tcase_add_test(tc, test_read_body_needs_stream_mode);
	tcase_add_test(tc, test_streamed_response_backpressure);
	tcase_add_test(tc, test_deferred_response);
	tcase_add_test(tc, test_client_abort);
	tcase_add_test(tc, test_free_with_pending_request);
	tcase_add_test(tc, test_misuse_refused);
	tcase_add_test(tc, test_no_body_allowed);
	tcase_add_test(tc, test_misuse_repaired);
	tcase_add_test(tc, test_finish_not_pending);
	tcase_add_test(tc, test_send_file);
	tcase_add_test(tc, test_settings);
	tcase_add_test(tc, test_log_hook_reset);
	tcase_add_test(tc, test_keep_alive_across_handlers);
	tcase_add_test(tc, test_shutdown_finishes_in_flight);
	tcase_add_test(tc, test_shutdown_from_signal);
	tcase_add_test(tc, test_callers_event_base);
	tcase_add_test(tc, test_static_handler_api);
	tcase_add_test(tc, test_ranges_and_validators_api);
	tcase_add_test(tc, test_static_open);
	tcase_add_test(tc, test_static_mime_tables);
	tcase_add_test(tc, test_cgi_handler_api);
	tcase_add_test(tc, test_cgi_composed);
	tcase_add_test(tc, test_handler_chain);
	tcase_add_test(tc, test_handle_replaces_chain);
	tcase_add_test(tc, test_request_body_mode);
	tcase_add_test(tc, test_redispatch);
	tcase_add_test(tc, test_redispatch_pending);
	tcase_add_test(tc, test_redispatch_abort);
	tcase_add_test(tc, test_redispatch_bound);
	tcase_add_test(tc, test_redispatch_refused);
	suite_add_tcase(s, tc);
	return s;
}
