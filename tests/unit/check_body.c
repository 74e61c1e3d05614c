/* SPDX-License-Identifier: MIT */
/*
 * check_body.c - request body framing (RFC 9112 section 6: one reading of
 * every byte stream, or a refusal) and the chunked decoder (section 7.1),
 * whole and one byte at a time.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "http/body.h"
#include "guard.h"
#include "http/hs_limits.h"
#include "http/parse.h"
#include "runner.h"

struct framing_row {
	const char *head;
	int status;		/* 0, 400 or 501 */
	enum hs_body_kind kind;
	unsigned long long length;
};

static const struct framing_row framing_rows[] = {
	{ "GET / HTTP/1.1\r\n\r\n", 0, HS_FRAMING_NONE, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 0,
	    HS_FRAMING_LENGTH, 5 },
	{ "POST / HTTP/1.0\r\ncontent-length: 12\r\n\r\n", 0,
	    HS_FRAMING_LENGTH, 12 },
	{ "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 0,
	    HS_FRAMING_NONE, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 007\r\n\r\n", 0,
	    HS_FRAMING_LENGTH, 7 },
	{ "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
	    0, HS_FRAMING_LENGTH, ULLONG_MAX },
	{ "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 5 5\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
	    400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
	    400, 0, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 0,
	    HS_FRAMING_CHUNKED, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n", 0,
	    HS_FRAMING_CHUNKED, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: , chunked ,\r\n\r\n", 0,
	    HS_FRAMING_CHUNKED, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
	    0, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", 501, 0, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400,
	    0, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
	    400, 0, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n", 400, 0,
	    0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n", 400, 0,
	    0 },
	{ "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 5\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.1\r\nContent-Length: 5\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", 400, 0, 0 },
	{ "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, 0,
	    0 },
	{ "POST / HTTP/0.9\r\nTransfer-Encoding: chunked\r\n\r\n", 400, 0,
	    0 },
	{ "GET /\r\nContent-Length: 5\r\n\r\n", 0, HS_FRAMING_NONE, 0 },
};

/* Each head frames its body as RFC 9112 section 6.3 says, or is refused. */
START_TEST(test_framing)
{
	const struct framing_row *r = &framing_rows[_i];
	struct hs_head h;
	struct hs_framing f;
	const char *buf = guard_copy(r->head, strlen(r->head));
	int rc;

	hs_parse_init(&h);
	ck_assert_int_eq(hs_parse_head(&h, buf, strlen(r->head), 0),
	    HS_PARSE_DONE);
	rc = hs_body_framing(&h, buf, &f);
	ck_assert_int_eq(f.status, r->status);
	ck_assert_int_eq(rc, r->status == 0 ? 0 : -1);
	if (r->status == 0) {
		ck_assert_int_eq(f.kind, r->kind);
		ck_assert(f.length == r->length);
	} else {
		ck_assert_ptr_nonnull(f.message);
	}
}
END_TEST

struct length_row {
	const char *in;
	size_t len;
	int rc;				/* 0, or -1: not 1*DIGIT */
	unsigned long long length;	/* when 0 */
};

/* One reading of Content-Length for requests, handlers and scripts:
 * exact up to ULLONG_MAX, saturating beyond, never wrapped. */
static const struct length_row length_rows[] = {
	{ S("0"), 0, 0 },
	{ S("1"), 0, 1 },
	{ S("007"), 0, 7 },
	{ S("65536"), 0, 65536 },
	{ S("999999999999999999"), 0, 999999999999999999ULL },
	{ S("1000000000000000000"), 0, 1000000000000000000ULL },
	{ S("9223372036854775807"), 0, 9223372036854775807ULL },
	{ S("9223372036854775808"), 0, 9223372036854775808ULL },
	{ S("18446744073709551614"), 0, ULLONG_MAX - 1 },
	{ S("18446744073709551615"), 0, ULLONG_MAX },
	{ S("18446744073709551616"), 0, ULLONG_MAX },
	{ S("18446744073709551620"), 0, ULLONG_MAX },
	{ S("28446744073709551615"), 0, ULLONG_MAX },
	{ S("184467440737095516150"), 0, ULLONG_MAX },
	{ S("99999999999999999999999"), 0, ULLONG_MAX },
	{ S("00000000000000000000000000000001"), 0, 1 },
	{ S(""), -1, 0 },
	{ S("+1"), -1, 0 },
	{ S("-1"), -1, 0 },
	{ S(" 1"), -1, 0 },
	{ S("1 "), -1, 0 },
	{ S("1,1"), -1, 0 },
	{ S("1, 1"), -1, 0 },
	{ S("0x10"), -1, 0 },
	{ S("1.0"), -1, 0 },
	{ S("1e3"), -1, 0 },
	{ S("1_000"), -1, 0 },
	{ S("\xef\xbc\x91"), -1, 0 },		/* FULLWIDTH DIGIT ONE */
	{ S("\0"), -1, 0 },
	{ S("5\0"), -1, 0 },
	{ S("99999999999999999999x"), -1, 0 },
};

/* Each value reads as its row says; the input ends at a guard page. */
START_TEST(test_content_length)
{
	const struct length_row *r = &length_rows[_i];
	const char *in = guard_copy(r->in, r->len);
	unsigned long long n = 12345;

	ck_assert_int_eq(hs_parse_content_length(in, r->len, &n), r->rc);
	if (r->rc == 0)
		ck_assert_msg(n == r->length, "row %d: %llu", _i, n);
}
END_TEST

struct chunked_row {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	enum hs_chunked_status status;	/* DONE, ERROR or MORE at the end */
	const char *data;	/* the decoded body */
	size_t used;		/* DONE: bytes of IN consumed (0: all) */
};

static const struct chunked_row chunked_rows[] = {
	{ "5\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_DONE, "hello", 0 },
	{ "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 0, HS_CHUNKED_DONE, "abcde",
	    0 },
	{ "A\r\n0123456789\r\n0\r\n\r\n", 0, HS_CHUNKED_DONE, "0123456789",
	    0 },
	{ "a\r\n0123456789\r\n0\r\n\r\n", 0, HS_CHUNKED_DONE, "0123456789",
	    0 },
	{ "005\r\nhello\r\n0000\r\n\r\n", 0, HS_CHUNKED_DONE, "hello", 0 },
	{ "5;name=value\r\nhello\r\n0;x\r\n\r\n", 0, HS_CHUNKED_DONE,
	    "hello", 0 },
	{ "5 ;name=\"q a\"\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_DONE,
	    "hello", 0 },
	{ "0\r\n\r\n", 0, HS_CHUNKED_DONE, "", 0 },
	{ "0\r\nTrailer: x\r\n\r\n", 0, HS_CHUNKED_DONE, "", 0 },
	{ "5\r\nhello\r\n0\r\nA: b\r\nC: d\r\n\r\n", 0, HS_CHUNKED_DONE,
	    "hello", 0 },
	{ "0\r\n\r\nGET / HTTP/1.1\r\n\r\n", 0, HS_CHUNKED_DONE, "", 5 },
	{ "5\r\nhe\0lo\r\n0\r\n\r\n", 15, HS_CHUNKED_DONE, "he\0lo", 0 },
	{ "5\r\nhel", 0, HS_CHUNKED_MORE, "hel", 0 },
	{ "5\r\nhello\r\n", 0, HS_CHUNKED_MORE, "hello", 0 },
	{ "5\r\nhello\r\n0\r\n", 0, HS_CHUNKED_MORE, "hello", 0 },
	{ "\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ ";x\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "g\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "-5\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "0x5\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ " 5\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "5\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "5\r\nhelloX\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "hello", 0 },
	{ "5\r\nhello\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "hello", 0 },
	{ "5\r\nhello\r0\r\n\r\n", 0, HS_CHUNKED_ERROR, "hello", 0 },
	{ "1000000000000000\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "5;\x01\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "5;a\rb\r\nhello\r\n0\r\n\r\n", 0, HS_CHUNKED_ERROR, "", 0 },
	{ "5\r\nhello\r\n0\r\n X: y\r\n\r\n", 0, HS_CHUNKED_ERROR, "hello",
	    0 },
	{ "5\r\nhello\r\n0\r\nX: \0\r\n\r\n", 21, HS_CHUNKED_ERROR, "hello",
	    0 },
	{ "5\r\nhello\r\n0\r\nX: y\n\r\n", 0, HS_CHUNKED_ERROR, "hello", 0 },
	{ "0\r\n\n", 0, HS_CHUNKED_ERROR, "", 0 },
};

/* Feed IN to a fresh decoder STEP bytes at a time (0: all at once),
 * collecting the body into OUT; returns the final status. */
static enum hs_chunked_status
decode(const char *in, size_t len, size_t step, char *out, size_t *out_len,
    size_t *consumed)
{
	struct hs_chunked c;
	enum hs_chunked_status st = HS_CHUNKED_MORE;
	size_t pos = 0;

	hs_chunked_init(&c);
	*out_len = 0;
	while (pos < len && st != HS_CHUNKED_DONE && st != HS_CHUNKED_ERROR) {
		size_t n = step == 0 || len - pos < step ? len - pos : step;
		const char *buf = guard_copy(in + pos, n);
		size_t used, off, dlen;

		st = hs_chunked_parse(&c, buf, n, &used, &off, &dlen);
		ck_assert_uint_le(used, n);
		if (st == HS_CHUNKED_DATA) {
			ck_assert_uint_le(off + dlen, n);
			ck_assert_uint_eq(used, off + dlen);
			memcpy(out + *out_len, buf + off, dlen);
			*out_len += dlen;
		}
		pos += used;
		if (st == HS_CHUNKED_DATA)
			st = HS_CHUNKED_MORE;
	}
	*consumed = pos;
	return st;
}

/* Each row whole, then one byte at a time, then in threes: same body,
 * same verdict, same bytes consumed. */
START_TEST(test_chunked)
{
	const struct chunked_row *r = &chunked_rows[_i];
	size_t len = r->len != 0 ? r->len : strlen(r->in);
	size_t steps[] = { 0, 1, 3 };
	size_t i, want_data = r->len != 0 ? 5 : strlen(r->data);

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char out[256];
		size_t out_len, consumed;
		enum hs_chunked_status st;

		st = decode(r->in, len, steps[i], out, &out_len, &consumed);
		ck_assert_int_eq(st, r->status);
		if (st != HS_CHUNKED_ERROR) {
			ck_assert_uint_eq(out_len, want_data);
			ck_assert(memcmp(out, r->data, out_len) == 0);
		}
		if (st == HS_CHUNKED_DONE)
			ck_assert_uint_eq(consumed, r->used != 0 ? r->used :
			    len);
	}
}
END_TEST

/* Chunk extensions and trailers are bounded like header lines. */
START_TEST(test_chunked_limits)
{
	size_t big = HS_MAX_CHUNK_LINE + 16, n;
	char *s = malloc(HS_MAX_TRAILER + 64);
	char out[16];
	size_t out_len, consumed;

	memcpy(s, "5;", 2);
	memset(s + 2, 'e', big);
	memcpy(s + 2 + big, "\r\n", 2);
	ck_assert_int_eq(decode(s, big + 4, 0, out, &out_len, &consumed),
	    HS_CHUNKED_ERROR);
	/* Just inside the bound: fine. */
	n = HS_MAX_CHUNK_LINE - 4;
	memset(s + 2, 'e', n);
	memcpy(s + 2 + n, "\r\nhello\r\n0\r\n\r\n", 15);
	ck_assert_int_eq(decode(s, n + 17, 0, out, &out_len, &consumed),
	    HS_CHUNKED_DONE);
	/* A trailer section past HS_MAX_TRAILER. */
	memcpy(s, "0\r\nX: ", 6);
	memset(s + 6, 't', HS_MAX_TRAILER);
	memcpy(s + 6 + HS_MAX_TRAILER, "\r\n\r\n", 4);
	ck_assert_int_eq(decode(s, HS_MAX_TRAILER + 10, 0, out, &out_len,
	    &consumed), HS_CHUNKED_ERROR);
	free(s);
}
END_TEST

/* A chunk size of HS_MAX_CHUNK_SIZE_DIGITS hex digits is read, leading
 * zeros and all; one digit more is refused, whatever its value. */
START_TEST(test_chunk_size_digits)
{
	static const char rest[] = "5\r\nhello\r\n0\r\n\r\n";
	char in[HS_MAX_CHUNK_SIZE_DIGITS + sizeof(rest)], out[16];
	size_t n = HS_MAX_CHUNK_SIZE_DIGITS, out_len, consumed;

	memset(in, '0', n - 1);
	memcpy(in + n - 1, rest, sizeof(rest) - 1);
	ck_assert_int_eq(decode(in, n - 1 + sizeof(rest) - 1, 0, out,
	    &out_len, &consumed), HS_CHUNKED_DONE);
	ck_assert_uint_eq(out_len, 5);
	ck_assert(memcmp(out, "hello", 5) == 0);
	memset(in, '0', n);
	memcpy(in + n, rest, sizeof(rest) - 1);
	ck_assert_int_eq(decode(in, n + sizeof(rest) - 1, 0, out, &out_len,
	    &consumed), HS_CHUNKED_ERROR);
}
END_TEST

/* The largest chunk size that fits (15 hex digits) is accepted and
 * counted exactly; the decoder hands out data as it comes. */
START_TEST(test_chunked_large_size)
{
	struct hs_chunked c;
	const char *buf = guard_copy("fffffffffffffff\r\nab", 19);
	size_t used, off, len;

	hs_chunked_init(&c);
	ck_assert_int_eq(hs_chunked_parse(&c, buf, 19, &used, &off, &len),
	    HS_CHUNKED_DATA);
	ck_assert_uint_eq(off, 17);
	ck_assert_uint_eq(len, 2);
	ck_assert(c.remaining == 0xfffffffffffffffULL - 2);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("body");
	TCase *tc = tcase_create("body");

	ADD_TABLE(tc, test_content_length, length_rows);
	tcase_add_loop_test(tc, test_framing, 0,
	    (int)(sizeof(framing_rows) / sizeof(framing_rows[0])));
	tcase_add_loop_test(tc, test_chunked, 0,
	    (int)(sizeof(chunked_rows) / sizeof(chunked_rows[0])));
	tcase_add_test(tc, test_chunked_limits);
	tcase_add_test(tc, test_chunked_large_size);
	tcase_add_test(tc, test_chunk_size_digits);
	suite_add_tcase(s, tc);
	return s;
}
