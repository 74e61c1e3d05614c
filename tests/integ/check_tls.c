/* SPDX-License-Identifier: MIT */
/*
 * check_tls.c - HTTPS (--tls-cert) over real sockets against the real
 * binary, with clients that are not ours (curl, openssl s_client) and
 * precise ones on libssl (tls_client.h): protocol versions, no
 * renegotiation, ALPN, a 100 MiB download, keep-alive and pipelining, 200
 * clients at once, the head timeout over a handshake and after it, plain
 * HTTP and garbage on the TLS port, resets and abandoned handshakes, a
 * stalled reader of a 1 GiB file, every start-up error, the server's
 * features over TLS, and session resumption.  The certificate and keys
 * are made at test time.
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
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>

#include "harness.h"
#include "http/hs_limits.h"
#include "runner.h"
#include "tls_client.h"

/* The served files: one of pseudo-random bytes fetched by many at once,
 * a large one downloaded whole, and a sparse one read by a slow reader. */
#define SMALL_SIZE (16 * 1024)
#define BIG_SIZE (100 * 1024 * 1024)
#define BIG_SIZE_VALGRIND (16 * 1024 * 1024)
#define HUGE_SIZE (1024LL * 1024 * 1024)

static char *root;		/* the docroot (make_docroot()) */
static char *keys;		/* the certificate, keys, passwords */
static unsigned char small[SMALL_SIZE];
static size_t big_size;
static uint64_t big_hash;

/* --- helpers ---------------------------------------------------------- */

/* Under $HTTPSERVE_WRAPPER (valgrind) the server is many times slower:
 * waits are that much longer, and the heaviest loads lighter. */
static int
slowness(void)
{
	const char *w = getenv("HTTPSERVE_WRAPPER");

	return w != NULL && *w != '\0' ? 5 : 1;
}

/* KEYS/NAME, in a static buffer of its own for each of 4 calls. */
static const char *
key_file(const char *name)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", keys, name);
	return p;
}

/* What run() saw of a child. */
struct run {
	char out[65536];	/* the start of its output */
	size_t len;		/* all of it */
	uint64_t hash;		/* fnv1a() over all of it */
	int status;		/* wait status; -1: killed on the clock */
};

/* In the child: INPUT's pipe as stdin, OUT as stdout (and stderr when
 * MERGE), then ARGV. */
static void
run_child(const char *const *argv, int in, int out, int merge)
{
	/* Killed with the test, however that ends. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	dup2(in, 0);
	dup2(out, 1);
	if (merge)
		dup2(out, 2);
	execvp(argv[0], (char *const *)argv);
	_exit(127);
}

/* Read the child's output into R until EOF or DEADLINE. */
static void
run_collect(int fd, struct run *r, long long deadline)
{
	char buf[65536];
	size_t kept = 0;
	ssize_t n;

	r->len = 0;
	r->hash = FNV1A_START;
	while (now_ms() < deadline &&
	    wait_readable(fd, (int)(deadline - now_ms())) &&
	    (n = read(fd, buf, sizeof(buf))) > 0) {
		size_t room = sizeof(r->out) - 1 - kept;
		size_t keep = (size_t)n < room ? (size_t)n : room;

		memcpy(r->out + kept, buf, keep);
		kept += keep;
		r->hash = fnv1a(r->hash, buf, (size_t)n);
		r->len += (size_t)n;
	}
	r->out[kept] = '\0';
}

/*
 * Run ARGV with INPUT (NULL: nothing) on its stdin, its stdout (and
 * stderr when MERGE) into R, killed after SECONDS (times slowness()).
 * Returns R->status.
 */
static int
run(const char *const *argv, const char *input, int merge, struct run *r,
    int seconds)
{
	long long deadline = now_ms() + seconds * 1000LL * slowness();
	int in[2], out[2];
	pid_t pid;

	ck_assert_int_eq(pipe2(in, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		run_child(argv, in[0], out[1], merge);
	close(in[0]);
	close(out[1]);
	if (input != NULL)	/* small: the pipe holds it */
		ck_assert_int_eq(write(in[1], input, strlen(input)),
		    (ssize_t)strlen(input));
	close(in[1]);
	run_collect(out[0], r, deadline);
	close(out[0]);
	while (waitpid(pid, &r->status, WNOHANG) == 0) {
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			r->status = -1;
			break;
		}
		sleep_ms(5);
	}
	return r->status;
}

/* curl ARGS... on https://127.0.0.1:PORT/, trusting our certificate:
 * PATH is appended to the URL, which is the last argument. */
static int
curl(int port, const char *const *args, const char *path, struct run *r)
{
	const char *argv[24] = { "curl", "-sS", "--cacert",
	    key_file("cert.pem"), "--max-time", "60" };
	char url[256];
	size_t n = 6;

	while (*args != NULL && n < 22)
		argv[n++] = *args++;
	snprintf(url, sizeof(url), "https://127.0.0.1:%d%s", port, path);
	argv[n++] = url;
	argv[n] = NULL;
	return run(argv, NULL, 0, r, 60);
}

/* curl GET PATH: status 0, the body into R. */
static void
curl_ok(int port, const char *path, struct run *r)
{
	const char *args[] = { "-f", NULL };

	ck_assert_msg(curl(port, args, path, r) == 0, "curl %s: status %d",
	    path, r->status);
}

/* openssl s_client to PORT with ARGS, sending an HTTP/1.0 GET /a.txt and
 * waiting for the server to close; its output (both streams) into R. */
static int
s_client(int port, const char *const *args, struct run *r)
{
	const char *argv[32] = { "env", "OPENSSL_CONF=/dev/null", "openssl",
	    "s_client", "-connect", NULL, "-CAfile", key_file("cert.pem"),
	    "-verify_ip", "127.0.0.1", "-verify_return_error", "-ign_eof" };
	char to[64];
	size_t n = 12;

	/* No system configuration: Debian's would refuse TLS 1.0 and 1.1
	 * on the client side, and those must be refused by the server. */
	snprintf(to, sizeof(to), "127.0.0.1:%d", port);
	argv[5] = to;
	while (*args != NULL && n < 30)
		argv[n++] = *args++;
	argv[n] = NULL;
	return run(argv, "GET /a.txt HTTP/1.0\r\n\r\n", 1, r, 30);
}

/* The server over TLS (the key in the certificate file), speaking
 * HTTP/1.1 (keep-alive: Python's default, HTTP/1.0, closes after each
 * response), on one loop unless THREADS says otherwise, with EXTRA
 * arguments (at most 6). */
static void
start_threads(struct server *s, const char *threads,
    const char *const *extra)
{
	const char *args[20] = { "-b", "127.0.0.1", "-d", root, "-p",
	    "HTTP/1.1", "--threads", threads, "--tls-cert",
	    key_file("combined.pem") };
	size_t n = 10;

	while (extra != NULL && *extra != NULL && n < 18)
		args[n++] = *extra++;
	args[n++] = "0";
	args[n] = NULL;
	ck_assert_msg(server_start(s, 0, args, NULL) == 0,
	    "server did not start: %s", s->why);
}

static void
start(struct server *s, const char *const *extra)
{
	start_threads(s, "1", extra);
}

/* The descriptors of PID once they stop changing for 500 ms (bounded). */
static int
settled_fds(pid_t pid)
{
	long long still_since = now_ms(), end = now_ms() + WAIT_SECONDS *
	    1000;
	int last = count_fds(pid), n;

	while (now_ms() - still_since < 500 && now_ms() < end) {
		sleep_ms(50);
		n = count_fds(pid);
		if (n != last) {
			last = n;
			still_since = now_ms();
		}
	}
	return last;
}

/* One request over TLS first (a loop opens some descriptors for good on
 * its first request), then the settled count. */
static int
base_fds(struct server *s)
{
	struct run r;

	curl_ok(s->port, "/a.txt", &r);
	ck_assert_str_eq(r.out, "hello\n");
	return settled_fds(s->pid);
}

/* The server still answers GET /a.txt over TLS. */
static void
still_serves(struct server *s)
{
	struct run r;

	ck_assert_int_eq(kill(s->pid, 0), 0);
	curl_ok(s->port, "/a.txt", &r);
	ck_assert_str_eq(r.out, "hello\n");
}

/* The milliseconds until FD is closed by the peer (EOF or reset), bytes
 * before that ignored; -1 if it is still open after MS. */
static long long
closed_after(int fd, int ms)
{
	long long t0 = now_ms();
	char buf[4096];

	while (now_ms() - t0 < ms) {
		ssize_t n;

		if (!wait_readable(fd, (int)(ms - (now_ms() - t0))))
			break;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return now_ms() - t0;
	}
	return -1;
}

/* --- the fixture ------------------------------------------------------ */

/* A self-signed certificate for 127.0.0.1 and its key, alone and
 * together; the key encrypted; an unrelated key; the passwords. */
static void
make_keys(void)
{
	char script[2048];
	const char *argv[] = { "sh", "-c", script, NULL };
	struct run r;

	snprintf(script, sizeof(script), "cd '%s' && "
	    "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem "
	    "-out cert.pem -days 2 -subj /CN=127.0.0.1 "
	    "-addext subjectAltName=IP:127.0.0.1 && "
	    "cat cert.pem key.pem > combined.pem && "
	    "printf 'sesame\\n' > pw.txt && printf 'open\\n' > bad.txt && "
	    "openssl pkey -in key.pem -aes256 -passout pass:sesame "
	    "-out enc.key && "
	    "openssl genpkey -algorithm RSA "
	    "-pkeyopt rsa_keygen_bits:2048 -out other.key", keys);
	ck_assert_msg(run(argv, NULL, 1, &r, 60) == 0,
	    "cannot make the keys: %s", r.out);
	write_file(keys, "garbage.pem", S("-----BEGIN CERTIFICATE-----\n"
	    "not base64 at all, and no end line\n"));
}

/* DIR/big.bin: BIG_SIZE pseudo-random bytes (fewer under valgrind). */
static void
make_big(void)
{
	static unsigned char chunk[1024 * 1024];
	uint64_t state = 8446;
	char path[4096];
	size_t done;
	int fd;

	big_size = slowness() > 1 ? BIG_SIZE_VALGRIND : BIG_SIZE;
	big_hash = FNV1A_START;
	snprintf(path, sizeof(path), "%s/big.bin", root);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	for (done = 0; done < big_size; done += sizeof(chunk)) {
		fill_pseudo_random(chunk, sizeof(chunk), &state);
		big_hash = fnv1a(big_hash, chunk, sizeof(chunk));
		ck_assert_int_eq(write(fd, chunk, sizeof(chunk)),
		    (ssize_t)sizeof(chunk));
	}
	close(fd);
}

/* DIR/huge.bin: 1 GiB, sparse (zeros, costing no disk). */
static void
make_huge(void)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/huge.bin", root);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, HUGE_SIZE), 0);
	close(fd);
}

/* A CGI script that prints a header and a body.  Run as root, the
 * server runs scripts as nobody (as Python does), who must be able to
 * enter the docroot's parent, a private temporary directory. */
static void
make_cgi(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s", root);
	*strrchr(path, '/') = '\0';
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/cgi-bin", root);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	write_file(path, "hello.sh", S("#!/bin/sh\n"
	    "printf 'Content-Type: text/plain\\r\\n\\r\\n'\n"
	    "printf 'hello over %s\\n' \"$SERVER_PROTOCOL\"\n"));
	snprintf(path, sizeof(path), "%s/cgi-bin/hello.sh", root);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

static void
setup(void)
{
	uint64_t state = 443;

	signal(SIGPIPE, SIG_IGN);
	root = make_docroot();
	keys = make_temp_dir();
	make_keys();
	fill_pseudo_random(small, sizeof(small), &state);
	write_file(root, "small.bin", small, sizeof(small));
	make_big();
	make_huge();
	make_cgi();
}

static void
teardown(void)
{
	remove_docroot(root);
	remove_tree(keys);
	free(keys);
}

/* --- protocol versions and ALPN --------------------------------------- */

/* s_client with -tls1_2 and -tls1_3: that protocol, an AEAD suite, a
 * verified certificate, and the file; the banner says HTTPS. */
START_TEST(test_tls12_and_tls13)
{
	const char *v12[] = { "-tls1_2", NULL }, *v13[] = { "-tls1_3", NULL };
	struct server s;
	struct run r;
	char want[160];

	start(&s, NULL);
	snprintf(want, sizeof(want), "Serving HTTPS on 127.0.0.1 port %d "
	    "(https://127.0.0.1:%d/) ...\n", s.port, s.port);
	ck_assert_str_eq(s.banner, want);
	ck_assert_int_eq(s_client(s.port, v12, &r), 0);
	ck_assert_msg(text_matches(r.out, "Protocol *: TLSv1\\.2\n") &&
	    text_matches(r.out, "Cipher *: ECDHE-RSA-AES(128|256)-GCM-SHA"
	    "(256|384)\n") && text_matches(r.out, "Verify return code: 0 "
	    "\\(ok\\)") && text_matches(r.out, "\r\n\r\nhello\n"), "%s",
	    r.out);
	ck_assert_int_eq(s_client(s.port, v13, &r), 0);
	ck_assert_msg(text_matches(r.out, "Protocol *: TLSv1\\.3\n") &&
	    text_matches(r.out, "Cipher *: TLS_(AES_(128|256)_GCM|CHACHA20_"
	    "POLY1305)_SHA(256|384)\n") && text_matches(r.out, "Verify "
	    "return code: 0 \\(ok\\)") && text_matches(r.out,
	    "\r\n\r\nhello\n"), "%s", r.out);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* TLS 1.1 and 1.0 (ciphers the client would allow at security level 0)
 * are refused by the server: its protocol_version alert. */
START_TEST(test_old_versions_refused)
{
	const char *v11[] = { "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
	    NULL };
	const char *v10[] = { "-tls1", "-cipher", "DEFAULT@SECLEVEL=0",
	    NULL };
	struct server s;
	struct run r;

	start(&s, NULL);
	ck_assert_int_ne(s_client(s.port, v11, &r), 0);
	ck_assert_msg(text_matches(r.out, "alert protocol version") &&
	    strstr(r.out, "hello") == NULL, "%s", r.out);
	ck_assert_int_ne(s_client(s.port, v10, &r), 0);
	ck_assert_msg(text_matches(r.out, "alert protocol version") &&
	    strstr(r.out, "hello") == NULL, "%s", r.out);
	still_serves(&s);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* A TLS 1.2 client that asks to renegotiate is refused (the server's
 * no_renegotiation alert); the server serves on. */
START_TEST(test_no_renegotiation)
{
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	struct server s;
	unsigned long e;
	SSL *ssl;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION),
	    1);
	start(&s, NULL);
	ssl = tls_open(ctx, s.port, 0);
	ck_assert_ptr_nonnull(ssl);
	ck_assert_int_eq(SSL_version(ssl), TLS1_2_VERSION);
	ck_assert_int_eq(SSL_renegotiate(ssl), 1);
	ck_assert_int_le(SSL_do_handshake(ssl), 0);
	e = ERR_peek_last_error();
	ck_assert_msg(ERR_GET_REASON(e) == SSL_R_NO_RENEGOTIATION,
	    "renegotiation: %s", ERR_reason_error_string(e));
	ERR_clear_error();
	tls_close(ssl);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* What a client offers by ALPN, and what comes of it. */
static const struct alpn_row {
	const char *offer;	/* NULL: no ALPN */
	int works;
	const char *says;	/* in s_client's output */
} alpn_rows[] = {
	{ "http/1.1", 1, "ALPN protocol: http/1.1" },
	{ "h2,http/1.1", 1, "ALPN protocol: http/1.1" },
	{ "h2", 0, "alert no application protocol" },
	{ NULL, 1, "No ALPN negotiated" },
};

START_TEST(test_alpn)
{
	const struct alpn_row *row = &alpn_rows[_i];
	const char *with[] = { "-alpn", row->offer, NULL }, *none[] = { NULL };
	struct server s;
	struct run r;

	start(&s, NULL);
	s_client(s.port, row->offer != NULL ? with : none, &r);
	ck_assert_msg(strstr(r.out, row->says) != NULL, "%s", r.out);
	ck_assert_msg((r.status == 0) == row->works, "status %d: %s",
	    r.status, r.out);
	ck_assert_msg((strstr(r.out, "\r\n\r\nhello\n") != NULL) ==
	    row->works, "%s", r.out);
	still_serves(&s);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --- transfers -------------------------------------------------------- */

/* 100 MiB of pseudo-random bytes through curl: every byte right. */
START_TEST(test_big_download)
{
	const char *args[] = { "-f", NULL };
	struct server s;
	struct run r;

	start(&s, NULL);
	ck_assert_int_eq(curl(s.port, args, "/big.bin", &r), 0);
	ck_assert_uint_eq(r.len, big_size);
	ck_assert_msg(r.hash == big_hash, "the download differs");
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* curl with three URLs: one connection, three answers. */
START_TEST(test_keep_alive)
{
	char u1[128], u2[128];
	const char *args[] = { "-f", "-w", "%{num_connects} %{http_code} "
	    "%{size_download}\n", "-o", "/dev/null", "-o", "/dev/null",
	    "-o", "/dev/null", u1, u2, NULL };
	struct server s;
	struct run r;

	start(&s, NULL);
	snprintf(u1, sizeof(u1), "https://127.0.0.1:%d/small.bin", s.port);
	snprintf(u2, sizeof(u2), "https://127.0.0.1:%d/empty.txt", s.port);
	ck_assert_int_eq(curl(s.port, args, "/a.txt", &r), 0);
	ck_assert_str_eq(r.out, "1 200 16384\n0 200 0\n0 200 6\n");
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* Five requests written at once on one TLS connection: five responses,
 * in order, then the close the last asked for. */
START_TEST(test_pipelining)
{
	static const char reqs[] = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /small.bin HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
	    "HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /empty.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	struct server s;
	struct relay rl;
	struct response r;

	ck_assert_ptr_nonnull(ctx);
	start(&s, NULL);
	ck_assert_int_eq(relay_open(&rl, ctx, s.port), 0);
	client_send(rl.fd, reqs, sizeof(reqs) - 1);
	ck_assert_int_eq(read_response(rl.fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello\n");
	response_free(&r);
	ck_assert_int_eq(read_response(rl.fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body_len, SMALL_SIZE);
	ck_assert(memcmp(r.body, small, SMALL_SIZE) == 0);
	response_free(&r);
	ck_assert_int_eq(read_response(rl.fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 404);
	response_free(&r);
	ck_assert_int_eq(read_response(rl.fd, &r, 1), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-Length"), "6");
	response_free(&r);
	ck_assert_int_eq(read_response(rl.fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body_len, 0);
	response_free(&r);
	ck_assert(client_sees_eof(rl.fd, 5000 * slowness()));
	relay_close(&rl);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* 200 TLS clients at once (50 under valgrind), each fetching a file: all
 * get it whole, and every descriptor comes back. */
START_TEST(test_concurrent_clients)
{
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	int n = slowness() > 1 ? 50 : 200, base, good;
	struct server s;

	ck_assert_ptr_nonnull(ctx);
	start(&s, NULL);
	base = base_fds(&s);
	good = tls_fetch_many(ctx, s.port, n, "GET /small.bin HTTP/1.0\r\n"
	    "\r\n", small, sizeof(small), WAIT_SECONDS * 1000 * slowness());
	ck_assert_int_eq(good, n);
	ck_assert_int_eq(wait_fds_at_most(s.pid, base), base);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --- the head timeout ------------------------------------------------- */

/* How much later than the head timeout a close may come. */
static long long
close_slack_ms(void)
{
	return 1000LL * slowness();
}

/* A client that connects and says nothing: the kernel hands it over
 * after HS_ACCEPT_DEFER_SECONDS, and the head timeout (1 s, from the
 * accept) closes it. */
START_TEST(test_silent_client_head_timeout)
{
	const char *opts[] = { "--head-timeout", "1", NULL };
	struct server s;
	long long t0, accepted, closed;
	int base, fd;

	start(&s, opts);
	base = base_fds(&s);
	fd = client_connect(s.port);
	t0 = now_ms();
	while (count_fds(s.pid) <= base && now_ms() - t0 < 10 * 1000)
		sleep_ms(5);
	accepted = now_ms();
	ck_assert_int_eq(count_fds(s.pid), base + 1);
	closed = closed_after(fd, 10 * 1000);
	printf("# silent: accepted after %lld ms, closed %lld ms later\n",
	    accepted - t0, closed);
	ck_assert_int_ge(closed, 0);
	ck_assert_int_ge(closed, 900);
	ck_assert_int_le(closed, 1000 + close_slack_ms());
	close(fd);
	ck_assert_int_eq(wait_fds_at_most(s.pid, base), base);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* The first 40 bytes of a real ClientHello, then nothing: closed at the
 * head timeout.  (The whole ClientHello is answered at once, which shows
 * the bytes are a real one.) */
START_TEST(test_half_client_hello_head_timeout)
{
	const char *opts[] = { "--head-timeout", "1", NULL };
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	unsigned char hello[4096], first;
	struct server s;
	size_t len;
	long long closed;
	int fd;

	ck_assert_ptr_nonnull(ctx);
	len = client_hello(ctx, hello, sizeof(hello));
	ck_assert_uint_gt(len, 40);
	start(&s, opts);
	fd = client_connect(s.port);
	client_send(fd, hello, len);
	ck_assert_int_eq(recv(fd, &first, 1, 0), 1);
	ck_assert_int_eq(first, 0x16);	/* a handshake record */
	close(fd);
	fd = client_connect(s.port);
	client_send(fd, hello, 40);
	closed = closed_after(fd, 10 * 1000);
	printf("# half a ClientHello: closed after %lld ms\n", closed);
	ck_assert_int_ge(closed, 900);
	ck_assert_int_le(closed, 1000 + close_slack_ms());
	close(fd);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* With no head timeout (--head-timeout 0) a handshake left half done is
 * still bounded, by the idle timeout armed at the accept. */
START_TEST(test_half_client_hello_idle_timeout)
{
	const char *opts[] = { "--head-timeout", "0", "--idle-timeout", "1",
	    NULL };
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	unsigned char hello[4096];
	struct server s;
	long long closed;
	int fd;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_uint_gt(client_hello(ctx, hello, sizeof(hello)), 40);
	start(&s, opts);
	fd = client_connect(s.port);
	client_send(fd, hello, 40);
	closed = closed_after(fd, 10 * 1000);
	printf("# half a ClientHello, no head timeout: closed after %lld "
	    "ms\n", closed);
	ck_assert_int_ge(closed, 900);
	ck_assert_int_le(closed, 1000 + close_slack_ms());
	close(fd);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* A finished handshake, then half a request head: the head timeout,
 * counted from the accept, closes it all the same. */
START_TEST(test_slow_head_over_tls)
{
	static const char part[] = "GET /a.txt HTTP/1.1\r\nX-Slow: ";
	const char *opts[] = { "--head-timeout", "1", NULL };
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	struct server s;
	long long t0, closed;
	SSL *ssl;

	ck_assert_ptr_nonnull(ctx);
	start(&s, opts);
	t0 = now_ms();
	ssl = tls_open(ctx, s.port, 0);
	ck_assert_ptr_nonnull(ssl);
	ck_assert_int_eq(SSL_write(ssl, part, sizeof(part) - 1),
	    (int)sizeof(part) - 1);
	closed = closed_after(SSL_get_fd(ssl), 10 * 1000);
	ck_assert_int_ge(closed, 0);
	closed = now_ms() - t0;		/* from the connect */
	printf("# half a head over TLS: closed %lld ms after the "
	    "connect\n", closed);
	ck_assert_int_ge(closed, 900);
	ck_assert_int_le(closed, 1000 + close_slack_ms());
	tls_close(ssl);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --- not TLS, or not finished ----------------------------------------- */

/* Plain HTTP to the TLS port, whatever the method OpenSSL recognises:
 * the 400 in plain text, then EOF. */
static const char *const plain_requests[] = {
	"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
	"HEAD /a.txt HTTP/1.0\r\n\r\n",
	"POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
	"PUT /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
};

START_TEST(test_plain_http)
{
	static const char want[] = "HTTP/1.0 400 Bad Request\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 55\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "This port speaks HTTPS: the request was in plain HTTP.\n";
	struct server s;
	size_t len;
	char *got;
	int fd, timed_out;

	start(&s, NULL);
	fd = client_connect(s.port);
	client_send_str(fd, plain_requests[_i]);
	got = client_read_all(fd, &len, &timed_out);
	ck_assert_msg(!timed_out, "no EOF after: %s", got);
	ck_assert_str_eq(got, want);
	free(got);
	close(fd);
	still_serves(&s);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* Connect to PORT, send LEN bytes of DATA; the connection. */
static int
connect_send(int port, const void *data, size_t len)
{
	int fd = client_connect(port);

	ck_assert_int_ge(fd, 0);
	client_send(fd, data, len);
	return fd;
}

/* Garbage (bytes that are no record; a record too long to be one): the
 * connection is closed, promptly. */
static void
send_garbage(int port)
{
	static const char huge_record[] = "\x16\x03\x01\xff\xff"
	    "\x01\x00\xff\xfb\x03\x03";
	unsigned char junk[512];
	uint64_t state = 17;
	int fd;

	fill_pseudo_random(junk, sizeof(junk), &state);
	junk[0] = 0x80;		/* no method, no record type */
	fd = connect_send(port, junk, sizeof(junk));
	ck_assert_int_ge(closed_after(fd, 5000 * slowness()), 0);
	close(fd);
	fd = connect_send(port, huge_record, sizeof(huge_record) - 1);
	ck_assert_int_ge(closed_after(fd, 5000 * slowness()), 0);
	close(fd);
}

/* A ClientHello, the server's answer, then a reset (SO_LINGER 0). */
static void
reset_mid_handshake(int port, const unsigned char *hello, size_t len)
{
	int fd = connect_send(port, hello, len);
	unsigned char first;

	ck_assert_int_eq(recv(fd, &first, 1, 0), 1);
	close_reset(fd);
}

/* N clients that send a ClientHello and vanish, half of them closing,
 * half resetting. */
static void
abandon_handshakes(int port, const unsigned char *hello, size_t len,
    int n)
{
	int i;

	for (i = 0; i < n; i++) {
		int fd = connect_send(port, hello, len);

		if (i % 2)
			close_reset(fd);
		else
			close(fd);
	}
}

/* Garbage, a reset mid-handshake, 200 abandoned handshakes (40 under
 * valgrind, where each costs the server a slow RSA signature): the server
 * still serves, and every descriptor comes back. */
START_TEST(test_garbage_resets_abandoned)
{
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	unsigned char hello[4096];
	struct server s;
	size_t len;
	int base;

	ck_assert_ptr_nonnull(ctx);
	len = client_hello(ctx, hello, sizeof(hello));
	ck_assert_uint_gt(len, 0);
	start(&s, NULL);
	base = base_fds(&s);
	send_garbage(s.port);
	reset_mid_handshake(s.port, hello, len);
	abandon_handshakes(s.port, hello, len, slowness() > 1 ? 40 : 200);
	ck_assert_int_eq(wait_fds_at_most(s.pid, base), base);
	still_serves(&s);
	ck_assert_int_eq(wait_fds_at_most(s.pid, base), base);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --- a stalled reader ------------------------------------------------- */

/* Read LEN bytes of the response on SSL, a chunk at a time, paced. */
static void
read_slowly(SSL *ssl, size_t len)
{
	char buf[65536];
	size_t got = 0;

	while (got < len) {
		int n = SSL_read(ssl, buf, sizeof(buf));

		ck_assert_int_gt(n, 0);
		got += (size_t)n;
		sleep_ms(5);	/* pacing: a slow reader */
	}
}

/* The largest resident size of PID over MS milliseconds, every 100 ms,
 * while another client is served in the middle of it. */
static long
peak_rss_while_stalled(struct server *s, int ms)
{
	long long t0 = now_ms();
	long peak = 0, rss;
	int asked = 0;

	while (now_ms() - t0 < ms) {
		rss = resident_kib(s->pid);
		if (rss > peak)
			peak = rss;
		if (!asked && now_ms() - t0 >= ms / 2) {
			still_serves(s);
			asked = 1;
		}
		sleep_ms(100);	/* the sampling period */
	}
	return peak;
}

/*
 * A client asks for a 1 GiB file, reads 4 MiB slowly, then stops
 * reading for 3 s: the server reads the file only as the client drains
 * it (HS_TLS_FILE_CHUNK at a time), so its memory stays within 32 MiB of
 * what it was, and others are served meanwhile.  Then the client closes,
 * and every descriptor comes back.
 */
START_TEST(test_slow_reader_bounded_memory)
{
	static const char req[] = "GET /huge.bin HTTP/1.1\r\nHost: x\r\n\r\n";
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	struct server s;
	long base_rss, peak;
	int base;
	SSL *ssl;

	ck_assert_ptr_nonnull(ctx);
	start(&s, NULL);
	base = base_fds(&s);
	base_rss = resident_kib(s.pid);
	ssl = tls_open(ctx, s.port, 64 * 1024);
	ck_assert_ptr_nonnull(ssl);
	ck_assert_int_eq(SSL_write(ssl, req, sizeof(req) - 1),
	    (int)sizeof(req) - 1);
	read_slowly(ssl, 4 * 1024 * 1024);
	peak = peak_rss_while_stalled(&s, 3000);
	printf("# resident: %ld KiB before, at most %ld KiB while a reader "
	    "of 1 GiB stalled\n", base_rss, peak);
	ck_assert_int_lt(peak, base_rss + 32 * 1024);
	tls_close(ssl);
	ck_assert_int_eq(wait_fds_at_most(s.pid, base), base);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --- the key's password, and failures to start ------------------------ */

/* The encrypted key and the right password (its file ends in a line
 * feed, which is not part of it): the server starts and serves. */
START_TEST(test_password_right)
{
	const char *args[] = { "-b", "127.0.0.1", "-d", root, "--tls-cert",
	    key_file("cert.pem"), "--tls-key", key_file("enc.key"),
	    "--tls-password-file", key_file("pw.txt"), "0", NULL };
	struct server s;

	ck_assert_msg(server_start(&s, 0, args, NULL) == 0,
	    "server did not start: %s", s.why);
	ck_assert(text_matches(s.banner,
	    "^Serving HTTPS on 127\\.0\\.0\\.1 "));
	still_serves(&s);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* A way the server cannot start, with the files in the keys directory
 * (named as given, relative to it), and its one line on stderr. */
static const struct start_error {
	const char *cert, *key, *password_file;
	const char *says;	/* the whole of stderr */
} start_errors[] = {
	{ "nope.pem", NULL, NULL, "^httpserve: cannot read the TLS "
	    "certificate nope\\.pem: No such file or directory\n$" },
	{ "cert.pem", "nope.key", NULL, "^httpserve: cannot read the TLS key "
	    "nope\\.key: No such file or directory\n$" },
	{ "garbage.pem", "key.pem", NULL, "^httpserve: no usable TLS "
	    "certificate in garbage\\.pem: [^\n]+\n$" },
	{ ".", "key.pem", NULL, "^httpserve: [^\n]*TLS certificate[^\n]* "
	    "\\.[^\n]*\n$" },
	{ "cert.pem", NULL, NULL, "^httpserve: no usable TLS key in "
	    "cert\\.pem: [^\n]+\n$" },
	{ "cert.pem", "garbage.pem", NULL, "^httpserve: no usable TLS key in "
	    "garbage\\.pem: [^\n]+\n$" },
	/* OpenSSL 3 checks the key against the certificate as it loads it:
	 * the mismatch must still be told as one, naming both files. */
	{ "cert.pem", "other.key", NULL, "^httpserve: the TLS key in "
	    "other\\.key does not match the certificate in cert\\.pem\n$" },
	{ "combined.pem", "other.key", NULL, "^httpserve: the TLS key in "
	    "other\\.key does not match the certificate in "
	    "combined\\.pem\n$" },
	{ "cert.pem", "enc.key", NULL, "^httpserve: the TLS key in enc\\.key "
	    "is encrypted and no password was given\n$" },
	{ "cert.pem", "enc.key", "bad.txt", "^httpserve: wrong password for "
	    "the TLS key in enc\\.key\n$" },
};

/* Each: exit 1 before listening, one line on stderr, nothing on stdout
 * (no banner). */
START_TEST(test_start_errors)
{
	const struct start_error *e = &start_errors[_i];
	const char *args[12] = { "-b", "127.0.0.1", "--tls-cert", e->cert };
	struct server s;
	char *out, *err;
	size_t n = 4;
	int status;

	if (e->key != NULL) {
		args[n++] = "--tls-key";
		args[n++] = e->key;
	}
	if (e->password_file != NULL) {
		args[n++] = "--tls-password-file";
		args[n++] = e->password_file;
	}
	args[n++] = "0";
	args[n] = NULL;
	/* It fails to start, and runs to its end all the same. */
	ck_assert_int_eq(server_start(&s, 0, args, keys), -1);
	err = server_stderr(&s);
	status = server_stop(&s, 0, &out);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "status %d, stderr: %s", status, err);
	ck_assert_msg(text_matches(err, e->says), "stderr: \"%s\"", err);
	ck_assert_str_eq(s.banner, "");
	ck_assert_str_eq(out != NULL ? out : "", "");
	free(out);
	free(err);
}
END_TEST

/* --- the server's features, over TLS ---------------------------------- */

/* A directory listing, a 404 page, a Range request, a 304 revalidation,
 * all through curl. */
START_TEST(test_features)
{
	char etags[4200];
	const char *code[] = { "-w", "\n%{http_code}", NULL };
	const char *range[] = { "-f", "-r", "100-199", "-w", "%{http_code}",
	    NULL };
	const char *save[] = { "-f", "--etag-save", etags, "-o", "/dev/null",
	    NULL };
	const char *cmp[] = { "--etag-compare", etags, "-w", "%{http_code}",
	    NULL };
	struct server s;
	struct run r;

	snprintf(etags, sizeof(etags), "%s/etag.txt", keys);
	start(&s, NULL);
	curl_ok(s.port, "/", &r);
	ck_assert_msg(strstr(r.out, "Directory listing for /") != NULL &&
	    strstr(r.out, "href=\"small.bin\"") != NULL, "%s", r.out);
	ck_assert_int_eq(curl(s.port, code, "/nope.txt", &r), 0);
	ck_assert_msg(text_matches(r.out, "Error code: 404") &&
	    text_matches(r.out, "\n404$"), "%s", r.out);
	ck_assert_int_eq(curl(s.port, range, "/small.bin", &r), 0);
	ck_assert_uint_eq(r.len, 103);
	ck_assert(memcmp(r.out, small + 100, 100) == 0);
	ck_assert_str_eq(r.out + 100, "206");
	ck_assert_int_eq(curl(s.port, save, "/a.txt", &r), 0);
	ck_assert_int_eq(curl(s.port, cmp, "/a.txt", &r), 0);
	ck_assert_str_eq(r.out, "304");
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --threads 2: keep-alive and many clients, as on one loop. */
START_TEST(test_threads)
{
	SSL_CTX *ctx = tls_client_ctx(key_file("cert.pem"));
	char u1[128];
	const char *args[] = { "-f", "-w", "%{num_connects}", "-o",
	    "/dev/null", "-o", "/dev/null", u1, NULL };
	struct server s;
	struct run r;

	ck_assert_ptr_nonnull(ctx);
	start_threads(&s, "2", NULL);
	snprintf(u1, sizeof(u1), "https://127.0.0.1:%d/small.bin", s.port);
	ck_assert_int_eq(curl(s.port, args, "/a.txt", &r), 0);
	ck_assert_str_eq(r.out, "10");
	ck_assert_int_eq(tls_fetch_many(ctx, s.port, 20, "GET /small.bin "
	    "HTTP/1.0\r\n\r\n", small, sizeof(small),
	    WAIT_SECONDS * 1000 * slowness()), 20);
	still_serves(&s);
	SSL_CTX_free(ctx);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --cgi: a script's header and body, over TLS. */
START_TEST(test_cgi)
{
	const char *opts[] = { "--cgi", NULL };
	const char *args[] = { "-f", "-D", "/dev/stdout", NULL };
	struct server s;
	struct run r;

	start(&s, opts);
	ck_assert_int_eq(curl(s.port, args, "/cgi-bin/hello.sh", &r), 0);
	ck_assert_msg(text_matches(r.out, "^HTTP/1\\.1 200 ") &&
	    text_matches(r.out, "\r\nContent-Type: text/plain\r\n") &&
	    text_matches(r.out, "\r\n\r\nhello over HTTP/1\\.1\n$"), "%s",
	    r.out);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

/* --- resumption ------------------------------------------------------- */

/* The protocol, and how the session is kept (NULL: tickets). */
static const struct resume_row {
	const char *version, *ticket;
	const char *name;	/* as s_client says it */
} resume_rows[] = {
	{ "-tls1_2", "-no_ticket", "TLSv1\\.2" },
	{ "-tls1_2", NULL, "TLSv1\\.2" },
	{ "-tls1_3", NULL, "TLSv1\\.3" },
};

/* A session saved by one s_client is resumed by the next. */
START_TEST(test_resumption)
{
	const struct resume_row *row = &resume_rows[_i];
	char sess[4200], want[64];
	const char *out[] = { row->version, "-sess_out", sess, row->ticket,
	    NULL };
	const char *in[] = { row->version, "-sess_in", sess, row->ticket,
	    NULL };
	struct server s;
	struct run r;

	snprintf(sess, sizeof(sess), "%s/session.%d", keys, _i);
	start(&s, NULL);
	ck_assert_int_eq(s_client(s.port, out, &r), 0);
	snprintf(want, sizeof(want), "\nNew, %s, ", row->name);
	ck_assert_msg(text_matches(r.out, want), "%s", r.out);
	ck_assert_int_eq(s_client(s.port, in, &r), 0);
	snprintf(want, sizeof(want), "\nReused, %s, ", row->name);
	ck_assert_msg(text_matches(r.out, want) &&
	    text_matches(r.out, "\r\n\r\nhello\n"), "%s", r.out);
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("tls");
	TCase *tc = tcase_create("tls");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tls12_and_tls13);
	tcase_add_test(tc, test_old_versions_refused);
	tcase_add_test(tc, test_no_renegotiation);
	ADD_TABLE(tc, test_alpn, alpn_rows);
	tcase_add_test(tc, test_big_download);
	tcase_add_test(tc, test_keep_alive);
	tcase_add_test(tc, test_pipelining);
	tcase_add_test(tc, test_concurrent_clients);
	tcase_add_test(tc, test_silent_client_head_timeout);
	tcase_add_test(tc, test_half_client_hello_head_timeout);
	tcase_add_test(tc, test_half_client_hello_idle_timeout);
	tcase_add_test(tc, test_slow_head_over_tls);
	ADD_TABLE(tc, test_plain_http, plain_requests);
	tcase_add_test(tc, test_garbage_resets_abandoned);
	tcase_add_test(tc, test_slow_reader_bounded_memory);
	tcase_add_test(tc, test_password_right);
	ADD_TABLE(tc, test_start_errors, start_errors);
	tcase_add_test(tc, test_features);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_cgi);
	ADD_TABLE(tc, test_resumption, resume_rows);
	suite_add_tcase(s, tc);
	return s;
}
