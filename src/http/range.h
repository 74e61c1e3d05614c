/* SPDX-License-Identifier: MIT */
/*
 * range.h - byte ranges (RFC 9110 section 14): the Range field read and
 * merged, and the pieces of a 206 response written (pure: no I/O, no
 * allocation).
 *
 * The public half lives in httpserve.h: hs_parse_range().  Where its
 * contract leaves a choice, it follows RFC 9110: the OWS around the
 * field value is dropped (section 5.5), but none may stand around the
 * "=" or inside a range-spec; empty list elements (",,") are skipped
 * (section 5.6.1) and not counted as specs; numbers of any length are
 * compared exactly (a last-pos less than its first-pos, however long
 * both are, makes the field invalid); a negative SIZE, of a
 * representation whose length is unknown, gives WHOLE.  This header
 * adds how a 206 is framed: its Content-Range values and, for several
 * ranges, the part headers of a multipart/byteranges body (RFC 9110
 * section 14.6) and that body's exact length.
 *
 * A multipart/byteranges body, as written here:
 *
 *   "\r\n--" BOUNDARY "\r\n"
 *   "Content-Type: " TYPE "\r\n"
 *   "Content-Range: bytes " FIRST "-" LAST "/" SIZE "\r\n"
 *   "\r\n"
 *   the bytes FIRST to LAST
 *   ... one such part per range ...
 *   "\r\n--" BOUNDARY "--\r\n"
 */
#ifndef HS_RANGE_H
#define HS_RANGE_H

#include <stddef.h>
#include <sys/types.h>

#include "httpserve.h"

/*
 * The value of a 206's Content-Range for R of SIZE bytes,
 * "bytes FIRST-LAST/SIZE", or with R NULL the 416's: "bytes ", an
 * asterisk, a slash and SIZE.  snprintf()'s rule: at most BUFSIZE bytes
 * with the NUL, the whole length returned.
 */
size_t hs_range_content_range(char *buf, size_t bufsize,
    const struct hs_byte_range *r, off_t size);

/*
 * The header of the part for R in a multipart/byteranges body, from its
 * leading CRLF to the blank line (see above), for a representation of
 * TYPE and SIZE bytes.  snprintf()'s rule.
 */
size_t hs_range_part_head(char *buf, size_t bufsize, const char *boundary,
    const char *type, const struct hs_byte_range *r, off_t size);

/* The closing delimiter, "\r\n--" BOUNDARY "--\r\n".  snprintf()'s rule. */
size_t hs_range_multipart_tail(char *buf, size_t bufsize,
    const char *boundary);

/*
 * The exact length of the multipart/byteranges body for the COUNT ranges
 * RANGES (each as hs_parse_range() gives them: FIRST <= LAST < SIZE) of
 * a representation of TYPE and SIZE bytes: part headers, bytes and
 * closing delimiter, as the two functions above write them.  A length
 * too large for an off_t (SIZE near its maximum) is given as that
 * maximum, which no real file reaches.
 */
off_t hs_range_multipart_length(const char *boundary, const char *type,
    const struct hs_byte_range *ranges, size_t count, off_t size);

#endif /* HS_RANGE_H */
