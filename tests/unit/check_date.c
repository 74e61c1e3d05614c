/* SPDX-License-Identifier: MIT */
/*
 * check_date.c - unit tests of date.c: IMF-fixdate formatting, the three
 * HTTP-date formats of RFC 9110 section 5.6.7, log timestamps and the
 * civil calendar.  Expected values were produced by Python 3.11
 * (email.utils.formatdate, email.utils.parsedate_to_datetime, datetime.date)
 * and pasted here; no Python runs at test time.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "runner.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/date.h"
#include "httpserve.h"

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define T_YEAR1 (-62135596800LL)
#define T_YEAR9999_END 253402300799LL

struct fmt_row {
	long long t;
	const char *want;
};

/* email.utils.formatdate(t, usegmt=True); the last 16 rows are random
 * times of years 1..9999 drawn by Python (seed 9110). */
static const struct fmt_row fmt_rows[] = {
	{ 0LL, "Thu, 01 Jan 1970 00:00:00 GMT" },
	{ 784111777LL, "Sun, 06 Nov 1994 08:49:37 GMT" },
	{ 951782400LL, "Tue, 29 Feb 2000 00:00:00 GMT" },
	{ 951868799LL, "Tue, 29 Feb 2000 23:59:59 GMT" },
	{ 1078012800LL, "Sun, 29 Feb 2004 00:00:00 GMT" },
	{ 4081017600LL, "Tue, 28 Apr 2099 00:00:00 GMT" },
	{ 253402300799LL, "Fri, 31 Dec 9999 23:59:59 GMT" },
	{ 253402214400LL, "Fri, 31 Dec 9999 00:00:00 GMT" },
	{ -1LL, "Wed, 31 Dec 1969 23:59:59 GMT" },
	{ -86400LL, "Wed, 31 Dec 1969 00:00:00 GMT" },
	{ -86401LL, "Tue, 30 Dec 1969 23:59:59 GMT" },
	{ -2208988800LL, "Mon, 01 Jan 1900 00:00:00 GMT" },
	{ -62135596800LL, "Mon, 01 Jan 0001 00:00:00 GMT" },
	{ -12219292800LL, "Fri, 15 Oct 1582 00:00:00 GMT" },
	{ 1700000000LL, "Tue, 14 Nov 2023 22:13:20 GMT" },
	{ 2147483647LL, "Tue, 19 Jan 2038 03:14:07 GMT" },
	{ 2147483648LL, "Tue, 19 Jan 2038 03:14:08 GMT" },
	{ 4102444800LL, "Fri, 01 Jan 2100 00:00:00 GMT" },
	{ 946684799LL, "Fri, 31 Dec 1999 23:59:59 GMT" },
	{ 946684800LL, "Sat, 01 Jan 2000 00:00:00 GMT" },
	{ 242524096323LL, "Tue, 13 Apr 9655 20:32:03 GMT" },
	{ -61902330894LL, "Fri, 23 May 0008 20:05:06 GMT" },
	{ -26765229887LL, "Sat, 05 Nov 1121 05:55:13 GMT" },
	{ -56256467965LL, "Sat, 21 Apr 0187 11:20:35 GMT" },
	{ 220560184653LL, "Tue, 10 Apr 8959 21:57:33 GMT" },
	{ 86785230831LL, "Thu, 12 Feb 4720 16:33:51 GMT" },
	{ -59438090437LL, "Tue, 25 Jun 0086 03:19:23 GMT" },
	{ 17086197798LL, "Wed, 10 Jun 2511 22:03:18 GMT" },
	{ -45097428547LL, "Fri, 02 Dec 0540 00:30:53 GMT" },
	{ -43876294774LL, "Fri, 13 Aug 0579 12:20:26 GMT" },
	{ 34315483673LL, "Sun, 31 May 3057 22:47:53 GMT" },
	{ 103810827341LL, "Wed, 20 Aug 5259 04:55:41 GMT" },
	{ 227499862565LL, "Fri, 09 Mar 9179 06:16:05 GMT" },
	{ -27255864981LL, "Thu, 19 Apr 1106 14:23:39 GMT" },
	{ 190014084257LL, "Tue, 23 Apr 7991 02:04:17 GMT" },
	{ 189325446257LL, "Thu, 26 Jun 7969 17:44:17 GMT" },
};

struct parse_row {
	const char *s;
	long long t;
};

/*
 * parsedate_to_datetime(s).timestamp() (UTC assumed for asctime, as
 * SimpleHTTPRequestHandler.send_head() does).  Exception: Python reads
 * "0001" as 2001 (_parsedate_tz adds a century to any year below 100,
 * whatever its digit count); RFC 9110's 4DIGIT year is taken literally.
 */
static const struct parse_row parse_ok_rows[] = {
	{ "Sun, 06 Nov 1994 08:49:37 GMT", 784111777LL },
	{ "Sunday, 06-Nov-94 08:49:37 GMT", 784111777LL },
	{ "Sun Nov  6 08:49:37 1994", 784111777LL },
	{ "Sun Nov 6 08:49:37 1994", 784111777LL },
	{ "Sun Nov 06 08:49:37 1994", 784111777LL },
	{ "Wed Nov 16 08:49:37 1994", 784975777LL },
	{ "sun, 06 nov 1994 08:49:37 gmt", 784111777LL },
	{ "SUN, 06 NOV 1994 08:49:37 GMT", 784111777LL },
	{ "SUNDAY, 06-NOV-94 08:49:37 Gmt", 784111777LL },
	{ "sUN nOV  6 08:49:37 1994", 784111777LL },
	{ " \tSun, 06 Nov 1994 08:49:37 GMT\t ", 784111777LL },
	{ "  Sunday, 06-Nov-94 08:49:37 GMT ", 784111777LL },
	{ "\tSun Nov  6 08:49:37 1994\t", 784111777LL },
	{ "Mon, 06 Nov 1994 08:49:37 GMT", 784111777LL },
	{ "Fri Nov  6 08:49:37 1994", 784111777LL },
	{ "Saturday, 06-Nov-94 08:49:37 GMT", 784111777LL },
	{ "Thursday, 01-Jan-70 00:00:00 GMT", 0LL },
	{ "Wednesday, 31-Dec-69 23:59:59 GMT", -1LL },
	{ "Monday, 01-Jan-68 00:00:00 GMT", 3092601600LL },
	{ "Sunday, 31-Dec-68 23:59:59 GMT", 3124223999LL },
	{ "Wednesday, 01-Jan-69 00:00:00 GMT", -31536000LL },
	{ "Saturday, 01-Jan-00 00:00:00 GMT", 946684800LL },
	{ "Friday, 31-Dec-99 23:59:59 GMT", 946684799LL },
	{ "Thu, 01 Jan 1970 00:00:00 GMT", 0LL },
	{ "Wed, 31 Dec 1969 23:59:59 GMT", -1LL },
	{ "Tue, 29 Feb 2000 12:00:00 GMT", 951825600LL },
	{ "Thu, 29 Feb 2024 23:59:59 GMT", 1709251199LL },
	{ "Mon, 01 Jan 0001 00:00:00 GMT", T_YEAR1 },
	{ "Fri, 31 Dec 9999 23:59:59 GMT", 253402300799LL },
	{ "Tue, 19 Jan 2038 03:14:08 GMT", 2147483648LL },
	{ "Sat, 29 Feb 1600 00:00:00 GMT", -11670998400LL },
	{ "Thu Jan  1 00:00:00 1970", 0LL },
	{ "Tue Feb 29 12:00:00 2000", 951825600LL },
	{ "Fri Dec 31 23:59:59 9999", 253402300799LL },
	{ "Sun, 01 Jan 2012 00:00:00 GMT", 1325376000LL },
	{ "Sun, 01 Feb 2012 00:00:00 GMT", 1328054400LL },
	{ "Sun, 01 Mar 2012 00:00:00 GMT", 1330560000LL },
	{ "Sun, 01 Apr 2012 00:00:00 GMT", 1333238400LL },
	{ "Sun, 01 May 2012 00:00:00 GMT", 1335830400LL },
	{ "Sun, 01 Jun 2012 00:00:00 GMT", 1338508800LL },
	{ "Sun, 01 Jul 2012 00:00:00 GMT", 1341100800LL },
	{ "Sun, 01 Aug 2012 00:00:00 GMT", 1343779200LL },
	{ "Sun, 01 Sep 2012 00:00:00 GMT", 1346457600LL },
	{ "Sun, 01 Oct 2012 00:00:00 GMT", 1349049600LL },
	{ "Sun, 01 Nov 2012 00:00:00 GMT", 1351728000LL },
	{ "Sun, 01 Dec 2012 00:00:00 GMT", 1354320000LL },
	{ "Tue, 01 Jan 2012 00:00:00 GMT", 1325376000LL },
	{ "Wed, 01 Jan 2012 00:00:00 GMT", 1325376000LL },
	{ "Thu, 01 Jan 2012 00:00:00 GMT", 1325376000LL },
	{ "Fri, 01 Jan 2012 00:00:00 GMT", 1325376000LL },
	{ "Sat, 01 Jan 2012 00:00:00 GMT", 1325376000LL },
	{ "Tuesday, 01-Jan-12 00:00:00 GMT", 1325376000LL },
	{ "Wednesday, 01-Jan-12 00:00:00 GMT", 1325376000LL },
	{ "Thursday, 01-Jan-12 00:00:00 GMT", 1325376000LL },
	{ "Friday, 01-Jan-12 00:00:00 GMT", 1325376000LL },
	{ "Monday, 01-Jan-12 00:00:00 GMT", 1325376000LL },
};

struct bad_row {
	const char *s;
	size_t len;
};

/* Strings hs_parse_http_date() must refuse, one rejection class each. */
static const struct bad_row parse_bad_rows[] = {
	/* nothing there */
	{ S("") },
	{ S(" \t ") },
	/* trailing garbage */
	{ S("Sun, 06 Nov 1994 08:49:37 GMT junk") },
	{ S("Sun, 06 Nov 1994 08:49:37 GMTX") },
	{ S("Sunday, 06-Nov-94 08:49:37 GMT,") },
	{ S("Sun Nov  6 08:49:37 1994 GMT") },
	{ S("Sun Nov  6 08:49:37 19945") },
	/* zone missing or not GMT */
	{ S("Sun, 06 Nov 1994 08:49:37") },
	{ S("Sun, 06 Nov 1994 08:49:37 UTC") },
	{ S("Sun, 06 Nov 1994 08:49:37 +0000") },
	{ S("Sunday, 06-Nov-94 08:49:37") },
	{ S("Sunday, 06-Nov-94 08:49:37 GM") },
	/* missing fields */
	{ S("Sun, 06 Nov 1994 08:49 GMT") },
	{ S("Sun, 06 Nov 1994 GMT") },
	{ S("Sun, 06 Nov 08:49:37 GMT") },
	{ S("Sun, Nov 1994 08:49:37 GMT") },
	{ S("06 Nov 1994 08:49:37 GMT") },
	{ S("Sun Nov 08:49:37 1994") },
	{ S("Sun Nov  6 08:49:37") },
	/* day names: not one, or the wrong form for the format */
	{ S("Foo, 06 Nov 1994 08:49:37 GMT") },
	{ S("Sund, 06 Nov 1994 08:49:37 GMT") },
	{ S("Sunday, 06 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 06-Nov-94 08:49:37 GMT") },
	{ S("Sunday Nov  6 08:49:37 1994") },
	{ S("Sun, Nov  6 08:49:37 1994") },
	{ S("Su, 06 Nov 1994 08:49:37 GMT") },
	/* month names */
	{ S("Sun, 06 Foo 1994 08:49:37 GMT") },
	{ S("Sun, 06 November 1994 08:49:37 GMT") },
	{ S("Sun, 06 No 1994 08:49:37 GMT") },
	{ S("Sunday, 06-Novem-94 08:49:37 GMT") },
	{ S("Sun Nox  6 08:49:37 1994") },
	/* digit counts */
	{ S("Sun, 6 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 006 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 94 08:49:37 GMT") },
	{ S("Sun, 06 Nov 01994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 1994 8:49:37 GMT") },
	{ S("Sun, 06 Nov 1994 08:9:37 GMT") },
	{ S("Sun, 06 Nov 1994 08:49:370 GMT") },
	{ S("Sunday, 06-Nov-1994 08:49:37 GMT") },
	{ S("Sunday, 06-Nov-9 08:49:37 GMT") },
	{ S("Sunday, 6-Nov-94 08:49:37 GMT") },
	{ S("Sun Nov  16 08:49:37 1994") },
	{ S("Sun Nov 106 08:49:37 1994") },
	{ S("Sun Nov  6 08:49:37 94") },
	/* non-digits */
	{ S("Sun, 0x Nov 1994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 19a4 08:49:37 GMT") },
	{ S("Sun, -6 Nov 1994 08:49:37 GMT") },
	{ S("Sun, +6 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 1994 08:4 :37 GMT") },
	{ S("Sunday, 06-Nov-9x 08:49:37 GMT") },
	{ S("Sun Nov  x 08:49:37 1994") },
	/* separators */
	{ S("Sun, 06 Nov 1994 08-49-37 GMT") },
	{ S("Sun,  06 Nov 1994 08:49:37 GMT") },
	{ S("Sun,06 Nov 1994 08:49:37 GMT") },
	{ S("Sun , 06 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 1994 08:49:37  GMT") },
	{ S("Sun, 06 Nov 1994\t08:49:37 GMT") },
	{ S("Sun, 06-Nov-1994 08:49:37 GMT") },
	{ S("Sunday, 06 Nov 94 08:49:37 GMT") },
	{ S("Sun  Nov  6 08:49:37 1994") },
	{ S("Sun Nov  6 08:49:37  1994") },
	/* invalid dates and times, which datetime() refuses */
	{ S("Wed, 30 Feb 2000 00:00:00 GMT") },
	{ S("Thu, 29 Feb 1900 00:00:00 GMT") },
	{ S("Wed, 29 Feb 2023 00:00:00 GMT") },
	{ S("Sun, 00 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 31 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 32 Jan 1994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 1994 24:00:00 GMT") },
	{ S("Sun, 06 Nov 1994 08:60:37 GMT") },
	{ S("Sun, 06 Nov 1994 08:49:60 GMT") },
	{ S("Sun, 06 Nov 1994 99:99:99 GMT") },
	{ S("Sat, 01 Jan 0000 00:00:00 GMT") },
	{ S("Wednesday, 29-Feb-23 00:00:00 GMT") },
	{ S("Sunday, 00-Nov-94 08:49:37 GMT") },
	{ S("Sunday, 06-Nov-94 24:49:37 GMT") },
	{ S("Sun Nov  0 08:49:37 1994") },
	{ S("Thu Feb 29 00:00:00 2001") },
	{ S("Sun Nov  6 08:49:60 1994") },
	/* bytes that are not text */
	{ S("Sun, 06 Nov 1994 08:49:37 GMT\0") },
	{ S("Sun, 06 Nov\0 1994 08:49:37 GMT") },
	{ S("\0Sun, 06 Nov 1994 08:49:37 GMT") },
	{ S("Sun, 06 Nov 1994 08:49:37 GMT\xa0") },
	{ S("Sun, 06 Nov 1994 08:49:37 GMT\r\n") },
	{ S("\nSun, 06 Nov 1994 08:49:37 GMT") },
};

struct days_row {
	int year;
	int month;
	int day;
	long long days;
};

/* (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days */
static const struct days_row days_rows[] = {
	{ 1970, 1, 1, 0LL },
	{ 1969, 12, 31, -1LL },
	{ 1970, 3, 1, 59LL },
	{ 2000, 2, 29, 11016LL },
	{ 2000, 3, 1, 11017LL },
	{ 1900, 3, 1, -25508LL },
	{ 1600, 2, 29, -135081LL },
	{ 1, 1, 1, -719162LL },
	{ 9999, 12, 31, 2932896LL },
	{ 1994, 11, 6, 9075LL },
	{ 2038, 1, 19, 24855LL },
	{ 2100, 3, 1, 47541LL },
	{ 1582, 10, 15, -141427LL },
	{ 400, 1, 1, -573431LL },
	/* beyond datetime's range: 0000-03-01 is day 0 of the algorithm */
	{ 0, 3, 1, -719468LL },
	{ 0, 1, 1, -719528LL },
	{ -1, 12, 31, -719529LL },
};

struct log_row {
	int year;	/* struct tm's: years since 1900 */
	int mon;	/* 0..11 */
	int mday;
	int hour;
	int min;
	int sec;
	const char *want;
};

/* "%02d/%3s/%04d %02d:%02d:%02d" % (day, monthname[month], year, ...) */
static const struct log_row log_rows[] = {
	{ 126, 10, 24, 10, 0, 0, "24/Nov/2026 10:00:00" },
	{ 70, 0, 1, 0, 0, 0, "01/Jan/1970 00:00:00" },
	{ -1899, 1, 3, 4, 5, 6, "03/Feb/0001 04:05:06" },
	{ 8099, 11, 31, 23, 59, 59, "31/Dec/9999 23:59:59" },
	{ -1900, 6, 4, 12, 30, 60, "04/Jul/0000 12:30:60" },
	{ 100, 1, 29, 9, 8, 7, "29/Feb/2000 09:08:07" },
	{ 94, 4, 15, 23, 0, 1, "15/May/1994 23:00:01" },
};

/* Fields hs_date_log_string() must refuse. */
static const struct log_row log_bad_rows[] = {
	{ 126, 12, 24, 10, 0, 0, NULL },
	{ 126, -1, 24, 10, 0, 0, NULL },
	{ 126, 10, 0, 10, 0, 0, NULL },
	{ 126, 10, 32, 10, 0, 0, NULL },
	{ 126, 10, 24, 24, 0, 0, NULL },
	{ 126, 10, 24, -1, 0, 0, NULL },
	{ 126, 10, 24, 10, 60, 0, NULL },
	{ 126, 10, 24, 10, -1, 0, NULL },
	{ 126, 10, 24, 10, 0, 61, NULL },
	{ 126, 10, 24, 10, 0, -1, NULL },
	{ -1901, 10, 24, 10, 0, 0, NULL },
	{ 8100, 10, 24, 10, 0, 0, NULL },
	{ INT_MIN, 10, 24, 10, 0, 0, NULL },
	{ INT_MAX, 10, 24, 10, 0, 0, NULL },
};

/* Number of times the round-trip test formats and parses back. */
#define ROUND_TRIPS 512

/* A copy of the LEN bytes at S in a buffer of exactly LEN bytes, so that
 * AddressSanitizer and valgrind catch any read past the end. */
static char *
dup_exact(const char *s, size_t len)
{
	char *p = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(p);
	if (len > 0)
		memcpy(p, s, len);
	return p;
}

/* Parse the LEN bytes at S from an exact-size copy. */
static int
parse_exact(const char *s, size_t len, time_t *t)
{
	char *p = dup_exact(s, len);
	int r;

	r = hs_parse_http_date(p, len, t);
	free(p);
	return r;
}

/* Fill BUF with a recognisable byte, to see what a call wrote. */
static void
poison(char *buf, size_t size)
{
	memset(buf, 0x5a, size);
}

/* Each row of fmt_rows formats as Python formatted it. */
START_TEST(test_format_table)
{
	const struct fmt_row *row = &fmt_rows[_i];
	char buf[64];
	size_t n;

	poison(buf, sizeof(buf));
	n = hs_date_time_string(buf, sizeof(buf), (time_t)row->t);
	ck_assert_uint_eq(n, HS_DATE_LEN);
	ck_assert_str_eq(buf, row->want);
}
END_TEST

/* The buffer must hold the 29 characters and a NUL, or nothing is written. */
START_TEST(test_format_sizes)
{
	char buf[64];

	/* HS_DATE_LEN + 1 is the minimum: 29 characters and the NUL. */
	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_time_string(buf, HS_DATE_LEN + 1, 0), 29);
	ck_assert_str_eq(buf, "Thu, 01 Jan 1970 00:00:00 GMT");
	ck_assert_int_eq(buf[HS_DATE_LEN + 1], 0x5a);

	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_time_string(buf, HS_DATE_LEN, 0), 0);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 0x5a);

	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_time_string(buf, 1, 0), 0);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 0x5a);

	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_time_string(buf, 0, 0), 0);
	ck_assert_int_eq(buf[0], 0x5a);
	ck_assert_uint_eq(hs_date_time_string(NULL, 0, 0), 0);
}
END_TEST

/* Years 0..9999 are shown ("%04d"); anything outside gives 0. */
START_TEST(test_format_year_range)
{
	char buf[64];

	/* Year 0 (proleptic, a leap year) is shown; Python stops at 1. */
	ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
	    (time_t)-62167219200LL), 29);
	ck_assert_str_eq(buf, "Sat, 01 Jan 0000 00:00:00 GMT");
	ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
	    (time_t)(T_YEAR1 - 86400)), 29);
	ck_assert_str_eq(buf, "Sun, 31 Dec 0000 00:00:00 GMT");
	ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
	    (time_t)(T_YEAR1 - 307 * 86400)), 29);
	ck_assert_str_eq(buf, "Tue, 29 Feb 0000 00:00:00 GMT");

	/* One second before year 0 and one after year 9999. */
	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
	    (time_t)-62167219201LL), 0);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
	    (time_t)(T_YEAR9999_END + 1)), 0);
	ck_assert_int_eq(buf[0], '\0');
}
END_TEST

/* The extremes of time_t neither overflow nor crash. */
START_TEST(test_format_time_t_limits)
{
	char buf[64];
	time_t big, small;

	/* The extremes of a signed time_t, whatever its width. */
	if (sizeof(time_t) == sizeof(long long)) {
		big = (time_t)LLONG_MAX;
		small = (time_t)LLONG_MIN;
	} else {
		big = (time_t)LONG_MAX;
		small = (time_t)LONG_MIN;
	}
	if (sizeof(time_t) >= 8) {
		ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf), big),
		    0);
		ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
		    small), 0);
	} else {
		ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf), big),
		    29);
		ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf),
		    small), 29);
	}
}
END_TEST

/* Each row of parse_ok_rows parses to the time Python gives. */
START_TEST(test_parse_ok_table)
{
	const struct parse_row *row = &parse_ok_rows[_i];
	time_t t = (time_t)-12345;

	ck_assert_msg(parse_exact(row->s, strlen(row->s), &t) == 0,
	    "refused \"%s\"", row->s);
	ck_assert_msg((long long)t == row->t, "\"%s\": %lld, want %lld",
	    row->s, (long long)t, row->t);
}
END_TEST

/* Each row of parse_bad_rows is refused and *t is left alone. */
START_TEST(test_parse_bad_table)
{
	const struct bad_row *row = &parse_bad_rows[_i];
	time_t t = (time_t)-12345;

	ck_assert_msg(parse_exact(row->s, row->len, &t) == -1,
	    "accepted row %d \"%s\"", _i, row->s);
	ck_assert_msg((long long)t == -12345, "row %d changed *t", _i);
}
END_TEST

/* Every proper prefix of a valid date is refused: nothing past LEN is
 * read, and the last field is really required. */
START_TEST(test_parse_prefixes)
{
	static const char *const dates[] = {
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
	};
	time_t t;
	size_t i, len;

	for (i = 0; i < NELEM(dates); i++) {
		for (len = 0; len < strlen(dates[i]); len++)
			ck_assert_msg(parse_exact(dates[i], len, &t) == -1,
			    "accepted %zu bytes of \"%s\"", len, dates[i]);
	}
}
END_TEST

/* LEN, not a NUL, ends the input. */
START_TEST(test_parse_len_bounds)
{
	const char *s = "Sun, 06 Nov 1994 08:49:37 GMTgarbage";
	time_t t = 0;

	/* Only LEN bytes count: the garbage after them is not seen. */
	ck_assert_int_eq(hs_parse_http_date(s, 29, &t), 0);
	ck_assert(t == (time_t)784111777);
	ck_assert_int_eq(hs_parse_http_date(s, 30, &t), -1);
}
END_TEST

/* Formatting then parsing gives back the same time. */
START_TEST(test_round_trip)
{
	/* Spread over years 1..9999, odd seconds included. */
	long long span = T_YEAR9999_END - T_YEAR1;
	long long t0 = T_YEAR1 + span / (ROUND_TRIPS - 1) * _i + _i * 7919;
	char buf[HS_DATE_LEN + 1];
	time_t t;

	if (t0 > T_YEAR9999_END)
		t0 = T_YEAR9999_END;
	ck_assert_uint_eq(hs_date_time_string(buf, sizeof(buf), (time_t)t0),
	    HS_DATE_LEN);
	ck_assert_msg(parse_exact(buf, HS_DATE_LEN, &t) == 0, "refused %s",
	    buf);
	ck_assert_msg((long long)t == t0, "%s: %lld, want %lld", buf,
	    (long long)t, t0);
}
END_TEST

/* Each row of days_rows gives the day number datetime.date gives. */
START_TEST(test_days_table)
{
	const struct days_row *row = &days_rows[_i];

	ck_assert_int_eq(hs_date_days_from_civil(row->year, row->month,
	    row->day), row->days);
}
END_TEST

/* Consecutive days of 1600-01-01 .. 2400-12-31 are consecutive numbers,
 * and formatting their midnights gives back the same day and month. */
START_TEST(test_days_continuous)
{
	static const char *const mon[12] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	long long want = hs_date_days_from_civil(1600, 1, 1);
	char buf[HS_DATE_LEN + 1], exp[32];
	int y, m, d, n;

	for (y = 1600; y <= 2400; y++) {
		for (m = 1; m <= 12; m++) {
			n = mdays[m - 1] + (m == 2 && (y % 4 == 0 &&
			    (y % 100 != 0 || y % 400 == 0)));
			for (d = 1; d <= n; d++, want++) {
				ck_assert_int_eq(hs_date_days_from_civil(y,
				    m, d), want);
				if (d != 1 && d != n)
					continue;
				hs_date_time_string(buf, sizeof(buf),
				    (time_t)(want * 86400));
				snprintf(exp, sizeof(exp),
				    "%02d %s %04d 00:00:00 GMT", d, mon[m - 1],
				    y);
				ck_assert_str_eq(buf + 5, exp);
			}
		}
	}
}
END_TEST

/* Fill *TM from ROW. */
static void
tm_from_row(struct tm *tm, const struct log_row *row)
{
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = row->year;
	tm->tm_mon = row->mon;
	tm->tm_mday = row->mday;
	tm->tm_hour = row->hour;
	tm->tm_min = row->min;
	tm->tm_sec = row->sec;
}

/* Each row of log_rows formats as log_date_time_string() would. */
START_TEST(test_log_table)
{
	char buf[64];
	struct tm tm;

	tm_from_row(&tm, &log_rows[_i]);
	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_log_string(buf, sizeof(buf), &tm),
	    HS_LOG_DATE_LEN);
	ck_assert_str_eq(buf, log_rows[_i].want);
}
END_TEST

/* Each row of log_bad_rows is refused with an empty string. */
START_TEST(test_log_bad_table)
{
	char buf[64];
	struct tm tm;

	tm_from_row(&tm, &log_bad_rows[_i]);
	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_log_string(buf, sizeof(buf), &tm), 0);
	ck_assert_int_eq(buf[0], '\0');
}
END_TEST

/* The buffer must hold the 20 characters and a NUL. */
START_TEST(test_log_sizes)
{
	char buf[64];
	struct tm tm;

	tm_from_row(&tm, &log_rows[0]);
	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_log_string(buf, HS_LOG_DATE_LEN + 1, &tm),
	    20);
	ck_assert_str_eq(buf, "24/Nov/2026 10:00:00");
	ck_assert_int_eq(buf[HS_LOG_DATE_LEN + 1], 0x5a);

	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_log_string(buf, HS_LOG_DATE_LEN, &tm), 0);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 0x5a);

	poison(buf, sizeof(buf));
	ck_assert_uint_eq(hs_date_log_string(buf, 0, &tm), 0);
	ck_assert_int_eq(buf[0], 0x5a);
}
END_TEST

/* The suite the runner executes: one test case per area. */
Suite *
make_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc;

	tc = tcase_create("format");
	ADD_TABLE(tc, test_format_table, fmt_rows);
	tcase_add_test(tc, test_format_sizes);
	tcase_add_test(tc, test_format_year_range);
	tcase_add_test(tc, test_format_time_t_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	ADD_TABLE(tc, test_parse_ok_table, parse_ok_rows);
	ADD_TABLE(tc, test_parse_bad_table, parse_bad_rows);
	tcase_add_test(tc, test_parse_prefixes);
	tcase_add_test(tc, test_parse_len_bounds);
	tcase_add_loop_test(tc, test_round_trip, 0, ROUND_TRIPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("civil");
	ADD_TABLE(tc, test_days_table, days_rows);
	tcase_add_test(tc, test_days_continuous);
	suite_add_tcase(s, tc);

	tc = tcase_create("log");
	ADD_TABLE(tc, test_log_table, log_rows);
	ADD_TABLE(tc, test_log_bad_table, log_bad_rows);
	tcase_add_test(tc, test_log_sizes);
	suite_add_tcase(s, tc);
	return s;
}
