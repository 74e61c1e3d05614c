/* SPDX-License-Identifier: MIT */
/*
 * cgi_path.h - which request paths name CGI scripts, decided as Python's
 * CGIHTTPRequestHandler decides it (pure: no allocation, no I/O).
 *
 * Python never matches the raw path against its CGI directories: it first
 * collapses it (_url_collapse_path()), so "/cgi-bin/../secret" is not a
 * script and "/x/../cgi-bin/s" or "/%63gi-bin/s" is one, then is_cgi()
 * looks for a CGI directory among the leading segments of the result.
 */
#ifndef HS_CGI_PATH_H
#define HS_CGI_PATH_H

#include <stddef.h>
#include <sys/types.h>

/*
 * _url_collapse_path(): the path of request target PATH (everything before
 * the first '?'; '#' is an ordinary byte, as in Python), %XX-decoded
 * (invalid escapes stay as they are, as urllib.parse.unquote() leaves
 * them), split on '/', with empty and "." segments dropped and ".."
 * removing the segment before it.  The last segment is kept as the tail
 * (empty when PATH ends in '/' or the last segment is "." or "..").  The
 * result is "/" + the head segments joined by '/' + "/" + the tail, built
 * exactly as Python builds it, so it always starts with '/' and a path
 * with no head segment gets two: "/" gives "//", "/a" gives "//a", while
 * "/a/b" stays "/a/b" and "/a/b/.." gives "/a/".  Unlike Python's, the
 * query is not appended: callers take it from the raw target.  Decoded
 * bytes stay bytes, as in hs_translate_path(); Python's unquote() also
 * decodes them as UTF-8, so only valid UTF-8 gives the same result there
 * ("%ff" is U+FFFD in Python, byte 0xff here).
 *
 * Writes at most SIZE bytes including a NUL.  strlen(PATH) + 3 bytes
 * always suffice, and so does room for just the result unless ".."
 * removes segments (they are written before they are removed, so they
 * need room too).  Returns the length, or -1 with errno EINVAL when ".."
 * climbs above the root (Python raises IndexError) or "%00" decodes to a
 * NUL, ENAMETOOLONG when DST is too small.
 */
ssize_t hs_cgi_collapse_path(char *dst, size_t size, const char *path);

/*
 * is_cgi(): does the collapsed path COLLAPSED lie in one of the CGI
 * directories DIRS (a NULL-terminated list such as {"/cgi-bin", "/htbin",
 * NULL}; NULL itself counts as an empty list)?  As Python does, the
 * shortest prefix of COLLAPSED that ends just before a '/' (at an offset
 * above 0) and is one of DIRS wins.  On a match returns 1 and sets
 * *HEAD_LEN to the length of that prefix, the directory (the rest, script
 * name and extra path, starts at COLLAPSED + *HEAD_LEN + 1); otherwise 0.
 */
int hs_cgi_match(const char *collapsed, const char *const *dirs,
    size_t *head_len);

#endif /* HS_CGI_PATH_H */
