/* SPDX-License-Identifier: MIT */
/*
 * tls_none.c - tls.h for a build without OpenSSL (configure --without-tls):
 * no context can be made, so no connection ever asks for the rest.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/tls.h"

#include <stdio.h>
#include <stdlib.h>

struct hs_tls *
hs_tls_new(const char *cert_file, const char *key_file, const char *password,
    char *err, size_t errlen)
{
	(void)cert_file;
	(void)key_file;
	(void)password;
	snprintf(err, errlen, "this httpserve was built without TLS "
	    "(configure --without-tls): HTTPS is not available");
	return NULL;
}

void
hs_tls_free(struct hs_tls *tls)
{
	(void)tls;
}

struct bufferevent *
hs_tls_accept(struct hs_tls *tls, struct event_base *base,
    evutil_socket_t fd)
{
	(void)tls;
	(void)base;
	(void)fd;
	abort();	/* no context exists to call this with */
}

void
hs_tls_close_notify(struct bufferevent *bev)
{
	(void)bev;
}

int
hs_tls_plain_http(struct bufferevent *bev)
{
	(void)bev;
	return 0;
}
