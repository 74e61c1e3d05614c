/* SPDX-License-Identifier: MIT */
/*
 * timeout.c - seconds to struct timeval (see timeout.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/timeout.h"

#include <errno.h>

#include "httpserve.h"

/* Microseconds in a second. */
#define USEC_PER_SEC 1e6

int
hs_timeout_from_seconds(double seconds, struct timeval *tv)
{
	time_t whole;

	/* Written so that NaN, which compares false, is refused too. */
	if (!(seconds >= 0 && seconds <= HS_TIMEOUT_MAX)) {
		errno = EINVAL;
		return -1;
	}
	whole = (time_t)seconds;
	tv->tv_sec = whole;
	tv->tv_usec = (suseconds_t)((seconds - (double)whole) * USEC_PER_SEC);
	return 0;
}
