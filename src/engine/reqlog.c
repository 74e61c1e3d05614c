/* SPDX-License-Identifier: MIT */
/*
 * reqlog.c - a request's log lines and their delivery (see reqlog.h).
 *
 * The message is composed into one reused buffer and handed to the log
 * hook at once, or formatted as Python's line (http/log.c) onto the
 * loop's batch; the timestamp is formatted once a second.  The batch goes
 * to stderr (engine/logsink.c) in one write as the loop's turn ends: an
 * event activated with the turn's first line, at the lowest priority,
 * runs after the callbacks already due in that turn.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/reqlog.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "engine/logsink.h"
#include "engine/loop.h"
#include "engine/request.h"
#include "engine/settings.h"
#include "http/date.h"
#include "http/hs_limits.h"
#include "http/log.h"

/*
 * Colour the lines written to stderr (hs_log_set_colour())?  One switch
 * for the process, as stderr is one: set by the program before serving,
 * read by every loop's thread.
 */
static atomic_int log_colour;

void
hs_log_set_colour(int enabled)
{
	atomic_store(&log_colour, enabled != 0);
}

/* Empty B and make room for a NEED-byte message and its NUL. */
static int
log_fill(struct hs_buf *b, size_t need)
{
	b->len = 0;
	return hs_buf_reserve(b, need + 1);
}

/* Write LOOP's batch: one write for the lines of a turn. */
void
hs_reqlog_flush(struct hs_loop *loop)
{
	struct hs_buf *batch = &loop->log_batch;

	if (batch->len == 0)
		return;
	hs_logsink_write(loop, batch->data, batch->len);
	/* Kept for the next turn, unless a burst made it large. */
	hs_buf_recycle(batch, HS_LOG_BUFFER);
}

static void
log_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	hs_reqlog_flush(arg);
}

int
hs_reqlog_init(struct hs_loop *loop)
{
	struct event_base *base = loop->base;

	if (base == NULL)
		return 0;	/* no turns: each line is written at once */
	loop->log_flush = event_new(base, -1, 0, log_flush_cb, loop);
	if (loop->log_flush == NULL)
		return -1;
	if (event_priority_set(loop->log_flush,
	    event_base_get_npriorities(base) - 1) != 0) {
		event_free(loop->log_flush);
		loop->log_flush = NULL;
		return -1;
	}
	hs_logsink_open();
	return 0;
}

void
hs_reqlog_fini(struct hs_loop *loop)
{
	hs_reqlog_flush(loop);
	if (loop->log_flush != NULL)
		event_free(loop->log_flush);
	loop->log_flush = NULL;
	hs_logsink_forget(loop);
	hs_buf_free(&loop->log_batch);
}

/* What a log line says beyond its text: its kind and status, for the
 * colours. */
struct log_what {
	enum hs_log_kind kind;
	int code;
};

/* Python's line for MESSAGE into DST, coloured when asked: the length
 * of the whole line, as snprintf() gives. */
static size_t
log_format(char *dst, size_t size, const char *address, const char *date,
    const char *message, const struct log_what *what)
{
	if (atomic_load_explicit(&log_colour, memory_order_relaxed))
		return hs_log_format_line_colour(dst, size, address, date,
		    message, what->kind, what->code);
	return hs_log_format_line(dst, size, address, date, message);
}

/* Add Python's line for MESSAGE to LOOP's batch; the turn's first line
 * schedules the batch's write. */
static void
log_batch_line(struct hs_loop *loop, const char *address, const char *date,
    const char *message, const struct log_what *what)
{
	struct hs_buf *batch = &loop->log_batch;
	size_t was = batch->len;
	size_t need = log_format(NULL, 0, address, date, message, what);

	if (need > (size_t)-1 - was - 1 ||
	    hs_buf_reserve(batch, was + need + 1) != 0)
		return;
	log_format(batch->data + was, need + 1, address, date, message,
	    what);
	batch->len = was + need;
	if (loop->log_flush == NULL)
		hs_reqlog_flush(loop);
	else if (was == 0)
		event_active(loop->log_flush, EV_TIMEOUT, 1);
}

/* log_message(): hand MESSAGE to the hook, or batch Python's line. */
static void
log_deliver(struct hs_request *req, const char *message,
    const struct log_what *what)
{
	const struct hs_settings *set = req->set;
	struct hs_loop *loop = req->loop;

	if (set->log_fn != NULL) {
		set->log_fn(req, message, set->log_arg);
		return;
	}
	log_batch_line(loop, req->client_address,
	    hs_time_cache_log(&loop->scratch.log_date, time(NULL)), message,
	    what);
}

/* log_request(code), as send_response() calls it. */
void
hs_log_request(struct hs_request *req, int code)
{
	struct hs_buf *m = &req->loop->scratch.log_message;
	size_t need = hs_log_request_message(NULL, 0, req->st.line, code);
	const struct log_what what = { HS_LOG_REQUEST, code };

	if (log_fill(m, need) != 0)
		return;
	hs_log_request_message(m->data, need + 1, req->st.line, code);
	log_deliver(req, m->data, &what);
}

/* log_message(FORMAT, ...): the public way in. */
void
hs_log_message(struct hs_request *req, const char *format, ...)
{
	struct hs_buf *m = &req->loop->scratch.log_message;
	const struct log_what what = { HS_LOG_MESSAGE, 0 };
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
	log_deliver(req, m->data, &what);
}

/* log_error() of the message A + B. */
void
hs_log_error_parts(struct hs_request *req, const char *a, const char *b)
{
	struct hs_buf *m = &req->loop->scratch.log_message;
	size_t la = strlen(a), lb = strlen(b);
	const struct log_what what = { HS_LOG_ERROR, 0 };

	if (log_fill(m, la + lb) != 0)
		return;
	memcpy(m->data, a, la);
	memcpy(m->data + la, b, lb + 1);
	log_deliver(req, m->data, &what);
}
