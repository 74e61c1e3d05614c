/* SPDX-License-Identifier: MIT */
/*
 * cgi_exit.h - noticing, on a loop, that a child process has exited, and
 * reaping it there: no SIGCHLD handler, so every loop of a server can
 * run scripts of its own, and a program embedding the library keeps its
 * SIGCHLD and its other children to itself.
 */
#ifndef HS_CGI_EXIT_H
#define HS_CGI_EXIT_H

#include <sys/types.h>

struct event_base;
struct cgi_exit;

/* The child has exited and is reaped; WSTATUS as waitpid() gives it.
 * The watch is spent: free it (from here or later). */
typedef void (*cgi_exit_fn)(int wstatus, void *arg);

/*
 * Watch child PID on BASE's loop: FN(wstatus, ARG) once it has exited.
 * A pidfd tells at once; where the kernel (or valgrind) has none, the
 * child is polled with waitpid(WNOHANG), soon after cgi_exit_hurry().
 * NULL with errno set when it cannot be watched.
 */
struct cgi_exit *cgi_exit_watch(struct event_base *base, pid_t pid,
    cgi_exit_fn fn, void *arg);

/* The child is about to end (its output ended, or it was killed): when
 * polling, look again soon. */
void cgi_exit_hurry(struct cgi_exit *w);

/* Stop watching; an exit not yet seen is not reaped. */
void cgi_exit_free(struct cgi_exit *w);

#endif /* HS_CGI_EXIT_H */
