/* SPDX-License-Identifier: MIT */
/*
 * check_range.c - validators, conditional requests, Range and
 * precompressed files, over real sockets against the real binary: the
 * ETag and its changes, RFC 9110's order of preconditions, 206 single and
 * multipart (parsed and compared byte by byte with the file), 416, the
 * cases that would amplify a response, a 1 GiB sparse file, If-Range,
 * curl as a client, Cache-Control, and sidecars chosen by Accept-Encoding.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "http/hs_limits.h"
#include "httpserve.h"
#include "runner.h"

/* The test file: pseudo-random bytes, large enough for multipart. */
#define BIG_SIZE 100000

static struct server srv;
static char *dir;
static int started;
static unsigned char big[BIG_SIZE];

/* The server on DIR with EXTRA arguments (NULL-terminated, at most 4). */
static void
start_with(const char *const *extra)
{
	const char *args[12] = { "-b", "127.0.0.1", "-d", dir, "-p",
	    "HTTP/1.1" };
	size_t n = 6;

	while (extra != NULL && *extra != NULL && n < 10)
		args[n++] = *extra++;
	args[n++] = "0";
	args[n] = NULL;
	ck_assert_msg(server_start(&srv, 0, args, NULL) == 0,
	    "server did not start: %s", srv.why);
	started = 1;
}

static void
start_plain(void)
{
	start_with(NULL);
}

static void
setup(void)
{
	uint64_t state = 9110;

	signal(SIGPIPE, SIG_IGN);
	dir = make_temp_dir();
	started = 0;
	fill_pseudo_random(big, sizeof(big), &state);
	write_file(dir, "big.bin", big, sizeof(big));
	write_file(dir, "a.txt", "hello\n", 6);
}

static void
teardown(void)
{
	if (started)
		server_stop(&srv, SIGTERM, NULL);
	remove_tree(dir);
	free(dir);
}

/* METHOD PATH with the header lines HEADERS ("" or "Name: v\r\n"...) on
 * a fresh HTTP/1.0 connection; the response, parsed. */
static void
ask(const char *method, const char *path, const char *headers,
    struct response *r)
{
	char req[8192];
	int fd = client_connect(srv.port);

	snprintf(req, sizeof(req), "%s %s HTTP/1.0\r\n%s\r\n", method, path,
	    headers);
	client_send_str(fd, req);
	ck_assert_int_eq(read_response(fd, r, strcmp(method, "HEAD") == 0),
	    0);
	close(fd);
}

/* The status of METHOD PATH with HEADERS. */
static int
status_of(const char *method, const char *path, const char *headers)
{
	struct response r;
	int status;

	ask(method, path, headers, &r);
	status = r.status;
	response_free(&r);
	return status;
}

/* The ETag of PATH now (copied into OUT). */
static void
etag_of(const char *path, char *out, size_t size)
{
	struct response r;
	const char *tag;

	ask("GET", path, "", &r);
	ck_assert_int_eq(r.status, 200);
	tag = response_header(&r, "ETag");
	ck_assert_ptr_nonnull(tag);
	ck_assert_uint_lt(strlen(tag), size);
	strcpy(out, tag);
	response_free(&r);
}

/* Set DIR/NAME's mtime to SEC.NSEC. */
static void
set_mtime(const char *name, time_t sec, long nsec)
{
	char path[4096];
	struct timespec ts[2] = { { sec, nsec }, { sec, nsec } };

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* --- validators ------------------------------------------------------- */

/* A file carries a strong ETag, Accept-Ranges and Cache-Control, in this
 * order after Python's fields; HEAD the same; listings Cache-Control
 * only. */
START_TEST(test_validators)
{
	struct response r, h;
	const char *tag;

	start_plain();
	ask("GET", "/a.txt", "", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(text_matches(r.head, "^HTTP/1.1 200 OK\r\nServer: [^\r]*\r\n"
	    "Date: [^\r]*\r\nContent-type: text/plain\r\nContent-Length: 6"
	    "\r\nLast-Modified: [^\r]*\r\nETag: \"[0-9a-f]+-6-[0-9a-f]+\"\r\n"
	    "Cache-Control: no-cache\r\nAccept-Ranges: bytes\r\n"
	    "Connection: close\r\n\r\n$"));
	tag = response_header(&r, "ETag");
	ask("HEAD", "/a.txt", "", &h);
	ck_assert_str_eq(response_header(&h, "ETag"), tag);
	ck_assert_uint_eq(h.body_len, 0);
	response_free(&h);
	response_free(&r);
	ask("GET", "/", "", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Cache-Control"), "no-cache");
	ck_assert_ptr_null(response_header(&r, "ETag"));
	ck_assert_ptr_null(response_header(&r, "Accept-Ranges"));
	response_free(&r);
}
END_TEST

/* The ETag changes as soon as the file does, even within the same second
 * and size; the old one no longer matches. */
START_TEST(test_etag_changes)
{
	char old[HS_ETAG_SIZE], now[HS_ETAG_SIZE], hdr[256];

	start_plain();
	set_mtime("a.txt", 1700000000, 100);
	etag_of("/a.txt", old, sizeof(old));
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", old);
	ck_assert_int_eq(status_of("GET", "/a.txt", hdr), 304);
	write_file(dir, "a.txt", "HELLO\n", 6);
	set_mtime("a.txt", 1700000000, 200);	/* same second, same size */
	etag_of("/a.txt", now, sizeof(now));
	ck_assert_str_ne(old, now);
	ck_assert_int_eq(status_of("GET", "/a.txt", hdr), 200);
	snprintf(hdr, sizeof(hdr), "If-Match: %s\r\n", old);
	ck_assert_int_eq(status_of("GET", "/a.txt", hdr), 412);
	snprintf(hdr, sizeof(hdr), "If-Match: %s\r\n", now);
	ck_assert_int_eq(status_of("GET", "/a.txt", hdr), 200);
}
END_TEST

/* A 304 repeats the validators and Cache-Control; no body. */
START_TEST(test_not_modified_repeats_validators)
{
	char tag[HS_ETAG_SIZE], hdr[256], lm[HS_DATE_LEN + 1];
	struct response r;

	start_plain();
	etag_of("/a.txt", tag, sizeof(tag));
	last_modified_of(dir, "a.txt", lm);
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", tag);
	ask("GET", "/a.txt", hdr, &r);
	ck_assert_int_eq(r.status, 304);
	ck_assert(text_matches(r.head, "^HTTP/1.1 304 Not Modified\r\n"
	    "Server: [^\r]*\r\nDate: [^\r]*\r\nLast-Modified: [^\r]*\r\n"
	    "ETag: [^\r]*\r\nCache-Control: no-cache\r\n"
	    "Connection: close\r\n\r\n$"));
	ck_assert_str_eq(response_header(&r, "ETag"), tag);
	ck_assert_str_eq(response_header(&r, "Last-Modified"), lm);
	ck_assert_uint_eq(r.body_len, 0);
	response_free(&r);
}
END_TEST

/* --- preconditions ---------------------------------------------------- */

/* One request's conditional fields and the status they must give.  "@T"
 * in a row stands for the file's current ETag, "@L" for its
 * Last-Modified date. */
struct cond_row {
	const char *method;
	const char *fields;
	int status;
};

static const struct cond_row cond_rows[] = {
	{ "GET", "If-Match: @T", 200 },
	{ "GET", "If-Match: *", 200 },
	{ "GET", "If-Match: \"x\", @T", 200 },
	{ "GET", "If-Match: \"x\"", 412 },
	{ "GET", "If-Match: W/@T", 412 },	/* strong comparison */
	{ "HEAD", "If-Match: \"x\"", 412 },
	{ "GET", "If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT", 412 },
	{ "GET", "If-Unmodified-Since: Fri, 31 Dec 2099 23:59:59 GMT", 200 },
	{ "GET", "If-Unmodified-Since: @L", 200 },
	{ "GET", "If-Unmodified-Since: junk", 200 },
	/* If-Match present: If-Unmodified-Since is not evaluated. */
	{ "GET", "If-Match: @T\r\n"
	    "If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT", 200 },
	{ "GET", "If-None-Match: @T", 304 },
	{ "HEAD", "If-None-Match: @T", 304 },
	{ "GET", "If-None-Match: W/@T", 304 },	/* weak comparison */
	{ "GET", "If-None-Match: *", 304 },
	{ "GET", "If-None-Match: \"x\", @T", 304 },
	{ "GET", "If-None-Match: \"x\"", 200 },
	/* If-Match fails first: 412, not 304. */
	{ "GET", "If-Match: \"x\"\r\nIf-None-Match: @T", 412 },
	{ "GET", "If-Modified-Since: @L", 304 },
	{ "GET", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT", 200 },
	/* If-None-Match present: If-Modified-Since is not evaluated. */
	{ "GET", "If-None-Match: \"x\"\r\n"
	    "If-Modified-Since: Fri, 31 Dec 2099 23:59:59 GMT", 200 },
	{ "GET", "If-None-Match: @T\r\n"
	    "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT", 304 },
	/* A Range does not stop a 304 or a 412. */
	{ "GET", "If-None-Match: @T\r\nRange: bytes=0-1", 304 },
	{ "GET", "If-Match: \"x\"\r\nRange: bytes=0-1", 412 },
	{ "GET", "If-Match: @T\r\nRange: bytes=0-1", 206 },
};

/* S with every "@T" replaced by TAG and every "@L" by LM, into OUT. */
static void
expand_fields(const char *s, const char *tag, const char *lm, char *out,
    size_t size)
{
	size_t n = 0, len;
	const char *put;

	for (; *s != '\0'; s++) {
		put = NULL;
		if (s[0] == '@' && (s[1] == 'T' || s[1] == 'L')) {
			put = s[1] == 'T' ? tag : lm;
			s++;
		}
		len = put != NULL ? strlen(put) : 1;
		ck_assert_uint_lt(n + len, size);
		memcpy(out + n, put != NULL ? put : s, len);
		n += len;
	}
	out[n] = '\0';
}

START_TEST(test_preconditions)
{
	const struct cond_row *row = &cond_rows[_i];
	char tag[HS_ETAG_SIZE], lm[HS_DATE_LEN + 1], fields[1024], hdr[1100];

	start_plain();
	etag_of("/big.bin", tag, sizeof(tag));
	last_modified_of(dir, "big.bin", lm);
	expand_fields(row->fields, tag, lm, fields, sizeof(fields));
	snprintf(hdr, sizeof(hdr), "%s\r\n", fields);
	ck_assert_msg(status_of(row->method, "/big.bin", hdr) == row->status,
	    "%s with %s: want %d", row->method, fields, row->status);
}
END_TEST

/* --- Range -------------------------------------------------------------- */

/* GET /big.bin with Range VALUE: a 206 of one part FIRST..LAST. */
static void
expect_one_range(const char *value, long first, long last)
{
	char hdr[512], want[128];
	struct response r;

	snprintf(hdr, sizeof(hdr), "Range: %s\r\n", value);
	ask("GET", "/big.bin", hdr, &r);
	ck_assert_msg(r.status == 206, "%s: status %d", value, r.status);
	snprintf(want, sizeof(want), "bytes %ld-%ld/%d", first, last,
	    BIG_SIZE);
	ck_assert_str_eq(response_header(&r, "Content-Range"), want);
	ck_assert_str_eq(response_header(&r, "Content-type"),
	    "application/octet-stream");
	ck_assert_uint_eq(r.body_len, (size_t)(last - first + 1));
	ck_assert(memcmp(r.body, big + first, r.body_len) == 0);
	ck_assert_ptr_nonnull(response_header(&r, "ETag"));
	response_free(&r);
}

START_TEST(test_range_single)
{
	start_plain();
	expect_one_range("bytes=0-0", 0, 0);
	expect_one_range("bytes=0-99", 0, 99);
	expect_one_range("bytes=99000-", 99000, BIG_SIZE - 1);
	expect_one_range("bytes=-100", BIG_SIZE - 100, BIG_SIZE - 1);
	expect_one_range("bytes=-999999", 0, BIG_SIZE - 1);
	expect_one_range("bytes=99990-200000", 99990, BIG_SIZE - 1);
	expect_one_range("bytes=0-", 0, BIG_SIZE - 1);	/* browsers, video */
	expect_one_range("BYTES=10-19", 10, 19);
	/* Overlapping and adjacent ranges merge into one. */
	expect_one_range("bytes=0-9,5-19,20-29", 0, 29);
	expect_one_range("bytes=50-59,0-49", 0, 59);
	/* A big file in the cache and a small one read from the page cache
	 * alike: a.txt is kept in memory. */
	{
		struct response r;

		ask("GET", "/a.txt", "Range: bytes=1-3\r\n", &r);
		ck_assert_int_eq(r.status, 206);
		ck_assert_str_eq(r.body, "ell");
		ck_assert_str_eq(response_header(&r, "Content-Range"),
		    "bytes 1-3/6");
		response_free(&r);
	}
}
END_TEST

/* Ranges that are ignored (200, the whole file) and those that cannot be
 * satisfied (416, saying the size). */
START_TEST(test_range_ignored_or_unsatisfiable)
{
	static const char *const ignored[] = {
		"bytes=5-4", "items=0-1", "bytes=", "bytes=abc", "bytes 0-1",
		"bytes=0-1;x", "bytes=--1", "bytes=1-2-3",
	};
	static const char *const unsatisfiable[] = {
		"bytes=100000-", "bytes=100000-100001", "bytes=-0",
		"bytes=200000-300000, 100000-",
	};
	char hdr[256], want[64];
	struct response r;
	size_t i;

	start_plain();
	for (i = 0; i < NELEM(ignored); i++) {
		snprintf(hdr, sizeof(hdr), "Range: %s\r\n", ignored[i]);
		ask("GET", "/big.bin", hdr, &r);
		ck_assert_msg(r.status == 200, "%s: %d", ignored[i], r.status);
		ck_assert_uint_eq(r.body_len, BIG_SIZE);
		ck_assert_ptr_null(response_header(&r, "Content-Range"));
		response_free(&r);
	}
	snprintf(want, sizeof(want), "bytes */%d", BIG_SIZE);
	for (i = 0; i < NELEM(unsatisfiable); i++) {
		snprintf(hdr, sizeof(hdr), "Range: %s\r\n", unsatisfiable[i]);
		ask("GET", "/big.bin", hdr, &r);
		ck_assert_msg(r.status == 416, "%s: %d", unsatisfiable[i],
		    r.status);
		ck_assert_str_eq(response_header(&r, "Content-Range"), want);
		response_free(&r);
	}
	/* An empty file has no byte to range over. */
	write_file(dir, "empty", "", 0);
	ck_assert_int_eq(status_of("GET", "/empty", "Range: bytes=0-\r\n"),
	    416);
	ck_assert_int_eq(status_of("GET", "/empty", "Range: bytes=-5\r\n"),
	    200);
	/* HEAD, listings and errors ignore Range. */
	ask("HEAD", "/big.bin", "Range: bytes=0-1\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-Length"), "100000");
	response_free(&r);
	ck_assert_int_eq(status_of("GET", "/", "Range: bytes=0-1\r\n"), 200);
	ck_assert_int_eq(status_of("GET", "/nope", "Range: bytes=0-1\r\n"),
	    404);
}
END_TEST

/* Find NEEDLE in [P, END); NULL. */
static const char *
find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p + n <= end; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/*
 * R, a multipart/byteranges 206, holds exactly the N ranges WANT of
 * big.bin in this order, each with its Content-Type and Content-Range,
 * framed by the boundary its Content-type names.
 */
static void
check_multipart(const struct response *r, const long (*want)[2], size_t n)
{
	const char *type = response_header(r, "Content-type"), *b;
	const char *p = r->body, *end = r->body + r->body_len;
	char delim[128], fields[256];
	size_t i, len;

	ck_assert_int_eq(r->status, 206);
	ck_assert_ptr_null(response_header(r, "Content-Range"));
	ck_assert(text_matches(type, "^multipart/byteranges; "
	    "boundary=[0-9a-f]{32}$"));
	b = strstr(type, "boundary=") + 9;
	snprintf(delim, sizeof(delim), "\r\n--%s", b);
	ck_assert_uint_eq(strtoul(response_header(r, "Content-Length"), NULL,
	    10), r->body_len);
	for (i = 0; i < n; i++) {
		len = (size_t)(want[i][1] - want[i][0] + 1);
		ck_assert(p + strlen(delim) <= end &&
		    memcmp(p, delim, strlen(delim)) == 0);
		p += strlen(delim);
		snprintf(fields, sizeof(fields), "\r\nContent-Type: "
		    "application/octet-stream\r\nContent-Range: bytes "
		    "%ld-%ld/%d\r\n\r\n", want[i][0], want[i][1], BIG_SIZE);
		ck_assert(p + strlen(fields) <= end &&
		    memcmp(p, fields, strlen(fields)) == 0);
		p += strlen(fields);
		ck_assert(p + len <= end);
		ck_assert(memcmp(p, big + want[i][0], len) == 0);
		p += len;
		/* The boundary never occurs inside the bytes. */
		ck_assert_ptr_null(find((const char *)big + want[i][0],
		    (const char *)big + want[i][0] + len, b));
	}
	ck_assert(p + strlen(delim) + 4 == end);
	ck_assert(memcmp(p, delim, strlen(delim)) == 0);
	ck_assert(memcmp(end - 4, "--\r\n", 4) == 0);
}

START_TEST(test_range_multipart)
{
	static const long three[][2] = { { 0, 99 }, { 50000, 50999 },
	    { 99900, 99999 } };
	static const long asked_order[][2] = { { 90000, 90009 },
	    { 10, 19 } };
	static const long merged[][2] = { { 0, 29 }, { 40000, 40009 } };
	struct response r;

	start_plain();
	ask("GET", "/big.bin", "Range: bytes=0-99, 50000-50999,-100\r\n", &r);
	check_multipart(&r, three, NELEM(three));
	response_free(&r);
	/* Not merged: the order asked for. */
	ask("GET", "/big.bin", "Range: bytes=90000-90009,10-19\r\n", &r);
	check_multipart(&r, asked_order, NELEM(asked_order));
	response_free(&r);
	/* Merged: ascending. */
	ask("GET", "/big.bin", "Range: bytes=40000-40009,10-29,0-9\r\n", &r);
	check_multipart(&r, merged, NELEM(merged));
	response_free(&r);
	/* HEAD of the same: 200, whole. */
	ck_assert_int_eq(status_of("HEAD", "/big.bin",
	    "Range: bytes=0-99,500-599\r\n"), 200);
}
END_TEST

/* No Range makes the response larger than the file and its framing. */
START_TEST(test_range_never_amplified)
{
	char hdr[8192];
	size_t n, i;
	struct response r;

	start_plain();
	/* The Apache killer's shape: many overlapping ranges. */
	n = (size_t)snprintf(hdr, sizeof(hdr), "Range: bytes=0-");
	for (i = 1; i < HS_RANGE_SPECS_MAX; i++)
		n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, ",%zu-", i);
	snprintf(hdr + n, sizeof(hdr) - n, "\r\n");
	ask("GET", "/big.bin", hdr, &r);
	ck_assert_int_eq(r.status, 206);
	ck_assert_str_eq(response_header(&r, "Content-Range"),
	    "bytes 0-99999/100000");
	ck_assert_uint_eq(r.body_len, BIG_SIZE);
	response_free(&r);
	/* One spec more than the limit: ignored. */
	n = (size_t)snprintf(hdr, sizeof(hdr), "Range: bytes=0-0");
	for (i = 1; i <= HS_RANGE_SPECS_MAX; i++)
		n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, ",%zu-%zu",
		    i * 1000, i * 1000);
	snprintf(hdr + n, sizeof(hdr) - n, "\r\n");
	ask("GET", "/big.bin", hdr, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body_len, BIG_SIZE);
	response_free(&r);
	/* HS_RANGE_PARTS_MAX separate parts: served; one more: whole. */
	n = (size_t)snprintf(hdr, sizeof(hdr), "Range: bytes=0-999");
	for (i = 1; i < HS_RANGE_PARTS_MAX; i++)
		n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, ",%zu-%zu",
		    i * 2000, i * 2000 + 999);
	snprintf(hdr + n, sizeof(hdr) - n, "\r\n");
	ask("GET", "/big.bin", hdr, &r);
	ck_assert_int_eq(r.status, 206);
	ck_assert_uint_lt(r.body_len, BIG_SIZE);
	response_free(&r);
	snprintf(hdr + n, sizeof(hdr) - n, ",%d-%d\r\n",
	    HS_RANGE_PARTS_MAX * 2000, HS_RANGE_PARTS_MAX * 2000 + 999);
	ask("GET", "/big.bin", hdr, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body_len, BIG_SIZE);
	response_free(&r);
	/* Many one-byte parts of a small file: the framing would outweigh
	 * the file, so the file it is. */
	write_file(dir, "small", "0123456789abcdefghij", 20);
	ask("GET", "/small", "Range: bytes=0-0,2-2,4-4,6-6\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "0123456789abcdefghij");
	response_free(&r);
}
END_TEST

/* A Range far into a 1 GiB sparse file: the bytes, and the server's
 * memory stays flat while the whole of it streams. */
START_TEST(test_range_sparse_gib)
{
	char path[4096];
	struct response r;
	long before, after;
	int fd;
	size_t got = 0;
	ssize_t k;
	char buf[65536];
	const off_t gib = 1024L * 1024 * 1024;

	snprintf(path, sizeof(path), "%s/sparse", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "END", 3, gib - 3), 3);
	ck_assert_int_eq(pwrite(fd, "MID", 3, gib / 2), 3);
	close(fd);
	start_plain();
	ask("GET", "/sparse", "Range: bytes=-3\r\n", &r);
	ck_assert_int_eq(r.status, 206);
	ck_assert_str_eq(r.body, "END");
	ck_assert_str_eq(response_header(&r, "Content-Range"),
	    "bytes 1073741821-1073741823/1073741824");
	response_free(&r);
	ask("GET", "/sparse", "Range: bytes=536870912-536870914,"
	    "1073741821-\r\n", &r);
	ck_assert_int_eq(r.status, 206);
	ck_assert_ptr_nonnull(find(r.body, r.body + r.body_len, "MID"));
	ck_assert_ptr_nonnull(find(r.body, r.body + r.body_len, "END"));
	response_free(&r);
	/* bytes=0- of all of it, read as it comes. */
	before = resident_kib(srv.pid);
	fd = client_connect(srv.port);
	client_send_str(fd, "GET /sparse HTTP/1.0\r\nRange: bytes=0-\r\n\r\n");
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		got += (size_t)k;
	after = resident_kib(srv.pid);
	close(fd);
	ck_assert_uint_gt(got, (size_t)gib);
	ck_assert_msg(after - before < 16 * 1024, "RSS grew %ld KiB",
	    after - before);
}
END_TEST

/* If-Range: the ranges when the validator still holds, else the whole. */
START_TEST(test_if_range)
{
	char tag[HS_ETAG_SIZE], lm[HS_DATE_LEN + 1], hdr[512];

	start_plain();
	etag_of("/big.bin", tag, sizeof(tag));
	last_modified_of(dir, "big.bin", lm);
	snprintf(hdr, sizeof(hdr), "Range: bytes=0-9\r\nIf-Range: %s\r\n",
	    tag);
	ck_assert_int_eq(status_of("GET", "/big.bin", hdr), 206);
	snprintf(hdr, sizeof(hdr), "Range: bytes=0-9\r\nIf-Range: W/%s\r\n",
	    tag);
	ck_assert_int_eq(status_of("GET", "/big.bin", hdr), 200);
	ck_assert_int_eq(status_of("GET", "/big.bin",
	    "Range: bytes=0-9\r\nIf-Range: \"stale\"\r\n"), 200);
	snprintf(hdr, sizeof(hdr), "Range: bytes=0-9\r\nIf-Range: %s\r\n",
	    lm);
	ck_assert_int_eq(status_of("GET", "/big.bin", hdr), 206);
	ck_assert_int_eq(status_of("GET", "/big.bin", "Range: bytes=0-9\r\n"
	    "If-Range: Sun, 06 Nov 1994 08:49:37 GMT\r\n"), 200);
	/* If-Range without Range changes nothing. */
	snprintf(hdr, sizeof(hdr), "If-Range: %s\r\n", tag);
	ck_assert_int_eq(status_of("GET", "/big.bin", hdr), 200);
}
END_TEST

/* Run curl with ARGS (NULL-terminated, argv[0] "curl"); its stdout into
 * OUT (at most SIZE - 1 bytes, NUL-terminated); returns its length. */
static size_t
run_curl(const char *const *args, char *out, size_t size)
{
	int pipefd[2], status;
	size_t n = 0;
	ssize_t k;
	pid_t pid;

	ck_assert_int_eq(pipe(pipefd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		close(pipefd[1]);
		execvp("curl", (char *const *)args);
		_exit(127);
	}
	close(pipefd[1]);
	while (n + 1 < size &&
	    (k = read(pipefd[0], out + n, size - 1 - n)) > 0)
		n += (size_t)k;
	out[n] = '\0';
	close(pipefd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "curl failed: status %d", status);
	return n;
}

/* curl -r, a browser-like bytes=0-, and If-Range from curl. */
START_TEST(test_curl)
{
	char url[128], out[4096], tag[HS_ETAG_SIZE], ifr[256];
	const char *range[] = { "curl", "-sf", "-r", "100-199", url, NULL };
	const char *whole[] = { "curl", "-sf", "-H", "Range: bytes=0-", "-o",
	    "/dev/null", "-w", "%{http_code} %{size_download}", url, NULL };
	const char *cond[] = { "curl", "-sf", "-r", "0-4", "-H", ifr, "-w",
	    " %{http_code}", url, NULL };
	size_t n;

	start_plain();
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/big.bin", srv.port);
	n = run_curl(range, out, sizeof(out));
	ck_assert_uint_eq(n, 100);
	ck_assert(memcmp(out, big + 100, 100) == 0);
	run_curl(whole, out, sizeof(out));
	ck_assert_str_eq(out, "206 100000");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/a.txt", srv.port);
	etag_of("/a.txt", tag, sizeof(tag));
	snprintf(ifr, sizeof(ifr), "If-Range: %s", tag);
	run_curl(cond, out, sizeof(out));
	ck_assert_str_eq(out, "hello 206");
	snprintf(ifr, sizeof(ifr), "If-Range: \"old\"");
	run_curl(cond, out, sizeof(out));
	ck_assert_str_eq(out, "hello\n 200");
}
END_TEST

/* --- Cache-Control ---------------------------------------------------- */

START_TEST(test_cache_control_option)
{
	const char *value[] = { "--cache-control", "max-age=60, public",
	    NULL };
	const char *none[] = { "--cache-control", "", NULL };
	struct response r;

	start_with(value);
	ask("GET", "/a.txt", "", &r);
	ck_assert_str_eq(response_header(&r, "Cache-Control"),
	    "max-age=60, public");
	response_free(&r);
	ask("GET", "/", "", &r);
	ck_assert_str_eq(response_header(&r, "Cache-Control"),
	    "max-age=60, public");
	response_free(&r);
	server_stop(&srv, SIGTERM, NULL);
	start_with(none);
	ask("GET", "/a.txt", "", &r);
	ck_assert_ptr_null(response_header(&r, "Cache-Control"));
	response_free(&r);
	ask("GET", "/", "", &r);
	ck_assert_ptr_null(response_header(&r, "Cache-Control"));
	response_free(&r);
}
END_TEST

/* --- precompressed sidecars ------------------------------------------- */

/* app.js with sidecars .gz, .br, .zst (each newer, each its own bytes). */
static void
make_sidecars(void)
{
	write_file(dir, "app.js", "console.log(1);\n", 16);
	write_file(dir, "app.js.gz", "GZ-BYTES", 8);
	write_file(dir, "app.js.br", "BR-BYTES!", 9);
	write_file(dir, "app.js.zst", "ZSTD-BYTES", 10);
	set_mtime("app.js", 1700000000, 0);
	set_mtime("app.js.gz", 1700000001, 0);
	set_mtime("app.js.br", 1700000001, 0);
	set_mtime("app.js.zst", 1700000001, 0);
}

/* One row: Accept-Encoding (NULL: none), the coding and body served. */
struct coding_row {
	const char *accept;
	const char *encoding;	/* NULL: identity */
	const char *body;
};

static const struct coding_row coding_rows[] = {
	{ NULL, NULL, "console.log(1);\n" },
	{ "gzip", "gzip", "GZ-BYTES" },
	{ "x-gzip", "gzip", "GZ-BYTES" },
	{ "gzip, deflate, br, zstd", "br", "BR-BYTES!" },
	{ "zstd, gzip", "zstd", "ZSTD-BYTES" },
	{ "br;q=0.5, gzip;q=1", "gzip", "GZ-BYTES" },
	{ "br;q=0, gzip;q=0.1", "gzip", "GZ-BYTES" },
	{ "*", "br", "BR-BYTES!" },
	{ "*;q=0", NULL, "console.log(1);\n" },
	{ "*;q=0, zstd", "zstd", "ZSTD-BYTES" },
	{ "gzip;q=0", NULL, "console.log(1);\n" },
	{ "identity", NULL, "console.log(1);\n" },
	{ "deflate", NULL, "console.log(1);\n" },
};

START_TEST(test_precompressed_choice)
{
	const struct coding_row *row = &coding_rows[_i];
	const char *on[] = { "--precompressed", NULL };
	char hdr[256];
	struct response r;
	const char *enc, *tag;

	make_sidecars();
	start_with(on);
	if (row->accept != NULL)
		snprintf(hdr, sizeof(hdr), "Accept-Encoding: %s\r\n",
		    row->accept);
	else
		hdr[0] = '\0';
	ask("GET", "/app.js", hdr, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, row->body);
	enc = response_header(&r, "Content-Encoding");
	if (row->encoding == NULL)
		ck_assert_ptr_null(enc);
	else
		ck_assert_str_eq(enc, row->encoding);
	ck_assert_str_eq(response_header(&r, "Content-type"),
	    "text/javascript");
	ck_assert_str_eq(response_header(&r, "Vary"), "Accept-Encoding");
	tag = response_header(&r, "ETag");
	if (row->encoding != NULL) {
		snprintf(hdr, sizeof(hdr), "-%s\"$", row->encoding);
		ck_assert(text_matches(tag, hdr));
	} else {
		ck_assert(text_matches(tag, "^\"[0-9a-f]+-[0-9a-f]+-"
		    "[0-9a-f]+\"$"));
	}
	response_free(&r);
}
END_TEST

START_TEST(test_precompressed_rules)
{
	const char *on[] = { "--precompressed", NULL };
	char tag[HS_ETAG_SIZE], hdr[512], path[4096];
	struct response r;

	make_sidecars();
	start_with(on);
	/* The variant's own ETag: it matches for a gzip client only. */
	ask("GET", "/app.js", "Accept-Encoding: gzip\r\n", &r);
	strcpy(tag, response_header(&r, "ETag"));
	response_free(&r);
	snprintf(hdr, sizeof(hdr), "Accept-Encoding: gzip\r\n"
	    "If-None-Match: %s\r\n", tag);
	ask("GET", "/app.js", hdr, &r);
	ck_assert_int_eq(r.status, 304);
	ck_assert_str_eq(response_header(&r, "Vary"), "Accept-Encoding");
	ck_assert_str_eq(response_header(&r, "ETag"), tag);
	response_free(&r);
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", tag);
	ck_assert_int_eq(status_of("GET", "/app.js", hdr), 200);
	/* Range applies to the coded bytes. */
	ask("GET", "/app.js", "Accept-Encoding: gzip\r\nRange: bytes=3-7\r\n",
	    &r);
	ck_assert_int_eq(r.status, 206);
	ck_assert_str_eq(r.body, "BYTES");
	ck_assert_str_eq(response_header(&r, "Content-Range"), "bytes 3-7/8");
	ck_assert_str_eq(response_header(&r, "Content-Encoding"), "gzip");
	response_free(&r);
	/* HEAD: the same head. */
	ask("HEAD", "/app.js", "Accept-Encoding: br\r\n", &r);
	ck_assert_str_eq(response_header(&r, "Content-Encoding"), "br");
	ck_assert_str_eq(response_header(&r, "Content-Length"), "9");
	response_free(&r);
	/* The sidecar itself is a plain file. */
	ask("GET", "/app.js.gz", "Accept-Encoding: gzip\r\n", &r);
	ck_assert_str_eq(r.body, "GZ-BYTES");
	ck_assert_ptr_null(response_header(&r, "Content-Encoding"));
	ck_assert_str_eq(response_header(&r, "Content-type"),
	    "application/gzip");
	response_free(&r);
	/* A sidecar older than its file is never served. */
	set_mtime("app.js.br", 1600000000, 0);
	ask("GET", "/app.js", "Accept-Encoding: br, gzip\r\n", &r);
	ck_assert_str_eq(response_header(&r, "Content-Encoding"), "gzip");
	response_free(&r);
	/* Nor one that is not a regular file, nor one leading out. */
	snprintf(path, sizeof(path), "%s/app.js.gz", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/app.js.zst", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(symlink("/etc/passwd", path), 0);
	ask("GET", "/app.js", "Accept-Encoding: br, gzip, zstd\r\n", &r);
	ck_assert_ptr_null(response_header(&r, "Content-Encoding"));
	ck_assert_str_eq(r.body, "console.log(1);\n");
	response_free(&r);
}
END_TEST

/* Without --precompressed: never a sidecar, never a Vary. */
START_TEST(test_precompressed_off)
{
	struct response r;

	make_sidecars();
	start_plain();
	ask("GET", "/app.js", "Accept-Encoding: gzip, br\r\n", &r);
	ck_assert_str_eq(r.body, "console.log(1);\n");
	ck_assert_ptr_null(response_header(&r, "Content-Encoding"));
	ck_assert_ptr_null(response_header(&r, "Vary"));
	response_free(&r);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("range");
	TCase *tc = tcase_create("range");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_validators);
	tcase_add_test(tc, test_etag_changes);
	tcase_add_test(tc, test_not_modified_repeats_validators);
	ADD_TABLE(tc, test_preconditions, cond_rows);
	tcase_add_test(tc, test_range_single);
	tcase_add_test(tc, test_range_ignored_or_unsatisfiable);
	tcase_add_test(tc, test_range_multipart);
	tcase_add_test(tc, test_range_never_amplified);
	tcase_add_test(tc, test_range_sparse_gib);
	tcase_add_test(tc, test_if_range);
	tcase_add_test(tc, test_curl);
	tcase_add_test(tc, test_cache_control_option);
	ADD_TABLE(tc, test_precompressed_choice, coding_rows);
	tcase_add_test(tc, test_precompressed_rules);
	tcase_add_test(tc, test_precompressed_off);
	suite_add_tcase(s, tc);
	return s;
}
