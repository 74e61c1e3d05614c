/* SPDX-License-Identifier: MIT */
/*
 * invoke.h - calling a request's handlers: the chain of its method, each
 * handler in turn until one does not decline, and the internal redirects
 * (hs_request_redispatch()) that run a chain again.
 */
#ifndef HS_INVOKE_H
#define HS_INVOKE_H

#include "httpserve.h"

struct hs_method;
struct hs_request;

/*
 * Answer the new request REQ with the handlers of M.  HS_PENDING: a
 * handler keeps the request and will finish it; HS_DONE: the response is
 * complete (hs_response_complete() has repaired what it had to).
 */
enum hs_handler_result hs_invoke(struct hs_request *req,
    const struct hs_method *m);

#endif /* HS_INVOKE_H */
