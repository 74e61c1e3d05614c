/* SPDX-License-Identifier: MIT */
/*
 * check_threads.c - a server of several event loops (hs_server_set_threads
 * and the command's --threads): connections spread across the loops, a
 * handler that blocks one loop does not stall another, shutdown stops
 * them all, and the command's log lines stay whole under load.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "httpserve.h"
#include "runner.h"

#define LOOPS 2
#define CONNECTIONS 100

static struct hs_server *srv;
static int port;
static pthread_t loop_thread;

/* The loops' threads as they first answered, and requests per loop. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t loop_ids[LOOPS];
static int nloop_ids;
static int served[LOOPS];

/* The /block handler waits for a byte on this pipe. */
static int unblock[2] = { -1, -1 };

/* Which loop (0, 1, ...) the calling thread runs, counting a request. */
static int
count_request(void)
{
	pthread_t self = pthread_self();
	int i;

	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < nloop_ids; i++)
		if (pthread_equal(loop_ids[i], self))
			break;
	if (i == nloop_ids) {
		ck_assert_int_lt(nloop_ids, LOOPS);
		loop_ids[nloop_ids++] = self;
	}
	served[i]++;
	pthread_mutex_unlock(&seen_lock);
	return i;
}

static void
reply(struct hs_request *req, const char *body)
{
	char len[32];

	snprintf(len, sizeof(len), "%zu", strlen(body));
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Length", len);
	hs_end_headers(req);
	hs_write(req, body, strlen(body));
}

/* GET /who: the loop's number; GET /block: the same, after a byte on the
 * unblock pipe (or 10 s), holding its loop's thread meanwhile. */
static enum hs_handler_result
do_get(struct hs_request *req, void *arg)
{
	char body[16];
	int loop = count_request();

	(void)arg;
	if (strcmp(hs_request_path(req), "/block") == 0) {
		struct pollfd pfd = { unblock[0], POLLIN, 0 };
		char byte;

		if (poll(&pfd, 1, 10000) == 1)
			(void)read(unblock[0], &byte, 1);
	}
	snprintf(body, sizeof(body), "%d", loop);
	reply(req, body);
	return HS_DONE;
}

static void
quiet_log(const struct hs_request *req, const char *message, void *arg)
{
	(void)req;
	(void)message;
	(void)arg;
}

static void *
run_loop(void *arg)
{
	(void)arg;
	ck_assert_int_eq(hs_server_serve_forever(srv), 0);
	return NULL;
}

static void
start(void)
{
	signal(SIGPIPE, SIG_IGN);
	memset(served, 0, sizeof(served));
	nloop_ids = 0;
	ck_assert_int_eq(pipe2(unblock, O_CLOEXEC), 0);
	srv = hs_server_new(NULL);
	ck_assert_ptr_nonnull(srv);
	hs_server_set_log_handler(srv, quiet_log, NULL);
	ck_assert_int_eq(hs_server_set_protocol_version(srv, "HTTP/1.1"), 0);
	ck_assert_int_eq(hs_server_handle(srv, "GET", do_get, NULL), 0);
	ck_assert_int_eq(hs_server_set_threads(srv, LOOPS), 0);
	ck_assert_int_eq(hs_server_threads(srv), LOOPS);
	ck_assert_int_eq(hs_server_listen(srv, "127.0.0.1", 0), 0);
	/* Too late now: the listening sockets are made. */
	ck_assert_int_eq(hs_server_set_threads(srv, 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	port = hs_server_port(srv);
	ck_assert_int_eq(pthread_create(&loop_thread, NULL, run_loop, NULL),
	    0);
}

static void
stop(void)
{
	hs_server_shutdown(srv);
	ck_assert_int_eq(pthread_join(loop_thread, NULL), 0);
	hs_server_free(srv);
	srv = NULL;
	close(unblock[0]);
	close(unblock[1]);
}

/* GET PATH on FD (kept alive); the loop number the body gives. */
static int
ask_loop(int fd, const char *path)
{
	char req[64];
	struct response r;
	int loop;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\n\r\n", path);
	client_send_str(fd, req);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	loop = atoi(r.body);
	response_free(&r);
	return loop;
}

/* A hundred clients, a request each: every loop takes at least a quarter
 * (the kernel spreads them by address and port). */
START_TEST(test_connections_spread)
{
	int i, fd;

	start();
	for (i = 0; i < CONNECTIONS; i++) {
		fd = client_connect(port);
		(void)ask_loop(fd, "/who");
		close(fd);
	}
	stop();
	ck_assert_int_eq(nloop_ids, LOOPS);
	for (i = 0; i < LOOPS; i++)
		ck_assert_msg(served[i] >= CONNECTIONS / 4, "loop %d served "
		    "%d of %d", i, served[i], CONNECTIONS);
	ck_assert_int_eq(served[0] + served[1], CONNECTIONS);
}
END_TEST

/* A handler holding one loop's thread: the other loop's clients are
 * answered meanwhile; the held one is answered once it lets go. */
START_TEST(test_blocked_loop_stalls_no_other)
{
	int held, other = -1, held_loop, i;
	struct response r;
	long long t0;

	start();
	held = client_connect(port);
	held_loop = ask_loop(held, "/who");
	for (i = 0; i < CONNECTIONS && other < 0; i++) {
		int fd = client_connect(port);

		if (ask_loop(fd, "/who") != held_loop)
			other = fd;
		else
			close(fd);
	}
	ck_assert_msg(other >= 0, "no connection reached the other loop");
	client_send_str(held, "GET /block HTTP/1.1\r\n\r\n");
	/* The held loop is busy in its handler (or about to be); the other
	 * answers at once, several times. */
	t0 = now_ms();
	for (i = 0; i < 5; i++)
		ck_assert_int_ne(ask_loop(other, "/who"), held_loop);
	ck_assert_msg(now_ms() - t0 < 5000, "the other loop waited");
	ck_assert(!wait_readable(held, 100));
	ck_assert_int_eq(write(unblock[1], "x", 1), 1);
	ck_assert_int_eq(read_response(held, &r, 0), 0);
	ck_assert_int_eq(atoi(r.body), held_loop);
	response_free(&r);
	close(held);
	close(other);
	stop();
}
END_TEST

/* hs_server_shutdown() with a client idle on each loop: every loop stops
 * and serve_forever() returns; the clients see their connection close. */
START_TEST(test_shutdown_stops_every_loop)
{
	int fds[8], i;

	start();
	for (i = 0; i < 8; i++) {
		fds[i] = client_connect(port);
		(void)ask_loop(fds[i], "/who");
	}
	ck_assert_int_eq(nloop_ids, LOOPS);
	stop();
	for (i = 0; i < 8; i++) {
		ck_assert(client_sees_eof(fds[i], 5000));
		close(fds[i]);
	}
}
END_TEST

/* S's stderr once it holds N request lines (or after 10 s). */
static char *
wait_log_lines(const struct server *s, int n)
{
	long long deadline = now_ms() + 10000;
	char *err;

	for (;;) {
		const char *p;
		int count = 0;

		err = server_stderr(s);
		ck_assert_ptr_nonnull(err);
		for (p = err; (p = strstr(p, "\" 404 -\n")) != NULL; p++)
			count++;
		if (count >= n || now_ms() > deadline)
			return err;
		free(err);
		sleep_ms(20);
	}
}

/*
 * The command with --threads 2 under load from 8 clients at once: every
 * request answered, every line on stderr a whole log line (the loops'
 * lines never interleave), one per request, and SIGINT stops it.
 */
START_TEST(test_command_log_lines_whole)
{
	const char *args[] = { "-b", "127.0.0.1", "-p", "HTTP/1.1", "--threads",
	    "2", "0", NULL };
	const int clients = 8, each = 250;
	struct server s;
	int fds[8], i, j, lines = 0;
	char *err, *line, *next;

	ck_assert_msg(server_start(&s, 0, args, NULL) == 0,
	    "server did not start: %s", s.why);
	for (i = 0; i < clients; i++)
		fds[i] = client_connect(s.port);
	for (j = 0; j < each; j++) {
		for (i = 0; i < clients; i++)
			client_send_str(fds[i], "GET /nope HTTP/1.1\r\n\r\n");
		for (i = 0; i < clients; i++) {
			struct response r;

			ck_assert_int_eq(read_response(fds[i], &r, 0), 0);
			ck_assert_int_eq(r.status, 404);
			response_free(&r);
		}
	}
	for (i = 0; i < clients; i++)
		close(fds[i]);
	/* A line goes out at the end of the loop turn that answered: wait
	 * (bounded) until all of them are there. */
	err = wait_log_lines(&s, clients * each);
	for (line = err; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		ck_assert_msg(next != NULL, "a line cut short: %s", line);
		*next++ = '\0';
		if (strstr(line, "\"GET /nope HTTP/1.1\" 404 -") != NULL) {
			ck_assert(text_matches(line, "^127\\.0\\.0\\.1 - - "
			    "\\[[^]]*\\] \"GET /nope HTTP/1\\.1\" 404 -$"));
			lines++;
		} else {
			ck_assert_msg(text_matches(line, "^127\\.0\\.0\\.1 - - "
			    "\\[[^]]*\\] code 404, message File not found$"),
			    "not a log line: %s", line);
		}
	}
	ck_assert_int_eq(lines, clients * each);
	free(err);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("threads");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_connections_spread);
	tcase_add_test(tc, test_blocked_loop_stalls_no_other);
	tcase_add_test(tc, test_shutdown_stops_every_loop);
	tcase_add_test(tc, test_command_log_lines_whole);
	suite_add_tcase(s, tc);
	return s;
}
