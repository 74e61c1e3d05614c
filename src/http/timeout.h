/* SPDX-License-Identifier: MIT */
/*
 * timeout.h - a timeout in seconds, as the settings take it, made the
 * struct timeval libevent arms timers with (pure: no I/O).
 *
 * hs_server_set_timeout() and hs_cgi_set_timeout() both take seconds as a
 * double with fractions, within the same bounds; this is their one
 * reading of it.
 */
#ifndef HS_TIMEOUT_H
#define HS_TIMEOUT_H

#include <sys/time.h>

/*
 * Set *TV to SECONDS (fractions to the microsecond, truncated; 0 means no
 * timeout).  Returns 0, or -1 with errno EINVAL, *TV untouched, unless
 * 0 <= SECONDS <= HS_TIMEOUT_MAX (which NaN is not).
 */
int hs_timeout_from_seconds(double seconds, struct timeval *tv);

#endif /* HS_TIMEOUT_H */
