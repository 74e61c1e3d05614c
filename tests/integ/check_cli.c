/* SPDX-License-Identifier: MIT */
/*
 * check_cli.c - the command line of python3 -m http.server: banner, port 0,
 * binding (dual-stack by default, IPv4, IPv6, names), -d, -p, -h, -V,
 * bad arguments (usage, exit 2), failures to start (one line, exit 1),
 * and SIGINT/SIGTERM (Python's goodbye line, exit 0).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "http/hs_limits.h"
#include "httpserve.h"
#include "runner.h"

static char *root;

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	root = make_docroot();
}

static void
teardown(void)
{
	remove_docroot(root);
}

/* GET /a.txt at ADDRESS:PORT answers "hello\n". */
static void
expect_hello(const char *address, int port)
{
	int fd = client_connect_to(address, port);
	struct response r;

	ck_assert_msg(fd >= 0, "cannot connect to %s port %d", address, port);
	client_send_str(fd, "GET /a.txt HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	close(fd);
}

/* Run the binary with ARGS to completion; stdout and stderr (malloc'd)
 * and the wait status. */
static int
run(const char *const *args, char **out, char **err)
{
	struct server s;
	int status;

	/* server_start() fails (no port in the "banner"), but the child
	 * runs to its end all the same. */
	(void)server_start(&s, 0, args, root);
	*err = server_stderr(&s);
	status = server_stop(&s, 0, out);
	if (*out != NULL) {
		char *all;

		ck_assert_int_ge(asprintf(&all, "%s%s", s.banner, *out), 0);
		free(*out);
		*out = all;
	}
	return status;
}

/* The banner, byte for byte, with the port actually bound. */
START_TEST(test_banner_ipv4)
{
	const char *args[] = { "-b", "127.0.0.1", "0", NULL };
	struct server s;
	char want[128];

	ck_assert_msg(server_start(&s, 0, args, root) == 0,
	    "server did not start: %s", s.why);
	ck_assert_int_gt(s.port, 0);
	snprintf(want, sizeof(want), "Serving HTTP on 127.0.0.1 port %d "
	    "(http://127.0.0.1:%d/) ...\n", s.port, s.port);
	ck_assert_str_eq(s.banner, want);
	expect_hello("127.0.0.1", s.port);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* No -b: all interfaces, dual-stack "::", reachable over IPv4 and IPv6,
 * the -d directory served whatever the working directory. */
START_TEST(test_default_bind_dual_stack)
{
	const char *args[] = { "-d", root, "0", NULL };
	struct server s;
	char want[128];

	ck_assert_msg(server_start(&s, 0, args, "/") == 0,
	    "server did not start: %s", s.why);
	snprintf(want, sizeof(want), "Serving HTTP on :: port %d "
	    "(http://[::]:%d/) ...\n", s.port, s.port);
	ck_assert_str_eq(s.banner, want);
	expect_hello("127.0.0.1", s.port);
	expect_hello("::1", s.port);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* An IPv6 address is bracketed in the URL. */
START_TEST(test_bind_ipv6)
{
	const char *args[] = { "--bind", "::1", "0", NULL };
	struct server s;
	char want[128];

	ck_assert_msg(server_start(&s, 0, args, root) == 0,
	    "server did not start: %s", s.why);
	snprintf(want, sizeof(want), "Serving HTTP on ::1 port %d "
	    "(http://[::1]:%d/) ...\n", s.port, s.port);
	ck_assert_str_eq(s.banner, want);
	expect_hello("::1", s.port);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* A host name resolves; the banner shows the address it gave. */
START_TEST(test_bind_name)
{
	const char *args[] = { "-b", "localhost", "0", NULL };
	struct server s;

	ck_assert_msg(server_start(&s, 0, args, root) == 0,
	    "server did not start: %s", s.why);
	ck_assert(text_matches(s.banner, "^Serving HTTP on (127\\.0\\.0\\.1|::1) "
	    "port [0-9]+ \\(http://(127\\.0\\.0\\.1|\\[::1\\]):[0-9]+/\\) "
	    "\\.\\.\\.\n$"));
	expect_hello(strstr(s.banner, "::1") != NULL ? "::1" : "127.0.0.1",
	    s.port);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* Options after the port, "--opt=value" and the serving directory
 * defaulting to the working directory. */
START_TEST(test_option_forms)
{
	const char *args[] = { "0", "--bind=127.0.0.1", "--protocol",
	    "HTTP/1.1", NULL };
	struct server s;
	int fd;
	struct response r;

	ck_assert_msg(server_start(&s, 0, args, root) == 0,
	    "server did not start: %s", s.why);
	fd = client_connect(s.port);
	client_send_str(fd, "GET /a.txt HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert(strncmp(r.head, "HTTP/1.1 200 OK", 15) == 0);
	response_free(&r);
	client_send_str(fd, "GET /a.txt HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	close(fd);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* SIGINT and SIGTERM: Python's line on stdout, exit status 0. */
START_TEST(test_signals)
{
	const char *args[] = { "-b", "127.0.0.1", "0", NULL };
	int sigs[] = { SIGINT, SIGTERM };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct server s;
		char *rest;
		int status, idle;

		ck_assert_msg(server_start(&s, 0, args, root) == 0,
		    "server did not start: %s", s.why);
		/* A client in the middle of its request head must not
		 * delay the exit. */
		idle = client_connect(s.port);
		client_send_str(idle, "GET / HTTP/1.1\r\n");
		status = server_stop(&s, sigs[i], &rest);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 0);
		ck_assert_str_eq(rest, "\nKeyboard interrupt received, "
		    "exiting.\n");
		free(rest);
		close(idle);
	}
}
END_TEST

/* The usage, every option in it, as -h and every bad argument print it. */
static const char usage[] =
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

struct usage_row {
	const char *args[5];
	const char *message;	/* after "httpserve: error: " */
};

static const struct usage_row usage_rows[] = {
	{ { "abc", NULL }, "argument port: invalid int value: 'abc'" },
	{ { "80x", NULL }, "argument port: invalid int value: '80x'" },
	{ { "70000", NULL }, "argument port: must be 0-65535, not '70000'" },
	{ { "", NULL }, "argument port: invalid int value: ''" },
	{ { "8000", "8001", NULL }, "unrecognized arguments: 8001" },
	{ { "--threads", "0", NULL },
	    "argument --threads: invalid number of threads: '0' (1 to 256)" },
	{ { "--threads", "257", NULL },
	    "argument --threads: invalid number of threads: '257' (1 to 256)" },
	{ { "--threads", "2x", NULL },
	    "argument --threads: invalid number of threads: '2x' (1 to 256)" },
	{ { "--cache-control", "no-cache\r\nX-Evil: 1", NULL },
	    "argument --cache-control: a field value holds no control "
	    "character" },
	{ { "--cache-control", "max-age=1\x7f", NULL },
	    "argument --cache-control: a field value holds no control "
	    "character" },
	{ { "--cache-control", NULL },
	    "argument --cache-control: expected one argument" },
	{ { "--precompressed=yes", NULL },
	    "unrecognized arguments: --precompressed=yes" },
	/* A name alone is Python 3.15's -H NAME VALUE, short of VALUE. */
	{ { "-H", "X-A", NULL }, "argument -H/--header: expected 2 "
	    "arguments" },
	{ { "-H", "X-A\r\n", "v", NULL }, "argument -H/--header: a header "
	    "name is an HTTP token, without control characters" },
	{ { "-H", "X-A", "1\r\nSet-Cookie: a=b", NULL },
	    "argument -H/--header: the value of X-A holds a control "
	    "character (CR, LF, ...)" },
	{ { "--header", "Bad Name: v", NULL }, "argument -H/--header: "
	    "'Bad Name' is not a header name (an HTTP token)" },
	{ { "-H", ": v", NULL }, "argument -H/--header: '' is not a "
	    "header name (an HTTP token)" },
	{ { "-H", "X\x01Y: v", NULL }, "argument -H/--header: a header "
	    "name is an HTTP token, without control characters" },
	{ { "-H", "X-A: 1\r\nSet-Cookie: a=b", NULL },
	    "argument -H/--header: the value of X-A holds a control "
	    "character (CR, LF, ...)" },
	{ { "-H", "X-A: a\nb", NULL }, "argument -H/--header: the value "
	    "of X-A holds a control character (CR, LF, ...)" },
	{ { "-H", "X-A: \x1b[31m", NULL }, "argument -H/--header: the "
	    "value of X-A holds a control character (CR, LF, ...)" },
	{ { "-H", "X-Ok: 1", "-H", "content-length: 9", NULL },
	    "argument -H/--header: content-length is sent by the server "
	    "itself" },
	{ { "-H", "Transfer-Encoding: chunked", NULL }, "argument "
	    "-H/--header: Transfer-Encoding is sent by the server itself" },
	{ { "-H", NULL }, "argument -H: expected one argument" },
	{ { "--header", NULL }, "argument --header: expected one argument" },
	{ { "--content-type", "", NULL }, "argument --content-type: a "
	    "media type, not empty, without control characters" },
	{ { "--content-type", "text/plain\r\nX: 1", NULL }, "argument "
	    "--content-type: a media type, not empty, without control "
	    "characters" },
	{ { "--nope", NULL }, "unrecognized arguments: --nope" },
	{ { "-x", NULL }, "unrecognized arguments: -x" },
	{ { "-b", NULL }, "argument -b: expected one argument" },
	{ { "-p", "HTTP/2.0", NULL },
	    "argument -p/--protocol: must be HTTP/1.0 or HTTP/1.1, not "
	    "'HTTP/2.0'" },
	{ { "--cgi", "--cgi-timeout", NULL },
	    "argument --cgi-timeout: expected one argument" },
	{ { "--cgi", "--cgi-timeout", "-1", NULL },
	    "argument --cgi-timeout: invalid number of seconds: '-1' "
	    "(0 to 86400)" },
	{ { "--cgi-timeout", "86401", NULL },
	    "argument --cgi-timeout: invalid number of seconds: '86401' "
	    "(0 to 86400)" },
	/* Python 3.14's rules and words for the TLS options. */
	{ { "--tls-key", "key.pem", NULL },
	    "--tls-key requires --tls-cert to be set" },
	{ { "--tls-password-file", "pw.txt", NULL },
	    "--tls-password-file requires --tls-cert to be set" },
	{ { "--tls-key", "k.pem", "--tls-password-file", "pw.txt", NULL },
	    "--tls-key requires --tls-cert to be set" },
	{ { "--tls-cert", "c.pem", "--tls-password-file", "/nonexistent/pw",
	    NULL },
	    "Failed to read TLS password file: [Errno 2] No such file or "
	    "directory: '/nonexistent/pw'" },
	{ { "--tls-cert", NULL },
	    "argument --tls-cert: expected one argument" },
};

/* Bad arguments: the usage line and one error line on stderr, exit 2,
 * nothing on stdout. */
START_TEST(test_usage_errors)
{
	const struct usage_row *u = &usage_rows[_i];
	char *out, *err, want[1024];
	int status = run(u->args, &out, &err);

	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 2);
	snprintf(want, sizeof(want), "%shttpserve: error: %s\n", usage,
	    u->message);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
}
END_TEST

/* -h and --help: the usage, then every option with the default the
 * server really uses (the named limits), and where the rest is. */
static char *
expected_help(void)
{
	char *text;

	ck_assert_int_ge(asprintf(&text, "%s\n"
	    "Serve the files of a directory over HTTP, as python3 -m "
	    "http.server does.\n"
	    "\n"
	    "positional arguments:\n"
	    "  port                  bind to this port (default: 8000)\n"
	    "\n"
	    "options:\n"
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
	    "HTTP/1.0)\n"
	    "  --follow-symlinks     follow symbolic links out of the "
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
	    "                        (default: %d; 0: never)\n"
	    "  --threads N           serve with N event loops, one per "
	    "thread (default:\n"
	    "                        the online CPUs; at most %d)\n"
	    "  --cache-control VALUE\n"
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
	    "TLS key\n"
	    "\n"
	    "SECONDS may have a fraction, and be at most %d (a day).\n"
	    "The manual tells the rest: man httpserve\n", usage,
	    HS_DEFAULT_IDLE_TIMEOUT, HS_DEFAULT_HEAD_TIMEOUT,
	    HS_DEFAULT_WRITE_TIMEOUT, HS_DEFAULT_CGI_TIMEOUT, HS_MAX_THREADS,
	    HS_TIMEOUT_MAX),
	    0);
	return text;
}

/* -h and -V answer on stdout, nothing on stderr, and exit 0. */
START_TEST(test_help_and_version)
{
	const char *help[][2] = { { "--help", NULL }, { "-h", NULL } };
	const char *version[] = { "-V", NULL };
	char *out, *err, *want = expected_help();
	int status;
	size_t i;

	for (i = 0; i < sizeof(help) / sizeof(help[0]); i++) {
		status = run(help[i], &out, &err);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		ck_assert_str_eq(out, want);
		ck_assert_str_eq(err, "");
		free(out);
		free(err);
	}
	free(want);
	status = run(version, &out, &err);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_str_eq(out, "httpserve " HS_VERSION "\n");
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
}
END_TEST

/* Cannot start: one line on stderr, exit 1. */
static void
expect_start_failure(const char *const *args, const char *re)
{
	char *out, *err;
	int status = run(args, &out, &err);

	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	ck_assert_msg(text_matches(err, re), "stderr: %s", err);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
}

START_TEST(test_port_in_use)
{
	const char *first[] = { "-b", "127.0.0.1", "0", NULL };
	struct server s;
	char port[16];
	const char *second[] = { "-b", "127.0.0.1", port, NULL };

	ck_assert_msg(server_start(&s, 0, first, root) == 0,
	    "server did not start: %s", s.why);
	snprintf(port, sizeof(port), "%d", s.port);
	expect_start_failure(second, "^httpserve: cannot listen on port "
	    "[0-9]+: Address already in use\n$");
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

START_TEST(test_bad_directory)
{
	const char *missing[] = { "-d", "/nonexistent/dir", "0", NULL };
	const char *file[] = { "-d", "a.txt", "0", NULL };

	expect_start_failure(missing, "^httpserve: cannot serve directory "
	    "'/nonexistent/dir': No such file or directory\n$");
	expect_start_failure(file, "^httpserve: cannot serve directory "
	    "'a.txt': Not a directory\n$");
}
END_TEST

START_TEST(test_unknown_host)
{
	const char *args[] = { "-b", "no-such-host.invalid", "0", NULL };

	expect_start_failure(args, "^httpserve: cannot resolve "
	    "'no-such-host\\.invalid': [^\n]+\n$");
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_banner_ipv4);
	tcase_add_test(tc, test_default_bind_dual_stack);
	tcase_add_test(tc, test_bind_ipv6);
	tcase_add_test(tc, test_bind_name);
	tcase_add_test(tc, test_option_forms);
	tcase_add_test(tc, test_signals);
	tcase_add_loop_test(tc, test_usage_errors, 0,
	    (int)(sizeof(usage_rows) / sizeof(usage_rows[0])));
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_port_in_use);
	tcase_add_test(tc, test_bad_directory);
	tcase_add_test(tc, test_unknown_host);
	suite_add_tcase(s, tc);
	return s;
}
