/* SPDX-License-Identifier: MIT */
/*
 * cgi.h - what the two halves of CGIHTTPRequestHandler share:
 * handler_cgi.c (which requests are CGI, which script, 403/404/501) and
 * cgi_run.c (a running script's sockets, timer and exit, on its loop).
 */
#ifndef HS_CGI_H
#define HS_CGI_H

#include <pthread.h>
#include <sys/time.h>
#include <sys/types.h>

#include "cgi/cgi_spawn.h"
#include "http/cgi_env.h"
#include "httpserve.h"

struct cgi_loop;

struct hs_cgi {
	struct hs_static *st;		/* the directory, and non-CGI GETs */
	char **directories;		/* NULL-terminated: "/cgi-bin", ... */
	struct timeval timeout;		/* without output; zero: none */
	char *server_name;		/* NULL: the bound address */
	struct hs_cgi_user user;	/* who scripts run as */
	pthread_mutex_t lock;		/* over loops: each loop adds its own */
	struct cgi_loop *loops;		/* the scripts of each loop */
};

/*
 * Run script T for REQ (a request whose handler is running).  Returns
 * HS_PENDING, or HS_DONE after answering an error itself.  A local
 * redirect (RFC 3875 section 6.2.2) is answered by the server's handlers
 * again, through hs_request_redispatch().
 */
enum hs_handler_result hs_cgi_run_start(struct hs_cgi *cgi,
    struct hs_request *req, const struct hs_cgi_target *t);

/*
 * Kill every script on every loop, finish its request and wait for them
 * all, then let go of the loops (hs_cgi_free(), once they have stopped).
 */
void hs_cgi_kill_all(struct hs_cgi *cgi);

#endif /* HS_CGI_H */
