/* SPDX-License-Identifier: MIT */
/*
 * server.h - the server object: settings, the handler table, the listener
 * and the connections it owns.
 */
#ifndef HS_SERVER_H
#define HS_SERVER_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/time.h>
#include <time.h>

#include "http/date.h"
#include "httpserve.h"
#include "http/buf.h"

struct evconnlistener;
struct event;
struct hs_conn;

/* One entry of the do_METHOD table. */
struct hs_method {
	char *name;
	hs_handler_fn fn;
	void *arg;
	enum hs_body_mode body_mode;
};

struct hs_server {
	struct event_base *base;
	int own_base;
	struct evconnlistener *listener;
	struct event *accept_retry;	/* resumes accepting after EMFILE */
	int accept_paused;
	int port;
	char host[INET6_ADDRSTRLEN];
	char error[256];

	/* The class attributes of BaseHTTPRequestHandler. */
	int protocol_minor;		/* 0: "HTTP/1.0", 1: "HTTP/1.1" */
	char *server_version;
	char *sys_version;
	char *version_string;		/* "server_version sys_version" */
	char *error_format;
	char *error_content_type;
	hs_log_fn log_fn;
	void *log_arg;
	hs_expect_fn expect_fn;
	void *expect_arg;
	size_t max_body;

	/* Timeouts (all zero: none). */
	struct timeval idle_timeout;
	struct timeval head_timeout;
	struct timeval write_timeout;

	struct hs_method *methods;
	size_t nmethods;

	struct hs_conn *conns;		/* every open connection */
	size_t nconns;

	/* hs_server_shutdown() writes to wake[1]; the loop reads wake[0]. */
	int wake[2];
	struct event *wake_event;
	int stopping;

	struct hs_time_cache date;	/* Date: header */
	struct hs_time_cache log_date;	/* log_date_time_string() */
	struct hs_buf log_message;	/* log_request()'s message */
	struct hs_buf log_line;		/* the line written to stderr */
};

/* The handler table entry of METHOD, or NULL (501). */
const struct hs_method *hs_server_method(const struct hs_server *srv,
    const char *method, size_t len);

/* Track connections: added when accepted, removed when freed. */
void hs_server_conn_added(struct hs_server *srv, struct hs_conn *conn);
void hs_server_conn_removed(struct hs_server *srv, struct hs_conn *conn);

#endif /* HS_SERVER_H */
