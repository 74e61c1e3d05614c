/* SPDX-License-Identifier: MIT */
/*
 * cgi_exit.c - a child's exit, seen on the loop that started it.
 *
 * A SIGCHLD handler belongs to one loop (libevent gives a signal to one
 * base) and to the whole process: with a loop per thread, every exit
 * would have to be handed from that loop to the one running the script.
 * A pidfd (Linux 5.3) instead is a descriptor like any other, readable
 * once its process has exited, so each loop watches its own children and
 * reaps them with waitpid() on that pid alone, never another's child.
 * Where pidfd_open() is missing (an older kernel, or valgrind, which does
 * not know the call), the child is polled instead: often at first and
 * when told it is ending (cgi_exit_hurry()), then less and less often.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cgi/cgi_exit.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

/* Polling (no pidfd): the first interval, and the longest it grows to.
 * A script's end is usually announced by its output ending, which
 * hurries the poll back to the first interval; the longest bounds how
 * late a script that closed its output early is reaped. */
#define CGI_EXIT_POLL_FIRST_MS 1
#define CGI_EXIT_POLL_MAX_MS 100

struct cgi_exit {
	pid_t pid;
	int pidfd;		/* -1: polled */
	struct event *ev;	/* the pidfd's read event, or the poll timer */
	long poll_ms;		/* polled: the interval being waited */
	cgi_exit_fn fn;
	void *arg;
};

/* Set once pidfd_open() said ENOSYS: not asked again (by any loop). */
static atomic_int no_pidfd;

/* A pidfd for PID, or -1 with errno. */
static int
open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	int fd;

	if (!atomic_load_explicit(&no_pidfd, memory_order_relaxed)) {
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
		atomic_store_explicit(&no_pidfd, 1, memory_order_relaxed);
	}
#else
	(void)pid;
#endif
	errno = ENOSYS;
	return -1;
}

/* Reap the child if it has exited and tell the watcher (who may free W):
 * 1 then, 0 while it runs.  A child already reaped by someone else (a
 * program of ours calling waitpid(-1)) is reported as a clean exit: its
 * status is gone, and waiting for it would wait for ever. */
static int
exit_reap(struct cgi_exit *w)
{
	int wstatus = 0;
	pid_t r = waitpid(w->pid, &wstatus, WNOHANG);

	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	if (r != w->pid)
		wstatus = 0;
	w->fn(wstatus, w->arg);
	return 1;
}

/* Wait INTERVAL ms before polling W again. */
static void
exit_poll_in(struct cgi_exit *w, long interval)
{
	struct timeval tv = { interval / 1000, (interval % 1000) * 1000 };

	w->poll_ms = interval;
	evtimer_add(w->ev, &tv);
}

/* libevent: the pidfd is readable (the child has exited), or the poll
 * timer expired. */
static void
exit_cb(evutil_socket_t fd, short what, void *arg)
{
	struct cgi_exit *w = arg;
	long next;

	(void)fd;
	(void)what;
	if (exit_reap(w))
		return;
	if (w->pidfd >= 0) {
		event_add(w->ev, NULL);	/* not yet a zombie: look again */
		return;
	}
	next = w->poll_ms * 2;
	exit_poll_in(w, next < CGI_EXIT_POLL_MAX_MS ? next :
	    CGI_EXIT_POLL_MAX_MS);
}

struct cgi_exit *
cgi_exit_watch(struct event_base *base, pid_t pid, cgi_exit_fn fn, void *arg)
{
	struct cgi_exit *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	w->pid = pid;
	w->fn = fn;
	w->arg = arg;
	w->pidfd = open_pidfd(pid);
	if (w->pidfd >= 0)
		w->ev = event_new(base, w->pidfd, EV_READ, exit_cb, w);
	else
		w->ev = evtimer_new(base, exit_cb, w);
	if (w->ev == NULL) {
		cgi_exit_free(w);
		errno = ENOMEM;
		return NULL;
	}
	if (w->pidfd >= 0)
		event_add(w->ev, NULL);
	else
		exit_poll_in(w, CGI_EXIT_POLL_FIRST_MS);
	return w;
}

void
cgi_exit_hurry(struct cgi_exit *w)
{
	if (w->pidfd < 0 && w->poll_ms > CGI_EXIT_POLL_FIRST_MS)
		exit_poll_in(w, CGI_EXIT_POLL_FIRST_MS);
}

void
cgi_exit_free(struct cgi_exit *w)
{
	if (w == NULL)
		return;
	if (w->ev != NULL)
		event_free(w->ev);
	if (w->pidfd >= 0)
		close(w->pidfd);
	free(w);
}
