/* SPDX-License-Identifier: MIT */
/*
 * check_watch.c - which file systems the static cache trusts inotify on:
 * local ones (their changes all go through this kernel) yes; network,
 * FUSE and shared-folder ones, whose files other machines change, no.
 * And on the file systems this test runs on, a watch is accepted.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/vfs.h>

#include "static/watch.h"
#include "runner.h"

struct fs_row {
	const char *name;
	unsigned long f_type;
	int trusted;
};

static const struct fs_row file_systems[] = {
	{ "ext4", 0xef53UL, 1 },
	{ "xfs", 0x58465342UL, 1 },
	{ "btrfs", 0x9123683eUL, 1 },
	{ "tmpfs", 0x01021994UL, 1 },
	{ "overlay", 0x794c7630UL, 1 },
	{ "zfs", 0x2fc12fc1UL, 1 },
	{ "nfs", 0x6969UL, 0 },
	{ "cifs", 0xff534d42UL, 0 },
	{ "smb2", 0xfe534d42UL, 0 },
	{ "smbfs", 0x517bUL, 0 },
	{ "fuse (sshfs, virtiofs)", 0x65735546UL, 0 },
	{ "9p (WSL2 drives)", 0x01021997UL, 0 },
	{ "vboxsf", 0x786f4256UL, 0 },
	{ "ceph", 0x00c36400UL, 0 },
	{ "afs", 0x5346414fUL, 0 },
	{ "lustre", 0x0bd00bd0UL, 0 },
};

START_TEST(test_file_system)
{
	const struct fs_row *r = &file_systems[_i];

	ck_assert_msg(fc_fs_reports_all_changes(r->f_type) == r->trusted,
	    "%s (0x%lx): want %s", r->name, r->f_type,
	    r->trusted ? "trusted" : "not trusted");
}
END_TEST

/* The directories the tests serve from are local here (/tmp, the build
 * tree): the cache is on for them, which the freshness tests rely on. */
START_TEST(test_test_directories_are_trusted)
{
	struct statfs fs;

	ck_assert_int_eq(statfs("/tmp", &fs), 0);
	ck_assert_msg(fc_fs_reports_all_changes((unsigned long)fs.f_type),
	    "/tmp is on a file system of type 0x%lx, which the cache does "
	    "not trust", (unsigned long)fs.f_type);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("watch");

	ADD_TABLE(tc, test_file_system, file_systems);
	tcase_add_test(tc, test_test_directories_are_trusted);
	suite_add_tcase(s, tc);
	return s;
}
