/* SPDX-License-Identifier: MIT */
/*
 * runner.h - the one main() every check program shares, and the helpers
 * of their tables.
 *
 * A test program defines make_suite(); the runner executes it with each
 * test forked (a crash fails one test, not the program) and prints TAP on
 * stdout for automake's tap-driver, so every test case is counted.
 */
#ifndef HS_TEST_RUNNER_H
#define HS_TEST_RUNNER_H

#include <check.h>

Suite *make_suite(void);

/* The tables the tests are written as: the rows of array A, a string
 * literal and its length (NUL bytes inside included), and one counted
 * test per row of ROWS. */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define S(lit) lit, sizeof(lit) - 1
#define ADD_TABLE(tc, fn, rows) \
	tcase_add_loop_test((tc), (fn), 0, (int)NELEM(rows))

#endif
