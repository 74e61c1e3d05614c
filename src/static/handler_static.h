/* SPDX-License-Identifier: MIT */
/*
 * handler_static.h - what the two halves of SimpleHTTPRequestHandler share:
 * handler_file.c (send_head: files, index pages, redirects, conditional
 * GET) and handler_dir.c (list_directory).
 *
 * Both use nothing of the library's engine but httpserve.h: they are its
 * first users, and what they need the public API must offer.  (beneath.c,
 * which opens files inside the served directory, is theirs alone.)
 */
#ifndef HS_HANDLER_STATIC_H
#define HS_HANDLER_STATIC_H

#include "static/beneath.h"
#include "httpserve.h"

struct hs_static {
	struct hs_beneath dir;	/* the served directory and its link policy */
	struct hs_mime *mime;	/* Content-types, ours */
};

/*
 * list_directory(): answer REQ with the listing of the directory open at
 * DIRFD (taken over and closed).
 */
void hs_static_list_directory(struct hs_request *req, int dirfd);

#endif /* HS_HANDLER_STATIC_H */
