/*
 * eg_container: a container as the engine recognises one, without a
 * runtime: a cgroup whose path holds a 64-hex-digit id (as docker,
 * containerd, cri-o and podman name theirs) and new namespaces. The
 * cgroup lives in the unified (v2) hierarchy, which is what the probe
 * reads, and is removed when the container's processes are gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "eg.h"

/* Where cgroup2 is mounted: /sys/fs/cgroup or, on hybrid systems,
 * /sys/fs/cgroup/unified. */
static int cgroup2_root(char *out, size_t len)
{
	char line[1024], dir[PATH_MAX], type[64];
	FILE *f = fopen("/proc/self/mounts", "re");
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %4095s %63s", dir, type) == 2 &&
		    !strcmp(type, "cgroup2"))
			found =
			    snprintf(out, len, "%s", dir) < (int)len ? 0 : -1;
	}
	fclose(f);
	return found;
}

static int container_cgroup(char *path, size_t len)
{
	unsigned char id[32];
	char root[PATH_MAX], hex[65];
	size_t i;

	if (cgroup2_root(root, sizeof(root)) < 0) {
		fprintf(stderr, "no cgroup2 hierarchy mounted\n");
		return -1;
	}
	if (getrandom(id, sizeof(id), 0) != (ssize_t)sizeof(id))
		return -1;
	for (i = 0; i < sizeof(id); i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	if (snprintf(path, len, "%s/lanner-eventgen.slice", root) >= (int)len)
		return -1;
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		goto fail;
	if (snprintf(path, len, "%s/lanner-eventgen.slice/docker-%s.scope",
		     root, hex) >= (int)len)
		return -1;
	if (mkdir(path, 0755) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "mkdir %s: %s\n", path, strerror(errno));
	return -1;
}

static int join_cgroup(const char *cg)
{
	char procs[PATH_MAX + 16];
	int fd, ok;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	ok = fd >= 0 && write(fd, "0", 1) == 1;
	if (!ok)
		fprintf(stderr, "join %s: %s\n", cg, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

struct container_run {
	const char *cgroup;
	int (*fn)(void *);
	void *arg;
};

/* In the child: join the cgroup, new namespaces, then fn as pid 1. */
static int container_child(void *p)
{
	struct container_run *r = p;
	pid_t init;

	if (join_cgroup(r->cgroup) < 0)
		return -1;
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID) <
	    0) {
		fprintf(stderr, "unshare: %s\n", strerror(errno));
		return -1;
	}
	init = fork();
	if (init < 0)
		return -1;
	if (init == 0)
		_exit(r->fn(r->arg) ? 1 : 0);
	return eg_wait(init) == 0 ? 0 : -1;
}

/* Removes the cgroup; processes a timed-out action left in it are
 * killed first (cgroup.kill), and the removal retried for up to 2 s. */
static int cgroup_remove(const char *cg)
{
	struct timespec tick = {0, 10L * 1000 * 1000};
	char kill_file[PATH_MAX + 16];
	int fd;

	if (rmdir(cg) == 0)
		return 0;
	if (errno != EBUSY)
		return -1;
	snprintf(kill_file, sizeof(kill_file), "%s/cgroup.kill", cg);
	fd = open(kill_file, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			fprintf(stderr, "%s: %s\n", kill_file, strerror(errno));
		close(fd);
	}
	for (int i = 0; i < 200; i++) {
		if (rmdir(cg) == 0)
			return 0;
		nanosleep(&tick, NULL);
	}
	return -1;
}

int eg_container(const struct eg_ctx *c, int (*fn)(void *), void *arg)
{
	char cg[PATH_MAX], *slash;
	struct container_run r = {cg, fn, arg};
	int status;

	(void)c;
	if (container_cgroup(cg, sizeof(cg)) < 0)
		return -1;
	status = eg_fork(container_child, &r);
	if (cgroup_remove(cg) < 0)
		fprintf(stderr, "rmdir %s: %s\n", cg, strerror(errno));
	slash = strrchr(cg, '/');
	*slash = '\0';
	rmdir(cg); /* shared by concurrent runs: fails while one is busy */
	return status == 0 ? 0 : -1;
}
