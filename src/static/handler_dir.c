/* SPDX-License-Identifier: MIT */
/*
 * handler_dir.c - SimpleHTTPRequestHandler.list_directory() on the public
 * API: Python's HTML page, byte for byte.
 *
 * Python sorts os.listdir() with key=str.lower, a stable sort over names
 * decoded from UTF-8 (undecodable bytes become U+DC80..U+DCFF).  We compare
 * the same lowered code points and break ties by readdir() order, which is
 * what stability gives Python, so even "A" and "a" come out in its order.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/handler_static.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wctype.h>

#include "http/buf.h"
#include "http/utf8.h"
#include "http/hs_limits.h"
#include "http/out.h"
#include "static/loopstate.h"
#include "static/offload.h"

struct entry {
	char *name;
	size_t len;
	size_t order;		/* readdir() order, for a stable sort */
	int is_dir;		/* os.path.isdir(): symlinks followed */
	int is_link;		/* os.path.islink() */
};

/* A page being built; FAILED sticks once memory runs out. */
struct page {
	struct hs_buf buf;
	int failed;
};

/* Case mapping beyond ASCII needs a UTF-8 ctype locale, made once. */
static locale_t utf8_ctype = (locale_t)0;
static pthread_once_t utf8_ctype_once = PTHREAD_ONCE_INIT;

static void
make_utf8_ctype(void)
{
	utf8_ctype = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/*
 * The code point at S[*I] as os.fsdecode() reads it (advancing *I): a
 * valid UTF-8 sequence, or one undecodable byte as U+DC00 + byte
 * (surrogateescape).
 */
static unsigned long
next_code_point(const unsigned char *s, size_t len, size_t *i)
{
	unsigned long cp;
	size_t n = hs_utf8_decode((const char *)s + *i, len - *i, &cp);

	if (cp == HS_UTF8_ILL_FORMED) {
		cp = 0xdc00UL + s[*i];
		n = 1;
	}
	*i += n;
	return cp;
}

/* str.lower() of one code point (the simple case mapping). */
static unsigned long
lower(unsigned long cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
	if (utf8_ctype == (locale_t)0)
		return cp;
	return (unsigned long)towlower_l((wint_t)cp, utf8_ctype);
}

/* qsort() order: lowered names, then readdir() order. */
static int
compare_entries(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	const unsigned char *sa = (const unsigned char *)a->name;
	const unsigned char *sb = (const unsigned char *)b->name;
	size_t i = 0, j = 0;

	while (i < a->len && j < b->len) {
		unsigned long ca = lower(next_code_point(sa, a->len, &i));
		unsigned long cb = lower(next_code_point(sb, b->len, &j));

		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (i < a->len || j < b->len)
		return i < a->len ? 1 : -1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Is NAME, of type D_TYPE in directory FD, a directory and/or a link? */
static void
classify(int fd, const char *name, unsigned char d_type, struct entry *e)
{
	struct stat sb;

	if (d_type == DT_UNKNOWN) {
		if (fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			return;
		d_type = S_ISLNK(sb.st_mode) ? DT_LNK :
		    S_ISDIR(sb.st_mode) ? DT_DIR : DT_REG;
	}
	if (d_type == DT_LNK) {
		e->is_link = 1;
		e->is_dir = fstatat(fd, name, &sb, 0) == 0 &&
		    S_ISDIR(sb.st_mode);
	} else {
		e->is_dir = d_type == DT_DIR;
	}
}

static void
free_entries(struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* os.listdir() of D, with each entry classified; -1 with errno when
 * memory runs out (ENOMEM) or the directory cannot be read. */
static int
read_entries(DIR *d, struct entry **out, size_t *count)
{
	struct entry *v = NULL, *grown;
	size_t n = 0, cap = 0;
	struct dirent *de;

	/* readdir() says NULL both at the end and on an error, which only
	 * errno tells apart: a directory opened O_PATH (one we may not
	 * read) fails at once with EBADF, and is not an empty one. */
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap > 0 ? cap * 2 : 32;
			grown = realloc(v, cap * sizeof(*v));
			if (grown == NULL)
				goto fail;
			v = grown;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].name = strdup(de->d_name);
		if (v[n].name == NULL)
			goto fail;
		v[n].len = strlen(de->d_name);
		v[n].order = n;
		classify(dirfd(d), de->d_name, de->d_type, &v[n]);
		n++;
	}
	if (errno != 0)
		goto fail;
	*out = v;
	*count = n;
	return 0;
fail:
	if (errno == 0)
		errno = ENOMEM;
	free_entries(v, n);
	return -1;
}

/* A directory that could not be opened or read (ERR says why): Python's
 * 404 for os.listdir()'s OSError; 503 out of descriptors, 500 out of
 * memory. */
static void
send_unlistable(struct hs_request *req, int err)
{
	if (err == EMFILE || err == ENFILE)
		hs_send_error_headers(req, 503, "Out of file descriptors", NULL,
		    hs_static_retry_after);
	else if (err == ENOMEM)
		hs_send_error(req, 500, NULL, NULL);
	else
		hs_send_error(req, 404, "No permission to list directory",
		    NULL);
}

/* Make room for N more bytes and a NUL on the page; NULL when memory
 * runs out. */
static char *
page_room(struct page *p, size_t n)
{
	struct hs_buf *b = &p->buf;

	if (p->failed)
		return NULL;
	if (n > (size_t)-1 - b->len - 1 ||
	    hs_buf_reserve(b, b->len + n + 1) != 0) {
		p->failed = 1;
		return NULL;
	}
	return b->data + b->len;
}

static void
page_add(struct page *p, const char *s)
{
	if (!p->failed && hs_buf_append(&p->buf, s, strlen(s)) != 0)
		p->failed = 1;
}

/* html.escape(S, quote=False). */
static void
page_add_escaped(struct page *p, const char *s, size_t len)
{
	size_t n = hs_html_escape(NULL, 0, s, len, 0);
	char *at = page_room(p, n);

	if (at != NULL) {
		hs_html_escape(at, n + 1, s, len, 0);
		p->buf.len += n;
	}
}

/* urllib.parse.quote(S). */
static void
page_add_quoted(struct page *p, const char *s, size_t len)
{
	size_t n = hs_url_quote(NULL, 0, s, len, NULL);
	char *at = page_room(p, n);

	if (at != NULL) {
		hs_url_quote(at, n + 1, s, len, NULL);
		p->buf.len += n;
	}
}

/* The title: the request path, unquoted, then escaped (Python keeps the
 * query string in it too).  Where Python shows the file system path for
 * a path that is not UTF-8, we show the path with U+FFFD. */
static void
page_add_title(struct page *p, const char *target)
{
	size_t len = strlen(target);
	size_t n = hs_url_unquote(NULL, 0, target, len);
	char *plain = malloc(n + 1);

	if (plain == NULL) {
		p->failed = 1;
		return;
	}
	hs_url_unquote(plain, n + 1, target, len);
	page_add(p, "Directory listing for ");
	page_add_escaped(p, plain, n);
	free(plain);
}

/* One "<li>" line: "/" after directories, "@" after links (a link to a
 * directory shows "@" but links with "/", as in Python). */
static void
page_add_entry(struct page *p, const struct entry *e)
{
	page_add(p, "\n<li><a href=\"");
	page_add_quoted(p, e->name, e->len);
	if (e->is_dir)
		page_add(p, "/");
	page_add(p, "\">");
	page_add_escaped(p, e->name, e->len);
	page_add(p, e->is_link ? "@" : e->is_dir ? "/" : "");
	page_add(p, "</a></li>");
}

/* The whole page, lines joined with "\n" as Python joins them. */
static void
build_page(struct page *p, const char *target, const struct entry *v,
    size_t n)
{
	size_t i;

	page_add(p, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	page_add_title(p, target);
	page_add(p, "</title>\n</head>\n<body>\n<h1>");
	page_add_title(p, target);
	page_add(p, "</h1>\n<hr>\n<ul>");
	for (i = 0; i < n; i++)
		page_add_entry(p, &v[i]);
	page_add(p, "\n</ul>\n<hr>\n</body>\n</html>\n");
}

/* The page, all built: the response is committed only now.  It carries
 * ST's Cache-Control and the program's fields, as files do. */
static void
send_page(struct hs_request *req, const struct hs_static *st,
    const char *page, size_t len)
{
	char length[32];

	(void)hs_out_decimal(length, sizeof(length), len);
	hs_send_response(req, 200, NULL);
	hs_static_send_field(req, st, "Content-type",
	    "text/html; charset=utf-8");
	hs_send_header(req, "Content-Length", length);
	hs_static_send_field(req, st, "Cache-Control", st->cache_control);
	hs_static_send_added(req, st);
	hs_end_headers(req);
	if (!hs_request_is_head(req))
		hs_write(req, page, len);
}

/* Does any of the N entries of V name a symbolic link? */
static int
has_links(const struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].is_link)
			return 1;
	return 0;
}

/*
 * Keep the page P of TARGET in SL's cache (taking its bytes) when it may
 * be: the directory was watched from before it was read, no change was
 * seen since, and no entry is a link (whose "/" depends on its target,
 * which is not watched).
 */
static void
keep_page(struct static_loop *sl, const char *target, struct page *p,
    unsigned long generation, int cacheable)
{
	struct fc_entry *e;

	if (sl == NULL || !cacheable || sl->watch.generation != generation)
		return;
	e = fc_entry_new(FC_NS_PAGE, target, FC_PAGE);
	if (e == NULL)
		return;
	e->page = p->buf.data;
	e->page_len = p->buf.len;
	p->buf.data = NULL;
	p->buf.len = p->buf.cap = 0;
	fc_insert(&sl->cache, e);
}

/* Here, not in handler_file.c, so calls go one way: files -> listings. */
const char *const hs_static_retry_after[] = { "Retry-After", "1", NULL };

/* A listing built on a thread (offload.h) for the request REQ. */
struct listing {
	struct hs_request *req;
	const struct hs_static *st;
	struct static_loop *sl;
	DIR *dir;			/* closed by the thread */
	char *target;
	unsigned long generation;
	int watched;
	int read_errno;			/* reading it failed: why */
	int aborted;			/* the client left meanwhile */
	struct page page;
};

static void
listing_free(struct listing *l)
{
	hs_buf_free(&l->page.buf);
	free(l->target);
	free(l);
}

/* On the thread: read, sort and format, as the loop would. */
static void
listing_work(void *arg)
{
	struct listing *l = arg;
	struct entry *v = NULL;
	size_t n = 0;

	pthread_once(&utf8_ctype_once, make_utf8_ctype);
	if (read_entries(l->dir, &v, &n) != 0)
		l->read_errno = errno;
	closedir(l->dir);
	l->dir = NULL;
	if (l->read_errno != 0)
		return;
	if (n > 1)
		qsort(v, n, sizeof(*v), compare_entries);
	build_page(&l->page, l->target, v, n);
	l->watched = l->watched && !has_links(v, n);
	free_entries(v, n);
}

/* Back on the loop: answer, keep the page, finish the request. */
static void
listing_finish(void *arg)
{
	struct listing *l = arg;

	if (!l->aborted) {
		if (l->read_errno != 0) {
			send_unlistable(l->req, l->read_errno);
		} else if (l->page.failed) {
			hs_send_error(l->req, 500, NULL, NULL);
		} else {
			send_page(l->req, l->st, l->page.buf.data,
			    l->page.buf.len);
			keep_page(l->sl, l->target, &l->page, l->generation,
			    l->watched);
		}
	}
	hs_request_finish(l->req);
	listing_free(l);
}

static void
listing_aborted(struct hs_request *req, void *arg)
{
	struct listing *l = arg;

	(void)req;
	l->aborted = 1;
}

/*
 * A directory whose size says it holds many names (more than
 * HS_LISTING_THREAD_SIZE bytes of entries) is listed on a thread, so
 * other clients are not held while it is read, sorted and formatted.  1
 * when it went there (REQ is pending: SL->went_pending says so to the
 * handler), 0 to list it here.
 */
static int
list_elsewhere(struct hs_request *req, const struct hs_static *st,
    struct static_loop *sl, DIR *d, const char *target,
    unsigned long generation, int watched)
{
	struct listing *l;
	struct stat sb;

	if (sl == NULL || fstat(dirfd(d), &sb) != 0 ||
	    sb.st_size <= HS_LISTING_THREAD_SIZE)
		return 0;
	l = calloc(1, sizeof(*l));
	if (l == NULL || (l->target = strdup(target)) == NULL) {
		free(l);
		return 0;
	}
	l->req = req;
	l->st = st;
	l->sl = sl;
	l->dir = d;
	l->generation = generation;
	l->watched = watched;
	if (hs_offload_start(sl, hs_request_loop(req), listing_work,
	    listing_finish, l) != 0) {
		free(l->target);
		free(l);
		return 0;
	}
	hs_request_on_abort(req, listing_aborted, l);
	sl->went_pending = 1;
	return 1;
}

/* list_directory(); see handler_static.h. */
void
hs_static_list_directory(struct hs_request *req, struct hs_static *st,
    struct static_loop *sl, int fd, const char *rel,
    unsigned long generation, int watched)
{
	const char *target = hs_request_path(req);
	struct page p = { { NULL, 0, 0 }, 0 };
	struct entry *v = NULL;
	struct fc_entry *cached;
	size_t n = 0;
	DIR *d;

	if (sl != NULL &&
	    (cached = fc_lookup(&sl->cache, FC_NS_PAGE, target)) != NULL) {
		if (fd >= 0)
			close(fd);
		send_page(req, st, cached->page, cached->page_len);
		return;
	}
	if (fd < 0)
		fd = hs_beneath_openat(&st->dir, st->dir.root, rel,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		send_unlistable(req, err);
		return;
	}
	if (list_elsewhere(req, st, sl, d, target, generation, watched))
		return;
	pthread_once(&utf8_ctype_once, make_utf8_ctype);
	if (read_entries(d, &v, &n) != 0) {
		int err = errno;

		closedir(d);
		send_unlistable(req, err);
		return;
	}
	closedir(d);
	if (n > 1)	/* an empty directory has no array to sort */
		qsort(v, n, sizeof(*v), compare_entries);
	build_page(&p, target, v, n);
	watched = watched && !has_links(v, n);
	free_entries(v, n);
	if (p.failed) {
		hs_buf_free(&p.buf);
		hs_send_error(req, 500, NULL, NULL);
		return;
	}
	send_page(req, st, p.buf.data, p.buf.len);
	keep_page(sl, target, &p, generation, watched);
	hs_buf_free(&p.buf);
}
