/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cgi.c - libFuzzer target for the pure parts of the CGI handler:
 * the header section a script prints (src/cgi_head.c:
 * hs_cgi_head_end(), hs_cgi_parse_head()) and the request paths that name
 * scripts (src/cgi_path.c: hs_cgi_collapse_path(), hs_cgi_match()).
 *
 * The input is used twice.  First as a script's output: the end of its
 * header section must be the first empty line, found alike in every
 * prefix, and a section that parses must give spans inside it that keep
 * the rules of cgi_head.h.  Then, up to its first NUL, as a request path:
 * its collapsed form must be what Python's _url_collapse_path() builds (a
 * plain model of it here), hold no "." or ".." segment and no empty one
 * but the leading "//" form, collapse to itself again when no '?' or %XX
 * escape could change it, and fit buffers as cgi_path.h promises; the CGI
 * directory match must agree with is_cgi()'s loop.  Any violated
 * invariant calls abort().
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

#include "http/cgi_head.h"
#include "http/cgi_path.h"
#include "fuzz_util.h"

/* Inputs shorter than this also have each prefix's head end checked. */
#define PREFIX_MAX 512
/* Bytes after a buffer that no call may write to. */
#define CANARY 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* CGIHTTPRequestHandler.cgi_directories. */
static const char *const python_dirs[] = { "/cgi-bin", "/htbin", NULL };

/*
 * An exactly sized heap copy of the LEN bytes at DATA, so that
 * AddressSanitizer catches a read past LEN (for 0 bytes, one NUL).
 */
static char *
copy(const uint8_t *data, size_t len)
{
	char *p = fuzz_xmalloc(len);

	if (len > 0)
		memcpy(p, data, len);
	else
		p[0] = '\0';
	return p;
}

/*
 * The model of hs_cgi_head_end(): the first line (starting at 0 or after
 * an LF) that is just LF or CR LF ends the section; 0 if none does.
 */
static size_t
model_head_end(const char *buf, size_t len)
{
	size_t s;

	for (s = 0; s < len; s++) {
		if (s > 0 && buf[s - 1] != '\n')
			continue;
		if (buf[s] == '\n')
			return s + 1;
		if (buf[s] == '\r' && s + 1 < len && buf[s + 1] == '\n')
			return s + 2;
	}
	return 0;
}

/* Is C an RFC 9110 token character? */
static int
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Is the N bytes at S the name WANT, ignoring case (C locale)? */
static int
name_is(const char *s, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(s, want, n) == 0;
}

/* Abort unless the span P (N bytes) lies within BUF[0..LEN). */
static void
check_inside(const char *p, size_t n, const char *buf, size_t len)
{
	if (p == NULL || p < buf || p > buf + len ||
	    n > (size_t)(buf + len - p))
		abort();
}

/*
 * Abort if the N bytes at P hold a control character other than HTAB
 * (CR, LF and NUL among them), or, with TRIMMED, start or end with SP or
 * HTAB.
 */
static void
check_text(const char *p, size_t n, int trimmed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			abort();
	}
	if (trimmed && n > 0 && (p[0] == ' ' || p[0] == '\t' ||
	    p[n - 1] == ' ' || p[n - 1] == '\t'))
		abort();
}

/*
 * A header section BUF (LEN bytes, up to its empty line) that parsed into
 * H: every span inside it, fields in order, each a token name at the
 * start of a line with its ':' after it and a trimmed value; Status out of
 * the fields, Location and Content-Type among them, one of the three.
 */
static void
check_parsed(const struct hs_cgi_head *h, const char *buf, size_t len)
{
	const struct hs_cgi_field *f;
	size_t i, k, locations = 0;
	int content_type = 0;

	if (h->head_len != len || h->nfields > HS_CGI_MAX_FIELDS)
		abort();
	if (h->status != 0 && (h->status < 200 || h->status > 599))
		abort();
	if (h->status == 0 && h->location == NULL && !h->content_type)
		abort();
	if (h->reason != NULL) {
		check_inside(h->reason, h->reason_len, buf, len);
		check_text(h->reason, h->reason_len, 0);
	} else if (h->reason_len != 0) {
		abort();
	}
	if (h->location != NULL) {
		check_inside(h->location, h->location_len, buf, len);
		check_text(h->location, h->location_len, 1);
		if (h->location_len == 0)
			abort();
	}
	for (i = 0; i < h->nfields; i++) {
		f = &h->fields[i];
		check_inside(f->name, f->name_len, buf, len);
		check_inside(f->value, f->value_len, buf, len);
		if (f->name_len == 0 || (f->name != buf && f->name[-1] != '\n'))
			abort();
		for (k = 0; k < f->name_len; k++)
			if (!is_tchar((unsigned char)f->name[k]))
				abort();
		if (f->name[f->name_len] != ':' ||
		    f->value <= f->name + f->name_len)
			abort();
		check_text(f->value, f->value_len, 1);
		if (i > 0 && f->name <= h->fields[i - 1].value +
		    h->fields[i - 1].value_len)
			abort();
		if (name_is(f->name, f->name_len, "Status"))
			abort();
		if (name_is(f->name, f->name_len, "Content-Type"))
			content_type = 1;
		if (name_is(f->name, f->name_len, "Location")) {
			if (f->value != h->location ||
			    f->value_len != h->location_len)
				abort();
			locations++;
		}
	}
	if (content_type != (h->content_type != 0))
		abort();
	if (locations != (h->location != NULL ? 1 : 0))
		abort();
}

/*
 * The input as a script's output.  hs_cgi_head_end() finds the first
 * empty line, in the whole input and (short inputs) in every prefix; the
 * section up to it either fails to parse or keeps check_parsed()'s rules,
 * and no other length parses.
 */
static void
check_head(const uint8_t *data, size_t size)
{
	struct hs_cgi_head h, h2;
	size_t end, k, got;
	char *buf;
	int rc;

	buf = copy(data, size);
	end = hs_cgi_head_end(buf, size);
	if (end != model_head_end(buf, size) || end > size)
		abort();
	if (end != 0 && buf[end - 1] != '\n')
		abort();
	free(buf);
	if (size < PREFIX_MAX) {
		/* Each prefix: nothing before END, END from there on. */
		for (k = 0; k < size; k++) {
			buf = copy(data, k);
			got = hs_cgi_head_end(buf, k);
			if (got != (end != 0 && k >= end ? end : 0))
				abort();
			free(buf);
		}
	}

	/* The whole input parses only if it ends at its first empty line. */
	memset(&h2, 0xa5, sizeof(h2));
	if (hs_cgi_parse_head((const char *)data, size, &h2) == 0 &&
	    end != size)
		abort();
	if (end == 0)
		return;

	buf = copy(data, end);
	memset(&h, 0xa5, sizeof(h));
	rc = hs_cgi_parse_head(buf, end, &h);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == 0)
		check_parsed(&h, buf, end);
	free(buf);
}

/*
 * A plain model of _url_collapse_path() for the NUL-terminated PATH: the
 * part before the first '?', %XX-decoded whole (-1 for a decoded NUL),
 * split at '/'; empty and "." parts dropped, ".." dropping the part kept
 * before it (-1 if none is), the last part the tail; then "/" + the head
 * parts joined by '/' + "/" + the tail.  DST has strlen(PATH) + 3 bytes;
 * *POPPED tells whether a ".." removed a part.  Returns the length.
 */
static ssize_t
model_collapse(char *dst, const char *path, int *popped)
{
	size_t end = strcspn(path, "?"), dlen = 0, i, s, e, nhead = 0, n;
	size_t *starts, *lens, tail_start, tail_len;
	char *d;
	ssize_t rc = -1;

	d = fuzz_xmalloc(end);
	for (i = 0; i < end; ) {
		if (path[i] == '%' && end - i >= 3 &&
		    strchr("0123456789abcdefABCDEF", path[i + 1]) != NULL &&
		    strchr("0123456789abcdefABCDEF", path[i + 2]) != NULL) {
			char hex[3] = { path[i + 1], path[i + 2], '\0' };

			d[dlen++] = (char)strtoul(hex, NULL, 16);
			i += 3;
		} else {
			d[dlen++] = path[i++];
		}
	}
	starts = fuzz_xmalloc((dlen + 1) * sizeof(*starts));
	lens = fuzz_xmalloc((dlen + 1) * sizeof(*lens));
	*popped = 0;
	if (memchr(d, '\0', dlen) != NULL)
		goto out;
	/* Every part but the last: the head. */
	for (s = 0; ; s = e + 1) {
		for (e = s; e < dlen && d[e] != '/'; e++)
			continue;
		if (e == dlen)
			break;
		if (e - s == 2 && d[s] == '.' && d[s + 1] == '.') {
			if (nhead == 0)
				goto out;
			nhead--;
			*popped = 1;
		} else if (e > s && !(e - s == 1 && d[s] == '.')) {
			starts[nhead] = s;
			lens[nhead++] = e - s;
		}
	}
	tail_start = s;
	tail_len = dlen - s;
	if (tail_len == 2 && d[s] == '.' && d[s + 1] == '.') {
		if (nhead == 0)
			goto out;
		nhead--;
		*popped = 1;
		tail_len = 0;
	} else if (tail_len == 1 && d[s] == '.') {
		tail_len = 0;
	}
	n = 0;
	dst[n++] = '/';
	for (i = 0; i < nhead; i++) {
		if (i > 0)
			dst[n++] = '/';
		memcpy(dst + n, d + starts[i], lens[i]);
		n += lens[i];
	}
	dst[n++] = '/';
	memcpy(dst + n, d + tail_start, tail_len);
	n += tail_len;
	dst[n] = '\0';
	rc = (ssize_t)n;
out:
	free(lens);
	free(starts);
	free(d);
	return rc;
}

/* Does S hold a "%XX" escape that decoding would change? */
static int
has_escape(const char *s)
{
	for (; (s = strchr(s, '%')) != NULL; s++)
		if (s[1] != '\0' && strchr("0123456789abcdefABCDEF",
		    s[1]) != NULL && s[2] != '\0' &&
		    strchr("0123456789abcdefABCDEF", s[2]) != NULL)
			return 1;
	return 0;
}

/*
 * hs_cgi_match() of S with DIRS against is_cgi()'s loop: the shortest
 * prefix ending just before a '/' (past offset 0) that is one of DIRS.
 */
static void
check_match(const char *s, const char *const *dirs)
{
	size_t head_len = (size_t)-1, want = 0, j, k;
	int m, found = 0;

	for (j = 1; s[0] != '\0' && s[j] != '\0' && !found; j++) {
		if (s[j] != '/')
			continue;
		for (k = 0; dirs != NULL && dirs[k] != NULL; k++) {
			if (strlen(dirs[k]) == j &&
			    memcmp(dirs[k], s, j) == 0) {
				found = 1;
				want = j;
			}
		}
	}
	m = hs_cgi_match(s, dirs, &head_len);
	if (m != found)
		abort();
	if (!m) {
		if (head_len != (size_t)-1)
			abort();
		return;
	}
	if (head_len != want || head_len == 0 || head_len >= strlen(s) ||
	    s[head_len] != '/')
		abort();
	for (k = 0; dirs[k] != NULL; k++)
		if (strlen(dirs[k]) == head_len &&
		    memcmp(dirs[k], s, head_len) == 0)
			break;
	if (dirs[k] == NULL)
		abort();
}

/*
 * The shape of a collapsed path OUT (LEN bytes): it starts with '/', has
 * no "." or ".." segment, and no empty one but the second of a leading
 * "//" (Python's form when no head segment is left).
 */
static void
check_shape(const char *out, size_t len)
{
	size_t s, e;

	if (len < 2 || out[0] != '/' || strlen(out) != len)
		abort();
	if (strstr(out + 1, "//") != NULL)
		abort();
	for (s = 1; s <= len; s = e + 1) {
		for (e = s; e < len && out[e] != '/'; e++)
			continue;
		if ((e - s == 1 && out[s] == '.') ||
		    (e - s == 2 && out[s] == '.' && out[s + 1] == '.'))
			abort();
	}
}

/*
 * hs_cgi_collapse_path() into a buffer of SIZE bytes followed by a
 * canary: nothing may be written past SIZE.  Returns the result (or -1,
 * errno set); *OUT gets the buffer.
 */
static ssize_t
collapse_into(char **out, size_t size, const char *path)
{
	unsigned char *buf = fuzz_xmalloc(size + CANARY);
	ssize_t r;
	size_t i;

	memset(buf, 0xa5, size + CANARY);
	errno = 0;
	r = hs_cgi_collapse_path((char *)buf, size, path);
	for (i = size; i < size + CANARY; i++)
		if (buf[i] != 0xa5)
			abort();
	*out = (char *)buf;
	return r;
}

/*
 * The input, up to its first NUL, as a request path: hs_cgi_collapse_path()
 * with strlen + 3 bytes fails only with EINVAL, and gives the model's
 * result, of the right shape, a fixed point when nothing in it decodes;
 * smaller buffers fail with ENAMETOOLONG (always when they cannot hold
 * the result, never when they can and no ".." removed a segment) or give
 * the same result.  Then the CGI directory match of the raw path and of
 * the result.
 */
static void
check_path(const uint8_t *data, size_t size, uint64_t h)
{
	size_t len = strnlen((const char *)data, size), sizes[5], i;
	char *path, *out, *want, *again, *small;
	ssize_t r, m, r2;
	int popped, err;

	path = fuzz_xmalloc(len + 1);
	memcpy(path, data, len);
	path[len] = '\0';
	r = collapse_into(&out, len + 3, path);
	err = errno;
	want = fuzz_xmalloc(len + 3);
	m = model_collapse(want, path, &popped);
	if (r < 0) {
		if (r != -1 || err != EINVAL || m != -1)
			abort();
	} else {
		if ((size_t)r >= len + 3 || m != r ||
		    memcmp(out, want, (size_t)r + 1) != 0)
			abort();
		check_shape(out, (size_t)r);
		if (strchr(out, '?') == NULL && !has_escape(out)) {
			r2 = collapse_into(&again, (size_t)r + 3, out);
			if (r2 != r || strcmp(again, out) != 0)
				abort();
			free(again);
		}
		check_match(out, python_dirs);
		check_match(out, NULL);
	}
	check_match(path, python_dirs);

	sizes[0] = 0;
	sizes[1] = 1;
	sizes[2] = r >= 0 ? (size_t)r : 2;
	sizes[3] = r >= 0 ? (size_t)r + 1 : 3;
	sizes[4] = (size_t)(h % (len + 3));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		r2 = collapse_into(&small, sizes[i], path);
		err = errno;
		if (r2 == -1) {
			if (err != ENAMETOOLONG && !(err == EINVAL && r == -1))
				abort();
			if (r >= 0 && sizes[i] > (size_t)r && !popped)
				abort();
		} else if (r < 0 || r2 != r || sizes[i] <= (size_t)r ||
		    memcmp(small, out, (size_t)r + 1) != 0) {
			abort();
		}
		free(small);
	}
	free(want);
	free(out);
	free(path);
}

/* libFuzzer's entry point: the input is a script's output, then a path. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_head(data, size);
	check_path(data, size, fuzz_hash(data, size));
	return 0;
}
