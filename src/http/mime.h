/* SPDX-License-Identifier: MIT */
/*
 * mime.h - the extension to Content-type tables behind hs_guess_type()
 * and hs_mime_guess_type().
 *
 * The MIME functions are public (httpserve.h) and follow
 * SimpleHTTPRequestHandler.guess_type() on top of Python's mimetypes:
 *
 *  1. SimpleHTTPRequestHandler.extensions_map: ".gz" application/gzip,
 *     ".Z" application/octet-stream, ".bz2" application/x-bzip2,
 *     ".xz" application/x-xz (exact extension, then lower-cased);
 *  2. mimetypes.guess_type(): suffix_map (".tgz" -> ".tar.gz", ...,
 *     looked up lower-cased), then one encoding suffix (".gz" ".Z" ".bz2"
 *     ".xz" ".br", exact) is stripped, then the type of the remaining
 *     extension, lower-cased;
 *  3. "application/octet-stream".
 *
 * Types come from a built-in table (Python's defaults plus the modern web
 * types), shared read-only by every table and all hs_guess_type() knows.
 * In a table (struct hs_mime) the mime.types files loaded into it with
 * hs_mime_load() override it, as Python's mimetypes.init() does with
 * /etc/mime.types - except for the pinned web types (.html .htm .css .js
 * .mjs .json .wasm .svg .webp .avif .woff .woff2), which no host file can
 * change: a wrong type there breaks browsers (module scripts, wasm
 * streaming, strict CSS).
 */
#ifndef HS_MIME_H
#define HS_MIME_H

#include <stddef.h>

/* The files Python's mimetypes reads, in its order (mimetypes.knownfiles),
 * NULL-terminated.  hs_mime_load_system() (httpserve.h) loads those that
 * exist, later ones overriding earlier ones, as Python does. */
extern const char *const hs_mime_known_files[];

/*
 * Parse one line of a mime.types file: "type ext1 ext2 ... # comment"
 * (a comment is a word starting with '#'; words over 255 bytes are
 * skipped).
 * Calls ADD(type, ext, arg) for each extension (without the dot; the
 * strings are NUL-terminated copies valid during the call only).  Returns
 * the number of extensions found.
 */
int hs_mime_parse_line(const char *line, size_t len,
    void (*add)(const char *type, const char *ext, void *arg), void *arg);

struct hs_mime;

/* hs_mime_guess_type() without its last resort: the type PATH's name
 * gives by the types of M (NULL: the built-in ones), or NULL when its
 * extension gives none, for a caller with a fallback of its own
 * (hs_static_set_default_type()). */
const char *hs_mime_known_type(const struct hs_mime *m, const char *path);

#endif /* HS_MIME_H */
