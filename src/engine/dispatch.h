/* SPDX-License-Identifier: MIT */
/*
 * dispatch.h - the do_METHOD table: for each method name, the chain of
 * handlers that answer it (run in order until one does not decline) and
 * the mode its request bodies are read in.
 *
 * The table is data only: the server fills it, the connection looks a
 * method up, the exchange runs its chain (invoke.c).
 */
#ifndef HS_DISPATCH_H
#define HS_DISPATCH_H

#include <stddef.h>

#include "httpserve.h"

/* One handler of a chain, with its argument. */
struct hs_handler {
	hs_handler_fn fn;
	void *arg;
};

/* One method: its handlers, in the order they run, and its body mode. */
struct hs_method {
	char *name;
	enum hs_body_mode body_mode;
	struct hs_handler *handlers;
	size_t nhandlers;
	size_t cap;
};

/*
 * The table.  Each method is an allocation of its own, so a method found
 * stays where it is while the table grows (a handler may register more
 * while a request of that method is being answered).  Zero-initialise.
 */
struct hs_methods {
	struct hs_method **v;
	size_t n;
};

/* The method NAME (LEN bytes, case-sensitive), or NULL. */
const struct hs_method *hs_methods_find(const struct hs_methods *t,
    const char *name, size_t len);

/*
 * Add FN to the chain of NAME, after the handlers it has, or, when
 * REPLACE is nonzero, make it the only one.  A new method reads bodies in
 * buffer mode.  -1 with EINVAL when NAME is not a token or FN is NULL,
 * ENOMEM.
 */
int hs_methods_add(struct hs_methods *t, const char *name, hs_handler_fn fn,
    void *arg, int replace);

/* Set the body mode of the method NAME; -1 with EINVAL when it has no
 * handler or MODE is none of enum hs_body_mode. */
int hs_methods_set_body_mode(struct hs_methods *t, const char *name,
    enum hs_body_mode mode);

/* Free every method; T is then empty and may be used again. */
void hs_methods_free(struct hs_methods *t);

#endif /* HS_DISPATCH_H */
