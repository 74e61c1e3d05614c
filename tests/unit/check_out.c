/* SPDX-License-Identifier: MIT */
/*
 * check_out.c - the writer with snprintf()'s rule: decimals exactly as
 * "%llu" prints them, and every result cut, NUL-terminated and measured
 * as snprintf() would, for every buffer size.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "http/out.h"
#include "runner.h"

static const unsigned long long decimals[] = {
	0, 1, 9, 10, 99, 100, 404, 999, 1000, 65535, 4294967295ULL,
	4294967296ULL, 1000000000000ULL, 9999999999999999999ULL,
	10000000000000000000ULL, ULLONG_MAX,
};

/* hs_out_decimal() against snprintf("%llu") into every size of buffer
 * from 0 to one more than it needs. */
START_TEST(test_decimal)
{
	unsigned long long v = decimals[_i];
	char want[32], got[32];
	int len = snprintf(want, sizeof(want), "%llu", v);
	size_t size;

	for (size = 0; size <= (size_t)len + 1; size++) {
		char expect[32];

		memset(got, 'X', sizeof(got));
		memset(expect, 'X', sizeof(expect));
		ck_assert_int_eq(snprintf(expect, size, "%llu", v), len);
		ck_assert_uint_eq(hs_out_decimal(got, size, v), (size_t)len);
		ck_assert_int_eq(memcmp(got, expect, sizeof(got)), 0);
	}
}
END_TEST

/* hs_out_uint() between other pieces, measured with no buffer first. */
START_TEST(test_uint_in_text)
{
	struct hs_out o;
	char buf[64];
	size_t need;

	hs_out_init(&o, NULL, 0);
	hs_out_str(&o, "code ");
	hs_out_uint(&o, 404);
	hs_out_byte(&o, '!');
	need = hs_out_finish(&o);
	ck_assert_uint_eq(need, strlen("code 404!"));
	hs_out_init(&o, buf, need + 1);
	hs_out_str(&o, "code ");
	hs_out_uint(&o, 404);
	hs_out_byte(&o, '!');
	ck_assert_uint_eq(hs_out_finish(&o), need);
	ck_assert_str_eq(buf, "code 404!");
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc = tcase_create("out");

	ADD_TABLE(tc, test_decimal, decimals);
	tcase_add_test(tc, test_uint_in_text);
	suite_add_tcase(s, tc);
	return s;
}
