/* SPDX-License-Identifier: MIT */
/*
 * settings.h - what a server's connections and exchanges need of it: the
 * class attributes of BaseHTTPRequestHandler, the hooks, the limits and
 * timeouts, as one value that the server owns and writes (hs_server_set_*)
 * and the connections and exchanges only read.
 *
 * The scratch the exchanges of one loop share - the clocks formatted once
 * a second and the log's buffers - is written by whichever exchange logs,
 * so it lives in the loop (loop.h), not in these read-only settings.
 */
#ifndef HS_SETTINGS_H
#define HS_SETTINGS_H

#include <stddef.h>
#include <sys/time.h>

#include "http/buf.h"
#include "http/date.h"
#include "http/errpage.h"
#include "httpserve.h"

struct hs_tls;

/* Shared by the exchanges of one event loop, one at a time. */
struct hs_loop_scratch {
	struct hs_time_cache date;	/* Date: header */
	struct hs_time_cache log_date;	/* log_date_time_string() */
	struct hs_buf log_message;	/* log_request()'s message */
	struct hs_errpage_memo errpage;	/* the last error page sent */
};

struct hs_settings {
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

	/* HTTPS (hs_server_set_tls()): every connection speaks TLS with
	 * this context; NULL: plain HTTP. */
	struct hs_tls *tls;

	/* What hs_request_server() gives handlers; opaque here. */
	struct hs_server *server;
};

/* The defaults (Python's, and hs_limits.h's), for the server OWNER (may be
 * NULL).  -1 (ENOMEM) when memory runs out; SET may then be freed. */
int hs_settings_init(struct hs_settings *set, struct hs_server *owner);

/* Free what SET holds. */
void hs_settings_free(struct hs_settings *set);

/* Replace the string *DST with a copy of SRC; -1 with EINVAL when SRC is
 * NULL, ENOMEM. */
int hs_settings_set_string(char **dst, const char *src);

/* Compose version_string() again after one of its two words changed. */
int hs_settings_update_version(struct hs_settings *set);

#endif /* HS_SETTINGS_H */
