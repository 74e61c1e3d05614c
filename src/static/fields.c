/* SPDX-License-Identifier: MIT */
/*
 * fields.c - a program's own fields on files and listings (see fields.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "static/fields.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/chars.h"
#include "static/handler_static.h"

/* The fields the handler sends itself that a program's field of the same
 * name replaces (hs_static_send_field() sends each of them). */
static const char *const replaceable[] = {
	"Accept-Ranges", "Cache-Control", "Content-type", "ETag",
	"Last-Modified", "Vary",
};
#define REPLACEABLE (sizeof(replaceable) / sizeof(replaceable[0]))

/* Does NAME replace one of the handler's fields? */
static int
is_replaceable(const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < REPLACEABLE; i++)
		if (hs_name_is(name, len, replaceable[i]))
			return 1;
	return 0;
}

int
hs_static_add_header(struct hs_static *st, const char *name,
    const char *value)
{
	struct static_field *grown, *f;

	if (hs_check_response_field(name, value) != HS_FIELD_OK) {
		errno = EINVAL;
		return -1;
	}
	grown = realloc(st->fields, (st->n_fields + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	st->fields = grown;
	f = &st->fields[st->n_fields];
	f->name = strdup(name);
	f->value = strdup(value);
	if (f->name == NULL || f->value == NULL) {
		free(f->name);
		free(f->value);
		errno = ENOMEM;
		return -1;
	}
	st->n_fields++;
	return 0;
}

void
hs_static_send_field(struct hs_request *req, const struct hs_static *st,
    const char *name, const char *value)
{
	const struct static_field *f;
	int replaced = 0;
	size_t i;

	for (i = 0; i < st->n_fields; i++) {
		f = &st->fields[i];
		if (hs_name_is(f->name, strlen(f->name), name)) {
			hs_send_header(req, f->name, f->value);
			replaced = 1;
		}
	}
	if (!replaced && value != NULL)
		hs_send_header(req, name, value);
}

void
hs_static_send_added(struct hs_request *req, const struct hs_static *st)
{
	size_t i;

	for (i = 0; i < st->n_fields; i++)
		if (!is_replaceable(st->fields[i].name))
			hs_send_header(req, st->fields[i].name,
			    st->fields[i].value);
}

void
hs_static_fields_free(struct hs_static *st)
{
	size_t i;

	for (i = 0; i < st->n_fields; i++) {
		free(st->fields[i].name);
		free(st->fields[i].value);
	}
	free(st->fields);
	st->fields = NULL;
	st->n_fields = 0;
}
