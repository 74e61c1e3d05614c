/* SPDX-License-Identifier: MIT */
/*
 * check_precond.c - unit tests of precond.c: the entity-tags of
 * hs_etag_from_stat(), the If-Match / If-None-Match comparison of
 * hs_etag_match() (RFC 9110 sections 8.8.3 and 13.1.1-2), the order of
 * RFC 9110 section 13.2.2 in hs_precondition_eval() and the If-Range rule
 * of hs_range_applies() (section 13.1.5).  Hex values were computed by
 * hand from the formula of precond.h and checked with Python's
 * format(v % 2**64, 'x').
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "runner.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "http/precond.h"
#include "httpserve.h"

/* A filler byte that no function writes on its own. */
#define POISON 0x5a

/* The tags and dates the precondition tables use. */
#define TAG "\"e1\""
#define WTAG "W/\"e1\""
#define OTHER "\"x\""
/* T is Sun, 06 Nov 1994 08:49:37 GMT; the dates one second around it. */
#define T 784111777LL
#define DATE "Sun, 06 Nov 1994 08:49:37 GMT"
#define DATE_850 "Sunday, 06-Nov-94 08:49:37 GMT"
#define DATE_ASC "Sun Nov  6 08:49:37 1994"
#define DATE_BEFORE "Sun, 06 Nov 1994 08:49:36 GMT"
#define DATE_AFTER "Sun, 06 Nov 1994 08:49:38 GMT"
#define DATE_EPOCH "Thu, 01 Jan 1970 00:00:00 GMT"
#define DATE_MINUS1 "Wed, 31 Dec 1969 23:59:59 GMT"
#define NOT_DATE "yesterday"
#define PASS HS_PRECONDITION_PASS
#define N304 HS_PRECONDITION_NOT_MODIFIED
#define F412 HS_PRECONDITION_FAILED

struct match_row {
	const char *list;
	const char *etag;
	int strong;	/* hs_etag_match(list, etag, 0) */
	int weak;	/* hs_etag_match(list, etag, 1) */
};

/* RFC 9110 section 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE. */
static const struct match_row match_rows[] = {
	/* one tag: equal, different, W/ on either side or both */
	{ "\"a\"", "\"a\"", 1, 1 },
	{ "\"a\"", "\"b\"", 0, 0 },
	{ "W/\"a\"", "\"a\"", 0, 1 },
	{ "\"a\"", "W/\"a\"", 0, 1 },
	{ "W/\"a\"", "W/\"a\"", 0, 1 },
	{ "W/\"a\"", "W/\"b\"", 0, 0 },
	{ "W/\"\"", "\"\"", 0, 1 },
	{ "\"\"", "\"\"", 1, 1 },
	{ "\"\"", "\"a\"", 0, 0 },
	{ "\"A\"", "\"a\"", 0, 0 },
	{ "\"a\"", "\"aa\"", 0, 0 },
	{ "\"aa\"", "\"a\"", 0, 0 },
	{ "\"1a2b-400-17979cfe3d85cd15\"", "\"1a2b-400-17979cfe3d85cd15\"",
	    1, 1 },
	{ "\"1a2b-400-17979cfe3d85cd15\"",
	    "\"1a2b-400-17979cfe3d85cd15-gz\"", 0, 0 },
	/* "*" alone, OWS around it allowed: any ETAG that is not NULL */
	{ "*", "\"a\"", 1, 1 },
	{ "*", "W/\"a\"", 1, 1 },
	{ " * ", "\"a\"", 1, 1 },
	{ "\t*\t", "\"a\"", 1, 1 },
	{ "*", "not a tag", 1, 1 },
	{ "*", "", 1, 1 },
	/* "*" with anything else: ill-formed */
	{ "*, \"a\"", "\"a\"", 0, 0 },
	{ "\"a\", *", "\"a\"", 0, 0 },
	{ "*,", "\"a\"", 0, 0 },
	{ "**", "\"a\"", 0, 0 },
	{ "* *", "\"a\"", 0, 0 },
	{ "\"*\"", "\"a\"", 0, 0 },
	{ "\"*\"", "\"*\"", 1, 1 },
	/* empty lists */
	{ "", "\"a\"", 0, 0 },
	{ "   ", "\"a\"", 0, 0 },
	{ ",", "\"a\"", 0, 0 },
	{ " , ,, ", "\"a\"", 0, 0 },
	/* lists: any member, empty elements and OWS skipped */
	{ "\"b\", \"a\"", "\"a\"", 1, 1 },
	{ "\"a\",\"b\"", "\"a\"", 1, 1 },
	{ "\"b\",\"c\"", "\"a\"", 0, 0 },
	{ " , \"b\" ,, \"a\" , ", "\"a\"", 1, 1 },
	{ "\t\"a\"\t", "\"a\"", 1, 1 },
	{ "\"a\" ,", "\"a\"", 1, 1 },
	{ ",\"a\"", "\"a\"", 1, 1 },
	{ "\"b\", W/\"a\"", "\"a\"", 0, 1 },
	{ "W/\"a\", \"a\"", "\"a\"", 1, 1 },
	{ "W/\"a\", \"a\"", "W/\"a\"", 0, 1 },
	/* a comma inside the quotes is part of the tag */
	{ "\"a,b\"", "\"a,b\"", 1, 1 },
	{ "\"a,b\"", "\"a\"", 0, 0 },
	{ "\"a,b\"", "\"b\"", 0, 0 },
	/* every etagc boundary: %x21, %x23, %x7E, obs-text %x80-FF */
	{ "\"!#~\"", "\"!#~\"", 1, 1 },
	{ "\"\\\"", "\"\\\"", 1, 1 },
	{ "\"\xe9t\xe9\"", "\"\xe9t\xe9\"", 1, 1 },
	{ "\"\x80\xff\"", "\"\x80\xff\"", 1, 1 },
	{ "\"\x80\"", "\"\x81\"", 0, 0 },
	/* bytes that are not etagc: SP, HTAB, controls, DEL, DQUOTE */
	{ "\"a b\"", "\"a b\"", 0, 0 },
	{ "\"a\tb\"", "\"a\tb\"", 0, 0 },
	{ "\"\x01\"", "\"\x01\"", 0, 0 },
	{ "\"\x1f\"", "\"\x1f\"", 0, 0 },
	{ "\"\x7f\"", "\"\x7f\"", 0, 0 },
	{ "\"a\"b\"", "\"a\"b\"", 0, 0 },
	{ "\"a\"b\"", "\"a\"", 0, 0 },
	/* one ill-formed member spoils the whole list */
	{ "\"a\", \"b", "\"a\"", 0, 0 },
	{ "\"a\", b", "\"a\"", 0, 0 },
	{ "b, \"a\"", "\"a\"", 0, 0 },
	{ "\"a\" \"b\"", "\"a\"", 0, 0 },
	{ "\"a\"\"b\"", "\"a\"", 0, 0 },
	{ "\"a\";q=1", "\"a\"", 0, 0 },
	{ "\"a\"\r\n", "\"a\"", 0, 0 },
	{ "\"a\", \"\x7f\"", "\"a\"", 0, 0 },
	/* missing and unterminated quotes */
	{ "a", "\"a\"", 0, 0 },
	{ "\"a", "\"a\"", 0, 0 },
	{ "a\"", "\"a\"", 0, 0 },
	{ "\"", "\"a\"", 0, 0 },
	{ "\"", "\"", 0, 0 },
	/* W/: upper case, directly before the quote, once */
	{ "W/ \"a\"", "\"a\"", 0, 0 },
	{ "w/\"a\"", "\"a\"", 0, 0 },
	{ "W\"a\"", "\"a\"", 0, 0 },
	{ "W/", "\"a\"", 0, 0 },
	{ "W/W/\"a\"", "\"a\"", 0, 0 },
	{ "/\"a\"", "\"a\"", 0, 0 },
	/* an ill-formed ETAG matches no list */
	{ "\"a\"", "a", 0, 0 },
	{ "\"a\"", "", 0, 0 },
	{ "\"a\"", " \"a\"", 0, 0 },
	{ "\"a\"", "\"a\" ", 0, 0 },
	{ "\"a\"", "\"a\"\"", 0, 0 },
	{ "\"a\"", "W/ \"a\"", 0, 0 },
	{ "W/\"a\"", "w/\"a\"", 0, 0 },
	{ "\"a b\"", "\"a b\"", 0, 0 },
	{ "\"a\", \"b\"", "\"a\", \"b\"", 0, 0 },
};

struct stat_row {
	int wide;		/* needs 64-bit ino_t, off_t and time_t */
	unsigned long long ino;
	long long size;
	long long sec;
	long nsec;
	const char *suffix;
	const char *want;
};

/* "INO-SIZE-MTIMENS" in lower-case hex, MTIMENS = sec * 10^9 + nsec
 * modulo 2^64, then "-SUFFIX"; all inside the quotes. */
static const struct stat_row stat_rows[] = {
	{ 0, 0, 0, 0, 0, NULL, "\"0-0-0\"" },
	{ 0, 0, 0, 0, 0, "gz", "\"0-0-0-gz\"" },
	{ 0, 0, 0, 0, 0, "", "\"0-0-0-\"" },
	{ 0, 1, 1, 0, 1, NULL, "\"1-1-1\"" },
	{ 0, 15, 16, 0, 255, NULL, "\"f-10-ff\"" },
	{ 0, 0x1a2b, 0x400, 1700000000LL, 123456789L, NULL,
	    "\"1a2b-400-17979cfe3d85cd15\"" },
	{ 0, 0x1a2b, 0x400, 1700000000LL, 123456789L, "gz",
	    "\"1a2b-400-17979cfe3d85cd15-gz\"" },
	{ 0, 0x1a2b, 0x400, 1700000000LL, 123456789L, "br.v2-x",
	    "\"1a2b-400-17979cfe3d85cd15-br.v2-x\"" },
	{ 0, 7, 1024, 784111777LL, 0, NULL, "\"7-400-ae1b981bc490a00\"" },
	{ 0, 7, 1024, 1LL, 999999999L, NULL, "\"7-400-773593ff\"" },
	{ 0, 7, 1024, 2LL, 0, NULL, "\"7-400-77359400\"" },
	/* before 1970: large numbers, each distinct */
	{ 1, 7, 1024, -1LL, 0, NULL, "\"7-400-ffffffffc4653600\"" },
	{ 1, 7, 1024, -1LL, 500000000L, NULL, "\"7-400-ffffffffe2329b00\"" },
	{ 1, 7, 1024, -1LL, 999999999L, NULL, "\"7-400-ffffffffffffffff\"" },
	{ 1, 7, 1024, -31536000LL, 0, NULL, "\"7-400-ff8ff62cd25d0000\"" },
	/* the extremes: 64-bit values in full, a negative size wrapped */
	{ 1, UINT64_MAX, INT64_MAX, 0, 0, NULL,
	    "\"ffffffffffffffff-7fffffffffffffff-0\"" },
	{ 1, 0, -1, 0, 0, NULL, "\"0-ffffffffffffffff-0\"" },
	{ 1, 0, INT64_MIN, 0, 0, NULL, "\"0-8000000000000000-0\"" },
	{ 1, 0, 0, 253402300799LL, 999999999L, NULL,
	    "\"0-0-bca9d1fea2aeffff\"" },
	/* far beyond the centuries around 1970 the product wraps */
	{ 1, 0, 0, INT64_MAX, 999999999L, NULL, "\"0-0-ffffffffffffffff\"" },
	{ 1, 0, 0, INT64_MIN, 0, NULL, "\"0-0-0\"" },
	/* the longest: every number in full and an 18-byte suffix, 71 */
	{ 1, UINT64_MAX, -1, -1LL, 999999999L, "abcdefghijklmnopqr",
	    "\"ffffffffffffffff-ffffffffffffffff-ffffffffffffffff-"
	    "abcdefghijklmnopqr\"" },
};

struct pre_row {
	const char *method;
	const char *if_match;
	const char *if_none_match;
	const char *if_modified_since;
	const char *if_unmodified_since;
	const char *etag;
	long long last_modified;
	enum hs_precondition want;
};

/* RFC 9110 section 13.2.2, one rule (or one interplay) a row. */
static const struct pre_row pre_rows[] = {
	/* no conditions */
	{ "GET", NULL, NULL, NULL, NULL, TAG, T, PASS },
	{ "POST", NULL, NULL, NULL, NULL, NULL, -1, PASS },
	/* If-Match: strong comparison, "*" whenever it exists */
	{ "GET", TAG, NULL, NULL, NULL, TAG, T, PASS },
	{ "GET", OTHER, NULL, NULL, NULL, TAG, T, F412 },
	{ "GET", "\"x\", \"e1\"", NULL, NULL, NULL, TAG, T, PASS },
	{ "GET", "*", NULL, NULL, NULL, TAG, T, PASS },
	{ "GET", " * ", NULL, NULL, NULL, TAG, T, PASS },
	{ "GET", "*", NULL, NULL, NULL, NULL, -1, PASS },
	{ "GET", TAG, NULL, NULL, NULL, NULL, T, F412 },
	{ "GET", WTAG, NULL, NULL, NULL, TAG, T, F412 },
	{ "GET", TAG, NULL, NULL, NULL, WTAG, T, F412 },
	{ "GET", WTAG, NULL, NULL, NULL, WTAG, T, F412 },
	{ "GET", "\"e1\", x", NULL, NULL, NULL, TAG, T, F412 },
	{ "GET", "*, \"e1\"", NULL, NULL, NULL, TAG, T, F412 },
	{ "GET", "", NULL, NULL, NULL, TAG, T, F412 },
	{ "PUT", TAG, NULL, NULL, NULL, TAG, T, PASS },
	{ "PUT", OTHER, NULL, NULL, NULL, TAG, T, F412 },
	{ "HEAD", OTHER, NULL, NULL, NULL, TAG, T, F412 },
	/* If-Unmodified-Since: 412 only when modified after the date */
	{ "GET", NULL, NULL, NULL, DATE, TAG, T, PASS },
	{ "GET", NULL, NULL, NULL, DATE_BEFORE, TAG, T, F412 },
	{ "GET", NULL, NULL, NULL, DATE, TAG, T + 1, F412 },
	{ "GET", NULL, NULL, NULL, DATE_AFTER, TAG, T, PASS },
	{ "PUT", NULL, NULL, NULL, DATE_BEFORE, TAG, T, F412 },
	{ "GET", NULL, NULL, NULL, " " DATE_850 " ", TAG, T + 1, F412 },
	{ "GET", NULL, NULL, NULL, DATE_ASC, TAG, T + 1, F412 },
	/* ... an invalid date or an unknown time ignored */
	{ "GET", NULL, NULL, NULL, NOT_DATE, TAG, T, PASS },
	{ "GET", NULL, NULL, NULL, "", TAG, T, PASS },
	{ "GET", NULL, NULL, NULL, DATE " x", TAG, T + 1, PASS },
	{ "GET", NULL, NULL, NULL, DATE_BEFORE, TAG, -1, PASS },
	{ "GET", NULL, NULL, NULL, "Wed, 31 Dec 1969 23:59:58 GMT", TAG, -1,
	    PASS },
	{ "GET", NULL, NULL, NULL, DATE_MINUS1, NULL, 0, F412 },
	/* ... and ignored when If-Match is present, passing or not */
	{ "GET", TAG, NULL, NULL, DATE_BEFORE, TAG, T, PASS },
	{ "GET", "*", NULL, NULL, DATE_BEFORE, TAG, T, PASS },
	{ "GET", OTHER, NULL, NULL, DATE_AFTER, TAG, T, F412 },
	/* If-None-Match: weak comparison; 304 for GET and HEAD only */
	{ "GET", NULL, TAG, NULL, NULL, TAG, T, N304 },
	{ "HEAD", NULL, TAG, NULL, NULL, TAG, T, N304 },
	{ "POST", NULL, TAG, NULL, NULL, TAG, T, F412 },
	{ "PUT", NULL, TAG, NULL, NULL, TAG, T, F412 },
	{ "DELETE", NULL, TAG, NULL, NULL, TAG, T, F412 },
	{ "get", NULL, TAG, NULL, NULL, TAG, T, F412 },
	{ "Head", NULL, TAG, NULL, NULL, TAG, T, F412 },
	{ NULL, NULL, TAG, NULL, NULL, TAG, T, F412 },
	{ "GET", NULL, WTAG, NULL, NULL, TAG, T, N304 },
	{ "GET", NULL, TAG, NULL, NULL, WTAG, T, N304 },
	{ "GET", NULL, WTAG, NULL, NULL, WTAG, T, N304 },
	{ "GET", NULL, OTHER, NULL, NULL, TAG, T, PASS },
	{ "GET", NULL, "\"x\", W/\"e1\"", NULL, NULL, TAG, T, N304 },
	{ "POST", NULL, OTHER, NULL, NULL, TAG, T, PASS },
	{ "GET", NULL, "*", NULL, NULL, TAG, T, N304 },
	{ "GET", NULL, "*", NULL, NULL, NULL, -1, N304 },
	{ "POST", NULL, "*", NULL, NULL, TAG, T, F412 },
	{ "GET", NULL, TAG, NULL, NULL, NULL, T, PASS },
	/* ... an ill-formed list matches nothing */
	{ "GET", NULL, "\"e1\" x", NULL, NULL, TAG, T, PASS },
	{ "GET", NULL, "*, \"e1\"", NULL, NULL, TAG, T, PASS },
	{ "GET", NULL, "", NULL, NULL, TAG, T, PASS },
	{ "POST", NULL, "e1", NULL, NULL, TAG, T, PASS },
	/* If-Modified-Since: 304 unless modified after the date */
	{ "GET", NULL, NULL, DATE, NULL, TAG, T, N304 },
	{ "HEAD", NULL, NULL, DATE, NULL, TAG, T, N304 },
	{ "GET", NULL, NULL, DATE_AFTER, NULL, TAG, T, N304 },
	{ "GET", NULL, NULL, DATE, NULL, TAG, T - 1, N304 },
	{ "GET", NULL, NULL, DATE_BEFORE, NULL, TAG, T, PASS },
	{ "GET", NULL, NULL, DATE, NULL, TAG, T + 1, PASS },
	{ "GET", NULL, NULL, DATE_850, NULL, TAG, T, N304 },
	{ "GET", NULL, NULL, DATE_ASC, NULL, TAG, T, N304 },
	{ "GET", NULL, NULL, "\t" DATE " ", NULL, TAG, T, N304 },
	{ "GET", NULL, NULL, DATE_EPOCH, NULL, NULL, 0, N304 },
	{ "GET", NULL, NULL, DATE, NULL, NULL, T, N304 },
	/* ... for GET and HEAD only */
	{ "POST", NULL, NULL, DATE, NULL, TAG, T, PASS },
	{ "PUT", NULL, NULL, DATE, NULL, TAG, T, PASS },
	{ "get", NULL, NULL, DATE, NULL, TAG, T, PASS },
	{ NULL, NULL, NULL, DATE, NULL, TAG, T, PASS },
	/* ... an invalid date or an unknown time ignored */
	{ "GET", NULL, NULL, NOT_DATE, NULL, TAG, T, PASS },
	{ "GET", NULL, NULL, "", NULL, TAG, T, PASS },
	{ "GET", NULL, NULL, "Sun, 06 Nov 1994 08:49:37 UTC", NULL, TAG, T,
	    PASS },
	{ "GET", NULL, NULL, "Sun, 31 Nov 1994 08:49:37 GMT", NULL, TAG, T,
	    PASS },
	{ "GET", NULL, NULL, DATE, NULL, TAG, -1, PASS },
	{ "GET", NULL, NULL, DATE_MINUS1, NULL, TAG, -1, PASS },
	/* ... and ignored when If-None-Match is present */
	{ "GET", NULL, OTHER, DATE, NULL, TAG, T, PASS },
	{ "GET", NULL, OTHER, DATE_AFTER, NULL, TAG, T - 1, PASS },
	{ "GET", NULL, TAG, DATE_BEFORE, NULL, TAG, T, N304 },
	{ "GET", NULL, "e1", DATE, NULL, TAG, T, PASS },
	/* the order: If-Match and If-Unmodified-Since come first */
	{ "GET", OTHER, TAG, NULL, NULL, TAG, T, F412 },
	{ "GET", OTHER, OTHER, NULL, NULL, TAG, T, F412 },
	{ "GET", OTHER, NULL, DATE, NULL, TAG, T, F412 },
	{ "GET", TAG, TAG, NULL, NULL, TAG, T, N304 },
	{ "HEAD", TAG, TAG, NULL, NULL, TAG, T, N304 },
	{ "POST", TAG, TAG, NULL, NULL, TAG, T, F412 },
	{ "GET", TAG, OTHER, NULL, NULL, TAG, T, PASS },
	{ "GET", TAG, NULL, DATE, NULL, TAG, T, N304 },
	{ "GET", NULL, TAG, NULL, DATE_BEFORE, TAG, T, F412 },
	{ "GET", NULL, TAG, NULL, DATE_AFTER, TAG, T, N304 },
	{ "GET", NULL, NULL, DATE_AFTER, DATE_BEFORE, TAG, T, F412 },
	{ "GET", NULL, NULL, DATE, DATE, TAG, T, N304 },
	{ "GET", NULL, NULL, DATE, NOT_DATE, TAG, T, N304 },
	/* all four fields */
	{ "GET", TAG, OTHER, DATE, DATE_BEFORE, TAG, T, PASS },
	{ "GET", TAG, TAG, DATE_BEFORE, DATE_BEFORE, TAG, T, N304 },
	{ "GET", OTHER, TAG, DATE, DATE_AFTER, TAG, T, F412 },
	{ "POST", "*", "*", DATE, DATE_AFTER, TAG, T, F412 },
	{ "GET", "*", OTHER, DATE_AFTER, DATE_BEFORE, NULL, T, PASS },
};

struct range_row {
	const char *method;
	const char *range;
	const char *if_range;
	const char *etag;
	long long last_modified;
	int want;
};

/* RFC 9110 sections 13.1.5 and 14.2. */
static const struct range_row range_rows[] = {
	/* GET with a Range, and no If-Range */
	{ "GET", "bytes=0-1", NULL, TAG, T, 1 },
	{ "GET", "", NULL, TAG, T, 1 },
	{ "GET", "bytes=0-1", NULL, NULL, -1, 1 },
	{ "GET", NULL, NULL, TAG, T, 0 },
	{ "GET", NULL, TAG, TAG, T, 0 },
	{ "HEAD", "bytes=0-1", NULL, TAG, T, 0 },
	{ "POST", "bytes=0-1", NULL, TAG, T, 0 },
	{ "get", "bytes=0-1", NULL, TAG, T, 0 },
	{ NULL, "bytes=0-1", NULL, TAG, T, 0 },
	{ "HEAD", "bytes=0-1", TAG, TAG, T, 0 },
	/* If-Range with an entity-tag: one strong tag, equal to ETAG */
	{ "GET", "bytes=0-1", TAG, TAG, T, 1 },
	{ "GET", "bytes=0-1", " " TAG "\t", TAG, T, 1 },
	{ "GET", "bytes=0-1", OTHER, TAG, T, 0 },
	{ "GET", "bytes=0-1", WTAG, TAG, T, 0 },
	{ "GET", "bytes=0-1", TAG, WTAG, T, 0 },
	{ "GET", "bytes=0-1", WTAG, WTAG, T, 0 },
	{ "GET", "bytes=0-1", TAG, NULL, T, 0 },
	{ "GET", "bytes=0-1", TAG, "e1", T, 0 },
	{ "GET", "bytes=0-1", TAG ", " TAG, TAG, T, 0 },
	{ "GET", "bytes=0-1", "*", TAG, T, 0 },
	{ "GET", "bytes=0-1", "\"e1", TAG, T, 0 },
	{ "GET", "bytes=0-1", "\"e 1\"", "\"e 1\"", T, 0 },
	{ "GET", "bytes=0-1", "W/", TAG, T, 0 },
	{ "GET", "bytes=0-1", "w/\"e1\"", "w/\"e1\"", T, 0 },
	{ "GET", "bytes=0-1", "\"\"", "\"\"", T, 1 },
	{ "GET", "bytes=0-1", "\"\xe9\"", "\"\xe9\"", T, 1 },
	{ "GET", "bytes=0-1", "\"a,b\"", "\"a,b\"", T, 1 },
	/* If-Range with a date: valid, and equal to the second */
	{ "GET", "bytes=0-1", DATE, TAG, T, 1 },
	{ "GET", "bytes=0-1", DATE, NULL, T, 1 },
	{ "GET", "bytes=0-1", " " DATE "\t", TAG, T, 1 },
	{ "GET", "bytes=0-1", DATE_850, TAG, T, 1 },
	{ "GET", "bytes=0-1", DATE_ASC, TAG, T, 1 },
	{ "GET", "bytes=0-1", DATE_BEFORE, TAG, T, 0 },
	{ "GET", "bytes=0-1", DATE_AFTER, TAG, T, 0 },
	{ "GET", "bytes=0-1", DATE, TAG, T - 1, 0 },
	{ "GET", "bytes=0-1", DATE, TAG, T + 1, 0 },
	{ "GET", "bytes=0-1", DATE_EPOCH, TAG, 0, 1 },
	{ "GET", "bytes=0-1", DATE, TAG, -1, 0 },
	{ "GET", "bytes=0-1", DATE_MINUS1, TAG, -1, 0 },
	{ "GET", "bytes=0-1", NOT_DATE, TAG, T, 0 },
	{ "GET", "bytes=0-1", "", TAG, T, 0 },
	{ "GET", "bytes=0-1", "  ", TAG, T, 0 },
	{ "GET", "bytes=0-1", DATE " x", TAG, T, 0 },
	{ "GET", "bytes=0-1", "Sun, 06 Nov 1994 08:49:37 UTC", TAG, T, 0 },
	{ "HEAD", "bytes=0-1", DATE, TAG, T, 0 },
};

/* Fill *SB with the numbers of ROW, everything else zero. */
static void
stat_from_row(struct stat *sb, const struct stat_row *row)
{
	memset(sb, 0, sizeof(*sb));
	sb->st_ino = (ino_t)row->ino;
	sb->st_size = (off_t)row->size;
	sb->st_mtim.tv_sec = (time_t)row->sec;
	sb->st_mtim.tv_nsec = row->nsec;
}

/* Can ROW's numbers be stored here unchanged? */
static int
row_fits(const struct stat_row *row)
{
	return !row->wide || (sizeof(ino_t) >= 8 && sizeof(off_t) >= 8 &&
	    sizeof(time_t) >= 8);
}

/* Fill CONDITIONS from ROW. */
static void
conditions_from_row(struct hs_conditions *c, const struct pre_row *row)
{
	memset(c, 0, sizeof(*c));
	c->method = row->method;
	c->if_match = row->if_match;
	c->if_none_match = row->if_none_match;
	c->if_modified_since = row->if_modified_since;
	c->if_unmodified_since = row->if_unmodified_since;
}

/* Each row of match_rows compares as written, both ways. */
START_TEST(test_match_table)
{
	const struct match_row *row = &match_rows[_i];

	ck_assert_msg(hs_etag_match(row->list, row->etag, 0) == row->strong,
	    "row %d: strong [%s] vs [%s], want %d", _i, row->list, row->etag,
	    row->strong);
	ck_assert_msg(hs_etag_match(row->list, row->etag, 1) == row->weak,
	    "row %d: weak [%s] vs [%s], want %d", _i, row->list, row->etag,
	    row->weak);
}
END_TEST

/* A NULL list or tag matches nothing, "*" included; any nonzero WEAK is
 * the weak comparison. */
START_TEST(test_match_null)
{
	ck_assert_int_eq(hs_etag_match(NULL, "\"a\"", 0), 0);
	ck_assert_int_eq(hs_etag_match(NULL, "\"a\"", 1), 0);
	ck_assert_int_eq(hs_etag_match("*", NULL, 0), 0);
	ck_assert_int_eq(hs_etag_match("*", NULL, 1), 0);
	ck_assert_int_eq(hs_etag_match("\"a\"", NULL, 1), 0);
	ck_assert_int_eq(hs_etag_match(NULL, NULL, 0), 0);
	ck_assert_int_eq(hs_etag_match("W/\"a\"", "\"a\"", 2), 1);
	ck_assert_int_eq(hs_etag_match("W/\"a\"", "\"a\"", -1), 1);
}
END_TEST

/* A long list: the match is found after many members, and a bad byte at
 * its very end still spoils it. */
START_TEST(test_match_long_list)
{
	static char list[64 * 1024];
	size_t n = 0;
	int i;

	for (i = 0; i < 5000; i++) {
		memcpy(list + n, "\"abcdef\", ", 10);
		n += 10;
	}
	memcpy(list + n, "W/\"a\"", 6);
	ck_assert_int_eq(hs_etag_match(list, "\"a\"", 1), 1);
	ck_assert_int_eq(hs_etag_match(list, "\"a\"", 0), 0);
	ck_assert_int_eq(hs_etag_match(list, "\"abcdef\"", 0), 1);
	memcpy(list + n, "W/\"a\"x", 7);
	ck_assert_int_eq(hs_etag_match(list, "\"a\"", 1), 0);
	ck_assert_int_eq(hs_etag_match(list, "\"abcdef\"", 0), 0);
}
END_TEST

/* Each row of stat_rows gives its tag, which matches itself strongly. */
START_TEST(test_stat_table)
{
	const struct stat_row *row = &stat_rows[_i];
	char buf[HS_ETAG_SIZE + 8];
	struct stat sb;
	size_t n;

	if (!row_fits(row))
		return;
	stat_from_row(&sb, row);
	memset(buf, POISON, sizeof(buf));
	n = hs_etag_from_stat(buf, HS_ETAG_SIZE, &sb, row->suffix);
	ck_assert_str_eq(buf, row->want);
	ck_assert_uint_eq(n, strlen(row->want));
	ck_assert_uint_lt(n, HS_ETAG_SIZE);
	ck_assert_int_eq((unsigned char)buf[HS_ETAG_SIZE], POISON);
	ck_assert_uint_eq(hs_etag_from_stat(NULL, 0, &sb, row->suffix), n);
	ck_assert_int_eq(hs_etag_match(buf, buf, 0), 1);
	ck_assert_int_eq(hs_etag_match(buf, buf, 1), 1);
}
END_TEST

/* snprintf()'s rule: the whole length always, a NUL-terminated prefix in
 * a short buffer, nothing written past SIZE. */
START_TEST(test_stat_sizes)
{
	static const char want[] = "\"1a2b-400-17979cfe3d85cd15-gz\"";
	char buf[64];
	struct stat sb;
	size_t size;

	memset(&sb, 0, sizeof(sb));
	sb.st_ino = 0x1a2b;
	sb.st_size = 0x400;
	sb.st_mtim.tv_sec = 1700000000;
	sb.st_mtim.tv_nsec = 123456789;
	for (size = 0; size <= sizeof(want) + 1; size++) {
		memset(buf, POISON, sizeof(buf));
		ck_assert_uint_eq(hs_etag_from_stat(buf, size, &sb, "gz"),
		    sizeof(want) - 1);
		if (size == 0) {
			ck_assert_int_eq((unsigned char)buf[0], POISON);
			continue;
		}
		ck_assert_int_eq(memcmp(buf, want, size - 1), 0);
		ck_assert_int_eq(buf[size - 1 < sizeof(want) - 1 ? size - 1 :
		    sizeof(want) - 1], '\0');
		ck_assert_int_eq((unsigned char)buf[size], POISON);
	}
}
END_TEST

/* HS_ETAG_SIZE holds every tag with a suffix of up to 18 bytes; a 19th
 * byte is cut, and the length still says what the whole tag needs. */
START_TEST(test_stat_longest)
{
	char buf[HS_ETAG_SIZE + 1];
	struct stat sb;

	if (sizeof(ino_t) < 8 || sizeof(off_t) < 8 || sizeof(time_t) < 8)
		return;
	memset(&sb, 0, sizeof(sb));
	sb.st_ino = (ino_t)-1;
	sb.st_size = -1;
	sb.st_mtim.tv_sec = -1;
	sb.st_mtim.tv_nsec = 999999999L;
	ck_assert_uint_eq(hs_etag_from_stat(NULL, 0, &sb, NULL), 52);
	ck_assert_uint_eq(hs_etag_from_stat(NULL, 0, &sb,
	    "abcdefghijklmnopqr"), HS_ETAG_SIZE - 1);
	memset(buf, POISON, sizeof(buf));
	ck_assert_uint_eq(hs_etag_from_stat(buf, HS_ETAG_SIZE, &sb,
	    "abcdefghijklmnopqrs"), HS_ETAG_SIZE);
	ck_assert_uint_eq(strlen(buf), HS_ETAG_SIZE - 1);
	ck_assert_int_eq(buf[HS_ETAG_SIZE - 2], 's');
	ck_assert_int_eq((unsigned char)buf[HS_ETAG_SIZE], POISON);
}
END_TEST

/* Each row of pre_rows has the outcome written. */
START_TEST(test_pre_table)
{
	const struct pre_row *row = &pre_rows[_i];
	struct hs_conditions c;
	enum hs_precondition got;

	conditions_from_row(&c, row);
	got = hs_precondition_eval(&c, row->etag, (time_t)row->last_modified);
	ck_assert_msg(got == row->want, "row %d: %d, want %d", _i, (int)got,
	    (int)row->want);
}
END_TEST

/* If-Range and Range take no part in the preconditions. */
START_TEST(test_pre_ignores_range)
{
	struct hs_conditions c;

	memset(&c, 0, sizeof(c));
	c.method = "GET";
	c.if_range = OTHER;
	c.range = "bytes=0-1";
	ck_assert_int_eq(hs_precondition_eval(&c, TAG, (time_t)T), PASS);
	c.if_none_match = TAG;
	ck_assert_int_eq(hs_precondition_eval(&c, TAG, (time_t)T), N304);
}
END_TEST

/* Each row of range_rows has the answer written. */
START_TEST(test_range_table)
{
	const struct range_row *row = &range_rows[_i];
	struct hs_conditions c;

	memset(&c, 0, sizeof(c));
	c.method = row->method;
	c.range = row->range;
	c.if_range = row->if_range;
	ck_assert_msg(hs_range_applies(&c, row->etag,
	    (time_t)row->last_modified) == row->want, "row %d: want %d", _i,
	    row->want);
}
END_TEST

/* The other conditional fields take no part in If-Range. */
START_TEST(test_range_ignores_preconditions)
{
	struct hs_conditions c;

	memset(&c, 0, sizeof(c));
	c.method = "GET";
	c.range = "bytes=0-1";
	c.if_match = OTHER;
	c.if_none_match = TAG;
	c.if_modified_since = DATE;
	c.if_unmodified_since = DATE_BEFORE;
	ck_assert_int_eq(hs_range_applies(&c, TAG, (time_t)T), 1);
	c.if_range = TAG;
	ck_assert_int_eq(hs_range_applies(&c, TAG, (time_t)T), 1);
	c.if_range = OTHER;
	ck_assert_int_eq(hs_range_applies(&c, TAG, (time_t)T), 0);
}
END_TEST

/* The suite the runner executes: one test case per function. */
Suite *
make_suite(void)
{
	Suite *s = suite_create("precond");
	TCase *tc;

	tc = tcase_create("match");
	ADD_TABLE(tc, test_match_table, match_rows);
	tcase_add_test(tc, test_match_null);
	tcase_add_test(tc, test_match_long_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("stat");
	ADD_TABLE(tc, test_stat_table, stat_rows);
	tcase_add_test(tc, test_stat_sizes);
	tcase_add_test(tc, test_stat_longest);
	suite_add_tcase(s, tc);

	tc = tcase_create("preconditions");
	ADD_TABLE(tc, test_pre_table, pre_rows);
	tcase_add_test(tc, test_pre_ignores_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("if-range");
	ADD_TABLE(tc, test_range_table, range_rows);
	tcase_add_test(tc, test_range_ignores_preconditions);
	suite_add_tcase(s, tc);
	return s;
}
