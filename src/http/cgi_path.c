/* SPDX-License-Identifier: MIT */
/*
 * cgi_path.c - which request paths name CGI scripts (pure; see
 * cgi_path.h).
 *
 * The collapsed path is built in DST as it is decoded, one segment at a
 * time: the head segments accumulate as "/a/b", each new segment is
 * decoded after them, and only when its end is seen is it kept, dropped or
 * (for "..") dropped with the one before it.  The segment still open at
 * the end of the path is the tail.  With no head segment, Python's result
 * starts with "//", so the tail then moves up one byte.
 *
 *   "/a/./b/../c"   head "/a", tail "c"     -> "/a/c"
 *   "/c"            head "",   tail "c"     -> "//c"   (Python's shape)
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/cgi_path.h"

#include <errno.h>
#include <string.h>

#include "http/uri.h"

/* Fail with ERROR in errno, as callers of the functions here expect. */
static int
fail(int error)
{
	errno = error;
	return -1;
}

/* Is the segment S of length N "." (1) or ".." (2)?  Otherwise 0. */
static int
dots(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return 1;
	if (n == 2 && s[0] == '.' && s[1] == '.')
		return 2;
	return 0;
}

/*
 * Remove the last head segment of DST[0..*LEN), for "..".  Python pops
 * from an empty list there and raises IndexError: -1.
 */
static int
pop_segment(const char *dst, size_t *len)
{
	if (*len == 0)
		return -1;
	do
		(*len)--;
	while (dst[*len] != '/');
	return 0;
}

/*
 * Decode the segment of PATH (ending at END) that starts at *I into DST
 * from DST[*N], stopping after the '/' that ends it.  Returns 1 when a '/'
 * ended it, 0 when the path did (it is the tail), -1 with errno set.
 */
static int
decode_segment(char *dst, size_t size, size_t *n, const char *path,
    size_t end, size_t *i)
{
	while (*i < end) {
		unsigned char c = hs_uri_decode_byte(path, end, i);

		if (c == '\0')
			return fail(EINVAL);
		if (c == '/')
			return 1;
		/* Room for this byte (for the NUL: see the caller). */
		if (*n >= size)
			return fail(ENAMETOOLONG);
		dst[(*n)++] = (char)c;
	}
	return 0;
}

/*
 * _url_collapse_path(); see cgi_path.h.  The head ends at DST[LEN]; each
 * segment is decoded at SEG, after a '/' at DST[LEN], and runs to N, so
 * keeping it just moves LEN to N.  Only bytes of the result need room for
 * a NUL after them, so a DST that fits the result fits every segment but
 * those that ".." removes.
 */
ssize_t
hs_cgi_collapse_path(char *dst, size_t size, const char *path)
{
	size_t end = strcspn(path, "?");
	size_t i = 0, len = 0, seg, n;
	int more, kind = 0;

	for (;;) {
		if (len >= size)
			return fail(ENAMETOOLONG);
		dst[len] = '/';
		seg = n = len + 1;
		more = decode_segment(dst, size, &n, path, end, &i);
		if (more < 0)
			return -1;
		kind = dots(dst + seg, n - seg);
		if (!more)
			break;
		if (kind == 2 && pop_segment(dst, &len) < 0)
			return fail(EINVAL);
		if (kind == 0 && n > seg)
			len = n;
	}
	/* The tail: "." and ".." leave it empty, ".." taking a segment. */
	if (kind != 0) {
		if (kind == 2 && pop_segment(dst, &len) < 0)
			return fail(EINVAL);
		dst[len] = '/';
		n = len + 1;
	}
	if (len == 0) {
		/* No head: Python's "/" + "" + "/" + tail has two slashes. */
		if (n + 1 >= size)
			return fail(ENAMETOOLONG);
		memmove(dst + 1, dst, n);
		n++;
	}
	if (n >= size)
		return fail(ENAMETOOLONG);
	dst[n] = '\0';
	return (ssize_t)n;
}

/* Is the N bytes at S one of the NULL-terminated list DIRS? */
static int
in_list(const char *s, size_t n, const char *const *dirs)
{
	for (; dirs != NULL && *dirs != NULL; dirs++) {
		if (strlen(*dirs) == n && memcmp(*dirs, s, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * is_cgi(); see cgi_path.h.  Like Python's find('/', 1) loop: every '/'
 * after the first byte ends a candidate directory, shortest first.
 */
int
hs_cgi_match(const char *collapsed, const char *const *dirs,
    size_t *head_len)
{
	const char *sep;

	if (collapsed[0] == '\0')
		return 0;
	for (sep = strchr(collapsed + 1, '/'); sep != NULL;
	    sep = strchr(sep + 1, '/')) {
		size_t n = (size_t)(sep - collapsed);

		if (in_list(collapsed, n, dirs)) {
			*head_len = n;
			return 1;
		}
	}
	return 0;
}
