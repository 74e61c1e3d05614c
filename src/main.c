/* SPDX-License-Identifier: MIT */
/*
 * main.c - httpserve, the command: python3 -m http.server's arguments,
 * defaults, banner and exit statuses, on libhttpserve.
 *
 *   httpserve [-h] [-V] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION]
 *             [--follow-symlinks] [--idle-timeout SECONDS]
 *             [--head-timeout SECONDS] [--write-timeout SECONDS]
 *             [--cgi-timeout SECONDS] [--threads N]
 *             [--cache-control VALUE] [--precompressed]
 *             [-H HEADER] [--content-type TYPE]
 *             [--tls-cert PATH] [--tls-key PATH]
 *             [--tls-password-file PATH]
 *             [port]
 *
 * Exit status: 0 after SIGINT or SIGTERM, 1 when serving cannot start
 * (port in use, bad directory, unknown host), 2 for bad arguments (as
 * argparse).
 *
 * SIGINT and SIGTERM stop the server promptly whatever it is waiting for:
 * they are caught without SA_RESTART (libevent's own handlers restart
 * an interrupted write), and once serving, nothing waits for a reader -
 * the log (engine/logsink.c) and the goodbye line are written only as far
 * as there is room.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

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
    "                 [--cgi-timeout SECONDS] [--threads N]\n"
    "                 [--cache-control VALUE] [--precompressed]\n"
    "                 [-H HEADER] [--content-type TYPE]\n"
    "                 [--tls-cert PATH] [--tls-key PATH]\n"
    "                 [--tls-password-file PATH]\n"
    "                 [port]\n";

/* Long options without a short form. */
enum {
	OPT_IDLE_TIMEOUT = 256,
	OPT_HEAD_TIMEOUT,
	OPT_WRITE_TIMEOUT,
	OPT_FOLLOW_SYMLINKS,
	OPT_CGI,
	OPT_CGI_TIMEOUT,
	OPT_THREADS,
	OPT_CACHE_CONTROL,
	OPT_PRECOMPRESSED,
	OPT_CONTENT_TYPE,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_TLS_PASSWORD_FILE
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
	int threads;		/* 0: not given */
	const char *cache_control;	/* NULL: the library's default */
	int precompressed;
	char **headers;		/* -H arguments, in order (into argv) */
	char **header_values;	/* of -H NAME VALUE; NULL: 'Name: value' */
	int n_headers;
	const char *content_type;	/* NULL: the library's default */
	const char *tls_cert;		/* NULL: plain HTTP */
	const char *tls_key;		/* NULL: in the certificate file */
	const char *tls_password_file;
	/* The key's password, read from tls_password_file (NULL: none),
	 * wiped once the key is loaded. */
	char tls_password[HS_TLS_PASSWORD_MAX + 1];
	int have_tls_password;
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
	printf("  --threads N           serve with N event loops, one per "
	    "thread (default:\n"
	    "                        the online CPUs; at most %d)\n",
	    HS_MAX_THREADS);
	printf("  --cache-control VALUE\n"
	    "                        the Cache-Control of files and listings "
	    "(default:\n"
	    "                        no-cache; empty: none)\n"
	    "  --precompressed       serve FILE.br, FILE.zst or FILE.gz in "
	    "place of FILE\n"
	    "                        to clients that accept that coding "
	    "(default: off)\n"
	    "  -H HEADER, --header HEADER\n"
	    "                        add the response header 'Name: value' "
	    "to files and\n"
	    "                        listings (or: -H NAME VALUE); can be "
	    "given more than once\n"
	    "  --content-type TYPE   the Content-Type of files whose "
	    "extension gives none\n"
	    "                        (default: application/octet-stream)\n"
	    "  --tls-cert PATH       path to the TLS certificate chain file\n"
	    "  --tls-key PATH        path to the TLS key file\n"
	    "  --tls-password-file PATH\n"
	    "                        path to the password file for the "
	    "TLS key\n");
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

/* Read --threads: 1 to HS_MAX_THREADS. */
static int
parse_threads(const char *s)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || value < 1 ||
	    value > HS_MAX_THREADS)
		usage_error("argument --threads: invalid number of threads: "
		    "'%s' (1 to %d)", s, HS_MAX_THREADS);
	return (int)value;
}

/* Is C whitespace to Python's str.strip() (its ASCII part)? */
static int
is_strip_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/*
 * Read the key's password from FILE as Python does (the whole file, less
 * leading and trailing white space) into OPT; a file that cannot be read,
 * or holds more than HS_TLS_PASSWORD_MAX bytes, is a usage error worded
 * as Python's.
 */
static void
read_tls_password(struct options *opt, const char *file)
{
	char *p = opt->tls_password, *end;
	size_t n = 0;
	ssize_t r = 0;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	while (fd >= 0 && n <= HS_TLS_PASSWORD_MAX &&
	    (r = read(fd, p + n, HS_TLS_PASSWORD_MAX + 1 - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		n += (size_t)r;
	}
	if (fd < 0 || r < 0) {
		int saved = errno;

		if (fd >= 0)
			close(fd);
		usage_error("Failed to read TLS password file: [Errno %d] %s: "
		    "'%s'", saved, strerror(saved), file);
	}
	close(fd);
	if (n > HS_TLS_PASSWORD_MAX)
		usage_error("Failed to read TLS password file: '%s' is longer "
		    "than %d bytes", file, HS_TLS_PASSWORD_MAX);
	end = p + n;
	while (end > p && is_strip_space((unsigned char)end[-1]))
		end--;
	*end = '\0';
	while (*p != '\0' && is_strip_space((unsigned char)*p))
		p++;
	memmove(opt->tls_password, p, (size_t)(end - p) + 1);
	opt->have_tls_password = 1;
}

/* Python's rules for the TLS options, in its order; then the password. */
static void
check_tls_options(struct options *opt)
{
	if (opt->tls_cert == NULL && opt->tls_key != NULL)
		usage_error("--tls-key requires --tls-cert to be set");
	if (opt->tls_password_file == NULL)
		return;
	if (opt->tls_cert == NULL)
		usage_error("--tls-password-file requires --tls-cert to be set");
	read_tls_password(opt, opt->tls_password_file);
}

/*
 * -H in either form: curl's 'Name: value' (no header name holds a
 * colon), or Python 3.15's two arguments, NAME VALUE, whose value is the
 * next argument.
 */
static void
take_header(struct options *opt, int argc, char **argv)
{
	opt->headers[opt->n_headers] = optarg;
	if (strchr(optarg, ':') == NULL) {
		if (optind >= argc)
			usage_error("argument -H/--header: expected 2 "
			    "arguments");
		opt->header_values[opt->n_headers] = argv[optind++];
	}
	opt->n_headers++;
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
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "cache-control", required_argument, NULL,
		    OPT_CACHE_CONTROL },
		{ "precompressed", no_argument, NULL, OPT_PRECOMPRESSED },
		{ "header", required_argument, NULL, 'H' },
		{ "content-type", required_argument, NULL, OPT_CONTENT_TYPE },
		{ "tls-cert", required_argument, NULL, OPT_TLS_CERT },
		{ "tls-key", required_argument, NULL, OPT_TLS_KEY },
		{ "tls-password-file", required_argument, NULL,
		    OPT_TLS_PASSWORD_FILE },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	/* Room for every argument to be a -H. */
	opt->headers = calloc((size_t)argc + 1, sizeof(*opt->headers));
	opt->header_values = calloc((size_t)argc + 1,
	    sizeof(*opt->header_values));
	if (opt->headers == NULL || opt->header_values == NULL) {
		fputs("httpserve: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hVb:d:p:H:", longopts,
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
		case OPT_THREADS:
			opt->threads = parse_threads(optarg);
			break;
		case OPT_CACHE_CONTROL:
			opt->cache_control = optarg;
			break;
		case OPT_PRECOMPRESSED:
			opt->precompressed = 1;
			break;
		case 'H':
			/* At most one per argument: argv has room. */
			take_header(opt, argc, argv);
			break;
		case OPT_CONTENT_TYPE:
			opt->content_type = optarg;
			break;
		case OPT_TLS_CERT:
			opt->tls_cert = optarg;
			break;
		case OPT_TLS_KEY:
			opt->tls_key = optarg;
			break;
		case OPT_TLS_PASSWORD_FILE:
			opt->tls_password_file = optarg;
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
	check_tls_options(opt);
}

/* The loops to run: --threads, else one per online CPU. */
static int
thread_count(const struct options *opt)
{
	long cpus;

	if (opt->threads > 0)
		return opt->threads;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		return 1;
	return cpus > HS_MAX_THREADS ? HS_MAX_THREADS : (int)cpus;
}

/* SIGINT and SIGTERM each write a byte to this pipe; the loop reads it.
 * (A signal handler knows the process, not the server: file scope.) */
static int stop_pipe[2] = { -1, -1 };
static volatile sig_atomic_t stop_requested;

/* SIGINT or SIGTERM, in signal context: async-signal-safe calls only. */
static void
on_stop_signal(int sig)
{
	int saved = errno;
	ssize_t n;

	(void)sig;
	stop_requested = 1;
	n = write(stop_pipe[1], "x", 1);
	(void)n;	/* a full pipe already holds a stop */
	errno = saved;
}

/* The stop pipe is readable: leave the loop; main() says goodbye. */
static void
on_stop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

/*
 * Catch SIGINT and SIGTERM, for the loop of BASE to stop on.  Not with
 * evsignal_new(): libevent installs its handlers with SA_RESTART, and a
 * write blocked on a full pipe would then never return.  NULL on failure.
 */
static struct event *
catch_stop_signals(struct event_base *base)
{
	struct sigaction sa;
	struct event *ev;

	if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return NULL;
	ev = event_new(base, stop_pipe[0], EV_READ | EV_PERSIST, on_stop,
	    base);
	if (ev == NULL || event_add(ev, NULL) != 0) {
		if (ev != NULL)
			event_free(ev);
		return NULL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked call returns */
	if (sigaction(SIGINT, &sa, NULL) != 0 ||
	    sigaction(SIGTERM, &sa, NULL) != 0) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

/* The stop event and pipe go (the handlers stay: we are exiting). */
static void
release_stop_signals(struct event *ev)
{
	if (ev != NULL)
		event_free(ev);
	if (stop_pipe[0] >= 0)
		close(stop_pipe[0]);
	if (stop_pipe[1] >= 0)
		close(stop_pipe[1]);
}

/*
 * Write LEN bytes of S to FD now, as far as there is room, and never
 * wait: the reader may be gone for good.  FD's open file description is
 * shared with whoever gave it to us, so it is not made non-blocking: a
 * pipe or terminal is opened again as a non-blocking one of our own (or,
 * refused that, written only when poll() finds room, and within PIPE_BUF,
 * which a pipe with room takes whole); a regular file never waits.
 */
static void
write_without_waiting(int fd, const char *s, size_t len)
{
	struct pollfd pfd = { fd, POLLOUT, 0 };
	char path[32];
	struct stat st;
	ssize_t n = 0;
	int own;

	if (fstat(fd, &st) != 0)
		return;
	if (S_ISSOCK(st.st_mode)) {
		n = send(fd, s, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	} else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		own = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC |
		    O_NOCTTY);
		if (own >= 0) {
			n = write(own, s, len);
			close(own);
		} else if (poll(&pfd, 1, 0) == 1 &&
		    (pfd.revents & POLLOUT) != 0) {
			n = write(fd, s, len < PIPE_BUF ? len : PIPE_BUF);
		}
	} else {
		n = write(fd, s, len);
	}
	(void)n;	/* no room, or no reader: the line is lost */
}

/*
 * Write the NUL-terminated S to FD whole, waiting for room as Python
 * does, but not past SIGINT or SIGTERM: their handlers interrupt the
 * write, and the stop pipe then stops the loop at once.
 */
static void
write_unless_stopped(int fd, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len > 0 && !stop_requested) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* Python's banner, flushed at once: scripts wait for it. */
static void
print_banner(const struct hs_server *srv)
{
	const char *host = hs_server_host(srv);
	int port = hs_server_port(srv);
	int v6 = strchr(host, ':') != NULL;
	const char *scheme = hs_server_is_tls(srv) ? "HTTPS" : "HTTP";
	const char *url = hs_server_is_tls(srv) ? "https" : "http";
	char line[160 + 2 * INET6_ADDRSTRLEN];

	snprintf(line, sizeof(line), "Serving %s on %s port %d "
	    "(%s://%s%s%s:%d/) ...\n", scheme, host, port, url,
	    v6 ? "[" : "", host, v6 ? "]" : "", port);
	write_unless_stopped(STDOUT_FILENO, line);
}

/* Python's last words, and the loop's failure: stdout and stderr may
 * be pipes nobody reads any more. */
static void
say_goodbye(const struct hs_server *srv, int failed)
{
	static const char bye[] = "\nKeyboard interrupt received, exiting.\n";
	char line[320];

	if (failed) {
		snprintf(line, sizeof(line), "httpserve: %s\n",
		    hs_server_error(srv));
		write_without_waiting(STDERR_FILENO, line, strlen(line));
	} else {
		write_without_waiting(STDOUT_FILENO, bye, sizeof(bye) - 1);
	}
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

/* Is S free of control characters, fit to quote in a one-line error? */
static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* The usage error for the -H field NAME: VALUE the library refused. */
static void
header_error(const char *name, const char *value)
{
	switch (hs_check_response_field(name, value)) {
	case HS_FIELD_BAD_NAME:
		if (printable(name))
			usage_error("argument -H/--header: '%s' is not a "
			    "header name (an HTTP token)", name);
		usage_error("argument -H/--header: a header name is an "
		    "HTTP token, without control characters");
	case HS_FIELD_BAD_VALUE:
		usage_error("argument -H/--header: the value of %s holds a "
		    "control character (CR, LF, ...)", name);
	case HS_FIELD_RESERVED:
		usage_error("argument -H/--header: %s is sent by the server "
		    "itself", name);
	default:
		usage_error("argument -H/--header: invalid header");
	}
}

/*
 * -H 'Name: value': the name up to the first colon, the value after it
 * without the blanks around it, as curl reads its -H; or -H NAME VALUE
 * (VALUE_ARG not NULL), as Python 3.15 takes it.  The library judges the
 * field (hs_check_response_field()), as for any program.
 */
static int
add_header(struct hs_static *st, const char *arg, const char *value_arg)
{
	char *name, *value, *end;
	int status;

	if (value_arg != NULL) {
		status = hs_static_add_header(st, arg, value_arg);
		if (status != 0 && errno == EINVAL)
			header_error(arg, value_arg);	/* exits */
		return status;
	}
	if ((name = strdup(arg)) == NULL)
		return -1;
	value = strchr(name, ':');
	*value++ = '\0';
	value += strspn(value, " \t");
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	status = hs_static_add_header(st, name, value);
	if (status != 0 && errno == EINVAL)
		header_error(name, value);	/* exits */
	free(name);
	return status;
}

/* -H and --content-type, on the files and listings of ST. */
static int
setup_fields(struct hs_static *st, const struct options *opt)
{
	int i;

	for (i = 0; i < opt->n_headers; i++)
		if (add_header(st, opt->headers[i],
		    opt->header_values[i]) != 0)
			return -1;
	if (opt->content_type != NULL &&
	    hs_static_set_default_type(st, opt->content_type) != 0) {
		if (errno == EINVAL)
			usage_error("argument --content-type: a media type, "
			    "not empty, without control characters");
		return -1;
	}
	return 0;
}

/* Colour the log as Python 3.15 would: by its environment variables,
 * else only when stderr is a terminal. */
static void
setup_colour(void)
{
	hs_log_set_colour(hs_colour_wanted(getenv("PYTHON_COLORS"),
	    getenv("NO_COLOR"), getenv("FORCE_COLOR"), getenv("TERM"),
	    isatty(STDERR_FILENO)));
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

/* --tls-cert: HTTPS, its files checked before anything listens; the
 * password is wiped once the key has been read with it.  -1 said. */
static int
setup_tls(struct hs_server *srv, struct options *opt)
{
	int r = hs_server_set_tls(srv, opt->tls_cert, opt->tls_key,
	    opt->have_tls_password ? opt->tls_password : NULL);

	explicit_bzero(opt->tls_password, sizeof(opt->tls_password));
	if (r != 0)
		fprintf(stderr, "httpserve: %s\n", hs_server_error(srv));
	return r;
}

/* Set the server up as python3 -m http.server does; 0 or exit status.
 * With --cgi, *CGI gets the CGI handler. */
static int
setup(struct hs_server *srv, struct hs_static *st, struct options *opt,
    struct hs_cgi **cgi)
{
	char name[256];
	int i;

	hs_static_set_follow_symlinks(st, opt->follow_symlinks);
	hs_static_set_precompressed(st, opt->precompressed);
	/* The library checks the value, as for any program. */
	if (opt->cache_control != NULL &&
	    hs_static_set_cache_control(st, opt->cache_control) != 0) {
		if (errno == EINVAL)
			usage_error("argument --cache-control: a field value "
			    "holds no control character");
		goto fail;
	}
	if (setup_fields(st, opt) != 0)
		goto fail;
	setup_colour();
	for (i = HS_TIMEOUT_IDLE; i <= HS_TIMEOUT_WRITE; i++)
		if (opt->timeouts[i] >= 0 && hs_server_set_timeout(srv,
		    (enum hs_timeout)i, opt->timeouts[i]) != 0)
			goto fail;
	if (hs_server_set_protocol_version(srv, opt->protocol) != 0 ||
	    hs_server_set_server_version(srv, "SimpleHTTP/0.6") != 0 ||
	    hs_server_set_threads(srv, thread_count(opt)) != 0)
		goto fail;
	/* CGI first: it declines what is not a script, for the files. */
	if (opt->cgi && (*cgi = setup_cgi(srv, st, opt)) == NULL)
		goto fail;
	if (hs_static_register(st, srv) != 0)
		goto fail;
	if (opt->tls_cert != NULL && setup_tls(srv, opt) != 0)
		return EXIT_FAILURE;
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
	struct event *stop = NULL;
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
		free(opt.headers);
		free(opt.header_values);
		return EXIT_FAILURE;
	}
	srv = hs_server_new(NULL);
	if (srv == NULL) {
		fprintf(stderr, "httpserve: %s\n", strerror(errno));
		hs_static_free(st);
		free(opt.headers);
		free(opt.header_values);
		return EXIT_FAILURE;
	}
	status = setup(srv, st, &opt, &cgi);
	if (status == 0 &&
	    (stop = catch_stop_signals(hs_server_base(srv))) == NULL) {
		fprintf(stderr, "httpserve: cannot catch signals\n");
		status = EXIT_FAILURE;
	}
	if (status == 0) {
		print_banner(srv);
		if (hs_server_serve_forever(srv) != 0)
			status = EXIT_FAILURE;
		say_goodbye(srv, status != 0);
	}
	release_stop_signals(stop);
	hs_cgi_free(cgi);	/* kills and reaps scripts still running */
	hs_server_free(srv);
	hs_static_free(st);
	free(opt.headers);
	free(opt.header_values);
	return status;
}
