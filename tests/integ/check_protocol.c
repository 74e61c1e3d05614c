/* SPDX-License-Identifier: MIT */
/*
 * check_protocol.c - the connection engine of the real binary: keep-alive
 * and close rules, pipelining, request bodies read or discarded so the
 * connection stays in step, Expect: 100-continue, every limit on both
 * sides of its bound, every parse error with Python's answer, half-closed
 * and byte-at-a-time clients, and the log lines.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "http/hs_limits.h"
#include "runner.h"

static struct server srv11;	/* -p HTTP/1.1 */
static struct server srv10;	/* the default, HTTP/1.0 */
static char *root;

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	root = make_docroot();
	ck_assert_msg(server_start_simple(&srv11, 0, root, "HTTP/1.1") == 0,
	    "server did not start: %s", srv11.why);
	ck_assert_msg(server_start_simple(&srv10, 0, root, NULL) == 0,
	    "server did not start: %s", srv10.why);
}

static void
teardown(void)
{
	server_stop(&srv11, SIGINT, NULL);
	server_stop(&srv10, SIGINT, NULL);
	remove_docroot(root);
}

/* Read one response on FD and check its status (and body, if given). */
static void
expect_response(int fd, int status, const char *body, int no_body)
{
	struct response r;

	ck_assert_msg(read_response(fd, &r, no_body) == 0,
	    "no response (want %d)", status);
	ck_assert_msg(r.status == status, "got %d, want %d", r.status,
	    status);
	if (body != NULL)
		ck_assert_str_eq(r.body, body);
	response_free(&r);
}

/* The requests of the keep-alive table (all GET /a.txt, "hello\n"). */
#define GET_11 "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
#define GET_10 "GET /a.txt HTTP/1.0\r\n\r\n"
#define GET_10_KEEP "GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"

/* One request on a connection, and the Connection header of its answer
 * (NULL: none). */
struct exchange {
	const char *request;
	const char *connection;
};

/*
 * Keep-alive and close rules: a server, exchanges made in turn on one
 * connection (each but the last must leave it open, or the next gets no
 * answer), and whether the server closes after the last.  The rules are
 * Python's: an HTTP/1.1 server keeps an HTTP/1.1 client unless it says
 * "Connection: close", and an HTTP/1.0 client that says keep-alive (the
 * server tells it so, else it must assume a close); the default server,
 * HTTP/1.0, closes after each answer.  Unlike Python, an answer after
 * which we close says "Connection: close" (RFC 9112 section 9.6).
 */
struct keep_alive_row {
	const char *what;
	struct server *srv;
	struct exchange steps[5];	/* up to the first NULL request */
	int closes;
};

static const struct keep_alive_row keep_alive_rows[] = {
	{ "HTTP/1.1 on both sides: request after request", &srv11,
	    { { GET_11, NULL }, { GET_11, NULL }, { GET_11, NULL },
	    { GET_11, NULL }, { GET_11, NULL } }, 0 },
	{ "the default protocol, HTTP/1.0: one answer, then EOF", &srv10,
	    { { GET_11, "close" } }, 1 },
	{ "Connection: close from an HTTP/1.1 client", &srv11,
	    { { "GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
	    "close" } }, 1 },
	{ "Connection: close in any case", &srv11,
	    { { "GET /a.txt HTTP/1.1\r\nConnection: CLOSE\r\n\r\n",
	    "close" } }, 1 },
	{ "an HTTP/1.0 client kept alive while it asks, not after", &srv11,
	    { { GET_10_KEEP, "keep-alive" }, { GET_10, "close" } }, 1 },
	{ "keep-alive in any case", &srv11,
	    { { "GET /a.txt HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
	    "keep-alive" }, { GET_10_KEEP, "keep-alive" } }, 0 },
	{ "an HTTP/1.0 server does not keep an HTTP/1.0 client", &srv10,
	    { { GET_10_KEEP, "close" } }, 1 },
};

/* Is the header value GOT (NULL: absent) the WANT of a row (NULL: none)? */
static int
same_header(const char *got, const char *want)
{
	if (got == NULL || want == NULL)
		return got == want;
	return strcmp(got, want) == 0;
}

START_TEST(test_keep_alive)
{
	const struct keep_alive_row *row = &keep_alive_rows[_i];
	const size_t nsteps = sizeof(row->steps) / sizeof(row->steps[0]);
	int fd = client_connect(row->srv->port);
	const char *got;
	struct response r;
	size_t i;

	for (i = 0; i < nsteps && row->steps[i].request != NULL; i++) {
		const struct exchange *e = &row->steps[i];

		client_send_str(fd, e->request);
		ck_assert_msg(read_response(fd, &r, 0) == 0, "%s: no answer "
		    "to request %zu", row->what, i + 1);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(r.body, "hello\n");
		got = response_header(&r, "Connection");
		ck_assert_msg(same_header(got, e->connection), "%s: answer %zu "
		    "says Connection: %s", row->what, i + 1,
		    got != NULL ? got : "(none)");
		response_free(&r);
	}
	if (row->closes)
		ck_assert_msg(client_sees_eof(fd, 5000), "%s: still open",
		    row->what);
	else
		ck_assert_msg(!client_sees_eof(fd, 200), "%s: closed",
		    row->what);
	close(fd);
}
END_TEST

/* Pipelined requests sent in one write are answered in order. */
START_TEST(test_pipelining)
{
	static const char *const paths[] = { "/a.txt", "/sub/x.html",
	    "/nope", "/withindex/", "/empty.txt" };
	static const char *const bodies[] = { "hello\n", "<p>x</p>\n", NULL,
	    "<h1>index</h1>\n", "" };
	static const int statuses[] = { 200, 200, 404, 200, 200 };
	char req[8192];
	size_t len = 0, i;
	int fd = client_connect(srv11.port);

	for (i = 0; i < 20; i++)
		len += (size_t)snprintf(req + len, sizeof(req) - len,
		    "%s %s HTTP/1.1\r\nHost: x\r\n\r\n",
		    i % 7 == 3 ? "HEAD" : "GET", paths[i % 5]);
	client_send(fd, req, len);
	/* The 404s keep the connection (Python's would end the pipeline):
	 * the request was read whole, the next one can be found. */
	for (i = 0; i < 20; i++)
		expect_response(fd, statuses[i % 5], i % 7 == 3 ? "" :
		    bodies[i % 5], i % 7 == 3);
	ck_assert(!client_sees_eof(fd, 100));
	close(fd);
}
END_TEST

/* Many more pipelined requests than one burst or one output window. */
START_TEST(test_pipelining_long)
{
	const size_t n = 500;
	size_t len = 0, i;
	char *req = malloc(n * 64);
	int fd = client_connect(srv11.port);

	for (i = 0; i < n; i++)
		len += (size_t)sprintf(req + len, "GET /%s HTTP/1.1\r\n\r\n",
		    i % 2 ? "a.txt" : "sub/x.html");
	client_send(fd, req, len);
	for (i = 0; i < n; i++)
		expect_response(fd, 200, i % 2 ? "hello\n" : "<p>x</p>\n", 0);
	ck_assert(!client_sees_eof(fd, 100));
	close(fd);
	free(req);
}
END_TEST

/* A GET with a body: the body is read and dropped, never parsed as the
 * next request (Python would answer it as one). */
START_TEST(test_body_discarded)
{
	int fd = client_connect(srv11.port);

	client_send_str(fd, "GET /a.txt HTTP/1.1\r\nContent-Length: 27\r\n\r\n"
	    "GET /nope HTTP/1.1\r\n\r\nXXXXX"
	    "GET /sub/x.html HTTP/1.1\r\n\r\n");
	expect_response(fd, 200, "hello\n", 0);
	expect_response(fd, 200, "<p>x</p>\n", 0);
	client_send_str(fd, "GET /a.txt HTTP/1.1\r\nTransfer-Encoding: chunked"
	    "\r\n\r\n5\r\nGET /\r\n0\r\nTrailer: x\r\n\r\n"
	    "HEAD /a.txt HTTP/1.1\r\n\r\n");
	expect_response(fd, 200, "hello\n", 0);
	expect_response(fd, 200, "", 1);
	ck_assert(!client_sees_eof(fd, 100));
	close(fd);
}
END_TEST

/* Expect: 100-continue gets "100 Continue" before the body is sent. */
START_TEST(test_expect_continue)
{
	int fd = client_connect(srv11.port);
	char buf[64];
	const char *want = "HTTP/1.1 100 Continue\r\n\r\n";
	size_t got = 0;

	client_send_str(fd, "GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n"
	    "Content-Length: 3\r\n\r\n");
	while (got < strlen(want)) {
		ssize_t n = recv(fd, buf + got, strlen(want) - got, 0);

		ck_assert_int_gt(n, 0);
		got += (size_t)n;
	}
	buf[got] = '\0';
	ck_assert_str_eq(buf, want);
	client_send_str(fd, "abc");
	expect_response(fd, 200, "hello\n", 0);
	close(fd);
}
END_TEST

/* Send REQ (LEN bytes) to PORT; the status of the reply, which must close
 * the connection (every error here does). */
static int
status_of(int port, const char *req, size_t len)
{
	int fd = client_connect(port), status;
	struct response r;

	client_send(fd, req, len);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	status = r.status;
	if (status >= 400) {
		ck_assert_str_eq(response_header(&r, "Connection"), "close");
		ck_assert(client_sees_eof(fd, 5000));
	}
	response_free(&r);
	close(fd);
	return status;
}

/* A GET of a path of N 'a's (under 64 KiB: a 404). */
static char *
long_request_line(size_t line_len, size_t *len)
{
	char *s = malloc(line_len + 8);

	/* "GET /aaa... HTTP/1.0\r\n" is LINE_LEN bytes. */
	memcpy(s, "GET /", 5);
	memset(s + 5, 'a', line_len - 16);
	memcpy(s + line_len - 11, " HTTP/1.0\r\n\r\n", 13);
	*len = line_len + 2;
	return s;
}

/* Request line: 65536 bytes pass (404), 65537 get 414. */
START_TEST(test_request_line_limit)
{
	size_t len;
	char *req = long_request_line(HS_MAX_LINE, &len);

	ck_assert_int_eq(status_of(srv11.port, req, len), 404);
	free(req);
	req = long_request_line(HS_MAX_LINE + 1, &len);
	ck_assert_int_eq(status_of(srv11.port, req, len), 414);
	free(req);
}
END_TEST

/* A request with one header line of LINE_LEN bytes (CRLF included). */
static char *
long_header(size_t line_len, size_t *len)
{
	static const char start[] = "GET /a.txt HTTP/1.0\r\nX: ";
	size_t n = strlen(start);
	char *s = malloc(n + line_len + 8);

	memcpy(s, start, n);
	memset(s + n, 'v', line_len - 5);
	memcpy(s + n + line_len - 5, "\r\n\r\n", 4);
	*len = n + line_len - 1;
	return s;
}

/* Header line: 65536 bytes pass, 65537 get 431. */
START_TEST(test_header_line_limit)
{
	size_t len;
	char *req = long_header(HS_MAX_LINE, &len);

	ck_assert_int_eq(status_of(srv11.port, req, len), 200);
	free(req);
	req = long_header(HS_MAX_LINE + 1, &len);
	ck_assert_int_eq(status_of(srv11.port, req, len), 431);
	free(req);
}
END_TEST

/* A request with N header fields. */
static char *
many_headers(size_t n, size_t *len)
{
	char *s = malloc(64 + n * 24);
	size_t i;

	*len = (size_t)sprintf(s, "GET /a.txt HTTP/1.0\r\n");
	for (i = 0; i < n; i++)
		*len += (size_t)sprintf(s + *len, "X-H%zu: v\r\n", i);
	*len += (size_t)sprintf(s + *len, "\r\n");
	return s;
}

/* Header count: 99 pass, 100 get 431 (Python's limit, blank line
 * counted); the whole head is bounded too. */
START_TEST(test_header_count_limit)
{
	size_t len;
	char *req = many_headers(HS_MAX_HEADERS, &len);

	ck_assert_int_eq(status_of(srv11.port, req, len), 200);
	free(req);
	req = many_headers(HS_MAX_HEADERS + 1, &len);
	ck_assert_int_eq(status_of(srv11.port, req, len), 431);
	free(req);
}
END_TEST

/* Five header lines of 60000 bytes: each within its limit, the head
 * beyond HS_MAX_HEAD. */
START_TEST(test_head_size_limit)
{
	size_t line = 60000, i, len;
	char *req = malloc(6 * line);

	len = (size_t)sprintf(req, "GET /a.txt HTTP/1.0\r\n");
	for (i = 0; i < 5; i++) {
		len += (size_t)sprintf(req + len, "X%zu: ", i);
		memset(req + len, 'v', line);
		len += line;
		memcpy(req + len, "\r\n", 2);
		len += 2;
	}
	memcpy(req + len, "\r\n", 2);
	len += 2;
	ck_assert_int_gt(len, HS_MAX_HEAD);
	ck_assert_int_eq(status_of(srv11.port, req, len), 431);
	free(req);
}
END_TEST

struct error_row {
	const char *req;
	int status;
	const char *message;	/* in the page: "Message: %s." */
	int keeps;		/* read whole: the connection stays */
};

static const struct error_row error_rows[] = {
	{ "SPAM / HTTP/1.1\r\n\r\n", 501, "Unsupported method ('SPAM')", 1 },
	{ "get / HTTP/1.1\r\n\r\n", 501, "Unsupported method ('get')", 1 },
	{ "SPAM / HTTP/1.1\r\nContent-Length: 3\r\n\r\n", 501,
	    "Unsupported method ('SPAM')", 0 },
	{ "GET / HTTP/2.0\r\n\r\n", 505, "Invalid HTTP version (2.0)", 0 },
	{ "GET / HTTP/1.x\r\n\r\n", 400, "Bad request version ('HTTP/1.x')", 0 },
	/* One digit a part (RFC 9112 section 2.3); Python refuses more than
	 * ten with this message, and takes "HTTP/1.01" as 1.1. */
	{ "GET / HTTP/1.00000000001\r\n\r\n", 400,
	    "Bad request version ('HTTP/1.00000000001')", 0 },
	{ "GET / HTTP/1.01\r\n\r\n", 400,
	    "Bad request version ('HTTP/1.01')", 0 },
	{ "GET / x HTTP/1.1\r\n\r\n", 400,
	    "Bad request syntax ('GET / x HTTP/1.1')", 0 },
	{ "GET /a'b HTTP/1.1 z\r\n\r\n", 400, "Bad request version ('z')", 0 },
	{ "GET / HTTP/1.1\r\n folded: x\r\n\r\n", 400, "Bad header line", 0 },
	{ "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400, "Bad header line", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n", 400,
	    "Both Content-Length and Transfer-Encoding", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n",
	    400, "Duplicate Content-Length", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400,
	    "Bad Content-Length", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
	    "Unsupported transfer coding", 0 },
	{ "GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
	    "Transfer-Encoding before HTTP/1.1", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
	    "Bad chunked encoding", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413,
	    "Request Entity Too Large", 0 },
	/* Request smuggling (RFC 9112 sections 6 and 11): each carries a
	 * second request that must never be answered. */
	{ "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\n"
	    "GET /a.txt HTTP/1.1\r\n\r\n", 400, "Duplicate Content-Length", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: +5\r\n\r\nGET /a.txt "
	    "HTTP/1.1\r\n\r\n", 400, "Bad Content-Length", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\nabcde", 400,
	    "Bad Content-Length", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n"
	    "0\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", 400,
	    "Bad Transfer-Encoding", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
	    "Bad Transfer-Encoding", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n"
	    "0\r\n\r\n", 400, "Bad header line", 0 },
	{ "GET / HTTP/1.1\r\nX: y\rTransfer-Encoding: chunked\r\n\r\n",
	    400, "Bad header line", 0 },
	{ "GET / HTTP/1.1\r\nContent-Length: 0\r\n Transfer-Encoding: "
	    "chunked\r\n\r\n", 400, "Bad header line", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "10000000000000000\r\nx\r\n0\r\n\r\n", 400,
	    "Bad chunked encoding", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    " 5\r\nhello\r\n0\r\n\r\n", 400, "Bad chunked encoding", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\nhello\n0\n\nGET /a.txt HTTP/1.1\r\n\r\n", 400,
	    "Bad chunked encoding", 0 },
	{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "3\r\nabcGET /a.txt HTTP/1.1\r\n\r\n", 400,
	    "Bad chunked encoding", 0 },
};

/* Each malformed request gets its status, Python's page with the message,
 * and a closed connection, said so; a well-formed one refused (a method we
 * do not serve, without a body) keeps it, as nginx does, where Python's
 * send_error() closes. */
START_TEST(test_errors)
{
	const struct error_row *e = &error_rows[_i];
	int fd = client_connect(srv11.port);
	struct response r;
	char want[256];

	client_send_str(fd, e->req);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, e->status);
	snprintf(want, sizeof(want), "<p>Message: %s.</p>", e->message);
	ck_assert_msg(strstr(r.body, want) != NULL, "no \"%s\" in %s", want,
	    r.body);
	if (e->keeps) {
		ck_assert_ptr_null(response_header(&r, "Connection"));
		client_send_str(fd, "GET /a.txt HTTP/1.1\r\n\r\n");
		expect_response(fd, 200, "hello\n", 0);
	} else {
		ck_assert_str_eq(response_header(&r, "Connection"), "close");
		ck_assert(client_sees_eof(fd, 5000));
	}
	response_free(&r);
	close(fd);
}
END_TEST

/* A NUL byte in a header field: 400 and close, never a truncated value. */
START_TEST(test_nul_in_header)
{
	static const char req[] = "GET /a.txt HTTP/1.1\r\nX: a\0b\r\n\r\n"
	    "GET /a.txt HTTP/1.1\r\n\r\n";
	int fd = client_connect(srv11.port);
	struct response r;

	client_send(fd, req, sizeof(req) - 1);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 400);
	response_free(&r);
	ck_assert(client_sees_eof(fd, 5000));
	close(fd);
}
END_TEST

/* HTTP/0.9-style requests get HTTP/0.9-style answers (no status line). */
START_TEST(test_simple_request_errors)
{
	size_t len;
	char *out = http_raw(srv11.port, "POST /\r\n\r\n", 10, &len);

	ck_assert(strncmp(out, "<!DOCTYPE HTML>", 15) == 0);
	ck_assert(strstr(out, "Bad HTTP/0.9 request type ('POST')") != NULL);
	free(out);
	out = http_raw(srv11.port, "GET /nope\r\n\r\n", 13, &len);
	ck_assert(strncmp(out, "<!DOCTYPE HTML>", 15) == 0);
	ck_assert(strstr(out, "Error code: 404") != NULL);
	free(out);
}
END_TEST

/* The version word "HTTP/0.9" is answered as Python answers it: the body
 * alone, headers read first, the connection closed, byte for byte as
 * python3 -m http.server.  "HTTP/0.09" is 400 (one digit a part, RFC 9112
 * section 2.3), where Python answers it as HTTP/0.9 with a status line. */
START_TEST(test_explicit_http09_version)
{
	static const char *const reqs[] = {
		"GET /a.txt HTTP/0.9\r\n\r\n",
		"GET /nope HTTP/0.9\r\nX: y\r\n\r\n",
		"GET /nope HTTP/0.09\r\n\r\n",
	};
	struct server py;
	size_t i, len, pylen;
	char *out, *pyout;

	ck_assert_msg(server_start_simple(&py, 1, root, NULL) == 0, "%s",
	    py.why);
	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		out = http_raw(srv10.port, reqs[i], strlen(reqs[i]), &len);
		pyout = http_raw(py.port, reqs[i], strlen(reqs[i]), &pylen);
		if (i < 2) {
			ck_assert_msg(len == pylen && memcmp(out, pyout,
			    len) == 0, "%s: not Python's bare body",
			    reqs[i]);
			ck_assert(strncmp(out, "HTTP/", 5) != 0);
		} else {
			ck_assert(strncmp(out, "HTTP/1.0 400 ", 13) == 0);
			ck_assert(strstr(out, "Message: Bad request version "
			    "('HTTP/0.09').") != NULL);
			ck_assert(strncmp(pyout, "HTTP/1.0 404 ", 13) == 0);
		}
		free(out);
		free(pyout);
	}
	server_stop(&py, SIGINT, NULL);
}
END_TEST

/* A blank request line: Python closes without a word. */
START_TEST(test_blank_line_closes)
{
	size_t len;
	char *out = http_raw(srv11.port, "\r\n", 2, &len);

	ck_assert_uint_eq(len, 0);
	free(out);
}
END_TEST

/* A request trickled one byte per write is answered like any other. */
START_TEST(test_byte_at_a_time)
{
	const char *req = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n";
	int fd = client_connect(srv11.port), one = 1;
	size_t i;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (i = 0; req[i] != '\0'; i++) {
		client_send(fd, req + i, 1);
		usleep(1000);
	}
	expect_response(fd, 200, "hello\n", 0);
	close(fd);
}
END_TEST

/* A client that half-closes after its request still gets the response. */
START_TEST(test_half_close)
{
	int fd = client_connect(srv11.port);
	size_t len;
	char *all;

	client_send_str(fd, "GET /a.txt HTTP/1.1\r\n\r\nGET /sub/x.html "
	    "HTTP/1.1\r\n\r\n");
	shutdown(fd, SHUT_WR);
	all = client_read_all(fd, &len, NULL);
	ck_assert(text_matches(all, "^HTTP/1.1 200 OK\r\n.*\r\n\r\nhello\n"
	    "HTTP/1.1 200 OK\r\n.*\r\n\r\n<p>x</p>\n$"));
	free(all);
	close(fd);
}
END_TEST

/* One idle connection must not hold up anyone else. */
START_TEST(test_idle_client_does_not_block)
{
	int idle = client_connect(srv11.port);
	int partial = client_connect(srv11.port);
	struct response r;

	client_send_str(partial, "GET /a.txt HTTP/1.1\r\nHos");
	ck_assert_int_eq(http_get(srv11.port, "GET", "/a.txt", &r), 0);
	ck_assert_int_eq(r.status, 200);
	response_free(&r);
	close(idle);
	close(partial);
}
END_TEST

/* Many clients at once, each answered. */
START_TEST(test_many_connections)
{
	enum { N = 200 };
	static int fds[N];
	size_t i;

	for (i = 0; i < N; i++) {
		fds[i] = client_connect(srv11.port);
		client_send_str(fds[i], "GET /a.txt HTTP/1.1\r\n\r\n");
	}
	for (i = 0; i < N; i++) {
		expect_response(fds[i], 200, "hello\n", 0);
		close(fds[i]);
	}
}
END_TEST

/* Python's log lines: the error line before the access line, local time,
 * request line quoted, size "-". */
START_TEST(test_log_lines)
{
	struct response r;
	char *err;

	ck_assert_int_eq(http_get(srv10.port, "GET", "/log-me-404", &r), 0);
	response_free(&r);
	ck_assert_int_eq(server_wait_stderr(&srv10,
	    "\"GET /log-me-404 HTTP/1.0\" 404 -\n"), 0);
	err = server_stderr(&srv10);
	ck_assert(text_matches(err, "127\\.0\\.0\\.1 - - \\[[0-9]{2}/[A-Z][a-z]{2}/"
	    "[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\\] code 404, message File "
	    "not found\n127\\.0\\.0\\.1 - - \\[[^]]*\\] \"GET /log-me-404 "
	    "HTTP/1\\.0\" 404 -\n"));
	free(err);
}
END_TEST

/* Control characters from the client never reach the log raw. */
START_TEST(test_log_escaping)
{
	size_t len;
	char *out, *err;
	static const char esc[] = "GET /\x1b[31mred HTTP/1.0\r\n\r\n";
	static const char c1[] = "GET /\x85\\x HTTP/1.0\r\n\r\n";

	out = http_raw(srv10.port, esc, strlen(esc), &len);
	free(out);
	out = http_raw(srv10.port, c1, strlen(c1), &len);
	free(out);
	ck_assert_int_eq(server_wait_stderr(&srv10, "\\\\x HTTP/1.0\" 404"),
	    0);
	err = server_stderr(&srv10);
	ck_assert(strstr(err, "\"GET /\\x1b[31mred HTTP/1.0\" 400 -") != NULL);
	ck_assert(strstr(err, "Bad request syntax ('GET /\\\\x1b[31mred "
	    "HTTP/1.0')") != NULL);
	ck_assert(strstr(err, "\"GET /\\x85\\\\x HTTP/1.0\" 404 -") != NULL);
	ck_assert(strchr(err, 0x1b) == NULL);
	ck_assert(strstr(err, "\xc2\x85") == NULL);
	free(err);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("protocol");
	TCase *tc = tcase_create("protocol");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_keep_alive, 0,
	    (int)(sizeof(keep_alive_rows) / sizeof(keep_alive_rows[0])));
	tcase_add_test(tc, test_pipelining);
	tcase_add_test(tc, test_pipelining_long);
	tcase_add_test(tc, test_body_discarded);
	tcase_add_test(tc, test_expect_continue);
	tcase_add_test(tc, test_request_line_limit);
	tcase_add_test(tc, test_header_line_limit);
	tcase_add_test(tc, test_header_count_limit);
	tcase_add_test(tc, test_head_size_limit);
	tcase_add_loop_test(tc, test_errors, 0,
	    (int)(sizeof(error_rows) / sizeof(error_rows[0])));
	tcase_add_test(tc, test_nul_in_header);
	tcase_add_test(tc, test_simple_request_errors);
	tcase_add_test(tc, test_explicit_http09_version);
	tcase_add_test(tc, test_blank_line_closes);
	tcase_add_test(tc, test_byte_at_a_time);
	tcase_add_test(tc, test_half_close);
	tcase_add_test(tc, test_idle_client_does_not_block);
	tcase_add_test(tc, test_many_connections);
	tcase_add_test(tc, test_log_lines);
	tcase_add_test(tc, test_log_escaping);
	suite_add_tcase(s, tc);
	return s;
}
