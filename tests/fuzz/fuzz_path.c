/* SPDX-License-Identifier: MIT */
/*
 * fuzz_path.c - libFuzzer target for the request target helpers of
 * src/uri.c: hs_translate_path(), hs_url_path_span(),
 * hs_url_append_slash() and hs_url_unquote().
 *
 * The input is one request target.  translate_path() is what keeps a
 * request inside the served directory, so its result is checked against
 * the properties that guarantee it (no "..", never absolute) and against a
 * plain reference model; the other helpers against snprintf()'s rule and
 * what urllib.parse does.  Any violated invariant calls abort().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "fuzz_util.h"
#include "httpserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Does S[0..LEN) contain the NEEDLE_LEN bytes at NEEDLE? */
static int
contains(const char *s, size_t len, const char *needle, size_t needle_len)
{
	size_t i;

	for (i = 0; i + needle_len <= len; i++)
		if (memcmp(s + i, needle, needle_len) == 0)
			return 1;
	return 0;
}

/* Is S[0..LEN) well-formed UTF-8 (a NUL is U+0000, so it is)? */
static int
is_utf8(const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = fuzz_utf8_decode((const unsigned char *)s + i, len - i,
		    NULL);
		if (n == 0)
			return 0;
	}
	return 1;
}

/* The value of the hex digit C, or -1. */
static int
hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode S[0..LEN) into DST (LEN bytes of room) as unquote() does
 * (a "%" without two hex digits stays); returns the decoded length.
 */
static size_t
percent_decode(char *dst, const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if (s[i] == '%' && len - i >= 3 &&
		    hex((unsigned char)s[i + 1]) >= 0 &&
		    hex((unsigned char)s[i + 2]) >= 0) {
			dst[n++] = (char)(hex((unsigned char)s[i + 1]) * 16 +
			    hex((unsigned char)s[i + 2]));
			i += 3;
		} else {
			dst[n++] = s[i++];
		}
	}
	return n;
}

/*
 * hs_url_unquote() over the LEN bytes at SRC (not NUL-terminated; may
 * hold NUL): the measuring call and the writing call agree, a short
 * buffer gets a NUL-terminated prefix, and the result is always valid
 * UTF-8, the decoded bytes themselves when those were valid already.
 */
static void
check_unquote(const char *src, size_t len, uint64_t h)
{
	size_t need, got, size, dlen;
	char *out, *part, *decoded;

	need = hs_url_unquote(NULL, 0, src, len);
	out = fuzz_xmalloc(need + 1);
	got = hs_url_unquote(out, need + 1, src, len);
	if (got != need || out[need] != '\0')
		abort();
	if (!is_utf8(out, need))
		abort();
	/* Each input byte gives at most one U+FFFD (3 bytes). */
	if (need > 3 * len)
		abort();
	decoded = fuzz_xmalloc(len);
	dlen = percent_decode(decoded, src, len);
	if (is_utf8(decoded, dlen) &&
	    (dlen != need || memcmp(decoded, out, need) != 0))
		abort();
	if (!is_utf8(decoded, dlen) && !contains(out, need, "\xef\xbf\xbd", 3))
		abort();
	if (need > 0) {
		/* A random short buffer: a prefix, always NUL-terminated. */
		size = 1 + (size_t)(h % need);
		part = fuzz_xmalloc(size);
		if (hs_url_unquote(part, size, src, len) != need ||
		    part[size - 1] != '\0' ||
		    memcmp(part, out, size - 1) != 0)
			abort();
		free(part);
	}
	free(decoded);
	free(out);
}

/*
 * hs_url_path_span() of the NUL-terminated target T (LEN bytes): what
 * urlsplit() calls the path, after an "http(s)://authority" prefix and
 * before the first '?' or '#'.  Returns the span.
 */
static void
check_span(const char *t, size_t len, size_t *start, size_t *end)
{
	size_t scheme = 0;

	hs_url_path_span(t, start, end);
	if (*start > *end || *end > len)
		abort();
	if (t[*end] != '\0' && t[*end] != '?' && t[*end] != '#')
		abort();
	if (memchr(t + *start, '?', *end - *start) != NULL ||
	    memchr(t + *start, '#', *end - *start) != NULL)
		abort();
	if (strncasecmp(t, "http://", 7) == 0)
		scheme = 7;
	else if (strncasecmp(t, "https://", 8) == 0)
		scheme = 8;
	if (scheme == 0) {
		if (*start != 0)
			abort();
		return;
	}
	/* The authority runs up to the first '/', '?' or '#'. */
	if (*start < scheme || strcspn(t + scheme, "/?#") != *start - scheme)
		abort();
}

/*
 * A plain model of translate_path(): decode the path part whole, split it
 * at '/', drop empty and "." segments, let ".." drop the segment before
 * it (never more), join with '/'; "." for nothing, '/' kept at the end.
 * Returns the length, or -1 for a decoded NUL.  DST has LEN + 3 bytes.
 */
static ssize_t
model_translate(char *dst, const char *t, size_t start, size_t end)
{
	size_t dlen, i, s, n = 0;
	char *d;

	d = fuzz_xmalloc(end - start);
	dlen = percent_decode(d, t + start, end - start);
	if (memchr(d, '\0', dlen) != NULL) {
		free(d);
		return -1;
	}
	for (i = 0; i <= dlen; i = s + 1) {
		for (s = i; s < dlen && d[s] != '/'; s++)
			continue;
		if (s == i || (s - i == 1 && d[i] == '.'))
			continue;
		if (s - i == 2 && d[i] == '.' && d[i + 1] == '.') {
			while (n > 0 && dst[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			continue;
		}
		if (n > 0)
			dst[n++] = '/';
		memcpy(dst + n, d + i, s - i);
		n += s - i;
	}
	free(d);
	if (n == 0)
		dst[n++] = '.';
	if (end > start && t[end - 1] == '/')
		dst[n++] = '/';
	dst[n] = '\0';
	return (ssize_t)n;
}

/* Does the path P hold ".." as one of its '/'-separated segments? */
static int
has_dotdot(const char *p)
{
	const char *s;
	size_t n;

	for (s = p; ; s += n + 1) {
		n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return 1;
		if (s[n] == '\0')
			return 0;
	}
}

/*
 * hs_translate_path() of the NUL-terminated target T (LEN bytes, the path
 * part at [START, END)): with LEN + 3 bytes it never runs out of room, so
 * it fails only for a decoded NUL; its result stays under the served
 * directory and equals the model's.  Smaller buffers fail with
 * ENAMETOOLONG or give the same result, never writing past their end.
 */
static void
check_translate(const char *t, size_t len, size_t start, size_t end,
    uint64_t h)
{
	size_t size = len + 3, sizes[4], i;
	char *dst, *want, *small;
	ssize_t r, m, r2;
	int has_nul;

	dst = fuzz_xmalloc(size);
	want = fuzz_xmalloc(size);
	errno = 0;
	r = hs_translate_path(dst, size, t);
	m = model_translate(want, t, start, end);
	/* A '%' is never inside another escape, so this finds every NUL. */
	has_nul = contains(t + start, end - start, "%00", 3);
	if (r < 0) {
		if (r != -1 || errno != EINVAL || !has_nul || m != -1)
			abort();
	} else {
		if (has_nul || (size_t)r != strlen(dst) || (size_t)r >= size)
			abort();
		if (r == 0 || dst[0] == '/' || has_dotdot(dst))
			abort();
		if ((dst[r - 1] == '/') != (end > start && t[end - 1] == '/'))
			abort();
		if (m != r || memcmp(dst, want, (size_t)r) != 0)
			abort();
	}
	sizes[0] = 1;
	sizes[1] = 3;
	sizes[2] = r >= 0 ? (size_t)r + 1 : 2;
	sizes[3] = 1 + (size_t)(h % size);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		small = fuzz_xmalloc(sizes[i]);
		errno = 0;
		r2 = hs_translate_path(small, sizes[i], t);
		if (r2 == -1) {
			if (errno != ENAMETOOLONG &&
			    !(errno == EINVAL && r == -1))
				abort();
		} else if (r2 != r || memcmp(small, dst, (size_t)r + 1) != 0) {
			abort();
		}
		free(small);
	}
	free(want);
	free(dst);
}

/*
 * hs_url_append_slash() of the NUL-terminated target T (LEN bytes, path
 * part ending at END): measuring and writing agree, the result is T's
 * prefix up to the path's end, '/', then the query and the fragment each
 * unless empty (urlunsplit()); and translating it gives T's translation
 * as a directory.
 */
static void
check_append_slash(const char *t, size_t len, size_t start, size_t end,
    uint64_t h)
{
	size_t need, qlen, flen, n, size, s2, e2;
	const char *hash_mark;
	char *out, *want, *part, *a, *b;
	ssize_t ra, rb;

	need = hs_url_append_slash(NULL, 0, t);
	out = fuzz_xmalloc(need + 1);
	if (hs_url_append_slash(out, need + 1, t) != need ||
	    out[need] != '\0' || strlen(out) != need)
		abort();
	if (need < end + 1 || need > len + 1 || memcmp(out, t, end) != 0 ||
	    out[end] != '/')
		abort();

	/* The model: query and fragment as urlsplit() cuts them. */
	hash_mark = strchr(t + end, '#');
	flen = hash_mark != NULL ? strlen(hash_mark) : 0;
	qlen = len - end - flen;
	want = fuzz_xmalloc(len + 2);
	memcpy(want, t, end);
	n = end;
	want[n++] = '/';
	if (qlen > 1) {
		memcpy(want + n, t + end, qlen);
		n += qlen;
	}
	if (flen > 1) {
		memcpy(want + n, hash_mark, flen);
		n += flen;
	}
	if (n != need || memcmp(want, out, n) != 0)
		abort();

	size = 1 + (size_t)(h % (need + 1));
	part = fuzz_xmalloc(size);
	if (hs_url_append_slash(part, size, t) != need ||
	    part[size - 1] != '\0' || memcmp(part, out, size - 1) != 0)
		abort();
	free(part);

	/*
	 * The redirect leads to the same directory: translate(T + "/") is
	 * translate(T) with a '/' at the end.  Only when the '/' did not turn
	 * the target into another form ("http:/" + "/" is "http://").
	 */
	hs_url_path_span(out, &s2, &e2);
	a = fuzz_xmalloc(len + 4);
	b = fuzz_xmalloc(need + 3);
	ra = hs_translate_path(a, len + 4, t);
	rb = hs_translate_path(b, need + 3, out);
	if (s2 == start && ra >= 0) {
		if (a[ra - 1] != '/') {
			a[ra++] = '/';
			a[ra] = '\0';
		}
		if (rb != ra || strcmp(a, b) != 0)
			abort();
	}
	free(b);
	free(a);
	free(want);
	free(out);
}

/* libFuzzer's entry point: the input is one request target. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t h = fuzz_hash(data, size);
	size_t start, end;
	char *t;

	/* unquote() takes a length: exactly sized, any byte, NUL too. */
	t = fuzz_xmalloc(size);
	memcpy(t, data, size);
	check_unquote(t, size, h);
	free(t);

	/* The rest take C strings: a request can carry no raw NUL. */
	if (memchr(data, '\0', size) != NULL)
		return 0;
	t = fuzz_xmalloc(size + 1);
	memcpy(t, data, size);
	t[size] = '\0';
	check_span(t, size, &start, &end);
	check_translate(t, size, start, end, h);
	check_append_slash(t, size, start, end, h);
	free(t);
	return 0;
}
