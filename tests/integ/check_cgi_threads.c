/* SPDX-License-Identifier: MIT */
/*
 * check_cgi_threads.c - CGI scripts on a server of two loops, through the
 * library: a script runs on the loop of its connection, both loops run
 * theirs at once and each reaps its own (a response ends only once its
 * script is reaped), scripts whose client left are killed and reaped on
 * both loops, and the server takes neither SIGCHLD nor the program's
 * other children.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "harness.h"
#include "httpserve.h"
#include "runner.h"

#define LOOPS 2
#define CONNECTIONS 100

static char *parent, *root;
static struct hs_static *st;
static struct hs_cgi *cgi;
static struct hs_server *srv;
static int port;
static pthread_t loop_thread;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Log messages that tell a script's exit status ("CGI script exit code"). */
static int exit_lines;

/*
 * What the CGI handler declines.  GET /who: the number of REQ's loop, 0
 * for the server's first (that of hs_server_base()), 1 for the other;
 * GET /break, on the first loop: break it off, as the command does on
 * SIGINT, and the other with it (the loops stop with scripts running).
 */
static enum hs_handler_result
do_who(struct hs_request *req, void *arg)
{
	struct event_base *base = hs_loop_base(hs_request_loop(req));
	int loop = base == hs_server_base(srv) ? 0 : 1;
	char body[16], len[16];

	(void)arg;
	if (strcmp(hs_request_path(req), "/break") == 0) {
		ck_assert_int_eq(loop, 0);
		ck_assert_int_eq(event_base_loopbreak(base), 0);
	}
	snprintf(body, sizeof(body), "%d", loop);
	snprintf(len, sizeof(len), "%zu", strlen(body));
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Length", len);
	hs_end_headers(req);
	hs_write(req, body, strlen(body));
	return HS_DONE;
}

static void
count_exit_lines(const struct hs_request *req, const char *message,
    void *arg)
{
	(void)req;
	(void)arg;
	if (strstr(message, "CGI script exit code 3") != NULL) {
		pthread_mutex_lock(&lock);
		exit_lines++;
		pthread_mutex_unlock(&lock);
	}
}

static int
exit_line_count(void)
{
	int n;

	pthread_mutex_lock(&lock);
	n = exit_lines;
	pthread_mutex_unlock(&lock);
	return n;
}

static void *
run_loop(void *arg)
{
	(void)arg;
	ck_assert_int_eq(hs_server_serve_forever(srv), 0);
	return NULL;
}

/* The scripts: echo.sh sends back its body (so it waits for all of it),
 * three.sh answers and exits with status 3.  Scripts may run as nobody:
 * everything on the way is 0755. */
static void
setup(void)
{
	static const char echo[] = "#!/bin/sh\n"
	    "printf 'Content-Type: application/octet-stream\\n\\n'\n"
	    "exec cat\n";
	static const char three[] = "#!/bin/sh\n"
	    "printf 'Content-Type: text/plain\\n\\nthree\\n'\nexit 3\n";
	char dir[1024];

	signal(SIGPIPE, SIG_IGN);
	parent = make_temp_dir();
	ck_assert_int_eq(chmod(parent, 0755), 0);
	ck_assert_int_ge(asprintf(&root, "%s/www", parent), 0);
	snprintf(dir, sizeof(dir), "%s/cgi-bin", root);
	ck_assert_int_eq(mkdir(root, 0755), 0);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	write_file(dir, "echo.sh", echo, sizeof(echo) - 1);
	write_file(dir, "three.sh", three, sizeof(three) - 1);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(chmod("echo.sh", 0755), 0);
	ck_assert_int_eq(chmod("three.sh", 0755), 0);
}

static void
teardown(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	remove_tree(parent);
	free(parent);
	free(root);
}

/* A server of LOOPS loops: CGI first, then /who for what it declines. */
static void
start(void)
{
	exit_lines = 0;
	st = hs_static_new(root);
	ck_assert_ptr_nonnull(st);
	cgi = hs_cgi_new(st);
	ck_assert_ptr_nonnull(cgi);
	/* Scripts wait for the test, not the other way round. */
	ck_assert_int_eq(hs_cgi_set_timeout(cgi, WAIT_SECONDS), 0);
	srv = hs_server_new(NULL);
	ck_assert_ptr_nonnull(srv);
	hs_server_set_log_handler(srv, count_exit_lines, NULL);
	ck_assert_int_eq(hs_server_set_protocol_version(srv, "HTTP/1.1"), 0);
	ck_assert_int_eq(hs_server_set_threads(srv, LOOPS), 0);
	ck_assert_int_eq(hs_cgi_register(cgi, srv), 0);
	ck_assert_int_eq(hs_server_add_handler(srv, "GET", do_who, NULL), 0);
	ck_assert_int_eq(hs_server_listen(srv, "127.0.0.1", 0), 0);
	port = hs_server_port(srv);
	ck_assert_int_eq(pthread_create(&loop_thread, NULL, run_loop, NULL),
	    0);
}

/* Stop the loops, then free in the documented order. */
static void
stop(void)
{
	hs_server_shutdown(srv);
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	hs_cgi_free(cgi);
	hs_server_free(srv);
	hs_static_free(st);
}

/* GET /who on FD (kept alive): the loop number. */
static int
ask_loop(int fd)
{
	struct response r;
	int loop;

	client_send_str(fd, "GET /who HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	loop = atoi(r.body);
	response_free(&r);
	return loop;
}

/* Into FDS[loop], a kept-alive connection on each loop. */
static void
connect_each_loop(int fds[LOOPS])
{
	int i, found = 0;

	for (i = 0; i < LOOPS; i++)
		fds[i] = -1;
	for (i = 0; i < CONNECTIONS && found < LOOPS; i++) {
		int fd = client_connect(port), loop = ask_loop(fd);

		ck_assert(loop >= 0 && loop < LOOPS);
		if (fds[loop] < 0) {
			fds[loop] = fd;
			found++;
		} else {
			close(fd);
		}
	}
	ck_assert_msg(found == LOOPS, "%d connections reached %d loops",
	    CONNECTIONS, found);
}

/* Start echo.sh on FD, with half of its 10-byte body: it waits. */
static void
start_echo(int fd)
{
	client_send_str(fd, "POST /cgi-bin/echo.sh HTTP/1.1\r\n"
	    "Content-Length: 10\r\n\r\nhalf-");
}

/* Wait until we have N children (or WAIT_SECONDS); their count. */
static int
wait_children(int n)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	int count;

	while ((count = count_children(getpid(), 0)) != n &&
	    now_ms() < deadline)
		sleep_ms(20);
	return count;
}

/*
 * A script on each loop at once, each waiting for the rest of its body
 * while the loops answer others; then each gets its body and answers on
 * its own connection (its loop saw it exit: the response ends only
 * then), and a script exiting 3 on each loop has its status logged.
 */
START_TEST(test_scripts_on_each_loop)
{
	int fds[LOOPS], i, other, base;
	struct response r;

	start();
	base = count_fds(getpid());
	connect_each_loop(fds);
	for (i = 0; i < LOOPS; i++)
		start_echo(fds[i]);
	ck_assert_int_eq(wait_children(LOOPS), LOOPS);
	other = client_connect(port);
	for (i = 0; i < 5; i++)
		ck_assert_int_lt(ask_loop(other), LOOPS);
	close(other);
	for (i = 0; i < LOOPS; i++) {
		client_send_str(fds[i], "done!");
		ck_assert_int_eq(read_response(fds[i], &r, 0), 0);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(r.body, "half-done!");
		response_free(&r);
		close(fds[i]);
	}
	connect_each_loop(fds);
	for (i = 0; i < LOOPS; i++) {
		client_send_str(fds[i], "GET /cgi-bin/three.sh HTTP/1.1\r\n\r\n");
		ck_assert_int_eq(read_response(fds[i], &r, 0), 0);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(r.body, "three\n");
		response_free(&r);
		close(fds[i]);
	}
	ck_assert_int_eq(exit_line_count(), LOOPS);
	ck_assert_int_eq(wait_children(0), 0);
	/* Every socket, pipe and pidfd of the scripts is closed again. */
	ck_assert_int_eq(wait_fds_at_most(getpid(), base), base);
	stop();
}
END_TEST

/* Clients that leave mid-script, one on each loop: each loop kills its
 * script and reaps it, leaving no zombie; the loops serve on. */
START_TEST(test_abandoned_scripts_reaped)
{
	int fds[LOOPS], i;

	start();
	connect_each_loop(fds);
	for (i = 0; i < LOOPS; i++)
		start_echo(fds[i]);
	ck_assert_int_eq(wait_children(LOOPS), LOOPS);
	for (i = 0; i < LOOPS; i++)
		close_reset(fds[i]);
	ck_assert_int_eq(wait_children(0), 0);
	connect_each_loop(fds);
	for (i = 0; i < LOOPS; i++)
		close(fds[i]);
	stop();
}
END_TEST

/* Scripts still running when the loops are broken off, one on each
 * loop: hs_cgi_free() kills and reaps them all. */
START_TEST(test_free_kills_every_loops_scripts)
{
	int fds[LOOPS], breaker[LOOPS], i;

	start();
	connect_each_loop(fds);
	for (i = 0; i < LOOPS; i++)
		start_echo(fds[i]);
	ck_assert_int_eq(wait_children(LOOPS), LOOPS);
	connect_each_loop(breaker);
	client_send_str(breaker[0], "GET /break HTTP/1.1\r\n\r\n");
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	hs_cgi_free(cgi);
	ck_assert_int_eq(count_children(getpid(), 0), 0);
	hs_server_free(srv);
	hs_static_free(st);
	for (i = 0; i < LOOPS; i++) {
		close(fds[i]);
		close(breaker[i]);
	}
}
END_TEST

/*
 * The program's SIGCHLD and its other children stay its own: while
 * scripts run and exit on both loops, SIGCHLD keeps its default action,
 * and a child of the program's is left for the program to reap, with
 * its status.
 */
START_TEST(test_programs_children_are_its_own)
{
	struct sigaction sa;
	struct response r;
	int fds[LOOPS], go[2], i, status;
	pid_t mine;
	char c = 'g';

	ck_assert_int_eq(pipe(go), 0);
	mine = fork();
	ck_assert_int_ge(mine, 0);
	if (mine == 0) {
		close(go[1]);
		_exit(read(go[0], &c, 1) == 1 ? 7 : 1);
	}
	close(go[0]);
	start();
	connect_each_loop(fds);
	for (i = 0; i < LOOPS; i++) {
		client_send_str(fds[i], "GET /cgi-bin/three.sh HTTP/1.1\r\n\r\n");
		ck_assert_int_eq(read_response(fds[i], &r, 0), 0);
		ck_assert_int_eq(r.status, 200);
		response_free(&r);
		close(fds[i]);
	}
	ck_assert_int_eq(sigaction(SIGCHLD, NULL, &sa), 0);
	ck_assert(sa.sa_handler == SIG_DFL);
	ck_assert_int_eq(write(go[1], &c, 1), 1);
	ck_assert_int_eq(waitpid(mine, &status, 0), mine);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	close(go[1]);
	stop();
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cgi_threads");
	TCase *tc = tcase_create("cgi_threads");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_scripts_on_each_loop);
	tcase_add_test(tc, test_abandoned_scripts_reaped);
	tcase_add_test(tc, test_free_kills_every_loops_scripts);
	tcase_add_test(tc, test_programs_children_are_its_own);
	suite_add_tcase(s, tc);
	return s;
}
