/* SPDX-License-Identifier: MIT */
/*
 * check_python.c - the same requests to python3 -m http.server and to
 * httpserve, serving the same directory: the replies must be identical
 * (Server and Date aside, which name the program and the second), and so
 * must the log lines (time aside).  Where we deliberately differ, the
 * test states the difference exactly.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "runner.h"

static struct server py10, us10;	/* default protocol */
static struct server py11, us11;	/* -p HTTP/1.1 */
static char *root;

/*
 * httpserve on ROOT with PROTOCOL (NULL: the default), without
 * Cache-Control (as Python), on one loop: with
 * several, each loop writes its own log lines, so two requests answered
 * one after the other by different loops may log in either order, where
 * Python's order is compared here.
 */
static int
start_us(struct server *s, const char *protocol)
{
	const char *args[] = { "-b", "127.0.0.1", "-d", root, "--threads", "1",
	    "--cache-control", "", "-p", protocol, "0", NULL };

	if (protocol == NULL) {
		args[8] = "0";
		args[9] = NULL;
	}
	return server_start(s, 0, args, NULL);
}

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	root = make_docroot();
	ck_assert_msg(server_start_simple(&py10, 1, root, NULL) == 0,
	    "python did not start: %s", py10.why);
	ck_assert_msg(start_us(&us10, NULL) == 0,
	    "httpserve did not start: %s", us10.why);
	ck_assert_msg(server_start_simple(&py11, 1, root, "HTTP/1.1") == 0,
	    "python did not start: %s", py11.why);
	ck_assert_msg(start_us(&us11, "HTTP/1.1") == 0,
	    "httpserve did not start: %s", us11.why);
}

static void
teardown(void)
{
	server_stop(&py10, SIGINT, NULL);
	server_stop(&us10, SIGINT, NULL);
	server_stop(&py11, SIGINT, NULL);
	server_stop(&us11, SIGINT, NULL);
	remove_docroot(root);
}

/* Remove from a raw reply's head (in place) the first line of each
 * field of NAMES, given as "\r\nName: " and NULL-terminated. */
static void
strip_fields(char *reply, size_t *len, const char *const *names)
{
	char *head_end = strstr(reply, "\r\n\r\n");

	for (; head_end != NULL && *names != NULL; names++) {
		char *p = strstr(reply, *names), *eol;

		if (p == NULL || p > head_end)
			continue;
		eol = strstr(p + 2, "\r\n");
		memmove(p, eol, (size_t)(reply + *len - eol) + 1);
		*len -= (size_t)(eol - p);
		head_end = strstr(reply, "\r\n\r\n");
	}
}

/* Server and Date, which must differ. */
static void
strip_volatile(char *reply, size_t *len)
{
	static const char *const names[] = { "\r\nServer: ", "\r\nDate: ",
	    NULL };

	strip_fields(reply, len, names);
}

/*
 * Deliberate difference (httpserve(1), RANGES AND REVALIDATION): our
 * files carry ETag and Accept-Ranges, and our 304s the validators a 200
 * carries, where Python sends neither; Cache-Control, the third, is
 * turned off with --cache-control "" on our servers here.  Removed from
 * our replies (in place); check_range tests them exactly.
 */
static void
strip_validators(char *reply, size_t *len)
{
	static const char *const names[] = { "\r\nETag: ",
	    "\r\nAccept-Ranges: ", NULL };
	static const char *const not_modified[] = { "\r\nLast-Modified: ",
	    NULL };

	strip_fields(reply, len, names);
	if (strncmp(reply, "HTTP/1.0 304 ", 13) == 0 ||
	    strncmp(reply, "HTTP/1.1 304 ", 13) == 0)
		strip_fields(reply, len, not_modified);
}

/*
 * Our one deliberate difference in these replies: a response after which
 * the server closes says "Connection: close" (RFC 9112 section 9.6), as
 * the last header; Python says it only on errors.  Every request here
 * closes (HTTP/1.0 without keep-alive), so Python's reply, when it has a
 * head without a Connection header, becomes what ours must be.
 */
static void
expect_close_said(char **reply, size_t *len)
{
	static const char line[] = "\r\nConnection: close";
	char *head_end = strstr(*reply, "\r\n\r\n"), *p;
	size_t at, add = sizeof(line) - 1;

	if (strncmp(*reply, "HTTP/", 5) != 0 || head_end == NULL)
		return;
	p = strstr(*reply, "\r\nConnection:");
	if (p != NULL && p < head_end)
		return;
	at = (size_t)(head_end - *reply);
	*reply = realloc(*reply, *len + add + 1);
	ck_assert_ptr_nonnull(*reply);
	memmove(*reply + at + add, *reply + at, *len - at + 1);
	memcpy(*reply + at, line, add);
	*len += add;
}

/* REQ to both servers on fresh connections; the normalised replies. */
static void
both(const struct server *py, const struct server *us, const char *req,
    char **a, size_t *alen, char **b, size_t *blen)
{
	*a = http_raw(py->port, req, strlen(req), alen);
	*b = http_raw(us->port, req, strlen(req), blen);
	strip_volatile(*a, alen);
	strip_volatile(*b, blen);
	strip_validators(*b, blen);
	expect_close_said(a, alen);
}

/* Requests whose replies must be identical to Python's. */
static const char *const same_requests[] = {
	"GET / HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
	"HEAD /a.txt HTTP/1.0\r\n\r\n",
	"GET /empty.txt HTTP/1.0\r\n\r\n",
	"GET /sub HTTP/1.0\r\n\r\n",
	"GET /sub?x=1#frag HTTP/1.0\r\n\r\n",
	"GET //sub HTTP/1.0\r\n\r\n",
	"GET /sub/ HTTP/1.0\r\n\r\n",
	"GET /withindex/ HTTP/1.0\r\n\r\n",
	"GET /withhtm/ HTTP/1.0\r\n\r\n",
	"GET /odd/ HTTP/1.0\r\n\r\n",
	"HEAD /odd/ HTTP/1.0\r\n\r\n",
	"GET /odd/?q=%3Cb%3E&r=%22 HTTP/1.0\r\n\r\n",
	"GET /odd/dir%20with%20space HTTP/1.0\r\n\r\n",
	"GET /odd/dir%20with%20space/ HTTP/1.0\r\n\r\n",
	"GET /odd/with%20space.txt HTTP/1.0\r\n\r\n",
	"GET /odd/%3C%26%22%3E.txt HTTP/1.0\r\n\r\n",
	"GET /odd/caf%C3%A9.txt HTTP/1.0\r\n\r\n",
	"GET /odd/link-to-apple HTTP/1.0\r\n\r\n",
	"GET /odd/link-to-dir HTTP/1.0\r\n\r\n",
	"GET /nope HTTP/1.0\r\n\r\n",
	"HEAD /nope HTTP/1.0\r\n\r\n",
	"GET /a.txt/ HTTP/1.0\r\n\r\n",
	"GET /../../secret.txt HTTP/1.0\r\n\r\n",
	"GET /%2e%2e/secret.txt HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Fri, 31 Dec 2099 "
	    "23:59:59 GMT\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Sun, 06 Nov 1994 "
	    "08:49:37 GMT\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: junk\r\n\r\n",
	"SPAM / HTTP/1.0\r\n\r\n",
	"POST /a.txt HTTP/1.0\r\n\r\n",
	"GET / x HTTP/1.0\r\n\r\n",
	"GET /a.txt\r\n\r\n",
	"GET /nope\r\n\r\n",
	"POST /\r\n\r\n",
	"\r\n",
	"GET /types/style.css HTTP/1.0\r\n\r\n",
	"GET /types/data.json HTTP/1.0\r\n\r\n",
	"GET /types/page.wasm HTTP/1.0\r\n\r\n",
	"GET /types/pic.svg HTTP/1.0\r\n\r\n",
	"GET /types/noext HTTP/1.0\r\n\r\n",
	"GET /types/archive.tar.gz HTTP/1.0\r\n\r\n",
	"GET /types/x.tgz HTTP/1.0\r\n\r\n",
	"GET /types/UPPER.HTML HTTP/1.0\r\n\r\n",
	"GET /types/p.png HTTP/1.0\r\n\r\n",
};

START_TEST(test_same_reply)
{
	const char *req = same_requests[_i];
	char *a, *b;
	size_t alen, blen;

	both(&py10, &us10, req, &a, &alen, &b, &blen);
	ck_assert_msg(alen == blen && memcmp(a, b, alen) == 0,
	    "%s\n--- python (%zu bytes) ---\n%s\n--- httpserve (%zu bytes) "
	    "---\n%s", req, alen, a, blen, b);
	free(a);
	free(b);
}
END_TEST

/* With -p HTTP/1.1: replies on a kept-alive connection match too. */
START_TEST(test_same_keep_alive)
{
	static const char *const reqs[] = {
		"GET /a.txt HTTP/1.1\r\n\r\n", "GET /odd/ HTTP/1.1\r\n\r\n",
		"HEAD /sub/x.html HTTP/1.1\r\n\r\n", "GET /sub HTTP/1.1\r\n\r\n",
	};
	int fa = client_connect(py11.port), fb = client_connect(us11.port);
	size_t i;

	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct response ra, rb;
		int head = strncmp(reqs[i], "HEAD", 4) == 0;

		client_send_str(fa, reqs[i]);
		client_send_str(fb, reqs[i]);
		ck_assert_int_eq(read_response(fa, &ra, head), 0);
		ck_assert_int_eq(read_response(fb, &rb, head), 0);
		strip_volatile(ra.head, &ra.head_len);
		strip_volatile(rb.head, &rb.head_len);
		strip_validators(rb.head, &rb.head_len);
		ck_assert_str_eq(rb.head, ra.head);
		ck_assert_uint_eq(rb.body_len, ra.body_len);
		ck_assert(memcmp(rb.body, ra.body, ra.body_len) == 0);
		response_free(&ra);
		response_free(&rb);
	}
	close(fa);
	close(fb);
}
END_TEST

/*
 * Deliberate difference: Python answers a malformed request line of three
 * or more words (or one) as if it were HTTP/0.9, page without status line,
 * so no client sees its 400 or 505.  We send the status line and headers
 * first; the page that follows is Python's, byte for byte.
 */
static const char *const status_line_requests[] = {
	"GET / HTTP/2.0\r\n\r\n",
	"GET / HTTP/1.x\r\n\r\n",
	"GET / HTTP/1.1 x\r\n\r\n",
	"GET\r\n\r\n",
};

START_TEST(test_error_page_with_status_line)
{
	const char *req = status_line_requests[_i];
	char *a, *b, *body;
	size_t alen, blen;

	both(&py10, &us10, req, &a, &alen, &b, &blen);
	ck_assert(strncmp(a, "<!DOCTYPE HTML>", 15) == 0);
	ck_assert(strncmp(b, "HTTP/1.0 ", 9) == 0);
	body = strstr(b, "\r\n\r\n");
	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body + 4, a);
	free(a);
	free(b);
}
END_TEST

/*
 * Deliberate difference: JavaScript is text/javascript (RFC 9239) from
 * our built-in table whatever the host's mime.types says; Python 3.11
 * takes it from /etc/mime.types when there is one.  Everything else
 * about the reply is the same.
 */
START_TEST(test_javascript_type)
{
	char *a, *b, *p;
	size_t alen, blen;

	both(&py10, &us10, "GET /types/app.js HTTP/1.0\r\n\r\n", &a, &alen,
	    &b, &blen);
	ck_assert(strstr(b, "\r\nContent-type: text/javascript\r\n") != NULL);
	p = strstr(a, "\r\nContent-type: ");
	ck_assert_ptr_nonnull(p);
	if (strncmp(p, "\r\nContent-type: text/javascript\r\n", 33) != 0) {
		/* Only the type may differ: compare the rest. */
		ck_assert(strstr(p + 2, "\r\n") != NULL);
		ck_assert_str_eq(strstr(strstr(b, "\r\nContent-type: ") + 2,
		    "\r\n"), strstr(p + 2, "\r\n"));
	} else {
		ck_assert_str_eq(a, b);
	}
	free(a);
	free(b);
}
END_TEST

/* The log lines of the same requests are the same, time aside. */
START_TEST(test_same_log_lines)
{
	static const char *const reqs[] = {
		"GET /a.txt HTTP/1.0\r\n\r\n", "GET /py-log-nope HTTP/1.0\r\n\r\n",
		"SPAM /x HTTP/1.0\r\n\r\n", "GET /a.txt\r\n\r\n",
		"GET /sub?q=1 HTTP/1.0\r\n\r\n",
		"GET /caf\xc3\xa9-log HTTP/1.0\r\n\r\n",
		"GET /tab%09log HTTP/1.0\r\n\r\n",
	};
	char *a, *b, *la, *lb;
	size_t alen, blen, i;

	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		both(&py10, &us10, reqs[i], &a, &alen, &b, &blen);
		free(a);
		free(b);
	}
	/* The last request's lines must be there before we read. */
	ck_assert_int_eq(server_wait_stderr(&py10, "tab%09log"), 0);
	ck_assert_int_eq(server_wait_stderr(&us10, "tab%09log"), 0);
	la = server_stderr(&py10);
	lb = server_stderr(&us10);
	/* Blank out "[dd/Mon/yyyy hh:mm:ss]" in both. */
	for (a = la; (a = strstr(a, " - - [")) != NULL; a += 27)
		memset(a + 6, '#', 20);
	for (b = lb; (b = strstr(b, " - - [")) != NULL; b += 27)
		memset(b + 6, '#', 20);
	ck_assert_str_eq(lb, la);
	free(la);
	free(lb);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("python");
	TCase *tc = tcase_create("python");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_same_reply, 0,
	    (int)(sizeof(same_requests) / sizeof(same_requests[0])));
	tcase_add_test(tc, test_same_keep_alive);
	tcase_add_loop_test(tc, test_error_page_with_status_line, 0,
	    (int)(sizeof(status_line_requests) /
	    sizeof(status_line_requests[0])));
	tcase_add_test(tc, test_javascript_type);
	tcase_add_test(tc, test_same_log_lines);
	suite_add_tcase(s, tc);
	return s;
}
