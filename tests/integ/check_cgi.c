/* SPDX-License-Identifier: MIT */
/*
 * check_cgi.c - --cgi over real sockets, with real sh and python3 scripts
 * in a fixture cgi-bin: the environment, arguments, status and redirects
 * of RFC 3875 section 6, the refusals (403, 404, 501, 502, 504), a 10 MiB
 * POST echoed back, a client leaving mid-script, 50 scripts blocked at
 * once while static files are still served, and afterwards no zombie and
 * no descriptor left behind.  Where Python's CGIHTTPRequestHandler defines
 * the answer, python3 -m http.server --cgi gives the same one.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "httpserve.h"
#include "runner.h"

static struct server srv;
static char *parent, *root, *spool;

/* One script of the fixture: name under root, mode, text. */
struct script {
	const char *name;
	int mode;
	const char *text;
};

#define SH "#!/bin/sh\n"
#define PLAIN "printf 'Content-Type: text/plain\\n\\n'\n"
/* The script's pid into spool/pid.QUERY (spool is next to the served
 * directory, which PATH_TRANSLATED names when there is no PATH_INFO). */
#define PID_FILE "echo $$ > \"${PATH_TRANSLATED%/www}/spool/pid.$QUERY_STRING\"\n"

static const struct script scripts[] = {
	{ "cgi-bin/env.sh", 0755, SH PLAIN "env\n" },
	{ "cgi-bin/args.sh", 0755, SH PLAIN
	    "echo \"argc=$#\"; for a in \"$@\"; do echo \"[$a]\"; done\n" },
	{ "cgi-bin/id.sh", 0755, SH PLAIN "id -u\n" },
	{ "cgi-bin/echo.sh", 0755, SH
	    "printf 'Content-Type: application/octet-stream\\n\\n'\n"
	    "exec cat\n" },
	{ "cgi-bin/echo.py", 0755, "#!/usr/bin/python3\n"
	    "import os, sys\n"
	    "n = int(os.environ.get('CONTENT_LENGTH') or 0)\n"
	    "data = sys.stdin.buffer.read(n)\n"
	    "sys.stdout.write('Content-Type: application/octet-stream\\r\\n')\n"
	    "sys.stdout.write('Content-Length: %d\\r\\n\\r\\n' % len(data))\n"
	    "sys.stdout.flush()\n"
	    "sys.stdout.buffer.write(data)\n" },
	{ "cgi-bin/status.sh", 0755, SH
	    "printf 'Status: 404 Not Here\\nContent-Type: text/plain\\n\\n"
	    "nope\\n'\n" },
	{ "cgi-bin/away.sh", 0755, SH
	    "printf 'Location: http://example.com/x?y\\n\\n'\n" },
	{ "cgi-bin/local.sh", 0755, SH "printf 'Location: /a.txt\\n\\n'\n" },
	{ "cgi-bin/localcgi.sh", 0755, SH
	    "printf 'Location: /cgi-bin/env.sh/pi?from=local\\n\\n'\n" },
	{ "cgi-bin/loop.sh", 0755, SH
	    "printf 'Location: /cgi-bin/loop.sh\\n\\n'\n" },
	/* A local redirect, its body unread, to a script that answers once
	 * spool/fifo.QUERY gives it a line. */
	{ "cgi-bin/tohold.sh", 0755, SH
	    "printf 'Location: /cgi-bin/hold.sh?held\\n\\n'\n" },
	{ "cgi-bin/hold.sh", 0755, SH PID_FILE
	    "read x < \"${PATH_TRANSLATED%/www}/spool/fifo.$QUERY_STRING\"\n"
	    PLAIN "echo \"held $x\"\n" },
	{ "cgi-bin/bad.sh", 0755, SH "printf 'not a header\\n\\nbody\\n'\n" },
	{ "cgi-bin/silent.sh", 0755, SH "exit 0\n" },
	{ "cgi-bin/nohead.sh", 0755, SH "printf 'Content-Type: text/plain\\n'\n" },
	{ "cgi-bin/badlen.sh", 0755, SH
	    "printf 'Content-Type: text/plain\\nContent-Length: 1x\\n\\n'\n" },
	{ "cgi-bin/twolen.sh", 0755, SH
	    "printf 'Content-Type: text/plain\\nContent-Length: 1\\n"
	    "Content-Length: 1\\n\\nx'\n" },
	{ "cgi-bin/len.sh", 0755, SH
	    "printf 'Content-Type: text/plain\\nContent-Length: 3\\n"
	    "Connection: close\\nX-Script: yes\\n\\nabc'\n" },
	{ "cgi-bin/hugelen.sh", 0755, SH
	    "printf 'Content-Type: text/plain\\nContent-Length: "
	    "99999999999999999999\\n\\nabc'\n" },
	{ "cgi-bin/over.sh", 0755, SH
	    "printf 'Content-Type: text/plain\\nContent-Length: 3\\n\\n"
	    "abcdef'\n" },
	{ "cgi-bin/hang.sh", 0755, SH PID_FILE "exec sleep 60\n" },
	{ "cgi-bin/slowread.sh", 0755, SH PID_FILE "sleep 1.5\n"
	    "n=$(wc -c)\nprintf 'Content-Type: text/plain\\n\\nread %s\\n' $n\n" },
	{ "cgi-bin/late.sh", 0755, SH PLAIN "echo started\nexec sleep 60\n" },
	{ "cgi-bin/pid.sh", 0755, SH PID_FILE PLAIN
	    "echo started\nexec sleep 60\n" },
	{ "cgi-bin/fail.sh", 0755, SH PLAIN "echo failing >&2\nexit 3\n" },
	{ "cgi-bin/big.sh", 0755, SH
	    "printf 'Content-Type: application/octet-stream\\n\\n'\n"
	    "exec head -c 67108864 /dev/zero\n" },
	{ "cgi-bin/count.sh", 0755, SH
	    "sleep 1\nn=$(wc -c)\n"
	    "printf 'Content-Type: text/plain\\n\\n%s\\n' \"$n\"\n" },
	{ "cgi-bin/hello.py", 0755, "#!/usr/bin/python3\n"
	    "print('Content-Type: text/html')\nprint()\n"
	    "print('<p>hello from python</p>')\n" },
	{ "cgi-bin/plain.txt", 0644, "not a script\n" },
	{ "cgi-bin/sub/inner.sh", 0755, SH PLAIN
	    "echo \"$SCRIPT_NAME|$PATH_INFO\"\n" },
	{ "htbin/ht.sh", 0755, SH PLAIN "echo htbin\n" },
	/* "/cgi-bin/pct%2525b.sh" collapses to "pct%25b.sh", which
	 * translate_path() makes "pct%b.sh": the file Python runs. */
	{ "cgi-bin/pct%b.sh", 0755, SH PLAIN "echo decoded twice\n" },
	{ "cgi-bin/pct%25b.sh", 0755, SH PLAIN "echo decoded once\n" },
	{ "a.txt", 0644, "hello\n" },
	{ "other/x.sh", 0755, SH PLAIN "echo should-not-run\n" },
};

/* Create DIR/NAME's parent directories (0755, so "nobody" may enter). */
static void
make_parents(const char *dir, const char *name)
{
	char path[1024];
	char *slash;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) != 0)
			ck_assert_int_eq(errno, EEXIST);
		*slash = '/';
	}
}

/* The fixture: PARENT/www with the scripts, PARENT/spool writable by all
 * (scripts may run as nobody), and nothing private on the way. */
static void
make_fixture(void)
{
	char path[1024];
	size_t i;

	parent = make_temp_dir();
	ck_assert_int_eq(chmod(parent, 0755), 0);
	ck_assert_int_ge(asprintf(&root, "%s/www", parent), 0);
	ck_assert_int_ge(asprintf(&spool, "%s/spool", parent), 0);
	ck_assert_int_eq(mkdir(root, 0755), 0);
	ck_assert_int_eq(mkdir(spool, 0777), 0);
	ck_assert_int_eq(chmod(spool, 0777), 0);
	for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		make_parents(root, scripts[i].name);
		write_file(root, scripts[i].name, scripts[i].text,
		    strlen(scripts[i].text));
		snprintf(path, sizeof(path), "%s/%s", root, scripts[i].name);
		ck_assert_int_eq(chmod(path, (mode_t)scripts[i].mode), 0);
	}
}

/* Start a CGI server on root (PROTOCOL NULL: HTTP/1.0) whose scripts may
 * be silent for TIMEOUT seconds. */
static void
start_cgi_timeout(struct server *s, int python, const char *protocol,
    const char *timeout)
{
	const char *args[] = { "--cgi", "-b", "127.0.0.1", "-p", "HTTP/1.0",
	    "--cgi-timeout", timeout, "0", NULL };

	if (protocol != NULL)
		args[4] = protocol;
	if (python) {
		/* Python knows neither --cgi-timeout nor -p HTTP/1.1 here. */
		args[5] = "0";
		args[6] = NULL;
	}
	ck_assert_msg(server_start(s, python, args, root) == 0,
	    "server did not start: %s", s->why);
}

/* The same, with the 2 s timeout the timeout tests count on. */
static void
start_cgi(struct server *s, int python, const char *protocol)
{
	start_cgi_timeout(s, python, protocol, "2");
}

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	make_fixture();
	/* Scripts must not see the server's environment. */
	setenv("HS_TEST_LEAK", "leaked", 1);
	start_cgi(&srv, 0, NULL);
}

static void
teardown(void)
{
	server_stop(&srv, SIGINT, NULL);
	remove_tree(parent);
	free(parent);
	free(root);
	free(spool);
}

/* REQUEST (raw) on a fresh connection, parsed. */
static void
exchange(int port, const char *request, struct response *r, int no_body)
{
	int fd = client_connect(port);

	client_send_str(fd, request);
	ck_assert_msg(read_response(fd, r, no_body) == 0, "no response to %s",
	    request);
	close(fd);
}

/* GET PATH, asserting the status. */
static void
get_expect(const char *path, int status, struct response *r)
{
	ck_assert_int_eq(http_get(srv.port, "GET", path, r), 0);
	ck_assert_msg(r->status == status, "GET %s: got %d, want %d\n%s",
	    path, r->status, status, r->head);
}

/* Does some line of BODY start with TEXT? */
static int
has_line_starting(const char *body, const char *text)
{
	const char *p;

	for (p = body; (p = strstr(p, text)) != NULL; p++)
		if (p == body || p[-1] == '\n')
			return 1;
	return 0;
}

/* Does the environment dump BODY hold the line "NAME=VALUE"? */
static int
env_has(const char *body, const char *name, const char *value)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s=%s\n", name, value);
	return has_line_starting(body, line);
}

/* Is variable NAME set at all in the dump BODY? */
static int
env_set(const char *body, const char *name)
{
	char prefix[256];

	snprintf(prefix, sizeof(prefix), "%s=", name);
	return has_line_starting(body, prefix);
}

#define ENV_IS(body, name, value) \
	ck_assert_msg(env_has(body, name, value), "want %s=%s in:\n%s", \
	    name, value, body)

START_TEST(test_environment)
{
	struct response r;
	char port[16];

	snprintf(port, sizeof(port), "%d", srv.port);
	exchange(srv.port,
	    "POST /cgi-bin/env.sh/some%20where/x?q=1&r=a+b HTTP/1.1\r\n"
	    "Host: h\r\nContent-Type: text/x-test\r\nContent-Length: 4\r\n"
	    "Accept: text/html\r\nAccept: text/plain\r\n"
	    "User-Agent: agent/1\r\nReferer: http://r/\r\n"
	    "Cookie: a=1\r\nCookie: b=2\r\nX-Custom: one\r\n"
	    "X-Custom: two\r\nAuthorization: Basic YWxpY2U6czNjcmV0\r\n"
	    "Proxy: http://evil/\r\nX-A_B: spoof\r\n\r\nbody", &r, 0);
	ck_assert_int_eq(r.status, 200);
	ENV_IS(r.body, "GATEWAY_INTERFACE", "CGI/1.1");
	ENV_IS(r.body, "SERVER_SOFTWARE", "SimpleHTTP/0.6 httpserve/"
	    HS_VERSION);
	ENV_IS(r.body, "SERVER_PROTOCOL", "HTTP/1.0");
	ENV_IS(r.body, "SERVER_PORT", port);
	ck_assert(env_set(r.body, "SERVER_NAME"));
	ck_assert(!env_has(r.body, "SERVER_NAME", ""));
	ENV_IS(r.body, "REQUEST_METHOD", "POST");
	ENV_IS(r.body, "SCRIPT_NAME", "/cgi-bin/env.sh");
	ENV_IS(r.body, "PATH_INFO", "/some where/x");
	ck_assert(strstr(r.body, "PATH_TRANSLATED=/") != NULL);
	ck_assert(strstr(r.body, "/www/some where/x\n") != NULL);
	ENV_IS(r.body, "QUERY_STRING", "q=1&r=a+b");
	ENV_IS(r.body, "REMOTE_ADDR", "127.0.0.1");
	ENV_IS(r.body, "REMOTE_HOST", "");
	ENV_IS(r.body, "CONTENT_TYPE", "text/x-test");
	ENV_IS(r.body, "CONTENT_LENGTH", "4");
	ENV_IS(r.body, "HTTP_ACCEPT", "text/html,text/plain");
	ENV_IS(r.body, "HTTP_USER_AGENT", "agent/1");
	ENV_IS(r.body, "HTTP_REFERER", "http://r/");
	ENV_IS(r.body, "HTTP_COOKIE", "a=1, b=2");
	ENV_IS(r.body, "HTTP_HOST", "h");
	ENV_IS(r.body, "HTTP_X_CUSTOM", "one, two");
	ENV_IS(r.body, "AUTH_TYPE", "Basic");
	ENV_IS(r.body, "REMOTE_USER", "alice");
	ck_assert(env_set(r.body, "PATH"));
	/* What must not reach a script. */
	ck_assert(strstr(r.body, "s3cret") == NULL);
	ck_assert(!env_set(r.body, "HTTP_AUTHORIZATION"));
	ck_assert(!env_set(r.body, "HTTP_PROXY"));
	ck_assert(!env_set(r.body, "HTTP_X_A_B"));
	ck_assert(!env_set(r.body, "HTTP_CONTENT_LENGTH"));
	ck_assert(!env_set(r.body, "HS_TEST_LEAK"));
	response_free(&r);
}
END_TEST

/* Python's defaults for a bare GET. */
START_TEST(test_environment_defaults)
{
	struct response r;

	get_expect("/cgi-bin/env.sh", 200, &r);
	ENV_IS(r.body, "REQUEST_METHOD", "GET");
	ENV_IS(r.body, "PATH_INFO", "");
	ENV_IS(r.body, "QUERY_STRING", "");
	ENV_IS(r.body, "CONTENT_TYPE", "text/plain");
	ENV_IS(r.body, "CONTENT_LENGTH", "");
	ENV_IS(r.body, "HTTP_ACCEPT", "");
	ENV_IS(r.body, "HTTP_USER_AGENT", "");
	ENV_IS(r.body, "HTTP_COOKIE", "");
	ENV_IS(r.body, "HTTP_REFERER", "");
	ck_assert(!env_set(r.body, "AUTH_TYPE"));
	ck_assert(!env_set(r.body, "REMOTE_USER"));
	ck_assert_str_eq(response_header(&r, "Content-Type"), "text/plain");
	response_free(&r);
}
END_TEST

/* The query as argv when it holds no '=', as Python passes it. */
START_TEST(test_arguments)
{
	struct response r;

	get_expect("/cgi-bin/args.sh?hello+big+world", 200, &r);
	ck_assert_str_eq(r.body, "argc=1\n[hello big world]\n");
	response_free(&r);
	get_expect("/cgi-bin/args.sh?a=b", 200, &r);
	ck_assert_str_eq(r.body, "argc=0\n");
	response_free(&r);
	get_expect("/cgi-bin/args.sh", 200, &r);
	ck_assert_str_eq(r.body, "argc=1\n[]\n");
	response_free(&r);
}
END_TEST

/* As root, scripts run as nobody (Python's rule); otherwise as us. */
START_TEST(test_user)
{
	struct response r;
	char want[32];

	if (geteuid() == 0) {
		struct passwd *pw = getpwnam("nobody");

		snprintf(want, sizeof(want), "%ld\n",
		    pw != NULL ? (long)pw->pw_uid : 65534L);
	} else {
		snprintf(want, sizeof(want), "%ld\n", (long)geteuid());
	}
	get_expect("/cgi-bin/id.sh", 200, &r);
	ck_assert_str_eq(r.body, want);
	response_free(&r);
}
END_TEST

/* Script directories: subdirectories, /htbin, and what is not CGI. */
START_TEST(test_routing)
{
	struct response r;

	get_expect("/cgi-bin/sub/inner.sh/p/q", 200, &r);
	ck_assert_str_eq(r.body, "/cgi-bin/sub/inner.sh|/p/q\n");
	response_free(&r);
	get_expect("/htbin/ht.sh", 200, &r);
	ck_assert_str_eq(r.body, "htbin\n");
	response_free(&r);
	get_expect("/x/../cgi-bin/./env.sh", 200, &r);
	ck_assert(env_has(r.body, "SCRIPT_NAME", "/cgi-bin/env.sh"));
	response_free(&r);
	/* Outside the CGI directories, a script is a file like any other. */
	get_expect("/other/x.sh", 200, &r);
	ck_assert(strstr(r.body, "echo should-not-run") != NULL);
	response_free(&r);
	get_expect("/a.txt", 200, &r);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	/* A path the static handler would clamp into cgi-bin: no source. */
	exchange(srv.port, "GET /../cgi-bin/env.sh HTTP/1.0\r\n\r\n", &r, 0);
	ck_assert_int_eq(r.status, 404);
	ck_assert(strstr(r.body, "env\n") == NULL);
	response_free(&r);
	exchange(srv.port, "GET http://h/cgi-bin/env.sh HTTP/1.0\r\n\r\n",
	    &r, 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert(env_has(r.body, "SCRIPT_NAME", "/cgi-bin/env.sh"));
	response_free(&r);
}
END_TEST

/* 403, 404, 501, as Python words them. */
START_TEST(test_refusals)
{
	struct response r;

	get_expect("/cgi-bin/nothere.sh", 404, &r);
	ck_assert(strstr(r.body, "No such CGI script ('/cgi-bin/nothere.sh')")
	    != NULL);
	response_free(&r);
	get_expect("/cgi-bin/plain.txt", 403, &r);
	ck_assert(strstr(r.body, "CGI script is not executable "
	    "('/cgi-bin/plain.txt')") != NULL);
	response_free(&r);
	get_expect("/cgi-bin/sub/", 403, &r);
	ck_assert(strstr(r.body, "CGI script is not a plain file") != NULL);
	response_free(&r);
	exchange(srv.port, "POST /a.txt HTTP/1.0\r\nContent-Length: 2\r\n\r\n"
	    "hi", &r, 0);
	ck_assert_int_eq(r.status, 501);
	ck_assert(strstr(r.body, "Can only POST to CGI scripts") != NULL);
	response_free(&r);
}
END_TEST

/* RFC 3875 section 6: Status, client and local redirects. */
START_TEST(test_status_and_redirects)
{
	struct response r;

	get_expect("/cgi-bin/status.sh", 404, &r);
	ck_assert(strncmp(r.head, "HTTP/1.0 404 Not Here\r\n", 23) == 0);
	ck_assert_str_eq(r.body, "nope\n");
	response_free(&r);
	get_expect("/cgi-bin/away.sh", 302, &r);
	ck_assert_str_eq(response_header(&r, "Location"),
	    "http://example.com/x?y");
	response_free(&r);
	get_expect("/cgi-bin/local.sh", 200, &r);
	ck_assert_str_eq(r.body, "hello\n");
	ck_assert(response_header(&r, "Location") == NULL);
	response_free(&r);
	exchange(srv.port, "POST /cgi-bin/localcgi.sh HTTP/1.0\r\n"
	    "Content-Length: 3\r\n\r\nabc", &r, 0);
	ck_assert_int_eq(r.status, 200);
	ENV_IS(r.body, "REQUEST_METHOD", "GET");
	ENV_IS(r.body, "QUERY_STRING", "from=local");
	ENV_IS(r.body, "PATH_INFO", "/pi");
	response_free(&r);
	get_expect("/cgi-bin/loop.sh", 500, &r);
	response_free(&r);
	ck_assert_int_eq(server_wait_stderr(&srv,
	    "CGI local redirects: more than 10"), 0);
}
END_TEST

/* Output that is no CGI response: 502. */
START_TEST(test_bad_gateway)
{
	static const char *const bad[] = { "/cgi-bin/bad.sh",
	    "/cgi-bin/silent.sh", "/cgi-bin/nohead.sh",
	    "/cgi-bin/badlen.sh", "/cgi-bin/twolen.sh" };
	struct response r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		get_expect(bad[i], 502, &r);
		ck_assert(strstr(r.body, "Bad Gateway") != NULL);
		response_free(&r);
	}
	ck_assert_int_eq(server_wait_stderr(&srv,
	    "CGI script /cgi-bin/bad.sh: invalid CGI header"), 0);
}
END_TEST

/* A Content-Length from the script keeps an HTTP/1.1 connection open;
 * hop-by-hop fields of the script are dropped; excess output is cut. */
START_TEST(test_length_and_keep_alive)
{
	struct server s11;
	struct response r;
	int fd, i;

	start_cgi(&s11, 0, "HTTP/1.1");
	fd = client_connect(s11.port);
	for (i = 0; i < 3; i++) {
		client_send_str(fd, "GET /cgi-bin/len.sh HTTP/1.1\r\n"
		    "Host: h\r\n\r\n");
		ck_assert_int_eq(read_response(fd, &r, 0), 0);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(r.body, "abc");
		ck_assert_str_eq(response_header(&r, "X-Script"), "yes");
		ck_assert(response_header(&r, "Connection") == NULL);
		response_free(&r);
	}
	client_send_str(fd, "GET /cgi-bin/over.sh HTTP/1.1\r\nHost: h\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "abc");
	response_free(&r);
	client_send_str(fd, "HEAD /cgi-bin/len.sh HTTP/1.1\r\nHost: h\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-Length"), "3");
	response_free(&r);
	/* Nothing more may follow the HEAD response's head. */
	client_send_str(fd, "GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	/* Without a length, the response ends with the connection. */
	client_send_str(fd, "GET /cgi-bin/env.sh HTTP/1.1\r\nHost: h\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_str_eq(response_header(&r, "Connection"), "close");
	ck_assert(env_has(r.body, "SERVER_PROTOCOL", "HTTP/1.1"));
	response_free(&r);
	close(fd);
	ck_assert_int_eq(server_wait_stderr(&s11,
	    "output beyond its Content-Length dropped"), 0);
	ck_assert_int_eq(server_stop(&s11, SIGINT, NULL), 0);
}
END_TEST

/*
 * A Content-Length too large to count is read as every Content-Length is
 * (it saturates; it is never cut to fewer digits) and passed on as the
 * script wrote it; the response ends short of it, so its HTTP/1.1
 * connection closes after the body.
 */
START_TEST(test_length_too_large)
{
	struct server s11;
	int fd, timed_out = 1;
	size_t n;
	char *all;

	start_cgi(&s11, 0, "HTTP/1.1");
	fd = client_connect(s11.port);
	client_send_str(fd, "GET /cgi-bin/hugelen.sh HTTP/1.1\r\n"
	    "Host: h\r\n\r\n");
	all = client_read_all(fd, &n, &timed_out);
	ck_assert_int_eq(timed_out, 0);
	ck_assert_msg(strncmp(all, "HTTP/1.1 200 ", 13) == 0, "%s", all);
	ck_assert(strstr(all, "\r\nContent-Length: 99999999999999999999\r\n")
	    != NULL);
	ck_assert(n >= 7 && memcmp(all + n - 7, "\r\n\r\nabc", 7) == 0);
	free(all);
	close(fd);
	ck_assert_int_eq(server_stop(&s11, SIGINT, NULL), 0);
}
END_TEST

/* The script's stderr is ours; its exit status is logged as Python. */
START_TEST(test_stderr_and_exit_code)
{
	struct response r;

	get_expect("/cgi-bin/fail.sh", 200, &r);
	response_free(&r);
	ck_assert_int_eq(server_wait_stderr(&srv, "failing\n"), 0);
	ck_assert_int_eq(server_wait_stderr(&srv, "CGI script exit code 3"),
	    0);
}
END_TEST

/* POST BODY_LEN pseudo-random bytes to PATH while reading the echo,
 * both at once (a script echoing as it reads would otherwise deadlock
 * with us), and check the echo is the body. */
static void
post_echo(int port, const char *path, size_t body_len)
{
	char head[256], buf[65536], *body = malloc(body_len), *reply = NULL;
	uint64_t state = 7, got_hash = FNV1A_START;
	size_t sent = 0, got = 0, reply_len = 0, head_len = 0;
	int fd = client_connect(port);
	struct pollfd pfd;

	ck_assert_ptr_nonnull(body);
	fill_pseudo_random(body, body_len, &state);
	snprintf(head, sizeof(head), "POST %s HTTP/1.0\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "Content-Length: %zu\r\n\r\n", path, body_len);
	client_send_str(fd, head);
	ck_assert_int_eq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK),
	    0);
	for (;;) {
		ssize_t n;

		pfd.fd = fd;
		pfd.events = POLLIN | (sent < body_len ? POLLOUT : 0);
		pfd.revents = 0;
		ck_assert_msg(poll(&pfd, 1, WAIT_SECONDS * 1000) > 0,
		    "echo stalled: sent %zu, got %zu", sent, got);
		if ((pfd.revents & POLLOUT) && sent < body_len) {
			n = send(fd, body + sent, body_len - sent,
			    MSG_NOSIGNAL);
			ck_assert(n > 0 || errno == EAGAIN);
			sent += n > 0 ? (size_t)n : 0;
		}
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0)
			break;
		ck_assert(n > 0 || errno == EAGAIN);
		if (n < 0)
			continue;
		if (head_len == 0) {
			/* Collect the head; the rest is body. */
			char *sep;

			reply = realloc(reply, reply_len + (size_t)n + 1);
			ck_assert_ptr_nonnull(reply);
			memcpy(reply + reply_len, buf, (size_t)n);
			reply_len += (size_t)n;
			reply[reply_len] = '\0';
			if ((sep = strstr(reply, "\r\n\r\n")) == NULL)
				continue;
			head_len = (size_t)(sep - reply) + 4;
			got_hash = fnv1a(got_hash, reply + head_len,
			    reply_len - head_len);
			got += reply_len - head_len;
		} else {
			got_hash = fnv1a(got_hash, buf, (size_t)n);
			got += (size_t)n;
		}
	}
	close(fd);
	ck_assert_ptr_nonnull(reply);
	ck_assert_msg(strncmp(reply, "HTTP/1.0 200 ", 13) == 0, "%s", reply);
	ck_assert_uint_eq(sent, body_len);
	ck_assert_uint_eq(got, body_len);
	ck_assert(got_hash == fnv1a(FNV1A_START, body, body_len));
	free(reply);
	free(body);
}

/* 10 MiB through a script and back, with both sides streaming. */
START_TEST(test_post_echo_10mib)
{
	post_echo(srv.port, "/cgi-bin/echo.sh", 10u << 20);
	post_echo(srv.port, "/cgi-bin/echo.py", 10u << 20);
}
END_TEST

/*
 * Output backpressure: a script writing 64 MiB to a client that reads
 * nothing for a while is paused (HS_CGI_OUTPUT_HIGH), not buffered; then
 * every byte arrives.  The pause outlasts --cgi-timeout (2 s): waiting
 * for the client is not the script's silence.
 */
START_TEST(test_output_backpressure)
{
	int fd = client_connect(srv.port);
	long before = resident_kib(srv.pid), during;
	size_t total = 0;
	struct response r;
	char buf[65536];

	client_send_str(fd, "GET /cgi-bin/big.sh HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	ck_assert_int_eq(r.status, 200);
	response_free(&r);
	usleep(2500 * 1000);
	during = resident_kib(srv.pid);
	ck_assert_msg(during - before < 16 * 1024, "RSS grew from %ld to %ld "
	    "KiB", before, during);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n <= 0)
			break;
		total += (size_t)n;
	}
	close(fd);
	ck_assert_uint_eq(total, 64u << 20);
}
END_TEST

/*
 * Input backpressure: a script that reads nothing for a second makes the
 * server stop reading the client's body (HS_CGI_STDIN_HIGH) rather than
 * buffer it; then the whole body reaches the script.
 */
START_TEST(test_input_backpressure)
{
	enum { BODY = 32 << 20 };
	char head[128], *body = calloc(1, BODY);
	int fd = client_connect(srv.port);
	long before = resident_kib(srv.pid), during;
	size_t sent = 0;
	struct response r;
	struct pollfd pfd;

	ck_assert_ptr_nonnull(body);
	snprintf(head, sizeof(head), "POST /cgi-bin/count.sh HTTP/1.0\r\n"
	    "Content-Length: %d\r\n\r\n", BODY);
	client_send_str(fd, head);
	ck_assert_int_eq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK),
	    0);
	/* Send until the server has stopped taking bytes for 300 ms. */
	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 300) == 0)
			break;
		ssize_t n = send(fd, body + sent, BODY - sent, MSG_NOSIGNAL);

		ck_assert(n > 0 || errno == EAGAIN);
		sent += n > 0 ? (size_t)n : 0;
		ck_assert_msg(sent < BODY, "the whole body was taken at once");
	}
	during = resident_kib(srv.pid);
	ck_assert_msg(during - before < 16 * 1024, "RSS grew from %ld to %ld "
	    "KiB", before, during);
	ck_assert_int_eq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK),
	    0);
	client_send(fd, body + sent, BODY - sent);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(atol(r.body), BODY);
	response_free(&r);
	close(fd);
	free(body);
}
END_TEST

/* A chunked POST reaches the script decoded. */
START_TEST(test_post_chunked)
{
	struct response r;

	exchange(srv.port, "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: h\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n"
	    "0\r\n\r\n", &r, 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello world");
	response_free(&r);
}
END_TEST

/* HEAD runs the script, sends its head, no body. */
START_TEST(test_head)
{
	struct response r;
	int fd = client_connect(srv.port);

	client_send_str(fd, "HEAD /cgi-bin/env.sh HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-Type"), "text/plain");
	ck_assert_int_eq(client_sees_eof(fd, WAIT_SECONDS * 1000), 1);
	response_free(&r);
	close(fd);
}
END_TEST

/* Is process PID gone, reaped (a zombie still answers kill 0)? */
static int
process_gone(pid_t pid)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;

	while (now_ms() < deadline) {
		if (kill(pid, 0) != 0 && errno == ESRCH)
			return 1;
		sleep_ms(20);
	}
	return 0;
}

/* The pid a pid.sh run with query TAG wrote. */
static pid_t
script_pid(const char *tag)
{
	char path[512], buf[32] = "";
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	FILE *f = NULL;

	snprintf(path, sizeof(path), "%s/pid.%s", spool, tag);
	while (now_ms() < deadline && (f = fopen(path, "r")) == NULL)
		sleep_ms(20);
	ck_assert_msg(f != NULL, "%s: not written within %d s", path,
	    WAIT_SECONDS);
	while (now_ms() < deadline && fgets(buf, sizeof(buf), f) == NULL) {
		sleep_ms(20);
		clearerr(f);
	}
	fclose(f);
	ck_assert_msg(buf[0] != '\0', "%s: still empty after %d s", path,
	    WAIT_SECONDS);
	return (pid_t)atol(buf);
}

/*
 * A local redirect answered while the request body still streams in: the
 * engine goes on passing the body to the first run, spent once its script
 * has gone, which drops it.  The body sent while hold.sh runs is far more
 * than the socket buffers hold, so the server has taken most of it by the
 * time the last send returns.
 */
START_TEST(test_redirect_during_body)
{
	static char chunk[1 << 16];
	char fifo[512];
	struct response r;
	long long deadline;
	int fd, wfd = -1, i;

	snprintf(fifo, sizeof(fifo), "%s/fifo.held", spool);
	ck_assert_int_eq(mkfifo(fifo, 0666), 0);
	ck_assert_int_eq(chmod(fifo, 0666), 0);
	memset(chunk, 'b', sizeof(chunk));
	fd = client_connect(srv.port);
	client_send_str(fd, "POST /cgi-bin/tohold.sh HTTP/1.0\r\n"
	    "Content-Length: 33554432\r\n\r\n");
	client_send(fd, chunk, 1000);
	ck_assert_int_gt(script_pid("held"), 1);
	for (i = 0; i < 256; i++)	/* 16 MiB */
		client_send(fd, chunk, sizeof(chunk));
	deadline = now_ms() + WAIT_SECONDS * 1000;
	while (now_ms() < deadline && (wfd = open(fifo,
	    O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0 && errno == ENXIO)
		usleep(20 * 1000);	/* hold.sh has yet to open it */
	ck_assert_int_ge(wfd, 0);
	ck_assert_int_eq(write(wfd, "go\n", 3), 3);
	close(wfd);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "held go\n");
	response_free(&r);
	close(fd);
	unlink(fifo);
}
END_TEST

/*
 * A script that reads nothing for 1.5 seconds while the client has far
 * more body to send: the server pauses the client and waits, using no
 * CPU meanwhile (libevent 2.1.11 and later call the read callback on
 * every pass of the loop while a paused input stays full: a spin, unless
 * reading is stopped).  Measured over a second of the script's sleep.
 */
START_TEST(test_paused_body_does_not_spin)
{
	static char chunk[65536];
	size_t size = 8u << 20, sent = 0;
	long before, after;
	struct response r;
	char head[160], want[32];
	int fd = client_connect(srv.port), flags;

	memset(chunk, 's', sizeof(chunk));
	snprintf(head, sizeof(head), "POST /cgi-bin/slowread.sh?spin "
	    "HTTP/1.0\r\nContent-Length: %zu\r\n\r\n", size);
	client_send_str(fd, head);
	flags = fcntl(fd, F_GETFL);
	ck_assert_int_eq(fcntl(fd, F_SETFL, flags | O_NONBLOCK), 0);
	/* Fill every buffer on the way: the server's input is full. */
	for (;;) {
		ssize_t n = write(fd, chunk, sizeof(chunk) < size - sent ?
		    sizeof(chunk) : size - sent);

		if (n < 0) {
			ck_assert_int_eq(errno, EAGAIN);
			break;
		}
		sent += (size_t)n;
		ck_assert_uint_lt(sent, size);	/* 8 MiB never fit */
	}
	ck_assert_int_gt(script_pid("spin"), 1);
	before = cpu_ticks(srv.pid);
	sleep_ms(1000);		/* a measurement window, inside the pause */
	after = cpu_ticks(srv.pid);
	ck_assert_msg(after - before < 20, "the server used %ld ticks of "
	    "CPU in a second of waiting", after - before);
	ck_assert_int_eq(fcntl(fd, F_SETFL, flags), 0);
	while (sent < size) {
		size_t n = size - sent < sizeof(chunk) ? size - sent :
		    sizeof(chunk);

		client_send(fd, chunk, n);
		sent += n;
	}
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	snprintf(want, sizeof(want), "read %zu\n", size);
	ck_assert_str_eq(r.body, want);
	response_free(&r);
	close(fd);
}
END_TEST

/* A client slower with its body than --cgi-timeout (2 s): the script
 * waits for it, which is not the script's silence. */
START_TEST(test_slow_body_is_not_the_scripts)
{
	struct response r;
	char *err;
	int fd = client_connect(srv.port);

	client_send_str(fd, "POST /cgi-bin/echo.sh HTTP/1.0\r\n"
	    "Content-Length: 10\r\n\r\nfirst");
	sleep_ms(3000);		/* a slow client, pausing past the timeout */
	client_send_str(fd, "-last");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "first-last");
	response_free(&r);
	close(fd);
	err = server_stderr(&srv);
	ck_assert_ptr_null(strstr(err, "echo.sh: timed out"));
	free(err);
}
END_TEST

/* Silent past --cgi-timeout: 504 before the head, a cut afterwards. */
START_TEST(test_timeout)
{
	struct response r;
	char *all;
	size_t len;
	int fd;

	get_expect("/cgi-bin/hang.sh?hang", 504, &r);
	response_free(&r);
	ck_assert_int_eq(server_wait_stderr(&srv,
	    "CGI script /cgi-bin/hang.sh: timed out after 2 s"), 0);
	ck_assert_msg(process_gone(script_pid("hang")), "hang.sh survived");
	fd = client_connect(srv.port);
	client_send_str(fd, "GET /cgi-bin/late.sh HTTP/1.0\r\n\r\n");
	all = client_read_all(fd, &len, NULL);
	ck_assert(strncmp(all, "HTTP/1.0 200 ", 13) == 0);
	ck_assert(strstr(all, "\r\n\r\nstarted\n") != NULL);
	free(all);
	close(fd);
}
END_TEST

/* A client that leaves takes its script with it; the child is reaped. */
START_TEST(test_client_abort)
{
	struct response r;
	int fd = client_connect(srv.port);
	pid_t pid;

	client_send_str(fd, "GET /cgi-bin/pid.sh?abort HTTP/1.0\r\n\r\n");
	pid = script_pid("abort");
	ck_assert_int_gt(pid, 1);
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	response_free(&r);
	close_reset(fd);
	ck_assert_msg(process_gone(pid), "script %ld still there", (long)pid);
}
END_TEST

/* Stopped while a script runs: the script is killed and reaped, the
 * server exits 0 (and, under valgrind, without a leak). */
START_TEST(test_stop_with_script_running)
{
	struct server s2;
	struct response r;
	int fd, status;
	pid_t pid;

	start_cgi(&s2, 0, NULL);
	fd = client_connect(s2.port);
	client_send_str(fd, "GET /cgi-bin/pid.sh?stop HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	response_free(&r);
	pid = script_pid("stop");
	status = server_stop(&s2, SIGTERM, NULL);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "status %#x", status);
	ck_assert_msg(process_gone(pid), "script %ld survived", (long)pid);
	close(fd);
}
END_TEST

/* GET /a.txt from PORT: "hello\n". */
static void
expect_hello(int port)
{
	struct response r;

	ck_assert_int_eq(http_get(port, "GET", "/a.txt", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
}

/*
 * 50 scripts at once, each blocked reading a POST body that has not all
 * come: static files are answered all the while; then every body is
 * finished and every echo checked.  Afterwards the server holds the
 * descriptors it held before, and no zombie.
 *
 * The scripts wait for their bodies while 50 of them start at once and
 * the static files are fetched: over a second on a loaded machine, and
 * under the sanitizers past the 2 s --cgi-timeout of the shared server,
 * which then killed a script (504).  They wait for the test here, not
 * the other way round: this server gives them WAIT_SECONDS.  It runs one
 * loop, so that the descriptors it keeps for good (its cache's inotify)
 * are all made by the first request; check_cgi_threads counts those of
 * scripts on two loops.
 */
START_TEST(test_fifty_concurrent)
{
	enum { N = 50 };
	int fds[N], i, base;
	struct server s;
	struct response r;
	char timeout[16];
	const char *args[] = { "--cgi", "-b", "127.0.0.1", "--threads", "1",
	    "--cgi-timeout", timeout, "0", NULL };

	snprintf(timeout, sizeof(timeout), "%d", WAIT_SECONDS);
	ck_assert_msg(server_start(&s, 0, args, root) == 0,
	    "server did not start: %s", s.why);
	expect_hello(s.port);
	base = wait_fds_at_most(s.pid, 1 << 20);
	for (i = 0; i < N; i++) {
		fds[i] = client_connect(s.port);
		client_send_str(fds[i], "POST /cgi-bin/echo.sh HTTP/1.0\r\n"
		    "Content-Length: 10\r\n\r\nhalf-");
	}
	for (i = 0; i < 5; i++)
		expect_hello(s.port);
	for (i = 0; i < N; i++) {
		client_send_str(fds[i], "done!");
		ck_assert_int_eq(read_response(fds[i], &r, 0), 0);
		ck_assert_msg(r.status == 200, "script %d: %d", i, r.status);
		ck_assert_str_eq(r.body, "half-done!");
		response_free(&r);
		close(fds[i]);
	}
	ck_assert_int_le(wait_fds_at_most(s.pid, base), base);
	ck_assert_int_eq(count_children(s.pid, 1), 0);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/*
 * Where Python's CGIHTTPRequestHandler defines the answer, the same one:
 * the refusals (status and page), and a script's body.  (Python passes
 * the script's head through raw after its own "200 Script output
 * follows": the bodies are compared, and the Content-Type.)
 */
START_TEST(test_same_as_python)
{
	static const char *const refused[] = { "/cgi-bin/nothere.sh",
	    "/cgi-bin/plain.txt", "/cgi-bin/sub/", "/a.txt" };
	static const char *const run[] = { "/cgi-bin/hello.py",
	    "/cgi-bin/args.sh?x+y", "/htbin/ht.sh", "/cgi-bin/sub/inner.sh/p",
	    "/cgi-bin/env.sh?k=v", "/cgi-bin/pct%2525b.sh" };
	struct server py;
	struct response a, b;
	char request[256], *raw, *body;
	size_t i, len;

	start_cgi(&py, 1, NULL);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ck_assert(http_get(py.port, "GET", refused[i], &a) == 0);
		ck_assert(http_get(srv.port, "GET", refused[i], &b) == 0);
		ck_assert_msg(a.status == b.status, "%s: python %d, us %d",
		    refused[i], a.status, b.status);
		ck_assert_str_eq(a.body, b.body);
		response_free(&a);
		response_free(&b);
	}
	for (i = 0; i < sizeof(run) / sizeof(run[0]); i++) {
		/* Python's reply is its status line, Server and Date, then
		 * the script's output as it is: the script's head ends at
		 * its first empty line (these scripts end lines with LF). */
		snprintf(request, sizeof(request), "GET %s HTTP/1.0\r\n\r\n",
		    run[i]);
		raw = http_raw(py.port, request, strlen(request), &len);
		ck_assert_msg(strncmp(raw, "HTTP/1.0 200 ", 13) == 0, "%s", raw);
		body = strstr(raw, "\n\n");
		ck_assert_ptr_nonnull(body);
		ck_assert_int_eq(http_get(srv.port, "GET", run[i], &b), 0);
		ck_assert_int_eq(b.status, 200);
		if (strstr(run[i], "env.sh") != NULL) {
			/* Python passes its own environment too: compare
			 * the variables both must set. */
			static const char *const names[] = { "QUERY_STRING",
			    "SCRIPT_NAME", "PATH_INFO", "REQUEST_METHOD",
			    "SERVER_PROTOCOL", "SERVER_NAME", "GATEWAY_INTERFACE",
			    "REMOTE_ADDR", "CONTENT_TYPE", "HTTP_ACCEPT" };
			size_t k;

			for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
				char key[64], want[512];
				const char *p, *eol;

				/* BODY starts with the "\n\n" ending the head. */
				snprintf(key, sizeof(key), "\n%s=", names[k]);
				p = strstr(body, key);
				eol = p != NULL ? strchr(p + 1, '\n') : NULL;
				ck_assert_msg(eol != NULL, "python lacks %s",
				    names[k]);
				p += strlen(key);
				snprintf(want, sizeof(want), "%.*s",
				    (int)(eol - p), p);
				ck_assert_msg(env_has(b.body, names[k], want),
				    "%s: python says %s", names[k], want);
			}
		} else {
			ck_assert_str_eq(body + 2, b.body);
		}
		ck_assert(strstr(raw, response_header(&b, "Content-Type")));
		free(raw);
		response_free(&b);
	}
	exchange(py.port, "POST /a.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
	    &a, 0);
	exchange(srv.port, "POST /a.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
	    &b, 0);
	ck_assert_int_eq(a.status, 501);
	ck_assert_int_eq(b.status, 501);
	ck_assert_str_eq(a.body, b.body);
	response_free(&a);
	response_free(&b);
	server_stop(&py, SIGINT, NULL);
}
END_TEST

/* After all of the above: nothing left running, nothing leaked. */
START_TEST(test_no_leftovers)
{
	ck_assert_int_eq(count_children(srv.pid, 1), 0);
	ck_assert_int_eq(server_stop(&srv, SIGINT, NULL), 0);
	start_cgi(&srv, 0, NULL);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cgi");
	TCase *tc = tcase_create("cgi");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_environment);
	tcase_add_test(tc, test_environment_defaults);
	tcase_add_test(tc, test_arguments);
	tcase_add_test(tc, test_user);
	tcase_add_test(tc, test_routing);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_status_and_redirects);
	tcase_add_test(tc, test_bad_gateway);
	tcase_add_test(tc, test_length_and_keep_alive);
	tcase_add_test(tc, test_length_too_large);
	tcase_add_test(tc, test_stderr_and_exit_code);
	tcase_add_test(tc, test_post_echo_10mib);
	tcase_add_test(tc, test_post_chunked);
	tcase_add_test(tc, test_paused_body_does_not_spin);
	tcase_add_test(tc, test_slow_body_is_not_the_scripts);
	tcase_add_test(tc, test_output_backpressure);
	tcase_add_test(tc, test_input_backpressure);
	tcase_add_test(tc, test_head);
	tcase_add_test(tc, test_redirect_during_body);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_client_abort);
	tcase_add_test(tc, test_stop_with_script_running);
	tcase_add_test(tc, test_fifty_concurrent);
	tcase_add_test(tc, test_same_as_python);
	tcase_add_test(tc, test_no_leftovers);
	suite_add_tcase(s, tc);
	return s;
}
