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
#include <fcntl.h>
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
#include <event2/listener.h>

#include "engine/conn.h"
#include "engine/logsink.h"
#include "engine/reqlog.h"
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

/* Read everything written to the wake pipe, then begin the shutdown. */
static void
wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hs_server *srv = arg;
	char drain[64];

	(void)what;
	while (read(fd, drain, sizeof(drain)) > 0)
		continue;
	if (srv->stopping)
		return;
	srv->stopping = 1;
	if (srv->listener != NULL) {
		evconnlistener_free(srv->listener);
		srv->listener = NULL;
	}
	hs_conns_stop(&srv->conns);
	if (srv->conns.count == 0)
		event_base_loopbreak(srv->base);
}

/* Accepting again: a connection closed, or the retry timer fired. */
static void
accept_resume(struct hs_server *srv)
{
	if (!srv->accept_paused || srv->listener == NULL)
		return;
	srv->accept_paused = 0;
	evtimer_del(srv->accept_retry);
	evconnlistener_enable(srv->listener);
}

static void
accept_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	accept_resume(arg);
}

/* A connection is gone: its descriptor is free again for accept(), and
 * a server stopping stops when none is left. */
static void
conn_closed(void *owner, size_t open)
{
	struct hs_server *srv = owner;

	accept_resume(srv);
	if (srv->stopping && open == 0)
		event_base_loopbreak(srv->base);
}

/* Stop accepting until a connection closes, or (RETRY) a second passes:
 * descriptors may also come back from elsewhere (a file closed). */
static void
accept_pause(struct hs_server *srv, int retry)
{
	struct timeval tv = { HS_ACCEPT_RETRY_SECONDS, 0 };

	if (srv->listener == NULL)
		return;
	if (!srv->accept_paused)
		evconnlistener_disable(srv->listener);
	srv->accept_paused = 1;
	if (retry)
		evtimer_add(srv->accept_retry, &tv);
}

/*
 * A new client: serve it.  (It has TCP_NODELAY from the listener.)
 * Descriptors are handed out lowest first, so one numbered within
 * HS_FD_RESERVE of the limit means fewer than that many are left: stop
 * accepting, and keep them for the files and scripts of the requests
 * already accepted (else a file that exists could not be opened).
 */
static void
accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct hs_server *srv = arg;

	(void)lev;
	(void)salen;
	(void)hs_conn_new(&srv->conns, fd, sa);
	/* Our own connections hold the rest: only a close gives one back. */
	if (srv->fd_limit > 0 && fd >= srv->fd_limit - HS_FD_RESERVE)
		accept_pause(srv, 0);
}

/*
 * accept() failed.  Out of file descriptors or memory, libevent would call
 * us again at once, for ever, at 100% CPU: stop listening until a
 * connection closes (or a second passes) instead.
 */
static void
accept_error_cb(struct evconnlistener *lev, void *arg)
{
	struct hs_server *srv = arg;
	int err = EVUTIL_SOCKET_ERROR();

	(void)lev;
	if (err == EMFILE || err == ENFILE || err == ENOBUFS ||
	    err == ENOMEM)
		accept_pause(srv, 1);
}

/* A server on BASE, or on a loop of its own. */
struct hs_server *
hs_server_new(struct event_base *base)
{
	struct hs_server *srv = calloc(1, sizeof(*srv));

	if (srv == NULL)
		return NULL;
	srv->wake[0] = srv->wake[1] = -1;
	srv->port = -1;
	srv->base = base;
	if (base == NULL) {
		srv->base = event_base_new();
		srv->own_base = 1;
	}
	if (srv->base == NULL || hs_loop_init(&srv->loop, srv->base) != 0)
		goto fail;
	srv->loop_ready = 1;
	hs_conns_init(&srv->conns, &srv->loop, &srv->set, &srv->methods,
	    conn_closed, srv);
	if (hs_settings_init(&srv->set, srv) != 0 ||
	    pipe2(srv->wake, O_CLOEXEC | O_NONBLOCK) != 0)
		goto fail;
	srv->wake_event = event_new(srv->base, srv->wake[0],
	    EV_READ | EV_PERSIST, wake_cb, srv);
	srv->accept_retry = evtimer_new(srv->base, accept_retry_cb, srv);
	if (srv->wake_event == NULL || srv->accept_retry == NULL ||
	    event_add(srv->wake_event, NULL) != 0)
		goto fail;
	return srv;
fail:
	hs_server_free(srv);
	return NULL;
}

/* Open, bind and listen on the address SA; -1 with errno on failure. */
static int
open_listener(const struct sockaddr *sa, socklen_t len)
{
	int fd, one = 1, zero = 0, saved;

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
	/* Dual-stack: IPv4 clients reach "::" too (Python's DualStackServer). */
	if (sa->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, sa, len) != 0 || listen(fd, SOMAXCONN) != 0) {
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
	fd = open_listener((struct sockaddr *)&any6, sizeof(any6));
	if (fd >= 0 || (errno != EAFNOSUPPORT && errno != EADDRNOTAVAIL))
		return fd;
	memset(&any4, 0, sizeof(any4));
	any4.sin_family = AF_INET;
	any4.sin_port = htons((uint16_t)port);
	any4.sin_addr.s_addr = htonl(INADDR_ANY);
	return open_listener((struct sockaddr *)&any4, sizeof(any4));
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

/* Listen on ADDRESS (NULL: all interfaces, dual-stack) and PORT.  A name
 * or number resolves as in Python's _get_best_family(): the first address
 * getaddrinfo() gives is the one used. */
int
hs_server_listen(struct hs_server *srv, const char *address, int port)
{
	struct addrinfo hints, *res = NULL;
	char portstr[16];
	int fd, rc;

	if (srv->listener != NULL) {
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
		fd = open_listener(res->ai_addr, res->ai_addrlen);
		freeaddrinfo(res);
	}
	if (fd < 0) {
		server_fail(srv, "cannot listen on port %s: %s", portstr,
		    strerror(errno));
		return -1;
	}
	srv->listener = evconnlistener_new(srv->base, accept_cb, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
	if (srv->listener == NULL) {
		close(fd);
		server_fail(srv, "cannot create the listener");
		return -1;
	}
	evconnlistener_set_error_cb(srv->listener, accept_error_cb);
	record_bound_address(srv, fd);
	srv->fd_limit = descriptor_limit();
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
	return srv->base;
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

/* Run the loop until hs_server_shutdown() (or event_base_loopbreak()).
 * A loop broken off mid-turn has log lines still to write: they go now,
 * with what stderr had no room for, as far as it takes them in time. */
int
hs_server_serve_forever(struct hs_server *srv)
{
	int rc = event_base_dispatch(srv->base);

	hs_reqlog_flush(&srv->loop);
	hs_logsink_drain();
	if (rc < 0) {
		server_fail(srv, "the event loop failed");
		return -1;
	}
	return 0;
}

/* Ask the loop to stop; one write() is safe from a signal handler and
 * from any thread. */
void
hs_server_shutdown(struct hs_server *srv)
{
	int saved = errno;
	ssize_t n;

	n = write(srv->wake[1], "x", 1);
	(void)n;	/* a full pipe already holds a wake-up */
	errno = saved;
}

/* Close everything and free the server. */
void
hs_server_free(struct hs_server *srv)
{
	if (srv == NULL)
		return;
	hs_conns_close_all(&srv->conns);
	if (srv->listener != NULL)
		evconnlistener_free(srv->listener);
	if (srv->wake_event != NULL)
		event_free(srv->wake_event);
	if (srv->accept_retry != NULL)
		event_free(srv->accept_retry);
	if (srv->wake[0] >= 0)
		close(srv->wake[0]);
	if (srv->wake[1] >= 0)
		close(srv->wake[1]);
	if (srv->loop_ready)
		hs_loop_fini(&srv->loop);
	hs_methods_free(&srv->methods);
	hs_settings_free(&srv->set);
	if (srv->own_base && srv->base != NULL)
		event_base_free(srv->base);
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
