/* SPDX-License-Identifier: MIT */
/*
 * handler_file.c - SimpleHTTPRequestHandler.send_head() on the public API:
 * a file, a directory's index page, the redirect that adds a directory's
 * trailing slash, or the listing; If-Modified-Since answered with 304.
 *
 * Paths are opened relative to a descriptor of the served directory, with
 * the name hs_translate_path() made (no ".." survives it), and the file
 * is examined with fstat() of the descriptor actually opened: what is
 * checked is what is sent.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/handler_static.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open flags for anything we may send: never block on a FIFO, never
 * become a controlling terminal. */
#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)

/* The index pages send_head() tries, in its order. */
static const char *const index_pages[] = { "index.html", "index.htm" };

/* Serve DIRECTORY. */
struct hs_static *
hs_static_new(const char *directory)
{
	struct hs_static *st;
	int saved;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return NULL;
	if ((st->mime = hs_mime_new()) == NULL) {
		free(st);
		errno = ENOMEM;
		return NULL;
	}
	if (hs_beneath_init(&st->dir, directory) != 0) {
		saved = errno;
		hs_mime_free(st->mime);
		free(st);
		errno = saved;
		return NULL;
	}
	/* Content types as Python's mimetypes would find them here. */
	hs_mime_load_system(st->mime);
	return st;
}

void
hs_static_free(struct hs_static *st)
{
	if (st == NULL)
		return;
	hs_beneath_free(&st->dir);
	hs_mime_free(st->mime);
	free(st);
}

/* The MIME table ST serves by, for a program to load more files into. */
struct hs_mime *
hs_static_mime(struct hs_static *st)
{
	return st->mime;
}

/* Open PATH beneath the served directory, by ST's link policy. */
int
hs_static_open(const struct hs_static *st, const char *path, int flags)
{
	return hs_beneath_openat(&st->dir, st->dir.root, path, flags);
}

/* The served directory's real path. */
const char *
hs_static_directory(const struct hs_static *st)
{
	return st->dir.root_path;
}

/* Follow symbolic links out of the served directory (Python's way)? */
void
hs_static_set_follow_symlinks(struct hs_static *st, int follow)
{
	st->dir.follow = follow != 0;
}

/* Add do_GET and do_HEAD to the handlers of SRV, after those registered
 * before (CGI, a program's own).  Python never reads their request
 * bodies; we read and drop them so the connection stays in step. */
int
hs_static_register(struct hs_static *st, struct hs_server *srv)
{
	if (hs_server_add_handler(srv, "GET", hs_static_handle, st) != 0 ||
	    hs_server_add_handler(srv, "HEAD", hs_static_handle, st) != 0 ||
	    hs_server_set_body_mode(srv, "GET", HS_BODY_DISCARD) != 0 ||
	    hs_server_set_body_mode(srv, "HEAD", HS_BODY_DISCARD) != 0)
		return -1;
	return 0;
}

/* 301 to the same target with '/' added to its path. */
static void
redirect_with_slash(struct hs_request *req)
{
	const char *target = hs_request_path(req);
	size_t need = hs_url_append_slash(NULL, 0, target);
	char *location = malloc(need + 1);

	if (location == NULL) {
		hs_send_error(req, 500, NULL, NULL);
		return;
	}
	hs_url_append_slash(location, need + 1, target);
	hs_send_response(req, 301, NULL);
	hs_send_header(req, "Location", location);
	hs_send_header(req, "Content-Length", "0");
	hs_end_headers(req);
	free(location);
}

/*
 * Is the file unchanged since the client's copy?  Python compares
 * If-Modified-Since with the modification time in whole seconds, and only
 * when the request has no If-None-Match (RFC 9110 section 13.1.3).
 */
static int
not_modified(struct hs_request *req, const struct stat *sb)
{
	const char *ims = hs_request_header(req, "If-Modified-Since");
	time_t since;

	if (ims == NULL || hs_request_header(req, "If-None-Match") != NULL)
		return 0;
	if (hs_parse_http_date(ims, strlen(ims), &since) != 0)
		return 0;	/* ill-formed dates are ignored */
	return sb->st_mtime <= since;
}

/* The file open at FD, named NAME (for its type in ST's table): headers,
 * then the body unless the request is HEAD.  Takes FD. */
static void
send_file(struct hs_request *req, const struct hs_static *st, int fd,
    const struct stat *sb, const char *name)
{
	char length[32], modified[HS_DATE_LEN + 1];

	if (not_modified(req, sb)) {
		close(fd);
		hs_send_response(req, 304, NULL);
		hs_end_headers(req);
		return;
	}
	snprintf(length, sizeof(length), "%lld", (long long)sb->st_size);
	if (hs_date_time_string(modified, sizeof(modified), sb->st_mtime) == 0)
		modified[0] = '\0';
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-type", hs_mime_guess_type(st->mime, name));
	hs_send_header(req, "Content-Length", length);
	if (modified[0] != '\0')
		hs_send_header(req, "Last-Modified", modified);
	hs_end_headers(req);
	if (hs_request_is_head(req))
		close(fd);
	else
		hs_send_file(req, fd, 0, sb->st_size);
}

/* Answer an open that failed with errno: a link leading out of the
 * served directory is forbidden, anything else is not found (as Python
 * answers every failed open). */
static void
send_open_error(struct hs_request *req)
{
	if (errno == EXDEV)
		hs_send_error(req, 403, NULL, NULL);
	else
		hs_send_error(req, 404, "File not found", NULL);
}

/* A directory: its index page if it has one, else its listing.  Takes
 * DIRFD.  An index page that exists but cannot be opened is a 404, not a
 * reason to list (os.path.isfile() decides in Python, then open() fails). */
static void
send_directory(struct hs_request *req, const struct hs_static *st, int dirfd)
{
	struct stat sb;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(index_pages) / sizeof(index_pages[0]); i++) {
		if (fstatat(dirfd, index_pages[i], &sb, 0) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		fd = hs_beneath_openat(&st->dir, dirfd, index_pages[i],
		    OPEN_FLAGS);
		close(dirfd);
		if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			if (fd >= 0)
				close(fd);
			send_open_error(req);
			return;
		}
		send_file(req, st, fd, &sb, index_pages[i]);
		return;
	}
	hs_static_list_directory(req, dirfd);
}

/* Is the path of the request target free of a trailing '/'? */
static int
lacks_trailing_slash(const char *target)
{
	size_t start, end;

	hs_url_path_span(target, &start, &end);
	return end == start || target[end - 1] != '/';
}

/*
 * Open REL under the served directory.  A directory we may not read is
 * opened O_PATH instead: Python's os.path.isdir() sees it too, so it still
 * redirects, and serves an index page it can reach; only its listing fails.
 */
static int
open_target(const struct hs_static *st, const char *rel)
{
	int fd = hs_static_open(st, rel, OPEN_FLAGS);

	if (fd < 0 && errno == EACCES)
		fd = hs_static_open(st, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd;
}

/* send_head() for the file name REL under the served directory. */
static void
send_head(struct hs_request *req, struct hs_static *st, const char *rel)
{
	struct stat sb;
	int fd;

	fd = open_target(st, rel);
	if (fd < 0) {
		send_open_error(req);
		return;
	}
	if (fstat(fd, &sb) != 0) {
		close(fd);
		hs_send_error(req, 404, "File not found", NULL);
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (lacks_trailing_slash(hs_request_path(req))) {
			close(fd);
			redirect_with_slash(req);
			return;
		}
		send_directory(req, st, fd);
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		/* Devices and FIFOs are not files to serve (Python would
		 * block reading a FIFO, or stream /dev/zero for ever). */
		close(fd);
		hs_send_error(req, 404, "File not found", NULL);
		return;
	}
	send_file(req, st, fd, &sb, rel);
}

/* do_GET and do_HEAD. */
enum hs_handler_result
hs_static_handle(struct hs_request *req, void *arg)
{
	struct hs_static *st = arg;
	const char *target = hs_request_path(req);
	char small[1024], *rel = small;
	size_t size = strlen(target) + 3;	/* decoding never lengthens */

	if (size > sizeof(small)) {
		rel = malloc(size);
		if (rel == NULL) {
			hs_send_error(req, 500, NULL, NULL);
			return HS_DONE;
		}
	} else {
		size = sizeof(small);
	}
	if (hs_translate_path(rel, size, target) < 0) {
		/* A %00 in the path names no file: a malformed request. */
		if (errno == EINVAL)
			hs_send_error(req, 400, "Bad request path", NULL);
		else
			hs_send_error(req, 404, "File not found", NULL);
	} else {
		send_head(req, st, rel);
	}
	if (rel != small)
		free(rel);
	return HS_DONE;
}
