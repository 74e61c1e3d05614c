/* SPDX-License-Identifier: MIT */
/*
 * beneath.c - opening files so that they lie beneath the served directory
 * (see beneath.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/beneath.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

/* Set once openat2() has said ENOSYS: the kernel will not grow it. */
static atomic_int openat2_missing;

/* Open DIRECTORY to serve. */
int
hs_beneath_init(struct hs_beneath *b, const char *directory)
{
	int saved;

	memset(b, 0, sizeof(*b));
	b->root = open(directory, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (b->root < 0)
		return -1;
	b->root_path = realpath(directory, NULL);
	if (b->root_path == NULL) {
		saved = errno;
		close(b->root);
		errno = saved;
		return -1;
	}
	b->root_len = strlen(b->root_path);
	if (b->root_len == 1)
		b->root_len = 0;	/* "/": every path starts with it */
	return 0;
}

void
hs_beneath_free(struct hs_beneath *b)
{
	if (b->root >= 0)
		close(b->root);
	free(b->root_path);
	b->root_path = NULL;
	b->root = -1;
}

/*
 * Does FD lie inside the served directory?  Its path, as the kernel knows
 * it, must be the root's real path or start with it and a '/'.
 */
int
hs_beneath_contains(const struct hs_beneath *b, int fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0 || (size_t)n >= sizeof(path) - 1)
		return 0;	/* unknown: outside */
	path[n] = '\0';
	if (strncmp(path, b->root_path, b->root_len) != 0)
		return 0;
	return path[b->root_len] == '\0' || path[b->root_len] == '/';
}

/* Open, then keep the descriptor only if it lies inside. */
int
hs_beneath_open_checked(const struct hs_beneath *b, int dirfd,
    const char *name, int flags)
{
	int fd = openat(dirfd, name, flags);

	if (fd < 0)
		return -1;
	if (hs_beneath_contains(b, fd))
		return fd;
	close(fd);
	errno = EXDEV;
	return -1;
}

/* openat2() with RESOLVE_BENEATH: no resolution may leave DIRFD. */
int
hs_beneath_openat2(const struct hs_beneath *b, int dirfd, const char *name,
    int flags)
{
#if defined(HAVE_LINUX_OPENAT2_H) && defined(SYS_openat2)
	struct open_how how;
	long fd;

	(void)b;
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	do
		fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return (int)fd;
#else
	(void)b;
	(void)dirfd;
	(void)name;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * Open NAME so that it lies inside the served directory.  openat2()
 * answers most opens in one call.  Its EXDEV may come from an absolute
 * link that points back inside, or from DIRFD being a subdirectory the
 * path leaves for another part of the root: the checked way decides.
 */
int
hs_beneath_openat(const struct hs_beneath *b, int dirfd, const char *name,
    int flags)
{
	int fd;

	if (b->follow)
		return openat(dirfd, name, flags);
	if (!atomic_load(&openat2_missing)) {
		fd = hs_beneath_openat2(b, dirfd, name, flags);
		if (fd >= 0 || (errno != EXDEV && errno != ENOSYS &&
		    errno != EPERM))
			return fd;
		/* ENOSYS: an old kernel; EPERM: a seccomp filter says no. */
		if (errno != EXDEV)
			atomic_store(&openat2_missing, 1);
	}
	return hs_beneath_open_checked(b, dirfd, name, flags);
}
