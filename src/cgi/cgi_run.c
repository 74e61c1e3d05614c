/* SPDX-License-Identifier: MIT */
/*
 * cgi_run.c - one running CGI script, from fork to reaping, without ever
 * waiting on it.
 *
 * Three event sources drive a run, all on the loop of its request:
 *
 *   request body --body_chunk()--> [in]  script's stdin   (paused above
 *                                                          HS_CGI_STDIN_HIGH)
 *   script's stdout --out_read_cb()--> head parsed once, then hs_write()
 *                                      (paused above HS_CGI_OUTPUT_HIGH)
 *   the script's exit --run_exited()--> exited   (cgi_exit.c)
 *
 * A run is done when the script has exited and its output has ended (or
 * been closed by us); then the request is finished, or, after a local
 * redirect, answered again for the new path.  A timer reset by every
 * sign of life kills the script's process group when it stays silent
 * too long; a client that goes away kills it at once, and the child is
 * left on the orphan list to be reaped.
 *
 * Each loop keeps its own runs and orphans (struct cgi_loop, a value of
 * the loop), so loops never share a script: the list of loops, in
 * struct hs_cgi, is all the threads share, under its lock.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "cgi/cgi.h"
#include "cgi/cgi_exit.h"
#include "http/body.h"
#include "http/cgi_head.h"
#include "http/chars.h"
#include "http/hs_limits.h"

/* A loop's scripts: those serving a request, and those killed since,
 * whose request is gone, still to be reaped. */
struct cgi_loop {
	struct cgi_loop *next;		/* in cgi->loops, under cgi->lock */
	struct hs_cgi *cgi;		/* NULL once hs_cgi_free() let go */
	struct event_base *base;
	struct cgi_run *runs;
	struct cgi_orphan *orphans;
};

struct cgi_orphan {
	struct cgi_orphan *next;
	struct cgi_loop *cl;
	pid_t pid;
	struct cgi_exit *exit;
};

struct cgi_run {
	struct cgi_run *next;		/* in cl->runs */
	struct hs_cgi *cgi;		/* its settings */
	struct cgi_loop *cl;		/* its loop */
	struct hs_request *req;
	char *script_name;		/* for log lines */
	pid_t pid;			/* also its process group */
	struct cgi_exit *exit;		/* until it has exited */
	int exited;
	int wstatus;
	struct bufferevent *in;		/* its stdin; NULL once closed */
	struct bufferevent *out;	/* its stdout; NULL once closed */
	struct event *timer;
	int body_ended;
	int body_paused;		/* the client waits for the script */
	int out_eof;			/* the script's output has ended */
	int out_paused;			/* the script waits for the client */
	int responded;			/* a response head went out */
	int discarding;			/* output is read and dropped */
	int have_length;		/* the script gave a Content-Length: */
	unsigned long long length_left;	/* body bytes it may still send */
	char *redirect;			/* a local redirect, for after exit */
};

/* --- the list of runs, and the orphans -------------------------------- */

static void
run_unlink(struct cgi_run *run)
{
	struct cgi_run **p;

	for (p = &run->cl->runs; *p != NULL; p = &(*p)->next)
		if (*p == run) {
			*p = run->next;
			return;
		}
}

static void
orphan_free(struct cgi_orphan *o)
{
	struct cgi_orphan **p;

	for (p = &o->cl->orphans; *p != NULL; p = &(*p)->next)
		if (*p == o) {
			*p = o->next;
			break;
		}
	cgi_exit_free(o->exit);
	free(o);
}

/* cgi_exit_fn: an orphan has been reaped. */
static void
orphan_reaped(int wstatus, void *arg)
{
	(void)wstatus;
	orphan_free(arg);
}

/* A killed child whose request is gone: reap it later, or now if it
 * cannot be watched. */
static void
orphan_add(struct cgi_loop *cl, pid_t pid)
{
	struct cgi_orphan *o = calloc(1, sizeof(*o));

	if (o != NULL)
		o->exit = cgi_exit_watch(cl->base, pid, orphan_reaped, o);
	if (o == NULL || o->exit == NULL) {
		free(o);
		(void)waitpid(pid, NULL, 0);	/* SIGKILLed: soon */
		return;
	}
	o->cl = cl;
	o->pid = pid;
	o->next = cl->orphans;
	cl->orphans = o;
}

/* --- closing the pieces ------------------------------------------------ */

static void
run_close_in(struct cgi_run *run)
{
	if (run->in != NULL) {
		bufferevent_free(run->in);	/* the script reads EOF */
		run->in = NULL;
	}
	if (run->body_paused) {
		/* What is left of the body is read and dropped. */
		run->body_paused = 0;
		hs_request_pause_body(run->req, 0);
	}
}

static void
run_close_out(struct cgi_run *run)
{
	if (run->out != NULL) {
		bufferevent_free(run->out);	/* its next write: EPIPE */
		run->out = NULL;
	}
	run->out_eof = 1;
	if (run->exit != NULL)
		cgi_exit_hurry(run->exit);	/* it is ending, most likely */
}

/* Kill the script and everything it started. */
static void
run_kill(struct cgi_run *run)
{
	if (!run->exited)
		(void)kill(-run->pid, SIGKILL);
}

/* Is the script waiting for the client's body: all that came is handed
 * on, more is to come? */
static int
run_waits_for_body(const struct cgi_run *run)
{
	return run->in != NULL && !run->body_ended &&
	    evbuffer_get_length(bufferevent_get_output(run->in)) == 0;
}

/* Give the script another full timeout.  Time the script spends waiting
 * for a slow client (its output paused, or its input drained and more
 * body to come) is not its own: no timer then; the connection's idle
 * timeout holds the client to account. */
static void
run_arm_timer(struct cgi_run *run)
{
	const struct timeval *tv = &run->cgi->timeout;

	if (run->out_paused || run_waits_for_body(run))
		evtimer_del(run->timer);
	else if (tv->tv_sec != 0 || tv->tv_usec != 0)
		evtimer_add(run->timer, tv);
}

/* Free RUN, which is off the list and has no open pieces left. */
static void
run_free(struct cgi_run *run)
{
	if (run->timer != NULL)
		event_free(run->timer);
	cgi_exit_free(run->exit);
	free(run->script_name);
	free(run->redirect);
	free(run);
}

/* Detach RUN from its request, taking back every hook it set. */
static void
run_detach(struct cgi_run *run)
{
	run_unlink(run);
	run_close_in(run);
	run_close_out(run);
	hs_request_on_drain(run->req, NULL, NULL, 0);
	hs_request_on_abort(run->req, NULL, NULL);
}

/* --- answers of our own ------------------------------------------------- */

/*
 * Give up on the script: kill it (a child still running is left on the
 * orphan list to be reaped), take back our hooks and finish the
 * request with whatever response it has.  RUN is freed.
 */
static void
run_abandon(struct cgi_run *run)
{
	struct hs_request *req = run->req;

	run_kill(run);
	if (!run->exited) {
		cgi_exit_free(run->exit);
		run->exit = NULL;
		orphan_add(run->cl, run->pid);
	}
	run_detach(run);
	run_free(run);
	hs_request_finish(req);
}

/* The script failed before giving a usable head: answer CODE (502, or
 * 504 for silence) ourselves, at once, and give it up.  RUN is freed. */
static void
run_fail(struct cgi_run *run, int code, const char *why)
{
	hs_log_message(run->req, "CGI script %s: %s", run->script_name, why);
	if (!run->responded) {
		run->responded = 1;
		hs_send_error(run->req, code, NULL, NULL);
	}
	run_abandon(run);
}

/* Log how the script ended, as Python's "CGI script exit code N"
 * (negative: the signal that killed it). */
static void
run_log_exit(struct cgi_run *run)
{
	int code = 0;

	if (WIFEXITED(run->wstatus))
		code = WEXITSTATUS(run->wstatus);
	else if (WIFSIGNALED(run->wstatus))
		code = -WTERMSIG(run->wstatus);
	if (code != 0)
		hs_log_message(run->req, "CGI script exit code %d", code);
}

/*
 * Answer REQ again for the local redirect LOCATION (RFC 3875 section
 * 6.2.2): the response the server would give a GET (or HEAD) of that
 * path, from whichever handler it has for it.  Returns HS_DONE or
 * HS_PENDING, as a handler does.
 */
static enum hs_handler_result
run_redirect(struct hs_request *req, const char *location)
{
	int r = hs_request_redispatch(req, hs_request_is_head(req) ? "HEAD" :
	    "GET", location);

	if (r >= 0)
		return (enum hs_handler_result)r;
	if (errno == ELOOP) {
		hs_log_message(req, "CGI local redirects: more than %d",
		    HS_MAX_REDISPATCH);
		hs_send_error(req, 500, NULL, NULL);
	} else {
		hs_send_error(req, 502, NULL, NULL);
	}
	return HS_DONE;
}

/*
 * The script has exited and its output ended: finish the request, or
 * answer it again after a local redirect.  RUN is freed first: the
 * redirect's answer may start another run for the request, and the
 * engine stops handing the body to this one.
 */
static void
run_done(struct cgi_run *run)
{
	struct hs_request *req = run->req;
	char *redirect = run->redirect;

	run_log_exit(run);
	if (!run->responded && redirect == NULL) {
		run_fail(run, 502, "no valid CGI header");
		return;
	}
	run->redirect = NULL;
	run_detach(run);
	run_free(run);
	if (redirect == NULL) {
		hs_request_finish(req);
		return;
	}
	if (run_redirect(req, redirect) == HS_DONE)
		hs_request_finish(req);
	free(redirect);
}

static void
run_maybe_done(struct cgi_run *run)
{
	if (run->exited && run->out == NULL)
		run_done(run);
}

/* --- the script's output ------------------------------------------------ */

/* Header fields a script may not set: the connection's own (we frame
 * the response) and those hs_send_response() has already sent. */
static int
field_dropped(const struct hs_cgi_field *f)
{
	static const char *const dropped[] = {
		"Connection", "Keep-Alive", "Transfer-Encoding", "TE",
		"Trailer", "Upgrade", "Proxy-Connection", "Server", "Date"
	};
	size_t i;

	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		if (hs_name_is(f->name, f->name_len, dropped[i]))
			return 1;
	return 0;
}

/*
 * The span S (N bytes) of a head parsed from BUF, NUL-terminated in place.
 * The parser's view of BUF is const; BUF itself is our copy of the
 * script's head, so its bytes are ours to write.
 */
static char *
own_span(char *buf, const char *s, size_t n)
{
	char *p = buf + (s - buf);

	p[n] = '\0';
	return p;
}

/* Send the response head the script's head H, parsed from BUF, asks for. */
static int
run_send_head(struct cgi_run *run, const struct hs_cgi_head *h, char *buf)
{
	struct hs_request *req = run->req;
	int code = h->status;
	size_t i;

	for (i = 0; i < h->nfields; i++) {
		const struct hs_cgi_field *f = &h->fields[i];

		if (!hs_name_is(f->name, f->name_len, "Content-Length"))
			continue;
		/* Read as a request's is: given once, digits only. */
		if (run->have_length || hs_parse_content_length(f->value,
		    f->value_len, &run->length_left) != 0)
			return -1;
		run->have_length = 1;
	}
	if (code == 0)
		code = h->location != NULL ? 302 : 200;
	if (hs_send_response(req, code, h->reason != NULL &&
	    h->reason_len > 0 ? own_span(buf, h->reason, h->reason_len) :
	    NULL) != 0)
		return 0;	/* the client is gone: its abort follows */
	run->responded = 1;
	for (i = 0; i < h->nfields; i++) {
		const struct hs_cgi_field *f = &h->fields[i];

		if (field_dropped(f))
			continue;
		if (hs_send_header(req, own_span(buf, f->name, f->name_len),
		    own_span(buf, f->value, f->value_len)) != 0)
			return 0;
	}
	(void)hs_end_headers(req);
	return 0;
}

/* What run_take_head() found. */
enum head_step {
	HEAD_WAIT,		/* incomplete: more output to come */
	HEAD_SENT,		/* the response head went out: body next */
	HEAD_REDIRECT,		/* a local redirect awaits the script's exit */
	HEAD_FAILED		/* answered 502, RUN freed */
};

/* Parse the head at the front of INPUT (END bytes) and act on it. */
static enum head_step
run_use_head(struct cgi_run *run, struct evbuffer *input, const char *bytes,
    size_t end)
{
	struct hs_cgi_head h;
	char *copy = malloc(end + 1);
	const char *why = NULL;

	if (copy == NULL) {
		run_fail(run, 502, "out of memory");
		return HEAD_FAILED;
	}
	memcpy(copy, bytes, end);
	copy[end] = '\0';
	evbuffer_drain(input, end);
	if (hs_cgi_parse_head(copy, end, &h) != 0)
		why = "invalid CGI header";
	/* A path (not "//host/..."): a local redirect. */
	else if (h.status == 0 && h.location != NULL && h.location_len > 0 &&
	    h.location[0] == '/' && (h.location_len == 1 ||
	    h.location[1] != '/')) {
		run->redirect = strndup(h.location, h.location_len);
		why = run->redirect == NULL ? "out of memory" : NULL;
	} else if (run_send_head(run, &h, copy) != 0)
		why = "invalid or repeated Content-Length";
	free(copy);
	if (why != NULL) {
		run_fail(run, 502, why);
		return HEAD_FAILED;
	}
	return run->redirect != NULL ? HEAD_REDIRECT : HEAD_SENT;
}

/* Look for the end of the script's head in its output. */
static enum head_step
run_take_head(struct cgi_run *run, struct evbuffer *input)
{
	size_t len = evbuffer_get_length(input), end;
	size_t want = len > HS_CGI_MAX_HEAD + 2 ? HS_CGI_MAX_HEAD + 2 : len;
	const char *bytes = (const char *)evbuffer_pullup(input,
	    (ev_ssize_t)want);

	end = bytes != NULL ? hs_cgi_head_end(bytes, want) : 0;
	if (end != 0)
		return run_use_head(run, input, bytes, end);
	if (len > HS_CGI_MAX_HEAD + 1) {
		run_fail(run, 502, "CGI header too long");
		return HEAD_FAILED;
	}
	if (run->out_eof) {
		run_fail(run, 502, "no valid CGI header");
		return HEAD_FAILED;
	}
	return HEAD_WAIT;
}

static void drain_cb(struct hs_request *req, void *arg);

/* Pass the body bytes the script has written on to the client, until the
 * client has too much waiting. */
static void
run_forward(struct cgi_run *run, struct evbuffer *input)
{
	struct hs_request *req = run->req;
	struct evbuffer_iovec v;

	if (run->discarding || hs_request_is_head(req)) {
		evbuffer_drain(input, evbuffer_get_length(input));
		return;
	}
	if (run->out_paused)
		return;
	/* (evbuffer_peek() may show an empty chain: count bytes, not
	 * chains.) */
	while (evbuffer_get_length(input) > 0 &&
	    evbuffer_peek(input, -1, NULL, &v, 1) > 0 && v.iov_len > 0) {
		if (run->have_length && v.iov_len > run->length_left) {
			/* The client would take the excess for the next
			 * response: it goes nowhere. */
			hs_log_message(req, "CGI script %s: output beyond its "
			    "Content-Length dropped", run->script_name);
			v.iov_len = (size_t)run->length_left;
			run->discarding = 1;
		}
		if (v.iov_len > 0 && hs_write(req, v.iov_base, v.iov_len) != 0)
			run->discarding = 1;	/* the client is gone */
		if (run->discarding) {
			evbuffer_drain(input, evbuffer_get_length(input));
			return;
		}
		run->length_left -= run->have_length ? v.iov_len : 0;
		evbuffer_drain(input, v.iov_len);
		if (hs_request_output_pending(req) > HS_CGI_OUTPUT_HIGH) {
			run->out_paused = 1;
			run_arm_timer(run);	/* stopped while we wait */
			bufferevent_disable(run->out, EV_READ);
			hs_request_on_drain(req, drain_cb, run,
			    HS_CGI_OUTPUT_LOW);
			return;
		}
	}
}

/* Act on what the script has written so far; may finish the run. */
static void
run_take_output(struct cgi_run *run)
{
	struct evbuffer *input;

	if (run->out == NULL)
		return;
	input = bufferevent_get_input(run->out);
	if (!run->responded && !run->discarding) {
		switch (run_take_head(run, input)) {
		case HEAD_WAIT:
		case HEAD_FAILED:	/* RUN is gone */
			return;
		case HEAD_REDIRECT:
			run->discarding = 1;
			break;
		case HEAD_SENT:
			break;
		}
	}
	if (run->out != NULL)
		run_forward(run, input);
	if (run->out != NULL && run->out_eof &&
	    evbuffer_get_length(input) == 0)
		run_close_out(run);
	if (run->out == NULL)
		run_maybe_done(run);	/* may free RUN */
}

/* The client has read enough: take more of the script's output. */
static void
drain_cb(struct hs_request *req, void *arg)
{
	struct cgi_run *run = arg;

	hs_request_on_drain(req, NULL, NULL, 0);
	run->out_paused = 0;
	run_arm_timer(run);
	if (run->out == NULL)
		return;
	bufferevent_enable(run->out, EV_READ);
	run_take_output(run);
}

static void
out_read_cb(struct bufferevent *bev, void *arg)
{
	struct cgi_run *run = arg;

	(void)bev;
	run_arm_timer(run);
	run_take_output(run);
}

/* The script closed its output (or it broke): what is buffered still
 * counts. */
static void
out_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct cgi_run *run = arg;

	(void)bev;
	(void)what;
	run->out_eof = 1;
	bufferevent_disable(run->out, EV_READ);
	run_take_output(run);	/* may free RUN */
}

/* --- the request body ---------------------------------------------------- */

/* Close the script's stdin once what is queued has reached it. */
static void
run_end_input(struct cgi_run *run)
{
	if (run->in == NULL)
		return;
	if (evbuffer_get_length(bufferevent_get_output(run->in)) == 0)
		run_close_in(run);
	else
		bufferevent_setwatermark(run->in, EV_WRITE, 0, 0);
}

/* hs_body_fn: the next piece of the request body for RUN. */
static void
body_chunk(struct hs_request *req, const char *data, size_t len, void *arg)
{
	struct cgi_run *run = arg;

	if (len == 0) {
		run->body_ended = 1;
		run_end_input(run);
		run_arm_timer(run);	/* nothing more to wait for */
		return;
	}
	if (run->in == NULL)
		return;	/* the script stopped reading: drop the rest */
	if (bufferevent_write(run->in, data, len) != 0) {
		run_close_in(run);
		return;
	}
	/* The script has input again: the time is its own once more. */
	run_arm_timer(run);
	if (evbuffer_get_length(bufferevent_get_output(run->in)) >=
	    HS_CGI_STDIN_HIGH) {
		run->body_paused = 1;
		hs_request_pause_body(req, 1);
	}
}

/* The script has taken some of its input: that is progress too. */
static void
in_write_cb(struct bufferevent *bev, void *arg)
{
	struct cgi_run *run = arg;
	size_t queued = evbuffer_get_length(bufferevent_get_output(bev));

	run_arm_timer(run);
	if (run->body_paused && queued <= HS_CGI_STDIN_HIGH / 2) {
		run->body_paused = 0;
		hs_request_pause_body(run->req, 0);
	}
	if (run->body_ended && queued == 0)
		run_close_in(run);
}

/* The script closed its stdin (or exited) before reading it all. */
static void
in_event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	(void)what;
	run_close_in(arg);
}

/* Give the script its body: streamed (POST), or the one already read
 * (none after a local redirect). */
static int
run_feed_body(struct cgi_run *run)
{
	const char *body;
	size_t len;

	if (hs_request_body_mode(run->req) == HS_BODY_STREAM)
		return hs_request_read_body(run->req, body_chunk, run);
	body = hs_request_body(run->req, &len);
	run->body_ended = 1;
	if (len > 0 && bufferevent_write(run->in, body, len) != 0)
		return -1;
	run_end_input(run);
	run_arm_timer(run);	/* it waits for nobody now */
	return 0;
}

/* --- timeouts, aborts, exits ---------------------------------------------- */

/* Silent for the whole timeout: kill it; 504 if nothing was said yet,
 * else the response is cut (and the connection with it). */
static void
timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct cgi_run *run = arg;
	char why[64];

	(void)fd;
	(void)what;
	snprintf(why, sizeof(why), "timed out after %ld s",
	    (long)run->cgi->timeout.tv_sec);
	if (!run->responded) {
		run_fail(run, 504, why);
		return;
	}
	hs_log_message(run->req, "CGI script %s: %s", run->script_name, why);
	hs_request_set_close_connection(run->req, 1);
	run_abandon(run);
}

/* hs_abort_fn: the client left; so does the script. */
static void
abort_cb(struct hs_request *req, void *arg)
{
	(void)req;
	run_abandon(arg);
}

/* cgi_exit_fn: the script has exited (and is reaped). */
static void
run_exited(int wstatus, void *arg)
{
	struct cgi_run *run = arg;

	cgi_exit_free(run->exit);
	run->exit = NULL;
	run->exited = 1;
	run->wstatus = wstatus;
	run_maybe_done(run);
}

/* --- each loop's scripts ------------------------------------------------ */

/* Kill CL's scripts, finish their requests, and wait for them and for
 * the orphans (all SIGKILLed: they end at once). */
static void
cgi_loop_end(struct cgi_loop *cl)
{
	while (cl->runs != NULL) {
		hs_request_set_close_connection(cl->runs->req, 1);
		run_abandon(cl->runs);
	}
	while (cl->orphans != NULL) {
		(void)waitpid(cl->orphans->pid, NULL, 0);
		orphan_free(cl->orphans);
	}
}

/* hs_loop_free_fn: the loop ends (hs_server_free()). */
static void
cgi_loop_free(void *value)
{
	struct cgi_loop *cl = value, **p;

	cgi_loop_end(cl);
	if (cl->cgi != NULL) {
		pthread_mutex_lock(&cl->cgi->lock);
		for (p = &cl->cgi->loops; *p != NULL; p = &(*p)->next)
			if (*p == cl) {
				*p = cl->next;
				break;
			}
		pthread_mutex_unlock(&cl->cgi->lock);
	}
	free(cl);
}

/* The scripts of REQ's loop, made with the loop's first; NULL (ENOMEM). */
static struct cgi_loop *
cgi_loop_of(struct hs_cgi *cgi, struct hs_request *req)
{
	struct hs_loop *loop = hs_request_loop(req);
	struct cgi_loop *cl = hs_loop_get(loop, cgi);

	if (cl != NULL)
		return cl;
	cl = calloc(1, sizeof(*cl));
	if (cl == NULL)
		return NULL;
	cl->cgi = cgi;
	cl->base = hs_loop_base(loop);
	if (hs_loop_set(loop, cgi, cl, cgi_loop_free) != 0) {
		free(cl);
		return NULL;
	}
	pthread_mutex_lock(&cgi->lock);
	cl->next = cgi->loops;
	cgi->loops = cl;
	pthread_mutex_unlock(&cgi->lock);
	return cl;
}

void
hs_cgi_kill_all(struct hs_cgi *cgi)
{
	struct cgi_loop *cl;

	pthread_mutex_lock(&cgi->lock);
	while ((cl = cgi->loops) != NULL) {
		cgi->loops = cl->next;
		cgi_loop_end(cl);
		cl->cgi = NULL;	/* the loop frees it when it ends */
	}
	pthread_mutex_unlock(&cgi->lock);
}

/* --- starting ---------------------------------------------------------- */

/* The run's sockets, timer and exit watch on its loop; -1 when memory
 * ran out. */
static int
run_wire(struct cgi_run *run, const struct hs_cgi_child *child)
{
	struct event_base *base = run->cl->base;

	run->in = bufferevent_socket_new(base, child->stdin_fd,
	    BEV_OPT_CLOSE_ON_FREE);
	if (run->in == NULL)
		close(child->stdin_fd);
	run->out = bufferevent_socket_new(base, child->stdout_fd,
	    BEV_OPT_CLOSE_ON_FREE);
	if (run->out == NULL)
		close(child->stdout_fd);
	run->timer = evtimer_new(base, timer_cb, run);
	run->exit = cgi_exit_watch(base, run->pid, run_exited, run);
	if (run->in == NULL || run->out == NULL || run->timer == NULL ||
	    run->exit == NULL)
		return -1;
	bufferevent_setcb(run->in, NULL, in_write_cb, in_event_cb, run);
	bufferevent_setwatermark(run->in, EV_WRITE, HS_CGI_STDIN_HIGH / 2, 0);
	bufferevent_enable(run->in, EV_WRITE);
	bufferevent_setcb(run->out, out_read_cb, NULL, out_event_cb, run);
	/* Read at most this much ahead of what the client takes. */
	bufferevent_setwatermark(run->out, EV_READ, 0, HS_CGI_STDIN_HIGH);
	bufferevent_enable(run->out, EV_READ);
	run_arm_timer(run);
	return 0;
}

/* What the environment of REQ's script T is made of, into M; the header
 * views go into *FIELDS, the caller's to free.  0, or -1 (ENOMEM). */
static int
run_meta(struct hs_cgi_meta *m, struct hs_request *req,
    const struct hs_cgi_target *t, struct hs_cgi_header **fields)
{
	struct hs_server *srv = hs_request_server(req);
	size_t n = hs_request_header_count(req), i;

	*fields = calloc(n > 0 ? n : 1, sizeof(**fields));
	if (*fields == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (hs_request_header_at(req, i, &(*fields)[i].name,
		    &(*fields)[i].value) != 0)
			break;
	m->target = t;
	m->headers = *fields;
	m->nheaders = i;
	m->remote_addr = hs_request_client_address(req);
	m->server_software = hs_server_version_string(srv);
	m->server_protocol = hs_server_protocol_version(srv);
	m->server_port = hs_server_port(srv);
	/* The one variable of ours a script gets. */
	m->path = getenv("PATH");
	return 0;
}

/* Fork and exec the script of T; -1 (errno set) when it could not be. */
static int
run_spawn(struct cgi_run *run, struct hs_request *req,
    const struct hs_cgi_target *t)
{
	struct hs_strv env = { NULL, 0, 0 }, argv = { NULL, 0, 0 };
	struct hs_cgi_header *fields = NULL;
	struct hs_cgi_meta meta;
	struct hs_cgi_child child;
	int rc = -1;

	if (run_meta(&meta, req, t, &fields) == 0 &&
	    hs_cgi_build_env(&env, &meta) == 0 &&
	    hs_cgi_build_argv(&argv, t) == 0 &&
	    hs_cgi_spawn(t->script_file, argv.v, env.v, &run->cgi->user,
	    &child) == 0) {
		run->pid = child.pid;
		rc = 0;
		if (run_wire(run, &child) != 0) {
			run_kill(run);
			cgi_exit_free(run->exit);
			run->exit = NULL;
			orphan_add(run->cl, run->pid);
			errno = ENOMEM;
			rc = -1;
		}
	}
	free(fields);
	hs_strv_free(&env);
	hs_strv_free(&argv);
	return rc;
}

enum hs_handler_result
hs_cgi_run_start(struct hs_cgi *cgi, struct hs_request *req,
    const struct hs_cgi_target *t)
{
	struct cgi_loop *cl = cgi_loop_of(cgi, req);
	struct cgi_run *run = cl != NULL ? calloc(1, sizeof(*run)) : NULL;

	if (run == NULL || (run->script_name = strdup(t->script_name)) == NULL) {
		free(run);
		hs_send_error(req, 500, NULL, NULL);
		return HS_DONE;
	}
	run->cgi = cgi;
	run->cl = cl;
	run->req = req;
	if (run_spawn(run, req, t) != 0) {
		hs_log_message(req, "CGI script %s: cannot start: %s",
		    t->script_name, strerror(errno));
		if (run->in != NULL)
			bufferevent_free(run->in);
		if (run->out != NULL)
			bufferevent_free(run->out);
		run_free(run);
		hs_send_error(req, 500, NULL, NULL);
		return HS_DONE;
	}
	run->next = cl->runs;
	cl->runs = run;
	hs_request_on_abort(req, abort_cb, run);
	if (run_feed_body(run) != 0)
		run_fail(run, 502, "cannot pass the request body");
	return HS_PENDING;
}
