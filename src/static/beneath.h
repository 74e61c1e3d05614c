/* SPDX-License-Identifier: MIT */
/*
 * beneath.h - opening files so that they lie beneath the served directory.
 *
 * Request paths can never name ".." (hs_translate_path() removes it), but
 * a symbolic link inside the served directory can point anywhere.  By
 * default a link is followed only when its target, fully resolved, lies
 * inside the directory; otherwise the open fails with EXDEV (answered
 * 403).  With "follow" set, links are followed anywhere, as Python does.
 *
 * Two ways of checking, with the same results:
 *  - openat2() with RESOLVE_BENEATH (Linux 5.6): the kernel refuses any
 *    resolution leaving the directory, atomically.  It also refuses an
 *    absolute link that points back inside, so an EXDEV from it is
 *    settled by the second way;
 *  - the portable way: open, then check where the descriptor actually
 *    opened lies (its /proc/self/fd path against the directory's real
 *    path).  What is checked is what was opened: no race with a link
 *    changed in between.  Without /proc the answer is "outside".
 */
#ifndef HS_BENEATH_H
#define HS_BENEATH_H

#include <stddef.h>

struct hs_beneath {
	int root;		/* the served directory, opened O_PATH */
	char *root_path;	/* its real path, without a trailing '/' */
	size_t root_len;
	int follow;		/* follow links anywhere (Python's way) */
};

/* Open DIRECTORY to serve; -1 with errno when it cannot be. */
int hs_beneath_init(struct hs_beneath *b, const char *directory);
void hs_beneath_free(struct hs_beneath *b);

/*
 * Open NAME relative to DIRFD (the root, or a directory opened with this
 * function) with open(2) FLAGS.  -1 with errno on failure; EXDEV when NAME
 * resolves outside the served directory.
 */
int hs_beneath_openat(const struct hs_beneath *b, int dirfd, const char *name,
    int flags);

/* The two ways, for the tests: openat2() alone (ENOSYS where the kernel
 * lacks it), and open-then-check alone. */
int hs_beneath_openat2(const struct hs_beneath *b, int dirfd,
    const char *name, int flags);
int hs_beneath_open_checked(const struct hs_beneath *b, int dirfd,
    const char *name, int flags);

/* Does the open descriptor FD lie inside the served directory? */
int hs_beneath_contains(const struct hs_beneath *b, int fd);

#endif /* HS_BENEATH_H */
