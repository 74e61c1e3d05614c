/* SPDX-License-Identifier: MIT */
/*
 * check_uri.c - translate_path() and the urllib.parse helpers: every row's
 * expected result is what Python 3.11's SimpleHTTPRequestHandler gives,
 * and no row (among them dozens of encodings of "..") leaves the served
 * directory.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "httpserve.h"
#include "runner.h"
#include "http/uri.h"

struct translate_row {
	const char *target;
	const char *want;
};

/* Expected values: Python's translate_path() with directory "/R", the
 * "/R/" prefix dropped ("." for "/R", "./" for "/R/"). */
static const struct translate_row translate_rows[] = {
	{ "/", "./" },
	{ "/index.html", "index.html" },
	{ "/a/b/c", "a/b/c" },
	{ "/a/b/", "a/b/" },
	{ "/a//b", "a/b" },
	{ "/./a", "a" },
	{ "/a/./b", "a/b" },
	{ "/a/../b", "b" },
	{ "/../etc/passwd", "etc/passwd" },
	{ "/../../../../etc/passwd", "etc/passwd" },
	{ "/a/../../b", "b" },
	{ "/%2e%2e/etc/passwd", "etc/passwd" },
	{ "/%2E%2E/etc", "etc" },
	{ "/%2e%2e%2fetc%2fpasswd", "etc/passwd" },
	{ "/..%2fetc", "etc" },
	{ "/%2e./x", "x" },
	{ "/.%2e/x", "x" },
	{ "/%252e%252e/x", "%2e%2e/x" },
	{ "/..%252f/x", "..%2f/x" },
	{ "/..\\..\\etc", "..\\..\\etc" },
	{ "/a?b=../../x", "a" },
	{ "/a#../../x", "a" },
	{ "/a/b/..?x", "a" },
	{ "/a/..", "." },
	{ "/a/../", "./" },
	{ "/%zz", "%zz" },
	{ "/%4", "%4" },
	{ "/%", "%" },
	{ "/100%25", "100%" },
	{ "/%20", " " },
	{ "/caf%C3%A9", "caf\xc3\xa9" },
	{ "/.../x", ".../x" },
	{ "/...", "..." },
	{ "/.hidden", ".hidden" },
	{ "/a/%2e", "a" },
	{ "/a/%2e/", "a/" },
	{ "/%2f%2f", "." },
	{ "/a%2f", "a" },
	{ "*", "*" },
	{ "/..;/x", "..;/x" },
	{ "/a/b/../../../../", "./" },
	{ "/./", "./" },
	{ "/..", "." },
	{ "/../", "./" },
	{ "/%2e%2e", "." },
	{ "/%2e%2e/", "./" },
	{ "/a/%2e%2e/%2e%2e/b", "b" },
	{ "/a/b%2f..%2f..%2f..%2fc", "c" },
	{ "/..%2f..%2f..%2fetc%2fpasswd", "etc/passwd" },
	{ "/%2e%2e%2f%2e%2e%2f", "." },
	{ "/a/b/%2e%2e%2f%2e%2e%2f%2e%2e%2fc", "c" },
	{ "/static/../../../etc/shadow", "etc/shadow" },
	{ "/.%2e/.%2e/.%2e/etc", "etc" },
	{ "/%2e%2e%5c%2e%2e%5cetc", "..\\..\\etc" },
	{ "/....//....//etc", "..../..../etc" },
	{ "/..././..././etc", ".../.../etc" },
	{ "/%2e%2e%2e/x", ".../x" },
	{ "/a/./././b/./c", "a/b/c" },
	{ "/a%2F..%2F..%2F..%2Fetc%2Fpasswd%3F", "etc/passwd?" },
	{ "/a/b/c/../../../..", "." },
	{ "/%2E%2e%2F%2e%2E%2F%2e%2e/x", "x" },
	{ "/x/%2e%2e/%2e%2e/%2e%2e/%2e%2e/y", "y" },
	/* Beyond Python: absolute-form targets (RFC 9112 section 3.2.2),
	 * overlong UTF-8 and raw bytes stay plain names. */
	{ "http://example.com/a/b", "a/b" },
	{ "http://example.com", "." },
	{ "HTTPS://h:8/x/../y", "y" },
	{ "http://h/../../etc/passwd", "etc/passwd" },
	{ "//a/b", "a/b" },
	{ "/%c0%ae%c0%ae/x", "\xc0\xae\xc0\xae/x" },
	{ "/%c0%2e%c0%2e/x", "\xc0.\xc0./x" },
	{ "/\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
	{ "/%ff", "\xff" },
};

/* Does the relative path P have a ".." component? */
static int
has_dotdot(const char *p)
{
	while (p != NULL) {
		if (strncmp(p, "../", 3) == 0 || strcmp(p, "..") == 0)
			return 1;
		p = strchr(p, '/');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* Each row translates to Python's answer, and never to a path with a
 * ".." component or a leading '/'. */
START_TEST(test_translate)
{
	const struct translate_row *r = &translate_rows[_i];
	char out[256];
	ssize_t n = hs_translate_path(out, sizeof(out), r->target);

	ck_assert_msg(n >= 0, "%s: failed", r->target);
	ck_assert_str_eq(out, r->want);
	ck_assert_uint_eq((size_t)n, strlen(r->want));
	ck_assert(out[0] != '/');
	ck_assert_msg(!has_dotdot(out), "%s escapes: %s", r->target, out);
}
END_TEST

/* A decoded NUL names no file. */
START_TEST(test_translate_nul)
{
	static const char *const targets[] = { "/%00", "/a%00b", "/.%00.",
	    "/a/%00/../b" };
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		errno = 0;
		ck_assert_int_eq(hs_translate_path(out, sizeof(out),
		    targets[i]), -1);
		ck_assert_int_eq(errno, EINVAL);
	}
}
END_TEST

/* A result that does not fit fails with ENAMETOOLONG, never overflows. */
START_TEST(test_translate_too_long)
{
	char out[8];

	errno = 0;
	ck_assert_int_eq(hs_translate_path(out, sizeof(out), "/abcdefgh"),
	    -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(hs_translate_path(out, sizeof(out), "/abcd/"), 5);
	ck_assert_str_eq(out, "abcd/");
	ck_assert_int_eq(hs_translate_path(out, 2, "/"), -1);
	ck_assert_int_eq(hs_translate_path(out, 3, "/"), 2);
	ck_assert_str_eq(out, "./");
}
END_TEST

struct string_row {
	const char *in;
	const char *want;
};

/* urlunsplit() of urlsplit(target) with '/' added to the path. */
static const struct string_row slash_rows[] = {
	{ "/dir", "/dir/" },
	{ "/dir?x=1", "/dir/?x=1" },
	{ "/dir?", "/dir/" },
	{ "/dir#f", "/dir/#f" },
	{ "/dir#", "/dir/" },
	{ "/dir?a#b", "/dir/?a#b" },
	{ "/dir#a?b", "/dir/#a?b" },
	{ "/d%20ir", "/d%20ir/" },
	{ "http://h/dir", "http://h/dir/" },
	{ "http://h", "http://h/" },
	{ "http://h?x", "http://h/?x" },
	{ "/dir?#", "/dir/" },
	{ "/a/b?c=/d", "/a/b/?c=/d" },
};

START_TEST(test_append_slash)
{
	const struct string_row *r = &slash_rows[_i];
	char out[64];
	size_t n = hs_url_append_slash(out, sizeof(out), r->in);

	ck_assert_str_eq(out, r->want);
	ck_assert_uint_eq(n, strlen(r->want));
	ck_assert_uint_eq(hs_url_append_slash(NULL, 0, r->in), n);
}
END_TEST

/* unquote_to_bytes(s).decode('utf-8', 'replace'), from Python. */
static const struct string_row unquote_rows[] = {
	{ "%41", "A" },
	{ "%e9", "\xef\xbf\xbd" },
	{ "%C3%A9", "\xc3\xa9" },
	{ "%C3", "\xef\xbf\xbd" },
	{ "%C3x", "\xef\xbf\xbdx" },
	{ "%F0%9F%98%80", "\xf0\x9f\x98\x80" },
	{ "%ED%A0%80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "%E2%82", "\xef\xbf\xbd" },
	{ "%E2%82%41", "\xef\xbf\xbd" "A" },
	{ "%zz", "%zz" },
	{ "a+b", "a+b" },
	{ "%", "%" },
	{ "%4", "%4" },
	{ "/a%2Fb", "/a/b" },
	{ "%c0%ae", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "/dir/?q=%3Cx%3E", "/dir/?q=<x>" },
	{ "\xc3\xa9", "\xc3\xa9" },
	{ "\xff", "\xef\xbf\xbd" },
	{ "%F0%9F%98", "\xef\xbf\xbd" },
	{ "%F0%9F%98A", "\xef\xbf\xbd" "A" },
	{ "%F4%90%80%80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "%E0%A0", "\xef\xbf\xbd" },
	{ "%ED%9F%BF", "\xed\x9f\xbf" },
	{ "%C3%C3%A9", "\xef\xbf\xbd\xc3\xa9" },
	{ "%F0%9F%98%80%80", "\xf0\x9f\x98\x80\xef\xbf\xbd" },
};

START_TEST(test_unquote)
{
	const struct string_row *r = &unquote_rows[_i];
	char out[64];
	size_t n = hs_url_unquote(out, sizeof(out), r->in, strlen(r->in));

	ck_assert_str_eq(out, r->want);
	ck_assert_uint_eq(n, strlen(r->want));
}
END_TEST

/* Truncation follows snprintf(): the full length comes back. */
START_TEST(test_unquote_truncated)
{
	char out[4];

	ck_assert_uint_eq(hs_url_unquote(out, sizeof(out), "%e9%e9", 6), 6);
	ck_assert_uint_eq(strlen(out), 3);
	ck_assert_uint_eq(hs_url_unquote(NULL, 0, "abc", 3), 3);
}
END_TEST

/* urlsplit()'s path of a target. */
START_TEST(test_path_span)
{
	size_t start, end;

	hs_url_path_span("/a/b?c#d", &start, &end);
	ck_assert_uint_eq(start, 0);
	ck_assert_uint_eq(end, 4);
	hs_url_path_span("http://host:80/p?q", &start, &end);
	ck_assert_uint_eq(start, 14);
	ck_assert_uint_eq(end, 16);
	hs_url_path_span("/x#y?z", &start, &end);
	ck_assert_uint_eq(end, 2);
	hs_url_path_span("*", &start, &end);
	ck_assert_uint_eq(start, 0);
	ck_assert_uint_eq(end, 1);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("uri");
	TCase *tc = tcase_create("uri");

	tcase_add_loop_test(tc, test_translate, 0,
	    (int)(sizeof(translate_rows) / sizeof(translate_rows[0])));
	tcase_add_test(tc, test_translate_nul);
	tcase_add_test(tc, test_translate_too_long);
	tcase_add_loop_test(tc, test_append_slash, 0,
	    (int)(sizeof(slash_rows) / sizeof(slash_rows[0])));
	tcase_add_loop_test(tc, test_unquote, 0,
	    (int)(sizeof(unquote_rows) / sizeof(unquote_rows[0])));
	tcase_add_test(tc, test_unquote_truncated);
	tcase_add_test(tc, test_path_span);
	suite_add_tcase(s, tc);
	return s;
}
