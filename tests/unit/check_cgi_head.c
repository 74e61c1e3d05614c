/* SPDX-License-Identifier: MIT */
/*
 * check_cgi_head.c - the header section of a CGI script's output: where it
 * ends (also when it arrives one byte at a time), the fields of valid
 * sections, one row for every kind of invalid section, and both limits
 * just inside and just beyond their bounds.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cgi_head.h"
#include "guard.h"
#include "runner.h"

struct end_row {
	const char *in;
	size_t want;		/* hs_cgi_head_end() of the whole input */
};

static const struct end_row end_rows[] = {
	{ "Content-Type: text/plain\n\n", 26 },
	{ "Content-Type: text/plain\r\n\r\n", 28 },
	{ "A: b\r\nC: d\n\r\n", 13 },
	{ "A: b\nC: d\r\n\n", 12 },
	{ "Content-Type: x\n\nbody\n\nmore", 17 },
	{ "Content-Type: x\r\n\r\n\r\n", 19 },
	{ "\n", 1 },
	{ "\r\n", 2 },
	{ "\nbody", 1 },
	{ "\r\nbody\n\n", 2 },
	{ "A: b\r\r\n\n", 8 },	/* "A: b\r" then an empty line */
	{ "\r\r\n\n", 4 },
	/* Not arrived yet. */
	{ "", 0 },
	{ "\r", 0 },
	{ "Content-Type: x", 0 },
	{ "Content-Type: x\n", 0 },
	{ "Content-Type: x\r\n", 0 },
	{ "Content-Type: x\r\n\r", 0 },
	{ "Content-Type: x\n\r\r\n", 0 },
	{ "A: b\n \n", 0 },
};

/*
 * Each row, whole and then growing one byte at a time: 0 until the byte
 * that ends the section, then always the same length.
 */
START_TEST(test_head_end)
{
	const struct end_row *r = &end_rows[_i];
	size_t len = strlen(r->in), k;

	ck_assert_uint_eq(hs_cgi_head_end(guard_copy(r->in, len), len),
	    r->want);
	for (k = 0; k <= len; k++) {
		size_t got = hs_cgi_head_end(guard_copy(r->in, k), k);

		if (r->want == 0 || k < r->want)
			ck_assert_msg(got == 0, "row %d, %zu bytes: %zu", _i,
			    k, got);
		else
			ck_assert_uint_eq(got, r->want);
	}
}
END_TEST

struct parse_row {
	const char *in;		/* a whole section: head_end() is its length */
	size_t len;		/* 0: strlen(in) */
	int ok;
	int status;
	const char *reason;	/* NULL: none */
	const char *location;	/* NULL: none */
	int content_type;
	const char *fields;	/* "name: value" lines, in order */
};

#define BAD(in) { in, 0, 0, 0, NULL, NULL, 0, NULL }

static const struct parse_row parse_rows[] = {
	/* document-response */
	{ "Content-Type: text/plain\n\n", 0, 1, 0, NULL, NULL, 1,
	    "Content-Type: text/plain\n" },
	{ "Content-Type:text/plain\r\n\r\n", 0, 1, 0, NULL, NULL, 1,
	    "Content-Type: text/plain\n" },
	{ "Status: 200 OK\n\n", 0, 1, 200, "OK", NULL, 0, "" },
	{ "Status: 204\r\n\r\n", 0, 1, 204, "", NULL, 0, "" },
	{ "Status: 404 Not Found\r\nContent-Type: text/html\r\n\r\n", 0, 1,
	    404, "Not Found", NULL, 1, "Content-Type: text/html\n" },
	{ "Content-Type: text/html\r\nStatus: 500 Oops\r\n\r\n", 0, 1,
	    500, "Oops", NULL, 1, "Content-Type: text/html\n" },
	{ "Status: 599 \n\n", 0, 1, 599, "", NULL, 0, "" },
	{ "Status:   200\t\n\n", 0, 1, 200, "", NULL, 0, "" },
	{ "Status: 200  Two spaces\n\n", 0, 1, 200, " Two spaces", NULL, 0,
	    "" },
	{ "Status: 200 caf\xc3\xa9\tok\n\n", 0, 1, 200, "caf\xc3\xa9\tok",
	    NULL, 0, "" },
	/* client-redir-response and local-redir-response */
	{ "Location: http://example.com/x\n\n", 0, 1, 0, NULL,
	    "http://example.com/x", 0,
	    "Location: http://example.com/x\n" },
	{ "Location: /x?y\r\n\r\n", 0, 1, 0, NULL, "/x?y", 0,
	    "Location: /x?y\n" },
	/* client-redirdoc-response */
	{ "Status: 302 Found\nLocation: http://h/\n"
	    "Content-Type: text/html\n\n", 0, 1, 302, "Found", "http://h/", 1,
	    "Location: http://h/\nContent-Type: text/html\n" },
	/* Fields in order, values trimmed, repeats kept. */
	{ "Content-Type: text/plain\r\nX-A:  b c \t\r\nX-Empty:\r\n"
	    "X-Blank: \t \r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n", 0, 1,
	    0, NULL, NULL, 1,
	    "Content-Type: text/plain\nX-A: b c\nX-Empty: \nX-Blank: \n"
	    "Set-Cookie: a=1\nSet-Cookie: b=2\n" },
	{ "X-Weird: a:b: c\nContent-Type: t\n\n", 0, 1, 0, NULL, NULL, 1,
	    "X-Weird: a:b: c\nContent-Type: t\n" },
	{ "Content-Type: t\nX: caf\xc3\xa9\tx\n\n", 0, 1, 0, NULL, NULL, 1,
	    "Content-Type: t\nX: caf\xc3\xa9\tx\n" },
	{ "Content-Length: 5\nContent-Type: a/b\n\n", 0, 1, 0, NULL, NULL, 1,
	    "Content-Length: 5\nContent-Type: a/b\n" },
	{ "!#$%&'*+-.^_`|~09aZ: v\nContent-Type: t\n\n", 0, 1, 0, NULL, NULL,
	    1, "!#$%&'*+-.^_`|~09aZ: v\nContent-Type: t\n" },
	{ "Content-Type: a\r\nX: b\n\r\n", 0, 1, 0, NULL, NULL, 1,
	    "Content-Type: a\nX: b\n" },
	/* Names in any case. */
	{ "status: 500 Oops\ncontent-TYPE: x\nLOCATION: /y\n\n", 0, 1, 500,
	    "Oops", "/y", 1, "content-TYPE: x\nLOCATION: /y\n" },
	{ "STATUS: 201\n\n", 0, 1, 201, "", NULL, 0, "" },
	/* Lines: no ':', a bad name, folding. */
	BAD("Content-Type text/plain\n\n"),
	BAD(": v\nContent-Type: t\n\n"),
	BAD("Content Type: t\n\n"),
	BAD("Content-Type : t\n\n"),
	BAD("X@Y: v\nContent-Type: t\n\n"),
	BAD("\xc3\xa9: v\nContent-Type: t\n\n"),
	BAD("Content-Type: t\n folded\n\n"),
	BAD("Content-Type: t\n\tfolded\n\n"),
	BAD(" Content-Type: t\n\n"),
	BAD("\r\r\n\n"),
	/* Control characters in a value. */
	BAD("Content-Type: t\x01x\n\n"),
	BAD("Content-Type: t\x7f\n\n"),
	BAD("Content-Type: t\x1b[0m\n\n"),
	BAD("Content-Type: a\rb\n\n"),
	BAD("Content-Type: a\r\r\n\n"),
	BAD("Content-Type: \rt\n\n"),
	{ "Content-Type: t\0x\n\n", 19, 0, 0, NULL, NULL, 0, NULL },
	{ "Content\0Type: t\n\n", 17, 0, 0, NULL, NULL, 0, NULL },
	/* No Content-Type, Location or Status. */
	BAD("\n"),
	BAD("\r\n"),
	BAD("X-Foo: bar\n\n"),
	BAD("Content-Length: 3\n\n"),
	BAD("Content-Typ: t\n\n"),
	/* Bad Status values. */
	BAD("Status: 99\n\n"),
	BAD("Status: 1000\n\n"),
	BAD("Status: abc\n\n"),
	BAD("Status: 200x\n\n"),
	BAD("Status: 600\n\n"),
	BAD("Status: 199\n\n"),
	BAD("Status: 100 Continue\n\n"),
	BAD("Status: 099\n\n"),
	BAD("Status: 20\n\n"),
	BAD("Status: 2O0\n\n"),
	BAD("Status: +200\n\n"),
	BAD("Status:\n\n"),
	BAD("Status: 200\tOK\n\n"),
	BAD("Status: 200 OK\x01\n\n"),
	BAD("Status: 404 Not Found\nContent-Type: t\x02\n\n"),
	/* Given twice, or an empty Location. */
	BAD("Status: 200\nStatus: 200\n\n"),
	BAD("Status: 200 OK\nContent-Type: t\nstatus: 404\n\n"),
	BAD("Location: /a\nLocation: /b\n\n"),
	BAD("Location: /a\nlocation: /a\n\n"),
	BAD("Location:\nContent-Type: t\n\n"),
	BAD("Location:  \t\nContent-Type: t\n\n"),
};

/* The fields of H as "name: value" lines, into OUT. */
static void
format_fields(char *out, size_t size, const struct hs_cgi_head *h)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < h->nfields; i++) {
		int n = snprintf(out + used, size - used, "%.*s: %.*s\n",
		    (int)h->fields[i].name_len, h->fields[i].name,
		    (int)h->fields[i].value_len, h->fields[i].value);

		ck_assert(n >= 0 && (size_t)n < size - used);
		used += (size_t)n;
	}
}

/* Is the span P, N inside the LEN bytes at BUF? */
static int
inside(const char *p, size_t n, const char *buf, size_t len)
{
	return p >= buf && p + n <= buf + len;
}

/* Each row parses as expected, reading nothing past the section. */
START_TEST(test_parse)
{
	const struct parse_row *r = &parse_rows[_i];
	size_t len = r->len != 0 ? r->len : strlen(r->in), i;
	const char *buf = guard_copy(r->in, len);
	struct hs_cgi_head h;
	char fields[1024];
	int rc;

	ck_assert_uint_eq(hs_cgi_head_end(buf, len), len);
	memset(&h, 0x5a, sizeof(h));
	rc = hs_cgi_parse_head(buf, len, &h);
	if (!r->ok) {
		ck_assert_msg(rc == -1, "row %d accepted: %s", _i, r->in);
		return;
	}
	ck_assert_msg(rc == 0, "row %d refused: %s", _i, r->in);
	ck_assert_uint_eq(h.head_len, len);
	ck_assert_int_eq(h.status, r->status);
	if (r->reason == NULL) {
		ck_assert_ptr_null(h.reason);
		ck_assert_uint_eq(h.reason_len, 0);
	} else {
		ck_assert_ptr_nonnull(h.reason);
		ck_assert(inside(h.reason, h.reason_len, buf, len));
		ck_assert_uint_eq(h.reason_len, strlen(r->reason));
		ck_assert(memcmp(h.reason, r->reason, h.reason_len) == 0);
	}
	if (r->location == NULL) {
		ck_assert_ptr_null(h.location);
	} else {
		ck_assert_ptr_nonnull(h.location);
		ck_assert(inside(h.location, h.location_len, buf, len));
		ck_assert_uint_eq(h.location_len, strlen(r->location));
		ck_assert(memcmp(h.location, r->location,
		    h.location_len) == 0);
	}
	ck_assert_int_eq(h.content_type, r->content_type);
	format_fields(fields, sizeof(fields), &h);
	ck_assert_str_eq(fields, r->fields);
	for (i = 0; i < h.nfields; i++) {
		ck_assert(inside(h.fields[i].name, h.fields[i].name_len, buf,
		    len));
		ck_assert(inside(h.fields[i].value, h.fields[i].value_len,
		    buf, len));
	}
}
END_TEST

/*
 * A valid row arriving one byte at a time: no end is found before its
 * last byte, nor read past what has arrived.
 */
START_TEST(test_parse_rows_incremental)
{
	const struct parse_row *r = &parse_rows[_i];
	size_t len = r->len != 0 ? r->len : strlen(r->in), k;

	if (!r->ok)
		return;
	for (k = 0; k < len; k++)
		ck_assert_uint_eq(hs_cgi_head_end(guard_copy(r->in, k), k), 0);
	ck_assert_uint_eq(hs_cgi_head_end(guard_copy(r->in, len), len), len);
}
END_TEST

/* The body after the section is not the parser's business. */
START_TEST(test_body_after)
{
	static const char out[] = "Status: 200 OK\r\nContent-Type: t\r\n\r\n"
	    "body\n: not a field\n\n";
	size_t len = sizeof(out) - 1;
	const char *buf = guard_copy(out, len);
	size_t head_len = hs_cgi_head_end(buf, len);
	struct hs_cgi_head h;

	ck_assert_uint_eq(head_len, 35);
	ck_assert_int_eq(hs_cgi_parse_head(buf, head_len, &h), 0);
	ck_assert_uint_eq(h.head_len, 35);
	ck_assert_uint_eq(h.nfields, 1);
	/* HEAD_LEN must be where the empty line ends, not elsewhere. */
	ck_assert_int_eq(hs_cgi_parse_head(buf, len, &h), -1);
	ck_assert_int_eq(hs_cgi_parse_head(buf, head_len - 1, &h), -1);
	ck_assert_int_eq(hs_cgi_parse_head(buf, 16, &h), -1);
	ck_assert_int_eq(hs_cgi_parse_head(buf, 0, &h), -1);
}
END_TEST

/* A parse starts afresh: nothing is left from the one before. */
START_TEST(test_reuse)
{
	static const char first[] = "Status: 404 No\nLocation: /x\nA: b\n\n";
	static const char second[] = "Content-Type: t\n\n";
	struct hs_cgi_head h;

	ck_assert_int_eq(hs_cgi_parse_head(first, sizeof(first) - 1, &h), 0);
	ck_assert_int_eq(h.status, 404);
	ck_assert_int_eq(hs_cgi_parse_head(second, sizeof(second) - 1, &h),
	    0);
	ck_assert_int_eq(h.status, 0);
	ck_assert_ptr_null(h.reason);
	ck_assert_ptr_null(h.location);
	ck_assert_uint_eq(h.nfields, 1);
	ck_assert_int_eq(h.content_type, 1);
}
END_TEST

/*
 * A section of Content-Type and then NFIELDS - 1 more fields, with
 * Status too when STATUS is set (it is not counted).
 */
static size_t
make_fields(char *buf, size_t size, size_t nfields, int status)
{
	size_t i, len = 0;
	int n;

	n = snprintf(buf, size, "%sContent-Type: t\r\n",
	    status ? "Status: 200 OK\r\n" : "");
	ck_assert(n > 0);
	len = (size_t)n;
	for (i = 1; i < nfields; i++) {
		n = snprintf(buf + len, size - len, "X-%zu: %zu\r\n", i, i);
		ck_assert(n > 0 && (size_t)n < size - len);
		len += (size_t)n;
	}
	ck_assert(len + 2 < size);
	memcpy(buf + len, "\r\n", 2);
	return len + 2;
}

/* HS_CGI_MAX_FIELDS fields are accepted, one more is not. */
START_TEST(test_field_limit)
{
	char text[8192];
	struct hs_cgi_head h;
	size_t len;
	const char *buf;

	len = make_fields(text, sizeof(text), HS_CGI_MAX_FIELDS, 0);
	buf = guard_copy(text, len);
	ck_assert_uint_eq(hs_cgi_head_end(buf, len), len);
	ck_assert_int_eq(hs_cgi_parse_head(buf, len, &h), 0);
	ck_assert_uint_eq(h.nfields, HS_CGI_MAX_FIELDS);
	ck_assert_uint_eq(h.fields[HS_CGI_MAX_FIELDS - 1].value_len, 2);
	ck_assert(memcmp(h.fields[HS_CGI_MAX_FIELDS - 1].value, "99", 2) ==
	    0);

	len = make_fields(text, sizeof(text), HS_CGI_MAX_FIELDS, 1);
	buf = guard_copy(text, len);
	ck_assert_int_eq(hs_cgi_parse_head(buf, len, &h), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_uint_eq(h.nfields, HS_CGI_MAX_FIELDS);

	len = make_fields(text, sizeof(text), HS_CGI_MAX_FIELDS + 1, 0);
	buf = guard_copy(text, len);
	ck_assert_uint_eq(hs_cgi_head_end(buf, len), len);
	ck_assert_int_eq(hs_cgi_parse_head(buf, len, &h), -1);
}
END_TEST

/*
 * A section of exactly LEN bytes: Content-Type, then one field whose value
 * fills the rest.
 */
static char *
make_sized(size_t len)
{
	static const char start[] = "Content-Type: t\nX: ";
	size_t fixed = sizeof(start) - 1 + 2;	/* and "\n\n" */
	char *s = malloc(len);

	ck_assert_ptr_nonnull(s);
	ck_assert(len > fixed);
	memcpy(s, start, sizeof(start) - 1);
	memset(s + sizeof(start) - 1, 'a', len - fixed);
	memcpy(s + len - 2, "\n\n", 2);
	return s;
}

/* HS_CGI_MAX_HEAD bytes are accepted, one more is not. */
START_TEST(test_size_limit)
{
	struct hs_cgi_head h;
	char *s;
	const char *buf;

	s = make_sized(HS_CGI_MAX_HEAD);
	buf = guard_copy(s, HS_CGI_MAX_HEAD);
	ck_assert_uint_eq(hs_cgi_head_end(buf, HS_CGI_MAX_HEAD),
	    HS_CGI_MAX_HEAD);
	ck_assert_int_eq(hs_cgi_parse_head(buf, HS_CGI_MAX_HEAD, &h), 0);
	ck_assert_uint_eq(h.head_len, HS_CGI_MAX_HEAD);
	ck_assert_uint_eq(h.nfields, 2);
	ck_assert_uint_eq(h.fields[1].value_len, HS_CGI_MAX_HEAD - 21);
	free(s);

	s = make_sized(HS_CGI_MAX_HEAD + 1);
	buf = guard_copy(s, HS_CGI_MAX_HEAD + 1);
	ck_assert_uint_eq(hs_cgi_head_end(buf, HS_CGI_MAX_HEAD + 1),
	    HS_CGI_MAX_HEAD + 1);
	ck_assert_int_eq(hs_cgi_parse_head(buf, HS_CGI_MAX_HEAD + 1, &h), -1);
	free(s);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cgi_head");
	TCase *tc = tcase_create("cgi_head");

	tcase_add_loop_test(tc, test_head_end, 0,
	    (int)(sizeof(end_rows) / sizeof(end_rows[0])));
	tcase_add_loop_test(tc, test_parse, 0,
	    (int)(sizeof(parse_rows) / sizeof(parse_rows[0])));
	tcase_add_loop_test(tc, test_parse_rows_incremental, 0,
	    (int)(sizeof(parse_rows) / sizeof(parse_rows[0])));
	tcase_add_test(tc, test_body_after);
	tcase_add_test(tc, test_reuse);
	tcase_add_test(tc, test_field_limit);
	tcase_add_test(tc, test_size_limit);
	suite_add_tcase(s, tc);
	return s;
}
