/* SPDX-License-Identifier: MIT */
/*
 * precond.c - entity-tags and conditional requests (RFC 9110 sections
 * 8.8.3, 13.1 and 13.2): the tags the static handler gives its files,
 * the If-Match and If-None-Match lists compared with them, and the
 * preconditions of a request evaluated in the standard's order (see
 * precond.h and the "Ranges and validators" section of httpserve.h).
 *
 * Pure: every function reads its arguments and nothing else.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/precond.h"
#include "http/chars.h"
#include "http/out.h"
#include "httpserve.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/*
 * The longest tag hs_etag_from_stat() writes without a suffix: three
 * 64-bit numbers of 16 hex digits, two '-' between them and the quotes.
 * What HS_ETAG_SIZE leaves beyond it (and a NUL) holds a '-' and a
 * suffix of ETAG_SUFFIX_ROOM bytes, more than "gz" or "br" needs.
 */
#define ETAG_BARE_MAX (2 + 3 * 16 + 2)
#define ETAG_SUFFIX_ROOM 18
_Static_assert(ETAG_BARE_MAX + 1 + ETAG_SUFFIX_ROOM + 1 == HS_ETAG_SIZE,
    "HS_ETAG_SIZE holds the longest tag and an 18-byte suffix");

#define NSEC_PER_SEC UINT64_C(1000000000)

/* An entity-tag found in a text: its opaque-tag, the quotes included,
 * and whether "W/" came before it. */
struct etag {
	const char *opaque;
	size_t len;
	int weak;
};

/* Append V in lower-case hex without leading zeros ("0" for zero). */
static void
put_hex(struct hs_out *o, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[16];
	size_t n = sizeof(buf);

	do {
		buf[--n] = digits[v & 0xf];
		v >>= 4;
	} while (v > 0);
	hs_out_bytes(o, buf + n, sizeof(buf) - n);
}

/*
 * The modification time of SB in nanoseconds, modulo 2^64: unsigned
 * arithmetic cannot overflow, so a time before 1970 gives a large
 * number, the same one each time.  Two times collide only when 2^64 ns,
 * about 584 years, or a multiple of it lies between them.
 */
static uint64_t
mtime_ns(const struct stat *sb)
{
	return (uint64_t)sb->st_mtim.tv_sec * NSEC_PER_SEC +
	    (uint64_t)sb->st_mtim.tv_nsec;
}

size_t
hs_etag_from_stat(char *buf, size_t size, const struct stat *sb,
    const char *suffix)
{
	struct hs_out o;

	hs_out_init(&o, buf, size);
	hs_out_byte(&o, '"');
	put_hex(&o, (uint64_t)sb->st_ino);
	hs_out_byte(&o, '-');
	/* A negative size cannot come from stat(2); it wraps, harmlessly. */
	put_hex(&o, (uint64_t)sb->st_size);
	hs_out_byte(&o, '-');
	put_hex(&o, mtime_ns(sb));
	if (suffix != NULL) {
		hs_out_byte(&o, '-');
		hs_out_str(&o, suffix);
	}
	hs_out_byte(&o, '"');
	return hs_out_finish(&o);
}

/* Is C an etagc, a byte an opaque-tag may hold (%x21 / %x23-7E /
 * obs-text)?  Not SP, not a control, not DQUOTE. */
static int
is_etagc(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
}

/*
 * Read the entity-tag at S[*POS..LEN): [ "W/" ] DQUOTE *etagc DQUOTE, the
 * "W" upper case only (RFC 9110's %s"W/").  0 with *TAG filled and *POS
 * past it, or -1 when none starts there.
 */
static int
scan_etag(const char *s, size_t len, size_t *pos, struct etag *tag)
{
	size_t i = *pos, start;

	tag->weak = 0;
	if (len - i >= 2 && s[i] == 'W' && s[i + 1] == '/') {
		tag->weak = 1;
		i += 2;
	}
	if (i == len || s[i] != '"')
		return -1;
	start = i++;
	while (i < len && is_etagc((unsigned char)s[i]))
		i++;
	if (i == len || s[i] != '"')
		return -1;
	i++;
	tag->opaque = s + start;
	tag->len = i - start;
	*pos = i;
	return 0;
}

/* Are the LEN bytes at S exactly one entity-tag, read into *TAG? */
static int
parse_etag(const char *s, size_t len, struct etag *tag)
{
	size_t pos = 0;

	return scan_etag(s, len, &pos, tag) == 0 && pos == len;
}

/* Do A and B match, by the weak comparison or the strong one (RFC 9110
 * section 8.8.3.2)? */
static int
etag_eq(const struct etag *a, const struct etag *b, int weak)
{
	if (!weak && (a->weak || b->weak))
		return 0;
	return a->len == b->len && memcmp(a->opaque, b->opaque, a->len) == 0;
}

/* Is LIST "*", OWS around it allowed?  It stands alone: "*" among
 * entity-tags makes an ill-formed list. */
static int
is_star(const char *list)
{
	size_t start = 0, end = strlen(list);

	hs_trim_ows(list, &start, &end);
	return end - start == 1 && list[start] == '*';
}

/*
 * Does TAG match a member of the entity-tag list S[0..LEN)?  The whole
 * list is read before answering: one ill-formed member makes the field
 * invalid, and an invalid field matches nothing, wherever the bad member
 * stands.  Empty elements and the OWS around members are skipped (RFC
 * 9110 section 5.6.1); commas inside quotes belong to the tag.
 */
static int
list_match(const char *s, size_t len, const struct etag *tag, int weak)
{
	struct etag member;
	size_t pos = 0;
	int found = 0;

	for (;;) {
		while (pos < len && (s[pos] == ',' ||
		    hs_is_ows((unsigned char)s[pos])))
			pos++;
		if (pos == len)
			return found;
		if (scan_etag(s, len, &pos, &member) != 0)
			return 0;
		if (etag_eq(&member, tag, weak))
			found = 1;
		while (pos < len && hs_is_ows((unsigned char)s[pos]))
			pos++;
		if (pos < len && s[pos] != ',')
			return 0;
	}
}

int
hs_etag_match(const char *list, const char *etag, int weak)
{
	struct etag tag;

	if (list == NULL || etag == NULL)
		return 0;
	if (is_star(list))
		return 1;
	if (!parse_etag(etag, strlen(etag), &tag))
		return 0;
	return list_match(list, strlen(list), &tag, weak);
}

/* Is METHOD one of those a 304 answers, GET and HEAD (case matters)? */
static int
is_get_or_head(const char *method)
{
	return method != NULL &&
	    (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0);
}

/* The date field VALUE as a time in *T; 0, or -1 when it is not a valid
 * HTTP-date (and must then be ignored). */
static int
field_date(const char *value, time_t *t)
{
	return hs_parse_http_date(value, strlen(value), t);
}

/*
 * Steps 1 and 2 of RFC 9110 section 13.2.2: If-Match, or without it
 * If-Unmodified-Since.  Nonzero when the request must fail with 412.
 * "*" asks for a current representation, which there is whenever this
 * runs, tag or no tag.
 */
static int
fails_unchanged(const struct hs_conditions *c, const char *etag,
    time_t last_modified)
{
	time_t t;

	if (c->if_match != NULL)
		return !is_star(c->if_match) &&
		    !hs_etag_match(c->if_match, etag, 0);
	return c->if_unmodified_since != NULL &&
	    field_date(c->if_unmodified_since, &t) == 0 &&
	    last_modified != -1 && last_modified > t;
}

/*
 * Steps 3 and 4: If-None-Match, or without it (and for GET and HEAD
 * only) If-Modified-Since, whole seconds as Python compares them.
 * Nonzero when the representation is one the client holds already.
 */
static int
not_modified(const struct hs_conditions *c, const char *etag,
    time_t last_modified)
{
	time_t t;

	if (c->if_none_match != NULL)
		return is_star(c->if_none_match) ||
		    hs_etag_match(c->if_none_match, etag, 1);
	return is_get_or_head(c->method) && c->if_modified_since != NULL &&
	    field_date(c->if_modified_since, &t) == 0 &&
	    last_modified != -1 && last_modified <= t;
}

enum hs_precondition
hs_precondition_eval(const struct hs_conditions *c, const char *etag,
    time_t last_modified)
{
	if (fails_unchanged(c, etag, last_modified))
		return HS_PRECONDITION_FAILED;
	if (not_modified(c, etag, last_modified))
		return is_get_or_head(c->method) ?
		    HS_PRECONDITION_NOT_MODIFIED : HS_PRECONDITION_FAILED;
	return HS_PRECONDITION_PASS;
}

/*
 * Does the If-Range value S[0..LEN), OWS trimmed, hold (RFC 9110 section
 * 13.1.5)?  An entity-tag must be one strong tag equal to ETAG, itself
 * strong; anything else is read as an HTTP-date, which must equal
 * LAST_MODIFIED exactly.
 */
static int
if_range_holds(const char *s, size_t len, const char *etag,
    time_t last_modified)
{
	struct etag want, have;
	time_t t;

	if (len > 0 && (s[0] == '"' || (len >= 2 && s[0] == 'W' &&
	    s[1] == '/'))) {
		return etag != NULL && parse_etag(s, len, &want) &&
		    parse_etag(etag, strlen(etag), &have) &&
		    etag_eq(&want, &have, 0);
	}
	return hs_parse_http_date(s, len, &t) == 0 && last_modified != -1 &&
	    t == last_modified;
}

int
hs_range_applies(const struct hs_conditions *c, const char *etag,
    time_t last_modified)
{
	size_t start = 0, end;

	if (c->method == NULL || strcmp(c->method, "GET") != 0 ||
	    c->range == NULL)
		return 0;
	if (c->if_range == NULL)
		return 1;
	end = strlen(c->if_range);
	hs_trim_ows(c->if_range, &start, &end);
	return if_range_holds(c->if_range + start, end - start, etag,
	    last_modified);
}
