/* SPDX-License-Identifier: MIT */
/*
 * check_spool.c - the TLS spool (engine/spool.h) on real files in a
 * temporary directory and real evbuffers, drained the way a connection
 * drains it: refill, the client takes some of the output, refill again.
 * Order byte for byte (bytes, a range, bytes written to the tail, a
 * second range, more bytes), hs_spool_length() at every step, the bound
 * on what one refill reads, the tail being OUT while the spool is empty,
 * a file that shrank, zero-length ranges, and each descriptor closed
 * once, whether drained or cleared.  The blocks a range is read into:
 * reused once OUT has sent them, none kept once nothing is left to
 * read, and OUT able to outlive the spool (under ASan and valgrind a
 * block freed too early or never shows).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "engine/spool.h"
#include "http/hs_limits.h"
#include "runner.h"

#define CHUNK ((size_t)HS_TLS_FILE_CHUNK)

/* The temporary directory of a test, and the files made in it. */
static char dir[64];
static int nfiles;

static void
make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_spool.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	nfiles = 0;
}

static void
remove_dir(void)
{
	char path[128];
	int i;

	for (i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

/* Byte I of the file made with SEED: no two files, and no two nearby
 * offsets, alike, so a byte out of place shows. */
static unsigned char
pattern(unsigned seed, size_t i)
{
	return (unsigned char)((i * 131u) ^ (i >> 9) ^ (seed * 77u));
}

/* A file of SIZE pattern bytes; its path in PATH. */
static void
make_file(unsigned seed, size_t size, char *path, size_t cap)
{
	unsigned char block[4096];
	size_t done = 0, n, i;
	int fd;

	snprintf(path, cap, "%s/f%d", dir, nfiles++);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	while (done < size) {
		n = size - done < sizeof(block) ? size - done : sizeof(block);
		for (i = 0; i < n; i++)
			block[i] = pattern(seed, done + i);
		ck_assert_int_eq(write(fd, block, n), (ssize_t)n);
		done += n;
	}
	ck_assert_int_eq(close(fd), 0);
}

static int
open_file(const char *path)
{
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	return fd;
}

/* The descriptors this process has open (the directory stream's own
 * counts in every figure alike). */
static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/* What the spool must send, in order, built as the test queues it. */
struct expect {
	unsigned char *bytes;
	size_t len;
};

static void
expect_add(struct expect *e, const void *p, size_t n)
{
	e->bytes = realloc(e->bytes, e->len + n + 1);
	ck_assert_ptr_nonnull(e->bytes);
	memcpy(e->bytes + e->len, p, n);
	e->len += n;
}

static void
expect_range(struct expect *e, unsigned seed, size_t offset, size_t n)
{
	size_t i;

	e->bytes = realloc(e->bytes, e->len + n + 1);
	ck_assert_ptr_nonnull(e->bytes);
	for (i = 0; i < n; i++)
		e->bytes[e->len + i] = pattern(seed, offset + i);
	e->len += n;
}

/* Write S (a string) where the connection would: hs_spool_tail(). */
static void
write_tail(struct hs_spool *sp, struct evbuffer *out, struct expect *e,
    const char *s)
{
	ck_assert_int_eq(evbuffer_add(hs_spool_tail(sp, out), s, strlen(s)),
	    0);
	expect_add(e, s, strlen(s));
}

/* Queue LENGTH bytes from OFFSET of a file of SIZE bytes made with SEED;
 * its descriptor in *FD. */
static void
queue_range(struct hs_spool *sp, struct expect *e, unsigned seed,
    size_t size, size_t offset, size_t length, int *fd)
{
	char path[128];

	make_file(seed, size, path, sizeof(path));
	*fd = open_file(path);
	ck_assert_int_eq(hs_spool_add_file(sp, *fd, (off_t)offset,
	    (off_t)length), 0);
	expect_range(e, seed, offset, length);
}

/* Whether FD is open. */
static int
fd_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* Once the spool has closed FD, give its number to a descriptor of
 * ours, a sentinel: were FD closed again, the sentinel would go. */
static int
take_number(int fd)
{
	int tmp = open("/dev/null", O_RDONLY);

	ck_assert_int_ge(tmp, 0);
	if (tmp == fd)		/* the lowest number free: often FD's */
		return fd;
	ck_assert_int_eq(dup2(tmp, fd), fd);
	close(tmp);
	return fd;
}

/*
 * Drain SP through OUT as a connection would: refill to HIGH, then the
 * client takes TAKE bytes of OUT (all of them for 0), until both are
 * empty; then compare what came out with E.  Checked at every step:
 * the spool's length plus OUT plus what was taken is the whole of E;
 * one refill leaves OUT no fuller than HIGH + CHUNK (it reads at most
 * what OUT lacks of HIGH, or a chunk); and each of the NFD descriptors
 * FDS the spool closes is closed once: its number goes to a sentinel at
 * once, so the count of open descriptors stays what it was, and every
 * sentinel is still open at the end.
 */
static void
drain(struct hs_spool *sp, struct evbuffer *out, const struct expect *e,
    size_t high, size_t take, const int *fds, int nfd)
{
	unsigned char *got = malloc(e->len + 1);
	size_t got_len = 0, n, k;
	int sentinel[8] = { 0 }, open_fds = count_fds(), steps = 0, i;

	ck_assert_ptr_nonnull(got);
	ck_assert_int_le(nfd, (int)NELEM(sentinel));
	for (;;) {
		size_t before = evbuffer_get_length(out);

		ck_assert_uint_eq(hs_spool_length(sp) + before + got_len,
		    e->len);
		ck_assert_int_eq(hs_spool_refill(sp, out, high), 0);
		n = evbuffer_get_length(out);
		ck_assert_msg(n <= (before > high ? before : high) + CHUNK,
		    "refill to %zu left %zu bytes in OUT (had %zu)",
		    high, n, before);
		ck_assert_msg(n >= high || hs_spool_empty(sp),
		    "refill to %zu stopped at %zu with %llu spooled", high,
		    n, hs_spool_length(sp));
		ck_assert_uint_eq(hs_spool_length(sp) + n + got_len, e->len);
		for (i = 0; i < nfd; i++)
			if (!sentinel[i] && !fd_open(fds[i]))
				sentinel[i] = take_number(fds[i]) >= 0;
		ck_assert_int_eq(count_fds(), open_fds);
		if (n == 0 && hs_spool_empty(sp))
			break;
		if (take != 0 && n > take)
			n = take;
		ck_assert_uint_le(got_len + n, e->len);
		ck_assert_int_eq(evbuffer_remove(out, got + got_len, n),
		    (int)n);
		got_len += n;
		ck_assert_int_lt(++steps, 1 << 20);
	}
	ck_assert_uint_eq(got_len, e->len);
	for (k = 0; k < e->len; k++)
		if (got[k] != e->bytes[k])
			ck_abort_msg("byte %zu: %#x, not %#x", k, got[k],
			    e->bytes[k]);
	ck_assert_uint_eq(hs_spool_length(sp), 0);
	ck_assert_ptr_eq(hs_spool_tail(sp, out), out);
	for (i = 0; i < nfd; i++) {
		ck_assert_msg(sentinel[i], "descriptor %d never closed",
		    fds[i]);
		ck_assert_msg(fd_open(fds[i]), "descriptor %d closed twice",
		    fds[i]);
		close(fds[i]);
	}
	free(got);
}

/* The ranges of a table row: two, of files of SIZE bytes, from OFFSET
 * for LENGTH bytes. */
struct range {
	size_t size, offset, length;
};

static const struct order_row {
	const char *what;
	struct range r1, r2;
	size_t high;		/* what refill fills OUT to */
	size_t take;		/* what the client takes a step; 0: all */
} order_rows[] = {
	{ "small high, small reads",
	    { 3 * CHUNK + 17, 5, 3 * CHUNK }, { 1000, 0, 1000 }, 1, 700 },
	{ "high 4 KiB, client takes all",
	    { 300000, 7, 300000 - 12 }, { 2 * CHUNK + 1, 0, 2 * CHUNK + 1 },
	    4096, 0 },
	{ "high one chunk",
	    { 300000, 7, 300000 - 12 }, { 2 * CHUNK + 1, 1, 2 * CHUNK },
	    CHUNK, 65536 },
	{ "high past a chunk, odd reads",
	    { 5 * CHUNK, CHUNK - 1, 2 * CHUNK + 3 }, { 99, 98, 1 },
	    CHUNK + 12345, 9999 },
	{ "high 1 MiB, all at once",
	    { 3 * CHUNK + 17, 5, 3 * CHUNK }, { 4 * CHUNK, 0, 4 * CHUNK },
	    1 << 20, 0 },
	{ "high beyond everything",
	    { 4096, 0, 4096 }, { 10, 3, 7 }, 64 << 20, 0 },
	{ "one-byte ranges",
	    { 1, 0, 1 }, { 2, 1, 1 }, 1, 1 },
};

/* Bytes, a range, bytes written behind it, a second range, more bytes:
 * out in that order, byte for byte. */
START_TEST(test_order)
{
	const struct order_row *r = &order_rows[_i];
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	struct expect e = { NULL, 0 };
	int fds = count_fds(), fd[2];

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	ck_assert(hs_spool_empty(&sp));
	ck_assert_ptr_eq(hs_spool_tail(&sp, out), out);
	write_tail(&sp, out, &e, "HTTP/1.1 200 OK\r\n\r\n");
	/* Nothing is spooled yet: the head went to OUT itself. */
	ck_assert_uint_eq(evbuffer_get_length(out), e.len);
	ck_assert_uint_eq(hs_spool_length(&sp), 0);
	queue_range(&sp, &e, 1, r->r1.size, r->r1.offset, r->r1.length,
	    &fd[0]);
	ck_assert(!hs_spool_empty(&sp));
	ck_assert_ptr_ne(hs_spool_tail(&sp, out), out);
	ck_assert_uint_eq(hs_spool_length(&sp), r->r1.length);
	write_tail(&sp, out, &e, "\r\n--boundary\r\n\r\n");
	queue_range(&sp, &e, 2, r->r2.size, r->r2.offset, r->r2.length,
	    &fd[1]);
	write_tail(&sp, out, &e, "\r\n--boundary--\r\n");
	write_tail(&sp, out, &e, "HTTP/1.1 404 Not Found\r\n\r\n");
	ck_assert_uint_eq(hs_spool_length(&sp) + evbuffer_get_length(out),
	    e.len);
	ck_assert_int_eq(count_fds(), fds + 2);

	drain(&sp, out, &e, r->high, r->take, fd, 2);
	ck_assert_int_eq(count_fds(), fds);
	evbuffer_free(out);
	free(e.bytes);
}
END_TEST

/* Zero-length ranges, alone, first, last and back to back: no bytes,
 * yet the order of what is around them kept and each descriptor
 * closed. */
static const struct zero_row {
	const char *what;
	size_t len[4];		/* ranges; SIZE_MAX ends the list */
} zero_rows[] = {
	{ "one empty range", { 0, SIZE_MAX } },
	{ "empty, then a range", { 0, 5000, SIZE_MAX } },
	{ "a range, then empty", { CHUNK + 1, 0, SIZE_MAX } },
	{ "empty ones around a range", { 0, 0, 300000, 0 } },
};

START_TEST(test_zero_length)
{
	const struct zero_row *r = &zero_rows[_i];
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	struct expect e = { NULL, 0 };
	int fds = count_fds(), fd[4], i;
	char mark[16];

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	write_tail(&sp, out, &e, "head");
	for (i = 0; i < 4 && r->len[i] != SIZE_MAX; i++) {
		queue_range(&sp, &e, (unsigned)i + 1, r->len[i] + 10, 3,
		    r->len[i], &fd[i]);
		snprintf(mark, sizeof(mark), "<%d>", i);
		write_tail(&sp, out, &e, mark);
	}
	ck_assert_int_eq(count_fds(), fds + i);
	ck_assert(!hs_spool_empty(&sp));
	drain(&sp, out, &e, 1, 3, fd, i);
	ck_assert_int_eq(count_fds(), fds);
	evbuffer_free(out);
	free(e.bytes);
}
END_TEST

/* An empty range with nothing after it: the spool holds no bytes, yet
 * is not empty until a refill has passed the range (and closed it). */
START_TEST(test_zero_length_alone)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	char path[128];
	int fds = count_fds(), fd;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	make_file(9, 100, path, sizeof(path));
	fd = open_file(path);
	ck_assert_int_eq(hs_spool_add_file(&sp, fd, 50, 0), 0);
	ck_assert_uint_eq(hs_spool_length(&sp), 0);
	ck_assert(!hs_spool_empty(&sp));
	ck_assert_int_eq(hs_spool_refill(&sp, out, CHUNK), 0);
	ck_assert(hs_spool_empty(&sp));
	ck_assert_uint_eq(evbuffer_get_length(out), 0);
	ck_assert_ptr_eq(hs_spool_tail(&sp, out), out);
	ck_assert_int_eq(count_fds(), fds);
	evbuffer_free(out);
}
END_TEST

/* OUT already at HIGH: refill reads nothing, and the spool is kept. */
START_TEST(test_out_full)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	static char fill[8192];
	char path[128];
	int fd;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	ck_assert_int_eq(evbuffer_add(hs_spool_tail(&sp, out), fill,
	    sizeof(fill)), 0);
	make_file(3, 1000, path, sizeof(path));
	fd = open_file(path);
	ck_assert_int_eq(hs_spool_add_file(&sp, fd, 0, 1000), 0);
	ck_assert_int_eq(hs_spool_refill(&sp, out, sizeof(fill)), 0);
	ck_assert_uint_eq(evbuffer_get_length(out), sizeof(fill));
	ck_assert_uint_eq(hs_spool_length(&sp), 1000);
	ck_assert(fd_open(fd));
	hs_spool_clear(&sp);
	evbuffer_free(out);
}
END_TEST

/* A file that shrank after its range was queued: refill says -1 once it
 * reaches the missing bytes (the response is broken), and clearing the
 * spool then closes the descriptor once.  SHRINK_TO is the file's new
 * size; the range was 0 to 3 chunks. */
static const size_t shrink_rows[] = { 0, 1, CHUNK, 2 * CHUNK + 5 };

START_TEST(test_shrunk)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	char path[128];
	int fds = count_fds(), fd, rc = 0, steps;
	size_t size = 3 * CHUNK, got = 0;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	make_file(4, size, path, sizeof(path));
	fd = open_file(path);
	ck_assert_int_eq(hs_spool_add_file(&sp, fd, 0, (off_t)size), 0);
	evbuffer_add(hs_spool_tail(&sp, out), "tail", 4);
	ck_assert_int_eq(truncate(path, (off_t)shrink_rows[_i]), 0);
	for (steps = 0; steps < 100 && !hs_spool_empty(&sp); steps++) {
		rc = hs_spool_refill(&sp, out, 4096);
		if (rc != 0)
			break;
		got += evbuffer_get_length(out);
		evbuffer_drain(out, evbuffer_get_length(out));
	}
	ck_assert_int_eq(rc, -1);
	/* Every byte the file still had came out before the failure. */
	ck_assert_uint_eq(got + evbuffer_get_length(out), shrink_rows[_i]);
	ck_assert(!hs_spool_empty(&sp));
	ck_assert_int_eq(count_fds(), fds + 1);
	hs_spool_clear(&sp);
	ck_assert(hs_spool_empty(&sp));
	ck_assert_uint_eq(hs_spool_length(&sp), 0);
	ck_assert_int_eq(count_fds(), fds);
	ck_assert(!fd_open(fd));
	evbuffer_free(out);
}
END_TEST

/* hs_spool_clear() at every stage - before any refill, part way through
 * the first range, between the ranges, with only bytes left - closes
 * each descriptor still held exactly once and leaves the spool empty,
 * its tail OUT again.  The row is how many refills to make first. */
static const int clear_rows[] = { 0, 1, 3, 40, 1000 };

START_TEST(test_clear)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	struct expect e = { NULL, 0 };
	int fds = count_fds(), fd1, fd2, sentinel = -1, i, held;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	queue_range(&sp, &e, 5, 2 * CHUNK, 0, 2 * CHUNK, &fd1);
	write_tail(&sp, out, &e, "between");
	queue_range(&sp, &e, 6, CHUNK / 2, 1, CHUNK / 2 - 1, &fd2);
	write_tail(&sp, out, &e, "after");
	for (i = 0; i < clear_rows[_i] && !hs_spool_empty(&sp); i++) {
		ck_assert_int_eq(hs_spool_refill(&sp, out, 16384), 0);
		evbuffer_drain(out, evbuffer_get_length(out));
		if (sentinel < 0 && !fd_open(fd1)) {
			/* fd1 read and closed: its number is ours now. */
			sentinel = take_number(fd1);
		}
	}
	held = count_fds() - fds - (sentinel >= 0);
	ck_assert_int_ge(held, 0);
	ck_assert_int_le(held, 2);
	hs_spool_clear(&sp);
	ck_assert(hs_spool_empty(&sp));
	ck_assert_uint_eq(hs_spool_length(&sp), 0);
	ck_assert_ptr_eq(hs_spool_tail(&sp, out), out);
	ck_assert_int_eq(count_fds(), fds + (sentinel >= 0));
	if (sentinel >= 0) {
		ck_assert_msg(fd_open(sentinel), "descriptor closed twice");
		close(sentinel);
	}
	/* Clearing again, or a spool never used, closes nothing. */
	hs_spool_clear(&sp);
	ck_assert_int_eq(count_fds(), fds);
	evbuffer_free(out);
	free(e.bytes);
}
END_TEST

/* The spool's length counts the bytes behind a range too, and only the
 * spool's: OUT's bytes are not in it. */
START_TEST(test_length)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	struct expect e = { NULL, 0 };
	int fd;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	ck_assert_uint_eq(hs_spool_length(&sp), 0);
	write_tail(&sp, out, &e, "in OUT");
	ck_assert_uint_eq(hs_spool_length(&sp), 0);
	queue_range(&sp, &e, 7, 1000, 10, 900, &fd);
	ck_assert_uint_eq(hs_spool_length(&sp), 900);
	write_tail(&sp, out, &e, "12345");
	ck_assert_uint_eq(hs_spool_length(&sp), 905);
	ck_assert_int_eq(hs_spool_refill(&sp, out, 6 + 1), 0);
	/* One read of at least a chunk: the whole range, then the bytes
	 * behind it were not needed. */
	ck_assert_uint_eq(evbuffer_get_length(out), 6 + 900);
	ck_assert_uint_eq(hs_spool_length(&sp), 5);
	ck_assert(!fd_open(fd));
	hs_spool_clear(&sp);
	evbuffer_free(out);
	free(e.bytes);
}
END_TEST

/* Where OUT's first bytes are. */
static const void *
out_front(struct evbuffer *out)
{
	struct evbuffer_iovec v;

	ck_assert_int_eq(evbuffer_peek(out, -1, NULL, &v, 1), 1);
	return v.iov_base;
}

/* Take N bytes of OUT and check they are the file made with SEED from
 * OFFSET. */
static void
take_checked(struct evbuffer *out, unsigned seed, size_t offset, size_t n)
{
	unsigned char *got = malloc(n);
	size_t i;

	ck_assert_ptr_nonnull(got);
	ck_assert_int_eq(evbuffer_remove(out, got, n), (int)n);
	for (i = 0; i < n; i++)
		if (got[i] != pattern(seed, offset + i))
			ck_abort_msg("byte %zu: %#x, not %#x", offset + i,
			    got[i], pattern(seed, offset + i));
	free(got);
}

/* Refill SP to one byte while two allocations of a block's size are
 * held. */
static void
refill_squatted(struct hs_spool *sp, struct evbuffer *out)
{
	void *squat1 = malloc(CHUNK + 64), *squat2 = malloc(CHUNK + 64);

	ck_assert_ptr_nonnull(squat1);
	ck_assert_ptr_nonnull(squat2);
	ck_assert_int_eq(hs_spool_refill(sp, out, 1), 0);
	free(squat1);
	free(squat2);
}

/* A block OUT has sent is read into again; one still in OUT is not.
 * With the blocks gone once the range is read and sent. */
START_TEST(test_blocks_reused)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	struct expect e = { NULL, 0 };
	const void *first, *second;
	int fd;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	queue_range(&sp, &e, 8, 4 * CHUNK, 0, 4 * CHUNK, &fd);
	ck_assert_int_eq(hs_spool_refill(&sp, out, 1), 0);
	ck_assert_uint_eq(evbuffer_get_length(out), CHUNK);
	first = out_front(out);
	/* Half sent: the block is still OUT's, the next read is elsewhere. */
	take_checked(out, 8, 0, CHUNK / 2);
	ck_assert_int_eq(hs_spool_refill(&sp, out, CHUNK), 0);
	ck_assert_uint_eq(evbuffer_get_length(out), CHUNK / 2 + CHUNK);
	take_checked(out, 8, CHUNK / 2, CHUNK / 2);
	second = out_front(out);
	ck_assert_ptr_ne(second, first);
	/* Both sent: the next two reads go to the same two blocks, even
	 * with memory of their size taken meanwhile (were a sent block
	 * freed, the squatter would get its place). */
	take_checked(out, 8, CHUNK, CHUNK);
	refill_squatted(&sp, out);
	ck_assert(out_front(out) == first || out_front(out) == second);
	ck_assert(!LIST_EMPTY(&sp.blocks));
	take_checked(out, 8, 2 * CHUNK, CHUNK);
	refill_squatted(&sp, out);
	ck_assert(out_front(out) == first || out_front(out) == second);
	/* The last read: nothing left to read; the block OUT holds goes
	 * once sent. */
	ck_assert(!fd_open(fd));
	ck_assert(!LIST_EMPTY(&sp.blocks));
	take_checked(out, 8, 3 * CHUNK, CHUNK);
	ck_assert(LIST_EMPTY(&sp.blocks));
	ck_assert_int_eq(hs_spool_refill(&sp, out, 1), 0);
	ck_assert(hs_spool_empty(&sp));
	ck_assert_uint_eq(evbuffer_get_length(out), 0);
	evbuffer_free(out);
	free(e.bytes);
}
END_TEST

/* A connection may free its spool before libevent frees its output: the
 * bytes OUT holds stay readable, and the blocks go with OUT.  The row is
 * how much of OUT the client takes after the spool is cleared. */
static const size_t outlive_rows[] = { 0, 1, CHUNK, 2 * CHUNK };

START_TEST(test_out_outlives_spool)
{
	struct hs_spool sp;
	struct evbuffer *out = evbuffer_new();
	struct expect e = { NULL, 0 };
	int fd;

	ck_assert_ptr_nonnull(out);
	hs_spool_init(&sp);
	queue_range(&sp, &e, 9, 5 * CHUNK, 3, 4 * CHUNK, &fd);
	ck_assert_int_eq(hs_spool_refill(&sp, out, 2 * CHUNK), 0);
	ck_assert_uint_eq(evbuffer_get_length(out), 2 * CHUNK);
	hs_spool_clear(&sp);
	ck_assert(LIST_EMPTY(&sp.blocks));
	ck_assert(!fd_open(fd));
	/* The spool's memory is reused for anything now. */
	memset(&sp, 0xa5, sizeof(sp));
	if (outlive_rows[_i] > 0)
		take_checked(out, 9, 3, outlive_rows[_i]);
	evbuffer_free(out);
	free(e.bytes);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("spool");
	TCase *tc = tcase_create("spool");

	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_set_timeout(tc, 30);
	ADD_TABLE(tc, test_order, order_rows);
	ADD_TABLE(tc, test_zero_length, zero_rows);
	tcase_add_test(tc, test_zero_length_alone);
	tcase_add_test(tc, test_out_full);
	ADD_TABLE(tc, test_shrunk, shrink_rows);
	ADD_TABLE(tc, test_clear, clear_rows);
	tcase_add_test(tc, test_length);
	tcase_add_test(tc, test_blocks_reused);
	ADD_TABLE(tc, test_out_outlives_spool, outlive_rows);
	suite_add_tcase(s, tc);
	return s;
}
