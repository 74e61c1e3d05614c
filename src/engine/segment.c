/* SPDX-License-Identifier: MIT */
/*
 * segment.c - a file range on a socket's output buffer, for sendfile(2)
 * (segment.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/segment.h"

#include <unistd.h>

#include <event2/buffer.h>

/* libevent calls this as it frees a file segment (see below). */
static void
note_segment_freed(const struct evbuffer_file_segment *seg, int flags,
    void *arg)
{
	(void)seg;
	(void)flags;
	*(int *)arg = 1;
}

/*
 * The segment owns FD from its creation.  When adding it fails, libevent
 * 2.1 has already dropped our reference (closing FD) while later versions
 * leave it to us: the cleanup hook tells which, so FD is closed exactly
 * once either way.
 */
int
hs_segment_add(struct evbuffer *out, int fd, off_t offset, off_t length)
{
	struct evbuffer_file_segment *seg;
	int freed = 0;

	seg = evbuffer_file_segment_new(fd, offset, length,
	    EVBUF_FS_CLOSE_ON_FREE | EVBUF_FS_DISABLE_LOCKING);
	if (seg == NULL) {
		close(fd);
		return -1;
	}
	evbuffer_file_segment_add_cleanup_cb(seg, note_segment_freed, &freed);
	if (evbuffer_add_file_segment(out, seg, 0, length) != 0) {
		if (!freed)
			evbuffer_file_segment_free(seg);
		return -1;
	}
	/* The buffer holds its own reference; the hook must not outlive
	 * FREED, which is on our stack. */
	evbuffer_file_segment_add_cleanup_cb(seg, NULL, NULL);
	evbuffer_file_segment_free(seg);
	return 0;
}
