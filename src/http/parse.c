/* SPDX-License-Identifier: MIT */
/*
 * parse.c - the request head parser (pure; see parse.h).
 *
 * A head is a sequence of lines ending in LF (CRLF or a bare LF, as Python
 * and RFC 9112 section 2.2 allow).  The parser finds each line end once,
 * checks the line against the limits while it is still arriving, and
 * interprets each complete line: first the request line, then header
 * fields, until an empty line ends the head.
 *
 *   GET /index.html HTTP/1.1\r\n      <- request line: method target version
 *   Host: example.org\r\n             <- field: name ":" OWS value OWS
 *   \r\n                              <- end of head
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/parse.h"

#include <string.h>

/* Prepare HEAD for a new request. */
void
hs_parse_init(struct hs_head *head)
{
	memset(head, 0, sizeof(*head));
}

/* The decimal text of the limit N (a plain number), for the messages
 * that quote one as Python does. */
#define LIMIT_TEXT(n) LIMIT_TEXT_(n)
#define LIMIT_TEXT_(n) #n

/*
 * Python's answers, in parse_request()'s words.  The two 431 explanations
 * are str() of http.client's exceptions: LineTooLong("header line") and
 * HTTPException("got more than %d headers" % _MAXHEADERS).
 */
static const struct hs_parse_answer answers[] = {
	[HS_PE_NONE] = { 0, NULL, NULL, HS_QUOTE_NONE },
	[HS_PE_EMPTY] = { 0, NULL, NULL, HS_QUOTE_NONE },
	[HS_PE_URI_TOO_LONG] = { 414, NULL, NULL, HS_QUOTE_NONE },
	[HS_PE_BAD_VERSION] = { 400, "Bad request version", NULL,
	    HS_QUOTE_REPR },
	[HS_PE_VERSION] = { 505, "Invalid HTTP version", NULL,
	    HS_QUOTE_AS_IS },
	[HS_PE_BAD_SYNTAX] = { 400, "Bad request syntax", NULL,
	    HS_QUOTE_REPR },
	[HS_PE_BAD_09_METHOD] = { 400, "Bad HTTP/0.9 request type", NULL,
	    HS_QUOTE_REPR },
	[HS_PE_LINE_TOO_LONG] = { 431, "Line too long",
	    "got more than " LIMIT_TEXT(HS_MAX_LINE) " bytes when reading "
	    "header line", HS_QUOTE_NONE },
	[HS_PE_TOO_MANY_HEADERS] = { 431, "Too many headers",
	    "got more than " LIMIT_TEXT(HS_MAX_HEAD_LINES) " headers",
	    HS_QUOTE_NONE },
	[HS_PE_HEAD_TOO_LARGE] = { 431, "Request header too large", NULL,
	    HS_QUOTE_NONE },
	[HS_PE_BAD_HEADER] = { 400, "Bad header line", NULL, HS_QUOTE_NONE },
};

/* The answer to ERROR; an error the table lacks gets a plain 400. */
const struct hs_parse_answer *
hs_parse_error_answer(enum hs_parse_error error)
{
	static const struct hs_parse_answer bad_request = { 400, NULL, NULL,
	    HS_QUOTE_NONE };

	if ((size_t)error >= sizeof(answers) / sizeof(answers[0]))
		return &bad_request;
	return &answers[error];
}

/* The HTTP status an error is answered with (0 for HS_PE_EMPTY). */
int
hs_parse_error_status(enum hs_parse_error error)
{
	return hs_parse_error_answer(error)->status;
}

/* Record ERROR, quoting the bytes at OFF..OFF+LEN, and fail. */
static enum hs_parse_status
fail(struct hs_head *head, enum hs_parse_error error, size_t off, size_t len)
{
	head->error = error;
	head->error_word.off = off;
	head->error_word.len = len;
	return HS_PARSE_ERROR;
}

/*
 * Check the version word: "HTTP/", a digit, ".", a digit (RFC 9112
 * section 2.3).  Python takes up to ten digits a part, so that
 * "HTTP/1.01" is 1.1 there and "HTTP/10.0" a 505; here both get Python's
 * 400 "Bad request version", which it gives "HTTP/1.00000000001" too.  A
 * major version of 2 or more gets 505, as in Python.
 */
static enum hs_parse_status
parse_version(struct hs_head *head, const char *buf)
{
	size_t off = head->version.off;
	const unsigned char *v = (const unsigned char *)buf + off;

	if (head->version.len != sizeof("HTTP/1.1") - 1 ||
	    memcmp(v, "HTTP/", 5) != 0 || !hs_is_digit(v[5]) || v[6] != '.' ||
	    !hs_is_digit(v[7]))
		return fail(head, HS_PE_BAD_VERSION, off, head->version.len);
	if (v[5] >= '2')
		return fail(head, HS_PE_VERSION, off + 5, 3);
	head->major = v[5] - '0';
	head->minor = v[7] - '0';
	return HS_PARSE_DONE;
}

/*
 * Split the request line at BUF[START..END) into words separated by runs of
 * SP or HTAB, keeping the first two and the last, as Python's split() does
 * (Python also splits at VT, FF and other Unicode spaces; we refuse
 * control characters outright).
 */
static void
split_words(struct hs_head *head, const char *buf, size_t start, size_t end)
{
	size_t i = start;

	head->words = 0;
	while (i < end) {
		size_t w;

		while (i < end && hs_is_ows((unsigned char)buf[i]))
			i++;
		if (i == end)
			break;
		w = i;
		while (i < end && !hs_is_ows((unsigned char)buf[i]))
			i++;
		if (head->words == 0) {
			head->method.off = w;
			head->method.len = i - w;
		} else if (head->words == 1) {
			head->target.off = w;
			head->target.len = i - w;
		}
		head->version.off = w;	/* the last word, so far */
		head->version.len = i - w;
		head->words++;
	}
}

/*
 * Interpret the request line BUF[START..END) with parse_request()'s checks
 * in parse_request()'s order, so each bad line gets Python's answer.
 */
static enum hs_parse_status
parse_request_line(struct hs_head *head, const char *buf, size_t start,
    size_t end)
{
	head->line.off = start;
	head->line.len = end - start;
	head->have_line = 1;
	if (!hs_is_field_text(buf + start, end - start))
		return fail(head, HS_PE_BAD_SYNTAX, start, end - start);
	split_words(head, buf, start, end);
	if (head->words == 0)
		return fail(head, HS_PE_EMPTY, start, 0);
	if (head->words >= 3 && parse_version(head, buf) != HS_PARSE_DONE)
		return HS_PARSE_ERROR;
	if (head->words > 3)
		return fail(head, HS_PE_BAD_SYNTAX, start, end - start);
	if (head->words == 1) {
		head->version.len = 0;
		return fail(head, HS_PE_BAD_SYNTAX, start, end - start);
	}
	if (head->words == 2) {
		/* HTTP/0.9: "GET /path", answered without status line. */
		head->simple = 1;
		head->version.len = 0;
		head->major = 0;
		head->minor = 9;
		if (head->method.len != 3 ||
		    memcmp(buf + head->method.off, "GET", 3) != 0)
			return fail(head, HS_PE_BAD_09_METHOD,
			    head->method.off, head->method.len);
	}
	return HS_PARSE_INCOMPLETE;
}

/*
 * Interpret the header line BUF[START..END) (RFC 9112 section 5):
 * field-name ":" OWS field-value OWS.  Refused, with 400: a line starting
 * with whitespace (obs-fold, section 5.2), whitespace before the colon
 * (section 5.1), a name that is not a token, and control characters.
 */
static enum hs_parse_status
parse_header_line(struct hs_head *head, const char *buf, size_t start,
    size_t end)
{
	struct hs_header_span *h;
	size_t i = start, colon, vstart, vend;

	if (head->nheaders >= HS_MAX_HEADERS)
		return fail(head, HS_PE_TOO_MANY_HEADERS, start, 0);
	while (i < end && hs_is_tchar((unsigned char)buf[i]))
		i++;
	if (i == start || i == end || buf[i] != ':')
		return fail(head, HS_PE_BAD_HEADER, start, end - start);
	colon = i;
	vstart = colon + 1;
	vend = end;
	hs_trim_ows(buf, &vstart, &vend);
	if (!hs_is_field_text(buf + vstart, vend - vstart))
		return fail(head, HS_PE_BAD_HEADER, start, end - start);
	h = &head->headers[head->nheaders++];
	h->name.off = start;
	h->name.len = colon - start;
	h->value.off = vstart;
	h->value.len = vend - vstart;
	return HS_PARSE_INCOMPLETE;
}

/* Interpret one complete line BUF[START..END) (line ending removed). */
static enum hs_parse_status
parse_line(struct hs_head *head, const char *buf, size_t start, size_t end)
{
	if (!head->have_line)
		return parse_request_line(head, buf, start, end);
	if (end == start)
		return HS_PARSE_DONE;
	return parse_header_line(head, buf, start, end);
}

/* The error for a line that has grown beyond HS_MAX_LINE. */
static enum hs_parse_status
line_too_long(struct hs_head *head)
{
	return fail(head, head->have_line ? HS_PE_LINE_TOO_LONG :
	    HS_PE_URI_TOO_LONG, head->line_start, 0);
}

/*
 * Take the complete line ending at the LF at BUF[LF] (or at END of input
 * when LF == LEN): strip one CR before the LF; any other CR is a bare CR,
 * which RFC 9112 section 2.2 lets us refuse.
 */
static enum hs_parse_status
take_line(struct hs_head *head, const char *buf, size_t len, size_t lf)
{
	size_t start = head->line_start, end = lf;
	enum hs_parse_status st;

	if (end > start && buf[end - 1] == '\r')
		end--;
	if (memchr(buf + start, '\r', end - start) != NULL)
		return fail(head, head->have_line ? HS_PE_BAD_HEADER :
		    HS_PE_BAD_SYNTAX, start, end - start);
	st = parse_line(head, buf, start, end);
	head->line_start = lf < len ? lf + 1 : len;
	head->scanned = head->line_start;
	if (st == HS_PARSE_DONE)
		head->length = head->line_start;
	return st;
}

/* Parse what BUF holds of a request head; see parse.h. */
enum hs_parse_status
hs_parse_head(struct hs_head *head, const char *buf, size_t len, int at_eof)
{
	enum hs_parse_status st;

	/*
	 * Bytes past HS_MAX_HEAD + 1 cannot change the answer, and must not:
	 * otherwise which limit a head exceeds first (a line, or the whole
	 * head) would depend on how much of it arrived in one piece.
	 */
	if (len > HS_MAX_HEAD + 1) {
		len = HS_MAX_HEAD + 1;
		at_eof = 0;
	}

	while (head->scanned < len) {
		const char *lf = memchr(buf + head->scanned, '\n',
		    len - head->scanned);
		size_t pos;

		if (lf == NULL) {
			head->scanned = len;
			break;
		}
		pos = (size_t)(lf - buf);
		if (pos + 1 - head->line_start > HS_MAX_LINE)
			return line_too_long(head);
		if (pos + 1 > HS_MAX_HEAD)
			return fail(head, HS_PE_HEAD_TOO_LARGE, 0, 0);
		st = take_line(head, buf, len, pos);
		if (st != HS_PARSE_INCOMPLETE)
			return st;
	}
	/* No line end in sight: a line past the limit fails now (Python's
	 * readline(65537) returns at the limit), not when its LF comes. */
	if (len - head->line_start > HS_MAX_LINE)
		return line_too_long(head);
	if (len > HS_MAX_HEAD)
		return fail(head, HS_PE_HEAD_TOO_LARGE, 0, 0);
	if (!at_eof || len == 0)
		return HS_PARSE_INCOMPLETE;
	/* End of input ends the last line and then the head. */
	if (head->line_start < len) {
		st = take_line(head, buf, len, len);
		if (st != HS_PARSE_INCOMPLETE)
			return st;
	}
	if (!head->have_line)
		return HS_PARSE_INCOMPLETE;
	head->length = len;
	return HS_PARSE_DONE;
}
