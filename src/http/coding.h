/* SPDX-License-Identifier: MIT */
/*
 * coding.h - content-coding negotiation: which of the precompressed
 * variants of a file (F.br, F.zst, F.gz) an Accept-Encoding field value
 * (RFC 9110 section 12.5.3) prefers.  Pure: no I/O, no allocation.
 */
#ifndef HS_CODING_H
#define HS_CODING_H

/* The codings a sidecar file may hold, in the order that breaks ties. */
enum hs_coding {
	HS_CODING_BR = 0,	/* "br", F.br */
	HS_CODING_ZSTD,		/* "zstd", F.zst */
	HS_CODING_GZIP,		/* "gzip" (or "x-gzip"), F.gz */
	HS_CODINGS
};

/* A set of codings: bit (1u << coding) for each member. */
#define HS_CODING_BIT(c) (1u << (c))
#define HS_CODING_ALL ((1u << HS_CODINGS) - 1)

/* The coding's name for Content-Encoding ("br", "zstd", "gzip"), or
 * NULL for a value that is not one of the enum. */
const char *hs_coding_name(enum hs_coding c);
/* The suffix its sidecar file carries (".br", ".zst", ".gz"), or NULL
 * for a value that is not one of the enum. */
const char *hs_coding_suffix(enum hs_coding c);

/*
 * The codings VALUE, an Accept-Encoding field value, accepts: those it
 * names, or covers with "*", with a q-value above 0 (a coding named
 * explicitly takes its own q, never that of "*").  Coding names compare
 * without regard to case; "x-gzip" is gzip.
 *
 * VALUE is a list (RFC 9110 sections 5.6.1, 12.5.3): members separated
 * by commas, OWS (SP, HTAB) around them, empty members ignored; a comma
 * always ends a member (the grammar has no quoted-string).  A member is
 * a token, then at most one weight: OWS ";" OWS "q=" qvalue, with "q" of
 * either case and no space around "=".  A qvalue is "0" or "1" with up
 * to three decimals, "1" with zeros only (section 12.4.2); it is
 * compared in thousandths.  A member that is anything else (a malformed
 * weight, any other parameter, a byte that is not a tchar) is skipped
 * as if it were absent.  A coding named twice ("gzip" and "x-gzip" are
 * the same) takes the q of its first valid member, and so does "*"
 * given twice.  "identity" and unknown codings play no part.  NULL
 * VALUE, the empty string and a value without a valid member accept
 * none.
 */
unsigned hs_coding_accepted(const char *value);

/*
 * The coding of AVAILABLE (a set; bits beyond HS_CODING_ALL are ignored)
 * that VALUE prefers: the one with the highest q-value above 0, as
 * hs_coding_accepted() reads it, ties broken in enum order (br, zstd,
 * gzip).  -1 when VALUE accepts none of them (or is NULL): identity.
 * Both functions read VALUE once, in linear time, without allocating.
 */
int hs_coding_choose(const char *value, unsigned available);

#endif /* HS_CODING_H */
