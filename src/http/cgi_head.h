/* SPDX-License-Identifier: MIT */
/*
 * cgi_head.h - the header section a CGI script prints before its body
 * (pure: bytes in, spans out; no allocation, no I/O).
 *
 * RFC 3875 section 6: a script answers with
 *   CGI-Response = document-response | local-redir-response |
 *                  client-redir-response | client-redirdoc-response
 * each of which starts with header fields, one per line (LF or CRLF),
 * ended by an empty line.  The server reads the section, checks it here,
 * and builds its own status line and head from it; anything it cannot
 * make sense of is answered with 502 rather than passed on to the client.
 */
#ifndef HS_CGI_HEAD_H
#define HS_CGI_HEAD_H

#include <stddef.h>

#include "http/hs_limits.h"	/* HS_CGI_MAX_HEAD, HS_CGI_MAX_FIELDS */

/* One header field of the script's output, as spans into its buffer. */
struct hs_cgi_field {
	const char *name;
	size_t name_len;
	const char *value;	/* leading/trailing SP and HTAB trimmed */
	size_t value_len;
};

struct hs_cgi_head {
	int status;		/* from "Status: NNN reason"; 0 when absent */
	const char *reason;	/* its reason phrase (may be empty, len 0) */
	size_t reason_len;
	const char *location;	/* the Location field's value, or NULL */
	size_t location_len;
	int content_type;	/* a Content-Type field was present */
	size_t nfields;		/* every field except Status, in order */
	struct hs_cgi_field fields[HS_CGI_MAX_FIELDS];
	size_t head_len;	/* bytes of the section, its empty line too */
};

/*
 * Look for the end of the header section in the LEN bytes at BUF (the
 * start of the script's output).  Returns the number of bytes up to and
 * including the empty line that ends it (LF or CRLF line endings, mixed
 * allowed), or 0 when it has not arrived yet.  The whole buffer is searched
 * on every call, so a caller holding HS_CGI_MAX_HEAD bytes or more with
 * no end in them should stop waiting: the section is too long.
 */
size_t hs_cgi_head_end(const char *buf, size_t len);

/*
 * Parse the header section: the first HEAD_LEN bytes of BUF, as found by
 * hs_cgi_head_end().  Returns 0 with *H filled, or -1 when the output is not
 * a valid CGI response, which the server answers with 502:
 *   - a line without ':', an empty or non-token field name (RFC 9110 token
 *     characters, so no whitespace before the ':' either), a line starting
 *     with SP or HTAB (obsolete line folding),
 *   - a value holding a control character other than HTAB (a bare CR
 *     inside a line counts as one),
 *   - more than HS_CGI_MAX_FIELDS fields besides Status, a section longer
 *     than HS_CGI_MAX_HEAD bytes, HEAD_LEN not ending at the empty line,
 *   - none of Content-Type, Location and Status (RFC 3875 requires one),
 *   - a Status that is not exactly three digits in 200..599, optionally
 *     followed by SP and a reason phrase (HTAB, SP, visible characters
 *     and obs-text, as RFC 9112's reason-phrase), or an empty Location,
 *   - a Status or Location given twice.
 * Field names are matched case-insensitively ("status", "LOCATION").  The
 * spans in *H point into BUF.
 */
int hs_cgi_parse_head(const char *buf, size_t head_len,
    struct hs_cgi_head *h);

#endif /* HS_CGI_HEAD_H */
