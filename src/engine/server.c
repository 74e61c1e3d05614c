/* SPDX-License-Identifier: MIT */
/*
 * server.c - the server object: listening socket (dual-stack, port 0),
 * accepting (with back-off when file descriptors run out), the do_METHOD
 * table, settings, and shutdown.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "engine/logsink.h"
#include "engine/tls.h"
#include "http/chars.h"
#include "http/hs_limits.h"
#include "http/timeout.h"

/* Record a one-line error for hs_server_error(). */
static void server_fail(struct hs_server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
server_fail(struct hs_server *srv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(srv->error, sizeof(srv->error), fmt, ap);
	va_end(ap);
}

/* Can S go into a header line (no CR, LF or other control but HTAB)? */
static int
is_header_text(const char *s)
{
	return s != NULL && hs_is_field_text(s, strlen(s));
}

/* A server on BASE, or on a loop of its own. */
struct hs_server *
hs_server_new(struct event_base *base)
{
	struct hs_server *srv = calloc(1, sizeof(*srv));

	if (srv == NULL)
		return NULL;
	srv->port = -1;
	srv->threads = 1;
	srv->workers = calloc(1, sizeof(*srv->workers));
	if (srv->workers == NULL)
		goto fail;
	srv->workers[0] = calloc(1, sizeof(**srv->workers));
	if (srv->workers[0] == NULL)
		goto fail;
	srv->nworkers = 1;
	if (hs_worker_init(srv->workers[0], base, &srv->set,
	    &srv->methods) != 0 || hs_settings_init(&srv->set, srv) != 0)
		goto fail;
	return srv;
fail:
	hs_server_free(srv);
	return NULL;
}

/* Run N loops, each on a thread of its own; before hs_server_listen(). */
int
hs_server_set_threads(struct hs_server *srv, int n)
{
	if (n < 1 || n > HS_MAX_THREADS || srv->nworkers > 1 ||
	    srv->port >= 0) {
		errno = EINVAL;
		return -1;
	}
	srv->threads = n;
	return 0;
}

int
hs_server_threads(const struct hs_server *srv)
{
	return srv->threads;
}

/* Open, bind and listen on the address SA (sharing it with our other
 * listeners when REUSEPORT); -1 with errno on failure. */
static int
open_listener(const struct sockaddr *sa, socklen_t len, int reuseport)
{
	int fd, one = 1, zero = 0, defer = HS_ACCEPT_DEFER_SECONDS, saved;

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		return -1;
	/* allow_reuse_address = 1, as HTTPServer sets it. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* No Nagle delay for the tail of a response.  Linux gives accepted
	 * sockets the listener's TCP_NODELAY: set once here, not once per
	 * connection. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* A connection comes with its request (hs_limits.h says why). */
	setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, sizeof(defer));
	/* Dual-stack: IPv4 clients reach "::" too (Python's DualStackServer). */
	if (sa->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if ((reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one,
	    sizeof(one)) != 0) ||
	    bind(fd, sa, len) != 0 || listen(fd, SOMAXCONN) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * All interfaces: the dual-stack "::", or "0.0.0.0" on a host without
 * IPv6.  (Python takes the first wildcard getaddrinfo() lists, which glibc
 * may make the IPv4 one: then it serves IPv4 only.)
 */
static int
open_wildcard_listener(int port)
{
	struct sockaddr_in6 any6;
	struct sockaddr_in any4;
	int fd;

	memset(&any6, 0, sizeof(any6));
	any6.sin6_family = AF_INET6;
	any6.sin6_port = htons((uint16_t)port);
	any6.sin6_addr = in6addr_any;
	fd = open_listener((struct sockaddr *)&any6, sizeof(any6), 0);
	if (fd >= 0 || (errno != EAFNOSUPPORT && errno != EADDRNOTAVAIL))
		return fd;
	memset(&any4, 0, sizeof(any4));
	any4.sin_family = AF_INET;
	any4.sin_port = htons((uint16_t)port);
	any4.sin_addr.s_addr = htonl(INADDR_ANY);
	return open_listener((struct sockaddr *)&any4, sizeof(any4), 0);
}

/* Read back the address and port FD is bound to. */
static void
record_bound_address(struct hs_server *srv, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return;
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, srv->host,
		    sizeof(srv->host));
		srv->port = ntohs(in6->sin6_port);
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, srv->host,
		    sizeof(srv->host));
		srv->port = ntohs(in->sin_port);
	}
}

/* The soft RLIMIT_NOFILE (0: none worth reserving under). */
static long
descriptor_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > (rlim_t)INT_MAX)
		return 0;
	return (long)rl.rlim_cur;
}

/* Free workers 1.. of SRV (the first is the server's from the start). */
static void
drop_extra_workers(struct hs_server *srv)
{
	while (srv->nworkers > 1) {
		struct hs_worker *w = srv->workers[--srv->nworkers];

		hs_worker_fini(w);
		free(w);
	}
}

/* One more worker, on a base of its own; -1 when it cannot be had. */
static int
add_worker(struct hs_server *srv)
{
	struct hs_worker *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return -1;
	if (hs_worker_init(w, NULL, &srv->set, &srv->methods) != 0) {
		hs_worker_fini(w);
		free(w);
		return -1;
	}
	srv->workers[srv->nworkers++] = w;
	return 0;
}

/*
 * Threads: a listening socket per worker, all bound to the address PROBE
 * was bound to with SO_REUSEPORT, so the kernel spreads connections
 * across them evenly.  PROBE, bound without it, was how the port was
 * found free (or picked, for port 0): a socket with SO_REUSEPORT would
 * join a group another server of the same user already holds on the
 * port, where Python reports the address in use.  PROBE is closed.
 */
static int
listen_threaded(struct hs_server *srv, int probe)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	long limit = descriptor_limit();
	struct hs_worker **more;
	int i, fd;

	if (getsockname(probe, (struct sockaddr *)&ss, &len) != 0) {
		close(probe);
		server_fail(srv, "cannot read the bound address: %s",
		    strerror(errno));
		return -1;
	}
	close(probe);
	more = realloc(srv->workers, (size_t)srv->threads * sizeof(*more));
	if (more == NULL) {
		server_fail(srv, "out of memory");
		return -1;
	}
	srv->workers = more;
	for (i = 0; i < srv->threads; i++) {
		if (i > 0 && add_worker(srv) != 0) {
			server_fail(srv, "cannot set up loop %d", i + 1);
			break;
		}
		fd = open_listener((struct sockaddr *)&ss, len, 1);
		if (fd < 0) {
			server_fail(srv, "cannot listen with loop %d: %s",
			    i + 1, strerror(errno));
			break;
		}
		if (hs_worker_listen(srv->workers[i], fd, limit) != 0) {
			server_fail(srv, "cannot create the listener");
			break;
		}
		if (i == 0)
			record_bound_address(srv, fd);
	}
	if (i == srv->threads)
		return 0;
	drop_extra_workers(srv);
	hs_worker_unlisten(srv->workers[0]);
	srv->port = -1;
	srv->host[0] = '\0';
	return -1;
}

/* Listen on ADDRESS (NULL: all interfaces, dual-stack) and PORT.  A name
 * or number resolves as in Python's _get_best_family(): the first address
 * getaddrinfo() gives is the one used. */
int
hs_server_listen(struct hs_server *srv, const char *address, int port)
{
	struct addrinfo hints, *res = NULL;
	char portstr[16];
	int fd, rc;

	if (srv->port >= 0) {
		server_fail(srv, "already listening");
		return -1;
	}
	if (port < 0 || port > 65535) {
		server_fail(srv, "port must be 0-65535");
		return -1;
	}
	snprintf(portstr, sizeof(portstr), "%d", port);
	if (address == NULL) {
		fd = open_wildcard_listener(port);
	} else {
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_PASSIVE;
		rc = getaddrinfo(address, portstr, &hints, &res);
		if (rc != 0) {
			server_fail(srv, "cannot resolve '%s': %s", address,
			    gai_strerror(rc));
			return -1;
		}
		fd = open_listener(res->ai_addr, res->ai_addrlen, 0);
		freeaddrinfo(res);
	}
	if (fd < 0) {
		server_fail(srv, "cannot listen on port %s: %s", portstr,
		    strerror(errno));
		return -1;
	}
	if (srv->threads > 1)
		return listen_threaded(srv, fd);
	if (hs_worker_listen(srv->workers[0], fd, descriptor_limit()) != 0) {
		server_fail(srv, "cannot create the listener");
		return -1;
	}
	record_bound_address(srv, fd);
	return 0;
}

int
hs_server_port(const struct hs_server *srv)
{
	return srv->port;
}

const char *
hs_server_host(const struct hs_server *srv)
{
	return srv->host[0] != '\0' ? srv->host : NULL;
}

const char *
hs_server_error(const struct hs_server *srv)
{
	return srv->error;
}

struct event_base *
hs_server_base(const struct hs_server *srv)
{
	return srv->workers[0]->base;
}

/* Register FN as do_METHOD, replacing the handlers it had. */
int
hs_server_handle(struct hs_server *srv, const char *method, hs_handler_fn fn,
    void *arg)
{
	return hs_methods_add(&srv->methods, method, fn, arg, 1);
}

/* Add FN to the chain of do_METHOD. */
int
hs_server_add_handler(struct hs_server *srv, const char *method,
    hs_handler_fn fn, void *arg)
{
	return hs_methods_add(&srv->methods, method, fn, arg, 0);
}

int
hs_server_set_body_mode(struct hs_server *srv, const char *method,
    enum hs_body_mode mode)
{
	return hs_methods_set_body_mode(&srv->methods, method, mode);
}

/* Tell workers 1.. to stop, at once (NOW) or after their connections. */
static void
wake_extra_workers(struct hs_server *srv, int now)
{
	int i;

	for (i = 1; i < srv->nworkers; i++)
		hs_worker_wake(srv->workers[i], now);
}

/*
 * Run the loops until hs_server_shutdown() (or event_base_loopbreak() of
 * the first one): the first in the calling thread, the others in threads
 * of their own.  The first loop ending ends the others the same way: at
 * once if it was broken off, after their connections if it was shut
 * down.  The log lines still waiting then go out, as far as stderr takes
 * them in time.
 */
int
hs_server_serve_forever(struct hs_server *srv)
{
	int i, failed = 0;

	for (i = 1; i < srv->nworkers && !failed; i++)
		if (hs_worker_start(srv->workers[i]) != 0) {
			server_fail(srv, "cannot start thread %d", i + 1);
			wake_extra_workers(srv, 1);
			failed = 1;
		}
	if (!failed && hs_worker_run(srv->workers[0]) != 0) {
		server_fail(srv, "the event loop failed");
		failed = 1;
	}
	wake_extra_workers(srv, failed || hs_worker_broke(srv->workers[0]));
	for (i = 1; i < srv->nworkers; i++) {
		hs_worker_join(srv->workers[i]);
		if (srv->workers[i]->result != 0 && !failed) {
			server_fail(srv, "the event loop of thread %d failed",
			    i + 1);
			failed = 1;
		}
	}
	hs_logsink_drain();
	return failed ? -1 : 0;
}

/* Ask every loop to stop; write()s only: safe from a signal handler and
 * from any thread. */
void
hs_server_shutdown(struct hs_server *srv)
{
	int i;

	for (i = 0; i < srv->nworkers; i++)
		hs_worker_wake(srv->workers[i], 0);
}

/* Close everything and free the server. */
void
hs_server_free(struct hs_server *srv)
{
	int i;

	if (srv == NULL)
		return;
	for (i = srv->nworkers - 1; i >= 0; i--) {
		hs_worker_fini(srv->workers[i]);
		free(srv->workers[i]);
	}
	free(srv->workers);
	hs_methods_free(&srv->methods);
	hs_settings_free(&srv->set);
	free(srv);
}

/* --- settings ---------------------------------------------------------- */

int
hs_server_set_protocol_version(struct hs_server *srv, const char *version)
{
	if (version != NULL && strcmp(version, "HTTP/1.0") == 0)
		srv->set.protocol_minor = 0;
	else if (version != NULL && strcmp(version, "HTTP/1.1") == 0)
		srv->set.protocol_minor = 1;
	else {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

const char *
hs_server_version_string(const struct hs_server *srv)
{
	return srv->set.version_string;
}

const char *
hs_server_protocol_version(const struct hs_server *srv)
{
	return srv->set.protocol_minor == 1 ? "HTTP/1.1" : "HTTP/1.0";
}

int
hs_server_set_server_version(struct hs_server *srv,
    const char *server_version)
{
	if (!is_header_text(server_version)) {
		errno = EINVAL;
		return -1;
	}
	if (hs_settings_set_string(&srv->set.server_version,
	    server_version) != 0)
		return -1;
	return hs_settings_update_version(&srv->set);
}

int
hs_server_set_sys_version(struct hs_server *srv, const char *sys_version)
{
	if (!is_header_text(sys_version)) {
		errno = EINVAL;
		return -1;
	}
	if (hs_settings_set_string(&srv->set.sys_version, sys_version) != 0)
		return -1;
	return hs_settings_update_version(&srv->set);
}

int
hs_server_set_error_message_format(struct hs_server *srv, const char *format)
{
	return hs_settings_set_string(&srv->set.error_format, format);
}

int
hs_server_set_error_content_type(struct hs_server *srv,
    const char *content_type)
{
	if (!is_header_text(content_type)) {
		errno = EINVAL;
		return -1;
	}
	return hs_settings_set_string(&srv->set.error_content_type,
	    content_type);
}

void
hs_server_set_log_handler(struct hs_server *srv, hs_log_fn fn, void *arg)
{
	srv->set.log_fn = fn;
	srv->set.log_arg = arg;
}

void
hs_server_set_expect_handler(struct hs_server *srv, hs_expect_fn fn,
    void *arg)
{
	srv->set.expect_fn = fn;
	srv->set.expect_arg = arg;
}

void
hs_server_set_max_body_size(struct hs_server *srv, size_t bytes)
{
	srv->set.max_body = bytes;
}

/* HTTPS from now on: see httpserve.h.  Before hs_server_listen(), since
 * the connections of every loop read the context without a lock. */
int
hs_server_set_tls(struct hs_server *srv, const char *cert_file,
    const char *key_file, const char *password)
{
	struct hs_tls *tls;

	if (cert_file == NULL || srv->port >= 0) {
		snprintf(srv->error, sizeof(srv->error), "%s",
		    cert_file == NULL ? "no TLS certificate file given" :
		    "TLS must be set before the server listens");
		errno = EINVAL;
		return -1;
	}
	tls = hs_tls_new(cert_file, key_file, password, srv->error,
	    sizeof(srv->error));
	if (tls == NULL) {
		errno = EINVAL;
		return -1;
	}
	hs_tls_free(srv->set.tls);
	srv->set.tls = tls;
	return 0;
}

int
hs_server_is_tls(const struct hs_server *srv)
{
	return srv->set.tls != NULL;
}

/* Set timeout WHICH to SECONDS (fractions allowed; 0 turns it off). */
int
hs_server_set_timeout(struct hs_server *srv, enum hs_timeout which,
    double seconds)
{
	struct timeval *tv, value;

	if (hs_timeout_from_seconds(seconds, &value) != 0)
		return -1;
	switch (which) {
	case HS_TIMEOUT_IDLE:
		tv = &srv->set.idle_timeout;
		break;
	case HS_TIMEOUT_HEAD:
		tv = &srv->set.head_timeout;
		break;
	case HS_TIMEOUT_WRITE:
		tv = &srv->set.write_timeout;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	*tv = value;
	return 0;
}
