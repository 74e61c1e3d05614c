/* SPDX-License-Identifier: MIT */
/* harness.c - start servers, talk to them, stop them (see harness.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "harness.h"
#include "httpserve.h"

#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		continue;
}

int
wait_readable(int fd, int ms)
{
	long long deadline = now_ms() + ms;

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		long long left = deadline - now_ms();
		int n;

		if (left < 0)
			left = 0;
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return 1;
		if (n == 0 || errno != EINTR)
			return 0;
	}
}

/* Limits for the next child (server_start_limited()); -1: untouched. */
static long child_soft = -1, child_hard = -1;

/* The next child's stderr (server_start_err_fd()); -1: a file. */
static int child_err_fd = -1;

/*
 * Whether the next child is meant to raise its own descriptor limit.  Such
 * a child runs without $HTTPSERVE_WRAPPER: valgrind pins the hard limit it
 * shows the program to the soft limit it started with (it keeps the
 * descriptors above for itself), so under it no program can raise its
 * limit, and the test would measure valgrind instead of the server.
 */
static int
child_raises_limit(void)
{
	return child_soft >= 0 && child_hard > child_soft;
}

/*
 * Build the argv of the program to start.  For httpserve, the words of
 * $HTTPSERVE_WRAPPER (such as "valgrind --error-exitcode=99") come first:
 * CI runs the integration tests once that way.  The strings of argv live
 * in *WORDS, which the caller frees with it.
 */
static char **
build_argv(int python, const char *const *args, char **words)
{
	const char *prog = getenv(python ? "PYTHON3" : "HTTPSERVE");
	const char *wrapper = python || child_raises_limit() ? NULL :
	    getenv("HTTPSERVE_WRAPPER");
	size_t n = 0, i, k = 0, nwords = 0;
	char **argv, *w, *save = NULL;

	if (prog == NULL || *prog == '\0')
		prog = python ? "python3" : "./src/httpserve";
	while (args[n] != NULL)
		n++;
	*words = strdup(wrapper != NULL ? wrapper : "");
	ck_assert_ptr_nonnull(*words);
	for (w = *words; *w != '\0'; w++)
		nwords += *w == ' ';
	argv = calloc(n + nwords + 6, sizeof(*argv));
	ck_assert_ptr_nonnull(argv);
	for (w = strtok_r(*words, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		argv[k++] = w;
	argv[k++] = (char *)prog;
	if (python) {
		/* Unbuffered, or Python's banner sits in a pipe buffer. */
		argv[k++] = (char *)"-u";
		argv[k++] = (char *)"-m";
		argv[k++] = (char *)"http.server";
	}
	for (i = 0; i < n; i++)
		argv[k++] = (char *)args[i];
	return argv;
}

/* In the child: wire stdout and stderr, move to CWD, run ARGV. */
static void
exec_child(char **argv, int out_w, int err_fd, const char *cwd)
{
	if (child_hard >= 0 || child_soft >= 0) {
		struct rlimit rl;

		getrlimit(RLIMIT_NOFILE, &rl);
		if (child_hard >= 0)
			rl.rlim_max = (rlim_t)child_hard;
		if (child_soft >= 0)
			rl.rlim_cur = (rlim_t)child_soft;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			_exit(126);
	}
	/* Die with the test process, however it ends: nothing is left
	 * running after a failed or crashed test. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		_exit(126);
	if (dup2(out_w, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0)
		_exit(126);
	if (cwd != NULL && chdir(cwd) != 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

/* What read_banner() found. */
enum banner {
	BANNER_LINE,	/* a whole first line */
	BANNER_CLOSED,	/* the child's stdout closed before one */
	BANNER_SILENT	/* no whole line within WAIT_SECONDS */
};

/* Read the child's first line into S->banner within WAIT_SECONDS. */
static enum banner
read_banner(struct server *s)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	size_t len = 0;

	s->banner[0] = '\0';
	while (len + 1 < sizeof(s->banner)) {
		struct pollfd pfd = { s->out_fd, POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return BANNER_SILENT;
		n = read(s->out_fd, s->banner + len, 1);
		if (n <= 0)
			return BANNER_CLOSED;
		len++;
		s->banner[len] = '\0';
		if (s->banner[len - 1] == '\n')
			return BANNER_LINE;
	}
	return BANNER_SILENT;
}

/* How long a child that closed its stdout may take to exit. */
#define EXIT_WAIT_MS 2000

/*
 * Write into BUF how the child of S ended, waiting up to WAIT_MS for it to
 * end: exited, killed, or still running.  It is not reaped: server_stop()
 * does that, and check_cli's run() counts on it.
 */
static void
describe_end(const struct server *s, int wait_ms, char *buf, size_t size)
{
	long long deadline = now_ms() + wait_ms;
	siginfo_t info;

	for (;;) {
		memset(&info, 0, sizeof(info));
		if (waitid(P_PID, (id_t)s->pid, &info, WEXITED | WNOHANG |
		    WNOWAIT) != 0 || info.si_pid == s->pid ||
		    now_ms() > deadline)
			break;
		sleep_ms(5);
	}
	if (info.si_pid != s->pid)
		snprintf(buf, size, "still running");
	else if (info.si_code == CLD_EXITED)
		snprintf(buf, size, "exited with status %d", info.si_status);
	else
		snprintf(buf, size, "killed by signal %d", info.si_status);
}

/*
 * Copy S to DST (SIZE bytes) on one line: a line feed becomes "\n", so
 * that no line of the program's output can pass for a TAP line.
 */
static void
one_line(char *dst, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s != '\0' && n + 3 < size; s++) {
		if (*s == '\n' || *s == '\r') {
			dst[n++] = '\\';
			dst[n++] = *s == '\n' ? 'n' : 'r';
		} else {
			dst[n++] = *s;
		}
	}
	dst[n] = '\0';
}

/*
 * The server gave no banner with a port (FOUND says what came instead):
 * fill S->why with how it ended, what it said, and the end of its stderr,
 * where it tells why.
 */
static void
explain_no_start(struct server *s, enum banner found)
{
	char end[64], said[sizeof(s->banner) * 2], told[sizeof(s->why) / 2];
	char *err = server_stderr(s);
	size_t len = strlen(err), keep = sizeof(told) / 2 - 1;
	const char *tail = len > keep ? err + len - keep : err;

	if (found == BANNER_SILENT)
		snprintf(end, sizeof(end), "no banner within %d s",
		    WAIT_SECONDS);
	else	/* a child whose stdout closed is ending: let it */
		describe_end(s, found == BANNER_CLOSED ? EXIT_WAIT_MS : 0,
		    end, sizeof(end));
	one_line(said, sizeof(said), s->banner);
	one_line(told, sizeof(told), tail);
	snprintf(s->why, sizeof(s->why), "%s; its stdout: \"%s\"; its "
	    "stderr%s: \"%s\"", end, said, tail != err ? " (the end)" : "",
	    told);
	free(err);
}

/* Start a server and wait for its banner; see harness.h. */
int
server_start(struct server *s, int python, const char *const *args,
    const char *cwd)
{
	char *words;
	char **argv = build_argv(python, args, &words);
	int out[2], err_fd;
	enum banner found;
	const char *p;

	memset(s, 0, sizeof(*s));
	if (child_err_fd >= 0) {
		/* Closed after the fork, as the file is. */
		err_fd = fcntl(child_err_fd, F_DUPFD_CLOEXEC, 0);
	} else {
		snprintf(s->err_path, sizeof(s->err_path),
		    "/tmp/hs-stderr-XXXXXX");
		err_fd = mkstemp(s->err_path);
	}
	ck_assert_int_ge(err_fd, 0);
	ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
	s->pid = fork();
	ck_assert_int_ge(s->pid, 0);
	if (s->pid == 0)
		exec_child(argv, out[1], err_fd, cwd);
	free(argv);
	free(words);
	close(out[1]);
	close(err_fd);
	s->out_fd = out[0];
	found = read_banner(s);
	p = strstr(s->banner, " port ");
	if (found == BANNER_LINE && p != NULL)
		s->port = atoi(p + 6);
	if (s->port > 0)
		return 0;
	s->port = 0;
	explain_no_start(s, found);
	return -1;
}

int
server_start_limited(struct server *s, const char *const *args,
    const char *cwd, long soft, long hard)
{
	int rc;

	child_soft = soft;
	child_hard = hard;
	rc = server_start(s, 0, args, cwd);
	child_soft = child_hard = -1;
	return rc;
}

int
server_start_err_fd(struct server *s, const char *const *args,
    const char *cwd, int err_fd)
{
	int rc;

	child_err_fd = err_fd;
	rc = server_start(s, 0, args, cwd);
	child_err_fd = -1;
	return rc;
}

/* Start on 127.0.0.1, port 0, serving DIR. */
int
server_start_simple(struct server *s, int python, const char *dir,
    const char *protocol)
{
	const char *args[] = { "-b", "127.0.0.1", "-d", dir, "-p", protocol,
	    "0", NULL };

	if (protocol == NULL) {
		args[4] = "0";
		args[5] = NULL;
	}
	return server_start(s, python, args, NULL);
}

/* Read what is left on the child's stdout (it has exited). */
static char *
drain_stdout(int fd)
{
	size_t len;

	return client_read_all(fd, &len, NULL);
}

/* Signal the server and wait for it; see harness.h. */
int
server_stop(struct server *s, int sig, char **rest)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	int status = 0;
	pid_t r;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, sig);
	while ((r = waitpid(s->pid, &status, WNOHANG)) == 0) {
		if (now_ms() > deadline) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			status = -1;
			break;
		}
		sleep_ms(5);
	}
	if (rest != NULL)
		*rest = drain_stdout(s->out_fd);
	close(s->out_fd);
	if (sig != 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		/* A crash or sanitizer report: put it in the test log. */
		char *err = server_stderr(s);

		fprintf(stderr, "# server %d ended with status %d:\n%s\n",
		    (int)s->pid, status, err);
		free(err);
	}
	unlink(s->err_path);
	s->pid = 0;
	return status;
}

/* The whole of the file at PATH (malloc'd, NUL-terminated). */
static char *
slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len;
	char *data;

	if (fd < 0)
		return strdup("");
	data = client_read_all(fd, &len, NULL);
	close(fd);
	return data;
}

char *
server_stderr(const struct server *s)
{
	return slurp(s->err_path);
}

int
server_wait_stderr(const struct server *s, const char *needle)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;

	while (now_ms() < deadline) {
		char *err = server_stderr(s);
		int found = strstr(err, needle) != NULL;

		free(err);
		if (found)
			return 0;
		sleep_ms(10);
	}
	return -1;
}

/* Give FD send and receive timeouts of WAIT_SECONDS. */
static void
set_timeouts(int fd)
{
	struct timeval tv = { WAIT_SECONDS, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int
client_connect_to(const char *address, int port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	memset(&ss, 0, sizeof(ss));
	if (strchr(address, ':') != NULL) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, address, &in6->sin6_addr) != 1)
			return -1;
		len = sizeof(*in6);
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, address, &in->sin_addr) != 1)
			return -1;
		len = sizeof(*in);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	set_timeouts(fd);
	if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
client_connect(int port)
{
	int fd = client_connect_to("127.0.0.1", port);

	ck_assert_msg(fd >= 0, "cannot connect to port %d: %s", port,
	    strerror(errno));
	return fd;
}

void
client_send(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		ck_assert_msg(n > 0, "send: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

void
client_send_str(int fd, const char *s)
{
	client_send(fd, s, strlen(s));
}

char *
client_read_all(int fd, size_t *len, int *timed_out)
{
	size_t cap = 4096;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	*len = 0;
	if (timed_out != NULL)
		*timed_out = 0;
	for (;;) {
		ssize_t n;

		if (cap - *len < 2048) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		n = read(fd, buf + *len, cap - *len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
		    timed_out != NULL)
			*timed_out = 1;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	buf[*len] = '\0';
	return buf;
}

int
client_sees_eof(int fd, int ms)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	char c;

	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	return recv(fd, &c, 1, MSG_PEEK) == 0;
}

/* Read the head of a response byte by byte (so nothing of the next
 * pipelined response is consumed). */
static int
read_head(int fd, struct response *r)
{
	size_t cap = 1024, len = 0;
	char *head = malloc(cap);

	ck_assert_ptr_nonnull(head);
	while (len < 4 || memcmp(head + len - 4, "\r\n\r\n", 4) != 0) {
		ssize_t n;

		if (len + 2 > cap) {
			cap *= 2;
			head = realloc(head, cap);
			ck_assert_ptr_nonnull(head);
		}
		n = recv(fd, head + len, 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(head);
			return -1;
		}
		len++;
	}
	head[len] = '\0';
	r->head = head;
	r->head_len = len;
	return 0;
}

/* Read exactly LEN body bytes into R. */
static int
read_body(int fd, struct response *r, size_t len)
{
	r->body = malloc(len + 1);
	ck_assert_ptr_nonnull(r->body);
	while (r->body_len < len) {
		ssize_t n = recv(fd, r->body + r->body_len, len - r->body_len,
		    0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		r->body_len += (size_t)n;
	}
	r->body[len] = '\0';
	return 0;
}

int
read_response(int fd, struct response *r, int no_body)
{
	const char *cl;

	memset(r, 0, sizeof(*r));
	if (read_head(fd, r) != 0)
		return -1;
	if (sscanf(r->head, "HTTP/%*d.%*d %d", &r->status) != 1)
		return -1;
	if (no_body || r->status < 200 || r->status == 204 ||
	    r->status == 304) {
		r->body = strdup("");
		return 0;
	}
	cl = response_header(r, "Content-Length");
	if (cl == NULL) {
		r->body = client_read_all(fd, &r->body_len, NULL);
		return 0;
	}
	return read_body(fd, r, (size_t)strtoull(cl, NULL, 10));
}

void
response_free(struct response *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

const char *
response_header(const struct response *r, const char *name)
{
	static char value[4096];
	size_t n = strlen(name);
	const char *line = strstr(r->head, "\r\n");

	while (line != NULL && line[2] != '\r') {
		const char *start = line + 2, *end = strstr(start, "\r\n");

		if (end == NULL)
			break;
		if (strncasecmp(start, name, n) == 0 && start[n] == ':') {
			const char *v = start + n + 1;
			size_t len;

			while (*v == ' ')
				v++;
			len = (size_t)(end - v);
			if (len >= sizeof(value))
				len = sizeof(value) - 1;
			memcpy(value, v, len);
			value[len] = '\0';
			return value;
		}
		line = end;
	}
	return NULL;
}

char *
http_raw(int port, const char *req, size_t len, size_t *out_len)
{
	int fd = client_connect(port);
	char *out;

	client_send(fd, req, len);
	out = client_read_all(fd, out_len, NULL);
	close(fd);
	return out;
}

int
http_get(int port, const char *method, const char *path, struct response *r)
{
	int fd = client_connect(port), rc;
	char req[8192];

	snprintf(req, sizeof(req), "%s %s HTTP/1.0\r\n\r\n", method, path);
	client_send_str(fd, req);
	rc = read_response(fd, r, strcmp(method, "HEAD") == 0);
	close(fd);
	return rc;
}

char *
make_temp_dir(void)
{
	char tmpl[] = "/tmp/hs-test-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return strdup(tmpl);
}

/* nftw() callback: remove one entry (children first). */
static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		chmod(path, 0700);	/* in case a test locked it */
	return remove(path);
}

void
remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

int
count_fds(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

int
count_children(pid_t ppid, int zombies_only)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		char path[300], line[256];
		long pp = -1;
		char state = '?';
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL) {
			if (strncmp(line, "State:", 6) == 0)
				sscanf(line + 6, " %c", &state);
			if (strncmp(line, "PPid:", 5) == 0)
				pp = atol(line + 5);
		}
		fclose(f);
		n += pp == (long)ppid && (!zombies_only || state == 'Z');
	}
	closedir(d);
	return n;
}

long
resident_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Make DIR/NAME a directory. */
static void
make_dir(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

/* Make DIR/NAME a symbolic link to TARGET. */
static void
make_link(const char *dir, const char *name, const char *target)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(symlink(target, path), 0);
}

char *
make_docroot(void)
{
	static const char *const odd_files[] = {
		"with space.txt", "<&\">.txt", "caf\xc3\xa9.txt", "Zebra",
		"apple", "Banana", "100%.txt", "q?.txt", "hash#.txt",
		".hidden", "tab\there", "UPPER.TXT", "lower.txt",
	};
	static const char *const type_files[] = {
		"app.js", "mod.mjs", "style.css", "data.json", "page.wasm",
		"pic.svg", "pic.webp", "pic.avif", "font.woff2", "noext",
		"archive.tar.gz", "doc.html", "UPPER.HTML", "readme.txt",
		"x.tgz", "p.png", "j.jpg",
	};
	char *parent = make_temp_dir(), *root;
	size_t i;

	write_file(parent, "secret.txt", "SECRET\n", 7);
	make_dir(parent, "www");
	ck_assert_int_ge(asprintf(&root, "%s/www", parent), 0);
	free(parent);
	write_file(root, "a.txt", "hello\n", 6);
	write_file(root, "empty.txt", "", 0);
	make_dir(root, "sub");
	write_file(root, "sub/x.html", "<p>x</p>\n", 9);
	make_dir(root, "withindex");
	write_file(root, "withindex/index.html", "<h1>index</h1>\n", 15);
	write_file(root, "withindex/index.htm", "<h1>not me</h1>\n", 16);
	make_dir(root, "withhtm");
	write_file(root, "withhtm/index.htm", "<h1>htm</h1>\n", 13);
	make_dir(root, "odd");
	for (i = 0; i < sizeof(odd_files) / sizeof(odd_files[0]); i++) {
		char name[256];

		snprintf(name, sizeof(name), "odd/%s", odd_files[i]);
		write_file(root, name, odd_files[i], strlen(odd_files[i]));
	}
	make_dir(root, "odd/dir with space");
	make_link(root, "odd/link-to-apple", "apple");
	make_link(root, "odd/link-to-dir", "dir with space");
	make_dir(root, "types");
	for (i = 0; i < sizeof(type_files) / sizeof(type_files[0]); i++) {
		char name[256];

		snprintf(name, sizeof(name), "types/%s", type_files[i]);
		write_file(root, name, "x", 1);
	}
	return root;
}

void
remove_docroot(char *root)
{
	char *slash = strrchr(root, '/');

	*slash = '\0';
	remove_tree(root);
	free(root);
}

int
text_matches(const char *s, const char *re)
{
	regex_t rx;
	int ok;

	ck_assert_int_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

void
last_modified_of(const char *dir, const char *name, char *out)
{
	char path[4096];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(hs_date_time_string(out, HS_DATE_LEN + 1,
	    sb.st_mtime), HS_DATE_LEN);
}

uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len-- > 0) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
fill_pseudo_random(void *buf, size_t len, uint64_t *state)
{
	unsigned char *p = buf;
	uint64_t x = *state;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)x;
	}
	*state = x;
}

long
cpu_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	long utime, stime;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	/* The command name may hold spaces: count fields after its ')'. */
	if (p == NULL || (p = strrchr(buf, ')')) == NULL)
		return -1;
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld",
	    &utime, &stime) != 2)
		return -1;
	return utime + stime;
}

int
raise_own_fd_limit(long n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return -1;
	if (rl.rlim_cur >= (rlim_t)n)
		return 0;
	if (rl.rlim_max < (rlim_t)n)
		rl.rlim_max = (rlim_t)n;
	rl.rlim_cur = (rlim_t)n;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

void
close_reset(int fd)
{
	struct linger lg = { 1, 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

int
wait_fds_at_most(pid_t pid, int n)
{
	long long deadline = now_ms() + WAIT_SECONDS * 1000;
	int count;

	while ((count = count_fds(pid)) > n && now_ms() < deadline)
		sleep_ms(20);
	return count;
}
