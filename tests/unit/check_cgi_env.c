/* SPDX-License-Identifier: MIT */
/*
 * check_cgi_env.c - the environment and arguments of a CGI script
 * (cgi_env.c), built from a struct hs_cgi_meta without a request or a
 * server: the whole environment of a bare request, what request headers
 * become (httpoxy, names that collide once mapped, names with other
 * characters, credentials), AUTH_TYPE and REMOTE_USER from Basic
 * credentials, the target's variables, PATH, and argv.
 *
 * Every row also checks that no variable is set twice: with two
 * definitions, which one a script sees depends on its libc.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cgi_env.h"
#include "guard.h"
#include "runner.h"

#define NROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The most header fields, and expectations, one row holds. */
#define ROW_MAX 6

static const struct hs_cgi_target target = {
	.method = "GET",
	.script_name = "/cgi-bin/s.sh",
	.script_file = "/srv/www/cgi-bin/s.sh",
	.path_info = "",
	.path_translated = "/srv/www",
	.query = "",
	.server_name = "example.test",
};

/* The environment of the test running, freed after it. */
static struct hs_strv env;

static void
env_clear(void)
{
	hs_strv_free(&env);
}

/* A meta of TARGET on port 8000 with the N fields H and PATH. */
static struct hs_cgi_meta
meta_of(const struct hs_cgi_target *t, const struct hs_cgi_header *h,
    size_t n, const char *path)
{
	struct hs_cgi_meta m = {
		.target = t,
		.headers = h,
		.nheaders = n,
		.remote_addr = "192.0.2.7",
		.server_software = "SimpleHTTP/0.6 httpserve/0",
		.server_protocol = "HTTP/1.0",
		.server_port = 8000,
		.path = path,
	};

	return m;
}

/* Build ENV from M: it must succeed, NULL-terminated, no name twice. */
static void
build(const struct hs_cgi_meta *m)
{
	size_t i, j, len;

	ck_assert_int_eq(hs_cgi_build_env(&env, m), 0);
	ck_assert_ptr_nonnull(env.v);
	ck_assert_ptr_null(env.v[env.n]);
	for (i = 0; i < env.n; i++) {
		ck_assert_ptr_nonnull(strchr(env.v[i], '='));
		len = (size_t)(strchr(env.v[i], '=') - env.v[i]) + 1;
		for (j = i + 1; j < env.n; j++)
			ck_assert_msg(strncmp(env.v[i], env.v[j], len) != 0,
			    "set twice: %s and %s", env.v[i], env.v[j]);
	}
}

/* The value of NAME in ENV, or NULL. */
static const char *
env_get(const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < env.n; i++)
		if (strncmp(env.v[i], name, len) == 0 &&
		    env.v[i][len] == '=')
			return env.v[i] + len + 1;
	return NULL;
}

/* Does any variable's name or value hold S? */
static int
env_mentions(const char *s)
{
	size_t i;

	for (i = 0; i < env.n; i++)
		if (strstr(env.v[i], s) != NULL)
			return 1;
	return 0;
}

/* ENV holds the variable "NAME=VALUE" given as ASSIGNMENT. */
static void
assert_set(const char *assignment)
{
	char name[64];
	const char *eq = strchr(assignment, '='), *got;

	ck_assert_ptr_nonnull(eq);
	ck_assert_uint_lt((size_t)(eq - assignment), sizeof(name));
	snprintf(name, sizeof(name), "%.*s", (int)(eq - assignment),
	    assignment);
	got = env_get(name);
	ck_assert_msg(got != NULL, "%s unset, want %s", name, assignment);
	ck_assert_msg(strcmp(got, eq + 1) == 0, "%s=%s, want %s", name, got,
	    assignment);
}

/* --- the whole environment of a bare request ------------------------- */

/* A GET with no field at all: every variable, in order, nothing else. */
START_TEST(test_bare_request)
{
	static const char *const want[] = {
		"SERVER_SOFTWARE=SimpleHTTP/0.6 httpserve/0",
		"SERVER_NAME=example.test",
		"GATEWAY_INTERFACE=CGI/1.1",
		"SERVER_PROTOCOL=HTTP/1.0",
		"SERVER_PORT=8000",
		"REQUEST_METHOD=GET",
		"PATH_INFO=",
		"PATH_TRANSLATED=/srv/www",
		"SCRIPT_NAME=/cgi-bin/s.sh",
		"QUERY_STRING=",
		"REMOTE_ADDR=192.0.2.7",
		"REMOTE_HOST=",
		"CONTENT_TYPE=text/plain",
		"CONTENT_LENGTH=",
		"HTTP_ACCEPT=",
		"HTTP_USER_AGENT=",
		"HTTP_COOKIE=",
		"HTTP_REFERER=",
		"PATH=/bin:/usr/bin",
	};
	struct hs_cgi_meta m = meta_of(&target, NULL, 0, "/bin:/usr/bin");
	int i;

	build(&m);
	ck_assert_uint_eq(env.n, (size_t)NROWS(want));
	for (i = 0; i < NROWS(want); i++)
		ck_assert_str_eq(env.v[i], want[i]);
}
END_TEST

/* --- request header fields ------------------------------------------- */

struct header_row {
	struct hs_cgi_header in[ROW_MAX];	/* up to a NULL name */
	const char *set[ROW_MAX];	/* "NAME=value" that must be there */
	const char *unset[ROW_MAX];	/* NAMEs that must not */
	const char *secret[2];		/* text in no variable */
};

static const struct header_row header_rows[] = {
	/* httpoxy: a Proxy field must never look like HTTP_PROXY. */
	{ { { "Proxy", "http://evil.test:3128/" } }, { NULL },
	    { "HTTP_PROXY" }, { "evil.test" } },
	{ { { "proxy", "http://evil.test/" }, { "PROXY", "x" } }, { NULL },
	    { "HTTP_PROXY" }, { "evil.test" } },
	/* Credentials go to no script. */
	{ { { "Authorization", "Basic YWxpY2U6czNjcmV0" } },
	    { "AUTH_TYPE=Basic", "REMOTE_USER=alice" },
	    { "HTTP_AUTHORIZATION" }, { "YWxpY2U6czNjcmV0", "s3cret" } },
	{ { { "Proxy-Authorization", "Basic YWxpY2U6czNjcmV0" } }, { NULL },
	    { "HTTP_PROXY_AUTHORIZATION", "AUTH_TYPE", "REMOTE_USER" },
	    { "YWxpY2U6czNjcmV0", "alice" } },
	{ { { "authorization", "Bearer t0ken" },
	    { "PROXY-AUTHORIZATION", "Bearer pr0xy" } },
	    { "AUTH_TYPE=Bearer" },
	    { "HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION",
	    "REMOTE_USER" }, { "t0ken", "pr0xy" } },
	/* X-A_B and X-A-B would both map to HTTP_X_A_B: the name with '_'
	 * is dropped, in either order, so neither can forge the other. */
	{ { { "X-A_B", "spoof" } }, { NULL }, { "HTTP_X_A_B" },
	    { "spoof" } },
	{ { { "X-A_B", "spoof" }, { "X-A-B", "real" } },
	    { "HTTP_X_A_B=real" }, { NULL }, { "spoof" } },
	{ { { "X-A-B", "real" }, { "X-A_B", "spoof" } },
	    { "HTTP_X_A_B=real" }, { NULL }, { "spoof" } },
	/* Names that differ in case only are one field, joined in order. */
	{ { { "x-a-b", "one" }, { "X-A-B", "two" } },
	    { "HTTP_X_A_B=one, two" }, { NULL }, { NULL } },
	/* Any character but letters, digits and '-' drops the field. */
	{ { { "X.Dot", "v" }, { "X~Tilde", "v" }, { "X!Bang", "v" },
	    { "X\xc3\xa9", "v" }, { "X Space", "v" }, { "X:Colon", "v" } },
	    { NULL },
	    { "HTTP_X.DOT", "HTTP_X~TILDE", "HTTP_X!BANG", "HTTP_X_SPACE",
	    "HTTP_X:COLON" }, { "=v" } },
	{ { { "_", "v" }, { "-", "dash" }, { "9", "digit" } },
	    { "HTTP__=dash", "HTTP_9=digit" }, { NULL }, { "=v" } },
	/* Nor is an empty name "HTTP_" (the parser refuses one anyway). */
	{ { { "", "v" } }, { NULL }, { "HTTP_" }, { "=v" } },
	/* Others: upper case, '-' made '_', repeats joined with ", ". */
	{ { { "Host", "h.test" }, { "X-Custom", "one" },
	    { "DNT", "1" }, { "x-custom", "two" }, { "X-Empty", "" } },
	    { "HTTP_HOST=h.test", "HTTP_X_CUSTOM=one, two", "HTTP_DNT=1",
	    "HTTP_X_EMPTY=" }, { NULL }, { NULL } },
	/* Python's four have their variables, and their joins: Accept with
	 * ",", the others with ", ". */
	{ { { "Accept", "text/html" }, { "accept", "text/plain" },
	    { "User-Agent", "agent/1" }, { "Cookie", "a=1" },
	    { "Cookie", "b=2" }, { "Referer", "http://r.test/" } },
	    { "HTTP_ACCEPT=text/html,text/plain", "HTTP_USER_AGENT=agent/1",
	    "HTTP_COOKIE=a=1, b=2", "HTTP_REFERER=http://r.test/" },
	    { NULL }, { NULL } },
	/* The body's fields are CONTENT_*, never HTTP_CONTENT_*; two
	 * Content-Types are joined (Python takes the first), and
	 * CONTENT_LENGTH is the first Content-Length as sent. */
	{ { { "Content-Type", "text/x-test" }, { "Content-Length", "4" } },
	    { "CONTENT_TYPE=text/x-test", "CONTENT_LENGTH=4" },
	    { "HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH" }, { NULL } },
	{ { { "content-type", "a/b" }, { "CONTENT-TYPE", "c/d" },
	    { "content-length", "007" }, { "Content-Length", "9" } },
	    { "CONTENT_TYPE=a/b, c/d", "CONTENT_LENGTH=007" },
	    { "HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH" }, { NULL } },
	{ { { "Content-Type", "" } }, { "CONTENT_TYPE=" }, { NULL },
	    { NULL } },
	/* A field cannot set a meta-variable: every name gets HTTP_. */
	{ { { "Path", "/evil" }, { "Query-String", "evil" },
	    { "Remote-Addr", "evil" } },
	    { "PATH=/bin", "QUERY_STRING=", "REMOTE_ADDR=192.0.2.7",
	    "HTTP_PATH=/evil", "HTTP_QUERY_STRING=evil",
	    "HTTP_REMOTE_ADDR=evil" }, { NULL }, { NULL } },
};

/* The number of fields of ROW. */
static size_t
row_fields(const struct header_row *r)
{
	size_t n = 0;

	while (n < ROW_MAX && r->in[n].name != NULL)
		n++;
	return n;
}

START_TEST(test_headers)
{
	const struct header_row *r = &header_rows[_i];
	struct hs_cgi_meta m = meta_of(&target, r->in, row_fields(r), "/bin");
	int i;

	build(&m);
	for (i = 0; i < ROW_MAX && r->set[i] != NULL; i++)
		assert_set(r->set[i]);
	for (i = 0; i < ROW_MAX && r->unset[i] != NULL; i++)
		ck_assert_msg(env_get(r->unset[i]) == NULL, "%s=%s is set",
		    r->unset[i], env_get(r->unset[i]));
	for (i = 0; i < 2 && r->secret[i] != NULL; i++)
		ck_assert_msg(!env_mentions(r->secret[i]),
		    "%s reached a script", r->secret[i]);
}
END_TEST

/* --- AUTH_TYPE and REMOTE_USER --------------------------------------- */

struct auth_row {
	const char *value;		/* of the Authorization field */
	const char *auth_type;		/* NULL: unset */
	const char *remote_user;	/* NULL: unset */
};

/*
 * As Python's run_cgi(): exactly two words (split as str.split() splits
 * Latin-1 text), of any length, the first AUTH_TYPE; for Basic, the
 * credentials decoded as base64.decodebytes() decodes them, split at
 * their one ':'.  The decoded text must be printable ASCII (Python takes
 * any ASCII).
 */
static const struct auth_row auth_rows[] = {
	{ "Basic YWxpY2U6czNjcmV0", "Basic", "alice" },	/* alice:s3cret */
	{ "basic YWxpY2U6czNjcmV0", "basic", "alice" },
	{ "BASIC YWxpY2U6czNjcmV0", "BASIC", "alice" },
	{ "  Basic \t YWxpY2U6czNjcmV0 \t", "Basic", "alice" },
	{ "Basic\xa0YWxpY2U6czNjcmV0", "Basic", "alice" },	/* NBSP */
	{ "Basic\x1fYWxpY2U6czNjcmV0\x85", "Basic", "alice" },
	{ "Basic\xa1YWxpY2U6czNjcmV0", NULL, NULL },
	{ "Bearer abc.def", "Bearer", NULL },
	{ "Digest", NULL, NULL },
	{ "Basic", NULL, NULL },
	{ "Basic YWxpY2U6czNjcmV0 more", NULL, NULL },
	{ "", NULL, NULL },
	{ "   ", NULL, NULL },
	/* Padding: complete, or missing ("Incorrect padding": no
	 * REMOTE_USER), and text after it ignored. */
	{ "Basic YWxpY2U6eA==", "Basic", "alice" },		/* alice:x */
	{ "Basic YWxpY2U6eA=", "Basic", NULL },
	{ "Basic YWxpY2U6eA", "Basic", NULL },
	{ "Basic YWxpY2U6eHk=", "Basic", "alice" },		/* alice:xy */
	{ "Basic YWxpY2U6eHk", "Basic", NULL },
	{ "Basic YWxpY2U6eA==YWxs", "Basic", "alice" },
	{ "Basic Ym9iOnk=", "Basic", "bob" },			/* bob:y */
	/* One digit more than whole groups of four: nothing decoded. */
	{ "Basic YWxpY2U6e", "Basic", NULL },
	{ "Basic Y", "Basic", NULL },
	/* A last group of three giving a NUL byte, a control character. */
	{ "Basic YWxpY2U6eAB", "Basic", NULL },
	/* Characters outside the alphabet are skipped, and so is '='
	 * before it can complete a group. */
	{ "Basic YWxp*Y2U6eA==", "Basic", "alice" },
	{ "Basic YW.xpY2U6eA-==", "Basic", "alice" },
	{ "Basic YW=xpY2U6eA==", "Basic", "alice" },
	{ "Basic =YWxpY2U6eA==", "Basic", "alice" },
	{ "Basic YWxpY2U6eA=*=", "Basic", "alice" },
	/* Credentials beyond ASCII: no user, even after the padding. */
	{ "Basic \xe9YWxpY2U6eA==", "Basic", NULL },
	{ "Basic YWxpY2U6eA==\xe9", "Basic", NULL },
	/* No colon, two colons, an empty user, an empty password. */
	{ "Basic YWxpY2U=", "Basic", NULL },			/* alice */
	{ "Basic YTpiOmM=", "Basic", NULL },			/* a:b:c */
	{ "Basic OnB3", "Basic", "" },				/* :pw */
	{ "Basic YWxpY2U6", "Basic", "alice" },			/* alice: */
	{ "Basic Og==", "Basic", "" },				/* : */
	/* Decoded text that is not printable ASCII: Latin-1, UTF-8, a
	 * control character (Python takes the last one as it is). */
	{ "Basic 6XTpOng=", "Basic", NULL },		/* \xe9t\xe9:x */
	{ "Basic w6k6eA==", "Basic", NULL },		/* \xc3\xa9:x */
	{ "Basic AWE6eA==", "Basic", NULL },		/* \x01a:x */
	{ "Basic YQphOng=", "Basic", NULL },		/* a\na:x */
	/* Words of any length: a JSON Web Token, a long scheme, long
	 * Basic credentials. */
	{ "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123",
	    "Bearer", NULL },
	{ "X-Very-Long-Scheme-Name-0123456789012345678901234567890123456789"
	    "01234567890 token",
	    "X-Very-Long-Scheme-Name-0123456789012345678901234567890123456789"
	    "01234567890", NULL },
	{ "Basic YWxpY2U6"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4",
	    "Basic", "alice" },
};

/* The Authorization value of each row ends right before a guard page. */
START_TEST(test_auth)
{
	const struct auth_row *r = &auth_rows[_i];
	struct hs_cgi_header h = { "Authorization", NULL };
	struct hs_cgi_meta m = meta_of(&target, &h, 1, "/bin");
	const char *got;

	h.value = guard_copy(r->value, strlen(r->value) + 1);
	build(&m);
	got = env_get("AUTH_TYPE");
	if (r->auth_type == NULL)
		ck_assert_msg(got == NULL, "row %d: AUTH_TYPE=%s", _i, got);
	else
		ck_assert_str_eq(got != NULL ? got : "(unset)", r->auth_type);
	got = env_get("REMOTE_USER");
	if (r->remote_user == NULL)
		ck_assert_msg(got == NULL, "row %d: REMOTE_USER=%s", _i, got);
	else
		ck_assert_str_eq(got != NULL ? got : "(unset)",
		    r->remote_user);
	ck_assert_ptr_null(env_get("HTTP_AUTHORIZATION"));
}
END_TEST

/* The first Authorization field counts; the others reach no one. */
START_TEST(test_auth_first_field)
{
	static const struct hs_cgi_header h[] = {
		{ "Authorization", "Basic Ym9iOnk=" },
		{ "Authorization", "Basic YWxpY2U6czNjcmV0" },
	};
	struct hs_cgi_meta m = meta_of(&target, h, 2, "/bin");

	build(&m);
	assert_set("AUTH_TYPE=Basic");
	assert_set("REMOTE_USER=bob");
	ck_assert(!env_mentions("YWxpY2U6czNjcmV0"));
}
END_TEST

/* --- the target's variables, and PATH -------------------------------- */

/* What the handler worked out is passed as it is, bytes and all. */
START_TEST(test_target)
{
	static const struct hs_cgi_target t = {
		.method = "POST",
		.script_name = "/cgi-bin/sub/t.py",
		.script_file = "/srv/www/cgi-bin/sub/t.py",
		.path_info = "/some where/\xc3\xa9",
		.path_translated = "/srv/www/some where/\xc3\xa9",
		.query = "q=1&r=a+b%20c",
		.server_name = "host.example.test",
	};
	struct hs_cgi_meta m = meta_of(&t, NULL, 0, "/bin");

	m.server_port = 65535;
	m.server_protocol = "HTTP/1.1";
	m.remote_addr = "::ffff:127.0.0.1";
	build(&m);
	assert_set("REQUEST_METHOD=POST");
	assert_set("SCRIPT_NAME=/cgi-bin/sub/t.py");
	assert_set("PATH_INFO=/some where/\xc3\xa9");
	assert_set("PATH_TRANSLATED=/srv/www/some where/\xc3\xa9");
	assert_set("QUERY_STRING=q=1&r=a+b%20c");
	assert_set("SERVER_NAME=host.example.test");
	assert_set("SERVER_PORT=65535");
	assert_set("SERVER_PROTOCOL=HTTP/1.1");
	assert_set("REMOTE_ADDR=::ffff:127.0.0.1");
	assert_set("REMOTE_HOST=");
	/* The file is execve()'s business, not the script's. */
	ck_assert(!env_mentions("/srv/www/cgi-bin"));
}
END_TEST

struct path_row {
	const char *given;	/* hs_cgi_meta's PATH */
	const char *want;
};

/* PATH is the one given, or a usual default when none is. */
static const struct path_row path_rows[] = {
	{ "/opt/bin:/bin", "/opt/bin:/bin" },
	{ "", "" },
	{ NULL, "/usr/local/bin:/usr/bin:/bin" },
};

START_TEST(test_path)
{
	const struct path_row *r = &path_rows[_i];
	struct hs_cgi_meta m = meta_of(&target, NULL, 0, r->given);
	char want[64];

	build(&m);
	snprintf(want, sizeof(want), "PATH=%s", r->want);
	ck_assert_str_eq(env.v[env.n - 1], want);
}
END_TEST

/* --- argv ------------------------------------------------------------ */

struct argv_row {
	const char *script_name;
	const char *query;
	const char *argv[3];	/* NULL-terminated */
};

/* The script's base name, then a "search string" query ('+' made ' ',
 * nothing decoded) as one more argument when it holds no '='. */
static const struct argv_row argv_rows[] = {
	{ "/cgi-bin/s.sh", "", { "s.sh", "", NULL } },
	{ "/cgi-bin/s.sh", "q=1", { "s.sh", NULL } },
	{ "/cgi-bin/s.sh", "a+b", { "s.sh", "a b", NULL } },
	{ "/cgi-bin/s.sh", "a+b=c", { "s.sh", NULL } },
	{ "/cgi-bin/s.sh", "=", { "s.sh", NULL } },
	{ "/cgi-bin/s.sh", "%20+x%3D", { "s.sh", "%20 x%3D", NULL } },
	{ "/cgi-bin/s.sh", "+++", { "s.sh", "   ", NULL } },
	{ "/cgi-bin/sub/t.py", "k", { "t.py", "k", NULL } },
	{ "/htbin/x y", "", { "x y", "", NULL } },
	{ "s", "", { "s", "", NULL } },
};

START_TEST(test_argv)
{
	const struct argv_row *r = &argv_rows[_i];
	struct hs_cgi_target t = target;
	struct hs_strv argv = { NULL, 0, 0 };
	size_t i;

	t.script_name = r->script_name;
	t.query = r->query;
	ck_assert_int_eq(hs_cgi_build_argv(&argv, &t), 0);
	for (i = 0; r->argv[i] != NULL; i++) {
		ck_assert_uint_lt(i, argv.n);
		ck_assert_str_eq(argv.v[i], r->argv[i]);
	}
	ck_assert_uint_eq(argv.n, i);
	ck_assert_ptr_null(argv.v[i]);
	hs_strv_free(&argv);
	ck_assert_ptr_null(argv.v);
	ck_assert_uint_eq(argv.n, 0);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("cgi_env");
	TCase *tc = tcase_create("cgi_env");

	tcase_add_checked_fixture(tc, NULL, env_clear);
	tcase_add_test(tc, test_bare_request);
	tcase_add_loop_test(tc, test_headers, 0, NROWS(header_rows));
	tcase_add_loop_test(tc, test_auth, 0, NROWS(auth_rows));
	tcase_add_test(tc, test_auth_first_field);
	tcase_add_test(tc, test_target);
	tcase_add_loop_test(tc, test_path, 0, NROWS(path_rows));
	tcase_add_loop_test(tc, test_argv, 0, NROWS(argv_rows));
	suite_add_tcase(s, tc);
	return s;
}
