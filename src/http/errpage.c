/* SPDX-License-Identifier: MIT */
/*
 * errpage.c - the error page of send_error(): Python's template and the
 * subset of %-formatting it needs (see errpage.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/errpage.h"
#include "http/out.h"

#include <string.h>

#include "httpserve.h"

const char hs_errpage_default_format[] =
    "<!DOCTYPE HTML>\n"
    "<html lang=\"en\">\n"
    "    <head>\n"
    "        <meta charset=\"utf-8\">\n"
    "        <title>Error response</title>\n"
    "    </head>\n"
    "    <body>\n"
    "        <h1>Error response</h1>\n"
    "        <p>Error code: %(code)d</p>\n"
    "        <p>Message: %(message)s.</p>\n"
    "        <p>Error code explanation: %(code)s - %(explain)s.</p>\n"
    "    </body>\n"
    "</html>\n";
const char hs_errpage_default_content_type[] = "text/html;charset=utf-8";

/* What a placeholder stands for. */
enum errpage_field {
	FIELD_CODE,
	FIELD_MESSAGE,
	FIELD_EXPLAIN,
	FIELD_PERCENT
};

static const struct {
	const char *key;
	enum errpage_field field;
} placeholders[] = {
	{ "%(code)d", FIELD_CODE },
	{ "%(code)s", FIELD_CODE },
	{ "%(message)s", FIELD_MESSAGE },
	{ "%(explain)s", FIELD_EXPLAIN },
	{ "%%", FIELD_PERCENT },
};

/* Append the HTML-escaped S to B. */
static int
append_escaped(struct hs_buf *b, const char *s)
{
	size_t len = strlen(s), need = hs_html_escape(NULL, 0, s, len, 0);

	if (hs_buf_reserve(b, b->len + need + 1) != 0)
		return -1;
	hs_html_escape(b->data + b->len, need + 1, s, len, 0);
	b->len += need;
	return 0;
}

/* The placeholder at P, or -1 when P starts none. */
static int
placeholder_at(const char *p, size_t *len)
{
	size_t i;

	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		*len = strlen(placeholders[i].key);
		if (strncmp(p, placeholders[i].key, *len) == 0)
			return (int)i;
	}
	return -1;
}

int
hs_errpage_format(struct hs_buf *b, const char *format, int code,
    const char *message, const char *explain)
{
	/* An int in decimal, its sign and the NUL. */
	char num[sizeof("-2147483648")];
	const char *p = format;

	b->len = 0;
	if (hs_buf_append(b, "", 0) != 0)	/* "" for an empty format */
		return -1;
	if (code < 0) {
		num[0] = '-';
		(void)hs_out_decimal(num + 1, sizeof(num) - 1,
		    0ULL - (unsigned long long)code);
	} else {
		(void)hs_out_decimal(num, sizeof(num), (unsigned long long)code);
	}
	while (*p != '\0') {
		/* The text up to the next '%' goes as it is, in one piece:
		 * only a '%' may start a placeholder. */
		size_t len = strcspn(p, "%");
		int i, r;

		if (len > 0) {
			if (hs_buf_append(b, p, len) != 0)
				return -1;
			p += len;
			continue;
		}
		i = placeholder_at(p, &len);
		if (i < 0) {
			r = hs_buf_append(b, p++, 1);
		} else {
			switch (placeholders[i].field) {
			case FIELD_CODE:
				r = hs_buf_append(b, num, strlen(num));
				break;
			case FIELD_MESSAGE:
				r = append_escaped(b, message);
				break;
			case FIELD_EXPLAIN:
				r = append_escaped(b, explain);
				break;
			case FIELD_PERCENT:
			default:
				r = hs_buf_append(b, "%", 1);
				break;
			}
			p += len;
		}
		if (r != 0)
			return -1;
	}
	return 0;
}
