/*
 * log.c - log lines as BaseHTTPRequestHandler writes them (see log.h), and
 * their delivery through the server's log hook.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "out.h"
#include "request.h"
#include "server.h"

/* '"%s" %s -' % (requestline, code). */
size_t
hs_log_request_message(char *dst, size_t size, const char *requestline,
    int code)
{
	struct hs_out o;
	char tail[24];

	snprintf(tail, sizeof(tail), "\" %d -", code);
	hs_out_init(&o, dst, size);
	hs_out_byte(&o, '"');
	hs_out_latin1_text(&o, requestline, strlen(requestline));
	hs_out_str(&o, tail);
	return hs_out_finish(&o);
}

/* "ADDRESS - - [DATE] MESSAGE\n" with MESSAGE escaped. */
size_t
hs_log_format_line(char *dst, size_t size, const char *address,
    const char *date, const char *message)
{
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_str(&o, address);
	hs_out_str(&o, " - - [");
	hs_out_str(&o, date);
	hs_out_str(&o, "] ");
	hs_out_log_escaped(&o, message, strlen(message));
	hs_out_byte(&o, '\n');
	return hs_out_finish(&o);
}

/* Write the whole line; one write() in the common case, so lines of
 * concurrent writers do not interleave. */
int
hs_log_write(int fd, const char *line, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, line, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		line += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Empty B and make room for a NEED-byte message and its NUL. */
static int
log_fill(struct hs_buf *b, size_t need)
{
	b->len = 0;
	return hs_buf_reserve(b, need + 1);
}

/* log_message(): hand MESSAGE to the hook, or write Python's line. */
static void
log_message(struct hs_request *req, const char *message)
{
	struct hs_server *srv = req->server;
	const char *address = req->client_address;
	const char *date;
	size_t need;

	if (srv->log_fn != NULL) {
		srv->log_fn(req, message, srv->log_arg);
		return;
	}
	date = hs_server_log_date(srv);
	need = hs_log_format_line(NULL, 0, address, date, message);
	if (log_fill(&srv->log_line, need) != 0)
		return;
	hs_log_format_line(srv->log_line.data, need + 1, address, date,
	    message);
	(void)hs_log_write(STDERR_FILENO, srv->log_line.data, need);
}

/* log_request(code), as send_response() calls it. */
void
hs_log_request(struct hs_request *req, int code)
{
	struct hs_buf *m = &req->server->log_message;
	size_t need = hs_log_request_message(NULL, 0, req->st.line, code);

	if (log_fill(m, need) != 0)
		return;
	hs_log_request_message(m->data, need + 1, req->st.line, code);
	log_message(req, m->data);
}

/* log_message(FORMAT, ...): the public way in. */
void
hs_log_message(struct hs_request *req, const char *format, ...)
{
	struct hs_buf *m = &req->server->log_message;
	va_list ap;
	int need;

	va_start(ap, format);
	need = vsnprintf(NULL, 0, format, ap);
	va_end(ap);
	if (need < 0 || log_fill(m, (size_t)need) != 0)
		return;
	va_start(ap, format);
	(void)vsnprintf(m->data, (size_t)need + 1, format, ap);
	va_end(ap);
	log_message(req, m->data);
}

/* log_error() of the message A + B. */
void
hs_log_error_parts(struct hs_request *req, const char *a, const char *b)
{
	struct hs_buf *m = &req->server->log_message;
	size_t la = strlen(a), lb = strlen(b);

	if (log_fill(m, la + lb) != 0)
		return;
	memcpy(m->data, a, la);
	memcpy(m->data + la, b, lb + 1);
	log_message(req, m->data);
}
