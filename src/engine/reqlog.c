/* SPDX-License-Identifier: MIT */
/*
 * reqlog.c - a request's log lines and their delivery (see reqlog.h).
 *
 * The message is composed into one reused buffer and handed to the log
 * hook, or formatted as Python's line (http/log.c) into another and
 * written to stderr; the timestamp is formatted once a second.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/reqlog.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/loop.h"
#include "engine/request.h"
#include "engine/settings.h"
#include "http/date.h"
#include "http/log.h"

/* Empty B and make room for a NEED-byte message and its NUL. */
static int
log_fill(struct hs_buf *b, size_t need)
{
	b->len = 0;
	return hs_buf_reserve(b, need + 1);
}

/* log_message(): hand MESSAGE to the hook, or write Python's line. */
static void
log_deliver(struct hs_request *req, const char *message)
{
	const struct hs_settings *set = req->set;
	struct hs_loop_scratch *scratch = &req->loop->scratch;
	const char *address = req->client_address;
	const char *date;
	size_t need;

	if (set->log_fn != NULL) {
		set->log_fn(req, message, set->log_arg);
		return;
	}
	date = hs_time_cache_log(&scratch->log_date, time(NULL));
	need = hs_log_format_line(NULL, 0, address, date, message);
	if (log_fill(&scratch->log_line, need) != 0)
		return;
	hs_log_format_line(scratch->log_line.data, need + 1, address, date,
	    message);
	(void)hs_log_write(STDERR_FILENO, scratch->log_line.data, need);
}

/* log_request(code), as send_response() calls it. */
void
hs_log_request(struct hs_request *req, int code)
{
	struct hs_buf *m = &req->loop->scratch.log_message;
	size_t need = hs_log_request_message(NULL, 0, req->st.line, code);

	if (log_fill(m, need) != 0)
		return;
	hs_log_request_message(m->data, need + 1, req->st.line, code);
	log_deliver(req, m->data);
}

/* log_message(FORMAT, ...): the public way in. */
void
hs_log_message(struct hs_request *req, const char *format, ...)
{
	struct hs_buf *m = &req->loop->scratch.log_message;
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
	log_deliver(req, m->data);
}

/* log_error() of the message A + B. */
void
hs_log_error_parts(struct hs_request *req, const char *a, const char *b)
{
	struct hs_buf *m = &req->loop->scratch.log_message;
	size_t la = strlen(a), lb = strlen(b);

	if (log_fill(m, la + lb) != 0)
		return;
	memcpy(m->data, a, la);
	memcpy(m->data + la, b, lb + 1);
	log_deliver(req, m->data);
}
