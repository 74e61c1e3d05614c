/* SPDX-License-Identifier: MIT */
/*
 * sidecar.h - precompressed variants of a file (hs_static_set_precompressed,
 * --precompressed): for a file F, the files F.br, F.zst and F.gz beside it,
 * served in its place to a client that accepts their coding.
 */
#ifndef HS_SIDECAR_H
#define HS_SIDECAR_H

#include "static/filecache.h"
#include "static/handler_static.h"

/*
 * The variant of the file REL (facts F) that REQ's Accept-Encoding prefers
 * among those present: a regular file beneath the served directory, by
 * its link policy, not older than F.  Its coding (enum hs_coding) with
 * its facts in *SF (an ETag of its own, marked with the coding) and its
 * descriptor in *FD; -1 when none is (identity: send F).
 */
int hs_static_find_sidecar(struct hs_request *req, const struct hs_static *st,
    const char *rel, const struct fc_file *f, struct fc_file *sf, int *fd);

#endif /* HS_SIDECAR_H */
