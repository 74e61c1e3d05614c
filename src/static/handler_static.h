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
#include "static/fields.h"
#include "httpserve.h"

struct static_loop;

struct hs_static {
	struct hs_beneath dir;	/* the served directory and its link policy */
	struct hs_mime *mime;	/* Content-types, ours */
	int cache_off;		/* hs_static_set_cache(st, 0) */
	char *cache_control;	/* its value on files and listings, or NULL */
	char *default_type;	/* of a file its name gives none, or NULL */
	struct static_field *fields;	/* the program's, on files, listings */
	size_t n_fields;
	int precompressed;	/* serve F.br, F.zst, F.gz for F */
	char loop_key;		/* its address: our key in each loop */
};

/* The header of a 503 for want of descriptors: they come back as soon as
 * connections close, so try again in a second. */
extern const char *const hs_static_retry_after[];

/* Open flags for anything we may send: never block on a FIFO, never
 * become a controlling terminal. */
#define HS_STATIC_OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)

/*
 * list_directory(): answer REQ with the listing of the directory REL (as
 * hs_translate_path() made it), open at DIRFD (taken over and closed), or
 * opened here when DIRFD is -1 and the page is not cached.  SL is the
 * loop's cache or NULL; WATCHED says the directory is watched in SL's
 * current generation GENERATION, so its page may be cached.
 */
void hs_static_list_directory(struct hs_request *req, struct hs_static *st,
    struct static_loop *sl, int dirfd, const char *rel,
    unsigned long generation, int watched);

#endif /* HS_HANDLER_STATIC_H */
