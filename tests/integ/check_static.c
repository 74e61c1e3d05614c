/* SPDX-License-Identifier: MIT */
/*
 * check_static.c - SimpleHTTPRequestHandler behaviour of the real binary
 * over real sockets: files, HEAD, index pages, redirects, listings with
 * odd names, conditional GET, content types, traversal attempts, FIFOs,
 * HTTP/0.9, and a 100 MiB file whose checksum must match while the
 * server's memory stays flat.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "http/hs_limits.h"
#include "httpserve.h"
#include "runner.h"

static struct server srv;
static char *root;

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	root = make_docroot();
	ck_assert_msg(server_start_simple(&srv, 0, root, NULL) == 0,
	    "server did not start: %s", srv.why);
}

static void
teardown(void)
{
	server_stop(&srv, SIGINT, NULL);
	remove_docroot(root);
}

/* GET PATH (HTTP/1.0), asserting the status. */
static void
get_expect(const char *method, const char *path, int status,
    struct response *r)
{
	ck_assert_int_eq(http_get(srv.port, method, path, r), 0);
	ck_assert_msg(r->status == status, "%s %s: got %d, want %d", method,
	    path, r->status, status);
}

START_TEST(test_file_get)
{
	struct response r;
	char lm[HS_DATE_LEN + 1];

	get_expect("GET", "/a.txt", 200, &r);
	ck_assert_str_eq(r.body, "hello\n");
	ck_assert(strncmp(r.head, "HTTP/1.0 200 OK\r\n", 17) == 0);
	ck_assert_str_eq(response_header(&r, "Content-type"), "text/plain");
	ck_assert_str_eq(response_header(&r, "Content-Length"), "6");
	last_modified_of(root, "a.txt", lm);
	ck_assert_str_eq(response_header(&r, "Last-Modified"), lm);
	ck_assert_str_eq(response_header(&r, "Server"),
	    "SimpleHTTP/0.6 httpserve/" HS_VERSION);
	ck_assert(text_matches(response_header(&r, "Date"), "^(Mon|Tue|Wed|Thu|"
	    "Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
	    "Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$"));
	/* Python's header order: Server, Date, then the handler's, ours
	 * after them (validators, caching, ranges); and last: the
	 * connection closes, said so (RFC 9112 9.6). */
	ck_assert(text_matches(r.head, "^HTTP/1.0 200 OK\r\nServer: [^\r]*\r\n"
	    "Date: [^\r]*\r\nContent-type: text/plain\r\nContent-Length: 6"
	    "\r\nLast-Modified: [^\r]*\r\nETag: \"[^\r]*\"\r\n"
	    "Cache-Control: no-cache\r\nAccept-Ranges: bytes\r\n"
	    "Connection: close\r\n\r\n$"));
	response_free(&r);
}
END_TEST

/* HEAD: the same head as GET, and not one byte of body. */
START_TEST(test_file_head)
{
	int fd = client_connect(srv.port);
	size_t len;
	char *all;

	client_send_str(fd, "HEAD /a.txt HTTP/1.0\r\n\r\n");
	all = client_read_all(fd, &len, NULL);
	close(fd);
	ck_assert(text_matches(all, "^HTTP/1.0 200 OK\r\n.*Content-Length: 6\r\n"
	    ".*\r\n\r\n$"));
	free(all);
}
END_TEST

START_TEST(test_empty_file)
{
	struct response r;

	get_expect("GET", "/empty.txt", 200, &r);
	ck_assert_str_eq(response_header(&r, "Content-Length"), "0");
	ck_assert_uint_eq(r.body_len, 0);
	response_free(&r);
}
END_TEST

/* A directory without its trailing slash: 301, query and fragment kept. */
START_TEST(test_directory_redirect)
{
	static const char *const cases[][2] = {
		{ "/sub", "/sub/" },
		{ "/sub?x=1", "/sub/?x=1" },
		{ "/sub?x=1#frag", "/sub/?x=1#frag" },
		{ "/withindex", "/withindex/" },
		{ "//sub", "/sub/" },
		{ "/odd/dir%20with%20space", "/odd/dir%20with%20space/" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct response r;

		get_expect("GET", cases[i][0], 301, &r);
		ck_assert_str_eq(response_header(&r, "Location"),
		    cases[i][1]);
		ck_assert_str_eq(response_header(&r, "Content-Length"), "0");
		response_free(&r);
	}
}
END_TEST

/* index.html first, then index.htm. */
START_TEST(test_index_pages)
{
	struct response r;

	get_expect("GET", "/withindex/", 200, &r);
	ck_assert_str_eq(r.body, "<h1>index</h1>\n");
	ck_assert_str_eq(response_header(&r, "Content-type"), "text/html");
	response_free(&r);
	get_expect("GET", "/withhtm/", 200, &r);
	ck_assert_str_eq(r.body, "<h1>htm</h1>\n");
	response_free(&r);
}
END_TEST

/* The listing of odd/: Python's page, byte for byte. */
START_TEST(test_listing)
{
	static const char want[] =
	    "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<title>Directory listing for /odd/</title>\n</head>\n<body>\n"
	    "<h1>Directory listing for /odd/</h1>\n<hr>\n<ul>\n"
	    "<li><a href=\".hidden\">.hidden</a></li>\n"
	    "<li><a href=\"100%25.txt\">100%.txt</a></li>\n"
	    "<li><a href=\"%3C%26%22%3E.txt\">&lt;&amp;\"&gt;.txt</a></li>\n"
	    "<li><a href=\"apple\">apple</a></li>\n"
	    "<li><a href=\"Banana\">Banana</a></li>\n"
	    "<li><a href=\"caf%C3%A9.txt\">caf\xc3\xa9.txt</a></li>\n"
	    "<li><a href=\"dir%20with%20space/\">dir with space/</a></li>\n"
	    "<li><a href=\"hash%23.txt\">hash#.txt</a></li>\n"
	    "<li><a href=\"link-to-apple\">link-to-apple@</a></li>\n"
	    "<li><a href=\"link-to-dir/\">link-to-dir@</a></li>\n"
	    "<li><a href=\"lower.txt\">lower.txt</a></li>\n"
	    "<li><a href=\"q%3F.txt\">q?.txt</a></li>\n"
	    "<li><a href=\"tab%09here\">tab\there</a></li>\n"
	    "<li><a href=\"UPPER.TXT\">UPPER.TXT</a></li>\n"
	    "<li><a href=\"with%20space.txt\">with space.txt</a></li>\n"
	    "<li><a href=\"Zebra\">Zebra</a></li>\n"
	    "</ul>\n<hr>\n</body>\n</html>\n";
	struct response r;
	char len[32];

	get_expect("GET", "/odd/", 200, &r);
	ck_assert_str_eq(r.body, want);
	ck_assert_str_eq(response_header(&r, "Content-type"),
	    "text/html; charset=utf-8");
	snprintf(len, sizeof(len), "%zu", strlen(want));
	ck_assert_str_eq(response_header(&r, "Content-Length"), len);
	response_free(&r);
	/* HEAD: same length, no body. */
	get_expect("HEAD", "/odd/", 200, &r);
	ck_assert_str_eq(response_header(&r, "Content-Length"), len);
	response_free(&r);
}
END_TEST

/*
 * A directory big enough to be listed on a thread of its own
 * (HS_LISTING_THREAD_SIZE): the page is Python's, whole and in order, for
 * GET and HEAD, and again from the cache; a client that leaves while it
 * is built costs nothing but the work.
 */
START_TEST(test_large_listing)
{
	const int n = 12000;
	char dir[4096], name[64], *want, *p;
	size_t cap = (size_t)n * 64 + 1024, i;
	struct response r;
	struct stat sb;
	char len[32];
	int fd;

	snprintf(dir, sizeof(dir), "%s/many", root);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	for (i = 0; i < (size_t)n; i++) {
		snprintf(name, sizeof(name), "many/entry-%05zu.txt", i);
		write_file(root, name, "", 0);
	}
	ck_assert_int_eq(stat(dir, &sb), 0);
	ck_assert_int_gt(sb.st_size, HS_LISTING_THREAD_SIZE);
	want = malloc(cap);
	ck_assert_ptr_nonnull(want);
	p = want + sprintf(want, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<title>Directory listing for /many/</title>\n</head>\n<body>\n"
	    "<h1>Directory listing for /many/</h1>\n<hr>\n<ul>\n");
	for (i = 0; i < (size_t)n; i++)
		p += sprintf(p, "<li><a href=\"entry-%05zu.txt\">"
		    "entry-%05zu.txt</a></li>\n", i, i);
	strcpy(p, "</ul>\n<hr>\n</body>\n</html>\n");
	snprintf(len, sizeof(len), "%zu", strlen(want));
	/* A client that does not wait for its listing. */
	fd = client_connect(srv.port);
	client_send_str(fd, "GET /many/ HTTP/1.0\r\n\r\n");
	close(fd);
	for (i = 0; i < 2; i++) {	/* built, then from the cache */
		get_expect("GET", "/many/", 200, &r);
		ck_assert_str_eq(response_header(&r, "Content-Length"), len);
		ck_assert_msg(strcmp(r.body, want) == 0, "the page differs");
		response_free(&r);
	}
	get_expect("HEAD", "/many/", 200, &r);
	ck_assert_str_eq(response_header(&r, "Content-Length"), len);
	ck_assert_uint_eq(r.body_len, 0);
	response_free(&r);
	get_expect("GET", "/a.txt", 200, &r);
	response_free(&r);
	free(want);
}
END_TEST

/* The title shows the request path, unquoted and escaped, query too. */
START_TEST(test_listing_title)
{
	struct response r;

	get_expect("GET", "/sub/?q=%3Cscript%3E&x=%22", 200, &r);
	ck_assert(strstr(r.body, "<title>Directory listing for "
	    "/sub/?q=&lt;script&gt;&amp;x=\"</title>") != NULL);
	ck_assert(strstr(r.body, "<script>") == NULL);
	response_free(&r);
	get_expect("GET", "/odd/dir%20with%20space/", 200, &r);
	ck_assert(strstr(r.body, "<h1>Directory listing for /odd/dir with "
	    "space/</h1>\n<hr>\n<ul>\n</ul>") != NULL);
	response_free(&r);
}
END_TEST

/* 404: Python's page and headers. */
START_TEST(test_not_found)
{
	static const char page[] =
	    "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n"
	    "        <meta charset=\"utf-8\">\n"
	    "        <title>Error response</title>\n    </head>\n"
	    "    <body>\n        <h1>Error response</h1>\n"
	    "        <p>Error code: 404</p>\n"
	    "        <p>Message: File not found.</p>\n"
	    "        <p>Error code explanation: 404 - Nothing matches the "
	    "given URI.</p>\n    </body>\n</html>\n";
	struct response r;

	get_expect("GET", "/nope.txt", 404, &r);
	ck_assert_str_eq(r.body, page);
	ck_assert(text_matches(r.head, "^HTTP/1.0 404 File not found\r\n"
	    "Server: [^\r]*\r\nDate: [^\r]*\r\nConnection: close\r\n"
	    "Content-Type: text/html;charset=utf-8\r\nContent-Length: 335"
	    "\r\n\r\n$"));
	response_free(&r);
	/* A file named with a trailing slash is not found (bpo-17324). */
	get_expect("GET", "/a.txt/", 404, &r);
	response_free(&r);
	/* HEAD of a 404: the head alone. */
	get_expect("HEAD", "/nope.txt", 404, &r);
	ck_assert_str_eq(response_header(&r, "Content-Length"), "335");
	response_free(&r);
}
END_TEST

/* GET /a.txt with header NAME: VALUE; returns the status. */
static int
get_with_header(const char *name, const char *value)
{
	int fd = client_connect(srv.port), status;
	char req[512];
	struct response r;

	snprintf(req, sizeof(req), "GET /a.txt HTTP/1.0\r\n%s: %s\r\n\r\n",
	    name, value);
	client_send_str(fd, req);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	status = r.status;
	if (status == 304) {
		ck_assert(text_matches(r.head, "^HTTP/1.0 304 Not Modified\r\n"
		    "Server: [^\r]*\r\nDate: [^\r]*\r\n"
		    "Last-Modified: [^\r]*\r\nETag: [^\r]*\r\n"
		    "Cache-Control: no-cache\r\n"
		    "Connection: close\r\n\r\n$"));
		ck_assert(client_sees_eof(fd, 2000));
	}
	response_free(&r);
	close(fd);
	return status;
}

/* If-Modified-Since: 304 when the file is not newer, in all three date
 * formats; ignored when ill-formed or when If-None-Match is present. */
START_TEST(test_if_modified_since)
{
	char lm[HS_DATE_LEN + 1];
	int fd;

	last_modified_of(root, "a.txt", lm);
	ck_assert_int_eq(get_with_header("If-Modified-Since", lm), 304);
	ck_assert_int_eq(get_with_header("If-Modified-Since",
	    "Sun, 06 Nov 1994 08:49:37 GMT"), 200);
	ck_assert_int_eq(get_with_header("If-Modified-Since",
	    "Fri, 31 Dec 2099 23:59:59 GMT"), 304);
	ck_assert_int_eq(get_with_header("If-Modified-Since",
	    "Thursday, 31-Dec-37 23:59:59 GMT"), 304);
	ck_assert_int_eq(get_with_header("If-Modified-Since",
	    "Thu Dec 31 23:59:59 2099"), 304);
	ck_assert_int_eq(get_with_header("If-Modified-Since", "yesterday"),
	    200);
	/* Both headers: If-None-Match wins, and "x" is not the file's tag. */
	fd = client_connect(srv.port);
	client_send_str(fd, "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Fri, "
	    "31 Dec 2099 23:59:59 GMT\r\nIf-None-Match: \"x\"\r\n\r\n");
	{
		struct response r;

		ck_assert_int_eq(read_response(fd, &r, 0), 0);
		ck_assert_int_eq(r.status, 200);
		response_free(&r);
	}
	close(fd);
}
END_TEST

/* No encoding of ".." reaches secret.txt next to the served directory. */
START_TEST(test_traversal)
{
	static const char *const paths[] = {
		"/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
		"/sub/../../secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
		"/.%2e/secret.txt", "/%2e./secret.txt",
		"/sub/..%2f..%2fsecret.txt", "http://x/../secret.txt",
		"/%252e%252e/secret.txt", "/..%5csecret.txt",
		"/%c0%ae%c0%ae/secret.txt", "/a.txt/../../secret.txt",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct response r;

		ck_assert_int_eq(http_get(srv.port, "GET", paths[i], &r), 0);
		ck_assert_msg(r.status == 404, "%s: %d", paths[i], r.status);
		ck_assert(strstr(r.body, "SECRET") == NULL);
		response_free(&r);
	}
}
END_TEST

/* Content types from the built-in table (and Python's overrides). */
START_TEST(test_content_types)
{
	static const char *const cases[][2] = {
		{ "/types/app.js", "text/javascript" },
		{ "/types/mod.mjs", "text/javascript" },
		{ "/types/style.css", "text/css" },
		{ "/types/data.json", "application/json" },
		{ "/types/page.wasm", "application/wasm" },
		{ "/types/pic.svg", "image/svg+xml" },
		{ "/types/pic.webp", "image/webp" },
		{ "/types/pic.avif", "image/avif" },
		{ "/types/font.woff2", "font/woff2" },
		{ "/types/noext", "application/octet-stream" },
		{ "/types/archive.tar.gz", "application/gzip" },
		{ "/types/doc.html", "text/html" },
		{ "/types/UPPER.HTML", "text/html" },
		{ "/types/readme.txt", "text/plain" },
		{ "/types/x.tgz", "application/x-tar" },
		{ "/types/p.png", "image/png" },
		{ "/types/j.jpg", "image/jpeg" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct response r;

		get_expect("GET", cases[i][0], 200, &r);
		ck_assert_msg(strcmp(response_header(&r, "Content-type"),
		    cases[i][1]) == 0, "%s: %s", cases[i][0],
		    response_header(&r, "Content-type"));
		response_free(&r);
	}
}
END_TEST

/* Names that need quoting are found once decoded; a symlink is followed. */
START_TEST(test_odd_names)
{
	static const char *const cases[][2] = {
		{ "/odd/with%20space.txt", "with space.txt" },
		{ "/odd/caf%C3%A9.txt", "caf\xc3\xa9.txt" },
		{ "/odd/caf\xc3\xa9.txt", "caf\xc3\xa9.txt" },
		{ "/odd/100%25.txt", "100%.txt" },
		{ "/odd/q%3F.txt", "q?.txt" },
		{ "/odd/hash%23.txt", "hash#.txt" },
		{ "/odd/%3C%26%22%3E.txt", "<&\">.txt" },
		{ "/odd/link-to-apple", "apple" },
		{ "/odd/tab%09here", "tab\there" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct response r;

		get_expect("GET", cases[i][0], 200, &r);
		ck_assert_str_eq(r.body, cases[i][1]);
		response_free(&r);
	}
}
END_TEST

/* A NUL in the path is a bad request, not a lookup. */
START_TEST(test_nul_in_path)
{
	struct response r;

	get_expect("GET", "/a.txt%00.html", 400, &r);
	response_free(&r);
}
END_TEST

/* A FIFO is answered 404 at once: opening it must not block the loop. */
START_TEST(test_fifo)
{
	char path[4096];
	struct response r;

	snprintf(path, sizeof(path), "%s/fifo", root);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	get_expect("GET", "/fifo", 404, &r);
	response_free(&r);
	get_expect("GET", "/a.txt", 200, &r);
	response_free(&r);
	unlink(path);
}
END_TEST

/* A UNIX socket is no file to serve either: 404, like a FIFO. */
START_TEST(test_unix_socket)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct response r;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_lt(snprintf(sun.sun_path, sizeof(sun.sun_path),
	    "%s/sock", root), (int)sizeof(sun.sun_path));
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	get_expect("GET", "/sock", 404, &r);
	ck_assert(strstr(r.body, "Message: File not found.") != NULL);
	response_free(&r);
	get_expect("GET", "/a.txt", 200, &r);
	response_free(&r);
	close(fd);
	unlink(sun.sun_path);
}
END_TEST

/*
 * Directories the server may enter but not read (0311) or neither
 * (000): Python's 404 "No permission to list directory", not an empty
 * listing.  Root reads whatever the mode says, so as root the server
 * runs as nobody (setpriv, through the harness's wrapper words).
 */
START_TEST(test_unlistable_directories)
{
	static const char *const paths[] = { "/closed/", "/shut/" };
	const char *old = getenv("HTTPSERVE_WRAPPER");
	char *dir = make_temp_dir(), wrapper[512], path[4096];
	struct server s;
	struct response r;
	size_t i;

	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/open", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	write_file(path, "in-open.txt", "x", 1);
	snprintf(path, sizeof(path), "%s/closed", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	write_file(path, "hidden.txt", "x", 1);
	ck_assert_int_eq(chmod(path, 0311), 0);
	snprintf(path, sizeof(path), "%s/shut", dir);
	ck_assert_int_eq(mkdir(path, 0), 0);
	ck_assert_int_eq(chmod(path, 0), 0);
	if (geteuid() == 0) {
		snprintf(wrapper, sizeof(wrapper), "setpriv --reuid=65534 "
		    "--regid=65534 --clear-groups%s%s",
		    old != NULL ? " " : "", old != NULL ? old : "");
		ck_assert_int_eq(setenv("HTTPSERVE_WRAPPER", wrapper, 1), 0);
	}
	ck_assert_msg(server_start_simple(&s, 0, dir, NULL) == 0,
	    "server did not start: %s", s.why);
	ck_assert_int_eq(http_get(s.port, "GET", "/open/", &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strstr(r.body, "in-open.txt") != NULL);
	response_free(&r);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ck_assert_int_eq(http_get(s.port, "GET", paths[i], &r), 0);
		ck_assert_msg(r.status == 404, "%s: %d", paths[i], r.status);
		ck_assert(strstr(r.body, "Message: No permission to list "
		    "directory.") != NULL);
		ck_assert(strstr(r.body, "hidden.txt") == NULL);
		response_free(&r);
	}
	ck_assert_int_eq(server_stop(&s, SIGINT, NULL), 0);
	snprintf(path, sizeof(path), "%s/closed", dir);
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/shut", dir);
	ck_assert_int_eq(chmod(path, 0755), 0);
	remove_tree(dir);
	free(dir);
}
END_TEST

/* HTTP/0.9: the body alone, then close. */
START_TEST(test_http09)
{
	size_t len;
	char *out = http_raw(srv.port, "GET /a.txt\r\n\r\n", 14, &len);

	ck_assert_str_eq(out, "hello\n");
	free(out);
	out = http_raw(srv.port, "GET /sub/x.html\n\n", 17, &len);
	ck_assert_str_eq(out, "<p>x</p>\n");
	free(out);
}
END_TEST

/* Write SIZE pseudo-random bytes to DIR/NAME; returns their hash. */
static uint64_t
write_random_file(const char *name, size_t size)
{
	static unsigned char chunk[1 << 20];
	uint64_t x = 0x9e3779b97f4a7c15ULL, h = FNV1A_START;
	char path[4096];
	size_t done = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	while (done < size) {
		size_t n = size - done < sizeof(chunk) ? size - done :
		    sizeof(chunk);

		fill_pseudo_random(chunk, n, &x);
		ck_assert_int_eq(write(fd, chunk, n), (ssize_t)n);
		h = fnv1a(h, chunk, n);
		done += n;
	}
	close(fd);
	return h;
}

/*
 * 100 MiB: every byte arrives (checksum), and the server's resident
 * memory does not grow with the file while a client reads slowly
 * (sendfile: the file is never read into memory).
 */
START_TEST(test_big_file)
{
	const size_t size = 100u << 20;
	uint64_t want = write_random_file("big.bin", size);
	uint64_t got = FNV1A_START;
	static unsigned char buf[1 << 20];
	long before, during;
	size_t total = 0;
	int fd = client_connect(srv.port);
	struct response r;

	before = resident_kib(srv.pid);
	client_send_str(fd, "GET /big.bin HTTP/1.0\r\n\r\n");
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(read_response(fd, &r, 1), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(response_header(&r, "Content-Length"), "104857600");
	/* Read a little, then pause: a server that buffered the file would
	 * now hold most of it in memory. */
	while (total < (4u << 20)) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		ck_assert_int_gt(n, 0);
		got = fnv1a(got, buf, (size_t)n);
		total += (size_t)n;
	}
	usleep(300 * 1000);
	during = resident_kib(srv.pid);
	ck_assert_msg(during - before < 16 * 1024, "RSS grew from %ld to %ld "
	    "KiB", before, during);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n <= 0)
			break;
		got = fnv1a(got, buf, (size_t)n);
		total += (size_t)n;
	}
	close(fd);
	response_free(&r);
	ck_assert_uint_eq(total, size);
	ck_assert(got == want);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("static");
	TCase *tc = tcase_create("static");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_file_get);
	tcase_add_test(tc, test_file_head);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_directory_redirect);
	tcase_add_test(tc, test_index_pages);
	tcase_add_test(tc, test_listing);
	tcase_add_test(tc, test_listing_title);
	tcase_add_test(tc, test_large_listing);
	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_if_modified_since);
	tcase_add_test(tc, test_traversal);
	tcase_add_test(tc, test_content_types);
	tcase_add_test(tc, test_odd_names);
	tcase_add_test(tc, test_nul_in_path);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_unix_socket);
	tcase_add_test(tc, test_unlistable_directories);
	tcase_add_test(tc, test_http09);
	tcase_add_test(tc, test_big_file);
	suite_add_tcase(s, tc);
	return s;
}
