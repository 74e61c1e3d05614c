/* SPDX-License-Identifier: MIT */
/*
 * fuzz_coding.c - libFuzzer target for the Accept-Encoding negotiation of
 * src/http/coding.c: hs_coding_accepted() and hs_coding_choose().
 *
 * The input, up to its first NUL, is the field value.  The two functions
 * must agree with each other (the choice is an accepted member of the
 * available set, -1 only when there is none) and with the slow parser
 * below, written apart from coding.c: it splits the value into copies of
 * its members, trims and checks them with its own character tests, and
 * works out the q-value of each coding, which is then measured in the
 * real code by pitting the coding against a known rival.  Changing the
 * case of the letters and repeating the value must change nothing.  Any
 * violated invariant calls abort().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/coding.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bits beyond the codings, which hs_coding_choose() must ignore. */
#define NOT_CODINGS (~(unsigned)HS_CODING_ALL)

/* What the reference says of a value: a q-value in thousandths for each
 * coding and for "*", or -1 where no valid member set one. */
struct ref {
	int q[HS_CODINGS];
	int star;
};

/* RFC 9110 section 5.6.2, as a list rather than as chars.h's test. */
static int
ref_tchar(char c)
{
	static const char tchars[] =
	    "!#$%&'*+-.^_`|~0123456789"
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

	return c != '\0' && memchr(tchars, c, sizeof(tchars) - 1) != NULL;
}

/* The ASCII lower case of C. */
static char
ref_lower(char c)
{
	const char *up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char *at = c != '\0' ? strchr(up, c) : NULL;

	return at != NULL ? (char)('a' + (at - up)) : c;
}

/* S with the SP and HTAB at both ends cut off (in place). */
static char *
ref_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/*
 * The qvalue S, whole, in thousandths, or -1: "0" or "1", then maybe "."
 * and up to three digits, all zeros after a "1".
 */
static int
ref_qvalue(const char *s)
{
	char frac[4] = "000";
	size_t n = strlen(s), i;

	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
		return -1;
	if (n > 1 && s[1] != '.')
		return -1;
	for (i = 2; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || (s[0] == '1' && s[i] != '0'))
			return -1;
		frac[i - 2] = s[i];
	}
	return (s[0] - '0') * 1000 + (int)strtol(frac, NULL, 10);
}

/* The q-value of the member E (trimmed, not empty), or -1 if it is
 * malformed; *NAME points at its name, lower case, inside E. */
static int
ref_member(char *e, char **name)
{
	char *semi = strchr(e, ';'), *param, *p;

	if (semi != NULL)
		*semi = '\0';
	*name = ref_trim(e);
	if (**name == '\0')
		return -1;
	for (p = *name; *p != '\0'; p++) {
		if (!ref_tchar(*p))
			return -1;
		*p = ref_lower(*p);
	}
	if (semi == NULL)
		return 1000;
	param = ref_trim(semi + 1);
	if (ref_lower(param[0]) != 'q' || param[1] != '=')
		return -1;
	/* No OWS may follow "q=" (and ref_trim() took that before it). */
	if (param[2] == ' ' || param[2] == '\t')
		return -1;
	return ref_qvalue(param + 2);
}

/* Record the valid member NAME with Q in R, unless one came before. */
static void
ref_note(struct ref *r, const char *name, int q)
{
	int *slot = NULL;

	if (strcmp(name, "br") == 0)
		slot = &r->q[HS_CODING_BR];
	else if (strcmp(name, "zstd") == 0)
		slot = &r->q[HS_CODING_ZSTD];
	else if (strcmp(name, "gzip") == 0 || strcmp(name, "x-gzip") == 0)
		slot = &r->q[HS_CODING_GZIP];
	else if (strcmp(name, "*") == 0)
		slot = &r->star;
	if (slot != NULL && *slot < 0)
		*slot = q;
}

/* Read VALUE the slow way: each member copied out and judged alone. */
static void
ref_parse(const char *value, struct ref *r)
{
	const char *p = value, *comma;
	char *e, *name;
	size_t n;
	int c, q;

	for (c = 0; c < HS_CODINGS; c++)
		r->q[c] = -1;
	r->star = -1;
	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		e = fuzz_xmalloc(n + 1);
		memcpy(e, p, n);
		e[n] = '\0';
		if (*ref_trim(e) != '\0' && (q = ref_member(e, &name)) >= 0)
			ref_note(r, name, q);
		free(e);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
}

/* The q-value R gives coding C. */
static int
ref_q(const struct ref *r, int c)
{
	if (r->q[c] >= 0)
		return r->q[c];
	return r->star >= 0 ? r->star : 0;
}

/*
 * The choice among AVAILABLE, as a tournament: the accepted coding that
 * no other available one beats, by a higher q-value or by an equal one
 * and an earlier place in the enum; -1 if there is none.
 */
static int
ref_choose(const struct ref *r, unsigned available)
{
	int c, d, beaten;

	for (c = 0; c < HS_CODINGS; c++) {
		if ((available & (1u << c)) == 0 || ref_q(r, c) == 0)
			continue;
		beaten = 0;
		for (d = 0; d < HS_CODINGS; d++)
			if (d != c && (available & (1u << d)) != 0 &&
			    (ref_q(r, d) > ref_q(r, c) ||
			    (ref_q(r, d) == ref_q(r, c) && d < c)))
				beaten = 1;
		if (!beaten)
			return c;
	}
	return -1;
}

/*
 * Does the real code give coding C a q-value of at least T (1..1000)?
 * A rival named first, so that its q-value holds whatever VALUE says,
 * is pitted against C: gzip at T for br and zstd, which win a tie with
 * it, and br at T - 1 for gzip, which loses one.
 */
static int
q_at_least(const char *value, int c, int t)
{
	char head[32], *s;
	size_t hlen, vlen = strlen(value);
	int rival, rq, got;

	rival = c == HS_CODING_GZIP ? HS_CODING_BR : HS_CODING_GZIP;
	rq = c == HS_CODING_GZIP ? t - 1 : t;
	snprintf(head, sizeof(head), "%s;q=%d.%03d, ",
	    hs_coding_name((enum hs_coding)rival), rq / 1000, rq % 1000);
	hlen = strlen(head);
	s = fuzz_xmalloc(hlen + vlen + 1);
	memcpy(s, head, hlen);
	memcpy(s + hlen, value, vlen + 1);
	got = hs_coding_choose(s, (1u << c) | (1u << rival));
	free(s);
	if (got != c && got != rival && !(got == -1 && rq == 0))
		abort();
	return got == c;
}

/* hs_coding_choose() on every set, against hs_coding_accepted() and the
 * reference R. */
static void
check_choose(const char *value, const struct ref *r, unsigned accepted)
{
	unsigned avail, set;
	int got;

	for (avail = 0; avail <= HS_CODING_ALL; avail++) {
		got = hs_coding_choose(value, avail);
		set = avail & accepted;
		/* -1, or a member of AVAILABLE and of what is accepted. */
		if (got != -1 && (got < 0 || got >= HS_CODINGS ||
		    (set & (1u << got)) == 0))
			abort();
		/* -1 exactly when nothing available is accepted. */
		if ((got == -1) != (set == 0))
			abort();
		/* One available coding: chosen iff accepted. */
		if (avail != 0 && (avail & (avail - 1)) == 0 &&
		    (got != -1) != (set != 0))
			abort();
		if (got != ref_choose(r, avail))
			abort();
		if (hs_coding_choose(value, avail | NOT_CODINGS) != got)
			abort();
	}
}

/* The q-value the real code gives each coding is the reference's. */
static void
check_q(const char *value, const struct ref *r)
{
	int c, q;

	for (c = 0; c < HS_CODINGS; c++) {
		q = ref_q(r, c);
		if (q > 0 && !q_at_least(value, c, q))
			abort();
		if (q < 1000 && q_at_least(value, c, q + 1))
			abort();
	}
}

/* VALUE with its ASCII letters in upper case, and VALUE ", " VALUE. */
static void
check_variants(const char *value, unsigned accepted)
{
	size_t n = strlen(value), i;
	unsigned avail;
	char *s;

	s = fuzz_xmalloc(2 * n + 3);
	for (i = 0; i <= n; i++)
		s[i] = value[i] >= 'a' && value[i] <= 'z' ?
		    (char)(value[i] - 'a' + 'A') : value[i];
	if (hs_coding_accepted(s) != accepted)
		abort();
	for (avail = 1; avail <= HS_CODING_ALL; avail++)
		if (hs_coding_choose(s, avail) !=
		    hs_coding_choose(value, avail))
			abort();
	/* A member repeated counts once, the first time. */
	memcpy(s, value, n);
	memcpy(s + n, ", ", 2);
	memcpy(s + n + 2, value, n + 1);
	if (hs_coding_accepted(s) != accepted ||
	    hs_coding_choose(s, HS_CODING_ALL) !=
	    hs_coding_choose(value, HS_CODING_ALL))
		abort();
	free(s);
}

/* libFuzzer's entry point: the input is the field value. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned accepted, want;
	struct ref r;
	char *value;
	int c;

	/* Exactly sized: a read past the NUL is caught. */
	value = fuzz_xmalloc(size + 1);
	memcpy(value, data, size);
	value[size] = '\0';
	ref_parse(value, &r);
	accepted = hs_coding_accepted(value);
	for (c = 0, want = 0; c < HS_CODINGS; c++)
		if (ref_q(&r, c) > 0)
			want |= 1u << c;
	if (accepted != want || (accepted & NOT_CODINGS) != 0)
		abort();
	check_choose(value, &r, accepted);
	check_q(value, &r);
	check_variants(value, accepted);
	if (hs_coding_accepted(NULL) != 0 ||
	    hs_coding_choose(NULL, HS_CODING_ALL) != -1)
		abort();
	free(value);
	return 0;
}
