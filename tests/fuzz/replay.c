/* SPDX-License-Identifier: MIT */
/*
 * replay.c - main() for a fuzz target built without libFuzzer: run
 * LLVMFuzzerTestOneInput() once over each file named on the command line
 * or found in a directory named there (one level), and report in TAP.
 *
 * Without arguments, as make check runs it, a program named replay_NAME
 * replays $top_srcdir/tests/fuzz/corpus/fuzz_NAME/ and the former crashes
 * $top_srcdir/tests/fuzz/crashes/fuzz_NAME-*.
 *
 * A seed or a former crash that now trips an invariant aborts the whole
 * program; the "# running" line before it names the guilty file.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A growing list of file names. */
struct names {
	char **v;
	size_t n;
	size_t cap;
};

/* Append a copy of NAME to L. */
static void
names_add(struct names *l, const char *name)
{
	if (l->n == l->cap) {
		size_t cap = l->cap > 0 ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL) {
			perror("replay");
			exit(EXIT_FAILURE);
		}
		l->v = v;
		l->cap = cap;
	}
	if ((l->v[l->n] = strdup(name)) == NULL) {
		perror("replay");
		exit(EXIT_FAILURE);
	}
	l->n++;
}

/* qsort() order of file names, so every run lists them alike. */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Add the regular files of the directory DIR whose names start with
 * PREFIX to L, sorted, skipping dot files (editor and libFuzzer leftovers
 * such as .state).
 */
static int
add_dir(struct names *l, const char *dir, const char *prefix)
{
	struct names found = { NULL, 0, 0 };
	struct dirent *e;
	struct stat st;
	char *path;
	size_t i;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if ((path = malloc(strlen(dir) + strlen(e->d_name) + 2)) ==
		    NULL) {
			perror("replay");
			exit(EXIT_FAILURE);
		}
		/* "dir/" given on the command line: no second slash. */
		sprintf(path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			names_add(&found, path);
		free(path);
	}
	closedir(d);
	if (found.n > 0)
		qsort(found.v, found.n, sizeof(found.v[0]), name_cmp);
	for (i = 0; i < found.n; i++) {
		names_add(l, found.v[i]);
		free(found.v[i]);
	}
	free(found.v);
	return 0;
}

/*
 * Read the whole file PATH into an exactly sized heap buffer, so that an
 * over-read by the target is caught; *SIZE gets its length.
 */
static uint8_t *
read_file(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *data;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		errno = EINVAL;
		return NULL;
	}
	*size = (size_t)st.st_size;
	if ((data = malloc(*size > 0 ? *size : 1)) == NULL ||
	    fread(data, 1, *size, f) != *size) {
		free(data);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	return data;
}

/*
 * The name a test is reported by: the path from "tests/fuzz/" on (such as
 * "corpus/fuzz_parse/get-keepalive"), whatever the source directory.
 */
static const char *
test_name(const char *path)
{
	const char *p, *name = path;

	for (p = path; (p = strstr(p, "tests/fuzz/")) != NULL; p++)
		name = p + strlen("tests/fuzz/");
	return name;
}

/*
 * The inputs of make check: the corpus and the former crashes of the
 * target this program was built from, told by its name (replay_parse is
 * fuzz_parse; libtool may prefix "lt-"), under $top_srcdir.
 */
static int
add_defaults(struct names *l, const char *argv0)
{
	const char *top = getenv("top_srcdir"), *base = strrchr(argv0, '/');
	char *dir, *prefix;
	size_t n;
	int rc = 0;

	base = base != NULL ? base + 1 : argv0;
	if (strncmp(base, "lt-", 3) == 0)
		base += 3;
	if (strncmp(base, "replay_", 7) != 0 || base[7] == '\0') {
		printf("Bail out! %s: no inputs given, and no replay_NAME "
		    "program name to find them by\n", argv0);
		return -1;
	}
	base += 7;
	if (top == NULL || top[0] == '\0')
		top = ".";
	n = strlen(top) + strlen(base) + sizeof("/tests/fuzz/corpus/fuzz_");
	dir = malloc(n);
	prefix = malloc(strlen(base) + sizeof("fuzz_-"));
	if (dir == NULL || prefix == NULL) {
		perror("replay");
		exit(EXIT_FAILURE);
	}
	snprintf(dir, n, "%s/tests/fuzz/corpus/fuzz_%s", top, base);
	if (add_dir(l, dir, "") != 0) {
		printf("Bail out! %s: %s\n", dir, strerror(errno));
		rc = -1;
	} else {
		/* Former crashes, fuzz_NAME-*: none is no error. */
		snprintf(dir, n, "%s/tests/fuzz/crashes", top);
		sprintf(prefix, "fuzz_%s-", base);
		(void)add_dir(l, dir, prefix);
	}
	free(prefix);
	free(dir);
	return rc;
}

/* Run the target over every input named by ARGV; TAP on stdout. */
int
main(int argc, char **argv)
{
	struct names l = { NULL, 0, 0 };
	struct stat st;
	uint8_t *data;
	size_t i, size;
	int failed = 0;

	for (i = 1; i < (size_t)argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (add_dir(&l, argv[i], "") != 0) {
				printf("Bail out! %s: %s\n", argv[i],
				    strerror(errno));
				return EXIT_FAILURE;
			}
		} else {
			names_add(&l, argv[i]);
		}
	}
	if (argc == 1 && add_defaults(&l, argv[0]) != 0)
		return EXIT_FAILURE;
	if (l.n == 0) {
		printf("1..0 # SKIP no inputs\n");
		return EXIT_SUCCESS;
	}
	printf("1..%zu\n", l.n);
	for (i = 0; i < l.n; i++) {
		if ((data = read_file(l.v[i], &size)) == NULL) {
			printf("not ok %zu - %s # %s\n", i + 1,
			    test_name(l.v[i]), strerror(errno));
			failed = 1;
			free(l.v[i]);
			continue;
		}
		/* Say what runs first: an abort() ends the program here. */
		printf("# running %s\n", l.v[i]);
		fflush(stdout);
		LLVMFuzzerTestOneInput(data, size);
		printf("ok %zu - %s\n", i + 1, test_name(l.v[i]));
		fflush(stdout);
		free(data);
		free(l.v[i]);
	}
	free(l.v);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
