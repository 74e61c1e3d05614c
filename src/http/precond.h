/* SPDX-License-Identifier: MIT */
/*
 * precond.h - conditional requests (RFC 9110 section 13): entity-tag
 * lists compared and the preconditions of a request evaluated, in the
 * standard's order.  Pure: no I/O, no allocation.
 *
 * The public half lives in httpserve.h: hs_etag_from_stat() and
 * hs_etag_match() are here; hs_request_preconditions() and
 * hs_request_range_applies() (src/engine/conditional.c) read a request's
 * fields and call the two functions below.
 *
 * Where httpserve.h leaves a choice, these rules are kept:
 *
 * hs_etag_from_stat() writes the three numbers in lower-case hex without
 * leading zeros, the modification time as tv_sec * 10^9 + tv_nsec modulo
 * 2^64: a time before 1970 gives a large number, always the same one,
 * and two times less than 584 years apart never give the same number.
 * The tag and a suffix of up to 18 bytes fit in HS_ETAG_SIZE; a longer
 * suffix is cut by snprintf()'s rule.  An empty SUFFIX still adds its '-'.
 *
 * hs_etag_match(): LIST is "*" alone (OWS around it allowed) or a comma
 * list of entity-tags, empty elements and OWS skipped (RFC 9110 section
 * 5.6.1); a comma inside the quotes belongs to the tag.  One ill-formed
 * member makes the whole list ill-formed, and it matches nothing, even
 * where a well-formed member would have matched: "*" among tags is
 * ill-formed too.  An empty list matches nothing.  ETAG must be exactly
 * one entity-tag, without OWS; an ill-formed one matches no list, but
 * "*" matches any ETAG that is not NULL.  A NULL LIST or ETAG matches
 * nothing.
 */
#ifndef HS_PRECOND_H
#define HS_PRECOND_H

#include <time.h>

#include "httpserve.h"

/* The fields of a request that decide its preconditions; NULL when the
 * request lacks one. */
struct hs_conditions {
	const char *method;		/* "GET", "HEAD", ... */
	const char *if_match;
	const char *if_none_match;
	const char *if_modified_since;
	const char *if_unmodified_since;
	const char *if_range;
	const char *range;
};

/*
 * See hs_request_preconditions() in httpserve.h.  "*" in If-Match or
 * If-None-Match matches even when ETAG is NULL: it asks whether a current
 * representation exists, and one does whenever this is called.  An
 * If-Match list that is ill-formed or empty matches nothing, so the
 * request fails (412); an ill-formed If-None-Match matches nothing, so it
 * never yields 304 (and If-Modified-Since is still ignored, the field
 * being present).  Methods are compared case-sensitively.
 */
enum hs_precondition hs_precondition_eval(const struct hs_conditions *c,
    const char *etag, time_t last_modified);

/*
 * See hs_request_range_applies() in httpserve.h.  Only the method "GET"
 * (case-sensitive) with a Range qualifies.  An If-Range value, OWS
 * trimmed, that starts with DQUOTE or "W/" is an entity-tag: it holds
 * when it is exactly one strong tag equal to ETAG, itself strong.  Any
 * other value is an HTTP-date: it holds when it is valid and equals
 * LAST_MODIFIED (not -1) to the second.
 */
int hs_range_applies(const struct hs_conditions *c, const char *etag,
    time_t last_modified);

#endif /* HS_PRECOND_H */
