/* SPDX-License-Identifier: MIT */
/*
 * check_log.c - the access log on a standard error that is a pipe or a
 * socket (issue 9): a reader that never reads does not stop the serving,
 * nor SIGINT or SIGTERM from stopping the server at once; a reader that
 * comes back gets whole lines and one line counting those dropped; with
 * a reader, every line is there, the last ones too, once the server has
 * stopped.  (The lines' bytes are Python's: check_protocol, check_python.)
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "runner.h"

/* More log lines than a pipe (64 KiB) and the server's queue (256 KiB)
 * hold together: some 60 bytes each. */
#define MANY_REQUESTS 12000

/* Requests sent in one write on the kept-alive connection. */
#define PIPELINE 100

/* How long SIGINT or SIGTERM may take to stop a server. */
#define STOP_MS 5000

/* What each response ends with, once: the end of its head and body. */
static const char hello_end[] = "\r\n\r\nhello\n";

/* Every line of the log is one of these. */
static const char access_re[] = "^127\\.0\\.0\\.1 - - \\[[0-9]{2}/[A-Z][a-z]{2}/"
    "[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\\] \"GET /a\\.txt(\\?[a-z]+=[0-9]+)? "
    "HTTP/1\\.1\" 200 -$";
static const char dropped_re[] = "^httpserve: [0-9]+ log lines? dropped: "
    "standard error was not being read$";

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

/* The two kinds of standard error a reader can stop reading. */
enum err_kind { ERR_PIPE, ERR_SOCKET };

/* A pipe or socket pair: FDS[0] the test's end, FDS[1] the server's. */
static void
make_err_pair(enum err_kind kind, int fds[2])
{
	if (kind == ERR_PIPE)
		ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	else
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM |
		    SOCK_CLOEXEC, 0, fds), 0);
}

/* Start httpserve (HTTP/1.1, keep-alive) with standard error the far end
 * of a pipe or socket pair; *ERR gets the near end, not read yet. */
static void
start_with_err(struct server *s, enum err_kind kind, int *err)
{
	const char *args[] = { "-b", "127.0.0.1", "-p", "HTTP/1.1", "-d",
	    root, "0", NULL };
	int fds[2];

	make_err_pair(kind, fds);
	ck_assert_msg(server_start_err_fd(s, args, NULL, fds[1]) == 0,
	    "server did not start: %s", s->why);
	close(fds[1]);
	*err = fds[0];
}

/* Count the responses in LEN bytes of DATA that follow the TAIL bytes
 * kept from the previous read; keep the new tail: one byte short of a
 * whole marker, so a marker that ended a read is never counted twice. */
static int
count_hellos(char *tail, size_t *tail_len, const char *data, size_t len)
{
	char buf[sizeof(hello_end) - 1 + 65536];
	const char *p = buf, *end;
	int n = 0;

	ck_assert_uint_le(len, sizeof(buf) - *tail_len);
	memcpy(buf, tail, *tail_len);
	memcpy(buf + *tail_len, data, len);
	end = buf + *tail_len + len;
	while ((p = memmem(p, (size_t)(end - p), hello_end,
	    sizeof(hello_end) - 1)) != NULL) {
		n++;
		p += sizeof(hello_end) - 1;
	}
	*tail_len = (size_t)(end - buf) < sizeof(hello_end) - 2 ?
	    (size_t)(end - buf) : sizeof(hello_end) - 2;
	memcpy(tail, end - *tail_len, *tail_len);
	return n;
}

/* Read N "hello" responses from FD within WAIT_SECONDS. */
static void
expect_hellos(int fd, int n)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	char tail[sizeof(hello_end)], data[65536];
	size_t tail_len = 0;
	int seen = 0;

	while (seen < n) {
		ssize_t got;

		ck_assert_msg(wait_readable(fd, (int)(deadline - now_ms())),
		    "%d of %d responses within %d s", seen, n, WAIT_SECONDS);
		got = read(fd, data, sizeof(data));
		ck_assert_msg(got > 0, "connection closed after %d of %d "
		    "responses", seen, n);
		seen += count_hellos(tail, &tail_len, data, (size_t)got);
	}
	ck_assert_int_eq(seen, n);
}

/* Send COUNT requests for /a.txt (with "?NAME=i" when NAME is set) on
 * the kept-alive connection FD, PIPELINE in a write, and read the
 * answers. */
static void
request_hellos(int fd, int count, const char *name)
{
	char *batch = malloc(PIPELINE * 64), *p;
	int i = 0, k;

	ck_assert_ptr_nonnull(batch);
	while (i < count) {
		p = batch;
		for (k = 0; k < PIPELINE && i < count; k++, i++) {
			if (name != NULL)
				p += sprintf(p, "GET /a.txt?%s=%d HTTP/1.1\r\n"
				    "Host: t\r\n\r\n", name, i);
			else
				p += sprintf(p, "GET /a.txt HTTP/1.1\r\n"
				    "Host: t\r\n\r\n");
		}
		client_send(fd, batch, (size_t)(p - batch));
		expect_hellos(fd, k);
	}
	free(batch);
}

/* Read what FD holds now (nothing more arriving for IDLE_MS) or until
 * EOF, appending to *LOG (LEN bytes so far); 1 at EOF. */
static int
read_log(int fd, char **log, size_t *len, int idle_ms)
{
	char data[65536];
	ssize_t got;

	while (wait_readable(fd, idle_ms)) {
		got = read(fd, data, sizeof(data));
		if (got <= 0)
			return 1;
		*log = realloc(*log, *len + (size_t)got + 1);
		ck_assert_ptr_nonnull(*log);
		memcpy(*log + *len, data, (size_t)got);
		*len += (size_t)got;
		(*log)[*len] = '\0';
	}
	return 0;
}

/* Read FD until NEEDLE is in *LOG, within WAIT_SECONDS. */
static void
read_log_until(int fd, char **log, size_t *len, const char *needle)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;

	while (*log == NULL || strstr(*log, needle) == NULL) {
		ck_assert_msg(now_ms() < deadline, "no \"%s\" in the log "
		    "within %d s", needle, WAIT_SECONDS);
		ck_assert_msg(wait_readable(fd, (int)(deadline - now_ms())),
		    "no \"%s\" in the log within %d s", needle,
		    WAIT_SECONDS);
		ck_assert_int_eq(read_log(fd, log, len, 0), 0);
	}
}

/* What a log holds, line by line. */
struct log_count {
	int access;		/* access lines */
	int dropped_lines;	/* drop lines */
	long dropped;		/* lines they say were dropped */
};

/*
 * Check that every line of LOG is an access line or a drop line, and
 * count them.  With CUT_END, LOG may end in the beginning of a line: the
 * server stopped with the rest of it still queued for a reader who never
 * read (it is dropped, not written out of place).
 */
static struct log_count
check_lines(char *log, int cut_end)
{
	struct log_count c = { 0, 0, 0 };
	char *line, *save = NULL, *end = strrchr(log, '\n');

	if (cut_end && end != NULL && end[1] != '\0') {
		ck_assert_msg(strncmp(end + 1, "127.0.0.1 - - [",
		    strlen(end + 1) < 15 ? strlen(end + 1) : 15) == 0,
		    "the log ends in \"%s\"", end + 1);
		end[1] = '\0';
	}
	ck_assert_msg(log[0] == '\0' || log[strlen(log) - 1] == '\n',
	    "the log ends in a cut line");
	for (line = strtok_r(log, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (text_matches(line, access_re)) {
			c.access++;
		} else {
			ck_assert_msg(text_matches(line, dropped_re),
			    "not a log line: \"%s\"", line);
			c.dropped_lines++;
			c.dropped += atol(line + strlen("httpserve: "));
		}
	}
	return c;
}

/* Stop S with SIG within STOP_MS, exit status 0 and Python's goodbye. */
static void
stop_promptly(struct server *s, int sig)
{
	long long start = now_ms();
	char *rest = NULL;
	int status = server_stop(s, sig, &rest);
	long long took = now_ms() - start;

	ck_assert_msg(took < STOP_MS, "signal %d took %lld ms to stop the "
	    "server", sig, took);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "wait status %d after signal %d", status, sig);
	ck_assert_ptr_nonnull(rest);
	ck_assert_str_eq(rest, "\nKeyboard interrupt received, exiting.\n");
	free(rest);
}

/* The rows of test_unread: which signal, which kind of stderr. */
static const struct {
	int sig;
	enum err_kind kind;
} unread_rows[] = {
	{ SIGTERM, ERR_PIPE },
	{ SIGINT, ERR_PIPE },
	{ SIGTERM, ERR_SOCKET },
	{ SIGINT, ERR_SOCKET },
};

/*
 * Standard error that nobody reads: every request is answered (the server
 * froze after some 944 lines when each was a blocking write), the signal
 * stops the server at once, and what the log did take is whole lines,
 * fewer than the requests.
 */
START_TEST(test_unread)
{
	struct server s;
	struct log_count c;
	char *log = NULL;
	size_t len = 0;
	int fd, err;

	start_with_err(&s, unread_rows[_i].kind, &err);
	fd = client_connect(s.port);
	request_hellos(fd, MANY_REQUESTS, NULL);
	close(fd);
	stop_promptly(&s, unread_rows[_i].sig);
	ck_assert_int_eq(read_log(err, &log, &len, WAIT_SECONDS * 1000), 1);
	close(err);
	ck_assert_ptr_nonnull(log);
	c = check_lines(log, 1);
	ck_assert_int_gt(c.access, 0);
	ck_assert_int_lt(c.access, MANY_REQUESTS);
	free(log);
}
END_TEST

/*
 * The reader comes back after the stall: the lines it gets are whole, the
 * drop line comes once, after the lines kept, and says how many went
 * missing, to the line; the lines after it are all there.
 */
START_TEST(test_reader_comes_back)
{
	enum { AFTER = 20 };
	struct server s;
	struct log_count c;
	char *log = NULL, *drop, *later;
	char last[32];
	size_t len = 0;
	int fd, err;

	start_with_err(&s, ERR_PIPE, &err);
	fd = client_connect(s.port);
	request_hellos(fd, MANY_REQUESTS, NULL);
	read_log_until(err, &log, &len, " dropped: ");
	request_hellos(fd, AFTER, "after");
	snprintf(last, sizeof(last), "?after=%d ", AFTER - 1);
	read_log_until(err, &log, &len, last);
	close(fd);
	stop_promptly(&s, SIGTERM);
	ck_assert_int_eq(read_log(err, &log, &len, WAIT_SECONDS * 1000), 1);
	close(err);

	drop = strstr(log, "httpserve: ");
	later = strstr(log, "?after=");
	ck_assert_ptr_nonnull(drop);
	ck_assert_ptr_nonnull(later);
	ck_assert_msg(drop < later, "the drop line comes after later lines");
	ck_assert_ptr_null(strstr(later, "httpserve: "));
	c = check_lines(log, 0);
	ck_assert_int_eq(c.dropped_lines, 1);
	ck_assert_int_gt(c.dropped, 0);
	ck_assert_int_eq(c.access + c.dropped, MANY_REQUESTS + AFTER);
	free(log);
}
END_TEST

/*
 * With a reader, N requests pipelined in one write give N lines, in
 * order, and the last of them are there once the server has stopped: a
 * signal right after the last response loses no line.
 */
START_TEST(test_reader_gets_all)
{
	enum { N = 50 };
	struct server s;
	char *log = NULL, *p;
	char want[40];
	size_t len = 0;
	int fd, err, i;

	start_with_err(&s, _i == 0 ? ERR_PIPE : ERR_SOCKET, &err);
	fd = client_connect(s.port);
	request_hellos(fd, N, "n");
	close(fd);
	stop_promptly(&s, SIGINT);
	ck_assert_int_eq(read_log(err, &log, &len, WAIT_SECONDS * 1000), 1);
	close(err);
	ck_assert_ptr_nonnull(log);
	for (p = log, i = 0; i < N; i++) {
		snprintf(want, sizeof(want), "\"GET /a.txt?n=%d HTTP/1.1\"", i);
		p = strstr(p, want);
		ck_assert_msg(p != NULL, "line %d of %d missing or out of order",
		    i + 1, N);
	}
	ck_assert_int_eq(check_lines(log, 0).access, N);
	free(log);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 4 * WAIT_SECONDS);
	ADD_TABLE(tc, test_unread, unread_rows);
	tcase_add_test(tc, test_reader_comes_back);
	tcase_add_loop_test(tc, test_reader_gets_all, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
