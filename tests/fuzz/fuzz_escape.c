/* SPDX-License-Identifier: MIT */
/*
 * fuzz_escape.c - libFuzzer target for the text transformations of
 * src/http/escape.c: hs_html_escape(), hs_url_quote(), hs_log_escape(),
 * hs_py_repr(), hs_py_repr_utf8() and hs_latin1_to_utf8(), and for the
 * UTF-8 decoder under them, hs_utf8_decode().
 *
 * The input is any run of bytes, as a request line or a file name may
 * hold.  Every function must follow snprintf()'s rule (the measuring call
 * agrees with the writing one, a short buffer gets a NUL-terminated
 * prefix, nothing is written past SIZE) and keep its promise: no markup
 * left by the HTML escape, no control character in a log line, a quote
 * that undoes back to the input.  The decoder must agree with the
 * independent one of fuzz_util.c.  Any violated invariant calls abort().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/escape.h"
#include "http/utf8.h"
#include "fuzz_util.h"
#include "httpserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One function under test, its extra argument bound by a wrapper. */
typedef size_t (*render_fn)(char *dst, size_t size, const char *src,
    size_t len, const void *arg);

/*
 * Abort unless S[0..LEN) is well-formed UTF-8; with NO_CONTROLS, unless
 * it also holds no C0 control, DEL or C1 control (U+0080-U+009F).
 */
static void
check_utf8(const char *s, size_t len, int no_controls)
{
	unsigned long cp;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = fuzz_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0)
			abort();
		if (no_controls && (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)))
			abort();
	}
}

/*
 * Run FN over SRC[0..LEN) with snprintf()'s rule checked, and return the
 * whole result (malloc()ed, NUL-terminated) with its length in *OUT_LEN.
 * Every buffer is sized exactly, so a write past SIZE is caught.
 */
static char *
render(render_fn fn, const void *arg, const char *src, size_t len,
    uint64_t h, size_t *out_len)
{
	size_t need, sizes[3], i;
	char *out, *part;

	need = fn(NULL, 0, src, len, arg);
	out = fuzz_xmalloc(need + 1);
	/* Poison the NUL's place: the function itself must write it. */
	out[need] = 'X';
	if (fn(out, need + 1, src, len, arg) != need || out[need] != '\0')
		abort();
	sizes[0] = 1;
	sizes[1] = need;	/* one byte short */
	sizes[2] = 1 + (size_t)(h % (need + 1));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i] == 0)
			continue;
		part = fuzz_xmalloc(sizes[i]);
		memset(part, 'X', sizes[i]);
		if (fn(part, sizes[i], src, len, arg) != need ||
		    part[sizes[i] - 1] != '\0' ||
		    memcmp(part, out, sizes[i] - 1) != 0)
			abort();
		free(part);
	}
	*out_len = need;
	return out;
}

/* hs_html_escape() with quote = *(const int *)ARG. */
static size_t
html(char *dst, size_t size, const char *src, size_t len, const void *arg)
{
	return hs_html_escape(dst, size, src, len, *(const int *)arg);
}

/* hs_url_quote() with safe = ARG (NULL for the default "/"). */
static size_t
quote(char *dst, size_t size, const char *src, size_t len, const void *arg)
{
	return hs_url_quote(dst, size, src, len, arg);
}

/* A function of escape.h's plain shape (SRC, LEN in; snprintf()'s rule
 * out), bound as the argument of call_plain(). */
struct plain_fn {
	size_t (*fn)(char *dst, size_t size, const char *src, size_t len);
};

static const struct plain_fn log_escape = { hs_log_escape };
static const struct plain_fn repr = { hs_py_repr };
static const struct plain_fn repr_utf8 = { hs_py_repr_utf8 };
static const struct plain_fn latin1 = { hs_latin1_to_utf8 };

/* ARG->fn(), for render(). */
static size_t
call_plain(char *dst, size_t size, const char *src, size_t len, const void *arg)
{
	return ((const struct plain_fn *)arg)->fn(dst, size, src, len);
}

/* The entity html.escape() writes for C, or NULL if C stays. */
static const char *
entity(char c, int with_quotes)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return with_quotes ? "&quot;" : NULL;
	case '\'':
		return with_quotes ? "&#x27;" : NULL;
	default:
		return NULL;
	}
}

/*
 * hs_html_escape(): no '<' or '>' (nor quotes, with QUOTE) is left, and
 * reading the entities back gives the input, byte for byte.
 */
static void
check_html(const char *src, size_t len, uint64_t h, int with_quotes)
{
	const char *e;
	size_t n, i, o = 0;
	char *out;

	out = render(html, &with_quotes, src, len, h, &n);
	for (i = 0; i < n; i++)
		if (out[i] == '<' || out[i] == '>' ||
		    (with_quotes && (out[i] == '"' || out[i] == '\'')))
			abort();
	for (i = 0; i < len; i++) {
		if ((e = entity(src[i], with_quotes)) != NULL) {
			if (n - o < strlen(e) || memcmp(out + o, e, strlen(e)))
				abort();
			o += strlen(e);
		} else if (o >= n || out[o++] != src[i]) {
			abort();
		}
	}
	if (o != n)
		abort();
	free(out);
}

/* Is C one of DIGITS, the hex digits of one case? */
static int
is_hex(char c, const char *digits)
{
	return c != '\0' && strchr(digits, c) != NULL;
}

/* Does quote() keep the byte C, given SAFE (urllib.parse's rule)? */
static int
quote_keeps(unsigned char c, const char *safe)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	    c == '~')
		return 1;
	/* quote_from_bytes() drops the non-ASCII characters of SAFE. */
	return c != '\0' && c < 0x80 && strchr(safe, c) != NULL;
}

/*
 * hs_url_quote() with SAFE: each byte is kept or becomes "%XX" (upper
 * case) as urllib.parse.quote() does, so unquoting gives the input back.
 */
static void
check_quote(const char *src, size_t len, uint64_t h, const char *safe)
{
	static const char upper[] = "0123456789ABCDEF";
	const char *keep = safe != NULL ? safe : "/";
	size_t n, i, o = 0;
	unsigned char c;
	char *out;

	out = render(quote, safe, src, len, h, &n);
	for (i = 0; i < len; i++) {
		c = (unsigned char)src[i];
		if (quote_keeps(c, keep)) {
			if (o >= n || out[o] != (char)c)
				abort();
			o++;
		} else {
			if (n - o < 3 || out[o] != '%' ||
			    out[o + 1] != upper[c >> 4] ||
			    out[o + 2] != upper[c & 0x0f])
				abort();
			o += 3;
		}
	}
	if (o != n)
		abort();
	free(out);
}

/*
 * hs_log_escape(): valid UTF-8 with no control character at all, where a
 * backslash only starts "\\" or "\xHH"; printable ASCII without a
 * backslash passes unchanged.
 */
static void
check_log(const char *src, size_t len, uint64_t h)
{
	size_t n, i;
	int plain = 1;
	char *out;

	out = render(call_plain, &log_escape, src, len, h, &n);
	check_utf8(out, n, 1);
	for (i = 0; i < n; i++) {
		if (out[i] != '\\')
			continue;
		if (i + 1 < n && out[i + 1] == '\\') {
			i++;
			continue;
		}
		if (n - i < 4 || out[i + 1] != 'x' ||
		    !is_hex(out[i + 2], "0123456789abcdef") ||
		    !is_hex(out[i + 3], "0123456789abcdef"))
			abort();
		i += 3;
	}
	for (i = 0; i < len; i++)
		if (src[i] < 0x20 || src[i] >= 0x7f || src[i] == '\\')
			plain = 0;
	if (plain && (n != len || memcmp(out, src, len) != 0))
		abort();
	/* Each byte becomes at most "\xHH". */
	if (n > 4 * len)
		abort();
	free(out);
}

/*
 * hs_py_repr() and hs_py_repr_utf8() (REPR_FN): quoted as repr() chooses,
 * valid UTF-8, nothing unprintable left raw (controls, U+00A0, U+00AD),
 * no longer than HS_PY_REPR_MAX(), and inside the quotes a backslash only
 * starts \\, \', \", \t, \n, \r or \xHH.
 */
static void
check_repr(const struct plain_fn *repr_fn, const char *src, size_t len,
    uint64_t h)
{
	char q, *out;
	size_t n, i;

	out = render(call_plain, repr_fn, src, len, h, &n);
	q = memchr(src, '\'', len) != NULL && memchr(src, '"', len) == NULL ?
	    '"' : '\'';
	if (n < 2 || out[0] != q || out[n - 1] != q ||
	    n > HS_PY_REPR_MAX(len))
		abort();
	check_utf8(out, n, 1);
	for (i = 1; i + 1 < n; i++) {
		if ((unsigned char)out[i] == 0xc2 &&
		    ((unsigned char)out[i + 1] == 0xa0 ||
		    (unsigned char)out[i + 1] == 0xad))
			abort();
		if (out[i] == q)
			abort();	/* the quote, unescaped */
		if (out[i] != '\\')
			continue;
		if (i + 2 < n && (out[i + 1] == '\\' || out[i + 1] == q ||
		    out[i + 1] == 't' || out[i + 1] == 'n' ||
		    out[i + 1] == 'r')) {
			i++;
			continue;
		}
		if (i + 4 >= n || out[i + 1] != 'x' ||
		    !is_hex(out[i + 2], "0123456789abcdef") ||
		    !is_hex(out[i + 3], "0123456789abcdef"))
			abort();
		i += 3;
	}
	free(out);
}

/*
 * hs_latin1_to_utf8(): valid UTF-8, one byte more per byte >= 0x80, and
 * decoding it gives every input byte back as a code point.
 */
static void
check_latin1(const char *src, size_t len, uint64_t h)
{
	unsigned long cp;
	size_t n, i, o, k;
	char *out;

	out = render(call_plain, &latin1, src, len, h, &n);
	for (i = 0, o = 0; i < len; i++, o += k) {
		k = o < n ? fuzz_utf8_decode((unsigned char *)out + o,
		    n - o, &cp) : 0;
		if (k == 0 || cp != (unsigned char)src[i])
			abort();
	}
	if (o != n)
		abort();
	free(out);
}

/*
 * hs_utf8_decode() at every offset of SRC agrees with fuzz_utf8_decode(),
 * written apart from it, on what is well-formed and what it decodes to;
 * where the bytes are ill-formed it takes a subpart of 1 to 3 bytes
 * within SRC, a byte and the continuation bytes after it.
 */
static void
check_decoder(const char *src, size_t len)
{
	unsigned long cp, want;
	size_t i, n, k, m;

	for (i = 0; i < len; i++) {
		n = hs_utf8_decode(src + i, len - i, &cp);
		m = fuzz_utf8_decode((const unsigned char *)src + i, len - i,
		    &want);
		if (m != 0) {
			if (n != m || cp != want)
				abort();
			continue;
		}
		if (cp != HS_UTF8_ILL_FORMED || n < 1 || n > 3 || n > len - i)
			abort();
		for (k = 1; k < n; k++)
			if (((unsigned char)src[i + k] & 0xc0) != 0x80)
				abort();
	}
}

/* libFuzzer's entry point: the input is the text, any bytes. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t h = fuzz_hash(data, size);
	char safe[9];
	size_t n;
	char *src;

	/* Exactly sized and not NUL-terminated: every function takes LEN. */
	src = fuzz_xmalloc(size);
	memcpy(src, data, size);
	check_html(src, size, h, 0);
	check_html(src, size, h, 1);
	check_quote(src, size, h, NULL);
	check_quote(src, size, h, "");
	/* A SAFE from the input's first bytes, up to a NUL. */
	n = size < sizeof(safe) - 1 ? size : sizeof(safe) - 1;
	memcpy(safe, data, n);
	safe[n] = '\0';
	check_quote(src, size, h, safe);
	check_log(src, size, h);
	check_repr(&repr, src, size, h);
	check_repr(&repr_utf8, src, size, h);
	check_latin1(src, size, h);
	check_decoder(src, size);
	free(src);
	return 0;
}
