/* SPDX-License-Identifier: MIT */
/*
 * cgi_spawn.h - starting a CGI script: a process group of its own, its
 * standard input and output on sockets (a bufferevent wants a socket, a
 * pipe would not do), its standard error the server's.
 */
#ifndef HS_CGI_SPAWN_H
#define HS_CGI_SPAWN_H

#include <sys/types.h>

/* Who a script runs as: when the server runs as root, "nobody". */
struct hs_cgi_user {
	int drop;		/* change user before exec */
	uid_t uid;
	gid_t gid;
};

/* Find who scripts run as, once, before serving (getpwnam() may read
 * files and must not run in a forked child). */
void hs_cgi_user_init(struct hs_cgi_user *u);

/* A running script. */
struct hs_cgi_child {
	pid_t pid;		/* also its process group */
	int stdin_fd;		/* our end of its standard input */
	int stdout_fd;		/* our end of its standard output */
};

/*
 * Run FILE with ARGV and ENVP.  Our ends of its sockets are non-blocking
 * and close-on-exec.  0 with *CHILD filled, or -1 with errno (fork or
 * socketpair failed).  A script that cannot be executed exits with status
 * 127 after one line on standard error, as Python's child does.
 */
int hs_cgi_spawn(const char *file, char *const argv[], char *const envp[],
    const struct hs_cgi_user *user, struct hs_cgi_child *child);

#endif /* HS_CGI_SPAWN_H */
