/*
 * Descriptor, memory and bpf calls: dup, fcntl, pipes, the fd-making
 * calls, memfd, io_uring_setup, bpf, executable mappings, capset,
 * seccomp and process_vm_*. Each is made through syscall(2), once
 * succeeding and once failing, and every parameter of its record is
 * checked; the calls the probe must not emit are checked absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/io_uring.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "test_probe_util.h"

#define NO_SUCH_PID 0x7ffffff0 /* above any pid_max */
#define BAD_FD 1000	       /* not open, below the usual fd limit */

/* A record of this thread with res as the call returned it. */
static const struct lnr_evt *own_res(enum lnr_evt_type type, long r,
				     uint64_t t0)
{
	const struct lnr_evt *e = tp_own(type, t0);
	const char *res = lnr_events[type].params[LNR_PI_RET].name;

	if (e && tp_s64(e, res) != r)
		fprintf(stderr, "  %s %s %lld, want %ld\n", e->info->name, res,
			(long long)tp_s64(e, res), r);
	CHECK(e && tp_s64(e, res) == r);
	return e;
}

static void check_file(const struct lnr_evt *e, int fd)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	CHECK(e && (uint64_t)tp_s64(e, "ino") == st.st_ino);
	CHECK(e && (uint32_t)tp_s64(e, "dev") == (uint32_t)st.st_dev);
}

/* fd limit 0 (or back to what it was): the next new fd fails, EMFILE. */
static void fd_limit_zero(int on)
{
	static struct rlimit saved;
	struct rlimit none;

	if (on) {
		CHECK(getrlimit(RLIMIT_NOFILE, &saved) == 0);
		none =
		    (struct rlimit){.rlim_cur = 0, .rlim_max = saved.rlim_max};
		CHECK(setrlimit(RLIMIT_NOFILE, &none) == 0);
	} else {
		CHECK(setrlimit(RLIMIT_NOFILE, &saved) == 0);
	}
}

static void test_dup(void)
{
	uint64_t t0 = tp_boot_ns();
	int fd = tp_dir_fd();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_dup, fd));
	e = own_res(LNR_EVT_DUP, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "oldfd") == fd);
	close((int)r);
	r = tp_res(syscall(SYS_dup, -1));
	e = own_res(LNR_EVT_DUP, r, t0);
	CHECK(r == -EBADF && e && tp_s64(e, "oldfd") == -1);

	r = tp_res(syscall(SYS_dup2, fd, BAD_FD));
	e = own_res(LNR_EVT_DUP2, r, t0);
	CHECK(r == BAD_FD && e && tp_s64(e, "oldfd") == fd);
	CHECK(e && tp_s64(e, "newfd") == BAD_FD);
	close(BAD_FD);
	r = tp_res(syscall(SYS_dup2, BAD_FD, BAD_FD + 1));
	e = own_res(LNR_EVT_DUP2, r, t0);
	CHECK(r == -EBADF && e && tp_s64(e, "oldfd") == BAD_FD);
	CHECK(e && tp_s64(e, "newfd") == BAD_FD + 1);

	r = tp_res(syscall(SYS_dup3, fd, BAD_FD, O_CLOEXEC));
	e = own_res(LNR_EVT_DUP3, r, t0);
	CHECK(r == BAD_FD && e && tp_s64(e, "oldfd") == fd);
	CHECK(e && tp_s64(e, "newfd") == BAD_FD);
	CHECK(e && tp_s64(e, "flags") == O_CLOEXEC);
	close(BAD_FD);
	/* dup3 onto itself is refused. */
	r = tp_res(syscall(SYS_dup3, fd, fd, 0));
	e = own_res(LNR_EVT_DUP3, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "oldfd") == fd);
	CHECK(e && tp_s64(e, "newfd") == fd && tp_s64(e, "flags") == 0);
	close(fd);
}

/* Takes the fcntl records up to the one with cmd `marker`; fails if one
 * of them has cmd `never`. */
static const struct lnr_evt *fcntl_until(long marker, long never)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(LNR_EVT_FCNTL, gettid()))) {
		CHECK(tp_s64(e, "cmd") != never);
		if (tp_s64(e, "cmd") == marker)
			return e;
	}
	return NULL;
}

static void test_fcntl(void)
{
	uint64_t t0 = tp_boot_ns();
	int fd = tp_dir_fd();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, BAD_FD));
	e = own_res(LNR_EVT_FCNTL, r, t0);
	CHECK(r >= BAD_FD && e && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "cmd") == F_DUPFD_CLOEXEC);
	CHECK(e && tp_s64(e, "arg") == BAD_FD);
	close((int)r);

	r = tp_res(syscall(SYS_fcntl, BAD_FD, F_DUPFD, 0));
	e = own_res(LNR_EVT_FCNTL, r, t0);
	CHECK(r == -EBADF && e && tp_s64(e, "fd") == BAD_FD);
	CHECK(e && tp_s64(e, "cmd") == F_DUPFD && tp_s64(e, "arg") == 0);

	r = tp_res(syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK));
	e = own_res(LNR_EVT_FCNTL, r, t0);
	CHECK(r == 0 && e && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "cmd") == F_SETFL);
	CHECK(e && tp_s64(e, "arg") == O_NONBLOCK);

	/* Other commands are not emitted: F_GETFL, then F_SETFL as the
	 * marker that the F_GETFL record would have come before. */
	CHECK(syscall(SYS_fcntl, fd, F_GETFL) >= 0);
	CHECK(syscall(SYS_fcntl, fd, F_SETFL, 0) == 0);
	e = fcntl_until(F_SETFL, F_GETFL);
	CHECK(e && tp_s64(e, "arg") == 0);
	close(fd);
}

static void test_close_range(void)
{
	uint64_t t0 = tp_boot_ns();
	int fd = tp_dir_fd();
	const struct lnr_evt *e;
	long r;

	CHECK(dup2(fd, BAD_FD) == BAD_FD && dup2(fd, BAD_FD + 1) == BAD_FD + 1);
	r = tp_res(syscall(SYS_close_range, BAD_FD, BAD_FD + 1, 0));
	e = own_res(LNR_EVT_CLOSE_RANGE, r, t0);
	CHECK(r == 0 && fcntl(BAD_FD, F_GETFD) == -1);
	CHECK(e && tp_s64(e, "first") == BAD_FD);
	CHECK(e && tp_s64(e, "last") == BAD_FD + 1);
	CHECK(e && tp_s64(e, "flags") == 0);

	/* Everything from BAD_FD up: only marked close-on-exec. */
	r = tp_res(syscall(SYS_close_range, BAD_FD, ~0u, CLOSE_RANGE_CLOEXEC));
	e = own_res(LNR_EVT_CLOSE_RANGE, r, t0);
	CHECK(r == 0 && e && (uint32_t)tp_s64(e, "last") == ~0u);
	CHECK(e && tp_s64(e, "flags") == CLOSE_RANGE_CLOEXEC);

	r = tp_res(syscall(SYS_close_range, BAD_FD + 1, BAD_FD, 0));
	e = own_res(LNR_EVT_CLOSE_RANGE, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "first") == BAD_FD + 1);
	CHECK(e && tp_s64(e, "last") == BAD_FD);
	close(fd);
}

static void check_pipe(const struct lnr_evt *e, const int *p)
{
	CHECK(e && tp_s64(e, "fd1") == p[0] && tp_s64(e, "fd2") == p[1]);
	check_file(e, p[0]);
	close(p[0]);
	close(p[1]);
}

/* A failed pipe wrote no fds: the fd and file parameters are empty. */
static void check_no_pipe(const struct lnr_evt *e)
{
	CHECK(e && tp_empty(e, "fd1") && tp_empty(e, "fd2"));
	CHECK(e && tp_empty(e, "dev") && tp_empty(e, "ino"));
}

static void test_pipe(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	int p[2] = {-1, -1};
	long r;

	r = tp_res(syscall(SYS_pipe, p));
	e = own_res(LNR_EVT_PIPE, r, t0);
	CHECK(r == 0);
	check_pipe(e, p);
	r = tp_res(syscall(SYS_pipe, NULL));
	e = own_res(LNR_EVT_PIPE, r, t0);
	CHECK(r == -EFAULT);
	check_no_pipe(e);

	r = tp_res(syscall(SYS_pipe2, p, O_CLOEXEC | O_NONBLOCK));
	e = own_res(LNR_EVT_PIPE2, r, t0);
	CHECK(r == 0 && e && tp_s64(e, "flags") == (O_CLOEXEC | O_NONBLOCK));
	check_pipe(e, p);
	r = tp_res(syscall(SYS_pipe2, p, O_WRONLY));
	e = own_res(LNR_EVT_PIPE2, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "flags") == O_WRONLY);
	check_no_pipe(e);
}

static void test_eventfd(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_eventfd, 7));
	e = own_res(LNR_EVT_EVENTFD, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "initval") == 7);
	close((int)r);
	fd_limit_zero(1);
	r = tp_res(syscall(SYS_eventfd, 8));
	fd_limit_zero(0);
	e = own_res(LNR_EVT_EVENTFD, r, t0);
	CHECK(r == -EMFILE && e && tp_s64(e, "initval") == 8);

	r = tp_res(syscall(SYS_eventfd2, 3, O_CLOEXEC | 1 /* EFD_SEMAPHORE */));
	e = own_res(LNR_EVT_EVENTFD2, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "initval") == 3);
	CHECK(e && tp_s64(e, "flags") == (O_CLOEXEC | 1));
	close((int)r);
	r = tp_res(syscall(SYS_eventfd2, 4, 4));
	e = own_res(LNR_EVT_EVENTFD2, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "initval") == 4);
	CHECK(e && tp_s64(e, "flags") == 4);
}

static void test_signalfd(void)
{
	uint64_t t0 = tp_boot_ns();
	uint64_t mask = 1ull << (SIGUSR1 - 1) | 1ull << (SIGUSR2 - 1);
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_signalfd, -1, &mask, sizeof(mask)));
	e = own_res(LNR_EVT_SIGNALFD, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "fd") == -1);
	CHECK(e && (uint64_t)tp_s64(e, "mask") == mask);
	close((int)r);
	/* A mask size other than the kernel's sigset_t is refused. */
	r = tp_res(syscall(SYS_signalfd, -1, &mask, 4));
	e = own_res(LNR_EVT_SIGNALFD, r, t0);
	CHECK(r == -EINVAL && e && (uint64_t)tp_s64(e, "mask") == mask);

	r = tp_res(syscall(SYS_signalfd4, -1, &mask, sizeof(mask), O_CLOEXEC));
	e = own_res(LNR_EVT_SIGNALFD4, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "fd") == -1);
	CHECK(e && (uint64_t)tp_s64(e, "mask") == mask);
	CHECK(e && tp_s64(e, "flags") == O_CLOEXEC);
	r = tp_res(syscall(SYS_signalfd4, BAD_FD, &mask, sizeof(mask), 0));
	e = own_res(LNR_EVT_SIGNALFD4, r, t0);
	CHECK(r == -EBADF && e && tp_s64(e, "fd") == BAD_FD);
	CHECK(e && tp_s64(e, "flags") == 0);
}

static void test_timerfd_inotify(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_timerfd_create, CLOCK_MONOTONIC, O_CLOEXEC));
	e = own_res(LNR_EVT_TIMERFD_CREATE, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "clockid") == CLOCK_MONOTONIC);
	CHECK(e && tp_s64(e, "flags") == O_CLOEXEC);
	close((int)r);
	r = tp_res(syscall(SYS_timerfd_create, 99, O_NONBLOCK));
	e = own_res(LNR_EVT_TIMERFD_CREATE, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "clockid") == 99);
	CHECK(e && tp_s64(e, "flags") == O_NONBLOCK);

	r = tp_res(syscall(SYS_inotify_init));
	own_res(LNR_EVT_INOTIFY_INIT, r, t0);
	CHECK(r >= 0);
	close((int)r);
	fd_limit_zero(1);
	r = tp_res(syscall(SYS_inotify_init));
	fd_limit_zero(0);
	own_res(LNR_EVT_INOTIFY_INIT, r, t0);
	CHECK(r == -EMFILE);

	r = tp_res(syscall(SYS_inotify_init1, O_CLOEXEC | O_NONBLOCK));
	e = own_res(LNR_EVT_INOTIFY_INIT1, r, t0);
	CHECK(r >= 0 && e && tp_s64(e, "flags") == (O_CLOEXEC | O_NONBLOCK));
	close((int)r);
	r = tp_res(syscall(SYS_inotify_init1, O_WRONLY));
	e = own_res(LNR_EVT_INOTIFY_INIT1, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "flags") == O_WRONLY);
}

static void test_memfd_userfaultfd(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_memfd_create, "lnr-test",
			   MFD_CLOEXEC | MFD_ALLOW_SEALING));
	e = own_res(LNR_EVT_MEMFD_CREATE, r, t0);
	CHECK(r >= 0 && e && tp_str_is(e, "name", "lnr-test"));
	CHECK(e && tp_s64(e, "flags") == (MFD_CLOEXEC | MFD_ALLOW_SEALING));
	close((int)r);
	r = tp_res(syscall(SYS_memfd_create, "lnr-bad", 0x1000));
	e = own_res(LNR_EVT_MEMFD_CREATE, r, t0);
	CHECK(r == -EINVAL && e && tp_str_is(e, "name", "lnr-bad"));
	CHECK(e && tp_s64(e, "flags") == 0x1000);

	/* -EPERM where vm.unprivileged_userfaultfd and the caps forbid. */
	r = tp_res(syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK));
	e = own_res(LNR_EVT_USERFAULTFD, r, t0);
	CHECK(r >= 0 || r == -EPERM);
	CHECK(e && tp_s64(e, "flags") == (O_CLOEXEC | O_NONBLOCK));
	if (r >= 0)
		close((int)r);
	r = tp_res(syscall(SYS_userfaultfd, 0x2));
	e = own_res(LNR_EVT_USERFAULTFD, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "flags") == 0x2);
}

static void check_uring_params(const struct lnr_evt *e,
			       const struct io_uring_params *p)
{
	CHECK(e && (uint32_t)tp_s64(e, "sq_entries") == p->sq_entries);
	CHECK(e && (uint32_t)tp_s64(e, "cq_entries") == p->cq_entries);
	CHECK(e && (uint32_t)tp_s64(e, "flags") == p->flags);
	CHECK(e && (uint32_t)tp_s64(e, "sq_thread_cpu") == p->sq_thread_cpu);
	CHECK(e && (uint32_t)tp_s64(e, "sq_thread_idle") == p->sq_thread_idle);
	CHECK(e && (uint32_t)tp_s64(e, "features") == p->features);
}

static void test_io_uring_setup(void)
{
	struct io_uring_params p = {.flags = IORING_SETUP_CQSIZE,
				    .cq_entries = 16};
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	/* -EPERM where kernel.io_uring_disabled says so. */
	r = tp_res(syscall(SYS_io_uring_setup, 4, &p));
	e = own_res(LNR_EVT_IO_URING_SETUP, r, t0);
	CHECK(r >= 0 || r == -EPERM);
	CHECK(e && tp_s64(e, "entries") == 4);
	CHECK(r < 0 || (p.sq_entries == 4 && p.features != 0));
	check_uring_params(e, &p);
	if (r >= 0)
		close((int)r);

	p = (struct io_uring_params){.sq_thread_idle = 10};
	r = tp_res(syscall(SYS_io_uring_setup, 0, &p));
	e = own_res(LNR_EVT_IO_URING_SETUP, r, t0);
	CHECK(r == -EINVAL || r == -EPERM);
	CHECK(e && tp_s64(e, "entries") == 0);
	check_uring_params(e, &p);
}

/* The next bpf record of this thread with cmd and fd: loading the probe
 * made bpf calls of its own before the test's. */
static const struct lnr_evt *bpf_record(long cmd, long fd, uint64_t t0)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(LNR_EVT_BPF, gettid())))
		if (tp_s64(e, "cmd") == cmd && tp_s64(e, "fd") == fd) {
			tp_check_header(e, gettid(), getpid(), t0);
			return e;
		}
	fprintf(stderr, "  no bpf cmd %ld fd %ld\n", cmd, fd);
	CHECK(0);
	return NULL;
}

static void test_bpf(void)
{
	struct bpf_insn ret0[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	union bpf_attr a = {.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
			    .insns = (uint64_t)(uintptr_t)ret0,
			    .insn_cnt = 2,
			    .license = (uint64_t)(uintptr_t) "GPL"};
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a)));
	e = bpf_record(BPF_PROG_LOAD, r, t0);
	if (r < 0)
		fprintf(stderr, "  BPF_PROG_LOAD of a socket filter: %s\n",
			strerror((int)-r));
	CHECK(r >= 0);
	CHECK(e && tp_s64(e, "prog_type") == BPF_PROG_TYPE_SOCKET_FILTER);
	close((int)r);

	/* Instructions at an address that is not mapped. */
	a.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	a.insns = 0;
	r = tp_res(syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a)));
	e = bpf_record(BPF_PROG_LOAD, r, t0);
	CHECK(r == -EFAULT);
	CHECK(e && tp_s64(e, "prog_type") == BPF_PROG_TYPE_TRACEPOINT);

	/* Another command: no program type. */
	memset(&a, 0, sizeof(a));
	r = tp_res(syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a)));
	e = bpf_record(BPF_MAP_CREATE, r, t0);
	CHECK(r == -EINVAL && e && tp_empty(e, "prog_type"));
}

/* Takes this thread's records of type up to the one whose length is
 * `marker`; fails if one of them has length `never`. */
static const struct lnr_evt *length_until(enum lnr_evt_type type, long marker,
					  long never)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(type, gettid()))) {
		CHECK(tp_s64(e, "length") != never);
		if (tp_s64(e, "length") == marker)
			return e;
	}
	fprintf(stderr, "  no %s of length %ld\n", lnr_events[type].name,
		marker);
	CHECK(0);
	return NULL;
}

static long map(long pages, int prot, int flags, int fd)
{
	return tp_res(
	    syscall(SYS_mmap, 0, pages * getpagesize(), prot, flags, fd, 0));
}

static void test_mmap(void)
{
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	const long pg = getpagesize();
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r, ro;

	r = map(3, PROT_READ | PROT_EXEC, anon, -1);
	e = length_until(LNR_EVT_MMAP, 3 * pg, -1);
	CHECK(r > 0 && e && tp_s64(e, "res") == r);
	if (e)
		tp_check_header(e, gettid(), getpid(), t0);
	CHECK(e && tp_s64(e, "addr") == 0);
	CHECK(e && tp_s64(e, "prot") == (PROT_READ | PROT_EXEC));
	CHECK(e && tp_s64(e, "flags") == anon);
	CHECK(e && tp_s64(e, "fd") == -1 && tp_s64(e, "offset") == 0);
	munmap((void *)r, 3 * pg);

	r = map(4, PROT_EXEC, MAP_PRIVATE, BAD_FD);
	e = length_until(LNR_EVT_MMAP, 4 * pg, -1);
	CHECK(r == -EBADF && e && tp_s64(e, "res") == r);
	CHECK(e && tp_s64(e, "fd") == BAD_FD);
	CHECK(e && tp_s64(e, "prot") == PROT_EXEC);

	/* Not executable: no record before the marker that follows. */
	ro = map(5, PROT_READ, anon, -1);
	r = map(6, PROT_READ | PROT_EXEC, anon, -1);
	CHECK(ro > 0 && r > 0);
	length_until(LNR_EVT_MMAP, 6 * pg, 5 * pg);
	munmap((void *)ro, 5 * pg);
	munmap((void *)r, 6 * pg);
}

static void test_mprotect(void)
{
	const long pg = getpagesize();
	uint64_t t0 = tp_boot_ns();
	long a = map(4, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	const struct lnr_evt *e;
	long r;

	CHECK(a > 0);
	r = tp_res(syscall(SYS_mprotect, a, pg, PROT_READ | PROT_EXEC));
	e = own_res(LNR_EVT_MPROTECT, r, t0);
	CHECK(r == 0 && e && tp_s64(e, "addr") == a);
	CHECK(e && tp_s64(e, "length") == pg);
	CHECK(e && tp_s64(e, "prot") == (PROT_READ | PROT_EXEC));

	/* An address not on a page boundary. */
	r = tp_res(syscall(SYS_mprotect, a + 1, pg, PROT_EXEC));
	e = own_res(LNR_EVT_MPROTECT, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "addr") == a + 1);
	CHECK(e && tp_s64(e, "prot") == PROT_EXEC);

	/* Not executable: no record before the marker. */
	CHECK(syscall(SYS_mprotect, a, 2 * pg, PROT_READ | PROT_WRITE) == 0);
	CHECK(syscall(SYS_mprotect, a, 3 * pg, PROT_EXEC) == 0);
	length_until(LNR_EVT_MPROTECT, 3 * pg, 2 * pg);
	munmap((void *)a, 4 * pg);
}

static struct __user_cap_header_struct cap_hdr = {
    .version = _LINUX_CAPABILITY_VERSION_3};
static long capset_res;
static pid_t capset_tid;
static uint64_t caps_after[3]; /* inheritable, permitted, effective */

static uint64_t cap64(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

/* A thread of its own drops CAP_SYS_BOOT from its effective set: the
 * record must show the sets as they are after the call. */
static void *capset_main(void *arg)
{
	struct __user_cap_data_struct d[2];

	capset_tid = gettid();
	CHECK(syscall(SYS_capget, &cap_hdr, d) == 0);
	d[CAP_TO_INDEX(CAP_SYS_BOOT)].effective &= ~CAP_TO_MASK(CAP_SYS_BOOT);
	capset_res = tp_res(syscall(SYS_capset, &cap_hdr, d));
	CHECK(syscall(SYS_capget, &cap_hdr, d) == 0);
	caps_after[0] = cap64(d[0].inheritable, d[1].inheritable);
	caps_after[1] = cap64(d[0].permitted, d[1].permitted);
	caps_after[2] = cap64(d[0].effective, d[1].effective);
	return NULL;
}

static void check_caps(const struct lnr_evt *e, const uint64_t *caps)
{
	CHECK(e && (uint64_t)tp_s64(e, "cap_inheritable") == caps[0]);
	CHECK(e && (uint64_t)tp_s64(e, "cap_permitted") == caps[1]);
	CHECK(e && (uint64_t)tp_s64(e, "cap_effective") == caps[2]);
}

static void test_capset(void)
{
	struct __user_cap_header_struct bad = {.version = 0x1234};
	struct __user_cap_data_struct d[2];
	uint64_t t0 = tp_boot_ns(), caps[3];
	const struct lnr_evt *e;
	pthread_t th;
	long r;

	CHECK(pthread_create(&th, NULL, capset_main, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(capset_res == 0);
	CHECK(!(caps_after[2] & 1ull << CAP_SYS_BOOT));
	CHECK(caps_after[1] & 1ull << CAP_SYS_BOOT);
	e = tp_wait(LNR_EVT_CAPSET, capset_tid);
	CHECK(e != NULL);
	if (e)
		tp_check_header(e, capset_tid, getpid(), t0);
	CHECK(e && tp_s64(e, "res") == 0);
	check_caps(e, caps_after);

	/* An unknown version: -EINVAL, this thread's sets unchanged. */
	r = tp_res(syscall(SYS_capset, &bad, d));
	e = own_res(LNR_EVT_CAPSET, r, t0);
	CHECK(r == -EINVAL);
	CHECK(syscall(SYS_capget, &cap_hdr, d) == 0);
	caps[0] = cap64(d[0].inheritable, d[1].inheritable);
	caps[1] = cap64(d[0].permitted, d[1].permitted);
	caps[2] = cap64(d[0].effective, d[1].effective);
	check_caps(e, caps);
}

static void test_seccomp(void)
{
	uint32_t action = SECCOMP_RET_KILL_PROCESS;
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action));
	e = own_res(LNR_EVT_SECCOMP, r, t0);
	CHECK(r == 0 && e && tp_s64(e, "op") == SECCOMP_GET_ACTION_AVAIL);
	CHECK(e && tp_s64(e, "flags") == 0);
	/* This operation takes no flags. */
	r = tp_res(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 1, &action));
	e = own_res(LNR_EVT_SECCOMP, r, t0);
	CHECK(r == -EINVAL && e && tp_s64(e, "op") == SECCOMP_GET_ACTION_AVAIL);
	CHECK(e && tp_s64(e, "flags") == 1);
}

static void check_vm(const struct lnr_evt *e, pid_t pid)
{
	CHECK(e && tp_s64(e, "pid") == pid);
	CHECK(e && tp_s64(e, "liovcnt") == 2 && tp_s64(e, "riovcnt") == 1);
}

/* Between two buffers of this process: two local pieces, one remote. */
static void test_process_vm(void)
{
	char src[16] = "lanner-vm-test", dst[16] = "";
	struct iovec local[2] = {{dst, 8}, {dst + 8, 8}};
	struct iovec remote[1] = {{src, sizeof(src)}};
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = tp_res(
	    syscall(SYS_process_vm_readv, getpid(), local, 2, remote, 1, 0));
	e = own_res(LNR_EVT_PROCESS_VM_READV, r, t0);
	CHECK(r == sizeof(src) && strcmp(dst, src) == 0);
	check_vm(e, getpid());
	r = tp_res(
	    syscall(SYS_process_vm_readv, NO_SUCH_PID, local, 2, remote, 1, 0));
	e = own_res(LNR_EVT_PROCESS_VM_READV, r, t0);
	CHECK(r == -ESRCH);
	check_vm(e, NO_SUCH_PID);

	r = tp_res(
	    syscall(SYS_process_vm_writev, getpid(), local, 2, remote, 1, 0));
	e = own_res(LNR_EVT_PROCESS_VM_WRITEV, r, t0);
	CHECK(r == sizeof(src));
	check_vm(e, getpid());
	r = tp_res(syscall(SYS_process_vm_writev, NO_SUCH_PID, local, 2, remote,
			   1, 0));
	e = own_res(LNR_EVT_PROCESS_VM_WRITEV, r, t0);
	CHECK(r == -ESRCH);
	check_vm(e, NO_SUCH_PID);
}

void tp_fds_run(void)
{
	test_dup();
	test_fcntl();
	test_close_range();
	test_pipe();
	test_eventfd();
	test_signalfd();
	test_timerfd_inotify();
	test_memfd_userfaultfd();
	test_io_uring_setup();
	test_bpf();
	test_mmap();
	test_mprotect();
	test_capset();
	test_seccomp();
	test_process_vm();
}
