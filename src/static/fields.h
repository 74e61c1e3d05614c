/* SPDX-License-Identifier: MIT */
/*
 * fields.h - the fields a program adds to the responses that serve a
 * file or a listing (hs_static_add_header(), httpserve -H), and how they
 * mix with the fields the handler sends itself.
 *
 * Each field the handler sends by default goes through
 * hs_static_send_field(): the program's fields of that name, when it
 * added any, take its place.  The rest of the program's fields follow,
 * in the order added, from hs_static_send_added().
 */
#ifndef HS_STATIC_FIELDS_H
#define HS_STATIC_FIELDS_H

#include "httpserve.h"

/* A field added by the program: NAME: VALUE, both owned. */
struct static_field {
	char *name;
	char *value;
};

/* Send the field NAME: the program's fields of that name if it added
 * any, else NAME: VALUE (nothing when VALUE is NULL). */
void hs_static_send_field(struct hs_request *req, const struct hs_static *st,
    const char *name, const char *value);

/* Send the program's fields that replace none of the handler's. */
void hs_static_send_added(struct hs_request *req,
    const struct hs_static *st);

/* Free the fields ST holds. */
void hs_static_fields_free(struct hs_static *st);

#endif /* HS_STATIC_FIELDS_H */
