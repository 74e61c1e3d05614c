/* SPDX-License-Identifier: MIT */
/*
 * mime.c - SimpleHTTPRequestHandler.guess_type() and the mimetypes tables
 * behind it: a built-in table, shared and read-only, and MIME tables
 * (struct hs_mime) that add the mime.types files loaded into them.
 *
 * Threads: looking a type up only reads, so any number of threads may use
 * one table at once, and hs_guess_type(), which reads the built-in table
 * alone, is always safe.  Loading writes the table it loads into, without
 * a lock: no other use of that table may overlap it.  The strings a lookup
 * returns point into the built-in table (valid forever) or into the table
 * asked (valid until hs_mime_free()).
 *
 * Deliberate differences from Python 3.11 beyond the table contents:
 *  - no "scheme:" splitting (mimetypes' urllib.parse._splittype()): Python
 *    is given absolute file names, which never carry a scheme, while our
 *    callers pass names relative to the served directory;
 *  - lower-casing is ASCII plus U+212A KELVIN SIGN (the one non-ASCII
 *    character str.lower() turns into a lone ASCII letter);
 *  - mime.types files are read as bytes: Python refuses a whole file that
 *    is not valid UTF-8, we keep its valid-looking words; words are
 *    limited in length and a type with control characters is ignored.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "httpserve.h"
#include "http/mime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OCTET_STREAM "application/octet-stream"

/*
 * The longest type or extension word kept from a mime.types line, in
 * bytes.  A file name component holds at most 255 bytes (NAME_MAX), so a
 * longer extension could never match; longer words are skipped whole.
 */
#define MIME_WORD_MAX 255

/*
 * hs_mime_load() reads lines of at most this many bytes.  A longer line is
 * truncated at its last whitespace before the limit: the words past it
 * are lost, but no word is ever cut in two.
 */
#define MIME_LINE_MAX 4096

/* Bounds on what hostile files can make us hold or read. */
#define MIME_MAX_ENTRIES (1U << 18)	/* loaded extensions, duplicates too */
#define MIME_MAX_BYTES (16U << 20)	/* loaded strings */
#define MIME_FILE_MAX (64U << 20)	/* bytes read from one file */

#define ARENA_CHUNK 65536		/* > 2 * (MIME_WORD_MAX + 1) */
#define NAME_TAIL 32			/* > longest suffix_map value */
#define SUFFIX_LOOPS 8			/* suffix_map rewrites per name */
#define PINNED 1

/* One extension (without its dot) and its Content-type. */
struct mime_type {
	const char *ext;
	const char *type;
	int pinned;		/* no loaded file may change it */
};

/* One extension rewrite of mimetypes.suffix_map. */
struct mime_suffix {
	const char *ext;
	const char *replacement;
};

/*
 * The built-in types, sorted by strcmp() of the extension for bsearch():
 * Python 3.11's mimetypes._types_map_default, with .js and .mjs changed to
 * text/javascript (RFC 9239), plus the web types newer Pythons and
 * browsers know (.webp .woff .woff2 .otf .ttf .md .markdown .apng .jxl
 * .m4a .ogg .oga .ogv .flac .weba .jsonld .map .xhtml .epub .gz .7z .zst
 * .yaml .yml .toml).
 */
static const struct mime_type builtin_types[] = {
	{ "3g2", "audio/3gpp2", 0 },
	{ "3gp", "audio/3gpp", 0 },
	{ "3gpp", "audio/3gpp", 0 },
	{ "3gpp2", "audio/3gpp2", 0 },
	{ "7z", "application/x-7z-compressed", 0 },
	{ "a", "application/octet-stream", 0 },
	{ "aac", "audio/aac", 0 },
	{ "adts", "audio/aac", 0 },
	{ "ai", "application/postscript", 0 },
	{ "aif", "audio/x-aiff", 0 },
	{ "aifc", "audio/x-aiff", 0 },
	{ "aiff", "audio/x-aiff", 0 },
	{ "apng", "image/apng", 0 },
	{ "ass", "audio/aac", 0 },
	{ "au", "audio/basic", 0 },
	{ "avi", "video/x-msvideo", 0 },
	{ "avif", "image/avif", PINNED },
	{ "bat", "text/plain", 0 },
	{ "bcpio", "application/x-bcpio", 0 },
	{ "bin", "application/octet-stream", 0 },
	{ "bmp", "image/bmp", 0 },
	{ "c", "text/plain", 0 },
	{ "cdf", "application/x-netcdf", 0 },
	{ "cpio", "application/x-cpio", 0 },
	{ "csh", "application/x-csh", 0 },
	{ "css", "text/css", PINNED },
	{ "csv", "text/csv", 0 },
	{ "dll", "application/octet-stream", 0 },
	{ "doc", "application/msword", 0 },
	{ "dot", "application/msword", 0 },
	{ "dvi", "application/x-dvi", 0 },
	{ "eml", "message/rfc822", 0 },
	{ "eps", "application/postscript", 0 },
	{ "epub", "application/epub+zip", 0 },
	{ "etx", "text/x-setext", 0 },
	{ "exe", "application/octet-stream", 0 },
	{ "flac", "audio/flac", 0 },
	{ "gif", "image/gif", 0 },
	{ "gtar", "application/x-gtar", 0 },
	{ "gz", "application/gzip", 0 },
	{ "h", "text/plain", 0 },
	{ "h5", "application/x-hdf5", 0 },
	{ "hdf", "application/x-hdf", 0 },
	{ "heic", "image/heic", 0 },
	{ "heif", "image/heif", 0 },
	{ "htm", "text/html", PINNED },
	{ "html", "text/html", PINNED },
	{ "ico", "image/vnd.microsoft.icon", 0 },
	{ "ief", "image/ief", 0 },
	{ "jpe", "image/jpeg", 0 },
	{ "jpeg", "image/jpeg", 0 },
	{ "jpg", "image/jpeg", 0 },
	{ "js", "text/javascript", PINNED },
	{ "json", "application/json", PINNED },
	{ "jsonld", "application/ld+json", 0 },
	{ "jxl", "image/jxl", 0 },
	{ "ksh", "text/plain", 0 },
	{ "latex", "application/x-latex", 0 },
	{ "loas", "audio/aac", 0 },
	{ "m1v", "video/mpeg", 0 },
	{ "m3u", "application/vnd.apple.mpegurl", 0 },
	{ "m3u8", "application/vnd.apple.mpegurl", 0 },
	{ "m4a", "audio/mp4", 0 },
	{ "man", "application/x-troff-man", 0 },
	{ "map", "application/json", 0 },
	{ "markdown", "text/markdown", 0 },
	{ "md", "text/markdown", 0 },
	{ "me", "application/x-troff-me", 0 },
	{ "mht", "message/rfc822", 0 },
	{ "mhtml", "message/rfc822", 0 },
	{ "mif", "application/x-mif", 0 },
	{ "mjs", "text/javascript", PINNED },
	{ "mov", "video/quicktime", 0 },
	{ "movie", "video/x-sgi-movie", 0 },
	{ "mp2", "audio/mpeg", 0 },
	{ "mp3", "audio/mpeg", 0 },
	{ "mp4", "video/mp4", 0 },
	{ "mpa", "video/mpeg", 0 },
	{ "mpe", "video/mpeg", 0 },
	{ "mpeg", "video/mpeg", 0 },
	{ "mpg", "video/mpeg", 0 },
	{ "ms", "application/x-troff-ms", 0 },
	{ "n3", "text/n3", 0 },
	{ "nc", "application/x-netcdf", 0 },
	{ "nq", "application/n-quads", 0 },
	{ "nt", "application/n-triples", 0 },
	{ "nws", "message/rfc822", 0 },
	{ "o", "application/octet-stream", 0 },
	{ "obj", "application/octet-stream", 0 },
	{ "oda", "application/oda", 0 },
	{ "oga", "audio/ogg", 0 },
	{ "ogg", "audio/ogg", 0 },
	{ "ogv", "video/ogg", 0 },
	{ "opus", "audio/opus", 0 },
	{ "otf", "font/otf", 0 },
	{ "p12", "application/x-pkcs12", 0 },
	{ "p7c", "application/pkcs7-mime", 0 },
	{ "pbm", "image/x-portable-bitmap", 0 },
	{ "pdf", "application/pdf", 0 },
	{ "pfx", "application/x-pkcs12", 0 },
	{ "pgm", "image/x-portable-graymap", 0 },
	{ "pl", "text/plain", 0 },
	{ "png", "image/png", 0 },
	{ "pnm", "image/x-portable-anymap", 0 },
	{ "pot", "application/vnd.ms-powerpoint", 0 },
	{ "ppa", "application/vnd.ms-powerpoint", 0 },
	{ "ppm", "image/x-portable-pixmap", 0 },
	{ "pps", "application/vnd.ms-powerpoint", 0 },
	{ "ppt", "application/vnd.ms-powerpoint", 0 },
	{ "ps", "application/postscript", 0 },
	{ "pwz", "application/vnd.ms-powerpoint", 0 },
	{ "py", "text/x-python", 0 },
	{ "pyc", "application/x-python-code", 0 },
	{ "pyo", "application/x-python-code", 0 },
	{ "qt", "video/quicktime", 0 },
	{ "ra", "audio/x-pn-realaudio", 0 },
	{ "ram", "application/x-pn-realaudio", 0 },
	{ "ras", "image/x-cmu-raster", 0 },
	{ "rdf", "application/xml", 0 },
	{ "rgb", "image/x-rgb", 0 },
	{ "roff", "application/x-troff", 0 },
	{ "rtx", "text/richtext", 0 },
	{ "sgm", "text/x-sgml", 0 },
	{ "sgml", "text/x-sgml", 0 },
	{ "sh", "application/x-sh", 0 },
	{ "shar", "application/x-shar", 0 },
	{ "snd", "audio/basic", 0 },
	{ "so", "application/octet-stream", 0 },
	{ "src", "application/x-wais-source", 0 },
	{ "srt", "text/plain", 0 },
	{ "sv4cpio", "application/x-sv4cpio", 0 },
	{ "sv4crc", "application/x-sv4crc", 0 },
	{ "svg", "image/svg+xml", PINNED },
	{ "swf", "application/x-shockwave-flash", 0 },
	{ "t", "application/x-troff", 0 },
	{ "tar", "application/x-tar", 0 },
	{ "tcl", "application/x-tcl", 0 },
	{ "tex", "application/x-tex", 0 },
	{ "texi", "application/x-texinfo", 0 },
	{ "texinfo", "application/x-texinfo", 0 },
	{ "tif", "image/tiff", 0 },
	{ "tiff", "image/tiff", 0 },
	{ "toml", "application/toml", 0 },
	{ "tr", "application/x-troff", 0 },
	{ "trig", "application/trig", 0 },
	{ "tsv", "text/tab-separated-values", 0 },
	{ "ttf", "font/ttf", 0 },
	{ "txt", "text/plain", 0 },
	{ "ustar", "application/x-ustar", 0 },
	{ "vcf", "text/x-vcard", 0 },
	{ "vtt", "text/vtt", 0 },
	{ "wasm", "application/wasm", PINNED },
	{ "wav", "audio/x-wav", 0 },
	{ "weba", "audio/webm", 0 },
	{ "webm", "video/webm", 0 },
	{ "webmanifest", "application/manifest+json", 0 },
	{ "webp", "image/webp", PINNED },
	{ "wiz", "application/msword", 0 },
	{ "woff", "font/woff", PINNED },
	{ "woff2", "font/woff2", PINNED },
	{ "wsdl", "application/xml", 0 },
	{ "xbm", "image/x-xbitmap", 0 },
	{ "xhtml", "application/xhtml+xml", 0 },
	{ "xlb", "application/vnd.ms-excel", 0 },
	{ "xls", "application/vnd.ms-excel", 0 },
	{ "xml", "text/xml", 0 },
	{ "xpdl", "application/xml", 0 },
	{ "xpm", "image/x-xpixmap", 0 },
	{ "xsl", "application/xml", 0 },
	{ "xwd", "image/x-xwindowdump", 0 },
	{ "yaml", "application/yaml", 0 },
	{ "yml", "application/yaml", 0 },
	{ "zip", "application/zip", 0 },
	{ "zst", "application/zstd", 0 },
};

#define N_BUILTIN (sizeof(builtin_types) / sizeof(builtin_types[0]))

/* SimpleHTTPRequestHandler.extensions_map, checked before mimetypes. */
static const struct mime_type simple_types[] = {
	{ "gz", "application/gzip", 0 },
	{ "Z", OCTET_STREAM, 0 },
	{ "bz2", "application/x-bzip2", 0 },
	{ "xz", "application/x-xz", 0 },
};

#define N_SIMPLE (sizeof(simple_types) / sizeof(simple_types[0]))

/* mimetypes.suffix_map (looked up lower-cased, as 3.11.2 does). */
static const struct mime_suffix suffix_map[] = {
	{ "svgz", ".svg.gz" },
	{ "tgz", ".tar.gz" },
	{ "taz", ".tar.gz" },
	{ "tz", ".tar.gz" },
	{ "tbz2", ".tar.bz2" },
	{ "txz", ".tar.xz" },
};

#define N_SUFFIX (sizeof(suffix_map) / sizeof(suffix_map[0]))

/* The keys of mimetypes.encodings_map (case-sensitive). */
static const char *const encodings[] = { "gz", "Z", "bz2", "xz", "br" };

#define N_ENCODINGS (sizeof(encodings) / sizeof(encodings[0]))

/* mimetypes.knownfiles, in Python's order (one path appears twice). */
const char *const hs_mime_known_files[] = {
	"/etc/mime.types",
	"/etc/httpd/mime.types",
	"/etc/httpd/conf/mime.types",
	"/etc/apache/mime.types",
	"/etc/apache2/mime.types",
	"/usr/local/etc/httpd/conf/mime.types",
	"/usr/local/lib/netscape/mime.types",
	"/usr/local/etc/httpd/conf/mime.types",
	"/usr/local/etc/mime.types",
	NULL
};

/* ------------------------------------------------------------------------
 * A MIME table: what its loaded files define, as a sorted array of
 * entries over an arena of strings.  A sorted array (rather than a hash)
 * keeps every lookup O(log n) whatever extensions a hostile file chooses.
 */

/* One loaded extension; SEQ orders definitions so the last one wins. */
struct loaded_entry {
	const char *ext;
	const char *type;
	size_t seq;
};

/* A block of loaded strings; they never move until hs_mime_free(). */
struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	char data[ARENA_CHUNK];
};

/* A MIME table (httpserve.h); written only by hs_mime_load(). */
struct hs_mime {
	struct loaded_entry *v;	/* sorted by ext, unique, after a load */
	size_t n;
	size_t cap;
	size_t seq;
	struct arena_chunk *chunks;
	size_t bytes;
	const char *last_type;	/* reused while a line's type repeats */
	int full;		/* a bound was reached: ignore the rest */
};

/* bsearch() comparison of an extension with a built-in entry. */
static int
builtin_cmp(const void *key, const void *elem)
{
	const struct mime_type *t = elem;

	return strcmp(key, t->ext);
}

/* bsearch() comparison of an extension with a loaded entry. */
static int
loaded_key_cmp(const void *key, const void *elem)
{
	const struct loaded_entry *e = elem;

	return strcmp(key, e->ext);
}

/* qsort() order of loaded entries: by extension, then definition order. */
static int
loaded_cmp(const void *a, const void *b)
{
	const struct loaded_entry *x = a, *y = b;
	int c;

	if ((c = strcmp(x->ext, y->ext)) != 0)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The built-in entry for EXT (exact match), or NULL. */
static const struct mime_type *
builtin_find(const char *ext)
{
	return bsearch(ext, builtin_types, N_BUILTIN,
	    sizeof(builtin_types[0]), builtin_cmp);
}

/* The type M's loaded files give EXT (exact match), or NULL. */
static const char *
loaded_find(const struct hs_mime *m, const char *ext)
{
	const struct loaded_entry *e;

	if (m == NULL || m->n == 0)
		return NULL;
	e = bsearch(ext, m->v, m->n, sizeof(m->v[0]), loaded_key_cmp);
	return e != NULL ? e->type : NULL;
}

/* mimetypes' types_map[True] lookup in M (NULL: the built-in table
 * alone): pinned built-in, loaded, built-in. */
static const char *
types_lookup(const struct hs_mime *m, const char *ext)
{
	const struct mime_type *b;
	const char *type;

	b = builtin_find(ext);
	if (b != NULL && b->pinned)
		return b->type;
	if ((type = loaded_find(m, ext)) != NULL)
		return type;
	return b != NULL ? b->type : NULL;
}

/* Sort M's entries and keep only the last definition of each extension,
 * as later add_type() calls overwrite a Python dict entry. */
static void
loaded_compact(struct hs_mime *m)
{
	size_t i, n;

	if (m->n == 0)
		return;
	qsort(m->v, m->n, sizeof(m->v[0]), loaded_cmp);
	n = 0;
	for (i = 0; i < m->n; i++) {
		if (i + 1 < m->n && strcmp(m->v[i].ext, m->v[i + 1].ext) == 0)
			continue;
		m->v[n++] = m->v[i];
	}
	m->n = n;
}

/* Make room in M for one more entry: 0, or -1 (errno ENOMEM, or 0 when a
 * bound was reached and the entry is to be dropped). */
static int
loaded_reserve(struct hs_mime *m)
{
	struct loaded_entry *v;
	size_t cap;

	if (m->n < m->cap)
		return 0;
	if (m->cap >= MIME_MAX_ENTRIES) {
		/* Full of duplicates?  Compacting makes room; if it frees
		 * little, stop, or every add would sort the whole table. */
		loaded_compact(m);
		if (m->n > m->cap - m->cap / 4) {
			m->full = 1;
			errno = 0;
			return -1;
		}
		return 0;
	}
	cap = m->cap == 0 ? 256 : m->cap * 2;
	if (cap > MIME_MAX_ENTRIES)
		cap = MIME_MAX_ENTRIES;
	v = realloc(m->v, cap * sizeof(*v));
	if (v == NULL)
		return -1;
	m->v = v;
	m->cap = cap;
	return 0;
}

/* Copy S into M's arena: the copy, or NULL (errno ENOMEM, or 0 when the
 * byte bound was reached). */
static const char *
arena_strdup(struct hs_mime *m, const char *s)
{
	struct arena_chunk *c;
	size_t len;
	char *p;

	len = strlen(s) + 1;
	if (m->bytes + len > MIME_MAX_BYTES) {
		m->full = 1;
		errno = 0;
		return NULL;
	}
	c = m->chunks;
	if (c == NULL || ARENA_CHUNK - c->used < len) {
		if ((c = malloc(sizeof(*c))) == NULL)
			return NULL;
		c->next = m->chunks;
		c->used = 0;
		m->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	c->used += len;
	m->bytes += len;
	return p;
}

/* Append TYPE for EXT to M (MimeTypes.add_type()): 0, or -1 with errno
 * (0 when a bound dropped it). */
static int
loaded_add(struct hs_mime *m, const char *type, const char *ext)
{
	struct loaded_entry *e;
	const char *t, *x;

	if (m->full) {
		errno = 0;
		return -1;
	}
	if (loaded_reserve(m) == -1)
		return -1;
	/* One copy of the type per line, not one per extension. */
	if (m->last_type != NULL && strcmp(m->last_type, type) == 0)
		t = m->last_type;
	else if ((t = arena_strdup(m, type)) == NULL)
		return -1;
	m->last_type = t;
	if ((x = arena_strdup(m, ext)) == NULL)
		return -1;
	e = &m->v[m->n++];
	e->ext = x;
	e->type = t;
	e->seq = m->seq++;
	return 0;
}

/* A table with nothing loaded yet: it gives the built-in types. */
struct hs_mime *
hs_mime_new(void)
{
	return calloc(1, sizeof(struct hs_mime));
}

/* Free M's entries and strings, and M. */
void
hs_mime_free(struct hs_mime *m)
{
	struct arena_chunk *c, *next;

	if (m == NULL)
		return;
	for (c = m->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(m->v);
	free(m);
}

/* ------------------------------------------------------------------------
 * mime.types lines (MimeTypes.readfp())
 */

/* The length of the whitespace character at P (before END), or 0: the
 * characters str.split() splits on, ASCII ones and UTF-8 encoded ones. */
static size_t
space_len(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);

	if (*p == ' ' || (*p >= '\t' && *p <= '\r') ||
	    (*p >= 0x1c && *p <= 0x1f))
		return 1;
	if (left >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;		/* U+0085, U+00A0 */
	if (left < 3)
		return 0;
	if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3;		/* U+1680 */
	if (p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] <= 0x8a || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
		return 3;		/* U+2000-U+200A, U+2028/9, U+202F */
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
		return 3;		/* U+205F */
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;		/* U+3000 */
	return 0;
}

/* Find the next word from *P up to END: 1 with *WORD and *LEN set and *P
 * moved past it, or 0 when only whitespace is left. */
static int
next_word(const unsigned char **p, const unsigned char *end,
    const unsigned char **word, size_t *len)
{
	const unsigned char *s = *p;
	size_t n;

	while (s < end && (n = space_len(s, end)) > 0)
		s += n;
	if (s == end) {
		*p = s;
		return 0;
	}
	*word = s;
	while (s < end && space_len(s, end) == 0)
		s++;
	*len = (size_t)(s - *word);
	*p = s;
	return 1;
}

/* Copy the word W of LEN bytes into DST (MIME_WORD_MAX + 1 bytes): 1, or
 * 0 when it is too long or holds a NUL (or, for a TYPE, which becomes a
 * header value, any control character). */
static int
word_copy(char *dst, const unsigned char *w, size_t len, int type)
{
	size_t i;

	if (len > MIME_WORD_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (w[i] == '\0' || (type && (w[i] < 0x20 || w[i] == 0x7f)))
			return 0;
	memcpy(dst, w, len);
	dst[len] = '\0';
	return 1;
}

/* Parse one mime.types line as MimeTypes.readfp() does: the first word is
 * the type, the others extensions, until a word starting with '#'.  Only
 * the two word buffers live on the stack; the line may be of any length. */
int
hs_mime_parse_line(const char *line, size_t len,
    void (*add)(const char *type, const char *ext, void *arg), void *arg)
{
	char type[MIME_WORD_MAX + 1], ext[MIME_WORD_MAX + 1];
	const unsigned char *p, *end, *w;
	size_t wlen;
	int n;

	if (line == NULL)
		return 0;
	p = (const unsigned char *)line;
	end = p + len;
	if (!next_word(&p, end, &w, &wlen) || w[0] == '#')
		return 0;
	if (!word_copy(type, w, wlen, 1))
		return 0;
	n = 0;
	while (next_word(&p, end, &w, &wlen) && w[0] != '#') {
		if (!word_copy(ext, w, wlen, 0))
			continue;
		if (add != NULL)
			add(type, ext, arg);
		n++;
	}
	return n;
}

/* What hs_mime_load() keeps while reading a file. */
struct load_state {
	struct hs_mime *mime;	/* the table loaded into */
	char line[MIME_LINE_MAX];
	size_t len;
	int overflow;		/* the line went past MIME_LINE_MAX */
	int error;		/* errno of a failed allocation or read */
};

/* The hs_mime_parse_line() callback of hs_mime_load(). */
static void
load_add(const char *type, const char *ext, void *arg)
{
	struct load_state *ls = arg;

	if (loaded_add(ls->mime, type, ext) == -1 && errno != 0 &&
	    ls->error == 0)
		ls->error = errno;
}

/* Parse the line gathered in LS and start a new one. */
static void
load_flush(struct load_state *ls)
{
	size_t len = ls->len;

	if (ls->overflow) {
		/* Cut back to the last ASCII whitespace: no half word. */
		while (len > 0 && space_len((const unsigned char *)
		    &ls->line[len - 1], (const unsigned char *)
		    &ls->line[len]) == 0)
			len--;
	}
	(void)hs_mime_parse_line(ls->line, len, load_add, ls);
	ls->len = 0;
	ls->overflow = 0;
}

/* Split BUF into lines as text-mode readline() does ("\n", "\r", "\r\n";
 * the empty line "\r\n" makes is harmless) and parse each one. */
static void
load_bytes(struct load_state *ls, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r')
			load_flush(ls);
		else if (ls->len < sizeof(ls->line))
			ls->line[ls->len++] = buf[i];
		else
			ls->overflow = 1;
	}
}

/* Read the regular file open on FD into M: 0, or -1. */
static int
load_fd(struct hs_mime *m, int fd)
{
	struct load_state ls;
	char buf[8192];
	size_t total;
	ssize_t r = 0;

	ls.mime = m;
	ls.len = 0;
	ls.overflow = 0;
	ls.error = 0;
	m->last_type = NULL;
	for (total = 0; total < MIME_FILE_MAX; total += (size_t)r) {
		r = read(fd, buf, sizeof(buf));
		if (r == -1 && errno == EINTR) {
			r = 0;
			continue;
		}
		if (r <= 0)
			break;
		load_bytes(&ls, buf, (size_t)r);
	}
	if (r == -1)
		ls.error = errno;
	load_flush(&ls);
	loaded_compact(m);
	m->full = 0;
	if (ls.error != 0) {
		errno = ls.error;
		return -1;
	}
	return 0;
}

/* MimeTypes.read(): add every "type ext..." line of the file PATH to M;
 * later lines and files override earlier ones. */
int
hs_mime_load(struct hs_mime *m, const char *path)
{
	struct stat st;
	int fd, rc, saved;

	if (m == NULL || path == NULL) {
		errno = EINVAL;
		return -1;
	}
	/* O_NONBLOCK: a FIFO must not hang us before fstat() refuses it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		saved = errno;
	else if (!S_ISREG(st.st_mode))
		saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	else
		saved = 0;
	if (saved != 0) {
		(void)close(fd);
		errno = saved;
		return -1;
	}
	rc = load_fd(m, fd);
	saved = errno;
	(void)close(fd);
	errno = saved;
	return rc;
}

/* mimetypes.init(): load into M each known file that os.path.isfile()
 * accepts (one that cannot be read is skipped, as Python skips it). */
void
hs_mime_load_system(struct hs_mime *m)
{
	size_t i;

	for (i = 0; hs_mime_known_files[i] != NULL; i++)
		(void)hs_mime_load(m, hs_mime_known_files[i]);
}

/* ------------------------------------------------------------------------
 * guess_type()
 */

/*
 * A file name being rewritten by mimetypes.guess_type(): HEAD (the last
 * component of the caller's path: posixpath.splitext() never looks
 * further) followed by TAIL (what suffix_map appended).  Working on two
 * pieces spares a copy of a path of any length.
 */
struct name {
	const char *head;
	size_t hlen;
	char tail[NAME_TAIL];
	size_t tlen;
};

/* Start N at the last component of PATH. */
static void
name_init(struct name *n, const char *path)
{
	const char *slash = strrchr(path, '/');

	n->head = slash != NULL ? slash + 1 : path;
	n->hlen = strlen(n->head);
	n->tlen = 0;
}

/* The length of N. */
static size_t
name_len(const struct name *n)
{
	return n->hlen + n->tlen;
}

/* The byte at I in N. */
static unsigned char
name_at(const struct name *n, size_t i)
{
	if (i < n->hlen)
		return (unsigned char)n->head[i];
	return (unsigned char)n->tail[i - n->hlen];
}

/* posixpath.splitext() (genericpath._splitext()): the index of the dot
 * starting N's extension, or N's length when it has none.  Leading dots
 * of the name do not start an extension: ".bashrc" has none. */
static size_t
name_splitext(const struct name *n)
{
	size_t len, dot, i;

	len = name_len(n);
	for (dot = len; dot > 0 && name_at(n, dot - 1) != '.'; dot--)
		continue;
	if (dot == 0)
		return len;
	dot--;
	for (i = 0; i < dot; i++)
		if (name_at(n, i) != '.')
			return dot;
	return len;
}

/* Cut N to its first LEN bytes (the base splitext() returned). */
static void
name_truncate(struct name *n, size_t len)
{
	if (len <= n->hlen) {
		n->hlen = len;
		n->tlen = 0;
	} else
		n->tlen = len - n->hlen;
}

/* Append S to N: 0, or -1 when the tail is full. */
static int
name_append(struct name *n, const char *s)
{
	size_t len = strlen(s);

	if (len >= NAME_TAIL - n->tlen)
		return -1;
	memcpy(n->tail + n->tlen, s, len);
	n->tlen += len;
	return 0;
}

/* Whether the extension of N at DOT is exactly EXT (given without dot). */
static int
name_ext_is(const struct name *n, size_t dot, const char *ext)
{
	size_t i, len;

	len = name_len(n);
	if (dot >= len || len - dot - 1 != strlen(ext))
		return 0;
	for (i = 0; dot + 1 + i < len; i++)
		if (name_at(n, dot + 1 + i) != (unsigned char)ext[i])
			return 0;
	return 1;
}

/*
 * Copy the extension of N at DOT, without the dot, lower-cased as
 * str.lower() does for what can become ASCII (A-Z, and U+212A KELVIN SIGN,
 * "\xe2\x84\xaa", which becomes "k") into DST: 0, or -1 when it does not
 * fit (then no table can hold it).  No extension gives "".
 */
static int
name_ext_lower(const struct name *n, size_t dot, char *dst, size_t size)
{
	size_t i, o, len;
	unsigned char c;

	len = name_len(n);
	o = 0;
	for (i = dot + 1; i < len; i++) {
		c = name_at(n, i);
		if (c == 0xe2 && i + 2 < len && name_at(n, i + 1) == 0x84 &&
		    name_at(n, i + 2) == 0xaa) {
			c = 'k';
			i += 2;
		} else if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (o + 1 >= size)
			return -1;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

/* SimpleHTTPRequestHandler.extensions_map: the exact extension, then the
 * lower-cased one; NULL when neither is there. */
static const char *
simple_guess(const struct name *n)
{
	char key[MIME_WORD_MAX + 1];
	size_t dot, i;

	dot = name_splitext(n);
	for (i = 0; i < N_SIMPLE; i++)
		if (name_ext_is(n, dot, simple_types[i].ext))
			return simple_types[i].type;
	if (name_ext_lower(n, dot, key, sizeof(key)) == -1)
		return NULL;
	for (i = 0; i < N_SIMPLE; i++)
		if (strcmp(key, simple_types[i].ext) == 0)
			return simple_types[i].type;
	return NULL;
}

/* The suffix_map replacement for the lower-cased extension KEY, or NULL. */
static const char *
suffix_lookup(const char *key)
{
	size_t i;

	for (i = 0; i < N_SUFFIX; i++)
		if (strcmp(key, suffix_map[i].ext) == 0)
			return suffix_map[i].replacement;
	return NULL;
}

/* Whether N's extension at DOT is an encodings_map key (case-sensitive). */
static int
is_encoding(const struct name *n, size_t dot)
{
	size_t i;

	for (i = 0; i < N_ENCODINGS; i++)
		if (name_ext_is(n, dot, encodings[i]))
			return 1;
	return 0;
}

/* mimetypes.MimeTypes.guess_type(url, strict=True)[0] for N with the
 * types of M (NULL: the built-in ones), or NULL. */
static const char *
mimetypes_guess(const struct hs_mime *m, struct name *n)
{
	char key[MIME_WORD_MAX + 1];
	const char *replacement;
	size_t dot;
	int i;

	dot = name_splitext(n);
	/* "while ext.lower() in suffix_map": ".tgz" becomes ".tar.gz". */
	for (i = 0; i < SUFFIX_LOOPS; i++) {
		if (name_ext_lower(n, dot, key, sizeof(key)) == -1)
			break;
		if ((replacement = suffix_lookup(key)) == NULL)
			break;
		name_truncate(n, dot);
		if (name_append(n, replacement) == -1)
			return NULL;
		dot = name_splitext(n);
	}
	/* One encoding suffix is dropped: "a.txt.br" is text/plain. */
	if (is_encoding(n, dot)) {
		name_truncate(n, dot);
		dot = name_splitext(n);
	}
	/* 3.11.2 looks the type up lower-cased only. */
	if (name_ext_lower(n, dot, key, sizeof(key)) == -1 || key[0] == '\0')
		return NULL;
	return types_lookup(m, key);
}

/* The type PATH's name gives by the types of M (NULL: the built-in
 * ones), or NULL when it gives none. */
const char *
hs_mime_known_type(const struct hs_mime *m, const char *path)
{
	struct name n;
	const char *type;

	if (path == NULL)
		return NULL;
	name_init(&n, path);
	if ((type = simple_guess(&n)) != NULL)
		return type;
	return mimetypes_guess(m, &n);
}

/* SimpleHTTPRequestHandler.guess_type(): the Content-type of PATH by the
 * types of M, or by the built-in ones alone when M is NULL. */
const char *
hs_mime_guess_type(const struct hs_mime *m, const char *path)
{
	const char *type = hs_mime_known_type(m, path);

	return type != NULL ? type : OCTET_STREAM;
}

/* The Content-type of PATH by the built-in table. */
const char *
hs_guess_type(const char *path)
{
	return hs_mime_guess_type(NULL, path);
}
