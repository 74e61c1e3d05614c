/* SPDX-License-Identifier: MIT */
/*
 * settings.c - a server's settings: their defaults, and the strings among
 * them (see settings.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/tls.h"
#include "http/errpage.h"
#include "http/hs_limits.h"

int
hs_settings_set_string(char **dst, const char *src)
{
	char *copy;

	if (src == NULL) {
		errno = EINVAL;
		return -1;
	}
	copy = strdup(src);
	if (copy == NULL)
		return -1;
	free(*dst);
	*dst = copy;
	return 0;
}

/* version_string(): server_version + ' ' + sys_version. */
int
hs_settings_update_version(struct hs_settings *set)
{
	size_t n = strlen(set->server_version) + strlen(set->sys_version) + 2;
	char *s = malloc(n);

	if (s == NULL)
		return -1;
	snprintf(s, n, "%s %s", set->server_version, set->sys_version);
	free(set->version_string);
	set->version_string = s;
	return 0;
}

int
hs_settings_init(struct hs_settings *set, struct hs_server *owner)
{
	memset(set, 0, sizeof(*set));
	set->server = owner;
	set->protocol_minor = 0;
	set->max_body = HS_DEFAULT_MAX_BODY;
	set->idle_timeout.tv_sec = HS_DEFAULT_IDLE_TIMEOUT;
	set->head_timeout.tv_sec = HS_DEFAULT_HEAD_TIMEOUT;
	set->write_timeout.tv_sec = HS_DEFAULT_WRITE_TIMEOUT;
	if (hs_settings_set_string(&set->server_version, "BaseHTTP/0.6") != 0 ||
	    hs_settings_set_string(&set->sys_version,
	    "httpserve/" HS_VERSION) != 0 ||
	    hs_settings_update_version(set) != 0 ||
	    hs_settings_set_string(&set->error_format,
	    hs_errpage_default_format) != 0 ||
	    hs_settings_set_string(&set->error_content_type,
	    hs_errpage_default_content_type) != 0)
		return -1;
	return 0;
}

void
hs_settings_free(struct hs_settings *set)
{
	free(set->server_version);
	free(set->sys_version);
	free(set->version_string);
	free(set->error_format);
	hs_tls_free(set->tls);
	free(set->error_content_type);
	memset(set, 0, sizeof(*set));
}
