/* SPDX-License-Identifier: MIT */
/*
 * main.c - httpserve, the command: python3 -m http.server's arguments,
 * defaults, banner and exit statuses, on libhttpserve.
 *
 *   httpserve [-h] [-V] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION]
 *             [--follow-symlinks] [--idle-timeout SECONDS]
 *             [--head-timeout SECONDS] [--write-timeout SECONDS]
 *             [--cgi-timeout SECONDS]
 *             [port]
 *
 * Exit status: 0 after SIGINT or SIGTERM, 1 when serving cannot start
 * (port in use, bad directory, unknown host), 2 for bad arguments (as
 * argparse).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <event2/event.h>

#include "httpserve.h"
#include "http/hs_limits.h"	/* the defaults --help shows, macros only */

#define EXIT_USAGE 2

/* Python's defaults, and the largest port. */
#define DEFAULT_PORT 8000
#define PORT_MAX 65535
#define DEFAULT_PROTOCOL "HTTP/1.0"

/* A timeout option not given: the library's default stays. */
#define TIMEOUT_UNSET (-1.0)

/* Every option, wrapped as argparse wraps a long usage. */
static const char usage_text[] =
    "usage: httpserve [-h] [-V] [--cgi] [-b ADDRESS] [-d DIRECTORY] "
    "[-p VERSION]\n"
    "                 [--follow-symlinks] [--idle-timeout SECONDS]\n"
    "                 [--head-timeout SECONDS] [--write-timeout SECONDS]\n"
    "                 [--cgi-timeout SECONDS]\n"
    "                 [port]\n";

/* Long options without a short form. */
enum {
	OPT_IDLE_TIMEOUT = 256,
	OPT_HEAD_TIMEOUT,
	OPT_WRITE_TIMEOUT,
	OPT_FOLLOW_SYMLINKS,
	OPT_CGI,
	OPT_CGI_TIMEOUT
};

struct options {
	const char *bind;
	const char *directory;
	const char *protocol;
	int port;
	/* Seconds by enum hs_timeout, and for CGI scripts; TIMEOUT_UNSET
	 * (< 0) where the option was not given. */
	double timeouts[HS_TIMEOUT_WRITE + 1];
	int follow_symlinks;
	int cgi;
	double cgi_timeout;
};

/* -h: argparse's help, the defaults from the constants the code uses. */
static void
print_help(void)
{
	fputs(usage_text, stdout);
	printf("\n"
	    "Serve the files of a directory over HTTP, as python3 -m "
	    "http.server does.\n"
	    "\n"
	    "positional arguments:\n"
	    "  port                  bind to this port (default: %d)\n"
	    "\n", DEFAULT_PORT);
	printf("options:\n"
	    "  -h, --help            show this help message and exit\n"
	    "  -V, --version         show the version and exit\n"
	    "  --cgi                 run as CGI server\n"
	    "  -b ADDRESS, --bind ADDRESS\n"
	    "                        bind to this address (default: all "
	    "interfaces)\n"
	    "  -d DIRECTORY, --directory DIRECTORY\n"
	    "                        serve this directory (default: current "
	    "directory)\n"
	    "  -p VERSION, --protocol VERSION\n"
	    "                        conform to this HTTP version (default: "
	    "%s)\n", DEFAULT_PROTOCOL);
	printf("  --follow-symlinks     follow symbolic links out of the "
	    "directory, as\n"
	    "                        Python does (default: refuse them with "
	    "403)\n"
	    "  --idle-timeout SECONDS\n"
	    "                        close a connection idle this long between "
	    "requests\n"
	    "                        (default: %d; 0: never)\n"
	    "  --head-timeout SECONDS\n"
	    "                        allow this long for a request head to "
	    "arrive\n"
	    "                        (default: %d; 0: no limit)\n"
	    "  --write-timeout SECONDS\n"
	    "                        drop a client that reads nothing for this "
	    "long\n"
	    "                        (default: %d; 0: never)\n"
	    "  --cgi-timeout SECONDS\n"
	    "                        kill a CGI script silent for this long\n"
	    "                        (default: %d; 0: never)\n",
	    HS_DEFAULT_IDLE_TIMEOUT, HS_DEFAULT_HEAD_TIMEOUT,
	    HS_DEFAULT_WRITE_TIMEOUT, HS_DEFAULT_CGI_TIMEOUT);
	printf("\n"
	    "SECONDS may have a fraction, and be at most %d (a day).\n"
	    "The manual tells the rest: man httpserve\n", HS_TIMEOUT_MAX);
}

/* Report a bad argument the way argparse does, and exit 2. */
static void usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(usage_text, stderr);
	fputs("httpserve: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/* Read a port number: decimal digits, 0 to PORT_MAX. */
static int
parse_port(const char *s)
{
	long value = 0;
	const char *p;

	if (*s == '\0')
		usage_error("argument port: invalid int value: '%s'", s);
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			usage_error("argument port: invalid int value: '%s'",
			    s);
		if (value <= PORT_MAX)
			value = value * 10 + (*p - '0');
	}
	if (value > PORT_MAX)
		usage_error("argument port: must be 0-%d, not '%s'", PORT_MAX,
		    s);
	return (int)value;
}

/* Read a timeout for option NAME: seconds, fractions allowed, 0 to a day. */
static double
parse_seconds(const char *name, const char *s)
{
	char *end;
	double value;

	errno = 0;
	value = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !(value >= 0) ||
	    value > HS_TIMEOUT_MAX)
		usage_error("argument %s: invalid number of seconds: '%s' "
		    "(0 to %d)", name, s, HS_TIMEOUT_MAX);
	return value;
}

/* Parse the command line into OPT, exiting on -h, -V and errors. */
static void
parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "bind", required_argument, NULL, 'b' },
		{ "directory", required_argument, NULL, 'd' },
		{ "protocol", required_argument, NULL, 'p' },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
		{ "head-timeout", required_argument, NULL, OPT_HEAD_TIMEOUT },
		{ "write-timeout", required_argument, NULL,
		    OPT_WRITE_TIMEOUT },
		{ "follow-symlinks", no_argument, NULL, OPT_FOLLOW_SYMLINKS },
		{ "cgi", no_argument, NULL, OPT_CGI },
		{ "cgi-timeout", required_argument, NULL, OPT_CGI_TIMEOUT },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hVb:d:p:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			print_help();
			exit(EXIT_SUCCESS);
		case 'V':
			printf("httpserve %s\n", HS_VERSION);
			exit(EXIT_SUCCESS);
		case 'b':
			opt->bind = optarg;
			break;
		case 'd':
			opt->directory = optarg;
			break;
		case 'p':
			if (strcmp(optarg, "HTTP/1.0") != 0 &&
			    strcmp(optarg, "HTTP/1.1") != 0)
				usage_error("argument -p/--protocol: must be "
				    "HTTP/1.0 or HTTP/1.1, not '%s'", optarg);
			opt->protocol = optarg;
			break;
		case OPT_IDLE_TIMEOUT:
			opt->timeouts[HS_TIMEOUT_IDLE] = parse_seconds(
			    "--idle-timeout", optarg);
			break;
		case OPT_HEAD_TIMEOUT:
			opt->timeouts[HS_TIMEOUT_HEAD] = parse_seconds(
			    "--head-timeout", optarg);
			break;
		case OPT_WRITE_TIMEOUT:
			opt->timeouts[HS_TIMEOUT_WRITE] = parse_seconds(
			    "--write-timeout", optarg);
			break;
		case OPT_FOLLOW_SYMLINKS:
			opt->follow_symlinks = 1;
			break;
		case OPT_CGI:
			opt->cgi = 1;
			break;
		case OPT_CGI_TIMEOUT:
			opt->cgi_timeout = parse_seconds("--cgi-timeout",
			    optarg);
			break;
		case ':':
			usage_error("argument %s: expected one argument",
			    argv[optind - 1]);
			break;
		default:
			usage_error("unrecognized arguments: %s",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		opt->port = parse_port(argv[optind++]);
	if (optind < argc)
		usage_error("unrecognized arguments: %s", argv[optind]);
}

/* SIGINT or SIGTERM: leave the loop; main() says goodbye. */
static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

/* Python's banner, flushed at once: scripts wait for it. */
static void
print_banner(const struct hs_server *srv)
{
	const char *host = hs_server_host(srv);
	int port = hs_server_port(srv);
	int v6 = strchr(host, ':') != NULL;

	printf("Serving HTTP on %s port %d (http://%s%s%s:%d/) ...\n", host,
	    port, v6 ? "[" : "", host, v6 ? "]" : "", port);
	fflush(stdout);
}

/*
 * socket.getfqdn(HOST), which Python's HTTPServer makes its server_name
 * (SERVER_NAME for CGI scripts): the host's name for the wildcard
 * addresses, then the name the reverse lookup of HOST's first address
 * gives, else HOST itself.  Python prefers an alias with a dot to a first
 * name without one; getnameinfo() gives the first name only, which is
 * what a host set up with its fully qualified name first returns anyway.
 * At startup only: it may ask DNS.
 */
static void
fully_qualified_name(char *dst, size_t size, const char *host)
{
	struct addrinfo hints, *ai = NULL;
	char name[NI_MAXHOST];
	int found;

	if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0) {
		if (gethostname(name, sizeof(name)) != 0)
			name[0] = '\0';
		name[sizeof(name) - 1] = '\0';
		host = name;
	}
	snprintf(dst, size, "%s", host);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &ai) != 0)
		return;
	/* NI_NAMEREQD: no name is a failure, not the address in digits. */
	found = getnameinfo(ai->ai_addr, ai->ai_addrlen, name, sizeof(name),
	    NULL, 0, NI_NAMEREQD) == 0;
	freeaddrinfo(ai);
	if (found)
		snprintf(dst, size, "%s", name);
}

/* --cgi: CGIHTTPRequestHandler, ahead of SimpleHTTPRequestHandler. */
static struct hs_cgi *
setup_cgi(struct hs_server *srv, struct hs_static *st,
    const struct options *opt)
{
	struct hs_cgi *cgi = hs_cgi_new(st);

	if (cgi == NULL || (opt->cgi_timeout >= 0 &&
	    hs_cgi_set_timeout(cgi, opt->cgi_timeout) != 0) ||
	    hs_cgi_register(cgi, srv) != 0) {
		hs_cgi_free(cgi);
		return NULL;
	}
	return cgi;
}

/* Set the server up as python3 -m http.server does; 0 or exit status.
 * With --cgi, *CGI gets the CGI handler. */
static int
setup(struct hs_server *srv, struct hs_static *st, const struct options *opt,
    struct hs_cgi **cgi)
{
	char name[256];
	int i;

	hs_static_set_follow_symlinks(st, opt->follow_symlinks);
	for (i = HS_TIMEOUT_IDLE; i <= HS_TIMEOUT_WRITE; i++)
		if (opt->timeouts[i] >= 0 && hs_server_set_timeout(srv,
		    (enum hs_timeout)i, opt->timeouts[i]) != 0)
			goto fail;
	if (hs_server_set_protocol_version(srv, opt->protocol) != 0 ||
	    hs_server_set_server_version(srv, "SimpleHTTP/0.6") != 0)
		goto fail;
	/* CGI first: it declines what is not a script, for the files. */
	if (opt->cgi && (*cgi = setup_cgi(srv, st, opt)) == NULL)
		goto fail;
	if (hs_static_register(st, srv) != 0)
		goto fail;
	if (hs_server_listen(srv, opt->bind, opt->port) != 0) {
		fprintf(stderr, "httpserve: %s\n", hs_server_error(srv));
		return EXIT_FAILURE;
	}
	if (*cgi != NULL) {
		fully_qualified_name(name, sizeof(name), hs_server_host(srv));
		if (hs_cgi_set_server_name(*cgi, name) != 0)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "httpserve: %s\n", strerror(errno));
	return EXIT_FAILURE;
}

/*
 * Every connection costs a file descriptor, and the soft limit is often a
 * small fraction of what the hard limit allows: take all of it.
 */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int
main(int argc, char **argv)
{
	struct options opt = {
		.directory = ".",
		.protocol = DEFAULT_PROTOCOL,
		.port = DEFAULT_PORT,
		.timeouts = {
			[HS_TIMEOUT_IDLE] = TIMEOUT_UNSET,
			[HS_TIMEOUT_HEAD] = TIMEOUT_UNSET,
			[HS_TIMEOUT_WRITE] = TIMEOUT_UNSET,
		},
		.cgi_timeout = TIMEOUT_UNSET,
	};
	struct hs_static *st;
	struct hs_cgi *cgi = NULL;
	struct hs_server *srv;
	struct event *sigint = NULL, *sigterm = NULL;
	int status;

	parse_options(argc, argv, &opt);
	/* A client resetting mid-write must not kill us (writev and
	 * sendfile raise SIGPIPE). */
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	st = hs_static_new(opt.directory);
	if (st == NULL) {
		fprintf(stderr, "httpserve: cannot serve directory '%s': %s\n",
		    opt.directory, strerror(errno));
		return EXIT_FAILURE;
	}
	srv = hs_server_new(NULL);
	if (srv == NULL) {
		fprintf(stderr, "httpserve: %s\n", strerror(errno));
		hs_static_free(st);
		return EXIT_FAILURE;
	}
	status = setup(srv, st, &opt, &cgi);
	if (status == 0) {
		sigint = evsignal_new(hs_server_base(srv), SIGINT, on_signal,
		    hs_server_base(srv));
		sigterm = evsignal_new(hs_server_base(srv), SIGTERM,
		    on_signal, hs_server_base(srv));
		if (sigint == NULL || sigterm == NULL ||
		    event_add(sigint, NULL) != 0 ||
		    event_add(sigterm, NULL) != 0) {
			fprintf(stderr, "httpserve: cannot catch signals\n");
			status = EXIT_FAILURE;
		}
	}
	if (status == 0) {
		print_banner(srv);
		if (hs_server_serve_forever(srv) != 0) {
			fprintf(stderr, "httpserve: %s\n", hs_server_error(srv));
			status = EXIT_FAILURE;
		} else {
			printf("\nKeyboard interrupt received, exiting.\n");
			fflush(stdout);
		}
	}
	if (sigint != NULL)
		event_free(sigint);
	if (sigterm != NULL)
		event_free(sigterm);
	hs_cgi_free(cgi);	/* kills and reaps scripts still running */
	hs_server_free(srv);
	hs_static_free(st);
	return status;
}
