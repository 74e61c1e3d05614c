/* SPDX-License-Identifier: MIT */
/*
 * uri.c - request targets: percent-decoding, path parts and the
 * translation to a file name that can never leave the served directory.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/uri.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "httpserve.h"
#include "http/chars.h"
#include "http/out.h"
#include "http/utf8.h"

/* The byte at S[*I], %XX decoded (see uri.h). */
unsigned char
hs_uri_decode_byte(const char *s, size_t end, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];

	if (c == '%' && end - *i >= 3) {
		int hi = hs_hex_value((unsigned char)s[*i + 1]);
		int lo = hs_hex_value((unsigned char)s[*i + 2]);

		if (hi >= 0 && lo >= 0) {
			*i += 3;
			return (unsigned char)(hi * 16 + lo);
		}
	}
	(*i)++;
	return c;
}

/* Length of the "scheme://authority" prefix of TARGET, or 0. */
size_t
hs_uri_origin_len(const char *target)
{
	size_t n;

	if (strncasecmp(target, "http://", 7) == 0)
		n = 7;
	else if (strncasecmp(target, "https://", 8) == 0)
		n = 8;
	else
		return 0;
	return n + strcspn(target + n, "/?#");
}

/* Where the path part of TARGET ends: its first '?' or '#'. */
size_t
hs_uri_path_end(const char *target)
{
	size_t start = hs_uri_origin_len(target);

	return start + strcspn(target + start, "?#");
}

/* urlsplit()'s path of TARGET: [*START, *END). */
void
hs_url_path_span(const char *target, size_t *start, size_t *end)
{
	*start = hs_uri_origin_len(target);
	*end = hs_uri_path_end(target);
}

/*
 * The redirect target for a directory: urlsplit() splits the fragment off
 * at the first '#', then the query at the first '?', and urlunsplit()
 * drops each when empty.
 */
size_t
hs_url_append_slash(char *dst, size_t size, const char *target)
{
	size_t path_end = hs_uri_path_end(target);
	const char *hash = strchr(target, '#');
	const char *rest = target + path_end;
	size_t url_end = hash != NULL ? (size_t)(hash - target) :
	    strlen(target);
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_bytes(&o, target, path_end);
	hs_out_byte(&o, '/');
	if (*rest == '?' && url_end > path_end + 1)
		hs_out_bytes(&o, rest, url_end - path_end);
	if (hash != NULL && hash[1] != '\0')
		hs_out_str(&o, hash);
	return hs_out_finish(&o);
}

/* Drop the last component of the DST[0..*LEN) path (for ".."). */
static void
pop_component(const char *dst, size_t *len)
{
	while (*len > 0 && dst[*len - 1] != '/')
		(*len)--;
	if (*len > 0)
		(*len)--;	/* its separator */
}

/*
 * End the component that started at DST[START] and runs to *LEN: an empty
 * one or "." vanishes, ".." vanishes with the one before it (never going
 * above the served directory, as posixpath.normpath() of an absolute path
 * never does).
 */
static void
end_component(const char *dst, size_t start, size_t *len)
{
	size_t n = *len - start;
	int dot = n == 1 && dst[start] == '.';
	int dotdot = n == 2 && dst[start] == '.' && dst[start + 1] == '.';

	if (!dot && !dotdot)
		return;
	*len = start > 0 ? start - 1 : 0;	/* with its separator */
	if (dotdot)
		pop_component(dst, len);
}

/*
 * translate_path(); see httpserve.h.  Components are appended to DST as
 * they are decoded, so "." and ".." are resolved in place: a decoded "/"
 * (from "%2F") separates components like a literal one, and ".." can at
 * most empty DST, never climb above it.
 */
ssize_t
hs_translate_path(char *dst, size_t size, const char *path)
{
	size_t i = hs_uri_origin_len(path), end = hs_uri_path_end(path);
	size_t len = 0, comp = 0;
	int in_comp = 0;
	int trailing = end > i && path[end - 1] == '/';

	while (i < end) {
		unsigned char c = hs_uri_decode_byte(path, end, &i);

		if (c == '\0') {
			errno = EINVAL;
			return -1;
		}
		if (c == '/') {
			if (in_comp)
				end_component(dst, comp, &len);
			in_comp = 0;
			continue;
		}
		/* Room for this byte, a separator, a trailing '/' and NUL. */
		if (len + 4 > size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (!in_comp) {
			if (len > 0)
				dst[len++] = '/';
			comp = len;
			in_comp = 1;
		}
		dst[len++] = (char)c;
	}
	if (in_comp)
		end_component(dst, comp, &len);
	if (size < 3) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (len == 0)
		dst[len++] = '.';
	if (trailing)
		dst[len++] = '/';
	dst[len] = '\0';
	return (ssize_t)len;
}

/*
 * urllib.parse.unquote(errors='replace'); see httpserve.h.  Like Python's
 * decoder, each maximal invalid subpart becomes one U+FFFD.
 */
size_t
hs_url_unquote(char *dst, size_t size, const char *src, size_t len)
{
	static const char replacement[] = "\xef\xbf\xbd";
	size_t i = 0;
	struct hs_out o;

	hs_out_init(&o, dst, size);
	while (i < len) {
		char seq[4];
		size_t ends[4], got, n, j = i;
		unsigned long cp;

		/* The next bytes, each %XX decoded, and where each ends. */
		for (got = 0; got < sizeof(seq) && j < len; got++) {
			seq[got] = (char)hs_uri_decode_byte(src, len, &j);
			ends[got] = j;
		}
		n = hs_utf8_decode(seq, got, &cp);
		if (cp == HS_UTF8_ILL_FORMED)
			hs_out_bytes(&o, replacement, 3);
		else
			hs_out_bytes(&o, seq, n);
		i = ends[n - 1];
	}
	return hs_out_finish(&o);
}
