/* SPDX-License-Identifier: MIT */
/*
 * body.c - request body framing and the chunked decoder (see body.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/body.h"

#include <limits.h>
#include <string.h>

#include "http/chars.h"
#include "http/hs_limits.h"

/* Does the field of HEAD at I have the name NAME (case-insensitive)? */
static int
field_is(const struct hs_head *head, const char *buf, size_t i,
    const char *name)
{
	const struct hs_span *n = &head->headers[i].name;

	return hs_name_is(buf + n->off, n->len, name);
}

/* Fail the framing with STATUS and MESSAGE. */
static int
framing_error(struct hs_framing *out, int status, const char *message)
{
	out->status = status;
	out->message = message;
	return -1;
}

/*
 * Walk the comma-separated codings of one Transfer-Encoding value,
 * counting codings and remembering whether the last one is chunked.
 */
static int
scan_codings(const char *buf, const struct hs_span *v, int *count,
    int *last_chunked, int *chunked_seen)
{
	const char *list = buf + v->off;
	size_t pos = 0, s, e;

	while (hs_list_next(list, v->len, &pos, &s, &e)) {
		/* A chunked already seen must have been last (section 6.1). */
		if (*chunked_seen)
			return -1;
		*last_chunked = hs_name_is(list + s, e - s, "chunked");
		*chunked_seen = *last_chunked;
		(*count)++;
	}
	return 0;
}

/* Read a Content-Length value: 1*DIGIT, saturating at ULLONG_MAX. */
int
hs_parse_content_length(const char *s, size_t len,
    unsigned long long *length)
{
	unsigned long long n = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		n = n > (ULLONG_MAX - d) / 10 ? ULLONG_MAX : n * 10 + d;
	}
	*length = n;
	return 0;
}

/* Decide how the body of HEAD is framed; see body.h. */
int
hs_body_framing(const struct hs_head *head, const char *buf,
    struct hs_framing *out)
{
	const struct hs_span *cl = NULL;
	int te_fields = 0, codings = 0, last_chunked = 0, chunked_seen = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (head->simple)
		return 0;	/* HTTP/0.9 has no body */
	for (i = 0; i < head->nheaders; i++) {
		if (field_is(head, buf, i, "Content-Length")) {
			if (cl != NULL)
				return framing_error(out, 400,
				    "Duplicate Content-Length");
			cl = &head->headers[i].value;
		} else if (field_is(head, buf, i, "Transfer-Encoding")) {
			te_fields++;
			if (scan_codings(buf, &head->headers[i].value,
			    &codings, &last_chunked, &chunked_seen) != 0)
				return framing_error(out, 400,
				    "Bad Transfer-Encoding");
		}
	}
	if (te_fields > 0) {
		/* RFC 9112 section 6.1: faulty framing before HTTP/1.1. */
		if (head->major < 1 || (head->major == 1 && head->minor < 1))
			return framing_error(out, 400,
			    "Transfer-Encoding before HTTP/1.1");
		if (cl != NULL)
			return framing_error(out, 400,
			    "Both Content-Length and Transfer-Encoding");
		if (!last_chunked)
			return framing_error(out, 400, "Bad Transfer-Encoding");
		if (codings > 1)
			return framing_error(out, 501,
			    "Unsupported transfer coding");
		out->kind = HS_FRAMING_CHUNKED;
		return 0;
	}
	if (cl != NULL) {
		if (hs_parse_content_length(buf + cl->off, cl->len,
		    &out->length) != 0)
			return framing_error(out, 400, "Bad Content-Length");
		out->kind = out->length > 0 ? HS_FRAMING_LENGTH :
		    HS_FRAMING_NONE;
	}
	return 0;
}

/* The decoder's states, in the order bytes meet them. */
enum {
	CH_SIZE = 0,	/* hex digits of chunk-size */
	CH_EXT,		/* chunk extensions, up to CR */
	CH_SIZE_LF,	/* LF ending the size line */
	CH_DATA,	/* chunk-data */
	CH_DATA_CR,	/* CR after chunk-data */
	CH_DATA_LF,	/* LF after chunk-data */
	CH_TRAILER,	/* start of a trailer line, or the final CRLF */
	CH_TRAILER_TEXT,/* inside a trailer line, up to CR */
	CH_TRAILER_LF,	/* LF ending a trailer line */
	CH_END_LF,	/* LF ending the body */
	CH_DONE,
	CH_ERROR
};

void
hs_chunked_init(struct hs_chunked *c)
{
	memset(c, 0, sizeof(*c));
}

/* Step the size line by one byte C; returns the next state. */
static int
step_size(struct hs_chunked *c, unsigned char ch)
{
	int v;

	if (c->state == CH_EXT) {
		if (ch == '\r')
			return CH_SIZE_LF;
		return hs_is_ctl_but_htab(ch) ? CH_ERROR : CH_EXT;
	}
	v = hs_hex_value(ch);
	if (v >= 0) {
		if (++c->digits > HS_MAX_CHUNK_SIZE_DIGITS)
			return CH_ERROR;
		c->remaining = c->remaining * 16 + (unsigned)v;
		return CH_SIZE;
	}
	if (c->digits == 0)
		return CH_ERROR;
	if (ch == '\r')
		return CH_SIZE_LF;
	/* BWS and ";" start the extensions (RFC 9112 section 7.1.1). */
	if (ch == ';' || hs_is_ows(ch))
		return CH_EXT;
	return CH_ERROR;
}

/* Step the trailer section by one byte C; returns the next state. */
static int
step_trailer(struct hs_chunked *c, unsigned char ch)
{
	if (++c->trailer_len > HS_MAX_TRAILER)
		return CH_ERROR;
	switch (c->state) {
	case CH_TRAILER:
		if (ch == '\r')
			return CH_END_LF;
		/* obs-fold is refused in trailers as in headers. */
		if (hs_is_ows(ch) || hs_is_ctl_but_htab(ch))
			return CH_ERROR;
		return CH_TRAILER_TEXT;
	case CH_TRAILER_TEXT:
		if (ch == '\r')
			return CH_TRAILER_LF;
		return hs_is_ctl_but_htab(ch) ? CH_ERROR : CH_TRAILER_TEXT;
	case CH_TRAILER_LF:
		return ch == '\n' ? CH_TRAILER : CH_ERROR;
	default:
		return CH_ERROR;
	}
}

/* Step any state but CH_DATA by the byte C; returns the next state. */
static int
step(struct hs_chunked *c, unsigned char ch)
{
	switch (c->state) {
	case CH_SIZE:
	case CH_EXT:
		if (++c->line_len > HS_MAX_CHUNK_LINE)
			return CH_ERROR;
		return step_size(c, ch);
	case CH_SIZE_LF:
		if (ch != '\n')
			return CH_ERROR;
		return c->remaining == 0 ? CH_TRAILER : CH_DATA;
	case CH_DATA_CR:
		return ch == '\r' ? CH_DATA_LF : CH_ERROR;
	case CH_DATA_LF:
		if (ch != '\n')
			return CH_ERROR;
		c->digits = 0;
		c->line_len = 0;
		return CH_SIZE;
	case CH_TRAILER:
	case CH_TRAILER_TEXT:
	case CH_TRAILER_LF:
		return step_trailer(c, ch);
	case CH_END_LF:
		return ch == '\n' ? CH_DONE : CH_ERROR;
	default:
		return CH_ERROR;
	}
}

/* Decode from BUF[0..LEN); see body.h. */
enum hs_chunked_status
hs_chunked_parse(struct hs_chunked *c, const char *buf, size_t len,
    size_t *used, size_t *data_off, size_t *data_len)
{
	size_t i = 0;

	*data_off = 0;
	*data_len = 0;
	while (i < len && c->state != CH_DONE && c->state != CH_ERROR) {
		if (c->state == CH_DATA) {
			size_t n = len - i;

			if ((unsigned long long)n > c->remaining)
				n = (size_t)c->remaining;
			c->remaining -= n;
			if (c->remaining == 0)
				c->state = CH_DATA_CR;
			*data_off = i;
			*data_len = n;
			*used = i + n;
			return HS_CHUNKED_DATA;
		}
		c->state = step(c, (unsigned char)buf[i++]);
	}
	*used = i;
	if (c->state == CH_DONE)
		return HS_CHUNKED_DONE;
	if (c->state == CH_ERROR)
		return HS_CHUNKED_ERROR;
	return HS_CHUNKED_MORE;
}
