/* SPDX-License-Identifier: MIT */
/*
 * date.h - HTTP dates and log timestamps (pure: no I/O, no allocation).
 *
 * The public half lives in httpserve.h: hs_date_time_string() formats an
 * IMF-fixdate and hs_parse_http_date() reads the three formats of RFC 9110
 * section 5.6.7.  This header adds what only the server needs.
 */
#ifndef HS_DATE_H
#define HS_DATE_H

#include <stddef.h>
#include <time.h>

#include "httpserve.h"

/* Length of Python's log_date_time_string(): "24/Nov/2026 10:00:00". */
#define HS_LOG_DATE_LEN 20

/*
 * Format the broken-down local time TM as Python's log_date_time_string()
 * does ("%02d/%3s/%04d %02d:%02d:%02d" with English month abbreviations)
 * into BUF (at least HS_LOG_DATE_LEN + 1 bytes).  Returns the length
 * written, or 0 if SIZE is too small or a field is out of range.
 */
size_t hs_date_log_string(char *buf, size_t size, const struct tm *tm);

/*
 * Days since 1970-01-01 of the proleptic Gregorian date YEAR-MONTH-DAY
 * (MONTH 1..12), without consulting the time zone database.
 */
long long hs_date_days_from_civil(long long year, int month, int day);

/*
 * A formatted time reused for as long as the second it shows lasts: the
 * Date header and the log's timestamp are each formatted once a second,
 * not once a request.  Zero-initialise one before use.
 */
struct hs_time_cache {
	time_t when;
	char text[HS_DATE_LEN + 1];	/* the longer of the two forms */
};

/* NOW as an IMF-fixdate (the Date header). */
const char *hs_time_cache_http(struct hs_time_cache *c, time_t now);

/* NOW in local time as Python's log_date_time_string(), or "-" when the
 * local time cannot be had. */
const char *hs_time_cache_log(struct hs_time_cache *c, time_t now);

#endif /* HS_DATE_H */
