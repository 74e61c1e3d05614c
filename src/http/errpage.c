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

/* Is B's text S? */
static int
same_text(const struct hs_buf *b, const char *s)
{
	return b->data != NULL && strcmp(b->data, s) == 0;
}

/* B := S (NUL-terminated). */
static int
set_text(struct hs_buf *b, const char *s)
{
	b->len = 0;
	return hs_buf_append(b, s, strlen(s));
}

const struct hs_buf *
hs_errpage_memo_get(struct hs_errpage_memo *m, const char *format, int code,
    const char *message, const char *explain)
{
	if (m->valid && m->code == code && same_text(&m->message, message) &&
	    same_text(&m->explain, explain) && same_text(&m->format, format))
		return &m->page;
	m->valid = 0;
	if (hs_errpage_format(&m->page, format, code, message, explain) != 0 ||
	    set_text(&m->format, format) != 0 ||
	    set_text(&m->message, message) != 0 ||
	    set_text(&m->explain, explain) != 0)
		return NULL;
	m->code = code;
	m->valid = 1;
	return &m->page;
}

void
hs_errpage_memo_free(struct hs_errpage_memo *m)
{
	hs_buf_free(&m->format);
	hs_buf_free(&m->message);
	hs_buf_free(&m->explain);
	hs_buf_free(&m->page);
	m->valid = 0;
}
