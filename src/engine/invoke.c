/* SPDX-License-Identifier: MIT */
/*
 * invoke.c - calling a request's handlers (see invoke.h).
 *
 * A method has a chain of handlers: each runs in turn until one answers
 * (HS_DONE) or keeps the request (HS_PENDING); one that declines
 * (HS_DECLINE) leaves the request as it found it for the next.  When
 * all decline, nobody serves the path: 404.  hs_request_redispatch()
 * runs another method's chain for another path inside the caller's
 * handler or callback; the number of redispatches of one request is
 * bounded, which bounds the recursion.
 *
 * A handler that returned HS_PENDING completes its response later with
 * hs_request_finish(), told by its hooks that the client drained its
 * output or went away.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/invoke.h"

#include <errno.h>
#include <string.h>

#include "engine/dispatch.h"
#include "engine/request.h"
#include "engine/response.h"
#include "engine/transport.h"
#include "http/hs_limits.h"

/* Has a response begun (or been declared finished)?  Then no other
 * handler may answer. */
static int
response_begun(const struct hs_request *req)
{
	return req->st.phase != HS_RESP_NONE || req->st.finished;
}

/* Forget what a handler that passed REQ on asked for: the next handler
 * sets its own hooks and body reader, as for a new request. */
static void
forget_handler(struct hs_request *req)
{
	req->st.abort_fn = NULL;
	req->st.abort_arg = NULL;
	req->st.drain_fn = NULL;
	req->st.drain_arg = NULL;
	if (req->io != NULL)
		(void)req->ops->body_reader(req->io, NULL, NULL);
}

/*
 * Run M's handlers in turn until one does not decline.  A handler that
 * declines after its response began misused the verdict: its response
 * stands, as if it had returned HS_DONE.
 */
static enum hs_handler_result
run_chain(struct hs_request *req, const struct hs_method *m)
{
	size_t i;

	/* M's chain may grow while it runs: index it afresh each time. */
	for (i = 0; i < m->nhandlers; i++) {
		hs_handler_fn fn = m->handlers[i].fn;
		enum hs_handler_result r = fn(req, m->handlers[i].arg);

		if (r == HS_PENDING)
			return HS_PENDING;
		if (r != HS_DECLINE || response_begun(req))
			return HS_DONE;
		forget_handler(req);
	}
	hs_send_error(req, 404, NULL, NULL);
	return HS_DONE;
}

enum hs_handler_result
hs_invoke(struct hs_request *req, const struct hs_method *m)
{
	enum hs_handler_result r;

	req->st.body_mode = m->body_mode;
	req->st.dispatching = 1;
	r = run_chain(req, m);
	req->st.dispatching = 0;
	if (r == HS_PENDING && !req->st.finished) {
		req->st.pending = 1;
		return HS_PENDING;
	}
	hs_response_complete(req);
	return HS_DONE;
}

/*
 * Run METHOD's chain for REQ from inside a handler (the outer dispatch
 * completes what we return) or from a pending request's callback (our
 * caller finishes on HS_DONE: a finish the chain asked for is left to it,
 * since hs_request_finish() ignores a second call).
 */
static enum hs_handler_result
redispatch(struct hs_request *req, const struct hs_method *m)
{
	int nested = req->st.dispatching;
	enum hs_handler_result r;

	forget_handler(req);
	req->st.dispatching = 1;
	if (m == NULL) {
		hs_request_fail_repr(req, 501, "Unsupported method",
		    req->st.command);
		r = HS_DONE;
	} else {
		r = run_chain(req, m);
	}
	req->st.dispatching = nested;
	if (nested)
		return r;
	if (r == HS_PENDING && !req->st.finished)
		return HS_PENDING;
	req->st.finished = 0;
	return HS_DONE;
}

/* An internal redirect; see httpserve.h. */
int
hs_request_redispatch(struct hs_request *req, const char *method,
    const char *path)
{
	const struct hs_method *m;

	if (req->io == NULL || req->st.aborted) {
		errno = EPIPE;
		return -1;
	}
	if (method == NULL || path == NULL || response_begun(req)) {
		errno = EINVAL;
		return -1;
	}
	if (req->st.redispatches >= HS_MAX_REDISPATCH) {
		errno = ELOOP;
		return -1;
	}
	if (hs_request_rewrite(req, method, path) != 0)
		return -1;
	/* The new answer is to a request without a body: a handler of the
	 * new method must not take the old body, or what is left of it, for
	 * its own.  Unread bytes are dropped with the connection. */
	req->st.body_mode = HS_BODY_DISCARD;
	req->body.len = 0;
	req->st.redispatches++;
	m = hs_methods_find(req->methods, method, strlen(method));
	return (int)redispatch(req, m);
}

/* --- responses finished later ----------------------------------------- */

/* Call FN when queued output drops to LOW_WATER bytes or fewer. */
void
hs_request_on_drain(struct hs_request *req, hs_drain_fn fn, void *arg,
    size_t low_water)
{
	req->st.drain_fn = fn;
	req->st.drain_arg = arg;
	req->st.drain_low = low_water;
	if (fn != NULL && req->io != NULL && !req->st.aborted)
		req->ops->watch_output(req->io, low_water);
}

void
hs_request_output_drained(struct hs_request *req, size_t length)
{
	if (req->st.drain_fn != NULL && length <= req->st.drain_low)
		req->st.drain_fn(req, req->st.drain_arg);
}

/* Call FN if the client goes away before hs_request_finish(). */
void
hs_request_on_abort(struct hs_request *req, hs_abort_fn fn, void *arg)
{
	req->st.abort_fn = fn;
	req->st.abort_arg = arg;
}

/* The pending response is complete. */
void
hs_request_finish(struct hs_request *req)
{
	if (req->io == NULL) {
		/* The client left; the handler owned the request since. */
		hs_request_free(req);
		return;
	}
	if (req->st.finished || (!req->st.pending && !req->st.dispatching))
		return;	/* finishing twice, or a request not pending */
	req->st.finished = 1;
	if (req->st.dispatching)
		return;	/* the dispatcher completes it when we return */
	hs_response_complete(req);
	req->ops->resume(req->io);
}

int
hs_request_is_finished(const struct hs_request *req)
{
	return req->st.pending && req->st.finished;
}

void
hs_request_abandon(struct hs_request *req)
{
	if (!req->st.pending || req->st.finished) {
		hs_request_free(req);
		return;
	}
	req->io = NULL;
	req->st.aborted = 1;
	if (req->st.abort_fn != NULL)
		req->st.abort_fn(req, req->st.abort_arg);
}
