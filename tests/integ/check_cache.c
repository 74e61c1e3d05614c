/* SPDX-License-Identifier: MIT */
/*
 * check_cache.c - the static handler's cache is never stale.  Each test
 * warms the cache of the real binary (many requests for the same paths),
 * changes the files on disk, and makes the very next request right after
 * the change returns: it must see the change.  Rewrites in place (same
 * size, other size), a rename over a file, deletes and creations where a
 * 404 was cached, chmod (the server runs as nobody when we are root),
 * a symbolic link whose target changes kind, a directory renamed above a
 * cached file, listings after names come and go, an eviction storm,
 * clients that change a file and connect while others connect; and,
 * with the library in-process, a 503 when no descriptor is left to open
 * a file that exists.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "http/hs_limits.h"
#include "httpserve.h"
#include "runner.h"

/* Requests made before each change, so the answer comes from the cache. */
#define WARM 20

/* Clients changing their own file and connecting at once, and how many
 * times each does it (test_change_then_connect). */
#define RACERS 4
#define RACE_ROUNDS 400

static struct server srv;
static char *dir;
static int started;

/* The server on DIR with THREADS loops ("0": the default). */
static void
start_server_threads(const char *threads)
{
	const char *args[] = { "-b", "127.0.0.1", "-d", dir,
	    "-p", "HTTP/1.1", "0", NULL, NULL, NULL };

	if (strcmp(threads, "0") != 0) {
		args[7] = "--threads";
		args[8] = threads;
	}
	ck_assert_msg(server_start(&srv, 0, args, NULL) == 0,
	    "server did not start: %s", srv.why);
	started = 1;
}

static void
start_server(void)
{
	start_server_threads("0");
}

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	dir = make_temp_dir();
	started = 0;
}

static void
teardown(void)
{
	if (started)
		server_stop(&srv, SIGINT, NULL);
	remove_tree(dir);
	free(dir);
}

/* DIR/NAME as a path (valid until the next call). */
static const char *
path_of(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* rename() of DIR/FROM to DIR/TO. */
static void
move(const char *from, const char *to)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, from);
	ck_assert_int_eq(rename(path, path_of(to)), 0);
}

static void
put(const char *name, const char *text)
{
	write_file(dir, name, text, strlen(text));
}

static void
make_dir(const char *name)
{
	ck_assert_int_eq(mkdir(path_of(name), 0755), 0);
}

/* GET PATH on a fresh connection: STATUS, and BODY unless NULL. */
static void
expect(const char *path, int status, const char *body)
{
	struct response r;

	ck_assert_int_eq(http_get(srv.port, "GET", path, &r), 0);
	ck_assert_msg(r.status == status, "GET %s: %d, want %d", path,
	    r.status, status);
	if (body != NULL)
		ck_assert_msg(strcmp(r.body, body) == 0,
		    "GET %s: \"%s\", want \"%s\"", path, r.body, body);
	response_free(&r);
}

/* The same, WARM times: the later ones are answered from the cache. */
static void
warm(const char *path, int status, const char *body)
{
	int i;

	for (i = 0; i < WARM; i++)
		expect(path, status, body);
}

/* Does the listing at PATH (200) hold NEEDLE?  */
static int
listing_has(const char *path, const char *needle)
{
	struct response r;
	int found;

	ck_assert_int_eq(http_get(srv.port, "GET", path, &r), 0);
	ck_assert_int_eq(r.status, 200);
	found = strstr(r.body, needle) != NULL;
	response_free(&r);
	return found;
}

struct racer {
	int index;
	int stale;	/* answers that were not the file just written */
	int failed;	/* writes or requests that failed */
};

/* One client: write "N I" into fN, then GET /fN on a new connection. */
static void *
race(void *arg)
{
	struct racer *r = arg;
	char name[32], path[4096], text[32];
	int i, fd;
	size_t len;

	snprintf(name, sizeof(name), "f%d", r->index);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (i = 0; i < RACE_ROUNDS; i++) {
		struct response resp;
		char url[40];

		len = (size_t)snprintf(text, sizeof(text), "%d %d", r->index,
		    i);
		fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
			r->failed++;
			if (fd >= 0)
				close(fd);
			continue;
		}
		close(fd);
		snprintf(url, sizeof(url), "/%s", name);
		if (http_get(srv.port, "GET", url, &resp) != 0 ||
		    resp.status != 200)
			r->failed++;
		else if (strcmp(resp.body, text) != 0)
			r->stale++;
		response_free(&resp);
	}
	return NULL;
}

/*
 * A client that changes a file and then connects must get the change even
 * when its connection is accepted together with others (the listener
 * accepts many in one loop turn): a connection must not be read before
 * the loop has seen the disk's change.  One loop, so that every
 * connection goes through the same accept batches.
 */
START_TEST(test_change_then_connect)
{
	struct racer racers[RACERS];
	pthread_t tid[RACERS];
	int i, stale = 0, failed = 0;

	for (i = 0; i < RACERS; i++) {
		char name[32];

		snprintf(name, sizeof(name), "f%d", i);
		put(name, "initial");
	}
	start_server_threads("1");
	for (i = 0; i < RACERS; i++) {
		racers[i] = (struct racer){ .index = i };
		ck_assert_int_eq(pthread_create(&tid[i], NULL, race,
		    &racers[i]), 0);
	}
	for (i = 0; i < RACERS; i++) {
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
		stale += racers[i].stale;
		failed += racers[i].failed;
	}
	ck_assert_msg(failed == 0, "%d requests failed", failed);
	ck_assert_msg(stale == 0, "%d of %d answers were stale", stale,
	    RACERS * RACE_ROUNDS);
}
END_TEST

START_TEST(test_rewrite_in_place)
{
	int fd;

	put("f.txt", "aaaa");
	start_server();
	warm("/f.txt", 200, "aaaa");
	/* Same size, same second: only the bytes differ. */
	fd = open(path_of("f.txt"), O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "bbbb", 4, 0), 4);
	close(fd);
	expect("/f.txt", 200, "bbbb");
	warm("/f.txt", 200, "bbbb");
	put("f.txt", "a longer text");
	expect("/f.txt", 200, "a longer text");
	warm("/f.txt", 200, "a longer text");
	put("f.txt", "");
	expect("/f.txt", 200, "");
}
END_TEST

START_TEST(test_rename_over)
{
	put("f.txt", "old");
	start_server();
	warm("/f.txt", 200, "old");
	put("new.tmp", "new and longer");
	move("new.tmp", "f.txt");
	expect("/f.txt", 200, "new and longer");
}
END_TEST

START_TEST(test_delete_then_create)
{
	put("f.txt", "here");
	start_server();
	warm("/f.txt", 200, "here");
	ck_assert_int_eq(unlink(path_of("f.txt")), 0);
	expect("/f.txt", 404, NULL);
	warm("/f.txt", 404, NULL);
	put("f.txt", "back");
	expect("/f.txt", 200, "back");
}
END_TEST

/* A 404 cached for a path whose directories do not exist either. */
START_TEST(test_create_where_missing)
{
	start_server();
	warm("/x/y/z.txt", 404, NULL);
	make_dir("x");
	expect("/x/y/z.txt", 404, NULL);
	make_dir("x/y");
	expect("/x/y/z.txt", 404, NULL);
	put("x/y/z.txt", "deep");
	expect("/x/y/z.txt", 200, "deep");
}
END_TEST

START_TEST(test_directory_renamed_above)
{
	make_dir("d");
	make_dir("d/e");
	put("d/e/f.txt", "first");
	start_server();
	warm("/d/e/f.txt", 200, "first");
	move("d", "d2");
	expect("/d/e/f.txt", 404, NULL);
	expect("/d2/e/f.txt", 200, "first");
	warm("/d2/e/f.txt", 200, "first");
	make_dir("d");
	make_dir("d/e");
	put("d/e/f.txt", "second");
	expect("/d/e/f.txt", 200, "second");
	/* The inner directory replaced under a cached path. */
	move("d2/e", "d/e2");
	move("d/e", "d2/e");
	move("d/e2", "d/e");
	expect("/d/e/f.txt", 200, "first");
	expect("/d2/e/f.txt", 200, "second");
}
END_TEST

/* A link to a file whose target becomes a directory. */
START_TEST(test_symlink_target_changes_kind)
{
	struct response r;

	put("t", "a file");
	ck_assert_int_eq(symlink("t", path_of("l")), 0);
	start_server();
	warm("/l", 200, "a file");
	ck_assert(listing_has("/", "<a href=\"l\">l@</a>"));
	ck_assert_int_eq(unlink(path_of("t")), 0);
	make_dir("t");
	ck_assert_int_eq(http_get(srv.port, "GET", "/l", &r), 0);
	ck_assert_int_eq(r.status, 301);
	ck_assert_str_eq(response_header(&r, "Location"), "/l/");
	response_free(&r);
	ck_assert(listing_has("/l/", "Directory listing for /l/"));
	ck_assert(listing_has("/", "<a href=\"l/\">l@</a>"));
	/* And back to a file. */
	ck_assert_int_eq(rmdir(path_of("t")), 0);
	put("t", "a file again");
	expect("/l", 200, "a file again");
}
END_TEST

START_TEST(test_listing_follows_names)
{
	make_dir("d");
	put("d/a.txt", "a");
	start_server();
	warm("/d/", 200, NULL);
	ck_assert(listing_has("/d/", "a.txt"));
	put("d/b.txt", "b");
	ck_assert(listing_has("/d/", "b.txt"));
	warm("/d/", 200, NULL);
	ck_assert_int_eq(unlink(path_of("d/a.txt")), 0);
	ck_assert(!listing_has("/d/", "a.txt"));
	warm("/d/", 200, NULL);
	move("d/b.txt", "d/c.txt");
	ck_assert(!listing_has("/d/", "b.txt"));
	ck_assert(listing_has("/d/", "c.txt"));
	/* An entry that turns from file to directory gets its '/'. */
	warm("/d/", 200, NULL);
	ck_assert_int_eq(unlink(path_of("d/c.txt")), 0);
	make_dir("d/c.txt");
	ck_assert(listing_has("/d/", "<a href=\"c.txt/\">c.txt/</a>"));
	/* An index page appearing replaces the listing. */
	warm("/d/", 200, NULL);
	put("d/index.html", "index");
	expect("/d/", 200, "index");
	ck_assert_int_eq(unlink(path_of("d/index.html")), 0);
	ck_assert(listing_has("/d/", "c.txt/"));
}
END_TEST

/*
 * chmod 000 makes a cached file unreadable: the next request gets the
 * 404 it gets without the cache.  Root reads whatever the mode says, so
 * as root the server runs as nobody (setpriv, through the harness's
 * wrapper words).
 */
START_TEST(test_chmod)
{
	char wrapper[512];
	const char *old = getenv("HTTPSERVE_WRAPPER");

	ck_assert_int_eq(chmod(dir, 0755), 0);
	put("f.txt", "readable");
	ck_assert_int_eq(chmod(path_of("f.txt"), 0644), 0);
	if (geteuid() == 0) {
		snprintf(wrapper, sizeof(wrapper), "setpriv --reuid=65534 "
		    "--regid=65534 --clear-groups%s%s",
		    old != NULL ? " " : "", old != NULL ? old : "");
		ck_assert_int_eq(setenv("HTTPSERVE_WRAPPER", wrapper, 1), 0);
	}
	start_server();
	warm("/f.txt", 200, "readable");
	ck_assert_int_eq(chmod(path_of("f.txt"), 0), 0);
	expect("/f.txt", 404, NULL);
	warm("/f.txt", 404, NULL);
	ck_assert_int_eq(chmod(path_of("f.txt"), 0644), 0);
	expect("/f.txt", 200, "readable");
}
END_TEST

/* One keep-alive GET of PATH on FD: 200 and BODY. */
static void
keepalive_expect(int fd, const char *path, const char *body)
{
	char req[256];
	struct response r;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: t\r\n\r\n",
	    path);
	client_send_str(fd, req);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_msg(strcmp(r.body, body) == 0, "GET %s: \"%s\", want "
	    "\"%s\"", path, r.body, body);
	response_free(&r);
}

/* More files than the cache holds entries: each still right after. */
START_TEST(test_eviction_storm)
{
	enum { FILES = HS_FILE_CACHE_ENTRIES + 100 };
	char name[64], path[64], body[64];
	int i, round, fd;

	for (i = 0; i < FILES; i++) {
		snprintf(name, sizeof(name), "f%d.txt", i);
		snprintf(body, sizeof(body), "file number %d\n", i);
		put(name, body);
	}
	start_server();
	fd = client_connect(srv.port);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < FILES; i++) {
			snprintf(path, sizeof(path), "/f%d.txt", i);
			snprintf(body, sizeof(body), "file number %d\n", i);
			keepalive_expect(fd, path, body);
		}
	}
	/* A rewrite after the storm is seen too. */
	put("f7.txt", "rewritten");
	keepalive_expect(fd, "/f7.txt", "rewritten");
	close(fd);
}
END_TEST

/* --- in-process: no descriptor left ---------------------------------- */

static struct hs_server *lib_srv;
static pthread_t lib_thread;

static void *
lib_loop(void *arg)
{
	(void)arg;
	hs_server_serve_forever(lib_srv);
	return NULL;
}

static void
quiet_log(const struct hs_request *req, const char *message, void *arg)
{
	(void)req;
	(void)message;
	(void)arg;
}

/* GET PATH on the keep-alive connection FD; the status. */
static int
keepalive_status(int fd, const char *path)
{
	char req[256];
	struct response r;
	int status;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: t\r\n\r\n",
	    path);
	client_send_str(fd, req);
	ck_assert_int_eq(read_response(fd, &r, 0), 0);
	status = r.status;
	if (status == 503) {
		ck_assert(strstr(r.body, "503") != NULL);
		/* A passing shortage: try again in a second. */
		ck_assert_str_eq(response_header(&r, "Retry-After"), "1");
	}
	response_free(&r);
	return status;
}

/* Does this process hold a descriptor open on PATH? */
static int
holds_open(const char *path)
{
	char fdpath[300], link[4096];
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	int found = 0;

	ck_assert_ptr_nonnull(d);
	while (!found && (e = readdir(d)) != NULL) {
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%s", e->d_name);
		n = readlink(fdpath, link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = '\0';
			found = strcmp(link, path) == 0;
		}
	}
	closedir(d);
	return found;
}

/* Wait (at most 10 s) until the server's thread has closed PATH, which
 * it does just after the last byte of the file went out. */
static void
wait_closed(const char *path)
{
	long long deadline = now_ms() + 10000;

	while (holds_open(path)) {
		ck_assert_msg(now_ms() < deadline, "%s still open", path);
		sleep_ms(10);
	}
}

/*
 * A file that exists but cannot be opened for want of descriptors is a
 * 503 (a passing shortage), not a 404.  The test fills this process's
 * descriptor table once the connection is up; the server, in a thread of
 * the same process, then has none to open the file with.
 */
START_TEST(test_out_of_descriptors)
{
	static char big[HS_FILE_CACHE_INLINE_MAX + 1];
	struct hs_static *st;
	struct rlimit rl, low;
	int fd, held[512], nheld = 0;
	char path[4096 + 16], real_dir[4096];

	memset(big, 'x', sizeof(big));
	write_file(dir, "big.bin", big, sizeof(big));
	ck_assert_ptr_nonnull(realpath(dir, real_dir));
	make_dir("d");
	lib_srv = hs_server_new(NULL);
	ck_assert_ptr_nonnull(lib_srv);
	hs_server_set_log_handler(lib_srv, quiet_log, NULL);
	hs_server_set_protocol_version(lib_srv, "HTTP/1.1");
	st = hs_static_new(dir);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(hs_static_register(st, lib_srv), 0);
	ck_assert_int_eq(hs_server_listen(lib_srv, "127.0.0.1", 0), 0);
	ck_assert_int_eq(pthread_create(&lib_thread, NULL, lib_loop, NULL),
	    0);
	fd = client_connect(hs_server_port(lib_srv));
	/* Accepted and served: the loop's cache and watch are made. */
	ck_assert_int_eq(keepalive_status(fd, "/big.bin"), 200);
	/* The client may have the file before the server lets go of it:
	 * a descriptor it freed after the table is full would serve the
	 * next request. */
	snprintf(path, sizeof(path), "%s/big.bin", real_dir);
	wait_closed(path);

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	low = rl;
	low.rlim_cur = (rlim_t)(fd + 64 < 512 ? fd + 64 : 512);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	while (nheld < (int)NELEM(held) && (held[nheld] = dup(0)) >= 0)
		nheld++;
	ck_assert_int_eq(errno, EMFILE);
	/* A large file is opened for each request, a listing read. */
	ck_assert_int_eq(keepalive_status(fd, "/big.bin"), 503);
	while (nheld > 0)
		close(held[--nheld]);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	close(fd);
	fd = client_connect(hs_server_port(lib_srv));
	ck_assert_int_eq(keepalive_status(fd, "/big.bin"), 200);
	ck_assert_int_eq(keepalive_status(fd, "/d/"), 200);
	close(fd);

	hs_server_shutdown(lib_srv);
	ck_assert_int_eq(pthread_join(lib_thread, NULL), 0);
	hs_server_free(lib_srv);
	hs_static_free(st);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_rewrite_in_place);
	tcase_add_test(tc, test_rename_over);
	tcase_add_test(tc, test_delete_then_create);
	tcase_add_test(tc, test_create_where_missing);
	tcase_add_test(tc, test_directory_renamed_above);
	tcase_add_test(tc, test_symlink_target_changes_kind);
	tcase_add_test(tc, test_listing_follows_names);
	tcase_add_test(tc, test_chmod);
	tcase_add_test(tc, test_eviction_storm);
	tcase_add_test(tc, test_change_then_connect);
	tcase_add_test(tc, test_out_of_descriptors);
	suite_add_tcase(s, tc);
	return s;
}
