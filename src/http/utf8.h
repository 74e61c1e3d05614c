/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - the one UTF-8 decoder, and its encoder (pure: no allocation,
 * no I/O).
 *
 * Strict as Python's decoder is (Unicode table 3-7): no overlong form, no
 * surrogate, nothing past U+10FFFF.  Where the bytes are not well-formed,
 * the decoder says how many of them form the "maximal subpart" (Unicode
 * section 3.9), the unit Python's error handlers replace: one U+FFFD for
 * each (errors='replace'), or one escape for each of its bytes
 * (backslashreplace, surrogateescape).  The log escape, urllib's unquote(),
 * repr() and the listing's sort order all decode with it.
 */
#ifndef HS_UTF8_H
#define HS_UTF8_H

#include <stddef.h>

/* The code point hs_utf8_decode() gives bytes that are not well-formed:
 * above any that exists. */
#define HS_UTF8_ILL_FORMED 0xffffffffUL

/*
 * Decode the character at the start of the LEN bytes at S.  Returns the
 * bytes it takes: a well-formed sequence (1 to 4 bytes) with its code
 * point in *CP, or the maximal subpart of an ill-formed one (1 to 3
 * bytes: a lead byte and the continuation bytes that fit it, as far as
 * they go; 1 for a byte that leads nothing) with *CP set to
 * HS_UTF8_ILL_FORMED.  A sequence cut short by the end of S is
 * ill-formed.  Returns 0 only when LEN is 0.
 */
size_t hs_utf8_decode(const char *s, size_t len, unsigned long *cp);

/* The most bytes a code point's UTF-8 form takes. */
#define HS_UTF8_MAX 4

/*
 * Encode the code point CP (at most U+10FFFF, not a surrogate) into BUF
 * (HS_UTF8_MAX bytes); returns the bytes written: the one form
 * hs_utf8_decode() reads back as CP.
 */
size_t hs_utf8_encode(unsigned long cp, char *buf);

#endif /* HS_UTF8_H */
