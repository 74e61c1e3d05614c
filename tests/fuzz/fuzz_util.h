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

#endif /* HS_FUZZ_UTIL_H */
