/* SPDX-License-Identifier: MIT */
/*
 * response.h - the write side of the exchange: what the engine needs of it
 * beyond the hs_send_* functions of httpserve.h.
 */
#ifndef HS_RESPONSE_H
#define HS_RESPONSE_H

struct hs_request;

/*
 * The response is complete (the handler returned HS_DONE or called
 * hs_request_finish()).  Misuse is repaired here: no response at all
 * becomes a 500, a body shorter than its Content-Length closes the
 * connection rather than leaving the client waiting for the rest.
 */
void hs_response_complete(struct hs_request *req);

#endif /* HS_RESPONSE_H */
