/* SPDX-License-Identifier: MIT */
/*
 * field.c - hs_check_response_field(): the one rule for a response field
 * a program adds of its own (httpserve -H, hs_static_add_header()), so
 * every user of the library refuses the same fields.
 *
 * Python 3.15's --header checks nothing: a CR or LF in a value splits the
 * response, a second Content-Length makes it ambiguous to every cache and
 * proxy on the way.  Here the name must be a token, the value field text,
 * and the fields that frame or identify the message stay the server's.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "httpserve.h"
#include "http/chars.h"

/* Fields the server sends itself, in every response, to frame it or say
 * who and when: a second one would contradict the first. */
static const char *const reserved_fields[] = {
	"Connection", "Content-Length", "Content-Range", "Date",
	"Server", "Transfer-Encoding",
};
#define RESERVED_FIELDS (sizeof(reserved_fields) / sizeof(reserved_fields[0]))

/* Is NAME one of reserved_fields, in any case? */
static int
is_reserved(const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < RESERVED_FIELDS; i++)
		if (hs_name_is(name, len, reserved_fields[i]))
			return 1;
	return 0;
}

enum hs_field_fault
hs_check_response_field(const char *name, const char *value)
{
	if (name == NULL || !hs_is_token(name, strlen(name)))
		return HS_FIELD_BAD_NAME;
	if (value == NULL || !hs_is_field_text(value, strlen(value)))
		return HS_FIELD_BAD_VALUE;
	if (is_reserved(name))
		return HS_FIELD_RESERVED;
	return HS_FIELD_OK;
}
