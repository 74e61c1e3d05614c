/* SPDX-License-Identifier: MIT */
/*
 * loop.c - per-loop values and watched descriptors for handlers; see
 * loop.h and httpserve(3).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "engine/reqlog.h"

/* Watches run before the connections of the same turn. */
#define LOOP_PRIORITIES 2
#define LOOP_PRIORITY_WATCH 0

struct hs_loop_value {
	const void *key;
	void *value;
	hs_loop_free_fn free_value;
	struct hs_loop_value *next;
};

struct hs_loop_watch {
	struct event *ev;
	hs_watch_fn fn;
	void *arg;
	struct hs_loop_watch *next;
};

int
hs_loop_init(struct hs_loop *loop, struct event_base *base)
{
	memset(loop, 0, sizeof(*loop));
	loop->base = base;
	if (base != NULL &&
	    event_base_get_npriorities(base) < LOOP_PRIORITIES &&
	    event_base_priority_init(base, LOOP_PRIORITIES) != 0)
		return -1;
	return hs_reqlog_init(loop);
}

void
hs_loop_fini(struct hs_loop *loop)
{
	struct hs_loop_watch *w;
	struct hs_loop_value *v;

	hs_reqlog_fini(loop);
	while ((w = loop->watches) != NULL) {
		loop->watches = w->next;
		event_free(w->ev);
		free(w);
	}
	while ((v = loop->values) != NULL) {
		loop->values = v->next;
		if (v->free_value != NULL)
			v->free_value(v->value);
		free(v);
	}
	hs_buf_free(&loop->scratch.log_message);
	hs_errpage_memo_free(&loop->scratch.errpage);
}

struct event_base *
hs_loop_base(const struct hs_loop *loop)
{
	return loop->base;
}

static struct hs_loop_value *
loop_find(const struct hs_loop *loop, const void *key)
{
	struct hs_loop_value *v;

	for (v = loop->values; v != NULL; v = v->next)
		if (v->key == key)
			return v;
	return NULL;
}

void *
hs_loop_get(const struct hs_loop *loop, const void *key)
{
	struct hs_loop_value *v = loop_find(loop, key);

	return v != NULL ? v->value : NULL;
}

int
hs_loop_set(struct hs_loop *loop, const void *key, void *value,
    hs_loop_free_fn free_value)
{
	struct hs_loop_value *v = loop_find(loop, key);

	if (v != NULL) {
		if (v->free_value != NULL && v->value != value)
			v->free_value(v->value);
	} else {
		v = calloc(1, sizeof(*v));
		if (v == NULL) {
			errno = ENOMEM;
			return -1;
		}
		v->key = key;
		v->next = loop->values;
		loop->values = v;
	}
	v->value = value;
	v->free_value = free_value;
	return 0;
}

static void
watch_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hs_loop_watch *w = arg;

	(void)what;
	w->fn(fd, w->arg);
}

int
hs_loop_watch(struct hs_loop *loop, int fd, hs_watch_fn fn, void *arg)
{
	struct hs_loop_watch *w = calloc(1, sizeof(*w));

	if (w == NULL) {
		errno = ENOMEM;
		return -1;
	}
	w->fn = fn;
	w->arg = arg;
	w->ev = event_new(loop->base, fd, EV_READ | EV_PERSIST, watch_cb, w);
	if (w->ev == NULL ||
	    event_priority_set(w->ev, LOOP_PRIORITY_WATCH) != 0 ||
	    event_add(w->ev, NULL) != 0) {
		if (w->ev != NULL)
			event_free(w->ev);
		free(w);
		errno = EINVAL;
		return -1;
	}
	w->next = loop->watches;
	loop->watches = w;
	return 0;
}
