/* SPDX-License-Identifier: MIT */
/*
 * fuzz_util.h - what the libFuzzer targets share.
 */
#ifndef HS_FUZZ_UTIL_H
#define HS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The FNV-1a hash of the input: a deterministic choice of sizes (short
 * buffers, truncated writes) that varies with the input. */
uint64_t fuzz_hash(const uint8_t *data, size_t size);

/* malloc() that cannot fail (an input of libFuzzer's size never does):
 * abort() if it does. */
void *fuzz_xmalloc(size_t size);

/*
 * Decode the well-formed UTF-8 sequence at S (AVAIL bytes) into *CP (when
 * CP is not NULL); returns its length, or 0 if it is not one (Unicode
 * table 3-7: no overlong form, surrogate or value past U+10FFFF).
 */
size_t fuzz_utf8_decode(const unsigned char *s, size_t avail,
    unsigned long *cp);

#endif /* HS_FUZZ_UTIL_H */
