/* SPDX-License-Identifier: MIT */
/*
 * offload.c - run a piece of a handler's work on a thread, finish it on
 * the loop; see offload.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/offload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "httpserve.h"
#include "static/loopstate.h"

/* Take JOB out of SL's list, wait for its thread, finish and free it. */
static void
offload_end(struct static_loop *sl, struct offload *job)
{
	struct offload **p;

	for (p = &sl->jobs; *p != NULL; p = &(*p)->next)
		if (*p == job) {
			*p = job->next;
			break;
		}
	(void)pthread_join(job->thread, NULL);
	job->finish(job->arg);
	free(job);
}

/* The pipe says which jobs are done: their addresses, each written in
 * one write (a pointer is far below PIPE_BUF, so never torn). */
static void
offload_done_cb(int fd, void *arg)
{
	struct static_loop *sl = arg;
	struct offload *job;

	while (read(fd, &job, sizeof(job)) == (ssize_t)sizeof(job))
		offload_end(sl, job);
}

static void *
offload_thread(void *arg)
{
	struct offload *job = arg;
	ssize_t n;

	job->work(job->arg);
	do
		n = write(job->done_fd, &job, sizeof(job));
	while (n < 0 && errno == EINTR);
	return NULL;
}

/* The pipe back to LOOP, made and watched on first use. */
static int
offload_pipe(struct static_loop *sl, struct hs_loop *loop)
{
	if (sl->done[0] >= 0)
		return 0;
	if (pipe2(sl->done, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	if (hs_loop_watch(loop, sl->done[0], offload_done_cb, sl) != 0) {
		close(sl->done[0]);
		close(sl->done[1]);
		sl->done[0] = sl->done[1] = -1;
		return -1;
	}
	return 0;
}

int
hs_offload_start(struct static_loop *sl, struct hs_loop *loop,
    void (*work)(void *arg), void (*finish)(void *arg), void *arg)
{
	struct offload *job;

	if (offload_pipe(sl, loop) != 0)
		return -1;
	job = calloc(1, sizeof(*job));
	if (job == NULL)
		return -1;
	job->work = work;
	job->finish = finish;
	job->arg = arg;
	job->done_fd = sl->done[1];
	if (pthread_create(&job->thread, NULL, offload_thread, job) != 0) {
		free(job);
		return -1;
	}
	job->next = sl->jobs;
	sl->jobs = job;
	return 0;
}

void
hs_offload_fini(struct static_loop *sl)
{
	while (sl->jobs != NULL)
		offload_end(sl, sl->jobs);
	/* The loop's watch on done[0] ended before its values are freed. */
	if (sl->done[0] >= 0) {
		close(sl->done[0]);
		close(sl->done[1]);
	}
}
