/* SPDX-License-Identifier: MIT */
/*
 * uri.h - request targets: percent-decoding, the path part, translation to
 * a file name under the served directory (pure).
 *
 * The functions of httpserve.h that mirror urllib.parse (hs_url_path_span,
 * hs_url_append_slash, hs_url_unquote) and translate_path() live in uri.c
 * on top of these two.
 */
#ifndef HS_URI_H
#define HS_URI_H

#include <stddef.h>

/*
 * Length of the "scheme://authority" prefix of an absolute-form target
 * (RFC 9112 section 3.2.2, "http://host/path"), or 0 for origin-form.
 */
size_t hs_uri_origin_len(const char *target);

/*
 * Where the path of TARGET ends, as urllib.parse.urlsplit() sees it: at
 * the first '?' or '#' (or the end).  The path starts at
 * hs_uri_origin_len(target).
 */
size_t hs_uri_path_end(const char *target);

/*
 * Decode the byte at S[*I] (advancing *I), S ending at S[END]: "%XX"
 * gives that byte; any other byte, a "%" without two hex digits too (as
 * urllib's unquote() leaves it), stands for itself.
 */
unsigned char hs_uri_decode_byte(const char *s, size_t end, size_t *i);

#endif /* HS_URI_H */
