/* SPDX-License-Identifier: MIT */
/*
 * errpage.h - the error page of send_error() (pure: it allocates, but does
 * no I/O): Python's template, and the %-formatting that fills it in.
 */
#ifndef HS_ERRPAGE_H
#define HS_ERRPAGE_H

#include "http/buf.h"

/* Python's DEFAULT_ERROR_MESSAGE and DEFAULT_ERROR_CONTENT_TYPE. */
extern const char hs_errpage_default_format[];
extern const char hs_errpage_default_content_type[];

/*
 * error_message_format % {'code': CODE, 'message': MESSAGE, 'explain':
 * EXPLAIN} into B, emptied first, as a NUL-terminated string (even when
 * empty): %(code)d and %(code)s give the number,
 * %(message)s and %(explain)s the HTML-escaped texts, %% a percent sign;
 * anything else stays as it is (Python would raise, leaving the client
 * without an answer).  -1 (ENOMEM) when memory runs out.
 */
int hs_errpage_format(struct hs_buf *b, const char *format, int code,
    const char *message, const char *explain);

/* The last page built and what it was built from (copies): a loop
 * answers the same error again - a 404 for every missing file - with the
 * page it built the first time.  Zeroed: empty. */
struct hs_errpage_memo {
	int valid;
	int code;
	struct hs_buf format, message, explain;
	struct hs_buf page;
};

/* The page hs_errpage_format() makes of FORMAT, CODE, MESSAGE and
 * EXPLAIN: M's when it was built from the same, else built now and kept
 * in M.  NULL (ENOMEM) when memory runs out. */
const struct hs_buf *hs_errpage_memo_get(struct hs_errpage_memo *m,
    const char *format, int code, const char *message, const char *explain);

void hs_errpage_memo_free(struct hs_errpage_memo *m);

#endif /* HS_ERRPAGE_H */
