/* SPDX-License-Identifier: MIT */
/*
 * tls_client.h - TLS clients for the integration tests, on OpenSSL's
 * libssl: where curl and openssl s_client cannot be precise enough (a
 * relay that lets the harness's plain-socket helpers speak HTTPS, a
 * ClientHello to send in part, many handshakes at once, a reader that
 * stops reading).  Every wait is bounded.
 */
#ifndef HS_TEST_TLS_CLIENT_H
#define HS_TEST_TLS_CLIENT_H

#include <stddef.h>
#include <sys/types.h>

#include <openssl/ssl.h>

/* A client context that trusts CA_FILE (and checks 127.0.0.1 against
 * the certificate), offering ALPN "http/1.1". */
SSL_CTX *tls_client_ctx(const char *ca_file);

/* A blocking TLS connection to 127.0.0.1:PORT, handshake done, or NULL.
 * RCVBUF > 0 sets the socket's receive buffer first (a slow reader).
 * tls_close() frees it and closes its socket. */
SSL *tls_open(SSL_CTX *ctx, int port, int rcvbuf);
void tls_close(SSL *ssl);

/*
 * A relay: a child process holding a TLS connection to 127.0.0.1:PORT,
 * and the plain socket FD it relays to and from, for client_send(),
 * read_response() and client_sees_eof().  The TLS peer's close shows as
 * EOF on FD.  relay_close() closes FD and reaps the child.
 */
struct relay {
	int fd;
	pid_t pid;
};
int relay_open(struct relay *r, SSL_CTX *ctx, int port);
void relay_close(struct relay *r);

/* The bytes of a real ClientHello (records as sent on the wire), into
 * BUF of SIZE; returns their count. */
size_t client_hello(SSL_CTX *ctx, unsigned char *buf, size_t size);

/*
 * N clients at once, each with its own TLS connection to PORT, each
 * sending REQUEST (one that closes the connection, HTTP/1.0) and reading
 * to EOF; returns how many got exactly WANT (WANT_LEN bytes) within
 * MS milliseconds.
 */
int tls_fetch_many(SSL_CTX *ctx, int port, int n, const char *request,
    const void *want, size_t want_len, int ms);

#endif /* HS_TEST_TLS_CLIENT_H */
