/* SPDX-License-Identifier: MIT */
/*
 * tls_client.c - TLS clients for the integration tests (tls_client.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "tls_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "harness.h"

SSL_CTX *
tls_client_ctx(const char *ca_file)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1 ||
	    X509_VERIFY_PARAM_set1_ip_asc(SSL_CTX_get0_param(ctx),
	    "127.0.0.1") != 1 ||
	    SSL_CTX_set_alpn_protos(ctx,
	    (const unsigned char *)"\x08http/1.1", 9) != 0) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
	/* A close without close_notify is an EOF: each test checks it has
	 * every byte it wants, so truncation cannot pass unseen. */
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
	return ctx;
}

/* A TCP connection to 127.0.0.1:PORT (blocking, its waits bounded by
 * WAIT_SECONDS), RCVBUF set first when positive; or -1. */
static int
tcp_connect(int port, int rcvbuf)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct timeval tv = { WAIT_SECONDS, 0 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

SSL *
tls_open(SSL_CTX *ctx, int port, int rcvbuf)
{
	int fd = tcp_connect(port, rcvbuf);
	SSL *ssl;

	if (fd < 0)
		return NULL;
	ssl = SSL_new(ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 ||
	    SSL_connect(ssl) != 1) {
		SSL_free(ssl);
		close(fd);
		return NULL;
	}
	return ssl;
}

void
tls_close(SSL *ssl)
{
	int fd = SSL_get_fd(ssl);

	SSL_free(ssl);
	if (fd >= 0)
		close(fd);
}

/* --- the relay ------------------------------------------------------- */

/* Write LEN bytes to the non-blocking SSL, waiting (bounded) as it asks. */
static int
ssl_write_all(SSL *ssl, int fd, const char *buf, size_t len)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;

	while (len > 0) {
		int n = SSL_write(ssl, buf, (int)len), e;
		struct pollfd p = { fd, POLLIN, 0 };

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		e = SSL_get_error(ssl, n);
		if (e == SSL_ERROR_WANT_WRITE)
			p.events = POLLOUT;
		else if (e != SSL_ERROR_WANT_READ)
			return -1;
		if (now_ms() > deadline ||
		    poll(&p, 1, (int)(deadline - now_ms())) < 0)
			return -1;
	}
	return 0;
}

/* Send all of BUF to the plain socket FD. */
static int
plain_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Move what the TLS side has decrypted to the plain one; -1 at its end.
 * The TLS socket is non-blocking: a record that only carries a session
 * ticket must not leave us waiting inside SSL_read(). */
static int
relay_from_tls(SSL *ssl, int plain)
{
	char buf[16384];
	int n = SSL_read(ssl, buf, sizeof(buf)), e;

	if (n > 0)
		return plain_write_all(plain, buf, (size_t)n);
	e = SSL_get_error(ssl, n);
	return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 :
	    -1;
}

/* The relay child's loop, until the TLS side ends. */
static void
relay_loop(SSL *ssl, int tls_fd, int plain)
{
	int plain_open = 1;
	char buf[16384];

	for (;;) {
		struct pollfd p[2] = { { tls_fd, POLLIN, 0 },
		    { plain, plain_open ? POLLIN : 0, 0 } };

		if (SSL_pending(ssl) == 0 && poll(p, 2, -1) < 0 &&
		    errno != EINTR)
			return;
		if ((SSL_pending(ssl) > 0 || p[0].revents != 0) &&
		    relay_from_tls(ssl, plain) != 0)
			return;
		if (plain_open && p[1].revents != 0) {
			ssize_t n = read(plain, buf, sizeof(buf));

			if (n <= 0)
				plain_open = 0;
			else if (ssl_write_all(ssl, tls_fd, buf,
			    (size_t)n) != 0)
				return;
		}
	}
}

int
relay_open(struct relay *r, SSL_CTX *ctx, int port)
{
	int sv[2];
	SSL *ssl;

	/* The handshake here, so that a failure is the caller's to see. */
	ssl = tls_open(ctx, port, 0);
	if (ssl == NULL)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		tls_close(ssl);
		return -1;
	}
	r->pid = fork();
	if (r->pid == 0) {
		int fd = SSL_get_fd(ssl);

		/* Bounded, and never outliving the test. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(WAIT_SECONDS * 6);
		close(sv[0]);
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		relay_loop(ssl, fd, sv[1]);
		_exit(0);
	}
	tls_close(ssl);
	close(sv[1]);
	if (r->pid < 0) {
		close(sv[0]);
		return -1;
	}
	r->fd = sv[0];
	return 0;
}

void
relay_close(struct relay *r)
{
	close(r->fd);
	kill(r->pid, SIGTERM);
	waitpid(r->pid, NULL, 0);
}

/* --- a ClientHello --------------------------------------------------- */

size_t
client_hello(SSL_CTX *ctx, unsigned char *buf, size_t size)
{
	SSL *ssl = SSL_new(ctx);
	BIO *in = BIO_new(BIO_s_mem()), *out = BIO_new(BIO_s_mem());
	int n = 0;

	if (ssl == NULL || in == NULL || out == NULL) {
		BIO_free(in);
		BIO_free(out);
		SSL_free(ssl);
		return 0;
	}
	SSL_set_bio(ssl, in, out);
	SSL_set_connect_state(ssl);
	(void)SSL_do_handshake(ssl);	/* wants the ServerHello */
	n = BIO_read(out, buf, (int)size);
	SSL_free(ssl);
	return n > 0 ? (size_t)n : 0;
}

/* --- many at once ---------------------------------------------------- */

enum fetch_state { F_HANDSHAKE, F_WRITE, F_READ, F_DONE, F_FAILED };

struct fetch {
	SSL *ssl;
	int fd;
	enum fetch_state state;
	short events;		/* what it waits for */
	char *buf;		/* what it read */
	size_t len, cap;
};

/* Keep what SSL_read() gave; -1 when out of memory. */
static int
fetch_keep(struct fetch *f, const char *data, size_t n)
{
	if (f->len + n > f->cap) {
		size_t cap = (f->len + n) * 2;
		char *p = realloc(f->buf, cap);

		if (p == NULL)
			return -1;
		f->buf = p;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, data, n);
	f->len += n;
	return 0;
}

/* After a call returned R <= 0: wait for what it wants, or end in
 * state END (an EOF, clean or not, while reading) or F_FAILED. */
static void
fetch_wait(struct fetch *f, int r, enum fetch_state end)
{
	int e = SSL_get_error(f->ssl, r);

	if (e == SSL_ERROR_WANT_READ)
		f->events = POLLIN;
	else if (e == SSL_ERROR_WANT_WRITE)
		f->events = POLLOUT;
	else if (end == F_DONE && (e == SSL_ERROR_ZERO_RETURN ||
	    (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)))
		f->state = F_DONE;
	else
		f->state = F_FAILED;
}

/* Take F as far as it goes without waiting. */
static void
fetch_step(struct fetch *f, const char *request)
{
	char buf[16384];
	int r;

	if (f->state == F_HANDSHAKE) {
		if ((r = SSL_connect(f->ssl)) != 1) {
			fetch_wait(f, r, F_FAILED);
			return;
		}
		f->state = F_WRITE;
	}
	if (f->state == F_WRITE) {
		if ((r = SSL_write(f->ssl, request, (int)strlen(request))) <=
		    0) {
			fetch_wait(f, r, F_FAILED);
			return;
		}
		f->state = F_READ;
	}
	while (f->state == F_READ) {
		if ((r = SSL_read(f->ssl, buf, sizeof(buf))) <= 0) {
			fetch_wait(f, r, F_DONE);
			return;
		}
		if (fetch_keep(f, buf, (size_t)r) != 0)
			f->state = F_FAILED;
	}
}

/* Did F get a 200 whose body is WANT? */
static int
fetch_good(const struct fetch *f, const void *want, size_t want_len)
{
	const char *end;

	if (f->state != F_DONE || f->len < 12 ||
	    memcmp(f->buf, "HTTP/1.", 7) != 0 ||
	    memcmp(f->buf + 8, " 200", 4) != 0)
		return 0;
	end = memmem(f->buf, f->len, "\r\n\r\n", 4);
	return end != NULL &&
	    (size_t)(f->buf + f->len - (end + 4)) == want_len &&
	    memcmp(end + 4, want, want_len) == 0;
}

/* Connect F and start its handshake; F_FAILED if it cannot. */
static void
fetch_start(struct fetch *f, SSL_CTX *ctx, int port, const char *request)
{
	f->fd = tcp_connect(port, 0);
	f->ssl = f->fd >= 0 ? SSL_new(ctx) : NULL;
	if (f->ssl == NULL || SSL_set_fd(f->ssl, f->fd) != 1) {
		f->state = F_FAILED;
		return;
	}
	fcntl(f->fd, F_SETFL, fcntl(f->fd, F_GETFL) | O_NONBLOCK);
	fetch_step(f, request);
}

/* Poll the unfinished ones in ALL (N) once, up to MS; step the ready. */
static int
fetch_poll(struct fetch *all, struct pollfd *p, int n, const char *request,
    int ms)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (all[i].state < F_DONE)
			p[k++] = (struct pollfd){ all[i].fd, all[i].events,
			    0 };
	if (k == 0)
		return 0;
	if (poll(p, (nfds_t)k, ms) < 0 && errno != EINTR)
		return 0;
	for (i = 0, k = 0; i < n; i++) {
		if (all[i].state >= F_DONE)
			continue;
		if (p[k++].revents != 0)
			fetch_step(&all[i], request);
	}
	return 1;
}

int
tls_fetch_many(SSL_CTX *ctx, int port, int n, const char *request,
    const void *want, size_t want_len, int ms)
{
	struct fetch *all = calloc((size_t)n, sizeof(*all));
	struct pollfd *p = calloc((size_t)n, sizeof(*p));
	long long deadline = now_ms() + ms;
	int i, good = 0;

	if (all == NULL || p == NULL) {
		free(all);
		free(p);
		return 0;
	}
	for (i = 0; i < n; i++)
		fetch_start(&all[i], ctx, port, request);
	while (now_ms() < deadline &&
	    fetch_poll(all, p, n, request, (int)(deadline - now_ms())))
		;
	for (i = 0; i < n; i++) {
		good += fetch_good(&all[i], want, want_len);
		SSL_free(all[i].ssl);
		if (all[i].fd >= 0)
			close(all[i].fd);
		free(all[i].buf);
	}
	free(all);
	free(p);
	return good;
}
