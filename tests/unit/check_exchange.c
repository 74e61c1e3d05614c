/* SPDX-License-Identifier: MIT */
/*
 * check_exchange.c - a request and its response driven against a fake
 * transport: an evbuffer for the output and stubs that record what the
 * exchange asks of its connection, no socket and no event loop.  The
 * status line and headers, the framing repairs, HEAD, 1xx, 204 and 304
 * without a body, error pages, the Connection decision, Expect, misuse
 * refused with EINVAL, a client gone (EPIPE), and the handler chain.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "engine/dispatch.h"
#include "engine/invoke.h"
#include "engine/loop.h"
#include "engine/request.h"
#include "engine/response.h"
#include "engine/settings.h"
#include "engine/transport.h"
#include "http/parse.h"
#include "runner.h"

/* What the exchange asked of its transport. */
struct fake_io {
	struct evbuffer *out;
	int resumes;
	int watch_calls;
	size_t watched;
	int reader_calls;
	hs_body_fn reader;
	int pause_calls;
	int paused;
	int body_unread;	/* what body_unread() answers */
};

static struct fake_io io;
static struct hs_settings set;
static struct hs_loop loop;
static struct hs_methods methods;
static struct hs_request *req;
static char log_lines[4096];
static char out_text[8192];

static struct evbuffer *
fake_output(void *p)
{
	return ((struct fake_io *)p)->out;
}

/* A file range, mapped into the buffer (which closes FD, even when it
 * fails): a test's files are small. */
static int
fake_add_file(void *p, int fd, off_t offset, off_t length)
{
	return evbuffer_add_file(((struct fake_io *)p)->out, fd, offset,
	    length);
}

static size_t
fake_output_length(void *p)
{
	return evbuffer_get_length(((struct fake_io *)p)->out);
}

static void
fake_resume(void *p)
{
	((struct fake_io *)p)->resumes++;
}

static void
fake_watch_output(void *p, size_t low_water)
{
	struct fake_io *f = p;

	f->watch_calls++;
	f->watched = low_water;
}

/* As the connection's: a second reader is refused. */
static int
fake_body_reader(void *p, hs_body_fn fn, void *arg)
{
	struct fake_io *f = p;

	(void)arg;
	f->reader_calls++;
	if (fn != NULL && f->reader != NULL) {
		errno = EINVAL;
		return -1;
	}
	f->reader = fn;
	return 0;
}

static void
fake_pause_body(void *p, int paused)
{
	struct fake_io *f = p;

	f->pause_calls++;
	f->paused = paused;
}

static int
fake_body_unread(void *p)
{
	return ((struct fake_io *)p)->body_unread;
}

/* Does S begin with PREFIX? */
static int
text_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const struct hs_transport_ops fake_ops = {
	.output = fake_output,
	.add_file = fake_add_file,
	.output_length = fake_output_length,
	.resume = fake_resume,
	.watch_output = fake_watch_output,
	.body_reader = fake_body_reader,
	.pause_body = fake_pause_body,
	.body_unread = fake_body_unread,
};

/* Keep the log lines (and stderr quiet). */
static void
keep_log(const struct hs_request *r, const char *message, void *arg)
{
	(void)r;
	(void)arg;
	strncat(log_lines, message, sizeof(log_lines) - strlen(log_lines) -
	    2);
	strcat(log_lines, "\n");
}

/* A server speaking HTTP/1.PROTOCOL_MINOR, with a short Server header and
 * error page, and a request for HEAD (which must parse). */
static void
open_request(int protocol_minor, const char *head)
{
	size_t len = strlen(head);

	memset(&io, 0, sizeof(io));
	io.out = evbuffer_new();
	ck_assert_ptr_nonnull(io.out);
	log_lines[0] = '\0';
	ck_assert_int_eq(hs_settings_init(&set, NULL), 0);
	set.protocol_minor = protocol_minor;
	set.log_fn = keep_log;
	ck_assert_int_eq(hs_settings_set_string(&set.server_version, "S"), 0);
	ck_assert_int_eq(hs_settings_set_string(&set.sys_version, "V"), 0);
	ck_assert_int_eq(hs_settings_update_version(&set), 0);
	ck_assert_int_eq(hs_settings_set_string(&set.error_format,
	    "<%(code)d|%(message)s|%(explain)s>"), 0);
	ck_assert_int_eq(hs_settings_set_string(&set.error_content_type,
	    "text/x"), 0);
	memset(&methods, 0, sizeof(methods));
	ck_assert_int_eq(hs_loop_init(&loop, NULL), 0);
	req = hs_request_new(&fake_ops, &io, &loop, &set, &methods,
	    "192.0.2.1", 4242);
	ck_assert_ptr_nonnull(req);
	ck_assert_int_eq(hs_parse_head(&req->head, head, len, 1),
	    HS_PARSE_DONE);
	ck_assert_int_eq(hs_request_adopt_head(req, &req->head, head,
	    req->head.length), 0);
}

static void
close_request(void)
{
	hs_request_free(req);
	req = NULL;
	hs_methods_free(&methods);
	hs_loop_fini(&loop);
	hs_settings_free(&set);
	evbuffer_free(io.out);
}

/* The output so far, taken out of the buffer, with the Date header's
 * value (which changes) replaced by "D". */
static const char *
take_output(void)
{
	size_t n = evbuffer_get_length(io.out);
	char *date;

	ck_assert_uint_lt(n, sizeof(out_text));
	evbuffer_remove(io.out, out_text, n);
	out_text[n] = '\0';
	date = strstr(out_text, "\r\nDate: ");
	if (date != NULL) {
		date += strlen("\r\nDate: ");
		ck_assert_uint_ge(strlen(date), HS_DATE_LEN);
		memmove(date + 1, date + HS_DATE_LEN,
		    strlen(date + HS_DATE_LEN) + 1);
		date[0] = 'D';
	}
	return out_text;
}

/* --- responses, as a handler writes them ------------------------------- */

static void
send_ok(struct hs_request *r)
{
	ck_assert_int_eq(hs_send_response(r, 200, NULL), 0);
	ck_assert_int_eq(hs_send_header(r, "Content-Length", "2"), 0);
	ck_assert_int_eq(hs_end_headers(r), 0);
	if (hs_write(r, "ok", 2) != 0)
		ck_assert_int_eq(errno, EINVAL);	/* HEAD */
}

static void
send_no_length(struct hs_request *r)
{
	hs_send_response(r, 200, NULL);
	hs_end_headers(r);
	hs_write(r, "ok", 2);
}

/* The status the path names ("/204"), a body tried and refused. */
static void
send_bodiless(struct hs_request *r)
{
	ck_assert_int_eq(hs_send_response(r, atoi(hs_request_path(r) + 1),
	    NULL), 0);
	ck_assert_int_eq(hs_end_headers(r), 0);
	ck_assert_int_eq(hs_write(r, "x", 1), -1);
	ck_assert_int_eq(errno, EINVAL);
}

/* send_error() with the status the path names. */
static void
send_error_page(struct hs_request *r)
{
	ck_assert_int_eq(hs_send_error(r, atoi(hs_request_path(r) + 1), NULL,
	    "<why>"), 0);
}

static void
send_interim_first(struct hs_request *r)
{
	ck_assert_int_eq(hs_send_response_only(r, 100, NULL), 0);
	ck_assert_int_eq(hs_end_headers(r), 0);
	send_ok(r);
}

static void
send_nothing(struct hs_request *r)
{
	(void)r;
}

static void
send_unended(struct hs_request *r)
{
	hs_send_response(r, 200, NULL);
	hs_send_header(r, "X", "y");
}

static void
send_flushed(struct hs_request *r)
{
	hs_send_response_only(r, 200, NULL);
	hs_flush_headers(r);
}

static void
send_short(struct hs_request *r)
{
	hs_send_response_only(r, 200, NULL);
	hs_send_header(r, "Content-Length", "5");
	hs_end_headers(r);
	hs_write(r, "ok", 2);
}

static void
send_connection_close(struct hs_request *r)
{
	hs_send_response_only(r, 200, "Fine");
	hs_send_header(r, "Connection", "close");
	hs_send_header(r, "Content-Length", "0");
	hs_end_headers(r);
}

static void
send_bad_message(struct hs_request *r)
{
	hs_send_error(r, 400, "a\r\nX: y", NULL);
}

static void
send_error_body_unread(struct hs_request *r)
{
	io.body_unread = 1;
	send_error_page(r);
}

struct response_row {
	int protocol_minor;
	const char *request;
	void (*respond)(struct hs_request *r);
	const char *want;
	int close;		/* close_connection once complete */
};

#define HEAD11 "Server: S V\r\nDate: D\r\n"

static const struct response_row response_rows[] = {
	/* 0: status line, Server, Date, the handler's headers, the body. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_ok,
	    "HTTP/1.1 200 OK\r\n" HEAD11 "Content-Length: 2\r\n\r\nok", 0 },
	/* 1: no length: the body ends with the connection, said so. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_no_length,
	    "HTTP/1.1 200 OK\r\n" HEAD11 "Connection: close\r\n\r\nok", 1 },
	/* 2: an HTTP/1.0 client asking to keep the connection is told. */
	{ 1, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", send_ok,
	    "HTTP/1.1 200 OK\r\n" HEAD11 "Content-Length: 2\r\n"
	    "Connection: keep-alive\r\n\r\nok", 0 },
	/* 3: ... and one that does not ask is closed, said so (RFC 9112
	 * section 9.6; Python does not say it). */
	{ 1, "GET / HTTP/1.0\r\n\r\n", send_ok,
	    "HTTP/1.1 200 OK\r\n" HEAD11 "Content-Length: 2\r\n"
	    "Connection: close\r\n\r\nok", 1 },
	/* 4: an HTTP/1.0 server closes. */
	{ 0, "GET / HTTP/1.1\r\n\r\n", send_ok,
	    "HTTP/1.0 200 OK\r\n" HEAD11 "Content-Length: 2\r\n"
	    "Connection: close\r\n\r\nok", 1 },
	/* 5-8: no body for HEAD, 204, 205, 304, and no Connection: close. */
	{ 1, "HEAD / HTTP/1.1\r\n\r\n", send_ok,
	    "HTTP/1.1 200 OK\r\n" HEAD11 "Content-Length: 2\r\n\r\n", 0 },
	{ 1, "GET /204 HTTP/1.1\r\n\r\n", send_bodiless,
	    "HTTP/1.1 204 No Content\r\n" HEAD11 "\r\n", 0 },
	{ 1, "GET /205 HTTP/1.1\r\n\r\n", send_bodiless,
	    "HTTP/1.1 205 Reset Content\r\n" HEAD11 "\r\n", 0 },
	{ 1, "GET /304 HTTP/1.1\r\n\r\n", send_bodiless,
	    "HTTP/1.1 304 Not Modified\r\n" HEAD11 "\r\n", 0 },
	/* 9: an error page, escaped; the request was read whole, so the
	 * connection stays (Python's send_error() closes it). */
	{ 1, "GET /404 HTTP/1.1\r\n\r\n", send_error_page,
	    "HTTP/1.1 404 Not Found\r\n" HEAD11
	    "Content-Type: text/x\r\nContent-Length: 27\r\n\r\n"
	    "<404|Not Found|&lt;why&gt;>", 0 },
	/* 10: ... its head only for HEAD. */
	{ 1, "HEAD /500 HTTP/1.1\r\n\r\n", send_error_page,
	    "HTTP/1.1 500 Internal Server Error\r\n" HEAD11
	    "Content-Type: text/x\r\n"
	    "Content-Length: 39\r\n\r\n", 0 },
	/* 11: ... and no page for a code without a body. */
	{ 1, "GET /204 HTTP/1.1\r\n\r\n", send_error_page,
	    "HTTP/1.1 204 No Content\r\n" HEAD11 "\r\n", 0 },
	/* 12: a message that would split the head: the standard phrase. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_bad_message,
	    "HTTP/1.1 400 Bad Request\r\n" HEAD11
	    "Content-Type: text/x\r\nContent-Length: 54\r\n\r\n"
	    "<400|a\r\nX: y|Bad request syntax or unsupported method>", 0 },
	/* 13: HTTP/0.9: the body alone. */
	{ 1, "GET /\r\n", send_ok, "ok", 1 },
	/* 14: an interim response, then the final one. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_interim_first,
	    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n" HEAD11
	    "Content-Length: 2\r\n\r\nok", 0 },
	/* 15-16: no response, or a head never ended nor sent: 500. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_nothing,
	    "HTTP/1.1 500 Internal Server Error\r\n" HEAD11
	    "Connection: close\r\nContent-Type: text/x\r\n"
	    "Content-Length: 56\r\n\r\n<500|Internal Server Error|Server got "
	    "itself in trouble>", 1 },
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_unended,
	    "HTTP/1.1 500 Internal Server Error\r\n" HEAD11
	    "Connection: close\r\nContent-Type: text/x\r\n"
	    "Content-Length: 56\r\n\r\n<500|Internal Server Error|Server got "
	    "itself in trouble>", 1 },
	/* 17: part of a head left: nothing to repair, the connection goes. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_flushed, "HTTP/1.1 200 OK\r\n",
	    1 },
	/* 18: a body short of its length: the connection goes. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_short,
	    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", 1 },
	/* 19: the handler's own Connection: close. */
	{ 1, "GET / HTTP/1.1\r\n\r\n", send_connection_close,
	    "HTTP/1.1 200 Fine\r\nConnection: close\r\nContent-Length: 0\r\n"
	    "\r\n", 1 },
	/* 20: an error while body bytes are still unread closes, said so:
	 * the next request cannot be found. */
	{ 1, "POST /404 HTTP/1.1\r\nContent-Length: 9\r\n\r\n",
	    send_error_body_unread,
	    "HTTP/1.1 404 Not Found\r\n" HEAD11 "Connection: close\r\n"
	    "Content-Type: text/x\r\nContent-Length: 27\r\n\r\n"
	    "<404|Not Found|&lt;why&gt;>", 1 },
};

/* What a handler writes is what the client gets, repaired on completion
 * where it has to be. */
START_TEST(test_response)
{
	const struct response_row *row = &response_rows[_i];

	open_request(row->protocol_minor, row->request);
	row->respond(req);
	hs_response_complete(req);
	ck_assert_str_eq(take_output(), row->want);
	ck_assert_int_eq(hs_request_close_connection(req), row->close);
	/* Completing again changes nothing. */
	hs_response_complete(req);
	ck_assert_uint_eq(evbuffer_get_length(io.out), 0);
	close_request();
}
END_TEST

/* The log: one line a response, error lines first. */
START_TEST(test_log_lines)
{
	open_request(1, "GET /x?y HTTP/1.1\r\n\r\n");
	send_nothing(req);
	hs_response_complete(req);
	ck_assert_str_eq(log_lines, "handler sent no response for GET\n"
	    "code 500, message Internal Server Error\n"
	    "\"GET /x?y HTTP/1.1\" 500 -\n");
	close_request();
}
END_TEST

/* --- the Connection decision (parse_request()) -------------------------- */

struct close_row {
	int protocol_minor;
	const char *request;
	int close;
};

static const struct close_row close_rows[] = {
	{ 1, "GET / HTTP/1.1\r\n\r\n", 0 },
	{ 0, "GET / HTTP/1.1\r\n\r\n", 1 },
	{ 1, "GET / HTTP/1.0\r\n\r\n", 1 },
	{ 1, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 1 },
	{ 1, "GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n", 1 },
	{ 1, "GET / HTTP/1.1\r\nConnection: a\r\nConnection: close\r\n\r\n",
	    1 },
	{ 1, "GET / HTTP/1.1\r\nConnection: closed\r\n\r\n", 0 },
	{ 1, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0 },
	{ 1, "GET / HTTP/1.0\r\nConnection: Keep-Alive, x\r\n\r\n", 0 },
	{ 0, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1 },
	{ 1, "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", 1 },
	{ 1, "GET /\r\n", 1 },
};

START_TEST(test_close_decision)
{
	const struct close_row *row = &close_rows[_i];

	open_request(row->protocol_minor, row->request);
	ck_assert_int_eq(hs_request_close_connection(req), row->close);
	close_request();
}
END_TEST

/* --- Expect: 100-continue ----------------------------------------------- */

static int
expect_refuse(struct hs_request *r, void *arg)
{
	(void)arg;
	hs_send_error(r, 417, NULL, NULL);
	return 0;
}

struct expect_row {
	int protocol_minor;
	const char *request;
	hs_expect_fn hook;
	int result;
	const char *want;
};

static const struct expect_row expect_rows[] = {
	{ 1, "PUT / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", NULL, 0,
	    "HTTP/1.1 100 Continue\r\n\r\n" },
	{ 1, "PUT / HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n", NULL, 0,
	    "HTTP/1.1 100 Continue\r\n\r\n" },
	/* Only HTTP/1.1 on both sides, and only 100-continue. */
	{ 0, "PUT / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", NULL, 0, "" },
	{ 1, "PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", NULL, 0, "" },
	{ 1, "PUT / HTTP/1.1\r\nExpect: something\r\n\r\n", NULL, 0, "" },
	{ 1, "PUT / HTTP/1.1\r\n\r\n", expect_refuse, 0, "" },
	/* The hook decides (no body announced here: none is left unread,
	 * the connection may stay; check_api covers one with a body). */
	{ 1, "PUT / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", expect_refuse,
	    -1, "HTTP/1.1 417 Expectation Failed\r\n" HEAD11
	    "Content-Type: text/x\r\nContent-Length: 64\r\n\r\n"
	    "<417|Expectation Failed|Expect condition could not be "
	    "satisfied>" },
};

START_TEST(test_expect)
{
	const struct expect_row *row = &expect_rows[_i];

	open_request(row->protocol_minor, row->request);
	set.expect_fn = row->hook;
	ck_assert_int_eq(hs_request_expect(req), row->result);
	ck_assert_str_eq(take_output(), row->want);
	close_request();
}
END_TEST

/* --- misuse ------------------------------------------------------------- */

/* Each call, in order, and what it must return (errno when -1). */
START_TEST(test_misuse)
{
	struct {
		int got, want, err;
	} calls[16];
	size_t n = 0, i;

#define CALL(expr, want_, err_) do {					\
	calls[n].got = (expr);						\
	calls[n].want = (want_);					\
	calls[n].err = (want_) == 0 ? 0 : errno == (err_);		\
	n++;								\
} while (0)

	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	CALL(hs_send_header(req, "X", "before the status"), -1, EINVAL);
	CALL(hs_end_headers(req), -1, EINVAL);
	CALL(hs_flush_headers(req), -1, EINVAL);
	CALL(hs_write(req, "x", 1), -1, EINVAL);
	CALL(hs_send_response(req, 99, NULL), -1, EINVAL);
	CALL(hs_send_response(req, 1000, NULL), -1, EINVAL);
	CALL(hs_send_response(req, 200, "a\nb"), -1, EINVAL);
	CALL(hs_send_response_only(req, 200, "a\rb"), -1, EINVAL);
	CALL(hs_send_response(req, 200, NULL), 0, 0);
	CALL(hs_send_response_only(req, 200, NULL), -1, EINVAL);
	CALL(hs_send_header(req, "A:B", "x"), -1, EINVAL);
	CALL(hs_send_header(req, "", "x"), -1, EINVAL);
	CALL(hs_send_header(req, "Content-Length", "1x"), -1, EINVAL);
	CALL(hs_end_headers(req), 0, 0);
	CALL(hs_send_error(req, 500, NULL, NULL), -1, EINVAL);
	CALL(hs_request_redispatch(req, "GET", "/x"), -1, EINVAL);
#undef CALL
	for (i = 0; i < n; i++) {
		ck_assert_msg(calls[i].got == calls[i].want, "call %zu: %d, "
		    "want %d", i, calls[i].got, calls[i].want);
		ck_assert_msg(calls[i].want == 0 || calls[i].err, "call %zu: "
		    "errno", i);
	}
	/* The head waits for the body, or the response's end. */
	ck_assert_str_eq(take_output(), "");
	hs_response_complete(req);
	/* Refused calls sent nothing; the one response is whole. */
	ck_assert_str_eq(take_output(), "HTTP/1.1 200 OK\r\n" HEAD11
	    "Connection: close\r\n\r\n");
	close_request();
}
END_TEST

/* An error with header fields of the handler's: after Server and Date,
 * before the page's; one that could split the head is refused. */
START_TEST(test_error_headers)
{
	static const char *const retry[] = { "Retry-After", "1", NULL };
	static const char *const bad[] = { "X", "a\r\nY: b", NULL };

	open_request(1, "GET /503 HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(hs_send_error_headers(req, 503, "Busy", NULL, retry),
	    0);
	hs_response_complete(req);
	ck_assert(text_starts(take_output(), "HTTP/1.1 503 Busy\r\n" HEAD11
	    "Retry-After: 1\r\nContent-Type: text/x\r\n"));
	close_request();
	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	errno = 0;
	ck_assert_int_eq(hs_send_error_headers(req, 503, NULL, NULL, bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	close_request();
}
END_TEST

/* Memory runs out as the body is queued: nothing of the 200 has left (its
 * head waited for the body), and the response becomes a 500 that closes,
 * never a head promising a body that does not follow.  (The length is
 * more than any buffer can take; the bytes are never read.) */
START_TEST(test_out_of_memory_is_500)
{
	const char *out;

	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(hs_send_response(req, 200, NULL), 0);
	ck_assert_int_eq(hs_send_header(req, "Content-Type", "text/html"), 0);
	ck_assert_int_eq(hs_end_headers(req), 0);
	errno = 0;
	ck_assert_int_eq(hs_write(req, "x", SIZE_MAX / 2), -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_str_eq(take_output(), "");
	hs_response_complete(req);
	out = take_output();
	ck_assert(text_starts(out, "HTTP/1.1 500 Internal Server Error\r\n"
	    HEAD11 "Connection: close\r\nContent-Type: text/x\r\n"));
	ck_assert(strstr(out, "text/html") == NULL);
	ck_assert_int_eq(hs_request_close_connection(req), 1);
	ck_assert(strstr(log_lines, "out of memory for the response to GET\n"
	    "code 500, message Internal Server Error\n") != NULL);
	close_request();
}
END_TEST

/* --- the client gone ---------------------------------------------------- */

/* The abort hook of a pending request: everything is refused, then the
 * handler, which owns the request now, frees it. */
static void
on_abort(struct hs_request *r, void *arg)
{
	int *seen = arg;

	seen[0] = hs_request_aborted(r);
	seen[1] = hs_send_response(r, 200, NULL) == -1 && errno == EPIPE;
	seen[2] = hs_write(r, "x", 1) == -1 && errno == EPIPE;
	seen[3] = hs_send_error(r, 500, NULL, NULL) == -1 && errno == EPIPE;
	seen[4] = hs_request_read_body(r, NULL, NULL) == -1 && errno == EPIPE;
	seen[5] = hs_request_redispatch(r, "GET", "/") == -1 &&
	    errno == EPIPE;
	seen[6] = hs_request_output_pending(r) == 0;
	hs_request_pause_body(r, 1);	/* nothing to pause: ignored */
	hs_request_on_drain(r, NULL, NULL, 0);
	hs_request_finish(r);
}

static enum hs_handler_result
do_pending(struct hs_request *r, void *arg)
{
	hs_request_on_abort(r, on_abort, arg);
	return HS_PENDING;
}

START_TEST(test_client_gone)
{
	int seen[8] = { 0 }, i;

	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(hs_methods_add(&methods, "GET", do_pending, seen, 0),
	    0);
	ck_assert_int_eq(hs_invoke(req, hs_methods_find(&methods, "GET", 3)),
	    HS_PENDING);
	/* The connection goes: the hook gets the request (and frees it). */
	hs_request_abandon(req);
	req = NULL;
	for (i = 0; i < 7; i++)
		ck_assert_msg(seen[i] == 1, "seen[%d] = %d", i, seen[i]);
	ck_assert_uint_eq(evbuffer_get_length(io.out), 0);
	ck_assert_int_eq(io.resumes + io.pause_calls + io.watch_calls, 0);
	close_request();
}
END_TEST

/* A request no handler holds is freed with its connection. */
START_TEST(test_abandon_idle)
{
	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	hs_request_abandon(req);	/* the sanitizers see a leak or not */
	req = NULL;
	close_request();
}
END_TEST

/* --- what the exchange asks of its transport ---------------------------- */

static void
on_body(struct hs_request *r, const char *data, size_t len, void *arg)
{
	(void)r;
	(void)data;
	(void)len;
	(void)arg;
}

static void
on_drain(struct hs_request *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
}

/* A streamed handler: it reads the body, asks to hear of drained output,
 * and finishes later. */
static enum hs_handler_result
do_stream(struct hs_request *r, void *arg)
{
	ck_assert_int_eq(hs_request_body_mode(r), HS_BODY_STREAM);
	ck_assert_int_eq(hs_request_read_body(r, on_body, NULL), 0);
	ck_assert_int_eq(hs_request_read_body(r, on_body, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(hs_request_read_body(r, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	hs_request_pause_body(r, 1);
	hs_request_on_drain(r, on_drain, arg, 100);
	return HS_PENDING;
}

START_TEST(test_transport_calls)
{
	int drained = 0;

	open_request(1, "PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
	hs_methods_add(&methods, "PUT", do_stream, &drained, 0);
	hs_methods_set_body_mode(&methods, "PUT", HS_BODY_STREAM);
	ck_assert_int_eq(hs_invoke(req, hs_methods_find(&methods, "PUT", 3)),
	    HS_PENDING);
	ck_assert_ptr_eq(io.reader, on_body);
	ck_assert_int_eq(io.reader_calls, 2);	/* the second refused */
	ck_assert_int_eq(io.paused, 1);
	ck_assert_int_eq(io.watch_calls, 1);
	ck_assert_uint_eq(io.watched, 100);
	/* The connection reports the output level; the hook runs at or
	 * below its mark only. */
	hs_request_output_drained(req, 101);
	ck_assert_int_eq(drained, 0);
	hs_request_output_drained(req, 100);
	ck_assert_int_eq(drained, 1);
	evbuffer_add(io.out, "12345", 5);
	ck_assert_uint_eq(hs_request_output_pending(req), 5);
	evbuffer_drain(io.out, 5);
	/* Finishing completes the response (a 500: nothing was sent) and
	 * asks the connection to carry on, once. */
	ck_assert(!hs_request_is_finished(req));
	hs_request_finish(req);
	hs_request_finish(req);
	ck_assert(hs_request_is_finished(req));
	ck_assert_int_eq(io.resumes, 1);
	ck_assert(strncmp(take_output(), "HTTP/1.1 500 ", 13) == 0);
	close_request();
}
END_TEST

/* Outside streaming mode the body is not the handler's to read. */
START_TEST(test_read_body_buffer_mode)
{
	open_request(1, "POST / HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(hs_request_body_mode(req), HS_BODY_BUFFER);
	ck_assert_int_eq(hs_request_read_body(req, on_body, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(io.reader_calls, 0);
	close_request();
}
END_TEST

/* --- the handler chain -------------------------------------------------- */

static enum hs_handler_result
do_decline(struct hs_request *r, void *arg)
{
	(*(int *)arg)++;
	/* Dropped when it declines. */
	hs_request_on_drain(r, on_drain, arg, 0);
	if (hs_request_body_mode(r) == HS_BODY_STREAM)
		ck_assert_int_eq(hs_request_read_body(r, on_body, NULL), 0);
	return HS_DECLINE;
}

static enum hs_handler_result
do_answer(struct hs_request *r, void *arg)
{
	(void)arg;
	ck_assert_ptr_null(io.reader);
	ck_assert_ptr_null(r->st.drain_fn);
	send_ok(r);
	return HS_DONE;
}

/* A handler declining after it began its response: it stands. */
static enum hs_handler_result
do_answer_then_decline(struct hs_request *r, void *arg)
{
	(void)arg;
	send_ok(r);
	return HS_DECLINE;
}

START_TEST(test_chain)
{
	int declined = 0;
	const struct hs_method *m;

	open_request(1, "PUT / HTTP/1.1\r\n\r\n");
	hs_methods_add(&methods, "PUT", do_decline, &declined, 0);
	hs_methods_add(&methods, "PUT", do_decline, &declined, 0);
	hs_methods_add(&methods, "PUT", do_answer, NULL, 0);
	hs_methods_add(&methods, "PUT", do_answer, NULL, 0);
	hs_methods_set_body_mode(&methods, "PUT", HS_BODY_STREAM);
	m = hs_methods_find(&methods, "PUT", 3);
	ck_assert_uint_eq(m->nhandlers, 4);
	ck_assert_int_eq(hs_invoke(req, m), HS_DONE);
	ck_assert_int_eq(declined, 2);
	ck_assert_str_eq(take_output(), "HTTP/1.1 200 OK\r\n" HEAD11
	    "Content-Length: 2\r\n\r\nok");
	/* Replacing leaves one. */
	ck_assert_int_eq(hs_methods_add(&methods, "PUT",
	    do_answer_then_decline, NULL, 1), 0);
	ck_assert_uint_eq(m->nhandlers, 1);
	ck_assert_int_eq(m->body_mode, HS_BODY_STREAM);
	close_request();
}
END_TEST

START_TEST(test_chain_declined)
{
	int declined = 0;

	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	hs_methods_add(&methods, "GET", do_decline, &declined, 0);
	hs_methods_add(&methods, "GET", do_decline, &declined, 0);
	ck_assert_int_eq(hs_invoke(req, hs_methods_find(&methods, "GET", 3)),
	    HS_DONE);
	ck_assert_int_eq(declined, 2);
	ck_assert(strncmp(take_output(), "HTTP/1.1 404 Not Found\r\n", 24) ==
	    0);
	close_request();
}
END_TEST

START_TEST(test_chain_decline_after_answer)
{
	int declined = 0;

	open_request(1, "GET / HTTP/1.1\r\n\r\n");
	hs_methods_add(&methods, "GET", do_answer_then_decline, NULL, 0);
	hs_methods_add(&methods, "GET", do_decline, &declined, 0);
	ck_assert_int_eq(hs_invoke(req, hs_methods_find(&methods, "GET", 3)),
	    HS_DONE);
	ck_assert_int_eq(declined, 0);
	ck_assert_str_eq(take_output(), "HTTP/1.1 200 OK\r\n" HEAD11
	    "Content-Length: 2\r\n\r\nok");
	close_request();
}
END_TEST

/* Names that are not tokens, and no handler, are refused. */
START_TEST(test_methods_refused)
{
	struct hs_methods t = { NULL, 0 };

	ck_assert_int_eq(hs_methods_add(&t, "GE T", do_answer, NULL, 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(hs_methods_add(&t, "", do_answer, NULL, 0), -1);
	ck_assert_int_eq(hs_methods_add(&t, NULL, do_answer, NULL, 0), -1);
	ck_assert_int_eq(hs_methods_add(&t, "GET", NULL, NULL, 0), -1);
	ck_assert_int_eq(hs_methods_set_body_mode(&t, "GET", HS_BODY_STREAM),
	    -1);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_int_eq(hs_methods_add(&t, "GET", do_answer, NULL, 0), 0);
	ck_assert_int_eq(hs_methods_set_body_mode(&t, "GET",
	    (enum hs_body_mode)7), -1);
	ck_assert_ptr_null(hs_methods_find(&t, "get", 3));
	ck_assert_ptr_null(hs_methods_find(&t, "GE", 2));
	ck_assert_ptr_nonnull(hs_methods_find(&t, "GETX", 3));
	hs_methods_free(&t);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("exchange");
	TCase *tc = tcase_create("exchange");

	tcase_add_loop_test(tc, test_response, 0,
	    sizeof(response_rows) / sizeof(response_rows[0]));
	tcase_add_test(tc, test_log_lines);
	tcase_add_loop_test(tc, test_close_decision, 0,
	    sizeof(close_rows) / sizeof(close_rows[0]));
	tcase_add_loop_test(tc, test_expect, 0,
	    sizeof(expect_rows) / sizeof(expect_rows[0]));
	tcase_add_test(tc, test_misuse);
	tcase_add_test(tc, test_out_of_memory_is_500);
	tcase_add_test(tc, test_error_headers);
	tcase_add_test(tc, test_client_gone);
	tcase_add_test(tc, test_abandon_idle);
	tcase_add_test(tc, test_transport_calls);
	tcase_add_test(tc, test_read_body_buffer_mode);
	tcase_add_test(tc, test_chain);
	tcase_add_test(tc, test_chain_declined);
	tcase_add_test(tc, test_chain_decline_after_answer);
	tcase_add_test(tc, test_methods_refused);
	suite_add_tcase(s, tc);
	return s;
}
