/* SPDX-License-Identifier: MIT */
/*
 * check_timeout.c - seconds, as the timeout settings take them, to a
 * struct timeval: whole and fractional values, both bounds, and what is
 * refused (negative, beyond HS_TIMEOUT_MAX, NaN, infinities).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>

#include "http/timeout.h"
#include "httpserve.h"
#include "runner.h"

struct row {
	double seconds;
	int rc;			/* 0, or -1 with EINVAL */
	long sec, usec;		/* when 0 */
};

/* Fractions that binary floating point holds exactly, so the truncation
 * to microseconds is exact too. */
static const struct row rows[] = {
	{ 0, 0, 0, 0 },
	{ -0.0, 0, 0, 0 },
	{ 1, 0, 1, 0 },
	{ 0.5, 0, 0, 500000 },
	{ 0.25, 0, 0, 250000 },
	{ 2.75, 0, 2, 750000 },
	{ 60, 0, 60, 0 },
	{ 0.0000019073486328125, 0, 0, 1 },	/* 2^-19: 1.9 us */
	{ HS_TIMEOUT_MAX, 0, HS_TIMEOUT_MAX, 0 },
	{ HS_TIMEOUT_MAX - 0.5, 0, HS_TIMEOUT_MAX - 1, 500000 },
	{ HS_TIMEOUT_MAX + 0.5, -1, 0, 0 },
	{ HS_TIMEOUT_MAX + 1, -1, 0, 0 },
	{ -0.5, -1, 0, 0 },
	{ -1, -1, 0, 0 },
	{ 1e300, -1, 0, 0 },
};

/* Each value converts, or is refused, as its row says; a refusal leaves
 * the timeval as it was. */
START_TEST(test_rows)
{
	const struct row *r = &rows[_i];
	struct timeval tv = { 7, 7 };

	errno = 0;
	ck_assert_int_eq(hs_timeout_from_seconds(r->seconds, &tv), r->rc);
	if (r->rc != 0) {
		ck_assert_int_eq(errno, EINVAL);
		ck_assert(tv.tv_sec == 7 && tv.tv_usec == 7);
		return;
	}
	ck_assert_int_eq((long)tv.tv_sec, r->sec);
	ck_assert_int_eq((long)tv.tv_usec, r->usec);
}
END_TEST

/* NaN and the infinities are no number of seconds. */
START_TEST(test_not_finite)
{
	static const double bad[] = { NAN, -NAN, INFINITY, -INFINITY };
	struct timeval tv = { 7, 7 };
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		errno = 0;
		ck_assert_int_eq(hs_timeout_from_seconds(bad[i], &tv), -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert(tv.tv_sec == 7 && tv.tv_usec == 7);
	}
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("timeout");
	TCase *tc = tcase_create("timeout");

	ADD_TABLE(tc, test_rows, rows);
	tcase_add_test(tc, test_not_finite);
	suite_add_tcase(s, tc);
	return s;
}
