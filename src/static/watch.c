/* SPDX-License-Identifier: MIT */
/*
 * watch.c - the loop's inotify descriptor and the set of its watches (see
 * watch.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/watch.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "http/hs_limits.h"
#include "httpserve.h"

/* What changes a file's bytes, its metadata or a directory's names. */
#define WATCH_MASK (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | \
	IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

/* Slots of the set of watch descriptors: twice the watches it holds. */
#define WATCH_SLOTS (2 * HS_FILE_CACHE_WATCHES)
#define WATCH_FREE (-1)

/*
 * File systems whose files other machines (or the host of a virtual
 * machine) can change: inotify hears only of changes made through this
 * kernel, so nothing on them may be cached.  Their statfs(2) magic
 * numbers, as <linux/magic.h> and the file systems' sources give them.
 */
static const unsigned long remote_file_systems[] = {
	0x6969UL,	/* NFS */
	0x517bUL,	/* SMB (smbfs) */
	0xfe534d42UL,	/* SMB2 (cifs) */
	0xff534d42UL,	/* CIFS */
	0x65735546UL,	/* FUSE: sshfs, virtiofs, ... */
	0x01021997UL,	/* 9P: WSL2's Windows drives, QEMU shares */
	0x786f4256UL,	/* VirtualBox shared folders */
	0x73757245UL,	/* Coda */
	0x5346414fUL,	/* AFS */
	0x6b414653UL,	/* kAFS */
	0x00c36400UL,	/* Ceph */
	0x564cUL,	/* NCP */
	0x01161970UL,	/* GFS2 (a cluster file system) */
	0x7461636fUL,	/* OCFS2 (a cluster file system) */
	0x0bd00bd0UL,	/* Lustre */
	0x47504653UL,	/* GPFS */
};

int
fc_fs_reports_all_changes(unsigned long f_type)
{
	size_t i;

	for (i = 0; i < sizeof(remote_file_systems) /
	    sizeof(remote_file_systems[0]); i++)
		if (f_type == remote_file_systems[i])
			return 0;
	return 1;
}

/* Read every queued event; did any say something changed?  IN_IGNORED
 * only says a watch is gone: after our own inotify_rm_watch(), or after
 * the IN_DELETE_SELF or IN_UNMOUNT that already said so. */
static int
drain_events(int fd)
{
	_Alignas(struct inotify_event) char buf[4096];
	const struct inotify_event *ev;
	int changed = 0;
	ssize_t n;
	char *p;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			if ((ev->mask & ~(uint32_t)IN_ISDIR) != IN_IGNORED)
				changed = 1;	/* IN_Q_OVERFLOW too */
		}
	}
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		changed = 1;	/* cannot tell: assume the worst */
	return changed;
}

static void
watch_ready(int fd, void *arg)
{
	struct fc_watch *w = arg;

	if (drain_events(fd)) {
		w->changed(w->arg);
		fc_watch_forget(w);
	}
}

int
fc_watch_init(struct fc_watch *w, struct hs_loop *loop,
    void (*changed)(void *arg), void *arg)
{
	size_t i;

	w->changed = changed;
	w->arg = arg;
	w->nwds = 0;
	w->generation = 0;
	w->wds = malloc(WATCH_SLOTS * sizeof(*w->wds));
	if (w->wds == NULL) {
		w->fd = -1;
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < WATCH_SLOTS; i++)
		w->wds[i] = WATCH_FREE;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0 || hs_loop_watch(loop, w->fd, watch_ready, w) != 0) {
		fc_watch_fini(w);
		return -1;
	}
	return 0;
}

void
fc_watch_fini(struct fc_watch *w)
{
	int saved = errno;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	free(w->wds);
	w->wds = NULL;
	errno = saved;
}

void
fc_watch_forget(struct fc_watch *w)
{
	size_t i;

	for (i = 0; i < WATCH_SLOTS && w->nwds > 0; i++) {
		if (w->wds[i] == WATCH_FREE)
			continue;
		inotify_rm_watch(w->fd, w->wds[i]);
		w->wds[i] = WATCH_FREE;
		w->nwds--;
	}
	w->generation++;
}

/* Is WD among the watches added? */
static int
known(const struct fc_watch *w, int wd)
{
	size_t i = (unsigned)wd % WATCH_SLOTS;

	while (w->wds[i] != WATCH_FREE) {
		if (w->wds[i] == wd)
			return 1;
		i = (i + 1) % WATCH_SLOTS;
	}
	return 0;
}

/* Remember WD, not known yet (inotify gives the same one for an inode
 * watched again: known() tells). */
static void
remember(struct fc_watch *w, int wd)
{
	size_t i = (unsigned)wd % WATCH_SLOTS;

	while (w->wds[i] != WATCH_FREE)
		i = (i + 1) % WATCH_SLOTS;
	w->wds[i] = wd;
	w->nwds++;
}

/* inotify_add_watch() of PATH with MASK, within the bound. */
static int
add(struct fc_watch *w, const char *path, uint32_t mask)
{
	struct statfs fs;
	int wd;

	if (w->nwds >= HS_FILE_CACHE_WATCHES) {
		w->changed(w->arg);
		fc_watch_forget(w);
		errno = ENOSPC;
		return -1;
	}
	wd = inotify_add_watch(w->fd, path, mask);
	if (wd < 0)
		return -1;
	if (known(w, wd))
		return 0;
	/* A new inode: is it where inotify hears of every change? */
	if (statfs(path, &fs) != 0 ||
	    !fc_fs_reports_all_changes((unsigned long)fs.f_type)) {
		inotify_rm_watch(w->fd, wd);
		errno = EREMOTE;
		return -1;
	}
	remember(w, wd);
	return 0;
}

int
fc_watch_dir(struct fc_watch *w, int dirfd, const char *name)
{
	char path[PATH_MAX + 32];
	int n;

	if (name[0] == '.' && name[1] == '\0')
		return fc_watch_fd(w, dirfd);
	n = snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", dirfd, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* The last name itself, not a link's target: a link in the path
	 * makes the path depend on more than we watch. */
	return add(w, path, WATCH_MASK | IN_ONLYDIR | IN_DONT_FOLLOW);
}

int
fc_watch_fd(struct fc_watch *w, int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return add(w, path, WATCH_MASK);
}
