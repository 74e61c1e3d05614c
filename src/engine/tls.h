/* SPDX-License-Identifier: MIT */
/*
 * tls.h - HTTPS: a server's TLS context, and the TLS bufferevent that
 * carries one accepted connection in place of the plain socket.
 *
 * The context is made once (hs_server_set_tls()) and shared, read only, by
 * the connections of every loop.  Built without OpenSSL (configure
 * --without-tls), hs_tls_new() fails and says so; nothing else is called.
 */
#ifndef HS_TLS_H
#define HS_TLS_H

#include <stddef.h>

#include <event2/util.h>

struct bufferevent;
struct event_base;
struct hs_tls;

/*
 * A TLS context for the certificate chain in CERT_FILE and the private key
 * in KEY_FILE (NULL: in CERT_FILE too), decrypted with PASSWORD (NULL: the
 * key is not encrypted).  NULL when it cannot be made: ERR (ERRLEN bytes)
 * then says why in one line, naming the file.
 */
struct hs_tls *hs_tls_new(const char *cert_file, const char *key_file,
    const char *password, char *err, size_t errlen);

void hs_tls_free(struct hs_tls *tls);

/*
 * A bufferevent on BASE that accepts a TLS connection on the socket FD and
 * owns it from here on: freeing the bufferevent closes FD.  NULL when
 * memory runs out (FD is then still the caller's).
 */
struct bufferevent *hs_tls_accept(struct hs_tls *tls, struct event_base *base,
    evutil_socket_t fd);

/* Tell the client this is the end (a close_notify alert), if BEV's
 * handshake is over; before our side of the socket is shut. */
void hs_tls_close_notify(struct bufferevent *bev);

/* After BEV reported an error: was it a client speaking plain HTTP to
 * the TLS port?  Reads (and clears) BEV's errors. */
int hs_tls_plain_http(struct bufferevent *bev);

#endif /* HS_TLS_H */
