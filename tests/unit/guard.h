/* SPDX-License-Identifier: MIT */
/*
 * guard.h - copy test input so that it ends right before an inaccessible
 * page: a parser reading one byte too far crashes the test instead of
 * passing by luck (the picohttpparser test's idea).
 */
#ifndef HS_TEST_GUARD_H
#define HS_TEST_GUARD_H

#include <stddef.h>

/* Room for inputs up to this many bytes. */
#define GUARD_MAX (512 * 1024)

/* Copy LEN bytes of DATA to end at the guard page; returns the copy. */
const char *guard_copy(const void *data, size_t len);

#endif
