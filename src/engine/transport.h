/* SPDX-License-Identifier: MIT */
/*
 * transport.h - how an exchange (request and response) reaches the
 * connection that carries it: through these operations and an opaque
 * context, never by name, so calls go one way (connection -> exchange)
 * and the exchange can be driven by anything that provides them: a TLS
 * connection, an HTTP/2 stream, a unit test's buffer.  h2o cuts its core
 * from its protocols the same way (h2o_conn_callbacks_t).
 *
 * A request whose context is NULL has lost its client: every operation
 * is then refused with EPIPE before it would be called.
 */
#ifndef HS_TRANSPORT_H
#define HS_TRANSPORT_H

#include <stddef.h>
#include <sys/types.h>

#include "httpserve.h"

struct evbuffer;

struct hs_transport_ops {
	/* Where response bytes go, in order: the socket's own output buffer,
	 * or a buffer queued behind a file range that waits. */
	struct evbuffer *(*output)(void *io);

	/* Queue LENGTH bytes of the file FD from OFFSET after the output so
	 * far (sendfile(2) on a plain socket; read as the client drains over
	 * TLS).  Takes FD, closed once; -1 when it cannot be queued. */
	int (*add_file)(void *io, int fd, off_t offset, off_t length);

	/* Bytes queued for the client and not yet sent. */
	size_t (*output_length)(void *io);

	/* Carry on from the top of the event loop, never from inside the
	 * caller: a pending response was finished, or body delivery was
	 * asked for or resumed. */
	void (*resume)(void *io);

	/* Report (as the exchange's drain hook) when output falls to
	 * LOW_WATER bytes or fewer, checking once at once. */
	void (*watch_output)(void *io, size_t low_water);

	/* Deliver the request body to FN as it arrives; FN NULL stops the
	 * delivery.  -1 with EINVAL when a reader is already set. */
	int (*body_reader)(void *io, hs_body_fn fn, void *arg);

	/* Stop (PAUSED nonzero) or resume delivering body chunks. */
	void (*pause_body)(void *io, int paused);

	/* Is part of the request body still unread, so the next request
	 * cannot be found and the connection must close after this one? */
	int (*body_unread)(void *io);
};

#endif /* HS_TRANSPORT_H */
