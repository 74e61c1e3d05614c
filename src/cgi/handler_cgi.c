/* SPDX-License-Identifier: MIT */
/*
 * handler_cgi.c - CGIHTTPRequestHandler: which requests run a script,
 * which script, and the refusals (404, 403, 501), as Python's is_cgi()
 * and run_cgi() decide them.  Running the script is cgi_run.c's.
 *
 * Like the static handler it builds on, it uses the engine only through
 * httpserve.h, and the static handler only through its public functions:
 * scripts are found inside the served directory with the same link
 * policy (hs_static_open()).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "cgi/cgi.h"
#include "http/cgi_path.h"
#include "http/escape.h"
#include "http/hs_limits.h"
#include "http/timeout.h"

/* The longest request path considered for CGI: a longer one is answered
 * 404 (see hs_cgi_handle()). */
#define CGI_PATH_MAX HS_CGI_MAX_PATH

static const char *const python_directories[] = { "/cgi-bin", "/htbin",
    NULL };

/* --- settings ------------------------------------------------------------ */

static void
free_directories(char **dirs)
{
	size_t i;

	for (i = 0; dirs != NULL && dirs[i] != NULL; i++)
		free(dirs[i]);
	free(dirs);
}

int
hs_cgi_set_directories(struct hs_cgi *cgi, const char *const *directories)
{
	size_t n = 0, i;
	char **dirs;

	while (directories != NULL && directories[n] != NULL) {
		/* "/name" or "/a/b": what a collapsed path can start with. */
		const char *d = directories[n];

		if (d[0] != '/' || d[1] == '\0' || d[strlen(d) - 1] == '/') {
			errno = EINVAL;
			return -1;
		}
		n++;
	}
	dirs = calloc(n + 1, sizeof(*dirs));
	if (dirs == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if ((dirs[i] = strdup(directories[i])) == NULL) {
			free_directories(dirs);
			return -1;
		}
	free_directories(cgi->directories);
	cgi->directories = dirs;
	return 0;
}

int
hs_cgi_set_timeout(struct hs_cgi *cgi, double seconds)
{
	return hs_timeout_from_seconds(seconds, &cgi->timeout);
}

int
hs_cgi_set_server_name(struct hs_cgi *cgi, const char *name)
{
	char *copy;

	if (name == NULL) {
		errno = EINVAL;
		return -1;
	}
	if ((copy = strdup(name)) == NULL)
		return -1;
	free(cgi->server_name);
	cgi->server_name = copy;
	return 0;
}

struct hs_cgi *
hs_cgi_new(struct hs_static *st)
{
	struct hs_cgi *cgi = calloc(1, sizeof(*cgi));

	if (cgi == NULL)
		return NULL;
	cgi->st = st;
	cgi->timeout.tv_sec = HS_DEFAULT_CGI_TIMEOUT;
	pthread_mutex_init(&cgi->lock, NULL);
	hs_cgi_user_init(&cgi->user);
	if (hs_cgi_set_directories(cgi, python_directories) != 0) {
		pthread_mutex_destroy(&cgi->lock);
		free(cgi);
		return NULL;
	}
	return cgi;
}

int
hs_cgi_register(struct hs_cgi *cgi, struct hs_server *srv)
{
	if (hs_server_add_handler(srv, "GET", hs_cgi_handle, cgi) != 0 ||
	    hs_server_add_handler(srv, "HEAD", hs_cgi_handle, cgi) != 0 ||
	    hs_server_add_handler(srv, "POST", hs_cgi_handle, cgi) != 0 ||
	    hs_server_set_body_mode(srv, "POST", HS_BODY_STREAM) != 0)
		return -1;
	return 0;
}

void
hs_cgi_free(struct hs_cgi *cgi)
{
	if (cgi == NULL)
		return;
	hs_cgi_kill_all(cgi);
	pthread_mutex_destroy(&cgi->lock);
	free(cgi->server_name);
	free_directories(cgi->directories);
	free(cgi);
}

/* --- which script -------------------------------------------------------- */

/* send_error(CODE, WHAT % repr(SCRIPT_NAME)). */
static enum hs_handler_result
cgi_refuse(struct hs_request *req, int code, const char *what,
    const char *script_name)
{
	char quoted[HS_PY_REPR_MAX(CGI_PATH_MAX) + 1];
	char message[sizeof(quoted) + 64];

	hs_py_repr_utf8(quoted, sizeof(quoted), script_name,
	    strlen(script_name));
	snprintf(message, sizeof(message), "%s (%s)", what, quoted);
	hs_send_error(req, code, message, NULL);
	return HS_DONE;
}

/* Open the request path PATH ("/cgi-bin/x") inside the served directory,
 * O_PATH; -1 with errno (EXDEV: a link out of it). */
static int
cgi_open(const struct hs_cgi *cgi, const char *path, int flags)
{
	char rel[CGI_PATH_MAX];

	if (hs_translate_path(rel, sizeof(rel), path) < 0)
		return -1;
	return hs_static_open(cgi->st, rel, O_PATH | O_CLOEXEC | flags);
}

/* Is the request path PATH a directory inside the served one? */
static int
cgi_is_dir(const struct hs_cgi *cgi, const char *path)
{
	int fd = cgi_open(cgi, path, O_DIRECTORY);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/*
 * run_cgi()'s walk: the CGI directory may have subdirectories, so the
 * script is the first segment after the longest run of directories.
 * PATH is "DIR/REST" with DIR_LEN the CGI directory's length; returns
 * where the script's segment starts.
 */
static size_t
cgi_script_start(const struct hs_cgi *cgi, char *path, size_t dir_len)
{
	char *slash;

	while ((slash = strchr(path + dir_len + 1, '/')) != NULL) {
		int is_dir;

		*slash = '\0';
		is_dir = cgi_is_dir(cgi, path);
		*slash = '/';
		if (!is_dir)
			break;
		dir_len = (size_t)(slash - path);
	}
	return dir_len + 1;
}

/* PATH_TRANSLATED: PATH_INFO mapped into the served directory, as
 * Python's translate_path(). */
static void
cgi_path_translated(const struct hs_cgi *cgi, char *dst, size_t size,
    const char *path_info)
{
	const char *dir = hs_static_directory(cgi->st);
	char rel[CGI_PATH_MAX];
	ssize_t n = hs_translate_path(rel, sizeof(rel), path_info);

	if (n <= 0 || strcmp(rel, ".") == 0)
		snprintf(dst, size, "%s", dir);
	else
		snprintf(dst, size, "%s/%s", dir, rel);
}

/*
 * Check the script of SCRIPT_NAME as run_cgi() does (404, 403): REL, its
 * name in the served directory, and FILE, the path execve() will take to
 * the same file.
 */
static enum hs_handler_result
cgi_check_script(struct hs_cgi *cgi, struct hs_request *req,
    const char *script_name, const char *rel, const char *file)
{
	struct stat sb;
	int fd = hs_static_open(cgi->st, rel, O_PATH | O_CLOEXEC);

	if (fd < 0 && errno == EXDEV)
		return cgi_refuse(req, 403, "CGI script leads out of the "
		    "served directory", script_name);
	if (fd < 0)
		return cgi_refuse(req, 404, "No such CGI script", script_name);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cgi_refuse(req, 403, "CGI script is not a plain file",
		    script_name);
	}
	close(fd);
	if (access(file, X_OK) != 0)
		return cgi_refuse(req, 403, "CGI script is not executable",
		    script_name);
	return HS_PENDING;
}

/*
 * run_cgi(): COLLAPSED is the request's collapsed path, DIR_LEN the
 * length of its CGI directory.  Split it into script and PATH_INFO,
 * check the script, run it.  The file is the script's name made a file
 * name by translate_path(), as Python's scriptfile: %XX sequences that
 * the collapse left are decoded once more, for the check and the run.
 */
static enum hs_handler_result
cgi_run(struct hs_cgi *cgi, struct hs_request *req, const char *method,
    char *collapsed, size_t dir_len)
{
	char script_name[CGI_PATH_MAX], script_file[CGI_PATH_MAX * 2];
	char path_info[CGI_PATH_MAX], translated[CGI_PATH_MAX * 2];
	char rel[CGI_PATH_MAX];
	const char *query = strchr(hs_request_path(req), '?');
	size_t start = cgi_script_start(cgi, collapsed, dir_len);
	const char *slash = strchr(collapsed + start, '/');
	size_t end = slash != NULL ? (size_t)(slash - collapsed) :
	    strlen(collapsed);
	struct hs_cgi_target t;

	snprintf(script_name, sizeof(script_name), "%.*s", (int)end,
	    collapsed);
	if (hs_translate_path(rel, sizeof(rel), script_name) < 0)
		return cgi_refuse(req, 404, "No such CGI script", script_name);
	snprintf(script_file, sizeof(script_file), "%s/%s",
	    hs_static_directory(cgi->st), rel);
	if (cgi_check_script(cgi, req, script_name, rel, script_file) ==
	    HS_DONE)
		return HS_DONE;
	/* Python unquotes the rest once more for PATH_INFO. */
	hs_url_unquote(path_info, sizeof(path_info), collapsed + end,
	    strlen(collapsed + end));
	cgi_path_translated(cgi, translated, sizeof(translated), path_info);
	t.method = method;
	t.script_name = script_name;
	t.script_file = script_file;
	t.path_info = path_info;
	t.path_translated = translated;
	t.query = query != NULL ? query + 1 : "";
	t.server_name = cgi->server_name != NULL ? cgi->server_name :
	    hs_server_host(hs_request_server(req));
	return hs_cgi_run_start(cgi, req, &t);
}

/*
 * is_cgi() on the path the static handler would serve (the same span of
 * the target: no "http://host", no query or fragment): run the script,
 * or decline, so the handler registered after us (the static one, in the
 * command) answers.  POST is ours alone, as in Python's class: 501
 * outside the CGI directories.  A path that cannot be collapsed (".."
 * above the root, %00, too long) is refused, not declined: the static
 * handler, which clamps such paths instead, could otherwise be led to a
 * script and send its source.
 */
enum hs_handler_result
hs_cgi_handle(struct hs_request *req, void *arg)
{
	struct hs_cgi *cgi = arg;
	char path[CGI_PATH_MAX], collapsed[CGI_PATH_MAX + 3];
	const char *target = hs_request_path(req);
	const char *method = hs_request_command(req);
	size_t start, end, dir_len;

	hs_url_path_span(target, &start, &end);
	if (end - start >= sizeof(path)) {
		hs_send_error(req, 404, NULL, NULL);
		return HS_DONE;
	}
	memcpy(path, target + start, end - start);
	path[end - start] = '\0';
	if (hs_cgi_collapse_path(collapsed, sizeof(collapsed), path) < 0) {
		hs_send_error(req, 404, NULL, NULL);
		return HS_DONE;
	}
	if (hs_cgi_match(collapsed, (const char *const *)cgi->directories,
	    &dir_len))
		return cgi_run(cgi, req, method, collapsed, dir_len);
	if (strcmp(method, "POST") == 0) {
		hs_send_error(req, 501, "Can only POST to CGI scripts", NULL);
		return HS_DONE;
	}
	return HS_DECLINE;
}
