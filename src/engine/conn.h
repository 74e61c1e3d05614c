/* SPDX-License-Identifier: MIT */
/*
 * conn.h - client connections: the only code that touches a client's
 * bufferevent.
 *
 * A connection reads request heads and bodies, hands each request to the
 * handlers of its method, and writes responses in order, keeping the
 * connection alive or closing it after the last byte has left.  See the
 * state machine in conn.c.  The connections of one server form a set,
 * which knows the settings, the method table and whom to tell when a
 * connection closes; conn.c keeps the list itself.
 */
#ifndef HS_CONN_H
#define HS_CONN_H

#include <stddef.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <event2/util.h>

struct bufferevent;
struct event_base;

/* At most this many idle bufferevents wait for reuse in a set: as many
 * as requests are usually in flight at once on a loop. */
#define HS_CONN_SPARE_BEVS 64

/* Closed connections a set keeps for new ones: a connection and its
 * three events are four allocations, on the path of every accept. */
#define HS_CONN_SPARE_CONNS 64
struct hs_loop;
struct hs_conn;
struct hs_methods;
struct hs_settings;

/* Told that a connection has closed (its descriptor is free again), with
 * the number still open. */
typedef void (*hs_conn_close_fn)(void *owner, size_t open);

/* The connections of one owner; initialise with hs_conns_init(). */
struct hs_conns {
	TAILQ_HEAD(hs_conn_list, hs_conn) list;
	size_t count;
	int stopping;			/* close each after its response */
	struct hs_loop *loop;
	struct event_base *base;	/* the loop's */
	const struct hs_settings *set;
	const struct hs_methods *methods;
	hs_conn_close_fn on_close;
	void *owner;
	/* Bufferevents of connections gone idle, for the next ones. */
	struct bufferevent *spare[HS_CONN_SPARE_BEVS];
	size_t nspare;
	/* Connections closed, with their events, for the next accepted. */
	struct hs_conn *spare_conns[HS_CONN_SPARE_CONNS];
	size_t nspare_conns;
	/* Connections accepted this turn, to read after the next poll. */
	TAILQ_HEAD(hs_conn_fresh, hs_conn) fresh;
	struct event *fresh_timer;	/* created with the first one */
	int first_reads;		/* whether they find the request */
	unsigned first_read_probe;
};

/*
 * An empty set of connections on LOOP, answering with SET and the
 * handlers of METHODS (both read only, and outliving the set), telling
 * ON_CLOSE (may be NULL) with OWNER of each close.
 */
void hs_conns_init(struct hs_conns *cs, struct hs_loop *loop,
    const struct hs_settings *set, const struct hs_methods *methods,
    hs_conn_close_fn on_close, void *owner);

/* Start serving the accepted socket FD from peer SA; NULL (FD closed) when
 * memory runs out. */
struct hs_conn *hs_conn_new(struct hs_conns *cs, evutil_socket_t fd,
    const struct sockaddr *sa);

/* Stop: idle connections close now, the others after the response in
 * flight (or the request whose head is arriving). */
void hs_conns_stop(struct hs_conns *cs);

/* Close every connection now, unsent output and all; pending requests go
 * to their handlers' abort hooks; free the spare bufferevents and the
 * set's timer.  Not from inside a connection's callback. */
void hs_conns_close_all(struct hs_conns *cs);

#endif /* HS_CONN_H */
