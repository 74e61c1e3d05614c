/* SPDX-License-Identifier: MIT */
/*
 * fuzz_range.c - libFuzzer target for src/http/range.c: hs_parse_range()
 * and the framing of a 206 (hs_range_content_range(),
 * hs_range_part_head(), hs_range_multipart_tail() and
 * hs_range_multipart_length()).
 *
 * The input is two bytes of parameters and a Range field value:
 *   byte 0      MAX, the room for ranges: 0 to HS_RANGE_SPECS_MAX + 2
 *   byte 1      SIZE: 0-127 as is, then steps of 65537 bytes, then the
 *               largest off_t minus 0-62, and 0xff a negative SIZE
 *   the rest    the value, up to its first NUL
 *
 * hs_parse_range() must agree with the slow reference below, written
 * straight from RFC 9110 and the contract: numbers kept as digit strings
 * (compared by length, never converted beyond SIZE), every spec
 * collected, then sorted with qsort() and merged.  A PARTIAL result must
 * hold disjoint, non-adjacent ranges within SIZE, and nothing may be
 * written past MAX.  The writers must follow snprintf()'s rule and write
 * what snprintf() writes from the layout of range.h, and the multipart
 * length must be the sum of what they write and the bytes.  Any violated
 * invariant calls abort().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "http/hs_limits.h"
#include "http/range.h"
#include "fuzz_util.h"
#include "httpserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_Static_assert(sizeof(off_t) == sizeof(long long),
    "the reference counts in long long");

/* The largest off_t. */
#define BIG 9223372036854775807LL

/* A number of the field as written: its digits without leading zeros
 * (at least one). */
struct dec {
	const char *s;
	size_t len;
};

/* One range as the reference sees it, and its place in the field. */
struct ref_range {
	long long first;
	long long last;
};

/* The reference's answer. */
struct ref {
	enum hs_range_result result;
	size_t count;
	struct ref_range *r;	/* PARTIAL: the ranges, in output order */
};

/* Is C SP or HTAB? */
static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Is C one of "0123456789"? */
static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* S[0..LEN), all digits and at least one, as a struct dec. */
static struct dec
dec_of(const char *s, size_t len)
{
	struct dec d;

	while (len > 1 && *s == '0') {
		s++;
		len--;
	}
	d.s = s;
	d.len = len;
	return d;
}

/* -1, 0 or 1 as A is less than, equal to or greater than B. */
static int
dec_cmp(struct dec a, struct dec b)
{
	int c;

	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	c = memcmp(a.s, b.s, a.len);
	return c < 0 ? -1 : c > 0;
}

/* The value of A, known to be less than some long long. */
static long long
dec_value(struct dec a)
{
	long long v = 0;
	size_t i;

	for (i = 0; i < a.len; i++)
		v = v * 10 + (a.s[i] - '0');
	return v;
}

/* Does the text S[0..LEN) match the lower-case WORD, in any case? */
static int
same_word(const char *s, size_t len, const char *word)
{
	size_t i;
	char c;

	if (strlen(word) != len)
		return 0;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

/* qsort() order of ranges: by first byte, then last. */
static int
range_cmp(const void *a, const void *b)
{
	const struct ref_range *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return 0;
}

/*
 * Read one non-empty range-spec P[0..LEN) for SIZE (its decimal text
 * SZ): -1 if invalid, 0 if it asks for no byte, 1 with the range in *R,
 * 2 for a satisfiable suffix of an empty representation.
 */
static int
ref_spec(const char *p, size_t len, long long size, struct dec sz,
    struct ref_range *r)
{
	struct dec first, last;
	size_t i = 0, a;

	if (p[0] == '-') {
		for (i = 1; i < len; i++)
			if (!is_digit(p[i]))
				return -1;
		if (len == 1)
			return -1;
		last = dec_of(p + 1, len - 1);
		if (last.len == 1 && last.s[0] == '0')
			return 0;
		if (size == 0)
			return 2;
		r->last = size - 1;
		r->first = dec_cmp(last, sz) >= 0 ? 0 : size - dec_value(last);
		return 1;
	}
	while (i < len && is_digit(p[i]))
		i++;
	if (i == 0 || i == len || p[i] != '-')
		return -1;
	first = dec_of(p, i);
	a = ++i;
	while (i < len && is_digit(p[i]))
		i++;
	if (i != len)
		return -1;
	last = first;
	if (a < len) {
		last = dec_of(p + a, len - a);
		if (dec_cmp(last, first) < 0)
			return -1;
	}
	if (dec_cmp(first, sz) >= 0)
		return 0;
	r->first = dec_value(first);
	r->last = size - 1;
	if (a < len && dec_cmp(last, sz) < 0 && dec_value(last) < size - 1)
		r->last = dec_value(last);
	return 1;
}

/*
 * The reference hs_parse_range(): every satisfiable range of V collected
 * in order into OUT->r (room for one per byte of V), then sorted and
 * merged in a copy.
 */
static void
ref_parse(const char *v, long long size, size_t max, struct ref *out)
{
	size_t len = strlen(v), start = 0, i, j, n = 0, specs = 0, merged;
	struct ref_range *all, *sorted;
	char sztext[32];
	struct dec sz;
	int rc, empty_suffix = 0;

	out->result = HS_RANGE_WHOLE;
	out->count = 0;
	out->r = NULL;
	if (size < 0)
		return;
	snprintf(sztext, sizeof(sztext), "%lld", size);
	sz = dec_of(sztext, strlen(sztext));
	while (start < len && is_ows(v[start]))
		start++;
	while (len > start && is_ows(v[len - 1]))
		len--;
	if (len - start < 6 || !same_word(v + start, 6, "bytes=") ||
	    (len - start > 6 && is_ows(v[start + 6])))
		return;
	all = fuzz_xmalloc((len + 1) * sizeof(*all));
	for (i = start + 6; i <= len; i = j + 1) {
		size_t a, b;

		for (j = i; j < len && v[j] != ','; j++)
			;
		for (a = i; a < j && is_ows(v[a]); a++)
			;
		for (b = j; b > a && is_ows(v[b - 1]); b--)
			;
		if (a == b)
			continue;
		if (++specs > HS_RANGE_SPECS_MAX) {
			free(all);
			return;
		}
		rc = ref_spec(v + a, b - a, size, sz, &all[n]);
		if (rc < 0) {
			free(all);
			return;
		}
		if (rc == 1)
			n++;
		else if (rc == 2)
			empty_suffix = 1;
	}
	if (specs == 0 || empty_suffix) {
		free(all);
		return;
	}
	if (n == 0) {
		out->result = HS_RANGE_UNSATISFIABLE;
		free(all);
		return;
	}
	sorted = fuzz_xmalloc(n * sizeof(*sorted));
	memcpy(sorted, all, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), range_cmp);
	merged = 0;
	for (i = 0; i < n; i++) {
		struct ref_range *prev = merged > 0 ? &sorted[merged - 1] :
		    NULL;

		if (prev != NULL && prev->last + 1 >= sorted[i].first) {
			if (sorted[i].last > prev->last)
				prev->last = sorted[i].last;
		} else {
			sorted[merged++] = sorted[i];
		}
	}
	if (merged > max) {
		free(sorted);
		free(all);
		return;
	}
	out->result = HS_RANGE_PARTIAL;
	out->count = merged;
	/* Nothing merged: the same ranges, in the order asked. */
	if (merged == n) {
		out->r = all;
		free(sorted);
	} else {
		out->r = sorted;
		free(all);
	}
}

/* One text a writer of range.h makes: which, and its arguments. */
enum piece_kind { CONTENT_RANGE, PART_HEAD, TAIL };

struct piece {
	enum piece_kind kind;
	const char *boundary;
	const char *type;
	const struct hs_byte_range *r;
	off_t size;
};

/* Write P into BUF of SIZE bytes with its writer. */
static size_t
piece_write(const struct piece *p, char *buf, size_t size)
{
	switch (p->kind) {
	case CONTENT_RANGE:
		return hs_range_content_range(buf, size, p->r, p->size);
	case PART_HEAD:
		return hs_range_part_head(buf, size, p->boundary, p->type,
		    p->r, p->size);
	case TAIL:
	default:
		return hs_range_multipart_tail(buf, size, p->boundary);
	}
}

/*
 * P's writer must give WANT by snprintf()'s rule: measured alike with
 * (NULL, 0), written whole, and cut to a NUL-terminated prefix in short
 * buffers (one chosen by H), every buffer sized exactly.  Returns the
 * length.
 */
static size_t
check_piece(const struct piece *p, const char *want, uint64_t h)
{
	size_t need = strlen(want), sizes[3], i;
	char *buf;

	if (piece_write(p, NULL, 0) != need)
		abort();
	sizes[0] = need + 1;
	sizes[1] = 1;
	sizes[2] = 1 + (size_t)(h % (need + 1));
	for (i = 0; i < 3; i++) {
		buf = fuzz_xmalloc(sizes[i]);
		memset(buf, 'X', sizes[i]);
		if (piece_write(p, buf, sizes[i]) != need ||
		    buf[sizes[i] - 1] != '\0' ||
		    memcmp(buf, want, sizes[i] - 1) != 0)
			abort();
		free(buf);
	}
	return need;
}

static const char *const boundaries[] = {
	"B", "3d6b6a416f9b5", "0123456789abcdef0123456789abcdef"
};

static const char *const types[] = {
	"text/plain", "application/octet-stream", "", "text/html; charset=x"
};

/*
 * The framing of the PARTIAL result R[0..COUNT) for SIZE: each writer
 * against snprintf(), and the multipart length against the sum of what
 * they write and the bytes (stopping at BIG, as range.h says).
 */
static void
check_framing(const struct hs_byte_range *r, size_t count, long long size,
    uint64_t h)
{
	const char *boundary = boundaries[h % 3];
	const char *type = types[(h >> 2) % 4];
	struct piece p = { CONTENT_RANGE, boundary, type, NULL, size };
	unsigned long long total;
	char want[256];
	size_t i;

	snprintf(want, sizeof(want), "\r\n--%s--\r\n", boundary);
	p.kind = TAIL;
	total = check_piece(&p, want, h);
	for (i = 0; i < count; i++) {
		p.r = &r[i];
		p.kind = CONTENT_RANGE;
		snprintf(want, sizeof(want), "bytes %lld-%lld/%lld",
		    (long long)r[i].first, (long long)r[i].last, size);
		(void)check_piece(&p, want, h >> 8);
		p.kind = PART_HEAD;
		snprintf(want, sizeof(want), "\r\n--%s\r\nContent-Type: %s\r\n"
		    "Content-Range: bytes %lld-%lld/%lld\r\n\r\n", boundary,
		    type, (long long)r[i].first, (long long)r[i].last, size);
		total += check_piece(&p, want, h >> 16);
		total += (unsigned long long)(r[i].last - r[i].first) + 1;
	}
	if (total > (unsigned long long)BIG)
		total = BIG;
	if (hs_range_multipart_length(boundary, type, r, count, size) !=
	    (off_t)total)
		abort();
}

/*
 * The invariants of a PARTIAL result whatever the reference says: 1 to
 * MAX ranges, each within SIZE, no two overlapping or adjacent, no more
 * bytes than SIZE in all.
 */
static void
check_partial(const struct hs_byte_range *r, size_t count, size_t max,
    long long size)
{
	unsigned long long bytes = 0;
	size_t i, j;

	if (count < 1 || count > max)
		abort();
	for (i = 0; i < count; i++) {
		if (r[i].first < 0 || r[i].first > r[i].last ||
		    r[i].last >= size)
			abort();
		bytes += (unsigned long long)(r[i].last - r[i].first) + 1;
		for (j = 0; j < i; j++)
			if (r[j].first <= r[i].last + 1 &&
			    r[i].first <= r[j].last + 1)
				abort();
	}
	if (bytes > (unsigned long long)size)
		abort();
}

/* SIZE as byte 1 of the input chooses it (see the top of the file). */
static long long
choose_size(uint8_t b)
{
	if (b < 0x80)
		return b;
	if (b < 0xc0)
		return (long long)(b - 0x80) * 65537 + 128;
	if (b < 0xff)
		return BIG - (b - 0xc0);
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hs_byte_range *ranges, guard;
	enum hs_range_result result;
	struct ref ref;
	long long rsize;
	size_t max, count = 99, i;
	uint64_t h;
	char *value;

	if (size < 2)
		return 0;
	h = fuzz_hash(data, size);
	max = data[0] % (HS_RANGE_SPECS_MAX + 3);
	rsize = choose_size(data[1]);
	value = fuzz_xmalloc(size - 1);
	memcpy(value, data + 2, size - 2);
	value[size - 2] = '\0';
	/* MAX ranges and a poisoned guard behind them. */
	ranges = fuzz_xmalloc((max + 1) * sizeof(*ranges));
	memset(ranges, 0x5a, (max + 1) * sizeof(*ranges));
	guard = ranges[max];

	result = hs_parse_range(value, (off_t)rsize, ranges, max, &count);
	ref_parse(value, rsize, max, &ref);
	if (result != ref.result || count != ref.count ||
	    memcmp(&ranges[max], &guard, sizeof(guard)) != 0)
		abort();
	if (result == HS_RANGE_PARTIAL) {
		check_partial(ranges, count, max, rsize);
		for (i = 0; i < count; i++)
			if (ranges[i].first != ref.r[i].first ||
			    ranges[i].last != ref.r[i].last)
				abort();
		check_framing(ranges, count, rsize, h);
	} else if (result == HS_RANGE_UNSATISFIABLE) {
		struct piece p = { CONTENT_RANGE, NULL, NULL, NULL, rsize };
		char want[64];

		snprintf(want, sizeof(want), "bytes */%lld", rsize);
		(void)check_piece(&p, want, h);
	}
	free(ref.r);
	free(ranges);
	free(value);
	return 0;
}
