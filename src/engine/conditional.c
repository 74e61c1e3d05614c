/* SPDX-License-Identifier: MIT */
/*
 * conditional.c - hs_request_preconditions() and
 * hs_request_range_applies(): a request's conditional fields handed to
 * the rules of src/http/precond.c, which are written there once.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "http/precond.h"
#include "httpserve.h"

/* The fields conditions are read from, and where each goes. */
static const struct {
	const char *name;
	size_t offset;
} fields[] = {
	{ "If-Match", offsetof(struct hs_conditions, if_match) },
	{ "If-None-Match", offsetof(struct hs_conditions, if_none_match) },
	{ "If-Modified-Since",
	    offsetof(struct hs_conditions, if_modified_since) },
	{ "If-Unmodified-Since",
	    offsetof(struct hs_conditions, if_unmodified_since) },
	{ "If-Range", offsetof(struct hs_conditions, if_range) },
	{ "Range", offsetof(struct hs_conditions, range) },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/*
 * The fields of REQ that its preconditions read, the first of each name,
 * in one pass over its header: this runs for every file served, and most
 * requests carry none of them.
 */
static void
read_conditions(const struct hs_request *req, struct hs_conditions *c)
{
	size_t i, j, n = hs_request_header_count(req);
	const char *name, *value, **slot;

	memset(c, 0, sizeof(*c));
	c->method = hs_request_command(req);
	for (i = 0; i < n; i++) {
		if (hs_request_header_at(req, i, &name, &value) != 0 ||
		    (name[0] != 'I' && name[0] != 'i' && name[0] != 'R' &&
		    name[0] != 'r'))
			continue;
		for (j = 0; j < NFIELDS; j++) {
			if (strcasecmp(name, fields[j].name) != 0)
				continue;
			slot = (const char **)(void *)((char *)c +
			    fields[j].offset);
			if (*slot == NULL)
				*slot = value;
			break;
		}
	}
}

enum hs_precondition
hs_request_preconditions(const struct hs_request *req, const char *etag,
    time_t last_modified)
{
	struct hs_conditions c;

	read_conditions(req, &c);
	return hs_precondition_eval(&c, etag, last_modified);
}

int
hs_request_range_applies(const struct hs_request *req, const char *etag,
    time_t last_modified)
{
	struct hs_conditions c;

	read_conditions(req, &c);
	return hs_range_applies(&c, etag, last_modified);
}
