/* SPDX-License-Identifier: MIT */
/*
 * offload.h - work that would hold a loop too long (a listing of 100,000
 * names takes a tenth of a second to read, sort and format) runs on a
 * thread of its own; its end comes back to the loop through a pipe the
 * loop watches, and is finished there, on the loop's thread.
 */
#ifndef HS_OFFLOAD_H
#define HS_OFFLOAD_H

#include <pthread.h>

struct hs_loop;
struct static_loop;

struct offload {
	void (*work)(void *arg);	/* on the job's thread */
	void (*finish)(void *arg);	/* on the loop's thread, after */
	void *arg;
	int done_fd;			/* where the thread says it is done */
	pthread_t thread;
	struct offload *next;		/* in its loop's list */
};

/*
 * Run WORK(ARG) on a thread, then FINISH(ARG) on the thread of LOOP,
 * whose state for the handler is SL.  FINISH runs exactly once, also when
 * the loop ends first (it then waits for WORK).  -1 when no thread or
 * pipe can be had: nothing was started, the caller does the work itself.
 */
int hs_offload_start(struct static_loop *sl, struct hs_loop *loop,
    void (*work)(void *arg), void (*finish)(void *arg), void *arg);

/* The loop ends: wait for every job, finish it; close the pipe. */
void hs_offload_fini(struct static_loop *sl);

#endif /* HS_OFFLOAD_H */
