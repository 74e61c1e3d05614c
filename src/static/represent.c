/* SPDX-License-Identifier: MIT */
/*
 * represent.c - one representation of a file sent as RFC 9110 asks.
 *
 * Its validators are a strong ETag (inode, size and nanosecond mtime:
 * hs_etag_from_stat()) and Last-Modified.  The preconditions come first
 * (section 13.2.2: 412, or 304 repeating the validators and the caching
 * fields a 200 would carry), then the Range of a GET (section 14.2: one
 * range is a 206 with Content-Range, several a multipart/byteranges body,
 * none satisfiable a 416), else the whole file.  Every byte leaves from
 * the cached copy or the file itself (sendfile), never copied whole into
 * memory, and no response is larger than the file plus its framing: the
 * limits are hs_parse_range()'s and HS_RANGE_PARTS_MAX's, and ranges
 * whose multipart body would outgrow the file get the file instead.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/represent.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "http/hs_limits.h"
#include "http/out.h"
#include "http/range.h"

/* Room for a multipart boundary: 32 hex digits. */
#define BOUNDARY_SIZE 33

/* What the answer to a request for a representation is. */
struct plan {
	int code;		/* 200, 206, 304, 412 or 416 */
	struct hs_byte_range ranges[HS_RANGE_PARTS_MAX];
	size_t count;		/* 206: how many */
	char boundary[BOUNDARY_SIZE];	/* 206 with several ranges */
	off_t length;		/* 200 and 206: the body's length */
};

/* splitmix64: a 64-bit mixing step, enough to make boundaries no file
 * will hold by chance. */
static unsigned long long
mix64(unsigned long long x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * A multipart boundary of 32 hex digits, different for every response:
 * a counter shared by the loops, mixed with a seed drawn once.
 */
static void
make_boundary(char *buf)
{
	static atomic_ullong counter;
	static atomic_ullong seed;
	unsigned long long s = atomic_load(&seed), n;

	if (s == 0) {
		if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != sizeof(s))
			s = (unsigned long long)time(NULL) ^
			    ((unsigned long long)getpid() << 32);
		s |= 1;
		atomic_store(&seed, s);
	}
	n = atomic_fetch_add(&counter, 2);
	snprintf(buf, BOUNDARY_SIZE, "%016llx%016llx", mix64(s + n),
	    mix64(s + n + 1));
}

/*
 * What the answer to REQ for REP is, by its preconditions and Range.
 * Ranges are read for a GET only, and only when If-Range allows.
 */
static void
make_plan(struct hs_request *req, const struct hs_rep *rep, struct plan *p)
{
	const struct fc_file *f = rep->file;
	const char *range;
	enum hs_range_result r;

	memset(p, 0, sizeof(*p));
	p->length = f->size;
	p->code = (int)hs_request_preconditions(req, f->etag, f->mtim.tv_sec);
	if (p->code != 0)
		return;
	p->code = 200;
	range = hs_request_header(req, "Range");
	if (range == NULL ||
	    !hs_request_range_applies(req, f->etag, f->mtim.tv_sec))
		return;
	r = hs_parse_range(range, f->size, p->ranges, HS_RANGE_PARTS_MAX,
	    &p->count);
	if (r == HS_RANGE_UNSATISFIABLE) {
		p->code = 416;
		return;
	}
	if (r != HS_RANGE_PARTIAL)
		return;
	if (p->count == 1) {
		p->code = 206;
		p->length = p->ranges[0].last - p->ranges[0].first + 1;
		return;
	}
	make_boundary(p->boundary);
	p->length = hs_range_multipart_length(p->boundary, rep->type,
	    p->ranges, p->count, f->size);
	if (p->length > f->size) {	/* framing outweighs the bytes */
		p->length = f->size;
		p->count = 0;
		return;
	}
	p->code = 206;
}

/* The fields a 200, 206 and 304 share: validators and caching, each
 * replaced by the program's field of its name if it added one. */
static void
send_validators(struct hs_request *req, const struct hs_static *st,
    const struct fc_file *f)
{
	char modified[HS_DATE_LEN + 1];

	hs_static_send_field(req, st, "Last-Modified",
	    hs_date_time_string(modified, sizeof(modified),
	    f->mtim.tv_sec) != 0 ? modified : NULL);
	hs_static_send_field(req, st, "ETag", f->etag);
	hs_static_send_field(req, st, "Cache-Control", st->cache_control);
	hs_static_send_field(req, st, "Vary",
	    st->precompressed ? "Accept-Encoding" : NULL);
}

/* The head of a 200 or 206 for REP by plan P. */
static void
send_head_fields(struct hs_request *req, const struct hs_static *st,
    const struct hs_rep *rep, const struct plan *p)
{
	char length[32], value[128];

	(void)hs_out_decimal(length, sizeof(length),
	    (unsigned long long)p->length);
	hs_send_response(req, p->code, NULL);
	if (p->code == 206 && p->count > 1) {
		snprintf(value, sizeof(value),
		    "multipart/byteranges; boundary=%s", p->boundary);
		hs_send_header(req, "Content-type", value);
	} else {
		hs_static_send_field(req, st, "Content-type", rep->type);
	}
	if (rep->encoding != NULL)
		hs_send_header(req, "Content-Encoding", rep->encoding);
	hs_send_header(req, "Content-Length", length);
	if (p->code == 206 && p->count == 1) {
		hs_range_content_range(value, sizeof(value), &p->ranges[0],
		    rep->file->size);
		hs_send_header(req, "Content-Range", value);
	}
	send_validators(req, st, rep->file);
	hs_static_send_field(req, st, "Accept-Ranges", "bytes");
	hs_static_send_added(req, st);
	hs_end_headers(req);
}

/*
 * LEN bytes of REP's file from OFF: from its cached bytes, or from its
 * descriptor, which the last part takes and every other part shares
 * through a duplicate (hs_send_file() takes the one it is given).
 */
static int
send_bytes(struct hs_request *req, struct hs_rep *rep, off_t off, off_t len,
    int last)
{
	int fd;

	if (rep->file->bytes != NULL)
		return hs_write(req, rep->file->bytes + off, (size_t)len);
	if (last) {
		fd = rep->fd;
		rep->fd = -1;
	} else if ((fd = fcntl(rep->fd, F_DUPFD_CLOEXEC, 0)) < 0) {
		return -1;
	}
	return hs_send_file(req, fd, off, len);
}

/* The parts of a multipart/byteranges body, each from the file. */
static void
send_parts(struct hs_request *req, struct hs_rep *rep, const struct plan *p)
{
	char head[512];
	size_t i, n;
	const struct hs_byte_range *r;

	for (i = 0; i < p->count; i++) {
		r = &p->ranges[i];
		n = hs_range_part_head(head, sizeof(head), p->boundary,
		    rep->type, r, rep->file->size);
		if (n >= sizeof(head) || hs_write(req, head, n) != 0 ||
		    send_bytes(req, rep, r->first, r->last - r->first + 1,
		    i + 1 == p->count) != 0) {
			hs_request_set_close_connection(req, 1);
			return;
		}
	}
	n = hs_range_multipart_tail(head, sizeof(head), p->boundary);
	hs_write(req, head, n);
}

/* The body of a 200 or 206 by plan P. */
static void
send_body(struct hs_request *req, struct hs_rep *rep, const struct plan *p)
{
	if (p->code == 206 && p->count > 1)
		send_parts(req, rep, p);
	else if (p->code == 206)
		send_bytes(req, rep, p->ranges[0].first, p->length, 1);
	else
		send_bytes(req, rep, 0, rep->file->size, 1);
}

/* A 304: no body, the validators and caching fields a 200 would have. */
static void
send_not_modified(struct hs_request *req, const struct hs_static *st,
    const struct fc_file *f)
{
	hs_send_response(req, 304, NULL);
	send_validators(req, st, f);
	hs_static_send_added(req, st);
	hs_end_headers(req);
}

/* A 416, saying how long the file is (RFC 9110 section 15.5.17). */
static void
send_unsatisfiable(struct hs_request *req, const struct fc_file *f)
{
	char value[64];
	const char *fields[] = { "Content-Range", value, NULL };

	hs_range_content_range(value, sizeof(value), NULL, f->size);
	hs_send_error_headers(req, 416, NULL, NULL, fields);
}

/* Drop REP's descriptor, if it holds one. */
static void
release(struct hs_rep *rep)
{
	if (rep->fd >= 0)
		close(rep->fd);
	rep->fd = -1;
}

int
hs_static_send_rep(struct hs_request *req, const struct hs_static *st,
    struct hs_rep *rep)
{
	struct plan p;
	int head = hs_request_is_head(req);

	make_plan(req, rep, &p);
	switch (p.code) {
	case 304:
		release(rep);
		send_not_modified(req, st, rep->file);
		return 0;
	case 412:
		release(rep);
		hs_send_error(req, 412, NULL, NULL);
		return 0;
	case 416:
		release(rep);
		send_unsatisfiable(req, rep->file);
		return 0;
	}
	if (!head && rep->file->bytes == NULL && rep->fd < 0 &&
	    (rep->fd = hs_beneath_openat(&st->dir,
	    st->dir.root, rep->path, HS_STATIC_OPEN_FLAGS)) < 0)
		return -1;
	send_head_fields(req, st, rep, &p);
	if (!head)
		send_body(req, rep, &p);
	release(rep);
	return 0;
}
