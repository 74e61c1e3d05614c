/* SPDX-License-Identifier: MIT */
/*
 * fuzz_precond.c - libFuzzer target for src/http/precond.c: the entity-tag
 * lists of hs_etag_match(), the preconditions of hs_precondition_eval(),
 * the If-Range rule of hs_range_applies() and the tags of
 * hs_etag_from_stat().
 *
 * The input is a flags byte, then fields separated by NUL bytes (none of
 * them can hold one, being C strings): an entity-tag list, an ETAG, the
 * method, If-Match, If-None-Match, If-Modified-Since,
 * If-Unmodified-Since, If-Range, Range and an etag suffix.  A field the
 * input stops before is NULL.  The flags make ETAG or a conditional field
 * NULL even when present, and choose the modification time: unknown, or
 * one second before, at or after the first valid date among the fields,
 * so that the date comparisons are reached.
 *
 * hs_etag_match() must agree with the slow reference below, written
 * apart from it as a character state machine that collects every member
 * first; the preconditions and If-Range with a reference of RFC 9110
 * section 13.2.2's steps built on it.  Both must keep their promises
 * (only 0, 304 and 412; 304 only for GET and HEAD; a strong match is
 * also a weak one; a strong tag matches itself; "*" matches).  A tag of
 * hs_etag_from_stat() must follow snprintf()'s rule, be a strong
 * entity-tag that matches itself, and read back to the numbers it was
 * made from.  Any violated invariant calls abort().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "http/precond.h"
#include "fuzz_util.h"
#include "httpserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fields of the input, in order. */
enum {
	F_LIST, F_ETAG, F_METHOD, F_IF_MATCH, F_IF_NONE_MATCH,
	F_IF_MODIFIED_SINCE, F_IF_UNMODIFIED_SINCE, F_IF_RANGE, F_RANGE,
	F_SUFFIX, F_COUNT
};

/* The flags byte. */
#define FL_ETAG_NULL 0x01
#define FL_TIME_SHIFT 1		/* 2 bits: unknown, date - 1, date, + 1 */
#define FL_NULL_SHIFT 3		/* 5 bits: If-Match .. If-Range NULL */

/* Members of a list the reference keeps, at most. */
#define REF_MEMBERS_MAX 4096

/* Suffix bytes handed to hs_etag_from_stat(), at most. */
#define SUFFIX_MAX 40

/* One member of a list, as the reference reads it: the bytes between
 * its quotes, and whether W/ came first. */
struct ref_tag {
	const char *inner;
	size_t len;
	int weak;
};

/* Is C a byte an opaque-tag may hold, by RFC 9110's ranges? */
static int
ref_etagc(unsigned char c)
{
	if (c == '"' || c == 0x7f)
		return 0;
	return c > 0x20;
}

/* Is S, OWS stripped by hand, exactly "*"? */
static int
ref_star(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	return n == 1 && s[0] == '*';
}

/*
 * Read ETAG as one entity-tag with nothing around it: strip a leading
 * "W/", then the quotes at both ends, then require every byte between
 * them to be an etagc.  1 with *T filled, or 0.
 */
static int
ref_one(const char *etag, struct ref_tag *t)
{
	size_t n = strlen(etag), i;

	t->weak = 0;
	if (n >= 2 && memcmp(etag, "W/", 2) == 0) {
		t->weak = 1;
		etag += 2;
		n -= 2;
	}
	if (n < 2 || etag[0] != '"' || etag[n - 1] != '"')
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (!ref_etagc((unsigned char)etag[i]))
			return 0;
	t->inner = etag + 1;
	t->len = n - 2;
	return 1;
}

/* The states of the reference list reader. */
enum ref_state {
	RS_GAP,		/* between members: OWS and commas */
	RS_W,		/* after 'W' */
	RS_SLASH,	/* after "W/" */
	RS_IN,		/* inside the quotes */
	RS_DONE		/* after a member, before its comma */
};

/*
 * Read LIST one byte at a time into at most MAX members in T.  The count
 * of members (maybe more than MAX), or -1 when LIST is not a list of
 * entity-tags.
 */
static long
ref_list(const char *list, struct ref_tag *t, size_t max)
{
	enum ref_state st = RS_GAP;
	const char *p, *start = NULL;
	unsigned char c;
	long n = 0;
	int weak = 0;

	for (p = list; *p != '\0'; p++) {
		c = (unsigned char)*p;
		switch (st) {
		case RS_GAP:
			if (c == ',' || c == ' ' || c == '\t')
				break;
			weak = 0;
			if (c == 'W') {
				weak = 1;
				st = RS_W;
			} else if (c == '"') {
				start = p + 1;
				st = RS_IN;
			} else {
				return -1;
			}
			break;
		case RS_W:
			if (c != '/')
				return -1;
			st = RS_SLASH;
			break;
		case RS_SLASH:
			if (c != '"')
				return -1;
			start = p + 1;
			st = RS_IN;
			break;
		case RS_IN:
			if (c == '"') {
				if ((size_t)n < max) {
					t[n].inner = start;
					t[n].len = (size_t)(p - start);
					t[n].weak = weak;
				}
				n++;
				st = RS_DONE;
			} else if (!ref_etagc(c)) {
				return -1;
			}
			break;
		case RS_DONE:
			if (c == ',')
				st = RS_GAP;
			else if (c != ' ' && c != '\t')
				return -1;
			break;
		}
	}
	return st == RS_GAP || st == RS_DONE ? n : -1;
}

/* Do A and B match by the comparison WEAK chooses? */
static int
ref_same(const struct ref_tag *a, const struct ref_tag *b, int weak)
{
	size_t i;

	if (!weak && (a->weak || b->weak))
		return 0;
	if (a->len != b->len)
		return 0;
	for (i = 0; i < a->len; i++)
		if (a->inner[i] != b->inner[i])
			return 0;
	return 1;
}

/* The reference hs_etag_match(). */
static int
ref_match(const char *list, const char *etag, int weak)
{
	static struct ref_tag members[REF_MEMBERS_MAX];
	struct ref_tag tag;
	long n, i;

	if (list == NULL || etag == NULL)
		return 0;
	if (ref_star(list))
		return 1;
	if (!ref_one(etag, &tag))
		return 0;
	n = ref_list(list, members, REF_MEMBERS_MAX);
	/* An input of 4096 bytes holds at most 2048 members. */
	if (n > REF_MEMBERS_MAX)
		abort();
	for (i = 0; i < n; i++)
		if (ref_same(&members[i], &tag, weak))
			return 1;
	return 0;
}

/* Is METHOD "GET" or "HEAD", exactly? */
static int
ref_get_or_head(const char *method)
{
	return method != NULL &&
	    (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0);
}

/* The date in S, or 0 when it is not one. */
static int
ref_date(const char *s, time_t *t)
{
	return s != NULL && hs_parse_http_date(s, strlen(s), t) == 0;
}

/* RFC 9110 section 13.2.2, step by step, on the reference matcher. */
static enum hs_precondition
ref_eval(const struct hs_conditions *c, const char *etag, time_t lm)
{
	int safe = ref_get_or_head(c->method);
	time_t t;

	/* Step 1, else step 2. */
	if (c->if_match != NULL) {
		if (!ref_star(c->if_match) && !ref_match(c->if_match, etag, 0))
			return HS_PRECONDITION_FAILED;
	} else if (ref_date(c->if_unmodified_since, &t) && lm != -1 &&
	    lm > t) {
		return HS_PRECONDITION_FAILED;
	}
	/* Step 3, else step 4. */
	if (c->if_none_match != NULL) {
		if (ref_star(c->if_none_match) ||
		    ref_match(c->if_none_match, etag, 1))
			return safe ? HS_PRECONDITION_NOT_MODIFIED :
			    HS_PRECONDITION_FAILED;
		return HS_PRECONDITION_PASS;
	}
	if (safe && ref_date(c->if_modified_since, &t) && lm != -1 &&
	    !(lm > t))
		return HS_PRECONDITION_NOT_MODIFIED;
	return HS_PRECONDITION_PASS;
}

/* The reference hs_range_applies(). */
static int
ref_range(const struct hs_conditions *c, const char *etag, time_t lm)
{
	struct ref_tag want, have;
	const char *s;
	size_t n;
	char *copy;
	time_t t;
	int r;

	if (c->method == NULL || strcmp(c->method, "GET") != 0 ||
	    c->range == NULL)
		return 0;
	if (c->if_range == NULL)
		return 1;
	s = c->if_range;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (s[0] != '"' && strncmp(s, "W/", 2) != 0)
		return ref_date(s, &t) && lm != -1 && t == lm;
	copy = fuzz_xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	r = etag != NULL && ref_one(copy, &want) && !want.weak &&
	    ref_one(etag, &have) && ref_same(&want, &have, 0);
	free(copy);
	return r;
}

/* A heap copy of S, followed by the NUL-terminated T. */
static char *
concat(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);
	char *p = fuzz_xmalloc(a + b + 1);

	memcpy(p, s, a);
	memcpy(p + a, t, b + 1);
	return p;
}

/*
 * hs_etag_match() agrees with the reference both ways, and keeps its
 * promises on LIST and ETAG: strong implies weak, "*" matches, and what
 * is appended to a list can add a match but never take one away unless
 * it spoils the list.
 */
static void
check_match(const char *list, const char *etag)
{
	int strong = hs_etag_match(list, etag, 0);
	int weak = hs_etag_match(list, etag, 1);
	struct ref_tag tag;
	char *longer, *with;

	if (strong != ref_match(list, etag, 0) ||
	    weak != ref_match(list, etag, 1))
		abort();
	if ((strong != 0 && strong != 1) || (weak != 0 && weak != 1) ||
	    (strong && !weak))
		abort();
	if (etag == NULL)
		return;
	if (hs_etag_match("*", etag, 0) != 1 ||
	    hs_etag_match(" \t* ", etag, 1) != 1)
		abort();
	if (!ref_one(etag, &tag))
		return;
	/* A well-formed tag, alone, matches itself. */
	if (hs_etag_match(etag, etag, 1) != 1 ||
	    hs_etag_match(etag, etag, 0) != !tag.weak)
		abort();
	if (list == NULL || ref_list(list, NULL, 0) < 0)
		return;
	/* A well-formed list with ETAG appended matches it. */
	longer = concat(list, ", ");
	with = concat(longer, etag);
	if (hs_etag_match(with, etag, 1) != 1 ||
	    hs_etag_match(with, etag, 0) != (strong || !tag.weak))
		abort();
	free(with);
	free(longer);
	/* One bad member anywhere spoils it. */
	longer = concat(list, ", x");
	if (hs_etag_match(longer, etag, 1) != 0 ||
	    hs_etag_match(longer, etag, 0) != 0)
		abort();
	free(longer);
}

/* T written back as an entity-tag, in a heap buffer. */
static char *
ref_text(const struct ref_tag *t)
{
	const char *lead = t->weak ? "W/\"" : "\"";
	size_t n = strlen(lead);
	char *s = fuzz_xmalloc(n + t->len + 2);

	memcpy(s, lead, n);
	memcpy(s + n, t->inner, t->len);
	memcpy(s + n + t->len, "\"", 2);
	return s;
}

/* Every member of a well-formed LIST matches it: weakly always, strongly
 * when the member itself is strong. */
static void
check_members(const char *list)
{
	static struct ref_tag members[REF_MEMBERS_MAX];
	long n, i;
	char *tag;

	if (list == NULL || ref_star(list))
		return;
	n = ref_list(list, members, REF_MEMBERS_MAX);
	for (i = 0; i < n && i < 8; i++) {
		tag = ref_text(&members[i]);
		if (hs_etag_match(list, tag, 1) != 1 ||
		    hs_etag_match(list, tag, 0) != !members[i].weak)
			abort();
		free(tag);
	}
}

/*
 * hs_precondition_eval() agrees with the reference, answers only 0, 304
 * or 412, 304 only to GET and HEAD, and ignores Range and If-Range.
 */
static void
check_eval(const struct hs_conditions *c, const char *etag, time_t lm)
{
	enum hs_precondition r = hs_precondition_eval(c, etag, lm);
	struct hs_conditions bare = *c;

	if (r != HS_PRECONDITION_PASS && r != HS_PRECONDITION_NOT_MODIFIED &&
	    r != HS_PRECONDITION_FAILED)
		abort();
	if (r == HS_PRECONDITION_NOT_MODIFIED && !ref_get_or_head(c->method))
		abort();
	if (r != ref_eval(c, etag, lm))
		abort();
	bare.if_range = NULL;
	bare.range = NULL;
	if (hs_precondition_eval(&bare, etag, lm) != r)
		abort();
	/* Without any condition everything passes. */
	bare.if_match = bare.if_none_match = NULL;
	bare.if_modified_since = bare.if_unmodified_since = NULL;
	if (hs_precondition_eval(&bare, etag, lm) != HS_PRECONDITION_PASS)
		abort();
}

/* hs_range_applies() agrees with the reference, and says 1 only for a
 * GET with a Range. */
static void
check_range(const struct hs_conditions *c, const char *etag, time_t lm)
{
	int r = hs_range_applies(c, etag, lm);

	if (r != 0 && r != 1)
		abort();
	if (r == 1 && (c->method == NULL || strcmp(c->method, "GET") != 0 ||
	    c->range == NULL))
		abort();
	if (r != ref_range(c, etag, lm))
		abort();
}

/* Read the lower-case hex number without leading zeros that starts at
 * *P and ends at the byte END, into *V; 0, or -1 if it is not one. */
static int
read_hex(const char **p, char end, uint64_t *v)
{
	const char *s = *p;
	size_t n = 0;

	*v = 0;
	for (; *s != end; s++, n++) {
		if (n == 16)
			return -1;
		if (*s >= '0' && *s <= '9')
			*v = *v << 4 | (uint64_t)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			*v = *v << 4 | (uint64_t)(*s - 'a' + 10);
		else
			return -1;
	}
	if (n == 0 || (n > 1 && **p == '0'))
		return -1;
	*p = s + 1;
	return 0;
}

/*
 * hs_etag_from_stat() for SB and SUFFIX: snprintf()'s rule at several
 * sizes, a strong entity-tag that matches itself and reads back to
 * SB's numbers and SUFFIX, within HS_ETAG_SIZE for a short suffix.
 */
static void
check_stat(const struct stat *sb, const char *suffix, uint64_t h)
{
	size_t need, sizes[4], i, slen = suffix != NULL ? strlen(suffix) : 0;
	uint64_t ino, size, mtime, want;
	struct ref_tag tag;
	const char *p;
	char *out, *part;

	need = hs_etag_from_stat(NULL, 0, sb, suffix);
	out = fuzz_xmalloc(need + 1);
	out[need] = 'X';
	if (hs_etag_from_stat(out, need + 1, sb, suffix) != need ||
	    out[need] != '\0' || strlen(out) != need)
		abort();
	sizes[0] = 1;
	sizes[1] = need;
	sizes[2] = 1 + (size_t)(h % (need + 1));
	sizes[3] = HS_ETAG_SIZE;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		part = fuzz_xmalloc(sizes[i]);
		memset(part, 'X', sizes[i]);
		if (hs_etag_from_stat(part, sizes[i], sb, suffix) != need ||
		    memchr(part, '\0', sizes[i]) == NULL ||
		    strncmp(part, out, sizes[i] - 1) != 0 ||
		    strlen(part) != (need < sizes[i] ? need : sizes[i] - 1))
			abort();
		free(part);
	}
	/* The longest numbers take 52 bytes; a suffix up to 18 fits. */
	if (need > 52 + (suffix != NULL ? 1 + slen : 0) ||
	    (slen <= 18 && need >= HS_ETAG_SIZE))
		abort();
	if (!ref_one(out, &tag) || tag.weak ||
	    hs_etag_match(out, out, 0) != 1)
		abort();
	p = out + 1;
	if (read_hex(&p, '-', &ino) != 0 || read_hex(&p, '-', &size) != 0 ||
	    read_hex(&p, suffix != NULL ? '-' : '"', &mtime) != 0)
		abort();
	/* 10^9 = 2^9 * 5^9, the product taken another way modulo 2^64. */
	want = ((uint64_t)sb->st_mtim.tv_sec << 9) * UINT64_C(1953125) +
	    (uint64_t)sb->st_mtim.tv_nsec;
	if (ino != (uint64_t)sb->st_ino || size != (uint64_t)sb->st_size ||
	    mtime != want)
		abort();
	if (suffix != NULL && (strncmp(p, suffix, slen) != 0 ||
	    strcmp(p + slen, "\"") != 0))
		abort();
	if (suffix == NULL && *p != '\0')
		abort();
	free(out);
}

/* One of the values that try the edges, or a mix of H's bits. */
static uint64_t
pick(unsigned sel, uint64_t h)
{
	switch (sel & 7) {
	case 0: return 0;
	case 1: return 1;
	case 2: return UINT64_MAX;
	case 3: return UINT64_MAX >> 1;
	case 4: return UINT64_C(1) << 63;
	case 5: return h & 0xffff;
	default: return h;
	}
}

/* A struct stat of values chosen by H. */
static void
make_stat(struct stat *sb, uint64_t h)
{
	uint64_t m = h * UINT64_C(0x9e3779b97f4a7c15);

	memset(sb, 0, sizeof(*sb));
	sb->st_ino = (ino_t)pick((unsigned)h, m);
	sb->st_size = (off_t)pick((unsigned)(h >> 3), m >> 7);
	sb->st_mtim.tv_sec = (time_t)pick((unsigned)(h >> 6), m >> 13);
	/* Any long, though stat(2) gives 0 to 999999999. */
	sb->st_mtim.tv_nsec = (long)(pick((unsigned)(h >> 9), m >> 3) %
	    UINT64_C(2000000000)) - 500000000L;
}

/* The suffix the caller promises: letters, digits, '-' and '.' of S,
 * at most SUFFIX_MAX of them, into BUF. */
static const char *
make_suffix(const char *s, char *buf)
{
	size_t n = 0;

	if (s == NULL)
		return NULL;
	for (; *s != '\0' && n < SUFFIX_MAX; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.')
			buf[n++] = *s;
	}
	buf[n] = '\0';
	return buf;
}

/* The modification time the flags ask for: unknown, or next to the
 * first valid date among the date fields. */
static time_t
make_time(unsigned flags, char *const *f, uint64_t h)
{
	static const int dates[] = {
		F_IF_MODIFIED_SINCE, F_IF_UNMODIFIED_SINCE, F_IF_RANGE
	};
	unsigned choice = flags >> FL_TIME_SHIFT & 3;
	size_t i;
	time_t t;

	if (choice == 0)
		return -1;
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (ref_date(f[dates[i]], &t))
			return t + (time_t)choice - 2;
	return (time_t)(h % 4000000000U) - 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[F_COUNT], suffix[SUFFIX_MAX + 1];
	const char *etag;
	struct hs_conditions c;
	const char **nullable[] = {
		&c.if_match, &c.if_none_match, &c.if_modified_since,
		&c.if_unmodified_since, &c.if_range
	};
	struct stat sb;
	unsigned flags = size > 0 ? data[0] : 0;
	uint64_t h = fuzz_hash(data, size);
	size_t pos = 1, end, i;
	time_t lm;

	/* Each field in a buffer of exactly its size and a NUL. */
	for (i = 0; i < F_COUNT; i++) {
		f[i] = NULL;
		if (pos > size)
			continue;
		for (end = pos; end < size && data[end] != '\0'; end++)
			continue;
		f[i] = fuzz_xmalloc(end - pos + 1);
		memcpy(f[i], data + pos, end - pos);
		f[i][end - pos] = '\0';
		pos = end + 1;
	}
	etag = flags & FL_ETAG_NULL ? NULL : f[F_ETAG];
	lm = make_time(flags, f, h);

	check_match(f[F_LIST], etag);
	check_members(f[F_LIST]);
	check_match(f[F_IF_MATCH], f[F_LIST]);

	memset(&c, 0, sizeof(c));
	c.method = f[F_METHOD];
	c.if_match = f[F_IF_MATCH];
	c.if_none_match = f[F_IF_NONE_MATCH];
	c.if_modified_since = f[F_IF_MODIFIED_SINCE];
	c.if_unmodified_since = f[F_IF_UNMODIFIED_SINCE];
	c.if_range = f[F_IF_RANGE];
	c.range = f[F_RANGE];
	for (i = 0; i < sizeof(nullable) / sizeof(nullable[0]); i++)
		if (flags >> (FL_NULL_SHIFT + i) & 1)
			*nullable[i] = NULL;
	check_eval(&c, etag, lm);
	check_range(&c, etag, lm);

	make_stat(&sb, h);
	check_stat(&sb, make_suffix(f[F_SUFFIX], suffix), h);
	check_stat(&sb, NULL, h >> 17);

	for (i = 0; i < F_COUNT; i++)
		free(f[i]);
	return 0;
}
