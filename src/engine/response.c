/* SPDX-License-Identifier: MIT */
/*
 * response.c - the write side of a request: send_response, send_header,
 * end_headers, send_error and the body, as BaseHTTPRequestHandler has
 * them, plus the guard rails Python lacks.
 *
 * The status line and headers collect in the request's headers_out buffer
 * (Python's _headers_buffer).  end_headers() ends them there; they move to
 * the socket's output buffer with the first body bytes, room for both
 * reserved first (commit()), or when the response completes.  So a
 * response is committed only once it can be sent: when memory runs out
 * before, nothing has left and the response becomes a 500, never a head
 * promising a body that does not follow.  The connection writes the output
 * once our callback returns, so a head and a small body leave in one
 * writev(): no 40 ms delayed-ACK stall between them.
 *
 * Misuse is refused with EINVAL rather than corrupting the byte stream: a
 * second response, a header after the blank line, a body on HEAD, 1xx, 204
 * or 304, CR or LF inside a header (response splitting), or more body than
 * the declared Content-Length.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "engine/response.h"
#include "engine/loop.h"
#include "engine/reqlog.h"
#include "engine/request.h"
#include "engine/settings.h"
#include "engine/transport.h"
#include "http/body.h"
#include "http/chars.h"
#include "http/errpage.h"
#include "http/escape.h"
#include "http/hs_limits.h"
#include "http/out.h"

/* Is the client still there?  Sets EPIPE when not. */
static int
alive(const struct hs_request *req)
{
	if (req->io == NULL || req->st.aborted) {
		errno = EPIPE;
		return 0;
	}
	return 1;
}

/* The socket's output buffer. */
static struct evbuffer *
output(struct hs_request *req)
{
	return req->ops->output(req->io);
}

/* Refuse a call made out of order. */
static int
misuse(void)
{
	errno = EINVAL;
	return -1;
}

/* Can S appear inside one line of a response head?  No CR, LF or other
 * control character but HTAB: that is how response splitting starts. */
static int
is_field_text(const char *s)
{
	return hs_is_field_text(s, strlen(s));
}

/* Is S a token (a valid header name)? */
static int
is_token(const char *s)
{
	return hs_is_token(s, strlen(s));
}

/* Append the NUL-terminated strings of the NULL-terminated list to the
 * head being built (nothing for an HTTP/0.9 request, which gets none). */
static int
head_append(struct hs_request *req, const char *first, ...)
{
	struct hs_buf *b = &req->headers_out;
	size_t mark = b->len;
	const char *s;
	va_list ap;

	if (req->st.simple)
		return 0;
	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *)) {
		if (hs_buf_append(b, s, strlen(s)) != 0) {
			va_end(ap);
			b->len = mark;
			return -1;
		}
	}
	va_end(ap);
	return 0;
}

/* Move the head built so far to the socket's output buffer. */
static int
head_queue(struct hs_request *req)
{
	struct hs_buf *b = &req->headers_out;

	if (b->len == 0)
		return 0;
	if (evbuffer_add(output(req), b->data, b->len) != 0)
		return -1;
	b->len = 0;
	req->st.header_bytes_queued = 1;
	return 0;
}

/*
 * Queue the held head with room for EXTRA body bytes behind it reserved
 * first: either both can be queued or nothing is (ENOMEM, and the
 * response is not committed: hs_response_complete() makes it a 500).
 */
static int
commit(struct hs_request *req, size_t extra)
{
	size_t head = req->headers_out.len;

	if (head == 0)
		return 0;
	if (extra > SIZE_MAX - head ||
	    evbuffer_expand(output(req), head + extra) != 0 ||
	    head_queue(req) != 0) {
		req->st.commit_failed = 1;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Is the request a HEAD? */
int
hs_request_is_head(const struct hs_request *req)
{
	return strcmp(req->st.command, "HEAD") == 0;
}

/* May a response with CODE and MESSAGE (NULL: the standard phrase)
 * begin?  Sets errno when not. */
static int
response_may_begin(const struct hs_request *req, int code,
    const char *message)
{
	if (!alive(req))
		return 0;
	if (req->st.phase != HS_RESP_NONE || code < 100 || code > 999 ||
	    (message != NULL && !is_field_text(message))) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

/* The status line of a response that may begin. */
static int
status_line(struct hs_request *req, int code, const char *message)
{
	/* " CODE ": a space, three digits, a space and the NUL. */
	char num[sizeof(" 999 ")];
	struct hs_out o;

	if (message == NULL)
		message = hs_response_phrase(code);
	if (message == NULL)
		message = "";
	hs_out_init(&o, num, sizeof(num));
	hs_out_byte(&o, ' ');
	hs_out_uint(&o, (unsigned)code);
	hs_out_byte(&o, ' ');
	(void)hs_out_finish(&o);
	if (head_append(req, req->set->protocol_minor ? "HTTP/1.1" :
	    "HTTP/1.0", num, message, "\r\n", (const char *)NULL) != 0)
		return -1;
	req->st.code = code;
	req->st.phase = HS_RESP_STATUS;
	/* No content for 1xx, 204, 205 and 304 (RFC 9110 section 15). */
	req->st.body_forbidden = code < 200 || code == 204 || code == 205 ||
	    code == 304 || hs_request_is_head(req);
	return 0;
}

/* The status line only; see httpserve.h. */
int
hs_send_response_only(struct hs_request *req, int code, const char *message)
{
	if (!response_may_begin(req, code, message))
		return -1;
	return status_line(req, code, message);
}

/* send_response(): log, status line, Server and Date. */
int
hs_send_response(struct hs_request *req, int code, const char *message)
{
	const struct hs_settings *set = req->set;

	if (!response_may_begin(req, code, message))
		return -1;
	hs_log_request(req, code);
	if (status_line(req, code, message) != 0 ||
	    hs_send_header(req, "Server", set->version_string) != 0 ||
	    hs_send_header(req, "Date", hs_time_cache_http(&req->loop->scratch.date,
	    time(NULL))) != 0)
		return -1;
	return 0;
}

/* Read a Content-Length value the handler gives, as a request's is. */
static int
parse_length(const char *value, unsigned long long *length)
{
	return hs_parse_content_length(value, strlen(value), length);
}

/* Note what a header the handler sends means for the framing. */
static int
track_header(struct hs_request *req, const char *keyword, const char *value)
{
	if (strcasecmp(keyword, "Connection") == 0) {
		/* send_header() sets close_connection from these two. */
		req->st.connection_header = 1;
		if (strcasecmp(value, "close") == 0)
			req->st.close_connection = 1;
		else if (strcasecmp(value, "keep-alive") == 0)
			req->st.close_connection = 0;
	} else if (strcasecmp(keyword, "Content-Length") == 0) {
		if (req->st.have_length ||
		    parse_length(value, &req->st.length) != 0)
			return -1;
		req->st.have_length = 1;
	} else if (strcasecmp(keyword, "Transfer-Encoding") == 0) {
		req->st.self_delimited = 1;
	}
	return 0;
}

/* One header line; see httpserve.h. */
int
hs_send_header(struct hs_request *req, const char *keyword, const char *value)
{
	if (!alive(req))
		return -1;
	if (req->st.phase != HS_RESP_STATUS || !is_token(keyword) ||
	    !is_field_text(value))
		return misuse();
	if (track_header(req, keyword, value) != 0)
		return misuse();
	return head_append(req, keyword, ": ", value, "\r\n",
	    (const char *)NULL);
}

/*
 * Headers the framing needs that the handler did not send.  A body with no
 * Content-Length can only end with the connection, so say so rather than
 * keep the client waiting (Python would).  An HTTP/1.0 client must be told
 * the connection stays open (RFC 9112 appendix C.2.2), or it waits for our
 * close.
 */
static int
add_framing_headers(struct hs_request *req)
{
	int body_possible = !req->st.body_forbidden;

	if (body_possible && !req->st.have_length && !req->st.self_delimited)
		req->st.close_connection = 1;
	/* RFC 9112 section 9.6: say so when we close. */
	if (req->st.close_connection && !req->st.connection_header)
		return head_append(req, "Connection: close\r\n",
		    (const char *)NULL);
	if (!req->st.close_connection && !req->st.connection_header &&
	    req->st.major == 1 && req->st.minor == 0)
		return head_append(req, "Connection: keep-alive\r\n",
		    (const char *)NULL);
	return 0;
}

/* The blank line ending the headers, and the head leaves for the client. */
int
hs_end_headers(struct hs_request *req)
{
	if (!alive(req))
		return -1;
	if (req->st.phase != HS_RESP_STATUS)
		return misuse();
	if (req->st.code < 200) {
		/* An interim response: the final one is still to come. */
		if (head_append(req, "\r\n", (const char *)NULL) != 0 ||
		    head_queue(req) != 0)
			return -1;
		req->st.phase = HS_RESP_NONE;
		req->st.interim_sent = 1;
		return 0;
	}
	if (add_framing_headers(req) != 0 ||
	    head_append(req, "\r\n", (const char *)NULL) != 0)
		return -1;
	req->st.phase = HS_RESP_BODY;	/* the head waits for the body */
	return 0;
}

/* Queue the headers so far without ending them. */
int
hs_flush_headers(struct hs_request *req)
{
	if (!alive(req))
		return -1;
	if (req->st.phase != HS_RESP_STATUS)
		return misuse();
	return head_queue(req);
}

/* May LEN more body bytes be queued?  Sets errno when not. */
static int
body_allowed(struct hs_request *req, unsigned long long len)
{
	if (!alive(req))
		return 0;
	if (req->st.phase != HS_RESP_BODY || req->st.body_forbidden) {
		errno = EINVAL;
		return 0;
	}
	if (req->st.have_length && len > req->st.length - req->st.written) {
		/* The client would read our excess as the next response. */
		req->st.close_connection = 1;
		errno = EMSGSIZE;
		return 0;
	}
	return 1;
}

/* Body bytes, copied. */
int
hs_write(struct hs_request *req, const void *data, size_t len)
{
	if (!body_allowed(req, len))
		return -1;
	if (len == 0)
		return 0;
	if (commit(req, len) != 0)
		return -1;
	if (evbuffer_add(output(req), data, len) != 0) {
		req->st.close_connection = 1;
		return -1;
	}
	req->st.written += len;
	return 0;
}

/*
 * Read a small file straight into the output buffer behind the head, so
 * both leave in one write (sendfile() would need a second one).
 */
static int
send_file_inline(struct evbuffer *out, int fd, off_t offset, size_t length)
{
	struct evbuffer_iovec vec[2];
	size_t got = 0;
	int n, i;

	n = evbuffer_reserve_space(out, (ev_ssize_t)length, vec, 2);
	if (n < 1)
		return -1;
	for (i = 0; i < n && got < length; i++) {
		size_t want = length - got;

		if (want > vec[i].iov_len)
			want = vec[i].iov_len;
		vec[i].iov_len = 0;
		while (vec[i].iov_len < want) {
			ssize_t r = pread(fd, (char *)vec[i].iov_base +
			    vec[i].iov_len, want - vec[i].iov_len,
			    offset + (off_t)got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				errno = r == 0 ? EIO : errno;	/* shrank */
				return -1;
			}
			vec[i].iov_len += (size_t)r;
			got += (size_t)r;
		}
	}
	return evbuffer_commit_space(out, vec, n);
}

/* LENGTH bytes of FD from OFFSET; takes ownership of FD. */
int
hs_send_file(struct hs_request *req, int fd, off_t offset, off_t length)
{
	struct evbuffer *out;
	int r;

	if (offset < 0 || length < 0) {
		close(fd);
		return misuse();
	}
	if (!body_allowed(req, (unsigned long long)length)) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	if (length == 0) {
		close(fd);
		return 0;
	}
	if (commit(req, length <= HS_INLINE_FILE_MAX ? (size_t)length : 0)
	    != 0) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	out = output(req);
	if (length <= HS_INLINE_FILE_MAX) {
		r = send_file_inline(out, fd, offset, (size_t)length);
		close(fd);
	} else {
		r = req->ops->add_file(req->io, fd, offset, length);
	}
	if (r != 0) {
		req->st.close_connection = 1;
		return -1;
	}
	req->st.written += (unsigned long long)length;
	return 0;
}

/*
 * Does an error response close the connection?  Python's send_error()
 * always closes.  We keep it open, as nginx and h2o do, when the request
 * was read whole and may be followed by another: not after a malformed
 * request (request.c and conn.c say close), nor with body bytes unread.
 */
static int
error_closes(struct hs_request *req)
{
	return req->st.close_connection || req->ops->body_unread(req->io);
}

/* send_error(); see httpserve.h. */
int
hs_send_error(struct hs_request *req, int code, const char *message,
    const char *explain)
{
	return hs_send_error_headers(req, code, message, explain, NULL);
}

/* Send the name and value pairs of HEADERS (NULL: none). */
static int
send_extra_headers(struct hs_request *req, const char *const *headers)
{
	for (; headers != NULL && headers[0] != NULL; headers += 2)
		if (headers[1] == NULL ||
		    hs_send_header(req, headers[0], headers[1]) != 0)
			return misuse();
	return 0;
}

/* send_error() with more header fields; see httpserve.h. */
int
hs_send_error_headers(struct hs_request *req, int code, const char *message,
    const char *explain, const char *const *headers)
{
	const struct hs_settings *set = req->set;
	const char *phrase = hs_response_phrase(code);
	/* "code N, message " for any int N, and the page's length. */
	char prefix[sizeof("code -2147483648, message ")];
	char length[sizeof("18446744073709551615")];
	const struct hs_buf *page = NULL;
	struct hs_out o;
	int has_body;

	if (!alive(req))
		return -1;
	if (req->st.phase != HS_RESP_NONE || code < 100 || code > 999) {
		req->st.close_connection = 1;
		return misuse();
	}
	if (message == NULL)
		message = phrase != NULL ? phrase : "???";
	if (explain == NULL)
		explain = phrase != NULL ? hs_response_explain(code) : "???";
	hs_out_init(&o, prefix, sizeof(prefix));
	hs_out_str(&o, "code ");
	hs_out_uint(&o, (unsigned)code);
	hs_out_str(&o, ", message ");
	(void)hs_out_finish(&o);
	hs_log_error_parts(req, prefix, message);
	if (hs_send_response(req, code, is_field_text(message) ? message :
	    phrase) != 0 || (error_closes(req) &&
	    hs_send_header(req, "Connection", "close") != 0) ||
	    send_extra_headers(req, headers) != 0)
		return -1;
	/* No body for 1xx, 204, 205 and 304 (RFC 9110 section 6.4.1). */
	has_body = code >= 200 && code != 204 && code != 205 && code != 304;
	if (has_body) {
		page = hs_errpage_memo_get(&req->loop->scratch.errpage,
		    set->error_format, code, message, explain);
		if (page == NULL)
			return -1;
		(void)hs_out_decimal(length, sizeof(length), page->len);
		if (hs_send_header(req, "Content-Type",
		    set->error_content_type) != 0 ||
		    hs_send_header(req, "Content-Length", length) != 0)
			return -1;
	}
	if (hs_end_headers(req) != 0)
		return -1;
	if (has_body && !req->st.body_forbidden)
		return hs_write(req, page->data, page->len);
	return 0;
}

/* Forget a response that never left (its head is held, not queued), to
 * answer with another. */
static void
response_restart(struct hs_request *req)
{
	req->headers_out.len = 0;
	req->st.phase = HS_RESP_NONE;
	req->st.code = 0;
	req->st.connection_header = 0;
	req->st.have_length = 0;
	req->st.length = 0;
	req->st.self_delimited = 0;
	req->st.written = 0;
	req->st.body_forbidden = 0;
	req->st.commit_failed = 0;
}

/* The response is complete; repair misuse (see response.h). */
void
hs_response_complete(struct hs_request *req)
{
	if (req->st.phase == HS_RESP_DONE || !alive(req))
		return;
	if (req->st.phase == HS_RESP_BODY && req->st.commit_failed &&
	    !req->st.header_bytes_queued) {
		/* Out of memory before anything left: a 500 instead. */
		hs_log_error_parts(req, "out of memory for the response to ",
		    req->st.command);
		response_restart(req);
		req->st.close_connection = 1;
		if (hs_send_error(req, 500, NULL, NULL) != 0 ||
		    commit(req, 0) != 0)
			req->st.close_connection = 1;
		req->st.phase = HS_RESP_DONE;
		return;
	}
	if (req->st.phase == HS_RESP_BODY && commit(req, 0) != 0) {
		/* Not even the head fits: nothing can be said. */
		req->st.close_connection = 1;
		req->st.phase = HS_RESP_DONE;
		return;
	}
	if (req->st.phase == HS_RESP_STATUS && !req->st.header_bytes_queued) {
		/* Headers never ended and none left: start again. */
		req->headers_out.len = 0;
		req->st.phase = HS_RESP_NONE;
	}
	if (req->st.phase == HS_RESP_NONE) {
		hs_log_error_parts(req, "handler sent no response for ",
		    req->st.command);
		/* Who knows what else the handler left undone: close. */
		req->st.close_connection = 1;
		hs_send_error(req, 500, NULL, NULL);
	} else if (req->st.phase == HS_RESP_STATUS) {
		req->st.close_connection = 1;	/* a head cut short */
	} else if (req->st.have_length && !req->st.body_forbidden &&
	    req->st.written < req->st.length) {
		req->st.close_connection = 1;	/* a body cut short */
	}
	req->st.phase = HS_RESP_DONE;
}
