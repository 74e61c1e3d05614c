/* SPDX-License-Identifier: MIT */
/*
 * check_flags.c - the flags Python 3.15 added to python3 -m http.server,
 * over real sockets: -H/--header (which responses carry the fields, and
 * how they replace ours), --content-type (files whose name gives no
 * type), and the coloured log (stderr a terminal, a pipe or a file,
 * under NO_COLOR, FORCE_COLOR, PYTHON_COLORS and TERM=dumb).  The
 * refusals of bad values, exit 2, are check_cli's usage rows.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "runner.h"

static char *root;
static struct server srv;

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	root = make_docroot();
	srv.pid = 0;
}

static void
teardown(void)
{
	if (srv.pid > 0)
		server_stop(&srv, SIGINT, NULL);
	remove_docroot(root);
}

/* Start serving ROOT on 127.0.0.1 with the options EXTRA (at most 8). */
static void
start_with(const char *const *extra)
{
	const char *args[16] = { "-b", "127.0.0.1", "-d", root };
	size_t n = 4;

	while (*extra != NULL && n < 14)
		args[n++] = *extra++;
	args[n++] = "0";
	args[n] = NULL;
	ck_assert_msg(server_start(&srv, 0, args, NULL) == 0,
	    "server did not start: %s", srv.why);
}

/* How many times the head H holds the field NAME (any case). */
static int
field_count(const char *h, const char *name)
{
	size_t len = strlen(name);
	int n = 0;

	while ((h = strstr(h, "\r\n")) != NULL) {
		h += 2;
		if (strncasecmp(h, name, len) == 0 && h[len] == ':')
			n++;
	}
	return n;
}

/* The whole reply to the raw request REQ (malloc'd), its status checked;
 * the head alone is kept: bodies are not what these tests look at. */
static char *
reply_head(const char *req, int status)
{
	size_t len;
	char *reply = http_raw(srv.port, req, strlen(req), &len);
	char *end = strstr(reply, "\r\n\r\n");
	int got = 0;

	ck_assert_msg(end != NULL, "no head in reply to %s", req);
	end[2] = '\0';
	ck_assert_int_eq(sscanf(reply, "HTTP/1.%*d %d", &got), 1);
	ck_assert_msg(got == status, "%s: got %d, want %d", req, got, status);
	return reply;
}

struct carry_row {
	const char *request;
	int status;
	int carries;	/* the -H fields are in the head */
};

/* As Python 3.15's extra_response_headers: a file's and a listing's
 * responses (and their 206 and 304), never an error or a redirect. */
static const struct carry_row carry_rows[] = {
	{ "GET /a.txt HTTP/1.0\r\n\r\n", 200, 1 },
	{ "HEAD /a.txt HTTP/1.0\r\n\r\n", 200, 1 },
	{ "GET / HTTP/1.0\r\n\r\n", 200, 1 },
	{ "GET /sub/ HTTP/1.0\r\n\r\n", 200, 1 },
	{ "GET /withindex/ HTTP/1.0\r\n\r\n", 200, 1 },
	{ "GET /a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1\r\n"
	    "Connection: close\r\n\r\n", 206, 1 },
	{ "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: "
	    "Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n", 304, 1 },
	{ "GET /missing HTTP/1.0\r\n\r\n", 404, 0 },
	{ "GET /sub HTTP/1.0\r\n\r\n", 301, 0 },
	{ "GET /a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=100-\r\n"
	    "Connection: close\r\n\r\n", 416, 0 },
	{ "POST /a.txt HTTP/1.0\r\n\r\n", 501, 0 },
	{ "GET /../secret.txt HTTP/1.0\r\n\r\n", 404, 0 },
};

/* Two -H of one name are both sent, in order, whichever form each took
 * (curl's 'Name: value', Python 3.15's NAME VALUE); a -H Cache-Control is
 * the only Cache-Control. */
START_TEST(test_header_carried)
{
	const struct carry_row *c = &carry_rows[_i];
	const char *extra[] = { "-H", "X-Test: one", "--header",
	    "X-Test", "two", "-H", "cache-control:max-age=60  ", NULL };
	char *head;

	start_with(extra);
	head = reply_head(c->request, c->status);
	if (c->carries) {
		ck_assert_ptr_nonnull(strstr(head,
		    "\r\nX-Test: one\r\nX-Test: two\r\n"));
		ck_assert_int_eq(field_count(head, "X-Test"), 2);
		ck_assert_int_eq(field_count(head, "Cache-Control"), 1);
		ck_assert_ptr_nonnull(strstr(head,
		    "\r\ncache-control: max-age=60\r\n"));
	} else {
		ck_assert_int_eq(field_count(head, "X-Test"), 0);
		ck_assert_ptr_null(strstr(head, "max-age=60"));
	}
	free(head);
}
END_TEST

/* Without -H, the default Cache-Control; an empty value is a field. */
START_TEST(test_header_default_kept)
{
	const char *extra[] = { "-H", "X-Empty:", NULL };
	char *head;

	start_with(extra);
	head = reply_head("GET /a.txt HTTP/1.0\r\n\r\n", 200);
	ck_assert_ptr_nonnull(strstr(head, "\r\nCache-Control: no-cache\r\n"));
	ck_assert_ptr_nonnull(strstr(head, "\r\nX-Empty: \r\n"));
	free(head);
}
END_TEST

/* A -H named like a field of ours replaces it: one Content-type. */
START_TEST(test_header_replaces_ours)
{
	const char *extra[] = { "-H", "Content-Type: text/x-mine", "-H",
	    "ETag: \"mine\"", NULL };
	char *head;

	start_with(extra);
	head = reply_head("GET /a.txt HTTP/1.0\r\n\r\n", 200);
	ck_assert_int_eq(field_count(head, "Content-Type"), 1);
	ck_assert_ptr_nonnull(strstr(head,
	    "\r\nContent-Type: text/x-mine\r\n"));
	ck_assert_int_eq(field_count(head, "ETag"), 1);
	ck_assert_ptr_nonnull(strstr(head, "\r\nETag: \"mine\"\r\n"));
	free(head);
}
END_TEST

struct type_row {
	const char *path;
	const char *type;	/* with --content-type text/x-default */
};

/* The type of a file whose name gives none; names that give one keep
 * it, application/octet-stream included (Python's rule). */
static const struct type_row type_rows[] = {
	{ "/types/noext", "text/x-default; charset=utf-8" },
	{ "/odd/Zebra", "text/x-default; charset=utf-8" },
	{ "/x.zzqq", "text/x-default; charset=utf-8" },
	{ "/x.bin", "application/octet-stream" },
	{ "/a.txt", "text/plain" },
	{ "/types/p.png", "image/png" },
	{ "/types/doc.html", "text/html" },
};

START_TEST(test_content_type)
{
	const struct type_row *t = &type_rows[_i];
	const char *extra[] = { "--content-type",
	    "text/x-default; charset=utf-8", NULL };
	struct response r;

	write_file(root, "x.zzqq", "z", 1);
	write_file(root, "x.bin", "b", 1);
	start_with(extra);
	ck_assert_int_eq(http_get(srv.port, "GET", t->path, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-type"), t->type);
	response_free(&r);
}
END_TEST

/* Without --content-type: application/octet-stream, as Python. */
START_TEST(test_content_type_default)
{
	const char *extra[] = { NULL };
	struct response r;

	write_file(root, "x.zzqq", "z", 1);
	start_with(extra);
	ck_assert_int_eq(http_get(srv.port, "GET", "/x.zzqq", &r), 0);
	ck_assert_str_eq(response_header(&r, "Content-type"),
	    "application/octet-stream");
	response_free(&r);
	ck_assert_int_eq(http_get(srv.port, "GET", "/types/noext", &r), 0);
	ck_assert_str_eq(response_header(&r, "Content-type"),
	    "application/octet-stream");
	response_free(&r);
}
END_TEST

/* --- colour ------------------------------------------------------------ */

enum sink { SINK_PTY, SINK_PIPE, SINK_FILE };

struct colour_row {
	enum sink sink;
	const char *python_colors;	/* NULL: unset */
	const char *no_color;
	const char *force_color;
	const char *term;
	int coloured;
};

static const struct colour_row colour_rows[] = {
	{ SINK_PTY, NULL, NULL, NULL, NULL, 1 },
	{ SINK_PTY, NULL, NULL, NULL, "xterm", 1 },
	{ SINK_PTY, NULL, "1", NULL, NULL, 0 },
	{ SINK_PTY, NULL, "", NULL, NULL, 1 },
	{ SINK_PTY, NULL, NULL, NULL, "dumb", 0 },
	{ SINK_PTY, "0", NULL, NULL, NULL, 0 },
	{ SINK_PTY, NULL, "1", "1", NULL, 0 },
	{ SINK_PTY, NULL, NULL, "1", "dumb", 1 },
	{ SINK_PIPE, NULL, NULL, NULL, NULL, 0 },
	{ SINK_PIPE, NULL, NULL, NULL, "xterm", 0 },
	{ SINK_PIPE, NULL, NULL, "1", NULL, 1 },
	{ SINK_PIPE, "1", "1", NULL, NULL, 1 },
	{ SINK_FILE, NULL, NULL, NULL, NULL, 0 },
	{ SINK_FILE, NULL, NULL, "1", NULL, 1 },
};

/* Set NAME to VALUE in the environment the server inherits, or unset. */
static void
set_env(const char *name, const char *value)
{
	if (value != NULL)
		ck_assert_int_eq(setenv(name, value, 1), 0);
	else
		ck_assert_int_eq(unsetenv(name), 0);
}

/* Read FD until what was read holds NEEDLE (or WAIT_SECONDS): malloc'd.
 * A terminal's EIO after its last writer goes counts as its end. */
static char *
read_until(int fd, const char *needle)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000LL;
	size_t len = 0, cap = 4096;
	char *text = calloc(1, cap);
	ssize_t n;

	ck_assert_ptr_nonnull(text);
	while (strstr(text, needle) == NULL && now_ms() < deadline) {
		if (!wait_readable(fd, (int)(deadline - now_ms())))
			break;
		if (len + 1024 + 1 > cap) {
			cap *= 2;
			text = realloc(text, cap);
			ck_assert_ptr_nonnull(text);
		}
		n = read(fd, text + len, 1024);
		if (n <= 0)
			break;
		len += (size_t)n;
		text[len] = '\0';
	}
	return text;
}

/* Start with stderr to SINK; the descriptor to read it from, or -1 for
 * the harness's file. */
static int
start_to_sink(enum sink sink)
{
	const char *args[] = { "-b", "127.0.0.1", "-d", root, "0", NULL };
	int fds[2], rc;

	if (sink == SINK_FILE) {
		rc = server_start(&srv, 0, args, NULL);
		ck_assert_msg(rc == 0, "server did not start: %s", srv.why);
		return -1;
	}
	if (sink == SINK_PTY)
		ck_assert_int_eq(openpty(&fds[0], &fds[1], NULL, NULL, NULL),
		    0);
	else
		ck_assert_int_eq(pipe(fds), 0);
	rc = server_start_err_fd(&srv, args, NULL, fds[1]);
	close(fds[1]);
	ck_assert_msg(rc == 0, "server did not start: %s", srv.why);
	return fds[0];
}

/* The access log line of GET /a.txt: in Python 3.15's colours exactly
 * when its rule says so, and then with no escape anywhere else. */
START_TEST(test_colour)
{
	const struct colour_row *c = &colour_rows[_i];
	static const char coloured[] = "\x1b[36m\"GET /a.txt HTTP/1.0\""
	    "\x1b[0m \x1b[32m200\x1b[0m \x1b[90m-\x1b[0m";
	static const char plain[] = "\"GET /a.txt HTTP/1.0\" 200 -";
	struct response r;
	char *text;
	int fd;

	set_env("PYTHON_COLORS", c->python_colors);
	set_env("NO_COLOR", c->no_color);
	set_env("FORCE_COLOR", c->force_color);
	set_env("TERM", c->term);
	fd = start_to_sink(c->sink);
	ck_assert_int_eq(http_get(srv.port, "GET", "/a.txt", &r), 0);
	response_free(&r);
	if (fd >= 0) {
		text = read_until(fd, "HTTP/1.0\"");
		close(fd);
	} else {
		ck_assert_int_eq(server_wait_stderr(&srv, "HTTP/1.0\""), 0);
		text = server_stderr(&srv);
	}
	if (c->coloured) {
		ck_assert_msg(strstr(text, coloured) != NULL,
		    "no colour in: %s", text);
		ck_assert_ptr_nonnull(strstr(text, "[\x1b[90m"));
	} else {
		ck_assert_msg(strstr(text, plain) != NULL, "not plain: %s",
		    text);
		ck_assert_ptr_null(strchr(text, '\x1b'));
	}
	free(text);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("flags");
	TCase *tc = tcase_create("flags");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	ADD_TABLE(tc, test_header_carried, carry_rows);
	tcase_add_test(tc, test_header_default_kept);
	tcase_add_test(tc, test_header_replaces_ours);
	ADD_TABLE(tc, test_content_type, type_rows);
	tcase_add_test(tc, test_content_type_default);
	ADD_TABLE(tc, test_colour, colour_rows);
	suite_add_tcase(s, tc);
	return s;
}
