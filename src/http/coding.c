/* SPDX-License-Identifier: MIT */
/*
 * coding.c - Accept-Encoding negotiation for the precompressed variants
 * of a file (see coding.h; RFC 9110 sections 12.4.2 and 12.5.3).
 *
 * It runs on every request of a server serving precompressed files, on
 * whatever a client sends, so the field value is read once, byte by
 * byte, with no allocation and no floating point: what it says of each
 * coding is kept as q-values in thousandths, three integers and one for
 * "*".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/coding.h"
#include "http/chars.h"

#include <stddef.h>

/* The largest q-value, 1, in thousandths. */
#define Q_MAX 1000

/* No valid member has set this q-value (yet). */
#define Q_UNSET (-1)

/* What read_member() finds of a malformed member. */
#define Q_INVALID (-2)

/* Members named by something else than a sidecar coding. */
#define NAME_STAR HS_CODINGS
#define NAME_OTHER (HS_CODINGS + 1)

static const char *const names[HS_CODINGS] = { "br", "zstd", "gzip" };
static const char *const suffixes[HS_CODINGS] = { ".br", ".zst", ".gz" };

/* What an Accept-Encoding value says: the q-value of each coding it
 * names and of "*", each from its first valid member. */
struct prefs {
	int q[HS_CODINGS];
	int star;
};

/* One member of the list: what it names and its q-value. */
struct member {
	int name;	/* enum hs_coding, NAME_STAR or NAME_OTHER */
	int q;		/* 0..Q_MAX, or Q_INVALID */
};

const char *
hs_coding_name(enum hs_coding c)
{
	return (unsigned)c < HS_CODINGS ? names[c] : NULL;
}

const char *
hs_coding_suffix(enum hs_coding c)
{
	return (unsigned)c < HS_CODINGS ? suffixes[c] : NULL;
}

/* The position after the OWS at P. */
static const char *
skip_ows(const char *p)
{
	while (hs_is_ows((unsigned char)*p))
		p++;
	return p;
}

/* What the LEN bytes at S, a token, name: a sidecar coding (either case,
 * "x-gzip" being gzip), "*" or something else. */
static int
lookup(const char *s, size_t len)
{
	int c;

	for (c = 0; c < HS_CODINGS; c++)
		if (hs_name_is(s, len, names[c]))
			return c;
	if (hs_name_is(s, len, "x-gzip"))
		return HS_CODING_GZIP;
	if (len == 1 && *s == '*')
		return NAME_STAR;
	return NAME_OTHER;
}

/*
 * Read the qvalue at P (section 12.4.2) into *Q, in thousandths:
 *   qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 * Returns the position after it, or NULL if there is none.  A fourth
 * decimal is left for the caller, to whom it is not the end of a member.
 */
static const char *
read_qvalue(const char *p, int *q)
{
	int v, scale;

	if (*p != '0' && *p != '1')
		return NULL;
	v = (*p++ - '0') * Q_MAX;
	if (*p != '.') {
		*q = v;
		return p;
	}
	p++;
	for (scale = Q_MAX / 10; scale > 0 &&
	    hs_is_digit((unsigned char)*p); scale /= 10) {
		if (v == Q_MAX && *p != '0')
			return NULL;
		v += (*p++ - '0') * scale;
	}
	*q = v;
	return p;
}

/*
 * Read the member starting at P (past the OWS before it) into *M:
 *   codings [ OWS ";" OWS "q=" qvalue ] OWS
 * Returns the position where reading stopped: the comma or NUL that ends
 * the member when it is valid, otherwise somewhere inside it with M->q
 * Q_INVALID.
 */
static const char *
read_member(const char *p, struct member *m)
{
	const char *start = p;

	m->name = NAME_OTHER;
	m->q = Q_INVALID;
	while (hs_is_tchar((unsigned char)*p))
		p++;
	if (p == start)
		return p;
	m->name = lookup(start, (size_t)(p - start));
	p = skip_ows(p);
	if (*p == ';') {
		p = skip_ows(p + 1);
		if ((*p != 'q' && *p != 'Q') || p[1] != '=')
			return p;
		if ((p = read_qvalue(p + 2, &m->q)) == NULL)
			return start;	/* still Q_INVALID */
		p = skip_ows(p);
	} else {
		m->q = Q_MAX;
	}
	if (*p != ',' && *p != '\0')
		m->q = Q_INVALID;
	return p;
}

/* Note the valid member M in PR, unless an earlier one named the same. */
static void
note(struct prefs *pr, const struct member *m)
{
	int *slot;

	if (m->name == NAME_OTHER)
		return;
	slot = m->name == NAME_STAR ? &pr->star : &pr->q[m->name];
	if (*slot == Q_UNSET)
		*slot = m->q;
}

/*
 * Read VALUE (NULL for none) into PR, in one pass: each byte is looked
 * at once, or twice when a malformed member is skipped, so the time is
 * linear in the length of the field, however hostile it is.
 */
static void
read_prefs(const char *value, struct prefs *pr)
{
	struct member m;
	const char *p = value;
	int c;

	for (c = 0; c < HS_CODINGS; c++)
		pr->q[c] = Q_UNSET;
	pr->star = Q_UNSET;
	if (p == NULL)
		return;
	for (;;) {
		/* Empty members and the OWS around them are skipped. */
		while (*p == ',' || hs_is_ows((unsigned char)*p))
			p++;
		if (*p == '\0')
			return;
		p = read_member(p, &m);
		if (m.q != Q_INVALID)
			note(pr, &m);
		while (*p != ',' && *p != '\0')
			p++;
	}
}

/* The q-value PR gives coding C: its own, else that of "*", else 0. */
static int
q_of(const struct prefs *pr, int c)
{
	if (pr->q[c] != Q_UNSET)
		return pr->q[c];
	return pr->star != Q_UNSET ? pr->star : 0;
}

unsigned
hs_coding_accepted(const char *value)
{
	struct prefs pr;
	unsigned set = 0;
	int c;

	read_prefs(value, &pr);
	for (c = 0; c < HS_CODINGS; c++)
		if (q_of(&pr, c) > 0)
			set |= HS_CODING_BIT(c);
	return set;
}

int
hs_coding_choose(const char *value, unsigned available)
{
	struct prefs pr;
	int c, q, best = -1, best_q = 0;

	if ((available & HS_CODING_ALL) == 0)
		return -1;
	read_prefs(value, &pr);
	/* Strictly higher only: a tie keeps the coding earlier in the enum. */
	for (c = 0; c < HS_CODINGS; c++) {
		if ((available & HS_CODING_BIT(c)) == 0)
			continue;
		q = q_of(&pr, c);
		if (q > best_q) {
			best = c;
			best_q = q;
		}
	}
	return best;
}
