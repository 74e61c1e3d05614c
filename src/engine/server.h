/* SPDX-License-Identifier: MIT */
/*
 * server.h - the server object: its settings, the handler table, the
 * listener and the connections it owns.
 */
#ifndef HS_SERVER_H
#define HS_SERVER_H

#include <netinet/in.h>

#include "engine/conn.h"
#include "engine/dispatch.h"
#include "engine/loop.h"
#include "engine/settings.h"
#include "httpserve.h"

struct evconnlistener;
struct event;

struct hs_server {
	struct event_base *base;
	int own_base;
	int loop_ready;			/* hs_loop_init() done */
	struct evconnlistener *listener;
	struct event *accept_retry;	/* resumes accepting after EMFILE */
	int accept_paused;
	long fd_limit;			/* RLIMIT_NOFILE when listening */
	int port;
	char host[INET6_ADDRSTRLEN];
	char error[256];

	struct hs_settings set;		/* read by connections, requests */
	struct hs_methods methods;	/* the do_METHOD table */
	struct hs_loop loop;		/* the event loop, its scratch */
	struct hs_conns conns;		/* every open connection */

	/* hs_server_shutdown() writes to wake[1]; the loop reads wake[0]. */
	int wake[2];
	struct event *wake_event;
	int stopping;
};

#endif /* HS_SERVER_H */
