/* SPDX-License-Identifier: MIT */
/*
 * hello.c - the smallest useful libhttpserve program: answer every GET
 * with "Hello, world!".  Build it against the installed library with
 *
 *	cc -o hello hello.c $(pkg-config --cflags --libs httpserve)
 *
 * and run it as "./hello [port]" (0 picks a free port, printed at start).
 */
#include <httpserve.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct hs_server *server;

/* do_GET: the same greeting for every path. */
static enum hs_handler_result
do_GET(struct hs_request *req, void *arg)
{
	const char *body = arg;
	char length[32];

	snprintf(length, sizeof(length), "%zu", strlen(body));
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Type", "text/plain; charset=utf-8");
	hs_send_header(req, "Content-Length", length);
	hs_end_headers(req);
	hs_write(req, body, strlen(body));
	return HS_DONE;
}

/* Ctrl-C: stop accepting, finish what is in flight, then return. */
static void
on_sigint(int sig)
{
	(void)sig;
	hs_server_shutdown(server);
}

int
main(int argc, char **argv)
{
	static char greeting[] = "Hello, world!\n";

	server = hs_server_new(NULL);
	if (server == NULL)
		return 1;
	hs_server_handle(server, "GET", do_GET, greeting);
	if (hs_server_listen(server, "127.0.0.1",
	    argc > 1 ? atoi(argv[1]) : 8000) != 0) {
		fprintf(stderr, "hello: %s\n", hs_server_error(server));
		hs_server_free(server);
		return 1;
	}
	printf("Serving HTTP on 127.0.0.1 port %d ...\n", hs_server_port(server));
	fflush(stdout);
	signal(SIGINT, on_sigint);
	hs_server_serve_forever(server);
	hs_server_free(server);
	return 0;
}
