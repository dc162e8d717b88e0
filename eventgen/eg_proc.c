/* eg_proc: child processes, copies of this program, identities, ttys. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eg.h"

/* No child of an action may outlive this. */
#define EG_CHILD_TIMEOUT_MS 10000

int eg_wait(pid_t pid)
{
	struct timespec tick = {0, 5L * 1000 * 1000};
	int status, waited = 0;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		if (waited >= EG_CHILD_TIMEOUT_MS) {
			fprintf(stderr, "child %d timed out; killed\n",
				(int)pid);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		nanosleep(&tick, NULL);
		waited += 5;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int eg_fork(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fflush(stderr);
		_exit(fn(arg) ? 1 : 0);
	}
	return eg_wait(pid);
}

static void set_env(char *const env[])
{
	for (; env && *env; env++)
		putenv(*env);
}

int eg_run(char *const argv[], char *const env[])
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		set_env(env);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return eg_wait(pid);
}

/* A copy of /proc/self/exe at dir/name, so the copy runs under that
 * name and path; kept until the action's directory is removed. */
const char *eg_copy_self(const struct eg_ctx *c, const char *name)
{
	static char path[PATH_MAX];
	struct stat st;
	int in, out = -1;
	ssize_t n = 0;

	snprintf(path, sizeof(path), "%s", eg_path(c, name));
	if (access(path, X_OK) == 0)
		return path;
	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in >= 0 && fstat(in, &st) == 0)
		out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out >= 0)
		n = sendfile(out, in, NULL, (size_t)st.st_size);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (out < 0 || n != st.st_size) {
		fprintf(stderr, "copy to %s: %s\n", path, strerror(errno));
		return NULL;
	}
	return path;
}

int eg_run_as(const struct eg_ctx *c, const char *name, const char *role,
	      char *const argv[], char *const env[])
{
	const char *path = eg_copy_self(c, name);
	char rolevar[64];
	char *full[64];
	char *envs[16];
	int i, n = 0;

	if (!path)
		return -1;
	snprintf(rolevar, sizeof(rolevar), "%s=%s", EG_ROLE_ENV, role);
	envs[n++] = rolevar;
	for (i = 0; env && env[i] && n < 15; i++)
		envs[n++] = env[i];
	envs[n] = NULL;
	full[0] = (char *)path;
	for (i = 1; i < 63 && argv[i]; i++)
		full[i] = argv[i];
	full[i] = NULL;
	return eg_run(full, envs);
}

int eg_become_nobody(int keep_saved)
{
	const uid_t nobody = 65534;

	if (setgroups(0, NULL) < 0 || setresgid(nobody, nobody, nobody) < 0 ||
	    setresuid(nobody, nobody, keep_saved ? 0 : nobody) < 0) {
		fprintf(stderr, "become nobody: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* A new pseudo-terminal made the controlling terminal of this process,
 * which must lead its session (every action process does). */
int eg_ctty(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	const char *name;
	int slave;

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    !(name = ptsname(master))) {
		fprintf(stderr, "pty: %s\n", strerror(errno));
		return -1;
	}
	slave = open(name, O_RDWR | O_CLOEXEC);
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		fprintf(stderr, "controlling tty %s: %s\n", name,
			strerror(errno));
		return -1;
	}
	/* The master stays open until the action ends, so the terminal
	 * does not hang up under the shells that use it. */
	return 0;
}
