/* SPDX-License-Identifier: MIT */
/*
 * check_beneath.c - opening files beneath the served directory, by each
 * of the two ways (openat2 with RESOLVE_BENEATH, and open-then-check) and
 * by the combination the server uses: links inside work, links out are
 * refused with EXDEV, absolute links back inside work, loops fail, and
 * with "follow" everything resolves as Python's open() would.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "static/beneath.h"
#include "runner.h"

/* The fixture: TOP/root is served, TOP/outside is not. */
static char top[64];
static char root[96];

/* Make TOP/PATH a file holding TEXT. */
static void
make_file(const char *path, const char *text)
{
	char full[256];
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", top, path);
	f = fopen(full, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Make TOP/PATH a symbolic link to TARGET ("@" stands for TOP). */
static void
make_link(const char *path, const char *target)
{
	char full[256], to[256];

	snprintf(full, sizeof(full), "%s/%s", top, path);
	if (target[0] == '@')
		snprintf(to, sizeof(to), "%s%s", top, target + 1);
	else
		snprintf(to, sizeof(to), "%s", target);
	ck_assert_int_eq(symlink(to, full), 0);
}

static void
make_subdir(const char *path)
{
	char full[256];

	snprintf(full, sizeof(full), "%s/%s", top, path);
	ck_assert_int_eq(mkdir(full, 0755), 0);
}

static void
setup(void)
{
	snprintf(top, sizeof(top), "/tmp/hs-beneath-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(root, sizeof(root), "%s/root", top);
	make_subdir("root");
	make_subdir("root/dir");
	make_subdir("outside");
	make_file("root/file", "inside");
	make_file("root/dir/inner", "inner");
	make_file("outside/secret", "SECRET");
	make_link("root/link-in", "file");
	make_link("root/link-in-dir", "dir");
	make_link("root/link-abs-in", "@/root/file");
	make_link("root/link-abs-in-dir", "@/root/dir");
	make_link("root/link-out", "../outside/secret");
	make_link("root/link-abs-out", "@/outside/secret");
	make_link("root/link-out-dir", "../outside");
	make_link("root/link-loop", "link-loop");
	make_link("root/link-missing", "nothing-here");
	make_link("root/link-root", "/");
	make_link("root/dir/up-in", "../file");
	make_link("root/dir/up-out", "../../outside/secret");
	make_link("root/link-chain-out", "dir/up-out");
	make_link("root/link-chain-in", "dir/up-in");
	make_link("root/link-dot", ".");
	make_link("root/dir/up-root", "..");
	make_link("root/link-self-root", "@/root");
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	ck_assert_int_eq(system(cmd), 0);
}

struct row {
	const char *name;	/* relative to the root */
	int err;		/* 0: opens, with CONTENT; else the errno */
	const char *content;	/* NULL for a directory */
	int follow_err;		/* the same with links followed anywhere */
	const char *follow_content;
};

static const struct row rows[] = {
	{ "file", 0, "inside", 0, "inside" },
	{ "dir/inner", 0, "inner", 0, "inner" },
	{ "dir", 0, NULL, 0, NULL },
	{ "./", 0, NULL, 0, NULL },
	{ "link-in", 0, "inside", 0, "inside" },
	{ "link-in-dir/inner", 0, "inner", 0, "inner" },
	{ "link-abs-in", 0, "inside", 0, "inside" },
	{ "link-abs-in-dir/inner", 0, "inner", 0, "inner" },
	{ "dir/up-in", 0, "inside", 0, "inside" },
	{ "link-chain-in", 0, "inside", 0, "inside" },
	{ "link-dot/file", 0, "inside", 0, "inside" },
	{ "dir/up-root/file", 0, "inside", 0, "inside" },
	{ "link-self-root/dir/inner", 0, "inner", 0, "inner" },
	{ "link-out", EXDEV, NULL, 0, "SECRET" },
	{ "link-abs-out", EXDEV, NULL, 0, "SECRET" },
	{ "link-out-dir/secret", EXDEV, NULL, 0, "SECRET" },
	{ "link-out-dir", EXDEV, NULL, 0, NULL },
	{ "dir/up-out", EXDEV, NULL, 0, "SECRET" },
	{ "link-chain-out", EXDEV, NULL, 0, "SECRET" },
	{ "link-root", EXDEV, NULL, 0, NULL },
	{ "link-loop", ELOOP, NULL, ELOOP, NULL },
	{ "link-missing", ENOENT, NULL, ENOENT, NULL },
	{ "no-such-file", ENOENT, NULL, ENOENT, NULL },
	{ "file/", ENOTDIR, NULL, ENOTDIR, NULL },
};

/* Check the result FD of opening ROW (errno when FD < 0) against WANT
 * and CONTENT; closes FD. */
static void
check_open(const struct row *r, int fd, int want, const char *content,
    const char *how)
{
	char buf[64];
	ssize_t n;

	if (want != 0) {
		ck_assert_msg(fd < 0, "%s %s: opened, want errno %d", how,
		    r->name, want);
		ck_assert_msg(errno == want, "%s %s: errno %d, want %d", how,
		    r->name, errno, want);
		return;
	}
	ck_assert_msg(fd >= 0, "%s %s: errno %d", how, r->name, errno);
	if (content != NULL) {
		n = read(fd, buf, sizeof(buf) - 1);
		ck_assert_int_ge(n, 0);
		buf[n] = '\0';
		ck_assert_str_eq(buf, content);
	}
	close(fd);
}

/* The portable way: open, then check where it lies. */
START_TEST(test_checked)
{
	const struct row *r = &rows[_i];
	struct hs_beneath b;

	ck_assert_int_eq(hs_beneath_init(&b, root), 0);
	check_open(r, hs_beneath_open_checked(&b, b.root, r->name,
	    O_RDONLY | O_CLOEXEC), r->err, r->content, "checked");
	hs_beneath_free(&b);
}
END_TEST

/*
 * openat2() alone.  It refuses absolute links even when they lead back
 * inside (EXDEV), which is why the server then asks the checked way.
 */
START_TEST(test_openat2)
{
	const struct row *r = &rows[_i];
	struct hs_beneath b;
	int fd, want = r->err;

	ck_assert_int_eq(hs_beneath_init(&b, root), 0);
	fd = hs_beneath_openat2(&b, b.root, r->name, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0 || errno != ENOSYS,
	    "this kernel has no openat2(): its way is untested");
	if (strncmp(r->name, "link-abs-in", 11) == 0 ||
	    strncmp(r->name, "link-self-root", 14) == 0)
		want = EXDEV;
	check_open(r, fd, want, r->content, "openat2");
	hs_beneath_free(&b);
}
END_TEST

/* What the server uses: the two combined, same answers as checked. */
START_TEST(test_combined)
{
	const struct row *r = &rows[_i];
	struct hs_beneath b;

	ck_assert_int_eq(hs_beneath_init(&b, root), 0);
	check_open(r, hs_beneath_openat(&b, b.root, r->name,
	    O_RDONLY | O_CLOEXEC), r->err, r->content, "combined");
	hs_beneath_free(&b);
}
END_TEST

/* Following links anywhere, as Python does. */
START_TEST(test_follow)
{
	const struct row *r = &rows[_i];
	struct hs_beneath b;

	ck_assert_int_eq(hs_beneath_init(&b, root), 0);
	b.follow = 1;
	check_open(r, hs_beneath_openat(&b, b.root, r->name,
	    O_RDONLY | O_CLOEXEC), r->follow_err, r->follow_content,
	    "follow");
	hs_beneath_free(&b);
}
END_TEST

/* Relative to a subdirectory (index pages are opened so): leaving the
 * subdirectory for elsewhere in the root is fine, leaving the root not. */
START_TEST(test_from_subdirectory)
{
	struct hs_beneath b;
	int dir, fd;

	ck_assert_int_eq(hs_beneath_init(&b, root), 0);
	dir = hs_beneath_openat(&b, b.root, "dir", O_PATH | O_DIRECTORY |
	    O_CLOEXEC);
	ck_assert_int_ge(dir, 0);
	fd = hs_beneath_openat(&b, dir, "up-in", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	errno = 0;
	ck_assert_int_eq(hs_beneath_openat(&b, dir, "up-out",
	    O_RDONLY | O_CLOEXEC), -1);
	ck_assert_int_eq(errno, EXDEV);
	close(dir);
	hs_beneath_free(&b);
}
END_TEST

/* The served directory reached through a link is served, and "/" as a
 * root contains everything. */
START_TEST(test_root_forms)
{
	struct hs_beneath b;
	char via_link[128];
	int fd;

	snprintf(via_link, sizeof(via_link), "%s/root/link-self-root", top);
	ck_assert_int_eq(hs_beneath_init(&b, via_link), 0);
	ck_assert_str_eq(b.root_path, root);
	fd = hs_beneath_openat(&b, b.root, "link-out", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(errno, EXDEV);
	hs_beneath_free(&b);
	ck_assert_int_eq(hs_beneath_init(&b, "/"), 0);
	fd = hs_beneath_open_checked(&b, b.root, "etc/hostname", O_RDONLY |
	    O_CLOEXEC);
	ck_assert_msg(fd >= 0 || errno == ENOENT, "errno %d", errno);
	if (fd >= 0)
		close(fd);
	hs_beneath_free(&b);
	ck_assert_int_eq(hs_beneath_init(&b, "/nonexistent-dir"), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("beneath");
	TCase *tc = tcase_create("beneath");
	int n = (int)(sizeof(rows) / sizeof(rows[0]));

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_checked, 0, n);
	tcase_add_loop_test(tc, test_openat2, 0, n);
	tcase_add_loop_test(tc, test_combined, 0, n);
	tcase_add_loop_test(tc, test_follow, 0, n);
	tcase_add_test(tc, test_from_subdirectory);
	tcase_add_test(tc, test_root_forms);
	suite_add_tcase(s, tc);
	return s;
}
