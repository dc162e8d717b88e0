/*
 * 32-bit syscalls: a 64-bit process entering the kernel through int $0x80
 * uses the ia32 table, as a 32-bit program does. The probe must report
 * those calls as the same events with the same parameters, or an
 * attacker could step around it: files, ids, signals, sockets and fds
 * passed over them. Arguments live below 4 GiB (MAP_32BIT), since i386
 * pointers are 32 bits wide.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "syscall_abi.h"
#include "test_probe_util.h"

/* i386 syscall numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
#define NR32_READ 3
#define NR32_OPEN 5
#define NR32_CLOSE 6
#define NR32_CHMOD 15
#define NR32_SETUID16 23
#define NR32_KILL 37
#define NR32_SETUID32 213
#define NR32_FCNTL64 221
#define NR32_OPENAT 295
#define NR32_SOCKETCALL 102
#define NR32_SOCKET 359
#define NR32_CONNECT 362
#define NR32_SENDMSG 370
#define X32_BIT 0x40000000 /* __X32_SYSCALL_BIT */
#define SC_SOCKET 1	   /* socketcall's calls, <linux/net.h> */
#define SC_CONNECT 3
#define SC_RECVMSG 17

static char *low; /* a page below 4 GiB for the call arguments */

static const char *low_path(const char *name)
{
	snprintf(low, 256, "%s/%s", tp_dir, name);
	return low;
}

static void test_open_close(void)
{
	const struct lnr_evt *e;
	struct stat st;
	uint64_t t0;
	long fd;

	tp_make_file("c32");
	t0 = tp_boot_ns();
	fd =
	    syscall_abi_int80(NR32_OPEN, (long)low_path("c32"), O_RDONLY, 0, 0);
	CHECK(fd >= 0);
	e = tp_own(LNR_EVT_OPEN, t0);
	CHECK(e && tp_s64(e, "fd") == fd);
	CHECK(tp_str_is(e, "name", low));
	CHECK(e && (tp_s64(e, "flags") & O_ACCMODE) == O_RDONLY);
	CHECK(fd >= 0 && fstat((int)fd, &st) == 0);
	CHECK(e && (uint64_t)tp_s64(e, "ino") == st.st_ino);

	CHECK(syscall_abi_int80(NR32_CLOSE, fd, 0, 0, 0) == 0);
	e = tp_own(LNR_EVT_CLOSE, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
}

/*
 * Calls that are no close though a table gives their number to close: a
 * 32-bit read (3, the 64-bit close's number), a 64-bit lstat (6, no
 * event; the 32-bit close's) and a 32-bit close with the x32 bit, which
 * the kernel refuses. With read selected, both tables want 3 and the
 * read is a read; without, only the 64-bit one, and close's program
 * must leave the read out itself.
 */
static void test_other_table(int read_on)
{
	const struct lnr_evt *e;
	struct stat st;
	uint64_t t0;
	int fd = open("/dev/zero", O_RDONLY);

	CHECK(fd >= 0);
	CHECK(tp_select(LNR_EVT_READ, read_on) == 0);
	t0 = tp_boot_ns();
	CHECK(syscall_abi_int80(NR32_READ, fd, (long)low, 1, 0) == 1);
	CHECK(syscall(SYS_lstat, low_path("."), &st) == 0);
	CHECK(syscall_abi_int80(NR32_CLOSE | X32_BIT, fd, 0, 0, 0) == -ENOSYS);
	CHECK(close(fd) == 0);
	e = tp_own(LNR_EVT_CLOSE, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	if (read_on) {
		e = tp_own(LNR_EVT_READ, t0);
		CHECK(e && tp_s64(e, "res") == 1 && tp_s64(e, "fd") == fd);
	}
	CHECK(tp_select(LNR_EVT_READ, 0) == 0);
}

/* The failing form, and a dirfd that is negative as a 32-bit int. */
static void test_openat_fails(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	long r;

	r = syscall_abi_int80(NR32_OPENAT, AT_FDCWD,
			      (long)low_path("missing32"), O_RDONLY, 0);
	CHECK(r == -ENOENT);
	/* Earlier 64-bit openat records of this thread are skipped. */
	e = tp_wait_str(LNR_EVT_OPENAT, "name", low);
	CHECK(e != NULL);
	if (e)
		tp_check_header(e, gettid(), getpid(), t0);
	CHECK(e && tp_s64(e, "fd") == -ENOENT);
	CHECK(e && tp_s64(e, "dirfd") == AT_FDCWD);
}

static void test_chmod(void)
{
	const struct lnr_evt *e;
	uint64_t t0;

	tp_make_file("m32");
	t0 = tp_boot_ns();
	CHECK(syscall_abi_int80(NR32_CHMOD, (long)low_path("m32"), 0640, 0,
				0) == 0);
	e = tp_own(LNR_EVT_CHMOD, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(tp_str_is(e, "filename", low));
	CHECK(e && tp_s64(e, "mode") == 0640);
}

/* fcntl64 is the fcntl event. Its command is in cx: what si holds (here
 * F_GETFD, a command never recorded) must not hide it. */
static void test_fcntl(void)
{
	const char *res = lnr_events[LNR_EVT_FCNTL].params[LNR_PI_RET].name;
	const struct lnr_evt *e;
	int fd = tp_dir_fd();
	uint64_t t0;
	long r;

	t0 = tp_boot_ns();
	r = syscall_abi_int80(NR32_FCNTL64, fd, F_DUPFD_CLOEXEC, 100, F_GETFD);
	CHECK(r >= 100);
	e = tp_own(LNR_EVT_FCNTL, t0);
	CHECK(e && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "cmd") == F_DUPFD_CLOEXEC);
	CHECK(e && tp_s64(e, res) == r);
	if (r >= 0)
		close((int)r);
	close(fd);
}

/* setuid32 and the old 16-bit setuid both are setuid events. */
static void test_setuid(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	CHECK(syscall_abi_int80(NR32_SETUID32, getuid(), 0, 0, 0) == 0);
	e = tp_own(LNR_EVT_SETUID, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "uid") == getuid());

	CHECK(syscall_abi_int80(NR32_SETUID16, getuid() & 0xffff, 0, 0, 0) ==
	      0);
	e = tp_own(LNR_EVT_SETUID, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(e && (uint32_t)tp_s64(e, "uid") == (getuid() & 0xffff));
}

static void test_kill(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	CHECK(syscall_abi_int80(NR32_KILL, getpid(), 0, 0, 0) == 0);
	e = tp_own(LNR_EVT_KILL, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "pid") == getpid() && tp_s64(e, "sig") == 0);

	/* A pid that is negative as a 32-bit int: a process group. */
	CHECK(syscall_abi_int80(NR32_KILL, -0x7ffffff0L & 0xffffffffL, 0, 0,
				0) == -ESRCH);
	e = tp_own(LNR_EVT_KILL, t0);
	CHECK(e && tp_s64(e, "res") == -ESRCH);
	CHECK(e && tp_s64(e, "pid") == -0x7ffffff0L);
}

/* The tuple's destination: 127.0.0.1:port, local end from the kernel. */
static void check_connect_tuple(const struct lnr_evt *e, int fd, int port)
{
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	struct lnr_netaddr na;
	int i = e ? lnr_evt_param_index(e->hdr->type, "tuple") : -1;

	CHECK(i >= 0 && lnr_evt_get_netaddr(e, (unsigned)i, &na) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&me, &len) == 0);
	if (i < 0 || lnr_evt_get_netaddr(e, (unsigned)i, &na) != 0)
		return;
	CHECK(na.family == AF_INET && na.nends == 2);
	CHECK(na.end[0].port == ntohs(me.sin_port));
	CHECK(na.end[1].port == port);
	CHECK(!memcmp(na.end[1].addr, "\x7f\0\0\x01", 4));
}

/* socket and connect through the i386 table, to a listener of ours. */
static void test_socket_connect(void)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)(low + 512);
	struct sockaddr_in srv = {.sin_family = AF_INET};
	socklen_t len = sizeof(srv);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	const struct lnr_evt *e;
	uint64_t t0 = tp_boot_ns();
	long fd;

	srv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&srv, sizeof(srv)) == 0);
	CHECK(listen(lfd, 1) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&srv, &len) == 0);
	fd = syscall_abi_int80(NR32_SOCKET, AF_INET, SOCK_STREAM, 0, 0);
	CHECK(fd >= 0);
	e = tp_own(LNR_EVT_SOCKET, t0);
	CHECK(e && tp_s64(e, "fd") == fd && tp_s64(e, "domain") == AF_INET);
	CHECK(e && tp_s64(e, "type") == SOCK_STREAM);

	memcpy(sin, &srv, sizeof(srv));
	CHECK(syscall_abi_int80(NR32_CONNECT, fd, (long)sin, sizeof(*sin), 0) ==
	      0);
	e = tp_own(LNR_EVT_CONNECT, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	check_connect_tuple(e, (int)fd, ntohs(srv.sin_port));
	close((int)fd);
	close(lfd);
}

/* The same through socketcall, which older 32-bit programs use: one
 * syscall number, the call in bx and its arguments in an array. */
static void test_socketcall(void)
{
	uint32_t *args = (uint32_t *)(void *)(low + 1024);
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)(low + 512);
	struct sockaddr_in srv = {.sin_family = AF_INET};
	socklen_t len = sizeof(srv);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	const struct lnr_evt *e;
	uint64_t t0 = tp_boot_ns();
	long fd;

	srv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&srv, sizeof(srv)) == 0);
	CHECK(listen(lfd, 1) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&srv, &len) == 0);
	args[0] = AF_INET;
	args[1] = SOCK_STREAM;
	args[2] = 0;
	fd = syscall_abi_int80(NR32_SOCKETCALL, SC_SOCKET, (long)args, 0, 0);
	CHECK(fd >= 0);
	e = tp_own(LNR_EVT_SOCKET, t0);
	CHECK(e && tp_s64(e, "fd") == fd && tp_s64(e, "domain") == AF_INET);
	CHECK(e && tp_s64(e, "type") == SOCK_STREAM);

	memcpy(sin, &srv, sizeof(srv));
	args[0] = (uint32_t)fd;
	args[1] = (uint32_t)(uintptr_t)sin;
	args[2] = sizeof(*sin);
	CHECK(syscall_abi_int80(NR32_SOCKETCALL, SC_CONNECT, (long)args, 0,
				0) == 0);
	e = tp_own(LNR_EVT_CONNECT, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	check_connect_tuple(e, (int)fd, ntohs(srv.sin_port));
	close((int)fd);
	close(lfd);
}

/* A 32-bit caller's struct msghdr and struct iovec: 32-bit pointers. */
struct msghdr32 {
	uint32_t name, namelen, iov, iovlen, control, controllen, flags;
};
struct iovec32 {
	uint32_t base, len;
};

static int udp_socket(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)a, sizeof(*a)) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)a, &len) == 0);
	return fd;
}

/* The port at end e of the record's tuple, or -1. */
static int tuple_port(const struct lnr_evt *e, int end)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, "tuple") : -1;
	struct lnr_netaddr na;

	if (i < 0 || lnr_evt_get_netaddr(e, (unsigned)i, &na) != 0 ||
	    na.nends != 2)
		return -1;
	return na.end[end].port;
}

static int bytes_is(const struct lnr_evt *e, const char *name, const void *v,
		    size_t n)
{
	uint16_t len;
	const uint8_t *p = tp_param(e, name, &len);

	return p && len == n && memcmp(p, v, n) == 0;
}

/* sendmsg directly and recvmsg through socketcall, with 32-bit headers:
 * the size from the 32-bit iovecs, the peer from the 32-bit name. */
static void test_msg(void)
{
	struct msghdr32 *m = (struct msghdr32 *)(void *)(low + 1536);
	struct iovec32 *iov = (struct iovec32 *)(void *)(low + 1600);
	struct sockaddr_in *name = (struct sockaddr_in *)(void *)(low + 1664);
	uint32_t *args = (uint32_t *)(void *)(low + 1024);
	char *data = low + 1700;
	struct sockaddr_in a, b;
	int fa = udp_socket(&a), fb = udp_socket(&b);
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	memcpy(data, "abc", 3);
	memcpy(name, &b, sizeof(b));
	*iov = (struct iovec32){(uint32_t)(uintptr_t)data, 3};
	*m = (struct msghdr32){.name = (uint32_t)(uintptr_t)name,
			       .namelen = sizeof(b),
			       .iov = (uint32_t)(uintptr_t)iov,
			       .iovlen = 1};
	CHECK(syscall_abi_int80(NR32_SENDMSG, fa, (long)m, 0, 0) == 3);
	e = tp_own(LNR_EVT_SENDMSG, t0);
	CHECK(e && tp_s64(e, "res") == 3 && tp_s64(e, "size") == 3);
	CHECK(tuple_port(e, 1) == ntohs(b.sin_port));

	memset(name, 0, sizeof(*name));
	*iov = (struct iovec32){(uint32_t)(uintptr_t)data, 16};
	m->namelen = sizeof(*name);
	args[0] = (uint32_t)fb;
	args[1] = (uint32_t)(uintptr_t)m;
	args[2] = 0;
	CHECK(syscall_abi_int80(NR32_SOCKETCALL, SC_RECVMSG, (long)args, 0,
				0) == 3);
	e = tp_own(LNR_EVT_RECVMSG, t0);
	CHECK(e && tp_s64(e, "res") == 3 && tp_s64(e, "size") == 16);
	CHECK(tuple_port(e, 0) == ntohs(a.sin_port));
	close(fa);
	close(fb);
}

/* recvmsg through socketcall with a 32-bit control buffer: the
 * credentials, then the fds, each with a 12-byte head. */
static void test_msg_fds(void)
{
	struct msghdr32 *m = (struct msghdr32 *)(void *)(low + 2048);
	struct iovec32 *iov = (struct iovec32 *)(void *)(low + 2112);
	uint32_t *args = (uint32_t *)(void *)(low + 1024);
	uint8_t *ctl = (uint8_t *)low + 2176;
	int32_t got[2] = {-1, -1}, sent[2] = {-1, -1};
	int pair[2], on = 1;
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	struct lnr_rfd r[2];
	uint16_t len;
	const uint8_t *p;

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) == 0);
	CHECK(tp_own(LNR_EVT_SOCKETPAIR, t0) != NULL); /* not net's */
	CHECK(setsockopt(pair[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) ==
	      0);
	sent[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	sent[1] = pair[0];
	tp_send_fds(pair[0], sent, 2);
	*iov = (struct iovec32){(uint32_t)(uintptr_t)(low + 2128), 8};
	*m = (struct msghdr32){.iov = (uint32_t)(uintptr_t)iov,
			       .iovlen = 1,
			       .control = (uint32_t)(uintptr_t)ctl,
			       .controllen = 64};
	args[0] = (uint32_t)pair[1];
	args[1] = (uint32_t)(uintptr_t)m;
	args[2] = 0;
	CHECK(syscall_abi_int80(NR32_SOCKETCALL, SC_RECVMSG, (long)args, 0,
				0) == 1);
	/* 12-byte head and 12 bytes of credentials, then the fds' head. */
	CHECK(m->controllen == 24 + 20 && ctl[24 + 8] == SCM_RIGHTS);
	memcpy(got, ctl + 24 + 12, sizeof(got));
	e = tp_own(LNR_EVT_RECVMSG, t0);
	p = tp_param(e, "fds", &len);
	CHECK(p && len == sizeof(r));
	if (p && len == sizeof(r)) {
		memcpy(r, p, sizeof(r));
		CHECK(r[0].fd == got[0] && r[1].fd == got[1]);
		CHECK(S_ISCHR(r[0].mode) && r[1].family == AF_UNIX);
	}
	CHECK(e && bytes_is(e, "fdnames", "/dev/null\0", 11));
	for (int i = 0; i < 2; i++) {
		close(got[i]);
		close(sent[i]);
	}
	close(pair[1]);
}

void tp_compat_run(void)
{
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	CHECK(low != MAP_FAILED);
	if (low == MAP_FAILED)
		return;
	if (syscall_abi_ia32() != 1) {
		printf("SKIP: no 32-bit syscall emulation in this kernel\n");
		munmap(low, 4096);
		return;
	}
	if (tp_hooks_tracepoint()) {
		printf("SKIP: 32-bit calls reach no syscall tracepoint\n");
		munmap(low, 4096);
		return;
	}
	test_open_close();
	test_other_table(0);
	test_other_table(1);
	test_openat_fails();
	test_chmod();
	test_fcntl();
	test_setuid();
	test_kill();
	test_socket_connect();
	test_socketcall();
	test_msg();
	test_msg_fds();
	munmap(low, 4096);
}
