/* SPDX-License-Identifier: MIT */
/*
 * conn.h - one client connection: the only code that touches bufferevents.
 *
 * The connection reads request heads and bodies, hands each request to its
 * handler, and writes responses in order, keeping the connection alive or
 * closing it after the last byte has left.  See the state machine in
 * conn.c.
 */
#ifndef HS_CONN_H
#define HS_CONN_H

#include <stddef.h>
#include <sys/socket.h>

#include <event2/util.h>

struct hs_conn;
struct hs_server;
struct hs_request;
struct evbuffer;

/* Start serving the accepted socket FD from peer SA; NULL (FD closed) when
 * memory runs out. */
struct hs_conn *hs_conn_new(struct hs_server *srv, evutil_socket_t fd,
    const struct sockaddr *sa, socklen_t salen);

/* Close now: the server is being freed. */
void hs_conn_free(struct hs_conn *conn);

/* The server is stopping: close when idle, or after the response in flight. */
void hs_conn_stop(struct hs_conn *conn);

/* The list of the server's connections runs through them. */
struct hs_conn *hs_conn_next(const struct hs_conn *conn);
void hs_conn_link(struct hs_conn *conn, struct hs_conn *next,
    struct hs_conn **head);
void hs_conn_unlink(struct hs_conn *conn, struct hs_conn **head);

/* --- for the response layer ------------------------------------------- */

/* Bytes queued for the client and not yet sent. */
size_t hs_conn_output_length(struct hs_conn *conn);

/* The output buffer of the socket (sendfile() works on this one only). */
struct evbuffer *hs_conn_output(struct hs_conn *conn);

/* Carry on from the top of the loop: a pending response was finished,
 * body streaming was asked for or resumed. */
void hs_conn_resume(struct hs_conn *conn);

/* The handler wants a drain callback at LOW_WATER bytes of output. */
void hs_conn_watch_output(struct hs_conn *conn, size_t low_water);

#endif /* HS_CONN_H */
