/* SPDX-License-Identifier: MIT */
/*
 * loopstate.h - what a static handler keeps on each event loop: its file
 * cache and the inotify watch that keeps the cache true (filecache.h,
 * watch.h).  Made on a loop's first request, kept under the handler's key
 * with hs_loop_set(), freed when the loop ends; used by that loop's
 * thread only, so it needs no lock.
 */
#ifndef HS_LOOPSTATE_H
#define HS_LOOPSTATE_H

#include "static/filecache.h"
#include "static/watch.h"

struct hs_static;
struct hs_request;

struct offload;

struct static_loop {
	int enabled;		/* 0: no cache on this loop (no inotify) */
	struct fc_cache cache;
	struct fc_watch watch;

	/* Work done on threads (offload.c), large listings: the jobs running,
	 * and the pipe on which a finished one comes back to the loop. */
	struct offload *jobs;
	int done[2];
	int went_pending;	/* the request now in hand was deferred */
};

/*
 * The state of ST on the loop serving REQ, made if need be.  NULL when
 * this loop has no cache: caching is off, inotify could not be had, or
 * memory ran out (every request is then served from the disk).
 */
struct static_loop *hs_static_loop(struct hs_static *st,
    struct hs_request *req);

/* Did the request in hand just go pending (a listing on a thread)?  Asks
 * once: the answer is reset. */
int hs_static_went_pending(struct hs_static *st, struct hs_request *req);

#endif /* HS_LOOPSTATE_H */
