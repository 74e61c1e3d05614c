/* SPDX-License-Identifier: MIT */
/*
 * cgi_env.c - the environment and arguments of a CGI script.
 *
 * The variables are RFC 3875's, with the values Python's run_cgi() gives
 * them (so a script moved from python3 -m http.server --cgi sees what it
 * saw there), and two differences that are the spec's:
 *   - every request header reaches the script as HTTP_NAME, not only the
 *     four Python passes; but not Authorization and Proxy-Authorization
 *     (credentials: section 4.1.18), nor Proxy ("httpoxy": a script would
 *     take it for its HTTP_PROXY setting), nor a header whose name holds
 *     anything but letters, digits and '-' (X-A_B and X-A-B would both
 *     become HTTP_X_A_B: one could forge the other);
 *   - of the server's own environment only PATH is passed, where Python
 *     passes all of it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cgi/cgi_env.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* PATH for scripts when the server has none. */
#define CGI_DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

void
hs_strv_free(struct hs_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

/* Append S (taken over; NULL means memory ran out), keeping the vector
 * NULL-terminated. */
static int
strv_take(struct hs_strv *sv, char *s)
{
	if (s == NULL)
		return -1;
	if (sv->n + 2 > sv->cap) {
		size_t cap = sv->cap == 0 ? 48 : sv->cap * 2;
		char **v = realloc(sv->v, cap * sizeof(*v));

		if (v == NULL) {
			free(s);
			return -1;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

/* Append "NAME=VALUE". */
static int
env_set(struct hs_strv *env, const char *name, const char *value)
{
	size_t ln = strlen(name), lv = strlen(value);
	char *s = malloc(ln + lv + 2);

	if (s != NULL) {
		memcpy(s, name, ln);
		s[ln] = '=';
		memcpy(s + ln + 1, value, lv + 1);
	}
	return strv_take(env, s);
}

/* The values of every header named NAME, joined with SEP; NULL when there
 * is none (or memory ran out: *FAILED is then set). */
static char *
header_values(struct hs_request *req, const char *name, const char *sep,
    int *failed)
{
	size_t i, n = hs_request_header_count(req), len = 0, lsep = strlen(sep);
	const char *k, *v;
	char *out = NULL, *grown;

	for (i = 0; i < n; i++) {
		size_t lv;

		if (hs_request_header_at(req, i, &k, &v) != 0 ||
		    strcasecmp(k, name) != 0)
			continue;
		lv = strlen(v);
		grown = realloc(out, len + (out ? lsep : 0) + lv + 1);
		if (grown == NULL) {
			free(out);
			*failed = 1;
			return NULL;
		}
		if (out != NULL) {
			memcpy(grown + len, sep, lsep);
			len += lsep;
		}
		out = grown;
		memcpy(out + len, v, lv + 1);
		len += lv;
	}
	return out;
}

/* Set NAME to the joined values of header HEADER, or to DEFAULT (NULL:
 * leave NAME unset) when the request has none. */
static int
env_from_header(struct hs_strv *env, struct hs_request *req,
    const char *name, const char *header, const char *sep, const char *dflt)
{
	int failed = 0, rc;
	char *v = header_values(req, header, sep, &failed);

	if (failed)
		return -1;
	if (v == NULL)
		return dflt == NULL ? 0 : env_set(env, name, dflt);
	rc = env_set(env, name, v);
	free(v);
	return rc;
}

/* Headers no script is told of, and those with variables of their own. */
static int
header_withheld(const char *name)
{
	static const char *const withheld[] = {
		"Authorization", "Proxy-Authorization", "Proxy",
		"Content-Type", "Content-Length",
		/* Python's four, set with their defaults by cgi_env_python(). */
		"Accept", "User-Agent", "Cookie", "Referer"
	};
	size_t i;

	for (i = 0; i < sizeof(withheld) / sizeof(withheld[0]); i++)
		if (strcasecmp(name, withheld[i]) == 0)
			return 1;
	for (; *name != '\0'; name++)
		if (!isalnum((unsigned char)*name) && *name != '-')
			return 1;
	return 0;
}

/* "HTTP_" + NAME upper-cased, '-' made '_'. */
static char *
http_variable_name(const char *name)
{
	size_t n = strlen(name), i;
	char *s = malloc(n + 6);

	if (s == NULL)
		return NULL;
	memcpy(s, "HTTP_", 5);
	for (i = 0; i <= n; i++)
		s[5 + i] = name[i] == '-' ? '_' :
		    (char)toupper((unsigned char)name[i]);
	return s;
}

/* Was a header named NAME already met before position I? */
static int
header_seen_before(struct hs_request *req, size_t i, const char *name)
{
	const char *k, *v;
	size_t j;

	for (j = 0; j < i; j++)
		if (hs_request_header_at(req, j, &k, &v) == 0 &&
		    strcasecmp(k, name) == 0)
			return 1;
	return 0;
}

/* HTTP_* for the headers beyond Python's four, repeated ones joined. */
static int
cgi_env_headers(struct hs_strv *env, struct hs_request *req)
{
	size_t i, n = hs_request_header_count(req);
	const char *k, *v;

	for (i = 0; i < n; i++) {
		char *var;
		int rc;

		if (hs_request_header_at(req, i, &k, &v) != 0 ||
		    header_withheld(k) || header_seen_before(req, i, k))
			continue;
		var = http_variable_name(k);
		if (var == NULL)
			return -1;
		rc = env_from_header(env, req, var, k, ", ", NULL);
		free(var);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The value of a base64 digit, or -1. */
static int
base64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode base64 as Python's base64.decodebytes() does (other characters
 * skipped, decoding stops at '='), into DST of SIZE bytes, NUL-terminated.
 * The result must be printable ASCII (Python decodes it as ASCII; we also
 * refuse control characters, which have no place in a user name).  Returns
 * 0, or -1.
 */
static int
base64_decode_text(char *dst, size_t size, const char *src)
{
	unsigned long acc = 0;
	size_t out = 0, digits = 0;
	int d;

	for (; *src != '\0' && *src != '='; src++) {
		if ((d = base64_digit((unsigned char)*src)) < 0)
			continue;
		acc = (acc << 6) | (unsigned long)d;
		if (++digits % 4 == 0) {
			if (out + 3 >= size)
				return -1;
			dst[out++] = (char)(acc >> 16 & 0xff);
			dst[out++] = (char)(acc >> 8 & 0xff);
			dst[out++] = (char)(acc & 0xff);
			acc = 0;
		}
	}
	if (digits % 4 == 1 || out + 2 >= size)
		return -1;
	if (digits % 4 == 2)
		dst[out++] = (char)(acc >> 4 & 0xff);
	else if (digits % 4 == 3) {
		dst[out++] = (char)(acc >> 10 & 0xff);
		dst[out++] = (char)(acc >> 2 & 0xff);
	}
	dst[out] = '\0';
	for (size_t i = 0; i < out; i++)
		if ((unsigned char)dst[i] < 0x20 || (unsigned char)dst[i] > 0x7e)
			return -1;
	return 0;
}

/*
 * AUTH_TYPE and REMOTE_USER from "Authorization: TYPE CREDENTIALS", as
 * Python: both words required; for Basic, REMOTE_USER is the part before
 * the one ':' of the decoded credentials.  The password goes nowhere.
 */
static int
cgi_env_auth(struct hs_strv *env, struct hs_request *req)
{
	const char *auth = hs_request_header(req, "Authorization");
	char type[64], cred[512], plain[512], extra[2];
	char *colon;

	if (auth == NULL ||
	    sscanf(auth, "%63s %511s %1s", type, cred, extra) != 2)
		return 0;
	if (env_set(env, "AUTH_TYPE", type) != 0)
		return -1;
	if (strcasecmp(type, "basic") != 0 ||
	    base64_decode_text(plain, sizeof(plain), cred) != 0)
		return 0;
	colon = strchr(plain, ':');
	if (colon == NULL || strchr(colon + 1, ':') != NULL)
		return 0;
	*colon = '\0';
	return env_set(env, "REMOTE_USER", plain);
}

/* The variables of the server and the script. */
static int
cgi_env_script(struct hs_strv *env, struct hs_request *req,
    const struct hs_cgi_target *t)
{
	struct hs_server *srv = hs_request_server(req);
	char port[16];

	snprintf(port, sizeof(port), "%d", hs_server_port(srv));
	if (env_set(env, "SERVER_SOFTWARE", hs_server_version_string(srv)) ||
	    env_set(env, "SERVER_NAME", t->server_name) ||
	    env_set(env, "GATEWAY_INTERFACE", "CGI/1.1") ||
	    /* Python's protocol_version: the server's, not the request's. */
	    env_set(env, "SERVER_PROTOCOL", hs_server_protocol_version(srv)) ||
	    env_set(env, "SERVER_PORT", port) ||
	    env_set(env, "REQUEST_METHOD", t->method) ||
	    env_set(env, "PATH_INFO", t->path_info) ||
	    env_set(env, "PATH_TRANSLATED", t->path_translated) ||
	    env_set(env, "SCRIPT_NAME", t->script_name) ||
	    env_set(env, "QUERY_STRING", t->query) ||
	    env_set(env, "REMOTE_ADDR", hs_request_client_address(req)) ||
	    env_set(env, "REMOTE_HOST", ""))
		return -1;
	return 0;
}

/* The request's own variables, with the defaults Python sets. */
static int
cgi_env_request(struct hs_strv *env, struct hs_request *req)
{
	const char *length = hs_request_header(req, "Content-Length");

	if (cgi_env_auth(env, req) != 0 ||
	    env_from_header(env, req, "CONTENT_TYPE", "Content-Type", ", ",
	    "text/plain") != 0 ||
	    env_set(env, "CONTENT_LENGTH", length != NULL ? length : "") ||
	    env_from_header(env, req, "HTTP_ACCEPT", "Accept", ",", "") ||
	    env_from_header(env, req, "HTTP_USER_AGENT", "User-Agent", ", ",
	    "") ||
	    env_from_header(env, req, "HTTP_COOKIE", "Cookie", ", ", "") ||
	    env_from_header(env, req, "HTTP_REFERER", "Referer", ", ", ""))
		return -1;
	return 0;
}

int
hs_cgi_build_env(struct hs_strv *env, struct hs_request *req,
    const struct hs_cgi_target *t)
{
	const char *path = getenv("PATH");

	if (cgi_env_script(env, req, t) != 0 ||
	    cgi_env_request(env, req) != 0 ||
	    cgi_env_headers(env, req) != 0 ||
	    env_set(env, "PATH", path != NULL ? path : CGI_DEFAULT_PATH)) {
		hs_strv_free(env);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int
hs_cgi_build_argv(struct hs_strv *argv, const struct hs_cgi_target *t)
{
	const char *base = strrchr(t->script_name, '/');
	char *search, *p;

	if (strv_take(argv, strdup(base != NULL ? base + 1 : t->script_name)))
		goto fail;
	if (strchr(t->query, '=') == NULL) {
		search = strdup(t->query);
		if (search == NULL)
			goto fail;
		for (p = search; *p != '\0'; p++)
			if (*p == '+')
				*p = ' ';
		if (strv_take(argv, search) != 0)
			goto fail;
	}
	return 0;
fail:
	hs_strv_free(argv);
	errno = ENOMEM;
	return -1;
}
