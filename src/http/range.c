/* SPDX-License-Identifier: MIT */
/*
 * range.c - byte ranges (RFC 9110 section 14): hs_parse_range() reads,
 * checks and merges a Range field without allocating, and the functions
 * of range.h write the framing of a 206 (see range.h and the "Ranges and
 * validators" section of httpserve.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/range.h"
#include "httpserve.h"
#include "http/chars.h"
#include "http/hs_limits.h"
#include "http/out.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* The largest off_t: no representation is longer, so a number of the
 * field is read saturating here without losing anything that matters. */
#define RANGE_OFF_MAX \
    ((off_t)(((uintmax_t)1 << (sizeof(off_t) * CHAR_BIT - 1)) - 1))

/*
 * A number of the field, 1*DIGIT of any length: its value saturated at
 * RANGE_OFF_MAX, and its digits without leading zeros, by which two numbers
 * too large for an off_t still compare exactly.
 */
struct num {
	off_t v;
	const char *digits;
	size_t len;
};

/* One range-spec as written: an int-range FIRST "-" [LAST] or a
 * suffix-range "-" LAST (RFC 9110 section 14.1.1). */
struct spec {
	int suffix;
	int has_last;
	struct num first;
	struct num last;	/* the suffix-length of a suffix-range */
};

/*
 * The satisfiable ranges read so far, sorted, with the overlapping and
 * adjacent ones merged.  It has room for as many ranges as a field may
 * hold specs, not just for the caller's MAX: parts that are apart now
 * may be joined by a later range ("0-0,2-2,0-5" is one part), so the
 * count is known only at the end.  While nothing has been merged, each
 * part is one range asked for and SEQ its place in the order asked.
 */
struct merge {
	struct hs_byte_range r[HS_RANGE_SPECS_MAX];
	unsigned char seq[HS_RANGE_SPECS_MAX];
	size_t n;		/* parts in R */
	size_t asked;		/* satisfiable ranges added */
	int merged;		/* did two ranges ever meet? */
	int empty_suffix;	/* a suffix asked of an empty representation */
};

_Static_assert(HS_RANGE_SPECS_MAX <= UCHAR_MAX + 1,
    "struct merge's seq holds a spec's index");

/* Read S[0..LEN) as 1*DIGIT into N; -1 if it is anything else. */
static int
scan_num(const char *s, size_t len, struct num *n)
{
	size_t i;
	int d;

	if (len == 0)
		return -1;
	n->v = 0;
	for (i = 0; i < len; i++) {
		if (!hs_is_digit((unsigned char)s[i]))
			return -1;
		d = s[i] - '0';
		if (n->v > (RANGE_OFF_MAX - d) / 10)
			n->v = RANGE_OFF_MAX;
		else
			n->v = n->v * 10 + d;
	}
	for (i = 0; i + 1 < len && s[i] == '0'; i++)
		;
	n->digits = s + i;
	n->len = len - i;
	return 0;
}

/* Is the number A less than B, whatever their size? */
static int
num_less(const struct num *a, const struct num *b)
{
	if (a->len != b->len)
		return a->len < b->len;
	return memcmp(a->digits, b->digits, a->len) < 0;
}

/*
 * Read the range-spec S[0..LEN) (no whitespace inside) into SP:
 *   int-range    = first-pos "-" [ last-pos ]
 *   suffix-range = "-" suffix-length
 * -1 if it is neither, or an int-range whose last-pos is less than its
 * first-pos (section 14.1.1: such a field is invalid).
 */
static int
scan_spec(const char *s, size_t len, struct spec *sp)
{
	const char *dash = memchr(s, '-', len);
	size_t at, rest;

	if (dash == NULL)
		return -1;
	at = (size_t)(dash - s);
	rest = len - at - 1;
	sp->suffix = at == 0;
	if (sp->suffix) {
		sp->has_last = 1;
		return scan_num(dash + 1, rest, &sp->last);
	}
	if (scan_num(s, at, &sp->first) != 0)
		return -1;
	sp->has_last = rest > 0;
	if (!sp->has_last)
		return 0;
	if (scan_num(dash + 1, rest, &sp->last) != 0 ||
	    num_less(&sp->last, &sp->first))
		return -1;
	return 0;
}

/*
 * The bytes of a representation of SIZE (> 0) bytes that SP asks for,
 * into R; 0 if it asks for none (section 14.1.1: an int-range starting
 * at or beyond SIZE, a suffix of zero bytes).  A last-pos beyond the end
 * and a suffix longer than the representation are cut to it.
 */
static int
spec_range(const struct spec *sp, off_t size, struct hs_byte_range *r)
{
	if (sp->suffix) {
		if (sp->last.v == 0)
			return 0;
		r->first = sp->last.v >= size ? 0 : size - sp->last.v;
		r->last = size - 1;
		return 1;
	}
	/* A saturated first-pos is RANGE_OFF_MAX, never below SIZE. */
	if (sp->first.v >= size)
		return 0;
	r->first = sp->first.v;
	r->last = sp->has_last && sp->last.v < size - 1 ? sp->last.v :
	    size - 1;
	return 1;
}

/*
 * Add R to M: merged with every part it overlaps or adjoins, or put in
 * its place by order.  Every LAST is below SIZE, so LAST + 1 cannot
 * overflow.
 */
static void
merge_add(struct merge *m, struct hs_byte_range r)
{
	size_t i, j;

	/* The first part that does not end before R, one byte apart. */
	for (i = 0; i < m->n && m->r[i].last + 1 < r.first; i++)
		;
	/* After it, the parts that start at most one byte after R. */
	for (j = i; j < m->n && m->r[j].first <= r.last + 1; j++)
		;
	if (i == j) {
		memmove(&m->r[i + 1], &m->r[i], (m->n - i) * sizeof(m->r[0]));
		memmove(&m->seq[i + 1], &m->seq[i], m->n - i);
		m->r[i] = r;
		m->seq[i] = (unsigned char)m->asked;
		m->n++;
	} else {
		if (m->r[i].first < r.first)
			r.first = m->r[i].first;
		if (m->r[j - 1].last > r.last)
			r.last = m->r[j - 1].last;
		m->r[i] = r;
		memmove(&m->r[i + 1], &m->r[j], (m->n - j) * sizeof(m->r[0]));
		m->n -= j - i - 1;
		m->merged = 1;
	}
	m->asked++;
}

/*
 * Read the range-set S[pos..end), the list after "bytes=", into M.  -1
 * when the field is to be ignored: a spec ill-formed, more than
 * HS_RANGE_SPECS_MAX of them (counted satisfiable or not), or none.
 * Empty list elements and the OWS around elements are skipped (section
 * 5.6.1).
 */
static int
read_set(const char *s, size_t pos, size_t end, off_t size, struct merge *m)
{
	struct hs_byte_range r;
	struct spec sp;
	size_t start, stop, specs = 0;

	while (hs_list_next(s, end, &pos, &start, &stop)) {
		if (++specs > HS_RANGE_SPECS_MAX ||
		    scan_spec(s + start, stop - start, &sp) != 0)
			return -1;
		/* Section 14.1.1: a suffix of an empty representation is
		 * satisfiable, yet has no bytes to send. */
		if (size == 0 && sp.suffix && sp.last.v > 0)
			m->empty_suffix = 1;
		else if (size > 0 && spec_range(&sp, size, &r))
			merge_add(m, r);
	}
	return specs > 0 ? 0 : -1;
}

enum hs_range_result
hs_parse_range(const char *value, off_t size, struct hs_byte_range *ranges,
    size_t max, size_t *count)
{
	struct merge m;
	const char *eq;
	size_t start = 0, end, i;

	*count = 0;
	if (value == NULL || size < 0)
		return HS_RANGE_WHOLE;
	/* The OWS around a field value is not part of it (section 5.5). */
	end = strlen(value);
	hs_trim_ows(value, &start, &end);
	/* ranges-specifier = range-unit "=" range-set, with no whitespace
	 * around the "=": another unit, or none, and the field is ignored. */
	eq = memchr(value + start, '=', end - start);
	if (eq == NULL ||
	    !hs_name_is(value + start, (size_t)(eq - value) - start, "bytes"))
		return HS_RANGE_WHOLE;
	start = (size_t)(eq - value) + 1;
	if (start < end && hs_is_ows((unsigned char)value[start]))
		return HS_RANGE_WHOLE;
	memset(&m, 0, sizeof(m));
	if (read_set(value, start, end, size, &m) != 0 || m.empty_suffix)
		return HS_RANGE_WHOLE;
	if (m.n == 0)
		return HS_RANGE_UNSATISFIABLE;
	if (m.n > max)
		return HS_RANGE_WHOLE;
	for (i = 0; i < m.n; i++)
		ranges[m.merged ? i : m.seq[i]] = m.r[i];
	*count = m.n;
	return HS_RANGE_PARTIAL;
}

/* "bytes FIRST-LAST/SIZE", or when R is NULL the asterisk form of a
 * 416, "bytes " "*" "/" SIZE. */
static void
put_content_range(struct hs_out *o, const struct hs_byte_range *r,
    off_t size)
{
	hs_out_str(o, "bytes ");
	if (r == NULL) {
		hs_out_byte(o, '*');
	} else {
		hs_out_uint(o, (unsigned long long)r->first);
		hs_out_byte(o, '-');
		hs_out_uint(o, (unsigned long long)r->last);
	}
	hs_out_byte(o, '/');
	hs_out_uint(o, (unsigned long long)size);
}

size_t
hs_range_content_range(char *buf, size_t bufsize,
    const struct hs_byte_range *r, off_t size)
{
	struct hs_out o;

	hs_out_init(&o, buf, bufsize);
	put_content_range(&o, r, size);
	return hs_out_finish(&o);
}

size_t
hs_range_part_head(char *buf, size_t bufsize, const char *boundary,
    const char *type, const struct hs_byte_range *r, off_t size)
{
	struct hs_out o;

	hs_out_init(&o, buf, bufsize);
	hs_out_str(&o, "\r\n--");
	hs_out_str(&o, boundary);
	hs_out_str(&o, "\r\nContent-Type: ");
	hs_out_str(&o, type);
	hs_out_str(&o, "\r\nContent-Range: ");
	put_content_range(&o, r, size);
	hs_out_str(&o, "\r\n\r\n");
	return hs_out_finish(&o);
}

size_t
hs_range_multipart_tail(char *buf, size_t bufsize, const char *boundary)
{
	struct hs_out o;

	hs_out_init(&o, buf, bufsize);
	hs_out_str(&o, "\r\n--");
	hs_out_str(&o, boundary);
	hs_out_str(&o, "--\r\n");
	return hs_out_finish(&o);
}

/*
 * Measured by the writers themselves, so the length cannot disagree with
 * what is sent.  Counted unsigned: the ranges of a representation near
 * RANGE_OFF_MAX bytes and their framing can outgrow an off_t, and the total
 * then stops at RANGE_OFF_MAX (larger than any real file, as a caller
 * comparing it with SIZE needs).
 */
off_t
hs_range_multipart_length(const char *boundary, const char *type,
    const struct hs_byte_range *ranges, size_t count, off_t size)
{
	uintmax_t total;
	size_t i;

	total = hs_range_multipart_tail(NULL, 0, boundary);
	for (i = 0; i < count && total <= (uintmax_t)RANGE_OFF_MAX; i++) {
		total += hs_range_part_head(NULL, 0, boundary, type,
		    &ranges[i], size);
		total += (uintmax_t)(ranges[i].last - ranges[i].first) + 1;
	}
	return total > (uintmax_t)RANGE_OFF_MAX ? RANGE_OFF_MAX : (off_t)total;
}
