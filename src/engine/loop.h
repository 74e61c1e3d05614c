/* SPDX-License-Identifier: MIT */
/*
 * loop.h - one event loop of a server: its libevent base, its
 * connections' shared scratch, and what handlers keep per loop
 * (hs_loop_get/_set) and watch on it (hs_loop_watch).
 *
 * Priorities: a loop's base has two; watched descriptors run at the
 * higher (0), everything else at the default (1), so a watch ready in the
 * same turn as a connection is handled first.  The log's batch is written
 * by an event at the lowest (engine/reqlog.c).
 */
#ifndef HS_LOOP_H
#define HS_LOOP_H

#include "engine/settings.h"
#include "httpserve.h"

struct event;
struct hs_loop_value;
struct hs_loop_watch;

struct hs_loop {
	struct event_base *base;
	struct hs_loop_scratch scratch;	/* clocks and log buffers */
	struct hs_loop_value *values;	/* hs_loop_set() */
	struct hs_loop_watch *watches;	/* hs_loop_watch() */
	struct hs_buf log_batch;	/* this turn's lines for stderr */
	struct event *log_flush;	/* writes them as the turn ends */
};

/* Set LOOP up on BASE (its priorities too, when it has fewer than two;
 * BASE may be NULL for an exchange tested without one).  -1 when BASE's
 * priorities cannot be set. */
int hs_loop_init(struct hs_loop *loop, struct event_base *base);

/* Write the last log lines, stop the watches, then free the values (most
 * recent first). */
void hs_loop_fini(struct hs_loop *loop);

#endif /* HS_LOOP_H */
