/*
 * The probe, loaded as lanner-capture loads it: each event is triggered
 * by a real syscall and every parameter of its record is checked. The
 * process description of clone/fork records is checked against the
 * /proc snapshot of this process, which is built independently.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "proc_snapshot.h"
#include "test_probe_util.h"

static char dir[64];
static uint8_t ref_buf[LNR_EVT_MAX_SIZE];
static struct lnr_evt ref; /* PROC_SNAPSHOT of this process */
static int64_t boot_to_epoch;

static int str_is(const struct lnr_evt *e, const char *name, const char *v)
{
	const char *s = tp_str(e, name);

	if (!s || strcmp(s, v) != 0) {
		fprintf(stderr, "  %s: \"%s\", want \"%s\"\n", name,
			s ? s : "(none)", v);
		return 0;
	}
	return 1;
}

static int bytes_is(const struct lnr_evt *e, const char *name, const void *v,
		    size_t n)
{
	uint16_t len;
	const uint8_t *p = tp_param(e, name, &len);

	return p && len == n && memcmp(p, v, n) == 0;
}

static int in_list(const char *name, const char *const *skip)
{
	for (; *skip; skip++)
		if (strcmp(name, *skip) == 0)
			return 1;
	return 0;
}

/* Every PROC parameter of e equals the snapshot's, except those in skip. */
static void check_proc_like_ref(const struct lnr_evt *e,
				const char *const *skip)
{
	const struct lnr_event_info *ri = ref.info;

	for (unsigned i = 0; i < ri->nparams; i++) {
		const char *name = ri->params[i].name;
		uint16_t len;
		const uint8_t *p;
		int same;

		if (in_list(name, skip))
			continue;
		p = tp_param(e, name, &len);
		same = p && len == ref.plen[i] &&
		       memcmp(p, ref.param[i], len) == 0;
		if (!same)
			fprintf(stderr, "  %s %s differs from the snapshot\n",
				e->info->name, name);
		CHECK(same);
	}
}

static void check_header(const struct lnr_evt *e, pid_t tid, pid_t pid,
			 uint64_t t0)
{
	CHECK(e->hdr->tid == (uint32_t)tid);
	CHECK(e->hdr->pid == (uint32_t)pid);
	CHECK(e->hdr->ts >= t0 && e->hdr->ts <= tp_boot_ns());
	CHECK(e->nparams == e->info->nparams);
}

static void check_dev_ino(const struct lnr_evt *e, int fd)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	CHECK((uint64_t)tp_s64(e, "ino") == st.st_ino);
	CHECK((uint32_t)tp_s64(e, "dev") == (uint32_t)st.st_dev);
}

static void test_openat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	int fd = (int)syscall(SYS_openat, dfd, "f", O_CREAT | O_WRONLY, 0640);
	const struct lnr_evt *e = tp_wait(LNR_EVT_OPENAT, getpid());

	CHECK(fd >= 0 && e != NULL);
	if (!e)
		return;
	/* The directory open comes first: skip to ours. */
	while (e && tp_s64(e, "fd") != fd)
		e = tp_wait(LNR_EVT_OPENAT, getpid());
	CHECK(e != NULL);
	if (!e)
		return;
	check_header(e, getpid(), getpid(), t0);
	CHECK(tp_s64(e, "fd") == fd);
	CHECK(tp_s64(e, "dirfd") == dfd);
	CHECK(str_is(e, "name", "f"));
	CHECK(tp_s64(e, "flags") == (O_CREAT | O_WRONLY));
	CHECK(tp_s64(e, "mode") == 0640);
	check_dev_ino(e, fd);
	close(fd);
	e = tp_wait(LNR_EVT_CLOSE, getpid());
	while (e && tp_s64(e, "fd") != fd)
		e = tp_wait(LNR_EVT_CLOSE, getpid());
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	close(dfd);
	e = tp_wait(LNR_EVT_CLOSE, getpid());
	CHECK(e && tp_s64(e, "fd") == dfd);
	if (e)
		check_header(e, getpid(), getpid(), t0);
	/* Closing what is not open fails with EBADF. */
	close(dfd);
	e = tp_wait(LNR_EVT_CLOSE, getpid());
	CHECK(e && tp_s64(e, "res") == -EBADF && tp_s64(e, "fd") == dfd);
}

static void test_open_creat(void)
{
	char path[96], path2[96];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	int fd;

	snprintf(path, sizeof(path), "%s/f", dir);
	snprintf(path2, sizeof(path2), "%s/g", dir);
	fd = (int)syscall(SYS_open, path, O_RDONLY | O_CLOEXEC, 0);
	e = tp_wait(LNR_EVT_OPEN, getpid());
	CHECK(fd >= 0 && e != NULL);
	if (e) {
		check_header(e, getpid(), getpid(), t0);
		CHECK(tp_s64(e, "fd") == fd);
		CHECK(str_is(e, "name", path));
		CHECK(tp_s64(e, "flags") == (O_RDONLY | O_CLOEXEC));
		CHECK(tp_s64(e, "mode") == 0);
		check_dev_ino(e, fd);
	}
	close(fd);

	fd = (int)syscall(SYS_creat, path2, 0600);
	e = tp_wait(LNR_EVT_CREAT, getpid());
	CHECK(fd >= 0 && e != NULL);
	if (e) {
		check_header(e, getpid(), getpid(), t0);
		CHECK(tp_s64(e, "fd") == fd);
		CHECK(str_is(e, "name", path2));
		CHECK(tp_s64(e, "mode") == 0600);
		check_dev_ino(e, fd);
	}
	close(fd);

	/* A failed open: -ENOENT, and no file to describe. */
	fd = (int)syscall(SYS_open, "/nonexistent-lanner/x", O_RDONLY);
	e = tp_wait(LNR_EVT_OPEN, getpid());
	CHECK(fd == -1 && e != NULL);
	if (e) {
		CHECK(tp_s64(e, "fd") == -ENOENT);
		CHECK(str_is(e, "name", "/nonexistent-lanner/x"));
		CHECK(tp_s64(e, "flags") == O_RDONLY);
		CHECK(tp_empty(e, "dev") && tp_empty(e, "ino"));
	}
}

static void test_openat2(void)
{
	struct open_how how = {.flags = O_RDONLY | O_NOFOLLOW,
			       .resolve =
				   RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH};
	uint64_t t0 = tp_boot_ns();
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	int fd = (int)syscall(SYS_openat2, dfd, "f", &how, sizeof(how));
	const struct lnr_evt *e = tp_wait(LNR_EVT_OPENAT2, getpid());

	CHECK(fd >= 0 && e != NULL);
	if (!e)
		return;
	check_header(e, getpid(), getpid(), t0);
	CHECK(tp_s64(e, "fd") == fd);
	CHECK(tp_s64(e, "dirfd") == dfd);
	CHECK(str_is(e, "name", "f"));
	CHECK(tp_s64(e, "flags") == (O_RDONLY | O_NOFOLLOW));
	CHECK(tp_s64(e, "mode") == 0);
	CHECK(tp_s64(e, "resolve") == (RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH));
	check_dev_ino(e, fd);
	close(fd);
	close(dfd);
}

/* The parent's start time, in boot time, agrees with the snapshot's
 * (which has clock-tick resolution). */
static void check_start_ts(const struct lnr_evt *e)
{
	int64_t k = tp_s64(e, "start_ts") + boot_to_epoch;
	int64_t s;
	int i = lnr_evt_param_index(LNR_EVT_PROC_SNAPSHOT, "start_ts");

	CHECK(lnr_evt_get_s64(&ref, (unsigned)i, &s) == 0);
	CHECK(k - s < 20000000 && s - k < 20000000);
}

/* A new process's record: the parent's description but its own ids. */
static void check_child_proc(const struct lnr_evt *e, pid_t child)
{
	static const char *const own[] = {"tid",  "pid",      "ptid", "vtid",
					  "vpid", "start_ts", NULL};
	int64_t start;

	check_proc_like_ref(e, own);
	CHECK(tp_s64(e, "tid") == child && tp_s64(e, "pid") == child);
	CHECK(tp_s64(e, "vtid") == child && tp_s64(e, "vpid") == child);
	CHECK(tp_s64(e, "ptid") == getpid());
	start = tp_s64(e, "start_ts");
	CHECK(start > 0 && (uint64_t)start <= e->hdr->ts);
}

/* Parent and child records of one process-creating call, and the exit. */
static void check_creation(enum lnr_evt_type type, pid_t child, int code,
			   uint64_t t0)
{
	static const char *const none[] = {"start_ts", NULL};
	const struct lnr_evt *e;
	int status;

	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == code);
	e = tp_wait(type, getpid());
	CHECK(e != NULL);
	if (e) {
		check_header(e, getpid(), getpid(), t0);
		CHECK(tp_s64(e, "res") == child);
		check_proc_like_ref(e, none);
		check_start_ts(e);
	}
	e = tp_wait(type, child);
	CHECK(e != NULL);
	if (e) {
		check_header(e, child, child, t0);
		CHECK(tp_s64(e, "res") == 0);
		check_child_proc(e, child);
	}
	e = tp_wait(LNR_EVT_PROCEXIT, child);
	CHECK(e != NULL);
	if (e) {
		check_header(e, child, child, t0);
		CHECK(tp_s64(e, "status") == code << 8);
		CHECK(tp_s64(e, "ret") == code);
		CHECK(tp_s64(e, "sig") == 0);
		CHECK(tp_s64(e, "core") == 0);
		CHECK(tp_s64(e, "reaper_tid") == 1);
	}
}

static void test_fork_family(void)
{
	struct clone_args ca = {.flags = CLONE_PARENT_SETTID,
				.exit_signal = SIGCHLD};
	const struct lnr_evt *e;
	pid_t child, ptid = 0;
	uint64_t t0;

	t0 = tp_boot_ns();
	child = (pid_t)syscall(SYS_fork);
	if (child == 0)
		_exit(3);
	check_creation(LNR_EVT_FORK, child, 3, t0);

	t0 = tp_boot_ns();
	child = vfork(); /* NOLINT: the syscall under test */
	if (child == 0)
		_exit(4);
	check_creation(LNR_EVT_VFORK, child, 4, t0);

	t0 = tp_boot_ns();
	child = fork(); /* glibc: clone(CHILD_SETTID|CHILD_CLEARTID|SIGCHLD) */
	if (child == 0)
		_exit(5);
	check_creation(LNR_EVT_CLONE, child, 5, t0);
	/* The flags are the same in both records. */
	e = tp_wait(LNR_EVT_CLONE, getpid());
	CHECK(e == NULL); /* both were taken by check_creation */

	ca.parent_tid = (uint64_t)(uintptr_t)&ptid;
	t0 = tp_boot_ns();
	child = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (child == 0)
		_exit(6);
	check_creation(LNR_EVT_CLONE3, child, 6, t0);
	CHECK(ptid == child);
}

/* clone_flags of the parent and child records of glibc's fork(). */
static void test_clone_flags(void)
{
	const struct lnr_evt *pe, *ce;
	int status;
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	waitpid(child, &status, 0);
	pe = tp_wait(LNR_EVT_CLONE, getpid());
	ce = tp_wait(LNR_EVT_CLONE, child);
	CHECK(pe && ce);
	if (!pe || !ce)
		return;
	CHECK((tp_s64(pe, "clone_flags") & 0xff) == SIGCHLD);
	CHECK(tp_s64(pe, "clone_flags") & CLONE_CHILD_SETTID);
	CHECK(tp_s64(ce, "clone_flags") == tp_s64(pe, "clone_flags"));
	CHECK(tp_wait(LNR_EVT_PROCEXIT, child) != NULL);
}

static pid_t thread_tid;

static void *thread_main(void *arg)
{
	thread_tid = gettid();
	return NULL;
}

/* A new thread: glibc makes it with clone3(CLONE_THREAD | ...). */
static void test_thread(void)
{
	static const char *const own[] = {"tid", "vtid", "flags", "start_ts",
					  NULL};
	const struct lnr_evt *pe, *ce;
	pthread_t th;

	CHECK(pthread_create(&th, NULL, thread_main, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	pe = tp_wait(LNR_EVT_CLONE3, getpid());
	ce = tp_wait(LNR_EVT_CLONE3, thread_tid);
	CHECK(pe && ce);
	if (!pe || !ce)
		return;
	CHECK(tp_s64(pe, "res") == thread_tid);
	CHECK(tp_s64(pe, "clone_flags") & CLONE_THREAD);
	/* The thread's clone_flags are not checked: struct clone_args lay
	 * on the creator's stack, which may be reused by the time the new
	 * thread returns to user space. */
	CHECK(tp_s64(ce, "res") == 0);
	CHECK(ce->hdr->tid == (uint32_t)thread_tid);
	CHECK(ce->hdr->pid == (uint32_t)getpid());
	CHECK(tp_s64(ce, "tid") == thread_tid);
	CHECK(tp_s64(ce, "vtid") == thread_tid);
	CHECK(tp_s64(ce, "pid") == getpid());
	CHECK(!(tp_s64(ce, "flags") & LNR_PROCF_THREAD_LEADER));
	check_proc_like_ref(ce, own);
	/* The thread's end is a procexit of its own. */
	ce = tp_wait(LNR_EVT_PROCEXIT, thread_tid);
	CHECK(ce != NULL);
	if (ce) {
		CHECK(tp_s64(ce, "status") == 0);
		CHECK(tp_s64(ce, "reaper_tid") == getpid());
	}
}

static void read_first_line(const char *path, const char *prefix, char *out,
			    size_t n)
{
	char buf[4096], *line, *save = NULL;
	FILE *f = fopen(path, "r");
	size_t len;

	out[0] = '\0';
	if (!f)
		return;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, prefix, strlen(prefix)) == 0) {
			snprintf(out, n, "%s", line);
			return;
		}
}

static void check_exec_proc(const struct lnr_evt *e, pid_t child,
			    const char *comm)
{
	char cwd[PATH_MAX], cg[512];

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	read_first_line("/proc/self/cgroup", "0::", cg, sizeof(cg));
	CHECK(tp_s64(e, "tid") == child && tp_s64(e, "pid") == child);
	CHECK(tp_s64(e, "ptid") == getpid());
	CHECK(tp_s64(e, "vtid") == child && tp_s64(e, "vpid") == child);
	CHECK(str_is(e, "cwd", cwd));
	CHECK(str_is(e, "comm", comm));
	CHECK(str_is(e, "cgroups", cg));
	CHECK((uint32_t)tp_s64(e, "uid") == getuid());
	CHECK((uint32_t)tp_s64(e, "gid") == getgid());
	CHECK((uint32_t)tp_s64(e, "euid") == geteuid());
	CHECK((uint32_t)tp_s64(e, "egid") == getegid());
	CHECK(tp_s64(e, "sid") == getsid(0));
	CHECK(tp_s64(e, "vpgid") == getpgrp());
	/* The rest is what the snapshot of this process says too. */
	check_proc_like_ref(
	    e, (const char *const[]){"exe", "args", "start_ts", "tid", "pid",
				     "ptid", "vtid", "vpid", "comm", "exepath",
				     "start_ts", "exe_ino", "exe_ino_ctime",
				     "exe_ino_mtime", "env", "flags",
				     "cap_permitted", "cap_effective", NULL});
}

static void test_execve(void)
{
	char *const argv[] = {"/bin/true", "a", "b", NULL};
	char *const envp[] = {"LNR_TEST=1", NULL};
	static const char args[] = "a\0b";
	static const char env[] = "LNR_TEST=1";
	char real[PATH_MAX];
	struct stat st;
	const struct lnr_evt *e;
	int status;
	uint64_t t0 = tp_boot_ns();
	pid_t child = fork();

	if (child == 0) {
		execve("/bin/true", argv, envp);
		_exit(127);
	}
	CHECK(waitpid(child, &status, 0) == child && status == 0);
	CHECK(realpath("/bin/true", real) != NULL);
	CHECK(stat("/bin/true", &st) == 0);
	e = tp_wait(LNR_EVT_EXECVE, child);
	CHECK(e != NULL);
	if (!e)
		return;
	check_header(e, child, child, t0);
	CHECK(tp_s64(e, "res") == 0);
	/* After a successful exec the filename is the executable's path. */
	CHECK(str_is(e, "filename", real));
	CHECK(str_is(e, "exe", "/bin/true"));
	CHECK(bytes_is(e, "args", args, sizeof(args)));
	CHECK(bytes_is(e, "env", env, sizeof(env)));
	CHECK(str_is(e, "exepath", real));
	check_exec_proc(e, child, "true");
	CHECK((uint64_t)tp_s64(e, "exe_ino") == st.st_ino);
	CHECK((uint64_t)tp_s64(e, "exe_ino_ctime") ==
	      (uint64_t)st.st_ctim.tv_sec * 1000000000u + st.st_ctim.tv_nsec);
	CHECK((uint64_t)tp_s64(e, "exe_ino_mtime") ==
	      (uint64_t)st.st_mtim.tv_sec * 1000000000u + st.st_mtim.tv_nsec);
	CHECK(tp_s64(e, "flags") & LNR_PROCF_THREAD_LEADER);
	CHECK(!(tp_s64(e, "flags") &
		(LNR_PROCF_EXE_MEMFD | LNR_PROCF_EXE_DELETED)));
	/* root may write the root-owned binary; others may not. */
	CHECK(!!(tp_s64(e, "flags") & LNR_PROCF_EXE_WRITABLE) ==
	      (st.st_uid == geteuid() && (st.st_mode & S_IWUSR)));
	CHECK(tp_s64(e, "start_ts") > 0 &&
	      (uint64_t)tp_s64(e, "start_ts") >= t0);
	CHECK(tp_wait(LNR_EVT_PROCEXIT, child) != NULL);
}

static void test_execve_fails(void)
{
	char *const argv[] = {"nothing", NULL};
	const struct lnr_evt *e;
	uint64_t t0 = tp_boot_ns();
	int status;
	pid_t child = fork();

	if (child == 0) {
		execve("/nonexistent-lanner/bin", argv, NULL);
		_exit(errno == ENOENT ? 7 : 8);
	}
	CHECK(waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 7);
	e = tp_wait(LNR_EVT_EXECVE, child);
	CHECK(e != NULL);
	if (!e)
		return;
	check_header(e, child, child, t0);
	CHECK(tp_s64(e, "res") == -ENOENT);
	CHECK(str_is(e, "filename", "/nonexistent-lanner/bin"));
	/* Still the forked copy of this process. */
	check_child_proc(e, child);
}

static void test_execveat(void)
{
	char *const argv[] = {"true", NULL};
	const struct lnr_evt *e;
	int status;
	pid_t child;
	int dfd = open("/bin", O_RDONLY | O_DIRECTORY);

	child = fork();
	if (child == 0) {
		syscall(SYS_execveat, dfd, "nonexistent-lanner", argv, NULL,
			AT_SYMLINK_NOFOLLOW);
		_exit(9);
	}
	CHECK(waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 9);
	e = tp_wait(LNR_EVT_EXECVEAT, child);
	CHECK(e != NULL);
	if (e) {
		CHECK(tp_s64(e, "res") == -ENOENT);
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(str_is(e, "pathname", "nonexistent-lanner"));
		CHECK(tp_s64(e, "flags_at") == AT_SYMLINK_NOFOLLOW);
		check_child_proc(e, child);
	}
	close(dfd);
}

/*
 * The file-changing calls. Each is made through syscall(2), so the record
 * is of that very call, once succeeding and once failing. Records are
 * matched on a path or fd parameter: setup calls (mkdtemp, other tests)
 * make records of the same types.
 */
static const struct lnr_evt *wait_str(enum lnr_evt_type type, const char *name,
				      const char *v)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(type, getpid()))) {
		const char *s = tp_str(e, name);

		if (s && strcmp(s, v) == 0)
			return e;
	}
	fprintf(stderr, "  no %s with %s=\"%s\"\n", lnr_events[type].name, name,
		v);
	return NULL;
}

static const struct lnr_evt *wait_num(enum lnr_evt_type type, const char *name,
				      int64_t v)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(type, getpid())))
		if (tp_s64(e, name) == v)
			return e;
	fprintf(stderr, "  no %s with %s=%lld\n", lnr_events[type].name, name,
		(long long)v);
	return NULL;
}

/* The call's result as the kernel returned it: 0 or more, or -errno. */
static long sysret(long r)
{
	return r < 0 ? -errno : r;
}

static const char *in_dir(char *buf, const char *name)
{
	snprintf(buf, 128, "%s/%s", dir, name);
	return buf;
}

static void make_file(const char *name)
{
	char p[128];
	int fd = open(in_dir(p, name), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);

	CHECK(fd >= 0);
	close(fd);
}

/* Header and result of a record that may be missing. */
static int res_is(const struct lnr_evt *e, long want, uint64_t t0)
{
	CHECK(e != NULL);
	if (!e)
		return 0;
	check_header(e, getpid(), getpid(), t0);
	if (tp_s64(e, "res") != want)
		fprintf(stderr, "  %s res %lld, want %ld\n", e->info->name,
			(long long)tp_s64(e, "res"), want);
	CHECK(tp_s64(e, "res") == want);
	return 1;
}

static int dir_fd(void)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	CHECK(dfd >= 0);
	return dfd;
}

static void test_unlink(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	make_file("un");
	in_dir(p, "un");
	CHECK(sysret(syscall(SYS_unlink, p)) == 0);
	e = wait_str(LNR_EVT_UNLINK, "path", p);
	res_is(e, 0, t0);
	CHECK(sysret(syscall(SYS_unlink, p)) == -ENOENT);
	e = wait_str(LNR_EVT_UNLINK, "path", p);
	res_is(e, -ENOENT, t0);
}

static void test_unlinkat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	CHECK(mkdirat(dfd, "ud", 0700) == 0);
	CHECK(sysret(syscall(SYS_unlinkat, dfd, "ud", AT_REMOVEDIR)) == 0);
	e = wait_str(LNR_EVT_UNLINKAT, "name", "ud");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "flags") == AT_REMOVEDIR);
	}
	CHECK(sysret(syscall(SYS_unlinkat, AT_FDCWD, "/nonexistent-lanner/x",
			     0)) == -ENOENT);
	e = wait_str(LNR_EVT_UNLINKAT, "name", "/nonexistent-lanner/x");
	if (res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "dirfd") == AT_FDCWD);
		CHECK(tp_s64(e, "flags") == 0);
	}
	close(dfd);
}

static void test_rename(void)
{
	char p1[128], p2[128], p3[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	make_file("r1");
	in_dir(p1, "r1");
	in_dir(p2, "r2");
	in_dir(p3, "r3");
	CHECK(sysret(syscall(SYS_rename, p1, p2)) == 0);
	e = wait_str(LNR_EVT_RENAME, "oldpath", p1);
	if (res_is(e, 0, t0))
		CHECK(str_is(e, "newpath", p2));
	CHECK(sysret(syscall(SYS_rename, p1, p3)) == -ENOENT);
	e = wait_str(LNR_EVT_RENAME, "oldpath", p1);
	if (res_is(e, -ENOENT, t0))
		CHECK(str_is(e, "newpath", p3));
}

/* After test_rename: r2 exists. */
static void test_renameat(void)
{
	char p4[128];
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	in_dir(p4, "r4");
	CHECK(sysret(syscall(SYS_renameat, dfd, "r2", AT_FDCWD, p4)) == 0);
	e = wait_str(LNR_EVT_RENAMEAT, "oldpath", "r2");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == AT_FDCWD);
		CHECK(str_is(e, "newpath", p4));
	}
	CHECK(sysret(syscall(SYS_renameat, dfd, "r2", dfd, "r5")) == -ENOENT);
	e = wait_str(LNR_EVT_RENAMEAT, "oldpath", "r2");
	if (res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == dfd);
		CHECK(str_is(e, "newpath", "r5"));
	}
	close(dfd);
}

static void test_renameat2(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	make_file("x1");
	make_file("x2");
	CHECK(sysret(syscall(SYS_renameat2, dfd, "x1", dfd, "x2",
			     RENAME_NOREPLACE)) == -EEXIST);
	CHECK(sysret(syscall(SYS_renameat2, dfd, "x1", dfd, "x2",
			     RENAME_EXCHANGE)) == 0);
	e = wait_str(LNR_EVT_RENAMEAT2, "oldpath", "x1");
	if (res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == dfd);
		CHECK(str_is(e, "newpath", "x2"));
		CHECK(tp_s64(e, "flags") == RENAME_NOREPLACE);
	}
	e = wait_str(LNR_EVT_RENAMEAT2, "oldpath", "x1");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == dfd);
		CHECK(str_is(e, "newpath", "x2"));
		CHECK(tp_s64(e, "flags") == RENAME_EXCHANGE);
	}
	close(dfd);
}

static void test_mkdir(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "md");
	CHECK(sysret(syscall(SYS_mkdir, p, 0750)) == 0);
	CHECK(sysret(syscall(SYS_mkdir, p, 0700)) == -EEXIST);
	e = wait_str(LNR_EVT_MKDIR, "path", p);
	if (res_is(e, 0, t0))
		CHECK(tp_s64(e, "mode") == 0750);
	e = wait_str(LNR_EVT_MKDIR, "path", p);
	if (res_is(e, -EEXIST, t0))
		CHECK(tp_s64(e, "mode") == 0700);
}

static void test_mkdirat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	CHECK(sysret(syscall(SYS_mkdirat, dfd, "mda", 0711)) == 0);
	CHECK(sysret(syscall(SYS_mkdirat, dfd, "mda", 0700)) == -EEXIST);
	e = wait_str(LNR_EVT_MKDIRAT, "path", "mda");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0711);
	}
	e = wait_str(LNR_EVT_MKDIRAT, "path", "mda");
	if (res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0700);
	}
	close(dfd);
}

/* After test_mkdir: md exists. */
static void test_rmdir(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();

	in_dir(p, "md");
	CHECK(sysret(syscall(SYS_rmdir, p)) == 0);
	CHECK(sysret(syscall(SYS_rmdir, p)) == -ENOENT);
	res_is(wait_str(LNR_EVT_RMDIR, "path", p), 0, t0);
	res_is(wait_str(LNR_EVT_RMDIR, "path", p), -ENOENT, t0);
}

static void test_symlink(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "sl");
	CHECK(sysret(syscall(SYS_symlink, "target-x", p)) == 0);
	CHECK(sysret(syscall(SYS_symlink, "target-y", p)) == -EEXIST);
	e = wait_str(LNR_EVT_SYMLINK, "linkpath", p);
	if (res_is(e, 0, t0))
		CHECK(str_is(e, "target", "target-x"));
	e = wait_str(LNR_EVT_SYMLINK, "linkpath", p);
	if (res_is(e, -EEXIST, t0))
		CHECK(str_is(e, "target", "target-y"));
}

static void test_symlinkat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	CHECK(sysret(syscall(SYS_symlinkat, "/etc/passwd", dfd, "sla")) == 0);
	CHECK(sysret(syscall(SYS_symlinkat, "/etc/passwd", dfd, "sla")) ==
	      -EEXIST);
	e = wait_str(LNR_EVT_SYMLINKAT, "linkpath", "sla");
	if (res_is(e, 0, t0)) {
		CHECK(str_is(e, "target", "/etc/passwd"));
		CHECK(tp_s64(e, "linkdirfd") == dfd);
	}
	e = wait_str(LNR_EVT_SYMLINKAT, "linkpath", "sla");
	if (res_is(e, -EEXIST, t0)) {
		CHECK(str_is(e, "target", "/etc/passwd"));
		CHECK(tp_s64(e, "linkdirfd") == dfd);
	}
	close(dfd);
}

static void test_link(void)
{
	char p1[128], p2[128], p3[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	make_file("lk1");
	in_dir(p1, "lk1");
	in_dir(p2, "lk2");
	in_dir(p3, "lk3");
	CHECK(sysret(syscall(SYS_link, p1, p2)) == 0);
	CHECK(sysret(syscall(SYS_link, p3, p2)) == -ENOENT);
	e = wait_str(LNR_EVT_LINK, "oldpath", p1);
	if (res_is(e, 0, t0))
		CHECK(str_is(e, "newpath", p2));
	e = wait_str(LNR_EVT_LINK, "oldpath", p3);
	if (res_is(e, -ENOENT, t0))
		CHECK(str_is(e, "newpath", p2));
}

/* After test_link: lk1 and lk2 exist. */
static void test_linkat(void)
{
	char p4[128];
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	in_dir(p4, "lk4");
	CHECK(sysret(syscall(SYS_linkat, dfd, "lk1", AT_FDCWD, p4,
			     AT_SYMLINK_FOLLOW)) == 0);
	CHECK(sysret(syscall(SYS_linkat, dfd, "lk1", dfd, "lk2", 0)) ==
	      -EEXIST);
	e = wait_str(LNR_EVT_LINKAT, "oldpath", "lk1");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "olddir") == dfd);
		CHECK(tp_s64(e, "newdir") == AT_FDCWD);
		CHECK(str_is(e, "newpath", p4));
		CHECK(tp_s64(e, "flags") == AT_SYMLINK_FOLLOW);
	}
	e = wait_str(LNR_EVT_LINKAT, "oldpath", "lk1");
	if (res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "olddir") == dfd);
		CHECK(tp_s64(e, "newdir") == dfd);
		CHECK(str_is(e, "newpath", "lk2"));
		CHECK(tp_s64(e, "flags") == 0);
	}
	close(dfd);
}

/* The mode and owner calls work on lk1 (from test_link). */
static void test_chmod(void)
{
	char p[128], q[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "lk1");
	in_dir(q, "nonexistent");
	CHECK(sysret(syscall(SYS_chmod, p, 0604)) == 0);
	CHECK(sysret(syscall(SYS_chmod, q, 0600)) == -ENOENT);
	e = wait_str(LNR_EVT_CHMOD, "filename", p);
	if (res_is(e, 0, t0))
		CHECK(tp_s64(e, "mode") == 0604);
	e = wait_str(LNR_EVT_CHMOD, "filename", q);
	if (res_is(e, -ENOENT, t0))
		CHECK(tp_s64(e, "mode") == 0600);
}

static void test_fchmod(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	int fd = open(in_dir(p, "lk1"), O_RDONLY | O_CLOEXEC);
	const struct lnr_evt *e;

	CHECK(fd >= 0);
	CHECK(sysret(syscall(SYS_fchmod, fd, 04640)) == 0);
	CHECK(sysret(syscall(SYS_fchmod, 9999, 0600)) == -EBADF);
	e = wait_num(LNR_EVT_FCHMOD, "fd", fd);
	if (res_is(e, 0, t0))
		CHECK(tp_s64(e, "mode") == 04640);
	e = wait_num(LNR_EVT_FCHMOD, "fd", 9999);
	if (res_is(e, -EBADF, t0))
		CHECK(tp_s64(e, "mode") == 0600);
	close(fd);
}

static void test_fchmodat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	CHECK(sysret(syscall(SYS_fchmodat, dfd, "lk1", 0644)) == 0);
	CHECK(sysret(syscall(SYS_fchmodat, dfd, "nonexistent", 0640)) ==
	      -ENOENT);
	e = wait_str(LNR_EVT_FCHMODAT, "filename", "lk1");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0644);
	}
	e = wait_str(LNR_EVT_FCHMODAT, "filename", "nonexistent");
	if (res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0640);
	}
	close(dfd);
}

static void check_owner(const struct lnr_evt *e, int64_t uid, int64_t gid)
{
	CHECK(tp_s64(e, "uid") == uid);
	CHECK(tp_s64(e, "gid") == gid);
}

static void test_chown(void)
{
	char p[128], q[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "lk1");
	in_dir(q, "nonexistent");
	CHECK(sysret(syscall(SYS_chown, p, 1234, 5678)) == 0);
	CHECK(sysret(syscall(SYS_chown, q, 1, 2)) == -ENOENT);
	e = wait_str(LNR_EVT_CHOWN, "path", p);
	if (res_is(e, 0, t0))
		check_owner(e, 1234, 5678);
	e = wait_str(LNR_EVT_CHOWN, "path", q);
	if (res_is(e, -ENOENT, t0))
		check_owner(e, 1, 2);
}

static void test_fchown(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	int fd = open(in_dir(p, "lk1"), O_RDONLY | O_CLOEXEC);
	const struct lnr_evt *e;

	CHECK(fd >= 0);
	/* -1 leaves the group as it is: the parameter is (uid_t)-1. */
	CHECK(sysret(syscall(SYS_fchown, fd, 4321, -1)) == 0);
	CHECK(sysret(syscall(SYS_fchown, 9999, 0, 0)) == -EBADF);
	e = wait_num(LNR_EVT_FCHOWN, "fd", fd);
	if (res_is(e, 0, t0))
		check_owner(e, 4321, -1);
	e = wait_num(LNR_EVT_FCHOWN, "fd", 9999);
	if (res_is(e, -EBADF, t0))
		check_owner(e, 0, 0);
	close(fd);
}

/* On the symlink sl (test_symlink), which points nowhere. */
static void test_lchown(void)
{
	char p[128], q[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "sl");
	in_dir(q, "nonexistent");
	CHECK(sysret(syscall(SYS_lchown, p, 11, 12)) == 0);
	CHECK(sysret(syscall(SYS_lchown, q, 13, 14)) == -ENOENT);
	e = wait_str(LNR_EVT_LCHOWN, "path", p);
	if (res_is(e, 0, t0))
		check_owner(e, 11, 12);
	e = wait_str(LNR_EVT_LCHOWN, "path", q);
	if (res_is(e, -ENOENT, t0))
		check_owner(e, 13, 14);
}

/* On the symlink sla itself (test_symlinkat), not /etc/passwd. */
static void test_fchownat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	CHECK(sysret(syscall(SYS_fchownat, dfd, "sla", 15, 16,
			     AT_SYMLINK_NOFOLLOW)) == 0);
	CHECK(sysret(syscall(SYS_fchownat, dfd, "nonexistent", 17, 18, 0)) ==
	      -ENOENT);
	e = wait_str(LNR_EVT_FCHOWNAT, "pathname", "sla");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		check_owner(e, 15, 16);
		CHECK(tp_s64(e, "flags") == AT_SYMLINK_NOFOLLOW);
	}
	e = wait_str(LNR_EVT_FCHOWNAT, "pathname", "nonexistent");
	if (res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		check_owner(e, 17, 18);
		CHECK(tp_s64(e, "flags") == 0);
	}
	close(dfd);
}

static void test_mknod(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "fifo");
	CHECK(sysret(syscall(SYS_mknod, p, S_IFIFO | 0600, 0)) == 0);
	CHECK(sysret(syscall(SYS_mknod, p, S_IFIFO | 0640, 0)) == -EEXIST);
	e = wait_str(LNR_EVT_MKNOD, "path", p);
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "mode") == (S_IFIFO | 0600));
		CHECK(tp_s64(e, "dev") == 0);
	}
	e = wait_str(LNR_EVT_MKNOD, "path", p);
	if (res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "mode") == (S_IFIFO | 0640));
		CHECK(tp_s64(e, "dev") == 0);
	}
}

/* A regular file: the kernel ignores dev, the record still carries it. */
static void test_mknodat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = dir_fd();
	const struct lnr_evt *e;

	CHECK(sysret(syscall(SYS_mknodat, dfd, "nod", S_IFREG | 0600,
			     0x0103)) == 0);
	CHECK(sysret(syscall(SYS_mknodat, dfd, "nod", S_IFREG | 0644, 0)) ==
	      -EEXIST);
	e = wait_str(LNR_EVT_MKNODAT, "path", "nod");
	if (res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == (S_IFREG | 0600));
		CHECK(tp_s64(e, "dev") == 0x0103);
	}
	e = wait_str(LNR_EVT_MKNODAT, "path", "nod");
	if (res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == (S_IFREG | 0644));
		CHECK(tp_s64(e, "dev") == 0);
	}
	close(dfd);
}

/* chdir into the test directory, then fchdir back. */
static void test_chdir_fchdir(void)
{
	uint64_t t0 = tp_boot_ns();
	int cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	CHECK(cwd >= 0);
	CHECK(sysret(syscall(SYS_chdir, dir)) == 0);
	CHECK(sysret(syscall(SYS_chdir, "nonexistent")) == -ENOENT);
	CHECK(sysret(syscall(SYS_fchdir, cwd)) == 0);
	CHECK(sysret(syscall(SYS_fchdir, 9999)) == -EBADF);
	res_is(wait_str(LNR_EVT_CHDIR, "path", dir), 0, t0);
	res_is(wait_str(LNR_EVT_CHDIR, "path", "nonexistent"), -ENOENT, t0);
	res_is(wait_num(LNR_EVT_FCHDIR, "fd", cwd), 0, t0);
	res_is(wait_num(LNR_EVT_FCHDIR, "fd", 9999), -EBADF, t0);
	close(cwd);
}

/* chroot("/") leaves the root where it is. */
static void test_chroot(void)
{
	uint64_t t0 = tp_boot_ns();

	CHECK(sysret(syscall(SYS_chroot, "/")) == 0);
	CHECK(sysret(syscall(SYS_chroot, "/nonexistent-lanner")) == -ENOENT);
	res_is(wait_str(LNR_EVT_CHROOT, "path", "/"), 0, t0);
	res_is(wait_str(LNR_EVT_CHROOT, "path", "/nonexistent-lanner"), -ENOENT,
	       t0);
}

static void test_truncate(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	in_dir(p, "lk1");
	CHECK(sysret(syscall(SYS_truncate, p, (long)100)) == 0);
	CHECK(sysret(syscall(SYS_truncate, p, (long)-1)) == -EINVAL);
	e = wait_str(LNR_EVT_TRUNCATE, "path", p);
	if (res_is(e, 0, t0))
		CHECK(tp_s64(e, "length") == 100);
	e = wait_str(LNR_EVT_TRUNCATE, "path", p);
	if (res_is(e, -EINVAL, t0))
		CHECK(tp_s64(e, "length") == -1);
}

static void test_ftruncate(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	int fd = open(in_dir(p, "lk1"), O_RDWR | O_CLOEXEC);
	const struct lnr_evt *e;

	CHECK(fd >= 0);
	CHECK(sysret(syscall(SYS_ftruncate, fd, (long)7)) == 0);
	CHECK(sysret(syscall(SYS_ftruncate, 9999, (long)1)) == -EBADF);
	e = wait_num(LNR_EVT_FTRUNCATE, "fd", fd);
	if (res_is(e, 0, t0))
		CHECK(tp_s64(e, "length") == 7);
	e = wait_num(LNR_EVT_FTRUNCATE, "fd", 9999);
	if (res_is(e, -EBADF, t0))
		CHECK(tp_s64(e, "length") == 1);
	close(fd);
}

/* What the file tests left in the test directory. */
static void files_cleanup(void)
{
	static const char *const files[] = {"r4",   "x1",  "x2",  "sl",
					    "sla",  "lk1", "lk2", "lk4",
					    "fifo", "nod", NULL};
	char p[128];

	for (const char *const *f = files; *f; f++)
		unlink(in_dir(p, *f));
	rmdir(in_dir(p, "mda"));
}

/* Identity and isolation. */

#define NO_ID 0xffffffffu /* (uid_t)-1 */

/* A raw syscall's result as the kernel gave it: -errno on failure. */
static long sys_res(long r)
{
	return r == -1 ? -(long)errno : r;
}

/* The next record of type from this thread, its header checked. */
static const struct lnr_evt *own_record(enum lnr_evt_type type, uint64_t t0)
{
	const struct lnr_evt *e = tp_wait(type, gettid());

	CHECK(e != NULL);
	if (e)
		check_header(e, gettid(), getpid(), t0);
	return e;
}

static void test_setuid_family(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = sys_res(syscall(SYS_setuid, getuid()));
	e = own_record(LNR_EVT_SETUID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "uid") == getuid());

	r = sys_res(syscall(SYS_setgid, getgid()));
	e = own_record(LNR_EVT_SETGID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "gid") == getgid());

	/* -1 leaves an id as it is. */
	r = sys_res(syscall(SYS_setreuid, -1, -1));
	e = own_record(LNR_EVT_SETREUID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "ruid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "euid") == NO_ID);

	r = sys_res(syscall(SYS_setregid, -1, -1));
	e = own_record(LNR_EVT_SETREGID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "rgid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "egid") == NO_ID);

	r = sys_res(syscall(SYS_setresuid, -1, -1, -1));
	e = own_record(LNR_EVT_SETRESUID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "ruid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "euid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "suid") == NO_ID);

	r = sys_res(syscall(SYS_setresgid, -1, -1, -1));
	e = own_record(LNR_EVT_SETRESGID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "rgid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "egid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "sgid") == NO_ID);
}

/* setfsuid and setfsgid with an invalid id only report the current one,
 * which is the effective id. */
static void test_setfsuid(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = sys_res(syscall(SYS_setfsuid, -1));
	e = own_record(LNR_EVT_SETFSUID, t0);
	CHECK(r == (long)geteuid() && e && tp_s64(e, "res") == r);
	CHECK(e && (uint32_t)tp_s64(e, "uid") == NO_ID);

	r = sys_res(syscall(SYS_setfsgid, -1));
	e = own_record(LNR_EVT_SETFSGID, t0);
	CHECK(r == (long)getegid() && e && tp_s64(e, "res") == r);
	CHECK(e && (uint32_t)tp_s64(e, "gid") == NO_ID);
}

static void test_setns(void)
{
	uint64_t t0 = tp_boot_ns();
	long r = sys_res(syscall(SYS_setns, -1, CLONE_NEWUTS));
	const struct lnr_evt *e = own_record(LNR_EVT_SETNS, t0);

	CHECK(r == -EBADF && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "fd") == -1);
	CHECK(e && tp_s64(e, "nstype") == CLONE_NEWUTS);
}

static long unshare_res;
static pid_t unshare_tid;

/* A thread of its own, so only it leaves the host's UTS namespace. */
static void *unshare_main(void *arg)
{
	unshare_tid = gettid();
	unshare_res = sys_res(syscall(SYS_unshare, CLONE_NEWUTS));
	return NULL;
}

static void test_unshare(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	pthread_t th;

	CHECK(pthread_create(&th, NULL, unshare_main, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(unshare_res == 0);
	e = tp_wait(LNR_EVT_UNSHARE, unshare_tid);
	CHECK(e != NULL);
	if (!e)
		return;
	check_header(e, unshare_tid, getpid(), t0);
	CHECK(tp_s64(e, "res") == 0);
	CHECK(tp_s64(e, "flags") == CLONE_NEWUTS);
}

#define NO_SUCH_PID 0x7ffffff0 /* above any pid_max */

static void test_ptrace(void)
{
	uint64_t t0 = tp_boot_ns();
	long r = sys_res(
	    syscall(SYS_ptrace, PTRACE_PEEKDATA, NO_SUCH_PID, 0x1234, 0x5678));
	const struct lnr_evt *e = own_record(LNR_EVT_PTRACE, t0);

	CHECK(r == -ESRCH && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "request") == PTRACE_PEEKDATA);
	CHECK(e && tp_s64(e, "pid") == NO_SUCH_PID);
	CHECK(e && tp_s64(e, "addr") == 0x1234);
	CHECK(e && tp_s64(e, "data") == 0x5678);
}

static void test_kill_family(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	/* Signal 0 only checks that the target exists. */
	r = sys_res(syscall(SYS_kill, getpid(), 0));
	e = own_record(LNR_EVT_KILL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "pid") == getpid());
	CHECK(e && tp_s64(e, "sig") == 0);

	r = sys_res(syscall(SYS_kill, NO_SUCH_PID, SIGTERM));
	e = own_record(LNR_EVT_KILL, t0);
	CHECK(r == -ESRCH && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "pid") == NO_SUCH_PID);
	CHECK(e && tp_s64(e, "sig") == SIGTERM);

	r = sys_res(syscall(SYS_tkill, gettid(), 0));
	e = own_record(LNR_EVT_TKILL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "tid") == gettid());
	CHECK(e && tp_s64(e, "sig") == 0);

	r = sys_res(syscall(SYS_tgkill, getpid(), gettid(), 0));
	e = own_record(LNR_EVT_TGKILL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "pid") == getpid());
	CHECK(e && tp_s64(e, "tid") == gettid());
	CHECK(e && tp_s64(e, "sig") == 0);
}

/* Module calls that must fail: an image that is not ELF, a bad fd, a
 * name no module has; -EPERM where loading modules is disabled and
 * -ENOSYS on a kernel built without modules. */
static void test_modules(void)
{
	static const char image[16]; /* zeros: not an ELF image */
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = sys_res(
	    syscall(SYS_init_module, image, sizeof(image), "lnr_test=1"));
	e = own_record(LNR_EVT_INIT_MODULE, t0);
	CHECK(r == -ENOEXEC || r == -EFAULT || r == -EPERM || r == -EINVAL ||
	      r == -ENOSYS);
	CHECK(e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "length") == sizeof(image));
	CHECK(e && str_is(e, "uargs", "lnr_test=1"));

	r = sys_res(syscall(SYS_finit_module, -1, "lnr_test=2", 2));
	e = own_record(LNR_EVT_FINIT_MODULE, t0);
	CHECK(r == -EBADF || r == -EPERM || r == -ENOSYS);
	CHECK(e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "fd") == -1);
	CHECK(e && str_is(e, "uargs", "lnr_test=2"));
	CHECK(e && tp_s64(e, "flags") == 2); /* IGNORE_VERMAGIC */

	r = sys_res(
	    syscall(SYS_delete_module, "lnr_no_such_module", O_NONBLOCK));
	e = own_record(LNR_EVT_DELETE_MODULE, t0);
	CHECK(r == -ENOENT || r == -EPERM || r == -ENOSYS);
	CHECK(e && tp_s64(e, "res") == r);
	CHECK(e && str_is(e, "name", "lnr_no_such_module"));
	CHECK(e && tp_s64(e, "flags") == O_NONBLOCK);
}

static void test_personality(void)
{
	uint64_t t0 = tp_boot_ns();
	/* 0xffffffff only asks for the current persona. */
	long r = sys_res(syscall(SYS_personality, 0xffffffff));
	const struct lnr_evt *e = own_record(LNR_EVT_PERSONALITY, t0);

	CHECK(r >= 0 && e && tp_s64(e, "res") == r);
	CHECK(e && (uint32_t)tp_s64(e, "persona") == 0xffffffffu);
}

static void test_prctl(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = sys_res(syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0));
	e = own_record(LNR_EVT_PRCTL, t0);
	CHECK(r >= 0 && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "option") == PR_GET_DUMPABLE);
	CHECK(e && tp_s64(e, "arg2_int") == 0);

	/* A dumpable mode that does not exist: -EINVAL, nothing changed. */
	r = sys_res(syscall(SYS_prctl, PR_SET_DUMPABLE, -2L, 0, 0, 0));
	e = own_record(LNR_EVT_PRCTL, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "option") == PR_SET_DUMPABLE);
	CHECK(e && tp_s64(e, "arg2_int") == -2);
}

static void make_ref(void)
{
	const char *why;
	char path[64];
	int taskdir, len;
	struct timespec rt, bt;

	snprintf(path, sizeof(path), "/proc/self/task/%d", getpid());
	taskdir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	len = proc_snapshot_thread(taskdir, getpid(), getpid(), ref_buf,
				   sizeof(ref_buf));
	close(taskdir);
	CHECK(len > 0);
	CHECK(len > 0 && lnr_evt_decode(ref_buf, (size_t)len, &ref, &why) == 0);
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	boot_to_epoch =
	    (rt.tv_sec - bt.tv_sec) * 1000000000ll + (rt.tv_nsec - bt.tv_nsec);
}

int main(void)
{
	int r;

	/* Before the probe: its reads of /proc are not the test's events. */
	make_ref();
	r = tp_start();

	if (r == 77) {
		printf("SKIP: needs root and kernel BTF\n");
		return 77;
	}
	CHECK(r == 0);
	if (r)
		return check_done();
	snprintf(dir, sizeof(dir), "/tmp/lnr-probe-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	test_openat();
	test_open_creat();
	test_openat2();
	test_fork_family();
	test_clone_flags();
	test_thread();
	test_execve();
	test_execve_fails();
	test_execveat();
	test_unlink();
	test_unlinkat();
	test_rename();
	test_renameat();
	test_renameat2();
	test_mkdir();
	test_mkdirat();
	test_rmdir();
	test_symlink();
	test_symlinkat();
	test_link();
	test_linkat();
	test_chmod();
	test_fchmod();
	test_fchmodat();
	test_chown();
	test_fchown();
	test_lchown();
	test_fchownat();
	test_mknod();
	test_mknodat();
	test_chdir_fchdir();
	test_chroot();
	test_truncate();
	test_ftruncate();
	files_cleanup();
	/* Identity and isolation. */
	test_setuid_family();
	test_setfsuid();
	test_setns();
	test_unshare();
	test_ptrace();
	test_kill_family();
	test_modules();
	test_personality();
	test_prctl();
	tp_stop();
	{
		char p[96];

		snprintf(p, sizeof(p), "%s/f", dir);
		unlink(p);
		snprintf(p, sizeof(p), "%s/g", dir);
		unlink(p);
		rmdir(dir);
	}
	return check_done();
}
