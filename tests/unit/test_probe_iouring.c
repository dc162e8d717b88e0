/*
 * io_uring operations: submitted through liburing, never through the
 * syscalls they stand for, they must still arrive as events of that
 * syscall's name and parameters, naming the submitting thread, also when
 * a kernel worker thread completes them (IOSQE_ASYNC).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <liburing.h>

#include "check.h"
#include "test_probe_util.h"

/* The kernel's O_LARGEFILE, which glibc defines as 0 on x86_64. */
#define KERNEL_O_LARGEFILE 0100000

/* Opcodes Debian 12's liburing 2.3 does not name, from the kernel's
 * uapi (include/uapi/linux/io_uring.h); their numbers never change. */
#define OP_FTRUNCATE 55 /* 6.9 */
#define OP_BIND 56	/* 6.11 */
#define OP_LISTEN 57	/* 6.11 */

static struct io_uring ring;

/* Submits the one prepared entry and returns its result. */
static int submit(struct io_uring_sqe *sqe, unsigned flags)
{
	struct io_uring_cqe *cqe;
	int res;

	io_uring_sqe_set_flags(sqe, flags);
	CHECK(io_uring_submit(&ring) == 1);
	if (io_uring_wait_cqe(&ring, &cqe))
		return -EIO;
	res = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	return res;
}

/* The record of this operation, found by a path parameter. */
static const struct lnr_evt *
iou_record(enum lnr_evt_type type, const char *name, const char *v, uint64_t t0)
{
	const struct lnr_evt *e = tp_wait_str(type, name, v);

	CHECK(e != NULL);
	if (e) {
		tp_check_header(e, gettid(), getpid(), t0);
		CHECK(e->info->kind == LNR_KIND_IOURING);
	}
	return e;
}

/* openat and close, inline or forced onto a kernel worker. */
static void test_open_close(const char *name, unsigned flags)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char path[128];
	struct stat st;
	int fd;

	tp_make_file(name);
	tp_in_dir(path, name);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	fd = submit(sqe, flags);
	CHECK(fd >= 0);
	e = iou_record(LNR_EVT_IOU_OPENAT, "name", path, t0);
	CHECK(!strcmp(lnr_events[LNR_EVT_IOU_OPENAT].name, "openat"));
	CHECK(e && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "dirfd") == AT_FDCWD);
	/* The flags as the kernel prepared them: it adds O_LARGEFILE. */
	CHECK(e && (tp_s64(e, "flags") & ~KERNEL_O_LARGEFILE) ==
		       (O_RDONLY | O_CLOEXEC));
	CHECK(fd >= 0 && fstat(fd, &st) == 0);
	CHECK(e && (uint64_t)tp_s64(e, "ino") == st.st_ino);
	CHECK(e && (uint64_t)tp_s64(e, "dev") == st.st_dev);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_close(sqe, fd);
	CHECK(submit(sqe, flags) == 0);
	for (e = tp_wait(LNR_EVT_IOU_CLOSE, gettid());
	     e && tp_s64(e, "fd") != fd;
	     e = tp_wait(LNR_EVT_IOU_CLOSE, gettid()))
		;
	CHECK(e && tp_s64(e, "res") == 0);
}

static void test_open_fails(void)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char path[128];

	tp_in_dir(path, "iou_missing");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, path, O_RDONLY, 0);
	CHECK(submit(sqe, 0) == -ENOENT);
	e = iou_record(LNR_EVT_IOU_OPENAT, "name", path, t0);
	CHECK(e && tp_s64(e, "fd") == -ENOENT);
}

static void test_openat2(void)
{
	struct open_how how = {.flags = O_WRONLY | O_CREAT,
			       .mode = 0600,
			       .resolve = RESOLVE_NO_SYMLINKS};
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int dfd = tp_dir_fd(), fd;

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat2(sqe, dfd, "iou_o2", &how);
	fd = submit(sqe, 0);
	CHECK(fd >= 0);
	e = iou_record(LNR_EVT_IOU_OPENAT2, "name", "iou_o2", t0);
	CHECK(e && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "dirfd") == dfd);
	CHECK(e && (tp_s64(e, "flags") & ~KERNEL_O_LARGEFILE) ==
		       (O_WRONLY | O_CREAT));
	CHECK(e && tp_s64(e, "mode") == 0600);
	CHECK(e && tp_s64(e, "resolve") == RESOLVE_NO_SYMLINKS);
	if (fd >= 0)
		close(fd);
	close(dfd);
}

/* mkdirat, symlinkat, linkat, renameat and unlinkat on the test's folder. */
static void test_dir_ops(void)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int dfd = tp_dir_fd();

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_mkdirat(sqe, dfd, "iou_d", 0750);
	CHECK(submit(sqe, 0) == 0);
	e = iou_record(LNR_EVT_IOU_MKDIRAT, "path", "iou_d", t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "dirfd") == dfd);
	CHECK(e && tp_s64(e, "mode") == 0750);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_symlinkat(sqe, "/etc/shadow", dfd, "iou_sl");
	CHECK(submit(sqe, 0) == 0);
	e = iou_record(LNR_EVT_IOU_SYMLINKAT, "linkpath", "iou_sl", t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(tp_str_is(e, "target", "/etc/shadow"));
	CHECK(e && tp_s64(e, "linkdirfd") == dfd);

	tp_make_file("iou_src");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_linkat(sqe, dfd, "iou_src", dfd, "iou_hl", 0);
	CHECK(submit(sqe, 0) == 0);
	e = iou_record(LNR_EVT_IOU_LINKAT, "newpath", "iou_hl", t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(tp_str_is(e, "oldpath", "iou_src"));
	CHECK(e && tp_s64(e, "olddir") == dfd && tp_s64(e, "newdir") == dfd);
	CHECK(e && tp_s64(e, "flags") == 0);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_renameat(sqe, dfd, "iou_hl", dfd, "iou_mv",
			       RENAME_NOREPLACE);
	CHECK(submit(sqe, 0) == 0);
	e = iou_record(LNR_EVT_IOU_RENAMEAT, "newpath", "iou_mv", t0);
	CHECK(e && !strcmp(e->info->name, "renameat2"));
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(tp_str_is(e, "oldpath", "iou_hl"));
	CHECK(e && tp_s64(e, "flags") == RENAME_NOREPLACE);

	/* The failing form: a directory without AT_REMOVEDIR. */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_unlinkat(sqe, dfd, "iou_d", 0);
	CHECK(submit(sqe, 0) == -EISDIR);
	e = iou_record(LNR_EVT_IOU_UNLINKAT, "name", "iou_d", t0);
	CHECK(e && tp_s64(e, "res") == -EISDIR && tp_s64(e, "flags") == 0);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_unlinkat(sqe, dfd, "iou_d", AT_REMOVEDIR);
	CHECK(submit(sqe, 0) == 0);
	e = iou_record(LNR_EVT_IOU_UNLINKAT, "name", "iou_d", t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "flags") == AT_REMOVEDIR);

	unlinkat(dfd, "iou_sl", 0);
	unlinkat(dfd, "iou_mv", 0);
	unlinkat(dfd, "iou_src", 0);
	unlinkat(dfd, "iou_o2", 0);
	close(dfd);
}

static int port_of(const struct lnr_evt *e, const char *name, int end)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, name) : -1;
	struct lnr_netaddr na;

	if (i < 0 || lnr_evt_get_netaddr(e, (unsigned)i, &na) != 0 ||
	    na.family != AF_INET || end >= (na.nends ? na.nends : 1))
		return -1;
	return na.end[end].port;
}

/* socket, connect and accept, all through io_uring: a reverse shell's
 * calls, never seen by the syscall hooks. */
static void test_net(void)
{
	struct sockaddr_in srv = {.sin_family = AF_INET}, me;
	socklen_t len = sizeof(srv);
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int lfd, fd, afd;

	srv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&srv, sizeof(srv)) == 0);
	CHECK(listen(lfd, 4) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&srv, &len) == 0);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_socket(sqe, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	fd = submit(sqe, 0);
	CHECK(fd >= 0);
	e = tp_own(LNR_EVT_IOU_SOCKET, t0);
	CHECK(e && e->info->kind == LNR_KIND_IOURING);
	CHECK(e && tp_s64(e, "fd") == fd && tp_s64(e, "domain") == AF_INET);
	CHECK(e && tp_s64(e, "type") == (SOCK_STREAM | SOCK_CLOEXEC));
	CHECK(e && tp_s64(e, "flags") == SOCK_CLOEXEC);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_connect(sqe, fd, (struct sockaddr *)&srv, sizeof(srv));
	CHECK(submit(sqe, 0) == 0);
	e = tp_own(LNR_EVT_IOU_CONNECT, t0);
	len = sizeof(me);
	CHECK(getsockname(fd, (struct sockaddr *)&me, &len) == 0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	CHECK(port_of(e, "addr", 0) == ntohs(srv.sin_port));
	CHECK(port_of(e, "tuple", 0) == ntohs(me.sin_port));
	CHECK(port_of(e, "tuple", 1) == ntohs(srv.sin_port));

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_accept(sqe, lfd, NULL, NULL, SOCK_CLOEXEC);
	afd = submit(sqe, 0);
	CHECK(afd >= 0);
	e = tp_own(LNR_EVT_IOU_ACCEPT, t0);
	CHECK(e && tp_s64(e, "fd") == afd);
	CHECK(port_of(e, "tuple", 0) == ntohs(me.sin_port));
	CHECK(port_of(e, "tuple", 1) == ntohs(srv.sin_port));
	CHECK(e && tp_s64(e, "queuemax") == 4);
	CHECK(e && tp_s64(e, "flags") == SOCK_CLOEXEC);

	/* The failing form: connecting where nobody listens. */
	close(lfd);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_connect(sqe, afd, (struct sockaddr *)&srv, sizeof(srv));
	CHECK(submit(sqe, 0) < 0);
	close(afd);
	close(fd);
}

/* A multishot accept posts a completion per connection, each an event
 * with its own descriptor. */
static void test_multishot_accept(void)
{
	struct sockaddr_in srv = {.sin_family = AF_INET};
	socklen_t len = sizeof(srv);
	uint64_t t0 = tp_boot_ns();
	struct io_uring_cqe *cqe;
	const struct lnr_evt *e;
	int lfd, c[2], a[2] = {-1, -1};

	srv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&srv, sizeof(srv)) == 0);
	CHECK(listen(lfd, 4) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&srv, &len) == 0);
	io_uring_prep_multishot_accept(io_uring_get_sqe(&ring), lfd, NULL, NULL,
				       SOCK_CLOEXEC);
	CHECK(io_uring_submit(&ring) == 1);
	for (int i = 0; i < 2; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		CHECK(c[i] >= 0 &&
		      connect(c[i], (struct sockaddr *)&srv, sizeof(srv)) == 0);
		struct __kernel_timespec ts = {.tv_sec = 5};

		cqe = NULL;
		CHECK(io_uring_wait_cqe_timeout(&ring, &cqe, &ts) == 0);
		if (cqe) {
			a[i] = cqe->res;
			CHECK(cqe->flags & IORING_CQE_F_MORE);
			io_uring_cqe_seen(&ring, cqe);
		}
	}
	CHECK(a[0] >= 0 && a[1] >= 0 && a[0] != a[1]);
	for (int i = 0; i < 2; i++) {
		e = tp_own(LNR_EVT_IOU_ACCEPT, t0);
		CHECK(e && tp_s64(e, "fd") == a[i]);
	}
	/* Cancelling it posts its last completion, and the cancel's own. */
	io_uring_prep_cancel_fd(io_uring_get_sqe(&ring), lfd, 0);
	CHECK(io_uring_submit(&ring) == 1);
	for (int i = 0; i < 2; i++) {
		struct __kernel_timespec ts = {.tv_sec = 5};

		cqe = NULL;
		CHECK(io_uring_wait_cqe_timeout(&ring, &cqe, &ts) == 0);
		if (cqe)
			io_uring_cqe_seen(&ring, cqe);
	}
	for (int i = 0; i < 2; i++) {
		close(c[i]);
		close(a[i]);
	}
	close(lfd);
}

/* The address of a bind or connect record, with the port asked for. */
static int addr_is(const struct lnr_evt *e, const struct sockaddr_in *sin)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, "addr") : -1;
	struct lnr_netaddr na;

	return i >= 0 && lnr_evt_get_netaddr(e, (unsigned)i, &na) == 0 &&
	       na.family == AF_INET && na.nends == 1 &&
	       !memcmp(na.end[0].addr, &sin->sin_addr, 4) &&
	       na.end[0].port == ntohs(sin->sin_port);
}

/* A loopback port nobody holds, found by binding port 0 and letting go. */
static struct sockaddr_in free_port(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&sin, &len) == 0);
	close(fd);
	return sin;
}

static int iou_socket(int domain)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	io_uring_prep_socket(sqe, domain, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	return submit(sqe, 0);
}

static int iou_bind(int fd, const void *sa, socklen_t len)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	/* The length goes in addr2, which shares its place with off. */
	io_uring_prep_rw(OP_BIND, sqe, fd, sa, 0, len);
	return submit(sqe, 0);
}

static int iou_listen(int fd, int backlog)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	io_uring_prep_rw(OP_LISTEN, sqe, fd, NULL, (unsigned)backlog, 0);
	return submit(sqe, 0);
}

/* A bind shell made through io_uring alone: socket, bind, listen and
 * accept. The failing forms: an address in use, and listen on a
 * descriptor that is no socket. */
static void test_bind_listen(void)
{
	struct sockaddr_in sin = free_port(), me;
	socklen_t len = sizeof(me);
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int lfd, cfd, afd, fd2, dfd, r;

	lfd = iou_socket(AF_INET);
	CHECK(lfd >= 0);
	r = iou_bind(lfd, &sin, sizeof(sin));
	if (r == -EINVAL) { /* how a kernel answers an opcode it lacks */
		tp_not_here(LNR_EVT_IOU_BIND, "IORING_OP_BIND needs 6.11");
		tp_not_here(LNR_EVT_IOU_LISTEN, "IORING_OP_LISTEN needs 6.11");
		close(lfd);
		return;
	}
	CHECK(r == 0);
	e = tp_own(LNR_EVT_IOU_BIND, t0);
	CHECK(e && e->info->kind == LNR_KIND_IOURING);
	CHECK(e && !strcmp(e->info->name, "bind"));
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == lfd);
	CHECK(addr_is(e, &sin));

	CHECK(iou_listen(lfd, 7) == 0);
	e = tp_own(LNR_EVT_IOU_LISTEN, t0);
	CHECK(e && !strcmp(e->info->name, "listen"));
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == lfd);
	CHECK(e && tp_s64(e, "backlog") == 7);

	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(cfd >= 0 &&
	      connect(cfd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CHECK(getsockname(cfd, (struct sockaddr *)&me, &len) == 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_accept(sqe, lfd, NULL, NULL, 0);
	afd = submit(sqe, 0);
	CHECK(afd >= 0);
	e = tp_own(LNR_EVT_IOU_ACCEPT, t0);
	CHECK(e && tp_s64(e, "fd") == afd && tp_s64(e, "queuemax") == 7);
	CHECK(port_of(e, "tuple", 0) == ntohs(me.sin_port));
	CHECK(port_of(e, "tuple", 1) == ntohs(sin.sin_port));

	/* Failing forms, reported with their arguments all the same. */
	fd2 = iou_socket(AF_INET);
	CHECK(fd2 >= 0);
	CHECK(iou_bind(fd2, &sin, sizeof(sin)) == -EADDRINUSE);
	e = tp_own(LNR_EVT_IOU_BIND, t0);
	CHECK(e && tp_s64(e, "res") == -EADDRINUSE);
	CHECK(e && tp_s64(e, "fd") == fd2 && addr_is(e, &sin));
	dfd = tp_dir_fd();
	CHECK(iou_listen(dfd, -1) == -ENOTSOCK);
	e = tp_own(LNR_EVT_IOU_LISTEN, t0);
	CHECK(e && tp_s64(e, "res") == -ENOTSOCK && tp_s64(e, "fd") == dfd);
	CHECK(e && tp_s64(e, "backlog") == -1);
	close(dfd);
	close(fd2);
	close(afd);
	close(cfd);
	close(lfd);
}

/* A unix socket bound through io_uring: its path, from the kernel's copy
 * of the address. */
static void test_bind_unix(void)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	struct lnr_netaddr na;
	char path[128];
	int fd, i, r;

	tp_in_dir(path, "iou_sock");
	CHECK(strlen(path) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = iou_socket(AF_UNIX);
	CHECK(fd >= 0);
	r = iou_bind(fd, &sun, sizeof(sun));
	if (r == -EINVAL) { /* test_bind_listen said why */
		close(fd);
		return;
	}
	CHECK(r == 0);
	e = tp_own(LNR_EVT_IOU_BIND, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	i = e ? lnr_evt_param_index(e->hdr->type, "addr") : -1;
	CHECK(i >= 0 && lnr_evt_get_netaddr(e, (unsigned)i, &na) == 0);
	CHECK(i >= 0 && na.family == AF_UNIX && na.path &&
	      !strcmp(na.path, sun.sun_path));
	close(fd);
	unlink(sun.sun_path);
}

/* ftruncate through io_uring, and its failing form (a negative length). */
static int iou_ftruncate(int fd, int64_t length)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	io_uring_prep_rw(OP_FTRUNCATE, sqe, fd, NULL, 0, (__u64)length);
	return submit(sqe, 0);
}

static void test_ftruncate(void)
{
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	char path[128];
	struct stat st;
	int fd, r;

	tp_make_file("iou_trunc");
	fd = open(tp_in_dir(path, "iou_trunc"), O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0);
	r = iou_ftruncate(fd, 12345);
	if (r == -EINVAL) { /* how a kernel answers an opcode it lacks */
		tp_not_here(LNR_EVT_IOU_FTRUNCATE,
			    "IORING_OP_FTRUNCATE needs 6.9");
		goto out;
	}
	CHECK(r == 0 && fstat(fd, &st) == 0 && st.st_size == 12345);
	e = tp_own(LNR_EVT_IOU_FTRUNCATE, t0);
	CHECK(e && !strcmp(e->info->name, "ftruncate"));
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "length") == 12345);
	CHECK(tp_str_is(e, "fdpath", path));

	CHECK(iou_ftruncate(fd, -1) == -EINVAL);
	e = tp_own(LNR_EVT_IOU_FTRUNCATE, t0);
	CHECK(e && tp_s64(e, "res") == -EINVAL);
	CHECK(e && tp_s64(e, "fd") == fd && tp_s64(e, "length") == -1);
out:
	close(fd);
	unlink(path);
}

/* shutdown through io_uring (the kernel runs it on a worker thread),
 * and on a socket with no connection. */
static void test_shutdown(void)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int sv[2], fd;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_shutdown(sqe, sv[0], SHUT_WR);
	CHECK(submit(sqe, 0) == 0);
	e = tp_own(LNR_EVT_IOU_SHUTDOWN, t0);
	CHECK(e && !strcmp(e->info->name, "shutdown"));
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "fd") == sv[0]);
	CHECK(e && tp_s64(e, "how") == SHUT_WR);

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_shutdown(sqe, fd, SHUT_RDWR);
	CHECK(submit(sqe, 0) == -ENOTCONN);
	e = tp_own(LNR_EVT_IOU_SHUTDOWN, t0);
	CHECK(e && tp_s64(e, "res") == -ENOTCONN && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "how") == SHUT_RDWR);
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

/* Submits sqe with IOSQE_CQE_SKIP_SUCCESS and a nop linked after it, so
 * the nop runs once the operation is done (on a kernel worker, if it went
 * there); the only completion must be the nop's: the operation succeeded
 * unreported. */
static void submit_unreported(struct io_uring_sqe *sqe)
{
	struct io_uring_cqe *cqe;

	io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS | IOSQE_IO_LINK);
	io_uring_sqe_set_data64(sqe, 1);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 2);
	CHECK(io_uring_submit(&ring) == 2);
	CHECK(io_uring_wait_cqe(&ring, &cqe) == 0);
	CHECK(cqe && cqe->user_data == 2);
	io_uring_cqe_seen(&ring, cqe);
}

/*
 * A success that posts no completion is still an event: it comes from
 * submission, as the success it is; an open's descriptor is not known
 * then (-EINPROGRESS), so the state takes none.
 */
static void test_skip_success(void)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int dfd = tp_dir_fd();
	struct stat st;
	char path[128];

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_mkdirat(sqe, dfd, "iou_skip", 0700);
	submit_unreported(sqe);
	CHECK(stat(tp_in_dir(path, "iou_skip"), &st) == 0 &&
	      S_ISDIR(st.st_mode));
	e = iou_record(LNR_EVT_IOU_MKDIRAT, "path", "iou_skip", t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "mode") == 0700);
	CHECK(e && tp_s64(e, "dirfd") == dfd);
	rmdir(path);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, dfd, "iou_skip_f",
			     O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	submit_unreported(sqe);
	CHECK(stat(tp_in_dir(path, "iou_skip_f"), &st) == 0);
	e = iou_record(LNR_EVT_IOU_OPENAT, "name", "iou_skip_f", t0);
	CHECK(e && tp_s64(e, "fd") == -EINPROGRESS);
	unlink(path);
	close(dfd);
}

void tp_iouring_run(void)
{
	int r = io_uring_queue_init(8, &ring, 0);

	if (r == -ENOSYS || r == -EPERM) {
		printf("SKIP: io_uring is not available here (%s)\n",
		       strerror(-r));
		return;
	}
	CHECK(r == 0);
	if (r)
		return;
	test_open_close("iou_inline", 0);
	test_open_close("iou_async", IOSQE_ASYNC);
	test_open_fails();
	test_openat2();
	test_dir_ops();
	test_net();
	test_bind_listen();
	test_bind_unix();
	test_ftruncate();
	test_shutdown();
	test_skip_success();
	test_multishot_accept();
	io_uring_queue_exit(&ring);
}
