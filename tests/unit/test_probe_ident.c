/*
 * Identity and isolation calls: the set*id family, namespaces, ptrace,
 * signals, modules, personality and prctl. Each is made through
 * syscall(2) in a form harmless to the test, and every parameter of its
 * record is checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "test_probe_util.h"

#define NO_ID 0xffffffffu /* (uid_t)-1 */

static void test_setuid_family(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_setuid, getuid()));
	e = tp_own(LNR_EVT_SETUID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "uid") == getuid());

	r = tp_res(syscall(SYS_setgid, getgid()));
	e = tp_own(LNR_EVT_SETGID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "gid") == getgid());

	/* -1 leaves an id as it is. */
	r = tp_res(syscall(SYS_setreuid, -1, -1));
	e = tp_own(LNR_EVT_SETREUID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "ruid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "euid") == NO_ID);

	r = tp_res(syscall(SYS_setregid, -1, -1));
	e = tp_own(LNR_EVT_SETREGID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "rgid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "egid") == NO_ID);

	r = tp_res(syscall(SYS_setresuid, -1, -1, -1));
	e = tp_own(LNR_EVT_SETRESUID, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "ruid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "euid") == NO_ID);
	CHECK(e && (uint32_t)tp_s64(e, "suid") == NO_ID);

	r = tp_res(syscall(SYS_setresgid, -1, -1, -1));
	e = tp_own(LNR_EVT_SETRESGID, t0);
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

	r = tp_res(syscall(SYS_setfsuid, -1));
	e = tp_own(LNR_EVT_SETFSUID, t0);
	CHECK(r == (long)geteuid() && e && tp_s64(e, "res") == r);
	CHECK(e && (uint32_t)tp_s64(e, "uid") == NO_ID);

	r = tp_res(syscall(SYS_setfsgid, -1));
	e = tp_own(LNR_EVT_SETFSGID, t0);
	CHECK(r == (long)getegid() && e && tp_s64(e, "res") == r);
	CHECK(e && (uint32_t)tp_s64(e, "gid") == NO_ID);
}

static void test_setns(void)
{
	uint64_t t0 = tp_boot_ns();
	long r = tp_res(syscall(SYS_setns, -1, CLONE_NEWUTS));
	const struct lnr_evt *e = tp_own(LNR_EVT_SETNS, t0);

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
	unshare_res = tp_res(syscall(SYS_unshare, CLONE_NEWUTS));
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
	tp_check_header(e, unshare_tid, getpid(), t0);
	CHECK(tp_s64(e, "res") == 0);
	CHECK(tp_s64(e, "flags") == CLONE_NEWUTS);
}

#define NO_SUCH_PID 0x7ffffff0 /* above any pid_max */

static void test_ptrace(void)
{
	uint64_t t0 = tp_boot_ns();
	long r = tp_res(
	    syscall(SYS_ptrace, PTRACE_PEEKDATA, NO_SUCH_PID, 0x1234, 0x5678));
	const struct lnr_evt *e = tp_own(LNR_EVT_PTRACE, t0);

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
	r = tp_res(syscall(SYS_kill, getpid(), 0));
	e = tp_own(LNR_EVT_KILL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "pid") == getpid());
	CHECK(e && tp_s64(e, "sig") == 0);

	r = tp_res(syscall(SYS_kill, NO_SUCH_PID, SIGTERM));
	e = tp_own(LNR_EVT_KILL, t0);
	CHECK(r == -ESRCH && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "pid") == NO_SUCH_PID);
	CHECK(e && tp_s64(e, "sig") == SIGTERM);

	r = tp_res(syscall(SYS_tkill, gettid(), 0));
	e = tp_own(LNR_EVT_TKILL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "tid") == gettid());
	CHECK(e && tp_s64(e, "sig") == 0);

	r = tp_res(syscall(SYS_tgkill, getpid(), gettid(), 0));
	e = tp_own(LNR_EVT_TGKILL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "pid") == getpid());
	CHECK(e && tp_s64(e, "tid") == gettid());
	CHECK(e && tp_s64(e, "sig") == 0);
}

/* Module calls that must fail: an image that is not ELF, a bad fd, a
 * name no module has; -EPERM where loading modules is disabled and
 * -ENOSYS on a kernel built without modules (which has no tracepoints
 * for these calls). */
static void test_modules(void)
{
	static const char image[16]; /* zeros: not an ELF image */
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(
	    syscall(SYS_init_module, image, sizeof(image), "lnr_test=1"));
	CHECK(r == -ENOEXEC || r == -EFAULT || r == -EPERM || r == -EINVAL ||
	      r == -ENOSYS);
	if (tp_hooked(LNR_EVT_INIT_MODULE)) {
		e = tp_own(LNR_EVT_INIT_MODULE, t0);
		CHECK(e && tp_s64(e, "res") == r);
		CHECK(e && tp_s64(e, "length") == sizeof(image));
		CHECK(e && tp_str_is(e, "uargs", "lnr_test=1"));
	}

	r = tp_res(syscall(SYS_finit_module, -1, "lnr_test=2", 2));
	CHECK(r == -EBADF || r == -EPERM || r == -ENOSYS);
	if (tp_hooked(LNR_EVT_FINIT_MODULE)) {
		e = tp_own(LNR_EVT_FINIT_MODULE, t0);
		CHECK(e && tp_s64(e, "res") == r);
		CHECK(e && tp_s64(e, "fd") == -1);
		CHECK(e && tp_str_is(e, "uargs", "lnr_test=2"));
		CHECK(e && tp_s64(e, "flags") == 2); /* IGNORE_VERMAGIC */
	}

	r = tp_res(
	    syscall(SYS_delete_module, "lnr_no_such_module", O_NONBLOCK));
	CHECK(r == -ENOENT || r == -EPERM || r == -ENOSYS);
	if (tp_hooked(LNR_EVT_DELETE_MODULE)) {
		e = tp_own(LNR_EVT_DELETE_MODULE, t0);
		CHECK(e && tp_s64(e, "res") == r);
		CHECK(e && tp_str_is(e, "name", "lnr_no_such_module"));
		CHECK(e && tp_s64(e, "flags") == O_NONBLOCK);
	}
}

static void test_personality(void)
{
	uint64_t t0 = tp_boot_ns();
	/* 0xffffffff only asks for the current persona. */
	long r = tp_res(syscall(SYS_personality, 0xffffffff));
	const struct lnr_evt *e = tp_own(LNR_EVT_PERSONALITY, t0);

	CHECK(r >= 0 && e && tp_s64(e, "res") == r);
	CHECK(e && (uint32_t)tp_s64(e, "persona") == 0xffffffffu);
}

static void test_prctl(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	char comm[16] = "";
	long r;

	CHECK(prctl(PR_GET_NAME, comm, 0, 0, 0) == 0);
	(void)tp_own(LNR_EVT_PRCTL, t0);

	r = tp_res(syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0));
	e = tp_own(LNR_EVT_PRCTL, t0);
	CHECK(r >= 0 && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "option") == PR_GET_DUMPABLE);
	CHECK(e && tp_s64(e, "arg2_int") == 0);
	CHECK(e && tp_str_is(e, "comm", comm));

	/* A dumpable mode that does not exist: -EINVAL, nothing changed. */
	r = tp_res(syscall(SYS_prctl, PR_SET_DUMPABLE, -2L, 0, 0, 0));
	e = tp_own(LNR_EVT_PRCTL, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "option") == PR_SET_DUMPABLE);
	CHECK(e && tp_s64(e, "arg2_int") == -2);
	CHECK(e && tp_str_is(e, "comm", comm));
}

/* PR_SET_NAME: comm is the name the call left, cut to 15 bytes as the
 * kernel cuts it; a thread's own name, so it is made in a thread. */
static void *set_name(void *arg)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(
	    syscall(SYS_prctl, PR_SET_NAME, "lanner-probe-renamed", 0, 0, 0));
	e = tp_own(LNR_EVT_PRCTL, t0);
	CHECK(r == 0 && e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "option") == PR_SET_NAME);
	CHECK(e && tp_str_is(e, "comm", "lanner-probe-re"));
	return arg;
}

static void test_prctl_set_name(void)
{
	pthread_t t;

	CHECK(pthread_create(&t, NULL, set_name, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
}

void tp_ident_run(void)
{
	test_setuid_family();
	test_setfsuid();
	test_setns();
	test_unshare();
	test_ptrace();
	test_kill_family();
	test_modules();
	test_personality();
	test_prctl();
	test_prctl_set_name();
}
