/* SPDX-License-Identifier: MIT */
/*
 * check_errpage.c - the error page of send_error(): Python's template
 * filled as error_message_format % {...} fills it (expected values as
 * Python 3.11 prints them), and the placeholders a template may use.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "http/buf.h"
#include "http/errpage.h"
#include "runner.h"

struct page_row {
	const char *format;
	int code;
	const char *message;
	const char *explain;
	const char *page;
};

static const struct page_row rows[] = {
	/* Each placeholder, alone and together. */
	{ "%(code)d", 404, "m", "e", "404" },
	{ "%(code)s", 404, "m", "e", "404" },
	{ "%(message)s", 404, "Not Found", "e", "Not Found" },
	{ "%(explain)s", 404, "m", "Nothing matches", "Nothing matches" },
	{ "%%", 404, "m", "e", "%" },
	{ "[%(code)d|%(message)s|%(explain)s|%%]", 500, "Oops", "Broken",
	    "[500|Oops|Broken|%]" },
	/* Texts are HTML-escaped, quotes left as they are (quote=False). */
	{ "%(message)s %(explain)s", 400, "<script>&", "\"a\" 'b'",
	    "&lt;script&gt;&amp; \"a\" 'b'" },
	/* Anything else stays as written. */
	{ "%(other)s %d %s % %(code", 200, "m", "e",
	    "%(other)s %d %s % %(code" },
	{ "", 404, "m", "e", "" },
	{ "no placeholder", 404, "m", "e", "no placeholder" },
	/* Any int. */
	{ "%(code)d", -2147483647 - 1, "m", "e", "-2147483648" },
	{ "%(code)s", 2147483647, "m", "e", "2147483647" },
	/* A placeholder's text inside a message is not expanded again. */
	{ "%(message)s", 404, "%(code)d %%", "e", "%(code)d %%" },
	/* Python's page. */
	{ NULL, 404, "File not found", "Nothing matches the given URI",
	    "<!DOCTYPE HTML>\n"
	    "<html lang=\"en\">\n"
	    "    <head>\n"
	    "        <meta charset=\"utf-8\">\n"
	    "        <title>Error response</title>\n"
	    "    </head>\n"
	    "    <body>\n"
	    "        <h1>Error response</h1>\n"
	    "        <p>Error code: 404</p>\n"
	    "        <p>Message: File not found.</p>\n"
	    "        <p>Error code explanation: 404 - Nothing matches the "
	    "given URI.</p>\n"
	    "    </body>\n"
	    "</html>\n" },
};

START_TEST(test_format)
{
	const struct page_row *r = &rows[_i];
	struct hs_buf b = { NULL, 0, 0 };
	const char *format = r->format != NULL ? r->format :
	    hs_errpage_default_format;

	/* What the buffer held before is replaced, not appended to. */
	ck_assert_int_eq(hs_buf_append(&b, "stale", 5), 0);
	ck_assert_int_eq(hs_errpage_format(&b, format, r->code, r->message,
	    r->explain), 0);
	ck_assert_uint_eq(b.len, strlen(r->page));
	ck_assert(memcmp(b.data, r->page, b.len) == 0);
	ck_assert_int_eq(b.data[b.len], '\0');
	hs_buf_free(&b);
}
END_TEST

/* Python's DEFAULT_ERROR_CONTENT_TYPE. */
START_TEST(test_default_content_type)
{
	ck_assert_str_eq(hs_errpage_default_content_type,
	    "text/html;charset=utf-8");
}
END_TEST

/* A long message grows the buffer as needed. */
START_TEST(test_long_message)
{
	static char message[100000];
	struct hs_buf b = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < sizeof(message) - 1; i++)
		message[i] = i % 10 == 0 ? '<' : 'x';
	ck_assert_int_eq(hs_errpage_format(&b, "(%(message)s)", 500, message,
	    ""), 0);
	/* Each '<' becomes the four bytes of "&lt;". */
	ck_assert_uint_eq(b.len, 2 + (sizeof(message) - 1) +
	    3 * ((sizeof(message) - 1 + 9) / 10));
	ck_assert_int_eq(b.data[0], '(');
	ck_assert(memcmp(b.data + 1, "&lt;xxxxxxxxx&lt;", 17) == 0);
	ck_assert_int_eq(b.data[b.len - 1], ')');
	hs_buf_free(&b);
}
END_TEST

/* The memo gives the page hs_errpage_format() would, for every change
 * of any of the four inputs, and does not build it again while they stay
 * the same: a mark left in the kept page is still there. */
START_TEST(test_memo)
{
	static const struct {
		const char *format;
		int code;
		const char *message, *explain;
		int same;	/* as the call before */
	} calls[] = {
		{ "%(code)d %(message)s %(explain)s", 404, "Gone", "Away", 0 },
		{ "%(code)d %(message)s %(explain)s", 404, "Gone", "Away", 1 },
		{ "%(code)d %(message)s %(explain)s", 403, "Gone", "Away", 0 },
		{ "%(code)d %(message)s %(explain)s", 403, "Gone!", "Away", 0 },
		{ "%(code)d %(message)s %(explain)s", 403, "Gone!", "", 0 },
		{ "<%(code)d %(message)s %(explain)s>", 403, "Gone!", "", 0 },
		{ "<%(code)d %(message)s %(explain)s>", 403, "Gone!", "", 1 },
		{ "%(code)d %(message)s %(explain)s", 404, "Gone", "Away", 0 },
	};
	struct hs_errpage_memo memo = { 0 };
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		struct hs_buf want = { 0 };
		const struct hs_buf *got = hs_errpage_memo_get(&memo,
		    calls[i].format, calls[i].code, calls[i].message,
		    calls[i].explain);

		ck_assert_ptr_nonnull(got);
		ck_assert_int_eq(hs_errpage_format(&want, calls[i].format,
		    calls[i].code, calls[i].message, calls[i].explain), 0);
		ck_assert_uint_eq(got->len, want.len);
		if (calls[i].same)
			want.data[0] = '#';
		ck_assert_str_eq(got->data, want.data);
		memo.page.data[0] = '#';	/* seen only if kept */
		hs_buf_free(&want);
	}
	hs_errpage_memo_free(&memo);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("errpage");
	TCase *tc = tcase_create("errpage");

	tcase_add_loop_test(tc, test_format, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_default_content_type);
	tcase_add_test(tc, test_long_message);
	tcase_add_test(tc, test_memo);
	suite_add_tcase(s, tc);
	return s;
}
