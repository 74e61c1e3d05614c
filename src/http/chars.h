/* SPDX-License-Identifier: MIT */
/*
 * chars.h - the character classes of HTTP text, written once (pure,
 * header only).
 *
 * RFC 9110 section 5.6.2 (tokens), 5.5 (field values), 5.6.3 (OWS) and
 * 5.6.1 (lists), and the hex digits of chunk sizes and %XX escapes.  Every
 * parser of the tree (request heads, chunked bodies, CGI heads, dates,
 * URIs) and every check on what a handler sends asks these, so no two of
 * them can disagree on what a token, a control character or a list
 * element is.
 */
#ifndef HS_CHARS_H
#define HS_CHARS_H

#include <stddef.h>
#include <string.h>
#include <strings.h>

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

/* Is C a DIGIT (RFC 5234 appendix B.1)? */
static inline int
hs_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
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

/*
 * Are the LEN bytes at S the name or token NAME, ignoring case?  Field
 * names and the tokens of Connection and Transfer-Encoding are
 * case-insensitive; strncasecmp() folds ASCII only in the C locale the
 * server runs in.
 */
static inline int
hs_name_is(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(s, name, len) == 0;
}

/*
 * Step to the next element of the comma-separated list (RFC 9110 section
 * 5.6.1) in S[*POS..LEN): empty elements and the OWS around each are
 * skipped, as recipients must.  Returns 1 with the element in
 * S[*START..*END) and *POS past it, or 0 when no element is left.
 */
static inline int
hs_list_next(const char *s, size_t len, size_t *pos, size_t *start,
    size_t *end)
{
	size_t i = *pos;

	while (i < len && (s[i] == ',' || hs_is_ows((unsigned char)s[i])))
		i++;
	*pos = i;
	if (i == len)
		return 0;
	*start = i;
	while (i < len && s[i] != ',')
		i++;
	*end = i;
	*pos = i;
	hs_trim_ows(s, start, end);
	return 1;
}

#endif /* HS_CHARS_H */
