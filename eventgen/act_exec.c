/*
 * Process actions: shells and tools started by services, programs run
 * from temporary places or from memory, tracing, kernel modules, BPF,
 * io_uring, and signals aimed at lanner.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eg.h"
#include "rmtree.h"

extern char **environ;

int act_shell_webserver(struct eg_ctx *c)
{
	char *argv[] = {"nginx",   "-g", "daemon off;", "--",
			"/bin/sh", "-c", "true",	NULL};

	return eg_run_as(c, "nginx", "spawn", argv, NULL) == 0 ? 0 : -1;
}

/* nginx starts a copy named ssh, which exits at once. */
int act_ssh_webserver(struct eg_ctx *c)
{
	char next[64], ssh[PATH_MAX];
	char *env[] = {next, NULL};
	char *argv[] = {"nginx", "--", ssh, "eventgen@127.0.0.1", NULL};
	const char *copy = eg_copy_self(c, "ssh");

	if (!copy)
		return -1;
	snprintf(ssh, sizeof(ssh), "%s", copy);
	snprintf(next, sizeof(next), "%s=exit", EG_NEXT_ENV);
	return eg_run_as(c, "nginx", "spawn", argv, env) == 0 ? 0 : -1;
}

/* Copies named useradd and nmap that exit at once: no account is made,
 * nothing is scanned. */
int act_user_mgmt(struct eg_ctx *c)
{
	char *argv[] = {"useradd", "-m", "eventgen", NULL};

	return eg_run_as(c, "useradd", "exit", argv, NULL) == 0 ? 0 : -1;
}

int act_scan_host(struct eg_ctx *c)
{
	char *argv[] = {"nmap", "-sT", "127.0.0.1", NULL};

	return eg_run_as(c, "nmap", "exit", argv, NULL) == 0 ? 0 : -1;
}

int act_proxy_env(struct eg_ctx *c)
{
	char proxy[] = "HTTPS_PROXY=http://127.0.0.1:9";
	char *env[] = {proxy, NULL};
	char *argv[] = {"curl", "-s", "https://127.0.0.1:9/", NULL};

	/* Only the proxy: the environment the probe keeps is bounded, and
	 * a large inherited one could push the variable past its end. */
	clearenv();
	return eg_run_as(c, "curl", "exit", argv, env) == 0 ? 0 : -1;
}

int act_exec_shm(struct eg_ctx *c)
{
	struct eg_ctx shm;
	char *argv[] = {"payload", NULL};
	int rc;

	(void)c;
	snprintf(shm.dir, sizeof(shm.dir), "/dev/shm/lanner-eventgen.XXXXXX");
	if (!mkdtemp(shm.dir)) {
		fprintf(stderr, "mkdtemp /dev/shm: %s\n", strerror(errno));
		return -1;
	}
	rc = eg_run_as(&shm, "payload", "exit", argv, NULL);
	rmtree(shm.dir);
	return rc == 0 ? 0 : -1;
}

int act_exec_tmp(struct eg_ctx *c)
{
	char *argv[] = {"payload", NULL};

	return eg_run_as(c, "payload", "exit", argv, NULL) == 0 ? 0 : -1;
}

/* A copy of this program in a memfd, executed from there. */
static int exec_memfd(void *arg)
{
	char *argv[] = {"payload", NULL};
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int fd = (int)syscall(SYS_memfd_create, "payload", 0);
	struct stat st;

	(void)arg;
	if (in < 0 || fd < 0 || fstat(in, &st) < 0 ||
	    sendfile(fd, in, NULL, (size_t)st.st_size) != st.st_size) {
		fprintf(stderr, "memfd copy: %s\n", strerror(errno));
		return -1;
	}
	setenv(EG_ROLE_ENV, "exit", 1);
	fexecve(fd, argv, environ);
	fprintf(stderr, "fexecve: %s\n", strerror(errno));
	return -1;
}

int act_exec_memfd(struct eg_ctx *c)
{
	(void)c;
	return eg_fork(exec_memfd, NULL);
}

int act_ptrace_attach(struct eg_ctx *c)
{
	pid_t pid = fork();
	int status, rc;

	(void)c;
	if (pid < 0)
		return -1;
	if (pid == 0) {
		pause();
		_exit(0);
	}
	rc = (int)ptrace(PTRACE_ATTACH, pid, NULL, NULL);
	if (rc < 0)
		fprintf(stderr, "PTRACE_ATTACH: %s\n", strerror(errno));
	else if (waitpid(pid, &status, 0) == pid)
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return rc < 0 ? -1 : 0;
}

static int traceme(void *arg)
{
	(void)arg;
	return (int)ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 ? -1 : 0;
}

int act_ptrace_traceme(struct eg_ctx *c)
{
	(void)c;
	return eg_fork(traceme, NULL);
}

/* An invalid descriptor: the kernel refuses, nothing is loaded. */
int act_kernel_module(struct eg_ctx *c)
{
	(void)c;
	if (syscall(SYS_finit_module, -1, "", 0) == 0)
		return -1;
	return 0;
}

/* The smallest socket filter, "return 0", loaded and closed again. */
int act_bpf_load(struct eg_ctx *c)
{
	struct bpf_insn insns[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	union bpf_attr attr;
	long fd;

	(void)c;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = 2;
	attr.insns = (__u64)(unsigned long)insns;
	attr.license = (__u64)(unsigned long)"GPL";
	fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		fprintf(stderr, "BPF_PROG_LOAD: %s\n", strerror(errno));
		return -1;
	}
	close((int)fd);
	return 0;
}

int act_io_uring(struct eg_ctx *c)
{
	struct io_uring_params p;
	long fd;

	(void)c;
	memset(&p, 0, sizeof(p));
	fd = syscall(SYS_io_uring_setup, 4, &p);
	if (fd < 0) {
		fprintf(stderr, "io_uring_setup: %s\n", strerror(errno));
		return -1;
	}
	close((int)fd);
	return 0;
}

/* The pid of a running lanner process other than this program, or 0. */
static pid_t find_lanner(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	while (d && !found && (e = readdir(d))) {
		char path[300], comm[32] = "";
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) &&
		    (!strcmp(comm, "lanner\n") ||
		     !strcmp(comm, "lanner-engine\n")))
			found = (pid_t)strtol(e->d_name, NULL, 10);
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* Waits, at most 2 s, until pid has exec'd and carries this name. */
static void wait_comm(pid_t pid, const char *name)
{
	struct timespec tick = {0, 10L * 1000 * 1000};
	char path[64], comm[32];
	int i;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	for (i = 0; i < 200; i++) {
		FILE *f = fopen(path, "re");
		int same = f && fgets(comm, sizeof(comm), f) &&
			   !strncmp(comm, name, strlen(name));

		if (f)
			fclose(f);
		if (same)
			return;
		nanosleep(&tick, NULL);
	}
}

/*
 * Signal 0 to the running agent: a check that it exists, which changes
 * nothing. Without a running agent, a decoy named lanner-capture gets
 * the signal instead.
 */
int act_lanner_signal(struct eg_ctx *c)
{
	char *argv[] = {"lanner-capture", NULL};
	pid_t target = find_lanner(), decoy;
	const char *path;
	int rc;

	if (target)
		return kill(target, 0) < 0 ? -1 : 0;
	path = eg_copy_self(c, "lanner-capture");
	if (!path || (decoy = fork()) < 0)
		return -1;
	if (decoy == 0) {
		setenv(EG_ROLE_ENV, "pause", 1);
		execv(path, argv);
		_exit(127);
	}
	wait_comm(decoy, "lanner-capture");
	rc = kill(decoy, 0);
	kill(decoy, SIGKILL);
	eg_wait(decoy);
	return rc;
}
