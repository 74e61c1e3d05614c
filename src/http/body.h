/* SPDX-License-Identifier: MIT */
/*
 * body.h - request body framing and the chunked decoder (pure).
 *
 * Python's BaseHTTPRequestHandler leaves the body to each do_METHOD, and a
 * handler that ignores it lets the body be read as the next request.  We
 * decide the framing of every request once, from its head, and read or
 * discard the body before the next request is parsed.
 */
#ifndef HS_BODY_H
#define HS_BODY_H

#include <stddef.h>

#include "http/parse.h"

enum hs_body_kind {
	HS_FRAMING_NONE = 0,	/* no body */
	HS_FRAMING_LENGTH,	/* Content-Length bytes */
	HS_FRAMING_CHUNKED	/* Transfer-Encoding: chunked */
};

struct hs_framing {
	enum hs_body_kind kind;
	unsigned long long length;	/* LENGTH; ULLONG_MAX if it overflowed */
	int status;			/* 0, or 400 / 501 to answer with */
	const char *message;		/* the error's message */
};

/*
 * Decide how the body of the request parsed into HEAD (from BUF) is framed,
 * per RFC 9112 section 6.3.  Refused with 400 and a closed connection, so
 * no two parties can read one byte stream two ways (request smuggling):
 * Transfer-Encoding in a request older than HTTP/1.1, Transfer-Encoding
 * together with Content-Length, chunked missing or not last, more than one
 * Content-Length field, a Content-Length that is not digits.  A transfer
 * coding other than chunked gets 501.  Returns 0, or -1 with OUT->status.
 */
int hs_body_framing(const struct hs_head *head, const char *buf,
    struct hs_framing *out);

/*
 * Read a Content-Length value, 1*DIGIT (RFC 9110 section 8.6; leading
 * zeros allowed), from the LEN bytes at S into *LENGTH.  Returns 0, or -1
 * when S is not 1*DIGIT: empty, signed, a list, spaced.
 *
 * The one reading of the field, for request framing, for what a handler
 * declares (hs_send_header()) and for what a CGI script declares, with
 * one overflow policy: a value too large for unsigned long long saturates
 * at ULLONG_MAX.  Never wrapped or cut to fewer digits, it is never read
 * as a smaller length: a request's is beyond any body limit (413), and a
 * response can never send that many bytes, so it ends short and its
 * connection closes.
 */
int hs_parse_content_length(const char *s, size_t len,
    unsigned long long *length);

/* The chunked transfer coding decoder of RFC 9112 section 7.1. */
struct hs_chunked {
	int state;
	unsigned long long remaining;	/* bytes left in this chunk */
	int digits;			/* hex digits of the chunk size */
	size_t line_len;		/* bytes of the current size line */
	size_t trailer_len;		/* bytes of the trailer section */
};

enum hs_chunked_status {
	HS_CHUNKED_MORE = 0,	/* all input used, body not finished */
	HS_CHUNKED_DATA,	/* a run of body bytes: see DATA_OFF/LEN */
	HS_CHUNKED_DONE,	/* last chunk and trailers read */
	HS_CHUNKED_ERROR	/* malformed: answer 400 and close */
};

void hs_chunked_init(struct hs_chunked *c);

/*
 * Decode from BUF[0..LEN).  Stops after a run of body bytes (returned as
 * DATA with their place in BUF), at the end of the body, at an error, or
 * when the input is used up.  *USED gets the bytes consumed in every case.
 * Chunk extensions and trailer fields are checked and discarded.
 */
enum hs_chunked_status hs_chunked_parse(struct hs_chunked *c,
    const char *buf, size_t len, size_t *used, size_t *data_off,
    size_t *data_len);

#endif /* HS_BODY_H */
