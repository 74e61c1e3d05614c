/* SPDX-License-Identifier: MIT */
/*
 * filecache.c - the static handler's per-loop cache: a hash table of
 * entries on a recency list, bounded in entries and bytes (see
 * filecache.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/filecache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/hs_limits.h"

/* Buckets: twice the entries the cache may hold, a power of two. */
#define FC_BUCKETS (2 * HS_FILE_CACHE_ENTRIES)
_Static_assert((FC_BUCKETS & (FC_BUCKETS - 1)) == 0,
    "HS_FILE_CACHE_ENTRIES is a power of two");

/* FNV-1a over the namespace byte, then the key. */
static unsigned long
fc_hash(char ns, const char *key, size_t len)
{
	unsigned long h = 2166136261UL;
	size_t i;

	h = (h ^ (unsigned char)ns) * 16777619UL;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619UL;
	return h;
}

int
fc_init(struct fc_cache *c)
{
	memset(c, 0, sizeof(*c));
	c->buckets = calloc(FC_BUCKETS, sizeof(*c->buckets));
	if (c->buckets == NULL) {
		errno = ENOMEM;
		return -1;
	}
	c->nbuckets = FC_BUCKETS;
	return 0;
}

void
fc_fini(struct fc_cache *c)
{
	fc_flush(c);
	free(c->buckets);
	c->buckets = NULL;
}

struct fc_entry *
fc_entry_new(char ns, const char *key, enum fc_kind kind)
{
	struct fc_entry *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	e->key_len = strlen(key);
	e->key = malloc(e->key_len + 1);
	if (e->key == NULL) {
		free(e);
		return NULL;
	}
	memcpy(e->key, key, e->key_len + 1);
	e->ns = ns;
	e->kind = kind;
	e->hash = fc_hash(ns, key, e->key_len);
	return e;
}

void
fc_entry_free(struct fc_entry *e)
{
	if (e == NULL)
		return;
	free(e->key);
	free(e->file.bytes);
	free(e->page);
	free(e);
}

/* The bytes E holds, counted against HS_FILE_CACHE_BYTES. */
static size_t
fc_cost(const struct fc_entry *e)
{
	size_t n = sizeof(*e) + e->key_len + 1 + e->page_len;

	if (e->file.bytes != NULL)
		n += (size_t)e->file.size;
	return n;
}

/* Take E off the recency list. */
static void
fc_unlink_recency(struct fc_cache *c, struct fc_entry *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

/* Put E at the recent end of the list. */
static void
fc_link_newest(struct fc_cache *c, struct fc_entry *e)
{
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest != NULL)
		c->newest->newer = e;
	c->newest = e;
	if (c->oldest == NULL)
		c->oldest = e;
}

struct fc_entry *
fc_lookup(struct fc_cache *c, char ns, const char *key)
{
	size_t len = strlen(key);
	unsigned long h = fc_hash(ns, key, len);
	struct fc_entry *e;

	for (e = c->buckets[h & (c->nbuckets - 1)]; e != NULL; e = e->chain)
		if (e->hash == h && e->ns == ns && e->key_len == len &&
		    memcmp(e->key, key, len) == 0)
			break;
	if (e != NULL && c->newest != e) {
		fc_unlink_recency(c, e);
		fc_link_newest(c, e);
	}
	return e;
}

void
fc_remove(struct fc_cache *c, struct fc_entry *e)
{
	struct fc_entry **at = &c->buckets[e->hash & (c->nbuckets - 1)];

	while (*at != e)
		at = &(*at)->chain;
	*at = e->chain;
	fc_unlink_recency(c, e);
	c->count--;
	c->bytes -= e->cost;
	fc_entry_free(e);
}

struct fc_entry *
fc_insert(struct fc_cache *c, struct fc_entry *e)
{
	struct fc_entry *old = fc_lookup(c, e->ns, e->key);
	size_t b;

	if (old != NULL)
		fc_remove(c, old);
	e->cost = fc_cost(e);
	if (e->cost > HS_FILE_CACHE_BYTES / 4) {
		/* One entry may not push out most of the others. */
		fc_entry_free(e);
		return NULL;
	}
	while (c->oldest != NULL && (c->count >= HS_FILE_CACHE_ENTRIES ||
	    c->bytes + e->cost > HS_FILE_CACHE_BYTES))
		fc_remove(c, c->oldest);
	b = e->hash & (c->nbuckets - 1);
	e->chain = c->buckets[b];
	c->buckets[b] = e;
	fc_link_newest(c, e);
	c->count++;
	c->bytes += e->cost;
	return e;
}

void
fc_flush(struct fc_cache *c)
{
	while (c->oldest != NULL)
		fc_remove(c, c->oldest);
}
