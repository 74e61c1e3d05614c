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
 *
 * Pure: what the request, the server and the process environment say
 * comes in a struct hs_cgi_meta, filled by the caller (cgi_run.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/cgi_env.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

/* PATH for scripts when the server has none (hs_cgi_meta's is NULL). */
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

/* The value of the first header named NAME, or NULL. */
static const char *
header_first(const struct hs_cgi_meta *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nheaders; i++)
		if (strcasecmp(m->headers[i].name, name) == 0)
			return m->headers[i].value;
	return NULL;
}

/* The values of every header named NAME, joined with SEP; NULL when there
 * is none (or memory ran out: *FAILED is then set). */
static char *
header_values(const struct hs_cgi_meta *m, const char *name, const char *sep,
    int *failed)
{
	size_t i, len = 0, lsep = strlen(sep);
	const char *v;
	char *out = NULL, *grown;

	for (i = 0; i < m->nheaders; i++) {
		size_t lv;

		if (strcasecmp(m->headers[i].name, name) != 0)
			continue;
		v = m->headers[i].value;
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
env_from_header(struct hs_strv *env, const struct hs_cgi_meta *m,
    const char *name, const char *header, const char *sep, const char *dflt)
{
	int failed = 0, rc;
	char *v = header_values(m, header, sep, &failed);

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
		/* Python's four: cgi_env_request() sets them, defaults too. */
		"Accept", "User-Agent", "Cookie", "Referer"
	};
	size_t i;

	if (*name == '\0')
		return 1;	/* no field name is empty: no "HTTP_" */
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
header_seen_before(const struct hs_cgi_meta *m, size_t i, const char *name)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcasecmp(m->headers[j].name, name) == 0)
			return 1;
	return 0;
}

/* HTTP_* for the headers beyond Python's four, repeated ones joined. */
static int
cgi_env_headers(struct hs_strv *env, const struct hs_cgi_meta *m)
{
	size_t i;

	for (i = 0; i < m->nheaders; i++) {
		const char *k = m->headers[i].name;
		char *var;
		int rc;

		if (header_withheld(k) || header_seen_before(m, i, k))
			continue;
		var = http_variable_name(k);
		if (var == NULL)
			return -1;
		rc = env_from_header(env, m, var, k, ", ", NULL);
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

/* Are the LEN bytes at S all ASCII (PRINTABLE nonzero: and no control
 * characters)? */
static int
is_ascii(const char *s, size_t len, int printable)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] > (printable ? 0x7e : 0x7f) ||
		    (printable && (unsigned char)s[i] < 0x20))
			return 0;
	return 1;
}

/*
 * base64.decodebytes() of the LEN bytes at SRC into DST, which has room
 * for 3 bytes per 4 of SRC and 3 more, as binascii.a2b_base64() does it
 * by default: bytes outside the alphabet are skipped; '=' ends the data
 * once it completes a group and is skipped before; a last group left
 * incomplete is an error.  The length decoded, or -1.
 */
static ssize_t
base64_decode(char *dst, const char *src, size_t len)
{
	unsigned long acc = 0;
	size_t out = 0, i;
	int quad = 0, pads = 0, d;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '=') {
			if (quad >= 2 && quad + ++pads >= 4)
				return (ssize_t)out;
			continue;
		}
		if ((d = base64_digit(c)) < 0)
			continue;
		acc = (acc << 6 | (unsigned long)d) & 0xffffff;
		/* Each digit after the first of a group ends a byte. */
		if (quad > 0)
			dst[out++] = (char)(acc >> (6 - 2 * quad) & 0xff);
		quad = (quad + 1) % 4;
	}
	return quad == 0 ? (ssize_t)out : -1;
}

/* Python's str.split() separators, in a field decoded as Latin-1 (as
 * http.client decodes them): ASCII whitespace, 0x1c-0x1f, NEL, NBSP. */
static int
is_py_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') ||
	    (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0;
}

/* Split S into words as str.split() does: up to MAX of them, each as a
 * start and a length.  The number of words, MAX + 1 when there are more. */
static int
split_words(const char *s, const char **word, size_t *len, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	for (;;) {
		while (is_py_space(*p))
			p++;
		if (*p == '\0')
			return n;
		if (n == max)
			return max + 1;
		word[n] = (const char *)p;
		while (*p != '\0' && !is_py_space(*p))
			p++;
		len[n] = (size_t)((const char *)p - word[n]);
		n++;
	}
}

/*
 * REMOTE_USER from the Basic credentials CRED (LEN bytes): what precedes
 * the one ':' of their decoding.  Both must be ASCII, as Python wants
 * them, and the decoding printable too (RFC 7617: no control characters
 * in user-id or password; Python lets them through).
 */
static int
env_basic_user(struct hs_strv *env, const char *cred, size_t len)
{
	char *plain, *colon;
	ssize_t n;
	int rc = 0;

	if (!is_ascii(cred, len, 0))
		return 0;
	if ((plain = malloc(len / 4 * 3 + 3)) == NULL)
		return -1;
	n = base64_decode(plain, cred, len);
	if (n >= 0) {
		plain[n] = '\0';
		colon = memchr(plain, ':', (size_t)n);
		if (colon != NULL && strchr(colon + 1, ':') == NULL &&
		    is_ascii(plain, (size_t)n, 1)) {
			*colon = '\0';
			rc = env_set(env, "REMOTE_USER", plain);
		}
	}
	free(plain);
	return rc;
}

/*
 * AUTH_TYPE and REMOTE_USER from "Authorization: TYPE CREDENTIALS", as
 * Python: both words required, of any length; for Basic, REMOTE_USER is
 * the part before the one ':' of the decoded credentials.  The password
 * goes nowhere.
 */
static int
cgi_env_auth(struct hs_strv *env, const struct hs_cgi_meta *m)
{
	const char *auth = header_first(m, "Authorization"), *word[2];
	size_t len[2];
	char *type;
	int rc;

	if (auth == NULL || split_words(auth, word, len, 2) != 2)
		return 0;
	if ((type = strndup(word[0], len[0])) == NULL)
		return -1;
	rc = env_set(env, "AUTH_TYPE", type);
	free(type);
	if (rc != 0 || len[0] != 5 || strncasecmp(word[0], "basic", 5) != 0)
		return rc;
	return env_basic_user(env, word[1], len[1]);
}

/* The variables of the server and the script. */
static int
cgi_env_script(struct hs_strv *env, const struct hs_cgi_meta *m)
{
	const struct hs_cgi_target *t = m->target;
	char port[16];

	snprintf(port, sizeof(port), "%d", m->server_port);
	if (env_set(env, "SERVER_SOFTWARE", m->server_software) ||
	    env_set(env, "SERVER_NAME", t->server_name) ||
	    env_set(env, "GATEWAY_INTERFACE", "CGI/1.1") ||
	    /* Python's protocol_version: the server's, not the request's. */
	    env_set(env, "SERVER_PROTOCOL", m->server_protocol) ||
	    env_set(env, "SERVER_PORT", port) ||
	    env_set(env, "REQUEST_METHOD", t->method) ||
	    env_set(env, "PATH_INFO", t->path_info) ||
	    env_set(env, "PATH_TRANSLATED", t->path_translated) ||
	    env_set(env, "SCRIPT_NAME", t->script_name) ||
	    env_set(env, "QUERY_STRING", t->query) ||
	    env_set(env, "REMOTE_ADDR", m->remote_addr) ||
	    env_set(env, "REMOTE_HOST", ""))
		return -1;
	return 0;
}

/* The request's own variables, with the defaults Python sets. */
static int
cgi_env_request(struct hs_strv *env, const struct hs_cgi_meta *m)
{
	const char *length = header_first(m, "Content-Length");

	if (cgi_env_auth(env, m) != 0 ||
	    env_from_header(env, m, "CONTENT_TYPE", "Content-Type", ", ",
	    "text/plain") != 0 ||
	    env_set(env, "CONTENT_LENGTH", length != NULL ? length : "") ||
	    env_from_header(env, m, "HTTP_ACCEPT", "Accept", ",", "") ||
	    env_from_header(env, m, "HTTP_USER_AGENT", "User-Agent", ", ",
	    "") ||
	    env_from_header(env, m, "HTTP_COOKIE", "Cookie", ", ", "") ||
	    env_from_header(env, m, "HTTP_REFERER", "Referer", ", ", ""))
		return -1;
	return 0;
}

int
hs_cgi_build_env(struct hs_strv *env, const struct hs_cgi_meta *m)
{
	if (cgi_env_script(env, m) != 0 ||
	    cgi_env_request(env, m) != 0 ||
	    cgi_env_headers(env, m) != 0 ||
	    env_set(env, "PATH", m->path != NULL ? m->path :
	    CGI_DEFAULT_PATH)) {
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
