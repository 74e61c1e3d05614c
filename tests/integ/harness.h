/* SPDX-License-Identifier: MIT */
/*
 * harness.h - integration tests: start the real httpserve binary (or
 * python3 -m http.server, to compare with) on 127.0.0.1 port 0, talk to it
 * over real sockets, and stop it.  Every wait is bounded; every process
 * started is killed.
 */
#ifndef HS_TEST_HARNESS_H
#define HS_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Seconds any single wait may take before the test fails. */
#define WAIT_SECONDS 20

struct server {
	pid_t pid;
	int port;
	int out_fd;		/* the child's stdout */
	char banner[512];	/* its first line */
	char err_path[64];	/* its stderr goes to this file */
	char why[4096];		/* why it did not start: for the message */
};

/*
 * Start $HTTPSERVE (or $PYTHON3 -u -m http.server when PYTHON is set) with
 * ARGS (NULL-terminated, without argv[0]) in directory CWD, and wait for
 * the banner.  Returns 0, or -1 when it exits or says nothing in time (the
 * banner then holds what it did say, and WHY what went wrong: the banner,
 * how the program ended, and the end of its stderr).
 */
int server_start(struct server *s, int python, const char *const *args,
    const char *cwd);

/* The same, with RLIMIT_NOFILE set to SOFT and HARD in the child first
 * (-1: left as it is).  A child given room to raise its limit (HARD above
 * SOFT) runs without $HTTPSERVE_WRAPPER, which could not let it. */
int server_start_limited(struct server *s, const char *const *args,
    const char *cwd, long soft, long hard);

/* The same, with the child's stderr the write end ERR_FD (a pipe or
 * socket the test reads, or leaves unread) instead of a file:
 * server_stderr() then has nothing.  The caller closes its ERR_FD. */
int server_start_err_fd(struct server *s, const char *const *args,
    const char *cwd, int err_fd);

/* Start with "-b 127.0.0.1 -d DIR 0" and, for httpserve, the protocol. */
int server_start_simple(struct server *s, int python, const char *dir,
    const char *protocol);

/*
 * Send SIG and wait for the exit (SIGKILL after WAIT_SECONDS).  Returns the
 * wait status; what the child printed after its banner lands in REST
 * (malloc'd) when REST is not NULL.
 */
int server_stop(struct server *s, int sig, char **rest);

/* Everything the server wrote to stderr so far (malloc'd). */
char *server_stderr(const struct server *s);

/* Wait up to WAIT_SECONDS for stderr to contain NEEDLE; 0 if it does. */
int server_wait_stderr(const struct server *s, const char *needle);

/* A connection to 127.0.0.1:PORT (blocking, with send/recv timeouts). */
int client_connect(int port);
/* A connection to ADDRESS (numeric, v4 or v6) and PORT, or -1. */
int client_connect_to(const char *address, int port);

/* Send all LEN bytes. */
void client_send(int fd, const void *data, size_t len);
void client_send_str(int fd, const char *s);

/* Read until EOF (or WAIT_SECONDS); returns a malloc'd, NUL-terminated
 * buffer and its length.  *TIMED_OUT (if not NULL) says it stopped on the
 * clock rather than at EOF. */
char *client_read_all(int fd, size_t *len, int *timed_out);

/* Does FD reach EOF within MS milliseconds (no more bytes)?  1 yes. */
int client_sees_eof(int fd, int ms);

/* One parsed response. */
struct response {
	int status;
	char *head;		/* status line and headers, NUL-terminated */
	size_t head_len;
	char *body;		/* NUL-terminated */
	size_t body_len;
};

/*
 * Read one response from FD: its head, then Content-Length bytes of body
 * (none when NO_BODY, as for HEAD, 1xx, 204, 304), or the rest of the
 * stream when there is no Content-Length.  Returns 0, or -1 on EOF or
 * timeout before a complete response.
 */
int read_response(int fd, struct response *r, int no_body);
void response_free(struct response *r);

/* The value of header NAME in R (case-insensitive), or NULL; static. */
const char *response_header(const struct response *r, const char *name);

/* One request on a fresh connection; the whole reply until close. */
char *http_raw(int port, const char *req, size_t len, size_t *out_len);

/* GET or HEAD PATH on a fresh HTTP/1.0 connection, parsed. */
int http_get(int port, const char *method, const char *path,
    struct response *r);

/* A fresh directory under /tmp (malloc'd name), and its removal. */
char *make_temp_dir(void);
void remove_tree(const char *path);

/*
 * A directory to serve, PARENT/www, next to PARENT/secret.txt (which no
 * request may ever reach), with the files the tests expect: a.txt ("hello\n"),
 * empty.txt, sub/x.html, withindex/index.html, withhtm/index.htm, odd/
 * (names with spaces, <&">, UTF-8, %, ?, #, a dot file, mixed case, links
 * to a file and a directory) and types/ (one file per content type).
 */
char *make_docroot(void);
/* Remove what make_docroot() made, and free ROOT. */
void remove_docroot(char *root);

/* Write LEN bytes of DATA to DIR/NAME. */
void write_file(const char *dir, const char *name, const void *data,
    size_t len);

/* The Last-Modified date a server must give the file DIR/NAME, into OUT
 * (HS_DATE_LEN + 1 bytes). */
void last_modified_of(const char *dir, const char *name, char *out);

/* A 64-bit FNV-1a hash over LEN bytes, continuing from H (start with
 * FNV1A_START): checks bulk bodies without keeping them. */
#define FNV1A_START 0xcbf29ce484222325ULL
uint64_t fnv1a(uint64_t h, const void *data, size_t len);

/* Fill LEN bytes with the xorshift64 sequence continuing from *STATE. */
void fill_pseudo_random(void *buf, size_t len, uint64_t *state);

/* Does S match the extended regular expression RE? */
int text_matches(const char *s, const char *re);

/* Milliseconds on a monotonic clock. */
long long now_ms(void);

/* Sleep MS milliseconds: pacing, and the steps of deadline polls. */
void sleep_ms(long ms);

/* Wait up to MS milliseconds for FD to be readable (data or EOF); 1 if it
 * is.  The way a test waits for another thread or process to tell it
 * something, instead of guessing with a sleep how long that takes. */
int wait_readable(int fd, int ms);

/* Open file descriptors of process PID (counted in /proc). */
int count_fds(pid_t pid);

/* Children of process PPID (counted in /proc), or only those that are
 * zombies (exited, not yet reaped) when ZOMBIES_ONLY. */
int count_children(pid_t ppid, int zombies_only);

/* CPU time process PID has used (user and system), in clock ticks. */
long cpu_ticks(pid_t pid);

/* Raise this process's RLIMIT_NOFILE to at least N (hard limit too, which
 * needs root); 0 or -1. */
int raise_own_fd_limit(long n);

/* Close FD with a reset (SO_LINGER 0): no TIME_WAIT left behind. */
void close_reset(int fd);

/* Wait up to WAIT_SECONDS for PID to have at most N descriptors open;
 * returns the last count seen. */
int wait_fds_at_most(pid_t pid, int n);

/* Resident memory of process PID in KiB (VmRSS). */
long resident_kib(pid_t pid);

#endif /* HS_TEST_HARNESS_H */
