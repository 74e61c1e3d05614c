/* SPDX-License-Identifier: MIT */
/*
 * cgi_head.c - the header section a CGI script prints before its body
 * (pure; see cgi_head.h).
 *
 * The script is not a client, but its output reaches one: whatever the
 * section holds becomes part of our response head.  So it is held to the
 * rules a request head is (parse.c): token names, no folding, no control
 * characters, bounded size and count, and on top RFC 3875's own rules for
 * Status and Location.
 *
 *   Status: 404 Not Found\n          <- our status line, not a field
 *   Content-Type: text/plain\r\n     <- passed on, in order
 *   \n                               <- end of section; the body follows
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/cgi_head.h"

#include <string.h>

#include "http/chars.h"

/*
 * Where the line starting at BUF[START] ends, BUF holding LEN bytes: *NEXT
 * is set past its LF and the return value is its length without the LF
 * and one CR before it.  Returns (size_t)-1 when no LF has arrived.
 */
static size_t
line_len(const char *buf, size_t len, size_t start, size_t *next)
{
	const char *lf = memchr(buf + start, '\n', len - start);
	size_t end;

	if (lf == NULL)
		return (size_t)-1;
	end = (size_t)(lf - buf);
	*next = end + 1;
	if (end > start && buf[end - 1] == '\r')
		end--;
	return end - start;
}

/* hs_cgi_head_end(); see cgi_head.h.  The first empty line ends it. */
size_t
hs_cgi_head_end(const char *buf, size_t len)
{
	size_t start = 0, next, n;

	while (start < len) {
		n = line_len(buf, len, start, &next);
		if (n == (size_t)-1)
			return 0;
		if (n == 0)
			return next;
		start = next;
	}
	return 0;
}

/*
 * "Status: NNN reason" (RFC 3875 section 6.3.3): exactly three digits,
 * a final status (200..599: a script cannot send 1xx interim answers
 * through us), then nothing or SP and the reason.  The value's control
 * characters were refused already, so the reason is whatever follows.
 */
static int
parse_status(struct hs_cgi_head *h, const char *v, size_t n)
{
	int i;

	if (h->status != 0 || n < 3)
		return -1;
	if (v[0] < '2' || v[0] > '5')
		return -1;
	for (i = 1; i < 3; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
	}
	if (n > 3 && v[3] != ' ')
		return -1;
	h->status = (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
	h->reason = n > 3 ? v + 4 : v + 3;
	h->reason_len = n > 3 ? n - 4 : 0;
	return 0;
}

/*
 * Check one field line (LINE, N bytes, without its line ending) and record
 * it in H.  The value's whitespace is trimmed only after the whole of it
 * was checked for control characters, so none hides at its edges.
 */
static int
parse_field(struct hs_cgi_head *h, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n);
	const char *v;
	size_t name_len, vstart, vend, vlen;
	struct hs_cgi_field *f;

	if (colon == NULL)
		return -1;
	/* A line starting with SP or HTAB (folding) has no token name. */
	name_len = (size_t)(colon - line);
	if (!hs_is_token(line, name_len) ||
	    !hs_is_field_text(colon + 1, n - name_len - 1))
		return -1;
	vstart = name_len + 1;
	vend = n;
	hs_trim_ows(line, &vstart, &vend);
	v = line + vstart;
	vlen = vend - vstart;

	if (hs_name_is(line, name_len, "Status"))
		return parse_status(h, v, vlen);
	if (hs_name_is(line, name_len, "Location")) {
		if (h->location != NULL || vlen == 0)
			return -1;
		h->location = v;
		h->location_len = vlen;
	} else if (hs_name_is(line, name_len, "Content-Type")) {
		h->content_type = 1;
	}
	if (h->nfields == HS_CGI_MAX_FIELDS)
		return -1;
	f = &h->fields[h->nfields++];
	f->name = line;
	f->name_len = name_len;
	f->value = v;
	f->value_len = vlen;
	return 0;
}

/* hs_cgi_parse_head(); see cgi_head.h.  Every line up to the empty one. */
int
hs_cgi_parse_head(const char *buf, size_t head_len, struct hs_cgi_head *h)
{
	size_t start = 0, next = 0, n;

	h->status = 0;
	h->reason = NULL;
	h->reason_len = 0;
	h->location = NULL;
	h->location_len = 0;
	h->content_type = 0;
	h->nfields = 0;
	h->head_len = 0;
	if (head_len > HS_CGI_MAX_HEAD)
		return -1;
	for (;;) {
		if (start >= head_len)
			return -1;
		n = line_len(buf, head_len, start, &next);
		if (n == (size_t)-1)
			return -1;
		if (n == 0)
			break;
		if (parse_field(h, buf + start, n) < 0)
			return -1;
		start = next;
	}
	if (next != head_len)
		return -1;
	if (h->status == 0 && h->location == NULL && !h->content_type)
		return -1;
	h->head_len = head_len;
	return 0;
}
