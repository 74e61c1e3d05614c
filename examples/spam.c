/* SPDX-License-Identifier: MIT */
/*
 * spam.c - a custom method, as Python's do_SPAM: "SPAM /N" answers with
 * N lines of "spam", and keeps the connection alive (HTTP/1.1).  Any other
 * method gets 501, as in Python.  Run it as "./spam [port]".
 */
#include <httpserve.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static struct hs_server *server;

/* do_SPAM: N lines of spam; a bad N is the client's error. */
static enum hs_handler_result
do_SPAM(struct hs_request *req, void *arg)
{
	char *end, length[32];
	long i, n = strtol(hs_request_path(req) + 1, &end, 10);

	(void)arg;
	if (*end != '\0' || n < 0 || n > 1000) {
		hs_send_error(req, 400, "Say how much spam: /0 to /1000", NULL);
		return HS_DONE;
	}
	snprintf(length, sizeof(length), "%ld", n * 5);
	hs_send_response(req, 200, NULL);
	hs_send_header(req, "Content-Type", "text/plain");
	hs_send_header(req, "Content-Length", length);
	hs_end_headers(req);
	for (i = 0; i < n; i++)
		hs_write(req, "spam\n", 5);
	return HS_DONE;
}

static void
on_sigint(int sig)
{
	(void)sig;
	hs_server_shutdown(server);
}

int
main(int argc, char **argv)
{
	server = hs_server_new(NULL);
	if (server == NULL)
		return 1;
	hs_server_set_protocol_version(server, "HTTP/1.1");
	hs_server_set_server_version(server, "Spam/1.0");
	hs_server_handle(server, "SPAM", do_SPAM, NULL);
	if (hs_server_listen(server, "127.0.0.1",
	    argc > 1 ? atoi(argv[1]) : 8000) != 0) {
		fprintf(stderr, "spam: %s\n", hs_server_error(server));
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
