/* SPDX-License-Identifier: MIT */
/*
 * loopstate.c - a static handler's cache and watch on each loop (see
 * loopstate.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/loopstate.h"

#include <stdlib.h>

#include "static/handler_static.h"
#include "static/offload.h"

/* Something on disk changed: nothing cached may be used again. */
static void
loop_changed(void *arg)
{
	struct static_loop *sl = arg;

	fc_flush(&sl->cache);
}

static void
loop_free(void *value)
{
	struct static_loop *sl = value;

	hs_offload_fini(sl);
	if (sl->enabled) {
		fc_fini(&sl->cache);
		fc_watch_fini(&sl->watch);
	}
	free(sl);
}

/* Turn on SL's cache; SL->ENABLED stays 0 when it cannot be had.  SL is
 * already LOOP's value, so the watch's argument outlives the watch. */
static void
loop_enable(struct static_loop *sl, const struct hs_static *st,
    struct hs_loop *loop)
{
	if (st->cache_off || fc_init(&sl->cache) != 0)
		return;
	if (fc_watch_init(&sl->watch, loop, loop_changed, sl) != 0) {
		fc_fini(&sl->cache);
		return;
	}
	sl->enabled = 1;
}

struct static_loop *
hs_static_loop(struct hs_static *st, struct hs_request *req)
{
	struct hs_loop *loop = hs_request_loop(req);
	struct static_loop *sl;

	if (loop == NULL)
		return NULL;
	sl = hs_loop_get(loop, &st->loop_key);
	if (sl == NULL) {
		sl = calloc(1, sizeof(*sl));
		if (sl == NULL)
			return NULL;
		sl->done[0] = sl->done[1] = -1;
		if (hs_loop_set(loop, &st->loop_key, sl, loop_free) != 0) {
			free(sl);
			return NULL;
		}
		loop_enable(sl, st, loop);
	}
	return sl->enabled ? sl : NULL;
}

int
hs_static_went_pending(struct hs_static *st, struct hs_request *req)
{
	struct hs_loop *loop = hs_request_loop(req);
	struct static_loop *sl;

	if (loop == NULL || (sl = hs_loop_get(loop, &st->loop_key)) == NULL ||
	    !sl->went_pending)
		return 0;
	sl->went_pending = 0;
	return 1;
}
