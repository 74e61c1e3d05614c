/* SPDX-License-Identifier: MIT */
/*
 * check_coding.c - unit tests of coding.c: the names and suffixes of the
 * sidecar codings, the codings an Accept-Encoding value accepts (RFC 9110
 * sections 12.4.2 and 12.5.3) and the one chosen among those available.
 * Expected values follow the grammar of those sections and the rules
 * coding.h adds (a malformed member is absent, the first of two members
 * naming a coding counts).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "runner.h"

#include <stdlib.h>
#include <string.h>

#include "http/coding.h"

#define B HS_CODING_BIT(HS_CODING_BR)
#define Z HS_CODING_BIT(HS_CODING_ZSTD)
#define G HS_CODING_BIT(HS_CODING_GZIP)
#define ALL HS_CODING_ALL

/* The results of hs_coding_choose(), shorter. */
#define BR HS_CODING_BR
#define ZSTD HS_CODING_ZSTD
#define GZIP HS_CODING_GZIP
#define NONE (-1)

/* Bits that are no coding, which hs_coding_choose() must ignore. */
#define NOT_CODINGS (~(unsigned)HS_CODING_ALL)

/* The long values of test_long_table: about this many bytes. */
#define LONG_SIZE (1024 * 1024)

struct name_row {
	int c;
	const char *name;
	const char *suffix;
};

static const struct name_row name_rows[] = {
	{ HS_CODING_BR, "br", ".br" },
	{ HS_CODING_ZSTD, "zstd", ".zst" },
	{ HS_CODING_GZIP, "gzip", ".gz" },
	/* not a coding */
	{ HS_CODINGS, NULL, NULL },
	{ HS_CODINGS + 1, NULL, NULL },
	{ 100, NULL, NULL },
	{ -1, NULL, NULL },
};

struct accept_row {
	const char *value;
	unsigned want;
};

/* hs_coding_accepted(value) is want. */
static const struct accept_row accept_rows[] = {
	/* nothing */
	{ NULL, 0 },
	{ "", 0 },
	{ " ", 0 },
	{ ",", 0 },
	{ " , ,\t,", 0 },
	/* one coding, any case */
	{ "gzip", G },
	{ "GZIP", G },
	{ "Gzip", G },
	{ "x-gzip", G },
	{ "X-GZIP", G },
	{ "X-Gzip;q=0.5", G },
	{ "x-gzip;q=0", 0 },
	{ "br", B },
	{ "BR", B },
	{ "zstd", Z },
	{ "ZStd", Z },
	/* near misses of the names, and the suffixes, are not codings */
	{ "xgzip", 0 },
	{ "x_gzip", 0 },
	{ "x-gzip2", 0 },
	{ "gzip2", 0 },
	{ "gzi", 0 },
	{ "gz", 0 },
	{ ".gz", 0 },
	{ "zst", 0 },
	{ "zstandard", 0 },
	{ "b", 0 },
	{ "brotli", 0 },
	/* codings httpserve keeps no sidecar for */
	{ "identity", 0 },
	{ "deflate", 0 },
	{ "compress, deflate", 0 },
	{ "identity, *;q=0", 0 },
	{ "identity;q=0, *", ALL },
	/* browsers and RFC 9110's examples */
	{ "gzip, deflate, br, zstd", ALL },
	{ "gzip, deflate, br", B | G },
	{ "compress, gzip", G },
	{ "compress;q=0.5, gzip;q=1.0", G },
	{ "gzip;q=1.0, identity; q=0.5, *;q=0", G },
	{ "deflate, gzip;q=1.0, *;q=0.5", ALL },
	{ "gzip, br, zstd", ALL },
	{ "br;q=1.0, gzip;q=0.5", B | G },
	/* q-values: 0 refuses, anything above accepts */
	{ "gzip;q=0", 0 },
	{ "gzip;q=0.", 0 },
	{ "gzip;q=0.0", 0 },
	{ "gzip;q=0.00", 0 },
	{ "gzip;q=0.000", 0 },
	{ "gzip;q=0.001", G },
	{ "gzip;q=0.01", G },
	{ "gzip;q=0.1", G },
	{ "gzip;q=0.999", G },
	{ "gzip;q=1", G },
	{ "gzip;q=1.", G },
	{ "gzip;q=1.0", G },
	{ "gzip;q=1.00", G },
	{ "gzip;q=1.000", G },
	{ "gzip;Q=0.5", G },
	{ "gzip;Q=0", 0 },
	/* "*" covers what is not named */
	{ "*", ALL },
	{ "*;q=0.5", ALL },
	{ "*;q=1", ALL },
	{ "*;q=0", 0 },
	{ "*;Q=0.000", 0 },
	{ "*, br;q=0", Z | G },
	{ "br;q=0, *", Z | G },
	{ "*;q=0, br", B },
	{ "br, *;q=0", B },
	{ "*;q=0, gzip, x-gzip;q=0", G },
	/* malformed q-values: the member is absent */
	{ "gzip;q=1.5", 0 },
	{ "gzip;q=1.01", 0 },
	{ "gzip;q=1.001", 0 },
	{ "gzip;q=1.0000", 0 },
	{ "gzip;q=0.1234", 0 },
	{ "gzip;q=0.0000", 0 },
	{ "gzip;q=", 0 },
	{ "gzip;q=abc", 0 },
	{ "gzip;q=2", 0 },
	{ "gzip;q=9", 0 },
	{ "gzip;q=-0.5", 0 },
	{ "gzip;q=+1", 0 },
	{ "gzip;q=.5", 0 },
	{ "gzip;q=00.5", 0 },
	{ "gzip;q=01", 0 },
	{ "gzip;q=10", 0 },
	{ "gzip;q=1e0", 0 },
	{ "gzip;q=0x1", 0 },
	{ "gzip;q=0.5a", 0 },
	{ "gzip;q=0..5", 0 },
	{ "gzip;q=\"0.5\"", 0 },
	{ "gzip;q= 0.5", 0 },
	{ "gzip;q =0.5", 0 },
	{ "gzip;q:0.5", 0 },
	{ "gzip;q", 0 },
	{ "gzip;qq=1", 0 },
	{ "gzip;", 0 },
	{ "gzip; ", 0 },
	{ "gzip;;q=1", 0 },
	{ "gzip;q=0.5;", 0 },
	{ "gzip;q=0.5;q=0.5", 0 },
	{ "gzip;q=1.5, br", B },
	/* a comma after a valid weight ends the member */
	{ "gzip;q=0,5", 0 },
	{ "gzip;q=0.5,br", B | G },
	/* other parameters: the member is absent */
	{ "br;level=5", 0 },
	{ "br;level=5, gzip", G },
	{ "br;q=0.5;level=5", 0 },
	{ "br;level=5;q=0.5", 0 },
	{ "br;q=0.5 level=5", 0 },
	{ "gzip=1", 0 },
	{ "q=1", 0 },
	/* no quoted-string in the grammar: a comma always separates */
	{ "br;x=\"a, zstd, b\"", Z },
	{ "br;x=\"a, gzip\"", 0 },
	/* whitespace */
	{ " ,gzip,, br ,", B | G },
	{ "gzip ; q=0.5", G },
	{ "gzip ;q=0.5", G },
	{ "gzip; q=0.5", G },
	{ "gzip\t;\tq=0.5\t", G },
	{ "  gzip  ", G },
	{ "\tbr\t", B },
	{ "gzip,br", B | G },
	{ "gzip ,br", B | G },
	{ "gzip br", 0 },
	{ "gz ip", 0 },
	{ "gzip\r\n", 0 },
	{ "gzip\r\n, br", B },
	{ "\ngzip", 0 },
	{ "gzip\v", 0 },
	/* a coding named twice: the first valid member counts */
	{ "gzip;q=0, gzip", 0 },
	{ "gzip, gzip;q=0", G },
	{ "x-gzip;q=0, gzip", 0 },
	{ "gzip, x-gzip;q=0", G },
	{ "gzip;q=1.5, gzip", G },
	{ "gzip;q=1.5, gzip;q=0", 0 },
	{ "br;level=1, br;q=0", 0 },
	{ "*;q=0, *", 0 },
	{ "*, *;q=0", ALL },
	/* a malformed member is absent, so "*" covers its coding */
	{ "gzip;q=1.5, *", ALL },
	{ "gzip;q=1.5, *;q=0", 0 },
	{ "br;q=0.1234, *;q=0.1", ALL },
	/* tokens with odd characters */
	{ "!#$%&'*+-.^_`|~", 0 },
	{ "!#$%&'*+-.^_`|~, zstd", Z },
	{ "gzip!", 0 },
	{ "gzip.", 0 },
	{ "*gzip", 0 },
	{ "gzip*", 0 },
	{ "**", 0 },
	{ "* ;q=1", ALL },
	{ "br\"", 0 },
	{ "\"br\"", 0 },
	{ "br/1", 0 },
	{ "br(1)", 0 },
	{ "br@", 0 },
	{ "{gzip}", 0 },
	{ "[br], zstd", Z },
	{ "gzip\x80", 0 },
	{ "\xc3\xa9, zstd", Z },
	{ "gzip\x01, br", B },
	{ "\x7fgzip", 0 },
	{ "br, ;q=1", B },
	{ ";q=1, gzip", G },
	{ ";, zstd", Z },
	{ "=, zstd", Z },
	/* a C string: a NUL ends it */
	{ "br\0gzip", B },
};

struct choose_row {
	const char *value;
	unsigned available;
	int want;
};

/* hs_coding_choose(value, available) is want. */
static const struct choose_row choose_rows[] = {
	/* nothing accepted */
	{ NULL, ALL, NONE },
	{ "", ALL, NONE },
	{ " , ", ALL, NONE },
	{ "identity", ALL, NONE },
	{ "deflate", ALL, NONE },
	{ "gzip;q=0", ALL, NONE },
	{ "*;q=0", ALL, NONE },
	/* one coding */
	{ "gzip", ALL, GZIP },
	{ "gzip", G, GZIP },
	{ "gzip", B | Z, NONE },
	{ "GZIP", G, GZIP },
	{ "x-gzip", G, GZIP },
	{ "x-gzip", B | Z, NONE },
	{ "br", ALL, BR },
	{ "zstd", Z, ZSTD },
	/* the highest q wins */
	{ "br;q=1.0, gzip;q=0.5", ALL, BR },
	{ "br;q=1.0, gzip;q=0.5", Z | G, GZIP },
	{ "br;q=1.0, gzip;q=0.5", Z, NONE },
	{ "gzip;q=0.5, br;q=1.0", ALL, BR },
	{ "zstd;q=0.9, br;q=0.8", ALL, ZSTD },
	{ "zstd;q=0.9, br;q=0.8", B | G, BR },
	{ "zstd;q=0.9, br;q=0.8", G, NONE },
	{ "gzip;q=0.001, br;q=0", ALL, GZIP },
	{ "gzip;q=0.002, zstd;q=0.001", ALL, GZIP },
	{ "gzip;q=1, zstd;q=0.999", ALL, GZIP },
	{ "gzip;q=0.51, br;q=0.5", ALL, GZIP },
	{ "gzip;q=0.5, br;q=0.499", ALL, GZIP },
	{ "x-gzip;q=0.3, br;q=0.2", ALL, GZIP },
	/* ties: br, zstd, gzip */
	{ "gzip, br, zstd", ALL, BR },
	{ "gzip, br, zstd", Z | G, ZSTD },
	{ "gzip, br, zstd", G, GZIP },
	{ "zstd, gzip", ALL, ZSTD },
	{ "gzip, zstd", ALL, ZSTD },
	{ "gzip;q=1.0, zstd;q=1.000", ALL, ZSTD },
	{ "gzip;q=0.5, zstd;q=0.50, br;q=0.500", ALL, BR },
	{ "BR;Q=0.7, Zstd;q=0.70", ALL, BR },
	{ "gzip, deflate, br, zstd", ALL, BR },
	{ "gzip, deflate, br", Z, NONE },
	/* "*" and the codings named explicitly */
	{ "*", ALL, BR },
	{ "*", Z | G, ZSTD },
	{ "*", G, GZIP },
	{ "*, br;q=0", ALL, ZSTD },
	{ "br;q=0, *", ALL, ZSTD },
	{ "br;q=0, *", B, NONE },
	{ "gzip;q=0, *", ALL, BR },
	{ "gzip;q=0, *", G, NONE },
	{ "*;q=0.5, gzip", ALL, GZIP },
	{ "gzip, *;q=0.5", ALL, GZIP },
	{ "*;q=0.5, gzip;q=0.4", ALL, BR },
	{ "*;q=0.5, gzip;q=0.4", G, GZIP },
	{ "*;q=0.5, gzip;q=0.5", ALL, BR },
	{ "*;q=0.5, gzip;q=0.5", Z | G, ZSTD },
	{ "*;q=0.5, gzip;q=0.501", ALL, GZIP },
	{ "*;q=0, br", ALL, BR },
	{ "*;q=0, br", Z | G, NONE },
	{ "zstd;q=1, *;q=0.1", B | G, BR },
	/* malformed members are absent */
	{ "gzip;q=1.5, br;q=0.1", ALL, BR },
	{ "gzip;q=1.5, br;q=0.1", G, NONE },
	{ "gzip;q=0.1234, zstd;q=0.1", ALL, ZSTD },
	{ "br;level=5, gzip;q=0.1", ALL, GZIP },
	{ "br;level=5, *;q=0.1", ALL, BR },
	{ "gzip;q=, br;q=abc, zstd;q=0.3", ALL, ZSTD },
	/* whitespace */
	{ "gzip ; q=0.5, br;q=0.4", ALL, GZIP },
	{ " ,gzip,, br ,", ALL, BR },
	{ " ,gzip,, br ,", Z | G, GZIP },
	/* the first valid member naming a coding counts */
	{ "br;q=0.1, gzip;q=0.5, br", ALL, GZIP },
	{ "br;q=2, gzip;q=0.5, br", ALL, BR },
	/* availability: what is not there is not chosen */
	{ "br, gzip;q=0.5", Z | G, GZIP },
	{ "br", Z | G, NONE },
	{ "br;q=0.9, zstd;q=0.8, gzip;q=0.7", Z | G, ZSTD },
	{ "br;q=0.9, zstd;q=0.8, gzip;q=0.7", B | G, BR },
	{ "br;q=0.9, zstd;q=0.8, gzip;q=0.7", G, GZIP },
	{ "gzip", 0, NONE },
	{ "*", 0, NONE },
	/* bits beyond HS_CODING_ALL are ignored */
	{ "gzip, deflate, br, zstd", ~0u, BR },
	{ "gzip", NOT_CODINGS, NONE },
	{ "gzip", NOT_CODINGS | G, GZIP },
	{ "*", NOT_CODINGS | Z, ZSTD },
};

struct long_row {
	const char *head;
	const char *unit;	/* repeated to LONG_SIZE bytes */
	const char *tail;
	unsigned accepted;
	int choice;		/* among all codings */
};

/* Values of a megabyte, which a parser quadratic in their length (or in
 * the number of their members) would take minutes over. */
static const struct long_row long_rows[] = {
	{ "", ",", "gzip", G, GZIP },
	{ "", " ", "br", B, BR },
	{ "", "\t,", "zstd", Z, ZSTD },
	{ "", ";", "", 0, NONE },
	{ "", "\"", ",gzip", G, GZIP },
	{ "", "a", ", zstd", Z, ZSTD },
	{ "", "gzip;q=0,", "br", B, BR },
	{ "", "gzip,", "br;q=0.5", B | G, GZIP },
	{ "", "x;q=0.5 y,", "gzip", G, GZIP },
	{ "", "gzip;q=0.1234,", "br;q=0.5", B, BR },
	{ "", "br;level=5,", "*", ALL, BR },
	{ "", "*;q=0.5,", "gzip", ALL, GZIP },
	{ "", "q=", "", 0, NONE },
	{ "gzip;q=0.", "0", "", 0, NONE },
	{ "br;q=1.", "0", ", zstd", Z, ZSTD },
	{ "gzip", " ", ";q=0.5", G, GZIP },
	{ "gzip;", " ", "q=0.5", G, GZIP },
};

/* Each row of name_rows has its name and suffix (or NULL for both). */
START_TEST(test_name_table)
{
	const struct name_row *row = &name_rows[_i];
	const char *name, *suffix;

	name = hs_coding_name((enum hs_coding)row->c);
	suffix = hs_coding_suffix((enum hs_coding)row->c);
	if (row->name == NULL) {
		ck_assert_ptr_null(name);
		ck_assert_ptr_null(suffix);
		return;
	}
	ck_assert_str_eq(name, row->name);
	ck_assert_str_eq(suffix, row->suffix);
	/* The name a response gives is the one a request asks for. */
	ck_assert_uint_eq(hs_coding_accepted(name), HS_CODING_BIT(row->c));
	ck_assert_int_eq(hs_coding_choose(name, HS_CODING_ALL), row->c);
}
END_TEST

/* Each row of accept_rows accepts what it says. */
START_TEST(test_accept_table)
{
	const struct accept_row *row = &accept_rows[_i];

	ck_assert_msg(hs_coding_accepted(row->value) == row->want,
	    "row %d \"%s\": %#x, want %#x", _i,
	    row->value != NULL ? row->value : "(null)",
	    hs_coding_accepted(row->value), row->want);
}
END_TEST

/*
 * For each row of accept_rows and every set of available codings (with
 * and without bits beyond them), hs_coding_choose() agrees with
 * hs_coding_accepted(): an accepted member of the set, or -1 when the
 * set holds none.
 */
START_TEST(test_choose_agrees)
{
	const struct accept_row *row = &accept_rows[_i];
	unsigned avail, set;
	int got;

	for (avail = 0; avail <= HS_CODING_ALL; avail++) {
		set = avail & row->want;
		got = hs_coding_choose(row->value, avail);
		if (set == 0)
			ck_assert_int_eq(got, NONE);
		else
			ck_assert_msg(got >= 0 && (set &
			    HS_CODING_BIT(got)) != 0, "row %d, set %#x: %d",
			    _i, avail, got);
		ck_assert_int_eq(hs_coding_choose(row->value,
		    avail | NOT_CODINGS), got);
	}
}
END_TEST

/* Each row of choose_rows chooses what it says. */
START_TEST(test_choose_table)
{
	const struct choose_row *row = &choose_rows[_i];
	int got;

	got = hs_coding_choose(row->value, row->available);
	ck_assert_msg(got == row->want, "row %d \"%s\" in %#x: %d, want %d",
	    _i, row->value != NULL ? row->value : "(null)", row->available,
	    got, row->want);
}
END_TEST

/* Each row of long_rows, made a megabyte long, reads as it says. */
START_TEST(test_long_table)
{
	const struct long_row *row = &long_rows[_i];
	size_t hlen = strlen(row->head), ulen = strlen(row->unit);
	size_t tlen = strlen(row->tail), n = 0;
	char *s;

	s = malloc(hlen + LONG_SIZE + ulen + tlen + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, row->head, hlen);
	n = hlen;
	while (n - hlen < LONG_SIZE) {
		memcpy(s + n, row->unit, ulen);
		n += ulen;
	}
	memcpy(s + n, row->tail, tlen + 1);
	ck_assert_uint_eq(hs_coding_accepted(s), row->accepted);
	ck_assert_int_eq(hs_coding_choose(s, HS_CODING_ALL), row->choice);
	free(s);
}
END_TEST

/* The suite the runner executes: one test case per function. */
Suite *
make_suite(void)
{
	Suite *s = suite_create("coding");
	TCase *tc;

	tc = tcase_create("names");
	ADD_TABLE(tc, test_name_table, name_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("accepted");
	ADD_TABLE(tc, test_accept_table, accept_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("choose");
	ADD_TABLE(tc, test_choose_table, choose_rows);
	ADD_TABLE(tc, test_choose_agrees, accept_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("long");
	ADD_TABLE(tc, test_long_table, long_rows);
	suite_add_tcase(s, tc);
	return s;
}
