/*
 * Sinks: what the broker opens, as root, for an output worker that must
 * never open a path or start a program itself. The file channel gets the
 * file (opened without following symbolic links, in a directory others
 * cannot write), the program channel a pipe to `sh -c PROGRAM`. A sink
 * goes to the worker as a descriptor (SCM_RIGHTS) over the socket pair
 * spawn.c made, when the worker asks (MSG_SINK) and, for files, after a
 * SIGHUP reopened them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broker.h"
#include "conf_keys.h"
#include "fdpass.h"
#include "log.h"

#define SINK_FILE_MODE 0640
#define SINK_FILE_FLAGS                                                        \
	(O_WRONLY | O_APPEND | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)

/* The directory part of path, opened without following any symbolic
 * link, and refused when others may write to it. */
static int open_parent(const char *path, const char **base, char *err,
		       size_t errlen)
{
	struct open_how how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
			       .resolve = RESOLVE_NO_SYMLINKS};
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	struct stat st;
	int fd;

	if (!slash) {
		snprintf(dir, sizeof(dir), ".");
	} else if ((size_t)(slash - path) >= sizeof(dir)) {
		snprintf(err, errlen, "the path is too long");
		return -ENAMETOOLONG;
	} else {
		snprintf(dir, sizeof(dir), "%.*s",
			 slash == path ? 1 : (int)(slash - path), path);
	}
	*base = slash ? slash + 1 : path;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, dir, &how, sizeof(how));
	if (fd < 0) {
		int e = errno;

		if (e == ELOOP)
			snprintf(err, errlen,
				 "a symbolic link in its "
				 "directory path; refusing it");
		else
			snprintf(err, errlen, "%s", strerror(e));
		return -e;
	}
	if (fstat(fd, &st) < 0 || (st.st_mode & S_IWOTH)) {
		snprintf(err, errlen,
			 "%.200s is writable by others; refusing it", dir);
		close(fd);
		return -EPERM;
	}
	return fd;
}

/* A new file gets SINK_FILE_MODE whatever the umask; an existing one is
 * appended to as it is. The fd, or -errno with the reason in err. */
static int open_file(const char *path, char *err, size_t errlen)
{
	const char *base;
	int dir = open_parent(path, &base, err, errlen), fd, e;
	struct stat st;

	if (dir < 0)
		return dir;
	fd = openat(dir, base, SINK_FILE_FLAGS | O_CREAT | O_EXCL,
		    SINK_FILE_MODE);
	if (fd >= 0 && fchmod(fd, SINK_FILE_MODE) < 0)
		log_warn("cannot set the mode of %s: %m", path);
	if (fd < 0 && errno == EEXIST)
		fd = openat(dir, base, SINK_FILE_FLAGS);
	e = errno;
	close(dir);
	if (fd < 0) {
		snprintf(err, errlen, "%s",
			 e == ELOOP ? "is a symbolic link; refusing it"
				    : strerror(e));
		return -e;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "is not a regular file; refusing it");
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/* Runs between fork and exec: async-signal-safe calls only. */
static void __attribute__((noreturn)) program_exec(const char *cmd, int rfd)
{
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(rfd, STDIN_FILENO) < 0 ||
	    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		_exit(126);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* The write end of a pipe to a new `sh -c PROGRAM`, or -errno. */
static int program_start(struct child *c)
{
	const char *cmd = conf_str(&c->b->conf, CONF_PROGRAM_OUTPUT_PROGRAM);
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid == 0)
		program_exec(cmd, p[0]);
	close(p[0]);
	if (pid < 0) {
		int e = errno;

		close(p[1]);
		return -e;
	}
	for (size_t i = 0; i < SINK_MAX_PROGRAMS; i++)
		if (!c->programs[i]) {
			c->programs[i] = pid;
			break;
		}
	c->nprograms++;
	log_debug("%s: started the program [%d]", c->def->channel, (int)pid);
	return p[1];
}

static int send_fd(struct child *c, int fd)
{
	int err = fdpass_send(c->sink_sock, "S", 1, fd);

	if (err < 0)
		log_warn("%s: cannot hand over its sink: %s", c->def->channel,
			 strerror(-err));
	return err;
}

/* A program for the worker that asked: at most SINK_MAX_PROGRAMS run at
 * once, so a worker that asks for one per alert waits for the earlier
 * ones to finish. */
static void program_hand(struct child *c)
{
	int fd;

	if (c->nprograms >= SINK_MAX_PROGRAMS) {
		c->sink_wanted = 1;
		return;
	}
	c->sink_wanted = 0;
	fd = program_start(c);
	if (fd < 0) {
		log_err("%s: cannot start the program: %s", c->def->channel,
			strerror(-fd));
		return;
	}
	send_fd(c, fd);
	close(fd);
}

int sink_setup(struct child *c)
{
	const struct conf *cf = &c->b->conf;
	const char *path = conf_str(cf, CONF_FILE_OUTPUT_FILENAME);
	char err[256];

	c->sink_sock = c->sink_file = -1;
	if (c->def->sink == SINK_program &&
	    !conf_str(cf, CONF_PROGRAM_OUTPUT_PROGRAM)[0])
		fatal("program_output is enabled but program_output.program "
		      "is empty");
	if (c->def->sink != SINK_file)
		return 0;
	if (!path[0])
		fatal("file_output is enabled but file_output.filename is "
		      "empty");
	c->sink_file = open_file(path, err, sizeof(err));
	if (c->sink_file < 0)
		fatal("file_output.filename %s: %s", path, err);
	return 0;
}

int sink_hand(struct child *c)
{
	switch (c->def->sink) {
	case SINK_file:
		send_fd(c, c->sink_file);
		return 0;
	case SINK_program:
		program_hand(c);
		return 0;
	default:
		return -EPROTO;
	}
}

void sink_reopen(struct child *c)
{
	const char *path = conf_str(&c->b->conf, CONF_FILE_OUTPUT_FILENAME);
	char err[256];
	int fd;

	if (c->def->sink != SINK_file)
		return;
	fd = open_file(path, err, sizeof(err));
	if (fd < 0) {
		log_err("cannot reopen %s: %s; writing to the file open "
			"before",
			path, err);
		return;
	}
	close(c->sink_file);
	c->sink_file = fd;
	log_info("%s: reopened %s", c->def->channel, path);
	if (c->pid && c->hello)
		send_fd(c, fd);
}

int sink_reaped(struct broker *b, pid_t pid, int status)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		for (size_t k = 0; k < SINK_MAX_PROGRAMS; k++) {
			if (c->programs[k] != pid)
				continue;
			c->programs[k] = 0;
			c->nprograms--;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				log_debug("%s: the program [%d] exited",
					  c->def->channel, (int)pid);
			else
				log_warn("%s: the program [%d] ended with "
					 "status 0x%x",
					 c->def->channel, (int)pid, status);
			if (c->sink_wanted && c->pid && !b->stopping)
				program_hand(c);
			return 1;
		}
	}
	return 0;
}
