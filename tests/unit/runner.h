/* SPDX-License-Identifier: MIT */
/*
 * runner.h - the one main() every check program shares.
 *
 * A test program defines make_suite(); the runner executes it with each
 * test forked (a crash fails one test, not the program) and prints TAP on
 * stdout for automake's tap-driver, so every test case is counted.
 */
#ifndef HS_TEST_RUNNER_H
#define HS_TEST_RUNNER_H

#include <check.h>

Suite *make_suite(void);

#endif
