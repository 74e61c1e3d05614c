/* SPDX-License-Identifier: MIT */
/*
 * fuzz_parse.c - libFuzzer target for the request head parser, the body
 * framing and the HTTP date parser (src/http/parse.c, body.c, date.c).
 *
 * Each input is a byte stream as a client would send it.  Every head in it
 * is parsed at once, one byte at a time and in random pieces from moving
 * copies; the results must be identical, since TCP may cut a request
 * anywhere.  Complete heads get their body framing checked against the
 * rules of RFC 9112 section 6, and their bodies skipped (Content-Length)
 * or decoded (chunked) to reach the next, pipelined, request.  Every
 * header value goes through hs_parse_http_date(), as If-Modified-Since
 * does, and so does the whole input.  The whole input also goes through
 * the chunked decoder, at once and in pieces.
 *
 * The limits (64 KiB lines, 256 KiB heads) are beyond any input libFuzzer
 * is usually given, so "\xff\xfe" C K in the input stands for the byte C
 * repeated (K + 1) * 1024 times: a seed for a 414 takes a few bytes.
 *
 * Any violated invariant calls abort(), which libFuzzer reports as a crash.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fuzz_util.h"
#include "guard.h"
#include "http/body.h"
#include "http/hs_limits.h"
#include "http/parse.h"
#include "httpserve.h"

/* "\xff\xfe" C K: C repeated (K + 1) * STRETCH_UNIT times. */
#define STRETCH_UNIT 1024
/* Runs stop growing the input here: past every limit, not much more. */
#define STRETCH_MAX (HS_MAX_HEAD + HS_MAX_LINE)
/* Inputs up to this long are also fed one byte at a time. */
#define BYTEWISE_MAX 8192
/* Pipelined requests followed in one input. */
#define MAX_REQUESTS 16
/* The times hs_parse_http_date() can give: years 1 to 9999, as Python's
 * datetime, from Mon, 01 Jan 0001 to Fri, 31 Dec 9999 23:59:59 GMT. */
#define DATE_MIN (-62135596800LL)
#define DATE_MAX 253402300799LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A deterministic pseudo-random stream, so a crash replays exactly. */
struct rng {
	uint64_t state;
};

/* Seed R from the input itself, so the pieces follow the input. */
static void
rng_seed(struct rng *r, const uint8_t *data, size_t size)
{
	uint64_t h = fuzz_hash(data, size);

	r->state = h != 0 ? h : 1;
}

/* The next number of R (xorshift64*). */
static uint64_t
rng_next(struct rng *r)
{
	r->state ^= r->state >> 12;
	r->state ^= r->state << 25;
	r->state ^= r->state >> 27;
	return r->state * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, N] from R. */
static size_t
rng_upto(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % ((uint64_t)n + 1));
}

/* Is a "\xff\xfe" C K run at DATA[I..SIZE)? */
static int
is_stretch(const uint8_t *data, size_t size, size_t i)
{
	return size - i >= 4 && data[i] == 0xff && data[i + 1] == 0xfe;
}

/*
 * Expand the runs of DATA into an exactly sized heap buffer, so that
 * AddressSanitizer catches any read past its end; the input is never
 * NUL-terminated, as a network buffer is not.
 */
static char *
expand(const uint8_t *data, size_t size, size_t *lenp)
{
	size_t i, len = 0, run;
	char *buf;
	int pass;

	buf = NULL;
	for (pass = 0; pass < 2; pass++) {
		len = 0;
		for (i = 0; i < size; ) {
			if (!is_stretch(data, size, i)) {
				if (buf != NULL)
					buf[len] = (char)data[i];
				len++;
				i++;
				continue;
			}
			run = ((size_t)data[i + 3] + 1) * STRETCH_UNIT;
			if (len >= STRETCH_MAX)
				run = 0;
			else if (run > STRETCH_MAX - len)
				run = STRETCH_MAX - len;
			if (buf != NULL)
				memset(buf + len, data[i + 2], run);
			len += run;
			i += 4;
		}
		if (buf == NULL && (buf = malloc(len > 0 ? len : 1)) == NULL)
			abort();
	}
	*lenp = len;
	return buf;
}

/* Abort unless SPAN lies within the first LIMIT bytes. */
static void
check_span(const struct hs_span *span, size_t limit)
{
	if (span->off > limit || span->len > limit - span->off)
		abort();
}

/* Abort unless INNER lies within OUTER. */
static void
check_within(const struct hs_span *inner, const struct hs_span *outer)
{
	if (inner->off < outer->off ||
	    inner->off + inner->len > outer->off + outer->len)
		abort();
}

/* Abort if BUF[SPAN] holds a byte that may not appear in a head. */
static void
check_no_ctl(const char *buf, const struct hs_span *span, int allow_sp)
{
	size_t i;
	unsigned char c;

	for (i = span->off; i < span->off + span->len; i++) {
		c = (unsigned char)buf[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			abort();
		if (!allow_sp && (c == ' ' || c == '\t'))
			abort();
	}
}

/* Check one parsed header field of a DONE head against RFC 9112. */
static void
check_field(const struct hs_head *h, const char *buf, size_t i)
{
	const struct hs_header_span *f = &h->headers[i];
	size_t k, colon = f->name.off + f->name.len;

	check_span(&f->name, h->length);
	check_span(&f->value, h->length);
	if (f->name.len == 0 || f->name.off < h->line.off + h->line.len)
		abort();
	for (k = f->name.off; k < colon; k++)
		if (!hs_is_tchar((unsigned char)buf[k]))
			abort();
	if (buf[colon] != ':' || f->value.off <= colon)
		abort();
	/* Fields come in order, each after the one before it. */
	if (i > 0 && f->name.off <= h->headers[i - 1].value.off +
	    h->headers[i - 1].value.len)
		abort();
	check_no_ctl(buf, &f->value, 1);
	if (f->value.len > 0) {
		char first = buf[f->value.off];
		char last = buf[f->value.off + f->value.len - 1];

		/* The value is stored without its surrounding whitespace. */
		if (first == ' ' || first == '\t' || last == ' ' ||
		    last == '\t')
			abort();
	}
}

/* Check the request line of a DONE head: its words and its version. */
static void
check_request_line(const struct hs_head *h, const char *buf)
{
	check_span(&h->line, h->length);
	check_no_ctl(buf, &h->line, 1);
	if (memchr(buf + h->line.off, '\r', h->line.len) != NULL)
		abort();
	check_within(&h->method, &h->line);
	check_within(&h->target, &h->line);
	check_no_ctl(buf, &h->method, 0);
	check_no_ctl(buf, &h->target, 0);
	if (h->method.len == 0 || h->target.len == 0)
		abort();
	if (h->simple) {
		/* HTTP/0.9: "GET target" and nothing else. */
		if (h->words != 2 || h->version.len != 0 || h->major != 0 ||
		    h->minor != 9 || h->method.len != 3 ||
		    memcmp(buf + h->method.off, "GET", 3) != 0)
			abort();
		return;
	}
	if (h->words != 3)
		abort();
	check_within(&h->version, &h->line);
	check_no_ctl(buf, &h->version, 0);
	if (h->version.len < 8 || memcmp(buf + h->version.off, "HTTP/", 5))
		abort();
	if (h->major < 0 || h->major > 1 || h->minor < 0)
		abort();
}

/*
 * The invariants of a result of hs_parse_head() over LEN bytes of BUF
 * with at_eof set: what DONE and ERROR promise, and that nothing points
 * outside the input.
 */
static void
check_head(const struct hs_head *h, enum hs_parse_status st,
    const char *buf, size_t len)
{
	size_t i;
	int status;

	if (st != HS_PARSE_INCOMPLETE && st != HS_PARSE_DONE &&
	    st != HS_PARSE_ERROR)
		abort();
	/* At end of input only an empty input can still be incomplete. */
	if ((st == HS_PARSE_INCOMPLETE) != (len == 0))
		abort();
	if ((st == HS_PARSE_ERROR) != (h->error != HS_PE_NONE))
		abort();
	if (h->nheaders > HS_MAX_HEADERS)
		abort();
	if (h->length > len)
		abort();
	check_span(&h->error_word, len);
	if (h->have_line) {
		check_span(&h->line, len);
		check_span(&h->method, len);
		check_span(&h->target, len);
		check_span(&h->version, len);
	}
	for (i = 0; i < h->nheaders; i++) {
		check_span(&h->headers[i].name, len);
		check_span(&h->headers[i].value, len);
	}
	if (st == HS_PARSE_ERROR) {
		if (h->error < HS_PE_EMPTY || h->error > HS_PE_BAD_HEADER ||
		    h->length != 0)
			abort();
		status = hs_parse_error_status(h->error);
		if ((status == 0) != (h->error == HS_PE_EMPTY))
			abort();
		if (status != 0 && status != 400 && status != 414 &&
		    status != 431 && status != 505)
			abort();
		return;
	}
	if (st != HS_PARSE_DONE)
		return;
	/* A head ends after a line feed, or where the input ends. */
	if (!h->have_line || h->length == 0 ||
	    (h->length < len && buf[h->length - 1] != '\n'))
		abort();
	check_request_line(h, buf);
	for (i = 0; i < h->nheaders; i++)
		check_field(h, buf, i);
}

/* Is C optional whitespace (RFC 9110 section 5.6.3)? */
static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The time T that hs_parse_http_date() gave for the LEN bytes at VALUE
 * lies within years 1 to 9999, formats as an IMF-fixdate that parses back
 * to T, and an IMF-fixdate input formats back to itself but for case and
 * the day name (which is never checked against the date).
 */
static void
check_date_time(const char *value, size_t len, time_t t)
{
	char text[HS_DATE_LEN + 1];
	size_t start = 0, end = len;
	time_t again = 0;

	if ((long long)t < DATE_MIN || (long long)t > DATE_MAX)
		abort();
	if (hs_date_time_string(text, sizeof(text), t) != HS_DATE_LEN ||
	    hs_parse_http_date(text, HS_DATE_LEN, &again) != 0 || again != t)
		abort();
	while (start < end && is_ows(value[start]))
		start++;
	while (end > start && is_ows(value[end - 1]))
		end--;
	/* "Sun," and 29 bytes: an IMF-fixdate. */
	if (end - start == HS_DATE_LEN && value[start + 3] == ',' &&
	    strncasecmp(text + 3, value + start + 3, HS_DATE_LEN - 3) != 0)
		abort();
}

/*
 * Parse the LEN bytes at VALUE as an HTTP date, as the static handler
 * parses If-Modified-Since, which is the client's to write.  The parser
 * reads copies that end at a guard page, so a read past LEN crashes in
 * every build.  Whitespace around the date must not change the answer.
 */
static void
check_http_date(const char *value, size_t len)
{
	time_t t = 0, padded_t = 0;
	char *padded;
	int rc;

	if (len > GUARD_MAX - 4)
		return;
	rc = hs_parse_http_date(guard_copy(value, len), len, &t);
	if (rc != 0 && rc != -1)
		abort();
	padded = fuzz_xmalloc(len + 4);
	memcpy(padded, " \t", 2);
	memcpy(padded + 2, value, len);
	memcpy(padded + 2 + len, "\t ", 2);
	if (hs_parse_http_date(guard_copy(padded, len + 4), len + 4,
	    &padded_t) != rc || (rc == 0 && padded_t != t))
		abort();
	free(padded);
	if (rc == 0)
		check_date_time(value, len, t);
}

/* Are two spans the same? */
static int
span_eq(const struct hs_span *a, const struct hs_span *b)
{
	return a->off == b->off && a->len == b->len;
}

/*
 * Abort unless two parses of the same bytes gave the same answer: status,
 * words, fields, length and error, all of it (the incremental fields
 * line_start and scanned aside, which only the parser reads).
 */
static void
check_same(enum hs_parse_status sa, const struct hs_head *a,
    enum hs_parse_status sb, const struct hs_head *b)
{
	size_t i;

	if (sa != sb || a->have_line != b->have_line ||
	    a->words != b->words || a->simple != b->simple ||
	    a->major != b->major || a->minor != b->minor ||
	    a->nheaders != b->nheaders || a->length != b->length ||
	    a->error != b->error || !span_eq(&a->error_word, &b->error_word))
		abort();
	if (!span_eq(&a->line, &b->line) ||
	    !span_eq(&a->method, &b->method) ||
	    !span_eq(&a->target, &b->target) ||
	    !span_eq(&a->version, &b->version))
		abort();
	for (i = 0; i < a->nheaders; i++)
		if (!span_eq(&a->headers[i].name, &b->headers[i].name) ||
		    !span_eq(&a->headers[i].value, &b->headers[i].value))
			abort();
}

/*
 * Feed BUF[0..LEN) one byte at a time, in place: every place a line ending
 * can be cut in two gets tried.  Returns the status, the head in H.
 */
static enum hs_parse_status
parse_bytewise(struct hs_head *h, const char *buf, size_t len)
{
	enum hs_parse_status st;
	size_t p;

	hs_parse_init(h);
	for (p = 0; p < len; p++) {
		st = hs_parse_head(h, buf, p, 0);
		if (st != HS_PARSE_INCOMPLETE)
			return st;
	}
	return hs_parse_head(h, buf, len, 1);
}

/*
 * Feed BUF[0..LEN) in random growing prefixes, each copied to the end of
 * SCRATCH (LEN bytes, exactly allocated): the buffer moves between calls,
 * as parse.h allows, and a read past a prefix hits AddressSanitizer's
 * redzone.  The last call has all bytes and at_eof.
 */
static enum hs_parse_status
parse_pieces(struct hs_head *h, const char *buf, size_t len, char *scratch,
    struct rng *r)
{
	enum hs_parse_status st;
	size_t cuts[8], ncuts, i, j, t;

	ncuts = 1 + rng_upto(r, 7);
	for (i = 0; i < ncuts; i++)
		cuts[i] = rng_upto(r, len);
	for (i = 1; i < ncuts; i++)	/* insertion sort: a few cuts */
		for (j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
			t = cuts[j];
			cuts[j] = cuts[j - 1];
			cuts[j - 1] = t;
		}
	hs_parse_init(h);
	for (i = 0; i < ncuts; i++) {
		memcpy(scratch + len - cuts[i], buf, cuts[i]);
		/* Repeating a prefix is allowed: nothing new, same answer. */
		st = hs_parse_head(h, scratch + len - cuts[i], cuts[i], 0);
		if (st != HS_PARSE_INCOMPLETE)
			return st;
	}
	memcpy(scratch, buf, len);
	return hs_parse_head(h, scratch, len, 1);
}

/* Is the field of H at I named NAME (case-insensitively)? */
static int
field_named(const struct hs_head *h, const char *buf, size_t i,
    const char *name)
{
	size_t n = strlen(name);

	return h->headers[i].name.len == n &&
	    strncasecmp(buf + h->headers[i].name.off, name, n) == 0;
}

/* How many fields of H are named NAME, and the index of the last one. */
static size_t
count_fields(const struct hs_head *h, const char *buf, const char *name,
    size_t *last)
{
	size_t i, n = 0;

	for (i = 0; i < h->nheaders; i++)
		if (field_named(h, buf, i, name)) {
			n++;
			*last = i;
		}
	return n;
}

/*
 * Walk the Transfer-Encoding fields of H in order as one list (RFC 9110
 * section 5.6.1: empty elements and whitespace around them do not count):
 * returns how many codings it names, and in *LAST_CHUNKED whether the
 * last one is "chunked".
 */
static size_t
list_codings(const struct hs_head *h, const char *buf, int *last_chunked)
{
	size_t i, k, s, e, end, n = 0;

	*last_chunked = 0;
	for (i = 0; i < h->nheaders; i++) {
		if (!field_named(h, buf, i, "Transfer-Encoding"))
			continue;
		k = h->headers[i].value.off;
		end = k + h->headers[i].value.len;
		while (k < end) {
			s = k;
			while (k < end && buf[k] != ',')
				k++;
			e = k++;
			while (s < e && is_ows(buf[s]))
				s++;
			while (e > s && is_ows(buf[e - 1]))
				e--;
			if (e == s)
				continue;
			n++;
			*last_chunked = e - s == 7 &&
			    strncasecmp(buf + s, "chunked", 7) == 0;
		}
	}
	return n;
}

/* The Content-Length value BUF[V] as digits, or -1 if it is not digits. */
static int
content_length(const char *buf, const struct hs_span *v,
    unsigned long long *n)
{
	size_t i;
	unsigned d;

	*n = 0;
	if (v->len == 0)
		return -1;
	for (i = v->off; i < v->off + v->len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
		d = (unsigned)(buf[i] - '0');
		*n = *n > (ULLONG_MAX - d) / 10 ? ULLONG_MAX : *n * 10 + d;
	}
	return 0;
}

/*
 * Run hs_body_framing() on the DONE head H and check its verdict against
 * the fields: the framings that allow request smuggling (both lengths,
 * two lengths, chunked not last, Transfer-Encoding before HTTP/1.1) are
 * refused, and an accepted framing says what the fields say.
 */
static void
check_framing(const struct hs_head *h, const char *buf, struct hs_framing *f)
{
	size_t cl_i = 0, te_i = 0, cl, te, codings;
	unsigned long long n;
	int rc, last_chunked;

	rc = hs_body_framing(h, buf, f);
	if ((rc == 0) != (f->status == 0) || (rc != 0 && rc != -1))
		abort();
	if (rc != 0) {
		if ((f->status != 400 && f->status != 501) ||
		    f->message == NULL || f->message[0] == '\0')
			abort();
	} else if (f->kind == HS_FRAMING_NONE) {
		if (f->length != 0)
			abort();
	} else if (f->kind == HS_FRAMING_LENGTH) {
		if (f->length == 0)
			abort();
	} else if (f->kind != HS_FRAMING_CHUNKED || f->length != 0) {
		abort();
	}
	if (h->simple) {
		/* HTTP/0.9 has no body, whatever its fields say. */
		if (rc != 0 || f->kind != HS_FRAMING_NONE)
			abort();
		return;
	}
	cl = count_fields(h, buf, "Content-Length", &cl_i);
	te = count_fields(h, buf, "Transfer-Encoding", &te_i);
	if (cl > 1 || (cl > 0 && te > 0) || (te > 0 && (h->major < 1 ||
	    (h->major == 1 && h->minor < 1)))) {
		if (rc != -1 || f->status != 400)
			abort();
		return;
	}
	if (te > 0) {
		codings = list_codings(h, buf, &last_chunked);
		/* Only a list ending in chunked frames a body; chunked
		 * alone is always understood. */
		if (!last_chunked && (rc != -1 || f->status != 400))
			abort();
		if (last_chunked && codings == 1 &&
		    (rc != 0 || f->kind != HS_FRAMING_CHUNKED))
			abort();
		if (rc == 0 && f->kind != HS_FRAMING_CHUNKED)
			abort();
		return;
	}
	if (f->status == 501)
		abort();	/* no transfer coding at all */
	if (cl == 0) {
		if (rc != 0 || f->kind != HS_FRAMING_NONE)
			abort();
		return;
	}
	if (content_length(buf, &h->headers[cl_i].value, &n) != 0) {
		if (rc != -1 || f->status != 400)
			abort();
	} else if (rc != 0 || f->length != n ||
	    f->kind != (n > 0 ? HS_FRAMING_LENGTH : HS_FRAMING_NONE)) {
		abort();
	}
}

/*
 * Parse the head at the start of BUF[0..LEN) at once, byte by byte and in
 * pieces, check the results are one, and return it in H.
 */
static enum hs_parse_status
parse_all_ways(struct hs_head *h, const char *buf, size_t len,
    struct rng *r)
{
	struct hs_head other;
	enum hs_parse_status st, st2;
	char *scratch;

	hs_parse_init(h);
	st = hs_parse_head(h, buf, len, 1);
	check_head(h, st, buf, len);

	/* Without at_eof first: an answer then must not change. */
	hs_parse_init(&other);
	st2 = hs_parse_head(&other, buf, len, 0);
	if (st2 == HS_PARSE_INCOMPLETE)
		st2 = hs_parse_head(&other, buf, len, 1);
	check_same(st, h, st2, &other);

	if (len <= BYTEWISE_MAX) {
		st2 = parse_bytewise(&other, buf, len);
		check_same(st, h, st2, &other);
	}

	if ((scratch = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	st2 = parse_pieces(&other, buf, len, scratch, r);
	free(scratch);
	check_same(st, h, st2, &other);
	return st;
}

/* What decoding a chunked body gave. */
struct decoded {
	enum hs_chunked_status status;
	size_t consumed;	/* input bytes used */
	char *data;		/* the body, LEN bytes of room */
	size_t len;
};

/* How to cut the input of the chunked decoder. */
enum cut {
	CUT_NONE,	/* all at once */
	CUT_BYTES,	/* one byte at a time */
	CUT_RANDOM	/* random pieces */
};

/* The size of the next piece of REMAINING bytes, cut as HOW says. */
static size_t
next_piece(enum cut how, size_t remaining, size_t total, struct rng *r)
{
	size_t bound;

	if (how == CUT_NONE)
		return remaining;
	if (how == CUT_BYTES)
		return 1;
	/* Mostly small pieces, where the states change; few for big input. */
	bound = total / 32 > 16 ? total / 32 : 16;
	if (rng_upto(r, 3) == 0)
		bound = remaining;
	bound = 1 + rng_upto(r, bound - 1);
	return bound < remaining ? bound : remaining;
}

/*
 * Decode IN[0..LEN) as a chunked body, feeding pieces cut as HOW says,
 * each copied to the end of SCRATCH (LEN bytes) so an over-read is caught,
 * into OUT; the way check_body.c's decode() drives the decoder.
 */
static void
decode(const char *in, size_t len, enum cut how, struct rng *r,
    char *scratch, struct decoded *out)
{
	struct hs_chunked c;
	enum hs_chunked_status st = HS_CHUNKED_MORE;
	size_t pos = 0, n, used, off, dlen;
	char *piece;

	hs_chunked_init(&c);
	out->len = 0;
	while (pos < len && st != HS_CHUNKED_DONE && st != HS_CHUNKED_ERROR) {
		n = next_piece(how, len - pos, len, r);
		piece = scratch + len - n;
		memcpy(piece, in + pos, n);
		used = off = dlen = SIZE_MAX;
		st = hs_chunked_parse(&c, piece, n, &used, &off, &dlen);
		if (used > n)
			abort();
		switch (st) {
		case HS_CHUNKED_DATA:
			/* A non-empty run, ending where used input ends. */
			if (dlen == 0 || off > n || dlen > n - off ||
			    used != off + dlen)
				abort();
			memcpy(out->data + out->len, piece + off, dlen);
			out->len += dlen;
			st = HS_CHUNKED_MORE;
			break;
		case HS_CHUNKED_MORE:
			/* MORE promises the decoder took every byte. */
			if (used != n || dlen != 0)
				abort();
			break;
		case HS_CHUNKED_DONE:
		case HS_CHUNKED_ERROR:
			if (dlen != 0)
				abort();
			break;
		default:
			abort();
		}
		pos += used;
	}
	if (st == HS_CHUNKED_DONE || st == HS_CHUNKED_ERROR) {
		/* The end is final: no more input is taken. */
		enum hs_chunked_status again;

		n = len - pos;
		memcpy(scratch + len - n, in + pos, n);
		again = hs_chunked_parse(&c, scratch + len - n, n, &used,
		    &off, &dlen);
		if (again != st || used != 0 || dlen != 0)
			abort();
	}
	out->status = st;
	out->consumed = pos;
}

/*
 * Decode IN[0..LEN) at once, byte by byte and in random pieces; the
 * verdict, the bytes used and the body must be the same every time.
 * Returns the verdict, with the bytes used in *CONSUMED.
 */
static enum hs_chunked_status
check_chunked(const char *in, size_t len, struct rng *r, size_t *consumed)
{
	struct decoded a, b;
	char *scratch;
	enum cut how;

	a.data = malloc(len > 0 ? len : 1);
	b.data = malloc(len > 0 ? len : 1);
	scratch = malloc(len > 0 ? len : 1);
	if (a.data == NULL || b.data == NULL || scratch == NULL)
		abort();
	decode(in, len, CUT_NONE, r, scratch, &a);
	if (a.len > a.consumed || a.consumed > len)
		abort();
	/* The shortest body is "0\r\n\r\n". */
	if (a.status == HS_CHUNKED_DONE &&
	    (a.consumed < 5 || in[a.consumed - 1] != '\n'))
		abort();
	if (a.status == HS_CHUNKED_MORE && a.consumed != len)
		abort();
	for (how = CUT_BYTES; how <= CUT_RANDOM; how++) {
		if (how == CUT_BYTES && len > BYTEWISE_MAX)
			continue;
		decode(in, len, how, r, scratch, &b);
		if (b.status != a.status || b.consumed != a.consumed ||
		    b.len != a.len || memcmp(a.data, b.data, a.len) != 0)
			abort();
	}
	*consumed = a.consumed;
	free(scratch);
	free(b.data);
	free(a.data);
	return a.status;
}

/*
 * Follow the requests of BUF[0..LEN) as a connection would: parse a head,
 * decide its framing, skip or decode its body, parse the next one.
 */
static void
follow_requests(const char *buf, size_t len, struct rng *r)
{
	struct hs_head h;
	struct hs_framing f;
	size_t pos = 0, used, i;
	int n;

	for (n = 0; n < MAX_REQUESTS && pos < len; n++) {
		if (parse_all_ways(&h, buf + pos, len - pos, r) !=
		    HS_PARSE_DONE)
			return;
		for (i = 0; i < h.nheaders; i++)
			check_http_date(buf + pos + h.headers[i].value.off,
			    h.headers[i].value.len);
		check_framing(&h, buf + pos, &f);
		pos += h.length;
		/* A refused framing or HTTP/0.9 closes the connection. */
		if (f.status != 0 || h.simple)
			return;
		if (f.kind == HS_FRAMING_LENGTH) {
			if (f.length > len - pos)
				return;
			pos += (size_t)f.length;
		} else if (f.kind == HS_FRAMING_CHUNKED) {
			if (check_chunked(buf + pos, len - pos, r, &used) !=
			    HS_CHUNKED_DONE)
				return;
			pos += used;
		}
	}
}

/* libFuzzer's entry point: one input, every check above. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rng r;
	size_t len, used;
	char *buf;

	rng_seed(&r, data, size);
	buf = expand(data, size, &len);
	follow_requests(buf, len, &r);
	/* A date on its own reaches the date parser without a head. */
	check_http_date(buf, len);
	/* The same bytes as a chunked body, as if a head came before. */
	(void)check_chunked(buf, len, &r, &used);
	free(buf);
	return 0;
}
