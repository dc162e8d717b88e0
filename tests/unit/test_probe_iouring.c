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
#include <unistd.h>

#include <liburing.h>

#include "check.h"
#include "test_probe_util.h"

/* The kernel's O_LARGEFILE, which glibc defines as 0 on x86_64. */
#define KERNEL_O_LARGEFILE 0100000

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
	io_uring_queue_exit(&ring);
}
