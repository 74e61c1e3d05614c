/* SPDX-License-Identifier: MIT */
/*
 * check_utf8.c - the UTF-8 decoder: every form of Unicode table 3-7 at
 * both ends of its range, and what Python's strict decoder refuses
 * (overlong forms, surrogates, code points past U+10FFFF, lone
 * continuation bytes, bytes that lead nothing, sequences cut short), each
 * with the length of its maximal subpart, the unit errors='replace'
 * turns into one U+FFFD; and the encoder, over every code point.  Every
 * input ends at a guard page.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "guard.h"
#include "http/utf8.h"
#include "runner.h"

/* Shorthand for the rows of ill-formed input. */
#define BAD HS_UTF8_ILL_FORMED

struct row {
	const char *in;
	size_t len;
	size_t want_len;	/* bytes taken */
	unsigned long want_cp;	/* BAD: ill-formed */
};

static const struct row rows[] = {
	/* Nothing to decode. */
	{ S(""), 0, BAD },

	/* One byte: U+0000..U+007F. */
	{ S("\x00"), 1, 0x00 },
	{ S("A"), 1, 0x41 },
	{ S("\x7f"), 1, 0x7f },
	{ S("ab"), 1, 0x61 },

	/* Two bytes: U+0080..U+07FF, C2..DF 80..BF. */
	{ S("\xc2\x80"), 2, 0x80 },
	{ S("\xc2\xbf"), 2, 0xbf },
	{ S("\xc3\xa9"), 2, 0xe9 },
	{ S("\xdf\x80"), 2, 0x7c0 },
	{ S("\xdf\xbf"), 2, 0x7ff },
	{ S("\xc3\xa9z"), 2, 0xe9 },

	/* Three bytes: U+0800..U+FFFF without the surrogates. */
	{ S("\xe0\xa0\x80"), 3, 0x800 },
	{ S("\xe0\xbf\xbf"), 3, 0xfff },
	{ S("\xe1\x80\x80"), 3, 0x1000 },
	{ S("\xe2\x82\xac"), 3, 0x20ac },
	{ S("\xec\xbf\xbf"), 3, 0xcfff },
	{ S("\xed\x80\x80"), 3, 0xd000 },
	{ S("\xed\x9f\xbf"), 3, 0xd7ff },
	{ S("\xee\x80\x80"), 3, 0xe000 },
	{ S("\xef\xbf\xbd"), 3, 0xfffd },
	{ S("\xef\xbf\xbf"), 3, 0xffff },

	/* Four bytes: U+10000..U+10FFFF. */
	{ S("\xf0\x90\x80\x80"), 4, 0x10000 },
	{ S("\xf0\x9f\x98\x80"), 4, 0x1f600 },
	{ S("\xf0\xbf\xbf\xbf"), 4, 0x3ffff },
	{ S("\xf1\x80\x80\x80"), 4, 0x40000 },
	{ S("\xf3\xbf\xbf\xbf"), 4, 0xfffff },
	{ S("\xf4\x80\x80\x80"), 4, 0x100000 },
	{ S("\xf4\x8f\xbf\xbf"), 4, 0x10ffff },

	/* Continuation bytes alone. */
	{ S("\x80"), 1, BAD },
	{ S("\xbf"), 1, BAD },
	{ S("\x80\x80"), 1, BAD },

	/* Overlong forms: C0, C1 lead nothing; E0 and F0 limit byte 2. */
	{ S("\xc0\x80"), 1, BAD },
	{ S("\xc0\xaf"), 1, BAD },
	{ S("\xc1\xbf"), 1, BAD },
	{ S("\xe0\x80\x80"), 1, BAD },
	{ S("\xe0\x80\xaf"), 1, BAD },
	{ S("\xe0\x9f\xbf"), 1, BAD },
	{ S("\xf0\x80\x80\x80"), 1, BAD },
	{ S("\xf0\x8f\xbf\xbf"), 1, BAD },

	/* Surrogates: ED limits byte 2 to 80..9F. */
	{ S("\xed\xa0\x80"), 1, BAD },
	{ S("\xed\xaf\xbf"), 1, BAD },
	{ S("\xed\xb0\x80"), 1, BAD },
	{ S("\xed\xbf\xbf"), 1, BAD },

	/* Past U+10FFFF: F4 limits byte 2 to 80..8F; F5..FF lead nothing. */
	{ S("\xf4\x90\x80\x80"), 1, BAD },
	{ S("\xf4\xbf\xbf\xbf"), 1, BAD },
	{ S("\xf5\x80\x80\x80"), 1, BAD },
	{ S("\xf7\xbf\xbf\xbf"), 1, BAD },
	{ S("\xf8\x88\x80\x80\x80"), 1, BAD },
	{ S("\xfc\x84\x80\x80\x80\x80"), 1, BAD },
	{ S("\xfe"), 1, BAD },
	{ S("\xff"), 1, BAD },

	/* Cut short by the end of the input: the whole rest is the
	 * subpart. */
	{ S("\xc2"), 1, BAD },
	{ S("\xe0"), 1, BAD },
	{ S("\xe0\xa0"), 2, BAD },
	{ S("\xe2\x82"), 2, BAD },
	{ S("\xed\x9f"), 2, BAD },
	{ S("\xf0"), 1, BAD },
	{ S("\xf0\x90"), 2, BAD },
	{ S("\xf0\x9f\x98"), 3, BAD },
	{ S("\xf4\x8f\xbf"), 3, BAD },

	/* Cut short by a byte that does not continue: the subpart ends
	 * before it. */
	{ S("\xc2\x7f"), 1, BAD },
	{ S("\xc2\xc0"), 1, BAD },
	{ S("\xc2" "A"), 1, BAD },
	{ S("\xe2\x82" "A"), 2, BAD },
	{ S("\xe2\x82\xc0"), 2, BAD },
	{ S("\xe2" "A\xac"), 1, BAD },
	{ S("\xe1\xc0\x80"), 1, BAD },
	{ S("\xf0\x9f\x98" "A"), 3, BAD },
	{ S("\xf0\x9f" "A\x80"), 2, BAD },
	{ S("\xf1\x80\x80\xc0"), 3, BAD },
	{ S("\xf4\x8f\xbf\x7f"), 3, BAD },
	{ S("\xc3\xc3\xa9"), 1, BAD },
};

/* Each row decodes to its length and code point. */
START_TEST(test_rows)
{
	const struct row *r = &rows[_i];
	const char *in = guard_copy(r->in, r->len);
	unsigned long cp = 0;

	ck_assert_uint_eq(hs_utf8_decode(in, r->len, &cp), r->want_len);
	ck_assert_msg(cp == r->want_cp, "row %d: U+%04lX, want U+%04lX",
	    _i, cp, r->want_cp);
}
END_TEST

/* Table 3-7: the range of the second byte after LEAD, or 0 when LEAD
 * leads no sequence of two bytes or more. */
static int
second_range(int lead, int *lo, int *hi)
{
	*lo = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
	*hi = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
	return lead >= 0xc2 && lead <= 0xf4;
}

/*
 * Every lead byte but ASCII against every second byte: a two-byte form
 * where table 3-7 has one, the start of a longer one (cut short here)
 * where the second byte fits its lead, else a subpart of the lead alone.
 * Checked without ck_assert() in the loop, which reports to the runner on
 * every call.
 */
START_TEST(test_second_bytes)
{
	unsigned long cp, want;
	int lead, c, lo, hi, fits;
	size_t n, want_len;
	char in[2];

	for (lead = 0x80; lead < 0x100; lead++) {
		for (c = 0; c < 0x100; c++) {
			fits = second_range(lead, &lo, &hi) && c >= lo &&
			    c <= hi;
			want_len = fits ? 2 : 1;
			want = fits && lead <= 0xdf ? (unsigned long)(lead &
			    0x1f) << 6 | (unsigned long)(c & 0x3f) :
			    HS_UTF8_ILL_FORMED;
			in[0] = (char)lead;
			in[1] = (char)c;
			n = hs_utf8_decode(in, 2, &cp);
			if (n != want_len || cp != want)
				ck_abort_msg("%02x %02x: %zu bytes, U+%04lX",
				    lead, c, n, cp);
		}
	}
}
END_TEST

/* The UTF-8 form of CP (below U+110000) in B, as table 3-7 builds it;
 * returns its length. */
static size_t
encode(unsigned long cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | cp >> 18);
	b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Every code point's encoding decodes back to it, except a surrogate's,
 * which is refused at its second byte; hs_utf8_encode() writes the same
 * bytes. */
START_TEST(test_round_trip)
{
	unsigned long cp, got;
	unsigned char b[4];
	char mine[HS_UTF8_MAX];
	size_t n, taken;
	int surrogate;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = encode(cp, b);
		taken = hs_utf8_decode((const char *)b, n, &got);
		surrogate = cp >= 0xd800 && cp <= 0xdfff;
		if (surrogate ? taken != 1 || got != HS_UTF8_ILL_FORMED :
		    taken != n || got != cp)
			ck_abort_msg("U+%04lX: %zu bytes, U+%04lX", cp, taken,
			    got);
		if (!surrogate && (hs_utf8_encode(cp, mine) != n ||
		    memcmp(mine, b, n) != 0))
			ck_abort_msg("U+%04lX encoded differently", cp);
	}
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("utf8");

	ADD_TABLE(tc, test_rows, rows);
	tcase_add_test(tc, test_second_bytes);
	tcase_add_test(tc, test_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
