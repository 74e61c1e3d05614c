/* SPDX-License-Identifier: MIT */
/*
 * server.h - the server object: its settings, the handler table, and
 * its workers (worker.h), one event loop each, which own the listening
 * sockets and the connections.
 */
#ifndef HS_SERVER_H
#define HS_SERVER_H

#include <netinet/in.h>

#include "engine/dispatch.h"
#include "engine/settings.h"
#include "engine/worker.h"
#include "httpserve.h"

struct hs_server {
	/* One worker per loop; the first, on the base hs_server_new() was
	 * given, exists from the start, the others from hs_server_listen(). */
	struct hs_worker **workers;
	int nworkers;
	int threads;			/* hs_server_set_threads() */
	int port;			/* -1 until listening */
	char host[INET6_ADDRSTRLEN];
	char error[256];

	struct hs_settings set;		/* read by connections, requests */
	struct hs_methods methods;	/* the do_METHOD table */
};

#endif /* HS_SERVER_H */
