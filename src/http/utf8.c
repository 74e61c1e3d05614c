/* SPDX-License-Identifier: MIT */
/*
 * utf8.c - the one UTF-8 decoder, and its encoder (see utf8.h).
 *
 * Unicode table 3-7 lists the well-formed sequences:
 *
 *   U+0000..U+007F     00..7F
 *   U+0080..U+07FF     C2..DF  80..BF
 *   U+0800..U+0FFF     E0      A0..BF  80..BF
 *   U+1000..U+CFFF     E1..EC  80..BF  80..BF
 *   U+D000..U+D7FF     ED      80..9F  80..BF
 *   U+E000..U+FFFF     EE..EF  80..BF  80..BF
 *   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
 *   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
 *   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
 *
 * Only the second byte's range depends on the lead; narrowing it is what
 * refuses overlong forms (E0, F0), surrogates (ED) and code points past
 * U+10FFFF (F4), so no check on the decoded value is needed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/utf8.h"

/* Bytes in the sequence led by LEAD, or 0 if LEAD leads none (a
 * continuation byte, C0 and C1, F5..FF). */
static size_t
sequence_len(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/* Can C be byte K (1..3) of the sequence led by LEAD? */
static int
continues(unsigned char lead, size_t k, unsigned char c)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (k == 1) {
		if (lead == 0xe0)
			lo = 0xa0;
		else if (lead == 0xed)
			hi = 0x9f;
		else if (lead == 0xf0)
			lo = 0x90;
		else if (lead == 0xf4)
			hi = 0x8f;
	}
	return c >= lo && c <= hi;
}

/* The character at S[0..LEN): a sequence or a maximal subpart. */
size_t
hs_utf8_decode(const char *s, size_t len, unsigned long *cp)
{
	/* The bits of the lead byte that belong to the code point. */
	static const unsigned char lead_bits[5] = { 0, 0x7f, 0x1f, 0x0f,
	    0x07 };
	const unsigned char *u = (const unsigned char *)s;
	size_t need, k;
	unsigned long v;

	*cp = HS_UTF8_ILL_FORMED;
	if (len == 0)
		return 0;
	need = sequence_len(u[0]);
	if (need == 0)
		return 1;
	v = u[0] & lead_bits[need];
	for (k = 1; k < need; k++) {
		if (k == len || !continues(u[0], k, u[k]))
			return k;
		v = v << 6 | (u[k] & 0x3fU);
	}
	*cp = v;
	return need;
}

/* The UTF-8 form of CP, its leading bits first (table 3-7 again). */
size_t
hs_utf8_encode(unsigned long cp, char *buf)
{
	unsigned char *u = (unsigned char *)buf;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}
