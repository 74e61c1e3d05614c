/* SPDX-License-Identifier: MIT */
/*
 * handler_file.c - SimpleHTTPRequestHandler.send_head() on the public API:
 * a file, a directory's index page, the redirect that adds a directory's
 * trailing slash, or the listing.  Which file answers is decided here
 * (and which precompressed variant of it, sidecar.c); how it is sent, by
 * its validators and the request's Range, in represent.c.
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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/chars.h"
#include "http/coding.h"
#include "http/hs_limits.h"
#include "http/mime.h"
#include "static/loopstate.h"
#include "static/represent.h"
#include "static/sidecar.h"

/* What files and listings carry by default: browsers revalidate each
 * time (a cheap 304 with the ETag) instead of guessing how long an
 * edited file may be kept. */
#define DEFAULT_CACHE_CONTROL "no-cache"

/* The index pages send_head() tries, in its order. */
static const char *const index_pages[] = { "index.html", "index.htm" };
#define INDEX_PAGES (sizeof(index_pages) / sizeof(index_pages[0]))

/* What a file whose name gives no type is served as, as Python. */
#define DEFAULT_TYPE "application/octet-stream"

/* Serve DIRECTORY. */
struct hs_static *
hs_static_new(const char *directory)
{
	struct hs_static *st;
	int saved;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return NULL;
	if ((st->mime = hs_mime_new()) == NULL ||
	    (st->cache_control = strdup(DEFAULT_CACHE_CONTROL)) == NULL) {
		hs_mime_free(st->mime);
		free(st);
		errno = ENOMEM;
		return NULL;
	}
	if (hs_beneath_init(&st->dir, directory) != 0) {
		saved = errno;
		hs_mime_free(st->mime);
		free(st->cache_control);
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
	free(st->cache_control);
	free(st->default_type);
	hs_static_fields_free(st);
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

/* Keep what was found on disk, per loop, never stale (nonzero: the
 * default), or find it again for every request. */
void
hs_static_set_cache(struct hs_static *st, int enabled)
{
	st->cache_off = enabled == 0;
}

/* The Cache-Control of files and listings: VALUE, or none when it is NULL
 * or empty.  -1 with EINVAL for a control character other than HTAB,
 * ENOMEM. */
int
hs_static_set_cache_control(struct hs_static *st, const char *value)
{
	char *copy = NULL;

	if (value != NULL && !hs_is_field_text(value, strlen(value))) {
		errno = EINVAL;
		return -1;
	}
	if (value != NULL && *value != '\0' &&
	    (copy = strdup(value)) == NULL)
		return -1;
	free(st->cache_control);
	st->cache_control = copy;
	return 0;
}

/* The type of files whose names give none.  -1 with EINVAL for an empty
 * TYPE or a control character, ENOMEM. */
int
hs_static_set_default_type(struct hs_static *st, const char *type)
{
	char *copy;

	if (type == NULL || *type == '\0' ||
	    !hs_is_field_text(type, strlen(type))) {
		errno = EINVAL;
		return -1;
	}
	if ((copy = strdup(type)) == NULL)
		return -1;
	free(st->default_type);
	st->default_type = copy;
	return 0;
}

/* Serve F.br, F.zst or F.gz in place of F to clients that accept them. */
void
hs_static_set_precompressed(struct hs_static *st, int enabled)
{
	st->precompressed = enabled != 0;
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
 * Answer an open that failed with errno: a link leading out of the
 * served directory is forbidden (403), no descriptor left is a passing
 * shortage (503), anything else is not found (404, as Python answers
 * every failed open).
 */
static void
send_open_error(struct hs_request *req)
{
	if (errno == EXDEV)
		hs_send_error(req, 403, NULL, NULL);
	else if (errno == EMFILE || errno == ENFILE)
		hs_send_error_headers(req, 503, "Out of file descriptors", NULL,
		    hs_static_retry_after);
	else
		hs_send_error(req, 404, "File not found", NULL);
}

/*
 * The file F (facts and maybe bytes), named NAME (for its type in ST's
 * table), or the precompressed variant of it the client prefers: headers,
 * then the body unless the request is HEAD.  The body comes from F's
 * bytes, from FD (taken), or from PATH opened now: that open comes before
 * anything is sent, and when it fails nothing is (-1 with errno).
 */
static int
send_file(struct hs_request *req, const struct hs_static *st,
    const struct fc_file *f, const char *name, int fd, const char *path)
{
	struct hs_rep rep;
	struct fc_file coded;
	int c, coded_fd;

	rep.file = f;
	rep.fd = fd;
	rep.path = path;
	rep.type = hs_mime_known_type(st->mime, name);
	if (rep.type == NULL)
		rep.type = st->default_type != NULL ? st->default_type :
		    DEFAULT_TYPE;
	rep.encoding = NULL;
	if (st->precompressed &&
	    (c = hs_static_find_sidecar(req, st, path, f, &coded,
	    &coded_fd)) >= 0) {
		if (fd >= 0)
			close(fd);
		rep.file = &coded;
		rep.fd = coded_fd;
		rep.encoding = hs_coding_name((enum hs_coding)c);
	}
	return hs_static_send_rep(req, st, &rep);
}

/* --- filling the cache ------------------------------------------------
 *
 * DESIGN.  An entry is cached only when everything its answer depends on
 * is watched, and watched before it is read: a change after the watch is
 * an event that empties the cache before the next request (watches run
 * first in a loop's turn), a change before it is in what we read.  So:
 *  - every directory on the way is watched, top down, before the open
 *    (a rename or a new name in any of them is seen), and the opened
 *    file or directory itself through its descriptor (writes, chmod,
 *    links to the same inode elsewhere);
 *  - nothing resolved through a symbolic link is cached (the link's
 *    target and the directories on its way are not watched): directory
 *    watches refuse links, and an opened file must lie at the very path
 *    asked for;
 *  - for a missing path, the deepest directory that exists is watched;
 *  - an entry is kept only if no change was seen (the watches'
 *    generation) while it was filled.
 */

/* A fill in progress: may what is found for the path be cached? */
struct fill {
	struct static_loop *sl;		/* NULL: no cache on this loop */
	unsigned long generation;	/* the watches' at the start */
	int watched;			/* every directory above is watched */
	int missing_above;		/* one of them does not exist */
};

/* The length of REL without its trailing '/' (and 0 for the root). */
static size_t
rel_len(const char *rel)
{
	size_t n = strlen(rel);

	if (n > 0 && rel[n - 1] == '/')
		n--;
	if (n == 1 && rel[0] == '.')
		n = 0;
	return n;
}

/* Watch the root and the directories above REL, top down. */
static void
fill_begin(struct fill *fl, struct static_loop *sl, const struct hs_static *st,
    const char *rel)
{
	char dir[PATH_MAX];
	size_t i, n = rel_len(rel);

	memset(fl, 0, sizeof(*fl));
	fl->sl = sl;
	if (sl == NULL || n >= sizeof(dir))
		return;
	fl->generation = sl->watch.generation;
	if (fc_watch_dir(&sl->watch, st->dir.root, ".") != 0)
		return;
	for (i = 0; i < n; i++) {
		if (rel[i] != '/')
			continue;
		memcpy(dir, rel, i);
		dir[i] = '\0';
		if (fc_watch_dir(&sl->watch, st->dir.root, dir) == 0)
			continue;
		if (errno != ENOENT)
			return;
		fl->missing_above = 1;	/* its parent is watched */
		break;
	}
	fl->watched = 1;
}

/* May what was found be cached still? */
static int
fill_ok(const struct fill *fl)
{
	return fl->sl != NULL && fl->watched &&
	    fl->sl->watch.generation == fl->generation;
}

/* Does FD lie at the path REL under the root, no link on the way? */
static int
opened_at(const struct hs_static *st, int fd, const char *rel)
{
	char link[64], path[PATH_MAX];
	size_t n = rel_len(rel);
	ssize_t got;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	got = readlink(link, path, sizeof(path));
	if (got < 0 || (size_t)got >= sizeof(path))
		return 0;
	if (n == 0)	/* the root: "/" has root_len 0 */
		return st->dir.root_len == 0 ? got == 1 && path[0] == '/' :
		    (size_t)got == st->dir.root_len &&
		    memcmp(path, st->dir.root_path, st->dir.root_len) == 0;
	return (size_t)got == st->dir.root_len + 1 + n &&
	    memcmp(path, st->dir.root_path, st->dir.root_len) == 0 &&
	    path[st->dir.root_len] == '/' &&
	    memcmp(path + st->dir.root_len + 1, rel, n) == 0;
}

/* Watch what FD opened at REL; on failure the fill is not cached. */
static void
fill_opened(struct fill *fl, const struct hs_static *st, int fd,
    const char *rel)
{
	if (!fill_ok(fl) || fl->missing_above ||
	    fc_watch_fd(&fl->sl->watch, fd) != 0 || !opened_at(st, fd, rel))
		fl->watched = 0;
}

/* Keep E for KEY if the fill may be cached; else free it. */
static void
fill_keep(struct fill *fl, struct fc_entry *e)
{
	if (e == NULL)
		return;
	if (fill_ok(fl))
		fc_insert(&fl->sl->cache, e);
	else
		fc_entry_free(e);
}

/* An entry of KIND for REL, if the fill may be cached. */
static struct fc_entry *
fill_entry(const struct fill *fl, const char *rel, enum fc_kind kind)
{
	return fill_ok(fl) ? fc_entry_new(FC_NS_PATH, rel, kind) : NULL;
}

/*
 * F's facts from SB, and its bytes read from FD when the file is small
 * enough to keep and the fill may be cached.  A short read (the file is
 * being written) leaves F without bytes and the fill not cached.
 */
static void
read_file(struct fill *fl, int fd, const struct stat *sb, struct fc_file *f)
{
	size_t got = 0, size = (size_t)sb->st_size;
	ssize_t n;

	f->size = sb->st_size;
	f->mtim = sb->st_mtim;
	(void)hs_etag_from_stat(f->etag, sizeof(f->etag), sb, NULL);
	f->bytes = NULL;
	if (!fill_ok(fl) || sb->st_size > HS_FILE_CACHE_INLINE_MAX)
		return;
	f->bytes = malloc(size > 0 ? size : 1);
	while (f->bytes != NULL && got < size) {
		n = pread(fd, f->bytes + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (f->bytes == NULL || got < size) {
		free(f->bytes);
		f->bytes = NULL;
		fl->watched = 0;
	}
}

/*
 * Send the regular file open at FD (taken) with facts SB, named NAME, and
 * cache it as E (KEY's entry, NULL when not cached) with its facts in
 * E's file.
 */
static void
send_and_keep(struct hs_request *req, const struct hs_static *st,
    struct fill *fl, struct fc_entry *e, int fd, const struct stat *sb,
    const char *name)
{
	struct fc_file f;

	read_file(fl, fd, sb, &f);
	if (f.bytes != NULL) {
		close(fd);
		fd = -1;
	}
	send_file(req, st, &f, name, fd, name);
	if (e != NULL && fill_ok(fl)) {
		e->file = f;
		fill_keep(fl, e);
	} else {
		fc_entry_free(e);
		free(f.bytes);
	}
}

/* DIR (a directory's REL, with its '/') and NAME joined into BUF. */
static int
join(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%.*s%s%s", (int)rel_len(dir), dir,
	    rel_len(dir) > 0 ? "/" : "", name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/*
 * A directory: its index page if it has one, else its listing.  Takes
 * DIRFD.  An index page that exists but cannot be opened is a 404, not a
 * reason to list (os.path.isfile() decides in Python, then open() fails).
 */
static void
send_directory(struct hs_request *req, struct hs_static *st, struct fill *fl,
    int dirfd, const char *rel)
{
	char path[PATH_MAX];
	struct fc_entry *e;
	struct stat sb;
	size_t i;
	int fd;

	for (i = 0; i < INDEX_PAGES; i++) {
		if (fstatat(dirfd, index_pages[i], &sb, 0) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		fd = hs_beneath_openat(&st->dir, dirfd, index_pages[i],
		    HS_STATIC_OPEN_FLAGS);
		close(dirfd);
		if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			if (fd >= 0)
				close(fd);
			send_open_error(req);
			return;
		}
		if (join(path, sizeof(path), rel, index_pages[i]) != 0) {
			close(fd);
			hs_send_error(req, 404, "File not found", NULL);
			return;
		}
		fill_opened(fl, st, fd, path);
		e = fill_entry(fl, rel, FC_DIR);
		if (e != NULL) {
			e->index = FC_INDEX_FILE;
			e->index_page = (int)i;
		}
		send_and_keep(req, st, fl, e, fd, &sb, path);
		return;
	}
	e = fill_entry(fl, rel, FC_DIR);
	if (e != NULL)
		e->index = FC_INDEX_NONE;
	fill_keep(fl, e);
	hs_static_list_directory(req, st, fl->sl, dirfd, rel, fl->generation,
	    fill_ok(fl));
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
	int fd = hs_static_open(st, rel, HS_STATIC_OPEN_FLAGS);

	if (fd < 0 && errno == EACCES)
		fd = hs_static_open(st, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd;
}

/* send_head() from the disk, for the file name REL under the served
 * directory, caching what it finds when it may. */
static void
send_head_disk(struct hs_request *req, struct hs_static *st,
    struct static_loop *sl, const char *rel)
{
	struct fill fl;
	struct fc_entry *e;
	struct stat sb;
	int fd;

	fill_begin(&fl, sl, st, rel);
	fd = open_target(st, rel);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			fill_keep(&fl, fill_entry(&fl, rel, FC_MISSING));
		send_open_error(req);
		return;
	}
	fill_opened(&fl, st, fd, rel);
	if (fstat(fd, &sb) != 0) {
		close(fd);
		hs_send_error(req, 404, "File not found", NULL);
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (lacks_trailing_slash(hs_request_path(req))) {
			close(fd);
			e = fill_entry(&fl, rel, FC_DIR);
			if (e != NULL)
				e->index = FC_INDEX_UNKNOWN;
			fill_keep(&fl, e);
			redirect_with_slash(req);
			return;
		}
		send_directory(req, st, &fl, fd, rel);
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		/* Devices and FIFOs are not files to serve (Python would
		 * block reading a FIFO, or stream /dev/zero for ever). */
		close(fd);
		hs_send_error(req, 404, "File not found", NULL);
		return;
	}
	send_and_keep(req, st, &fl, fill_entry(&fl, rel, FC_FILE), fd, &sb,
	    rel);
}

/*
 * send_head() from the cache entry E of REL: no system call but for a
 * large file's open.  -1 when E cannot answer (a directory's index page
 * not looked for yet, a file that fails to open): the disk answers.
 */
static int
send_head_cached(struct hs_request *req, struct hs_static *st,
    struct static_loop *sl, struct fc_entry *e, const char *rel)
{
	char path[PATH_MAX];

	switch (e->kind) {
	case FC_MISSING:
		hs_send_error(req, 404, "File not found", NULL);
		return 0;
	case FC_FILE:
		if (send_file(req, st, &e->file, rel, -1, rel) == 0)
			return 0;
		break;
	case FC_DIR:
		if (lacks_trailing_slash(hs_request_path(req))) {
			redirect_with_slash(req);
			return 0;
		}
		if (e->index == FC_INDEX_NONE) {
			hs_static_list_directory(req, st, sl, -1, rel,
			    sl->watch.generation, 1);
			return 0;
		}
		if (e->index != FC_INDEX_FILE ||
		    join(path, sizeof(path), rel,
		    index_pages[e->index_page]) != 0)
			return -1;
		if (send_file(req, st, &e->file, path, -1, path) == 0)
			return 0;
		break;
	default:
		return -1;
	}
	if (errno != EMFILE && errno != ENFILE)
		return -1;
	send_open_error(req);
	return 0;
}

/* send_head() for the file name REL under the served directory. */
static void
send_head(struct hs_request *req, struct hs_static *st, const char *rel)
{
	struct static_loop *sl = hs_static_loop(st, req);
	struct fc_entry *e;

	if (sl != NULL && (e = fc_lookup(&sl->cache, FC_NS_PATH, rel)) != NULL) {
		if (send_head_cached(req, st, sl, e, rel) == 0)
			return;
		fc_remove(&sl->cache, e);
	}
	send_head_disk(req, st, sl, rel);
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
	return hs_static_went_pending(st, req) ? HS_PENDING : HS_DONE;
}
