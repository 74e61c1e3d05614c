/* SPDX-License-Identifier: MIT */
/*
 * parse.h - the request head parser (pure: bytes in, spans out).
 *
 * hs_parse_head() reads a request line and header fields from a buffer that
 * grows between calls, scanning only bytes it has not seen before, so a
 * client sending one byte at a time costs O(n) in total.  Results are
 * spans (offset, length) into that buffer rather than pointers, so the
 * caller may move or grow the buffer between calls.
 *
 * The request line follows BaseHTTPRequestHandler.parse_request(): its
 * checks, their order and their messages.  Header fields follow RFC 9112
 * section 5 strictly (Python's email parser accepts nearly anything; a
 * lenient parser is how request smuggling starts).
 */
#ifndef HS_PARSE_H
#define HS_PARSE_H

#include <stddef.h>

#include "http/chars.h"	/* hs_is_tchar() and the other classes */
#include "http/hs_limits.h"

/* A run of bytes in the parsed buffer. */
struct hs_span {
	size_t off;
	size_t len;
};

struct hs_header_span {
	struct hs_span name;
	struct hs_span value;	/* without surrounding whitespace */
};

enum hs_parse_status {
	HS_PARSE_INCOMPLETE = 0,	/* need more bytes */
	HS_PARSE_DONE = 1,		/* head complete: see head->length */
	HS_PARSE_ERROR = -1		/* see head->error */
};

/* What went wrong; hs_parse_error_answer() gives Python's answer. */
enum hs_parse_error {
	HS_PE_NONE = 0,
	HS_PE_EMPTY,		/* blank request line */
	HS_PE_URI_TOO_LONG,	/* request line beyond HS_MAX_LINE */
	HS_PE_BAD_VERSION,	/* version word not HTTP/N.N */
	HS_PE_VERSION,		/* HTTP/2.0 or later */
	HS_PE_BAD_SYNTAX,	/* 1 or 4+ words, a control character */
	HS_PE_BAD_09_METHOD,	/* HTTP/0.9 other than GET */
	HS_PE_LINE_TOO_LONG,	/* header line beyond HS_MAX_LINE */
	HS_PE_TOO_MANY_HEADERS,	/* more than HS_MAX_HEADERS fields */
	HS_PE_HEAD_TOO_LARGE,	/* head beyond HS_MAX_HEAD */
	HS_PE_BAD_HEADER	/* a field RFC 9112 forbids */
};

/* How an error message quotes the error's word (struct hs_head's
 * error_word): "MESSAGE (WORD)", WORD as repr() or as it is. */
enum hs_quote {
	HS_QUOTE_NONE = 0,	/* the message alone */
	HS_QUOTE_REPR,		/* "%s (%r)" */
	HS_QUOTE_AS_IS		/* "%s (%s)" */
};

/* Python's answer to a parse error: send_error(status, message, explain),
 * the message followed by the quoted word. */
struct hs_parse_answer {
	int status;		/* 0: close without an answer */
	const char *message;	/* NULL: the status's phrase */
	const char *explain;	/* NULL: the status's description */
	enum hs_quote quote;
};

struct hs_head {
	/* The request line, without its line ending, and its words. */
	struct hs_span line;
	struct hs_span method;
	struct hs_span target;
	struct hs_span version;	/* empty for HTTP/0.9 */
	int major;
	int minor;
	int words;		/* words on the request line */
	int simple;		/* two words: an HTTP/0.9 request */

	size_t nheaders;
	struct hs_header_span headers[HS_MAX_HEADERS];

	size_t length;		/* bytes of the whole head, when DONE */
	enum hs_parse_error error;
	struct hs_span error_word;	/* the text the error message quotes */

	/* Incremental state. */
	size_t line_start;	/* first byte of the line being read */
	size_t scanned;		/* bytes already searched for a line end */
	int have_line;		/* the request line has been parsed */
};

/* Prepare HEAD for a new request. */
void hs_parse_init(struct hs_head *head);

/*
 * Parse what BUF holds of a request head (LEN bytes, the same leading bytes
 * as the previous call plus any new ones).  AT_EOF says the client will send
 * nothing more: as Python's readline() does, the bytes so far then end the
 * last line and the head.
 */
enum hs_parse_status hs_parse_head(struct hs_head *head, const char *buf,
    size_t len, int at_eof);

/* The answer to ERROR, as BaseHTTPRequestHandler.parse_request() and
 * http.client give it. */
const struct hs_parse_answer *hs_parse_error_answer(
    enum hs_parse_error error);

/* The HTTP status an error is answered with (0 for HS_PE_EMPTY). */
int hs_parse_error_status(enum hs_parse_error error);

#endif /* HS_PARSE_H */
