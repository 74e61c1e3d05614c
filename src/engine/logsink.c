/* SPDX-License-Identifier: MIT */
/*
 * logsink.c - standard error, written without waiting (see logsink.h).
 *
 * One sink for the process: standard error is one.  Its state is behind
 * a mutex, as the loops of several threads write to it; the event that
 * resumes writing lives on the base of the loop that queued first, and
 * only that loop's thread adds or frees it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/logsink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "engine/loop.h"
#include "http/hs_limits.h"
#include "http/linebuf.h"

/* How lines reach standard error. */
enum sink_kind {
	SINK_CLOSED,	/* there is none: lines go nowhere, as before */
	SINK_DIRECT,	/* a regular file (or block device): never waits */
	SINK_OWN,	/* a non-blocking description of our own */
	SINK_SOCKET,	/* send() with MSG_DONTWAIT */
	SINK_POLLED	/* a pipe or terminal we could not open again:
			 * written when poll() finds room, PIPE_BUF bytes
			 * at a time, which a pipe with room takes whole */
};

struct logsink {
	pthread_mutex_t lock;
	int opened;
	enum sink_kind kind;
	int fd;
	struct hs_linebuf queue;	/* lines stderr has not taken yet */
	struct event *resume;		/* EV_WRITE on fd, on resume_loop */
	struct hs_loop *resume_loop;
};

static struct logsink sink = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.fd = -1,
	.queue = { .bound = HS_LOG_BUFFER },
};

/* Decide how to write standard error, by what it is. */
static void
sink_open_locked(void)
{
	struct stat st;
	int fd;

	if (sink.opened)
		return;
	sink.opened = 1;
	sink.fd = STDERR_FILENO;
	if (fstat(STDERR_FILENO, &st) != 0) {
		sink.kind = SINK_CLOSED;
		return;
	}
	if (S_ISSOCK(st.st_mode)) {
		sink.kind = SINK_SOCKET;
		return;
	}
	if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
		sink.kind = SINK_DIRECT;
		return;
	}
	/* A new open file description: O_NONBLOCK on it is ours alone.
	 * O_NOCTTY: a terminal must not become our controlling one. */
	fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY);
	if (fd < 0) {
		sink.kind = SINK_POLLED;
		return;
	}
	sink.fd = fd;
	sink.kind = SINK_OWN;
}

void
hs_logsink_open(void)
{
	pthread_mutex_lock(&sink.lock);
	sink_open_locked();
	pthread_mutex_unlock(&sink.lock);
}

/* Has FD room for a write now? */
static int
sink_has_room(int fd)
{
	struct pollfd pfd = { fd, POLLOUT, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT) != 0;
}

/* One attempt at writing LEN bytes of DATA: the bytes written, 0 when
 * stderr has no room now, -1 when it is gone (closed, broken). */
static ssize_t
sink_write_once(const char *data, size_t len)
{
	ssize_t n;

	switch (sink.kind) {
	case SINK_CLOSED:
		return -1;
	case SINK_SOCKET:
		n = send(sink.fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		break;
	case SINK_POLLED:
		if (!sink_has_room(sink.fd))
			return 0;
		n = write(sink.fd, data, len < PIPE_BUF ? len : PIPE_BUF);
		break;
	default:
		n = write(sink.fd, data, len);
		break;
	}
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	return -1;
}

/* Write the queue while stderr takes it; once it has drained, the line
 * reporting the lines dropped, if any. */
static void
sink_flush_locked(void)
{
	struct hs_linebuf *q = &sink.queue;
	ssize_t n;

	for (;;) {
		if (hs_linebuf_pending(q) == 0 && !hs_linebuf_report(q))
			break;
		n = sink_write_once(hs_linebuf_data(q),
		    hs_linebuf_pending(q));
		if (n == 0)
			return;
		if (n < 0) {	/* no one will ever read them */
			hs_linebuf_consume(q, hs_linebuf_pending(q));
			q->dropped = 0;
			break;
		}
		hs_linebuf_consume(q, (size_t)n);
	}
	hs_linebuf_release(q);	/* the memory is for stalls only */
}

/* Stderr has room again: write what waits, and wait again if need be. */
static void
sink_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	pthread_mutex_lock(&sink.lock);
	sink_flush_locked();
	if (hs_linebuf_pending(&sink.queue) > 0 && sink.resume != NULL)
		(void)event_add(sink.resume, NULL);
	pthread_mutex_unlock(&sink.lock);
}

/*
 * Lines are queued: have an event write them when stderr has room.  It
 * goes on LOOP unless another loop's is there already; when it cannot
 * (no base, or a descriptor epoll does not take), the next write tries.
 */
static void
sink_arm_locked(struct hs_loop *loop)
{
	if (sink.resume == NULL) {
		if (loop == NULL || loop->base == NULL ||
		    sink.kind == SINK_DIRECT || sink.kind == SINK_CLOSED)
			return;
		sink.resume = event_new(loop->base, sink.fd, EV_WRITE,
		    sink_resume_cb, NULL);
		if (sink.resume == NULL)
			return;
		sink.resume_loop = loop;
	}
	if (sink.resume_loop == loop)
		(void)event_add(sink.resume, NULL);
}

/* The bytes of the line that LINES (LEN bytes) begins with. */
static size_t
line_length(const char *lines, size_t len)
{
	const char *nl = memchr(lines, '\n', len);

	return nl != NULL ? (size_t)(nl - lines) + 1 : len;
}

void
hs_logsink_write(struct hs_loop *loop, const char *lines, size_t len)
{
	ssize_t n = 0;
	size_t keep = 0;

	if (len == 0)
		return;
	pthread_mutex_lock(&sink.lock);
	sink_open_locked();
	if (hs_linebuf_pending(&sink.queue) > 0 || sink.queue.dropped > 0)
		sink_flush_locked();
	if (hs_linebuf_pending(&sink.queue) == 0) {
		n = sink_write_once(lines, len);
		if (n < 0 || (size_t)n == len)
			goto out;
		/* A line cut short: the rest of it goes first. */
		if (n > 0 && lines[n - 1] != '\n')
			keep = line_length(lines + n, len - (size_t)n);
	}
	(void)hs_linebuf_push(&sink.queue, lines + n, len - (size_t)n, keep);
	if (hs_linebuf_pending(&sink.queue) > 0)
		sink_arm_locked(loop);
out:
	pthread_mutex_unlock(&sink.lock);
}

/* Milliseconds on the monotonic clock. */
static long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
hs_logsink_drain(void)
{
	long long deadline = monotonic_ms() + HS_LOG_STOP_WAIT_MS;
	struct pollfd pfd = { -1, POLLOUT, 0 };
	long long left;
	size_t pending;
	int n;

	for (;;) {
		pthread_mutex_lock(&sink.lock);
		sink_flush_locked();
		pending = hs_linebuf_pending(&sink.queue);
		pfd.fd = sink.fd;
		pthread_mutex_unlock(&sink.lock);
		left = deadline - monotonic_ms();
		if (pending == 0 || left <= 0)
			return;
		/* No room in time: the lines stay queued.  A signal cuts
		 * the wait short; the deadline still bounds the loop. */
		n = poll(&pfd, 1, (int)left);
		if (n == 0 || (n < 0 && errno != EINTR) ||
		    (pfd.revents & POLLNVAL) != 0)
			return;
	}
}

void
hs_logsink_forget(struct hs_loop *loop)
{
	pthread_mutex_lock(&sink.lock);
	if (sink.resume_loop == loop && sink.resume != NULL) {
		event_free(sink.resume);
		sink.resume = NULL;
		sink.resume_loop = NULL;
	}
	pthread_mutex_unlock(&sink.lock);
}
