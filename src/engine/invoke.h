/* SPDX-License-Identifier: MIT */
/*
 * invoke.h - calling a request's handlers: the chain of its method, each
 * handler in turn until one does not decline, the internal redirects
 * (hs_request_redispatch()) that run a chain again, and the hooks and
 * completion of a response finished later.
 */
#ifndef HS_INVOKE_H
#define HS_INVOKE_H

#include <stddef.h>

#include "httpserve.h"

struct hs_method;
struct hs_request;

/*
 * Answer the new request REQ with the handlers of M, reading its body in
 * M's mode.  HS_PENDING: a handler keeps the request and will finish it;
 * HS_DONE: the response is complete (hs_response_complete() has repaired
 * what it had to).
 */
enum hs_handler_result hs_invoke(struct hs_request *req,
    const struct hs_method *m);

/* Has the pending REQ been finished (the connection may go on)? */
int hs_request_is_finished(const struct hs_request *req);

/* The output has fallen to LENGTH bytes: call the drain hook if that is
 * as low as it asked for. */
void hs_request_output_drained(struct hs_request *req, size_t length);

/*
 * The connection carrying REQ is gone.  A request no handler holds is
 * freed; a pending one is handed over to its handler, whose abort hook is
 * told (it frees the request with hs_request_finish()).  Call it last:
 * the hook may run anything.
 */
void hs_request_abandon(struct hs_request *req);

#endif /* HS_INVOKE_H */
