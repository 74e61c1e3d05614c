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

/* SGR sequences of _colorize.ANSIColors that the log uses. */
#define SGR_RESET "\x1b[0m"
#define SGR_GREY "\x1b[90m"
#define SGR_CYAN "\x1b[36m"
#define SGR_GREEN "\x1b[32m"
#define SGR_INTENSE_CYAN "\x1b[96m"
#define SGR_YELLOW "\x1b[33m"
#define SGR_RED "\x1b[31m"

/* The colour of status CODE, by its class. */
static const char *
status_colour(int code)
{
	if (code >= 500)
		return SGR_RED;
	if (code >= 400)
		return SGR_YELLOW;
	if (code >= 300)
		return SGR_INTENSE_CYAN;
	if (code >= 200)
		return SGR_GREEN;
	return SGR_RESET;
}

/* LEN bytes of S, escaped, between COLOUR and a reset. */
static void
out_coloured(struct hs_out *o, const char *colour, const char *s,
    size_t len)
{
	hs_out_str(o, colour);
	hs_out_log_escaped(o, s, len);
	hs_out_str(o, SGR_RESET);
}

/*
 * A request's message, '"LINE" CODE -', coloured by part.  The request
 * line is cut at the last two spaces: the code and the size hold none,
 * whatever the line does.
 */
static void
out_request(struct hs_out *o, const char *message, int code)
{
	size_t len = strlen(message), size_at, code_at;

	size_at = len;
	while (size_at > 0 && message[size_at - 1] != ' ')
		size_at--;
	code_at = size_at > 0 ? size_at - 1 : 0;
	while (code_at > 0 && message[code_at - 1] != ' ')
		code_at--;
	if (code_at == 0) {	/* not the shape log_request() gives */
		hs_out_log_escaped(o, message, len);
		return;
	}
	out_coloured(o, SGR_CYAN, message, code_at - 1);
	hs_out_byte(o, ' ');
	out_coloured(o, status_colour(code), message + code_at,
	    size_at - 1 - code_at);
	hs_out_byte(o, ' ');
	out_coloured(o, SGR_GREY, message + size_at, len - size_at);
}

/* The line of hs_log_format_line(), coloured (see log.h). */
size_t
hs_log_format_line_colour(char *dst, size_t size, const char *address,
    const char *date, const char *message, enum hs_log_kind kind, int code)
{
	struct hs_out o;

	hs_out_init(&o, dst, size);
	hs_out_str(&o, address);
	hs_out_str(&o, " - - [");
	out_coloured(&o, SGR_GREY, date, strlen(date));
	hs_out_str(&o, "] ");
	if (kind == HS_LOG_REQUEST)
		out_request(&o, message, code);
	else if (kind == HS_LOG_ERROR)
		out_coloured(&o, SGR_YELLOW, message, strlen(message));
	else
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
