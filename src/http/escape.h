/* SPDX-License-Identifier: MIT */
/*
 * escape.h - text transformations for pages and logs (pure).
 *
 * hs_html_escape() and hs_url_quote() are public (httpserve.h).  The
 * functions here reproduce what Python does to text on its way to a log
 * line or an error message, so our output matches http.server's byte for
 * byte.  Every function follows snprintf()'s rule: write at most SIZE bytes
 * including a terminating NUL (nothing when SIZE is 0) and return the
 * length the whole result needs, excluding the NUL.
 */
#ifndef HS_ESCAPE_H
#define HS_ESCAPE_H

#include <stddef.h>

struct hs_out;

/*
 * Python reads request bytes as ISO-8859-1 and writes text as UTF-8: bytes
 * 0x80-0xFF become two-byte UTF-8 sequences, ASCII stays as it is.
 */
size_t hs_latin1_to_utf8(char *dst, size_t size, const char *src,
    size_t len);
/* The same, appended to a writer (out.h). */
void hs_out_latin1_text(struct hs_out *o, const char *src, size_t len);

/*
 * The control-character table of BaseHTTPRequestHandler.log_message()
 * (Python 3.12, backported to 3.7+): in the UTF-8 text SRC, code points
 * U+0000-U+001F and U+007F-U+009F become "\xHH" (two lower-case hex
 * digits) and a backslash becomes two.  A byte that is not part of valid
 * UTF-8 is also written as "\xHH", so the result never holds a raw control
 * byte whatever SRC holds.
 */
size_t hs_log_escape(char *dst, size_t size, const char *src, size_t len);
/* The same, appended to a writer (out.h). */
void hs_out_log_escaped(struct hs_out *o, const char *src, size_t len);

/*
 * repr() of the str Python gets by decoding SRC as ISO-8859-1, written as
 * UTF-8: quoted with ' (or " when SRC holds ' but no "), backslash, the
 * quote, \t \n \r escaped, other non-printable characters (U+0000-U+001F,
 * U+007F-U+00A0, U+00AD) as \xHH.  Used in error messages such as
 * "Bad request version ('HTTP/x')".
 */
size_t hs_py_repr(char *dst, size_t size, const char *src, size_t len);

/*
 * The same for the str Python gets from unquote(): SRC decoded as UTF-8,
 * each ill-formed subpart as U+FFFD.  Characters from U+0100 on are
 * written as they are (Python escapes the few it finds unprintable).
 * Used for request paths: "No such CGI script ('/cgi-bin/x')".
 */
size_t hs_py_repr_utf8(char *dst, size_t size, const char *src, size_t len);

/* The most bytes either repr() writes for LEN bytes of SRC, its NUL not
 * counted: "\xHH" for every byte, and the quotes. */
#define HS_PY_REPR_MAX(len) (4 * (len) + 2)

#endif /* HS_ESCAPE_H */
