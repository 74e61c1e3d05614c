/* SPDX-License-Identifier: MIT */
/*
 * check_parse.c - the request head parser: valid heads, every error class
 * with Python's answer, the limits on both sides of their bounds, and the
 * same results when the input arrives one byte at a time.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "http/hs_limits.h"
#include "http/parse.h"
#include "runner.h"

/* One input and what parsing it gives; a field a row leaves out is 0 or
 * NULL. */
struct row {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int at_eof;
	enum hs_parse_status status;
	enum hs_parse_error error;
	const char *method;	/* DONE: the words; ERROR: NULL */
	const char *target;
	const char *version;
	int major, minor, simple;
	size_t nheaders;
	const char *word;	/* ERROR: the quoted text, or NULL */
};

#define DONE HS_PARSE_DONE
#define MORE HS_PARSE_INCOMPLETE
#define FAIL HS_PARSE_ERROR

/* A row by its outcome: a complete head, an incomplete one, an error; the
 * other fields named. */
#define ROW_OK(input, ...) { .in = (input), .status = DONE, __VA_ARGS__ }
#define ROW_MORE(input, ...) { .in = (input), .status = MORE, __VA_ARGS__ }
#define ROW_ERR(input, ...) { .in = (input), .status = FAIL, __VA_ARGS__ }

static const struct row rows[] = {
	/* Valid heads. */
	ROW_OK("GET / HTTP/1.1\r\n\r\n", .method = "GET", .target = "/",
	    .version = "HTTP/1.1", .major = 1, .minor = 1),
	ROW_OK("GET / HTTP/1.0\n\n", .method = "GET", .target = "/",
	    .version = "HTTP/1.0", .major = 1, .minor = 0),
	ROW_OK("GET /a?b HTTP/1.1\r\nHost: x\r\nX-Y:  z \r\n\r\n",
	    .method = "GET", .target = "/a?b", .version = "HTTP/1.1",
	    .major = 1, .minor = 1, .nheaders = 2),
	ROW_OK("GET  /  HTTP/1.1 \r\n\r\n", .method = "GET", .target = "/",
	    .version = "HTTP/1.1", .major = 1, .minor = 1),
	ROW_OK("GET\t/x\tHTTP/1.1\r\n\r\n", .method = "GET", .target = "/x",
	    .version = "HTTP/1.1", .major = 1, .minor = 1),
	ROW_OK("GET /\r\n\r\n", .method = "GET", .target = "/", .version = "",
	    .major = 0, .minor = 9, .simple = 1),
	ROW_OK("GET / HTTP/1.9\r\n\r\n", .method = "GET", .target = "/",
	    .version = "HTTP/1.9", .major = 1, .minor = 9),
	ROW_OK("SPAM /x HTTP/1.0\r\n\r\n", .method = "SPAM", .target = "/x",
	    .version = "HTTP/1.0", .major = 1, .minor = 0),
	ROW_OK("GET / HTTP/1.1\r\nEmpty:\r\nSpaces:   \r\n\r\n",
	    .method = "GET", .target = "/", .version = "HTTP/1.1", .major = 1,
	    .minor = 1, .nheaders = 2),
	ROW_OK("GET / HTTP/1.1\r\nX: caf\xc3\xa9\tok\r\n\r\n", .method = "GET",
	    .target = "/", .version = "HTTP/1.1", .major = 1, .minor = 1,
	    .nheaders = 1),
	ROW_OK("GET /\xc3\xa9 HTTP/1.1\r\n\r\n", .method = "GET",
	    .target = "/\xc3\xa9", .version = "HTTP/1.1", .major = 1,
	    .minor = 1),
	ROW_OK("GET / HTTP/1.0", .at_eof = 1, .method = "GET", .target = "/",
	    .version = "HTTP/1.0", .major = 1, .minor = 0),
	ROW_OK("GET / HTTP/1.0\r\nHost: x", .at_eof = 1, .method = "GET",
	    .target = "/", .version = "HTTP/1.0", .major = 1, .minor = 0,
	    .nheaders = 1),
	ROW_OK("GET /\n", .at_eof = 1, .method = "GET", .target = "/",
	    .version = "", .major = 0, .minor = 9, .simple = 1),
	ROW_OK("GET / HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
	    .method = "GET", .target = "/", .version = "HTTP/1.1", .major = 1,
	    .minor = 1),
	/* Not yet complete. */
	ROW_MORE("", .at_eof = 0),
	ROW_MORE("", .at_eof = 1),
	ROW_MORE("GET / HTT", .at_eof = 0),
	ROW_MORE("GET / HTTP/1.1\r\n", .at_eof = 0),
	ROW_MORE("GET / HTTP/1.1\r\nHost: x\r\n", .at_eof = 0),
	ROW_MORE("GET / HTTP/1.1\r\nHost: x\r\n\r", .at_eof = 0),
	/* Request line errors, in parse_request()'s order. */
	ROW_ERR("\r\n", .error = HS_PE_EMPTY),
	ROW_ERR("  \t \r\n", .error = HS_PE_EMPTY),
	ROW_ERR("GET / HTTP/1.1 extra\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "extra"),
	ROW_ERR("GET / x HTTP/1.1\r\n\r\n", .error = HS_PE_BAD_SYNTAX,
	    .word = "GET / x HTTP/1.1"),
	ROW_ERR("GET\r\n\r\n", .error = HS_PE_BAD_SYNTAX, .word = "GET"),
	ROW_ERR("POST /\r\n\r\n", .error = HS_PE_BAD_09_METHOD, .simple = 1,
	    .word = "POST"),
	ROW_ERR("GET / HTTP/2.0\r\n\r\n", .error = HS_PE_VERSION,
	    .word = "2.0"),
	ROW_ERR("GET / HTTP/9.9\r\n\r\n", .error = HS_PE_VERSION,
	    .word = "9.9"),
	/* One digit a part (RFC 9112 section 2.3). */
	ROW_ERR("GET / HTTP/10.0\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/10.0"),
	ROW_ERR("GET / HTTP/01.01\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/01.01"),
	ROW_ERR("GET / HTTP/1.00000000001\r\n\r\n",
	    .error = HS_PE_BAD_VERSION, .word = "HTTP/1.00000000001"),
	ROW_ERR("GET / HTTP/1.99999999999\r\n\r\n",
	    .error = HS_PE_BAD_VERSION, .word = "HTTP/1.99999999999"),
	ROW_ERR("GET / HTTP/0.09\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/0.09"),
	ROW_ERR("GET / HTTP/1.x\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/1.x"),
	ROW_ERR("GET / HTTP/3\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/3"),
	ROW_ERR("GET / http/1.1\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "http/1.1"),
	ROW_ERR("GET / HTTP/1.1.1\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/1.1.1"),
	ROW_ERR("GET / HTTP/1.\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/1."),
	ROW_ERR("GET / HTTP/.1\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/.1"),
	ROW_ERR("GET / HTTP/+1.1\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/+1.1"),
	ROW_ERR("GET / HTTP/\r\n\r\n", .error = HS_PE_BAD_VERSION,
	    .word = "HTTP/"),
	ROW_ERR("GET /\x01 HTTP/1.1\r\n\r\n", .error = HS_PE_BAD_SYNTAX,
	    .word = "GET /\x01 HTTP/1.1"),
	ROW_ERR("GET /\x7f HTTP/1.1\r\n\r\n", .error = HS_PE_BAD_SYNTAX,
	    .word = "GET /\x7f HTTP/1.1"),
	ROW_ERR("GET / HTTP/1.1\rX\r\n\r\n", .error = HS_PE_BAD_SYNTAX,
	    .word = "GET / HTTP/1.1\rX"),
	ROW_ERR("GET /a\0b HTTP/1.1\r\n\r\n", .len = 21,
	    .error = HS_PE_BAD_SYNTAX),
	/* Header field errors (RFC 9112 section 5). */
	ROW_ERR("GET / HTTP/1.1\r\n Host: x\r\n\r\n",
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nA: b\r\n\tfolded\r\n\r\n",
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nHost : x\r\n\r\n",
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nNoColon\r\n\r\n", .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\n: x\r\n\r\n", .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", .len = 26,
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX\x7f: a\r\n\r\n",
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n",
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX(y): a\r\n\r\n", .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX: \x1b[31m\r\n\r\n",
	    .error = HS_PE_BAD_HEADER),
	ROW_ERR("GET / HTTP/1.1\r\nX: a\r\r\n\r\n", .error = HS_PE_BAD_HEADER),
};

/* Compare the span S of BUF with the string WANT. */
static void
check_span(const char *buf, struct hs_span s, const char *want,
    const char *what)
{
	ck_assert_msg(s.len == strlen(want) &&
	    memcmp(buf + s.off, want, s.len) == 0,
	    "%s: got \"%.*s\", want \"%s\"", what, (int)s.len, buf + s.off,
	    want);
}

/* Check the parse of ROW's whole input in HEAD. */
static size_t row_len(const struct row *r);

static void
check_result(const struct row *r, const struct hs_head *h, const char *buf,
    enum hs_parse_status st)
{
	ck_assert_int_eq(st, r->status);
	if (st == DONE) {
		check_span(buf, h->method, r->method, "method");
		check_span(buf, h->target, r->target, "target");
		check_span(buf, h->version, r->version, "version");
		ck_assert_int_eq(h->major, r->major);
		ck_assert_int_eq(h->minor, r->minor);
		ck_assert_int_eq(h->simple, r->simple);
		ck_assert_uint_eq(h->nheaders, r->nheaders);
		ck_assert_uint_le(h->length, row_len(r));
	} else if (st == FAIL) {
		ck_assert_int_eq(h->error, r->error);
		if (r->word != NULL)
			check_span(buf, h->error_word, r->word, "error word");
		if (r->error == HS_PE_BAD_09_METHOD)
			ck_assert_int_eq(h->simple, 1);
	}
}

static size_t
row_len(const struct row *r)
{
	return r->len != 0 ? r->len : strlen(r->in);
}

/* Each row parsed whole. */
START_TEST(test_rows_whole)
{
	const struct row *r = &rows[_i];
	size_t len = row_len(r);
	const char *buf = guard_copy(r->in, len);
	struct hs_head h;

	hs_parse_init(&h);
	check_result(r, &h, buf, hs_parse_head(&h, buf, len, r->at_eof));
}
END_TEST

/*
 * Each row fed one byte more at a time: nothing is decided before the
 * byte that decides it, the final result is the same, and bytes already
 * scanned are never scanned again.
 */
START_TEST(test_rows_incremental)
{
	const struct row *r = &rows[_i];
	size_t len = row_len(r), n;
	struct hs_head h;
	enum hs_parse_status st = MORE;
	const char *buf = NULL;

	hs_parse_init(&h);
	for (n = 0; n <= len && st == MORE; n++) {
		buf = guard_copy(r->in, n);
		st = hs_parse_head(&h, buf, n, n == len && r->at_eof);
		if (st == MORE)
			ck_assert_uint_eq(h.scanned, n);
	}
	if (r->status == FAIL) {
		ck_assert_int_eq(st, FAIL);
		ck_assert_int_eq(h.error, r->error);
	} else {
		ck_assert_uint_eq(n - 1, st == DONE ? h.length : len);
		check_result(r, &h, buf, st);
	}
}
END_TEST

/* A request line of LEN bytes (CRLF included), then a blank line. */
static char *
request_line_of(size_t len)
{
	char *s = malloc(len + 3);
	size_t i;

	memcpy(s, "GET /", 5);
	for (i = 5; i < len - 11; i++)
		s[i] = 'a';
	memcpy(s + len - 11, " HTTP/1.0\r\n\r\n", 13);
	s[len + 2] = '\0';
	return s;
}

/* Python refuses a request line over 65536 bytes, CRLF included. */
START_TEST(test_request_line_limit)
{
	struct hs_head h;
	char *ok = request_line_of(HS_MAX_LINE);
	char *big = request_line_of(HS_MAX_LINE + 1);
	const char *buf;

	hs_parse_init(&h);
	buf = guard_copy(ok, strlen(ok));
	ck_assert_int_eq(hs_parse_head(&h, buf, strlen(ok), 0), DONE);
	ck_assert_uint_eq(h.target.len, HS_MAX_LINE - 15);
	hs_parse_init(&h);
	buf = guard_copy(big, strlen(big));
	ck_assert_int_eq(hs_parse_head(&h, buf, strlen(big), 0), FAIL);
	ck_assert_int_eq(h.error, HS_PE_URI_TOO_LONG);
	ck_assert_int_eq(hs_parse_error_status(h.error), 414);
	/* Without a line end in sight, the limit is known at 65537 bytes. */
	hs_parse_init(&h);
	buf = guard_copy(big, HS_MAX_LINE);
	ck_assert_int_eq(hs_parse_head(&h, buf, HS_MAX_LINE, 0), MORE);
	buf = guard_copy(big, HS_MAX_LINE + 1);
	ck_assert_int_eq(hs_parse_head(&h, buf, HS_MAX_LINE + 1, 0), FAIL);
	ck_assert_int_eq(h.error, HS_PE_URI_TOO_LONG);
	free(ok);
	free(big);
}
END_TEST

/* A head with one header line of LEN bytes, CRLF included. */
static char *
header_line_of(size_t len, size_t *total)
{
	static const char start[] = "GET / HTTP/1.1\r\nX: ";
	size_t n = strlen(start);
	char *s = malloc(n + len + 3);

	memcpy(s, start, n);
	memset(s + n, 'v', len - 5);
	memcpy(s + n + len - 5, "\r\n\r\n", 4);
	*total = n + len - 5 + 4;
	return s;
}

/* Python refuses a header line over 65536 bytes with 431. */
START_TEST(test_header_line_limit)
{
	struct hs_head h;
	size_t n_ok, n_big;
	char *ok = header_line_of(HS_MAX_LINE, &n_ok);
	char *big = header_line_of(HS_MAX_LINE + 1, &n_big);
	const char *buf;

	hs_parse_init(&h);
	buf = guard_copy(ok, n_ok);
	ck_assert_int_eq(hs_parse_head(&h, buf, n_ok, 0), DONE);
	ck_assert_uint_eq(h.headers[0].value.len, HS_MAX_LINE - 5);
	hs_parse_init(&h);
	buf = guard_copy(big, n_big);
	ck_assert_int_eq(hs_parse_head(&h, buf, n_big, 0), FAIL);
	ck_assert_int_eq(h.error, HS_PE_LINE_TOO_LONG);
	ck_assert_int_eq(hs_parse_error_status(h.error), 431);
	free(ok);
	free(big);
}
END_TEST

/* A head with N header fields. */
static char *
headers_of(size_t n, size_t *total)
{
	char *s = malloc(32 + n * 16);
	size_t len = 0, i;

	len += (size_t)sprintf(s, "GET / HTTP/1.1\r\n");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, "H%zu: v\r\n", i);
	len += (size_t)sprintf(s + len, "\r\n");
	*total = len;
	return s;
}

/* Python reads at most 100 lines after the request line, the blank one
 * included: 99 fields pass, 100 are refused with 431. */
START_TEST(test_header_count_limit)
{
	struct hs_head h;
	size_t n;
	char *ok = headers_of(HS_MAX_HEADERS, &n);
	char *big;
	const char *buf = guard_copy(ok, n);

	hs_parse_init(&h);
	ck_assert_int_eq(hs_parse_head(&h, buf, n, 0), DONE);
	ck_assert_uint_eq(h.nheaders, 99);
	free(ok);
	big = headers_of(HS_MAX_HEADERS + 1, &n);
	buf = guard_copy(big, n);
	hs_parse_init(&h);
	ck_assert_int_eq(hs_parse_head(&h, buf, n, 0), FAIL);
	ck_assert_int_eq(h.error, HS_PE_TOO_MANY_HEADERS);
	ck_assert_int_eq(hs_parse_error_status(h.error), 431);
	free(big);
}
END_TEST

/* Our bound on the whole head: within it a head of long lines passes,
 * one byte beyond it fails, complete lines or not. */
START_TEST(test_head_size_limit)
{
	struct hs_head h;
	char *s = malloc(HS_MAX_HEAD + 64);
	size_t len = 0, line = 60000;
	const char *buf;

	len += (size_t)sprintf(s, "GET / HTTP/1.1\r\n");
	while (len + line < HS_MAX_HEAD) {
		memcpy(s + len, "X: ", 3);
		memset(s + len + 3, 'v', line - 5);
		memcpy(s + len + line - 2, "\r\n", 2);
		len += line;
	}
	memcpy(s + len, "\r\n", 2);
	buf = guard_copy(s, len + 2);
	hs_parse_init(&h);
	ck_assert_int_eq(hs_parse_head(&h, buf, len + 2, 0), DONE);
	/* Fill up to exactly the bound with one more field, no end. */
	memcpy(s + len, "Y: ", 3);
	memset(s + len + 3, 'w', HS_MAX_HEAD - len - 3);
	buf = guard_copy(s, HS_MAX_HEAD);
	hs_parse_init(&h);
	ck_assert_int_eq(hs_parse_head(&h, buf, HS_MAX_HEAD, 0), MORE);
	s[HS_MAX_HEAD] = 'w';
	buf = guard_copy(s, HS_MAX_HEAD + 1);
	ck_assert_int_eq(hs_parse_head(&h, buf, HS_MAX_HEAD + 1, 0), FAIL);
	ck_assert_int_eq(h.error, HS_PE_HEAD_TOO_LARGE);
	free(s);
}
END_TEST

/* Header names and values come out trimmed of surrounding whitespace. */
START_TEST(test_header_spans)
{
	static const char in[] = "GET / HTTP/1.1\r\nHost:example.org\r\n"
	    "X-Pad: \t spaced value \t\r\nEmpty:\r\n\r\n";
	const char *buf = guard_copy(in, strlen(in));
	struct hs_head h;

	hs_parse_init(&h);
	ck_assert_int_eq(hs_parse_head(&h, buf, strlen(in), 0), DONE);
	ck_assert_uint_eq(h.nheaders, 3);
	check_span(buf, h.headers[0].name, "Host", "name 0");
	check_span(buf, h.headers[0].value, "example.org", "value 0");
	check_span(buf, h.headers[1].name, "X-Pad", "name 1");
	check_span(buf, h.headers[1].value, "spaced value", "value 1");
	check_span(buf, h.headers[2].name, "Empty", "name 2");
	check_span(buf, h.headers[2].value, "", "value 2");
	check_span(buf, h.line, "GET / HTTP/1.1", "line");
	ck_assert_uint_eq(h.length, strlen(in));
}
END_TEST

/* Every error maps to the status Python sends. */
START_TEST(test_error_statuses)
{
	ck_assert_int_eq(hs_parse_error_status(HS_PE_EMPTY), 0);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_URI_TOO_LONG), 414);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_BAD_VERSION), 400);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_VERSION), 505);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_BAD_SYNTAX), 400);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_BAD_09_METHOD), 400);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_LINE_TOO_LONG), 431);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_TOO_MANY_HEADERS),
	    431);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_HEAD_TOO_LARGE), 431);
	ck_assert_int_eq(hs_parse_error_status(HS_PE_BAD_HEADER), 400);
}
END_TEST

struct answer_row {
	enum hs_parse_error error;
	int status;
	const char *message;
	const char *explain;
	enum hs_quote quote;
};

/* send_error()'s arguments in parse_request() for each error, as Python
 * 3.11 sends them. */
static const struct answer_row answer_rows[] = {
	{ HS_PE_NONE, 0, NULL, NULL, HS_QUOTE_NONE },
	{ HS_PE_EMPTY, 0, NULL, NULL, HS_QUOTE_NONE },
	{ HS_PE_URI_TOO_LONG, 414, NULL, NULL, HS_QUOTE_NONE },
	{ HS_PE_BAD_VERSION, 400, "Bad request version", NULL,
	    HS_QUOTE_REPR },
	{ HS_PE_VERSION, 505, "Invalid HTTP version", NULL, HS_QUOTE_AS_IS },
	{ HS_PE_BAD_SYNTAX, 400, "Bad request syntax", NULL, HS_QUOTE_REPR },
	{ HS_PE_BAD_09_METHOD, 400, "Bad HTTP/0.9 request type", NULL,
	    HS_QUOTE_REPR },
	{ HS_PE_LINE_TOO_LONG, 431, "Line too long",
	    "got more than 65536 bytes when reading header line",
	    HS_QUOTE_NONE },
	{ HS_PE_TOO_MANY_HEADERS, 431, "Too many headers",
	    "got more than 100 headers", HS_QUOTE_NONE },
	{ HS_PE_HEAD_TOO_LARGE, 431, "Request header too large", NULL,
	    HS_QUOTE_NONE },
	{ HS_PE_BAD_HEADER, 400, "Bad header line", NULL, HS_QUOTE_NONE },
};

/* Each error has Python's answer. */
START_TEST(test_error_answers)
{
	const struct answer_row *r = &answer_rows[_i];
	const struct hs_parse_answer *a = hs_parse_error_answer(r->error);

	ck_assert_int_eq(a->status, r->status);
	ck_assert_int_eq(a->status, hs_parse_error_status(r->error));
	ck_assert_pstr_eq(a->message, r->message);
	ck_assert_pstr_eq(a->explain, r->explain);
	ck_assert_int_eq(a->quote, r->quote);
}
END_TEST

/* The numbers the 431 explanations quote are the limits' own. */
START_TEST(test_error_limits)
{
	char want[128];

	snprintf(want, sizeof(want),
	    "got more than %d bytes when reading header line", HS_MAX_LINE);
	ck_assert_str_eq(hs_parse_error_answer(HS_PE_LINE_TOO_LONG)->explain,
	    want);
	snprintf(want, sizeof(want), "got more than %d headers",
	    HS_MAX_HEADERS + 1);
	ck_assert_str_eq(
	    hs_parse_error_answer(HS_PE_TOO_MANY_HEADERS)->explain, want);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");
	int n = (int)(sizeof(rows) / sizeof(rows[0]));

	tcase_add_loop_test(tc, test_rows_whole, 0, n);
	tcase_add_loop_test(tc, test_rows_incremental, 0, n);
	tcase_add_test(tc, test_request_line_limit);
	tcase_add_test(tc, test_header_line_limit);
	tcase_add_test(tc, test_header_count_limit);
	tcase_add_test(tc, test_head_size_limit);
	tcase_add_test(tc, test_header_spans);
	tcase_add_test(tc, test_error_statuses);
	ADD_TABLE(tc, test_error_answers, answer_rows);
	tcase_add_test(tc, test_error_limits);
	suite_add_tcase(s, tc);
	return s;
}
