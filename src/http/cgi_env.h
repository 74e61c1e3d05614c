/* SPDX-License-Identifier: MIT */
/*
 * cgi_env.h - the environment and arguments a CGI script runs with
 * (RFC 3875 section 4.1, and the list Python's run_cgi() builds), made
 * from a description of the request alone (pure: no request object, no
 * server, no getenv()).
 */
#ifndef HS_CGI_ENV_H
#define HS_CGI_ENV_H

#include <stddef.h>

/* What the handler worked out about the script a request runs. */
struct hs_cgi_target {
	const char *method;		/* REQUEST_METHOD */
	const char *script_name;	/* "/cgi-bin/env.py" */
	const char *script_file;	/* its file, as execve() takes it */
	const char *path_info;		/* decoded, "" when none */
	const char *path_translated;	/* PATH_INFO in the served directory */
	const char *query;		/* as sent, "" when none */
	const char *server_name;	/* SERVER_NAME */
};

/* One request header field as it arrived. */
struct hs_cgi_header {
	const char *name;
	const char *value;
};

/*
 * Everything the environment is made of: the script, the request's header
 * fields, the client, the server, and the PATH to give the script.  The
 * strings are the caller's, borrowed for the call.
 */
struct hs_cgi_meta {
	const struct hs_cgi_target *target;
	const struct hs_cgi_header *headers;	/* in arrival order */
	size_t nheaders;
	const char *remote_addr;	/* the client's numeric address */
	const char *server_software;	/* the Server header's words */
	const char *server_protocol;	/* the server's protocol_version */
	int server_port;
	const char *path;		/* PATH; NULL: a usual default */
};

/* A NULL-terminated vector of strings, each malloc()ed, as execve() takes
 * them. */
struct hs_strv {
	char **v;
	size_t n;
	size_t cap;
};

/* Free every string and the vector itself. */
void hs_strv_free(struct hs_strv *sv);

/*
 * The environment of the script M describes: the CGI meta-variables, every
 * request header as HTTP_NAME (but those the spec keeps from scripts), and
 * M's PATH, nothing else.  0, or -1 with errno ENOMEM (ENV is then freed).
 */
int hs_cgi_build_env(struct hs_strv *env, const struct hs_cgi_meta *m);

/*
 * argv: the script's base name, then, as Python does, the query with '+'
 * made ' ' as one more argument when it holds no '=' (RFC 3875 section
 * 4.4's "search string"; an empty query gives an empty argument).
 */
int hs_cgi_build_argv(struct hs_strv *argv, const struct hs_cgi_target *t);

#endif /* HS_CGI_ENV_H */
