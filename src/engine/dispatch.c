/* SPDX-License-Identifier: MIT */
/*
 * dispatch.c - the do_METHOD table (see dispatch.h): a short array of
 * methods searched in order, each with a growing array of handlers.  A
 * server has a handful of methods, so a linear search beats hashing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/dispatch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/chars.h"

/* The index of method NAME (LEN bytes) in T, or T->n. */
static size_t
method_index(const struct hs_methods *t, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i]->name) == len &&
		    memcmp(t->v[i]->name, name, len) == 0)
			break;
	return i;
}

const struct hs_method *
hs_methods_find(const struct hs_methods *t, const char *name, size_t len)
{
	size_t i = method_index(t, name, len);

	return i < t->n ? t->v[i] : NULL;
}

/* A new method NAME, without handlers, at the end of T; NULL (ENOMEM). */
static struct hs_method *
method_new(struct hs_methods *t, const char *name)
{
	struct hs_method **grown, *m;

	grown = realloc(t->v, (t->n + 1) * sizeof(*grown));
	if (grown == NULL)
		return NULL;
	t->v = grown;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	m->name = strdup(name);
	if (m->name == NULL) {
		free(m);
		return NULL;
	}
	m->body_mode = HS_BODY_BUFFER;
	t->v[t->n++] = m;
	return m;
}

/* Make room in M's chain for one more handler; -1 (ENOMEM). */
static int
chain_reserve(struct hs_method *m)
{
	struct hs_handler *grown;
	size_t cap;

	if (m->nhandlers < m->cap)
		return 0;
	cap = m->cap > 0 ? m->cap * 2 : 2;
	grown = realloc(m->handlers, cap * sizeof(*grown));
	if (grown == NULL)
		return -1;
	m->handlers = grown;
	m->cap = cap;
	return 0;
}

int
hs_methods_add(struct hs_methods *t, const char *name, hs_handler_fn fn,
    void *arg, int replace)
{
	struct hs_method *m;
	size_t i;

	if (name == NULL || fn == NULL || !hs_is_token(name, strlen(name))) {
		errno = EINVAL;
		return -1;
	}
	i = method_index(t, name, strlen(name));
	m = i < t->n ? t->v[i] : method_new(t, name);
	if (m == NULL || chain_reserve(m) != 0)
		return -1;
	if (replace)
		m->nhandlers = 0;
	m->handlers[m->nhandlers].fn = fn;
	m->handlers[m->nhandlers].arg = arg;
	m->nhandlers++;
	return 0;
}

int
hs_methods_set_body_mode(struct hs_methods *t, const char *name,
    enum hs_body_mode mode)
{
	size_t i = name != NULL ? method_index(t, name, strlen(name)) : t->n;

	if (i == t->n || (mode != HS_BODY_BUFFER && mode != HS_BODY_DISCARD &&
	    mode != HS_BODY_STREAM)) {
		errno = EINVAL;
		return -1;
	}
	t->v[i]->body_mode = mode;
	return 0;
}

void
hs_methods_free(struct hs_methods *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i]->name);
		free(t->v[i]->handlers);
		free(t->v[i]);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
