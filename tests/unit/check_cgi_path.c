/* SPDX-License-Identifier: MIT */
/*
 * check_cgi_path.c - which request paths are CGI: the collapsed path of
 * every row is byte for byte what Python 3.11's _url_collapse_path()
 * returns, and the directory match is is_cgi()'s.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/cgi_path.h"
#include "runner.h"

struct collapse_row {
	const char *path;
	const char *want;	/* NULL: fails with EINVAL (IndexError) */
};

/*
 * Expected values taken from Python 3.11.7's
 * http.server._url_collapse_path(), called on each path with its query
 * (from the first '?') removed, as hs_cgi_collapse_path() leaves it out.
 */
static const struct collapse_row collapse_rows[] = {
	{ "/", "//" },
	{ "", "//" },
	{ "/a", "//a" },
	{ "/a/", "/a/" },
	{ "//a//b", "/a/b" },
	{ "/a/./b", "/a/b" },
	{ "/a/../b", "//b" },
	{ "/a/b/..", "/a/" },
	{ "/a/b/.", "/a/b/" },
	{ "/cgi-bin/x", "/cgi-bin/x" },
	{ "/cgi-bin", "//cgi-bin" },
	{ "/cgi-bin/", "/cgi-bin/" },
	{ "/a/b/", "/a/b/" },
	{ "a", "//a" },
	{ "a/b", "/a/b" },
	{ "/.", "//" },
	{ "/./", "//" },
	{ "./", "//" },
	{ "///", "//" },
	{ "/a//", "/a/" },
	{ "/a/..", "//" },
	{ "/a/b/../..", "//" },
	{ "/a/b/c/./../d", "/a/b/d" },
	{ "/cgi-bin/../cgi-bin/x.cgi", "/cgi-bin/x.cgi" },
	{ "/cgi-bin/./x/y.py/extra", "/cgi-bin/x/y.py/extra" },
	{ "/x/../cgi-bin/s", "/cgi-bin/s" },
	{ "/cgi-bin/../secret", "//secret" },
	{ "/a/%2e%2e/b", "//b" },
	{ "/a/b/%2E%2E", "/a/" },
	{ "/a/%2e", "/a/" },
	{ "/a%2Fb/c", "/a/b/c" },
	{ "/cgi-bin%2fx", "/cgi-bin/x" },
	{ "/%63gi-bin/x", "/cgi-bin/x" },
	{ "/a%2f%2e%2e%2fb", "//b" },
	{ "/%2E", "//" },
	{ "/%zz/%4", "/%zz/%4" },
	{ "/%", "//%" },
	{ "/a%", "//a%" },
	{ "/100%25", "//100%" },
	{ "/%252e%252e/x", "/%2e%2e/x" },
	{ "/x#y/../z", "//z" },
	{ "/x?y/../z", "//x" },
	{ "/a/b?q", "/a/b" },
	{ "?q", "//" },
	{ "/a/?", "/a/" },
	{ "/a/.../b", "/a/.../b" },
	{ "/...", "//..." },
	{ "/%C3%A9t%C3%A9", "//\xc3\xa9t\xc3\xa9" },
	{ "/cgi-bin/x.py/a/../b", "/cgi-bin/x.py/b" },
	{ "/a\\..\\b", "//a\\..\\b" },
	{ "/.hidden/..x", "/.hidden/..x" },
	{ "/a/b/c/../../d/", "/a/d/" },
	{ "http://h/cgi-bin/x", "/http:/h/cgi-bin/x" },
	/* Python raises IndexError: more ".." than segments before. */
	{ "/..", NULL },
	{ "/%2e%2e%2f", NULL },
	{ "..", NULL },
	{ "/../x", NULL },
	{ "/a/../..", NULL },
	{ "/a/b/../../..", NULL },
	{ "/%2e%2e/x", NULL },
	{ "/a%2f..%2f..", NULL },
	{ "//..//x", NULL },
	{ "/a/../../b?q", NULL },
};

/* Each row gives Python's result, or fails as Python does. */
START_TEST(test_collapse)
{
	const struct collapse_row *r = &collapse_rows[_i];
	char out[128];
	ssize_t n;

	errno = 0;
	n = hs_cgi_collapse_path(out, sizeof(out), r->path);
	if (r->want == NULL) {
		ck_assert_msg(n == -1, "%s: %zd, not -1", r->path, n);
		ck_assert_int_eq(errno, EINVAL);
		return;
	}
	ck_assert_msg(n >= 0, "%s: failed (%d)", r->path, errno);
	ck_assert_str_eq(out, r->want);
	ck_assert_uint_eq((size_t)n, strlen(r->want));
}
END_TEST

/*
 * strlen(path) + 3 bytes always suffice, and without ".." a buffer
 * holding just the result does; one byte less never does, nor writes
 * past the end.
 */
START_TEST(test_collapse_sizes)
{
	const struct collapse_row *r = &collapse_rows[_i];
	size_t want_len, size;
	char *out;

	if (r->want == NULL)
		return;
	want_len = strlen(r->want);
	size = strlen(r->path) + 3;
	out = malloc(size);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(hs_cgi_collapse_path(out, size, r->path),
	    (ssize_t)want_len);
	free(out);
	out = malloc(want_len + 1);
	ck_assert_ptr_nonnull(out);
	if (strstr(r->path, "..") == NULL &&
	    strstr(r->path, "%2e%2e") == NULL &&
	    strstr(r->path, "%2E%2E") == NULL) {
		ck_assert_int_eq(hs_cgi_collapse_path(out, want_len + 1,
		    r->path), (ssize_t)want_len);
		ck_assert_str_eq(out, r->want);
	}
	errno = 0;
	ck_assert_int_eq(hs_cgi_collapse_path(out, want_len, r->path), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	free(out);
}
END_TEST

/* A decoded NUL fails, even in a segment that ".." would remove. */
START_TEST(test_collapse_nul)
{
	static const char *const paths[] = { "/%00", "/a%00b",
	    "/cgi-bin/%00", "/a/%00/../b", "%00" };
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		errno = 0;
		ck_assert_int_eq(hs_cgi_collapse_path(out, sizeof(out),
		    paths[i]), -1);
		ck_assert_int_eq(errno, EINVAL);
	}
	/* After the '?' it is query, not path. */
	ck_assert_int_eq(hs_cgi_collapse_path(out, sizeof(out), "/a?%00"),
	    3);
	ck_assert_str_eq(out, "//a");
}
END_TEST

/* Too small a buffer fails with ENAMETOOLONG and never overflows. */
START_TEST(test_collapse_too_small)
{
	char out[16];

	memset(out, 'X', sizeof(out));
	errno = 0;
	ck_assert_int_eq(hs_cgi_collapse_path(out, 10, "/cgi-bin/x"), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(out[10], 'X');
	ck_assert_int_eq(hs_cgi_collapse_path(out, 11, "/cgi-bin/x"), 10);
	ck_assert_str_eq(out, "/cgi-bin/x");
	ck_assert_int_eq(hs_cgi_collapse_path(out, 0, "/"), -1);
	ck_assert_int_eq(hs_cgi_collapse_path(out, 1, "/"), -1);
	ck_assert_int_eq(hs_cgi_collapse_path(out, 2, "/"), -1);
	ck_assert_int_eq(hs_cgi_collapse_path(out, 3, "/"), 2);
	ck_assert_str_eq(out, "//");
	ck_assert_int_eq(hs_cgi_collapse_path(out, 3, "/a"), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(hs_cgi_collapse_path(out, 4, "/a"), 3);
	ck_assert_str_eq(out, "//a");
	/* A segment that ".." removes later must fit too. */
	ck_assert_int_eq(hs_cgi_collapse_path(out, 8, "/abcdefgh/../x"), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(hs_cgi_collapse_path(out, 16, "/abcdefgh/../x"),
	    3);
	ck_assert_str_eq(out, "//x");
}
END_TEST

struct match_row {
	const char *collapsed;
	int dirs;		/* which list: 0 Python's, 1 custom, 2 empty */
	int match;
	size_t head_len;
	const char *tail;	/* collapsed + head_len + 1 on a match */
};

/* CGIHTTPRequestHandler.cgi_directories, and two more lists. */
static const char *const python_dirs[] = { "/cgi-bin", "/htbin", NULL };
static const char *const custom_dirs[] = { "/a/b", NULL };
static const char *const empty_dirs[] = { NULL };
static const char *const *const dir_lists[] = { python_dirs, custom_dirs,
    empty_dirs };

/* Expected values: is_cgi() on the same collapsed paths and lists. */
static const struct match_row match_rows[] = {
	{ "/cgi-bin/x", 0, 1, 8, "x" },
	{ "/cgi-bin", 0, 0, 0, NULL },
	{ "/cgi-bin/", 0, 1, 8, "" },
	{ "/cgi-binx/y", 0, 0, 0, NULL },
	{ "/htbin/a/b", 0, 1, 6, "a/b" },
	{ "/a/cgi-bin/x", 0, 0, 0, NULL },
	{ "/cgi-bin/x/y.py/extra", 0, 1, 8, "x/y.py/extra" },
	{ "/cgi-bin/cgi-bin/x", 0, 1, 8, "cgi-bin/x" },
	{ "//cgi-bin", 0, 0, 0, NULL },
	{ "/CGI-BIN/x", 0, 0, 0, NULL },
	{ "/cgi-bi/x", 0, 0, 0, NULL },
	{ "//", 0, 0, 0, NULL },
	{ "/", 0, 0, 0, NULL },
	{ "", 0, 0, 0, NULL },
	{ "/a/b/c", 1, 1, 4, "c" },
	{ "/a/b", 1, 0, 0, NULL },
	{ "/a/bc/d", 1, 0, 0, NULL },
	{ "/a/c", 1, 0, 0, NULL },
	{ "/cgi-bin/x", 1, 0, 0, NULL },
	{ "/cgi-bin/x", 2, 0, 0, NULL },
	{ "/a/b/c", 2, 0, 0, NULL },
};

START_TEST(test_match)
{
	const struct match_row *r = &match_rows[_i];
	size_t head_len = 12345;
	int m = hs_cgi_match(r->collapsed, dir_lists[r->dirs], &head_len);

	ck_assert_msg(m == r->match, "%s: %d", r->collapsed, m);
	if (!r->match) {
		ck_assert_uint_eq(head_len, 12345);
		return;
	}
	ck_assert_uint_eq(head_len, r->head_len);
	ck_assert_str_eq(r->collapsed + head_len + 1, r->tail);
}
END_TEST

/* A NULL list is an empty one; the shortest matching prefix wins. */
START_TEST(test_match_lists)
{
	static const char *const nested[] = { "/a/b", "/a", NULL };
	static const char *const root[] = { "/", NULL };
	size_t head_len = 0;

	ck_assert_int_eq(hs_cgi_match("/cgi-bin/x", NULL, &head_len), 0);
	ck_assert_int_eq(hs_cgi_match("/a/b/c", nested, &head_len), 1);
	ck_assert_uint_eq(head_len, 2);
	/* "//x", Python's collapse of "/x", lies in a directory "/". */
	ck_assert_int_eq(hs_cgi_match("//x", root, &head_len), 1);
	ck_assert_uint_eq(head_len, 1);
}
END_TEST

/* Collapse and match together, as a request path goes through both. */
START_TEST(test_collapse_then_match)
{
	static const struct {
		const char *path;
		int match;
		const char *tail;
	} rows[] = {
		{ "/cgi-bin/x.py?q=1", 1, "x.py" },
		{ "/x/../cgi-bin/s", 1, "s" },
		{ "/%63gi-bin/s", 1, "s" },
		{ "/cgi-bin%2fs", 1, "s" },
		{ "//cgi-bin//s", 1, "s" },
		{ "/cgi-bin/./s/extra/", 1, "s/extra/" },
		{ "/cgi-bin/../secret", 0, NULL },
		{ "/cgi-bin", 0, NULL },
		{ "/cgi-bin/..", 0, NULL },
		{ "/cgi-bin/.", 1, "" },
	};
	char out[64];
	size_t i, head_len;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ck_assert_int_ge(hs_cgi_collapse_path(out, sizeof(out),
		    rows[i].path), 0);
		ck_assert_int_eq(hs_cgi_match(out, python_dirs, &head_len),
		    rows[i].match);
		if (rows[i].match)
			ck_assert_str_eq(out + head_len + 1, rows[i].tail);
	}
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cgi_path");
	TCase *tc = tcase_create("cgi_path");

	tcase_add_loop_test(tc, test_collapse, 0,
	    (int)(sizeof(collapse_rows) / sizeof(collapse_rows[0])));
	tcase_add_loop_test(tc, test_collapse_sizes, 0,
	    (int)(sizeof(collapse_rows) / sizeof(collapse_rows[0])));
	tcase_add_test(tc, test_collapse_nul);
	tcase_add_test(tc, test_collapse_too_small);
	tcase_add_loop_test(tc, test_match, 0,
	    (int)(sizeof(match_rows) / sizeof(match_rows[0])));
	tcase_add_test(tc, test_match_lists);
	tcase_add_test(tc, test_collapse_then_match);
	suite_add_tcase(s, tc);
	return s;
}
