/* SPDX-License-Identifier: MIT */
/*
 * sidecar.c - finding the precompressed variant of a file a client
 * prefers.
 *
 * The codings the client accepts are tried best first (coding.c decides
 * the order); the first whose file is present and usable wins.  A
 * sidecar is looked up on disk for each request, never cached: it costs
 * an open() only on servers that asked for --precompressed, and it is
 * never stale.  A sidecar older than its file is ignored, so an edited
 * file is never hidden behind its old compressed copy.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/sidecar.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/coding.h"

/* Is A not earlier than B? */
static int
not_older(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

/* Open REL's sidecar of coding C if it may stand for F: its descriptor
 * and facts, or -1. */
static int
open_sidecar(const struct hs_static *st, const char *rel,
    const struct fc_file *f, enum hs_coding c, struct fc_file *sf)
{
	char path[PATH_MAX];
	struct stat sb;
	int n, fd;

	n = snprintf(path, sizeof(path), "%s%s", rel, hs_coding_suffix(c));
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	fd = hs_beneath_openat(&st->dir, st->dir.root, path,
	    HS_STATIC_OPEN_FLAGS);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    !not_older(&sb.st_mtim, &f->mtim)) {
		close(fd);
		return -1;
	}
	memset(sf, 0, sizeof(*sf));
	sf->size = sb.st_size;
	sf->mtim = sb.st_mtim;
	(void)hs_etag_from_stat(sf->etag, sizeof(sf->etag), &sb,
	    hs_coding_name(c));
	return fd;
}

int
hs_static_find_sidecar(struct hs_request *req, const struct hs_static *st,
    const char *rel, const struct fc_file *f, struct fc_file *sf, int *fd)
{
	const char *accept = hs_request_header(req, "Accept-Encoding");
	unsigned untried = hs_coding_accepted(accept);
	int c;

	while (untried != 0 &&
	    (c = hs_coding_choose(accept, untried)) >= 0) {
		*fd = open_sidecar(st, rel, f, (enum hs_coding)c, sf);
		if (*fd >= 0)
			return c;
		untried &= ~HS_CODING_BIT(c);
	}
	*fd = -1;
	return -1;
}
