/* SPDX-License-Identifier: MIT */
/*
 * worker.h - one event loop of a server and what it owns: its base, its
 * listening socket, its connections, the per-loop state handlers keep
 * (loop.h), and, for all but the first, the thread that runs it.
 *
 * A server has one worker per thread (hs_server_set_threads()).  Each
 * worker's base, connections and loop values are touched by its own
 * thread only; what the workers share (settings, the method table) is
 * read-only while they run.  The only way into a running worker from
 * outside is hs_worker_wake(): a byte on its wake pipe.
 */
#ifndef HS_WORKER_H
#define HS_WORKER_H

#include <pthread.h>

#include "engine/conn.h"
#include "engine/loop.h"

struct event;
struct evconnlistener;
struct hs_methods;
struct hs_settings;

struct hs_worker {
	struct event_base *base;
	int own_base;
	int loop_ready;			/* hs_loop_init() done */
	struct hs_loop loop;		/* scratch, handler values, log */
	struct hs_conns conns;		/* its open connections */

	struct evconnlistener *listener;
	struct event *accept_retry;	/* resumes accepting after EMFILE */
	int accept_paused;
	long fd_limit;			/* RLIMIT_NOFILE when listening */

	/* hs_worker_wake() writes to wake[1]; the loop reads wake[0]. */
	int wake[2];
	struct event *wake_event;
	int stopping;			/* no new connections; ends when
					 * the last one is done */

	pthread_t thread;
	int thread_started;
	int result;			/* of its loop: 0, or -1 */
};

/* Set W up on BASE (NULL: a base of its own), answering with SET and the
 * handlers of METHODS.  -1 when something cannot be had; W may then be
 * given to hs_worker_fini(). */
int hs_worker_init(struct hs_worker *w, struct event_base *base,
    const struct hs_settings *set, const struct hs_methods *methods);

/* Accept connections on the listening socket FD (W closes it when it
 * ends), keeping HS_FD_RESERVE descriptors under FD_LIMIT (0: no limit)
 * free of them.  -1 on failure, FD closed. */
int hs_worker_listen(struct hs_worker *w, int fd, long fd_limit);

/* Stop listening and close the listening socket (if W had one). */
void hs_worker_unlisten(struct hs_worker *w);

/* Ask W to stop: at once (NOW nonzero: hs_worker_run() returns at the end
 * of the callback running), or once its connections have finished their
 * responses.  One write(2): safe from a signal handler and any thread. */
void hs_worker_wake(struct hs_worker *w, int now);

/* Run W's loop in the calling thread until it stops; then write the log
 * lines it still holds.  0, or -1 if the loop failed. */
int hs_worker_run(struct hs_worker *w);

/* Run W's loop in a thread of its own; hs_worker_join() waits for it. */
int hs_worker_start(struct hs_worker *w);
void hs_worker_join(struct hs_worker *w);

/* Did W's loop stop at once (an event_base_loopbreak(), from a hook or
 * hs_worker_wake(w, 1)) rather than by finishing its connections? */
int hs_worker_broke(const struct hs_worker *w);

/* Close W's connections and free what it holds (not W itself). */
void hs_worker_fini(struct hs_worker *w);

#endif /* HS_WORKER_H */
