/* SPDX-License-Identifier: MIT */
/*
 * escape.c - Python's text transformations for pages and logs: html.escape,
 * urllib.parse.quote, latin-1 decoding, the log control-character table
 * and repr() (see escape.h and the Helpers section of httpserve.h).
 *
 * Every function writes through struct hs_out (out.h), which implements
 * snprintf()'s rule once: bytes beyond SIZE - 1 are counted, not stored.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/escape.h"
#include "httpserve.h"
#include "http/out.h"
#include "http/utf8.h"

#include <stddef.h>
#include <string.h>

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

/* Append the byte B as "\xHH" with lower-case digits, as Python does. */
static void
out_hex_escape(struct hs_out *o, unsigned char b)
{
	hs_out_byte(o, '\\');
	hs_out_byte(o, 'x');
	hs_out_byte(o, hex_lower[b >> 4]);
	hs_out_byte(o, hex_lower[b & 0x0f]);
}

/* Append the code point CP encoded as UTF-8. */
static void
out_utf8(struct hs_out *o, unsigned long cp)
{
	char b[HS_UTF8_MAX];

	hs_out_bytes(o, b, hs_utf8_encode(cp, b));
}

/* html.escape(): the entity for C, or NULL if C stays as it is. */
static const char *
html_entity(char c, int quote)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return quote ? "&quot;" : NULL;
	case '\'':
		/* Python writes the hexadecimal form, not "&#39;". */
		return quote ? "&#x27;" : NULL;
	default:
		return NULL;
	}
}

/* Python's html.escape(s, quote) over the LEN bytes at SRC. */
size_t
hs_html_escape(char *dst, size_t size, const char *src, size_t len,
    int quote)
{
	struct hs_out o;
	const char *e;
	size_t i;

	hs_out_init(&o, dst, size);
	for (i = 0; i < len; i++) {
		e = html_entity(src[i], quote);
		if (e != NULL)
			hs_out_str(&o, e);
		else
			hs_out_byte(&o, src[i]);
	}
	return hs_out_finish(&o);
}

/*
 * Does urllib.parse.quote() keep byte B?  Letters, digits and "_.-~" always
 * (RFC 3986 unreserved), plus the ASCII bytes of SAFE: quote_from_bytes()
 * drops non-ASCII safe characters, so bytes >= 0x80 are always quoted.
 */
static int
url_keeps(unsigned char b, const char *safe)
{
	if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
	    (b >= '0' && b <= '9') || b == '_' || b == '.' || b == '-' ||
	    b == '~')
		return 1;
	return b != '\0' && b < 0x80 && strchr(safe, b) != NULL;
}

/* Python's urllib.parse.quote(s, safe) over the LEN bytes at SRC. */
size_t
hs_url_quote(char *dst, size_t size, const char *src, size_t len,
    const char *safe)
{
	struct hs_out o;
	unsigned char b;
	size_t i;

	if (safe == NULL)
		safe = "/";
	hs_out_init(&o, dst, size);
	for (i = 0; i < len; i++) {
		b = (unsigned char)src[i];
		if (url_keeps(b, safe)) {
			hs_out_byte(&o, (char)b);
		} else {
			/* quote() writes "%{:02X}", upper-case. */
			hs_out_byte(&o, '%');
			hs_out_byte(&o, hex_upper[b >> 4]);
			hs_out_byte(&o, hex_upper[b & 0x0f]);
		}
	}
	return hs_out_finish(&o);
}

/* bytes.decode('latin-1') then str.encode('utf-8') of the LEN bytes. */
size_t
hs_latin1_to_utf8(char *dst, size_t size, const char *src, size_t len)
{
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_latin1_text(&o, src, len);
	return hs_out_finish(&o);
}

/* Append the ISO-8859-1 text SRC to O as UTF-8. */
void
hs_out_latin1_text(struct hs_out *o, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out_utf8(o, (unsigned char)src[i]);
}

/*
 * BaseHTTPRequestHandler._control_char_table applied to the UTF-8 text at
 * SRC: C0 controls, DEL and the C1 controls become "\xHH", "\" becomes
 * "\\".  Bytes that are not valid UTF-8 are escaped one at a time, the way
 * Python's backslashreplace error handler shows them.
 */
size_t
hs_log_escape(char *dst, size_t size, const char *src, size_t len)
{
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_log_escaped(&o, src, len);
	return hs_out_finish(&o);
}

/* Append the UTF-8 text SRC to O, escaped as hs_log_escape() does. */
void
hs_out_log_escaped(struct hs_out *o, const char *src, size_t len)
{
	unsigned long cp;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		/* A run of printable ASCII other than '\\' goes as it is, in
		 * one piece: most log lines are nothing else. */
		for (n = 0; i + n < len && src[i + n] >= 0x20 &&
		    src[i + n] < 0x7f && src[i + n] != '\\'; n++)
			continue;
		if (n > 0) {
			hs_out_bytes(o, src + i, n);
			continue;
		}
		n = hs_utf8_decode(src + i, len - i, &cp);
		if (cp == HS_UTF8_ILL_FORMED) {
			out_hex_escape(o, (unsigned char)src[i]);
			n = 1;
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			out_hex_escape(o, (unsigned char)cp);
		} else if (cp == '\\') {
			hs_out_str(o, "\\\\");
		} else {
			hs_out_bytes(o, src + i, n);
		}
	}
}

/*
 * Is the code point C (below U+0100) printable for str.isprintable(), which
 * repr() consults?  Unicode classes Cc (controls), Zs other than the space
 * (U+00A0) and Cf (U+00AD, the soft hyphen) are not.
 */
static int
py_printable(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || (c > 0xa0 && c != 0xad);
}

/* repr() chooses '"' only for text holding ' and no ", else "'". */
static char
repr_quote(const char *src, size_t len)
{
	if (memchr(src, '\'', len) != NULL && memchr(src, '"', len) == NULL)
		return '"';
	return '\'';
}

/*
 * Append the character CP as repr() shows it between QUOTEs.  Characters
 * from U+0100 on are written as they are: Python also escapes the ones
 * str.isprintable() refuses there (separators, format characters, private
 * use), which would take Unicode's tables.
 */
static void
out_repr_char(struct hs_out *o, unsigned long cp, char quote)
{
	if (cp == (unsigned char)quote || cp == '\\') {
		hs_out_byte(o, '\\');
		hs_out_byte(o, (char)cp);
	} else if (cp == '\t') {
		hs_out_str(o, "\\t");
	} else if (cp == '\n') {
		hs_out_str(o, "\\n");
	} else if (cp == '\r') {
		hs_out_str(o, "\\r");
	} else if (cp < 0x100 && !py_printable((unsigned char)cp)) {
		out_hex_escape(o, (unsigned char)cp);
	} else {
		out_utf8(o, cp);
	}
}

/*
 * repr() (unicode_repr() in Objects/unicodeobject.c) of the text SRC,
 * written as UTF-8: SRC read as latin-1, or as UTF-8 with each ill-formed
 * subpart read as U+FFFD, as urllib's unquote() decodes a path.
 */
static size_t
py_repr(char *dst, size_t size, const char *src, size_t len, int utf8)
{
	struct hs_out o;
	unsigned long cp;
	size_t i, n;
	char quote;

	hs_out_init(&o, dst, size);
	quote = len > 0 ? repr_quote(src, len) : '\'';
	hs_out_byte(&o, quote);
	for (i = 0; i < len; i += n) {
		if (utf8) {
			n = hs_utf8_decode(src + i, len - i, &cp);
			if (cp == HS_UTF8_ILL_FORMED)
				cp = 0xfffd;	/* REPLACEMENT CHARACTER */
		} else {
			cp = (unsigned char)src[i];
			n = 1;
		}
		out_repr_char(&o, cp, quote);
	}
	hs_out_byte(&o, quote);
	return hs_out_finish(&o);
}

/* repr() of the latin-1 text SRC. */
size_t
hs_py_repr(char *dst, size_t size, const char *src, size_t len)
{
	return py_repr(dst, size, src, len, 0);
}

/* repr() of the UTF-8 text SRC. */
size_t
hs_py_repr_utf8(char *dst, size_t size, const char *src, size_t len)
{
	return py_repr(dst, size, src, len, 1);
}
