/* SPDX-License-Identifier: MIT */
/*
 * watch.h - one inotify descriptor per event loop, watching what the
 * loop's file cache depends on.
 *
 * Any event but IN_IGNORED means something changed: the owner's CHANGED
 * function runs (it empties its cache) and every watch is dropped, to be
 * added again as entries are filled.  The descriptor is watched with
 * hs_loop_watch(), whose callbacks run before the requests of the same
 * turn of the loop: a change made before a request was sent is seen
 * before that request is answered.  IN_ACCESS and IN_OPEN are not
 * watched (serving would invalidate); everything that changes a file's
 * bytes, its metadata or a directory's names is.
 */
#ifndef HS_WATCH_H
#define HS_WATCH_H

#include <stddef.h>

struct hs_loop;

struct fc_watch {
	int fd;			/* inotify, or -1 */
	int *wds;		/* the watches added: a set, open addressing */
	size_t nwds;
	unsigned long generation;	/* counts the times all were dropped */
	void (*changed)(void *arg);
	void *arg;
};

/* Start watching on LOOP, calling CHANGED(ARG) on any change.  -1 with
 * errno when inotify or the loop's watch cannot be had. */
int fc_watch_init(struct fc_watch *w, struct hs_loop *loop,
    void (*changed)(void *arg), void *arg);
/* Close the descriptor (once the loop has ended). */
void fc_watch_fini(struct fc_watch *w);

/*
 * Watch the directory NAME under the directory open at DIRFD (NAME "."
 * for DIRFD itself), which must be a directory and not a symbolic link.
 * -1 with errno: ENOENT when there is no such name, ENOTDIR when it is
 * not a directory (or is a link), ENOSPC when no more may be watched
 * (HS_FILE_CACHE_WATCHES are: then all are dropped, as on a change).
 */
int fc_watch_dir(struct fc_watch *w, int dirfd, const char *name);

/* Watch the file or directory open at FD: the very inode opened. */
int fc_watch_fd(struct fc_watch *w, int fd);

/* The two refuse (EREMOTE) what lies on a file system where changes can
 * come from elsewhere: does one of statfs(2) type F_TYPE tell inotify of
 * every change?  (NFS, SMB, FUSE, 9P and the like do not.) */
int fc_fs_reports_all_changes(unsigned long f_type);

/*
 * Drop every watch and count a new generation.  An entry filled while the
 * generation changed (a change seen, or the set of watches full and
 * reset) may not be cached: some of what it depends on is not watched.
 */
void fc_watch_forget(struct fc_watch *w);

#endif /* HS_WATCH_H */
