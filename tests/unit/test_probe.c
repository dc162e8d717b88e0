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
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "probe.h"
#include "proc_snapshot.h"
#include "rmtree.h"
#include "test_probe_util.h"

static uint8_t ref_buf[LNR_EVT_MAX_SIZE];
static struct lnr_evt ref; /* PROC_SNAPSHOT of this process */
static int64_t boot_to_epoch;

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
			fprintf(stderr,
				"  %s %s differs from the snapshot (%u bytes, "
				"snapshot %u)\n",
				e->info->name, name, p ? (unsigned)len : 0u,
				(unsigned)ref.plen[i]);
		CHECK(same);
	}
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
	int dfd = open(tp_dir, O_RDONLY | O_DIRECTORY);
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
	tp_check_header(e, getpid(), getpid(), t0);
	CHECK(tp_s64(e, "fd") == fd);
	CHECK(tp_s64(e, "dirfd") == dfd);
	CHECK(tp_str_is(e, "name", "f"));
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
		tp_check_header(e, getpid(), getpid(), t0);
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

	snprintf(path, sizeof(path), "%s/f", tp_dir);
	snprintf(path2, sizeof(path2), "%s/g", tp_dir);
	fd = (int)syscall(SYS_open, path, O_RDONLY | O_CLOEXEC, 0);
	e = tp_wait(LNR_EVT_OPEN, getpid());
	CHECK(fd >= 0 && e != NULL);
	if (e) {
		tp_check_header(e, getpid(), getpid(), t0);
		CHECK(tp_s64(e, "fd") == fd);
		CHECK(tp_str_is(e, "name", path));
		CHECK(tp_s64(e, "flags") == (O_RDONLY | O_CLOEXEC));
		CHECK(tp_s64(e, "mode") == 0);
		check_dev_ino(e, fd);
	}
	close(fd);

	fd = (int)syscall(SYS_creat, path2, 0600);
	e = tp_wait(LNR_EVT_CREAT, getpid());
	CHECK(fd >= 0 && e != NULL);
	if (e) {
		tp_check_header(e, getpid(), getpid(), t0);
		CHECK(tp_s64(e, "fd") == fd);
		CHECK(tp_str_is(e, "name", path2));
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
		CHECK(tp_str_is(e, "name", "/nonexistent-lanner/x"));
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
	int dfd = open(tp_dir, O_RDONLY | O_DIRECTORY);
	int fd = (int)syscall(SYS_openat2, dfd, "f", &how, sizeof(how));
	const struct lnr_evt *e = tp_wait(LNR_EVT_OPENAT2, getpid());

	CHECK(fd >= 0 && e != NULL);
	if (!e)
		return;
	tp_check_header(e, getpid(), getpid(), t0);
	CHECK(tp_s64(e, "fd") == fd);
	CHECK(tp_s64(e, "dirfd") == dfd);
	CHECK(tp_str_is(e, "name", "f"));
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
		tp_check_header(e, getpid(), getpid(), t0);
		CHECK(tp_s64(e, "res") == child);
		check_proc_like_ref(e, none);
		check_start_ts(e);
	}
	e = tp_wait(type, child);
	CHECK(e != NULL);
	if (e) {
		tp_check_header(e, child, child, t0);
		CHECK(tp_s64(e, "res") == 0);
		check_child_proc(e, child);
	}
	e = tp_wait(LNR_EVT_PROCEXIT, child);
	CHECK(e != NULL);
	if (e) {
		tp_check_header(e, child, child, t0);
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
	CHECK(tp_str_is(e, "cwd", cwd));
	CHECK(tp_str_is(e, "comm", comm));
	CHECK(tp_str_is(e, "cgroups", cg));
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
	tp_check_header(e, child, child, t0);
	CHECK(tp_s64(e, "res") == 0);
	/* After a successful exec the filename is the executable's path. */
	CHECK(tp_str_is(e, "filename", real));
	CHECK(tp_str_is(e, "exe", "/bin/true"));
	CHECK(bytes_is(e, "args", args, sizeof(args)));
	CHECK(bytes_is(e, "env", env, sizeof(env)));
	CHECK(tp_str_is(e, "exepath", real));
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
	tp_check_header(e, child, child, t0);
	CHECK(tp_s64(e, "res") == -ENOENT);
	CHECK(tp_str_is(e, "filename", "/nonexistent-lanner/bin"));
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
		CHECK(tp_str_is(e, "pathname", "nonexistent-lanner"));
		CHECK(tp_s64(e, "flags_at") == AT_SYMLINK_NOFOLLOW);
		check_child_proc(e, child);
	}
	close(dfd);
}

#define DEEP_DIRS 40 /* more than LNR_PROBE_PATH_DEPTH */

/* In a mount namespace of its own: a tmpfs on top, a copy of /bin/true
 * in it, and a cwd DEEP_DIRS folders down; then exec that copy. */
static void __attribute__((noreturn)) deep_exec(const char *top)
{
	char *const argv[] = {"true", NULL};
	char exe[160], name[8];
	struct stat st;
	int in, out;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", top, "tmpfs", 0, NULL))
		_exit(20);
	snprintf(exe, sizeof(exe), "%s/true", top);
	in = open("/bin/true", O_RDONLY | O_CLOEXEC);
	out = open(exe, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
	if (in < 0 || out < 0 || fstat(in, &st) ||
	    sendfile(out, in, NULL, (size_t)st.st_size) != st.st_size)
		_exit(21);
	close(in);
	close(out);
	if (chdir(top))
		_exit(22);
	for (int i = 1; i <= DEEP_DIRS; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		if (mkdir(name, 0700) || chdir(name))
			_exit(23);
	}
	execve(exe, argv, NULL);
	_exit(24);
}

/*
 * The path walks: the executable and the cwd are found across a mount
 * point, and a cwd deeper than the probe follows reads as its innermost
 * LNR_PROBE_PATH_DEPTH components.
 */
static void test_exec_paths(void)
{
	char top[128], exe[160], cwd[PATH_MAX];
	const char *want = cwd;
	const struct lnr_evt *e;
	size_t len;
	int status, parts = 0;
	pid_t child;

	tp_in_dir(top, "mnt");
	CHECK(mkdir(top, 0700) == 0);
	child = fork();
	if (child == 0)
		deep_exec(top);
	CHECK(waitpid(child, &status, 0) == child && status == 0);
	len = (size_t)snprintf(cwd, sizeof(cwd), "%s", top);
	for (int i = 1; i <= DEEP_DIRS; i++)
		len +=
		    (size_t)snprintf(cwd + len, sizeof(cwd) - len, "/d%d", i);
	for (size_t i = len; i-- > 0;)
		if (cwd[i] == '/' && ++parts == LNR_PROBE_PATH_DEPTH) {
			want = cwd + i;
			break;
		}
	snprintf(exe, sizeof(exe), "%s/true", top);
	e = tp_wait(LNR_EVT_EXECVE, child);
	CHECK(e != NULL);
	CHECK(tp_str_is(e, "filename", exe));
	CHECK(tp_str_is(e, "exepath", exe));
	CHECK(tp_str_is(e, "cwd", want));
	CHECK(tp_wait(LNR_EVT_PROCEXIT, child) != NULL);
	rmdir(top);
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
	snprintf(tp_dir, sizeof(tp_dir), "/tmp/lnr-probe-XXXXXX");
	CHECK(mkdtemp(tp_dir) != NULL);
	test_openat();
	test_open_creat();
	test_openat2();
	test_fork_family();
	test_clone_flags();
	test_thread();
	test_execve();
	test_execve_fails();
	test_execveat();
	test_exec_paths();
	tp_files_run();
	tp_ident_run();
	tp_compat_run();
	tp_iouring_run();
	tp_iouring_io_run();
	tp_net_run();
	tp_fds_run();
	tp_io_run();
	tp_scm_run();
	tp_check_all_taken();
	tp_stop();
	CHECK(rmtree(tp_dir) == 0 && access(tp_dir, F_OK) != 0);
	return check_done();
}
