/* SPDX-License-Identifier: MIT */
/*
 * check_range.c - unit tests of range.c: the Range field of RFC 9110
 * section 14.2 read and merged by hs_parse_range(), and the framing of a
 * 206 (Content-Range, multipart/byteranges part headers, closing
 * delimiter and body length).  Expected lengths of multipart bodies were
 * computed by Python from the layout range.h gives and pasted here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "http/hs_limits.h"
#include "http/range.h"
#include "httpserve.h"

_Static_assert(sizeof(off_t) == 8, "the rows are written for a 64-bit off_t");

/* The largest off_t, the size of the largest representation. */
#define BIG 9223372036854775807LL

#define WHOLE HS_RANGE_WHOLE
#define PART HS_RANGE_PARTIAL
#define UNSAT HS_RANGE_UNSATISFIABLE

/* The parts the server allows, the MAX of most rows. */
#define PM HS_RANGE_PARTS_MAX

/* A string literal repeated 4, 16 and 64 times. */
#define REP4(x) x x x x
#define REP16(x) REP4(REP4(x))
#define REP64(x) REP4(REP16(x))

/* 16 ranges apart from each other, and the 17th. */
#define SIXTEEN "0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18," \
	"20-20,22-22,24-24,26-26,28-28,30-30"
#define SIXTEEN_BACK "30-30,28-28,26-26,24-24,22-22,20-20,18-18,16-16," \
	"14-14,12-12,10-10,8-8,6-6,4-4,2-2,0-0"

/* Numbers beyond an off_t: 2^63, 2^64 and a 30-digit one. */
#define N63 "9223372036854775808"
#define N64 "18446744073709551616"
#define N30 "123456789012345678901234567890"
#define N30_PLUS "123456789012345678901234567891"

struct parse_row {
	const char *value;	/* NULL: no field */
	long long size;
	size_t max;
	enum hs_range_result want;
	const char *ranges;	/* PARTIAL: "FIRST-LAST,..." in order */
};

static const struct parse_row parse_rows[] = {
	/* single ranges of a 100-byte representation */
	{ "bytes=0-0", 100, PM, PART, "0-0" },
	{ "bytes=0-", 100, PM, PART, "0-99" },
	{ "bytes=-1", 100, PM, PART, "99-99" },
	{ "bytes=-0", 100, PM, UNSAT, NULL },
	{ "bytes=5-4", 100, PM, WHOLE, NULL },
	{ "bytes=0-99", 100, PM, PART, "0-99" },
	{ "bytes=10-20", 100, PM, PART, "10-20" },
	{ "bytes=99-99", 100, PM, PART, "99-99" },
	{ "bytes=99-", 100, PM, PART, "99-99" },
	{ "bytes=-99", 100, PM, PART, "1-99" },
	{ "bytes=-100", 100, PM, PART, "0-99" },
	/* past the end: cut, or unsatisfiable when it starts there */
	{ "bytes=0-100", 100, PM, PART, "0-99" },
	{ "bytes=50-1000", 100, PM, PART, "50-99" },
	{ "bytes=100-", 100, PM, UNSAT, NULL },
	{ "bytes=100-100", 100, PM, UNSAT, NULL },
	{ "bytes=100-200", 100, PM, UNSAT, NULL },
	{ "bytes=1000-", 100, PM, UNSAT, NULL },
	/* a suffix longer than the representation is all of it */
	{ "bytes=-101", 100, PM, PART, "0-99" },
	{ "bytes=-1000000", 100, PM, PART, "0-99" },
	/* unsatisfiable specs dropped, invalid ones void the field */
	{ "bytes=0-0,-0", 100, PM, PART, "0-0" },
	{ "bytes=-0,-0", 100, PM, UNSAT, NULL },
	{ "bytes=100-,-0,200-300", 100, PM, UNSAT, NULL },
	{ "bytes=200-,0-0", 100, PM, PART, "0-0" },
	{ "bytes=5-5,200-,0-0", 100, PM, PART, "5-5,0-0" },
	{ "bytes=100-,5-4", 100, PM, WHOLE, NULL },
	{ "bytes=0-0,5-4", 100, PM, WHOLE, NULL },
	{ "bytes=50-49", 100, PM, WHOLE, NULL },
	/* the unit: "bytes" in any case, anything else ignored */
	{ "Bytes=0-1", 100, PM, PART, "0-1" },
	{ "BYTES=0-1", 100, PM, PART, "0-1" },
	{ "bYtEs=0-1", 100, PM, PART, "0-1" },
	{ "Bytes=", 100, PM, WHOLE, NULL },
	{ "bytes=", 100, PM, WHOLE, NULL },
	{ "items=0-1", 100, PM, WHOLE, NULL },
	{ "byte=0-1", 100, PM, WHOLE, NULL },
	{ "bytess=0-1", 100, PM, WHOLE, NULL },
	{ "none", 100, PM, WHOLE, NULL },
	{ "bytes", 100, PM, WHOLE, NULL },
	{ "=0-1", 100, PM, WHOLE, NULL },
	{ "", 100, PM, WHOLE, NULL },
	{ " ", 100, PM, WHOLE, NULL },
	{ NULL, 100, PM, WHOLE, NULL },
	{ "bytes:0-1", 100, PM, WHOLE, NULL },
	{ "bytes==0-1", 100, PM, WHOLE, NULL },
	{ "bytes=0-1;q=1", 100, PM, WHOLE, NULL },
	{ "by tes=0-1", 100, PM, WHOLE, NULL },
	/* whitespace: around the value and the list's commas only */
	{ " bytes=0-1", 100, PM, PART, "0-1" },
	{ "\tbytes=0-1\t ", 100, PM, PART, "0-1" },
	{ "bytes=0-1 ", 100, PM, PART, "0-1" },
	{ "bytes = 0-1", 100, PM, WHOLE, NULL },
	{ "bytes =0-1", 100, PM, WHOLE, NULL },
	{ "bytes= 0-1", 100, PM, WHOLE, NULL },
	{ "bytes=\t0-1", 100, PM, WHOLE, NULL },
	{ "bytes=0-1 , 3-4", 100, PM, PART, "0-1,3-4" },
	{ "bytes=0-1,\t3-4", 100, PM, PART, "0-1,3-4" },
	{ "bytes=0-1\t,3-4 ", 100, PM, PART, "0-1,3-4" },
	{ "bytes=0 -1", 100, PM, WHOLE, NULL },
	{ "bytes=0- 1", 100, PM, WHOLE, NULL },
	{ "bytes=- 1", 100, PM, WHOLE, NULL },
	{ "bytes=0-1 3-4", 100, PM, WHOLE, NULL },
	{ "bytes=0-1\r\n", 100, PM, WHOLE, NULL },
	{ "bytes=0-1\n", 100, PM, WHOLE, NULL },
	{ "bytes=0-1,\v3-4", 100, PM, WHOLE, NULL },
	/* empty list elements are skipped, but one spec is needed */
	{ "bytes=,", 100, PM, WHOLE, NULL },
	{ "bytes=,,", 100, PM, WHOLE, NULL },
	{ "bytes=, ,\t,", 100, PM, WHOLE, NULL },
	{ "bytes=,0-1", 100, PM, PART, "0-1" },
	{ "bytes=0-1,", 100, PM, PART, "0-1" },
	{ "bytes=0-1,,3-4", 100, PM, PART, "0-1,3-4" },
	{ "bytes=,,0-1,, ,3-4,,", 100, PM, PART, "0-1,3-4" },
	{ "bytes=, 0-1", 100, PM, PART, "0-1" },
	/* garbage in a spec */
	{ "bytes=a-1", 100, PM, WHOLE, NULL },
	{ "bytes=1-a", 100, PM, WHOLE, NULL },
	{ "bytes=+1-2", 100, PM, WHOLE, NULL },
	{ "bytes=1-+2", 100, PM, WHOLE, NULL },
	{ "bytes=-+2", 100, PM, WHOLE, NULL },
	{ "bytes=0x1-2", 100, PM, WHOLE, NULL },
	{ "bytes=1.0-2", 100, PM, WHOLE, NULL },
	{ "bytes=-", 100, PM, WHOLE, NULL },
	{ "bytes=--1", 100, PM, WHOLE, NULL },
	{ "bytes=1--2", 100, PM, WHOLE, NULL },
	{ "bytes=1-2-3", 100, PM, WHOLE, NULL },
	{ "bytes=-1-", 100, PM, WHOLE, NULL },
	{ "bytes=-1-2", 100, PM, WHOLE, NULL },
	{ "bytes=1", 100, PM, WHOLE, NULL },
	{ "bytes=0-1,a", 100, PM, WHOLE, NULL },
	{ "bytes=0-1,-", 100, PM, WHOLE, NULL },
	{ "bytes=\xd9\xa1-2", 100, PM, WHOLE, NULL },
	{ "bytes=0-1;", 100, PM, WHOLE, NULL },
	/* overlapping: merged, then in ascending order */
	{ "bytes=5-10,1-3,2-6", 100, PM, PART, "1-10" },
	{ "bytes=0-,0-,0-,0-", 100, PM, PART, "0-99" },
	{ "bytes=0-,1-,2-,3-", 100, PM, PART, "0-99" },
	{ "bytes=0-0,0-0", 100, PM, PART, "0-0" },
	{ "bytes=0-50,10-20", 100, PM, PART, "0-50" },
	{ "bytes=10-20,0-50", 100, PM, PART, "0-50" },
	{ "bytes=90-,-5", 100, PM, PART, "90-99" },
	{ "bytes=-5,90-", 100, PM, PART, "90-99" },
	{ "bytes=50-59,0-9,20-29,9-10", 100, PM, PART,
	    "0-10,20-29,50-59" },
	{ "bytes=5-5,0-0,200-,5-6", 100, PM, PART, "0-0,5-6" },
	{ "bytes=30-40,0-5,35-36", 100, PM, PART, "0-5,30-40" },
	{ "bytes=0-0,4-4,8-8,2-6", 100, PM, PART, "0-0,2-6,8-8" },
	{ "bytes=0-0,4-4,8-8,2-7", 100, PM, PART, "0-0,2-8" },
	/* adjacent: merged too */
	{ "bytes=0-9,10-19", 100, PM, PART, "0-19" },
	{ "bytes=10-19,0-9", 100, PM, PART, "0-19" },
	{ "bytes=0-0,2-2,1-1", 100, PM, PART, "0-2" },
	{ "bytes=50-59,0-9,20-29,60-60", 100, PM, PART,
	    "0-9,20-29,50-60" },
	{ "bytes=-10,89-89", 100, PM, PART, "89-99" },
	{ "bytes=0-9,10-", 100, PM, PART, "0-99" },
	/* apart, out of order: kept as asked */
	{ "bytes=0-9,11-19", 100, PM, PART, "0-9,11-19" },
	{ "bytes=11-19,0-9", 100, PM, PART, "11-19,0-9" },
	{ "bytes=50-59,0-9,20-29", 100, PM, PART, "50-59,0-9,20-29" },
	{ "bytes=-10,0-9", 100, PM, PART, "90-99,0-9" },
	{ "bytes=-10,0-88", 100, PM, PART, "90-99,0-88" },
	/* MAX parts, and MAX + 1 */
	{ "bytes=" SIXTEEN, 100, PM, PART, SIXTEEN },
	{ "bytes=" SIXTEEN_BACK, 100, PM, PART, SIXTEEN_BACK },
	{ "bytes=" SIXTEEN ",32-32", 100, PM, WHOLE, NULL },
	{ "bytes=" SIXTEEN ",200-", 100, PM, PART, SIXTEEN },
	{ "bytes=" SIXTEEN ",31-31", 100, PM, PART,
	    "0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,"
	    "20-20,22-22,24-24,26-26,28-28,30-31" },
	{ "bytes=" SIXTEEN ",32-32,1-1", 100, PM, PART,
	    "0-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,"
	    "20-20,22-22,24-24,26-26,28-28,30-30,32-32" },
	{ "bytes=0-0,2-2", 100, 2, PART, "0-0,2-2" },
	{ "bytes=0-0,2-2,4-4", 100, 2, WHOLE, NULL },
	{ "bytes=0-0,2-2", 100, 1, WHOLE, NULL },
	{ "bytes=0-0,2-2,0-5", 100, 1, PART, "0-5" },
	{ "bytes=0-0,2-2,4-4,1-3", 100, 1, PART, "0-4" },
	{ "bytes=0-0,2-2,4-4,6-6,0-99", 100, 1, PART, "0-99" },
	{ "bytes=0-0", 100, 0, WHOLE, NULL },
	{ "bytes=100-", 100, 0, UNSAT, NULL },
	/* HS_RANGE_SPECS_MAX specs, and one more */
	{ "bytes=" REP64("0-0,"), 100, PM, PART, "0-0" },
	{ "bytes=" REP64("0-0,") "0-0", 100, PM, WHOLE, NULL },
	{ "bytes=" REP64("0-,"), 100, PM, PART, "0-99" },
	{ "bytes=" REP64("0-,") "0-", 100, PM, WHOLE, NULL },
	{ "bytes=" REP64(",, 0-0 ,"), 100, PM, PART, "0-0" },
	{ "bytes=" REP64("200-,"), 100, PM, UNSAT, NULL },
	{ "bytes=" REP64("200-,") "0-0", 100, PM, WHOLE, NULL },
	{ "bytes=" REP64("-0,"), 100, PM, UNSAT, NULL },
	{ "bytes=" REP64("-0,") "-0", 100, PM, WHOLE, NULL },
	{ "bytes=" REP16("0-,1-,2-,3-,"), 100, PM, PART, "0-99" },
	{ "bytes=" REP16("5-6,") "6-5", 100, PM, WHOLE, NULL },
	/* leading zeros, 19- and 30-digit numbers */
	{ "bytes=00000000000000000000000000000005-6", 100, PM, PART, "5-6" },
	{ "bytes=00-00", 100, PM, PART, "0-0" },
	{ "bytes=-00", 100, PM, UNSAT, NULL },
	{ "bytes=10-0009", 100, PM, WHOLE, NULL },
	{ "bytes=10-00010", 100, PM, PART, "10-10" },
	{ "bytes=9223372036854775807-", 100, PM, UNSAT, NULL },
	{ "bytes=9999999999999999999-", 100, PM, UNSAT, NULL },
	{ "bytes=0-9223372036854775807", 100, PM, PART, "0-99" },
	{ "bytes=0-9999999999999999999", 100, PM, PART, "0-99" },
	{ "bytes=0-" N63, 100, PM, PART, "0-99" },
	{ "bytes=0-" N64, 100, PM, PART, "0-99" },
	{ "bytes=-9223372036854775807", 100, PM, PART, "0-99" },
	{ "bytes=-" N64, 100, PM, PART, "0-99" },
	{ "bytes=" N30 "-", 100, PM, UNSAT, NULL },
	{ "bytes=0-" N30, 100, PM, PART, "0-99" },
	{ "bytes=-" N30, 100, PM, PART, "0-99" },
	{ "bytes=" N30 "-" N30, 100, PM, UNSAT, NULL },
	{ "bytes=" N30_PLUS "-" N30, 100, PM, WHOLE, NULL },
	{ "bytes=000" N30_PLUS "-" N30, 100, PM, WHOLE, NULL },
	{ "bytes=" N30 "-000" N30_PLUS, 100, PM, UNSAT, NULL },
	{ "bytes=99999999999999999999999999999-" N30, 100, PM, UNSAT,
	    NULL },
	{ "bytes=" N64 "-" N63, 100, PM, WHOLE, NULL },
	{ "bytes=" N63 "-9223372036854775807", 100, PM, WHOLE, NULL },
	{ "bytes=99-" N30, 100, PM, PART, "99-99" },
	/* an empty representation: a suffix is satisfiable but empty */
	{ "bytes=0-", 0, PM, UNSAT, NULL },
	{ "bytes=0-0", 0, PM, UNSAT, NULL },
	{ "bytes=-0", 0, PM, UNSAT, NULL },
	{ "bytes=-1", 0, PM, WHOLE, NULL },
	{ "bytes=-" N30, 0, PM, WHOLE, NULL },
	{ "bytes=0-0,-1", 0, PM, WHOLE, NULL },
	{ "bytes=-1,0-0", 0, PM, WHOLE, NULL },
	{ "bytes=-1", 0, 0, WHOLE, NULL },
	{ "bytes=5-4", 0, PM, WHOLE, NULL },
	{ "items=0-0", 0, PM, WHOLE, NULL },
	/* one byte */
	{ "bytes=0-0", 1, PM, PART, "0-0" },
	{ "bytes=0-", 1, PM, PART, "0-0" },
	{ "bytes=-1", 1, PM, PART, "0-0" },
	{ "bytes=-5", 1, PM, PART, "0-0" },
	{ "bytes=1-", 1, PM, UNSAT, NULL },
	{ "bytes=0-0,-1", 1, PM, PART, "0-0" },
	/* the largest representation: nothing overflows */
	{ "bytes=0-", BIG, PM, PART, "0-9223372036854775806" },
	{ "bytes=-1", BIG, PM, PART,
	    "9223372036854775806-9223372036854775806" },
	{ "bytes=9223372036854775806-", BIG, PM, PART,
	    "9223372036854775806-9223372036854775806" },
	{ "bytes=9223372036854775806-" N30, BIG, PM, PART,
	    "9223372036854775806-9223372036854775806" },
	{ "bytes=9223372036854775807-", BIG, PM, UNSAT, NULL },
	{ "bytes=" N63 "-", BIG, PM, UNSAT, NULL },
	{ "bytes=-9223372036854775807", BIG, PM, PART,
	    "0-9223372036854775806" },
	{ "bytes=-9223372036854775806", BIG, PM, PART,
	    "1-9223372036854775806" },
	{ "bytes=-" N63, BIG, PM, PART, "0-9223372036854775806" },
	{ "bytes=0-0,9223372036854775805-", BIG, PM, PART,
	    "0-0,9223372036854775805-9223372036854775806" },
	{ "bytes=-1,0-0", BIG, PM, PART,
	    "9223372036854775806-9223372036854775806,0-0" },
	{ "bytes=0-9223372036854775805,-1", BIG, PM, PART,
	    "0-9223372036854775806" },
	{ "bytes=-1", BIG - 1, PM, PART,
	    "9223372036854775805-9223372036854775805" },
	{ "bytes=9223372036854775805-", BIG - 1, PM, PART,
	    "9223372036854775805-9223372036854775805" },
	{ "bytes=9223372036854775806-", BIG - 1, PM, UNSAT, NULL },
	/* a representation of unknown length */
	{ "bytes=0-0", -1, PM, WHOLE, NULL },
	{ "bytes=-1", -1, PM, WHOLE, NULL },
};

struct content_range_row {
	int unsatisfiable;	/* R NULL: the 416's form */
	long long first;
	long long last;
	long long size;
	const char *want;
};

static const struct content_range_row content_range_rows[] = {
	{ 0, 0, 0, 1, "bytes 0-0/1" },
	{ 0, 0, 99, 100, "bytes 0-99/100" },
	{ 0, 5, 10, 1000, "bytes 5-10/1000" },
	{ 0, 21010, 47021, 47022, "bytes 21010-47021/47022" },
	{ 0, BIG - 1, BIG - 1, BIG,
	    "bytes 9223372036854775806-9223372036854775806/"
	    "9223372036854775807" },
	{ 0, 0, BIG - 1, BIG, "bytes 0-9223372036854775806/"
	    "9223372036854775807" },
	{ 1, 0, 0, 0, "bytes */0" },
	{ 1, 0, 0, 100, "bytes */100" },
	{ 1, 0, 0, BIG, "bytes */9223372036854775807" },
};

struct part_row {
	const char *boundary;
	const char *type;
	long long first;
	long long last;
	long long size;
	const char *want;
};

static const struct part_row part_rows[] = {
	{ "B", "text/plain", 0, 0, 10,
	    "\r\n--B\r\nContent-Type: text/plain\r\n"
	    "Content-Range: bytes 0-0/10\r\n\r\n" },
	{ "3d6b6a416f9b5", "application/octet-stream", 500, 999, 8000,
	    "\r\n--3d6b6a416f9b5\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "Content-Range: bytes 500-999/8000\r\n\r\n" },
	{ "0123456789abcdef0123456789abcdef", "text/html; charset=utf-8",
	    BIG - 1, BIG - 1, BIG,
	    "\r\n--0123456789abcdef0123456789abcdef\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Range: bytes 9223372036854775806-9223372036854775806/"
	    "9223372036854775807\r\n\r\n" },
	{ "", "", 0, 0, 1,
	    "\r\n--\r\nContent-Type: \r\nContent-Range: bytes 0-0/1\r\n\r\n" },
};

struct tail_row {
	const char *boundary;
	const char *want;
};

static const struct tail_row tail_rows[] = {
	{ "B", "\r\n--B--\r\n" },
	{ "3d6b6a416f9b5", "\r\n--3d6b6a416f9b5--\r\n" },
	{ "0123456789abcdef0123456789abcdef",
	    "\r\n--0123456789abcdef0123456789abcdef--\r\n" },
	{ "", "\r\n----\r\n" },
};

/* At most this many ranges in a row of length_rows. */
#define LENGTH_RANGES 3

struct length_row {
	const char *boundary;
	const char *type;
	long long size;
	size_t count;
	struct { long long first, last; } r[LENGTH_RANGES];
	long long want;
};

#define OCTETS "application/octet-stream"

/* The layout of range.h summed by Python; the last rows are a body of
 * exactly BIG bytes, one byte less, and longer ones (which stop at BIG). */
static const struct length_row length_rows[] = {
	{ "B", "text/plain", 10, 0, { { 0, 0 } }, 9 },
	{ "B", "text/plain", 10, 1, { { 0, 9 } }, 83 },
	{ "B", "text/plain", 10, 2, { { 0, 0 }, { 2, 3 } }, 140 },
	{ "3d6b6a416f9b5", OCTETS, 8000, 3,
	    { { 500, 999 }, { 0, 99 }, { 2000, 7999 } }, 6908 },
	{ "", "", 1, 1, { { 0, 0 } }, 61 },
	{ "3d6b6a416f9b5", OCTETS, BIG, 2, { { 0, 0 }, { BIG - 1, BIG - 1 } },
	    273 },
	{ "3d6b6a416f9b5", OCTETS, BIG, 2, { { 0, 0 }, { 257, BIG - 1 } },
	    BIG - 1 },
	{ "3d6b6a416f9b5", OCTETS, BIG, 2, { { 0, 0 }, { 256, BIG - 1 } },
	    BIG },
	{ "3d6b6a416f9b5", OCTETS, BIG, 2, { { 0, 0 }, { 255, BIG - 1 } },
	    BIG },
	{ "3d6b6a416f9b5", OCTETS, BIG, 2, { { 0, 0 }, { 2, BIG - 1 } },
	    BIG },
	{ "3d6b6a416f9b5", OCTETS, BIG, 3,
	    { { 0, 0 }, { 2, BIG - 3 }, { BIG - 1, BIG - 1 } }, BIG },
};

/* A heap copy of the string S, sized exactly so that AddressSanitizer
 * and valgrind catch any read past its NUL. */
static char *
dup_exact(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	return p;
}

/* RANGES[0..COUNT) as "FIRST-LAST,..." into BUF. */
static void
format_ranges(char *buf, size_t size, const struct hs_byte_range *ranges,
    size_t count)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < count && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%lld-%lld",
		    i > 0 ? "," : "", (long long)ranges[i].first,
		    (long long)ranges[i].last);
	ck_assert_uint_lt(n, size);
}

/*
 * Each row of parse_rows gives its result and ranges exactly, *COUNT is 0
 * unless PARTIAL, and nothing is written from RANGES[MAX] on: the array
 * is MAX ranges and one poisoned guard, on the heap.
 */
START_TEST(test_parse_table)
{
	static const unsigned char zero[sizeof(struct hs_byte_range)];
	const struct parse_row *row = &parse_rows[_i];
	struct hs_byte_range *ranges, guard;
	enum hs_range_result r;
	char *value = row->value != NULL ? dup_exact(row->value) : NULL;
	char got[1024];
	size_t count = 12345;

	ranges = calloc(row->max + 1, sizeof(*ranges));
	ck_assert_ptr_nonnull(ranges);
	memset(&guard, 0x5a, sizeof(guard));
	ranges[row->max] = guard;
	r = hs_parse_range(value, (off_t)row->size, ranges, row->max,
	    &count);
	ck_assert_int_eq(r, row->want);
	if (r == HS_RANGE_PARTIAL) {
		ck_assert_uint_ge(count, 1);
		ck_assert_uint_le(count, row->max);
		format_ranges(got, sizeof(got), ranges, count);
		ck_assert_str_eq(got, row->ranges);
	} else {
		ck_assert_uint_eq(count, 0);
		/* Nothing was promised of RANGES; nothing was written. */
		if (row->max > 0)
			ck_assert_mem_eq(&ranges[0], zero, sizeof(zero));
	}
	ck_assert_mem_eq(&ranges[row->max], &guard, sizeof(guard));
	free(ranges);
	free(value);
}
END_TEST

/* "bytes=" and N ranges of one byte, two apart (0-0,2-2,...), in
 * ascending order or, with BACKWARDS, descending. */
static char *
spaced_ranges(size_t n, int backwards)
{
	size_t i, k, len = 0, size = 16 + n * 24;
	char *s = malloc(size);

	ck_assert_ptr_nonnull(s);
	len = (size_t)snprintf(s, size, "bytes=");
	for (i = 0; i < n; i++) {
		k = backwards ? n - 1 - i : i;
		len += (size_t)snprintf(s + len, size - len, "%s%zu-%zu",
		    i > 0 ? "," : "", 2 * k, 2 * k);
	}
	return s;
}

/*
 * HS_RANGE_SPECS_MAX ranges apart, with MAX as large: all of them, in the
 * order asked; with MAX one less, the whole; and one spec more, the
 * whole whatever MAX.  _i: 0 ascending, 1 descending.
 */
START_TEST(test_parse_specs_max)
{
	struct hs_byte_range ranges[HS_RANGE_SPECS_MAX + 1];
	char *value = spaced_ranges(HS_RANGE_SPECS_MAX, _i);
	char *more = spaced_ranges(HS_RANGE_SPECS_MAX + 1, _i);
	size_t count, i, k;

	ck_assert_int_eq(hs_parse_range(value, 1000, ranges,
	    HS_RANGE_SPECS_MAX, &count), HS_RANGE_PARTIAL);
	ck_assert_uint_eq(count, HS_RANGE_SPECS_MAX);
	for (i = 0; i < count; i++) {
		k = _i ? HS_RANGE_SPECS_MAX - 1 - i : i;
		ck_assert_int_eq(ranges[i].first, (off_t)(2 * k));
		ck_assert_int_eq(ranges[i].last, (off_t)(2 * k));
	}
	ck_assert_int_eq(hs_parse_range(value, 1000, ranges,
	    HS_RANGE_SPECS_MAX - 1, &count), HS_RANGE_WHOLE);
	ck_assert_uint_eq(count, 0);
	ck_assert_int_eq(hs_parse_range(more, 1000, ranges,
	    HS_RANGE_SPECS_MAX + 1, &count), HS_RANGE_WHOLE);
	ck_assert_uint_eq(count, 0);
	free(value);
	free(more);
}
END_TEST

/*
 * The 64 ranges of test_parse_specs_max and, last, one that joins them
 * all: a single part, although 64 were apart until the end.
 */
START_TEST(test_parse_join_late)
{
	struct hs_byte_range r;
	char *apart = spaced_ranges(HS_RANGE_SPECS_MAX - 1, _i);
	char value[1024];
	size_t count;

	snprintf(value, sizeof(value), "%s,0-%d", apart,
	    2 * (HS_RANGE_SPECS_MAX - 2));
	ck_assert_int_eq(hs_parse_range(value, 1000, &r, 1, &count),
	    HS_RANGE_PARTIAL);
	ck_assert_uint_eq(count, 1);
	ck_assert_int_eq(r.first, 0);
	ck_assert_int_eq(r.last, 2 * (HS_RANGE_SPECS_MAX - 2));
	free(apart);
}
END_TEST

/* Call hs_range_content_range() for ROW into BUF of SIZE bytes. */
static size_t
content_range(char *buf, size_t size, const struct content_range_row *row)
{
	struct hs_byte_range r = { (off_t)row->first, (off_t)row->last };

	return hs_range_content_range(buf, size,
	    row->unsatisfiable ? NULL : &r, (off_t)row->size);
}

/*
 * Check snprintf()'s rule of a writer for WANT: measured with (NULL, 0),
 * the whole written with one byte to spare, a prefix with one short, and
 * nothing with a size of one but the NUL.
 */
#define CHECK_WRITER(call, want) do {					\
	char buf_[256];							\
	size_t n_ = strlen(want);					\
	char *buf = NULL;						\
	size_t size = 0;						\
									\
	ck_assert_uint_eq((call), n_);					\
	buf = buf_;							\
	memset(buf_, 0x5a, sizeof(buf_));				\
	size = n_ + 1;							\
	ck_assert_uint_eq((call), n_);					\
	ck_assert_str_eq(buf_, (want));					\
	ck_assert_int_eq(buf_[n_ + 1], 0x5a);				\
	memset(buf_, 0x5a, sizeof(buf_));				\
	size = n_;							\
	ck_assert_uint_eq((call), n_);					\
	ck_assert_uint_eq(strlen(buf_), n_ - 1);			\
	ck_assert_int_eq(memcmp(buf_, (want), n_ - 1), 0);		\
	ck_assert_int_eq(buf_[n_], 0x5a);				\
	memset(buf_, 0x5a, sizeof(buf_));				\
	size = 1;							\
	ck_assert_uint_eq((call), n_);					\
	ck_assert_int_eq(buf_[0], '\0');				\
	ck_assert_int_eq(buf_[1], 0x5a);				\
} while (0)

/* Each row of content_range_rows, by snprintf()'s rule. */
START_TEST(test_content_range_table)
{
	const struct content_range_row *row = &content_range_rows[_i];

	CHECK_WRITER(content_range(buf, size, row), row->want);
}
END_TEST

/* Each row of part_rows, by snprintf()'s rule. */
START_TEST(test_part_head_table)
{
	const struct part_row *row = &part_rows[_i];
	struct hs_byte_range r = { (off_t)row->first, (off_t)row->last };

	CHECK_WRITER(hs_range_part_head(buf, size, row->boundary, row->type,
	    &r, (off_t)row->size), row->want);
}
END_TEST

/* Each row of tail_rows, by snprintf()'s rule. */
START_TEST(test_tail_table)
{
	const struct tail_row *row = &tail_rows[_i];

	CHECK_WRITER(hs_range_multipart_tail(buf, size, row->boundary),
	    row->want);
}
END_TEST

/*
 * Each row of length_rows: the length Python summed, and (unless it
 * stopped at BIG) the sum of what the writers measure and the bytes.
 */
START_TEST(test_length_table)
{
	const struct length_row *row = &length_rows[_i];
	struct hs_byte_range r[LENGTH_RANGES] = { { 0, 0 } };
	unsigned long long sum;
	size_t i;

	for (i = 0; i < row->count; i++) {
		r[i].first = (off_t)row->r[i].first;
		r[i].last = (off_t)row->r[i].last;
	}
	ck_assert_int_eq(hs_range_multipart_length(row->boundary, row->type,
	    r, row->count, (off_t)row->size), row->want);
	sum = hs_range_multipart_tail(NULL, 0, row->boundary);
	for (i = 0; i < row->count; i++)
		sum += hs_range_part_head(NULL, 0, row->boundary, row->type,
		    &r[i], (off_t)row->size) +
		    (unsigned long long)(r[i].last - r[i].first) + 1;
	if (sum < (unsigned long long)BIG)
		ck_assert_uint_eq(sum, (unsigned long long)row->want);
	else
		ck_assert_int_eq(row->want, BIG);
}
END_TEST

/* The suite the runner executes: one test case per area. */
Suite *
make_suite(void)
{
	Suite *s = suite_create("range");
	TCase *tc;

	tc = tcase_create("parse");
	ADD_TABLE(tc, test_parse_table, parse_rows);
	tcase_add_loop_test(tc, test_parse_specs_max, 0, 2);
	tcase_add_loop_test(tc, test_parse_join_late, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("framing");
	ADD_TABLE(tc, test_content_range_table, content_range_rows);
	ADD_TABLE(tc, test_part_head_table, part_rows);
	ADD_TABLE(tc, test_tail_table, tail_rows);
	ADD_TABLE(tc, test_length_table, length_rows);
	suite_add_tcase(s, tc);
	return s;
}
