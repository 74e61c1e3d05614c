/* SPDX-License-Identifier: MIT */
/*
 * chars.h - the character classes of HTTP text, written once (pure,
 * header only).
 *
 * RFC 9110 section 5.6.2 (tokens), 5.5 (field values) and 5.6.3 (OWS),
 * and the hex digits of chunk sizes and %XX escapes.  Every parser of the
 * tree (request heads, chunked bodies, CGI heads, dates, URIs) and every
 * check on what a handler sends asks these, so no two of them can disagree
 * on what a token or a control character is.
 */
#ifndef HS_CHARS_H
#define HS_CHARS_H

#include <stddef.h>
#include <string.h>

/*
 * Is C a tchar (RFC 9110 section 5.6.2)?
 *   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *           "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 */
static inline int
hs_is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* The value of the hex digit C (either case), or -1. */
static inline int
hs_hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Is C a control character other than HTAB (0x00-0x08, 0x0A-0x1F, DEL)?
 * None may appear in a field value (RFC 9110 section 5.5: field-vchar,
 * SP, HTAB and obs-text only) or anywhere else in a head: a CR or LF that
 * gets through is how request smuggling and response splitting start.
 */
static inline int
hs_is_ctl_but_htab(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Is C optional whitespace, SP or HTAB (RFC 9110 section 5.6.3)? */
static inline int
hs_is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Are the LEN bytes at S a token: one or more tchars? */
static inline int
hs_is_token(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!hs_is_tchar((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Are the LEN bytes at S field text, free of control characters other
 * than HTAB (the empty text is)? */
static inline int
hs_is_field_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (hs_is_ctl_but_htab((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Narrow [*START, *END) of S by the OWS at both of its ends. */
static inline void
hs_trim_ows(const char *s, size_t *start, size_t *end)
{
	while (*start < *end && hs_is_ows((unsigned char)s[*start]))
		(*start)++;
	while (*end > *start && hs_is_ows((unsigned char)s[*end - 1]))
		(*end)--;
}

#endif /* HS_CHARS_H */
