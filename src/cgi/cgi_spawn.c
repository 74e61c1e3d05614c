/* SPDX-License-Identifier: MIT */
/*
 * cgi_spawn.c - fork and exec a CGI script (see cgi_spawn.h).
 *
 * Between fork() and execve() the child calls only async-signal-safe
 * functions: the library may live in a threaded program, where a lock
 * held by another thread at fork() time would never be released in the
 * child.  Everything that allocates (argv, envp, the user to become) is
 * prepared by the parent beforehand.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cgi/cgi_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* The user scripts run as when no "nobody" exists: its usual number. */
#define CGI_NOBODY_ID 65534

void
hs_cgi_user_init(struct hs_cgi_user *u)
{
	struct passwd *pw;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0)
		return;
	/* Python setuid()s to nobody, but keeps root's groups and group id;
	 * we drop those too. */
	u->drop = 1;
	pw = getpwnam("nobody");
	u->uid = pw != NULL ? pw->pw_uid : CGI_NOBODY_ID;
	u->gid = pw != NULL ? pw->pw_gid : CGI_NOBODY_ID;
}

/* In the child: write "httpserve: MSG FILE (errno N)" to stderr. */
static void
child_complain(const char *msg, const char *file)
{
	char num[24], *p = num + sizeof(num);
	int e = errno;

	*--p = '\0';
	*--p = ')';
	do {
		*--p = (char)('0' + e % 10);
		e /= 10;
	} while (e > 0 && p > num + 8);
	memcpy(p -= 8, " (errno ", 8);
	/* Nothing to do if stderr is gone: the exit status still tells. */
	if (write(STDERR_FILENO, "httpserve: ", 11) < 0 ||
	    write(STDERR_FILENO, msg, strlen(msg)) < 0 ||
	    write(STDERR_FILENO, file, strlen(file)) < 0 ||
	    write(STDERR_FILENO, p, strlen(p)) < 0 ||
	    write(STDERR_FILENO, "\n", 1) < 0)
		return;
}

/* In the child: close every descriptor from 3 up (ours are close-on-exec
 * already; a program embedding the library may have others). */
static void
child_close_from_3(int maxfd)
{
	int fd;

#ifdef HAVE_CLOSE_RANGE
	if (close_range(3, ~0U, 0) == 0)
		return;
#endif
	for (fd = 3; fd < maxfd; fd++)
		(void)close(fd);
}

/* In the child: become the script. */
static _Noreturn void
child_exec(const char *file, char *const argv[], char *const envp[],
    const struct hs_cgi_user *user, int in_fd, int out_fd, int maxfd)
{
	sigset_t none;
	int in, out;

	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	/* An ignored signal stays ignored across exec: the server ignores
	 * SIGPIPE, the script must not. */
	(void)signal(SIGPIPE, SIG_DFL);
	(void)setpgid(0, 0);
	/* Move both sockets above 2 first: either may have been given
	 * descriptor 0 or 1 when the server runs without them. */
	in = fcntl(in_fd, F_DUPFD, 3);
	out = fcntl(out_fd, F_DUPFD, 3);
	if (in < 0 || out < 0 || dup2(in, STDIN_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0) {
		child_complain("cannot set up the standard input of ", file);
		_exit(126);
	}
	child_close_from_3(maxfd);
	if (user->drop && (setgroups(0, NULL) != 0 ||
	    setgid(user->gid) != 0 || setuid(user->uid) != 0)) {
		child_complain("cannot become nobody to run ", file);
		_exit(126);
	}
	execve(file, argv, envp);
	child_complain("cannot execute ", file);
	_exit(127);
}

/* Make FD non-blocking. */
static int
set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int
hs_cgi_spawn(const char *file, char *const argv[], char *const envp[],
    const struct hs_cgi_user *user, struct hs_cgi_child *child)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, saved;
	struct rlimit rl;
	int maxfd = 1024;
	pid_t pid;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 1 << 20)
		maxfd = (int)rl.rlim_cur;
	/* Blocking sockets for the script; ours become non-blocking after. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out) != 0)
		goto fail;
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0)
		child_exec(file, argv, envp, user, in[1], out[1], maxfd);
	/* Also here, so kill(-pid) reaches the group however soon. */
	(void)setpgid(pid, pid);
	close(in[1]);
	close(out[1]);
	(void)set_nonblocking(in[0]);
	(void)set_nonblocking(out[0]);
	child->pid = pid;
	child->stdin_fd = in[0];
	child->stdout_fd = out[0];
	return 0;
fail:
	saved = errno;
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	errno = saved;
	return -1;
}
