/* SPDX-License-Identifier: MIT */
/*
 * worker.c - one event loop of a server: accepting (with back-off when
 * file descriptors run out, and a reserve kept for files), its
 * connections, stopping, and the thread that runs it; see worker.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "engine/reqlog.h"
#include "engine/settings.h"
#include "http/hs_limits.h"

/* Wake-pipe bytes: stop once the connections are done, or at once. */
#define WAKE_STOP 's'
#define WAKE_BREAK 'b'

/* Stop taking connections; the loop ends when the last one has. */
static void
worker_stop(struct hs_worker *w)
{
	if (w->stopping)
		return;
	w->stopping = 1;
	if (w->listener != NULL) {
		evconnlistener_free(w->listener);
		w->listener = NULL;
	}
	hs_conns_stop(&w->conns);
	if (w->conns.count == 0)
		event_base_loopbreak(w->base);
}

/* Read everything written to the wake pipe and do what it asks. */
static void
wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hs_worker *w = arg;
	char bytes[64];
	ssize_t n, i;
	int now = 0;

	(void)what;
	while ((n = read(fd, bytes, sizeof(bytes))) > 0)
		for (i = 0; i < n; i++)
			now |= bytes[i] == WAKE_BREAK;
	if (now)
		event_base_loopbreak(w->base);
	else
		worker_stop(w);
}

/* Accepting again: a connection closed, or the retry timer fired. */
static void
accept_resume(struct hs_worker *w)
{
	if (!w->accept_paused || w->listener == NULL)
		return;
	w->accept_paused = 0;
	evtimer_del(w->accept_retry);
	evconnlistener_enable(w->listener);
}

static void
accept_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	accept_resume(arg);
}

/* A connection is gone: its descriptor is free again for accept(), and
 * a worker stopping stops when none is left. */
static void
conn_closed(void *owner, size_t open)
{
	struct hs_worker *w = owner;

	accept_resume(w);
	if (w->stopping && open == 0)
		event_base_loopbreak(w->base);
}

/* Stop accepting until a connection closes, or (RETRY) a second passes:
 * descriptors may also come back from elsewhere (a file closed). */
static void
accept_pause(struct hs_worker *w, int retry)
{
	struct timeval tv = { HS_ACCEPT_RETRY_SECONDS, 0 };

	if (w->listener == NULL)
		return;
	if (!w->accept_paused)
		evconnlistener_disable(w->listener);
	w->accept_paused = 1;
	if (retry)
		evtimer_add(w->accept_retry, &tv);
}

/*
 * A new client: serve it.  (It has TCP_NODELAY from the listener.)
 * Descriptors are handed out lowest first, so one numbered within
 * HS_FD_RESERVE of the limit means fewer than that many are left: stop
 * accepting, and keep them for the files and scripts of the requests
 * already accepted (else a file that exists could not be opened).
 */
static void
accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct hs_worker *w = arg;

	(void)lev;
	(void)salen;
	(void)hs_conn_new(&w->conns, fd, sa);
	/* Our own connections hold the rest: only a close gives one back. */
	if (w->fd_limit > 0 && fd >= w->fd_limit - HS_FD_RESERVE)
		accept_pause(w, 0);
}

/*
 * accept() failed.  Out of file descriptors or memory, libevent would call
 * us again at once, for ever, at 100% CPU: stop listening until a
 * connection closes (or a second passes) instead.
 */
static void
accept_error_cb(struct evconnlistener *lev, void *arg)
{
	struct hs_worker *w = arg;
	int err = EVUTIL_SOCKET_ERROR();

	(void)lev;
	if (err == EMFILE || err == ENFILE || err == ENOBUFS ||
	    err == ENOMEM)
		accept_pause(w, 1);
}

int
hs_worker_init(struct hs_worker *w, struct event_base *base,
    const struct hs_settings *set, const struct hs_methods *methods)
{
	memset(w, 0, sizeof(*w));
	w->wake[0] = w->wake[1] = -1;
	w->base = base;
	if (base == NULL) {
		w->base = event_base_new();
		w->own_base = 1;
	}
	if (w->base == NULL || hs_loop_init(&w->loop, w->base) != 0)
		return -1;
	w->loop_ready = 1;
	hs_conns_init(&w->conns, &w->loop, set, methods, conn_closed, w);
	if (pipe2(w->wake, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	w->wake_event = event_new(w->base, w->wake[0], EV_READ | EV_PERSIST,
	    wake_cb, w);
	w->accept_retry = evtimer_new(w->base, accept_retry_cb, w);
	if (w->wake_event == NULL || w->accept_retry == NULL ||
	    event_add(w->wake_event, NULL) != 0)
		return -1;
	return 0;
}

int
hs_worker_listen(struct hs_worker *w, int fd, long fd_limit)
{
	w->listener = evconnlistener_new(w->base, accept_cb, w,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
	if (w->listener == NULL) {
		close(fd);
		return -1;
	}
	evconnlistener_set_error_cb(w->listener, accept_error_cb);
	w->fd_limit = fd_limit;
	return 0;
}

void
hs_worker_unlisten(struct hs_worker *w)
{
	if (w->listener != NULL) {
		evconnlistener_free(w->listener);
		w->listener = NULL;
	}
}

void
hs_worker_wake(struct hs_worker *w, int now)
{
	char byte = now ? WAKE_BREAK : WAKE_STOP;
	int saved = errno;
	ssize_t n;

	n = write(w->wake[1], &byte, 1);
	(void)n;	/* a full pipe already holds a wake-up */
	errno = saved;
}

int
hs_worker_run(struct hs_worker *w)
{
	w->result = event_base_dispatch(w->base) < 0 ? -1 : 0;
	hs_reqlog_flush(&w->loop);
	return w->result;
}

static void *
worker_thread(void *arg)
{
	(void)hs_worker_run(arg);
	return NULL;
}

int
hs_worker_start(struct hs_worker *w)
{
	if (pthread_create(&w->thread, NULL, worker_thread, w) != 0)
		return -1;
	w->thread_started = 1;
	return 0;
}

void
hs_worker_join(struct hs_worker *w)
{
	if (!w->thread_started)
		return;
	(void)pthread_join(w->thread, NULL);
	w->thread_started = 0;
}

int
hs_worker_broke(const struct hs_worker *w)
{
	return event_base_got_break(w->base) && !w->stopping;
}

void
hs_worker_fini(struct hs_worker *w)
{
	if (w->loop_ready)
		hs_conns_close_all(&w->conns);
	if (w->listener != NULL)
		evconnlistener_free(w->listener);
	if (w->wake_event != NULL)
		event_free(w->wake_event);
	if (w->accept_retry != NULL)
		event_free(w->accept_retry);
	if (w->wake[0] >= 0)
		close(w->wake[0]);
	if (w->wake[1] >= 0)
		close(w->wake[1]);
	if (w->loop_ready)
		hs_loop_fini(&w->loop);
	if (w->own_base && w->base != NULL)
		event_base_free(w->base);
	memset(w, 0, sizeof(*w));
}
