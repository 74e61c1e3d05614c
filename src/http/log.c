/* SPDX-License-Identifier: MIT */
/*
 * log.c - log lines as BaseHTTPRequestHandler writes them (pure; see
 * log.h).  Their delivery, through the server's log hook or to stderr,
 * is the exchange's (engine/reqlog.c) and the log sink's
 * (engine/logsink.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/log.h"

#include <stdio.h>
#include <string.h>

#include "http/escape.h"
#include "http/out.h"

/* '"%s" %s -' % (requestline, code). */
size_t
hs_log_request_message(char *dst, size_t size, const char *requestline,
    int code)
{
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_byte(&o, '"');
	hs_out_latin1_text(&o, requestline, strlen(requestline));
	hs_out_str(&o, "\" ");
	if (code < 0) {
		hs_out_byte(&o, '-');
		hs_out_uint(&o, 0ULL - (unsigned long long)code);
	} else {
		hs_out_uint(&o, (unsigned long long)code);
	}
	hs_out_str(&o, " -");
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

/* The line standing for COUNT dropped lines (see log.h). */
size_t
hs_log_format_dropped(char *dst, size_t size, size_t count)
{
	int n = snprintf(dst, size, "httpserve: %zu log line%s dropped: "
	    "standard error was not being read\n", count,
	    count == 1 ? "" : "s");

	return n > 0 ? (size_t)n : 0;
}
