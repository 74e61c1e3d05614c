/* SPDX-License-Identifier: MIT */
/*
 * represent.h - one representation of a file sent as RFC 9110 asks: its
 * validators, the request's preconditions checked against them, its
 * Range honoured.  What handler_file.c calls once it knows which file
 * (and which precompressed variant of it) answers a GET or HEAD.
 */
#ifndef HS_REPRESENT_H
#define HS_REPRESENT_H

#include "static/filecache.h"
#include "static/handler_static.h"

/* A representation to send. */
struct hs_rep {
	const struct fc_file *file;	/* its facts; its bytes when small */
	int fd;			/* open on it (taken), or -1 */
	const char *path;	/* opened by this name when FD is -1 and
				 * the body needs the disk */
	const char *type;	/* its Content-type */
	const char *encoding;	/* its Content-Encoding, or NULL */
};

/*
 * Answer REQ with REP: 304 or 412 by the request's preconditions, 206 or
 * 416 by its Range (GET only), else 200; headers, then the body unless
 * the request is HEAD.  REP's descriptor is always taken.  -1 with errno
 * when the file had to be opened and could not be: nothing was sent.
 */
int hs_static_send_rep(struct hs_request *req, const struct hs_static *st,
    struct hs_rep *rep);

#endif /* HS_REPRESENT_H */
