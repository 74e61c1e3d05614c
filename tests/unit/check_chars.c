/* SPDX-License-Identifier: MIT */
/*
 * check_chars.c - the character classes of chars.h against the grammar of
 * RFC 9110 written out here a second time (every byte of each class), and
 * the span functions built on them (tokens, field text, OWS, names,
 * lists), from tables.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "guard.h"
#include "http/chars.h"
#include "runner.h"

/* RFC 9110 section 5.6.2: tchar, every one of them. */
static const char tchars[] = "!#$%&'*+-.^_`|~0123456789"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The hex digits and their values, upper and lower case. */
static const char hex_digits[] = "0123456789abcdefABCDEF";
static const int hex_values[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    10, 11, 12, 13, 14, 15, 10, 11, 12, 13, 14, 15 };

/* Is byte C among the N bytes at SET? */
static int
in_set(const char *set, size_t n, int c)
{
	return memchr(set, c, n) != NULL;
}

/* Every byte is a tchar exactly when the RFC lists it. */
START_TEST(test_tchar_every_byte)
{
	int c;

	for (c = 0; c < 256; c++)
		ck_assert_msg(hs_is_tchar((unsigned char)c) ==
		    in_set(tchars, sizeof(tchars) - 1, c), "byte 0x%02x", c);
}
END_TEST

/* Every byte has the hex value its digit has, or -1. */
START_TEST(test_hex_every_byte)
{
	const char *d;
	int c, want;

	for (c = 0; c < 256; c++) {
		d = c != 0 ? memchr(hex_digits, c, sizeof(hex_digits) - 1) :
		    NULL;
		want = d != NULL ? hex_values[d - hex_digits] : -1;
		ck_assert_msg(hs_hex_value((unsigned char)c) == want,
		    "byte 0x%02x", c);
	}
}
END_TEST

/* CTL but HTAB: 0x00-0x08, 0x0A-0x1F and DEL; OWS: SP and HTAB.  The
 * bytes at and around each edge of the classes. */
struct class_row {
	unsigned char c;
	int ctl;
	int ows;
};

static const struct class_row class_rows[] = {
	{ 0x00, 1, 0 }, { 0x08, 1, 0 }, { '\t', 0, 1 }, { '\n', 1, 0 },
	{ 0x0b, 1, 0 }, { '\r', 1, 0 }, { 0x1f, 1, 0 }, { ' ', 0, 1 },
	{ '!', 0, 0 }, { '~', 0, 0 }, { 0x7f, 1, 0 }, { 0x80, 0, 0 },
	{ 0x85, 0, 0 }, { 0xa0, 0, 0 }, { 0xff, 0, 0 },
};

START_TEST(test_class_rows)
{
	const struct class_row *r = &class_rows[_i];

	ck_assert_int_eq(hs_is_ctl_but_htab(r->c), r->ctl);
	ck_assert_int_eq(hs_is_ows(r->c), r->ows);
}
END_TEST

struct span_row {
	const char *in;
	size_t len;
	int token;		/* hs_is_token() */
	int field_text;		/* hs_is_field_text() */
	size_t start, end;	/* hs_trim_ows() of the whole span */
};

static const struct span_row span_rows[] = {
	{ S(""), 0, 1, 0, 0 },
	{ S("Host"), 1, 1, 0, 4 },
	{ S("Content-Length"), 1, 1, 0, 14 },
	{ S("X-!#$%&'*+.^_`|~9"), 1, 1, 0, 17 },
	{ S("a b"), 0, 1, 0, 3 },	/* trimming keeps the inner SP */
	{ S(" a"), 0, 1, 1, 2 },
	{ S("a\t"), 0, 1, 0, 1 },
	{ S(" \t a b \t "), 0, 1, 3, 6 },
	{ S("   "), 0, 1, 3, 3 },
	{ S("\t"), 0, 1, 1, 1 },
	{ S("a:b"), 0, 1, 0, 3 },
	{ S("a(b)"), 0, 1, 0, 4 },
	{ S("\"q\""), 0, 1, 0, 3 },
	{ S("caf\xc3\xa9"), 0, 1, 0, 5 },	/* obs-text is field text */
	{ S("\x80\xff"), 0, 1, 0, 2 },
	{ S("a\rb"), 0, 0, 0, 3 },
	{ S("a\nb"), 0, 0, 0, 3 },
	{ S("a\0b"), 0, 0, 0, 3 },
	{ S("\x7f"), 0, 0, 0, 1 },
	{ S("\x1b[1m"), 0, 0, 0, 4 },
	{ S(" \r "), 0, 0, 1, 2 },	/* the CR is not OWS */
	{ S("ok\x01"), 0, 0, 0, 3 },
};

/* Each span is a token, field text, and trimmed, as its row says; the
 * input ends at a guard page, so no function reads past it. */
START_TEST(test_span_rows)
{
	const struct span_row *r = &span_rows[_i];
	const char *in = guard_copy(r->in, r->len);
	size_t start = 0, end = r->len;

	ck_assert_int_eq(hs_is_token(in, r->len), r->token);
	ck_assert_int_eq(hs_is_field_text(in, r->len), r->field_text);
	hs_trim_ows(in, &start, &end);
	ck_assert_uint_eq(start, r->start);
	ck_assert_uint_eq(end, r->end);
}
END_TEST

/* Trimming a part of a buffer looks at no byte outside it. */
START_TEST(test_trim_inside)
{
	const char *in = " x  y ";
	size_t start = 1, end = 4;

	hs_trim_ows(in, &start, &end);
	ck_assert_uint_eq(start, 1);
	ck_assert_uint_eq(end, 2);
	start = 2;
	end = 4;
	hs_trim_ows(in, &start, &end);
	ck_assert_uint_eq(start, 4);
	ck_assert_uint_eq(end, 4);
}
END_TEST

struct name_row {
	const char *in;
	size_t len;
	const char *name;
	int is;
};

static const struct name_row name_rows[] = {
	{ S("Content-Length"), "Content-Length", 1 },
	{ S("content-length"), "Content-Length", 1 },
	{ S("CONTENT-LENGTH"), "content-length", 1 },
	{ S("Content-Lengt"), "Content-Length", 0 },
	{ S("Content-Lengths"), "Content-Length", 0 },
	{ S("Content_Length"), "Content-Length", 0 },
	{ S("chunked"), "chunked", 1 },
	{ S("Chunked"), "chunked", 1 },
	{ S("chunked\0"), "chunked", 0 },	/* a NUL is no end here */
	{ S(""), "", 1 },
	{ S(""), "x", 0 },
	{ S("k\xc3\xa9"), "K\xc3\x89", 0 },	/* ASCII case only */
};

/* A span is the name its row gives, ignoring ASCII case only. */
START_TEST(test_name_rows)
{
	const struct name_row *r = &name_rows[_i];
	const char *in = guard_copy(r->in, r->len);

	ck_assert_int_eq(hs_name_is(in, r->len, r->name), r->is);
}
END_TEST

/* Up to four elements of a comma-separated list, "|"-joined. */
struct list_row {
	const char *in;
	size_t len;
	const char *want;
};

static const struct list_row list_rows[] = {
	{ S(""), "" },
	{ S(","), "" },
	{ S(" , \t,, "), "" },
	{ S("close"), "close" },
	{ S("keep-alive, close"), "keep-alive|close" },
	{ S(" a ,b\t,\tc "), "a|b|c" },
	{ S(",,a,,"), "a" },
	{ S("gzip, chunked"), "gzip|chunked" },
	{ S("a b, c"), "a b|c" },		/* inner SP stays */
	{ S("a;q=1 , b"), "a;q=1|b" },
	{ S("\"x,y\""), "\"x|y\"" },	/* no quoted strings */
	{ S("a,\r,b"), "a|\r|b" },		/* CTLs are the caller's */
};

/* Each list gives the elements its row names, and the walk stops at
 * the end of its span (a guard page). */
START_TEST(test_list_rows)
{
	const struct list_row *r = &list_rows[_i];
	const char *in = guard_copy(r->in, r->len);
	char got[64];
	size_t pos = 0, start, end, n = 0;

	got[0] = '\0';
	while (hs_list_next(in, r->len, &pos, &start, &end)) {
		ck_assert_uint_le(pos, r->len);
		ck_assert_uint_lt(start, end);
		ck_assert_uint_lt(n + (end - start) + 2, sizeof(got));
		if (n > 0)
			got[n++] = '|';
		memcpy(got + n, in + start, end - start);
		n += end - start;
		got[n] = '\0';
	}
	ck_assert_uint_eq(pos, r->len);
	ck_assert_str_eq(got, r->want);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("chars");
	TCase *tc = tcase_create("chars");

	tcase_add_test(tc, test_tchar_every_byte);
	tcase_add_test(tc, test_hex_every_byte);
	ADD_TABLE(tc, test_class_rows, class_rows);
	ADD_TABLE(tc, test_span_rows, span_rows);
	tcase_add_test(tc, test_trim_inside);
	ADD_TABLE(tc, test_name_rows, name_rows);
	ADD_TABLE(tc, test_list_rows, list_rows);
	suite_add_tcase(s, tc);
	return s;
}
