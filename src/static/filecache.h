/* SPDX-License-Identifier: MIT */
/*
 * filecache.h - what the static handler learnt about paths, kept per
 * event loop: the answer send_head() would give each path (a file's
 * facts and, when small, its bytes; a directory and its index page; a
 * path that does not exist) and listing pages already built.
 *
 * The cache itself only stores and evicts (least recently used first,
 * within HS_FILE_CACHE_ENTRIES entries and HS_FILE_CACHE_BYTES bytes).
 * It is never stale because the one who fills it (handler_file.c) watches
 * with inotify (watch.h) everything an entry depends on before reading
 * it, and empties the whole cache on any change: see DESIGN in
 * handler_file.c.  One cache per loop, used by that loop's thread only.
 */
#ifndef HS_FILECACHE_H
#define HS_FILECACHE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "httpserve.h"

/* The two kinds of key: a path as hs_translate_path() made it, and a
 * request target whose listing page is kept. */
#define FC_NS_PATH 'p'
#define FC_NS_PAGE 'l'

enum fc_kind {
	FC_MISSING,	/* no such file: 404 */
	FC_FILE,	/* a regular file */
	FC_DIR,		/* a directory: redirect, index page or listing */
	FC_PAGE		/* a listing page (FC_NS_PAGE keys) */
};

/* What a directory's index page is, once looked for. */
enum fc_index {
	FC_INDEX_UNKNOWN,	/* not looked for yet (the entry was made
				 * for a redirect) */
	FC_INDEX_NONE,		/* none: the directory is listed */
	FC_INDEX_FILE		/* index_pages[index], facts in "file" */
};

/* A regular file as fstat() saw it, and its bytes when it is small. */
struct fc_file {
	off_t size;
	struct timespec mtim;	/* modified, to the nanosecond */
	char etag[HS_ETAG_SIZE];	/* hs_etag_from_stat() */
	char *bytes;		/* SIZE bytes, or NULL: opened per request */
};

struct fc_entry {
	char ns;		/* FC_NS_PATH or FC_NS_PAGE */
	char *key;		/* NUL-terminated */
	size_t key_len;
	unsigned long hash;
	enum fc_kind kind;
	struct fc_file file;	/* FC_FILE, and FC_DIR's index page */
	enum fc_index index;	/* FC_DIR */
	int index_page;		/* FC_INDEX_FILE: which of the names */
	char *page;		/* FC_PAGE: the whole listing page */
	size_t page_len;
	size_t cost;		/* bytes counted against the bound */
	struct fc_entry *chain;	/* the next in its hash bucket */
	struct fc_entry *newer, *older;	/* recency list */
};

struct fc_cache {
	struct fc_entry **buckets;
	size_t nbuckets;	/* a power of two */
	size_t count;
	size_t bytes;
	struct fc_entry *newest, *oldest;
};

/* An empty cache; -1 with ENOMEM. */
int fc_init(struct fc_cache *c);
/* Drop every entry, then the buckets. */
void fc_fini(struct fc_cache *c);

/* The entry for KEY in namespace NS, made the most recently used; NULL. */
struct fc_entry *fc_lookup(struct fc_cache *c, char ns, const char *key);

/*
 * A new entry for KEY (copied) of KIND, not yet in the cache; the caller
 * fills it and gives it to fc_insert(), or frees it with fc_entry_free().
 * NULL with ENOMEM.
 */
struct fc_entry *fc_entry_new(char ns, const char *key, enum fc_kind kind);
void fc_entry_free(struct fc_entry *e);

/*
 * Put E in the cache, replacing an entry of the same key and evicting the
 * least recently used until the bounds hold.  The cache takes E; one too
 * large to ever fit is freed at once.  Returns E, or NULL when E is gone.
 */
struct fc_entry *fc_insert(struct fc_cache *c, struct fc_entry *e);

/* Remove and free E. */
void fc_remove(struct fc_cache *c, struct fc_entry *e);

/* Remove and free every entry (something on disk changed). */
void fc_flush(struct fc_cache *c);

#endif /* HS_FILECACHE_H */
