/*
 * Actions on identities and isolation: user and capability changes,
 * namespaces, and the container actions. Every change happens in a child
 * process that exits right after, so nothing outlives the action.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "eg.h"

static int report(const char *what, int rc)
{
	if (rc < 0)
		fprintf(stderr, "%s: %s\n", what, strerror(errno));
	return rc < 0 ? -1 : 0;
}

/* Drops to nobody keeping root as the saved uid, then takes root back. */
static int setuid_root(void *arg)
{
	(void)arg;
	if (eg_become_nobody(1) < 0)
		return -1;
	return report("setuid(0)", setuid(0));
}

int act_setuid_root(struct eg_ctx *c)
{
	(void)c;
	return eg_fork(setuid_root, NULL);
}

/* Keeps its capabilities across the change to nobody, then switches
 * CAP_NET_RAW back on in the effective set. */
static int capset_raise(void *arg)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2] = {{0}};

	(void)arg;
	if (report("keepcaps", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)) < 0 ||
	    eg_become_nobody(0) < 0 ||
	    report("capget", (int)syscall(SYS_capget, &h, d)) < 0)
		return -1;
	d[0].effective = 1u << CAP_NET_RAW;
	d[0].permitted |= 1u << CAP_NET_RAW;
	return report("capset", (int)syscall(SYS_capset, &h, d));
}

int act_capset_raise(struct eg_ctx *c)
{
	(void)c;
	return eg_fork(capset_raise, NULL);
}

static int unshare_flags(void *arg)
{
	return report("unshare", unshare(*(int *)arg));
}

int act_userns(struct eg_ctx *c)
{
	int flags = CLONE_NEWUSER;

	(void)c;
	return eg_fork(unshare_flags, &flags);
}

int act_unshare(struct eg_ctx *c)
{
	int flags = CLONE_NEWUTS;

	(void)c;
	return eg_fork(unshare_flags, &flags);
}

/* Enters the uts namespace it is already in: allowed, and a no-op. */
static int setns_self(void *arg)
{
	int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);

	(void)arg;
	if (fd < 0)
		return report("open /proc/self/ns/uts", -1);
	return report("setns", setns(fd, CLONE_NEWUTS));
}

int act_setns(struct eg_ctx *c)
{
	(void)c;
	return eg_fork(setns_self, NULL);
}

/* Container pid 1 programs: exec a program, or a copy of this one. */
struct exec_in {
	const struct eg_ctx *c;
	const char *name;  /* copy of this program to run, or NULL */
	const char *role;  /* its role */
	char *const *argv; /* or this program */
	char *const *env;
};

static int exec_in(void *p)
{
	struct exec_in *x = p;

	if (!x->name) {
		execv(x->argv[0], x->argv);
		return report("exec", -1);
	}
	return eg_run_as(x->c, x->name, x->role, x->argv, x->env) == 0 ? 0 : -1;
}

int act_privileged_container(struct eg_ctx *c)
{
	char *argv[] = {"/bin/true", NULL};
	struct exec_in x = {c, NULL, NULL, argv, NULL};

	return eg_container(c, exec_in, &x);
}

/* A file named release_agent in the action's directory, opened for
 * writing from inside the container by a program it starts. */
int act_release_agent(struct eg_ctx *c)
{
	char env[PATH_MAX + 32];
	char *envs[] = {env, NULL};
	char *argv[] = {"sh", NULL};
	struct exec_in x = {c, "sh", "write", argv, envs};

	snprintf(env, sizeof(env), "%s=%s", EG_PATH_ENV,
		 eg_path(c, "release_agent"));
	return eg_container(c, exec_in, &x);
}

/* A copy named mount that exits without mounting anything. */
int act_mount_container(struct eg_ctx *c)
{
	char *argv[] = {"mount", "/dev/vda", "/mnt", NULL};
	struct exec_in x = {c, "mount", "exit", argv, NULL};

	return eg_container(c, exec_in, &x);
}

int act_shell_container(struct eg_ctx *c)
{
	char *argv[] = {"/bin/sh", "-c", "true", NULL};
	struct exec_in x = {c, NULL, NULL, argv, NULL};

	if (eg_ctty() < 0)
		return -1;
	return eg_container(c, exec_in, &x);
}

int act_copy_container(struct eg_ctx *c)
{
	char *argv[] = {"scp", "/etc/hostname", "127.0.0.1:/nonexistent", NULL};
	struct exec_in x = {c, "scp", "exit", argv, NULL};

	return eg_container(c, exec_in, &x);
}

int act_scan_container(struct eg_ctx *c)
{
	char *argv[] = {"nmap", "-sT", "127.0.0.1", NULL};
	struct exec_in x = {c, "nmap", "exit", argv, NULL};

	return eg_container(c, exec_in, &x);
}

static int nobody_shell(void *arg)
{
	char *argv[] = {"/bin/sh", "-c", "true", NULL};

	(void)arg;
	if (eg_become_nobody(0) < 0)
		return -1;
	execv(argv[0], argv);
	return report("exec /bin/sh", -1);
}

int act_system_user_tty(struct eg_ctx *c)
{
	(void)c;
	if (eg_ctty() < 0)
		return -1;
	return eg_fork(nobody_shell, NULL);
}

/* As nobody; the kernel may refuse (vm.unprivileged_userfaultfd), the
 * attempt is what the rule watches. */
static int userfaultfd_nobody(void *arg)
{
	long fd;

	(void)arg;
	if (eg_become_nobody(0) < 0)
		return -1;
	fd = syscall(SYS_userfaultfd, 0);
	if (fd >= 0)
		close((int)fd);
	return 0;
}

int act_userfaultfd(struct eg_ctx *c)
{
	(void)c;
	return eg_fork(userfaultfd_nobody, NULL);
}
