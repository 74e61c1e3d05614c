/* SPDX-License-Identifier: MIT */
/*
 * check_field.c - hs_check_response_field(): which fields a program may
 * add to its responses (httpserve -H, hs_static_add_header()).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "httpserve.h"
#include "runner.h"

struct field_row {
	const char *name;
	const char *value;
	enum hs_field_fault fault;
};

static const struct field_row rows[] = {
	/* Good fields, the value maybe empty or with HTAB and obs-text. */
	{ "X-Frame-Options", "DENY", HS_FIELD_OK },
	{ "Access-Control-Allow-Origin", "*", HS_FIELD_OK },
	{ "X-Empty", "", HS_FIELD_OK },
	{ "X-Tab", "a\tb", HS_FIELD_OK },
	{ "X-Latin", "caf\xc3\xa9", HS_FIELD_OK },
	{ "!#$%&'*+-.^_`|~09aZ", "v", HS_FIELD_OK },
	{ "Cache-Control", "max-age=60", HS_FIELD_OK },
	{ "content-type", "text/plain", HS_FIELD_OK },
	/* Names that are no token. */
	{ "", "v", HS_FIELD_BAD_NAME },
	{ "Bad Name", "v", HS_FIELD_BAD_NAME },
	{ "X:Y", "v", HS_FIELD_BAD_NAME },
	{ "X\r\nY", "v", HS_FIELD_BAD_NAME },
	{ "X(Y)", "v", HS_FIELD_BAD_NAME },
	{ "X\"", "v", HS_FIELD_BAD_NAME },
	{ "Caf\xc3\xa9", "v", HS_FIELD_BAD_NAME },
	{ NULL, "v", HS_FIELD_BAD_NAME },
	/* Values with a control character: CR, LF, NUL-free C strings'
	 * others, DEL. */
	{ "X-A", "a\rb", HS_FIELD_BAD_VALUE },
	{ "X-A", "a\nb", HS_FIELD_BAD_VALUE },
	{ "X-A", "a\r\nSet-Cookie: x=1", HS_FIELD_BAD_VALUE },
	{ "X-A", "\x01", HS_FIELD_BAD_VALUE },
	{ "X-A", "\x1b[31m", HS_FIELD_BAD_VALUE },
	{ "X-A", "a\x7f", HS_FIELD_BAD_VALUE },
	{ "X-A", NULL, HS_FIELD_BAD_VALUE },
	/* The server's own, in any case; a bad name is reported first. */
	{ "Content-Length", "5", HS_FIELD_RESERVED },
	{ "content-length", "5", HS_FIELD_RESERVED },
	{ "Transfer-Encoding", "chunked", HS_FIELD_RESERVED },
	{ "Connection", "keep-alive", HS_FIELD_RESERVED },
	{ "Content-Range", "bytes 0-1/2", HS_FIELD_RESERVED },
	{ "DATE", "x", HS_FIELD_RESERVED },
	{ "Server", "x", HS_FIELD_RESERVED },
	{ "Content-Length", "a\rb", HS_FIELD_BAD_VALUE },
	{ "Content-Lengths", "5", HS_FIELD_OK },
};

START_TEST(test_rows)
{
	const struct field_row *r = &rows[_i];

	ck_assert_int_eq(hs_check_response_field(r->name, r->value),
	    r->fault);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("field");
	TCase *tc = tcase_create("field");

	ADD_TABLE(tc, test_rows, rows);
	suite_add_tcase(s, tc);
	return s;
}
